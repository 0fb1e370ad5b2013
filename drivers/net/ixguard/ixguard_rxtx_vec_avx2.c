/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * AVX2 receive: 8 descriptors per step (built with -mavx2, chosen at
 * start only when the CPU has AVX2 and the EAL allows 256-bit vectors).
 * Descriptors i and i + 4 share a 256-bit register, so each 128-bit half
 * is the SSE layout of 4 descriptors: the checks run on 8 lanes at once
 * and the mbufs are filled by the SSE helpers, half by half.  The rules
 * (fast check, hand-over to the scalar code) are those of
 * ixguard_rxtx_vec.h.
 */

#include <rte_common.h>
#include <rte_vect.h>
#include <ethdev_driver.h>

#include "ixguard_qguard.h"
#include "ixguard_rxtx.h"
#include "ixguard_rxtx_common.h"
#include "ixguard_rxtx_vec.h"
#include "ixguard_rxtx_vec_rx.h"

static __rte_always_inline __m256i
load2(volatile union ix_adv_rx_desc *ring, uint16_t lo, uint16_t hi)
{
	__m128i a = _mm_load_si128((const __m128i *)(uintptr_t)&ring[lo]);
	__m128i b = _mm_load_si128((const __m128i *)(uintptr_t)&ring[hi]);

	return _mm256_inserti128_si256(_mm256_castsi128_si256(a), b, 1);
}

static __rte_always_inline void
half(struct ixguard_vec_wb4 *w, __m256i dw0, __m256i dw1, __m256i st,
     __m256i dw3, const int hi)
{
	if (hi) {
		w->dw0 = _mm256_extracti128_si256(dw0, 1);
		w->dw1 = _mm256_extracti128_si256(dw1, 1);
		w->st = _mm256_extracti128_si256(st, 1);
		w->dw3 = _mm256_extracti128_si256(dw3, 1);
	} else {
		w->dw0 = _mm256_castsi256_si128(dw0);
		w->dw1 = _mm256_castsi256_si128(dw1);
		w->st = _mm256_castsi256_si128(st);
		w->dw3 = _mm256_castsi256_si128(dw3);
	}
}

/* As rx_step_sse() (ixguard_rxtx_vec_sse.c), 8 lanes. */
static __rte_always_inline unsigned int
rx_step_avx2(struct ixguard_rx_queue *rxq, const struct ixguard_vec_rxc *c,
	     const uint16_t *idx, unsigned int lim, struct rte_mbuf **fresh,
	     struct rte_mbuf **pkts, int *stop, const bool shadow)
{
	volatile union ix_adv_rx_desc *ring = rxq->ring;
	struct rte_mbuf **sw = rxq->sw_ring;
	const __m256i st_mask = _mm256_set1_epi32((int)(IX_RXD_STAT_DD |
		IX_RXD_STAT_EOP | IX_RXD_ERR_RXE | IX_RXD_STAT_RSV_MASK |
		IX_RXD_ERR_RSV_MASK));
	const __m256i st_want = _mm256_set1_epi32((int)(IX_RXD_STAT_DD |
							IX_RXD_STAT_EOP));
	const __m256i dd = _mm256_set1_epi32((int)IX_RXD_STAT_DD);
	const __m256i lo_bad = _mm256_set1_epi32((int)(IX_RXDADV_RSCCNT_MASK |
		IX_RXDADV_HDRLEN_MASK | IX_RXDADV_SPH));
	const __m256i zero = _mm256_setzero_si256();
	/* Lanes in ring order without a wrap (all but one step a lap). */
	const bool contig = idx[7] == idx[0] + 7;
	struct rte_mbuf *lanes[8], **m;
	struct ixguard_vec_wb4 w;
	__m256i v04, v15, v26, v37, lo01, lo23, hi01, hi23;
	__m256i dw0, dw1, st, dw3, len, ok, p0145, p2367, forged;
	unsigned int i, gbits, dbits, k;

	/* Shadow mode: mbufs of the burst (their frames are copied). */
	if (shadow) {
		m = fresh;
	} else if (contig) {
		m = &sw[idx[0]];
	} else {
		for (i = 0; i < 8; i++)
			lanes[i] = sw[idx[i]];
		m = lanes;
	}
	/* One load per descriptor; only these copies are used. */
	v04 = load2(ring, idx[0], idx[4]);
	v15 = load2(ring, idx[1], idx[5]);
	v26 = load2(ring, idx[2], idx[6]);
	v37 = load2(ring, idx[3], idx[7]);
	rte_compiler_barrier();

	lo01 = _mm256_unpacklo_epi32(v04, v15);
	lo23 = _mm256_unpacklo_epi32(v26, v37);
	hi01 = _mm256_unpackhi_epi32(v04, v15);
	hi23 = _mm256_unpackhi_epi32(v26, v37);
	dw0 = _mm256_unpacklo_epi64(lo01, lo23);
	dw1 = _mm256_unpackhi_epi64(lo01, lo23);
	st = _mm256_unpacklo_epi64(hi01, hi23);
	dw3 = _mm256_unpackhi_epi64(hi01, hi23);

	len = _mm256_and_si256(dw3, _mm256_set1_epi32(0xffff));
	ok = _mm256_cmpeq_epi32(_mm256_and_si256(st, st_mask), st_want);
	ok = _mm256_and_si256(ok, _mm256_cmpeq_epi32(
		_mm256_and_si256(dw0, lo_bad), zero));
	ok = _mm256_and_si256(ok, _mm256_cmpgt_epi32(len, zero));
	ok = _mm256_and_si256(ok, _mm256_cmpgt_epi32(
		_mm256_broadcastsi128_si256(c->len_lim1), len));

	/* Posted addresses, lanes [0 1 | 4 5] and [2 3 | 6 7]. */
	if (!shadow && contig) {
		/* ixguard_rx_posted_iova() of 8 lanes at once. */
		const __m256i *a = rxq->iova_off != 0 ?
			(const __m256i *)m :
			(const __m256i *)&rxq->sw_iova[idx[0]];
		const __m256i off = _mm256_set1_epi64x(rxq->iova_off);
		__m256i p0123 = _mm256_add_epi64(_mm256_loadu_si256(a), off);
		__m256i p4567 = _mm256_add_epi64(_mm256_loadu_si256(a + 1),
						 off);

		p0145 = _mm256_permute2x128_si256(p0123, p4567, 0x20);
		p2367 = _mm256_permute2x128_si256(p0123, p4567, 0x31);
	} else {
		p0145 = _mm256_set_epi64x(
			IXGUARD_VEC_POSTED(rxq, idx, 5, shadow),
			IXGUARD_VEC_POSTED(rxq, idx, 4, shadow),
			IXGUARD_VEC_POSTED(rxq, idx, 1, shadow),
			IXGUARD_VEC_POSTED(rxq, idx, 0, shadow));
		p2367 = _mm256_set_epi64x(
			IXGUARD_VEC_POSTED(rxq, idx, 7, shadow),
			IXGUARD_VEC_POSTED(rxq, idx, 6, shadow),
			IXGUARD_VEC_POSTED(rxq, idx, 3, shadow),
			IXGUARD_VEC_POSTED(rxq, idx, 2, shadow));
	}
	forged = _mm256_packs_epi32(
		_mm256_cmpeq_epi64(_mm256_unpacklo_epi64(v04, v15), p0145),
		_mm256_cmpeq_epi64(_mm256_unpacklo_epi64(v26, v37), p2367));
	ok = _mm256_andnot_si256(forged, ok);

	gbits = (unsigned int)_mm256_movemask_ps(_mm256_castsi256_ps(ok));
	dbits = (unsigned int)_mm256_movemask_ps(_mm256_castsi256_ps(
		_mm256_cmpeq_epi32(_mm256_and_si256(st, dd), dd)));
	k = ixguard_vec_good_lanes(gbits, dbits, lim, stop);
	if (k == 0)
		return 0;
	half(&w, dw0, dw1, st, dw3, 0);
	ixguard_vec_fill4(&w, c, m, RTE_MIN(k, 4u));
	if (k > 4) {
		half(&w, dw0, dw1, st, dw3, 1);
		ixguard_vec_fill4(&w, c, m + 4, k - 4);
	}
	if (!shadow && contig && k == 8) {
		/* The 8 mbufs to the application, their entries consumed. */
		__m256i *s8 = (__m256i *)m;

		_mm256_storeu_si256((__m256i *)pkts, _mm256_loadu_si256(s8));
		_mm256_storeu_si256((__m256i *)pkts + 1,
				    _mm256_loadu_si256(s8 + 1));
		_mm256_storeu_si256(s8, zero);
		_mm256_storeu_si256(s8 + 1, zero);
	} else {
		ixguard_vec_deliver(rxq, m, idx, k, pkts, shadow);
	}
	return k;
}

uint16_t
ixguard_recv_pkts_vec_avx2(void *queue, struct rte_mbuf **pkts,
			   uint16_t nb_pkts)
{
	return ixguard_vec_recv(queue, pkts, nb_pkts, IXGUARD_VEC_AVX2_STEP,
				rx_step_avx2, false);
}

uint16_t
ixguard_recv_pkts_vec_avx2_shadow(void *queue, struct rte_mbuf **pkts,
				  uint16_t nb_pkts)
{
	return ixguard_vec_recv(queue, pkts, nb_pkts, IXGUARD_VEC_AVX2_STEP,
				rx_step_avx2, true);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Vector receive and transmit paths (SSE in ixguard_rxtx_vec_sse.c, AVX2
 * in ixguard_rxtx_vec_avx2.c): what both share.
 *
 * A vector RX step looks at 4 (SSE) or 8 (AVX2) descriptors at once and
 * delivers the leading ones that pass the fast check: DD and EOP set, no
 * MAC error, no bit the hardware leaves clear, a length in 1..min(buffer,
 * largest frame + VLAN tag), and dword 0-1 no longer the address the
 * descriptor was posted with (a write-back replaced it).  The first lane
 * that has DD but fails the check, and everything after it in the burst,
 * goes to the scalar burst function, which applies each check one
 * descriptor at a time and counts what it finds (forged write-backs, bad
 * descriptors, MAC errors, chains without EOP); a lane without DD ends
 * the burst as it ends the scalar one.  So the vector code counts
 * nothing and never decides that a write-back is a lie: it only
 * recognises the common, plainly valid case.
 *
 * Each descriptor is read once, by one 16-byte load, and only that copy
 * is checked and used (the device may rewrite the ring at any time).  A
 * write-back seen torn (DD with dword 0-1 still the posted address) fails
 * the fast check and the scalar code reads it again, DD first.
 *
 * Offload fields come from two tables built at start-up from the scalar
 * translation itself (ixguard_rx_offload_fill(), ixguard_rx_ptype()), so
 * both paths give the same flags, types, hashes and VLAN tags.
 */
#ifndef IXGUARD_RXTX_VEC_H
#define IXGUARD_RXTX_VEC_H

#include <stdint.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_vect.h>

#include "ixguard_rxtx.h"
#include "ixguard_rxtx_common.h"

/* RX descriptors looked at per step. */
#define IXGUARD_VEC_SSE_STEP	4
#define IXGUARD_VEC_AVX2_STEP	8

/*
 * ol_flags by (configuration << 7 | write-back bits): bit 0 VP, 1 L4CS,
 * 2 IPCS, 3 TCPE, 4 IPE, 5 packet type UDP, 6 RSS type not NONE;
 * configuration bit 0 VLAN strip, bit 1 RSS hash offload.
 */
#define IXGUARD_VEC_FLAGS_CFG_SHIFT	7
extern uint64_t ixguard_vec_rx_flags[4 << IXGUARD_VEC_FLAGS_CFG_SHIFT];
/*
 * packet_type by: bits 0-6 packet type bits 4-10 of the write-back, bit 7
 * its ETQF bit (15), bit 8 a VLAN tag left in the frame, bit 9 an outer
 * tag too (status VEXT, which is bit 9 of the status).
 */
extern uint32_t ixguard_vec_rx_ptypes[1024];

/* Per-burst constants of a queue. */
struct ixguard_vec_rxc {
	__m128i cfg;		/* configuration << 7, each lane */
	__m128i strip;		/* all ones if VLAN strip */
	__m128i len_lim1;	/* largest deliverable length + 1 */
	uint64_t rearm;		/* rearm_data: rxq->mbuf_init */
};

static __rte_always_inline void
ixguard_vec_rxc_init(struct ixguard_vec_rxc *c,
		     const struct ixguard_rx_queue *rxq)
{
	bool strip = (rxq->offloads & RTE_ETH_RX_OFFLOAD_VLAN_STRIP) != 0;
	bool rss = (rxq->offloads & RTE_ETH_RX_OFFLOAD_RSS_HASH) != 0;
	uint32_t lim = RTE_MIN(rxq->buf_len, rxq->max_pkt_len + RTE_VLAN_HLEN);

	c->cfg = _mm_set1_epi32((int)((strip | rss << 1) <<
				      IXGUARD_VEC_FLAGS_CFG_SHIFT));
	c->strip = _mm_set1_epi32(strip ? -1 : 0);
	c->len_lim1 = _mm_set1_epi32((int)lim + 1);
	c->rearm = rxq->mbuf_init;
}

/*
 * Descriptors 4 at a time as dword vectors: dword 0 (packet info), 1
 * (RSS hash), 2 (status and errors), 3 (length and VLAN tag) of each.
 */
struct ixguard_vec_wb4 {
	__m128i dw0, dw1, st, dw3;
};

static __rte_always_inline void
ixguard_vec_wb4_split(struct ixguard_vec_wb4 *w, __m128i d0, __m128i d1,
		      __m128i d2, __m128i d3)
{
	__m128i lo01 = _mm_unpacklo_epi32(d0, d1);
	__m128i lo23 = _mm_unpacklo_epi32(d2, d3);
	__m128i hi01 = _mm_unpackhi_epi32(d0, d1);
	__m128i hi23 = _mm_unpackhi_epi32(d2, d3);

	w->dw0 = _mm_unpacklo_epi64(lo01, lo23);
	w->dw1 = _mm_unpackhi_epi64(lo01, lo23);
	w->st = _mm_unpacklo_epi64(hi01, hi23);
	w->dw3 = _mm_unpackhi_epi64(hi01, hi23);
}

/* Lanes of the fast check that pass it (all ones), before the address. */
static __rte_always_inline __m128i
ixguard_vec_wb4_ok(const struct ixguard_vec_wb4 *w,
		   const struct ixguard_vec_rxc *c)
{
	const __m128i st_mask = _mm_set1_epi32((int)(IX_RXD_STAT_DD |
		IX_RXD_STAT_EOP | IX_RXD_ERR_RXE | IX_RXD_STAT_RSV_MASK |
		IX_RXD_ERR_RSV_MASK));
	const __m128i st_want = _mm_set1_epi32((int)(IX_RXD_STAT_DD |
						     IX_RXD_STAT_EOP));
	const __m128i lo_bad = _mm_set1_epi32((int)(IX_RXDADV_RSCCNT_MASK |
		IX_RXDADV_HDRLEN_MASK | IX_RXDADV_SPH));
	const __m128i len16 = _mm_set1_epi32(0xffff);
	__m128i len = _mm_and_si128(w->dw3, len16);
	__m128i ok;

	ok = _mm_cmpeq_epi32(_mm_and_si128(w->st, st_mask), st_want);
	ok = _mm_and_si128(ok, _mm_cmpeq_epi32(_mm_and_si128(w->dw0, lo_bad),
					       _mm_setzero_si128()));
	ok = _mm_and_si128(ok, _mm_cmpgt_epi32(len, _mm_setzero_si128()));
	return _mm_and_si128(ok, _mm_cmplt_epi32(len, c->len_lim1));
}

/* DD of each lane (all ones). */
static __rte_always_inline __m128i
ixguard_vec_wb4_dd(const struct ixguard_vec_wb4 *w)
{
	const __m128i dd = _mm_set1_epi32((int)IX_RXD_STAT_DD);

	return _mm_cmpeq_epi32(_mm_and_si128(w->st, dd), dd);
}

/*
 * Fill the first k (1..4) mbufs of m from checked write-backs: the
 * fields of rte_mbuf from rearm_data to hash written with two 16-byte
 * stores each (next is NULL and nb_segs 1 in a pool's free mbufs).
 * The same values as ixguard_rx_mbuf_init() + ixguard_rx_offload_fill().
 */
static __rte_always_inline void
ixguard_vec_fill4(const struct ixguard_vec_wb4 *w,
		  const struct ixguard_vec_rxc *c, struct rte_mbuf **m,
		  unsigned int k)
{
	const __m128i one = _mm_set1_epi32(1);
	const __m128i vp = _mm_set1_epi32((int)IX_RXD_STAT_VP);
	const __m128i hi16 = _mm_set1_epi32((int)0xffff0000u);
	const __m128i lo16 = _mm_set1_epi32(0xffff);
	__m128i st = w->st, pi = w->dw0, fidx, pidx, vpm, dlv, len, pt;
	__m128i a, b, r0, r1, r2, r3;
	uint32_t fi[4], pj[4];

	/* Flags index: VP, L4CS, IPCS | TCPE, IPE | UDP | RSS type. */
	fidx = _mm_and_si128(_mm_srli_epi32(st, 3), one);
	fidx = _mm_or_si128(fidx, _mm_and_si128(_mm_srli_epi32(st, 4),
						_mm_set1_epi32(6)));
	fidx = _mm_or_si128(fidx, _mm_and_si128(_mm_srli_epi32(st, 27),
						_mm_set1_epi32(0x18)));
	fidx = _mm_or_si128(fidx, _mm_and_si128(_mm_srli_epi32(pi, 4),
						_mm_set1_epi32(0x20)));
	fidx = _mm_or_si128(fidx, _mm_andnot_si128(
		_mm_cmpeq_epi32(_mm_and_si128(pi, _mm_set1_epi32(0xf)),
				_mm_setzero_si128()), _mm_set1_epi32(0x40)));
	fidx = _mm_or_si128(fidx, c->cfg);
	/* VLAN: tag in vlan_tci if stripped, else in the frame (ptype). */
	vpm = _mm_cmpeq_epi32(_mm_and_si128(st, vp), vp);
	pidx = _mm_and_si128(_mm_srli_epi32(pi, 4), _mm_set1_epi32(0x7f));
	pidx = _mm_or_si128(pidx, _mm_and_si128(_mm_srli_epi32(pi, 8),
						_mm_set1_epi32(0x80)));
	pidx = _mm_or_si128(pidx, _mm_andnot_si128(c->strip,
		_mm_and_si128(vpm, _mm_set1_epi32(0x100))));
	pidx = _mm_or_si128(pidx, _mm_and_si128(st,
		_mm_set1_epi32((int)IX_RXD_STAT_VEXT)));
	_mm_storeu_si128((__m128i *)fi, fidx);
	_mm_storeu_si128((__m128i *)pj, pidx);
	pt = _mm_set_epi32((int)ixguard_vec_rx_ptypes[pj[3]],
			   (int)ixguard_vec_rx_ptypes[pj[2]],
			   (int)ixguard_vec_rx_ptypes[pj[1]],
			   (int)ixguard_vec_rx_ptypes[pj[0]]);
	len = _mm_and_si128(w->dw3, lo16);
	dlv = _mm_and_si128(w->dw3, _mm_or_si128(lo16, _mm_and_si128(
		_mm_and_si128(vpm, c->strip), hi16)));
	/* Rows: packet_type, pkt_len, data_len | vlan_tci << 16, hash. */
	a = _mm_unpacklo_epi32(pt, len);
	b = _mm_unpacklo_epi32(dlv, w->dw1);
	r0 = _mm_unpacklo_epi64(a, b);
	r1 = _mm_unpackhi_epi64(a, b);
	a = _mm_unpackhi_epi32(pt, len);
	b = _mm_unpackhi_epi32(dlv, w->dw1);
	r2 = _mm_unpacklo_epi64(a, b);
	r3 = _mm_unpackhi_epi64(a, b);
	/* One lane's two stores; no array, so the rows stay in registers. */
#define IXGUARD_VEC_FILL_LANE(i, row) do { \
		_mm_store_si128((__m128i *)&m[i]->rearm_data, \
				_mm_set_epi64x((long long) \
					ixguard_vec_rx_flags[fi[i]], \
					(long long)c->rearm)); \
		_mm_store_si128((__m128i *)&m[i]->rx_descriptor_fields1, \
				row); \
	} while (0)
	IXGUARD_VEC_FILL_LANE(0, r0);
	if (k > 1)
		IXGUARD_VEC_FILL_LANE(1, r1);
	if (k > 2)
		IXGUARD_VEC_FILL_LANE(2, r2);
	if (k > 3)
		IXGUARD_VEC_FILL_LANE(3, r3);
#undef IXGUARD_VEC_FILL_LANE
}

/* The address lane k of a step's descriptors was posted with. */
#define IXGUARD_VEC_POSTED(rxq, idx, k, shadow) \
	((long long)ixguard_rx_posted_iova(rxq, (idx)[k], shadow))

/* Posted addresses of 4 descriptors (ixguard_rx_posted_iova()). */
static __rte_always_inline void
ixguard_vec_posted_iova4(const struct ixguard_rx_queue *rxq,
			 const uint16_t *idx, __m128i *p01, __m128i *p23,
			 const bool shadow)
{
	*p01 = _mm_set_epi64x(IXGUARD_VEC_POSTED(rxq, idx, 1, shadow),
			      IXGUARD_VEC_POSTED(rxq, idx, 0, shadow));
	*p23 = _mm_set_epi64x(IXGUARD_VEC_POSTED(rxq, idx, 3, shadow),
			      IXGUARD_VEC_POSTED(rxq, idx, 2, shadow));
}

/* Lanes whose dword 0-1 is still the posted address (all ones). */
static __rte_always_inline __m128i
ixguard_vec_unwritten4(__m128i d0, __m128i d1, __m128i d2, __m128i d3,
		       __m128i p01, __m128i p23)
{
	__m128i f01 = _mm_cmpeq_epi64(_mm_unpacklo_epi64(d0, d1), p01);
	__m128i f23 = _mm_cmpeq_epi64(_mm_unpacklo_epi64(d2, d3), p23);

	/* 64-bit lane masks to 32-bit ones. */
	return _mm_packs_epi32(f01, f23);
}

/*
 * Shadow mode RX: a frame of len (<= buf_len, checked) bytes from the
 * descriptor's buffer into the mbuf, in whole 64-byte blocks.  Both hold
 * buf_len bytes, a multiple of 1 KiB (SRRCTL), so the bytes copied past
 * the frame stay inside both buffers, and they come from the device's
 * own buffer: nothing of the application's leaves its mbuf.
 */
static __rte_always_inline void
ixguard_vec_copy_rx(void *dst, const void *src, uint32_t len)
{
	ixguard_copy_blocks(dst, src, RTE_ALIGN_CEIL(len, 64), false);
}

/* pshufb masks: bytes 16 - r .. 15 of a vector to 0 .. r - 1, zeros after. */
extern const uint8_t ixguard_vec_tail_shuf[16][16];

/*
 * Shadow mode TX: a packet's len (1..2048) bytes into its 2 KiB slot
 * (16-byte aligned).  Plain 16-byte stores for a short packet (measured:
 * streamed 64-byte packets cost several times more), non-temporal ones
 * for the whole 64-byte blocks of a long one (IXGUARD_TX_COPY_STREAM_MIN).
 * Nothing past the packet is read from the mbuf; the slot's last 16-byte
 * block is padded with zeros, so no byte of an earlier packet stays next
 * to this one.
 */
static __rte_always_inline void
ixguard_vec_copy_tx(uint8_t *dst, const uint8_t *src, uint32_t len)
{
	uint32_t off = 0, r;

	if (unlikely(len < 16)) {
		uint8_t tmp[16] = { 0 };

		memcpy(tmp, src, len);
		_mm_store_si128((__m128i *)dst,
				 _mm_loadu_si128((const __m128i *)tmp));
		return;
	}
	if (len >= IXGUARD_TX_COPY_STREAM_MIN)
		off = ixguard_tx_copy_stream(dst, src, len);
	for (; off + 16 <= len; off += 16)
		_mm_store_si128((__m128i *)(dst + off), _mm_loadu_si128(
			(const __m128i *)(src + off)));
	r = len - off;
	if (r != 0) {
		/* The last r bytes, from a load that ends at the packet's. */
		__m128i v = _mm_loadu_si128((const __m128i *)(src + len - 16));

		_mm_store_si128((__m128i *)(dst + off), _mm_shuffle_epi8(v,
			_mm_loadu_si128((const __m128i *)
					ixguard_vec_tail_shuf[r])));
	}
}

/* Burst functions (ixguard_rxtx_vec_sse.c, ixguard_rxtx_vec_avx2.c). */
uint16_t ixguard_recv_pkts_vec_sse(void *rxq, struct rte_mbuf **pkts,
				   uint16_t n);
uint16_t ixguard_recv_pkts_vec_sse_shadow(void *rxq, struct rte_mbuf **pkts,
					  uint16_t n);
uint16_t ixguard_recv_pkts_vec_avx2(void *rxq, struct rte_mbuf **pkts,
				    uint16_t n);
uint16_t ixguard_recv_pkts_vec_avx2_shadow(void *rxq, struct rte_mbuf **pkts,
					   uint16_t n);
/* Plain C in the vector RX frame (ixguard_rxtx_scalar_bulk.c). */
uint16_t ixguard_recv_pkts_bulk(void *rxq, struct rte_mbuf **pkts,
				uint16_t n);
uint16_t ixguard_recv_pkts_bulk_shadow(void *rxq, struct rte_mbuf **pkts,
				       uint16_t n);
uint16_t ixguard_xmit_pkts_vec(void *txq, struct rte_mbuf **pkts,
			       uint16_t n);
uint16_t ixguard_xmit_pkts_vec_checked(void *txq, struct rte_mbuf **pkts,
				       uint16_t n);
uint16_t ixguard_xmit_pkts_vec_shadow(void *txq, struct rte_mbuf **pkts,
				      uint16_t n);
/* Plain C in the vector TX loop (ixguard_rxtx_vec_tx.c). */
uint16_t ixguard_xmit_pkts_bulk(void *txq, struct rte_mbuf **pkts,
				uint16_t n);
uint16_t ixguard_xmit_pkts_bulk_checked(void *txq, struct rte_mbuf **pkts,
					uint16_t n);
uint16_t ixguard_xmit_pkts_bulk_shadow(void *txq, struct rte_mbuf **pkts,
				       uint16_t n);

#endif /* IXGUARD_RXTX_VEC_H */

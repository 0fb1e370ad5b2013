/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * SSE receive (4 descriptors per step) and the vector transmit path (one
 * 16-byte store per descriptor, bulk free), for both DMA layouts: mbufs
 * the device reaches, and shadow mode (dma_isolation=shadow: frames
 * copied out of the queue's own buffers, packets copied into its
 * read-only TX slots).  What the paths share and why the checks hold is
 * in ixguard_rxtx_vec.h; the per-descriptor checks themselves live in
 * ixguard_rxtx_common.h and the scalar burst functions, to which
 * anything unusual is handed.
 */

#include <rte_common.h>
#include <rte_memcpy.h>
#include <rte_prefetch.h>
#include <ethdev_driver.h>

#include "ixguard_offload.h"
#include "ixguard_qguard.h"
#include "ixguard_rxtx.h"
#include "ixguard_rxtx_common.h"
#include "ixguard_rxtx_vec.h"
#include "ixguard_rxtx_vec_rx.h"

uint64_t ixguard_vec_rx_flags[4 << IXGUARD_VEC_FLAGS_CFG_SHIFT];
const uint8_t ixguard_vec_tail_shuf[16][16] = {
#define S(r, i)	((i) < (r) ? 16 - (r) + (i) : 0x80)
#define ROW(r)	{ S(r, 0), S(r, 1), S(r, 2), S(r, 3), S(r, 4), S(r, 5), \
		  S(r, 6), S(r, 7), S(r, 8), S(r, 9), S(r, 10), S(r, 11), \
		  S(r, 12), S(r, 13), S(r, 14), S(r, 15) }
	ROW(0), ROW(1), ROW(2), ROW(3), ROW(4), ROW(5), ROW(6), ROW(7),
	ROW(8), ROW(9), ROW(10), ROW(11), ROW(12), ROW(13), ROW(14), ROW(15),
#undef ROW
#undef S
};
uint32_t ixguard_vec_rx_ptypes[1024];

/*
 * The tables, from the scalar translation: whatever it says for a set of
 * write-back bits is what the vector paths deliver.
 */
RTE_INIT(ixguard_vec_tables_init)
{
	static const uint32_t st_bit[] = {
		IX_RXD_STAT_VP, IX_RXD_STAT_L4CS, IX_RXD_STAT_IPCS,
		IX_RXD_ERR_TCPE, IX_RXD_ERR_IPE,
	};
	struct ixguard_rx_queue q;
	struct rte_mbuf m;
	unsigned int i, b;

	memset(&q, 0, sizeof(q));
	for (i = 0; i < RTE_DIM(ixguard_vec_rx_flags); i++) {
		uint32_t cfg = i >> IXGUARD_VEC_FLAGS_CFG_SHIFT;
		uint64_t st = 0, pi = 0;

		for (b = 0; b < RTE_DIM(st_bit); b++)
			if (i & 1u << b)
				st |= st_bit[b];
		if (i & 0x20)
			pi |= IX_RXDADV_PKTTYPE_UDP;
		if (i & 0x40)
			pi |= IX_RXDADV_RSSTYPE_IPV4;
		q.offloads = ((cfg & 1) ? RTE_ETH_RX_OFFLOAD_VLAN_STRIP : 0) |
			     ((cfg & 2) ? RTE_ETH_RX_OFFLOAD_RSS_HASH : 0);
		memset(&m, 0, sizeof(m));
		ixguard_rx_offload_fill(&q, &m, pi,
					st | IX_RXD_STAT_DD | IX_RXD_STAT_EOP);
		ixguard_vec_rx_flags[i] = m.ol_flags;
	}
	for (i = 0; i < RTE_DIM(ixguard_vec_rx_ptypes); i++) {
		uint16_t pi = (uint16_t)((i & 0x7f) << 4 |
					 ((i & 0x80) ? IX_RXDADV_PKTTYPE_ETQF :
						       0));

		ixguard_vec_rx_ptypes[i] = ixguard_rx_ptype(pi,
			((i & 0x100) != 0) + ((i & 0x200) != 0));
	}
}

/* ---- Receive ---------------------------------------------------------- */

/*
 * One step: descriptors idx[0..3] (posted, in ring order).  Returns how
 * many leading lanes were delivered into pkts (their mbufs filled, and
 * in shadow mode their frames copied); *stop tells why fewer than 'lim':
 * IXGUARD_VEC_STOP_NONE (lim reached), _IDLE (a lane without DD: the
 * device is not there yet), _CHECK (a lane with DD failed the fast
 * check: the scalar code must look at it).
 */
static __rte_always_inline unsigned int
rx_step_sse(struct ixguard_rx_queue *rxq, const struct ixguard_vec_rxc *c,
	    const uint16_t *idx, unsigned int lim, struct rte_mbuf **fresh,
	    struct rte_mbuf **pkts, int *stop, const bool shadow)
{
	volatile union ix_adv_rx_desc *ring = rxq->ring;
	struct rte_mbuf **sw = rxq->sw_ring;
	struct rte_mbuf *m[4];
	struct ixguard_vec_wb4 w;
	__m128i d0, d1, d2, d3, p01, p23, good;
	unsigned int gbits, dbits, k;

	/* Shadow mode: mbufs of the burst (their frames are copied). */
	m[0] = shadow ? fresh[0] : sw[idx[0]];
	m[1] = shadow ? fresh[1] : sw[idx[1]];
	m[2] = shadow ? fresh[2] : sw[idx[2]];
	m[3] = shadow ? fresh[3] : sw[idx[3]];
	/* One load per descriptor; only these copies are used. */
	d0 = _mm_load_si128((const __m128i *)(uintptr_t)&ring[idx[0]]);
	d1 = _mm_load_si128((const __m128i *)(uintptr_t)&ring[idx[1]]);
	d2 = _mm_load_si128((const __m128i *)(uintptr_t)&ring[idx[2]]);
	d3 = _mm_load_si128((const __m128i *)(uintptr_t)&ring[idx[3]]);
	rte_compiler_barrier();
	ixguard_vec_posted_iova4(rxq, idx, &p01, &p23, shadow);
	ixguard_vec_wb4_split(&w, d0, d1, d2, d3);
	good = _mm_andnot_si128(ixguard_vec_unwritten4(d0, d1, d2, d3,
						       p01, p23),
				ixguard_vec_wb4_ok(&w, c));
	gbits = (unsigned int)_mm_movemask_ps(_mm_castsi128_ps(good));
	dbits = (unsigned int)_mm_movemask_ps(_mm_castsi128_ps(
		ixguard_vec_wb4_dd(&w)));
	k = ixguard_vec_good_lanes(gbits, dbits, lim, stop);
	if (k == 0)
		return 0;
	ixguard_vec_fill4(&w, c, m, k);
	ixguard_vec_deliver(rxq, m, idx, k, pkts, shadow);
	return k;
}

uint16_t
ixguard_recv_pkts_vec_sse(void *queue, struct rte_mbuf **pkts,
			  uint16_t nb_pkts)
{
	return ixguard_vec_recv(queue, pkts, nb_pkts, IXGUARD_VEC_SSE_STEP,
				rx_step_sse, false);
}

uint16_t
ixguard_recv_pkts_vec_sse_shadow(void *queue, struct rte_mbuf **pkts,
				 uint16_t nb_pkts)
{
	return ixguard_vec_recv(queue, pkts, nb_pkts, IXGUARD_VEC_SSE_STEP,
				rx_step_sse, true);
}

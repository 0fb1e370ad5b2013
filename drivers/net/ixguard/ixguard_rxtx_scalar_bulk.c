/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * "Scalar bulk" receive: the scalar family's path for a queue whose
 * frames fit one buffer (no scatter, no KEEP_CRC); "Scalar bulk shadow"
 * in shadow mode, whose frames are copied as on the vector paths
 * (ixguard_vec_deliver(): ixguard_copy_blocks(), SSE2 loads and stores,
 * the x86-64 baseline).
 * It fills mbufs with the scalar translation (ixguard_rx_offload_fill()),
 * so it reports flow director MARK ids as the scalar function does.  It
 * runs the vector paths' burst frame (ixguard_vec_recv(): steps of 8
 * descriptors, rearm in bulk, the end of a full burst prefetching the
 * next one's descriptors and mbufs) with a step written in plain C,
 * without vector intrinsics (the compiler may use SSE registers, as
 * anywhere in an x86 build), so it is what the EAL's
 * --force-max-simd-bitwidth=64 leaves.  Like the vector steps it
 * delivers only the leading descriptors that pass the fast check (DD,
 * EOP, no MAC error, no bit the hardware leaves clear, a length in
 * 1..min(buffer, largest frame + VLAN tag), dword 0-1 no longer the
 * posted address), and hands the first that does not, with the rest of
 * the burst, to the scalar burst function ixguard_recv_pkts(), which
 * checks and counts it (ixguard_rxtx_vec.h).
 *
 * Why: the per-descriptor scalar loop also assembles chains, and one
 * descriptor at a time it cost 37.8 cycles a packet against this step's
 * 34.2 (doc/bench/pmd-cycles.md).  The frame is shared with the vector
 * paths' header, so this path is built where they are (x86); elsewhere
 * the scalar family has "Scalar" and "Scalar shadow" alone.
 */

#include <rte_common.h>
#include <rte_io.h>
#include <ethdev_driver.h>

#include "ixguard_offload.h"
#include "ixguard_rxtx.h"
#include "ixguard_rxtx_common.h"
#include "ixguard_rxtx_vec.h"
#include "ixguard_rxtx_vec_rx.h"

/*
 * Descriptors looked at per step: 8, as the AVX2 step.  Side by side in
 * shared mode at 64 B (16 processes each), RX cost 33.5-34.0 cycles a
 * packet against 35.6-35.8 with steps of 4: the frame's work per step
 * is shared by twice as many frames.
 */
#define IXGUARD_BULK_STEP	8

/*
 * One step over descriptors idx[0..7] (posted, in ring order): see
 * rx_step_sse() in ixguard_rxtx_vec_sse.c for what it returns and *stop.
 * Status words first, then (after the read barrier) dword 0-1 of each:
 * only a descriptor whose DD was seen is used, and its dword 0-1 was
 * read after its DD.
 */
static __rte_always_inline unsigned int
rx_step_bulk(struct ixguard_rx_queue *rxq, const struct ixguard_vec_rxc *c,
	     const uint16_t *idx, unsigned int lim, struct rte_mbuf **fresh,
	     struct rte_mbuf **pkts, int *stop, const bool shadow)
{
	volatile union ix_adv_rx_desc *ring = rxq->ring;
	const uint32_t len_max = RTE_MIN(rxq->buf_len,
					 rxq->max_pkt_len + RTE_VLAN_HLEN);
	struct rte_mbuf *m[IXGUARD_BULK_STEP];
	uint64_t q0[IXGUARD_BULK_STEP], q1[IXGUARD_BULK_STEP];
	unsigned int i, k;

	RTE_SET_USED(c);
	for (i = 0; i < IXGUARD_BULK_STEP; i++)
		q1[i] = ring[idx[i]].q[1];
	rte_smp_rmb();
	for (i = 0; i < IXGUARD_BULK_STEP; i++)
		q0[i] = ring[idx[i]].q[0];
	for (k = 0; k < lim; k++) {
		/* len - 1 wraps for 0: one compare for 1..len_max. */
		uint32_t len = (uint16_t)(q1[k] >> 32);

		if (((uint32_t)q1[k] & (IX_RXD_STAT_DD | IX_RXD_STAT_EOP |
					IX_RXD_ERR_RXE |
					IXGUARD_RX_WB_IMPOSSIBLE_HI)) !=
		    (IX_RXD_STAT_DD | IX_RXD_STAT_EOP) ||
		    ((uint32_t)q0[k] & IXGUARD_RX_WB_IMPOSSIBLE_LO) ||
		    len - 1 >= len_max ||
		    q0[k] == ixguard_rx_posted_iova(rxq, idx[k], shadow))
			break;
	}
	*stop = IXGUARD_VEC_STOP_NONE;
	if (k < lim)
		*stop = ((uint32_t)q1[k] & IX_RXD_STAT_DD) ?
			IXGUARD_VEC_STOP_CHECK : IXGUARD_VEC_STOP_IDLE;
	for (i = 0; i < k; i++) {
		/* Shadow mode: mbufs of the burst (frames copied into them). */
		m[i] = shadow ? fresh[i] : rxq->sw_ring[idx[i]];
		ixguard_rx_mbuf_init(rxq, m[i], (uint16_t)(q1[i] >> 32));
		ixguard_rx_offload_fill(rxq, m[i], q0[i], q1[i]);
	}
	ixguard_vec_deliver(rxq, m, idx, k, pkts, shadow);
	return k;
}

uint16_t
ixguard_recv_pkts_bulk(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return ixguard_vec_recv(queue, pkts, nb_pkts, IXGUARD_BULK_STEP,
				rx_step_bulk, false);
}

uint16_t
ixguard_recv_pkts_bulk_shadow(void *queue, struct rte_mbuf **pkts,
			      uint16_t nb_pkts)
{
	return ixguard_vec_recv(queue, pkts, nb_pkts, IXGUARD_BULK_STEP,
				rx_step_bulk, true);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The frame of a vector RX burst, shared by the SSE and AVX2 files: when
 * the vector code may run, the descriptors of a step, delivery, and the
 * end of the burst (hand-over to the scalar code, rearm).
 */
#ifndef IXGUARD_RXTX_VEC_RX_H
#define IXGUARD_RXTX_VEC_RX_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_memcpy.h>
#include <rte_prefetch.h>

#include "ixguard_rxtx.h"
#include "ixguard_qguard.h"
#include "ixguard_rxtx_common.h"
#include "ixguard_rxtx_vec.h"

/* Why a step delivered fewer lanes than it could. */
#define IXGUARD_VEC_STOP_NONE	0	/* it did not */
#define IXGUARD_VEC_STOP_IDLE	1	/* a lane without DD */
#define IXGUARD_VEC_STOP_CHECK	2	/* a lane for the scalar checks */

/*
 * The vector code starts only between frames: a chain being assembled,
 * or the rest of one being discarded, is the scalar code's to finish.
 */
static __rte_always_inline bool
ixguard_vec_rx_usable(const struct ixguard_rx_queue *rxq)
{
	return rxq->pkt_first == NULL && !rxq->discard && !rxq->pkt_bad;
}

static __rte_always_inline uint16_t
ixguard_vec_rx_scalar(struct ixguard_rx_queue *rxq, struct rte_mbuf **pkts,
		      uint16_t nb_pkts, const bool shadow)
{
	return shadow ? ixguard_recv_pkts_shadow(rxq, pkts, nb_pkts) :
			ixguard_recv_pkts(rxq, pkts, nb_pkts);
}

/* Descriptor indexes next .. next + step - 1, in ring order. */
static __rte_always_inline void
ixguard_vec_idx(const struct ixguard_rx_queue *rxq, uint16_t next,
		uint16_t *idx, unsigned int step)
{
	unsigned int i;

	for (i = 0; i < step; i++) {
		uint32_t j = (uint32_t)next + i;

		idx[i] = (uint16_t)(j >= rxq->nb_desc ? j - rxq->nb_desc : j);
	}
}

/*
 * Hand the k filled mbufs of a step to the application: their
 * descriptors are consumed (sw_ring NULL until the rearm gives them new
 * buffers, as in the scalar code).  Shadow mode: the frame is copied from
 * the descriptor's buffer first; its length was checked (<= buf_len, the
 * mbuf's data room less headroom).
 */
static __rte_always_inline void
ixguard_vec_deliver(struct ixguard_rx_queue *rxq, struct rte_mbuf **m,
		    const uint16_t *idx, unsigned int k,
		    struct rte_mbuf **pkts, const bool shadow)
{
	struct rte_mbuf **sw = rxq->sw_ring;
	unsigned int i;

	for (i = 0; i < k; i++) {
		if (shadow)
			ixguard_vec_copy_rx(rte_pktmbuf_mtod(m[i], void *),
				rxq->shadow + (size_t)idx[i] * rxq->buf_len,
				m[i]->data_len);
		pkts[i] = m[i];
		sw[idx[i]] = NULL;
	}
}

/*
 * Prefetch for the step after: its mbufs (written at delivery) and, in
 * shadow mode, the first line of their data, which the copy writes (for
 * a pool's own buffers it follows the mbuf and its private area; for
 * another layout the guess costs one useless prefetch).  Entries past
 * the posted ones may be NULL; a prefetch does not fault.
 */
static __rte_always_inline void
ixguard_vec_prefetch(const struct ixguard_rx_queue *rxq, const uint16_t *idx,
		     unsigned int step, size_t data_off, const bool shadow)
{
	unsigned int i;

	for (i = 0; i < step; i++) {
		const uint8_t *m = (const uint8_t *)rxq->sw_ring[idx[i]];

		rte_prefetch0(m);
		if (shadow)
			rte_prefetch0_write(m + data_off);
	}
}

/*
 * Shadow mode: the frames the burst may copy, all at once at its start
 * (the device's writes are not in the CPU's caches; many misses in
 * flight cost little more than one).  A descriptor not written back yet
 * costs a useless prefetch.
 */
static __rte_always_inline void
ixguard_vec_prefetch_frames(const struct ixguard_rx_queue *rxq,
			    uint16_t next, uint16_t nb)
{
	const uint8_t *base = rxq->shadow;
	uint16_t i, j = next;

	for (i = 0; i < nb; i++) {
		rte_prefetch0(base + (size_t)j * rxq->buf_len);
		j = j + 1 == rxq->nb_desc ? 0 : j + 1;
	}
}

/*
 * End of a vector burst that delivered nb_rx frames and stopped at
 * 'next'.  A lane that needs the checks: the scalar burst function takes
 * over from there for the rest of the burst (it also rearms).  Otherwise
 * the consumed descriptors are rearmed in bulk (ixguard_rx_rearm()).
 */
static __rte_always_inline uint16_t
ixguard_vec_rx_end(struct ixguard_rx_queue *rxq, uint16_t next,
		   uint16_t nb_rx, struct rte_mbuf **pkts, uint16_t nb_pkts,
		   int stop, const bool shadow)
{
	rxq->next = next;
	rxq->nb_hold += nb_rx;
	if (nb_rx != 0)
		rxq->forged_wait = false;	/* as the scalar code would */
	if (stop == IXGUARD_VEC_STOP_CHECK && nb_rx < nb_pkts)
		return nb_rx + ixguard_vec_rx_scalar(rxq, pkts + nb_rx,
						     nb_pkts - nb_rx, shadow);
	rxq->nb_hold = ixguard_rx_rearm(rxq, rxq->nb_hold, shadow);
	return nb_rx;
}

/* One step: see rx_step_sse() in ixguard_rxtx_vec_sse.c. */
typedef unsigned int (*ixguard_vec_step_t)(struct ixguard_rx_queue *rxq,
					   const struct ixguard_vec_rxc *c,
					   const uint16_t *idx,
					   unsigned int lim,
					   struct rte_mbuf **pkts, int *stop,
					   const bool shadow);

/*
 * A vector RX burst: steps of 'step' descriptors while at least that
 * many are posted (never past the tail), each delivering the leading
 * lanes that pass the fast check.  'fn' and 'step' are constants of the
 * caller (the call is inlined).
 */
static __rte_always_inline uint16_t
ixguard_vec_recv(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts,
		 const unsigned int step, const ixguard_vec_step_t fn,
		 const bool shadow)
{
	struct ixguard_rx_queue *rxq = queue;
	struct ixguard_vec_rxc c;
	uint16_t nb_rx = 0;
	int stop = IXGUARD_VEC_STOP_NONE;
	uint16_t next, avail;
	size_t data_off;

	IXGUARD_QGUARD_CHECK(rxq);
	if (unlikely(!ixguard_vec_rx_usable(rxq)))
		return ixguard_vec_rx_scalar(rxq, pkts, nb_pkts, shadow);
	ixguard_vec_rxc_init(&c, rxq);
	next = rxq->next;
	avail = rxq->nb_desc - IXGUARD_RX_HOLD - rxq->nb_hold;
	data_off = sizeof(struct rte_mbuf) + rte_pktmbuf_priv_size(rxq->mp) +
		   RTE_PKTMBUF_HEADROOM;
	if (shadow)
		ixguard_vec_prefetch_frames(rxq, next,
					    RTE_MIN(avail, nb_pkts));
	while (nb_rx < nb_pkts && avail >= step) {
		uint16_t idx[IXGUARD_VEC_AVX2_STEP];
		unsigned int lim = RTE_MIN((unsigned int)(nb_pkts - nb_rx),
					   step), k;

		ixguard_vec_idx(rxq, next, idx, step);
		if (avail >= 2 * step) {
			uint16_t ahead[IXGUARD_VEC_AVX2_STEP];

			ixguard_vec_idx(rxq, idx[step - 1] + 1, ahead, step);
			ixguard_vec_prefetch(rxq, ahead, step, data_off,
					     shadow);
		}
		k = fn(rxq, &c, idx, lim, pkts + nb_rx, &stop, shadow);
		nb_rx += k;
		avail -= k;
		next = (uint16_t)(next + k);
		if (next >= rxq->nb_desc)
			next -= rxq->nb_desc;
		if (stop != IXGUARD_VEC_STOP_NONE)
			break;
	}
	if (nb_rx < nb_pkts && stop == IXGUARD_VEC_STOP_NONE)
		stop = IXGUARD_VEC_STOP_CHECK;	/* too few posted: scalar */
	return ixguard_vec_rx_end(rxq, next, nb_rx, pkts, nb_pkts, stop,
				  shadow);
}

#endif /* IXGUARD_RXTX_VEC_RX_H */

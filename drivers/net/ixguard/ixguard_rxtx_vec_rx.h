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
 * A step's lanes to deliver: the leading good ones (gbits: a bit per good
 * lane), at most lim; *stop says why fewer (dbits: lanes with DD, so a
 * lane that is not good but done goes to the scalar checks).
 */
static __rte_always_inline unsigned int
ixguard_vec_good_lanes(unsigned int gbits, unsigned int dbits,
		       unsigned int lim, int *stop)
{
	unsigned int k = (unsigned int)__builtin_ctz(~gbits);

	if (k >= lim) {
		*stop = IXGUARD_VEC_STOP_NONE;
		return lim;
	}
	*stop = (dbits >> k) & 1 ? IXGUARD_VEC_STOP_CHECK :
		IXGUARD_VEC_STOP_IDLE;
	return k;
}

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
 * the descriptor's buffer into a mbuf taken from the pool for this burst
 * (its length was checked: <= buf_len, the mbuf's data room less
 * headroom), and the descriptor's own mbuf stays in sw_ring (see
 * ixguard_vec_shadow_rearm()); the rest of a later frame is prefetched
 * meanwhile (ixguard_rx_prefetch_rest()).
 */
static __rte_always_inline void
ixguard_vec_deliver(struct ixguard_rx_queue *rxq, struct rte_mbuf **m,
		    const uint16_t *idx, unsigned int k,
		    struct rte_mbuf **pkts, const bool shadow)
{
	struct rte_mbuf **sw = rxq->sw_ring;
	unsigned int i;

	for (i = 0; i < k; i++) {
		if (shadow) {
			ixguard_rx_prefetch_rest(rxq, idx[i], m[i]->data_len);
			ixguard_vec_copy_rx(rte_pktmbuf_mtod(m[i], void *),
				ixguard_rx_slot(rxq, idx[i]),
				m[i]->data_len);
		}
		pkts[i] = m[i];
		if (!shadow)
			sw[idx[i]] = NULL;
	}
}

/*
 * Outside shadow mode, when the burst before did not prefetch this one's
 * mbufs (ixguard_rx_prefetch_next()): the step after's mbufs (written at
 * delivery).  Entries past the posted ones may be NULL; a prefetch does
 * not fault.
 */
static __rte_always_inline void
ixguard_vec_prefetch(const struct ixguard_rx_queue *rxq, const uint16_t *idx,
		     unsigned int step)
{
	uint16_t after[IXGUARD_VEC_AVX2_STEP];
	unsigned int i;

	ixguard_vec_idx(rxq, idx[step - 1] + 1, after, step);
	for (i = 0; i < step; i++)
		rte_prefetch0(rxq->sw_ring[after[i]]);
}

/*
 * Shadow mode, in every burst: the first line of the frames
 * IXGUARD_RX_FRAME_AHEAD descriptors after this step's first, into L1,
 * which the copy reads.  Once, the next burst's frames were prefetched
 * only into L2 at the end of the burst before: on an AMD EPYC (Zen 4)
 * guest, in some processes, the copy's first load still waited for
 * memory (54% of the burst's samples on it) and RX cost 54-67 cycles a
 * packet instead of 39-44, depending on where the buffers lay.  With
 * this prefetch (then 16 ahead) none of 32 processes was; 8 ahead
 * instead of 16 kept all but 2 of 32 out and cost 1.3 cycles a packet
 * (doc/bench/dma-overhead.md).  The last steps of a full burst prefetch
 * the next burst's first frames (rxq->next_prefetched).
 */
static __rte_always_inline void
ixguard_vec_prefetch_frames(const struct ixguard_rx_queue *rxq,
			    const uint16_t *idx, unsigned int step)
{
	uint16_t after[IXGUARD_VEC_AVX2_STEP];
	uint32_t j = (uint32_t)idx[0] + IXGUARD_RX_FRAME_AHEAD;
	unsigned int i;

	if (j >= rxq->nb_desc)
		j -= rxq->nb_desc;
	if (likely(j + step <= rxq->nb_desc)) {
		/* Slots in a row: one address, then a stride apart. */
		const uint8_t *slot = ixguard_rx_slot(rxq, (uint16_t)j);

		for (i = 0; i < step; i++, slot += rxq->shadow_stride)
			rte_prefetch0(slot);
		return;
	}
	ixguard_vec_idx(rxq, (uint16_t)j, after, step);
	for (i = 0; i < step; i++)
		rte_prefetch0(ixguard_rx_slot(rxq, after[i]));
}

/*
 * Shadow mode: the NULL entries of sw_ring [t, t + nb), inside the ring
 * (no wrap), get a mbuf.  False when the pool is empty (counted).
 */
static __rte_always_inline bool
ixguard_vec_shadow_refill_run(struct ixguard_rx_queue *rxq, uint16_t t,
			      uint16_t nb)
{
	struct rte_mbuf **sw = rxq->sw_ring + t;
	uint16_t i;

	for (i = 0; i < nb; i++) {
		if (unlikely(sw[i] == NULL)) {
			sw[i] = rte_mbuf_raw_alloc(rxq->mp);
			if (sw[i] == NULL) {
				rte_eth_devices[rxq->port_id].data->
					rx_mbuf_alloc_failed++;
				return false;
			}
		}
	}
	return true;
}

/*
 * Shadow mode rearm of the vector path.  Its frames go into mbufs taken
 * from the pool at the burst (hot in the cache: the TX path has just
 * given them back), so the mbufs sw_ring holds for the scalar code stay
 * where they are, and a descriptor needs only its buffer's address again.
 * Entries the scalar code consumed (NULL) get a mbuf, for every
 * descriptor from the tail to next, before the tail moves; all of them
 * lie there (a rearm never moves the tail past a hole).  That walk runs
 * only after the scalar code did (sw_holes): sw_ring's lines are cold
 * after a lap of the ring, and their misses cost about half a cycle a
 * frame at 64 B when the device's writes are in memory.  The same
 * threshold as ixguard_rx_rearm().  Both walks go up to the ring's end
 * and then from its start, without a wrap check from one entry to the
 * next.  Returns the new nb_hold (unchanged when the pool is empty:
 * retried later).
 */
static __rte_always_inline uint16_t
ixguard_vec_shadow_rearm(struct ixguard_rx_queue *rxq, uint16_t nb_hold)
{
	const uint16_t n = rxq->nb_desc;
	const uint16_t t = rxq->tail;
	uint16_t nb, first;

	if (nb_hold <= rxq->free_thresh && nb_hold < n - IXGUARD_RX_HOLD)
		return nb_hold;
	if (unlikely(rxq->sw_holes)) {
		nb = nb_hold + IXGUARD_RX_HOLD;
		first = RTE_MIN(nb, (uint16_t)(n - t));
		if (!ixguard_vec_shadow_refill_run(rxq, t, first) ||
		    (first < nb &&
		     !ixguard_vec_shadow_refill_run(rxq, 0, nb - first)))
			return nb_hold;
		rxq->sw_holes = false;
	}
	ixguard_rx_write_descs(rxq, t, nb_hold, true, false);
	rte_io_wmb();
	rxq->tail = t + nb_hold >= n ? t + nb_hold - n : t + nb_hold;
	rte_write32_relaxed(rxq->tail, rxq->rdt_reg);
	return 0;
}

/*
 * The scalar burst function takes the rest of the burst.  In shadow mode
 * the descriptors the vector code consumed still hold their mbufs; the
 * scalar rearm refills every consumed entry as its own, so those mbufs go
 * back to the pool first (the tail does not move: the device sees the
 * same ring as with the scalar path alone).
 */
static __rte_always_inline uint16_t
ixguard_vec_handover(struct ixguard_rx_queue *rxq, struct rte_mbuf **pkts,
		     uint16_t nb_pkts, const bool shadow)
{
	if (shadow)
		rxq->sw_holes = true;	/* the scalar code consumes them */
	if (shadow && rxq->nb_hold != 0) {
		struct rte_mbuf **sw = rxq->sw_ring;
		const uint16_t n = rxq->nb_desc;
		uint16_t i, k = rxq->next >= rxq->nb_hold ?
			rxq->next - rxq->nb_hold :
			rxq->next + n - rxq->nb_hold;

		for (i = 0; i < rxq->nb_hold; i++) {
			if (sw[k] != NULL) {
				rte_mbuf_raw_free(sw[k]);
				sw[k] = NULL;
			}
			k = k + 1 == n ? 0 : k + 1;
		}
	}
	return ixguard_vec_rx_scalar(rxq, pkts, nb_pkts, shadow);
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
		return nb_rx + ixguard_vec_handover(rxq, pkts + nb_rx,
						    nb_pkts - nb_rx, shadow);
	if (shadow)
		rxq->nb_hold = ixguard_vec_shadow_rearm(rxq, rxq->nb_hold);
	else
		rxq->nb_hold = ixguard_rx_rearm(rxq, rxq->nb_hold, false);
	return nb_rx;
}

/* One step: see rx_step_sse() in ixguard_rxtx_vec_sse.c. */
typedef unsigned int (*ixguard_vec_step_t)(struct ixguard_rx_queue *rxq,
					   const struct ixguard_vec_rxc *c,
					   const uint16_t *idx,
					   unsigned int lim,
					   struct rte_mbuf **fresh,
					   struct rte_mbuf **pkts, int *stop,
					   const bool shadow);

/* Shadow mode: frames per vector burst at most (mbufs taken at once). */
#define IXGUARD_VEC_SHADOW_BURST	64

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
	/* A step reads step entries from its first; it uses lim of them. */
	struct rte_mbuf *fresh[IXGUARD_VEC_SHADOW_BURST +
			       IXGUARD_VEC_AVX2_STEP];
	struct ixguard_vec_rxc c;
	uint16_t nb_rx = 0, nb_fresh = 0;
	int stop = IXGUARD_VEC_STOP_NONE;
	uint16_t next, avail;
	bool prefetched;	/* by the burst before, at its end */

	IXGUARD_QGUARD_CHECK(rxq);
	if (unlikely(!ixguard_vec_rx_usable(rxq)))
		return ixguard_vec_handover(rxq, pkts, nb_pkts, shadow);
	ixguard_vec_rxc_init(&c, rxq);
	next = rxq->next;
	avail = rxq->nb_desc - IXGUARD_RX_HOLD - rxq->nb_hold;
	/*
	 * The burst before prefetched this one's frames or mbufs (it was
	 * full): not again at the start, nor the mbufs a step ahead.
	 * Prefetching the frames at the start as well cost 4-10 cycles a
	 * packet at 64 B in shadow mode (doc/bench/dma-overhead.md), and
	 * the mbufs a step ahead about 2 (doc/bench/pmd-cycles.md).  Shadow
	 * mode's frames: the burst before prefetched the first
	 * IXGUARD_RX_FRAME_AHEAD, the steps the rest
	 * (ixguard_vec_prefetch_frames()).
	 */
	prefetched = rxq->next_prefetched;
	if (shadow && avail >= step) {
		nb_pkts = RTE_MIN(nb_pkts, IXGUARD_VEC_SHADOW_BURST);
		/* Nothing written back at next: no mbuf to take. */
		if (!(rxq->ring[next].wb.status_error & IX_RXD_STAT_DD))
			return ixguard_vec_rx_end(rxq, next, 0, pkts, nb_pkts,
						  IXGUARD_VEC_STOP_IDLE, true);
		nb_fresh = RTE_MIN(avail, nb_pkts);
		if (!prefetched)
			ixguard_rx_prefetch_frames(rxq, next, nb_fresh);
		if (unlikely(rte_mempool_get_bulk(rxq->mp, (void **)fresh,
						  nb_fresh) != 0))
			/* The scalar code counts what it cannot get. */
			return ixguard_vec_handover(rxq, pkts, nb_pkts, true);
	}
	while (nb_rx < nb_pkts && avail >= step) {
		uint16_t idx[IXGUARD_VEC_AVX2_STEP];
		unsigned int lim = RTE_MIN((unsigned int)(nb_pkts - nb_rx),
					   step), k;

		ixguard_vec_idx(rxq, next, idx, step);
		if (shadow && avail >= IXGUARD_RX_FRAME_AHEAD + step)
			ixguard_vec_prefetch_frames(rxq, idx, step);
		else if (!shadow && !prefetched && avail >= 2 * step)
			ixguard_vec_prefetch(rxq, idx, step);
		k = fn(rxq, &c, idx, lim, fresh + nb_rx, pkts + nb_rx, &stop,
		       shadow);
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
	if (shadow && nb_fresh > nb_rx)
		rte_mempool_put_bulk(rxq->mp, (void **)(fresh + nb_rx),
				     nb_fresh - nb_rx);
	/*
	 * The next burst's descriptors, and outside shadow mode its mbufs,
	 * now: they have until that burst to come from memory, where the
	 * device's writes are (the device wrote most of them already; a
	 * buffer it writes later costs a useless prefetch).  Shadow mode's
	 * frames were prefetched during this burst: at the next one's start
	 * they would not arrive before the first copies.
	 */
	rxq->next_prefetched = false;
	if (nb_rx == nb_pkts)
		ixguard_rx_prefetch_next(rxq, next, nb_pkts, shadow, !shadow);
	return ixguard_vec_rx_end(rxq, next, nb_rx, pkts, nb_pkts, stop,
				  shadow);
}

#endif /* IXGUARD_RXTX_VEC_RX_H */

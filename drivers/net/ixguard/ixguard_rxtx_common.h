/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The per-descriptor work every burst function shares (scalar in
 * ixguard_rxtx_scalar.c, vector paths in ixguard_rxtx_vec_*.c): the
 * checks against a device that lies in its write-backs, the rearm of
 * consumed RX descriptors, the TX cleanup and its bulk free, the one walk
 * over each TX mbuf, and the TX RS bookkeeping.  Written once so that a
 * new path cannot forget one of them.
 *
 * Datapath rules for every path: no register reads, one tail write per
 * burst (at most), nothing the device wrote back is used before it is
 * checked, only descriptors we posted are looked at.
 */
#ifndef IXGUARD_RXTX_COMMON_H
#define IXGUARD_RXTX_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_io.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <rte_mempool.h>
#include <rte_prefetch.h>
#ifdef RTE_ARCH_X86
#include <rte_vect.h>
#endif
#include <ethdev_driver.h>

#include "ixguard_dma.h"
#include "ixguard_dmabuf.h"
#include "ixguard_ethdev.h"
#include "ixguard_offload.h"
#include "ixguard_rxtx.h"

/* ---- Receive ---------------------------------------------------------- */

/*
 * A write-back the hardware cannot make: with RSC and header split off,
 * dword 0 has RSCCNT, HDR_LEN and SPH clear, and the status and error
 * words have no reserved bit set.
 */
#define IXGUARD_RX_WB_IMPOSSIBLE_LO	(IX_RXDADV_RSCCNT_MASK | \
					 IX_RXDADV_HDRLEN_MASK | IX_RXDADV_SPH)
#define IXGUARD_RX_WB_IMPOSSIBLE_HI	(IX_RXD_STAT_RSV_MASK | \
					 IX_RXD_ERR_RSV_MASK)

/*
 * The address descriptor i was posted with ('shadow': a constant of the
 * caller): its slot's, or its mbuf's data IOVA, which is the mbuf's own
 * address plus rxq->iova_off when that is not 0 (the rearm then keeps
 * no copy in sw_iova).  Only for a posted descriptor: a consumed one may
 * have no mbuf until it is rearmed.
 */
static __rte_always_inline rte_iova_t
ixguard_rx_posted_iova(const struct ixguard_rx_queue *rxq, uint16_t i,
		       const bool shadow)
{
	if (shadow)
		return ixguard_rx_slot_iova(rxq, i);
	if (rxq->iova_off != 0)
		return (uintptr_t)rxq->sw_ring[i] + rxq->iova_off;
	return rxq->sw_iova[i];
}

/*
 * DD is set on a posted descriptor: was it written back?  The write-back
 * replaces the buffer address we put in dword 0-1 (the device does not
 * own dword 2-3 in the read format), so DD next to that address was not
 * set by a write-back.  The lie is counted once per descriptor and the
 * caller stops there: it waits for the real write-back and never runs
 * ahead of the device.  q0 must have been read after DD (rte_smp_rmb()).
 */
static __rte_always_inline bool
ixguard_rx_wb_forged(struct ixguard_rx_queue *rxq, uint64_t q0,
		     rte_iova_t posted)
{
	if (likely(q0 != posted)) {
		rxq->forged_wait = false;
		return false;
	}
	if (!rxq->forged_wait) {
		rxq->forged_wb++;
		rxq->forged_wait = true;
	}
	return true;
}

/*
 * A written-back descriptor whose fields are impossible or whose length
 * is more than the buffer holds: the caller drops the frame (and counts
 * it with ixguard_rx_bad_desc()).
 */
static __rte_always_inline bool
ixguard_rx_wb_bad(const struct ixguard_rx_queue *rxq, uint64_t q0,
		  uint64_t q1)
{
	return (uint16_t)(q1 >> 32) > rxq->buf_len ||
	       ((uint32_t)q0 & IXGUARD_RX_WB_IMPOSSIBLE_LO) ||
	       ((uint32_t)q1 & IXGUARD_RX_WB_IMPOSSIBLE_HI);
}

/*
 * Buffers for the consumed descriptors [from, from + nb) (modulo the
 * ring) into sw_ring, in bulk from the queue's pool.  All or nothing:
 * false when the pool could not give nb buffers (nothing is kept;
 * counted as an allocation failure).  Shadow mode uses the same: sw_ring
 * holds the application mbufs the frames will be copied into.
 */
static __rte_always_inline bool
ixguard_rx_refill(struct ixguard_rx_queue *rxq, uint16_t from, uint16_t nb)
{
	struct rte_mbuf **sw = rxq->sw_ring;
	const uint16_t n = rxq->nb_desc;
	uint16_t first = RTE_MIN(nb, (uint16_t)(n - from)), i;

	if (unlikely(rte_mempool_get_bulk(rxq->mp, (void **)&sw[from],
					  first) != 0))
		goto fail;
	if (first < nb &&
	    unlikely(rte_mempool_get_bulk(rxq->mp, (void **)&sw[0],
					  nb - first) != 0)) {
		rte_mempool_put_bulk(rxq->mp, (void **)&sw[from], first);
		goto fail;
	}
	return true;
fail:
	/* A failed get may have written some slots: consumed means NULL. */
	for (i = 0; i < nb; i++)
		sw[from + i < n ? from + i : from + i - n] = NULL;
	rte_eth_devices[rxq->port_id].data->rx_mbuf_alloc_failed++;
	return false;
}

/*
 * Descriptors between the one being read and the mbuf (and shadow
 * buffer) prefetched, by the scalar RX and by the checked rearm below:
 * 8 beat 2 and 4 in shadow mode at 64 B with the device's writes left in
 * memory (test/bench/pmd_cost --cache flush), and 4 did no better than 8
 * outside it (doc/bench/pmd-cycles.md).
 */
#define IXGUARD_RX_PREFETCH_AHEAD	8

/*
 * One descriptor in the read format: the buffer's address and header
 * address 0.  On x86 that is one 16-byte store instead of two.
 */
static __rte_always_inline void
ixguard_rx_post_one(volatile union ix_adv_rx_desc *d, rte_iova_t iova)
{
#ifdef RTE_ARCH_X86
	_mm_store_si128((__m128i *)(uintptr_t)d,
			_mm_cvtsi64_si128((long long)iova));
#else
	d->read.pkt_addr = iova;
	d->read.hdr_addr = 0;
#endif
}

/*
 * Descriptors [t, t + nb), inside the ring (no wrap), written in the
 * read format for the buffers sw_ring holds there: see
 * ixguard_rx_write_descs().  Without a wrap the index is t + i, not a
 * chain of compare-and-select from one descriptor to the next, and the
 * common cases (shadow slots; a pool whose IOVA is its address plus a
 * constant) are loops of their own: a load and a store a descriptor.
 * Every descriptor is written by ixguard_rx_post_one().
 */
static __rte_always_inline unsigned int
ixguard_rx_write_run(struct ixguard_rx_queue *rxq, uint16_t t, uint16_t nb,
		     const bool shadow, const bool checked)
{
	volatile union ix_adv_rx_desc *ring = rxq->ring + t;
	struct rte_mbuf **sw = rxq->sw_ring + t;
	rte_iova_t *sw_iova = rxq->sw_iova + t;
	const uint16_t n = rxq->nb_desc;
	const uintptr_t off = rxq->iova_off;
	unsigned int hit = 1;
	uint16_t i;

	if (shadow) {
		/* The device gets its own slots, never a mbuf. */
		for (i = 0; i < nb; i++)
			ixguard_rx_post_one(&ring[i],
					    ixguard_rx_posted_iova(rxq, t + i,
								   true));
		return 1;
	}
	if (!checked && off != 0) {
		/* The mbuf's header is written when its frame arrives, not
		 * read here; the posted address is known from sw_ring
		 * (ixguard_rx_posted_iova()). */
		for (i = 0; i < nb; i++)
			ixguard_rx_post_one(&ring[i], (uintptr_t)sw[i] + off);
		return 1;
	}
	for (i = 0; i < nb; i++) {
		const struct rte_mbuf *m = sw[i];
		rte_iova_t iova;

		if (checked) {
			/* Headers ahead: the check's longer walk keeps
			 * fewer of their misses in flight. */
			uint32_t a = (uint32_t)t + i +
				     IXGUARD_RX_PREFETCH_AHEAD;

			rte_prefetch0(rxq->sw_ring[a < n ? a : a - n]);
			hit &= ixguard_rx_buf_hit(rxq, m);
		}
		iova = rte_mbuf_data_iova_default(m);
		sw_iova[i] = iova;
		ixguard_rx_post_one(&ring[i], iova);
	}
	return hit;
}

/*
 * Descriptors [t, t + nb) (modulo the ring) written in the read format
 * (address, header address 0: whatever the device left there is
 * overwritten) for the buffers sw_ring holds there; not posted yet.
 * 'checked' (port and strict modes with an external-buffer pool that has
 * buffers in unmapped edge pages, rxq->buf_dom set): every buffer is
 * also looked up in the queue's range cache, in the same walk, which
 * reads the mbuf header anyway.  Returns 0 when one missed (the caller
 * then checks each against the domain); 'shadow' and 'checked' are
 * constants of the caller.
 */
static __rte_always_inline unsigned int
ixguard_rx_write_descs(struct ixguard_rx_queue *rxq, uint16_t t,
		       uint16_t nb, const bool shadow, const bool checked)
{
	uint16_t first = RTE_MIN(nb, (uint16_t)(rxq->nb_desc - t));
	unsigned int hit;

	hit = ixguard_rx_write_run(rxq, t, first, shadow, checked);
	if (first < nb)
		hit &= ixguard_rx_write_run(rxq, 0, nb - first, shadow,
					    checked);
	return hit;
}

/*
 * Shadow mode: descriptors between the frame being copied and the frame
 * whose first line is prefetched into L1, by the scalar and the vector
 * RX (ixguard_vec_prefetch_frames()); the device's writes are in memory,
 * about 500 TSC cycles away on an AMD EPYC (Zen 4) guest, where a frame
 * costs 40-55.  L1, not L2: there, PREFETCHT1 of lines in memory is
 * dropped in some processes and served in others (test/bench/
 * prefetch_probe: 2 of 5 processes dropped all 32), PREFETCHT0 always
 * served; the driver's end-of-burst PREFETCHT1 of the next burst's
 * frames, given up for this one, cost 1-2 cycles a packet for what it
 * brought (doc/bench/dma-overhead.md).  24 rather than 16: side by side
 * (shadow mode, 64 B, three runs of 6 processes each) the AVX2 RX cost
 * 1.36-1.40 of net_ixgbe vector's RX against 1.38-1.45; 32 was no
 * better than 24.
 */
#define IXGUARD_RX_FRAME_AHEAD	24

/*
 * Shadow mode, frames longer than a cache line: while one is copied, the
 * rest of the frame IXGUARD_RX_REST_AHEAD descriptors on is prefetched
 * (its first line went IXGUARD_RX_FRAME_AHEAD ahead), as long as this
 * one, a guess: that frame's length is in a write-back not read yet, and
 * the frames of a stream tend to be alike (a wrong guess costs useless
 * prefetches, or leaves lines to the copy).  The lines are in memory
 * (no DDIO) and the hardware's own prefetch of a 2 KiB slot starts too
 * late: with the first line alone, receiving a 1518-byte frame cost 440
 * TSC cycles on an AMD EPYC (Zen 5) guest, 190 with this.  1 descriptor
 * ahead gave 265 (297-316 with the exact length, within a step only), 3
 * 186-211, 4-12 186-196 (doc/bench/dma-overhead.md).
 */
#define IXGUARD_RX_REST_AHEAD	6

static __rte_always_inline void
ixguard_rx_prefetch_rest(const struct ixguard_rx_queue *rxq, uint16_t i,
			 uint32_t len)
{
	uint32_t j = (uint32_t)i + IXGUARD_RX_REST_AHEAD, off;
	const uint8_t *slot;

	if (len <= RTE_CACHE_LINE_SIZE)
		return;
	/* len <= buf_len: the lines are the slot's own. */
	slot = ixguard_rx_slot(rxq, (uint16_t)(j >= rxq->nb_desc ?
					      j - rxq->nb_desc : j));
	for (off = RTE_CACHE_LINE_SIZE; off < len; off += RTE_CACHE_LINE_SIZE)
		rte_prefetch0(slot + off);
}

/*
 * Shadow mode, at a burst's start when the burst before did not
 * prefetch them (it was not full): the first line of the frames of
 * descriptors next .. next + nb - 1, at most IXGUARD_RX_FRAME_AHEAD (the
 * burst's own prefetches take the rest).  A descriptor not written back
 * yet costs a useless prefetch.
 */
static __rte_always_inline void
ixguard_rx_prefetch_frames(const struct ixguard_rx_queue *rxq, uint16_t next,
			   uint16_t nb)
{
	uint16_t i, j = next;

	for (i = 0; i < RTE_MIN(nb, IXGUARD_RX_FRAME_AHEAD); i++) {
		rte_prefetch0(ixguard_rx_slot(rxq, j));
		j = j + 1 == rxq->nb_desc ? 0 : j + 1;
	}
}

/*
 * Descriptors of the next burst prefetched at the end of a full one (at
 * most; testpmd's burst).
 */
#define IXGUARD_RX_PREFETCH_NEXT	32

/*
 * After a full burst, every RX path: the cache lines of the next burst's
 * descriptors, from 'next'.  The device has written most of them back
 * already (a full burst means frames are waiting), and its writes are
 * not in this core's caches (a DMA write takes the line from them; it
 * lands in memory, or in the LLC with DDIO), so the next burst would
 * wait for each line in turn; now they arrive while the application
 * works.  A descriptor the device writes later costs a
 * useless prefetch (its write drops the line again).  Four descriptors
 * to a line; the ring is 128-byte aligned.
 *
 * 'mbufs' (the vector paths, outside shadow mode): the headers of the
 * next burst's mbufs too, which it writes, instead of a step ahead
 * during that burst (doc/bench/pmd-cycles.md).  The scalar path keeps
 * its own prefetch a few descriptors ahead: this one as well made it
 * slower.  rxq->next_prefetched says whether the next burst's mbufs were
 * prefetched here, or in shadow mode its first frames: during this
 * burst, IXGUARD_RX_FRAME_AHEAD descriptors ahead of the copies.
 */
static __rte_always_inline void
ixguard_rx_prefetch_next(struct ixguard_rx_queue *rxq, uint16_t next,
			 uint16_t nb_pkts, const bool shadow, const bool mbufs)
{
	const uint16_t n = rxq->nb_desc;
	const uint16_t nb = RTE_MIN(nb_pkts, IXGUARD_RX_PREFETCH_NEXT);
	uint16_t i;

	for (i = 0; i < nb; i += 4) {
		uint32_t d = (uint32_t)(next & ~3u) + i;

		rte_prefetch0((const void *)(uintptr_t)
			      &rxq->ring[d < n ? d : d - n]);
	}
	if (mbufs) {
		/* Up to the ring's end, then from its start: no chain of
		 * wrap checks from one entry to the next. */
		uint16_t first = RTE_MIN(nb, (uint16_t)(n - next));

		for (i = 0; i < first; i++)
			rte_prefetch0(rxq->sw_ring[next + i]);
		for (i = 0; i < nb - first; i++)
			rte_prefetch0(rxq->sw_ring[i]);
	}
	rxq->next_prefetched = shadow || mbufs;
}

/*
 * Give the consumed descriptors back to the device once more than
 * free_thresh wait (or the ring would run dry): new buffers for the ones
 * consumed, then descriptors tail .. tail + nb_hold - 1 rewritten and
 * posted with one tail write.  The tail stays IXGUARD_RX_HOLD behind
 * rxq->next, so the buffers posted are partly the ones just taken,
 * partly ones taken at the rearm before; each is checked against the
 * domain as it is posted (ixguard_rx_write_descs()).  Returns the new
 * nb_hold (unchanged when the pool is empty, or gave no buffer the domain
 * maps: the descriptors stay with us and the burst retries next time).
 */
static __rte_always_inline uint16_t
ixguard_rx_rearm(struct ixguard_rx_queue *rxq, uint16_t nb_hold,
		 const bool shadow)
{
	const uint16_t n = rxq->nb_desc;
	uint16_t t = rxq->tail, i, from;

	if (nb_hold <= rxq->free_thresh && nb_hold < n - IXGUARD_RX_HOLD)
		return nb_hold;
	/* The consumed ones end at next: next - nb_hold .. next - 1. */
	from = rxq->next >= nb_hold ? rxq->next - nb_hold :
	       rxq->next + n - nb_hold;
	if (!ixguard_rx_refill(rxq, from, nb_hold))
		return nb_hold;
	if (shadow || likely(rxq->buf_dom == NULL)) {
		ixguard_rx_write_descs(rxq, t, nb_hold, shadow, false);
	} else if (unlikely(!ixguard_rx_write_descs(rxq, t, nb_hold, false,
						     true)) &&
		   !ixguard_dmabuf_rx_post_fix(rxq, t, nb_hold)) {
		/* Nothing posted: the buffers just taken go back. */
		for (i = 0; i < nb_hold; i++) {
			uint16_t k = from + i < n ? from + i : from + i - n;

			rte_mbuf_raw_free(rxq->sw_ring[k]);
			rxq->sw_ring[k] = NULL;
		}
		rte_eth_devices[rxq->port_id].data->rx_mbuf_alloc_failed++;
		return nb_hold;
	}
	t = t + nb_hold >= n ? t + nb_hold - n : t + nb_hold;
	rte_io_wmb();
	rte_write32_relaxed(t, rxq->rdt_reg);
	rxq->tail = t;
	return 0;
}

/*
 * Prepare a received mbuf of one descriptor (length already checked):
 * data_off, refcnt, nb_segs and port in one store.  next is not written:
 * a mbuf from its pool has next NULL (rte_pktmbuf_prefree_seg(), and the
 * TX paths unchain what they put back raw), and the header's second
 * cache line stays untouched.
 */
static __rte_always_inline void
ixguard_rx_mbuf_init(const struct ixguard_rx_queue *rxq, struct rte_mbuf *m,
		     uint32_t len)
{
	uintptr_t rearm = (uintptr_t)&m->rearm_data;

	*(uint64_t *)rearm = rxq->mbuf_init;
	m->data_len = (uint16_t)len;
	m->pkt_len = len;
}

/*
 * RTE_ETH_RX_OFFLOAD_KEEP_CRC: the device leaves the FCS in the buffers
 * (HLREG0.RXCRCSTRP clear) and counts it in the write-back length; DPDK's
 * lengths exclude it, the bytes stay behind the data.  The FCS may
 * straddle the frame's last two buffers: a last buffer that holds only
 * FCS bytes is unchained and freed.  Returns false when nothing but FCS
 * is left (the caller drops the frame).
 */
static inline bool
ixguard_rx_strip_crc(struct rte_mbuf *first, struct rte_mbuf *last,
		     uint32_t crc_len)
{
	struct rte_mbuf *prev;
	uint32_t rest;

	if (first->pkt_len <= crc_len)
		return false;
	first->pkt_len -= crc_len;
	if (last->data_len > crc_len) {
		last->data_len -= crc_len;
		return true;
	}
	/* pkt_len > crc_len >= last's length: last is not first. */
	rest = crc_len - last->data_len;
	for (prev = first; prev->next != last; prev = prev->next)
		;
	prev->data_len -= rest;
	prev->next = NULL;
	first->nb_segs--;
	rte_pktmbuf_free_seg(last);
	return true;
}

/* ---- Transmit --------------------------------------------------------- */

/* Mbufs freed per rte_mempool_put_bulk() call at most. */
#define IXGUARD_TX_FREE_BURST	64

/*
 * Return completed TX mbufs to their pools.  With
 * RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE the application promised direct
 * mbufs of one pool with refcnt 1: straight back in bulk.  Otherwise each
 * segment goes through rte_pktmbuf_prefree_seg() and runs of one pool are
 * put back together.
 */
static __rte_always_inline void
ixguard_tx_free_bulk(const struct ixguard_tx_queue *txq,
		     struct rte_mbuf **m, unsigned int nb)
{
	struct rte_mbuf *keep[IXGUARD_TX_FREE_BURST];
	unsigned int i, k = 0;

	if (nb == 0)
		return;
	if (txq->offloads & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE) {
		rte_mempool_put_bulk(m[0]->pool, (void **)m, nb);
		return;
	}
	for (i = 0; i < nb; i++) {
		struct rte_mbuf *s = rte_pktmbuf_prefree_seg(m[i]);

		if (s == NULL)
			continue;
		if (k == RTE_DIM(keep) || (k > 0 && s->pool != keep[0]->pool)) {
			rte_mempool_put_bulk(keep[0]->pool, (void **)keep, k);
			k = 0;
		}
		keep[k++] = s;
	}
	if (k > 0)
		rte_mempool_put_bulk(keep[0]->pool, (void **)keep, k);
}

/*
 * The segment after s, for a walk that hands each segment to
 * ixguard_tx_free_bulk() on its own.  Under MBUF_FAST_FREE the segments
 * go back to their pool without rte_pktmbuf_prefree_seg(), so a chain is
 * undone here, while its headers are hot: a mbuf in a pool has next NULL
 * and one segment (the RX paths rely on it).
 */
static __rte_always_inline struct rte_mbuf *
ixguard_tx_seg_next(const struct ixguard_tx_queue *txq, struct rte_mbuf *s)
{
	struct rte_mbuf *nx = s->next;

	if (unlikely(nx != NULL) &&
	    (txq->offloads & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE)) {
		s->next = NULL;
		s->nb_segs = 1;
	}
	return nx;
}

/*
 * m into the batch done, which goes back to the pool first when it is
 * full (ixguard_tx_free_bulk()).
 */
static __rte_always_inline void
ixguard_tx_free_add(const struct ixguard_tx_queue *txq, struct rte_mbuf *m,
		    struct rte_mbuf **done, unsigned int *nb_done)
{
	if (*nb_done == IXGUARD_TX_FREE_BURST) {
		ixguard_tx_free_bulk(txq, done, *nb_done);
		*nb_done = 0;
	}
	done[(*nb_done)++] = m;
}

/*
 * The mbufs of sw_ring [i, i + nb), inside the ring, into done (passed
 * to ixguard_tx_free_bulk() whenever it is full); their entries become
 * NULL.  Returns how many there were (context descriptors and shadow
 * mode's have none).
 */
static __rte_always_inline uint32_t
ixguard_tx_collect(const struct ixguard_tx_queue *txq, uint16_t i,
		   uint16_t nb, struct rte_mbuf **done, unsigned int *nb_done)
{
	struct rte_mbuf **sw = txq->sw_ring + i;
	uint32_t got = 0;
	uint16_t k;

	for (k = 0; k < nb; k++) {
		struct rte_mbuf *m = sw[k];

		if (m == NULL)
			continue;
		sw[k] = NULL;
		ixguard_tx_free_add(txq, m, done, nb_done);
		got++;
	}
	return got;
}

/*
 * Free what the hardware reported done (DD on the descriptors with RS).
 *
 * The write-back replaces the status dword (§7.2.3.2.4: STA in bits 3:0,
 * the rest reserved, 0).  A descriptor we posted holds PAYLEN there,
 * never 0 (ixguard_tx_pkt_check refuses empty packets), so DD next to
 * reserved bits was not set by a write-back: the device claims a
 * descriptor it has not sent yet.  Believing it would free buffers the
 * device is still to read and let the tail run past the device's head;
 * the lie is counted once and we wait for the real write-back.
 *
 * Whole batches are freed while fewer than 'limit' mbufs are.  With
 * 'split' (a constant of the caller: tx_done_cleanup) exactly 'limit' at
 * most, a batch in part if need be: clean moves into it, and the rest
 * goes with its RS descriptor later.  Returns the mbufs freed.
 */
static __rte_always_inline uint32_t
ixguard_tx_cleanup_walk(struct ixguard_tx_queue *txq, uint32_t limit,
			const bool split)
{
	volatile union ix_adv_tx_desc *ring = txq->ring;
	struct rte_mbuf **sw = txq->sw_ring;
	struct rte_mbuf *done[IXGUARD_TX_FREE_BURST];
	const uint16_t n = txq->nb_desc;
	unsigned int nb_done = 0;
	uint32_t freed = 0;

	while (txq->rs_count > 0 && freed < limit) {
		uint16_t end = txq->rs_fifo[txq->rs_head];
		uint16_t i = txq->clean, cnt = 0;
		uint32_t status = ring[end].wb.status;
		bool whole = false;

		if (!(status & IX_TXD_STAT_DD))
			break;
		if (unlikely(status & IX_TXD_WB_RSV_MASK)) {
			if (!txq->forged_wait) {
				txq->forged_wb++;
				txq->forged_wait = true;
			}
			break;
		}
		txq->forged_wait = false;
		cnt = (end >= i ? end - i : end + n - i) + 1;
		if (!split || freed + cnt <= limit) {
			/* The whole batch, up to the ring's end and then
			 * from its start. */
			uint16_t first = RTE_MIN(cnt, (uint16_t)(n - i));

			freed += ixguard_tx_collect(txq, i, first, done,
						    &nb_done);
			freed += ixguard_tx_collect(txq, 0, cnt - first, done,
						    &nb_done);
			txq->clean = end + 1 == n ? 0 : end + 1;
			txq->nb_free += cnt;
			txq->rs_head = txq->rs_head + 1 == n ? 0 :
				       txq->rs_head + 1;
			txq->rs_count--;
			continue;
		}
		cnt = 0;
		for (;;) {
			struct rte_mbuf *m = sw[i];

			if (m != NULL) {
				sw[i] = NULL;
				ixguard_tx_free_add(txq, m, done, &nb_done);
				freed++;
			}
			cnt++;
			if (i == end) {
				whole = true;
				break;
			}
			i = i + 1 == n ? 0 : i + 1;
			if (split && freed == limit)
				break;
		}
		/* Descriptors clean .. up to i (excluded unless whole). */
		txq->clean = whole ? (end + 1 == n ? 0 : end + 1) : i;
		txq->nb_free += cnt;
		if (!whole)
			break;
		txq->rs_head = txq->rs_head + 1 == n ? 0 : txq->rs_head + 1;
		txq->rs_count--;
	}
	ixguard_tx_free_bulk(txq, done, nb_done);
	return freed;
}

/*
 * The bursts' cleanup: whole RS batches, until at least
 * IXGUARD_TX_CLEAN_MBUFS mbufs are freed (all of them in shadow mode,
 * which frees none here).  Not everything done at once: hundreds of
 * mbufs put back in one go overflow the lcore's mempool cache into the
 * pool's ring, and the RX refill then takes the ring's oldest mbufs,
 * whose headers left the CPU's caches long ago; a few batches at a time
 * keep the cache turning over the same hot mbufs.
 */
#define IXGUARD_TX_CLEAN_MBUFS	64

static __rte_always_inline void
ixguard_tx_cleanup(struct ixguard_tx_queue *txq)
{
	ixguard_tx_cleanup_walk(txq, IXGUARD_TX_CLEAN_MBUFS, false);
}

/* Verdicts of ixguard_tx_pkt_check(). */
#define IXGUARD_TX_PKT_OK	0
#define IXGUARD_TX_PKT_BAD	1	/* malformed chain: bad_pkts */
#define IXGUARD_TX_PKT_REFUSED	2	/* outside the DMA domain */

/*
 * A segment's data inside the DMA domain (port/strict modes, 'checked'):
 * first the queue's range cache (while the domain runs its ranges only
 * grow, so no lookup is needed), else the domain is asked
 * (ixguard_dma_tx_admit(): in port mode it maps the segment's pool).
 * The cache's lookup with branches: its branchless form
 * (ixguard_rc_hit_bit()) made port mode's 64-byte ratio to shared mode
 * 1.09 instead of 1.05 (test/bench/dma_overhead.py, side by side).
 */
static __rte_always_inline bool
ixguard_tx_seg_admitted(struct ixguard_tx_queue *txq, struct rte_mbuf *s)
{
	rte_iova_t iova = rte_mbuf_data_iova(s);

	if (likely(ixguard_rc_hit(&txq->adm, iova,
				  iova + s->data_len - 1)))
		return true;
	return ixguard_dma_tx_admit(txq, s);
}

/*
 * The one walk over a TX mbuf: can the hardware send this chain as it
 * is (lengths that add up, segment count and sizes within limits), and,
 * with 'checked' (a constant of the caller), is each segment inside the
 * port's DMA domain?
 */
static __rte_always_inline int
ixguard_tx_pkt_check(struct ixguard_tx_queue *txq, struct rte_mbuf *m,
		     const bool checked)
{
	struct rte_mbuf *s;
	uint32_t sum = 0;
	uint16_t segs = 0;
	bool in = true;

	/* A TSO packet is cut by the hardware: PAYLEN bounds it. */
	uint32_t max_len = (m->ol_flags & RTE_MBUF_F_TX_TCP_SEG) ?
			   IXGUARD_TSO_MAX_PAYLOAD + IX_TXCTX_MACLEN_MAX +
			   IX_TXCTX_IPLEN_MAX + IX_TXCTX_L4LEN_MAX :
			   IXGUARD_MAX_FRAME - RTE_ETHER_CRC_LEN;

	if (unlikely(m->nb_segs == 0 || m->nb_segs > IXGUARD_MAX_TX_SEGS ||
		     m->pkt_len == 0 || m->pkt_len > max_len))
		return IXGUARD_TX_PKT_BAD;
	if (likely(m->nb_segs == 1)) {
		/*
		 * One segment: its next (the header's second cache line) is
		 * not read, here nor by the paths; only this segment is
		 * sent and freed.
		 */
		if (unlikely(m->data_len != m->pkt_len))
			return IXGUARD_TX_PKT_BAD;
		if (checked && unlikely(!ixguard_tx_seg_admitted(txq, m)))
			return IXGUARD_TX_PKT_REFUSED;
		return IXGUARD_TX_PKT_OK;
	}
	for (s = m; s != NULL && segs <= IXGUARD_MAX_TX_SEGS; s = s->next) {
		if (s->data_len == 0 || s->data_len > IXGUARD_MAX_TX_SEG_LEN)
			return IXGUARD_TX_PKT_BAD;
		if (checked && in)
			in = ixguard_tx_seg_admitted(txq, s);
		sum += s->data_len;
		segs++;
	}
	if (s != NULL || segs != m->nb_segs || sum != m->pkt_len)
		return IXGUARD_TX_PKT_BAD;
	return in ? IXGUARD_TX_PKT_OK : IXGUARD_TX_PKT_REFUSED;
}

/*
 * A packet the check refused: counted (bad_pkts, or the domain's
 * tx_dma_refused_packets with a log line) and freed; the burst reports
 * it as sent.
 */
static inline void
ixguard_tx_pkt_drop(struct ixguard_tx_queue *txq, struct rte_mbuf *m,
		    int verdict)
{
	if (verdict == IXGUARD_TX_PKT_REFUSED)
		ixguard_dma_tx_refuse(txq, m);
	else
		txq->bad_pkts++;
	rte_pktmbuf_free(m);
}

/*
 * RS bookkeeping: should the packet ending a run of nseg descriptors ask
 * for a write-back (at most every rs_thresh descriptors)?  Then
 * ixguard_tx_rs_note() with the packet's last descriptor.
 */
static __rte_always_inline uint32_t
ixguard_tx_rs_want(const struct ixguard_tx_queue *txq, uint16_t nseg)
{
	return txq->since_rs + nseg >= txq->rs_thresh ? IX_TXD_CMD_RS : 0;
}

/* Descriptor last, just written with RS, joins the cleanup's FIFO. */
static __rte_always_inline void
ixguard_tx_rs_push(struct ixguard_tx_queue *txq, uint16_t last)
{
	txq->rs_fifo[txq->rs_tail] = last;
	txq->rs_tail = txq->rs_tail + 1 == txq->nb_desc ? 0 :
		       txq->rs_tail + 1;
	txq->rs_count++;
}

static __rte_always_inline void
ixguard_tx_rs_note(struct ixguard_tx_queue *txq, uint16_t nseg,
		   uint32_t rs, uint16_t last)
{
	txq->nb_free -= nseg;
	if (rs) {
		ixguard_tx_rs_push(txq, last);
		txq->since_rs = 0;
	} else {
		txq->since_rs += nseg;
	}
}

/*
 * At the end of a burst: the descriptors the next cleanup looks at (the
 * oldest with RS).  Their write-backs are not in the CPU's caches, and
 * the cleanup cannot go on without them; fetched now, they arrive while
 * the application works.  A cleanup takes IXGUARD_TX_CLEAN_MBUFS mbufs,
 * two batches of the default tx_rs_thresh: with the first alone
 * prefetched, the second's status cost each cleanup a memory latency
 * (440 cycles a cleanup against 145, test/bench/pmd_cost --cache flush,
 * shared mode, 64 B; the vector TX burst 0.63 of its cost, side by
 * side).  Not written back yet: a useless prefetch.
 */
#define IXGUARD_TX_PREFETCH_RS	2

static __rte_always_inline void
ixguard_tx_prefetch_rs(const struct ixguard_tx_queue *txq)
{
	uint16_t h = txq->rs_head;
	unsigned int k;

	for (k = 0; k < IXGUARD_TX_PREFETCH_RS && k < txq->rs_count; k++) {
		rte_prefetch0((const void *)(uintptr_t)
			      &txq->ring[txq->rs_fifo[h]]);
		h = h + 1 == txq->nb_desc ? 0 : h + 1;
	}
}

#ifdef RTE_ARCH_X86
/*
 * Copy n bytes (a multiple of 64) in 64-byte blocks, with non-temporal
 * stores to a 16-byte aligned dst ('stream', a constant of the caller)
 * or with plain unaligned ones.
 */
static __rte_always_inline void
ixguard_copy_blocks(void *dst, const void *src, uint32_t n, const bool stream)
{
	const __m128i *s = src;
	__m128i *d = dst;
	uint32_t off;

	for (off = 0; off < n; off += 64, s += 4, d += 4) {
		__m128i a = _mm_loadu_si128(s), b = _mm_loadu_si128(s + 1);
		__m128i c = _mm_loadu_si128(s + 2), e = _mm_loadu_si128(s + 3);

		if (stream) {
			_mm_stream_si128(d, a);
			_mm_stream_si128(d + 1, b);
			_mm_stream_si128(d + 2, c);
			_mm_stream_si128(d + 3, e);
		} else {
			_mm_storeu_si128(d, a);
			_mm_storeu_si128(d + 1, b);
			_mm_storeu_si128(d + 2, c);
			_mm_storeu_si128(d + 3, e);
		}
	}
}
#endif

/*
 * Shadow mode TX: a packet of at least this many bytes goes into its slot
 * with non-temporal stores (ixguard_tx_copy_stream()).  The slot's lines
 * are the device's to read next, not the CPU's, and a 2 KiB slot per
 * descriptor cycles through more memory than the caches hold, so plain
 * stores would first fetch each line.  Side by side on the AMD EPYC guest
 * (doc/bench/pmd-cycles.md), shadow TX at 1518 B: 27% fewer cycles a
 * packet.  Below it, plain stores: a line or two is cheaper to write into
 * the cache than to stream.
 */
#define IXGUARD_TX_COPY_STREAM_MIN	256

/*
 * Copy the whole 64-byte blocks of len bytes from src to a 16-byte
 * aligned dst with non-temporal stores; returns the bytes copied (the
 * caller copies the rest).  ixguard_tx_copy_fence() before the tail is
 * written: such stores are not ordered with later ones.
 */
static __rte_always_inline uint32_t
ixguard_tx_copy_stream(uint8_t *dst, const uint8_t *src, uint32_t len)
{
#ifdef RTE_ARCH_X86
	uint32_t n = len & ~(uint32_t)63;

	ixguard_copy_blocks(dst, src, n, true);
	return n;
#else
	RTE_SET_USED(dst);
	RTE_SET_USED(src);
	RTE_SET_USED(len);
	return 0;
#endif
}

/*
 * Shadow mode TX, the scalar family: k bytes of a packet into its slot at
 * dst, streamed where they are long and dst is 16-byte aligned (as
 * above), with rte_memcpy otherwise and for what is left.
 */
static __rte_always_inline void
ixguard_tx_copy_piece(uint8_t *dst, const uint8_t *src, uint32_t k)
{
	uint32_t done = 0;

	if (k >= IXGUARD_TX_COPY_STREAM_MIN && ((uintptr_t)dst & 15) == 0)
		done = ixguard_tx_copy_stream(dst, src, k);
	rte_memcpy(dst + done, src + done, k - done);
}

/* After ixguard_tx_copy_stream(), before the device is told. */
static __rte_always_inline void
ixguard_tx_copy_fence(void)
{
	rte_wmb();
}

/* One tail write for the burst, after the descriptors are in memory. */
static __rte_always_inline void
ixguard_tx_post(struct ixguard_tx_queue *txq, uint16_t tail)
{
	if (tail == txq->tail)
		return;
	txq->tail = tail;
	rte_io_wmb();
	rte_write32_relaxed(tail, txq->tdt_reg);
}

#endif /* IXGUARD_RXTX_COMMON_H */

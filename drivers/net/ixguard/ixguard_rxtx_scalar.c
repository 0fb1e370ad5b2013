/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Scalar receive and transmit burst functions (advanced descriptors).
 *
 * Rules for this file: no register reads, one tail write per burst, and
 * whatever the device wrote back (status, lengths, types) is checked
 * before it is used: a length never indexes memory unchecked, only
 * descriptors we posted are looked at, and bad frames are counted and
 * dropped instead of reaching the application.
 */

#include <rte_io.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <ethdev_driver.h>

#include "ixguard_dmabuf.h"
#include "ixguard_ethdev.h"
#include "ixguard_offload.h"
#include "ixguard_qguard.h"
#include "ixguard_rxtx.h"
#include "ixguard_rxtx_common.h"

/* ---- Receive ---------------------------------------------------------- */

/*
 * Receive.  Everything the device wrote back is checked before use:
 * lengths against the buffer (and every buffer but a frame's last must be
 * full), the frame against the largest we accept, chains against the
 * number of buffers such a frame needs; a bad frame
 * is counted (xstats) and its buffers go back to the pool.
 *
 * Only descriptors we posted are looked at (next never passes the tail),
 * and one is taken as written back only if the write-back replaced the
 * buffer address we put in dword 0-1: DD on a descriptor that still holds
 * it was not set by a write-back (the device does not own dword 2-3 in
 * the read format), so it is counted and we wait for the real one.  The
 * driver therefore never runs ahead of the device and never posts a tail
 * that covers a descriptor it did not rewrite.  Consumed descriptors are
 * rewritten (address, header address 0) just before they are posted
 * again, whatever the device left in them.
 *
 * A forged write-back that is plausible cannot be told from a real one;
 * what the driver guarantees is memory safety, accounting and progress.
 *
 * 'shadow' (a constant: two functions are made of this one): the device
 * writes into the queue's own buffers, and each descriptor's bytes are
 * copied into a new mbuf of the application's pool once the write-back
 * was checked, so a delivered packet is out of the device's reach.
 */
static __rte_always_inline uint16_t
recv_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts,
	   const bool shadow)
{
	struct ixguard_rx_queue *rxq = queue;
	volatile union ix_adv_rx_desc *ring = rxq->ring;
	struct rte_mbuf **sw = rxq->sw_ring;
	struct rte_mbuf *first = rxq->pkt_first, *last = rxq->pkt_last;
	const uint16_t n = rxq->nb_desc;
	/* Descriptors posted to the hardware at most. */
	const uint16_t hw_max = n - IXGUARD_RX_HOLD;
	uint16_t next = rxq->next, nb_hold = rxq->nb_hold, nb_rx = 0;
	bool bad = rxq->pkt_bad, discard = rxq->discard;

	IXGUARD_QGUARD_CHECK(rxq);
	if (shadow && !rxq->next_prefetched)
		ixguard_rx_prefetch_frames(rxq, next, nb_pkts);
	rxq->next_prefetched = false;	/* again if this one is full */

	while (nb_rx < nb_pkts) {
		struct rte_mbuf *m;
		const uint8_t *slot = NULL;
		uint64_t q0, q1;
		uint32_t staterr, len;
		uint16_t nxt, ahead, cur;

		/* next == tail: not posted, nothing to look at. */
		if (nb_hold >= hw_max)
			break;
		q1 = ring[next].q[1];
		if (!((uint32_t)q1 & IX_RXD_STAT_DD))
			break;
		/* Dword 0-1 is read after DD. */
		rte_smp_rmb();
		q0 = ring[next].q[0];
		if (unlikely(ixguard_rx_wb_forged(rxq, q0,
				ixguard_rx_posted_iova(rxq, next, shadow))))
			break;
		staterr = (uint32_t)q1;
		len = (uint16_t)(q1 >> 32);

		/* Its buffer comes back at the rearm (ixguard_rx_rearm). */
		m = sw[next];
		sw[next] = NULL;
		cur = next;
		if (shadow)
			slot = ixguard_rx_slot(rxq, next);
		nxt = next + 1 == n ? 0 : next + 1;
		/*
		 * Ahead: the mbuf a few frames on (written at delivery;
		 * NULL past the posted ones, a prefetch does not fault),
		 * in shadow mode the first bytes of a frame further on
		 * (copied; the device left them in memory, not in our
		 * cache), and the descriptors a cache line on.
		 */
		ahead = next + IXGUARD_RX_PREFETCH_AHEAD;
		if (ahead >= n)
			ahead -= n;
		rte_prefetch0(sw[ahead]);
		if (shadow) {
			uint16_t f = next + IXGUARD_RX_FRAME_AHEAD;

			rte_prefetch0(ixguard_rx_slot(rxq,
						      f >= n ? f - n : f));
		}
		if ((nxt & 3) == 0 && nxt + 4 < n)
			rte_prefetch0((const void *)(uintptr_t)&ring[nxt + 4]);
		next = nxt;
		nb_hold++;

		if (unlikely(ixguard_rx_wb_bad(rxq, q0, q1))) {
			/*
			 * More than the buffer holds, or fields the hardware
			 * leaves clear: the frame is dropped.
			 */
			rxq->bad_desc++;
			bad = true;
			len = 0;
		}
		if (unlikely(!(staterr & IX_RXD_STAT_EOP) && len != 0 &&
			     len != rxq->buf_len && !discard)) {
			/*
			 * The device goes on to the next buffer only when one
			 * is full (header split off: 82599 datasheet 7.1.6),
			 * so a short buffer without EOP ends a frame whose EOP
			 * is a lie.  Drop that frame here and let the next
			 * descriptor start one: the lie costs no other frame.
			 */
			rxq->bad_desc++;
			rte_pktmbuf_free_seg(m);
			rte_pktmbuf_free(first);
			first = NULL;
			last = NULL;
			bad = false;
			continue;
		}
		if (unlikely(staterr & IX_RXD_ERR_RXE))
			bad = true;
		if (unlikely(discard)) {
			/* The rest of an over-long chain, up to its EOP. */
			rte_pktmbuf_free_seg(m);
			if (staterr & IX_RXD_STAT_EOP)
				discard = false;
			bad = false;
			continue;
		}
		/* len <= buf_len <= the data room: checked above. */
		ixguard_rx_mbuf_init(rxq, m, len);
		if (shadow) {
			ixguard_rx_prefetch_rest(rxq, cur, len);
			rte_memcpy(rte_pktmbuf_mtod(m, void *), slot, len);
		}
		if (first == NULL) {
			first = m;
		} else {
			last->next = m;
			first->pkt_len += len;
			first->nb_segs++;
			/*
			 * A frame never needs more buffers than this; more
			 * means garbage.  Read as the chain grows: the MTU may
			 * grow while the port runs (ixguard_mtu_set()), and a
			 * burst may be preempted for long.
			 */
			if (unlikely(first->nb_segs > rxq->max_pkt_len /
						      rxq->buf_len + 2)) {
				/*
				 * No EOP where a valid frame would end: drop
				 * what we have now (a chain that never ends
				 * would drain the pool), discard up to EOP.
				 */
				rxq->bad_desc++;
				rte_pktmbuf_free(first);
				first = NULL;
				last = NULL;
				bad = false;
				discard = !(staterr & IX_RXD_STAT_EOP);
				continue;
			}
		}
		last = m;
		if (!(staterr & IX_RXD_STAT_EOP))
			continue;

		if (rxq->crc_len != 0 && !bad &&
		    unlikely(!ixguard_rx_strip_crc(first, last,
						   rxq->crc_len))) {
			/* Nothing but an FCS: no MAC delivers that. */
			rxq->bad_desc++;
			bad = true;
		}
		if (unlikely(bad || first->pkt_len == 0 ||
			     first->pkt_len > rxq->max_pkt_len +
					      RTE_VLAN_HLEN)) {
			if (staterr & IX_RXD_ERR_RXE)
				rxq->err_frames++;
			else if (!bad)
				rxq->bad_desc++;
			rte_pktmbuf_free(first);
			first = NULL;
			last = NULL;
			bad = false;
			continue;
		}
		first->port = rxq->port_id;
		/* Type, VLAN, checksums, hash: from the EOP write-back. */
		ixguard_rx_offload_fill(rxq, first, q0, q1);
		pkts[nb_rx++] = first;
		first = NULL;
		last = NULL;
	}

	rxq->next = next;
	rxq->pkt_first = first;
	rxq->pkt_last = last;
	rxq->pkt_bad = bad;
	rxq->discard = discard;
	rxq->nb_hold = ixguard_rx_rearm(rxq, nb_hold, shadow);
	if (nb_rx == nb_pkts)
		ixguard_rx_prefetch_next(rxq, next, nb_pkts, shadow, false);
	return nb_rx;
}

uint16_t
ixguard_recv_pkts(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return recv_burst(queue, pkts, nb_pkts, false);
}

uint16_t
ixguard_recv_pkts_shadow(void *queue, struct rte_mbuf **pkts,
			 uint16_t nb_pkts)
{
	return recv_burst(queue, pkts, nb_pkts, true);
}

/* ---- Transmit --------------------------------------------------------- */

/*
 * Shadow mode: copy the packet into the slots of the descriptors from
 * 'tail' on (2 KiB each, ceil(pkt_len / 2 KiB) of them) and write those
 * data descriptors; the last carries EOP and 'rs'.  The chain was
 * checked (ixguard_tx_pkt_ok: segment lengths add up to pkt_len), so the
 * copy stays inside the mbufs and the slots.  Returns the new tail, and
 * the last descriptor in *last.
 */
static __rte_always_inline uint16_t
tx_shadow_copy(struct ixguard_tx_queue *txq, const struct rte_mbuf *m,
	       uint16_t tail, uint32_t cmd_base, uint32_t olinfo, uint32_t rs,
	       uint16_t *last)
{
	volatile union ix_adv_tx_desc *ring = txq->ring;
	const uint16_t n = txq->nb_desc;
	const struct rte_mbuf *s = m;
	uint32_t left = m->pkt_len, off = 0;

	while (left != 0) {
		uint32_t chunk = RTE_MIN(left, (uint32_t)IXGUARD_TX_SHADOW_SLOT);
		uint8_t *dst = ixguard_tx_slot(txq, tail, chunk);
		uint32_t fill = 0, cmd;

		while (fill < chunk) {
			uint32_t k = RTE_MIN(chunk - fill,
					     (uint32_t)s->data_len - off);

			ixguard_tx_copy_piece(dst + fill,
				rte_pktmbuf_mtod_offset(s, const uint8_t *,
							off), k);
			fill += k;
			off += k;
			/* The last segment's next is not read (the header's
			 * second cache line). */
			if (off == s->data_len && fill < left) {
				s = s->next;
				off = 0;
			}
		}
		left -= chunk;
		cmd = chunk | cmd_base;
		if (left == 0)
			cmd |= IX_TXD_CMD_EOP | rs;
		txq->sw_ring[tail] = NULL;
		ring[tail].q[0] = ixguard_tx_slot_iova(txq, dst);
		ring[tail].q[1] = cmd | (uint64_t)olinfo << 32;
		*last = tail;
		tail = tail + 1 == n ? 0 : tail + 1;
	}
	return tail;
}

/*
 * The TX modes of xmit_burst (a constant: one function each).
 *   DIRECT   the device reads the application's mbufs (shared mode)
 *   CHECKED  the same, each segment admitted in the port's DMA domain
 *            first (port and strict modes), in the walk that checks
 *            the chain
 *   SHADOW   the device reads the queue's own buffers, read-only for
 *            it, never the application's mbufs, which go back to their
 *            pool as soon as they are copied
 */
#define TX_DIRECT	0
#define TX_CHECKED	1
#define TX_SHADOW	2

static __rte_always_inline uint16_t
xmit_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts,
	   const int mode)
{
	const bool shadow = mode == TX_SHADOW;
	struct ixguard_tx_queue *txq = queue;
	volatile union ix_adv_tx_desc *ring = txq->ring;
	struct rte_mbuf **sw = txq->sw_ring;
	/* Shadow: segments copied, freed in bulk. */
	struct rte_mbuf *copied[IXGUARD_TX_FREE_BURST];
	unsigned int nb_copied = 0;
	const uint16_t n = txq->nb_desc;
	uint16_t tail = txq->tail, nb_tx;

	IXGUARD_QGUARD_CHECK(txq);
	if (txq->nb_free < txq->free_thresh)
		ixguard_tx_cleanup(txq);

	for (nb_tx = 0; nb_tx < nb_pkts; nb_tx++) {
		struct rte_mbuf *m = pkts[nb_tx], *s, *nx;
		struct ixguard_txctx_req ctx;
		uint16_t nseg = m->nb_segs, last = tail;
		uint32_t olinfo, cmd_base, rs;
		bool copy = shadow;
		uint16_t k;
		int verdict;

		if (nb_tx + 1 < nb_pkts) {
			rte_prefetch0(pkts[nb_tx + 1]);
			if (shadow)
				rte_prefetch0(rte_pktmbuf_mtod(pkts[nb_tx + 1],
							       void *));
		}
		verdict = ixguard_tx_pkt_check(txq, m, mode == TX_CHECKED);
		if (mode == TX_CHECKED &&
		    unlikely(verdict == IXGUARD_TX_PKT_REFUSED) &&
		    ixguard_dma_tx_bounce(txq, m)) {
			/* Copied, as in shadow mode: the device never sees
			 * the page it shares with other memory. */
			verdict = IXGUARD_TX_PKT_OK;
			copy = true;
		}
		if (unlikely(verdict != IXGUARD_TX_PKT_OK)) {
			ixguard_tx_pkt_drop(txq, m, verdict);
			continue;
		}
		ctx.write = false;
		ctx.olinfo = 0;
		ctx.cmd = 0;
		ctx.paylen = m->pkt_len;
		if ((m->ol_flags & IXGUARD_TX_OFFLOAD_MASK) &&
		    unlikely(ixguard_txctx_lookup(txq, m, &ctx) != 0)) {
			/* Lengths the context cannot hold (no tx_prepare). */
			ixguard_tx_pkt_drop(txq, m, IXGUARD_TX_PKT_BAD);
			continue;
		}
		if (copy)
			nseg = (m->pkt_len + IXGUARD_TX_SHADOW_SLOT - 1) /
			       IXGUARD_TX_SHADOW_SLOT;
		nseg += ctx.write;
		if (unlikely(copy && nseg >= n)) {
			/* More descriptors than the ring will ever have. */
			ixguard_tx_pkt_drop(txq, m, IXGUARD_TX_PKT_BAD);
			continue;
		}
		if (nseg > txq->nb_free) {
			ixguard_tx_cleanup(txq);
			if (nseg > txq->nb_free)
				break;
		}
		if (ctx.write) {
			/* The context descriptor goes first; no mbuf. */
			ixguard_txctx_commit(txq, &ctx, &ring[tail]);
			sw[tail] = NULL;
			tail = tail + 1 == n ? 0 : tail + 1;
		}
		rs = ixguard_tx_rs_want(txq, nseg);
		olinfo = ctx.paylen << IX_TXD_PAYLEN_SHIFT | ctx.olinfo;
		cmd_base = IX_TXD_DTYP_DATA | IX_TXD_CMD_DEXT |
			   IX_TXD_CMD_IFCS | ctx.cmd;
		if (copy) {
			tail = tx_shadow_copy(txq, m, tail, cmd_base, olinfo,
					      rs, &last);
			for (s = m, k = m->nb_segs; k != 0; s = nx, k--) {
				nx = k > 1 ? ixguard_tx_seg_next(txq, s) : NULL;
				ixguard_tx_free_add(txq, s, copied,
						    &nb_copied);
			}
		}
		/*
		 * The chain was checked (ixguard_tx_pkt_check): nb_segs
		 * segments, and the last one's next (the header's second
		 * cache line) is not read.
		 */
		for (s = m, k = copy ? 0 : m->nb_segs; k != 0; s = nx, k--) {
			uint32_t cmd = s->data_len | cmd_base;

			ring[tail].q[0] = rte_mbuf_data_iova(s);
			nx = k > 1 ? ixguard_tx_seg_next(txq, s) : NULL;
			if (k == 1)
				cmd |= IX_TXD_CMD_EOP | rs;
			sw[tail] = s;
			ring[tail].q[1] = cmd | (uint64_t)olinfo << 32;
			last = tail;
			tail = tail + 1 == n ? 0 : tail + 1;
		}
		ixguard_tx_rs_note(txq, nseg, rs, last);
	}

	if (shadow)
		ixguard_tx_copy_fence();
	ixguard_tx_post(txq, tail);
	if (mode != TX_DIRECT)
		ixguard_tx_free_bulk(txq, copied, nb_copied);
	ixguard_tx_prefetch_rs(txq);
	return nb_tx;
}

uint16_t
ixguard_xmit_pkts(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return xmit_burst(queue, pkts, nb_pkts, TX_DIRECT);
}

uint16_t
ixguard_xmit_pkts_checked(void *queue, struct rte_mbuf **pkts,
			  uint16_t nb_pkts)
{
	return xmit_burst(queue, pkts, nb_pkts, TX_CHECKED);
}

uint16_t
ixguard_xmit_pkts_shadow(void *queue, struct rte_mbuf **pkts,
			 uint16_t nb_pkts)
{
	return xmit_burst(queue, pkts, nb_pkts, TX_SHADOW);
}

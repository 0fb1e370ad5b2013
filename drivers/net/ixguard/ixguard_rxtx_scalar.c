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

/* ---- Receive ---------------------------------------------------------- */

const uint32_t *
ixguard_supported_ptypes(struct rte_eth_dev *dev)
{
	static const uint32_t ptypes[] = {
		RTE_PTYPE_L2_ETHER,
		RTE_PTYPE_L2_ETHER_VLAN,
		RTE_PTYPE_L3_IPV4,
		RTE_PTYPE_L3_IPV4_EXT,
		RTE_PTYPE_L3_IPV6,
		RTE_PTYPE_L3_IPV6_EXT,
		RTE_PTYPE_L4_TCP,
		RTE_PTYPE_L4_UDP,
		RTE_PTYPE_L4_SCTP,
		RTE_PTYPE_UNKNOWN,
	};

	if (dev->rx_pkt_burst == ixguard_recv_pkts ||
	    dev->rx_pkt_burst == ixguard_recv_pkts_shadow)
		return ptypes;
	return NULL;
}

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
	/* A frame never needs more buffers than this; more means garbage. */
	const uint32_t max_segs = rxq->max_pkt_len / rxq->buf_len + 2;
	uint16_t next = rxq->next, nb_hold = rxq->nb_hold, nb_rx = 0;
	bool bad = rxq->pkt_bad, discard = rxq->discard;

	IXGUARD_QGUARD_CHECK(rxq);

	while (nb_rx < nb_pkts) {
		struct rte_mbuf *m, *nmb;
		const uint8_t *slot = NULL;
		uint64_t q0, q1;
		uint32_t staterr, len;

		/* next == tail: not posted, nothing to look at. */
		if (nb_hold >= hw_max)
			break;
		q1 = ring[next].q[1];
		if (!((uint32_t)q1 & IX_RXD_STAT_DD))
			break;
		/* Dword 0-1 is read after DD. */
		rte_smp_rmb();
		q0 = ring[next].q[0];
		if (unlikely(q0 == (shadow ? ixguard_rx_buf_iova(rxq, next) :
				    rte_mbuf_data_iova_default(sw[next])))) {
			/* Not written back: count the lie once, wait. */
			if (!rxq->forged_wait) {
				rxq->forged_wb++;
				rxq->forged_wait = true;
			}
			break;
		}
		rxq->forged_wait = false;
		staterr = (uint32_t)q1;
		len = (uint16_t)(q1 >> 32);

		nmb = ixguard_rx_buf_alloc(rxq);
		if (unlikely(nmb == NULL)) {
			rte_eth_devices[rxq->port_id].data->rx_mbuf_alloc_failed++;
			break;
		}
		/* The descriptor is rewritten when it is posted again. */
		if (shadow) {
			m = nmb;
			slot = rxq->shadow + (size_t)next * rxq->buf_len;
		} else {
			m = sw[next];
			sw[next] = nmb;
		}
		next = next + 1 == n ? 0 : next + 1;
		nb_hold++;

		if (unlikely(len > rxq->buf_len ||
			     ((uint32_t)q0 & IXGUARD_RX_WB_IMPOSSIBLE_LO) ||
			     (staterr & IXGUARD_RX_WB_IMPOSSIBLE_HI))) {
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
		m->data_off = RTE_PKTMBUF_HEADROOM;
		/* len <= buf_len <= the data room: checked above. */
		if (shadow)
			rte_memcpy(rte_pktmbuf_mtod(m, void *), slot, len);
		m->data_len = (uint16_t)len;
		m->next = NULL;
		m->nb_segs = 1;
		if (first == NULL) {
			first = m;
			first->pkt_len = len;
		} else {
			last->next = m;
			first->pkt_len += len;
			first->nb_segs++;
			if (unlikely(first->nb_segs > max_segs)) {
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
	if (nb_hold > rxq->free_thresh || nb_hold >= hw_max) {
		/*
		 * Rewrite the consumed descriptors (whatever the device put
		 * there) with their new buffers, then post them: the tail
		 * stays IXGUARD_RX_HOLD behind next.
		 */
		uint16_t t = rxq->tail, i;

		for (i = 0; i < nb_hold; i++) {
			ring[t].read.pkt_addr = shadow ?
				ixguard_rx_buf_iova(rxq, t) :
				rte_mbuf_data_iova_default(sw[t]);
			ring[t].read.hdr_addr = 0;
			t = t + 1 == n ? 0 : t + 1;
		}
		rte_io_wmb();
		rte_write32_relaxed(t, rxq->rdt_reg);
		rxq->tail = t;
		nb_hold = 0;
	}
	rxq->nb_hold = nb_hold;
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
 * Free what the hardware reported done (DD on the descriptors with RS).
 *
 * The write-back replaces the status dword (§7.2.3.2.4: STA in bits 3:0,
 * the rest reserved, 0).  A descriptor we posted holds PAYLEN there,
 * never 0 (tx_pkt_ok refuses empty packets), so DD next to reserved bits
 * was not set by a write-back: the device claims a descriptor it has not
 * sent yet.  Believing it would free buffers the device is still to read
 * and let the tail run past the device's head; the lie is counted once
 * and we wait for the real write-back.
 */
static void
ixguard_tx_cleanup(struct ixguard_tx_queue *txq)
{
	volatile union ix_adv_tx_desc *ring = txq->ring;
	struct rte_mbuf **sw = txq->sw_ring;
	const uint16_t n = txq->nb_desc;

	while (txq->rs_count > 0) {
		uint16_t end = txq->rs_fifo[txq->rs_head];
		uint16_t i = txq->clean, cnt = 0;
		uint32_t status = ring[end].wb.status;

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
		for (;;) {
			if (sw[i] != NULL) {
				rte_pktmbuf_free_seg(sw[i]);
				sw[i] = NULL;
			}
			cnt++;
			if (i == end)
				break;
			i = i + 1 == n ? 0 : i + 1;
		}
		txq->clean = end + 1 == n ? 0 : end + 1;
		txq->nb_free += cnt;
		txq->rs_head = txq->rs_head + 1 == n ? 0 : txq->rs_head + 1;
		txq->rs_count--;
	}
}

/* Can the hardware send this chain as it is? */
static inline bool
ixguard_tx_pkt_ok(const struct rte_mbuf *m)
{
	const struct rte_mbuf *s;
	uint32_t sum = 0;
	uint16_t segs = 0;

	/* A TSO packet is cut by the hardware: PAYLEN bounds it. */
	uint32_t max_len = (m->ol_flags & RTE_MBUF_F_TX_TCP_SEG) ?
			   IXGUARD_TSO_MAX_PAYLOAD + IX_TXCTX_MACLEN_MAX +
			   IX_TXCTX_IPLEN_MAX + IX_TXCTX_L4LEN_MAX :
			   IXGUARD_MAX_FRAME - RTE_ETHER_CRC_LEN;

	if (unlikely(m->nb_segs == 0 || m->nb_segs > IXGUARD_MAX_TX_SEGS ||
		     m->pkt_len == 0 || m->pkt_len > max_len))
		return false;
	if (likely(m->nb_segs == 1))
		return m->data_len == m->pkt_len && m->next == NULL;
	for (s = m; s != NULL && segs <= IXGUARD_MAX_TX_SEGS; s = s->next) {
		if (s->data_len == 0 || s->data_len > IXGUARD_MAX_TX_SEG_LEN)
			return false;
		sum += s->data_len;
		segs++;
	}
	return s == NULL && segs == m->nb_segs && sum == m->pkt_len;
}

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
		uint8_t *dst = txq->shadow +
			       (size_t)tail * IXGUARD_TX_SHADOW_SLOT;
		uint32_t fill = 0, cmd;

		while (fill < chunk) {
			uint32_t k = RTE_MIN(chunk - fill,
					     (uint32_t)s->data_len - off);

			rte_memcpy(dst + fill,
				   rte_pktmbuf_mtod_offset(s, const void *,
							   off), k);
			fill += k;
			off += k;
			if (off == s->data_len) {
				s = s->next;
				off = 0;
			}
		}
		left -= chunk;
		cmd = chunk | cmd_base;
		if (left == 0)
			cmd |= IX_TXD_CMD_EOP | rs;
		txq->sw_ring[tail] = NULL;
		ring[tail].q[0] = txq->shadow_iova +
			(rte_iova_t)tail * IXGUARD_TX_SHADOW_SLOT;
		ring[tail].q[1] = cmd | (uint64_t)olinfo << 32;
		*last = tail;
		tail = tail + 1 == n ? 0 : tail + 1;
	}
	return tail;
}

/*
 * 'shadow' (a constant, as for recv_burst): the device reads the queue's
 * own buffers, read-only for it, never the application's mbufs, which go
 * back to their pool as soon as they are copied.
 */
static __rte_always_inline uint16_t
xmit_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts,
	   const bool shadow)
{
	struct ixguard_tx_queue *txq = queue;
	volatile union ix_adv_tx_desc *ring = txq->ring;
	struct rte_mbuf **sw = txq->sw_ring;
	const uint16_t n = txq->nb_desc;
	uint16_t tail = txq->tail, nb_tx;

	IXGUARD_QGUARD_CHECK(txq);
	if (txq->nb_free < txq->free_thresh)
		ixguard_tx_cleanup(txq);

	for (nb_tx = 0; nb_tx < nb_pkts; nb_tx++) {
		struct rte_mbuf *m = pkts[nb_tx], *s;
		struct ixguard_txctx_req ctx;
		uint16_t nseg = m->nb_segs, last = tail;
		uint32_t olinfo, cmd_base, rs = 0;

		if (unlikely(!ixguard_tx_pkt_ok(m))) {
			txq->bad_pkts++;
			rte_pktmbuf_free(m);
			continue;
		}
		ctx.write = false;
		ctx.olinfo = 0;
		ctx.cmd = 0;
		ctx.paylen = m->pkt_len;
		if ((m->ol_flags & IXGUARD_TX_OFFLOAD_MASK) &&
		    unlikely(ixguard_txctx_lookup(txq, m, &ctx) != 0)) {
			/* Lengths the context cannot hold (no tx_prepare). */
			txq->bad_pkts++;
			rte_pktmbuf_free(m);
			continue;
		}
		if (shadow)
			nseg = (m->pkt_len + IXGUARD_TX_SHADOW_SLOT - 1) /
			       IXGUARD_TX_SHADOW_SLOT;
		nseg += ctx.write;
		if (unlikely(shadow && nseg >= n)) {
			/* More descriptors than the ring will ever have. */
			txq->bad_pkts++;
			rte_pktmbuf_free(m);
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
		if (txq->since_rs + nseg >= txq->rs_thresh)
			rs = IX_TXD_CMD_RS;
		olinfo = ctx.paylen << IX_TXD_PAYLEN_SHIFT | ctx.olinfo;
		cmd_base = IX_TXD_DTYP_DATA | IX_TXD_CMD_DEXT |
			   IX_TXD_CMD_IFCS | ctx.cmd;
		if (shadow) {
			tail = tx_shadow_copy(txq, m, tail, cmd_base, olinfo,
					      rs, &last);
			rte_pktmbuf_free(m);
		}
		for (s = shadow ? NULL : m; s != NULL; s = s->next) {
			uint32_t cmd = s->data_len | cmd_base;

			if (s->next == NULL)
				cmd |= IX_TXD_CMD_EOP | rs;
			sw[tail] = s;
			ring[tail].q[0] = rte_mbuf_data_iova(s);
			ring[tail].q[1] = cmd | (uint64_t)olinfo << 32;
			last = tail;
			tail = tail + 1 == n ? 0 : tail + 1;
		}
		txq->nb_free -= nseg;
		if (rs) {
			txq->rs_fifo[txq->rs_tail] = last;
			txq->rs_tail = txq->rs_tail + 1 == n ? 0 :
				       txq->rs_tail + 1;
			txq->rs_count++;
			txq->since_rs = 0;
		} else {
			txq->since_rs += nseg;
		}
	}

	if (tail != txq->tail) {
		txq->tail = tail;
		rte_io_wmb();
		rte_write32_relaxed(tail, txq->tdt_reg);
	}
	return nb_tx;
}

uint16_t
ixguard_xmit_pkts(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return xmit_burst(queue, pkts, nb_pkts, false);
}

uint16_t
ixguard_xmit_pkts_shadow(void *queue, struct rte_mbuf **pkts,
			 uint16_t nb_pkts)
{
	return xmit_burst(queue, pkts, nb_pkts, true);
}

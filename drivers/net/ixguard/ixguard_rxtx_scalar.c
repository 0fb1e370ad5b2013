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
#include <ethdev_driver.h>

#include "ixguard_ethdev.h"
#include "ixguard_rxtx.h"

/* ---- Receive ---------------------------------------------------------- */

static inline uint32_t
ixguard_rx_ptype(uint16_t pkt_info)
{
	uint32_t pt = RTE_PTYPE_L2_ETHER;

	if (pkt_info & IX_RXDADV_PKTTYPE_ETQF)
		return pt;
	if (pkt_info & IX_RXDADV_PKTTYPE_IPV4)
		pt |= RTE_PTYPE_L3_IPV4;
	else if (pkt_info & IX_RXDADV_PKTTYPE_IPV4_EX)
		pt |= RTE_PTYPE_L3_IPV4_EXT;
	else if (pkt_info & IX_RXDADV_PKTTYPE_IPV6)
		pt |= RTE_PTYPE_L3_IPV6;
	else if (pkt_info & IX_RXDADV_PKTTYPE_IPV6_EX)
		pt |= RTE_PTYPE_L3_IPV6_EXT;
	else
		return pt;
	if (pkt_info & IX_RXDADV_PKTTYPE_TCP)
		pt |= RTE_PTYPE_L4_TCP;
	else if (pkt_info & IX_RXDADV_PKTTYPE_UDP)
		pt |= RTE_PTYPE_L4_UDP;
	else if (pkt_info & IX_RXDADV_PKTTYPE_SCTP)
		pt |= RTE_PTYPE_L4_SCTP;
	return pt;
}

const uint32_t *
ixguard_supported_ptypes(struct rte_eth_dev *dev)
{
	static const uint32_t ptypes[] = {
		RTE_PTYPE_L2_ETHER,
		RTE_PTYPE_L3_IPV4,
		RTE_PTYPE_L3_IPV4_EXT,
		RTE_PTYPE_L3_IPV6,
		RTE_PTYPE_L3_IPV6_EXT,
		RTE_PTYPE_L4_TCP,
		RTE_PTYPE_L4_UDP,
		RTE_PTYPE_L4_SCTP,
		RTE_PTYPE_UNKNOWN,
	};

	if (dev->rx_pkt_burst == ixguard_recv_pkts)
		return ptypes;
	return NULL;
}

uint16_t
ixguard_recv_pkts(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct ixguard_rx_queue *rxq = queue;
	volatile union ix_adv_rx_desc *ring = rxq->ring;
	struct rte_mbuf **sw = rxq->sw_ring;
	struct rte_mbuf *first = rxq->pkt_first, *last = rxq->pkt_last;
	const uint16_t n = rxq->nb_desc;
	/* A frame never needs more buffers than this; more means garbage. */
	const uint32_t max_segs = rxq->max_pkt_len / rxq->buf_len + 2;
	uint16_t next = rxq->next, nb_hold = rxq->nb_hold, nb_rx = 0;
	bool bad = rxq->pkt_bad;

	while (nb_rx < nb_pkts) {
		volatile union ix_adv_rx_desc *d;
		struct rte_mbuf *m, *nmb;
		uint64_t q0, q1;
		uint32_t staterr, len;

		/* Only descriptors the hardware owns can have been written. */
		if (nb_hold >= n - 1)
			break;
		d = &ring[next];
		q1 = d->q[1];
		staterr = (uint32_t)q1;
		if (!(staterr & IX_RXD_STAT_DD))
			break;
		/* The rest of the write-back is read after DD. */
		rte_smp_rmb();
		q1 = d->q[1];
		q0 = d->q[0];
		staterr = (uint32_t)q1;
		len = (uint16_t)(q1 >> 32);

		nmb = rte_mbuf_raw_alloc(rxq->mp);
		if (unlikely(nmb == NULL)) {
			rte_eth_devices[rxq->port_id].data->rx_mbuf_alloc_failed++;
			break;
		}
		m = sw[next];
		sw[next] = nmb;
		d->read.pkt_addr = rte_mbuf_data_iova_default(nmb);
		d->read.hdr_addr = 0;	/* also clears DD */
		next = next + 1 == n ? 0 : next + 1;
		nb_hold++;

		if (unlikely(len > rxq->buf_len)) {
			/* The device claims more than the buffer holds. */
			rxq->bad_desc++;
			bad = true;
			len = 0;
		}
		if (unlikely(staterr & IX_RXD_ERR_RXE))
			bad = true;
		m->data_off = RTE_PKTMBUF_HEADROOM;
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
				/* No EOP where a valid frame would end. */
				rxq->bad_desc++;
				bad = true;
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
		first->ol_flags = 0;
		first->vlan_tci = 0;
		first->packet_type = ixguard_rx_ptype((uint16_t)q0);
		pkts[nb_rx++] = first;
		first = NULL;
		last = NULL;
	}

	rxq->next = next;
	rxq->pkt_first = first;
	rxq->pkt_last = last;
	rxq->pkt_bad = bad;
	if (nb_hold > rxq->free_thresh) {
		/* Give back everything up to the descriptor before next. */
		uint16_t tail = next == 0 ? n - 1 : next - 1;

		rte_io_wmb();
		rte_write32_relaxed(tail, rxq->rdt_reg);
		nb_hold = 0;
	}
	rxq->nb_hold = nb_hold;
	return nb_rx;
}

/* ---- Transmit --------------------------------------------------------- */

/* Free what the hardware reported done (DD on the descriptors with RS). */
static void
ixguard_tx_cleanup(struct ixguard_tx_queue *txq)
{
	volatile union ix_adv_tx_desc *ring = txq->ring;
	struct rte_mbuf **sw = txq->sw_ring;
	const uint16_t n = txq->nb_desc;

	while (txq->rs_count > 0) {
		uint16_t end = txq->rs_fifo[txq->rs_head];
		uint16_t i = txq->clean, cnt = 0;

		if (!(ring[end].wb.status & IX_TXD_STAT_DD))
			break;
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

	if (unlikely(m->nb_segs == 0 || m->nb_segs > IXGUARD_MAX_TX_SEGS ||
		     m->pkt_len == 0 ||
		     m->pkt_len > IXGUARD_MAX_FRAME - RTE_ETHER_CRC_LEN))
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

uint16_t
ixguard_xmit_pkts(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct ixguard_tx_queue *txq = queue;
	volatile union ix_adv_tx_desc *ring = txq->ring;
	struct rte_mbuf **sw = txq->sw_ring;
	const uint16_t n = txq->nb_desc;
	uint16_t tail = txq->tail, nb_tx;

	if (txq->nb_free < txq->free_thresh)
		ixguard_tx_cleanup(txq);

	for (nb_tx = 0; nb_tx < nb_pkts; nb_tx++) {
		struct rte_mbuf *m = pkts[nb_tx], *s;
		uint16_t nseg = m->nb_segs, last = tail;
		uint32_t olinfo, rs = 0;

		if (unlikely(!ixguard_tx_pkt_ok(m))) {
			txq->bad_pkts++;
			rte_pktmbuf_free(m);
			continue;
		}
		if (nseg > txq->nb_free) {
			ixguard_tx_cleanup(txq);
			if (nseg > txq->nb_free)
				break;
		}
		if (txq->since_rs + nseg >= txq->rs_thresh)
			rs = IX_TXD_CMD_RS;
		olinfo = m->pkt_len << IX_TXD_PAYLEN_SHIFT;
		for (s = m; s != NULL; s = s->next) {
			uint32_t cmd = s->data_len | IX_TXD_DTYP_DATA |
				       IX_TXD_CMD_DEXT | IX_TXD_CMD_IFCS;

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

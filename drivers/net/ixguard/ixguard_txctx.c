/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Transmit offloads through context descriptors (82599 datasheet
 * §7.2.3.2.3, §7.2.4 TSO, §7.2.5 checksums), tx_prepare, the offload
 * capabilities we report and the MTU.
 *
 * A context descriptor loads one of the queue's two context slots with
 * the header lengths, the VLAN tag, the L4 type and, for TSO, the MSS and
 * TCP header length; data descriptors name the slot (IDX) and ask for
 * checksums (POPTS), tag insertion (VLE) or segmentation (TSE).  We keep
 * what each slot holds, so a run of packets with the same layout costs
 * one context descriptor.
 */

#include <errno.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_net.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_offload.h"

/* ---- Capabilities ----------------------------------------------------- */

void
ixguard_offload_infos_get(struct rte_eth_dev *dev __rte_unused,
			  struct rte_eth_dev_info *info)
{
	info->rx_queue_offload_capa = RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	info->rx_offload_capa = info->rx_queue_offload_capa |
				RTE_ETH_RX_OFFLOAD_SCATTER |
				RTE_ETH_RX_OFFLOAD_KEEP_CRC |
				RTE_ETH_RX_OFFLOAD_VLAN_FILTER |
				RTE_ETH_RX_OFFLOAD_VLAN_EXTEND |
				RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
				RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
				RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
				RTE_ETH_RX_OFFLOAD_SCTP_CKSUM |
				RTE_ETH_RX_OFFLOAD_RSS_HASH;
	info->tx_queue_offload_capa = 0;
	info->tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS |
				RTE_ETH_TX_OFFLOAD_VLAN_INSERT |
				RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
				RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
				RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
				RTE_ETH_TX_OFFLOAD_SCTP_CKSUM |
				RTE_ETH_TX_OFFLOAD_TCP_TSO |
				RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	info->hash_key_size = IX_RSS_KEY_LEN;
	info->reta_size = IX_RETA_ENTRIES;
	info->flow_type_rss_offloads = IXGUARD_RSS_HF;
}

/* ---- MTU -------------------------------------------------------------- */

/*
 * Stopped port: checked here, programmed by the next dev_start.  Started
 * port: MAXFRS and HLREG0.JUMBOEN change at once, as long as the frames
 * still fit the receive buffers (or the queues scatter).
 */
int
ixguard_mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_hw *hw = &ad->hw;
	uint32_t frame = (uint32_t)mtu + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN;
	bool scatter = (dev->data->dev_conf.rxmode.offloads &
			RTE_ETH_RX_OFFLOAD_SCATTER) != 0;
	uint32_t hlreg0;
	uint16_t q;

	if (mtu < IXGUARD_MIN_MTU || frame > IXGUARD_MAX_FRAME)
		return -EINVAL;
	for (q = 0; q < dev->data->nb_rx_queues && !scatter; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL && frame > rxq->buf_len) {
			IXG_DRV_LOG(ERR, "port %u: MTU %u: %u-byte frames do "
				    "not fit the %u-byte buffers of rxq %u "
				    "(needs the scatter offload)",
				    dev->data->port_id, mtu, frame,
				    rxq->buf_len, q);
			return -EINVAL;
		}
	}
	if (!ad->started)
		return 0;

	/* Longer frames are accepted by the queues before the MAC lets
	 * them in; shorter ones after it stops. */
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL && frame > rxq->max_pkt_len)
			rxq->max_pkt_len = frame;
	}
	hlreg0 = ixg_read(hw, IX_HLREG0);
	if (frame > RTE_ETHER_MAX_LEN)
		hlreg0 |= IX_HLREG0_JUMBOEN;
	else
		hlreg0 &= ~IX_HLREG0_JUMBOEN;
	ixg_write(hw, IX_MAXFRS, frame << IX_MHADD_MFS_SHIFT);
	ixg_write(hw, IX_HLREG0, hlreg0);
	ixg_flush(hw);
	ad->max_frame = frame;
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			rxq->max_pkt_len = frame;
	}
	return 0;
}

/* ---- Context descriptors ---------------------------------------------- */

void
ixguard_txctx_reset(struct ixguard_tx_queue *txq)
{
	memset(txq->ctx, 0, sizeof(txq->ctx));
	txq->ctx_next = 0;
}

/*
 * What packet m needs: fields of its context, its olinfo/cmd bits and
 * whether a context descriptor must go before it.  Nothing is changed
 * (the caller commits once the ring has room).  Returns -EINVAL when the
 * header lengths cannot be expressed (tx_prepare refuses those first).
 */
int
ixguard_txctx_lookup(const struct ixguard_tx_queue *txq,
		     const struct rte_mbuf *m, struct ixguard_txctx_req *req)
{
	uint64_t ol = m->ol_flags;
	uint32_t vml = 0, tucmd = IX_TXD_DTYP_CTXT | IX_TXD_CMD_DEXT;
	uint32_t mss = 0, olinfo = 0, cmd = 0;
	unsigned int i;

	req->paylen = m->pkt_len;
	if (ol & RTE_MBUF_F_TX_VLAN) {
		vml |= (uint32_t)m->vlan_tci << IX_TXCTX_VLAN_SHIFT;
		cmd |= IX_TXD_CMD_VLE;
	}
	if (ol & (RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK |
		  RTE_MBUF_F_TX_TCP_SEG)) {
		/* The mbuf's l2_len (7 bits) and l3_len (9 bits) are as
		 * wide as MACLEN and IPLEN: only the minimums to check. */
		if (m->l2_len < RTE_ETHER_HDR_LEN ||
		    m->l3_len < sizeof(struct rte_ipv4_hdr))
			return -EINVAL;
		vml |= (uint32_t)m->l2_len << IX_TXCTX_MACLEN_SHIFT |
		       m->l3_len;
		if (ol & RTE_MBUF_F_TX_IPV4)
			tucmd |= IX_TXCTX_TUCMD_IPV4;
		if (ol & RTE_MBUF_F_TX_IP_CKSUM)
			olinfo |= IX_TXD_POPTS_IXSM;
	}
	if (ol & RTE_MBUF_F_TX_TCP_SEG) {
		uint32_t hdr = (uint32_t)m->l2_len + m->l3_len + m->l4_len;

		/* l4_len (8 bits) fits L4LEN. */
		if (m->l4_len < sizeof(struct rte_tcp_hdr) ||
		    m->tso_segsz == 0 ||
		    hdr >= m->pkt_len ||
		    m->pkt_len - hdr > IXGUARD_TSO_MAX_PAYLOAD)
			return -EINVAL;
		req->paylen = m->pkt_len - hdr;
		tucmd |= IX_TXCTX_TUCMD_L4T_TCP;
		mss = (uint32_t)m->tso_segsz << IX_TXCTX_MSS_SHIFT |
		      (uint32_t)m->l4_len << IX_TXCTX_L4LEN_SHIFT;
		olinfo |= IX_TXD_POPTS_TXSM;
		cmd |= IX_TXD_CMD_TSE;
	} else {
		switch (ol & RTE_MBUF_F_TX_L4_MASK) {
		case RTE_MBUF_F_TX_TCP_CKSUM:
			tucmd |= IX_TXCTX_TUCMD_L4T_TCP;
			olinfo |= IX_TXD_POPTS_TXSM;
			break;
		case RTE_MBUF_F_TX_UDP_CKSUM:
			tucmd |= IX_TXCTX_TUCMD_L4T_UDP;
			olinfo |= IX_TXD_POPTS_TXSM;
			break;
		case RTE_MBUF_F_TX_SCTP_CKSUM:
			tucmd |= IX_TXCTX_TUCMD_L4T_SCTP;
			olinfo |= IX_TXD_POPTS_TXSM;
			break;
		default:
			tucmd |= IX_TXCTX_TUCMD_L4T_RSV;
			break;
		}
	}
	req->ctx[0] = vml;
	req->ctx[1] = tucmd;
	req->ctx[2] = mss;
	req->write = true;
	req->slot = txq->ctx_next;
	for (i = 0; i < IX_TX_CTX_SLOTS; i++) {
		if (txq->ctx[i].valid &&
		    memcmp(txq->ctx[i].w, req->ctx, sizeof(req->ctx)) == 0) {
			req->write = false;
			req->slot = (uint8_t)i;
			break;
		}
	}
	req->olinfo = olinfo | IX_TXD_CC |
		      (uint32_t)req->slot << IX_TXD_IDX_SHIFT;
	req->cmd = cmd;
	return 0;
}

/* Write the context descriptor (when needed) into d; note the slot. */
void
ixguard_txctx_commit(struct ixguard_tx_queue *txq,
		     const struct ixguard_txctx_req *req,
		     volatile union ix_adv_tx_desc *d)
{
	uint32_t idx = (uint32_t)req->slot << IX_TXCTX_IDX_SHIFT;

	d->q[0] = req->ctx[0];	/* seqnum_seed 0 */
	d->q[1] = req->ctx[1] | (uint64_t)(req->ctx[2] | idx) << 32;
	memcpy(txq->ctx[req->slot].w, req->ctx, sizeof(req->ctx));
	txq->ctx[req->slot].valid = true;
	txq->ctx_next = (uint8_t)((req->slot + 1) % IX_TX_CTX_SLOTS);
}

/* ---- tx_prepare ------------------------------------------------------- */

static int
ixguard_prep_one(struct rte_mbuf *m)
{
	uint64_t ol = m->ol_flags;
	uint32_t hdr;
	int ret;

	if (m->nb_segs == 0 || m->nb_segs > IXGUARD_MAX_TX_SEGS)
		return EINVAL;
	if ((ol & RTE_MBUF_F_TX_OFFLOAD_MASK) & ~IXGUARD_TX_OL_ACCEPTED)
		return ENOTSUP;
	if (ol & RTE_MBUF_F_TX_TCP_SEG) {
		/* TSO: the hardware builds the segments. */
		if ((ol & RTE_MBUF_F_TX_L4_MASK) != RTE_MBUF_F_TX_TCP_CKSUM &&
		    (ol & RTE_MBUF_F_TX_L4_MASK) != RTE_MBUF_F_TX_L4_NO_CKSUM)
			return EINVAL;
		hdr = (uint32_t)m->l2_len + m->l3_len + m->l4_len;
		if (m->l4_len < sizeof(struct rte_tcp_hdr) ||
		    m->l4_len > 60 ||
		    m->tso_segsz < IXGUARD_TSO_MSS_MIN ||
		    hdr + m->tso_segsz > IXGUARD_MAX_FRAME - RTE_ETHER_CRC_LEN ||
		    hdr >= m->pkt_len ||
		    m->pkt_len - hdr > IXGUARD_TSO_MAX_PAYLOAD)
			return EINVAL;
	} else if (m->pkt_len > IXGUARD_MAX_FRAME - RTE_ETHER_CRC_LEN ||
		   m->pkt_len == 0) {
		return EINVAL;
	}
	if (ol & (RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK |
		  RTE_MBUF_F_TX_TCP_SEG)) {
		if (m->l2_len < RTE_ETHER_HDR_LEN ||
		    m->l3_len < sizeof(struct rte_ipv4_hdr))
			return EINVAL;
		/* The headers the pseudo-header sum reads must be in the
		 * first segment. */
		if (m->data_len < (uint32_t)m->l2_len + m->l3_len +
				  m->l4_len)
			return EINVAL;
	}
	ret = rte_validate_tx_offload(m);
	if (ret != 0)
		return -ret;
	/* IPv4 checksum field 0, pseudo-header sum in the L4 field
	 * (without the length for TSO): what the hardware adds to. */
	ret = rte_net_intel_cksum_prepare(m);
	if (ret != 0)
		return -ret;
	return 0;
}

uint16_t
ixguard_prep_pkts(void *txq __rte_unused, struct rte_mbuf **pkts,
		  uint16_t n)
{
	uint16_t i;
	int err;

	for (i = 0; i < n; i++) {
		err = ixguard_prep_one(pkts[i]);
		if (err != 0) {
			rte_errno = err;
			return i;
		}
	}
	return i;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Offloads and multi-queue receive: RSS (ixguard_rss.c), VLAN
 * (ixguard_vlan.c), transmit contexts, checksum/TSO preparation and the
 * MTU (ixguard_txctx.c), and the receive descriptor to mbuf flags
 * translation the burst function inlines.
 */

#ifndef IXGUARD_OFFLOAD_H
#define IXGUARD_OFFLOAD_H

#include <stdint.h>

#include <rte_mbuf.h>
#include <ethdev_driver.h>

#include "ix82599_rxtx.h"
#include "ixguard_flow.h"
#include "ixguard_rxtx.h"

/* Hash functions of MRQC (§7.1.2.8.1). */
#define IXGUARD_RSS_HF	(RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_TCP | \
			 RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_IPV6 | \
			 RTE_ETH_RSS_NONFRAG_IPV6_TCP | \
			 RTE_ETH_RSS_NONFRAG_IPV6_UDP | RTE_ETH_RSS_IPV6_EX | \
			 RTE_ETH_RSS_IPV6_TCP_EX | RTE_ETH_RSS_IPV6_UDP_EX)

/* Transmit requests the context descriptor path understands. */
#define IXGUARD_TX_OFFLOAD_MASK (RTE_MBUF_F_TX_VLAN | RTE_MBUF_F_TX_IP_CKSUM | \
				 RTE_MBUF_F_TX_L4_MASK | \
				 RTE_MBUF_F_TX_TCP_SEG)
/* Flags tx_prepare accepts (the rest of RTE_MBUF_F_TX_OFFLOAD_MASK is
 * refused with ENOTSUP). */
#define IXGUARD_TX_OL_ACCEPTED	(IXGUARD_TX_OFFLOAD_MASK | \
				 RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IPV6)

/* TSO limits: PAYLEN is 18 bits; the MSS range is our own sanity bound
 * (a segment must still be a valid frame). */
#define IXGUARD_TSO_MAX_PAYLOAD	IX_TXD_PAYLEN_MAX
#define IXGUARD_TSO_MSS_MIN	256u

/* What one packet needs from the context slots of its queue. */
struct ixguard_txctx_req {
	uint32_t ctx[3];	/* vlan_macip_lens, type_tucmd, mss_l4len */
	uint32_t olinfo;	/* POPTS, IDX, CC (PAYLEN added by caller) */
	uint32_t cmd;		/* VLE, TSE */
	uint32_t paylen;
	uint8_t slot;
	bool write;		/* a context descriptor must be emitted */
};

/* ixguard_rss.c */
int ixguard_rss_configure(struct rte_eth_dev *dev);
void ixguard_rss_start(struct rte_eth_dev *dev);
void ixguard_rss_program(struct rte_eth_dev *dev);
int ixguard_rss_hash_update(struct rte_eth_dev *dev,
			    struct rte_eth_rss_conf *conf);
int ixguard_rss_hash_conf_get(struct rte_eth_dev *dev,
			      struct rte_eth_rss_conf *conf);
int ixguard_reta_update(struct rte_eth_dev *dev,
			struct rte_eth_rss_reta_entry64 *conf, uint16_t size);
int ixguard_reta_query(struct rte_eth_dev *dev,
		       struct rte_eth_rss_reta_entry64 *conf, uint16_t size);

/* ixguard_vlan.c */
void ixguard_vlan_start(struct rte_eth_dev *dev);
uint32_t ixguard_vlan_rxdctl(const struct ixguard_rx_queue *rxq,
			     uint32_t rxdctl);
int ixguard_vlan_filter_set(struct rte_eth_dev *dev, uint16_t vid, int on);
int ixguard_vlan_offload_set(struct rte_eth_dev *dev, int mask);
int ixguard_vlan_tpid_set(struct rte_eth_dev *dev, enum rte_vlan_type type,
			  uint16_t tpid);
void ixguard_vlan_strip_queue_set(struct rte_eth_dev *dev, uint16_t qid,
				  int on);

/* ixguard_txctx.c */
void ixguard_offload_infos_get(struct rte_eth_dev *dev,
			       struct rte_eth_dev_info *info);
int ixguard_mtu_set(struct rte_eth_dev *dev, uint16_t mtu);
void ixguard_txctx_reset(struct ixguard_tx_queue *txq);
int ixguard_txctx_lookup(const struct ixguard_tx_queue *txq,
			 const struct rte_mbuf *m,
			 struct ixguard_txctx_req *req);
void ixguard_txctx_commit(struct ixguard_tx_queue *txq,
			  const struct ixguard_txctx_req *req,
			  volatile union ix_adv_tx_desc *d);
uint16_t ixguard_prep_pkts(void *txq, struct rte_mbuf **pkts, uint16_t n);

/* ---- Receive write-back to mbuf (datapath, inlined) ------------------- */

/*
 * tags: VLAN tags left in the frame, 0 to 2 (an inner tag not stripped,
 * an outer one in double VLAN mode, reported by VEXT).
 */
static inline uint32_t
ixguard_rx_ptype(uint16_t pkt_info, unsigned int tags)
{
	uint32_t pt = tags == 0 ? RTE_PTYPE_L2_ETHER :
		      tags == 1 ? RTE_PTYPE_L2_ETHER_VLAN :
				  RTE_PTYPE_L2_ETHER_QINQ;

	if (pkt_info & IX_RXDADV_PKTTYPE_ETQF)
		return pt;
	/* The _EX bits come with the base type: test them first. */
	if (pkt_info & IX_RXDADV_PKTTYPE_IPV4_EX)
		pt |= RTE_PTYPE_L3_IPV4_EXT;
	else if (pkt_info & IX_RXDADV_PKTTYPE_IPV4)
		pt |= RTE_PTYPE_L3_IPV4;
	else if (pkt_info & IX_RXDADV_PKTTYPE_IPV6_EX)
		pt |= RTE_PTYPE_L3_IPV6_EXT;
	else if (pkt_info & IX_RXDADV_PKTTYPE_IPV6)
		pt |= RTE_PTYPE_L3_IPV6;
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

/*
 * Packet type, VLAN, checksum and RSS hash of a received frame, from the
 * write-back of its last descriptor (q0, q1).  Only bits are looked at:
 * whatever their values, the result is a set of valid flags.
 *
 * Checksums: a status bit says the device checked (IPCS, L4CS); without
 * it the state is unknown.  82599 erratum (specification update, "UDP
 * checksum zero"): an IPv4/UDP datagram sent without checksum (field 0)
 * may be reported with L4E, so an L4 error on UDP is reported as unknown
 * (the application may verify it), never as bad.
 */
static __rte_always_inline void
ixguard_rx_offload_fill(const struct ixguard_rx_queue *rxq,
			struct rte_mbuf *m, uint64_t q0, uint64_t q1)
{
	uint32_t staterr = (uint32_t)q1;
	uint16_t pkt_info = (uint16_t)q0;
	bool strip = (rxq->offloads & RTE_ETH_RX_OFFLOAD_VLAN_STRIP) != 0;
	bool vp = (staterr & IX_RXD_STAT_VP) != 0;
	uint64_t fl = 0;

	m->vlan_tci = 0;
	if (vp && strip) {
		fl |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
		m->vlan_tci = (uint16_t)(q1 >> 48);
	}
	m->packet_type = ixguard_rx_ptype(pkt_info, (vp && !strip) +
					  !!(staterr & IX_RXD_STAT_VEXT));
	if (staterr & IX_RXD_STAT_IPCS)
		fl |= (staterr & IX_RXD_ERR_IPE) ? RTE_MBUF_F_RX_IP_CKSUM_BAD :
						   RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	if (staterr & IX_RXD_STAT_L4CS) {
		if (!(staterr & IX_RXD_ERR_TCPE))
			fl |= RTE_MBUF_F_RX_L4_CKSUM_GOOD;
		else if (!(pkt_info & IX_RXDADV_PKTTYPE_UDP))
			fl |= RTE_MBUF_F_RX_L4_CKSUM_BAD;
	}
	if ((rxq->offloads & RTE_ETH_RX_OFFLOAD_RSS_HASH) &&
	    (pkt_info & IX_RXDADV_RSSTYPE_MASK) != IX_RXDADV_RSSTYPE_NONE) {
		fl |= RTE_MBUF_F_RX_RSS_HASH;
		m->hash.rss = (uint32_t)(q0 >> 32);
	}
	/*
	 * Flow director match (FLM): the filter's software index is in the
	 * low half of the RSS dword; below IXGUARD_FDIR_NOMARK it is the
	 * rule's MARK id (ixguard_flow.c).  Any value is a harmless id.
	 * Only while MARK rules may exist (then the path is a scalar one),
	 * so that every path delivers the same otherwise.
	 */
	if (unlikely(rxq->fdir_mark) && (staterr & IX_RXD_STAT_FLM) &&
	    !((uint16_t)(q0 >> 32) & IXGUARD_FDIR_NOMARK)) {
		fl |= RTE_MBUF_F_RX_FDIR | RTE_MBUF_F_RX_FDIR_ID;
		m->hash.fdir.hi = (uint16_t)(q0 >> 32);
	}
	m->ol_flags = fl;
}

#endif /* IXGUARD_OFFLOAD_H */

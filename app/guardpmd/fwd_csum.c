/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * csum: check the IPv4 header and TCP/UDP checksums of what arrives
 * (the NIC's verdict in the mbuf flags when --csum-offload enabled the
 * RX offloads, software otherwise), count the bad ones, then compute
 * them again (TX offload flags when enabled, software otherwise) and
 * forward to the peer port.  Frames that are not IPv4/IPv6 TCP/UDP in
 * one segment are forwarded untouched.
 */

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "guardpmd.h"

struct l3l4 {
	uint16_t l2_len, l3_len;
	bool ipv4;
	uint8_t proto;
	void *l3, *l4;
};

/* 0 if m is IPv4/IPv6 + TCP/UDP entirely in its first segment. */
static int
parse(struct rte_mbuf *m, struct l3l4 *h)
{
	uint8_t *d = rte_pktmbuf_mtod(m, uint8_t *);
	uint16_t len = rte_pktmbuf_data_len(m), et;
	struct rte_ether_hdr *eh = (struct rte_ether_hdr *)d;

	if (m->nb_segs != 1 || len < sizeof(*eh))
		return -1;
	h->l2_len = sizeof(*eh);
	et = eh->ether_type;
	if (et == rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN)) {
		struct rte_vlan_hdr *vh = (struct rte_vlan_hdr *)(eh + 1);

		if (len < h->l2_len + sizeof(*vh))
			return -1;
		et = vh->eth_proto;
		h->l2_len += sizeof(*vh);
	}
	h->l3 = d + h->l2_len;
	if (et == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4)) {
		struct rte_ipv4_hdr *ip = h->l3;

		if (len < h->l2_len + sizeof(*ip))
			return -1;
		h->ipv4 = true;
		h->l3_len = rte_ipv4_hdr_len(ip);
		h->proto = ip->next_proto_id;
		if (h->l3_len < sizeof(*ip) ||
		    len < h->l2_len + rte_be_to_cpu_16(ip->total_length) ||
		    rte_be_to_cpu_16(ip->total_length) < h->l3_len)
			return -1;
		/* Fragments carry no complete L4 header. */
		if (ip->fragment_offset & rte_cpu_to_be_16(
				RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK))
			h->proto = 0;
	} else if (et == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6)) {
		struct rte_ipv6_hdr *ip6 = h->l3;

		if (len < h->l2_len + sizeof(*ip6) ||
		    len < h->l2_len + sizeof(*ip6) +
		    rte_be_to_cpu_16(ip6->payload_len))
			return -1;
		h->ipv4 = false;
		h->l3_len = sizeof(*ip6);
		h->proto = ip6->proto;	/* extension headers: not handled */
	} else {
		return -1;
	}
	h->l4 = (uint8_t *)h->l3 + h->l3_len;
	if (h->proto == IPPROTO_UDP &&
	    len < h->l2_len + h->l3_len + sizeof(struct rte_udp_hdr))
		h->proto = 0;
	if (h->proto == IPPROTO_TCP &&
	    len < h->l2_len + h->l3_len + sizeof(struct rte_tcp_hdr))
		h->proto = 0;
	return 0;
}

static void
verify(struct gp_stream *s, const struct gp_port *rxp, struct rte_mbuf *m,
       const struct l3l4 *h)
{
	if (rxp->rx_cksum_offload) {
		if ((m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) ==
		    RTE_MBUF_F_RX_IP_CKSUM_BAD)
			s->bad_ip_csum++;
		if ((m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) ==
		    RTE_MBUF_F_RX_L4_CKSUM_BAD)
			s->bad_l4_csum++;
		return;
	}
	if (h->ipv4) {
		const struct rte_ipv4_hdr *ip = h->l3;

		/* The sum over a correct header, checksum included, is 0xffff. */
		if (rte_raw_cksum(ip, h->l3_len) != 0xffff)
			s->bad_ip_csum++;
	}
	if (h->proto == IPPROTO_UDP) {
		const struct rte_udp_hdr *udp = h->l4;

		/* A zero UDP checksum (IPv4) means "none". */
		if (udp->dgram_cksum == 0 && h->ipv4)
			return;
		if ((h->ipv4 ? rte_ipv4_udptcp_cksum_verify(h->l3, udp) :
		     rte_ipv6_udptcp_cksum_verify(h->l3, udp)) != 0)
			s->bad_l4_csum++;
	} else if (h->proto == IPPROTO_TCP) {
		if ((h->ipv4 ? rte_ipv4_udptcp_cksum_verify(h->l3, h->l4) :
		     rte_ipv6_udptcp_cksum_verify(h->l3, h->l4)) != 0)
			s->bad_l4_csum++;
	}
}

static void
compute(const struct gp_port *txp, struct rte_mbuf *m, const struct l3l4 *h)
{
	struct rte_udp_hdr *udp = NULL;
	struct rte_tcp_hdr *tcp = NULL;
	uint64_t fl = 0;
	uint16_t sum;

	if (h->proto == IPPROTO_UDP)
		udp = h->l4;
	else if (h->proto == IPPROTO_TCP)
		tcp = h->l4;
	m->l2_len = h->l2_len;
	m->l3_len = h->l3_len;
	if (txp->tx_cksum_offload) {
		if (h->ipv4) {
			struct rte_ipv4_hdr *ip = h->l3;

			fl = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
			ip->hdr_checksum = 0;
		} else {
			fl = RTE_MBUF_F_TX_IPV6;
		}
		if (h->proto == IPPROTO_UDP)
			fl |= RTE_MBUF_F_TX_UDP_CKSUM;
		else if (h->proto == IPPROTO_TCP)
			fl |= RTE_MBUF_F_TX_TCP_CKSUM;
		/* The NIC expects the pseudo-header sum in the L4 field. */
		sum = h->ipv4 ? rte_ipv4_phdr_cksum(h->l3, fl) :
			rte_ipv6_phdr_cksum(h->l3, fl);
		if (udp)
			udp->dgram_cksum = sum;
		else if (tcp)
			tcp->cksum = sum;
		m->ol_flags = fl;
		return;
	}
	m->ol_flags = 0;
	if (h->ipv4) {
		struct rte_ipv4_hdr *ip = h->l3;

		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
	if (udp || tcp) {
		if (udp)
			udp->dgram_cksum = 0;
		else
			tcp->cksum = 0;
		sum = h->ipv4 ? rte_ipv4_udptcp_cksum(h->l3, h->l4) :
			rte_ipv6_udptcp_cksum(h->l3, h->l4);
		if (udp)
			udp->dgram_cksum = sum;
		else
			tcp->cksum = sum;
	}
}

void
gp_fwd_csum(struct gp_stream *s)
{
	struct rte_mbuf *pkts[GP_MAX_BURST];
	const struct gp_port *rxp = &gp_ports[s->port_idx];
	const struct gp_port *txp = &gp_ports[gp_port_index(s->tx_port)];
	uint64_t start = rte_rdtsc(), bytes = 0;
	uint16_t n, i;
	struct l3l4 h;

	n = rte_eth_rx_burst(s->rx_port, s->rx_queue, pkts, gp_cfg.burst);
	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
		if (parse(pkts[i], &h) == 0) {
			verify(s, rxp, pkts[i], &h);
			compute(txp, pkts[i], &h);
		} else {
			pkts[i]->ol_flags = 0;
		}
	}
	s->rx_pkts += n;
	s->rx_bytes += bytes;
	gp_fwd_tx_burst(s, pkts, n);
	s->busy_cycles += rte_rdtsc() - start;
	s->busy_pkts += n;
}

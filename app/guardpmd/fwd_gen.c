/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Generators: txonly and flowgen build Ethernet/IPv4/UDP frames of
 * --pkt-size bytes whose UDP payload starts with a time stamp (a magic,
 * a sequence number and the TSC at transmission), so that a receiver on
 * the far end of the wire measures the latency.  txonly varies the UDP
 * source port over --flows flows (RSS spreads them; no checksum changes:
 * the UDP checksum is 0), flowgen varies the IPv4 destination too, as
 * testpmd's flowgen does, and receives (and frees) what arrives.
 */

#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "guardpmd.h"

/* 198.18.0.0 */
#define GP_BENCH_NET ((198u << 24) | (18u << 16))

#define GP_STAMP_MAGIC	0x67704c54u	/* "gpLT" */
#define GP_UDP_SPORT	1024
#define GP_UDP_DPORT	1025
#define GP_HDR_LEN	(sizeof(struct rte_ether_hdr) + \
			 sizeof(struct rte_ipv4_hdr) + sizeof(struct rte_udp_hdr))

/* 16 bytes: fits in a 60-byte frame after the 42 bytes of headers. */
struct gp_stamp {
	uint32_t magic;
	uint32_t seq;
	uint64_t tsc;
} __rte_packed;

/* One template per port (index in gp_ports). */
static uint8_t templates[GP_MAX_PORTS][GP_MAX_PKT_SIZE];
/* tx_first bursts, counted with the port's TX. */
uint64_t gp_tx_first_pkts[GP_MAX_PORTS], gp_tx_first_bytes[GP_MAX_PORTS];

void
gp_gen_init(void)
{
	unsigned int i, len = gp_cfg.pkt_size;

	memset(gp_tx_first_pkts, 0, sizeof(gp_tx_first_pkts));
	memset(gp_tx_first_bytes, 0, sizeof(gp_tx_first_bytes));
	for (i = 0; i < gp_nb_ports; i++) {
		struct gp_port *p = &gp_ports[i];
		uint8_t *t = templates[i];
		struct rte_ether_hdr *eh = (struct rte_ether_hdr *)t;
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eh + 1);
		struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
		int peer = gp_port_index(p->peer);

		memset(t, 0, len);
		/* The peer's own address: accepted even without promiscuous mode. */
		rte_ether_addr_copy(&gp_ports[peer].mac, &eh->dst_addr);
		rte_ether_addr_copy(&p->mac, &eh->src_addr);
		eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
		ip->version_ihl = RTE_IPV4_VHL_DEF;
		ip->total_length = rte_cpu_to_be_16(len - sizeof(*eh));
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_UDP;
		/*
		 * 198.18.0.0/15: benchmarking addresses (RFC 2544).  Not
		 * RTE_IPV4(): in 22.11 it shifts 198 as an int (UBSan).
		 */
		ip->src_addr = rte_cpu_to_be_32(GP_BENCH_NET | (uint32_t)(i + 1));
		ip->dst_addr = rte_cpu_to_be_32(GP_BENCH_NET | 0x100u |
						(uint32_t)(peer + 1));
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		udp->src_port = rte_cpu_to_be_16(GP_UDP_SPORT);
		udp->dst_port = rte_cpu_to_be_16(GP_UDP_DPORT);
		udp->dgram_len = rte_cpu_to_be_16(len - sizeof(*eh) -
						  sizeof(*ip));
		udp->dgram_cksum = 0;
	}
}

/* Allocate and fill n frames from port idx's template. */
static uint16_t
build_burst(unsigned int idx, struct rte_mbuf **pkts, uint16_t n,
	    struct gp_stream *s, bool vary_ip)
{
	unsigned int len = gp_cfg.pkt_size, i;
	uint64_t tsc;

	if (rte_pktmbuf_alloc_bulk(gp_pool, pkts, n) != 0) {
		if (s)
			s->alloc_failures++;
		return 0;
	}
	tsc = rte_rdtsc();
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		uint8_t *d = rte_pktmbuf_mtod(m, uint8_t *);
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)
			(d + sizeof(struct rte_ether_hdr));
		struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
		struct gp_stamp *st = (struct gp_stamp *)(udp + 1);
		uint32_t flow = 0;

		rte_memcpy(d, templates[idx], len);
		m->data_len = len;
		m->pkt_len = len;
		m->nb_segs = 1;
		m->l2_len = sizeof(struct rte_ether_hdr);
		m->l3_len = sizeof(struct rte_ipv4_hdr);
		if (s) {
			flow = s->flow;
			if (++s->flow >= gp_cfg.flows)
				s->flow = 0;
		}
		if (flow) {
			udp->src_port = rte_cpu_to_be_16(GP_UDP_SPORT +
							 (flow & 0x7fff));
			if (vary_ip) {
				ip->dst_addr = rte_cpu_to_be_32(
					rte_be_to_cpu_32(ip->dst_addr) +
					(flow << 8));
				ip->hdr_checksum = 0;
				ip->hdr_checksum = rte_ipv4_cksum(ip);
			}
		}
		st->magic = GP_STAMP_MAGIC;
		st->seq = s ? (uint32_t)s->seq++ : 0;
		st->tsc = tsc;
	}
	return n;
}

/*
 * --tx-pps: true when the stream may send a burst now.  The budget does
 * not accumulate while the queue refuses packets: after a stall the rate
 * resumes, it does not burst to catch up.
 */
static inline bool
paced(struct gp_stream *s, uint64_t now)
{
	uint64_t per_stream, gap;
	const struct gp_port *p;

	if (gp_cfg.tx_pps == 0)
		return true;
	if (now < s->next_tsc)
		return false;
	p = &gp_ports[s->port_idx];
	per_stream = gp_cfg.tx_pps / p->txq;
	if (per_stream == 0)
		per_stream = 1;
	gap = rte_get_tsc_hz() * gp_cfg.burst / per_stream;
	s->next_tsc = s->next_tsc + gap > now ? s->next_tsc + gap : now + gap;
	return true;
}

void
gp_fwd_txonly(struct gp_stream *s)
{
	struct rte_mbuf *pkts[GP_MAX_BURST];
	uint64_t start = rte_rdtsc();
	uint16_t n;

	if (!paced(s, start))
		return;
	n = build_burst(s->port_idx, pkts, gp_cfg.burst, s, false);

	if (n == 0)
		return;
	gp_fwd_tx_burst(s, pkts, n);
	/* Generators: a burst is work whenever it was built. */
	s->busy_cycles += rte_rdtsc() - start;
	s->busy_pkts += n;
}

void
gp_fwd_flowgen(struct gp_stream *s)
{
	struct rte_mbuf *pkts[GP_MAX_BURST];
	uint64_t start = rte_rdtsc();
	uint16_t n;

	if (s->rx_queue != UINT16_MAX)
		gp_fwd_rxonly(s);
	start = rte_rdtsc();
	if (!paced(s, start))
		return;
	n = build_burst(s->port_idx, pkts, gp_cfg.burst, s, true);
	if (n == 0)
		return;
	gp_fwd_tx_burst(s, pkts, n);
	s->busy_cycles += rte_rdtsc() - start;
	s->busy_pkts += n;
}

int
gp_gen_tx_first(void)
{
	struct rte_mbuf *pkts[GP_MAX_BURST];
	unsigned int i, j;
	uint16_t q;
	int ret = 0;

	/* One burst per TX queue, so that every queue pair carries traffic. */
	for (i = 0; i < gp_nb_ports; i++) {
		struct gp_port *p = &gp_ports[i];
		uint16_t n, sent;

		if (!p->started)
			continue;
		for (q = 0; q < p->txq; q++) {
			n = build_burst(i, pkts, gp_cfg.burst, NULL, false);
			if (n == 0) {
				fprintf(stderr, "guardpmd: tx-first: port %u: no mbufs\n",
					p->id);
				ret = -1;
				continue;
			}
			sent = rte_eth_tx_burst(p->id, q, pkts, n);
			for (j = 0; j < sent; j++)
				gp_tx_first_bytes[i] += pkts[j]->pkt_len;
			gp_tx_first_pkts[i] += sent;
			if (sent < n)
				rte_pktmbuf_free_bulk(&pkts[sent], n - sent);
		}
	}
	return ret;
}

void
gp_gen_check_stamp(struct gp_stream *s, struct rte_mbuf *m, uint64_t now)
{
	const struct gp_stamp *st;
	const struct rte_ether_hdr *eh;
	struct gp_stamp copy;

	if (s->lat == NULL || rte_pktmbuf_data_len(m) < GP_HDR_LEN +
	    sizeof(struct gp_stamp))
		return;
	eh = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	if (eh->ether_type != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4))
		return;
	st = rte_pktmbuf_mtod_offset(m, const struct gp_stamp *, GP_HDR_LEN);
	memcpy(&copy, st, sizeof(copy));
	/* A stamp from the future is not ours (or another TSC domain). */
	if (copy.magic != GP_STAMP_MAGIC || copy.tsc > now)
		return;
	gp_latency_add(s->lat, now - copy.tsc);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Ports: the mbuf pool, set-up, start, stop, close, information, and the
 * back-to-back net_ring pairs of --ring-pairs.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_eth_ring.h>
#include <rte_lcore.h>
#include <rte_ring.h>

#include "guardpmd.h"

struct rte_mempool *gp_pool;

/* --ring-pairs: rings[pair][dir][queue], dir 0 = A->B, 1 = B->A. */
#define GP_MAX_RING_PAIRS 4
#define GP_RING_SIZE 1024
static struct rte_ring *rings[GP_MAX_RING_PAIRS][2][GP_MAX_QUEUES];
static unsigned int nb_ring_pairs, nb_ring_queues;

int
gp_ring_pairs_create(unsigned int pairs)
{
	unsigned int p, d, q;
	char name[RTE_RING_NAMESIZE];

	nb_ring_queues = RTE_MAX(gp_cfg.rxq, gp_cfg.txq);
	for (p = 0; p < pairs; p++) {
		for (d = 0; d < 2; d++) {
			for (q = 0; q < nb_ring_queues; q++) {
				snprintf(name, sizeof(name), "gp_r%u%c%u", p,
					 d ? 'b' : 'a', q);
				/*
				 * Single producer and consumer: each TX queue
				 * and each RX queue belongs to one lcore.
				 */
				rings[p][d][q] = rte_ring_create(name,
					GP_RING_SIZE, rte_socket_id(),
					RING_F_SP_ENQ | RING_F_SC_DEQ);
				if (rings[p][d][q] == NULL) {
					fprintf(stderr, "guardpmd: ring %s: %s\n",
						name, rte_strerror(rte_errno));
					return -1;
				}
			}
		}
		nb_ring_pairs = p + 1;
		for (d = 0; d < 2; d++) {
			int ret;

			snprintf(name, sizeof(name), "gp_ring%u%c", p,
				 d ? 'b' : 'a');
			/* A receives what B sends and the other way round. */
			ret = rte_eth_from_rings(name, rings[p][!d],
						 nb_ring_queues, rings[p][d],
						 nb_ring_queues, rte_socket_id());
			if (ret < 0) {
				fprintf(stderr, "guardpmd: ring port %s: %s\n",
					name, rte_strerror(rte_errno));
				return -1;
			}
		}
	}
	return 0;
}

/* After the ring ports are closed: free what is still queued, then the rings. */
void
gp_ring_pairs_free(void)
{
	unsigned int p, d, q;
	struct rte_mbuf *m;

	for (p = 0; p < nb_ring_pairs; p++)
		for (d = 0; d < 2; d++)
			for (q = 0; q < nb_ring_queues; q++) {
				if (rings[p][d][q] == NULL)
					continue;
				while (rte_ring_dequeue(rings[p][d][q],
							(void **)&m) == 0)
					rte_pktmbuf_free(m);
				rte_ring_free(rings[p][d][q]);
				rings[p][d][q] = NULL;
			}
	nb_ring_pairs = 0;
}

int
gp_pool_create(void)
{
	unsigned int n = gp_cfg.nb_mbufs;

	if (n == 0) {
		/*
		 * Every descriptor may hold an mbuf, every lcore cache may
		 * hold some, plus the bursts in flight and the rings of
		 * --ring-pairs; testpmd's rule with a margin.
		 */
		n = gp_cfg.nb_ports * (
			gp_cfg.rxq * gp_cfg.rxd + gp_cfg.txq * gp_cfg.txd);
		n += rte_lcore_count() * (GP_MEMPOOL_CACHE + gp_cfg.burst * 2);
		n += nb_ring_pairs * 2 * nb_ring_queues * GP_RING_SIZE;
		n += 4096;
		if (n < 8192)
			n = 8192;
	}
	if (gp_cfg.mp_xbuf)
		gp_pool = gp_pool_create_xbuf("gp_mbuf_pool", n,
					      GP_MEMPOOL_CACHE,
					      gp_cfg.mbuf_size);
	else
		gp_pool = rte_pktmbuf_pool_create("gp_mbuf_pool", n,
						  GP_MEMPOOL_CACHE, 0,
						  gp_cfg.mbuf_size,
						  rte_socket_id());
	if (gp_pool == NULL) {
		fprintf(stderr, "guardpmd: cannot create a pool of %u mbufs of %u bytes: %s\n",
			n, gp_cfg.mbuf_size, rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

void
gp_pool_free(void)
{
	rte_mempool_free(gp_pool);
	gp_pool = NULL;
	gp_pool_free_xbuf();
}

int
gp_port_index(uint16_t port_id)
{
	unsigned int i;

	for (i = 0; i < gp_nb_ports; i++)
		if (gp_ports[i].id == port_id)
			return i;
	return -1;
}

int
gp_port_mode(const struct gp_port *p)
{
	return p->mode != GP_MODE_DEFAULT ? p->mode : (int)gp_cfg.mode;
}

void
gp_ports_init(void)
{
	unsigned int i;

	gp_nb_ports = gp_cfg.nb_ports;
	for (i = 0; i < gp_nb_ports; i++) {
		struct gp_port *p = &gp_ports[i];
		struct rte_eth_dev_info info;

		memset(p, 0, sizeof(*p));
		p->id = gp_cfg.ports[i];
		/* testpmd's default topology: 0<->1, 2<->3, a last odd one alone */
		p->peer = (i ^ 1) < gp_nb_ports ? gp_cfg.ports[i ^ 1] : p->id;
		p->rxq = gp_cfg.rxq;
		p->txq = gp_cfg.txq;
		p->rxd = gp_cfg.rxd;
		p->txd = gp_cfg.txd;
		p->mode = gp_cfg.port_mode[i];
		rte_eth_dev_get_name_by_port(p->id, p->name);
		if (rte_eth_dev_info_get(p->id, &info) == 0 && info.driver_name)
			snprintf(p->driver, sizeof(p->driver), "%s",
				 info.driver_name);
		rte_eth_macaddr_get(p->id, &p->mac);
	}
}

int
gp_port_setup(struct gp_port *p)
{
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	uint16_t nb_rxd = p->rxd, nb_txd = p->txd, q;
	int socket = rte_eth_dev_socket_id(p->id);
	int ret;

	if (socket < 0)
		socket = (int)rte_socket_id();
	ret = rte_eth_dev_info_get(p->id, &info);
	if (ret) {
		fprintf(stderr, "guardpmd: port %u: no device info: %s\n",
			p->id, strerror(-ret));
		return ret;
	}
	if (p->rxq > info.max_rx_queues || p->txq > info.max_tx_queues) {
		fprintf(stderr, "guardpmd: port %u: %u RX / %u TX queues requested, %s supports %u / %u\n",
			p->id, p->rxq, p->txq, info.driver_name,
			info.max_rx_queues, info.max_tx_queues);
		return -EINVAL;
	}
	memset(&conf, 0, sizeof(conf));
	if (p->rxq > 1 && info.flow_type_rss_offloads) {
		/* Spread the flows of the generators over the queues. */
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads &
			(RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_TCP);
	}
	p->rx_cksum_offload = p->tx_cksum_offload = false;
	if (gp_cfg.csum_offload) {
		uint64_t rx = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
			RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
			RTE_ETH_RX_OFFLOAD_TCP_CKSUM;
		uint64_t tx = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
			RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
			RTE_ETH_TX_OFFLOAD_TCP_CKSUM;

		if ((info.rx_offload_capa & rx) == rx) {
			conf.rxmode.offloads |= rx;
			p->rx_cksum_offload = true;
		}
		if ((info.tx_offload_capa & tx) == tx) {
			conf.txmode.offloads |= tx;
			p->tx_cksum_offload = true;
		}
		if (!p->rx_cksum_offload || !p->tx_cksum_offload)
			fprintf(gp_out, "port %u: %s lacks %s%s checksum offloads: done in software\n",
				p->id, info.driver_name,
				p->rx_cksum_offload ? "" : "RX ",
				p->tx_cksum_offload ? "" : "TX");
	}
	ret = rte_eth_dev_configure(p->id, p->rxq, p->txq, &conf);
	if (ret) {
		fprintf(stderr, "guardpmd: port %u: configure (%u rxq, %u txq): %s\n",
			p->id, p->rxq, p->txq, strerror(-ret));
		return ret;
	}
	ret = rte_eth_dev_adjust_nb_rx_tx_desc(p->id, &nb_rxd, &nb_txd);
	if (ret) {
		fprintf(stderr, "guardpmd: port %u: descriptors %u/%u: %s\n",
			p->id, p->rxd, p->txd, strerror(-ret));
		return ret;
	}
	if (p->mtu) {
		ret = rte_eth_dev_set_mtu(p->id, p->mtu);
		if (ret) {
			fprintf(stderr, "guardpmd: port %u: mtu %u: %s\n",
				p->id, p->mtu, strerror(-ret));
			return ret;
		}
	}
	for (q = 0; q < p->rxq; q++) {
		struct rte_eth_rxconf rxc = info.default_rxconf;

		rxc.offloads = conf.rxmode.offloads;
		ret = rte_eth_rx_queue_setup(p->id, q, nb_rxd, socket, &rxc,
					     gp_pool);
		if (ret) {
			fprintf(stderr, "guardpmd: port %u: rx queue %u (%u descriptors): %s\n",
				p->id, q, nb_rxd, strerror(-ret));
			return ret;
		}
	}
	for (q = 0; q < p->txq; q++) {
		struct rte_eth_txconf txc = info.default_txconf;

		txc.offloads = conf.txmode.offloads;
		ret = rte_eth_tx_queue_setup(p->id, q, nb_txd, socket, &txc);
		if (ret) {
			fprintf(stderr, "guardpmd: port %u: tx queue %u (%u descriptors): %s\n",
				p->id, q, nb_txd, strerror(-ret));
			return ret;
		}
	}
	p->configured = true;
	return 0;
}

int
gp_port_start(struct gp_port *p)
{
	int ret;

	if (p->closed) {
		fprintf(stderr, "guardpmd: port %u is closed\n", p->id);
		return -ENODEV;
	}
	if (p->started)
		return 0;
	if (!p->configured) {
		ret = gp_port_setup(p);
		if (ret)
			return ret;
	}
	ret = rte_eth_dev_start(p->id);
	if (ret) {
		fprintf(stderr, "guardpmd: port %u: start: %s\n", p->id,
			strerror(-ret));
		return ret;
	}
	/* Counters from the start of the port: the final report's base. */
	rte_eth_stats_reset(p->id);
	rte_eth_xstats_reset(p->id);
	if (!gp_cfg.no_promisc) {
		ret = rte_eth_promiscuous_enable(p->id);
		if (ret && ret != -ENOTSUP)
			fprintf(gp_out, "port %u: promiscuous mode: %s\n",
				p->id, strerror(-ret));
	}
	rte_eth_macaddr_get(p->id, &p->mac);
	p->started = true;
	return 0;
}

/* Receive and free what waits in the port's RX queues (bounded: net_null
 * never runs dry). */
void
gp_port_drain(struct gp_port *p, unsigned int max_bursts)
{
	struct rte_mbuf *pkts[64];
	uint16_t q, n;
	unsigned int i;

	if (!p->started)
		return;
	for (q = 0; q < p->rxq; q++)
		for (i = 0; i < max_bursts; i++) {
			n = rte_eth_rx_burst(p->id, q, pkts, RTE_DIM(pkts));
			if (n == 0)
				break;
			rte_pktmbuf_free_bulk(pkts, n);
		}
}

int
gp_port_stop(struct gp_port *p)
{
	int ret;

	if (!p->started)
		return 0;
	if (gp_fwd_running()) {
		fprintf(stderr, "guardpmd: port %u: stop forwarding first\n",
			p->id);
		return -EBUSY;
	}
	gp_port_drain(p, 64);
	ret = rte_eth_dev_stop(p->id);
	if (ret) {
		fprintf(stderr, "guardpmd: port %u: stop: %s\n", p->id,
			strerror(-ret));
		return ret;
	}
	p->started = false;
	return 0;
}

int
gp_port_close(struct gp_port *p)
{
	int ret;

	if (p->closed)
		return 0;
	ret = gp_port_stop(p);
	if (ret)
		return ret;
	/* net_ixgbe returns a positive count on success. */
	ret = rte_eth_dev_close(p->id);
	if (ret < 0) {
		fprintf(stderr, "guardpmd: port %u: close: %s\n", p->id,
			strerror(-ret));
		return ret;
	}
	p->configured = false;
	p->closed = true;
	p->started = false;
	return 0;
}

int
gp_ports_start_all(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < gp_nb_ports; i++) {
		ret = gp_port_start(&gp_ports[i]);
		if (ret)
			return ret;
	}
	return 0;
}

void
gp_ports_close_all(void)
{
	unsigned int i;

	for (i = 0; i < gp_nb_ports; i++)
		if (gp_port_close(&gp_ports[i]))
			gp_errors++;
}

void
gp_port_info(uint16_t port_id)
{
	int idx = gp_port_index(port_id);
	struct rte_eth_dev_info info;
	struct rte_eth_link link;
	char mac[RTE_ETHER_ADDR_FMT_SIZE], lstr[RTE_ETH_LINK_MAX_STR_LEN];
	struct gp_port *p;
	uint16_t mtu = 0;

	if (idx < 0) {
		fprintf(gp_out, "port %u is not in use (see --ports)\n", port_id);
		return;
	}
	p = &gp_ports[idx];
	if (p->closed) {
		fprintf(gp_out, "port %u: closed\n", port_id);
		return;
	}
	if (rte_eth_dev_info_get(port_id, &info)) {
		fprintf(gp_out, "port %u: no device info\n", port_id);
		return;
	}
	rte_ether_format_addr(mac, sizeof(mac), &p->mac);
	memset(&link, 0, sizeof(link));
	rte_eth_link_get_nowait(port_id, &link);
	rte_eth_link_to_str(lstr, sizeof(lstr), &link);
	rte_eth_dev_get_mtu(port_id, &mtu);
	fprintf(gp_out, "********************* Infos for port %u *********************\n",
		port_id);
	fprintf(gp_out, "Device name: %s\n", p->name);
	fprintf(gp_out, "Driver name: %s\n", info.driver_name);
	fprintf(gp_out, "MAC address: %s\n", mac);
	fprintf(gp_out, "Socket id: %d\n", rte_eth_dev_socket_id(port_id));
	fprintf(gp_out, "Link: %s\n", lstr);
	fprintf(gp_out, "State: %s\n", p->started ? "started" :
		p->configured ? "stopped" : "not configured");
	fprintf(gp_out, "Promiscuous mode: %s\n",
		rte_eth_promiscuous_get(port_id) == 1 ? "enabled" : "disabled");
	fprintf(gp_out, "MTU: %u\n", mtu);
	fprintf(gp_out, "Forwarding mode: %s (peer port %u)\n",
		gp_mode_name(gp_port_mode(p)), p->peer);
	fprintf(gp_out, "RX queues: %u (max %u), descriptors: %u\n", p->rxq,
		info.max_rx_queues, p->rxd);
	fprintf(gp_out, "TX queues: %u (max %u), descriptors: %u\n", p->txq,
		info.max_tx_queues, p->txd);
	fprintf(gp_out, "RX offload capabilities: 0x%" PRIx64 "\n",
		info.rx_offload_capa);
	fprintf(gp_out, "TX offload capabilities: 0x%" PRIx64 "\n",
		info.tx_offload_capa);
	fprintf(gp_out, "Checksum offloads in use: rx %s, tx %s\n",
		p->rx_cksum_offload ? "yes" : "no",
		p->tx_cksum_offload ? "yes" : "no");
	fprintf(gp_out, "Max RX packet length: %u\n", info.max_rx_pktlen);
}

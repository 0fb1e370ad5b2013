/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#include <string.h>

#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "test_ports.h"

struct rte_mempool *
test_pool_create(const char *name, unsigned int n)
{
	return rte_pktmbuf_pool_create(name, n, 0, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE,
				       SOCKET_ID_ANY);
}

int
test_port_setup(uint16_t port, struct rte_mempool *mp, uint16_t nq,
		uint16_t nb_desc)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(port, nq, nq, &conf);
	for (q = 0; ret == 0 && q < nq; q++) {
		ret = rte_eth_rx_queue_setup(port, q, nb_desc, SOCKET_ID_ANY,
					     NULL, mp);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(port, q, nb_desc,
						     SOCKET_ID_ANY, NULL);
	}
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	if (ret == 0)
		ret = rte_eth_promiscuous_enable(port);
	return ret;
}

bool
test_two_ports_setup(struct rte_mempool *mp0, struct rte_mempool *mp1,
		     uint16_t nb_desc)
{
	return rte_eth_dev_count_avail() == 2 &&
	       test_port_setup(0, mp0, 1, nb_desc) == 0 &&
	       test_port_setup(1, mp1, 1, nb_desc) == 0;
}

const char *
test_port_name(uint16_t port)
{
	struct rte_eth_dev_info info;

	if (rte_eth_dev_info_get(port, &info) != 0 || info.device == NULL)
		return "?";
	return rte_dev_name(info.device);
}

unsigned int
test_send(uint16_t port, uint16_t queue, struct rte_mbuf **pkts,
	  unsigned int n, uint64_t end)
{
	unsigned int sent = 0;

	while (sent < n && rte_get_timer_cycles() < end) {
		uint16_t k = rte_eth_tx_burst(port, queue, pkts + sent,
					      n - sent);

		sent += k;
		if (k == 0)
			rte_delay_us(10);
	}
	if (sent < n)
		rte_pktmbuf_free_bulk(pkts + sent, n - sent);
	return sent;
}

unsigned int
test_drain(uint16_t port, unsigned int want, unsigned int ms,
	   bool (*match)(const struct rte_mbuf *, const void *),
	   const void *arg, unsigned int *count)
{
	struct rte_mbuf *pkts[32];
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;
	unsigned int rx = 0;
	uint16_t n, i;

	do {
		n = rte_eth_rx_burst(port, 0, pkts, 32);
		for (i = 0; i < n && count != NULL; i++)
			if (match(pkts[i], arg))
				(*count)++;
		rx += n;
		rte_pktmbuf_free_bulk(pkts, n);
		if (n == 0)
			rte_delay_us(200);
	} while ((want == 0 || rx < want) && rte_get_timer_cycles() < end);
	return rx;
}

uint64_t
test_xstat(uint16_t port, const char *name)
{
	uint64_t id, v;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0 ||
	    rte_eth_xstats_get_by_id(port, &id, &v, 1) != 1)
		return UINT64_MAX;
	return v;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#include <string.h>

#include <rte_ethdev.h>

#include "test_ports.h"

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

uint64_t
test_xstat(uint16_t port, const char *name)
{
	uint64_t id, v;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0 ||
	    rte_eth_xstats_get_by_id(port, &id, &v, 1) != 1)
		return UINT64_MAX;
	return v;
}

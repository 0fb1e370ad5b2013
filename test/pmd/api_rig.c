/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/* The shared part of the ethdev API test programs (api_rig.h). */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "api_rig.h"
#include "../test_eal_args.h"

static int failures;

void
api_rig_check(bool ok, const char *fmt, ...)
{
	va_list ap;

	/* "ok" padded to FAIL's width, so that the logs line up. */
	printf("%s - ", ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failures += !ok;
}

int
api_rig_eal_init(int *argc, char ***argv, uint16_t nb_ports)
{
	int ret;

	test_eal_args(argc, argv);
	ret = rte_eal_init(*argc, *argv);
	if (ret < 0) {
		printf("FAIL - rte_eal_init\n");
		return -1;
	}
	if (rte_eth_dev_count_avail() < nb_ports) {
		printf("FAIL - need %u port%s\n", nb_ports,
		       nb_ports == 1 ? "" : "s");
		return -1;
	}
	return ret;
}

struct rte_mempool *
api_rig_pool(const char *name, unsigned int n, unsigned int cache,
	     uint16_t data_room)
{
	struct rte_mempool *mp;

	mp = rte_pktmbuf_pool_create(name, n, cache, 0, data_room,
				     rte_socket_id());
	if (mp == NULL)
		printf("FAIL - mempool %s\n", name);
	return mp;
}

int
api_rig_port_setup(uint16_t port, const struct rte_eth_conf *conf,
		   uint16_t nb_desc, struct rte_mempool *mp)
{
	int ret;

	ret = rte_eth_dev_configure(port, 1, 1, conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, nb_desc,
					     rte_socket_id(), NULL, mp);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, nb_desc,
					     rte_socket_id(), NULL);
	return ret;
}

struct rte_mbuf *
api_rig_frame(struct rte_mempool *mp, const uint8_t *dst, uint8_t src)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	uint8_t *p;

	if (m == NULL)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(m, 60);
	memset(p, 0, 60);
	memcpy(p, dst, 6);
	p[6] = 0x02;
	p[11] = src;
	p[12] = 0x88;
	p[13] = 0xB5;
	return m;
}

int
api_rig_finish(uint16_t nb_ports)
{
	uint16_t p;

	for (p = 0; p < nb_ports; p++) {
		rte_eth_dev_stop(p);
		rte_eth_dev_close(p);
	}
	rte_eal_cleanup();
	printf("# %d failures\n", failures);
	return failures ? 1 : 0;
}

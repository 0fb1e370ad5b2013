/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * 3. The driver never hands the device an address outside its domain:
 * the platform audits every ring base and buffer address the device uses
 * (ixemu_audit_violations()) while traffic runs through stop/start, queue
 * stop/start, an MTU change, reconfiguration with two queues, mempool
 * exhaustion, and port 1 hot-unplugged and probed again with its devargs
 * (rte_dev_remove / rte_dev_probe).  Zero violations, zero faults.
 */
#include <inttypes.h>
#include <stdio.h>

#include <rte_common.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "confinement.h"
#include "test_ports.h"

/* Port 1 hot-unplugged (rte_dev_remove), probed again and set up. */
static uint16_t
replug_port1(struct rte_mempool *mp1)
{
	char devargs[128], name[RTE_DEV_NAME_MAX_LEN];
	struct rte_eth_dev_info info;
	uint16_t port = RTE_MAX_ETHPORTS;
	struct rte_device *dev;
	int ret;

	if (rte_eth_dev_info_get(1, &info) != 0)
		return port;
	dev = info.device;
	snprintf(name, sizeof(name), "%s", rte_dev_name(dev));
	rte_eth_dev_stop(1);
	rte_eth_dev_close(1);
	ret = rte_dev_remove(dev);
	CHECK(ret == 0 && !rte_eth_dev_is_valid_port(1),
	      "port 1 (%s) hot-unplugged: %d", name, ret);
	snprintf(devargs, sizeof(devargs), "%s,dma_isolation=%s", name,
		 mode_name);
	ret = rte_dev_probe(devargs);
	if (ret == 0)
		ret = rte_eth_dev_get_port_by_name(name, &port);
	CHECK(ret == 0 && port == 1, "%s probed again: port %u (%d)",
	      devargs, port, ret);
	if (ret == 0)
		CHECK(test_port_setup(port, mp1, 1, NB_DESC) == 0,
		      "port %u set up again", port);
	return port;
}

void
audit_under_churn(struct rte_mempool *mp0, struct rte_mempool *mp1)
{
	static struct rte_mbuf *hold[8192];
	uint64_t f0 = faults_now(), audited = 0, v;
	unsigned int rx, held;

	rx = traffic(mp0, 200);
	CHECK(rx > 0, "traffic: %u frames received", rx);
	/* Stop/start and queue stop/start. */
	rte_eth_dev_stop(0);
	rte_eth_dev_start(0);
	rte_eth_dev_rx_queue_stop(0, 0);
	rte_eth_dev_rx_queue_start(0, 0);
	rte_eth_dev_tx_queue_stop(0, 0);
	rte_eth_dev_tx_queue_start(0, 0);
	rx = traffic(mp0, 50);
	CHECK(rx > 0, "traffic after stop/start and queue stop/start: %u", rx);
	/* MTU change on a stopped port, then reconfigure with 2 queues. */
	rte_eth_dev_stop(0);
	CHECK(rte_eth_dev_set_mtu(0, 1400) == 0, "MTU 1400");
	CHECK(test_port_setup(0, mp0, 2, NB_DESC) == 0,
	      "port 0 reconfigured, 2 queues");
	traffic(mp0, 50);
	/* Mempool exhaustion: the application holds all but a few mbufs. */
	rte_eth_dev_stop(0);
	CHECK(test_port_setup(0, mp0, 1, NB_DESC) == 0,
	      "port 0 back to 1 queue");
	held = rte_mempool_avail_count(mp0) - 16;
	if (held > RTE_DIM(hold))
		held = RTE_DIM(hold);
	CHECK(rte_pktmbuf_alloc_bulk(mp0, hold, held) == 0,
	      "pool0 exhausted (%u mbufs held)", held);
	traffic(mp0, 50);
	rte_pktmbuf_free_bulk(hold, held);
	rx = traffic(mp0, 50);
	CHECK(rx > 0, "traffic after the pool refilled: %u frames", rx);
	/* Port close and reopen: port 1 hot-unplugged and probed again. */
	if (replug_port1(mp1) == 1) {
		send_from(1, mp1, 64);
		rx = drain(0, 200, 0, NULL);
		CHECK(rx > 0, "port 0 receives from the re-probed port 1: %u",
		      rx);
		rx = traffic(mp0, 50);
		CHECK(rx > 0, "the re-probed port 1 receives: %u frames", rx);
	}
	v = platform.audit_violations(0, &audited);
	CHECK(v == 0 && audited > 0, "port 0: %" PRIu64 " DMA addresses "
	      "audited, %" PRIu64 " outside the domain", audited, v);
	v = platform.audit_violations(1, &audited);
	CHECK(v == 0, "port 1: %" PRIu64 " DMA addresses audited, %" PRIu64
	      " outside the domain", audited, v);
	CHECK(faults_now() == f0, "no IOMMU fault during the churn");
}

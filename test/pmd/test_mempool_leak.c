/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Every mbuf returns to its pool: run traffic from port 0 to port 1
 * through the driver the EAL arguments select (the test passes
 * "-d librte_net_ixguard.so"), with several ring sizes, queue stop/start
 * and port stop/start, then close the ports; after each stop and after
 * the close, the pool must be full again.
 *
 * Runs under devtools/ixemu with two emulated ports.  Exit 0 on success.
 */

#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_cycles.h>

#include "ixemu.h"

#define NB_MBUF		16384
#define BURST		32

static int failures;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL - " __VA_ARGS__); \
		printf("\n"); \
		failures++; \
	} else { \
		printf("ok   - " __VA_ARGS__); \
		printf("\n"); \
	} \
} while (0)

static int
port_setup(uint16_t port, uint16_t nb_desc, struct rte_mempool *mp)
{
	struct rte_eth_conf conf;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, nb_desc,
					     rte_eth_dev_socket_id(port), NULL,
					     mp);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, nb_desc,
					     rte_eth_dev_socket_id(port), NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	if (ret == 0)
		ret = rte_eth_promiscuous_enable(port);
	return ret;
}

/* Send n frames 0 -> 1 and receive what arrives; returns frames received. */
static unsigned int
traffic(struct rte_mempool *mp, unsigned int n, bool drain)
{
	struct rte_mbuf *pkts[BURST];
	unsigned int sent = 0, rcvd = 0, i, tries;

	while (sent < n) {
		unsigned int k = RTE_MIN(n - sent, (unsigned int)BURST);
		uint16_t tx;

		if (rte_pktmbuf_alloc_bulk(mp, pkts, k) != 0)
			break;
		for (i = 0; i < k; i++) {
			char *d = rte_pktmbuf_append(pkts[i], 64);

			memset(d, 0, 64);
			memset(d, 0xff, 6);	/* broadcast */
			d[12] = 0x08;
		}
		tx = rte_eth_tx_burst(0, 0, pkts, k);
		for (i = tx; i < k; i++)
			rte_pktmbuf_free(pkts[i]);
		sent += k;
		if (drain) {
			uint16_t r = rte_eth_rx_burst(1, 0, pkts, BURST);

			rcvd += r;
			for (i = 0; i < r; i++)
				rte_pktmbuf_free(pkts[i]);
		}
	}
	if (!drain)
		return rcvd;	/* leave frames in the rings on purpose */
	for (tries = 0; tries < 200; tries++) {
		uint16_t r = rte_eth_rx_burst(1, 0, pkts, BURST);

		rcvd += r;
		for (i = 0; i < r; i++)
			rte_pktmbuf_free(pkts[i]);
		if (r == 0)
			rte_delay_ms(1);
	}
	return rcvd;
}

int
main(int argc, char **argv)
{
	static const uint16_t sizes[] = { 32, 40, 512, 4096 };
	struct rte_mempool *mp;
	unsigned int s, full;
	uint16_t port;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		printf("FAIL - rte_eal_init\n");
		return 1;
	}
	if (rte_eth_dev_count_avail() != 2) {
		printf("FAIL - need 2 ports, have %u\n",
		       rte_eth_dev_count_avail());
		return 1;
	}
	for (port = 0; port < 2; port++) {
		struct rte_eth_dev_info info;

		rte_eth_dev_info_get(port, &info);
		CHECK(strcmp(info.driver_name, "net_ixguard") == 0,
		      "port %u driven by %s", port, info.driver_name);
	}
	mp = rte_pktmbuf_pool_create("leak_pool", NB_MBUF, 256, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (mp == NULL) {
		printf("FAIL - mempool\n");
		return 1;
	}
	full = rte_mempool_avail_count(mp);

	for (s = 0; s < RTE_DIM(sizes); s++) {
		unsigned int n = sizes[s] * 2, got;

		for (port = 0; port < 2; port++)
			CHECK(port_setup(port, sizes[s], mp) == 0,
			      "port %u started with %u descriptors", port,
			      sizes[s]);
		rte_delay_ms(50);
		got = traffic(mp, n, true);
		CHECK(got > 0, "%u descriptors: %u of %u frames received",
		      sizes[s], got, n);
		/* Frames left in flight in the rings when the port stops. */
		traffic(mp, sizes[s] / 2, false);
		rte_delay_ms(10);
		/* Queue stop/start returns and re-takes the RX buffers. */
		CHECK(rte_eth_dev_rx_queue_stop(1, 0) == 0 &&
		      rte_eth_dev_rx_queue_start(1, 0) == 0,
		      "port 1 rx queue stop/start");
		for (port = 0; port < 2; port++)
			CHECK(rte_eth_dev_stop(port) == 0, "port %u stop", port);
		CHECK(rte_mempool_avail_count(mp) == full,
		      "%u descriptors: pool full after stop (%u of %u)",
		      sizes[s], rte_mempool_avail_count(mp), full);
	}
	for (port = 0; port < 2; port++)
		CHECK(port_setup(port, 512, mp) == 0, "port %u restarted", port);
	traffic(mp, 300, false);
	/* ethdev refuses to close a started port: stop, then close. */
	for (port = 0; port < 2; port++)
		CHECK(rte_eth_dev_stop(port) == 0 &&
		      rte_eth_dev_close(port) == 0, "port %u stop + close",
		      port);
	CHECK(rte_mempool_avail_count(mp) == full,
	      "pool full after close (%u of %u)",
	      rte_mempool_avail_count(mp), full);

	rte_mempool_free(mp);
	{
		void (*counters)(struct ixemu_iommu_counters *) =
			(void (*)(struct ixemu_iommu_counters *))
			dlsym(RTLD_DEFAULT, "ixemu_iommu_counters");
		struct ixemu_iommu_counters c;

		CHECK(counters != NULL, "running on the emulated platform");
		if (counters != NULL) {
			counters(&c);
			CHECK(c.faults == 0, "IOMMU faults: %" PRIu64,
			      c.faults);
		}
	}
	rte_eal_cleanup();
	printf("# %d failures\n", failures);
	return failures ? 1 : 0;
}

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
 *
 * With "-- --hostile N [--max-secs S]" (ixemu --hostile rx,tx): traffic
 * both ways until the model has forged N write-backs on the two ports
 * together; then the driver's error xstats must have counted something,
 * receive must never have stalled (a port that received nothing for 3 s
 * and 100000 polls is restarted, so the rest of the test can go on, and counted as
 * a failure: the driver owes progress to a device that lies) and the
 * pool must be full after stop and close.
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
#include "../test_eal_args.h"
#include "../dma/test_ports.h"

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

static uint64_t
xstat(uint16_t port, const char *name)
{
	uint64_t id, v = 0;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0 ||
	    rte_eth_xstats_get_by_id(port, &id, &v, 1) != 1)
		return 0;
	return v;
}

/* Both ports send and receive until target forged write-backs. */
static void
hostile_run(struct rte_mempool *mp, uint64_t target, unsigned int max_secs)
{
	static const char *const counters[] = {
		"rx_bad_descriptors", "rx_forged_writebacks",
		"rx_mac_error_frames_dropped", "tx_forged_writebacks",
	};
	uint64_t (*forged)(unsigned int) = (uint64_t (*)(unsigned int))
		dlsym(RTLD_DEFAULT, "ixemu_hostile_writebacks");
	const uint64_t hz = rte_get_timer_hz();
	uint64_t t0, now, last_rx[2], next_report, total = 0, rx[2] = { 0 };
	unsigned int restarts = 0, i, c, idle[2] = { 0, 0 };
	struct rte_mbuf *pkts[BURST];
	uint16_t port, k;

	CHECK(forged != NULL, "platform reports forged write-backs");
	if (forged == NULL)
		return;
	for (port = 0; port < 2; port++)
		CHECK(test_port_setup(port, mp, 1, 512) == 0, "port %u started",
		      port);
	t0 = rte_get_timer_cycles();
	last_rx[0] = last_rx[1] = t0;
	next_report = t0 + hz;
	for (;;) {
		now = rte_get_timer_cycles();
		for (port = 0; port < 2; port++) {
			uint16_t tx, r;

			if (rte_pktmbuf_alloc_bulk(mp, pkts, BURST) == 0) {
				for (i = 0; i < BURST; i++) {
					/* 60..1514 bytes: one or two buffers */
					uint16_t len = 60 + (uint16_t)((now + i * 97) % 1455);
					char *d = rte_pktmbuf_append(pkts[i], len);

					if (d == NULL)
						continue;
					memset(d, 0, 14);
					memset(d, 0xff, 6);
					d[12] = 0x08;
				}
				tx = rte_eth_tx_burst(port, 0, pkts, BURST);
				for (i = tx; i < BURST; i++)
					rte_pktmbuf_free(pkts[i]);
			}
			for (k = 0; k < 4; k++) {
				r = rte_eth_rx_burst(port, 0, pkts, BURST);
				for (i = 0; i < r; i++) {
					/* touch what the app would read */
					volatile uint8_t x = rte_pktmbuf_mtod(
						pkts[i], uint8_t *)[0];
					(void)x;
					rte_pktmbuf_free(pkts[i]);
				}
				rx[port] += r;
				if (r > 0)
					last_rx[port] = now;
				if (r < BURST)
					break;
			}
			if (r > 0)
				idle[port] = 0;
			else
				idle[port]++;
			/*
			 * Polled a long time and for long: a loaded machine
			 * can starve this loop for seconds (no false alarm).
			 */
			if (idle[port] > 100000 &&
			    now - last_rx[port] > 3 * hz) {
				/* Receive stalled: restart the port. */
				restarts++;
				rte_eth_dev_stop(port);
				if (rte_eth_dev_start(port) != 0)
					printf("# port %u restart failed\n",
					       port);
				rte_eth_promiscuous_enable(port);
				last_rx[port] = rte_get_timer_cycles();
				idle[port] = 0;
			}
		}
		if (now >= next_report) {
			total = forged(0) + forged(1);
			next_report = now + hz;
			printf("# %.0fs: forged write-backs %" PRIu64
			       ", received %" PRIu64 "/%" PRIu64
			       ", restarts %u\n", (double)(now - t0) / hz,
			       total, rx[0], rx[1], restarts);
			fflush(stdout);
			if (total >= target ||
			    now - t0 > (uint64_t)max_secs * hz)
				break;
		}
	}
	CHECK(total >= target, "forged write-backs: %" PRIu64 " (want %"
	      PRIu64 ")", total, target);
	CHECK(rx[0] > 0 && rx[1] > 0, "traffic flowed: %" PRIu64 "/%"
	      PRIu64 " frames received", rx[0], rx[1]);
	CHECK(restarts == 0, "receive never stalled (%u port restarts)",
	      restarts);
	for (port = 0; port < 2; port++) {
		uint64_t sum = 0;

		for (c = 0; c < RTE_DIM(counters); c++) {
			uint64_t v = xstat(port, counters[c]);

			printf("# port %u %s: %" PRIu64 "\n", port,
			       counters[c], v);
			sum += v;
		}
		CHECK(sum > 0, "port %u counted the lies (%" PRIu64 ")", port,
		      sum);
	}
	for (port = 0; port < 2; port++)
		CHECK(rte_eth_dev_stop(port) == 0, "port %u stop", port);
}

int
main(int argc, char **argv)
{
	static const uint16_t sizes[] = { 32, 40, 512, 4096 };
	struct rte_mempool *mp;
	unsigned int s, full;
	uint16_t port;
	int ret;

	uint64_t hostile = 0;
	unsigned int max_secs = 600;
	int a;

	test_eal_args(&argc, &argv);
	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		printf("FAIL - rte_eal_init\n");
		return 1;
	}
	for (a = ret + 1; a < argc; a++) {
		if (strcmp(argv[a], "--hostile") == 0 && a + 1 < argc)
			hostile = strtoull(argv[++a], NULL, 0);
		else if (strcmp(argv[a], "--max-secs") == 0 && a + 1 < argc)
			max_secs = (unsigned int)strtoul(argv[++a], NULL, 0);
		else
			printf("# ignoring argument %s\n", argv[a]);
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

	if (hostile != 0) {
		hostile_run(mp, hostile, max_secs);
		CHECK(rte_mempool_avail_count(mp) == full,
		      "hostile: pool full after stop (%u of %u)",
		      rte_mempool_avail_count(mp), full);
	}
	for (s = 0; s < RTE_DIM(sizes) && hostile == 0; s++) {
		unsigned int n = sizes[s] * 2, got;

		for (port = 0; port < 2; port++)
			CHECK(test_port_setup(port, mp, 1, sizes[s]) == 0,
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
		CHECK(test_port_setup(port, mp, 1, 512) == 0,
		      "port %u restarted", port);
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

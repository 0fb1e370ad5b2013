/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * DMA confinement of net_ixguard, proven on the emulated IOMMU.
 *
 * Two ports, each fed by its own mempool, run under devtools/ixemu with
 * the plugin and dma_isolation=<mode> (the first argument after "--").
 *   1. Mapped-set audit: port 0's IOMMU domain is exactly the pages of its
 *      rings and of its RX pool; no heap, no other pool, no other ring.
 *   2. A malicious device: function 0 makes DMA attacks (reads and
 *      writes) on secrets, the other port's rings and buffers, memory
 *      outside DPDK, straddling ranges, wrap-around, huge lengths, and
 *      after the other port was closed.  For each: did the IOMMU let it
 *      through, was the fault recorded, are the canary bytes unchanged.
 *   3. The driver never hands the device an address outside its domain:
 *      the platform audits every ring base and buffer address while
 *      traffic runs through stop/start, queue stop/start, reconfiguration,
 *      MTU changes, mempool exhaustion and a hot-unplug and re-probe of
 *      port 1 (rte_dev_remove / rte_dev_probe).
 *   4. Attacks through the datapath: port 0's posted RX descriptors, and
 *      a TX descriptor put at its tail, point outside its domain.  The
 *      device's DMA is refused and the device stops the queue; the driver
 *      must count it (rx/tx_queue_dma_errors), restart the queue and move
 *      traffic again, without leaking an mbuf.
 *
 * With "-- <mode> --real-hw" (doc/dma-confinement.md, "Running on real
 * hardware") only the RX datapath attack runs, on two real 82599 ports
 * listed with -a, and the kernel's DMAR / AMD-Vi log is the evidence; no
 * ixemu_* function is called (on the emulated platform, whose IOMMU
 * prints its faults in the emulated /dev/kmsg as Linux does: the dry run
 * of the dma suite).
 *
 * Every attack the IOMMU refuses must also be seen by the driver: it
 * reads the kernel log (lib/dmaguard's fault watch), counts the fault in
 * the xstat iommu_faults and logs a line naming the device and the page.
 * Prints one "attack <name> <dir> <blocked|THROUGH> driver=<what the
 * driver counted>" line per attack, for test/dma/run_attacks.py to
 * tabulate, and exits non-zero if a check expected of the mode fails: in
 * port, strict and shadow mode every attack must be blocked; in shared
 * mode (the EAL's default container) the test only reports.
 *
 * This file is main(): the mode, the set-up and the order of the checks;
 * each check is in a file of its own (the list is in confinement.h).
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "confinement.h"
#include "log_capture.h"
#include "test_ports.h"

int failures;		/* test_check.h, for every file of the program */

bool confined;
bool shadow;
bool real_hw;
bool dry_run;
const char *mode_name;
unsigned int attacks, blocked;

int
main(int argc, char **argv)
{
	char allowed[2][RTE_DEV_NAME_MAX_LEN];
	struct rte_mempool *mp0, *mp1;
	struct rte_eth_stats st0, st1;
	uint64_t old_rx1, old_buf = 0;
	struct rte_mbuf *m;
	uint8_t *secret, *dp_canary;
	int n, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* The driver's log lines are evidence too (driver_reported()). */
	if (log_capture_start() != 0)
		return 2;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			break;
	for (; i < argc; i++)
		if (strcmp(argv[i], "--real-hw") == 0)
			real_hw = true;
	if (real_hw) {
		/* Before the EAL looks at any device. */
		if (allowlist(argc, argv, allowed) < 0)
			return 2;
		/*
		 * Reviewing this path on the emulated platform, whose IOMMU
		 * prints its faults in the emulated /dev/kmsg as Linux does:
		 * no platform function is called, the symbol only says
		 * where we are (no pause for the kernel's rate limit).
		 */
		dry_run = dlsym(RTLD_DEFAULT, "ixemu_fault_log") != NULL;
	} else {
		if (!platform_find(PLATFORM_DMA_ATTACK | PLATFORM_FAULT_LOG |
				   PLATFORM_DOMAIN_MAPPINGS |
				   PLATFORM_PEEK_REG |
				   PLATFORM_AUDIT_VIOLATIONS)) {
			fprintf(stderr, "run me under devtools/ixemu, or "
				"with --real-hw (doc/dma-confinement.md)\n");
			return 2;
		}
	}
	if (!eal_init_skip(&argc, &argv))
		return 2;
	if (argc < 2 || !dma_mode_valid(argv[1]) ||
	    (argc > 2 && strcmp(argv[2], "--real-hw") != 0)) {
		fprintf(stderr, "usage: ... -- shared|port|strict|shadow "
			"[--real-hw]\n");
		return 2;
	}
	mode_name = argv[1];
	confined = strcmp(argv[1], "shared") != 0;
	shadow = strcmp(argv[1], "shadow") == 0;
	printf("# mode %s%s\n", argv[1], real_hw ? ", real hardware" : "");
	if (real_hw && !ports_are_allowed(allowed)) {
		rte_eal_cleanup();
		return 2;
	}

	mp0 = test_pool_create("pool0", 4096);
	mp1 = test_pool_create("pool1", 4096);
	secret = rte_malloc("secret", 4096, 4096);
	dp_canary = rte_malloc("dp_canary", 4096, 4096);
	if (mp0 == NULL || mp1 == NULL || secret == NULL || dp_canary == NULL)
		return 2;
	memset(secret, CANARY, 4096);
	memset(dp_canary, CANARY, 4096);
	if (!test_two_ports_setup(mp0, mp1, NB_DESC)) {
		fprintf(stderr, "port setup failed\n");
		return 2;
	}

	if (real_hw) {
		n = run_real_hw(mp0, mp1, dp_canary);
		if (n != 0)
			return n;
		goto out;
	}
	audit_mapped_set(mp0, mp1, secret);
	run_attacks(mp1, secret);
	if (confined)
		audit_under_churn(mp0, mp1);
	if (confined) {
		tx_pool_checks();
		tx_edge_checks();
		tx_external_checks();
	}
	if (confined && !shadow)
		rx_edge_checks(mp0, mp1);
	/* Attacks the driver sees: a queue the device stopped. */
	dp_rx_attack("datapath-rx-forged-buffer", mp0, mp1, dp_canary, -1);
	memset(dp_canary, CANARY, 4096);
	dp_tx_attack("datapath-tx-forged-buffer", mp0, dp_canary);

	/* Close port 1, then its device attacks what it used to own. */
	old_rx1 = ring_base(1, IX_RDBAL(0));
	m = rte_pktmbuf_alloc(mp1);
	if (m != NULL) {
		old_buf = m->buf_iova;
		rte_pktmbuf_free(m);
	}
	rte_eth_dev_stop(1);
	rte_eth_dev_close(1);
	CHECK(rte_mempool_in_use_count(mp1) == 0, "port 1 closed: no mbuf "
	      "of pool1 left in use (%u)", rte_mempool_in_use_count(mp1));
	run_attacks_after_close(old_rx1, old_buf);
out:
	/* The process carries on: port 0 still transmits. */
	rte_eth_stats_get(0, &st0);
	if (real_hw)
		send_from(0, mp0, 64);
	else
		traffic(mp0, 20);
	rte_delay_ms(50);
	rte_eth_stats_get(0, &st1);
	CHECK(st1.opackets > st0.opackets,
	      "port 0 still transmits after the attacks (%" PRIu64 " frames)",
	      st1.opackets - st0.opackets);
	printf("# %u attacks, %u blocked\n", attacks, blocked);
	rte_eth_dev_stop(0);
	CHECK(rte_mempool_in_use_count(mp0) == 0, "port 0 stopped: no mbuf "
	      "of pool0 left in use (%u)", rte_mempool_in_use_count(mp0));
	rte_eth_dev_close(0);
	if (real_hw) {
		rte_eth_dev_stop(1);
		rte_eth_dev_close(1);
	}
	rte_eal_cleanup();
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * --real-hw (doc/dma-confinement.md, "Running on real hardware"): two
 * real, cabled 82599 ports listed with -a, a real IOMMU, and only the
 * datapath attack a real NIC can be made to perform, with the kernel's
 * IOMMU fault log as the evidence.  No ixemu_* call (on the emulated
 * platform, whose IOMMU prints its faults in the emulated /dev/kmsg as
 * Linux does, this is the dry run of the dma suite).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_vfio.h>

#include "confinement.h"
#include "kmsg_faults.h"
#include "test_ports.h"

/*
 * --real-hw: the program touches only the devices the command line lists
 * with -a (exactly two), and refuses any other way of choosing devices.
 * Returns the number of -a entries, or -1 with a message.
 */
int
allowlist(int argc, char **argv, char names[2][RTE_DEV_NAME_MAX_LEN])
{
	int i, n = 0;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *v = NULL;

		if (strcmp(argv[i], "-a") == 0 ||
		    strcmp(argv[i], "--allow") == 0)
			v = i + 1 < argc ? argv[++i] : "";
		else if (strncmp(argv[i], "--allow=", 8) == 0)
			v = argv[i] + 8;
		else if (strncmp(argv[i], "-a", 2) == 0)
			v = argv[i] + 2;
		else if (strcmp(argv[i], "-b") == 0 ||
			 strncmp(argv[i], "--block", 7) == 0 ||
			 strncmp(argv[i], "--vdev", 6) == 0 ||
			 strcmp(argv[i], "--no-pci") == 0 ||
			 strncmp(argv[i], "--proc-type", 11) == 0) {
			fprintf(stderr, "--real-hw: %s is not allowed: list "
				"the two ports with -a only\n", argv[i]);
			return -1;
		}
		if (v == NULL)
			continue;
		if (n == 2) {
			fprintf(stderr, "--real-hw: more than two -a\n");
			return -1;
		}
		snprintf(names[n], RTE_DEV_NAME_MAX_LEN, "%.*s",
			 (int)strcspn(v, ","), v);
		n++;
	}
	if (n != 2) {
		fprintf(stderr, "--real-hw: list exactly the two cabled 82599 "
			"ports with -a (found %d); nothing else is probed\n",
			n);
		return -1;
	}
	return n;
}

/* --real-hw: ports 0 and 1 must be the two allowlisted ixguard ports. */
bool
ports_are_allowed(char names[2][RTE_DEV_NAME_MAX_LEN])
{
	struct rte_eth_dev_info info;
	uint16_t p;

	if (rte_eth_dev_count_avail() != 2)
		return false;
	for (p = 0; p < 2; p++) {
		const char *n;

		if (rte_eth_dev_info_get(p, &info) != 0 || info.device == NULL)
			return false;
		n = rte_dev_name(info.device);
		if ((strcmp(n, names[0]) != 0 && strcmp(n, names[1]) != 0) ||
		    strcmp(info.driver_name, "net_ixguard") != 0) {
			fprintf(stderr, "--real-hw: port %u is %s (%s), not "
				"an allowlisted net_ixguard port\n", p, n,
				info.driver_name);
			return false;
		}
	}
	return true;
}

/*
 * Real hardware: only the datapath attack a real NIC can be made to
 * perform (posted RX descriptors pointing outside the domain, traffic
 * from the peer port), with the kernel's IOMMU fault log as evidence.
 */
int
run_real_hw(struct rte_mempool *mp0, struct rte_mempool *mp1, uint8_t *canary)
{
	unsigned int n;
	uint8_t *anon;
	int kfd;

	/*
	 * Without an IOMMU the forged addresses would reach physical
	 * memory: refuse vfio's no-IOMMU mode outright.
	 */
	if (rte_vfio_noiommu_is_enabled() != 0) {
		fprintf(stderr, "--real-hw: vfio is in no-IOMMU mode (or its "
			"state is unknown): refusing to forge DMA addresses\n");
		return 2;
	}
	if (rte_eal_iova_mode() != RTE_IOVA_VA) {
		fprintf(stderr, "--real-hw: run with --iova-mode=va (the "
			"forged addresses are virtual addresses no mapping "
			"covers)\n");
		return 2;
	}
	kfd = kmsg_open();
	if (kfd < 0) {
		fprintf(stderr, "--real-hw: cannot read /dev/kmsg: %s (root "
			"or CAP_SYSLOG needed)\n", strerror(errno));
		return 2;
	}
	printf("# real hardware: ports %s and %s, mode %s%s\n",
	       test_port_name(0), test_port_name(1), mode_name,
	       dry_run ? " (dry run on the emulated platform: its IOMMU logs "
	       "in the emulated /dev/kmsg)" : "");
	rte_delay_ms(2000);	/* link up on both ends */
	send_from(1, mp1, 32);
	n = drain(0, 500, 0, NULL);
	CHECK(n > 0, "port 1 -> port 0 traffic before the attacks: %u frames "
	      "(cable?)", n);
	/* DPDK memory outside port 0's domain: blocked in port/strict. */
	if (confined)
		dp_rx_attack("real-rx-forged-buffer-dpdk-heap", mp0, mp1,
			     canary, kfd);
	/* The kernel rate-limits fault messages (10 per 5 s by default). */
	if (confined && !dry_run)
		rte_delay_ms(6000);
	/* Memory outside DPDK: blocked in every mode, IOMMU on at all. */
	anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED)
		return 2;
	memset(anon, CANARY, 4096);
	dp_rx_attack("real-rx-forged-buffer-anon-page", mp0, mp1, anon, kfd);
	close(kfd);
	munmap(anon, 4096);
	printf("# xstats: port 0 rx_queue_dma_errors=%" PRIu64
	       " tx_dma_refused_packets=%" PRIu64 "\n",
	       test_xstat(0, "rx_queue_dma_errors"),
	       test_xstat(0, "tx_dma_refused_packets"));
	return 0;
}

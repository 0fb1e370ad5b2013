/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * What the DPDK fuzz targets share: an abort that libFuzzer reports as a
 * crash, and an EAL with no device, no hugepages and no shared files, so
 * that fuzzing processes never meet.  Define FUZZ_TARGET (the target's
 * name, a string) before including this.
 */
#ifndef FUZZ_EAL_H
#define FUZZ_EAL_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>

#ifndef FUZZ_TARGET
#error "define FUZZ_TARGET before including fuzz_eal.h"
#endif

static void
must(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, FUZZ_TARGET ": %s\n", what);
		abort();
	}
}

/*
 * The EAL on one lcore with mem_mb MB of ordinary memory and the log
 * level given ("--log-level=*:error"); a file prefix of this process.
 */
static void
fuzz_eal_init(char *mem_mb, char *log_level)
{
	char prefix[64];
	char *eal[] = {
		FUZZ_TARGET, "--no-huge", "--no-pci", "--no-shconf",
		"--no-telemetry", "-m", mem_mb, "-l", "0", "--iova-mode=va",
		log_level, "--file-prefix", prefix, NULL,
	};

	snprintf(prefix, sizeof(prefix), "%s%d", FUZZ_TARGET, (int)getpid());
	must(rte_eal_init(RTE_DIM(eal) - 1, eal) >= 0, "EAL init");
}

#endif /* FUZZ_EAL_H */

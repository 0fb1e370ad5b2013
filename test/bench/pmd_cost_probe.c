/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * A pointer chase through PROBE_LINES cache lines of one memzone, in an
 * order no prefetcher follows (a fixed random permutation, lines 8 KiB
 * apart, so each load waits for the one before), each line flushed from
 * the caches first: its time per load is the latency of memory as the
 * drivers meet it when they read what the device wrote (the `flush`
 * cache model).  About 256 loads of some 300 cycles each: tens of
 * microseconds a block.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include <rte_cycles.h>
#include <rte_memzone.h>
#include <rte_random.h>

#include "pmd_cost_probe.h"

#define PROBE_LINES	256
#define PROBE_STRIDE	8192	/* bytes between lines of the chase */
#define PROBE_LEN	(PROBE_LINES * PROBE_STRIDE)

static uint8_t *probe_mem;
static uint8_t *probe_first;

int
mem_probe_init(void)
{
	const struct rte_memzone *mz;
	unsigned int order[PROBE_LINES], i;

	mz = rte_memzone_reserve_aligned("pmd_cost_probe", PROBE_LEN,
					 SOCKET_ID_ANY, 0, PROBE_STRIDE);
	if (mz == NULL)
		return -ENOMEM;
	probe_mem = mz->addr;
	for (i = 0; i < PROBE_LINES; i++)
		order[i] = i;
	/* Fisher-Yates with a fixed seed: the same chase in every process. */
	rte_srand(1);
	for (i = PROBE_LINES - 1; i > 0; i--) {
		unsigned int j = (unsigned int)(rte_rand() % (i + 1));
		unsigned int t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	/* A line's offset within its stride moves too (no same-set hits). */
	for (i = 0; i < PROBE_LINES; i++) {
		unsigned int a = order[i], b = order[(i + 1) % PROBE_LINES];

		*(uint8_t **)(probe_mem + (size_t)a * PROBE_STRIDE +
			      (a % 64) * 64) =
			probe_mem + (size_t)b * PROBE_STRIDE + (b % 64) * 64;
	}
	probe_first = probe_mem + (size_t)order[0] * PROBE_STRIDE +
		      (order[0] % 64) * 64;
	return 0;
}

double
mem_probe_run(void)
{
	uint8_t *p = probe_first;
	uint64_t t0, t1;
	unsigned int i;

#ifdef RTE_ARCH_X86
	for (i = 0; i < PROBE_LINES; i++)
		__builtin_ia32_clflush(probe_mem + (size_t)i * PROBE_STRIDE +
				       (i % 64) * 64);
	__builtin_ia32_mfence();
#endif
	t0 = rte_rdtsc_precise();
	for (i = 0; i < PROBE_LINES; i++)
		p = *(uint8_t *volatile *)p;
	t1 = rte_rdtsc_precise();
	/* p is the start again (the chase is a cycle): keep it used. */
	if (p != probe_first)
		abort();
	return (double)(t1 - t0) / PROBE_LINES;
}

/*
 * TSC ticks per core clock: a chain of dependent register adds (one
 * core cycle each on every x86 core) timed with the TSC.  The TSC runs
 * at a constant rate while the core's clock follows the host's boost
 * and load, so this moves when the core runs slower, which the memory
 * probe above (memory latency is time, not core cycles) does not see.
 */
#define CLOCK_ITERS	2048
#define CLOCK_ADDS	8	/* per iteration, in one dependency chain */

double
clock_probe_run(void)
{
	uint64_t t0, t1, x = 0;
	unsigned int i;

	t0 = rte_rdtsc_precise();
	for (i = 0; i < CLOCK_ITERS; i++) {
#ifdef RTE_ARCH_X86
		__asm__ volatile("add $1, %0\n\tadd $1, %0\n\t"
				 "add $1, %0\n\tadd $1, %0\n\t"
				 "add $1, %0\n\tadd $1, %0\n\t"
				 "add $1, %0\n\tadd $1, %0"
				 : "+r"(x));
#else
		x += CLOCK_ADDS;
#endif
	}
	t1 = rte_rdtsc_precise();
	if (x != (uint64_t)CLOCK_ITERS * CLOCK_ADDS)
		abort();
	return (double)(t1 - t0) / (CLOCK_ITERS * CLOCK_ADDS);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * prefetch_probe: what software prefetches do on this CPU for lines a
 * device wrote, under pmd_cost's flush cache model (the lines written,
 * then CLFLUSHed: the driver finds them in memory).  Shadow mode's RX
 * copies such a line per frame, and where its prefetches go depends on
 * the answers (doc/bench/dma-overhead.md).
 *
 *   build/test/bench/prefetch_probe [lines]     (default 32)
 *
 * 1. Lines served: 'lines' lines 2112 bytes apart (shadow mode's RX
 *    buffer stride) are written and flushed; then nothing, PREFETCHT0,
 *    T1 or T2 on each; a long wait; then one load of each, timed.  A
 *    prefetch that brought its line makes the loads cheap.
 * 2. A fence after prefetches: the same prefetches, then MFENCE, timed
 *    from the first prefetch (as rte_rdtsc_precise() ends a pmd_cost
 *    window).  A fence that waits for the prefetches costs a memory
 *    latency.
 * 3. Page size seen by the TLB: a pointer chase over 256 lines 4160 bytes
 *    apart (each in its own 4 KiB page, all in one or two 2 MiB pages),
 *    in hugepage and in ordinary memory, against 256 lines 64 bytes
 *    apart.  Alike in both memories: the 2 MiB pages are held as 4 KiB
 *    entries (a guest whose memory the host backs with small pages).
 *
 * Figures are TSC cycles, the median of many repetitions; the program
 * uses no DPDK and touches no device.  Run it pinned (taskset -c 1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <x86intrin.h>

#define STRIDE		2112	/* buf_len 2048 + IXGUARD_RX_SHADOW_GAP */
#define AREA		(64u << 20)
#define REPS		501
#define CHASE_LINES	256

enum kind { NONE, T0, T1, T2, NB_KINDS };
static const char *const kind_name[NB_KINDS] = {
	"no prefetch", "PREFETCHT0", "PREFETCHT1", "PREFETCHT2" };

static volatile uint64_t sink;

static void
spin(unsigned int n)
{
	uint64_t x = 1;

	for (unsigned int i = 0; i < n; i++)
		x = x * 3 + i;
	sink = x;
}

/*
 * In asm: GCC at -O2 drops the intrinsics here (it finds no effect of
 * theirs on the program), and the probe would measure nothing.
 */
static void
prefetch(const uint8_t *p, enum kind k)
{
	switch (k) {
	case T0:
		__asm__ volatile("prefetcht0 %0" : : "m"(*p));
		break;
	case T1:
		__asm__ volatile("prefetcht1 %0" : : "m"(*p));
		break;
	case T2:
		__asm__ volatile("prefetcht2 %0" : : "m"(*p));
		break;
	default:
		break;
	}
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Lines as a device write leaves them under the flush cache model. */
static uint8_t *
device_write(uint8_t *area, unsigned int rep, unsigned int lines)
{
	uint8_t *b = area + (size_t)(rep % 16) * 1024 * STRIDE;

	for (unsigned int i = 0; i < lines; i++) {
		b[(size_t)i * STRIDE] = (uint8_t)rep;
		_mm_clflush(b + (size_t)i * STRIDE);
	}
	_mm_mfence();
	spin(5000);
	return b;
}

/* 1: TSC cycles per line of loading the lines after the prefetches. */
static double
lines_served(uint8_t *area, unsigned int lines, enum kind k)
{
	uint64_t t[REPS];

	for (unsigned int r = 0; r < REPS; r++) {
		uint8_t *b = device_write(area, r, lines);
		uint64_t t0, acc = 0;

		for (unsigned int i = 0; i < lines; i++)
			prefetch(b + (size_t)i * STRIDE, k);
		spin(20000);
		_mm_mfence();
		t0 = __rdtsc();
		for (unsigned int i = 0; i < lines; i++)
			acc += b[(size_t)i * STRIDE];
		_mm_mfence();
		t[r] = __rdtsc() - t0;
		sink = acc;
	}
	qsort(t, REPS, sizeof(t[0]), cmp_u64);
	return (double)t[REPS / 2] / lines;
}

/* 2: TSC cycles from the first prefetch to the end of an MFENCE. */
static double
fence_wait(uint8_t *area, unsigned int lines, enum kind k)
{
	uint64_t t[REPS];

	for (unsigned int r = 0; r < REPS; r++) {
		uint8_t *b = device_write(area, r, lines);
		uint64_t t0 = __rdtsc();

		for (unsigned int i = 0; i < lines; i++)
			prefetch(b + (size_t)i * STRIDE, k);
		_mm_mfence();
		t[r] = __rdtsc() - t0;
	}
	qsort(t, REPS, sizeof(t[0]), cmp_u64);
	return (double)t[REPS / 2];
}

/* 3: TSC cycles per step of a random pointer chase, lines hot. */
static double
chase(uint8_t *base, size_t stride)
{
	static unsigned int perm[CHASE_LINES];
	const unsigned int steps = 1u << 21;
	void *p = base;
	uint64_t t0;

	for (unsigned int i = 0; i < CHASE_LINES; i++)
		perm[i] = i;
	srand(1);
	for (unsigned int i = CHASE_LINES - 1; i > 0; i--) {
		unsigned int j = (unsigned int)rand() % (i + 1), x = perm[i];

		perm[i] = perm[j];
		perm[j] = x;
	}
	for (unsigned int i = 0; i < CHASE_LINES; i++)
		*(void **)(base + perm[i] * stride) =
			base + perm[(i + 1) % CHASE_LINES] * stride;
	for (unsigned int i = 0; i < 4 * CHASE_LINES; i++)
		p = *(void **)p;
	t0 = __rdtsc();
	for (unsigned int i = 0; i < steps; i++)
		p = *(void **)p;
	sink = (uintptr_t)p;
	return (double)(__rdtsc() - t0) / steps;
}

int
main(int argc, char **argv)
{
	unsigned int lines = argc > 1 ? (unsigned int)atoi(argv[1]) : 32;
	uint8_t *huge, *small;

	if (lines == 0 || lines > 1024) {
		fprintf(stderr, "prefetch_probe: lines: 1..1024\n");
		return 2;
	}
	huge = mmap(NULL, AREA, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	small = mmap(NULL, AREA, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (small == MAP_FAILED) {
		perror("prefetch_probe: mmap");
		return 1;
	}
	if (huge == MAP_FAILED) {
		printf("no hugepage: the device's lines in 4 KiB pages\n");
		huge = NULL;
	}
	madvise(small, AREA, MADV_NOHUGEPAGE);
	memset(small, 1, AREA);
	if (huge != NULL)
		memset(huge, 1, AREA);
	printf("1. %u flushed lines %u bytes apart, then loaded "
	       "(TSC cycles a line):\n", lines, STRIDE);
	for (int k = NONE; k < NB_KINDS; k++)
		printf("   %-12s %6.1f\n", kind_name[k],
		       lines_served(huge ? huge : small, lines, k));
	printf("2. the prefetches, then MFENCE (TSC cycles in all):\n");
	for (int k = NONE; k < NB_KINDS; k++)
		printf("   %-12s %6.0f\n", kind_name[k],
		       fence_wait(huge ? huge : small, lines, k));
	printf("3. pointer chase over %u hot lines (TSC cycles a step):\n",
	       CHASE_LINES);
	printf("   64 bytes apart:                 %5.1f\n",
	       chase(small, 64));
	printf("   4160 bytes apart, 4 KiB pages:  %5.1f\n",
	       chase(small, 4160));
	if (huge != NULL)
		printf("   4160 bytes apart, 2 MiB pages:  %5.1f\n",
		       chase(huge, 4160));
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Interface of one build of the model cost benchmark (model_cost.c), a
 * shared object that model_cost_main.c loads with dlopen().
 */
#ifndef MODEL_COST_H
#define MODEL_COST_H

#include <stdbool.h>
#include <stdint.h>

#define MC_EXPORT __attribute__((visibility("default")))

struct mc_opts {
	unsigned int frame_size;	/* with FCS: 64 .. 1518 */
	bool page_4k;			/* 4 KiB IOMMU pages, else 2 MiB */
	bool rss;			/* RSS hash and RXCSUM.PCSD */
	bool intr;			/* IVAR, EITR, MSI-X mode */
};

struct mc_result {
	uint64_t frames;		/* moved, both directions */
	double cycles_per_frame;	/* TSC cycles inside the model */
	unsigned int calls;		/* timed model calls */
	unsigned int dropped;		/* of them, left out (preempted) */
};

struct mc_counters {
	uint64_t iotlb_hits, iotlb_misses, faults;
	uint64_t audited, audit_violations;
	uint64_t rx_reaped, tx_posted, gprc, gptc, rx_missed;
};

typedef int (*mc_init_fn)(const struct mc_opts *o);
typedef int (*mc_run_fn)(uint64_t frames, struct mc_result *res);
typedef double (*mc_idle_fn)(unsigned int polls);
typedef void (*mc_counters_fn)(struct mc_counters *c);

MC_EXPORT int mc_init(const struct mc_opts *o);
MC_EXPORT int mc_run(uint64_t frames, struct mc_result *res);
MC_EXPORT double mc_idle(unsigned int polls);
MC_EXPORT void mc_counters(struct mc_counters *c);

#endif /* MODEL_COST_H */

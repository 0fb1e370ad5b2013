/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The machine's memory latency and core clock, timed before every block
 * of pmd_cost (pmd_cost.c): witnesses of the machine's state that no
 * driver under test takes part in.
 */
#ifndef PMD_COST_PROBE_H
#define PMD_COST_PROBE_H

/* Reserve the probe's memory; 0 or a negative errno. */
int mem_probe_init(void);

/* Cycles per dependent load from memory (every line flushed first). */
double mem_probe_run(void);

/* TSC ticks per core clock cycle (a dependent add chain). */
double clock_probe_run(void);

#endif /* PMD_COST_PROBE_H */

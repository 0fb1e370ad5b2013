/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/* features_check's "Multiprocess aware" probe (features_mp.c). */
#ifndef FEATURES_MP_H
#define FEATURES_MP_H

/* The EAL arguments (up to "--"), before rte_eal_init() reorders them. */
void features_mp_save_args(int argc, char **argv);
/* Primary: 1 the secondary sees the same figures, 0 not, -1 not checked
 * (no hugepages). */
int features_mp_probe(void);
/* "features_check EAL-ARGS -- --secondary": print the figures; exit code. */
int features_mp_secondary(void);

#endif /* FEATURES_MP_H */

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * What the programs that test lib/dmaguard against the emulated IOMMU
 * (test_dmaguard, test_dmaguard_extbuf) share: their start, IOVA
 * intervals, the IOMMU domains read back through the platform, and a
 * function attached and set up as the PCI bus would.
 */
#ifndef DMAGUARD_TESTLIB_H
#define DMAGUARD_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>

#include "dmaguard.h"
#include "ixemu.h"

/*
 * stdout line-buffered, the platform's domain calls found (else "run me
 * under devtools/ixemu" on stderr), rte_eal_init(), lib.dmaguard's log
 * at INFO.  false when the program should exit with 2.
 */
bool dmaguard_test_start(int argc, char **argv);

/* IOVA intervals [start, end) */
struct ivl {
	uint64_t start;
	uint64_t end;
};

/* Sort v[0..n) and merge what overlaps or touches; the new count. */
unsigned int ivl_merge(struct ivl *v, unsigned int n);

/* Two merged unions are the same. */
bool ivl_equal(const struct ivl *a, unsigned int na, const struct ivl *b,
	       unsigned int nb);

/* Does the union v intersect [s, e)? */
bool ivl_hits(const struct ivl *v, unsigned int n, uint64_t s, uint64_t e);

/* The IOMMU domain function fn is in: 0 none, 1 the EAL's default. */
int domain_id(unsigned int fn);

#define DOMAIN_MAPS_MAX	2048

/* The mappings domain_union() read last, by IOVA. */
extern struct ixemu_mapping imaps[DOMAIN_MAPS_MAX];

/*
 * The IOMMU domain of function fn, merged into v (room for
 * DOMAIN_MAPS_MAX intervals); *nmaps: its mappings.
 */
unsigned int domain_union(unsigned int fn, struct ivl *v, int *nmaps);

/* The PCI devices' folder in sysfs (the platform's, under ixemu). */
const char *sysfs(void);

/* What the PCI bus does in rte_pci_map_device() for a VFIO device. */
int setup_device(const char *name, int *fd);

/*
 * *d: a new domain 'name' in 'mode' with the function 'pci'
 * ("0000:00:10.1") attached, then set up (*fd: its VFIO device).
 * Returns 0, or the first failure (-1: no domain).
 */
int domain_open(struct dmaguard_domain **d, const char *name,
		enum dmaguard_mode mode, const char *pci, int *fd);

/*
 * The function 'pci' released (fd from domain_open() or setup_device()),
 * then its domain destroyed: dmaguard_domain_destroy()'s return.
 */
int domain_close(struct dmaguard_domain *d, const char *pci, int fd);

#endif /* DMAGUARD_TESTLIB_H */

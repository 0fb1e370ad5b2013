/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#ifndef GUARDPMD_PMD_SYM_H
#define GUARDPMD_PMD_SYM_H

#include <stdint.h>

/*
 * A function a PMD exports (rte_pmd_ixguard_* of
 * drivers/net/ixguard/rte_pmd_ixguard.h), or NULL when no loaded object
 * has it.  The EAL loads -d plugins RTLD_LOCAL, so RTLD_DEFAULT alone
 * sees only a PMD linked into the program; this also asks every object
 * already loaded, and loads none.  Used by guardpmd and by the tests.
 */
void *pmd_sym(const char *name);

struct rte_pmd_ixguard_dma_domain;
struct rte_pmd_ixguard_dma_mapping;

/*
 * rte_pmd_ixguard_dma_domain_get() of the loaded PMD: port's domain into
 * *d, its first max_mappings mappings into maps.  -ENOSYS when no loaded
 * object exports the function; else what it returns.
 */
int pmd_dma_domain_get(uint16_t port_id, struct rte_pmd_ixguard_dma_domain *d,
		       struct rte_pmd_ixguard_dma_mapping *maps,
		       uint32_t max_mappings);

#endif /* GUARDPMD_PMD_SYM_H */

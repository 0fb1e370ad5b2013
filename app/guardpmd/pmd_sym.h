/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#ifndef GUARDPMD_PMD_SYM_H
#define GUARDPMD_PMD_SYM_H

/*
 * A function a PMD exports (rte_pmd_ixguard_* of
 * drivers/net/ixguard/rte_pmd_ixguard.h), or NULL when no loaded object
 * has it.  The EAL loads -d plugins RTLD_LOCAL, so RTLD_DEFAULT alone
 * sees only a PMD linked into the program; this also asks every object
 * already loaded, and loads none.  Used by guardpmd and by the tests.
 */
void *pmd_sym(const char *name);

#endif /* GUARDPMD_PMD_SYM_H */

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * What the dma suite's attack programs (test_confinement, test_metadata,
 * test_wb_lies) share: the emulated platform's calls, found at run time
 * (test_dmaguard and test_dmaguard_extbuf find theirs here too), the
 * evidence of a DMA the IOMMU refused (the platform's fault log, the
 * driver's telemetry), canary pages, and the EAL and mode arguments.
 */
#ifndef DMA_ATTACK_LIB_H
#define DMA_ATTACK_LIB_H

#include <stdbool.h>
#include <stdint.h>

#include "ixemu.h"

/* The byte canary pages are filled with. */
#define CANARY	0x5a

/* The 4 KiB page of an address or IOVA. */
#define PG(a)	((uint64_t)(a) & ~(uint64_t)4095)

/*
 * The platform's calls (lib/vfioemu/ixemu.h).  They live in the library
 * devtools/ixemu preloads: looked up with dlsym, so that the programs
 * also link, and run with --real-hw, without it.  NULL until
 * platform_find() found them.
 */
struct platform_calls {
	__typeof__(ixemu_dma_attack) *dma_attack;
	__typeof__(ixemu_fault_log) *fault_log;
	__typeof__(ixemu_domain_id) *domain_id;
	__typeof__(ixemu_domain_mappings) *domain_mappings;
	__typeof__(ixemu_peek_reg) *peek_reg;
	__typeof__(ixemu_audit_violations) *audit_violations;
	__typeof__(ixemu_forge_writeback) *forge_writeback;
	__typeof__(ixemu_forged_writebacks) *forged_writebacks;
};

extern struct platform_calls platform;

/* Bits of platform_find()'s 'need'. */
#define PLATFORM_DMA_ATTACK		(1u << 0)
#define PLATFORM_FAULT_LOG		(1u << 1)
#define PLATFORM_DOMAIN_MAPPINGS	(1u << 2)
#define PLATFORM_PEEK_REG		(1u << 3)
#define PLATFORM_AUDIT_VIOLATIONS	(1u << 4)
#define PLATFORM_FORGE_WRITEBACK	(1u << 5)
#define PLATFORM_FORGED_WRITEBACKS	(1u << 6)
#define PLATFORM_DOMAIN_ID		(1u << 7)

/*
 * Look the platform's calls up into 'platform'; true if every one in
 * 'need' (PLATFORM_* bits) was found: the program runs under
 * devtools/ixemu.
 */
bool platform_find(unsigned int need);

/* The number of faults in the platform's IOMMU fault log so far. */
uint64_t faults_now(void);

/*
 * A fault in the platform's log, after the first 'from', by function
 * 'fn' ("0000:00:10.0") on [page, page + 4 KiB), a write or a read.
 */
bool fault_on(uint64_t from, const char *fn, uint64_t page, bool write);

/*
 * The driver reported a refused DMA by port 0's device: the newest of
 * the recent faults telemetry shows for port 0 (/ixguard/dma_domain,0),
 * read as dpdk-telemetry.py would, names the page, the direction and
 * 0000:00:10.0.
 */
bool telemetry_reported_fault(bool write, uint64_t page);

/* Every byte of the 4 KiB page at p is still CANARY. */
bool page_intact(const uint8_t *p);

/*
 * rte_eal_init(), then *argc and *argv moved past the EAL's arguments to
 * the program's own, "MODE [ARG...]": (*argv)[1] is MODE.  false when the
 * EAL did not start.
 */
bool eal_init_skip(int *argc, char ***argv);

/* A dma_isolation mode: shared, port, strict or shadow. */
bool dma_mode_valid(const char *mode);

#endif /* DMA_ATTACK_LIB_H */

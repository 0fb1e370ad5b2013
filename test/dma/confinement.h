/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The files of test_confinement (the program is described in
 * test_confinement.c), one concern each:
 *   test_confinement.c                 main(): the mode, set-up, the order
 *   confinement_traffic.c              frames both ways, from a port, to one
 *   confinement_mapped_set.c           1. the mapped-set audit
 *   confinement_iommu_attacks.c        2. DMA attacks through the IOMMU,
 *                                         and after port 1 was closed
 *   confinement_churn_audit.c          3. the DMA-address audit under churn,
 *                                         port 1 hot-unplugged and replugged
 *   confinement_tx_pool.c              TX from a pool the domain never saw
 *   confinement_tx_external.c          TX from a registered external buffer
 *   confinement_rx_edge.c              RX from a pool with unmapped edge
 *                                         pages
 *   confinement_datapath_attacks.c     4. attacks through the datapath, the
 *                                         queue the driver must restart
 *   confinement_real_hw.c              --real-hw: allowlist, the attacks
 *   kmsg_faults.c                      the kernel's IOMMU fault lines
 */
#ifndef CONFINEMENT_H
#define CONFINEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_dev.h>
#include <rte_memory.h>

#include "ix82599_rxtx.h"

#include "dma_attack_lib.h"

/* Every file of the program counts into one 'failures'. */
#define TEST_CHECK_SHARED
#include "test_check.h"

struct rte_mempool;

#define NB_DESC 512


/*
 * The base of a ring of function fn as its registers hold it (bal:
 * IX_RDBAL(q) or IX_TDBAL(q)), read through the platform.
 */
static inline uint64_t
ring_base(unsigned int fn, uint32_t bal)
{
	return platform.peek_reg(fn, bal) |
	       (uint64_t)platform.peek_reg(fn, bal + 4) << 32;
}

/* The mode, from the command line (test_confinement.c). */
extern bool confined;	/* port, strict or shadow mode */
extern bool shadow;	/* shadow mode: no application memory mapped */
extern bool real_hw;	/* --real-hw: a real 82599 and a real IOMMU */
extern bool dry_run;	/* --real-hw on the emulated platform */
extern const char *mode_name;
/* Attack lines printed, and how many of them say "blocked". */
extern unsigned int attacks, blocked;

/* ---- confinement_traffic.c ---- */

/* Move traffic both ways for 'rounds' rounds; returns frames received. */
unsigned int traffic(struct rte_mempool *mp0, unsigned int rounds);
/* Send n 64-byte frames from 'port' out of pool mp; returns sent. */
unsigned int send_from(uint16_t port, struct rte_mempool *mp,
		       unsigned int n);
/*
 * Receive and free what arrives on 'port' for ms milliseconds; counts
 * the frames that carry 'pattern' in their first 16 bytes in *with.
 */
unsigned int drain(uint16_t port, unsigned int ms, uint8_t pattern,
		   unsigned int *with);

/* ---- the checks, in the order main() makes them ---- */

/* 1. Port 0's domain holds its rings and RX pool (or shadow areas). */
void audit_mapped_set(struct rte_mempool *mp0, struct rte_mempool *mp1,
		      const void *secret);
/* 2. Function 0's DMA attacks through its IOMMU domain. */
void run_attacks(struct rte_mempool *mp1, uint8_t *secret);
/* 3. No DMA address outside the domains under churn. */
void audit_under_churn(struct rte_mempool *mp0, struct rte_mempool *mp1);
/* TX from a pool port 0's domain has never seen. */
void tx_pool_checks(void);
void tx_edge_checks(void);
/* TX from an external buffer: registered read-only, frames exact. */
void tx_external_checks(void);
/* RX from a pool whose area has unmapped edge pages (port 1's queue). */
void rx_edge_checks(struct rte_mempool *mp0, struct rte_mempool *mp1);

/*
 * A pinned external-buffer pool of nb buffers of EDGE_ELT bytes whose data
 * area [*start, *end) begins 128 bytes into a page, so that its first and
 * last pages hold other memory and the domain never maps them (the
 * layout of testpmd's xbuf zones); nb a multiple of 256 ends the area on
 * a page boundary plus 128.  NULL (and a failed check) if it cannot be made.
 */
#define EDGE_ELT	2176u		/* testpmd's default mbuf size */
#define EDGE_PAGE	4096u
struct rte_mempool *edge_pool_create(const char *name, unsigned int nb,
				     rte_iova_t *start, rte_iova_t *end);
/* Bytes [b, b + len) touch one of those edge pages. */
bool in_edge_page(rte_iova_t b, uint32_t len, rte_iova_t start,
		  rte_iova_t end);
/* 4. Port 0's RX descriptors, resp. a TX descriptor, at 'target'. */
void dp_rx_attack(const char *name, struct rte_mempool *mp0,
		  struct rte_mempool *mp1, uint8_t *target, int kfd);
void dp_tx_attack(const char *name, struct rte_mempool *mp0,
		  uint8_t *target);
/* 2, after port 1 was closed: its device attacks what it owned. */
void run_attacks_after_close(uint64_t old_rx1, uint64_t old_buf);

/* ---- confinement_real_hw.c ---- */

/*
 * Before rte_eal_init(): exactly two -a entries and no other way of
 * choosing devices; returns 2 with names[] filled in, or -1.
 */
int allowlist(int argc, char **argv, char names[2][RTE_DEV_NAME_MAX_LEN]);
/* After it: ports 0 and 1 are the two allowlisted ixguard ports. */
bool ports_are_allowed(char names[2][RTE_DEV_NAME_MAX_LEN]);
/* The RX datapath attack on real hardware; 0, or 2 (cannot run). */
int run_real_hw(struct rte_mempool *mp0, struct rte_mempool *mp1,
		uint8_t *canary);

#endif /* CONFINEMENT_H */

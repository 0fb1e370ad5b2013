/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * net_ixguard's public API: reading a port's DMA domain in process (used
 * by guardpmd's "show dma domain").
 *
 * DPDK 22.11 has no public in-process telemetry query, so the PMD exports
 * one function with default visibility from librte_net_ixguard.so:
 *
 *     int rte_pmd_ixguard_dma_domain_get(uint16_t port_id,
 *                                        struct rte_pmd_ixguard_dma_domain *d);
 *
 * The EAL loads "-d" plugins with dlopen(RTLD_NOW) (local symbols), so the
 * application looks the symbol up with dlsym(RTLD_DEFAULT) first, then in
 * every loaded object (dlopen(path, RTLD_NOLOAD) + dlsym).  The PMD fills
 * it from lib/dmaguard: dmaguard_domain_name/mode/container(),
 * dmaguard_counters_get() and dmaguard_mappings().
 *
 * Caller: sets version = RTE_PMD_IXGUARD_DMA_API_VERSION, mappings to an
 * array of max_mappings entries (may be NULL with max_mappings 0), and the
 * rest to zero.  Callee: fills everything else; nb_mappings is the number
 * of mappings of the domain, of which min(nb_mappings, max_mappings) are
 * copied (by IOVA).
 * Returns 0; -ENODEV: not a net_ixguard port; -ENOTSUP: version not
 * supported; -EINVAL: bad arguments.
 */
#ifndef RTE_PMD_IXGUARD_H
#define RTE_PMD_IXGUARD_H

#include <stddef.h>
#include <stdint.h>

#define RTE_PMD_IXGUARD_DMA_API_VERSION	2
#define RTE_PMD_IXGUARD_DMA_DOMAIN_GET	"rte_pmd_ixguard_dma_domain_get"
/* Same sizes as lib/dmaguard (DMAGUARD_NAME_LEN, DMAGUARD_WHAT_LEN). */
#define RTE_PMD_IXGUARD_DMA_NAME_LEN	32
#define RTE_PMD_IXGUARD_DMA_WHAT_LEN	96

struct rte_pmd_ixguard_dma_mapping {
	uint64_t iova;
	uint64_t len;
	uint64_t va;
	uint64_t page_sz;
	uint32_t writable;	/* 0: the device may only read it (v2) */
	char what[RTE_PMD_IXGUARD_DMA_WHAT_LEN]; /* "rx ring q0, mempool x" */
};

/* Mirrors struct dmaguard_counters. */
struct rte_pmd_ixguard_dma_counters {
	uint64_t mappings;	/* live IOMMU mappings (<= 256) */
	uint64_t regions;	/* registered memzones, pool chunks, buffers */
	uint64_t bytes;		/* mapped now */
	uint64_t pages_4k;
	uint64_t pages_2m;
	uint64_t pages_1g;
	uint64_t pages_other;
	uint64_t maps;		/* VFIO map calls */
	uint64_t unmaps;	/* VFIO unmap calls */
	uint64_t map_failures;
	uint64_t limit_hits;
	uint64_t lookup_failures;
};

struct rte_pmd_ixguard_dma_domain {
	uint32_t version;		/* in */
	uint32_t max_mappings;		/* in: entries of 'mappings' */
	struct rte_pmd_ixguard_dma_mapping *mappings; /* in: caller's */
	char name[RTE_PMD_IXGUARD_DMA_NAME_LEN];	/* out: "port0" */
	char mode[8];			/* out: shared, port, strict, shadow */
	int32_t container;		/* out: VFIO container fd */
	uint32_t nb_devices;		/* out */
	uint32_t nb_mappings;		/* out: in the domain */
	struct rte_pmd_ixguard_dma_counters counters;	/* out */
};

typedef int (*rte_pmd_ixguard_dma_domain_get_t)(uint16_t port_id,
		struct rte_pmd_ixguard_dma_domain *d);

/* Exported by librte_net_ixguard.so. */
int rte_pmd_ixguard_dma_domain_get(uint16_t port_id,
				   struct rte_pmd_ixguard_dma_domain *d);

struct rte_mempool;

/*
 * Register memory a port's TX queues will send from, in its DMA domain:
 * a mempool, or an external buffer (IOVA-contiguous, DPDK memory or not).
 * Port mode maps a TX mempool by itself when it first sees it; strict
 * mode adds nothing after start, so its TX memory is registered here,
 * with the port stopped.  Both are mapped read-only for the device (a
 * later RX queue set-up with a registered pool, port stopped, makes the
 * pool writable).  Returns 0, -ENODEV (not a net_ixguard port),
 * -EPERM (strict mode, port started), -ENOSPC (mapping limit) or another
 * negative errno.  Shared mode: 0, nothing to do.
 */
int rte_pmd_ixguard_dma_map_mempool(uint16_t port_id, struct rte_mempool *mp);
int rte_pmd_ixguard_dma_map_external(uint16_t port_id, void *va,
				     uint64_t iova, size_t len);

#endif /* RTE_PMD_IXGUARD_H */

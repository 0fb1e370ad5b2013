/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/* Internals of lib/dmaguard, shared by its files. */
#ifndef DMAGUARD_PRIV_H
#define DMAGUARD_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_log.h>
#include <rte_spinlock.h>

#include "dmaguard.h"

extern int dmaguard_logtype;
#define DMAGUARD_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, dmaguard_logtype, \
		"dmaguard: " fmt "\n", ##__VA_ARGS__)

/* A page-granular range: whole pages of page_sz, contiguous in VA/IOVA. */
struct dmaguard_range {
	uint64_t va;
	rte_iova_t iova;
	uint64_t len;
	uint64_t page_sz;
	bool ro;	/* the device may read, not write */
	bool tx;	/* read-only for transmit: may become writable */
};

/* Something registered: a memzone, one chunk of a mempool, a buffer. */
struct dmaguard_region {
	char label[DMAGUARD_LABEL_LEN];
	uint64_t va;
	rte_iova_t iova;
	uint64_t len;
	const void *obj;	/* the mempool or memzone, for lookups */
	bool tx;		/* mapped for transmit only (read-only) */
};

/*
 * The fast-path lookup table: the mappings merged where IOVA-contiguous,
 * sorted, as inclusive [start, last] so that a range ending at the top
 * of the IOVA space is representable.  Written under the domain lock,
 * read without a lock: seq is odd while an update is in progress.
 */
struct dmaguard_lut_ent {
	rte_iova_t start;
	rte_iova_t last;
};

struct dmaguard_lut {
	uint32_t seq;
	uint32_t n;
	struct dmaguard_lut_ent e[DMAGUARD_MAX_MAPPINGS];
};

/* Registrations a domain holds (each pool chunk, zone, buffer is one). */
#define DMAGUARD_MAX_REGIONS	1024

struct dmaguard_domain {
	/* fast path, read mostly */
	struct dmaguard_lut lut __rte_cache_aligned;
	enum dmaguard_mode mode;
	uint64_t lookup_failures __rte_cache_aligned;	/* atomic */

	/* control path, under lock */
	rte_spinlock_t lock __rte_cache_aligned;
	char name[DMAGUARD_NAME_LEN];
	int container_fd;
	unsigned int active;		/* devices started */
	unsigned int ndev;
	int group[DMAGUARD_MAX_DEVICES];
	int group_fd[DMAGUARD_MAX_DEVICES];
	char dev_name[DMAGUARD_MAX_DEVICES][PCI_PRI_STR_SIZE + 1];
	struct rte_pci_addr dev_addr[DMAGUARD_MAX_DEVICES];

	/* the IOMMU mappings, sorted by IOVA, disjoint */
	unsigned int nmaps;
	struct dmaguard_range maps[DMAGUARD_MAX_MAPPINGS];

	unsigned int nregions;
	struct dmaguard_region regions[DMAGUARD_MAX_REGIONS];

	uint64_t cnt_maps;
	uint64_t cnt_unmaps;
	uint64_t cnt_map_failures;
	uint64_t cnt_limit_hits;

	/* IOMMU faults of the domain's devices (dmaguard_faults.c) */
	struct dmaguard_domain *watch_next;	/* under the watch's lock */
	uint64_t flt_faults;
	uint64_t flt_reads;
	uint64_t flt_writes;
	uint64_t flt_unlogged;
	uint64_t flt_unlogged_mark;		/* at the last line logged */
	uint64_t flt_log_window;		/* start, in timer cycles */
	unsigned int flt_logged_in_window;
	unsigned int flt_recent_next;		/* total kept, mod ring */
	struct dmaguard_fault flt_recent[DMAGUARD_RECENT_FAULTS];
	/*
	 * The primary's fault watch as of its last change (the watch
	 * itself is per process): what a secondary reports.
	 */
	bool flt_watched;
	uint64_t flt_kernel_suppressed;
	char flt_watch_status[96];

	const struct rte_memzone *zone;		/* where the domain lives */
};

/* dmaguard_lookup.c: rebuild the lookup table from dom->maps (lock held). */
void dmaguard_lut_publish(struct dmaguard_domain *dom);

/* dmaguard_map.c: unmap everything (lock held); 'closing': see there. */
int dmaguard_unmap_all_locked(struct dmaguard_domain *dom, bool closing);

/*
 * dmaguard_faults.c: a domain joins the process's fault watch when it is
 * created and leaves it before it is freed (no domain lock held).
 */
void dmaguard_fault_watch_join(struct dmaguard_domain *dom);
void dmaguard_fault_watch_leave(struct dmaguard_domain *dom);
/* The watch's status as the domain's copy has it (no domain lock held). */
int dmaguard_fault_watch_status_of(struct dmaguard_domain *dom, char *buf,
				   size_t len);
/* Counters and recent faults of one moment (no domain lock held). */
int dmaguard_faults_snapshot(struct dmaguard_domain *dom,
			     struct dmaguard_fault_counters *c,
			     struct dmaguard_fault *out, unsigned int max);

/*
 * Pinned external-buffer pools (dmaguard_extbuf.c).  An area: whole
 * 4 KiB pages of data, IOVA-contiguous from iova.
 */
struct dmaguard_area {
	uint64_t va;
	rte_iova_t iova;
	uint64_t len;
};

/* dmaguard_map.c: map the areas of mp, all or nothing; register them. */
int dmaguard_map_areas(struct dmaguard_domain *dom, struct rte_mempool *mp,
		       const struct dmaguard_area *a, unsigned int n,
		       const char *label, bool tx);
/* dmaguard_extbuf.c: dmaguard_map_mempool() for a pinned pool. */
int dmaguard_map_extbuf_pool(struct dmaguard_domain *dom, struct rte_mempool *mp,
			     const char *label, bool tx);
/* dmaguard_extbuf.c: the pinned pool of an extbuf segment, or NULL. */
struct rte_mempool *dmaguard_extbuf_pool_of(const struct rte_mbuf *seg);

/* Human-readable size ("6.0 MiB") and page size ("2M"). */
void dmaguard_fmt_bytes(char *buf, size_t len, uint64_t bytes);
void dmaguard_fmt_page(char *buf, size_t len, uint64_t page_sz);

#endif /* DMAGUARD_PRIV_H */

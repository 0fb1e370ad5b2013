/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * A queue's memory of the DMA-domain ranges its buffers lay in, so that
 * the per-buffer domain check of port and strict modes (TX admission, RX
 * buffers of external-buffer pools) costs a compare, not a search.
 *
 * Two ways per 2 MiB granule of IOVA: a pool laid in many areas (one per
 * zone of 2 MiB - 256 bytes, as testpmd's --mp-alloc=xbuf makes them)
 * finds each area's range in the slot of its granule, where a single
 * remembered range missed on almost every packet; a granule holds the
 * end of one area and the start of the next, hence two ways.  A way
 * holds a whole range of the domain, so it stays right only while ranges
 * do not shrink: they only grow while the domain runs, and the driver
 * empties the caches at every start and stop (ixguard_dma.c).  Only the
 * queue's lcore touches its cache.
 */
#ifndef IXGUARD_RANGECACHE_H
#define IXGUARD_RANGECACHE_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_memory.h>

#include "dmaguard.h"

#define IXGUARD_RC_SLOTS	64	/* a power of two */
#define IXGUARD_RC_SHIFT	21	/* 2 MiB granules */

struct ixguard_range_cache {
	struct {
		/* way 0: the range filled last; empty: start > last */
		rte_iova_t start[2];
		rte_iova_t last[2];
	} slot[IXGUARD_RC_SLOTS];
};

static inline void
ixguard_rc_reset(struct ixguard_range_cache *c)
{
	unsigned int i, w;

	for (i = 0; i < IXGUARD_RC_SLOTS; i++)
		for (w = 0; w < 2; w++) {
			c->slot[i].start[w] = 1;
			c->slot[i].last[w] = 0;
		}
}

/* [iova, last] inside a range remembered for iova's granule? */
static __rte_always_inline bool
ixguard_rc_hit(const struct ixguard_range_cache *c, rte_iova_t iova,
	       rte_iova_t last)
{
	unsigned int i = (unsigned int)(iova >> IXGUARD_RC_SHIFT) &
			 (IXGUARD_RC_SLOTS - 1);

	return last >= iova &&
	       ((iova >= c->slot[i].start[0] && last <= c->slot[i].last[0]) ||
		(iova >= c->slot[i].start[1] && last <= c->slot[i].last[1]));
}

/*
 * The same as ixguard_rc_hit() as 1 or 0 and without a branch, for a walk
 * that only needs to know whether every buffer hit (which way hits
 * changes from buffer to buffer: a branch on it mispredicts).
 */
static __rte_always_inline unsigned int
ixguard_rc_hit_bit(const struct ixguard_range_cache *c, rte_iova_t iova,
		   rte_iova_t last)
{
	unsigned int i = (unsigned int)(iova >> IXGUARD_RC_SHIFT) &
			 (IXGUARD_RC_SLOTS - 1);

	return (unsigned int)(last >= iova) &
	       (((unsigned int)(iova >= c->slot[i].start[0]) &
		 (unsigned int)(last <= c->slot[i].last[0])) |
		((unsigned int)(iova >= c->slot[i].start[1]) &
		 (unsigned int)(last <= c->slot[i].last[1])));
}

/*
 * Miss: is [iova, last] in the domain?  Remembers the range that holds
 * iova.  A span across two ranges is answered by the domain, not kept.
 */
static inline bool
ixguard_rc_fill(struct ixguard_range_cache *c, struct dmaguard_domain *dom,
		rte_iova_t iova, rte_iova_t last)
{
	unsigned int i = (unsigned int)(iova >> IXGUARD_RC_SHIFT) &
			 (IXGUARD_RC_SLOTS - 1);
	rte_iova_t s, l;

	if (last < iova)
		return false;
	if (dmaguard_range_of(dom, iova, &s, &l) && last <= l) {
		c->slot[i].start[1] = c->slot[i].start[0];
		c->slot[i].last[1] = c->slot[i].last[0];
		c->slot[i].start[0] = s;
		c->slot[i].last[0] = l;
		return true;
	}
	return dmaguard_contains(dom, iova, last - iova + 1);
}

/* The check, both paths. */
static __rte_always_inline bool
ixguard_rc_contains(struct ixguard_range_cache *c,
		    struct dmaguard_domain *dom, rte_iova_t iova, uint64_t len)
{
	rte_iova_t last = iova + len - 1;

	if (likely(len != 0 && ixguard_rc_hit(c, iova, last)))
		return true;
	return len != 0 && ixguard_rc_fill(c, dom, iova, last);
}

#endif /* IXGUARD_RANGECACHE_H */

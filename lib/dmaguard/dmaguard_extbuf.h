/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Pinned external-buffer pools (rte_pktmbuf_pool_create_extbuf(), pool
 * flag RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF) in a DMA domain.
 *
 * Such a pool keeps its mbuf headers in the pool's own memory and the
 * packet data in areas the application provided (struct
 * rte_pktmbuf_extmem): every mbuf carries RTE_MBUF_F_EXTERNAL and a
 * fixed buffer (buf_addr, buf_iova, buf_len) for its whole life (its
 * shinfo, in DPDK 22.11, is in the pool's element after the header).
 * The device needs the data, never the headers, so dmaguard_map_mempool()
 * maps, for such a pool, only the data areas; the pool's own memory (the
 * headers and shinfos, whose next/pool/buf_addr/free_cb fields a device
 * could otherwise rewrite) is never mapped.
 *
 * The areas are found from the objects: each mbuf's buffer, sorted by
 * IOVA, buffers that follow each other exactly (in address and IOVA)
 * forming one area.  Bytes between two buffers are not known to be the
 * application's and are left out.  Only the 4 KiB pages wholly inside an
 * area are mapped: a page at an area's edge that also holds other memory
 * (a memzone that is not page-aligned shares its first and last pages
 * with heap element headers) is not, so the buffers lying (partly) in such
 * a page cannot be given to the device.  dmaguard_contains() on a buffer's
 * IOVA range tells them apart on the fast path; dmaguard_extbuf_info()
 * counts them.  An application that wants every buffer usable lays its
 * areas on whole pages (page-aligned, a whole number of pages, buffers
 * back to back up to the end), as guardpmd --mp-alloc xbuf does.
 */
#ifndef DMAGUARD_EXTBUF_H
#define DMAGUARD_EXTBUF_H

#include <stdbool.h>
#include <stdint.h>

#include "dmaguard.h"

#ifdef __cplusplus
extern "C" {
#endif

struct rte_mempool;

/* The IOMMU's finest grain: what "a page" means for an area's edges. */
#define DMAGUARD_EXTBUF_PAGE	4096u

/* True for a pktmbuf pool with RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF. */
bool dmaguard_mempool_is_extbuf(const struct rte_mempool *mp);

struct dmaguard_extbuf_info {
	uint32_t buffers;	/* one per mbuf of the pool */
	uint32_t areas;		/* contiguous areas the buffers form */
	uint32_t edge_buffers;	/* (partly) in an edge page: not mappable */
	uint32_t pages;		/* 4 KiB pages wholly inside the areas */
	uint64_t area_bytes;	/* bytes the buffers cover */
	uint64_t page_bytes;	/* bytes of those pages (what is mapped) */
};

/*
 * Walk the pool's objects (control path: O(n log n) in the pool size) and
 * describe its data areas.  Returns 0; -ENOTSUP for a pool that is not a
 * pinned external-buffer pool; -EINVAL for a buffer without IOVA, one
 * whose address and IOVA differ in their offset within a page, or
 * overlapping buffers of different memory; -ENOMEM.
 */
int dmaguard_extbuf_info(struct rte_mempool *mp,
			 struct dmaguard_extbuf_info *info);

#ifdef __cplusplus
}
#endif

#endif /* DMAGUARD_EXTBUF_H */

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * 1. The mapped-set audit: every mapping of port 0's IOMMU domain lies
 * within the pages of its rings, its TX slots and its RX pool (in shadow
 * mode, its RX shadow area instead of the pool, and no byte of the RX
 * pool); port 1's ring and
 * buffers and an rte_malloc secret are outside it.  Shared mode (the
 * EAL's default container maps all DPDK memory) is only reported.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_memzone.h>

#include "confinement.h"

#define PAGE_2M (2ull << 20)

struct range {
	uint64_t lo, hi;
};

static bool
covered(const struct range *allowed, unsigned int n, uint64_t lo, uint64_t hi)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (lo >= allowed[i].lo && hi <= allowed[i].hi)
			return true;
	return false;
}

/* Appends each chunk of a pool to the ranges at opaque (first unused). */
static void
chunk_cb(struct rte_mempool *mp, void *opaque, struct rte_mempool_memhdr *m,
	 unsigned int idx)
{
	struct range *r = opaque;

	(void)mp;
	/* Page-rounded: the IOMMU maps whole pages (2 MiB or 4 KiB). */
	r[idx].lo = RTE_ALIGN_FLOOR(m->iova, PAGE_2M);
	r[idx].hi = RTE_ALIGN_CEIL(m->iova + m->len, PAGE_2M);
}

struct mz_find {
	uint64_t iova;
	struct range r;
};

static void
mz_find_cb(const struct rte_memzone *mz, void *arg)
{
	struct mz_find *f = arg;

	if (f->iova >= mz->iova && f->iova < mz->iova + mz->len) {
		f->r.lo = RTE_ALIGN_FLOOR(mz->iova, PAGE_2M);
		f->r.hi = RTE_ALIGN_CEIL(mz->iova + mz->len, PAGE_2M);
	}
}

/*
 * The pages of the memzone holding a ring base (page-rounded: the IOMMU
 * maps whole pages); the ring's memzone may cross a 2 MiB boundary.
 */
static struct range
ring_pages(uint64_t base)
{
	struct mz_find f = {
		.iova = base,
		.r = { RTE_ALIGN_FLOOR(base, PAGE_2M),
		       RTE_ALIGN_CEIL(base + 1, PAGE_2M) },
	};

	rte_memzone_walk(mz_find_cb, &f);
	return f.r;
}

/*
 * The pages of port 0's driver-owned buffer areas: its TX slots (every
 * private mode: the device reads the packets the driver copies there)
 * and, with 'rx' (shadow mode), its RX shadow area, which takes the
 * place of the RX pool in its domain.
 */
static unsigned int
shadow_pages(struct range *r, bool rx)
{
	static const char *const zones[] = {
		"eth_p0_q0_ixguard_tx_shadow", "eth_p0_q0_ixguard_rx_shadow",
	};
	const struct rte_memzone *mz;
	unsigned int i, n = 0;

	for (i = 0; i < (rx ? 2u : 1u); i++) {
		mz = rte_memzone_lookup(zones[i]);
		CHECK(mz != NULL, "shadow: memzone %s exists", zones[i]);
		if (mz == NULL)
			continue;
		r[n].lo = RTE_ALIGN_FLOOR(mz->iova, PAGE_2M);
		r[n].hi = RTE_ALIGN_CEIL(mz->iova + mz->len, PAGE_2M);
		n++;
	}
	return n;
}

static bool
in_mapping(const struct ixemu_mapping *m, uint64_t iova)
{
	return iova >= m->iova && iova < m->iova + m->size;
}

void
audit_mapped_set(struct rte_mempool *mp0, struct rte_mempool *mp1,
		 const void *secret)
{
	struct ixemu_mapping maps[256];
	struct range allowed[64];
	uint64_t rx0 = ring_base(0, IX_RDBAL(0));
	uint64_t tx0 = ring_base(0, IX_TDBAL(0));
	uint64_t rx1 = ring_base(1, IX_RDBAL(0));
	struct rte_mbuf *m1 = rte_pktmbuf_alloc(mp1);
	struct rte_mbuf *m0 = rte_pktmbuf_alloc(mp0);
	unsigned int i, nallowed;
	int n;
	bool exact = true, has_rings, leaks = false, pool0_mapped = false;

	memset(allowed, 0, sizeof(allowed));
	allowed[0] = ring_pages(rx0);
	allowed[1] = ring_pages(tx0);
	nallowed = 2;
	if (confined)
		nallowed += shadow_pages(allowed + nallowed, shadow);
	if (!shadow)
		nallowed += rte_mempool_mem_iter(mp0, chunk_cb,
						 allowed + nallowed);

	n = platform.domain_mappings(0, maps, RTE_DIM(maps));
	CHECK(n > 0, "port 0's domain holds %d mappings", n);
	for (i = 0; i < (unsigned int)n && i < RTE_DIM(maps); i++) {
		bool ok = covered(allowed, nallowed, maps[i].iova,
				  maps[i].iova + maps[i].size);

		printf("  mapping iova=0x%" PRIx64 " size=0x%" PRIx64
		       " page=%u %s\n", maps[i].iova, maps[i].size,
		       1u << maps[i].page_shift, ok ? "" : "UNEXPECTED");
		exact &= ok;
		/* Nothing of port 1, nor the secret, may be inside. */
		if (in_mapping(&maps[i], rx1) ||
		    in_mapping(&maps[i], (uintptr_t)secret) ||
		    (m1 != NULL && in_mapping(&maps[i], m1->buf_iova)))
			leaks = true;
		/* Shadow mode maps no application memory. */
		if (m0 != NULL && (in_mapping(&maps[i], m0->buf_iova) ||
				   in_mapping(&maps[i],
					      rte_mempool_virt2iova(m0))))
			pool0_mapped = true;
	}
	has_rings = n > 0;
	if (!confined) {
		printf("# shared mode: the default container maps all DPDK "
		       "memory\n");
		rte_pktmbuf_free(m1);
		rte_pktmbuf_free(m0);
		return;
	}
	CHECK(exact && has_rings, "every mapping lies within port 0's ring "
	      "pages or its %s pages", shadow ? "shadow areas'" :
	      "TX slots' or its RX pool's");
	CHECK(!leaks, "port 1's ring and buffers and the rte_malloc secret "
	      "are outside port 0's domain");
	if (shadow)
		CHECK(m0 != NULL && !pool0_mapped, "shadow: port 0's RX pool "
		      "(an mbuf's header and buffer) is outside its domain");
	rte_pktmbuf_free(m1);
	rte_pktmbuf_free(m0);
}

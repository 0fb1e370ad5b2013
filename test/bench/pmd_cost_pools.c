/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * pmd_cost's mbuf pools (pmd_cost_pools.h): testpmd's default pool and
 * pinned external-buffer pools laid out as testpmd and guardpmd lay them.
 */
#include <stdio.h>

#include <rte_common.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "pmd_cost_pools.h"

const char *const pool_names[POOL_KINDS] = {
	"native", "xbuf", "xbuf2m"
};

#define XBUF_ZONE	(RTE_PGSIZE_2M - 4 * RTE_CACHE_LINE_SIZE)
#define XBUF_MAX_ZONES	64

#define XBUF_PAGE	4096u

static unsigned int
gcd_u(unsigned int a, unsigned int b)
{
	while (b != 0) {
		unsigned int t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * A pinned external-buffer pool of 'mbufs' buffers on zones of
 * zone_len bytes, aligned to 'align' (0: the memzone default), as
 * testpmd's setup_extbuf() lays them.
 */
static struct rte_mempool *
xbuf_pool_create(const char *name, unsigned int mbufs, size_t zone_len,
		 unsigned int align)
{
	static struct rte_pktmbuf_extmem ext[XBUF_MAX_ZONES];
	unsigned int elt = RTE_ALIGN_CEIL(RTE_MBUF_DEFAULT_BUF_SIZE,
					  RTE_CACHE_LINE_SIZE);
	/*
	 * Aligned zones hold whole pages of buffers, as guardpmd lays them:
	 * the buffers stop at the last page boundary they can fill, so no
	 * page of an area is shared with anything else.
	 */
	unsigned int unit = elt * (XBUF_PAGE / gcd_u(elt, XBUF_PAGE));
	size_t area = align ? zone_len / unit * unit : zone_len;
	unsigned int per = area / elt;
	unsigned int nz = (mbufs + per - 1) / per;
	char zname[RTE_MEMZONE_NAMESIZE];

	if (nz > XBUF_MAX_ZONES)
		return NULL;
	for (unsigned int i = 0; i < nz; i++) {
		const struct rte_memzone *mz;

		snprintf(zname, sizeof(zname), "%s_xb_%u", name, i);
		mz = align ? rte_memzone_reserve_aligned(zname, zone_len,
					rte_socket_id(),
					RTE_MEMZONE_IOVA_CONTIG, align) :
			     rte_memzone_reserve(zname, zone_len,
					rte_socket_id(),
					RTE_MEMZONE_IOVA_CONTIG);
		if (mz == NULL)
			return NULL;
		ext[i].buf_ptr = mz->addr;
		ext[i].buf_iova = mz->iova;
		ext[i].buf_len = area;
		ext[i].elt_size = elt;
	}
	return rte_pktmbuf_pool_create_extbuf(name, mbufs, 250, 0, elt,
					      rte_socket_id(), ext, nz);
}

struct rte_mempool *
pmd_cost_pool(enum pool_kind k, unsigned int slot, unsigned int mbufs)
{
	char name[RTE_MEMPOOL_NAMESIZE];

	switch (k) {
	case POOL_XBUF:
		snprintf(name, sizeof(name), "pmd_cost_xbuf%u", slot);
		return xbuf_pool_create(name, mbufs, XBUF_ZONE, 0);
	case POOL_XBUF2M:
		snprintf(name, sizeof(name), "pmd_cost_xb2m%u", slot);
		return xbuf_pool_create(name, mbufs, RTE_PGSIZE_2M,
					RTE_PGSIZE_2M);
	default:
		snprintf(name, sizeof(name), "pmd_cost%u", slot);
		return rte_pktmbuf_pool_create(name, mbufs, 250, 0,
					       RTE_MBUF_DEFAULT_BUF_SIZE,
					       rte_socket_id());
	}
}

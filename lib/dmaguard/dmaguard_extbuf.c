/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Pinned external-buffer pools: map the data areas, never the headers
 * (see dmaguard_extbuf.h).
 *
 * DPDK keeps no record of the areas given to
 * rte_pktmbuf_pool_create_extbuf() once the pool is made, so they are
 * found again from the mbufs, whose buffers never change in such a pool.
 * The walk is control path: at the pool's first mapping in a domain (RX
 * queue set-up, registration, or a TX segment in port mode), and for
 * dmaguard_extbuf_info().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "dmaguard_extbuf.h"
#include "dmaguard_priv.h"

#define XB_PAGE		((uint64_t)DMAGUARD_EXTBUF_PAGE)

struct xb_buf {
	uint64_t va;
	rte_iova_t iova;
	uint64_t len;
};

/* The buffers of a pool, then the areas they form. */
struct xb_layout {
	struct xb_buf *b;		/* buffers, sorted by IOVA */
	unsigned int nb;
	unsigned int cap;
	int err;
	struct dmaguard_area *a;	/* areas: whole pages inside */
	unsigned int na;
	struct dmaguard_extbuf_info info;
};

bool
dmaguard_mempool_is_extbuf(const struct rte_mempool *mp)
{
	struct rte_mempool *m = (struct rte_mempool *)(uintptr_t)mp;

	/* Only a pktmbuf pool has the private area that holds the flags. */
	if (mp == NULL || mp->private_data_size <
			  sizeof(struct rte_pktmbuf_pool_private))
		return false;
	return (rte_pktmbuf_priv_flags(m) &
		RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF) != 0;
}

static void
xb_obj(struct rte_mempool *mp __rte_unused, void *arg, void *obj,
       unsigned int idx __rte_unused)
{
	struct xb_layout *l = arg;
	const struct rte_mbuf *m = obj;
	rte_iova_t iova = rte_mbuf_iova_get(m);
	uint64_t va = (uint64_t)(uintptr_t)m->buf_addr;

	if (l->err != 0)
		return;
	if (va == 0 || m->buf_len == 0 || iova == RTE_BAD_IOVA ||
	    va + m->buf_len < va || iova + m->buf_len < iova) {
		l->err = -EINVAL;
		return;
	}
	if (l->nb == l->cap) {
		l->err = -ENOMEM;	/* more objects than the pool's size */
		return;
	}
	l->b[l->nb++] = (struct xb_buf){
		.va = va, .iova = iova, .len = m->buf_len,
	};
}

static int
xb_cmp(const void *x, const void *y)
{
	const struct xb_buf *a = x, *b = y;

	if (a->iova != b->iova)
		return a->iova < b->iova ? -1 : 1;
	return 0;
}

static void
xb_layout_free(struct xb_layout *l)
{
	free(l->b);
	free(l->a);
	memset(l, 0, sizeof(*l));
}

/*
 * One area [va, va + len) at iova: record its interior pages, count the
 * buffers b[first..last) that are not wholly inside them.
 */
static int
xb_area_done(struct xb_layout *l, uint64_t va, rte_iova_t iova, uint64_t len,
	     unsigned int first, unsigned int last)
{
	uint64_t lo = RTE_ALIGN_CEIL(va, XB_PAGE);
	uint64_t hi = RTE_ALIGN_FLOOR(va + len, XB_PAGE);
	unsigned int i;

	/* The IOMMU maps pages: an address and its IOVA share the offset. */
	if ((va & (XB_PAGE - 1)) != (iova & (XB_PAGE - 1)))
		return -EINVAL;
	l->info.areas++;
	l->info.area_bytes += len;
	if (hi <= lo) {
		l->info.edge_buffers += last - first;
		return 0;
	}
	for (i = first; i < last; i++)
		if (l->b[i].va < lo || l->b[i].va + l->b[i].len > hi)
			l->info.edge_buffers++;
	l->a[l->na++] = (struct dmaguard_area){
		.va = lo, .iova = iova + (lo - va), .len = hi - lo,
	};
	l->info.pages += (hi - lo) / XB_PAGE;
	l->info.page_bytes += hi - lo;
	return 0;
}

static int
xb_layout_build(struct rte_mempool *mp, struct xb_layout *l)
{
	uint64_t va, len;
	rte_iova_t iova;
	unsigned int i, first;
	int ret;

	memset(l, 0, sizeof(*l));
	if (!dmaguard_mempool_is_extbuf(mp))
		return -ENOTSUP;
	l->cap = mp->size;
	l->b = calloc(RTE_MAX(l->cap, 1u), sizeof(*l->b));
	l->a = calloc(RTE_MAX(l->cap, 1u), sizeof(*l->a));
	if (l->b == NULL || l->a == NULL) {
		xb_layout_free(l);
		return -ENOMEM;
	}
	rte_mempool_obj_iter(mp, xb_obj, l);
	if (l->err != 0) {
		ret = l->err;
		xb_layout_free(l);
		return ret;
	}
	l->info.buffers = l->nb;
	if (l->nb == 0)
		return 0;
	qsort(l->b, l->nb, sizeof(*l->b), xb_cmp);
	va = l->b[0].va;
	iova = l->b[0].iova;
	len = l->b[0].len;
	first = 0;
	for (i = 1; i <= l->nb; i++) {
		const struct xb_buf *b = i < l->nb ? &l->b[i] : NULL;

		if (b != NULL && b->iova == iova + len && b->va == va + len) {
			len += b->len;
			continue;
		}
		/* Overlapping buffers must be the same memory. */
		if (b != NULL && b->iova < iova + len &&
		    b->va - va != b->iova - iova) {
			xb_layout_free(l);
			return -EINVAL;
		}
		if (b != NULL && b->iova < iova + len) {
			if (b->iova + b->len > iova + len)
				len = b->iova + b->len - iova;
			continue;
		}
		ret = xb_area_done(l, va, iova, len, first, i);
		if (ret < 0) {
			xb_layout_free(l);
			return ret;
		}
		if (b != NULL) {
			va = b->va;
			iova = b->iova;
			len = b->len;
			first = i;
		}
	}
	return 0;
}

int
dmaguard_extbuf_info(struct rte_mempool *mp,
		     struct dmaguard_extbuf_info *info)
{
	struct xb_layout l;
	int ret;

	if (mp == NULL || info == NULL)
		return -EINVAL;
	ret = xb_layout_build(mp, &l);
	if (ret < 0)
		return ret;
	*info = l.info;
	xb_layout_free(&l);
	return 0;
}

/*
 * dmaguard_map_mempool() for a pinned external-buffer pool: the whole
 * pages of its data areas, all or nothing, registered as the pool's.
 */
int
dmaguard_map_extbuf_pool(struct dmaguard_domain *dom, struct rte_mempool *mp,
			 const char *label, bool tx)
{
	struct xb_layout l;
	int ret;

	/*
	 * Registered already: no walk, port mode's TX path asks again for
	 * every buffer of an edge page.  (Strict mode refuses any call
	 * while running, registered or not: dmaguard_map_areas() says so.)
	 */
	if (dom->mode == DMAGUARD_MODE_PORT && tx &&
	    dmaguard_has_mempool(dom, mp))
		return 0;
	ret = xb_layout_build(mp, &l);
	if (ret < 0) {
		rte_spinlock_lock(&dom->lock);
		dom->cnt_map_failures++;
		rte_spinlock_unlock(&dom->lock);
		DMAGUARD_LOG(ERR, "domain '%s': '%s': %s", dom->name, label,
			     ret == -ENOMEM ? "out of memory" :
			     "external buffers without IOVA, or with "
			     "conflicting IOVAs");
		return ret;
	}
	DMAGUARD_LOG(INFO, "domain '%s': '%s': pinned external buffers: %u "
		     "buffer(s) in %u area(s), %u whole page(s) mapped, %u "
		     "buffer(s) in edge pages not mapped (the pages hold other "
		     "memory too); the pool's headers are not mapped",
		     dom->name, label, l.info.buffers, l.info.areas,
		     l.info.pages, l.info.edge_buffers);
	ret = dmaguard_map_areas(dom, mp, l.a, l.na, label, tx);
	xb_layout_free(&l);
	return ret;
}

/*
 * For dmaguard_admit_mbuf(): the pinned pool an extbuf segment is of.
 * (DPDK 22.11 gives such an mbuf a shinfo of its own, in the pool's
 * element right after the header: the pool's flag is what tells.)  The
 * caller checks the segment's data again once the pool is mapped.
 */
struct rte_mempool *
dmaguard_extbuf_pool_of(const struct rte_mbuf *seg)
{
	if (!dmaguard_mempool_is_extbuf(seg->pool))
		return NULL;
	return seg->pool;
}

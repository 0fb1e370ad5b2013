/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Mapping: turn memzones, mempool chunks and buffers into whole pages,
 * merge what is contiguous, leave out what the domain already maps, check
 * the mapping limit, then map all or nothing through
 * rte_vfio_container_dma_map().
 *
 * A mapping is never replaced or extended while a device of the domain
 * runs: a running device never sees a page disappear and come back.  New
 * pages adjacent to an existing mapping therefore become a mapping of
 * their own (the lookup table merges them again).  The one replacement:
 * a mempool mapped read-only for transmit (dmaguard_map_mempool_tx())
 * that is then mapped for receive becomes writable, only while no device
 * of the domain runs (map_upgrade_tx()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include <linux/vfio.h>

#include <rte_eal_memconfig.h>
#include <rte_errno.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_mempool.h>
#include <rte_vfio.h>

#include "dmaguard_extbuf.h"
#include "dmaguard_priv.h"

/* A growable list of page-granular ranges. */
struct piece_set {
	struct dmaguard_range *r;
	unsigned int n;
	unsigned int cap;
	int err;
};

static void
ps_free(struct piece_set *ps)
{
	free(ps->r);
	ps->r = NULL;
	ps->n = ps->cap = 0;
}

static int
ps_add(struct piece_set *ps, uint64_t va, rte_iova_t iova, uint64_t len,
       uint64_t page_sz)
{
	struct dmaguard_range *last;

	if (ps->n > 0) {
		last = &ps->r[ps->n - 1];
		if (last->va + last->len == va &&
		    last->iova + last->len == iova &&
		    last->page_sz == page_sz) {
			last->len += len;
			return 0;
		}
	}
	if (ps->n == ps->cap) {
		unsigned int cap = ps->cap ? ps->cap * 2 : 16;
		void *p = realloc(ps->r, cap * sizeof(*ps->r));

		if (p == NULL)
			return -ENOMEM;
		ps->r = p;
		ps->cap = cap;
	}
	ps->r[ps->n++] = (struct dmaguard_range){
		.va = va, .iova = iova, .len = len, .page_sz = page_sz,
	};
	return 0;
}

/*
 * DPDK memory (heap, memzones, registered external memory): the 4 KiB
 * pages that hold [va, va + len), with the IOVA of each memory segment.
 * Whole hugepages keep their page size (the IOMMU maps them with large
 * pages); the partly used hugepages at either end are mapped at 4 KiB
 * granularity instead, so that whatever else DPDK placed in them (other
 * memzones, mempool headers, heap) stays outside the domain.  -ENOENT if
 * the address is not DPDK's.
 */
#define SMALL_PAGE 4096u

static int
collect_dpdk(struct piece_set *ps, uint64_t va, uint64_t len)
{
	const struct rte_memseg_list *msl = NULL;
	uint64_t p, end, msl_end = 0;
	int ret = 0;

	if (len == 0 || va + len < va)
		return -EINVAL;
	end = RTE_ALIGN_CEIL(va + len, SMALL_PAGE);
	rte_mcfg_mem_read_lock();
	p = RTE_ALIGN_FLOOR(va, SMALL_PAGE);
	while (p < end) {
		const struct rte_memseg *ms;
		uint64_t pg, page, page_end, stop, piece_sz;

		if (msl == NULL || p >= msl_end || p < (uint64_t)(uintptr_t)msl->base_va) {
			msl = rte_mem_virt2memseg_list((void *)(uintptr_t)p);
			if (msl == NULL) {
				ret = -ENOENT;
				break;
			}
			msl_end = (uint64_t)(uintptr_t)msl->base_va + msl->len;
		}
		pg = msl->page_sz;
		ms = rte_mem_virt2memseg((void *)(uintptr_t)p, msl);
		if (ms == NULL || ms->iova == RTE_BAD_IOVA || ms->len < pg) {
			ret = -EINVAL;
			break;
		}
		page = RTE_ALIGN_FLOOR(p, pg);
		page_end = page + pg;
		stop = RTE_MIN(end, page_end);
		piece_sz = p == page && stop == page_end ? pg : SMALL_PAGE;
		ret = ps_add(ps, p, ms->iova + (p - ms->addr_64), stop - p,
			     piece_sz);
		if (ret < 0)
			break;
		p = stop;
	}
	rte_mcfg_mem_read_unlock();
	return ret;
}

/* Memory DPDK does not know: IOVA-contiguous, pages of page_sz. */
static int
collect_plain(struct piece_set *ps, uint64_t va, rte_iova_t iova,
	      uint64_t len, uint64_t page_sz)
{
	uint64_t off, total;

	if (len == 0 || va + len < va || iova == RTE_BAD_IOVA ||
	    page_sz == 0 || !rte_is_power_of_2(page_sz))
		return -EINVAL;
	off = va & (page_sz - 1);
	if ((iova & (page_sz - 1)) != off)
		return -EINVAL;
	total = RTE_ALIGN_CEIL(len + off, page_sz);
	if (total < len || iova - off + total - 1 < iova - off)
		return -EINVAL;
	return ps_add(ps, va - off, iova - off, total, page_sz);
}

static int
range_cmp(const void *a, const void *b)
{
	const struct dmaguard_range *x = a, *y = b;

	if (x->iova != y->iova)
		return x->iova < y->iova ? -1 : 1;
	return 0;
}

/*
 * Sort by IOVA and merge overlapping or adjacent pieces that agree on the
 * address (same VA - IOVA offset) and page size.  Two addresses for one
 * IOVA is an error.
 */
static int
ps_normalize(struct piece_set *ps)
{
	unsigned int i, n = 0;

	if (ps->n == 0)
		return 0;
	qsort(ps->r, ps->n, sizeof(ps->r[0]), range_cmp);
	for (i = 1; i < ps->n; i++) {
		struct dmaguard_range *prev = &ps->r[n];
		const struct dmaguard_range *cur = &ps->r[i];
		uint64_t prev_end = prev->iova + prev->len;
		bool same_map = cur->va - prev->va == cur->iova - prev->iova;

		if (cur->iova < prev_end && !same_map)
			return -EINVAL;
		if (cur->iova <= prev_end && same_map &&
		    cur->page_sz == prev->page_sz) {
			if (cur->iova + cur->len > prev_end)
				prev->len = cur->iova + cur->len - prev->iova;
			continue;
		}
		if (cur->iova < prev_end) {
			/* overlap with another page size: keep the rest */
			if (cur->iova + cur->len <= prev_end)
				continue;
			ps->r[++n] = *cur;
			ps->r[n].va += prev_end - cur->iova;
			ps->r[n].len -= prev_end - cur->iova;
			ps->r[n].iova = prev_end;
			continue;
		}
		ps->r[++n] = *cur;
	}
	ps->n = n + 1;
	return 0;
}

/*
 * What a request asks of the device's access:
 *   PERM_RW  read and write;
 *   PERM_RO  read only, and no page of it may be writable (-EACCES);
 *   PERM_TX  read only for transmit: a page already mapped writable stays
 *            so (the device may read it already), the rest is mapped
 *            read-only and may later become writable (map_upgrade_tx()).
 */
enum map_perm { PERM_RW, PERM_RO, PERM_TX };

/* The parts of 'ps' the domain does not map yet, into 'out'. */
static int
ps_subtract_mapped(const struct dmaguard_domain *dom,
		   const struct piece_set *ps, struct piece_set *out,
		   enum map_perm perm)
{
	unsigned int i, j;
	int ret;

	for (i = 0; i < ps->n; i++) {
		const struct dmaguard_range *r = &ps->r[i];
		rte_iova_t cur = r->iova, end = r->iova + r->len;

		for (j = 0; j < dom->nmaps && cur < end; j++) {
			const struct dmaguard_range *m = &dom->maps[j];
			rte_iova_t m_end = m->iova + m->len;

			if (m_end <= cur || m->iova >= end)
				continue;
			/* The same IOVA must mean the same memory. */
			if (m->va - r->va != m->iova - r->iova)
				return -EEXIST;
			/* A page is mapped with one permission only. */
			if (m->ro != r->ro && !(perm == PERM_TX && !m->ro))
				return -EACCES;
			if (m->iova > cur) {
				ret = ps_add(out, r->va + (cur - r->iova), cur,
					     m->iova - cur, r->page_sz);
				if (ret < 0)
					return ret;
			}
			cur = m_end;
		}
		if (cur < end) {
			ret = ps_add(out, r->va + (cur - r->iova), cur,
				     end - cur, r->page_sz);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

static void
insert_mapping(struct dmaguard_domain *dom, const struct dmaguard_range *r)
{
	unsigned int i = dom->nmaps;

	while (i > 0 && dom->maps[i - 1].iova > r->iova) {
		dom->maps[i] = dom->maps[i - 1];
		i--;
	}
	dom->maps[i] = *r;
	dom->nmaps++;
}

/*
 * Is mp registered with (at least) the access asked for?  A pool
 * registered for transmit only is not, for a writable request.
 */
static bool
pool_registered(const struct dmaguard_domain *dom,
		const struct rte_mempool *mp, bool tx)
{
	unsigned int i;

	for (i = 0; i < dom->nregions; i++)
		if (dom->regions[i].obj == mp)
			return tx || !dom->regions[i].tx;
	return false;
}

/* After a writable mapping of mp: none of its regions is transmit-only. */
static void
pool_regions_writable(struct dmaguard_domain *dom,
		      const struct rte_mempool *mp)
{
	unsigned int i;

	for (i = 0; i < dom->nregions; i++)
		if (dom->regions[i].obj == mp)
			dom->regions[i].tx = false;
}

/* Register [va, va + len) of obj; 'tx': mapped for transmit only. */
static int
add_region(struct dmaguard_domain *dom, const char *label, uint64_t va,
	   rte_iova_t iova, uint64_t len, const void *obj, bool tx)
{
	struct dmaguard_region *rg;
	unsigned int i;

	for (i = 0; i < dom->nregions; i++) {
		rg = &dom->regions[i];
		if (rg->va == va && rg->len == len && rg->obj == obj &&
		    strcmp(rg->label, label) == 0)
			return 0;	/* registered again */
	}
	if (dom->nregions == RTE_DIM(dom->regions)) {
		DMAGUARD_LOG(ERR, "domain '%s': %s: already %u registrations",
			     dom->name, label, dom->nregions);
		return -ENOSPC;
	}
	rg = &dom->regions[dom->nregions++];
	snprintf(rg->label, sizeof(rg->label), "%s", label);
	rg->va = va;
	rg->iova = iova;
	rg->len = len;
	rg->obj = obj;
	rg->tx = tx && dom->mode != DMAGUARD_MODE_SHARED;
	return 0;
}

/* One IOMMU mapping of the container, with the range's permission. */
static int
vfio_map(const struct dmaguard_domain *dom, const struct dmaguard_range *r)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m),
		.flags = VFIO_DMA_MAP_FLAG_READ,
		.vaddr = r->va,
		.iova = r->iova,
		.size = r->len,
	};

	if (!r->ro)
		return rte_vfio_container_dma_map(dom->container_fd, r->va,
						  r->iova, r->len);
	if (ioctl(dom->container_fd, VFIO_IOMMU_MAP_DMA, &m) != 0) {
		rte_errno = errno;
		return -1;
	}
	return 0;
}

static int
vfio_unmap(const struct dmaguard_domain *dom, const struct dmaguard_range *r)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = sizeof(u),
		.iova = r->iova,
		.size = r->len,
	};

	if (!r->ro)
		return rte_vfio_container_dma_unmap(dom->container_fd, r->va,
						    r->iova, r->len);
	if (ioctl(dom->container_fd, VFIO_IOMMU_UNMAP_DMA, &u) != 0) {
		rte_errno = errno;
		return -1;
	}
	return 0;
}

static void
remove_mapping(struct dmaguard_domain *dom, unsigned int j)
{
	memmove(&dom->maps[j], &dom->maps[j + 1],
		(dom->nmaps - j - 1) * sizeof(dom->maps[0]));
	dom->nmaps--;
}

/*
 * A writable request over pages mapped read-only for transmit: those
 * mappings are taken down and their whole ranges join the request, to be
 * mapped again writable.  Only while no device of the domain runs (a
 * running device would see its TX pages vanish): -EBUSY otherwise.  A
 * read-only mapping made for another reason (PERM_RO) stays, and the
 * request then fails on it (-EACCES).
 */
static int
map_upgrade_tx(struct dmaguard_domain *dom, struct piece_set *ps)
{
	unsigned int i, j, n = ps->n;
	int ret;

	for (j = 0; j < dom->nmaps; j++) {
		const struct dmaguard_range m = dom->maps[j];
		bool hit = false;

		if (!m.tx)
			continue;
		for (i = 0; i < n && !hit; i++)
			hit = ps->r[i].iova < m.iova + m.len &&
			      m.iova < ps->r[i].iova + ps->r[i].len;
		if (!hit)
			continue;
		if (dom->active > 0)
			return -EBUSY;
		if (vfio_unmap(dom, &m) < 0)
			return -EIO;
		dom->cnt_unmaps++;
		remove_mapping(dom, j--);
		ret = ps_add(ps, m.va, m.iova, m.len, m.page_sz);
		if (ret < 0)
			return ret;
		DMAGUARD_LOG(INFO, "domain '%s': IOVA 0x%" PRIx64 " len 0x%"
			     PRIx64 ", read-only for transmit, becomes "
			     "writable", dom->name, m.iova, m.len);
	}
	return 0;
}

/* Map the pieces of one request (lock held): all or nothing. */
static int
map_pieces(struct dmaguard_domain *dom, struct piece_set *ps,
	   const char *label, enum map_perm perm)
{
	struct piece_set add = { 0 };
	unsigned int i, done;
	int ret = 0;

	if (perm == PERM_RW)
		ret = map_upgrade_tx(dom, ps);
	for (i = 0; i < ps->n; i++)
		ps->r[i].ro = perm != PERM_RW;
	if (ret == 0)
		ret = ps_normalize(ps);
	if (ret == 0)
		ret = ps_subtract_mapped(dom, ps, &add, perm);
	if (ret < 0) {
		DMAGUARD_LOG(ERR, "domain '%s': '%s': %s", dom->name, label,
			     ret == -EEXIST ?
			     "IOVA already mapped to other memory" :
			     ret == -EACCES ?
			     "shares a page the domain maps with another "
			     "permission" :
			     ret == -EBUSY ?
			     "mapped read-only for transmit while a device "
			     "of the domain runs: stop the port to receive "
			     "into it" :
			     ret == -ENOMEM ? "out of memory" :
			     ret == -EIO ? "VFIO unmap failed" :
			     "memory with conflicting IOVAs");
		goto out;
	}
	for (i = 0; i < add.n; i++) {
		add.r[i].ro = perm != PERM_RW;
		add.r[i].tx = perm == PERM_TX;
	}
	if (dom->nmaps + add.n > DMAGUARD_MAX_MAPPINGS) {
		dom->cnt_limit_hits++;
		DMAGUARD_LOG(ERR, "domain '%s': '%s' needs %u more IOMMU "
			     "mappings, the domain has %u of at most %u "
			     "(DPDK's VFIO_MAX_USER_MEM_MAPS per container); "
			     "nothing mapped: the memory is too scattered "
			     "(use hugepages or IOVA-contiguous pools)",
			     dom->name, label, add.n, dom->nmaps,
			     DMAGUARD_MAX_MAPPINGS);
		ret = -ENOSPC;
		goto out;
	}
	for (done = 0; done < add.n; done++) {
		const struct dmaguard_range *r = &add.r[done];

		if (vfio_map(dom, r) < 0) {
			DMAGUARD_LOG(ERR, "domain '%s': '%s': VFIO map of "
				     "IOVA 0x%" PRIx64 " len 0x%" PRIx64
				     " failed (%s); is a device of the domain "
				     "set up?", dom->name, label, r->iova,
				     r->len, rte_strerror(rte_errno));
			ret = -EIO;
			break;
		}
		dom->cnt_maps++;
	}
	if (ret < 0) {
		/* Nothing uses these pages yet: take them back. */
		for (i = 0; i < done; i++)
			if (vfio_unmap(dom, &add.r[i]) == 0)
				dom->cnt_unmaps++;
		goto out;
	}
	for (i = 0; i < add.n; i++)
		insert_mapping(dom, &add.r[i]);
	if (add.n > 0)
		dmaguard_lut_publish(dom);
	DMAGUARD_LOG(DEBUG, "domain '%s': '%s': %u new %s mapping(s), %u in "
		     "all", dom->name, label, add.n, perm != PERM_RW ?
		     "read-only" : "read-write", dom->nmaps);
out:
	ps_free(&add);
	return ret;
}

/* Common checks on entry; returns 0 with the lock held. */
static int
map_begin(struct dmaguard_domain *dom, const char *label)
{
	if (dom == NULL)
		return -EINVAL;
	rte_spinlock_lock(&dom->lock);
	if (dom->mode == DMAGUARD_MODE_STRICT && dom->active > 0) {
		dom->cnt_map_failures++;
		rte_spinlock_unlock(&dom->lock);
		DMAGUARD_LOG(ERR, "domain '%s': strict: '%s' not mapped: "
			     "nothing is added while a device runs",
			     dom->name, label);
		return -EPERM;
	}
	return 0;
}

static int
map_end(struct dmaguard_domain *dom, int ret)
{
	if (ret < 0)
		dom->cnt_map_failures++;
	rte_spinlock_unlock(&dom->lock);
	return ret;
}

static int
map_memzone(struct dmaguard_domain *dom, const struct rte_memzone *mz,
	    const char *label, bool ro)
{
	char buf[DMAGUARD_LABEL_LEN];
	struct piece_set ps = { 0 };
	int ret;

	if (mz == NULL)
		return -EINVAL;
	if (label == NULL) {
		snprintf(buf, sizeof(buf), "memzone %s", mz->name);
		label = buf;
	}
	ret = map_begin(dom, label);
	if (ret < 0)
		return ret;
	if (dom->mode != DMAGUARD_MODE_SHARED) {
		ret = collect_dpdk(&ps, mz->addr_64, mz->len);
		if (ret == -ENOENT)
			ret = collect_plain(&ps, mz->addr_64, mz->iova,
					    mz->len, mz->hugepage_sz);
		if (ret < 0)
			DMAGUARD_LOG(ERR, "domain '%s': '%s': memory without "
				     "IOVA", dom->name, label);
		else
			ret = map_pieces(dom, &ps, label,
					 ro ? PERM_RO : PERM_RW);
	}
	if (ret == 0)
		ret = add_region(dom, label, mz->addr_64, mz->iova, mz->len,
				 mz, false);
	ps_free(&ps);
	return map_end(dom, ret);
}

int
dmaguard_map_memzone(struct dmaguard_domain *dom,
		     const struct rte_memzone *mz, const char *label)
{
	return map_memzone(dom, mz, label, false);
}

int
dmaguard_map_memzone_ro(struct dmaguard_domain *dom,
			const struct rte_memzone *mz, const char *label)
{
	return map_memzone(dom, mz, label, true);
}

struct pool_walk {
	struct piece_set ps;
	bool collect;
	int ret;
	unsigned int nchunks;
};

static void
pool_chunk(struct rte_mempool *mp __rte_unused, void *arg,
	   struct rte_mempool_memhdr *hdr, unsigned int idx __rte_unused)
{
	struct pool_walk *w = arg;
	uint64_t va = (uint64_t)(uintptr_t)hdr->addr;
	int ret = 0;

	w->nchunks++;
	if (w->ret < 0)
		return;
	if (w->collect) {
		ret = collect_dpdk(&w->ps, va, hdr->len);
		if (ret == -ENOENT)
			ret = collect_plain(&w->ps, va, hdr->iova, hdr->len,
					    (uint64_t)sysconf(_SC_PAGESIZE));
	}
	if (ret < 0)
		w->ret = ret;
}

struct pool_regions {
	struct dmaguard_domain *dom;
	const char *label;
	bool tx;
	int ret;
};

static void
pool_region(struct rte_mempool *mp, void *arg,
	    struct rte_mempool_memhdr *hdr, unsigned int idx __rte_unused)
{
	struct pool_regions *pr = arg;
	int ret;

	if (pr->ret < 0)
		return;
	ret = add_region(pr->dom, pr->label, (uint64_t)(uintptr_t)hdr->addr,
			 hdr->iova, hdr->len, mp, pr->tx);
	if (ret < 0)
		pr->ret = ret;
}

static int
map_mempool(struct dmaguard_domain *dom, struct rte_mempool *mp,
	    const char *label, bool tx)
{
	char buf[DMAGUARD_LABEL_LEN];
	struct pool_walk w;
	struct pool_regions pr;
	int ret;

	if (mp == NULL)
		return -EINVAL;
	if (label == NULL) {
		snprintf(buf, sizeof(buf), "mempool %s", mp->name);
		label = buf;
	}
	/* Pinned external buffers: the data areas, never the headers. */
	if (dom != NULL && dmaguard_mempool_is_extbuf(mp))
		return dmaguard_map_extbuf_pool(dom, mp, label, tx);
	ret = map_begin(dom, label);
	if (ret < 0)
		return ret;
	if (pool_registered(dom, mp, tx)) {
		/* already mapped: pools do not move */
		rte_spinlock_unlock(&dom->lock);
		return 0;
	}
	memset(&w, 0, sizeof(w));
	w.collect = dom->mode != DMAGUARD_MODE_SHARED;
	rte_mempool_mem_iter(mp, pool_chunk, &w);
	ret = w.ret;
	if (ret == 0 && w.nchunks == 0)
		ret = -EINVAL;		/* not populated */
	if (ret < 0)
		DMAGUARD_LOG(ERR, "domain '%s': '%s': %s", dom->name, label,
			     w.nchunks == 0 ? "pool has no memory" :
			     "pool memory without IOVA");
	else if (w.collect)
		ret = map_pieces(dom, &w.ps, label, tx ? PERM_TX : PERM_RW);
	ps_free(&w.ps);
	if (ret == 0) {
		if (!tx)
			pool_regions_writable(dom, mp);
		pr.dom = dom;
		pr.label = label;
		pr.tx = tx;
		pr.ret = 0;
		rte_mempool_mem_iter(mp, pool_region, &pr);
		ret = pr.ret;
	}
	return map_end(dom, ret);
}

int
dmaguard_map_mempool(struct dmaguard_domain *dom, struct rte_mempool *mp,
		     const char *label)
{
	return map_mempool(dom, mp, label, false);
}

int
dmaguard_map_mempool_tx(struct dmaguard_domain *dom, struct rte_mempool *mp,
			const char *label)
{
	return map_mempool(dom, mp, label, true);
}

static int
map_external(struct dmaguard_domain *dom, void *va, rte_iova_t iova,
	     size_t len, size_t page_sz, const char *label, bool tx)
{
	uint64_t v = (uint64_t)(uintptr_t)va;
	struct piece_set ps = { 0 };
	int ret;

	if (label == NULL)
		label = "external";
	if (va == NULL || len == 0)
		return -EINVAL;
	ret = map_begin(dom, label);
	if (ret < 0)
		return ret;
	if (page_sz == 0)
		ret = collect_dpdk(&ps, v, len);
	else
		ret = collect_plain(&ps, v, iova, len, page_sz);
	if (ret < 0)
		DMAGUARD_LOG(ERR, "domain '%s': '%s': %s", dom->name, label,
			     ret == -ENOENT ? "not DPDK memory: give its IOVA "
			     "and page size" : "bad address, IOVA or page size");
	else if (dom->mode != DMAGUARD_MODE_SHARED)
		ret = map_pieces(dom, &ps, label, tx ? PERM_TX : PERM_RW);
	if (ret == -ENOENT)
		ret = -EINVAL;
	if (ret == 0)
		ret = add_region(dom, label, v,
				 page_sz == 0 ? rte_mem_virt2iova(va) : iova,
				 len, NULL, tx);
	ps_free(&ps);
	return map_end(dom, ret);
}

int
dmaguard_map_external(struct dmaguard_domain *dom, void *va,
		      rte_iova_t iova, size_t len, size_t page_sz,
		      const char *label)
{
	return map_external(dom, va, iova, len, page_sz, label, false);
}

int
dmaguard_map_external_tx(struct dmaguard_domain *dom, void *va,
			 rte_iova_t iova, size_t len, size_t page_sz,
			 const char *label)
{
	return map_external(dom, va, iova, len, page_sz, label, true);
}

/*
 * The whole pages of a pinned external-buffer pool's data areas
 * (dmaguard_extbuf.c found them): one request, all or nothing, registered
 * as regions of mp so that the pool counts as mapped.  A pool without a
 * single whole page gets an empty region: it is registered (and not
 * walked again), with nothing to map.
 */
int
dmaguard_map_areas(struct dmaguard_domain *dom, struct rte_mempool *mp,
		   const struct dmaguard_area *a, unsigned int n,
		   const char *label, bool tx)
{
	struct piece_set ps = { 0 };
	unsigned int i, j, from;
	int ret;

	ret = map_begin(dom, label);
	if (ret < 0)
		return ret;
	if (pool_registered(dom, mp, tx)) {
		rte_spinlock_unlock(&dom->lock);
		return 0;
	}
	for (i = 0; i < n && ret == 0 && dom->mode != DMAGUARD_MODE_SHARED;
	     i++) {
		from = ps.n;
		ret = collect_dpdk(&ps, a[i].va, a[i].len);
		if (ret == -ENOENT) {
			ps.n = from;
			ret = collect_plain(&ps, a[i].va, a[i].iova, a[i].len,
					    SMALL_PAGE);
		}
		/* DPDK's IOVA of the memory must be the buffers' IOVA. */
		for (j = from; j < ps.n && ret == 0; j++)
			if (ps.r[j].iova - a[i].iova != ps.r[j].va - a[i].va)
				ret = -EINVAL;
	}
	if (ret < 0)
		DMAGUARD_LOG(ERR, "domain '%s': '%s': external buffers whose "
			     "IOVA is not their memory's", dom->name, label);
	else if (dom->mode != DMAGUARD_MODE_SHARED)
		ret = map_pieces(dom, &ps, label, tx ? PERM_TX : PERM_RW);
	if (ret == 0 && !tx)
		pool_regions_writable(dom, mp);
	for (i = 0; i < n && ret == 0; i++)
		ret = add_region(dom, label, a[i].va, a[i].iova, a[i].len, mp,
				 tx);
	if (ret == 0 && n == 0)
		ret = add_region(dom, label, 0, 0, 0, mp, tx);
	ps_free(&ps);
	return map_end(dom, ret);
}

int
dmaguard_has_mempool(struct dmaguard_domain *dom,
		     const struct rte_mempool *mp)
{
	unsigned int i;
	int found = 0;

	rte_spinlock_lock(&dom->lock);
	for (i = 0; i < dom->nregions && !found; i++)
		found = dom->regions[i].obj == mp;
	rte_spinlock_unlock(&dom->lock);
	return found;
}

int
dmaguard_unmap_all_locked(struct dmaguard_domain *dom, bool closing)
{
	unsigned int i, kept = 0;
	int ret = 0;

	/* The fast path stops accepting the ranges before they go. */
	if (dom->nmaps > 0) {
		unsigned int n = dom->nmaps;

		dom->nmaps = 0;
		dmaguard_lut_publish(dom);
		dom->nmaps = n;
	}
	for (i = 0; i < dom->nmaps; i++) {
		const struct dmaguard_range *r = &dom->maps[i];

		/*
		 * When the domain is closed after its devices were released,
		 * the container has no IOMMU any more and the unmap ioctl
		 * fails; DPDK still drops its record of the mapping when
		 * rte_errno says ENODEV, so that a later container in the
		 * same slot does not inherit it.
		 */
		if (closing)
			rte_errno = ENODEV;
		if (vfio_unmap(dom, r) == 0) {
			dom->cnt_unmaps++;
			continue;
		}
		if (closing)
			continue;
		DMAGUARD_LOG(ERR, "domain '%s': VFIO unmap of IOVA 0x%" PRIx64
			     " len 0x%" PRIx64 " failed (%s)", dom->name,
			     r->iova, r->len, rte_strerror(rte_errno));
		dom->maps[kept++] = *r;
		ret = -EIO;
	}
	dom->nmaps = kept;
	dmaguard_lut_publish(dom);
	if (ret == 0)
		dom->nregions = 0;
	return ret;
}

int
dmaguard_unmap_all(struct dmaguard_domain *dom)
{
	int ret;

	if (dom == NULL)
		return -EINVAL;
	rte_spinlock_lock(&dom->lock);
	if (dom->active > 0) {
		rte_spinlock_unlock(&dom->lock);
		DMAGUARD_LOG(ERR, "domain '%s': unmap refused: %u device(s) "
			     "not stopped (stop and quiesce them first)",
			     dom->name, dom->active);
		return -EBUSY;
	}
	if (dom->mode == DMAGUARD_MODE_SHARED)
		dom->nregions = 0;
	ret = dmaguard_unmap_all_locked(dom, false);
	rte_spinlock_unlock(&dom->lock);
	return ret;
}

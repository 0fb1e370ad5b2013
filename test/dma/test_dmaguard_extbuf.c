/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * lib/dmaguard and pinned external-buffer pools, against the emulated
 * IOMMU (run under devtools/ixemu --ports 2 with --no-pci, as
 * test_dmaguard).
 *
 * The pool is made as dpdk-testpmd --mp-alloc=xbuf makes it: data areas
 * in memzones of 2 MiB - 4 cache lines with the default alignment, so
 * each zone's first and last pages also hold heap element headers.  The
 * test shows that
 *  - dmaguard_extbuf_info() finds the zones as areas and counts the
 *    buffers in their edge pages;
 *  - dmaguard_map_mempool() maps exactly the pages wholly inside the
 *    areas: no page of the pool's own memory (the mbuf headers), no edge
 *    page;
 *  - dmaguard_contains() holds every buffer wholly inside those pages and
 *    refuses the others, exactly as many as counted;
 *  - dmaguard_has_mempool() knows the pool; dmaguard_admit_mbuf() maps it
 *    in port mode for a TX segment (instead of refusing an external
 *    buffer), refuses an edge buffer, and strict mode admits only a pool
 *    registered before start;
 *  - shared mode maps nothing itself;
 *  - areas laid on whole pages (as guardpmd does) have no edge buffer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_mempool.h>

#include "dmaguard.h"
#include "dmaguard_extbuf.h"
#include "dmaguard_testlib.h"
#include "test_check.h"

#define PG		4096u
#define ZONE_SIZE	(RTE_PGSIZE_2M - 4 * RTE_CACHE_LINE_SIZE)
#define ELT		2176u		/* testpmd's default, cache aligned */
#define NB_MBUFS	2048u
#define MAX_ZONES	8
#define MAXI		4096

/* ---- the pool, as testpmd --mp-alloc=xbuf makes it ---- */

struct xpool {
	struct rte_mempool *mp;
	const struct rte_memzone *mz[MAX_ZONES];
	struct rte_pktmbuf_extmem ext[MAX_ZONES];
	unsigned int nz;
	uint64_t used[MAX_ZONES];	/* bytes of buffers in each zone */
};

static int
xpool_create(struct xpool *x, const char *name, unsigned int n,
	     uint64_t zone_len, unsigned int align)
{
	unsigned int per = zone_len / ELT, left = n, i;
	char zname[RTE_MEMZONE_NAMESIZE];

	memset(x, 0, sizeof(*x));
	for (i = 0; left > 0 && i < MAX_ZONES; i++) {
		snprintf(zname, sizeof(zname), "MP_%s_xb_%u", name, i);
		x->mz[i] = align ?
			rte_memzone_reserve_aligned(zname, zone_len,
				SOCKET_ID_ANY, RTE_MEMZONE_IOVA_CONTIG, align) :
			rte_memzone_reserve(zname, zone_len, SOCKET_ID_ANY,
					    RTE_MEMZONE_IOVA_CONTIG);
		if (x->mz[i] == NULL)
			return -1;
		x->ext[i].buf_ptr = x->mz[i]->addr;
		x->ext[i].buf_iova = x->mz[i]->iova;
		x->ext[i].buf_len = zone_len;
		x->ext[i].elt_size = ELT;
		x->used[i] = (uint64_t)RTE_MIN(per, left) * ELT;
		left -= RTE_MIN(per, left);
	}
	x->nz = i;
	if (left > 0)
		return -1;
	x->mp = rte_pktmbuf_pool_create_extbuf(name, n, 0, 0, ELT,
					       SOCKET_ID_ANY, x->ext, x->nz);
	return x->mp == NULL ? -1 : 0;
}

/* The IOVA pages wholly inside each zone's buffers: what must be mapped. */
static unsigned int
xpool_interior(const struct xpool *x, struct ivl *v)
{
	unsigned int i, n = 0;

	for (i = 0; i < x->nz; i++) {
		uint64_t lo = RTE_ALIGN_CEIL(x->mz[i]->iova, PG);
		uint64_t hi = RTE_ALIGN_FLOOR(x->mz[i]->iova + x->used[i], PG);

		if (hi > lo) {
			v[n].start = lo;
			v[n].end = hi;
			n++;
		}
	}
	return ivl_merge(v, n);
}

/* The pages of the pool's own memory: mbuf headers and mempool objects. */
struct hdr_pages {
	struct ivl *v;
	unsigned int n;
};

static void
hdr_chunk(struct rte_mempool *mp __rte_unused, void *arg,
	  struct rte_mempool_memhdr *hdr, unsigned int idx __rte_unused)
{
	struct hdr_pages *h = arg;

	if (h->n < MAXI) {
		h->v[h->n].start = RTE_ALIGN_FLOOR(hdr->iova, PG);
		h->v[h->n].end = RTE_ALIGN_CEIL(hdr->iova + hdr->len, PG);
		h->n++;
	}
}

struct buf_walk {
	struct dmaguard_domain *dom;
	const struct ivl *inner;
	unsigned int ninner;
	unsigned int inside, refused, wrong;
	uint64_t ext_flags_bad;
};

/* Every buffer: contained iff wholly inside the interior pages. */
static void
buf_check(struct rte_mempool *mp __rte_unused, void *arg, void *obj,
	  unsigned int idx __rte_unused)
{
	struct buf_walk *w = arg;
	struct rte_mbuf *m = obj;
	uint64_t s = rte_mbuf_iova_get(m), e = s + m->buf_len;
	bool in = false, got;
	unsigned int i;

	for (i = 0; i < w->ninner; i++)
		in |= w->inner[i].start <= s && e <= w->inner[i].end;
	got = dmaguard_contains(w->dom, s, m->buf_len);
	if (got != in)
		w->wrong++;
	if (got)
		w->inside++;
	else
		w->refused++;
	if (!RTE_MBUF_HAS_EXTBUF(m) || !RTE_MBUF_HAS_PINNED_EXTBUF(m))
		w->ext_flags_bad++;
}

/* An mbuf of the pool whose buffer is (not) in the domain. */
static struct rte_mbuf *
take_mbuf(struct rte_mempool *mp, struct dmaguard_domain *dom, bool mapped,
	  struct rte_mbuf **held, unsigned int *nheld)
{
	struct rte_mbuf *m;

	while ((m = rte_pktmbuf_alloc(mp)) != NULL) {
		if (dmaguard_contains(dom, rte_mbuf_iova_get(m), m->buf_len) ==
		    mapped)
			return m;
		held[(*nheld)++] = m;
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	static struct ivl want[MAXI], got[MAXI], hdr[MAXI];
	static struct rte_mbuf *held[NB_MBUFS];
	struct dmaguard_extbuf_info info;
	struct dmaguard_domain *d0, *d1, *dsh;
	struct dmaguard_counters c;
	struct xpool xp, aligned;
	struct rte_mempool *plain;
	struct hdr_pages hp;
	struct buf_walk w;
	struct rte_mbuf *m, *edge;
	unsigned int nwant, ngot, nheld = 0, i, edges_expected = 0;
	int fd0 = -1, fd1 = -1, nmaps, ret;
	uint64_t lcm_len;

	if (!dmaguard_test_start(argc, argv))
		return 2;

	if (xpool_create(&xp, "xb_pool", NB_MBUFS, ZONE_SIZE, 0) != 0) {
		fprintf(stderr, "cannot create the extbuf pool: %s\n",
			rte_strerror(rte_errno));
		return 2;
	}
	plain = rte_pktmbuf_pool_create("plain_pool", 1024, 0, 0,
					RTE_MBUF_DEFAULT_BUF_SIZE,
					SOCKET_ID_ANY);
	if (plain == NULL)
		return 2;
	for (i = 0; i < xp.nz; i++)
		printf("   zone %s iova 0x%" PRIx64 " len 0x%zx (%" PRIu64
		       " bytes of buffers)\n", xp.mz[i]->name, xp.mz[i]->iova,
		       xp.mz[i]->len, xp.used[i]);

	/* ---- the layout ---- */
	CHECK(dmaguard_mempool_is_extbuf(xp.mp) &&
	      !dmaguard_mempool_is_extbuf(plain),
	      "the extbuf pool is pinned, a plain pktmbuf pool is not");
	ret = dmaguard_extbuf_info(plain, &info);
	CHECK(ret == -ENOTSUP, "info on a plain pool: -ENOTSUP (%d)", ret);
	ret = dmaguard_extbuf_info(xp.mp, &info);
	for (i = 0; i < xp.nz; i++) {
		uint64_t s = xp.mz[i]->iova, e = s + xp.used[i];

		/* buffers touching the first or the last partial page */
		edges_expected += (RTE_ALIGN_CEIL(s, PG) - s + ELT - 1) / ELT;
		if (e % PG)
			edges_expected += (e - RTE_ALIGN_FLOOR(e, PG) +
					   ELT - 1) / ELT;
	}
	CHECK(ret == 0 && info.buffers == NB_MBUFS && info.areas == xp.nz &&
	      info.edge_buffers > 0 && info.edge_buffers <= edges_expected,
	      "info: %u buffers in %u areas (%u zones), %u in edge pages "
	      "(at most %u), %u whole pages", info.buffers, info.areas,
	      xp.nz, info.edge_buffers, edges_expected, info.pages);

	/* ---- a port domain for function 0 ---- */
	ret = domain_open(&d0, "xb0", DMAGUARD_MODE_PORT, "0000:00:10.0",
			  &fd0);
	CHECK(ret == 0 && domain_id(0) > 1, "function 0 in a domain of its "
	      "own (%d)", domain_id(0));
	if (ret != 0)
		return 1;
	ret = dmaguard_map_mempool(d0, xp.mp, NULL);
	CHECK(ret == 0 && dmaguard_has_mempool(d0, xp.mp) == 1,
	      "extbuf pool mapped (%d) and known to has_mempool", ret);
	ret = dmaguard_map_mempool(d0, xp.mp, NULL);
	CHECK(ret == 0, "mapping it again is a no-op: %d", ret);

	nwant = xpool_interior(&xp, want);
	ngot = domain_union(0, got, &nmaps);
	CHECK(ivl_equal(want, nwant, got, ngot),
	      "the domain holds exactly the whole pages inside the data "
	      "areas: %u range(s) in %d mapping(s)", ngot, nmaps);
	for (i = 0; i < ngot; i++)
		printf("   domain range 0x%" PRIx64 "-0x%" PRIx64 "\n",
		       got[i].start, got[i].end);

	hp.v = hdr;
	hp.n = 0;
	rte_mempool_mem_iter(xp.mp, hdr_chunk, &hp);
	for (i = 0, ret = 0; i < hp.n; i++)
		ret |= ivl_hits(got, ngot, hdr[i].start, hdr[i].end);
	CHECK(hp.n > 0 && ret == 0, "no page of the pool's mbuf headers is "
	      "in the domain (%u chunk(s))", hp.n);
	for (i = 0, ret = 0; i < xp.nz; i++) {
		uint64_t s = xp.mz[i]->iova, e = s + xp.mz[i]->len;

		if (s % PG)
			ret |= ivl_hits(got, ngot, RTE_ALIGN_FLOOR(s, PG),
					RTE_ALIGN_CEIL(s, PG));
		if (e % PG)
			ret |= ivl_hits(got, ngot, RTE_ALIGN_FLOOR(e, PG),
					RTE_ALIGN_CEIL(e, PG));
	}
	CHECK(ret == 0, "no edge page of a zone (shared with heap element "
	      "headers) is in the domain");

	memset(&w, 0, sizeof(w));
	w.dom = d0;
	w.inner = want;
	w.ninner = nwant;
	rte_mempool_obj_iter(xp.mp, buf_check, &w);
	CHECK(w.wrong == 0 && w.inside + w.refused == NB_MBUFS &&
	      w.refused == info.edge_buffers && w.ext_flags_bad == 0,
	      "contains: every buffer wholly in an interior page (%u), none "
	      "of the %u in edge pages (counted %u); %u wrong answers; every "
	      "mbuf external, of a pinned pool", w.inside, w.refused,
	      info.edge_buffers, w.wrong);
	dmaguard_counters_get(d0, &c);
	printf("   counters: %" PRIu64 " mappings, %" PRIu64 " regions, %"
	       PRIu64 " bytes\n", c.mappings, c.regions, c.bytes);

	/* ---- TX admission: port mode maps the pool of an extbuf segment ---- */
	ret = domain_open(&d1, "xb1", DMAGUARD_MODE_PORT, "0000:00:10.1",
			  &fd1);
	CHECK(ret == 0, "function 1 in a port domain");
	m = take_mbuf(xp.mp, d0, true, held, &nheld);
	edge = take_mbuf(xp.mp, d0, false, held, &nheld);
	if (m == NULL || edge == NULL)
		return 2;
	m->data_len = m->pkt_len = 64;
	/* 64 bytes of the edge buffer that lie in its edge page */
	for (i = 0; i + 64 <= edge->buf_len; i += 64)
		if (!dmaguard_contains(d0, rte_mbuf_iova_get(edge) + i, 64))
			break;
	edge->data_off = i;
	edge->data_len = edge->pkt_len = 64;
	dmaguard_domain_start(d1);
	ret = dmaguard_admit_mbuf(d1, m);
	ngot = domain_union(1, got, &nmaps);
	CHECK(ret == 0 && dmaguard_has_mempool(d1, xp.mp) == 1 &&
	      ivl_equal(want, nwant, got, ngot),
	      "port mode: a TX segment of the extbuf pool is admitted (%d), "
	      "the pool's data areas mapped on demand, nothing else", ret);
	ret = dmaguard_admit_mbuf(d1, edge);
	CHECK(ret == -EPERM, "port mode: a segment in an edge page is refused "
	      "(%d)", ret);
	dmaguard_domain_stop(d1);
	dmaguard_unmap_all(d1);
	domain_close(d1, "0000:00:10.1", fd1);

	/* ---- strict mode: the pool registered before start, or nothing ---- */
	domain_open(&d1, "xb1s", DMAGUARD_MODE_STRICT, "0000:00:10.1", &fd1);
	dmaguard_domain_start(d1);
	ret = dmaguard_admit_mbuf(d1, m);
	CHECK(ret == -EPERM, "strict: a pool not registered is refused (%d)",
	      ret);
	ret = dmaguard_map_mempool(d1, xp.mp, NULL);
	CHECK(ret == -EPERM, "strict: nor mapped while running (%d)", ret);
	dmaguard_domain_stop(d1);
	ret = dmaguard_map_mempool(d1, xp.mp, NULL);
	dmaguard_domain_start(d1);
	CHECK(ret == 0 && dmaguard_admit_mbuf(d1, m) == 0 &&
	      dmaguard_admit_mbuf(d1, edge) == -EPERM,
	      "strict: registered before start, its buffers are admitted, "
	      "an edge buffer is not");
	dmaguard_domain_stop(d1);
	dmaguard_unmap_all(d1);
	domain_close(d1, "0000:00:10.1", fd1);

	/* ---- shared mode: nothing mapped by the library ---- */
	ret = domain_open(&dsh, "xbsh", DMAGUARD_MODE_SHARED, "0000:00:10.1",
			  &fd1);
	ret = ret == 0 ? dmaguard_map_mempool(dsh, xp.mp, NULL) : ret;
	dmaguard_counters_get(dsh, &c);
	CHECK(ret == 0 && c.maps == 0 && c.regions > 0 &&
	      dmaguard_has_mempool(dsh, xp.mp) == 1 &&
	      dmaguard_admit_mbuf(dsh, edge) == 0,
	      "shared: registered (%" PRIu64 " regions), nothing mapped, "
	      "everything admitted", c.regions);
	domain_close(dsh, "0000:00:10.1", fd1);

	rte_pktmbuf_free(m);
	rte_pktmbuf_free(edge);
	for (i = 0; i < nheld; i++)
		rte_pktmbuf_free(held[i]);

	/*
	 * ---- areas on whole pages: page-aligned zones whose buffers end
	 * on a page boundary (a multiple of lcm(ELT, 4 KiB)) ----
	 */
	lcm_len = (uint64_t)ELT * (PG / (1u << rte_bsf32(ELT | PG)));
	ret = xpool_create(&aligned, "xb_aligned", (lcm_len * 8) / ELT,
			   lcm_len * 8, PG);
	CHECK(ret == 0, "page-aligned extbuf pool of %" PRIu64 " mbufs in "
	      "zones of %" PRIu64 " bytes", (lcm_len * 8) / ELT, lcm_len * 8);
	if (ret == 0) {
		ret = dmaguard_extbuf_info(aligned.mp, &info);
		CHECK(ret == 0 && info.edge_buffers == 0 &&
		      info.page_bytes == info.area_bytes,
		      "whole pages: no edge buffer, every byte mapped (%u "
		      "pages)", info.pages);
		ret = dmaguard_map_mempool(d0, aligned.mp, "aligned");
		memset(&w, 0, sizeof(w));
		w.dom = d0;
		w.ninner = xpool_interior(&aligned, want);
		w.inner = want;
		rte_mempool_obj_iter(aligned.mp, buf_check, &w);
		CHECK(ret == 0 && w.refused == 0 && w.wrong == 0,
		      "whole pages: every buffer in the domain (%u)",
		      w.inside);
	}

	ret = dmaguard_unmap_all(d0);
	domain_union(0, got, &nmaps);
	CHECK(ret == 0 && nmaps == 0, "unmap_all empties the domain (%d)",
	      nmaps);
	domain_close(d0, "0000:00:10.0", fd0);

	rte_mempool_free(aligned.mp);
	rte_mempool_free(xp.mp);
	rte_mempool_free(plain);
	for (i = 0; i < MAX_ZONES; i++) {
		rte_memzone_free(xp.mz[i]);
		rte_memzone_free(aligned.mz[i]);
	}
	rte_eal_cleanup();
	printf("%s: %d failure(s)\n", failures ? "FAILED" : "PASSED",
	       failures);
	return failures ? 1 : 0;
}

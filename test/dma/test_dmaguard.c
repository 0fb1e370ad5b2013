/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * lib/dmaguard against the emulated IOMMU.
 *
 * Runs under devtools/ixemu with two emulated functions and --no-pci: no
 * driver probes them.  The test does what the PCI bus does for a driver
 * without RTE_PCI_DRV_NEED_MAPPING: dmaguard_attach first, then the
 * device set-up (rte_vfio_setup_device(), which rte_pci_map_device()
 * calls), then mappings.  It reads the IOMMU domains back through the
 * platform (ixemu_domain_id(), ixemu_domain_mappings()) and shows:
 *  - the domain of function 0 holds exactly the pages of the memzone and
 *    mempool mapped (no heap, no other pool), is not the EAL's default
 *    container, and is separate from function 1's;
 *  - dmaguard_contains() at the edges, also against concurrent additions;
 *    dmaguard_range_of() (the PMD's per-queue cache);
 *  - strict mode refuses additions while a device runs;
 *  - the 256-mapping limit: -ENOSPC with a log line, all or nothing;
 *  - unmap_all empties the domain (refused while running), destroy
 *    releases the container, a new container inherits nothing;
 *  - shared mode leaves the function in the default container.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_mempool.h>
#include <rte_pause.h>
#include <rte_telemetry.h>
#include <rte_vfio.h>

#include "dmaguard.h"
#include "dmaguard_testlib.h"
#include "test_check.h"

#define MAXI 16384
#define GRAIN 4096u

/*
 * The 4 KiB pages holding [addr, addr + len): the IOMMU's finest grain,
 * which dmaguard uses at the partly used ends of a hugepage.
 */
static unsigned int
add_pages(struct ivl *v, unsigned int n, const void *addr, size_t len)
{
	uintptr_t p = RTE_ALIGN_FLOOR((uintptr_t)addr, GRAIN);
	uintptr_t end = RTE_ALIGN_CEIL((uintptr_t)addr + len, GRAIN);

	for (; p < end && n < MAXI; p += GRAIN) {
		v[n].start = rte_mem_virt2iova((void *)p);
		v[n].end = v[n].start + GRAIN;
		n++;
	}
	return n;
}

struct pool_pages {
	struct ivl *v;
	unsigned int n;
};

static void
pool_pages_cb(struct rte_mempool *mp __rte_unused, void *arg,
	      struct rte_mempool_memhdr *hdr, unsigned int idx __rte_unused)
{
	struct pool_pages *pp = arg;

	pp->n = add_pages(pp->v, pp->n, hdr->addr, hdr->len);
}

static unsigned int
add_pool_pages(struct ivl *v, unsigned int n, struct rte_mempool *mp)
{
	struct pool_pages pp = { v, n };

	rte_mempool_mem_iter(mp, pool_pages_cb, &pp);
	return pp.n;
}

/* ---- concurrent reader ---- */

static struct dmaguard_domain *rd_dom;
static uint64_t rd_iova, rd_len;
static volatile int rd_stop, rd_running;
static uint64_t rd_ok, rd_bad;

static int
reader(void *arg __rte_unused)
{
	rd_running = 1;
	while (!rd_stop) {
		if (dmaguard_contains(rd_dom, rd_iova, rd_len))
			rd_ok++;
		else
			rd_bad++;
	}
	return 0;
}

static char *logbuf;
static size_t logsz;

/* The IOMMU permission of function fn's mapping holding iova (0: none). */
static uint32_t
prot_at(unsigned int fn, uint64_t iova)
{
	struct ivl v[DOMAIN_MAPS_MAX];
	int n, i;

	domain_union(fn, v, &n);	/* fills imaps[] */
	for (i = 0; i < n && i < (int)RTE_DIM(imaps); i++)
		if (iova >= imaps[i].iova &&
		    iova - imaps[i].iova < imaps[i].size)
			return imaps[i].prot;
	return 0;
}

/*
 * dmaguard_map_mempool_tx(): the pool's pages are mapped read-only; the
 * same pool mapped for receive later becomes writable, but not while a
 * device of the domain runs.
 */
static void
tx_only_checks(struct dmaguard_domain *d0)
{
	struct rte_mempool *txp = rte_pktmbuf_pool_create("tx_only_pool",
				1024, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				SOCKET_ID_ANY);
	struct rte_mbuf *m = txp != NULL ? rte_pktmbuf_alloc(txp) : NULL;
	uint64_t iova;
	int ret;

	CHECK(m != NULL, "a TX-only pool and one of its mbufs");
	if (m == NULL)
		return;
	iova = rte_pktmbuf_iova(m);
	ret = dmaguard_map_mempool_tx(d0, txp, NULL);
	CHECK(ret == 0 && prot_at(0, iova) == 1, "a pool mapped for "
	      "transmit is read-only for the device: %d, permission %u",
	      ret, prot_at(0, iova));
	dmaguard_domain_start(d0);
	ret = dmaguard_map_mempool(d0, txp, NULL);
	CHECK(ret == -EBUSY && prot_at(0, iova) == 1, "made writable while "
	      "the device runs: refused (%d), still read-only", ret);
	dmaguard_domain_stop(d0);
	ret = dmaguard_map_mempool(d0, txp, NULL);
	CHECK(ret == 0 && prot_at(0, iova) == 3, "mapped for receive with "
	      "the device stopped: writable (%d, permission %u)", ret,
	      prot_at(0, iova));
	CHECK(dmaguard_contains(d0, iova, 64), "and still in the domain");
	rte_pktmbuf_free(m);
}

int
main(int argc, char **argv)
{
	static struct ivl want[MAXI], got[MAXI], other[MAXI], tmp[MAXI];
	struct dmaguard_mapping dmaps[DMAGUARD_MAX_MAPPINGS];
	struct dmaguard_counters c;
	struct dmaguard_domain *d0, *d1, *dsh;
	const struct rte_memzone *mz0, *mz1;
	struct rte_mempool *mp, *other_mp, *scattered;
	struct rte_tel_data *td;
	unsigned int nwant, ngot, nother, i, nfail;
	int fd0 = -1, fd1 = -1, nmaps, n, ret, id0, id1;
	uint64_t pg, expect_shift, last;
	char summary[256];
	uint8_t *anon;
	void *heap;
	FILE *logf;
	bool ok;

	if (!dmaguard_test_start(argc, argv))
		return 2;
	pg = rte_mem_virt2memseg_list(rte_malloc("probe", 64, 0))->page_sz;
	expect_shift = rte_bsf64(pg);
	printf("memory page size %" PRIu64 " KiB, IOVA as %s\n", pg >> 10,
	       rte_eal_iova_mode() == RTE_IOVA_VA ? "VA" : "PA");

	/* What is mapped, and what must not be. */
	mz0 = rte_memzone_reserve_aligned("rx_ring_0", 65536, SOCKET_ID_ANY,
					  RTE_MEMZONE_IOVA_CONTIG, 4096);
	mz1 = rte_memzone_reserve_aligned("rx_ring_1", 65536, SOCKET_ID_ANY,
					  RTE_MEMZONE_IOVA_CONTIG, 4096);
	mp = rte_pktmbuf_pool_create("mb_pool_0", 2048, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	other_mp = rte_pktmbuf_pool_create("other_pool", 4096, 0, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE,
					   SOCKET_ID_ANY);
	heap = rte_malloc("heap_data", 4 << 20, 4096);
	if (mz0 == NULL || mz1 == NULL || mp == NULL || other_mp == NULL ||
	    heap == NULL) {
		fprintf(stderr, "allocation failed\n");
		return 2;
	}

	/* ---- a port domain for function 0 ---- */
	d0 = dmaguard_domain_create("port0", DMAGUARD_MODE_PORT);
	CHECK(d0 != NULL, "port domain created");
	if (d0 == NULL)
		return 1;
	ret = dmaguard_attach_name(d0, "0000:00:10.0");
	CHECK(ret == 0, "function 0 attached (group bound) before set-up: %d",
	      ret);
	ret = dmaguard_map_memzone(d0, mz0, "rx ring q0");
	CHECK(ret == -EIO, "mapping before the device is set up fails: %d "
	      "(the container gets its IOMMU with the first device)", ret);
	ret = setup_device("0000:00:10.0", &fd0);
	id0 = domain_id(0);
	CHECK(ret == 0 && id0 > 1, "function 0 set up in the domain's "
	      "container: IOMMU domain %d (the EAL's default is 1)", id0);
	domain_union(0, got, &nmaps);
	CHECK(nmaps == 0, "the new domain maps nothing: %d mappings", nmaps);

	ret = dmaguard_map_memzone(d0, mz0, "rx ring q0");
	CHECK(ret == 0, "memzone rx_ring_0 mapped: %d", ret);
	ret = dmaguard_map_mempool(d0, mp, NULL);
	CHECK(ret == 0, "mempool mb_pool_0 mapped: %d", ret);
	ret = dmaguard_map_mempool(d0, mp, NULL);
	CHECK(ret == 0, "mapping it again is a no-op: %d", ret);

	nwant = add_pages(want, 0, mz0->addr, mz0->len);
	nwant = add_pool_pages(want, nwant, mp);
	nwant = ivl_merge(want, nwant);
	ngot = domain_union(0, got, &nmaps);
	CHECK(ivl_equal(want, nwant, got, ngot), "IOMMU domain of function 0 "
	      "= pages of rx_ring_0 + mb_pool_0 exactly: %u range(s) in %d "
	      "mapping(s)", ngot, nmaps);
	for (i = 0; i < nwant; i++)
		printf("   wanted range 0x%" PRIx64 "-0x%" PRIx64 "\n",
		       want[i].start, want[i].end);
	for (i = 0; i < ngot; i++)
		printf("   domain range 0x%" PRIx64 "-0x%" PRIx64 " (%"
		       PRIu64 " KiB)\n", got[i].start, got[i].end,
		       (got[i].end - got[i].start) >> 10);
	ok = true;
	for (n = 0; n < nmaps; n++)
		ok = ok && (imaps[n].page_shift == expect_shift ||
			    imaps[n].page_shift == 12) &&
		     imaps[n].prot == 3;
	CHECK(ok, "every mapping uses the memory's page size (shift %" PRIu64
	      "), or 4 KiB at partly used pages, and is read/write",
	      expect_shift);

	/* Nothing else: the other pool's and the heap block's own pages. */
	nother = add_pool_pages(other, 0, other_mp);
	nother = add_pages(other, nother, heap, 4 << 20);
	nother = add_pages(other, nother, mz1->addr, mz1->len);
	nother = ivl_merge(other, nother);
	{
		unsigned int own = 0, leaked = 0, j;

		for (j = 0; j < nother; j++) {
			uint64_t p;

			for (p = other[j].start; p < other[j].end; p += GRAIN) {
				if (ivl_hits(want, nwant, p, p + GRAIN))
					continue;	/* shares a page */
				own++;
				if (ivl_hits(got, ngot, p, p + GRAIN))
					leaked++;
			}
		}
		CHECK(own > 0 && leaked == 0, "other_pool, the heap block and "
		      "rx_ring_1: %u page(s) of their own, %u mapped", own,
		      leaked);
	}

	n = dmaguard_mappings(d0, dmaps, RTE_DIM(dmaps));
	ok = n == nmaps;
	for (i = 0; ok && i < (unsigned int)n; i++)
		ok = dmaps[i].iova == imaps[i].iova &&
		     dmaps[i].len == imaps[i].size &&
		     dmaps[i].va == imaps[i].vaddr &&
		     (dmaps[i].page_sz == pg || dmaps[i].page_sz == GRAIN);
	CHECK(ok, "dmaguard_mappings() matches the IOMMU: %d", n);
	for (i = 0; i < (unsigned int)n && i < 8; i++)
		printf("   mapping iova 0x%" PRIx64 " len 0x%" PRIx64
		       " page %" PRIu64 "K: %s\n", dmaps[i].iova, dmaps[i].len,
		       dmaps[i].page_sz >> 10, dmaps[i].what);
	ok = false;
	for (i = 0; i < (unsigned int)n; i++)
		ok = ok || (strstr(dmaps[i].what, "rx ring q0") &&
			    mz0->iova >= dmaps[i].iova &&
			    mz0->iova < dmaps[i].iova + dmaps[i].len);
	CHECK(ok, "the mapping holding rx_ring_0 says \"rx ring q0\"");
	dmaguard_summary(d0, summary, sizeof(summary));
	printf("   summary: %s\n", summary);
	CHECK(strstr(summary, "mapping") != NULL, "summary line");
	td = rte_tel_data_alloc();
	ret = dmaguard_telemetry_fill(d0, td);
	CHECK(ret == 0, "telemetry dict filled: %d", ret);
	rte_tel_data_free(td);

	/* ---- contains ---- */
	last = got[ngot - 1].end;	/* end of the highest range */
	dmaguard_counters_get(d0, &c);
	nfail = (unsigned int)c.lookup_failures;
	CHECK(dmaguard_contains(d0, mz0->iova, mz0->len),
	      "contains: the whole ring");
	CHECK(dmaguard_contains(d0, last - 1, 1), "contains: the last byte");
	CHECK(!dmaguard_contains(d0, last - 10, 20),
	      "contains: not a range straddling the end");
	CHECK(!dmaguard_contains(d0, last, 1), "contains: not the byte after");
	CHECK(!dmaguard_contains(d0, rte_mem_virt2iova(heap) + (2 << 20), 64) ||
	      ivl_hits(want, nwant, rte_mem_virt2iova(heap) + (2 << 20),
		       rte_mem_virt2iova(heap) + (2 << 20) + 64),
	      "contains: not the heap");
	CHECK(!dmaguard_contains(d0, UINT64_MAX - 10, 100),
	      "contains: not a wrapping range");
	CHECK(!dmaguard_contains(d0, mz0->iova, UINT64_MAX),
	      "contains: not a huge length");
	CHECK(!dmaguard_contains(d0, mz0->iova, 0), "contains: not length 0");
	dmaguard_counters_get(d0, &c);
	CHECK(c.lookup_failures == nfail + 6, "6 failed lookups counted: %"
	      PRIu64, c.lookup_failures - nfail);
	{
		rte_iova_t rs = 1, rl = 0;

		CHECK(dmaguard_range_of(d0, mz0->iova, &rs, &rl) &&
		      rs <= mz0->iova && rl >= mz0->iova + mz0->len - 1 &&
		      dmaguard_contains(d0, rs, rl - rs + 1),
		      "range_of: the ring's merged range, all of it mapped");
		CHECK(dmaguard_range_of(d0, last - 1, &rs, &rl) &&
		      rl == last - 1, "range_of: the highest range ends at "
		      "the last byte");
		CHECK(!dmaguard_range_of(d0, last, &rs, &rl),
		      "range_of: nothing for the byte after");
	}

	/* ---- a strict domain for function 1: separate ---- */
	ret = domain_open(&d1, "port1", DMAGUARD_MODE_STRICT, "0000:00:10.1",
			  &fd1);
	id1 = domain_id(1);
	CHECK(ret == 0 && id1 > 1 && id1 != id0, "function 1 in a domain of "
	      "its own: %d (function 0: %d)", id1, id0);
	ret = dmaguard_map_memzone(d1, mz1, "rx ring q0");
	CHECK(ret == 0, "strict: rx_ring_1 mapped before start: %d", ret);
	nwant = ivl_merge(tmp, add_pages(tmp, 0, mz1->addr, mz1->len));
	ngot = domain_union(1, got, &nmaps);
	CHECK(ivl_equal(tmp, nwant, got, ngot), "domain of function 1 = pages "
	      "of rx_ring_1 only (%d mapping(s))", nmaps);
	dmaguard_domain_start(d1);
	ret = dmaguard_map_mempool(d1, mp, NULL);
	CHECK(ret == -EPERM, "strict: nothing added while running: %d", ret);
	CHECK(dmaguard_domain_stop(d1) == 0, "strict: stopped");
	ret = dmaguard_map_mempool(d1, mp, NULL);
	CHECK(ret == 0, "strict: mapping again once stopped: %d", ret);

	/* ---- a pool the device only transmits from: read-only ---- */
	tx_only_checks(d0);

	/* ---- concurrent additions against the lock-free lookup ---- */
	anon = mmap(NULL, 2048 * 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED)
		return 2;
	memset(anon, 0, 2048 * 4096);
	dmaguard_domain_start(d0);
	rd_dom = d0;
	rd_iova = mz0->iova;
	rd_len = mz0->len;
	if (rte_lcore_count() > 1) {
		uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz();

		rte_eal_remote_launch(reader, NULL, rte_get_next_lcore(-1, 1, 0));
		/* On a loaded machine the reader may start late: the
		 * additions below must overlap its lookups. */
		while (!rd_running && rte_get_timer_cycles() < end)
			rte_pause();
	}
	nfail = 0;
	for (i = 0; i < 100; i++) {
		uint8_t *p = anon + i * 2 * 4096;

		if (dmaguard_map_external(d0, p, (uintptr_t)p, 4096, 4096,
					  "ext buf") != 0 ||
		    !dmaguard_contains(d0, (uintptr_t)p, 4096))
			nfail++;
	}
	rd_stop = 1;
	rte_eal_mp_wait_lcore();
	CHECK(nfail == 0 && rd_bad == 0 && (rte_lcore_count() < 2 || rd_ok > 0),
	      "100 external buffers mapped while running (port mode); a "
	      "concurrent reader: %" PRIu64 " lookups, %" PRIu64 " wrong",
	      rd_ok, rd_bad);
	ret = dmaguard_unmap_all(d0);
	CHECK(ret == -EBUSY, "unmap_all refused while running: %d", ret);
	CHECK(dmaguard_domain_stop(d0) == 0, "function 0 stopped");

	/* ---- the mapping limit ---- */
	dmaguard_counters_get(d0, &c);
	printf("   domain port0 has %" PRIu64 " mappings\n", c.mappings);
	scattered = rte_mempool_create_empty("scattered", 300, 2048, 0, 0,
					     SOCKET_ID_ANY, 0);
	if (scattered == NULL ||
	    rte_mempool_set_ops_byname(scattered, "ring_mp_mc", NULL) != 0)
		return 2;
	for (i = 0; i < 300; i++) {
		/* every other page, after the external buffers */
		uint8_t *p = anon + (256 + i * 2) * 4096;

		ret = rte_mempool_populate_iova(scattered, (char *)p,
						(uintptr_t)p, 4096, NULL, NULL);
		if (ret < 0)
			break;
	}
	CHECK(scattered->nb_mem_chunks == 300, "pool 'scattered': 300 "
	      "discontiguous chunks (%u)", scattered->nb_mem_chunks);
	domain_union(0, tmp, &nmaps);
	logf = open_memstream(&logbuf, &logsz);
	rte_openlog_stream(logf);
	ret = dmaguard_map_mempool(d0, scattered, NULL);
	fflush(logf);
	rte_openlog_stream(NULL);
	fclose(logf);
	printf("   log: %s", logbuf ? logbuf : "(none)\n");
	CHECK(ret == -ENOSPC && logbuf != NULL &&
	      strstr(logbuf, "VFIO_MAX_USER_MEM_MAPS") != NULL,
	      "a pool needing 300 mappings: %d (-ENOSPC) and a log line", ret);
	free(logbuf);
	logbuf = NULL;
	domain_union(0, got, &n);
	dmaguard_counters_get(d0, &c);
	CHECK(n == nmaps && c.mappings == (uint64_t)nmaps &&
	      c.limit_hits == 1 &&
	      !dmaguard_contains(d0, (uintptr_t)anon + 256 * 4096, 64),
	      "nothing of it mapped, domain consistent: %d mappings", n);
	/* fill up to the limit exactly */
	nfail = 0;
	for (i = 0; c.mappings + i < DMAGUARD_MAX_MAPPINGS; i++) {
		uint8_t *p = anon + (1024 + i * 2) * 4096;

		if (dmaguard_map_external(d0, p, (uintptr_t)p, 4096, 4096,
					  "filler") != 0)
			nfail++;
	}
	domain_union(0, got, &n);
	CHECK(nfail == 0 && n == DMAGUARD_MAX_MAPPINGS,
	      "filled up to %d mappings", n);
	ret = dmaguard_map_external(d0, anon + 2040 * 4096,
				    (uintptr_t)anon + 2040 * 4096, 4096, 4096,
				    "one too many");
	domain_union(0, got, &n);
	CHECK(ret == -ENOSPC && n == DMAGUARD_MAX_MAPPINGS,
	      "mapping 257 refused: %d, still %d", ret, n);
	ret = dmaguard_map_external(d0, anon + 1024 * 4096,
				    (uintptr_t)anon + 1024 * 4096, 4096, 4096,
				    "already there");
	CHECK(ret == 0, "memory already mapped needs no new mapping: %d",
	      ret);
	dmaguard_summary(d0, summary, sizeof(summary));
	printf("   summary: %s\n", summary);

	/* ---- unmap_all, destroy ---- */
	ret = dmaguard_unmap_all(d0);
	domain_union(0, got, &n);
	dmaguard_counters_get(d0, &c);
	CHECK(ret == 0 && n == 0 && c.mappings == 0 && c.bytes == 0 &&
	      !dmaguard_contains(d0, mz0->iova, 64),
	      "unmap_all: the domain is empty (%d mappings, %" PRIu64
	      " maps, %" PRIu64 " unmaps made)", n, c.maps, c.unmaps);
	ret = domain_close(d0, "0000:00:10.0", fd0);
	CHECK(ret == 0 && domain_id(0) == 0, "destroyed: function 0 in no "
	      "domain (%d)", domain_id(0));

	/* function 1: release first, destroy with mappings left */
	ret = domain_close(d1, "0000:00:10.1", fd1);
	CHECK(ret == 0 && domain_id(1) == 0, "destroyed with mappings left "
	      "after the device was released: %d", ret);
	ret = domain_open(&d1, "port1b", DMAGUARD_MODE_PORT, "0000:00:10.1",
			  &fd1);
	domain_union(1, got, &n);
	CHECK(ret == 0 && n == 0, "a new container inherits no mapping: %d",
	      n);
	domain_close(d1, "0000:00:10.1", fd1);

	/* ---- shared mode ---- */
	ret = domain_open(&dsh, "shared1", DMAGUARD_MODE_SHARED,
			  "0000:00:10.1", &fd1);
	CHECK(ret == 0 && domain_id(1) == 1, "shared: function 1 in the EAL's "
	      "default container (%d)", domain_id(1));
	ret = dmaguard_map_mempool(dsh, mp, NULL);
	ngot = domain_union(1, got, &n);
	dmaguard_counters_get(dsh, &c);
	CHECK(ret == 0 && c.maps == 0 && dmaguard_contains(dsh, 0, 64) &&
	      ivl_hits(got, ngot, rte_mem_virt2iova(heap),
		       rte_mem_virt2iova(heap) + 64),
	      "shared: the library maps nothing itself; the default "
	      "container holds all DPDK memory, heap included (%d mappings)",
	      n);
	dmaguard_summary(dsh, summary, sizeof(summary));
	printf("   summary: %s\n", summary);
	domain_close(dsh, "0000:00:10.1", fd1);

	/* ---- one domain for two ports (shared mempools) ---- */
	d0 = dmaguard_domain_create("pair", DMAGUARD_MODE_PORT);
	ret = d0 ? dmaguard_attach_name(d0, "0000:00:10.0") : -1;
	CHECK(ret == 0, "pair: function 0 attached");
	ret = dmaguard_attach_name(d0, "0000:00:10.1");
	CHECK(ret == -EAGAIN, "pair: function 1 refused until function 0 is "
	      "set up: %d", ret);
	ret = setup_device("0000:00:10.0", &fd0);
	if (ret == 0)
		ret = dmaguard_attach_name(d0, "0000:00:10.1");
	if (ret == 0)
		ret = setup_device("0000:00:10.1", &fd1);
	CHECK(ret == 0 && domain_id(0) > 1 && domain_id(0) == domain_id(1),
	      "pair: both functions in one domain (%d, %d)", domain_id(0),
	      domain_id(1));
	ret = dmaguard_map_mempool(d0, mp, NULL);
	nwant = ivl_merge(want, add_pool_pages(want, 0, mp));
	ngot = domain_union(1, got, &n);
	CHECK(ret == 0 && ivl_equal(want, nwant, got, ngot),
	      "pair: function 1 sees exactly mb_pool_0 (%d mapping(s))", n);
	dmaguard_unmap_all(d0);
	rte_vfio_release_device(sysfs(), "0000:00:10.0", fd0);
	rte_vfio_release_device(sysfs(), "0000:00:10.1", fd1);
	ret = dmaguard_domain_destroy(d0);
	CHECK(ret == 0 && domain_id(0) == 0 && domain_id(1) == 0,
	      "pair: destroyed");

	rte_mempool_free(scattered);
	munmap(anon, 2048 * 4096);
	rte_eal_cleanup();
	printf("%s: %d failure(s)\n", failures ? "FAILED" : "PASSED",
	       failures);
	return failures ? 1 : 0;
}

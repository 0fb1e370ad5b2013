/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The mbuf pool of --mp-alloc xbuf: a pinned external-buffer pool
 * (rte_pktmbuf_pool_create_extbuf()) whose packet data lives in memzones
 * of its own, apart from the mbuf headers.
 *
 * A driver that confines its device's DMA to what it needs (net_ixguard
 * in its port and strict modes) maps the data of such a pool and not its
 * headers, and can only map whole 4 KiB pages: a page the data shares
 * with anything else (a heap element header, the gap after the last
 * buffer) stays unmapped and the buffers in it cannot be used for RX.
 * So the zones here are page-aligned and hold a whole number of pages
 * filled with buffers back to back:
 *   - the buffer size (data room) is the requested one rounded up to a
 *     cache line, and is also the distance between buffers;
 *   - a zone holds a multiple of PAGE / gcd(buffer size, PAGE) buffers,
 *     so their end is a page boundary;
 *   - hugepage memory: zones aligned to 2 MiB, so that whole hugepages
 *     can be mapped as such (no IOTLB cost on real hardware).
 * One IOVA-contiguous zone for all buffers is tried first (one IOMMU
 * mapping); if the memory is too fragmented for it, zones of about
 * 2 MiB each.  The pool may hold a few more mbufs than asked for.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memzone.h>

#include "guardpmd.h"

#define PAGE		4096u
#define MAX_ZONES	256	/* the IOMMU mappings DPDK allows per container */

static const struct rte_memzone *zones[MAX_ZONES];
static unsigned int nb_zones;

static uint64_t
gcd64(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Zones of 'len' bytes until 'bytes' are reserved; 0 or -1. */
static int
reserve_zones(uint64_t bytes, uint64_t len, uint64_t align,
	      struct rte_pktmbuf_extmem *ext, uint16_t elt)
{
	char name[RTE_MEMZONE_NAMESIZE];
	uint64_t done = 0;

	while (done < bytes) {
		uint64_t l = RTE_MIN(len, bytes - done);
		const struct rte_memzone *mz;

		if (nb_zones == MAX_ZONES)
			return -1;
		snprintf(name, sizeof(name), "gp_xb_%u", nb_zones);
		mz = rte_memzone_reserve_aligned(name, l, rte_socket_id(),
						 RTE_MEMZONE_IOVA_CONTIG, align);
		if (mz == NULL)
			return -1;
		zones[nb_zones] = mz;
		ext[nb_zones] = (struct rte_pktmbuf_extmem){
			.buf_ptr = mz->addr,
			.buf_iova = mz->iova,
			.buf_len = l,
			.elt_size = elt,
		};
		nb_zones++;
		done += l;
	}
	return 0;
}

static void
free_zones(void)
{
	while (nb_zones > 0)
		rte_memzone_free(zones[--nb_zones]);
}

struct rte_mempool *
gp_pool_create_xbuf(const char *name, unsigned int n, unsigned int cache,
		    unsigned int mbuf_size)
{
	static struct rte_pktmbuf_extmem ext[MAX_ZONES];
	struct rte_mempool *mp;
	uint64_t elt, unit, per_unit, units, bytes, align, chunk;
	int err;

	/* Buffers back to back, each the (cache-aligned) data room. */
	elt = RTE_ALIGN_CEIL(mbuf_size, RTE_CACHE_LINE_SIZE);
	if (elt > UINT16_MAX)
		elt = RTE_ALIGN_FLOOR(mbuf_size, RTE_CACHE_LINE_SIZE);
	/* The smallest run of buffers that ends on a page boundary. */
	per_unit = PAGE / gcd64(elt, PAGE);
	unit = per_unit * elt;
	units = (n + per_unit - 1) / per_unit;
	bytes = units * unit;
	align = rte_eal_has_hugepages() ? RTE_PGSIZE_2M : PAGE;

	nb_zones = 0;
	if (reserve_zones(bytes, bytes, align, ext, elt) != 0) {
		/* Fragmented memory: zones of about 2 MiB. */
		free_zones();
		chunk = RTE_MAX(unit, RTE_PGSIZE_2M / unit * unit);
		if (reserve_zones(bytes, chunk, align, ext, elt) != 0) {
			err = rte_errno;
			fprintf(stderr, "guardpmd: --mp-alloc xbuf: cannot "
				"reserve %" PRIu64 " bytes of page-aligned "
				"memzones: %s\n", bytes, rte_strerror(err));
			free_zones();
			rte_errno = err;
			return NULL;
		}
	}
	mp = rte_pktmbuf_pool_create_extbuf(name, units * per_unit, cache, 0,
					    (uint16_t)elt, rte_socket_id(),
					    ext, nb_zones);
	if (mp == NULL) {
		err = rte_errno;
		free_zones();
		rte_errno = err;
		return NULL;
	}
	fprintf(gp_out, "mbuf pool %s: %u mbufs (--mp-alloc xbuf): headers in "
		"the pool, %" PRIu64 "-byte buffers in %u page-aligned "
		"memzone(s) of their own, %" PRIu64 " KiB\n", name, mp->size,
		elt, nb_zones, bytes >> 10);
	return mp;
}

/* After rte_mempool_free() of the pool: its data zones. */
void
gp_pool_free_xbuf(void)
{
	free_zones();
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Reports: the mapping list with what each mapping holds, counters, the
 * port-start summary line and the telemetry dict.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_telemetry.h>
#include <rte_version.h>

#include "dmaguard_priv.h"

/*
 * DPDK 23.03 renamed the telemetry call for unsigned values (the old name
 * is deprecated from then on); 22.11 has only the old one.
 */
#if RTE_VERSION >= RTE_VERSION_NUM(23, 3, 0, 0)
#define tel_dict_u64 rte_tel_data_add_dict_uint
#else
#define tel_dict_u64 rte_tel_data_add_dict_u64
#endif

void
dmaguard_fmt_bytes(char *buf, size_t len, uint64_t bytes)
{
	if (bytes >= (1ull << 30))
		snprintf(buf, len, "%.1f GiB", (double)bytes / (1ull << 30));
	else if (bytes >= (1ull << 20))
		snprintf(buf, len, "%.1f MiB", (double)bytes / (1ull << 20));
	else if (bytes >= (1ull << 10))
		snprintf(buf, len, "%.1f KiB", (double)bytes / (1ull << 10));
	else
		snprintf(buf, len, "%" PRIu64 " B", bytes);
}

void
dmaguard_fmt_page(char *buf, size_t len, uint64_t page_sz)
{
	if (page_sz >= (1ull << 30) && page_sz % (1ull << 30) == 0)
		snprintf(buf, len, "%" PRIu64 "G", page_sz >> 30);
	else if (page_sz >= (1ull << 20) && page_sz % (1ull << 20) == 0)
		snprintf(buf, len, "%" PRIu64 "M", page_sz >> 20);
	else
		snprintf(buf, len, "%" PRIu64 "K", page_sz >> 10);
}

/* The labels of the regions that lie in a mapping, joined (lock held). */
static void
mapping_what(const struct dmaguard_domain *dom, const struct dmaguard_range *m,
	     char *buf, size_t len)
{
	size_t pos = 0;
	unsigned int i, j;

	buf[0] = '\0';
	for (i = 0; i < dom->nregions; i++) {
		const struct dmaguard_region *rg = &dom->regions[i];
		bool dup = false;
		int w;

		if (rg->va + rg->len <= m->va || rg->va >= m->va + m->len)
			continue;
		for (j = 0; j < i && !dup; j++) {
			const struct dmaguard_region *o = &dom->regions[j];

			dup = strcmp(o->label, rg->label) == 0 &&
			      o->va + o->len > m->va && o->va < m->va + m->len;
		}
		if (dup)
			continue;
		w = snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "",
			     rg->label);
		if (w < 0 || (size_t)w >= len - pos) {
			/* truncated: end with "..." */
			if (len > 4)
				memcpy(buf + len - 4, "...", 4);
			return;
		}
		pos += (size_t)w;
	}
}

int
dmaguard_mappings(struct dmaguard_domain *dom, struct dmaguard_mapping *out,
		  unsigned int max)
{
	unsigned int i;
	int n;

	if (dom == NULL || (out == NULL && max > 0))
		return -EINVAL;
	rte_spinlock_lock(&dom->lock);
	for (i = 0; i < dom->nmaps && i < max; i++) {
		const struct dmaguard_range *m = &dom->maps[i];

		out[i].iova = m->iova;
		out[i].len = m->len;
		out[i].va = m->va;
		out[i].page_sz = m->page_sz;
		out[i].writable = !m->ro;
		mapping_what(dom, m, out[i].what, sizeof(out[i].what));
	}
	n = (int)dom->nmaps;
	rte_spinlock_unlock(&dom->lock);
	return n;
}

static void
counters_locked(const struct dmaguard_domain *dom, struct dmaguard_counters *c)
{
	unsigned int i;

	memset(c, 0, sizeof(*c));
	c->mappings = dom->nmaps;
	c->regions = dom->nregions;
	for (i = 0; i < dom->nmaps; i++) {
		const struct dmaguard_range *m = &dom->maps[i];
		uint64_t pages = m->len / m->page_sz;

		c->bytes += m->len;
		switch (m->page_sz) {
		case 1ull << 12:
			c->pages_4k += pages;
			break;
		case 1ull << 21:
			c->pages_2m += pages;
			break;
		case 1ull << 30:
			c->pages_1g += pages;
			break;
		default:
			c->pages_other += pages;
			break;
		}
	}
	c->maps = dom->cnt_maps;
	c->unmaps = dom->cnt_unmaps;
	c->map_failures = dom->cnt_map_failures;
	c->limit_hits = dom->cnt_limit_hits;
	c->lookup_failures = __atomic_load_n(&dom->lookup_failures,
					     __ATOMIC_RELAXED);
}

int
dmaguard_counters_get(struct dmaguard_domain *dom, struct dmaguard_counters *c)
{
	if (dom == NULL || c == NULL)
		return -EINVAL;
	rte_spinlock_lock(&dom->lock);
	counters_locked(dom, c);
	rte_spinlock_unlock(&dom->lock);
	return 0;
}

/* "2M:3 4K:12" */
static void
fmt_pages(const struct dmaguard_counters *c, char *buf, size_t len)
{
	size_t pos = 0;

	buf[0] = '\0';
#define PAGES(n, name) do {						\
	if ((n) != 0 && pos < len)					\
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%s:%" PRIu64, \
					pos ? " " : "", name, (n));	\
} while (0)
	PAGES(c->pages_1g, "1G");
	PAGES(c->pages_2m, "2M");
	PAGES(c->pages_4k, "4K");
	PAGES(c->pages_other, "other");
#undef PAGES
	if (pos == 0)
		snprintf(buf, len, "none");
}

int
dmaguard_summary(struct dmaguard_domain *dom, char *buf, size_t len)
{
	struct dmaguard_counters c;
	char bytes[32], pages[96];
	unsigned int ndev;

	if (dom == NULL || buf == NULL)
		return -EINVAL;
	rte_spinlock_lock(&dom->lock);
	counters_locked(dom, &c);
	ndev = dom->ndev;
	rte_spinlock_unlock(&dom->lock);
	if (dom->mode == DMAGUARD_MODE_SHARED)
		return snprintf(buf, len, "shared domain '%s': the EAL's "
				"default container, all DPDK memory mapped "
				"(%" PRIu64 " regions registered)", dom->name,
				c.regions);
	dmaguard_fmt_bytes(bytes, sizeof(bytes), c.bytes);
	fmt_pages(&c, pages, sizeof(pages));
	return snprintf(buf, len, "%s domain '%s' (%u device%s): %" PRIu64
			" mapping%s of %u, %s, pages %s",
			dmaguard_mode_name(dom->mode), dom->name, ndev,
			ndev == 1 ? "" : "s", c.mappings,
			c.mappings == 1 ? "" : "s", DMAGUARD_MAX_MAPPINGS,
			bytes, pages);
}

/* Recent faults, as strings, into the array 'arr'. */
static void
recent_faults_fill(const struct dmaguard_fault *f, int n,
		   struct rte_tel_data *arr)
{
	int i;

	for (i = 0; i < n; i++) {
		char line[RTE_TEL_MAX_STRING_LEN];

		snprintf(line, sizeof(line), "%s iova=0x%" PRIx64 " by "
			 PCI_PRI_FMT " (%s: %s)",
			 f[i].dir == DMAGUARD_FAULT_WRITE ? "write" : "read",
			 f[i].iova, f[i].dev.domain, f[i].dev.bus,
			 f[i].dev.devid, f[i].dev.function, f[i].iommu,
			 f[i].reason);
		rte_tel_data_add_array_string(arr, line);
	}
}

int
dmaguard_telemetry_fill(struct dmaguard_domain *dom, struct rte_tel_data *d)
{
	struct rte_tel_data *devs = NULL, *maps = NULL, *regs = NULL;
	struct rte_tel_data *faults = NULL;
	struct dmaguard_fault recent[DMAGUARD_RECENT_FAULTS];
	struct dmaguard_fault_counters fc;
	struct dmaguard_counters c;
	char watch[96];
	unsigned int i;
	int ret = -ENOMEM;

	if (dom == NULL || d == NULL)
		return -EINVAL;
	devs = rte_tel_data_alloc();
	maps = rte_tel_data_alloc();
	regs = rte_tel_data_alloc();
	faults = rte_tel_data_alloc();
	if (devs == NULL || maps == NULL || regs == NULL || faults == NULL)
		goto fail;
	rte_tel_data_start_dict(d);
	rte_tel_data_start_array(devs, RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(maps, RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(regs, RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(faults, RTE_TEL_STRING_VAL);
	/* Before the domain lock: these read the kernel log first. */
	recent_faults_fill(recent, dmaguard_faults_snapshot(dom, &fc, recent,
			   RTE_DIM(recent)), faults);
	/* The primary's watch, in a secondary too. */
	dmaguard_fault_watch_status_of(dom, watch, sizeof(watch));

	rte_spinlock_lock(&dom->lock);
	counters_locked(dom, &c);
	for (i = 0; i < dom->ndev; i++)
		rte_tel_data_add_array_string(devs, dom->dev_name[i]);
	for (i = 0; i < dom->nmaps; i++) {
		const struct dmaguard_range *m = &dom->maps[i];
		char what[DMAGUARD_WHAT_LEN], pg[16];
		char line[256];

		mapping_what(dom, m, what, sizeof(what));
		dmaguard_fmt_page(pg, sizeof(pg), m->page_sz);
		snprintf(line, sizeof(line), "iova=0x%" PRIx64 " len=0x%"
			 PRIx64 " page=%s perm=%s %s", m->iova, m->len, pg,
			 m->ro ? "ro" : "rw", what);
		line[RTE_TEL_MAX_STRING_LEN - 1] = '\0';
		rte_tel_data_add_array_string(maps, line);
	}
	for (i = 0; i < dom->nregions && i < RTE_TEL_MAX_ARRAY_ENTRIES; i++)
		rte_tel_data_add_array_string(regs, dom->regions[i].label);
	rte_spinlock_unlock(&dom->lock);

	rte_tel_data_add_dict_string(d, "name", dom->name);
	rte_tel_data_add_dict_string(d, "mode", dmaguard_mode_name(dom->mode));
	rte_tel_data_add_dict_int(d, "container", dom->container_fd);
	rte_tel_data_add_dict_container(d, "devices", devs, 0);
	tel_dict_u64(d, "mappings_count", c.mappings);
	tel_dict_u64(d, "mappings_max", DMAGUARD_MAX_MAPPINGS);
	tel_dict_u64(d, "regions_count", c.regions);
	tel_dict_u64(d, "bytes", c.bytes);
	tel_dict_u64(d, "pages_4k", c.pages_4k);
	tel_dict_u64(d, "pages_2m", c.pages_2m);
	tel_dict_u64(d, "pages_1g", c.pages_1g);
	tel_dict_u64(d, "pages_other", c.pages_other);
	tel_dict_u64(d, "maps", c.maps);
	tel_dict_u64(d, "unmaps", c.unmaps);
	tel_dict_u64(d, "map_failures", c.map_failures);
	tel_dict_u64(d, "limit_hits", c.limit_hits);
	tel_dict_u64(d, "lookup_failures", c.lookup_failures);
	/*
	 * Before the mappings: a reply is at most 16 KiB and telemetry
	 * drops what does not fit, which a long mapping list can reach.
	 */
	tel_dict_u64(d, "iommu_faults", fc.faults);
	tel_dict_u64(d, "iommu_fault_reads", fc.reads);
	tel_dict_u64(d, "iommu_fault_writes", fc.writes);
	tel_dict_u64(d, "iommu_faults_not_logged", fc.unlogged);
	tel_dict_u64(d, "kernel_suppressed_faults",
				  fc.kernel_suppressed);
	rte_tel_data_add_dict_string(d, "fault_watch", watch);
	rte_tel_data_add_dict_container(d, "recent_faults", faults, 0);
	rte_tel_data_add_dict_container(d, "mappings", maps, 0);
	rte_tel_data_add_dict_container(d, "regions", regs, 0);
	return 0;
fail:
	rte_tel_data_free(devs);
	rte_tel_data_free(maps);
	rte_tel_data_free(regs);
	rte_tel_data_free(faults);
	return ret;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * "show dma domain <port>": which memory the port's device can reach.
 * For net_ixguard ports, through the function the PMD exports
 * (drivers/net/ixguard/rte_pmd_ixguard.h); every other port is in the EAL's default VFIO
 * container, which maps all of DPDK's memory.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "guardpmd.h"
#include "pmd_sym.h"
#include "rte_pmd_ixguard.h"

#define SHARED_LINE "DMA domain: shared (EAL default container: all DPDK memory)"
#define MAX_SHOWN 256

static const char *
page_name(uint64_t sz, char *buf, size_t len)
{
	if (sz >= (UINT64_C(1) << 30) && sz % (UINT64_C(1) << 30) == 0)
		snprintf(buf, len, "%" PRIu64 "G", sz >> 30);
	else if (sz >= (UINT64_C(1) << 20) && sz % (UINT64_C(1) << 20) == 0)
		snprintf(buf, len, "%" PRIu64 "M", sz >> 20);
	else
		snprintf(buf, len, "%" PRIu64 "K", sz >> 10);
	return buf;
}

/*
 * DMAs of the device the IOMMU refused: net_ixguard's xstat (it reads
 * them from the kernel log; the recent ones are in its telemetry).
 */
static void
show_iommu_faults(FILE *f, uint16_t port_id)
{
	uint64_t id, v;

	if (rte_eth_xstats_get_id_by_name(port_id, "iommu_faults", &id) != 0 ||
	    rte_eth_xstats_get_by_id(port_id, &id, &v, 1) != 1)
		return;
	fprintf(f, "  IOMMU faults: %" PRIu64 " (details: telemetry "
		"/ixguard/dma_domain,%u)\n", v, port_id);
}

void
gp_dma_show(FILE *f, uint16_t port_id)
{
	static struct rte_pmd_ixguard_dma_mapping maps[MAX_SHOWN];
	struct rte_pmd_ixguard_dma_domain d;
	struct rte_eth_dev_info info;
	const struct rte_pmd_ixguard_dma_counters *c = &d.counters;
	char pg[32];
	unsigned int i, n;
	int ret;

	if (!rte_eth_dev_is_valid_port(port_id) ||
	    rte_eth_dev_info_get(port_id, &info)) {
		fprintf(f, "port %u: no such port\n", port_id);
		return;
	}
	fprintf(f, "port %u (%s):\n", port_id, info.driver_name);
	if (strcmp(info.driver_name, "net_ixguard") != 0) {
		fprintf(f, "%s\n", SHARED_LINE);
		return;
	}
	ret = pmd_dma_domain_get(port_id, &d, maps, MAX_SHOWN);
	if (ret == -ENOSYS) {
		fprintf(f, "%s\n", SHARED_LINE);
		fprintf(f, "(net_ixguard does not export %s yet)\n",
			RTE_PMD_IXGUARD_DMA_DOMAIN_GET);
		return;
	}
	if (ret) {
		fprintf(f, "DMA domain: unavailable: %s: %s\n",
			RTE_PMD_IXGUARD_DMA_DOMAIN_GET, strerror(-ret));
		return;
	}
	d.name[sizeof(d.name) - 1] = '\0';
	d.mode[sizeof(d.mode) - 1] = '\0';
	/* The domain is the primary's, and so is the descriptor. */
	fprintf(f, "DMA domain: %s '%s' (container %d%s, %u device%s)\n",
		d.mode, d.name, d.container,
		gp_secondary ? " in the primary" : "", d.nb_devices,
		d.nb_devices == 1 ? "" : "s");
	fprintf(f, "  mappings %" PRIu64 ", regions %" PRIu64 ", bytes %" PRIu64
		", pages 4K:%" PRIu64 " 2M:%" PRIu64 " 1G:%" PRIu64 "\n",
		c->mappings, c->regions, c->bytes, c->pages_4k, c->pages_2m,
		c->pages_1g);
	fprintf(f, "  maps %" PRIu64 ", unmaps %" PRIu64 ", map failures %"
		PRIu64 " (limit %" PRIu64 "), lookup failures %" PRIu64 "\n",
		c->maps, c->unmaps, c->map_failures, c->limit_hits,
		c->lookup_failures);
	n = RTE_MIN(d.nb_mappings, (uint32_t)MAX_SHOWN);
	for (i = 0; i < n; i++) {
		maps[i].what[sizeof(maps[i].what) - 1] = '\0';
		fprintf(f, "  iova=0x%" PRIx64 " len=0x%" PRIx64 " page=%s "
			"perm=%s %s\n", maps[i].iova, maps[i].len,
			page_name(maps[i].page_sz, pg, sizeof(pg)),
			maps[i].writable ? "rw" : "ro", maps[i].what);
	}
	if (d.nb_mappings > n)
		fprintf(f, "  ... %u more\n", d.nb_mappings - n);
	show_iommu_faults(f, port_id);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * DMA confinement of a port (devarg dma_isolation=shared|port|strict|shadow,
 * see doc/dma-confinement.md), on lib/dmaguard.
 *
 * The driver sets its devices up itself (no RTE_PCI_DRV_NEED_MAPPING):
 * the device's IOMMU group must join the port's private container before
 * VFIO hands the device over, and the EAL would otherwise put it in the
 * default container, which maps all DPDK memory, before probe runs.
 *
 *   probe   domain create, attach the group, rte_pci_map_device()
 *   setup   map each ring memzone and each RX mempool; shadow mode: the
 *           queue's shadow buffers instead of the pool (ixguard_shadow.c)
 *   start   seal the domain (strict) and log its summary
 *   TX      port: a segment from an unseen mempool maps that pool first;
 *           strict: a segment outside the domain is dropped and counted
 *           (the burst's walk over each mbuf, ixguard_tx_pkt_check())
 *   stop    after the queues are disabled
 *   close   unmap everything (the device is quiesced)
 *   remove  rte_pci_unmap_device(), destroy the domain
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bus_pci_driver.h>
#include <ethdev_driver.h>
#include <ethdev_pci.h>
#include <rte_eal.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_telemetry.h>

#include "dmaguard.h"
#include "ixguard_dma.h"
#include "ixguard_dmabuf.h"
#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_mp.h"
#include "ixguard_rxtx.h"
#include "rte_pmd_ixguard.h"

/*
 * The domain of each probed device, by PCI device name and by port.  The
 * records and the domains live in shared memory of their own
 * (dmaguard_private_zone()), so that secondary processes read the same
 * counters and mappings; only the primary changes a domain's mappings.
 */
struct ixguard_dma_dev {
	char pci_name[PCI_PRI_STR_SIZE + 1];	/* "": a free record */
	struct dmaguard_domain *dom;
	uint16_t port_id;
	bool has_port;
	uint64_t tx_refused;	/* segments outside the domain (strict) */
	uint64_t faults_base;	/* the domain's fault count at the reset */
};

#define IXGUARD_DMA_ZONE "ixguard_dma_devs"

/* RTE_MAX_ETHPORTS records in the shared zone. */
static struct ixguard_dma_dev *dma_devs;
/* The same, by port id (the TX burst's lookup), in each process. */
static struct ixguard_dma_dev *dma_by_port[RTE_MAX_ETHPORTS];

static int
dma_devs_attach(void)
{
	const struct rte_memzone *mz;

	if (dma_devs != NULL)
		return 0;
	mz = dmaguard_private_zone(IXGUARD_DMA_ZONE,
				   RTE_MAX_ETHPORTS * sizeof(*dma_devs));
	if (mz == NULL)
		return -rte_errno;
	dma_devs = mz->addr;
	return 0;
}

/*
 * The queues' range caches (ixguard_rangecache.h) emptied: ranges only
 * grow while the domain runs, not across a stop.
 */
static void
queue_ranges_reset(struct rte_eth_dev *dev)
{
	uint16_t q;

	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct ixguard_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			ixguard_rc_reset(&txq->adm);
	}
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			ixguard_rc_reset(&rxq->buf_rc);
	}
}

/* The record of a PCI device name ("": a free record), or NULL. */
static struct ixguard_dma_dev *
dma_dev_of_name(const char *name)
{
	unsigned int i;

	if (dma_devs == NULL)
		return NULL;
	for (i = 0; i < RTE_MAX_ETHPORTS; i++)
		if (strcmp(dma_devs[i].pci_name, name) == 0)
			return &dma_devs[i];
	return NULL;
}

static struct ixguard_dma_dev *
dma_dev_of_port(uint16_t port_id)
{
	return port_id < RTE_MAX_ETHPORTS ? dma_by_port[port_id] : NULL;
}

struct dmaguard_domain *
ixguard_dma_domain(uint16_t port_id)
{
	struct ixguard_dma_dev *d = dma_dev_of_port(port_id);

	return d != NULL ? d->dom : NULL;
}

int
ixguard_dma_probe(struct rte_pci_device *pci, enum dmaguard_mode mode)
{
	struct ixguard_dma_dev *d;
	char name[DMAGUARD_NAME_LEN];
	int ret;

	ret = dma_devs_attach();
	if (ret != 0)
		return ret;
	d = dma_dev_of_name("");
	if (d == NULL)
		return -ENOSPC;
	snprintf(name, sizeof(name), "ixguard-%s", pci->device.name);
	d->dom = dmaguard_domain_create(name, mode);
	if (d->dom == NULL) {
		IXG_INIT_LOG(ERR, "%s: cannot create DMA domain (%s mode)",
			     pci->device.name, dmaguard_mode_name(mode));
		return -ENOMEM;
	}
	/* The group joins the private container before VFIO setup. */
	ret = dmaguard_attach_device(d->dom, pci);
	if (ret == 0)
		ret = rte_pci_map_device(pci);
	if (ret != 0) {
		IXG_INIT_LOG(ERR, "%s: cannot set the device up in its DMA "
			     "domain: %d", pci->device.name, ret);
		dmaguard_domain_destroy(d->dom);
		d->dom = NULL;
		return ret < 0 ? ret : -EIO;
	}
	snprintf(d->pci_name, sizeof(d->pci_name), "%s", pci->device.name);
	d->has_port = false;
	d->tx_refused = 0;
	d->faults_base = 0;
	return 0;
}

void
ixguard_dma_remove(struct rte_pci_device *pci)
{
	struct ixguard_dma_dev *d = dma_dev_of_name(pci->device.name);

	if (d == NULL)
		return;
	if (d->has_port && dma_by_port[d->port_id] == d)
		dma_by_port[d->port_id] = NULL;
	/* The port was closed: queues released, nothing mapped. */
	dmaguard_unmap_all(d->dom);
	rte_pci_unmap_device(pci);
	dmaguard_domain_destroy(d->dom);
	memset(d, 0, sizeof(*d));
}

void
ixguard_dma_port_init(struct rte_eth_dev *dev)
{
	struct ixguard_dma_dev *d;

	/* A secondary finds the primary's records (if it has any). */
	if (dma_devs_attach() != 0)
		return;
	d = dma_dev_of_name(RTE_ETH_DEV_TO_PCI(dev)->device.name);
	if (d == NULL)
		return;
	if (rte_eal_process_type() == RTE_PROC_PRIMARY) {
		d->port_id = dev->data->port_id;
		d->has_port = true;
	} else if (!d->has_port || d->port_id != dev->data->port_id) {
		return;
	}
	dma_by_port[d->port_id] = d;
}

/*
 * Strict mode while the port runs: the domain takes no new memory
 * (dmaguard refuses it), yet a queue set up again at run time
 * (RTE_ETH_DEV_CAPA_RUNTIME_*_QUEUE_SETUP) only needs memory the domain
 * has: its ring zone, kept per queue until close, and a mempool mapped
 * before the start.  That is accepted without asking dmaguard; anything
 * new is refused here, with the reason.
 */
static bool
strict_running(struct rte_eth_dev *dev, struct dmaguard_domain *dom)
{
	return dmaguard_domain_mode(dom) == DMAGUARD_MODE_STRICT &&
	       IXG_ADAPTER(dev)->started;
}

int
ixguard_dma_map_zone(struct rte_eth_dev *dev, const struct rte_memzone *mz,
		     const char *label, bool read_only)
{
	struct dmaguard_domain *dom = ixguard_dma_domain(dev->data->port_id);
	int ret;

	if (dom == NULL)
		return 0;
	if (strict_running(dev, dom)) {
		if (dmaguard_contains(dom, mz->iova, mz->len))
			return 0;
		IXG_DRV_LOG(ERR, "port %u: strict mode: the %s is new memory "
			    "and the port runs: set the queue up once before "
			    "rte_eth_dev_start()", dev->data->port_id, label);
		return -EPERM;
	}
	ret = read_only ? dmaguard_map_memzone_ro(dom, mz, label) :
			  dmaguard_map_memzone(dom, mz, label);
	if (ret != 0)
		IXG_DRV_LOG(ERR, "port %u: cannot map the %s into the DMA "
			    "domain: %d", dev->data->port_id, label, ret);
	return ret;
}

int
ixguard_dma_map_pool(struct rte_eth_dev *dev, struct rte_mempool *mp)
{
	struct dmaguard_domain *dom = ixguard_dma_domain(dev->data->port_id);
	int ret;

	if (dom == NULL)
		return 0;
	if (strict_running(dev, dom)) {
		if (dmaguard_has_mempool(dom, mp))
			return 0;
		IXG_DRV_LOG(ERR, "port %u: strict mode: mempool %s is not in "
			    "the DMA domain and the port runs: use a pool the "
			    "port had at rte_eth_dev_start() (a queue's, or "
			    "one given to rte_pmd_ixguard_dma_map_mempool() "
			    "before)",
			    dev->data->port_id, mp->name);
		return -EPERM;
	}
	ret = dmaguard_map_mempool(dom, mp, NULL);
	if (ret != 0)
		IXG_DRV_LOG(ERR, "port %u: cannot map mempool %s into the DMA "
			    "domain: %d", dev->data->port_id, mp->name, ret);
	return ret;
}

int
ixguard_dma_start(struct rte_eth_dev *dev)
{
	struct dmaguard_domain *dom = ixguard_dma_domain(dev->data->port_id);
	char summary[256];
	int ret;

	if (dom == NULL)
		return 0;
	queue_ranges_reset(dev);
	ret = dmaguard_domain_start(dom);
	if (ret != 0) {
		IXG_DRV_LOG(ERR, "port %u: DMA domain start: %d",
			    dev->data->port_id, ret);
		return ret;
	}
	dmaguard_summary(dom, summary, sizeof(summary));
	IXG_DRV_LOG(NOTICE, "port %u: %s", dev->data->port_id, summary);
	return 0;
}

void
ixguard_dma_stop(struct rte_eth_dev *dev)
{
	struct dmaguard_domain *dom = ixguard_dma_domain(dev->data->port_id);

	/* The caller disabled the queues: the device no longer DMAs. */
	if (dom != NULL) {
		queue_ranges_reset(dev);
		dmaguard_domain_stop(dom);
	}
}

void
ixguard_dma_close(struct rte_eth_dev *dev)
{
	struct dmaguard_domain *dom = ixguard_dma_domain(dev->data->port_id);
	int ret;

	if (dom == NULL)
		return;
	ret = dmaguard_unmap_all(dom);
	if (ret != 0)
		IXG_DRV_LOG(WARNING, "port %u: DMA domain not unmapped: %d",
			    dev->data->port_id, ret);
}

uint32_t
ixguard_dma_path_class(struct rte_eth_dev *dev)
{
	struct dmaguard_domain *dom = ixguard_dma_domain(dev->data->port_id);

	if (dom == NULL || dmaguard_domain_mode(dom) == DMAGUARD_MODE_SHARED)
		return IXGUARD_PATH_DMA_DIRECT;
	if (dmaguard_domain_mode(dom) == DMAGUARD_MODE_SHADOW)
		return IXGUARD_PATH_DMA_SHADOW;
	return IXGUARD_PATH_DMA_CHECKED;
}

uint64_t
ixguard_dma_tx_refused(struct rte_eth_dev *dev)
{
	struct ixguard_dma_dev *d = dma_dev_of_port(dev->data->port_id);

	return d != NULL ? d->tx_refused : 0;
}

static uint64_t
domain_faults(struct ixguard_dma_dev *d)
{
	struct dmaguard_fault_counters c;

	return dmaguard_faults_get(d->dom, &c) == 0 ? c.faults : 0;
}

uint64_t
ixguard_dma_iommu_faults(struct rte_eth_dev *dev)
{
	struct ixguard_dma_dev *d = dma_dev_of_port(dev->data->port_id);

	return d != NULL ? domain_faults(d) - d->faults_base : 0;
}

void
ixguard_dma_stats_reset(struct rte_eth_dev *dev)
{
	struct ixguard_dma_dev *d = dma_dev_of_port(dev->data->port_id);

	if (d != NULL) {
		d->tx_refused = 0;
		d->faults_base = domain_faults(d);
	}
}

/*
 * A secondary process transmits from memory outside the domain (its own
 * pool, seen for the first time): in port mode the primary, which owns
 * the container, maps the pool on request; strict mode refuses it (the
 * refusal's log line says why).
 */
static bool
secondary_admit(struct ixguard_dma_dev *d, uint16_t port_id,
		struct rte_mbuf *seg)
{
	struct rte_mempool *mp;

	if (likely(dmaguard_contains(d->dom, rte_mbuf_data_iova(seg),
				     seg->data_len)))
		return true;
	if (dmaguard_domain_mode(d->dom) != DMAGUARD_MODE_PORT ||
	    RTE_MBUF_HAS_EXTBUF(seg))
		return false;
	mp = RTE_MBUF_CLONED(seg) ? rte_mbuf_from_indirect(seg)->pool :
				    seg->pool;
	if (mp == NULL || ixguard_mp_map_pool(port_id, mp) != 0)
		return false;
	return dmaguard_contains(d->dom, rte_mbuf_data_iova(seg),
				 seg->data_len);
}

bool
ixguard_dma_tx_admit(struct ixguard_tx_queue *txq, struct rte_mbuf *seg)
{
	struct ixguard_dma_dev *d = dma_by_port[txq->port_id];
	rte_iova_t iova = rte_mbuf_data_iova(seg);

	/* Not a confined port (the path would not be chosen): admitted. */
	if (unlikely(d == NULL))
		return true;
	if (seg->data_len == 0)
		return false;
	if (unlikely(rte_eal_process_type() != RTE_PROC_PRIMARY)) {
		if (!secondary_admit(d, txq->port_id, seg))
			return false;
	} else if (dmaguard_admit_mbuf(d->dom, seg) != 0) {
		return false;
	}
	/* Remember its range (a span of two ranges is not kept). */
	ixguard_rc_fill(&txq->adm, d->dom, iova, iova + seg->data_len - 1);
	return true;
}

/*
 * A packet whose data the domain does not hold (after mapping its pool,
 * in port mode) never reaches a descriptor: the burst frees it and
 * reports it as sent.
 */
void
ixguard_dma_tx_refuse(struct ixguard_tx_queue *txq,
		      const struct rte_mbuf *pkt)
{
	struct ixguard_dma_dev *d = dma_by_port[txq->port_id];

	if (d == NULL)
		return;
	ixguard_dmabuf_tx_refused(txq, d->dom, pkt);
	d->tx_refused++;
}

bool
ixguard_dma_tx_bounce(struct ixguard_tx_queue *txq,
		      const struct rte_mbuf *pkt)
{
	struct ixguard_dma_dev *d = dma_by_port[txq->port_id];

	if (d == NULL || txq->shadow == NULL ||
	    !ixguard_dmabuf_tx_bounceable(txq, d->dom, pkt))
		return false;
	txq->bounced++;
	return true;
}

int
rte_pmd_ixguard_dma_domain_get(uint16_t port_id,
			       struct rte_pmd_ixguard_dma_domain *d)
{
	struct dmaguard_domain *dom;
	struct dmaguard_counters c;
	struct dmaguard_mapping *maps = NULL;
	unsigned int i, n;
	int nb;

	if (d == NULL || (d->max_mappings != 0 && d->mappings == NULL))
		return -EINVAL;
	if (d->version != RTE_PMD_IXGUARD_DMA_API_VERSION)
		return -ENOTSUP;
	dom = ixguard_dma_domain(port_id);
	if (dom == NULL)
		return -ENODEV;
	snprintf(d->name, sizeof(d->name), "%s", dmaguard_domain_name(dom));
	snprintf(d->mode, sizeof(d->mode), "%s",
		 dmaguard_mode_name(dmaguard_domain_mode(dom)));
	d->container = dmaguard_domain_container(dom);
	d->nb_devices = 0;
	for (i = 0; dma_devs != NULL && i < RTE_MAX_ETHPORTS; i++)
		d->nb_devices += dma_devs[i].pci_name[0] != '\0' &&
				 dma_devs[i].dom == dom;
	if (dmaguard_counters_get(dom, &c) != 0)
		return -EIO;
	RTE_BUILD_BUG_ON(sizeof(c) != sizeof(d->counters));
	memcpy(&d->counters, &c, sizeof(c));
	if (d->max_mappings != 0) {
		maps = calloc(d->max_mappings, sizeof(*maps));
		if (maps == NULL)
			return -ENOMEM;
	}
	nb = dmaguard_mappings(dom, maps, d->max_mappings);
	if (nb < 0) {
		free(maps);
		return nb;
	}
	d->nb_mappings = (uint32_t)nb;
	n = RTE_MIN((unsigned int)nb, d->max_mappings);
	for (i = 0; i < n; i++) {
		d->mappings[i].iova = maps[i].iova;
		d->mappings[i].len = maps[i].len;
		d->mappings[i].va = maps[i].va;
		d->mappings[i].page_sz = maps[i].page_sz;
		d->mappings[i].writable = maps[i].writable;
		snprintf(d->mappings[i].what, sizeof(d->mappings[i].what),
			 "%s", maps[i].what);
	}
	free(maps);
	return 0;
}

/*
 * Shadow mode never maps application memory: the packets are copied to
 * and from the queues' own buffers, so a registration needs nothing.
 */
static bool
registration_unneeded(struct dmaguard_domain *dom, uint16_t port_id,
		      const char *what)
{
	if (dmaguard_domain_mode(dom) != DMAGUARD_MODE_SHADOW)
		return false;
	IXG_DRV_LOG(INFO, "port %u: shadow mode: %s not mapped (packets are "
		    "copied through the queues' own buffers)", port_id, what);
	return true;
}

int
rte_pmd_ixguard_dma_map_mempool(uint16_t port_id, struct rte_mempool *mp)
{
	struct dmaguard_domain *dom = ixguard_dma_domain(port_id);

	if (mp == NULL)
		return -EINVAL;
	if (dom == NULL)
		return -ENODEV;
	if (registration_unneeded(dom, port_id, mp->name))
		return 0;
	/* The primary owns the container (port mode maps on request). */
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return ixguard_mp_map_pool(port_id, mp);
	/* Transmit memory: read-only until a receive queue takes the pool. */
	return dmaguard_map_mempool_tx(dom, mp, NULL);
}

int
rte_pmd_ixguard_dma_map_external(uint16_t port_id, void *va, uint64_t iova,
				 size_t len)
{
	struct dmaguard_domain *dom = ixguard_dma_domain(port_id);

	if (va == NULL || len == 0)
		return -EINVAL;
	if (dom == NULL)
		return -ENODEV;
	if (registration_unneeded(dom, port_id, "external buffer"))
		return 0;
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return -EPERM;	/* not a pool the primary can look up */
	/*
	 * Page size 0: DPDK memory, or 4 KiB pages for memory it lacks.
	 * The device only reads what it sends: read-only for it.
	 */
	return dmaguard_map_external_tx(dom, va, iova, len,
		rte_mem_virt2memseg_list(va) != NULL ? 0 : 4096, "external");
}

/* /ixguard/dma_domain,<port_id> */
static int
telemetry_dma_domain(const char *cmd __rte_unused, const char *params,
		     struct rte_tel_data *d)
{
	struct dmaguard_domain *dom;
	unsigned long port;
	char *end;

	if (params == NULL || *params == '\0')
		return -EINVAL;
	port = strtoul(params, &end, 0);
	if (*end != '\0' || port >= RTE_MAX_ETHPORTS)
		return -EINVAL;
	dom = ixguard_dma_domain((uint16_t)port);
	if (dom == NULL)
		return -ENODEV;
	return dmaguard_telemetry_fill(dom, d);
}

RTE_INIT(ixguard_dma_telemetry)
{
	rte_telemetry_register_cmd("/ixguard/dma_domain", telemetry_dma_domain,
		"The DMA domain of an ixguard port: mappings and counters. "
		"Parameters: int port_id");
}

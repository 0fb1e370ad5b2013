/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The memory a port's device may reach, and shadow buffers (devarg
 * dma_isolation=shadow, see doc/dma-confinement.md).
 *
 * Every zone the device may touch (rings, shadow buffers) is reserved
 * 4 KiB aligned and in whole pages, so that its IOMMU mapping holds
 * nothing else: not the heap element header DPDK puts in front of a
 * memzone, not the next element.  A zone stays reserved (and mapped)
 * until the port is closed: a queue set up again reuses it, and its pages
 * never return to the heap while the device can still reach them.
 *
 * In shadow mode the device never gets a mapping of the application's
 * mempools (whose pages hold mbuf headers, mempool headers and packets
 * already delivered).  Each RX queue owns one buffer per descriptor
 * (read-write for the device), each TX queue one 2 KiB slot and one
 * 128-byte slot per descriptor (read-only for the device).  The burst
 * functions copy each received frame, once its write-back has been
 * checked, into an mbuf of the application's pool, and each packet to
 * send into the TX slots (ixguard_rxtx_scalar.c).
 */
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_eal.h>
#include <rte_memzone.h>

#include "ixguard_dma.h"
#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_rxtx.h"
#include "ixguard_shadow.h"

#define PAGE_4K		4096u
/* Names tried for a zone that must grow: "<what>", "<what>1", ... */
#define ZONE_GENERATIONS	8

bool
ixguard_shadow_mode(struct rte_eth_dev *dev)
{
	return IXG_ADAPTER(dev)->devargs.dma_isolation == DMAGUARD_MODE_SHADOW;
}

bool
ixguard_shadow_tx_wanted(struct rte_eth_dev *dev)
{
	return IXG_ADAPTER(dev)->devargs.dma_isolation != DMAGUARD_MODE_SHARED;
}

static bool
zone_kept(struct ixguard_adapter *ad, const struct rte_memzone *mz)
{
	unsigned int i;

	for (i = 0; i < ad->nb_dma_zones; i++)
		if (ad->dma_zones[i] == mz)
			return true;
	return false;
}

const struct rte_memzone *
ixguard_dma_zone(struct rte_eth_dev *dev, const char *what, uint16_t qid,
		 size_t len, bool big_pages, unsigned int socket)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	/*
	 * Whole hugepages map as hugepages: no IOTLB cost per 4 KiB.  A
	 * zone under half a hugepage is not worth one (128 RX and 64 TX
	 * queues with small rings would take 192 hugepages a port).
	 */
	size_t align = big_pages && rte_eal_has_hugepages() &&
		       len >= RTE_PGSIZE_2M / 2 ? RTE_PGSIZE_2M : PAGE_4K;
	/* Longer than a memzone name: a truncated one finds nothing. */
	char name[RTE_MEMZONE_NAMESIZE], full[2 * RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	unsigned int gen;

	len = RTE_ALIGN_CEIL(len, align);
	for (gen = 0; gen < ZONE_GENERATIONS; gen++) {
		if (gen == 0)
			snprintf(name, sizeof(name), "%s", what);
		else
			snprintf(name, sizeof(name), "%s%u", what, gen);
		/* rte_eth_dma_zone_reserve()'s name; too small: grow. */
		snprintf(full, sizeof(full), "eth_p%u_q%u_%s",
			 dev->data->port_id, qid, name);
		mz = rte_memzone_lookup(full);
		if (mz != NULL && (mz->len < len ||
				   (mz->addr_64 & (align - 1)) != 0))
			continue;
		mz = rte_eth_dma_zone_reserve(dev, name, qid, len,
					      (unsigned int)align, socket);
		if (mz == NULL)
			break;
		if (!zone_kept(ad, mz)) {
			if (ad->nb_dma_zones == RTE_DIM(ad->dma_zones)) {
				IXG_DRV_LOG(ERR, "port %u: more than %zu DMA "
					    "zones: close the port first",
					    dev->data->port_id,
					    RTE_DIM(ad->dma_zones));
				rte_memzone_free(mz);
				return NULL;
			}
			ad->dma_zones[ad->nb_dma_zones++] = mz;
		}
		return mz;
	}
	IXG_DRV_LOG(ERR, "port %u q%u: cannot reserve %zu bytes for %s",
		    dev->data->port_id, qid, len, what);
	return NULL;
}

void
ixguard_dma_zones_free(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	unsigned int i;

	/* The domain no longer maps them (ixguard_dma_close()). */
	for (i = 0; i < ad->nb_dma_zones; i++)
		rte_memzone_free(ad->dma_zones[i]);
	ad->nb_dma_zones = 0;
}

/* Reserve and map a queue's shadow buffers; their address in *va, *iova. */
static int
shadow_setup(struct rte_eth_dev *dev, bool tx, uint16_t qid, size_t len,
	     unsigned int socket, uint8_t **va, rte_iova_t *iova)
{
	const struct rte_memzone *mz;
	char label[DMAGUARD_LABEL_LEN];

	mz = ixguard_dma_zone(dev, tx ? "ixguard_tx_shadow" :
			      "ixguard_rx_shadow", qid, len, true, socket);
	if (mz == NULL)
		return -ENOMEM;
	/* The device only reads what it sends: a write is a fault. */
	snprintf(label, sizeof(label), "%s shadow q%u", tx ? "tx" : "rx", qid);
	if (ixguard_dma_map_zone(dev, mz, label, tx) != 0)
		return -EIO;
	*va = mz->addr;
	*iova = mz->iova;
	return 0;
}

int
ixguard_shadow_rx_setup(struct rte_eth_dev *dev, struct ixguard_rx_queue *rxq,
			unsigned int socket)
{
	rxq->shadow_stride = rxq->buf_len + IXGUARD_RX_SHADOW_GAP;
	return shadow_setup(dev, false, rxq->queue_id,
			    (size_t)rxq->nb_desc * rxq->shadow_stride, socket,
			    &rxq->shadow, &rxq->shadow_iova);
}

/* The 2 KiB slots, then from the next 4 KiB page the small ones. */
int
ixguard_shadow_tx_setup(struct rte_eth_dev *dev, struct ixguard_tx_queue *txq,
			unsigned int socket)
{
	size_t small_off = RTE_ALIGN_CEIL((size_t)txq->nb_desc *
					  IXGUARD_TX_SHADOW_STRIDE, PAGE_4K);
	int ret;

	ret = shadow_setup(dev, true, txq->queue_id, small_off +
			   (size_t)txq->nb_desc * IXGUARD_TX_SMALL_SLOT,
			   socket, &txq->shadow, &txq->shadow_iova);
	if (ret != 0)
		return ret;
	txq->shadow_small = txq->shadow + small_off;
	return 0;
}

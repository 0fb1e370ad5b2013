/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/* DMA confinement of a port (ixguard_dma.c). */
#ifndef IXGUARD_DMA_H
#define IXGUARD_DMA_H

#include <stdbool.h>
#include <stdint.h>

#include "dmaguard.h"

struct rte_eth_dev;
struct rte_memzone;
struct rte_mempool;
struct rte_mbuf;
struct rte_pci_device;

/* Probe/remove: the device is set up inside its domain. */
int ixguard_dma_probe(struct rte_pci_device *pci, enum dmaguard_mode mode);
void ixguard_dma_remove(struct rte_pci_device *pci);
void ixguard_dma_port_init(struct rte_eth_dev *dev);

struct dmaguard_domain *ixguard_dma_domain(uint16_t port_id);

/* Queue setup (port stopped). */
int ixguard_dma_map_zone(struct rte_eth_dev *dev, const struct rte_memzone *mz,
			 const char *label, bool read_only);
int ixguard_dma_map_pool(struct rte_eth_dev *dev, struct rte_mempool *mp);

int ixguard_dma_start(struct rte_eth_dev *dev);
void ixguard_dma_stop(struct rte_eth_dev *dev);
void ixguard_dma_close(struct rte_eth_dev *dev);

/* The port's DMA mode as the burst paths see it (IXGUARD_PATH_DMA_*). */
uint32_t ixguard_dma_path_class(struct rte_eth_dev *dev);
/*
 * TX burst, port and strict modes (ixguard_tx_seg_admitted()): a segment
 * outside the ranges the queue's cache holds.  Admits it (port mode maps
 * its pool) and remembers its range in the queue's cache; false: outside
 * the domain.
 */
struct ixguard_tx_queue;
bool ixguard_dma_tx_admit(struct ixguard_tx_queue *txq, struct rte_mbuf *seg);
/* A packet refused for that: counted and logged (the caller frees it). */
void ixguard_dma_tx_refuse(struct ixguard_tx_queue *txq,
			   const struct rte_mbuf *pkt);
uint64_t ixguard_dma_tx_refused(struct rte_eth_dev *dev);
/*
 * A refused packet the queue may copy into its read-only TX slots
 * instead (bounce): its segments outside the domain are all buffers of a
 * pinned external-buffer pool the domain holds, in the pages their areas
 * share with other memory (never mapped).  Logs the first bounce of the
 * queue.
 */
bool ixguard_dma_tx_bounce(struct ixguard_tx_queue *txq,
			   const struct rte_mbuf *pkt);
/* DMAs of the port's device the IOMMU refused (the kernel's fault log). */
uint64_t ixguard_dma_iommu_faults(struct rte_eth_dev *dev);
/* Both counters back to zero (stats and xstats reset). */
void ixguard_dma_stats_reset(struct rte_eth_dev *dev);

#endif /* IXGUARD_DMA_H */

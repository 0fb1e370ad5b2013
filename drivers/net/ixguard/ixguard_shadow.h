/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/* Device-reachable zones and shadow buffers (ixguard_shadow.c). */
#ifndef IXGUARD_SHADOW_H
#define IXGUARD_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rte_eth_dev;
struct rte_memzone;
struct ixguard_rx_queue;
struct ixguard_tx_queue;

/* dma_isolation=shadow: the device reaches driver-owned buffers only. */
bool ixguard_shadow_mode(struct rte_eth_dev *dev);

/*
 * A zone the device may reach, for queue qid: page-aligned, whole pages
 * (whole 2 MiB hugepages if big_pages and the EAL has hugepages), kept
 * until ixguard_dma_zones_free().  Reused when the queue is set up again;
 * a bigger one is reserved under another name when it must grow.
 */
const struct rte_memzone *ixguard_dma_zone(struct rte_eth_dev *dev,
					   const char *what, uint16_t qid,
					   size_t len, bool big_pages,
					   unsigned int socket);
/* At close, after the domain was unmapped. */
void ixguard_dma_zones_free(struct rte_eth_dev *dev);

/* Queue setup in shadow mode: reserve and map the queue's buffers. */
int ixguard_shadow_rx_setup(struct rte_eth_dev *dev,
			    struct ixguard_rx_queue *rxq, unsigned int socket);
/*
 * Does a TX queue get read-only slots?  In shadow mode every packet is
 * copied into them; in port and strict modes the packets in pages that a
 * pinned external-buffer pool shares with other memory (never mapped).
 */
bool ixguard_shadow_tx_wanted(struct rte_eth_dev *dev);
int ixguard_shadow_tx_setup(struct rte_eth_dev *dev,
			    struct ixguard_tx_queue *txq, unsigned int socket);

#endif /* IXGUARD_SHADOW_H */

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/* Queues the device stopped after a DMA error (ixguard_qguard.c). */
#ifndef IXGUARD_QGUARD_H
#define IXGUARD_QGUARD_H

#include <stdint.h>

#include <rte_branch_prediction.h>

struct rte_eth_dev;

/* dev_start (queues running) and dev_stop (before the queues stop). */
void ixguard_qguard_start(struct rte_eth_dev *dev);
void ixguard_qguard_stop(struct rte_eth_dev *dev);

/* xstats rx_queue_dma_errors, tx_queue_dma_errors. */
uint64_t ixguard_qguard_rx_errors(struct rte_eth_dev *dev);
uint64_t ixguard_qguard_tx_errors(struct rte_eth_dev *dev);
void ixguard_qguard_reset(struct rte_eth_dev *dev);

/* The ethdev queue start/stop ops, serialised with the watch. */
int ixguard_qguard_rx_queue_start(struct rte_eth_dev *dev, uint16_t q);
int ixguard_qguard_rx_queue_stop(struct rte_eth_dev *dev, uint16_t q);
int ixguard_qguard_tx_queue_start(struct rte_eth_dev *dev, uint16_t q);
int ixguard_qguard_tx_queue_stop(struct rte_eth_dev *dev, uint16_t q);

uint16_t ixguard_qguard_fenced(uint32_t *fence, uint32_t *ack);

/*
 * At the top of a burst: while the control path rebuilds the queue, the
 * burst acknowledges the fence and returns 0.  One load of a field of
 * the queue structure; no register access.
 */
#define IXGUARD_QGUARD_CHECK(q) do {					\
	if (unlikely(__atomic_load_n(&(q)->fence, __ATOMIC_ACQUIRE)))	\
		return ixguard_qguard_fenced(&(q)->fence,		\
					     &(q)->fence_ack);		\
} while (0)

#endif /* IXGUARD_QGUARD_H */

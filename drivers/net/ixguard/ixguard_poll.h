/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Polling helpers (ixguard_poll.c): RX queue fill level, the address
 * rte_power's monitor mode sleeps on, TX completion on demand, and
 * extended statistics by id.
 */
#ifndef IXGUARD_POLL_H
#define IXGUARD_POLL_H

#include <stdbool.h>
#include <stdint.h>

#include <ethdev_driver.h>

struct ixguard_rx_queue;

/*
 * Has the device written back posted RX descriptor d?  DD set, and dword
 * 0-1 no longer the buffer address it was posted with (read after DD):
 * the burst's test (ixguard_rx_wb_forged()), without its counting.
 */
bool ixguard_rx_desc_written(const struct ixguard_rx_queue *rxq, uint16_t d);

/* dev->rx_queue_count: written-back descriptors waiting at next. */
uint32_t ixguard_rx_queue_count(void *rxq);
/* eth_dev_ops.get_monitor_addr: the status word of the next descriptor. */
int ixguard_get_monitor_addr(void *rxq, struct rte_power_monitor_cond *pmc);
/* eth_dev_ops.tx_done_cleanup: mbufs of completed descriptors freed. */
int ixguard_tx_done_cleanup(void *txq, uint32_t free_cnt);
/* eth_dev_ops.xstats_get_by_id / xstats_get_names_by_id. */
int ixguard_xstats_get_by_id(struct rte_eth_dev *dev, const uint64_t *ids,
			     uint64_t *values, unsigned int n);
int ixguard_xstats_get_names_by_id(struct rte_eth_dev *dev,
				   const uint64_t *ids,
				   struct rte_eth_xstat_name *names,
				   unsigned int n);

#endif /* IXGUARD_POLL_H */

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Polling helpers: how many received descriptors wait in an RX queue
 * (rte_eth_rx_queue_count(), used by l3fwd-power to pick a sleep), the
 * address rte_power's monitor mode sleeps on (rte_eth_get_monitor_addr()),
 * TX completion on demand (rte_eth_tx_done_cleanup()) and extended
 * statistics by id.
 *
 * The first three read the rings the device writes.  The same rules as
 * the burst functions hold (ixguard_rxtx_common.h): no register is read,
 * only descriptors we posted are looked at (a count never exceeds the
 * posted ones, so never the ring), and of a write-back only DD is
 * believed, with the same check that the write-back really replaced the
 * buffer address we posted (RX) or left the reserved status bits clear
 * (TX).  Lengths and other fields are never read here.  They keep the
 * queues' own state (next, nb_hold, tail; clean, rs_fifo, nb_free), which
 * the scalar and the vector paths, in every DMA mode, keep alike, so the
 * answers do not depend on the burst path.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_malloc.h>
#include <ethdev_driver.h>

#include "ixguard_ethdev.h"
#include "ixguard_poll.h"
#include "ixguard_qguard.h"
#include "ixguard_rxtx.h"
#include "ixguard_rxtx_common.h"

/* ---- RX queue count ---------------------------------------------------- */

/*
 * Descriptors from rxq->next on that the device has written back, in
 * ring order, up to the first that it has not: the frames (buffers) the
 * next bursts will find.  At most the posted descriptors (nb_desc - 1 -
 * nb_hold), so a device that sets DD everywhere cannot push the count
 * past what it was given.  A descriptor with DD next to the address we
 * posted was not written back (ixguard_rx_wb_forged()): the count stops
 * there, as the burst does.  Zero while the queue is stopped or being
 * rebuilt (ixguard_qguard.c).
 */
bool
ixguard_rx_desc_written(const struct ixguard_rx_queue *rxq, uint16_t d)
{
	volatile union ix_adv_rx_desc *desc = &rxq->ring[d];
	rte_iova_t posted;

	if (!((uint32_t)desc->q[1] & IX_RXD_STAT_DD))
		return false;
	rte_smp_rmb();		/* dword 0-1 after DD */
	posted = rxq->shadow != NULL ?
		 ixguard_rx_posted_iova(rxq, d, true) :
		 ixguard_rx_posted_iova(rxq, d, false);
	return desc->q[0] != posted;
}

uint32_t
ixguard_rx_queue_count(void *queue)
{
	struct ixguard_rx_queue *rxq = queue;
	uint16_t n, hw_max, posted, d, k;

	if (rxq == NULL || !rxq->started ||
	    __atomic_load_n(&rxq->fence, __ATOMIC_ACQUIRE) != 0)
		return 0;
	n = rxq->nb_desc;
	hw_max = n - IXGUARD_RX_HOLD;
	if (rxq->nb_hold >= hw_max)
		return 0;
	posted = hw_max - rxq->nb_hold;
	d = rxq->next;
	for (k = 0; k < posted && ixguard_rx_desc_written(rxq, d); k++)
		d = d + 1 == n ? 0 : d + 1;
	return k;
}

/* ---- Power management: monitor address -------------------------------- */

/*
 * rte_power's monitor callback: 'val' is the status word read at the
 * monitored address.  opaque[0] is the DD mask: DD set, a frame (or the
 * device's claim of one) is there, do not sleep (-1).  A mask of 0 never
 * lets the lcore sleep (see below).
 */
static int
ixguard_monitor_clb(const uint64_t val,
		    const uint64_t opaque[RTE_POWER_MONITOR_OPAQUE_SZ])
{
	return (val & opaque[0]) == opaque[0] ? -1 : 0;
}

/*
 * The status word (dword 2) of the descriptor the next burst looks at:
 * its write-back is the next thing the device writes to this queue.  The
 * word lies in the ring, memory of ours the device may write; the lcore
 * only waits on it, and whatever the device writes there at most wakes
 * the lcore, whose burst then checks the descriptor as always.
 *
 * When no descriptor is posted (all consumed, the pool could not refill
 * them: only a burst retries the refill), or while the queue is stopped
 * or being rebuilt, no write may come: the condition then never allows
 * sleep (mask 0), and the lcore keeps polling.
 */
int
ixguard_get_monitor_addr(void *queue, struct rte_power_monitor_cond *pmc)
{
	struct ixguard_rx_queue *rxq = queue;
	uint16_t next;

	if (rxq == NULL || pmc == NULL)
		return -EINVAL;
	next = rxq->next;
	if (next >= rxq->nb_desc)
		return -EINVAL;
	pmc->addr = &rxq->ring[next].wb.status_error;
	pmc->size = sizeof(uint32_t);
	pmc->fn = ixguard_monitor_clb;
	memset(pmc->opaque, 0, sizeof(pmc->opaque));
	if (rxq->started && rxq->nb_hold < rxq->nb_desc - IXGUARD_RX_HOLD &&
	    __atomic_load_n(&rxq->fence, __ATOMIC_ACQUIRE) == 0)
		pmc->opaque[0] = rte_cpu_to_le_32(IX_RXD_STAT_DD);
	return 0;
}

/* ---- TX completion on demand ------------------------------------------ */

/*
 * Free the mbufs of descriptors the device reported done, oldest first,
 * up to free_cnt mbufs (0: all).  The device reports completion on the
 * descriptors that carry RS (one every tx_rs_thresh descriptors), so the
 * packets queued after the last RS descriptor stay until a later RS
 * covers them: they are not reported sent.  A batch may be freed in part
 * (free_cnt reached): clean moves into it and the rest of the batch goes
 * with its RS descriptor later (ixguard_tx_cleanup() starts at clean).
 *
 * Returns the number of mbufs (segments) freed: the number of packets
 * for single-segment packets.  In shadow mode the mbufs were freed when
 * their data was copied (the burst), so only descriptors come back and
 * 0 is returned.  The forged write-back check is the burst's: DD next to
 * reserved status bits is counted once and nothing past it is freed.
 * Like a burst, it must not run at the same time as a burst on the queue.
 */
int
ixguard_tx_done_cleanup(void *queue, uint32_t free_cnt)
{
	struct ixguard_tx_queue *txq = queue;
	uint32_t freed;

	if (txq == NULL)
		return -EINVAL;
	IXGUARD_QGUARD_CHECK(txq);
	if (!txq->started)
		return 0;
	if (free_cnt == 0)
		free_cnt = UINT32_MAX;
	freed = ixguard_tx_cleanup_walk(txq, free_cnt, true);
	return (int)RTE_MIN(freed, (uint32_t)INT32_MAX);
}

/* ---- Extended statistics by id ---------------------------------------- */

/*
 * The ids are those of ixguard_xstats_get() (the ethdev layer removes
 * its own basic statistics from them first).  All are read at once, as
 * ixguard_xstats_get() reads them (the MAC counters clear on read and are
 * accumulated), and the asked ones picked out; an id out of range fails
 * the whole call with -EINVAL.
 */
/* Every id below total (the number of xstats)? */
static bool
ids_in_range(const uint64_t *ids, unsigned int n, int total)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ids[i] >= (uint64_t)total)
			return false;
	return true;
}

int
ixguard_xstats_get_by_id(struct rte_eth_dev *dev, const uint64_t *ids,
			 uint64_t *values, unsigned int n)
{
	struct rte_eth_xstat *all;
	unsigned int i;
	int total, ret;

	total = ixguard_xstats_get(dev, NULL, 0);
	if (ids == NULL) {
		if (values == NULL || n < (unsigned int)total)
			return total;
	} else {
		if (values == NULL)
			return -EINVAL;
		if (!ids_in_range(ids, n, total))
			return -EINVAL;
	}
	all = malloc(sizeof(*all) * total);
	if (all == NULL)
		return -ENOMEM;
	ret = ixguard_xstats_get(dev, all, total);
	if (ret == total) {
		if (ids == NULL) {
			for (i = 0; i < (unsigned int)total; i++)
				values[i] = all[i].value;
			ret = total;
		} else {
			for (i = 0; i < n; i++)
				values[i] = all[ids[i]].value;
			ret = (int)n;
		}
	} else if (ret >= 0) {
		ret = -EIO;
	}
	free(all);
	return ret;
}

int
ixguard_xstats_get_names_by_id(struct rte_eth_dev *dev, const uint64_t *ids,
			       struct rte_eth_xstat_name *names,
			       unsigned int n)
{
	struct rte_eth_xstat_name *all;
	unsigned int i;
	int total, ret;

	total = ixguard_xstats_get_names(dev, NULL, 0);
	if (ids == NULL)
		return ixguard_xstats_get_names(dev, names, n);
	if (names == NULL)
		return -EINVAL;
	if (!ids_in_range(ids, n, total))
		return -EINVAL;
	all = malloc(sizeof(*all) * total);
	if (all == NULL)
		return -ENOMEM;
	ret = ixguard_xstats_get_names(dev, all, total);
	if (ret == total) {
		for (i = 0; i < n; i++)
			names[i] = all[ids[i]];
		ret = (int)n;
	} else if (ret >= 0) {
		ret = -EIO;
	}
	free(all);
	return ret;
}

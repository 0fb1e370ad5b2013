/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Queue lifecycle: RXDCTL/TXDCTL.ENABLE handshake, ring latching and the
 * poll loop.
 *
 * The queue registers are plain memory, so an enable is only visible when
 * we look.  Running queues are checked on every use (one load); stopped
 * queues are rescanned every IXM_DP_SCAN_INTERVAL polls (every
 * IXM_DP_SCAN_INTERVAL_BUSY polls while frames flow), and an RX queue
 * is also checked when a frame is steered to it.  The driver polls the
 * ENABLE bit back, which reads back at once (the register is memory), as
 * the 82599 allows the bit to read 1 before the queue is active
 * (§4.6.7.1, §4.6.8.1: software must not rely on it for ordering).
 */
#include <string.h>

#include "ixm_priv.h"
#include "ix82599_regs.h"

/*
 * Translate a whole descriptor ring.  Rings are both read (descriptors)
 * and written (write-back) by the device, so both permissions must hold.
 */
static void *
ring_map(struct ixm_dev *dev, uint64_t iova, size_t len)
{
	void *p;

	if (dev->host.dma_ptr(dev->host.ctx, iova, len, IXM_DMA_READ) == NULL)
		return NULL;
	p = dev->host.dma_ptr(dev->host.ctx, iova, len, IXM_DMA_WRITE);
	return p;
}

static bool
rxq_start(struct ixm_dev *dev, unsigned int q)
{
	struct ixm_dp *dp = &dev->dp;
	struct ixm_dp_rxq *rxq = &dp->rxq[q];
	uint64_t base;
	uint32_t len, head;

	base = ((uint64_t)ixm_rd(dev, IX_RDBAH(q)) << 32) |
	       (ixm_rd(dev, IX_RDBAL(q)) & IX_RDBAL_MASK);
	len = ixm_rd(dev, IX_RDLEN(q)) & IX_RDLEN_MASK;
	ixm_dp_audit(dev, base, len, "rx ring");
	rxq->ring = NULL;
	rxq->ring_iova = base;
	rxq->ndesc = len / IX_RXD_SIZE;
	if (len == 0 || (rxq->ring = ring_map(dev, base, len)) == NULL) {
		rxq->state = IXM_Q_FAULT;
		rxq->ring = NULL;
		dp->cnt.ring_faults++;
		return false;
	}
	head = ixm_rd(dev, IX_RDH(q)) & 0xFFFFu;
	rxq->head = head < rxq->ndesc ? head : 0;
	rxq->state = IXM_Q_RUN;
	dp->rx_run[q >> 6] |= 1ull << (q & 63);
	return true;
}

static void
rxq_stop(struct ixm_dev *dev, unsigned int q, uint8_t state)
{
	struct ixm_dp_rxq *rxq = &dev->dp.rxq[q];

	rxq->state = state;
	rxq->ring = NULL;
	dev->dp.rx_run[q >> 6] &= ~(1ull << (q & 63));
}

/*
 * Is RX queue q able to take a frame?  Picks up enables and disables the
 * driver made since we last looked, and a head reset the driver does
 * right after enabling (ixgbe writes RDH=0 after RXDCTL.ENABLE).
 */
bool
ixm_dp_rxq_check(struct ixm_dev *dev, unsigned int q)
{
	struct ixm_dp_rxq *rxq = &dev->dp.rxq[q];
	uint32_t ctl = ixm_rd(dev, IX_RXDCTL(q));
	uint32_t rdh;

	if (rxq->state == IXM_Q_RUN) {
		if (!(ctl & IX_RXDCTL_ENABLE)) {
			rxq_stop(dev, q, IXM_Q_OFF);
			return false;
		}
		rdh = ixm_rd(dev, IX_RDH(q));
		if (rdh != rxq->head)
			rxq->head = rdh < rxq->ndesc ? rdh : 0;
		return true;
	}
	if (!(ctl & IX_RXDCTL_ENABLE)) {
		rxq->state = IXM_Q_OFF;	/* a faulted queue may retry now */
		return false;
	}
	if (rxq->state == IXM_Q_FAULT)
		return false;
	return rxq_start(dev, q);
}

static bool
txq_start(struct ixm_dev *dev, unsigned int q)
{
	struct ixm_dp *dp = &dev->dp;
	struct ixm_dp_txq *txq = &dp->txq[q];
	uint64_t base;
	uint32_t len, head;

	base = ((uint64_t)ixm_rd(dev, IX_TDBAH(q)) << 32) |
	       (ixm_rd(dev, IX_TDBAL(q)) & IX_TDBAL_MASK);
	len = ixm_rd(dev, IX_TDLEN(q)) & IX_TDLEN_MASK;
	ixm_dp_audit(dev, base, len, "tx ring");
	txq->ring_iova = base;
	txq->ndesc = len / IX_TXD_SIZE;
	txq->ring = NULL;
	memset(txq->ctx, 0, sizeof(txq->ctx));
	if (len == 0 || (txq->ring = ring_map(dev, base, len)) == NULL) {
		txq->state = IXM_Q_FAULT;
		txq->ring = NULL;
		dp->cnt.ring_faults++;
		return false;
	}
	head = ixm_rd(dev, IX_TDH(q)) & 0xFFFFu;
	txq->head = head < txq->ndesc ? head : 0;
	txq->state = IXM_Q_RUN;
	dp->tx_run[dp->n_tx_run++] = (uint8_t)q;
	return true;
}

static void
txq_stop(struct ixm_dev *dev, unsigned int q, uint8_t state)
{
	struct ixm_dp *dp = &dev->dp;
	unsigned int i;

	dp->txq[q].state = state;
	dp->txq[q].ring = NULL;
	for (i = 0; i < dp->n_tx_run; i++) {
		if (dp->tx_run[i] == q) {
			dp->tx_run[i] = dp->tx_run[--dp->n_tx_run];
			break;
		}
	}
}

/*
 * A DMA of the queue was refused by the IOMMU.  The queue stops where it
 * is, as the 82599 stops a queue whose DMA completes with an error: no
 * write-back of the frame involved, and ENABLE reads back 0 so the driver
 * can see it; re-enabling restarts the queue.
 */
void
ixm_dp_queue_fault(struct ixm_dev *dev, unsigned int q, bool tx)
{
	struct ixm_dp *dp = &dev->dp;

	/*
	 * ENABLE is cleared here, so the driver setting it again is a
	 * restart: the queue is off, not faulted.
	 */
	dp->cnt.queue_faults++;
	if (tx) {
		txq_stop(dev, q, IXM_Q_OFF);
		ixm_wr(dev, IX_TXDCTL(q),
		       ixm_rd(dev, IX_TXDCTL(q)) & ~IX_TXDCTL_ENABLE);
	} else {
		rxq_stop(dev, q, IXM_Q_OFF);
		ixm_wr(dev, IX_RXDCTL(q),
		       ixm_rd(dev, IX_RXDCTL(q)) & ~IX_RXDCTL_ENABLE);
	}
}

/*
 * The IOMMU dropped mappings: translate the rings of the running queues
 * again, so that the device never uses a translation it cached before an
 * unmap.  A ring that is no longer mapped faults now, as the device's next
 * descriptor fetch would.
 */
void
ixm_dma_invalidate(struct ixm_dev *dev)
{
	struct ixm_dp *dp = &dev->dp;
	unsigned int q;

	for (q = 0; q < IX_NUM_RX_QUEUES; q++) {
		struct ixm_dp_rxq *rxq = &dp->rxq[q];

		if (rxq->state != IXM_Q_RUN)
			continue;
		/* Disabled by the driver since our last look: not a fault. */
		if (!(ixm_rd(dev, IX_RXDCTL(q)) & IX_RXDCTL_ENABLE)) {
			rxq_stop(dev, q, IXM_Q_OFF);
			continue;
		}
		rxq->ring = ring_map(dev, rxq->ring_iova,
				     rxq->ndesc * IX_RXD_SIZE);
		if (rxq->ring == NULL)
			ixm_dp_queue_fault(dev, q, false);
	}
	for (q = 0; q < IX_NUM_TX_QUEUES; q++) {
		struct ixm_dp_txq *txq = &dp->txq[q];

		if (txq->state != IXM_Q_RUN)
			continue;
		if (!(ixm_rd(dev, IX_TXDCTL(q)) & IX_TXDCTL_ENABLE)) {
			txq_stop(dev, q, IXM_Q_OFF);
			continue;
		}
		txq->ring = ring_map(dev, txq->ring_iova,
				     txq->ndesc * IX_TXD_SIZE);
		if (txq->ring == NULL)
			ixm_dp_queue_fault(dev, q, true);
	}
}

/* Same as ixm_dp_rxq_check() for a TX queue. */
static bool
txq_check(struct ixm_dev *dev, unsigned int q)
{
	struct ixm_dp_txq *txq = &dev->dp.txq[q];
	uint32_t ctl = ixm_rd(dev, IX_TXDCTL(q));

	if (txq->state == IXM_Q_RUN) {
		if (!(ctl & IX_TXDCTL_ENABLE)) {
			txq_stop(dev, q, IXM_Q_OFF);
			return false;
		}
		return true;
	}
	if (!(ctl & IX_TXDCTL_ENABLE)) {
		txq->state = IXM_Q_OFF;
		return false;
	}
	if (txq->state == IXM_Q_FAULT)
		return false;
	return txq_start(dev, q);
}

/* Called from the TX poll for each running queue; false if it stopped. */
bool
ixm_dp_txq_check(struct ixm_dev *dev, unsigned int q)
{
	return txq_check(dev, q);
}

/* Was running RX queue q stopped and restarted with another ring? */
static void
rxq_recheck(struct ixm_dev *dev, unsigned int q)
{
	struct ixm_dp_rxq *rxq = &dev->dp.rxq[q];
	uint32_t len = ixm_rd(dev, IX_RDLEN(q)) & IX_RDLEN_MASK;
	uint64_t base = ((uint64_t)ixm_rd(dev, IX_RDBAH(q)) << 32) |
			(ixm_rd(dev, IX_RDBAL(q)) & IX_RDBAL_MASK);

	if (base != rxq->ring_iova || len != rxq->ndesc * IX_RXD_SIZE)
		rxq_stop(dev, q, IXM_Q_OFF);
	ixm_dp_rxq_check(dev, q);
}

static void
txq_recheck(struct ixm_dev *dev, unsigned int q)
{
	struct ixm_dp_txq *txq = &dev->dp.txq[q];
	uint32_t len = ixm_rd(dev, IX_TDLEN(q)) & IX_TDLEN_MASK;
	uint64_t base = ((uint64_t)ixm_rd(dev, IX_TDBAH(q)) << 32) |
			(ixm_rd(dev, IX_TDBAL(q)) & IX_TDBAL_MASK);

	if (base != txq->ring_iova || len != txq->ndesc * IX_TXD_SIZE)
		txq_stop(dev, q, IXM_Q_OFF);
	txq_check(dev, q);
}

/*
 * A running queue whose base or length registers changed was stopped and
 * restarted behind our back (between two looks): latch it again.  Only
 * the running queues, so this is cheap enough for every scan interval.
 */
void
ixm_dp_scan_running(struct ixm_dev *dev)
{
	struct ixm_dp *dp = &dev->dp;
	unsigned int i, w;

	for (w = 0; w < 2; w++) {
		uint64_t run = dp->rx_run[w];

		while (run != 0) {
			unsigned int q = w * 64u +
					 (unsigned int)__builtin_ctzll(run);

			run &= run - 1;
			rxq_recheck(dev, q);
		}
	}
	/* Backwards: a stopped queue is replaced by the (visited) last one. */
	for (i = dp->n_tx_run; i-- > 0;)
		txq_recheck(dev, dp->tx_run[i]);
}

/* Look for ENABLE transitions on every queue, and ring changes. */
void
ixm_dp_scan_queues(struct ixm_dev *dev)
{
	struct ixm_dp *dp = &dev->dp;
	unsigned int q;

	for (q = 0; q < IX_NUM_RX_QUEUES; q++) {
		if (dp->rxq[q].state == IXM_Q_RUN)
			rxq_recheck(dev, q);
		else
			ixm_dp_rxq_check(dev, q);
	}
	for (q = 0; q < IX_NUM_TX_QUEUES; q++) {
		if (dp->txq[q].state == IXM_Q_RUN)
			txq_recheck(dev, q);
		else
			txq_check(dev, q);
	}
}

static inline void
stat(struct ixm_dev *dev, uint32_t reg, uint64_t v)
{
	if (v != 0)
		ixm_stat_add(dev, reg, v);
}

static void
flush_common(struct ixm_dev *dev, struct ixm_dp_stats *st, bool rx)
{
	static const uint32_t rx_size[6] = {
		IX_PRC64, IX_PRC127, IX_PRC255, IX_PRC511, IX_PRC1023,
		IX_PRC1522,
	};
	static const uint32_t tx_size[6] = {
		IX_PTC64, IX_PTC127, IX_PTC255, IX_PTC511, IX_PTC1023,
		IX_PTC1522,
	};
	unsigned int i;

	stat(dev, rx ? IX_GPRC : IX_GPTC, st->pkts);
	stat(dev, rx ? IX_GORCL : IX_GOTCL, st->octets);
	stat(dev, rx ? IX_TPR : IX_TPT, st->tot_pkts);
	if (rx)
		stat(dev, IX_TORL, st->tot_octets);
	stat(dev, rx ? IX_MPRC : IX_MPTC, st->mcast);
	stat(dev, rx ? IX_BPRC : IX_BPTC, st->bcast);
	for (i = 0; i < 6; i++)
		stat(dev, rx ? rx_size[i] : tx_size[i], st->size[i]);
	while (st->q_dirty != 0) {
		i = (unsigned int)__builtin_ctz(st->q_dirty);
		st->q_dirty &= st->q_dirty - 1;
		stat(dev, rx ? IX_QPRC(i) : IX_QPTC(i), st->q_pkts[i]);
		stat(dev, rx ? IX_QBRC_L(i) : IX_QBTC_L(i), st->q_octets[i]);
		if (rx)
			stat(dev, IX_QPRDC(i), st->q_drops[i]);
		st->q_pkts[i] = st->q_octets[i] = st->q_drops[i] = 0;
	}
	if (rx) {
		/* §8.2.3.23: MPC is kept per packet buffer; we have one. */
		stat(dev, IX_MPC(0), st->missed);
		stat(dev, IX_ROC, st->oversize);
		stat(dev, IX_RUC, st->undersize);
	}
	st->pkts = st->octets = st->tot_pkts = st->tot_octets = 0;
	st->mcast = st->bcast = st->missed = st->oversize = 0;
	st->undersize = 0;
	memset(st->size, 0, sizeof(st->size));
	st->dirty = false;
}

void
ixm_dp_stats_flush(struct ixm_dev *dev)
{
	if (dev->dp.rx_st.dirty)
		flush_common(dev, &dev->dp.rx_st, true);
	if (dev->dp.tx_st.dirty)
		flush_common(dev, &dev->dp.tx_st, false);
}

void
ixm_dp_count_drop(struct ixm_dev *dev, unsigned int q)
{
	struct ixm_dp_stats *st = &dev->dp.rx_st;
	unsigned int idx = ixm_dp_qsm_index(dev, IX_RQSMR(0), q);

	st->missed++;
	st->q_drops[idx]++;
	st->q_dirty |= 1u << idx;
	st->dirty = true;
}

const struct ixm_dp_counters *
ixm_dp_counters(const struct ixm_dev *dev)
{
	return &dev->dp.cnt;
}

void
ixm_dp_reset(struct ixm_dev *dev)
{
	struct ixm_dp *dp = &dev->dp;
	unsigned int q;

	for (q = 0; q < IX_NUM_RX_QUEUES; q++) {
		dp->rxq[q].state = IXM_Q_OFF;
		dp->rxq[q].ring = NULL;
		dp->rxq[q].head = 0;
	}
	for (q = 0; q < IX_NUM_TX_QUEUES; q++) {
		dp->txq[q].state = IXM_Q_OFF;
		dp->txq[q].ring = NULL;
		dp->txq[q].head = 0;
		memset(dp->txq[q].ctx, 0, sizeof(dp->txq[q].ctx));
	}
	dp->n_tx_run = 0;
	dp->rx_run[0] = dp->rx_run[1] = 0;
	ixm_forge_reset(dev);
	/* Pending counts belong to the pre-reset counters: drop them. */
	memset(&dp->rx_st, 0, sizeof(dp->rx_st));
	memset(&dp->tx_st, 0, sizeof(dp->tx_st));
	dp->rss_tbl_valid = false;
	ixm_dp_rx_fifo_reset(dev);
	ixm_dp_qfilter_reset(dev);
	ixm_dp_fdir_reset(dev);
	/*
	 * The queue registers themselves are back at their reset values
	 * already (ixm_reg_reset(), §8.2.3.8, §8.2.3.9), and so are the
	 * per-queue statistic slots that share their pages.
	 */
}

void
ixm_dp_init(struct ixm_dev *dev)
{
	memset(&dev->dp, 0, sizeof(dev->dp));
	ixm_hostile_seed(dev, dev->cfg.hostile_seed);
	ixm_dp_reset(dev);
}

uint64_t
ixm_hostile_count(const struct ixm_dev *dev)
{
	return dev->dp.cnt.hostile_writebacks;
}

unsigned int
ixm_poll(struct ixm_dev *dev)
{
	struct ixm_dp *dp = &dev->dp;
	unsigned int n;

	/*
	 * The full scan touches every queue's registers (256 cache lines):
	 * while frames flow it runs 16 times less often, so that its cost
	 * stays small per frame; the running queues' rings are still
	 * checked at the usual interval.
	 */
	if (++dp->polls % IXM_DP_SCAN_INTERVAL == 0) {
		if (!dp->busy ||
		    dp->polls % IXM_DP_SCAN_INTERVAL_BUSY == 0)
			ixm_dp_scan_queues(dev);
		else
			ixm_dp_scan_running(dev);
	}
	if (ixm_forge_busy(dp))
		ixm_forge_poll(dev);
	if (dp->rx_fifo.frames != 0)
		ixm_dp_rx_drain(dev);
	n = ixm_dp_tx_poll(dev);
	/*
	 * Counts are handed to the statistics registers in batches: every
	 * few rounds, when idle, and before any statistics register is read
	 * (ixm_stats_read), so a driver always reads exact values.
	 */
	if (n == 0 || (dp->polls & 63) == 0)
		ixm_dp_stats_flush(dev);
	dp->busy = n != 0;
	return n;
}

/*
 * For the platform's frame sources (pcap replay): offering a frame now
 * cannot lose it for lack of packet buffer.  Room for two maximal entries,
 * because an entry that does not fit before the end of the buffer skips
 * the rest of it.
 */
bool
ixm_rx_ready(const struct ixm_dev *dev)
{
	const struct ixm_dp *dp = &dev->dp;

	return ixm_link_up(dev) && ixm_ctrl_rx_enabled(dev) &&
	       (dp->rx_run[0] | dp->rx_run[1]) != 0 &&
	       dp->rx_fifo.used + 2u * (8u + IXM_DP_BUF_SIZE) <=
	       IXM_DP_RX_FIFO_SIZE;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Queues the device stopped.  When the IOMMU refuses a DMA of a queue (a
 * buffer or ring address outside the port's domain, a forged descriptor),
 * the 82599 stops that queue: RXDCTL/TXDCTL.ENABLE reads 0 and the queue
 * makes no further DMA.  The datapath reads no registers, so it cannot
 * see this; the control path does:
 *
 *   watch    an EAL alarm, every IXGUARD_QGUARD_PERIOD_US per started
 *            port, reads RXDCTL/TXDCTL of every queue the driver started
 *            and compares ENABLE with what it expects.  An alarm rather
 *            than a check on stats reads: recovery must not depend on
 *            the application polling statistics (testpmd forwarding does
 *            not), and the cost is one register read per queue every
 *            100 ms, from the interrupt thread.
 *   count    rx_queue_dma_errors / tx_queue_dma_errors (xstats); one log
 *            line per event.
 *   fence    the burst functions see queue->fence set and return 0 after
 *            acknowledging it (fence_ack), so the ring can be rebuilt
 *            without racing the lcore that polls the queue.  No lcore
 *            acknowledges a queue nobody polls: after a grace period
 *            (IXGUARD_QGUARD_GRACE_US) the queue is restarted anyway.
 *   restart  the queue is stopped in software (its mbufs freed, the ring
 *            cleared) and started again (ring refilled from the pool,
 *            registers programmed, ENABLE set), then the fence lifted.
 *            A restart that fails (pool empty) is retried every period.
 *
 * The same watch ends a TX queue's wait on a forged completion.  The
 * burst takes DD next to reserved status bits for a lie about a
 * descriptor not yet sent, and waits for the real write-back
 * (ixguard_tx_cleanup).  If the lie was written over a descriptor the
 * device had already finished, no write-back will come and the queue
 * would wait for good.  TDH tells: when the wait has lasted a whole
 * period and the device's head has passed the descriptor, the queue is
 * fenced and, with its lcore out of the way, the descriptor's status is
 * rewritten as the write-back should have left it (DD alone), so the
 * burst frees its buffers and goes on.
 *
 * Application calls that start or stop a queue at run time take the same
 * per-port lock as the alarm (ixguard_qguard_{rx,tx}_queue_{start,stop}).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_alarm.h>
#include <rte_errno.h>
#include <rte_memzone.h>
#include <rte_cycles.h>
#include <rte_spinlock.h>
#include <ethdev_driver.h>

#include "dmaguard.h"
#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_qguard.h"
#include "ixguard_rxtx.h"

#define IXGUARD_QGUARD_PERIOD_US	100000	/* watch period */
#define IXGUARD_QGUARD_FAST_US		1000	/* while a fence is pending */
#define IXGUARD_QGUARD_GRACE_US		100000	/* no ack: restart anyway */

struct qguard_q {
	uint32_t gen;		/* fence generation set, 0: none */
	uint64_t since;		/* TSC when fenced */
	bool failed;		/* restart failed, logged once */
	bool repair;		/* TX: fenced to end a forged wait */
	uint8_t stuck;		/* TX: periods seen stuck on a forgery */
};

struct qguard_port {
	rte_spinlock_t lock;
	bool armed;		/* alarm set (port started) */
	uint32_t next_gen;
	uint64_t rx_errors;	/* RX queues the device stopped */
	uint64_t tx_errors;	/* TX queues the device stopped */
	struct qguard_q rx[IXGUARD_MAX_RX_QUEUES];
	struct qguard_q tx[IXGUARD_MAX_TX_QUEUES];
};

/*
 * Per port, in shared memory of its own (dmaguard_private_zone()): a
 * secondary process's xstats read the primary's counts.  Should the
 * zone be missing (the primary could not reserve it), each process
 * counts alone.
 */
#define QGUARD_ZONE "ixguard_qguard"
static struct qguard_port *qguard;
static struct qguard_port qguard_local[RTE_MAX_ETHPORTS];

static void qguard_alarm(void *arg);

static struct qguard_port *
qg_of(const struct rte_eth_dev *dev)
{
	struct qguard_port *qg = __atomic_load_n(&qguard, __ATOMIC_ACQUIRE);

	if (unlikely(qg == NULL)) {
		const struct rte_memzone *mz = dmaguard_private_zone(
			QGUARD_ZONE, RTE_MAX_ETHPORTS * sizeof(*qg));

		if (mz == NULL)
			IXG_DRV_LOG(WARNING, "queue guard counters: no shared "
				    "zone (%s), counted per process",
				    rte_strerror(rte_errno));
		qg = mz != NULL ? mz->addr : qguard_local;
		__atomic_store_n(&qguard, qg, __ATOMIC_RELEASE);
	}
	return &qg[dev->data->port_id];
}

static uint32_t
qg_gen(struct qguard_port *qg)
{
	if (++qg->next_gen == 0)
		qg->next_gen = 1;
	return qg->next_gen;
}

static bool
grace_over(const struct qguard_q *s)
{
	return rte_get_timer_cycles() - s->since >=
	       rte_get_timer_hz() / (1000000 / IXGUARD_QGUARD_GRACE_US);
}

/* Rebuild an RX queue the device stopped; the fence is held. */
static int
rx_restart(struct rte_eth_dev *dev, uint16_t q)
{
	struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

	/* ENABLE already reads 0 and the queue makes no DMA: skip the
	 * disable handshake, free the posted mbufs and clear the ring. */
	rxq->started = false;
	ixguard_rx_queue_stop(dev, q);
	return ixguard_rx_queue_start(dev, q);
}

static int
tx_restart(struct rte_eth_dev *dev, uint16_t q)
{
	struct ixguard_tx_queue *txq = dev->data->tx_queues[q];

	/* No drain: the device will not send what is left.  The mbufs of
	 * the descriptors it never sent are freed with the ring. */
	txq->started = false;
	ixguard_tx_queue_stop(dev, q);
	return ixguard_tx_queue_start(dev, q);
}

/*
 * TX: is the burst waiting on a forged completion of a descriptor the
 * device has finished (its head, TDH, is past it)?  Read without the
 * burst's cooperation, this is a hint; it is checked again under the
 * fence before anything is written.
 */
static bool
tx_stuck_on_forgery(struct rte_eth_dev *dev, struct ixguard_tx_queue *txq,
		    uint16_t *desc)
{
	const uint16_t n = txq->nb_desc;
	uint16_t clean = txq->clean, end;
	uint32_t head;

	if (!__atomic_load_n(&txq->forged_wait, __ATOMIC_ACQUIRE) ||
	    txq->rs_count == 0)
		return false;
	end = txq->rs_fifo[txq->rs_head];
	head = ixg_read(IXG_HW(dev), IX_TDH(txq->reg_idx));
	if (head >= n || end >= n || clean >= n)
		return false;
	/* Done: end lies in [clean, head), going round the ring. */
	if ((uint16_t)((end + n - clean) % n) >=
	    (uint16_t)((head + n - clean) % n))
		return false;
	*desc = end;
	return true;
}

/* The fence is held: rewrite the forged status as a write-back leaves it. */
static void
tx_repair(struct rte_eth_dev *dev, uint16_t q)
{
	struct ixguard_tx_queue *txq = dev->data->tx_queues[q];
	uint16_t d;

	if (!tx_stuck_on_forgery(dev, txq, &d))
		return;		/* the real write-back came after all */
	txq->ring[d].wb.status = IX_TXD_STAT_DD;
	IXG_DRV_LOG(WARNING, "port %u txq %u: descriptor %u was sent, but "
		    "its write-back carries reserved bits (forged?); taken "
		    "as done, as the device's head has passed it "
		    "(tx_forged_writebacks=%" PRIu64 ")", dev->data->port_id,
		    q, d, txq->forged_wb);
}

/* TX, not fenced: fence a queue stuck on a forgery for a whole period. */
static bool
tx_watch_forgery(struct rte_eth_dev *dev, uint16_t q, struct qguard_q *s)
{
	uint16_t d;

	if (!tx_stuck_on_forgery(dev, dev->data->tx_queues[q], &d)) {
		s->stuck = 0;
		return false;
	}
	if (++s->stuck < 2)
		return false;
	s->stuck = 0;
	s->repair = true;
	s->gen = qg_gen(qg_of(dev));
	s->since = rte_get_timer_cycles();
	__atomic_store_n(&((struct ixguard_tx_queue *)
			   dev->data->tx_queues[q])->fence, s->gen,
			 __ATOMIC_RELEASE);
	return true;
}

/*
 * One queue: returns true while it still needs the fast period.
 * started: the driver's view; 'fence'/'fence_ack' live in the queue.
 */
static bool
qguard_one(struct rte_eth_dev *dev, uint16_t q, bool tx, struct qguard_q *s)
{
	struct qguard_port *qg = qg_of(dev);
	struct ixguard_hw *hw = IXG_HW(dev);
	struct ixguard_rx_queue *rxq = NULL;
	struct ixguard_tx_queue *txq = NULL;
	uint32_t *fence, *ack;
	uint16_t reg;
	int ret;

	if (tx) {
		txq = dev->data->tx_queues[q];
		if (txq == NULL)
			return false;
		fence = &txq->fence;
		ack = &txq->fence_ack;
		reg = txq->reg_idx;
	} else {
		rxq = dev->data->rx_queues[q];
		if (rxq == NULL)
			return false;
		fence = &rxq->fence;
		ack = &rxq->fence_ack;
		reg = rxq->reg_idx;
	}

	if (s->gen == 0) {
		bool started = tx ? txq->started : rxq->started;
		uint32_t ctl;

		if (!started)
			return false;
		ctl = tx ? ixg_read(hw, IX_TXDCTL(reg)) :
			   ixg_read(hw, IX_RXDCTL(reg));
		if (ctl & (tx ? IX_TXDCTL_ENABLE : IX_RXDCTL_ENABLE))
			return tx && tx_watch_forgery(dev, q, s);
		/* The device stopped a queue the driver runs. */
		if (tx)
			qg->tx_errors++;
		else
			qg->rx_errors++;
		IXG_DRV_LOG(WARNING, "port %u %sq %u: stopped by the device "
			    "(DMA error, refused by the IOMMU?); restarting "
			    "it (%s_queue_dma_errors=%" PRIu64 ")",
			    dev->data->port_id, tx ? "tx" : "rx", q,
			    tx ? "tx" : "rx",
			    tx ? qg->tx_errors : qg->rx_errors);
		s->gen = qg_gen(qg);
		s->since = rte_get_timer_cycles();
		s->failed = false;
		__atomic_store_n(fence, s->gen, __ATOMIC_RELEASE);
		return true;
	}

	/* Fenced: wait for the polling lcore to acknowledge, or the grace. */
	if (__atomic_load_n(ack, __ATOMIC_ACQUIRE) != s->gen && !grace_over(s))
		return true;
	if (s->repair) {
		tx_repair(dev, q);
		s->repair = false;
		s->gen = 0;
		__atomic_store_n(fence, 0, __ATOMIC_RELEASE);
		return false;
	}
	ret = tx ? tx_restart(dev, q) : rx_restart(dev, q);
	if (ret != 0) {
		if (!s->failed)
			IXG_DRV_LOG(ERR, "port %u %sq %u: restart after the "
				    "DMA error failed (%d), retrying",
				    dev->data->port_id, tx ? "tx" : "rx", q,
				    ret);
		s->failed = true;
		return false;	/* retried at the normal period */
	}
	s->gen = 0;
	s->failed = false;
	__atomic_store_n(fence, 0, __ATOMIC_RELEASE);
	return false;
}

static void
qguard_alarm(void *arg)
{
	struct rte_eth_dev *dev = arg;
	struct qguard_port *qg = qg_of(dev);
	bool fast = false;
	uint16_t q;

	if (!rte_spinlock_trylock(&qg->lock)) {
		fast = true;	/* a queue start/stop is running: soon */
		goto rearm;
	}
	if (!qg->armed) {
		rte_spinlock_unlock(&qg->lock);
		return;
	}
	for (q = 0; q < dev->data->nb_rx_queues && q < IXGUARD_MAX_RX_QUEUES;
	     q++)
		fast |= qguard_one(dev, q, false, &qg->rx[q]);
	for (q = 0; q < dev->data->nb_tx_queues && q < IXGUARD_MAX_TX_QUEUES;
	     q++)
		fast |= qguard_one(dev, q, true, &qg->tx[q]);
	rte_spinlock_unlock(&qg->lock);
rearm:
	if (rte_eal_alarm_set(fast ? IXGUARD_QGUARD_FAST_US :
			      IXGUARD_QGUARD_PERIOD_US, qguard_alarm, dev) != 0)
		IXG_DRV_LOG(ERR, "port %u: cannot re-arm the queue watch",
			    dev->data->port_id);
}

void
ixguard_qguard_start(struct rte_eth_dev *dev)
{
	struct qguard_port *qg = qg_of(dev);

	rte_spinlock_lock(&qg->lock);
	memset(qg->rx, 0, sizeof(qg->rx));
	memset(qg->tx, 0, sizeof(qg->tx));
	qg->armed = rte_eal_alarm_set(IXGUARD_QGUARD_PERIOD_US, qguard_alarm,
				      dev) == 0;
	rte_spinlock_unlock(&qg->lock);
	if (!qg->armed)
		IXG_DRV_LOG(WARNING, "port %u: no queue watch: queues the "
			    "device stops are not restarted",
			    dev->data->port_id);
}

/* Before the queues are stopped; waits for a running callback. */
void
ixguard_qguard_stop(struct rte_eth_dev *dev)
{
	struct qguard_port *qg = qg_of(dev);
	uint16_t q;

	rte_spinlock_lock(&qg->lock);
	qg->armed = false;
	rte_spinlock_unlock(&qg->lock);
	rte_eal_alarm_cancel(qguard_alarm, dev);
	/* Fences left pending: the queues are stopped and reset next. */
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			__atomic_store_n(&rxq->fence, 0, __ATOMIC_RELEASE);
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct ixguard_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			__atomic_store_n(&txq->fence, 0, __ATOMIC_RELEASE);
	}
	memset(qg->rx, 0, sizeof(qg->rx));
	memset(qg->tx, 0, sizeof(qg->tx));
}

uint64_t
ixguard_qguard_rx_errors(struct rte_eth_dev *dev)
{
	return qg_of(dev)->rx_errors;
}

uint64_t
ixguard_qguard_tx_errors(struct rte_eth_dev *dev)
{
	return qg_of(dev)->tx_errors;
}

void
ixguard_qguard_reset(struct rte_eth_dev *dev)
{
	struct qguard_port *qg = qg_of(dev);

	qg->rx_errors = 0;
	qg->tx_errors = 0;
}

/* A queue the application starts or stops is no longer ours to fix. */
static void
qguard_forget(struct rte_eth_dev *dev, uint16_t q, bool tx)
{
	struct qguard_port *qg = qg_of(dev);

	if (tx) {
		struct ixguard_tx_queue *txq = dev->data->tx_queues[q];

		if (q < IXGUARD_MAX_TX_QUEUES)
			memset(&qg->tx[q], 0, sizeof(qg->tx[q]));
		if (txq != NULL)
			__atomic_store_n(&txq->fence, 0, __ATOMIC_RELEASE);
	} else {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (q < IXGUARD_MAX_RX_QUEUES)
			memset(&qg->rx[q], 0, sizeof(qg->rx[q]));
		if (rxq != NULL)
			__atomic_store_n(&rxq->fence, 0, __ATOMIC_RELEASE);
	}
}

int
ixguard_qguard_rx_queue_start(struct rte_eth_dev *dev, uint16_t q)
{
	struct qguard_port *qg = qg_of(dev);
	int ret;

	rte_spinlock_lock(&qg->lock);
	ret = ixguard_rx_queue_start(dev, q);
	qguard_forget(dev, q, false);
	rte_spinlock_unlock(&qg->lock);
	return ret;
}

int
ixguard_qguard_rx_queue_stop(struct rte_eth_dev *dev, uint16_t q)
{
	struct qguard_port *qg = qg_of(dev);
	int ret;

	rte_spinlock_lock(&qg->lock);
	ret = ixguard_rx_queue_stop(dev, q);
	qguard_forget(dev, q, false);
	rte_spinlock_unlock(&qg->lock);
	return ret;
}

int
ixguard_qguard_tx_queue_start(struct rte_eth_dev *dev, uint16_t q)
{
	struct qguard_port *qg = qg_of(dev);
	int ret;

	rte_spinlock_lock(&qg->lock);
	ret = ixguard_tx_queue_start(dev, q);
	qguard_forget(dev, q, true);
	rte_spinlock_unlock(&qg->lock);
	return ret;
}

int
ixguard_qguard_tx_queue_stop(struct rte_eth_dev *dev, uint16_t q)
{
	struct qguard_port *qg = qg_of(dev);
	int ret;

	rte_spinlock_lock(&qg->lock);
	ret = ixguard_tx_queue_stop(dev, q);
	qguard_forget(dev, q, true);
	rte_spinlock_unlock(&qg->lock);
	return ret;
}

/* Burst side of a fence (rare): acknowledge, touch nothing else. */
uint16_t
ixguard_qguard_fenced(uint32_t *fence, uint32_t *ack)
{
	__atomic_store_n(ack, __atomic_load_n(fence, __ATOMIC_ACQUIRE),
			 __ATOMIC_RELEASE);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Internal interface between the parts of the 82599 model.
 *
 * The control plane (ixm_ctrl.h: registers, reset, EEPROM, PHY/SFP,
 * interrupts, statistics) and the datapath (ixm_dp.h: queues, descriptors,
 * filters, RSS, offloads) each keep their own state and talk through the
 * functions declared in their headers.  Configuration registers that both
 * need live in the BAR0 memory itself (dev->regs), which is the register
 * file.
 */
#ifndef IXM_PRIV_H
#define IXM_PRIV_H

#include <time.h>

#include "ix82599_regs.h"
#include "ixm.h"
#include "ixm_ctrl.h"
#include "ixm_dp.h"

struct ixm_dev {
	struct ixm_config cfg;
	struct ixm_host_ops host;
	/* BAR0 register file (the model's view of the driver's BAR0). */
	volatile uint32_t *regs;
	/* BAR4: MSI-X table and PBA. */
	volatile uint32_t *msix;
	struct ixm_ctrl ctrl;
	struct ixm_dp dp;
};

/* CLOCK_MONOTONIC, for the model's timers (EITR, held TX queues). */
static inline uint64_t
ixm_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint32_t
ixm_rd(const struct ixm_dev *dev, uint32_t off)
{
	return dev->regs[off >> 2];
}

static inline void
ixm_wr(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	dev->regs[off >> 2] = val;
}

/* Tell the platform's DMA audit about an address the driver programmed. */
static inline void
ixm_dp_audit(struct ixm_dev *dev, uint64_t iova, size_t len,
	     const char *what)
{
	if (dev->host.audit_addr != NULL)
		dev->host.audit_addr(dev->host.ctx, iova, len, what);
}

/* RXCTRL.RXEN and no security block holding RX (ixm_ctrl_rx_enabled). */
static inline bool
ixm_dp_rx_on(const struct ixm_dev *dev)
{
	return (ixm_rd(dev, IX_RXCTRL) & IX_RXCTRL_RXEN) &&
	       !(ixm_rd(dev, IX_SECRXCTRL) & IX_SECRXCTRL_RX_DIS);
}

/*
 * Per-frame forms of ixm_dp_rxq_check()/ixm_dp_txq_check(): the common
 * case (queue running, still enabled, head not rewritten) costs two or
 * three loads; anything else takes the full check.
 */
static inline bool
ixm_dp_rxq_ready(struct ixm_dev *dev, unsigned int q)
{
	const struct ixm_dp_rxq *rxq = &dev->dp.rxq[q];

	if (rxq->state == IXM_Q_RUN &&
	    (ixm_rd(dev, IX_RXDCTL(q)) & IX_RXDCTL_ENABLE) &&
	    ixm_rd(dev, IX_RDH(q)) == rxq->head)
		return true;
	return ixm_dp_rxq_check(dev, q);
}

static inline bool
ixm_dp_txq_ready(struct ixm_dev *dev, unsigned int q)
{
	if (dev->dp.txq[q].state == IXM_Q_RUN &&
	    (ixm_rd(dev, IX_TXDCTL(q)) & IX_TXDCTL_ENABLE))
		return true;
	return ixm_dp_txq_check(dev, q);
}

/* Stat counter index (0-15) the RQSMR/TQSM registers map queue q to. */
static inline unsigned int
ixm_dp_qsm_index(const struct ixm_dev *dev, uint32_t reg0, unsigned int q)
{
	return (ixm_rd(dev, reg0 + (q >> 2) * 4u) >> ((q & 3u) * 8u)) &
	       IX_QSM_INDEX_MASK;
}

/*
 * Account one frame.  bytes is what the per-queue and (RX) good octet
 * counters see, wire_len the size with FCS.  queued is false for an RX
 * frame dropped for lack of descriptors: GPRC still counts it.
 */
static inline void
ixm_dp_count(struct ixm_dev *dev, bool rx, unsigned int q,
	     const uint8_t *frame, size_t bytes, size_t wire_len, bool queued)
{
	struct ixm_dp_stats *st = rx ? &dev->dp.rx_st : &dev->dp.tx_st;
	unsigned int idx = ixm_dp_qsm_index(dev, rx ? IX_RQSMR(0) :
					    IX_TQSM(0), q);
	unsigned int b;

	st->pkts++;
	st->octets += rx ? bytes : wire_len;
	if (!rx)
		st->tot_pkts++;
	if (frame[0] & 1) {
		if ((frame[0] & frame[1] & frame[2] & frame[3] & frame[4] &
		     frame[5]) == 0xFF)
			st->bcast++;
		else
			st->mcast++;
	}
	b = wire_len <= 64 ? 0 : wire_len <= 127 ? 1 : wire_len <= 255 ? 2 :
	    wire_len <= 511 ? 3 : wire_len <= 1023 ? 4 : 5;
	st->size[b]++;
	if (queued) {
		st->q_pkts[idx]++;
		st->q_octets[idx] += bytes;
		st->q_dirty |= 1u << idx;
	}
	st->dirty = true;
}

#endif /* IXM_PRIV_H */

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Statistics registers (82599 datasheet 8.2.3.23).
 *
 * Every statistics register is clear on read.  The counts live in a
 * per-device accumulator table indexed by register offset, never in the
 * BAR memory: the per-queue counters sit on the queue pages, which the
 * driver may read as plain memory, and those slots must stay 0 so that an
 * untrapped read cannot see (and fail to clear) a count.  The real values
 * are only given out by ixm_reg_read().
 */
#include <string.h>

#include "ix82599_regs.h"
#include "ixm_priv.h"

static void
kind_set(struct ixm_ctrl *c, uint32_t off, enum ixm_stat_kind k)
{
	c->stat_kind[off >> 2] = (uint8_t)k;
}

static void
kind_pair(struct ixm_ctrl *c, uint32_t lo, uint32_t hi)
{
	kind_set(c, lo, IXM_STAT_L);
	kind_set(c, hi, IXM_STAT_H);
}

void
ixm_stats_init(struct ixm_dev *dev)
{
	static const uint32_t c32[] = {
		IX_CRCERRS, IX_ILLERRC, IX_ERRBC, IX_MSPDC, IX_MLFC, IX_MRFC,
		IX_RLEC, IX_LXONTXC, IX_LXOFFTXC, IX_LXONRXCNT, IX_LXOFFRXCNT,
		IX_PRC64, IX_PRC127, IX_PRC255, IX_PRC511, IX_PRC1023,
		IX_PRC1522, IX_GPRC, IX_BPRC, IX_MPRC, IX_GPTC, IX_RXNFGPC,
		IX_RXDGPC, IX_RXDDGPC, IX_RXLPBKGPC, IX_RXDLPBKGPC, IX_TXDGPC,
		IX_RUC, IX_RFC, IX_ROC, IX_RJC, IX_MNGPRC, IX_MNGPDC,
		IX_MNGPTC, IX_TPR, IX_TPT, IX_PTC64, IX_PTC127, IX_PTC255,
		IX_PTC511, IX_PTC1023, IX_PTC1522, IX_MPTC, IX_BPTC, IX_XEC,
		IX_SSVPC, IX_FCCRC, IX_FCOERPDC, IX_FCLAST, IX_FCOEPRC,
		IX_FCOEDWRC, IX_FCOEPTC, IX_FCOEDWTC, IX_B2OSPC, IX_O2BGPTC,
		IX_B2OGPRC, IX_O2BSPC, IX_FDIRUSTAT, IX_FDIRFSTAT,
		IX_FDIRMATCH, IX_FDIRMISS,
	};
	struct ixm_ctrl *c = &dev->ctrl;
	unsigned int i;

	memset(c->stat_kind, 0, sizeof(c->stat_kind));
	for (i = 0; i < sizeof(c32) / sizeof(c32[0]); i++)
		kind_set(c, c32[i], IXM_STAT_C32);
	for (i = 0; i < 8; i++) {
		kind_set(c, IX_MPC(i), IXM_STAT_C32);
		kind_set(c, IX_PXONTXC(i), IXM_STAT_C32);
		kind_set(c, IX_PXOFFTXC(i), IXM_STAT_C32);
		kind_set(c, IX_PXON2OFFCNT(i), IXM_STAT_C32);
		kind_set(c, IX_PXONRXCNT(i), IXM_STAT_C32);
		kind_set(c, IX_PXOFFRXCNT(i), IXM_STAT_C32);
	}
	kind_pair(c, IX_GORCL, IX_GORCH);
	kind_pair(c, IX_GOTCL, IX_GOTCH);
	kind_pair(c, IX_TORL, IX_TORH);
	kind_pair(c, IX_RXNFGBCL, IX_RXNFGBCH);
	kind_pair(c, IX_RXDGBCL, IX_RXDGBCH);
	kind_pair(c, IX_RXDDGBCL, IX_RXDDGBCH);
	kind_pair(c, IX_RXLPBKGBCL, IX_RXLPBKGBCH);
	kind_pair(c, IX_RXDLPBKGBCL, IX_RXDLPBKGBCH);
	kind_pair(c, IX_TXDGBCL, IX_TXDGBCH);
	for (i = 0; i < IX_QSTAT_COUNTERS; i++) {
		kind_set(c, IX_QPRC(i), IXM_STAT_C32);
		kind_set(c, IX_QPRDC(i), IXM_STAT_C32);
		kind_set(c, IX_QPTC(i), IXM_STAT_C32);
		kind_pair(c, IX_QBRC_L(i), IX_QBRC_H(i));
		kind_pair(c, IX_QBTC_L(i), IX_QBTC_H(i));
	}
}

/* Hardware counters restart from zero on a device reset; totals do not. */
void
ixm_stats_reset(struct ixm_dev *dev)
{
	memset(dev->ctrl.stat_acc, 0, sizeof(dev->ctrl.stat_acc));
}

bool
ixm_stats_is(const struct ixm_dev *dev, uint32_t off)
{
	if (off >= IXM_BAR0_SIZE)
		return false;
	return dev->ctrl.stat_kind[off >> 2] != IXM_STAT_NONE;
}

static void
totals_add(struct ixm_mac_counters *t, uint32_t reg, uint64_t delta)
{
	switch (reg) {
	case IX_GPRC:
		t->rx_good_packets += delta;
		break;
	case IX_GORCL:
		t->rx_good_octets += delta;
		break;
	case IX_GPTC:
		t->tx_good_packets += delta;
		break;
	case IX_GOTCL:
		t->tx_good_octets += delta;
		break;
	case IX_CRCERRS:
		t->rx_crc_errors += delta;
		break;
	default:
		if (reg >= IX_MPC(0) && reg <= IX_MPC(7))
			t->rx_missed += delta;
		break;
	}
}

void
ixm_stat_add(struct ixm_dev *dev, uint32_t reg, uint64_t delta)
{
	struct ixm_ctrl *c = &dev->ctrl;
	uint32_t idx;

	if (reg == IXM_STAT_RX_FILTER_DROP) {
		c->totals.rx_dropped_filter += delta;
		return;
	}
	if (reg >= IXM_BAR0_SIZE || (reg & 3))
		return;
	idx = reg >> 2;
	/* The _H half of a pair only holds the latch; count into _L. */
	if (c->stat_kind[idx] != IXM_STAT_C32 &&
	    c->stat_kind[idx] != IXM_STAT_L)
		return;
	c->stat_acc[idx] += delta;
	totals_add(&c->totals, reg, delta);
}

uint32_t
ixm_stats_read(struct ixm_dev *dev, uint32_t off)
{
	/* The datapath batches its counts: hand them over first. */
	ixm_dp_stats_flush(dev);
	struct ixm_ctrl *c = &dev->ctrl;
	uint32_t idx = off >> 2;
	uint64_t v = c->stat_acc[idx];

	c->stat_acc[idx] = 0;
	switch (c->stat_kind[idx]) {
	case IXM_STAT_C32:
		/* 32-bit counters stick at all-ones instead of wrapping. */
		return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
	case IXM_STAT_L:
		/*
		 * Reading the low half latches the high half, so a driver
		 * reading L then H gets one consistent 64-bit snapshot
		 * (8.2.3.23: "GORCL/GORCH").  The H slot holds the latch.
		 */
		c->stat_acc[idx + 1] = v >> 32;
		return (uint32_t)v;
	case IXM_STAT_H:
		return (uint32_t)v;
	default:
		return 0;
	}
}

void
ixm_mac_counters(struct ixm_dev *dev, struct ixm_mac_counters *c)
{
	ixm_dp_stats_flush(dev);
	*c = dev->ctrl.totals;
}

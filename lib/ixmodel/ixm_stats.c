/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Statistics registers (82599 datasheet 8.2.3.23).
 *
 * Every statistics register is clear on read (its row in ixm_regtab.c
 * says IXM_REG_STAT).  The counts live in a per-device accumulator table
 * indexed by register offset, never in the BAR memory: the per-queue counters sit on the queue pages, which the
 * driver may read as plain memory, and those slots must stay 0 so that an
 * untrapped read cannot see (and fail to clear) a count.  The real values
 * are only given out by ixm_reg_read().
 */
#include <string.h>

#include "ix82599_regs.h"
#include "ixm_priv.h"
#include "ixm_regtab.h"

/* Hardware counters restart from zero on a device reset; totals do not. */
void
ixm_stats_reset(struct ixm_dev *dev)
{
	memset(dev->ctrl.stat_acc, 0, sizeof(dev->ctrl.stat_acc));
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
	const struct ixm_reg *r;

	if (reg == IXM_STAT_RX_FILTER_DROP) {
		c->totals.rx_dropped_filter += delta;
		return;
	}
	r = ixm_reg_find(reg);
	/* The _H half of a pair only holds the latch; count into _L. */
	if ((reg & 3) || r == NULL || !(r->flags & IXM_REG_STAT) ||
	    (r->flags & IXM_REG_STAT_H))
		return;
	c->stat_acc[reg >> 2] += delta;
	totals_add(&c->totals, reg, delta);
}

/*
 * Read handler of every statistics row (ixm_regtab.c): clear on read.
 * 32-bit counters stick at all-ones instead of wrapping.  Reading the low
 * half of a 64-bit counter latches the high half, so a driver reading L
 * then H gets one consistent 64-bit snapshot (§8.2.3.23, e.g. GORCL and
 * GORCH); the H slot of the accumulators holds the latch.
 */
uint32_t
ixm_stats_read(struct ixm_dev *dev, uint32_t off)
{
	struct ixm_ctrl *c = &dev->ctrl;
	const struct ixm_reg *r = ixm_reg_find(off);
	uint32_t idx = off >> 2;
	uint64_t v;

	/* The datapath batches its counts: hand them over first. */
	ixm_dp_stats_flush(dev);
	v = c->stat_acc[idx];
	c->stat_acc[idx] = 0;
	if (r->flags & IXM_REG_STAT_L) {
		c->stat_acc[idx + 1] = v >> 32;
		return (uint32_t)v;
	}
	if (r->flags & IXM_REG_STAT_H)
		return (uint32_t)v;
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

void
ixm_mac_counters(struct ixm_dev *dev, struct ixm_mac_counters *c)
{
	ixm_dp_stats_flush(dev);
	*c = dev->ctrl.totals;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Trapped BAR0 accesses: apply the register table (ixm_regtab.h).
 *
 * The BAR memory is the register file.  A register's row in the table
 * says how a read or write of it behaves; this file applies the row and
 * holds the few handlers that belong to no other part of the model.
 */
#include "ix82599_regs.h"
#include "ix82599_rxtx.h"
#include "ixm_priv.h"
#include "ixm_regtab.h"

/* The register an alias row's address stands for, and its row. */
static const struct ixm_reg *
resolve(const struct ixm_reg *r, uint32_t *off)
{
	if (r != NULL && (r->flags & IXM_REG_ALIAS)) {
		*off = r->alias + (*off - r->off) / r->stride *
		       r->alias_stride;
		r = ixm_reg_find(*off);
	}
	return r;
}

uint32_t
ixm_reg_read(struct ixm_dev *dev, uint32_t off)
{
	const struct ixm_reg *r;
	uint32_t v;

	if (off >= IXM_BAR0_SIZE || (off & 3))
		return 0;
	/* Any register access is a chance to send a throttled vector. */
	if (dev->ctrl.intr.held)
		ixm_intr_update(dev);
	r = resolve(ixm_reg_find(off), &off);
	if (r == NULL)
		return ixm_rd(dev, off);
	if (r->read != NULL)
		return r->read(dev, off);
	if (r->flags & IXM_REG_WO)
		return 0;
	v = ixm_rd(dev, off);
	if (r->flags & IXM_REG_RC)
		ixm_wr(dev, off, 0);
	return v;
}

void
ixm_reg_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	const struct ixm_reg *r;

	if (off >= IXM_BAR0_SIZE || (off & 3))
		return;
	if (dev->ctrl.intr.held)
		ixm_intr_update(dev);
	r = resolve(ixm_reg_find(off), &off);
	if (r == NULL) {
		ixm_wr(dev, off, val);
		return;
	}
	/* Status and statistics: software cannot preset them. */
	if (r->flags & IXM_REG_RO)
		return;
	if (r->write != NULL)
		r->write(dev, off, val);
	else
		ixm_reg_store(dev, off, val);
}

void
ixm_reg_store(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	const struct ixm_reg *r = ixm_reg_find(off);
	uint32_t old = ixm_rd(dev, off);

	if (r == NULL) {
		ixm_wr(dev, off, val);
		return;
	}
	if (r->flags & IXM_REG_W1C)
		val = old & ~val;
	else
		val = (old & r->ro_bits) | (val & ~r->ro_bits);
	ixm_wr(dev, off, val & ~r->sc_bits);
}

/*
 * SWSM.SMBI is a test-and-set semaphore: a read returns the old value
 * and leaves the bit set, so the reader that saw 0 owns it (§10.5.4.1).
 */
uint32_t
ixm_swsm_read(struct ixm_dev *dev, uint32_t off)
{
	uint32_t v = ixm_rd(dev, off);

	ixm_wr(dev, off, v | IX_SWSM_SMBI);
	return v;
}

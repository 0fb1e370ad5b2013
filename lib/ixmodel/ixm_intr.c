/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Interrupt logic (82599 datasheet 7.3 and 8.2.3.5).
 *
 * State is kept per MSI-X vector: vcause holds the queue causes (in
 * MSI-X mode one bit per vector, EICR[15:0] mirroring vectors 0..15 and
 * EICS_EX extending to 64), vmask the matching EIMS/EIMS_EX bits.  The
 * "other" causes (EICR[30:16], e.g. LSC) have their own cause and mask
 * words and reach the vector chosen by IVAR_MISC.
 *
 * Without GPIE.MSIX_MODE the function uses a single vector (0) for
 * everything; queue causes then land on EICR bit (IVAR vector & 15).
 *
 * A vector fires when its (cause & mask) becomes non-zero; it is not
 * re-sent while it stays asserted.  In MSI-X mode a fired vector's
 * queue cause is auto-cleared (EIAC; vectors >= 16 always) and, with
 * GPIE.EIAME, its mask bit auto-cleared (EIAM_EX).  EITR throttling is
 * coarse: a vector fires at most once per EITR interval, a held-back
 * vector goes out from ixm_ctrl_tick() or the next model call.
 */
#include <string.h>

#include "ix82599_regs.h"
#include "ixm_priv.h"
#include "ixm_regtab.h"

static bool
msix_mode(const struct ixm_dev *dev)
{
	return ixm_rd(dev, IX_GPIE) & IX_GPIE_MSIX_MODE;
}

/* The vector "other" causes go to, or -1 if IVAR_MISC is not valid. */
static int
other_vector(const struct ixm_dev *dev)
{
	uint32_t ent = (ixm_rd(dev, IX_IVAR_MISC) >>
			IX_IVAR_MISC_OTHER_SHIFT) & 0xFF;

	if (!(ent & IX_IVAR_ALLOC_VAL))
		return -1;
	return ent & IX_IVAR_VECTOR_MASK;
}

static uint64_t
vbit(unsigned int v)
{
	return (uint64_t)1 << v;
}

static uint64_t
eiam_ex(const struct ixm_dev *dev)
{
	uint64_t m = ixm_rd(dev, IX_EIAM_EX(0)) |
		     (uint64_t)ixm_rd(dev, IX_EIAM_EX(1)) << 32;

	/* EIAM[15:0] is another view of the first 16 vectors. */
	return m | (ixm_rd(dev, IX_EIAM) & IX_EICR_RTX_QUEUE);
}

static uint64_t
level(const struct ixm_dev *dev)
{
	const struct ixm_intr *in = &dev->ctrl.intr;
	bool other = in->ocause & in->omask & IX_EICR_OTHER_MASK;
	uint64_t lvl;
	int ov;

	if (!msix_mode(dev))
		return ((in->vcause & in->vmask & IX_EICR_RTX_QUEUE) ||
			other) ? 1 : 0;
	lvl = in->vcause & in->vmask;
	ov = other_vector(dev);
	if (other && ov >= 0)
		lvl |= vbit((unsigned int)ov);
	return lvl;
}

static uint64_t
eitr_interval_ns(const struct ixm_dev *dev, unsigned int v)
{
	uint32_t itr = (ixm_rd(dev, IX_EITR(v)) & IX_EITR_ITR_MASK) >>
		       IX_EITR_ITR_SHIFT;

	return (uint64_t)itr * IX_EITR_UNIT_NS;
}

static void
fire(struct ixm_dev *dev, unsigned int v, uint64_t t)
{
	struct ixm_intr *in = &dev->ctrl.intr;
	uint32_t gpie = ixm_rd(dev, IX_GPIE);

	in->asserted |= vbit(v);
	in->last_ns[v] = t;
	if (gpie & IX_GPIE_MSIX_MODE) {
		uint32_t eiac = ixm_rd(dev, IX_EIAC);
		uint64_t clr = vbit(v);

		/* Auto-clear: EIAC for vectors 0..15, always beyond. */
		if (v < 16 && !(eiac & vbit(v)))
			clr = 0;
		in->vcause &= ~clr;
		if ((int)v == other_vector(dev))
			in->ocause &= ~(eiac & IX_EICR_OTHER_MASK);
		if (gpie & IX_GPIE_EIAME) {
			in->vmask &= ~(vbit(v) & eiam_ex(dev));
			if ((int)v == other_vector(dev))
				in->omask &= ~(ixm_rd(dev, IX_EIAM) &
					       IX_EICR_OTHER_MASK);
		}
	}
	if (dev->host.msix)
		dev->host.msix(dev->host.ctx, v);
}

void
ixm_intr_update(struct ixm_dev *dev)
{
	struct ixm_intr *in = &dev->ctrl.intr;
	uint64_t lvl = level(dev), rise, t = 0;
	unsigned int v;

	/* A vector whose level dropped may fire again later. */
	in->asserted &= lvl;
	rise = lvl & ~in->asserted;
	in->held = 0;
	while (rise) {
		uint64_t ival;

		v = (unsigned int)__builtin_ctzll(rise);
		rise &= rise - 1;
		ival = eitr_interval_ns(dev, v);
		if (ival) {
			if (!t)
				t = ixm_now_ns();
			if (in->last_ns[v] && t - in->last_ns[v] < ival) {
				in->held |= vbit(v);	/* EITR: later */
				continue;
			}
		}
		if (!t)
			t = ixm_now_ns();
		fire(dev, v, t);
	}
	/*
	 * Auto-clear or auto-mask may have dropped the level of what just
	 * fired; forget it now so the next cause fires again.
	 */
	in->asserted &= level(dev);
}

void
ixm_ctrl_tick(struct ixm_dev *dev)
{
	ixm_intr_update(dev);
}

void
ixm_intr_reset(struct ixm_dev *dev)
{
	memset(&dev->ctrl.intr, 0, sizeof(dev->ctrl.intr));
}

void
ixm_intr_raise(struct ixm_dev *dev, uint32_t other_causes)
{
	dev->ctrl.intr.ocause |= other_causes & IX_EICR_OTHER_MASK;
	ixm_intr_update(dev);
}

void
ixm_intr_queue(struct ixm_dev *dev, unsigned int queue, bool tx)
{
	uint32_t ent;
	unsigned int v;

	if (queue >= IXM_NUM_QUEUES)
		return;
	ent = (ixm_rd(dev, IX_IVAR(queue >> 1)) >>
	       IX_IVAR_ENTRY_SHIFT(queue, tx)) & 0xFF;
	if (!(ent & IX_IVAR_ALLOC_VAL))
		return;
	v = ent & IX_IVAR_VECTOR_MASK;
	/* Single-vector mode: the cause shows up as EICR bit (v mod 16). */
	if (!msix_mode(dev))
		v &= 15;
	/*
	 * Already pending, and no vector held back by EITR: everything the
	 * level depends on is as the last ixm_intr_update() left it (each
	 * change to it runs the update), so it would find nothing to fire.
	 * Saves the update on all but the first frame of a burst.
	 */
	if ((dev->ctrl.intr.vcause & vbit(v)) && dev->ctrl.intr.held == 0)
		return;
	dev->ctrl.intr.vcause |= vbit(v);
	ixm_intr_update(dev);
}

static uint32_t
eicr_value(const struct ixm_dev *dev)
{
	const struct ixm_intr *in = &dev->ctrl.intr;

	return (uint32_t)(in->vcause & IX_EICR_RTX_QUEUE) | in->ocause;
}

/* ---- Register handlers (ixm_regtab.c) ---- */

/*
 * EICR (§8.2.3.5.1) is clear on read.  With GPIE.OCD only the queue bits
 * clear and the other causes wait for a write-1-to-clear (§8.2.3.5.18
 * "Other Clear Disable").
 */
uint32_t
ixm_eicr_read(struct ixm_dev *dev, uint32_t off IXM_UNUSED)
{
	struct ixm_intr *in = &dev->ctrl.intr;
	uint32_t v = eicr_value(dev);

	in->vcause &= ~(uint64_t)IX_EICR_RTX_QUEUE;
	if (!(ixm_rd(dev, IX_GPIE) & IX_GPIE_OCD))
		in->ocause = 0;
	ixm_intr_update(dev);
	return v;
}

/* Write 1 to clear. */
void
ixm_eicr_write(struct ixm_dev *dev, uint32_t off IXM_UNUSED, uint32_t val)
{
	struct ixm_intr *in = &dev->ctrl.intr;

	in->vcause &= ~(uint64_t)(val & IX_EICR_RTX_QUEUE);
	in->ocause &= ~val;
	ixm_intr_update(dev);
}

/* EICS reads EICR without clearing it (§8.2.3.5.3). */
uint32_t
ixm_eics_read(struct ixm_dev *dev, uint32_t off IXM_UNUSED)
{
	return eicr_value(dev);
}

/* Software-set causes. */
void
ixm_eics_write(struct ixm_dev *dev, uint32_t off IXM_UNUSED, uint32_t val)
{
	struct ixm_intr *in = &dev->ctrl.intr;

	in->vcause |= val & IX_EICR_RTX_QUEUE;
	in->ocause |= val & IX_EICR_OTHER_MASK;
	ixm_intr_update(dev);
}

uint32_t
ixm_eims_read(struct ixm_dev *dev, uint32_t off IXM_UNUSED)
{
	const struct ixm_intr *in = &dev->ctrl.intr;

	return (uint32_t)(in->vmask & IX_EICR_RTX_QUEUE) | in->omask;
}

/* EIMS sets mask bits written as 1, EIMC (write only) clears them. */
void
ixm_eims_write(struct ixm_dev *dev, uint32_t off IXM_UNUSED, uint32_t val)
{
	struct ixm_intr *in = &dev->ctrl.intr;

	in->vmask |= val & IX_EICR_RTX_QUEUE;
	in->omask |= val & ~(uint32_t)IX_EICR_RTX_QUEUE;
	ixm_intr_update(dev);
}

void
ixm_eimc_write(struct ixm_dev *dev, uint32_t off IXM_UNUSED, uint32_t val)
{
	struct ixm_intr *in = &dev->ctrl.intr;

	in->vmask &= ~(uint64_t)(val & IX_EICR_RTX_QUEUE);
	in->omask &= ~(val & ~(uint32_t)IX_EICR_RTX_QUEUE);
	ixm_intr_update(dev);
}

/*
 * The _EX registers (§8.2.3.5.4-6) extend the queue causes and masks to
 * 64 vectors, 32 per register.
 */
static unsigned int
ex_shift(uint32_t off, uint32_t reg0)
{
	return 32u * ((off - reg0) / 4u);
}

uint32_t
ixm_eics_ex_read(struct ixm_dev *dev, uint32_t off)
{
	return (uint32_t)(dev->ctrl.intr.vcause >>
			  ex_shift(off, IX_EICS_EX(0)));
}

void
ixm_eics_ex_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	dev->ctrl.intr.vcause |= (uint64_t)val << ex_shift(off, IX_EICS_EX(0));
	ixm_intr_update(dev);
}

uint32_t
ixm_eims_ex_read(struct ixm_dev *dev, uint32_t off)
{
	return (uint32_t)(dev->ctrl.intr.vmask >>
			  ex_shift(off, IX_EIMS_EX(0)));
}

void
ixm_eims_ex_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	dev->ctrl.intr.vmask |= (uint64_t)val << ex_shift(off, IX_EIMS_EX(0));
	ixm_intr_update(dev);
}

void
ixm_eimc_ex_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	dev->ctrl.intr.vmask &= ~((uint64_t)val <<
				  ex_shift(off, IX_EIMC_EX(0)));
	ixm_intr_update(dev);
}

/* GPIE and IVAR_MISC: plain registers, but they re-route pending causes. */
void
ixm_intr_route_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	ixm_reg_store(dev, off, val);
	ixm_intr_update(dev);
}

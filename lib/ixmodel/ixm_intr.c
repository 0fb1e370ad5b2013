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

static uint32_t
half(uint64_t v, unsigned int i)
{
	return (uint32_t)(v >> (32 * i));
}

/* Register reads with side effects or computed values. */
bool
ixm_intr_reg_read(struct ixm_dev *dev, uint32_t off, uint32_t *val)
{
	struct ixm_intr *in = &dev->ctrl.intr;

	switch (off) {
	case IX_EICR:
		*val = eicr_value(dev);
		/*
		 * Clear on read.  With GPIE.OCD only the queue bits clear
		 * and the other causes wait for a write-1-to-clear
		 * (8.2.3.5.18 "Other Clear Disable").
		 */
		in->vcause &= ~(uint64_t)IX_EICR_RTX_QUEUE;
		if (!(ixm_rd(dev, IX_GPIE) & IX_GPIE_OCD))
			in->ocause = 0;
		ixm_intr_update(dev);
		return true;
	case IX_EICS:
		/* Reads EICR without clearing it. */
		*val = eicr_value(dev);
		return true;
	case IX_EIMS:
		*val = (uint32_t)(in->vmask & IX_EICR_RTX_QUEUE) | in->omask;
		return true;
	case IX_EIMC:
		*val = 0;	/* write only */
		return true;
	case IX_EICS_EX(0):
	case IX_EICS_EX(1):
		*val = half(in->vcause, (off - IX_EICS_EX(0)) / 4);
		return true;
	case IX_EIMS_EX(0):
	case IX_EIMS_EX(1):
		*val = half(in->vmask, (off - IX_EIMS_EX(0)) / 4);
		return true;
	case IX_EIMC_EX(0):
	case IX_EIMC_EX(1):
		*val = 0;
		return true;
	default:
		return false;
	}
}

bool
ixm_intr_reg_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	struct ixm_intr *in = &dev->ctrl.intr;
	unsigned int i;

	switch (off) {
	case IX_EICR:		/* write 1 to clear */
		in->vcause &= ~(uint64_t)(val & IX_EICR_RTX_QUEUE);
		in->ocause &= ~val;
		break;
	case IX_EICS:		/* software-set causes */
		in->vcause |= val & IX_EICR_RTX_QUEUE;
		in->ocause |= val & IX_EICR_OTHER_MASK;
		break;
	case IX_EIMS:
		in->vmask |= val & IX_EICR_RTX_QUEUE;
		in->omask |= val & ~(uint32_t)IX_EICR_RTX_QUEUE;
		break;
	case IX_EIMC:
		in->vmask &= ~(uint64_t)(val & IX_EICR_RTX_QUEUE);
		in->omask &= ~(val & ~(uint32_t)IX_EICR_RTX_QUEUE);
		break;
	case IX_EICS_EX(0):
	case IX_EICS_EX(1):
		i = (off - IX_EICS_EX(0)) / 4;
		in->vcause |= (uint64_t)val << (32 * i);
		break;
	case IX_EIMS_EX(0):
	case IX_EIMS_EX(1):
		i = (off - IX_EIMS_EX(0)) / 4;
		in->vmask |= (uint64_t)val << (32 * i);
		break;
	case IX_EIMC_EX(0):
	case IX_EIMC_EX(1):
		i = (off - IX_EIMC_EX(0)) / 4;
		in->vmask &= ~((uint64_t)val << (32 * i));
		break;
	case IX_GPIE:
	case IX_IVAR_MISC:
		/* Plain registers, but they re-route pending causes. */
		ixm_wr(dev, off, val);
		break;
	default:
		return false;
	}
	ixm_intr_update(dev);
	return true;
}

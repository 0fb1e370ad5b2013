/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Forged write-backs on demand: a test arms one named lie (ixm.h, enum
 * ixm_forge_kind) for one queue; the model makes it exactly once, at that
 * queue's next write-back or next poll, then disarms it and counts it.
 * The hostile mode (ixm_hostile.c) makes the same kinds of lies at
 * random; these are deterministic, so that a test can tell what the
 * driver did with each one.
 *
 * The rule of the hostile mode holds: a lie only changes what the device
 * will not use again, so the model never sabotages itself.
 *   - Lies in an RX write-back (length, status, EOP, qword 0) replace
 *     fields of the write-back the device is making, before DD is
 *     published; the device is done with that descriptor.
 *   - DD on an RX descriptor the device has not written (at the tail,
 *     never posted; at the head, posted but not reached) goes in dword
 *     2-3 only: in the read format that is the header buffer address,
 *     which the device does not read with header split off (§7.1.6.1).
 *   - DD on a TX descriptor not sent (posted, or at the tail) is OR-ed
 *     into STA, bits 3:0 of dword 3, which the device ignores when it
 *     fetches a descriptor (§7.2.3.2.4), atomically, so a descriptor the
 *     driver writes at the same time keeps the driver's fields.  After the
 *     lie on a posted descriptor the device fetches nothing from the
 *     queue for a while, as a flow-control pause could make it, so the
 *     driver has time to see the lie before the real write-back replaces
 *     it.
 *   - A forged TX write-back is written to a descriptor the device has
 *     sent (qword 0 is reserved in the write-back format).
 */
#include <errno.h>
#include <string.h>

#include "ixm_priv.h"
#include "ix82599_regs.h"

#define FORGE_TX_HOLD_MS	20u	/* tx-dd-unsent, arg 0 */
#define FORGE_NO_EOP_MAX	4096u	/* rx-no-eop: frames at most */
/* A plausible completion: DD, EOP, 60 bytes. */
#define FORGE_RX_WB_DONE	(IX_RXD_STAT_DD | IX_RXD_STAT_EOP | \
				 60ull << 32)
/* Junk for the fields a TX write-back leaves open. */
#define FORGE_TX_SEED_JUNK	0xdeadbeefull
#define FORGE_TX_STA_JUNK	0xeull		/* STA 3:1 */

static const char *const kind_names[IXM_FORGE_KINDS] = {
	[IXM_FORGE_NONE] = "none",
	[IXM_FORGE_RX_LEN_OVER] = "rx-len-over",
	[IXM_FORGE_RX_LEN_ZERO] = "rx-len-zero",
	[IXM_FORGE_RX_STATUS_RSV] = "rx-status-reserved",
	[IXM_FORGE_RX_NO_EOP] = "rx-no-eop",
	[IXM_FORGE_RX_NO_EOP_FULL] = "rx-no-eop-full",
	[IXM_FORGE_RX_ADDR] = "rx-forged-addr",
	[IXM_FORGE_RX_DD_PAST_TAIL] = "rx-dd-past-tail",
	[IXM_FORGE_RX_DD_UNWRITTEN] = "rx-dd-unwritten",
	[IXM_FORGE_TX_DD_PAST_TAIL] = "tx-dd-past-tail",
	[IXM_FORGE_TX_DD_UNSENT] = "tx-dd-unsent",
	[IXM_FORGE_TX_WB_FORGED] = "tx-forged-wb",
	[IXM_FORGE_TX_WB_STATUS_RSV] = "tx-wb-status-reserved",
};

int
ixm_forge_kind_by_name(const char *name)
{
	int k;

	for (k = 0; name != NULL && k < IXM_FORGE_KINDS; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	return -1;
}

int
ixm_forge_arm(struct ixm_dev *dev, unsigned int queue,
	      enum ixm_forge_kind kind, uint64_t arg)
{
	struct ixm_dp_forge *f = &dev->dp.forge;

	if ((unsigned int)kind >= IXM_FORGE_KINDS || queue >= IXM_NUM_QUEUES)
		return -EINVAL;
	if (kind == IXM_FORGE_NONE) {
		f->kind = IXM_FORGE_NONE;
		return 0;
	}
	if (f->kind != IXM_FORGE_NONE)
		return -EBUSY;
	f->queue = (uint16_t)queue;
	f->arg = arg;
	f->left = 1;
	if ((kind == IXM_FORGE_RX_NO_EOP ||
	     kind == IXM_FORGE_RX_NO_EOP_FULL) && arg > 1)
		f->left = arg < FORGE_NO_EOP_MAX ? (uint32_t)arg :
						   FORGE_NO_EOP_MAX;
	f->kind = (uint8_t)kind;
	return 0;
}

uint64_t
ixm_forge_count(const struct ixm_dev *dev)
{
	return dev->dp.forge.made;
}

void
ixm_forge_reset(struct ixm_dev *dev)
{
	struct ixm_dp_forge *f = &dev->dp.forge;

	f->kind = IXM_FORGE_NONE;
	f->hold = false;
}

static void
made(struct ixm_dp_forge *f)
{
	f->kind = IXM_FORGE_NONE;
	f->made++;
}

/* The tail of queue q if it runs (its ring mapped), else -1. */
static int64_t
running_tail(struct ixm_dev *dev, unsigned int q, bool tx)
{
	const struct ixm_dp *dp = &dev->dp;
	bool run = tx ? dp->txq[q].state == IXM_Q_RUN && dp->txq[q].ring :
			dp->rxq[q].state == IXM_Q_RUN && dp->rxq[q].ring;
	uint32_t n = tx ? dp->txq[q].ndesc : dp->rxq[q].ndesc;
	uint32_t tail = ixm_rd(dev, tx ? IX_TDT(q) : IX_RDT(q));

	return run && tail < n ? (int64_t)tail : -1;
}

/* STA of TX descriptor d: the device ignores it when it fetches d. */
static void
tx_dd_on(union ix_adv_tx_desc *d)
{
	__atomic_fetch_or(&d->q[1], (uint64_t)IX_TXD_STAT_DD << 32,
			  __ATOMIC_RELEASE);
}

void
ixm_forge_poll(struct ixm_dev *dev)
{
	struct ixm_dp_forge *f = &dev->dp.forge;
	unsigned int q = f->queue;
	struct ixm_dp_rxq *rxq = &dev->dp.rxq[q];
	bool tx = f->kind == IXM_FORGE_TX_DD_PAST_TAIL;
	int64_t tail;
	uint32_t idx;

	if (f->kind != IXM_FORGE_RX_DD_PAST_TAIL &&
	    f->kind != IXM_FORGE_RX_DD_UNWRITTEN && !tx)
		return;
	tail = running_tail(dev, q, tx);
	if (tail < 0)
		return;
	if (tx) {
		tx_dd_on(&dev->dp.txq[q].ring[tail]);
		made(f);
		return;
	}
	/* RDT: the first descriptor the driver holds back; RDH: the next
	 * the device fills (none posted while RDH == RDT). */
	idx = f->kind == IXM_FORGE_RX_DD_PAST_TAIL ? (uint32_t)tail : rxq->head;
	if (f->kind == IXM_FORGE_RX_DD_UNWRITTEN && idx == (uint32_t)tail)
		return;
	/* Dword 2-3 only: a completion the device never made. */
	__atomic_store_n(&rxq->ring[idx].q[1], FORGE_RX_WB_DONE,
			 __ATOMIC_RELEASE);
	made(f);
}

bool
ixm_forge_rx_frame(struct ixm_dev *dev, unsigned int q)
{
	const struct ixm_dp_forge *f = &dev->dp.forge;

	return f->queue == q && f->kind >= IXM_FORGE_RX_LEN_OVER &&
	       f->kind <= IXM_FORGE_RX_ADDR;
}

void
ixm_forge_rx_desc(struct ixm_dev *dev, bool eop, uint32_t bufsz,
		  uint64_t *q0, uint64_t *q1)
{
	const struct ixm_dp_forge *f = &dev->dp.forge;
	uint64_t len = f->arg & 0xffff;
	uint32_t bits;

	/* The lie is in the descriptor the driver reads the frame's
	 * length, status and type from last: the one with EOP. */
	if (!eop)
		return;
	switch (f->kind) {
	case IXM_FORGE_RX_LEN_OVER:
		if (len == 0)
			len = bufsz < 0xffff ? bufsz + 1 : 0xffff;
		*q1 = (*q1 & ~(0xffffull << 32)) | len << 32;
		break;
	case IXM_FORGE_RX_LEN_ZERO:
		*q1 &= ~(0xffffull << 32);
		break;
	case IXM_FORGE_RX_STATUS_RSV:
		bits = f->arg != 0 ? (uint32_t)f->arg :
		       IX_RXD_STAT_RSV_MASK | IX_RXD_ERR_RSV_MASK;
		*q1 |= bits | IX_RXD_STAT_DD;
		break;
	case IXM_FORGE_RX_NO_EOP:
		*q1 &= ~(uint64_t)IX_RXD_STAT_EOP;
		break;
	case IXM_FORGE_RX_NO_EOP_FULL:
		/* What a frame larger than the buffer looks like, but for
		 * the frame that ends it never coming. */
		*q1 = (*q1 & ~((uint64_t)IX_RXD_STAT_EOP | 0xffffull << 32)) |
		      (uint64_t)(bufsz & 0xffff) << 32;
		break;
	case IXM_FORGE_RX_ADDR:
		*q0 = f->arg;
		break;
	default:
		break;
	}
}

void
ixm_forge_rx_frame_done(struct ixm_dev *dev)
{
	struct ixm_dp_forge *f = &dev->dp.forge;

	if (--f->left == 0)
		made(f);
}

/* The first descriptor of [head, tdt) that asks for a write-back. */
static bool
tx_first_rs(const struct ixm_dp_txq *txq, uint32_t head, uint32_t tdt,
	    uint32_t *idx)
{
	uint32_t i;

	for (i = head; i != tdt; i = i + 1 == txq->ndesc ? 0 : i + 1) {
		uint32_t cmd = (uint32_t)txq->ring[i].q[1];

		if ((cmd & IX_TXD_CMD_RS) &&
		    (!(cmd & IX_TXD_CMD_DEXT) ||
		     (cmd & IX_TXD_DTYP_MASK) == IX_TXD_DTYP_DATA)) {
			*idx = i;
			return true;
		}
	}
	return false;
}

bool
ixm_forge_tx_hold(struct ixm_dev *dev, unsigned int q, uint32_t head,
		  uint32_t tdt)
{
	struct ixm_dp_forge *f = &dev->dp.forge;
	struct ixm_dp_txq *txq = &dev->dp.txq[q];
	uint64_t ms;
	uint32_t idx;

	if (f->hold && f->hold_q == q) {
		if (ixm_now_ns() < f->hold_until_ns)
			return true;
		f->hold = false;
	}
	if (f->kind != IXM_FORGE_TX_DD_UNSENT || f->queue != q ||
	    head == tdt || !tx_first_rs(txq, head, tdt, &idx))
		return false;
	tx_dd_on(&txq->ring[idx]);
	ms = f->arg != 0 && f->arg < 10000 ? f->arg : FORGE_TX_HOLD_MS;
	f->hold = true;
	f->hold_q = (uint16_t)q;
	f->hold_until_ns = ixm_now_ns() + ms * 1000000u;
	made(f);
	return true;
}

void
ixm_forge_tx_wb(struct ixm_dev *dev, unsigned int q, union ix_adv_tx_desc *d,
		uint64_t *wb)
{
	struct ixm_dp_forge *f = &dev->dp.forge;
	uint32_t bits;

	if (f->queue != q)
		return;
	switch (f->kind) {
	case IXM_FORGE_TX_WB_FORGED:
		/* Stored before DD, which the caller publishes last. */
		d->q[0] = f->arg;
		*wb |= FORGE_TX_SEED_JUNK | FORGE_TX_STA_JUNK << 32;
		made(f);
		break;
	case IXM_FORGE_TX_WB_STATUS_RSV:
		bits = (uint32_t)f->arg & IX_TXD_WB_RSV_MASK;
		if (bits == 0)
			bits = IX_TXD_WB_RSV_MASK;
		*wb |= (uint64_t)bits << 32;
		made(f);
		break;
	default:
		break;
	}
}

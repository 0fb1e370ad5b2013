/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Transmit path (82599 datasheet §7.2): fetch descriptors between our
 * head and the driver's tail, gather each frame (context descriptors
 * update the queue's two offload contexts), apply offloads, put the frame
 * on the wire (or back into our own RX in MAC loopback), then write back
 * DD on descriptors that asked for it (RS) and move TDH.
 *
 * A frame whose EOP descriptor is not posted yet is left alone until the
 * tail moves; a ring full of descriptors without any EOP can never
 * complete and is dropped as malformed.
 */
#include <string.h>

#include "ixm_priv.h"
#include "ix82599_regs.h"

#ifndef IX_HLREG0_TXPADEN
#define IX_HLREG0_TXPADEN	(1u << 10)
#endif
#define ETH_MIN_NOFCS		60u

/* Put a finished frame on the wire; counts it as transmitted. */
static void
tx_out(struct ixm_dev *dev, const uint8_t *frame, size_t len)
{
	struct ixm_dp *dp = &dev->dp;

	if (len < 14) {
		dp->cnt.tx_malformed++;
		return;
	}
	if (dp->tx_dest == IXM_TX_LOOPBACK) {
		ixm_dp_count(dev, false, dp->tx_cur_q, frame, len, len + 4,
			     true);
		dp->cnt.tx_frames++;
		ixm_dp_receive(dev, frame, len, true);
	} else if (dp->tx_dest == IXM_TX_WIRE) {
		ixm_dp_count(dev, false, dp->tx_cur_q, frame, len, len + 4,
			     true);
		dp->cnt.tx_frames++;
		dev->host.wire_tx(dev->host.ctx, frame, len);
	} else {
		dp->cnt.tx_dropped++;
	}
}

/* Hand one frame, gathered into a buffer of ours, to the wire. */
static void
tx_emit(struct ixm_dev *dev, uint8_t *frame, size_t len)
{
	/* §7.2.5.1: short frames are padded when HLREG0.TXPADEN is set. */
	if (len < ETH_MIN_NOFCS &&
	    (ixm_rd(dev, IX_HLREG0) & IX_HLREG0_TXPADEN)) {
		memset(frame + len, 0, ETH_MIN_NOFCS - len);
		len = ETH_MIN_NOFCS;
	}
	tx_out(dev, frame, len);
}

/*
 * A frame in one data descriptor that no offload changes (no TSO, no
 * checksum insertion, no VLAN tag) and that needs no padding goes to the
 * wire straight from the host buffer, without the copy into txbuf: the
 * receiving end copies it once, into its own buffer.  The bytes are read
 * (through the translation just made, within the same poll) exactly as
 * the gather would have read them.
 */
static inline bool
tx_is_plain(uint32_t cmd, uint32_t olinfo, uint32_t len)
{
	if (!(cmd & IX_TXD_CMD_EOP) || (cmd & IX_TXD_CMD_VLE) ||
	    len < ETH_MIN_NOFCS)
		return false;
	if (!(cmd & IX_TXD_CMD_DEXT))
		return true;	/* legacy: only VLE changes the frame */
	return !(cmd & IX_TXD_CMD_TSE) &&
	       !(olinfo & (IX_TXD_POPTS_IXSM | IX_TXD_POPTS_TXSM));
}

static void
tx_send(struct ixm_dev *dev, struct ixm_dp_txq *txq, size_t len,
	uint32_t cmd, uint32_t olinfo, uint16_t legacy_vlan)
{
	struct ixm_dp *dp = &dev->dp;
	uint32_t dmatxctl = ixm_rd(dev, IX_DMATXCTL);
	/* Double VLAN (§7.4.5.1): the frame carries the outer tag, the
	 * inserted tag goes behind it. */
	size_t voff = (dmatxctl & IX_DMATXCTL_GDV) ? 16 : 12;
	uint16_t tpid;

	tpid = (uint16_t)(dmatxctl >> IX_DMATXCTL_VT_SHIFT);
	if (tpid == 0)
		tpid = 0x8100;
	if (!(cmd & IX_TXD_CMD_DEXT)) {
		/* Legacy descriptor: only VLAN insertion is modelled. */
		struct ixm_dp_txctx lc[IX_TX_CTX_SLOTS];

		memset(lc, 0, sizeof(lc));
		lc[0].vlan_macip_lens = (uint32_t)legacy_vlan <<
					IX_TXCTX_VLAN_SHIFT;
		len = ixm_dp_tx_offload(dp->txbuf, len, cmd & IX_TXD_CMD_VLE,
					0, lc, tpid, voff);
		tx_emit(dev, dp->txbuf, len);
	} else if (cmd & IX_TXD_CMD_TSE) {
		if (ixm_dp_tso(dev, dp->txbuf, len, cmd, olinfo, txq->ctx,
			       tpid, voff, tx_emit) == 0)
			dp->cnt.tx_malformed++;
	} else {
		len = ixm_dp_tx_offload(dp->txbuf, len, cmd, olinfo, txq->ctx,
					tpid, voff);
		tx_emit(dev, dp->txbuf, len);
	}
}

/* Set DD on every data descriptor with RS in [from, from + cnt). */
static void
tx_writeback(struct ixm_dev *dev, struct ixm_dp_txq *txq, uint32_t from,
	     uint32_t cnt)
{
	uint32_t i = from;

	while (cnt-- > 0) {
		union ix_adv_tx_desc *d = &txq->ring[i];
		uint32_t cmd = (uint32_t)d->q[1];
		uint64_t wb = (uint64_t)IX_TXD_STAT_DD << 32;

		if ((cmd & IX_TXD_CMD_RS) &&
		    (!(cmd & IX_TXD_CMD_DEXT) ||
		     (cmd & IX_TXD_DTYP_MASK) == IX_TXD_DTYP_DATA)) {
			if (dev->cfg.hostile & IXM_HOSTILE_TX)
				ixm_hostile_tx_wb(dev, &wb);
			if (ixm_forge_busy(&dev->dp))
				ixm_forge_tx_wb(dev, dev->dp.tx_cur_q, d, &wb);
			__atomic_store_n(&d->q[1], wb, __ATOMIC_RELEASE);
		}
		i = i + 1 == txq->ndesc ? 0 : i + 1;
	}
}

/* §7.2.3.5.2: optional write of the head index to host memory. */
static void
tx_head_writeback(struct ixm_dev *dev, unsigned int q, uint32_t head)
{
	uint32_t lo = ixm_rd(dev, IX_TDWBAL(q));
	uint64_t addr;
	uint32_t *p;

	if (!(lo & IX_TDWBAL_HEAD_WB_EN))
		return;
	addr = ((uint64_t)ixm_rd(dev, IX_TDWBAH(q)) << 32) |
	       (lo & IX_TDWBAL_ADDR_MASK);
	ixm_dp_audit(dev, addr, 4, "tx head wb");
	p = dev->host.dma_ptr(dev->host.ctx, addr, 4, IXM_DMA_WRITE);
	if (p != NULL)
		__atomic_store_n(p, head, __ATOMIC_RELEASE);
}

static unsigned int
txq_process(struct ixm_dev *dev, unsigned int q)
{
	struct ixm_dp *dp = &dev->dp;
	struct ixm_dp_txq *txq = &dp->txq[q];
	uint32_t n = txq->ndesc, head, tdt, tdh, budget = IXM_DP_TX_BUDGET;
	unsigned int frames = 0;
	bool progress = false;

	tdt = ixm_rd(dev, IX_TDT(q));
	/* descriptors are read only after the tail that published them */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (tdt >= n)
		return 0;
	/* The driver rewrote TDH (legal only while disabled): follow it. */
	tdh = ixm_rd(dev, IX_TDH(q));
	if (tdh != txq->head && tdh < n)
		txq->head = tdh;
	head = txq->head;
	dp->tx_cur_q = q;
	/* Where frames go; nothing in this poll changes it. */
	if (ixm_ctrl_loopback(dev))
		dp->tx_dest = IXM_TX_LOOPBACK;
	else if (ixm_link_up(dev) && dev->host.wire_tx != NULL)
		dp->tx_dest = IXM_TX_WIRE;
	else
		dp->tx_dest = IXM_TX_DROP;
	/* A tx-dd-unsent lie made, the queue held (ixm_forge.c). */
	if (ixm_forge_busy(dp) && ixm_forge_tx_hold(dev, q, head, tdt))
		return 0;

	while (head != tdt && budget > 0) {
		uint32_t avail = tdt >= head ? tdt - head : tdt + n - head;
		uint32_t i = head, used = 0, cmd0 = 0, olinfo0 = 0;
		size_t max = IXM_DP_MAX_FRAME;
		uint16_t legacy_vlan = 0;
		size_t pos = 0;
		const uint8_t *direct = NULL;
		bool bad = false, eop = false, data = false, plain = false;

		while (used < avail) {
			union ix_adv_tx_desc *d = &txq->ring[i];
			uint64_t q0 = d->q[0], q1 = d->q[1];
			uint32_t cmd = (uint32_t)q1;
			uint32_t hi = (uint32_t)(q1 >> 32);
			uint32_t len;
			const void *src;

			used++;
			i = i + 1 == n ? 0 : i + 1;
			if ((cmd & IX_TXD_CMD_DEXT) &&
			    (cmd & IX_TXD_DTYP_MASK) == IX_TXD_DTYP_CTXT) {
				unsigned int s = ((hi & IX_TXCTX_IDX_MASK) >>
						  IX_TXCTX_IDX_SHIFT) &
						 (IX_TX_CTX_SLOTS - 1);

				txq->ctx[s].vlan_macip_lens = (uint32_t)q0;
				txq->ctx[s].type_tucmd_mlhl = cmd;
				txq->ctx[s].mss_l4len_idx = hi;
				continue;
			}
			if ((cmd & IX_TXD_CMD_DEXT) &&
			    (cmd & IX_TXD_DTYP_MASK) != IX_TXD_DTYP_DATA)
				bad = true;	/* unknown descriptor type */
			if (!data) {
				data = true;
				cmd0 = cmd;
				olinfo0 = hi;
				legacy_vlan = (uint16_t)(q1 >> 48);
				/* TSO packets are gathered whole, up to
				 * PAYLEN (18 bits) plus headers. */
				if ((cmd & IX_TXD_CMD_DEXT) &&
				    (cmd & IX_TXD_CMD_TSE))
					max = IXM_DP_TSO_MAX;
				plain = !bad && tx_is_plain(cmd, hi,
						cmd & IX_TXD_DTALEN_MASK);
			}
			len = cmd & IX_TXD_DTALEN_MASK;
			if (len == 0 || pos + len > max) {
				bad = true;
			} else if (!bad) {
				ixm_dp_audit(dev, q0, len, "tx buffer");
				src = dev->host.dma_ptr(dev->host.ctx, q0, len,
							IXM_DMA_READ);
				if (src == NULL) {
					/* The queue stops at this frame. */
					dp->cnt.tx_dma_err++;
					ixm_dp_queue_fault(dev, q, true);
					goto stopped;
				} else if (plain) {
					direct = src;
					pos = len;
				} else {
					memcpy(dp->txbuf + pos, src, len);
					pos += len;
				}
			}
			if (cmd & IX_TXD_CMD_EOP) {
				eop = true;
				break;
			}
		}
		if (!eop && data) {
			/* Rest of the frame not posted yet: wait for it. */
			if (avail < n - 1)
				break;
			bad = true;	/* whole ring without EOP */
		}
		if (data) {
			if (bad)
				dp->cnt.tx_malformed++;
			else if (direct != NULL)
				tx_out(dev, direct, pos);
			else
				tx_send(dev, txq, pos, cmd0, olinfo0,
					legacy_vlan);
			frames++;
		}
		tx_writeback(dev, txq, head, used);
		head = i;
		budget = used < budget ? budget - used : 0;
		progress = true;
	}
stopped:
	if (!progress)
		return frames;
	txq->head = head;
	ixm_wr(dev, IX_TDH(q), head);
	tx_head_writeback(dev, q, head);
	if (dev->cfg.hostile & IXM_HOSTILE_TX)
		ixm_hostile_tx(dev, q);
	ixm_intr_queue(dev, q, true);
	return frames;
}

unsigned int
ixm_dp_tx_poll(struct ixm_dev *dev)
{
	struct ixm_dp *dp = &dev->dp;
	unsigned int i, total = 0;

	if (dp->n_tx_run == 0 || !ixm_ctrl_tx_enabled(dev))
		return 0;
	/* Backwards: a stopped queue is replaced by the (visited) last one. */
	for (i = dp->n_tx_run; i-- > 0;) {
		unsigned int q = dp->tx_run[i];

		if (ixm_dp_txq_ready(dev, q))
			total += txq_process(dev, q);
	}
	return total;
}

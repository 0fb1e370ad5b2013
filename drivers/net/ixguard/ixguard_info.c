/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Control-path operations that read or program state outside the queues:
 * the multicast address list (MTA), MAC loopback, descriptor status, the
 * register and NVM dumps.  Also the
 * dev_configure / dev_start hooks that check and restore that state.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <ethdev_driver.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_poll.h"
#include "ixguard_rxtx.h"

#define IXGUARD_LPBK_NONE	0
#define IXGUARD_LPBK_MAC	1	/* MAC loopback (as net_ixgbe's 1) */

/* ---- dev_configure / dev_start hooks ---------------------------------- */

int
ixguard_ext_configure(struct rte_eth_dev *dev)
{
	uint32_t lpbk = dev->data->dev_conf.lpbk_mode;

	if (lpbk != IXGUARD_LPBK_NONE && lpbk != IXGUARD_LPBK_MAC) {
		IXG_DRV_LOG(ERR, "port %u: loopback mode %u not supported "
			    "(0: none, 1: MAC loopback)", dev->data->port_id,
			    lpbk);
		return -ENOTSUP;
	}
	return 0;
}

/*
 * MAC loopback (datasheet 3.7.6.1): transmitted frames turn around in
 * the MAC (HLREG0.LPBK); the link is forced up at 10 Gb/s without
 * autonegotiation (AUTOC.LMS = 10G serial no AN, AUTOC.FLU) so the MAC
 * runs without a partner.  The next dev_start's reset undoes it.
 */
static void
ixg_loopback_start(struct ixguard_hw *hw)
{
	uint32_t autoc;

	autoc = ixg_read(hw, IX_AUTOC);
	autoc &= ~IX_AUTOC_LMS_MASK;
	autoc |= IX_AUTOC_LMS_10G_NO_AN | IX_AUTOC_FLU;
	ixg_write(hw, IX_AUTOC, autoc);
	ixg_write(hw, IX_HLREG0, ixg_read(hw, IX_HLREG0) | IX_HLREG0_LPBK);
	ixg_flush(hw);
	rte_delay_ms(10);
}

static void
ixg_mta_write(struct ixguard_adapter *ad)
{
	struct ixguard_hw *hw = &ad->hw;
	uint32_t i;

	/* Filter off while the table changes, then on with offset 0. */
	ixg_write(hw, IX_MCSTCTRL, 0);
	for (i = 0; i < IX_MTA_NUM; i++)
		ixg_write(hw, IX_MTA(i), ad->mta[i]);
	if (ad->mta_on)
		ixg_write(hw, IX_MCSTCTRL, IX_MCSTCTRL_MFE);
}

/* After the reset of dev_start and the queue setup, before link up. */
void
ixguard_ext_start(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);

	ixg_mta_write(ad);
	ixguard_fc_apply(dev);
	if (dev->data->dev_conf.lpbk_mode == IXGUARD_LPBK_MAC)
		ixg_loopback_start(&ad->hw);
}

/* ---- Multicast address list ------------------------------------------ */

/*
 * MTA hash with MCSTCTRL.MO = 0 (datasheet 7.1.1.1.2): destination
 * address bits 47:36, i.e. the high nibble of byte 4 and byte 5, select
 * one bit of the 4096-bit table.
 */
static uint32_t
ixg_mta_hash(const uint8_t *a)
{
	return (((uint32_t)a[4] >> 4) | ((uint32_t)a[5] << 4)) & 0xFFF;
}

int
ixguard_set_mc_addr_list(struct rte_eth_dev *dev,
			 struct rte_ether_addr *list, uint32_t n)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	uint32_t i, h;

	for (i = 0; i < n; i++) {
		if (!rte_is_multicast_ether_addr(&list[i])) {
			IXG_DRV_LOG(ERR, "port %u: " RTE_ETHER_ADDR_PRT_FMT
				    " in the multicast list is not a multicast"
				    " address", dev->data->port_id,
				    RTE_ETHER_ADDR_BYTES(&list[i]));
			return -EINVAL;
		}
	}
	memset(ad->mta, 0, sizeof(ad->mta));
	for (i = 0; i < n; i++) {
		h = ixg_mta_hash(list[i].addr_bytes);
		ad->mta[h >> 5] |= 1u << (h & 31);
	}
	ad->mta_on = n > 0;
	ixg_mta_write(ad);
	return 0;
}

/* ---- Descriptor status (reads descriptor memory, no register) --------- */

int
ixguard_rx_descriptor_status(void *queue, uint16_t offset)
{
	struct ixguard_rx_queue *rxq = queue;
	uint16_t n, posted, d;

	if (rxq == NULL || offset >= rxq->nb_desc)
		return -EINVAL;
	if (!rxq->started)
		return RTE_ETH_RX_DESC_UNAVAIL;
	n = rxq->nb_desc;
	/* The hardware owns next .. tail - 1; the rest is ours. */
	posted = (uint16_t)((rxq->tail + n - rxq->next) % n);
	if (offset >= posted)
		return RTE_ETH_RX_DESC_UNAVAIL;
	d = (uint16_t)((rxq->next + offset) % n);
	/* DD next to the posted address was not written back. */
	if (ixguard_rx_desc_written(rxq, d))
		return RTE_ETH_RX_DESC_DONE;
	return RTE_ETH_RX_DESC_AVAIL;
}

int
ixguard_tx_descriptor_status(void *queue, uint16_t offset)
{
	struct ixguard_tx_queue *txq = queue;
	uint16_t n, used, rel, k, r;

	if (txq == NULL || offset >= txq->nb_desc)
		return -EINVAL;
	n = txq->nb_desc;
	if (!txq->started)
		return RTE_ETH_TX_DESC_DONE;
	/* In flight: clean .. tail - 1; beyond the tail is free. */
	used = (uint16_t)((txq->tail + n - txq->clean) % n);
	if (offset < n - used)
		return RTE_ETH_TX_DESC_DONE;
	rel = (uint16_t)(offset - (n - used));	/* from clean */
	/* Done once the next descriptor carrying RS is written back. */
	r = txq->rs_head;
	for (k = 0; k < txq->rs_count; k++) {
		uint16_t d = txq->rs_fifo[r];

		if ((uint16_t)((d + n - txq->clean) % n) >= rel) {
			uint32_t st = txq->ring[d].wb.status;

			/* DD with reserved bits: not a write-back (see
			 * ixguard_tx_cleanup()). */
			if ((st & IX_TXD_STAT_DD) &&
			    !(st & IX_TXD_WB_RSV_MASK))
				return RTE_ETH_TX_DESC_DONE;
			return RTE_ETH_TX_DESC_FULL;
		}
		r = (uint16_t)(r + 1 == n ? 0 : r + 1);
	}
	return RTE_ETH_TX_DESC_FULL;
}

/* ---- Register dump ------------------------------------------------------ */

/*
 * The registers get_reg returns, in this order, one 32-bit word each.
 * Only registers without read side effects: no statistics (clear on
 * read) and EICS rather than EICR.  Documented in
 * doc/guides/nics/ixguard.rst; changing this table changes the dump
 * layout (length = sum of counts).
 */
struct ixg_reg_group {
	uint32_t base;
	uint32_t count;
	uint32_t stride;
};

static const struct ixg_reg_group ixg_reg_groups[] = {
	/* General */
	{ IX_CTRL, 1, 4 }, { IX_STATUS, 1, 4 }, { IX_CTRL_EXT, 1, 4 },
	{ IX_ESDP, 1, 4 }, { IX_LEDCTL, 1, 4 }, { IX_EEC, 1, 4 },
	/* Interrupts */
	{ IX_EICS, 1, 4 }, { IX_EIMS, 1, 4 }, { IX_EIAC, 1, 4 },
	{ IX_EIAM, 1, 4 }, { IX_GPIE, 1, 4 }, { IX_IVAR(0), 64, 4 },
	{ IX_IVAR_MISC, 1, 4 }, { IX_EITR(0), 24, 4 },
	{ IX_EIMS_EX(0), 2, 4 }, { IX_EIAM_EX(0), 2, 4 },
	/* Receive */
	{ IX_FCTRL, 1, 4 }, { IX_MCSTCTRL, 1, 4 }, { IX_VLNCTRL, 1, 4 },
	{ IX_RXCTRL, 1, 4 }, { IX_RDRXCTL, 1, 4 }, { IX_RXCSUM, 1, 4 },
	{ IX_MRQC, 1, 4 }, { IX_RXPBSIZE(0), 8, 4 },
	{ IX_RDBAL(0), 16, 0x40 }, { IX_RDBAH(0), 16, 0x40 },
	{ IX_RDLEN(0), 16, 0x40 }, { IX_RDH(0), 16, 0x40 },
	{ IX_RDT(0), 16, 0x40 }, { IX_RXDCTL(0), 16, 0x40 },
	{ IX_SRRCTL(0), 16, 0x40 },
	{ IX_RAL(0), 16, 8 }, { IX_RAH(0), 16, 8 },
	/* Transmit */
	{ IX_DMATXCTL, 1, 4 }, { IX_TXPBSIZE(0), 8, 4 },
	{ IX_TDBAL(0), 16, 0x40 }, { IX_TDBAH(0), 16, 0x40 },
	{ IX_TDLEN(0), 16, 0x40 }, { IX_TDH(0), 16, 0x40 },
	{ IX_TDT(0), 16, 0x40 }, { IX_TXDCTL(0), 16, 0x40 },
	/* MAC, link and flow control */
	{ IX_HLREG0, 1, 4 }, { IX_MAXFRS, 1, 4 }, { IX_AUTOC, 1, 4 },
	{ IX_LINKS, 1, 4 }, { IX_AUTOC2, 1, 4 }, { IX_MFLCN, 1, 4 },
	{ IX_FCCFG, 1, 4 }, { IX_FCTTV(0), 4, 4 }, { IX_FCRTL(0), 8, 4 },
	{ IX_FCRTH(0), 8, 4 }, { IX_FCRTV, 1, 4 },
};

static uint32_t
ixg_reg_count(void)
{
	uint32_t i, n = 0;

	for (i = 0; i < RTE_DIM(ixg_reg_groups); i++)
		n += ixg_reg_groups[i].count;
	return n;
}

int
ixguard_get_regs(struct rte_eth_dev *dev, struct rte_dev_reg_info *regs)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	uint32_t total = ixg_reg_count(), i, j, k = 0;
	uint32_t *data = regs->data;

	if (data == NULL) {
		regs->length = total;
		regs->width = sizeof(uint32_t);
		return 0;
	}
	/* Whole dump only (as ethtool asks for it). */
	if ((regs->length != 0 && regs->length != total) ||
	    regs->offset != 0)
		return -ENOTSUP;
	regs->length = total;
	regs->width = sizeof(uint32_t);
	regs->version = hw->device_id;
	for (i = 0; i < RTE_DIM(ixg_reg_groups); i++) {
		const struct ixg_reg_group *g = &ixg_reg_groups[i];

		for (j = 0; j < g->count; j++)
			data[k++] = ixg_read(hw, g->base + j * g->stride);
	}
	return 0;
}

/* ---- NVM (EEPROM) ------------------------------------------------------- */

int
ixguard_get_eeprom_length(struct rte_eth_dev *dev)
{
	return (int)(IXG_HW(dev)->eeprom_words * 2);
}

/* Bytes offset .. offset + length - 1 of the NVM, little endian words. */
int
ixguard_get_eeprom(struct rte_eth_dev *dev, struct rte_dev_eeprom_info *info)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	uint32_t size = hw->eeprom_words * 2, b, end;
	uint8_t *out = info->data;
	uint16_t w = 0;
	int ret;

	if (out == NULL || info->offset >= size ||
	    info->length > size - info->offset)
		return -EINVAL;
	end = info->offset + info->length;
	for (b = info->offset; b < end; b++) {
		if (b == info->offset || !(b & 1)) {
			ret = ixguard_eeprom_read(hw, (uint16_t)(b >> 1), &w);
			if (ret != 0)
				return ret;
		}
		out[b - info->offset] = (b & 1) ? (uint8_t)(w >> 8) :
						  (uint8_t)w;
	}
	info->magic = IX_PCI_VENDOR_INTEL | (uint32_t)hw->device_id << 16;
	return 0;
}

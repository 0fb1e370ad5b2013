/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * IEEE 802.3x link flow control (datasheet 3.7.7, registers 8.2.3.3).
 *
 * Receive side: MFLCN.RFCE makes the MAC honour the pause frames it
 * receives.  Transmit side: FCCFG.TFCE = 802.3x makes it send XOFF when
 * packet buffer 0 fills past FCRTH (FCRTH.FCEN) and, with FCRTL.XONE,
 * XON when it drains below FCRTL; FCTTV is the pause time sent and
 * FCRTV the interval at which a still-valid XOFF is refreshed.  Only
 * packet buffer / traffic class 0 is used (no DCB).
 *
 * Water marks are in KB, as DPDK's 82599 driver and testpmd's
 * "set flow_ctrl" count them; the high mark must leave room for a
 * full-size frame in the packet buffer (RXPBSIZE).  Pause time is in
 * 512-bit times.  The priority flow control registers are left alone.
 *
 * The settings live in the adapter and are programmed again by every
 * dev_start (whose reset clears them).  The pause mode is applied as
 * requested: the 82599 does not resolve pause with the link partner by
 * itself, and this driver does not either; "autoneg" is kept and
 * reported but changes nothing.
 */

#include <errno.h>
#include <string.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"

/* Defaults until the application sets something: no pause, and the
 * marks and pause time an 82599 driver traditionally uses. */
#define IXGUARD_FC_HIGH_KB	128
#define IXGUARD_FC_LOW_KB	64
#define IXGUARD_FC_PAUSE	0x680

static bool
ixg_fc_tx(enum rte_eth_fc_mode m)
{
	return m == RTE_ETH_FC_TX_PAUSE || m == RTE_ETH_FC_FULL;
}

static bool
ixg_fc_rx(enum rte_eth_fc_mode m)
{
	return m == RTE_ETH_FC_RX_PAUSE || m == RTE_ETH_FC_FULL;
}

static void
ixg_fc_defaults(struct ixguard_adapter *ad)
{
	if (ad->fc_valid)
		return;
	memset(&ad->fc, 0, sizeof(ad->fc));
	ad->fc.mode = RTE_ETH_FC_NONE;
	ad->fc.high_water = IXGUARD_FC_HIGH_KB;
	ad->fc.low_water = IXGUARD_FC_LOW_KB;
	ad->fc.pause_time = IXGUARD_FC_PAUSE;
	ad->fc.send_xon = 1;
	ad->fc_valid = true;
}

/* Largest high water mark (KB): the buffer less one full-size frame. */
static uint32_t
ixg_fc_max_high(struct ixguard_hw *hw)
{
	uint32_t pb = ixg_read(hw, IX_RXPBSIZE(0)) & IX_RXPBSIZE_MASK;

	if (pb <= RTE_ETHER_MAX_LEN)
		return 0;
	return (pb - RTE_ETHER_MAX_LEN) >> IX_RXPBSIZE_SHIFT;
}

/* Program the adapter's settings (any time: the registers are live). */
void
ixguard_fc_apply(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_hw *hw = &ad->hw;
	const struct rte_eth_fc_conf *fc;
	uint32_t fcrtl, fcrth, mflcn, fccfg, i;

	ixg_fc_defaults(ad);
	fc = &ad->fc;

	for (i = 0; i < 4; i++)
		ixg_write(hw, IX_FCTTV(i), (uint32_t)fc->pause_time * 0x00010001);
	fcrtl = ((uint32_t)fc->low_water << 10) & IX_FCRT_THRESH_MASK;
	fcrth = ((uint32_t)fc->high_water << 10) & IX_FCRT_THRESH_MASK;
	if (fc->send_xon)
		fcrtl |= IX_FCRTL_XONE;
	if (ixg_fc_tx(fc->mode))
		fcrth |= IX_FCRTH_FCEN;
	/* Thresholds first, so that XOFF never fires on stale ones. */
	ixg_write(hw, IX_FCRTL(0), fcrtl);
	ixg_write(hw, IX_FCRTH(0), fcrth);
	for (i = 1; i < 8; i++) {
		ixg_write(hw, IX_FCRTL(i), 0);
		ixg_write(hw, IX_FCRTH(i), 0);
	}
	ixg_write(hw, IX_FCRTV, (fc->pause_time / 2) & IX_FCRTV_MASK);

	mflcn = ixg_read(hw, IX_MFLCN);
	mflcn &= ~(IX_MFLCN_RFCE | IX_MFLCN_RPFCE | IX_MFLCN_RPFCM_MASK |
		   IX_MFLCN_PMCF);
	if (ixg_fc_rx(fc->mode))
		mflcn |= IX_MFLCN_RFCE;
	if (fc->mac_ctrl_frame_fwd)
		mflcn |= IX_MFLCN_PMCF;
	ixg_write(hw, IX_MFLCN, mflcn);

	fccfg = ixg_read(hw, IX_FCCFG) & ~IX_FCCFG_TFCE_MASK;
	if (ixg_fc_tx(fc->mode))
		fccfg |= IX_FCCFG_TFCE_802_3X;
	ixg_write(hw, IX_FCCFG, fccfg);
	ixg_flush(hw);
}

/* What the device is programmed with (autoneg: the stored request). */
int
ixguard_flow_ctrl_get(struct rte_eth_dev *dev, struct rte_eth_fc_conf *fc)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_hw *hw = &ad->hw;
	uint32_t fcrtl, fcrth, mflcn, fccfg;
	bool rx, tx;

	if (!ad->fc_valid)
		ixguard_fc_apply(dev);
	fcrtl = ixg_read(hw, IX_FCRTL(0));
	fcrth = ixg_read(hw, IX_FCRTH(0));
	mflcn = ixg_read(hw, IX_MFLCN);
	fccfg = ixg_read(hw, IX_FCCFG);

	memset(fc, 0, sizeof(*fc));
	rx = (mflcn & IX_MFLCN_RFCE) != 0;
	tx = (fccfg & IX_FCCFG_TFCE_MASK) == IX_FCCFG_TFCE_802_3X &&
	     (fcrth & IX_FCRTH_FCEN);
	if (rx && tx)
		fc->mode = RTE_ETH_FC_FULL;
	else if (rx)
		fc->mode = RTE_ETH_FC_RX_PAUSE;
	else if (tx)
		fc->mode = RTE_ETH_FC_TX_PAUSE;
	else
		fc->mode = RTE_ETH_FC_NONE;
	fc->high_water = (fcrth & IX_FCRT_THRESH_MASK) >> 10;
	fc->low_water = (fcrtl & IX_FCRT_THRESH_MASK) >> 10;
	fc->pause_time = (uint16_t)(ixg_read(hw, IX_FCTTV(0)) &
				    IX_FCTTV_TTV_MASK);
	fc->send_xon = (fcrtl & IX_FCRTL_XONE) != 0;
	fc->mac_ctrl_frame_fwd = (mflcn & IX_MFLCN_PMCF) != 0;
	fc->autoneg = ad->fc.autoneg;
	return 0;
}

int
ixguard_flow_ctrl_set(struct rte_eth_dev *dev, struct rte_eth_fc_conf *fc)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	uint16_t port = dev->data->port_id;
	uint32_t max_high = ixg_fc_max_high(&ad->hw);

	if (fc->mode > RTE_ETH_FC_FULL) {
		IXG_DRV_LOG(ERR, "port %u: flow control mode %d unknown",
			    port, fc->mode);
		return -EINVAL;
	}
	if (fc->high_water > max_high || fc->low_water > fc->high_water) {
		IXG_DRV_LOG(ERR, "port %u: flow control water marks high %u "
			    "low %u KB invalid: need low <= high <= %u",
			    port, fc->high_water, fc->low_water, max_high);
		return -EINVAL;
	}
	if (ixg_fc_tx(fc->mode) &&
	    (fc->low_water == 0 || fc->low_water >= fc->high_water)) {
		IXG_DRV_LOG(ERR, "port %u: sending pause frames needs "
			    "0 < low water (%u) < high water (%u) KB", port,
			    fc->low_water, fc->high_water);
		return -EINVAL;
	}
	if (ixg_fc_tx(fc->mode) && fc->pause_time == 0) {
		IXG_DRV_LOG(ERR, "port %u: sending pause frames needs a "
			    "pause time > 0", port);
		return -EINVAL;
	}
	if (fc->send_xon > 1 || fc->mac_ctrl_frame_fwd > 1 ||
	    fc->autoneg > 1) {
		IXG_DRV_LOG(ERR, "port %u: flow control send_xon, "
			    "mac_ctrl_frame_fwd and autoneg are 0 or 1", port);
		return -EINVAL;
	}
	ad->fc = *fc;
	ad->fc_valid = true;
	ixguard_fc_apply(dev);
	return 0;
}

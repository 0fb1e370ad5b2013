/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Device lifetime, resets and the link.
 *
 * Reset model: power-on, PCI function level reset and the software
 * resets in CTRL (RST and LNK_RST) all return the register file to its
 * defaults and reload what the 82599 loads from the NVM on reset: the
 * permanent MAC address into RAR[0] (with Address Valid) and the link
 * mode registers AUTOC/AUTOC2 from the MAC section (datasheet 4.6.3,
 * 6.3).  net_ixgbe expects both: it reads the permanent address back
 * from RAL0/RAH0 and snapshots AUTOC right after its first reset.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ix82599_regs.h"
#include "ix82599_rxtx.h"
#include "ixm_priv.h"
#include "ixm_regtab.h"

static bool
is_sfp(const struct ixm_dev *dev)
{
	return dev->cfg.device_id != IX_DEV_82599_KR;
}

static void
load_mac(struct ixm_dev *dev)
{
	uint8_t mac[6];
	uint32_t ral, rah;

	ixm_ee_mac(dev, mac);
	ral = mac[0] | mac[1] << 8 | mac[2] << 16 | (uint32_t)mac[3] << 24;
	rah = mac[4] | mac[5] << 8 | IX_RAH_AV;
	ixm_wr(dev, IX_RAL_82599(0), ral);
	ixm_wr(dev, IX_RAH_82599(0), rah);
}

void
ixm_ctrl_reset(struct ixm_dev *dev, bool power_on)
{
	(void)power_on;	/* no sticky state differs between the two yet */
	/*
	 * Counts the datapath still batches belong to the totals (which a
	 * reset keeps); the counters they would have gone to restart at 0.
	 */
	ixm_dp_stats_flush(dev);
	/* Every register to its reset value (the table's). */
	ixm_reg_reset(dev);

	ixm_intr_reset(dev);
	ixm_ee_reset(dev);
	ixm_phy_reset(dev);
	ixm_stats_reset(dev);

	load_mac(dev);
	ixm_wr(dev, IX_AUTOC, ixm_ee_autoc(dev));
	ixm_wr(dev, IX_AUTOC2, ixm_ee_autoc2(dev));
	/*
	 * SFP+ boards configure SDP3 (TX laser disable) as an output
	 * driving 0 from the NVM, so the laser is on after reset.
	 */
	if (is_sfp(dev))
		ixm_wr(dev, IX_ESDP, IX_ESDP_SDP_DIR(3));

	ixm_dp_reset(dev);

	/* The link comes back by itself; no LSC for a reset. */
	dev->ctrl.link_up = false;
	ixm_ctrl_link_update(dev, false);
}

struct ixm_dev *
ixm_create(const struct ixm_config *cfg, const struct ixm_host_ops *host,
	   void *bar0, void *bar4)
{
	struct ixm_dev *dev;

	if (cfg == NULL || host == NULL || bar0 == NULL)
		return NULL;
	dev = calloc(1, sizeof(*dev));
	if (dev == NULL)
		return NULL;
	dev->cfg = *cfg;
	dev->host = *host;
	dev->regs = bar0;
	dev->msix = bar4;
	/* Ports come up cabled; ixm_set_cable() pulls the cable. */
	dev->ctrl.cable = true;
	/* No far end modelled until the platform says what it sends. */
	dev->ctrl.rx_sig = IXM_SIG_ANY;

	ixm_ee_build(dev);
	ixm_sfp_build(dev);
	ixm_dp_init(dev);
	ixm_ctrl_reset(dev, true);
	return dev;
}

void
ixm_destroy(struct ixm_dev *dev)
{
	free(dev);
}

void
ixm_function_reset(struct ixm_dev *dev)
{
	ixm_ctrl_reset(dev, true);
}

/* ---- Link ---- */

/* The line rate AUTOC.LMS selects: the 1 Gb/s modes, else 10 Gb/s. */
static unsigned int
lms_sig(const struct ixm_dev *dev)
{
	switch (ixm_rd(dev, IX_AUTOC) & IX_AUTOC_LMS_MASK) {
	case IX_AUTOC_LMS_1G_NO_AN:
	case IX_AUTOC_LMS_1G_AN:
	case IX_AUTOC_LMS_SGMII:
		return IXM_SIG_1G;
	default:
		return IXM_SIG_10G;
	}
}

/*
 * The transmitter: dark while the MAC link is disabled (AUTOC2 link
 * disable bits) and, on SFP+, while no module sits in the cage, the
 * laser is off (SDP3 driven high, the TX_DISABLE line) or the module
 * cannot run at the rate LMS selects.
 */
unsigned int
ixm_tx_signal(const struct ixm_dev *dev)
{
	uint32_t esdp = ixm_rd(dev, IX_ESDP);
	unsigned int sig = lms_sig(dev);

	if (ixm_rd(dev, IX_AUTOC2) & IX_AUTOC2_LINK_DISABLE_MASK)
		return IXM_SIG_NONE;
	if (is_sfp(dev)) {
		if (!dev->ctrl.sfp_present)
			return IXM_SIG_NONE;
		if ((esdp & IX_ESDP_SDP_DIR(3)) && (esdp & IX_ESDP_LASER_DIS))
			return IXM_SIG_NONE;
		if (!(ixm_sfp_rates(dev) &
		      (sig == IXM_SIG_1G ? IXM_RATE_1G : IXM_RATE_10G)))
			return IXM_SIG_NONE;
	}
	return sig;
}

static bool
link_compute(const struct ixm_dev *dev)
{
	unsigned int tx = ixm_tx_signal(dev);

	if (ixm_rd(dev, IX_AUTOC2) & IX_AUTOC2_LINK_DISABLE_MASK)
		return false;
	/* Force Link Up holds the MAC link regardless of the PCS. */
	if (ixm_rd(dev, IX_AUTOC) & IX_AUTOC_FLU)
		return true;
	if (!dev->ctrl.cable)
		return false;
	/*
	 * A dark transmitter takes the link down at both ends: the far end
	 * loses the signal, this end gets its remote fault.  Otherwise the
	 * far end must send at this port's rate.
	 */
	if (tx == IXM_SIG_NONE)
		return false;
	return dev->ctrl.rx_sig == IXM_SIG_ANY || dev->ctrl.rx_sig == tx;
}

void
ixm_ctrl_link_update(struct ixm_dev *dev, bool notify)
{
	bool up = link_compute(dev);
	unsigned int tx = ixm_tx_signal(dev);

	/* Recorded before the host hears it: the far end may be this
	 * port (loop wire) and call back in. */
	if (tx != dev->ctrl.tx_sig) {
		dev->ctrl.tx_sig = (uint8_t)tx;
		if (dev->host.tx_signal != NULL)
			dev->host.tx_signal(dev->host.ctx, tx);
		up = link_compute(dev);
	}
	if (up == dev->ctrl.link_up)
		return;
	dev->ctrl.link_up = up;
	if (notify)
		ixm_intr_raise(dev, IX_EICR_LSC);
}

void
ixm_set_rx_signal(struct ixm_dev *dev, unsigned int sig)
{
	if (sig > IXM_SIG_ANY)
		sig = IXM_SIG_NONE;
	dev->ctrl.rx_sig = (uint8_t)sig;
	ixm_ctrl_link_update(dev, true);
}

/*
 * LEDCTL (§8.2.3.1.4): one byte per LED, the mode in bits 3:0, invert in
 * bit 6, blink in bit 7.
 */
int
ixm_led(const struct ixm_dev *dev, unsigned int led)
{
	uint32_t b;
	bool on, up = dev->ctrl.link_up;

	if (led > 3)
		return -EINVAL;
	b = ixm_rd(dev, IX_LEDCTL) >> IX_LEDCTL_SHIFT(led);
	switch (b & IX_LEDCTL_MODE_MASK) {
	case IX_LED_LINK_UP:
	case IX_LED_MAC_ACTIVITY:
	case IX_LED_FILTER_ACTIVITY:
	case IX_LED_LINK_ACTIVE:
		on = up;
		break;
	case IX_LED_LINK_10G:
		on = up && lms_sig(dev) == IXM_SIG_10G;
		break;
	case IX_LED_LINK_1G:
		on = up && lms_sig(dev) == IXM_SIG_1G;
		break;
	case IX_LED_ON:
		on = true;
		break;
	default:	/* IX_LED_OFF, 100 Mb/s, reserved */
		on = false;
		break;
	}
	if (b & IX_LEDCTL_IVRT)
		on = !on;
	return on;
}

/* ---- Register handlers (ixm_regtab.c) ---- */

/*
 * CTRL.RST and CTRL.LNK_RST reset the device and self-clear before the
 * driver's first poll (§8.2.3.1.1).  The model treats a link reset like a
 * full software reset: net_ixgbe uses LNK_RST when the link is down and
 * expects the same end state.
 */
void
ixm_ctrl_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	if (val & IX_CTRL_RST_MASK)
		ixm_ctrl_reset(dev, false);
	else
		ixm_reg_store(dev, off, val);
}

/* AUTOC, AUTOC2, HLREG0 (loopback) and ESDP (laser) decide the link. */
void
ixm_link_reg_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	ixm_reg_store(dev, off, val);
	ixm_ctrl_link_update(dev, true);
}

uint32_t
ixm_links_read(struct ixm_dev *dev, uint32_t off IXM_UNUSED)
{
	uint32_t lms = ixm_rd(dev, IX_AUTOC) & IX_AUTOC_LMS_MASK;
	uint32_t v;

	if (!dev->ctrl.link_up)
		return 0;
	switch (lms) {
	case IX_AUTOC_LMS_1G_NO_AN:
	case IX_AUTOC_LMS_1G_AN:
	case IX_AUTOC_LMS_SGMII:
		v = IX_LINKS_UP | IX_LINKS_SPEED_1G | IX_LINKS_1G_SYNC |
		    IX_LINKS_PCS_1G_EN;
		break;
	default:
		v = IX_LINKS_UP | IX_LINKS_SPEED_10G | IX_LINKS_10G_ALIGN |
		    IX_LINKS_10G_LANE_SYNC;
		break;
	}
	/* Clause 73 modes report autonegotiation complete. */
	if (lms == IX_AUTOC_LMS_KX4_KX_KR ||
	    lms == IX_AUTOC_LMS_KX4_KX_KR_1G_AN ||
	    lms == IX_AUTOC_LMS_KX4_KX_KR_SGMII)
		v |= IX_LINKS_KX_AN_COMP;
	return v;
}

uint32_t
ixm_pcs1glsta_read(struct ixm_dev *dev, uint32_t off IXM_UNUSED)
{
	return dev->ctrl.link_up ? IX_PCS1GLSTA_LINK_OK |
	       IX_PCS1GLSTA_SYNC_OK : 0;
}

uint32_t
ixm_status_read(struct ixm_dev *dev, uint32_t off IXM_UNUSED)
{
	uint32_t v = (dev->cfg.port & 1) << IX_STATUS_LAN_ID_SHIFT;

	if (dev->ctrl.link_up)
		v |= IX_STATUS_LINK_UP;
	/* Master requests stop as soon as GIO_DIS is set: nothing pends. */
	if (!(ixm_rd(dev, IX_CTRL) & IX_CTRL_GIO_DIS))
		v |= IX_STATUS_GIO;
	return v;
}

void
ixm_set_cable(struct ixm_dev *dev, bool connected)
{
	dev->ctrl.cable = connected;
	ixm_ctrl_link_update(dev, true);
}

bool
ixm_link_up(const struct ixm_dev *dev)
{
	return dev->ctrl.link_up;
}

/* ---- Queries from the datapath ---- */

bool
ixm_ctrl_rx_enabled(const struct ixm_dev *dev)
{
	return (ixm_rd(dev, IX_RXCTRL) & IX_RXCTRL_RXEN) &&
	       !(ixm_rd(dev, IX_SECRXCTRL) & IX_SECRXCTRL_RX_DIS);
}

bool
ixm_ctrl_tx_enabled(const struct ixm_dev *dev)
{
	return ixm_rd(dev, IX_DMATXCTL) & IX_DMATXCTL_TE;
}

bool
ixm_ctrl_loopback(const struct ixm_dev *dev)
{
	/* net_ixgbe's lpbk_mode: HLREG0.LPBK plus AUTOC = 10G | FLU. */
	return (ixm_rd(dev, IX_HLREG0) & IX_HLREG0_LPBK) &&
	       (ixm_rd(dev, IX_AUTOC) & IX_AUTOC_FLU);
}

void
ixm_tick(struct ixm_dev *dev)
{
	ixm_ctrl_tick(dev);
}

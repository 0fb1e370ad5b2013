/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Link setup (datasheet §4.6.4): the speed dev_configure asked for in
 * AUTOC's link mode, the SFP+ laser (SDP3, the module's TX_DISABLE) for
 * dev_set_link_up/down, the LEDs (LEDCTL, §8.2.3.1.4), and the "other"
 * interrupt causes of the link: LSC and the SFP+ module-present pin
 * (GPI SDP2, §7.9.1) that reports insertion and removal.
 */

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <bus_pci_driver.h>
#include <ethdev_driver.h>
#include <ethdev_pci.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"

uint32_t
ixguard_link_speed_capa(const struct ixguard_hw *hw)
{
	uint32_t capa = RTE_ETH_LINK_SPEED_10G;

	/* CX4 and XAUI run 10 Gb/s only; SFI, KR/KX and KX4 parts do 1G. */
	if (hw->device_id != IX_DEV_82599_CX4 &&
	    hw->device_id != IX_DEV_82599_XAUI_LOM)
		capa |= RTE_ETH_LINK_SPEED_1G;
	return capa;
}

/*
 * link_speeds: autonegotiation (0) keeps the mode the NVM loads into
 * AUTOC (10 Gb/s on the SFP+ and KR parts).  A fixed speed must be one
 * the part runs at, and on SFP+ one the module in the cage supports.  An
 * autonegotiated list without 10 Gb/s means 1 Gb/s.
 */
int
ixguard_link_configure(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_hw *hw = &ad->hw;
	uint32_t speeds = dev->data->dev_conf.link_speeds;
	bool fixed = speeds & RTE_ETH_LINK_SPEED_FIXED;
	uint32_t want = speeds & ~RTE_ETH_LINK_SPEED_FIXED;
	uint32_t capa = ixguard_link_speed_capa(hw), mod;
	uint16_t port = dev->data->port_id;
	int ret;

	ad->link_speed = 0;
	if (speeds == RTE_ETH_LINK_SPEED_AUTONEG)
		return 0;
	if (want == 0 || (want & ~capa)) {
		IXG_DRV_LOG(ERR, "port %u: link speeds 0x%x not supported: "
			    "the 82599 runs at %s full duplex", port, want,
			    (capa & RTE_ETH_LINK_SPEED_1G) ? "10G or 1G" :
			    "10G");
		return -EINVAL;
	}
	if (fixed && __builtin_popcount(want) != 1) {
		IXG_DRV_LOG(ERR, "port %u: a fixed link speed is one speed, "
			    "not 0x%x", port, want);
		return -EINVAL;
	}
	if (want & RTE_ETH_LINK_SPEED_10G) {
		/* 10G alone, fixed or not, is what the NVM sets up. */
		if (!fixed)
			return 0;
		ad->link_speed = RTE_ETH_SPEED_NUM_10G;
	} else {
		ad->link_speed = RTE_ETH_SPEED_NUM_1G;
	}
	if (!hw->sfp)
		return 0;
	ret = ixguard_module_rates(hw, &mod);
	if (ret == -ENODEV) {
		IXG_DRV_LOG(NOTICE, "port %u: no SFP+ module: %u Mb/s is "
			    "not checked against one", port, ad->link_speed);
		return 0;
	}
	if (ret != 0) {
		IXG_DRV_LOG(ERR, "port %u: cannot read the SFP+ module (%d)",
			    port, ret);
		ad->link_speed = 0;
		return -EIO;
	}
	if (!(mod & (ad->link_speed == RTE_ETH_SPEED_NUM_1G ?
		     RTE_ETH_LINK_SPEED_1G : RTE_ETH_LINK_SPEED_10G))) {
		IXG_DRV_LOG(ERR, "port %u: the SFP+ module does not run at "
			    "%u Mb/s (its compliance codes say %s)", port,
			    ad->link_speed,
			    mod == 0 ? "neither 1G nor 10G" :
			    (mod & RTE_ETH_LINK_SPEED_1G) ? "1G only" :
			    "10G only");
		ad->link_speed = 0;
		return -EINVAL;
	}
	return 0;
}

/* AUTOC for the speed dev_configure chose (§4.6.4.1, AUTOC.LMS). */
static void
link_mode_set(struct ixguard_adapter *ad)
{
	struct ixguard_hw *hw = &ad->hw;
	uint32_t autoc = ixg_read(hw, IX_AUTOC);
	uint32_t esdp;

	if (ad->link_speed == 0)
		return;
	autoc &= ~(IX_AUTOC_LMS_MASK | IX_AUTOC_FLU);
	if (hw->sfp) {
		/* SFI: 10G serial, or 1G without clause 37 AN (1G SFI). */
		autoc &= ~IX_AUTOC_1G_PMA_PMD_MASK;
		autoc |= ad->link_speed == RTE_ETH_SPEED_NUM_10G ?
			 IX_AUTOC_LMS_10G_SERIAL : IX_AUTOC_LMS_1G_NO_AN;
		/* Rate select (SDP5) for dual-rate optics: high for 10G. */
		esdp = ixg_read(hw, IX_ESDP) | IX_ESDP_SDP_DIR(5);
		if (ad->link_speed == RTE_ETH_SPEED_NUM_10G)
			esdp |= IX_ESDP_RATE_SEL;
		else
			esdp &= ~IX_ESDP_RATE_SEL;
		ixg_write(hw, IX_ESDP, esdp);
	} else if (ad->link_speed == RTE_ETH_SPEED_NUM_10G) {
		/* Backplane: clause 73 advertising KR/KX4 only. */
		autoc &= ~(IX_AUTOC_KX_SUPP | IX_AUTOC_KX4_SUPP |
			   IX_AUTOC_KR_SUPP);
		autoc |= IX_AUTOC_LMS_KX4_KX_KR | IX_AUTOC_KR_SUPP |
			 IX_AUTOC_KX4_SUPP;
	} else {
		/* Backplane 1G: KX with clause 37 autonegotiation. */
		autoc |= IX_AUTOC_LMS_1G_AN | IX_AUTOC_1G_KX_BX;
	}
	ixg_write(hw, IX_AUTOC, autoc);
}

/*
 * The link on or off: on SFP+ the laser (SDP3 an output; high disables
 * the module's transmitter, what Linux ixgbe calls disable_tx_laser);
 * elsewhere the MAC's link disable bits in AUTOC2.  Then the link state
 * machine restarts.
 */
static void
link_power(struct ixguard_hw *hw, bool on)
{
	uint32_t v;

	if (hw->sfp) {
		v = ixg_read(hw, IX_ESDP) | IX_ESDP_SDP_DIR(3);
		if (on)
			v &= ~IX_ESDP_LASER_DIS;
		else
			v |= IX_ESDP_LASER_DIS;
		ixg_write(hw, IX_ESDP, v);
	} else {
		v = ixg_read(hw, IX_AUTOC2);
		if (on)
			v &= ~IX_AUTOC2_LINK_DISABLE_MASK;
		else
			v |= IX_AUTOC2_LINK_DISABLE_MASK;
		ixg_write(hw, IX_AUTOC2, v);
	}
	ixg_write(hw, IX_AUTOC, ixg_read(hw, IX_AUTOC) | IX_AUTOC_AN_RESTART);
	ixg_flush(hw);
}

/* LED 0's mode field in LEDCTL (§8.2.3.1.4), the rest kept. */
static void
led_write(struct ixguard_hw *hw, uint32_t mode)
{
	uint32_t v = ixg_read(hw, IX_LEDCTL);

	v &= ~((IX_LEDCTL_MODE_MASK | IX_LEDCTL_IVRT | IX_LEDCTL_BLINK) <<
	       IX_LEDCTL_SHIFT(0));
	v |= mode << IX_LEDCTL_SHIFT(0);
	ixg_write(hw, IX_LEDCTL, v);
	ixg_flush(hw);
}

/* dev_start, after the reset: the link mode, then the link on. */
void
ixguard_link_start(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);

	/* MAC loopback owns AUTOC (ixguard_info.c). */
	if (dev->data->dev_conf.lpbk_mode == 0)
		link_mode_set(ad);
	/* The reset gave LED 0 back its NVM mode: the user's choice again. */
	if (ad->led_forced)
		led_write(&ad->hw, ad->led_mode);
	ad->link_down = false;
	link_power(&ad->hw, true);
}

int
ixguard_dev_set_link_up(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);

	ad->link_down = false;
	link_power(&ad->hw, true);
	ixguard_link_update(dev, 0);
	return 0;
}

int
ixguard_dev_set_link_down(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);

	ad->link_down = true;
	link_power(&ad->hw, false);
	ixguard_link_update(dev, 0);
	return 0;
}

/*
 * LED 0, the one net_ixgbe's led_on/led_off drive, forced on or off.  The
 * choice is remembered: the software reset (CTRL.RST) of dev_start loads
 * LEDCTL from the NVM again, and ixguard_link_start() puts it back.
 */
static int
led_set(struct rte_eth_dev *dev, uint32_t mode)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);

	ad->led_forced = true;
	ad->led_mode = (uint8_t)mode;
	led_write(&ad->hw, mode);
	return 0;
}

int
ixguard_dev_led_on(struct rte_eth_dev *dev)
{
	return led_set(dev, IX_LED_ON);
}

int
ixguard_dev_led_off(struct rte_eth_dev *dev)
{
	return led_set(dev, IX_LED_OFF);
}

/*
 * The link's "other" causes, to arm with the LSC interrupt: LSC, and on
 * SFP+ the module-present pin SDP2 as a general purpose interrupt input.
 */
uint32_t
ixguard_link_intr_setup(struct ixguard_hw *hw)
{
	uint32_t causes = IX_EICR_LSC;

	if (hw->sfp) {
		ixg_write(hw, IX_ESDP, ixg_read(hw, IX_ESDP) &
			  ~IX_ESDP_SDP_DIR(2));
		ixg_write(hw, IX_GPIE, ixg_read(hw, IX_GPIE) |
			  IX_GPIE_SDP2_GPIEN);
		causes |= IX_EICR_GPI_SDP2;
	}
	return causes;
}

/*
 * Interrupt thread: a link change, or a module inserted or pulled.
 * Returns whether the application is to hear of it (one LSC event per
 * interrupt, however many causes it carried): a module change always,
 * since the module the port runs with is news even when the link state
 * stays what it was.
 */
bool
ixguard_link_intr(struct rte_eth_dev *dev, uint32_t eicr)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	bool changed = false;

	if (eicr & IX_EICR_GPI_SDP2) {
		IXG_DRV_LOG(INFO, "port %u: SFP+ module %s",
			    dev->data->port_id,
			    ixguard_module_present(hw) ? "inserted" :
			    "removed");
		changed = true;
	}
	if (eicr & (IX_EICR_LSC | IX_EICR_GPI_SDP2))
		changed |= ixguard_link_update(dev, 0) == 0;
	return changed;
}

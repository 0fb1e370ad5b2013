/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Trapped BAR0 accesses: the register semantics of the control plane.
 *
 * The BAR memory is the register file; a register without special
 * behaviour reads back what was last written.  This file lists the
 * exceptions: read-only and computed registers, clear-on-read and
 * write-1-to-clear registers, self-clearing command bits, the
 * semaphores, and the NVM / MDIO / I2C / interrupt front ends.
 */
#include "ix82599_regs.h"
#include "ixm_priv.h"

/*
 * Registers the 82599 also decodes at their 82598 addresses; net_ixgbe
 * uses the old address for the first 16 instances (datasheet 8.1.3,
 * "Registers Mapped to Multiple Addresses").  Writes land in both places
 * so that whichever address the datapath reads sees the value.
 */
#define SRRCTL_OLD(i)		(0x02100 + (i) * 4)
#define SRRCTL_NEW(i)		(0x01014 + (i) * 0x40)
#define DCA_RXCTRL_OLD(i)	(0x02200 + (i) * 4)
#define DCA_RXCTRL_NEW(i)	(0x0100C + (i) * 0x40)
#define RAR_OLD(i)		(0x05400 + (i) * 8)
#define RAR_NEW(i)		(0x0A200 + (i) * 8)
#define PSRTYPE_OLD(i)		(0x05480 + (i) * 4)
#define PSRTYPE_NEW(i)		(0x0EA00 + (i) * 4)

/* Flow director table commands (ix82599_rxtx.h owns these registers). */
#define FDIRCTRL		0x0EE00
#define FDIRCTRL_INIT_DONE	0x00000008

/*
 * Return the canonical 82599 offset of an aliased register and the
 * other address in *alias (0 when the register has a single address).
 */
uint32_t
ixm_ctrl_canonical(uint32_t off, uint32_t *alias)
{
	uint32_t i;

	*alias = 0;
	if (off >= SRRCTL_OLD(0) && off < SRRCTL_OLD(16)) {
		i = (off - SRRCTL_OLD(0)) / 4;
		*alias = off;
		return SRRCTL_NEW(i);
	}
	if (off >= DCA_RXCTRL_OLD(0) && off < DCA_RXCTRL_OLD(16)) {
		i = (off - DCA_RXCTRL_OLD(0)) / 4;
		*alias = off;
		return DCA_RXCTRL_NEW(i);
	}
	if (off >= RAR_OLD(0) && off < RAR_OLD(16)) {
		*alias = off;
		return RAR_NEW(0) + (off - RAR_OLD(0));
	}
	if (off >= PSRTYPE_OLD(0) && off < PSRTYPE_OLD(16)) {
		*alias = off;
		return PSRTYPE_NEW(0) + (off - PSRTYPE_OLD(0));
	}
	return off;
}

static bool
is_read_only(uint32_t off)
{
	switch (off) {
	case IX_STATUS:
	case IX_LINKS:
	case IX_LINKS2:
	case IX_ANLP1:
	case IX_ANLP2:
	case IX_ANLPNP1:
	case IX_ANLPNP2:
	case IX_PCS1GLSTA:
	case IX_PCS1GANLP:
	case IX_PCS1GANLPNP:
	case IX_PCSS1:
	case IX_PCSS2:
	case IX_XPCSS:
	case IX_MACS:
	case IX_KRPCSS:
	case IX_FECS1:
	case IX_FECS2:
	case IX_SECRXSTAT:
	case IX_SECTXSTAT:
	case IX_FWSM:
	case IX_FWSTS:
		return true;
	default:
		return false;
	}
}

uint32_t
ixm_reg_read(struct ixm_dev *dev, uint32_t off)
{
	uint32_t v, alias;

	if (off >= IXM_BAR0_SIZE || (off & 3))
		return 0;
	/* Any register access is a chance to send a throttled vector. */
	if (dev->ctrl.intr.held)
		ixm_intr_update(dev);
	if (ixm_stats_is(dev, off))
		return ixm_stats_read(dev, off);
	if (ixm_intr_reg_read(dev, off, &v))
		return v;

	switch (off) {
	case IX_STATUS:
		return ixm_ctrl_status(dev);
	case IX_EEC:
		return ixm_ee_eec_read(dev);
	case IX_I2CCTL:
		return ixm_i2c_read(dev);
	case IX_ESDP:
		return ixm_esdp_read(dev);
	case IX_LINKS:
		return ixm_ctrl_links(dev);
	case IX_SWSM:
		/*
		 * SMBI is a test-and-set semaphore: a read returns the old
		 * value and leaves the bit set, so the reader that saw 0
		 * owns it (10.5.4.1).
		 */
		v = ixm_rd(dev, IX_SWSM);
		ixm_wr(dev, IX_SWSM, v | IX_SWSM_SMBI);
		return v;
	case IX_GSSR:
		/* No firmware: its ownership bits never read as set. */
		return ixm_rd(dev, IX_GSSR) & ~IX_GSSR_FW_MASK;
	case IX_FWSM:
		return 0;	/* no manageability firmware */
	case IX_RDRXCTL:
		/* The RX DMA has always finished its init cycle. */
		return ixm_rd(dev, IX_RDRXCTL) | IX_RDRXCTL_DMAIDONE;
	case IX_SECRXSTAT:
		/* The security block is idle: always ready to switch. */
		return IX_SECRXSTAT_SECRX_RDY;
	case IX_SECTXSTAT:
		return IX_SECTXSTAT_SECTX_RDY;
	case IX_ANLP1:
		/*
		 * Autonegotiation state machine out of its reset state,
		 * which net_ixgbe's pipeline reset waits for after every
		 * AUTOC write.
		 */
		return (ixm_rd(dev, IX_ANLP1) & ~IX_ANLP1_AN_STATE_MASK) |
		       4u << IX_ANLP1_AN_STATE_SHIFT;
	case IX_PCS1GLSTA:
		return ixm_link_up(dev) ? IX_PCS1GLSTA_LINK_OK |
		       IX_PCS1GLSTA_SYNC_OK : 0;
	default:
		break;
	}
	return ixm_rd(dev, ixm_ctrl_canonical(off, &alias));
}

void
ixm_reg_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	uint32_t canon, alias;

	if (off >= IXM_BAR0_SIZE || (off & 3))
		return;
	if (dev->ctrl.intr.held)
		ixm_intr_update(dev);
	/* Statistics count events; software cannot preset them. */
	if (ixm_stats_is(dev, off) || is_read_only(off))
		return;
	if (ixm_intr_reg_write(dev, off, val))
		return;

	switch (off) {
	case IX_CTRL:
		/*
		 * RST and LNK_RST reset the device and self-clear before
		 * the driver's first poll.  The model treats a link reset
		 * like a full software reset: net_ixgbe uses LNK_RST when
		 * the link is down and expects the same end state.
		 */
		if (val & IX_CTRL_RST_MASK)
			ixm_ctrl_reset(dev, false);
		else
			ixm_wr(dev, IX_CTRL, val);
		return;
	case IX_EEC:
		ixm_ee_eec_write(dev, val);
		return;
	case IX_EERD:
		ixm_ee_eerd_write(dev, val);
		return;
	case IX_EEWR:
		ixm_ee_eewr_write(dev, val);
		return;
	case IX_I2CCTL:
		ixm_i2c_write(dev, val);
		return;
	case IX_MSCA:
		ixm_mdio_msca_write(dev, val);
		return;
	case IX_MSRWD:
		ixm_mdio_msrwd_write(dev, val);
		return;
	case IX_SWSM:
		ixm_wr(dev, IX_SWSM, val & (IX_SWSM_SMBI | IX_SWSM_SWESMBI |
					   IX_SWSM_WMNG));
		return;
	case IX_GSSR:
		ixm_wr(dev, IX_GSSR, val & ~IX_GSSR_FW_MASK);
		return;
	case IX_AUTOC:
		/* Restart_AN self-clears; the link follows LMS / FLU. */
		ixm_wr(dev, IX_AUTOC, val & ~IX_AUTOC_AN_RESTART);
		ixm_ctrl_link_update(dev, true);
		return;
	case IX_AUTOC2:
	case IX_ESDP:
	case IX_HLREG0:
		ixm_wr(dev, off, val);
		ixm_ctrl_link_update(dev, true);
		return;
	case IX_RDRXCTL:
		ixm_wr(dev, off, val & ~IX_RDRXCTL_DMAIDONE);
		return;
	case FDIRCTRL:
		/* Table (re)initialisation completes instantly. */
		ixm_wr(dev, off, val | FDIRCTRL_INIT_DONE);
		return;
	default:
		break;
	}

	canon = ixm_ctrl_canonical(off, &alias);
	ixm_wr(dev, canon, val);
	if (alias)
		ixm_wr(dev, alias, val);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Management buses to the media: MDIO (MSCA/MSRWD) and the cage's
 * sideband pins in ESDP.  The SFP+ module on the I2C lines is ixm_sfp.c.
 *
 * Neither emulated part has an external MDIO PHY (8086:10fb is SFI to an
 * SFP+ cage, 8086:1517 is KR backplane), so every MDIO command completes
 * at once and reads return 0xFFFF, which makes net_ixgbe's PHY scan give
 * up quickly.
 */

#include "ix82599_regs.h"
#include "ixm_priv.h"
#include "ixm_regtab.h"

static bool
has_cage(const struct ixm_dev *dev)
{
	return dev->cfg.device_id != IX_DEV_82599_KR;
}

void
ixm_phy_reset(struct ixm_dev *dev)
{
	ixm_sfp_reset(dev);
	dev->ctrl.mdio_addr = 0;
}

/* ---- MDIO ---- */

void
ixm_mdio_msca_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	uint32_t msrwd = ixm_rd(dev, IX_MSRWD) & IX_MSRWD_WRITE_MASK;

	if (val & IX_MSCA_MDI_COMMAND) {
		switch (val & IX_MSCA_OP_MASK) {
		case IX_MSCA_OP_ADDR:
			dev->ctrl.mdio_addr = (uint16_t)(val &
						IX_MSCA_NP_ADDR_MASK);
			break;
		case IX_MSCA_OP_READ:
		case IX_MSCA_OP_READ_INC:
			/* Nobody answers: the bus floats high. */
			ixm_wr(dev, IX_MSRWD,
			       0xFFFFu << IX_MSRWD_READ_SHIFT | msrwd);
			if ((val & IX_MSCA_OP_MASK) == IX_MSCA_OP_READ_INC)
				dev->ctrl.mdio_addr++;
			break;
		default:
			break;	/* writes go nowhere */
		}
	}
	/* The command completes before the driver can poll (sc_bits). */
	ixm_reg_store(dev, off, val);
}

/* ---- ESDP: SFP+ cage sideband pins ---- */

uint32_t
ixm_esdp_read(struct ixm_dev *dev, uint32_t off IXM_UNUSED)
{
	uint32_t v = ixm_rd(dev, IX_ESDP);

	/*
	 * SDP2 is the cage's module-present input on 82599 SFP+ designs
	 * (read by the driver's crosstalk workaround before it trusts
	 * LINKS).  Pins configured as outputs read back what was written.
	 */
	if (has_cage(dev) && !(v & IX_ESDP_SDP_DIR(2))) {
		v &= ~IX_ESDP_MOD_PRESENT;
		if (dev->ctrl.sfp_present)
			v |= IX_ESDP_MOD_PRESENT;
	}
	return v;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * L2 receive filtering (82599 datasheet §7.1.1.1 MAC address filtering,
 * §7.1.1.2 VLAN filtering).
 *
 * Order of checks for the destination address:
 *  - broadcast: accepted iff FCTRL.BAM;
 *  - any address exactly matching a valid receive address register (RAR)
 *    is accepted (RARs may hold multicast addresses too);
 *  - unicast: FCTRL.UPE accepts everything;
 *  - multicast: FCTRL.MPE accepts everything, else the 4096-bit MTA hash
 *    table when MCSTCTRL.MFE is set.
 * Frames passing the address filter then go through the VLAN filter when
 * VLNCTRL.VFE is set: a tagged frame's VLAN ID must be set in VFTA.
 * Untagged frames always pass the VLAN filter.
 */
#include "ixm_priv.h"
#include "ix82599_regs.h"

#define ETH_P_PAUSE	0x8808
#define MAC_CTRL_OP_PAUSE	0x0001

static inline bool
rar_match_at(const struct ixm_dev *dev, uint32_t ral_off, uint32_t lo,
	     uint32_t hi)
{
	uint32_t rah = ixm_rd(dev, ral_off + 4);

	return (rah & IX_RAH_AV) && (rah & IX_RAH_RAH_MASK) == hi &&
	       ixm_rd(dev, ral_off) == lo;
}

/*
 * Exact match against the 128 receive address registers.  Entries 0-15
 * have two addresses in BAR0 (0x5400 and 0xA200); the register table
 * stores both at the 82599 address (an alias row in ixm_regtab.c).
 */
static bool
rar_match(const struct ixm_dev *dev, const uint8_t *da)
{
	uint32_t lo = (uint32_t)da[0] | ((uint32_t)da[1] << 8) |
		      ((uint32_t)da[2] << 16) | ((uint32_t)da[3] << 24);
	uint32_t hi = (uint32_t)da[4] | ((uint32_t)da[5] << 8);
	unsigned int i;

	for (i = 0; i < IX_RAR_NUM; i++) {
		if (rar_match_at(dev, IX_RAL_82599(i), lo, hi))
			return true;
	}
	return false;
}

/*
 * MTA lookup (§7.1.1.1.2): 12 bits of the address selected by
 * MCSTCTRL.MO index a 4096-bit vector (128 registers of 32 bits).
 */
static bool
mta_match(const struct ixm_dev *dev, const uint8_t *da, uint32_t mcstctrl)
{
	uint32_t v;

	switch (mcstctrl & IX_MCSTCTRL_MO_MASK) {
	case 0:		/* bits 47:36 */
		v = ((uint32_t)da[4] >> 4) | ((uint32_t)da[5] << 4);
		break;
	case 1:		/* bits 46:35 */
		v = ((uint32_t)da[4] >> 3) | ((uint32_t)da[5] << 5);
		break;
	case 2:		/* bits 45:34 */
		v = ((uint32_t)da[4] >> 2) | ((uint32_t)da[5] << 6);
		break;
	default:	/* bits 43:32 */
		v = (uint32_t)da[4] | ((uint32_t)da[5] << 8);
		break;
	}
	v &= 0xFFF;
	return (ixm_rd(dev, IX_MTA(v >> 5)) >> (v & 31)) & 1;
}

bool
ixm_dp_filter(struct ixm_dev *dev, const uint8_t *f, size_t len,
	      bool tagged, uint16_t vid)
{
	uint32_t fctrl = ixm_rd(dev, IX_FCTRL);
	uint32_t vlnctrl;
	bool ok;

	if (len < 14)
		return false;
	if (!(f[0] & 1)) {
		ok = (fctrl & IX_FCTRL_UPE) || rar_match(dev, f);
	} else if ((f[0] & f[1] & f[2] & f[3] & f[4] & f[5]) == 0xFF) {
		ok = (fctrl & IX_FCTRL_BAM) != 0;
	} else {
		uint32_t mc = ixm_rd(dev, IX_MCSTCTRL);

		ok = (fctrl & IX_FCTRL_MPE) ||
		     ((mc & IX_MCSTCTRL_MFE) && mta_match(dev, f, mc)) ||
		     rar_match(dev, f);
	}
	if (!ok)
		return false;

	/*
	 * MAC control frames (type 0x8808) that passed the address filter
	 * (the 82598 kept these controls in FCTRL bits 12-13, the 82599
	 * has them in MFLCN bits 0-1: PMCF, DPF): a pause frame (opcode 0x0001) goes to
	 * the host unless receive flow control is on (RFCE) and MFLCN.DPF
	 * discards it; any other MAC control frame goes only with
	 * MFLCN.PMCF.
	 */
	if (ixm_get_be16(f + 12) == ETH_P_PAUSE) {
		uint32_t mflcn = ixm_rd(dev, IX_MFLCN);

		if (len >= 16 && ixm_get_be16(f + 14) == MAC_CTRL_OP_PAUSE) {
			if ((mflcn & IX_MFLCN_RFCE) && (mflcn & IX_MFLCN_DPF))
				return false;
		} else if (!(mflcn & IX_MFLCN_PMCF)) {
			return false;
		}
	}

	if (tagged) {
		vlnctrl = ixm_rd(dev, IX_VLNCTRL);
		if ((vlnctrl & IX_VLNCTRL_VFE) &&
		    !((ixm_rd(dev, IX_VFTA(vid >> 5)) >> (vid & 31)) & 1))
			return false;
	}
	return true;
}

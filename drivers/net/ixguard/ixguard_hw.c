/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * 82599 control plane: software/firmware semaphores, NVM reads through
 * EERD, the device reset and initialisation sequence (datasheet §4.6.3),
 * receive address filters and link state.
 */

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"

/* Poll reg until (val & mask) == want; 10 us steps, up to timeout_us. */
static int
ixg_poll(struct ixguard_hw *hw, uint32_t reg, uint32_t mask, uint32_t want,
	 uint32_t timeout_us, uint32_t *last)
{
	uint32_t v = 0, waited = 0;

	for (;;) {
		v = ixg_read(hw, reg);
		if ((v & mask) == want)
			break;
		if (waited >= timeout_us) {
			if (last != NULL)
				*last = v;
			return -ETIMEDOUT;
		}
		rte_delay_us(10);
		waited += 10;
	}
	if (last != NULL)
		*last = v;
	return 0;
}

/* ---- Semaphores (datasheet 10.5.4) ------------------------------------ */

/* The SWSM.SMBI / SWESMBI pair guards the SW_FW_SYNC register. */
static int
ixg_get_swsm(struct ixguard_hw *hw)
{
	uint32_t i, swsm;

	/* SMBI: reading 0 means we now own it (hardware sets it on read). */
	for (i = 0; i < 2000; i++) {
		swsm = ixg_read(hw, IX_SWSM);
		if (!(swsm & IX_SWSM_SMBI))
			break;
		rte_delay_us(50);
	}
	if (i == 2000) {
		IXG_INIT_LOG(ERR, "SWSM.SMBI stuck, semaphore unavailable");
		return -EBUSY;
	}
	for (i = 0; i < 2000; i++) {
		swsm = ixg_read(hw, IX_SWSM);
		ixg_write(hw, IX_SWSM, swsm | IX_SWSM_SWESMBI);
		if (ixg_read(hw, IX_SWSM) & IX_SWSM_SWESMBI)
			return 0;
		rte_delay_us(50);
	}
	ixg_write(hw, IX_SWSM, 0);
	IXG_INIT_LOG(ERR, "SWSM.SWESMBI not granted");
	return -EBUSY;
}

static void
ixg_put_swsm(struct ixguard_hw *hw)
{
	uint32_t swsm = ixg_read(hw, IX_SWSM);

	ixg_write(hw, IX_SWSM, swsm & ~(IX_SWSM_SMBI | IX_SWSM_SWESMBI));
}

static int
ixg_acquire_swfw(struct ixguard_hw *hw, uint32_t mask)
{
	uint32_t i, sync;

	for (i = 0; i < 200; i++) {
		if (ixg_get_swsm(hw) != 0)
			return -EBUSY;
		sync = ixg_read(hw, IX_SW_FW_SYNC);
		if (!(sync & (mask | (mask << IX_GSSR_FW_SHIFT)))) {
			ixg_write(hw, IX_SW_FW_SYNC, sync | mask);
			ixg_put_swsm(hw);
			return 0;
		}
		ixg_put_swsm(hw);
		rte_delay_ms(1);
	}
	IXG_INIT_LOG(ERR, "SW_FW_SYNC resource 0x%x busy", mask);
	return -EBUSY;
}

static void
ixg_release_swfw(struct ixguard_hw *hw, uint32_t mask)
{
	uint32_t sync;

	if (ixg_get_swsm(hw) != 0)
		return;
	sync = ixg_read(hw, IX_SW_FW_SYNC);
	ixg_write(hw, IX_SW_FW_SYNC, sync & ~mask);
	ixg_put_swsm(hw);
}

int
ixguard_swfw_acquire(struct ixguard_hw *hw, uint32_t mask)
{
	return ixg_acquire_swfw(hw, mask);
}

void
ixguard_swfw_release(struct ixguard_hw *hw, uint32_t mask)
{
	ixg_release_swfw(hw, mask);
}

/* ---- NVM ----------------------------------------------------------------- */

static int
ixg_eerd(struct ixguard_hw *hw, uint16_t word, uint16_t *data)
{
	uint32_t v;

	if (word > IX_EERD_MAX_ADDR || word >= hw->eeprom_words)
		return -EINVAL;
	ixg_write(hw, IX_EERD, ((uint32_t)word << IX_EERW_ADDR_SHIFT) |
		  IX_EERW_START);
	if (ixg_poll(hw, IX_EERD, IX_EERW_DONE, IX_EERW_DONE, 100000,
		     &v) != 0) {
		IXG_INIT_LOG(ERR, "EERD timeout at word 0x%x", word);
		return -ETIMEDOUT;
	}
	*data = (uint16_t)(v >> IX_EERW_DATA_SHIFT);
	return 0;
}

int
ixguard_eeprom_read(struct ixguard_hw *hw, uint16_t word, uint16_t *data)
{
	int ret;

	ret = ixg_acquire_swfw(hw, IX_GSSR_EEP_SM);
	if (ret != 0)
		return ret;
	ret = ixg_eerd(hw, word, data);
	ixg_release_swfw(hw, IX_GSSR_EEP_SM);
	return ret;
}

/*
 * NVM checksum (datasheet 6.2): the words 0x00..0x3E, plus the contents
 * of the sections the pointers 0x03..0x0E point to (first word of a
 * section = its length), plus the checksum word add up to 0xBABA.
 */
static int
ixg_eeprom_validate(struct ixguard_hw *hw)
{
	uint16_t w, ptr, len, sum = 0, stored, j;
	int ret;

	ret = ixg_acquire_swfw(hw, IX_GSSR_EEP_SM);
	if (ret != 0)
		return ret;
	for (w = 0; w < IX_EE_CHECKSUM; w++) {
		uint16_t v;

		ret = ixg_eerd(hw, w, &v);
		if (ret != 0)
			goto out;
		sum += v;
	}
	for (w = IX_EE_PCIE_ANALOG_PTR; w < IX_EE_FW_PTR; w++) {
		ret = ixg_eerd(hw, w, &ptr);
		if (ret != 0)
			goto out;
		if (ptr == 0 || ptr == 0xFFFF || ptr >= hw->eeprom_words)
			continue;
		ret = ixg_eerd(hw, ptr, &len);
		if (ret != 0)
			goto out;
		if (len == 0xFFFF || (uint32_t)ptr + len >= hw->eeprom_words)
			continue;
		for (j = ptr + 1; j <= ptr + len; j++) {
			uint16_t v;

			ret = ixg_eerd(hw, j, &v);
			if (ret != 0)
				goto out;
			sum += v;
		}
	}
	ret = ixg_eerd(hw, IX_EE_CHECKSUM, &stored);
	if (ret != 0)
		goto out;
	if ((uint16_t)(IX_EE_SUM - sum) != stored) {
		IXG_INIT_LOG(ERR, "NVM checksum mismatch: computed 0x%04x, "
			     "stored 0x%04x", (uint16_t)(IX_EE_SUM - sum),
			     stored);
		ret = -EIO;
	}
out:
	ixg_release_swfw(hw, IX_GSSR_EEP_SM);
	return ret;
}

/* ---- Reset and initialisation (datasheet 4.6.3) ------------------------ */

void
ixguard_hw_intr_disable(struct ixguard_hw *hw)
{
	ixg_write(hw, IX_EIMC, 0x7FFFFFFF);
	ixg_write(hw, IX_EIMC_EX(0), 0xFFFFFFFF);
	ixg_write(hw, IX_EIMC_EX(1), 0xFFFFFFFF);
	ixg_write(hw, IX_EIAC, 0);
	ixg_flush(hw);
}

/* Stop DMA: receive, transmit queues, then master accesses. */
void
ixguard_hw_stop(struct ixguard_hw *hw)
{
	uint32_t q;

	ixguard_hw_rx_enable(hw, false);
	ixguard_hw_intr_disable(hw);
	(void)ixg_read(hw, IX_EICR);
	for (q = 0; q < IX_NUM_TX_QUEUES; q++)
		ixg_write(hw, IX_TXDCTL(q), 0);
	for (q = 0; q < IX_NUM_RX_QUEUES; q++) {
		uint32_t v = ixg_read(hw, IX_RXDCTL(q));

		if (v & IX_RXDCTL_ENABLE)
			ixg_write(hw, IX_RXDCTL(q), v & ~IX_RXDCTL_ENABLE);
	}
	ixg_flush(hw);
	rte_delay_ms(2);
}

/* Master disable, then wait for pending requests (§5.2.5.3.2). */
static void
ixg_master_disable(struct ixguard_hw *hw)
{
	ixg_write(hw, IX_CTRL, ixg_read(hw, IX_CTRL) | IX_CTRL_GIO_DIS);
	if (ixg_poll(hw, IX_STATUS, IX_STATUS_GIO, 0, 10000, NULL) != 0)
		IXG_INIT_LOG(WARNING, "PCIe master requests still pending");
}

/* Software reset (CTRL.RST); the bit clears itself within 1 ms or so. */
static int
ixg_global_reset(struct ixguard_hw *hw)
{
	ixg_write(hw, IX_CTRL, ixg_read(hw, IX_CTRL) | IX_CTRL_RST);
	ixg_flush(hw);
	rte_delay_us(10);
	if (ixg_poll(hw, IX_CTRL, IX_CTRL_RST_MASK, 0, 100000, NULL) != 0) {
		IXG_INIT_LOG(ERR, "CTRL.RST did not clear");
		return -EIO;
	}
	return 0;
}

/* The NVM auto read finishes before anything else is touched. */
static int
ixg_wait_nvm_auto_read(struct ixguard_hw *hw)
{
	rte_delay_ms(10);
	if (ixg_poll(hw, IX_EEC, IX_EEC_ARD, IX_EEC_ARD, 100000, NULL) != 0) {
		IXG_INIT_LOG(ERR, "EEC.ARD (NVM auto read) not done");
		return -EIO;
	}
	return 0;
}

static int
ixg_wait_dma_init(struct ixguard_hw *hw)
{
	if (ixg_poll(hw, IX_RDRXCTL, IX_RDRXCTL_DMAIDONE, IX_RDRXCTL_DMAIDONE,
		     100000, NULL) != 0) {
		IXG_INIT_LOG(ERR, "RDRXCTL.DMAIDONE not set after reset");
		return -EIO;
	}
	return 0;
}

/*
 * Steps 1 to 4 of the initialisation sequence (§4.6.3): interrupts
 * masked (§4.6.3.1) and DMA stopped, the global reset (§4.6.3.2), the
 * NVM auto read and the DMA init cycle waited for; then interrupts masked
 * again and EICR cleared, so nothing latched during the reset fires.
 */
int
ixguard_hw_reset(struct ixguard_hw *hw)
{
	int ret;

	ixguard_hw_stop(hw);
	ixg_master_disable(hw);
	ret = ixg_global_reset(hw);
	if (ret == 0)
		ret = ixg_wait_nvm_auto_read(hw);
	if (ret == 0)
		ret = ixg_wait_dma_init(hw);
	if (ret != 0)
		return ret;
	ixguard_hw_intr_disable(hw);
	(void)ixg_read(hw, IX_EICR);
	return 0;
}

void
ixguard_hw_set_rar(struct ixguard_hw *hw, uint32_t idx, const uint8_t *a,
		   bool valid)
{
	uint32_t ral = 0, rah = 0;

	if (idx >= IX_RAR_NUM)
		return;
	if (valid && a != NULL) {
		ral = a[0] | a[1] << 8 | a[2] << 16 | (uint32_t)a[3] << 24;
		rah = a[4] | a[5] << 8 | IX_RAH_AV;
	}
	/* Invalidate first so that a half-written entry never matches. */
	ixg_write(hw, IX_RAH(idx), 0);
	ixg_write(hw, IX_RAL(idx), ral);
	ixg_write(hw, IX_RAH(idx), rah);
	/* Pool select: the PF (pool 0) when valid. */
	ixg_write(hw, IX_MPSAR_LO(idx), valid ? 1 : 0);
	ixg_write(hw, IX_MPSAR_HI(idx), 0);
}

void
ixguard_hw_clear_filters(struct ixguard_hw *hw)
{
	uint32_t i;

	for (i = 1; i < IX_RAR_NUM; i++)
		ixguard_hw_set_rar(hw, i, NULL, false);
	for (i = 0; i < IX_MTA_NUM; i++)
		ixg_write(hw, IX_MTA(i), 0);
	for (i = 0; i < IX_VFTA_NUM; i++)
		ixg_write(hw, IX_VFTA(i), 0);
	ixg_write(hw, IX_MCSTCTRL, 0);
}

static bool
ixg_is_sfp(uint16_t device_id)
{
	switch (device_id) {
	case IX_DEV_82599_SFP:
	case IX_DEV_82599_SFP_FCOE:
	case IX_DEV_82599_SFP_EM:
	case IX_DEV_82599_SFP_SF2:
	case IX_DEV_82599_SFP_SF_QP:
	case IX_DEV_82599EN_SFP:
		return true;
	default:
		return false;
	}
}

/* Which 82599 this is and which of its two ports (STATUS.LAN_ID). */
static void
ixg_identify(struct ixguard_hw *hw)
{
	hw->sfp = ixg_is_sfp(hw->device_id);
	hw->lan_id = (ixg_read(hw, IX_STATUS) & IX_STATUS_LAN_ID_MASK) >>
		     IX_STATUS_LAN_ID_SHIFT;
}

/* The NVM: present, its size (EEC.SIZE), a valid checksum, its version. */
static int
ixg_nvm_init(struct ixguard_hw *hw)
{
	uint32_t eec = ixg_read(hw, IX_EEC);
	uint16_t lo, hi;
	int ret;

	if (!(eec & IX_EEC_PRES)) {
		IXG_INIT_LOG(ERR, "no NVM present (EEC 0x%08x)", eec);
		return -EIO;
	}
	hw->eeprom_words = 1u << (((eec & IX_EEC_SIZE_MASK) >>
				   IX_EEC_SIZE_SHIFT) + IX_EEC_SIZE_WORD_SHIFT);
	if (hw->eeprom_words > IX_EERD_MAX_ADDR + 1)
		hw->eeprom_words = IX_EERD_MAX_ADDR + 1;
	ret = ixg_eeprom_validate(hw);
	if (ret != 0)
		return ret;
	if (ixguard_eeprom_read(hw, IX_EE_ETRACK_LO, &lo) == 0 &&
	    ixguard_eeprom_read(hw, IX_EE_ETRACK_HI, &hi) == 0)
		hw->etrack_id = (uint32_t)hi << 16 | lo;
	return 0;
}

/* The reset loaded the permanent address into RAR[0] (§4.6.3.2). */
static int
ixg_perm_addr_read(struct ixguard_hw *hw)
{
	uint32_t ral = ixg_read(hw, IX_RAL(0));
	uint32_t rah = ixg_read(hw, IX_RAH(0));

	hw->perm_addr[0] = (uint8_t)ral;
	hw->perm_addr[1] = (uint8_t)(ral >> 8);
	hw->perm_addr[2] = (uint8_t)(ral >> 16);
	hw->perm_addr[3] = (uint8_t)(ral >> 24);
	hw->perm_addr[4] = (uint8_t)rah;
	hw->perm_addr[5] = (uint8_t)(rah >> 8);
	if (!(rah & IX_RAH_AV) ||
	    !rte_is_valid_assigned_ether_addr((const struct rte_ether_addr *)
					      hw->perm_addr)) {
		IXG_INIT_LOG(ERR, "no valid permanent MAC address in RAR[0]");
		return -EIO;
	}
	return 0;
}

/*
 * General configuration after the reset (§4.6.3.2): no stale receive
 * filters, and CTRL_EXT tells firmware a driver owns the port, with
 * no-snoop off.  At probe and at every dev_start.
 */
void
ixguard_hw_general_config(struct ixguard_hw *hw)
{
	ixguard_hw_clear_filters(hw);
	ixg_write(hw, IX_CTRL_EXT, ixg_read(hw, IX_CTRL_EXT) |
		  IX_CTRL_EXT_DRV_LOAD | IX_CTRL_EXT_NS_DIS |
		  IX_CTRL_EXT_PFRSTD);
	ixg_flush(hw);
}

/*
 * Bring-up at probe, top-down in the order of the datasheet's
 * initialisation sequence (§4.6.3); the reset happens here once.  Link
 * (§4.6.4), statistics (§4.6.5), interrupts (§4.6.6), receive (§4.6.7)
 * and transmit (§4.6.8) are set up by dev_start (ixguard_ethdev.c),
 * after a reset of its own.
 */
int
ixguard_hw_init(struct ixguard_hw *hw)
{
	int ret;

	ixg_identify(hw);
	ret = ixguard_hw_reset(hw);		/* §4.6.3 steps 1-4 */
	if (ret == 0)
		ret = ixg_nvm_init(hw);
	if (ret == 0)
		ret = ixg_perm_addr_read(hw);
	if (ret == 0)
		ixguard_hw_general_config(hw);
	return ret;
}

/* ---- Link ------------------------------------------------------------- */

void
ixguard_hw_link_get(struct ixguard_hw *hw, bool *up, uint32_t *speed)
{
	uint32_t links = ixg_read(hw, IX_LINKS);

	*up = (links & IX_LINKS_UP) != 0;
	*speed = RTE_ETH_SPEED_NUM_NONE;
	if (!*up)
		return;
	switch (links & IX_LINKS_SPEED_MASK) {
	case IX_LINKS_SPEED_10G:
		*speed = RTE_ETH_SPEED_NUM_10G;
		break;
	case IX_LINKS_SPEED_1G:
		*speed = RTE_ETH_SPEED_NUM_1G;
		break;
	case IX_LINKS_SPEED_100M:
		*speed = RTE_ETH_SPEED_NUM_100M;
		break;
	default:
		*speed = RTE_ETH_SPEED_NUM_UNKNOWN;
		break;
	}
}

/* ---- Interrupts ------------------------------------------------------- */

/*
 * LSC through MSI-X vector 0 (the vector the EAL ties to the device's
 * interrupt handle): MSI-X mode, "other" causes to vector 0, the link's
 * causes (ixguard_link_intr_setup(): LSC, module pin) unmasked.
 */
void
ixguard_hw_lsc_setup(struct ixguard_hw *hw, uint32_t causes)
{
	ixg_write(hw, IX_GPIE, (ixg_read(hw, IX_GPIE) & (IX_GPIE_SDP0_GPIEN |
		  IX_GPIE_SDP1_GPIEN | IX_GPIE_SDP2_GPIEN |
		  IX_GPIE_SDP3_GPIEN)) | IX_GPIE_MSIX_MODE |
		  IX_GPIE_PBA_SUPPORT);
	ixg_write(hw, IX_IVAR_MISC, (uint32_t)(IX_IVAR_ALLOC_VAL | 0) <<
		  IX_IVAR_MISC_OTHER_SHIFT);
	ixg_write(hw, IX_EIAC, 0);
	(void)ixg_read(hw, IX_EICR);
	ixg_write(hw, IX_EIMS, causes);
	ixg_flush(hw);
}

/* Receive enable, with the security block handshake (datasheet 4.6.7). */
void
ixguard_hw_rx_enable(struct ixguard_hw *hw, bool on)
{
	uint32_t v;

	v = ixg_read(hw, IX_SECRXCTRL);
	ixg_write(hw, IX_SECRXCTRL, v | IX_SECRXCTRL_RX_DIS);
	if (ixg_poll(hw, IX_SECRXSTAT, IX_SECRXSTAT_SECRX_RDY,
		     IX_SECRXSTAT_SECRX_RDY, 10000, NULL) != 0)
		IXG_DRV_LOG(WARNING, "SECRXSTAT.SECRX_RDY not set");
	v = ixg_read(hw, IX_RXCTRL);
	if (on)
		v |= IX_RXCTRL_RXEN;
	else
		v &= ~IX_RXCTRL_RXEN;
	ixg_write(hw, IX_RXCTRL, v);
	v = ixg_read(hw, IX_SECRXCTRL);
	ixg_write(hw, IX_SECRXCTRL, v & ~IX_SECRXCTRL_RX_DIS);
	ixg_flush(hw);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The SFP+ module's ID memory (SFF-8079 page A0h, SFF-8472 diagnostics
 * page A2h), read over the two-wire bus the 82599 brings out on I2CCTL
 * (datasheet §8.2.3.1.5): software drives SCL and SDA and samples them
 * back, the module is an I2C slave at 0xA0/0xA2.  Standard-mode timing
 * (100 kHz: SCL low 4.7 us, high 4 us).  The bus is shared with firmware
 * through the PHY semaphore of this LAN port (SW_FW_SYNC, §10.5.4).
 *
 * The module is another party the driver does not trust: a module that
 * does not acknowledge gives -EIO, its bytes are only copied out, and
 * the lengths come from the driver, never from the module.
 */

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dev_info.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"

#define I2C_T_LOW_US	5	/* SCL low, and data setup */
#define I2C_T_HIGH_US	4	/* SCL high */
#define I2C_T_BUF_US	5	/* bus free between STOP and START */
#define I2C_RETRIES	3	/* a transfer the module did not ACK */

struct i2c_bus {
	struct ixguard_hw *hw;
	uint32_t out;		/* CLK_OUT/DATA_OUT as last written */
};

static void
i2c_drive(struct i2c_bus *b, bool scl, bool sda, unsigned int us)
{
	b->out = (scl ? IX_I2CCTL_CLK_OUT : 0) | (sda ? IX_I2CCTL_DATA_OUT : 0);
	ixg_write(b->hw, IX_I2CCTL, b->out);
	ixg_flush(b->hw);
	rte_delay_us(us);
}

static bool
i2c_sda_in(struct i2c_bus *b)
{
	return (ixg_read(b->hw, IX_I2CCTL) & IX_I2CCTL_DATA_IN) != 0;
}

/* START (or repeated START): SDA falls while SCL is high. */
static void
i2c_start(struct i2c_bus *b)
{
	i2c_drive(b, false, true, I2C_T_LOW_US);
	i2c_drive(b, true, true, I2C_T_HIGH_US);
	i2c_drive(b, true, false, I2C_T_HIGH_US);
	i2c_drive(b, false, false, I2C_T_LOW_US);
}

/*
 * STOP: SDA rises while SCL is high; the bus is then free.  One line
 * moves at a time, so that no edge reads as a START.
 */
static void
i2c_stop(struct i2c_bus *b)
{
	i2c_drive(b, false, (b->out & IX_I2CCTL_DATA_OUT) != 0, 0);
	i2c_drive(b, false, false, I2C_T_LOW_US);
	i2c_drive(b, true, false, I2C_T_HIGH_US);
	i2c_drive(b, true, true, I2C_T_BUF_US);
}

/* One clock: SDA set while SCL is low, sampled while it is high. */
static bool
i2c_clock(struct i2c_bus *b, bool sda)
{
	bool in;

	i2c_drive(b, false, sda, I2C_T_LOW_US);
	i2c_drive(b, true, sda, I2C_T_HIGH_US);
	in = i2c_sda_in(b);
	i2c_drive(b, false, sda, 0);
	return in;
}

/* A byte to the module, MSB first; true when it acknowledged. */
static bool
i2c_put(struct i2c_bus *b, uint8_t v)
{
	int i;

	for (i = 7; i >= 0; i--)
		i2c_clock(b, (v >> i) & 1);
	/* Ninth clock with SDA released: the module pulls it low (ACK). */
	return !i2c_clock(b, true);
}

/* A byte from the module; ack false on the last byte (NACK). */
static uint8_t
i2c_get(struct i2c_bus *b, bool ack)
{
	uint8_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (uint8_t)(v << 1 | i2c_clock(b, true));
	i2c_clock(b, !ack);
	return v;
}

/* Random read: [START addr|W off] [START addr|R bytes...] STOP. */
static int
i2c_read(struct i2c_bus *b, uint8_t addr, uint8_t off, uint8_t *buf,
	 unsigned int len)
{
	unsigned int i;
	int ret = -EIO;

	i2c_start(b);
	if (!i2c_put(b, addr) || !i2c_put(b, off))
		goto out;
	i2c_start(b);
	if (!i2c_put(b, addr | 1))
		goto out;
	for (i = 0; i < len; i++)
		buf[i] = i2c_get(b, i + 1 < len);
	ret = 0;
out:
	i2c_stop(b);
	return ret;
}

bool
ixguard_module_present(struct ixguard_hw *hw)
{
	uint32_t esdp = ixg_read(hw, IX_ESDP);

	/* SDP2 is an input on SFP+ boards, high with a module in the cage. */
	return hw->sfp && !(esdp & IX_ESDP_SDP_DIR(2)) &&
	       (esdp & IX_ESDP_MOD_PRESENT);
}

/*
 * len bytes at off of the module's page at I2C address i2c_addr (0xA0 or
 * 0xA2); a page is 256 bytes, the read does not wrap.
 */
int
ixguard_module_read(struct ixguard_hw *hw, uint8_t i2c_addr, uint8_t off,
		    uint8_t *buf, unsigned int len)
{
	struct i2c_bus b = { .hw = hw, .out = ixg_read(hw, IX_I2CCTL) &
		(IX_I2CCTL_CLK_OUT | IX_I2CCTL_DATA_OUT) };
	uint32_t sem = hw->lan_id ? IX_GSSR_PHY1_SM : IX_GSSR_PHY0_SM;
	int ret, tries;

	if (!hw->sfp)
		return -ENOTSUP;
	if (len == 0 || (unsigned int)off + len > 256)
		return -EINVAL;
	if (!ixguard_module_present(hw))
		return -ENODEV;
	ret = ixguard_swfw_acquire(hw, sem);
	if (ret != 0)
		return ret;
	for (tries = 0; tries < I2C_RETRIES; tries++) {
		/* Free a bus a module left in the middle of a byte. */
		if (tries > 0) {
			unsigned int k;

			for (k = 0; k < 9; k++)
				i2c_clock(&b, true);
		}
		i2c_stop(&b);
		ret = i2c_read(&b, i2c_addr, off, buf, len);
		if (ret == 0)
			break;
	}
	ixguard_swfw_release(hw, sem);
	return ret;
}

/*
 * Speeds the module in the cage runs at (RTE_ETH_LINK_SPEED_*), from its
 * compliance codes (SFF-8472 bytes 3, 6, 8).  -ENODEV: no module.
 */
int
ixguard_module_rates(struct ixguard_hw *hw, uint32_t *speeds)
{
	uint8_t id[IX_SFF_CABLE_TECH + 1];
	int ret;

	ret = ixguard_module_read(hw, IX_SFF_I2C_ADDR, 0, id, sizeof(id));
	if (ret != 0)
		return ret;
	*speeds = 0;
	if ((id[IX_SFF_10GBE_COMP] & 0xF0) ||
	    (id[IX_SFF_CABLE_TECH] & (IX_SFF_DA_PASSIVE | IX_SFF_DA_ACTIVE)))
		*speeds |= RTE_ETH_LINK_SPEED_10G;
	if (id[IX_SFF_1GBE_COMP] & 0x0F)
		*speeds |= RTE_ETH_LINK_SPEED_1G;
	return 0;
}

static int
module_check(struct rte_eth_dev *dev)
{
	struct ixguard_hw *hw = IXG_HW(dev);

	if (!hw->sfp) {
		IXG_DRV_LOG(ERR, "port %u: no SFP+ cage on this 82599 (%04x)",
			    dev->data->port_id, hw->device_id);
		return -ENOTSUP;
	}
	/*
	 * -EIO as net_ixgbe answers without a module, and as ethdev
	 * documents a device that is gone; -ENODEV would read as a bad
	 * port id.
	 */
	if (!ixguard_module_present(hw)) {
		IXG_DRV_LOG(ERR, "port %u: no module in the SFP+ cage",
			    dev->data->port_id);
		return -EIO;
	}
	return 0;
}

/*
 * SFF-8472 modules with diagnostics have the A2h page too, unless they
 * need the address change sequence (byte 92 bit 2), which the 82599's
 * I2C lines cannot do; those, and SFF-8079 modules, are 256 bytes.
 */
int
ixguard_get_module_info(struct rte_eth_dev *dev,
			struct rte_eth_dev_module_info *info)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	uint8_t diag[3];	/* bytes 92-94: diag type, enhanced, compliance */
	int ret;

	ret = module_check(dev);
	if (ret != 0)
		return ret;
	ret = ixguard_module_read(hw, IX_SFF_I2C_ADDR, IX_SFF_8472_DIAG_TYPE,
				  diag, sizeof(diag));
	if (ret != 0) {
		IXG_DRV_LOG(ERR, "port %u: the SFP+ module does not answer "
			    "on I2C (%d)", dev->data->port_id, ret);
		return -EIO;
	}
	if (diag[2] != 0 && (diag[0] & IX_SFF_8472_DDM) &&
	    !(diag[0] & IX_SFF_8472_ADDR_CHANGE)) {
		info->type = RTE_ETH_MODULE_SFF_8472;
		info->eeprom_len = RTE_ETH_MODULE_SFF_8472_LEN;
	} else {
		info->type = RTE_ETH_MODULE_SFF_8079;
		info->eeprom_len = RTE_ETH_MODULE_SFF_8079_LEN;
	}
	return 0;
}

int
ixguard_get_module_eeprom(struct rte_eth_dev *dev,
			  struct rte_dev_eeprom_info *info)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	struct rte_eth_dev_module_info mi;
	uint8_t *out = info->data;
	uint32_t pos, end;
	int ret;

	ret = ixguard_get_module_info(dev, &mi);
	if (ret != 0)
		return ret;
	if (out == NULL || info->length == 0 ||
	    info->offset >= mi.eeprom_len ||
	    info->length > mi.eeprom_len - info->offset) {
		IXG_DRV_LOG(ERR, "port %u: module memory read of %u bytes at "
			    "%u: the module has %u bytes", dev->data->port_id,
			    info->length, info->offset, mi.eeprom_len);
		return -EINVAL;
	}
	/* Bytes 0-255 are page A0h, 256-511 page A2h. */
	pos = info->offset;
	end = info->offset + info->length;
	while (pos < end) {
		uint32_t page_end = pos < 256 ? 256 : 512;
		uint32_t n = RTE_MIN(end, page_end) - pos;

		ret = ixguard_module_read(hw, pos < 256 ? IX_SFF_I2C_ADDR :
					  IX_SFF_I2C_ADDR_DIAG,
					  (uint8_t)(pos & 0xFF), out, n);
		if (ret != 0) {
			IXG_DRV_LOG(ERR, "port %u: SFP+ module read at %u "
				    "failed (%d)", dev->data->port_id, pos,
				    ret);
			return -EIO;
		}
		out += n;
		pos += n;
	}
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The NVM: a generated EEPROM image and the two ways software reads it,
 * the EERD/EEWR "auto" interface and the bit-banged SPI pins in EEC
 * (82599 datasheet 8.2.3.2 and chapter 6 for the word map).
 *
 * net_ixgbe's very first NVM read goes through the SPI pins (its EEPROM
 * type is still "uninitialised", so it falls back to bit-banging), later
 * reads use EERD.  Both must agree, and the image must pass the driver's
 * checksum, carry the MAC address in the LAN core sections and a
 * firmware patch version > 5 behind the firmware pointer (otherwise
 * start_hw fails with IXGBE_ERR_EEPROM_VERSION, -24).
 */
#include <string.h>

#include "ix82599_regs.h"
#include "ixm_priv.h"
#include "ixm_regtab.h"

/* Where the generated image puts its sections (word addresses). */
#define EE_CORE0	0x0050
#define EE_CORE1	0x0060
#define EE_MAC0		0x0070
#define EE_MAC1		0x0078
#define EE_FW		0x0100
#define EE_FW_PTP	0x0110
#define EE_SFP_LIST	0x0120
#define EE_SFP_DATA	0x0160
#define EE_OROM		0x0200

#define EE_CORE_LEN	6	/* MAC address + 3 reserved words */
#define EE_MAC_LEN	4	/* AUTOC lo/hi, AUTOC2 lo/hi */

/* Number of SFP types the driver may look up in the init list. */
#define EE_SFP_TYPES	17

/* Firmware patch version; net_ixgbe requires > 5 on SFI parts. */
#define EE_FW_PATCH_VERSION	0x0010

enum spi_phase {
	SPI_IDLE = 0,		/* deselected */
	SPI_OPCODE,
	SPI_ADDR,
	SPI_DATA_OUT,
	SPI_STATUS_OUT,
	SPI_DATA_IN,
	SPI_IGNORE,		/* selected, nothing more to say */
};

static unsigned int
lan_id(const struct ixm_dev *dev)
{
	return dev->cfg.port & 1;
}

static bool
is_sfp(const struct ixm_dev *dev)
{
	return dev->cfg.device_id != IX_DEV_82599_KR;
}

uint16_t
ixm_ee_word(const struct ixm_dev *dev, uint32_t word)
{
	return word < IXM_EE_WORDS ? dev->ctrl.ee[word] : 0xFFFF;
}

/* The ixgbe checksum: words 0x00..0x3E plus the pointed-to sections. */
static uint16_t
ee_sum(const uint16_t *ee)
{
	uint16_t sum = 0;
	unsigned int i, j;

	for (i = 0; i < IX_EE_CHECKSUM; i++)
		sum += ee[i];
	/* Every pointer from PCIe analog to CSR1; not the FW module. */
	for (i = IX_EE_PCIE_ANALOG_PTR; i < IX_EE_FW_PTR; i++) {
		uint16_t ptr = ee[i], len;

		if (ptr == 0 || ptr == 0xFFFF || ptr >= IXM_EE_WORDS)
			continue;
		len = ee[ptr];
		if (len == 0 || len == 0xFFFF)
			continue;
		for (j = ptr + 1u; j <= (unsigned int)ptr + len &&
		     j < IXM_EE_WORDS; j++)
			sum += ee[j];
	}
	return sum;
}

static void
put_mac(uint16_t *w, const uint8_t mac[6])
{
	/* Byte pairs are stored little endian: low byte first on the wire. */
	w[0] = (uint16_t)(mac[0] | mac[1] << 8);
	w[1] = (uint16_t)(mac[2] | mac[3] << 8);
	w[2] = (uint16_t)(mac[4] | mac[5] << 8);
}

static void
put_link_defaults(const struct ixm_dev *dev, uint16_t *w)
{
	uint32_t autoc, autoc2;

	if (is_sfp(dev)) {
		/* SFI: 10 Gb/s serial, no autonegotiation. */
		autoc = IX_AUTOC_LMS_10G_SERIAL;
		autoc2 = IX_AUTOC2_10G_SFI;
	} else {
		/* Backplane: clause 73 AN advertising KR and KX. */
		autoc = IX_AUTOC_LMS_KX4_KX_KR | IX_AUTOC_KR_SUPP |
			IX_AUTOC_KX_SUPP | IX_AUTOC_1G_KX_BX;
		autoc2 = IX_AUTOC2_10G_KR;
	}
	w[0] = (uint16_t)autoc;
	w[1] = (uint16_t)(autoc >> 16);
	w[2] = (uint16_t)autoc2;
	w[3] = (uint16_t)(autoc2 >> 16);
}

void
ixm_ee_build(struct ixm_dev *dev)
{
	uint16_t *ee = dev->ctrl.ee;
	uint8_t mac[6], other[6];
	unsigned int i;

	/* An erased part reads all ones. */
	for (i = 0; i < IXM_EE_WORDS; i++)
		ee[i] = 0xFFFF;

	/* The two LAN functions get neighbouring addresses. */
	memcpy(mac, dev->cfg.mac, 6);
	memcpy(other, dev->cfg.mac, 6);
	other[5] ^= 1;

	ee[IX_EE_CTRL_1] = 0x0040;	/* bits 7:6 = 01b: valid signature */
	ee[IX_EE_CTRL_2] = 0x0000;	/* no "clear on D3" request */
	ee[0x02] = 0x0000;
	ee[IX_EE_CORE0_PTR] = EE_CORE0;
	ee[IX_EE_CORE1_PTR] = EE_CORE1;
	ee[IX_EE_MAC0_PTR] = EE_MAC0;
	ee[IX_EE_MAC1_PTR] = EE_MAC1;
	ee[IX_EE_FW_PTR] = EE_FW;
	/* Legacy (non-string) PBA number: reads back as "E68785-006". */
	ee[IX_EE_PBANUM0] = 0xE687;
	ee[IX_EE_PBANUM1] = 0x8506;
	ee[IX_EE_OROM_PTR] = EE_OROM;
	ee[IX_EE_PHY_INIT_PTR] = EE_SFP_LIST;
	/*
	 * Device caps 0: only Intel-OUI modules are "supported" (ours is)
	 * and the crosstalk fix stays on, so the driver checks the cage
	 * present pin (ESDP.SDP2) before trusting LINKS, like on a NIC.
	 */
	ee[IX_EE_DEVICE_CAPS] = 0x0000;
	/* eTrack ID 0x800003A3 (high word has the "valid" bit 15 set). */
	ee[IX_EE_ETRACK_LO] = 0x03A3;
	ee[IX_EE_ETRACK_HI] = 0x8000;

	/* LAN core sections: word 0 length, words 1..3 MAC address. */
	ee[EE_CORE0] = EE_CORE_LEN;
	ee[EE_CORE1] = EE_CORE_LEN;
	for (i = 1; i <= EE_CORE_LEN; i++) {
		ee[EE_CORE0 + i] = 0;
		ee[EE_CORE1 + i] = 0;
	}
	put_mac(&ee[(lan_id(dev) ? EE_CORE1 : EE_CORE0) + IX_EE_CORE_MAC_OFF],
		mac);
	put_mac(&ee[(lan_id(dev) ? EE_CORE0 : EE_CORE1) + IX_EE_CORE_MAC_OFF],
		other);

	/* MAC sections: the link mode registers loaded at reset. */
	ee[EE_MAC0] = EE_MAC_LEN;
	ee[EE_MAC1] = EE_MAC_LEN;
	put_link_defaults(dev, &ee[EE_MAC0 + 1]);
	put_link_defaults(dev, &ee[EE_MAC1 + 1]);

	/* Firmware module: no LESM, a pass-through patch with a version. */
	ee[EE_FW] = 0x0008;
	ee[EE_FW + IX_EE_FW_LESM_PTR] = 0x0000;
	ee[EE_FW + IX_EE_FW_PTP_CFG_PTR] = EE_FW_PTP;
	ee[EE_FW_PTP] = 0x0008;
	ee[EE_FW_PTP + IX_EE_FW_PATCH_VERSION] = EE_FW_PATCH_VERSION;

	/*
	 * SFP+ init sequence list (read via word 0x2B): word 0 is a header,
	 * then (sfp type, data pointer) pairs up to 0xFFFF.  All types share
	 * one empty sequence: the data block's first word is a header and
	 * the next is the 0xFFFF terminator, so no CORECTL writes happen.
	 */
	ee[EE_SFP_LIST] = EE_SFP_TYPES * 2;
	for (i = 0; i < EE_SFP_TYPES; i++) {
		ee[EE_SFP_LIST + 1 + 2 * i] = (uint16_t)i;
		ee[EE_SFP_LIST + 2 + 2 * i] = EE_SFP_DATA;
	}
	ee[EE_SFP_LIST + 1 + 2 * EE_SFP_TYPES] = 0xFFFF;
	ee[EE_SFP_DATA] = 0x0001;
	ee[EE_SFP_DATA + 1] = 0xFFFF;

	/* Option ROM version block: shown by rte_eth_dev_fw_version_get. */
	ee[EE_OROM + IX_EE_OROM_BLK_LOW] = 0x0103;
	ee[EE_OROM + IX_EE_OROM_BLK_HI] = 0x0802;

	ee[IX_EE_CHECKSUM] = (uint16_t)(IX_EE_SUM - ee_sum(ee));
}

void
ixm_ee_mac(const struct ixm_dev *dev, uint8_t mac[6])
{
	uint32_t base = ixm_ee_word(dev, lan_id(dev) ? IX_EE_CORE1_PTR :
				    IX_EE_CORE0_PTR) + IX_EE_CORE_MAC_OFF;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		uint16_t w = ixm_ee_word(dev, base + i);

		mac[2 * i] = (uint8_t)w;
		mac[2 * i + 1] = (uint8_t)(w >> 8);
	}
}

static uint32_t
ee_mac_dword(const struct ixm_dev *dev, unsigned int idx)
{
	uint32_t base = ixm_ee_word(dev, lan_id(dev) ? IX_EE_MAC1_PTR :
				    IX_EE_MAC0_PTR) + 1 + 2 * idx;

	return ixm_ee_word(dev, base) |
	       (uint32_t)ixm_ee_word(dev, base + 1) << 16;
}

uint32_t
ixm_ee_autoc(const struct ixm_dev *dev)
{
	return ee_mac_dword(dev, 0);
}

uint32_t
ixm_ee_autoc2(const struct ixm_dev *dev)
{
	return ee_mac_dword(dev, 1);
}

/* ---- EERD / EEWR ---- */

void
ixm_ee_eerd_write(struct ixm_dev *dev, uint32_t off IXM_UNUSED, uint32_t val)
{
	uint32_t addr = (val & IX_EERW_ADDR_MASK) >> IX_EERW_ADDR_SHIFT;

	if (!(val & IX_EERW_START)) {
		ixm_wr(dev, IX_EERD, val & ~IX_EERW_DONE);
		return;
	}
	/* The model completes the read at once. */
	ixm_wr(dev, IX_EERD,
	       (uint32_t)ixm_ee_word(dev, addr) << IX_EERW_DATA_SHIFT |
	       addr << IX_EERW_ADDR_SHIFT | IX_EERW_DONE);
}

void
ixm_ee_eewr_write(struct ixm_dev *dev, uint32_t off IXM_UNUSED, uint32_t val)
{
	uint32_t addr = (val & IX_EERW_ADDR_MASK) >> IX_EERW_ADDR_SHIFT;

	if ((val & IX_EERW_START) && addr < IXM_EE_WORDS)
		dev->ctrl.ee[addr] = (uint16_t)(val >> IX_EERW_DATA_SHIFT);
	ixm_wr(dev, IX_EEWR, (val & ~IX_EERW_START) | IX_EERW_DONE);
}

/* ---- Bit-banged SPI through EEC ---- */

static uint8_t
ee_byte(const struct ixm_dev *dev, uint32_t byte_addr)
{
	uint16_t w = ixm_ee_word(dev, byte_addr >> 1);

	return (byte_addr & 1) ? (uint8_t)(w >> 8) : (uint8_t)w;
}

static void
ee_byte_write(struct ixm_dev *dev, uint32_t byte_addr, uint8_t b)
{
	uint32_t word = byte_addr >> 1;
	uint16_t *w;

	if (word >= IXM_EE_WORDS)
		return;
	w = &dev->ctrl.ee[word];
	if (byte_addr & 1)
		*w = (uint16_t)((*w & 0x00FF) | b << 8);
	else
		*w = (uint16_t)((*w & 0xFF00) | b);
}

static unsigned int
spi_addr_bits(void)
{
	/* EEC.ADDR_SIZE is set: the part takes 16-bit byte addresses. */
	return 16;
}

static void
spi_opcode(struct ixm_spi *s)
{
	uint8_t op = (uint8_t)s->shift;

	s->opcode = op;
	s->nbits = 0;
	s->shift = 0;
	switch (op & ~IX_SPI_OP_A8) {
	case IX_SPI_OP_READ:
	case IX_SPI_OP_WRITE:
		s->phase = SPI_ADDR;
		break;
	case IX_SPI_OP_RDSR:
		/* Never busy: writes complete instantly. */
		s->out = s->wel ? 0x02 : 0x00;
		s->phase = SPI_STATUS_OUT;
		break;
	case IX_SPI_OP_WREN:
		s->wel = true;
		s->phase = SPI_IGNORE;
		break;
	case IX_SPI_OP_WRDI:
		s->wel = false;
		s->phase = SPI_IGNORE;
		break;
	default:
		s->phase = SPI_IGNORE;
		break;
	}
}

/*
 * One rising SK edge with the part selected.  The EEPROM samples DI on
 * the rising edge; in output phases the driver raises SK and then reads
 * DO, so the model presents the next output bit on the same edge.
 */
static void
spi_clock(struct ixm_dev *dev, bool di)
{
	struct ixm_spi *s = &dev->ctrl.spi;

	switch (s->phase) {
	case SPI_OPCODE:
		s->shift = s->shift << 1 | di;
		if (++s->nbits == 8)
			spi_opcode(s);
		break;
	case SPI_ADDR:
		s->shift = s->shift << 1 | di;
		if (++s->nbits < spi_addr_bits())
			break;
		s->addr = s->shift & 0xFFFF;
		if (spi_addr_bits() == 8 && (s->opcode & IX_SPI_OP_A8))
			s->addr |= 0x100;
		s->nbits = 0;
		s->shift = 0;
		if ((s->opcode & ~IX_SPI_OP_A8) == IX_SPI_OP_READ) {
			s->out = ee_byte(dev, s->addr);
			s->phase = SPI_DATA_OUT;
		} else {
			s->phase = SPI_DATA_IN;
		}
		break;
	case SPI_DATA_OUT:
	case SPI_STATUS_OUT:
		s->do_bit = (s->out >> (7 - s->nbits)) & 1;
		if (++s->nbits == 8) {
			s->nbits = 0;
			/* Reads continue sequentially through the part. */
			if (s->phase == SPI_DATA_OUT)
				s->out = ee_byte(dev, ++s->addr);
		}
		break;
	case SPI_DATA_IN:
		s->shift = s->shift << 1 | di;
		if (++s->nbits == 8) {
			if (s->wel)
				ee_byte_write(dev, s->addr, (uint8_t)s->shift);
			s->addr++;
			s->nbits = 0;
			s->shift = 0;
		}
		break;
	default:
		break;
	}
}

void
ixm_ee_reset(struct ixm_dev *dev)
{
	memset(&dev->ctrl.spi, 0, sizeof(dev->ctrl.spi));
}

/* Bits of EEC that software owns; the rest is status. */
#define EEC_SW_BITS	(IX_EEC_SK | IX_EEC_CS | IX_EEC_DI | \
			 IX_EEC_FWE_MASK | IX_EEC_REQ)

uint32_t
ixm_ee_eec_read(struct ixm_dev *dev, uint32_t off IXM_UNUSED)
{
	uint32_t v = ixm_rd(dev, IX_EEC) & EEC_SW_BITS;

	/* No firmware competes for the pins: a request is granted at once. */
	if (v & IX_EEC_REQ)
		v |= IX_EEC_GNT;
	if (dev->ctrl.spi.selected && dev->ctrl.spi.do_bit)
		v |= IX_EEC_DO;
	return v | IX_EEC_PRES | IX_EEC_ARD | IX_EEC_ADDR_SIZE |
	       IXM_EE_SIZE_CODE << IX_EEC_SIZE_SHIFT;
}

void
ixm_ee_eec_write(struct ixm_dev *dev, uint32_t off IXM_UNUSED, uint32_t val)
{
	struct ixm_spi *s = &dev->ctrl.spi;
	bool sk = val & IX_EEC_SK;

	ixm_wr(dev, IX_EEC, val & EEC_SW_BITS);
	/* Without the grant the pins are not connected to software. */
	if (!(val & IX_EEC_REQ) || (val & IX_EEC_CS)) {
		/* CS high: deselect; a write cycle ends and clears WEL. */
		if (s->phase == SPI_DATA_IN)
			s->wel = false;
		s->selected = false;
		s->phase = SPI_IDLE;
		s->do_bit = false;
		s->sk = sk;
		return;
	}
	if (!s->selected) {
		s->selected = true;
		s->phase = SPI_OPCODE;
		s->nbits = 0;
		s->shift = 0;
	}
	if (sk && !s->sk)
		spi_clock(dev, val & IX_EEC_DI);
	s->sk = sk;
}

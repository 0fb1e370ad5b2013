/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The SFP+ module in the 82599's cage (8086:10fb): its ID memory on the
 * I2C lines of I2CCTL (bit-banged by the driver, §8.2.3.1.5) and its
 * presence on SDP2.
 *
 * The module answers at I2C address 0xA0 (SFF-8079/8472 serial ID page)
 * and 0xA2 (SFF-8472 diagnostics page), 256 bytes each, with sequential
 * reads that wrap inside a page.  By default it is a 10GBASE-SR optic
 * whose vendor OUI is Intel's, which net_ixgbe accepts without the
 * "unsupported module" path; without a module answering, net_ixgbe's
 * probe would spend seconds in I2C retries.  The platform may replace
 * the module's memory, pull the module and insert it again
 * (ixm_sfp_set()); a change of SDP2 raises the GPI SDP2 interrupt cause
 * when GPIE enables it (§7.9.1: SDP pins configured as inputs), and the
 * link follows (ixm_dev.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ix82599_regs.h"
#include "ixm_priv.h"
#include "ixm_regtab.h"

enum i2c_state {
	I2C_IDLE = 0,	/* bus free or not addressed: wait for START */
	I2C_RECV,	/* master to slave byte */
	I2C_SEND,	/* slave to master byte */
};

static bool
has_cage(const struct ixm_dev *dev)
{
	return dev->cfg.device_id != IX_DEV_82599_KR;
}

static void
sff_str(uint8_t *p, const char *s, size_t len)
{
	size_t n = strlen(s);

	/* SFF strings are ASCII, padded with spaces, not terminated. */
	memset(p, ' ', len);
	memcpy(p, s, n < len ? n : len);
}

static uint8_t
sff_cc(const uint8_t *p, unsigned int from, unsigned int to)
{
	unsigned int sum = 0, i;

	for (i = from; i <= to; i++)
		sum += p[i];
	return (uint8_t)sum;
}

/*
 * Identification page (A0h) of a 10GBASE-SR SFP+ optic.  The vendor OUI
 * is Intel's (00:1B:21), so net_ixgbe classifies it as an Intel module
 * and accepts it without the "unsupported module" path; 1G codes are
 * left clear so it is not "multispeed" (which would add laser flapping
 * and rate-select dances to every link setup).
 */
void
ixm_sfp_build(struct ixm_dev *dev)
{
	uint8_t *a0 = dev->ctrl.sfp[0];
	uint8_t *a2 = dev->ctrl.sfp[1];
	char sn[17];

	memset(a0, 0, IXM_SFP_PAGE);
	memset(a2, 0, IXM_SFP_PAGE);
	dev->ctrl.sfp_present = has_cage(dev);
	if (!has_cage(dev))
		return;

	a0[IX_SFF_IDENTIFIER] = IX_SFF_IDENTIFIER_SFP;
	a0[IX_SFF_EXT_IDENTIFIER] = 0x04;	/* serial ID via 2-wire */
	a0[IX_SFF_CONNECTOR] = IX_SFF_CONNECTOR_LC;
	a0[IX_SFF_10GBE_COMP] = IX_SFF_10GBASESR;
	a0[IX_SFF_1GBE_COMP] = 0;
	a0[IX_SFF_CABLE_TECH] = 0;		/* optical, not DA */
	a0[IX_SFF_ENCODING] = 0x06;		/* 64B/66B */
	a0[IX_SFF_BR_NOMINAL] = 103;		/* x 100 MBd */
	a0[16] = 8;				/* OM2: 80 m */
	a0[17] = 3;				/* OM1: 30 m */
	a0[19] = 30;				/* OM3: 300 m */
	sff_str(&a0[IX_SFF_VENDOR_NAME], "IXGUARD", 16);
	a0[IX_SFF_VENDOR_OUI] = 0x00;
	a0[IX_SFF_VENDOR_OUI + 1] = 0x1B;
	a0[IX_SFF_VENDOR_OUI + 2] = 0x21;
	sff_str(&a0[IX_SFF_VENDOR_PN], "IXG-SFP-10G-SR", 16);
	sff_str(&a0[IX_SFF_VENDOR_REV], "A", 4);
	a0[IX_SFF_WAVELENGTH] = 850 >> 8;
	a0[IX_SFF_WAVELENGTH + 1] = 850 & 0xFF;
	a0[IX_SFF_CC_BASE] = sff_cc(a0, 0, IX_SFF_CC_BASE - 1);
	a0[IX_SFF_OPTIONS + 1] = 0x1A;	/* LOS, TX_FAULT, TX_DIS */
	snprintf(sn, sizeof(sn), "IXG%013u", dev->cfg.port);
	sff_str(&a0[IX_SFF_VENDOR_SN], sn, 16);
	sff_str(&a0[IX_SFF_DATE_CODE], "260101", 8);
	/* No SFF-8472 diagnostics: tools then stop at the 256-byte page. */
	a0[IX_SFF_8472_DIAG_TYPE] = 0;
	a0[IX_SFF_8472_COMPLIANCE] = 0;
	a0[IX_SFF_CC_EXT] = sff_cc(a0, IX_SFF_OPTIONS, IX_SFF_CC_EXT - 1);
}

void
ixm_sfp_reset(struct ixm_dev *dev)
{
	struct ixm_i2c *s = &dev->ctrl.i2c;

	memset(s, 0, sizeof(*s));
	/* Both lines float high on an idle bus. */
	s->scl = true;
	s->sda_m = true;
	s->sda_s = true;
	ixm_wr(dev, IX_I2CCTL, IX_I2CCTL_CLK_OUT | IX_I2CCTL_DATA_OUT);
}

/* ---- I2C slave (the SFP+ module) ---- */

uint32_t
ixm_i2c_read(struct ixm_dev *dev, uint32_t off IXM_UNUSED)
{
	const struct ixm_i2c *s = &dev->ctrl.i2c;
	uint32_t v = ixm_rd(dev, IX_I2CCTL) &
		     (IX_I2CCTL_CLK_OUT | IX_I2CCTL_DATA_OUT);

	/* Open drain: the wire is low if either side pulls it low.  The
	 * module never stretches the clock. */
	if (s->scl)
		v |= IX_I2CCTL_CLK_IN;
	if (s->sda_m && s->sda_s)
		v |= IX_I2CCTL_DATA_IN;
	return v;
}

/* A whole byte arrived; returns whether the module acknowledges it. */
static bool
i2c_byte_in(struct ixm_dev *dev, uint8_t b)
{
	struct ixm_i2c *s = &dev->ctrl.i2c;

	if (++s->nbyte == 1) {
		uint8_t addr = b & 0xFE;

		if (!dev->ctrl.sfp_present ||
		    (addr != IX_SFF_I2C_ADDR && addr != IX_SFF_I2C_ADDR_DIAG))
			return false;
		s->page = addr == IX_SFF_I2C_ADDR_DIAG;
		s->read = b & 1;
		return true;
	}
	if (s->nbyte == 2) {
		/* Write transfer: the first data byte sets the pointer. */
		s->ptr = b;
		return true;
	}
	/* Further writes: the ID page is read only; accept and drop. */
	return true;
}

static void
i2c_load(struct ixm_dev *dev)
{
	struct ixm_i2c *s = &dev->ctrl.i2c;

	s->cur = dev->ctrl.sfp[s->page][s->ptr++];
	s->bit = 0;
	s->sda_s = (s->cur >> 7) & 1;
}

static void
i2c_rising(struct ixm_dev *dev, bool sda)
{
	struct ixm_i2c *s = &dev->ctrl.i2c;

	switch (s->state) {
	case I2C_RECV:
		if (s->bit < 8)
			s->shift = (uint8_t)(s->shift << 1 | sda);
		s->bit++;
		break;
	case I2C_SEND:
		if (s->bit == 8)
			s->mack = !sda;	/* 9th clock: master's ACK/NACK */
		s->bit++;
		break;
	default:
		break;
	}
}

/*
 * The slave only changes SDA while SCL is low, i.e. on falling edges:
 * after the 8th clock of a received byte it pulls SDA low (ACK); after
 * the 9th it lets go and, when sending, drives the next data bit.
 */
static void
i2c_falling(struct ixm_dev *dev)
{
	struct ixm_i2c *s = &dev->ctrl.i2c;

	switch (s->state) {
	case I2C_RECV:
		if (s->bit == 8) {
			if (i2c_byte_in(dev, s->shift)) {
				s->sda_s = false;
			} else {
				s->sda_s = true;
				s->state = I2C_IDLE;
			}
		} else if (s->bit == 9) {
			s->sda_s = true;
			s->bit = 0;
			s->shift = 0;
			if (s->nbyte == 1 && s->read) {
				s->state = I2C_SEND;
				i2c_load(dev);
			}
		}
		break;
	case I2C_SEND:
		if (s->bit == 0)
			break;
		if (s->bit < 8) {
			s->sda_s = (s->cur >> (7 - s->bit)) & 1;
		} else if (s->bit == 8) {
			s->sda_s = true;	/* release for the master's ACK */
		} else if (s->mack) {
			i2c_load(dev);		/* sequential read */
		} else {
			s->sda_s = true;
			s->state = I2C_IDLE;
		}
		break;
	default:
		break;
	}
}

void
ixm_i2c_write(struct ixm_dev *dev, uint32_t off IXM_UNUSED, uint32_t val)
{
	struct ixm_i2c *s = &dev->ctrl.i2c;
	bool scl = val & IX_I2CCTL_CLK_OUT;
	bool sda = val & IX_I2CCTL_DATA_OUT;

	ixm_wr(dev, IX_I2CCTL, val & (IX_I2CCTL_CLK_OUT | IX_I2CCTL_DATA_OUT));
	if (s->scl && scl) {
		/* SDA moving while SCL is high is START or STOP. */
		if (s->sda_m && !sda) {
			s->state = I2C_RECV;
			s->bit = 0;
			s->shift = 0;
			s->nbyte = 0;
			s->sda_s = true;
		} else if (!s->sda_m && sda) {
			s->state = I2C_IDLE;
			s->sda_s = true;
		}
	} else if (!s->scl && scl) {
		i2c_rising(dev, sda);
	} else if (s->scl && !scl) {
		i2c_falling(dev);
	}
	s->scl = scl;
	s->sda_m = sda;
}


/* ---- The module as the platform sees it ---- */

int
ixm_sfp_set(struct ixm_dev *dev, const void *eeprom, size_t len)
{
	bool was = dev->ctrl.sfp_present;

	if (!has_cage(dev))
		return -ENOTSUP;
	if (eeprom != NULL && len != IXM_SFP_PAGE && len != 2 * IXM_SFP_PAGE)
		return -EINVAL;
	if (eeprom != NULL && len != 0) {
		/* A module that answers only 0xA0 reads 0 on the A2h page. */
		memset(dev->ctrl.sfp, 0, sizeof(dev->ctrl.sfp));
		memcpy(dev->ctrl.sfp, eeprom, len);
	}
	dev->ctrl.sfp_present = len != 0;
	/* A transfer in flight is cut short by the pull or the swap. */
	dev->ctrl.i2c.state = I2C_IDLE;
	dev->ctrl.i2c.sda_s = true;
	if (was != dev->ctrl.sfp_present)
		ixm_sfp_pin_changed(dev);
	ixm_ctrl_link_update(dev, true);
	return 0;
}

size_t
ixm_sfp_get(const struct ixm_dev *dev, void *buf, size_t max)
{
	size_t n = sizeof(dev->ctrl.sfp);

	if (!has_cage(dev) || !dev->ctrl.sfp_present)
		return 0;
	memcpy(buf, dev->ctrl.sfp, max < n ? max : n);
	return n;
}

/*
 * SDP2 (module present) changed level.  The 82599 latches GPI_SDP2 in
 * EICR when the pin is an input with GPIE.SDP2_GPIEN set; the model
 * latches both edges, insertion and removal, which is what drivers
 * rely on to notice either.
 */
void
ixm_sfp_pin_changed(struct ixm_dev *dev)
{
	if ((ixm_rd(dev, IX_GPIE) & IX_GPIE_SDP2_GPIEN) &&
	    !(ixm_rd(dev, IX_ESDP) & IX_ESDP_SDP_DIR(2)))
		ixm_intr_raise(dev, IX_EICR_GPI_SDP2);
}

/* Line rates the module supports (IXM_SIG_* bits), from its A0h page. */
unsigned int
ixm_sfp_rates(const struct ixm_dev *dev)
{
	const uint8_t *a0 = dev->ctrl.sfp[0];
	unsigned int r = 0;

	if (!has_cage(dev))
		return IXM_RATE_1G | IXM_RATE_10G;
	if (!dev->ctrl.sfp_present)
		return 0;
	/* 10GBASE-SR/LR/LRM/ER codes, or a direct attach twinax. */
	if ((a0[IX_SFF_10GBE_COMP] & 0xF0) ||
	    (a0[IX_SFF_CABLE_TECH] & (IX_SFF_DA_PASSIVE | IX_SFF_DA_ACTIVE)))
		r |= IXM_RATE_10G;
	/* 1000BASE-SX/LX/CX/T. */
	if (a0[IX_SFF_1GBE_COMP] & 0x0F)
		r |= IXM_RATE_1G;
	return r;
}

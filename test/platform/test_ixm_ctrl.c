/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Unit test of the 82599 model's control plane: drives the register
 * interface the way net_ixgbe does (bit-banged SPI and I2C included)
 * over malloc'd BARs with fake host callbacks.  Returns non-zero on
 * failure.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ix82599_regs.h"
#include "ix82599_rxtx.h"
#include "ixm.h"
#include "ixm_ctrl.h"

static int failures;
static unsigned int msix_calls;
static unsigned int msix_last = ~0u;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		failures++;						\
		printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

static void *
fake_dma_ptr(void *ctx, uint64_t iova, size_t len, enum ixm_dma_dir dir)
{
	(void)ctx; (void)iova; (void)len; (void)dir;
	return NULL;
}

static void
fake_msix(void *ctx, unsigned int vector)
{
	(void)ctx;
	msix_calls++;
	msix_last = vector;
}

static const struct ixm_host_ops host_ops = {
	.ctx = NULL,
	.dma_ptr = fake_dma_ptr,
	.msix = fake_msix,
};

static uint32_t
rd(struct ixm_dev *d, uint32_t off)
{
	return ixm_reg_read(d, off);
}

static void
wr(struct ixm_dev *d, uint32_t off, uint32_t v)
{
	ixm_reg_write(d, off, v);
}

/* ---- NVM through EERD ---- */

static uint16_t
eerd(struct ixm_dev *d, uint16_t word)
{
	uint32_t v = 0;
	int i;

	wr(d, IX_EERD, (uint32_t)word << IX_EERW_ADDR_SHIFT | IX_EERW_START);
	for (i = 0; i < 1000; i++) {
		v = rd(d, IX_EERD);
		if (v & IX_EERW_DONE)
			break;
	}
	CHECK(v & IX_EERW_DONE, "EERD never done for word %#x", word);
	return (uint16_t)(v >> IX_EERW_DATA_SHIFT);
}

/* ---- NVM through the SPI pins, the way net_ixgbe bit-bangs it ---- */

static bool
sw_semaphore_get(struct ixm_dev *d)
{
	int i;

	for (i = 0; i < 10; i++)
		if (!(rd(d, IX_SWSM) & IX_SWSM_SMBI))
			break;
	if (i == 10)
		return false;
	wr(d, IX_SWSM, rd(d, IX_SWSM) | IX_SWSM_SWESMBI);
	return rd(d, IX_SWSM) & IX_SWSM_SWESMBI;
}

static void
sw_semaphore_put(struct ixm_dev *d)
{
	wr(d, IX_SWSM, rd(d, IX_SWSM) & ~(IX_SWSM_SMBI | IX_SWSM_SWESMBI));
}

static bool
swfw_get(struct ixm_dev *d, uint32_t mask)
{
	uint32_t gssr;

	if (!sw_semaphore_get(d))
		return false;
	gssr = rd(d, IX_GSSR);
	if (gssr & (mask | mask << IX_GSSR_FW_SHIFT)) {
		sw_semaphore_put(d);
		return false;
	}
	wr(d, IX_GSSR, gssr | mask);
	sw_semaphore_put(d);
	return true;
}

static void
swfw_put(struct ixm_dev *d, uint32_t mask)
{
	sw_semaphore_get(d);
	wr(d, IX_GSSR, rd(d, IX_GSSR) & ~mask);
	sw_semaphore_put(d);
}

static void
eec_clock(struct ixm_dev *d, uint32_t *eec)
{
	*eec |= IX_EEC_SK;
	wr(d, IX_EEC, *eec);
}

static void
eec_unclock(struct ixm_dev *d, uint32_t *eec)
{
	*eec &= ~IX_EEC_SK;
	wr(d, IX_EEC, *eec);
}

static void
spi_out(struct ixm_dev *d, uint32_t data, unsigned int count)
{
	uint32_t eec = rd(d, IX_EEC);
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (data & (1u << (count - 1 - i)))
			eec |= IX_EEC_DI;
		else
			eec &= ~IX_EEC_DI;
		wr(d, IX_EEC, eec);
		eec_clock(d, &eec);
		eec_unclock(d, &eec);
	}
	eec &= ~IX_EEC_DI;
	wr(d, IX_EEC, eec);
}

static uint32_t
spi_in(struct ixm_dev *d, unsigned int count)
{
	uint32_t eec = rd(d, IX_EEC) & ~(IX_EEC_DO | IX_EEC_DI);
	uint32_t data = 0;
	unsigned int i;

	for (i = 0; i < count; i++) {
		data <<= 1;
		eec_clock(d, &eec);
		eec = rd(d, IX_EEC) & ~IX_EEC_DI;
		if (eec & IX_EEC_DO)
			data |= 1;
		eec_unclock(d, &eec);
	}
	return data;
}

static void
spi_standby(struct ixm_dev *d)
{
	uint32_t eec = rd(d, IX_EEC);

	wr(d, IX_EEC, eec | IX_EEC_CS);
	wr(d, IX_EEC, eec & ~IX_EEC_CS);
}

static bool
bitbang_read(struct ixm_dev *d, uint16_t word, uint16_t *out)
{
	uint32_t eec, w;
	unsigned int abits;
	int i;

	if (!swfw_get(d, IX_GSSR_EEP_SM))
		return false;
	eec = rd(d, IX_EEC) | IX_EEC_REQ;
	wr(d, IX_EEC, eec);
	eec = rd(d, IX_EEC);
	if (!(eec & IX_EEC_GNT)) {
		swfw_put(d, IX_GSSR_EEP_SM);
		return false;
	}
	abits = (eec & IX_EEC_ADDR_SIZE) ? 16 : 8;
	eec &= ~(IX_EEC_CS | IX_EEC_SK);
	wr(d, IX_EEC, eec);
	/* Wait for the part to report ready. */
	for (i = 0; i < 5; i++) {
		spi_out(d, IX_SPI_OP_RDSR, 8);
		if (!(spi_in(d, 8) & IX_SPI_SR_BUSY))
			break;
		spi_standby(d);
	}
	if (i == 5)
		return false;
	spi_standby(d);
	spi_out(d, IX_SPI_OP_READ, 8);
	spi_out(d, (uint32_t)word * 2, abits);
	w = spi_in(d, 16);
	*out = (uint16_t)((w >> 8) | (w << 8));
	/* Release: CS high, SK low, drop the request. */
	eec = rd(d, IX_EEC);
	eec |= IX_EEC_CS;
	eec &= ~IX_EEC_SK;
	wr(d, IX_EEC, eec);
	eec &= ~IX_EEC_REQ;
	wr(d, IX_EEC, eec);
	swfw_put(d, IX_GSSR_EEP_SM);
	return true;
}

/* ---- SFP+ module over the I2C pins, the way net_ixgbe bit-bangs it ---- */

static void
i2c_set(struct ixm_dev *d, uint32_t *c, uint32_t bit, bool on)
{
	if (on)
		*c |= bit;
	else
		*c &= ~bit;
	wr(d, IX_I2CCTL, *c);
}

static void
i2c_start(struct ixm_dev *d)
{
	uint32_t c = rd(d, IX_I2CCTL);

	i2c_set(d, &c, IX_I2CCTL_DATA_OUT, true);
	i2c_set(d, &c, IX_I2CCTL_CLK_OUT, true);
	i2c_set(d, &c, IX_I2CCTL_DATA_OUT, false);
	i2c_set(d, &c, IX_I2CCTL_CLK_OUT, false);
}

static void
i2c_stop(struct ixm_dev *d)
{
	uint32_t c = rd(d, IX_I2CCTL);

	i2c_set(d, &c, IX_I2CCTL_DATA_OUT, false);
	i2c_set(d, &c, IX_I2CCTL_CLK_OUT, true);
	i2c_set(d, &c, IX_I2CCTL_DATA_OUT, true);
}

static bool
i2c_bit_out(struct ixm_dev *d, bool b)
{
	uint32_t c = rd(d, IX_I2CCTL);

	i2c_set(d, &c, IX_I2CCTL_DATA_OUT, b);
	if (b && !(rd(d, IX_I2CCTL) & IX_I2CCTL_DATA_IN))
		return false;	/* somebody holds SDA low */
	i2c_set(d, &c, IX_I2CCTL_CLK_OUT, true);
	i2c_set(d, &c, IX_I2CCTL_CLK_OUT, false);
	return true;
}

static bool
i2c_byte_out(struct ixm_dev *d, uint8_t b)
{
	uint32_t c;
	bool ack;
	int i;

	for (i = 7; i >= 0; i--)
		if (!i2c_bit_out(d, (b >> i) & 1))
			return false;
	c = rd(d, IX_I2CCTL);
	i2c_set(d, &c, IX_I2CCTL_DATA_OUT, true);
	i2c_set(d, &c, IX_I2CCTL_CLK_OUT, true);
	ack = !(rd(d, IX_I2CCTL) & IX_I2CCTL_DATA_IN);
	i2c_set(d, &c, IX_I2CCTL_CLK_OUT, false);
	return ack;
}

static uint8_t
i2c_byte_in(struct ixm_dev *d)
{
	uint32_t c;
	uint8_t b = 0;
	int i;

	for (i = 0; i < 8; i++) {
		c = rd(d, IX_I2CCTL);
		i2c_set(d, &c, IX_I2CCTL_CLK_OUT, true);
		b = (uint8_t)(b << 1 |
			      !!(rd(d, IX_I2CCTL) & IX_I2CCTL_DATA_IN));
		i2c_set(d, &c, IX_I2CCTL_CLK_OUT, false);
	}
	return b;
}

static int
sfp_read(struct ixm_dev *d, uint8_t dev_addr, uint8_t off)
{
	uint8_t b;

	i2c_start(d);
	if (!i2c_byte_out(d, dev_addr))
		goto fail;
	if (!i2c_byte_out(d, off))
		goto fail;
	i2c_start(d);
	if (!i2c_byte_out(d, dev_addr | 1))
		goto fail;
	b = i2c_byte_in(d);
	if (!i2c_bit_out(d, true))	/* NACK: one byte is enough */
		goto fail;
	i2c_stop(d);
	return b;
fail:
	i2c_stop(d);
	return -1;
}

/* ---- tests ---- */

static struct ixm_dev *
make_dev(uint16_t devid, unsigned int port, void **bar0, void **bar4)
{
	static const uint8_t mac[6] = { 0x02, 0x1b, 0x21, 0xaa, 0xbb, 0xcc };
	struct ixm_config cfg = { .device_id = devid, .port = port };

	memcpy(cfg.mac, mac, 6);
	*bar0 = aligned_alloc(4096, IXM_BAR0_SIZE);
	*bar4 = aligned_alloc(4096, IXM_BAR4_SIZE);
	memset(*bar0, 0x5a, IXM_BAR0_SIZE);	/* reset must clear it */
	memset(*bar4, 0, IXM_BAR4_SIZE);
	return ixm_create(&cfg, &host_ops, *bar0, *bar4);
}

static void
test_eeprom(struct ixm_dev *d)
{
	uint16_t sum = 0, w, bb;
	unsigned int i, j;
	uint8_t mac[6];
	uint16_t core;
	uint32_t eec = rd(d, IX_EEC);

	CHECK(eec & IX_EEC_PRES, "EEC %#x: no EEPROM", eec);
	CHECK(eec & IX_EEC_ARD, "EEC %#x: auto read not done", eec);
	CHECK(1u << (((eec & IX_EEC_SIZE_MASK) >> IX_EEC_SIZE_SHIFT) + 6) ==
	      IXM_EE_WORDS, "EEC %#x: size", eec);

	/* The driver's checksum: 0x00..0x3F plus pointed-to sections. */
	for (i = 0; i <= IX_EE_CHECKSUM; i++)
		sum += eerd(d, (uint16_t)i);
	for (i = IX_EE_PCIE_ANALOG_PTR; i < IX_EE_FW_PTR; i++) {
		uint16_t ptr = eerd(d, (uint16_t)i), len;

		if (ptr == 0 || ptr == 0xFFFF)
			continue;
		len = eerd(d, ptr);
		if (len == 0 || len == 0xFFFF)
			continue;
		for (j = ptr + 1u; j <= (unsigned int)ptr + len; j++)
			sum += eerd(d, (uint16_t)j);
	}
	CHECK(sum == IX_EE_SUM, "EEPROM sum %#x != 0xBABA", sum);

	/* Firmware patch version behind FW ptr -> PTP config ptr. */
	w = eerd(d, IX_EE_FW_PTR);
	w = eerd(d, (uint16_t)(w + IX_EE_FW_PTP_CFG_PTR));
	w = eerd(d, (uint16_t)(w + IX_EE_FW_PATCH_VERSION));
	CHECK(w > 5 && w != 0xFFFF, "firmware patch version %#x", w);

	/* MAC address in LAN core 0 and in RAR[0]. */
	core = eerd(d, IX_EE_CORE0_PTR);
	for (i = 0; i < 3; i++) {
		w = eerd(d, (uint16_t)(core + IX_EE_CORE_MAC_OFF + i));
		mac[2 * i] = (uint8_t)w;
		mac[2 * i + 1] = (uint8_t)(w >> 8);
	}
	CHECK(mac[0] == 0x02 && mac[1] == 0x1b && mac[2] == 0x21 &&
	      mac[3] == 0xaa && mac[4] == 0xbb && mac[5] == 0xcc,
	      "EEPROM MAC %02x:%02x:%02x:%02x:%02x:%02x",
	      mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	CHECK(rd(d, IX_RAL(0)) == 0xaa211b02u, "RAL0 %#x", rd(d, IX_RAL(0)));
	CHECK(rd(d, IX_RAH(0)) == 0x8000ccbbu, "RAH0 %#x", rd(d, IX_RAH(0)));

	/* The bit-banged SPI path returns the same words. */
	for (i = 0; i < 0x48; i++) {
		CHECK(bitbang_read(d, (uint16_t)i, &bb), "bit-bang read %#x",
		      i);
		w = eerd(d, (uint16_t)i);
		CHECK(bb == w, "word %#x: bit-bang %#x, EERD %#x", i, bb, w);
	}
	CHECK(bitbang_read(d, 0x117, &bb) && bb == eerd(d, 0x117),
	      "bit-bang read of a section word");
	CHECK(!(rd(d, IX_GSSR) & IX_GSSR_EEP_SM), "GSSR left held");
}

static void
test_eicr_eims(struct ixm_dev *d)
{
	uint32_t v;

	wr(d, IX_EIMC, 0xFFFFFFFF);
	(void)rd(d, IX_EICR);
	wr(d, IX_EICS, IX_EICR_LSC | 0x1);
	v = rd(d, IX_EICR);
	CHECK(v == (IX_EICR_LSC | 0x1), "EICR %#x", v);
	v = rd(d, IX_EICR);
	CHECK(v == 0, "EICR not cleared by read: %#x", v);

	wr(d, IX_EICS, IX_EICR_LSC);
	wr(d, IX_EICR, IX_EICR_LSC);
	CHECK(rd(d, IX_EICS) == 0, "EICR write-1-to-clear");

	wr(d, IX_EIMS, IX_EICR_LSC | 0x3);
	CHECK(rd(d, IX_EIMS) == (IX_EICR_LSC | 0x3), "EIMS %#x",
	      rd(d, IX_EIMS));
	wr(d, IX_EIMC, 0x1);
	CHECK(rd(d, IX_EIMS) == (IX_EICR_LSC | 0x2), "EIMS after EIMC %#x",
	      rd(d, IX_EIMS));
	wr(d, IX_EIMS_EX(1), 0x80000000);
	CHECK(rd(d, IX_EIMS_EX(1)) == 0x80000000, "EIMS_EX(1)");
	CHECK(rd(d, IX_EIMS_EX(0)) == 0x2, "EIMS_EX(0) mirrors EIMS[15:0]");
	wr(d, IX_EIMC, 0xFFFFFFFF);
	wr(d, IX_EIMC_EX(0), 0xFFFFFFFF);
	wr(d, IX_EIMC_EX(1), 0xFFFFFFFF);
	CHECK(rd(d, IX_EIMS) == 0 && rd(d, IX_EIMS_EX(1)) == 0, "EIMC all");
}

static void
test_stats(struct ixm_dev *d, void *bar0)
{
	struct ixm_mac_counters mc;
	uint32_t lo, hi;

	ixm_stat_add(d, IX_GPRC, 5);
	ixm_stat_add(d, IX_GPRC, 2);
	CHECK(rd(d, IX_GPRC) == 7, "GPRC");
	CHECK(rd(d, IX_GPRC) == 0, "GPRC not cleared");

	ixm_stat_add(d, IX_GORCL, 0x100000005ull);
	lo = rd(d, IX_GORCL);
	ixm_stat_add(d, IX_GORCL, 0x200000000ull);	/* after the latch */
	hi = rd(d, IX_GORCH);
	CHECK(lo == 5 && hi == 1, "GORC L/H %#x/%#x", lo, hi);
	CHECK(rd(d, IX_GORCL) == 0 && rd(d, IX_GORCH) == 2,
	      "GORC second snapshot");
	CHECK(rd(d, IX_GORCL) == 0 && rd(d, IX_GORCH) == 0, "GORC cleared");

	ixm_stat_add(d, IX_MPC(0), 0x1ffffffffull);
	CHECK(rd(d, IX_MPC(0)) == 0xFFFFFFFF, "32-bit counters saturate");

	/* Per-queue counters on a queue page: BAR memory stays 0. */
	ixm_stat_add(d, IX_QPRC(3), 9);
	CHECK(((volatile uint32_t *)bar0)[IX_QPRC(3) / 4] == 0,
	      "QPRC slot in BAR memory");
	CHECK(rd(d, IX_QPRC(3)) == 9 && rd(d, IX_QPRC(3)) == 0, "QPRC");
	ixm_stat_add(d, IX_QBTC_L(2), 0x300000001ull);
	CHECK(rd(d, IX_QBTC_L(2)) == 1 && rd(d, IX_QBTC_H(2)) == 3, "QBTC");

	wr(d, IX_GPTC, 1234);
	CHECK(rd(d, IX_GPTC) == 0, "statistics ignore writes");

	ixm_mac_counters(d, &mc);
	CHECK(mc.rx_good_packets == 7 && mc.rx_good_octets == 0x300000005ull &&
	      mc.rx_missed == 0x1ffffffffull, "totals %llu %llu %llu",
	      (unsigned long long)mc.rx_good_packets,
	      (unsigned long long)mc.rx_good_octets,
	      (unsigned long long)mc.rx_missed);
}

static void
test_reset(struct ixm_dev *d)
{
	uint32_t ctrl;

	wr(d, IX_RAL(0), 0x12345678);
	wr(d, IX_CTRL, IX_CTRL_GIO_DIS);
	CHECK(!(rd(d, IX_STATUS) & IX_STATUS_GIO), "GIO master disable");
	wr(d, IX_CTRL, rd(d, IX_CTRL) | IX_CTRL_RST);
	ctrl = rd(d, IX_CTRL);
	CHECK(!(ctrl & IX_CTRL_RST_MASK), "CTRL.RST stuck: %#x", ctrl);
	CHECK(rd(d, IX_STATUS) & IX_STATUS_GIO, "GIO after reset");
	CHECK(rd(d, IX_RAL(0)) == 0xaa211b02u, "RAL0 after reset %#x",
	      rd(d, IX_RAL(0)));
	CHECK(rd(d, IX_RAL_82599(0)) == 0xaa211b02u, "RAL0 at 0xA200 %#x",
	      rd(d, IX_RAL_82599(0)));
	wr(d, IX_CTRL, IX_CTRL_LNK_RST);
	CHECK(!(rd(d, IX_CTRL) & IX_CTRL_RST_MASK), "LNK_RST stuck");
	CHECK((rd(d, IX_RDRXCTL) & IX_RDRXCTL_DMAIDONE) &&
	      (rd(d, IX_SECRXSTAT) & IX_SECRXSTAT_SECRX_RDY),
	      "done/ready bits");
	wr(d, IX_MSCA, IX_MSCA_MDI_COMMAND | IX_MSCA_OP_READ);
	CHECK(!(rd(d, IX_MSCA) & IX_MSCA_MDI_COMMAND), "MDIO completion");
	CHECK((rd(d, IX_MSRWD) >> 16) == 0xFFFF, "MDIO read data");
}

static void
test_sfp(struct ixm_dev *d)
{
	int b;

	b = sfp_read(d, IX_SFF_I2C_ADDR, IX_SFF_IDENTIFIER);
	CHECK(b == IX_SFF_IDENTIFIER_SFP, "SFF identifier %d", b);
	b = sfp_read(d, IX_SFF_I2C_ADDR, IX_SFF_10GBE_COMP);
	CHECK(b == IX_SFF_10GBASESR, "10G compliance %d", b);
	b = sfp_read(d, IX_SFF_I2C_ADDR, IX_SFF_VENDOR_OUI + 1);
	CHECK(b == 0x1B, "OUI byte 1 %d", b);
	b = sfp_read(d, 0xB0, 0);
	CHECK(b == -1, "nobody at 0xB0 should ACK, got %d", b);
	b = sfp_read(d, IX_SFF_I2C_ADDR, IX_SFF_IDENTIFIER);
	CHECK(b == IX_SFF_IDENTIFIER_SFP, "SFF identifier after NACK %d", b);
	CHECK(rd(d, IX_ESDP) & IX_ESDP_MOD_PRESENT, "cage present pin");
}

static unsigned int sig_calls, sig_last;

static void
fake_tx_signal(void *ctx, unsigned int sig)
{
	(void)ctx;
	sig_calls++;
	sig_last = sig;
}

/*
 * The module swapped, pulled (GPI SDP2 when GPIE enables it, LSC, the
 * transmitter dark) and put back; the laser and a partner at another
 * rate; LEDCTL modes as the LEDs show them.
 */
static void
test_sfp_link(void)
{
	struct ixm_host_ops ops = host_ops;
	uint8_t m[512], got[512];
	void *bar0, *bar4;
	struct ixm_dev *d;
	uint32_t eicr;

	ops.tx_signal = fake_tx_signal;
	bar0 = calloc(1, IXM_BAR0_SIZE);
	bar4 = calloc(1, IXM_BAR4_SIZE);
	d = ixm_create(&(struct ixm_config){ .device_id = IX_DEV_82599_SFP },
		       &ops, bar0, bar4);
	CHECK(d != NULL, "create SFP with tx_signal");
	if (d == NULL)
		return;
	CHECK(ixm_tx_signal(d) == IXM_SIG_10G && ixm_link_up(d),
	      "10G signal, link up");
	CHECK(ixm_led(d, 0) == 1 && ixm_led(d, 1) == 1 && ixm_led(d, 3) == 0,
	      "LEDs: link, 10G lit; 1G dark");
	CHECK(ixm_led(d, 4) < 0, "LED 4 does not exist");
	wr(d, IX_LEDCTL, IX_LED_OFF | IX_LEDCTL_IVRT << IX_LEDCTL_SHIFT(1));
	CHECK(ixm_led(d, 0) == 0 && ixm_led(d, 1) == 0,
	      "LED0 off; LED1 link-up mode inverted: dark");

	/* A 256-byte dual-rate module: A2h reads 0. */
	memset(m, 0, sizeof(m));
	m[0] = IX_SFF_IDENTIFIER_SFP;
	m[IX_SFF_10GBE_COMP] = IX_SFF_10GBASESR;
	m[IX_SFF_1GBE_COMP] = IX_SFF_1GBASESX;
	m[255] = 0x5A;
	CHECK(ixm_sfp_set(d, m, 100) < 0, "odd module length refused");
	CHECK(ixm_sfp_set(d, m, 256) == 0, "module swapped");
	CHECK(ixm_sfp_get(d, got, sizeof(got)) == 512 &&
	      memcmp(got, m, 256) == 0 && got[256] == 0 && got[511] == 0,
	      "module memory");
	CHECK(sfp_read(d, IX_SFF_I2C_ADDR, 255) == 0x5A &&
	      sfp_read(d, IX_SFF_I2C_ADDR_DIAG, 0) == 0, "I2C reads it");

	/* Pulled with SDP2 armed: GPI SDP2 and LSC together, dark. */
	wr(d, IX_GPIE, IX_GPIE_SDP2_GPIEN);
	(void)rd(d, IX_EICR);
	sig_calls = 0;
	CHECK(ixm_sfp_set(d, NULL, 0) == 0, "module pulled");
	eicr = rd(d, IX_EICR);
	CHECK((eicr & (IX_EICR_GPI_SDP2 | IX_EICR_LSC)) ==
	      (IX_EICR_GPI_SDP2 | IX_EICR_LSC), "EICR %#x after the pull",
	      eicr);
	CHECK(!ixm_link_up(d) && !(rd(d, IX_ESDP) & IX_ESDP_MOD_PRESENT) &&
	      sig_calls == 1 && sig_last == IXM_SIG_NONE,
	      "no module: link down, SDP2 low, dark (%u, %u)", sig_calls,
	      sig_last);
	CHECK(ixm_sfp_get(d, got, sizeof(got)) == 0 &&
	      sfp_read(d, IX_SFF_I2C_ADDR, 0) == -1, "empty cage");
	CHECK(ixm_sfp_set(d, NULL, 512) == 0 && ixm_link_up(d) &&
	      (rd(d, IX_EICR) & IX_EICR_GPI_SDP2) && sig_last == IXM_SIG_10G,
	      "inserted again: GPI SDP2, link up, lit");
	/* SDP2 not armed: no GPI cause. */
	wr(d, IX_GPIE, 0);
	ixm_sfp_set(d, NULL, 0);
	ixm_sfp_set(d, NULL, 512);
	CHECK(!(rd(d, IX_EICR) & IX_EICR_GPI_SDP2), "GPI SDP2 unarmed");

	/* Laser off (SDP3 output high): dark and link down. */
	wr(d, IX_ESDP, IX_ESDP_SDP_DIR(3) | IX_ESDP_LASER_DIS);
	CHECK(!ixm_link_up(d) && sig_last == IXM_SIG_NONE, "laser off");
	wr(d, IX_ESDP, IX_ESDP_SDP_DIR(3));
	CHECK(ixm_link_up(d) && sig_last == IXM_SIG_10G, "laser on");

	/* The partner: at 1G the 10G port has no link; at 1G it has. */
	ixm_set_rx_signal(d, IXM_SIG_1G);
	CHECK(!ixm_link_up(d), "10G port, 1G partner: no link");
	wr(d, IX_AUTOC, IX_AUTOC_LMS_1G_NO_AN);
	CHECK(ixm_link_up(d) && sig_last == IXM_SIG_1G &&
	      (rd(d, IX_LINKS) & IX_LINKS_SPEED_MASK) == IX_LINKS_SPEED_1G,
	      "1G port, 1G partner: link at 1G");
	ixm_set_rx_signal(d, IXM_SIG_NONE);
	CHECK(!ixm_link_up(d), "dark partner: no link");
	/* A 10G-only module cannot send at 1G. */
	m[IX_SFF_1GBE_COMP] = 0;
	ixm_set_rx_signal(d, IXM_SIG_ANY);
	ixm_sfp_set(d, m, 256);
	CHECK(!ixm_link_up(d) && ixm_tx_signal(d) == IXM_SIG_NONE,
	      "1G on a 10G-only module: dark");
	ixm_destroy(d);
	free(bar0);
	free(bar4);
}

static void
test_lsc(struct ixm_dev *d)
{
	unsigned int before;

	CHECK(ixm_link_up(d), "link should be up at start");
	CHECK((rd(d, IX_LINKS) & (IX_LINKS_UP | IX_LINKS_SPEED_MASK)) ==
	      (IX_LINKS_UP | IX_LINKS_SPEED_10G), "LINKS %#x",
	      rd(d, IX_LINKS));

	/* Single-vector mode: everything on vector 0. */
	wr(d, IX_GPIE, 0);
	(void)rd(d, IX_EICR);
	wr(d, IX_EIMS, IX_EICR_LSC);
	before = msix_calls;
	ixm_set_cable(d, false);
	CHECK(msix_calls == before + 1 && msix_last == 0,
	      "LSC interrupt: calls %u vector %u", msix_calls - before,
	      msix_last);
	CHECK(!ixm_link_up(d) && !(rd(d, IX_LINKS) & IX_LINKS_UP),
	      "link still up");
	CHECK(rd(d, IX_EICR) & IX_EICR_LSC, "EICR.LSC");

	/* Masked: no interrupt, but the cause is latched. */
	wr(d, IX_EIMC, IX_EICR_LSC);
	before = msix_calls;
	ixm_set_cable(d, true);
	CHECK(msix_calls == before, "masked LSC fired");
	CHECK(rd(d, IX_EICS) & IX_EICR_LSC, "masked LSC not latched");
	/* Unmasking a pending cause fires it. */
	wr(d, IX_EIMS, IX_EICR_LSC);
	CHECK(msix_calls == before + 1, "unmask did not fire");
	(void)rd(d, IX_EICR);

	/* MSI-X mode: other causes go where IVAR_MISC says. */
	wr(d, IX_GPIE, IX_GPIE_MSIX_MODE | IX_GPIE_PBA_SUPPORT |
	   IX_GPIE_EIAME);
	wr(d, IX_IVAR_MISC, (IX_IVAR_ALLOC_VAL | 3) <<
	   IX_IVAR_MISC_OTHER_SHIFT);
	before = msix_calls;
	ixm_set_cable(d, false);
	CHECK(msix_calls == before + 1 && msix_last == 3,
	      "MSI-X LSC: calls %u vector %u", msix_calls - before,
	      msix_last);
	(void)rd(d, IX_EICR);
	ixm_set_cable(d, true);
	(void)rd(d, IX_EICR);
}

static void
test_queue_intr(struct ixm_dev *d)
{
	unsigned int before;

	wr(d, IX_GPIE, IX_GPIE_MSIX_MODE | IX_GPIE_PBA_SUPPORT |
	   IX_GPIE_EIAME);
	wr(d, IX_EIAM_EX(0), 0xFFFFFFFF);
	wr(d, IX_EIAC, IX_EICR_RTX_QUEUE);
	/* RX queue 1 -> vector 5 (odd queue: IVAR(0) bits 23:16). */
	wr(d, IX_IVAR(0), (uint32_t)(IX_IVAR_ALLOC_VAL | 5) << 16);
	wr(d, IX_EIMS_EX(0), 1u << 5);
	before = msix_calls;
	ixm_intr_queue(d, 1, false);
	CHECK(msix_calls == before + 1 && msix_last == 5,
	      "queue interrupt: calls %u vector %u", msix_calls - before,
	      msix_last);
	CHECK(!(rd(d, IX_EICS) & (1u << 5)), "EIAC auto-clear");
	CHECK(!(rd(d, IX_EIMS_EX(0)) & (1u << 5)), "EIAM auto-mask");
	/* Masked now: the next completion waits for EIMS. */
	ixm_intr_queue(d, 1, false);
	CHECK(msix_calls == before + 1, "auto-masked vector fired");
	wr(d, IX_EIMS_EX(0), 1u << 5);
	CHECK(msix_calls == before + 2, "re-enable did not fire");
	/* TX of queue 1 is not mapped: nothing. */
	ixm_intr_queue(d, 1, true);
	CHECK(msix_calls == before + 2, "unmapped queue fired");

	/* EITR: 2 ms between interrupts of vector 5 (units of 2.048 us). */
	wr(d, IX_EITR(5), 1000u << IX_EITR_ITR_SHIFT);
	wr(d, IX_GPIE, IX_GPIE_MSIX_MODE | IX_GPIE_PBA_SUPPORT);
	wr(d, IX_EIMS_EX(0), 1u << 5);
	ixm_intr_queue(d, 1, false);
	CHECK(msix_calls == before + 2, "EITR did not hold the vector");
	ixm_ctrl_tick(d);
	CHECK(msix_calls == before + 2, "EITR released too early");
	nanosleep(&(struct timespec){ .tv_nsec = 3000000 }, NULL);
	ixm_ctrl_tick(d);
	CHECK(msix_calls == before + 3 && msix_last == 5,
	      "held vector not delivered by tick");
	wr(d, IX_EITR(5), 0);
}

static void
test_kr(void)
{
	void *bar0, *bar4;
	struct ixm_dev *d = make_dev(IX_DEV_82599_KR, 1, &bar0, &bar4);

	CHECK(d != NULL, "create KR");
	if (d == NULL)
		return;
	CHECK(((rd(d, IX_STATUS) & IX_STATUS_LAN_ID_MASK) >>
	       IX_STATUS_LAN_ID_SHIFT) == 1, "LAN ID");
	CHECK((rd(d, IX_LINKS) & (IX_LINKS_UP | IX_LINKS_KX_AN_COMP)) ==
	      (IX_LINKS_UP | IX_LINKS_KX_AN_COMP), "KR LINKS %#x",
	      rd(d, IX_LINKS));
	CHECK(sfp_read(d, IX_SFF_I2C_ADDR, 0) == -1, "KR has no SFP");
	/* Port 1 reads its MAC from LAN core 1. */
	CHECK(rd(d, IX_RAL(0)) == 0xaa211b02u &&
	      rd(d, IX_RAH(0)) == 0x8000ccbb,
	      "KR RAR0 %#x %#x", rd(d, IX_RAL(0)), rd(d, IX_RAH(0)));
	ixm_destroy(d);
	free(bar0);
	free(bar4);
}

static void
test_loopback(struct ixm_dev *d)
{
	ixm_set_cable(d, false);
	(void)rd(d, IX_EICR);
	wr(d, IX_HLREG0, rd(d, IX_HLREG0) | IX_HLREG0_LPBK);
	wr(d, IX_AUTOC, IX_AUTOC_LMS_10G_NO_AN | IX_AUTOC_FLU);
	CHECK(ixm_ctrl_loopback(d), "loopback");
	CHECK(ixm_link_up(d), "forced link up");
	wr(d, IX_RXCTRL, IX_RXCTRL_RXEN);
	wr(d, IX_SECRXCTRL, IX_SECRXCTRL_RX_DIS);
	CHECK(!ixm_ctrl_rx_enabled(d), "RX held by SECRXCTRL");
	wr(d, IX_SECRXCTRL, 0);
	CHECK(ixm_ctrl_rx_enabled(d), "RX enabled");
	wr(d, IX_DMATXCTL, rd(d, IX_DMATXCTL) | IX_DMATXCTL_TE);
	CHECK(ixm_ctrl_tx_enabled(d), "TX enabled");
}

int
main(void)
{
	void *bar0, *bar4;
	struct ixm_dev *d = make_dev(IX_DEV_82599_SFP, 0, &bar0, &bar4);

	if (d == NULL) {
		printf("FAIL: ixm_create\n");
		return 1;
	}
	CHECK(((volatile uint32_t *)bar0)[IX_CRCERRS / 4] == 0,
	      "power-on reset left BAR garbage");
	test_eeprom(d);
	test_eicr_eims(d);
	test_stats(d, bar0);
	test_reset(d);
	test_sfp(d);
	test_lsc(d);
	test_queue_intr(d);
	test_loopback(d);
	ixm_destroy(d);
	free(bar0);
	free(bar4);
	test_kr();
	test_sfp_link();

	if (failures) {
		printf("test_ixm_ctrl: %d failure(s)\n", failures);
		return 1;
	}
	printf("test_ixm_ctrl: OK\n");
	return 0;
}

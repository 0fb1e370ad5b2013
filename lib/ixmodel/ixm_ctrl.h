/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Control plane of the 82599 model: reset, register semantics, NVM,
 * PHY/SFP management buses, interrupts and statistics.
 *
 * Everything here runs under the platform's model lock (see ixm.h), so
 * none of it needs atomics.
 */
#ifndef IXM_CTRL_H
#define IXM_CTRL_H

#include <stdbool.h>
#include <stdint.h>

#include "ixm.h"

struct ixm_dev;

#define IXM_REG_WORDS		(IXM_BAR0_SIZE / 4u)

/* NVM: 16 Ki words (32 KiB), reported through EEC.SIZE = 8. */
#define IXM_EE_SIZE_CODE	8u
#define IXM_EE_WORDS		(1u << (IXM_EE_SIZE_CODE + 6u))

/* SFF-8472 module memory: two 256-byte I2C pages (0xA0, 0xA2). */
#define IXM_SFP_PAGE		256u

/*
 * A pseudo statistics "register" the datapath may pass to ixm_stat_add()
 * for frames dropped by the address/VLAN filters.  The 82599 has no such
 * counter; the offset is outside BAR0 so no driver access can hit it.
 */
#define IXM_STAT_RX_FILTER_DROP	0xFFFFFFFCu

/* Bit-banged SPI slave behind EEC (a 25xxx-style serial EEPROM). */
struct ixm_spi {
	bool sk;		/* last SK level seen */
	bool selected;		/* CS low */
	bool do_bit;		/* what the EEPROM drives on DO */
	uint8_t phase;		/* enum in ixm_eeprom.c */
	uint8_t opcode;
	uint8_t nbits;		/* bits shifted in/out in this phase */
	uint32_t shift;		/* bits shifted in */
	uint32_t addr;		/* byte address of the current transfer */
	uint8_t out;		/* byte being shifted out */
	bool wel;		/* write enable latch */
};

/* I2C slave emulating the SFP+ module (two-wire, SFF-8472). */
struct ixm_i2c {
	bool scl;		/* master SCL as last written */
	bool sda_m;		/* master SDA as last written */
	bool sda_s;		/* slave SDA (false = pulling low) */
	bool read;		/* current transfer is a read */
	bool mack;		/* master acknowledged the last byte */
	uint8_t state;		/* enum in ixm_sfp.c */
	uint8_t bit;		/* clock count in the current 9-clock frame */
	uint8_t shift;
	uint8_t nbyte;		/* bytes received since START */
	uint8_t page;		/* 0: 0xA0, 1: 0xA2 */
	uint8_t ptr;		/* byte pointer inside the page */
	uint8_t cur;		/* byte being sent */
};

/* Interrupt state (82599 datasheet 7.3). */
struct ixm_intr {
	uint64_t vcause;	/* per-vector (MSI-X) / RTxQ causes */
	uint64_t vmask;		/* EIMS bits 15:0 + EIMS_EX */
	uint32_t ocause;	/* EICR "other" causes, bits 30:16 */
	uint32_t omask;		/* EIMS bits 31:16 */
	uint64_t asserted;	/* vectors that fired and are still active */
	uint64_t held;		/* vectors held back by EITR throttling */
	uint64_t last_ns[IXM_MSIX_VECTORS];
};

struct ixm_ctrl {
	/* Link. */
	bool cable;		/* something is plugged into the port */
	bool link_up;		/* last computed link state */
	bool sfp_present;	/* an SFP+ module sits in the cage */
	uint8_t rx_sig;		/* IXM_SIG_* arriving from the far end */
	uint8_t tx_sig;		/* IXM_SIG_* last reported to the host */

	/* MDIO: the address latched by the last address cycle. */
	uint16_t mdio_addr;

	struct ixm_spi spi;
	struct ixm_i2c i2c;
	struct ixm_intr intr;

	/* Statistics: accumulators indexed by register offset / 4. */
	uint64_t stat_acc[IXM_REG_WORDS];
	struct ixm_mac_counters totals;	/* never cleared */

	uint16_t ee[IXM_EE_WORDS];
	uint8_t sfp[2][IXM_SFP_PAGE];
};

/* ---- Contract with the datapath (ixm_dp.h) ---- */

/* Add to the accumulator behind a clear-on-read statistics register. */
void ixm_stat_add(struct ixm_dev *dev, uint32_t reg, uint64_t delta);
/* A queue finished work: raise its interrupt as mapped by IVAR. */
void ixm_intr_queue(struct ixm_dev *dev, unsigned int queue, bool tx);
/* RXCTRL.RXEN set and the security block not holding RX off. */
bool ixm_ctrl_rx_enabled(const struct ixm_dev *dev);
/* DMATXCTL.TE. */
bool ixm_ctrl_tx_enabled(const struct ixm_dev *dev);
/* MAC loopback (HLREG0.LPBK with the link forced up via AUTOC.FLU). */
bool ixm_ctrl_loopback(const struct ixm_dev *dev);

/*
 * Deliver interrupts whose EITR throttling interval has expired.  Cheap;
 * call it from the model thread's loop (e.g. once per ixm_poll()) so an
 * interrupt held back by EITR is not lost when traffic stops.
 */
void ixm_ctrl_tick(struct ixm_dev *dev);

/* ---- Internal to the control plane ---- */

/* Register handlers are declared with the register table (ixm_regtab.h). */

/* ixm_dev.c */
void ixm_ctrl_reset(struct ixm_dev *dev, bool power_on);
void ixm_ctrl_link_update(struct ixm_dev *dev, bool notify);

/* ixm_eeprom.c */
void ixm_ee_build(struct ixm_dev *dev);
uint16_t ixm_ee_word(const struct ixm_dev *dev, uint32_t word);
void ixm_ee_reset(struct ixm_dev *dev);
void ixm_ee_mac(const struct ixm_dev *dev, uint8_t mac[6]);
uint32_t ixm_ee_autoc(const struct ixm_dev *dev);
uint32_t ixm_ee_autoc2(const struct ixm_dev *dev);

/* ixm_phy.c */
void ixm_phy_reset(struct ixm_dev *dev);

/* ixm_sfp.c */
void ixm_sfp_build(struct ixm_dev *dev);
void ixm_sfp_reset(struct ixm_dev *dev);
void ixm_sfp_pin_changed(struct ixm_dev *dev);
unsigned int ixm_sfp_rates(const struct ixm_dev *dev);

/* ixm_intr.c */
void ixm_intr_reset(struct ixm_dev *dev);
void ixm_intr_raise(struct ixm_dev *dev, uint32_t other_causes);
void ixm_intr_update(struct ixm_dev *dev);

/* ixm_stats.c */
void ixm_stats_reset(struct ixm_dev *dev);

#endif /* IXM_CTRL_H */

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The register table of the 82599 model: one row per register or register
 * array of BAR0, looked up by offset (ixm_regtab.c holds the rows).
 *
 * A row says what the 82599 datasheet's register description (§8.2.3)
 * says about access: read-only, clear on read, write 1 to clear,
 * self-clearing command bits, write-only, or another address of a register
 * that lives elsewhere.  It gives the value after reset and, where a
 * register does more than hold what was written, its read and write
 * handlers.  The handlers live with the part of the model they belong to
 * (interrupts in ixm_intr.c, NVM in ixm_eeprom.c, ...).
 *
 * ixm_reg_read()/ixm_reg_write() (ixm_regs.c) apply a row:
 *  - read: ALIAS -> the row of the register it stands for; a read handler
 *    decides the value; else WO reads 0; else the register file, and RC
 *    clears it.
 *  - write: ALIAS as above; RO drops the write; a write handler decides;
 *    else ixm_reg_store(): W1C clears the bits written as 1, otherwise
 *    ro_bits keep their value and sc_bits read back 0 (the command they
 *    start completes at once).
 * An offset no row covers is a plain register: it reads back what was
 * last written, as on the 82599 for registers the model need not
 * understand.
 *
 * Adding a register with behaviour (e.g. a filter the datapath must
 * notice) is one row here plus its handler.
 */
#ifndef IXM_REGTAB_H
#define IXM_REGTAB_H

#include <stdbool.h>
#include <stdint.h>

struct ixm_dev;

/* Access flags of a row (IXM_REG_*). */
#define IXM_REG_RO	0x0001u	/* writes are ignored */
#define IXM_REG_RC	0x0002u	/* a read clears it */
#define IXM_REG_W1C	0x0004u	/* writing 1 to a bit clears it */
#define IXM_REG_SC	0x0008u	/* has self-clearing bits (sc_bits) */
#define IXM_REG_WO	0x0010u	/* write only: reads return 0 */
#define IXM_REG_ALIAS	0x0020u	/* another address of register 'alias' */
#define IXM_REG_STAT	0x0040u	/* statistics counter (ixm_stats.c) */
#define IXM_REG_STAT_L	0x0080u	/* low half of a 64-bit counter */
#define IXM_REG_STAT_H	0x0100u	/* high half of a 64-bit counter */

/* For handlers of a single register, which need not look at off. */
#define IXM_UNUSED	__attribute__((unused))

/*
 * Handlers.  off is the register's offset, after alias resolution; an
 * array's instance number is ixm_reg_instance(off).
 */
typedef uint32_t ixm_reg_read_t(struct ixm_dev *dev, uint32_t off);
typedef void ixm_reg_write_t(struct ixm_dev *dev, uint32_t off,
			     uint32_t val);

struct ixm_reg {
	const char *name;
	uint32_t off;		/* offset of instance 0 */
	uint16_t count;		/* instances (an array), 1 otherwise */
	uint16_t stride;	/* bytes from one instance to the next */
	uint16_t base;		/* number of the row's first instance */
	uint16_t flags;		/* IXM_REG_* */
	uint32_t reset;		/* value after any reset */
	uint32_t ro_bits;	/* bits software cannot change */
	uint32_t sc_bits;	/* bits that read 0 right after a write */
	/* IXM_REG_ALIAS: instance i stands for alias + i * alias_stride. */
	uint32_t alias;
	uint16_t alias_stride;
	ixm_reg_read_t *read;	/* NULL: the register file */
	ixm_reg_write_t *write;	/* NULL: ixm_reg_store() */
};

/* The row covering offset off (4-byte aligned), or NULL. */
const struct ixm_reg *ixm_reg_find(uint32_t off);
/* Instance number of off in its row (base + index), 0 without a row. */
unsigned int ixm_reg_instance(uint32_t off);
/* Rows, for iteration: row i < ixm_reg_rows(). */
unsigned int ixm_reg_rows(void);
const struct ixm_reg *ixm_reg_row(unsigned int i);
/*
 * Check the table: rows inside BAR0, aligned, no two rows on one offset,
 * aliases pointing at rows that are not aliases themselves.  Returns the
 * number of problems, each reported through report() (may be NULL).
 */
unsigned int ixm_reg_check(void (*report)(const char *msg));

/* Default write of a row's register: W1C, ro_bits, sc_bits applied. */
void ixm_reg_store(struct ixm_dev *dev, uint32_t off, uint32_t val);
/* Reset the register file: everything 0 but the rows' reset values. */
void ixm_reg_reset(struct ixm_dev *dev);

/* ---- Handlers, by the file that implements them ---- */

/* ixm_dev.c: reset, link, status */
ixm_reg_write_t ixm_ctrl_write;
ixm_reg_read_t ixm_status_read;
ixm_reg_read_t ixm_links_read;
ixm_reg_read_t ixm_pcs1glsta_read;
ixm_reg_write_t ixm_link_reg_write;

/* ixm_eeprom.c: NVM */
ixm_reg_read_t ixm_ee_eec_read;
ixm_reg_write_t ixm_ee_eec_write;
ixm_reg_write_t ixm_ee_eerd_write;
ixm_reg_write_t ixm_ee_eewr_write;

/* ixm_sfp.c: the SFP+ module's I2C lines */
ixm_reg_read_t ixm_i2c_read;
ixm_reg_write_t ixm_i2c_write;

/* ixm_phy.c: MDIO, SDP pins */
ixm_reg_write_t ixm_mdio_msca_write;
ixm_reg_read_t ixm_esdp_read;

/* ixm_intr.c: interrupt cause and mask registers */
ixm_reg_read_t ixm_eicr_read;
ixm_reg_write_t ixm_eicr_write;
ixm_reg_read_t ixm_eics_read;
ixm_reg_write_t ixm_eics_write;
ixm_reg_read_t ixm_eims_read;
ixm_reg_write_t ixm_eims_write;
ixm_reg_write_t ixm_eimc_write;
ixm_reg_read_t ixm_eics_ex_read;
ixm_reg_write_t ixm_eics_ex_write;
ixm_reg_read_t ixm_eims_ex_read;
ixm_reg_write_t ixm_eims_ex_write;
ixm_reg_write_t ixm_eimc_ex_write;
ixm_reg_write_t ixm_intr_route_write;

/* ixm_stats.c: statistics counters */
ixm_reg_read_t ixm_stats_read;

/* ixm_qfilter.c, ixm_fdir.c: queue filters */
ixm_reg_write_t ixm_qfilter_write;
ixm_reg_write_t ixm_fdirctrl_write;
ixm_reg_write_t ixm_fdircmd_write;

/* ixm_regs.c: the rest */
ixm_reg_read_t ixm_swsm_read;

#endif /* IXM_REGTAB_H */

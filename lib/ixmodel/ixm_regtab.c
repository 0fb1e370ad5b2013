/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The register table of the 82599 model (see ixm_regtab.h for what a row
 * means and how ixm_regs.c applies it).  Rows follow the datasheet's
 * register summary (§8.2.2) section by section.  Every offset comes from
 * lib/ix82599.
 *
 * Registers listed without flags or handlers are plain storage, as an
 * unlisted offset would be; they are here so that the table is the one
 * place that says what each register of the model is, and the one place
 * to give a register behaviour later.
 */
#include <pthread.h>
#include <stdio.h>

#include "ix82599_regs.h"
#include "ix82599_rxtx.h"
#include "ixm_priv.h"
#include "ixm_regtab.h"

/*
 * A row: name, offset of instance 0, instances, stride in bytes; flags,
 * reset value, masks and handlers follow.  Each wrapper names the row
 * after its own argument (#r), before any inner macro expands it.
 */
#define ROW(nm, r, n, st, ...) \
	{ .name = (nm), .off = (r), .count = (n), .stride = (st), __VA_ARGS__ }
/* One register. */
#define REG(r, ...)		ROW(#r, r, 1, 4, __VA_ARGS__)
/* n instances of a register, stride bytes apart. */
#define ARRAY(r0, n, st, ...)	ROW(#r0, r0, n, st, __VA_ARGS__)
/* The same, numbered from 'first' (the second half of a split array). */
#define ARRAY_FROM(first, r, n, st, ...) \
	ROW(#r, r, n, st, .base = (first), __VA_ARGS__)

/*
 * Statistics (§8.2.3.23): read only and clear on read; the counts live in
 * accumulators, not in the register file (ixm_stats.c).
 */
#define STAT_FLAGS	(IXM_REG_RO | IXM_REG_RC | IXM_REG_STAT)
#define STAT_ROW(nm, r, n, st, kind) \
	ROW(nm, r, n, st, .flags = STAT_FLAGS | (kind), .read = ixm_stats_read)
#define STAT32(r)		STAT_ROW(#r, r, 1, 4, 0)
#define STAT32_ARRAY(r0, n, st)	STAT_ROW(#r0, r0, n, st, 0)
/* A 64-bit counter: reading the low half latches the high half. */
#define STAT64(l, h) \
	STAT_ROW(#l, l, 1, 4, IXM_REG_STAT_L), \
	STAT_ROW(#h, h, 1, 4, IXM_REG_STAT_H)
#define STAT64_ARRAY(l0, h0, n, st) \
	STAT_ROW(#l0, l0, n, st, IXM_REG_STAT_L), \
	STAT_ROW(#h0, h0, n, st, IXM_REG_STAT_H)

/* Status registers the model keeps at their reset value. */
#define RO(r, ...)	ROW(#r, r, 1, 4, .flags = IXM_REG_RO, __VA_ARGS__)

/* The registers of RX queues q0..q0+63, one 0x40-byte block each. */
#define RXQ(reg, q0, ...) \
	ROW(#reg "(" #q0 ")", reg(q0), 64, 0x40, .base = (q0), __VA_ARGS__)
#define RXQ_ROWS(q0) \
	RXQ(IX_RDBAL, q0), \
	RXQ(IX_RDBAH, q0), \
	RXQ(IX_RDLEN, q0), \
	RXQ(IX_DCA_RXCTRL_ALIAS, q0), \
	RXQ(IX_RDH, q0), \
	RXQ(IX_SRRCTL_ALIAS, q0, .reset = IX_SRRCTL_DEFAULT), \
	RXQ(IX_RDT, q0), \
	RXQ(IX_RXDCTL, q0), \
	RXQ(IX_RSCCTL, q0)

static const struct ixm_reg regtab[] = {
	/* ---- General control (§8.2.3.1) ---- */
	/*
	 * RST and LNK_RST reset the device and self-clear before the
	 * driver's first poll (§8.2.3.1.1).
	 */
	REG(IX_CTRL, .flags = IXM_REG_SC, .sc_bits = IX_CTRL_RST_MASK,
	    .write = ixm_ctrl_write),
	RO(IX_STATUS, .read = ixm_status_read),
	REG(IX_CTRL_EXT),
	/* SDP pins: inputs read the board; SDP3 drives the SFP+ laser. */
	REG(IX_ESDP, .read = ixm_esdp_read, .write = ixm_link_reg_write),
	REG(IX_I2CCTL, .read = ixm_i2c_read, .write = ixm_i2c_write),
	/*
	 * LEDs as the model's board wires them after reset (the NVM's
	 * choice on a real board): LED0 link up, LED1 link at 10 Gb/s,
	 * LED2 activity (blinking), LED3 link at 1 Gb/s.
	 */
	REG(IX_LEDCTL, .reset = IX_LED_LINK_UP |
		IX_LED_LINK_10G << IX_LEDCTL_SHIFT(1) |
		(IX_LED_MAC_ACTIVITY | IX_LEDCTL_BLINK) << IX_LEDCTL_SHIFT(2) |
		(uint32_t)IX_LED_LINK_1G << IX_LEDCTL_SHIFT(3)),

	/* ---- NVM and software/firmware semaphores (§8.2.3.2-3) ---- */
	REG(IX_EEC, .read = ixm_ee_eec_read, .write = ixm_ee_eec_write),
	/* START begins a read or write that completes at once (DONE). */
	REG(IX_EERD, .flags = IXM_REG_SC, .sc_bits = IX_EERW_START,
	    .write = ixm_ee_eerd_write),
	REG(IX_EEWR, .flags = IXM_REG_SC, .sc_bits = IX_EERW_START,
	    .write = ixm_ee_eewr_write),
	/* SMBI is set by reading it (test and set, §10.5.4.1). */
	REG(IX_SWSM, .ro_bits = ~(uint32_t)(IX_SWSM_SMBI | IX_SWSM_SWESMBI |
					    IX_SWSM_WMNG),
	    .read = ixm_swsm_read),
	RO(IX_FWSM),		/* no manageability firmware */
	/* No firmware: its ownership bits never read as set. */
	REG(IX_GSSR, .ro_bits = IX_GSSR_FW_MASK),
	RO(IX_FWSTS),

	/* ---- Interrupts (§8.2.3.5, §7.3) ---- */
	/*
	 * EICR clears on read (with GPIE.OCD only its queue bits) and by
	 * writing 1s (§8.2.3.5.1); ixm_intr.c keeps the causes.
	 */
	REG(IX_EICR, .flags = IXM_REG_RC | IXM_REG_W1C,
	    .read = ixm_eicr_read, .write = ixm_eicr_write),
	/* EICS sets causes; reading it reads EICR without clearing. */
	REG(IX_EICS, .read = ixm_eics_read, .write = ixm_eics_write),
	REG(IX_EIAC),
	ARRAY(IX_EITR(0), 24, 4),
	ARRAY_FROM(24, IX_EITR(24), 40, 4),
	/* EIMS sets mask bits (write 1 to set), EIMC clears them. */
	REG(IX_EIMS, .read = ixm_eims_read, .write = ixm_eims_write),
	REG(IX_EIMC, .flags = IXM_REG_WO, .write = ixm_eimc_write),
	REG(IX_EIAM),
	REG(IX_EITRSEL),
	/* GPIE and IVAR_MISC re-route pending causes. */
	REG(IX_GPIE, .write = ixm_intr_route_write),
	ARRAY(IX_IVAR(0), 64, 4),
	REG(IX_IVAR_MISC, .write = ixm_intr_route_write),
	ARRAY(IX_EICS_EX(0), 2, 4, .read = ixm_eics_ex_read,
	      .write = ixm_eics_ex_write),
	ARRAY(IX_EIMS_EX(0), 2, 4, .read = ixm_eims_ex_read,
	      .write = ixm_eims_ex_write),
	ARRAY(IX_EIMC_EX(0), 2, 4, .flags = IXM_REG_WO,
	      .write = ixm_eimc_ex_write),
	ARRAY(IX_EIAM_EX(0), 2, 4),

	/* ---- Receive DMA (§8.2.3.8) ---- */
	RXQ_ROWS(0),
	RXQ_ROWS(64),
	/*
	 * SRRCTL and DCA_RXCTRL of queues 0-15 also decode at their 82598
	 * addresses, which ixgbe drivers use (§8.1.3 "Registers Mapped to
	 * Multiple Addresses").  The model keeps them in the queue page
	 * slot, which its datapath reads.
	 */
	ARRAY(IX_SRRCTL(0), 16, 4, .flags = IXM_REG_ALIAS,
	      .alias = IX_SRRCTL_ALIAS(0), .alias_stride = 0x40),
	ARRAY(IX_DCA_RXCTRL(0), 16, 4, .flags = IXM_REG_ALIAS,
	      .alias = IX_DCA_RXCTRL_ALIAS(0), .alias_stride = 0x40),
	/* The RX DMA has always finished its init cycle. */
	REG(IX_RDRXCTL, .reset = IX_RDRXCTL_DMAIDONE,
	    .ro_bits = IX_RDRXCTL_DMAIDONE),
	REG(IX_RXCTRL),
	ARRAY(IX_RQSMR(0), 32, 4),

	/* ---- Transmit DMA (§8.2.3.9) ---- */
	ARRAY(IX_TDBAL(0), IX_NUM_TX_QUEUES, 0x40),
	ARRAY(IX_TDBAH(0), IX_NUM_TX_QUEUES, 0x40),
	ARRAY(IX_TDLEN(0), IX_NUM_TX_QUEUES, 0x40),
	ARRAY(IX_DCA_TXCTRL(0), IX_NUM_TX_QUEUES, 0x40),
	ARRAY(IX_TDH(0), IX_NUM_TX_QUEUES, 0x40),
	ARRAY(IX_TDT(0), IX_NUM_TX_QUEUES, 0x40),
	ARRAY(IX_TXDCTL(0), IX_NUM_TX_QUEUES, 0x40),
	ARRAY(IX_TDWBAL(0), IX_NUM_TX_QUEUES, 0x40),
	ARRAY(IX_TDWBAH(0), IX_NUM_TX_QUEUES, 0x40),
	REG(IX_DMATXCTL, .reset = (uint32_t)IX_VLNCTRL_VET_DEFAULT <<
				  IX_DMATXCTL_VT_SHIFT),
	REG(IX_MTQC),
	ARRAY(IX_TQSM(0), 32, 4),
	/*
	 * Outer VLAN ether type of the double VLAN mode (§7.4.5, with
	 * DMATXCTL.GDV and CTRL_EXT.EXTENDED_VLAN).
	 */
	REG(IX_EXVET, .reset = (uint32_t)IX_VLNCTRL_VET_DEFAULT <<
			       IX_EXVET_VET_EXT_SHIFT),

	/* ---- Packet buffers and flow control (§8.2.3.3) ---- */
	REG(IX_RXPBSIZE(0), .reset = 512u << IX_RXPBSIZE_SHIFT),
	ARRAY_FROM(1, IX_RXPBSIZE(1), 7, 4),
	REG(IX_TXPBSIZE(0), .reset = 160u << IX_TXPBSIZE_SHIFT),
	ARRAY_FROM(1, IX_TXPBSIZE(1), 7, 4),
	ARRAY(IX_TXPBTHRESH(0), 8, 4),
	ARRAY(IX_FCTTV(0), 4, 4),
	ARRAY(IX_FCRTL(0), 8, 4),
	ARRAY(IX_FCRTH(0), 8, 4),
	REG(IX_FCRTV),
	REG(IX_TFCS),
	REG(IX_FCCFG),

	/* ---- Receive filters (§8.2.3.7) ---- */
	REG(IX_RXCSUM),
	REG(IX_FCTRL),
	REG(IX_VLNCTRL, .reset = IX_VLNCTRL_VET_DEFAULT),
	REG(IX_MCSTCTRL),
	ARRAY(IX_MTA(0), IX_MTA_NUM, 4),
	/* Queue filters (§7.1.2.3-5): the datapath keeps track of which
	 * are on (ixm_qfilter.c). */
	ARRAY(IX_ETQF(0), IX_NUM_ETQF, 4, .write = ixm_qfilter_write),
	ARRAY(IX_ETQS(0), IX_NUM_ETQF, 4),
	ARRAY(IX_SAQF(0), IX_NUM_FTQF, 4),
	ARRAY(IX_DAQF(0), IX_NUM_FTQF, 4),
	ARRAY(IX_SDPQF(0), IX_NUM_FTQF, 4),
	ARRAY(IX_FTQF(0), IX_NUM_FTQF, 4, .write = ixm_qfilter_write),
	ARRAY(IX_L34T_IMIR(0), IX_NUM_FTQF, 4),
	REG(IX_SYNQF, .write = ixm_qfilter_write),
	ARRAY(IX_VFTA(0), IX_VFTA_NUM, 4),
	/* Receive addresses 0-15 at their 82598 addresses (§8.1.3). */
	ARRAY(IX_RAL(0), 16, 8, .flags = IXM_REG_ALIAS,
	      .alias = IX_RAL_82599(0), .alias_stride = 8),
	ARRAY(IX_RAH(0), 16, 8, .flags = IXM_REG_ALIAS,
	      .alias = IX_RAH_82599(0), .alias_stride = 8),
	ARRAY(IX_RAL_82599(0), IX_RAR_NUM, 8),
	ARRAY(IX_RAH_82599(0), IX_RAR_NUM, 8),
	ARRAY(IX_MPSAR_LO(0), IX_RAR_NUM, 8),
	ARRAY(IX_MPSAR_HI(0), IX_RAR_NUM, 8),
	ARRAY(IX_PSRTYPE(0), 16, 4, .flags = IXM_REG_ALIAS,
	      .alias = IX_PSRTYPE_82599(0), .alias_stride = 4),
	ARRAY(IX_PSRTYPE_82599(0), IX_PSRTYPE_NUM, 4),
	REG(IX_VT_CTL),
	REG(IX_VMD_CTL),
	ARRAY(IX_VMOLR(0), 64, 4),
	ARRAY(IX_VLVF(0), 64, 4),
	ARRAY(IX_VLVFB(0), 128, 4),
	REG(IX_MRQC),
	ARRAY(IX_RETA(0), IX_RETA_NUM_REGS, 4),
	ARRAY(IX_RSSRK(0), IX_RSSRK_NUM, 4),
	/* Flow director (§8.2.3.21, ixm_fdir.c): the table (re)initialises
	 * at once; commands complete at once and self-clear. */
	REG(IX_FDIRCTRL, .ro_bits = IX_FDIRCTRL_INIT_DONE,
	    .write = ixm_fdirctrl_write),
	ARRAY(IX_FDIRSIPV6(0), 3, 4),
	REG(IX_FDIRIPSA),
	REG(IX_FDIRIPDA),
	REG(IX_FDIRPORT),
	REG(IX_FDIRVLAN),
	REG(IX_FDIRHASH),
	REG(IX_FDIRCMD, .flags = IXM_REG_SC, .sc_bits = IX_FDIRCMD_CMD_MASK,
	    .write = ixm_fdircmd_write),
	RO(IX_FDIRFREE, .reset = IX_FDIR_PERFECT_MAX),
	REG(IX_FDIRDIP4M),
	REG(IX_FDIRSIP4M),
	REG(IX_FDIRTCPM),
	REG(IX_FDIRUDPM),
	REG(IX_FDIRLEN),
	REG(IX_FDIRHKEY),
	REG(IX_FDIRSKEY),
	REG(IX_FDIRM),
	REG(IX_FDIRIP6M),

	/* ---- MAC, PCS and link (§8.2.3.22) ---- */
	RO(IX_PCS1GLSTA, .read = ixm_pcs1glsta_read),
	RO(IX_PCS1GANLP),
	RO(IX_PCS1GANLPNP),
	REG(IX_HLREG0, .reset = IX_HLREG0_TXCRCEN | IX_HLREG0_RXCRCSTRP |
				IX_HLREG0_TXPADEN,
	    .write = ixm_link_reg_write),
	REG(IX_HLREG1),
	/* MDI_COMMAND starts an MDIO cycle that completes at once. */
	REG(IX_MSCA, .flags = IXM_REG_SC, .sc_bits = IX_MSCA_MDI_COMMAND,
	    .write = ixm_mdio_msca_write),
	/* Read data (31:16) comes from the PHY, write data is ours. */
	REG(IX_MSRWD, .ro_bits = ~(uint32_t)IX_MSRWD_WRITE_MASK),
	REG(IX_MHADD, .reset = 1518u << IX_MHADD_MFS_SHIFT),
	RO(IX_PCSS1),
	RO(IX_PCSS2),
	RO(IX_XPCSS),
	REG(IX_MFLCN),
	RO(IX_MACS),
	/* Restart_AN self-clears; the link follows LMS and FLU. */
	REG(IX_AUTOC, .flags = IXM_REG_SC, .sc_bits = IX_AUTOC_AN_RESTART,
	    .write = ixm_link_reg_write),
	RO(IX_LINKS, .read = ixm_links_read),
	REG(IX_AUTOC2, .write = ixm_link_reg_write),
	REG(IX_AUTOC3),
	/*
	 * The autonegotiation state machine is out of its reset state,
	 * which net_ixgbe's pipeline reset waits for after every AUTOC
	 * write (§8.2.3.22.24 ANLP1.AN_STATE).
	 */
	RO(IX_ANLP1, .reset = 4u << IX_ANLP1_AN_STATE_SHIFT),
	RO(IX_ANLP2),
	RO(IX_ANLPNP1),
	RO(IX_ANLPNP2),
	RO(IX_KRPCSS),
	RO(IX_FECS1),
	RO(IX_FECS2),
	RO(IX_LINKS2),

	/* ---- Security block (§8.2.3.26): idle, always ready ---- */
	REG(IX_SECTXCTRL),
	RO(IX_SECTXSTAT, .reset = IX_SECTXSTAT_SECTX_RDY),
	REG(IX_SECRXCTRL),
	RO(IX_SECRXSTAT, .reset = IX_SECRXSTAT_SECRX_RDY),

	/* ---- Statistics (§8.2.3.23) ---- */
	STAT32(IX_CRCERRS),
	STAT32(IX_ILLERRC),
	STAT32(IX_ERRBC),
	STAT32(IX_MSPDC),
	STAT32_ARRAY(IX_MPC(0), 8, 4),
	STAT32(IX_MLFC),
	STAT32(IX_MRFC),
	STAT32(IX_RLEC),
	STAT32(IX_LXONTXC),
	STAT32(IX_LXOFFTXC),
	STAT32_ARRAY(IX_PXONTXC(0), 8, 4),
	STAT32_ARRAY(IX_PXOFFTXC(0), 8, 4),
	STAT32_ARRAY(IX_PXON2OFFCNT(0), 8, 4),
	STAT32(IX_LXONRXCNT),
	STAT32(IX_LXOFFRXCNT),
	STAT32_ARRAY(IX_PXONRXCNT(0), 8, 4),
	STAT32_ARRAY(IX_PXOFFRXCNT(0), 8, 4),
	STAT32(IX_PRC64),
	STAT32(IX_PRC127),
	STAT32(IX_PRC255),
	STAT32(IX_PRC511),
	STAT32(IX_PRC1023),
	STAT32(IX_PRC1522),
	STAT32(IX_GPRC),
	STAT32(IX_BPRC),
	STAT32(IX_MPRC),
	STAT32(IX_GPTC),
	STAT64(IX_GORCL, IX_GORCH),
	STAT64(IX_GOTCL, IX_GOTCH),
	STAT32(IX_RXNFGPC),
	STAT64(IX_RXNFGBCL, IX_RXNFGBCH),
	STAT32(IX_RXDGPC),
	STAT64(IX_RXDGBCL, IX_RXDGBCH),
	STAT32(IX_RXDDGPC),
	STAT64(IX_RXDDGBCL, IX_RXDDGBCH),
	STAT32(IX_RXLPBKGPC),
	STAT64(IX_RXLPBKGBCL, IX_RXLPBKGBCH),
	STAT32(IX_RXDLPBKGPC),
	STAT64(IX_RXDLPBKGBCL, IX_RXDLPBKGBCH),
	STAT32(IX_TXDGPC),
	STAT64(IX_TXDGBCL, IX_TXDGBCH),
	STAT32(IX_RUC),
	STAT32(IX_RFC),
	STAT32(IX_ROC),
	STAT32(IX_RJC),
	STAT32(IX_MNGPRC),
	STAT32(IX_MNGPDC),
	STAT32(IX_MNGPTC),
	STAT64(IX_TORL, IX_TORH),
	STAT32(IX_TPR),
	STAT32(IX_TPT),
	STAT32(IX_PTC64),
	STAT32(IX_PTC127),
	STAT32(IX_PTC255),
	STAT32(IX_PTC511),
	STAT32(IX_PTC1023),
	STAT32(IX_PTC1522),
	STAT32(IX_MPTC),
	STAT32(IX_BPTC),
	STAT32(IX_XEC),
	STAT32(IX_SSVPC),
	STAT32(IX_FCCRC),
	STAT32(IX_FCOERPDC),
	STAT32(IX_FCLAST),
	STAT32(IX_FCOEPRC),
	STAT32(IX_FCOEDWRC),
	STAT32(IX_FCOEPTC),
	STAT32(IX_FCOEDWTC),
	STAT32(IX_B2OSPC),
	STAT32(IX_O2BGPTC),
	STAT32(IX_B2OGPRC),
	STAT32(IX_O2BSPC),
	STAT32(IX_FDIRUSTAT),
	STAT32(IX_FDIRFSTAT),
	STAT32(IX_FDIRMATCH),
	STAT32(IX_FDIRMISS),
	/* The 16 per-queue counter sets chosen by RQSMR/TQSM. */
	STAT32_ARRAY(IX_QPRC(0), IX_QSTAT_COUNTERS, 0x40),
	STAT64_ARRAY(IX_QBRC_L(0), IX_QBRC_H(0), IX_QSTAT_COUNTERS, 0x40),
	STAT32_ARRAY(IX_QPRDC(0), IX_QSTAT_COUNTERS, 0x40),
	STAT32_ARRAY(IX_QPTC(0), IX_QSTAT_COUNTERS, 0x40),
	STAT64_ARRAY(IX_QBTC_L(0), IX_QBTC_H(0), IX_QSTAT_COUNTERS, 8),
};

#define NROWS	(sizeof(regtab) / sizeof(regtab[0]))

/* Row number + 1 of every 32-bit word of BAR0; 0: no row. */
static uint16_t row_of[IXM_REG_WORDS];
static pthread_once_t row_of_once = PTHREAD_ONCE_INIT;

/* Offset of instance i of row r. */
static uint32_t
row_off(const struct ixm_reg *r, unsigned int i)
{
	return r->off + i * r->stride;
}

/* Index the rows by word; where rows overlap the first one wins. */
static void
row_of_build(void)
{
	unsigned int i, k;

	for (i = 0; i < NROWS; i++) {
		const struct ixm_reg *r = &regtab[i];

		for (k = 0; k < r->count; k++) {
			uint32_t w = row_off(r, k) >> 2;

			if (w < IXM_REG_WORDS && row_of[w] == 0)
				row_of[w] = (uint16_t)(i + 1);
		}
	}
}

const struct ixm_reg *
ixm_reg_find(uint32_t off)
{
	uint16_t i;

	if (off >= IXM_BAR0_SIZE)
		return NULL;
	pthread_once(&row_of_once, row_of_build);
	i = row_of[off >> 2];
	return i != 0 ? &regtab[i - 1] : NULL;
}

unsigned int
ixm_reg_instance(uint32_t off)
{
	const struct ixm_reg *r = ixm_reg_find(off);

	if (r == NULL)
		return 0;
	return r->base + (off - r->off) / r->stride;
}

unsigned int
ixm_reg_rows(void)
{
	return NROWS;
}

const struct ixm_reg *
ixm_reg_row(unsigned int i)
{
	return i < NROWS ? &regtab[i] : NULL;
}

static unsigned int
problem(void (*report)(const char *msg), const struct ixm_reg *r,
	const char *what, uint32_t off)
{
	char msg[160];

	if (report != NULL) {
		snprintf(msg, sizeof(msg), "%s at 0x%05x: %s", r->name, off,
			 what);
		report(msg);
	}
	return 1;
}

unsigned int
ixm_reg_check(void (*report)(const char *msg))
{
	unsigned int i, k, bad = 0;

	for (i = 0; i < NROWS; i++) {
		const struct ixm_reg *r = &regtab[i];

		if (r->count == 0 || r->stride < 4 || (r->stride & 3))
			bad += problem(report, r, "bad count or stride",
				       r->off);
		if (((r->flags & IXM_REG_SC) != 0) != (r->sc_bits != 0))
			bad += problem(report, r, "SC flag without sc_bits",
				       r->off);
		for (k = 0; k < r->count; k++) {
			uint32_t off = row_off(r, k);
			const struct ixm_reg *t;

			if (off >= IXM_BAR0_SIZE || (off & 3)) {
				bad += problem(report, r, "outside BAR0", off);
				continue;
			}
			if (ixm_reg_find(off) != r)
				bad += problem(report, r, "overlaps another row",
					       off);
			if (!(r->flags & IXM_REG_ALIAS))
				continue;
			t = ixm_reg_find(r->alias + k * r->alias_stride);
			if (t == NULL || (t->flags & IXM_REG_ALIAS))
				bad += problem(report, r,
					       "alias of no real register", off);
		}
	}
	return bad;
}

void
ixm_reg_reset(struct ixm_dev *dev)
{
	unsigned int i, k;

	for (i = 0; i < IXM_REG_WORDS; i++)
		dev->regs[i] = 0;
	for (i = 0; i < NROWS; i++) {
		const struct ixm_reg *r = &regtab[i];

		if (r->reset == 0 || (r->flags & IXM_REG_ALIAS))
			continue;
		for (k = 0; k < r->count; k++)
			ixm_wr(dev, row_off(r, k), r->reset);
	}
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Intel 82599 10 GbE controller: register map of BAR0 (CSR space) for
 * everything except the receive/transmit queues, filters, RSS and
 * offloads (those are in ix82599_rxtx.h), plus the layout of the NVM
 * (EEPROM) words and of the SFP+ module ID EEPROM that software reads.
 *
 * Offsets and bit positions are hardware facts from the 82599 datasheet
 * (section numbers refer to the 82599 10 GbE Controller Datasheet,
 * chapter 8 "Programming Interface" unless noted).  Header only.
 */
#ifndef IX82599_REGS_H
#define IX82599_REGS_H

/* ------------------------------------------------------------------ */
/* General control (8.2.3.1)                                          */
/* ------------------------------------------------------------------ */
#define IX_CTRL			0x00000
#define IX_CTRL_GIO_DIS		0x00000004 /* PCIe master disable */
#define IX_CTRL_LNK_RST		0x00000008 /* link reset (self clearing) */
#define IX_CTRL_RST		0x04000000 /* device reset (self clearing) */
#define IX_CTRL_RST_MASK	(IX_CTRL_LNK_RST | IX_CTRL_RST)

#define IX_STATUS		0x00008
#define IX_STATUS_LAN_ID_MASK	0x0000000C
#define IX_STATUS_LAN_ID_SHIFT	2
#define IX_STATUS_LINK_UP	0x00000080
#define IX_STATUS_NUM_VFS_MASK	0x0003FC00
#define IX_STATUS_IOV_ACTIVE	0x00040000
#define IX_STATUS_GIO		0x00080000 /* master enable status */

#define IX_CTRL_EXT		0x00018
#define IX_CTRL_EXT_PFRSTD	0x00004000 /* PF reset done */
#define IX_CTRL_EXT_NS_DIS	0x00010000 /* no-snoop disable */
#define IX_CTRL_EXT_RO_DIS	0x00020000 /* relaxed ordering disable */
/* Double VLAN on receive (§7.4.5): every frame carries an outer tag of
 * type EXVET.VET_EXT in front of the (inner) VLNCTRL.VET tag. */
#define IX_CTRL_EXT_EXTENDED_VLAN 0x04000000
#define IX_CTRL_EXT_DRV_LOAD	0x10000000 /* driver loaded */

/* Extended SDP control: pin values in 7:0, directions in 15:8. */
#define IX_ESDP			0x00020
#define IX_ESDP_SDP(n)		(1u << (n))
#define IX_ESDP_SDP_DIR(n)	(1u << (8 + (n)))
#define IX_ESDP_SDP0_NATIVE	0x00010000
#define IX_ESDP_SDP1_NATIVE	0x00020000
/* 82599 SFP+ boards: SDP2 in = module present, SDP3 out = TX laser off,
 * SDP5 out = rate select (multispeed fibre). */
#define IX_ESDP_MOD_PRESENT	IX_ESDP_SDP(2)
#define IX_ESDP_LASER_DIS	IX_ESDP_SDP(3)
#define IX_ESDP_RATE_SEL	IX_ESDP_SDP(5)

/* I2C bit-bang interface to the SFP+ cage (8.2.3.1.5). */
#define IX_I2CCTL		0x00028
#define IX_I2CCTL_CLK_IN	0x00000001 /* SCL as seen on the wire */
#define IX_I2CCTL_CLK_OUT	0x00000002 /* SCL driven by us */
#define IX_I2CCTL_DATA_IN	0x00000004 /* SDA as seen on the wire */
#define IX_I2CCTL_DATA_OUT	0x00000008 /* SDA driven by us */

#define IX_LEDCTL		0x00200
/* LED control (8.2.3.1.4): one byte per LED 0-3. */
#define IX_LEDCTL_SHIFT(i)	(8u * (i))
#define IX_LEDCTL_MODE_MASK	0x0000000F
#define IX_LEDCTL_IVRT		0x00000040 /* invert the LED's output */
#define IX_LEDCTL_BLINK		0x00000080
#define IX_LED_LINK_UP		0x0
#define IX_LED_LINK_10G		0x1
#define IX_LED_MAC_ACTIVITY	0x2
#define IX_LED_FILTER_ACTIVITY	0x3
#define IX_LED_LINK_ACTIVE	0x4
#define IX_LED_LINK_1G		0x5
#define IX_LED_LINK_100M	0x6
#define IX_LED_ON		0xE
#define IX_LED_OFF		0xF
#define IX_FRTIMER		0x00048
#define IX_TCPTIMER		0x0004C
/* Extended VLAN ether type: the outer tag's TPID in bits 31:16. */
#define IX_EXVET		0x05078
#define IX_EXVET_VET_EXT_SHIFT	16
#define IX_EXVET_VET_EXT_MASK	0xFFFF0000

/* ------------------------------------------------------------------ */
/* NVM / flash access (8.2.3.2)                                       */
/* ------------------------------------------------------------------ */
#define IX_EEC			0x10010
#define IX_EEC_SK		0x00000001 /* SPI clock */
#define IX_EEC_CS		0x00000002 /* SPI chip select, high = idle */
#define IX_EEC_DI		0x00000004 /* SPI data to the EEPROM */
#define IX_EEC_DO		0x00000008 /* SPI data from the EEPROM */
#define IX_EEC_FWE_MASK		0x00000030
#define IX_EEC_REQ		0x00000040 /* software requests the pins */
#define IX_EEC_GNT		0x00000080 /* pins granted to software */
#define IX_EEC_PRES		0x00000100 /* EEPROM present */
#define IX_EEC_ARD		0x00000200 /* auto read done */
#define IX_EEC_ADDR_SIZE	0x00000400 /* 16-bit SPI addresses */
#define IX_EEC_SIZE_MASK	0x00007800
#define IX_EEC_SIZE_SHIFT	11	/* words = 1 << (size + 6) */
#define IX_EEC_SIZE_WORD_SHIFT	6
#define IX_EEC_FLUP		0x00800000
#define IX_EEC_SEC1VAL		0x02000000
#define IX_EEC_FLUDONE		0x04000000

/* EERD / EEWR share a layout. */
#define IX_EERD			0x10014
#define IX_EEWR			0x10018
#define IX_EERW_START		0x00000001
#define IX_EERW_DONE		0x00000002
#define IX_EERW_ADDR_SHIFT	2
#define IX_EERW_ADDR_MASK	0x0000FFFC
#define IX_EERW_DATA_SHIFT	16
#define IX_EERD_MAX_ADDR	0x3FFF

#define IX_FLA			0x1001C
#define IX_FLA_FL_SCK		0x00000001
#define IX_FLA_FL_CE		0x00000002
#define IX_FLA_FL_SI		0x00000004
#define IX_FLA_FL_SO		0x00000008
#define IX_FLA_FL_REQ		0x00000010
#define IX_FLA_FL_GNT		0x00000020
#define IX_EEMNGCTL		0x10110
#define IX_EEMNGDATA		0x10114
#define IX_FLMNGCTL		0x10118
#define IX_FLMNGDATA		0x1011C
#define IX_FLMNGCNT		0x10120
#define IX_FLOP			0x1013C
#define IX_GRC			0x10200

/* SPI EEPROM protocol as driven through EEC. */
#define IX_SPI_OP_WRSR		0x01
#define IX_SPI_OP_WRITE		0x02
#define IX_SPI_OP_READ		0x03
#define IX_SPI_OP_WRDI		0x04
#define IX_SPI_OP_RDSR		0x05
#define IX_SPI_OP_WREN		0x06
#define IX_SPI_OP_A8		0x08	/* address bit 8 for 8-bit parts */
#define IX_SPI_SR_BUSY		0x01

/* ------------------------------------------------------------------ */
/* Software / firmware synchronisation (8.2.3.3, 10.5.4)              */
/* ------------------------------------------------------------------ */
#define IX_SWSM			0x10140
#define IX_SWSM_SMBI		0x00000001 /* set by hardware on read */
#define IX_SWSM_SWESMBI		0x00000002
#define IX_SWSM_WMNG		0x00000004

#define IX_FWSM			0x10148
#define IX_FWSM_EEP_FW_SEMA	0x00000001
#define IX_FWSM_FW_MODE_MASK	0x0000000E
#define IX_FWSM_FW_MODE_PT	0x00000004
#define IX_FWSM_FW_VAL		0x00008000

#define IX_GSSR			0x10160	/* a.k.a. SW_FW_SYNC */
#define IX_SW_FW_SYNC		IX_GSSR
#define IX_GSSR_EEP_SM		0x00000001
#define IX_GSSR_PHY0_SM		0x00000002
#define IX_GSSR_PHY1_SM		0x00000004
#define IX_GSSR_MAC_CSR_SM	0x00000008
#define IX_GSSR_FLASH_SM	0x00000010
#define IX_GSSR_SW_MASK		0x0000001F
#define IX_GSSR_FW_SHIFT	5	/* firmware owns bit (sw bit << 5) */
#define IX_GSSR_FW_MASK		0x000003E0
#define IX_GSSR_REGSMP		0x80000000

#define IX_FACTPS		0x10150
#define IX_FACTPS_MNGCG		0x20000000
#define IX_FACTPS_LFS		0x40000000 /* LAN function select */

/* Manageability: none on the model. */
#define IX_MANC			0x05820
#define IX_MFVAL		0x05824
#define IX_MANC2H		0x05860
#define IX_MMNGC		0x042D0
#define IX_MMNGC_MNG_VETO	0x00000001
#define IX_HICR			0x15F00
#define IX_HICR_EN		0x00000001
#define IX_HICR_C		0x00000002
#define IX_HICR_SV		0x00000004
#define IX_FWSTS		0x15F0C
#define IX_FWSTS_FWRI		0x00000200

/* ------------------------------------------------------------------ */
/* Interrupts (8.2.3.5, 7.3)                                          */
/* ------------------------------------------------------------------ */
#define IX_EICR			0x00800
#define IX_EICS			0x00808
#define IX_EIAC			0x00810
#define IX_EITR(i)		((i) <= 23 ? 0x00820 + (i) * 4 : \
				 0x12300 + ((i) - 24) * 4)
#define IX_EIMS			0x00880
#define IX_EIMC			0x00888
#define IX_EIAM			0x00890
#define IX_EITRSEL		0x00894
#define IX_GPIE			0x00898
#define IX_IVAR(i)		(0x00900 + (i) * 4)	/* 64 of these */
#define IX_IVAR_MISC		0x00A00
#define IX_EICS_EX(i)		(0x00A90 + (i) * 4)	/* 2 of these */
#define IX_EIMS_EX(i)		(0x00AA0 + (i) * 4)
#define IX_EIMC_EX(i)		(0x00AB0 + (i) * 4)
#define IX_EIAM_EX(i)		(0x00AD0 + (i) * 4)
#define IX_PBACL(i)		(0x11068 + (i) * 4)
/* MSI-X vectors of a physical function (IVAR entries are 6 bits). */
#define IX_MSIX_VECTORS		64

/* EICR / EICS / EIMS / EIMC / EIAC / EIAM cause bits. */
#define IX_EICR_RTX_QUEUE	0x0000FFFF
#define IX_EICR_FLOW_DIR	0x00010000
#define IX_EICR_RX_MISS		0x00020000
#define IX_EICR_PCI		0x00040000
#define IX_EICR_MAILBOX		0x00080000
#define IX_EICR_LSC		0x00100000
#define IX_EICR_LINKSEC		0x00200000
#define IX_EICR_MNG		0x00400000
#define IX_EICR_TS		0x00800000
#define IX_EICR_GPI_SDP0	0x01000000
#define IX_EICR_GPI_SDP1	0x02000000
#define IX_EICR_GPI_SDP2	0x04000000
#define IX_EICR_GPI_SDP3	0x08000000
#define IX_EICR_ECC		0x10000000
#define IX_EICR_PBUR		0x10000000
#define IX_EICR_DHER		0x20000000
#define IX_EICR_TCP_TIMER	0x40000000
#define IX_EICR_OTHER		0x80000000
#define IX_EICR_OTHER_MASK	0x7FFF0000 /* non-queue causes */

#define IX_GPIE_SDP0_GPIEN	0x00000001
#define IX_GPIE_SDP1_GPIEN	0x00000002
#define IX_GPIE_SDP2_GPIEN	0x00000004
#define IX_GPIE_SDP3_GPIEN	0x00000008
#define IX_GPIE_MSIX_MODE	0x00000010 /* multiple MSI-X vectors */
#define IX_GPIE_OCD		0x00000020 /* other causes not read-clear */
#define IX_GPIE_EIMEN		0x00000040
#define IX_GPIE_LL_INTERVAL_MASK 0x00000F80
#define IX_GPIE_RSC_DELAY_MASK	0x00003800
#define IX_GPIE_VTMODE_MASK	0x0000C000
#define IX_GPIE_EIAME		0x40000000 /* auto mask enable */
#define IX_GPIE_PBA_SUPPORT	0x80000000

/* IVAR: 8-bit allocation entries; queue pair n lives in IVAR(n / 2). */
#define IX_IVAR_ALLOC_VAL	0x80
#define IX_IVAR_VECTOR_MASK	0x3F
#define IX_IVAR_ENTRY_SHIFT(q, tx) (16 * ((q) & 1) + 8 * !!(tx))
#define IX_IVAR_MISC_TCP_TIMER_SHIFT	0
#define IX_IVAR_MISC_OTHER_SHIFT	8

/* EITR: interval in 2.048 us units (at 10 Gb/s) in bits 11:3. */
#define IX_EITR_ITR_MASK	0x00000FF8
#define IX_EITR_ITR_SHIFT	3
#define IX_EITR_UNIT_NS		2048
#define IX_EITR_LLI_MOD		0x00008000
#define IX_EITR_CNT_WDIS	0x80000000

/* ------------------------------------------------------------------ */
/* PCIe (8.2.3.7)                                                     */
/* ------------------------------------------------------------------ */
#define IX_GCR			0x11000
#define IX_GTV			0x11004
#define IX_FUNCTAG		0x11008
#define IX_GSCL_1		0x11010
#define IX_GSCL_2		0x11014
#define IX_GSCL_3		0x11018
#define IX_GSCL_4		0x1101C
#define IX_GSCN_0		0x11020
#define IX_GSCN_1		0x11024
#define IX_GSCN_2		0x11028
#define IX_GSCN_3		0x1102C
#define IX_GSCL_5		0x11030
#define IX_GSCL_6		0x11034
#define IX_GSCL_7		0x11038
#define IX_GSCL_8		0x1103C
#define IX_PCIEPHYADR		0x11040
#define IX_PCIEPHYDAT		0x11044
#define IX_GCR_EXT		0x11050
#define IX_GCR_EXT_VT_MODE_MASK	0x00000003
#define IX_GCR_EXT_BUFFERS_CLEAR 0x40000000
#define IX_GCR_EXT_MSIX_EN	0x80000000
#define IX_PCIE_DIAG(i)		(0x11090 + (i) * 4)

/* ------------------------------------------------------------------ */
/* Global receive / transmit DMA control                              */
/* ------------------------------------------------------------------ */
#define IX_RDRXCTL		0x02F00
#define IX_RDRXCTL_CRCSTRIP	0x00000002
#define IX_RDRXCTL_DMAIDONE	0x00000008 /* DMA init done (RO) */
#define IX_RDRXCTL_RSCFRSTSIZE	0x003E0000
#define IX_RDRXCTL_RSCACKC	0x02000000
#define IX_RDRXCTL_FCOE_WRFIX	0x04000000
#define IX_RXCTRL		0x03000
#define IX_RXCTRL_RXEN		0x00000001
#define IX_RXCTRL_DMBYPS	0x00000002
#define IX_DMATXCTL		0x04A80
#define IX_DMATXCTL_TE		0x00000001
#define IX_DMATXCTL_NS		0x00000002
#define IX_DMATXCTL_GDV		0x00000008 /* double VLAN (§7.4.5) */
#define IX_DMATXCTL_VT_SHIFT	16	/* VLAN ethertype inserted on TX */
#define IX_DMATXCTL_VT_MASK	0xFFFF0000

/* Packet buffers and flow control (8.2.3.3). */
#define IX_RXPBSIZE(i)		(0x03C00 + (i) * 4)
#define IX_TXPBSIZE(i)		(0x0CC00 + (i) * 4)
#define IX_TXPBTHRESH(i)	(0x04950 + (i) * 4)
#define IX_FCTTV(i)		(0x03200 + (i) * 4)
#define IX_FCRTL(i)		(0x03220 + (i) * 4)
#define IX_FCRTH(i)		(0x03260 + (i) * 4)
#define IX_FCRTV		0x032A0
#define IX_TFCS			0x0CE00
#define IX_FCCFG		0x03D00
/* RXPBSIZE: packet buffer size in KB, bits 19:10. */
#define IX_RXPBSIZE_SHIFT	10
#define IX_RXPBSIZE_MASK	0x000FFC00
/* TXPBSIZE: the same, bits 19:10 in KB. */
#define IX_TXPBSIZE_SHIFT	10
/* FCTTV: pause time (in 512-bit times) of TC 2n in 15:0, 2n+1 in 31:16. */
#define IX_FCTTV_TTV_MASK	0x0000FFFF
/* FCRTL / FCRTH (packet buffer n): thresholds in bytes, bits 18:5. */
#define IX_FCRT_THRESH_MASK	0x0007FFE0
#define IX_FCRTL_XONE		0x80000000 /* send XON at the low mark */
#define IX_FCRTH_FCEN		0x80000000 /* send XOFF at the high mark */
#define IX_FCRTV_MASK		0x0000FFFF /* XOFF refresh threshold */
/* FCCFG.TFCE: transmit flow control (pause frames we send). */
#define IX_FCCFG_TFCE_MASK	0x00000018
#define IX_FCCFG_TFCE_802_3X	0x00000008 /* link flow control */
#define IX_FCCFG_TFCE_PRIORITY	0x00000010 /* priority flow control */

/* ------------------------------------------------------------------ */
/* MAC, PCS and link (8.2.3.22)                                       */
/* ------------------------------------------------------------------ */
#define IX_PCS1GCFIG		0x04200
#define IX_PCS1GLCTL		0x04208
#define IX_PCS1GLSTA		0x0420C
#define IX_PCS1GLSTA_LINK_OK	0x00000001
#define IX_PCS1GLSTA_SYNC_OK	0x00000010
#define IX_PCS1GLSTA_AN_COMPLETE 0x00010000
#define IX_PCS1GDBG0		0x04210
#define IX_PCS1GDBG1		0x04214
#define IX_PCS1GANA		0x04218
#define IX_PCS1GANLP		0x0421C
#define IX_PCS1GANNP		0x04220
#define IX_PCS1GANLPNP		0x04224

#define IX_HLREG0		0x04240
#define IX_HLREG0_TXCRCEN	0x00000001
#define IX_HLREG0_RXCRCSTRP	0x00000002
#define IX_HLREG0_JUMBOEN	0x00000004
#define IX_HLREG0_TXPADEN	0x00000400
#define IX_HLREG0_TXPAUSEEN	0x00001000
#define IX_HLREG0_RXPAUSEEN	0x00004000
#define IX_HLREG0_LPBK		0x00008000 /* MAC loopback */
#define IX_HLREG0_MDCSPD	0x00010000
#define IX_HLREG0_CONTMDC	0x00020000
#define IX_HLREG0_PREPEND_MASK	0x00F00000
#define IX_HLREG0_RXLNGTHERREN	0x08000000
#define IX_HLREG0_RXPADSTRIPEN	0x10000000
#define IX_HLREG1		0x04244
#define IX_PAP			0x04248
#define IX_MACA			0x0424C
#define IX_APAE			0x04250
#define IX_ARD			0x04254
#define IX_AIS			0x04258

/* MDIO (IEEE 802.3 clause 45) command and data. */
#define IX_MSCA			0x0425C
#define IX_MSCA_NP_ADDR_MASK	0x0000FFFF
#define IX_MSCA_DEV_TYPE_MASK	0x001F0000
#define IX_MSCA_DEV_TYPE_SHIFT	16
#define IX_MSCA_PHY_ADDR_MASK	0x03E00000
#define IX_MSCA_PHY_ADDR_SHIFT	21
#define IX_MSCA_OP_MASK		0x0C000000
#define IX_MSCA_OP_ADDR		0x00000000
#define IX_MSCA_OP_WRITE	0x04000000
#define IX_MSCA_OP_READ_INC	0x08000000
#define IX_MSCA_OP_READ		0x0C000000
#define IX_MSCA_ST_MASK		0x30000000
#define IX_MSCA_MDI_COMMAND	0x40000000 /* start; self clearing */
#define IX_MSCA_MDI_IN_PROG_EN	0x80000000
#define IX_MSRWD		0x04260
#define IX_MSRWD_WRITE_MASK	0x0000FFFF
#define IX_MSRWD_READ_SHIFT	16

#define IX_MLADD		0x04264
#define IX_MHADD		0x04268	/* a.k.a. MAXFRS */
#define IX_MAXFRS		IX_MHADD
#define IX_MHADD_MFS_SHIFT	16
#define IX_TREG			0x0426C
#define IX_PCSS1		0x04288
#define IX_PCSS2		0x0428C
#define IX_XPCSS		0x04290
#define IX_MFLCN		0x04294
#define IX_MFLCN_PMCF		0x00000001 /* pass MAC control frames */
#define IX_MFLCN_DPF		0x00000002 /* discard pause frames */
#define IX_MFLCN_RPFCE		0x00000004 /* receive priority FC enable */
#define IX_MFLCN_RFCE		0x00000008 /* receive link FC enable */
#define IX_MFLCN_RPFCM_MASK	0x00000FF0
#define IX_SERDESC		0x04298
#define IX_MAC_SGMII_BUSY	0x04298
#define IX_MACS			0x0429C

#define IX_AUTOC		0x042A0
#define IX_AUTOC_FLU		0x00000001 /* force link up */
#define IX_AUTOC_10G_PMA_PMD_MASK 0x00000180
#define IX_AUTOC_1G_PMA_PMD_MASK 0x00000200
#define IX_AUTOC_1G_KX_BX	0x00000200
#define IX_AUTOC_AN_RESTART	0x00001000 /* self clearing */
#define IX_AUTOC_LMS_SHIFT	13
#define IX_AUTOC_LMS_MASK	(0x7 << IX_AUTOC_LMS_SHIFT)
#define IX_AUTOC_LMS_1G_NO_AN	(0x0 << IX_AUTOC_LMS_SHIFT)
#define IX_AUTOC_LMS_10G_NO_AN	(0x1 << IX_AUTOC_LMS_SHIFT)
#define IX_AUTOC_LMS_1G_AN	(0x2 << IX_AUTOC_LMS_SHIFT)
#define IX_AUTOC_LMS_10G_SERIAL	(0x3 << IX_AUTOC_LMS_SHIFT)
#define IX_AUTOC_LMS_KX4_KX_KR	(0x4 << IX_AUTOC_LMS_SHIFT)
#define IX_AUTOC_LMS_SGMII	(0x5 << IX_AUTOC_LMS_SHIFT)
#define IX_AUTOC_LMS_KX4_KX_KR_1G_AN (0x6 << IX_AUTOC_LMS_SHIFT)
#define IX_AUTOC_LMS_KX4_KX_KR_SGMII (0x7 << IX_AUTOC_LMS_SHIFT)
#define IX_AUTOC_KR_SUPP	0x00010000
#define IX_AUTOC_FECR		0x00020000
#define IX_AUTOC_FECA		0x00040000
#define IX_AUTOC_PAUSE_MASK	0x30000000
#define IX_AUTOC_KX_SUPP	0x40000000
#define IX_AUTOC_KX4_SUPP	0x80000000

#define IX_LINKS		0x042A4
#define IX_LINKS_KX_SIG_DET	0x00000F00
#define IX_LINKS_TL_FAULT	0x00001000
#define IX_LINKS_10G_LANE_SYNC	0x00017000
#define IX_LINKS_10G_ALIGN	0x00020000
#define IX_LINKS_1G_SYNC	0x00040000
#define IX_LINKS_KX_AN_IDLE	0x00080000
#define IX_LINKS_1G_AN_EN	0x00100000
#define IX_LINKS_PCS_1G_EN	0x00200000
#define IX_LINKS_XGXS_EN	0x00400000
#define IX_LINKS_SPEED_MASK	0x30000000
#define IX_LINKS_SPEED_10G	0x30000000
#define IX_LINKS_SPEED_1G	0x20000000
#define IX_LINKS_SPEED_100M	0x10000000
#define IX_LINKS_UP		0x40000000
#define IX_LINKS_KX_AN_COMP	0x80000000

#define IX_AUTOC2		0x042A8
#define IX_AUTOC2_10G_PMA_SHIFT	16
#define IX_AUTOC2_10G_PMA_MASK	(0x3 << IX_AUTOC2_10G_PMA_SHIFT)
#define IX_AUTOC2_10G_KR	(0x0 << IX_AUTOC2_10G_PMA_SHIFT)
#define IX_AUTOC2_10G_XFI	(0x1 << IX_AUTOC2_10G_PMA_SHIFT)
#define IX_AUTOC2_10G_SFI	(0x2 << IX_AUTOC2_10G_PMA_SHIFT)
#define IX_AUTOC2_LINK_DISABLE_MASK 0x70000000
#define IX_AUTOC3		0x042AC
#define IX_ANLP1		0x042B0
#define IX_ANLP1_AN_STATE_MASK	0x000F0000
#define IX_ANLP1_AN_STATE_SHIFT	16
#define IX_ANLP2		0x042B4
#define IX_ANLPNP1		0x042D4
#define IX_ANLPNP2		0x042D8
#define IX_KRPCSFC		0x042E0
#define IX_KRPCSS		0x042E4
#define IX_FECS1		0x042E8
#define IX_FECS2		0x042EC
#define IX_SMADARCTL		0x14F10
#define IX_MPVC			0x04318
#define IX_SGMIIC		0x04314
#define IX_LINKS2		0x04324
#define IX_MACC			0x04330
#define IX_MACC_FLU		0x00000001
#define IX_CORECTL		0x14F00	/* analog core access */

/* ------------------------------------------------------------------ */
/* Security (LinkSec / IPsec) block control (8.2.3.26)                */
/* ------------------------------------------------------------------ */
#define IX_SECTXCTRL		0x08800
#define IX_SECTXCTRL_SECTX_DIS	0x00000001
#define IX_SECTXCTRL_TX_DIS	0x00000002
#define IX_SECTXCTRL_STORE_FWD	0x00000004
#define IX_SECTXSTAT		0x08804
#define IX_SECTXSTAT_SECTX_RDY	0x00000001
#define IX_SECTXBUFFAF		0x08808
#define IX_SECTXMINIFG		0x08810
#define IX_SECRXCTRL		0x08D00
#define IX_SECRXCTRL_SECRX_DIS	0x00000001
#define IX_SECRXCTRL_RX_DIS	0x00000002
#define IX_SECRXSTAT		0x08D04
#define IX_SECRXSTAT_SECRX_RDY	0x00000001

/* ------------------------------------------------------------------ */
/* Statistics (8.2.3.23).  All are clear on read.  64-bit counters are */
/* split in _L/_H halves; reading _L latches _H.                      */
/* ------------------------------------------------------------------ */
#define IX_CRCERRS		0x04000
#define IX_ILLERRC		0x04004
#define IX_ERRBC		0x04008
#define IX_MSPDC		0x04010
#define IX_MPC(i)		(0x03FA0 + (i) * 4)	/* 8 of these */
#define IX_MLFC			0x04034
#define IX_MRFC			0x04038
#define IX_RLEC			0x04040
#define IX_LXONTXC		0x03F60
#define IX_LXOFFTXC		0x03F68
#define IX_PXONTXC(i)		(0x03F00 + (i) * 4)	/* 8 */
#define IX_PXOFFTXC(i)		(0x03F20 + (i) * 4)	/* 8 */
#define IX_PXON2OFFCNT(i)	(0x03240 + (i) * 4)	/* 8 */
#define IX_LXONRXCNT		0x041A4
#define IX_LXOFFRXCNT		0x041A8
#define IX_PXONRXCNT(i)		(0x04140 + (i) * 4)	/* 8 */
#define IX_PXOFFRXCNT(i)	(0x04160 + (i) * 4)	/* 8 */
#define IX_PRC64		0x0405C
#define IX_PRC127		0x04060
#define IX_PRC255		0x04064
#define IX_PRC511		0x04068
#define IX_PRC1023		0x0406C
#define IX_PRC1522		0x04070
#define IX_GPRC			0x04074
#define IX_BPRC			0x04078
#define IX_MPRC			0x0407C
#define IX_GPTC			0x04080
#define IX_GORCL		0x04088
#define IX_GORCH		0x0408C
#define IX_GOTCL		0x04090
#define IX_GOTCH		0x04094
#define IX_RXNFGPC		0x041B0
#define IX_RXNFGBCL		0x041B4
#define IX_RXNFGBCH		0x041B8
#define IX_RXDGPC		0x02F50
#define IX_RXDGBCL		0x02F54
#define IX_RXDGBCH		0x02F58
#define IX_RXDDGPC		0x02F5C
#define IX_RXDDGBCL		0x02F60
#define IX_RXDDGBCH		0x02F64
#define IX_RXLPBKGPC		0x02F68
#define IX_RXLPBKGBCL		0x02F6C
#define IX_RXLPBKGBCH		0x02F70
#define IX_RXDLPBKGPC		0x02F74
#define IX_RXDLPBKGBCL		0x02F78
#define IX_RXDLPBKGBCH		0x02F7C
#define IX_TXDGPC		0x087A0
#define IX_TXDGBCL		0x087A4
#define IX_TXDGBCH		0x087A8
#define IX_RUC			0x040A4
#define IX_RFC			0x040A8
#define IX_ROC			0x040AC
#define IX_RJC			0x040B0
#define IX_MNGPRC		0x040B4
#define IX_MNGPDC		0x040B8
#define IX_MNGPTC		0x0CF90
#define IX_TORL			0x040C0
#define IX_TORH			0x040C4
#define IX_TPR			0x040D0
#define IX_TPT			0x040D4
#define IX_PTC64		0x040D8
#define IX_PTC127		0x040DC
#define IX_PTC255		0x040E0
#define IX_PTC511		0x040E4
#define IX_PTC1023		0x040E8
#define IX_PTC1522		0x040EC
#define IX_MPTC			0x040F0
#define IX_BPTC			0x040F4
#define IX_XEC			0x04120
#define IX_SSVPC		0x08780
#define IX_FCCRC		0x05118
#define IX_FCOERPDC		0x0241C
#define IX_FCLAST		0x02424
#define IX_FCOEPRC		0x02428
#define IX_FCOEDWRC		0x0242C
#define IX_FCOEPTC		0x08784
#define IX_FCOEDWTC		0x08788
#define IX_B2OSPC		0x041C0
#define IX_O2BGPTC		0x041C4
#define IX_B2OGPRC		0x02F90
#define IX_O2BSPC		0x087B0
#define IX_FDIRUSTAT		0x0EE50
#define IX_FDIRFSTAT		0x0EE54
#define IX_FDIRMATCH		0x0EE58
#define IX_FDIRMISS		0x0EE5C

/* Per-queue statistics: 16 counter sets chosen by RQSMR/TQSM. */
#define IX_QSTAT_COUNTERS	16
#define IX_QPRC(i)		(0x01030 + (i) * 0x40)
#define IX_QBRC_L(i)		(0x01034 + (i) * 0x40)
#define IX_QBRC_H(i)		(0x01038 + (i) * 0x40)
#define IX_QPRDC(i)		(0x01430 + (i) * 0x40)
#define IX_QPTC(i)		(0x06030 + (i) * 0x40)
#define IX_QBTC_L(i)		(0x08700 + (i) * 0x8)
#define IX_QBTC_H(i)		(0x08704 + (i) * 0x8)
#define IX_RQSMR(i)		(0x02300 + (i) * 4)	/* 32 of these */
#define IX_TQSM(i)		(0x08600 + (i) * 4)	/* 32 of these */

/* ------------------------------------------------------------------ */
/* NVM (EEPROM) word map (datasheet chapter 6)                        */
/* ------------------------------------------------------------------ */
#define IX_EE_CTRL_1		0x00
#define IX_EE_CTRL_2		0x01
#define IX_EE_PCIE_ANALOG_PTR	0x03
#define IX_EE_PHY_PTR		0x04	/* a.k.a. ATLAS0 config */
#define IX_EE_OPTION_ROM_PTR	0x05	/* a.k.a. ATLAS1 config */
#define IX_EE_PCIE_GENERAL_PTR	0x06
#define IX_EE_PCIE_CONFIG0_PTR	0x07
#define IX_EE_PCIE_CONFIG1_PTR	0x08
#define IX_EE_CORE0_PTR		0x09
#define IX_EE_CORE1_PTR		0x0A
#define IX_EE_MAC0_PTR		0x0B
#define IX_EE_MAC1_PTR		0x0C
#define IX_EE_CSR0_PTR		0x0D
#define IX_EE_CSR1_PTR		0x0E
#define IX_EE_FW_PTR		0x0F
#define IX_EE_PBANUM0		0x15
#define IX_EE_PBANUM1		0x16
#define IX_EE_PBANUM_PTR_GUARD	0xFAFA
#define IX_EE_OROM_PTR		0x17
#define IX_EE_OEM_PROD_VER_PTR	0x1B
#define IX_EE_ETS_CFG		0x26
#define IX_EE_ALT_SAN_MAC_PTR	0x27
#define IX_EE_SAN_MAC_PTR	0x28
#define IX_EE_PHY_INIT_PTR	0x2B	/* SFP+ init sequence list */
#define IX_EE_DEVICE_CAPS	0x2C
#define IX_EE_DEVICE_CAPS_ANY_SFP 0x0001
#define IX_EE_DEVICE_CAPS_NO_CROSSTALK_WR 0x0080
#define IX_EE_ETRACK_LO		0x2D
#define IX_EE_ETRACK_HI		0x2E
#define IX_EE_CHECKSUM		0x3F
#define IX_EE_SUM		0xBABA
/* Inside a LAN core section: words 1..3 hold the Ethernet address. */
#define IX_EE_CORE_MAC_OFF	0x01
/* Inside the firmware module. */
#define IX_EE_FW_LESM_PTR	0x02
#define IX_EE_FW_PTP_CFG_PTR	0x04	/* pass-through patch config */
#define IX_EE_FW_PATCH_VERSION	0x07	/* inside the PTP config block */
#define IX_EE_FW_LESM_STATE_1	0x01
#define IX_EE_FW_LESM_ENABLED	0x8000
/* Option ROM version block words, relative to the OROM pointer. */
#define IX_EE_OROM_BLK_LOW	0x83
#define IX_EE_OROM_BLK_HI	0x84

/* ------------------------------------------------------------------ */
/* SFP+ module ID EEPROM (SFF-8472), I2C address 0xA0 / 0xA2          */
/* ------------------------------------------------------------------ */
#define IX_SFF_I2C_ADDR		0xA0
#define IX_SFF_I2C_ADDR_DIAG	0xA2
#define IX_SFF_IDENTIFIER	0x00
#define IX_SFF_IDENTIFIER_SFP	0x03
#define IX_SFF_EXT_IDENTIFIER	0x01
#define IX_SFF_CONNECTOR	0x02
#define IX_SFF_CONNECTOR_LC	0x07
#define IX_SFF_CONNECTOR_NOSEP	0x21	/* copper pigtail */
#define IX_SFF_10GBE_COMP	0x03
#define IX_SFF_10GBASESR	0x10
#define IX_SFF_10GBASELR	0x20
#define IX_SFF_1GBE_COMP	0x06
#define IX_SFF_1GBASESX		0x01
#define IX_SFF_1GBASELX		0x02
#define IX_SFF_1GBASET		0x08
#define IX_SFF_CABLE_TECH	0x08
#define IX_SFF_DA_PASSIVE	0x04
#define IX_SFF_DA_ACTIVE	0x08
#define IX_SFF_ENCODING		0x0B
#define IX_SFF_BR_NOMINAL	0x0C
#define IX_SFF_VENDOR_NAME	0x14	/* 16 bytes, space padded */
#define IX_SFF_VENDOR_OUI	0x25	/* 3 bytes */
#define IX_SFF_VENDOR_PN	0x28	/* 16 bytes */
#define IX_SFF_VENDOR_REV	0x38	/* 4 bytes */
#define IX_SFF_WAVELENGTH	0x3C
#define IX_SFF_CABLE_SPEC_COMP	0x3C
#define IX_SFF_CC_BASE		0x3F	/* checksum of 0x00..0x3E */
#define IX_SFF_OPTIONS		0x40
#define IX_SFF_VENDOR_SN	0x44	/* 16 bytes */
#define IX_SFF_DATE_CODE	0x54	/* 8 bytes */
#define IX_SFF_8472_DIAG_TYPE	0x5C
#define IX_SFF_8472_DDM		0x40	/* diagnostics (A2h) implemented */
#define IX_SFF_8472_ADDR_CHANGE	0x04	/* A2h needs an address change */
#define IX_SFF_8472_ENH_OPTIONS	0x5D
#define IX_SFF_8472_COMPLIANCE	0x5E
#define IX_SFF_CC_EXT		0x5F	/* checksum of 0x40..0x5E */

#endif /* IX82599_REGS_H */

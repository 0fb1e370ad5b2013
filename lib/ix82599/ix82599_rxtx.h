/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Intel 82599 (ixgbe) datapath register map: receive and transmit queues,
 * L2 filters, RSS, receive checksum control, plus the advanced receive and
 * transmit descriptor formats.  Everything here is a hardware fact taken
 * from the 82599 datasheet (331520): §7.1 receive, §7.2 transmit, §8.2.3
 * register descriptions.  General, interrupt, link and statistics
 * registers live in ix82599_regs.h.
 *
 * Shared by the behavioural model (lib/ixmodel) and our own PMD, so it must
 * not depend on anything but <stdint.h>.
 */
#ifndef IX82599_RXTX_H
#define IX82599_RXTX_H

#include <stdint.h>

#define IX_NUM_RX_QUEUES	128u
#define IX_NUM_TX_QUEUES	128u

/* --- Receive queues (§8.2.3.8) ------------------------------------------
 * Queues 0-63 live at 0x1000 + 0x40 * n, queues 64-127 at
 * 0xD000 + 0x40 * (n - 64).  These pages also hold the RX tail doorbells.
 */
#define IX_RXQ_BASE(n)		((n) < 64 ? 0x01000u + (uint32_t)(n) * 0x40u : \
				 0x0D000u + ((uint32_t)(n) - 64u) * 0x40u)
#define IX_RDBAL(n)		(IX_RXQ_BASE(n) + 0x00u)
#define IX_RDBAH(n)		(IX_RXQ_BASE(n) + 0x04u)
#define IX_RDLEN(n)		(IX_RXQ_BASE(n) + 0x08u)
#define IX_RDH(n)		(IX_RXQ_BASE(n) + 0x10u)
#define IX_RDT(n)		(IX_RXQ_BASE(n) + 0x18u)
#define IX_RXDCTL(n)		(IX_RXQ_BASE(n) + 0x28u)
#define IX_RSCCTL(n)		(IX_RXQ_BASE(n) + 0x2Cu)
/*
 * SRRCTL and DCA_RXCTRL of queues 0-15 are at 0x2100/0x2200 (the 82598
 * compatible location, which is what ixgbe drivers use); the per-queue
 * slot at +0x14/+0x0C in the queue page is an alias for those queues.
 */
#define IX_SRRCTL_ALIAS(n)	(IX_RXQ_BASE(n) + 0x14u)
#define IX_DCA_RXCTRL_ALIAS(n)	(IX_RXQ_BASE(n) + 0x0Cu)
#define IX_SRRCTL(n)		((n) < 16 ? 0x02100u + (uint32_t)(n) * 4u : \
				 IX_SRRCTL_ALIAS(n))
#define IX_DCA_RXCTRL(n)	((n) < 16 ? 0x02200u + (uint32_t)(n) * 4u : \
				 IX_DCA_RXCTRL_ALIAS(n))

#define IX_RDBAL_MASK		0xFFFFFF80u	/* 128-byte aligned base */
#define IX_RDLEN_MASK		0x000FFF80u	/* multiple of 128 bytes */

#define IX_RXDCTL_ENABLE	(1u << 25)
#define IX_RXDCTL_SWFLSH	(1u << 26)
#define IX_RXDCTL_VME		(1u << 30)	/* strip VLAN tag (82599) */
#define IX_RXDCTL_PTHRESH_MASK	0x0000007Fu
#define IX_RXDCTL_HTHRESH_MASK	0x00007F00u
#define IX_RXDCTL_WTHRESH_MASK	0x007F0000u

#define IX_SRRCTL_BSIZEPKT_MASK	0x0000007Fu	/* packet buffer, 1 KiB units */
#define IX_SRRCTL_BSIZEPKT_SHIFT 10		/* bytes = field << 10 */
#define IX_SRRCTL_BSIZEHDR_MASK	0x00003F00u	/* header buffer, 64 B units */
#define IX_SRRCTL_BSIZEHDR_SHIFT 2		/* bytes = (field >> 8) << 6 */
#define IX_SRRCTL_RDMTS_MASK	0x01C00000u
#define IX_SRRCTL_DESCTYPE_MASK	0x0E000000u
#define IX_SRRCTL_DESCTYPE_LEGACY	0x00000000u
#define IX_SRRCTL_DESCTYPE_ADV_ONEBUF	0x02000000u
#define IX_SRRCTL_DESCTYPE_HDR_SPLIT	0x04000000u
#define IX_SRRCTL_DESCTYPE_HDR_SPLIT_ALWAYS 0x0A000000u
#define IX_SRRCTL_DROP_EN	(1u << 28)
#define IX_SRRCTL_DEFAULT	0x00000402u	/* reset value */

/* RDRXCTL (CRC strip etc.) is in ix82599_regs.h. */

/*
 * Queue statistic mapping (RQSMR/TQSM, defined in ix82599_regs.h): four
 * queues per register, one byte each, low 4 bits = stat counter index.
 */
#define IX_QSM_INDEX_MASK	0x0Fu

/* --- Transmit queues (§8.2.3.9) ---------------------------------------- */
#define IX_TXQ_BASE(n)		(0x06000u + (uint32_t)(n) * 0x40u)
#define IX_TDBAL(n)		(IX_TXQ_BASE(n) + 0x00u)
#define IX_TDBAH(n)		(IX_TXQ_BASE(n) + 0x04u)
#define IX_TDLEN(n)		(IX_TXQ_BASE(n) + 0x08u)
#define IX_DCA_TXCTRL(n)	(IX_TXQ_BASE(n) + 0x0Cu)
#define IX_TDH(n)		(IX_TXQ_BASE(n) + 0x10u)
#define IX_TDT(n)		(IX_TXQ_BASE(n) + 0x18u)
#define IX_TXDCTL(n)		(IX_TXQ_BASE(n) + 0x28u)
#define IX_TDWBAL(n)		(IX_TXQ_BASE(n) + 0x38u)
#define IX_TDWBAH(n)		(IX_TXQ_BASE(n) + 0x3Cu)

#define IX_TDBAL_MASK		0xFFFFFF80u
#define IX_TDLEN_MASK		0x000FFF80u

#define IX_TXDCTL_PTHRESH_MASK	0x0000007Fu
#define IX_TXDCTL_HTHRESH_MASK	0x00007F00u
#define IX_TXDCTL_WTHRESH_MASK	0x007F0000u
#define IX_TXDCTL_WTHRESH_SHIFT	16
#define IX_TXDCTL_ENABLE	(1u << 25)
#define IX_TXDCTL_SWFLSH	(1u << 26)

#define IX_TDWBAL_HEAD_WB_EN	(1u << 0)
#define IX_TDWBAL_SEQNUM_WB_EN	(1u << 1)
#define IX_TDWBAL_ADDR_MASK	0xFFFFFFFCu

#define IX_DCA_TXCTRL_DESC_WRO_EN (1u << 11)

#define IX_MTQC			0x08120u	/* TX queue layout (TC/pools) */

/* --- Receive filtering (§7.1.1, §8.2.3.7) ------------------------------ */
#define IX_RXCSUM		0x05000u
#define IX_RXCSUM_IPPCSE	(1u << 12)	/* IP payload checksum */
#define IX_RXCSUM_PCSD		(1u << 13)	/* RSS hash instead of csum */

#define IX_FCTRL		0x05080u
#define IX_FCTRL_SBP		(1u << 1)	/* store bad packets */
#define IX_FCTRL_MPE		(1u << 8)	/* multicast promiscuous */
#define IX_FCTRL_UPE		(1u << 9)	/* unicast promiscuous */
#define IX_FCTRL_BAM		(1u << 10)	/* accept broadcast */

#define IX_VLNCTRL		0x05088u
#define IX_VLNCTRL_VET_MASK	0x0000FFFFu	/* VLAN ethertype */
#define IX_VLNCTRL_VET_DEFAULT	0x00008100u
#define IX_VLNCTRL_CFI		(1u << 28)
#define IX_VLNCTRL_CFIEN	(1u << 29)
#define IX_VLNCTRL_VFE		(1u << 30)	/* VLAN filter enable */

#define IX_MCSTCTRL		0x05090u
#define IX_MCSTCTRL_MO_MASK	0x00000003u	/* multicast offset */
#define IX_MCSTCTRL_MFE		(1u << 2)	/* multicast filter enable */

#define IX_MTA(n)		(0x05200u + (uint32_t)(n) * 4u)	/* 128 */
#define IX_MTA_NUM		128u

#define IX_ETQF(n)		(0x05128u + (uint32_t)(n) * 4u)	/* 8 */
#define IX_ETQS(n)		(0x0EC00u + (uint32_t)(n) * 4u)	/* 8 */
/* (ETQF/ETQS fields: "Queue filters" below) */

#define IX_VFTA(n)		(0x0A000u + (uint32_t)(n) * 4u)	/* 128 */
#define IX_VFTA_NUM		128u	/* 4096 VLAN IDs, one bit each */
#define IX_VFTA_IDX(vid)	(((uint32_t)(vid) >> 5) & 0x7Fu)
#define IX_VFTA_BIT(vid)	(1u << ((uint32_t)(vid) & 31u))

/*
 * Receive address registers: 128 entries at 0xA200.  Entries 0-15 are
 * also reachable at 0x5400 (82598 layout), which ixgbe drivers use.
 */
#define IX_RAR_NUM		128u
#define IX_RAL(n)		((n) < 16 ? 0x05400u + (uint32_t)(n) * 8u : \
				 0x0A200u + (uint32_t)(n) * 8u)
#define IX_RAH(n)		(IX_RAL(n) + 4u)
#define IX_RAL_82599(n)		(0x0A200u + (uint32_t)(n) * 8u)
#define IX_RAH_82599(n)		(0x0A204u + (uint32_t)(n) * 8u)
#define IX_RAH_RAH_MASK		0x0000FFFFu
#define IX_RAH_AV		(1u << 31)	/* address valid */
#define IX_MPSAR_LO(n)		(0x0A600u + (uint32_t)(n) * 8u)
#define IX_MPSAR_HI(n)		(0x0A604u + (uint32_t)(n) * 8u)

#define IX_PSRTYPE(n)		((n) < 16 ? 0x05480u + (uint32_t)(n) * 4u : \
				 IX_PSRTYPE_82599(n))
#define IX_PSRTYPE_82599(n)	(0x0EA00u + (uint32_t)(n) * 4u)	/* 64 */
#define IX_PSRTYPE_NUM		64u
#define IX_VT_CTL		0x051B0u
#define IX_VMD_CTL		0x0581Cu
#define IX_VLVF(n)		(0x0F100u + (uint32_t)(n) * 4u)	/* 64 */
#define IX_VLVFB(n)		(0x0F200u + (uint32_t)(n) * 4u)	/* 128 */
#define IX_VMOLR(n)		(0x0F000u + (uint32_t)(n) * 4u)	/* 64 */

/* --- Queue filters (§7.1.2.3-5, §8.2.3.7) ------------------------------ */
/*
 * 128 5-tuple filters: SAQF/DAQF hold the IPv4 addresses and SDPQF the
 * ports as they sit in the frame (first byte on the wire in bits 7:0,
 * resp. 23:16 for the destination port), FTQF the protocol, priority and
 * the "do not compare" mask bits, L34T_IMIR the queue.
 */
#define IX_NUM_FTQF		128u
#define IX_SAQF(n)		(0x0E000u + (uint32_t)(n) * 4u)
#define IX_DAQF(n)		(0x0E200u + (uint32_t)(n) * 4u)
#define IX_SDPQF(n)		(0x0E400u + (uint32_t)(n) * 4u)
#define IX_SDPQF_SRC_MASK	0x0000FFFFu
#define IX_SDPQF_DST_SHIFT	16
#define IX_FTQF(n)		(0x0E600u + (uint32_t)(n) * 4u)
#define IX_FTQF_PROTO_MASK	0x00000003u
#define IX_FTQF_PROTO_TCP	0u
#define IX_FTQF_PROTO_UDP	1u
#define IX_FTQF_PROTO_SCTP	2u
#define IX_FTQF_PROTO_OTHER	3u
#define IX_FTQF_PRIO_SHIFT	2		/* 1..7, 7 is the highest */
#define IX_FTQF_PRIO_MASK	0x0000001Cu
#define IX_FTQF_PRIO_MAX	7u
#define IX_FTQF_POOL_MASK	0x00003F00u
/* Mask bits: a set bit means the field is not compared. */
#define IX_FTQF_MASK_SRC_ADDR	(1u << 25)
#define IX_FTQF_MASK_DST_ADDR	(1u << 26)
#define IX_FTQF_MASK_SRC_PORT	(1u << 27)
#define IX_FTQF_MASK_DST_PORT	(1u << 28)
#define IX_FTQF_MASK_PROTO	(1u << 29)
#define IX_FTQF_POOL_MASK_EN	(1u << 30)	/* pool not compared */
#define IX_FTQF_QUEUE_EN	(1u << 31)
#define IX_L34T_IMIR(n)		(0x0E800u + (uint32_t)(n) * 4u)
#define IX_L34T_IMIR_SIZE_BP	(1u << 12)
#define IX_L34T_IMIR_CTRL_BP	(1u << 19)	/* TCP flags not checked */
#define IX_L34T_IMIR_LLI	(1u << 20)
#define IX_L34T_IMIR_QUEUE_SHIFT 21
#define IX_L34T_IMIR_QUEUE_MASK	0x0FE00000u

/* Ethertype filters: ETQF (match) and ETQS (action), 8 of each. */
#define IX_NUM_ETQF		8u
#define IX_ETQF_ETYPE_MASK	0x0000FFFFu
#define IX_ETQF_POOL_EN		(1u << 26)
#define IX_ETQF_FCOE		(1u << 27)
#define IX_ETQF_1588		(1u << 30)
#define IX_ETQF_FILTER_EN	(1u << 31)
#define IX_ETQS_QUEUE_SHIFT	16
#define IX_ETQS_QUEUE_MASK	0x007F0000u
#define IX_ETQS_LLI		(1u << 29)
#define IX_ETQS_QUEUE_EN	(1u << 31)

/* The TCP SYN filter; SYNQFP puts it before the 5-tuple filters. */
#define IX_SYNQF		0x0EC30u
#define IX_SYNQF_QUEUE_EN	(1u << 0)
#define IX_SYNQF_QUEUE_SHIFT	1
#define IX_SYNQF_QUEUE_MASK	0x000000FEu
#define IX_SYNQF_SYNQFP		(1u << 31)

/* --- Flow director (§7.1.2.7, §8.2.3.21) -------------------------------- */
#define IX_FDIRCTRL		0x0EE00u
#define IX_FDIRCTRL_PBALLOC_MASK 0x00000003u	/* 0: flow director off */
#define IX_FDIRCTRL_PBALLOC_64K	0x00000001u	/* 8K perfect filters */
#define IX_FDIRCTRL_INIT_DONE	(1u << 3)	/* table init finished (RO) */
#define IX_FDIRCTRL_PERFECT_MATCH (1u << 4)
#define IX_FDIRCTRL_REPORT_STATUS (1u << 5)	/* FLM + filter ID in RX wb */
#define IX_FDIRCTRL_REPORT_STATUS_ALWAYS (1u << 7)
#define IX_FDIRCTRL_DROP_Q_SHIFT 8
#define IX_FDIRCTRL_DROP_Q_MASK	0x00007F00u	/* where DROP filters send */
/* Offset of the flex word, in 2-byte words from the first byte of the
 * frame (destination MAC), tags included; it lies in the first 64 bytes. */
#define IX_FDIRCTRL_FLEX_SHIFT	16
#define IX_FDIRCTRL_FLEX_MASK	0x001F0000u
#define IX_FDIR_FLEX_OFF_MAX	62u		/* in bytes */
#define IX_FDIRCTRL_MAX_LENGTH_SHIFT 24
#define IX_FDIRCTRL_FULL_THRESH_SHIFT 28
/* Filter programming: fields, then FDIRHASH, then FDIRCMD. */
#define IX_FDIRSIPV6(n)		(0x0EE0Cu + (uint32_t)(n) * 4u)	/* 3 */
#define IX_FDIRIPSA		0x0EE18u	/* as in the frame, like SAQF */
#define IX_FDIRIPDA		0x0EE1Cu
#define IX_FDIRPORT		0x0EE20u	/* host order: src 15:0 */
#define IX_FDIRPORT_DST_SHIFT	16
#define IX_FDIRVLAN		0x0EE24u	/* VLAN 15:0, flex 31:16 */
#define IX_FDIRVLAN_FLEX_SHIFT	16	/* flex word: first frame byte 31:24 */
/* The parts of the VLAN tag FDIRM.VLANID and FDIRM.VLANP mask; the CFI/DEI
 * bit (12) is never compared. */
#define IX_FDIR_VLAN_ID_BITS	0x0FFFu
#define IX_FDIR_VLAN_PRIO_BITS	0xE000u
#define IX_FDIRHASH		0x0EE28u
#define IX_FDIRHASH_BUCKET_MASK	0x00007FFFu
#define IX_FDIRHASH_VALID	(1u << 15)
#define IX_FDIRHASH_SWIDX_SHIFT	16		/* perfect: the soft ID */
#define IX_FDIRHASH_SWIDX_MASK	0x7FFF0000u
#define IX_FDIRCMD		0x0EE2Cu
#define IX_FDIRCMD_CMD_MASK	0x00000003u	/* self-clearing */
#define IX_FDIRCMD_CMD_ADD	1u
#define IX_FDIRCMD_CMD_REMOVE	2u
#define IX_FDIRCMD_CMD_QUERY	3u
#define IX_FDIRCMD_FILTER_VALID	(1u << 2)
#define IX_FDIRCMD_FILTER_UPDATE (1u << 3)
#define IX_FDIRCMD_L4TYPE_SHIFT	5
#define IX_FDIRCMD_L4TYPE_MASK	0x00000060u
#define IX_FDIRCMD_L4TYPE_UDP	1u
#define IX_FDIRCMD_L4TYPE_TCP	2u
#define IX_FDIRCMD_L4TYPE_SCTP	3u
#define IX_FDIRCMD_IPV6		(1u << 7)
#define IX_FDIRCMD_CLEARHT	(1u << 8)
#define IX_FDIRCMD_DROP		(1u << 9)
#define IX_FDIRCMD_INT		(1u << 10)
#define IX_FDIRCMD_LAST		(1u << 11)
#define IX_FDIRCMD_COLLISION	(1u << 12)
#define IX_FDIRCMD_QUEUE_EN	(1u << 15)
#define IX_FDIRCMD_QUEUE_SHIFT	16
#define IX_FDIRCMD_QUEUE_MASK	0x007F0000u
/* Masks shared by every perfect filter; a set bit is not compared. */
#define IX_FDIRDIP4M		0x0EE3Cu
#define IX_FDIRSIP4M		0x0EE40u
/* Port masks: bits reversed within each 16-bit half (bit 15 masks
 * port bit 0); source port 15:0, destination 31:16. */
#define IX_FDIRTCPM		0x0EE44u
#define IX_FDIRUDPM		0x0EE48u
#define IX_FDIRPORTM_DST_SHIFT	16
#define IX_FDIRFREE		0x0EE38u
#define IX_FDIRLEN		0x0EE4Cu
#define IX_FDIRHKEY		0x0EE68u	/* bucket hash key */
#define IX_FDIRSKEY		0x0EE6Cu	/* signature hash key */
#define IX_FDIRM		0x0EE70u
#define IX_FDIRM_VLANID		(1u << 0)
#define IX_FDIRM_VLANP		(1u << 1)
#define IX_FDIRM_POOL		(1u << 2)
#define IX_FDIRM_L4P		(1u << 3)
#define IX_FDIRM_FLEX		(1u << 4)
#define IX_FDIRM_DIPV6		(1u << 5)
#define IX_FDIRIP6M		0x0EE74u
/* Perfect filters a 64 KB allocation (PBALLOC 1) holds; 13-bit buckets. */
#define IX_FDIR_PERFECT_MAX	8192u
#define IX_FDIR_BUCKET_BITS	13
/* The bucket hash key Intel's drivers program (FDIRHKEY). */
#define IX_FDIR_HKEY_DEFAULT	0x3DAD14E2u

/* --- Multiple receive queues and RSS (§7.1.2) -------------------------- */
#define IX_MRQC			0x05818u
#define IX_MRQC_MRQE_MASK	0x0000000Fu
#define IX_MRQC_MRQE_NONE	0x0u
#define IX_MRQC_MRQE_RSS	0x1u
#define IX_MRQC_MRQE_RT8TC	0x2u
#define IX_MRQC_MRQE_RT4TC	0x3u
#define IX_MRQC_MRQE_RTRSS8TC	0x4u
#define IX_MRQC_MRQE_RTRSS4TC	0x5u
#define IX_MRQC_MRQE_VMDQ	0x8u
#define IX_MRQC_MRQE_VMDQRSS32	0xAu
#define IX_MRQC_MRQE_VMDQRSS64	0xBu
#define IX_MRQC_MRQE_VMDQRT8TC	0xCu
#define IX_MRQC_MRQE_VMDQRT4TC	0xDu
#define IX_MRQC_RSS_FIELD_IPV4_TCP	(1u << 16)
#define IX_MRQC_RSS_FIELD_IPV4		(1u << 17)
#define IX_MRQC_RSS_FIELD_IPV6_EX_TCP	(1u << 18)
#define IX_MRQC_RSS_FIELD_IPV6_EX	(1u << 19)
#define IX_MRQC_RSS_FIELD_IPV6		(1u << 20)
#define IX_MRQC_RSS_FIELD_IPV6_TCP	(1u << 21)
#define IX_MRQC_RSS_FIELD_IPV4_UDP	(1u << 22)
#define IX_MRQC_RSS_FIELD_IPV6_UDP	(1u << 23)
#define IX_MRQC_RSS_FIELD_IPV6_EX_UDP	(1u << 24)

/* 128 redirection entries, four per register; 4 significant bits each. */
#define IX_RETA(n)		(0x05C00u + (uint32_t)(n) * 4u)	/* 32 */
#define IX_RETA_NUM_REGS	32u
#define IX_RETA_ENTRIES		128u
#define IX_RETA_ENTRY_MASK	0x0Fu
#define IX_RETA_ENTRY_SHIFT(i)	(((uint32_t)(i) & 3u) * 8u)
#define IX_RSS_MAX_QUEUES	16u	/* what a 4-bit RETA entry reaches */
/* 40-byte Toeplitz key; byte 4n+k is bits 8k+7:8k of RSSRK(n). */
#define IX_RSSRK(n)		(0x05C80u + (uint32_t)(n) * 4u)	/* 10 */
#define IX_RSSRK_NUM		10u
#define IX_RSS_KEY_LEN		40u

/* --- Advanced receive descriptor (§7.1.6) ------------------------------ */

/* Read format: written by software. */
struct ix_adv_rx_read {
	uint64_t pkt_addr;	/* packet buffer address */
	uint64_t hdr_addr;	/* header buffer address (bit 0 aliases DD) */
};

/* Write-back format: written by hardware. */
struct ix_adv_rx_wb {
	/* Dword 0: RSS type 3:0, packet type 16:4, RSCCNT 20:17,
	 * HDR_LEN 30:21, SPH 31. */
	uint16_t pkt_info;
	uint16_t hdr_info;
	/* Dword 1: RSS hash, or fragment checksum (31:16) and IP ID (15:0)
	 * when RXCSUM.PCSD is clear. */
	union {
		uint32_t rss;
		struct {
			uint16_t ip_id;
			uint16_t csum;
		} csum_ip;
	} hi_dword;
	/* Dword 2: extended status 19:0, extended error 31:20. */
	uint32_t status_error;
	uint16_t length;	/* bytes written to this descriptor's buffer */
	uint16_t vlan;		/* stripped tag (with RXDCTL.VME) */
};

union ix_adv_rx_desc {
	struct ix_adv_rx_read read;
	struct ix_adv_rx_wb wb;
	uint64_t q[2];
};

#define IX_RXD_SIZE		16u

/* pkt_info */
#define IX_RXDADV_RSSTYPE_MASK		0x000Fu
#define IX_RXDADV_RSSTYPE_NONE		0x0u
#define IX_RXDADV_RSSTYPE_IPV4_TCP	0x1u
#define IX_RXDADV_RSSTYPE_IPV4		0x2u
#define IX_RXDADV_RSSTYPE_IPV6_TCP	0x3u
#define IX_RXDADV_RSSTYPE_IPV6_EX	0x4u
#define IX_RXDADV_RSSTYPE_IPV6		0x5u
#define IX_RXDADV_RSSTYPE_IPV6_TCP_EX	0x6u
#define IX_RXDADV_RSSTYPE_IPV4_UDP	0x7u
#define IX_RXDADV_RSSTYPE_IPV6_UDP	0x8u
#define IX_RXDADV_RSSTYPE_IPV6_UDP_EX	0x9u
#define IX_RXDADV_PKTTYPE_MASK		0xFFF0u
#define IX_RXDADV_PKTTYPE_IPV4		0x0010u
#define IX_RXDADV_PKTTYPE_IPV4_EX	0x0020u	/* IPv4 with options */
#define IX_RXDADV_PKTTYPE_IPV6		0x0040u
#define IX_RXDADV_PKTTYPE_IPV6_EX	0x0080u	/* IPv6 extension headers */
#define IX_RXDADV_PKTTYPE_TCP		0x0100u
#define IX_RXDADV_PKTTYPE_UDP		0x0200u
#define IX_RXDADV_PKTTYPE_SCTP		0x0400u
#define IX_RXDADV_PKTTYPE_NFS		0x0800u
#define IX_RXDADV_PKTTYPE_IPSEC_ESP	0x1000u
#define IX_RXDADV_PKTTYPE_IPSEC_AH	0x2000u
#define IX_RXDADV_PKTTYPE_LINKSEC	0x4000u
#define IX_RXDADV_PKTTYPE_ETQF		0x8000u	/* bits 6:4 = ETQF index */

/* status_error: status part */
#define IX_RXD_STAT_DD		(1u << 0)
#define IX_RXD_STAT_EOP		(1u << 1)
#define IX_RXD_STAT_FLM		(1u << 2)	/* flow director match */
#define IX_RXD_STAT_VP		(1u << 3)	/* 802.1Q packet */
#define IX_RXD_STAT_UDPCS	(1u << 4)	/* UDP checksum computed */
#define IX_RXD_STAT_L4CS	(1u << 5)	/* L4 checksum computed */
#define IX_RXD_STAT_IPCS	(1u << 6)	/* IPv4 checksum computed */
#define IX_RXD_STAT_PIF		(1u << 7)	/* passed inexact filter */
#define IX_RXD_STAT_VEXT	(1u << 9)	/* outer VLAN (double VLAN) */
#define IX_RXD_STAT_UDPV	(1u << 10)	/* UDP checksum valid */
#define IX_RXD_STAT_LLINT	(1u << 11)
#define IX_RXD_STAT_TS		(1u << 16)	/* IEEE 1588 timestamp */
#define IX_RXD_STAT_SECP	(1u << 17)
#define IX_RXD_STAT_LB		(1u << 18)	/* looped back VM-to-VM */
#define IX_RXD_STAT_MASK	0x000FFFFFu
/* status_error: error part */
#define IX_RXD_ERR_FDIR_LEN	(1u << 20)
#define IX_RXD_ERR_FDIR_DROP	(1u << 21)
#define IX_RXD_ERR_FDIR_COLL	(1u << 22)
#define IX_RXD_ERR_HBO		(1u << 23)	/* header buffer overflow */
#define IX_RXD_ERR_SECERR_MASK	(3u << 27)
#define IX_RXD_ERR_RXE		(1u << 29)	/* MAC error (CRC, length..) */
#define IX_RXD_ERR_TCPE		(1u << 30)	/* L4 checksum error */
#define IX_RXD_ERR_IPE		(1u << 31)	/* IPv4 checksum error */
#define IX_RXD_ERR_MASK		0xFFF00000u
/* Bits the datasheet reserves in status (8, 15:12, 19) and error (26:24):
 * a write-back from the hardware has them clear. */
#define IX_RXD_STAT_RSV_MASK	0x0008F100u
#define IX_RXD_ERR_RSV_MASK	0x07000000u
/* Dword 0 fields that are zero unless RSC or header split is enabled. */
#define IX_RXDADV_RSCCNT_MASK	0x001E0000u	/* RSC descriptor count */
#define IX_RXDADV_HDRLEN_MASK	0x7FE00000u	/* header split length */
#define IX_RXDADV_SPH		0x80000000u	/* split header */

/* --- Advanced transmit descriptors (§7.2.3) ---------------------------- */

/* Data descriptor, read format. */
struct ix_adv_tx_read {
	uint64_t buffer_addr;
	uint32_t cmd_type_len;	/* DTALEN 15:0, MAC 19:18, DTYP 23:20, DCMD */
	uint32_t olinfo_status;	/* STA 3:0, IDX 6:4, CC 7, POPTS 13:8,
				 * PAYLEN 31:14 */
};

/* Data descriptor, write-back format. */
struct ix_adv_tx_wb {
	uint64_t rsvd;
	uint32_t nxtseq_seed;
	uint32_t status;	/* STA in bits 3:0 */
};

/* Context descriptor. */
struct ix_adv_tx_context {
	uint32_t vlan_macip_lens;	/* IPLEN 8:0, MACLEN 15:9, VLAN 31:16 */
	uint32_t seqnum_seed;
	uint32_t type_tucmd_mlhl;	/* TUCMD 19:9, DTYP 23:20, DEXT 29 */
	uint32_t mss_l4len_idx;		/* IDX 6:4, L4LEN 15:8, MSS 31:16 */
};

union ix_adv_tx_desc {
	struct ix_adv_tx_read read;
	struct ix_adv_tx_wb wb;
	struct ix_adv_tx_context ctx;
	uint64_t q[2];
};

#define IX_TXD_SIZE		16u

/* cmd_type_len */
#define IX_TXD_DTALEN_MASK	0x0000FFFFu
#define IX_TXD_MAC_LINKSEC	(1u << 18)
#define IX_TXD_MAC_TSTAMP	(1u << 19)
#define IX_TXD_DTYP_MASK	0x00F00000u
#define IX_TXD_DTYP_CTXT	0x00200000u
#define IX_TXD_DTYP_DATA	0x00300000u
#define IX_TXD_CMD_EOP		(1u << 24)
#define IX_TXD_CMD_IFCS		(1u << 25)
#define IX_TXD_CMD_IC		(1u << 26)	/* legacy: insert checksum */
#define IX_TXD_CMD_RS		(1u << 27)
#define IX_TXD_CMD_DEXT		(1u << 29)	/* advanced descriptor */
#define IX_TXD_CMD_VLE		(1u << 30)
#define IX_TXD_CMD_TSE		(1u << 31)

/* olinfo_status */
#define IX_TXD_STAT_DD		(1u << 0)
/* Write-back format: STA is bits 3:0, the rest of the dword is reserved. */
#define IX_TXD_STAT_MASK	0x0000000Fu
#define IX_TXD_WB_RSV_MASK	0xFFFFFFF0u
#define IX_TXD_IDX_SHIFT	4
#define IX_TXD_IDX_MASK		0x00000070u
#define IX_TXD_CC		(1u << 7)
#define IX_TXD_POPTS_IXSM	(1u << 8)	/* insert IPv4 checksum */
#define IX_TXD_POPTS_TXSM	(1u << 9)	/* insert L4 checksum */
#define IX_TXD_POPTS_IPSEC	(1u << 10)
#define IX_TXD_PAYLEN_SHIFT	14
#define IX_TXD_PAYLEN_MAX	0x3FFFFu

/* context: vlan_macip_lens */
#define IX_TXCTX_IPLEN_MASK	0x000001FFu
#define IX_TXCTX_MACLEN_SHIFT	9
#define IX_TXCTX_MACLEN_MASK	0x0000FE00u
#define IX_TXCTX_VLAN_SHIFT	16
/* context: type_tucmd_mlhl */
#define IX_TXCTX_TUCMD_IPV4	(1u << 10)
#define IX_TXCTX_TUCMD_L4T_MASK	(3u << 11)
#define IX_TXCTX_TUCMD_L4T_UDP	(0u << 11)
#define IX_TXCTX_TUCMD_L4T_TCP	(1u << 11)
#define IX_TXCTX_TUCMD_L4T_SCTP	(2u << 11)
#define IX_TXCTX_TUCMD_L4T_RSV	(3u << 11)	/* no L4 offload */
#define IX_TXCTX_TUCMD_IPSEC_ESP (1u << 13)
#define IX_TXCTX_TUCMD_IPSEC_ENC (1u << 14)
/* context: mss_l4len_idx */
#define IX_TXCTX_IDX_SHIFT	4
#define IX_TXCTX_IDX_MASK	0x00000070u
#define IX_TXCTX_L4LEN_SHIFT	8
#define IX_TXCTX_L4LEN_MASK	0x0000FF00u
#define IX_TXCTX_MSS_SHIFT	16
#define IX_TXCTX_MSS_MAX	0xFFFFu
#define IX_TXCTX_MACLEN_MAX	127u	/* 7 bits */
#define IX_TXCTX_IPLEN_MAX	511u	/* 9 bits */
#define IX_TXCTX_L4LEN_MAX	255u	/* 8 bits */

/* The 82599 keeps two context slots per queue (§7.2.3.2.3). */
#define IX_TX_CTX_SLOTS		2u

/* Legacy transmit descriptor fields that differ from the advanced ones. */
#define IX_TXD_LEGACY_LEN_MASK	0x0000FFFFu
#define IX_TXD_LEGACY_CSO_SHIFT	16

#endif /* IX82599_RXTX_H */

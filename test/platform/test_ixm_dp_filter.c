/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Unit test of the 82599 model's receive filters (lib/ixmodel/
 * ixm_{filter,qfilter,fdir}.c) on the datapath rig (ixm_dp_rig.c): the
 * L2 filters (addresses, multicast, VLAN), double VLAN, MAC control
 * frames, and the queue filters with their priorities (the flow
 * director's VLAN and flex word included).
 */
#include "ixm_dp_rig.h"

static void
test_rx_filter(struct rig *r)
{
	static const uint8_t sip[4] = { 1, 2, 3, 4 }, dip[4] = { 5, 6, 7, 8 };
	static const uint8_t foreign[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	uint8_t f[256];
	size_t len = build_tcp4(f, foreign, sip, dip, 10, 20, 20);
	uint32_t rdh;

	rx_reset_ring(r);
	rdh = ixm_rd(r->dev, IX_RDH(0));
	CHECK(ixm_rx_frame(r->dev, f, len) == -1);
	CHECK(ixm_rd(r->dev, IX_RDH(0)) == rdh);
	CHECK(!(r->rxr[rdh].wb.status_error & IX_RXD_STAT_DD));
	ixm_reg_write(r->dev, IX_FCTRL, IX_FCTRL_BAM | IX_FCTRL_UPE);
	CHECK(ixm_rx_frame(r->dev, f, len) == 0);
	ixm_reg_write(r->dev, IX_FCTRL, IX_FCTRL_BAM);

	/* broadcast accepted with BAM */
	memset(f, 0xFF, 6);
	CHECK(ixm_rx_frame(r->dev, f, len) == 0);

	/* VLAN filter: tagged frame with VID 5 not in VFTA is dropped */
	{
		uint8_t t[260];

		memcpy(t, our_mac, 6);
		memcpy(t + 6, peer_mac, 6);
		t[12] = 0x81;
		t[13] = 0x00;
		t[14] = 0;
		t[15] = 5;
		memcpy(t + 16, f + 12, len - 12);
		ixm_reg_write(r->dev, IX_VLNCTRL,
			      IX_VLNCTRL_VET_DEFAULT | IX_VLNCTRL_VFE);
		CHECK(ixm_rx_frame(r->dev, t, len + 4) == -1);
		ixm_reg_write(r->dev, IX_VFTA(0), 1u << 5);
		/* ... and accepted once VID 5 is set; strip with VME */
		bar_wr(r, IX_RXDCTL(0), IX_RXDCTL_ENABLE | IX_RXDCTL_VME);
		rdh = ixm_rd(r->dev, IX_RDH(0));
		CHECK(ixm_rx_frame(r->dev, t, len + 4) == 0);
		CHECK(r->rxr[rdh].wb.status_error & IX_RXD_STAT_VP);
		CHECK(r->rxr[rdh].wb.vlan == 5);
		CHECK(r->rxr[rdh].wb.length == len);
		bar_wr(r, IX_RXDCTL(0), IX_RXDCTL_ENABLE);
		ixm_reg_write(r->dev, IX_VLNCTRL, IX_VLNCTRL_VET_DEFAULT);
	}
}

/*
 * Double VLAN (§7.4.5): CTRL_EXT.EXTENDED_VLAN and EXVET: the outer tag
 * (0x88a8) is skipped, the inner one (VLNCTRL.VET) filtered and
 * stripped, VEXT reported, checksums and RSS found behind both tags;
 * DMATXCTL.GDV: the VLE tag goes in behind the outer tag.
 */
static void
test_double_vlan(struct rig *r)
{
	static const uint8_t sip[4] = { 1, 2, 3, 4 }, dip[4] = { 5, 6, 7, 8 };
	static const uint8_t outer[4] = { 0x88, 0xa8, 0x00, 0x0a };
	uint8_t f[256], t[264], want[264];
	size_t len = build_tcp4(f, our_mac, sip, dip, 10, 20, 20);
	uint32_t rdh, tdt, st;
	unsigned int before;

	/* outer 10 / inner 20 (prio 3) / IPv4 / TCP */
	memcpy(t, f, 12);
	memcpy(t + 12, outer, 4);
	t[16] = 0x81;
	t[17] = 0x00;
	t[18] = 0x60;
	t[19] = 20;
	memcpy(t + 20, f + 12, len - 12);
	ixm_reg_write(r->dev, IX_CTRL_EXT, IX_CTRL_EXT_EXTENDED_VLAN);
	ixm_reg_write(r->dev, IX_EXVET, 0x88a8u << IX_EXVET_VET_EXT_SHIFT);
	ixm_reg_write(r->dev, IX_VLNCTRL, IX_VLNCTRL_VET_DEFAULT |
		      IX_VLNCTRL_VFE);
	ixm_reg_write(r->dev, IX_VFTA(0), 1u << 20);
	rx_reset_ring(r);
	bar_wr(r, IX_RXDCTL(0), IX_RXDCTL_ENABLE | IX_RXDCTL_VME);
	rdh = ixm_rd(r->dev, IX_RDH(0));
	CHECK(ixm_rx_frame(r->dev, t, len + 8) == 0);
	st = r->rxr[rdh].wb.status_error;
	CHECK(st & IX_RXD_STAT_VP);
	CHECK(st & IX_RXD_STAT_VEXT);
	CHECK(st & IX_RXD_STAT_IPCS);
	CHECK(st & IX_RXD_STAT_L4CS);
	CHECK(!(st & (IX_RXD_ERR_IPE | IX_RXD_ERR_TCPE)));
	CHECK(r->rxr[rdh].wb.pkt_info & IX_RXDADV_PKTTYPE_TCP);
	CHECK(r->rxr[rdh].wb.vlan == 0x6014);
	/* the inner tag stripped, the outer one kept */
	CHECK(r->rxr[rdh].wb.length == len + 4);
	CHECK(memcmp(r->rxbuf[rdh], t, 16) == 0);
	CHECK(memcmp(r->rxbuf[rdh] + 16, f + 12, len - 12) == 0);
	/* the filter looks at the inner VLAN ID */
	t[19] = 30;
	CHECK(ixm_rx_frame(r->dev, t, len + 8) == -1);
	/* a frame whose first tag is not EXVET's: no inner tag looked for */
	t[12] = 0x91;
	CHECK(ixm_rx_frame(r->dev, t, len + 8) == 0);
	CHECK(!(r->rxr[rdh + 1].wb.status_error &
		(IX_RXD_STAT_VP | IX_RXD_STAT_VEXT)));
	CHECK(r->rxr[rdh + 1].wb.length == len + 8);
	bar_wr(r, IX_RXDCTL(0), IX_RXDCTL_ENABLE);
	ixm_reg_write(r->dev, IX_VFTA(0), 0);
	ixm_reg_write(r->dev, IX_VLNCTRL, IX_VLNCTRL_VET_DEFAULT);
	ixm_reg_write(r->dev, IX_CTRL_EXT, 0);

	/* TX: the frame carries the outer tag; VLE inserts 300 behind it */
	memcpy(r->txbuf, f, 12);
	memcpy(r->txbuf + 12, outer, 4);
	memcpy(r->txbuf + 16, f + 12, len - 12);
	memcpy(want, r->txbuf, 16);
	want[16] = 0x81;
	want[17] = 0x00;
	want[18] = 0x01;
	want[19] = 0x2c;
	memcpy(want + 20, f + 12, len - 12);
	ixm_reg_write(r->dev, IX_DMATXCTL, IX_DMATXCTL_TE | IX_DMATXCTL_GDV |
		      IX_VLNCTRL_VET_DEFAULT << IX_DMATXCTL_VT_SHIFT);
	tdt = ixm_rd(r->dev, IX_TDT(0));
	before = r->h.wire_frames;
	/* legacy descriptor: the tag in its last 16 bits */
	r->txr[tdt].q[0] = iova_of(r->txbuf);
	r->txr[tdt].q[1] = (uint64_t)(len + 4) | IX_TXD_CMD_EOP |
			   IX_TXD_CMD_IFCS | IX_TXD_CMD_RS | IX_TXD_CMD_VLE |
			   (uint64_t)300 << 48;
	bar_wr(r, IX_TDT(0), (tdt + 1) % NDESC);
	CHECK(ixm_poll(r->dev) == 1);
	CHECK(r->h.wire_frames == before + 1);
	CHECK(r->h.wire_len == len + 8);
	CHECK(memcmp(r->h.wire_last, want, len + 8) == 0);
	ixm_reg_write(r->dev, IX_DMATXCTL, IX_DMATXCTL_TE |
		      IX_VLNCTRL_VET_DEFAULT << IX_DMATXCTL_VT_SHIFT);
}

/*
 * MAC control frames: the 82599 decides from MFLCN (PMCF bit 0, DPF bit
 * 1), not from FCTRL bits 12-13 as the 82598 did.
 */
static void
test_mac_ctrl_frames(struct rig *r)
{
	static const uint8_t mc[6] = { 0x01, 0x80, 0xC2, 0x00, 0x00, 0x01 };
	uint8_t f[60];

	rx_reset_ring(r);
	memset(f, 0, sizeof(f));
	memcpy(f, mc, 6);
	memcpy(f + 6, peer_mac, 6);
	f[12] = 0x88;
	f[13] = 0x08;
	f[15] = 0x01;		/* opcode 0x0001: pause */
	f[17] = 0xFF;		/* pause time */
	ixm_reg_write(r->dev, IX_FCTRL, IX_FCTRL_BAM | IX_FCTRL_MPE);
	/* receive flow control off: a pause frame is an ordinary frame */
	ixm_reg_write(r->dev, IX_MFLCN, IX_MFLCN_DPF);
	CHECK(ixm_rx_frame(r->dev, f, sizeof(f)) == 0);
	/* RFCE with DPF: discarded; RFCE without DPF: passed */
	ixm_reg_write(r->dev, IX_MFLCN, IX_MFLCN_RFCE | IX_MFLCN_DPF);
	CHECK(ixm_rx_frame(r->dev, f, sizeof(f)) == -1);
	ixm_reg_write(r->dev, IX_MFLCN, IX_MFLCN_RFCE);
	CHECK(ixm_rx_frame(r->dev, f, sizeof(f)) == 0);
	/* FCTRL bits 12-13 (the 82598's PMCF/DPF) change nothing */
	ixm_reg_write(r->dev, IX_FCTRL, IX_FCTRL_BAM | IX_FCTRL_MPE |
		      (1u << 13));
	CHECK(ixm_rx_frame(r->dev, f, sizeof(f)) == 0);
	/* other MAC control frames (PFC, opcode 0x0101) need PMCF */
	f[14] = 0x01;
	ixm_reg_write(r->dev, IX_FCTRL, IX_FCTRL_BAM | IX_FCTRL_MPE |
		      (1u << 12));
	ixm_reg_write(r->dev, IX_MFLCN, 0);
	CHECK(ixm_rx_frame(r->dev, f, sizeof(f)) == -1);
	ixm_reg_write(r->dev, IX_MFLCN, IX_MFLCN_PMCF);
	CHECK(ixm_rx_frame(r->dev, f, sizeof(f)) == 0);
	ixm_reg_write(r->dev, IX_MFLCN, 0);
	ixm_reg_write(r->dev, IX_FCTRL, IX_FCTRL_BAM);
}

/*
 * Queue filters (§7.1.2): only queue 0 runs, so a filter that picks
 * another (disabled) queue shows as a dropped frame, one that picks queue
 * 0 as a delivered one.  Priorities: ethertype, then SYN/5-tuple in the
 * SYNQFP order, the highest 5-tuple priority, then the flow director.
 */
static void
test_queue_filters(struct rig *r)
{
	static const uint8_t sip[4] = { 10, 1, 2, 3 };
	static const uint8_t dip[4] = { 10, 9, 8, 7 };
	union ix_adv_rx_desc wb;
	uint8_t f[256], g[256];
	size_t len = build_tcp4(f, our_mac, sip, dip, 1234, 80, 10);
	uint32_t sa = (uint32_t)sip[0] | (uint32_t)sip[1] << 8 |
		      (uint32_t)sip[2] << 16 | (uint32_t)sip[3] << 24;
	uint32_t h, fvv, common;

	CHECK(rx_one(r, f, len, &wb) == 0);
	/* 5-tuple: TCP, source address and destination port -> queue 5 */
	ixm_reg_write(r->dev, IX_SAQF(3), sa);
	ixm_reg_write(r->dev, IX_SDPQF(3), (uint32_t)0x5000 << 16);
	ixm_reg_write(r->dev, IX_L34T_IMIR(3), 5u << IX_L34T_IMIR_QUEUE_SHIFT);
	ixm_reg_write(r->dev, IX_FTQF(3), IX_FTQF_PROTO_TCP |
		      (1u << IX_FTQF_PRIO_SHIFT) | IX_FTQF_MASK_DST_ADDR |
		      IX_FTQF_MASK_SRC_PORT | IX_FTQF_POOL_MASK_EN |
		      IX_FTQF_QUEUE_EN);
	CHECK(rx_one(r, f, len, &wb) == -1);
	memcpy(g, f, len);
	g[37] = 81;				/* another port: RSS, queue 0 */
	CHECK(rx_one(r, g, len, &wb) == 0);
	/* a higher priority filter for the whole protocol -> queue 0 */
	ixm_reg_write(r->dev, IX_FTQF(9), IX_FTQF_PROTO_TCP |
		      (2u << IX_FTQF_PRIO_SHIFT) | IX_FTQF_MASK_SRC_ADDR |
		      IX_FTQF_MASK_DST_ADDR | IX_FTQF_MASK_SRC_PORT |
		      IX_FTQF_MASK_DST_PORT | IX_FTQF_QUEUE_EN);
	CHECK(rx_one(r, f, len, &wb) == 0);
	ixm_reg_write(r->dev, IX_FTQF(9), 0);
	CHECK(rx_one(r, f, len, &wb) == -1);

	/* SYN filter -> queue 6: after the 5-tuple filters unless SYNQFP */
	f[47] |= 0x02;
	ixm_reg_write(r->dev, IX_SYNQF, IX_SYNQF_QUEUE_EN |
		      (6u << IX_SYNQF_QUEUE_SHIFT));
	CHECK(rx_one(r, g, len, &wb) == 0);	/* no SYN */
	g[47] |= 0x02;
	CHECK(rx_one(r, g, len, &wb) == -1);	/* SYN */
	ixm_reg_write(r->dev, IX_L34T_IMIR(3), 0);	/* 5-tuple: queue 0 */
	CHECK(rx_one(r, f, len, &wb) == 0);
	ixm_reg_write(r->dev, IX_SYNQF, IX_SYNQF_QUEUE_EN | IX_SYNQF_SYNQFP |
		      (6u << IX_SYNQF_QUEUE_SHIFT));
	CHECK(rx_one(r, f, len, &wb) == -1);
	ixm_reg_write(r->dev, IX_SYNQF, 0);
	ixm_reg_write(r->dev, IX_FTQF(3), 0);
	f[47] &= (uint8_t)~0x02;
	g[47] &= (uint8_t)~0x02;

	/* Ethertype filter: before everything, reported in the packet type */
	ixm_reg_write(r->dev, IX_ETQF(2), IX_ETQF_FILTER_EN | 0x0800);
	ixm_reg_write(r->dev, IX_ETQS(2), IX_ETQS_QUEUE_EN);
	ixm_reg_write(r->dev, IX_SYNQF, IX_SYNQF_QUEUE_EN | IX_SYNQF_SYNQFP |
		      (6u << IX_SYNQF_QUEUE_SHIFT));
	f[47] |= 0x02;
	CHECK(rx_one(r, f, len, &wb) == 0);
	CHECK(wb.wb.pkt_info == (IX_RXDADV_PKTTYPE_ETQF | (2u << 4)));
	ixm_reg_write(r->dev, IX_ETQS(2), IX_ETQS_QUEUE_EN |
		      (7u << IX_ETQS_QUEUE_SHIFT));
	CHECK(rx_one(r, g, len, &wb) == -1);
	ixm_reg_write(r->dev, IX_ETQF(2), 0);
	ixm_reg_write(r->dev, IX_SYNQF, 0);
	f[47] &= (uint8_t)~0x02;

	/* Flow director perfect filter: TCP, addresses and ports compared */
	ixm_reg_write(r->dev, IX_FDIRHKEY, IX_FDIR_HKEY_DEFAULT);
	ixm_reg_write(r->dev, IX_FDIRM, IX_FDIRM_VLANID | IX_FDIRM_VLANP |
		      IX_FDIRM_POOL | IX_FDIRM_FLEX | IX_FDIRM_DIPV6);
	ixm_reg_write(r->dev, IX_FDIRCTRL, IX_FDIRCTRL_PBALLOC_64K |
		      IX_FDIRCTRL_PERFECT_MATCH | IX_FDIRCTRL_REPORT_STATUS |
		      (127u << IX_FDIRCTRL_DROP_Q_SHIFT));
	CHECK(ixm_reg_read(r->dev, IX_FDIRCTRL) & IX_FDIRCTRL_INIT_DONE);
	fvv = (uint32_t)IX_FDIRCMD_L4TYPE_TCP << 16;
	common = 0x0A010203u ^ 0x0A090807u ^ (1234u << 16 | 80u);
	h = ix_fdir_bucket_hash(IX_FDIR_HKEY_DEFAULT, fvv, common) & 0x1FFF;
	ixm_reg_write(r->dev, IX_FDIRIPSA, sa);
	ixm_reg_write(r->dev, IX_FDIRIPDA, (uint32_t)dip[0] |
		      (uint32_t)dip[1] << 8 | (uint32_t)dip[2] << 16 |
		      (uint32_t)dip[3] << 24);
	ixm_reg_write(r->dev, IX_FDIRPORT, 1234u | 80u << 16);
	ixm_reg_write(r->dev, IX_FDIRHASH, h | 0x42u << 16);
	ixm_reg_write(r->dev, IX_FDIRCMD, IX_FDIRCMD_CMD_ADD |
		      IX_FDIRCMD_LAST | IX_FDIRCMD_QUEUE_EN |
		      (IX_FDIRCMD_L4TYPE_TCP << IX_FDIRCMD_L4TYPE_SHIFT));
	CHECK((ixm_reg_read(r->dev, IX_FDIRCMD) & IX_FDIRCMD_CMD_MASK) == 0);
	CHECK(ixm_reg_read(r->dev, IX_FDIRFREE) == IX_FDIR_PERFECT_MAX - 1);
	CHECK(rx_one(r, f, len, &wb) == 0);
	CHECK(wb.wb.status_error & IX_RXD_STAT_FLM);
	CHECK(wb.wb.hi_dword.rss == (h << 16 | 0x42u));
	CHECK(rx_one(r, g, len, &wb) == 0);	/* other port: no match */
	CHECK(!(wb.wb.status_error & IX_RXD_STAT_FLM));
	/* the same filter re-added with DROP: to FDIRCTRL.DROP_Q (off) */
	ixm_reg_write(r->dev, IX_FDIRCMD, IX_FDIRCMD_CMD_ADD |
		      IX_FDIRCMD_DROP | IX_FDIRCMD_FILTER_UPDATE |
		      (IX_FDIRCMD_L4TYPE_TCP << IX_FDIRCMD_L4TYPE_SHIFT));
	CHECK(rx_one(r, f, len, &wb) == -1);
	ixm_reg_write(r->dev, IX_FDIRCMD, IX_FDIRCMD_CMD_QUERY);
	CHECK(ixm_reg_read(r->dev, IX_FDIRCMD) & IX_FDIRCMD_FILTER_VALID);
	ixm_reg_write(r->dev, IX_FDIRCMD, IX_FDIRCMD_CMD_REMOVE);
	ixm_reg_write(r->dev, IX_FDIRCMD, IX_FDIRCMD_CMD_QUERY);
	CHECK(!(ixm_reg_read(r->dev, IX_FDIRCMD) & IX_FDIRCMD_FILTER_VALID));
	CHECK(rx_one(r, f, len, &wb) == 0);
	CHECK(!(wb.wb.status_error & IX_RXD_STAT_FLM));
	/* placed under another bucket: never matches */
	ixm_reg_write(r->dev, IX_FDIRHASH, ((h + 1) & 0x1FFF) | 0x42u << 16);
	ixm_reg_write(r->dev, IX_FDIRCMD, IX_FDIRCMD_CMD_ADD |
		      IX_FDIRCMD_QUEUE_EN | (5u << IX_FDIRCMD_QUEUE_SHIFT) |
		      (IX_FDIRCMD_L4TYPE_TCP << IX_FDIRCMD_L4TYPE_SHIFT));
	CHECK(rx_one(r, f, len, &wb) == 0);
	CHECK(!(wb.wb.status_error & IX_RXD_STAT_FLM));
	/* a source port mask (bit-reversed) still finds the right bucket */
	ixm_reg_write(r->dev, IX_FDIRTCPM, 0x0000FFFFu);
	common = 0x0A010203u ^ 0x0A090807u ^ 80u;
	h = ix_fdir_bucket_hash(IX_FDIR_HKEY_DEFAULT, fvv, common) & 0x1FFF;
	ixm_reg_write(r->dev, IX_FDIRPORT, 80u << 16);
	ixm_reg_write(r->dev, IX_FDIRHASH, h | 7u << 16);
	ixm_reg_write(r->dev, IX_FDIRCMD, IX_FDIRCMD_CMD_ADD |
		      IX_FDIRCMD_QUEUE_EN |
		      (IX_FDIRCMD_L4TYPE_TCP << IX_FDIRCMD_L4TYPE_SHIFT));
	CHECK(rx_one(r, f, len, &wb) == 0);
	CHECK(wb.wb.status_error & IX_RXD_STAT_FLM);
	CHECK(wb.wb.hi_dword.rss == (h << 16 | 7u));
	/* FDIRCTRL written again: the table starts empty */
	ixm_reg_write(r->dev, IX_FDIRCTRL, 0);
	CHECK(rx_one(r, f, len, &wb) == 0);
	CHECK(!(wb.wb.status_error & IX_RXD_STAT_FLM));
	ixm_reg_write(r->dev, IX_FDIRTCPM, 0);
}

/*
 * Flow director VLAN and flex word (§7.1.2.7): a TCP filter on VLAN
 * priority 3 / VID 100 and the flex word 0xabcd at 58 bytes (29 words:
 * the first TCP payload byte behind the tag), addresses and ports
 * masked.  The DEI bit is never compared; FDIRM.VLANP drops the priority,
 * FDIRM.L4P the L4 type.
 */
static void
test_fdir_vlan_flex(struct rig *r)
{
	static const uint8_t sip[4] = { 10, 1, 2, 3 };
	static const uint8_t dip[4] = { 10, 9, 8, 7 };
	union ix_adv_rx_desc wb;
	uint8_t f[256], t[264];
	size_t len = build_tcp4(f, our_mac, sip, dip, 1234, 80, 10);
	uint32_t h, fvv, fdirm = IX_FDIRM_POOL | IX_FDIRM_DIPV6;
	uint32_t cmd = IX_FDIRCMD_CMD_ADD | IX_FDIRCMD_QUEUE_EN |
		       (IX_FDIRCMD_L4TYPE_TCP << IX_FDIRCMD_L4TYPE_SHIFT);
	uint32_t ctrl = IX_FDIRCTRL_PBALLOC_64K | IX_FDIRCTRL_PERFECT_MATCH |
			IX_FDIRCTRL_REPORT_STATUS |
			(127u << IX_FDIRCTRL_DROP_Q_SHIFT) |
			(29u << IX_FDIRCTRL_FLEX_SHIFT);

	memcpy(t, f, 12);
	t[12] = 0x81;
	t[13] = 0x00;
	t[14] = 0x60;			/* priority 3, VID 100 */
	t[15] = 100;
	memcpy(t + 16, f + 12, len - 12);
	t[58] = 0xab;
	t[59] = 0xcd;
	ixm_reg_write(r->dev, IX_VLNCTRL, IX_VLNCTRL_VET_DEFAULT);
	ixm_reg_write(r->dev, IX_FDIRHKEY, IX_FDIR_HKEY_DEFAULT);
	ixm_reg_write(r->dev, IX_FDIRM, fdirm);
	ixm_reg_write(r->dev, IX_FDIRSIP4M, UINT32_MAX);
	ixm_reg_write(r->dev, IX_FDIRDIP4M, UINT32_MAX);
	ixm_reg_write(r->dev, IX_FDIRTCPM, UINT32_MAX);
	ixm_reg_write(r->dev, IX_FDIRCTRL, ctrl);
	fvv = (uint32_t)IX_FDIRCMD_L4TYPE_TCP << 16 | 0x6064u;
	h = ix_fdir_bucket_hash(IX_FDIR_HKEY_DEFAULT, fvv, 0xabcdu << 16) &
	    0x1FFF;
	ixm_reg_write(r->dev, IX_FDIRIPSA, 0);
	ixm_reg_write(r->dev, IX_FDIRIPDA, 0);
	ixm_reg_write(r->dev, IX_FDIRPORT, 0);
	ixm_reg_write(r->dev, IX_FDIRVLAN, 0xabcdu << IX_FDIRVLAN_FLEX_SHIFT |
		      0x6064u);
	ixm_reg_write(r->dev, IX_FDIRHASH, h | 0x11u << 16);
	ixm_reg_write(r->dev, IX_FDIRCMD, cmd);
	CHECK(rx_one(r, t, len + 4, &wb) == 0);
	CHECK(wb.wb.status_error & IX_RXD_STAT_FLM);
	CHECK(wb.wb.hi_dword.rss == (h << 16 | 0x11u));
	t[14] |= 0x10;			/* DEI: not compared */
	CHECK(rx_one(r, t, len + 4, &wb) == 0);
	CHECK(wb.wb.status_error & IX_RXD_STAT_FLM);
	t[14] = 0x60;
	t[15] = 101;			/* another VID */
	CHECK(rx_one(r, t, len + 4, &wb) == 0);
	CHECK(!(wb.wb.status_error & IX_RXD_STAT_FLM));
	t[15] = 100;
	t[14] = 0x00;			/* another priority */
	CHECK(rx_one(r, t, len + 4, &wb) == 0);
	CHECK(!(wb.wb.status_error & IX_RXD_STAT_FLM));
	t[14] = 0x60;
	t[59] = 0xce;			/* another flex word */
	CHECK(rx_one(r, t, len + 4, &wb) == 0);
	CHECK(!(wb.wb.status_error & IX_RXD_STAT_FLM));
	t[59] = 0xcd;
	CHECK(rx_one(r, f, len, &wb) == 0);	/* untagged: VLAN 0 */
	CHECK(!(wb.wb.status_error & IX_RXD_STAT_FLM));
	/* the flex word read 4 bytes earlier: the TCP checksum, no match */
	ixm_reg_write(r->dev, IX_FDIRCTRL, (ctrl & ~IX_FDIRCTRL_FLEX_MASK) |
		      (27u << IX_FDIRCTRL_FLEX_SHIFT));
	ixm_reg_write(r->dev, IX_FDIRCMD, cmd);	/* same fields and hash */
	CHECK(rx_one(r, t, len + 4, &wb) == 0);
	CHECK(!(wb.wb.status_error & IX_RXD_STAT_FLM));

	/* VLANP and FLEX masked: the VID alone, any priority, any flex */
	fdirm |= IX_FDIRM_VLANP | IX_FDIRM_FLEX;
	ixm_reg_write(r->dev, IX_FDIRM, fdirm);
	ixm_reg_write(r->dev, IX_FDIRCTRL, ctrl);
	fvv = (uint32_t)IX_FDIRCMD_L4TYPE_TCP << 16 | 100u;
	h = ix_fdir_bucket_hash(IX_FDIR_HKEY_DEFAULT, fvv, 0) & 0x1FFF;
	ixm_reg_write(r->dev, IX_FDIRVLAN, 100u);
	ixm_reg_write(r->dev, IX_FDIRHASH, h | 0x12u << 16);
	ixm_reg_write(r->dev, IX_FDIRCMD, cmd);
	t[14] = 0x00;
	t[59] = 0x00;
	CHECK(rx_one(r, t, len + 4, &wb) == 0);
	CHECK(wb.wb.status_error & IX_RXD_STAT_FLM);
	CHECK(wb.wb.hi_dword.rss == (h << 16 | 0x12u));
	t[15] = 99;
	CHECK(rx_one(r, t, len + 4, &wb) == 0);
	CHECK(!(wb.wb.status_error & IX_RXD_STAT_FLM));
	/* FDIRM.L4P: a filter of flow type 0 takes the TCP frame */
	ixm_reg_write(r->dev, IX_FDIRM, fdirm | IX_FDIRM_L4P);
	ixm_reg_write(r->dev, IX_FDIRCTRL, ctrl);
	h = ix_fdir_bucket_hash(IX_FDIR_HKEY_DEFAULT, 100u, 0) & 0x1FFF;
	ixm_reg_write(r->dev, IX_FDIRHASH, h | 0x13u << 16);
	ixm_reg_write(r->dev, IX_FDIRCMD, IX_FDIRCMD_CMD_ADD |
		      IX_FDIRCMD_QUEUE_EN);
	t[15] = 100;
	CHECK(rx_one(r, t, len + 4, &wb) == 0);
	CHECK(wb.wb.status_error & IX_RXD_STAT_FLM);
	CHECK(wb.wb.hi_dword.rss == (h << 16 | 0x13u));
	ixm_reg_write(r->dev, IX_FDIRCTRL, 0);
	ixm_reg_write(r->dev, IX_FDIRM, 0);
	ixm_reg_write(r->dev, IX_FDIRSIP4M, 0);
	ixm_reg_write(r->dev, IX_FDIRDIP4M, 0);
	ixm_reg_write(r->dev, IX_FDIRTCPM, 0);
}

int
main(void)
{
	struct rig *r = calloc(1, sizeof(*r));

	if (r == NULL || rig_init(r) != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	test_rx_filter(r);
	test_double_vlan(r);
	test_mac_ctrl_frames(r);
	test_queue_filters(r);
	test_fdir_vlan_flex(r);
	CHECK(r->h.audits > 0);
	rig_fini(r);
	free(r);
	if (failures) {
		fprintf(stderr, "test_ixm_dp_filter: %d failure(s)\n",
			failures);
		return 1;
	}
	printf("test_ixm_dp_filter: all passed\n");
	return 0;
}

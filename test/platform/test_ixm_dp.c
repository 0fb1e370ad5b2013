/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Unit test of the 82599 model's datapath (lib/ixmodel/ixm_{queue,rx,tx,
 * rss,offload}.c), the queues and offloads: transmit, receive, RSS and
 * checksums, scatter, running out of descriptors, loopback, CRC keep,
 * SCTP, TSO.  The receive filters are test_ixm_dp_filter.c's; the rig
 * (fake host, queue 0 set up) is ixm_dp_rig.c.
 */
#include "ixm_dp_rig.h"

static void
test_toeplitz_vectors(void)
{
	static const uint8_t in1[12] = {
		66, 9, 149, 187, 161, 142, 100, 80, 0x0a, 0xea, 0x06, 0xe6,
	};
	static const uint8_t in2[12] = {
		199, 92, 111, 2, 65, 69, 140, 83, 0x37, 0x96, 0x12, 0x83,
	};

	CHECK(ixm_dp_toeplitz(ms_key, in1, 12) == 0x51ccc178);
	CHECK(ixm_dp_toeplitz(ms_key, in1, 8) == 0x323e8fc2);
	CHECK(ixm_dp_toeplitz(ms_key, in2, 12) == 0xc626b0ea);
	CHECK(ixm_dp_toeplitz(ms_key, in2, 8) == 0xd718262a);
}

static void
test_tx_basic(struct rig *r)
{
	uint8_t *f = r->txbuf;
	uint32_t tdt = ixm_rd(r->dev, IX_TDT(0));
	unsigned int before = r->h.wire_frames;
	size_t i;

	memcpy(f, peer_mac, 6);
	memcpy(f + 6, our_mac, 6);
	f[12] = 0x88;
	f[13] = 0xB5;
	for (i = 14; i < 50; i++)
		f[i] = (uint8_t)i;
	/* 50 bytes: the model pads to 60 (HLREG0.TXPADEN) */
	r->txr[tdt].read.buffer_addr = iova_of(f);
	r->txr[tdt].read.cmd_type_len = 50 | IX_TXD_DTYP_DATA |
		IX_TXD_CMD_DEXT | IX_TXD_CMD_EOP | IX_TXD_CMD_IFCS |
		IX_TXD_CMD_RS;
	r->txr[tdt].read.olinfo_status = 50u << IX_TXD_PAYLEN_SHIFT;
	bar_wr(r, IX_TDT(0), (tdt + 1) % NDESC);
	CHECK(ixm_poll(r->dev) == 1);
	CHECK(r->h.wire_frames == before + 1);
	CHECK(r->h.wire_len == 60);
	CHECK(memcmp(r->h.wire_last, f, 50) == 0);
	CHECK(r->h.wire_last[59] == 0);
	CHECK(r->txr[tdt].wb.status & IX_TXD_STAT_DD);
	CHECK(ixm_rd(r->dev, IX_TDH(0)) == (tdt + 1) % NDESC);
	CHECK(ixm_reg_read(r->dev, IX_GPTC) == 1);
}

static void
test_tx_malformed(struct rig *r)
{
	uint32_t tdt = ixm_rd(r->dev, IX_TDT(0));
	unsigned int before = r->h.wire_frames;

	/*
	 * A zero length is dropped and written back; a buffer outside the
	 * arena is an IOMMU fault that stops the queue at that frame.
	 */
	r->txr[tdt].read.buffer_addr = iova_of(r->txbuf);
	r->txr[tdt].read.cmd_type_len = 0 | IX_TXD_DTYP_DATA |
		IX_TXD_CMD_DEXT | IX_TXD_CMD_EOP | IX_TXD_CMD_RS;
	r->txr[tdt].read.olinfo_status = 0;
	r->txr[(tdt + 1) % NDESC].read.buffer_addr = 0x1000;
	r->txr[(tdt + 1) % NDESC].read.cmd_type_len = 64 | IX_TXD_DTYP_DATA |
		IX_TXD_CMD_DEXT | IX_TXD_CMD_EOP | IX_TXD_CMD_RS;
	r->txr[(tdt + 1) % NDESC].read.olinfo_status = 0;
	bar_wr(r, IX_TDT(0), (tdt + 2) % NDESC);
	ixm_poll(r->dev);
	CHECK(r->h.wire_frames == before);
	CHECK(r->txr[tdt].wb.status & IX_TXD_STAT_DD);
	CHECK(!(r->txr[(tdt + 1) % NDESC].wb.status & IX_TXD_STAT_DD));
	CHECK(ixm_rd(r->dev, IX_TDH(0)) == (tdt + 1) % NDESC);
	CHECK(!(ixm_rd(r->dev, IX_TXDCTL(0)) & IX_TXDCTL_ENABLE));
	CHECK(r->h.faults >= 1);

	/* The driver restarts the queue past the bad descriptor. */
	bar_wr(r, IX_TDH(0), (tdt + 2) % NDESC);
	bar_wr(r, IX_TXDCTL(0), IX_TXDCTL_ENABLE);
	for (unsigned int i = 0; i < 2 * IXM_DP_SCAN_INTERVAL; i++)
		ixm_poll(r->dev);
}

static void
test_tx_csum_offload(struct rig *r)
{
	static const uint8_t sip[4] = { 10, 0, 0, 1 }, dip[4] = { 10, 0, 0, 2 };
	uint8_t *f = r->txbuf, *w = r->h.wire_last;
	uint32_t tdt = ixm_rd(r->dev, IX_TDT(0));
	union ix_adv_tx_desc *c = &r->txr[tdt], *d;
	size_t len = build_tcp4(f, peer_mac, sip, dip, 1, 2, 100);
	uint32_t ph;

	/* break both checksums; seed TCP with the pseudo-header sum */
	f[24] = f[25] = 0;
	ph = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6 + 120;
	ph = (ph & 0xFFFF) + (ph >> 16);
	ixm_put_be16(f + 34 + 16, (uint16_t)ph);
	c->ctx.vlan_macip_lens = 20 | (14u << IX_TXCTX_MACLEN_SHIFT) |
				 (100u << IX_TXCTX_VLAN_SHIFT);
	c->ctx.seqnum_seed = 0;
	c->ctx.type_tucmd_mlhl = IX_TXD_DTYP_CTXT | IX_TXD_CMD_DEXT |
				 IX_TXCTX_TUCMD_IPV4 | IX_TXCTX_TUCMD_L4T_TCP;
	c->ctx.mss_l4len_idx = 20u << IX_TXCTX_L4LEN_SHIFT;
	d = &r->txr[(tdt + 1) % NDESC];
	d->read.buffer_addr = iova_of(f);
	d->read.cmd_type_len = (uint32_t)len | IX_TXD_DTYP_DATA |
		IX_TXD_CMD_DEXT | IX_TXD_CMD_EOP | IX_TXD_CMD_RS |
		IX_TXD_CMD_VLE;
	d->read.olinfo_status = IX_TXD_POPTS_IXSM | IX_TXD_POPTS_TXSM |
				((uint32_t)len << IX_TXD_PAYLEN_SHIFT);
	bar_wr(r, IX_TDT(0), (tdt + 2) % NDESC);
	ixm_poll(r->dev);
	CHECK(r->h.wire_len == len + 4);
	/* VLAN tag inserted */
	CHECK(w[12] == 0x81 && w[13] == 0x00 && w[15] == 100);
	CHECK(naive_csum(w + 18, 20, 0) == 0);
	CHECK(naive_csum(w + 38, 120, 0x0a00 + 0x0001 + 0x0a00 + 0x0002 +
			 6 + 120) == 0);
}

static void
test_rx_rss_csum(struct rig *r)
{
	static const uint8_t sip[4] = { 66, 9, 149, 187 };
	static const uint8_t dip[4] = { 161, 142, 100, 80 };
	uint8_t f[256];
	size_t len = build_tcp4(f, our_mac, sip, dip, 2794, 1766, 10);
	union ix_adv_rx_desc *d = &r->rxr[0];
	uint32_t st;

	rx_reset_ring(r);
	CHECK(ixm_rx_frame(r->dev, f, len) == 0);
	st = d->wb.status_error;
	CHECK(st & IX_RXD_STAT_DD);
	CHECK(st & IX_RXD_STAT_EOP);
	CHECK(d->wb.length == len);
	CHECK(memcmp(r->rxbuf[0], f, len) == 0);
	CHECK(d->wb.hi_dword.rss == 0x51ccc178);
	CHECK((d->wb.pkt_info & IX_RXDADV_RSSTYPE_MASK) ==
	      IX_RXDADV_RSSTYPE_IPV4_TCP);
	CHECK(d->wb.pkt_info & IX_RXDADV_PKTTYPE_IPV4);
	CHECK(d->wb.pkt_info & IX_RXDADV_PKTTYPE_TCP);
	CHECK(st & IX_RXD_STAT_IPCS);
	CHECK(st & IX_RXD_STAT_L4CS);
	CHECK(!(st & (IX_RXD_ERR_IPE | IX_RXD_ERR_TCPE)));
	CHECK(ixm_rd(r->dev, IX_RDH(0)) == 1);
	CHECK(ixm_reg_read(r->dev, IX_GPRC) == 1);
	CHECK(ixm_reg_read(r->dev, IX_QPRC(0)) == 1);

	/* bad IPv4 header checksum -> IPE; bad TCP checksum -> TCPE */
	f[24] ^= 0x55;
	f[50] ^= 0x11;
	CHECK(ixm_rx_frame(r->dev, f, len) == 0);
	st = r->rxr[1].wb.status_error;
	CHECK(st & IX_RXD_STAT_DD);
	CHECK(st & IX_RXD_STAT_IPCS);
	CHECK(st & IX_RXD_ERR_IPE);
	CHECK(st & IX_RXD_ERR_TCPE);
}

static void
test_rx_scatter(struct rig *r)
{
	static const uint8_t sip[4] = { 1, 2, 3, 4 }, dip[4] = { 5, 6, 7, 8 };
	uint8_t f[1600];
	size_t len = build_tcp4(f, our_mac, sip, dip, 10, 20, 1400);
	union ix_adv_rx_desc *d0 = &r->rxr[0], *d1 = &r->rxr[1];

	ixm_reg_write(r->dev, IX_SRRCTL(0), IX_SRRCTL_DESCTYPE_ADV_ONEBUF | 1);
	rx_reset_ring(r);
	CHECK(ixm_rx_frame(r->dev, f, len) == 0);
	CHECK(d0->wb.status_error & IX_RXD_STAT_DD);
	CHECK(!(d0->wb.status_error & IX_RXD_STAT_EOP));
	CHECK(d0->wb.length == 1024);
	CHECK(d1->wb.status_error & IX_RXD_STAT_DD);
	CHECK(d1->wb.status_error & IX_RXD_STAT_EOP);
	CHECK(d1->wb.length == len - 1024);
	CHECK(memcmp(r->rxbuf[0], f, 1024) == 0);
	CHECK(memcmp(r->rxbuf[1], f + 1024, len - 1024) == 0);
	CHECK(ixm_rd(r->dev, IX_RDH(0)) == 2);
	ixm_reg_write(r->dev, IX_SRRCTL(0), IX_SRRCTL_DESCTYPE_ADV_ONEBUF | 2);
}

static void
test_rx_no_descriptors(struct rig *r)
{
	static const uint8_t sip[4] = { 1, 2, 3, 4 }, dip[4] = { 5, 6, 7, 8 };
	uint8_t f[256];
	size_t len = build_tcp4(f, our_mac, sip, dip, 10, 20, 20);
	unsigned int i, ok = 0;

	rx_reset_ring(r);
	(void)ixm_reg_read(r->dev, IX_MPC(0));
	for (i = 0; i < NDESC + 2; i++)
		ok += ixm_rx_frame(r->dev, f, len) == 0;
	/* RDT = NDESC - 1: the ring takes NDESC - 1, the packet buffer 3 */
	CHECK(ok == NDESC + 2);
	CHECK(ixm_rd(r->dev, IX_RDH(0)) == NDESC - 1);
	CHECK(ixm_reg_read(r->dev, IX_MPC(0)) == 0);

	/* Three more descriptors: the waiting frames land, in order. */
	rx_post_all(r);
	bar_wr(r, IX_RDT(0), 2);
	ixm_poll(r->dev);
	CHECK(ixm_rd(r->dev, IX_RDH(0)) == 2);
	CHECK(r->rxr[1].wb.status_error & IX_RXD_STAT_DD);
	CHECK(r->rxr[1].wb.length == len);

	/* Once the packet buffer is full too, frames are missed. */
	for (i = 0; i < IXM_DP_RX_FIFO_SIZE / len + 8; i++)
		(void)ixm_rx_frame(r->dev, f, len);
	CHECK(ixm_reg_read(r->dev, IX_MPC(0)) > 0);
}

static void
test_loopback(struct rig *r)
{
	uint8_t *f = r->txbuf, copy[64];
	uint32_t tdt = ixm_rd(r->dev, IX_TDT(0));
	unsigned int before = r->h.wire_frames, i;

	rx_reset_ring(r);
	/* net_ixgbe's MAC loopback: HLREG0.LPBK with AUTOC.FLU */
	ixm_reg_write(r->dev, IX_AUTOC, ixm_reg_read(r->dev, IX_AUTOC) |
		      IX_AUTOC_FLU);
	ixm_reg_write(r->dev, IX_HLREG0, IX_HLREG0_RXCRCSTRP |
		      IX_HLREG0_TXPADEN | IX_HLREG0_LPBK);
	memset(f, 0, 64);
	memcpy(f, our_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	f[12] = 0x88;
	f[13] = 0xB5;
	r->txr[tdt].read.buffer_addr = iova_of(f);
	r->txr[tdt].read.cmd_type_len = 64 | IX_TXD_DTYP_DATA |
		IX_TXD_CMD_DEXT | IX_TXD_CMD_EOP | IX_TXD_CMD_RS;
	r->txr[tdt].read.olinfo_status = 64u << IX_TXD_PAYLEN_SHIFT;
	bar_wr(r, IX_TDT(0), (tdt + 1) % NDESC);
	for (i = 14; i < 64; i++)
		f[i] = (uint8_t)(i * 3);
	memcpy(copy, f, 64);
	ixm_poll(r->dev);
	CHECK(r->h.wire_frames == before);
	CHECK(r->rxr[0].wb.status_error & IX_RXD_STAT_DD);
	CHECK(r->rxr[0].wb.length == 64);
	/* A plain frame goes out of the TX buffer unchanged, byte for byte */
	CHECK(memcmp(r->rxbuf[0], copy, 64) == 0);

	/*
	 * A confused driver posts RX buffer 1 overlapping the TX buffer of
	 * the frame it sends: the frame still arrives intact.
	 */
	r->rxr[1].read.pkt_addr = iova_of(f + 8);
	tdt = (tdt + 1) % NDESC;
	r->txr[tdt].read.buffer_addr = iova_of(f);
	r->txr[tdt].read.cmd_type_len = 64 | IX_TXD_DTYP_DATA |
		IX_TXD_CMD_DEXT | IX_TXD_CMD_EOP | IX_TXD_CMD_RS;
	r->txr[tdt].read.olinfo_status = 64u << IX_TXD_PAYLEN_SHIFT;
	bar_wr(r, IX_TDT(0), (tdt + 1) % NDESC);
	ixm_poll(r->dev);
	CHECK(r->rxr[1].wb.status_error & IX_RXD_STAT_DD);
	CHECK(r->rxr[1].wb.length == 64);
	CHECK(memcmp(f + 8, copy, 64) == 0);
	ixm_reg_write(r->dev, IX_HLREG0, IX_HLREG0_RXCRCSTRP |
		      IX_HLREG0_TXPADEN);
}

static void
test_keep_crc(struct rig *r)
{
	static const uint8_t sip[4] = { 1, 2, 3, 4 }, dip[4] = { 5, 6, 7, 8 };
	uint8_t f[256];
	size_t len = build_tcp4(f, our_mac, sip, dip, 10, 20, 20);

	rx_reset_ring(r);
	ixm_reg_write(r->dev, IX_HLREG0, IX_HLREG0_TXPADEN);
	CHECK(ixm_rx_frame(r->dev, f, len) == 0);
	CHECK(r->rxr[0].wb.length == len + 4);
	/* CRC-32 of "123456789" is 0xCBF43926 (check value) */
	CHECK(ixm_dp_crc32((const uint8_t *)"123456789", 9) == 0xCBF43926u);
	ixm_reg_write(r->dev, IX_HLREG0, IX_HLREG0_RXCRCSTRP |
		      IX_HLREG0_TXPADEN);
}

/* SCTP/IPv4 with an 8-byte DATA-like chunk; CRC32c stored when good. */
static size_t
build_sctp4(uint8_t *f, bool good)
{
	uint8_t *ip = f + 14, *sc = f + 34;
	uint32_t crc;
	size_t i;

	memcpy(f, our_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[3] = 20 + 12 + 40;
	ip[8] = 64;
	ip[9] = 132;
	ip[12] = 10;
	ip[15] = 1;
	ip[16] = 10;
	ip[19] = 2;
	ixm_put_be16(ip + 10, naive_csum(ip, 20, 0));
	memset(sc, 0, 12);
	ixm_put_be16(sc, 5000);
	ixm_put_be16(sc + 2, 6000);
	ixm_put_be32(sc + 4, 0x01020304);	/* verification tag */
	for (i = 0; i < 40; i++)
		sc[12 + i] = (uint8_t)(i * 3 + 1);
	crc = ~ixm_dp_crc32c(0xFFFFFFFFu, sc, 52);
	if (!good)
		crc ^= 0x100;
	sc[8] = (uint8_t)crc;
	sc[9] = (uint8_t)(crc >> 8);
	sc[10] = (uint8_t)(crc >> 16);
	sc[11] = (uint8_t)(crc >> 24);
	return 14 + 20 + 52;
}

static void
test_sctp(struct rig *r)
{
	/* RFC 3309 / iSCSI check values */
	static const uint8_t zeros[32];
	uint8_t f[128], *w = r->h.wire_last;
	size_t len;
	uint32_t st, tdt;
	union ix_adv_tx_desc *c, *d;

	CHECK(~ixm_dp_crc32c(0xFFFFFFFFu, (const uint8_t *)"123456789", 9) ==
	      0xE3069283u);
	CHECK(~ixm_dp_crc32c(0xFFFFFFFFu, zeros, 32) == 0x8A9136AAu);

	/* RX: L4CS on SCTP, TCPE when the CRC32c is wrong */
	rx_reset_ring(r);
	len = build_sctp4(f, true);
	CHECK(ixm_rx_frame(r->dev, f, len) == 0);
	st = r->rxr[0].wb.status_error;
	CHECK(st & IX_RXD_STAT_DD);
	CHECK(r->rxr[0].wb.pkt_info & IX_RXDADV_PKTTYPE_SCTP);
	CHECK(st & IX_RXD_STAT_L4CS);
	CHECK(!(st & (IX_RXD_ERR_TCPE | IX_RXD_ERR_IPE)));
	len = build_sctp4(f, false);
	CHECK(ixm_rx_frame(r->dev, f, len) == 0);
	st = r->rxr[1].wb.status_error;
	CHECK(st & IX_RXD_STAT_L4CS);
	CHECK(st & IX_RXD_ERR_TCPE);

	/* TX: L4T=SCTP with TXSM inserts the CRC32c (field left zero) */
	len = build_sctp4(r->txbuf, true);
	memset(r->txbuf + 34 + 8, 0, 4);
	memcpy(f, r->txbuf, len);
	tdt = ixm_rd(r->dev, IX_TDT(0));
	c = &r->txr[tdt];
	d = &r->txr[(tdt + 1) % NDESC];
	memset(c, 0, sizeof(*c));
	c->ctx.vlan_macip_lens = 20 | (14u << IX_TXCTX_MACLEN_SHIFT);
	c->ctx.type_tucmd_mlhl = IX_TXD_DTYP_CTXT | IX_TXD_CMD_DEXT |
				 IX_TXCTX_TUCMD_IPV4 | IX_TXCTX_TUCMD_L4T_SCTP;
	c->ctx.mss_l4len_idx = 12u << IX_TXCTX_L4LEN_SHIFT;
	d->read.buffer_addr = iova_of(r->txbuf);
	d->read.cmd_type_len = (uint32_t)len | IX_TXD_DTYP_DATA |
		IX_TXD_CMD_DEXT | IX_TXD_CMD_EOP | IX_TXD_CMD_RS;
	d->read.olinfo_status = IX_TXD_POPTS_TXSM |
				((uint32_t)len << IX_TXD_PAYLEN_SHIFT);
	bar_wr(r, IX_TDT(0), (tdt + 2) % NDESC);
	ixm_poll(r->dev);
	len = build_sctp4(f, true);
	CHECK(r->h.wire_len == len);
	CHECK(memcmp(w, f, len) == 0);
}

/* TSO of a 64 KiB payload (beyond 16 KiB: PAYLEN has 18 bits). */
static void
test_tso_64k(struct rig *r)
{
	static const uint8_t sip[4] = { 10, 0, 0, 1 }, dip[4] = { 10, 0, 0, 2 };
	const size_t pay = 65536, mss = 1448, hdr = 54;
	const size_t nseg = (pay + mss - 1) / mss, last = pay - (nseg - 1) * mss;
	uint8_t *f = fh_alloc(&r->h, hdr + pay + 64), *w = r->h.wire_last;
	uint32_t tdt = ixm_rd(r->dev, IX_TDT(0)), ph;
	union ix_adv_tx_desc *c = &r->txr[tdt], *d0, *d1;
	unsigned int before = r->h.wire_frames;
	uint64_t bytes = r->h.wire_bytes;
	size_t half = hdr + 32768;

	/* headers (the IP length is rewritten per segment), 64 KiB payload */
	build_tcp4(f, peer_mac, sip, dip, 7, 8, 0);
	for (size_t i = 0; i < pay; i++)
		f[hdr + i] = (uint8_t)(i * 7 + 1);
	/* TSO seed: pseudo-header sum without the length */
	ph = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6;
	ixm_put_be16(f + 34 + 16, (uint16_t)ph);
	memset(c, 0, sizeof(*c));
	c->ctx.vlan_macip_lens = 20 | (14u << IX_TXCTX_MACLEN_SHIFT);
	c->ctx.type_tucmd_mlhl = IX_TXD_DTYP_CTXT | IX_TXD_CMD_DEXT |
				 IX_TXCTX_TUCMD_IPV4 | IX_TXCTX_TUCMD_L4T_TCP;
	c->ctx.mss_l4len_idx = (20u << IX_TXCTX_L4LEN_SHIFT) |
			       ((uint32_t)mss << IX_TXCTX_MSS_SHIFT);
	d0 = &r->txr[(tdt + 1) % NDESC];
	d1 = &r->txr[(tdt + 2) % NDESC];
	d0->read.buffer_addr = iova_of(f);
	d0->read.cmd_type_len = (uint32_t)half | IX_TXD_DTYP_DATA |
		IX_TXD_CMD_DEXT | IX_TXD_CMD_TSE;
	d0->read.olinfo_status = IX_TXD_POPTS_IXSM | IX_TXD_POPTS_TXSM |
				 ((uint32_t)pay << IX_TXD_PAYLEN_SHIFT);
	d1->read.buffer_addr = iova_of(f + half);
	d1->read.cmd_type_len = (uint32_t)(hdr + pay - half) |
		IX_TXD_DTYP_DATA | IX_TXD_CMD_DEXT | IX_TXD_CMD_TSE |
		IX_TXD_CMD_EOP | IX_TXD_CMD_RS;
	d1->read.olinfo_status = 0;
	bar_wr(r, IX_TDT(0), (tdt + 3) % NDESC);
	ixm_poll(r->dev);
	CHECK(r->h.wire_frames == before + nseg);
	CHECK(r->h.wire_bytes == bytes + nseg * hdr + pay);
	/* the last segment: length, sequence number, checksums, payload */
	CHECK(r->h.wire_len == hdr + last);
	CHECK(ixm_get_be16(w + 16) == 40 + last);
	CHECK(ixm_get_be32(w + 38) == 1000 + (nseg - 1) * mss);
	CHECK(naive_csum(w + 14, 20, 0) == 0);
	CHECK(naive_csum(w + 34, 20 + last, 0x0a00 + 0x0001 + 0x0a00 +
			 0x0002 + 6 + 20 + (uint32_t)last) == 0);
	CHECK(memcmp(w + hdr, f + hdr + (nseg - 1) * mss, last) == 0);
	CHECK(r->txr[(tdt + 2) % NDESC].wb.status & IX_TXD_STAT_DD);
}

int
main(void)
{
	struct rig *r = calloc(1, sizeof(*r));

	if (r == NULL || rig_init(r) != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	test_toeplitz_vectors();
	test_tx_basic(r);
	test_tx_malformed(r);
	test_tx_csum_offload(r);
	test_rx_rss_csum(r);
	test_rx_scatter(r);
	test_rx_no_descriptors(r);
	test_loopback(r);
	test_keep_crc(r);
	test_sctp(r);
	test_tso_64k(r);
	CHECK(r->h.audits > 0);
	rig_fini(r);
	free(r);
	if (failures) {
		fprintf(stderr, "test_ixm_dp: %d failure(s)\n", failures);
		return 1;
	}
	printf("test_ixm_dp: all passed\n");
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Unit test of the 82599 model datapath (lib/ixmodel/ixm_{queue,rx,tx,
 * filter,rss,offload}.c) with fake host services: DMA is an identity
 * translation over one malloc'd arena with a bounds check, MSI-X, audit
 * and wire callbacks just record.
 *
 * Trapped configuration registers are written through ixm_reg_write()
 * (as the platform would); queue registers and doorbells are written
 * straight into the BAR memory, as the driver does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ixm_priv.h"
#include "ix82599_fdir.h"
#include "ix82599_regs.h"

#define ARENA_SIZE	(1u << 20)
#define NDESC		8u

static int failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: CHECK failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		failures++;						\
	}								\
} while (0)

/* ---- fake host ---- */
struct fake_host {
	uint8_t *arena;
	size_t used;
	unsigned int faults;
	unsigned int audits;
	unsigned int msix;
	unsigned int wire_frames;
	uint64_t wire_bytes;
	uint8_t wire_last[16384];
	size_t wire_len;
};

static void *
fh_dma_ptr(void *ctx, uint64_t iova, size_t len, enum ixm_dma_dir dir)
{
	struct fake_host *h = ctx;
	uint64_t lo = (uint64_t)(uintptr_t)h->arena;

	(void)dir;
	if (iova < lo || len > ARENA_SIZE || iova - lo > ARENA_SIZE - len) {
		h->faults++;
		return NULL;
	}
	return (void *)(uintptr_t)iova;
}

static void
fh_msix(void *ctx, unsigned int vector)
{
	(void)vector;
	((struct fake_host *)ctx)->msix++;
}

static void
fh_audit(void *ctx, uint64_t iova, size_t len, const char *what)
{
	(void)iova;
	(void)len;
	(void)what;
	((struct fake_host *)ctx)->audits++;
}

static void
fh_wire_tx(void *ctx, const void *frame, size_t len)
{
	struct fake_host *h = ctx;

	h->wire_frames++;
	h->wire_bytes += len;
	h->wire_len = len;
	memcpy(h->wire_last, frame, len < sizeof(h->wire_last) ?
	       len : sizeof(h->wire_last));
}

static void *
fh_alloc(struct fake_host *h, size_t len)
{
	void *p;

	h->used = (h->used + 127) & ~(size_t)127;
	if (h->used + len > ARENA_SIZE)
		abort();
	p = h->arena + h->used;
	h->used += len;
	return p;
}

static uint64_t
iova_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* ---- independent helpers (deliberately naive) ---- */
static uint16_t
naive_csum(const uint8_t *p, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

static const uint8_t ms_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static const uint8_t our_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

/*
 * Ethernet + IPv4 + TCP frame with payload_len bytes of payload and
 * correct checksums.  Returns the frame length.
 */
static size_t
build_tcp4(uint8_t *f, const uint8_t *dst_mac, const uint8_t src_ip[4],
	   const uint8_t dst_ip[4], uint16_t sport, uint16_t dport,
	   size_t payload_len)
{
	uint8_t *ip = f + 14, *tcp = f + 34;
	size_t tot = 20 + 20 + payload_len, i;
	uint32_t ph;

	memcpy(f, dst_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	f[12] = 0x08;
	f[13] = 0x00;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(tot >> 8);
	ip[3] = (uint8_t)tot;
	ip[6] = 0x40;
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, src_ip, 4);
	memcpy(ip + 16, dst_ip, 4);
	ixm_put_be16(ip + 10, naive_csum(ip, 20, 0));
	memset(tcp, 0, 20);
	ixm_put_be16(tcp, sport);
	ixm_put_be16(tcp + 2, dport);
	ixm_put_be32(tcp + 4, 1000);
	tcp[12] = 5 << 4;
	tcp[13] = 0x18;
	ixm_put_be16(tcp + 14, 8192);
	for (i = 0; i < payload_len; i++)
		tcp[20 + i] = (uint8_t)(i * 7 + 1);
	ph = (uint32_t)(src_ip[0] << 8 | src_ip[1]) +
	     (uint32_t)(src_ip[2] << 8 | src_ip[3]) +
	     (uint32_t)(dst_ip[0] << 8 | dst_ip[1]) +
	     (uint32_t)(dst_ip[2] << 8 | dst_ip[3]) + 6 +
	     (uint32_t)(20 + payload_len);
	ixm_put_be16(tcp + 16, naive_csum(tcp, 20 + payload_len, ph));
	return 14 + tot;
}

/* ---- device setup ---- */
struct rig {
	struct fake_host h;
	struct ixm_dev *dev;
	volatile uint32_t *bar;
	void *bar4;
	union ix_adv_rx_desc *rxr;
	union ix_adv_tx_desc *txr;
	uint8_t *rxbuf[NDESC];
	uint8_t *txbuf;
};

static void
bar_wr(struct rig *r, uint32_t off, uint32_t v)
{
	r->bar[off >> 2] = v;
}

static void
rx_post_all(struct rig *r)
{
	unsigned int i;

	for (i = 0; i < NDESC; i++) {
		r->rxr[i].read.pkt_addr = iova_of(r->rxbuf[i]);
		r->rxr[i].read.hdr_addr = 0;
	}
}

static int
rig_init(struct rig *r)
{
	struct ixm_host_ops ops;
	struct ixm_config cfg;
	void *bar0, *bar4;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	r->h.arena = aligned_alloc(4096, ARENA_SIZE);
	bar0 = aligned_alloc(4096, IXM_BAR0_SIZE);
	bar4 = aligned_alloc(4096, IXM_BAR4_SIZE);
	if (r->h.arena == NULL || bar0 == NULL || bar4 == NULL)
		return -1;
	memset(r->h.arena, 0, ARENA_SIZE);
	memset(bar0, 0, IXM_BAR0_SIZE);
	memset(bar4, 0, IXM_BAR4_SIZE);
	memset(&ops, 0, sizeof(ops));
	ops.ctx = &r->h;
	ops.dma_ptr = fh_dma_ptr;
	ops.msix = fh_msix;
	ops.audit_addr = fh_audit;
	ops.wire_tx = fh_wire_tx;
	memset(&cfg, 0, sizeof(cfg));
	cfg.device_id = IXM_DEV_82599_SFP;
	memcpy(cfg.mac, our_mac, 6);
	r->dev = ixm_create(&cfg, &ops, bar0, bar4);
	if (r->dev == NULL)
		return -1;
	r->bar = bar0;
	r->bar4 = bar4;
	ixm_set_cable(r->dev, true);

	/* MAC-level configuration (trapped registers) */
	ixm_reg_write(r->dev, IX_HLREG0, IX_HLREG0_RXCRCSTRP |
		      IX_HLREG0_TXPADEN | IX_HLREG0_TXCRCEN);
	ixm_reg_write(r->dev, IX_FCTRL, IX_FCTRL_BAM);
	ixm_reg_write(r->dev, IX_RAL(0), (uint32_t)our_mac[0] |
		      (uint32_t)our_mac[1] << 8 | (uint32_t)our_mac[2] << 16 |
		      (uint32_t)our_mac[3] << 24);
	ixm_reg_write(r->dev, IX_RAH(0), (uint32_t)our_mac[4] |
		      (uint32_t)our_mac[5] << 8 | IX_RAH_AV);
	ixm_reg_write(r->dev, IX_SRRCTL(0), IX_SRRCTL_DESCTYPE_ADV_ONEBUF | 2);
	for (i = 0; i < 10; i++)
		ixm_reg_write(r->dev, IX_RSSRK(i), (uint32_t)ms_key[4 * i] |
			      (uint32_t)ms_key[4 * i + 1] << 8 |
			      (uint32_t)ms_key[4 * i + 2] << 16 |
			      (uint32_t)ms_key[4 * i + 3] << 24);
	for (i = 0; i < 32; i++)
		ixm_reg_write(r->dev, IX_RETA(i), 0);
	ixm_reg_write(r->dev, IX_MRQC, IX_MRQC_MRQE_RSS |
		      IX_MRQC_RSS_FIELD_IPV4 | IX_MRQC_RSS_FIELD_IPV4_TCP);
	ixm_reg_write(r->dev, IX_RXCSUM, IX_RXCSUM_PCSD);

	/* RX queue 0 */
	r->rxr = fh_alloc(&r->h, NDESC * sizeof(*r->rxr));
	for (i = 0; i < NDESC; i++)
		r->rxbuf[i] = fh_alloc(&r->h, 2048);
	rx_post_all(r);
	bar_wr(r, IX_RDBAL(0), (uint32_t)iova_of(r->rxr));
	bar_wr(r, IX_RDBAH(0), (uint32_t)(iova_of(r->rxr) >> 32));
	bar_wr(r, IX_RDLEN(0), NDESC * 16);
	bar_wr(r, IX_RDH(0), 0);
	bar_wr(r, IX_RDT(0), 0);
	bar_wr(r, IX_RXDCTL(0), IX_RXDCTL_ENABLE);
	bar_wr(r, IX_RDT(0), NDESC - 1);

	/* TX queue 0 */
	r->txr = fh_alloc(&r->h, NDESC * sizeof(*r->txr));
	memset(r->txr, 0, NDESC * sizeof(*r->txr));
	r->txbuf = fh_alloc(&r->h, 16384);
	bar_wr(r, IX_TDBAL(0), (uint32_t)iova_of(r->txr));
	bar_wr(r, IX_TDBAH(0), (uint32_t)(iova_of(r->txr) >> 32));
	bar_wr(r, IX_TDLEN(0), NDESC * 16);
	bar_wr(r, IX_TDH(0), 0);
	bar_wr(r, IX_TXDCTL(0), IX_TXDCTL_ENABLE);
	bar_wr(r, IX_TDT(0), 0);

	ixm_reg_write(r->dev, IX_DMATXCTL, IX_DMATXCTL_TE);
	ixm_reg_write(r->dev, IX_RXCTRL, IX_RXCTRL_RXEN);
	/* let the model notice the queue enables */
	for (i = 0; i < 2 * IXM_DP_SCAN_INTERVAL; i++)
		ixm_poll(r->dev);
	return 0;
}

static void
rig_fini(struct rig *r)
{
	void *bar0 = (void *)(uintptr_t)r->bar;

	ixm_destroy(r->dev);
	free(bar0);
	free(r->bar4);
	free(r->h.arena);
}

/* ---- tests ---- */
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
rx_reset_ring(struct rig *r)
{
	unsigned int i;

	/* stop (the model notices on its next queue scan), re-post, start */
	bar_wr(r, IX_RXDCTL(0), 0);
	for (i = 0; i < 2 * IXM_DP_SCAN_INTERVAL; i++)
		ixm_poll(r->dev);
	rx_post_all(r);
	bar_wr(r, IX_RDH(0), 0);
	bar_wr(r, IX_RXDCTL(0), IX_RXDCTL_ENABLE);
	bar_wr(r, IX_RDT(0), NDESC - 1);
	for (i = 0; i < 2 * IXM_DP_SCAN_INTERVAL; i++)
		ixm_poll(r->dev);
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
static int
rx_one(struct rig *r, const uint8_t *f, size_t len, union ix_adv_rx_desc *wb)
{
	int ret;

	rx_reset_ring(r);
	ret = ixm_rx_frame(r->dev, f, len);
	if (ret == 0)
		*wb = r->rxr[0];
	return ret;
}

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
	test_rx_filter(r);
	test_double_vlan(r);
	test_rx_no_descriptors(r);
	test_loopback(r);
	test_keep_crc(r);
	test_sctp(r);
	test_tso_64k(r);
	test_mac_ctrl_frames(r);
	test_queue_filters(r);
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

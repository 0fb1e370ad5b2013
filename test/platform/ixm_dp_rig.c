/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The rig of the 82599 model's datapath tests (see ixm_dp_rig.h).
 */
#include "ixm_dp_rig.h"

int failures;

/* ---- fake host ---- */

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

void *
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

uint64_t
iova_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* ---- independent helpers (deliberately naive) ---- */
uint16_t
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

const uint8_t ms_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

const uint8_t our_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
const uint8_t peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

/*
 * Ethernet + IPv4 + TCP frame with payload_len bytes of payload and
 * correct checksums.  Returns the frame length.
 */
size_t
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
void
bar_wr(struct rig *r, uint32_t off, uint32_t v)
{
	r->bar[off >> 2] = v;
}

void
rx_post_all(struct rig *r)
{
	unsigned int i;

	for (i = 0; i < NDESC; i++) {
		r->rxr[i].read.pkt_addr = iova_of(r->rxbuf[i]);
		r->rxr[i].read.hdr_addr = 0;
	}
}

int
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
	cfg.device_id = IX_DEV_82599_SFP;
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

void
rig_fini(struct rig *r)
{
	void *bar0 = (void *)(uintptr_t)r->bar;

	ixm_destroy(r->dev);
	free(bar0);
	free(r->bar4);
	free(r->h.arena);
}

/* Queue 0 stopped, its ring posted again, started. */
void
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

/*
 * One frame into queue 0 with a freshly posted ring: 0 and its write-back
 * when the queue took it, else what ixm_rx_frame() said.
 */
int
rx_one(struct rig *r, const uint8_t *f, size_t len, union ix_adv_rx_desc *wb)
{
	int ret;

	rx_reset_ring(r);
	ret = ixm_rx_frame(r->dev, f, len);
	if (ret == 0)
		*wb = r->rxr[0];
	return ret;
}

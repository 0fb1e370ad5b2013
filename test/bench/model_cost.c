/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The 82599 model's CPU cost per frame, without DPDK and without a model
 * thread: two model functions (lib/ixmodel) cabled back to back, one IOMMU
 * domain (lib/vfioemu/iommu.c) over a hugepage-like arena, and a synthetic
 * driver that does what net_ixgbe's io forwarding asks of the device:
 * bursts of 32 TX descriptors (advanced data, EOP|IFCS, RS every 32nd),
 * a tail write, RX descriptors reaped and re-armed with a tail write.
 *
 * Only the calls into the model (ixm_poll(), which runs TX, the wire and
 * the peer's RX) are timed, with the TSC; the synthetic driver's own work
 * is not.  The host services replicate what lib/vfioemu/platform.c gives
 * the model: DMA through iommu_translate() with the fault accounting, the
 * audit of driver-programmed addresses through the mapping table with the
 * last-mapping cache, and the b2b wire.
 *
 * It uses only the public interfaces (ixm.h, iommu.h, the ix82599
 * headers), so test/bench/model_cost.py can build this one source against
 * an older tree too.  Each build is a shared object (model_cost.h is its
 * interface, everything else hidden); model_cost_main.c loads several and
 * alternates between them in one process, so that old and new code run
 * under the same conditions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "iommu.h"
#include "ixm.h"
#include "model_cost.h"
#include "ix82599_regs.h"
#include "ix82599_rxtx.h"

#define NDESC		1024u	/* testpmd --rxd/--txd 1024 */
#define BURST		32u
#define BUF_SIZE	2048u	/* one mbuf data room */
/*
 * Buffers sit where a pktmbuf pool puts them: one object (header, mbuf,
 * headroom, data room) every MBUF_STRIDE bytes, data MBUF_DATA_OFF into
 * it.  (A power-of-two stride would make every frame fight for the same
 * few cache sets, which no DPDK pool does.)
 */
#define MBUF_STRIDE	2432u
#define MBUF_DATA_OFF	320u
#define ARENA_SIZE	(32u << 20)
#define NPORTS		2u

struct port {
	struct ixm_dev *dev;
	volatile uint32_t *bar;
	void *bar4;
	struct port *peer;
	union ix_adv_tx_desc *txr;
	union ix_adv_rx_desc *rxr;
	uint8_t *txbuf;		/* NDESC frame buffers (mbufs) */
	uint8_t *rxbuf;		/* NDESC receive buffers (mbufs) */
	uint32_t tx_tail, tx_clean;	/* next to post; oldest not reaped */
	uint32_t rx_next;		/* next to reap */
	uint64_t rx_frames, tx_posted;
	/* platform.c's per-function state the host services use */
	uint64_t audit_lo, audit_hi, audited, audit_violations;
	uint64_t faults, wire_frames;
};

static struct iommu_domain dom;
static size_t frame_len;
static struct port ports[NPORTS];
static uint8_t *arena;
static size_t arena_used;

/* ---- host services, as lib/vfioemu/platform.c provides them ---- */

static void *
host_dma_ptr(void *ctx, uint64_t iova, size_t len, enum ixm_dma_dir dir)
{
	struct port *p = ctx;
	uint32_t prot = dir == IXM_DMA_WRITE ? IOMMU_PROT_WRITE :
					       IOMMU_PROT_READ;
	void *v = iommu_translate(&dom, iova, len, prot);

	if (v == NULL) {
		dom.faults++;
		p->faults++;
	}
	return v;
}

static void
host_msix(void *ctx, unsigned int vector)
{
	(void)ctx;
	(void)vector;
}

static void
host_audit_addr(void *ctx, uint64_t iova, size_t len, const char *what)
{
	struct port *p = ctx;
	uint64_t cur = iova, end = iova + (len ? len : 1);

	(void)what;
	p->audited++;
	if (end < iova)
		goto violation;
	if (iova >= p->audit_lo && end <= p->audit_hi)
		return;
	while (cur < end) {
		const struct iommu_mapping *m = iommu_lookup(&dom, cur);

		if (m == NULL)
			goto violation;
		if (cur == iova) {
			p->audit_lo = m->iova;
			p->audit_hi = m->iova + m->size;
		}
		cur = m->iova + m->size;
	}
	return;
violation:
	p->audit_violations++;
}

static void
host_wire_tx(void *ctx, const void *frame, size_t len)
{
	struct port *p = ctx;

	p->wire_frames++;
	ixm_rx_frame(p->peer->dev, frame, len);
}

/* ---- synthetic driver ---- */

static void *
arena_alloc(size_t len, size_t align)
{
	void *v;

	arena_used = (arena_used + align - 1) & ~(align - 1);
	if (arena_used + len > ARENA_SIZE) {
		fprintf(stderr, "model_cost: arena too small\n");
		exit(2);
	}
	v = arena + arena_used;
	arena_used += len;
	return v;
}

static uint64_t
iova_of(const void *v)
{
	return (uint64_t)(uintptr_t)v;
}

static uint8_t *
mbuf_data(uint8_t *pool, uint32_t i)
{
	return pool + (size_t)i * MBUF_STRIDE + MBUF_DATA_OFF;
}

static void
bar_wr(struct port *p, uint32_t off, uint32_t v)
{
	__atomic_store_n(&p->bar[off >> 2], v, __ATOMIC_RELEASE);
}

static uint16_t
csum16(const uint8_t *b, size_t len)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

/* testpmd txonly's frame: Ethernet, IPv4, UDP; len excludes the FCS. */
static void
build_frame(uint8_t *f, size_t len, unsigned int port, unsigned int i)
{
	uint8_t *ip = f + 14, *udp = f + 34;
	size_t tot = len - 14;

	memset(f, 0, len);
	f[0] = 0x02;
	f[5] = (uint8_t)(port ^ 1);
	f[6] = 0x00;
	f[7] = 0x1b;
	f[8] = 0x21;
	f[11] = (uint8_t)port;
	f[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (uint8_t)(tot >> 8);
	ip[3] = (uint8_t)tot;
	ip[8] = 64;
	ip[9] = 17;
	ip[12] = 198;
	ip[13] = 18;
	ip[14] = 0;
	ip[15] = 1;
	ip[16] = 198;
	ip[17] = 18;
	ip[18] = (uint8_t)(i >> 8);
	ip[19] = (uint8_t)i;
	ip[10] = (uint8_t)(csum16(ip, 20) >> 8);
	ip[11] = (uint8_t)csum16(ip, 20);
	udp[0] = 0x04;
	udp[1] = 0x00;
	udp[2] = 0x04;
	udp[3] = (uint8_t)i;
	udp[4] = (uint8_t)((tot - 20) >> 8);
	udp[5] = (uint8_t)(tot - 20);
}

static void
reg(struct port *p, uint32_t off, uint32_t v)
{
	ixm_reg_write(p->dev, off, v);
}

static int
port_init(struct port *p, unsigned int idx, size_t frame_len, bool rss,
	  bool intr)
{
	static const uint8_t key[40] = {
		0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
		0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
		0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
		0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
		0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
	};
	struct ixm_host_ops ops;
	struct ixm_config cfg;
	void *bar0;
	unsigned int i;

	memset(&ops, 0, sizeof(ops));
	ops.ctx = p;
	ops.dma_ptr = host_dma_ptr;
	ops.msix = host_msix;
	ops.audit_addr = host_audit_addr;
	ops.wire_tx = host_wire_tx;
	memset(&cfg, 0, sizeof(cfg));
	cfg.device_id = IX_DEV_82599_SFP;
	cfg.mac[1] = 0x1b;
	cfg.mac[2] = 0x21;
	cfg.mac[5] = (uint8_t)idx;
	cfg.port = idx & 1;
	bar0 = aligned_alloc(4096, IXM_BAR0_SIZE);
	p->bar4 = aligned_alloc(4096, IXM_BAR4_SIZE);
	if (bar0 == NULL || p->bar4 == NULL)
		return -1;
	memset(bar0, 0, IXM_BAR0_SIZE);
	memset(p->bar4, 0, IXM_BAR4_SIZE);
	p->bar = bar0;
	p->dev = ixm_create(&cfg, &ops, bar0, p->bar4);
	if (p->dev == NULL)
		return -1;
	ixm_set_cable(p->dev, true);

	/* What net_ixgbe leaves configured under testpmd: promiscuous,
	 * CRC stripped, one queue pair, 2 KiB buffers. */
	reg(p, IX_HLREG0, IX_HLREG0_RXCRCSTRP | IX_HLREG0_TXPADEN |
	    IX_HLREG0_TXCRCEN);
	reg(p, IX_FCTRL, IX_FCTRL_BAM | IX_FCTRL_UPE | IX_FCTRL_MPE);
	reg(p, IX_SRRCTL(0), IX_SRRCTL_DESCTYPE_ADV_ONEBUF |
	    (BUF_SIZE >> IX_SRRCTL_BSIZEPKT_SHIFT));
	if (rss) {
		for (i = 0; i < 10; i++)
			reg(p, IX_RSSRK(i), (uint32_t)key[4 * i] |
			    (uint32_t)key[4 * i + 1] << 8 |
			    (uint32_t)key[4 * i + 2] << 16 |
			    (uint32_t)key[4 * i + 3] << 24);
		for (i = 0; i < IX_RETA_NUM_REGS; i++)
			reg(p, IX_RETA(i), 0);
		reg(p, IX_MRQC, IX_MRQC_MRQE_RSS | IX_MRQC_RSS_FIELD_IPV4 |
		    IX_MRQC_RSS_FIELD_IPV4_TCP | IX_MRQC_RSS_FIELD_IPV4_UDP);
		reg(p, IX_RXCSUM, IX_RXCSUM_PCSD);
	}
	if (intr) {
		/* Queue 0 RX and TX on vector 0, throttled (EITR). */
		reg(p, IX_GPIE, IX_GPIE_MSIX_MODE | IX_GPIE_EIAME |
		    IX_GPIE_PBA_SUPPORT);
		reg(p, IX_IVAR(0), (IX_IVAR_ALLOC_VAL << 0) |
		    (IX_IVAR_ALLOC_VAL << 8));
		reg(p, IX_EITR(0), 100u << IX_EITR_ITR_SHIFT);
		reg(p, IX_EIMS, 1);
	}

	p->rxr = arena_alloc(NDESC * sizeof(*p->rxr), 4096);
	p->txr = arena_alloc(NDESC * sizeof(*p->txr), 4096);
	p->rxbuf = arena_alloc((size_t)NDESC * MBUF_STRIDE, 4096);
	p->txbuf = arena_alloc((size_t)NDESC * MBUF_STRIDE, 4096);
	memset(p->txr, 0, NDESC * sizeof(*p->txr));
	for (i = 0; i < NDESC; i++) {
		p->rxr[i].read.pkt_addr = iova_of(mbuf_data(p->rxbuf, i));
		p->rxr[i].read.hdr_addr = 0;
		build_frame(mbuf_data(p->txbuf, i), frame_len, idx, i);
	}
	bar_wr(p, IX_RDBAL(0), (uint32_t)iova_of(p->rxr));
	bar_wr(p, IX_RDBAH(0), (uint32_t)(iova_of(p->rxr) >> 32));
	bar_wr(p, IX_RDLEN(0), NDESC * 16);
	bar_wr(p, IX_RDH(0), 0);
	bar_wr(p, IX_RDT(0), 0);
	bar_wr(p, IX_RXDCTL(0), IX_RXDCTL_ENABLE);
	bar_wr(p, IX_RDT(0), NDESC - 1);
	bar_wr(p, IX_TDBAL(0), (uint32_t)iova_of(p->txr));
	bar_wr(p, IX_TDBAH(0), (uint32_t)(iova_of(p->txr) >> 32));
	bar_wr(p, IX_TDLEN(0), NDESC * 16);
	bar_wr(p, IX_TDH(0), 0);
	bar_wr(p, IX_TDT(0), 0);
	bar_wr(p, IX_TXDCTL(0), IX_TXDCTL_ENABLE);
	reg(p, IX_DMATXCTL, IX_DMATXCTL_TE);
	reg(p, IX_RXCTRL, IX_RXCTRL_RXEN);
	return 0;
}

/* Reap TX descriptors the device is done with (DD on the RS one). */
static void
tx_clean(struct port *p)
{
	for (;;) {
		uint32_t last = (p->tx_clean + BURST - 1) % NDESC;

		if (p->tx_clean == p->tx_tail)
			return;
		if (!(__atomic_load_n(&p->txr[last].wb.status,
				      __ATOMIC_ACQUIRE) & IX_TXD_STAT_DD))
			return;
		p->txr[last].wb.status = 0;
		p->tx_clean = (p->tx_clean + BURST) % NDESC;
	}
}

/* Post one burst of BURST frames if the ring has room for it. */
static void
tx_burst(struct port *p, size_t frame_len)
{
	uint32_t used = (p->tx_tail + NDESC - p->tx_clean) % NDESC;
	unsigned int i;

	if (used + BURST > NDESC - BURST)
		return;
	for (i = 0; i < BURST; i++) {
		union ix_adv_tx_desc *d = &p->txr[p->tx_tail];
		uint32_t cmd = (uint32_t)frame_len | IX_TXD_DTYP_DATA |
			       IX_TXD_CMD_DEXT | IX_TXD_CMD_IFCS |
			       IX_TXD_CMD_EOP;

		if (i == BURST - 1)
			cmd |= IX_TXD_CMD_RS;
		d->read.buffer_addr = iova_of(mbuf_data(p->txbuf,
							p->tx_tail));
		d->read.cmd_type_len = cmd;
		d->read.olinfo_status = (uint32_t)frame_len <<
					IX_TXD_PAYLEN_SHIFT;
		p->tx_tail = (p->tx_tail + 1) % NDESC;
	}
	p->tx_posted += BURST;
	bar_wr(p, IX_TDT(0), p->tx_tail);
}

/* Reap received frames and give their descriptors back. */
static void
rx_reap(struct port *p)
{
	uint32_t n = 0;

	while (__atomic_load_n(&p->rxr[p->rx_next].wb.status_error,
			       __ATOMIC_ACQUIRE) & IX_RXD_STAT_DD) {
		union ix_adv_rx_desc *d = &p->rxr[p->rx_next];

		d->read.pkt_addr = iova_of(mbuf_data(p->rxbuf, p->rx_next));
		d->read.hdr_addr = 0;
		p->rx_next = (p->rx_next + 1) % NDESC;
		n++;
	}
	if (n != 0) {
		p->rx_frames += n;
		bar_wr(p, IX_RDT(0), (p->rx_next + NDESC - 1) % NDESC);
	}
}

static inline uint64_t
tsc(void)
{
	return __builtin_ia32_rdtsc();
}



/*
 * Move about 'frames' frames each way.  Each model call (one poll of
 * both functions) is timed on its own; a call that took more than four
 * times the median per-frame cost of this measurement was preempted or
 * interrupted (the machine is shared) and is left out.
 */
#define MAX_CALLS	65536u
static uint32_t call_cycles[MAX_CALLS];
static uint16_t call_frames[MAX_CALLS];
static uint32_t call_cpf[MAX_CALLS];

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

MC_EXPORT int
mc_run(uint64_t frames, struct mc_result *res)
{
	uint64_t done = 0, kept_c = 0, kept_f = 0;
	unsigned int i, ncalls = 0, nbusy = 0;
	uint32_t med;

	while (done < frames && ncalls < MAX_CALLS) {
		uint64_t t0, t1;
		unsigned int n = 0;

		for (i = 0; i < NPORTS; i++) {
			tx_clean(&ports[i]);
			tx_burst(&ports[i], frame_len);
		}
		t0 = tsc();
		for (i = 0; i < NPORTS; i++)
			n += ixm_poll(ports[i].dev);
		t1 = tsc();
		for (i = 0; i < NPORTS; i++)
			rx_reap(&ports[i]);
		if (n == 0)
			continue;
		call_cycles[ncalls] = t1 - t0 > UINT32_MAX ? UINT32_MAX :
				      (uint32_t)(t1 - t0);
		call_frames[ncalls] = (uint16_t)n;
		call_cpf[nbusy++] = call_cycles[ncalls] / n;
		ncalls++;
		done += n;
	}
	if (nbusy == 0)
		return -1;
	qsort(call_cpf, nbusy, sizeof(call_cpf[0]), cmp_u32);
	med = call_cpf[nbusy / 2];
	res->calls = ncalls;
	res->dropped = 0;
	for (i = 0; i < ncalls; i++) {
		if (call_cycles[i] / call_frames[i] > 4u * med) {
			res->dropped++;
			continue;
		}
		kept_c += call_cycles[i];
		kept_f += call_frames[i];
	}
	res->frames = done;
	res->cycles_per_frame = (double)kept_c / (double)kept_f;
	return 0;
}

/* TSC cycles of one idle poll of both functions. */
MC_EXPORT double
mc_idle(unsigned int polls)
{
	uint64_t best = UINT64_MAX;
	unsigned int i, r, k;

	/* The cheapest of a few blocks: the idle cost is small and steady. */
	for (k = 0; k < 8; k++) {
		uint64_t t0 = tsc(), c;

		for (i = 0; i < polls; i++)
			for (r = 0; r < NPORTS; r++)
				ixm_poll(ports[r].dev);
		c = tsc() - t0;
		if (c < best)
			best = c;
	}
	return (double)best / polls / NPORTS;
}

MC_EXPORT int
mc_init(const struct mc_opts *o)
{
	unsigned int i, r;
	struct mc_result res;
	void *raw;

	frame_len = o->frame_size - 4;
	if (frame_len < 60 || frame_len > BUF_SIZE)
		return -1;
	/* A 2 MiB-aligned arena, mapped as DPDK maps a hugepage segment. */
	raw = mmap(NULL, ARENA_SIZE + (2u << 20), PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (raw == MAP_FAILED)
		return -1;
	arena = (uint8_t *)(((uintptr_t)raw + (2u << 20) - 1) &
			    ~(uintptr_t)((2u << 20) - 1));
	if (iommu_domain_init(&dom, 1, 64, o->page_4k ? 12 : 21) != 0 ||
	    iommu_map(&dom, iova_of(arena), ARENA_SIZE, arena,
		      IOMMU_PROT_READ | IOMMU_PROT_WRITE) != 0)
		return -1;
	for (i = 0; i < NPORTS; i++) {
		if (port_init(&ports[i], i, frame_len, o->rss, o->intr) < 0)
			return -1;
		ports[i].peer = &ports[i ^ 1];
	}
	/* Let the model see the queue enables, then warm up. */
	for (i = 0; i < 64; i++)
		for (r = 0; r < NPORTS; r++)
			ixm_poll(ports[r].dev);
	return mc_run(20000, &res);
}

/* What the model did, for the harness's sanity checks. */
MC_EXPORT void
mc_counters(struct mc_counters *c)
{
	struct ixm_mac_counters mc;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	c->iotlb_hits = dom.iotlb_hits;
	c->iotlb_misses = dom.iotlb_misses;
	c->faults = dom.faults;
	for (i = 0; i < NPORTS; i++) {
		ixm_mac_counters(ports[i].dev, &mc);
		c->audited += ports[i].audited;
		c->audit_violations += ports[i].audit_violations;
		c->rx_reaped += ports[i].rx_frames;
		c->tx_posted += ports[i].tx_posted;
		c->gprc += mc.rx_good_packets;
		c->gptc += mc.tx_good_packets;
		c->rx_missed += mc.rx_missed;
	}
}

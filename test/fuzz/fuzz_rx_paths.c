/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * libFuzzer target: arbitrary descriptor write-backs against every RX
 * burst function of net_ixguard (scalar, SSE, AVX2 when the CPU has it;
 * each with mbufs and in shadow mode; scalar bulk both ways too), on a
 * queue of our own: a ring, a sw_ring and shadow buffers from malloc (so
 * ASan sees any access past them), mbufs from a real mempool (EAL with
 * --no-huge --no-pci --no-shconf; the tight one's buffers external memory
 * at a low IOVA, see TIGHT_IOVA; the low one at an address whose low
 * dword is small, see LOW_ALIGN), the tail register a variable.
 *
 * The input is a queue configuration and a list of operations of a
 * device that lies at will: receive a frame at its head (a plausible
 * write-back made of input bytes, and the frame's bytes in the posted
 * buffer), write 16 input bytes over any descriptor, set DD (or DD, EOP
 * and a length) on a descriptor leaving its address (the forged or torn
 * write-back), or let the
 * driver run a burst of 1..64.  The same input is replayed against each
 * path from the same start.  Checked, besides ASan and UBSan:
 *   - every delivered mbuf is of the queue's pool, a well-formed chain
 *     whose data lies inside its buffers, of a length the queue accepts;
 *   - the tail never covers a descriptor the driver did not rewrite with
 *     the address of the buffer it holds for it;
 *   - no mbuf is lost or freed twice: after the queue is stopped and the
 *     delivered mbufs freed, the pool holds all its mbufs, each once;
 *   - every vector path delivers what the scalar path delivers (lengths,
 *     segments, bytes, flags, packet type, VLAN tag, RSS hash) and counts
 *     the same lies (forged write-backs, bad descriptors, MAC errors,
 *     allocation failures).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include <rte_cpuflags.h>
#include <rte_eal.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_mempool.h>
#include <ethdev_driver.h>

#include "dmaguard.h"
#include "ixguard_dma.h"
#include "ixguard_offload.h"
#include "ixguard_rxtx.h"
#include "ixguard_rxtx_vec.h"

#define FUZZ_TARGET "fuzz_rx_paths"
#include "fuzz_eal.h"

#define MAX_PKTS	64
#define MAX_OPS		256
#define MAX_OUT		4096
#define BUF_LEN		2048u

struct path {
	const char *name;
	eth_rx_burst_t fn;
	bool shadow;
	bool avx2;
};

static const struct path paths[] = {
	{ "scalar", ixguard_recv_pkts, false, false },
	{ "scalar shadow", ixguard_recv_pkts_shadow, true, false },
	{ "sse", ixguard_recv_pkts_vec_sse, false, false },
	{ "sse shadow", ixguard_recv_pkts_vec_sse_shadow, true, false },
	{ "avx2", ixguard_recv_pkts_vec_avx2, false, true },
	{ "avx2 shadow", ixguard_recv_pkts_vec_avx2_shadow, true, true },
	{ "scalar bulk", ixguard_recv_pkts_bulk, false, false },
	{ "scalar bulk shadow", ixguard_recv_pkts_bulk_shadow, true, false },
};

/* What a path delivered and counted, to compare with the scalar path. */
struct out {
	uint32_t pkt_len, ptype, hash;
	uint16_t nb_segs, vlan;
	uint64_t ol_flags;
	uint32_t sum;		/* of the bytes */
};

struct run {
	struct out out[MAX_OUT];
	unsigned int nb_out;
	uint64_t forged_wb, bad_desc, err_frames, alloc_failed;
};

static struct rte_mempool *pools[3];	/* roomy, tight, low */
static struct rte_eth_dev *dev;
static bool have_avx2;
static struct run runs[RTE_DIM(paths)];

/* Link-time stand-ins for the parts of the driver a queue of ours never
 * reaches (no DMA domain check, no fence, no transmit). */
bool
dmaguard_contains(struct dmaguard_domain *dom __rte_unused,
		  rte_iova_t iova __rte_unused, size_t len __rte_unused)
{
	abort();
}

bool
dmaguard_range_of(struct dmaguard_domain *dom __rte_unused,
		  rte_iova_t iova __rte_unused, rte_iova_t *start __rte_unused,
		  rte_iova_t *last __rte_unused)
{
	abort();
}

bool
ixguard_dma_tx_bounce(struct ixguard_tx_queue *txq __rte_unused,
		      const struct rte_mbuf *pkt __rte_unused)
{
	abort();
}

int
ixguard_txctx_lookup(const struct ixguard_tx_queue *txq __rte_unused,
		     const struct rte_mbuf *m __rte_unused,
		     struct ixguard_txctx_req *req __rte_unused)
{
	abort();
}

void
ixguard_txctx_commit(struct ixguard_tx_queue *txq __rte_unused,
		     const struct ixguard_txctx_req *req __rte_unused,
		     volatile union ix_adv_tx_desc *d __rte_unused)
{
	abort();
}

bool
ixguard_dma_tx_admit(struct ixguard_tx_queue *txq __rte_unused,
		     struct rte_mbuf *seg __rte_unused)
{
	abort();
}

void
ixguard_dma_tx_refuse(struct ixguard_tx_queue *txq __rte_unused,
		      const struct rte_mbuf *pkt __rte_unused)
{
	abort();
}

struct rte_mbuf *
ixguard_dmabuf_rx_skip(struct ixguard_rx_queue *rxq __rte_unused,
		       struct rte_mbuf *m __rte_unused)
{
	abort();
}

bool
ixguard_dmabuf_rx_post_fix(struct ixguard_rx_queue *rxq __rte_unused,
			   uint16_t t __rte_unused, uint16_t nb __rte_unused)
{
	abort();
}

uint16_t
ixguard_qguard_fenced(uint32_t *fence __rte_unused,
		      uint32_t *ack __rte_unused)
{
	abort();
}

/* Not 0: every mbuf of the pool has its data IOVA at its address plus
 * this, the queue's iova_off as ixguard_rx_iova_offset() finds it (the
 * roomy and the low pool; 0 for the tight one, as for any pinned
 * external-buffer pool). */
static uint32_t pool_iova_off[3];

/*
 * The tight pool's buffers: external memory at an IOVA of our choosing,
 * whose low dword is 0, so that the low dword of the first buffers'
 * addresses has none of the bits a write-back leaves clear (RSCCNT,
 * HDR_LEN, SPH: bits 17-31).  A torn write-back (DD, EOP and a length
 * next to the posted address) then passes every other check of the
 * vector paths, and only their comparison with the posted address
 * turns it away.
 */
#define TIGHT_MBUFS	160
#define TIGHT_ELT	(BUF_LEN + RTE_PKTMBUF_HEADROOM)
#define TIGHT_IOVA	0x100000000ull
static struct rte_pktmbuf_extmem tight_mem;

/*
 * The low pool: as many mbufs as the tight one, IOVA = VA, in memory that
 * starts at a multiple of LOW_ALIGN, so that its first buffers (128 KiB)
 * also have none of the bits a write-back leaves clear in the low dword
 * of their addresses.  It is the tight pool's torn write-back for the
 * rearm that posts the mbuf's address plus iova_off without reading its
 * header (configuration bits 2 and 7: the tight pool has no iova_off).
 */
#define LOW_ALIGN	(1ull << 32)

/* Configuration byte -> pool: bit 2 tight (and bit 7: low), else roomy. */
static unsigned int
pool_of(uint8_t cfg)
{
	if (!(cfg & 4))
		return 0;
	return (cfg & 0x80) ? 2 : 1;
}

static struct rte_mempool *
low_pool_create(void)
{
	struct rte_pktmbuf_pool_private priv = {
		.mbuf_data_room_size = TIGHT_ELT,
	};
	struct rte_mempool *mp;
	size_t per_page, len;
	uintptr_t at;
	void *va;

	mp = rte_mempool_create_empty("fz_low", TIGHT_MBUFS,
				      sizeof(struct rte_mbuf) + TIGHT_ELT, 0,
				      sizeof(priv), SOCKET_ID_ANY, 0);
	must(mp != NULL, "low pool");
	must(rte_mempool_set_ops_byname(mp, rte_mbuf_best_mempool_ops(),
					NULL) == 0, "low pool ops");
	/* Objects do not cross pages (no hugepages here). */
	per_page = (size_t)getpagesize() /
		   rte_mempool_calc_obj_size(mp->elt_size, 0, NULL);
	must(per_page > 0, "low pool object size");
	len = (TIGHT_MBUFS + per_page - 1) / per_page * getpagesize();
	/* An address space reservation twice the alignment, then the
	 * pool's memory at the aligned address inside it. */
	va = mmap(NULL, 2 * LOW_ALIGN, PROT_NONE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	must(va != MAP_FAILED, "low pool address space");
	at = RTE_ALIGN_CEIL((uintptr_t)va, LOW_ALIGN);
	va = mmap((void *)at, len, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	must(va == (void *)at, "low pool memory");
	rte_pktmbuf_pool_init(mp, &priv);
	must(rte_mempool_populate_iova(mp, va, (rte_iova_t)at, len, NULL,
				       NULL) == TIGHT_MBUFS,
	     "low pool populate");
	rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	return mp;
}

/* Where the device's write to iova lands (the test's IOMMU). */
static uint8_t *
iova_to_va(rte_iova_t iova)
{
	if (iova >= TIGHT_IOVA && iova < TIGHT_IOVA + tight_mem.buf_len)
		return (uint8_t *)tight_mem.buf_ptr + (iova - TIGHT_IOVA);
	return (uint8_t *)(uintptr_t)iova;	/* IOVA as VA */
}

static void
obj_iova_check(struct rte_mempool *mp, void *arg, void *obj,
	       unsigned int idx __rte_unused)
{
	bool *same = arg;
	uint32_t off = sizeof(struct rte_mbuf) + rte_pktmbuf_priv_size(mp) +
		       RTE_PKTMBUF_HEADROOM;

	if (rte_mbuf_data_iova_default(obj) != (uintptr_t)obj + off)
		*same = false;
}

static uint32_t
iova_offset(struct rte_mempool *mp)
{
	bool same = true;

	rte_mempool_obj_iter(mp, obj_iova_check, &same);
	return same ? sizeof(struct rte_mbuf) + rte_pktmbuf_priv_size(mp) +
		      RTE_PKTMBUF_HEADROOM : 0;
}

int
LLVMFuzzerInitialize(int *argc __rte_unused, char ***argv __rte_unused)
{
	fuzz_eal_init("64", "--log-level=*:error");
	pools[0] = rte_pktmbuf_pool_create("fz_roomy", 1023, 0, 0,
					   BUF_LEN + RTE_PKTMBUF_HEADROOM,
					   SOCKET_ID_ANY);
	tight_mem.buf_len = TIGHT_MBUFS * TIGHT_ELT;
	tight_mem.buf_ptr = aligned_alloc(4096, tight_mem.buf_len);
	tight_mem.buf_iova = TIGHT_IOVA;
	tight_mem.elt_size = TIGHT_ELT;
	must(tight_mem.buf_ptr != NULL, "set-up");
	pools[1] = rte_pktmbuf_pool_create_extbuf("fz_tight", TIGHT_MBUFS, 0,
						  0, TIGHT_ELT, SOCKET_ID_ANY,
						  &tight_mem, 1);
	pools[2] = low_pool_create();
	dev = rte_eth_dev_allocate("fuzz_rx");
	must(pools[0] != NULL && pools[1] != NULL && dev != NULL, "set-up");
	pool_iova_off[0] = iova_offset(pools[0]);
	pool_iova_off[2] = iova_offset(pools[2]);
	must(pool_iova_off[0] != 0 && pool_iova_off[2] != 0,
	     "pools with IOVA = VA");
	have_avx2 = rte_cpu_get_flag_enabled(RTE_CPUFLAG_AVX2) > 0;
	return 0;
}

/* The queue of a run; freed by queue_stop(). */
struct fq {
	struct ixguard_rx_queue q;
	uint32_t rdt;
};

static void
queue_start(struct fq *f, uint8_t cfg, bool shadow)
{
	static const uint16_t sizes[] = { 32, 64, 128, 40 };
	struct ixguard_rx_queue *q = &f->q;
	uint16_t i;

	memset(f, 0, sizeof(*f));
	q->nb_desc = sizes[(cfg >> 4) & 3];
	q->ring = aligned_alloc(128, (size_t)q->nb_desc * 16);
	q->sw_ring = calloc(q->nb_desc, sizeof(q->sw_ring[0]));
	q->sw_iova = calloc(q->nb_desc, sizeof(q->sw_iova[0]));
	q->mp = pools[pool_of(cfg)];
	/* The rearm's two ways: with the mbuf's address, or a copy of the
	 * IOVA kept in sw_iova. */
	q->iova_off = (cfg & 0x80) ? pool_iova_off[pool_of(cfg)] : 0;
	q->rdt_reg = &f->rdt;
	q->free_thresh = (cfg & 0x40) ? 8 : 32;
	q->port_id = dev->data->port_id;
	q->mbuf_init = ixguard_rx_mbuf_init_value(q->port_id);
	q->buf_len = BUF_LEN;
	q->max_pkt_len = (cfg & 8) ? 9018 : 1518;
	q->offloads = ((cfg & 1) ? RTE_ETH_RX_OFFLOAD_VLAN_STRIP : 0) |
		      ((cfg & 2) ? RTE_ETH_RX_OFFLOAD_RSS_HASH : 0) |
		      ((cfg & 8) ? RTE_ETH_RX_OFFLOAD_SCATTER : 0);
	if (shadow) {
		/* As ixguard_shadow_rx_setup() lays it out. */
		size_t len = RTE_ALIGN_CEIL((size_t)q->nb_desc *
				(BUF_LEN + IXGUARD_RX_SHADOW_GAP), 4096);

		q->shadow_stride = BUF_LEN + IXGUARD_RX_SHADOW_GAP;
		q->shadow = aligned_alloc(4096, len);
		q->shadow_iova = (uintptr_t)q->shadow;
		if (q->shadow != NULL)
			memset(q->shadow, 0, len);
	}
	must(q->ring != NULL && q->sw_ring != NULL && q->sw_iova != NULL &&
	     (!shadow || q->shadow != NULL), "queue memory");
	for (i = 0; i < q->nb_desc; i++) {
		q->sw_ring[i] = rte_mbuf_raw_alloc(q->mp);
		must(q->sw_ring[i] != NULL, "ring fill");
		q->sw_iova[i] = ixguard_rx_buf_iova(q, i);
		q->ring[i].read.pkt_addr = q->sw_iova[i];
		q->ring[i].read.hdr_addr = 0;
	}
	q->tail = q->nb_desc - IXGUARD_RX_HOLD;
	f->rdt = q->tail;
	q->started = true;
	dev->data->rx_mbuf_alloc_failed = 0;
}

static void
queue_stop(struct fq *f)
{
	struct ixguard_rx_queue *q = &f->q;
	uint16_t i;

	for (i = 0; i < q->nb_desc; i++)
		if (q->sw_ring[i] != NULL)
			rte_pktmbuf_free_seg(q->sw_ring[i]);
	rte_pktmbuf_free(q->pkt_first);
	free((void *)(uintptr_t)q->ring);
	free(q->sw_ring);
	free(q->sw_iova);
	free(q->shadow);
}

static int
ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Every mbuf back in the pool, each once.  Then the pool is made the same
 * for the next path: its buffers zeroed and its mbufs in address order,
 * so that the paths get the same mbufs in the same order and a buffer
 * the device never wrote reads the same in each.
 */
static void
pool_whole(struct rte_mempool *mp)
{
	static void *objs[1024];
	unsigned int n = mp->size, i;

	must(n <= RTE_DIM(objs), "pool size");
	must(rte_mempool_avail_count(mp) == n, "pool count after the run");
	must(rte_mempool_get_bulk(mp, objs, n) == 0, "pool get all");
	qsort(objs, n, sizeof(objs[0]), ptr_cmp);
	for (i = 0; i < n; i++) {
		struct rte_mbuf *m = objs[i];

		must(i == 0 || objs[i] != objs[i - 1], "mbuf twice in the pool");
		memset(m->buf_addr, 0, m->buf_len);
	}
	rte_mempool_put_bulk(mp, objs, n);
}

static uint32_t
bytes_sum(const uint8_t *p, uint32_t n)
{
	uint32_t s = 2166136261u, i;

	for (i = 0; i < n; i++)
		s = (s ^ p[i]) * 16777619u;
	return s;
}

/* A delivered packet: well-formed, then recorded and freed. */
static void
take(struct run *r, const struct ixguard_rx_queue *q, struct rte_mbuf *m)
{
	struct out *o = &r->out[r->nb_out < MAX_OUT ? r->nb_out : 0];
	const struct rte_mbuf *s;
	uint32_t sum = 0, sumb = 2166136261u;
	uint16_t segs = 0;

	must(m->pool == q->mp && m->port == q->port_id, "pool, port");
	for (s = m; s != NULL && segs <= m->nb_segs; s = s->next) {
		must(s->pool == q->mp && rte_mbuf_refcnt_read(s) == 1,
		     "segment pool, refcnt");
		if (!(s->data_len <= q->buf_len &&
		      (uint32_t)s->data_off + s->data_len <= s->buf_len))
			fprintf(stderr, "segment %u: off %u len %u buf %u\n",
				segs, s->data_off, s->data_len, s->buf_len);
		must(s->data_len <= q->buf_len &&
		     (uint32_t)s->data_off + s->data_len <= s->buf_len,
		     "segment inside its buffer");
		sumb ^= bytes_sum(rte_pktmbuf_mtod(s, const uint8_t *),
				  s->data_len);
		sum += s->data_len;
		segs++;
	}
	must(s == NULL && segs == m->nb_segs && sum == m->pkt_len,
	     "chain adds up");
	must(m->pkt_len <= q->max_pkt_len + RTE_VLAN_HLEN, "frame length");
	must(!(m->ol_flags & ~(RTE_MBUF_F_RX_VLAN |
			       RTE_MBUF_F_RX_VLAN_STRIPPED |
			       RTE_MBUF_F_RX_IP_CKSUM_MASK |
			       RTE_MBUF_F_RX_L4_CKSUM_MASK |
			       RTE_MBUF_F_RX_RSS_HASH)), "RX flags only");
	o->pkt_len = m->pkt_len;
	o->nb_segs = m->nb_segs;
	o->ol_flags = m->ol_flags;
	o->ptype = m->packet_type;
	o->vlan = m->vlan_tci;
	o->hash = (m->ol_flags & RTE_MBUF_F_RX_RSS_HASH) ? m->hash.rss : 0;
	o->sum = sumb;
	if (r->nb_out < MAX_OUT)
		r->nb_out++;
	rte_pktmbuf_free(m);
}

/*
 * After a burst: descriptors newly handed to the device (old tail .. new
 * tail) hold the address of the buffer the driver keeps for them.
 */
static void
posted_check(const struct fq *f, uint16_t old_tail)
{
	const struct ixguard_rx_queue *q = &f->q;
	uint16_t t;

	must(f->rdt == q->tail && q->tail < q->nb_desc, "tail register");
	for (t = old_tail; t != q->tail; t = t + 1 == q->nb_desc ? 0 : t + 1) {
		must(q->sw_ring[t] != NULL, "posted without a buffer");
		must(q->ring[t].read.pkt_addr == ixguard_rx_buf_iova(q, t) &&
		     q->ring[t].read.hdr_addr == 0, "posted, not rewritten");
	}
}

/*
 * The device's frame at its head: the bytes go where the address says,
 * if that is the buffer the driver posted (a real device would DMA
 * there; anything else would be an IOMMU fault, not our business).  The
 * write-back is the input's 16 bytes made mostly plausible: DD, EOP
 * unless op bit 3, RSC/HDR_LEN/SPH clear unless op bit 4, a length up to
 * a little more than the buffer.
 */
static void
device_frame(struct fq *f, uint16_t head, uint8_t op, const uint8_t *in,
	     uint16_t seq)
{
	struct ixguard_rx_queue *q = &f->q;
	volatile union ix_adv_rx_desc *d = &q->ring[head];
	uint64_t q0, q1;
	uint16_t len;

	memcpy(&q0, in, 8);
	memcpy(&q1, in + 8, 8);
	len = (uint16_t)(q1 >> 32) % (BUF_LEN + 16);
	if ((q->shadow != NULL || q->sw_ring[head] != NULL) &&
	    d->read.pkt_addr == ixguard_rx_buf_iova(q, head)) {
		uint8_t *buf = iova_to_va(d->read.pkt_addr);

		memset(buf, (uint8_t)seq, RTE_MIN(len, BUF_LEN));
		if (len >= 4)
			memcpy(buf, &seq, sizeof(seq));
	}
	if (!(op & 0x10))
		q0 &= 0xffffffff0001ffffull;
	q1 = (q1 & 0xffff0000fffffffcull) | (uint64_t)len << 32 |
	     IX_RXD_STAT_DD | ((op & 8) ? 0 : IX_RXD_STAT_EOP);
	d->q[0] = q0;
	d->q[1] = q1;
}

static void
replay(const struct path *p, struct run *r, uint8_t cfg, const uint8_t *ops,
       size_t len)
{
	struct fq f;
	struct rte_mbuf *pkts[MAX_PKTS];
	uint16_t head = 0, seq = 0;
	size_t i = 0;

	memset(r, 0, sizeof(*r));
	queue_start(&f, cfg, p->shadow);
	while (i < len) {
		uint8_t op = ops[i++];
		struct ixguard_rx_queue *q = &f.q;

		switch (op & 3) {
		case 0: {	/* the driver runs a burst */
			uint16_t old_tail = q->tail, n, k;

			n = p->fn(q, pkts, (uint16_t)(1 + (op >> 2)));
			if (getenv("FUZZ_RX_TRACE") != NULL)
				fprintf(stderr, "%s: burst %u -> %u next %u "
					"hold %u tail %u forged %lu bad %lu\n",
					p->name, 1 + (op >> 2), n, q->next,
					q->nb_hold, q->tail, q->forged_wb,
					q->bad_desc);
			must(n <= 1 + (op >> 2), "burst count");
			posted_check(&f, old_tail);
			for (k = 0; k < n; k++)
				take(r, q, pkts[k]);
			break;
		}
		case 1:		/* a frame at the device's head */
			if (i + 16 > len) {
				i = len;
				break;
			}
			device_frame(&f, head, op, ops + i, seq++);
			i += 16;
			/* The device stops at the tail (unless it lies). */
			if (head != f.rdt || (op & 4))
				head = head + 1 == q->nb_desc ? 0 : head + 1;
			break;
		case 2: {	/* 16 bytes over any descriptor */
			uint64_t w[2];

			if (i + 17 > len) {
				i = len;
				break;
			}
			memcpy(w, ops + i + 1, 16);
			q->ring[ops[i] % q->nb_desc].q[0] = w[0];
			q->ring[ops[i] % q->nb_desc].q[1] = w[1];
			i += 17;
			break;
		}
		default:
			/*
			 * DD where nothing was written; with EOP, a length
			 * too: a torn write-back (dword 2-3 without dword
			 * 0-1), which only the address comparison tells from
			 * a real one.
			 */
			q->ring[(op >> 2) % q->nb_desc].q[1] |=
				IX_RXD_STAT_DD | ((op & 0x80) ?
					IX_RXD_STAT_EOP | 60ull << 32 : 0);
			break;
		}
	}
	r->forged_wb = f.q.forged_wb;
	r->bad_desc = f.q.bad_desc;
	r->err_frames = f.q.err_frames;
	r->alloc_failed = dev->data->rx_mbuf_alloc_failed;
	queue_stop(&f);
}

static void
same(const struct run *a, const struct run *b, const char *name)
{
	unsigned int i;

	if (a->nb_out != b->nb_out || a->forged_wb != b->forged_wb ||
	    a->bad_desc != b->bad_desc || a->err_frames != b->err_frames ||
	    a->alloc_failed != b->alloc_failed) {
		fprintf(stderr, "%s: %u frames, forged %lu bad %lu rxe %lu "
			"nomem %lu; scalar: %u, %lu %lu %lu %lu\n", name,
			b->nb_out, b->forged_wb, b->bad_desc, b->err_frames,
			b->alloc_failed, a->nb_out, a->forged_wb, a->bad_desc,
			a->err_frames, a->alloc_failed);
		must(0, "a vector path differs from the scalar path");
	}
	for (i = 0; i < a->nb_out; i++)
		if (memcmp(&a->out[i], &b->out[i], sizeof(a->out[i])) != 0) {
			fprintf(stderr, "%s: frame %u differs: len %u/%u "
				"segs %u/%u flags %#lx/%#lx ptype %#x/%#x "
				"vlan %u/%u hash %#x/%#x bytes %#x/%#x "
				"(scalar/%s)\n", name, i,
				a->out[i].pkt_len, b->out[i].pkt_len,
				a->out[i].nb_segs, b->out[i].nb_segs,
				a->out[i].ol_flags, b->out[i].ol_flags,
				a->out[i].ptype, b->out[i].ptype,
				a->out[i].vlan, b->out[i].vlan,
				a->out[i].hash, b->out[i].hash,
				a->out[i].sum, b->out[i].sum, name);
			must(0, "a vector path delivers another frame");
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int i;
	uint8_t cfg;

	if (size < 1)
		return 0;
	cfg = data[0];
	size = RTE_MIN(size - 1, (size_t)MAX_OPS * 17);
	pool_whole(pools[pool_of(cfg)]);
	for (i = 0; i < RTE_DIM(paths); i++) {
		if (paths[i].avx2 && !have_avx2)
			continue;
		replay(&paths[i], &runs[i], cfg, data + 1, size);
		pool_whole(pools[pool_of(cfg)]);
		/*
		 * Each path against the scalar one of its DMA layout; in
		 * shadow mode the vector paths take mbufs per burst, so with
		 * the tight and the low pool they run dry at other times
		 * (checked for safety and mbufs only).
		 */
		if (i >= 2 && !(paths[i].shadow && (cfg & 4)))
			same(&runs[paths[i].shadow ? 1 : 0], &runs[i],
			     paths[i].name);
	}
	return 0;
}

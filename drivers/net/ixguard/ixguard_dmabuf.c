/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Buffers and the port's DMA domain.
 *
 * RX.  A pinned external-buffer pool (rte_pktmbuf_pool_create_extbuf())
 * is mapped by its data areas' whole pages only (lib/dmaguard,
 * dmaguard_extbuf.h): a buffer lying (partly) in a page its area shares
 * with other memory is outside the domain, and posting it would make the
 * device's write an IOMMU fault (the queue stops).  Such a buffer is
 * never posted.  At the start of the pool's first queue, its free
 * buffers are sorted once: the edge ones are set aside, held for all the
 * pool's queues (of any port) until the last of them stops, then given
 * back.  When that holds every edge buffer of the pool (none was in use
 * elsewhere), no buffer the pool gives can lie outside the domain and the
 * queues post without a per-buffer check, as with a pool laid on whole
 * pages.  Otherwise each buffer is checked as it is posted (one lookup in
 * the queue's range cache) and one outside the domain is set aside too
 * and replaced by another: put straight back, it would be on top of the
 * lcore's mempool cache and come out of the very next allocation again.
 * A bounded number of tries per allocation: never a loop without end.
 * Each set-aside buffer is counted (xstat rx_dma_unmapped_bufs), the
 * sweep is logged and so is the first one a queue meets later.  Only
 * queues whose pool has edge buffers and is mapped in a private domain
 * (port, strict) take part; shadow mode never gives the pool's buffers
 * to the device.
 *
 * TX.  A packet whose data the domain does not hold is dropped by
 * ixguard_dma_xmit() and counted (tx_dma_refused_packets); this file says
 * why in the log, once per queue and then at most once per period, so
 * that a drop is never silent.
 */
#include <inttypes.h>

#include <ethdev_driver.h>
#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_spinlock.h>

#include "dmaguard_extbuf.h"
#include "ixguard_dma.h"
#include "ixguard_dmabuf.h"
#include "ixguard_ethdev.h"
#include "ixguard_logs.h"

/* Unmapped buffers one allocation passes over before it gives up. */
#define IXGUARD_RX_SKIP_TRIES	16
/* Edge buffers a pool's record holds at most (beyond: back to the pool). */
#define IXGUARD_RX_HELD_MAX	4096u
/* Objects the start's sweep takes from the pool in one call. */
#define IXGUARD_SWEEP_CHUNK	512u
/* TX refusals: after the first line of a queue, one line per period. */
#define IXGUARD_TX_REFUSED_LOG_S	10

/*
 * The edge buffers of one pool that the RX queues fed from it hold:
 * process-wide, so that a buffer is held once whichever port met it and
 * the queues can tell when they hold all of them.  Created at the set-up
 * of the pool's first RX queue (with edge buffers, in a private mode),
 * freed with its last.  The buffers go back to the pool when its last
 * started queue stops.
 */
struct ixguard_edge_hold {
	struct ixguard_edge_hold *next;		/* list of edge_holds */
	const struct rte_mempool *mp;
	uint32_t refs;			/* RX queues set up on mp */
	uint32_t started;		/* of them, started */
	uint32_t edge_buffers;		/* of mp (dmaguard_extbuf_info()) */
	uint32_t n;			/* held */
	uint32_t cap;
	rte_spinlock_t lock;		/* n, held: queues' lcores, start */
	struct rte_mbuf *held[];
};

/* Per RX queue. */
struct ixguard_rxq_bufs {
	uint64_t unmapped;		/* buffers not posted (xstat) */
	uint32_t buffers;		/* of the pool */
	bool started;			/* counted in hold->started */
	bool logged;
	struct ixguard_edge_hold *hold;
	struct dmaguard_domain *dom;	/* buf_dom while the check is needed */
};

/*
 * Queue set-up and release (the ethdev control path; two ports may be
 * set up from two threads, hence the lock).
 */
static struct ixguard_edge_hold *edge_holds;
static rte_spinlock_t edge_holds_lock = RTE_SPINLOCK_INITIALIZER;

static struct ixguard_edge_hold *
edge_hold_get(const struct rte_mempool *mp, uint32_t edge_buffers)
{
	struct ixguard_edge_hold *h;
	uint32_t cap;

	rte_spinlock_lock(&edge_holds_lock);
	for (h = edge_holds; h != NULL; h = h->next)
		if (h->mp == mp) {
			h->refs++;
			goto out;
		}
	cap = RTE_MIN(edge_buffers, IXGUARD_RX_HELD_MAX);
	h = rte_zmalloc_socket("ixguard_edge_hold",
			       sizeof(*h) + cap * sizeof(h->held[0]),
			       RTE_CACHE_LINE_SIZE, mp->socket_id);
	if (h == NULL)
		goto out;
	h->mp = mp;
	h->refs = 1;
	h->cap = cap;
	h->edge_buffers = edge_buffers;
	rte_spinlock_init(&h->lock);
	h->next = edge_holds;
	edge_holds = h;
out:
	rte_spinlock_unlock(&edge_holds_lock);
	return h;
}

static void
edge_hold_put(struct ixguard_edge_hold *h)
{
	struct ixguard_edge_hold **pp;

	rte_spinlock_lock(&edge_holds_lock);
	if (--h->refs > 0) {
		rte_spinlock_unlock(&edge_holds_lock);
		return;
	}
	for (pp = &edge_holds; *pp != NULL; pp = &(*pp)->next)
		if (*pp == h) {
			*pp = h->next;
			break;
		}
	rte_spinlock_unlock(&edge_holds_lock);
	rte_free(h);
}

/* True when h holds every edge buffer of its pool (lock held). */
static bool
edge_hold_complete(const struct ixguard_edge_hold *h)
{
	return h->n == h->edge_buffers;
}

/* m lies outside the domain: held by the pool's record (or returned). */
static void
edge_hold_add(struct ixguard_edge_hold *h, struct rte_mbuf *m)
{
	bool kept = false;

	rte_spinlock_lock(&h->lock);
	if (h->n < h->cap) {
		h->held[h->n++] = m;
		kept = true;
	}
	rte_spinlock_unlock(&h->lock);
	if (!kept)
		rte_mbuf_raw_free(m);
}

int
ixguard_dmabuf_rxq_setup(struct rte_eth_dev *dev,
			 struct ixguard_rx_queue *rxq)
{
	struct dmaguard_domain *dom = ixguard_dma_domain(dev->data->port_id);
	struct dmaguard_extbuf_info info;
	struct ixguard_rxq_bufs *b;
	uint32_t usable;
	int ret;

	rxq->buf_dom = NULL;
	rxq->bufs = NULL;
	/*
	 * Shared mode: the EAL's container holds every buffer.  A pool the
	 * domain does not map (shadow mode: the device writes the queue's
	 * own buffers, the pool's mbufs only receive copies) is never given
	 * to the device.
	 */
	if (dom == NULL || dmaguard_domain_mode(dom) == DMAGUARD_MODE_SHARED ||
	    !dmaguard_mempool_is_extbuf(rxq->mp) ||
	    !dmaguard_has_mempool(dom, rxq->mp))
		return 0;
	ret = dmaguard_extbuf_info(rxq->mp, &info);
	if (ret < 0) {
		IXG_DRV_LOG(ERR, "port %u rxq %u: mempool %s: cannot read its "
			    "external buffers: %d", rxq->port_id,
			    rxq->queue_id, rxq->mp->name, ret);
		return ret;
	}
	usable = info.buffers - info.edge_buffers;
	if (usable < rxq->nb_desc) {
		IXG_DRV_LOG(ERR, "port %u rxq %u: mempool %s: only %u of its "
			    "%u external buffers lie in whole pages the device "
			    "may write (the others share a page with other "
			    "memory, or with the gaps between buffers); the "
			    "ring needs %u: lay the buffers back to back on "
			    "whole pages", rxq->port_id, rxq->queue_id,
			    rxq->mp->name, usable, info.buffers,
			    rxq->nb_desc);
		return -EINVAL;
	}
	if (info.edge_buffers == 0)
		return 0;
	b = rte_zmalloc_socket("ixguard_rxq_bufs", sizeof(*b),
			       RTE_CACHE_LINE_SIZE, rxq->mp->socket_id);
	if (b == NULL)
		return -ENOMEM;
	b->hold = edge_hold_get(rxq->mp, info.edge_buffers);
	if (b->hold == NULL) {
		rte_free(b);
		return -ENOMEM;
	}
	b->buffers = info.buffers;
	b->dom = dom;
	rxq->bufs = b;
	ixguard_rc_reset(&rxq->buf_rc);
	rxq->buf_dom = dom;
	IXG_DRV_LOG(NOTICE, "port %u rxq %u: mempool %s: %u of its %u "
		    "external buffers lie in pages shared with other memory, "
		    "outside the DMA domain: they are never given to the "
		    "device (xstat rx_dma_unmapped_bufs)", rxq->port_id,
		    rxq->queue_id, rxq->mp->name, info.edge_buffers,
		    info.buffers);
	return 0;
}

/*
 * The pool's free objects, all taken at once and sorted: the ones outside
 * the domain are held, the others go back.  Objects in other lcores'
 * mempool caches, and the application's, are not seen.  Returns the
 * number held by this sweep.
 */
static uint32_t
edge_sweep(struct ixguard_rx_queue *rxq, struct ixguard_edge_hold *h)
{
	unsigned int avail = rte_mempool_avail_count(rxq->mp);
	unsigned int got = 0, keep = 0, k, i;
	uint32_t held = 0;
	void **objs;

	if (avail == 0)
		return 0;
	objs = rte_malloc("ixguard_edge_sweep", avail * sizeof(*objs), 0);
	if (objs == NULL)
		return 0;
	k = RTE_MIN(avail, IXGUARD_SWEEP_CHUNK);
	while (got < avail && k > 0) {
		k = RTE_MIN(k, avail - got);
		if (rte_mempool_get_bulk(rxq->mp, objs + got, k) == 0)
			got += k;
		else
			k /= 2;		/* the rest sits in lcore caches */
	}
	for (i = 0; i < got; i++) {
		struct rte_mbuf *m = objs[i];

		if (ixguard_rx_buf_in_domain(rxq, m)) {
			objs[keep++] = m;
		} else {
			edge_hold_add(h, m);
			held++;
		}
	}
	if (keep > 0)
		rte_mempool_put_bulk(rxq->mp, objs, keep);
	rte_free(objs);
	return held;
}

void
ixguard_dmabuf_rxq_start(struct ixguard_rx_queue *rxq)
{
	struct ixguard_rxq_bufs *b = rxq->bufs;
	struct ixguard_edge_hold *h;
	uint32_t swept = 0, held;
	bool all;

	if (b == NULL || b->started)
		return;
	h = b->hold;
	b->started = true;
	rxq->buf_dom = b->dom;
	rte_spinlock_lock(&h->lock);
	h->started++;
	all = edge_hold_complete(h);
	held = h->n;
	rte_spinlock_unlock(&h->lock);
	if (!all) {
		swept = edge_sweep(rxq, h);
		b->unmapped += swept;
		rte_spinlock_lock(&h->lock);
		all = edge_hold_complete(h);
		held = h->n;
		rte_spinlock_unlock(&h->lock);
	}
	/*
	 * Every edge buffer held: no buffer the pool can give lies outside
	 * the domain (the rest of the pool is mapped), so the queue posts
	 * without the per-buffer check until it stops.
	 */
	if (all)
		rxq->buf_dom = NULL;
	if (swept > 0 || !all)
		IXG_DRV_LOG(NOTICE, "port %u rxq %u: mempool %s: %u of its "
			    "%u edge buffers set aside at start%s", rxq->port_id,
			    rxq->queue_id, rxq->mp->name, held,
			    h->edge_buffers, all ? ": buffers are posted "
			    "without a per-buffer check" : " (the others are "
			    "in use): each buffer is checked as it is posted");
}

void
ixguard_dmabuf_rxq_drain(struct ixguard_rx_queue *rxq)
{
	struct ixguard_rxq_bufs *b = rxq->bufs;
	struct ixguard_edge_hold *h;

	if (b == NULL || !b->started)
		return;
	h = b->hold;
	b->started = false;
	rxq->buf_dom = b->dom;
	rte_spinlock_lock(&h->lock);
	/* Untouched since rte_mbuf_raw_alloc(): the exact way back. */
	if (--h->started == 0)
		while (h->n > 0)
			rte_mbuf_raw_free(h->held[--h->n]);
	rte_spinlock_unlock(&h->lock);
}

void
ixguard_dmabuf_rxq_free(struct ixguard_rx_queue *rxq)
{
	struct ixguard_rxq_bufs *b = rxq->bufs;

	if (b == NULL)
		return;
	ixguard_dmabuf_rxq_drain(rxq);
	edge_hold_put(b->hold);
	rte_free(b);
	rxq->bufs = NULL;
	rxq->buf_dom = NULL;
}

/* m is outside the domain: count it, log the first, hold or return it. */
static void
rx_set_aside(struct ixguard_rx_queue *rxq, struct ixguard_rxq_bufs *b,
	     struct rte_mbuf *m)
{
	b->unmapped++;
	if (unlikely(!b->logged)) {
		b->logged = true;
		IXG_DRV_LOG(WARNING, "port %u rxq %u: buffer at IOVA 0x%"
			    PRIx64 " (%u bytes) of mempool %s lies in a page "
			    "the DMA domain does not map (the page also holds "
			    "other memory): not given to the device, set "
			    "aside until the pool's queues stop; %u of the "
			    "pool's %u buffers are such (xstat "
			    "rx_dma_unmapped_bufs)",
			    rxq->port_id, rxq->queue_id, rte_mbuf_iova_get(m),
			    m->buf_len, rxq->mp->name, b->hold->edge_buffers,
			    b->buffers);
	}
	edge_hold_add(b->hold, m);
}

/*
 * A buffer from the pool that the domain maps, or NULL (pool empty, or
 * only unmapped ones after IXGUARD_RX_SKIP_TRIES): the unmapped ones met
 * are set aside.
 */
static struct rte_mbuf *
rx_mapped_alloc(struct ixguard_rx_queue *rxq)
{
	unsigned int tries;

	for (tries = 1; tries < IXGUARD_RX_SKIP_TRIES; tries++) {
		struct rte_mbuf *m = rte_mbuf_raw_alloc(rxq->mp);

		if (m == NULL || ixguard_rx_buf_in_domain(rxq, m))
			return m;
		rx_set_aside(rxq, rxq->bufs, m);
	}
	return NULL;
}

struct rte_mbuf *
ixguard_dmabuf_rx_skip(struct ixguard_rx_queue *rxq, struct rte_mbuf *m)
{
	/* The replacement first: m, if returned, could come out again. */
	struct rte_mbuf *next = rx_mapped_alloc(rxq);

	rx_set_aside(rxq, rxq->bufs, m);
	return next;
}

bool
ixguard_dmabuf_rx_post_fix(struct ixguard_rx_queue *rxq, uint16_t t,
			   uint16_t nb)
{
	const uint16_t n = rxq->nb_desc;
	uint16_t i;

	for (i = 0; i < nb; i++, t = t + 1 == n ? 0 : t + 1) {
		struct rte_mbuf *m = rxq->sw_ring[t], *r;
		rte_iova_t iova;

		if (ixguard_rx_buf_in_domain(rxq, m))
			continue;
		r = rx_mapped_alloc(rxq);
		if (r == NULL)
			return false;
		rx_set_aside(rxq, rxq->bufs, m);
		iova = rte_mbuf_data_iova_default(r);
		rxq->sw_ring[t] = r;
		rxq->sw_iova[t] = iova;
		rxq->ring[t].read.pkt_addr = iova;
	}
	return true;
}

uint64_t
ixguard_dmabuf_rx_unmapped(struct rte_eth_dev *dev)
{
	uint64_t sum = 0;
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL && rxq->bufs != NULL)
			sum += rxq->bufs->unmapped;
	}
	return sum;
}

void
ixguard_dmabuf_stats_reset(struct rte_eth_dev *dev)
{
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL && rxq->bufs != NULL)
			rxq->bufs->unmapped = 0;
	}
}

/* ---- TX refusals ------------------------------------------------------ */

/* Per TX queue; written only by the queue's lcore. */
static struct {
	uint64_t next_tsc;	/* no line before this */
	uint64_t since;		/* refusals not logged */
	bool seen;
} tx_log[RTE_MAX_ETHPORTS][IXGUARD_MAX_TX_QUEUES];

/* seg lies in an edge page of a pinned external-buffer pool of dom. */
static bool
tx_seg_in_edge_page(struct dmaguard_domain *dom, const struct rte_mbuf *seg)
{
	const struct rte_mempool *mp = seg->pool;

	return RTE_MBUF_HAS_EXTBUF(seg) && dmaguard_mempool_is_extbuf(mp) &&
	       dmaguard_has_mempool(dom, mp);
}

static const char *
tx_refused_why(struct dmaguard_domain *dom, const struct rte_mbuf *seg)
{
	if (tx_seg_in_edge_page(dom, seg))
		return "the buffer lies in a page its area shares with other "
		       "memory (pinned external-buffer pool)";
	if (dmaguard_domain_mode(dom) == DMAGUARD_MODE_STRICT &&
	    rte_eal_process_type() != RTE_PROC_PRIMARY)
		return "strict mode: a secondary process cannot transmit from "
		       "memory of its own (only the primary registers memory, "
		       "before the port starts); dma_isolation=port or shadow "
		       "allow it";
	if (dmaguard_domain_mode(dom) == DMAGUARD_MODE_STRICT)
		return "strict mode: register TX memory before the port "
		       "starts (rte_pmd_ixguard_dma_map_mempool(), "
		       "rte_pmd_ixguard_dma_map_external())";
	if (RTE_MBUF_HAS_EXTBUF(seg))
		return "an external buffer: register it with "
		       "rte_pmd_ixguard_dma_map_external()";
	return "its memory could not be mapped (see the dmaguard log)";
}

void
ixguard_dmabuf_tx_refused(const struct ixguard_tx_queue *txq,
			  struct dmaguard_domain *dom,
			  const struct rte_mbuf *pkt)
{
	const struct rte_mbuf *seg;
	uint64_t now, hz;
	typeof(&tx_log[0][0]) l;

	if (txq->port_id >= RTE_MAX_ETHPORTS ||
	    txq->queue_id >= IXGUARD_MAX_TX_QUEUES)
		return;
	l = &tx_log[txq->port_id][txq->queue_id];
	now = rte_get_timer_cycles();
	if (l->seen && now < l->next_tsc) {
		l->since++;
		return;
	}
	hz = rte_get_timer_hz();
	l->next_tsc = now + IXGUARD_TX_REFUSED_LOG_S * hz;
	/* The segment that was refused: the first outside the domain. */
	for (seg = pkt; seg->next != NULL; seg = seg->next)
		if (!dmaguard_contains(dom, rte_mbuf_data_iova(seg),
				       seg->data_len))
			break;
	if (!l->seen)
		IXG_DRV_LOG(WARNING, "port %u txq %u: packet dropped: its "
			    "data at IOVA 0x%" PRIx64 " (%u bytes, mempool %s) "
			    "is outside the port's DMA domain: %s "
			    "(xstat tx_dma_refused_packets)", txq->port_id,
			    txq->queue_id, rte_mbuf_data_iova(seg),
			    seg->data_len, seg->pool ? seg->pool->name : "-",
			    tx_refused_why(dom, seg));
	else
		IXG_DRV_LOG(WARNING, "port %u txq %u: %" PRIu64 " more "
			    "packet(s) dropped outside the DMA domain since "
			    "the last line; this one at IOVA 0x%" PRIx64
			    " (mempool %s): %s", txq->port_id, txq->queue_id,
			    l->since + 1, rte_mbuf_data_iova(seg),
			    seg->pool ? seg->pool->name : "-",
			    tx_refused_why(dom, seg));
	l->seen = true;
	l->since = 0;
}

/* ---- TX bounces ------------------------------------------------------- */

bool
ixguard_dmabuf_tx_bounceable(const struct ixguard_tx_queue *txq,
			     struct dmaguard_domain *dom,
			     const struct rte_mbuf *pkt)
{
	const struct rte_mbuf *seg;
	uint16_t k;

	/* The chain was checked: nb_segs segments. */
	for (seg = pkt, k = pkt->nb_segs; k != 0; k--) {
		if (!dmaguard_contains(dom, rte_mbuf_data_iova(seg),
				       seg->data_len) &&
		    !tx_seg_in_edge_page(dom, seg))
			return false;
		if (k > 1)
			seg = seg->next;
	}
	if (txq->bounced == 0)
		IXG_DRV_LOG(NOTICE, "port %u txq %u: packets in pages that a "
			    "pinned external-buffer pool (%s) shares with "
			    "other memory are copied into the queue's "
			    "read-only TX slots (xstat tx_dma_bounced_packets)",
			    txq->port_id, txq->queue_id,
			    pkt->pool != NULL ? pkt->pool->name : "-");
	return true;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Buffers and the port's DMA domain (ixguard_dmabuf.c): RX buffers the
 * domain does not hold are never posted, refused TX packets are reported.
 */
#ifndef IXGUARD_DMABUF_H
#define IXGUARD_DMABUF_H

#include <stdint.h>

#include <rte_mbuf.h>

#include "dmaguard.h"
#include "ixguard_rxtx.h"

struct rte_eth_dev;

/*
 * RX queue set-up (after its pool is mapped): for a pinned external-buffer
 * pool with buffers in edge pages (a private domain maps only the whole
 * pages of its data areas), join the pool's record of edge buffers and
 * arm the per-buffer check.  Refuses (-EINVAL) a pool with fewer usable
 * buffers than the ring has descriptors.
 */
int ixguard_dmabuf_rxq_setup(struct rte_eth_dev *dev,
			     struct ixguard_rx_queue *rxq);
/*
 * Queue start, before its ring is filled: the pool's edge buffers are set
 * aside (the first queue of the pool sorts its free buffers); when all
 * are, the queue posts without the per-buffer check (buf_dom NULL).
 */
void ixguard_dmabuf_rxq_start(struct ixguard_rx_queue *rxq);
/*
 * The queue stops: the check is armed again, and the buffers set aside go
 * back to the pool when no queue of the pool runs any more.
 */
void ixguard_dmabuf_rxq_drain(struct ixguard_rx_queue *rxq);
/* Queue release: drain, free the per-queue state. */
void ixguard_dmabuf_rxq_free(struct ixguard_rx_queue *rxq);

/* Slow path of ixguard_rx_buf_alloc(): m is not in the domain. */
struct rte_mbuf *ixguard_dmabuf_rx_skip(struct ixguard_rx_queue *rxq,
					struct rte_mbuf *m);

/*
 * Slow path of ixguard_rx_rearm(): a buffer of the descriptors [t, t + nb)
 * (modulo the ring), just written, missed the queue's range cache.  Each
 * buffer is checked against the domain; one the domain does not map is
 * replaced by a mapped one from the pool and set aside, its descriptor
 * rewritten.  False when the pool gave no mapped buffer: the buffers not
 * yet replaced stay in sw_ring and nothing may be posted.
 */
bool ixguard_dmabuf_rx_post_fix(struct ixguard_rx_queue *rxq, uint16_t t,
				uint16_t nb);

/* xstat rx_dma_unmapped_bufs: buffers not posted, summed over queues. */
uint64_t ixguard_dmabuf_rx_unmapped(struct rte_eth_dev *dev);
void ixguard_dmabuf_stats_reset(struct rte_eth_dev *dev);

/*
 * TX: pkt is about to be dropped because its data is outside the domain;
 * log why (first time per queue, then at most one line per period).
 */
void ixguard_dmabuf_tx_refused(const struct ixguard_tx_queue *txq,
			       struct dmaguard_domain *dom,
			       const struct rte_mbuf *pkt);

/*
 * TX: may pkt, refused, be copied into the queue's TX slots?  Only when
 * every segment outside the domain lies in an edge page of a pinned
 * external-buffer pool the domain holds (the rest of the pool is mapped:
 * the copy is the pool's way out, not a way around a registration).
 * Logs the first such packet of the queue.
 */
bool ixguard_dmabuf_tx_bounceable(const struct ixguard_tx_queue *txq,
				  struct dmaguard_domain *dom,
				  const struct rte_mbuf *pkt);

/* The whole buffer of m inside rxq->buf_dom (set). */
static __rte_always_inline bool
ixguard_rx_buf_in_domain(struct ixguard_rx_queue *rxq,
			 const struct rte_mbuf *m)
{
	return ixguard_rc_contains(&rxq->buf_rc, rxq->buf_dom,
				   rte_mbuf_iova_get(m), m->buf_len);
}

/* 1 when the whole buffer of m lies in a range rxq->buf_rc holds, else 0. */
static __rte_always_inline unsigned int
ixguard_rx_buf_hit(const struct ixguard_rx_queue *rxq,
		   const struct rte_mbuf *m)
{
	rte_iova_t b = rte_mbuf_iova_get(m);

	return ixguard_rc_hit_bit(&rxq->buf_rc, b, b + m->buf_len - 1);
}

/*
 * An RX buffer for the device: from the queue's pool, and inside the DMA
 * domain when the queue needs the check (buf_dom set).  The whole buffer
 * is checked, whatever part the device is told to use.  NULL: the pool is
 * empty, or only unmapped buffers came (counted; the caller counts an
 * allocation failure and tries again later).
 */
static __rte_always_inline struct rte_mbuf *
ixguard_rx_buf_alloc(struct ixguard_rx_queue *rxq)
{
	struct rte_mbuf *m = rte_mbuf_raw_alloc(rxq->mp);

	if (unlikely(rxq->buf_dom != NULL) && m != NULL &&
	    unlikely(!ixguard_rx_buf_in_domain(rxq, m)))
		m = ixguard_dmabuf_rx_skip(rxq, m);
	return m;
}

#endif /* IXGUARD_DMABUF_H */

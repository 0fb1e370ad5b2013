/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Vector transmit: one 16-byte store per data descriptor, completed mbufs
 * freed in bulk (ixguard_tx_cleanup(): rte_mempool_put_bulk, straight
 * with MBUF_FAST_FREE).  The same on SSE and AVX2 machines: a descriptor
 * is one store either way.
 *
 * The fast case is a single-segment packet without offload requests; the
 * first packet that is not (a chain, a TSO or checksum request, a length
 * out of range, data outside the port's DMA domain, a shadow packet over
 * one 2 KiB slot) and all after it go to the scalar burst function,
 * which checks, counts and drops as it always does.  The completion side
 * (DD on the RS descriptors, the forged write-back check) is the shared
 * ixguard_tx_cleanup(), so both paths keep one ring state: sw_ring holds
 * the mbuf of each data descriptor (NULL in shadow mode), rs_fifo the RS
 * descriptors.
 *
 * The same loop, with each descriptor written as two 8-byte stores and
 * no vector intrinsic, is the scalar family's "Scalar bulk" TX: the
 * counterpart of ixguard_rxtx_scalar_bulk.c, and of net_ixgbe's simple
 * TX.  In shadow mode ("Scalar bulk shadow") it copies with the scalar
 * path's ixguard_tx_copy_piece() (rte_memcpy, and SSE2 non-temporal
 * stores, the x86-64 baseline, from 256 bytes) instead of the pshufb
 * tail of ixguard_vec_copy_tx().
 */

#include <rte_common.h>
#include <rte_memcpy.h>
#include <rte_vect.h>
#include <ethdev_driver.h>

#include "ixguard_offload.h"
#include "ixguard_qguard.h"
#include "ixguard_rxtx.h"
#include "ixguard_rxtx_common.h"
#include "ixguard_rxtx_vec.h"

/* Which DMA layout a burst function serves (a constant of each). */
#define VEC_TX_PLAIN	0	/* mbufs the device reaches */
#define VEC_TX_CHECKED	1	/* the same, each checked against the domain */
#define VEC_TX_SHADOW	2	/* copied into the queue's read-only slots */

static __rte_always_inline uint16_t
xmit_scalar(struct ixguard_tx_queue *txq, struct rte_mbuf **pkts,
	    uint16_t nb_pkts, const int mode)
{
	switch (mode) {
	case VEC_TX_SHADOW:
		return ixguard_xmit_pkts_shadow(txq, pkts, nb_pkts);
	case VEC_TX_CHECKED:
		return ixguard_xmit_pkts_checked(txq, pkts, nb_pkts);
	default:
		return ixguard_xmit_pkts(txq, pkts, nb_pkts);
	}
}

/* Single segment, no offload request, a length the path sends as is. */
static __rte_always_inline bool
vec_tx_simple(const struct rte_mbuf *m, const int mode)
{
	uint32_t max = mode == VEC_TX_SHADOW ? IXGUARD_TX_SHADOW_SLOT :
		       IXGUARD_MAX_FRAME - RTE_ETHER_CRC_LEN;

	/* nb_segs 1 means next NULL (an mbuf invariant): line 0 only. */
	return m->nb_segs == 1 && m->data_len == m->pkt_len &&
	       m->pkt_len - 1 < max &&
	       !(m->ol_flags & IXGUARD_TX_OFFLOAD_MASK);
}

/*
 * A data descriptor, whole: one 16-byte store, or in plain C (the scalar
 * family) two 8-byte ones; the device reads it after the tail write.
 */
static __rte_always_inline void
vec_tx_desc_write(volatile union ix_adv_tx_desc *d, rte_iova_t iova,
		  uint64_t cmd_olinfo, const bool scalar)
{
	if (scalar) {
		d->q[0] = iova;
		d->q[1] = cmd_olinfo;
	} else {
		_mm_store_si128((__m128i *)(uintptr_t)d,
				_mm_set_epi64x((long long)cmd_olinfo,
					       (long long)iova));
	}
}

/*
 * Up to nb packets into descriptors tail .. tail + nb - 1, which are
 * free and do not pass the ring's end: the index is tail + i, without a
 * wrap check from one descriptor to the next.  Returns how many were
 * sent: fewer when a packet is not for this path (see vec_tx_simple()).
 * *since counts the descriptors since the last RS, as txq->since_rs;
 * each RS descriptor is noted in rs_fifo as it is written.
 */
static __rte_always_inline uint16_t
xmit_vec_run(struct ixguard_tx_queue *txq, struct rte_mbuf **pkts,
	     uint16_t nb, uint16_t tail, uint16_t *since,
	     struct rte_mbuf **copied, unsigned int *nb_copied,
	     const int mode, const bool scalar)
{
	volatile union ix_adv_tx_desc *ring = txq->ring + tail;
	struct rte_mbuf **sw = txq->sw_ring + tail;
	const uint32_t cmd = IX_TXD_DTYP_DATA | IX_TXD_CMD_DEXT |
			     IX_TXD_CMD_IFCS | IX_TXD_CMD_EOP;
	uint16_t i;

	for (i = 0; i < nb; i++) {
		struct rte_mbuf *m = pkts[i];
		uint32_t len = m->pkt_len, rs = 0;
		rte_iova_t iova;

		if (unlikely(!vec_tx_simple(m, mode)) ||
		    (mode == VEC_TX_CHECKED &&
		     unlikely(!ixguard_tx_seg_admitted(txq, m))))
			break;
		if (mode == VEC_TX_SHADOW) {
			uint8_t *slot = ixguard_tx_slot(txq, tail + i, len);

			if (scalar)
				ixguard_tx_copy_piece(slot, rte_pktmbuf_mtod(m,
						const uint8_t *), len);
			else
				ixguard_vec_copy_tx(slot, rte_pktmbuf_mtod(m,
						    const uint8_t *), len);
			iova = ixguard_tx_slot_iova(txq, slot);
			sw[i] = NULL;
			/* Sent from its slot: back to the pool in bulk. */
			ixguard_tx_free_add(txq, m, copied, nb_copied);
		} else {
			iova = rte_mbuf_data_iova(m);
			sw[i] = m;
		}
		if (++*since >= txq->rs_thresh)
			rs = IX_TXD_CMD_RS;
		vec_tx_desc_write(&ring[i], iova, (uint64_t)(len | cmd | rs) |
				  (uint64_t)len << (IX_TXD_PAYLEN_SHIFT + 32),
				  scalar);
		if (rs) {
			ixguard_tx_rs_push(txq, tail + i);
			*since = 0;
		}
	}
	return i;
}

/*
 * mode: the DMA layout (VEC_TX_*); scalar: the scalar family's form of
 * the loop (descriptors in two stores, the scalar path's shadow copy).
 * Both are constants of each burst function.  The burst goes out in
 * runs of free descriptors up to the ring's end (xmit_vec_run()).
 */
static __rte_always_inline uint16_t
xmit_vec(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts,
	 const int mode, const bool scalar)
{
	struct ixguard_tx_queue *txq = queue;
	struct rte_mbuf *copied[IXGUARD_TX_FREE_BURST];
	const uint16_t n = txq->nb_desc;
	uint16_t tail = txq->tail, since, nb_tx = 0;
	unsigned int nb_copied = 0;
	bool to_scalar = false;

	IXGUARD_QGUARD_CHECK(txq);
	if (txq->nb_free < txq->free_thresh)
		ixguard_tx_cleanup(txq);
	since = txq->since_rs;
	while (nb_tx < nb_pkts) {
		uint16_t run, k;

		if (unlikely(txq->nb_free == 0)) {
			ixguard_tx_cleanup(txq);
			if (txq->nb_free == 0)
				break;		/* ring full */
		}
		run = RTE_MIN((uint16_t)(nb_pkts - nb_tx), txq->nb_free);
		run = RTE_MIN(run, (uint16_t)(n - tail));
		k = xmit_vec_run(txq, pkts + nb_tx, run, tail, &since,
				 copied, &nb_copied, mode, scalar);
		nb_tx += k;
		txq->nb_free -= k;
		tail = tail + k == n ? 0 : tail + k;
		if (k < run) {
			to_scalar = true;
			break;
		}
	}
	txq->since_rs = since;
	if (mode == VEC_TX_SHADOW)
		ixguard_tx_copy_fence();
	ixguard_tx_post(txq, tail);
	if (mode == VEC_TX_SHADOW)
		ixguard_tx_free_bulk(txq, copied, nb_copied);
	if (to_scalar)
		return nb_tx + xmit_scalar(txq, pkts + nb_tx, nb_pkts - nb_tx,
					   mode);
	ixguard_tx_prefetch_rs(txq);
	return nb_tx;
}

uint16_t
ixguard_xmit_pkts_vec(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return xmit_vec(queue, pkts, nb_pkts, VEC_TX_PLAIN, false);
}

uint16_t
ixguard_xmit_pkts_vec_checked(void *queue, struct rte_mbuf **pkts,
			      uint16_t nb_pkts)
{
	return xmit_vec(queue, pkts, nb_pkts, VEC_TX_CHECKED, false);
}

uint16_t
ixguard_xmit_pkts_vec_shadow(void *queue, struct rte_mbuf **pkts,
			     uint16_t nb_pkts)
{
	return xmit_vec(queue, pkts, nb_pkts, VEC_TX_SHADOW, false);
}

uint16_t
ixguard_xmit_pkts_bulk(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	return xmit_vec(queue, pkts, nb_pkts, VEC_TX_PLAIN, true);
}

uint16_t
ixguard_xmit_pkts_bulk_checked(void *queue, struct rte_mbuf **pkts,
			       uint16_t nb_pkts)
{
	return xmit_vec(queue, pkts, nb_pkts, VEC_TX_CHECKED, true);
}

uint16_t
ixguard_xmit_pkts_bulk_shadow(void *queue, struct rte_mbuf **pkts,
			      uint16_t nb_pkts)
{
	return xmit_vec(queue, pkts, nb_pkts, VEC_TX_SHADOW, true);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Receive and transmit queues: setup, release, start and stop, and the
 * global receive/transmit configuration of dev_start.  The burst
 * functions are in ixguard_rxtx_scalar.c.
 *
 * DMA memory comes only from the EAL: rings from memzones
 * (ixguard_dma_zone(): page-aligned, whole pages, kept until close),
 * buffers are mbufs of the application's pools, or in shadow mode the
 * queue's own buffers (ixguard_shadow.c).
 */

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_offload.h"
#include "ixguard_dma.h"
#include "ixguard_dmabuf.h"
#include "ixguard_rxtx.h"
#include "ixguard_shadow.h"

/*
 * Rings are sized for the largest count so a re-setup reuses the slot
 * (RDBAL/TDBAL need 128-byte alignment; slots are page multiples).
 */
#define IXGUARD_RING_BYTES	(IXGUARD_MAX_RING_DESC * IX_RXD_SIZE)

/*
 * The ring of queue qid: slot qid of one zone per port and direction,
 * sized for the queues dev_configure set (memory only for those) and
 * mapped once.  One zone per ring would take 192 of the 256 IOMMU
 * mappings DPDK allows a container (VFIO_MAX_USER_MEM_MAPS) with 128 RX
 * and 64 TX queues.  A larger count later takes a new zone; the old one,
 * with the queues still in it, stays reserved and mapped until close.
 */
static int
ixguard_ring_slot(struct rte_eth_dev *dev, bool tx, uint16_t qid,
		  unsigned int socket, const struct rte_memzone **mzp,
		  size_t *off)
{
	uint16_t nq = tx ? dev->data->nb_tx_queues : dev->data->nb_rx_queues;
	const struct rte_memzone *mz;
	int ret;

	mz = ixguard_dma_zone(dev, tx ? "ixguard_tx_rings" :
			      "ixguard_rx_rings", 0,
			      (size_t)RTE_MAX(nq, qid + 1) * IXGUARD_RING_BYTES,
			      false, socket);
	if (mz == NULL)
		return -ENOMEM;
	ret = ixguard_dma_map_zone(dev, mz, tx ? "tx rings" : "rx rings",
				   false);
	if (ret != 0)
		return ret;
	*mzp = mz;
	*off = (size_t)qid * IXGUARD_RING_BYTES;
	return 0;
}

static bool
ixguard_desc_count_ok(uint16_t nb_desc)
{
	return nb_desc >= IXGUARD_MIN_RING_DESC &&
	       nb_desc <= IXGUARD_MAX_RING_DESC &&
	       nb_desc % IXGUARD_RING_ALIGN == 0;
}

static uint16_t
ixguard_default_thresh(uint16_t nb_desc, uint16_t def)
{
	uint16_t quarter = nb_desc / 4;

	return quarter < def ? quarter : def;
}

/*
 * tx_free_thresh left to the driver: clean up as soon as more than
 * IXGUARD_TX_CLEAN_LAG_BATCHES RS batches are in use, not when the ring
 * is nearly full.  The mbufs then go back to the mempool cache a few
 * bursts after the TX burst read their headers, and the RX refill takes
 * them from there, so the header a frame's arrival writes was last
 * touched one RX ring earlier rather than a TX ring and an RX ring
 * earlier (eight 1024-descriptor ports cycle about 1 MiB of headers the
 * old way, the size of the L2 of the AMD EPYC guest the benchmarks ran
 * on).  Side by side at 64 B (test/bench/pmd_cost, doc/bench/
 * pmd-cycles.md), against net_ixgbe's vector path: with the device's
 * writes left in the caches (a DDIO server's best case) shared mode
 * 1.26 -> 1.15 and port mode 1.26 -> 1.16; with them in memory (the
 * benchmark's cache model) 1.01 -> 0.99 and 1.03 -> 1.00.  The lag keeps
 * the oldest RS descriptor, which the end of a burst prefetches, one the
 * device has already written back.  Small rings, and rings whose RS
 * batches are a quarter of them or more, keep the usual threshold; so
 * does shadow mode, whose TX frees each mbuf once it is copied: there an
 * early cleanup only walks the ring more often (1.17 -> 1.34).
 */
static uint16_t
ixguard_tx_default_free_thresh(uint16_t nb_desc, uint16_t rs, bool shadow)
{
	uint32_t lag = (uint32_t)IXGUARD_TX_CLEAN_LAG_BATCHES * rs;

	if (!shadow && rs > 1 && nb_desc >= lag + rs &&
	    nb_desc - lag > IXGUARD_TX_FREE_THRESH_DEFAULT)
		return (uint16_t)(nb_desc - lag);
	return ixguard_default_thresh(nb_desc, IXGUARD_TX_FREE_THRESH_DEFAULT);
}

static int
ixguard_poll_bit(struct ixguard_hw *hw, uint32_t reg, uint32_t bit, bool set)
{
	int i;

	for (i = 0; i < 1000; i++) {
		bool now = (ixg_read(hw, reg) & bit) != 0;

		if (now == set)
			return 0;
		rte_delay_us(10);
	}
	return -ETIMEDOUT;
}

/* ---- RX queues -------------------------------------------------------- */

static void
ixguard_chunk_iova_is_va(struct rte_mempool *mp __rte_unused, void *arg,
			 struct rte_mempool_memhdr *memhdr,
			 unsigned int idx __rte_unused)
{
	bool *all = arg;

	if (memhdr->iova != (rte_iova_t)(uintptr_t)memhdr->addr)
		*all = false;
}

/*
 * Where a direct mbuf of an ordinary pktmbuf pool has its buffer: right
 * behind its header and private area, at the IOVA its object has plus
 * that size (rte_pktmbuf_init(); rte_pktmbuf_detach() puts it back
 * there the same way).  When every chunk of the pool has IOVA = VA, the
 * data's IOVA is then the mbuf's own address plus a constant, and the
 * rearm need not load a header that has long left the caches (the TX
 * path frees without touching it).  Returns that constant, or 0 (read
 * buf_iova): pinned external-buffer pools, IOVAs that are not VAs.
 */
static uint32_t
ixguard_rx_iova_offset(struct rte_mempool *mp)
{
	const struct rte_pktmbuf_pool_private *priv = rte_mempool_get_priv(mp);
	bool all = true;

	if (priv->flags & RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF)
		return 0;
	rte_mempool_mem_iter(mp, ixguard_chunk_iova_is_va, &all);
	if (!all || mp->nb_mem_chunks == 0)
		return 0;
	return sizeof(struct rte_mbuf) + rte_pktmbuf_priv_size(mp) +
	       RTE_PKTMBUF_HEADROOM;
}

static void
ixguard_rxq_free_mbufs(struct ixguard_rx_queue *rxq)
{
	uint16_t i;

	if (rxq->sw_ring != NULL) {
		for (i = 0; i < rxq->nb_desc; i++) {
			if (rxq->sw_ring[i] != NULL) {
				rte_pktmbuf_free_seg(rxq->sw_ring[i]);
				rxq->sw_ring[i] = NULL;
			}
		}
	}
	if (rxq->pkt_first != NULL) {
		rte_pktmbuf_free(rxq->pkt_first);
		rxq->pkt_first = NULL;
		rxq->pkt_last = NULL;
	}
	ixguard_dmabuf_rxq_drain(rxq);
}

static void
ixguard_rxq_free(struct ixguard_rx_queue *rxq)
{
	if (rxq == NULL)
		return;
	ixguard_rxq_free_mbufs(rxq);
	ixguard_dmabuf_rxq_free(rxq);
	rte_free(rxq->sw_ring);
	rte_free(rxq->sw_iova);
	/* rxq->mz and the shadow stay mapped until close (ixguard_shadow.c) */
	rte_free(rxq);
}

void
ixguard_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	ixguard_rxq_free(dev->data->rx_queues[qid]);
	dev->data->rx_queues[qid] = NULL;
}

int
ixguard_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
		       uint16_t nb_desc, unsigned int socket,
		       const struct rte_eth_rxconf *conf,
		       struct rte_mempool *mp)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	const struct rte_memzone *mz;
	struct ixguard_rx_queue *rxq;
	size_t ring_off;
	uint64_t offloads;
	uint32_t room, buf_len, max_frame;
	uint16_t free_thresh;
	int ret;

	if (qid >= IXGUARD_MAX_RX_QUEUES)
		return -EINVAL;
	if (!ixguard_desc_count_ok(nb_desc)) {
		IXG_DRV_LOG(ERR, "port %u rxq %u: %u descriptors: must be a "
			    "multiple of %u in %u..%u", dev->data->port_id,
			    qid, nb_desc, IXGUARD_RING_ALIGN,
			    IXGUARD_MIN_RING_DESC, IXGUARD_MAX_RING_DESC);
		return -EINVAL;
	}
	if (mp == NULL)
		return -EINVAL;
	room = rte_pktmbuf_data_room_size(mp);
	if (room < RTE_PKTMBUF_HEADROOM + 1024) {
		IXG_DRV_LOG(ERR, "port %u rxq %u: mbuf data room %u too small "
			    "(need headroom + 1 KB)", dev->data->port_id, qid,
			    room);
		return -EINVAL;
	}
	/* SRRCTL.BSIZEPKT counts whole KB, up to 16 KB. */
	buf_len = RTE_MIN(room - RTE_PKTMBUF_HEADROOM,
			  (uint32_t)IXGUARD_MAX_RX_BUF) & ~1023u;

	offloads = conf->offloads | dev->data->dev_conf.rxmode.offloads;
	max_frame = dev->data->mtu + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN;
	if (max_frame > buf_len && !(offloads & RTE_ETH_RX_OFFLOAD_SCATTER)) {
		IXG_DRV_LOG(ERR, "port %u rxq %u: frames up to %u bytes need "
			    "the scatter offload with %u-byte buffers",
			    dev->data->port_id, qid, max_frame, buf_len);
		return -EINVAL;
	}

	free_thresh = conf->rx_free_thresh != 0 ? conf->rx_free_thresh :
		ixguard_default_thresh(nb_desc, IXGUARD_RX_FREE_THRESH_DEFAULT);
	if (free_thresh >= nb_desc) {
		IXG_DRV_LOG(ERR, "port %u rxq %u: rx_free_thresh %u must be "
			    "below the ring size %u", dev->data->port_id, qid,
			    free_thresh, nb_desc);
		return -EINVAL;
	}

	/*
	 * The ring zone (the queue's own, kept until close) and the pool in
	 * the DMA domain first: a setup the domain refuses (strict mode,
	 * port running, new memory) fails before anything is allocated.
	 * (At run time ethdev has released the old queue already.)
	 */
	ret = ixguard_ring_slot(dev, false, qid, socket, &mz, &ring_off);
	if (ret == 0 && !ixguard_shadow_mode(dev))
		ret = ixguard_dma_map_pool(dev, mp);
	if (ret != 0)
		return ret == -ENOMEM ? -ENOMEM : -EIO;

	if (dev->data->rx_queues[qid] != NULL)
		ixguard_rx_queue_release(dev, qid);

	rxq = rte_zmalloc_socket("ixguard_rxq", sizeof(*rxq),
				 RTE_CACHE_LINE_SIZE, socket);
	if (rxq == NULL)
		return -ENOMEM;
	rxq->sw_ring = rte_zmalloc_socket("ixguard_rx_sw",
					  sizeof(rxq->sw_ring[0]) * nb_desc,
					  RTE_CACHE_LINE_SIZE, socket);
	rxq->sw_iova = rte_zmalloc_socket("ixguard_rx_iova",
					  sizeof(rxq->sw_iova[0]) * nb_desc,
					  RTE_CACHE_LINE_SIZE, socket);
	rxq->mz = mz;
	if (rxq->sw_ring == NULL || rxq->sw_iova == NULL) {
		ixguard_rxq_free(rxq);
		return -ENOMEM;
	}
	rxq->queue_id = qid;
	rxq->nb_desc = nb_desc;
	rxq->buf_len = buf_len;
	if (ixguard_shadow_mode(dev)) {
		ret = ixguard_shadow_rx_setup(dev, rxq, socket);
		if (ret != 0) {
			ixguard_rxq_free(rxq);
			return ret == -ENOMEM ? -ENOMEM : -EIO;
		}
	}
	rxq->ring = RTE_PTR_ADD(rxq->mz->addr, ring_off);
	rxq->ring_iova = rxq->mz->iova + ring_off;
	rxq->mp = mp;
	rxq->free_thresh = free_thresh;
	rxq->reg_idx = qid;
	rxq->port_id = dev->data->port_id;
	rxq->mbuf_init = ixguard_rx_mbuf_init_value(rxq->port_id);
	rxq->iova_off = ixguard_rx_iova_offset(mp);
	rxq->offloads = offloads;
	rxq->crc_len = (offloads & RTE_ETH_RX_OFFLOAD_KEEP_CRC) ?
		       RTE_ETHER_CRC_LEN : 0;
	rxq->deferred_start = conf->rx_deferred_start;
	rxq->drop_en = conf->rx_drop_en;
	rxq->rdt_reg = (volatile uint32_t *)(hw->hw_addr + IX_RDT(qid));
	memset((void *)(uintptr_t)rxq->ring, 0, IXGUARD_RING_BYTES);
	if (ixguard_dmabuf_rxq_setup(dev, rxq) != 0 ||
	    ixguard_path_rxq_fits(dev, rxq) != 0) {
		ixguard_rxq_free(rxq);
		return -EINVAL;
	}
	dev->data->rx_queues[qid] = rxq;
	return 0;
}

/*
 * Every descriptor gets a buffer, the one never posted too (the rearm of
 * ixguard_rxtx_common.h refills only the consumed ones).  Shadow mode:
 * the device gets the queue's own buffers, and sw_ring holds the
 * application mbufs the frames will be copied into.
 */
static int
ixguard_rxq_fill(struct ixguard_rx_queue *rxq)
{
	uint16_t i;

	for (i = 0; i < rxq->nb_desc; i++) {
		struct rte_mbuf *m = ixguard_rx_buf_alloc(rxq);

		if (m == NULL) {
			IXG_DRV_LOG(ERR, "port %u rxq %u: mempool empty "
				    "filling the ring", rxq->port_id,
				    rxq->queue_id);
			ixguard_rxq_free_mbufs(rxq);
			return -ENOMEM;
		}
		rxq->sw_ring[i] = m;
		rxq->sw_iova[i] = ixguard_rx_buf_iova(rxq, i);
		rxq->ring[i].read.pkt_addr = rxq->sw_iova[i];
		rxq->ring[i].read.hdr_addr = 0;
	}
	return 0;
}

int
ixguard_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	struct ixguard_rx_queue *rxq = dev->data->rx_queues[qid];
	uint32_t srrctl, rxdctl;
	uint8_t r = 0;
	int ret;

	if (rxq == NULL)
		return -EINVAL;
	if (rxq->started)
		return 0;
	r = (uint8_t)rxq->reg_idx;
	rxq->max_pkt_len = IXG_ADAPTER(dev)->max_frame;
	ixguard_dmabuf_rxq_start(rxq);
	ret = ixguard_rxq_fill(rxq);
	if (ret != 0)
		return ret;
	rxq->next = 0;
	rxq->nb_hold = 0;
	rxq->next_prefetched = false;
	rxq->sw_holes = false;

	ixg_write(hw, IX_RDBAL(r), (uint32_t)rxq->ring_iova);
	ixg_write(hw, IX_RDBAH(r), (uint32_t)(rxq->ring_iova >> 32));
	ixg_write(hw, IX_RDLEN(r), (uint32_t)rxq->nb_desc * IX_RXD_SIZE);
	srrctl = (rxq->buf_len >> IX_SRRCTL_BSIZEPKT_SHIFT) &
		 IX_SRRCTL_BSIZEPKT_MASK;
	srrctl |= IX_SRRCTL_DESCTYPE_ADV_ONEBUF;
	if (rxq->drop_en)
		srrctl |= IX_SRRCTL_DROP_EN;
	ixg_write(hw, IX_SRRCTL(r), srrctl);
	ixg_write(hw, IX_RDH(r), 0);
	ixg_write(hw, IX_RDT(r), 0);

	rxdctl = ixguard_vlan_rxdctl(rxq, ixg_read(hw, IX_RXDCTL(r)));
	ixg_write(hw, IX_RXDCTL(r), rxdctl | IX_RXDCTL_ENABLE);
	if (ixguard_poll_bit(hw, IX_RXDCTL(r), IX_RXDCTL_ENABLE, true) != 0) {
		IXG_DRV_LOG(ERR, "port %u rxq %u: RXDCTL.ENABLE did not set",
			    dev->data->port_id, qid);
		ixguard_rxq_free_mbufs(rxq);
		return -EIO;
	}
	/* Hand all descriptors but IXGUARD_RX_HOLD to the hardware. */
	rxq->tail = rxq->nb_desc - IXGUARD_RX_HOLD;
	rxq->forged_wait = false;
	ixg_write(hw, IX_RDT(r), rxq->tail);
	rxq->started = true;
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

int
ixguard_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	struct ixguard_rx_queue *rxq = dev->data->rx_queues[qid];
	uint32_t rxdctl;

	if (rxq == NULL)
		return -EINVAL;
	if (rxq->started) {
		rxdctl = ixg_read(hw, IX_RXDCTL(rxq->reg_idx));
		ixg_write(hw, IX_RXDCTL(rxq->reg_idx),
			  rxdctl & ~IX_RXDCTL_ENABLE);
		if (ixguard_poll_bit(hw, IX_RXDCTL(rxq->reg_idx),
				     IX_RXDCTL_ENABLE, false) != 0)
			IXG_DRV_LOG(WARNING, "port %u rxq %u: RXDCTL.ENABLE "
				    "did not clear", dev->data->port_id, qid);
		/* Let a DMA in flight land before the buffers go back. */
		rte_delay_us(100);
	}
	ixguard_rxq_free_mbufs(rxq);
	memset((void *)(uintptr_t)rxq->ring, 0,
	       (size_t)rxq->nb_desc * IX_RXD_SIZE);
	rxq->next = 0;
	rxq->nb_hold = 0;
	rxq->pkt_bad = false;
	rxq->discard = false;
	rxq->forged_wait = false;
	rxq->started = false;
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

void
ixguard_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		     struct rte_eth_rxq_info *qinfo)
{
	struct ixguard_rx_queue *rxq = dev->data->rx_queues[qid];

	qinfo->mp = rxq->mp;
	qinfo->scattered_rx = dev->data->scattered_rx;
	qinfo->nb_desc = rxq->nb_desc;
	qinfo->rx_buf_size = rxq->buf_len;
	qinfo->conf.rx_free_thresh = rxq->free_thresh;
	qinfo->conf.rx_deferred_start = rxq->deferred_start;
	qinfo->conf.rx_drop_en = rxq->drop_en;
	qinfo->conf.offloads = rxq->offloads;
}

/* ---- TX queues -------------------------------------------------------- */

static void
ixguard_txq_free_mbufs(struct ixguard_tx_queue *txq)
{
	uint16_t i;

	if (txq->sw_ring == NULL)
		return;
	for (i = 0; i < txq->nb_desc; i++) {
		if (txq->sw_ring[i] != NULL) {
			rte_pktmbuf_free_seg(txq->sw_ring[i]);
			txq->sw_ring[i] = NULL;
		}
	}
}

static void
ixguard_txq_reset(struct ixguard_tx_queue *txq)
{
	memset((void *)(uintptr_t)txq->ring, 0,
	       (size_t)txq->nb_desc * IX_TXD_SIZE);
	txq->tail = 0;
	txq->clean = 0;
	txq->nb_free = txq->nb_desc - 1;
	txq->since_rs = 0;
	txq->rs_head = 0;
	txq->rs_tail = 0;
	txq->rs_count = 0;
	txq->forged_wait = false;
	ixguard_rc_reset(&txq->adm);	/* nothing admitted yet */
	ixguard_txctx_reset(txq);
}

static void
ixguard_txq_free(struct ixguard_tx_queue *txq)
{
	if (txq == NULL)
		return;
	ixguard_txq_free_mbufs(txq);
	rte_free(txq->sw_ring);
	rte_free(txq->rs_fifo);
	/* txq->mz and the shadow stay mapped until close (ixguard_shadow.c) */
	rte_free(txq);
}

void
ixguard_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	ixguard_txq_free(dev->data->tx_queues[qid]);
	dev->data->tx_queues[qid] = NULL;
}

int
ixguard_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
		       uint16_t nb_desc, unsigned int socket,
		       const struct rte_eth_txconf *conf)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	const struct rte_memzone *mz;
	struct ixguard_tx_queue *txq;
	size_t ring_off;
	uint16_t rs, fr;
	int ret;

	if (qid >= IXGUARD_MAX_TX_QUEUES)
		return -EINVAL;
	if (!ixguard_desc_count_ok(nb_desc)) {
		IXG_DRV_LOG(ERR, "port %u txq %u: %u descriptors: must be a "
			    "multiple of %u in %u..%u", dev->data->port_id,
			    qid, nb_desc, IXGUARD_RING_ALIGN,
			    IXGUARD_MIN_RING_DESC, IXGUARD_MAX_RING_DESC);
		return -EINVAL;
	}
	rs = conf->tx_rs_thresh != 0 ? conf->tx_rs_thresh :
	     ixguard_default_thresh(nb_desc, IXGUARD_TX_RS_THRESH_DEFAULT);
	fr = conf->tx_free_thresh != 0 ? conf->tx_free_thresh :
	     ixguard_tx_default_free_thresh(nb_desc, rs,
					    ixguard_shadow_mode(dev));
	if (rs == 0 || rs >= nb_desc - 2 || fr >= nb_desc - 3 || rs > fr) {
		IXG_DRV_LOG(ERR, "port %u txq %u: need 0 < tx_rs_thresh (%u) "
			    "<= tx_free_thresh (%u), tx_rs_thresh < %u, "
			    "tx_free_thresh < %u", dev->data->port_id, qid,
			    rs, fr, nb_desc - 2, nb_desc - 3);
		return -EINVAL;
	}

	/* The ring in the DMA domain first (see RX).  The device writes
	 * back DD into the ring: read-write. */
	ret = ixguard_ring_slot(dev, true, qid, socket, &mz, &ring_off);
	if (ret != 0)
		return ret == -ENOMEM ? -ENOMEM : -EIO;

	if (dev->data->tx_queues[qid] != NULL)
		ixguard_tx_queue_release(dev, qid);

	txq = rte_zmalloc_socket("ixguard_txq", sizeof(*txq),
				 RTE_CACHE_LINE_SIZE, socket);
	if (txq == NULL)
		return -ENOMEM;
	txq->sw_ring = rte_zmalloc_socket("ixguard_tx_sw",
					  sizeof(txq->sw_ring[0]) * nb_desc,
					  RTE_CACHE_LINE_SIZE, socket);
	txq->rs_fifo = rte_zmalloc_socket("ixguard_tx_rs",
					  sizeof(txq->rs_fifo[0]) * nb_desc,
					  RTE_CACHE_LINE_SIZE, socket);
	txq->mz = mz;
	if (txq->sw_ring == NULL || txq->rs_fifo == NULL) {
		ixguard_txq_free(txq);
		return -ENOMEM;
	}
	txq->queue_id = qid;
	txq->nb_desc = nb_desc;
	if (ixguard_shadow_tx_wanted(dev)) {
		ret = ixguard_shadow_tx_setup(dev, txq, socket);
		if (ret != 0) {
			ixguard_txq_free(txq);
			return ret == -ENOMEM ? -ENOMEM : -EIO;
		}
	}
	txq->ring = RTE_PTR_ADD(txq->mz->addr, ring_off);
	txq->ring_iova = txq->mz->iova + ring_off;
	txq->rs_thresh = rs;
	txq->free_thresh = fr;
	txq->reg_idx = qid;
	txq->port_id = dev->data->port_id;
	txq->offloads = conf->offloads | dev->data->dev_conf.txmode.offloads;
	txq->deferred_start = conf->tx_deferred_start;
	txq->tdt_reg = (volatile uint32_t *)(hw->hw_addr + IX_TDT(qid));
	ixguard_txq_reset(txq);
	if (ixguard_path_txq_fits(dev, txq) != 0) {
		ixguard_txq_free(txq);
		return -EINVAL;
	}
	dev->data->tx_queues[qid] = txq;
	return 0;
}

int
ixguard_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	struct ixguard_tx_queue *txq = dev->data->tx_queues[qid];
	uint16_t r;

	if (txq == NULL)
		return -EINVAL;
	if (txq->started)
		return 0;
	r = txq->reg_idx;
	ixguard_txq_reset(txq);
	ixg_write(hw, IX_TDBAL(r), (uint32_t)txq->ring_iova);
	ixg_write(hw, IX_TDBAH(r), (uint32_t)(txq->ring_iova >> 32));
	ixg_write(hw, IX_TDLEN(r), (uint32_t)txq->nb_desc * IX_TXD_SIZE);
	ixg_write(hw, IX_TDH(r), 0);
	ixg_write(hw, IX_TDT(r), 0);
	/* No head write-back: completion is reported through DD. */
	ixg_write(hw, IX_TDWBAL(r), 0);
	ixg_write(hw, IX_TDWBAH(r), 0);
	/* Prefetch threshold 32, write-back threshold 0 (each RS). */
	ixg_write(hw, IX_TXDCTL(r), 32 | IX_TXDCTL_ENABLE);
	if (ixguard_poll_bit(hw, IX_TXDCTL(r), IX_TXDCTL_ENABLE, true) != 0) {
		IXG_DRV_LOG(ERR, "port %u txq %u: TXDCTL.ENABLE did not set",
			    dev->data->port_id, qid);
		return -EIO;
	}
	txq->started = true;
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

int
ixguard_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	struct ixguard_tx_queue *txq = dev->data->tx_queues[qid];
	uint16_t r;
	int i;

	if (txq == NULL)
		return -EINVAL;
	r = txq->reg_idx;
	if (txq->started) {
		/* Give the queue up to 10 ms to drain what was posted. */
		for (i = 0; i < 1000; i++) {
			if (ixg_read(hw, IX_TDH(r)) == ixg_read(hw, IX_TDT(r)))
				break;
			rte_delay_us(10);
		}
		ixg_write(hw, IX_TXDCTL(r), 0);
		if (ixguard_poll_bit(hw, IX_TXDCTL(r), IX_TXDCTL_ENABLE,
				     false) != 0)
			IXG_DRV_LOG(WARNING, "port %u txq %u: TXDCTL.ENABLE "
				    "did not clear", dev->data->port_id, qid);
		rte_delay_us(100);
	}
	ixguard_txq_free_mbufs(txq);
	ixguard_txq_reset(txq);
	txq->started = false;
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

void
ixguard_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
		     struct rte_eth_txq_info *qinfo)
{
	struct ixguard_tx_queue *txq = dev->data->tx_queues[qid];

	qinfo->nb_desc = txq->nb_desc;
	qinfo->conf.tx_rs_thresh = txq->rs_thresh;
	qinfo->conf.tx_free_thresh = txq->free_thresh;
	qinfo->conf.tx_deferred_start = txq->deferred_start;
	qinfo->conf.offloads = txq->offloads;
}

/* ---- Whole-port start / stop ------------------------------------------ */

/*
 * §4.6.7, receive: the MAC's receive settings (frame size, CRC strip),
 * RSS and checksum, VLAN, then each RX queue not deferred.  Receive
 * itself (RXCTRL.RXEN) is enabled by dev_start once transmit is ready.
 * On failure the queues started so far are stopped by the caller.
 */
int
ixguard_rx_init(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_hw *hw = &ad->hw;
	uint64_t rx_offloads = dev->data->dev_conf.rxmode.offloads;
	uint32_t hlreg0, rdrxctl;
	uint16_t q;
	int ret;

	ad->max_frame = dev->data->mtu + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN;

	/* MAC: CRC insert and pad on TX, CRC strip on RX unless kept. */
	hlreg0 = ixg_read(hw, IX_HLREG0);
	hlreg0 |= IX_HLREG0_TXCRCEN | IX_HLREG0_TXPADEN;
	hlreg0 &= ~(IX_HLREG0_LPBK | IX_HLREG0_JUMBOEN);
	if (ad->max_frame > RTE_ETHER_MAX_LEN)
		hlreg0 |= IX_HLREG0_JUMBOEN;
	rdrxctl = ixg_read(hw, IX_RDRXCTL);
	if (rx_offloads & RTE_ETH_RX_OFFLOAD_KEEP_CRC) {
		hlreg0 &= ~IX_HLREG0_RXCRCSTRP;
		rdrxctl &= ~IX_RDRXCTL_CRCSTRIP;
	} else {
		hlreg0 |= IX_HLREG0_RXCRCSTRP;
		rdrxctl |= IX_RDRXCTL_CRCSTRIP;
	}
	/* 4.6.7: RSCACKC and FCOE_WRFIX must be set on the 82599. */
	rdrxctl |= IX_RDRXCTL_RSCACKC | IX_RDRXCTL_FCOE_WRFIX;
	ixg_write(hw, IX_HLREG0, hlreg0);
	ixg_write(hw, IX_RDRXCTL, rdrxctl);
	ixg_write(hw, IX_MAXFRS, ad->max_frame << IX_MHADD_MFS_SHIFT);

	/* RSS and receive checksum, VLAN (ixguard_rss.c, ixguard_vlan.c). */
	ixguard_rss_start(dev);
	ixguard_vlan_start(dev);

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq == NULL || rxq->deferred_start)
			continue;
		ret = ixguard_rx_queue_start(dev, q);
		if (ret != 0)
			return ret;
	}
	dev->data->scattered_rx =
		(rx_offloads & RTE_ETH_RX_OFFLOAD_SCATTER) != 0;
	return 0;
}

/*
 * §4.6.8, transmit: transmit DMA enabled (DMATXCTL.TE must be set before
 * any TX queue is), then each TX queue not deferred.
 */
int
ixguard_tx_init(struct rte_eth_dev *dev)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	uint16_t q;
	int ret;

	ixg_write(hw, IX_DMATXCTL, ixg_read(hw, IX_DMATXCTL) |
		  IX_DMATXCTL_TE);
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct ixguard_tx_queue *txq = dev->data->tx_queues[q];

		if (txq == NULL || txq->deferred_start)
			continue;
		ret = ixguard_tx_queue_start(dev, q);
		if (ret != 0)
			return ret;
	}
	return 0;
}

void
ixguard_rxtx_stop(struct rte_eth_dev *dev)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	uint16_t q;

	ixguard_hw_rx_enable(hw, false);
	for (q = 0; q < dev->data->nb_rx_queues; q++)
		if (dev->data->rx_queues[q] != NULL)
			ixguard_rx_queue_stop(dev, q);
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		if (dev->data->tx_queues[q] != NULL)
			ixguard_tx_queue_stop(dev, q);
}

void
ixguard_rxtx_release_all(struct rte_eth_dev *dev)
{
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++)
		ixguard_rx_queue_release(dev, q);
	for (q = 0; q < dev->data->nb_tx_queues; q++)
		ixguard_tx_queue_release(dev, q);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Statistics.  The 82599 MAC counters are clear on read: every read adds
 * the register to a 64-bit software total (datasheet 8.2.3.23).  The 16
 * per-queue counter sets count the queues RQSMR/TQSM map to them
 * (queue_stats_mapping_set; queue q to set q % 16 by default).
 */

#include <errno.h>
#include <string.h>

#include "ixguard_dma.h"
#include "ixguard_dmabuf.h"
#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_qguard.h"
#include "ixguard_rxtx.h"

/* 64-bit counters: reading the low half latches the high half. */
static uint64_t
ixg_read64(struct ixguard_hw *hw, uint32_t lo, uint32_t hi)
{
	uint64_t v = ixg_read(hw, lo);

	return v | (uint64_t)(ixg_read(hw, hi) & 0xF) << 32; /* 36 bits */
}

/*
 * Queue q counts in set q % 16 until the application maps it elsewhere:
 * the first 16 queues each have their own set, and every queue counts
 * somewhere, so the sets add up to the port (ixguard_stats_get()).
 */
void
ixguard_stats_map_init(struct ixguard_adapter *ad)
{
	unsigned int q;

	for (q = 0; q < RTE_DIM(ad->rx_qmap); q++)
		ad->rx_qmap[q] = q % IX_QSTAT_COUNTERS;
	for (q = 0; q < RTE_DIM(ad->tx_qmap); q++)
		ad->tx_qmap[q] = q % IX_QSTAT_COUNTERS;
}

/* RQSMR(i) / TQSM(i): queues 4i..4i+3, one byte each, set in bits 3:0. */
static uint32_t
ixguard_qsm_reg(const uint8_t *map, unsigned int nq, unsigned int i)
{
	uint32_t v = 0;
	unsigned int k;

	for (k = 0; k < 4 && 4 * i + k < nq; k++)
		v |= (uint32_t)(map[4 * i + k] & IX_QSM_INDEX_MASK) << (8 * k);
	return v;
}

/* dev_start, after the reset: the whole mapping. */
void
ixguard_stats_map_queues(struct ixguard_adapter *ad)
{
	unsigned int i;

	for (i = 0; i < IX_NUM_RX_QUEUES / 4; i++) {
		ixg_write(&ad->hw, IX_RQSMR(i), ixguard_qsm_reg(ad->rx_qmap,
			  RTE_DIM(ad->rx_qmap), i));
		/* TX queues 64-127 do not exist without VMDq/DCB: set 0. */
		ixg_write(&ad->hw, IX_TQSM(i), ixguard_qsm_reg(ad->tx_qmap,
			  RTE_DIM(ad->tx_qmap), i));
	}
}

/*
 * queue_stats_mapping_set: queue qid counts in counter set stat_idx
 * (QPRC/QBRC/QPRDC or QPTC/QBTC), at once if the port runs.  The sets
 * keep what they counted: a set shared by several queues counts them all.
 */
int
ixguard_queue_stats_mapping_set(struct rte_eth_dev *dev, uint16_t qid,
				uint8_t stat_idx, uint8_t is_rx)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	uint8_t *map = is_rx ? ad->rx_qmap : ad->tx_qmap;
	unsigned int nq = is_rx ? RTE_DIM(ad->rx_qmap) : RTE_DIM(ad->tx_qmap);

	if (stat_idx >= IX_QSTAT_COUNTERS) {
		IXG_DRV_LOG(ERR, "port %u: counter set %u: the 82599 has %u "
			    "(0-%u)", dev->data->port_id, stat_idx,
			    IX_QSTAT_COUNTERS, IX_QSTAT_COUNTERS - 1);
		return -EINVAL;
	}
	if (qid >= nq) {
		IXG_DRV_LOG(ERR, "port %u: %s queue %u does not exist",
			    dev->data->port_id, is_rx ? "RX" : "TX", qid);
		return -EINVAL;
	}
	map[qid] = stat_idx;
	if (ad->started)
		ixg_write(&ad->hw, is_rx ? IX_RQSMR(qid / 4) : IX_TQSM(qid / 4),
			  ixguard_qsm_reg(map, nq, qid / 4));
	return 0;
}

/* Fold every clear-on-read counter into the software totals. */
static void
ixguard_stats_update(struct ixguard_adapter *ad)
{
	struct ixguard_hw *hw = &ad->hw;
	struct ixguard_hw_stats *s = &ad->stats;
	unsigned int i;

	s->crcerrs += ixg_read(hw, IX_CRCERRS);
	s->illerrc += ixg_read(hw, IX_ILLERRC);
	s->errbc += ixg_read(hw, IX_ERRBC);
	s->mspdc += ixg_read(hw, IX_MSPDC);
	for (i = 0; i < 8; i++)
		s->mpc += ixg_read(hw, IX_MPC(i));
	s->mlfc += ixg_read(hw, IX_MLFC);
	s->mrfc += ixg_read(hw, IX_MRFC);
	s->rlec += ixg_read(hw, IX_RLEC);
	s->lxontxc += ixg_read(hw, IX_LXONTXC);
	s->lxofftxc += ixg_read(hw, IX_LXOFFTXC);
	s->lxonrxc += ixg_read(hw, IX_LXONRXCNT);
	s->lxoffrxc += ixg_read(hw, IX_LXOFFRXCNT);
	s->prc64 += ixg_read(hw, IX_PRC64);
	s->prc127 += ixg_read(hw, IX_PRC127);
	s->prc255 += ixg_read(hw, IX_PRC255);
	s->prc511 += ixg_read(hw, IX_PRC511);
	s->prc1023 += ixg_read(hw, IX_PRC1023);
	s->prc1522 += ixg_read(hw, IX_PRC1522);
	s->gprc += ixg_read(hw, IX_GPRC);
	s->bprc += ixg_read(hw, IX_BPRC);
	s->mprc += ixg_read(hw, IX_MPRC);
	s->gptc += ixg_read(hw, IX_GPTC);
	s->gorc += ixg_read64(hw, IX_GORCL, IX_GORCH);
	s->gotc += ixg_read64(hw, IX_GOTCL, IX_GOTCH);
	s->ruc += ixg_read(hw, IX_RUC);
	s->rfc += ixg_read(hw, IX_RFC);
	s->roc += ixg_read(hw, IX_ROC);
	s->rjc += ixg_read(hw, IX_RJC);
	s->tor += ixg_read64(hw, IX_TORL, IX_TORH);
	s->tpr += ixg_read(hw, IX_TPR);
	s->tpt += ixg_read(hw, IX_TPT);
	s->ptc64 += ixg_read(hw, IX_PTC64);
	s->ptc127 += ixg_read(hw, IX_PTC127);
	s->ptc255 += ixg_read(hw, IX_PTC255);
	s->ptc511 += ixg_read(hw, IX_PTC511);
	s->ptc1023 += ixg_read(hw, IX_PTC1023);
	s->ptc1522 += ixg_read(hw, IX_PTC1522);
	s->mptc += ixg_read(hw, IX_MPTC);
	s->bptc += ixg_read(hw, IX_BPTC);
	s->xec += ixg_read(hw, IX_XEC);
	for (i = 0; i < IX_QSTAT_COUNTERS; i++) {
		s->qprc[i] += ixg_read(hw, IX_QPRC(i));
		s->qptc[i] += ixg_read(hw, IX_QPTC(i));
		s->qbrc[i] += ixg_read64(hw, IX_QBRC_L(i), IX_QBRC_H(i));
		s->qbtc[i] += ixg_read64(hw, IX_QBTC_L(i), IX_QBTC_H(i));
		s->qprdc[i] += ixg_read(hw, IX_QPRDC(i));
	}
}

void
ixguard_stats_clear_hw(struct ixguard_adapter *ad)
{
	rte_spinlock_lock(&ad->stats_lock);
	ixguard_stats_update(ad);
	memset(&ad->stats, 0, sizeof(ad->stats));
	rte_spinlock_unlock(&ad->stats_lock);
}

static void
ixguard_sw_errors(struct rte_eth_dev *dev, uint64_t *rx_err, uint64_t *tx_err)
{
	uint16_t q;

	*rx_err = 0;
	*tx_err = 0;
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			*rx_err += rxq->err_frames + rxq->bad_desc;
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct ixguard_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL)
			*tx_err += txq->bad_pkts;
	}
}

int
ixguard_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_hw_stats *s = &ad->stats;
	uint64_t rx_sw_err, tx_sw_err, q_bytes = 0, q_pkts = 0;
	unsigned int i;

	ixguard_sw_errors(dev, &rx_sw_err, &tx_sw_err);
	rte_spinlock_lock(&ad->stats_lock);
	ixguard_stats_update(ad);
	/*
	 * GPRC and GORC also count frames then missed for lack of
	 * descriptors (MPC).  Packets can be corrected by MPC, bytes cannot:
	 * they come from the queue counters, which count only frames that
	 * reached a queue.  Every queue maps to one of the 16 counter sets
	 * (RQSMR), so the sets add up to the port.
	 */
	for (i = 0; i < IX_QSTAT_COUNTERS; i++) {
		q_bytes += s->qbrc[i];
		q_pkts += s->qprc[i];
	}
	/* QBRC counts the FCS when it is kept (HLREG0.RXCRCSTRP clear). */
	if (dev->data->dev_conf.rxmode.offloads & RTE_ETH_RX_OFFLOAD_KEEP_CRC)
		q_bytes -= RTE_MIN(q_bytes, q_pkts * RTE_ETHER_CRC_LEN);
	st->ipackets = s->gprc >= s->mpc ? s->gprc - s->mpc : 0;
	st->ibytes = q_bytes;
	/* GOTC includes the FCS the MAC appended. */
	st->opackets = s->gptc;
	st->obytes = s->gotc >= s->gptc * RTE_ETHER_CRC_LEN ?
		     s->gotc - s->gptc * RTE_ETHER_CRC_LEN : 0;
	st->imissed = s->mpc;
	st->ierrors = s->crcerrs + s->rlec + s->ruc + s->roc + s->illerrc +
		      s->errbc + rx_sw_err;
	st->oerrors = tx_sw_err + ixguard_dma_tx_refused(dev);
	st->rx_nombuf = dev->data->rx_mbuf_alloc_failed;
	for (i = 0; i < IX_QSTAT_COUNTERS &&
		    i < RTE_ETHDEV_QUEUE_STAT_CNTRS; i++) {
		st->q_ipackets[i] = s->qprc[i];
		st->q_opackets[i] = s->qptc[i];
		st->q_ibytes[i] = s->qbrc[i];
		st->q_obytes[i] = s->qbtc[i];
		st->q_errors[i] = s->qprdc[i];
	}
	rte_spinlock_unlock(&ad->stats_lock);
	return 0;
}

int
ixguard_stats_reset(struct rte_eth_dev *dev)
{
	uint16_t q;

	ixguard_stats_clear_hw(IXG_ADAPTER(dev));
	dev->data->rx_mbuf_alloc_failed = 0;
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL) {
			rxq->err_frames = 0;
			rxq->bad_desc = 0;
			rxq->forged_wb = 0;
		}
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct ixguard_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL) {
			txq->bad_pkts = 0;
			txq->bounced = 0;
			txq->forged_wb = 0;
		}
	}
	ixguard_dma_stats_reset(dev);
	ixguard_dmabuf_stats_reset(dev);
	ixguard_qguard_reset(dev);
	return 0;
}

/* ---- Extended statistics --------------------------------------------- */

struct ixguard_xstat {
	const char *name;
	size_t off;
};

#define XS(n, f) { n, offsetof(struct ixguard_hw_stats, f) }

/* Names follow the conventions of DPDK's other Intel PMDs. */
static const struct ixguard_xstat ixguard_xstats[] = {
	XS("rx_crc_errors", crcerrs),
	XS("rx_illegal_byte_errors", illerrc),
	XS("rx_error_bytes", errbc),
	XS("mac_local_errors", mlfc),
	XS("mac_remote_errors", mrfc),
	XS("rx_length_errors", rlec),
	XS("rx_missed_packets", mpc),
	XS("tx_xon_packets", lxontxc),
	XS("rx_xon_packets", lxonrxc),
	XS("tx_xoff_packets", lxofftxc),
	XS("rx_xoff_packets", lxoffrxc),
	XS("rx_size_64_packets", prc64),
	XS("rx_size_65_to_127_packets", prc127),
	XS("rx_size_128_to_255_packets", prc255),
	XS("rx_size_256_to_511_packets", prc511),
	XS("rx_size_512_to_1023_packets", prc1023),
	XS("rx_size_1024_to_max_packets", prc1522),
	XS("rx_broadcast_packets", bprc),
	XS("rx_multicast_packets", mprc),
	XS("rx_undersize_errors", ruc),
	XS("rx_fragment_errors", rfc),
	XS("rx_oversize_errors", roc),
	XS("rx_jabber_errors", rjc),
	XS("rx_total_packets", tpr),
	XS("rx_total_bytes", tor),
	XS("tx_total_packets", tpt),
	XS("tx_size_64_packets", ptc64),
	XS("tx_size_65_to_127_packets", ptc127),
	XS("tx_size_128_to_255_packets", ptc255),
	XS("tx_size_256_to_511_packets", ptc511),
	XS("tx_size_512_to_1023_packets", ptc1023),
	XS("tx_size_1024_to_max_packets", ptc1522),
	XS("tx_multicast_packets", mptc),
	XS("tx_broadcast_packets", bptc),
	XS("rx_xec_errors", xec),
};

/* Software counters of the driver (per port, summed over queues). */
enum {
	IXG_XS_RX_ERR_FRAMES,
	IXG_XS_RX_BAD_DESC,
	IXG_XS_TX_BAD_PKTS,
	IXG_XS_RX_FORGED_WB,
	IXG_XS_TX_FORGED_WB,
	IXG_XS_TX_DMA_REFUSED,
	IXG_XS_RX_QUEUE_DMA_ERR,
	IXG_XS_TX_QUEUE_DMA_ERR,
	IXG_XS_IOMMU_FAULTS,
	IXG_XS_RX_DMA_UNMAPPED,
	IXG_XS_TX_DMA_BOUNCED,
	IXG_XS_SW_NUM,
};

static const char *const ixguard_sw_xstat_names[IXG_XS_SW_NUM] = {
	[IXG_XS_RX_ERR_FRAMES] = "rx_mac_error_frames_dropped",
	[IXG_XS_RX_BAD_DESC] = "rx_bad_descriptors",
	[IXG_XS_TX_BAD_PKTS] = "tx_malformed_packets_dropped",
	[IXG_XS_RX_FORGED_WB] = "rx_forged_writebacks",
	[IXG_XS_TX_FORGED_WB] = "tx_forged_writebacks",
	[IXG_XS_TX_DMA_REFUSED] = "tx_dma_refused_packets",
	/* Queues the device stopped on a DMA error (ixguard_qguard.c). */
	[IXG_XS_RX_QUEUE_DMA_ERR] = "rx_queue_dma_errors",
	[IXG_XS_TX_QUEUE_DMA_ERR] = "tx_queue_dma_errors",
	/* DMAs of the device the IOMMU refused (ixguard_dma.c). */
	[IXG_XS_IOMMU_FAULTS] = "iommu_faults",
	/* RX buffers outside the DMA domain, not posted (ixguard_dmabuf.c). */
	[IXG_XS_RX_DMA_UNMAPPED] = "rx_dma_unmapped_bufs",
	/* TX packets copied, their pages not mapped (ixguard_dmabuf.c). */
	[IXG_XS_TX_DMA_BOUNCED] = "tx_dma_bounced_packets",
};

#define IXG_XS_HW_NUM	RTE_DIM(ixguard_xstats)
#define IXG_XS_TOTAL	(IXG_XS_HW_NUM + IXG_XS_SW_NUM)

int
ixguard_xstats_get_names(struct rte_eth_dev *dev __rte_unused,
			 struct rte_eth_xstat_name *names, unsigned int size)
{
	unsigned int i;

	if (names == NULL || size < IXG_XS_TOTAL)
		return IXG_XS_TOTAL;
	for (i = 0; i < IXG_XS_HW_NUM; i++)
		strlcpy(names[i].name, ixguard_xstats[i].name,
			sizeof(names[i].name));
	for (i = 0; i < IXG_XS_SW_NUM; i++)
		strlcpy(names[IXG_XS_HW_NUM + i].name,
			ixguard_sw_xstat_names[i], sizeof(names[0].name));
	return IXG_XS_TOTAL;
}

int
ixguard_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
		   unsigned int n)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	uint64_t sw[IXG_XS_SW_NUM] = { 0 };
	unsigned int i;
	uint16_t q;

	if (xs == NULL || n < IXG_XS_TOTAL)
		return IXG_XS_TOTAL;
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL) {
			sw[IXG_XS_RX_ERR_FRAMES] += rxq->err_frames;
			sw[IXG_XS_RX_BAD_DESC] += rxq->bad_desc;
			sw[IXG_XS_RX_FORGED_WB] += rxq->forged_wb;
		}
	}
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		struct ixguard_tx_queue *txq = dev->data->tx_queues[q];

		if (txq != NULL) {
			sw[IXG_XS_TX_BAD_PKTS] += txq->bad_pkts;
			sw[IXG_XS_TX_FORGED_WB] += txq->forged_wb;
			sw[IXG_XS_TX_DMA_BOUNCED] += txq->bounced;
		}
	}
	sw[IXG_XS_TX_DMA_REFUSED] = ixguard_dma_tx_refused(dev);
	sw[IXG_XS_RX_QUEUE_DMA_ERR] = ixguard_qguard_rx_errors(dev);
	sw[IXG_XS_TX_QUEUE_DMA_ERR] = ixguard_qguard_tx_errors(dev);
	sw[IXG_XS_IOMMU_FAULTS] = ixguard_dma_iommu_faults(dev);
	sw[IXG_XS_RX_DMA_UNMAPPED] = ixguard_dmabuf_rx_unmapped(dev);
	rte_spinlock_lock(&ad->stats_lock);
	ixguard_stats_update(ad);
	for (i = 0; i < IXG_XS_HW_NUM; i++) {
		xs[i].id = i;
		xs[i].value = *(const uint64_t *)((const char *)&ad->stats +
						  ixguard_xstats[i].off);
	}
	rte_spinlock_unlock(&ad->stats_lock);
	for (i = 0; i < IXG_XS_SW_NUM; i++) {
		xs[IXG_XS_HW_NUM + i].id = IXG_XS_HW_NUM + i;
		xs[IXG_XS_HW_NUM + i].value = sw[i];
	}
	return IXG_XS_TOTAL;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Which burst functions a port runs: one table for RX, one for TX, each
 * entry a {function, name, requirements} (struct ixguard_rx_path,
 * ixguard_tx_path in ixguard_rxtx.h), fastest first.  dev_start takes
 * the first entry whose requirements hold, among the entries of the
 * family the devargs rx_path/tx_path force (default: any).  The burst
 * mode queries report the entry's name, and the supported packet types
 * are those every entry delivers.
 *
 * Adding a path: define its burst function in its own file, declare it in
 * ixguard_rxtx.h, and add its entries to the tables below, above the
 * slower ones, with what it needs and what it cannot do.  Every path runs
 * the checks of ixguard_rxtx_common.h against a hostile device.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cpuflags.h>
#include <rte_vect.h>
#include <rte_version.h>
#include <ethdev_driver.h>

#include "ixguard_dma.h"
#include "ixguard_ethdev.h"
#include "ixguard_flow.h"
#include "ixguard_logs.h"
#include "ixguard_rxtx.h"
#ifdef IXGUARD_VEC_X86
#include "ixguard_rxtx_vec.h"
#endif

/* Every offload: what the scalar paths implement. */
#define ALL_OFFLOADS	UINT64_MAX
/*
 * The vector RX paths deliver what the scalar one does for a frame in
 * one buffer (same tables, ixguard_rxtx_vec.h); frames over several
 * buffers (scatter) and KEEP_CRC (the FCS taken off the lengths,
 * ixguard_rx_strip_crc()) are the scalar path's.  The vector TX path sends
 * single-segment packets without offload requests (anything else in a
 * burst is handed to the scalar code, but a queue configured for
 * checksums, VLAN insertion, TSO or chains gets the scalar path).
 */
#define VEC_RX_OFFLOADS	(RTE_ETH_RX_OFFLOAD_VLAN_STRIP | \
			 RTE_ETH_RX_OFFLOAD_VLAN_FILTER | \
			 RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | \
			 RTE_ETH_RX_OFFLOAD_UDP_CKSUM | \
			 RTE_ETH_RX_OFFLOAD_TCP_CKSUM | \
			 RTE_ETH_RX_OFFLOAD_SCTP_CKSUM | \
			 RTE_ETH_RX_OFFLOAD_RSS_HASH)
#define VEC_TX_OFFLOADS	RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE

static const struct ixguard_rx_path rx_paths[] = {
#ifdef RTE_ARCH_X86
#ifdef IXGUARD_VEC_AVX2
	{
		.burst = ixguard_recv_pkts_vec_avx2_shadow,
		.name = "Vector AVX2 shadow",
		.family = "avx2",
		.simd_width = RTE_VECT_SIMD_256,
		.cpu_flag = RTE_CPUFLAG_AVX2,
		.flags = IXGUARD_PATH_DMA_SHADOW,
		.offloads = VEC_RX_OFFLOADS,
	},
	{
		.burst = ixguard_recv_pkts_vec_avx2,
		.name = "Vector AVX2",
		.family = "avx2",
		.simd_width = RTE_VECT_SIMD_256,
		.cpu_flag = RTE_CPUFLAG_AVX2,
		.flags = IXGUARD_PATH_DMA_DIRECT | IXGUARD_PATH_DMA_CHECKED,
		.offloads = VEC_RX_OFFLOADS,
	},
#endif
#ifdef IXGUARD_VEC_X86
	{
		.burst = ixguard_recv_pkts_vec_sse_shadow,
		.name = "Vector SSE shadow",
		.family = "sse",
		.simd_width = RTE_VECT_SIMD_128,
		.cpu_flag = RTE_CPUFLAG_SSE4_1,
		.flags = IXGUARD_PATH_DMA_SHADOW,
		.offloads = VEC_RX_OFFLOADS,
	},
	{
		.burst = ixguard_recv_pkts_vec_sse,
		.name = "Vector SSE",
		.family = "sse",
		.simd_width = RTE_VECT_SIMD_128,
		.cpu_flag = RTE_CPUFLAG_SSE4_1,
		.flags = IXGUARD_PATH_DMA_DIRECT | IXGUARD_PATH_DMA_CHECKED,
		.offloads = VEC_RX_OFFLOADS,
	},
#endif
#endif
	{
		.burst = ixguard_recv_pkts_shadow,
		.name = "Scalar shadow",
		.family = "scalar",
		.simd_width = RTE_VECT_SIMD_DISABLED,
		.cpu_flag = IXGUARD_PATH_NO_CPU_FLAG,
		.flags = IXGUARD_PATH_DMA_SHADOW | IXGUARD_PATH_SCATTER |
			 IXGUARD_PATH_FDIR_ID,
		.offloads = ALL_OFFLOADS,
	},
	{
		.burst = ixguard_recv_pkts,
		.name = "Scalar",
		.family = "scalar",
		.simd_width = RTE_VECT_SIMD_DISABLED,
		.cpu_flag = IXGUARD_PATH_NO_CPU_FLAG,
		.flags = IXGUARD_PATH_DMA_DIRECT | IXGUARD_PATH_DMA_CHECKED |
			 IXGUARD_PATH_SCATTER | IXGUARD_PATH_FDIR_ID,
		.offloads = ALL_OFFLOADS,
	},
};

static const struct ixguard_tx_path tx_paths[] = {
#ifdef RTE_ARCH_X86
#ifdef IXGUARD_VEC_X86
	{
		.burst = ixguard_xmit_pkts_vec_shadow,
		.name = "Vector SSE shadow",
		.family = "sse",
		.simd_width = RTE_VECT_SIMD_128,
		.cpu_flag = RTE_CPUFLAG_SSE4_1,
		.flags = IXGUARD_PATH_DMA_SHADOW,
		.offloads = VEC_TX_OFFLOADS,
	},
	{
		.burst = ixguard_xmit_pkts_vec_checked,
		.name = "Vector SSE DMA-checked",
		.family = "sse",
		.simd_width = RTE_VECT_SIMD_128,
		.cpu_flag = RTE_CPUFLAG_SSE4_1,
		.flags = IXGUARD_PATH_DMA_CHECKED,
		.offloads = VEC_TX_OFFLOADS,
	},
	{
		.burst = ixguard_xmit_pkts_vec,
		.name = "Vector SSE",
		.family = "sse",
		.simd_width = RTE_VECT_SIMD_128,
		.cpu_flag = RTE_CPUFLAG_SSE4_1,
		.flags = IXGUARD_PATH_DMA_DIRECT,
		.offloads = VEC_TX_OFFLOADS,
	},
#endif
#endif
	{
		.burst = ixguard_xmit_pkts_shadow,
		.name = "Scalar shadow",
		.family = "scalar",
		.simd_width = RTE_VECT_SIMD_DISABLED,
		.cpu_flag = IXGUARD_PATH_NO_CPU_FLAG,
		.flags = IXGUARD_PATH_DMA_SHADOW | IXGUARD_PATH_SCATTER,
		.offloads = ALL_OFFLOADS,
	},
	{
		.burst = ixguard_xmit_pkts_checked,
		.name = "Scalar DMA-checked",
		.family = "scalar",
		.simd_width = RTE_VECT_SIMD_DISABLED,
		.cpu_flag = IXGUARD_PATH_NO_CPU_FLAG,
		.flags = IXGUARD_PATH_DMA_CHECKED | IXGUARD_PATH_SCATTER,
		.offloads = ALL_OFFLOADS,
	},
	{
		.burst = ixguard_xmit_pkts,
		.name = "Scalar",
		.family = "scalar",
		.simd_width = RTE_VECT_SIMD_DISABLED,
		.cpu_flag = IXGUARD_PATH_NO_CPU_FLAG,
		.flags = IXGUARD_PATH_DMA_DIRECT | IXGUARD_PATH_SCATTER,
		.offloads = ALL_OFFLOADS,
	},
};

/* ---- Families (devargs) ----------------------------------------------- */

int
ixguard_path_family_parse(const char *value, bool rx, const char **family)
{
	unsigned int i;

	if (value == NULL)
		return -EINVAL;
	if (strcmp(value, "auto") == 0) {
		*family = NULL;
		return 0;
	}
	/* The table's own string: it outlives the devargs. */
	if (rx) {
		for (i = 0; i < RTE_DIM(rx_paths); i++)
			if (strcmp(rx_paths[i].family, value) == 0) {
				*family = rx_paths[i].family;
				return 0;
			}
	} else {
		for (i = 0; i < RTE_DIM(tx_paths); i++)
			if (strcmp(tx_paths[i].family, value) == 0) {
				*family = tx_paths[i].family;
				return 0;
			}
	}
	return -EINVAL;
}

/* The i-th family of both tables in turn (duplicates included). */
static const char *
family_at(unsigned int i)
{
	return i < RTE_DIM(rx_paths) ? rx_paths[i].family :
	       tx_paths[i - RTE_DIM(rx_paths)].family;
}

const char *
ixguard_path_families(void)
{
	static char list[128];
	unsigned int i, j;
	size_t len;

	if (list[0] != '\0')
		return list;
	len = snprintf(list, sizeof(list), "auto");
	for (i = 0; i < RTE_DIM(rx_paths) + RTE_DIM(tx_paths); i++) {
		for (j = 0; j < i; j++)
			if (strcmp(family_at(j), family_at(i)) == 0)
				break;
		if (j == i && len < sizeof(list))
			len += snprintf(list + len, sizeof(list) - len, "|%s",
					family_at(i));
	}
	return list;
}

/* ---- Requirements ----------------------------------------------------- */

/* NULL: the CPU and the EAL let the code run; else why not. */
static const char *
cpu_refusal(uint16_t simd_width, int cpu_flag)
{
	if (simd_width > rte_vect_get_max_simd_bitwidth())
		return "the EAL's max SIMD bitwidth is lower "
		       "(--force-max-simd-bitwidth)";
	if (cpu_flag != IXGUARD_PATH_NO_CPU_FLAG &&
	    rte_cpu_get_flag_enabled((enum rte_cpu_flag_t)cpu_flag) <= 0)
		return "the CPU lacks the instructions";
	return NULL;
}

static bool
rxq_needs_scatter(const struct rte_eth_dev *dev,
		  const struct ixguard_rx_queue *rxq)
{
	uint32_t frame = dev->data->mtu + RTE_ETHER_HDR_LEN +
			 RTE_ETHER_CRC_LEN;

	return (rxq->offloads & RTE_ETH_RX_OFFLOAD_SCATTER) ||
	       frame > rxq->buf_len;
}

static const char *
rxq_refusal(const struct rte_eth_dev *dev, const struct ixguard_rx_path *p,
	    const struct ixguard_rx_queue *rxq)
{
	if (!(p->flags & IXGUARD_PATH_SCATTER) && rxq_needs_scatter(dev, rxq))
		return "a queue scatters frames over several buffers";
	if (rxq->offloads & ~p->offloads)
		return "a queue has an offload it does not implement";
	if (p->queue_ok != NULL && !p->queue_ok(rxq))
		return "a queue's ring size or thresholds do not fit it";
	return NULL;
}

static const char *
rx_refusal(struct rte_eth_dev *dev, const struct ixguard_rx_path *p,
	   uint32_t dma)
{
	const char *why;
	uint16_t q;

	if (!(p->flags & dma))
		return "it does not run in this dma_isolation mode";
	if (!(p->flags & IXGUARD_PATH_FDIR_ID) &&
	    ixguard_flow_needs_fdir_id(dev))
		return "flow rules with a mark need a path that reports it";
	why = cpu_refusal(p->simd_width, p->cpu_flag);
	if (why != NULL)
		return why;
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		const struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq == NULL)
			continue;
		why = rxq_refusal(dev, p, rxq);
		if (why != NULL)
			return why;
	}
	return NULL;
}

static const char *
txq_refusal(const struct ixguard_tx_path *p,
	    const struct ixguard_tx_queue *txq)
{
	if (!(p->flags & IXGUARD_PATH_SCATTER) &&
	    (txq->offloads & RTE_ETH_TX_OFFLOAD_MULTI_SEGS))
		return "a queue sends multi-segment packets";
	if (txq->offloads & ~p->offloads)
		return "a queue has an offload it does not implement";
	if (p->queue_ok != NULL && !p->queue_ok(txq))
		return "a queue's ring size or thresholds do not fit it";
	return NULL;
}

static const char *
tx_refusal(struct rte_eth_dev *dev, const struct ixguard_tx_path *p,
	   uint32_t dma)
{
	const char *why;
	uint16_t q;

	if (!(p->flags & dma))
		return "it does not run in this dma_isolation mode";
	why = cpu_refusal(p->simd_width, p->cpu_flag);
	if (why != NULL)
		return why;
	for (q = 0; q < dev->data->nb_tx_queues; q++) {
		const struct ixguard_tx_queue *txq = dev->data->tx_queues[q];

		if (txq == NULL)
			continue;
		why = txq_refusal(p, txq);
		if (why != NULL)
			return why;
	}
	return NULL;
}

/* ---- Selection -------------------------------------------------------- */

int
ixguard_path_select(struct rte_eth_dev *dev,
		    const struct ixguard_rx_path **rx,
		    const struct ixguard_tx_path **tx)
{
	const struct ixguard_devargs *da = &IXG_ADAPTER(dev)->devargs;
	uint32_t dma = ixguard_dma_path_class(dev);
	const char *why = NULL, *rx_why = NULL, *tx_why = NULL;
	unsigned int i;

	*rx = NULL;
	*tx = NULL;
	for (i = 0; i < RTE_DIM(rx_paths) && *rx == NULL; i++) {
		const struct ixguard_rx_path *p = &rx_paths[i];

		if (da->rx_path != NULL && strcmp(p->family, da->rx_path) != 0)
			continue;
		why = rx_refusal(dev, p, dma);
		if (why == NULL)
			*rx = p;
		else if (rx_why == NULL)
			rx_why = why;	/* the fastest candidate's reason */
	}
	for (i = 0; i < RTE_DIM(tx_paths) && *tx == NULL; i++) {
		const struct ixguard_tx_path *p = &tx_paths[i];

		if (da->tx_path != NULL && strcmp(p->family, da->tx_path) != 0)
			continue;
		why = tx_refusal(dev, p, dma);
		if (why == NULL)
			*tx = p;
		else if (tx_why == NULL)
			tx_why = why;
	}
	if (*rx == NULL) {
		IXG_DRV_LOG(ERR, "port %u: rx_path=%s cannot run: %s",
			    dev->data->port_id,
			    da->rx_path != NULL ? da->rx_path : "auto",
			    rx_why != NULL ? rx_why : "no such path");
		return -EINVAL;
	}
	if (*tx == NULL) {
		IXG_DRV_LOG(ERR, "port %u: tx_path=%s cannot run: %s",
			    dev->data->port_id,
			    da->tx_path != NULL ? da->tx_path : "auto",
			    tx_why != NULL ? tx_why : "no such path");
		return -EINVAL;
	}
	IXG_DRV_LOG(INFO, "port %u: RX path %s, TX path %s",
		    dev->data->port_id, (*rx)->name, (*tx)->name);
	return 0;
}

void
ixguard_path_remember(struct rte_eth_dev *dev,
		      const struct ixguard_rx_path *rx,
		      const struct ixguard_tx_path *tx)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);

	ad->rx_path_idx = (int16_t)(rx - rx_paths);
	ad->tx_path_idx = (int16_t)(tx - tx_paths);
}

bool
ixguard_path_rx_reports_fdir_id(struct rte_eth_dev *dev)
{
	const struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	int ri = ad->rx_path_idx;

	if (!ad->started)
		return true;	/* the next dev_start chooses */
	return ri >= 0 && ri < (int)RTE_DIM(rx_paths) &&
	       (rx_paths[ri].flags & IXGUARD_PATH_FDIR_ID);
}

/*
 * A secondary process runs the paths the primary chose when it started
 * the port: every process that loads this driver has the same tables,
 * not the same function addresses.  Before the first start (or with an
 * index this build does not have), the defaults dev_init sets stay.
 */
void
ixguard_path_secondary(struct rte_eth_dev *dev)
{
	const struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	int ri = ad->rx_path_idx, ti = ad->tx_path_idx;

	if (ri >= 0 && ri < (int)RTE_DIM(rx_paths))
		dev->rx_pkt_burst = rx_paths[ri].burst;
	if (ti >= 0 && ti < (int)RTE_DIM(tx_paths))
		dev->tx_pkt_burst = tx_paths[ti].burst;
}

static const struct ixguard_rx_path *
rx_path_of(eth_rx_burst_t f)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(rx_paths); i++)
		if (rx_paths[i].burst == f)
			return &rx_paths[i];
	return NULL;
}

static const struct ixguard_tx_path *
tx_path_of(eth_tx_burst_t f)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(tx_paths); i++)
		if (tx_paths[i].burst == f)
			return &tx_paths[i];
	return NULL;
}

int
ixguard_path_rxq_fits(struct rte_eth_dev *dev,
		      const struct ixguard_rx_queue *rxq)
{
	const struct ixguard_rx_path *p = rx_path_of(dev->rx_pkt_burst);
	const char *why;

	if (!dev->data->dev_started || p == NULL)
		return 0;
	why = rxq_refusal(dev, p, rxq);
	if (why == NULL)
		return 0;
	IXG_DRV_LOG(ERR, "port %u rxq %u: the running RX path %s cannot "
		    "serve this queue: %s (stop the port first)",
		    dev->data->port_id, rxq->queue_id, p->name, why);
	return -EINVAL;
}

int
ixguard_path_txq_fits(struct rte_eth_dev *dev,
		      const struct ixguard_tx_queue *txq)
{
	const struct ixguard_tx_path *p = tx_path_of(dev->tx_pkt_burst);
	const char *why;

	if (!dev->data->dev_started || p == NULL)
		return 0;
	why = txq_refusal(p, txq);
	if (why == NULL)
		return 0;
	IXG_DRV_LOG(ERR, "port %u txq %u: the running TX path %s cannot "
		    "serve this queue: %s (stop the port first)",
		    dev->data->port_id, txq->queue_id, p->name, why);
	return -EINVAL;
}

/* ---- Queries ---------------------------------------------------------- */

int
ixguard_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid __rte_unused,
			  struct rte_eth_burst_mode *mode)
{
	const struct ixguard_rx_path *p = rx_path_of(dev->rx_pkt_burst);

	if (p == NULL)
		return -EINVAL;
	mode->flags = 0;
	snprintf(mode->info, sizeof(mode->info), "%s", p->name);
	return 0;
}

int
ixguard_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid __rte_unused,
			  struct rte_eth_burst_mode *mode)
{
	const struct ixguard_tx_path *p = tx_path_of(dev->tx_pkt_burst);

	if (p == NULL)
		return -EINVAL;
	mode->flags = 0;
	snprintf(mode->info, sizeof(mode->info), "%s", p->name);
	return 0;
}

/*
 * Every RX path sets packet_type as ixguard_rx_ptype() does (a path that
 * could not would need a list of its own here).  DPDK 24.03 gave the
 * callback the list's length and dropped the RTE_PTYPE_UNKNOWN end mark.
 */
static const uint32_t ixguard_ptypes[] = {
	RTE_PTYPE_L2_ETHER,
	RTE_PTYPE_L2_ETHER_VLAN,
	RTE_PTYPE_L2_ETHER_QINQ,
	RTE_PTYPE_L3_IPV4,
	RTE_PTYPE_L3_IPV4_EXT,
	RTE_PTYPE_L3_IPV6,
	RTE_PTYPE_L3_IPV6_EXT,
	RTE_PTYPE_L4_TCP,
	RTE_PTYPE_L4_UDP,
	RTE_PTYPE_L4_SCTP,
	RTE_PTYPE_UNKNOWN,
};

#if RTE_VERSION >= RTE_VERSION_NUM(24, 3, 0, 0)
const uint32_t *
ixguard_supported_ptypes(struct rte_eth_dev *dev, size_t *nb)
{
	*nb = RTE_DIM(ixguard_ptypes) - 1;
	return rx_path_of(dev->rx_pkt_burst) != NULL ? ixguard_ptypes : NULL;
}
#else
const uint32_t *
ixguard_supported_ptypes(struct rte_eth_dev *dev)
{
	return rx_path_of(dev->rx_pkt_burst) != NULL ? ixguard_ptypes : NULL;
}
#endif

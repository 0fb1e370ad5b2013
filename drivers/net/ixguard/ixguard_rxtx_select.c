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
 * are those every entry delivers.  Choosing, checking a queue against the
 * running entry and naming it are written once for both tables (struct
 * path_table below says what differs between RX and TX).
 *
 * Adding a path: define its burst function in its own file, declare it in
 * ixguard_rxtx.h, and add its entries to the tables below, above the
 * slower ones, with what it needs and what it cannot do.  Every path runs
 * the checks of ixguard_rxtx_common.h against a hostile device.
 */

#include <errno.h>
#include <stddef.h>
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

/* A family with what its code needs of the CPU and the EAL. */
#define FAM_AVX2	"avx2", RTE_VECT_SIMD_256, RTE_CPUFLAG_AVX2
#define FAM_SSE		"sse", RTE_VECT_SIMD_128, RTE_CPUFLAG_SSE4_1
#define FAM_SCALAR	"scalar", RTE_VECT_SIMD_DISABLED, IXGUARD_PATH_NO_CPU_FLAG
/* DMA modes and abilities (ixguard_rxtx.h). */
#define DIRECT		IXGUARD_PATH_DMA_DIRECT
#define CHECKED		IXGUARD_PATH_DMA_CHECKED
#define SHADOW		IXGUARD_PATH_DMA_SHADOW
#define SCATTER		IXGUARD_PATH_SCATTER
#define FDIR_ID		IXGUARD_PATH_FDIR_ID

/* One row: PATH(burst, name, FAM_x, flags, offloads). */
#define PATH(fn, nm, fam, fl, off)	PATH_ROW(fn, nm, fam, fl, off)
#define PATH_ROW(fn, nm, fam, width, cpu, fl, off) { \
	.req = { .name = nm, .family = fam, .simd_width = width, \
		 .cpu_flag = cpu, .flags = fl, .offloads = off }, \
	.burst = fn }

static const struct ixguard_rx_path rx_paths[] = {
#ifdef RTE_ARCH_X86
#ifdef IXGUARD_VEC_AVX2
	PATH(ixguard_recv_pkts_vec_avx2_shadow, "Vector AVX2 shadow", FAM_AVX2,
	     SHADOW, VEC_RX_OFFLOADS),
	PATH(ixguard_recv_pkts_vec_avx2, "Vector AVX2", FAM_AVX2,
	     DIRECT | CHECKED, VEC_RX_OFFLOADS),
#endif
#ifdef IXGUARD_VEC_X86
	PATH(ixguard_recv_pkts_vec_sse_shadow, "Vector SSE shadow", FAM_SSE,
	     SHADOW, VEC_RX_OFFLOADS),
	PATH(ixguard_recv_pkts_vec_sse, "Vector SSE", FAM_SSE,
	     DIRECT | CHECKED, VEC_RX_OFFLOADS),
	/*
	 * Plain C in the vector paths' frame: one-buffer frames as they
	 * do; its fill is the scalar one, so it reports marks.
	 */
	PATH(ixguard_recv_pkts_bulk_shadow, "Scalar bulk shadow", FAM_SCALAR,
	     SHADOW | FDIR_ID, VEC_RX_OFFLOADS),
	PATH(ixguard_recv_pkts_bulk, "Scalar bulk", FAM_SCALAR,
	     DIRECT | CHECKED | FDIR_ID, VEC_RX_OFFLOADS),
#endif
#endif
	PATH(ixguard_recv_pkts_shadow, "Scalar shadow", FAM_SCALAR,
	     SHADOW | SCATTER | FDIR_ID, ALL_OFFLOADS),
	PATH(ixguard_recv_pkts, "Scalar", FAM_SCALAR,
	     DIRECT | CHECKED | SCATTER | FDIR_ID, ALL_OFFLOADS),
};

static const struct ixguard_tx_path tx_paths[] = {
#ifdef RTE_ARCH_X86
#ifdef IXGUARD_VEC_X86
	PATH(ixguard_xmit_pkts_vec_shadow, "Vector SSE shadow", FAM_SSE,
	     SHADOW, VEC_TX_OFFLOADS),
	PATH(ixguard_xmit_pkts_vec_checked, "Vector SSE DMA-checked", FAM_SSE,
	     CHECKED, VEC_TX_OFFLOADS),
	PATH(ixguard_xmit_pkts_vec, "Vector SSE", FAM_SSE,
	     DIRECT, VEC_TX_OFFLOADS),
	/*
	 * The same loop in plain C (a descriptor in two 8-byte stores; in
	 * shadow mode the scalar path's copy).
	 */
	PATH(ixguard_xmit_pkts_bulk_shadow, "Scalar bulk shadow", FAM_SCALAR,
	     SHADOW, VEC_TX_OFFLOADS),
	PATH(ixguard_xmit_pkts_bulk_checked, "Scalar bulk DMA-checked",
	     FAM_SCALAR, CHECKED, VEC_TX_OFFLOADS),
	PATH(ixguard_xmit_pkts_bulk, "Scalar bulk", FAM_SCALAR,
	     DIRECT, VEC_TX_OFFLOADS),
#endif
#endif
	PATH(ixguard_xmit_pkts_shadow, "Scalar shadow", FAM_SCALAR,
	     SHADOW | SCATTER, ALL_OFFLOADS),
	PATH(ixguard_xmit_pkts_checked, "Scalar DMA-checked", FAM_SCALAR,
	     CHECKED | SCATTER, ALL_OFFLOADS),
	PATH(ixguard_xmit_pkts, "Scalar", FAM_SCALAR,
	     DIRECT | SCATTER, ALL_OFFLOADS),
};

/* ---- Both tables seen alike ------------------------------------------- */

/* What differs between the RX and the TX table. */
struct path_table {
	bool rx;		/* which of the port's queues and burst */
	const char *dir;	/* "RX", "TX" */
	const char *devarg;	/* "rx_path", "tx_path" */
	const char *queue;	/* "rxq", "txq" */
	const void *rows;	/* rx_paths, tx_paths */
	size_t row_size;
	unsigned int nb_rows;
	/* Why this queue cannot run on the row; NULL: it can. */
	const char *(*queue_refusal)(const struct rte_eth_dev *dev,
				     unsigned int row, const void *queue);
	bool (*runs)(const struct rte_eth_dev *dev, unsigned int row);
};

static bool
rx_runs(const struct rte_eth_dev *dev, unsigned int row)
{
	return dev->rx_pkt_burst == rx_paths[row].burst;
}

static bool
tx_runs(const struct rte_eth_dev *dev, unsigned int row)
{
	return dev->tx_pkt_burst == tx_paths[row].burst;
}

/* What a queue's configuration asks of a row, once it may run at all. */
static const char *
queue_config_refusal(uint64_t queue_offloads, uint64_t path_offloads,
		     bool queue_ok)
{
	if (queue_offloads & ~path_offloads)
		return "a queue has an offload it does not implement";
	if (!queue_ok)
		return "a queue's ring size or thresholds do not fit it";
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
rxq_refusal(const struct rte_eth_dev *dev, unsigned int row,
	    const void *queue)
{
	const struct ixguard_rx_path *p = &rx_paths[row];
	const struct ixguard_rx_queue *rxq = queue;

	if (!(p->req.flags & IXGUARD_PATH_SCATTER) &&
	    rxq_needs_scatter(dev, rxq))
		return "a queue scatters frames over several buffers";
	return queue_config_refusal(rxq->offloads, p->req.offloads,
				    p->queue_ok == NULL || p->queue_ok(rxq));
}

static const char *
txq_refusal(const struct rte_eth_dev *dev __rte_unused, unsigned int row,
	    const void *queue)
{
	const struct ixguard_tx_path *p = &tx_paths[row];
	const struct ixguard_tx_queue *txq = queue;

	if (!(p->req.flags & IXGUARD_PATH_SCATTER) &&
	    (txq->offloads & RTE_ETH_TX_OFFLOAD_MULTI_SEGS))
		return "a queue sends multi-segment packets";
	return queue_config_refusal(txq->offloads, p->req.offloads,
				    p->queue_ok == NULL || p->queue_ok(txq));
}

static const struct path_table rx_table = {
	.rx = true, .dir = "RX", .devarg = "rx_path", .queue = "rxq",
	.rows = rx_paths, .row_size = sizeof(rx_paths[0]),
	.nb_rows = RTE_DIM(rx_paths),
	.queue_refusal = rxq_refusal, .runs = rx_runs,
};

static const struct path_table tx_table = {
	.rx = false, .dir = "TX", .devarg = "tx_path", .queue = "txq",
	.rows = tx_paths, .row_size = sizeof(tx_paths[0]),
	.nb_rows = RTE_DIM(tx_paths),
	.queue_refusal = txq_refusal, .runs = tx_runs,
};

static const struct path_table *const tables[] = { &rx_table, &tx_table };

/* Row i's header: every row begins with its struct ixguard_path_req. */
static const struct ixguard_path_req *
row_req(const struct path_table *t, unsigned int i)
{
	RTE_BUILD_BUG_ON(offsetof(struct ixguard_rx_path, req) != 0);
	RTE_BUILD_BUG_ON(offsetof(struct ixguard_tx_path, req) != 0);
	return RTE_PTR_ADD(t->rows, i * t->row_size);
}

/* The row whose burst function the port runs; -1: none of the table. */
static int
path_running(const struct rte_eth_dev *dev, const struct path_table *t)
{
	unsigned int i;

	for (i = 0; i < t->nb_rows; i++)
		if (t->runs(dev, i))
			return (int)i;
	return -1;
}

/* ---- Families (devargs) ----------------------------------------------- */

int
ixguard_path_family_parse(const char *value, bool rx, const char **family)
{
	const struct path_table *t = rx ? &rx_table : &tx_table;
	unsigned int i;

	if (value == NULL)
		return -EINVAL;
	if (strcmp(value, "auto") == 0) {
		*family = NULL;
		return 0;
	}
	/* The table's own string: it outlives the devargs. */
	for (i = 0; i < t->nb_rows; i++)
		if (strcmp(row_req(t, i)->family, value) == 0) {
			*family = row_req(t, i)->family;
			return 0;
		}
	return -EINVAL;
}

/* The i-th family of both tables in turn (duplicates included). */
static const char *
family_at(unsigned int i)
{
	unsigned int k;

	for (k = 0; k < RTE_DIM(tables); k++) {
		if (i < tables[k]->nb_rows)
			return row_req(tables[k], i)->family;
		i -= tables[k]->nb_rows;
	}
	return NULL;
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
	for (i = 0; family_at(i) != NULL; i++) {
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

/* NULL: the port can run on the row; else why not. */
static const char *
path_refusal(struct rte_eth_dev *dev, const struct path_table *t,
	     unsigned int row, uint32_t dma)
{
	const struct ixguard_path_req *r = row_req(t, row);
	void **queues = t->rx ? dev->data->rx_queues : dev->data->tx_queues;
	uint16_t nb = t->rx ? dev->data->nb_rx_queues :
			      dev->data->nb_tx_queues;
	const char *why;
	uint16_t q;

	if (!(r->flags & dma))
		return "it does not run in this dma_isolation mode";
	/* A TX row never reports FDIR IDs, nor does it have to. */
	if (t->rx && !(r->flags & IXGUARD_PATH_FDIR_ID) &&
	    ixguard_flow_needs_fdir_id(dev))
		return "flow rules with a mark need a path that reports it";
	why = cpu_refusal(r->simd_width, r->cpu_flag);
	if (why != NULL)
		return why;
	for (q = 0; q < nb; q++) {
		if (queues[q] == NULL)
			continue;
		why = t->queue_refusal(dev, row, queues[q]);
		if (why != NULL)
			return why;
	}
	return NULL;
}

/* ---- Selection -------------------------------------------------------- */

/*
 * The first row of the table, among the family forced (NULL: any), that
 * the port can run; -1 (and one log line) if there is none.
 */
static int
path_pick(struct rte_eth_dev *dev, const struct path_table *t,
	  const char *family, uint32_t dma)
{
	const char *why, *first_why = NULL;
	unsigned int i;

	for (i = 0; i < t->nb_rows; i++) {
		if (family != NULL && strcmp(row_req(t, i)->family, family) != 0)
			continue;
		why = path_refusal(dev, t, i, dma);
		if (why == NULL)
			return (int)i;
		if (first_why == NULL)
			first_why = why;	/* the fastest candidate's */
	}
	IXG_DRV_LOG(ERR, "port %u: %s=%s cannot run: %s",
		    dev->data->port_id, t->devarg,
		    family != NULL ? family : "auto",
		    first_why != NULL ? first_why : "no such path");
	return -1;
}

int
ixguard_path_select(struct rte_eth_dev *dev,
		    const struct ixguard_rx_path **rx,
		    const struct ixguard_tx_path **tx)
{
	const struct ixguard_devargs *da = &IXG_ADAPTER(dev)->devargs;
	uint32_t dma = ixguard_dma_path_class(dev);
	int ri, ti;

	*rx = NULL;
	*tx = NULL;
	ri = path_pick(dev, &rx_table, da->rx_path, dma);
	if (ri < 0)
		return -EINVAL;
	ti = path_pick(dev, &tx_table, da->tx_path, dma);
	if (ti < 0)
		return -EINVAL;
	*rx = &rx_paths[ri];
	*tx = &tx_paths[ti];
	IXG_DRV_LOG(INFO, "port %u: RX path %s, TX path %s",
		    dev->data->port_id, (*rx)->req.name, (*tx)->req.name);
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
	       (rx_paths[ri].req.flags & IXGUARD_PATH_FDIR_ID);
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

/* A queue set up on a started port must suit the path it runs. */
static int
path_queue_fits(struct rte_eth_dev *dev, const struct path_table *t,
		const void *queue, uint16_t queue_id)
{
	int row = path_running(dev, t);
	const char *why;

	if (!dev->data->dev_started || row < 0)
		return 0;
	why = t->queue_refusal(dev, row, queue);
	if (why == NULL)
		return 0;
	IXG_DRV_LOG(ERR, "port %u %s %u: the running %s path %s cannot "
		    "serve this queue: %s (stop the port first)",
		    dev->data->port_id, t->queue, queue_id, t->dir,
		    row_req(t, row)->name, why);
	return -EINVAL;
}

int
ixguard_path_rxq_fits(struct rte_eth_dev *dev,
		      const struct ixguard_rx_queue *rxq)
{
	return path_queue_fits(dev, &rx_table, rxq, rxq->queue_id);
}

int
ixguard_path_txq_fits(struct rte_eth_dev *dev,
		      const struct ixguard_tx_queue *txq)
{
	return path_queue_fits(dev, &tx_table, txq, txq->queue_id);
}

/* ---- Queries ---------------------------------------------------------- */

static int
path_burst_mode(const struct rte_eth_dev *dev, const struct path_table *t,
		struct rte_eth_burst_mode *mode)
{
	int row = path_running(dev, t);

	if (row < 0)
		return -EINVAL;
	mode->flags = 0;
	snprintf(mode->info, sizeof(mode->info), "%s", row_req(t, row)->name);
	return 0;
}

int
ixguard_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid __rte_unused,
			  struct rte_eth_burst_mode *mode)
{
	return path_burst_mode(dev, &rx_table, mode);
}

int
ixguard_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid __rte_unused,
			  struct rte_eth_burst_mode *mode)
{
	return path_burst_mode(dev, &tx_table, mode);
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
	return path_running(dev, &rx_table) >= 0 ? ixguard_ptypes : NULL;
}
#else
const uint32_t *
ixguard_supported_ptypes(struct rte_eth_dev *dev)
{
	return path_running(dev, &rx_table) >= 0 ? ixguard_ptypes : NULL;
}
#endif

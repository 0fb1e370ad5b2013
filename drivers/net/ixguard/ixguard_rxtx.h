/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#ifndef IXGUARD_RXTX_H
#define IXGUARD_RXTX_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mbuf.h>
#include <rte_version.h>
#include <ethdev_driver.h>

#include "ix82599_rxtx.h"
#include "ixguard_rangecache.h"

#define IXGUARD_RX_FREE_THRESH_DEFAULT	32
#define IXGUARD_TX_RS_THRESH_DEFAULT	32
#define IXGUARD_TX_FREE_THRESH_DEFAULT	32
/* RS batches in use at most before the default TX cleanup starts. */
#define IXGUARD_TX_CLEAN_LAG_BATCHES	3
/*
 * Receive descriptors never posted: RDT == RDH means an empty ring, so
 * the hardware owns at most nb_desc - 1.
 */
#define IXGUARD_RX_HOLD			1
/*
 * Shadow mode: bytes of a TX queue's buffer per descriptor.  A packet
 * takes ceil(len / slot) data descriptors (a 9014-byte frame five), and
 * a slot is free again when its descriptor is.
 */
#define IXGUARD_TX_SHADOW_SLOT		2048
/*
 * Slots lie one cache line more than a slot apart.  With a 2 KiB stride
 * the first line of every slot (all a 64-byte frame uses) would fall in
 * 1/32 of the caches' sets, and a ring's copies would evict each other.
 */
#define IXGUARD_TX_SHADOW_STRIDE	(IXGUARD_TX_SHADOW_SLOT + 64)
/*
 * A data descriptor of at most this many bytes goes out of its small
 * slot instead: small slots lie in an area of their own, 32 to a 4 KiB
 * page, where 2 KiB slots lie two to a page.  On the AMD EPYC guest a
 * 4 KiB page is what the TLB holds (doc/bench/dma-overhead.md), so a
 * burst of 64-byte packets touched a page per two packets; side by side
 * in shadow mode at 64 B, TX cost 0.86 of net_ixgbe vector's TX instead
 * of 0.97, about 3 cycles a packet less (doc/bench/pmd-cycles.md).  Two
 * cache lines: a minimum-size frame and the packets of up to 128 bytes
 * around it (TCP ACKs, VLAN-tagged).
 */
#define IXGUARD_TX_SMALL_SLOT		128
/*
 * Shadow mode: RX buffers lie one cache line more than buf_len apart,
 * for the same reason.  Side by side on the AMD EPYC guest (shadow at
 * 64 B, vector path, doc/bench/dma-overhead.md), it was also what let
 * the L2 prefetch of a burst's frames at the end of the burst before
 * arrive in most processes; two lines more made it fail in every
 * process, three in some.  That prefetch is gone: the frames go into L1
 * during the burst (IXGUARD_RX_FRAME_AHEAD).
 */
#define IXGUARD_RX_SHADOW_GAP		64

struct dmaguard_domain;
struct ixguard_rxq_bufs;

struct ixguard_rx_queue {
	volatile union ix_adv_rx_desc *ring;
	struct rte_mbuf **sw_ring;	/* mbuf posted in each descriptor */
	/*
	 * The address each descriptor was last posted with (not shadow
	 * mode, iova_off 0): the forged write-back check compares with it
	 * without touching the mbuf (ixguard_rx_posted_iova()).  Written
	 * wherever a descriptor is posted (ixguard_rx_rearm(), the ring
	 * fill); with iova_off not 0 the rearm leaves it.
	 */
	rte_iova_t *sw_iova;
	volatile uint32_t *rdt_reg;
	struct rte_mempool *mp;
	/*
	 * Not 0: a mbuf's data IOVA is its own address plus this
	 * (ixguard_rx_iova_offset()), so posting it reads no mbuf header.
	 */
	uint32_t iova_off;
	/* rearm_data of a received mbuf: headroom, refcnt 1, 1 segment,
	 * port (ixguard_rx_mbuf_init()). */
	uint64_t mbuf_init;
	struct rte_mbuf *pkt_first;	/* packet being assembled (scatter) */
	struct rte_mbuf *pkt_last;
	uint32_t fence;			/* ixguard_qguard.c: rebuilding */
	uint32_t fence_ack;		/* fence seen by the burst */
	uint16_t nb_desc;
	uint16_t next;			/* next descriptor to look at */
	uint16_t nb_hold;		/* processed, not yet given back */
	uint16_t free_thresh;
	uint16_t queue_id;
	uint16_t reg_idx;
	uint16_t port_id;
	uint8_t crc_len;		/* 4 when the FCS is kept */
	bool started;
	bool deferred_start;
	bool drop_en;			/* SRRCTL.DROP_EN */
	bool pkt_bad;			/* pkt_first is to be dropped */
	/* rte_flow MARK rules may exist: report flow director IDs (set on
	 * the scalar paths only, ixguard_flow.c) */
	bool fdir_mark;
	uint32_t buf_len;		/* bytes per descriptor (SRRCTL) */
	uint32_t max_pkt_len;		/* longest frame we accept */
	uint64_t offloads;
	uint64_t ring_iova;
	const struct rte_memzone *mz;
	/* Shadow mode: the buffer of descriptor i (ixguard_rx_slot()). */
	uint8_t *shadow;
	rte_iova_t shadow_iova;
	uint32_t shadow_stride;		/* buf_len + IXGUARD_RX_SHADOW_GAP */
	/* The last burst prefetched what the next one reads first (the
	 * frames in shadow mode, during the burst; else the mbufs on the
	 * vector paths, at its end): ixguard_rx_prefetch_next(). */
	bool next_prefetched;
	/* Shadow mode on a vector path: sw_ring may hold NULL entries, as
	 * the scalar code consumed descriptors since the last vector rearm
	 * (ixguard_vec_shadow_rearm()). */
	bool sw_holes;
	/* Software counters of what the device handed us that was wrong. */
	uint64_t err_frames;		/* RXE: MAC-level errors */
	uint64_t bad_desc;		/* impossible length / layout */

	/* ---- Hostile-device hardening (see ixguard_recv_pkts). */
	uint16_t tail;			/* last RDT written */
	bool forged_wait;		/* DD at next without a write-back */
	bool discard;			/* dropping descriptors up to EOP */
	uint64_t forged_wb;		/* DD on descriptors not written back */

	/* ---- Buffers outside the DMA domain (ixguard_dmabuf.c). */
	struct dmaguard_domain *buf_dom;	/* set: check each buffer */
	struct ixguard_rxq_bufs *bufs;		/* the ones set aside */
	struct ixguard_range_cache buf_rc;	/* buf_dom's ranges met */
};

struct ixguard_tx_queue {
	volatile union ix_adv_tx_desc *ring;
	struct rte_mbuf **sw_ring;	/* segment in each descriptor */
	uint16_t *rs_fifo;		/* descriptors carrying RS, in order */
	volatile uint32_t *tdt_reg;
	uint32_t fence;			/* ixguard_qguard.c: rebuilding */
	uint32_t fence_ack;		/* fence seen by the burst */
	uint16_t nb_desc;
	uint16_t tail;			/* next free descriptor */
	uint16_t clean;			/* oldest descriptor not yet freed */
	uint16_t nb_free;
	uint16_t rs_thresh;
	uint16_t free_thresh;
	uint16_t since_rs;		/* descriptors since the last RS */
	uint16_t rs_head, rs_tail, rs_count;
	uint16_t queue_id;
	uint16_t reg_idx;
	uint16_t port_id;
	bool started;
	bool deferred_start;
	uint64_t offloads;
	uint64_t ring_iova;
	const struct rte_memzone *mz;
	/*
	 * Private modes: a packet the queue copies goes out of descriptor
	 * i's 2 KiB slot, shadow + i * 2 KiB (shadow mode: every packet;
	 * port and strict: the bounced ones).  NULL in shared mode.
	 */
	uint8_t *shadow;
	rte_iova_t shadow_iova;
	/* Descriptor i's small slot: shadow_small + i * 128, in the same
	 * zone (ixguard_tx_slot_iova()). */
	uint8_t *shadow_small;
	uint64_t bad_pkts;		/* dropped: malformed mbuf chains */
	/* Port/strict: packets copied into the slots (ixguard_dma_tx_bounce) */
	uint64_t bounced;
	/*
	 * Port and strict modes: the DMA-domain ranges segments were
	 * admitted in (ixguard_tx_seg_admitted()).  Emptied at every start
	 * and stop (ixguard_dma.c).
	 */
	struct ixguard_range_cache adm;

	/* ---- Hostile-device hardening (see ixguard_tx_cleanup). */
	bool forged_wait;		/* DD at rs_head without a write-back */
	uint64_t forged_wb;		/* DD on descriptors not written back */

	/* ---- Offload contexts (ixguard_txctx.c): what the queue's two
	 * context slots hold (ctx_type_tucmd_mlhl etc., without IDX). */
	struct {
		uint32_t w[3];
		bool valid;
	} ctx[IX_TX_CTX_SLOTS];
	uint8_t ctx_next;		/* slot the next new context takes */
};

int ixguard_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			   uint16_t nb_desc, unsigned int socket,
			   const struct rte_eth_rxconf *conf,
			   struct rte_mempool *mp);
int ixguard_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			   uint16_t nb_desc, unsigned int socket,
			   const struct rte_eth_txconf *conf);
void ixguard_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
void ixguard_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
int ixguard_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
int ixguard_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);
int ixguard_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
int ixguard_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);
void ixguard_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
			  struct rte_eth_rxq_info *qinfo);
void ixguard_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
			  struct rte_eth_txq_info *qinfo);

/* dev_start / dev_stop steps: global RX/TX setup, all queues. */
int ixguard_rx_init(struct rte_eth_dev *dev);
int ixguard_tx_init(struct rte_eth_dev *dev);
void ixguard_rxtx_stop(struct rte_eth_dev *dev);
void ixguard_rxtx_release_all(struct rte_eth_dev *dev);

/* ---- Burst functions (ixguard_rxtx_scalar.c, ixguard_rxtx_vec_*.c) --- */

uint16_t ixguard_recv_pkts(void *rxq, struct rte_mbuf **pkts, uint16_t n);
uint16_t ixguard_xmit_pkts(void *txq, struct rte_mbuf **pkts, uint16_t n);
/* Port and strict modes: each segment admitted in the DMA domain. */
uint16_t ixguard_xmit_pkts_checked(void *txq, struct rte_mbuf **pkts,
				   uint16_t n);
/* Shadow mode: the same, through the queues' own buffers. */
uint16_t ixguard_recv_pkts_shadow(void *rxq, struct rte_mbuf **pkts,
				  uint16_t n);
uint16_t ixguard_xmit_pkts_shadow(void *txq, struct rte_mbuf **pkts,
				  uint16_t n);
/*
 * Vector paths: declared here, defined in ixguard_rxtx_vec_<isa>.c and
 * listed in the tables of ixguard_rxtx_select.c, all under
 * #ifdef RTE_ARCH_X86.  (Add the declarations of a new path here.)
 */
#ifdef RTE_ARCH_X86
/* IXGUARD_VEC_PATHS_BEGIN */
/* IXGUARD_VEC_PATHS_END */
#endif

/* ---- Path selection (ixguard_rxtx_select.c) --------------------------- */

/*
 * How the device reaches packet memory, as a path must handle it:
 *   DIRECT   shared mode: the application's mbufs, no check
 *   CHECKED  port/strict: the application's mbufs; RX buffers checked
 *            as they are posted (ixguard_rx_rearm()), TX segments
 *            admitted with ixguard_tx_pkt_check(.., checked = true)
 *   SHADOW   the queues' own buffers, frames copied
 */
#define IXGUARD_PATH_DMA_DIRECT		(1u << 0)
#define IXGUARD_PATH_DMA_CHECKED	(1u << 1)
#define IXGUARD_PATH_DMA_SHADOW		(1u << 2)
#define IXGUARD_PATH_DMA_MASK		(IXGUARD_PATH_DMA_DIRECT | \
					 IXGUARD_PATH_DMA_CHECKED | \
					 IXGUARD_PATH_DMA_SHADOW)
/*
 * RX: frames over several buffers (the scatter offload, or frames
 * longer than a buffer).  TX: multi-segment mbufs (the MULTI_SEGS
 * offload).
 */
#define IXGUARD_PATH_SCATTER		(1u << 8)
/*
 * RX: delivers a flow director match's filter ID (rte_flow MARK) as
 * RTE_MBUF_F_RX_FDIR_ID; required while MARK rules exist.
 */
#define IXGUARD_PATH_FDIR_ID		(1u << 9)
/* No CPU flag needed. */
#define IXGUARD_PATH_NO_CPU_FLAG	(-1)

/*
 * One entry of a selector table.  The first entry of the table (ordered
 * fastest first) whose requirements all hold is chosen at dev_start:
 *   simd_width  <= rte_vect_get_max_simd_bitwidth() (EAL option
 *               --force-max-simd-bitwidth; 64 = RTE_VECT_SIMD_DISABLED
 *               for scalar code)
 *   cpu_flag    rte_cpu_get_flag_enabled() (or IXGUARD_PATH_NO_CPU_FLAG)
 *   flags       the port's DMA mode among its IXGUARD_PATH_DMA_*; SCATTER
 *               if a queue needs it
 *   offloads    every queue's configured offloads among these
 *   queue_ok    optional: anything else a queue must satisfy (ring size,
 *               thresholds)
 * 'family' is what the rx_path/tx_path devarg names ("scalar", "sse",
 * "avx2"), 'name' what rx/tx_burst_mode_get report.  Both tables' entries
 * begin with the same header, so that ixguard_rxtx_select.c chooses in
 * either table with the same code.
 */
struct ixguard_path_req {
	const char *name;
	const char *family;
	uint16_t simd_width;
	int cpu_flag;
	uint32_t flags;
	uint64_t offloads;
};

struct ixguard_rx_path {
	struct ixguard_path_req req;	/* first */
	eth_rx_burst_t burst;
	bool (*queue_ok)(const struct ixguard_rx_queue *rxq);
};

struct ixguard_tx_path {
	struct ixguard_path_req req;	/* first */
	eth_tx_burst_t burst;
	bool (*queue_ok)(const struct ixguard_tx_queue *txq);
};

/* devargs: a family of the table, or "auto" (*family = NULL). */
int ixguard_path_family_parse(const char *value, bool rx,
			      const char **family);
/* "scalar|sse|avx2" as the tables list them, for the devargs help. */
const char *ixguard_path_families(void);
/*
 * dev_start, before anything is touched: pick the RX and TX paths.
 * -EINVAL (one log line) when a forced family cannot run.
 */
int ixguard_path_select(struct rte_eth_dev *dev,
			const struct ixguard_rx_path **rx,
			const struct ixguard_tx_path **tx);
/* dev_start: remember the chosen paths in the (shared) adapter. */
void ixguard_path_remember(struct rte_eth_dev *dev,
			   const struct ixguard_rx_path *rx,
			   const struct ixguard_tx_path *tx);
/* A secondary process: run the paths the primary chose. */
void ixguard_path_secondary(struct rte_eth_dev *dev);
/* Is the port started on an RX path that reports FDIR IDs (MARK)? */
bool ixguard_path_rx_reports_fdir_id(struct rte_eth_dev *dev);
/* A queue set up while the port runs must fit the running path. */
int ixguard_path_rxq_fits(struct rte_eth_dev *dev,
			  const struct ixguard_rx_queue *rxq);
int ixguard_path_txq_fits(struct rte_eth_dev *dev,
			  const struct ixguard_tx_queue *txq);
int ixguard_rx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid,
			      struct rte_eth_burst_mode *mode);
int ixguard_tx_burst_mode_get(struct rte_eth_dev *dev, uint16_t qid,
			      struct rte_eth_burst_mode *mode);
#if RTE_VERSION >= RTE_VERSION_NUM(24, 3, 0, 0)
const uint32_t *ixguard_supported_ptypes(struct rte_eth_dev *dev, size_t *nb);
#else
const uint32_t *ixguard_supported_ptypes(struct rte_eth_dev *dev);
#endif

/* rxq->mbuf_init for a port: the rearm_data word of a received mbuf. */
static inline uint64_t
ixguard_rx_mbuf_init_value(uint16_t port_id)
{
	struct rte_mbuf mb = { .buf_addr = NULL };
	uintptr_t rearm = (uintptr_t)&mb.rearm_data;

	mb.data_off = RTE_PKTMBUF_HEADROOM;
	mb.nb_segs = 1;
	mb.port = port_id;
	rte_mbuf_refcnt_set(&mb, 1);
	return *(const uint64_t *)rearm;
}

/* Shadow mode: RX buffer i, where the device writes and the CPU copies. */
static inline const uint8_t *
ixguard_rx_slot(const struct ixguard_rx_queue *rxq, uint16_t i)
{
	return rxq->shadow + (size_t)i * rxq->shadow_stride;
}

static inline rte_iova_t
ixguard_rx_slot_iova(const struct ixguard_rx_queue *rxq, uint16_t i)
{
	return rxq->shadow_iova + (rte_iova_t)i * rxq->shadow_stride;
}

/* The address descriptor i of an RX queue is posted with. */
static inline rte_iova_t
ixguard_rx_buf_iova(const struct ixguard_rx_queue *rxq, uint16_t i)
{
	if (rxq->shadow != NULL)
		return ixguard_rx_slot_iova(rxq, i);
	return rte_mbuf_data_iova_default(rxq->sw_ring[i]);
}

/*
 * Private modes: where descriptor i's len bytes (1 .. 2 KiB) are copied
 * and the device reads them: its small slot for a short piece, its 2 KiB
 * slot otherwise.  Both are descriptor i's alone, so either is free again
 * when the descriptor is.
 */
static inline uint8_t *
ixguard_tx_slot(const struct ixguard_tx_queue *txq, uint16_t i, uint32_t len)
{
	if (len <= IXGUARD_TX_SMALL_SLOT)
		return txq->shadow_small + (size_t)i * IXGUARD_TX_SMALL_SLOT;
	return txq->shadow + (size_t)i * IXGUARD_TX_SHADOW_STRIDE;
}

/* The device's address of a slot: both kinds lie in one zone. */
static inline rte_iova_t
ixguard_tx_slot_iova(const struct ixguard_tx_queue *txq, const uint8_t *slot)
{
	return txq->shadow_iova + (rte_iova_t)(slot - txq->shadow);
}

#endif /* IXGUARD_RXTX_H */

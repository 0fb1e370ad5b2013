/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Datapath of the 82599 model: RX/TX queues, descriptor processing, L2
 * filters, RSS and checksum/VLAN/TSO offloads.
 *
 * The queue registers live in plain shared memory (the queue pages of
 * BAR0), so the driver never tells us about a doorbell or an enable: the
 * datapath discovers them by reading dev->regs.  Per-queue state that is
 * expensive to recompute (translated ring pointer, head) is cached here
 * and refreshed when RXDCTL/TXDCTL.ENABLE changes.
 */
#ifndef IXM_DP_H
#define IXM_DP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ix82599_rxtx.h"
#include "ixm.h"

struct ixm_dev;

/* Largest frame we handle, without FCS: 16 KiB jumbo (§8.2.3.22.13). */
#define IXM_DP_MAX_FRAME	16384u
/* Room for a frame plus an inserted VLAN tag and an appended FCS. */
#define IXM_DP_BUF_SIZE		(IXM_DP_MAX_FRAME + 64u)
/*
 * Largest TSO packet gathered (§7.2.4): headers (MACLEN 7 bits + IPLEN
 * 9 bits + L4LEN 8 bits, under 1 KiB) and a payload of PAYLEN (18 bits,
 * up to 256 KiB - 1).  Segments are cut from it into segbuf.
 */
#define IXM_DP_TSO_MAX		(IX_TXD_PAYLEN_MAX + 1024u)
#define IXM_DP_TXBUF_SIZE	(IXM_DP_TSO_MAX + 64u)
/* Toeplitz input is at most 36 bytes (IPv6 addresses + ports). */
#define IXM_DP_RSS_MAX_INPUT	36u
/* Inactive queues are rescanned for ENABLE every this many polls. */
#define IXM_DP_SCAN_INTERVAL	16u
/* ... and every this many while the last poll moved frames. */
#define IXM_DP_SCAN_INTERVAL_BUSY 256u
/* Upper bound of TX descriptors consumed per queue per poll (fairness). */
#define IXM_DP_TX_BUDGET	512u

/* Where transmitted frames go (MAC loopback, the cable, nowhere). */
enum ixm_dp_tx_dest {
	IXM_TX_DROP = 0,
	IXM_TX_LOOPBACK,
	IXM_TX_WIRE,
};

enum ixm_dp_qstate {
	IXM_Q_OFF = 0,
	IXM_Q_RUN,
	IXM_Q_FAULT,	/* bad ring: stays dead until ENABLE goes 0 then 1 */
};

struct ixm_dp_rxq {
	union ix_adv_rx_desc *ring;	/* host view of the whole ring */
	uint64_t ring_iova;
	uint32_t ndesc;
	uint32_t head;			/* next descriptor we fill */
	uint8_t state;
};

struct ixm_dp_txctx {
	uint32_t vlan_macip_lens;
	uint32_t type_tucmd_mlhl;
	uint32_t mss_l4len_idx;
};

struct ixm_dp_txq {
	union ix_adv_tx_desc *ring;
	uint64_t ring_iova;
	uint32_t ndesc;
	uint32_t head;			/* next descriptor we fetch */
	uint8_t state;
	struct ixm_dp_txctx ctx[IX_TX_CTX_SLOTS];
};

/*
 * Statistics not yet handed to ixm_stat_add().  Batching keeps the per
 * frame cost down (one flush per busy round, not one per frame).  The
 * batch is flushed when ixm_poll() is idle and every 64 polls, and always
 * before a statistics register or ixm_mac_counters() is read and before a
 * reset (ixm_ctrl_reset), so trapped register reads, which are serialised
 * with us, always see exact counts and the totals lose nothing.
 */
struct ixm_dp_stats {
	uint64_t pkts, octets, tot_pkts, tot_octets, mcast, bcast;
	uint64_t size[6];		/* 64,127,255,511,1023,1522+ */
	uint64_t q_pkts[16], q_octets[16], q_drops[16];
	uint32_t q_dirty;		/* bit per stat counter index */
	uint64_t missed, oversize, undersize;
	bool dirty;
};

/* Model-side counters, for tests and the exit report. */
struct ixm_dp_counters {
	uint64_t rx_frames;		/* written to a host ring */
	uint64_t rx_missed;		/* no free descriptor */
	uint64_t rx_filtered;		/* address/VLAN filter or disabled */
	uint64_t rx_len_err;		/* runt or oversize */
	uint64_t rx_dma_err;		/* buffer translation failed */
	uint64_t tx_frames;		/* handed to the wire or loopback */
	uint64_t tx_dropped;		/* link down, no cable */
	uint64_t tx_malformed;		/* bad descriptor chain */
	uint64_t tx_dma_err;
	uint64_t ring_faults;		/* ring translation failed */
	uint64_t queue_faults;		/* queues stopped by a DMA fault */
	uint64_t hostile_writebacks;	/* forged by the hostile mode */
};

/*
 * The on-chip receive packet buffer (§3.7.7.3.1: 512 KB for RX when DCB is
 * off): frames wait here while their queue has no free descriptor, and
 * are written to the ring once the driver posts more.  Only frames that
 * find the buffer full are missed.  A byte ring of length-prefixed frames.
 */
#define IXM_DP_RX_FIFO_SIZE	(512u * 1024u)

struct ixm_dp_rx_fifo {
	uint32_t head;		/* offset of the oldest frame */
	uint32_t tail;		/* offset where the next frame goes */
	uint32_t used;		/* bytes in use, including padding */
	uint32_t frames;
	uint8_t from_loopback;	/* of the oldest frame */
	uint8_t buf[IXM_DP_RX_FIFO_SIZE];
};

/* The lie armed by ixm_forge_arm() (ixm_forge.c). */
struct ixm_dp_forge {
	uint8_t kind;			/* enum ixm_forge_kind */
	uint16_t queue;
	uint32_t left;			/* rx-no-eop: frames to go */
	uint64_t arg;
	uint64_t made;			/* lies made */
	/* tx-dd-unsent: the device fetches nothing from hold_q until then */
	bool hold;
	uint16_t hold_q;
	uint64_t hold_until_ns;
};

/* Flow director perfect filter table (ixm_fdir.c). */
struct ixm_fdir_filter {
	uint32_t sa, da;		/* as FDIRIPSA/FDIRIPDA hold them */
	uint16_t sport, dport, vlan, flex;
	uint16_t bucket, swidx;		/* where it lives, its FDIRHASH */
	uint16_t next;			/* next slot of the bucket */
	uint8_t flow_type;		/* L4 type 1:0, IPv6 bit 2 */
	uint8_t queue;
	bool queue_en, drop, used;
};

struct ixm_fdir {
	bool on;			/* FDIRCTRL: perfect match, allocated */
	uint16_t n;			/* filters in the table */
	uint16_t head[1u << 15];	/* bucket -> first slot, 0xFFFF */
	struct ixm_fdir_filter slot[IX_FDIR_PERFECT_MAX];
};

/*
 * Which queue filters are on (ixm_qfilter.c): kept by the write handlers
 * of ETQF, FTQF, SYNQF and FDIRCTRL so that a frame costs one test while
 * none is.
 */
struct ixm_dp_qf {
	uint64_t ftqf_on[2];		/* FTQF.QUEUE_EN, bit per filter */
	uint8_t etqf_on;		/* ETQF.FILTER_EN, bit per filter */
	bool syn_on;			/* SYNQF.QUEUE_EN */
};

/* A queue filter's verdict on a frame (ixm_dp_qfilter()). */
struct ixm_dp_qsel {
	unsigned int queue;
	uint16_t pkt_type;		/* ETQF match: replaces the parse's */
	bool fdir;			/* report FLM with fdir_id */
	uint32_t fdir_id;		/* bucket hash 31:16, soft index 15:0 */
};

struct ixm_dp {
	struct ixm_dp_rxq rxq[IX_NUM_RX_QUEUES];
	struct ixm_dp_txq txq[IX_NUM_TX_QUEUES];
	/* Running TX queues, compact so ixm_poll() touches only those. */
	uint8_t tx_run[IX_NUM_TX_QUEUES];
	unsigned int n_tx_run;
	uint64_t rx_run[2];		/* bitmap of running RX queues */
	uint32_t polls;
	bool busy;			/* the last poll moved frames */
	unsigned int tx_cur_q;		/* queue being transmitted from */
	uint8_t tx_dest;		/* IXM_TX_*, latched per queue visit */
	struct ixm_dp_stats rx_st, tx_st;
	struct ixm_dp_counters cnt;
	/* RSS: key snapshot and per-byte Toeplitz tables built from it. */
	uint32_t rss_key[IX_RSSRK_NUM];
	bool rss_tbl_valid;
	uint32_t rss_tbl[IXM_DP_RSS_MAX_INPUT][256];
	/* Scratch: TX gather, TX segment output, RX rewrite (strip/FCS). */
	uint8_t txbuf[IXM_DP_TXBUF_SIZE];
	uint8_t segbuf[IXM_DP_BUF_SIZE];
	uint8_t rxbuf[IXM_DP_BUF_SIZE];
	uint64_t hostile_state;		/* PRNG of the hostile mode */
	struct ixm_dp_forge forge;
	struct ixm_dp_rx_fifo rx_fifo;
	struct ixm_dp_qf qf;
	struct ixm_fdir fdir;
};

/* --- Entry points for the control plane -------------------------------- */
void ixm_dp_init(struct ixm_dev *dev);
/* Device or function reset: forget all queues, reset the queue pages. */
void ixm_dp_reset(struct ixm_dev *dev);
/* Hand batched statistics to ixm_stat_add() now. */
void ixm_dp_stats_flush(struct ixm_dev *dev);
const struct ixm_dp_counters *ixm_dp_counters(const struct ixm_dev *dev);

/* --- Internal to the datapath files ------------------------------------ */

/* ixm_queue.c */
bool ixm_dp_rxq_check(struct ixm_dev *dev, unsigned int q);
bool ixm_dp_txq_check(struct ixm_dev *dev, unsigned int q);
void ixm_dp_count_drop(struct ixm_dev *dev, unsigned int q);
void ixm_dp_scan_queues(struct ixm_dev *dev);
void ixm_dp_scan_running(struct ixm_dev *dev);
void ixm_dp_queue_fault(struct ixm_dev *dev, unsigned int q, bool tx);

/* ixm_rx.c: deliver a frame; from_loopback skips the link check. */
int ixm_dp_receive(struct ixm_dev *dev, const uint8_t *frame, size_t len,
		   bool from_loopback);

/* ixm_rx.c: write frames waiting in the packet buffer to their rings. */
void ixm_dp_rx_drain(struct ixm_dev *dev);
void ixm_dp_rx_fifo_reset(struct ixm_dev *dev);

/* ixm_hostile.c */
void ixm_hostile_seed(struct ixm_dev *dev, uint64_t seed);
/* Before a frame's write-back of n descriptors: the one to forge, with
 * *kind, or -1 (none), or IXM_HOSTILE_ELSEWHERE (call
 * ixm_hostile_rx_elsewhere() after the write-back). */
#define IXM_HOSTILE_ELSEWHERE	(-2)
int ixm_hostile_rx_plan(struct ixm_dev *dev, uint32_t n, unsigned int *kind);
void ixm_hostile_rx_forge(struct ixm_dev *dev, unsigned int kind,
			  uint64_t *q0, uint64_t *q1);
void ixm_hostile_rx_elsewhere(struct ixm_dev *dev, unsigned int q);
void ixm_hostile_tx_wb(struct ixm_dev *dev, uint64_t *q1);
void ixm_hostile_tx(struct ixm_dev *dev, unsigned int q);

/*
 * ixm_forge.c.  The datapath calls in only while dp->forge.kind or
 * dp->forge.hold is set (one test per frame or queue visit otherwise).
 */
static inline bool
ixm_forge_busy(const struct ixm_dp *dp)
{
	return dp->forge.kind != IXM_FORGE_NONE || dp->forge.hold;
}
/* Disarm, release a held queue. */
void ixm_forge_reset(struct ixm_dev *dev);
/* At each ixm_poll(): the lies made at a poll. */
void ixm_forge_poll(struct ixm_dev *dev);
/* RX: is a lie armed for the next frame of queue q? */
bool ixm_forge_rx_frame(struct ixm_dev *dev, unsigned int q);
/* Forge the write-back of one descriptor of that frame (eop: its last). */
void ixm_forge_rx_desc(struct ixm_dev *dev, bool eop, uint32_t bufsz,
		       uint64_t *q0, uint64_t *q1);
/* The frame is written back. */
void ixm_forge_rx_frame_done(struct ixm_dev *dev);
/*
 * TX queue q, about to fetch [head, tdt): true if the queue is held (a
 * tx-dd-unsent lie made now, or earlier) and must fetch nothing.
 */
bool ixm_forge_tx_hold(struct ixm_dev *dev, unsigned int q, uint32_t head,
		       uint32_t tdt);
/* RS write-back *wb of descriptor d of queue q, before it is stored. */
void ixm_forge_tx_wb(struct ixm_dev *dev, unsigned int q,
		     union ix_adv_tx_desc *d, uint64_t *wb);

/* ixm_tx.c */
unsigned int ixm_dp_tx_poll(struct ixm_dev *dev);

/* ixm_filter.c: true if the L2 filters accept the frame. */
bool ixm_dp_filter(struct ixm_dev *dev, const uint8_t *frame, size_t len,
		   bool tagged, uint16_t vid);

/*
 * Parsed headers of a received frame (offsets from frame start).  Every
 * offset and length is checked against the frame length here; later
 * stages use these and never re-read a length from the frame, which may
 * be a TX buffer in host memory that the driver could change meanwhile.
 */
struct ixm_dp_pkt {
	uint16_t len;		/* the frame's length as received, no CRC */
	uint16_t l3_off;	/* 0: not IP */
	uint16_t l4_off;	/* 0: no L4 header we understand */
	uint16_t l3_len;	/* IP datagram length from the IP header */
	uint8_t ipv;		/* 4, 6 or 0 */
	uint8_t ip_hlen;	/* IPv4 header length (IHL * 4) */
	uint8_t l4proto;	/* IPPROTO_* when l4_off != 0 */
	bool ip_ext;		/* IPv4 options or IPv6 extension headers */
	bool frag;		/* fragment: no L4 processing */
	bool tagged;		/* VLNCTRL.VET tag (the inner one behind an
				 * outer tag) at tag_off */
	bool outer;		/* double VLAN: outer tag at offset 12 */
	uint8_t tag_off;	/* offset of the (inner) tag: 12 or 16 */
	uint16_t vlan_tci;
	uint16_t pkt_type;	/* IX_RXDADV_PKTTYPE_* bits */
};
void ixm_dp_parse(const struct ixm_dev *dev, const uint8_t *frame,
		  size_t len, struct ixm_dp_pkt *p);

/*
 * ixm_qfilter.c: the ethertype, SYN, 5-tuple filters and the flow
 * director in the datasheet's order (§7.1.2).  True if one of them picked
 * sel->queue; sel->pkt_type and sel->fdir are set either way.
 */
static inline bool
ixm_dp_qfilter_any(const struct ixm_dp *dp)
{
	return dp->qf.etqf_on != 0 || dp->qf.syn_on ||
	       (dp->qf.ftqf_on[0] | dp->qf.ftqf_on[1]) != 0 || dp->fdir.on;
}
bool ixm_dp_qfilter(struct ixm_dev *dev, const uint8_t *frame,
		    const struct ixm_dp_pkt *p, struct ixm_dp_qsel *sel);
void ixm_dp_qfilter_reset(struct ixm_dev *dev);
/* ixm_fdir.c */
bool ixm_dp_fdir_match(struct ixm_dev *dev, const uint8_t *frame,
		       const struct ixm_dp_pkt *p, struct ixm_dp_qsel *sel);
void ixm_dp_fdir_reset(struct ixm_dev *dev);

/* ixm_rss.c: returns the RSS type (0 = no hash) and sets *hash. */
unsigned int ixm_dp_rss(struct ixm_dev *dev, const uint8_t *frame,
			const struct ixm_dp_pkt *p, uint32_t mrqc,
			uint32_t *hash);
uint32_t ixm_dp_toeplitz(const uint8_t key[IX_RSS_KEY_LEN],
			 const uint8_t *in, size_t len);

/* ixm_offload.c */
uint32_t ixm_dp_rx_csum(const uint8_t *frame, size_t len,
			const struct ixm_dp_pkt *p);
uint32_t ixm_dp_csum_partial(const void *buf, size_t len, uint32_t sum);
uint16_t ixm_dp_csum_fold(uint32_t sum);
uint32_t ixm_dp_crc32(const uint8_t *buf, size_t len);
/* CRC32c update: crc starts at 0xFFFFFFFF and is inverted at the end. */
uint32_t ixm_dp_crc32c(uint32_t crc, const uint8_t *buf, size_t len);
/*
 * Apply TX offloads to one frame held in buf (room for 4 more bytes).  A
 * VLE tag of type vlan_ethertype goes in at vlan_off: 12, or 16 behind
 * the outer tag the frame carries in double VLAN mode (§7.4.5).
 */
size_t ixm_dp_tx_offload(uint8_t *buf, size_t len, uint32_t cmd,
			 uint32_t olinfo, const struct ixm_dp_txctx *ctx,
			 uint16_t vlan_ethertype, size_t vlan_off);
/*
 * TSO: cut the packet in txbuf (up to IXM_DP_TSO_MAX bytes) into
 * segments and hand each to emit().
 * Returns the number of segments, 0 if the request is malformed.
 */
typedef void (*ixm_dp_emit_fn)(struct ixm_dev *dev, uint8_t *frame,
			       size_t len);
unsigned int ixm_dp_tso(struct ixm_dev *dev, const uint8_t *in, size_t len,
			uint32_t cmd, uint32_t olinfo,
			const struct ixm_dp_txctx *ctx,
			uint16_t vlan_ethertype, size_t vlan_off,
			ixm_dp_emit_fn emit);

/* Byte helpers for network-order fields. */
static inline uint16_t
ixm_get_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline void
ixm_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline uint32_t
ixm_get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static inline void
ixm_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif /* IXM_DP_H */

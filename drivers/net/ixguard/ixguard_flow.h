/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * rte_flow on the 82599's receive queue filters (datasheet §7.1.2).
 *
 * ixguard_flow.c turns an rte_flow rule into a filter description (struct
 * ixguard_filter) or refuses it with a message; ixguard_flow_hw.c writes
 * a description into the registers.  The rules live in a list in the
 * adapter; the registers are written while the port runs and written
 * again after the reset of every dev_start, so rules survive
 * dev_stop/dev_start.  dev_close flushes them.
 */
#ifndef IXGUARD_FLOW_H
#define IXGUARD_FLOW_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include <rte_flow_driver.h>

#include "ix82599_rxtx.h"

struct rte_eth_dev;
struct ixguard_hw;

enum ixguard_filter_kind {
	IXG_FILTER_ETHERTYPE = 0,	/* ETQF/ETQS, 8 */
	IXG_FILTER_SYN,			/* SYNQF, 1 */
	IXG_FILTER_NTUPLE,		/* FTQF and friends, 128 */
	IXG_FILTER_FDIR,		/* flow director perfect match */
	IXG_FILTER_RSS,			/* RETA, RSSRK, MRQC: 1 */
};

/*
 * Flow director soft index (FDIRHASH 30:16, reported in the RX write-back):
 * a MARK id up to IXG_FDIR_MARK_MAX, or IXGUARD_FDIR_NOMARK | n for a rule
 * without MARK (the RX path reports no mark for those).
 */
#define IXG_FDIR_MARK_MAX	0x3FFFu
#define IXGUARD_FDIR_NOMARK	0x4000u
#define IXG_FDIR_NOMARK		IXGUARD_FDIR_NOMARK
/* The queue DROP rules send to, never enabled (FDIRCTRL.DROP_Q). */
#define IXG_FDIR_DROP_QUEUE	127u

/*
 * The masks every flow director rule of a port shares (the 82599's mask
 * registers FDIRM, FDIRSIP4M, FDIRDIP4M, FDIRTCPM/FDIRUDPM and the flex
 * offset in FDIRCTRL are global, §7.1.2.7.6): a set bit is compared.
 */
struct ixguard_fdir_masks {
	uint32_t sa, da;	/* host order */
	uint16_t sp, dp;
	uint16_t vlan;		/* TCI bits: IX_FDIR_VLAN_ID_BITS and/or
				 * IX_FDIR_VLAN_PRIO_BITS, or 0 */
	bool flex;		/* the flex word is compared */
	uint8_t flex_off;	/* its offset in bytes (even, 0..62) */
	bool l4p;		/* the L4 type is not (rules without an L4
				 * item: FDIRM.L4P) */
};

struct ixguard_filter {
	enum ixguard_filter_kind kind;
	uint16_t queue;
	bool queue_en;		/* false: the filter only marks (FDIR) */
	bool drop;		/* FDIR */
	bool mark;		/* FDIR: report mark_id (RTE_MBUF_F_RX_FDIR_ID) */
	uint32_t mark_id;
	union {
		struct {
			uint16_t ethertype;		/* host order */
		} et;
		struct {
			bool first;	/* before the 5-tuple filters (SYNQFP) */
		} syn;
		struct {
			/* Addresses and ports as in the frame (big endian). */
			uint32_t sa, da;
			uint16_t sp, dp;
			uint32_t proto;		/* IX_FTQF_PROTO_* */
			uint32_t nocmp;		/* IX_FTQF_MASK_* */
			uint32_t prio;		/* FTQF priority, 1..7 */
		} nt;
		struct {
			/* Host-order fields, masked by m. */
			uint32_t sa, da;
			uint16_t sp, dp;
			uint16_t vlan;		/* TCI without DEI */
			uint16_t flex;		/* first frame byte high */
			uint8_t l4type;		/* IX_FDIRCMD_L4TYPE_* */
			struct ixguard_fdir_masks m;
		} fd;
		struct {
			uint64_t hf;	/* RTE_ETH_RSS_* that MRQC hashes */
			bool key_set;	/* false: the port's key */
			uint8_t key[IX_RSS_KEY_LEN];
			uint8_t reta[IX_RETA_ENTRIES];	/* queues */
			uint16_t max_queue;	/* the highest of them */
		} rss;
	};
};

struct rte_flow {
	TAILQ_ENTRY(rte_flow) next;
	struct ixguard_filter f;
	uint16_t slot;		/* ETQF/FTQF index; FDIR soft index */
	uint32_t fdirhash;	/* FDIR: FDIRHASH of the filter */
};

TAILQ_HEAD(ixguard_flow_list, rte_flow);

/* Per port, in the adapter. */
struct ixguard_flows {
	struct ixguard_flow_list list;
	bool init;
	uint8_t etqf_used;
	uint64_t ftqf_used[2];
	bool syn_used;
	uint32_t n_fdir;
	uint32_t n_mark;		/* FDIR rules with MARK */
	uint64_t fdir_nomark_used[IXG_FDIR_MARK_MAX / 64 + 1];
	/* The masks every FDIR rule shares (valid while n_fdir > 0). */
	struct ixguard_fdir_masks fd_masks;
	/* The RSS rule, which the device's RSS follows instead of the
	 * port's settings (ixguard_rss.c); NULL: none. */
	const struct rte_flow *rss;
};

/* ixguard_flow_parse.c */
/* Refuse a rule: one log line and the rte_flow error; returns -code. */
int ixguard_flow_refuse(struct rte_eth_dev *dev, struct rte_flow_error *err,
			int code, enum rte_flow_error_type type,
			const void *cause, const char *fmt, ...)
	__rte_format_printf(6, 7);
/*
 * Parse a rule into f[0]; a rule for a 5-tuple filter that a flow
 * director filter could also hold gets that form in f[1] (*n = 2).
 */
int ixguard_flow_parse(struct rte_eth_dev *dev,
		       const struct rte_flow_attr *attr,
		       const struct rte_flow_item pattern[],
		       const struct rte_flow_action actions[],
		       struct ixguard_filter f[2], unsigned int *n,
		       struct rte_flow_error *err);

/* ixguard_flow_rss.c: a rule with an RSS action into f. */
int ixguard_flow_parse_rss(struct rte_eth_dev *dev,
			   const struct rte_flow_item pattern[],
			   const struct rte_flow_action actions[],
			   struct ixguard_filter *f,
			   struct rte_flow_error *err);
bool ixguard_flow_has_rss(const struct rte_flow_action actions[]);

/* ixguard_flow.c */
int ixguard_flow_ops_get(struct rte_eth_dev *dev,
			 const struct rte_flow_ops **ops);
/* dev_start, after the reset: program every rule again. */
void ixguard_flow_restore(struct rte_eth_dev *dev);
/* dev_close: forget every rule. */
void ixguard_flow_close(struct rte_eth_dev *dev);
/* The RSS rule the device follows now, or NULL (see ixguard_rss.c). */
const struct ixguard_filter *ixguard_flow_rss_rule(struct rte_eth_dev *dev);
/* Does an RX path without FDIR ID reporting fit? (MARK rules exist) */
bool ixguard_flow_needs_fdir_id(struct rte_eth_dev *dev);

/* ixguard_flow_hw.c: the registers of one filter.  Return 0 or -EIO. */
int ixguard_flow_hw_set(struct ixguard_hw *hw, const struct rte_flow *flow,
			bool on);
/* Flow director on with these masks (table empty), or off. */
int ixguard_flow_hw_fdir_enable(struct ixguard_hw *hw,
				const struct ixguard_fdir_masks *m, bool on);
/* FDIRHASH of an FDIR filter with soft index swidx. */
uint32_t ixguard_flow_fdir_hash(const struct ixguard_filter *f,
				uint16_t swidx);

/* A mask or spec field that compares nothing: every byte zero. */
static inline bool
ixguard_flow_all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != 0)
			return false;
	return true;
}

#endif /* IXGUARD_FLOW_H */

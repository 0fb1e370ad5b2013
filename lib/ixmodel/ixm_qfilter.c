/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Receive queue assignment by the queue filters (82599 datasheet §7.1.2):
 * which filter picks the queue of a frame that passed the L2 filters.
 *
 * Order, first match wins (§7.1.2, "Rx queues assignment"):
 *  1. the L2 ethertype filters (ETQF/ETQS, §7.1.2.3);
 *  2. the TCP SYN filter and the 5-tuple filters (§7.1.2.4-5), the SYN
 *     filter first when SYNQF.SYNQFP is set, after them otherwise;
 *  3. the flow director (§7.1.2.7, ixm_fdir.c);
 *  4. RSS (§7.1.2.8, ixm_rx.c), or queue 0.
 * A filter whose queue enable bit is clear picks no queue.  Among the
 * 5-tuple filters that match, the highest FTQF priority wins, and of equal
 * priorities the lowest index.
 *
 * Not modelled: pools (VMDq), FCoE redirection, low latency interrupts
 * and the size/TCP flag checks of L34T_IMIR, which only concern LLI.
 */
#include <string.h>

#include "ixm_priv.h"
#include "ixm_regtab.h"

#define TCP_FLAG_SYN	0x02
#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17
#define IPPROTO_SCTP_	132

/* 4 bytes of the frame as a little-endian load (SAQF/DAQF layout). */
static inline uint32_t
le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	       ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint32_t
le16_at(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

/* The ethertype after at most one VLAN tag (the L2 parse's). */
static uint16_t
frame_ethertype(const uint8_t *f, const struct ixm_dp_pkt *p)
{
	return ixm_get_be16(f + (p->tagged ? 16 : 12));
}

static bool
etqf_match(struct ixm_dev *dev, const uint8_t *f,
	   const struct ixm_dp_pkt *p, struct ixm_dp_qsel *sel)
{
	uint16_t et = frame_ethertype(f, p);
	unsigned int i;

	for (i = 0; i < IX_NUM_ETQF; i++) {
		uint32_t etqf = ixm_rd(dev, IX_ETQF(i));
		uint32_t etqs;

		if (!(dev->dp.qf.etqf_on & (1u << i)) ||
		    !(etqf & IX_ETQF_FILTER_EN) ||
		    (etqf & IX_ETQF_ETYPE_MASK) != et)
			continue;
		/* The packet type reports the filter even without a queue. */
		sel->pkt_type = (uint16_t)(IX_RXDADV_PKTTYPE_ETQF | (i << 4));
		etqs = ixm_rd(dev, IX_ETQS(i));
		if (!(etqs & IX_ETQS_QUEUE_EN))
			return false;
		sel->queue = (etqs & IX_ETQS_QUEUE_MASK) >> IX_ETQS_QUEUE_SHIFT;
		return true;
	}
	return false;
}

static bool
syn_match(struct ixm_dev *dev, const uint8_t *f, const struct ixm_dp_pkt *p,
	  uint32_t synqf, struct ixm_dp_qsel *sel)
{
	if (!(synqf & IX_SYNQF_QUEUE_EN) || p->l4_off == 0 ||
	    p->l4proto != IPPROTO_TCP_ || !(f[p->l4_off + 13] & TCP_FLAG_SYN))
		return false;
	(void)dev;
	sel->queue = (synqf & IX_SYNQF_QUEUE_MASK) >> IX_SYNQF_QUEUE_SHIFT;
	return true;
}

static uint32_t
ftqf_proto_of(const struct ixm_dp_pkt *p)
{
	switch (p->l4proto) {
	case IPPROTO_TCP_:
		return IX_FTQF_PROTO_TCP;
	case IPPROTO_UDP_:
		return IX_FTQF_PROTO_UDP;
	case IPPROTO_SCTP_:
		return IX_FTQF_PROTO_SCTP;
	default:
		return IX_FTQF_PROTO_OTHER;
	}
}

/* The 5-tuple filters apply to IPv4 frames (SAQF/DAQF are 32 bits). */
static bool
ftqf_match(struct ixm_dev *dev, const uint8_t *f, const struct ixm_dp_pkt *p,
	   struct ixm_dp_qsel *sel)
{
	uint32_t sa, da, sp = 0, dp = 0, proto;
	unsigned int i, best = IX_NUM_FTQF, best_prio = 0;
	bool ports;

	if (p->ipv != 4 || (dev->dp.qf.ftqf_on[0] | dev->dp.qf.ftqf_on[1]) == 0)
		return false;
	sa = le32_at(f + p->l3_off + 12);
	da = le32_at(f + p->l3_off + 16);
	proto = ftqf_proto_of(p);
	/* Ports exist for TCP, UDP and SCTP headers that are complete. */
	ports = p->l4_off != 0 && proto != IX_FTQF_PROTO_OTHER;
	if (ports) {
		sp = le16_at(f + p->l4_off);
		dp = le16_at(f + p->l4_off + 2);
	}
	for (i = 0; i < IX_NUM_FTQF; i++) {
		uint64_t on = dev->dp.qf.ftqf_on[i >> 6] >> (i & 63);
		uint32_t ftqf, sdp, prio;

		if (on == 0) {		/* none from i to the end of the word */
			i |= 63;
			continue;
		}
		if (!(on & 1))
			continue;
		ftqf = ixm_rd(dev, IX_FTQF(i));
		if (!(ftqf & IX_FTQF_QUEUE_EN))
			continue;
		prio = (ftqf & IX_FTQF_PRIO_MASK) >> IX_FTQF_PRIO_SHIFT;
		if (best != IX_NUM_FTQF && prio <= best_prio)
			continue;
		if (!(ftqf & IX_FTQF_MASK_PROTO) &&
		    (ftqf & IX_FTQF_PROTO_MASK) != proto)
			continue;
		if (!(ftqf & IX_FTQF_MASK_SRC_ADDR) &&
		    ixm_rd(dev, IX_SAQF(i)) != sa)
			continue;
		if (!(ftqf & IX_FTQF_MASK_DST_ADDR) &&
		    ixm_rd(dev, IX_DAQF(i)) != da)
			continue;
		sdp = ixm_rd(dev, IX_SDPQF(i));
		if (!(ftqf & IX_FTQF_MASK_SRC_PORT) &&
		    (!ports || (sdp & IX_SDPQF_SRC_MASK) != sp))
			continue;
		if (!(ftqf & IX_FTQF_MASK_DST_PORT) &&
		    (!ports || (sdp >> IX_SDPQF_DST_SHIFT) != dp))
			continue;
		best = i;
		best_prio = prio;
	}
	if (best == IX_NUM_FTQF)
		return false;
	sel->queue = (ixm_rd(dev, IX_L34T_IMIR(best)) &
		      IX_L34T_IMIR_QUEUE_MASK) >> IX_L34T_IMIR_QUEUE_SHIFT;
	return true;
}

bool
ixm_dp_qfilter(struct ixm_dev *dev, const uint8_t *f,
	       const struct ixm_dp_pkt *p, struct ixm_dp_qsel *sel)
{
	uint32_t synqf;

	sel->pkt_type = 0;
	sel->fdir = false;
	if (dev->dp.qf.etqf_on != 0 && etqf_match(dev, f, p, sel))
		return true;
	synqf = ixm_rd(dev, IX_SYNQF);
	if (synqf & IX_SYNQF_SYNQFP) {
		if (syn_match(dev, f, p, synqf, sel) ||
		    ftqf_match(dev, f, p, sel))
			return true;
	} else if (ftqf_match(dev, f, p, sel) ||
		   syn_match(dev, f, p, synqf, sel)) {
		return true;
	}
	return ixm_dp_fdir_match(dev, f, p, sel);
}

/* Writes of ETQF, FTQF and SYNQF: note which filters are on. */
void
ixm_qfilter_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	struct ixm_dp_qf *qf = &dev->dp.qf;
	unsigned int i = ixm_reg_instance(off);

	ixm_reg_store(dev, off, val);
	if (off == IX_SYNQF) {
		qf->syn_on = (val & IX_SYNQF_QUEUE_EN) != 0;
	} else if (off >= IX_FTQF(0) && off <= IX_FTQF(IX_NUM_FTQF - 1)) {
		uint64_t bit = 1ull << (i & 63);

		if (val & IX_FTQF_QUEUE_EN)
			qf->ftqf_on[i >> 6] |= bit;
		else
			qf->ftqf_on[i >> 6] &= ~bit;
	} else if (val & IX_ETQF_FILTER_EN) {
		qf->etqf_on |= (uint8_t)(1u << i);
	} else {
		qf->etqf_on &= (uint8_t)~(1u << i);
	}
}

/* After a reset every filter register is 0 (ixm_reg_reset()). */
void
ixm_dp_qfilter_reset(struct ixm_dev *dev)
{
	memset(&dev->dp.qf, 0, sizeof(dev->dp.qf));
}

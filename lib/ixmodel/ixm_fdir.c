/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Flow director, perfect match filters (82599 datasheet §7.1.2.7,
 * registers §8.2.3.21).
 *
 * Software writes a filter's fields (FDIRIPSA, FDIRIPDA, FDIRPORT,
 * FDIRVLAN), then FDIRHASH (bucket hash and, for perfect filters, the
 * software index reported back in the RX write-back), then FDIRCMD with
 * the command (add, remove, query; self-clearing), flow type, queue and
 * the drop flag.  The table lives inside the device: here a slot array
 * chained per bucket.  A received frame's fields, masked by the global
 * mask registers (FDIRM, FDIRSIP4M, FDIRDIP4M, FDIRTCPM, FDIRUDPM), are
 * hashed with FDIRHKEY (ix_fdir_bucket_hash()); only the filters of that
 * bucket are compared, so a filter placed under a wrong hash never
 * matches, as on the 82599.
 *
 * A matching filter sends the frame to its queue, or with DROP to
 * FDIRCTRL.DROP_Q (a queue software leaves disabled, so the frame is
 * dropped); with FDIRCTRL.REPORT_STATUS the write-back has FLM set and
 * the filter ID (bucket hash 31:16, software index 15:0) in place of the
 * RSS hash.
 *
 * The VLAN field is the frame's (inner) tag without its CFI/DEI bit, 0
 * for an untagged frame; FDIRM.VLANID and FDIRM.VLANP take the VLAN ID
 * and the priority out of the comparison (and the hash).  The flex word
 * is the two bytes at FDIRCTRL.FLEX_OFFSET words from the frame's first
 * byte (tags included; always within the first 64 bytes), the first byte
 * the high one, as FDIRVLAN 31:16 holds it; FDIRM.FLEX takes it out.  A
 * frame too short to hold the word compares it as 0 (the real device
 * would read its padding, which this frame does not have).
 *
 * Modelled: IPv4 flow types (L4 type UDP/TCP/SCTP or none).  Not
 * modelled: signature filters, IPv6 filters (kept, never matched), VM
 * pools, the FDIRFSTAT/FDIRLEN bookkeeping beyond counts.  The 82599 has
 * no SCTP port mask register: SCTP frames are compared with ports 0.
 */
#include <string.h>

#include "ix82599_fdir.h"
#include "ixm_priv.h"
#include "ixm_regtab.h"

#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17
#define IPPROTO_SCTP_	132
#define NO_SLOT		0xFFFFu

static uint32_t
bucket_mask(uint32_t fdirctrl)
{
	switch (fdirctrl & IX_FDIRCTRL_PBALLOC_MASK) {
	case 1:
		return (1u << 13) - 1;
	case 2:
		return (1u << 14) - 1;
	default:
		return (1u << 15) - 1;
	}
}

static void
table_clear(struct ixm_dev *dev)
{
	struct ixm_fdir *t = &dev->dp.fdir;

	memset(t->head, 0xFF, sizeof(t->head));
	memset(t->slot, 0, sizeof(t->slot));
	t->n = 0;
	ixm_wr(dev, IX_FDIRFREE, IX_FDIR_PERFECT_MAX);
}

void
ixm_dp_fdir_reset(struct ixm_dev *dev)
{
	table_clear(dev);
	dev->dp.fdir.on = false;
}

static bool
fdir_enabled(const struct ixm_dev *dev)
{
	uint32_t c = ixm_rd(dev, IX_FDIRCTRL);

	return (c & IX_FDIRCTRL_PBALLOC_MASK) != 0 &&
	       (c & IX_FDIRCTRL_PERFECT_MATCH);
}

/*
 * FDIRCTRL: any write (re)initialises the table, which completes at once:
 * INIT_DONE reads 1 from then on (§8.2.3.21.1).
 */
void
ixm_fdirctrl_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	ixm_reg_store(dev, off, val);
	ixm_wr(dev, off, ixm_rd(dev, off) | IX_FDIRCTRL_INIT_DONE);
	table_clear(dev);
	dev->dp.fdir.on = fdir_enabled(dev);
}

/* Slot of the filter (bucket, software index), or NO_SLOT. */
static uint16_t
find(const struct ixm_fdir *t, uint32_t bucket, uint16_t swidx)
{
	uint16_t s;

	for (s = t->head[bucket]; s != NO_SLOT; s = t->slot[s].next) {
		if (t->slot[s].swidx == swidx)
			return s;
	}
	return NO_SLOT;
}

static void
unlink_slot(struct ixm_fdir *t, uint16_t s)
{
	uint16_t *pp = &t->head[t->slot[s].bucket];

	while (*pp != s)
		pp = &t->slot[*pp].next;
	*pp = t->slot[s].next;
	t->slot[s].used = false;
	t->n--;
}

static void
fill(struct ixm_dev *dev, struct ixm_fdir_filter *fl, uint32_t cmd)
{
	uint32_t port = ixm_rd(dev, IX_FDIRPORT);
	uint32_t vlan = ixm_rd(dev, IX_FDIRVLAN);

	fl->sa = ixm_rd(dev, IX_FDIRIPSA);
	fl->da = ixm_rd(dev, IX_FDIRIPDA);
	fl->sport = (uint16_t)port;
	fl->dport = (uint16_t)(port >> IX_FDIRPORT_DST_SHIFT);
	fl->vlan = (uint16_t)vlan;
	fl->flex = (uint16_t)(vlan >> IX_FDIRVLAN_FLEX_SHIFT);
	fl->flow_type = (uint8_t)(((cmd & IX_FDIRCMD_L4TYPE_MASK) >>
				   IX_FDIRCMD_L4TYPE_SHIFT) |
				  ((cmd & IX_FDIRCMD_IPV6) ? 4u : 0u));
	fl->queue = (uint8_t)((cmd & IX_FDIRCMD_QUEUE_MASK) >>
			      IX_FDIRCMD_QUEUE_SHIFT);
	fl->queue_en = (cmd & IX_FDIRCMD_QUEUE_EN) != 0;
	fl->drop = (cmd & IX_FDIRCMD_DROP) != 0;
}

static void
cmd_add(struct ixm_dev *dev, uint32_t bucket, uint16_t swidx, uint32_t cmd)
{
	struct ixm_fdir *t = &dev->dp.fdir;
	uint16_t s = find(t, bucket, swidx);

	if (s == NO_SLOT) {
		if (t->n >= IX_FDIR_PERFECT_MAX) {
			ixm_stat_add(dev, IX_FDIRFSTAT, 1);	/* failed add */
			return;
		}
		for (s = 0; t->slot[s].used; s++)
			;
		t->slot[s].used = true;
		t->slot[s].bucket = (uint16_t)bucket;
		t->slot[s].swidx = swidx;
		t->slot[s].next = t->head[bucket];
		t->head[bucket] = s;
		t->n++;
	}
	fill(dev, &t->slot[s], cmd);
	ixm_stat_add(dev, IX_FDIRUSTAT, 1);
}

/*
 * FDIRCMD: the command in bits 1:0 runs at once and reads back 0; a query
 * answers in FILTER_VALID.  CLEARHT set clears the whole table.
 */
void
ixm_fdircmd_write(struct ixm_dev *dev, uint32_t off, uint32_t val)
{
	struct ixm_fdir *t = &dev->dp.fdir;
	uint32_t hash = ixm_rd(dev, IX_FDIRHASH);
	uint32_t bucket = hash & bucket_mask(ixm_rd(dev, IX_FDIRCTRL));
	uint16_t swidx = (uint16_t)((hash & IX_FDIRHASH_SWIDX_MASK) >>
				    IX_FDIRHASH_SWIDX_SHIFT);
	uint16_t s;

	val &= ~IX_FDIRCMD_FILTER_VALID;
	if (val & IX_FDIRCMD_CLEARHT)
		table_clear(dev);
	switch (val & IX_FDIRCMD_CMD_MASK) {
	case IX_FDIRCMD_CMD_ADD:
		cmd_add(dev, bucket, swidx, val);
		break;
	case IX_FDIRCMD_CMD_REMOVE:
		s = find(t, bucket, swidx);
		if (s != NO_SLOT) {
			unlink_slot(t, s);
			ixm_stat_add(dev, IX_FDIRUSTAT, 1u << 16);
		} else {
			ixm_stat_add(dev, IX_FDIRFSTAT, 1u << 8);
		}
		break;
	case IX_FDIRCMD_CMD_QUERY:
		if (find(t, bucket, swidx) != NO_SLOT)
			val |= IX_FDIRCMD_FILTER_VALID;
		break;
	default:
		break;
	}
	ixm_wr(dev, off, val & ~IX_FDIRCMD_CMD_MASK);
	ixm_wr(dev, IX_FDIRFREE, IX_FDIR_PERFECT_MAX - t->n);
}

static inline uint16_t
rev16(uint32_t v)
{
	uint16_t r = 0;
	unsigned int i;

	for (i = 0; i < 16; i++)
		if (v & (1u << i))
			r |= (uint16_t)(1u << (15 - i));
	return r;
}

static inline uint32_t
le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	       ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

bool
ixm_dp_fdir_match(struct ixm_dev *dev, const uint8_t *f,
		  const struct ixm_dp_pkt *p, struct ixm_dp_qsel *sel)
{
	const struct ixm_fdir *t = &dev->dp.fdir;
	uint32_t ctrl, fdirm, sa, da, pm, fvv, common, h, flex_off;
	uint16_t sport = 0, dport = 0, vlan, flex = 0, s;
	uint8_t ft = 0;

	if (!t->on)
		return false;
	if (t->n == 0 || p->ipv != 4) {
		ixm_stat_add(dev, IX_FDIRMISS, 1);
		return false;
	}
	ctrl = ixm_rd(dev, IX_FDIRCTRL);
	fdirm = ixm_rd(dev, IX_FDIRM);
	if (p->l4_off != 0) {
		if (p->l4proto == IPPROTO_UDP_)
			ft = IX_FDIRCMD_L4TYPE_UDP;
		else if (p->l4proto == IPPROTO_TCP_)
			ft = IX_FDIRCMD_L4TYPE_TCP;
		else if (p->l4proto == IPPROTO_SCTP_)
			ft = IX_FDIRCMD_L4TYPE_SCTP;
	}
	if (ft == IX_FDIRCMD_L4TYPE_UDP || ft == IX_FDIRCMD_L4TYPE_TCP) {
		pm = ixm_rd(dev, ft == IX_FDIRCMD_L4TYPE_UDP ? IX_FDIRUDPM :
			    IX_FDIRTCPM);
		sport = ixm_get_be16(f + p->l4_off) & (uint16_t)~rev16(pm);
		dport = ixm_get_be16(f + p->l4_off + 2) &
			(uint16_t)~rev16(pm >> IX_FDIRPORTM_DST_SHIFT);
	}
	if (fdirm & IX_FDIRM_L4P)
		ft = 0;
	sa = le32_at(f + p->l3_off + 12) & ~ixm_rd(dev, IX_FDIRSIP4M);
	da = le32_at(f + p->l3_off + 16) & ~ixm_rd(dev, IX_FDIRDIP4M);
	vlan = p->tagged ? p->vlan_tci & (IX_FDIR_VLAN_ID_BITS |
					  IX_FDIR_VLAN_PRIO_BITS) : 0;
	if (fdirm & IX_FDIRM_VLANID)
		vlan &= (uint16_t)~IX_FDIR_VLAN_ID_BITS;
	if (fdirm & IX_FDIRM_VLANP)
		vlan &= (uint16_t)~IX_FDIR_VLAN_PRIO_BITS;
	if (!(fdirm & IX_FDIRM_FLEX)) {
		flex_off = 2u * ((ctrl & IX_FDIRCTRL_FLEX_MASK) >>
				 IX_FDIRCTRL_FLEX_SHIFT);
		if (flex_off + 2 <= p->len)
			flex = ixm_get_be16(f + flex_off);
	}
	fvv = ((uint32_t)ft << 16) | vlan;
	common = __builtin_bswap32(sa) ^ __builtin_bswap32(da) ^
		 ((uint32_t)sport << 16 | dport) ^ ((uint32_t)flex << 16);
	h = ix_fdir_bucket_hash(ixm_rd(dev, IX_FDIRHKEY), fvv, common) &
	    bucket_mask(ctrl);
	for (s = t->head[h]; s != NO_SLOT; s = t->slot[s].next) {
		const struct ixm_fdir_filter *fl = &t->slot[s];
		uint8_t fft = (fdirm & IX_FDIRM_L4P) ? fl->flow_type & 4u :
			      fl->flow_type;

		if (fft != ft || fl->sa != sa || fl->da != da ||
		    fl->sport != sport || fl->dport != dport ||
		    fl->vlan != vlan || fl->flex != flex)
			continue;
		ixm_stat_add(dev, IX_FDIRMATCH, 1);
		sel->fdir = (ctrl & IX_FDIRCTRL_REPORT_STATUS) != 0;
		sel->fdir_id = (h << 16) | fl->swidx;
		if (fl->drop) {
			sel->queue = (ctrl & IX_FDIRCTRL_DROP_Q_MASK) >>
				     IX_FDIRCTRL_DROP_Q_SHIFT;
			return true;
		}
		if (!fl->queue_en)
			return false;
		sel->queue = fl->queue;
		return true;
	}
	ixm_stat_add(dev, IX_FDIRMISS, 1);
	return false;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * rte_flow rules into 82599 filter descriptions (ixguard_flow.h): the
 * pattern and actions are read, the filter that can hold the rule chosen
 * (see ixguard_flow.c for the forms each filter takes), and anything the
 * 82599 cannot do refused with a message saying why.  No resource is
 * checked and no register written here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_tcp.h>
#include <ethdev_driver.h>

#include "ixguard_ethdev.h"
#include "ixguard_flow.h"
#include "ixguard_logs.h"

/* One log line and the rte_flow error (ixguard_flow_refuse()). */
#define refuse(...)	ixguard_flow_refuse(__VA_ARGS__)

#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17
#define IPPROTO_SCTP_	132

static __thread char flow_msg[512];

int
ixguard_flow_refuse(struct rte_eth_dev *dev, struct rte_flow_error *err,
		    int code, enum rte_flow_error_type type, const void *cause,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(flow_msg, sizeof(flow_msg), fmt, ap);
	va_end(ap);
	IXG_DRV_LOG(NOTICE, "port %u: flow rule refused: %s",
		    dev->data->port_id, flow_msg);
	return rte_flow_error_set(err, code, type, cause, flow_msg);
}

/* ---- The parts of a rule ---------------------------------------------- */

struct rule {
	const struct rte_flow_item *eth, *l3, *l4, *vlan, *raw;
	const void *eth_m, *l3_m, *l4_m;	/* masks (default if none) */
	const struct rte_flow_item_vlan *vlan_m;
	const struct rte_flow_item_raw *raw_m;
	enum rte_flow_item_type l3_type, l4_type;
	bool queue, drop, mark;
	uint16_t queue_idx;
	uint32_t mark_id;
	const struct rte_flow_action *queue_act, *mark_act;
};

static const char *
item_name(enum rte_flow_item_type t)
{
	switch (t) {
	case RTE_FLOW_ITEM_TYPE_ETH: return "eth";
	case RTE_FLOW_ITEM_TYPE_IPV4: return "ipv4";
	case RTE_FLOW_ITEM_TYPE_IPV6: return "ipv6";
	case RTE_FLOW_ITEM_TYPE_TCP: return "tcp";
	case RTE_FLOW_ITEM_TYPE_UDP: return "udp";
	case RTE_FLOW_ITEM_TYPE_SCTP: return "sctp";
	case RTE_FLOW_ITEM_TYPE_VLAN: return "vlan";
	case RTE_FLOW_ITEM_TYPE_RAW: return "raw";
	default: return "this item";
	}
}

static int
parse_pattern(struct rte_eth_dev *dev, const struct rte_flow_item *it,
	      struct rule *r, struct rte_flow_error *err)
{
	/* 0: nothing, 1: eth, 2: vlan, 3: l3, 4: l4; raw: anywhere, once
	 * (its offset is absolute) */
	int stage = 0;

	for (; it->type != RTE_FLOW_ITEM_TYPE_END; it++) {
		int want;

		if (it->type == RTE_FLOW_ITEM_TYPE_VOID)
			continue;
		switch (it->type) {
		case RTE_FLOW_ITEM_TYPE_ETH:
			want = 1;
			break;
		case RTE_FLOW_ITEM_TYPE_VLAN:
			want = 2;
			break;
		case RTE_FLOW_ITEM_TYPE_IPV4:
		case RTE_FLOW_ITEM_TYPE_IPV6:
			want = 3;
			break;
		case RTE_FLOW_ITEM_TYPE_TCP:
		case RTE_FLOW_ITEM_TYPE_UDP:
		case RTE_FLOW_ITEM_TYPE_SCTP:
			want = 4;
			break;
		case RTE_FLOW_ITEM_TYPE_RAW:
			want = 0;
			break;
		default:
			return refuse(dev, err, ENOTSUP,
				      RTE_FLOW_ERROR_TYPE_ITEM, it,
				      "pattern item %s (type %d) is not "
				      "supported: the 82599's filters match "
				      "eth, vlan, ipv4, ipv6 (SYN only), tcp, "
				      "udp, sctp, raw (2 bytes)",
				      item_name(it->type), it->type);
		}
		if (want == 2 && r->vlan != NULL)
			return refuse(dev, err, ENOTSUP,
				      RTE_FLOW_ERROR_TYPE_ITEM, it,
				      "one vlan item only: the flow director "
				      "compares one tag");
		if (want == 0 && r->raw != NULL)
			return refuse(dev, err, ENOTSUP,
				      RTE_FLOW_ERROR_TYPE_ITEM, it,
				      "one raw item only: the flow director "
				      "compares one 2-byte flex word");
		if (want != 0 && (want <= stage || (want == 4 && stage < 3)))
			return refuse(dev, err, EINVAL,
				      RTE_FLOW_ERROR_TYPE_ITEM, it,
				      "pattern item %s out of order (eth / "
				      "vlan / ip / l4 expected)",
				      item_name(it->type));
		if (it->last != NULL)
			return refuse(dev, err, ENOTSUP,
				      RTE_FLOW_ERROR_TYPE_ITEM_LAST, it,
				      "ranges ('last') are not supported");
		if (it->spec == NULL && it->mask != NULL)
			return refuse(dev, err, EINVAL,
				      RTE_FLOW_ERROR_TYPE_ITEM_MASK, it,
				      "a mask without a spec");
		if (want != 0)
			stage = want;
		switch (want) {
		case 0:
			r->raw = it;
			r->raw_m = it->mask != NULL ? it->mask :
				   &rte_flow_item_raw_mask;
			break;
		case 2:
			r->vlan = it;
			r->vlan_m = it->mask != NULL ? it->mask :
				    &rte_flow_item_vlan_mask;
			break;
		case 1:
			r->eth = it;
			r->eth_m = it->mask != NULL ? it->mask :
				   &rte_flow_item_eth_mask;
			break;
		case 3:
			r->l3 = it;
			r->l3_type = it->type;
			r->l3_m = it->mask != NULL ? it->mask :
				  it->type == RTE_FLOW_ITEM_TYPE_IPV4 ?
				  (const void *)&rte_flow_item_ipv4_mask :
				  (const void *)&rte_flow_item_ipv6_mask;
			break;
		default:
			r->l4 = it;
			r->l4_type = it->type;
			r->l4_m = it->mask != NULL ? it->mask :
				  it->type == RTE_FLOW_ITEM_TYPE_TCP ?
				  (const void *)&rte_flow_item_tcp_mask :
				  it->type == RTE_FLOW_ITEM_TYPE_UDP ?
				  (const void *)&rte_flow_item_udp_mask :
				  (const void *)&rte_flow_item_sctp_mask;
			break;
		}
	}
	return 0;
}

static int
parse_actions(struct rte_eth_dev *dev, const struct rte_flow_action *a,
	      struct rule *r, struct rte_flow_error *err)
{
	for (; a->type != RTE_FLOW_ACTION_TYPE_END; a++) {
		switch (a->type) {
		case RTE_FLOW_ACTION_TYPE_VOID:
			continue;
		case RTE_FLOW_ACTION_TYPE_QUEUE:
			if (r->queue || r->drop)
				goto twice;
			r->queue = true;
			r->queue_act = a;
			if (a->conf == NULL)
				goto noconf;
			r->queue_idx = ((const struct rte_flow_action_queue *)
					a->conf)->index;
			if (r->queue_idx >= dev->data->nb_rx_queues)
				return refuse(dev, err, EINVAL,
					RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
					"queue %u does not exist (the port "
					"has %u RX queues)", r->queue_idx,
					dev->data->nb_rx_queues);
			break;
		case RTE_FLOW_ACTION_TYPE_DROP:
			if (r->queue || r->drop)
				goto twice;
			r->drop = true;
			break;
		case RTE_FLOW_ACTION_TYPE_MARK:
			if (r->mark)
				goto twice;
			if (a->conf == NULL)
				goto noconf;
			r->mark = true;
			r->mark_act = a;
			r->mark_id = ((const struct rte_flow_action_mark *)
				      a->conf)->id;
			if (r->mark_id > IXG_FDIR_MARK_MAX)
				return refuse(dev, err, EINVAL,
					RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
					"mark id %u too large: the flow "
					"director reports ids 0..%u",
					r->mark_id, IXG_FDIR_MARK_MAX);
			break;
		case RTE_FLOW_ACTION_TYPE_COUNT:
			return refuse(dev, err, ENOTSUP,
				      RTE_FLOW_ERROR_TYPE_ACTION, a,
				      "count: the 82599 has no per-rule "
				      "counters");
		default:
			return refuse(dev, err, ENOTSUP,
				      RTE_FLOW_ERROR_TYPE_ACTION, a,
				      "action type %d is not supported (queue, "
				      "drop, mark are)", a->type);
		}
	}
	if (!r->queue && !r->drop && !r->mark)
		return refuse(dev, err, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_NUM,
			      NULL, "no action: queue, drop or mark needed");
	if (r->mark && r->drop)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION,
			      r->mark_act, "mark with drop: a dropped frame "
			      "carries no mark");
	return 0;
twice:
	return refuse(dev, err, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION, a,
		      "more than one fate action (queue, drop)");
noconf:
	return refuse(dev, err, EINVAL, RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
		      "action without its configuration");
}

/* ---- Classification ---------------------------------------------------- */

static int
as_ethertype(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
	     const struct rule *r, struct ixguard_filter *f,
	     struct rte_flow_error *err)
{
	const struct rte_flow_item_eth *s = r->eth->spec, *m = r->eth_m;
	uint16_t et = rte_be_to_cpu_16(s->type);

	if (!ixguard_flow_all_zero(&m->dst, sizeof(m->dst)) ||
	    !ixguard_flow_all_zero(&m->src, sizeof(m->src)) || m->has_vlan ||
	    r->vlan != NULL || r->raw != NULL)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			      r->eth, "the ethertype filter compares the "
			      "ethertype only (no MAC address, no VLAN, no "
			      "raw bytes)");
	if (m->type != RTE_BE16(0xFFFF))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			      r->eth, "ethertype mask must be 0xffff");
	if (et == RTE_ETHER_TYPE_IPV4 || et == RTE_ETHER_TYPE_IPV6 ||
	    et == RTE_ETHER_TYPE_VLAN || et == RTE_ETHER_TYPE_QINQ)
		return refuse(dev, err, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->eth, "ethertype 0x%04x: use ip or vlan "
			      "patterns (the ethertype filter would take "
			      "every such frame)", et);
	if (!r->queue || r->mark)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION,
			      NULL, "an ethertype filter steers to a queue "
			      "only (no drop, no mark on the 82599)");
	if (attr->priority != 0)
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY, attr,
			      "ethertype filters have no priority (0 only)");
	f->kind = IXG_FILTER_ETHERTYPE;
	f->et.ethertype = et;
	return 0;
}

static int
as_syn(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
       const struct rule *r, struct ixguard_filter *f,
       struct rte_flow_error *err)
{
	const struct rte_flow_item_tcp *s = r->l4->spec, *m = r->l4_m;
	struct rte_tcp_hdr other = m->hdr;

	other.tcp_flags = 0;
	if (m->hdr.tcp_flags != RTE_TCP_SYN_FLAG ||
	    s->hdr.tcp_flags != RTE_TCP_SYN_FLAG ||
	    !ixguard_flow_all_zero(&other, sizeof(other)))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			      r->l4, "the SYN filter matches the SYN flag "
			      "alone (spec and mask: flags 0x02, no port)");
	if (r->vlan != NULL || r->raw != NULL)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->vlan != NULL ? r->vlan : r->raw, "the SYN "
			      "filter compares no VLAN tag and no raw bytes");
	if ((r->l3 != NULL && r->l3->spec != NULL &&
	     !ixguard_flow_all_zero(r->l3_m,
				    r->l3_type == RTE_FLOW_ITEM_TYPE_IPV4 ?
				    sizeof(struct rte_flow_item_ipv4) :
				    sizeof(struct rte_flow_item_ipv6))) ||
	    (r->eth != NULL && r->eth->spec != NULL &&
	     !ixguard_flow_all_zero(r->eth_m,
				    sizeof(struct rte_flow_item_eth))))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->l3, "the SYN filter compares no address");
	if (!r->queue || r->mark)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION,
			      NULL, "the SYN filter steers to a queue only");
	if (attr->priority > 1)
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_ATTR_PRIORITY, attr,
			      "SYN filter priority: 0 (before the 5-tuple "
			      "filters) or 1 (after them)");
	f->kind = IXG_FILTER_SYN;
	f->syn.first = attr->priority == 0;
	return 0;
}

/* The IPv4 and L4 fields both 5-tuple and flow director rules use. */
struct l34 {
	uint32_t sa, da, sa_m, da_m;	/* big endian */
	uint16_t sp, dp, sp_m, dp_m;	/* big endian */
	uint8_t proto, proto_m;
};

static int
l34_fields(struct rte_eth_dev *dev, const struct rule *r, struct l34 *x,
	   struct rte_flow_error *err)
{
	memset(x, 0, sizeof(*x));
	if (r->eth != NULL && r->eth->spec != NULL &&
	    !ixguard_flow_all_zero(r->eth_m, sizeof(struct rte_flow_item_eth)))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->eth, "MAC addresses and ethertype cannot be "
			      "combined with ip fields on the 82599");
	if (r->l3 == NULL || r->l3_type != RTE_FLOW_ITEM_TYPE_IPV4)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->l3, "only ipv4 rules (and the SYN filter "
			      "for ipv6) are supported");
	if (r->l3->spec != NULL) {
		const struct rte_flow_item_ipv4 *s = r->l3->spec;
		const struct rte_flow_item_ipv4 *m = r->l3_m;
		struct rte_ipv4_hdr other = m->hdr;

		other.src_addr = other.dst_addr = 0;
		other.next_proto_id = 0;
		if (!ixguard_flow_all_zero(&other, sizeof(other)))
			return refuse(dev, err, ENOTSUP,
				      RTE_FLOW_ERROR_TYPE_ITEM_MASK, r->l3,
				      "ipv4: only addresses and protocol can "
				      "be matched");
		x->sa_m = m->hdr.src_addr;
		x->da_m = m->hdr.dst_addr;
		x->sa = s->hdr.src_addr & x->sa_m;
		x->da = s->hdr.dst_addr & x->da_m;
		x->proto_m = m->hdr.next_proto_id;
		x->proto = s->hdr.next_proto_id & x->proto_m;
	}
	if (r->l4 != NULL) {
		uint8_t p = r->l4_type == RTE_FLOW_ITEM_TYPE_TCP ?
			    IPPROTO_TCP_ : r->l4_type ==
			    RTE_FLOW_ITEM_TYPE_UDP ? IPPROTO_UDP_ :
			    IPPROTO_SCTP_;

		if (x->proto_m != 0 && x->proto != p)
			return refuse(dev, err, EINVAL,
				      RTE_FLOW_ERROR_TYPE_ITEM, r->l3,
				      "ipv4 protocol %u contradicts "
				      "the %s item", x->proto,
				      item_name(r->l4_type));
		x->proto = p;
		x->proto_m = 0xFF;
	}
	if (r->l4 != NULL && r->l4->spec != NULL) {
		const void *s = r->l4->spec, *m = r->l4_m;
		/* tcp, udp and sctp headers all start with the ports */
		const struct rte_udp_hdr *us = s, *um = m;
		bool rest;

		if (r->l4_type == RTE_FLOW_ITEM_TYPE_TCP) {
			struct rte_tcp_hdr o = ((const struct rte_flow_item_tcp
						 *)m)->hdr;

			o.src_port = o.dst_port = 0;
			rest = !ixguard_flow_all_zero(&o, sizeof(o));
		} else if (r->l4_type == RTE_FLOW_ITEM_TYPE_UDP) {
			struct rte_udp_hdr o = *um;

			o.src_port = o.dst_port = 0;
			rest = !ixguard_flow_all_zero(&o, sizeof(o));
		} else {
			struct rte_sctp_hdr o =
				((const struct rte_flow_item_sctp *)m)->hdr;

			o.src_port = o.dst_port = 0;
			rest = !ixguard_flow_all_zero(&o, sizeof(o));
		}
		if (rest)
			return refuse(dev, err, ENOTSUP,
				      RTE_FLOW_ERROR_TYPE_ITEM_MASK, r->l4,
				      "%s: only ports can be matched",
				      item_name(r->l4_type));
		x->sp_m = um->src_port;
		x->dp_m = um->dst_port;
		x->sp = us->src_port & x->sp_m;
		x->dp = us->dst_port & x->dp_m;
	}
	return 0;
}

/* The VLAN tag and the flex word, which only the flow director compares. */
struct fdx {
	uint16_t vlan, vlan_m;	/* host order, without the DEI bit */
	uint16_t flex;		/* first byte high */
	bool flex_on;
	uint8_t flex_off;	/* bytes from the frame's first byte */
};

#define VLAN_DEI	0x1000u

static int
vlan_fields(struct rte_eth_dev *dev, const struct rule *r, struct fdx *x,
	    struct rte_flow_error *err)
{
	const struct rte_flow_item_vlan *s = r->vlan->spec, *m = r->vlan_m;
	struct rte_flow_item_vlan other = *m;
	uint16_t tm = rte_be_to_cpu_16(m->hdr.vlan_tci);
	uint16_t id = tm & IX_FDIR_VLAN_ID_BITS;
	uint16_t prio = tm & IX_FDIR_VLAN_PRIO_BITS;
	uint16_t tci;

	other.hdr.vlan_tci = 0;
	other.hdr.eth_proto = 0;
	if (!ixguard_flow_all_zero(&other, sizeof(other)))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			      r->vlan, "vlan: has_more_vlan cannot be "
			      "matched (the flow director compares one tag)");
	if (s == NULL || id + prio == 0)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->vlan, "vlan without a VLAN ID or priority "
			      "to compare: the 82599 cannot require a tag "
			      "(an untagged frame compares as VLAN 0)");
	if (m->hdr.eth_proto != 0 &&
	    (m->hdr.eth_proto != RTE_BE16(0xFFFF) ||
	     s->hdr.eth_proto != RTE_BE16(RTE_ETHER_TYPE_IPV4)))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			      r->vlan, "vlan inner_type: 0x0800 only (the "
			      "flow director's rules are ipv4)");
	if ((id != 0 && id != IX_FDIR_VLAN_ID_BITS) ||
	    (prio != 0 && prio != IX_FDIR_VLAN_PRIO_BITS))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			      r->vlan, "vlan tci mask 0x%04x: the 82599 "
			      "compares the whole VLAN ID (0x0fff), the whole "
			      "priority (0xe000) or both", tm);
	tci = rte_be_to_cpu_16(s->hdr.vlan_tci);
	if ((tm & VLAN_DEI) && (tci & VLAN_DEI))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->vlan, "vlan DEI 1: the 82599 does not "
			      "compare the DEI bit (the rule would take DEI 0 "
			      "frames too)");
	x->vlan_m = id | prio;
	x->vlan = tci & x->vlan_m;
	return 0;
}

/* The flex word: net_ixgbe's form, 'raw relative is 0 search is 0
 * offset is N limit is 0 pattern is XY' (§7.1.2.7: FDIRCTRL.FLEX_OFFSET). */
static int
raw_fields(struct rte_eth_dev *dev, const struct rule *r, struct fdx *x,
	   struct rte_flow_error *err)
{
	const struct rte_flow_item_raw *s = r->raw->spec, *m = r->raw_m;

	if (s == NULL)
		return refuse(dev, err, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->raw, "raw without a spec");
	if (s->relative || s->search || s->reserved)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->raw, "raw: the flex word lies at a fixed "
			      "offset from the frame's first byte (relative "
			      "0, search 0)");
	if (m->offset != -1)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			      r->raw, "raw: the offset is compared whole "
			      "(offset mask 0xffffffff)");
	if (s->length != 2)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->raw, "raw pattern of %u bytes: the 82599's "
			      "flex word is 2 bytes", s->length);
	if (s->pattern == NULL)
		return refuse(dev, err, EINVAL, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->raw, "raw without a pattern");
	if (s->offset < 0 || s->offset > (int32_t)IX_FDIR_FLEX_OFF_MAX ||
	    (s->offset & 1))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r->raw, "raw offset %d: the flex word lies at "
			      "an even offset 0..%u (the first 64 bytes)",
			      (int)s->offset, IX_FDIR_FLEX_OFF_MAX);
	if (m->pattern != NULL &&
	    (m->pattern[0] != 0xFF || m->pattern[1] != 0xFF))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM_MASK,
			      r->raw, "raw pattern mask %02x%02x: the 82599 "
			      "compares the flex word whole (ffff)",
			      m->pattern[0], m->pattern[1]);
	x->flex_on = true;
	x->flex_off = (uint8_t)s->offset;
	x->flex = (uint16_t)(s->pattern[0] << 8 | s->pattern[1]);
	return 0;
}

static const char *
flex_where(const struct ixguard_fdir_masks *m, char *buf, size_t len)
{
	if (!m->flex)
		return "none";
	snprintf(buf, len, "at offset %u", m->flex_off);
	return buf;
}

/* NULL if a and b are the same masks, else how the rule's (a) differ. */
static const char *
mask_diff(const struct ixguard_fdir_masks *a,
	  const struct ixguard_fdir_masks *b)
{
	static __thread char why[128];
	char mine[24], theirs[24];

	if (a->sa != b->sa || a->da != b->da)
		snprintf(why, sizeof(why), "ipv4 src/dst masks %08x/%08x, "
			 "theirs %08x/%08x", a->sa, a->da, b->sa, b->da);
	else if (a->sp != b->sp || a->dp != b->dp)
		snprintf(why, sizeof(why), "port src/dst masks %04x/%04x, "
			 "theirs %04x/%04x", a->sp, a->dp, b->sp, b->dp);
	else if (a->vlan != b->vlan)
		snprintf(why, sizeof(why), "vlan tci mask 0x%04x, theirs "
			 "0x%04x", a->vlan, b->vlan);
	else if (a->l4p != b->l4p)
		snprintf(why, sizeof(why), "%s, theirs %s", a->l4p ?
			 "no l4 item (L4 type not compared)" : "an l4 item",
			 b->l4p ? "without" : "with");
	else if (a->flex != b->flex || a->flex_off != b->flex_off)
		snprintf(why, sizeof(why), "flex word %s, theirs %s",
			 flex_where(a, mine, sizeof(mine)),
			 flex_where(b, theirs, sizeof(theirs)));
	else
		return NULL;
	return why;
}

static bool
whole_or_none32(uint32_t m)
{
	return m == 0 || m == UINT32_MAX;
}

static bool
whole_or_none16(uint16_t m)
{
	return m == 0 || m == UINT16_MAX;
}

/* 0: fits a 5-tuple filter; else why not (for a flow director try). */
static const char *
ntuple_misfit(const struct rte_flow_attr *attr, const struct rule *r,
	      const struct l34 *x, const struct fdx *fx)
{
	if (fx->vlan_m != 0 || fx->flex_on)
		return "the 5-tuple filters compare no VLAN tag and no raw "
		       "bytes";
	if (!r->queue || r->mark)
		return "the 5-tuple filters steer to a queue only";
	if (!whole_or_none32(x->sa_m) || !whole_or_none32(x->da_m) ||
	    !whole_or_none16(x->sp_m) || !whole_or_none16(x->dp_m) ||
	    (x->proto_m != 0 && x->proto_m != 0xFF))
		return "the 5-tuple filters compare whole fields";
	if (x->proto_m != 0 && x->proto != IPPROTO_TCP_ &&
	    x->proto != IPPROTO_UDP_ && x->proto != IPPROTO_SCTP_)
		return "the 5-tuple filters know tcp, udp and sctp only";
	if (attr->priority > IX_FTQF_PRIO_MAX - 1)
		return "5-tuple priority is 0 (highest) to 6";
	return NULL;
}

static void
as_ntuple(const struct rte_flow_attr *attr, const struct l34 *x,
	  struct ixguard_filter *f)
{
	f->kind = IXG_FILTER_NTUPLE;
	f->nt.sa = x->sa;
	f->nt.da = x->da;
	f->nt.sp = x->sp;
	f->nt.dp = x->dp;
	f->nt.nocmp = 0;
	if (x->sa_m == 0)
		f->nt.nocmp |= IX_FTQF_MASK_SRC_ADDR;
	if (x->da_m == 0)
		f->nt.nocmp |= IX_FTQF_MASK_DST_ADDR;
	if (x->sp_m == 0)
		f->nt.nocmp |= IX_FTQF_MASK_SRC_PORT;
	if (x->dp_m == 0)
		f->nt.nocmp |= IX_FTQF_MASK_DST_PORT;
	if (x->proto_m == 0)
		f->nt.nocmp |= IX_FTQF_MASK_PROTO;
	f->nt.proto = x->proto == IPPROTO_UDP_ ? IX_FTQF_PROTO_UDP :
		      x->proto == IPPROTO_SCTP_ ? IX_FTQF_PROTO_SCTP :
		      IX_FTQF_PROTO_TCP;
	/* rte_flow: 0 is the highest; FTQF: 7 is. */
	f->nt.prio = IX_FTQF_PRIO_MAX - attr->priority;
}

/* NULL: a flow director filter can hold the rule; else why not. */
static const char *
fdir_misfit(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
	    const struct rule *r, const struct l34 *x,
	    const struct ixguard_fdir_masks *mk)
{
	const struct ixguard_flows *fl = &IXG_ADAPTER(dev)->flows;
	static __thread char why[320];
	const char *diff;

	if (r->l4 == NULL && x->proto_m != 0)
		return "the flow director compares the ipv4 protocol only "
		       "through a tcp, udp or sctp item";
	if (r->l4_type == RTE_FLOW_ITEM_TYPE_SCTP &&
	    (x->sp_m != 0 || x->dp_m != 0))
		return "the 82599's flow director compares no sctp port";
	if (attr->priority != 0)
		return "flow director rules have no priority (0 only)";
	if (r->queue && r->queue_idx >= IXG_FDIR_DROP_QUEUE)
		return "that queue is the flow director's drop queue";
	diff = fl->n_fdir > 0 ? mask_diff(mk, &fl->fd_masks) : NULL;
	if (diff != NULL) {
		snprintf(why, sizeof(why), "flow director rules share one "
			 "set of masks and flex offset (global registers on "
			 "the 82599) and this rule's differ from the existing "
			 "rules': %s", diff);
		return why;
	}
	return NULL;
}

/* The masks a flow director filter for the rule needs. */
static void
fdir_masks(const struct rule *r, const struct l34 *x, const struct fdx *fx,
	   struct ixguard_fdir_masks *mk)
{
	memset(mk, 0, sizeof(*mk));
	mk->l4p = r->l4 == NULL;
	mk->sa = rte_be_to_cpu_32(x->sa_m);
	mk->da = rte_be_to_cpu_32(x->da_m);
	mk->sp = rte_be_to_cpu_16(x->sp_m);
	mk->dp = rte_be_to_cpu_16(x->dp_m);
	mk->vlan = fx->vlan_m;
	mk->flex = fx->flex_on;
	mk->flex_off = fx->flex_off;	/* 0 without a raw item */
}

static void
as_fdir(const struct rule *r, const struct l34 *x, const struct fdx *fx,
	const struct ixguard_fdir_masks *mk, struct ixguard_filter *f)
{
	f->kind = IXG_FILTER_FDIR;
	f->fd.m = *mk;
	f->fd.vlan = fx->vlan;
	f->fd.flex = fx->flex;
	f->fd.sa = rte_be_to_cpu_32(x->sa);
	f->fd.da = rte_be_to_cpu_32(x->da);
	f->fd.sp = rte_be_to_cpu_16(x->sp);
	f->fd.dp = rte_be_to_cpu_16(x->dp);
	f->fd.l4type = r->l4 == NULL ? 0 : r->l4_type ==
		       RTE_FLOW_ITEM_TYPE_UDP ? IX_FDIRCMD_L4TYPE_UDP :
		       r->l4_type == RTE_FLOW_ITEM_TYPE_TCP ?
		       IX_FDIRCMD_L4TYPE_TCP : IX_FDIRCMD_L4TYPE_SCTP;
}

/*
 * Parse a rule into f[0]; a rule for a 5-tuple filter that a flow
 * director filter could also hold gets that form in f[1] (*n = 2), for
 * when the 5-tuple filters are all in use.  Resources are not checked.
 */
int
ixguard_flow_parse(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
	   const struct rte_flow_item pattern[],
	   const struct rte_flow_action actions[], struct ixguard_filter f[2],
	   unsigned int *n, struct rte_flow_error *err)
{
	struct ixguard_fdir_masks mk;
	struct rule r;
	struct l34 x;
	struct fdx fx;
	const char *why, *why_fd;
	int ret;

	memset(&r, 0, sizeof(r));
	memset(f, 0, 2 * sizeof(*f));
	*n = 1;
	if (attr == NULL || pattern == NULL || actions == NULL)
		return refuse(dev, err, EINVAL, RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
			      NULL, "attributes, pattern and actions needed");
	if (!attr->ingress || attr->egress || attr->transfer)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ATTR, attr,
			      "ingress rules only");
	if (attr->group != 0)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ATTR_GROUP,
			      attr, "group 0 only");
	/* RSS: the port's one RSS configuration (ixguard_flow_rss.c). */
	if (ixguard_flow_has_rss(actions))
		return ixguard_flow_parse_rss(dev, pattern, actions, &f[0],
					      err);
	ret = parse_pattern(dev, pattern, &r, err);
	if (ret == 0)
		ret = parse_actions(dev, actions, &r, err);
	if (ret != 0)
		return ret;
	f[0].queue = r.queue_idx;
	f[0].queue_en = r.queue;
	f[0].drop = r.drop;
	f[0].mark = r.mark;
	f[0].mark_id = r.mark_id;

	if (r.eth != NULL && r.eth->spec != NULL && r.l3 == NULL &&
	    ((const struct rte_flow_item_eth *)r.eth_m)->type != 0)
		return as_ethertype(dev, attr, &r, &f[0], err);
	if (r.l3 == NULL && (r.vlan != NULL || r.raw != NULL))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r.vlan != NULL ? r.vlan : r.raw, "vlan and "
			      "raw items: the flow director compares them, "
			      "in rules with an ipv4 item");
	if (r.l3 == NULL)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      pattern, "patterns without ip: only 'eth type "
			      "is T' (the ethertype filter)");
	if (r.l4_type == RTE_FLOW_ITEM_TYPE_TCP && r.l4->spec != NULL &&
	    ((const struct rte_flow_item_tcp *)r.l4_m)->hdr.tcp_flags != 0)
		return as_syn(dev, attr, &r, &f[0], err);
	ret = l34_fields(dev, &r, &x, err);
	if (ret != 0)
		return ret;
	memset(&fx, 0, sizeof(fx));
	if (r.vlan != NULL)
		ret = vlan_fields(dev, &r, &fx, err);
	if (ret == 0 && r.raw != NULL)
		ret = raw_fields(dev, &r, &fx, err);
	if (ret != 0)
		return ret;
	fdir_masks(&r, &x, &fx, &mk);
	why = ntuple_misfit(attr, &r, &x, &fx);
	why_fd = fdir_misfit(dev, attr, &r, &x, &mk);
	if (why == NULL) {
		as_ntuple(attr, &x, &f[0]);
		if (why_fd == NULL) {
			f[1] = f[0];
			as_fdir(&r, &x, &fx, &mk, &f[1]);
			*n = 2;
		}
		return 0;
	}
	if (why_fd != NULL)
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM,
			      r.l4 != NULL ? r.l4 : r.l3, "%s; %s", why,
			      why_fd);
	as_fdir(&r, &x, &fx, &mk, &f[0]);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * features_check's probes of the [rte_flow items] and [rte_flow actions]
 * sections: a rule with each item or action is valid on port 0 (the rules
 * test_flow.py drives through testpmd, which also checks what they do on
 * the wire).
 */
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_flow.h>

#include "features_flow.h"

static bool
flow_ok(const struct rte_flow_item *pattern,
	const struct rte_flow_action *actions)
{
	const struct rte_flow_attr attr = { .ingress = 1 };
	struct rte_flow_error err;
	int ret;

	memset(&err, 0, sizeof(err));
	ret = rte_flow_validate(0, &attr, pattern, actions, &err);
	if (ret != 0)
		printf("# flow validate: %d %s\n", ret,
		       err.message != NULL ? err.message : "");
	return ret == 0;
}

static const struct rte_flow_action_queue fq1 = { .index = 1 };
static const struct rte_flow_action act_queue[] = {
	{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &fq1 },
	{ .type = RTE_FLOW_ACTION_TYPE_END },
};

static bool
p_flow_eth(void)	/* P: the ethertype only */
{
	const struct rte_flow_item_eth spec = {
		.type = RTE_BE16(0x88F7),
	}, mask = { .type = RTE_BE16(0xFFFF) };
	const struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &spec, .mask = &mask },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};

	return flow_ok(pattern, act_queue);
}

/* ipv4 addresses with an l4 item of type t (0: none) and its ports. */
static bool
flow_ipv4_l4(enum rte_flow_item_type t, bool ports,
	     const struct rte_flow_action *actions)
{
	struct rte_flow_item_ipv4 ip = {
		.hdr.src_addr = RTE_BE32(RTE_IPV4(10, 0, 0, 1)),
		.hdr.dst_addr = RTE_BE32(RTE_IPV4(10, 0, 0, 2)),
	};
	struct rte_flow_item_udp l4 = {
		.hdr.src_port = RTE_BE16(1000), .hdr.dst_port = RTE_BE16(2000),
	};
	struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4, .spec = &ip },
		{ .type = t, .spec = ports ? &l4 : NULL },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};

	/* tcp/udp/sctp items all start with the two ports */
	if (t == RTE_FLOW_ITEM_TYPE_END)
		pattern[2].spec = NULL;
	return flow_ok(pattern, actions);
}

static bool
p_flow_ipv4(void)	/* P: addresses and protocol */
{
	return flow_ipv4_l4(RTE_FLOW_ITEM_TYPE_END, false, act_queue);
}

static bool
p_flow_ipv6(void)	/* P: the SYN filter only */
{
	const struct rte_flow_item_tcp syn = { .hdr.tcp_flags = 0x02 };
	const struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV6 },
		{ .type = RTE_FLOW_ITEM_TYPE_TCP, .spec = &syn, .mask = &syn },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};

	return flow_ok(pattern, act_queue);
}

static bool
p_flow_tcp(void)
{
	return flow_ipv4_l4(RTE_FLOW_ITEM_TYPE_TCP, true, act_queue) &&
	       p_flow_ipv6();
}

static bool
p_flow_udp(void)
{
	return flow_ipv4_l4(RTE_FLOW_ITEM_TYPE_UDP, true, act_queue);
}

static bool
p_flow_sctp(void)
{
	return flow_ipv4_l4(RTE_FLOW_ITEM_TYPE_SCTP, true, act_queue);
}

/* A flow director rule: udp ports, with a vlan item or a raw item. */
static bool
flow_fdir_extra(const struct rte_flow_item *extra, bool before_ip)
{
	struct rte_flow_item_udp l4 = {
		.hdr.src_port = RTE_BE16(24), .hdr.dst_port = RTE_BE16(25),
	};
	struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = RTE_FLOW_ITEM_TYPE_VOID },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &l4 },
		{ .type = RTE_FLOW_ITEM_TYPE_VOID },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};

	pattern[before_ip ? 1 : 4] = *extra;
	return flow_ok(pattern, act_queue);
}

static bool
p_flow_vlan(void)	/* P: VLAN ID and/or priority, flow director only */
{
	static const struct rte_flow_item_vlan vid = {
		.hdr.vlan_tci = RTE_BE16(10),
	};
	const struct rte_flow_item it = {
		.type = RTE_FLOW_ITEM_TYPE_VLAN, .spec = &vid,
	};

	return flow_fdir_extra(&it, true);
}

static bool
p_flow_raw(void)	/* P: 2 bytes at an even offset up to 62, fdir only */
{
	static const uint8_t flex[2] = { '8', '6' };
	const struct rte_flow_item_raw raw = {
		.offset = 44, .length = 2, .pattern = flex,
	};
	const struct rte_flow_item it = {
		.type = RTE_FLOW_ITEM_TYPE_RAW, .spec = &raw,
	};

	return flow_fdir_extra(&it, false);
}

static bool
p_flow_queue(void)
{
	return p_flow_udp();
}

static bool
p_flow_drop(void)	/* P: flow director rules only */
{
	static const struct rte_flow_action drop[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_DROP },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};

	return flow_ipv4_l4(RTE_FLOW_ITEM_TYPE_UDP, true, drop);
}

/*
 * A mark needs a scalar RX path; port 0 may run a vector one, which the
 * rule is refused on while it runs: then validate it with the port
 * stopped (the next start picks a path that reports marks).
 */
static bool
p_flow_mark(void)	/* P: flow director rules, scalar RX paths */
{
	static const struct rte_flow_action_mark mk = { .id = 7 };
	static const struct rte_flow_action mark[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_MARK, .conf = &mk },
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &fq1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	bool ok;

	if (flow_ipv4_l4(RTE_FLOW_ITEM_TYPE_UDP, true, mark))
		return true;
	if (rte_eth_dev_stop(0) != 0)
		return false;
	ok = flow_ipv4_l4(RTE_FLOW_ITEM_TYPE_UDP, true, mark);
	return rte_eth_dev_start(0) == 0 && ok;
}

static bool
p_flow_rss(void)	/* P: one rule, empty pattern, queues 0-15 */
{
	static const uint16_t q[] = { 1, 0 };
	static const struct rte_flow_action_rss rss = {
		.types = RTE_ETH_RSS_NONFRAG_IPV4_UDP,
		.queue_num = RTE_DIM(q), .queue = q,
	};
	static const struct rte_flow_action act[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RSS, .conf = &rss },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	static const struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};

	return flow_ok(pattern, act);
}

const struct probe features_flow_items[] = {
	{ "eth", p_flow_eth, NULL },
	{ "ipv4", p_flow_ipv4, NULL },
	{ "ipv6", p_flow_ipv6, NULL },
	{ "raw", p_flow_raw, NULL },
	{ "tcp", p_flow_tcp, NULL },
	{ "udp", p_flow_udp, NULL },
	{ "sctp", p_flow_sctp, NULL },
	{ "vlan", p_flow_vlan, NULL },
};

const struct probe features_flow_actions[] = {
	{ "queue", p_flow_queue, NULL },
	{ "drop", p_flow_drop, NULL },
	{ "mark", p_flow_mark, NULL },
	{ "rss", p_flow_rss, NULL },
};

const unsigned int features_flow_nb_items = RTE_DIM(features_flow_items);
const unsigned int features_flow_nb_actions = RTE_DIM(features_flow_actions);

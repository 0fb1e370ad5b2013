/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * rte_flow's RSS action, where the 82599 can do it.  The 82599 has one
 * RSS configuration per port (datasheet §7.1.2.8): MRQC picks the hashed
 * headers, RSSRK holds the 40-byte Toeplitz key and the 128 entries of
 * RETA map the hash to queues 0-15.  So an RSS rule is:
 *
 *   pattern end (or 'eth' with no field) -> rss [types T] [key K]
 *   [queues Q...]
 *
 * one per port, for every frame the port hashes: its queues are spread
 * round robin over RETA, its key (40 bytes, or none: the port's key) and
 * hash types go to RSSRK and MRQC.  The queue filters (5-tuple,
 * ethertype, SYN, flow director) still come first (§7.1.2), and a frame
 * the 82599 does not hash (not IP, or of a type not asked for) goes to
 * queue 0.  Destroying the rule gives the device back the port's RSS
 * settings (ixguard_rss.c).  Anything else is refused with the reason.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <ethdev_driver.h>

#include "ixguard_ethdev.h"
#include "ixguard_flow.h"
#include "ixguard_offload.h"

/* One log line and the rte_flow error (ixguard_flow_refuse()). */
#define refuse(...)	ixguard_flow_refuse(__VA_ARGS__)

/*
 * Hash types the 82599 takes as part of another: it hashes every IPv4
 * (IPv6) frame without a more specific TCP or UDP hash by its addresses,
 * fragments and other protocols included, and cannot tell them apart.
 * They are accepted along with the type that covers them (testpmd's
 * default types, RTE_ETH_RSS_IP, carry them), not alone.
 */
#define RSS_IPV4_PARTS	(RTE_ETH_RSS_FRAG_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_OTHER)
#define RSS_IPV6_PARTS	(RTE_ETH_RSS_FRAG_IPV6 | RTE_ETH_RSS_NONFRAG_IPV6_OTHER)

bool
ixguard_flow_has_rss(const struct rte_flow_action actions[])
{
	const struct rte_flow_action *a;

	for (a = actions; a->type != RTE_FLOW_ACTION_TYPE_END; a++)
		if (a->type == RTE_FLOW_ACTION_TYPE_RSS)
			return true;
	return false;
}

/* Nothing to match: no item, or 'eth' comparing no field. */
static int
rss_pattern(struct rte_eth_dev *dev, const struct rte_flow_item *it,
	    struct rte_flow_error *err)
{
	for (; it->type != RTE_FLOW_ITEM_TYPE_END; it++) {
		if (it->type == RTE_FLOW_ITEM_TYPE_VOID)
			continue;
		if (it->type == RTE_FLOW_ITEM_TYPE_ETH && it->last == NULL &&
		    (it->spec == NULL ||
		     (it->mask != NULL &&
		      ixguard_flow_all_zero(it->mask,
					    sizeof(struct rte_flow_item_eth)))))
			continue;
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ITEM, it,
			      "rss: the 82599 has one RSS configuration per "
			      "port, for every frame; an RSS rule has an "
			      "empty pattern ('pattern end')");
	}
	return 0;
}

/* The hash types asked for, as the 82599's MRQC fields can hold them. */
static int
rss_types(struct rte_eth_dev *dev, const struct rte_flow_action *a,
	  uint64_t types, uint64_t *hf, struct rte_flow_error *err)
{
	uint64_t port_hf = IXG_ADAPTER(dev)->rss_hf;

	if (types == 0) {
		/* Default: the port's hash types, or all the 82599 has. */
		*hf = port_hf != 0 ? port_hf : IXGUARD_RSS_HF;
		return 0;
	}
	if (types & ~(IXGUARD_RSS_HF | RSS_IPV4_PARTS | RSS_IPV6_PARTS))
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
			      "rss types 0x%" PRIx64 ": the 82599 hashes "
			      "ipv4, ipv4-tcp, ipv4-udp, ipv6, ipv6-tcp, "
			      "ipv6-udp, ipv6-ex, ipv6-tcp-ex, ipv6-udp-ex "
			      "(whole fields, no sctp, no l2)",
			      types & ~(IXGUARD_RSS_HF | RSS_IPV4_PARTS |
					RSS_IPV6_PARTS));
	if (((types & RSS_IPV4_PARTS) && !(types & RTE_ETH_RSS_IPV4)) ||
	    ((types & RSS_IPV6_PARTS) && !(types & RTE_ETH_RSS_IPV6)))
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
			      "rss types ipv4-frag/ipv4-other (ipv6-frag/"
			      "ipv6-other): the 82599 hashes every IPv4 "
			      "(IPv6) frame by its addresses or none, so "
			      "these go with ipv4 (ipv6)");
	*hf = types & IXGUARD_RSS_HF;
	return 0;
}

/* Queues round robin over the RETA; each one a RETA entry can name. */
static int
rss_queues(struct rte_eth_dev *dev, const struct rte_flow_action *a,
	   const struct rte_flow_action_rss *rss, struct ixguard_filter *f,
	   struct rte_flow_error *err)
{
	uint16_t nq = dev->data->nb_rx_queues, q;
	uint32_t i;

	if (rss->queue_num == 0 || rss->queue == NULL)
		return refuse(dev, err, EINVAL,
			      RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
			      "rss without queues");
	if (rss->queue_num > IX_RETA_ENTRIES)
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
			      "rss over %u queue entries: the RETA has %u",
			      rss->queue_num, IX_RETA_ENTRIES);
	f->rss.max_queue = 0;
	for (i = 0; i < rss->queue_num; i++) {
		q = rss->queue[i];
		if (q >= nq)
			return refuse(dev, err, EINVAL,
				      RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
				      "rss queue %u does not exist (the port "
				      "has %u RX queues)", q, nq);
		if (q >= IX_RSS_MAX_QUEUES)
			return refuse(dev, err, ENOTSUP,
				      RTE_FLOW_ERROR_TYPE_ACTION_CONF, a,
				      "rss queue %u: a RETA entry of the "
				      "82599 reaches queues 0-%u", q,
				      IX_RSS_MAX_QUEUES - 1);
		f->rss.max_queue = RTE_MAX(f->rss.max_queue, q);
	}
	for (i = 0; i < IX_RETA_ENTRIES; i++)
		f->rss.reta[i] = (uint8_t)rss->queue[i % rss->queue_num];
	return 0;
}

int
ixguard_flow_parse_rss(struct rte_eth_dev *dev,
		       const struct rte_flow_item pattern[],
		       const struct rte_flow_action actions[],
		       struct ixguard_filter *f, struct rte_flow_error *err)
{
	const struct rte_flow_action *a, *act = NULL;
	const struct rte_flow_action_rss *rss;
	int ret;

	ret = rss_pattern(dev, pattern, err);
	if (ret != 0)
		return ret;
	for (a = actions; a->type != RTE_FLOW_ACTION_TYPE_END; a++) {
		if (a->type == RTE_FLOW_ACTION_TYPE_VOID)
			continue;
		if (a->type != RTE_FLOW_ACTION_TYPE_RSS)
			return refuse(dev, err, ENOTSUP,
				      RTE_FLOW_ERROR_TYPE_ACTION, a,
				      "rss goes with no other action (action "
				      "type %d): the 82599's RSS only spreads "
				      "frames over queues", a->type);
		if (act != NULL)
			return refuse(dev, err, EINVAL,
				      RTE_FLOW_ERROR_TYPE_ACTION, a,
				      "more than one rss action");
		act = a;
	}
	if (act == NULL || act->conf == NULL)
		return refuse(dev, err, EINVAL,
			      RTE_FLOW_ERROR_TYPE_ACTION_CONF, act,
			      "rss action without its configuration");
	rss = act->conf;
	if (rss->func != RTE_ETH_HASH_FUNCTION_DEFAULT &&
	    rss->func != RTE_ETH_HASH_FUNCTION_TOEPLITZ)
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_ACTION_CONF, act,
			      "rss hash function %d: the 82599 computes "
			      "Toeplitz only", (int)rss->func);
	if (rss->level != 0)
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_ACTION_CONF, act,
			      "rss level %u: the 82599 hashes the headers "
			      "it parses, level 0 only", rss->level);
	if (rss->key_len != 0 && rss->key_len != IX_RSS_KEY_LEN)
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_ACTION_CONF, act,
			      "rss key of %u bytes: the 82599's key (RSSRK) "
			      "is %u bytes", rss->key_len, IX_RSS_KEY_LEN);
	if (rss->key_len != 0 && rss->key == NULL)
		return refuse(dev, err, EINVAL,
			      RTE_FLOW_ERROR_TYPE_ACTION_CONF, act,
			      "rss key_len %u without a key", rss->key_len);
	memset(f, 0, sizeof(*f));
	f->kind = IXG_FILTER_RSS;
	ret = rss_types(dev, act, rss->types, &f->rss.hf, err);
	if (ret == 0)
		ret = rss_queues(dev, act, rss, f, err);
	if (ret != 0)
		return ret;
	if (rss->key_len != 0) {
		memcpy(f->rss.key, rss->key, IX_RSS_KEY_LEN);
		f->rss.key_set = true;
	}
	return 0;
}

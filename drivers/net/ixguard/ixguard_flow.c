/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * rte_flow rules on the 82599's receive filters (datasheet §7.1.2): the
 * parser, the rule list and the flow ops.  What each kind of rule looks
 * like (anything else is refused with a message saying why):
 *
 *  ethertype  eth type is T / end -> queue          (ETQF/ETQS, 8)
 *  SYN        [eth /] ipv4|ipv6 / tcp flags SYN / end -> queue
 *             priority 0: before the 5-tuple filters, 1: after (SYNQF)
 *  5-tuple    [eth /] ipv4 [addresses] [/ tcp|udp|sctp [ports]] / end
 *             -> queue; every field compared whole or not at all;
 *             priority 0 (highest) .. 6                   (FTQF, 128)
 *  flow       [eth /] [vlan /] ipv4 [/ tcp|udp|sctp] [/ raw] / end with
 *  director   any bit masks on the addresses and TCP/UDP ports, the
 *             VLAN ID and/or priority (tci mask 0x0fff, 0xe000 or both;
 *             the DEI bit is never compared), and a raw item of 2 bytes
 *             at an even absolute offset up to 62 (the flex word: raw
 *             relative is 0 search is 0 offset is N limit is 0 pattern
 *             is XY, as net_ixgbe takes it) -> queue, drop, mark (alone
 *             or with queue); every rule shares one set of masks and
 *             the flex offset (the 82599's mask registers and FDIRCTRL
 *             are global); without an L4 item the L4 type is not
 *             compared (FDIRM.L4P, part of the masks: every IPv4 frame
 *             of the addresses) and ipv4's protocol cannot be.  Rules a
 *             5-tuple filter can hold (queue only, whole fields, no
 *             VLAN, no raw) take a 5-tuple filter while one is free.
 *  rss        end -> rss [types] [key] [queues]: the port's one RSS
 *             configuration, one rule at a time (ixguard_flow_rss.c)
 *
 * The flow director reports a MARK as the filter's software index in the
 * RX write-back; MARK ids are 0..IXG_FDIR_MARK_MAX and need the scalar
 * RX path (the vector paths do not deliver it): with a MARK rule, the
 * next dev_start picks a scalar path, and a MARK rule is refused while
 * the port runs a vector path.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_tcp.h>
#include <ethdev_driver.h>

#include "ixguard_ethdev.h"
#include "ixguard_flow.h"
#include "ixguard_logs.h"
#include "ixguard_offload.h"
#include "ixguard_rxtx.h"

/* One log line and the rte_flow error (ixguard_flow_refuse()). */
#define refuse(...)	ixguard_flow_refuse(__VA_ARGS__)

/* ---- Resources ---------------------------------------------------------- */

static int
free_bit(const uint64_t *words, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < nbits; i++)
		if (!(words[i / 64] & (1ull << (i % 64))))
			return (int)i;
	return -1;
}

static struct ixguard_flows *
flows_of(struct rte_eth_dev *dev)
{
	struct ixguard_flows *fl = &IXG_ADAPTER(dev)->flows;

	if (!fl->init) {
		TAILQ_INIT(&fl->list);
		fl->init = true;
	}
	return fl;
}

static bool
same_fdir(const struct ixguard_filter *a, const struct ixguard_filter *b)
{
	return a->fd.sa == b->fd.sa && a->fd.da == b->fd.da &&
	       a->fd.sp == b->fd.sp && a->fd.dp == b->fd.dp &&
	       a->fd.vlan == b->fd.vlan && a->fd.flex == b->fd.flex &&
	       a->fd.l4type == b->fd.l4type;
}

/*
 * Find room for filter f: its slot (ETQF/FTQF index, FDIR soft index) and
 * FDIRHASH.  -ENOSPC if the hardware has none; nothing is taken yet.
 */
static int
reserve(struct rte_eth_dev *dev, const struct ixguard_filter *f,
	uint16_t *slot, uint32_t *hash, struct rte_flow_error *err)
{
	struct ixguard_flows *fl = flows_of(dev);
	uint64_t et_used = fl->etqf_used;
	const struct rte_flow *o;
	int i;

	*hash = 0;
	switch (f->kind) {
	case IXG_FILTER_ETHERTYPE:
		TAILQ_FOREACH(o, &fl->list, next)
			if (o->f.kind == IXG_FILTER_ETHERTYPE &&
			    o->f.et.ethertype == f->et.ethertype)
				return refuse(dev, err, EEXIST,
					RTE_FLOW_ERROR_TYPE_ITEM, NULL,
					"ethertype 0x%04x already has a rule",
					f->et.ethertype);
		i = free_bit(&et_used, IX_NUM_ETQF);
		if (i < 0)
			return refuse(dev, err, ENOSPC,
				      RTE_FLOW_ERROR_TYPE_HANDLE, NULL,
				      "all %u ethertype filters are in use",
				      IX_NUM_ETQF);
		*slot = (uint16_t)i;
		return 0;
	case IXG_FILTER_SYN:
		if (fl->syn_used)
			return refuse(dev, err, ENOSPC,
				      RTE_FLOW_ERROR_TYPE_HANDLE, NULL,
				      "the SYN filter is in use (one per "
				      "port)");
		*slot = 0;
		return 0;
	case IXG_FILTER_NTUPLE:
		i = free_bit(fl->ftqf_used, IX_NUM_FTQF);
		if (i < 0)
			return -ENOSPC;	/* the caller may try FDIR */
		*slot = (uint16_t)i;
		return 0;
	case IXG_FILTER_RSS:
		if (fl->rss != NULL)
			return refuse(dev, err, EEXIST,
				      RTE_FLOW_ERROR_TYPE_ACTION, NULL,
				      "an RSS rule exists: the 82599 has one "
				      "RSS configuration per port (destroy "
				      "that rule first)");
		*slot = 0;
		return 0;
	case IXG_FILTER_FDIR:
		break;
	}
	if (fl->n_fdir >= IX_FDIR_PERFECT_MAX)
		return refuse(dev, err, ENOSPC, RTE_FLOW_ERROR_TYPE_HANDLE,
			      NULL, "all %u flow director filters are in use",
			      IX_FDIR_PERFECT_MAX);
	if (f->mark && !ixguard_path_rx_reports_fdir_id(dev))
		return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION,
			      NULL, "mark needs a scalar RX path and the port "
			      "runs a vector one: stop the port, create the "
			      "rule, start it (or use devarg rx_path=scalar)");
	if (f->mark) {
		*slot = (uint16_t)f->mark_id;
	} else {
		i = free_bit(fl->fdir_nomark_used, IXG_FDIR_MARK_MAX + 1);
		if (i < 0)
			return refuse(dev, err, ENOSPC,
				      RTE_FLOW_ERROR_TYPE_HANDLE, NULL,
				      "no flow director index left");
		*slot = (uint16_t)(IXG_FDIR_NOMARK | (unsigned int)i);
	}
	*hash = ixguard_flow_fdir_hash(f, *slot);
	TAILQ_FOREACH(o, &fl->list, next) {
		if (o->f.kind != IXG_FILTER_FDIR)
			continue;
		if (same_fdir(&o->f, f))
			return refuse(dev, err, EEXIST,
				      RTE_FLOW_ERROR_TYPE_ITEM, NULL,
				      "an identical flow director rule exists");
		if (o->fdirhash == *hash)
			return refuse(dev, err, EEXIST,
				      RTE_FLOW_ERROR_TYPE_ACTION, NULL,
				      "another rule with mark %u falls into "
				      "the same flow director bucket: use "
				      "another mark id", f->mark_id);
	}
	return 0;
}

/* Parse and find room; on success *f is what goes into the hardware. */
static int
flow_prepare(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
	     const struct rte_flow_item pattern[],
	     const struct rte_flow_action actions[], struct rte_flow *flow,
	     struct rte_flow_error *err)
{
	struct ixguard_filter f[2];
	unsigned int n;
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
			      "flow rules are managed by the primary process");
	ret = ixguard_flow_parse(dev, attr, pattern, actions, f, &n, err);
	if (ret != 0)
		return ret;
	ret = reserve(dev, &f[0], &flow->slot, &flow->fdirhash, err);
	if (ret == -ENOSPC && f[0].kind == IXG_FILTER_NTUPLE) {
		if (n < 2)
			return refuse(dev, err, ENOSPC,
				      RTE_FLOW_ERROR_TYPE_HANDLE, NULL,
				      "all %u 5-tuple filters are in use",
				      IX_NUM_FTQF);
		f[0] = f[1];	/* the flow director holds it instead */
		ret = reserve(dev, &f[0], &flow->slot, &flow->fdirhash, err);
	}
	if (ret != 0)
		return ret;
	flow->f = f[0];
	return 0;
}

static void
take(struct ixguard_flows *fl, const struct rte_flow *flow, bool on)
{
	const struct ixguard_filter *f = &flow->f;
	unsigned int s = flow->slot;

	switch (f->kind) {
	case IXG_FILTER_ETHERTYPE:
		if (on)
			fl->etqf_used |= (uint8_t)(1u << s);
		else
			fl->etqf_used &= (uint8_t)~(1u << s);
		break;
	case IXG_FILTER_SYN:
		fl->syn_used = on;
		break;
	case IXG_FILTER_NTUPLE:
		if (on)
			fl->ftqf_used[s / 64] |= 1ull << (s % 64);
		else
			fl->ftqf_used[s / 64] &= ~(1ull << (s % 64));
		break;
	case IXG_FILTER_RSS:
		fl->rss = on ? flow : NULL;
		break;
	case IXG_FILTER_FDIR:
		if (on) {
			if (fl->n_fdir == 0)
				fl->fd_masks = f->fd.m;
			fl->n_fdir++;
			fl->n_mark += f->mark;
		} else {
			fl->n_fdir--;
			fl->n_mark -= f->mark;
		}
		if (!f->mark) {
			s &= ~IXG_FDIR_NOMARK;
			if (on)
				fl->fdir_nomark_used[s / 64] |=
					1ull << (s % 64);
			else
				fl->fdir_nomark_used[s / 64] &=
					~(1ull << (s % 64));
		}
		break;
	}
}

/* Tell the RX queues whether to report marks (MARK rules exist). */
static void
mark_queues(struct rte_eth_dev *dev, bool on)
{
	uint16_t q;

	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		struct ixguard_rx_queue *rxq = dev->data->rx_queues[q];

		if (rxq != NULL)
			rxq->fdir_mark = on;
	}
}

/* ---- Flow ops ------------------------------------------------------------ */

static int
ixguard_flow_validate(struct rte_eth_dev *dev,
		      const struct rte_flow_attr *attr,
		      const struct rte_flow_item pattern[],
		      const struct rte_flow_action actions[],
		      struct rte_flow_error *err)
{
	struct rte_flow flow;

	return flow_prepare(dev, attr, pattern, actions, &flow, err);
}

static struct rte_flow *
ixguard_flow_create(struct rte_eth_dev *dev, const struct rte_flow_attr *attr,
		    const struct rte_flow_item pattern[],
		    const struct rte_flow_action actions[],
		    struct rte_flow_error *err)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_flows *fl = flows_of(dev);
	struct rte_flow *flow;
	int ret;

	flow = rte_zmalloc("ixguard_flow", sizeof(*flow), 0);
	if (flow == NULL) {
		refuse(dev, err, ENOMEM, RTE_FLOW_ERROR_TYPE_HANDLE, NULL,
		       "out of memory");
		return NULL;
	}
	ret = flow_prepare(dev, attr, pattern, actions, flow, err);
	if (ret != 0) {
		rte_free(flow);
		return NULL;
	}
	if (ad->started && flow->f.kind != IXG_FILTER_RSS) {
		ret = 0;
		if (flow->f.kind == IXG_FILTER_FDIR && fl->n_fdir == 0)
			ret = ixguard_flow_hw_fdir_enable(&ad->hw,
							  &flow->f.fd.m, true);
		if (ret == 0)
			ret = ixguard_flow_hw_set(&ad->hw, flow, true);
		if (ret != 0) {
			refuse(dev, err, -ret, RTE_FLOW_ERROR_TYPE_HANDLE, NULL,
			       "the device did not take the filter");
			rte_free(flow);
			return NULL;
		}
	}
	take(fl, flow, true);
	TAILQ_INSERT_TAIL(&fl->list, flow, next);
	/* The device's RSS follows the rule from now (ixguard_rss.c). */
	if (ad->started && flow->f.kind == IXG_FILTER_RSS)
		ixguard_rss_program(dev);
	/* Running on a scalar path (reserve() checked): report the mark. */
	if (ad->started && flow->f.mark)
		mark_queues(dev, true);
	return flow;
}

static int
flow_remove(struct rte_eth_dev *dev, struct rte_flow *flow)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_flows *fl = flows_of(dev);
	int ret = 0;

	TAILQ_REMOVE(&fl->list, flow, next);
	take(fl, flow, false);
	if (ad->started && flow->f.kind == IXG_FILTER_RSS) {
		ixguard_rss_program(dev);	/* the port's settings again */
	} else if (ad->started) {
		ret = ixguard_flow_hw_set(&ad->hw, flow, false);
		if (flow->f.kind == IXG_FILTER_FDIR && fl->n_fdir == 0)
			ixguard_flow_hw_fdir_enable(&ad->hw, NULL, false);
	}
	rte_free(flow);
	return ret;
}

static int
ixguard_flow_destroy(struct rte_eth_dev *dev, struct rte_flow *flow,
		     struct rte_flow_error *err)
{
	struct ixguard_flows *fl = flows_of(dev);
	struct rte_flow *o;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
			      "flow rules are managed by the primary process");
	TAILQ_FOREACH(o, &fl->list, next)
		if (o == flow)
			break;
	if (o == NULL)
		return refuse(dev, err, EINVAL, RTE_FLOW_ERROR_TYPE_HANDLE,
			      flow, "no such rule on this port");
	if (flow_remove(dev, flow) != 0)
		return refuse(dev, err, EIO, RTE_FLOW_ERROR_TYPE_HANDLE, NULL,
			      "the device did not confirm the removal (the "
			      "rule is forgotten)");
	return 0;
}

static int
ixguard_flow_flush(struct rte_eth_dev *dev, struct rte_flow_error *err)
{
	struct ixguard_flows *fl = flows_of(dev);
	struct rte_flow *flow;
	int ret = 0;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return refuse(dev, err, ENOTSUP,
			      RTE_FLOW_ERROR_TYPE_UNSPECIFIED, NULL,
			      "flow rules are managed by the primary process");
	while ((flow = TAILQ_FIRST(&fl->list)) != NULL)
		if (flow_remove(dev, flow) != 0)
			ret = -EIO;
	if (ret != 0)
		return refuse(dev, err, EIO, RTE_FLOW_ERROR_TYPE_HANDLE, NULL,
			      "the device did not confirm every removal");
	return 0;
}

static int
ixguard_flow_query(struct rte_eth_dev *dev,
		   struct rte_flow *flow __rte_unused,
		   const struct rte_flow_action *action,
		   void *data __rte_unused,
		   struct rte_flow_error *err)
{
	return refuse(dev, err, ENOTSUP, RTE_FLOW_ERROR_TYPE_ACTION, action,
		      "query: the 82599 keeps no per-rule counters (port "
		      "xstats fdir_match/fdir_miss count the flow director "
		      "as a whole)");
}

static const struct rte_flow_ops ixguard_flow_ops = {
	.validate = ixguard_flow_validate,
	.create = ixguard_flow_create,
	.destroy = ixguard_flow_destroy,
	.flush = ixguard_flow_flush,
	.query = ixguard_flow_query,
};

int
ixguard_flow_ops_get(struct rte_eth_dev *dev __rte_unused,
		     const struct rte_flow_ops **ops)
{
	*ops = &ixguard_flow_ops;
	return 0;
}

void
ixguard_flow_restore(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_flows *fl = flows_of(dev);
	struct rte_flow *flow;

	/* dev_start chose a scalar RX path if fl->n_mark > 0. */
	mark_queues(dev, fl->n_mark > 0);
	if (fl->n_mark > 0)
		IXG_DRV_LOG(INFO, "port %u: %u flow rule(s) with mark: a "
			    "scalar RX path reports the marks",
			    dev->data->port_id, fl->n_mark);
	if (fl->n_fdir > 0 &&
	    ixguard_flow_hw_fdir_enable(&ad->hw, &fl->fd_masks, true) != 0)
		IXG_DRV_LOG(ERR, "port %u: flow director did not initialise: "
			    "its rules are not active", dev->data->port_id);
	TAILQ_FOREACH(flow, &fl->list, next) {
		if (flow->f.kind == IXG_FILTER_RSS) {
			/* ixguard_rss_start() programmed it, if it fits. */
			if (ixguard_flow_rss_rule(dev) == NULL)
				IXG_DRV_LOG(WARNING, "port %u: RSS rule to "
					    "queue %u left out: the port has "
					    "%u RX queues", dev->data->port_id,
					    flow->f.rss.max_queue,
					    dev->data->nb_rx_queues);
			continue;
		}
		if (flow->f.queue_en &&
		    flow->f.queue >= dev->data->nb_rx_queues) {
			IXG_DRV_LOG(WARNING, "port %u: flow rule to queue %u "
				    "left out: the port has %u RX queues",
				    dev->data->port_id, flow->f.queue,
				    dev->data->nb_rx_queues);
			continue;
		}
		if (ixguard_flow_hw_set(&ad->hw, flow, true) != 0)
			IXG_DRV_LOG(ERR, "port %u: a flow rule was not taken "
				    "by the device", dev->data->port_id);
	}
}

void
ixguard_flow_close(struct rte_eth_dev *dev)
{
	struct ixguard_flows *fl = flows_of(dev);
	struct rte_flow *flow;

	/* The device is stopped: only the software state goes. */
	while ((flow = TAILQ_FIRST(&fl->list)) != NULL) {
		TAILQ_REMOVE(&fl->list, flow, next);
		take(fl, flow, false);
		rte_free(flow);
	}
}

const struct ixguard_filter *
ixguard_flow_rss_rule(struct rte_eth_dev *dev)
{
	const struct rte_flow *rule = flows_of(dev)->rss;

	/* A rule for more RX queues than the port now has is left out. */
	if (rule == NULL ||
	    rule->f.rss.max_queue >= dev->data->nb_rx_queues)
		return NULL;
	return &rule->f;
}

bool
ixguard_flow_needs_fdir_id(struct rte_eth_dev *dev)
{
	return flows_of(dev)->n_mark > 0;
}

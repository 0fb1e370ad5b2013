/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * libFuzzer target for net_ixguard's rte_flow parser (ixguard_flow.c):
 * attributes, pattern and actions come from the input, item specs, masks
 * and action configurations are bytes of it.  Each input validates and
 * creates rules on a port that is not started (no register is written)
 * and flushes them.  Besides ASan and UBSan, the target checks what the
 * flow ops promise: a refusal is a negative errno with a printable
 * message, validate and create agree, destroy of a rule created works,
 * and a flush leaves no filter taken.
 *
 * Input: byte 0: RX queues (1..16) and "the RX path reports marks";
 * then rules, each: attr (3 bytes: flags, priority, group), n items
 * (type, spec/mask/last presence, 48 bytes each used), n actions (type,
 * 8 bytes of configuration; for RSS see rss_conf()).  A raw item's
 * pattern pointers aim at the bytes behind its struct in the same
 * 48-byte buffer (see raw_fix()).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_flow.h>
#include <ethdev_driver.h>

#include "ixguard_ethdev.h"
#include "ixguard_flow.h"
#include "ixguard_offload.h"

#define FUZZ_TARGET "fuzz_flow"
#include "fuzz_eal.h"

#define MAX_ITEMS	6
#define MAX_ACTIONS	4
#define MAX_RULES	8
#define ITEM_BYTES	48

int ixguard_logtype_driver;
static bool reports_marks;
static struct rte_eth_dev *dev;
static struct ixguard_adapter *ad;

/* ixguard_rxtx_select.c's answer, chosen by the input. */
bool
ixguard_path_rx_reports_fdir_id(struct rte_eth_dev *d __rte_unused)
{
	return reports_marks;
}

/* ixguard_rss.c's: only a started port's registers are written. */
void
ixguard_rss_program(struct rte_eth_dev *d __rte_unused)
{
	must(0, "RSS registers written on a port that is not started");
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc __rte_unused, char ***argv __rte_unused)
{
	fuzz_eal_init("32", "--log-level=*:crit");
	dev = rte_eth_dev_allocate("fuzz_flow");
	ad = calloc(1, sizeof(*ad));
	must(dev != NULL && ad != NULL, "set-up");
	dev->data->dev_private = ad;
	return 0;
}

/* The input, consumed from the front; zeros once it runs out. */
struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t
take8(struct in *in)
{
	uint8_t v = 0;

	if (in->n > 0) {
		v = *in->p++;
		in->n--;
	}
	return v;
}

static void
take_bytes(struct in *in, uint8_t *dst, size_t len)
{
	size_t k = len < in->n ? len : in->n;

	memset(dst, 0, len);
	memcpy(dst, in->p, k);
	in->p += k;
	in->n -= k;
}

static const enum rte_flow_item_type item_types[] = {
	RTE_FLOW_ITEM_TYPE_ETH, RTE_FLOW_ITEM_TYPE_IPV4,
	RTE_FLOW_ITEM_TYPE_IPV6, RTE_FLOW_ITEM_TYPE_TCP,
	RTE_FLOW_ITEM_TYPE_UDP, RTE_FLOW_ITEM_TYPE_SCTP,
	RTE_FLOW_ITEM_TYPE_VOID, RTE_FLOW_ITEM_TYPE_VLAN,
	RTE_FLOW_ITEM_TYPE_RAW, RTE_FLOW_ITEM_TYPE_END,
};

static const enum rte_flow_action_type action_types[] = {
	RTE_FLOW_ACTION_TYPE_QUEUE, RTE_FLOW_ACTION_TYPE_DROP,
	RTE_FLOW_ACTION_TYPE_MARK, RTE_FLOW_ACTION_TYPE_VOID,
	RTE_FLOW_ACTION_TYPE_COUNT, RTE_FLOW_ACTION_TYPE_RSS,
	RTE_FLOW_ACTION_TYPE_FLAG, RTE_FLOW_ACTION_TYPE_END,
};

/* Hash types an RSS configuration draws from, one input bit each. */
static const uint64_t rss_type_bits[] = {
	RTE_ETH_RSS_IPV4, RTE_ETH_RSS_FRAG_IPV4, RTE_ETH_RSS_NONFRAG_IPV4_TCP,
	RTE_ETH_RSS_NONFRAG_IPV4_UDP, RTE_ETH_RSS_NONFRAG_IPV4_SCTP,
	RTE_ETH_RSS_IPV6, RTE_ETH_RSS_IPV6_TCP_EX, RTE_ETH_RSS_L3_SRC_ONLY,
};

/*
 * An RSS action's configuration: a flags byte (bits 2:0 function, 3 a
 * level byte follows, 4 a types byte follows, 5 a key: 6 of 40 bytes
 * else of a length byte, 7 without its bytes), then a queue count byte
 * (255: 3 queues, no array) and that many queue bytes.
 */
static const void *
rss_conf(struct in *in, unsigned int i)
{
	static struct rte_flow_action_rss confs[MAX_ACTIONS];
	static uint16_t queues[MAX_ACTIONS][256];
	static uint8_t keys[MAX_ACTIONS][256];
	struct rte_flow_action_rss *c = &confs[i];
	uint8_t b = take8(in), t, n;
	unsigned int k;

	memset(c, 0, sizeof(*c));
	c->func = (enum rte_eth_hash_function)(b & 7);
	if (b & 8)
		c->level = take8(in);
	if (b & 16) {
		t = take8(in);
		for (k = 0; k < RTE_DIM(rss_type_bits); k++)
			if (t & (1u << k))
				c->types |= rss_type_bits[k];
	}
	if (b & 32) {
		c->key_len = (b & 64) ? IX_RSS_KEY_LEN : take8(in);
		if (!(b & 128)) {
			take_bytes(in, keys[i], c->key_len);
			c->key = keys[i];
		}
	}
	n = take8(in);
	if (n == 255) {
		c->queue_num = 3;
		return c;
	}
	c->queue_num = n;
	for (k = 0; k < n; k++)
		queues[i][k] = take8(in) & 31;
	c->queue = queues[i];
	return c;
}

/*
 * A raw item carries a pointer: aim the spec's and the mask's at the
 * input bytes behind the struct (NULL if bit 3 or 4 of the presence byte
 * says so) and clamp the length to them, as an application's would be.
 */
static void
raw_fix(uint8_t buf[3][ITEM_BYTES], uint8_t pres)
{
	const size_t room = ITEM_BYTES - sizeof(struct rte_flow_item_raw);
	unsigned int k;

	for (k = 0; k < 2; k++) {
		struct rte_flow_item_raw *rw = (void *)buf[k];

		rw->pattern = (pres & (8u << k)) ? NULL :
			      buf[k] + sizeof(*rw);
		if (rw->length > room)
			rw->length = (uint16_t)room;
	}
}

static void
check_refusal(int ret, const struct rte_flow_error *err)
{
	const char *s;

	must(ret < 0 && ret >= -4095, "a refusal is a negative errno");
	must(err->message != NULL, "a refusal has a message");
	for (s = err->message; *s != '\0'; s++)
		must(*s >= 0x20 && *s < 0x7f, "the message prints");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t bufs[MAX_ITEMS][3][ITEM_BYTES] __rte_aligned(8);
	static uint8_t confs[MAX_ACTIONS][16] __rte_aligned(8);
	const struct rte_flow_ops *ops;
	struct rte_flow *rules[MAX_RULES];
	struct rte_flow_error err;
	struct in in = { data, size };
	unsigned int nr = 0, r, i;
	uint8_t b;
	int ret;

	memset(ad, 0, sizeof(*ad));
	b = take8(&in);
	dev->data->nb_rx_queues = (uint16_t)(1 + (b & 15));
	reports_marks = (b & 0x80) != 0;
	must(ixguard_flow_ops_get(dev, &ops) == 0, "ops");

	for (r = 0; r < MAX_RULES && in.n > 0; r++) {
		struct rte_flow_item items[MAX_ITEMS + 1];
		struct rte_flow_action acts[MAX_ACTIONS + 1];
		struct rte_flow_attr attr;
		struct rte_flow *f;
		unsigned int ni, na;

		memset(&attr, 0, sizeof(attr));
		b = take8(&in);
		attr.ingress = (b & 1) != 0;
		attr.egress = (b & 2) != 0;
		attr.transfer = (b & 4) != 0;
		attr.priority = take8(&in) & ((b & 8) ? 0xFFu : 0x7u);
		attr.group = (b & 16) ? take8(&in) : 0;
		ni = (unsigned int)(b >> 5) % (MAX_ITEMS + 1);
		memset(items, 0, sizeof(items));
		for (i = 0; i < ni; i++) {
			uint8_t t = take8(&in), pres = take8(&in);

			items[i].type = item_types[t % RTE_DIM(item_types)];
			if (pres & 1) {
				take_bytes(&in, bufs[i][0], ITEM_BYTES);
				items[i].spec = bufs[i][0];
			}
			if (pres & 2) {
				take_bytes(&in, bufs[i][1], ITEM_BYTES);
				items[i].mask = bufs[i][1];
			}
			if (pres & 4)
				items[i].last = bufs[i][2];
			if (items[i].type == RTE_FLOW_ITEM_TYPE_RAW)
				raw_fix(bufs[i], pres);
		}
		items[ni].type = RTE_FLOW_ITEM_TYPE_END;
		na = take8(&in) % (MAX_ACTIONS + 1);
		memset(acts, 0, sizeof(acts));
		for (i = 0; i < na; i++) {
			uint8_t t = take8(&in);

			acts[i].type = action_types[t % RTE_DIM(action_types)];
			if (t & 0x80)
				continue;
			if (acts[i].type == RTE_FLOW_ACTION_TYPE_RSS) {
				acts[i].conf = rss_conf(&in, i);
			} else {
				take_bytes(&in, confs[i], 8);
				acts[i].conf = confs[i];
			}
		}
		acts[na].type = RTE_FLOW_ACTION_TYPE_END;

		memset(&err, 0, sizeof(err));
		ret = ops->validate(dev, &attr, items, acts, &err);
		if (ret != 0)
			check_refusal(ret, &err);
		memset(&err, 0, sizeof(err));
		f = ops->create(dev, &attr, items, acts, &err);
		must((f != NULL) == (ret == 0), "validate and create agree");
		if (f == NULL) {
			check_refusal(-1, &err);
			continue;
		}
		rules[nr++] = f;
		/* Once in a while destroy a rule at once. */
		if (attr.priority == 5) {
			memset(&err, 0, sizeof(err));
			must(ops->destroy(dev, rules[--nr], &err) == 0,
			     "destroy a rule created");
		}
	}
	memset(&err, 0, sizeof(err));
	must(ops->flush(dev, &err) == 0, "flush");
	must(TAILQ_EMPTY(&ad->flows.list) && ad->flows.n_fdir == 0 &&
	     ad->flows.n_mark == 0 && ad->flows.etqf_used == 0 &&
	     !ad->flows.syn_used && ad->flows.ftqf_used[0] == 0 &&
	     ad->flows.ftqf_used[1] == 0 && ad->flows.rss == NULL,
	     "flush leaves no filter taken");
	for (i = 0; i < RTE_DIM(ad->flows.fdir_nomark_used); i++)
		must(ad->flows.fdir_nomark_used[i] == 0, "no index taken");
	return 0;
}

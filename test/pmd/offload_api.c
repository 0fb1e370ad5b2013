/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Offload API error paths testpmd cannot reach (it checks key lengths
 * itself): RSS key of the wrong size in configure and hash_update, RETA
 * of the wrong size or naming a missing queue, and tx_prepare refusing
 * bad offload requests with rte_errno (TSO payload over 256 KiB, MSS too
 * small, too many segments, unsupported flags, QinQ insert) while
 * preparing a good one; VLAN TPIDs of a type the 82599 does not have,
 * an inner one without double VLAN, one that is no EtherType; a MAC
 * address in a VMDq pool; RX queue interrupts for more queues than the
 * MSI-X vectors; an rte_flow RSS rule against the model's RETA, RSSRK
 * and MRQC (ixemu_peek_reg), across stop/start and reconfiguration; flow
 * director VLAN and flex rules against FDIRM, FDIRCTRL and FDIRVLAN, and
 * the raw/vlan forms testpmd cannot build.  Built and run by
 * test_offload_api.py under devtools/ixemu with the plugin loaded through
 * the EAL arguments; exit 0 when all pass.
 */

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>

#include "ix82599_rxtx.h"
#include "api_rig.h"

#define SEG_ROOM	8192

static uint8_t key40[40], key20[20], key52[52];

/* nb_rx RX queues of rx_desc from mp, one TX queue, then start. */
static int
queues_start(uint16_t port, uint16_t nb_rx, uint16_t rx_desc,
	     struct rte_mempool *mp)
{
	uint16_t q;
	int ret = 0;

	for (q = 0; q < nb_rx && ret == 0; q++)
		ret = rte_eth_rx_queue_setup(port, q, rx_desc, rte_socket_id(),
					     NULL, mp);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, 128, rte_socket_id(),
					     NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	return ret;
}

static int
configure(uint16_t port, uint8_t *key, uint8_t key_len)
{
	struct rte_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_key = key;
	conf.rx_adv_conf.rss_conf.rss_key_len = key_len;
	conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IPV4;
	conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_TCP_TSO |
			       RTE_ETH_TX_OFFLOAD_TCP_CKSUM |
			       RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |
			       RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	return rte_eth_dev_configure(port, 4, 1, &conf);
}

/* An IPv4/TCP packet of nseg segments, seg_len bytes each. */
static struct rte_mbuf *
tcp_packet(struct rte_mempool *mp, unsigned int nseg, uint16_t seg_len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp), *s;
	struct rte_ipv4_hdr *ip;
	struct rte_tcp_hdr *tcp;
	unsigned int i;

	if (m == NULL || rte_pktmbuf_append(m, seg_len) == NULL)
		return NULL;
	memset(rte_pktmbuf_mtod(m, void *), 0, seg_len);
	for (i = 1; i < nseg; i++) {
		s = rte_pktmbuf_alloc(mp);
		if (s == NULL || rte_pktmbuf_append(s, seg_len) == NULL ||
		    rte_pktmbuf_chain(m, s) != 0)
			return NULL;
	}
	ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, 14);
	ip->version_ihl = 0x45;
	ip->next_proto_id = IPPROTO_TCP;
	ip->total_length = rte_cpu_to_be_16(RTE_MIN(m->pkt_len - 14, 65535u));
	ip->src_addr = rte_cpu_to_be_32(0xC6120001);
	ip->dst_addr = rte_cpu_to_be_32(0xC6120002);
	tcp = (struct rte_tcp_hdr *)(ip + 1);
	tcp->data_off = 5 << 4;
	m->l2_len = 14;
	m->l3_len = 20;
	m->l4_len = 20;
	m->ol_flags = RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		      RTE_MBUF_F_TX_TCP_CKSUM;
	return m;
}

/* Port 0's registers as the model holds them (platform symbol). */
static uint32_t (*peek_reg)(unsigned int fn, uint32_t off);

static unsigned int
dev_reta(unsigned int i)
{
	return (peek_reg(0, IX_RETA(i / 4)) >> IX_RETA_ENTRY_SHIFT(i)) &
	       IX_RETA_ENTRY_MASK;
}

static uint32_t
le32_of(const uint8_t *k)
{
	return k[0] | k[1] << 8 | k[2] << 16 | (uint32_t)k[3] << 24;
}

static struct rte_flow *
rss_rule(uint16_t port, const uint16_t *queues, uint32_t n, uint8_t *key)
{
	const struct rte_flow_action_rss rss = {
		.types = RTE_ETH_RSS_NONFRAG_IPV4_UDP,
		.key = key, .key_len = 40,
		.queue = queues, .queue_num = n,
	};
	const struct rte_flow_attr attr = { .ingress = 1 };
	const struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action act[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_RSS, .conf = &rss },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;

	return rte_flow_create(port, &attr, pattern, act, &err);
}

/*
 * Port 0 runs 4 RX queues with RSS over IPv4 addresses, key40, RETA entry
 * 0 on queue 3.  An RSS rule takes the device's RSS over, and keeps it
 * across dev_stop/dev_start; a RETA update meanwhile changes the port's
 * settings only, which the device takes back when the rule goes; a rule
 * naming a queue the reconfigured port no longer has is left out.
 */
static void
test_rss_rule(uint16_t port, struct rte_mempool *mp)
{
	static const uint16_t q23[] = { 2, 3 }, q3[] = { 3 };
	const uint32_t mrqc_rule = IX_MRQC_MRQE_RSS |
				   IX_MRQC_RSS_FIELD_IPV4_UDP;
	struct rte_eth_rss_reta_entry64 reta[2];
	struct rte_eth_rss_conf rc;
	struct rte_flow_error err;
	struct rte_eth_conf conf;
	uint8_t keyr[40], got[40];
	struct rte_flow *f;
	unsigned int i;
	int ret;

	peek_reg = (uint32_t (*)(unsigned int, uint32_t))
		   dlsym(RTLD_DEFAULT, "ixemu_peek_reg");
	if (peek_reg == NULL) {
		CHECK(0, "platform symbol ixemu_peek_reg (run under ixemu)");
		return;
	}
	for (i = 0; i < sizeof(keyr); i++)
		keyr[i] = (uint8_t)(0xA5 ^ (i * 13));
	f = rss_rule(port, q23, 2, keyr);
	CHECK(f != NULL, "rss rule over queues 2, 3 created");
	CHECK(dev_reta(0) == 2 && dev_reta(1) == 3 && dev_reta(127) == 3 &&
	      peek_reg(0, IX_MRQC) == mrqc_rule &&
	      peek_reg(0, IX_RSSRK(0)) == le32_of(keyr) &&
	      peek_reg(0, IX_RSSRK(9)) == le32_of(keyr + 36),
	      "the device holds the rule's RETA, hash type and key");
	memset(&rc, 0, sizeof(rc));
	rc.rss_key = got;
	rc.rss_key_len = sizeof(got);
	ret = rte_eth_dev_rss_hash_conf_get(port, &rc);
	CHECK(ret == 0 && rc.rss_hf == RTE_ETH_RSS_NONFRAG_IPV4_UDP &&
	      memcmp(got, keyr, 40) == 0, "rss_hash_conf_get: the rule's");
	memset(reta, 0, sizeof(reta));
	reta[0].mask = 1;
	reta[0].reta[0] = 1;
	ret = rte_eth_dev_rss_reta_update(port, reta, 128);
	CHECK(ret == 0 && dev_reta(0) == 2, "RETA update under the rule: "
	      "accepted, the device keeps the rule's (%d)", ret);
	ret = rte_eth_dev_stop(port);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	CHECK(ret == 0 && dev_reta(0) == 2 && dev_reta(1) == 3 &&
	      peek_reg(0, IX_MRQC) == mrqc_rule &&
	      peek_reg(0, IX_RSSRK(0)) == le32_of(keyr),
	      "the rule is kept across dev_stop/dev_start (%d)", ret);
	ret = f != NULL ? rte_flow_destroy(port, f, &err) : -1;
	CHECK(ret == 0 && dev_reta(0) == 1 && dev_reta(1) == 1 &&
	      dev_reta(2) == 2 &&
	      peek_reg(0, IX_MRQC) == (IX_MRQC_MRQE_RSS |
				       IX_MRQC_RSS_FIELD_IPV4) &&
	      peek_reg(0, IX_RSSRK(0)) == le32_of(key40),
	      "destroyed: the port's RETA (with the update), hash type, key "
	      "(%d)", ret);

	/* A rule to queue 3, then the port reconfigured with 2 queues. */
	f = rss_rule(port, q3, 1, keyr);
	CHECK(f != NULL && dev_reta(5) == 3, "rss rule to queue 3 created");
	rte_eth_dev_stop(port);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IPV4;
	ret = rte_eth_dev_configure(port, 2, 1, &conf);
	if (ret == 0)
		ret = queues_start(port, 2, 128, mp);
	CHECK(ret == 0 && dev_reta(0) == 0 && dev_reta(1) == 1 &&
	      dev_reta(5) == 1 && peek_reg(0, IX_MRQC) ==
	      (IX_MRQC_MRQE_RSS | IX_MRQC_RSS_FIELD_IPV4),
	      "2 RX queues: the rule is left out, the port's RSS spreads "
	      "over queues 0, 1 (%d)", ret);
	ret = f != NULL ? rte_flow_destroy(port, f, &err) : -1;
	CHECK(ret == 0, "the left-out rule destroyed (%d)", ret);
}

/* validate/create a udp 24 -> 25 rule with a vlan and a raw item. */
static int
fdir_rule(uint16_t port, const struct rte_flow_item_vlan *vs,
	  const struct rte_flow_item_vlan *vm,
	  const struct rte_flow_item_raw *rs,
	  const struct rte_flow_item_raw *rm, struct rte_flow **made)
{
	static const struct rte_flow_item_udp udp = {
		.hdr.src_port = RTE_BE16(24), .hdr.dst_port = RTE_BE16(25),
	};
	static const struct rte_flow_action_queue q1 = { .index = 1 };
	const struct rte_flow_attr attr = { .ingress = 1 };
	const struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH },
		{ .type = vs != NULL ? RTE_FLOW_ITEM_TYPE_VLAN :
			  RTE_FLOW_ITEM_TYPE_VOID, .spec = vs, .mask = vm },
		{ .type = RTE_FLOW_ITEM_TYPE_IPV4 },
		{ .type = RTE_FLOW_ITEM_TYPE_UDP, .spec = &udp },
		{ .type = rs != NULL ? RTE_FLOW_ITEM_TYPE_RAW :
			  RTE_FLOW_ITEM_TYPE_VOID, .spec = rs, .mask = rm },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	const struct rte_flow_action act[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_QUEUE, .conf = &q1 },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;

	if (made == NULL)
		return rte_flow_validate(port, &attr, pattern, act, &err);
	*made = rte_flow_create(port, &attr, pattern, act, &err);
	return *made != NULL ? 0 : -rte_errno;
}

/*
 * Flow director VLAN and flex word against the model's registers
 * (§7.1.2.7): FDIRM's VLANID/VLANP/FLEX bits and FDIRCTRL.FLEX_OFFSET
 * follow the rule set's masks, across dev_stop/dev_start and when a new
 * set replaces it; and the raw/vlan forms testpmd cannot build (no
 * pattern, a partial pattern mask, has_more_vlan, an IPv6 inner type,
 * an offset not compared) are refused.
 */
static void
test_fdir_vlan_flex(uint16_t port)
{
	static const uint8_t flex[2] = { '8', '6' }, half[2] = { 0xff, 0 };
	const struct rte_flow_item_vlan v10 = { .hdr.vlan_tci = RTE_BE16(0x600a) },
		vm_both = { .hdr.vlan_tci = RTE_BE16(0xefff) };
	struct rte_flow_item_raw r46 = {
		.offset = 46, .length = 2, .pattern = flex,
	}, rm = rte_flow_item_raw_mask;
	struct rte_flow_item_vlan vbad, vmbad;
	const uint32_t on = IX_FDIRM_VLANID | IX_FDIRM_VLANP | IX_FDIRM_FLEX;
	struct rte_flow *f = NULL;
	int ret;

	if (peek_reg == NULL)
		return;
	ret = fdir_rule(port, &v10, &vm_both, &r46, NULL, &f);
	CHECK(ret == 0, "fdir rule: vlan 0x600a (mask 0xefff), flex '86' at "
	      "46 (%d)", ret);
	CHECK((peek_reg(0, IX_FDIRM) & on) == 0 &&
	      (peek_reg(0, IX_FDIRCTRL) & IX_FDIRCTRL_FLEX_MASK) ==
	      23u << IX_FDIRCTRL_FLEX_SHIFT &&
	      peek_reg(0, IX_FDIRVLAN) == (0x3836u << IX_FDIRVLAN_FLEX_SHIFT |
					   0x600au) &&
	      peek_reg(0, IX_FDIRFREE) == IX_FDIR_PERFECT_MAX - 1,
	      "FDIRM compares VLAN ID, priority, flex; FLEX_OFFSET 23 words; "
	      "FDIRVLAN 0x%08x; one filter",
	      (unsigned int)peek_reg(0, IX_FDIRVLAN));
	ret = rte_eth_dev_stop(port);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	CHECK(ret == 0 && (peek_reg(0, IX_FDIRM) & on) == 0 &&
	      (peek_reg(0, IX_FDIRCTRL) & IX_FDIRCTRL_FLEX_MASK) ==
	      23u << IX_FDIRCTRL_FLEX_SHIFT &&
	      peek_reg(0, IX_FDIRFREE) == IX_FDIR_PERFECT_MAX - 1,
	      "kept across dev_stop/dev_start (%d)", ret);

	r46.pattern = NULL;
	ret = fdir_rule(port, &v10, &vm_both, &r46, NULL, NULL);
	CHECK(ret == -EINVAL, "raw without a pattern: -EINVAL (%d)", ret);
	r46.pattern = flex;
	rm.pattern = half;
	ret = fdir_rule(port, &v10, &vm_both, &r46, &rm, NULL);
	CHECK(ret == -ENOTSUP, "raw pattern mask ff00: -ENOTSUP (%d)", ret);
	rm.pattern = NULL;
	rm.offset = 0;
	ret = fdir_rule(port, &v10, &vm_both, &r46, &rm, NULL);
	CHECK(ret == -ENOTSUP, "raw offset not compared: -ENOTSUP (%d)",
	      ret);
	vbad = v10;
	vmbad = vm_both;
	vmbad.has_more_vlan = 1;
	ret = fdir_rule(port, &vbad, &vmbad, &r46, NULL, NULL);
	CHECK(ret == -ENOTSUP, "vlan has_more_vlan: -ENOTSUP (%d)", ret);
	vmbad.has_more_vlan = 0;
	vmbad.hdr.eth_proto = RTE_BE16(0xffff);
	vbad.hdr.eth_proto = RTE_BE16(RTE_ETHER_TYPE_IPV6);
	ret = fdir_rule(port, &vbad, &vmbad, &r46, NULL, NULL);
	CHECK(ret == -ENOTSUP, "vlan inner_type 0x86dd: -ENOTSUP (%d)", ret);
	vbad.hdr.eth_proto = RTE_BE16(RTE_ETHER_TYPE_IPV4);
	ret = fdir_rule(port, &vbad, &vmbad, &r46, NULL, NULL);
	CHECK(ret == -EEXIST, "the same rule with inner_type 0x0800: -EEXIST "
	      "(%d)", ret);
	vbad.hdr.vlan_tci = RTE_BE16(0x600b);
	ret = fdir_rule(port, &vbad, &vmbad, &r46, NULL, NULL);
	CHECK(ret == 0, "VID 11 with inner_type 0x0800 validates (%d)", ret);

	/* a new set: VLAN ID alone (default mask), no flex word */
	ret = f != NULL ? rte_flow_destroy(port, f, NULL) : -1;
	CHECK(ret == 0 && (peek_reg(0, IX_FDIRCTRL) &
			   IX_FDIRCTRL_PBALLOC_MASK) == 0,
	      "destroyed: flow director off (%d)", ret);
	ret = fdir_rule(port, &v10, NULL, NULL, NULL, &f);
	CHECK(ret == 0 && (peek_reg(0, IX_FDIRM) & on) ==
	      (IX_FDIRM_VLANP | IX_FDIRM_FLEX) &&
	      (peek_reg(0, IX_FDIRCTRL) & IX_FDIRCTRL_FLEX_MASK) == 0 &&
	      peek_reg(0, IX_FDIRVLAN) == 0x000au &&
	      peek_reg(0, IX_FDIRFREE) == IX_FDIR_PERFECT_MAX - 1,
	      "vlan VID alone: FDIRM masks priority and flex, FDIRVLAN 0x%08x "
	      "(%d)", (unsigned int)peek_reg(0, IX_FDIRVLAN), ret);
	if (f != NULL)
		rte_flow_destroy(port, f, NULL);
}

static void
prep_case(uint16_t port, struct rte_mbuf *m, int want_errno, const char *what)
{
	uint16_t n;

	if (m == NULL) {
		CHECK(0, "%s: packet built", what);
		return;
	}
	rte_errno = 0;
	n = rte_eth_tx_prepare(port, 0, &m, 1);
	if (want_errno == 0)
		CHECK(n == 1, "%s: prepared", what);
	else
		CHECK(n == 0 && rte_errno == want_errno,
		      "%s: refused with rte_errno %d (got n=%u errno %d)", what,
		      want_errno, n, rte_errno);
	rte_pktmbuf_free(m);
}

/*
 * A runtime RX queue set-up (port started, queue stopped) with buffers
 * too small for the MTU's frames and no scatter offload: refused with
 * -EINVAL and one log line on every path, and the queue, set up again
 * from its own pool, starts.  (The selector's own refusal of a queue the
 * running path cannot serve is not reachable this way: scatter and
 * multi-segment TX are port offloads, which already choose the scalar
 * paths at start.)
 */
static void
test_runtime_rxq_setup(uint16_t port, struct rte_mempool *mp)
{
	struct rte_eth_burst_mode mode;
	struct rte_mempool *small;
	int ret;

	small = rte_pktmbuf_pool_create("api_small", 512, 0, 0,
					1024 + RTE_PKTMBUF_HEADROOM,
					rte_socket_id());
	ret = rte_eth_rx_burst_mode_get(port, 0, &mode);
	CHECK(small != NULL && ret == 0, "a pool of 1 KiB buffers; RX path "
	      "'%s' (%d)", ret == 0 ? mode.info : "?", ret);
	if (small == NULL || ret != 0)
		return;
	ret = rte_eth_dev_rx_queue_stop(port, 0);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, 128, rte_socket_id(),
					     NULL, small);
	CHECK(ret == -EINVAL, "runtime set-up of queue 0 with buffers too "
	      "small for 1518-byte frames, no scatter ('%s'): %d", mode.info,
	      ret);
	ret = rte_eth_rx_queue_setup(port, 0, 128, rte_socket_id(), NULL, mp);
	if (ret == 0)
		ret = rte_eth_dev_rx_queue_start(port, 0);
	CHECK(ret == 0, "queue 0 set up again from its own pool and "
	      "started (%d)", ret);
	rte_mempool_free(small);
}

int
main(int argc, char **argv)
{
	struct rte_eth_rss_reta_entry64 reta[2];
	struct rte_eth_rss_conf rc;
	struct rte_mempool *mp;
	struct rte_mbuf *m;
	uint8_t got[40];
	uint16_t port = 0, q;
	unsigned int i;
	int ret;

	if (api_rig_eal_init(&argc, &argv, 1) < 0)
		return 2;
	mp = api_rig_pool("api", 2048, 0, SEG_ROOM + RTE_PKTMBUF_HEADROOM);
	if (mp == NULL)
		return 2;
	for (i = 0; i < sizeof(key52); i++) {
		key52[i] = (uint8_t)(i * 7 + 1);
		if (i < sizeof(key40))
			key40[i] = (uint8_t)(i * 11 + 3);
		if (i < sizeof(key20))
			key20[i] = (uint8_t)i;
	}

	/* RSS key sizes. */
	ret = configure(port, key20, sizeof(key20));
	CHECK(ret == -EINVAL, "configure with a 20-byte RSS key: -EINVAL "
	      "(got %d)", ret);
	ret = configure(port, key40, sizeof(key40));
	CHECK(ret == 0, "configure with a 40-byte RSS key (got %d)", ret);
	if (ret == 0)
		ret = queues_start(port, 4, 128, mp);
	CHECK(ret == 0, "queues set up, port started (%d)", ret);
	if (ret != 0)
		return 1;
	memset(&rc, 0, sizeof(rc));
	rc.rss_key = key52;
	rc.rss_key_len = sizeof(key52);
	rc.rss_hf = RTE_ETH_RSS_IPV4;
	ret = rte_eth_dev_rss_hash_update(port, &rc);
	CHECK(ret == -EINVAL, "hash_update with a 52-byte key: -EINVAL (got "
	      "%d)", ret);
	memset(&rc, 0, sizeof(rc));
	memset(got, 0, sizeof(got));
	rc.rss_key = got;
	rc.rss_key_len = sizeof(got);
	ret = rte_eth_dev_rss_hash_conf_get(port, &rc);
	CHECK(ret == 0 && rc.rss_key_len == 40 &&
	      memcmp(got, key40, 40) == 0 && rc.rss_hf == RTE_ETH_RSS_IPV4,
	      "the configured key and functions are still in place");

	/* RETA sizes and entries. */
	memset(reta, 0, sizeof(reta));
	reta[0].mask = 1;
	ret = rte_eth_dev_rss_reta_update(port, reta, 64);
	CHECK(ret == -EINVAL, "RETA update of 64 entries: -EINVAL (got %d)",
	      ret);
	reta[0].reta[0] = 4;
	ret = rte_eth_dev_rss_reta_update(port, reta, 128);
	CHECK(ret == -EINVAL, "RETA entry naming queue 4 of 4: -EINVAL (got "
	      "%d)", ret);
	reta[0].reta[0] = 3;
	ret = rte_eth_dev_rss_reta_update(port, reta, 128);
	CHECK(ret == 0, "RETA entry 0 -> queue 3 (got %d)", ret);
	memset(reta, 0, sizeof(reta));
	reta[0].mask = 3;
	ret = rte_eth_dev_rss_reta_query(port, reta, 128);
	CHECK(ret == 0 && reta[0].reta[0] == 3 && reta[0].reta[1] == 1,
	      "RETA read back: 3, 1");
	test_rss_rule(port, mp);
	test_fdir_vlan_flex(port);

	/* TPIDs and address pools the 82599 does not have (no VMDq). */
	ret = rte_eth_dev_set_vlan_ether_type(port, RTE_ETH_VLAN_TYPE_UNKNOWN,
					      RTE_ETHER_TYPE_VLAN);
	CHECK(ret == -EINVAL, "TPID of VLAN type UNKNOWN: -EINVAL (got %d)",
	      ret);
	ret = rte_eth_dev_set_vlan_ether_type(port, RTE_ETH_VLAN_TYPE_INNER,
					      RTE_ETHER_TYPE_VLAN);
	CHECK(ret == -ENOTSUP, "inner TPID without double VLAN: -ENOTSUP "
	      "(got %d)", ret);
	ret = rte_eth_dev_set_vlan_ether_type(port, RTE_ETH_VLAN_TYPE_OUTER,
					      0x05DC);
	CHECK(ret == -EINVAL, "TPID 0x05dc (an 802.3 length): -EINVAL (got "
	      "%d)", ret);
	ret = rte_eth_dev_set_vlan_ether_type(port, RTE_ETH_VLAN_TYPE_OUTER,
					      RTE_ETHER_TYPE_QINQ);
	CHECK(ret == 0, "TPID 0x88a8 for the single tag (got %d)", ret);
	ret = rte_eth_dev_set_vlan_ether_type(port, RTE_ETH_VLAN_TYPE_OUTER,
					      RTE_ETHER_TYPE_VLAN);
	CHECK(ret == 0, "TPID 0x8100 again (got %d)", ret);
	{
		struct rte_ether_addr a = {
			{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x42 } };

		ret = rte_eth_dev_mac_addr_add(port, &a, 1);
		CHECK(ret == -ENOTSUP, "MAC address in pool 1: -ENOTSUP (got "
		      "%d)", ret);
	}

	/* tx_prepare. */
	m = tcp_packet(mp, 1, 200);
	if (m != NULL) {
		struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m,
			struct rte_ipv4_hdr *, 14);
		struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(ip + 1);
		uint16_t n;

		ip->hdr_checksum = 0x1234;
		n = rte_eth_tx_prepare(port, 0, &m, 1);
		CHECK(n == 1 && ip->hdr_checksum == 0 &&
		      tcp->cksum == rte_ipv4_phdr_cksum(ip, m->ol_flags),
		      "TCP checksum request: IP checksum 0, pseudo-header sum "
		      "in the TCP field");
		rte_pktmbuf_free(m);
	}
	m = tcp_packet(mp, 3, 4000);
	if (m != NULL) {
		m->ol_flags |= RTE_MBUF_F_TX_TCP_SEG;
		m->tso_segsz = 1000;
	}
	prep_case(port, m, 0, "TSO, 12000 bytes, MSS 1000");
	m = tcp_packet(mp, 3, 4000);
	if (m != NULL) {
		m->ol_flags |= RTE_MBUF_F_TX_TCP_SEG;
		m->tso_segsz = 100;
	}
	prep_case(port, m, EINVAL, "TSO with MSS 100");
	m = tcp_packet(mp, 3, 4000);
	if (m != NULL)
		m->ol_flags |= RTE_MBUF_F_TX_TCP_SEG;
	prep_case(port, m, EINVAL, "TSO without MSS");
	m = tcp_packet(mp, 36, SEG_ROOM);
	if (m != NULL) {
		m->ol_flags |= RTE_MBUF_F_TX_TCP_SEG;
		m->tso_segsz = 1448;
	}
	prep_case(port, m, EINVAL, "TSO of 288 KiB (over 256 KiB payload)");
	m = tcp_packet(mp, 41, 64);
	prep_case(port, m, EINVAL, "41 segments");
	m = tcp_packet(mp, 1, 200);
	if (m != NULL)
		m->ol_flags |= RTE_MBUF_F_TX_OUTER_IP_CKSUM |
			       RTE_MBUF_F_TX_OUTER_IPV4;
	prep_case(port, m, ENOTSUP, "outer IP checksum (tunnels)");
	m = tcp_packet(mp, 1, 200);
	if (m != NULL)
		m->ol_flags |= RTE_MBUF_F_TX_IEEE1588_TMST;
	prep_case(port, m, ENOTSUP, "IEEE 1588 timestamp");
	m = tcp_packet(mp, 1, 200);
	if (m != NULL) {
		m->ol_flags |= RTE_MBUF_F_TX_QINQ;
		m->vlan_tci_outer = 10;
	}
	prep_case(port, m, ENOTSUP, "QinQ insert (no QINQ_INSERT)");
	m = tcp_packet(mp, 1, 200);
	if (m != NULL)
		m->ol_flags = RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_IP_CKSUM;
	prep_case(port, m, EINVAL, "IPv4 checksum on an IPv6 packet");
	m = tcp_packet(mp, 1, 200);
	if (m != NULL)
		m->l2_len = 6;
	prep_case(port, m, EINVAL, "L2 header of 6 bytes");
	m = tcp_packet(mp, 1, 9000 > SEG_ROOM ? SEG_ROOM : 9000);
	if (m != NULL)
		m->ol_flags = 0;
	prep_case(port, m, 0, "plain 8192-byte frame");

	/*
	 * RX queue interrupts for 64 queues: the 82599 has 64 MSI-X vectors
	 * and vector 0 is the link's, so start refuses; without them the
	 * same 64 queues start.
	 */
	rte_eth_dev_stop(port);
	{
		struct rte_eth_conf c = {
			.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS,
			.intr_conf.rxq = 1,
		};

		ret = rte_eth_dev_configure(port, 64, 1, &c);
		for (q = 0; q < 64 && ret == 0; q++)
			ret = rte_eth_rx_queue_setup(port, q, 8,
						     rte_socket_id(), NULL,
						     mp);
		CHECK(ret == 0, "64 RX queues set up (%d)", ret);
		ret = rte_eth_dev_start(port);
		CHECK(ret == -EINVAL, "start with interrupts for 64 RX "
		      "queues: -EINVAL (got %d)", ret);
		c.intr_conf.rxq = 0;
		ret = rte_eth_dev_configure(port, 64, 1, &c);
		if (ret == 0)
			ret = queues_start(port, 64, 8, mp);
		CHECK(ret == 0, "the same 64 queues without interrupts "
		      "start (%d)", ret);
	}

	test_runtime_rxq_setup(port, mp);

	return api_rig_finish(1);
}

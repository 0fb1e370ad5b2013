/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Every line of doc/guides/nics/features/ixguard.ini against what the
 * driver does: each feature named there with Y (or P) must have a probe
 * in the tables below (rte_flow's in features_flow.c), and the probe
 * must pass on the running port.  A probe uses the API the feature
 * names in DPDK's features.rst (doc/guides/nics/features.rst): the
 * capability bits of dev_info, and
 * the operations themselves, which must answer (not -ENOTSUP) and do
 * what they say where that is cheap to see (frames on the cable,
 * values read back).  A feature without a probe fails: a line added to
 * the file must come with its check.  "P" features have a partial probe
 * (VLAN offload without QinQ/VLAN_EXTEND, for instance) and a Y claim
 * needs the full one.
 *
 * Port 0 is the port under test (2 RX and 2 TX queues, RSS, LSC and RX
 * queue interrupts); port 1 sends to it and receives from it over the
 * emulated cable.  The DMA mode comes from the devargs (run in each mode
 * by test_features.py).  Usage: features_check EAL-ARGS -- INI [GUIDE
 * [MODE]]; with MODE, a runtime RX queue setup from a new pool is also
 * checked (refused in strict mode only).  "features_check EAL-ARGS --
 * --secondary" is the secondary process of the "Multiprocess aware"
 * probe (features_mp.c).
 */

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_flow.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_power_intrinsics.h>

#define TEST_CHECK_SHARED
#include "test_check.h"
#include "../test_eal_args.h"
#include "../dma/test_ports.h"
#include "features_flow.h"
#include "features_mp.h"

int failures;

#define NB_DESC		256
#define NB_Q		2

static struct rte_mempool *mp0, *mp1, *mp2;	/* mp2: frames sent */
static struct rte_eth_dev_info di;
static const char *guide_path;

/* ---- traffic ----------------------------------------------------------- */

/* n frames from (port, queue) to the other port's MAC. */
static unsigned int
send_from(uint16_t port, uint16_t queue, unsigned int n)
{
	struct rte_mbuf *pkts[32];
	struct rte_ether_addr dst;
	unsigned int i;
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz();

	n = RTE_MIN(n, RTE_DIM(pkts));
	rte_eth_macaddr_get(port ^ 1, &dst);
	if (rte_pktmbuf_alloc_bulk(mp2, pkts, n) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		uint8_t *p = (uint8_t *)rte_pktmbuf_append(pkts[i], 64);
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(p + 14);

		/* IPv4/UDP from 10.0.0.i: RSS spreads them over the queues. */
		if (p == NULL) {
			rte_pktmbuf_free_bulk(pkts, n);
			return 0;
		}
		memset(p, 0, 64);
		memcpy(p, dst.addr_bytes, 6);
		p[6] = 0x02;
		p[11] = 0x01;
		p[12] = 0x08;
		ip->version_ihl = 0x45;
		ip->total_length = rte_cpu_to_be_16(64 - 14);
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_UDP;
		ip->src_addr = rte_cpu_to_be_32(0x0a000000 + i);
		ip->dst_addr = rte_cpu_to_be_32(0x0a000101);
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		p[34] = 0x04;	/* UDP 1024 -> 1024, no checksum */
		p[36] = 0x04;
		p[39] = 64 - 34;
	}
	return test_send(port, queue, pkts, n, end);
}

/*
 * Frames 'port' receives on any of its queues within ms milliseconds;
 * per queue in per_q (may be NULL).
 */
static unsigned int
recv_q(uint16_t port, unsigned int want, unsigned int ms,
       unsigned int *per_q)
{
	struct rte_mbuf *pkts[32];
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;
	unsigned int got = 0;
	uint16_t q, n;

	do {
		for (q = 0; q < NB_Q; q++) {
			n = rte_eth_rx_burst(port, q, pkts, RTE_DIM(pkts));
			got += n;
			if (per_q != NULL)
				per_q[q] += n;
			rte_pktmbuf_free_bulk(pkts, n);
		}
		rte_delay_us(100);
	} while ((want == 0 || got < want) && rte_get_timer_cycles() < end);
	return got;
}

static unsigned int
recv_any(uint16_t port, unsigned int want, unsigned int ms)
{
	return recv_q(port, want, ms, NULL);
}

/* ---- probes: true when the driver does what the feature says --------- */

/* The 82599 SFP+ part: 1G and 10G, nothing else (no 100M, no HD). */
static bool
p_speed(void)
{
	return di.speed_capa == (RTE_ETH_LINK_SPEED_1G |
				 RTE_ETH_LINK_SPEED_10G);
}

static bool
p_link_status(void)
{
	struct rte_eth_link l;

	return rte_eth_link_get(0, &l) == 0 && l.link_status &&
	       l.link_speed == RTE_ETH_SPEED_NUM_10G;
}

static volatile unsigned int lsc_events;

static int
lsc_cb(uint16_t port __rte_unused, enum rte_eth_event_type type __rte_unused,
       void *arg __rte_unused, void *ret __rte_unused)
{
	lsc_events++;
	return 0;
}

static bool
wait_events(unsigned int n, unsigned int ms)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;

	while (lsc_events < n && rte_get_timer_cycles() < end)
		rte_delay_ms(5);
	return lsc_events >= n;
}

/*
 * Port 0 runs with intr_conf.lsc (configure accepted it: the flag is
 * set).  The emulated cable is pulled and plugged again
 * (ixemu_set_cable()): each change calls the application's callback.
 */
static bool
p_lsc(void)
{
	int (*set_cable)(unsigned int, int);
	void *sym = dlsym(RTLD_DEFAULT, "ixemu_set_cable");
	bool down, up;

	if (!(*di.dev_flags & RTE_ETH_DEV_INTR_LSC) || sym == NULL)
		return false;
	memcpy(&set_cable, &sym, sizeof(set_cable));
	lsc_events = 0;
	if (rte_eth_dev_callback_register(0, RTE_ETH_EVENT_INTR_LSC, lsc_cb,
					  NULL) != 0)
		return false;
	set_cable(0, 0);
	down = wait_events(1, 3000);
	set_cable(0, 1);
	up = wait_events(2, 3000);
	rte_eth_dev_callback_unregister(0, RTE_ETH_EVENT_INTR_LSC, lsc_cb,
					NULL);
	/* Link back up for the probes after this one. */
	rte_delay_ms(100);
	return down && up;
}

static bool
p_rxq_intr(void)
{
	return rte_eth_dev_rx_intr_enable(0, 1) == 0 &&
	       rte_eth_dev_rx_intr_disable(0, 1) == 0;
}

static bool
p_fast_free(void)
{
	return (di.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE) != 0;
}

static bool
p_tx_done_cleanup(void)
{
	return rte_eth_tx_done_cleanup(0, 0, 0) >= 0;
}

static bool
p_queue_start_stop(void)
{
	struct rte_eth_rxq_info ri;
	struct rte_eth_txq_info ti;

	return rte_eth_dev_rx_queue_stop(0, 1) == 0 &&
	       rte_eth_rx_queue_info_get(0, 1, &ri) == 0 &&
	       ri.queue_state == RTE_ETH_QUEUE_STATE_STOPPED &&
	       rte_eth_dev_rx_queue_start(0, 1) == 0 &&
	       rte_eth_dev_tx_queue_stop(0, 1) == 0 &&
	       rte_eth_tx_queue_info_get(0, 1, &ti) == 0 &&
	       ti.queue_state == RTE_ETH_QUEUE_STATE_STOPPED &&
	       rte_eth_dev_tx_queue_start(0, 1) == 0;
}

/*
 * Runtime setup: a queue of the started port stopped, set up again with
 * another ring size, started; a TX queue then sends to port 1.  The RX
 * queue takes its buffers from the pool it had (strict mode adds no
 * memory to a running domain).
 */
static bool
p_runtime_rx(void)
{
	struct rte_eth_rxq_info ri;

	if (!(di.dev_capa & RTE_ETH_DEV_CAPA_RUNTIME_RX_QUEUE_SETUP))
		return false;
	return rte_eth_dev_rx_queue_stop(0, 1) == 0 &&
	       rte_eth_rx_queue_setup(0, 1, NB_DESC / 2, SOCKET_ID_ANY, NULL,
				      mp2) == 0 &&
	       rte_eth_dev_rx_queue_start(0, 1) == 0 &&
	       rte_eth_rx_queue_info_get(0, 1, &ri) == 0 &&
	       ri.nb_desc == NB_DESC / 2 &&
	       send_from(1, 0, 16) == 16 && recv_any(0, 16, 2000) == 16;
}

static bool
p_runtime_tx(void)
{
	struct rte_eth_txq_info ti;

	if (!(di.dev_capa & RTE_ETH_DEV_CAPA_RUNTIME_TX_QUEUE_SETUP))
		return false;
	return rte_eth_dev_tx_queue_stop(0, 1) == 0 &&
	       rte_eth_tx_queue_setup(0, 1, NB_DESC / 2, SOCKET_ID_ANY,
				      NULL) == 0 &&
	       rte_eth_dev_tx_queue_start(0, 1) == 0 &&
	       rte_eth_tx_queue_info_get(0, 1, &ti) == 0 &&
	       ti.nb_desc == NB_DESC / 2 &&
	       send_from(0, 1, 16) == 16 && recv_any(1, 16, 2000) == 16;
}

static bool
p_burst_mode(void)
{
	struct rte_eth_burst_mode rb, tb;

	return rte_eth_rx_burst_mode_get(0, 0, &rb) == 0 && rb.info[0] &&
	       rte_eth_tx_burst_mode_get(0, 0, &tb) == 0 && tb.info[0];
}

static bool
p_monitor(void)
{
	struct rte_power_monitor_cond pmc;

	memset(&pmc, 0, sizeof(pmc));
	return rte_eth_get_monitor_addr(0, 0, &pmc) == 0 && pmc.fn != NULL &&
	       pmc.addr != NULL;
}

static bool
p_mtu(void)
{
	uint16_t mtu = 0;
	bool ok = rte_eth_dev_set_mtu(0, 1600) == 0 &&
		  rte_eth_dev_get_mtu(0, &mtu) == 0 && mtu == 1600;

	return rte_eth_dev_set_mtu(0, RTE_ETHER_MTU) == 0 && ok;
}

static bool
p_scatter(void)
{
	return (di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER) != 0;
}

static bool
p_tso(void)
{
	return (di.tx_offload_capa & RTE_ETH_TX_OFFLOAD_TCP_TSO) != 0;
}

static bool
p_promisc(void)
{
	bool ok = rte_eth_promiscuous_enable(0) == 0 &&
		  rte_eth_promiscuous_get(0) == 1 &&
		  rte_eth_promiscuous_disable(0) == 0 &&
		  rte_eth_promiscuous_get(0) == 0;

	return ok;
}

static bool
p_allmulti(void)
{
	return rte_eth_allmulticast_enable(0) == 0 &&
	       rte_eth_allmulticast_get(0) == 1 &&
	       rte_eth_allmulticast_disable(0) == 0 &&
	       rte_eth_allmulticast_get(0) == 0;
}

static bool
p_uc_filter(void)
{
	struct rte_ether_addr a = { { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 } };

	return di.max_mac_addrs > 1 && rte_eth_dev_mac_addr_add(0, &a, 0) == 0 &&
	       rte_eth_dev_mac_addr_remove(0, &a) == 0;
}

static bool
p_mc_filter(void)
{
	struct rte_ether_addr a = { { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 } };

	return rte_eth_dev_set_mc_addr_list(0, &a, 1) == 0 &&
	       rte_eth_dev_set_mc_addr_list(0, NULL, 0) == 0;
}

static bool
p_rss_hash(void)
{
	struct rte_eth_rss_conf rc = { .rss_key = NULL };

	return (di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_RSS_HASH) &&
	       di.flow_type_rss_offloads != 0 &&
	       rte_eth_dev_rss_hash_conf_get(0, &rc) == 0 && rc.rss_hf != 0;
}

static bool
p_rss_key(void)
{
	uint8_t key[40], got[40];
	struct rte_eth_rss_conf rc = {
		.rss_key = key, .rss_key_len = sizeof(key),
		.rss_hf = RTE_ETH_RSS_IP & di.flow_type_rss_offloads,
	};
	unsigned int i;

	if (di.hash_key_size != sizeof(key))
		return false;
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 7 + 1);
	if (rte_eth_dev_rss_hash_update(0, &rc) != 0)
		return false;
	rc.rss_key = got;
	return rte_eth_dev_rss_hash_conf_get(0, &rc) == 0 &&
	       memcmp(key, got, sizeof(key)) == 0;
}

static bool
p_reta(void)
{
	struct rte_eth_rss_reta_entry64 r[8], g[8];
	unsigned int i, n = di.reta_size;

	if (n == 0 || n > 8 * RTE_ETH_RETA_GROUP_SIZE)
		return false;
	memset(r, 0, sizeof(r));
	memset(g, 0, sizeof(g));
	for (i = 0; i < n; i++) {
		r[i / 64].mask |= 1ull << (i % 64);
		r[i / 64].reta[i % 64] = (uint16_t)((i / 3) % NB_Q);
		g[i / 64].mask |= 1ull << (i % 64);
	}
	if (rte_eth_dev_rss_reta_update(0, r, n) != 0 ||
	    rte_eth_dev_rss_reta_query(0, g, n) != 0)
		return false;
	for (i = 0; i < n; i++)
		if (g[i / 64].reta[i % 64] != r[i / 64].reta[i % 64])
			return false;
	return true;
}

static bool
p_vlan_filter(void)
{
	int off = rte_eth_dev_get_vlan_offload(0);
	bool ok;

	if (!(di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_VLAN_FILTER) || off < 0)
		return false;
	ok = rte_eth_dev_set_vlan_offload(0, off |
					  RTE_ETH_VLAN_FILTER_OFFLOAD) == 0 &&
	     rte_eth_dev_vlan_filter(0, 100, 1) == 0 &&
	     rte_eth_dev_vlan_filter(0, 100, 0) == 0;
	return rte_eth_dev_set_vlan_offload(0, off) == 0 && ok;
}

static bool
p_flow_ctrl(void)
{
	struct rte_eth_fc_conf fc;

	return rte_eth_dev_flow_ctrl_get(0, &fc) == 0 &&
	       rte_eth_dev_flow_ctrl_set(0, &fc) == 0;
}

static bool
p_crc(void)
{
	return (di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_KEEP_CRC) != 0;
}

/* VLAN offload, partial: strip and insert, set at run time. */
static bool
p_vlan_offload_part(void)
{
	int off = rte_eth_dev_get_vlan_offload(0);
	bool ok;

	if (!(di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_VLAN_STRIP) ||
	    !(di.tx_offload_capa & RTE_ETH_TX_OFFLOAD_VLAN_INSERT) || off < 0)
		return false;
	ok = rte_eth_dev_set_vlan_offload(0, off |
					  RTE_ETH_VLAN_STRIP_OFFLOAD) == 0 &&
	     (rte_eth_dev_get_vlan_offload(0) & RTE_ETH_VLAN_STRIP_OFFLOAD);
	return rte_eth_dev_set_vlan_offload(0, off) == 0 && ok;
}

/* Full: also filter, VLAN_EXTEND (double VLAN) and the outer TPID. */
static bool
p_vlan_offload(void)
{
	return p_vlan_offload_part() &&
	       (di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_VLAN_FILTER) &&
	       (di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_VLAN_EXTEND) &&
	       rte_eth_dev_set_vlan_ether_type(0, RTE_ETH_VLAN_TYPE_OUTER,
					       RTE_ETHER_TYPE_VLAN) == 0;
}

static bool
p_qinq_part(void)
{
	return (di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_QINQ_STRIP) ||
	       (di.tx_offload_capa & RTE_ETH_TX_OFFLOAD_QINQ_INSERT);
}

static bool
p_qinq(void)
{
	return (di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_QINQ_STRIP) &&
	       (di.tx_offload_capa & RTE_ETH_TX_OFFLOAD_QINQ_INSERT);
}

static bool
p_l3_csum(void)
{
	return (di.rx_offload_capa & RTE_ETH_RX_OFFLOAD_IPV4_CKSUM) &&
	       (di.tx_offload_capa & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM);
}

static bool
p_l4_csum(void)
{
	const uint64_t rx = RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
			    RTE_ETH_RX_OFFLOAD_TCP_CKSUM;
	const uint64_t tx = RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
			    RTE_ETH_TX_OFFLOAD_TCP_CKSUM;

	return (di.rx_offload_capa & rx) == rx &&
	       (di.tx_offload_capa & tx) == tx;
}

static bool
p_ptypes(void)
{
	return rte_eth_dev_get_supported_ptypes(0, RTE_PTYPE_ALL_MASK, NULL,
						0) > 0;
}

static bool
p_rx_desc_status(void)
{
	return rte_eth_rx_descriptor_status(0, 0, 0) >= 0;
}

static bool
p_tx_desc_status(void)
{
	return rte_eth_tx_descriptor_status(0, 0, 0) >= 0;
}

static bool
p_basic_stats(void)
{
	struct rte_eth_stats st;
	bool ok = rte_eth_stats_reset(0) == 0 && send_from(1, 0, 8) == 8 &&
		  recv_any(0, 8, 2000) == 8 && rte_eth_stats_get(0, &st) == 0;

	printf("# ipackets %" PRIu64 " ibytes %" PRIu64 "\n", st.ipackets,
	       st.ibytes);
	return ok && st.ipackets == 8 && st.ibytes == 8 * 64;
}

static bool
p_xstats(void)
{
	int n = rte_eth_xstats_get(0, NULL, 0);
	uint64_t id;

	return n > 0 && rte_eth_xstats_reset(0) == 0 &&
	       rte_eth_xstats_get_id_by_name(0, "rx_crc_errors", &id) == 0;
}

/* 10 frames spread over both RSS queues: the per-queue counters. */
/*
 * Per-queue counters (q_ipackets), and the mapping of queues to the 16
 * counter sets (queue_stats_mapping_set): with RX queue 1 mapped to
 * set 5 (and queue 0 to set 0), set 5 counts what queue 1 received.
 */
static bool
p_queue_stats(void)
{
	struct rte_eth_stats st;
	unsigned int per_q[NB_Q] = { 0 };
	uint64_t sum = 0;
	unsigned int q;
	bool ok;

	if (rte_eth_dev_set_rx_queue_stats_mapping(0, 1, 5) != 0 ||
	    rte_eth_stats_reset(0) != 0 || send_from(1, 0, 10) != 10 ||
	    recv_q(0, 10, 2000, per_q) != 10 || rte_eth_stats_get(0, &st) != 0)
		return false;
	for (q = 0; q < RTE_ETHDEV_QUEUE_STAT_CNTRS; q++)
		sum += st.q_ipackets[q];
	printf("# per-queue packets %u + %u; sets 0 %" PRIu64 ", 1 %" PRIu64
	       ", 5 %" PRIu64 "; ipackets %" PRIu64 "\n", per_q[0], per_q[1],
	       st.q_ipackets[0], st.q_ipackets[1], st.q_ipackets[5],
	       st.ipackets);
	ok = sum == 10 && st.ipackets == 10 && per_q[0] != 0 &&
	     per_q[1] != 0 && st.q_ipackets[0] == per_q[0] &&
	     st.q_ipackets[5] == per_q[1] && st.q_ipackets[1] == 0;
	/* Back to the default (queue q counts in set q). */
	return rte_eth_dev_set_rx_queue_stats_mapping(0, 1, 1) == 0 && ok;
}

static bool
p_fw_version(void)
{
	char v[64];

	return rte_eth_dev_fw_version_get(0, v, sizeof(v)) == 0 && v[0];
}

static bool
p_eeprom(void)
{
	uint8_t buf[16];
	struct rte_dev_eeprom_info ei = {
		.data = buf, .offset = 0, .length = sizeof(buf),
	};

	return rte_eth_dev_get_eeprom_length(0) > 0 &&
	       rte_eth_dev_get_eeprom(0, &ei) == 0;
}

/*
 * The module's memory as the platform's module holds it (ixemu_sfp_get),
 * read through the driver's I2C master.
 */
static bool
p_module_eeprom(void)
{
	int (*sfp_get)(unsigned int, void *, size_t);
	void *sym = dlsym(RTLD_DEFAULT, "ixemu_sfp_get");
	struct rte_eth_dev_module_info mi;
	struct rte_dev_eeprom_info ei;
	uint8_t model[512], got[512];

	if (sym == NULL)
		return false;
	memcpy(&sfp_get, &sym, sizeof(sfp_get));
	if (sfp_get(0, model, sizeof(model)) != 512 ||
	    rte_eth_dev_get_module_info(0, &mi) != 0 || mi.eeprom_len == 0 ||
	    mi.eeprom_len > sizeof(got))
		return false;
	memset(&ei, 0, sizeof(ei));
	ei.data = got;
	ei.length = mi.eeprom_len;
	return rte_eth_dev_get_module_eeprom(0, &ei) == 0 &&
	       memcmp(got, model, mi.eeprom_len) == 0;
}

static bool
p_regs(void)
{
	struct rte_dev_reg_info ri;

	memset(&ri, 0, sizeof(ri));
	return rte_eth_dev_get_reg_info(0, &ri) == 0 && ri.length > 0;
}

/* LED 0 of the platform's port lit and dark (ixemu_led). */
static bool
p_led(void)
{
	int (*led)(unsigned int, unsigned int);
	void *sym = dlsym(RTLD_DEFAULT, "ixemu_led");
	bool on, off;

	if (sym == NULL)
		return false;
	memcpy(&led, &sym, sizeof(led));
	on = rte_eth_led_on(0) == 0 && led(0, 0) == 1;
	off = rte_eth_led_off(0) == 0 && led(0, 0) == 0;
	return on && off;
}

static bool
p_linux(void)
{
#ifdef RTE_EXEC_ENV_LINUX
	return true;
#else
	return false;
#endif
}

static bool
p_x86_64(void)
{
#ifdef RTE_ARCH_X86_64
	return true;
#else
	return false;
#endif
}

static bool
p_usage_doc(void)
{
	return guide_path != NULL && access(guide_path, R_OK) == 0;
}

/*
 * Set by a probe that cannot check its feature in this run (a secondary
 * process without hugepages): the line is reported as skipped.
 */
static bool probe_skipped;

static bool
p_multiprocess(void)
{
	int r = features_mp_probe();

	probe_skipped = r < 0;
	return r > 0;
}


/* Features DPDK 22.11's default.ini names that have a probe here. */
static const struct probe probes[] = {
	{ "Speed capabilities", p_speed, NULL },
	{ "Link status", p_link_status, NULL },
	{ "Link status event", p_lsc, NULL },
	{ "Rx interrupt", p_rxq_intr, NULL },
	{ "Fast mbuf free", p_fast_free, NULL },
	{ "Free Tx mbuf on demand", p_tx_done_cleanup, NULL },
	{ "Queue start/stop", p_queue_start_stop, NULL },
	{ "Runtime Rx queue setup", p_runtime_rx, NULL },
	{ "Runtime Tx queue setup", p_runtime_tx, NULL },
	{ "Burst mode info", p_burst_mode, NULL },
	{ "Power mgmt address monitor", p_monitor, NULL },
	{ "MTU update", p_mtu, NULL },
	{ "Scattered Rx", p_scatter, NULL },
	{ "TSO", p_tso, NULL },
	{ "Promiscuous mode", p_promisc, NULL },
	{ "Allmulticast mode", p_allmulti, NULL },
	{ "Unicast MAC filter", p_uc_filter, NULL },
	{ "Multicast MAC filter", p_mc_filter, NULL },
	{ "RSS hash", p_rss_hash, NULL },
	{ "RSS key update", p_rss_key, NULL },
	{ "RSS reta update", p_reta, NULL },
	{ "VLAN filter", p_vlan_filter, NULL },
	{ "Flow control", p_flow_ctrl, NULL },
	{ "CRC offload", p_crc, NULL },
	{ "VLAN offload", p_vlan_offload, p_vlan_offload_part },
	{ "QinQ offload", p_qinq, p_qinq_part },
	{ "L3 checksum offload", p_l3_csum, NULL },
	{ "L4 checksum offload", p_l4_csum, NULL },
	{ "Packet type parsing", p_ptypes, NULL },
	{ "Rx descriptor status", p_rx_desc_status, NULL },
	{ "Tx descriptor status", p_tx_desc_status, NULL },
	{ "Basic stats", p_basic_stats, NULL },
	{ "Extended stats", p_xstats, NULL },
	{ "Stats per queue", p_queue_stats, NULL },
	{ "FW version", p_fw_version, NULL },
	{ "EEPROM dump", p_eeprom, NULL },
	{ "Module EEPROM dump", p_module_eeprom, NULL },
	{ "Registers dump", p_regs, NULL },
	{ "LED", p_led, NULL },
	{ "Multiprocess aware", p_multiprocess, NULL },
	{ "Linux", p_linux, NULL },
	{ "x86-64", p_x86_64, NULL },
	{ "Usage doc", p_usage_doc, NULL },
};


/*
 * Runtime RX setup from a pool the port never had: strict mode refuses it
 * with -EIO (ethdev has released the old queue: it cannot start until it
 * is set up again, from a pool the domain has), the other modes accept it
 * (port mode maps the pool, shadow mode copies into it, shared mode maps
 * everything).  Either way queue 1 then receives its share of the frames.
 */
static void
check_runtime_new_pool(bool strict)
{
	struct rte_mempool *np = test_pool_create("feat_new", 1024);
	struct rte_eth_rxq_info ri;
	unsigned int per_q[NB_Q] = { 0 }, got;
	int ret;

	CHECK(np != NULL, "a pool the port never had");
	if (np == NULL)
		return;
	ret = rte_eth_dev_rx_queue_stop(0, 1);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(0, 1, NB_DESC, SOCKET_ID_ANY, NULL,
					     np);
	CHECK(ret == (strict ? -EIO : 0), "runtime RX setup from it: %d "
	      "(expected %s)", ret, strict ? "-EIO, strict" : "0");
	if (strict) {
		ret = rte_eth_dev_rx_queue_start(0, 1);
		CHECK(ret < 0, "the refused queue does not start (%d)", ret);
		ret = rte_eth_rx_queue_setup(0, 1, NB_DESC, SOCKET_ID_ANY,
					     NULL, mp2);
		CHECK(ret == 0, "set up again from its old pool (%d)", ret);
	}
	ret = rte_eth_rx_queue_info_get(0, 1, &ri);
	CHECK(ret == 0 && ri.mp == (strict ? mp2 : np) &&
	      ri.nb_desc == NB_DESC, "queue 1 has %u descriptors from pool %s",
	      ri.nb_desc, ri.mp != NULL ? ri.mp->name : "?");
	ret = rte_eth_dev_rx_queue_start(0, 1);
	got = ret == 0 && send_from(1, 0, 10) == 10 ?
	      recv_q(0, 10, 2000, per_q) : 0;
	CHECK(ret == 0 && got == 10 && per_q[1] != 0, "queue 1 started "
	      "(%d): %u frames, %u of them on queue 1", ret, got, per_q[1]);
}

/* ---- the features file ------------------------------------------------ */

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static void
check_line(const struct probe *tab, unsigned int ntab, const char *name,
	   const char *value)
{
	const struct probe *p = NULL;
	unsigned int i;
	bool partial = strcmp(value, "P") == 0, ok;

	if (value[0] == '\0' || strcmp(value, "N") == 0)
		return;		/* nothing claimed */
	if (strcmp(value, "Y") != 0 && !partial) {
		CHECK(false, "%s = %s: the value is Y, P or N", name, value);
		return;
	}
	for (i = 0; i < ntab && p == NULL; i++)
		if (strcmp(tab[i].feature, name) == 0)
			p = &tab[i];
	if (p == NULL) {
		CHECK(false, "%s = %s: no probe for this feature in "
		      "features_check.c (a claim must come with its check)",
		      name, value);
		return;
	}
	if (partial && p->part != NULL) {
		CHECK(p->part(), "%s = P: the driver does the part it claims",
		      name);
		return;
	}
	probe_skipped = false;
	ok = p->full();
	if (probe_skipped)
		printf("skip: %s = %s: not checked in this run\n", name, value);
	else
		CHECK(ok, "%s = %s: the driver does it", name, value);
}

static int
check_file(const char *path)
{
	char line[256];
	const struct probe *tab = NULL;
	unsigned int ntab = 0;
	unsigned int n = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		CHECK(false, "open %s", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *s = trim(line), *eq;

		if (*s == ';' || *s == '#' || *s == '\0')
			continue;
		if (*s == '[') {
			/* The sections DPDK 22.11's default.ini has. */
			tab = NULL;
			ntab = 0;
			if (strcmp(s, "[Features]") == 0) {
				tab = probes;
				ntab = RTE_DIM(probes);
			} else if (strcmp(s, "[rte_flow items]") == 0) {
				tab = features_flow_items;
				ntab = features_flow_nb_items;
			} else if (strcmp(s, "[rte_flow actions]") == 0) {
				tab = features_flow_actions;
				ntab = features_flow_nb_actions;
			}
			continue;
		}
		eq = strchr(s, '=');
		if (tab == NULL || eq == NULL)
			continue;
		*eq = '\0';
		check_line(tab, ntab, trim(s), trim(eq + 1));
		n++;
	}
	fclose(f);
	CHECK(n > 0, "%u feature lines in %s", n, path);
	return 0;
}

int
main(int argc, char **argv)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	test_eal_args(&argc, &argv);
	features_mp_save_args(argc, argv);
	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		CHECK(false, "EAL init");
		return 1;
	}
	argc -= ret;
	argv += ret;
	if (argc > 1 && strcmp(argv[1], "--secondary") == 0) {
		/* Run by the "Multiprocess aware" probe of a primary. */
		ret = features_mp_secondary();
		rte_eal_cleanup();
		return ret;
	}
	if (argc < 2) {
		CHECK(false, "usage: features_check EAL-ARGS -- INI [GUIDE]");
		return 1;
	}
	guide_path = argc > 2 ? argv[2] : NULL;
	mp0 = test_pool_create("feat_mp0", 2048);
	mp1 = test_pool_create("feat_mp1", 2048);
	mp2 = test_pool_create("feat_mp2", 1024);
	if (rte_eth_dev_count_avail() != 2 || mp0 == NULL || mp1 == NULL ||
	    mp2 == NULL) {
		CHECK(false, "2 ports and the pools");
		return 1;
	}
	/*
	 * Port 0: RSS over 2 queues, LSC and RX queue interrupts.  Both
	 * ports send from mp2: it feeds an RX queue of each, so strict mode
	 * has it in both domains before the ports start.
	 */
	if (rte_eth_dev_info_get(0, &di) != 0)
		return 1;
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IP &
					   di.flow_type_rss_offloads;
	conf.intr_conf.lsc = 1;
	conf.intr_conf.rxq = 1;
	ret = rte_eth_dev_configure(0, NB_Q, NB_Q, &conf);
	for (q = 0; ret == 0 && q < NB_Q; q++) {
		ret = rte_eth_rx_queue_setup(0, q, NB_DESC, SOCKET_ID_ANY,
					     NULL, q == 0 ? mp0 : mp2);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(0, q, NB_DESC,
						     SOCKET_ID_ANY, NULL);
	}
	CHECK(ret == 0, "port 0 configured (%d)", ret);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_IP &
					   di.flow_type_rss_offloads;
	ret = rte_eth_dev_configure(1, NB_Q, NB_Q, &conf);
	for (q = 0; ret == 0 && q < NB_Q; q++) {
		ret = rte_eth_rx_queue_setup(1, q, NB_DESC, SOCKET_ID_ANY,
					     NULL, q == 0 ? mp2 : mp1);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(1, q, NB_DESC,
						     SOCKET_ID_ANY, NULL);
	}
	CHECK(ret == 0, "port 1 configured (%d)", ret);
	ret = rte_eth_dev_start(0);
	if (ret == 0)
		ret = rte_eth_dev_start(1);
	if (ret == 0)
		ret = rte_eth_promiscuous_enable(1);
	CHECK(ret == 0, "ports started (%d)", ret);
	CHECK(rte_eth_dev_info_get(0, &di) == 0, "dev_info of port 0");
	printf("# %s\n", test_port_name(0));
	rte_delay_ms(100);	/* link up */

	check_file(argv[1]);
	if (argc > 3)
		check_runtime_new_pool(strcmp(argv[3], "strict") == 0);

	rte_eth_dev_stop(0);
	rte_eth_dev_stop(1);
	rte_eth_dev_close(0);
	rte_eth_dev_close(1);
	rte_eal_cleanup();
	printf("# %d failures\n", failures);
	return failures ? 1 : 0;
}

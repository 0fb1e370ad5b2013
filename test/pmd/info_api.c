/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * net_ixguard operations testpmd does not reach or cannot check: burst
 * mode names, the register dump, the NVM dump (checksum 0xBABA), flow
 * control limits and persistence across a restart, the multicast list
 * (MTA) filtering real frames, RX/TX descriptor status, and an RX queue
 * interrupt waking an epoll wait.  Port 1 sends to port 0 over the
 * emulated cable.  Built and run by test_info_api.py under
 * devtools/ixemu; exit 0 when all pass.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_epoll.h>
#include <rte_ethdev.h>
#include <rte_interrupts.h>
#include <rte_mbuf.h>

#include "ix82599_ids.h"
#include "ix82599_regs.h"
#include "api_rig.h"

#define NB_DESC	256

static struct rte_mempool *mp;

/* n 60-byte frames from port 1 to dst. */
static uint16_t
send_to(const uint8_t *dst, unsigned int n)
{
	struct rte_mbuf *pkts[32];
	unsigned int i, sent = 0;

	for (i = 0; i < n && i < RTE_DIM(pkts); i++) {
		pkts[i] = api_rig_frame(mp, dst, 0xAA);
		if (pkts[i] == NULL)
			break;
	}
	while (sent < i) {
		uint16_t k = rte_eth_tx_burst(1, 0, pkts + sent, i - sent);

		sent += k;
		if (k == 0)
			rte_delay_us(10);
	}
	return sent;
}

/* Frames port 0 receives within ms milliseconds. */
static unsigned int
drain(unsigned int ms)
{
	struct rte_mbuf *pkts[32];
	unsigned int got = 0, i;
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;

	while (rte_get_timer_cycles() < end) {
		uint16_t k = rte_eth_rx_burst(0, 0, pkts, RTE_DIM(pkts));

		for (i = 0; i < k; i++)
			rte_pktmbuf_free(pkts[i]);
		got += k;
		if (k == 0)
			rte_delay_us(100);
	}
	return got;
}

static void
test_regs_burst(void)
{
	struct rte_dev_reg_info ri;
	struct rte_eth_burst_mode bm;
	uint32_t *buf;
	int ret;

	/* The default dma_isolation=shadow: a shadow path of the table. */
	ret = rte_eth_rx_burst_mode_get(0, 0, &bm);
	CHECK(ret == 0 && strstr(bm.info, " shadow") != NULL,
	      "rx burst mode names a shadow path (%d, %s)", ret, bm.info);
	ret = rte_eth_tx_burst_mode_get(0, 0, &bm);
	CHECK(ret == 0 && strstr(bm.info, " shadow") != NULL,
	      "tx burst mode names a shadow path (%d, %s)", ret, bm.info);

	memset(&ri, 0, sizeof(ri));
	ret = rte_eth_dev_get_reg_info(0, &ri);
	CHECK(ret == 0 && ri.length > 100 && ri.width == 4,
	      "get_reg length query: %u registers of %u bytes (%d)",
	      ri.length, ri.width, ret);
	buf = calloc(ri.length, sizeof(uint32_t));
	ri.data = buf;
	ret = rte_eth_dev_get_reg_info(0, &ri);
	/* The dump starts CTRL, STATUS: STATUS has link up (bit 7). */
	CHECK(ret == 0 && ri.version == IX_DEV_82599_SFP &&
	      (buf[1] & IX_STATUS_LINK_UP),
	      "get_reg dump: version 0x%x, STATUS 0x%08x (%d)", ri.version,
	      buf[1], ret);
	ri.length = 3;
	ret = rte_eth_dev_get_reg_info(0, &ri);
	CHECK(ret == -ENOTSUP, "partial register dump refused (%d)", ret);
	free(buf);
}

static void
test_eeprom(void)
{
	struct rte_dev_eeprom_info ei;
	uint16_t *w, sum = 0;
	uint8_t part[3];
	int len, ret, i, j;

	len = rte_eth_dev_get_eeprom_length(0);
	CHECK(len == 32768, "NVM length %d bytes", len);
	if (len <= 0)
		return;
	w = calloc(len / 2, 2);
	memset(&ei, 0, sizeof(ei));
	ei.data = w;
	ei.length = len;
	ret = rte_eth_dev_get_eeprom(0, &ei);
	CHECK(ret == 0 && ei.magic == (IX_PCI_VENDOR_INTEL |
				       (uint32_t)IX_DEV_82599_SFP << 16),
	      "whole NVM read, magic 0x%08x (%d)", ei.magic, ret);
	/* Checksum (datasheet 6.2): words 0..0x3F plus the sections the
	 * pointers 0x03..0x0E designate add up to 0xBABA. */
	for (i = 0; i <= 0x3F; i++)
		sum += w[i];
	for (i = 0x03; i < 0x0F; i++) {
		uint16_t p = w[i], n;

		if (p == 0 || p == 0xFFFF || p >= len / 2)
			continue;
		n = w[p];
		if (n == 0xFFFF || p + n >= len / 2)
			continue;
		for (j = p + 1; j <= p + n; j++)
			sum += w[j];
	}
	CHECK(sum == 0xBABA, "NVM checksum 0x%04x", sum);
	ei.data = part;
	ei.offset = 0x5B;	/* odd start, spans two words */
	ei.length = 3;
	ret = rte_eth_dev_get_eeprom(0, &ei);
	CHECK(ret == 0 && memcmp(part, (uint8_t *)w + 0x5B, 3) == 0,
	      "3 bytes at odd offset 0x5B match the full dump (%d)", ret);
	ei.offset = len - 1;
	ei.length = 2;
	ret = rte_eth_dev_get_eeprom(0, &ei);
	CHECK(ret == -EINVAL, "read past the end refused (%d)", ret);
	ei.offset = len;
	ei.length = 0;
	ret = rte_eth_dev_get_eeprom(0, &ei);
	CHECK(ret == -EINVAL, "offset at the end refused (%d)", ret);
	free(w);
}

static void
test_flow_ctrl(void)
{
	struct rte_eth_fc_conf fc, got;
	int ret;

	ret = rte_eth_dev_flow_ctrl_get(0, &fc);
	CHECK(ret == 0 && fc.mode == RTE_ETH_FC_NONE,
	      "default flow control: none (%d, mode %d)", ret, fc.mode);
	fc.mode = RTE_ETH_FC_FULL;
	fc.high_water = 600;	/* over the 512 KB buffer less a frame */
	fc.low_water = 50;
	fc.pause_time = 369;
	ret = rte_eth_dev_flow_ctrl_set(0, &fc);
	CHECK(ret == -EINVAL, "high water 600 KB refused (%d)", ret);
	fc.high_water = 300;
	fc.low_water = 300;
	ret = rte_eth_dev_flow_ctrl_set(0, &fc);
	CHECK(ret == -EINVAL, "low water == high water refused (%d)", ret);
	fc.low_water = 50;
	fc.pause_time = 0;
	ret = rte_eth_dev_flow_ctrl_set(0, &fc);
	CHECK(ret == -EINVAL, "pause time 0 with TX pause refused (%d)", ret);
	fc.pause_time = 369;
	fc.send_xon = 1;
	fc.mac_ctrl_frame_fwd = 1;
	ret = rte_eth_dev_flow_ctrl_set(0, &fc);
	CHECK(ret == 0, "full flow control 300/50 KB, pause 369 (%d)", ret);
	rte_eth_dev_stop(0);
	rte_eth_dev_start(0);
	ret = rte_eth_dev_flow_ctrl_get(0, &got);
	CHECK(ret == 0 && got.mode == RTE_ETH_FC_FULL &&
	      got.high_water == 300 && got.low_water == 50 &&
	      got.pause_time == 369 && got.send_xon == 1 &&
	      got.mac_ctrl_frame_fwd == 1,
	      "after stop/start: mode %d high %u low %u pause %u xon %u "
	      "fwd %u", got.mode, got.high_water, got.low_water,
	      got.pause_time, got.send_xon, got.mac_ctrl_frame_fwd);
	fc.mode = RTE_ETH_FC_NONE;
	fc.mac_ctrl_frame_fwd = 0;
	ret = rte_eth_dev_flow_ctrl_set(0, &fc);
	CHECK(ret == 0, "flow control back to none (%d)", ret);
}

static void
test_mc_list(void)
{
	struct rte_ether_addr list[2] = {
		{ { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 } },
		{ { 0x33, 0x33, 0x00, 0x00, 0x12, 0x34 } },
	};
	struct rte_ether_addr bad = { { 0x02, 0, 0, 0, 0, 1 } };
	/* Same hash bits 47:36 as nothing in the list. */
	const uint8_t other[6] = { 0x01, 0x00, 0x5E, 0x00, 0x70, 0x77 };
	unsigned int got;
	int ret;

	rte_eth_promiscuous_disable(0);
	rte_eth_allmulticast_disable(0);
	ret = rte_eth_dev_set_mc_addr_list(0, &bad, 1);
	CHECK(ret == -EINVAL, "unicast address in the multicast list "
	      "refused (%d)", ret);
	drain(100);
	send_to(list[0].addr_bytes, 8);
	got = drain(300);
	CHECK(got == 0, "no multicast list: 01:00:5e:00:00:01 dropped (%u)",
	      got);
	ret = rte_eth_dev_set_mc_addr_list(0, list, 2);
	CHECK(ret == 0, "multicast list of 2 set (%d)", ret);
	send_to(list[0].addr_bytes, 8);
	send_to(list[1].addr_bytes, 8);
	got = drain(300);
	CHECK(got == 16, "frames to both listed groups received (%u/16)",
	      got);
	send_to(other, 8);
	got = drain(300);
	CHECK(got == 0, "frames to an unlisted group dropped (%u)", got);
	rte_eth_allmulticast_enable(0);
	send_to(other, 8);
	got = drain(300);
	CHECK(got == 8, "allmulticast: unlisted group received (%u/8)", got);
	rte_eth_allmulticast_disable(0);
	ret = rte_eth_dev_set_mc_addr_list(0, NULL, 0);
	CHECK(ret == 0, "multicast list cleared (%d)", ret);
	send_to(list[0].addr_bytes, 8);
	got = drain(300);
	CHECK(got == 0, "cleared list: group dropped again (%u)", got);
}

static void
test_desc_status(void)
{
	struct rte_ether_addr mac;
	int st;

	rte_eth_macaddr_get(0, &mac);
	drain(100);
	st = rte_eth_rx_descriptor_status(0, 0, 0);
	CHECK(st == RTE_ETH_RX_DESC_AVAIL, "rx desc 0 available (%d)", st);
	st = rte_eth_rx_descriptor_status(0, 0, NB_DESC);
	CHECK(st == -EINVAL, "rx desc offset = ring size refused (%d)", st);
	st = rte_eth_rx_descriptor_status(0, 0, NB_DESC - 1);
	CHECK(st == RTE_ETH_RX_DESC_UNAVAIL, "rx desc %d held by the "
	      "driver (%d)", NB_DESC - 1, st);
	send_to(mac.addr_bytes, 4);
	rte_delay_ms(200);
	st = rte_eth_rx_descriptor_status(0, 0, 3);
	CHECK(st == RTE_ETH_RX_DESC_DONE, "rx desc 3 done after 4 frames "
	      "(%d)", st);
	st = rte_eth_rx_descriptor_status(0, 0, 4);
	CHECK(st == RTE_ETH_RX_DESC_AVAIL, "rx desc 4 still available (%d)",
	      st);
	st = rte_eth_tx_descriptor_status(1, 0, NB_DESC);
	CHECK(st == -EINVAL, "tx desc offset = ring size refused (%d)", st);
	st = rte_eth_tx_descriptor_status(1, 0, 0);
	CHECK(st == RTE_ETH_TX_DESC_DONE, "tx desc at the tail free (%d)",
	      st);
	drain(100);
}

static void
test_rx_intr(void)
{
	struct rte_epoll_event ev[2];
	struct rte_ether_addr mac;
	int ret, n;

	rte_eth_macaddr_get(0, &mac);
	ret = rte_eth_dev_rx_intr_ctl_q(0, 0, RTE_EPOLL_PER_THREAD,
					RTE_INTR_EVENT_ADD, NULL);
	CHECK(ret == 0, "rx queue 0 event fd added to epoll (%d)", ret);
	drain(100);
	ret = rte_eth_dev_rx_intr_enable(0, 0);
	CHECK(ret == 0, "rx queue 0 interrupt enabled (%d)", ret);
	/* Frames of the earlier tests left the cause pending: enabling
	 * may wake us once (a spurious wake-up is allowed, a lost one
	 * is not).  The vector is masked again when it fires. */
	n = rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 2, 300);
	CHECK(n == 0 || n == 1, "at most one stale wake-up (%d)", n);
	rte_eth_dev_rx_intr_enable(0, 0);
	n = rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 2, 300);
	CHECK(n == 0, "no interrupt without traffic (%d)", n);
	send_to(mac.addr_bytes, 4);
	n = rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 2, 2000);
	CHECK(n == 1, "a frame wakes the epoll wait (%d)", n);
	rte_eth_dev_rx_intr_disable(0, 0);
	n = (int)drain(200);
	CHECK(n == 4, "the 4 frames are then polled (%d)", n);
	send_to(mac.addr_bytes, 4);
	n = rte_epoll_wait(RTE_EPOLL_PER_THREAD, ev, 2, 300);
	CHECK(n == 0, "disabled: no wake-up (%d)", n);
	drain(200);
	ret = rte_eth_dev_rx_intr_enable(0, 5);
	CHECK(ret != 0, "interrupt of a missing queue refused (%d)", ret);
}

int
main(int argc, char **argv)
{
	struct rte_eth_conf conf;
	uint16_t p;
	int ret;

	if (api_rig_eal_init(&argc, &argv, 2) < 0)
		return 1;
	mp = api_rig_pool("info_api", 4096, 128, RTE_MBUF_DEFAULT_BUF_SIZE);
	if (mp == NULL)
		return 1;
	for (p = 0; p < 2; p++) {
		/* Port 0 takes the RX queue interrupt of test_rx_intr(). */
		memset(&conf, 0, sizeof(conf));
		conf.intr_conf.rxq = p == 0;
		ret = api_rig_port_setup(p, &conf, NB_DESC, mp);
		CHECK(ret == 0, "port %u configured (rxq interrupts %s): %d",
		      p, p == 0 ? "on" : "off", ret);
		ret = rte_eth_dev_start(p);
		CHECK(ret == 0, "port %u started (%d)", p, ret);
	}

	test_regs_burst();
	test_eeprom();
	test_flow_ctrl();
	test_mc_list();
	test_desc_status();
	test_rx_intr();

	return api_rig_finish(2);
}

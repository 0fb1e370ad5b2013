/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * net_ixguard's link and module operations through the ethdev API, each
 * checked against the emulated platform (ixemu.h, found with dlsym):
 *  - the module's SFF-8079/8472 memory read over the 82599's I2C lines
 *    (rte_eth_dev_get_module_info/_eeprom) is byte for byte the memory
 *    the model's module holds, whole and in pieces across the A0h/A2h
 *    boundary; a 256-byte module without diagnostics is SFF-8079; reads
 *    past the end are refused (-EINVAL); no module is -EIO (as net_ixgbe
 *    answers, ethdev's "device removed");
 *  - pulling and inserting the module gives an LSC event each, with the
 *    link down while it is out;
 *  - dev_led_on/off light and darken the model's LED 0, and the choice
 *    survives dev_stop/dev_start (whose reset reloads LEDCTL);
 *  - dev_set_link_down darkens the far end (port 1 link down, frames from
 *    port 0 no longer arrive), dev_set_link_up brings both back.
 * With the argument "kr" (under devtools/ixemu --device 1517), the
 * backplane part instead: link up/down through AUTOC2, fixed speeds at
 * both ends, no module.  Built by meson, run by test_link.py under
 * devtools/ixemu; exit 0 when all pass.
 */

#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dev_info.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "ix82599_regs.h"
#include "api_rig.h"

#define NB_DESC	256

static struct rte_mempool *mp;
static int (*sfp_set)(unsigned int, const void *, size_t);
static int (*sfp_get)(unsigned int, void *, size_t);
static int (*led_get)(unsigned int, unsigned int);

static void *
sym(const char *name)
{
	void *p = dlsym(RTLD_DEFAULT, name);

	if (p == NULL) {
		printf("FAIL - platform symbol %s (run under devtools/ixemu)\n",
		       name);
		exit(1);
	}
	return p;
}

static volatile unsigned int lsc_events[2];

static int
lsc_cb(uint16_t port, enum rte_eth_event_type type __rte_unused,
       void *arg __rte_unused, void *ret __rte_unused)
{
	if (port < 2)
		lsc_events[port]++;
	return 0;
}

static bool
wait_events(uint16_t port, unsigned int n, unsigned int ms)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;

	while (lsc_events[port] < n && rte_get_timer_cycles() < end)
		rte_delay_ms(5);
	return lsc_events[port] >= n;
}

static int
link_of(uint16_t port)
{
	struct rte_eth_link l;

	if (rte_eth_link_get_nowait(port, &l) != 0)
		return -1;
	return l.link_status;
}

/* Polls the port's recorded link until it is up or ms have passed. */
static int
wait_link(uint16_t port, unsigned int ms, struct rte_eth_link *l)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;
	int ret;

	for (;;) {
		ret = rte_eth_link_get_nowait(port, l);
		if (ret != 0 || l->link_status ||
		    rte_get_timer_cycles() >= end)
			return ret;
		rte_delay_ms(5);
	}
}

/* Broadcast frames port 0 sends that port 1 receives within ms. */
static unsigned int
send_recv(unsigned int n, unsigned int ms)
{
	static const uint8_t bcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	struct rte_mbuf *pkts[32];
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;
	unsigned int i, got = 0;
	uint16_t k;

	for (i = 0; i < n && i < RTE_DIM(pkts); i++) {
		pkts[i] = api_rig_frame(mp, bcast, 0);
		if (pkts[i] == NULL)
			break;
	}
	k = rte_eth_tx_burst(0, 0, pkts, i);
	if (k < i)
		rte_pktmbuf_free_bulk(pkts + k, i - k);
	while (rte_get_timer_cycles() < end) {
		k = rte_eth_rx_burst(1, 0, pkts, RTE_DIM(pkts));
		rte_pktmbuf_free_bulk(pkts, k);
		got += k;
		if (got >= n)
			break;
		rte_delay_us(100);
	}
	return got;
}

/* A dual-rate 10GBASE-SR/1000BASE-SX optic with diagnostics. */
static void
module_bytes(uint8_t *m, bool ddm)
{
	unsigned int i;

	memset(m, 0, 512);
	m[IX_SFF_IDENTIFIER] = IX_SFF_IDENTIFIER_SFP;
	m[IX_SFF_EXT_IDENTIFIER] = 0x04;
	m[IX_SFF_CONNECTOR] = IX_SFF_CONNECTOR_LC;
	m[IX_SFF_10GBE_COMP] = IX_SFF_10GBASESR;
	m[IX_SFF_1GBE_COMP] = IX_SFF_1GBASESX;
	memcpy(&m[IX_SFF_VENDOR_NAME], "LINK-API TEST   ", 16);
	m[IX_SFF_VENDOR_OUI + 1] = 0x1B;
	m[IX_SFF_VENDOR_OUI + 2] = 0x21;
	if (ddm) {
		m[IX_SFF_8472_DIAG_TYPE] = IX_SFF_8472_DDM;
		m[IX_SFF_8472_COMPLIANCE] = 0x08;	/* SFF-8472 rev 12.3 */
	}
	/* Recognisable A2h contents: thresholds, diagnostics. */
	for (i = 256; i < 512; i++)
		m[i] = (uint8_t)(i * 7 + 3);
}

static void
test_module(void)
{
	struct rte_eth_dev_module_info mi;
	struct rte_dev_eeprom_info ei;
	uint8_t model[512], mod[512], buf[512];
	int ret, n;

	/* The platform's default module: the read matches its memory. */
	n = sfp_get(0, model, sizeof(model));
	CHECK(n == 512, "the model holds a module (%d bytes)", n);
	memset(&mi, 0, sizeof(mi));
	ret = rte_eth_dev_get_module_info(0, &mi);
	CHECK(ret == 0 && mi.type == RTE_ETH_MODULE_SFF_8079 &&
	      mi.eeprom_len == 256, "default module: SFF-8079, %u bytes (%d)",
	      mi.eeprom_len, ret);
	memset(buf, 0xEE, sizeof(buf));
	memset(&ei, 0, sizeof(ei));
	ei.data = buf;
	ei.length = mi.eeprom_len;
	ret = rte_eth_dev_get_module_eeprom(0, &ei);
	CHECK(ret == 0 && memcmp(buf, model, 256) == 0,
	      "default module: 256 bytes as the model holds them (%d)", ret);

	/* A module with diagnostics: 512 bytes, A0h then A2h. */
	module_bytes(mod, true);
	ret = sfp_set(0, mod, sizeof(mod));
	CHECK(ret == 0, "platform: module with diagnostics in (%d)", ret);
	n = sfp_get(0, model, sizeof(model));
	ret = rte_eth_dev_get_module_info(0, &mi);
	CHECK(ret == 0 && mi.type == RTE_ETH_MODULE_SFF_8472 &&
	      mi.eeprom_len == 512, "SFF-8472, %u bytes (%d)", mi.eeprom_len,
	      ret);
	memset(buf, 0xEE, sizeof(buf));
	ei.offset = 0;
	ei.length = 512;
	ret = rte_eth_dev_get_module_eeprom(0, &ei);
	CHECK(ret == 0 && n == 512 && memcmp(buf, model, 512) == 0 &&
	      memcmp(buf, mod, 512) == 0,
	      "512 bytes read over I2C match the model's module (%d)", ret);
	memset(buf, 0xEE, sizeof(buf));
	ei.offset = 250;
	ei.length = 12;	/* across the A0h/A2h boundary */
	ret = rte_eth_dev_get_module_eeprom(0, &ei);
	CHECK(ret == 0 && memcmp(buf, mod + 250, 12) == 0,
	      "12 bytes at 250 (A0h into A2h) match (%d)", ret);
	ei.offset = 500;
	ei.length = 13;
	ret = rte_eth_dev_get_module_eeprom(0, &ei);
	CHECK(ret == -EINVAL, "read past byte 512 refused (%d)", ret);
	ei.offset = 512;
	ei.length = 1;
	ret = rte_eth_dev_get_module_eeprom(0, &ei);
	CHECK(ret == -EINVAL, "read at byte 512 refused (%d)", ret);
	ei.offset = 0;
	ei.length = 1;
	ret = rte_eth_dev_get_module_eeprom(0, &ei);
	CHECK(ret == 0 && buf[0] == IX_SFF_IDENTIFIER_SFP,
	      "after the refusals a read works (%d)", ret);

	/* 256 bytes, no diagnostics: SFF-8079, the A2h page not offered. */
	module_bytes(mod, false);
	ret = sfp_set(0, mod, 256);
	ret |= rte_eth_dev_get_module_info(0, &mi);
	CHECK(ret == 0 && mi.type == RTE_ETH_MODULE_SFF_8079 &&
	      mi.eeprom_len == 256, "256-byte module: SFF-8079 (%d)", ret);
	ei.offset = 0;
	ei.length = 257;
	ret = rte_eth_dev_get_module_eeprom(0, &ei);
	CHECK(ret == -EINVAL, "257 bytes of a 256-byte module refused (%d)",
	      ret);

	/* Pulled: an LSC event, link down, the module reads refused. */
	lsc_events[0] = 0;
	ret = sfp_set(0, NULL, 0);
	CHECK(ret == 0 && wait_events(0, 1, 3000),
	      "module pulled: LSC event on port 0 (%u)", lsc_events[0]);
	CHECK(link_of(0) == 0, "port 0 link down without a module");
	ret = rte_eth_dev_get_module_info(0, &mi);
	CHECK(ret == -EIO, "module info without a module: -EIO (%d)", ret);
	ei.offset = 0;
	ei.length = 16;
	ret = rte_eth_dev_get_module_eeprom(0, &ei);
	CHECK(ret == -EIO, "module memory without a module: -EIO (%d)",
	      ret);
	/* Back in (the last module): an LSC event and the link up. */
	ret = sfp_set(0, NULL, 512);
	CHECK(ret == 0 && wait_events(0, 2, 3000),
	      "module inserted: LSC event on port 0 (%u)", lsc_events[0]);
	CHECK(link_of(0) == 1, "port 0 link up with the module back");
	ret = rte_eth_dev_get_module_eeprom(0, &ei);
	CHECK(ret == 0 && memcmp(buf, mod, 16) == 0,
	      "the module reads again after insertion (%d)", ret);
}

/* dev_stop then dev_start, with the device reset that comes with it. */
static int
restart(uint16_t port)
{
	int ret = rte_eth_dev_stop(port);

	return ret == 0 ? rte_eth_dev_start(port) : ret;
}

static void
test_led(void)
{
	struct rte_eth_link l;
	unsigned int n;
	int ret;

	CHECK(led_get(0, 0) == 1, "LED 0 lit after start (link up)");
	ret = rte_eth_led_off(0);
	CHECK(ret == 0 && led_get(0, 0) == 0, "led_off: LED 0 dark (%d)",
	      ret);
	ret = rte_eth_led_on(0);
	CHECK(ret == 0 && led_get(0, 0) == 1, "led_on: LED 0 lit (%d)", ret);
	ret = rte_eth_led_off(0);
	CHECK(ret == 0 && led_get(0, 0) == 0 && led_get(1, 0) == 1,
	      "led_off again: dark; port 1's LED 0 untouched (%d)", ret);

	/*
	 * dev_start resets the device, and the reset loads LEDCTL from the
	 * NVM again (LED 0: link up): the driver puts back what the
	 * application chose.
	 */
	ret = restart(0);
	CHECK(ret == 0 && led_get(0, 0) == 0,
	      "led_off kept across dev_stop/dev_start (%d)", ret);
	ret = rte_eth_led_on(0);
	if (ret == 0)
		ret = restart(0);
	CHECK(ret == 0 && led_get(0, 0) == 1,
	      "led_on kept across dev_stop/dev_start (%d)", ret);
	/* Forced on, not following the link: lit with the link down, while
	 * port 1's LED 0 (link up mode) goes dark. */
	n = lsc_events[1];
	ret = rte_eth_dev_set_link_down(0);
	CHECK(ret == 0 && led_get(0, 0) == 1 && led_get(1, 0) == 0,
	      "link down: port 0's forced LED lit, port 1's dark (%d)", ret);
	ret = rte_eth_dev_set_link_up(0);
	CHECK(ret == 0 && wait_events(1, n + 2, 3000) &&
	      wait_link(0, 2000, &l) == 0 && l.link_status &&
	      wait_link(1, 2000, &l) == 0 && l.link_status,
	      "link up again at both ends (%d)", ret);
}

static void
test_link_up_down(void)
{
	unsigned int got;
	int ret;

	got = send_recv(16, 1000);
	CHECK(got == 16, "link up: port 1 receives port 0's frames (%u)", got);
	lsc_events[1] = 0;
	ret = rte_eth_dev_set_link_down(0);
	CHECK(ret == 0, "set_link_down (%d)", ret);
	CHECK(wait_events(1, 1, 3000), "far end (port 1): LSC event");
	CHECK(link_of(0) == 0 && link_of(1) == 0,
	      "link down at both ends (%d, %d)", link_of(0), link_of(1));
	got = send_recv(16, 300);
	CHECK(got == 0, "link down: port 1 receives nothing (%u)", got);
	ret = rte_eth_dev_set_link_up(0);
	CHECK(ret == 0, "set_link_up (%d)", ret);
	CHECK(wait_events(1, 2, 3000), "far end (port 1): second LSC event");
	CHECK(link_of(0) == 1 && link_of(1) == 1,
	      "link up at both ends (%d, %d)", link_of(0), link_of(1));
	got = send_recv(16, 1000);
	CHECK(got == 16, "link up again: frames arrive (%u)", got);
}

/*
 * The KR backplane part (8086:1517, no cage): link down through AUTOC2's
 * link disable bits, both ends; no module (-ENOTSUP); fixed 1G and 10G.
 */
static void
test_kr(void)
{
	struct rte_eth_dev_module_info mi;
	struct rte_eth_dev_info di;
	struct rte_eth_link l;
	struct rte_eth_conf conf;
	uint16_t p;
	int ret;

	ret = rte_eth_dev_info_get(0, &di);
	CHECK(ret == 0 && di.speed_capa == (RTE_ETH_LINK_SPEED_1G |
					    RTE_ETH_LINK_SPEED_10G),
	      "KR speed_capa 1G|10G (0x%x)", di.speed_capa);
	ret = rte_eth_dev_get_module_info(0, &mi);
	CHECK(ret == -ENOTSUP, "KR: no module to read (%d)", ret);
	test_link_up_down();
	for (p = 0; p < 2; p++) {
		memset(&conf, 0, sizeof(conf));
		conf.intr_conf.lsc = 1;
		conf.link_speeds = RTE_ETH_LINK_SPEED_1G |
				   RTE_ETH_LINK_SPEED_FIXED;
		rte_eth_dev_stop(p);
		ret = rte_eth_dev_configure(p, 1, 1, &conf);
		if (ret == 0)
			ret = rte_eth_dev_start(p);
		CHECK(ret == 0, "KR port %u at a fixed 1G (%d)", p, ret);
	}
	/*
	 * With intr_conf.lsc set, rte_eth_link_get() returns the status the
	 * LSC interrupt last recorded: port 0 learns that its partner came
	 * up only when that interrupt has run, so wait for it.
	 */
	for (p = 0; p < 2; p++) {
		ret = wait_link(p, 2000, &l);
		CHECK(ret == 0 && l.link_status &&
		      l.link_speed == RTE_ETH_SPEED_NUM_1G &&
		      l.link_autoneg == RTE_ETH_LINK_FIXED,
		      "KR port %u link up at %u Mb/s, fixed", p, l.link_speed);
	}
	CHECK(send_recv(16, 1000) == 16, "KR at 1G: frames arrive");
	/* Port 0 at 10G, port 1 still at 1G: no link at either end. */
	memset(&conf, 0, sizeof(conf));
	conf.link_speeds = RTE_ETH_LINK_SPEED_10G | RTE_ETH_LINK_SPEED_FIXED;
	rte_eth_dev_stop(0);
	ret = rte_eth_dev_configure(0, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_dev_start(0);
	CHECK(ret == 0 && link_of(0) == 0 && link_of(1) == 0,
	      "KR 10G against 1G: no link at either end (%d)", ret);
	conf.link_speeds = RTE_ETH_LINK_SPEED_100M | RTE_ETH_LINK_SPEED_FIXED;
	rte_eth_dev_stop(0);
	ret = rte_eth_dev_configure(0, 1, 1, &conf);
	CHECK(ret == -EINVAL, "KR 100M refused (%d)", ret);
	conf.link_speeds = RTE_ETH_LINK_SPEED_1G | RTE_ETH_LINK_SPEED_10G |
			   RTE_ETH_LINK_SPEED_FIXED;
	ret = rte_eth_dev_configure(0, 1, 1, &conf);
	CHECK(ret == -EINVAL, "KR two fixed speeds refused (%d)", ret);
	conf.link_speeds = RTE_ETH_LINK_SPEED_AUTONEG;
	ret = rte_eth_dev_configure(0, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_dev_start(0);
	CHECK(ret == 0, "KR port 0 configured again in autoneg (%d)", ret);
}

int
main(int argc, char **argv)
{
	struct rte_eth_conf conf;
	bool kr;
	uint16_t p;
	int ret;

	ret = api_rig_eal_init(&argc, &argv, 2);
	if (ret < 0)
		return 1;
	kr = ret + 1 < argc && strcmp(argv[ret + 1], "kr") == 0;
	sfp_set = (int (*)(unsigned int, const void *, size_t))
		sym("ixemu_sfp_set");
	sfp_get = (int (*)(unsigned int, void *, size_t))sym("ixemu_sfp_get");
	led_get = (int (*)(unsigned int, unsigned int))sym("ixemu_led");
	mp = api_rig_pool("link_api", 2048, 64, RTE_MBUF_DEFAULT_BUF_SIZE);
	if (mp == NULL)
		return 1;
	for (p = 0; p < 2; p++) {
		memset(&conf, 0, sizeof(conf));
		conf.intr_conf.lsc = 1;
		ret = api_rig_port_setup(p, &conf, NB_DESC, mp);
		if (ret == 0)
			ret = rte_eth_dev_callback_register(p,
				RTE_ETH_EVENT_INTR_LSC, lsc_cb, NULL);
		if (ret == 0)
			ret = rte_eth_dev_start(p);
		CHECK(ret == 0, "port %u configured and started (%d)", p, ret);
		rte_eth_promiscuous_enable(p);
	}

	test_led();
	if (kr) {
		test_kr();
	} else {
		test_link_up_down();
		test_module();
	}

	return api_rig_finish(2);
}

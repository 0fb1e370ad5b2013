/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Synchronous mode (ixemu_model_sync/ixemu_model_step, lib/vfioemu/sync.c).
 *
 * Runs under devtools/ixemu with DPDK's own net_ixgbe on two cabled ports.
 * In synchronous mode frames that port 0 posts stay in its ring (the
 * device's head does not move, port 1 receives nothing, however long we
 * wait) until one ixemu_model_step() moves them all; they then arrive on
 * port 1 byte for byte, after the cache model flushed what the device
 * wrote.  Back in normal mode the model thread moves frames again by
 * itself.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "ix82599_rxtx.h"
#include "ixemu.h"
#include "test_check.h"
#include "../dma/test_ports.h"

#define NB_DESC 512
#define NFRAMES 8
#define FRAME_LEN 60

typedef int (*sync_fn)(int);
typedef unsigned int (*step_fn)(void);
typedef uint32_t (*peek_fn)(unsigned int, uint32_t);

static void
frame_bytes(uint8_t *b, unsigned int i)
{
	memset(b, 0xff, 6);			/* broadcast */
	memset(b + 6, 0x02, 6);
	b[12] = 0x88;				/* local experimental */
	b[13] = 0xb5;
	for (unsigned int k = 14; k < FRAME_LEN; k++)
		b[k] = (uint8_t)(i * 31 + k);
}

static unsigned int
send_frames(struct rte_mempool *mp, unsigned int first)
{
	struct rte_mbuf *pkts[NFRAMES];
	unsigned int i, sent;

	if (rte_pktmbuf_alloc_bulk(mp, pkts, NFRAMES) != 0)
		return 0;
	for (i = 0; i < NFRAMES; i++) {
		frame_bytes(rte_pktmbuf_mtod(pkts[i], uint8_t *), first + i);
		pkts[i]->data_len = pkts[i]->pkt_len = FRAME_LEN;
	}
	sent = rte_eth_tx_burst(0, 0, pkts, NFRAMES);
	if (sent < NFRAMES)
		rte_pktmbuf_free_bulk(pkts + sent, NFRAMES - sent);
	return sent;
}

/* Receive on port 1; count the frames that match first.. byte for byte. */
static unsigned int
receive_frames(unsigned int first, unsigned int *good)
{
	struct rte_mbuf *pkts[32];
	uint8_t want[FRAME_LEN];
	uint16_t n = rte_eth_rx_burst(1, 0, pkts, 32);

	*good = 0;
	for (uint16_t i = 0; i < n; i++) {
		frame_bytes(want, first + i);
		if (rte_pktmbuf_pkt_len(pkts[i]) == FRAME_LEN &&
		    memcmp(rte_pktmbuf_mtod(pkts[i], uint8_t *), want,
			   FRAME_LEN) == 0)
			(*good)++;
	}
	rte_pktmbuf_free_bulk(pkts, n);
	return n;
}

static int
wait_links(void)
{
	for (unsigned int i = 0; i < 500; i++) {
		struct rte_eth_link l0, l1;

		if (rte_eth_link_get_nowait(0, &l0) == 0 &&
		    rte_eth_link_get_nowait(1, &l1) == 0 &&
		    l0.link_status && l1.link_status)
			return 0;
		rte_delay_ms(10);
	}
	return -1;
}

int
main(int argc, char **argv)
{
	sync_fn model_sync = (sync_fn)dlsym(RTLD_DEFAULT, "ixemu_model_sync");
	step_fn model_step = (step_fn)dlsym(RTLD_DEFAULT, "ixemu_model_step");
	peek_fn peek = (peek_fn)dlsym(RTLD_DEFAULT, "ixemu_peek_reg");
	struct rte_mempool *mp;
	unsigned int sent, n, good, moved, got;
	uint32_t tdh, tdt;
	int ret;

	if (model_sync == NULL || model_step == NULL || peek == NULL) {
		fprintf(stderr, "run me under devtools/ixemu\n");
		return 2;
	}
	if (rte_eal_init(argc, argv) < 0)
		return 2;
	mp = rte_pktmbuf_pool_create("sync_pool", 4096, 64, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (rte_eth_dev_count_avail() < 2 || mp == NULL ||
	    test_port_setup(0, mp, 1, NB_DESC) != 0 ||
	    test_port_setup(1, mp, 1, NB_DESC) != 0 ||
	    wait_links() != 0) {
		fprintf(stderr, "port setup failed\n");
		return 2;
	}

	CHECK(model_step() == 0,
	      "outside synchronous mode a step does nothing");
	CHECK(model_sync(42) == -EINVAL, "an unknown cache model is refused");
	CHECK(model_sync(IXEMU_SYNC_FLUSH) == 0, "synchronous mode entered");
	CHECK(model_sync(IXEMU_SYNC_FLUSH) == 0,
	      "entering it again is harmless");

	sent = send_frames(mp, 0);
	CHECK(sent == NFRAMES, "port 0 posted %u frames", sent);
	rte_delay_ms(100);
	tdh = peek(0, IX_TDH(0));
	tdt = peek(0, IX_TDT(0));
	CHECK(tdh != tdt, "100 ms later they are still in port 0's ring "
	      "(TDH %u, TDT %u): the model thread is parked", tdh, tdt);
	n = receive_frames(0, &good);
	CHECK(n == 0, "port 1 received nothing before a step (%u)", n);

	moved = model_step();
	CHECK(moved == NFRAMES, "one step moved the %u frames (%u)", NFRAMES,
	      moved);
	CHECK(peek(0, IX_TDH(0)) == tdt, "port 0's head reached its tail");
	n = receive_frames(0, &good);
	CHECK(n == NFRAMES && good == NFRAMES,
	      "port 1 received %u frames, %u byte for byte", n, good);
	moved = model_step();
	CHECK(moved == 0, "a step with nothing posted moves nothing (%u)",
	      moved);

	/* The other cache models move frames alike. */
	ret = model_sync(IXEMU_SYNC_DEMOTE);
	CHECK(ret == 0 || ret == -ENOTSUP, "demote model: %d", ret);
	CHECK(model_sync(IXEMU_SYNC_HOT) == 0, "hot model chosen");
	sent = send_frames(mp, 100);
	moved = model_step();
	n = receive_frames(100, &good);
	CHECK(sent == NFRAMES && moved == NFRAMES && good == NFRAMES,
	      "hot model: %u sent, %u moved, %u received intact", sent, moved,
	      good);

	/* Back to normal: the model thread moves frames by itself. */
	CHECK(model_sync(IXEMU_SYNC_OFF) == 0, "synchronous mode left");
	CHECK(model_step() == 0, "a step does nothing any more");
	sent = send_frames(mp, 200);
	got = 0;
	good = 0;
	for (unsigned int i = 0; i < 200 && got < NFRAMES; i++) {
		unsigned int g;

		rte_delay_ms(5);
		got += receive_frames(200 + got, &g);
		good += g;
	}
	CHECK(sent == NFRAMES && got == NFRAMES && good == NFRAMES,
	      "the model thread moved %u of %u frames, %u intact", got, sent,
	      good);

	ret = rte_eth_dev_stop(0) | rte_eth_dev_stop(1);
	CHECK(ret == 0, "both ports stop");
	rte_eth_dev_close(0);
	rte_eth_dev_close(1);
	rte_eal_cleanup();
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * RX from a pinned external-buffer pool whose data area shares its first
 * and last pages with other memory (testpmd's xbuf layout): the domain
 * maps only the whole pages inside the area, so the buffers of the edge
 * pages must never be given to the device.  Port and strict modes.
 *
 * At the queue's start the driver takes the pool's free buffers and sets
 * the edge ones aside.  Here the application holds one edge buffer over
 * the start, so the set-aside is incomplete and every buffer is checked
 * as it is posted; the application then frees it, the next refill meets
 * it and sets it aside too.  After a restart with the pool full the
 * start holds them all and the queue posts without a check.  Each time:
 * every frame arrives, no IOMMU fault, the counts and log lines as said,
 * every mbuf back in the pool when the port stops.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "confinement.h"
#include "log_capture.h"
#include "test_ports.h"

/* Usable buffers (not in an edge page) must outnumber NB_DESC. */
#define RX_EDGE_NB	1024u
/* Rounds of a quarter ring: the ring is refilled several times. */
#define RX_EDGE_ROUNDS	12

static struct rte_mbuf *all[RX_EDGE_NB];

/* Port 1's queue 0 fed from mp, started; true on success. */
static bool
rx_pool_switch(struct rte_mempool *mp)
{
	int ret;

	rte_eth_dev_stop(1);
	ret = rte_eth_rx_queue_setup(1, 0, NB_DESC, rte_eth_dev_socket_id(1),
				     NULL, mp);
	CHECK(ret == 0, "port 1 rxq 0 set up on %s (%d)", mp->name, ret);
	if (ret != 0)
		return false;
	ret = rte_eth_dev_start(1);
	CHECK(ret == 0, "port 1 started with rxq 0 on %s (%d)", mp->name,
	      ret);
	rte_delay_ms(50);
	return ret == 0;
}

/* Exactly a frame of send_from(): 6 bytes 0xff, then 58 bytes 0x11. */
static bool
sent_frame(const struct rte_mbuf *m, const void *arg)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	unsigned int j;

	RTE_SET_USED(arg);
	if (m->pkt_len != 64 || m->data_len != 64)
		return false;
	for (j = 0; j < 64; j++)
		if (d[j] != (j < 6 ? 0xff : 0x11))
			return false;
	return true;
}

/*
 * Frames from port 0 reach port 1 byte for byte, a quarter ring at a
 * time (port 1's ring never overflows); no IOMMU fault.
 */
static void
rx_edge_traffic(struct rte_mempool *mp0, const char *when)
{
	uint64_t f0 = faults_now();
	unsigned int sent = 0, rx = 0, with = 0, r;

	drain(1, 20, 0, NULL);
	for (r = 0; r < RX_EDGE_ROUNDS; r++) {
		unsigned int s = send_from(0, mp0, NB_DESC / 4);

		sent += s;
		rx += test_drain(1, s, 500, sent_frame, NULL, &with);
	}
	CHECK(sent == RX_EDGE_ROUNDS * NB_DESC / 4 && rx == sent &&
	      with == sent, "%s: %s: every frame received (%u sent, %u "
	      "received, %u exact)", mode_name, when, sent, rx, with);
	CHECK(faults_now() == f0, "%s: %s: no IOMMU fault", mode_name, when);
}

void
rx_edge_checks(struct rte_mempool *mp0, struct rte_mempool *mp1)
{
	struct rte_mbuf *kept = NULL;
	struct rte_mempool *xp;
	unsigned int n = 0, nedge = 0, i;
	rte_iova_t start, end;
	char want[96];
	size_t mark;

	xp = edge_pool_create("xb_rxedge", RX_EDGE_NB, &start, &end);
	if (xp == NULL)
		return;
	while (n < RX_EDGE_NB && (all[n] = rte_pktmbuf_alloc(xp)) != NULL)
		n++;
	for (i = 0; i < n; i++) {
		if (!in_edge_page(rte_mbuf_iova_get(all[i]), all[i]->buf_len,
				  start, end))
			continue;
		nedge++;
		if (kept == NULL) {
			kept = all[i];
			all[i] = all[--n];
			i--;
		}
	}
	rte_pktmbuf_free_bulk(all, n);
	CHECK(nedge >= 2 && kept != NULL,
	      "the RX pool has buffers in its edge pages (%u)", nedge);
	if (kept == NULL)
		return;

	/* One edge buffer in the application's hands over the start. */
	mark = log_capture_mark();
	if (!rx_pool_switch(xp)) {
		rte_pktmbuf_free(kept);
		return;
	}
	snprintf(want, sizeof(want), "mempool xb_rxedge: %u of its %u edge "
		 "buffers set aside at start", nedge - 1, nedge);
	CHECK(log_capture_count(mark, want, "each buffer is checked") == 1,
	      "%s: the start set aside the %u edge buffers it found and "
	      "keeps the per-buffer check (logged)", mode_name, nedge - 1);
	CHECK(test_xstat(1, "rx_dma_unmapped_bufs") == nedge - 1,
	      "%s: rx_dma_unmapped_bufs %" PRIu64 " (want %u)", mode_name,
	      test_xstat(1, "rx_dma_unmapped_bufs"), nedge - 1);
	rx_edge_traffic(mp0, "edge buffer held by the application");

	/* The application gives it back: the next refill must skip it. */
	rte_pktmbuf_free(kept);
	rx_edge_traffic(mp0, "edge buffer back in the pool");
	CHECK(test_xstat(1, "rx_dma_unmapped_bufs") == nedge,
	      "%s: the refill met the freed edge buffer and set it aside "
	      "(rx_dma_unmapped_bufs %" PRIu64 ", want %u)", mode_name,
	      test_xstat(1, "rx_dma_unmapped_bufs"), nedge);
	CHECK(log_capture_count(mark, "port 1 rxq 0: buffer at IOVA",
				"does not map") == 1,
	      "%s: the refill's set-aside is logged once", mode_name);

	/* Stopped: every buffer back, the held ones too. */
	rte_eth_dev_stop(1);
	CHECK(rte_mempool_avail_count(xp) == RX_EDGE_NB,
	      "%s: port 1 stopped: every buffer of the RX pool back (%u of "
	      "%u)", mode_name, rte_mempool_avail_count(xp), RX_EDGE_NB);

	/* A start with the pool full holds them all: no check. */
	mark = log_capture_mark();
	CHECK(rte_eth_dev_start(1) == 0, "%s: port 1 restarted", mode_name);
	rte_delay_ms(50);
	snprintf(want, sizeof(want), "mempool xb_rxedge: %u of its %u edge "
		 "buffers set aside at start", nedge, nedge);
	CHECK(log_capture_count(mark, want, "without a per-buffer check") == 1,
	      "%s: the restart set aside all %u edge buffers: no per-buffer "
	      "check (logged)", mode_name, nedge);
	rx_edge_traffic(mp0, "all edge buffers set aside at start");
	rte_eth_dev_stop(1);
	CHECK(rte_mempool_avail_count(xp) == RX_EDGE_NB,
	      "%s: port 1 stopped again: every buffer back (%u of %u)",
	      mode_name, rte_mempool_avail_count(xp), RX_EDGE_NB);
	rx_pool_switch(mp1);
}

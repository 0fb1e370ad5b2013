/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * test_confinement's frames: both ways, from a port, and what arrives on
 * one.  64-byte broadcast frames out of the application's pools.
 */
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "confinement.h"
#include "test_ports.h"

/*
 * Move traffic both ways; returns frames received.  The emulated device
 * runs in a thread of its own: on a loaded machine it may not run for a
 * while, and the rounds (200 us each) end before it sent anything.  So
 * when nothing arrived, poll for up to a second more: a device that does
 * not move frames at all still returns 0.
 */
unsigned int
traffic(struct rte_mempool *mp0, unsigned int rounds)
{
	struct rte_mbuf *pkts[32];
	unsigned int r, i, rx = 0;
	uint64_t end;
	uint16_t n, p;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < 32; i++) {
			pkts[i] = rte_pktmbuf_alloc(mp0);
			if (pkts[i] == NULL)
				break;
			memset(rte_pktmbuf_mtod(pkts[i], void *), 0xff, 64);
			pkts[i]->data_len = pkts[i]->pkt_len = 64;
		}
		n = rte_eth_tx_burst(0, 0, pkts, (uint16_t)i);
		rte_pktmbuf_free_bulk(pkts + n, i - n);
		rte_delay_us(200);
		for (p = 0; p < 2; p++) {
			n = rte_eth_rx_burst(p, 0, pkts, 32);
			rx += n;
			rte_pktmbuf_free_bulk(pkts, n);
		}
	}
	end = rte_get_timer_cycles() + rte_get_timer_hz();
	while (rx == 0 && rte_get_timer_cycles() < end) {
		rte_delay_us(200);
		for (p = 0; p < 2; p++) {
			n = rte_eth_rx_burst(p, 0, pkts, 32);
			rx += n;
			rte_pktmbuf_free_bulk(pkts, n);
		}
	}
	return rx;
}

/* Send n 64-byte frames from 'port' out of pool mp; returns sent. */
unsigned int
send_from(uint16_t port, struct rte_mempool *mp, unsigned int n)
{
	struct rte_mbuf *pkts[32];
	unsigned int i, sent = 0, stalls = 0;
	uint16_t k;

	while (sent < n) {
		unsigned int want = RTE_MIN(n - sent, 32u);

		for (i = 0; i < want; i++) {
			pkts[i] = rte_pktmbuf_alloc(mp);
			if (pkts[i] == NULL)
				break;
			memset(rte_pktmbuf_mtod(pkts[i], void *), 0x11, 64);
			memset(rte_pktmbuf_mtod(pkts[i], void *), 0xff, 6);
			pkts[i]->data_len = pkts[i]->pkt_len = 64;
		}
		k = rte_eth_tx_burst(port, 0, pkts, (uint16_t)i);
		rte_pktmbuf_free_bulk(pkts + k, i - k);
		sent += k;
		/* Ring full: let the device catch up, for up to 20 ms. */
		if (i < want || (k < i && ++stalls > 100))
			break;
		rte_delay_us(k < i ? 200 : 100);
	}
	return sent;
}

/* The first 16 bytes of frame m are all the byte at 'pattern'. */
static bool
carries_pattern(const struct rte_mbuf *m, const void *pattern)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	unsigned int j;

	for (j = 0; j < 16 && j < m->data_len &&
	     d[j] == *(const uint8_t *)pattern; j++)
		;
	return j == 16;
}

/*
 * Receive and free what arrives on 'port' for ms milliseconds; counts
 * the frames that carry 'pattern' in their first 16 bytes.
 */
unsigned int
drain(uint16_t port, unsigned int ms, uint8_t pattern, unsigned int *with)
{
	return test_drain(port, 0, ms, carries_pattern, &pattern, with);
}

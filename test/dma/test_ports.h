/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/* Ports of the dma suite's programs: pools, set-up, names and xstats. */
#ifndef TEST_PORTS_H
#define TEST_PORTS_H

#include <stdbool.h>
#include <stdint.h>

struct rte_mbuf;
struct rte_mempool;

/* A pktmbuf pool of n mbufs with the default buffer size, or NULL. */
struct rte_mempool *test_pool_create(const char *name, unsigned int n);

/*
 * Configure 'port' with nq RX and TX queues of nb_desc descriptors, RX
 * fed from mp, start it and make it promiscuous.  0 or a negative errno.
 */
int test_port_setup(uint16_t port, struct rte_mempool *mp, uint16_t nq,
		    uint16_t nb_desc);

/*
 * Exactly two ports, 0 and 1, each set up with one queue of nb_desc
 * descriptors fed from its own pool (test_port_setup()).
 */
bool test_two_ports_setup(struct rte_mempool *mp0, struct rte_mempool *mp1,
			  uint16_t nb_desc);

/* The device name of 'port' ("0000:00:10.0"), or "?". */
const char *test_port_name(uint16_t port);

/*
 * Transmit the n frames of pkts on port's queue, retrying while the ring
 * is full, until all are sent or the timer (rte_get_timer_cycles())
 * passes end; frees those not sent and returns the number sent.
 */
unsigned int test_send(uint16_t port, uint16_t queue, struct rte_mbuf **pkts,
		       unsigned int n, uint64_t end);

/*
 * Receive and free what arrives on 'port' (queue 0) until 'want' frames
 * arrived (0: for the whole time) or for ms milliseconds; returns the
 * number received.  With 'count' not NULL, *count goes up by one for
 * every frame match(frame, arg) is true of.
 */
unsigned int test_drain(uint16_t port, unsigned int want, unsigned int ms,
			bool (*match)(const struct rte_mbuf *, const void *),
			const void *arg, unsigned int *count);

/* The xstat 'name' of 'port', or UINT64_MAX if the port has none. */
uint64_t test_xstat(uint16_t port, const char *name);

#endif /* TEST_PORTS_H */

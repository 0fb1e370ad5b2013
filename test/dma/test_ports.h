/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/* Ports of the dma suite's programs: set-up and xstats. */
#ifndef TEST_PORTS_H
#define TEST_PORTS_H

#include <stdint.h>

struct rte_mempool;

/*
 * Configure 'port' with nq RX and TX queues of nb_desc descriptors, RX
 * fed from mp, start it and make it promiscuous.  0 or a negative errno.
 */
int test_port_setup(uint16_t port, struct rte_mempool *mp, uint16_t nq,
		    uint16_t nb_desc);

/* The xstat 'name' of 'port', or UINT64_MAX if the port has none. */
uint64_t test_xstat(uint16_t port, const char *name);

#endif /* TEST_PORTS_H */

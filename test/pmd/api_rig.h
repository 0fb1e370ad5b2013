/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * What the ethdev API test programs (info_api, link_api, offload_api)
 * share: their check lines, "ok   - what" or "FAIL - what", the ones
 * ixguard_pmd.run_program() turns into checks; the failure count that
 * makes the exit code; the EAL start with the options a test run forces
 * (test_eal_args.h); their mbuf pool; a port with one RX and one TX queue.
 * Each program keeps its own checks.
 */
#ifndef API_RIG_H
#define API_RIG_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>

struct rte_eth_conf;
struct rte_mbuf;
struct rte_mempool;

/*
 * One check line.  The condition is evaluated once, before the message's
 * arguments: it may have side effects (a register read, a transmit).
 */
#define CHECK(cond, ...) do {						\
	bool ok_ = (cond);						\
									\
	api_rig_check(ok_, __VA_ARGS__);				\
} while (0)

/* Prints the line of one check and counts it when it failed. */
void api_rig_check(bool ok, const char *fmt, ...)
	__rte_format_printf(2, 3);

/*
 * rte_eal_init() with the forced options, then at least nb_ports ports.
 * Returns the number of arguments the EAL took (*argc and *argv are the
 * vector it parsed, for the program's own arguments after them), or -1
 * after a FAIL line.
 */
int api_rig_eal_init(int *argc, char ***argv, uint16_t nb_ports);

/*
 * A pktmbuf pool of n mbufs (per-lcore cache of 'cache') whose buffers
 * hold data_room bytes after the headroom; NULL after a FAIL line.
 */
struct rte_mempool *api_rig_pool(const char *name, unsigned int n,
				 unsigned int cache, uint16_t data_room);

/*
 * Configures 'port' with conf and one RX queue (nb_desc descriptors fed
 * from mp) and one TX queue (nb_desc); does not start it.  0 or the
 * first ethdev error.
 */
int api_rig_port_setup(uint16_t port, const struct rte_eth_conf *conf,
		       uint16_t nb_desc, struct rte_mempool *mp);

/*
 * A zero-filled 60-byte frame of the local experimental ethertype (88B5)
 * from mp, to dst (6 bytes) from the locally administered address
 * 02:00:00:00:00:src; NULL when the pool is empty.
 */
struct rte_mbuf *api_rig_frame(struct rte_mempool *mp, const uint8_t *dst,
			       uint8_t src);

/*
 * Stops and closes ports 0 to nb_ports - 1, cleans the EAL up and
 * prints the failure count; returns the exit code (0: every check
 * passed).
 */
int api_rig_finish(uint16_t nb_ports);

#endif /* API_RIG_H */

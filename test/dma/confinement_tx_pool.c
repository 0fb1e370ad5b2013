/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * TX memory: frames from a pool port 0's domain has never seen.  Port
 * mode maps it on first use, shadow mode copies the frames into its TX
 * shadow area; strict mode drops them (tx_dma_refused_packets) until the
 * pool is registered with rte_pmd_ixguard_dma_map_mempool().  No fault,
 * every mbuf back in its pool.
 */
#include <dlfcn.h>
#include <link.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mempool.h>

#include "confinement.h"
#include "log_capture.h"
#include "test_ports.h"

/* A symbol of the -d plugin (loaded with local symbols). */
static int
find_sym_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	void **sym = data;
	void *h;

	(void)size;
	if (*sym != NULL || info->dlpi_name == NULL ||
	    strstr(info->dlpi_name, "librte_net_ixguard") == NULL)
		return 0;
	h = dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD);
	if (h != NULL) {
		*sym = dlsym(h, "rte_pmd_ixguard_dma_map_mempool");
		dlclose(h);
	}
	return *sym != NULL;
}

typedef int (*map_mempool_fn)(uint16_t, struct rte_mempool *);

/*
 * TX from a mempool the domain has never seen: port mode maps it on the
 * first packet (slow path) and the frames go out; strict mode drops them,
 * counts them in tx_dma_refused_packets and never hands them to the
 * device; once the pool is registered (rte_pmd_ixguard_dma_map_mempool(),
 * port stopped), strict mode sends from it too.
 */
void
tx_pool_checks(void)
{
	struct rte_mempool *txp = test_pool_create("txonly_pool", 1024);
	map_mempool_fn map_mempool = NULL;
	uint64_t f0 = faults_now();
	uint64_t ref0 = test_xstat(0, "tx_dma_refused_packets");
	unsigned int sent, rx;
	bool strict = strcmp(mode_name, "strict") == 0;

	dl_iterate_phdr(find_sym_cb, &map_mempool);
	CHECK(txp != NULL && map_mempool != NULL,
	      "a TX-only pool, and rte_pmd_ixguard_dma_map_mempool() found");
	if (txp == NULL || map_mempool == NULL)
		return;
	drain(1, 20, 0, NULL);
	sent = send_from(0, txp, 32);
	rx = drain(1, 300, 0, NULL);
	if (strict) {
		CHECK(sent == 32 && rx == 0 &&
		      test_xstat(0, "tx_dma_refused_packets") == ref0 + 32,
		      "strict: 32 frames from an unregistered pool refused and "
		      "counted (%u received, tx_dma_refused_packets +%" PRIu64
		      ")", rx, test_xstat(0, "tx_dma_refused_packets") - ref0);
		/* Never silent: one line for the queue, saying why. */
		CHECK(log_capture_count(0, "port 0 txq 0: packet dropped",
					"strict mode") == 1,
		      "strict: the refusal is logged once, with the reason");
		rte_eth_dev_stop(0);
		CHECK(map_mempool(0, txp) == 0,
		      "strict: the pool registered with the port stopped");
		rte_eth_dev_start(0);
		rte_delay_ms(50);
		drain(1, 20, 0, NULL);
		sent = send_from(0, txp, 32);
		rx = drain(1, 300, 0, NULL);
		CHECK(rx == 32 && test_xstat(0, "tx_dma_refused_packets") ==
		      ref0 + 32, "strict: the registered pool sends (%u of "
		      "%u received)", rx, sent);
	} else {
		CHECK(sent == 32 && rx == 32 &&
		      test_xstat(0, "tx_dma_refused_packets") == ref0,
		      "%s: the frames of a pool the port never saw go out "
		      "(%s; %u of %u received)", mode_name, shadow ?
		      "copied into the TX shadow" : "mapped on first use",
		      rx, sent);
	}
	CHECK(faults_now() == f0, "no IOMMU fault from TX-pool handling");
	/* Sent mbufs are freed lazily; stopping the port frees the rest. */
	rte_eth_dev_stop(0);
	CHECK(rte_mempool_avail_count(txp) == 1024,
	      "every mbuf of the TX-only pool came back (%u of 1024)",
	      rte_mempool_avail_count(txp));
	rte_eth_dev_start(0);
	rte_delay_ms(50);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * A descriptor that points outside the mapped set.
 *
 * Runs under devtools/ixemu with DPDK's own net_ixgbe on two cabled ports.
 * The RX descriptor that port 1 will fill next is rewritten to point at a
 * canary page that the IOMMU does not map; port 0 then sends frames.  The
 * test shows that the IOMMU fault is recorded (IOVA, direction, function),
 * that the canary bytes are unchanged, and that the process carries on:
 * port 0 keeps transmitting and both ports stop and close cleanly.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "ix82599_rxtx.h"
#include "ixemu.h"
#include "test_check.h"
#include "../dma/test_ports.h"
#include "../test_eal_args.h"

#define NB_DESC 512
#define CANARY 0xa5

typedef uint32_t (*peek_fn)(unsigned int, uint32_t);
typedef uint64_t (*fault_log_fn)(struct ixemu_fault *, size_t);


static unsigned int
send_frames(struct rte_mempool *mp, unsigned int n)
{
	struct rte_mbuf *pkts[32];
	unsigned int i, sent;

	if (n > 32)
		n = 32;
	for (i = 0; i < n; i++) {
		struct rte_ether_hdr *eh;

		pkts[i] = rte_pktmbuf_alloc(mp);
		if (pkts[i] == NULL)
			break;
		eh = rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);
		memset(eh, 0x11, 64);
		memset(&eh->dst_addr, 0xff, sizeof(eh->dst_addr));
		eh->ether_type = rte_cpu_to_be_16(0x88b5);
		pkts[i]->data_len = pkts[i]->pkt_len = 64;
	}
	n = i;
	sent = rte_eth_tx_burst(0, 0, pkts, (uint16_t)n);
	for (i = sent; i < n; i++)
		rte_pktmbuf_free(pkts[i]);
	return sent;
}

int
main(int argc, char **argv)
{
	peek_fn peek = (peek_fn)dlsym(RTLD_DEFAULT, "ixemu_peek_reg");
	fault_log_fn fault_log = (fault_log_fn)dlsym(RTLD_DEFAULT,
						     "ixemu_fault_log");
	struct ixemu_fault faults[16];
	struct rte_eth_stats st;
	struct rte_mempool *mp;
	volatile uint64_t *ring;
	uint8_t *canary;
	uint64_t nfaults, ring_iova;
	uint32_t head;
	unsigned int i, intact, sent;
	bool found = false;
	int ret0, ret1;

	if (peek == NULL || fault_log == NULL) {
		fprintf(stderr, "run me under devtools/ixemu\n");
		return 2;
	}
	test_eal_args(&argc, &argv);
	if (rte_eal_init(argc, argv) < 0)
		return 2;
	if (rte_eth_dev_count_avail() < 2) {
		fprintf(stderr, "need two ports\n");
		return 2;
	}
	mp = rte_pktmbuf_pool_create("fault_pool", 4096, 64, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (mp == NULL || test_port_setup(0, mp, 1, NB_DESC) != 0 ||
	    test_port_setup(1, mp, 1, NB_DESC) != 0) {
		fprintf(stderr, "port setup failed\n");
		return 2;
	}

	/* A page the IOMMU does not map: plain anonymous memory. */
	canary = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (canary == MAP_FAILED)
		return 2;
	memset(canary, CANARY, 4096);

	/* Port 1's RX ring and the descriptor the device fills next. */
	ring_iova = peek(1, IX_RDBAL(0)) | (uint64_t)peek(1, IX_RDBAH(0)) << 32;
	head = peek(1, IX_RDH(0));
	CHECK(ring_iova != 0 && head < NB_DESC,
	      "port 1 RX ring at IOVA 0x%" PRIx64 ", head %u", ring_iova, head);
	/* IOVA as VA: the ring's IOVA is its address. */
	ring = (volatile uint64_t *)(uintptr_t)ring_iova;
	ring[head * 2] = (uint64_t)(uintptr_t)canary;	/* packet buffer */
	ring[head * 2 + 1] = (uint64_t)(uintptr_t)canary + 2048; /* header */
	rte_wmb();

	sent = send_frames(mp, 8);
	CHECK(sent == 8, "port 0 sent %u frames towards the bad descriptor",
	      sent);
	rte_delay_ms(200);

	nfaults = fault_log(faults, 16);
	for (i = 0; i < nfaults && i < 16; i++) {
		printf("  fault: iova=0x%" PRIx64 " len=%" PRIu64 " %s %s %s\n",
		       faults[i].iova, faults[i].len,
		       faults[i].write ? "write" : "read", faults[i].function,
		       faults[i].what);
		if (faults[i].write && faults[i].iova >= (uintptr_t)canary &&
		    faults[i].iova < (uintptr_t)canary + 4096 &&
		    strcmp(faults[i].function, "0000:00:10.1") == 0)
			found = true;
	}
	CHECK(found, "the IOMMU recorded a write fault by 0000:00:10.1 at the canary page (%" PRIu64 " faults)",
	      nfaults);

	/* The device stopped the queue; the driver can see it. */
	CHECK(!(peek(1, IX_RXDCTL(0)) & IX_RXDCTL_ENABLE),
	      "port 1 RX queue 0 stopped (RXDCTL.ENABLE reads 0)");

	for (intact = 0; intact < 4096 && canary[intact] == CANARY; intact++)
		;
	CHECK(intact == 4096, "canary page unchanged (%u/4096 bytes intact)",
	      intact);

	/* The process carries on: port 0 still transmits. */
	sent = send_frames(mp, 8);
	rte_delay_ms(50);
	CHECK(rte_eth_stats_get(0, &st) == 0 && st.opackets >= 8,
	      "port 0 keeps working after the fault (opackets=%" PRIu64 ")",
	      st.opackets);
	ret0 = rte_eth_dev_stop(0);
	ret1 = rte_eth_dev_stop(1);
	CHECK(ret0 == 0 && ret1 == 0, "both ports stop (%d, %d)", ret0, ret1);
	ret0 = rte_eth_dev_close(0);
	ret1 = rte_eth_dev_close(1);
	/* net_ixgbe returns the count of interrupt callbacks it removed. */
	CHECK(ret0 >= 0 && ret1 >= 0, "both ports close (%d, %d)", ret0, ret1);
	rte_eal_cleanup();
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}

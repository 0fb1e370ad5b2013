/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * A DPDK secondary process that transmits from a pool of its own: it
 * attaches to the primary's ports, creates a pktmbuf pool (named after
 * its pid, so the primary never saw it), builds N frames that differ in
 * their sequence number and sends them on PORT's TX queue QUEUE, which
 * the primary leaves idle.
 *
 *   mp_tx [EAL options] --proc-type=secondary -- PORT QUEUE N SIZE
 *
 * Frame i: broadcast from 02:00:00:00:00:0b, ethertype 0x88b5, then the
 * bytes (i + k) & 0xff for k = 14 .. SIZE-1 (SIZE without FCS).  Prints
 * "sent N" and exits 0 when every frame was accepted by tx_burst within
 * 5 s; 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

static struct rte_mbuf *
make_frame(struct rte_mempool *mp, unsigned int seq, unsigned int size)
{
	static const uint8_t head[14] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x02, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x88, 0xb5,
	};
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	uint8_t *p;

	if (m == NULL)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)size);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memcpy(p, head, sizeof(head));
	for (unsigned int k = sizeof(head); k < size; k++)
		p[k] = (uint8_t)(seq + k);
	return m;
}

int
main(int argc, char **argv)
{
	unsigned int port, queue, n, size, sent = 0;
	struct rte_mempool *mp;
	char name[RTE_MEMPOOL_NAMESIZE];
	uint64_t deadline;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "mp_tx: EAL init failed\n");
		return 2;
	}
	argc -= ret;
	argv += ret;
	if (argc != 5 || rte_eal_process_type() != RTE_PROC_SECONDARY) {
		fprintf(stderr, "usage: mp_tx [EAL options] "
			"--proc-type=secondary -- PORT QUEUE N SIZE\n");
		return 2;
	}
	port = (unsigned int)atoi(argv[1]);
	queue = (unsigned int)atoi(argv[2]);
	n = (unsigned int)atoi(argv[3]);
	size = (unsigned int)atoi(argv[4]);
	if (!rte_eth_dev_is_valid_port((uint16_t)port) || size < 60 ||
	    size > 1514 || n == 0) {
		fprintf(stderr, "mp_tx: bad port, count or size\n");
		return 2;
	}
	snprintf(name, sizeof(name), "mp_tx_%d", (int)getpid());
	mp = rte_pktmbuf_pool_create(name, 2 * n + 64, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE,
				     (int)rte_socket_id());
	if (mp == NULL) {
		fprintf(stderr, "mp_tx: no pool: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	printf("pool %s at %p\n", name, (void *)mp);
	deadline = rte_get_timer_cycles() + 5 * rte_get_timer_hz();
	while (sent < n && rte_get_timer_cycles() < deadline) {
		struct rte_mbuf *m = make_frame(mp, sent, size);

		if (m == NULL)
			break;
		if (rte_eth_tx_burst((uint16_t)port, (uint16_t)queue, &m, 1) ==
		    1)
			sent++;
		else
			rte_pktmbuf_free(m);
	}
	printf("sent %u\n", sent);
	fflush(stdout);
	/* Give the device time to fetch the last frames before the pool
	 * goes away with the process. */
	rte_delay_ms(500);
	rte_eal_cleanup();
	return sent == n ? 0 : 1;
}

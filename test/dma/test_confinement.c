/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * DMA confinement of net_ixguard, proven on the emulated IOMMU.
 *
 * Two ports, each fed by its own mempool, run under devtools/ixemu with
 * the plugin and dma_isolation=<mode> (the first argument after "--").
 *   1. Mapped-set audit: port 0's IOMMU domain is exactly the pages of its
 *      rings and of its RX pool; no heap, no other pool, no other ring.
 *   2. A malicious device: function 0 makes DMA attacks (reads and
 *      writes) on secrets, the other port's rings and buffers, memory
 *      outside DPDK, straddling ranges, wrap-around, huge lengths, and
 *      after the other port was closed.  For each: did the IOMMU let it
 *      through, was the fault recorded, are the canary bytes unchanged.
 *   3. The driver never hands the device an address outside its domain:
 *      the platform audits every ring base and buffer address while
 *      traffic runs through stop/start, queue stop/start, reconfiguration,
 *      MTU changes and mempool exhaustion.
 * Prints one "attack <name> <dir> <blocked|THROUGH>" line per attack, for
 * test/dma/run_attacks.py to tabulate, and exits non-zero if a check
 * expected of the mode fails: in port and strict mode every attack must
 * be blocked; in shared mode (the EAL's default container) the test only
 * reports.
 */
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "ixemu.h"

#define NB_DESC 512
#define CANARY 0x5a
#define PAGE_2M (2ull << 20)

typedef int (*attack_fn)(unsigned int, uint64_t, uint64_t, int, void *);
typedef uint64_t (*fault_log_fn)(struct ixemu_fault *, size_t);
typedef int (*mappings_fn)(unsigned int, struct ixemu_mapping *, size_t);
typedef uint32_t (*peek_fn)(unsigned int, uint32_t);
typedef uint64_t (*audit_fn)(unsigned int, uint64_t *);

static attack_fn dma_attack;
static fault_log_fn fault_log;
static mappings_fn domain_mappings;
static peek_fn peek;
static audit_fn audit_violations;

static bool confined;	/* port or strict mode */
static int failures;
static unsigned int attacks, blocked;

#define CHECK(cond, ...) do {						\
	bool ok_ = (cond);						\
									\
	printf("%s: ", ok_ ? "ok" : "FAIL");				\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!ok_)							\
		failures++;						\
} while (0)

static struct rte_mempool *
make_pool(const char *name, unsigned int n)
{
	return rte_pktmbuf_pool_create(name, n, 0, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
}

static int
port_setup(uint16_t port, struct rte_mempool *mp, uint16_t nq)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(port, nq, nq, &conf);
	for (q = 0; ret == 0 && q < nq; q++) {
		ret = rte_eth_rx_queue_setup(port, q, NB_DESC, SOCKET_ID_ANY,
					     NULL, mp);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(port, q, NB_DESC,
						     SOCKET_ID_ANY, NULL);
	}
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	if (ret == 0)
		ret = rte_eth_promiscuous_enable(port);
	return ret;
}

/* Move traffic both ways; returns frames received. */
static unsigned int
traffic(struct rte_mempool *mp0, unsigned int rounds)
{
	struct rte_mbuf *pkts[32];
	unsigned int r, i, rx = 0;
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
	return rx;
}

/* ---- 1. the mapped set ---- */

struct range {
	uint64_t lo, hi;
};

static bool
covered(const struct range *allowed, unsigned int n, uint64_t lo, uint64_t hi)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (lo >= allowed[i].lo && hi <= allowed[i].hi)
			return true;
	return false;
}

static void
chunk_cb(struct rte_mempool *mp, void *opaque, struct rte_mempool_memhdr *m,
	 unsigned int idx)
{
	struct range *r = opaque;

	(void)mp;
	/* Page-rounded: the IOMMU maps whole pages (2 MiB or 4 KiB). */
	r[idx + 2].lo = RTE_ALIGN_FLOOR(m->iova, PAGE_2M);
	r[idx + 2].hi = RTE_ALIGN_CEIL(m->iova + m->len, PAGE_2M);
}

static void
audit_mapped_set(struct rte_mempool *mp0, struct rte_mempool *mp1,
		 const void *secret)
{
	struct ixemu_mapping maps[256];
	struct range allowed[64];
	uint64_t rx0 = peek(0, 0x1000) | (uint64_t)peek(0, 0x1004) << 32;
	uint64_t tx0 = peek(0, 0x6000) | (uint64_t)peek(0, 0x6004) << 32;
	uint64_t rx1 = peek(1, 0x1000) | (uint64_t)peek(1, 0x1004) << 32;
	struct rte_mbuf *m1 = rte_pktmbuf_alloc(mp1);
	unsigned int i, nallowed;
	int n;
	bool exact = true, has_rings, leaks = false;

	memset(allowed, 0, sizeof(allowed));
	allowed[0].lo = RTE_ALIGN_FLOOR(rx0, PAGE_2M);
	allowed[0].hi = RTE_ALIGN_CEIL(rx0 + 1, PAGE_2M);
	allowed[1].lo = RTE_ALIGN_FLOOR(tx0, PAGE_2M);
	allowed[1].hi = RTE_ALIGN_CEIL(tx0 + 1, PAGE_2M);
	nallowed = 2 + rte_mempool_mem_iter(mp0, chunk_cb, allowed);

	n = domain_mappings(0, maps, RTE_DIM(maps));
	CHECK(n > 0, "port 0's domain holds %d mappings", n);
	for (i = 0; i < (unsigned int)n && i < RTE_DIM(maps); i++) {
		bool ok = covered(allowed, nallowed, maps[i].iova,
				  maps[i].iova + maps[i].size);

		printf("  mapping iova=0x%" PRIx64 " size=0x%" PRIx64
		       " page=%u %s\n", maps[i].iova, maps[i].size,
		       1u << maps[i].page_shift, ok ? "" : "UNEXPECTED");
		exact &= ok;
		/* Nothing of port 1, nor the secret, may be inside. */
		if ((rx1 >= maps[i].iova && rx1 < maps[i].iova + maps[i].size) ||
		    ((uintptr_t)secret >= maps[i].iova &&
		     (uintptr_t)secret < maps[i].iova + maps[i].size) ||
		    (m1 != NULL && m1->buf_iova >= maps[i].iova &&
		     m1->buf_iova < maps[i].iova + maps[i].size))
			leaks = true;
	}
	has_rings = n > 0;
	if (!confined) {
		printf("# shared mode: the default container maps all DPDK "
		       "memory\n");
		rte_pktmbuf_free(m1);
		return;
	}
	CHECK(exact && has_rings, "every mapping lies within port 0's ring "
	      "pages or its RX pool's pages");
	CHECK(!leaks, "port 1's ring and buffers and the rte_malloc secret "
	      "are outside port 0's domain");
	rte_pktmbuf_free(m1);
}

/* ---- 2. attacks ---- */

static uint64_t
faults_now(void)
{
	struct ixemu_fault f;

	return fault_log(&f, 0);
}

/*
 * One attack by function fn.  For a write, the target bytes are compared
 * before and after; 'target' is the process address of the IOVA when the
 * test can read it (NULL otherwise).
 */
static void
attack(const char *name, unsigned int fn, uint64_t iova, uint64_t len,
       bool write, const void *target)
{
	static uint8_t buf[8192], before[8192];
	uint64_t f0 = faults_now();
	size_t cmp = len < sizeof(before) ? len : sizeof(before);
	bool unchanged = true, through;
	int ret;

	if (target != NULL)
		memcpy(before, target, cmp);
	memset(buf, 0xee, sizeof(buf));
	/*
	 * Shared mode lets most attacks through: write the bytes already
	 * there, so that reaching the memory is shown without corrupting
	 * the process.  Confined modes write a pattern, so a write that got
	 * through would show in the canary check.
	 */
	if (!confined && write && len <= sizeof(buf)) {
		if (target != NULL)
			memcpy(buf, target, cmp);
		else if (dma_attack(fn, iova, len, 0, buf) != 0)
			memset(buf, 0xee, sizeof(buf));
		f0 = faults_now();
	}
	ret = dma_attack(fn, iova, len, write,
			 len <= sizeof(buf) ? buf : NULL);
	through = ret == 0;
	if (write && target != NULL)
		unchanged = memcmp(before, target, cmp) == 0;
	attacks++;
	if (!through)
		blocked++;
	printf("attack %s %s %s\n", name, write ? "write" : "read",
	       through ? "THROUGH" : "blocked");
	if (!confined)
		return;
	CHECK(!through && faults_now() == f0 + 1,
	      "%s (%s): refused by the IOMMU, fault recorded", name,
	      write ? "write" : "read");
	if (write && target != NULL)
		CHECK(unchanged, "%s: target bytes unchanged", name);
}

static uint8_t bss_canary[4096] __rte_aligned(4096);

static void
run_attacks(struct rte_mempool *mp1, uint8_t *secret)
{
	uint64_t rx1 = peek(1, 0x1000) | (uint64_t)peek(1, 0x1004) << 32;
	uint64_t tx1 = peek(1, 0x6000) | (uint64_t)peek(1, 0x6004) << 32;
	uint64_t rx0 = peek(0, 0x1000) | (uint64_t)peek(0, 0x1004) << 32;
	struct ixemu_mapping maps[256];
	struct rte_mbuf *m1 = rte_pktmbuf_alloc(mp1);
	uint8_t *anon;
	uint64_t end = 0;
	int n, i;

	memset(bss_canary, CANARY, sizeof(bss_canary));
	anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(anon, CANARY, 4096);
	/* The end of the mapping that holds port 0's RX ring. */
	n = domain_mappings(0, maps, RTE_DIM(maps));
	for (i = 0; i < n; i++)
		if (rx0 >= maps[i].iova && rx0 < maps[i].iova + maps[i].size)
			end = maps[i].iova + maps[i].size;

	attack("rte_malloc-secret", 0, (uintptr_t)secret, 64, true, secret);
	attack("rte_malloc-secret", 0, (uintptr_t)secret, 64, false, NULL);
	attack("other-port-rx-ring", 0, rx1, 16, true, (void *)rx1);
	attack("other-port-rx-ring", 0, rx1, 16, false, NULL);
	attack("other-port-tx-ring", 0, tx1, 16, true, (void *)tx1);
	attack("other-port-tx-ring", 0, tx1, 16, false, NULL);
	if (m1 != NULL) {
		attack("other-port-buffer", 0, m1->buf_iova, 64, true,
		       m1->buf_addr);
		attack("other-port-buffer", 0, m1->buf_iova, 64, false, NULL);
	}
	attack("heap-outside-dpdk", 0, (uintptr_t)anon, 64, true, anon);
	attack("heap-outside-dpdk", 0, (uintptr_t)anon, 64, false, NULL);
	attack("program-data", 0, (uintptr_t)bss_canary, 64, true, bss_canary);
	attack("program-data", 0, (uintptr_t)bss_canary, 64, false, NULL);
	if (end != 0) {
		attack("own-ring-past-its-mapping", 0, end, 64, true, NULL);
		attack("straddling-end-of-mapping", 0, end - 32, 64, true,
		       NULL);
		attack("straddling-end-of-mapping", 0, end - 32, 64, false,
		       NULL);
	}
	attack("iova-wrap-around", 0, ~0ull - 31, 64, true, NULL);
	attack("iova-wrap-around", 0, ~0ull - 31, 64, false, NULL);
	attack("huge-length", 0, rx0, 1ull << 40, false, NULL);
	attack("null-page", 0, 0, 64, true, NULL);
	attack("kernel-address", 0, 0xffff888000000000ull, 64, false, NULL);
	rte_pktmbuf_free(m1);
	munmap(anon, 4096);
}

/* After port 1 is closed: its rings and pool are unmapped. */
static void
run_attacks_after_close(uint64_t old_rx1, uint64_t old_buf)
{
	attack("use-after-close-ring", 1, old_rx1, 16, true, NULL);
	attack("use-after-close-ring", 1, old_rx1, 16, false, NULL);
	if (old_buf != 0)
		attack("use-after-close-buffer", 1, old_buf, 64, true, NULL);
}

/* ---- 3. the driver only hands over mapped addresses ---- */

static void
audit_under_churn(struct rte_mempool *mp0)
{
	static struct rte_mbuf *hold[8192];
	uint64_t f0 = faults_now(), audited = 0, v;
	unsigned int rx, held;

	rx = traffic(mp0, 200);
	CHECK(rx > 0, "traffic: %u frames received", rx);
	/* Stop/start and queue stop/start. */
	rte_eth_dev_stop(0);
	rte_eth_dev_start(0);
	rte_eth_dev_rx_queue_stop(0, 0);
	rte_eth_dev_rx_queue_start(0, 0);
	rte_eth_dev_tx_queue_stop(0, 0);
	rte_eth_dev_tx_queue_start(0, 0);
	rx = traffic(mp0, 50);
	CHECK(rx > 0, "traffic after stop/start and queue stop/start: %u", rx);
	/* MTU change on a stopped port, then reconfigure with 2 queues. */
	rte_eth_dev_stop(0);
	CHECK(rte_eth_dev_set_mtu(0, 1400) == 0, "MTU 1400");
	CHECK(port_setup(0, mp0, 2) == 0, "port 0 reconfigured, 2 queues");
	traffic(mp0, 50);
	/* Mempool exhaustion: the application holds all but a few mbufs. */
	rte_eth_dev_stop(0);
	CHECK(port_setup(0, mp0, 1) == 0, "port 0 back to 1 queue");
	held = rte_mempool_avail_count(mp0) - 16;
	if (held > RTE_DIM(hold))
		held = RTE_DIM(hold);
	CHECK(rte_pktmbuf_alloc_bulk(mp0, hold, held) == 0,
	      "pool0 exhausted (%u mbufs held)", held);
	traffic(mp0, 50);
	rte_pktmbuf_free_bulk(hold, held);
	rx = traffic(mp0, 50);
	CHECK(rx > 0, "traffic after the pool refilled: %u frames", rx);
	v = audit_violations(0, &audited);
	CHECK(v == 0 && audited > 0, "port 0: %" PRIu64 " DMA addresses "
	      "audited, %" PRIu64 " outside the domain", audited, v);
	v = audit_violations(1, &audited);
	CHECK(v == 0, "port 1: %" PRIu64 " DMA addresses audited, %" PRIu64
	      " outside the domain", audited, v);
	CHECK(faults_now() == f0, "no IOMMU fault during the churn");
}

int
main(int argc, char **argv)
{
	struct rte_mempool *mp0, *mp1;
	struct rte_eth_stats st0, st1;
	uint64_t old_rx1, old_buf = 0;
	struct rte_mbuf *m;
	uint8_t *secret;
	int n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	dma_attack = (attack_fn)dlsym(RTLD_DEFAULT, "ixemu_dma_attack");
	fault_log = (fault_log_fn)dlsym(RTLD_DEFAULT, "ixemu_fault_log");
	domain_mappings = (mappings_fn)dlsym(RTLD_DEFAULT,
					     "ixemu_domain_mappings");
	peek = (peek_fn)dlsym(RTLD_DEFAULT, "ixemu_peek_reg");
	audit_violations = (audit_fn)dlsym(RTLD_DEFAULT,
					   "ixemu_audit_violations");
	if (!dma_attack || !fault_log || !domain_mappings || !peek ||
	    !audit_violations) {
		fprintf(stderr, "run me under devtools/ixemu\n");
		return 2;
	}
	n = rte_eal_init(argc, argv);
	if (n < 0)
		return 2;
	argc -= n;
	argv += n;
	if (argc < 2 || (strcmp(argv[1], "shared") != 0 &&
			 strcmp(argv[1], "port") != 0 &&
			 strcmp(argv[1], "strict") != 0)) {
		fprintf(stderr, "usage: ... -- shared|port|strict\n");
		return 2;
	}
	confined = strcmp(argv[1], "shared") != 0;
	printf("# mode %s\n", argv[1]);

	mp0 = make_pool("pool0", 4096);
	mp1 = make_pool("pool1", 4096);
	secret = rte_malloc("secret", 4096, 4096);
	if (mp0 == NULL || mp1 == NULL || secret == NULL)
		return 2;
	memset(secret, CANARY, 4096);
	if (rte_eth_dev_count_avail() != 2 || port_setup(0, mp0, 1) != 0 ||
	    port_setup(1, mp1, 1) != 0) {
		fprintf(stderr, "port setup failed\n");
		return 2;
	}

	audit_mapped_set(mp0, mp1, secret);
	run_attacks(mp1, secret);
	if (confined)
		audit_under_churn(mp0);

	/* Close port 1, then its device attacks what it used to own. */
	old_rx1 = peek(1, 0x1000) | (uint64_t)peek(1, 0x1004) << 32;
	m = rte_pktmbuf_alloc(mp1);
	if (m != NULL) {
		old_buf = m->buf_iova;
		rte_pktmbuf_free(m);
	}
	rte_eth_dev_stop(1);
	rte_eth_dev_close(1);
	run_attacks_after_close(old_rx1, old_buf);

	/* The process carries on: port 0 still transmits. */
	rte_eth_stats_get(0, &st0);
	traffic(mp0, 20);
	rte_delay_ms(50);
	rte_eth_stats_get(0, &st1);
	CHECK(st1.opackets > st0.opackets,
	      "port 0 still transmits after the attacks (%" PRIu64 " frames)",
	      st1.opackets - st0.opackets);
	printf("# %u attacks, %u blocked\n", attacks, blocked);
	rte_eth_dev_stop(0);
	rte_eth_dev_close(0);
	rte_eal_cleanup();
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}

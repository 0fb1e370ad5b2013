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
 *      MTU changes, mempool exhaustion and a hot-unplug and re-probe of
 *      port 1 (rte_dev_remove / rte_dev_probe).
 *   4. Attacks through the datapath: port 0's posted RX descriptors, and
 *      a TX descriptor put at its tail, point outside its domain.  The
 *      device's DMA is refused and the device stops the queue; the driver
 *      must count it (rx/tx_queue_dma_errors), restart the queue and move
 *      traffic again, without leaking an mbuf.
 *
 * With "-- <mode> --real-hw" (doc/dma-confinement.md, "Running on real
 * hardware") only the RX datapath attack runs, on two real 82599 ports
 * listed with -a, and the kernel's DMAR / AMD-Vi log is the evidence; no
 * ixemu_* function is called (on the emulated platform, whose IOMMU
 * prints its faults in the emulated /dev/kmsg as Linux does: the dry run
 * of the dma suite).
 *
 * Every attack the IOMMU refuses must also be seen by the driver: it
 * reads the kernel log (lib/dmaguard's fault watch), counts the fault in
 * the xstat iommu_faults and logs a line naming the device and the page.
 * Prints one "attack <name> <dir> <blocked|THROUGH> driver=<what the
 * driver counted>" line per attack, for test/dma/run_attacks.py to
 * tabulate, and exits non-zero if a check
 * expected of the mode fails: in port, strict and shadow mode every
 * attack must be blocked; in shared mode (the EAL's default container) the test only
 * reports.
 */
#include <dlfcn.h>
#include <link.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bus_pci_driver.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_memzone.h>
#include <rte_vfio.h>

#include "dma_attack_lib.h"
#include "log_capture.h"
#include "test_check.h"
#include "test_ports.h"

#define NB_DESC 512
#define PAGE_2M (2ull << 20)

/* Queue 0 registers (82599 datasheet 8.2.3.8, 8.2.3.9). */
#define REG_RDBAL	0x1000
#define REG_RDBAH	0x1004
#define REG_RDH		0x1010
#define REG_RDT		0x1018
#define REG_RXDCTL	0x1028
#define REG_TDBAL	0x6000
#define REG_TDBAH	0x6004
#define REG_TDH		0x6010
#define REG_TDT		0x6018
#define REG_TXDCTL	0x6028
#define QCTL_ENABLE	(1u << 25)
/* Legacy TX descriptor command bits: end of packet, insert FCS. */
#define TXD_EOP		(1u << 24)
#define TXD_IFCS	(1u << 25)

/*
 * The base of a ring of function fn as its registers hold it (bal:
 * REG_RDBAL or REG_TDBAL), read through the platform.
 */
static uint64_t
ring_base(unsigned int fn, uint32_t bal)
{
	return platform.peek_reg(fn, bal) |
	       (uint64_t)platform.peek_reg(fn, bal + 4) << 32;
}

static bool confined;	/* port, strict or shadow mode */
static bool shadow;	/* shadow mode: no application memory mapped */
static bool real_hw;	/* --real-hw: a real 82599 and a real IOMMU */
static bool dry_run;	/* --real-hw on the emulated platform */
static const char *mode_name;
static unsigned int attacks, blocked;

/*
 * Move traffic both ways; returns frames received.  The emulated device
 * runs in a thread of its own: on a loaded machine it may not run for a
 * while, and the rounds (200 us each) end before it sent anything.  So
 * when nothing arrived, poll for up to a second more: a device that does
 * not move frames at all still returns 0.
 */
static unsigned int
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

struct mz_find {
	uint64_t iova;
	struct range r;
};

static void
mz_find_cb(const struct rte_memzone *mz, void *arg)
{
	struct mz_find *f = arg;

	if (f->iova >= mz->iova && f->iova < mz->iova + mz->len) {
		f->r.lo = RTE_ALIGN_FLOOR(mz->iova, PAGE_2M);
		f->r.hi = RTE_ALIGN_CEIL(mz->iova + mz->len, PAGE_2M);
	}
}

/*
 * The pages of the memzone holding a ring base (page-rounded: the IOMMU
 * maps whole pages); the ring's memzone may cross a 2 MiB boundary.
 */
static struct range
ring_pages(uint64_t base)
{
	struct mz_find f = {
		.iova = base,
		.r = { RTE_ALIGN_FLOOR(base, PAGE_2M),
		       RTE_ALIGN_CEIL(base + 1, PAGE_2M) },
	};

	rte_memzone_walk(mz_find_cb, &f);
	return f.r;
}

/*
 * Shadow mode: the pages of port 0's RX and TX shadow areas (driver-owned
 * memzones the device writes frames into and reads frames from), which
 * take the place of the RX pool in its domain.
 */
static unsigned int
shadow_pages(struct range *r)
{
	static const char *const zones[] = {
		"eth_p0_q0_ixguard_rx_shadow", "eth_p0_q0_ixguard_tx_shadow",
	};
	const struct rte_memzone *mz;
	unsigned int i, n = 0;

	for (i = 0; i < RTE_DIM(zones); i++) {
		mz = rte_memzone_lookup(zones[i]);
		CHECK(mz != NULL, "shadow: memzone %s exists", zones[i]);
		if (mz == NULL)
			continue;
		r[n].lo = RTE_ALIGN_FLOOR(mz->iova, PAGE_2M);
		r[n].hi = RTE_ALIGN_CEIL(mz->iova + mz->len, PAGE_2M);
		n++;
	}
	return n;
}

static bool
in_mapping(const struct ixemu_mapping *m, uint64_t iova)
{
	return iova >= m->iova && iova < m->iova + m->size;
}

static void
audit_mapped_set(struct rte_mempool *mp0, struct rte_mempool *mp1,
		 const void *secret)
{
	struct ixemu_mapping maps[256];
	struct range allowed[64];
	uint64_t rx0 = ring_base(0, REG_RDBAL);
	uint64_t tx0 = ring_base(0, REG_TDBAL);
	uint64_t rx1 = ring_base(1, REG_RDBAL);
	struct rte_mbuf *m1 = rte_pktmbuf_alloc(mp1);
	struct rte_mbuf *m0 = rte_pktmbuf_alloc(mp0);
	unsigned int i, nallowed;
	int n;
	bool exact = true, has_rings, leaks = false, pool0_mapped = false;

	memset(allowed, 0, sizeof(allowed));
	allowed[0] = ring_pages(rx0);
	allowed[1] = ring_pages(tx0);
	if (shadow)
		nallowed = 2 + shadow_pages(allowed + 2);
	else
		nallowed = 2 + rte_mempool_mem_iter(mp0, chunk_cb, allowed);

	n = platform.domain_mappings(0, maps, RTE_DIM(maps));
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
		/* Shadow mode maps no application memory. */
		if (m0 != NULL && (in_mapping(&maps[i], m0->buf_iova) ||
				   in_mapping(&maps[i],
					      rte_mempool_virt2iova(m0))))
			pool0_mapped = true;
	}
	has_rings = n > 0;
	if (!confined) {
		printf("# shared mode: the default container maps all DPDK "
		       "memory\n");
		rte_pktmbuf_free(m1);
		rte_pktmbuf_free(m0);
		return;
	}
	CHECK(exact && has_rings, "every mapping lies within port 0's ring "
	      "pages or its %s pages", shadow ? "shadow areas'" :
	      "RX pool's");
	CHECK(!leaks, "port 1's ring and buffers and the rte_malloc secret "
	      "are outside port 0's domain");
	if (shadow)
		CHECK(m0 != NULL && !pool0_mapped, "shadow: port 0's RX pool "
		      "(an mbuf's header and buffer) is outside its domain");
	rte_pktmbuf_free(m1);
	rte_pktmbuf_free(m0);
}

/* ---- 2. attacks ---- */

/*
 * The driver's report of a fault by function fn on 'page'.  Port 0's
 * device (fn 0): the newest of the recent faults telemetry shows for the
 * port (/ixguard/dma_domain,0), as dpdk-telemetry.py would read it.
 * Function 1 attacks after its port was closed: its log line (lib/
 * dmaguard logs every fault, at most 10 lines per 5 s per domain), which
 * comes through the EAL's interrupt thread: waited for up to a second.
 */
static bool
driver_reported(size_t mark, unsigned int fn, bool write, uint64_t page)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz();
	char want[96], last[256];

	if (fn == 0)
		return telemetry_reported_fault(write, page);
	snprintf(want, sizeof(want), "the IOMMU refused a DMA %s by "
		 "0000:00:10.%u", write ? "write" : "read", fn);
	snprintf(last, sizeof(last), "at IOVA 0x%" PRIx64 " ", page);
	while (log_capture_count(mark, want, last) == 0) {
		if (rte_get_timer_cycles() > end)
			return false;
		rte_delay_ms(5);
	}
	return true;
}

/*
 * One attack by function fn.  For a write, the target bytes are compared
 * before and after; 'target' is the process address of the IOVA when the
 * test can read it (NULL otherwise).  'page': the page the IOMMU refuses
 * first (the IOVA's page unless the access starts in mapped memory).
 * Function 0 is port 0's device: the driver must count the fault
 * (xstat iommu_faults) and report it (telemetry); function 1 attacks
 * after its port was closed, when only the log line can say it.
 */
static void
attack(const char *name, unsigned int fn, uint64_t iova, uint64_t len,
       bool write, const void *target, uint64_t page)
{
	static uint8_t buf[8192], before[8192];
	uint64_t f0 = faults_now(), x1;
	uint64_t x0 = test_xstat(0, "iommu_faults");
	size_t cmp = len < sizeof(before) ? len : sizeof(before);
	size_t mark = log_capture_mark();
	bool unchanged = true, through, reported = false;
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
		else if (platform.dma_attack(fn, iova, len, 0, buf) != 0)
			memset(buf, 0xee, sizeof(buf));
		f0 = faults_now();
		x0 = test_xstat(0, "iommu_faults");
		mark = log_capture_mark();
	}
	ret = platform.dma_attack(fn, iova, len, write,
			 len <= sizeof(buf) ? buf : NULL);
	through = ret == 0;
	if (write && target != NULL)
		unchanged = memcmp(before, target, cmp) == 0;
	if (!through)
		reported = driver_reported(mark, fn, write, page);
	x1 = test_xstat(0, "iommu_faults");
	attacks++;
	if (!through)
		blocked++;
	printf("attack %s %s %s driver=%s\n", name, write ? "write" : "read",
	       through ? "THROUGH" : "blocked", through ? "-" :
	       fn != 0 ? (reported ? "logged" : "NOTHING") :
	       x1 == x0 + 1 && reported ? "iommu_faults+1,telemetry" :
	       "WRONG");
	if (!through) {
		/* In every mode: shared blocks what DPDK did not map. */
		CHECK(reported, "%s (%s): the driver reported the fault by "
		      "0000:00:10.%u at 0x%" PRIx64 " (%s)", name,
		      write ? "write" : "read", fn, page,
		      fn == 0 ? "telemetry" : "log line");
		if (fn == 0)
			CHECK(x1 == x0 + 1, "%s: the driver counted it "
			      "(iommu_faults %" PRIu64 " -> %" PRIu64 ")",
			      name, x0, x1);
	}
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
	uint64_t rx1 = ring_base(1, REG_RDBAL);
	uint64_t tx1 = ring_base(1, REG_TDBAL);
	uint64_t rx0 = ring_base(0, REG_RDBAL);
	struct ixemu_mapping maps[256];
	struct rte_mbuf *m1 = rte_pktmbuf_alloc(mp1);
	uint8_t *anon;
	uint64_t end = 0, map_end = 0;
	int n, i;

	memset(bss_canary, CANARY, sizeof(bss_canary));
	anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(anon, CANARY, 4096);
	/*
	 * The end of the mapping that holds port 0's RX ring (map_end), and
	 * of the run of mappings without a gap it starts (end: mappings of
	 * different page sizes may follow each other), where the IOMMU
	 * refuses first.  The shared container maps DPDK's memory a 2 MiB
	 * page at a time: past the ring's mapping is other DPDK memory.
	 */
	n = platform.domain_mappings(0, maps, RTE_DIM(maps));
	for (i = 0; i < n; i++) {
		if (end != 0 && maps[i].iova == end) {
			end += maps[i].size;
		} else if (rx0 >= maps[i].iova &&
			   rx0 < maps[i].iova + maps[i].size) {
			end = maps[i].iova + maps[i].size;
			map_end = end;
		}
	}
	if (confined)
		map_end = end;	/* what is next to the ring is ours too */

	attack("rte_malloc-secret", 0, (uintptr_t)secret, 64, true, secret,
	       PG(secret));
	attack("rte_malloc-secret", 0, (uintptr_t)secret, 64, false, NULL,
	       PG(secret));
	attack("other-port-rx-ring", 0, rx1, 16, true, (void *)rx1, PG(rx1));
	attack("other-port-rx-ring", 0, rx1, 16, false, NULL, PG(rx1));
	attack("other-port-tx-ring", 0, tx1, 16, true, (void *)tx1, PG(tx1));
	attack("other-port-tx-ring", 0, tx1, 16, false, NULL, PG(tx1));
	if (m1 != NULL) {
		attack("other-port-buffer", 0, m1->buf_iova, 64, true,
		       m1->buf_addr, PG(m1->buf_iova));
		attack("other-port-buffer", 0, m1->buf_iova, 64, false, NULL,
		       PG(m1->buf_iova));
	}
	attack("heap-outside-dpdk", 0, (uintptr_t)anon, 64, true, anon,
	       PG(anon));
	attack("heap-outside-dpdk", 0, (uintptr_t)anon, 64, false, NULL,
	       PG(anon));
	attack("program-data", 0, (uintptr_t)bss_canary, 64, true, bss_canary,
	       PG(bss_canary));
	attack("program-data", 0, (uintptr_t)bss_canary, 64, false, NULL,
	       PG(bss_canary));
	if (end != 0) {
		attack("own-ring-past-its-mapping", 0, map_end, 64, true,
		       NULL, end);
		attack("straddling-end-of-mapping", 0, map_end - 32, 64, true,
		       NULL, end);
		attack("straddling-end-of-mapping", 0, map_end - 32, 64, false,
		       NULL, end);
		/* Refused at the first page after the ring's run. */
		attack("huge-length", 0, rx0, 1ull << 40, false, NULL, end);
	}
	attack("iova-wrap-around", 0, ~0ull - 31, 64, true, NULL,
	       PG(~0ull - 31));
	attack("iova-wrap-around", 0, ~0ull - 31, 64, false, NULL,
	       PG(~0ull - 31));
	attack("null-page", 0, 0, 64, true, NULL, 0);
	attack("kernel-address", 0, 0xffff888000000000ull, 64, false, NULL,
	       0xffff888000000000ull);
	rte_pktmbuf_free(m1);
	munmap(anon, 4096);
}

/* After port 1 is closed: its rings and pool are unmapped. */
static void
run_attacks_after_close(uint64_t old_rx1, uint64_t old_buf)
{
	attack("use-after-close-ring", 1, old_rx1, 16, true, NULL,
	       PG(old_rx1));
	attack("use-after-close-ring", 1, old_rx1, 16, false, NULL,
	       PG(old_rx1));
	if (old_buf != 0)
		attack("use-after-close-buffer", 1, old_buf, 64, true, NULL,
		       PG(old_buf));
}

/* ---- 3. the driver only hands over mapped addresses ---- */

static uint16_t replug_port1(struct rte_mempool *mp1);
static unsigned int send_from(uint16_t port, struct rte_mempool *mp,
			      unsigned int n);
static unsigned int drain(uint16_t port, unsigned int ms, uint8_t pattern,
			  unsigned int *with);

static void
audit_under_churn(struct rte_mempool *mp0, struct rte_mempool *mp1)
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
	CHECK(test_port_setup(0, mp0, 2, NB_DESC) == 0,
	      "port 0 reconfigured, 2 queues");
	traffic(mp0, 50);
	/* Mempool exhaustion: the application holds all but a few mbufs. */
	rte_eth_dev_stop(0);
	CHECK(test_port_setup(0, mp0, 1, NB_DESC) == 0,
	      "port 0 back to 1 queue");
	held = rte_mempool_avail_count(mp0) - 16;
	if (held > RTE_DIM(hold))
		held = RTE_DIM(hold);
	CHECK(rte_pktmbuf_alloc_bulk(mp0, hold, held) == 0,
	      "pool0 exhausted (%u mbufs held)", held);
	traffic(mp0, 50);
	rte_pktmbuf_free_bulk(hold, held);
	rx = traffic(mp0, 50);
	CHECK(rx > 0, "traffic after the pool refilled: %u frames", rx);
	/* Port close and reopen: port 1 hot-unplugged and probed again. */
	if (replug_port1(mp1) == 1) {
		send_from(1, mp1, 64);
		rx = drain(0, 200, 0, NULL);
		CHECK(rx > 0, "port 0 receives from the re-probed port 1: %u",
		      rx);
		rx = traffic(mp0, 50);
		CHECK(rx > 0, "the re-probed port 1 receives: %u frames", rx);
	}
	v = platform.audit_violations(0, &audited);
	CHECK(v == 0 && audited > 0, "port 0: %" PRIu64 " DMA addresses "
	      "audited, %" PRIu64 " outside the domain", audited, v);
	v = platform.audit_violations(1, &audited);
	CHECK(v == 0, "port 1: %" PRIu64 " DMA addresses audited, %" PRIu64
	      " outside the domain", audited, v);
	CHECK(faults_now() == f0, "no IOMMU fault during the churn");
}

/* ---- 4. attacks through the datapath, which the driver must notice ---- */

/*
 * The port's BAR0, mapped by the PMD: the test reads the ring registers
 * (and, for the TX attack, rings a doorbell) the way the device sees
 * them.  Works on the emulated platform and on a real 82599 alike.
 */
static volatile uint32_t *
bar0(uint16_t port)
{
	struct rte_eth_dev_info info;
	const struct rte_pci_device *pci;

	if (rte_eth_dev_info_get(port, &info) != 0 || info.device == NULL)
		return NULL;
	pci = RTE_DEV_TO_PCI_CONST(info.device);
	return pci->mem_resource[0].addr;
}

static uint32_t
reg_rd(uint16_t port, uint32_t off)
{
	volatile uint32_t *bar = bar0(port);

	return bar != NULL ? bar[off / 4] : 0xffffffffu;
}

/* Send n 64-byte frames from 'port' out of pool mp; returns sent. */
static unsigned int
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

/*
 * Receive and free what arrives on 'port' for ms milliseconds; counts
 * the frames that carry 'pattern' in their first 16 bytes.
 */
static unsigned int
drain(uint16_t port, unsigned int ms, uint8_t pattern, unsigned int *with)
{
	struct rte_mbuf *pkts[32];
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;
	unsigned int rx = 0;
	uint16_t n, i;

	do {
		n = rte_eth_rx_burst(port, 0, pkts, 32);
		for (i = 0; i < n; i++) {
			const uint8_t *d = rte_pktmbuf_mtod(pkts[i],
							    const uint8_t *);
			unsigned int j;

			for (j = 0; j < 16 && j < pkts[i]->data_len &&
			     d[j] == pattern; j++)
				;
			if (with != NULL && j == 16)
				(*with)++;
		}
		rx += n;
		rte_pktmbuf_free_bulk(pkts, n);
		if (n == 0)
			rte_delay_us(200);
	} while (rte_get_timer_cycles() < end);
	return rx;
}

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
static void
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

/* ---- The kernel log (real hardware): DMAR / AMD-Vi fault lines ---- */

static int
kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);	/* only what is logged from now on */
	return fd;
}

/*
 * Read the records logged since kmsg_open(); count the IOMMU fault lines
 * that name the device (Intel: "DMAR: [DMA Write ...] Request device
 * [03:00.0] fault addr 0x...", AMD: "vfio-pci 0000:03:00.0: AMD-Vi: Event
 * logged [IO_PAGE_FAULT domain=... address=0x...]").  *addr_seen: one of
 * them names the page 'page'.
 */
static unsigned int
kmsg_faults(int fd, const char *bdf, uint64_t page, bool *addr_seen)
{
	char rec[2048], shortbdf[16], addr[32];
	unsigned int found = 0;
	ssize_t n;

	*addr_seen = false;
	/* "0000:03:00.0" -> "03:00.0", as DMAR prints it. */
	snprintf(shortbdf, sizeof(shortbdf), "%s",
		 strlen(bdf) > 5 ? bdf + 5 : bdf);
	snprintf(addr, sizeof(addr), "%" PRIx64, page >> 12);
	for (;;) {
		const char *msg;

		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten: go on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg != NULL ? msg + 1 : rec;
		if ((strstr(msg, "DMAR: [DMA Write") == NULL &&
		     strstr(msg, "DMAR: [DMA Read") == NULL &&
		     strstr(msg, "AMD-Vi: Event logged [IO_PAGE_FAULT") ==
		     NULL) ||
		    (strstr(msg, bdf) == NULL && strstr(msg, shortbdf) == NULL))
			continue;
		found++;
		printf("  kernel: %s", msg);
		/* The page number, in the address the IOMMU reported. */
		if (strstr(msg, addr) != NULL)
			*addr_seen = true;
	}
	return found;
}

/*
 * RX: every descriptor port 0 posted is rewritten to point at 'target'
 * (outside port 0's domain in port and strict modes), then port 1 sends.
 * The device's packet write is refused by the IOMMU and the device stops
 * the queue; the driver must notice (rx_queue_dma_errors), restart the
 * queue and receive again, without leaking an mbuf.
 */
static void
dp_rx_attack(const char *name, struct rte_mempool *mp0,
	     struct rte_mempool *mp1, uint8_t *target, int kfd)
{
	static uint8_t before[4096];
	uint64_t target_iova = rte_mem_virt2iova(target);
	uint64_t f0 = 0, e0, e1 = 0, i0, i1, ring_iova, page;
	volatile uint64_t *ring;
	unsigned int in_use, i, forged = 0, rx, sent;
	uint32_t head, tail;
	bool through, unchanged, restarted = false, addr_seen = false;
	const char *fn = "0000:00:10.0";
	char drv[64];

	if (target_iova == RTE_BAD_IOVA)	/* not DPDK memory */
		target_iova = (uintptr_t)target;	/* IOVA as VA */
	page = target_iova & ~4095ull;
	drain(0, 20, 0, NULL);
	drain(1, 20, 0, NULL);
	memcpy(before, target, sizeof(before));
	in_use = rte_mempool_in_use_count(mp0);
	e0 = test_xstat(0, "rx_queue_dma_errors");
	i0 = test_xstat(0, "iommu_faults");
	if (!real_hw)
		f0 = faults_now();
	else
		fn = test_port_name(0);

	ring_iova = reg_rd(0, REG_RDBAL) |
		    (uint64_t)reg_rd(0, REG_RDBAH) << 32;
	ring = rte_mem_iova2virt(ring_iova);
	head = reg_rd(0, REG_RDH);
	tail = reg_rd(0, REG_RDT);
	if (ring == NULL || head >= NB_DESC || tail >= NB_DESC) {
		CHECK(false, "%s: port 0 RX ring at IOVA 0x%" PRIx64
		      " head %u tail %u", name, ring_iova, head, tail);
		return;
	}
	/* Read format: dword 0-1 the packet buffer, 2-3 the header. */
	for (i = head; i != tail; i = (i + 1) % NB_DESC, forged++)
		ring[i * 2] = target_iova;
	rte_wmb();
	printf("# %s: %u posted RX descriptors of port 0 now point at "
	       "0x%" PRIx64 "\n", name, forged, target_iova);

	/*
	 * A frame for every forged descriptor and more: a real 82599 uses
	 * the descriptors it cached first, and is not told that a write
	 * was refused, so it goes on through all of them.
	 */
	sent = send_from(1, mp1, forged + 64);
	/* Poll port 0 (the burst acknowledges the driver's fence). */
	for (i = 0; i < 40; i++) {
		drain(0, 50, 0, NULL);
		e1 = test_xstat(0, "rx_queue_dma_errors");
		restarted = e1 > e0 && (reg_rd(0, REG_RXDCTL) & QCTL_ENABLE);
		if (restarted || (real_hw && i >= 20))
			break;
	}
	unchanged = memcmp(before, target, sizeof(before)) == 0;
	through = !unchanged;
	i1 = test_xstat(0, "iommu_faults");
	snprintf(drv, sizeof(drv), "rx_queue_dma_errors+%" PRIu64
		 ",iommu_faults+%" PRIu64, e1 - e0, i1 - i0);
	if (!real_hw) {
		bool f = fault_on(f0, fn, page, 1);

		through = through || !f;
		printf("attack %s write %s driver=%s\n", name,
		       through ? "THROUGH" : "blocked", through ? "-" : drv);
		attacks++;
		blocked += !through;
		if (!confined && through) {
			/* Shared: the frame landed there; resync the queue. */
			rte_eth_dev_rx_queue_stop(0, 0);
			rte_eth_dev_rx_queue_start(0, 0);
			return;
		}
		CHECK(f, "%s: %u frames sent; the IOMMU refused function "
		      "%s's write to the target page and recorded it", name,
		      sent, fn);
	} else {
		unsigned int k = kmsg_faults(kfd, fn, page, &addr_seen);

		printf("attack %s write %s driver=%s\n", name,
		       unchanged ? "blocked" : "THROUGH", drv);
		CHECK(k > 0, "%s: %u frames sent; the kernel logged %u IOMMU "
		      "fault line(s) for %s%s", name, sent, k, fn,
		      addr_seen ? ", at the target page" : "");
	}
	CHECK(unchanged, "%s: the target page is unchanged", name);
	/* The driver reads the same kernel log (lib/dmaguard). */
	CHECK(i1 > i0, "%s: the driver counted the IOMMU fault(s) "
	      "(iommu_faults %" PRIu64 " -> %" PRIu64 ")", name, i0, i1);
	if (real_hw) {
		/*
		 * A refused posted write is not reported to the 82599: the
		 * queue usually keeps running; the count is informational.
		 */
		printf("# %s: rx_queue_dma_errors %" PRIu64 " -> %" PRIu64
		       " (informational on real hardware)\n", name, e0, e1);
	} else {
		CHECK(e1 == e0 + 1, "%s: the driver counted the stopped queue "
		      "(rx_queue_dma_errors %" PRIu64 " -> %" PRIu64 ")",
		      name, e0, e1);
		CHECK(restarted, "%s: the driver restarted the queue "
		      "(RXDCTL.ENABLE reads 1)", name);
	}
	send_from(1, mp1, 64);
	rx = drain(0, 200, 0, NULL);
	CHECK(rx > 0, "%s: port 0 receives again after the recovery (%u "
	      "frames)", name, rx);
	if (!real_hw)
		CHECK(rte_mempool_in_use_count(mp0) == in_use,
		      "%s: no mbuf leaked (pool0: %u in use before, %u "
		      "after)", name, in_use, rte_mempool_in_use_count(mp0));
}

/*
 * TX (emulated platform): a descriptor port 0's driver never wrote is put
 * at the tail of its TX ring, pointing at 'target', and the doorbell is
 * rung past it: the device's read of the buffer is refused, the queue
 * stops, and the driver must count it, restart the queue and transmit
 * again.  Port 1 must not receive the target's bytes.
 */
static void
dp_tx_attack(const char *name, struct rte_mempool *mp0, uint8_t *target)
{
	uint64_t target_iova = rte_mem_virt2iova(target);
	uint64_t f0, e0, e1 = 0, i0, i1, ring_iova;
	volatile uint32_t *bar = bar0(0);
	volatile uint64_t *ring;
	unsigned int i, leaked = 0, rx;
	uint32_t tdt;
	bool f, through, restarted = false;

	drain(1, 20, 0, NULL);
	for (i = 0; i < 100 && reg_rd(0, REG_TDH) != reg_rd(0, REG_TDT); i++)
		rte_delay_ms(1);
	f0 = faults_now();
	e0 = test_xstat(0, "tx_queue_dma_errors");
	i0 = test_xstat(0, "iommu_faults");
	ring_iova = reg_rd(0, REG_TDBAL) |
		    (uint64_t)reg_rd(0, REG_TDBAH) << 32;
	ring = rte_mem_iova2virt(ring_iova);
	tdt = reg_rd(0, REG_TDT);
	if (bar == NULL || ring == NULL || tdt >= NB_DESC) {
		CHECK(false, "%s: port 0 TX ring at IOVA 0x%" PRIx64 " tail %u",
		      name, ring_iova, tdt);
		return;
	}
	ring[tdt * 2] = target_iova;
	ring[tdt * 2 + 1] = 64 | TXD_EOP | TXD_IFCS;	/* legacy, 64 bytes */
	rte_wmb();
	bar[REG_TDT / 4] = (tdt + 1) % NB_DESC;
	printf("# %s: TX descriptor %u of port 0 points at 0x%" PRIx64
	       ", doorbell rung\n", name, tdt, target_iova);
	/* Let the device fetch it before the driver writes that slot. */
	for (i = 0; i < 100 && !fault_on(f0, "0000:00:10.0",
					  target_iova & ~4095ull, 0) &&
		    reg_rd(0, REG_TDH) != (tdt + 1) % NB_DESC; i++)
		rte_delay_ms(5);
	for (i = 0; i < 40; i++) {
		send_from(0, mp0, 1);	/* the burst acknowledges the fence */
		drain(1, 50, CANARY, &leaked);
		e1 = test_xstat(0, "tx_queue_dma_errors");
		restarted = e1 > e0 && (reg_rd(0, REG_TXDCTL) & QCTL_ENABLE);
		if (restarted)
			break;
	}
	drain(1, 50, CANARY, &leaked);
	f = fault_on(f0, "0000:00:10.0", target_iova & ~4095ull, 0);
	through = !f || leaked > 0;
	i1 = test_xstat(0, "iommu_faults");
	if (through)
		printf("attack %s read THROUGH driver=-\n", name);
	else
		printf("attack %s read blocked driver=tx_queue_dma_errors+%"
		       PRIu64 ",iommu_faults+%" PRIu64 "\n", name, e1 - e0,
		       i1 - i0);
	attacks++;
	blocked += !through;
	if (!confined && through) {
		printf("# %s: port 1 received %u frame(s) with the target's "
		       "bytes\n", name, leaked);
		return;
	}
	CHECK(f, "%s: the IOMMU refused function 0000:00:10.0's read of the "
	      "target page and recorded it", name);
	CHECK(leaked == 0, "%s: port 1 received none of the target's bytes",
	      name);
	CHECK(e1 == e0 + 1, "%s: the driver counted the stopped queue "
	      "(tx_queue_dma_errors %" PRIu64 " -> %" PRIu64 ")", name, e0,
	      e1);
	CHECK(restarted, "%s: the driver restarted the queue (TXDCTL.ENABLE "
	      "reads 1)", name);
	CHECK(i1 > i0, "%s: the driver counted the IOMMU fault (iommu_faults "
	      "%" PRIu64 " -> %" PRIu64 ")", name, i0, i1);
	send_from(0, mp0, 64);
	rx = drain(1, 200, 0, NULL);
	CHECK(rx > 0, "%s: port 0 transmits again after the recovery (port "
	      "1 received %u)", name, rx);
}

/* ---- 5. hot-unplug and re-probe of port 1 ---- */

static uint16_t
replug_port1(struct rte_mempool *mp1)
{
	char devargs[128], name[RTE_DEV_NAME_MAX_LEN];
	struct rte_eth_dev_info info;
	uint16_t port = RTE_MAX_ETHPORTS;
	struct rte_device *dev;
	int ret;

	if (rte_eth_dev_info_get(1, &info) != 0)
		return port;
	dev = info.device;
	snprintf(name, sizeof(name), "%s", rte_dev_name(dev));
	rte_eth_dev_stop(1);
	rte_eth_dev_close(1);
	ret = rte_dev_remove(dev);
	CHECK(ret == 0 && !rte_eth_dev_is_valid_port(1),
	      "port 1 (%s) hot-unplugged: %d", name, ret);
	snprintf(devargs, sizeof(devargs), "%s,dma_isolation=%s", name,
		 mode_name);
	ret = rte_dev_probe(devargs);
	if (ret == 0)
		ret = rte_eth_dev_get_port_by_name(name, &port);
	CHECK(ret == 0 && port == 1, "%s probed again: port %u (%d)",
	      devargs, port, ret);
	if (ret == 0)
		CHECK(test_port_setup(port, mp1, 1, NB_DESC) == 0,
		      "port %u set up again", port);
	return port;
}

/*
 * --real-hw: the program touches only the devices the command line lists
 * with -a (exactly two), and refuses any other way of choosing devices.
 * Returns the number of -a entries, or -1 with a message.
 */
static int
allowlist(int argc, char **argv, char names[2][RTE_DEV_NAME_MAX_LEN])
{
	int i, n = 0;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *v = NULL;

		if (strcmp(argv[i], "-a") == 0 ||
		    strcmp(argv[i], "--allow") == 0)
			v = i + 1 < argc ? argv[++i] : "";
		else if (strncmp(argv[i], "--allow=", 8) == 0)
			v = argv[i] + 8;
		else if (strncmp(argv[i], "-a", 2) == 0)
			v = argv[i] + 2;
		else if (strcmp(argv[i], "-b") == 0 ||
			 strncmp(argv[i], "--block", 7) == 0 ||
			 strncmp(argv[i], "--vdev", 6) == 0 ||
			 strcmp(argv[i], "--no-pci") == 0 ||
			 strncmp(argv[i], "--proc-type", 11) == 0) {
			fprintf(stderr, "--real-hw: %s is not allowed: list "
				"the two ports with -a only\n", argv[i]);
			return -1;
		}
		if (v == NULL)
			continue;
		if (n == 2) {
			fprintf(stderr, "--real-hw: more than two -a\n");
			return -1;
		}
		snprintf(names[n], RTE_DEV_NAME_MAX_LEN, "%.*s",
			 (int)strcspn(v, ","), v);
		n++;
	}
	if (n != 2) {
		fprintf(stderr, "--real-hw: list exactly the two cabled 82599 "
			"ports with -a (found %d); nothing else is probed\n",
			n);
		return -1;
	}
	return n;
}

/* --real-hw: ports 0 and 1 must be the two allowlisted ixguard ports. */
static bool
ports_are_allowed(char names[2][RTE_DEV_NAME_MAX_LEN])
{
	struct rte_eth_dev_info info;
	uint16_t p;

	if (rte_eth_dev_count_avail() != 2)
		return false;
	for (p = 0; p < 2; p++) {
		const char *n;

		if (rte_eth_dev_info_get(p, &info) != 0 || info.device == NULL)
			return false;
		n = rte_dev_name(info.device);
		if ((strcmp(n, names[0]) != 0 && strcmp(n, names[1]) != 0) ||
		    strcmp(info.driver_name, "net_ixguard") != 0) {
			fprintf(stderr, "--real-hw: port %u is %s (%s), not "
				"an allowlisted net_ixguard port\n", p, n,
				info.driver_name);
			return false;
		}
	}
	return true;
}

/*
 * Real hardware: only the datapath attack a real NIC can be made to
 * perform (posted RX descriptors pointing outside the domain, traffic
 * from the peer port), with the kernel's IOMMU fault log as evidence.
 */
static int
run_real_hw(struct rte_mempool *mp0, struct rte_mempool *mp1, uint8_t *canary)
{
	unsigned int n;
	uint8_t *anon;
	int kfd;

	/*
	 * Without an IOMMU the forged addresses would reach physical
	 * memory: refuse vfio's no-IOMMU mode outright.
	 */
	if (rte_vfio_noiommu_is_enabled() != 0) {
		fprintf(stderr, "--real-hw: vfio is in no-IOMMU mode (or its "
			"state is unknown): refusing to forge DMA addresses\n");
		return 2;
	}
	if (rte_eal_iova_mode() != RTE_IOVA_VA) {
		fprintf(stderr, "--real-hw: run with --iova-mode=va (the "
			"forged addresses are virtual addresses no mapping "
			"covers)\n");
		return 2;
	}
	kfd = kmsg_open();
	if (kfd < 0) {
		fprintf(stderr, "--real-hw: cannot read /dev/kmsg: %s (root "
			"or CAP_SYSLOG needed)\n", strerror(errno));
		return 2;
	}
	printf("# real hardware: ports %s and %s, mode %s%s\n",
	       test_port_name(0), test_port_name(1), mode_name,
	       dry_run ? " (dry run on the emulated platform: its IOMMU logs "
	       "in the emulated /dev/kmsg)" : "");
	rte_delay_ms(2000);	/* link up on both ends */
	send_from(1, mp1, 32);
	n = drain(0, 500, 0, NULL);
	CHECK(n > 0, "port 1 -> port 0 traffic before the attacks: %u frames "
	      "(cable?)", n);
	/* DPDK memory outside port 0's domain: blocked in port/strict. */
	if (confined)
		dp_rx_attack("real-rx-forged-buffer-dpdk-heap", mp0, mp1,
			     canary, kfd);
	/* The kernel rate-limits fault messages (10 per 5 s by default). */
	if (confined && !dry_run)
		rte_delay_ms(6000);
	/* Memory outside DPDK: blocked in every mode, IOMMU on at all. */
	anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED)
		return 2;
	memset(anon, CANARY, 4096);
	dp_rx_attack("real-rx-forged-buffer-anon-page", mp0, mp1, anon, kfd);
	close(kfd);
	munmap(anon, 4096);
	printf("# xstats: port 0 rx_queue_dma_errors=%" PRIu64
	       " tx_dma_refused_packets=%" PRIu64 "\n",
	       test_xstat(0, "rx_queue_dma_errors"),
	       test_xstat(0, "tx_dma_refused_packets"));
	return 0;
}

int
main(int argc, char **argv)
{
	char allowed[2][RTE_DEV_NAME_MAX_LEN];
	struct rte_mempool *mp0, *mp1;
	struct rte_eth_stats st0, st1;
	uint64_t old_rx1, old_buf = 0;
	struct rte_mbuf *m;
	uint8_t *secret, *dp_canary;
	int n, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* The driver's log lines are evidence too (driver_logged()). */
	if (log_capture_start() != 0)
		return 2;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			break;
	for (; i < argc; i++)
		if (strcmp(argv[i], "--real-hw") == 0)
			real_hw = true;
	if (real_hw) {
		/* Before the EAL looks at any device. */
		if (allowlist(argc, argv, allowed) < 0)
			return 2;
		/*
		 * Reviewing this path on the emulated platform, whose IOMMU
		 * prints its faults in the emulated /dev/kmsg as Linux does:
		 * no platform function is called, the symbol only says
		 * where we are (no pause for the kernel's rate limit).
		 */
		dry_run = dlsym(RTLD_DEFAULT, "ixemu_fault_log") != NULL;
	} else {
		if (!platform_find(PLATFORM_DMA_ATTACK | PLATFORM_FAULT_LOG |
				   PLATFORM_DOMAIN_MAPPINGS |
				   PLATFORM_PEEK_REG |
				   PLATFORM_AUDIT_VIOLATIONS)) {
			fprintf(stderr, "run me under devtools/ixemu, or "
				"with --real-hw (doc/dma-confinement.md)\n");
			return 2;
		}
	}
	n = rte_eal_init(argc, argv);
	if (n < 0)
		return 2;
	argc -= n;
	argv += n;
	if (argc < 2 || !dma_mode_valid(argv[1]) ||
	    (argc > 2 && strcmp(argv[2], "--real-hw") != 0)) {
		fprintf(stderr, "usage: ... -- shared|port|strict|shadow "
			"[--real-hw]\n");
		return 2;
	}
	mode_name = argv[1];
	confined = strcmp(argv[1], "shared") != 0;
	shadow = strcmp(argv[1], "shadow") == 0;
	printf("# mode %s%s\n", argv[1], real_hw ? ", real hardware" : "");
	if (real_hw && !ports_are_allowed(allowed)) {
		rte_eal_cleanup();
		return 2;
	}

	mp0 = test_pool_create("pool0", 4096);
	mp1 = test_pool_create("pool1", 4096);
	secret = rte_malloc("secret", 4096, 4096);
	dp_canary = rte_malloc("dp_canary", 4096, 4096);
	if (mp0 == NULL || mp1 == NULL || secret == NULL || dp_canary == NULL)
		return 2;
	memset(secret, CANARY, 4096);
	memset(dp_canary, CANARY, 4096);
	if (!test_two_ports_setup(mp0, mp1, NB_DESC)) {
		fprintf(stderr, "port setup failed\n");
		return 2;
	}

	if (real_hw) {
		n = run_real_hw(mp0, mp1, dp_canary);
		if (n != 0)
			return n;
		goto out;
	}
	audit_mapped_set(mp0, mp1, secret);
	run_attacks(mp1, secret);
	if (confined)
		audit_under_churn(mp0, mp1);
	if (confined)
		tx_pool_checks();
	/* Attacks the driver sees: a queue the device stopped. */
	dp_rx_attack("datapath-rx-forged-buffer", mp0, mp1, dp_canary, -1);
	memset(dp_canary, CANARY, 4096);
	dp_tx_attack("datapath-tx-forged-buffer", mp0, dp_canary);

	/* Close port 1, then its device attacks what it used to own. */
	old_rx1 = ring_base(1, REG_RDBAL);
	m = rte_pktmbuf_alloc(mp1);
	if (m != NULL) {
		old_buf = m->buf_iova;
		rte_pktmbuf_free(m);
	}
	rte_eth_dev_stop(1);
	rte_eth_dev_close(1);
	CHECK(rte_mempool_in_use_count(mp1) == 0, "port 1 closed: no mbuf "
	      "of pool1 left in use (%u)", rte_mempool_in_use_count(mp1));
	run_attacks_after_close(old_rx1, old_buf);
out:
	/* The process carries on: port 0 still transmits. */
	rte_eth_stats_get(0, &st0);
	if (real_hw)
		send_from(0, mp0, 64);
	else
		traffic(mp0, 20);
	rte_delay_ms(50);
	rte_eth_stats_get(0, &st1);
	CHECK(st1.opackets > st0.opackets,
	      "port 0 still transmits after the attacks (%" PRIu64 " frames)",
	      st1.opackets - st0.opackets);
	printf("# %u attacks, %u blocked\n", attacks, blocked);
	rte_eth_dev_stop(0);
	CHECK(rte_mempool_in_use_count(mp0) == 0, "port 0 stopped: no mbuf "
	      "of pool0 left in use (%u)", rte_mempool_in_use_count(mp0));
	rte_eth_dev_close(0);
	if (real_hw) {
		rte_eth_dev_stop(1);
		rte_eth_dev_close(1);
	}
	rte_eal_cleanup();
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * 2. A malicious device: function 0 makes DMA attacks (reads and writes)
 * through its IOMMU domain (ixemu_dma_attack()) on an rte_malloc secret,
 * the other port's rings and buffers, memory outside DPDK, the end of its
 * own mapping and ranges straddling it, wrap-around, a huge length, the
 * null page, a kernel address; and function 1, after its port was
 * closed, on what that port used to own.  For each: did the IOMMU let it
 * through, was the fault recorded, are the target bytes unchanged, and
 * did the driver count and report it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "confinement.h"
#include "log_capture.h"
#include "test_ports.h"

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

void
run_attacks(struct rte_mempool *mp1, uint8_t *secret)
{
	uint64_t rx1 = ring_base(1, IX_RDBAL(0));
	uint64_t tx1 = ring_base(1, IX_TDBAL(0));
	uint64_t rx0 = ring_base(0, IX_RDBAL(0));
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
void
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

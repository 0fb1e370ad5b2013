/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * dmaguard's IOMMU fault watch (dmaguard_faults.c, dmaguard_kmsg.c).
 *
 *  1. The parser, on kernel log records as the Linux versions a DPDK 22.11
 *     system runs print them: Intel VT-d (6.x, 5.14, 4.7-5.13, dmesg
 *     lines), AMD-Vi (dev_err with the record's DEVICE=, the older
 *     device= form), the rate limit's "callbacks suppressed", and records
 *     that are not faults or are broken.
 *  2. The watch, under devtools/ixemu with --no-pci: two port domains,
 *     one per function; the emulated device makes DMAs its domain does
 *     not map (ixemu_dma_attack()), the emulated IOMMU refuses them and
 *     prints them in the emulated /dev/kmsg, and dmaguard must count each
 *     in the right domain, keep it in the recent faults with its page,
 *     direction and device, and log it (through the EAL's interrupt
 *     thread, without a query), at most 10 lines per 5 s per domain.
 *  3. "-- --no-kmsg" (run with ixemu --kmsg off): the kernel log cannot
 *     be read; the watch must say so and count nothing rather than
 *     pretend.
 */
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_malloc.h>
#include <rte_memzone.h>
#include <rte_telemetry.h>
#include <rte_vfio.h>

#include "dmaguard.h"
#include "ixemu.h"
#include "log_capture.h"
#include "test_check.h"
#include "../test_eal_args.h"

typedef int (*attack_fn)(unsigned int, uint64_t, uint64_t, int, void *);

static attack_fn dma_attack;

/* ---- 1. the parser ---- */

struct parse_case {
	const char *what;
	const char *rec;
	int type;
	enum dmaguard_fault_dir dir;
	uint64_t iova;
	const char *dev;	/* "dddd:bb:dd.f" or "bb:dd.f" */
	uint64_t suppressed;
};

static const struct parse_case parse_cases[] = {
	{ "VT-d, Linux 6.x /dev/kmsg record",
	  "3,1402,1587809,-;DMAR: [DMA Write NO_PASID] Request device "
	  "[05:00.0] fault addr 0x69974000 [fault reason 0x05] PTE Write "
	  "access is not set\n",
	  DMAGUARD_KMSG_FAULT, DMAGUARD_FAULT_WRITE, 0x69974000, "05:00.0", 0 },
	{ "VT-d, Linux 5.14 (0x in the requester)",
	  "DMAR: [DMA Write NO_PASID] Request device [0x04:0x00.0] fault "
	  "addr 0x69974000 [fault reason 0x05] PTE Write access is not set",
	  DMAGUARD_KMSG_FAULT, DMAGUARD_FAULT_WRITE, 0x69974000, "04:00.0", 0 },
	{ "VT-d, Linux 4.7-5.13 (PASID, no 0x)",
	  "DMAR: [DMA Read] Request device [81:1f.7] PASID ffffffff fault "
	  "addr 7f3a5c000 [fault reason 06] PTE Read access is not set",
	  DMAGUARD_KMSG_FAULT, DMAGUARD_FAULT_READ, 0x7f3a5c000, "81:1f.7", 0 },
	{ "VT-d, a dmesg line with its timestamp",
	  "[    3.148561] DMAR: [DMA Read NO_PASID] Request device [00:02.0] "
	  "fault addr 0x0 [fault reason 0x06] PTE Read access is not set",
	  DMAGUARD_KMSG_FAULT, DMAGUARD_FAULT_READ, 0, "00:02.0", 0 },
	{ "AMD-Vi, dev_err() record with DEVICE=",
	  "3,88,5000,-;vfio-pci 0000:03:00.1: AMD-Vi: Event logged "
	  "[IO_PAGE_FAULT domain=0x000d address=0x7f0000123 flags=0x0020]\n"
	  " SUBSYSTEM=pci\n DEVICE=+pci:0000:03:00.1\n",
	  DMAGUARD_KMSG_FAULT, DMAGUARD_FAULT_WRITE, 0x7f0000123,
	  "0000:03:00.1", 0 },
	{ "AMD-Vi, device= (Linux 4.x), a read",
	  "AMD-Vi: Event logged [IO_PAGE_FAULT device=03:00.0 domain=0x000d "
	  "address=0x00000007f0000000 flags=0x0000]",
	  DMAGUARD_KMSG_FAULT, DMAGUARD_FAULT_READ, 0x7f0000000, "03:00.0", 0 },
	{ "AMD-Vi, device= with the PCI domain (Linux 6.x)",
	  "AMD-Vi: Event logged [IO_PAGE_FAULT device=0001:41:00.1 "
	  "domain=0x0002 address=0x1000 flags=0x0030]",
	  DMAGUARD_KMSG_FAULT, DMAGUARD_FAULT_WRITE, 0x1000, "0001:41:00.1", 0 },
	{ "the kernel's rate limit",
	  "4,2001,9000000,-;dmar_fault: 8 callbacks suppressed\n",
	  DMAGUARD_KMSG_SUPPRESSED, DMAGUARD_FAULT_UNKNOWN, 0, NULL, 8 },
	{ "AMD's rate limit",
	  "amd_iommu_report_page_fault: 123 callbacks suppressed",
	  DMAGUARD_KMSG_SUPPRESSED, DMAGUARD_FAULT_UNKNOWN, 0, NULL, 123 },
	{ "not a fault: the DRHD line",
	  "3,7,1,-;DMAR: DRHD: handling fault status reg 2\n",
	  DMAGUARD_KMSG_OTHER, 0, 0, NULL, 0 },
	{ "not a DMA fault: interrupt remapping",
	  "DMAR: [INTR-REMAP] Request device [f0:1f.0] fault index 0x4a "
	  "[fault reason 0x22] Present field in the IRTE entry is clear",
	  DMAGUARD_KMSG_OTHER, 0, 0, NULL, 0 },
	{ "broken: no address",
	  "DMAR: [DMA Write NO_PASID] Request device [05:00.0] fault addr ",
	  DMAGUARD_KMSG_OTHER, 0, 0, NULL, 0 },
	{ "broken: requester out of range",
	  "DMAR: [DMA Write NO_PASID] Request device [05:40.9] fault addr "
	  "0x1000 [fault reason 0x05] x",
	  DMAGUARD_KMSG_OTHER, 0, 0, NULL, 0 },
	{ "broken: AMD without a device",
	  "AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x1 address=0x1000 "
	  "flags=0x20]",
	  DMAGUARD_KMSG_OTHER, 0, 0, NULL, 0 },
	{ "a user's record that only looks alike",
	  "12,5,1,-;myapp: DMA Write fault addr 0x1000",
	  DMAGUARD_KMSG_OTHER, 0, 0, NULL, 0 },
	{ "empty", "", DMAGUARD_KMSG_OTHER, 0, 0, NULL, 0 },
};

static bool
dev_is(const struct dmaguard_fault *f, const char *want)
{
	char got[32];

	if (f->dev_has_domain)
		snprintf(got, sizeof(got), "%04x:%02x:%02x.%u", f->dev.domain,
			 f->dev.bus, f->dev.devid, f->dev.function);
	else
		snprintf(got, sizeof(got), "%02x:%02x.%u", f->dev.bus,
			 f->dev.devid, f->dev.function);
	return strcmp(got, want) == 0;
}

static void
test_parser(void)
{
	static char big[16384];
	struct dmaguard_fault f;
	uint64_t sup;
	unsigned int i;
	int t;

	for (i = 0; i < RTE_DIM(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		bool ok;

		t = dmaguard_kmsg_parse(c->rec, strlen(c->rec), &f, &sup);
		ok = t == c->type;
		if (ok && t == DMAGUARD_KMSG_FAULT)
			ok = f.dir == c->dir && f.iova == c->iova &&
			     dev_is(&f, c->dev);
		if (ok && t == DMAGUARD_KMSG_SUPPRESSED)
			ok = sup == c->suppressed;
		CHECK(ok, "parse: %s -> type %d (want %d)", c->what, t,
		      c->type);
	}
	t = dmaguard_kmsg_parse(parse_cases[0].rec, strlen(parse_cases[0].rec),
				&f, &sup);
	CHECK(t == DMAGUARD_KMSG_FAULT && f.seq == 1402 && f.usec == 1587809 &&
	      strcmp(f.iommu, "DMAR") == 0 &&
	      strcmp(f.reason, "PTE Write access is not set") == 0,
	      "parse: record number, time, IOMMU and reason (\"%s\")",
	      f.reason);
	/* Longer than any record, and not NUL-terminated. */
	memset(big, 'A', sizeof(big));
	t = dmaguard_kmsg_parse(big, sizeof(big), &f, &sup);
	CHECK(t == DMAGUARD_KMSG_OTHER, "parse: 16 KiB of junk -> other");
	/* The record cut in the middle of the address: nothing beyond len. */
	t = dmaguard_kmsg_parse(parse_cases[0].rec,
				strstr(parse_cases[0].rec, "0x6997") -
				parse_cases[0].rec + 6, &f, &sup);
	CHECK(t == DMAGUARD_KMSG_FAULT && f.iova == 0x6997,
	      "parse: only len bytes are read (address cut to 0x%" PRIx64 ")",
	      f.iova);
	CHECK(dmaguard_kmsg_parse(NULL, 0, &f, &sup) == -EINVAL,
	      "parse: NULL record -> -EINVAL");
}

/* ---- 2. the watch ---- */

static const char *
sysfs(void)
{
	const char *p = getenv("SYSFS_PCI_DEVICES");

	return p ? p : "/sys/bus/pci/devices";
}

static struct dmaguard_domain *
domain_for(const char *name, const char *pci, int *fd)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	struct dmaguard_domain *d = dmaguard_domain_create(name,
							   DMAGUARD_MODE_PORT);

	if (d == NULL || dmaguard_attach_name(d, pci) != 0 ||
	    rte_vfio_setup_device(sysfs(), pci, fd, &info) != 0) {
		fprintf(stderr, "%s: set-up failed\n", pci);
		exit(2);
	}
	return d;
}

static void
test_watch(void)
{
	const struct rte_memzone *mz;
	struct dmaguard_fault_counters c0, c1;
	struct dmaguard_fault rec[DMAGUARD_RECENT_FAULTS];
	struct dmaguard_domain *d0, *d1;
	uint8_t buf[64] = { 0 };
	char st[96], line[64];
	uint64_t target, t_end;
	int fd0, fd1, n, i;
	unsigned int seen;
	size_t mark = log_capture_mark();
	void *secret;

	d0 = domain_for("faults0", "0000:00:10.0", &fd0);
	d1 = domain_for("faults1", "0000:00:10.1", &fd1);
	mz = rte_memzone_reserve_aligned("fault_ring", 65536, SOCKET_ID_ANY,
					 RTE_MEMZONE_IOVA_CONTIG, 4096);
	secret = rte_malloc("secret", 4096, 4096);
	if (mz == NULL || secret == NULL || dmaguard_map_memzone(d1, mz,
								 NULL) != 0)
		exit(2);
	CHECK(dmaguard_fault_watch_status(st, sizeof(st)) == 1,
	      "watch: %s", st);

	/* Function 0 writes to a secret its domain does not hold. */
	target = rte_mem_virt2iova(secret) + 100;
	CHECK(dma_attack(0, target, 64, 1, buf) == -EFAULT,
	      "function 0's write to the secret refused by the IOMMU");
	/* Reported by the interrupt thread, before anyone asks. */
	snprintf(line, sizeof(line), "at IOVA 0x%" PRIx64,
		 target & ~(uint64_t)4095);
	t_end = rte_get_timer_cycles() + rte_get_timer_hz();
	do {
		rte_delay_ms(5);
		seen = log_capture_count(mark, "the IOMMU refused a DMA "
					 "write by 0000:00:10.0", line);
	} while (seen == 0 && rte_get_timer_cycles() < t_end);
	CHECK(seen == 1, "logged without a query: \"... write by "
	      "0000:00:10.0 %s ...\"", line);
	dmaguard_faults_get(d0, &c0);
	dmaguard_faults_get(d1, &c1);
	CHECK(c0.watched && c0.faults == 1 && c0.writes == 1 &&
	      c0.reads == 0 && c1.faults == 0,
	      "counted in function 0's domain only (%" PRIu64 "; other %"
	      PRIu64 ")", c0.faults, c1.faults);
	n = dmaguard_faults_recent(d0, rec, RTE_DIM(rec));
	CHECK(n == 1 && rec[0].iova == (target & ~4095ull) &&
	      rec[0].dir == DMAGUARD_FAULT_WRITE && rec[0].dev.bus == 0 &&
	      rec[0].dev.devid == 0x10 && rec[0].dev.function == 0 &&
	      strcmp(rec[0].reason, "PTE Write access is not set") == 0,
	      "recent: the page 0x%" PRIx64 ", a write, by 00:10.0, \"%s\"",
	      n > 0 ? rec[0].iova : 0, n > 0 ? rec[0].reason : "");

	/* Function 1 reads past the end of its ring's mapping. */
	CHECK(dma_attack(1, mz->iova + mz->len - 32, 64, 0, buf) == -EFAULT,
	      "function 1's read straddling its mapping refused");
	dmaguard_faults_get(d1, &c1);
	n = dmaguard_faults_recent(d1, rec, RTE_DIM(rec));
	CHECK(c1.faults == 1 && c1.reads == 1 && n == 1 &&
	      rec[0].iova == RTE_ALIGN_CEIL(mz->iova + mz->len - 32, 4096),
	      "function 1: one read fault, at the first page refused (0x%"
	      PRIx64 ")", n > 0 ? rec[0].iova : 0);

	/* Many: every one counted, at most 10 lines per 5 s per domain. */
	for (i = 0; i < 30; i++)
		dma_attack(1, 0x1000, 64, 1, buf);
	dmaguard_faults_get(d1, &c1);
	seen = log_capture_count(mark, "DMA write by 0000:00:10.1",
				 "at IOVA 0x1000");
	CHECK(c1.faults == 31 && c1.writes == 30 && seen <= 10 &&
	      c1.unlogged == 31 - 1 - seen,
	      "30 writes: 31 faults counted, %u lines logged, %" PRIu64
	      " not logged", seen, c1.unlogged);
	n = dmaguard_faults_recent(d1, rec, RTE_DIM(rec));
	CHECK(n == DMAGUARD_RECENT_FAULTS && rec[n - 1].iova == 0x1000,
	      "recent: the last %d kept", n);
	{
		struct rte_tel_data *td = rte_tel_data_alloc();

		CHECK(dmaguard_telemetry_fill(d1, td) == 0,
		      "telemetry with the fault counters filled");
		rte_tel_data_free(td);
	}

	dmaguard_unmap_all(d1);
	rte_vfio_release_device(sysfs(), "0000:00:10.0", fd0);
	rte_vfio_release_device(sysfs(), "0000:00:10.1", fd1);
	dmaguard_domain_destroy(d0);
	CHECK(dmaguard_fault_watch_status(st, sizeof(st)) == 1,
	      "still watching while a domain is left");
	dmaguard_domain_destroy(d1);
	CHECK(dmaguard_fault_watch_status(st, sizeof(st)) == 0,
	      "the last domain gone, the log is closed: %s", st);
}

/* ---- 3. no kernel log ---- */

static void
test_no_kmsg(void)
{
	struct dmaguard_fault_counters c;
	struct dmaguard_domain *d;
	uint8_t buf[64] = { 0 };
	char st[96];
	size_t mark = log_capture_mark();
	int fd;

	d = domain_for("nokmsg", "0000:00:10.0", &fd);
	CHECK(dmaguard_fault_watch_status(st, sizeof(st)) == 0 &&
	      strstr(st, "Permission denied") != NULL,
	      "watch off, and why: %s", st);
	CHECK(log_capture_count(mark, "IOMMU faults cannot be counted",
				"/dev/kmsg") == 1,
	      "one warning line says faults cannot be counted");
	CHECK(dma_attack(0, 0x1000, 64, 1, buf) == -EFAULT,
	      "the IOMMU still refuses the DMA");
	dmaguard_faults_get(d, &c);
	CHECK(!c.watched && c.faults == 0, "nothing counted, watched=false");
	rte_vfio_release_device(sysfs(), "0000:00:10.0", fd);
	dmaguard_domain_destroy(d);
}

int
main(int argc, char **argv)
{
	bool no_kmsg = false;
	int n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	dma_attack = (attack_fn)dlsym(RTLD_DEFAULT, "ixemu_dma_attack");
	if (dma_attack == NULL) {
		fprintf(stderr, "run me under devtools/ixemu\n");
		return 2;
	}
	test_eal_args(&argc, &argv);
	n = rte_eal_init(argc, argv);
	if (n < 0)
		return 2;
	no_kmsg = argc - n > 1 && strcmp(argv[n + 1], "--no-kmsg") == 0;
	if (log_capture_start() != 0)
		return 2;
	rte_log_set_level_pattern("lib.dmaguard", RTE_LOG_INFO);
	test_parser();
	if (no_kmsg)
		test_no_kmsg();
	else
		test_watch();
	rte_eal_cleanup();
	printf("%s: %d failure(s)\n", failures ? "FAILED" : "PASSED",
	       failures);
	return failures ? 1 : 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The IOMMU model against the Linux type-1 rules: overlapping maps fail,
 * unmaps may not bisect a mapping, the unmapped size is reported, and
 * translation honours permissions, holes and IOVA wrap-around.  Also the
 * IOTLB: repeated accesses hit, 4 KiB pages miss where 2 MiB pages hit,
 * and its fast path counts and translates exactly as the IOTLB does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommu.h"

static int failures;

#define CHECK(cond, what) do {						\
	if (!(cond)) {							\
		printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, what);	\
		failures++;						\
	} else {							\
		printf("ok: %s\n", what);				\
	}								\
} while (0)

#define MB2 (2ull << 20)

static void
test_map_rules(uint8_t *mem)
{
	struct iommu_domain d;
	uint64_t done;

	CHECK(iommu_domain_init(&d, 1, 64, 30) == 0, "domain init");
	CHECK(iommu_map(&d, 0x100000, 0x4000, mem, IOMMU_PROT_READ) == 0,
	      "map 16 KiB");
	CHECK(iommu_map(&d, 0x102000, 0x4000, mem, IOMMU_PROT_READ) == -EEXIST,
	      "overlapping map is -EEXIST");
	CHECK(iommu_map(&d, 0xff000, 0x2000, mem, IOMMU_PROT_READ) == -EEXIST,
	      "map overlapping the start is -EEXIST");
	CHECK(iommu_map(&d, 0x200001, 0x1000, mem, IOMMU_PROT_READ) == -EINVAL,
	      "unaligned IOVA is -EINVAL");
	CHECK(iommu_map(&d, 0x200000, 0, mem, IOMMU_PROT_READ) == -EINVAL,
	      "zero size is -EINVAL");
	CHECK(iommu_map(&d, ~0xfffull, 0x2000, mem, IOMMU_PROT_READ) == -EINVAL,
	      "IOVA wrap-around is -EINVAL");
	CHECK(iommu_map(&d, 0x104000, 0x1000, mem + 0x4000,
			IOMMU_PROT_READ | IOMMU_PROT_WRITE) == 0,
	      "adjacent map");
	CHECK(iommu_unmap(&d, 0x101000, 0x1000, &done) == -EINVAL,
	      "unmap bisecting a mapping is -EINVAL");
	CHECK(iommu_unmap(&d, 0x100000, 0x2000, &done) == -EINVAL,
	      "unmap ending inside a mapping is -EINVAL");
	CHECK(iommu_unmap(&d, 0x300000, 0x1000, &done) == 0 && done == 0,
	      "unmap of nothing reports size 0");
	CHECK(iommu_unmap(&d, 0x100000, 0x10000, &done) == 0 &&
	      done == 0x5000, "unmap of a superset reports both mappings");
	CHECK(d.nmaps == 0, "domain empty");
	iommu_domain_fini(&d);
}

static void
test_translate(uint8_t *mem)
{
	struct iommu_domain d;

	iommu_domain_init(&d, 2, 64, 30);
	iommu_map(&d, 0x10000, 0x2000, mem, IOMMU_PROT_READ);
	iommu_map(&d, 0x12000, 0x1000, mem + 0x2000,
		  IOMMU_PROT_READ | IOMMU_PROT_WRITE);
	CHECK(iommu_translate(&d, 0x10010, 16, IOMMU_PROT_READ) == mem + 0x10,
	      "read translation");
	CHECK(iommu_translate(&d, 0x10010, 16, IOMMU_PROT_WRITE) == NULL,
	      "write to a read-only mapping faults");
	CHECK(iommu_translate(&d, 0x11ff0, 0x20, IOMMU_PROT_READ) ==
	      mem + 0x1ff0, "access spanning two contiguous mappings");
	CHECK(iommu_translate(&d, 0x12ff0, 0x20, IOMMU_PROT_READ) == NULL,
	      "access straddling the end of the mapped set faults");
	CHECK(iommu_translate(&d, 0xf000, 4, IOMMU_PROT_READ) == NULL,
	      "unmapped IOVA faults");
	CHECK(iommu_translate(&d, ~0ull - 4, 64, IOMMU_PROT_READ) == NULL,
	      "wrapping access faults");
	CHECK(iommu_translate(&d, 0x10000, 1ull << 40, IOMMU_PROT_READ) == NULL,
	      "huge length faults");
	iommu_domain_fini(&d);
}

static void
test_iotlb(uint8_t *mem)
{
	struct iommu_domain big, small;
	uintptr_t base = ((uintptr_t)mem + MB2 - 1) & ~(MB2 - 1);
	uint64_t off;

	iommu_domain_init(&big, 3, 64, 30);
	iommu_domain_init(&small, 4, 64, 12);
	iommu_map(&big, 0x40000000, MB2, (void *)base, IOMMU_PROT_READ);
	iommu_map(&small, 0x40000000, MB2, (void *)base, IOMMU_PROT_READ);
	CHECK(big.maps[0].page_shift == 21 && small.maps[0].page_shift == 12,
	      "2 MiB-aligned mapping uses 2 MiB pages unless capped to 4 KiB");
	/* Two sweeps over 2 MiB in 2 KiB buffers. */
	for (int pass = 0; pass < 2; pass++)
		for (off = 0; off < MB2; off += 2048) {
			iommu_translate(&big, 0x40000000 + off, 64,
					IOMMU_PROT_READ);
			iommu_translate(&small, 0x40000000 + off, 64,
					IOMMU_PROT_READ);
		}
	printf("  2 MiB pages: hits=%lu misses=%lu; 4 KiB pages: hits=%lu misses=%lu\n",
	       (unsigned long)big.iotlb_hits, (unsigned long)big.iotlb_misses,
	       (unsigned long)small.iotlb_hits,
	       (unsigned long)small.iotlb_misses);
	CHECK(big.iotlb_misses == 1, "2 MiB pages: one IOTLB miss");
	CHECK(small.iotlb_misses == 1024,
	      "4 KiB pages with 64 entries: every page misses on each sweep");
	iommu_domain_fini(&big);
	iommu_domain_fini(&small);
}

/*
 * The copies of recent IOTLB entries (iommu.h) must count and translate
 * exactly as the IOTLB does: an entry evicted by another page's fill
 * misses again, and nothing is translated after its unmap.
 */
static void
test_iotlb_recent(uint8_t *mem)
{
	struct iommu_domain d;
	uintptr_t base = ((uintptr_t)mem + MB2 - 1) & ~(MB2 - 1);
	uint64_t a = 0x40000000, b = 0x40200000, unmapped;
	int i, ok = 1;

	/* One entry per page size: pages a and b share the only 4 KiB set,
	 * and lie 2 MiB apart, in different slots of the recent copies. */
	iommu_domain_init(&d, 5, 1, 12);
	iommu_map(&d, a, 4096, (void *)base, IOMMU_PROT_READ);
	iommu_map(&d, b, 4096, (void *)(base + 4096),
		  IOMMU_PROT_READ | IOMMU_PROT_WRITE);
	for (i = 0; i < 10; i++) {
		ok &= iommu_translate(&d, a + 8, 64, IOMMU_PROT_READ) ==
		      (void *)(base + 8);
		ok &= iommu_translate(&d, b + 16, 64, IOMMU_PROT_READ) ==
		      (void *)(base + 4096 + 16);
	}
	CHECK(ok, "alternating pages translate to their own memory");
	CHECK(d.iotlb_misses == 20 && d.iotlb_hits == 0,
	      "pages evicting each other from the IOTLB miss every time");
	for (i = 0; i < 10; i++)
		iommu_translate(&d, b + 64 * i, 64, IOMMU_PROT_READ);
	CHECK(d.iotlb_misses == 20 && d.iotlb_hits == 10,
	      "the page still in the IOTLB hits");
	CHECK(iommu_translate(&d, a, 16, IOMMU_PROT_WRITE) == NULL &&
	      iommu_translate(&d, b, 16, IOMMU_PROT_WRITE) != NULL,
	      "permissions hold on the fast path");
	CHECK(iommu_unmap(&d, b, 4096, &unmapped) == 0 && unmapped == 4096,
	      "unmap the page just used");
	CHECK(iommu_translate(&d, b + 16, 64, IOMMU_PROT_READ) == NULL,
	      "no translation after the unmap");
	CHECK(iommu_translate(&d, b + 4090, 16, IOMMU_PROT_READ) == NULL &&
	      iommu_translate(&d, a + 4090, 16, IOMMU_PROT_READ) == NULL,
	      "a range running past the page is not served by one entry");
	iommu_domain_fini(&d);
}

int
main(void)
{
	uint8_t *mem = aligned_alloc(MB2, 2 * MB2);

	if (mem == NULL)
		return 1;
	test_map_rules(mem);
	test_translate(mem);
	test_iotlb(mem);
	test_iotlb_recent(mem);
	free(mem);
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The emulated VFIO user API, driven directly with the kernel's ioctls (no
 * EAL): containers, groups and devices, region and IRQ info, the config
 * space capability list, BAR mapping with trapped registers, device reset,
 * type-1 map/unmap through the container, and several containers with a
 * group rebound from one to the other.  Run under devtools/ixemu.  The
 * program links DPDK's EAL only so that the platform library activates.
 */
#include <cpuid.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <linux/vfio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rte_eal.h>

#include "ix82599_ids.h"
#include "ix82599_regs.h"
#include "ix82599_rxtx.h"
#include "ixemu.h"
#include "test_check.h"

#define GROUP "/dev/vfio/100"
#define BDF "0000:00:10.0"
#define CFG_OFF ((uint64_t)VFIO_PCI_CONFIG_REGION_INDEX << 40)


typedef void (*counters_fn)(struct ixemu_iommu_counters *);

static int
container_with_iommu(int group)
{
	int c = open("/dev/vfio/vfio", O_RDWR);

	if (c < 0)
		return -1;
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &c) < 0 ||
	    ioctl(c, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU) < 0) {
		close(c);
		return -1;
	}
	return c;
}

static int
dma_map(int c, void *va, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)va,
		.iova = iova,
		.size = size,
	};

	return ioctl(c, VFIO_IOMMU_MAP_DMA, &m) < 0 ? -errno : 0;
}

static int
dma_unmap(int c, uint64_t iova, uint64_t size, uint64_t *done)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = sizeof(u),
		.iova = iova,
		.size = size,
	};
	int ret = ioctl(c, VFIO_IOMMU_UNMAP_DMA, &u) < 0 ? -errno : 0;

	*done = u.size;
	return ret;
}

static uint32_t
cfg_read32(int dev, uint32_t off)
{
	uint32_t v = 0;

	if (pread(dev, &v, sizeof(v), (off_t)(CFG_OFF + off)) != sizeof(v))
		return 0xffffffff;
	return v;
}

static void
test_config_space(int dev)
{
	uint8_t ids[8] = { 0 }, pos;
	unsigned int n = 0;

	CHECK(cfg_read32(dev, 0) ==
	      ((uint32_t)IX_DEV_82599_SFP << 16 | IX_PCI_VENDOR_INTEL),
	      "config space: 8086:10fb");
	/* Walk the capability list as the EAL does. */
	pos = (uint8_t)cfg_read32(dev, 0x34);
	while (pos != 0 && n < 8) {
		uint32_t hdr = cfg_read32(dev, pos);

		ids[n++] = (uint8_t)hdr;
		pos = (uint8_t)(hdr >> 8);
	}
	CHECK(n == 4 && ids[0] == 0x01 && ids[1] == 0x05 && ids[2] == 0x11 &&
	      ids[3] == 0x10,
	      "capabilities: PM, MSI, MSI-X, PCIe (%u found)", n);
	CHECK((cfg_read32(dev, 0x70) >> 16 & 0x7ff) == 63 &&
	      cfg_read32(dev, 0x74) == 4,
	      "MSI-X: 64 vectors, table in BAR4 at offset 0");
}

/* CPUID.(EAX=7,ECX=0):ECX[27] */
static bool
cpu_has_movdiri(void)
{
	unsigned int a, b, c, d;

	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (c & (1u << 27));
}

/*
 * DPDK's rte_write32_wc() stores with MOVDIRI where the CPU has it
 * (net_ixgbe's TX doorbell): the trap must decode it.  Encoded by hand,
 * for assemblers that lack the mnemonic: movdiri %eax, (%rdx).
 */
static void
test_movdiri_store(volatile uint32_t *bar)
{
	volatile uint32_t *ral = &bar[IX_RAL(0) / 4];

	if (!cpu_has_movdiri()) {
		printf("# this CPU has no MOVDIRI: store not tried\n");
		return;
	}
	__asm__ volatile(".byte 0x0f, 0x38, 0xf9, 0x02"
			 : : "a"(0x0badcafeu), "d"(ral) : "memory");
	CHECK(*ral == 0x0badcafe, "a MOVDIRI store to RAL0 reaches the model");
}

static void
test_bar_and_reset(int dev)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	volatile uint32_t *bar;
	uint32_t ral;

	ri.index = VFIO_PCI_BAR0_REGION_INDEX;
	CHECK(ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &ri) == 0 &&
	      ri.size == 0x20000 && ri.offset == 0 &&
	      (ri.flags & VFIO_REGION_INFO_FLAG_MMAP),
	      "BAR0: 128 KiB, mappable");
	bar = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, dev,
		   (off_t)ri.offset);
	CHECK(bar != MAP_FAILED, "BAR0 mapped");
	if (bar == MAP_FAILED)
		return;
	/* A trapped load reaches the model: STATUS reports LAN ID 0. */
	CHECK((bar[IX_STATUS / 4] & IX_STATUS_LAN_ID_MASK) == 0,
	      "STATUS read through the trap");
	/* RAL0 holds the EEPROM MAC; a write sticks until reset. */
	ral = bar[IX_RAL(0) / 4];
	bar[IX_RAL(0) / 4] = 0x12345678;
	CHECK(bar[IX_RAL(0) / 4] == 0x12345678, "RAL0 write reads back");
	test_movdiri_store(bar);
	CHECK(ioctl(dev, VFIO_DEVICE_RESET) == 0 && bar[IX_RAL(0) / 4] == ral,
	      "VFIO_DEVICE_RESET restores RAL0 from the EEPROM");
	munmap((void *)bar, ri.size);
}

static void
test_irqs(int dev)
{
	struct vfio_irq_info irq = { .argsz = sizeof(irq) };

	irq.index = VFIO_PCI_MSIX_IRQ_INDEX;
	CHECK(ioctl(dev, VFIO_DEVICE_GET_IRQ_INFO, &irq) == 0 &&
	      irq.count == 64 && (irq.flags & VFIO_IRQ_INFO_EVENTFD),
	      "MSI-X: 64 eventfd vectors");
}

int
main(int argc, char **argv)
{
	counters_fn counters = (counters_fn)dlsym(RTLD_DEFAULT,
						  "ixemu_iommu_counters");
	struct ixemu_iommu_counters before, after;
	struct vfio_group_status st = { .argsz = sizeof(st) };
	uint64_t done;
	void *mem;
	int group, c1, c2, dev, ret;

	(void)argc;
	(void)argv;
	if (counters == NULL) {
		fprintf(stderr, "run me under devtools/ixemu\n");
		return 2;
	}
	/*
	 * The EAL is never initialised: it is linked (and called once, so
	 * the linker keeps it) only because the platform wakes up in
	 * processes that carry it.
	 */
	printf("# EAL linked, process type %d\n", (int)rte_eal_process_type());
	mem = mmap(NULL, 1 << 22, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	group = open(GROUP, O_RDWR);
	CHECK(group >= 0, "open " GROUP);
	CHECK(open(GROUP, O_RDWR) < 0 && errno == EBUSY,
	      "a second open of the group is EBUSY");
	CHECK(open("/dev/vfio/7", O_RDWR) < 0 && errno == ENOENT,
	      "a group that is not emulated does not open");
	CHECK(ioctl(group, VFIO_GROUP_GET_STATUS, &st) == 0 &&
	      st.flags == VFIO_GROUP_FLAGS_VIABLE, "group viable, no container");

	c1 = container_with_iommu(group);
	CHECK(c1 >= 0, "container 1 with a type-1 IOMMU");
	CHECK(ioctl(c1, VFIO_GET_API_VERSION) == VFIO_API_VERSION &&
	      ioctl(c1, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) == 1,
	      "API version and type-1 extension");
	counters(&before);
	CHECK(dma_map(c1, mem, 0x100000, 1 << 21) == 0, "map 2 MiB");
	CHECK(dma_map(c1, mem, 0x200000, 1 << 21) == -EEXIST,
	      "overlapping map is EEXIST");
	CHECK(dma_unmap(c1, 0x100000, 0x1000, &done) == -EINVAL,
	      "unmap bisecting a mapping is EINVAL");
	CHECK(dma_unmap(c1, 0, 1 << 24, &done) == 0 && done == 1 << 21,
	      "unmap of a superset reports 2 MiB");
	counters(&after);
	CHECK(after.maps == before.maps + 1 && after.unmaps > before.unmaps,
	      "the platform counted the map and the unmap");

	dev = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, BDF);
	CHECK(dev >= 0, "device fd for " BDF);
	if (dev >= 0) {
		test_config_space(dev);
		test_bar_and_reset(dev);
		test_irqs(dev);
		CHECK(ioctl(group, VFIO_GROUP_UNSET_CONTAINER) < 0 &&
		      errno == EBUSY,
		      "the group cannot leave its container while the device is open");
		close(dev);
	}

	/* Rebind the group to a second container: a domain of its own. */
	CHECK(ioctl(group, VFIO_GROUP_UNSET_CONTAINER) == 0,
	      "group leaves container 1");
	c2 = container_with_iommu(group);
	CHECK(c2 >= 0, "group joins container 2");
	CHECK(dma_map(c2, mem, 0x100000, 1 << 21) == 0,
	      "container 2 maps the same IOVA independently");
	ret = dma_map(c1, mem, 0x100000, 1 << 21);
	CHECK(ret == -EINVAL,
	      "container 1 lost its IOMMU with its last group (%d)", ret);
	dev = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, BDF);
	CHECK(dev >= 0, "the device opens again in container 2");
	if (dev >= 0)
		close(dev);
	close(c1);
	close(c2);
	close(group);
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * A user-space 82599 driver of our own, with no DPDK at all: what any
 * VFIO program finds on the platform.  It looks the two functions up in
 * /sys/bus/pci/devices (vendor, device, config, iommu_group), takes both
 * groups into one type-1 container, maps BAR0 and reads STATUS, maps one
 * DMA buffer, brings function 0 up to transmit and function 1 up to
 * receive (82599 datasheet 4.6.3, 4.6.7, 4.6.8, in that order), sends one
 * frame from 0 and checks that 1 received it byte for byte.
 *
 * Run under devtools/ixemu --ports 2 (ports cabled back to back).  The
 * program links neither DPDK nor the platform: the platform switches
 * itself on at its first VFIO or sysfs access.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/vfio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ix82599_ids.h"
#include "ix82599_regs.h"
#include "ix82599_rxtx.h"
#include "test_check.h"

#define SYS_PCI		"/sys/bus/pci/devices/"
#define NB_DESC		8u	/* ring bytes: a multiple of 128 */
#define BUF_SIZE	2048u
#define DMA_IOVA	0x10000000ull
#define DMA_SIZE	(64u * 1024)
/* Layout of the DMA area: rings, then the TX buffer, then RX buffers. */
#define TX_RING_OFF	0u
#define RX_RING_OFF	4096u
#define TX_BUF_OFF	8192u
#define RX_BUF_OFF	16384u
#define FRAME_LEN	60u

struct raw_fn {
	const char *bdf;
	int group;
	int dev;
	volatile uint8_t *bar0;
	size_t bar0_len;
};

static uint32_t
rd(const struct raw_fn *f, uint32_t reg)
{
	return *(volatile uint32_t *)(f->bar0 + reg);
}

static void
wr(const struct raw_fn *f, uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(f->bar0 + reg) = v;
}

/* Poll until (reg & mask) == want, for up to ms milliseconds. */
static int
wait_reg(const struct raw_fn *f, uint32_t reg, uint32_t mask, uint32_t want,
	 unsigned int ms)
{
	struct timespec ts = { 0, 1000000 };

	for (unsigned int i = 0; i <= ms; i++) {
		if ((rd(f, reg) & mask) == want)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

static unsigned long
sysfs_hex(const char *bdf, const char *leaf)
{
	char path[256];
	unsigned long v = 0;
	FILE *fp;

	snprintf(path, sizeof(path), SYS_PCI "%s/%s", bdf, leaf);
	fp = fopen(path, "r");
	if (fp == NULL)
		return 0;
	if (fscanf(fp, "%lx", &v) != 1)
		v = 0;
	fclose(fp);
	return v;
}

/* sysfs: IDs, the live config space, the IOMMU group. */
static int
sysfs_look_up(const char *bdf)
{
	char path[256], link[256];
	uint16_t cfg_ids[2] = { 0, 0 };
	ssize_t n;
	int fd, group;

	CHECK(sysfs_hex(bdf, "vendor") == IX_PCI_VENDOR_INTEL &&
	      sysfs_hex(bdf, "device") == IX_DEV_82599_SFP,
	      "%s: sysfs vendor and device 8086:10fb", bdf);
	snprintf(path, sizeof(path), SYS_PCI "%s/config", bdf);
	fd = open(path, O_RDONLY);
	n = fd >= 0 ? pread(fd, cfg_ids, sizeof(cfg_ids), 0) : -1;
	CHECK(n == 4 && cfg_ids[0] == IX_PCI_VENDOR_INTEL &&
	      cfg_ids[1] == IX_DEV_82599_SFP,
	      "%s: sysfs config reads the IDs (%zd bytes, %04x:%04x)", bdf, n,
	      cfg_ids[0], cfg_ids[1]);
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), SYS_PCI "%s/iommu_group", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0) {
		CHECK(false, "%s: readlink iommu_group: %s", bdf,
		      strerror(errno));
		return -1;
	}
	link[n] = '\0';
	group = atoi(basename(link));
	CHECK(group > 0, "%s: iommu_group -> %d", bdf, group);
	snprintf(path, sizeof(path), SYS_PCI "%s/driver", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	CHECK(n > 0 && strcmp(basename(link), "vfio-pci") == 0,
	      "%s: bound to vfio-pci", bdf);
	return group;
}

static int
open_function(struct raw_fn *f, int container, bool first)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	char path[64];
	int num = sysfs_look_up(f->bdf);
	uint16_t cmd;

	if (num < 0)
		return -1;
	snprintf(path, sizeof(path), "/dev/vfio/%d", num);
	f->group = open(path, O_RDWR);
	CHECK(f->group >= 0, "%s: open %s", f->bdf, path);
	if (f->group < 0)
		return -1;
	CHECK(ioctl(f->group, VFIO_GROUP_GET_STATUS, &st) == 0 &&
	      (st.flags & VFIO_GROUP_FLAGS_VIABLE), "%s: group viable", f->bdf);
	CHECK(ioctl(f->group, VFIO_GROUP_SET_CONTAINER, &container) == 0,
	      "%s: group joins the container", f->bdf);
	if (first)
		CHECK(ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU) == 0,
		      "type-1 IOMMU set");
	f->dev = ioctl(f->group, VFIO_GROUP_GET_DEVICE_FD, f->bdf);
	CHECK(f->dev >= 0, "%s: device fd", f->bdf);
	if (f->dev < 0)
		return -1;
	ri.index = VFIO_PCI_BAR0_REGION_INDEX;
	CHECK(ioctl(f->dev, VFIO_DEVICE_GET_REGION_INFO, &ri) == 0 &&
	      (ri.flags & VFIO_REGION_INFO_FLAG_MMAP), "%s: BAR0 %llu bytes",
	      f->bdf, (unsigned long long)ri.size);
	f->bar0_len = ri.size;
	f->bar0 = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       f->dev, (off_t)ri.offset);
	CHECK(f->bar0 != MAP_FAILED, "%s: BAR0 mapped", f->bdf);
	if (f->bar0 == MAP_FAILED)
		return -1;
	/* Memory space and bus mastering (PCI command register). */
	ri.index = VFIO_PCI_CONFIG_REGION_INDEX;
	if (ioctl(f->dev, VFIO_DEVICE_GET_REGION_INFO, &ri) != 0 ||
	    pread(f->dev, &cmd, 2, (off_t)ri.offset + 4) != 2)
		return -1;
	cmd |= 0x6;
	if (pwrite(f->dev, &cmd, 2, (off_t)ri.offset + 4) != 2)
		return -1;
	return 0;
}

/* §4.6.3: global reset, then wait for the EEPROM auto-read. */
static int
reset_function(const struct raw_fn *f)
{
	wr(f, IX_EIMC, 0x7FFFFFFF);
	wr(f, IX_CTRL, rd(f, IX_CTRL) | IX_CTRL_RST);
	if (wait_reg(f, IX_CTRL, IX_CTRL_RST, 0, 100) < 0 ||
	    wait_reg(f, IX_EEC, IX_EEC_ARD, IX_EEC_ARD, 100) < 0)
		return -1;
	wr(f, IX_EIMC, 0x7FFFFFFF);
	return 0;
}

/* §4.6.7: one receive queue, advanced one-buffer descriptors. */
static int
start_rx(const struct raw_fn *f, volatile union ix_adv_rx_desc *ring)
{
	uint64_t ring_iova = DMA_IOVA + RX_RING_OFF;

	for (unsigned int i = 0; i < NB_DESC; i++) {
		ring[i].read.pkt_addr = DMA_IOVA + RX_BUF_OFF + i * BUF_SIZE;
		ring[i].read.hdr_addr = 0;
	}
	wr(f, IX_RDBAL(0), (uint32_t)ring_iova);
	wr(f, IX_RDBAH(0), (uint32_t)(ring_iova >> 32));
	wr(f, IX_RDLEN(0), NB_DESC * IX_RXD_SIZE);
	wr(f, IX_SRRCTL(0), (BUF_SIZE >> IX_SRRCTL_BSIZEPKT_SHIFT) |
	   IX_SRRCTL_DESCTYPE_ADV_ONEBUF | IX_SRRCTL_DROP_EN);
	wr(f, IX_RDH(0), 0);
	wr(f, IX_RDT(0), 0);
	wr(f, IX_RXDCTL(0), rd(f, IX_RXDCTL(0)) | IX_RXDCTL_ENABLE);
	if (wait_reg(f, IX_RXDCTL(0), IX_RXDCTL_ENABLE, IX_RXDCTL_ENABLE,
		     100) < 0)
		return -1;
	/* Every descriptor but one: RDT == RDH means an empty ring. */
	wr(f, IX_RDT(0), NB_DESC - 1);
	wr(f, IX_FCTRL, rd(f, IX_FCTRL) | IX_FCTRL_BAM);
	wr(f, IX_RXCTRL, rd(f, IX_RXCTRL) | IX_RXCTRL_RXEN);
	return 0;
}

/* §4.6.8: one transmit queue. */
static int
start_tx(const struct raw_fn *f)
{
	uint64_t ring_iova = DMA_IOVA + TX_RING_OFF;

	wr(f, IX_DMATXCTL, rd(f, IX_DMATXCTL) | IX_DMATXCTL_TE);
	wr(f, IX_TDBAL(0), (uint32_t)ring_iova);
	wr(f, IX_TDBAH(0), (uint32_t)(ring_iova >> 32));
	wr(f, IX_TDLEN(0), NB_DESC * IX_TXD_SIZE);
	wr(f, IX_TDH(0), 0);
	wr(f, IX_TDT(0), 0);
	wr(f, IX_TXDCTL(0), rd(f, IX_TXDCTL(0)) | IX_TXDCTL_ENABLE);
	return wait_reg(f, IX_TXDCTL(0), IX_TXDCTL_ENABLE, IX_TXDCTL_ENABLE,
			100);
}

static bool
wait_dd(volatile uint32_t *status, uint32_t dd, unsigned int ms)
{
	struct timespec ts = { 0, 1000000 };

	for (unsigned int i = 0; i <= ms; i++) {
		if (*status & dd)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

static void
send_and_receive(const struct raw_fn *tx, uint8_t *dma)
{
	volatile union ix_adv_tx_desc *txr =
		(volatile void *)(dma + TX_RING_OFF);
	volatile union ix_adv_rx_desc *rxr =
		(volatile void *)(dma + RX_RING_OFF);
	uint8_t *frame = dma + TX_BUF_OFF;
	uint32_t cmd = FRAME_LEN | IX_TXD_DTYP_DATA | IX_TXD_CMD_DEXT |
		       IX_TXD_CMD_IFCS | IX_TXD_CMD_EOP | IX_TXD_CMD_RS;

	/* Broadcast from a local address, the IEEE local experimental
	 * ethertype 88B5, then a counting payload. */
	memset(frame, 0xff, 6);
	memcpy(frame + 6, "\x02\x00\x00\x00\x00\x01", 6);
	frame[12] = 0x88;
	frame[13] = 0xb5;
	for (unsigned int i = 14; i < FRAME_LEN; i++)
		frame[i] = (uint8_t)i;
	txr[0].q[0] = DMA_IOVA + TX_BUF_OFF;
	txr[0].q[1] = cmd | (uint64_t)(FRAME_LEN << IX_TXD_PAYLEN_SHIFT) << 32;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	wr(tx, IX_TDT(0), 1);

	CHECK(wait_dd(&txr[0].wb.status, IX_TXD_STAT_DD, 2000),
	      "TX write-back: DD on the descriptor sent");
	CHECK(wait_dd(&rxr[0].wb.status_error, IX_RXD_STAT_DD, 2000),
	      "RX write-back: DD on the first descriptor");
	CHECK((rxr[0].wb.status_error & IX_RXD_STAT_EOP) &&
	      rxr[0].wb.length == FRAME_LEN,
	      "received one frame of %u bytes (length %u)", FRAME_LEN,
	      rxr[0].wb.length);
	CHECK(memcmp(dma + RX_BUF_OFF, frame, FRAME_LEN) == 0,
	      "received bytes = sent bytes");
	CHECK(!(rxr[1].wb.status_error & IX_RXD_STAT_DD),
	      "nothing else received");
}

int
main(int argc, char **argv)
{
	struct raw_fn fn[2] = {
		{ .bdf = argc > 2 ? argv[1] : "0000:00:10.0" },
		{ .bdf = argc > 2 ? argv[2] : "0000:00:10.1" },
	};
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };
	struct vfio_iommu_type1_dma_unmap unmap = { .argsz = sizeof(unmap) };
	int container;
	uint32_t status;
	uint8_t *dma;

	container = open("/dev/vfio/vfio", O_RDWR);
	CHECK(container >= 0, "open /dev/vfio/vfio");
	if (container < 0)
		return 1;
	CHECK(ioctl(container, VFIO_GET_API_VERSION) == VFIO_API_VERSION,
	      "VFIO API version %d", VFIO_API_VERSION);
	CHECK(ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) == 1,
	      "type-1 IOMMU offered");
	for (unsigned int i = 0; i < 2; i++)
		if (open_function(&fn[i], container, i == 0) < 0)
			return 1;

	status = rd(&fn[0], IX_STATUS);
	CHECK(status != 0xFFFFFFFF && (status & IX_STATUS_LINK_UP),
	      "STATUS 0x%08x: link up", status);
	CHECK(((rd(&fn[1], IX_STATUS) & IX_STATUS_LAN_ID_MASK) >>
	       IX_STATUS_LAN_ID_SHIFT) == 1, "function 1 reports LAN ID 1");

	dma = mmap(NULL, DMA_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (dma == MAP_FAILED)
		return 1;
	memset(dma, 0, DMA_SIZE);
	map.vaddr = (uintptr_t)dma;
	map.iova = DMA_IOVA;
	map.size = DMA_SIZE;
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	CHECK(ioctl(container, VFIO_IOMMU_MAP_DMA, &map) == 0,
	      "DMA buffer mapped at IOVA 0x%llx", (unsigned long long)DMA_IOVA);

	CHECK(reset_function(&fn[0]) == 0 && reset_function(&fn[1]) == 0,
	      "both functions reset, EEPROM read");
	CHECK(wait_reg(&fn[1], IX_LINKS, IX_LINKS_UP, IX_LINKS_UP, 2000) == 0,
	      "link up after reset");
	CHECK(start_rx(&fn[1], (volatile void *)(dma + RX_RING_OFF)) == 0,
	      "function 1 receives");
	CHECK(start_tx(&fn[0]) == 0, "function 0 transmits");
	send_and_receive(&fn[0], dma);

	/* Stop the device before its memory goes (no DMA after unmap). */
	CHECK(reset_function(&fn[0]) == 0 && reset_function(&fn[1]) == 0,
	      "both functions reset again");
	unmap.iova = DMA_IOVA;
	unmap.size = DMA_SIZE;
	CHECK(ioctl(container, VFIO_IOMMU_UNMAP_DMA, &unmap) == 0 &&
	      unmap.size == DMA_SIZE, "DMA buffer unmapped");
	for (unsigned int i = 0; i < 2; i++) {
		munmap((void *)(uintptr_t)fn[i].bar0, fn[i].bar0_len);
		close(fn[i].dev);
		close(fn[i].group);
	}
	close(container);
	printf("%s\n", failures ? "FAILED" : "all checks passed");
	return failures ? 1 : 0;
}

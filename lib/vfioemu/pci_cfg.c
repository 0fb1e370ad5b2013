/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * PCI configuration space of an emulated 82599 function, with the
 * capability list of the real part (82599 datasheet §9.3): power
 * management at 0x40, MSI at 0x50, MSI-X at 0x70, PCI Express at 0xA0,
 * then AER and the device serial number in extended space.
 */
#include <string.h>

#include "ix82599_ids.h"
#include "ixm.h"
#include "vfioemu.h"

#define PCI_CAP_PM	0x01
#define PCI_CAP_MSI	0x05
#define PCI_CAP_MSIX	0x11
#define PCI_CAP_EXP	0x10

#define CFG_CMD		0x04
#define CMD_BUS_MASTER	0x0004

static void
put16(uint8_t *p, uint32_t off, uint16_t v)
{
	memcpy(p + off, &v, sizeof(v));
}

static void
put32(uint8_t *p, uint32_t off, uint32_t v)
{
	memcpy(p + off, &v, sizeof(v));
}

/* Fake bus addresses, one 1 MiB window per function. */
static uint64_t
bar_address(const struct vemu_fn *fn, unsigned int bar)
{
	return 0xf0000000ull + fn->index * 0x100000ull + (bar ? 0x80000 : 0);
}

void
vemu_cfg_init(struct vemu_fn *fn)
{
	uint8_t *c = fn->cfg, *w = fn->cfg_wmask;
	uint64_t bar0 = bar_address(fn, 0), bar4 = bar_address(fn, 1);

	memset(c, 0, VEMU_CFG_SIZE);
	memset(w, 0, VEMU_CFG_SIZE);

	put16(c, 0x00, IX_PCI_VENDOR_INTEL);
	put16(c, 0x02, fn->device_id);
	put16(c, 0x06, 0x0010);			/* status: capability list */
	c[0x08] = 0x01;				/* revision */
	c[0x0b] = 0x02;				/* class: network controller */
	c[0x0e] = 0x80;				/* header type 0, multifunction */
	put32(c, 0x10, (uint32_t)bar0 | 0x4);	/* 64-bit memory BAR */
	put32(c, 0x14, (uint32_t)(bar0 >> 32));
	put32(c, 0x20, (uint32_t)bar4 | 0x4);
	put32(c, 0x24, (uint32_t)(bar4 >> 32));
	put16(c, 0x2c, IX_PCI_VENDOR_INTEL);	/* subsystem vendor */
	put16(c, 0x2e, fn->device_id == IX_DEV_82599_KR ?
	      IX_SUBDEV_KX4_KR_MEZZ : IX_SUBDEV_X520_2);
	c[0x34] = 0x40;
	c[0x3d] = 0x01;				/* INTA# */

	/* Power management, D0. */
	c[0x40] = PCI_CAP_PM;
	c[0x41] = 0x50;
	put16(c, 0x42, 0x4823);
	put16(w, 0x44, 0x0103);			/* power state, PME enable */

	/* MSI: 64-bit, per-vector masking. */
	c[0x50] = PCI_CAP_MSI;
	c[0x51] = 0x70;
	put16(c, 0x52, 0x0180);
	put16(w, 0x52, 0x0071);
	put32(w, 0x54, 0xfffffffc);
	put32(w, 0x58, 0xffffffff);
	put16(w, 0x5c, 0xffff);

	/* MSI-X: 64 vectors, table at BAR4 + 0, PBA at BAR4 + 0x2000. */
	c[0x70] = PCI_CAP_MSIX;
	c[0x71] = 0xa0;
	put16(c, 0x72, IXM_MSIX_VECTORS - 1);
	put16(w, 0x72, 0xc000);			/* enable, function mask */
	put32(c, 0x74, 0x00000004);
	put32(c, 0x78, 0x00002004);

	/* PCI Express v2 endpoint, x8 at 5 GT/s. */
	c[0xa0] = PCI_CAP_EXP;
	c[0xa1] = 0x00;
	put16(c, 0xa2, 0x0002);
	put32(c, 0xa4, 0x10008cc2);		/* devcap: FLR, 512 B payload */
	put16(c, 0xa8, 0x2810);			/* devctl */
	put16(w, 0xa8, 0xfeff);
	put32(c, 0xac, 0x0003f482);		/* linkcap: 5 GT/s, x8 */
	put16(c, 0xb2, 0x1082);			/* linksta: 5 GT/s, x8 */
	put16(w, 0xb0, 0x0fc3);

	/* Extended capabilities: AER (v1) then device serial number. */
	put32(c, 0x100, 0x14010001);
	put32(c, 0x140, 0x00010003);
	put32(c, 0x144, 0x00a0c9ffu + fn->index);
	put32(c, 0x148, 0x001b21ffu);

	put16(w, CFG_CMD, 0x0547);		/* io, mem, bus master, ... */
	/* BAR address bits, sized by the BAR length. */
	put32(w, 0x10, ~(IXM_BAR0_SIZE - 1));
	put32(w, 0x14, 0xffffffff);
	put32(w, 0x20, ~(IXM_BAR4_SIZE - 1));
	put32(w, 0x24, 0xffffffff);
	c[0x3c] = 0xff;
	w[0x3c] = 0xff;
}

void
vemu_cfg_read(struct vemu_fn *fn, uint32_t off, void *buf, size_t n)
{
	memcpy(buf, fn->cfg + off, n);
}

void
vemu_cfg_write(struct vemu_fn *fn, uint32_t off, const void *buf, size_t n)
{
	const uint8_t *src = buf;
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t m = fn->cfg_wmask[off + i];

		fn->cfg[off + i] = (fn->cfg[off + i] & ~m) | (src[i] & m);
	}
}

bool
vemu_cfg_bus_master(const struct vemu_fn *fn)
{
	return (fn->cfg[CFG_CMD] & CMD_BUS_MASTER) != 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * libFuzzer target for the 82599 model: everything a driver or the wire
 * can hand it is attacker-controlled here.  The input is a little program:
 *   op 0: register write   (offset, value)  - any BAR0 offset
 *   op 1: register read    (offset)
 *   op 2: frame from the wire (length, bytes)
 *   op 3: TX descriptor    (slot, 16 bytes) then a tail bump
 *   op 4: RX descriptor    (slot, 16 bytes) then a tail bump
 *   op 5: poll / tick / cable toggle / function reset / arm a forged
 *         write-back (kind, queue, arg)
 * Rings and buffers live in an arena that the fake IOMMU maps; descriptor
 * addresses come from the input and may point anywhere, which the model
 * must survive by going through dma_ptr.  ASan and UBSan catch the rest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ixm_priv.h"
#include "ix82599_regs.h"

#define ARENA_SIZE	(1u << 18)
#define NDESC		16u

static uint8_t *arena;
static void *bar0, *bar4;

static void *
dma_ptr(void *ctx, uint64_t iova, size_t len, enum ixm_dma_dir dir)
{
	uint64_t lo = (uint64_t)(uintptr_t)arena;

	(void)ctx;
	(void)dir;
	if (iova < lo || len > ARENA_SIZE || iova - lo > ARENA_SIZE - len)
		return NULL;
	return (void *)(uintptr_t)iova;
}

static void
msix(void *ctx, unsigned int vector)
{
	(void)ctx;
	(void)vector;
}

static void
wire_tx(void *ctx, const void *frame, size_t len)
{
	/* Touch every byte: a bad length shows up under ASan here. */
	volatile uint8_t sink = 0;
	const uint8_t *p = frame;
	size_t i;

	(void)ctx;
	for (i = 0; i < len; i++)
		sink ^= p[i];
	(void)sink;
}

struct reader {
	const uint8_t *p;
	size_t left;
};

static uint32_t
take(struct reader *r, unsigned int bytes)
{
	uint32_t v = 0;

	while (bytes-- > 0 && r->left > 0) {
		v = v << 8 | *r->p++;
		r->left--;
	}
	return v;
}

/* A device with one RX and one TX ring in the arena, as a driver sets up. */
static struct ixm_dev *
setup(void)
{
	struct ixm_host_ops host = {
		.dma_ptr = dma_ptr, .msix = msix, .wire_tx = wire_tx,
	};
	struct ixm_config cfg = { .device_id = IX_DEV_82599_SFP };
	uint64_t rx_ring = (uintptr_t)arena, tx_ring = rx_ring + 4096;
	struct ixm_dev *dev;
	unsigned int i;

	memset(arena, 0, ARENA_SIZE);
	memset(bar0, 0, IXM_BAR0_SIZE);
	memset(bar4, 0, IXM_BAR4_SIZE);
	dev = ixm_create(&cfg, &host, bar0, bar4);
	if (dev == NULL)
		abort();
	ixm_set_cable(dev, true);
	ixm_reg_write(dev, IX_HLREG0, IX_HLREG0_RXCRCSTRP | IX_HLREG0_TXPADEN);
	ixm_reg_write(dev, IX_FCTRL, IX_FCTRL_UPE | IX_FCTRL_MPE |
		      IX_FCTRL_BAM);
	ixm_reg_write(dev, IX_RXCTRL, IX_RXCTRL_RXEN);
	ixm_reg_write(dev, IX_DMATXCTL, IX_DMATXCTL_TE);
	ixm_reg_write(dev, IX_RDBAL(0), (uint32_t)rx_ring);
	ixm_reg_write(dev, IX_RDBAH(0), (uint32_t)(rx_ring >> 32));
	ixm_reg_write(dev, IX_RDLEN(0), NDESC * 16);
	ixm_reg_write(dev, IX_TDBAL(0), (uint32_t)tx_ring);
	ixm_reg_write(dev, IX_TDBAH(0), (uint32_t)(tx_ring >> 32));
	ixm_reg_write(dev, IX_TDLEN(0), NDESC * 16);
	/* RX buffers of 2 KiB at 8 KiB into the arena. */
	for (i = 0; i < NDESC; i++) {
		uint64_t *d = (uint64_t *)(uintptr_t)(rx_ring + 16 * i);

		d[0] = rx_ring + 8192 + 2048 * i;
		d[1] = 0;
	}
	ixm_reg_write(dev, IX_RXDCTL(0), IX_RXDCTL_ENABLE);
	ixm_reg_write(dev, IX_TXDCTL(0), IX_TXDCTL_ENABLE);
	ixm_reg_write(dev, IX_RDT(0), NDESC - 1);
	return dev;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t frame[IXM_DP_MAX_FRAME];
	struct reader r = { data, size };
	struct ixm_dev *dev;
	uint32_t tdt = 0, rdt = NDESC - 1;
	unsigned int steps = 0;

	if (arena == NULL) {
		arena = aligned_alloc(4096, ARENA_SIZE);
		bar0 = aligned_alloc(4096, IXM_BAR0_SIZE);
		bar4 = aligned_alloc(4096, IXM_BAR4_SIZE);
		if (arena == NULL || bar0 == NULL || bar4 == NULL)
			abort();
	}
	dev = setup();
	while (r.left > 0 && steps++ < 256) {
		unsigned int op = take(&r, 1) % 6;

		switch (op) {
		case 0: {
			uint32_t off = take(&r, 3) % IXM_BAR0_SIZE & ~3u;

			ixm_reg_write(dev, off, take(&r, 4));
			break;
		}
		case 1:
			(void)ixm_reg_read(dev, take(&r, 3) % IXM_BAR0_SIZE & ~3u);
			break;
		case 2: {
			size_t len = take(&r, 2) % sizeof(frame);
			size_t n = len < r.left ? len : r.left;

			memset(frame, 0, len);
			memcpy(frame, r.p, n);
			r.p += n;
			r.left -= n;
			(void)ixm_rx_frame(dev, frame, len);
			break;
		}
		case 3:
		case 4: {
			bool tx = op == 3;
			uint8_t *ring = arena + (tx ? 4096 : 0);
			uint32_t slot = take(&r, 1) % NDESC;
			size_t n = r.left < 16 ? r.left : 16;

			memcpy(ring + 16 * slot, r.p, n);
			r.p += n;
			r.left -= n;
			if (tx) {
				tdt = (tdt + 1) % NDESC;
				ixm_reg_write(dev, IX_TDT(0), tdt);
			} else {
				rdt = (rdt + 1) % NDESC;
				ixm_reg_write(dev, IX_RDT(0), rdt);
			}
			break;
		}
		default:
			switch (take(&r, 1) % 8) {
			case 0:
				ixm_set_cable(dev, !ixm_link_up(dev));
				break;
			case 1:
				ixm_function_reset(dev);
				break;
			case 2:
				ixm_tick(dev);
				break;
			case 3: {
				unsigned int kind = take(&r, 1);
				unsigned int q = take(&r, 1);
				uint64_t arg = take(&r, 4);

				/* Queue 0 mostly (the one with rings), and
				 * bad queues and kinds now and then. */
				(void)ixm_forge_arm(dev, q < 192 ? 0 : q,
						    (enum ixm_forge_kind)(kind %
						    (IXM_FORGE_KINDS + 1)),
						    arg << 32 | take(&r, 4));
				break;
			}
			default:
				(void)ixm_poll(dev);
				break;
			}
			break;
		}
	}
	(void)ixm_poll(dev);
	ixm_destroy(dev);
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * What the unit tests of the 82599 model's datapath (test_ixm_dp.c,
 * test_ixm_dp_filter.c) share: fake host services (DMA is an identity
 * translation over one malloc'd arena with a bounds check; MSI-X, audit
 * and wire callbacks just record), a model with RX and TX queue 0 set up
 * (rig_init()), and deliberately naive helpers to check it against.
 *
 * Trapped configuration registers are written through ixm_reg_write()
 * (as the platform would); queue registers and doorbells are written
 * straight into the BAR memory (bar_wr()), as the driver does.
 */
#ifndef IXM_DP_RIG_H
#define IXM_DP_RIG_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ixm_priv.h"
#include "ix82599_fdir.h"
#include "ix82599_regs.h"

#define ARENA_SIZE	(1u << 20)
#define NDESC		8u

extern int failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: CHECK failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		failures++;						\
	}								\
} while (0)

struct fake_host {
	uint8_t *arena;
	size_t used;
	unsigned int faults;
	unsigned int audits;
	unsigned int msix;
	unsigned int wire_frames;
	uint64_t wire_bytes;
	uint8_t wire_last[16384];
	size_t wire_len;
};

struct rig {
	struct fake_host h;
	struct ixm_dev *dev;
	volatile uint32_t *bar;
	void *bar4;
	union ix_adv_rx_desc *rxr;
	union ix_adv_tx_desc *txr;
	uint8_t *rxbuf[NDESC];
	uint8_t *txbuf;
};

/* The arena: allocation (128-byte aligned) and the IOVA of a pointer. */
void *fh_alloc(struct fake_host *h, size_t len);
uint64_t iova_of(const void *p);

/* Internet checksum of len bytes on top of sum (pseudo-header). */
uint16_t naive_csum(const uint8_t *p, size_t len, uint32_t sum);
/* Microsoft's RSS verification key; the rig's and its peer's MAC. */
extern const uint8_t ms_key[40];
extern const uint8_t our_mac[6];
extern const uint8_t peer_mac[6];
/* Ethernet + IPv4 + TCP with payload_len bytes and good checksums. */
size_t build_tcp4(uint8_t *f, const uint8_t *dst_mac, const uint8_t src_ip[4],
		  const uint8_t dst_ip[4], uint16_t sport, uint16_t dport,
		  size_t payload_len);

void bar_wr(struct rig *r, uint32_t off, uint32_t v);
void rx_post_all(struct rig *r);
int rig_init(struct rig *r);
void rig_fini(struct rig *r);
void rx_reset_ring(struct rig *r);
int rx_one(struct rig *r, const uint8_t *f, size_t len,
	   union ix_adv_rx_desc *wb);

#endif /* IXM_DP_RIG_H */

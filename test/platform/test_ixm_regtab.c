/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Unit test of the 82599 model's register table (lib/ixmodel/ixm_regtab.c):
 * the table is consistent, and every row behaves through ixm_reg_read()/
 * ixm_reg_write() as its flags say: statistics are read only and clear on
 * read (64-bit ones latch their high half), read-only registers ignore
 * writes, ro_bits keep their value, self-clearing bits read back 0,
 * write-only registers read 0, both addresses of an aliased register are
 * one register, reset values come back after CTRL.RST, and EICR is clear
 * on read and write 1 to clear (§8.2.3.5.1, GPIE.OCD).  Returns non-zero
 * on failure.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ix82599_ids.h"
#include "ix82599_regs.h"
#include "ix82599_rxtx.h"
#include "ixm.h"
#include "ixm_ctrl.h"
#include "ixm_regtab.h"

static int failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		failures++;						\
		printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

static void *
no_dma(void *ctx, uint64_t iova, size_t len, enum ixm_dma_dir dir)
{
	(void)ctx; (void)iova; (void)len; (void)dir;
	return NULL;
}

static const struct ixm_host_ops host_ops = { .dma_ptr = no_dma };

struct bars {
	void *bar0, *bar4;
};

static struct ixm_dev *
make_dev(struct bars *b)
{
	struct ixm_config cfg = {
		.device_id = IX_DEV_82599_SFP,
		.mac = { 0x02, 0x1b, 0x21, 0xaa, 0xbb, 0xcc },
	};

	b->bar0 = aligned_alloc(4096, IXM_BAR0_SIZE);
	b->bar4 = aligned_alloc(4096, IXM_BAR4_SIZE);
	memset(b->bar0, 0x5a, IXM_BAR0_SIZE);
	memset(b->bar4, 0, IXM_BAR4_SIZE);
	return ixm_create(&cfg, &host_ops, b->bar0, b->bar4);
}

static void
free_dev(struct ixm_dev *d, struct bars *b)
{
	ixm_destroy(d);
	free(b->bar0);
	free(b->bar4);
}

static uint32_t
inst_off(const struct ixm_reg *r, unsigned int k)
{
	return r->off + k * r->stride;
}

static bool
plain(const struct ixm_reg *r)
{
	return r->flags == 0 && r->read == NULL && r->write == NULL &&
	       r->ro_bits == 0 && r->sc_bits == 0;
}

static void
report(const char *msg)
{
	printf("table: %s\n", msg);
}

static void
test_consistent(void)
{
	unsigned int i, nstat = 0;

	CHECK(ixm_reg_check(report) == 0, "the table has problems");
	for (i = 0; i < ixm_reg_rows(); i++) {
		const struct ixm_reg *r = ixm_reg_row(i);

		if (r->flags & IXM_REG_STAT) {
			nstat += r->count;
			CHECK((r->flags & (IXM_REG_RO | IXM_REG_RC)) ==
			      (IXM_REG_RO | IXM_REG_RC) && r->read != NULL,
			      "%s: a counter is read only, clear on read",
			      r->name);
		}
	}
	/* 61 single counters, 6 x 8 arrays, 9 pairs, 16 x 7 queue sets. */
	CHECK(nstat == 61 + 48 + 18 + 112, "%u statistics registers", nstat);
	CHECK(ixm_reg_find(IX_EICR)->flags == (IXM_REG_RC | IXM_REG_W1C),
	      "EICR flags %#x", ixm_reg_find(IX_EICR)->flags);
	CHECK(ixm_reg_instance(IX_RXDCTL(70)) == 70 &&
	      ixm_reg_instance(IX_TDT(100)) == 100 &&
	      ixm_reg_instance(IX_EITR(30)) == 30 &&
	      ixm_reg_instance(IX_QBTC_H(9)) == 9, "instance numbers");
	CHECK(ixm_reg_find(0x0FFFC) == NULL, "0xFFFC has no row");
	CHECK(ixm_reg_find(IXM_BAR0_SIZE) == NULL, "beyond BAR0");
}

/* Counters count, clear on read, ignore writes; L latches H. */
static void
test_stats(struct ixm_dev *d)
{
	unsigned int i, k;

	for (i = 0; i < ixm_reg_rows(); i++) {
		const struct ixm_reg *r = ixm_reg_row(i);

		if (!(r->flags & IXM_REG_STAT) || (r->flags & IXM_REG_STAT_H))
			continue;
		for (k = 0; k < r->count; k++) {
			uint32_t off = inst_off(r, k), lo, hi;

			ixm_reg_write(d, off, 1234);
			if (r->flags & IXM_REG_STAT_L) {
				ixm_stat_add(d, off, 0x300000005ull);
				ixm_stat_add(d, off + 4, 7);	/* ignored */
				lo = ixm_reg_read(d, off);
				ixm_stat_add(d, off, 0x100000000ull);
				hi = ixm_reg_read(d, off + 4);
				CHECK(lo == 5 && hi == 3, "%s[%u]: %#x/%#x",
				      r->name, k, lo, hi);
				CHECK(ixm_reg_read(d, off) == 0 &&
				      ixm_reg_read(d, off + 4) == 1,
				      "%s[%u]: second snapshot", r->name, k);
				CHECK(ixm_reg_read(d, off) == 0 &&
				      ixm_reg_read(d, off + 4) == 0,
				      "%s[%u]: cleared", r->name, k);
				continue;
			}
			ixm_stat_add(d, off, 5);
			ixm_stat_add(d, off, 2);
			lo = ixm_reg_read(d, off);
			CHECK(lo == 7, "%s[%u] reads %u", r->name, k, lo);
			lo = ixm_reg_read(d, off);
			CHECK(lo == 0, "%s[%u] not cleared: %u", r->name, k, lo);
			ixm_stat_add(d, off, 0x100000001ull);
			CHECK(ixm_reg_read(d, off) == UINT32_MAX,
			      "%s[%u]: 32-bit counters saturate", r->name, k);
		}
	}
}

/* Plain registers hold what was written; read-only ones ignore writes. */
static void
test_plain_and_ro(struct ixm_dev *d)
{
	unsigned int i, k;

	for (i = 0; i < ixm_reg_rows(); i++) {
		const struct ixm_reg *r = ixm_reg_row(i);

		for (k = 0; k < r->count; k++) {
			uint32_t off = inst_off(r, k), v, before;

			if (plain(r)) {
				v = 0xA5000000u ^ off ^ k << 12;
				ixm_reg_write(d, off, v);
				CHECK(ixm_reg_read(d, off) == v,
				      "%s[%u] (%#x) does not hold %#x", r->name,
				      k, off, v);
				ixm_reg_write(d, off, 0);
			} else if ((r->flags & IXM_REG_RO) &&
				   !(r->flags & IXM_REG_STAT)) {
				before = ixm_reg_read(d, off);
				ixm_reg_write(d, off, ~before);
				v = ixm_reg_read(d, off);
				CHECK(v == before, "%s (RO) %#x -> %#x", r->name,
				      before, v);
			}
		}
	}
}

/* ro_bits keep their value; sc_bits read 0 right after the write. */
static void
test_masks(struct ixm_dev *d)
{
	unsigned int i;

	for (i = 0; i < ixm_reg_rows(); i++) {
		const struct ixm_reg *r = ixm_reg_row(i);
		uint32_t off = r->off, before, v;

		if (r->ro_bits != 0 && r->read == NULL && r->write == NULL) {
			before = ixm_reg_read(d, off);
			ixm_reg_write(d, off, ~0u);
			v = ixm_reg_read(d, off);
			CHECK(v == (before | ~r->ro_bits),
			      "%s: all ones %#x -> %#x", r->name, before, v);
			ixm_reg_write(d, off, 0);
			v = ixm_reg_read(d, off);
			CHECK(v == (before & r->ro_bits), "%s: zero -> %#x",
			      r->name, v);
		}
		if (r->flags & IXM_REG_SC) {
			ixm_reg_write(d, off, r->sc_bits);
			v = ixm_reg_read(d, off);
			CHECK(!(v & r->sc_bits), "%s: self-clearing bits %#x",
			      r->name, v);
		}
		if (r->flags & IXM_REG_WO) {
			ixm_reg_write(d, off, 0);
			CHECK(ixm_reg_read(d, off) == 0, "%s: write only",
			      r->name);
		}
	}
	/* The two the semaphore protocol depends on, by name. */
	ixm_reg_write(d, IX_GSSR, ~0u);
	CHECK(!(ixm_reg_read(d, IX_GSSR) & IX_GSSR_FW_MASK),
	      "GSSR firmware bits");
	ixm_reg_write(d, IX_SWSM, 0);
	CHECK(!(ixm_reg_read(d, IX_SWSM) & IX_SWSM_SMBI) &&
	      (ixm_reg_read(d, IX_SWSM) & IX_SWSM_SMBI),
	      "SWSM.SMBI test and set");
	ixm_reg_write(d, IX_SWSM, 0);
}

/* Both addresses of an aliased register are one register. */
static void
test_alias(struct ixm_dev *d)
{
	unsigned int i, k, n = 0;

	for (i = 0; i < ixm_reg_rows(); i++) {
		const struct ixm_reg *r = ixm_reg_row(i);

		if (!(r->flags & IXM_REG_ALIAS))
			continue;
		for (k = 0; k < r->count; k++, n++) {
			uint32_t off = inst_off(r, k);
			uint32_t to = r->alias + k * r->alias_stride;

			ixm_reg_write(d, off, 0x11000000u | off);
			CHECK(ixm_reg_read(d, to) == (0x11000000u | off),
			      "%s[%u]: write at %#x, read at %#x", r->name, k,
			      off, to);
			ixm_reg_write(d, to, 0x22000000u | to);
			CHECK(ixm_reg_read(d, off) == (0x22000000u | to),
			      "%s[%u]: write at %#x, read at %#x", r->name, k,
			      to, off);
		}
	}
	/* SRRCTL, DCA_RXCTRL, PSRTYPE (16 each) and RAL/RAH (16 pairs). */
	CHECK(n == 16 * 5, "%u aliased addresses", n);
	CHECK(IX_SRRCTL(3) != IX_SRRCTL_ALIAS(3) &&
	      ixm_reg_find(IX_SRRCTL(3))->alias + 3 * 0x40 ==
	      IX_SRRCTL_ALIAS(3), "SRRCTL(3) alias target");
}

/* After CTRL.RST every register reads its reset value again. */
static void
test_reset_values(struct ixm_dev *d)
{
	unsigned int i, k, q;

	ixm_reg_write(d, IX_CTRL, IX_CTRL_RST);
	for (i = 0; i < ixm_reg_rows(); i++) {
		const struct ixm_reg *r = ixm_reg_row(i);

		if (r->read != NULL || (r->flags & IXM_REG_ALIAS) ||
		    r->off == IX_AUTOC || r->off == IX_AUTOC2 ||
		    r->off == IX_RAL_82599(0) || r->off == IX_RAH_82599(0))
			continue;	/* computed, or loaded from the NVM */
		for (k = 0; k < r->count; k++) {
			uint32_t off = inst_off(r, k);
			uint32_t v = ixm_reg_read(d, off);

			CHECK(v == r->reset, "%s[%u] after reset: %#x, not %#x",
			      r->name, k, v, r->reset);
		}
	}
	for (q = 0; q < 16; q++)
		CHECK(ixm_reg_read(d, IX_SRRCTL(q)) == IX_SRRCTL_DEFAULT,
		      "SRRCTL(%u) at the 82598 address after reset", q);
	CHECK(ixm_reg_read(d, IX_RAH(0)) == (IX_RAH_AV | 0xccbb) &&
	      ixm_reg_read(d, IX_RAL(0)) == 0xaa211b02u,
	      "RAR0 from the NVM at both addresses");
	CHECK(ixm_reg_read(d, IX_RAH(1)) == 0, "RAH1 after reset");
}

/* EICR: clear on read, write 1 to clear; GPIE.OCD keeps other causes. */
static void
test_eicr(struct ixm_dev *d)
{
	uint32_t v;

	ixm_reg_write(d, IX_EIMC, ~0u);
	ixm_reg_write(d, IX_GPIE, 0);
	(void)ixm_reg_read(d, IX_EICR);
	ixm_reg_write(d, IX_EICS, IX_EICR_LSC | 0x3);
	v = ixm_reg_read(d, IX_EICR);
	CHECK(v == (IX_EICR_LSC | 0x3), "EICR %#x", v);
	CHECK(ixm_reg_read(d, IX_EICR) == 0, "EICR clear on read");

	ixm_reg_write(d, IX_GPIE, IX_GPIE_OCD);
	ixm_reg_write(d, IX_EICS, IX_EICR_LSC | IX_EICR_GPI_SDP1 | 0x3);
	v = ixm_reg_read(d, IX_EICR);
	CHECK(v == (IX_EICR_LSC | IX_EICR_GPI_SDP1 | 0x3), "EICR %#x", v);
	v = ixm_reg_read(d, IX_EICR);
	CHECK(v == (IX_EICR_LSC | IX_EICR_GPI_SDP1),
	      "GPIE.OCD: only queue causes clear on read (%#x)", v);
	ixm_reg_write(d, IX_EICR, 0);
	CHECK(ixm_reg_read(d, IX_EICS) == v, "writing 0 clears nothing");
	ixm_reg_write(d, IX_EICR, IX_EICR_LSC);
	CHECK(ixm_reg_read(d, IX_EICS) == IX_EICR_GPI_SDP1,
	      "write 1 to clear LSC only (%#x)", ixm_reg_read(d, IX_EICS));
	ixm_reg_write(d, IX_EICR, ~0u);
	CHECK(ixm_reg_read(d, IX_EICS) == 0, "write 1 to clear all");
	ixm_reg_write(d, IX_GPIE, 0);
}

int
main(void)
{
	struct bars b;
	struct ixm_dev *d = make_dev(&b);

	if (d == NULL) {
		printf("FAIL: ixm_create\n");
		return 1;
	}
	test_consistent();
	test_stats(d);
	test_plain_and_ro(d);
	test_masks(d);
	test_alias(d);
	test_reset_values(d);
	test_eicr(d);
	free_dev(d, &b);

	if (failures) {
		printf("test_ixm_regtab: %d failure(s)\n", failures);
		return 1;
	}
	printf("test_ixm_regtab: OK (%u rows)\n", ixm_reg_rows());
	return 0;
}

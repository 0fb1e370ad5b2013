/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Synchronous mode, for benchmarks that measure a driver's own cost
 * (doc/platform.md, "Synchronous mode and its cache model").
 *
 * ixemu_model_sync(1) parks the model thread; the device side then runs
 * only inside ixemu_model_step(), one round at a time in the caller's
 * thread, so no model code runs while the driver's bursts are timed.
 *
 * The cache model: a device's DMA write is not a store by a core.  On a
 * platform without DDIO the write invalidates the line in every CPU cache
 * and the data lands in memory; with DDIO it lands in the LLC.  A model
 * that copies a frame with memcpy() in the driver's own thread would
 * instead leave descriptors and buffers hot in that core's L1.  So at the
 * end of each step every cache line the device wrote during the step is
 * flushed (CLFLUSHOPT, or CLFLUSH without it; then MFENCE, so that they
 * are complete before the driver runs): the non-DDIO case, which is
 * pessimistic against a DDIO server, where those lines would be LLC hits.
 * Device reads leave the cache as it is (the model's loads may bring a
 * line in that a real device's read would not: the model's footprint in
 * the caller's caches is not modelled away).  Two other models can be
 * chosen: IXEMU_SYNC_DEMOTE (CLDEMOTE: the lines go to the LLC, roughly
 * where DDIO puts them; a hint the CPU may ignore) and IXEMU_SYNC_HOT
 * (nothing done: the impossible best case, for comparison).
 *
 * What the device wrote during a step:
 *   - every range the model translated for writing (host_dma_ptr() in
 *     platform.c notes it here): receive buffers, TX head write-back;
 *   - receive descriptors between RDH before and after the step (each was
 *     written back);
 *   - transmit descriptors between TDH before and after the step that now
 *     have DD set (the device writes back only those with RS).
 * Rings are found from the queue registers of every open function when
 * synchronous mode starts, and again every 1024 steps or when a ring's
 * registers or the IOMMU mappings change.
 */
#include <cpuid.h>
#include <errno.h>
#include <string.h>

#include "ixemu.h"
#include "ixm.h"
#include "ix82599_rxtx.h"
#include "vfioemu.h"

#define LINE 64u
#define WLOG_SIZE 4096u
#define MAX_RINGS 64u
#define RESCAN_STEPS 1024u

bool vemu_sync_on;

/* Ranges the device was given for writing during this step. */
static struct {
	uint8_t *p;
	size_t len;
} wlog[WLOG_SIZE];
static unsigned int nwlog;

struct sync_ring {
	const struct vemu_fn *fn;
	bool tx;
	uint32_t base_off;	/* RDBAL/TDBAL: BAH, LEN and H follow */
	uint32_t ctl_off;	/* RXDCTL/TXDCTL */
	uint32_t bal, bah, len;	/* as found */
	uint8_t *desc;		/* host address of descriptor 0 */
	uint32_t ndesc;
	uint32_t head;		/* RDH/TDH when the step began */
};

static struct sync_ring rings[MAX_RINGS];
static unsigned int nrings;
static uint64_t maps_seen;	/* map + unmap calls when rings were found */
static unsigned int steps_since_scan;
static bool has_clflushopt;
static int cache_model;		/* IXEMU_SYNC_* */

static uint32_t
reg(const struct vemu_fn *fn, uint32_t off)
{
	return __atomic_load_n((const uint32_t *)(fn->bar_model[0] + off),
			       __ATOMIC_ACQUIRE);
}

static uint64_t
map_changes(void)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < vemu.nfn; i++) {
		const struct iommu_domain *dom = vemu_fn_domain(&vemu.fn[i]);

		if (dom != NULL)
			n += dom->map_calls + dom->unmap_calls;
	}
	return n;
}

__attribute__((target("clflushopt")))
static void
flush_lines_opt(uintptr_t a, uintptr_t end)
{
	for (; a < end; a += LINE)
		__builtin_ia32_clflushopt((void *)a);
}

__attribute__((target("cldemote")))
static void
demote_lines(uintptr_t a, uintptr_t end)
{
	for (; a < end; a += LINE)
		__builtin_ia32_cldemote((void *)a);
}

static void
flush_range(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(LINE - 1);
	uintptr_t end = (uintptr_t)p + len;

	if (len == 0 || cache_model == IXEMU_SYNC_HOT)
		return;
	if (cache_model == IXEMU_SYNC_DEMOTE) {
		demote_lines(a, end);
		return;
	}
	if (has_clflushopt) {
		flush_lines_opt(a, end);
		return;
	}
	for (; a < end; a += LINE)
		__builtin_ia32_clflush((void *)a);
}

static void
flush_wlog(void)
{
	for (unsigned int i = 0; i < nwlog; i++)
		flush_range(wlog[i].p, wlog[i].len);
	nwlog = 0;
}

void
vemu_sync_note_write(void *p, size_t len)
{
	/*
	 * Full: the ranges noted so far are written already (the model
	 * writes a range before it asks for the next one), flush them now.
	 */
	if (nwlog == WLOG_SIZE)
		flush_wlog();
	wlog[nwlog].p = p;
	wlog[nwlog].len = len;
	nwlog++;
}

/* Host address of a whole ring, or NULL when no one mapping holds it. */
static uint8_t *
ring_host(struct vemu_fn *fn, uint64_t iova, uint32_t len)
{
	const struct iommu_domain *dom = vemu_fn_domain(fn);
	const struct iommu_mapping *m;

	if (dom == NULL || len == 0)
		return NULL;
	m = iommu_lookup(dom, iova);
	if (m == NULL || iova + len > m->iova + m->size)
		return NULL;
	return m->vaddr + (iova - m->iova);
}

static void
add_ring(struct vemu_fn *fn, bool tx, uint32_t base_off, uint32_t ctl_off)
{
	struct sync_ring *r;
	uint32_t bal = reg(fn, base_off), bah = reg(fn, base_off + 4);
	uint32_t len = reg(fn, base_off + 8) & IX_RDLEN_MASK;
	uint8_t *desc;

	desc = ring_host(fn, ((uint64_t)bah << 32) | (bal & IX_RDBAL_MASK),
			 len);
	if (desc == NULL || nrings == MAX_RINGS)
		return;
	r = &rings[nrings++];
	r->fn = fn;
	r->tx = tx;
	r->base_off = base_off;
	r->ctl_off = ctl_off;
	r->bal = bal;
	r->bah = bah;
	r->len = len;
	r->desc = desc;
	/* TX descriptors are 16 bytes too */
	r->ndesc = len / IX_RXD_SIZE;
}

/* Every enabled queue of every open function.  Lock held. */
static void
scan_rings(void)
{
	nrings = 0;
	for (unsigned int i = 0; i < vemu.nfn; i++) {
		struct vemu_fn *fn = &vemu.fn[i];

		if (!fn->dev_open || fn->ixm == NULL)
			continue;
		for (unsigned int q = 0; q < IX_NUM_RX_QUEUES; q++)
			if (reg(fn, IX_RXDCTL(q)) & IX_RXDCTL_ENABLE)
				add_ring(fn, false, IX_RDBAL(q), IX_RXDCTL(q));
		for (unsigned int q = 0; q < IX_NUM_TX_QUEUES; q++)
			if (reg(fn, IX_TXDCTL(q)) & IX_TXDCTL_ENABLE)
				add_ring(fn, true, IX_TDBAL(q), IX_TXDCTL(q));
	}
	maps_seen = map_changes();
	steps_since_scan = 0;
}

static bool
ring_valid(const struct sync_ring *r)
{
	uint32_t en = r->tx ? IX_TXDCTL_ENABLE : IX_RXDCTL_ENABLE;

	return (reg(r->fn, r->ctl_off) & en) &&
	       reg(r->fn, r->base_off) == r->bal &&
	       reg(r->fn, r->base_off + 4) == r->bah &&
	       (reg(r->fn, r->base_off + 8) & IX_RDLEN_MASK) == r->len;
}

/* Before a step's round (lock held): where each ring's head is. */
void
vemu_sync_begin(void)
{
	bool rescan = ++steps_since_scan >= RESCAN_STEPS ||
		      map_changes() != maps_seen;

	for (unsigned int i = 0; i < nrings && !rescan; i++)
		rescan = !ring_valid(&rings[i]);
	if (rescan)
		scan_rings();
	for (unsigned int i = 0; i < nrings; i++) {
		struct sync_ring *r = &rings[i];

		r->head = reg(r->fn, r->base_off + 0x10) & 0xffffu;
	}
}

/* Receive descriptors [from, to) were written back: flush them. */
static void
flush_rx(const struct sync_ring *r, uint32_t from, uint32_t to)
{
	if (to >= from) {
		flush_range(r->desc + from * IX_RXD_SIZE,
			    (to - from) * IX_RXD_SIZE);
	} else {
		flush_range(r->desc + from * IX_RXD_SIZE,
			    (r->ndesc - from) * IX_RXD_SIZE);
		flush_range(r->desc, to * IX_RXD_SIZE);
	}
}

/* Transmit descriptors [from, to) were done: flush those written back. */
static void
flush_tx(const struct sync_ring *r, uint32_t from, uint32_t to)
{
	uintptr_t last = 0;

	for (uint32_t i = from; i != to; i = i + 1 == r->ndesc ? 0 : i + 1) {
		const union ix_adv_tx_desc *d = (const void *)
			(r->desc + (size_t)i * IX_TXD_SIZE);
		uintptr_t line = (uintptr_t)d & ~(uintptr_t)(LINE - 1);

		if (line != last &&
		    ((uint32_t)(d->q[1] >> 32) & IX_TXD_STAT_DD)) {
			flush_range(d, IX_TXD_SIZE);
			last = line;
		}
	}
}

/* After a step's round (lock held): flush what the device wrote. */
void
vemu_sync_end(void)
{
	for (unsigned int i = 0; i < nrings; i++) {
		const struct sync_ring *r = &rings[i];
		uint32_t head = reg(r->fn, r->base_off + 0x10) & 0xffffu;

		if (head == r->head || head >= r->ndesc ||
		    r->head >= r->ndesc)
			continue;
		if (r->tx)
			flush_tx(r, r->head, head);
		else
			flush_rx(r, r->head, head);
	}
	flush_wlog();
	/*
	 * CLFLUSHOPT is weakly ordered: MFENCE waits until every flush is
	 * done (the lines written back), so that the device's writes are
	 * complete before the driver runs, as after a real DMA.
	 */
	__builtin_ia32_mfence();
}

/* CPUID leaf 7: EBX bit 23 CLFLUSHOPT, ECX bit 25 CLDEMOTE. */
static void
cpu_features(bool *clflushopt, bool *cldemote)
{
	unsigned int a, b, c, d;

	*clflushopt = false;
	*cldemote = false;
	if (__get_cpuid_max(0, NULL) < 7)
		return;
	__cpuid_count(7, 0, a, b, c, d);
	(void)a;
	(void)d;
	*clflushopt = (b & (1u << 23)) != 0;
	*cldemote = (c & (1u << 25)) != 0;
}

static const char *
cache_model_name(void)
{
	switch (cache_model) {
	case IXEMU_SYNC_DEMOTE:
		return "demoted to the LLC with cldemote";
	case IXEMU_SYNC_HOT:
		return "left in the caches";
	default:
		return has_clflushopt ? "flushed with clflushopt" :
					"flushed with clflush";
	}
}

int
ixemu_model_sync(int on)
{
	bool cldemote;

	if (on < 0 || on > IXEMU_SYNC_HOT)
		return -EINVAL;
	if (on) {
		cpu_features(&has_clflushopt, &cldemote);
		if (on == IXEMU_SYNC_DEMOTE && !cldemote)
			return -ENOTSUP;
		if (vemu_sync_on) {
			cache_model = on;
			return 0;
		}
		cache_model = on;
		vemu_model_park(true);
		vemu_lock();
		nwlog = 0;
		scan_rings();
		vemu_sync_on = true;
		vemu_unlock();
		vemu_log("synchronous mode: model thread parked, %u rings, "
			 "device writes %s", nrings, cache_model_name());
		return 0;
	}
	if (!vemu_sync_on)
		return 0;
	vemu_lock();
	vemu_sync_on = false;
	nwlog = 0;
	vemu_unlock();
	vemu_model_park(false);
	return 0;
}

unsigned int
ixemu_model_step(void)
{
	if (!vemu_sync_on)
		return 0;
	return vemu_model_step();
}

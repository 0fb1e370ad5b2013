/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iommu.h"

#define MIN_PAGE_SHIFT 12u

static const unsigned int class_shift[IOTLB_SIZE_CLASSES] = { 12, 21, 30 };

int
iommu_domain_init(struct iommu_domain *dom, unsigned int id,
		  unsigned int iotlb_entries, unsigned int max_page_shift)
{
	unsigned int c;

	memset(dom, 0, sizeof(*dom));
	dom->id = id;
	/* Keep the entry count a power of two so the set index is a mask. */
	if (iotlb_entries == 0 || (iotlb_entries & (iotlb_entries - 1)))
		return -EINVAL;
	dom->iotlb_entries = iotlb_entries;
	dom->max_page_shift = max_page_shift ? max_page_shift : 30;
	for (c = 0; c < IOTLB_SIZE_CLASSES; c++) {
		dom->iotlb[c] = calloc(iotlb_entries, sizeof(struct iotlb_entry));
		if (dom->iotlb[c] == NULL) {
			iommu_domain_fini(dom);
			return -ENOMEM;
		}
	}
	return 0;
}

void
iommu_domain_fini(struct iommu_domain *dom)
{
	unsigned int c;

	for (c = 0; c < IOTLB_SIZE_CLASSES; c++) {
		free(dom->iotlb[c]);
		dom->iotlb[c] = NULL;
	}
	free(dom->maps);
	dom->maps = NULL;
	dom->nmaps = 0;
	dom->cap = 0;
}

static void
recent_drop(struct iommu_domain *dom)
{
	memset(dom->recent, 0, sizeof(dom->recent));
}

void
iommu_iotlb_flush(struct iommu_domain *dom)
{
	unsigned int c;

	recent_drop(dom);

	for (c = 0; c < IOTLB_SIZE_CLASSES; c++)
		if (dom->iotlb[c] != NULL)
			memset(dom->iotlb[c], 0,
			       dom->iotlb_entries * sizeof(struct iotlb_entry));
}

/* Index of the first mapping whose end is above iova. */
static size_t
first_ending_after(const struct iommu_domain *dom, uint64_t iova)
{
	size_t lo = 0, hi = dom->nmaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct iommu_mapping *m = &dom->maps[mid];

		if (m->iova + m->size <= iova)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct iommu_mapping *
iommu_lookup(const struct iommu_domain *dom, uint64_t iova)
{
	size_t i = first_ending_after(dom, iova);

	if (i < dom->nmaps && dom->maps[i].iova <= iova)
		return &dom->maps[i];
	return NULL;
}

/*
 * The IOMMU uses the largest page that the IOVA, the process address and
 * the length are all aligned to: hugepage-backed memory is mapped with
 * 2 MiB (or 1 GiB) IOMMU pages, 4 KiB-page memory with 4 KiB pages.
 */
static unsigned int
mapping_page_shift(uint64_t iova, uint64_t size, uintptr_t vaddr,
		   unsigned int max_shift)
{
	int c;

	for (c = IOTLB_SIZE_CLASSES - 1; c > 0; c--) {
		uint64_t mask = (1ull << class_shift[c]) - 1;

		if (class_shift[c] > max_shift)
			continue;
		if (((iova | size | vaddr) & mask) == 0)
			return class_shift[c];
	}
	return class_shift[0];
}

int
iommu_map(struct iommu_domain *dom, uint64_t iova, uint64_t size,
	  void *vaddr, uint32_t prot)
{
	uint64_t page_mask = (1ull << MIN_PAGE_SHIFT) - 1;
	struct iommu_mapping *m;
	size_t i;

	if (size == 0 || ((iova | size | (uintptr_t)vaddr) & page_mask))
		return -EINVAL;
	if (iova + size - 1 < iova ||
	    (uintptr_t)vaddr + size - 1 < (uintptr_t)vaddr)
		return -EINVAL;
	if ((prot & (IOMMU_PROT_READ | IOMMU_PROT_WRITE)) == 0)
		return -EINVAL;

	i = first_ending_after(dom, iova);
	if (i < dom->nmaps && dom->maps[i].iova < iova + size)
		return -EEXIST;

	if (dom->nmaps == dom->cap) {
		size_t ncap = dom->cap ? dom->cap * 2 : 64;
		struct iommu_mapping *n;

		n = realloc(dom->maps, ncap * sizeof(*n));
		if (n == NULL)
			return -ENOMEM;
		dom->maps = n;
		dom->cap = ncap;
	}
	memmove(&dom->maps[i + 1], &dom->maps[i],
		(dom->nmaps - i) * sizeof(*m));
	m = &dom->maps[i];
	m->iova = iova;
	m->size = size;
	m->vaddr = vaddr;
	m->prot = prot;
	m->page_shift = mapping_page_shift(iova, size, (uintptr_t)vaddr,
					   dom->max_page_shift);
	dom->nmaps++;
	dom->map_calls++;
	return 0;
}

int
iommu_unmap(struct iommu_domain *dom, uint64_t iova, uint64_t size,
	    uint64_t *unmapped)
{
	uint64_t end = iova + size;
	size_t first, last;

	*unmapped = 0;
	if (size == 0 || ((iova | size) & ((1ull << MIN_PAGE_SHIFT) - 1)))
		return -EINVAL;
	if (end - 1 < iova)
		return -EINVAL;

	first = first_ending_after(dom, iova);
	/* The range may not start inside a mapping ... */
	if (first < dom->nmaps && dom->maps[first].iova < iova)
		return -EINVAL;
	last = first;
	while (last < dom->nmaps && dom->maps[last].iova < end) {
		/* ... nor end inside one. */
		if (dom->maps[last].iova + dom->maps[last].size > end)
			return -EINVAL;
		*unmapped += dom->maps[last].size;
		last++;
	}
	memmove(&dom->maps[first], &dom->maps[last],
		(dom->nmaps - last) * sizeof(struct iommu_mapping));
	dom->nmaps -= last - first;
	dom->unmap_calls++;
	/* Type 1 flushes the IOTLB before it returns from an unmap. */
	if (last != first)
		iommu_iotlb_flush(dom);
	return 0;
}

/*
 * Drop the recent copies of the IOTLB entry for the page [base, base +
 * size).  A 4 KiB or 2 MiB page has its copy in one slot only; a 1 GiB
 * page may have one in any slot (one per 2 MiB of it that was used).
 */
static void
recent_evict(struct iommu_domain *dom, uint64_t base, uint64_t size)
{
	unsigned int i;

	if (size <= (1ull << IOTLB_RECENT_SHIFT)) {
		struct iotlb_recent *r = iommu_recent_slot(dom, base);

		if (r->base == base && r->size == size)
			r->size = 0;
		return;
	}
	for (i = 0; i < IOTLB_RECENT; i++)
		if (dom->recent[i].base == base && dom->recent[i].size == size)
			dom->recent[i].size = 0;
}

/* Translate the page holding iova; counts one IOTLB hit or miss. */
static const struct iotlb_entry *
translate_page(struct iommu_domain *dom, uint64_t iova, unsigned int *shift)
{
	const struct iommu_mapping *m;
	struct iotlb_entry *e;
	unsigned int c;
	uint64_t vpn;

	for (c = 0; c < IOTLB_SIZE_CLASSES; c++) {
		vpn = iova >> class_shift[c];
		e = &dom->iotlb[c][vpn & (dom->iotlb_entries - 1)];
		if (e->tag == vpn + 1) {
			dom->iotlb_hits++;
			*shift = class_shift[c];
			return e;
		}
	}
	dom->iotlb_misses++;
	m = iommu_lookup(dom, iova);
	if (m == NULL)
		return NULL;
	for (c = 0; class_shift[c] != m->page_shift; c++)
		;
	vpn = iova >> m->page_shift;
	e = &dom->iotlb[c][vpn & (dom->iotlb_entries - 1)];
	/* The fill evicts this entry: its recent copies go with it. */
	if (e->tag != 0)
		recent_evict(dom, (e->tag - 1) << class_shift[c],
			     1ull << class_shift[c]);
	e->tag = vpn + 1;
	e->page_vaddr = m->vaddr + ((vpn << m->page_shift) - m->iova);
	e->prot = m->prot;
	*shift = m->page_shift;
	return e;
}

/* Remember the IOTLB entry of a single-page translation. */
static void
recent_add(struct iommu_domain *dom, const struct iotlb_entry *e,
	   uint64_t iova, unsigned int shift)
{
	struct iotlb_recent *r = iommu_recent_slot(dom, iova);

	r->size = 1ull << shift;
	r->base = iova & ~(r->size - 1);
	r->page_vaddr = e->page_vaddr;
	r->prot = e->prot;
}

/* Every page of the range through the IOTLB (and the page table). */
void *
iommu_translate_range(struct iommu_domain *dom, uint64_t iova, size_t len,
		      uint32_t prot)
{
	const struct iotlb_entry *e = NULL;
	uint8_t *first = NULL, *expect = NULL;
	unsigned int shift = 0, pages = 0;
	uint64_t cur, end;

	if (len == 0)
		len = 1;
	end = iova + len;
	if (end < iova)
		return NULL;	/* wraps around the IOVA space */
	for (cur = iova; cur < end; ) {
		uint64_t page_base;
		uint8_t *host;

		e = translate_page(dom, cur, &shift);
		if (e == NULL || (e->prot & prot) != prot)
			return NULL;
		page_base = cur & ~((1ull << shift) - 1);
		host = e->page_vaddr + (cur - page_base);
		if (first == NULL)
			first = host;
		else if (host != expect)
			return NULL;	/* not contiguous in the process */
		cur = page_base + (1ull << shift);
		expect = first + (cur - iova);
		pages++;
	}
	if (pages == 1)
		recent_add(dom, e, iova, shift);
	return first;
}

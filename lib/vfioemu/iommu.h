/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * A model of a VFIO type-1 IOMMU domain: IOVA to process-address
 * translation with per-mapping permissions, Linux type-1 map/unmap rules,
 * an IOTLB with hit/miss counters and a fault log.
 *
 * Not thread safe: the platform serialises every call with its lock.
 */
#ifndef VFIOEMU_IOMMU_H
#define VFIOEMU_IOMMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IOMMU_PROT_READ		0x1u	/* device may read */
#define IOMMU_PROT_WRITE	0x2u	/* device may write */

struct iommu_mapping {
	uint64_t iova;
	uint64_t size;
	uint8_t *vaddr;
	uint32_t prot;
	uint32_t page_shift;	/* IOMMU page size used for this mapping */
};

struct iotlb_entry {
	uint64_t tag;		/* iova >> page_shift, plus one; 0 = invalid */
	uint8_t *page_vaddr;	/* host address of the page start */
	uint32_t prot;
};

#define IOTLB_SIZE_CLASSES 3	/* 4 KiB, 2 MiB, 1 GiB */

/*
 * Copies of the IOTLB entries that served recent translations, one slot
 * per 2 MiB of IOVA (direct mapped on iova >> 21), so that a device moving
 * between a few pages (TX and RX buffer pools, rings) finds its entry in
 * one probe instead of probing every page-size class.  A copy is only
 * used while its entry is still in the IOTLB: an IOTLB fill that evicts
 * an entry drops that entry's copies, and a flush drops all, so a
 * translation served here is exactly one the IOTLB would hit, and is
 * counted as that hit.
 */
#define IOTLB_RECENT 16u	/* power of two */
#define IOTLB_RECENT_SHIFT 21

struct iotlb_recent {
	uint64_t base;		/* IOVA of the page start */
	uint64_t size;		/* page size; 0 = unused slot */
	uint8_t *page_vaddr;
	uint32_t prot;
};

struct iommu_domain {
	unsigned int id;
	struct iommu_mapping *maps;	/* sorted by iova, no overlaps */
	size_t nmaps;
	size_t cap;
	unsigned int max_page_shift;	/* cap on page size (4 KiB tests) */
	unsigned int iotlb_entries;	/* per size class, power of two */
	struct iotlb_entry *iotlb[IOTLB_SIZE_CLASSES];
	struct iotlb_recent recent[IOTLB_RECENT];
	uint64_t map_calls;
	uint64_t unmap_calls;
	uint64_t iotlb_hits;
	uint64_t iotlb_misses;
	uint64_t faults;
};

int iommu_domain_init(struct iommu_domain *dom, unsigned int id,
		      unsigned int iotlb_entries, unsigned int max_page_shift);
void iommu_domain_fini(struct iommu_domain *dom);

/*
 * VFIO_IOMMU_MAP_DMA: fails with -EEXIST if any byte of the range is
 * already mapped, -EINVAL on zero size, misalignment or wrap-around.
 */
int iommu_map(struct iommu_domain *dom, uint64_t iova, uint64_t size,
	      void *vaddr, uint32_t prot);

/*
 * VFIO_IOMMU_UNMAP_DMA: removes every mapping that lies entirely inside
 * [iova, iova + size) and returns the number of bytes unmapped in *unmapped.
 * As in Linux type 1, a range that would split a mapping fails with -EINVAL
 * (bisecting a mapping is not allowed; unmapping its exact range, or a
 * superset, is).
 */
int iommu_unmap(struct iommu_domain *dom, uint64_t iova, uint64_t size,
		uint64_t *unmapped);

/* The general case of iommu_translate(): any range, through the IOTLB. */
void *iommu_translate_range(struct iommu_domain *dom, uint64_t iova,
			    size_t len, uint32_t prot);

static inline struct iotlb_recent *
iommu_recent_slot(struct iommu_domain *dom, uint64_t iova)
{
	return &dom->recent[(iova >> IOTLB_RECENT_SHIFT) &
			    (IOTLB_RECENT - 1)];
}

/*
 * Translate a device access.  Returns the host address for [iova, iova+len)
 * when every page of it is mapped with 'prot', otherwise NULL (the caller
 * records the fault).  Every page touched counts one IOTLB hit or miss.
 * Inline for its fast path: one page found in the recent copies, a hit.
 */
static inline void *
iommu_translate(struct iommu_domain *dom, uint64_t iova, size_t len,
		uint32_t prot)
{
	const struct iotlb_recent *r = iommu_recent_slot(dom, iova);
	uint64_t off = iova - r->base;

	if (len != 0 && off < r->size && len <= r->size - off &&
	    (r->prot & prot) == prot) {
		dom->iotlb_hits++;
		return r->page_vaddr + off;
	}
	return iommu_translate_range(dom, iova, len, prot);
}

/* Find the mapping holding iova, or NULL. */
const struct iommu_mapping *iommu_lookup(const struct iommu_domain *dom,
					 uint64_t iova);

void iommu_iotlb_flush(struct iommu_domain *dom);

#endif /* VFIOEMU_IOMMU_H */

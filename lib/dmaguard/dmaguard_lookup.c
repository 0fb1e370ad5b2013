/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The fast path: is a DMA range inside the domain?
 *
 * The mappings, merged where IOVA-contiguous, live in a fixed array inside
 * the domain (at most DMAGUARD_MAX_MAPPINGS entries, so the array is never
 * reallocated and a reader never touches freed memory).  The control path
 * rewrites it under the domain lock as a seqlock writer: the sequence
 * number is odd while it writes.  Readers take no lock and write nothing
 * shared (except the failed-lookup counter): they read the sequence,
 * binary-search, and retry if the sequence moved.  All accesses to the
 * table are atomic (relaxed) so that a torn read is only ever discarded,
 * never undefined.
 */
#include <errno.h>

#include <rte_mbuf.h>
#include <rte_pause.h>

#include "dmaguard_priv.h"

void
dmaguard_lut_publish(struct dmaguard_domain *dom)
{
	struct dmaguard_lut *lut = &dom->lut;
	uint32_t seq = lut->seq;	/* only writers write it; lock held */
	unsigned int i, n = 0;
	rte_iova_t start = 0, last = 0;

	__atomic_store_n(&lut->seq, seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	for (i = 0; i < dom->nmaps; i++) {
		const struct dmaguard_range *m = &dom->maps[i];

		if (n > 0 && last != UINT64_MAX && m->iova == last + 1) {
			last = m->iova + m->len - 1;
			continue;
		}
		if (n > 0) {
			__atomic_store_n(&lut->e[n - 1].start, start,
					 __ATOMIC_RELAXED);
			__atomic_store_n(&lut->e[n - 1].last, last,
					 __ATOMIC_RELAXED);
		}
		start = m->iova;
		last = m->iova + m->len - 1;
		n++;
	}
	if (n > 0) {
		__atomic_store_n(&lut->e[n - 1].start, start, __ATOMIC_RELAXED);
		__atomic_store_n(&lut->e[n - 1].last, last, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&lut->n, n, __ATOMIC_RELAXED);
	__atomic_store_n(&lut->seq, seq + 2, __ATOMIC_RELEASE);
}

/* One attempt; *retry set if a writer overlapped it. */
static inline bool
lut_search(const struct dmaguard_lut *lut, rte_iova_t iova, rte_iova_t last,
	   bool *retry)
{
	uint32_t s1, s2, n, lo, hi;
	bool found = false;

	s1 = __atomic_load_n(&lut->seq, __ATOMIC_ACQUIRE);
	if (s1 & 1) {
		*retry = true;
		return false;
	}
	n = __atomic_load_n(&lut->n, __ATOMIC_RELAXED);
	if (n > DMAGUARD_MAX_MAPPINGS)
		n = DMAGUARD_MAX_MAPPINGS;
	/* the last entry whose start <= iova */
	lo = 0;
	hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (__atomic_load_n(&lut->e[mid].start, __ATOMIC_RELAXED) <=
		    iova)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0)
		found = last <= __atomic_load_n(&lut->e[lo - 1].last,
						__ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	s2 = __atomic_load_n(&lut->seq, __ATOMIC_RELAXED);
	*retry = s1 != s2;
	return found;
}

bool
dmaguard_contains(struct dmaguard_domain *dom, rte_iova_t iova, uint64_t len)
{
	bool found = false, retry;
	rte_iova_t last;

	if (unlikely(dom->mode == DMAGUARD_MODE_SHARED))
		return true;
	if (likely(len != 0 && iova + (len - 1) >= iova)) {
		last = iova + (len - 1);
		for (;;) {
			found = lut_search(&dom->lut, iova, last, &retry);
			if (likely(!retry))
				break;
			rte_pause();
		}
	}
	if (unlikely(!found))
		__atomic_fetch_add(&dom->lookup_failures, 1, __ATOMIC_RELAXED);
	return found;
}

bool
dmaguard_range_of(struct dmaguard_domain *dom, rte_iova_t iova,
		  rte_iova_t *start, rte_iova_t *last)
{
	const struct dmaguard_lut *lut = &dom->lut;
	uint32_t s1, s2 = 0, n, lo, hi;
	rte_iova_t a = 0, b = 0;
	bool found;

	if (dom->mode == DMAGUARD_MODE_SHARED)
		return false;
	do {
		s1 = __atomic_load_n(&lut->seq, __ATOMIC_ACQUIRE);
		if (s1 & 1) {
			rte_pause();
			continue;
		}
		n = __atomic_load_n(&lut->n, __ATOMIC_RELAXED);
		if (n > DMAGUARD_MAX_MAPPINGS)
			n = DMAGUARD_MAX_MAPPINGS;
		lo = 0;
		hi = n;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;

			if (__atomic_load_n(&lut->e[mid].start,
					    __ATOMIC_RELAXED) <= iova)
				lo = mid + 1;
			else
				hi = mid;
		}
		found = false;
		if (lo > 0) {
			a = __atomic_load_n(&lut->e[lo - 1].start,
					    __ATOMIC_RELAXED);
			b = __atomic_load_n(&lut->e[lo - 1].last,
					    __ATOMIC_RELAXED);
			found = iova <= b;
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		s2 = __atomic_load_n(&lut->seq, __ATOMIC_RELAXED);
	} while ((s1 & 1) || s1 != s2);
	if (found) {
		*start = a;
		*last = b;
	}
	return found;
}

int
dmaguard_admit_mbuf(struct dmaguard_domain *dom, struct rte_mbuf *seg)
{
	struct rte_mempool *mp;
	int ret;

	if (likely(dmaguard_contains(dom, rte_mbuf_data_iova(seg),
				     seg->data_len)))
		return 0;
	if (dom->mode != DMAGUARD_MODE_PORT)
		return -EPERM;
	/*
	 * Slow path: a TX mempool seen for the first time.  An external
	 * buffer only if its pool pins it (its data areas are mapped).
	 */
	if (RTE_MBUF_HAS_EXTBUF(seg))
		mp = dmaguard_extbuf_pool_of(seg);
	else
		mp = RTE_MBUF_CLONED(seg) ? rte_mbuf_from_indirect(seg)->pool :
					    seg->pool;
	if (mp == NULL)
		return -EPERM;
	ret = dmaguard_map_mempool_tx(dom, mp, NULL);
	if (ret < 0)
		return ret;
	return dmaguard_contains(dom, rte_mbuf_data_iova(seg), seg->data_len) ?
	       0 : -EPERM;
}

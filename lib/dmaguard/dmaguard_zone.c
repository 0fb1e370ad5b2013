/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Shared memory that no device can be given (dmaguard_private_zone()).
 *
 * State that secondary processes read (domains, a driver's counters)
 * must live in DPDK's shared memory, which is also where rings and
 * packet buffers come from.  IOMMU mappings are whole pages: a mapping
 * of a ring or a pool covers every byte of the pages it touches, heap
 * element headers included.  A zone made of whole pages, aligned to the
 * size of the pages it lies in, shares no page with any other
 * allocation, so no mapping of another object can reach it.  (In shared
 * mode the EAL maps all of DPDK's memory for the device anyway.)
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "dmaguard_priv.h"

const struct rte_memzone *
dmaguard_private_zone(const char *name, size_t len)
{
	const struct rte_memzone *mz = rte_memzone_lookup(name);
	uint64_t page = rte_eal_has_hugepages() ? RTE_PGSIZE_2M : 4096;
	const struct rte_memseg_list *msl;
	int tries;

	if (mz != NULL || rte_eal_process_type() != RTE_PROC_PRIMARY) {
		if (mz == NULL)
			rte_errno = ENOENT;
		else if (mz->len < len)
			mz = NULL, rte_errno = EINVAL;
		return mz;
	}
	/*
	 * Which page size the heap gives is known only afterwards: should
	 * the zone land in larger pages than it is aligned to, it is
	 * reserved again at that size.
	 */
	for (tries = 0; tries < 2; tries++) {
		mz = rte_memzone_reserve_aligned(name,
			RTE_ALIGN_CEIL(len, page), SOCKET_ID_ANY, 0,
			(unsigned int)page);
		if (mz == NULL)
			break;
		msl = rte_mem_virt2memseg_list(mz->addr);
		if (msl == NULL || msl->page_sz <= page) {
			memset(mz->addr, 0, mz->len);
			return mz;
		}
		page = msl->page_sz;
		rte_memzone_free(mz);
		rte_errno = ENOMEM;
	}
	DMAGUARD_LOG(ERR, "zone %s (%zu bytes in %" PRIu64 "-byte pages): %s",
		     name, len, page, rte_strerror(rte_errno));
	return NULL;
}

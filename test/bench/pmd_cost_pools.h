/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The mbuf pools pmd_cost (pmd_cost.c) feeds its pairs of ports from.
 */
#ifndef PMD_COST_POOLS_H
#define PMD_COST_POOLS_H

struct rte_mempool;

/*
 * The kinds of mbuf pool a pair can be fed from (--pools):
 *   native  rte_pktmbuf_pool_create(): headers next to the data
 *   xbuf    a pinned external-buffer pool laid out as dpdk-testpmd
 *           --mp-alloc=xbuf lays it: zones of 2 MiB - 256 bytes,
 *           default alignment, buffers back to back
 *   xbuf2m  the same on 2 MiB-aligned zones of 2 MiB (as guardpmd
 *           --mp-alloc=xbuf): every page of the areas is whole
 */
enum pool_kind { POOL_NATIVE, POOL_XBUF, POOL_XBUF2M, POOL_KINDS };
extern const char *const pool_names[POOL_KINDS];

/*
 * A new pool of kind k with 'mbufs' buffers, its name numbered 'slot'
 * (pools of one kind may coexist); NULL if it cannot be made.
 */
struct rte_mempool *pmd_cost_pool(enum pool_kind k, unsigned int slot,
				  unsigned int mbufs);

#endif /* PMD_COST_POOLS_H */

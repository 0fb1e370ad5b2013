/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * TX memory: frames from a pool port 0's domain has never seen.  Port
 * mode maps it on first use, shadow mode copies the frames into its TX
 * shadow area; strict mode drops them (tx_dma_refused_packets) until the
 * pool is registered with rte_pmd_ixguard_dma_map_mempool().  Frames
 * from the buffers in the edge pages of a pinned external-buffer pool
 * (never mapped) are copied in every private mode.  No fault, every mbuf
 * back in its pool.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_memzone.h>
#include <rte_mempool.h>

#include "confinement.h"
#include "log_capture.h"
#include "test_ports.h"
#include "../../app/guardpmd/pmd_sym.h"

typedef int (*map_mempool_fn)(uint16_t, struct rte_mempool *);

/* rte_pmd_ixguard_dma_map_mempool() of the -d plugin, or NULL. */
static map_mempool_fn
map_mempool_find(void)
{
	void *sym = pmd_sym("rte_pmd_ixguard_dma_map_mempool");
	map_mempool_fn fn = NULL;

	memcpy(&fn, &sym, sizeof(fn));
	return fn;
}

/*
 * A pool the port only transmits from is mapped read-only (port mode when
 * it first sends from it, strict mode when it is registered): the device
 * reads a buffer of it, and its write there is an IOMMU fault that the
 * driver counts, with the bytes unchanged.
 */
static void
tx_pool_read_only(struct rte_mempool *txp)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(txp);
	uint8_t before[64], buf[64];
	uint64_t f0 = faults_now();
	uint64_t x0 = test_xstat(0, "iommu_faults");
	rte_iova_t iova;
	int r, w;

	CHECK(m != NULL, "an mbuf of the TX-only pool");
	if (m == NULL)
		return;
	iova = rte_pktmbuf_iova(m);
	memcpy(before, rte_pktmbuf_mtod(m, void *), sizeof(before));
	r = platform.dma_attack(0, iova, sizeof(buf), 0, buf);
	memset(buf, 0xee, sizeof(buf));
	w = platform.dma_attack(0, iova, sizeof(buf), 1, buf);
	CHECK(r == 0 && w != 0 && faults_now() == f0 + 1 &&
	      memcmp(before, rte_pktmbuf_mtod(m, void *), sizeof(before)) == 0,
	      "%s: the TX-only pool is read-only for the device (read %s, "
	      "write %s, %" PRIu64 " fault(s), bytes %s)", mode_name,
	      r == 0 ? "allowed" : "refused", w == 0 ? "ALLOWED" : "refused",
	      faults_now() - f0,
	      memcmp(before, rte_pktmbuf_mtod(m, void *), sizeof(before)) ?
	      "CHANGED" : "unchanged");
	CHECK(test_xstat(0, "iommu_faults") == x0 + 1,
	      "%s: the driver counted the write into the TX-only pool "
	      "(iommu_faults +%" PRIu64 ")", mode_name,
	      test_xstat(0, "iommu_faults") - x0);
	rte_pktmbuf_free(m);
}

/*
 * TX from a mempool the domain has never seen: port mode maps it on the
 * first packet (slow path) and the frames go out; strict mode drops them,
 * counts them in tx_dma_refused_packets and never hands them to the
 * device; once the pool is registered (rte_pmd_ixguard_dma_map_mempool(),
 * port stopped), strict mode sends from it too.
 */
void
tx_pool_checks(void)
{
	struct rte_mempool *txp = test_pool_create("txonly_pool", 1024);
	map_mempool_fn map_mempool = map_mempool_find();
	uint64_t f0 = faults_now();
	uint64_t ref0 = test_xstat(0, "tx_dma_refused_packets");
	unsigned int sent, rx;
	bool strict = strcmp(mode_name, "strict") == 0;

	CHECK(txp != NULL && map_mempool != NULL,
	      "a TX-only pool, and rte_pmd_ixguard_dma_map_mempool() found");
	if (txp == NULL || map_mempool == NULL)
		return;
	drain(1, 20, 0, NULL);
	sent = send_from(0, txp, 32);
	rx = drain(1, 300, 0, NULL);
	if (strict) {
		CHECK(sent == 32 && rx == 0 &&
		      test_xstat(0, "tx_dma_refused_packets") == ref0 + 32,
		      "strict: 32 frames from an unregistered pool refused and "
		      "counted (%u received, tx_dma_refused_packets +%" PRIu64
		      ")", rx, test_xstat(0, "tx_dma_refused_packets") - ref0);
		/* Never silent: one line for the queue, saying why. */
		CHECK(log_capture_count(0, "port 0 txq 0: packet dropped",
					"strict mode") == 1,
		      "strict: the refusal is logged once, with the reason");
		rte_eth_dev_stop(0);
		CHECK(map_mempool(0, txp) == 0,
		      "strict: the pool registered with the port stopped");
		rte_eth_dev_start(0);
		rte_delay_ms(50);
		drain(1, 20, 0, NULL);
		sent = send_from(0, txp, 32);
		rx = drain(1, 300, 0, NULL);
		CHECK(rx == 32 && test_xstat(0, "tx_dma_refused_packets") ==
		      ref0 + 32, "strict: the registered pool sends (%u of "
		      "%u received)", rx, sent);
	} else {
		CHECK(sent == 32 && rx == 32 &&
		      test_xstat(0, "tx_dma_refused_packets") == ref0,
		      "%s: the frames of a pool the port never saw go out "
		      "(%s; %u of %u received)", mode_name, shadow ?
		      "copied into the TX shadow" : "mapped on first use",
		      rx, sent);
	}
	CHECK(faults_now() == f0, "no IOMMU fault from TX-pool handling");
	if (!shadow)
		tx_pool_read_only(txp);
	/* Sent mbufs are freed lazily; stopping the port frees the rest. */
	rte_eth_dev_stop(0);
	CHECK(rte_mempool_avail_count(txp) == 1024,
	      "every mbuf of the TX-only pool came back (%u of 1024)",
	      rte_mempool_avail_count(txp));
	rte_eth_dev_start(0);
	rte_delay_ms(50);
}

/* ---- TX from the edge pages of a pinned external-buffer pool ---------- */

#define EDGE_NB		512u
#define EDGE_MAX	16u

/* A frame of 64 bytes: broadcast, then seed, seed + 1, ... */
static void
edge_frame_fill(struct rte_mbuf *m, uint8_t seed)
{
	uint8_t *d = rte_pktmbuf_mtod(m, uint8_t *);
	unsigned int j;

	memset(d, 0xff, 6);
	for (j = 6; j < 64; j++)
		d[j] = (uint8_t)(seed + j - 6);
	m->data_len = m->pkt_len = 64;
}

/* Is m exactly a frame of edge_frame_fill() with a seed in [0x40, 0x40+n)? */
static bool
edge_frame_match(const struct rte_mbuf *m, const void *arg)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	unsigned int n = *(const unsigned int *)arg, j;

	if (m->pkt_len != 64 || m->data_len != 64 || d[6] < 0x40 ||
	    d[6] >= 0x40 + n)
		return false;
	for (j = 0; j < 6; j++)
		if (d[j] != 0xff)
			return false;
	for (j = 6; j < 64; j++)
		if (d[j] != (uint8_t)(d[6] + j - 6))
			return false;
	return true;
}

bool
in_edge_page(rte_iova_t b, uint32_t len, rte_iova_t start, rte_iova_t end)
{
	return b < RTE_ALIGN_CEIL(start, EDGE_PAGE) ||
	       b + len > RTE_ALIGN_FLOOR(end, EDGE_PAGE);
}

struct rte_mempool *
edge_pool_create(const char *name, unsigned int nb, rte_iova_t *start,
		 rte_iova_t *end)
{
	char zname[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	struct rte_pktmbuf_extmem ext;
	struct rte_mempool *xp;

	snprintf(zname, sizeof(zname), "%s_zone", name);
	mz = rte_memzone_reserve_aligned(zname, nb * EDGE_ELT + 2 * EDGE_PAGE,
					 SOCKET_ID_ANY,
					 RTE_MEMZONE_IOVA_CONTIG, EDGE_PAGE);
	CHECK(mz != NULL, "a zone for the external buffers of %s", name);
	if (mz == NULL)
		return NULL;
	ext.buf_ptr = RTE_PTR_ADD(mz->addr, 128);
	ext.buf_iova = mz->iova + 128;
	ext.buf_len = nb * EDGE_ELT;
	ext.elt_size = EDGE_ELT;
	*start = ext.buf_iova;
	*end = *start + ext.buf_len;
	xp = rte_pktmbuf_pool_create_extbuf(name, nb, 0, 0, EDGE_ELT,
					    SOCKET_ID_ANY, &ext, 1);
	CHECK(xp != NULL, "a pinned external-buffer pool (%s)", name);
	return xp;
}

/*
 * Place m's 64 data bytes in an edge page if its buffer reaches one (at
 * the start or at the end of the buffer); false if it does not.  Only
 * the data is given to the device: a buffer that merely reaches an edge
 * page sends from a mapped page when its data lies there.
 */
static bool
edge_buffer(struct rte_mbuf *m, rte_iova_t start, rte_iova_t end)
{
	rte_iova_t b = rte_mbuf_iova_get(m);

	if (in_edge_page(b, 64, start, end))
		m->data_off = 0;
	else if (in_edge_page(b + m->buf_len - 64, 64, start, end))
		m->data_off = m->buf_len - 64;
	else
		return false;
	return true;
}

/*
 * Frames from the buffers of a pinned external-buffer pool that lie in
 * the pages its data area shares with other memory (testpmd's xbuf zones
 * have them at both ends).  The domain maps only the whole pages inside
 * the area, so in port and strict modes such a packet is copied into the
 * queue's read-only TX slots (tx_dma_bounced_packets), logged once, and
 * reaches the wire byte for byte; nothing is refused, no IOMMU fault, and
 * every mbuf goes back to the pool.
 */
void
tx_edge_checks(void)
{
	static struct rte_mbuf *all[EDGE_NB];
	struct rte_mbuf *edge[EDGE_MAX];
	struct rte_mempool *xp;
	map_mempool_fn map_mempool = map_mempool_find();
	bool strict = strcmp(mode_name, "strict") == 0;
	bool bounces = !shadow;
	uint64_t f0 = faults_now();
	uint64_t ref0 = test_xstat(0, "tx_dma_refused_packets");
	uint64_t b0 = test_xstat(0, "tx_dma_bounced_packets");
	unsigned int i, n = 0, nedge = 0, rx, matched = 0;
	rte_iova_t start, end;
	uint16_t sent;

	xp = edge_pool_create("xb_edge", EDGE_NB, &start, &end);
	CHECK(map_mempool != NULL, "rte_pmd_ixguard_dma_map_mempool() found");
	if (xp == NULL || map_mempool == NULL)
		return;
	while (n < EDGE_NB && (all[n] = rte_pktmbuf_alloc(xp)) != NULL) {
		if (edge_buffer(all[n], start, end) && nedge < EDGE_MAX)
			edge[nedge++] = all[n];
		else
			n++;
	}
	CHECK(nedge >= 2, "the pool has buffers in its edge pages (%u)",
	      nedge);
	rte_pktmbuf_free_bulk(all, n);
	if (strict) {
		/* Strict: TX memory is registered before start. */
		rte_eth_dev_stop(0);
		CHECK(map_mempool(0, xp) == 0,
		      "strict: the pool registered with the port stopped");
		rte_eth_dev_start(0);
		rte_delay_ms(50);
	}
	for (i = 0; i < nedge; i++)
		edge_frame_fill(edge[i], (uint8_t)(0x40 + i));
	drain(1, 20, 0, NULL);
	sent = rte_eth_tx_burst(0, 0, edge, (uint16_t)nedge);
	rte_pktmbuf_free_bulk(edge + sent, nedge - sent);
	rx = test_drain(1, nedge, 500, edge_frame_match, &nedge, &matched);
	CHECK(sent == nedge && rx == nedge && matched == nedge,
	      "%s: %u frames from edge buffers reach the wire byte for byte "
	      "(%u sent, %u received, %u exact)", mode_name, nedge, sent, rx,
	      matched);
	CHECK(test_xstat(0, "tx_dma_refused_packets") == ref0,
	      "%s: none refused", mode_name);
	CHECK(test_xstat(0, "tx_dma_bounced_packets") - b0 ==
	      (bounces ? nedge : 0), "%s: tx_dma_bounced_packets +%" PRIu64
	      " (want %u: %s)", mode_name,
	      test_xstat(0, "tx_dma_bounced_packets") - b0,
	      bounces ? nedge : 0, bounces ? "copied, their pages are not "
	      "mapped" : "shadow mode copies every packet anyway");
	if (bounces)
		CHECK(log_capture_count(0, "port 0 txq 0: packets in pages",
					"read-only TX slots") == 1,
		      "%s: the copy is logged once, with the reason",
		      mode_name);
	CHECK(faults_now() == f0, "%s: no IOMMU fault from edge-buffer TX",
	      mode_name);
	rte_eth_dev_stop(0);
	CHECK(rte_mempool_avail_count(xp) == EDGE_NB,
	      "every mbuf of the external-buffer pool came back (%u of %u)",
	      rte_mempool_avail_count(xp), EDGE_NB);
	rte_eth_dev_start(0);
	rte_delay_ms(50);
}

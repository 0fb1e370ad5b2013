/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * TX from an external buffer registered with
 * rte_pmd_ixguard_dma_map_external(): the frames attached to it go out
 * byte for byte in every private mode, and in port and strict modes the
 * buffer is read-only for the device (datasheet-independent: the IOMMU
 * permission), so the device's write there is a fault that the driver
 * counts, with the bytes unchanged.  Shadow mode maps nothing (the frames
 * are copied into the TX shadow area).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "confinement.h"
#include "../../app/guardpmd/pmd_sym.h"
#include "test_ports.h"

#define EXT_LEN		8192u	/* two whole pages */
#define EXT_FRAMES	32u
#define EXT_FRAME	64u
#define EXT_SEED	0x60

typedef int (*map_external_fn)(uint16_t, void *, uint64_t, size_t);

/* Frame i of the buffer: broadcast, then seed + i, seed + i + 1, ... */
static void
ext_frame_fill(uint8_t *d, unsigned int i)
{
	unsigned int j;

	memset(d, 0xff, 6);
	for (j = 6; j < EXT_FRAME; j++)
		d[j] = (uint8_t)(EXT_SEED + i + j);
}

static bool
ext_frame_match(const struct rte_mbuf *m, const void *arg)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	uint8_t want[EXT_FRAME];
	unsigned int i;

	(void)arg;
	if (m->pkt_len != EXT_FRAME || m->data_len != EXT_FRAME)
		return false;
	for (i = 0; i < EXT_FRAMES; i++) {
		ext_frame_fill(want, i);
		if (memcmp(d, want, EXT_FRAME) == 0)
			return true;
	}
	return false;
}

/* The shared info lives outside the buffer: the device sees no pointer. */
static struct rte_mbuf_ext_shared_info ext_shinfo;
static unsigned int ext_freed;

static void
ext_free_cb(void *addr __rte_unused, void *opaque __rte_unused)
{
	ext_freed++;
}

/* Send the buffer's frames from port 0, each in an mbuf attached to it. */
static unsigned int
ext_send(struct rte_mempool *hdrs, uint8_t *buf, rte_iova_t iova)
{
	struct rte_mbuf *pkts[EXT_FRAMES];
	unsigned int i, n;

	for (i = 0; i < EXT_FRAMES; i++) {
		pkts[i] = rte_pktmbuf_alloc(hdrs);
		if (pkts[i] == NULL)
			break;
		rte_pktmbuf_attach_extbuf(pkts[i], buf + i * 128,
					  iova + i * 128, 128, &ext_shinfo);
		pkts[i]->data_off = 0;
		pkts[i]->data_len = pkts[i]->pkt_len = EXT_FRAME;
	}
	/* One reference per attachment (attach does not take one). */
	rte_mbuf_ext_refcnt_set(&ext_shinfo, (uint16_t)(i + 1));
	n = rte_eth_tx_burst(0, 0, pkts, (uint16_t)i);
	rte_pktmbuf_free_bulk(pkts + n, i - n);
	return n;
}

void
tx_external_checks(void)
{
	struct rte_mempool *hdrs = test_pool_create("ext_hdrs", 256);
	map_external_fn map_external = (map_external_fn)
		pmd_sym("rte_pmd_ixguard_dma_map_external");
	uint8_t *buf = rte_malloc("tx_external", EXT_LEN, 4096);
	uint8_t before[EXT_FRAME], junk[EXT_FRAME];
	uint64_t f0 = faults_now(), x0;
	unsigned int sent, rx, exact = 0, i;
	rte_iova_t iova;
	int ret, r, w;

	CHECK(hdrs != NULL && buf != NULL && map_external != NULL,
	      "an external buffer, and rte_pmd_ixguard_dma_map_external() "
	      "found");
	if (hdrs == NULL || buf == NULL || map_external == NULL)
		goto out;
	iova = rte_malloc_virt2iova(buf);
	memset(buf, 0, EXT_LEN);
	for (i = 0; i < EXT_FRAMES; i++)
		ext_frame_fill(buf + i * 128, i);
	rte_mbuf_ext_refcnt_set(&ext_shinfo, 1);
	ext_shinfo.free_cb = ext_free_cb;
	/* Strict mode adds nothing while the port runs. */
	rte_eth_dev_stop(0);
	ret = map_external(0, buf, iova, EXT_LEN);
	rte_eth_dev_start(0);
	rte_delay_ms(50);
	CHECK(ret == 0, "%s: the external buffer registered (%d)", mode_name,
	      ret);
	drain(1, 20, 0, NULL);
	sent = ext_send(hdrs, buf, iova);
	rx = test_drain(1, 0, 300, ext_frame_match, NULL, &exact);
	CHECK(sent == EXT_FRAMES && rx == EXT_FRAMES && exact == EXT_FRAMES,
	      "%s: %u frames from the external buffer arrive byte for byte "
	      "(%u sent, %u received, %u exact)", mode_name, EXT_FRAMES,
	      sent, rx, exact);
	CHECK(faults_now() == f0, "%s: no IOMMU fault sending from the "
	      "external buffer", mode_name);
	if (shadow)
		goto stop;
	/* The device may read it, and only read it. */
	x0 = test_xstat(0, "iommu_faults");
	memcpy(before, buf, sizeof(before));
	r = platform.dma_attack(0, iova, sizeof(junk), 0, junk);
	memset(junk, 0xee, sizeof(junk));
	w = platform.dma_attack(0, iova, sizeof(junk), 1, junk);
	CHECK(r == 0 && w != 0 && faults_now() == f0 + 1 &&
	      memcmp(before, buf, sizeof(before)) == 0,
	      "%s: the external buffer is read-only for the device (read %s, "
	      "write %s, %" PRIu64 " fault(s), bytes %s)", mode_name,
	      r == 0 ? "allowed" : "refused", w == 0 ? "ALLOWED" : "refused",
	      faults_now() - f0,
	      memcmp(before, buf, sizeof(before)) ? "CHANGED" : "unchanged");
	CHECK(test_xstat(0, "iommu_faults") == x0 + 1,
	      "%s: the driver counted the write into the external buffer "
	      "(iommu_faults +%" PRIu64 ")", mode_name,
	      test_xstat(0, "iommu_faults") - x0);
stop:
	/* Sent mbufs are freed lazily; stopping the port frees the rest. */
	rte_eth_dev_stop(0);
	CHECK(rte_mempool_avail_count(hdrs) == 256 &&
	      rte_mbuf_ext_refcnt_read(&ext_shinfo) == 1 && ext_freed == 0,
	      "%s: every attached mbuf came back (%u of 256 headers, buffer "
	      "references %u)", mode_name, rte_mempool_avail_count(hdrs),
	      rte_mbuf_ext_refcnt_read(&ext_shinfo));
	rte_eth_dev_start(0);
	rte_delay_ms(50);
out:
	/* Still mapped for port 0 until it closes: never back to the heap. */
	(void)buf;
}

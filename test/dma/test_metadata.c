/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Metadata attacks: a malicious device goes after the memory that tells
 * the process where its packets are, rather than after the packets.
 *
 * A pktmbuf pool object is [objhdr][struct rte_mbuf][headroom][data]: the
 * header (buf_addr, next, pool, data_off) shares pages with packet data,
 * so a device that may write packet data may also rewrite where the
 * application's next memcpy goes, or which mempool (and which mempool ops
 * function pointers) a free uses.  A ring memzone is preceded and followed
 * by DPDK heap element headers, in the same 4 KiB page unless the ring is
 * page-aligned and sized in whole pages.  And a frame the device wrote
 * stays within its reach after the application got it.
 *
 * Two ports under devtools/ixemu, dma_isolation=<mode> (the first
 * argument after "--": shared, port, strict or shadow).  Function
 * 0000:00:10.0 (port 0's device) makes each DMA through its IOMMU domain
 * (ixemu_dma_attack(), as test_confinement does):
 *   - the header of an mbuf the application received and holds: read
 *     (pointer leak) and rewritten (buf_addr at a secret rte_malloc page,
 *     next, pool, data_off), after which the application writes its
 *     packet data the usual way (rte_pktmbuf_mtod);
 *   - the header of a free mbuf sitting in the pool;
 *   - the mempool object header before an mbuf;
 *   - the heap element headers just before and just after the RX and TX
 *     ring memzones (read and write);
 *   - the data of a frame rx_burst delivered; in shadow mode also the
 *     whole RX shadow area, the device's own, which must not reach the
 *     application's copy;
 *   - the buffer the device reads a transmitted frame from: the
 *     application's mbuf, or in shadow mode the TX shadow area, which the
 *     device may only read.
 *
 * Prints "attack <name> <read|write> <blocked|THROUGH> driver=<text>" per
 * attack for run_attacks.py.  THROUGH: the IOMMU let the DMA through, or
 * the memory aimed at (or what the application sees) changed.  Where
 * shared, port or strict mode let an attack through, the test repairs
 * what it broke (the header bytes are put back before the mbuf is freed)
 * and only reports.  Every refused DMA, in any mode, must be in the
 * platform's fault log, counted by the driver (xstat iommu_faults + 1)
 * and reported (telemetry).  Shadow mode (application memory never
 * mapped, driver-owned shadow buffers) must block every attack, with the
 * secret page intact, or the program exits non-zero.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_fbarray.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memory.h>
#include <rte_mempool.h>
#include <rte_memzone.h>

#include "dma_attack_lib.h"
#include "telemetry_query.h"
#include "test_check.h"
#include "test_ports.h"

#define NB_DESC		512
#define POOL_SIZE	4096
#define PAYLOAD		0x11	/* what port 1 sends */
#define APP_BYTE	0x77	/* what the application writes */
#define DEV_BYTE	0xd6	/* what the device writes */
#define FN0		"0000:00:10.0"
/* DPDK's struct malloc_elem is one cache line (eal/common/malloc_elem.h). */
#define HEAP_ELEM_HDR	64

static bool shadow;		/* dma_isolation=shadow: all must be blocked */
static struct rte_mempool *mp0, *mp1;
static uint8_t *secret;		/* where forged pointers aim */
static unsigned int attacks, blocked;

/* ---- traffic ---- */

/* Send n 64-byte frames from 'port' out of mp; returns the number sent. */
static unsigned int
send_from(uint16_t port, struct rte_mempool *mp, unsigned int n)
{
	struct rte_mbuf *pkts[32];
	unsigned int i, sent = 0, tries = 0;
	uint16_t k;

	while (sent < n && tries++ < 100) {
		unsigned int want = RTE_MIN(n - sent, 32u);

		for (i = 0; i < want; i++) {
			pkts[i] = rte_pktmbuf_alloc(mp);
			if (pkts[i] == NULL)
				break;
			memset(rte_pktmbuf_mtod(pkts[i], void *), PAYLOAD, 64);
			memset(rte_pktmbuf_mtod(pkts[i], void *), 0xff, 6);
			pkts[i]->data_len = pkts[i]->pkt_len = 64;
		}
		k = rte_eth_tx_burst(port, 0, pkts, (uint16_t)i);
		rte_pktmbuf_free_bulk(pkts + k, i - k);
		sent += k;
		rte_delay_us(100);
	}
	return sent;
}

/* Frame m is not what port 1 sent. */
static bool
not_as_sent(const struct rte_mbuf *m, const void *unused)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);

	(void)unused;
	return m->data_len < 16 || d[6] != PAYLOAD || d[15] != PAYLOAD;
}

/*
 * Receive on 'port' until 'want' frames arrived or for ms milliseconds
 * (want 0: the whole time); frees what arrives, counts the frames and,
 * in *bad, those whose payload is not what port 1 sent.  The emulated
 * device runs in a thread of its own, which a loaded machine may leave
 * waiting for a while: the waits are long, and end early when they can.
 */
static unsigned int
drain(uint16_t port, unsigned int want, unsigned int ms, unsigned int *bad)
{
	return test_drain(port, want, ms, not_as_sent, NULL, bad);
}

/* A frame port 1 sent, received with rx_burst on port 0, now held. */
static struct rte_mbuf *
rx_held(void)
{
	struct rte_mbuf *pkts[32], *m = NULL;
	uint64_t end;
	uint16_t n, i;

	drain(0, 0, 5, NULL);
	send_from(1, mp1, 1);
	end = rte_get_timer_cycles() + 2 * rte_get_timer_hz();
	while (m == NULL && rte_get_timer_cycles() < end) {
		n = rte_eth_rx_burst(0, 0, pkts, 32);
		for (i = 0; i < n; i++) {
			if (m == NULL)
				m = pkts[i];
			else
				rte_pktmbuf_free(pkts[i]);
		}
		if (n == 0)
			rte_delay_us(100);
	}
	CHECK(m != NULL, "port 0 received a frame from port 1 to attack");
	return m;
}

/* ---- evidence ---- */

/* What is known before an attack, to compare with after it. */
struct before {
	uint64_t faults;	/* the platform's fault log */
	uint64_t xstat;		/* port 0's iommu_faults */
};

static void
before_attack(struct before *b)
{
	b->faults = faults_now();
	b->xstat = test_xstat(0, "iommu_faults");
}

/*
 * The verdict on one attack.  ret: what the IOMMU said (0: let through);
 * changed: the memory aimed at, or what the application sees, changed
 * (or, for a read, the device learnt the real bytes); page: where the
 * IOMMU refuses first.  A refused DMA must be in the platform's fault
 * log, counted by the driver and reported, in every mode; shadow mode
 * must refuse every attack and keep the secret page intact.
 */
static void
verdict(const char *name, bool write, const struct before *b, int ret,
	bool changed, uint64_t page)
{
	const char *dir = write ? "write" : "read";
	bool through = ret == 0 || changed;
	bool logged = false, reported = false;
	uint64_t x1 = 0;

	if (ret != 0) {
		logged = fault_on(b->faults, FN0, page, write);
		reported = telemetry_reported_fault(write, page);
		x1 = test_xstat(0, "iommu_faults");
	}
	attacks++;
	blocked += !through;
	printf("attack %s %s %s driver=%s\n", name, dir,
	       through ? "THROUGH" : "blocked", ret == 0 ? "-" :
	       logged && reported && x1 == b->xstat + 1 ?
	       "iommu_faults+1,telemetry" : "WRONG");
	if (ret != 0) {
		CHECK(logged, "%s (%s): the IOMMU refused it and recorded a "
		      "fault by " FN0 " at page 0x%" PRIx64, name, dir, page);
		CHECK(!changed, "%s (%s): refused, and the target is "
		      "unchanged", name, dir);
		CHECK(x1 == b->xstat + 1, "%s (%s): the driver counted it "
		      "(iommu_faults %" PRIu64 " -> %" PRIu64 ")", name, dir,
		      b->xstat, x1);
		CHECK(reported, "%s (%s): the driver reported it in "
		      "telemetry (%s iova=0x%" PRIx64 ")", name, dir, dir,
		      page);
	}
	if (shadow) {
		CHECK(!through, "%s (%s): blocked in shadow mode", name, dir);
		CHECK(page_intact(secret), "%s (%s): the secret page is intact",
		      name, dir);
	}
}

/* ---- mbuf and mempool headers ---- */

static uint64_t
hdr_iova(const struct rte_mbuf *m)
{
	return rte_mempool_virt2iova(m);
}

/*
 * A header whose pointers aim at the secret page: data there on the next
 * write through rte_pktmbuf_mtod (or, with buf_iova, a TX that sends the
 * secret), a chain into it, and a "pool" whose ops index the device
 * chooses (rte_mempool_ops_table: a function pointer at the next free).
 */
static void
forge_header(struct rte_mbuf *f, const struct rte_mbuf *orig)
{
	memcpy(f, orig, sizeof(*f));
	f->buf_addr = secret;
	f->buf_iova = rte_malloc_virt2iova(secret);
	f->data_off = 0;
	f->next = (struct rte_mbuf *)(secret + 2048);
	f->pool = (struct rte_mempool *)(secret + 1024);
}

/* Device read of a held mbuf's header: THROUGH if buf_addr leaks. */
static void
mbuf_header_read(void)
{
	static struct rte_mbuf seen;
	struct rte_mbuf *m = rx_held();
	struct before b;
	int ret;

	if (m == NULL)
		return;
	memset(&seen, 0, sizeof(seen));
	before_attack(&b);
	ret = platform.dma_attack(0, hdr_iova(m), sizeof(seen), 0, &seen);
	verdict("mbuf-header-held", false, &b, ret,
		ret == 0 && seen.buf_addr == m->buf_addr, PG(hdr_iova(m)));
	rte_pktmbuf_free(m);
}

/*
 * The device rewrites the header of an mbuf the application received and
 * holds; the application then writes its packet data as it would.  What
 * counts is whether anything outside the packet's bytes changed: the
 * secret page.  Where the write got through, the original header is put
 * back before the free (the forged pool and next would take the process
 * down).
 */
static void
mbuf_header_write(void)
{
	static struct rte_mbuf orig, forged;
	struct rte_mbuf *m = rx_held();
	uint64_t iova;
	struct before b;
	bool header_changed, secret_changed;
	uint16_t len;
	int ret;

	if (m == NULL)
		return;
	iova = hdr_iova(m);
	memcpy(&orig, m, sizeof(orig));
	forge_header(&forged, &orig);
	before_attack(&b);
	ret = platform.dma_attack(0, iova, sizeof(forged), 1, &forged);
	header_changed = memcmp(m, &orig, sizeof(orig)) != 0;
	/* The application answers in place, as a reflector would. */
	len = RTE_MIN(rte_pktmbuf_data_len(m), (uint16_t)64);
	memset(rte_pktmbuf_mtod(m, uint8_t *), APP_BYTE, len);
	secret_changed = !page_intact(secret);
	if (secret_changed)
		printf("# mbuf-header-held: the application's %u bytes of "
		       "packet data went into the secret page\n", len);
	if (header_changed)
		memcpy(m, &orig, sizeof(orig));
	/* The shadow check below must see the page as the attack left it. */
	verdict("mbuf-header-held", true, &b, ret,
		header_changed || secret_changed, PG(iova));
	if (secret_changed)
		memset(secret, CANARY, 4096);
	else
		CHECK(rte_pktmbuf_mtod(m, uint8_t *)[0] == APP_BYTE,
		      "mbuf-header-held: the application's write went into "
		      "its own packet");
	rte_pktmbuf_free(m);
}

/*
 * The device writes 'forged' over the len bytes of the header at 'hdr'
 * (IOVA iova); where that got through, 'orig' is put back at once, before
 * anything uses the header again; then the verdict.
 */
static void
header_write(const char *name, void *hdr, uint64_t iova, void *forged,
	     const void *orig, size_t len)
{
	struct before b;
	bool changed;
	int ret;

	before_attack(&b);
	ret = platform.dma_attack(0, iova, len, 1, forged);
	changed = memcmp(hdr, orig, len) != 0;
	if (changed)
		memcpy(hdr, orig, len);
	verdict(name, true, &b, ret, changed, PG(iova));
}

/*
 * The header of a free mbuf in the pool (allocated, remembered, put
 * back): rte_pktmbuf_alloc() resets data_off and next but not buf_addr
 * nor pool, so a forged header would outlive the next allocation.
 */
static void
mbuf_header_free(void)
{
	static struct rte_mbuf orig, forged;
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp0);
	uint64_t iova;

	CHECK(m != NULL, "an mbuf of pool0 to put back and attack");
	if (m == NULL)
		return;
	iova = hdr_iova(m);
	rte_pktmbuf_free(m);	/* in the pool now, posted nowhere */
	memcpy(&orig, m, sizeof(orig));
	forge_header(&forged, &orig);
	/* Repaired before anything allocates from the pool again. */
	header_write("mbuf-header-free-in-pool", m, iova, &forged, &orig,
		     sizeof(orig));
}

/* struct rte_mempool_objhdr before a held mbuf: its mp, next and iova. */
static void
mempool_objhdr_write(void)
{
	struct rte_mempool_objhdr orig, forged;
	struct rte_mbuf *m = rx_held();
	struct rte_mempool_objhdr *hdr;
	uint64_t iova;

	if (m == NULL)
		return;
	hdr = rte_mempool_get_header(m);
	iova = hdr_iova(m) - sizeof(*hdr);
	memcpy(&orig, hdr, sizeof(orig));
	memcpy(&forged, hdr, sizeof(forged));
	forged.mp = (struct rte_mempool *)(secret + 1024);
	forged.next.stqe_next = (struct rte_mempool_objhdr *)secret;
	forged.iova = rte_malloc_virt2iova(secret);
	header_write("mempool-objhdr", hdr, iova, &forged, &orig,
		     sizeof(orig));
	rte_pktmbuf_free(m);
}

/* ---- heap element headers around the rings ---- */

/* True if [p, p + len) is in allocated DPDK memory (safe to read). */
static bool
dpdk_mem(const void *p, size_t len)
{
	const uint8_t *a = p;
	size_t off;

	for (off = 0; off < len; off += 4096 - ((uintptr_t)(a + off) & 4095)) {
		const void *q = a + off;
		struct rte_memseg_list *msl = rte_mem_virt2memseg_list(q);

		if (msl == NULL || !rte_fbarray_is_used(&msl->memseg_arr,
				RTE_PTR_DIFF(q, msl->base_va) / msl->page_sz))
			return false;
	}
	return true;
}

/*
 * The DPDK heap's element headers next to a ring: the one just before
 * the memzone's first byte and the one (or the end of the element) just
 * after its last.  Read: heap pointers leak.  Write: shadow mode, where
 * the attack must be refused, writes a pattern and checks the bytes;
 * the other modes write back the bytes already there (a corrupt heap
 * header would take the process down at the next rte_free), so that
 * the IOMMU's answer alone says THROUGH.
 */
static void
heap_elem(const char *name, const uint8_t *at, uint64_t iova, bool write)
{
	uint8_t buf[HEAP_ELEM_HDR], old[HEAP_ELEM_HDR];
	bool readable = dpdk_mem(at, sizeof(buf));
	bool changed = false;
	struct before b;
	int ret;

	memset(buf, 0xee, sizeof(buf));
	if (readable)
		memcpy(old, at, sizeof(old));
	if (write && !shadow && readable)
		memcpy(buf, old, sizeof(buf));
	else if (write && !shadow &&
		 platform.dma_attack(0, iova, sizeof(buf), 0, buf) != 0)
		memset(buf, 0xee, sizeof(buf));
	before_attack(&b);
	ret = platform.dma_attack(0, iova, sizeof(buf), write, buf);
	if (write && readable) {
		changed = memcmp(at, old, sizeof(old)) != 0;
		if (changed)	/* a pattern got through: put it back */
			memcpy((void *)(uintptr_t)at, old, sizeof(old));
	}
	verdict(name, write, &b, ret, changed, PG(iova));
}

static void
ring_heap_elems(const char *ring, const char *zone)
{
	const struct rte_memzone *mz = rte_memzone_lookup(zone);
	char name[64];
	int w;

	CHECK(mz != NULL, "memzone %s found", zone);
	if (mz == NULL)
		return;
	printf("# %s: iova 0x%" PRIx64 " len 0x%zx\n", zone, mz->iova,
	       mz->len);
	for (w = 0; w < 2; w++) {
		snprintf(name, sizeof(name), "%s-heap-elem-before", ring);
		heap_elem(name, (const uint8_t *)mz->addr - HEAP_ELEM_HDR,
			  mz->iova - HEAP_ELEM_HDR, w);
		snprintf(name, sizeof(name), "%s-heap-elem-after", ring);
		heap_elem(name, (const uint8_t *)mz->addr + mz->len,
			  mz->iova + mz->len, w);
	}
}

/* ---- frames after delivery, TX buffers ---- */

/* The device writes into a frame rx_burst delivered, then the app reads. */
static void
rx_frame_after_delivery(void)
{
	uint8_t saved[64], pattern[64];
	struct rte_mbuf *m = rx_held();
	uint64_t iova;
	struct before b;
	uint16_t len;
	int ret;

	if (m == NULL)
		return;
	len = RTE_MIN(rte_pktmbuf_data_len(m), (uint16_t)sizeof(saved));
	iova = rte_pktmbuf_iova(m);
	memcpy(saved, rte_pktmbuf_mtod(m, void *), len);
	memset(pattern, DEV_BYTE, sizeof(pattern));
	before_attack(&b);
	ret = platform.dma_attack(0, iova, len, 1, pattern);
	verdict("rx-frame-after-delivery", true, &b, ret,
		memcmp(saved, rte_pktmbuf_mtod(m, void *), len) != 0,
		PG(iova));
	rte_pktmbuf_free(m);
}

/*
 * Shadow mode: the device writes over its whole RX shadow area (it may:
 * the area is its own) after rx_burst delivered a frame; the copy the
 * application holds must not change, and frames received afterwards
 * must carry what port 1 sent, not what the device left there.
 */
static void
rx_shadow_after_delivery(void)
{
	const struct rte_memzone *mz =
		rte_memzone_lookup("eth_p0_q0_ixguard_rx_shadow");
	uint8_t saved[64], *pattern;
	struct rte_mbuf *m;
	unsigned int rx, bad = 0;
	bool changed;
	uint16_t len;
	int ret;

	CHECK(mz != NULL, "memzone eth_p0_q0_ixguard_rx_shadow found");
	if (mz == NULL)
		return;
	m = rx_held();
	pattern = malloc(mz->len);
	if (m == NULL || pattern == NULL) {
		CHECK(false, "rx-shadow-after-delivery: set-up");
		rte_pktmbuf_free(m);
		free(pattern);
		return;
	}
	memset(pattern, DEV_BYTE, mz->len);
	len = RTE_MIN(rte_pktmbuf_data_len(m), (uint16_t)sizeof(saved));
	memcpy(saved, rte_pktmbuf_mtod(m, void *), len);
	ret = platform.dma_attack(0, mz->iova, mz->len, 1, pattern);
	changed = memcmp(saved, rte_pktmbuf_mtod(m, void *), len) != 0;
	free(pattern);
	attacks++;
	blocked += !changed;
	printf("attack rx-shadow-after-delivery write %s driver=%s\n",
	       changed ? "THROUGH" : "blocked",
	       changed ? "-" : "none-copied");
	CHECK(ret == 0, "rx-shadow-after-delivery: the device may write its "
	      "whole RX shadow area (0x%zx bytes at 0x%" PRIx64 "): %d",
	      mz->len, mz->iova, ret);
	CHECK(!changed, "rx-shadow-after-delivery: the application's copy "
	      "of the frame is unchanged");
	rte_pktmbuf_free(m);
	send_from(1, mp1, 32);
	rx = drain(0, 32, 2000, &bad);
	CHECK(rx == 32 && bad == 0, "rx-shadow-after-delivery: port 0 then "
	      "receives what port 1 sent (%u of 32 frames, %u not as sent)",
	      rx, bad);
}

/*
 * The buffer the device reads a transmitted frame from, which it should
 * only read: the application's mbuf (held with a reference past the
 * send) in shared, port and strict modes; the TX shadow area, mapped
 * read-only, in shadow mode.
 */
static void
tx_buffer_being_sent(void)
{
	const struct rte_memzone *mz = NULL;
	uint8_t *saved = NULL, *pattern = NULL;
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp0);
	uint64_t iova, len;
	const uint8_t *target;
	struct before b;
	bool changed;
	uint16_t sent;
	int ret;

	CHECK(m != NULL, "tx-buffer-being-sent: an mbuf to send");
	if (m == NULL)
		return;
	memset(rte_pktmbuf_mtod(m, void *), PAYLOAD, 64);
	memset(rte_pktmbuf_mtod(m, void *), 0xff, 6);
	m->data_len = m->pkt_len = 64;
	rte_mbuf_refcnt_update(m, 1);	/* still ours after the send */
	sent = rte_eth_tx_burst(0, 0, &m, 1);
	CHECK(sent == 1, "tx-buffer-being-sent: port 0 sent the frame");
	if (sent != 1)
		rte_pktmbuf_free(m);	/* the driver's reference */
	target = rte_pktmbuf_mtod(m, const uint8_t *);
	iova = rte_pktmbuf_iova(m);
	len = 64;
	if (shadow) {
		mz = rte_memzone_lookup("eth_p0_q0_ixguard_tx_shadow");
		CHECK(mz != NULL, "memzone eth_p0_q0_ixguard_tx_shadow found");
		if (mz == NULL) {
			rte_pktmbuf_free(m);
			return;
		}
		target = mz->addr;
		iova = mz->iova;
		len = mz->len;
	}
	saved = malloc(len);
	pattern = malloc(len);
	if (saved == NULL || pattern == NULL) {
		CHECK(false, "tx-buffer-being-sent: %" PRIu64 " bytes", len);
		goto out;
	}
	memcpy(saved, target, len);
	memset(pattern, DEV_BYTE, len);
	before_attack(&b);
	ret = platform.dma_attack(0, iova, len, 1, pattern);
	changed = memcmp(saved, target, len) != 0;
	verdict("tx-buffer-being-sent", true, &b, ret, changed, PG(iova));
out:
	free(saved);
	free(pattern);
	rte_pktmbuf_free(m);
}

/* Shadow mode: the domain holds the shadow areas and no mempool. */
static void
shadow_domain(void)
{
	static char json[32768];
	int n = telemetry_query("/ixguard/dma_domain,0", json, sizeof(json));

	CHECK(n > 0 && strstr(json, "rx shadow q0") != NULL &&
	      strstr(json, "tx shadow q0") != NULL,
	      "shadow: port 0's domain maps \"rx shadow q0\" and \"tx shadow "
	      "q0\" (telemetry)");
	CHECK(n > 0 && strstr(json, "mempool") == NULL,
	      "shadow: port 0's domain maps no mempool (telemetry)");
}

int
main(int argc, char **argv)
{
	struct rte_eth_stats st0, st1;
	unsigned int rx, bad = 0;
	int n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!platform_find(PLATFORM_DMA_ATTACK | PLATFORM_FAULT_LOG)) {
		fprintf(stderr, "run me under devtools/ixemu\n");
		return 2;
	}
	if (!eal_init_skip(&argc, &argv))
		return 2;
	if (argc != 2 || !dma_mode_valid(argv[1])) {
		fprintf(stderr, "usage: ... -- shared|port|strict|shadow\n");
		return 2;
	}
	shadow = strcmp(argv[1], "shadow") == 0;
	printf("# mode %s\n", argv[1]);

	mp0 = test_pool_create("pool0", POOL_SIZE);
	mp1 = test_pool_create("pool1", POOL_SIZE);
	secret = rte_malloc("secret", 4096, 4096);
	if (mp0 == NULL || mp1 == NULL || secret == NULL)
		return 2;
	memset(secret, CANARY, 4096);
	if (!test_two_ports_setup(mp0, mp1, NB_DESC)) {
		fprintf(stderr, "port setup failed\n");
		return 2;
	}
	rte_delay_ms(50);
	send_from(1, mp1, 32);
	rx = drain(0, 32, 2000, &bad);
	if (rx != 32 || bad != 0) {
		fprintf(stderr, "set-up: port 1 -> port 0: %u of 32 frames, "
			"%u not as sent\n", rx, bad);
		return 2;
	}
	if (shadow)
		shadow_domain();

	mbuf_header_read();
	mbuf_header_write();
	mbuf_header_free();
	mempool_objhdr_write();
	ring_heap_elems("rx-ring", "eth_p0_q0_ixguard_rx_rings");
	ring_heap_elems("tx-ring", "eth_p0_q0_ixguard_tx_rings");
	rx_frame_after_delivery();
	if (shadow)
		rx_shadow_after_delivery();
	tx_buffer_being_sent();

	/* The process carries on: port 0 receives and transmits. */
	bad = 0;
	send_from(1, mp1, 32);
	rx = drain(0, 32, 2000, &bad);
	CHECK(rx == 32 && bad == 0, "port 0 still receives after the attacks "
	      "(%u of 32 frames, %u not as sent)", rx, bad);
	rte_eth_stats_get(0, &st0);
	send_from(0, mp0, 32);
	rx = drain(1, 32, 2000, NULL);
	rte_eth_stats_get(0, &st1);
	CHECK(st1.opackets > st0.opackets && rx > 0, "port 0 still transmits "
	      "after the attacks (%" PRIu64 " frames, port 1 received %u)",
	      st1.opackets - st0.opackets, rx);
	CHECK(page_intact(secret), "the secret page is intact at the end");
	printf("# %u metadata attacks, %u blocked\n", attacks, blocked);
	for (n = 0; n < 2; n++)
		rte_eth_dev_stop(n);
	CHECK(rte_mempool_in_use_count(mp0) == 0 &&
	      rte_mempool_in_use_count(mp1) == 0, "ports stopped: both pools "
	      "full (in use: pool0 %u, pool1 %u)",
	      rte_mempool_in_use_count(mp0), rte_mempool_in_use_count(mp1));
	for (n = 0; n < 2; n++)
		rte_eth_dev_close(n);
	rte_free(secret);
	rte_eal_cleanup();
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}

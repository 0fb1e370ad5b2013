/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Write-back lies of a malicious device, and what net_ixguard makes of
 * them.
 *
 * Two ports, each fed by its own mempool, run under devtools/ixemu with
 * the plugin and dma_isolation=<mode> (the first argument after "--");
 * they are cabled back to back.  For each named lie, function 0
 * (port 0) is made to lie once, on RX queue 0 (port 1 then sends to port
 * 0) or TX queue 0 (port 0 sends to port 1), with ixemu_forge_writeback().
 * Every frame carries a sequence number and a pattern, so the receiving
 * application can tell each one from anything the lie could make.  The
 * evidence, per lie:
 *   - the platform made the lie (ixemu_forged_writebacks() went up by 1);
 *   - canaries: no frame the application receives carries the bytes of
 *     the secret pages (an rte_malloc page, and an anonymous page the
 *     forged-address lies point at); every delivered mbuf is of the RX
 *     pool and its data lies within its buffer; the pages are unchanged;
 *   - the lie was rejected: every frame delivered is one that was sent,
 *     byte for byte, and none twice (ACCEPTED otherwise), and it cost at
 *     most the frames it forged;
 *   - the process keeps running: frames sent after the lie all arrive;
 *   - the driver counted it (the xstat expected of the lie went up by 1),
 *     or, for a lie in a field the driver never uses, was not affected by
 *     it (driver=none-ignored when no counter moved either);
 *   - no IOMMU fault, no DMA address outside the domain handed to the
 *     device, and no mbuf leaked (both pools' in-use counts the same
 *     before and after, with the TX rings flushed; none in use after the
 *     ports are stopped).
 * Prints one "attack <name> writeback <rejected|ACCEPTED> driver=<text>"
 * line per lie for test/dma/run_attacks.py.  Exit 0 if every check held,
 * 1 otherwise, 2 on a set-up error.  "-- MODE NAME..." runs only the
 * named lies.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "dma_attack_lib.h"
#include "test_check.h"
#include "test_ports.h"

#define NB_DESC		512
#define POOL_SIZE	4096
#define FRAME_LEN	128
#define ETHERTYPE	0x88b5		/* IEEE local experimental */
#define MAGIC		0x57424c49u	/* "WBLI" */
#define CANARY_RUN	16		/* canary bytes in a row: leaked */
#define BATCH		32		/* frames around each lie */
#define MAX_SEQ		4096		/* frames per lie, at most */
#define NO_EOP_FRAMES	600		/* rx-no-eop: more than the ring */
/* tx-dd-unsent: the device then holds the queue this long, time for the
 * test to fill the ring, so that the driver looks at the lie. */
#define TX_HOLD_MS	100
#define GRACE_MS	5		/* for frames that should not come */
/* Bits of RX write-back dword 0 the 82599 leaves clear with RSC and
 * header split off: RSCCNT, HDR_LEN, SPH (82599 datasheet 7.1.6.2). */
#define RX_WB_LO_IMPOSSIBLE	0xfffe0000u

/* The driver's counters a lie may move (net_ixguard xstats, port 0). */
static const char *const watched[] = {
	"rx_bad_descriptors",
	"rx_forged_writebacks",
	"rx_mac_error_frames_dropped",
	"tx_forged_writebacks",
	"tx_malformed_packets_dropped",
	"rx_queue_dma_errors",
	"tx_queue_dma_errors",
};
#define NB_WATCHED RTE_DIM(watched)

enum page { NO_PAGE, SECRET_PAGE, PLAUSIBLE_PAGE };

struct lie {
	const char *name;	/* in the attack table */
	const char *kind;	/* ixemu_forge_writeback() */
	bool tx;		/* a TX queue lies (port 0 sends) */
	bool at_poll;		/* made at a poll, not by traffic */
	uint64_t arg;
	enum page page;		/* arg is the IOVA of that page */
	/* The xstat that must count it, or NULL: a field the driver never
	 * uses, so it cannot count it and must not be affected by it. */
	const char *expect;
	unsigned int count;	/* by how much it counts (0: 1) */
	unsigned int may_lose;	/* frames the lie itself spoils */
	const char *what;
};

static const struct lie lies[] = {
	{ .name = "rx-length-beyond-buffer", .kind = "rx-len-over",
	  .expect = "rx_bad_descriptors", .may_lose = 1,
	  .what = "length one byte beyond the 2 KiB buffer" },
	{ .name = "rx-length-zero", .kind = "rx-len-zero",
	  .expect = "rx_bad_descriptors", .may_lose = 1,
	  .what = "a frame of length 0" },
	{ .name = "rx-reserved-status-bits", .kind = "rx-status-reserved",
	  .expect = "rx_bad_descriptors", .may_lose = 1,
	  .what = "every reserved status and error bit set" },
	/* Full buffers without EOP: the driver drops the chain once it is
	 * longer than any frame and discards up to the EOP: every frame of
	 * it, and the one with EOP. */
	{ .name = "rx-chain-without-eop", .kind = "rx-no-eop-full",
	  .arg = NO_EOP_FRAMES, .expect = "rx_bad_descriptors",
	  .may_lose = NO_EOP_FRAMES + 1,
	  .what = "no EOP on 600 frames, each claiming a full buffer: a "
		  "chain longer than the ring" },
	/* Short buffers without EOP: each ends a frame whose EOP is a lie,
	 * dropped and counted on its own; the frame after them arrives. */
	{ .name = "rx-short-buffers-without-eop", .kind = "rx-no-eop",
	  .arg = NO_EOP_FRAMES, .expect = "rx_bad_descriptors",
	  .count = NO_EOP_FRAMES, .may_lose = NO_EOP_FRAMES,
	  .what = "no EOP on 600 short frames" },
	{ .name = "rx-dd-past-tail", .kind = "rx-dd-past-tail",
	  .at_poll = true,
	  .what = "DD on the descriptor at the tail, never posted" },
	{ .name = "rx-dd-not-written-back", .kind = "rx-dd-unwritten",
	  .at_poll = true, .expect = "rx_forged_writebacks",
	  .what = "DD on a posted descriptor the device has not written" },
	/* Counted if the IOVA's low dword has bits the hardware leaves
	 * clear (nearly every address has), see run_lie(). */
	{ .name = "rx-forged-buffer-address", .kind = "rx-forged-addr",
	  .page = SECRET_PAGE, .expect = "rx_bad_descriptors", .may_lose = 1,
	  .what = "qword 0 holds the rte_malloc secret's IOVA" },
	{ .name = "rx-forged-address-plausible", .kind = "rx-forged-addr",
	  .page = PLAUSIBLE_PAGE,
	  .what = "qword 0 holds an IOVA whose low dword reads as a valid "
		  "packet type and RSS type" },
	{ .name = "tx-dd-past-tail", .kind = "tx-dd-past-tail", .tx = true,
	  .at_poll = true,
	  .what = "DD on the descriptor at the tail, never posted" },
	{ .name = "tx-dd-not-sent", .kind = "tx-dd-unsent", .tx = true,
	  .arg = TX_HOLD_MS, .expect = "tx_forged_writebacks",
	  .what = "DD on a posted descriptor before it is sent" },
	{ .name = "tx-forged-writeback", .kind = "tx-forged-wb", .tx = true,
	  .page = SECRET_PAGE,
	  .what = "a write-back with the secret's IOVA in qword 0 and junk" },
	/*
	 * One frame without EOP: the driver drops it (a short buffer
	 * without EOP is one the device cannot have written) and the next
	 * frame arrives on its own.
	 */
	{ .name = "rx-eop-missing-once", .kind = "rx-no-eop", .arg = 1,
	  .expect = "rx_bad_descriptors", .may_lose = 1,
	  .what = "no EOP on one frame, which would glue it to the next" },
	/*
	 * Reserved bits in the write-back of a descriptor the device has
	 * sent: no real write-back follows; the driver's queue watch sees
	 * the device's head past it and ends the wait (ixguard_qguard.c).
	 */
	{ .name = "tx-reserved-status-bits-after-send",
	  .kind = "tx-wb-status-reserved", .tx = true,
	  .expect = "tx_forged_writebacks",
	  .what = "reserved status bits in the write-back of a sent "
		  "descriptor" },
};

/* A direction of traffic: who sends, who receives, what was seen. */
struct flow {
	uint16_t tx_port, rx_port;
	struct rte_mempool *tx_mp;	/* the RX pool is pool[rx_port] */
	uint32_t base;		/* first sequence number of this lie */
	uint32_t next;		/* next sequence number to send */
	uint8_t seen[MAX_SEQ];
	unsigned int got, dup, alien, bad_mbuf, canary;
	unsigned int allow;	/* frames receive() need not wait for */
};

struct chunk {
	uintptr_t lo, hi;
};

static struct rte_mempool *pool[2];
static struct chunk chunks[2][64];
static unsigned int nchunks[2];
static uint8_t *secret, *plausible;
static uint64_t page_iova[3];	/* by enum page */
static bool secret_addr_impossible;	/* see RX_WB_LO_IMPOSSIBLE */

/* ---- set-up ---- */

static void
chunk_cb(struct rte_mempool *mp, void *opaque, struct rte_mempool_memhdr *m,
	 unsigned int idx)
{
	unsigned int p = (unsigned int)(uintptr_t)opaque;

	(void)mp;
	if (idx < RTE_DIM(chunks[p])) {
		chunks[p][idx].lo = (uintptr_t)m->addr;
		chunks[p][idx].hi = (uintptr_t)m->addr + m->len;
		nchunks[p] = idx + 1;
	}
}

/*
 * An anonymous page whose address has a low dword of 0: as qword 0 of an
 * RX write-back it reads as "no packet type, no RSS type", which a real
 * write-back of a non-IP frame carries, so the driver cannot tell it from
 * one.  Outside DPDK memory: no IOMMU domain maps it.
 */
static uint8_t *
map_plausible_page(void)
{
	uint64_t a;

	for (a = 64ull << 32; a < 0x7f00ull << 32; a += 61ull << 32) {
		void *p = mmap((void *)(uintptr_t)a, 4096,
			       PROT_READ | PROT_WRITE, MAP_PRIVATE |
			       MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

		if (p == (void *)(uintptr_t)a)
			return p;
		if (p != MAP_FAILED)
			munmap(p, 4096);
	}
	return NULL;
}

/* ---- frames ---- */

static uint8_t
pattern(uint32_t seq, unsigned int i)
{
	/* Steps of 7: never CANARY_RUN equal bytes in a row. */
	return (uint8_t)(seq * 31u + i * 7u + 1u);
}

static void
build(struct rte_mbuf *m, uint16_t port, uint32_t seq)
{
	uint8_t *d = rte_pktmbuf_mtod(m, uint8_t *);
	unsigned int i;

	memset(d, 0xff, 6);
	memcpy(d + 6, "\x02\x00\x00\x00\x00", 5);
	d[11] = (uint8_t)port;
	d[12] = ETHERTYPE >> 8;
	d[13] = ETHERTYPE & 0xff;
	memcpy(d + 14, &(uint32_t){ MAGIC }, 4);
	memcpy(d + 18, &seq, 4);
	for (i = 22; i < FRAME_LEN; i++)
		d[i] = pattern(seq, i);
	m->data_len = m->pkt_len = FRAME_LEN;
}

/* The sequence number of a frame exactly as 'port' sent it, or -1. */
static int64_t
parse(const struct rte_mbuf *m, uint16_t port)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	uint32_t magic, seq;
	unsigned int i;

	if (m->nb_segs != 1 || m->pkt_len != FRAME_LEN ||
	    m->data_len != FRAME_LEN || d[11] != port ||
	    d[12] != ETHERTYPE >> 8 || d[13] != (ETHERTYPE & 0xff))
		return -1;
	memcpy(&magic, d + 14, 4);
	memcpy(&seq, d + 18, 4);
	if (magic != MAGIC)
		return -1;
	for (i = 22; i < FRAME_LEN; i++)
		if (d[i] != pattern(seq, i))
			return -1;
	return seq;
}

/* Every segment of the RX pool, with its data inside its buffer. */
static bool
mbuf_sane(const struct rte_mbuf *m, unsigned int p)
{
	const struct rte_mbuf *s;
	unsigned int i;

	for (s = m; s != NULL; s = s->next) {
		bool inside = false;

		if (s->pool != pool[p] ||
		    (uint32_t)s->data_off + s->data_len > s->buf_len)
			return false;
		for (i = 0; i < nchunks[p]; i++)
			inside |= (uintptr_t)s >= chunks[p][i].lo &&
				  (uintptr_t)s < chunks[p][i].hi;
		if (!inside)
			return false;
	}
	return true;
}

/* CANARY_RUN canary bytes in a row anywhere in the frame's data. */
static bool
carries_canary(const struct rte_mbuf *m)
{
	const struct rte_mbuf *s;
	unsigned int run = 0, i;

	for (s = m; s != NULL; s = s->next) {
		const uint8_t *d = rte_pktmbuf_mtod(s, const uint8_t *);

		for (i = 0; i < s->data_len; i++) {
			run = d[i] == CANARY ? run + 1 : 0;
			if (run >= CANARY_RUN)
				return true;
		}
	}
	return false;
}

/* Send up to n frames (fewer if the ring stays full); returns sent. */
static unsigned int
send_frames(struct flow *f, unsigned int n)
{
	struct rte_mbuf *pkts[BATCH];
	unsigned int sent = 0, stalls = 0, i;
	uint16_t k;

	while (sent < n && f->next - f->base < MAX_SEQ) {
		unsigned int want = RTE_MIN(n - sent, (unsigned int)BATCH);

		want = RTE_MIN(want, MAX_SEQ - (f->next - f->base));
		if (rte_pktmbuf_alloc_bulk(f->tx_mp, pkts, want) != 0)
			break;
		for (i = 0; i < want; i++)
			build(pkts[i], f->tx_port, f->next + i);
		k = rte_eth_tx_burst(f->tx_port, 0, pkts, (uint16_t)want);
		rte_pktmbuf_free_bulk(pkts + k, want - k);
		f->next += k;
		sent += k;
		/*
		 * The ring stayed full for 1 s: longer than the driver's
		 * queue watch takes to end a wait on a forged completion
		 * (two 100 ms periods, ixguard_qguard.c).
		 */
		if (k < want && ++stalls > 5000)
			break;
		if (k < want)
			rte_delay_us(200);
	}
	return sent;
}

/*
 * Receive on the flow's port until every frame sent has arrived but the
 * f->allow the lie may have spoilt (then for GRACE_MS more, to catch what
 * should not come), or for ms milliseconds.
 */
static void
receive(struct flow *f, unsigned int ms)
{
	struct rte_mbuf *pkts[BATCH];
	uint64_t hz = rte_get_timer_hz(), now = rte_get_timer_cycles();
	uint64_t end = now + hz * ms / 1000, grace = 0;
	unsigned int p = f->rx_port;
	uint16_t n, i;

	do {
		n = rte_eth_rx_burst(f->rx_port, 0, pkts, BATCH);
		for (i = 0; i < n; i++) {
			int64_t seq = parse(pkts[i], f->tx_port);

			if (!mbuf_sane(pkts[i], p))
				f->bad_mbuf++;
			if (carries_canary(pkts[i]))
				f->canary++;
			if (seq < f->base || seq >= f->next)
				f->alien++;
			else if (f->seen[seq - f->base]++ != 0)
				f->dup++;
			else
				f->got++;
		}
		rte_pktmbuf_free_bulk(pkts, n);
		now = rte_get_timer_cycles();
		if (grace == 0 && f->got + f->allow >= f->next - f->base)
			grace = now + hz * GRACE_MS / 1000;
		if (grace != 0 && now >= grace)
			break;
		if (n == 0)
			rte_delay_us(100);
	} while (now < end);
}

/* Frames of [from, f->next) that did not arrive. */
static unsigned int
missing(const struct flow *f, uint32_t from)
{
	unsigned int n = 0;
	uint32_t s;

	for (s = from; s < f->next; s++)
		n += f->seen[s - f->base] == 0;
	return n;
}

/* ---- evidence ---- */

static void
xstats_now(uint64_t *v)
{
	unsigned int i;

	for (i = 0; i < NB_WATCHED; i++)
		v[i] = test_xstat(0, watched[i]);
}

static uint64_t
violations_now(void)
{
	return platform.audit_violations(0, NULL) +
	       platform.audit_violations(1, NULL);
}

/*
 * Quiet both ports: take what is in flight, then flush the TX rings
 * (a queue stop frees the mbufs the driver still holds) and refill the
 * RX rings (a queue restart gives every descriptor a buffer, whatever
 * the driver held back for its next bulk refill), so that the pools'
 * in-use counts are those of full RX rings alone.
 */
static void
settle(void)
{
	struct rte_mbuf *pkts[BATCH];
	uint16_t p, n;
	unsigned int i;

	for (i = 0; i < 50; i++) {
		for (p = 0, n = 0; p < 2; p++) {
			uint16_t k = rte_eth_rx_burst(p, 0, pkts, BATCH);

			rte_pktmbuf_free_bulk(pkts, k);
			n += k;
		}
		if (n == 0 && i > 5)
			break;
		rte_delay_us(200);
	}
	for (p = 0; p < 2; p++) {
		rte_eth_dev_tx_queue_stop(p, 0);
		rte_eth_dev_tx_queue_start(p, 0);
		rte_eth_dev_rx_queue_stop(p, 0);
		rte_eth_dev_rx_queue_start(p, 0);
	}
}

/* Wait up to ms for the platform to have made n lies, polling 'rx'. */
static bool
wait_made(uint64_t n, unsigned int ms, struct flow *rx)
{
	unsigned int i;

	for (i = 0; i < ms * 10; i++) {
		if (platform.forged_writebacks(0) >= n)
			return true;
		if (rx != NULL)
			receive(rx, 0);
		rte_delay_us(100);
	}
	return platform.forged_writebacks(0) >= n;
}

/*
 * Traffic around the lie.  RX lies in a write-back and TX lies are made
 * by the traffic itself; RX lies at a poll are made first, then the
 * driver polls (and may see them) before frames follow.
 */
static void
provoke(const struct lie *l, struct flow *f, uint64_t made_target)
{
	unsigned int i;

	if (l->at_poll) {
		wait_made(made_target, 200, l->tx ? NULL : f);
		receive(f, 5);
		send_frames(f, BATCH);
		receive(f, 500);
		return;
	}
	/* rx-no-eop spoils arg frames: send enough for the lie to end. */
	send_frames(f, l->may_lose + BATCH);
	for (i = 0; i < 100 && platform.forged_writebacks(0) < made_target;
	     i++) {
		/*
		 * TX lies wait for a descriptor with RS (or a write-back):
		 * keep the queue fed.  tx-dd-unsent then holds the queue;
		 * filling the ring makes the driver look at its completions
		 * while the lie is there.
		 */
		if (l->tx)
			send_frames(f, BATCH);
		receive(f, 2);
	}
	/* Fill the ring while the queue is held: the driver looks for
	 * completions when it runs out of descriptors. */
	if (strcmp(l->kind, "tx-dd-unsent") == 0)
		send_frames(f, NB_DESC);
	receive(f, 500);
	/*
	 * The driver frees TX buffers lazily: a ring's worth of frames
	 * more makes it go through the completion the lie is in.
	 */
	if (l->tx) {
		for (i = 0; i < 4; i++) {
			send_frames(f, NB_DESC / 2);
			receive(f, 20);
		}
		receive(f, 500);
	}
}

/* "rx_bad_descriptors+1" for every counter that moved, or none. */
static void
driver_text(char *buf, size_t len, const uint64_t *v0, const uint64_t *v1,
	    bool rejected)
{
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < NB_WATCHED && off < len; i++)
		if (v1[i] != v0[i])
			off += snprintf(buf + off, len - off, "%s%s+%" PRIu64,
					off ? "," : "", watched[i],
					v1[i] - v0[i]);
	if (off == 0)
		snprintf(buf, len, rejected ? "none-ignored" : "none");
}

static struct flow flows[2];	/* [0]: port 1 -> port 0, [1]: 0 -> 1 */

static void
run_lie(const struct lie *l)
{
	struct flow *f = &flows[l->tx ? 1 : 0];
	uint64_t arg = l->page != NO_PAGE ? page_iova[l->page] : l->arg;
	const char *expect = l->expect;
	uint64_t v0[NB_WATCHED], v1[NB_WATCHED], made0, faults0, viol0;
	unsigned int in_use0[2], in_use1[2], lost, after, i, exp_idx = 0;
	uint32_t after_from;
	bool rejected, secrets;
	char drv[256];
	int ret;

	/* A low dword the driver cannot tell from a packet type and RSS
	 * type: it cannot count it (the address itself is never used). */
	if (l->page == SECRET_PAGE && !l->tx && !secret_addr_impossible)
		expect = NULL;
	printf("# %s: %s (%s on %s queue 0 of 0000:00:10.0, arg 0x%" PRIx64
	       ")\n", l->name, l->what, l->kind, l->tx ? "TX" : "RX", arg);
	settle();
	f->base = f->next;
	f->got = f->dup = f->alien = f->bad_mbuf = f->canary = 0;
	f->allow = l->may_lose;
	memset(f->seen, 0, sizeof(f->seen));
	for (i = 0; i < 2; i++)
		in_use0[i] = rte_mempool_in_use_count(pool[i]);
	xstats_now(v0);
	made0 = platform.forged_writebacks(0);
	faults0 = faults_now();
	viol0 = violations_now();

	ret = platform.forge_writeback(0, 0, l->kind, arg);
	if (ret != 0) {
		CHECK(false, "%s: ixemu_forge_writeback(0, 0, \"%s\") = %d",
		      l->name, l->kind, ret);
		return;
	}
	provoke(l, f, made0 + 1);
	/* Disarm what was not made, so the next lie can be armed. */
	if (platform.forged_writebacks(0) == made0)
		platform.forge_writeback(0, 0, "none", 0);
	lost = missing(f, f->base);
	f->allow = lost;
	after_from = f->next;
	after = send_frames(f, BATCH);
	receive(f, 500);
	xstats_now(v1);
	settle();
	for (i = 0; i < 2; i++)
		in_use1[i] = rte_mempool_in_use_count(pool[i]);

	rejected = f->alien == 0 && f->dup == 0 && f->bad_mbuf == 0 &&
		   f->canary == 0;
	secrets = page_intact(secret) && page_intact(plausible);
	driver_text(drv, sizeof(drv), v0, v1, rejected);
	CHECK(platform.forged_writebacks(0) == made0 + 1, "%s: the platform "
	      "made the lie (forged write-backs %" PRIu64 " -> %" PRIu64 ")",
	      l->name, made0, platform.forged_writebacks(0));
	CHECK(f->canary == 0 && f->bad_mbuf == 0 && secrets,
	      "%s: canaries: %u frame(s) with the secret's bytes, %u mbuf(s) "
	      "outside pool%u or beyond their buffer; the secret pages are "
	      "%s", l->name, f->canary, f->bad_mbuf, f->rx_port,
	      secrets ? "unchanged" : "CHANGED");
	CHECK(rejected && lost <= l->may_lose, "%s: %u frames delivered "
	      "intact, %u never sent as such (glued, cut or made up), %u "
	      "twice; %u lost (the lie may spoil %u)", l->name, f->got,
	      f->alien, f->dup, lost, l->may_lose);
	CHECK(after == BATCH && missing(f, after_from) == 0,
	      "%s: traffic flows again: %u of %u frames sent after the lie "
	      "arrived intact", l->name, after - missing(f, after_from),
	      BATCH);
	if (expect != NULL) {
		while (exp_idx < NB_WATCHED &&
		       strcmp(watched[exp_idx], expect) != 0)
			exp_idx++;
		CHECK(exp_idx < NB_WATCHED &&
		      v1[exp_idx] == v0[exp_idx] + (l->count ? l->count : 1),
		      "%s: the driver counted it: %s (%s)", l->name, expect,
		      drv);
	} else {
		CHECK(rejected, "%s: a field the driver never uses: not "
		      "counted, no effect (%s)", l->name, drv);
	}
	CHECK(faults_now() == faults0 && violations_now() == viol0,
	      "%s: no IOMMU fault, no DMA address outside the domains",
	      l->name);
	CHECK(in_use1[0] == in_use0[0] && in_use1[1] == in_use0[1],
	      "%s: no mbuf leaked (in use: pool0 %u -> %u, pool1 %u -> %u)",
	      l->name, in_use0[0], in_use1[0], in_use0[1], in_use1[1]);
	printf("attack %s writeback %s driver=%s\n", l->name,
	       rejected ? "rejected" : "ACCEPTED", drv);
}

/* Named after the mode on the command line. */
static bool
named(const char *name, int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return true;
	return false;
}

/*
 * The burst functions the ports run (rte_eth_*_burst_mode_get), printed;
 * with IXGUARD_EXPECT_RX_PATH / IXGUARD_EXPECT_TX_PATH in the environment
 * (the per-path runs of meson.build) they must be those.
 */
static void
paths_check(void)
{
	const char *want_rx = getenv("IXGUARD_EXPECT_RX_PATH");
	const char *want_tx = getenv("IXGUARD_EXPECT_TX_PATH");
	struct rte_eth_burst_mode rx, tx;
	uint16_t p;

	for (p = 0; p < 2; p++) {
		memset(&rx, 0, sizeof(rx));
		memset(&tx, 0, sizeof(tx));
		if (rte_eth_rx_burst_mode_get(p, 0, &rx) != 0 ||
		    rte_eth_tx_burst_mode_get(p, 0, &tx) != 0) {
			CHECK(false, "port %u: burst modes", p);
			continue;
		}
		printf("# port %u: rx path \"%s\", tx path \"%s\"\n", p,
		       rx.info, tx.info);
		if (want_rx != NULL)
			CHECK(strcmp(rx.info, want_rx) == 0,
			      "port %u runs rx path \"%s\"", p, want_rx);
		if (want_tx != NULL)
			CHECK(strcmp(tx.info, want_tx) == 0,
			      "port %u runs tx path \"%s\"", p, want_tx);
	}
}

int
main(int argc, char **argv)
{
	uint64_t faults0;
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* A per-path run (meson.build) chooses its SIMD width itself. */
	if (getenv("IXGUARD_EXPECT_RX_PATH") != NULL &&
	    getenv("IXGUARD_TEST_MAX_SIMD_BITWIDTH") != NULL) {
		printf("skip: the test run forces the SIMD width\n");
		return 77;
	}
	if (!platform_find(PLATFORM_FORGE_WRITEBACK |
			   PLATFORM_FORGED_WRITEBACKS | PLATFORM_FAULT_LOG |
			   PLATFORM_AUDIT_VIOLATIONS)) {
		fprintf(stderr, "run me under devtools/ixemu\n");
		return 2;
	}
	if (!eal_init_skip(&argc, &argv))
		return 2;
	if (argc < 2 || !dma_mode_valid(argv[1])) {
		fprintf(stderr, "usage: ... -- shared|port|strict|shadow "
			"[NAME...]\n");
		return 2;
	}
	printf("# mode %s\n", argv[1]);

	pool[0] = test_pool_create("pool0", POOL_SIZE);
	pool[1] = test_pool_create("pool1", POOL_SIZE);
	secret = rte_malloc("secret", 4096, 4096);
	plausible = map_plausible_page();
	if (pool[0] == NULL || pool[1] == NULL || secret == NULL ||
	    plausible == NULL) {
		fprintf(stderr, "set-up: pools, secret or the page at a 4 GiB "
			"boundary\n");
		return 2;
	}
	for (i = 0; i < 2; i++)
		rte_mempool_mem_iter(pool[i], chunk_cb, (void *)(uintptr_t)i);
	memset(secret, CANARY, 4096);
	memset(plausible, CANARY, 4096);
	if (!test_two_ports_setup(pool[0], pool[1], NB_DESC)) {
		fprintf(stderr, "port setup failed\n");
		return 2;
	}
	paths_check();
	flows[0] = (struct flow){ .tx_port = 1, .rx_port = 0,
				  .tx_mp = pool[1] };
	flows[1] = (struct flow){ .tx_port = 0, .rx_port = 1,
				  .tx_mp = pool[0] };
	/* Both ways before any lie: the cable and the filters are fine. */
	for (i = 0; i < 2; i++) {
		send_frames(&flows[i], BATCH);
		receive(&flows[i], 500);
		if (flows[i].got != BATCH) {
			fprintf(stderr, "set-up: port %u -> port %u: %u of %u "
				"frames\n", flows[i].tx_port, flows[i].rx_port,
				flows[i].got, BATCH);
			return 2;
		}
	}

	page_iova[SECRET_PAGE] = rte_malloc_virt2iova(secret);
	page_iova[PLAUSIBLE_PAGE] = (uintptr_t)plausible;	/* IOVA as VA */
	secret_addr_impossible = ((uint32_t)page_iova[SECRET_PAGE] &
				  RX_WB_LO_IMPOSSIBLE) != 0;
	printf("# secret rte_malloc page at IOVA 0x%" PRIx64 " (as write-back "
	       "dword 0: 0x%08x, %s); anonymous page at 0x%" PRIx64 "\n",
	       page_iova[SECRET_PAGE], (uint32_t)page_iova[SECRET_PAGE],
	       secret_addr_impossible ? "RSCCNT/HDR_LEN/SPH bits set" :
	       "plausible", page_iova[PLAUSIBLE_PAGE]);

	faults0 = faults_now();
	for (i = 0; i < RTE_DIM(lies); i++)
		if (argc <= 2 || named(lies[i].name, argc, argv))
			run_lie(&lies[i]);
	CHECK(faults_now() == faults0, "no IOMMU fault during the lies");

	for (i = 0; i < 2; i++)
		rte_eth_dev_stop(i);
	CHECK(rte_mempool_in_use_count(pool[0]) == 0 &&
	      rte_mempool_in_use_count(pool[1]) == 0, "ports stopped: both "
	      "pools full (in use: pool0 %u, pool1 %u)",
	      rte_mempool_in_use_count(pool[0]),
	      rte_mempool_in_use_count(pool[1]));
	for (i = 0; i < 2; i++)
		rte_eth_dev_close(i);
	rte_free(secret);
	munmap(plausible, 4096);
	rte_eal_cleanup();
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}

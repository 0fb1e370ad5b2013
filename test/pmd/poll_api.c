/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * net_ixguard's polling helpers on real traffic: port 1 sends to port 0
 * over the emulated cable.
 *
 *   rx_queue_count   equals the frames waiting in port 0's RX queue (sent
 *                    while nobody polls), goes down as bursts take them,
 *                    and stops at the descriptors posted (ring - 1) when
 *                    more were sent than the ring holds;
 *   get_monitor_addr its callback says "sleep" on an empty queue and
 *                    "wake" once a frame is written back, and never
 *                    "sleep" when nothing is posted (pool empty);
 *   tx_done_cleanup  gives the mbufs of sent frames back to their pool
 *                    (counted in a pool without cache), all or free_cnt,
 *                    and the queue goes on sending in order afterwards;
 *   tx_free_thresh   its default lets a few RS batches wait at most
 *                    (shadow mode: none, its TX frees at once);
 *   xstats by id     the driver's values and names by id equal the full
 *                    xstats, and an id out of range is refused by the
 *                    driver (-EINVAL; the ethdev fallback returns -1);
 *   a lying device   DD forged on a descriptor not written back, or on
 *                    the one never posted, is not counted; a TX
 *                    write-back with reserved bits frees nothing until
 *                    the queue watch repairs it (ixemu_forge_writeback()).
 *
 * The DMA mode and the burst path come from the devargs (run by
 * test_poll_api.py in every mode and path).  With the program argument
 * "monitor" (after "--") it runs rte_power's PMD power management in
 * monitor mode instead: the lcore sleeps on the queue and wakes on
 * traffic; exit 77 when the CPU cannot monitor (no WAITPKG).
 */

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cpuflags.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_power_intrinsics.h>
#include <rte_power_pmd_mgmt.h>

#include "test_check.h"
#include "../test_eal_args.h"
#include "../dma/test_ports.h"
#include "../../app/guardpmd/pmd_sym.h"

#define RX_DESC		64	/* port 0: small, so it can be filled */
#define TX_DESC		256
#define TX_POOL		512	/* port 1's frames, no cache: exact counts */
#define FRAME_LEN	60

static struct rte_mempool *mp0, *mp1, *txp;
static uint32_t tx_seq;		/* sequence number of the next frame sent */
static uint32_t rx_seq;		/* the one port 0 should receive next */
static bool shadow;

/*
 * rte_pmd_ixguard_dma_map_mempool() of the -d plugin: strict mode sends
 * only from memory registered before start.
 */
static int
map_tx_pool(uint16_t port, struct rte_mempool *mp)
{
	int (*fn)(uint16_t, struct rte_mempool *) = NULL;
	void *sym = pmd_sym("rte_pmd_ixguard_dma_map_mempool");

	if (sym == NULL)
		return -ENOENT;
	memcpy(&fn, &sym, sizeof(fn));
	return fn(port, mp);
}

static int
port_setup(uint16_t port, struct rte_mempool *mp, uint16_t rx_desc)
{
	struct rte_eth_conf conf;
	int ret;

	memset(&conf, 0, sizeof(conf));
	ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, rx_desc, SOCKET_ID_ANY,
					     NULL, mp);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, TX_DESC, SOCKET_ID_ANY,
					     NULL);
	return ret;
}

static int
ports_start(void)
{
	int ret = rte_eth_dev_start(0);

	if (ret == 0)
		ret = rte_eth_dev_start(1);
	if (ret == 0)
		ret = rte_eth_promiscuous_enable(0);
	return ret;
}

/* n frames from port 1 (pool txp), numbered from tx_seq. */
static unsigned int
send_frames(unsigned int n)
{
	struct rte_mbuf *pkts[32];
	unsigned int done = 0, i, k, sent;
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz();

	while (done < n && rte_get_timer_cycles() < end) {
		k = RTE_MIN(n - done, RTE_DIM(pkts));
		if (rte_pktmbuf_alloc_bulk(txp, pkts, k) != 0)
			break;
		for (i = 0; i < k; i++) {
			uint8_t *p = (uint8_t *)rte_pktmbuf_append(pkts[i],
								   FRAME_LEN);
			uint32_t s = tx_seq + i;

			memset(p, 0, FRAME_LEN);
			memset(p, 0xff, 6);
			p[6] = 0x02;
			p[11] = 0x01;
			p[12] = 0x88;
			p[13] = 0xB5;	/* local experimental ethertype */
			memcpy(p + 14, &s, sizeof(s));
		}
		sent = test_send(1, 0, pkts, k, end);
		tx_seq += sent;
		done += sent;
	}
	return done;
}

static uint32_t
frame_seq(const struct rte_mbuf *m)
{
	uint32_t s;

	memcpy(&s, rte_pktmbuf_mtod_offset(m, const uint8_t *, 14), sizeof(s));
	return s;
}

/*
 * At most 'max' frames from port 0 in one burst; counts frames out of
 * sequence in *bad (a frame lost, repeated or reordered).
 */
static uint16_t
recv_burst(uint16_t max, unsigned int *bad)
{
	struct rte_mbuf *pkts[64];
	uint16_t n, i;

	n = rte_eth_rx_burst(0, 0, pkts, RTE_MIN(max, RTE_DIM(pkts)));
	for (i = 0; i < n; i++) {
		uint32_t s = frame_seq(pkts[i]);

		if (s != rx_seq || pkts[i]->pkt_len != FRAME_LEN)
			(*bad)++;
		rx_seq = s + 1;
	}
	rte_pktmbuf_free_bulk(pkts, n);
	return n;
}

/* Receive until nothing arrives for quiet_ms (or want frames came). */
static unsigned int
recv_all(unsigned int want, unsigned int quiet_ms, unsigned int *bad)
{
	uint64_t hz = rte_get_timer_hz(), last = rte_get_timer_cycles();
	unsigned int got = 0;

	while (want == 0 || got < want) {
		uint16_t n = recv_burst(32, bad);

		got += n;
		if (n != 0) {
			last = rte_get_timer_cycles();
		} else {
			if (rte_get_timer_cycles() - last > hz * quiet_ms / 1000)
				break;
			rte_delay_us(50);
		}
	}
	return got;
}

/* Port 0's RX queue stopped and started: all but one descriptor posted. */
static bool
fresh_rx_ring(void)
{
	return rte_eth_dev_rx_queue_stop(0, 0) == 0 &&
	       rte_eth_dev_rx_queue_start(0, 0) == 0;
}

/*
 * rx_queue_count once it reached 'want' (the frames sent take their time
 * on a loaded machine: up to 2 s), and 30 ms later, so that a count
 * going past it is seen too.
 */
static int
count_reaching(int want)
{
	uint64_t hz = rte_get_timer_hz(), end = rte_get_timer_cycles() + 2 * hz;

	while (rte_eth_rx_queue_count(0, 0) < want &&
	       rte_get_timer_cycles() < end)
		rte_delay_us(500);
	rte_delay_ms(30);
	return rte_eth_rx_queue_count(0, 0);
}

static void
test_rx_queue_count(void)
{
	unsigned int bad = 0, got;
	int c;

	c = rte_eth_rx_queue_count(0, 0);
	CHECK(c == 0, "rx_queue_count %d on an idle queue", c);
	CHECK(send_frames(20) == 20, "20 frames sent");
	c = count_reaching(20);
	CHECK(c == 20, "rx_queue_count %d with 20 frames waiting", c);
	got = recv_burst(7, &bad);
	c = rte_eth_rx_queue_count(0, 0);
	CHECK(got == 7 && c == 13, "a burst of %u: rx_queue_count %d "
	      "(13 left)", got, c);
	got = recv_all(13, 1000, &bad);
	c = rte_eth_rx_queue_count(0, 0);
	CHECK(got == 13 && c == 0, "the other %u received: rx_queue_count %d",
	      got, c);

	/*
	 * More than the ring holds: the count stops at the posted ones, all
	 * but one on a fresh ring (bursts leave up to rx_free_thresh
	 * descriptors unposted until the next refill).
	 */
	CHECK(fresh_rx_ring(), "port 0 rxq 0 stopped and started");
	CHECK(send_frames(100) == 100, "100 frames sent to a ring of %u",
	      RX_DESC);
	c = count_reaching(RX_DESC - 1);
	CHECK(c == RX_DESC - 1, "rx_queue_count %d: the %u descriptors "
	      "posted, never more", c, RX_DESC - 1);
	got = recv_all(0, 500, &bad);
	c = rte_eth_rx_queue_count(0, 0);
	CHECK(got >= RX_DESC - 1 && got <= 100 && c == 0,
	      "%u of them received, then rx_queue_count %d", got, c);
	/* Frames the full ring could not take are dropped: resync. */
	rx_seq = tx_seq;
	CHECK(bad <= 1, "frames in order (%u out of sequence: at most the "
	      "first after the drop)", bad);
}

static void
test_monitor(void)
{
	struct rte_power_monitor_cond pmc, pmc2;
	unsigned int bad = 0;
	uint64_t v;
	int ret, c;

	memset(&pmc, 0, sizeof(pmc));
	ret = rte_eth_get_monitor_addr(0, 0, &pmc);
	CHECK(ret == 0 && pmc.fn != NULL && pmc.addr != NULL &&
	      pmc.size == 4, "get_monitor_addr: %d, size %u", ret, pmc.size);
	if (ret != 0 || pmc.fn == NULL || pmc.size != 4)
		return;
	v = *(volatile uint32_t *)pmc.addr;
	CHECK(pmc.fn(v, pmc.opaque) == 0, "empty queue: the callback lets "
	      "the lcore sleep (status 0x%" PRIx64 ")", v);
	CHECK(send_frames(1) == 1, "1 frame sent");
	c = count_reaching(1);
	v = *(volatile uint32_t *)pmc.addr;
	CHECK(c == 1 && pmc.fn(v, pmc.opaque) != 0, "frame written back "
	      "(count %d): the callback wakes the lcore (status 0x%" PRIx64
	      ")", c, v);
	CHECK(recv_all(1, 1000, &bad) == 1 && bad == 0, "the frame received");
	memset(&pmc2, 0, sizeof(pmc2));
	ret = rte_eth_get_monitor_addr(0, 0, &pmc2);
	v = ret == 0 ? *(volatile uint32_t *)pmc2.addr : 0;
	CHECK(ret == 0 && pmc2.addr != pmc.addr && pmc2.fn(v, pmc2.opaque) == 0,
	      "after the burst: the next descriptor (%p, was %p), sleep",
	      (void *)(uintptr_t)pmc2.addr, (void *)(uintptr_t)pmc.addr);
}

/*
 * Port 0's pool emptied and every posted descriptor received: nothing is
 * posted any more and only a burst retries the refill, so no write-back
 * can come.  The monitor condition must then never let the lcore sleep.
 * The pool back, the frames the device held arrive.
 */
static void
test_monitor_nothing_posted(void)
{
	static struct rte_mbuf *hoard[2048];
	struct rte_power_monitor_cond pmc;
	unsigned int n = 0, got = 0, bad = 0, i;
	uint64_t end, v;
	int c, ret;

	/*
	 * A fresh ring (next 0, tail nb_desc - 1): once the posted ones are
	 * received without a refill, next is the descriptor never posted,
	 * whose DD is clear; a DD condition there would sleep for good.
	 */
	CHECK(fresh_rx_ring(), "port 0 rxq 0 stopped and started");
	while (n < RTE_DIM(hoard) && (hoard[n] = rte_pktmbuf_alloc(mp0)))
		n++;
	CHECK(rte_mempool_avail_count(mp0) == 0, "port 0's pool emptied "
	      "(%u mbufs taken)", n);
	CHECK(send_frames(100) == 100, "100 frames sent");
	c = count_reaching(RX_DESC - 1);
	/* Until nothing came for 100 ms: the posted ones, at most a ring. */
	end = rte_get_timer_cycles() + rte_get_timer_hz() / 10;
	while (rte_get_timer_cycles() < end && n + 32 <= RTE_DIM(hoard)) {
		uint16_t k = rte_eth_rx_burst(0, 0, hoard + n, 32);

		n += k;	/* kept: the pool stays empty */
		got += k;
		if (k != 0)
			end = rte_get_timer_cycles() + rte_get_timer_hz() / 10;
		else
			rte_delay_us(100);
	}
	c = rte_eth_rx_queue_count(0, 0);
	CHECK(got == RX_DESC - 1 && c == 0, "%u received, none posted any "
	      "more: rx_queue_count %d", got, c);
	memset(&pmc, 0, sizeof(pmc));
	ret = rte_eth_get_monitor_addr(0, 0, &pmc);
	v = ret == 0 ? *(volatile uint32_t *)pmc.addr : 0;
	CHECK(ret == 0 && pmc.fn(v, pmc.opaque) != 0, "the monitor callback "
	      "does not let the lcore sleep (status 0x%" PRIx64 ")", v);
	for (i = 0; i < n; i++)
		rte_pktmbuf_free(hoard[i]);
	i = recv_all(100 - got, 1000, &bad);
	CHECK(got + i == 100, "pool back: the other %u frames arrive", i);
	rx_seq = tx_seq;
}

/*
 * The device wrote back the RS descriptor of port 1's TX queue that
 * covers the descriptor 'back' before the tail (descriptor status
 * offset nb_desc - 1 is the one before the tail), within 1 s: it may
 * come a little after the frame reached port 0.
 */
static bool
tx_written_back(unsigned int back)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz();
	int st;

	while ((st = rte_eth_tx_descriptor_status(1, 0, TX_DESC - 1 - back))
	       != RTE_ETH_TX_DESC_DONE && rte_get_timer_cycles() < end)
		rte_delay_us(200);
	return st == RTE_ETH_TX_DESC_DONE;
}

/* In-use mbufs of txp: in the TX ring (or in flight in this program). */
static unsigned int
txp_in_use(void)
{
	return rte_mempool_in_use_count(txp);
}

/*
 * Port 1's TX queue stopped and started: a fresh ring, the frames sent so
 * far and their RS count gone, every mbuf back in txp.
 */
static void
txq_restart(void)
{
	int ret = rte_eth_dev_tx_queue_stop(1, 0);

	if (ret == 0)
		ret = rte_eth_dev_tx_queue_start(1, 0);
	CHECK(ret == 0 && txp_in_use() == 0, "port 1 txq 0 stopped and "
	      "started: txp all free (%u in use)", txp_in_use());
}

static void
test_tx_done_cleanup(void)
{
	struct rte_eth_txq_info qi;
	unsigned int bad = 0, rs, held, got, pending, i;
	int ret;

	CHECK(rte_eth_tx_queue_info_get(1, 0, &qi) == 0 &&
	      qi.conf.tx_rs_thresh != 0, "tx_rs_thresh %u",
	      qi.conf.tx_rs_thresh);
	rs = qi.conf.tx_rs_thresh ? qi.conf.tx_rs_thresh : 32;
	txq_restart();

	/* 2 * rs frames: both RS descriptors written back once sent. */
	CHECK(send_frames(2 * rs) == 2 * rs, "%u frames sent", 2 * rs);
	got = recv_all(2 * rs, 1000, &bad);
	CHECK(got == 2 * rs && bad == 0 && tx_written_back(0),
	      "%u received in order, the last RS descriptor written back",
	      got);
	held = txp_in_use();
	/* Shadow mode: the burst copied the frames and freed the mbufs. */
	CHECK(held == (shadow ? 0 : 2 * rs), "%u mbufs held by the TX ring "
	      "before the cleanup", held);
	ret = rte_eth_tx_done_cleanup(1, 0, 10);
	CHECK(ret == (shadow ? 0 : 10) && txp_in_use() == (shadow ? 0 :
	      2 * rs - 10), "cleanup(free_cnt 10): %d freed, %u in use", ret,
	      txp_in_use());
	ret = rte_eth_tx_done_cleanup(1, 0, 0);
	CHECK(ret == (shadow ? 0 : (int)(2 * rs - 10)) && txp_in_use() == 0,
	      "cleanup(all): %d freed, %u in use", ret, txp_in_use());

	/* rs + 8 frames: the last 8 have no RS yet, nothing reports them. */
	CHECK(send_frames(rs + 8) == rs + 8, "%u more frames sent", rs + 8);
	got = recv_all(rs + 8, 1000, &bad);
	CHECK(tx_written_back(8), "the last RS descriptor written back");
	ret = rte_eth_tx_done_cleanup(1, 0, 0);
	CHECK(got == rs + 8 && ret == (shadow ? 0 : (int)rs) &&
	      txp_in_use() == (shadow ? 0 : 8), "%u received; cleanup: %d "
	      "freed, %u in use (sent after the last RS descriptor)", got, ret,
	      txp_in_use());

	/* The ring goes on: 3 rings' worth, each frame received in order. */
	pending = 3 * TX_DESC;
	got = 0;
	for (i = 0; i < pending; i += 16) {
		if (send_frames(16) != 16)
			break;
		if (i % 64 == 48)
			(void)rte_eth_tx_done_cleanup(1, 0, 5);
		got += recv_all(16, 1000, &bad);
	}
	CHECK(i == pending && got == pending && bad == 0, "then %u frames "
	      "sent with cleanups between, %u received in order", i, got);
	/* The last RS write-back may come a little after its frame. */
	for (i = 0; i < 100; i++) {
		(void)rte_eth_tx_done_cleanup(1, 0, 0);
		if (txp_in_use() < rs)
			break;
		rte_delay_ms(10);
	}
	CHECK(txp_in_use() < rs, "%u mbufs left in the ring (< tx_rs_thresh)",
	      txp_in_use());
}

/*
 * The default tx_free_thresh (the queue was set up without a
 * configuration): outside shadow mode the ring less three RS batches, so
 * the mbufs of sent frames come back to their pool a few bursts later,
 * not when the ring is nearly full; shadow mode keeps 32, its TX frees
 * each mbuf once the frame is copied.  A ring's worth of bursts, each
 * received and its RS descriptor written back before the next: never more
 * than three batches and the new burst in the ring (32 would leave seven).
 */
static void
test_tx_free_default(void)
{
	struct rte_eth_txq_info qi;
	unsigned int bad = 0, rs, got, most = 0, b, want;
	int ret;

	ret = rte_eth_tx_queue_info_get(1, 0, &qi);
	rs = ret == 0 && qi.conf.tx_rs_thresh ? qi.conf.tx_rs_thresh : 32;
	want = shadow ? 32 : TX_DESC - 3 * rs;
	CHECK(ret == 0 && qi.conf.tx_free_thresh == want, "default "
	      "tx_free_thresh %u (want %u)", qi.conf.tx_free_thresh, want);
	txq_restart();
	for (b = 0; b < TX_DESC / rs; b++) {
		if (send_frames(rs) != rs)
			break;
		most = RTE_MAX(most, txp_in_use());
		got = recv_all(rs, 1000, &bad);
		if (got != rs || !tx_written_back(0))
			break;
	}
	CHECK(b == TX_DESC / rs && bad == 0, "%u bursts of %u sent, received "
	      "in order, written back", b, rs);
	CHECK(most <= (shadow ? 0 : 4 * rs), "at most %u mbufs in the TX ring "
	      "after a burst (%s)", most, shadow ? "shadow: none" :
	      "three RS batches and the burst");
	(void)rte_eth_tx_done_cleanup(1, 0, 0);
}

/* Values of all xstats, and the driver's by id. */
static void
test_xstats_by_id(void)
{
	struct rte_eth_xstat_name *names, *nb;
	struct rte_eth_xstat *xs;
	uint64_t *ids, *vals, id;
	int n, base = -1, i, k, ret, mism = 0, nz = 0;

	n = rte_eth_xstats_get_names(0, NULL, 0);
	CHECK(n > 0, "%d xstats", n);
	if (n <= 0)
		return;
	names = calloc(n, sizeof(*names));
	nb = calloc(n + 1, sizeof(*nb));
	xs = calloc(n, sizeof(*xs));
	ids = calloc(n + 1, sizeof(*ids));
	vals = calloc(n + 1, sizeof(*vals));
	if (names == NULL || nb == NULL || xs == NULL || ids == NULL ||
	    vals == NULL)
		goto out;
	rte_eth_xstats_get_names(0, names, n);
	for (i = 0; i < n && base < 0; i++)
		if (strcmp(names[i].name, "rx_crc_errors") == 0)
			base = i;
	CHECK(base > 0, "the driver's xstats start at %d", base);
	if (base <= 0)
		goto out;
	ret = rte_eth_xstats_get(0, xs, n);
	CHECK(ret == n, "all xstats read (%d)", ret);
	/* Every driver id, in reverse order, then one repeated. */
	for (k = 0, i = n - 1; i >= base; i--)
		ids[k++] = i;
	ids[k++] = base;
	ret = rte_eth_xstats_get_by_id(0, ids, vals, k);
	for (i = 0; i < k && ret == k; i++) {
		mism += vals[i] != xs[ids[i]].value;
		nz += vals[i] != 0;
	}
	CHECK(ret == k && mism == 0, "xstats_get_by_id of %d ids: %d, %d "
	      "differ from xstats_get", k, ret, mism);
	CHECK(nz > 0, "%d of them non-zero", nz);
	ret = rte_eth_xstats_get_names_by_id(0, nb, k, ids);
	for (mism = 0, i = 0; i < k && ret == k; i++)
		mism += strcmp(nb[i].name, names[ids[i]].name) != 0;
	CHECK(ret == k && mism == 0, "xstats_get_names_by_id: %d, %d names "
	      "differ", ret, mism);
	id = n;
	ret = rte_eth_xstats_get_by_id(0, &id, vals, 1);
	CHECK(ret == -EINVAL, "id %d out of range refused by the driver (%d)",
	      n, ret);
	ret = rte_eth_xstats_get_names_by_id(0, nb, 1, &id);
	CHECK(ret == -EINVAL, "name of id %d refused by the driver (%d)", n,
	      ret);
	ret = rte_eth_xstats_get_id_by_name(0, "rx_total_packets", &id);
	if (ret == 0)
		ret = rte_eth_xstats_get_by_id(0, &id, vals, 1);
	CHECK(ret == 1 && vals[0] == xs[id].value && vals[0] >= 100,
	      "rx_total_packets by id: %" PRIu64, vals[0]);
out:
	free(names);
	free(nb);
	free(xs);
	free(ids);
	free(vals);
}

/* ---- A device that lies (ixemu_forge_writeback()) --------------------- */

typedef int (*forge_fn_t)(unsigned int, unsigned int, const char *,
			  uint64_t);
typedef uint64_t (*forged_fn_t)(unsigned int);

static forged_fn_t forged_count;

/* The lie armed on function fn was made (within ms milliseconds). */
static bool
lie_made(unsigned int fn, uint64_t before, unsigned int ms)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;

	while (forged_count(fn) == before && rte_get_timer_cycles() < end)
		rte_delay_us(200);
	return forged_count(fn) == before + 1;
}

/*
 * Lies in the descriptors the helpers read: DD on a descriptor not
 * written back, DD on the one never posted, reserved bits in a TX
 * write-back.  None may be counted as a frame or free a buffer.
 */
static void
test_hostile(void)
{
	forge_fn_t forge;
	void *sym;
	unsigned int bad = 0, rs, got;
	uint64_t before, fwb;
	int ret, c;

	sym = dlsym(RTLD_DEFAULT, "ixemu_forge_writeback");
	memcpy(&forge, &sym, sizeof(forge));
	sym = dlsym(RTLD_DEFAULT, "ixemu_forged_writebacks");
	memcpy(&forged_count, &sym, sizeof(forged_count));
	CHECK(forge != NULL && forged_count != NULL, "ixemu's write-back "
	      "lies found");
	if (forge == NULL || forged_count == NULL)
		return;

	/* DD on the next descriptor, posted, never written back. */
	recv_all(0, 50, &bad);
	rx_seq = tx_seq;
	before = forged_count(0);
	ret = forge(0, 0, "rx-dd-unwritten", 0);
	c = lie_made(0, before, 1000) ? rte_eth_rx_queue_count(0, 0) : -1;
	CHECK(ret == 0 && c == 0, "DD forged on a descriptor not written "
	      "back: rx_queue_count %d", c);
	c = rte_eth_rx_descriptor_status(0, 0, 0);
	CHECK(c == RTE_ETH_RX_DESC_AVAIL, "and rx_descriptor_status %d "
	      "(AVAIL, not DONE)", c);
	CHECK(send_frames(5) == 5, "5 frames sent");
	c = count_reaching(5);
	got = recv_all(5, 1000, &bad);
	CHECK(c == 5 && got == 5 && bad == 0, "then rx_queue_count %d for 5 "
	      "real frames, %u received in order", c, got);

	/* DD on the descriptor at the tail, never posted, ring full. */
	CHECK(fresh_rx_ring(), "port 0 rxq 0 stopped and started");
	CHECK(send_frames(100) == 100, "100 frames sent");
	c = count_reaching(RX_DESC - 1);
	CHECK(c == RX_DESC - 1, "the ring full: rx_queue_count %d", c);
	before = forged_count(0);
	ret = forge(0, 0, "rx-dd-past-tail", 0);
	c = lie_made(0, before, 1000) ? rte_eth_rx_queue_count(0, 0) : -1;
	CHECK(ret == 0 && c == RX_DESC - 1, "DD forged past the tail of a "
	      "full ring: rx_queue_count %d (the %u posted)", c, RX_DESC - 1);
	got = recv_all(0, 500, &bad);
	c = rte_eth_rx_queue_count(0, 0);
	CHECK(got == 100 && c == 0, "%u received, then rx_queue_count %d",
	      got, c);
	rx_seq = tx_seq;

	/* Reserved status bits in the first RS write-back of port 1. */
	rs = 32;
	ret = rte_eth_dev_tx_queue_stop(1, 0);
	if (ret == 0)
		ret = rte_eth_dev_tx_queue_start(1, 0);
	fwb = test_xstat(1, "tx_forged_writebacks");
	before = forged_count(1);
	ret |= forge(1, 0, "tx-wb-status-reserved", 0);
	CHECK(ret == 0 && send_frames(2 * rs) == 2 * rs, "lie armed, %u "
	      "frames sent", 2 * rs);
	got = recv_all(2 * rs, 1000, &bad);
	CHECK(lie_made(1, before, 1000) && got == 2 * rs, "lie made, %u "
	      "frames received", got);
	ret = rte_eth_tx_done_cleanup(1, 0, 0);
	CHECK(ret == 0 && txp_in_use() == (shadow ? 0 : 2 * rs) &&
	      test_xstat(1, "tx_forged_writebacks") == fwb + 1,
	      "cleanup frees nothing past the forged write-back (%d freed, "
	      "%u in use), tx_forged_writebacks +1", ret, txp_in_use());
	/* The queue watch repairs the status once the head is past it. */
	for (c = 0; c < 300 && txp_in_use() != 0; c++) {
		rte_delay_ms(10);
		(void)rte_eth_tx_done_cleanup(1, 0, 0);
	}
	CHECK(txp_in_use() == 0, "after the repair (%d ms) cleanup frees "
	      "them all", c * 10);
	CHECK(send_frames(64) == 64 && recv_all(64, 1000, &bad) == 64 &&
	      bad == 0, "the queue goes on: 64 more frames in order");
}

/* ---- rte_power monitor mode ------------------------------------------ */

#define MON_FRAMES	40
#define MON_GAP_MS	20

static volatile bool mon_done;

static int
mon_sender(void *arg __rte_unused)
{
	unsigned int i;

	rte_delay_ms(100);
	for (i = 0; i < MON_FRAMES && !mon_done; i++) {
		send_frames(1);
		rte_delay_ms(MON_GAP_MS);
	}
	return 0;
}

static int
run_monitor(void)
{
	struct rte_cpu_intrinsics intr;
	unsigned int lcore = rte_lcore_id(), worker, bad = 0, got = 0;
	uint64_t polls = 0, hz = rte_get_timer_hz(), end;
	int ret;

	rte_cpu_get_intrinsics_support(&intr);
	if (!intr.power_monitor) {
		printf("SKIP: this CPU cannot monitor an address (no "
		       "WAITPKG): rte_power monitor mode cannot run\n");
		return 77;
	}
	worker = rte_get_next_lcore(lcore, 1, 0);
	if (worker >= RTE_MAX_LCORE) {
		CHECK(false, "a worker lcore is needed (-l 0-1)");
		return 1;
	}
	ret = rte_power_ethdev_pmgmt_queue_enable(lcore, 0, 0,
						  RTE_POWER_MGMT_TYPE_MONITOR);
	CHECK(ret == 0, "monitor mode enabled on port 0 queue 0 (%d)", ret);
	if (ret != 0)
		return 1;
	CHECK(ports_start() == 0, "ports started");
	mon_done = false;
	rte_eal_remote_launch(mon_sender, NULL, worker);
	/* The lcore sleeps between frames; a frame must wake it. */
	end = rte_get_timer_cycles() + 5 * hz;
	while (got < MON_FRAMES && rte_get_timer_cycles() < end) {
		got += recv_burst(32, &bad);
		polls++;
	}
	mon_done = true;
	rte_eal_wait_lcore(worker);
	CHECK(got == MON_FRAMES && bad == 0, "%u of %u frames received, in "
	      "order, by an lcore that sleeps on the queue", got, MON_FRAMES);
	/*
	 * Busy polling makes ~10^5 polls per 20 ms gap here; rte_power
	 * sleeps after 512 empty ones, so each gap costs about that many.
	 */
	CHECK(polls < MON_FRAMES * 5000ull, "%" PRIu64 " polls for %u frames "
	      "%u ms apart: the lcore slept", polls, MON_FRAMES, MON_GAP_MS);
	rte_eth_dev_stop(0);
	CHECK(rte_power_ethdev_pmgmt_queue_disable(lcore, 0, 0) == 0,
	      "monitor mode disabled");
	return failures ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct rte_eth_dev_info di;
	struct rte_eth_burst_mode bm;
	bool monitor;
	int ret;

	test_eal_args(&argc, &argv);
	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		CHECK(false, "EAL init");
		return 1;
	}
	argc -= ret;
	argv += ret;
	monitor = argc > 1 && strcmp(argv[1], "monitor") == 0;
	if (rte_eth_dev_count_avail() != 2) {
		CHECK(false, "2 ports");
		return 1;
	}
	mp0 = test_pool_create("poll_mp0", 1024);
	mp1 = test_pool_create("poll_mp1", 1024);
	txp = rte_pktmbuf_pool_create("poll_txp", TX_POOL, 0, 0,
				      RTE_MBUF_DEFAULT_BUF_SIZE,
				      SOCKET_ID_ANY);
	if (mp0 == NULL || mp1 == NULL || txp == NULL) {
		CHECK(false, "pools");
		return 1;
	}
	CHECK(port_setup(0, mp0, RX_DESC) == 0 &&
	      port_setup(1, mp1, 512) == 0, "ports set up");
	ret = map_tx_pool(1, txp);
	CHECK(ret == 0, "TX pool registered with port 1's DMA domain (%d)",
	      ret);
	if (monitor) {
		ret = run_monitor();
		rte_eal_cleanup();
		return ret;
	}
	CHECK(ports_start() == 0, "ports started");
	rte_eth_dev_info_get(0, &di);
	shadow = rte_eth_rx_burst_mode_get(0, 0, &bm) == 0 &&
		 strstr(bm.info, "shadow") != NULL;
	printf("# %s, rx path \"%s\"\n", test_port_name(0), bm.info);
	if (rte_eth_tx_burst_mode_get(1, 0, &bm) == 0)
		printf("# %s, tx path \"%s\"\n", test_port_name(1), bm.info);
	/* Link up before traffic (the emulated cable). */
	rte_delay_ms(100);

	test_rx_queue_count();
	test_monitor();
	test_monitor_nothing_posted();
	test_tx_done_cleanup();
	test_tx_free_default();
	test_xstats_by_id();
	test_hostile();

	rte_eth_dev_stop(1);
	CHECK(txp_in_use() == 0, "port 1 stopped: every TX mbuf back in its "
	      "pool (%u in use)", txp_in_use());
	rte_eth_dev_stop(0);
	rte_eth_dev_close(0);
	rte_eth_dev_close(1);
	rte_eal_cleanup();
	printf("# %d failures\n", failures);
	return failures ? 1 : 0;
}

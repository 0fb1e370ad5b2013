/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Forwarding: streams, their distribution over the lcores, the lcore
 * loop, and the modes that only move received packets (io, mac, macswap,
 * rxonly).
 *
 * A stream is one RX queue of one port (generators: one TX queue of the
 * port) polled by one lcore.  Forwarding streams transmit on the paired
 * port (0<->1, 2<->3: testpmd's default topology) on queue q modulo its TX
 * queues; generators transmit on their own port.  A TX queue is not
 * thread-safe, so streams that transmit on the same (port, queue) are
 * given to the same lcore.
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_ether.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "guardpmd.h"

#define GP_NO_QUEUE UINT16_MAX

struct gp_stream gp_streams[GP_MAX_STREAMS];
unsigned int gp_nb_streams;
volatile int gp_fwd_halt;
volatile int gp_gen_halt;

static bool running;
static uint64_t start_tsc, stop_tsc;
static unsigned int fwd_lcores[RTE_MAX_LCORE];
static unsigned int nb_fwd_lcores;
static bool launched[RTE_MAX_LCORE];

typedef void (*gp_fwd_fn)(struct gp_stream *s);

static const gp_fwd_fn fwd_fns[GP_MODE_NB] = {
	[GP_MODE_IO] = gp_fwd_io,
	[GP_MODE_MAC] = gp_fwd_mac,
	[GP_MODE_MACSWAP] = gp_fwd_macswap,
	[GP_MODE_RXONLY] = gp_fwd_rxonly,
	[GP_MODE_TXONLY] = gp_fwd_txonly,
	[GP_MODE_FLOWGEN] = gp_fwd_flowgen,
	[GP_MODE_CSUM] = gp_fwd_csum,
};

static bool
is_generator(enum gp_mode m)
{
	return m == GP_MODE_TXONLY || m == GP_MODE_FLOWGEN;
}

bool
gp_fwd_running(void)
{
	return running;
}

uint64_t
gp_fwd_start_tsc(void)
{
	return start_tsc;
}

uint64_t
gp_fwd_stop_tsc(void)
{
	return running ? rte_rdtsc() : stop_tsc;
}

/* Transmit, count, and free what the queue refused (no retry: a refusal
 * is a drop, as in testpmd without --retry). */
void
gp_fwd_tx_burst(struct gp_stream *s, struct rte_mbuf **pkts, uint16_t nb)
{
	uint16_t sent, i;
	uint64_t bytes = 0;

	sent = rte_eth_tx_burst(s->tx_port, s->tx_queue, pkts, nb);
	for (i = 0; i < sent; i++)
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
	s->tx_pkts += sent;
	s->tx_bytes += bytes;
	if (unlikely(sent < nb)) {
		s->tx_dropped += nb - sent;
		rte_pktmbuf_free_bulk(&pkts[sent], nb - sent);
	}
}

static inline uint16_t
rx_burst(struct gp_stream *s, struct rte_mbuf **pkts)
{
	uint16_t n, i;
	uint64_t bytes = 0;

	n = rte_eth_rx_burst(s->rx_port, s->rx_queue, pkts, gp_cfg.burst);
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
	s->rx_pkts += n;
	s->rx_bytes += bytes;
	return n;
}

/*
 * Cycles are counted as testpmd --record-core-cycles does: from before
 * rx_burst to after tx_burst, and only for bursts that received
 * something, so that idle polling does not count as work.
 */
static inline void
account(struct gp_stream *s, uint64_t start, uint16_t n)
{
	s->busy_cycles += rte_rdtsc() - start;
	s->busy_pkts += n;
}

void
gp_fwd_io(struct gp_stream *s)
{
	struct rte_mbuf *pkts[GP_MAX_BURST];
	uint64_t start = rte_rdtsc();
	uint16_t n = rx_burst(s, pkts);

	if (n == 0)
		return;
	gp_fwd_tx_burst(s, pkts, n);
	account(s, start, n);
}

void
gp_fwd_mac(struct gp_stream *s)
{
	struct rte_mbuf *pkts[GP_MAX_BURST];
	uint64_t start = rte_rdtsc();
	uint16_t n = rx_burst(s, pkts), i;
	int idx = gp_port_index(s->tx_port);
	struct rte_ether_addr src = gp_ports[idx].mac;
	/* testpmd's default peer address: 02:00:00:00:00:<tx port> */
	struct rte_ether_addr dst = {
		.addr_bytes = { 0x02, 0, 0, 0, 0, (uint8_t)s->tx_port } };

	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		struct rte_ether_hdr *eh =
			rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);

		rte_ether_addr_copy(&dst, &eh->dst_addr);
		rte_ether_addr_copy(&src, &eh->src_addr);
	}
	gp_fwd_tx_burst(s, pkts, n);
	account(s, start, n);
}

void
gp_fwd_macswap(struct gp_stream *s)
{
	struct rte_mbuf *pkts[GP_MAX_BURST];
	uint64_t start = rte_rdtsc();
	uint16_t n = rx_burst(s, pkts), i;

	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		struct rte_ether_hdr *eh =
			rte_pktmbuf_mtod(pkts[i], struct rte_ether_hdr *);
		struct rte_ether_addr tmp = eh->dst_addr;

		eh->dst_addr = eh->src_addr;
		eh->src_addr = tmp;
	}
	gp_fwd_tx_burst(s, pkts, n);
	account(s, start, n);
}

void
gp_fwd_rxonly(struct gp_stream *s)
{
	struct rte_mbuf *pkts[GP_MAX_BURST];
	uint64_t start = rte_rdtsc();
	uint16_t n = rx_burst(s, pkts), i;
	uint64_t now;

	if (n == 0)
		return;
	now = rte_rdtsc();
	for (i = 0; i < n; i++)
		gp_gen_check_stamp(s, pkts[i], now);
	rte_pktmbuf_free_bulk(pkts, n);
	account(s, start, n);
}

static int
lcore_main(void *arg __rte_unused)
{
	unsigned int lc = rte_lcore_id(), i, n = 0;
	struct gp_stream *mine[GP_MAX_STREAMS];

	for (i = 0; i < gp_nb_streams; i++)
		if (gp_streams[i].lcore == lc)
			mine[n++] = &gp_streams[i];
	while (!gp_fwd_halt) {
		for (i = 0; i < n; i++) {
			struct gp_stream *s = mine[i];

			/* Generators stop first; receivers drain the wire. */
			if (is_generator(s->mode) && gp_gen_halt) {
				if (s->mode == GP_MODE_FLOWGEN &&
				    s->rx_queue != GP_NO_QUEUE)
					gp_fwd_rxonly(s);
				continue;
			}
			fwd_fns[s->mode](s);
		}
	}
	return 0;
}

static void
free_latency(void)
{
	unsigned int i;

	for (i = 0; i < gp_nb_streams; i++) {
		gp_latency_free(gp_streams[i].lat);
		gp_streams[i].lat = NULL;
	}
}

static int
add_stream(struct gp_port *p, unsigned int idx, enum gp_mode mode,
	   uint16_t rxq, uint16_t txport, uint16_t txq)
{
	struct gp_stream *s;

	if (gp_nb_streams >= GP_MAX_STREAMS)
		return -ENOSPC;
	s = &gp_streams[gp_nb_streams++];
	memset(s, 0, sizeof(*s));
	s->rx_port = p->id;
	s->rx_queue = rxq;
	s->tx_port = txport;
	s->tx_queue = txq;
	s->mode = mode;
	s->port_idx = idx;
	s->flow = 0;
	if (mode == GP_MODE_RXONLY || mode == GP_MODE_FLOWGEN) {
		s->lat = gp_latency_new();
		if (s->lat == NULL)
			return -ENOMEM;
	}
	return 0;
}

static int
build_streams(void)
{
	unsigned int i, q;
	int ret;

	free_latency();
	gp_nb_streams = 0;
	for (i = 0; i < gp_nb_ports; i++) {
		struct gp_port *p = &gp_ports[i];
		enum gp_mode mode = gp_port_mode(p);
		int pi = gp_port_index(p->peer);
		struct gp_port *peer = &gp_ports[pi];

		if (!p->started)
			continue;
		if (is_generator(mode)) {
			for (q = 0; q < p->txq; q++) {
				ret = add_stream(p, i, mode,
						 q < p->rxq ? q : GP_NO_QUEUE,
						 p->id, q);
				if (ret)
					return ret;
			}
			continue;
		}
		if (mode != GP_MODE_RXONLY && !peer->started) {
			fprintf(gp_out, "port %u: peer port %u is not started: not forwarding\n",
				p->id, peer->id);
			continue;
		}
		for (q = 0; q < p->rxq; q++) {
			ret = add_stream(p, i, mode, q,
					 mode == GP_MODE_RXONLY ? p->id :
					 peer->id,
					 mode == GP_MODE_RXONLY ? GP_NO_QUEUE :
					 q % peer->txq);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static void
assign_lcores(void)
{
	unsigned int lc, i, j, next = 0;

	nb_fwd_lcores = 0;
	RTE_LCORE_FOREACH_WORKER(lc) {
		if (gp_cfg.nb_cores && nb_fwd_lcores >= gp_cfg.nb_cores)
			break;
		fwd_lcores[nb_fwd_lcores++] = lc;
	}
	for (i = 0; i < gp_nb_streams; i++) {
		struct gp_stream *s = &gp_streams[i];

		s->lcore = RTE_MAX_LCORE;
		if (s->tx_queue != GP_NO_QUEUE)
			for (j = 0; j < i; j++)
				if (gp_streams[j].tx_port == s->tx_port &&
				    gp_streams[j].tx_queue == s->tx_queue) {
					s->lcore = gp_streams[j].lcore;
					break;
				}
		if (s->lcore == RTE_MAX_LCORE)
			s->lcore = fwd_lcores[next++ % nb_fwd_lcores];
	}
}

int
gp_fwd_start(void)
{
	unsigned int i;
	int ret;

	if (running) {
		fprintf(gp_out, "forwarding is already started\n");
		return 0;
	}
	if (rte_lcore_count() < 2) {
		fprintf(stderr, "guardpmd: forwarding needs a worker lcore (EAL -l 0-1)\n");
		return -EINVAL;
	}
	ret = build_streams();
	if (ret) {
		fprintf(stderr, "guardpmd: streams: %s\n", strerror(-ret));
		return ret;
	}
	if (gp_nb_streams == 0) {
		fprintf(stderr, "guardpmd: no started port to forward on\n");
		return -ENODEV;
	}
	assign_lcores();
	/* Stale packets of an earlier run would spoil the counts. */
	for (i = 0; i < gp_nb_ports; i++) {
		gp_port_drain(&gp_ports[i], 16);
		/* The hardware counters of the run start here too. */
		if (gp_ports[i].started) {
			rte_eth_stats_reset(gp_ports[i].id);
			rte_eth_xstats_reset(gp_ports[i].id);
		}
	}
	gp_gen_init();
	if (gp_cfg.tx_first && gp_gen_tx_first() < 0)
		gp_errors++;
	gp_stats_reset_display();
	gp_fwd_halt = 0;
	gp_gen_halt = 0;
	memset(launched, 0, sizeof(launched));
	start_tsc = rte_rdtsc();
	for (i = 0; i < nb_fwd_lcores; i++) {
		unsigned int lc = fwd_lcores[i], j;
		bool used = false;

		for (j = 0; j < gp_nb_streams; j++)
			used |= gp_streams[j].lcore == lc;
		if (!used)
			continue;
		ret = rte_eal_remote_launch(lcore_main, NULL, lc);
		if (ret) {
			fprintf(stderr, "guardpmd: lcore %u: launch: %s\n", lc,
				strerror(-ret));
			gp_fwd_halt = 1;
			for (j = 0; j < RTE_MAX_LCORE; j++)
				if (launched[j])
					rte_eal_wait_lcore(j);
			return ret;
		}
		launched[lc] = true;
	}
	running = true;
	fprintf(gp_out, "forwarding started: %u streams on %u lcores, mode %s%s\n",
		gp_nb_streams, nb_fwd_lcores, gp_mode_name(gp_cfg.mode),
		gp_cfg.port_mode_given ? " (per-port modes)" : "");
	for (i = 0; i < gp_nb_streams; i++) {
		struct gp_stream *s = &gp_streams[i];

		fprintf(gp_out, "  lcore %u: %s rx %u/%d -> tx %u/%d\n",
			s->lcore, gp_mode_name(s->mode), s->rx_port,
			s->rx_queue == GP_NO_QUEUE ? -1 : s->rx_queue,
			s->tx_port,
			s->tx_queue == GP_NO_QUEUE ? -1 : s->tx_queue);
	}
	return 0;
}

/* Sum of what receivers got plus what the ports missed. */
static uint64_t
rx_progress(void)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < gp_nb_streams; i++)
		sum += gp_streams[i].rx_pkts;
	for (i = 0; i < gp_nb_ports; i++) {
		struct rte_eth_stats st;

		if (gp_ports[i].started &&
		    rte_eth_stats_get(gp_ports[i].id, &st) == 0)
			sum += st.imissed + st.ipackets;
	}
	return sum;
}

int
gp_fwd_stop(bool print)
{
	unsigned int i, stable = 0;
	bool gens = false;
	uint64_t last, now;

	if (!running) {
		fprintf(gp_out, "forwarding is not started\n");
		return 0;
	}
	for (i = 0; i < gp_nb_streams; i++)
		gens |= is_generator(gp_streams[i].mode);
	if (gens) {
		/*
		 * Stop the generators, let the receivers take in what is on
		 * the wire and in the rings, so that sent == received +
		 * missed; give up after 3 s (a port whose traffic goes
		 * nowhere never settles... it has nothing to settle).
		 */
		gp_gen_halt = 1;
		last = rx_progress();
		for (i = 0; i < 60 && stable < 3; i++) {
			usleep(50000);
			now = rx_progress();
			stable = now == last ? stable + 1 : 0;
			last = now;
		}
	}
	gp_fwd_halt = 1;
	for (i = 0; i < RTE_MAX_LCORE; i++)
		if (launched[i]) {
			rte_eal_wait_lcore(i);
			launched[i] = false;
		}
	stop_tsc = rte_rdtsc();
	running = false;
	if (print)
		gp_stats_final();
	return 0;
}

void
gp_fwd_lcore_stats(struct gp_lcore_stats *out, unsigned int *nb)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < nb_fwd_lcores; i++) {
		struct gp_lcore_stats *l = &out[n];

		memset(l, 0, sizeof(*l));
		l->lcore = fwd_lcores[i];
		for (j = 0; j < gp_nb_streams; j++) {
			if (gp_streams[j].lcore != l->lcore)
				continue;
			l->nb_streams++;
			l->busy_cycles += gp_streams[j].busy_cycles;
			l->busy_pkts += gp_streams[j].busy_pkts;
		}
		if (l->nb_streams)
			n++;
	}
	*nb = n;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Statistics: the live display (every --stats-period), "show port stats"
 * and "show port xstats" (testpmd's layout, so that testpmd parsers work),
 * the final forwarding statistics and the JSON results.
 *
 * Software counters come from the streams (each written by one lcore and
 * read here without a lock: 64-bit loads on x86 do not tear, and a
 * display that is one burst behind is good enough); hardware counters
 * from rte_eth_stats_get() and the xstats.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>

#include "guardpmd.h"
#include "json.h"

struct sw_tot {
	uint64_t rx_pkts, rx_bytes, tx_pkts, tx_bytes, tx_dropped;
	uint64_t bad_ip, bad_l4, alloc_failures;
	uint64_t q_rx[GP_MAX_QUEUES], q_tx[GP_MAX_QUEUES];
};

/* Live display: previous software snapshots. */
static uint64_t prev_q_rx[GP_MAX_PORTS][GP_MAX_QUEUES];
static uint64_t prev_q_tx[GP_MAX_PORTS][GP_MAX_QUEUES];
static uint64_t prev_lc_cycles[RTE_MAX_LCORE], prev_lc_pkts[RTE_MAX_LCORE];
static uint64_t display_tsc;
/* "show port stats": the previous call, per port. */
static struct rte_eth_stats show_last[GP_MAX_PORTS];
static uint64_t show_tsc[GP_MAX_PORTS];
/* The JSON results of the last forwarding run (an unclosed object). */
static struct gp_json results;
static bool have_results;

static void
sw_totals(unsigned int idx, struct sw_tot *t)
{
	uint16_t id = gp_ports[idx].id;
	unsigned int i;

	memset(t, 0, sizeof(*t));
	t->tx_pkts = gp_tx_first_pkts[idx];
	t->tx_bytes = gp_tx_first_bytes[idx];
	for (i = 0; i < gp_nb_streams; i++) {
		const struct gp_stream *s = &gp_streams[i];

		if (s->rx_port == id && s->rx_queue < GP_MAX_QUEUES) {
			t->rx_pkts += s->rx_pkts;
			t->rx_bytes += s->rx_bytes;
			t->bad_ip += s->bad_ip_csum;
			t->bad_l4 += s->bad_l4_csum;
			t->q_rx[s->rx_queue] += s->rx_pkts;
		}
		if (s->tx_port == id && s->tx_queue < GP_MAX_QUEUES) {
			t->tx_pkts += s->tx_pkts;
			t->tx_bytes += s->tx_bytes;
			t->tx_dropped += s->tx_dropped;
			t->q_tx[s->tx_queue] += s->tx_pkts;
		}
		if (s->rx_port == id)
			t->alloc_failures += s->alloc_failures;
	}
}

/* xstats names and values; returns the count (0 on error), *names and
 * *vals malloc()ed. */
static int
xstats_get(uint16_t port, struct rte_eth_xstat_name **names, uint64_t **vals)
{
	int n = rte_eth_xstats_get_names(port, NULL, 0), m;
	struct rte_eth_xstat *xs;
	int i;

	*names = NULL;
	*vals = NULL;
	if (n <= 0)
		return 0;
	*names = calloc(n, sizeof(**names));
	xs = calloc(n, sizeof(*xs));
	*vals = calloc(n, sizeof(**vals));
	if (*names == NULL || xs == NULL || *vals == NULL)
		goto fail;
	if (rte_eth_xstats_get_names(port, *names, n) != n)
		goto fail;
	m = rte_eth_xstats_get(port, xs, n);
	if (m != n)
		goto fail;
	for (i = 0; i < n; i++)
		if (xs[i].id < (uint64_t)n)
			(*vals)[xs[i].id] = xs[i].value;
	free(xs);
	return n;
fail:
	free(*names);
	free(xs);
	free(*vals);
	*names = NULL;
	*vals = NULL;
	return 0;
}

void
gp_stats_reset_display(void)
{
	struct gp_lcore_stats lcs[RTE_MAX_LCORE];
	unsigned int i, nb;

	memset(prev_q_rx, 0, sizeof(prev_q_rx));
	memset(prev_q_tx, 0, sizeof(prev_q_tx));
	memset(prev_lc_cycles, 0, sizeof(prev_lc_cycles));
	memset(prev_lc_pkts, 0, sizeof(prev_lc_pkts));
	gp_fwd_lcore_stats(lcs, &nb);
	display_tsc = rte_rdtsc();
	for (i = 0; i < gp_nb_ports; i++) {
		struct gp_port *p = &gp_ports[i];
		struct rte_eth_xstat_name *names;
		uint64_t *vals;
		int n;

		memset(&p->last, 0, sizeof(p->last));
		if (p->started)
			rte_eth_stats_get(p->id, &p->last);
		p->last_tsc = display_tsc;
		free(p->xprev);
		p->xprev = NULL;
		p->nb_xprev = 0;
		if (!p->started)
			continue;
		n = xstats_get(p->id, &names, &vals);
		free(names);
		p->xprev = vals;
		p->nb_xprev = n;
	}
}

static double
rate(uint64_t now, uint64_t before, double dt)
{
	return dt > 0 && now >= before ? (double)(now - before) / dt : 0;
}

void
gp_stats_display(void)
{
	struct gp_lcore_stats lcs[RTE_MAX_LCORE];
	uint64_t now = rte_rdtsc(), hz = rte_get_tsc_hz();
	unsigned int i, q, nb;
	FILE *f = gp_out;

	fprintf(f, "==== guardpmd: %.1f s ====\n",
		(double)(now - gp_fwd_start_tsc()) / (double)hz);
	for (i = 0; i < gp_nb_ports; i++) {
		struct gp_port *p = &gp_ports[i];
		struct rte_eth_stats st;
		struct sw_tot t;
		double dt = (double)(now - p->last_tsc) / (double)hz;
		int n, k;
		struct rte_eth_xstat_name *names;
		uint64_t *vals;
		bool any = false;

		if (!p->started)
			continue;
		if (rte_eth_stats_get(p->id, &st))
			memset(&st, 0, sizeof(st));
		sw_totals(i, &t);
		fprintf(f, "port %u (%s, %s, %s): RX %.0f pps %.3f Gbit/s | TX %.0f pps %.3f Gbit/s\n",
			p->id, p->name, p->driver,
			gp_mode_name(gp_port_mode(p)),
			rate(st.ipackets, p->last.ipackets, dt),
			rate(st.ibytes, p->last.ibytes, dt) * 8 / 1e9,
			rate(st.opackets, p->last.opackets, dt),
			rate(st.obytes, p->last.obytes, dt) * 8 / 1e9);
		fprintf(f, "  drops: imissed %" PRIu64 " rx_nombuf %" PRIu64
			" tx_dropped %" PRIu64 " | errors: ierrors %" PRIu64
			" oerrors %" PRIu64 "\n", st.imissed, st.rx_nombuf,
			t.tx_dropped, st.ierrors, st.oerrors);
		for (q = 0; q < RTE_MAX(p->rxq, p->txq) && q < GP_MAX_QUEUES;
		     q++) {
			fprintf(f, "  q%u: RX %.0f pps TX %.0f pps\n", q,
				rate(t.q_rx[q], prev_q_rx[i][q], dt),
				rate(t.q_tx[q], prev_q_tx[i][q], dt));
			prev_q_rx[i][q] = t.q_rx[q];
			prev_q_tx[i][q] = t.q_tx[q];
		}
		p->last = st;
		p->last_tsc = now;
		if (!gp_cfg.xstats_display)
			continue;
		n = xstats_get(p->id, &names, &vals);
		for (k = 0; k < n; k++) {
			uint64_t before = (unsigned int)k < p->nb_xprev ?
				p->xprev[k] : 0;

			if (vals[k] == before)
				continue;
			if (!any)
				fprintf(f, "  xstats changed:");
			any = true;
			fprintf(f, " %s=%" PRIu64 " (%+" PRId64 ")",
				names[k].name, vals[k],
				(int64_t)(vals[k] - before));
		}
		if (any)
			fprintf(f, "\n");
		free(names);
		free(p->xprev);
		p->xprev = vals;
		p->nb_xprev = n;
	}
	gp_fwd_lcore_stats(lcs, &nb);
	for (i = 0; i < nb; i++) {
		unsigned int lc = lcs[i].lcore;
		uint64_t dc = lcs[i].busy_cycles - prev_lc_cycles[lc];
		uint64_t dp = lcs[i].busy_pkts - prev_lc_pkts[lc];

		fprintf(f, "lcore %u: %u streams, %.1f cycles/packet (%" PRIu64
			" packets this period)\n", lc, lcs[i].nb_streams,
			dp ? (double)dc / (double)dp : 0.0, dp);
		prev_lc_cycles[lc] = lcs[i].busy_cycles;
		prev_lc_pkts[lc] = lcs[i].busy_pkts;
	}
	display_tsc = now;
	fflush(f);
}

void
gp_stats_show_port(uint16_t port_id)
{
	int idx = gp_port_index(port_id);
	struct rte_eth_stats st;
	uint64_t now = rte_rdtsc();
	double dt;
	FILE *f = gp_out;

	if (idx < 0 || gp_ports[idx].closed) {
		fprintf(f, "port %u is not in use\n", port_id);
		return;
	}
	if (rte_eth_stats_get(port_id, &st)) {
		fprintf(f, "port %u: no statistics\n", port_id);
		return;
	}
	dt = show_tsc[idx] ? (double)(now - show_tsc[idx]) /
		(double)rte_get_tsc_hz() : 0;
	fprintf(f, "\n  ######################## NIC statistics for port %-2u #########################\n",
		port_id);
	fprintf(f, "  RX-packets: %-10" PRIu64 " RX-missed: %-10" PRIu64
		" RX-bytes:  %-" PRIu64 "\n", st.ipackets, st.imissed,
		st.ibytes);
	fprintf(f, "  RX-errors: %" PRIu64 "\n", st.ierrors);
	fprintf(f, "  RX-nombuf:  %-10" PRIu64 "\n", st.rx_nombuf);
	fprintf(f, "  TX-packets: %-10" PRIu64 " TX-errors: %-10" PRIu64
		" TX-bytes:  %-" PRIu64 "\n", st.opackets, st.oerrors,
		st.obytes);
	fprintf(f, "\n  Throughput (since last show)\n");
	fprintf(f, "  Rx-pps: %12.0f          Rx-bps: %12.0f\n",
		rate(st.ipackets, show_last[idx].ipackets, dt),
		rate(st.ibytes, show_last[idx].ibytes, dt) * 8);
	fprintf(f, "  Tx-pps: %12.0f          Tx-bps: %12.0f\n",
		rate(st.opackets, show_last[idx].opackets, dt),
		rate(st.obytes, show_last[idx].obytes, dt) * 8);
	fprintf(f, "  ############################################################################\n");
	show_last[idx] = st;
	show_tsc[idx] = now;
}

void
gp_stats_show_xstats(uint16_t port_id)
{
	struct rte_eth_xstat_name *names;
	uint64_t *vals;
	int n, i;

	n = xstats_get(port_id, &names, &vals);
	fprintf(gp_out, "###### NIC extended statistics for port %-2u\n",
		port_id);
	for (i = 0; i < n; i++)
		fprintf(gp_out, "%s: %" PRIu64 "\n", names[i].name, vals[i]);
	free(names);
	free(vals);
}

static void
port_json(struct gp_json *j, unsigned int idx, const struct sw_tot *t,
	  const struct rte_eth_stats *st)
{
	struct gp_port *p = &gp_ports[idx];
	struct rte_eth_xstat_name *names;
	uint64_t *vals;
	unsigned int q;
	int n, k;

	gp_json_obj_open(j, NULL);
	gp_json_u64(j, "port", p->id);
	gp_json_str(j, "name", p->name);
	gp_json_str(j, "driver", p->driver);
	gp_json_str(j, "mode", gp_mode_name(gp_port_mode(p)));
	gp_json_u64(j, "peer", p->peer);
	gp_json_obj_open(j, "sw");
	gp_json_u64(j, "rx_packets", t->rx_pkts);
	gp_json_u64(j, "rx_bytes", t->rx_bytes);
	gp_json_u64(j, "tx_packets", t->tx_pkts);
	gp_json_u64(j, "tx_bytes", t->tx_bytes);
	gp_json_u64(j, "tx_dropped", t->tx_dropped);
	gp_json_u64(j, "bad_ip_csum", t->bad_ip);
	gp_json_u64(j, "bad_l4_csum", t->bad_l4);
	gp_json_u64(j, "alloc_failures", t->alloc_failures);
	gp_json_obj_close(j);
	gp_json_obj_open(j, "hw");
	gp_json_u64(j, "ipackets", st->ipackets);
	gp_json_u64(j, "opackets", st->opackets);
	gp_json_u64(j, "ibytes", st->ibytes);
	gp_json_u64(j, "obytes", st->obytes);
	gp_json_u64(j, "imissed", st->imissed);
	gp_json_u64(j, "ierrors", st->ierrors);
	gp_json_u64(j, "oerrors", st->oerrors);
	gp_json_u64(j, "rx_nombuf", st->rx_nombuf);
	gp_json_obj_close(j);
	gp_json_arr_open(j, "queues");
	for (q = 0; q < RTE_MAX(p->rxq, p->txq) && q < GP_MAX_QUEUES; q++) {
		gp_json_obj_open(j, NULL);
		gp_json_u64(j, "queue", q);
		gp_json_u64(j, "rx_packets", t->q_rx[q]);
		gp_json_u64(j, "tx_packets", t->q_tx[q]);
		gp_json_obj_close(j);
	}
	gp_json_arr_close(j);
	gp_json_obj_open(j, "xstats");
	n = xstats_get(p->id, &names, &vals);
	for (k = 0; k < n; k++)
		gp_json_u64(j, names[k].name, vals[k]);
	free(names);
	free(vals);
	gp_json_obj_close(j);
	gp_json_obj_close(j);
}

void
gp_stats_final(void)
{
	struct gp_lcore_stats lcs[RTE_MAX_LCORE];
	struct gp_latency *lat = NULL;
	uint64_t hz = rte_get_tsc_hz(), cyc = 0, pkts = 0;
	double secs = (double)(gp_fwd_stop_tsc() - gp_fwd_start_tsc()) /
		(double)hz;
	unsigned int i, nb;
	bool rx_latency = false;
	FILE *f = gp_out;
	struct gp_json *j = &results;

	gp_json_free(j);
	gp_json_init(j);
	gp_json_obj_open(j, NULL);
	gp_json_u64(j, "guardpmd", 1);
	gp_json_str(j, "mode", gp_mode_name(gp_cfg.mode));
	gp_json_dbl(j, "duration_s", secs);
	gp_json_u64(j, "tsc_hz", hz);
	gp_json_u64(j, "pkt_size", gp_cfg.pkt_size);
	gp_json_u64(j, "burst", gp_cfg.burst);
	gp_json_str(j, "mp_alloc", gp_cfg.mp_xbuf ? "xbuf" : "native");
	gp_json_arr_open(j, "ports");
	for (i = 0; i < gp_nb_ports; i++) {
		struct gp_port *p = &gp_ports[i];
		struct rte_eth_stats st;
		struct sw_tot t;

		if (!p->started)
			continue;
		memset(&st, 0, sizeof(st));
		rte_eth_stats_get(p->id, &st);
		sw_totals(i, &t);
		fprintf(f, "\n  ---------------------- Forward statistics for port %-2u ----------------------\n",
			p->id);
		fprintf(f, "  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64
			" RX-total: %-" PRIu64 "\n", t.rx_pkts,
			st.imissed + st.rx_nombuf,
			t.rx_pkts + st.imissed + st.rx_nombuf);
		fprintf(f, "  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64
			" TX-total: %-" PRIu64 "\n", t.tx_pkts, t.tx_dropped,
			t.tx_pkts + t.tx_dropped);
		if (gp_port_mode(p) == GP_MODE_CSUM)
			fprintf(f, "  Bad-ipcsum: %-14" PRIu64
				" Bad-l4csum: %-14" PRIu64 "\n", t.bad_ip,
				t.bad_l4);
		fprintf(f, "  HW-ipackets: %-13" PRIu64 " HW-imissed: %-14" PRIu64
			" HW-ierrors: %-" PRIu64 "\n", st.ipackets, st.imissed,
			st.ierrors);
		fprintf(f, "  HW-opackets: %-13" PRIu64 " HW-oerrors: %-14" PRIu64
			" HW-rx-nombuf: %-" PRIu64 "\n", st.opackets,
			st.oerrors, st.rx_nombuf);
		fprintf(f, "  ----------------------------------------------------------------------------\n");
		port_json(j, i, &t, &st);
	}
	gp_json_arr_close(j);

	gp_fwd_lcore_stats(lcs, &nb);
	gp_json_arr_open(j, "lcores");
	for (i = 0; i < nb; i++) {
		double cpp = lcs[i].busy_pkts ? (double)lcs[i].busy_cycles /
			(double)lcs[i].busy_pkts : 0;

		fprintf(f, "  lcore %u: %u streams, %" PRIu64 " packets, %.1f cycles/packet\n",
			lcs[i].lcore, lcs[i].nb_streams, lcs[i].busy_pkts, cpp);
		cyc += lcs[i].busy_cycles;
		pkts += lcs[i].busy_pkts;
		gp_json_obj_open(j, NULL);
		gp_json_u64(j, "lcore", lcs[i].lcore);
		gp_json_u64(j, "streams", lcs[i].nb_streams);
		gp_json_u64(j, "busy_cycles", lcs[i].busy_cycles);
		gp_json_u64(j, "packets", lcs[i].busy_pkts);
		gp_json_dbl(j, "cycles_per_packet", cpp);
		gp_json_obj_close(j);
	}
	gp_json_arr_close(j);
	if (pkts)
		fprintf(f, "  CPU cycles/packet=%.2f (busy cycles=%" PRIu64
			" / packets=%" PRIu64 ") at %" PRIu64 " MHz\n",
			(double)cyc / (double)pkts, cyc, pkts, hz / 1000000);
	gp_json_dbl(j, "cycles_per_packet",
		    pkts ? (double)cyc / (double)pkts : 0);
	fprintf(f, "  forwarding time: %.3f s\n", secs);

	for (i = 0; i < gp_nb_streams; i++) {
		if (gp_streams[i].lat == NULL)
			continue;
		rx_latency = true;
		if (lat == NULL)
			lat = gp_latency_new();
		if (lat)
			gp_latency_merge(lat, gp_streams[i].lat);
	}
	if (rx_latency)
		gp_latency_print(f, lat);
	gp_latency_json(j, lat);
	gp_latency_free(lat);
	have_results = true;
	fflush(f);
}

void
gp_stats_json_print(unsigned int mbufs_in_use, int mbuf_check_done)
{
	struct gp_json *j = &results;

	if (!have_results) {
		gp_json_free(j);
		gp_json_init(j);
		gp_json_obj_open(j, NULL);
		gp_json_u64(j, "guardpmd", 1);
		gp_json_arr_open(j, "ports");
		gp_json_arr_close(j);
		gp_json_null(j, "latency");
	}
	if (mbuf_check_done)
		gp_json_u64(j, "mbufs_in_use_at_exit", mbufs_in_use);
	else
		gp_json_null(j, "mbufs_in_use_at_exit");
	gp_json_u64(j, "errors", gp_errors);
	gp_json_obj_close(j);
	if (!j->failed && j->buf)
		printf("%s\n", j->buf);
	fflush(stdout);
	gp_json_free(j);
}

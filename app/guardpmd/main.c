/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * guardpmd: start-up, the run loop and an orderly shutdown.
 *
 * Shutdown is the same whatever ends the run (--duration, SIGINT/SIGTERM,
 * "quit", end of the script on stdin): forwarding stops (the lcores leave
 * their loops), the final statistics are printed, every port is stopped
 * and closed, and the pool must then be full again: mbufs still in use
 * at that point were leaked by someone, and that is an error exit.
 *
 * In a secondary process (EAL --proc-type=secondary) the ports belong to
 * the primary: guardpmd creates no pool, neither configures, starts nor
 * closes a port, and only answers the prompt's "show" commands (-i), with
 * the primary's figures: ethdev statistics, xstats and a net_ixguard
 * port's DMA domain live in memory the processes share.
 */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "guardpmd.h"

struct gp_config gp_cfg;
struct gp_port gp_ports[GP_MAX_PORTS];
unsigned int gp_nb_ports;
FILE *gp_out;
volatile int gp_quit;
bool gp_secondary;
unsigned int gp_errors;

static void
on_signal(int sig __rte_unused)
{
	gp_quit = 1;
}

/*
 * SIGINT and SIGTERM are blocked while the EAL creates its threads, so
 * that they inherit the blocked mask and the signal reaches the main
 * thread, whose poll()/usleep() it interrupts.  No SA_RESTART.
 */
static void
signals_block(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, set, NULL);
}

static void
signals_install(const sigset_t *set)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	pthread_sigmask(SIG_UNBLOCK, set, NULL);
}

static void
run_loop(void)
{
	uint64_t hz = rte_get_tsc_hz(), t0 = rte_rdtsc(), next, now;
	uint64_t period = (uint64_t)(gp_cfg.stats_period * (double)hz);
	uint64_t duration = (uint64_t)(gp_cfg.duration * (double)hz);

	next = t0 + period;
	while (!gp_quit) {
		usleep(10000);
		now = rte_rdtsc();
		if (duration && now - t0 >= duration)
			break;
		if (period && now >= next) {
			gp_stats_display();
			next += period;
			if (next < now)
				next = now + period;
		}
	}
}

static void
print_ports(void)
{
	unsigned int i;

	for (i = 0; i < gp_nb_ports; i++) {
		struct gp_port *p = &gp_ports[i];
		char mac[RTE_ETHER_ADDR_FMT_SIZE];

		rte_ether_format_addr(mac, sizeof(mac), &p->mac);
		fprintf(gp_out, "port %u: %s (%s) %s, %u rxq x %u, %u txq x %u, peer %u, mode %s\n",
			p->id, p->name, p->driver, mac, p->rxq, p->rxd,
			p->txq, p->txd, p->peer,
			gp_mode_name(gp_port_mode(p)));
	}
}

/* A secondary: the ports as the primary configured them. */
static void
print_ports_secondary(void)
{
	unsigned int i;

	for (i = 0; i < gp_nb_ports; i++) {
		struct gp_port *p = &gp_ports[i];
		struct rte_eth_dev_info info;
		char mac[RTE_ETHER_ADDR_FMT_SIZE];

		rte_ether_format_addr(mac, sizeof(mac), &p->mac);
		if (rte_eth_dev_info_get(p->id, &info) != 0)
			memset(&info, 0, sizeof(info));
		fprintf(gp_out, "port %u: %s (%s) %s, %u rxq, %u txq "
			"(the primary's)\n", p->id, p->name, p->driver, mac,
			info.nb_rx_queues, info.nb_tx_queues);
	}
}

/* Secondary process: the prompt over the primary's ports. */
static int
run_secondary(void)
{
	int ret;

	if (!gp_cfg.interactive) {
		fprintf(stderr, "guardpmd: a secondary process only shows the "
			"primary's ports: use -i\n");
		return GP_EXIT_USAGE;
	}
	if (gp_cfg.ring_pairs) {
		fprintf(stderr, "guardpmd: --ring-pairs: ports are created by "
			"the primary process\n");
		return GP_EXIT_USAGE;
	}
	ret = gp_options_resolve_ports();
	if (ret)
		return ret;
	gp_ports_init();
	fprintf(gp_out, "secondary process: the primary's ports, read only\n");
	print_ports_secondary();
	if (gp_cli_run())
		return 1;
	return 0;
}

/* 0 if every mbuf is back in the pool; prints the verdict. */
static unsigned int
mbuf_check(void)
{
	unsigned int in_use, avail;

	/* in_use = size - (common pool + per-lcore caches) */
	in_use = rte_mempool_in_use_count(gp_pool);
	avail = rte_mempool_avail_count(gp_pool);
	fprintf(gp_out, "mbufs: %u in use at exit (pool of %u, %u available)\n",
		in_use, gp_pool->size, avail);
	if (in_use) {
		fprintf(stderr, "guardpmd: error: %u mbufs leaked\n", in_use);
		gp_errors++;
	}
	return in_use;
}

int
main(int argc, char **argv)
{
	char *app_argv[256];
	int app_argc = 0, eal_argc = argc, i, ret, code = 0;
	unsigned int in_use = 0;
	int checked = 0;
	sigset_t sigs;

	/* Split at the first "--": the EAL's options, then ours. */
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			break;
	app_argv[app_argc++] = argv[0];
	if (i < argc) {
		eal_argc = i;
		for (i++; i < argc && app_argc < (int)RTE_DIM(app_argv) - 1; i++)
			app_argv[app_argc++] = argv[i];
	}
	app_argv[app_argc] = NULL;
	/* Before the EAL: a bad option costs nothing and leaves nothing. */
	ret = gp_options_parse(app_argc, app_argv);
	if (ret)
		return ret;
	gp_out = gp_cfg.json ? stderr : stdout;
	/* Line by line, also into a pipe: scripts and tests read it live. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	signals_block(&sigs);
	ret = rte_eal_init(eal_argc, argv);
	if (ret < 0) {
		fprintf(stderr, "guardpmd: EAL initialisation failed: %s\n",
			rte_strerror(rte_errno));
		return rte_errno == EINVAL ? GP_EXIT_USAGE : 1;
	}
	signals_install(&sigs);

	if (rte_eal_process_type() == RTE_PROC_SECONDARY) {
		gp_secondary = true;
		code = run_secondary();
		goto out_eal;
	}
	if (gp_cfg.ring_pairs && gp_ring_pairs_create(gp_cfg.ring_pairs)) {
		code = 1;
		goto out_eal;
	}
	ret = gp_options_resolve_ports();
	if (ret) {
		code = ret;
		goto out_rings;
	}
	if (gp_pool_create()) {
		code = 1;
		goto out_rings;
	}
	gp_ports_init();
	if (gp_ports_start_all()) {
		gp_errors++;
		goto out_ports;
	}
	print_ports();

	if (gp_cfg.interactive) {
		if (gp_cli_run())
			gp_errors++;
	} else if (gp_fwd_start() == 0) {
		run_loop();
	} else {
		gp_errors++;
	}
	if (gp_fwd_running())
		gp_fwd_stop(true);
	if (gp_quit && !gp_cfg.interactive)
		fprintf(gp_out, "signal received: stopped\n");

out_ports:
	gp_ports_close_all();
	gp_ring_pairs_free();
	in_use = mbuf_check();
	checked = 1;
	gp_pool_free();
	goto out_json;
out_rings:
	gp_ring_pairs_free();
out_json:
	if (gp_cfg.json && code == 0)
		gp_stats_json_print(in_use, checked);
out_eal:
	rte_eal_cleanup();
	if (code)
		return code;
	return gp_errors ? 1 : 0;
}

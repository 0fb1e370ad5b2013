/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The interactive prompt (librte_cmdline).  On a terminal the line
 * editor runs in raw mode; on a pipe, characters are fed to the same
 * parser as they arrive, and the end of input means "quit", so scripts
 * can drive guardpmd through its standard input.  The main lcore polls
 * stdin with a timeout instead of blocking in read(): a signal may be
 * delivered to another thread, and the live display (--stats-period)
 * runs between commands.
 */

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <cmdline.h>
#include <cmdline_parse.h>
#include <cmdline_parse_num.h>
#include <cmdline_parse_string.h>
#include <cmdline_rdline.h>
#include <cmdline_socket.h>
#include <rte_cycles.h>

#include "guardpmd.h"

#define PROMPT "guardpmd> "

static struct gp_port *
port_arg(uint16_t id)
{
	int idx = gp_port_index(id);

	if (idx < 0) {
		fprintf(gp_out, "port %u is not in use (see --ports)\n", id);
		return NULL;
	}
	return &gp_ports[idx];
}

/* A secondary process changes nothing of the primary's ports. */
static bool
primary_only(const char *what)
{
	if (!gp_secondary)
		return false;
	fprintf(gp_out, "%s: not in a secondary process (the primary owns "
		"the ports)\n", what);
	return true;
}

/* ---- start, stop, quit, help ---- */

struct cmd_word_result {
	cmdline_fixed_string_t word;
};

static void
cmd_word_parsed(void *res, struct cmdline *cl, void *data __rte_unused)
{
	struct cmd_word_result *r = res;

	if ((strcmp(r->word, "start") == 0 || strcmp(r->word, "stop") == 0) &&
	    primary_only(r->word))
		return;
	if (strcmp(r->word, "start") == 0) {
		if (gp_fwd_start())
			fprintf(gp_out, "start failed\n");
	} else if (strcmp(r->word, "stop") == 0) {
		gp_fwd_stop(true);
	} else if (strcmp(r->word, "quit") == 0) {
		gp_quit = 1;
		cmdline_quit(cl);
	} else {
		fprintf(gp_out,
			"commands:\n"
			"  start | stop | quit | help\n"
			"  set fwd io|mac|macswap|rxonly|txonly|flowgen|csum\n"
			"  show port info|stats|xstats <port>\n"
			"  show port stats all\n"
			"  show fwd stats\n"
			"  show dma domain <port>\n"
			"  set promisc <port> on|off\n"
			"  port start|stop|close <port>\n"
			"  port config <port> rxq|txq|rxd|txd|mtu <n>\n");
	}
}

static cmdline_parse_token_string_t cmd_word_tok =
	TOKEN_STRING_INITIALIZER(struct cmd_word_result, word,
				 "start#stop#quit#help");

static cmdline_parse_inst_t cmd_word = {
	.f = cmd_word_parsed,
	.help_str = "start | stop | quit | help",
	.tokens = { (void *)&cmd_word_tok, NULL },
};

/* ---- set fwd <mode> ---- */

struct cmd_set_fwd_result {
	cmdline_fixed_string_t set, fwd, mode;
};

static void
cmd_set_fwd_parsed(void *res, struct cmdline *cl __rte_unused,
		   void *data __rte_unused)
{
	struct cmd_set_fwd_result *r = res;
	int mode = gp_mode_parse(r->mode);
	unsigned int i;

	if (primary_only("set fwd"))
		return;
	if (gp_fwd_running()) {
		fprintf(gp_out, "stop forwarding first\n");
		return;
	}
	gp_cfg.mode = mode;
	/* One mode for every port, as testpmd's "set fwd". */
	for (i = 0; i < gp_nb_ports; i++)
		gp_ports[i].mode = GP_MODE_DEFAULT;
	gp_cfg.port_mode_given = false;
	fprintf(gp_out, "forwarding mode: %s\n", gp_mode_name(mode));
}

static cmdline_parse_token_string_t cmd_set_fwd_set =
	TOKEN_STRING_INITIALIZER(struct cmd_set_fwd_result, set, "set");
static cmdline_parse_token_string_t cmd_set_fwd_fwd =
	TOKEN_STRING_INITIALIZER(struct cmd_set_fwd_result, fwd, "fwd");
static cmdline_parse_token_string_t cmd_set_fwd_mode =
	TOKEN_STRING_INITIALIZER(struct cmd_set_fwd_result, mode,
				 "io#mac#macswap#rxonly#txonly#flowgen#csum");

static cmdline_parse_inst_t cmd_set_fwd = {
	.f = cmd_set_fwd_parsed,
	.help_str = "set fwd io|mac|macswap|rxonly|txonly|flowgen|csum",
	.tokens = { (void *)&cmd_set_fwd_set, (void *)&cmd_set_fwd_fwd,
		    (void *)&cmd_set_fwd_mode, NULL },
};

/* ---- show port info|stats|xstats <p> ---- */

struct cmd_show_port_result {
	cmdline_fixed_string_t show, port, what;
	uint16_t id;
};

static void
cmd_show_port_parsed(void *res, struct cmdline *cl __rte_unused,
		     void *data __rte_unused)
{
	struct cmd_show_port_result *r = res;

	if (port_arg(r->id) == NULL)
		return;
	if (strcmp(r->what, "info") == 0)
		gp_port_info(r->id);
	else if (strcmp(r->what, "stats") == 0)
		gp_stats_show_port(r->id);
	else
		gp_stats_show_xstats(r->id);
}

static cmdline_parse_token_string_t cmd_show_port_show =
	TOKEN_STRING_INITIALIZER(struct cmd_show_port_result, show, "show");
static cmdline_parse_token_string_t cmd_show_port_port =
	TOKEN_STRING_INITIALIZER(struct cmd_show_port_result, port, "port");
static cmdline_parse_token_string_t cmd_show_port_what =
	TOKEN_STRING_INITIALIZER(struct cmd_show_port_result, what,
				 "info#stats#xstats");
static cmdline_parse_token_num_t cmd_show_port_id =
	TOKEN_NUM_INITIALIZER(struct cmd_show_port_result, id, RTE_UINT16);

static cmdline_parse_inst_t cmd_show_port = {
	.f = cmd_show_port_parsed,
	.help_str = "show port info|stats|xstats <port>",
	.tokens = { (void *)&cmd_show_port_show, (void *)&cmd_show_port_port,
		    (void *)&cmd_show_port_what, (void *)&cmd_show_port_id,
		    NULL },
};

/* ---- show port stats all ---- */

struct cmd_show_all_result {
	cmdline_fixed_string_t show, port, stats, all;
};

static void
cmd_show_all_parsed(void *res __rte_unused, struct cmdline *cl __rte_unused,
		    void *data __rte_unused)
{
	unsigned int i;

	for (i = 0; i < gp_nb_ports; i++)
		if (!gp_ports[i].closed)
			gp_stats_show_port(gp_ports[i].id);
}

static cmdline_parse_token_string_t cmd_show_all_show =
	TOKEN_STRING_INITIALIZER(struct cmd_show_all_result, show, "show");
static cmdline_parse_token_string_t cmd_show_all_port =
	TOKEN_STRING_INITIALIZER(struct cmd_show_all_result, port, "port");
static cmdline_parse_token_string_t cmd_show_all_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_show_all_result, stats, "stats");
static cmdline_parse_token_string_t cmd_show_all_all =
	TOKEN_STRING_INITIALIZER(struct cmd_show_all_result, all, "all");

static cmdline_parse_inst_t cmd_show_all = {
	.f = cmd_show_all_parsed,
	.help_str = "show port stats all",
	.tokens = { (void *)&cmd_show_all_show, (void *)&cmd_show_all_port,
		    (void *)&cmd_show_all_stats, (void *)&cmd_show_all_all,
		    NULL },
};

/* ---- show fwd stats ---- */

struct cmd_show_fwd_result {
	cmdline_fixed_string_t show, fwd, stats;
};

static void
cmd_show_fwd_parsed(void *res __rte_unused, struct cmdline *cl __rte_unused,
		    void *data __rte_unused)
{
	if (!gp_fwd_running()) {
		fprintf(gp_out, "forwarding is not started\n");
		return;
	}
	gp_stats_display();
}

static cmdline_parse_token_string_t cmd_show_fwd_show =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_result, show, "show");
static cmdline_parse_token_string_t cmd_show_fwd_fwd =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_result, fwd, "fwd");
static cmdline_parse_token_string_t cmd_show_fwd_stats =
	TOKEN_STRING_INITIALIZER(struct cmd_show_fwd_result, stats, "stats");

static cmdline_parse_inst_t cmd_show_fwd = {
	.f = cmd_show_fwd_parsed,
	.help_str = "show fwd stats: the live display, now",
	.tokens = { (void *)&cmd_show_fwd_show, (void *)&cmd_show_fwd_fwd,
		    (void *)&cmd_show_fwd_stats, NULL },
};

/* ---- show dma domain <p> ---- */

struct cmd_show_dma_result {
	cmdline_fixed_string_t show, dma, domain;
	uint16_t id;
};

static void
cmd_show_dma_parsed(void *res, struct cmdline *cl __rte_unused,
		    void *data __rte_unused)
{
	struct cmd_show_dma_result *r = res;

	if (port_arg(r->id))
		gp_dma_show(gp_out, r->id);
}

static cmdline_parse_token_string_t cmd_show_dma_show =
	TOKEN_STRING_INITIALIZER(struct cmd_show_dma_result, show, "show");
static cmdline_parse_token_string_t cmd_show_dma_dma =
	TOKEN_STRING_INITIALIZER(struct cmd_show_dma_result, dma, "dma");
static cmdline_parse_token_string_t cmd_show_dma_domain =
	TOKEN_STRING_INITIALIZER(struct cmd_show_dma_result, domain, "domain");
static cmdline_parse_token_num_t cmd_show_dma_id =
	TOKEN_NUM_INITIALIZER(struct cmd_show_dma_result, id, RTE_UINT16);

static cmdline_parse_inst_t cmd_show_dma = {
	.f = cmd_show_dma_parsed,
	.help_str = "show dma domain <port>",
	.tokens = { (void *)&cmd_show_dma_show, (void *)&cmd_show_dma_dma,
		    (void *)&cmd_show_dma_domain, (void *)&cmd_show_dma_id,
		    NULL },
};

/* ---- set promisc <p> on|off ---- */

struct cmd_promisc_result {
	cmdline_fixed_string_t set, promisc, onoff;
	uint16_t id;
};

static void
cmd_promisc_parsed(void *res, struct cmdline *cl __rte_unused,
		   void *data __rte_unused)
{
	struct cmd_promisc_result *r = res;
	int ret;

	if (primary_only("set promisc") || port_arg(r->id) == NULL)
		return;
	ret = strcmp(r->onoff, "on") == 0 ?
		rte_eth_promiscuous_enable(r->id) :
		rte_eth_promiscuous_disable(r->id);
	if (ret)
		fprintf(gp_out, "port %u: promiscuous %s: %s\n", r->id,
			r->onoff, strerror(-ret));
	else
		fprintf(gp_out, "port %u: promiscuous mode %s\n", r->id,
			r->onoff);
}

static cmdline_parse_token_string_t cmd_promisc_set =
	TOKEN_STRING_INITIALIZER(struct cmd_promisc_result, set, "set");
static cmdline_parse_token_string_t cmd_promisc_promisc =
	TOKEN_STRING_INITIALIZER(struct cmd_promisc_result, promisc,
				 "promisc");
static cmdline_parse_token_num_t cmd_promisc_id =
	TOKEN_NUM_INITIALIZER(struct cmd_promisc_result, id, RTE_UINT16);
static cmdline_parse_token_string_t cmd_promisc_onoff =
	TOKEN_STRING_INITIALIZER(struct cmd_promisc_result, onoff, "on#off");

static cmdline_parse_inst_t cmd_promisc = {
	.f = cmd_promisc_parsed,
	.help_str = "set promisc <port> on|off",
	.tokens = { (void *)&cmd_promisc_set, (void *)&cmd_promisc_promisc,
		    (void *)&cmd_promisc_id, (void *)&cmd_promisc_onoff,
		    NULL },
};

/* ---- port start|stop|close <p> ---- */

struct cmd_port_op_result {
	cmdline_fixed_string_t port, op;
	uint16_t id;
};

static void
cmd_port_op_parsed(void *res, struct cmdline *cl __rte_unused,
		   void *data __rte_unused)
{
	struct cmd_port_op_result *r = res;
	struct gp_port *p;
	int ret;

	if (primary_only("port"))
		return;
	p = port_arg(r->id);
	if (p == NULL)
		return;
	if (gp_fwd_running()) {
		fprintf(gp_out, "stop forwarding first\n");
		return;
	}
	if (strcmp(r->op, "start") == 0)
		ret = gp_port_start(p);
	else if (strcmp(r->op, "stop") == 0)
		ret = gp_port_stop(p);
	else
		ret = gp_port_close(p);
	fprintf(gp_out, "port %u: %s: %s\n", r->id, r->op,
		ret ? strerror(-ret) : "done");
}

static cmdline_parse_token_string_t cmd_port_op_port =
	TOKEN_STRING_INITIALIZER(struct cmd_port_op_result, port, "port");
static cmdline_parse_token_string_t cmd_port_op_op =
	TOKEN_STRING_INITIALIZER(struct cmd_port_op_result, op,
				 "start#stop#close");
static cmdline_parse_token_num_t cmd_port_op_id =
	TOKEN_NUM_INITIALIZER(struct cmd_port_op_result, id, RTE_UINT16);

static cmdline_parse_inst_t cmd_port_op = {
	.f = cmd_port_op_parsed,
	.help_str = "port start|stop|close <port>",
	.tokens = { (void *)&cmd_port_op_port, (void *)&cmd_port_op_op,
		    (void *)&cmd_port_op_id, NULL },
};

/* ---- port config <p> rxq|txq|rxd|txd|mtu <n> ---- */

struct cmd_port_cfg_result {
	cmdline_fixed_string_t port, config, what;
	uint16_t id;
	uint16_t value;
};

static void
cmd_port_cfg_parsed(void *res, struct cmdline *cl __rte_unused,
		    void *data __rte_unused)
{
	struct cmd_port_cfg_result *r = res;
	struct gp_port *p;
	uint16_t v = r->value;

	if (primary_only("port config"))
		return;
	p = port_arg(r->id);
	if (p == NULL)
		return;
	if (p->started || p->closed) {
		fprintf(gp_out, "port %u: %s: the port must be stopped (port stop %u)\n",
			r->id, r->what, r->id);
		return;
	}
	if (strcmp(r->what, "rxq") == 0 || strcmp(r->what, "txq") == 0) {
		if (v < 1 || v > GP_MAX_QUEUES) {
			fprintf(gp_out, "invalid %s %u: 1-%d\n", r->what, v,
				GP_MAX_QUEUES);
			return;
		}
		if (r->what[0] == 'r')
			p->rxq = v;
		else
			p->txq = v;
	} else if (strcmp(r->what, "rxd") == 0 || strcmp(r->what, "txd") == 0) {
		if (v < 16 || v > 8192) {
			fprintf(gp_out, "invalid %s %u: 16-8192\n", r->what, v);
			return;
		}
		if (r->what[0] == 'r')
			p->rxd = v;
		else
			p->txd = v;
	} else {
		if (v < RTE_ETHER_MIN_MTU) {
			fprintf(gp_out, "invalid mtu %u: at least %u\n", v,
				RTE_ETHER_MIN_MTU);
			return;
		}
		p->mtu = v;
	}
	/* Applied by the next "port start", which configures again. */
	p->configured = false;
	fprintf(gp_out, "port %u: %s %u (applied at the next port start)\n",
		r->id, r->what, v);
}

static cmdline_parse_token_string_t cmd_port_cfg_port =
	TOKEN_STRING_INITIALIZER(struct cmd_port_cfg_result, port, "port");
static cmdline_parse_token_string_t cmd_port_cfg_config =
	TOKEN_STRING_INITIALIZER(struct cmd_port_cfg_result, config, "config");
static cmdline_parse_token_num_t cmd_port_cfg_id =
	TOKEN_NUM_INITIALIZER(struct cmd_port_cfg_result, id, RTE_UINT16);
static cmdline_parse_token_string_t cmd_port_cfg_what =
	TOKEN_STRING_INITIALIZER(struct cmd_port_cfg_result, what,
				 "rxq#txq#rxd#txd#mtu");
static cmdline_parse_token_num_t cmd_port_cfg_value =
	TOKEN_NUM_INITIALIZER(struct cmd_port_cfg_result, value, RTE_UINT16);

static cmdline_parse_inst_t cmd_port_cfg = {
	.f = cmd_port_cfg_parsed,
	.help_str = "port config <port> rxq|txq|rxd|txd|mtu <n>",
	.tokens = { (void *)&cmd_port_cfg_port, (void *)&cmd_port_cfg_config,
		    (void *)&cmd_port_cfg_id, (void *)&cmd_port_cfg_what,
		    (void *)&cmd_port_cfg_value, NULL },
};

static cmdline_parse_ctx_t main_ctx[] = {
	(cmdline_parse_inst_t *)&cmd_word,
	(cmdline_parse_inst_t *)&cmd_set_fwd,
	(cmdline_parse_inst_t *)&cmd_show_all,
	(cmdline_parse_inst_t *)&cmd_show_port,
	(cmdline_parse_inst_t *)&cmd_show_fwd,
	(cmdline_parse_inst_t *)&cmd_show_dma,
	(cmdline_parse_inst_t *)&cmd_promisc,
	(cmdline_parse_inst_t *)&cmd_port_op,
	(cmdline_parse_inst_t *)&cmd_port_cfg,
	NULL,
};

int
gp_cli_run(void)
{
	bool tty = isatty(STDIN_FILENO);
	struct cmdline *cl;
	uint64_t hz = rte_get_tsc_hz(), next = 0;

	cl = tty ? cmdline_stdin_new(main_ctx, PROMPT) :
		cmdline_new(main_ctx, PROMPT, STDIN_FILENO, STDOUT_FILENO);
	if (cl == NULL) {
		fprintf(stderr, "guardpmd: cannot create the command line\n");
		return -1;
	}
	while (!gp_quit) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		char c;
		int r;

		if (gp_cfg.stats_period > 0 && gp_fwd_running()) {
			uint64_t now = rte_rdtsc();

			if (next == 0)
				next = now + (uint64_t)(gp_cfg.stats_period * hz);
			if (now >= next) {
				gp_stats_display();
				next = now + (uint64_t)(gp_cfg.stats_period * hz);
			}
		} else {
			next = 0;
		}
		r = poll(&pfd, 1, 100);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (r == 0)
			continue;
		/* One character at a time: nothing read past a "quit". */
		r = read(STDIN_FILENO, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;		/* end of the script: quit */
		if (cmdline_in(cl, &c, 1) < 0)
			break;
	}
	if (tty)
		cmdline_stdin_exit(cl);
	else
		cmdline_free(cl);
	printf("\n");
	return 0;
}

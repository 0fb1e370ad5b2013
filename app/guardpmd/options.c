/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The application's own options (after the EAL's "--").  They are parsed
 * before the EAL starts, so that a bad option costs no EAL start-up and
 * leaves nothing behind; only the port ids, which need the EAL, are
 * checked afterwards (gp_options_resolve_ports()).
 */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "guardpmd.h"

static const char *const mode_names[GP_MODE_NB] = {
	[GP_MODE_IO] = "io",
	[GP_MODE_MAC] = "mac",
	[GP_MODE_MACSWAP] = "macswap",
	[GP_MODE_RXONLY] = "rxonly",
	[GP_MODE_TXONLY] = "txonly",
	[GP_MODE_FLOWGEN] = "flowgen",
	[GP_MODE_CSUM] = "csum",
};

const char *
gp_mode_name(int mode)
{
	if (mode < 0 || mode >= GP_MODE_NB)
		return "default";
	return mode_names[mode];
}

int
gp_mode_parse(const char *s)
{
	int i;

	for (i = 0; i < GP_MODE_NB; i++)
		if (strcmp(s, mode_names[i]) == 0)
			return i;
	return -1;
}

void
gp_usage(FILE *f, const char *prg)
{
	fprintf(f,
"usage: %s [EAL options] -- [options]\n"
"  -p, --ports LIST        ports to use: ids and ranges, \"0,1\" or \"0-3\"\n"
"                          (default: every port)\n"
"      --portmask MASK     ports to use as a hexadecimal mask (0x3)\n"
"      --rxq N             RX queues per port, 1-%d (default 1)\n"
"      --txq N             TX queues per port, 1-%d (default 1)\n"
"      --rxd N             RX descriptors per queue, 16-8192 (default 1024)\n"
"      --txd N             TX descriptors per queue, 16-8192 (default 1024)\n"
"      --burst N           packets per burst, 1-%d (default 32)\n"
"      --mbuf-size N       mbuf data room in bytes, headroom included,\n"
"                          1024-65535 (default %u)\n"
"      --mbufs N           mbufs in the pool, 1024-4194304\n"
"                          (default: computed from ports, queues, rings)\n"
"      --mp-alloc native|xbuf\n"
"                          mbuf pool: native (data next to each header) or\n"
"                          xbuf (pinned external buffers in page-aligned\n"
"                          memzones of their own; default)\n"
"  -f, --fwd MODE          io|mac|macswap|rxonly|txonly|flowgen|csum\n"
"                          (default io)\n"
"      --fwd-port LIST     per-port modes, \"0=txonly,1=rxonly\" (port ids)\n"
"      --latency           txonly on the first port of each pair, rxonly\n"
"                          on the second: latency across the wire\n"
"      --pkt-size N        generated frame size without FCS, %d-%d\n"
"                          (default 64)\n"
"      --flows N           flows of the generators, 1-65536 (default 1)\n"
"      --tx-pps N          generators: packets per second per port, split\n"
"                          over its TX queues (default 0: as fast as the\n"
"                          queues take them)\n"
"      --csum-offload      csum: request checksum offloads (RX check and\n"
"                          TX computation) instead of software\n"
"      --tx-first          send one burst on every port before forwarding\n"
"      --nb-cores N        forwarding lcores (default: every worker lcore)\n"
"      --stats-period S    live display every S seconds, 0 to disable\n"
"                          (default 1; 0 with -i)\n"
"      --no-xstats         leave the changed xstats out of the display\n"
"      --duration S        forward for S seconds, then stop (default: until\n"
"                          SIGINT/SIGTERM)\n"
"      --no-promisc        leave promiscuous mode off\n"
"      --ring-pairs N      create N pairs of net_ring ports cabled back to\n"
"                          back (app-only testing with --no-pci), 1-4\n"
"      --json              final results as JSON on stdout (the human\n"
"                          output goes to stderr)\n"
"  -i, --interactive       command prompt (commands from stdin if it is not\n"
"                          a terminal)\n"
"  -h, --help              this text\n"
"Exit codes: 0 ok, 1 error (port set-up, leaked mbufs...), 2 bad option.\n",
		prg, GP_MAX_QUEUES, GP_MAX_QUEUES, GP_MAX_BURST,
		RTE_MBUF_DEFAULT_BUF_SIZE, GP_MIN_PKT_SIZE, GP_MAX_PKT_SIZE);
}

enum {
	OPT_PORTMASK = 256,
	OPT_RXQ, OPT_TXQ, OPT_RXD, OPT_TXD, OPT_BURST, OPT_MBUF_SIZE,
	OPT_MBUFS, OPT_FWD_PORT, OPT_LATENCY, OPT_PKT_SIZE, OPT_FLOWS,
	OPT_CSUM_OFFLOAD, OPT_TX_FIRST, OPT_NB_CORES, OPT_STATS_PERIOD,
	OPT_NO_XSTATS, OPT_DURATION, OPT_NO_PROMISC, OPT_RING_PAIRS,
	OPT_JSON, OPT_TX_PPS, OPT_MP_ALLOC,
};

static const struct option long_opts[] = {
	{"ports", required_argument, NULL, 'p'},
	{"portmask", required_argument, NULL, OPT_PORTMASK},
	{"rxq", required_argument, NULL, OPT_RXQ},
	{"txq", required_argument, NULL, OPT_TXQ},
	{"rxd", required_argument, NULL, OPT_RXD},
	{"txd", required_argument, NULL, OPT_TXD},
	{"burst", required_argument, NULL, OPT_BURST},
	{"mbuf-size", required_argument, NULL, OPT_MBUF_SIZE},
	{"mbufs", required_argument, NULL, OPT_MBUFS},
	{"mp-alloc", required_argument, NULL, OPT_MP_ALLOC},
	{"fwd", required_argument, NULL, 'f'},
	{"fwd-port", required_argument, NULL, OPT_FWD_PORT},
	{"latency", no_argument, NULL, OPT_LATENCY},
	{"pkt-size", required_argument, NULL, OPT_PKT_SIZE},
	{"flows", required_argument, NULL, OPT_FLOWS},
	{"csum-offload", no_argument, NULL, OPT_CSUM_OFFLOAD},
	{"tx-first", no_argument, NULL, OPT_TX_FIRST},
	{"nb-cores", required_argument, NULL, OPT_NB_CORES},
	{"stats-period", required_argument, NULL, OPT_STATS_PERIOD},
	{"no-xstats", no_argument, NULL, OPT_NO_XSTATS},
	{"duration", required_argument, NULL, OPT_DURATION},
	{"no-promisc", no_argument, NULL, OPT_NO_PROMISC},
	{"ring-pairs", required_argument, NULL, OPT_RING_PAIRS},
	{"json", no_argument, NULL, OPT_JSON},
	{"tx-pps", required_argument, NULL, OPT_TX_PPS},
	{"interactive", no_argument, NULL, 'i'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* The --fwd-port pairs, by port id: resolved to indexes later. */
static struct {
	uint16_t port;
	int mode;
} fwd_port_spec[GP_MAX_PORTS];
static unsigned int nb_fwd_port_spec;
static bool latency_opt;
static uint64_t port_id_mask;	/* --ports / --portmask, by port id */

static int
bad_value(const char *opt, const char *val, const char *why)
{
	fprintf(stderr, "guardpmd: invalid value '%s' for %s: %s\n",
		val, opt, why);
	fprintf(stderr, "Try '-- --help' for the list of options.\n");
	return GP_EXIT_USAGE;
}

static int
parse_uint(const char *s, unsigned long min, unsigned long max,
	   unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s == '\0' || *s == '-')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end != '\0' || !isfinite(v) || v < 0 || v > 86400 * 7)
		return -1;
	*out = v;
	return 0;
}

/* "0,1" or "0-3,5": port ids below 64. */
static int
parse_port_list(const char *s, uint64_t *mask)
{
	char buf[256], *tok, *save = NULL;
	unsigned long a, b;

	if (strlen(s) >= sizeof(buf) || *s == '\0')
		return -1;
	strcpy(buf, s);
	*mask = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-');

		if (dash) {
			*dash = '\0';
			if (parse_uint(tok, 0, 63, &a) ||
			    parse_uint(dash + 1, 0, 63, &b) || b < a)
				return -1;
		} else {
			if (parse_uint(tok, 0, 63, &a))
				return -1;
			b = a;
		}
		for (; a <= b; a++)
			*mask |= UINT64_C(1) << a;
	}
	return *mask ? 0 : -1;
}

static int
parse_fwd_port(const char *s)
{
	char buf[256], *tok, *save = NULL;
	unsigned long port;

	if (strlen(s) >= sizeof(buf) || *s == '\0')
		return -1;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		int mode;

		if (eq == NULL)
			return -1;
		*eq = '\0';
		if (parse_uint(tok, 0, 63, &port))
			return -1;
		mode = gp_mode_parse(eq + 1);
		if (mode < 0 || nb_fwd_port_spec >= GP_MAX_PORTS)
			return -1;
		fwd_port_spec[nb_fwd_port_spec].port = port;
		fwd_port_spec[nb_fwd_port_spec].mode = mode;
		nb_fwd_port_spec++;
	}
	return 0;
}

int
gp_options_parse(int argc, char **argv)
{
	const char *prg = argc > 0 ? argv[0] : "guardpmd";
	struct gp_config *c = &gp_cfg;
	unsigned long v;
	int opt, i;

	memset(c, 0, sizeof(*c));
	c->rxq = c->txq = 1;
	c->rxd = c->txd = 1024;
	c->burst = 32;
	c->mbuf_size = RTE_MBUF_DEFAULT_BUF_SIZE;
	c->mp_xbuf = true;
	c->mode = GP_MODE_IO;
	c->pkt_size = 64;
	c->flows = 1;
	c->stats_period = 1.0;
	c->xstats_display = true;
	for (i = 0; i < GP_MAX_PORTS; i++)
		c->port_mode[i] = GP_MODE_DEFAULT;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":p:f:ih", long_opts,
				  NULL)) != -1) {
		const char *name = optind > 0 && optind <= argc ?
			argv[optind - 1] : "?";

		switch (opt) {
		case 'p':
			if (parse_port_list(optarg, &port_id_mask))
				return bad_value("--ports", optarg,
					"expected port ids or ranges below 64, \"0,1\" or \"0-3\"");
			c->ports_given = true;
			break;
		case OPT_PORTMASK:
			if (parse_uint(optarg, 1, ULONG_MAX, &v))
				return bad_value("--portmask", optarg,
					"expected a non-zero hexadecimal mask (0x3)");
			port_id_mask = v;
			c->ports_given = true;
			break;
		case OPT_RXQ:
		case OPT_TXQ:
			if (parse_uint(optarg, 1, GP_MAX_QUEUES, &v)) {
				char why[64];

				snprintf(why, sizeof(why),
					 "expected 1-%d queues", GP_MAX_QUEUES);
				return bad_value(opt == OPT_RXQ ? "--rxq" :
						 "--txq", optarg, why);
			}
			if (opt == OPT_RXQ)
				c->rxq = v;
			else
				c->txq = v;
			break;
		case OPT_RXD:
		case OPT_TXD:
			if (parse_uint(optarg, 16, 8192, &v))
				return bad_value(opt == OPT_RXD ? "--rxd" :
						 "--txd", optarg,
						 "expected 16-8192 descriptors");
			if (opt == OPT_RXD)
				c->rxd = v;
			else
				c->txd = v;
			break;
		case OPT_BURST:
			if (parse_uint(optarg, 1, GP_MAX_BURST, &v))
				return bad_value("--burst", optarg,
						 "expected 1-512 packets");
			c->burst = v;
			break;
		case OPT_MBUF_SIZE:
			if (parse_uint(optarg, 1024, 65535, &v))
				return bad_value("--mbuf-size", optarg,
						 "expected 1024-65535 bytes");
			c->mbuf_size = v;
			break;
		case OPT_MBUFS:
			if (parse_uint(optarg, 1024, 4194304, &v))
				return bad_value("--mbufs", optarg,
						 "expected 1024-4194304 mbufs");
			c->nb_mbufs = v;
			break;
		case OPT_MP_ALLOC:
			if (strcmp(optarg, "native") != 0 &&
			    strcmp(optarg, "xbuf") != 0)
				return bad_value("--mp-alloc", optarg,
						 "expected native or xbuf");
			c->mp_xbuf = strcmp(optarg, "xbuf") == 0;
			break;
		case 'f':
			i = gp_mode_parse(optarg);
			if (i < 0)
				return bad_value("--fwd", optarg,
					"expected io, mac, macswap, rxonly, txonly, flowgen or csum");
			c->mode = i;
			break;
		case OPT_FWD_PORT:
			if (parse_fwd_port(optarg))
				return bad_value("--fwd-port", optarg,
					"expected PORT=MODE[,PORT=MODE...], e.g. 0=txonly,1=rxonly");
			break;
		case OPT_LATENCY:
			latency_opt = true;
			break;
		case OPT_PKT_SIZE:
			if (parse_uint(optarg, GP_MIN_PKT_SIZE, GP_MAX_PKT_SIZE,
				       &v))
				return bad_value("--pkt-size", optarg,
						 "expected 60-9600 bytes");
			c->pkt_size = v;
			break;
		case OPT_FLOWS:
			if (parse_uint(optarg, 1, 65536, &v))
				return bad_value("--flows", optarg,
						 "expected 1-65536 flows");
			c->flows = v;
			break;
		case OPT_TX_PPS:
			if (parse_uint(optarg, 0, 1000000000, &v))
				return bad_value("--tx-pps", optarg,
					"expected 0-1000000000 packets per second");
			c->tx_pps = v;
			break;
		case OPT_CSUM_OFFLOAD:
			c->csum_offload = true;
			break;
		case OPT_TX_FIRST:
			c->tx_first = true;
			break;
		case OPT_NB_CORES:
			if (parse_uint(optarg, 1, RTE_MAX_LCORE, &v))
				return bad_value("--nb-cores", optarg,
						 "expected a number of lcores >= 1");
			c->nb_cores = v;
			break;
		case OPT_STATS_PERIOD:
			if (parse_seconds(optarg, &c->stats_period) ||
			    (c->stats_period > 0 && c->stats_period < 0.1))
				return bad_value("--stats-period", optarg,
					"expected seconds, 0 or at least 0.1");
			c->stats_period_given = true;
			break;
		case OPT_NO_XSTATS:
			c->xstats_display = false;
			break;
		case OPT_DURATION:
			if (parse_seconds(optarg, &c->duration))
				return bad_value("--duration", optarg,
						 "expected seconds (0: until a signal)");
			break;
		case OPT_NO_PROMISC:
			c->no_promisc = true;
			break;
		case OPT_RING_PAIRS:
			if (parse_uint(optarg, 1, 4, &v))
				return bad_value("--ring-pairs", optarg,
						 "expected 1-4 pairs");
			c->ring_pairs = v;
			break;
		case OPT_JSON:
			c->json = true;
			break;
		case 'i':
			c->interactive = true;
			break;
		case 'h':
			gp_usage(stdout, prg);
			exit(0);
		case ':':
			fprintf(stderr, "guardpmd: option %s needs a value\n",
				name);
			gp_usage(stderr, prg);
			return GP_EXIT_USAGE;
		default:
			fprintf(stderr, "guardpmd: unknown option '%s'\n",
				name);
			gp_usage(stderr, prg);
			return GP_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "guardpmd: unexpected argument '%s'\n",
			argv[optind]);
		gp_usage(stderr, prg);
		return GP_EXIT_USAGE;
	}
	if (c->interactive && !c->stats_period_given)
		c->stats_period = 0;
	if (c->pkt_size + RTE_PKTMBUF_HEADROOM > c->mbuf_size) {
		char v2[32];

		snprintf(v2, sizeof(v2), "%u", c->pkt_size);
		return bad_value("--pkt-size", v2,
				 "larger than the mbuf data room (--mbuf-size less headroom)");
	}
	if (latency_opt && nb_fwd_port_spec) {
		fprintf(stderr, "guardpmd: --latency and --fwd-port are exclusive\n");
		return GP_EXIT_USAGE;
	}
	return 0;
}

/* The EAL is up: turn the port options into port ids, check them. */
int
gp_options_resolve_ports(void)
{
	struct gp_config *c = &gp_cfg;
	uint16_t pid;
	unsigned int i, j;

	c->nb_ports = 0;
	if (c->ports_given) {
		for (i = 0; i < 64; i++) {
			if (!(port_id_mask & (UINT64_C(1) << i)))
				continue;
			if (!rte_eth_dev_is_valid_port(i)) {
				fprintf(stderr,
					"guardpmd: invalid value for --ports/--portmask: port %u does not exist (%u ports available)\n",
					i, rte_eth_dev_count_avail());
				return GP_EXIT_USAGE;
			}
			if (c->nb_ports >= GP_MAX_PORTS) {
				fprintf(stderr, "guardpmd: at most %d ports\n",
					GP_MAX_PORTS);
				return GP_EXIT_USAGE;
			}
			c->ports[c->nb_ports++] = i;
		}
	} else {
		RTE_ETH_FOREACH_DEV(pid) {
			if (c->nb_ports >= GP_MAX_PORTS)
				break;
			c->ports[c->nb_ports++] = pid;
		}
	}
	if (c->nb_ports == 0) {
		fprintf(stderr, "guardpmd: no ethdev port (use -a, --vdev or --ring-pairs)\n");
		return 1;
	}
	for (j = 0; j < nb_fwd_port_spec; j++) {
		for (i = 0; i < c->nb_ports; i++)
			if (c->ports[i] == fwd_port_spec[j].port)
				break;
		if (i == c->nb_ports) {
			fprintf(stderr,
				"guardpmd: invalid value for --fwd-port: port %u is not in use\n",
				fwd_port_spec[j].port);
			return GP_EXIT_USAGE;
		}
		c->port_mode[i] = fwd_port_spec[j].mode;
		c->port_mode_given = true;
	}
	if (latency_opt) {
		if (c->nb_ports < 2) {
			fprintf(stderr, "guardpmd: --latency needs two ports\n");
			return GP_EXIT_USAGE;
		}
		for (i = 0; i + 1 < c->nb_ports; i += 2) {
			c->port_mode[i] = GP_MODE_TXONLY;
			c->port_mode[i + 1] = GP_MODE_RXONLY;
		}
		c->port_mode_given = true;
	}
	return 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * pmd_cost: the CPU cycles a PMD's rx_burst and tx_burst spend per packet,
 * for any ethdev PMD on the emulated platform, by a method that repeats.
 *
 *   devtools/ixemu --ports 2 -- build/test/bench/pmd_cost EAL-ARGS \
 *       -a 0000:00:10.0 -a 0000:00:10.1 -- [--sizes 64,1518] ...
 *
 * Two emulated ports cabled back to back, one RX and one TX queue each,
 * testpmd's default port configuration (no RX offload; TX MBUF_FAST_FREE
 * when the port offers it), io forwarding as testpmd does it (port 0's
 * frames go out of port 1 and back).  Once the links are up the platform
 * goes into synchronous mode (ixemu_model_sync(), lib/vfioemu/ixemu.h):
 * the model thread sleeps and the device side runs only when this program
 * calls ixemu_model_step(), which then flushes every cache line the device
 * wrote, as DMA to a platform without DDIO leaves them.  The loop is
 *
 *   ixemu_model_step();
 *   for each port p:  t0; n = rx_burst(p, 32); t1; tx_burst(peer, n); t2
 *
 * with t = rte_rdtsc_precise(); only [t0, t2) is counted, so the model's
 * time is not.  The cost of an empty timed window is measured and taken
 * off.  Cycles and packets add up per block of --steps steps; the first
 * --warmup blocks are dropped; the median block is the result.  One JSON
 * line ("PMD_COST_JSON {...}") per frame size is printed for scripts
 * (test/bench/pmd_cycles.py).
 */
#include <dlfcn.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#define MAX_BURST 64
#define MAX_BLOCKS 4096
#define MAX_SIZES 4
#define NB_PORTS 2

typedef int (*sync_fn)(int);
typedef unsigned int (*step_fn)(void);
typedef uint64_t (*traps_fn)(unsigned int);

static struct {
	unsigned int sizes[MAX_SIZES];
	unsigned int nsizes;
	unsigned int burst;
	unsigned int inflight;	/* bursts per port */
	unsigned int blocks;
	unsigned int warmup;
	unsigned int steps;	/* per block */
	unsigned int rxd, txd;
	unsigned int mbufs;
	bool rx_offloads;
	bool verbose;
	int cache;		/* IXEMU_SYNC_* */
	const char *cache_name;
} opt = {
	.cache = 1, .cache_name = "flush",
	.sizes = { 64 }, .nsizes = 1, .burst = 32, .inflight = 4,
	.blocks = 30, .warmup = 5, .steps = 256, .rxd = 1024, .txd = 1024,
	.mbufs = 16384,
};

static sync_fn model_sync;
static step_fn model_step;
static traps_fn mmio_traps;

struct block {
	uint64_t rx_cycles, tx_cycles, pkts;
};

static struct block blocks[MAX_BLOCKS];

static void
usage(const char *prog)
{
	printf("usage: %s EAL-ARGS -- [options]\n"
	       "  --sizes N[,N...]   frame sizes on the wire, FCS included "
	       "(default 64)\n"
	       "  --burst N          rx_burst size (default 32)\n"
	       "  --inflight K       bursts per port put in flight (default 4)\n"
	       "  --blocks N         measured blocks per size (default 30)\n"
	       "  --warmup N         blocks dropped first (default 5)\n"
	       "  --steps N          model steps per block (default 256)\n"
	       "  --rxd N --txd N    ring sizes (default 1024)\n"
	       "  --mbufs N          mbufs in the pool (default 16384)\n"
	       "  --rx-offloads      RSS hash, IPv4/UDP/TCP checksum and VLAN\n"
	       "                     strip, as testpmd users often enable\n"
	       "  --cache MODEL      where the device's writes are left: flush\n"
	       "                     (memory, no DDIO; default), demote (LLC,\n"
	       "                     like DDIO), hot (caller's L1: comparison\n"
	       "                     only)\n"
	       "  --verbose          one line per block\n", prog);
}

static int
parse_uint(const char *s, unsigned int min, unsigned int max,
	   unsigned int *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (*s == '\0' || *end != '\0' || v < min || v > max)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int
parse_args(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "sizes", required_argument, NULL, 's' },
		{ "burst", required_argument, NULL, 'b' },
		{ "inflight", required_argument, NULL, 'k' },
		{ "blocks", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "steps", required_argument, NULL, 'S' },
		{ "rxd", required_argument, NULL, 'r' },
		{ "txd", required_argument, NULL, 't' },
		{ "mbufs", required_argument, NULL, 'm' },
		{ "rx-offloads", no_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "cache", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *tok, *save;
	int c;

	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		int bad = 0;

		switch (c) {
		case 's':
			opt.nsizes = 0;
			for (tok = strtok_r(optarg, ",", &save); tok != NULL;
			     tok = strtok_r(NULL, ",", &save)) {
				if (opt.nsizes == MAX_SIZES ||
				    parse_uint(tok, 64, 1518,
					       &opt.sizes[opt.nsizes]) < 0) {
					bad = 1;
					break;
				}
				opt.nsizes++;
			}
			bad |= opt.nsizes == 0;
			break;
		case 'b':
			bad = parse_uint(optarg, 1, MAX_BURST, &opt.burst);
			break;
		case 'k':
			bad = parse_uint(optarg, 1, 64, &opt.inflight);
			break;
		case 'n':
			bad = parse_uint(optarg, 1, MAX_BLOCKS / 2, &opt.blocks);
			break;
		case 'w':
			bad = parse_uint(optarg, 0, MAX_BLOCKS / 2, &opt.warmup);
			break;
		case 'S':
			bad = parse_uint(optarg, 1, 1u << 20, &opt.steps);
			break;
		case 'r':
			bad = parse_uint(optarg, 64, 4096, &opt.rxd);
			break;
		case 't':
			bad = parse_uint(optarg, 64, 4096, &opt.txd);
			break;
		case 'm':
			bad = parse_uint(optarg, 1024, 1u << 20, &opt.mbufs);
			break;
		case 'o':
			opt.rx_offloads = true;
			break;
		case 'v':
			opt.verbose = true;
			break;
		case 'c':
			/* IXEMU_SYNC_FLUSH, _DEMOTE, _HOT (ixemu.h) */
			if (strcmp(optarg, "flush") == 0)
				opt.cache = 1;
			else if (strcmp(optarg, "demote") == 0)
				opt.cache = 2;
			else if (strcmp(optarg, "hot") == 0)
				opt.cache = 3;
			else
				bad = 1;
			opt.cache_name = optarg;
			break;
		case 'h':
			usage(argv[0]);
			exit(0);
		default:
			bad = 1;
		}
		if (bad) {
			usage(argv[0]);
			return -1;
		}
	}
	if (optind != argc || opt.inflight * opt.burst >= opt.txd ||
	    opt.inflight * opt.burst >= opt.rxd) {
		usage(argv[0]);
		return -1;
	}
	return 0;
}

/*
 * testpmd's configuration of a port: the driver's default queue
 * configuration; TX MBUF_FAST_FREE when offered (testpmd sets it in
 * init_config_port_offloads()); the RX offloads only with --rx-offloads.
 */
static int
port_setup(uint16_t port, struct rte_mempool *mp)
{
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	struct rte_eth_rxconf rxc;
	struct rte_eth_txconf txc;
	uint64_t want;
	int ret;

	ret = rte_eth_dev_info_get(port, &info);
	if (ret != 0)
		return ret;
	memset(&conf, 0, sizeof(conf));
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE)
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	if (opt.rx_offloads) {
		want = RTE_ETH_RX_OFFLOAD_RSS_HASH |
		       RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |
		       RTE_ETH_RX_OFFLOAD_UDP_CKSUM |
		       RTE_ETH_RX_OFFLOAD_TCP_CKSUM |
		       RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
		conf.rxmode.offloads = want & info.rx_offload_capa;
		if (conf.rxmode.offloads & RTE_ETH_RX_OFFLOAD_RSS_HASH) {
			conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
			conf.rx_adv_conf.rss_conf.rss_hf =
				(RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP |
				 RTE_ETH_RSS_UDP) & info.flow_type_rss_offloads;
		}
	}
	ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret != 0)
		return ret;
	rxc = info.default_rxconf;
	rxc.offloads = conf.rxmode.offloads;
	txc = info.default_txconf;
	txc.offloads = conf.txmode.offloads;
	ret = rte_eth_rx_queue_setup(port, 0, opt.rxd,
				     rte_eth_dev_socket_id(port), &rxc, mp);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, opt.txd,
					     rte_eth_dev_socket_id(port), &txc);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	if (ret == 0)
		ret = rte_eth_promiscuous_enable(port);
	return ret;
}

static void
describe_port(uint16_t port, char *rx_path, char *tx_path, size_t len)
{
	struct rte_eth_burst_mode mode;
	struct rte_eth_dev_info info;

	snprintf(rx_path, len, "?");
	snprintf(tx_path, len, "?");
	if (rte_eth_rx_burst_mode_get(port, 0, &mode) == 0)
		snprintf(rx_path, len, "%s", mode.info);
	if (rte_eth_tx_burst_mode_get(port, 0, &mode) == 0)
		snprintf(tx_path, len, "%s", mode.info);
	if (rte_eth_dev_info_get(port, &info) == 0)
		printf("port %u: driver %s, rx path \"%s\", tx path \"%s\"\n",
		       port, info.driver_name, rx_path, tx_path);
}

static int
wait_links(void)
{
	for (unsigned int i = 0; i < 1000; i++) {
		struct rte_eth_link l0, l1;

		if (rte_eth_link_get_nowait(0, &l0) == 0 &&
		    rte_eth_link_get_nowait(1, &l1) == 0 &&
		    l0.link_status == RTE_ETH_LINK_UP &&
		    l1.link_status == RTE_ETH_LINK_UP)
			return 0;
		rte_delay_ms(10);
	}
	return -1;
}

/* An Ethernet/IPv4/UDP frame of 'size' bytes on the wire (FCS included). */
static void
fill_frame(struct rte_mbuf *m, unsigned int size, uint16_t port)
{
	unsigned int len = size - RTE_ETHER_CRC_LEN;
	struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eh + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);

	memset(eh, 0, len);
	memset(&eh->dst_addr, 0xff, RTE_ETHER_ADDR_LEN);
	eh->src_addr.addr_bytes[0] = 0x02;
	eh->src_addr.addr_bytes[5] = (uint8_t)port;
	eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->total_length = rte_cpu_to_be_16(len - sizeof(*eh));
	ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(198, 18, 0, 1));
	ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(198, 18, 1, 1));
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16(9);
	udp->dst_port = rte_cpu_to_be_16(9);
	udp->dgram_len = rte_cpu_to_be_16(len - sizeof(*eh) - sizeof(*ip));
	m->data_len = (uint16_t)len;
	m->pkt_len = len;
}

static int
prime(struct rte_mempool *mp, unsigned int size)
{
	struct rte_mbuf *pkts[MAX_BURST];

	for (uint16_t port = 0; port < NB_PORTS; port++) {
		for (unsigned int b = 0; b < opt.inflight; b++) {
			uint16_t sent;

			if (rte_pktmbuf_alloc_bulk(mp, pkts, opt.burst) != 0)
				return -1;
			for (unsigned int i = 0; i < opt.burst; i++)
				fill_frame(pkts[i], size, port);
			sent = rte_eth_tx_burst(port, 0, pkts,
						(uint16_t)opt.burst);
			if (sent != opt.burst) {
				rte_pktmbuf_free_bulk(pkts + sent,
						      opt.burst - sent);
				return -1;
			}
		}
	}
	return 0;
}

/* Take every frame off the wire: receive and free until nothing moves. */
static uint64_t
drain(void)
{
	struct rte_mbuf *pkts[MAX_BURST];
	unsigned int quiet = 0;
	uint64_t n = 0;

	while (quiet < 8) {
		unsigned int moved = model_step();

		for (uint16_t port = 0; port < NB_PORTS; port++) {
			uint16_t got = rte_eth_rx_burst(port, 0, pkts,
							MAX_BURST);

			rte_pktmbuf_free_bulk(pkts, got);
			moved += got;
			n += got;
		}
		quiet = moved ? 0 : quiet + 1;
	}
	return n;
}

/* Cycles of an empty timed window: the timer's own cost, taken off. */
static uint64_t
timer_overhead(void)
{
	uint64_t v[1001];

	for (unsigned int i = 0; i < RTE_DIM(v); i++) {
		uint64_t t0 = rte_rdtsc_precise();

		v[i] = rte_rdtsc_precise() - t0;
	}
	for (unsigned int i = 1; i < RTE_DIM(v); i++)
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[RTE_DIM(v) / 2];
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
quantile(double *v, unsigned int n, double q)
{
	double pos = q * (n - 1);
	unsigned int i = (unsigned int)pos;

	qsort(v, n, sizeof(*v), cmp_double);
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - i) * (v[i + 1] - v[i]);
}

struct result {
	double total, rx, tx;		/* medians, cycles per packet */
	double min, p25, p75, max;	/* of rx+tx */
	uint64_t pkts, step_cycles, step_frames;
	uint64_t traps;
	unsigned int short_blocks;
};

static void
measure(unsigned int size, uint64_t overhead, struct result *res)
{
	unsigned int nblk = opt.warmup + opt.blocks;
	double tot[MAX_BLOCKS], rx[MAX_BLOCKS], tx[MAX_BLOCKS];
	struct rte_mbuf *pkts[MAX_BURST];
	uint64_t traps0 = 0, traps1 = 0;

	memset(res, 0, sizeof(*res));
	for (unsigned int b = 0; b < nblk; b++) {
		struct block *blk = &blocks[b];
		uint64_t windows = 0;

		if (b == opt.warmup)
			traps0 = mmio_traps(0) + mmio_traps(1);
		memset(blk, 0, sizeof(*blk));
		for (unsigned int s = 0; s < opt.steps; s++) {
			uint64_t m0 = rte_rdtsc();
			unsigned int moved = model_step();

			if (b >= opt.warmup) {
				res->step_cycles += rte_rdtsc() - m0;
				res->step_frames += moved;
			}
			for (uint16_t port = 0; port < NB_PORTS; port++) {
				uint64_t t0, t1, t2;
				uint16_t n, sent;

				t0 = rte_rdtsc_precise();
				n = rte_eth_rx_burst(port, 0, pkts,
						     (uint16_t)opt.burst);
				t1 = rte_rdtsc_precise();
				sent = rte_eth_tx_burst(port ^ 1, 0, pkts, n);
				t2 = rte_rdtsc_precise();
				if (n == 0)
					continue;	/* as testpmd counts */
				blk->rx_cycles += t1 - t0;
				blk->tx_cycles += t2 - t1;
				blk->pkts += n;
				windows++;
				if (sent < n)
					rte_pktmbuf_free_bulk(pkts + sent,
							      n - sent);
			}
		}
		/* The timer's own cost, once per timed window. */
		blk->rx_cycles -= RTE_MIN(blk->rx_cycles, windows * overhead);
		blk->tx_cycles -= RTE_MIN(blk->tx_cycles, windows * overhead);
		if (opt.verbose || b < opt.warmup)
			printf("block %u%s: %" PRIu64 " packets, rx %.2f tx "
			       "%.2f cycles/packet\n", b,
			       b < opt.warmup ? " (warm-up)" : "", blk->pkts,
			       blk->pkts ? (double)blk->rx_cycles / blk->pkts
					 : 0.0,
			       blk->pkts ? (double)blk->tx_cycles / blk->pkts
					 : 0.0);
		if (blk->pkts < (uint64_t)opt.steps * NB_PORTS * opt.burst)
			res->short_blocks += b >= opt.warmup;
	}
	traps1 = mmio_traps(0) + mmio_traps(1);
	res->traps = traps1 - traps0;
	for (unsigned int b = 0; b < opt.blocks; b++) {
		const struct block *blk = &blocks[opt.warmup + b];
		double p = blk->pkts ? (double)blk->pkts : 1.0;

		tot[b] = (double)(blk->rx_cycles + blk->tx_cycles) / p;
		rx[b] = (double)blk->rx_cycles / p;
		tx[b] = (double)blk->tx_cycles / p;
		res->pkts += blk->pkts;
	}
	res->rx = quantile(rx, opt.blocks, 0.5);
	res->tx = quantile(tx, opt.blocks, 0.5);
	res->total = quantile(tot, opt.blocks, 0.5);
	res->min = tot[0];
	res->p25 = quantile(tot, opt.blocks, 0.25);
	res->p75 = quantile(tot, opt.blocks, 0.75);
	res->max = tot[opt.blocks - 1];
	(void)size;
}

static void
print_json(unsigned int size, const struct result *r, uint64_t overhead,
	   const char *driver, const char *rx_path, const char *tx_path)
{
	printf("PMD_COST_JSON {\"driver\":\"%s\",\"rx_path\":\"%s\","
	       "\"tx_path\":\"%s\",\"size\":%u,\"burst\":%u,\"inflight\":%u,"
	       "\"rx_offloads\":%s,\"cache\":\"%s\",\"blocks\":%u,"
	       "\"steps\":%u,"
	       "\"cycles_per_packet\":%.3f,\"rx\":%.3f,\"tx\":%.3f,"
	       "\"min\":%.3f,\"p25\":%.3f,\"p75\":%.3f,\"max\":%.3f,"
	       "\"packets\":%" PRIu64 ",\"short_blocks\":%u,"
	       "\"timer_overhead\":%" PRIu64 ",\"tsc_hz\":%" PRIu64 ","
	       "\"model_cycles_per_frame\":%.1f,\"mmio_traps\":%" PRIu64 "}\n",
	       driver, rx_path, tx_path, size, opt.burst, opt.inflight,
	       opt.rx_offloads ? "true" : "false", opt.cache_name, opt.blocks,
	       opt.steps,
	       r->total, r->rx, r->tx, r->min, r->p25, r->p75, r->max,
	       r->pkts, r->short_blocks, overhead, rte_get_tsc_hz(),
	       r->step_frames ? (double)r->step_cycles / r->step_frames : 0.0,
	       r->traps);
}

/* Every measured block, rx and tx cycles per packet, for scripts. */
static void
print_blocks(unsigned int size)
{
	printf("PMD_COST_BLOCKS {\"size\":%u,\"rx\":[", size);
	for (unsigned int b = 0; b < opt.blocks; b++) {
		const struct block *blk = &blocks[opt.warmup + b];
		double p = blk->pkts ? (double)blk->pkts : 1.0;

		printf("%s%.2f", b ? "," : "", blk->rx_cycles / p);
	}
	printf("],\"tx\":[");
	for (unsigned int b = 0; b < opt.blocks; b++) {
		const struct block *blk = &blocks[opt.warmup + b];
		double p = blk->pkts ? (double)blk->pkts : 1.0;

		printf("%s%.2f", b ? "," : "", blk->tx_cycles / p);
	}
	printf("]}\n");
}

int
main(int argc, char **argv)
{
	char rx_path[2][RTE_ETH_BURST_MODE_INFO_SIZE];
	char tx_path[2][RTE_ETH_BURST_MODE_INFO_SIZE];
	struct rte_eth_dev_info info[NB_PORTS];
	struct rte_mempool *mp;
	uint64_t overhead;
	int ret;

	model_sync = (sync_fn)dlsym(RTLD_DEFAULT, "ixemu_model_sync");
	model_step = (step_fn)dlsym(RTLD_DEFAULT, "ixemu_model_step");
	mmio_traps = (traps_fn)dlsym(RTLD_DEFAULT, "ixemu_mmio_traps");
	if (model_sync == NULL || model_step == NULL || mmio_traps == NULL) {
		fprintf(stderr, "run me under devtools/ixemu\n");
		return 2;
	}
	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 2;
	}
	argc -= ret;
	argv += ret;
	argv[0] = (char *)"pmd_cost";
	if (parse_args(argc, argv) < 0)
		return 2;
	if (rte_eth_dev_count_avail() != NB_PORTS) {
		fprintf(stderr, "need exactly two ports, have %u\n",
			rte_eth_dev_count_avail());
		return 2;
	}
	mp = rte_pktmbuf_pool_create("pmd_cost", opt.mbufs, 250, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE,
				     rte_socket_id());
	if (mp == NULL) {
		fprintf(stderr, "cannot create the mbuf pool\n");
		return 2;
	}
	for (uint16_t port = 0; port < NB_PORTS; port++) {
		ret = port_setup(port, mp);
		if (ret != 0 || rte_eth_dev_info_get(port, &info[port]) != 0) {
			fprintf(stderr, "port %u setup failed: %d\n", port,
				ret);
			return 2;
		}
		describe_port(port, rx_path[port], tx_path[port],
			      sizeof(rx_path[port]));
	}
	if (strcmp(info[0].driver_name, info[1].driver_name) != 0) {
		fprintf(stderr, "the ports have different drivers\n");
		return 2;
	}
	if (wait_links() != 0) {
		fprintf(stderr, "links did not come up\n");
		return 2;
	}
	/* Let the control path go quiet, so that doorbells are stores. */
	rte_delay_ms(20);
	overhead = timer_overhead();
	printf("timer overhead %" PRIu64 " cycles per window, TSC %" PRIu64
	       " Hz\n", overhead, rte_get_tsc_hz());
	if (model_sync(opt.cache) != 0) {
		fprintf(stderr, "cannot enter synchronous mode\n");
		return 2;
	}
	for (unsigned int i = 0; i < opt.nsizes; i++) {
		struct result res;

		if (prime(mp, opt.sizes[i]) != 0) {
			fprintf(stderr, "cannot prime %u-byte frames\n",
				opt.sizes[i]);
			return 2;
		}
		measure(opt.sizes[i], overhead, &res);
		printf("%u B: %.2f cycles/packet (rx %.2f, tx %.2f), blocks "
		       "min %.2f p25 %.2f p75 %.2f max %.2f, %" PRIu64
		       " packets, model %.0f cycles/frame\n", opt.sizes[i],
		       res.total, res.rx, res.tx, res.min, res.p25, res.p75,
		       res.max, res.pkts,
		       res.step_frames ? (double)res.step_cycles /
					 res.step_frames : 0.0);
		print_json(opt.sizes[i], &res, overhead, info[0].driver_name,
			   rx_path[0], tx_path[0]);
		print_blocks(opt.sizes[i]);
		fflush(stdout);
		drain();
	}
	model_sync(0);
	for (uint16_t port = 0; port < NB_PORTS; port++) {
		ret = rte_eth_dev_stop(port);
		if (ret == 0)
			ret = rte_eth_dev_close(port);
		if (ret < 0)
			fprintf(stderr, "port %u stop/close: %d\n", port, ret);
	}
	rte_eal_cleanup();
	return 0;
}

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
 * Each pair of emulated ports cabled back to back (functions 2k and 2k+1)
 * gets one RX and one TX queue per port, testpmd's default port
 * configuration (no RX offload; TX MBUF_FAST_FREE when the port offers
 * it) and testpmd's io forwarding (port 2k's frames go out of 2k+1 and
 * back).  Once the links are up the platform goes into synchronous mode
 * (ixemu_model_sync(), lib/vfioemu/ixemu.h): the model thread sleeps and
 * the device side runs only when this program calls ixemu_model_step(),
 * which then flushes every cache line the device wrote (the cache model,
 * doc/platform.md).  A block is --steps rounds of
 *
 *   ixemu_model_step();
 *   for each port p of the pair:  t0; n = rx_burst(p, 32); t1;
 *                                 tx_burst(peer, n); t2
 *
 * with t = timer_read() (--timer, below); only [t0, t2) is counted, so
 * the model's time is not.  The cost of an empty timed window is taken
 * off; a window the machine took away (longer than 250 us: preempted) is
 * left out and counted.  The first --warmup blocks are dropped; the
 * median block is the result.  Before every block a pointer chase
 * through flushed lines is timed (pmd_cost_probe.c): the machine's
 * memory latency at that moment, and a chain of dependent adds, its core
 * clock against the TSC; both reported beside the block, outside the
 * count, with the model's cycles per frame in the block's steps.
 *
 * Several pairs (up to 4) compare drivers side by side in one process:
 * their blocks alternate (A B C D, B C D A, ...), a few milliseconds
 * apart, so that a neighbour's load on the machine hits them alike.  A
 * second driver comes from a plugin loaded after rte_eal_init() (--late,
 * then --late-dev probes its ports), because the EAL would give every
 * port to the first driver that matches; --simd sets the EAL's max SIMD
 * bitwidth while a pair is configured and started (64: scalar paths).
 *
 * Output: one "PMD_COST_JSON {...}" and one "PMD_COST_BLOCKS {...}" line
 * per pair and frame size, for test/bench/pmd_cycles.py.
 */
#include <dlfcn.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_memzone.h>
#include <rte_udp.h>
#include <rte_vect.h>

#include "pmd_cost_pools.h"
#include "pmd_cost_probe.h"

#define MAX_BURST 64
#define MAX_BLOCKS 1024
#define MAX_SIZES 4
#define MAX_PAIRS 4
#define MAX_LATE 8
/* A window longer than this was preempted (see add_block()). */
#define DROP_US 250u

typedef int (*sync_fn)(int);
typedef unsigned int (*step_fn)(void);

/* struct ixemu_iommu_counters (lib/vfioemu/ixemu.h), by its layout. */
struct iommu_counters {
	uint64_t maps, unmaps, faults, iotlb_hits, iotlb_misses;
};
typedef void (*iommu_counters_fn)(struct iommu_counters *);

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
	bool timer_mfence;	/* --timer mfence */
	const char *late;	/* plugin loaded after rte_eal_init() */
	const char *late_dev[MAX_LATE];
	unsigned int nlate_dev;
	unsigned int simd[MAX_PAIRS];	/* 0: the EAL's */
	enum pool_kind pool[MAX_PAIRS];
	bool own_pools;		/* a pool per pair, not per kind */
	bool fifo;		/* this thread SCHED_FIFO, after EAL init */
	char names[MAX_PAIRS][32];
} opt = {
	.sizes = { 64 }, .nsizes = 1, .burst = 32, .inflight = 4,
	.blocks = 30, .warmup = 5, .steps = 256, .rxd = 1024, .txd = 1024,
	.mbufs = 16384, .cache = 1, .cache_name = "flush",
};

static sync_fn model_sync;
static step_fn model_step;
static iommu_counters_fn iommu_counters;
static struct rte_mempool *pools[POOL_KINDS][MAX_PAIRS];

struct block {
	uint64_t rx_cycles, tx_cycles, pkts;
	double probe;	/* memory latency before it (pmd_cost_probe.c) */
	double clock;	/* TSC ticks per core cycle before it (same) */
	uint64_t model_cycles, model_frames;	/* its model steps */
};

struct result {
	double total, rx, tx;		/* medians, cycles per packet */
	double min, p25, p75, max;	/* of rx+tx */
	uint64_t pkts;
	uint64_t windows, dropped;	/* timed windows, of which dropped */
	unsigned int short_blocks;
	uint64_t iotlb_misses;		/* in the measured blocks */
	uint64_t block_pkts;		/* all packets of those blocks */
};

struct pair {
	uint16_t port[2];
	struct rte_mempool *mp;
	char driver[RTE_DEV_NAME_MAX_LEN];
	char rx_path[RTE_ETH_BURST_MODE_INFO_SIZE];
	char tx_path[RTE_ETH_BURST_MODE_INFO_SIZE];
	struct block blocks[MAX_BLOCKS];
	struct result res;
};

static struct pair pairs[MAX_PAIRS];
static unsigned int npairs;
static uint64_t step_cycles, step_frames;

/* One timed burst: rx_burst and tx_burst cycles, packets. */
struct window {
	uint64_t rx, tx;
	uint32_t n;
};

static struct window *win;

static void
usage(const char *prog)
{
	printf("usage: %s EAL-ARGS -- [options]\n"
	       "  --sizes N[,N...]   frame sizes on the wire, FCS included "
	       "(default 64)\n"
	       "  --burst N          rx_burst size (default 32)\n"
	       "  --inflight K       bursts per port put in flight (default 4)\n"
	       "  --blocks N         measured blocks per pair and size "
	       "(default 30)\n"
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
	       "  --timer T          a timed window ends when the burst's\n"
	       "                     instructions are done (lfence; default)\n"
	       "                     or also its memory accesses, prefetches\n"
	       "                     included (mfence: rte_rdtsc_precise())\n"
	       "  --late PLUGIN      load this PMD after rte_eal_init() ...\n"
	       "  --late-dev DEVARGS ... and probe this device with it\n"
	       "                     (repeatable)\n"
	       "  --simd N[,N...]    max SIMD bitwidth per pair while it is\n"
	       "                     set up (0: the EAL's; 64: scalar)\n"
	       "  --pools K[,K...]   mbuf pool per pair: native (default),\n"
	       "                     xbuf (testpmd --mp-alloc=xbuf's layout),\n"
	       "                     xbuf2m (2 MiB-aligned whole zones)\n"
	       "  --own-pools        each pair its own pool (default: the\n"
	       "                     pairs of a kind share one)\n"
	       "  --fifo             run the measuring thread SCHED_FIFO\n"
	       "                     (priority 1), set after EAL init so that\n"
	       "                     the EAL's and the platform's threads on\n"
	       "                     the other CPU keep the normal policy\n"
	       "  --names A[,B...]   labels of the pairs\n"
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

/* "a,b,c" into at most max unsigned values; returns the count or -1. */
static int
parse_list(char *s, unsigned int *out, unsigned int max, unsigned int lo,
	   unsigned int hi)
{
	char *tok, *save;
	unsigned int n = 0;

	for (tok = strtok_r(s, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == max || parse_uint(tok, lo, hi, &out[n]) < 0)
			return -1;
		n++;
	}
	return n == 0 ? -1 : (int)n;
}

static int
parse_cache(const char *s)
{
	/* IXEMU_SYNC_FLUSH, _DEMOTE, _HOT (ixemu.h) */
	static const char *const models[] = { "flush", "demote", "hot" };

	for (unsigned int i = 0; i < RTE_DIM(models); i++)
		if (strcmp(s, models[i]) == 0) {
			opt.cache = (int)i + 1;
			opt.cache_name = models[i];
			return 0;
		}
	return -1;
}

static int
parse_timer(const char *s)
{
	if (strcmp(s, "lfence") == 0 || strcmp(s, "mfence") == 0) {
		opt.timer_mfence = s[0] == 'm';
		return 0;
	}
	return -1;
}

static int
parse_pools(char *s)
{
	char *tok, *save;
	unsigned int n = 0, k;

	for (tok = strtok_r(s, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == MAX_PAIRS)
			return -1;
		for (k = 0; k < POOL_KINDS; k++)
			if (strcmp(tok, pool_names[k]) == 0)
				break;
		if (k == POOL_KINDS)
			return -1;
		opt.pool[n++] = (enum pool_kind)k;
	}
	return n == 0 ? -1 : 0;
}

static int
parse_names(char *s)
{
	char *tok, *save;
	unsigned int n = 0;

	for (tok = strtok_r(s, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == MAX_PAIRS)
			return -1;
		snprintf(opt.names[n++], sizeof(opt.names[0]), "%s", tok);
	}
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
		{ "cache", required_argument, NULL, 'c' },
		{ "timer", required_argument, NULL, 'T' },
		{ "late", required_argument, NULL, 'L' },
		{ "late-dev", required_argument, NULL, 'D' },
		{ "simd", required_argument, NULL, 'V' },
		{ "names", required_argument, NULL, 'N' },
		{ "pools", required_argument, NULL, 'P' },
		{ "own-pools", no_argument, NULL, 'O' },
		{ "fifo", no_argument, NULL, 'F' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, n;

	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		int bad = 0;

		switch (c) {
		case 's':
			n = parse_list(optarg, opt.sizes, MAX_SIZES, 64, 1518);
			bad = n < 0;
			opt.nsizes = n < 0 ? 0 : (unsigned int)n;
			break;
		case 'b':
			bad = parse_uint(optarg, 1, MAX_BURST, &opt.burst);
			break;
		case 'k':
			bad = parse_uint(optarg, 1, 64, &opt.inflight);
			break;
		case 'n':
			bad = parse_uint(optarg, 1, MAX_BLOCKS / 2,
					 &opt.blocks);
			break;
		case 'w':
			bad = parse_uint(optarg, 0, MAX_BLOCKS / 2,
					 &opt.warmup);
			break;
		case 'S':
			bad = parse_uint(optarg, 1, 1u << 16, &opt.steps);
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
		case 'O':
			opt.own_pools = true;
			break;
		case 'F':
			opt.fifo = true;
			break;
		case 'c':
			bad = parse_cache(optarg);
			break;
		case 'T':
			bad = parse_timer(optarg);
			break;
		case 'L':
			opt.late = optarg;
			break;
		case 'D':
			bad = opt.nlate_dev == MAX_LATE;
			if (!bad)
				opt.late_dev[opt.nlate_dev++] = optarg;
			break;
		case 'V':
			bad = parse_list(optarg, opt.simd, MAX_PAIRS, 0,
					 512) < 0;
			break;
		case 'N':
			bad = parse_names(optarg);
			break;
		case 'P':
			bad = parse_pools(optarg);
			break;
		case 'v':
			opt.verbose = true;
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
	    opt.inflight * opt.burst >= opt.rxd ||
	    (opt.nlate_dev > 0 && opt.late == NULL)) {
		usage(argv[0]);
		return -1;
	}
	return 0;
}

/* The second driver: its plugin, then its devices. */
static int
late_probe(void)
{
	if (opt.late == NULL)
		return 0;
	if (dlopen(opt.late, RTLD_NOW | RTLD_GLOBAL) == NULL) {
		fprintf(stderr, "%s\n", dlerror());
		return -1;
	}
	for (unsigned int i = 0; i < opt.nlate_dev; i++) {
		int ret = rte_dev_probe(opt.late_dev[i]);

		if (ret != 0) {
			fprintf(stderr, "probe %s: %d\n", opt.late_dev[i], ret);
			return -1;
		}
	}
	return 0;
}

/* Ports in pairs by PCI function: 2k and 2k+1 share a cable. */
static int
find_pairs(void)
{
	uint16_t port;

	RTE_ETH_FOREACH_DEV(port) {
		char name[RTE_ETH_NAME_MAX_LEN];
		unsigned int fn;
		size_t len;

		if (rte_eth_dev_get_name_by_port(port, name) != 0)
			return -1;
		len = strlen(name);
		if (len < 2 || name[len - 2] != '.' || name[len - 1] < '0' ||
		    name[len - 1] > '7') {
			fprintf(stderr, "port %u (%s): not an emulated "
				"function\n", port, name);
			return -1;
		}
		fn = (unsigned int)(name[len - 1] - '0');
		if (fn / 2 >= MAX_PAIRS)
			return -1;
		pairs[fn / 2].port[fn & 1] = port;
		if (fn / 2 + 1 > npairs)
			npairs = fn / 2 + 1;
	}
	if (npairs == 0 || rte_eth_dev_count_avail() != 2 * npairs) {
		fprintf(stderr, "need whole pairs of ports (functions 2k, "
			"2k+1), have %u ports\n", rte_eth_dev_count_avail());
		return -1;
	}
	for (unsigned int p = 0; p < npairs; p++)
		if (opt.names[p][0] == '\0')
			snprintf(opt.names[p], sizeof(opt.names[p]), "pair%u",
				 p);
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

/* Both ports of a pair, under the pair's max SIMD bitwidth. */
static int
pair_setup(struct pair *pr, unsigned int idx, struct rte_mempool *mp)
{
	uint16_t eal_simd = rte_vect_get_max_simd_bitwidth();
	struct rte_eth_dev_info info[2];
	struct rte_eth_burst_mode mode;
	int ret = 0;

	if (opt.simd[idx] != 0 &&
	    rte_vect_set_max_simd_bitwidth((uint16_t)opt.simd[idx]) != 0) {
		fprintf(stderr, "cannot set the max SIMD bitwidth (given "
			"to the EAL?)\n");
		return -1;
	}
	for (unsigned int i = 0; i < 2 && ret == 0; i++)
		ret = port_setup(pr->port[i], mp);
	if (opt.simd[idx] != 0)
		rte_vect_set_max_simd_bitwidth(eal_simd);
	if (ret != 0 || rte_eth_dev_info_get(pr->port[0], &info[0]) != 0 ||
	    rte_eth_dev_info_get(pr->port[1], &info[1]) != 0) {
		fprintf(stderr, "%s: port setup failed: %d\n", opt.names[idx],
			ret);
		return -1;
	}
	if (strcmp(info[0].driver_name, info[1].driver_name) != 0) {
		fprintf(stderr, "%s: the ports have different drivers\n",
			opt.names[idx]);
		return -1;
	}
	snprintf(pr->driver, sizeof(pr->driver), "%s", info[0].driver_name);
	snprintf(pr->rx_path, sizeof(pr->rx_path), "?");
	snprintf(pr->tx_path, sizeof(pr->tx_path), "?");
	if (rte_eth_rx_burst_mode_get(pr->port[0], 0, &mode) == 0)
		snprintf(pr->rx_path, sizeof(pr->rx_path), "%s", mode.info);
	if (rte_eth_tx_burst_mode_get(pr->port[0], 0, &mode) == 0)
		snprintf(pr->tx_path, sizeof(pr->tx_path), "%s", mode.info);
	printf("%s: ports %u %u, driver %s, max SIMD bitwidth %u, rx path "
	       "\"%s\", tx path \"%s\"\n", opt.names[idx], pr->port[0],
	       pr->port[1], pr->driver,
	       opt.simd[idx] ? opt.simd[idx] : eal_simd, pr->rx_path,
	       pr->tx_path);
	return 0;
}

static int
wait_links(void)
{
	for (unsigned int i = 0; i < 1000; i++) {
		uint16_t port;
		bool up = true;

		RTE_ETH_FOREACH_DEV(port) {
			struct rte_eth_link l;

			if (rte_eth_link_get_nowait(port, &l) != 0 ||
			    l.link_status != RTE_ETH_LINK_UP)
				up = false;
		}
		if (up)
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
prime(unsigned int size)
{
	struct rte_mbuf *pkts[MAX_BURST];

	for (unsigned int k = 0; k < 2 * npairs; k++) {
		uint16_t port = pairs[k / 2].port[k & 1];

		for (unsigned int b = 0; b < opt.inflight; b++) {
			uint16_t sent;

			if (rte_pktmbuf_alloc_bulk(pairs[k / 2].mp, pkts,
						   opt.burst) != 0)
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

/* Take every frame off the wires: receive and free until nothing moves. */
static void
drain(void)
{
	struct rte_mbuf *pkts[MAX_BURST];
	unsigned int quiet = 0;

	while (quiet < 8) {
		unsigned int moved = model_step();
		uint16_t port;

		RTE_ETH_FOREACH_DEV(port) {
			uint16_t got = rte_eth_rx_burst(port, 0, pkts,
							MAX_BURST);

			rte_pktmbuf_free_bulk(pkts, got);
			moved += got;
		}
		quiet = moved ? 0 : quiet + 1;
	}
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The clock of the timed windows.  By default (--timer lfence) the TSC
 * read once the instructions before it have completed, and before any
 * after it start (LFENCE on both sides): the cycles a burst function
 * takes to run.  Memory work it leaves in flight (prefetches for the
 * next burst, stores not written yet) overlaps whatever follows, as in
 * an application; testpmd's --record-core-cycles counts a burst with
 * rte_rdtsc(), no fence at all.  --timer mfence is rte_rdtsc_precise()
 * (MFENCE): the window also waits for those.  On the AMD EPYC (Zen 5)
 * guest that includes software prefetches still in flight: one prefetch
 * of a line in memory at the end of tx_burst added 10-11 cycles a packet
 * to the window, a memory latency a burst, so a driver that prefetches
 * for its next burst paid for the wait it avoided.
 */
static __rte_always_inline uint64_t
timer_read(void)
{
#ifdef RTE_ARCH_X86
	uint64_t t;

	if (opt.timer_mfence)
		return rte_rdtsc_precise();
	__builtin_ia32_lfence();
	t = rte_rdtsc();
	__builtin_ia32_lfence();
	return t;
#else
	return rte_rdtsc_precise();
#endif
}

/* Cycles of an empty timed window: the timer's own cost, taken off. */
static uint64_t
timer_overhead(void)
{
	uint64_t v[1001];

	for (unsigned int i = 0; i < RTE_DIM(v); i++) {
		uint64_t t0 = timer_read();

		v[i] = timer_read() - t0;
	}
	qsort(v, RTE_DIM(v), sizeof(v[0]), cmp_u64);
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

/*
 * Add up a block's windows, leaving out those the machine took away: a
 * window longer than DROP_US was preempted (on a shared machine a time
 * slice of another process lands in some windows; pmd_cycles.py runs us
 * SCHED_FIFO so that it does not happen).  The drivers' slowest bursts
 * (32 frames of 1518 bytes copied) take a tenth of that.  Not relative to
 * the median: a driver's periodic slow bursts are its cost.
 */
static void
add_block(struct block *blk, unsigned int nw, uint64_t overhead,
	  struct result *res, bool measured)
{
	uint64_t limit = rte_get_tsc_hz() / 1000000 * DROP_US;

	for (unsigned int i = 0; i < nw; i++) {
		const struct window *w = &win[i];

		if (w->rx + w->tx > limit) {
			res->dropped += measured;
			continue;
		}
		/* The timer's own cost, once per timed window. */
		blk->rx_cycles += w->rx - RTE_MIN(w->rx, overhead);
		blk->tx_cycles += w->tx - RTE_MIN(w->tx, overhead);
		blk->pkts += w->n;
	}
	res->windows += measured ? nw : 0;
}

/* One block of --steps model steps and bursts on one pair. */
static void
run_block(struct pair *pr, unsigned int b, uint64_t overhead)
{
	struct block *blk = &pr->blocks[b];
	struct rte_mbuf *pkts[MAX_BURST];
	bool measured = b >= opt.warmup;
	struct iommu_counters c0, c1;
	unsigned int nw = 0;

	memset(blk, 0, sizeof(*blk));
	blk->probe = mem_probe_run();
	blk->clock = clock_probe_run();
	/* The device's IOTLB misses while this pair runs (its DMAs). */
	iommu_counters(&c0);
	for (unsigned int s = 0; s < opt.steps; s++) {
		uint64_t m0 = rte_rdtsc();
		unsigned int moved = model_step();
		uint64_t dt = rte_rdtsc() - m0;

		blk->model_cycles += dt;
		blk->model_frames += moved;
		if (measured) {
			step_cycles += dt;
			step_frames += moved;
		}
		for (unsigned int i = 0; i < 2; i++) {
			uint64_t t0, t1, t2;
			uint16_t n, sent;

			t0 = timer_read();
			n = rte_eth_rx_burst(pr->port[i], 0, pkts,
					     (uint16_t)opt.burst);
			t1 = timer_read();
			sent = rte_eth_tx_burst(pr->port[i ^ 1], 0, pkts, n);
			t2 = timer_read();
			if (n == 0)
				continue;	/* as testpmd counts */
			win[nw].rx = t1 - t0;
			win[nw].tx = t2 - t1;
			win[nw].n = n;
			nw++;
			if (sent < n)
				rte_pktmbuf_free_bulk(pkts + sent, n - sent);
		}
	}
	add_block(blk, nw, overhead, &pr->res, measured);
	iommu_counters(&c1);
	if (measured) {
		pr->res.iotlb_misses += c1.iotlb_misses - c0.iotlb_misses;
		pr->res.block_pkts += blk->pkts;
	}
	if (measured && nw < opt.steps * 2)
		pr->res.short_blocks++;
}

static void
summarize(struct pair *pr)
{
	double tot[MAX_BLOCKS], rx[MAX_BLOCKS], tx[MAX_BLOCKS];
	struct result *res = &pr->res;

	for (unsigned int b = 0; b < opt.blocks; b++) {
		const struct block *blk = &pr->blocks[opt.warmup + b];
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
}

/* Every pair, blocks alternating, the starting pair rotating. */
static void
measure(uint64_t overhead)
{
	unsigned int nblk = opt.warmup + opt.blocks;

	for (unsigned int p = 0; p < npairs; p++)
		memset(&pairs[p].res, 0, sizeof(pairs[p].res));
	step_cycles = step_frames = 0;
	for (unsigned int b = 0; b < nblk; b++) {
		for (unsigned int i = 0; i < npairs; i++) {
			unsigned int p = (b + i) % npairs;
			const struct block *blk = &pairs[p].blocks[b];

			run_block(&pairs[p], b, overhead);
			if (opt.verbose)
				printf("%s block %u%s: %" PRIu64 " packets, "
				       "rx %.2f tx %.2f cycles/packet\n",
				       opt.names[p], b,
				       b < opt.warmup ? " (warm-up)" : "",
				       blk->pkts,
				       blk->pkts ? (double)blk->rx_cycles /
						   blk->pkts : 0.0,
				       blk->pkts ? (double)blk->tx_cycles /
						   blk->pkts : 0.0);
		}
	}
	for (unsigned int p = 0; p < npairs; p++)
		summarize(&pairs[p]);
}

static void
print_pair(unsigned int idx, unsigned int size, uint64_t overhead)
{
	const struct pair *pr = &pairs[idx];
	const struct result *r = &pr->res;

	printf("%s %u B: %.2f cycles/packet (rx %.2f, tx %.2f), blocks min "
	       "%.2f p25 %.2f p75 %.2f max %.2f, %" PRIu64 " of %" PRIu64
	       " windows dropped\n", opt.names[idx], size, r->total, r->rx,
	       r->tx, r->min, r->p25, r->p75, r->max, r->dropped,
	       r->windows);
	printf("PMD_COST_JSON {\"pair\":%u,\"name\":\"%s\",\"driver\":\"%s\","
	       "\"rx_path\":\"%s\",\"tx_path\":\"%s\",\"simd\":%u,"
	       "\"size\":%u,\"burst\":%u,\"inflight\":%u,"
	       "\"rx_offloads\":%s,\"cache\":\"%s\",\"timer\":\"%s\","
	       "\"blocks\":%u,"
	       "\"steps\":%u,\"cycles_per_packet\":%.3f,\"rx\":%.3f,"
	       "\"tx\":%.3f,\"min\":%.3f,\"p25\":%.3f,\"p75\":%.3f,"
	       "\"max\":%.3f,\"packets\":%" PRIu64 ",\"short_blocks\":%u,"
	       "\"windows\":%" PRIu64 ",\"dropped_windows\":%" PRIu64 ","
	       "\"timer_overhead\":%" PRIu64 ",\"tsc_hz\":%" PRIu64 ","
	       "\"model_cycles_per_frame\":%.1f,\"pool\":\"%s\","
	       "\"iotlb_misses_per_packet\":%.5f}\n",
	       idx, opt.names[idx], pr->driver, pr->rx_path, pr->tx_path,
	       opt.simd[idx], size, opt.burst, opt.inflight,
	       opt.rx_offloads ? "true" : "false", opt.cache_name,
	       opt.timer_mfence ? "mfence" : "lfence", opt.blocks,
	       opt.steps, r->total, r->rx, r->tx, r->min, r->p25, r->p75,
	       r->max, r->pkts, r->short_blocks, r->windows, r->dropped,
	       overhead, rte_get_tsc_hz(),
	       step_frames ? (double)step_cycles / step_frames : 0.0,
	       pool_names[opt.pool[idx]], r->block_pkts ?
	       (double)r->iotlb_misses / (double)r->block_pkts : 0.0);
	/* Every measured block, in order, for paired comparisons. */
	printf("PMD_COST_BLOCKS {\"pair\":%u,\"size\":%u,\"rx\":[", idx, size);
	for (unsigned int b = 0; b < opt.blocks; b++) {
		const struct block *blk = &pr->blocks[opt.warmup + b];

		printf("%s%.2f", b ? "," : "", blk->pkts ?
		       (double)blk->rx_cycles / blk->pkts : 0.0);
	}
	printf("],\"tx\":[");
	for (unsigned int b = 0; b < opt.blocks; b++) {
		const struct block *blk = &pr->blocks[opt.warmup + b];

		printf("%s%.2f", b ? "," : "", blk->pkts ?
		       (double)blk->tx_cycles / blk->pkts : 0.0);
	}
	printf("],\"probe\":[");
	for (unsigned int b = 0; b < opt.blocks; b++)
		printf("%s%.1f", b ? "," : "",
		       pr->blocks[opt.warmup + b].probe);
	printf("],\"clock\":[");
	for (unsigned int b = 0; b < opt.blocks; b++)
		printf("%s%.3f", b ? "," : "",
		       pr->blocks[opt.warmup + b].clock);
	/* The model's cycles per frame in the block (its step, not timed). */
	printf("],\"model\":[");
	for (unsigned int b = 0; b < opt.blocks; b++) {
		const struct block *blk = &pr->blocks[opt.warmup + b];

		printf("%s%.1f", b ? "," : "", blk->model_frames ?
		       (double)blk->model_cycles / blk->model_frames : 0.0);
	}
	printf("]}\n");
}

/* Pair p's pool (--pools, --own-pools), made at its first use. */
static struct rte_mempool *
pool_get(unsigned int p)
{
	unsigned int slot = opt.own_pools ? p : 0;

	if (pools[opt.pool[p]][slot] == NULL)
		pools[opt.pool[p]][slot] = pmd_cost_pool(opt.pool[p], slot,
							 opt.mbufs);
	return pools[opt.pool[p]][slot];
}

int
main(int argc, char **argv)
{
	uint64_t overhead;
	int ret;

	model_sync = (sync_fn)dlsym(RTLD_DEFAULT, "ixemu_model_sync");
	model_step = (step_fn)dlsym(RTLD_DEFAULT, "ixemu_model_step");
	iommu_counters = (iommu_counters_fn)dlsym(RTLD_DEFAULT,
						  "ixemu_iommu_counters");
	if (model_sync == NULL || model_step == NULL ||
	    iommu_counters == NULL) {
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
	/*
	 * Not chrt on the whole process: every thread inherits the policy,
	 * and rte_eal_init() then stalled for minutes at times in
	 * rte_ctrl_thread_create() (a new control thread on the other CPU,
	 * FIFO too, waits behind any FIFO thread there).
	 */
	if (opt.fifo) {
		struct sched_param sp = { .sched_priority = 1 };

		ret = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
		if (ret != 0) {
			fprintf(stderr, "SCHED_FIFO: %s\n", strerror(ret));
			return 2;
		}
	}
	win = calloc((size_t)opt.steps * 2, sizeof(*win));
	if (win == NULL || mem_probe_init() != 0) {
		fprintf(stderr, "out of memory\n");
		return 2;
	}
	if (late_probe() != 0 || find_pairs() != 0)
		return 2;
	for (unsigned int p = 0; p < npairs; p++) {
		pairs[p].mp = pool_get(p);
		if (pairs[p].mp == NULL) {
			fprintf(stderr, "cannot create the %s mbuf pool\n",
				pool_names[opt.pool[p]]);
			return 2;
		}
		if (pair_setup(&pairs[p], p, pairs[p].mp) != 0)
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
		if (prime(opt.sizes[i]) != 0) {
			fprintf(stderr, "cannot prime %u-byte frames\n",
				opt.sizes[i]);
			return 2;
		}
		measure(overhead);
		for (unsigned int p = 0; p < npairs; p++)
			print_pair(p, opt.sizes[i], overhead);
		printf("model: %.0f cycles per frame in its steps\n",
		       step_frames ? (double)step_cycles / step_frames : 0.0);
		fflush(stdout);
		drain();
	}
	model_sync(0);
	for (unsigned int p = 0; p < npairs; p++)
		for (unsigned int i = 0; i < 2; i++) {
			uint16_t port = pairs[p].port[i];

			ret = rte_eth_dev_stop(port);
			if (ret == 0)
				ret = rte_eth_dev_close(port);
			if (ret < 0)
				fprintf(stderr, "port %u stop/close: %d\n",
					port, ret);
		}
	rte_eal_cleanup();
	return 0;
}

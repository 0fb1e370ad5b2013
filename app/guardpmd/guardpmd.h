/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * guardpmd: a testpmd-style forwarding application for any ethdev PMD.
 * Shared state and the interfaces between its files:
 *   options.c   command line of the application (after "--")
 *   ports.c     port set-up, start/stop/close, info, ring pairs
 *   pool.c      the pinned external-buffer pool of --mp-alloc xbuf
 *   fwd.c       streams, lcore assignment, forwarding loop, io/mac/
 *               macswap/rxonly
 *   fwd_gen.c   txonly and flowgen (timestamped packets)
 *   fwd_csum.c  csum
 *   stats.c     live display, final statistics, JSON results
 *   latency.c   latency histogram and percentiles
 *   cli.c       interactive prompt (librte_cmdline)
 *   dma_view.c  "show dma domain"
 *   json.c      a minimal JSON writer
 */
#ifndef GUARDPMD_H
#define GUARDPMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#define GP_MAX_PORTS		16
#define GP_MAX_QUEUES		16
#define GP_MAX_STREAMS		(GP_MAX_PORTS * GP_MAX_QUEUES)
#define GP_MAX_BURST		512
#define GP_MIN_PKT_SIZE		60	/* without FCS */
#define GP_MAX_PKT_SIZE		9600
#define GP_MEMPOOL_CACHE	256
/* Exit code for a bad option or value (the usage was printed). */
#define GP_EXIT_USAGE		2

enum gp_mode {
	GP_MODE_IO = 0,
	GP_MODE_MAC,
	GP_MODE_MACSWAP,
	GP_MODE_RXONLY,
	GP_MODE_TXONLY,
	GP_MODE_FLOWGEN,
	GP_MODE_CSUM,
	GP_MODE_NB,
	GP_MODE_DEFAULT = -1,	/* per-port: follow the global mode */
};

struct gp_config {
	uint16_t ports[GP_MAX_PORTS];	/* ethdev port ids to use */
	unsigned int nb_ports;		/* 0: every available port */
	bool ports_given;
	uint16_t rxq, txq, rxd, txd;
	unsigned int burst;
	unsigned int mbuf_size;		/* data room, headroom included */
	unsigned int nb_mbufs;		/* 0: computed */
	bool mp_xbuf;			/* --mp-alloc xbuf (default) */
	enum gp_mode mode;
	/* --fwd-port / --latency: mode per index in ports[], or DEFAULT */
	int port_mode[GP_MAX_PORTS];
	bool port_mode_given;
	unsigned int pkt_size;
	unsigned int flows;
	uint64_t tx_pps;		/* generators: per port; 0: flat out */
	double stats_period;		/* seconds; 0: no live display */
	bool stats_period_given;
	double duration;		/* seconds; 0: until a signal */
	bool json;
	bool interactive;
	bool tx_first;
	bool csum_offload;		/* csum: request offloads */
	bool no_promisc;
	unsigned int nb_cores;		/* forwarding lcores; 0: all workers */
	unsigned int ring_pairs;	/* back-to-back net_ring port pairs */
	bool xstats_display;		/* changed xstats in the live display */
};

/* One (port, queue) pair polled by one lcore. */
struct gp_stream {
	uint16_t rx_port, rx_queue;
	uint16_t tx_port, tx_queue;
	enum gp_mode mode;
	unsigned int lcore;
	unsigned int port_idx;		/* index of rx_port in the port table */
	/* written by the owning lcore only */
	uint64_t rx_pkts, rx_bytes;
	uint64_t tx_pkts, tx_bytes;
	uint64_t tx_dropped;		/* refused by tx_burst, freed */
	uint64_t alloc_failures;	/* generators: no mbuf */
	uint64_t bad_ip_csum, bad_l4_csum;
	uint64_t busy_cycles, busy_pkts; /* non-empty bursts only */
	uint64_t seq;
	uint64_t next_tsc;		/* --tx-pps: next burst not before */
	uint32_t flow;
	struct gp_latency *lat;		/* rx modes; NULL otherwise */
} __rte_cache_aligned;

struct gp_port {
	uint16_t id;
	uint16_t peer;			/* paired topology */
	bool configured, started, closed;
	bool rx_cksum_offload;		/* RX checksum offloads enabled */
	bool tx_cksum_offload;		/* IPv4/UDP/TCP TX offloads enabled */
	uint16_t rxq, txq, rxd, txd;
	uint16_t mtu;			/* 0: driver default */
	int mode;			/* GP_MODE_DEFAULT: global mode */
	struct rte_ether_addr mac;
	char name[RTE_ETH_NAME_MAX_LEN];
	char driver[64];
	/* live display: the previous snapshot */
	struct rte_eth_stats last;
	uint64_t last_tsc;
	uint64_t *xprev;
	unsigned int nb_xprev;
};

struct gp_lcore_stats {
	unsigned int lcore;
	unsigned int nb_streams;
	uint64_t busy_cycles, busy_pkts;
};

extern struct gp_config gp_cfg;
extern struct gp_port gp_ports[GP_MAX_PORTS];
extern unsigned int gp_nb_ports;
extern struct rte_mempool *gp_pool;
extern struct gp_stream gp_streams[GP_MAX_STREAMS];
extern unsigned int gp_nb_streams;
/* Human-readable output: stdout, or stderr with --json. */
extern FILE *gp_out;
extern volatile int gp_quit;		/* signal or "quit" */
/*
 * A DPDK secondary process (EAL --proc-type=secondary): guardpmd shows the
 * primary's ports (statistics, xstats, DMA domain) and changes nothing.
 */
extern bool gp_secondary;
extern unsigned int gp_errors;		/* any error: exit code 1 */

/* options.c */
int gp_options_parse(int argc, char **argv);
void gp_usage(FILE *f, const char *prg);
const char *gp_mode_name(int mode);
int gp_mode_parse(const char *s);
/* Port ids after the EAL is up; exit code or 0. */
int gp_options_resolve_ports(void);

/* ports.c */
int gp_ring_pairs_create(unsigned int pairs);
void gp_ring_pairs_free(void);
int gp_pool_create(void);
void gp_pool_free(void);
int gp_port_index(uint16_t port_id);
int gp_port_setup(struct gp_port *p);
int gp_port_start(struct gp_port *p);
int gp_port_stop(struct gp_port *p);
int gp_port_close(struct gp_port *p);
void gp_ports_init(void);
int gp_ports_start_all(void);
void gp_ports_close_all(void);
void gp_port_drain(struct gp_port *p, unsigned int max_bursts);
void gp_port_info(uint16_t port_id);
int gp_port_mode(const struct gp_port *p);

/* pool.c */
struct rte_mempool *gp_pool_create_xbuf(const char *name, unsigned int n,
					unsigned int cache,
					unsigned int mbuf_size);
void gp_pool_free_xbuf(void);

/* fwd.c */
bool gp_fwd_running(void);
int gp_fwd_start(void);
int gp_fwd_stop(bool print);
uint64_t gp_fwd_start_tsc(void);
uint64_t gp_fwd_stop_tsc(void);
extern volatile int gp_fwd_halt;	/* lcores leave their loops */
extern volatile int gp_gen_halt;	/* generators stop sending */
void gp_fwd_io(struct gp_stream *s);
void gp_fwd_mac(struct gp_stream *s);
void gp_fwd_macswap(struct gp_stream *s);
void gp_fwd_rxonly(struct gp_stream *s);
void gp_fwd_tx_burst(struct gp_stream *s, struct rte_mbuf **pkts,
		     uint16_t nb);
void gp_fwd_lcore_stats(struct gp_lcore_stats *out, unsigned int *nb);

/* fwd_gen.c */
extern uint64_t gp_tx_first_pkts[GP_MAX_PORTS];
extern uint64_t gp_tx_first_bytes[GP_MAX_PORTS];
void gp_gen_init(void);
void gp_fwd_txonly(struct gp_stream *s);
void gp_fwd_flowgen(struct gp_stream *s);
int gp_gen_tx_first(void);
/* Latency sample from a received packet carrying a timestamp. */
void gp_gen_check_stamp(struct gp_stream *s, struct rte_mbuf *m,
			uint64_t now);

/* fwd_csum.c */
void gp_fwd_csum(struct gp_stream *s);

/* latency.c */
struct gp_latency *gp_latency_new(void);
void gp_latency_free(struct gp_latency *l);
void gp_latency_add(struct gp_latency *l, uint64_t cycles);
void gp_latency_merge(struct gp_latency *dst, const struct gp_latency *src);
uint64_t gp_latency_count(const struct gp_latency *l);
void gp_latency_print(FILE *f, const struct gp_latency *l);
struct gp_json;
void gp_latency_json(struct gp_json *j, const struct gp_latency *l);

/* stats.c */
void gp_stats_reset_display(void);
void gp_stats_display(void);
void gp_stats_show_port(uint16_t port_id);
void gp_stats_show_xstats(uint16_t port_id);
/* Forwarding totals (after a stop); collects the JSON results too. */
void gp_stats_final(void);
void gp_stats_json_print(unsigned int mbufs_in_use, int mbuf_check_done);

/* cli.c */
int gp_cli_run(void);

/* dma_view.c */
void gp_dma_show(FILE *f, uint16_t port_id);

#endif /* GUARDPMD_H */

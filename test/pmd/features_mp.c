/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The "Multiprocess aware" probe of features_check: DPDK's
 * primary-secondary model (features.rst: "Driver can be used for
 * primary-secondary process model").
 *
 * The primary (features_check with its ports running, after traffic)
 * writes down what an application sees of its two ports; then it runs
 * itself again as a secondary process of the same --file-prefix, which
 * writes down the same figures from its side; both must be equal line
 * for line:
 *   - the driver of each port, and the RX and TX burst functions of
 *     queue 0 (a secondary selects them as the primary did);
 *   - the basic statistics and every extended statistic (counters in
 *     memory the processes share, the driver's own included);
 *   - net_ixguard's DMA domain: mode, name, counters and each mapping
 *     (rte_pmd_ixguard_dma_domain_get(), what guardpmd's "show dma
 *     domain" prints).
 * A secondary needs the primary's hugepage files: without hugepages
 * (--no-huge) the probe is skipped, and says so.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>

#include "features_mp.h"
#include "../../app/guardpmd/pmd_sym.h"
#include "rte_pmd_ixguard.h"
#include "test_check.h"

#define MAX_ARGS	64
#define MAX_MAPS	256
#define FIGURES_MAX	(256 * 1024)

static char *eal_args[MAX_ARGS];
static int nb_eal_args;

void
features_mp_save_args(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc && i < MAX_ARGS - 4; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		eal_args[i] = argv[i];
	}
	nb_eal_args = i;
}

static void
figures_dma(FILE *f, uint16_t port)
{
	static struct rte_pmd_ixguard_dma_mapping maps[MAX_MAPS];
	struct rte_pmd_ixguard_dma_domain d;
	const struct rte_pmd_ixguard_dma_counters *c = &d.counters;
	unsigned int i;
	int ret;

	ret = pmd_dma_domain_get(port, &d, maps, MAX_MAPS);
	if (ret == -ENOSYS) {
		fprintf(f, "port %u dma: no %s\n", port,
			RTE_PMD_IXGUARD_DMA_DOMAIN_GET);
		return;
	}
	if (ret != 0) {
		fprintf(f, "port %u dma: %d\n", port, ret);
		return;
	}
	/* The container is a descriptor number of the primary's. */
	fprintf(f, "port %u dma: %.*s %.*s devices=%u mappings=%u\n", port,
		(int)sizeof(d.mode), d.mode, (int)sizeof(d.name), d.name,
		d.nb_devices, d.nb_mappings);
	fprintf(f, "port %u dma counters: %" PRIu64 " %" PRIu64 " %" PRIu64
		" %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		" %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", port, c->mappings,
		c->regions, c->bytes, c->pages_4k, c->pages_2m, c->pages_1g,
		c->maps, c->unmaps, c->map_failures, c->limit_hits,
		c->lookup_failures);
	for (i = 0; i < RTE_MIN(d.nb_mappings, (uint32_t)MAX_MAPS); i++)
		fprintf(f, "port %u dma map: iova=0x%" PRIx64 " len=0x%"
			PRIx64 " va=0x%" PRIx64 " %s %.*s\n", port,
			maps[i].iova, maps[i].len, maps[i].va,
			maps[i].writable ? "rw" : "ro",
			(int)sizeof(maps[i].what), maps[i].what);
}

static void
figures_xstats(FILE *f, uint16_t port)
{
	struct rte_eth_xstat_name *names = NULL;
	struct rte_eth_xstat *xs = NULL;
	int n, i;

	n = rte_eth_xstats_get_names(port, NULL, 0);
	if (n > 0) {
		names = calloc(n, sizeof(*names));
		xs = calloc(n, sizeof(*xs));
	}
	if (names == NULL || xs == NULL ||
	    rte_eth_xstats_get_names(port, names, n) != n ||
	    rte_eth_xstats_get(port, xs, n) != n) {
		fprintf(f, "port %u xstats: none (%d)\n", port, n);
	} else {
		for (i = 0; i < n; i++)
			fprintf(f, "port %u xstat %s=%" PRIu64 "\n", port,
				names[xs[i].id].name, xs[i].value);
	}
	free(names);
	free(xs);
}

/* What an application sees of port 0 and 1, one figure a line. */
static void
figures(FILE *f)
{
	uint16_t port;

	for (port = 0; port < 2; port++) {
		struct rte_eth_burst_mode rx, tx;
		struct rte_eth_dev_info info;
		struct rte_eth_stats st;

		if (rte_eth_dev_info_get(port, &info) != 0) {
			fprintf(f, "port %u: no such port\n", port);
			continue;
		}
		fprintf(f, "port %u driver %s\n", port, info.driver_name);
		memset(&rx, 0, sizeof(rx));
		memset(&tx, 0, sizeof(tx));
		rte_eth_rx_burst_mode_get(port, 0, &rx);
		rte_eth_tx_burst_mode_get(port, 0, &tx);
		fprintf(f, "port %u rx burst %s\nport %u tx burst %s\n", port,
			rx.info, port, tx.info);
		if (rte_eth_stats_get(port, &st) == 0)
			fprintf(f, "port %u stats ipackets=%" PRIu64
				" opackets=%" PRIu64 " ibytes=%" PRIu64
				" obytes=%" PRIu64 " imissed=%" PRIu64
				" ierrors=%" PRIu64 " oerrors=%" PRIu64
				" rx_nombuf=%" PRIu64 "\n", port, st.ipackets,
				st.opackets, st.ibytes, st.obytes, st.imissed,
				st.ierrors, st.oerrors, st.rx_nombuf);
		figures_xstats(f, port);
		if (strcmp(info.driver_name, "net_ixguard") == 0)
			figures_dma(f, port);
	}
}

int
features_mp_secondary(void)
{
	if (rte_eal_process_type() != RTE_PROC_SECONDARY) {
		fprintf(stderr, "features_check --secondary: not a secondary "
			"process\n");
		return 1;
	}
	figures(stdout);
	fflush(stdout);
	return 0;
}

/* The secondary's figures (its stdout), NUL-terminated; its exit code. */
static int
run_secondary(char *out, size_t len)
{
	char *argv[MAX_ARGS];
	static const char *const platform_outputs[] = {
		"IXEMU_REPORT", "IXEMU_CONTROL", "IXEMU_PCAP_IN",
		"IXEMU_PCAP_OUT", "IXEMU_ATTACH",
	};
	size_t got = 0;
	int fds[2], status, i, n = 0;
	ssize_t r;
	pid_t pid;

	for (i = 0; i < nb_eal_args; i++)
		argv[n++] = eal_args[i];
	argv[n++] = (char *)(uintptr_t)"--proc-type=secondary";
	argv[n++] = (char *)(uintptr_t)"--";
	argv[n++] = (char *)(uintptr_t)"--secondary";
	argv[n] = NULL;
	out[0] = '\0';
	if (pipe(fds) != 0)
		return -errno;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		/*
		 * The emulated platform is preloaded into the child too: it
		 * adopts the primary's device model.  Its own report, wires
		 * and control FIFO would replace the primary's.
		 */
		for (i = 0; i < (int)RTE_DIM(platform_outputs); i++)
			unsetenv(platform_outputs[i]);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(fds[1]);
	while (got + 1 < len &&
	       (r = read(fds[0], out + got, len - got - 1)) > 0)
		got += (size_t)r;
	out[got] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -ECHILD;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The first line where a and b differ, printed; true if none. */
static bool
same_lines(const char *a, const char *b)
{
	unsigned int line = 1;

	while (*a != '\0' || *b != '\0') {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");

		if (la != lb || memcmp(a, b, la) != 0) {
			printf("# line %u: primary '%.*s', secondary '%.*s'\n",
			       line, (int)la, a, (int)lb, b);
			return false;
		}
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
		line++;
	}
	return true;
}

int
features_mp_probe(void)
{
	char *mine = NULL, *theirs = NULL;
	size_t len = 0;
	FILE *f;
	int rc, ok = 0;

	if (!rte_eal_has_hugepages()) {
		printf("# Multiprocess aware: a secondary needs the primary's "
		       "hugepages (not checked with --no-huge)\n");
		return -1;
	}
	f = open_memstream(&mine, &len);
	theirs = malloc(FIGURES_MAX);
	if (f == NULL || theirs == NULL) {
		if (f != NULL)
			fclose(f);
		free(mine);
		free(theirs);
		return 0;
	}
	figures(f);
	fclose(f);
	rc = run_secondary(theirs, FIGURES_MAX);
	CHECK(rc == 0, "Multiprocess aware: the secondary process ran (exit "
	      "code %d)", rc);
	if (rc == 0) {
		/* Shared mode has no domain of its own (-ENODEV both). */
		ok = strstr(mine, "xstat ") != NULL && same_lines(mine, theirs);
		printf("# Multiprocess aware: %zu bytes of figures, %s\n", len,
		       ok ? "the same in both processes" : "they differ");
	}
	free(mine);
	free(theirs);
	return ok;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Harness of the model cost benchmark: loads two or more builds of
 * model_cost.c (shared objects, e.g. the model of a base revision and the
 * current one), sets each up with the same scenario, then measures them
 * in turn, rep after rep, alternating which goes first.  The first build
 * is the reference: each rep gives the ratio of its cost to every other
 * build's, measured moments apart.
 *
 *   model_cost_main [--frames N] [--reps N] [--size B] [--page 4k|2m]
 *                   [--rss] [--intr] LIB.so LIB.so [...]
 *
 * Output: one JSON object on stdout.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_cost.h"

#define MAX_LIBS 4

struct lib {
	const char *path;
	mc_init_fn init;
	mc_run_fn run;
	mc_idle_fn idle;
	mc_counters_fn counters;
	double *cpf;		/* per rep */
	double idle_cycles;
	uint64_t calls, dropped;
	struct mc_counters cnt;
};

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(const double *v, unsigned int n, double *lo, double *hi)
{
	double *s = malloc(n * sizeof(*s)), m;

	if (s == NULL)
		exit(1);
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_d);
	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	*lo = s[0];
	*hi = s[n - 1];
	free(s);
	return m;
}

static int
load(struct lib *l)
{
	/* RTLD_LOCAL: each build keeps its own model and its own state. */
	void *h = dlopen(l->path, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		fprintf(stderr, "model_cost_main: %s\n", dlerror());
		return -1;
	}
	l->init = (mc_init_fn)dlsym(h, "mc_init");
	l->run = (mc_run_fn)dlsym(h, "mc_run");
	l->idle = (mc_idle_fn)dlsym(h, "mc_idle");
	l->counters = (mc_counters_fn)dlsym(h, "mc_counters");
	if (!l->init || !l->run || !l->idle || !l->counters) {
		fprintf(stderr, "model_cost_main: %s: missing mc_* symbols\n",
			l->path);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct mc_opts o = { .frame_size = 64 };
	struct lib libs[MAX_LIBS];
	unsigned int nlibs = 0, reps = 31, r, k, i;
	uint64_t frames = 50000;
	double *ratio;
	int a;

	memset(libs, 0, sizeof(libs));
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--frames") == 0 && a + 1 < argc)
			frames = strtoull(argv[++a], NULL, 0);
		else if (strcmp(argv[a], "--reps") == 0 && a + 1 < argc)
			reps = (unsigned int)strtoul(argv[++a], NULL, 0);
		else if (strcmp(argv[a], "--size") == 0 && a + 1 < argc)
			o.frame_size = (unsigned int)strtoul(argv[++a], NULL,
							     0);
		else if (strcmp(argv[a], "--page") == 0 && a + 1 < argc)
			o.page_4k = strcmp(argv[++a], "4k") == 0;
		else if (strcmp(argv[a], "--rss") == 0)
			o.rss = true;
		else if (strcmp(argv[a], "--intr") == 0)
			o.intr = true;
		else if (argv[a][0] != '-' && nlibs < MAX_LIBS)
			libs[nlibs++].path = argv[a];
		else
			goto usage;
	}
	if (nlibs < 1 || reps == 0)
		goto usage;
	ratio = calloc((size_t)reps * nlibs, sizeof(*ratio));
	if (ratio == NULL)
		return 1;
	for (k = 0; k < nlibs; k++) {
		libs[k].cpf = calloc(reps, sizeof(double));
		if (libs[k].cpf == NULL || load(&libs[k]) < 0)
			return 1;
		if (libs[k].init(&o) < 0) {
			fprintf(stderr, "model_cost_main: %s: setup failed\n",
				libs[k].path);
			return 1;
		}
	}
	for (r = 0; r < reps; r++) {
		for (i = 0; i < nlibs; i++) {
			/* Alternate the order, so drift hits all alike. */
			struct lib *l = &libs[r % 2 ? nlibs - 1 - i : i];
			struct mc_result res;

			if (l->run(frames, &res) < 0)
				return 1;
			l->cpf[r] = res.cycles_per_frame;
			l->calls += res.calls;
			l->dropped += res.dropped;
		}
		for (k = 0; k < nlibs; k++)
			ratio[(size_t)k * reps + r] = libs[0].cpf[r] /
						      libs[k].cpf[r];
	}
	printf("{\"frame_size\":%u,\"page\":\"%s\",\"rss\":%s,\"intr\":%s,"
	       "\"reps\":%u,\"frames_per_rep\":%llu,\"libs\":[",
	       o.frame_size, o.page_4k ? "4k" : "2m",
	       o.rss ? "true" : "false", o.intr ? "true" : "false", reps,
	       (unsigned long long)frames);
	for (k = 0; k < nlibs; k++) {
		struct lib *l = &libs[k];
		double m, lo, hi, rm, rlo, rhi;

		l->idle_cycles = l->idle(20000);
		l->counters(&l->cnt);
		m = median(l->cpf, reps, &lo, &hi);
		rm = median(&ratio[(size_t)k * reps], reps, &rlo, &rhi);
		printf("%s{\"path\":\"%s\",\"cycles_per_frame\":%.2f,"
		       "\"cycles_per_frame_min\":%.2f,"
		       "\"cycles_per_frame_max\":%.2f,"
		       "\"ratio_to_first\":%.3f,\"ratio_min\":%.3f,"
		       "\"ratio_max\":%.3f,\"idle_poll_cycles\":%.1f,"
		       "\"calls\":%llu,\"calls_dropped\":%llu,"
		       "\"iotlb_hits\":%llu,\"iotlb_misses\":%llu,"
		       "\"faults\":%llu,\"audited\":%llu,"
		       "\"audit_violations\":%llu,\"rx_reaped\":%llu,"
		       "\"tx_posted\":%llu,\"gprc\":%llu,\"gptc\":%llu,"
		       "\"rx_missed\":%llu}",
		       k ? "," : "", l->path, m, lo, hi, rm, rlo, rhi,
		       l->idle_cycles, (unsigned long long)l->calls,
		       (unsigned long long)l->dropped,
		       (unsigned long long)l->cnt.iotlb_hits,
		       (unsigned long long)l->cnt.iotlb_misses,
		       (unsigned long long)l->cnt.faults,
		       (unsigned long long)l->cnt.audited,
		       (unsigned long long)l->cnt.audit_violations,
		       (unsigned long long)l->cnt.rx_reaped,
		       (unsigned long long)l->cnt.tx_posted,
		       (unsigned long long)l->cnt.gprc,
		       (unsigned long long)l->cnt.gptc,
		       (unsigned long long)l->cnt.rx_missed);
	}
	printf("]}\n");
	return 0;
usage:
	fprintf(stderr, "usage: %s [--frames N] [--reps N] [--size B] "
		"[--page 4k|2m] [--rss] [--intr] LIB.so LIB.so ...\n",
		argv[0]);
	return 2;
}

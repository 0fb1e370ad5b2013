/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Latency of time-stamped packets, in nanoseconds.  Each receiving
 * stream has its own histogram (no sharing between lcores); they are
 * merged for the report.  Buckets are powers of two split into 16 linear
 * sub-buckets, so that percentiles are exact to 1/16 of their power of
 * two (6 %) for a fixed 8 KiB per stream, whatever the number of samples;
 * the report prints the power-of-two buckets.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>

#include "guardpmd.h"
#include "json.h"

#define SUB_BITS	4
#define NB_SUB		(1u << SUB_BITS)

struct gp_latency {
	uint64_t count, sum_ns, min_ns, max_ns;
	uint64_t hist[64][NB_SUB];
};

/* ns = cycles * mult >> 32: no division per packet. */
static uint64_t ns_mult, tsc_hz;

struct gp_latency *
gp_latency_new(void)
{
	struct gp_latency *l = calloc(1, sizeof(*l));

	if (tsc_hz == 0) {
		tsc_hz = rte_get_tsc_hz();
		ns_mult = (UINT64_C(1000000000) << 32) / tsc_hz;
	}
	if (l)
		l->min_ns = UINT64_MAX;
	return l;
}

void
gp_latency_free(struct gp_latency *l)
{
	free(l);
}

static inline void
bucket_of(uint64_t ns, unsigned int *b, unsigned int *sub)
{
	if (ns < NB_SUB) {
		*b = 0;
		*sub = ns;
		return;
	}
	*b = 63 - __builtin_clzll(ns);
	*sub = (ns >> (*b - SUB_BITS)) & (NB_SUB - 1);
}

/* Smallest and largest value of a (bucket, sub-bucket) cell. */
static void
cell_bounds(unsigned int b, unsigned int sub, uint64_t *lo, uint64_t *hi)
{
	if (b == 0) {
		*lo = *hi = sub;
		return;
	}
	*lo = (UINT64_C(1) << b) + ((uint64_t)sub << (b - SUB_BITS));
	*hi = *lo + (UINT64_C(1) << (b - SUB_BITS)) - 1;
}

void
gp_latency_add(struct gp_latency *l, uint64_t cycles)
{
	uint64_t ns;
	unsigned int b, sub;

	/* Products past 64 bits only for latencies over a second. */
	if (cycles < (UINT64_C(1) << 32))
		ns = (cycles * ns_mult) >> 32;
	else
		ns = cycles / tsc_hz * 1000000000 +
			(cycles % tsc_hz) * 1000000000 / tsc_hz;
	l->count++;
	l->sum_ns += ns;
	if (ns < l->min_ns)
		l->min_ns = ns;
	if (ns > l->max_ns)
		l->max_ns = ns;
	bucket_of(ns, &b, &sub);
	l->hist[b][sub]++;
}

void
gp_latency_merge(struct gp_latency *dst, const struct gp_latency *src)
{
	unsigned int b, s;

	if (src == NULL || src->count == 0)
		return;
	dst->count += src->count;
	dst->sum_ns += src->sum_ns;
	dst->min_ns = RTE_MIN(dst->min_ns, src->min_ns);
	dst->max_ns = RTE_MAX(dst->max_ns, src->max_ns);
	for (b = 0; b < 64; b++)
		for (s = 0; s < NB_SUB; s++)
			dst->hist[b][s] += src->hist[b][s];
}

uint64_t
gp_latency_count(const struct gp_latency *l)
{
	return l ? l->count : 0;
}

/*
 * The q-quantile (0 < q <= 1): the upper bound of the cell that holds
 * the sample of rank ceil(q * count), clamped to [min, max] so that
 * min <= p50 <= p99 <= p99.9 <= max always holds.
 */
static uint64_t
quantile(const struct gp_latency *l, double q)
{
	uint64_t rank = (uint64_t)(q * (double)l->count + 0.999999), seen = 0;
	uint64_t lo, hi;
	unsigned int b, s;

	if (rank == 0)
		rank = 1;
	for (b = 0; b < 64; b++)
		for (s = 0; s < NB_SUB; s++) {
			seen += l->hist[b][s];
			if (seen >= rank) {
				cell_bounds(b, s, &lo, &hi);
				return RTE_MAX(l->min_ns, RTE_MIN(hi, l->max_ns));
			}
		}
	return l->max_ns;
}

/* Samples in [2^b, 2^(b+1)) (b = 0: [0, 2)). */
static uint64_t
log2_bucket(const struct gp_latency *l, unsigned int b)
{
	uint64_t n = 0;
	unsigned int s;

	if (b >= SUB_BITS) {
		for (s = 0; s < NB_SUB; s++)
			n += l->hist[b][s];
		return n;
	}
	/* Below 16 ns the cells of bucket 0 are single values. */
	for (s = 0; s < NB_SUB; s++)
		if ((b == 0 && s < 2) || (b > 0 && s >= (1u << b) &&
					  s < (2u << b)))
			n += l->hist[0][s];
	return n;
}

void
gp_latency_print(FILE *f, const struct gp_latency *l)
{
	unsigned int b;

	if (l == NULL || l->count == 0) {
		fprintf(f, "latency: no time-stamped packet received\n");
		return;
	}
	fprintf(f, "latency (%" PRIu64 " samples, ns): min %" PRIu64
		" mean %.1f p50 %" PRIu64 " p99 %" PRIu64 " p99.9 %" PRIu64
		" max %" PRIu64 "\n", l->count, l->min_ns,
		(double)l->sum_ns / (double)l->count, quantile(l, 0.5),
		quantile(l, 0.99), quantile(l, 0.999), l->max_ns);
	fprintf(f, "latency histogram (ns, log2 buckets):\n");
	for (b = 0; b < 64; b++) {
		uint64_t n = log2_bucket(l, b);

		if (n == 0)
			continue;
		fprintf(f, "  [%12" PRIu64 ", %12" PRIu64 ") %12" PRIu64
			" %5.1f%%\n", b ? UINT64_C(1) << b : 0,
			UINT64_C(2) << b, n, 100.0 * (double)n /
			(double)l->count);
	}
}

void
gp_latency_json(struct gp_json *j, const struct gp_latency *l)
{
	unsigned int b;

	if (l == NULL || l->count == 0) {
		gp_json_null(j, "latency");
		return;
	}
	gp_json_obj_open(j, "latency");
	gp_json_u64(j, "samples", l->count);
	gp_json_u64(j, "min_ns", l->min_ns);
	gp_json_dbl(j, "mean_ns", (double)l->sum_ns / (double)l->count);
	gp_json_u64(j, "p50_ns", quantile(l, 0.5));
	gp_json_u64(j, "p99_ns", quantile(l, 0.99));
	gp_json_u64(j, "p999_ns", quantile(l, 0.999));
	gp_json_u64(j, "max_ns", l->max_ns);
	gp_json_arr_open(j, "histogram");
	for (b = 0; b < 64; b++) {
		uint64_t n = log2_bucket(l, b);

		if (n == 0)
			continue;
		gp_json_obj_open(j, NULL);
		gp_json_u64(j, "lo_ns", b ? UINT64_C(1) << b : 0);
		gp_json_u64(j, "hi_ns", UINT64_C(2) << b);
		gp_json_u64(j, "count", n);
		gp_json_obj_close(j);
	}
	gp_json_arr_close(j);
	gp_json_obj_close(j);
}

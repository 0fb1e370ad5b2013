/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * A minimal JSON writer into a growing buffer: the final results are
 * collected before the ports are closed and printed after the mbuf check,
 * so they cannot be streamed to stdout as they are produced.
 */
#ifndef GP_JSON_H
#define GP_JSON_H

#include <stdint.h>
#include <stdio.h>

#define GP_JSON_DEPTH 16

struct gp_json {
	char *buf;
	size_t len, cap;
	int depth;
	int count[GP_JSON_DEPTH];	/* members written at each level */
	int failed;			/* out of memory */
};

void gp_json_init(struct gp_json *j);
void gp_json_free(struct gp_json *j);
/* key is NULL inside arrays and at the top level. */
void gp_json_obj_open(struct gp_json *j, const char *key);
void gp_json_obj_close(struct gp_json *j);
void gp_json_arr_open(struct gp_json *j, const char *key);
void gp_json_arr_close(struct gp_json *j);
void gp_json_u64(struct gp_json *j, const char *key, uint64_t v);
void gp_json_i64(struct gp_json *j, const char *key, int64_t v);
void gp_json_dbl(struct gp_json *j, const char *key, double v);
void gp_json_str(struct gp_json *j, const char *key, const char *v);
void gp_json_bool(struct gp_json *j, const char *key, int v);
void gp_json_null(struct gp_json *j, const char *key);
/* Splice an already complete JSON value. */
void gp_json_raw(struct gp_json *j, const char *key, const char *raw);

#endif /* GP_JSON_H */

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>

#include "json.h"

void
gp_json_init(struct gp_json *j)
{
	memset(j, 0, sizeof(*j));
}

void
gp_json_free(struct gp_json *j)
{
	free(j->buf);
	memset(j, 0, sizeof(*j));
}

static void
put(struct gp_json *j, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (j->failed)
		return;
	for (;;) {
		size_t room = j->cap - j->len;

		va_start(ap, fmt);
		n = vsnprintf(j->buf ? j->buf + j->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			j->failed = 1;
			return;
		}
		if ((size_t)n < room) {
			j->len += n;
			return;
		}
		size_t cap = j->cap ? j->cap * 2 : 4096;

		while (cap - j->len <= (size_t)n)
			cap *= 2;
		char *nb = realloc(j->buf, cap);

		if (nb == NULL) {
			j->failed = 1;
			return;
		}
		j->buf = nb;
		j->cap = cap;
	}
}

static void
put_string(struct gp_json *j, const char *s)
{
	put(j, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			put(j, "\\%c", c);
		else if (c < 0x20)
			put(j, "\\u%04x", c);
		else
			put(j, "%c", c);
	}
	put(j, "\"");
}

/* Separator and key of the next member. */
static void
member(struct gp_json *j, const char *key)
{
	if (j->count[j->depth]++)
		put(j, ", ");
	if (key) {
		put_string(j, key);
		put(j, ": ");
	}
}

static void
open_(struct gp_json *j, const char *key, const char *c)
{
	member(j, key);
	put(j, "%s", c);
	if (j->depth < GP_JSON_DEPTH - 1)
		j->depth++;
	j->count[j->depth] = 0;
}

void
gp_json_obj_open(struct gp_json *j, const char *key)
{
	open_(j, key, "{");
}

void
gp_json_obj_close(struct gp_json *j)
{
	put(j, "}");
	if (j->depth > 0)
		j->depth--;
}

void
gp_json_arr_open(struct gp_json *j, const char *key)
{
	open_(j, key, "[");
}

void
gp_json_arr_close(struct gp_json *j)
{
	put(j, "]");
	if (j->depth > 0)
		j->depth--;
}

void
gp_json_u64(struct gp_json *j, const char *key, uint64_t v)
{
	member(j, key);
	put(j, "%" PRIu64, v);
}

void
gp_json_i64(struct gp_json *j, const char *key, int64_t v)
{
	member(j, key);
	put(j, "%" PRId64, v);
}

void
gp_json_dbl(struct gp_json *j, const char *key, double v)
{
	member(j, key);
	/* JSON has no NaN or infinity. */
	if (isfinite(v))
		put(j, "%.6g", v);
	else
		put(j, "null");
}

void
gp_json_str(struct gp_json *j, const char *key, const char *v)
{
	member(j, key);
	put_string(j, v ? v : "");
}

void
gp_json_bool(struct gp_json *j, const char *key, int v)
{
	member(j, key);
	put(j, v ? "true" : "false");
}

void
gp_json_null(struct gp_json *j, const char *key)
{
	member(j, key);
	put(j, "null");
}

void
gp_json_raw(struct gp_json *j, const char *key, const char *raw)
{
	member(j, key);
	put(j, "%s", raw);
}

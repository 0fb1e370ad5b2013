/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_log.h>

#include "log_capture.h"

#define CAPTURE_MAX	(4u << 20)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char buf[CAPTURE_MAX + 1];
static size_t used;

static ssize_t
capture_write(void *cookie, const char *data, size_t len)
{
	size_t n;

	(void)cookie;
	pthread_mutex_lock(&lock);
	n = len < CAPTURE_MAX - used ? len : CAPTURE_MAX - used;
	memcpy(buf + used, data, n);
	used += n;
	buf[used] = '\0';
	pthread_mutex_unlock(&lock);
	/* Passed on; if stderr is gone, the copy is what matters. */
	if (write(STDERR_FILENO, data, len) < 0)
		n = 0;
	return (ssize_t)len;
}

int
log_capture_start(void)
{
	static const cookie_io_functions_t io = { .write = capture_write };
	FILE *f = fopencookie(NULL, "w", io);

	if (f == NULL)
		return -1;
	setvbuf(f, NULL, _IOLBF, 0);
	return rte_openlog_stream(f);
}

size_t
log_capture_mark(void)
{
	size_t m;

	pthread_mutex_lock(&lock);
	m = used;
	pthread_mutex_unlock(&lock);
	return m;
}

unsigned int
log_capture_count(size_t mark, const char *a, const char *b)
{
	unsigned int n = 0;
	const char *p;

	pthread_mutex_lock(&lock);
	for (p = buf + (mark < used ? mark : used);
	     (p = strstr(p, a)) != NULL; p += strlen(a)) {
		const char *eol = strchr(p, '\n');
		const char *q = b != NULL ? strstr(p, b) : p;

		if (q != NULL && (eol == NULL || q < eol))
			n++;
	}
	pthread_mutex_unlock(&lock);
	return n;
}

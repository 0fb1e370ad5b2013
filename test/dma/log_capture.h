/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The DPDK log of a test program, kept so that the test can look for the
 * lines the library or the PMD printed, and passed on to stderr.  Lines
 * arrive from any thread (the EAL's interrupt thread among them): the
 * buffer is guarded, and searched under the same guard.
 */
#ifndef LOG_CAPTURE_H
#define LOG_CAPTURE_H

#include <stddef.h>

/* Send the DPDK log here from now on.  Returns 0 or -1. */
int log_capture_start(void);

/* Bytes captured so far: a mark for log_capture_count(). */
size_t log_capture_mark(void);

/*
 * Number of lines captured after 'mark' that contain 'a' and, after it on
 * the same line, 'b' (NULL: any).
 */
unsigned int log_capture_count(size_t mark, const char *a, const char *b);

#endif /* LOG_CAPTURE_H */

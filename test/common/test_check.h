/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The check of the C test programs: one line per check, "ok: ..." or
 * "FAIL: ...", the condition evaluated once (it may have side effects:
 * an ioctl, a DMA), failures counted for the exit code.  Include it once
 * per program; a program of several files that check defines
 * TEST_CHECK_SHARED before including it in each of them, and the count,
 * "int failures;", in one.
 */
#ifndef TEST_CHECK_H
#define TEST_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#ifdef TEST_CHECK_SHARED
extern int failures;
#else
static int failures;
#endif

#define CHECK(cond, ...) do {						\
	bool ok_ = (cond);						\
									\
	printf("%s: ", ok_ ? "ok" : "FAIL");				\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!ok_)							\
		failures++;						\
} while (0)

#endif /* TEST_CHECK_H */

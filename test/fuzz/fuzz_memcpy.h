/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Forced in front of the driver sources a fuzzer builds (-include): the
 * driver's rte_memcpy() calls become memcpy(), which ASan checks as a
 * whole (both ranges), and clang does not instrument DPDK's large inline
 * copy routine at every call site (minutes of compile time).
 */
#ifndef FUZZ_MEMCPY_H
#define FUZZ_MEMCPY_H

#include <string.h>

#include <rte_memcpy.h>

#undef rte_memcpy
#define rte_memcpy(dst, src, n) memcpy((dst), (src), (n))

#endif /* FUZZ_MEMCPY_H */

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * EAL options a whole test run forces on every DPDK program it starts
 * (devtools/test.sh --max-simd-bitwidth N exports
 * IXGUARD_TEST_MAX_SIMD_BITWIDTH=N): the test programs call this before
 * rte_eal_init().  The Python helpers do the same for testpmd, dpdk-test
 * and guardpmd (ixemu_testlib.eal_forced_args()).
 */
#ifndef IXGUARD_TEST_EAL_ARGS_H
#define IXGUARD_TEST_EAL_ARGS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IXGUARD_TEST_SIMD_ENV	"IXGUARD_TEST_MAX_SIMD_BITWIDTH"

/*
 * The forced options go right after argv[0] (the EAL's options come
 * first in every test program); *argc and *argv are replaced (the new
 * vector is never freed: it lives as long as the EAL's copy of it).
 */
static inline void
test_eal_args(int *argc, char ***argv)
{
	static char opt[64];
	const char *v = getenv(IXGUARD_TEST_SIMD_ENV);
	char **nv;
	int i;

	if (v == NULL || *v == '\0' || *argc < 1)
		return;
	/* The EAL refuses the option twice: the program's own wins. */
	for (i = 1; i < *argc; i++)
		if (strncmp((*argv)[i], "--force-max-simd-bitwidth",
			    strlen("--force-max-simd-bitwidth")) == 0)
			return;
	nv = calloc((size_t)*argc + 2, sizeof(*nv));
	if (nv == NULL)
		return;
	snprintf(opt, sizeof(opt), "--force-max-simd-bitwidth=%s", v);
	nv[0] = (*argv)[0];
	nv[1] = opt;
	memcpy(&nv[2], &(*argv)[1], ((size_t)*argc - 1) * sizeof(*nv));
	nv[*argc + 1] = NULL;
	*argv = nv;
	(*argc)++;
}

#endif /* IXGUARD_TEST_EAL_ARGS_H */

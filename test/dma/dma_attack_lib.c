/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_eal.h>

#include "dma_attack_lib.h"
#include "telemetry_query.h"
#include "../test_eal_args.h"

struct platform_calls platform;

bool
platform_find(unsigned int need)
{
	bool found = true;

/* platform.<field> is ixemu_<field>. */
#define FIND(field, bit) do {						\
	platform.field = (__typeof__(platform.field))			\
		dlsym(RTLD_DEFAULT, "ixemu_" #field);			\
	if ((need & (bit)) != 0 && platform.field == NULL)		\
		found = false;						\
} while (0)
	FIND(dma_attack, PLATFORM_DMA_ATTACK);
	FIND(fault_log, PLATFORM_FAULT_LOG);
	FIND(domain_id, PLATFORM_DOMAIN_ID);
	FIND(domain_mappings, PLATFORM_DOMAIN_MAPPINGS);
	FIND(peek_reg, PLATFORM_PEEK_REG);
	FIND(audit_violations, PLATFORM_AUDIT_VIOLATIONS);
	FIND(forge_writeback, PLATFORM_FORGE_WRITEBACK);
	FIND(forged_writebacks, PLATFORM_FORGED_WRITEBACKS);
#undef FIND
	return found;
}

uint64_t
faults_now(void)
{
	struct ixemu_fault f;

	return platform.fault_log(&f, 0);
}

bool
fault_on(uint64_t from, const char *fn, uint64_t page, bool write)
{
	static struct ixemu_fault log[256];
	uint64_t n = platform.fault_log(log, RTE_DIM(log)), i;

	for (i = from; i < n && i < RTE_DIM(log); i++)
		if (log[i].write == write && strcmp(log[i].function, fn) == 0 &&
		    log[i].iova >= page && log[i].iova < page + 4096)
			return true;
	return false;
}

bool
telemetry_reported_fault(bool write, uint64_t page)
{
	static char json[32768];
	char want[96], last[256];

	snprintf(want, sizeof(want), "%s iova=0x%" PRIx64 " by "
		 "0000:00:10.0 ", write ? "write" : "read", page);
	return telemetry_query("/ixguard/dma_domain,0", json,
			       sizeof(json)) > 0 &&
	       telemetry_last_string(json, "recent_faults", last,
				     sizeof(last)) == 0 &&
	       strncmp(last, want, strlen(want)) == 0;
}

bool
page_intact(const uint8_t *p)
{
	unsigned int i;

	for (i = 0; i < 4096; i++)
		if (p[i] != CANARY)
			return false;
	return true;
}

bool
eal_init_skip(int *argc, char ***argv)
{
	int n;

	test_eal_args(argc, argv);
	n = rte_eal_init(*argc, *argv);

	if (n < 0)
		return false;
	*argc -= n;
	*argv += n;
	return true;
}

bool
dma_mode_valid(const char *mode)
{
	return strcmp(mode, "shared") == 0 || strcmp(mode, "port") == 0 ||
	       strcmp(mode, "strict") == 0 || strcmp(mode, "shadow") == 0;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * libFuzzer target for dmaguard's kernel-log parser (dmaguard_kmsg.c):
 * a record is whatever a process with CAP_SYSLOG, or a confused kernel,
 * put in the log.  Besides ASan and UBSan, the target checks what the
 * parser promises: a known answer, an address a PCI bus could hold, and
 * strings that end and print.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dmaguard.h"

static void
must(int cond)
{
	if (!cond)
		abort();
}

static int
printable(const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (n == max)
		return 0;
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmaguard_fault f;
	uint64_t suppressed;
	int t;

	t = dmaguard_kmsg_parse((const char *)data, size, &f, &suppressed);
	must(t == DMAGUARD_KMSG_OTHER || t == DMAGUARD_KMSG_FAULT ||
	     t == DMAGUARD_KMSG_SUPPRESSED);
	if (t == DMAGUARD_KMSG_FAULT) {
		must(f.dev_known);
		must(f.dir == DMAGUARD_FAULT_READ ||
		     f.dir == DMAGUARD_FAULT_WRITE);
		must(f.dev.devid <= 0x1f && f.dev.function <= 7);
		must(f.dev_has_domain || f.dev.domain == 0);
		must(printable(f.iommu, sizeof(f.iommu)));
		must(printable(f.reason, sizeof(f.reason)));
	} else {
		must(!f.dev_known && f.iova == 0);
	}
	must(t == DMAGUARD_KMSG_SUPPRESSED || suppressed == 0);
	return 0;
}

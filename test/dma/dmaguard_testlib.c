/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_log.h>
#include <rte_vfio.h>

#include "dma_attack_lib.h"
#include "dmaguard_testlib.h"
#include "../test_eal_args.h"

bool
dmaguard_test_start(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!platform_find(PLATFORM_DOMAIN_ID | PLATFORM_DOMAIN_MAPPINGS)) {
		fprintf(stderr, "run me under devtools/ixemu\n");
		return false;
	}
	test_eal_args(&argc, &argv);
	if (rte_eal_init(argc, argv) < 0)
		return false;
	rte_log_set_level_pattern("lib.dmaguard", RTE_LOG_INFO);
	return true;
}

static int
ivl_cmp(const void *a, const void *b)
{
	const struct ivl *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

unsigned int
ivl_merge(struct ivl *v, unsigned int n)
{
	unsigned int i, k = 0;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), ivl_cmp);
	for (i = 1; i < n; i++) {
		if (v[i].start <= v[k].end) {
			if (v[i].end > v[k].end)
				v[k].end = v[i].end;
		} else {
			v[++k] = v[i];
		}
	}
	return k + 1;
}

bool
ivl_equal(const struct ivl *a, unsigned int na, const struct ivl *b,
	  unsigned int nb)
{
	return na == nb && memcmp(a, b, na * sizeof(*a)) == 0;
}

bool
ivl_hits(const struct ivl *v, unsigned int n, uint64_t s, uint64_t e)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (v[i].start < e && s < v[i].end)
			return true;
	return false;
}

int
domain_id(unsigned int fn)
{
	return platform.domain_id(fn);
}

struct ixemu_mapping imaps[DOMAIN_MAPS_MAX];

unsigned int
domain_union(unsigned int fn, struct ivl *v, int *nmaps)
{
	int n = platform.domain_mappings(fn, imaps, RTE_DIM(imaps));
	int i;

	*nmaps = n;
	for (i = 0; i < n && i < (int)RTE_DIM(imaps); i++) {
		v[i].start = imaps[i].iova;
		v[i].end = imaps[i].iova + imaps[i].size;
	}
	return ivl_merge(v, (unsigned int)i);
}

const char *
sysfs(void)
{
	const char *p = getenv("SYSFS_PCI_DEVICES");

	return p ? p : "/sys/bus/pci/devices";
}

int
setup_device(const char *name, int *fd)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };

	return rte_vfio_setup_device(sysfs(), name, fd, &info);
}

int
domain_open(struct dmaguard_domain **d, const char *name,
	    enum dmaguard_mode mode, const char *pci, int *fd)
{
	int ret;

	*d = dmaguard_domain_create(name, mode);
	ret = *d ? dmaguard_attach_name(*d, pci) : -1;
	if (ret == 0)
		ret = setup_device(pci, fd);
	return ret;
}

int
domain_close(struct dmaguard_domain *d, const char *pci, int fd)
{
	rte_vfio_release_device(sysfs(), pci, fd);
	return dmaguard_domain_destroy(d);
}

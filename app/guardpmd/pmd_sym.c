/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stddef.h>
#include <string.h>

#include "pmd_sym.h"
#include "rte_pmd_ixguard.h"

struct lookup {
	const char *name;
	void *sym;
};

static int
lookup_in(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct lookup *l = arg;
	void *h;

	(void)size;
	if (info->dlpi_name == NULL || info->dlpi_name[0] == '\0')
		return 0;
	/* Only objects already loaded: RTLD_NOLOAD never loads anything. */
	h = dlopen(info->dlpi_name, RTLD_LAZY | RTLD_NOLOAD);
	if (h == NULL)
		return 0;
	l->sym = dlsym(h, l->name);
	dlclose(h);
	return l->sym != NULL;
}

void *
pmd_sym(const char *name)
{
	struct lookup l = { .name = name, .sym = NULL };

	l.sym = dlsym(RTLD_DEFAULT, name);
	if (l.sym == NULL)
		dl_iterate_phdr(lookup_in, &l);
	return l.sym;
}

int
pmd_dma_domain_get(uint16_t port_id, struct rte_pmd_ixguard_dma_domain *d,
		   struct rte_pmd_ixguard_dma_mapping *maps,
		   uint32_t max_mappings)
{
	rte_pmd_ixguard_dma_domain_get_t fn = (rte_pmd_ixguard_dma_domain_get_t)
		pmd_sym(RTE_PMD_IXGUARD_DMA_DOMAIN_GET);

	if (fn == NULL)
		return -ENOSYS;
	memset(d, 0, sizeof(*d));
	d->version = RTE_PMD_IXGUARD_DMA_API_VERSION;
	d->max_mappings = max_mappings;
	d->mappings = maps;
	return fn(port_id, d);
}

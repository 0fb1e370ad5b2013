/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * A malicious device on demand, for an unmodified DPDK application on the
 * emulated platform: loaded with '-d' next to the PMD, this plugin adds
 * the telemetry command
 *
 *   /ixemu/dma,<function>,read|write,<iova>,<len>
 *
 * which makes emulated function <function> perform one DMA of <len>
 * bytes (1..4096) at <iova> through its IOMMU domain, now
 * (ixemu_dma_attack() of the preloaded platform library, found with
 * dlsym).  A write writes bytes 0xee.  The reply says whether the IOMMU
 * let it through or refused it (a fault in the platform's fault log and
 * in the emulated kernel log, where the driver reads it).
 * devtools/dma-domain-pictures.py uses it to put a fault in a picture.
 *
 * Outside devtools/ixemu the command answers an error and does nothing.
 * Never load it into a process whose memory matters: a write the IOMMU
 * allows lands.
 */
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_telemetry.h>

typedef int (*dma_attack_fn)(unsigned int fn, uint64_t iova, uint64_t len,
			     int write, void *data);

static int
parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (s == NULL || *s == '\0' || *s == '-')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

static int
telemetry_dma(const char *cmd __rte_unused, const char *params,
	      struct rte_tel_data *d)
{
	char buf[128], *save = NULL, *tok[5];
	unsigned char data[4096];
	dma_attack_fn attack;
	uint64_t fn, iova, len;
	int write, n = 0, ret;

	if (params == NULL || strlen(params) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, params);
	for (char *t = strtok_r(buf, ",", &save); t != NULL;
	     t = strtok_r(NULL, ",", &save)) {
		if ((size_t)n == RTE_DIM(tok))
			return -EINVAL;
		tok[n++] = t;
	}
	if (n != 4 || parse_u64(tok[0], &fn) != 0 || fn > 7 ||
	    parse_u64(tok[2], &iova) != 0 || parse_u64(tok[3], &len) != 0 ||
	    len == 0 || len > sizeof(data))
		return -EINVAL;
	if (strcmp(tok[1], "write") == 0)
		write = 1;
	else if (strcmp(tok[1], "read") == 0)
		write = 0;
	else
		return -EINVAL;
	attack = (dma_attack_fn)dlsym(RTLD_DEFAULT, "ixemu_dma_attack");
	if (attack == NULL)
		return -ENOTSUP;	/* not on the emulated platform */
	memset(data, 0xee, sizeof(data));
	ret = attack((unsigned int)fn, iova, len, write, data);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "function", fn);
	rte_tel_data_add_dict_string(d, "dir", write ? "write" : "read");
	rte_tel_data_add_dict_u64(d, "iova", iova);
	rte_tel_data_add_dict_u64(d, "len", len);
	rte_tel_data_add_dict_string(d, "result", ret == 0 ? "through" :
				     ret == -EFAULT ? "refused" : "error");
	return 0;
}

RTE_INIT(ixemu_dma_poke_init)
{
	rte_telemetry_register_cmd("/ixemu/dma", telemetry_dma,
		"One DMA by an emulated function, through its IOMMU domain "
		"(emulated platform only). Parameters: "
		"function,read|write,iova,len");
}

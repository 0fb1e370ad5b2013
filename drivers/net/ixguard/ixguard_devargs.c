/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Device arguments ("-a 0000:00:10.0,link_wait_ms=500").  Unknown keys
 * and malformed values fail the probe with one log line.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_devargs.h>
#include <rte_kvargs.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_rxtx.h"

#define IXGUARD_ARG_LINK_WAIT_MS	"link_wait_ms"
#define IXGUARD_LINK_WAIT_MS_DEFAULT	1000
#define IXGUARD_LINK_WAIT_MS_MAX	10000
#define IXGUARD_ARG_DMA_ISOLATION	"dma_isolation"
#define IXGUARD_ARG_RX_PATH		"rx_path"
#define IXGUARD_ARG_TX_PATH		"tx_path"

const char ixguard_devargs_help[] =
	IXGUARD_ARG_LINK_WAIT_MS "=<0-10000> "
	IXGUARD_ARG_DMA_ISOLATION "=shared|port|strict|shadow "
	IXGUARD_ARG_RX_PATH "=auto|scalar|sse|avx2 "
	IXGUARD_ARG_TX_PATH "=auto|scalar|sse|avx2";

static const char *const ixguard_valid_args[] = {
	IXGUARD_ARG_LINK_WAIT_MS,
	IXGUARD_ARG_DMA_ISOLATION,
	IXGUARD_ARG_RX_PATH,
	IXGUARD_ARG_TX_PATH,
	NULL,
};

struct ixguard_arg_ctx {
	const char *name;
	int err;
	struct ixguard_devargs da;	/* parsed values, copied out on success */
};

static int
ixguard_parse_u32(const char *key, const char *value, uint32_t max,
		  uint32_t *out, struct ixguard_arg_ctx *ctx)
{
	unsigned long v;
	char *end = NULL;

	if (value == NULL || *value == '\0' || *value == '-') {
		v = 0;
		goto bad;
	}
	errno = 0;
	v = strtoul(value, &end, 0);
	if (errno != 0 || end == NULL || *end != '\0' || v > max)
		goto bad;
	*out = (uint32_t)v;
	return 0;
bad:
	IXG_LOG(ERR, "%s: invalid devarg %s=%s (expected 0..%u)",
		ctx->name, key, value ? value : "", max);
	ctx->err = -EINVAL;
	return -EINVAL;
}

static int
ixguard_arg_link_wait(const char *key, const char *value, void *opaque)
{
	struct ixguard_arg_ctx *ctx = opaque;

	return ixguard_parse_u32(key, value, IXGUARD_LINK_WAIT_MS_MAX,
				 &ctx->da.link_wait_ms, ctx);
}

static int
ixguard_arg_dma_isolation(const char *key, const char *value, void *opaque)
{
	struct ixguard_arg_ctx *ctx = opaque;

	if (value != NULL &&
	    dmaguard_mode_parse(value, &ctx->da.dma_isolation) == 0)
		return 0;
	IXG_LOG(ERR, "%s: invalid devarg %s=%s (expected shared, port, "
		"strict or shadow)", ctx->name, key, value ? value : "");
	ctx->err = -EINVAL;
	return -EINVAL;
}

/*
 * rx_path, tx_path: a family of burst functions the selector must pick
 * from (ixguard_rxtx_select.c).  A family this build does not have is
 * refused here; one the CPU or the configuration cannot run, at
 * dev_start.
 */
static int
ixguard_arg_path(const char *key, const char *value, void *opaque)
{
	struct ixguard_arg_ctx *ctx = opaque;
	bool rx = strcmp(key, IXGUARD_ARG_RX_PATH) == 0;

	if (ixguard_path_family_parse(value, rx, rx ? &ctx->da.rx_path :
						   &ctx->da.tx_path) == 0)
		return 0;
	IXG_LOG(ERR, "%s: invalid devarg %s=%s (expected %s)", ctx->name,
		key, value ? value : "", ixguard_path_families());
	ctx->err = -EINVAL;
	return -EINVAL;
}

int
ixguard_devargs_parse(struct ixguard_devargs *da,
		      const struct rte_devargs *devargs, const char *name)
{
	struct ixguard_arg_ctx ctx;
	struct rte_kvargs *kvl;
	int ret;

	da->link_wait_ms = IXGUARD_LINK_WAIT_MS_DEFAULT;
	/*
	 * By default the device reaches no byte the CPU trusts: no mbuf
	 * header, no heap metadata, no packet already delivered.
	 */
	da->dma_isolation = DMAGUARD_MODE_SHADOW;
	da->rx_path = NULL;	/* auto */
	da->tx_path = NULL;
	if (devargs == NULL || devargs->args == NULL ||
	    devargs->args[0] == '\0')
		return 0;

	kvl = rte_kvargs_parse(devargs->args, ixguard_valid_args);
	if (kvl == NULL) {
		IXG_LOG(ERR, "%s: invalid devargs \"%s\" (supported: %s)",
			name, devargs->args, ixguard_devargs_help);
		return -EINVAL;
	}
	ctx.name = name;
	ctx.err = 0;
	ctx.da = *da;
	ret = rte_kvargs_process(kvl, IXGUARD_ARG_LINK_WAIT_MS,
				 ixguard_arg_link_wait, &ctx);
	if (ret == 0)
		ret = rte_kvargs_process(kvl, IXGUARD_ARG_DMA_ISOLATION,
					 ixguard_arg_dma_isolation, &ctx);
	if (ret == 0)
		ret = rte_kvargs_process(kvl, IXGUARD_ARG_RX_PATH,
					 ixguard_arg_path, &ctx);
	if (ret == 0)
		ret = rte_kvargs_process(kvl, IXGUARD_ARG_TX_PATH,
					 ixguard_arg_path, &ctx);
	rte_kvargs_free(kvl);
	if (ret != 0 || ctx.err != 0)
		return -EINVAL;
	*da = ctx.da;
	return 0;
}

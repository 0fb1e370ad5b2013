/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The bridge between the device model and the platform (struct
 * ixm_host_ops): every DMA of a function goes through the IOMMU domain of
 * the container its group is bound to, and a refused one is recorded in
 * the platform's fault log (vemu_record_fault()); MSI-X vectors become
 * eventfd writes; the audit checks the addresses the driver programs;
 * frames go to the function's wire.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ixemu.h"
#include "ixm.h"
#include "vfioemu.h"

struct iommu_domain *
vemu_fn_domain(struct vemu_fn *fn)
{
	struct vemu_container *c = fn->group.container;

	if (c == NULL || !c->iommu_set)
		return NULL;
	return &c->dom;
}

/* ---- host services for the device model ---- */

static void *
host_dma_ptr(void *ctx, uint64_t iova, size_t len, enum ixm_dma_dir dir)
{
	struct vemu_fn *fn = ctx;
	struct iommu_domain *dom = vemu_fn_domain(fn);
	uint32_t prot = dir == IXM_DMA_WRITE ? IOMMU_PROT_WRITE :
					       IOMMU_PROT_READ;
	void *p = NULL;

	if (dom != NULL)
		p = iommu_translate(dom, iova, len, prot);
	if (p == NULL) {
		if (dom != NULL)
			dom->faults++;
		vemu_record_fault(fn, iova, len, dir == IXM_DMA_WRITE,
				  dom ? "dma" : "dma-no-domain");
	} else if (dir == IXM_DMA_WRITE && vemu_sync_on) {
		/* flushed after the step (sync.c, the cache model) */
		vemu_sync_note_write(p, len);
	}
	return p;
}

static void
host_msix(void *ctx, unsigned int vector)
{
	struct vemu_fn *fn = ctx;
	uint64_t one = 1;
	int efd;

	if (vector >= IXM_MSIX_VECTORS)
		return;
	efd = fn->msix_efd[vector];
	if (efd >= 0 && write(efd, &one, sizeof(one)) < 0)
		vemu_log("%s: MSI-X vector %u: %s", fn->bdf, vector,
			 strerror(errno));
}

/*
 * The audit: is an address the driver programmed fully inside the domain?
 * Looked up in the mapping table, not through the IOTLB, so the audit
 * does not disturb the IOTLB counters.
 */
static void
host_audit_addr(void *ctx, uint64_t iova, size_t len, const char *what)
{
	struct vemu_fn *fn = ctx;
	struct iommu_domain *dom = vemu_fn_domain(fn);
	uint64_t cur = iova, end = iova + (len ? len : 1);

	fn->audited++;
	if (end < iova || dom == NULL)
		goto violation;
	/* Per packet: the mapping the last address fell in usually holds. */
	if (iova >= fn->audit_lo && end <= fn->audit_hi)
		return;
	while (cur < end) {
		const struct iommu_mapping *m = iommu_lookup(dom, cur);

		if (m == NULL)
			goto violation;
		if (cur == iova) {
			fn->audit_lo = m->iova;
			fn->audit_hi = m->iova + m->size;
		}
		cur = m->iova + m->size;
	}
	return;
violation:
	if (fn->audit_violations++ < 8)
		vemu_log("%s: audit: the driver handed the device %s "
			 "iova=0x%" PRIx64 " len=%zu outside its domain",
			 fn->bdf, what, iova, len);
}

static void
host_wire_tx(void *ctx, const void *frame, size_t len)
{
	vemu_wire_tx(ctx, frame, len);
}

/*
 * The port's transmitter changed (laser, module, link disable, rate):
 * the far end of the cable sees it.  Under the platform lock, as every
 * model call; the far end may be the port itself (loop wire).
 */
static void
host_tx_signal(void *ctx, unsigned int sig)
{
	struct vemu_fn *fn = ctx;

	if (fn->peer != NULL && fn->peer->ixm != NULL)
		ixm_set_rx_signal(fn->peer->ixm, sig);
}

void
vemu_host_ops(struct vemu_fn *fn, struct ixm_host_ops *ops)
{
	memset(ops, 0, sizeof(*ops));
	ops->ctx = fn;
	ops->dma_ptr = host_dma_ptr;
	ops->msix = host_msix;
	ops->audit_addr = host_audit_addr;
	ops->wire_tx = host_wire_tx;
	ops->tx_signal = host_tx_signal;
}

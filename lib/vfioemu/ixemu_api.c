/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The platform's query API for tests (ixemu.h): counters, the fault log,
 * register peeks and trap counts, cables, IOMMU domains, the
 * malicious-device DMA, forged write-backs on demand and the DMA-address
 * audit.  Every function takes
 * the platform lock.
 */
#include <errno.h>
#include <string.h>

#include "ixemu.h"
#include "ixm.h"
#include "vfioemu.h"

void
ixemu_iommu_counters(struct ixemu_iommu_counters *c)
{
	vemu_lock();
	vemu_sum_counters(c);
	vemu_unlock();
}

uint64_t
ixemu_fault_log(struct ixemu_fault *out, size_t max)
{
	uint64_t n;

	vemu_lock();
	n = vemu_fault_copy(out, max);
	vemu_unlock();
	return n;
}

unsigned int
ixemu_num_functions(void)
{
	return vemu.nfn;
}

uint32_t
ixemu_peek_reg(unsigned int fn, uint32_t off)
{
	uint32_t v;

	if (fn >= vemu.nfn || off >= IXM_BAR0_SIZE || (off & 3))
		return 0xffffffff;
	memcpy(&v, vemu.fn[fn].bar_model[0] + off, sizeof(v));
	return v;
}

/* A counter of function fn's model, read under the lock (0: bad fn). */
static uint64_t
model_count(unsigned int fn, uint64_t (*get)(const struct ixm_dev *))
{
	uint64_t n;

	if (fn >= vemu.nfn || vemu.fn[fn].ixm == NULL)
		return 0;
	vemu_lock();
	n = get(vemu.fn[fn].ixm);
	vemu_unlock();
	return n;
}

uint64_t
ixemu_hostile_writebacks(unsigned int fn)
{
	return model_count(fn, ixm_hostile_count);
}

int
ixemu_forge_writeback(unsigned int fn, unsigned int queue, const char *kind,
		      uint64_t arg)
{
	int k = ixm_forge_kind_by_name(kind), ret;

	if (fn >= vemu.nfn || vemu.fn[fn].ixm == NULL || k < 0)
		return -EINVAL;
	vemu_lock();
	ret = ixm_forge_arm(vemu.fn[fn].ixm, queue, (enum ixm_forge_kind)k,
			    arg);
	vemu_unlock();
	return ret;
}

uint64_t
ixemu_forged_writebacks(unsigned int fn)
{
	return model_count(fn, ixm_forge_count);
}

int
ixemu_set_cable(unsigned int fn, int connected)
{
	if (fn >= vemu.nfn)
		return -EINVAL;
	vemu_lock();
	vemu_set_cable(&vemu.fn[fn], connected != 0);
	vemu_unlock();
	return 0;
}

int
ixemu_sfp_set(unsigned int fn, const void *eeprom, size_t len)
{
	int ret;

	if (fn >= vemu.nfn)
		return -EINVAL;
	vemu_lock();
	ret = ixm_sfp_set(vemu.fn[fn].ixm, eeprom, len);
	vemu_unlock();
	return ret;
}

int
ixemu_sfp_get(unsigned int fn, void *buf, size_t max)
{
	size_t n;

	if (fn >= vemu.nfn)
		return -EINVAL;
	vemu_lock();
	n = ixm_sfp_get(vemu.fn[fn].ixm, buf, max);
	vemu_unlock();
	return (int)n;
}

int
ixemu_led(unsigned int fn, unsigned int led)
{
	int ret;

	if (fn >= vemu.nfn)
		return -EINVAL;
	vemu_lock();
	ret = ixm_led(vemu.fn[fn].ixm, led);
	vemu_unlock();
	return ret;
}

int
ixemu_domain_id(unsigned int fn)
{
	struct vemu_container *c;
	int id = 0;

	if (fn >= vemu.nfn)
		return -EINVAL;
	vemu_lock();
	c = vemu.fn[fn].group.container;
	if (c != NULL && c->iommu_set)
		id = (int)c->seq;
	vemu_unlock();
	return id;
}

int
ixemu_domain_mappings(unsigned int fn, struct ixemu_mapping *out, size_t max)
{
	const struct iommu_domain *dom;
	size_t i;
	int n = 0;

	if (fn >= vemu.nfn)
		return -EINVAL;
	vemu_lock();
	dom = vemu_fn_domain(&vemu.fn[fn]);
	if (dom != NULL) {
		for (i = 0; i < dom->nmaps && i < max; i++) {
			const struct iommu_mapping *m = &dom->maps[i];

			out[i].iova = m->iova;
			out[i].size = m->size;
			out[i].vaddr = (uint64_t)(uintptr_t)m->vaddr;
			out[i].prot = m->prot;
			out[i].page_shift = m->page_shift;
		}
		n = (int)dom->nmaps;
	}
	vemu_unlock();
	return n;
}

int
ixemu_dma_attack(unsigned int fn, uint64_t iova, uint64_t len, int write,
		 void *data)
{
	struct vemu_fn *f;
	struct iommu_domain *dom;
	void *p = NULL;

	if (fn >= vemu.nfn)
		return -EINVAL;
	f = &vemu.fn[fn];
	vemu_lock();
	dom = vemu_fn_domain(f);
	if (dom != NULL)
		p = iommu_translate(dom, iova, len, write ? IOMMU_PROT_WRITE :
							    IOMMU_PROT_READ);
	if (p == NULL) {
		if (dom != NULL)
			dom->faults++;
		vemu_record_fault(f, iova, len, write != 0, "attack");
		vemu_unlock();
		return -EFAULT;
	}
	if (write)
		memcpy(p, data, len);
	else
		memcpy(data, p, len);
	vemu_unlock();
	return 0;
}

uint64_t
ixemu_audit_violations(unsigned int fn, uint64_t *audited)
{
	uint64_t v;

	if (fn >= vemu.nfn)
		return 0;
	vemu_lock();
	v = vemu.fn[fn].audit_violations;
	if (audited != NULL)
		*audited = vemu.fn[fn].audited;
	vemu_unlock();
	return v;
}


uint64_t
ixemu_mmio_traps(unsigned int fn)
{
	uint64_t n;

	if (fn >= vemu.nfn)
		return 0;
	vemu_lock();
	n = vemu.fn[fn].mmio_traps;
	vemu_unlock();
	return n;
}

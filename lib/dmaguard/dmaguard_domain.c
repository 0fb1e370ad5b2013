/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Domains: their VFIO container, the devices attached to them and the
 * start/stop accounting that orders unmapping after quiescence.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/vfio.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memzone.h>
#include <rte_vfio.h>

#include "dmaguard_priv.h"

RTE_LOG_REGISTER(dmaguard_logtype, lib.dmaguard, NOTICE);

static const char *const mode_names[] = {
	[DMAGUARD_MODE_SHARED] = "shared",
	[DMAGUARD_MODE_PORT] = "port",
	[DMAGUARD_MODE_STRICT] = "strict",
	[DMAGUARD_MODE_SHADOW] = "shadow",
};

int
dmaguard_mode_parse(const char *str, enum dmaguard_mode *mode)
{
	unsigned int i;

	if (str == NULL || mode == NULL)
		return -EINVAL;
	for (i = 0; i < RTE_DIM(mode_names); i++) {
		if (strcmp(str, mode_names[i]) == 0) {
			*mode = (enum dmaguard_mode)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *
dmaguard_mode_name(enum dmaguard_mode mode)
{
	if ((unsigned int)mode >= RTE_DIM(mode_names))
		return "?";
	return mode_names[mode];
}

struct dmaguard_domain *
dmaguard_domain_create(const char *name, enum dmaguard_mode mode)
{
	static unsigned int seq;
	const struct rte_memzone *mz;
	struct dmaguard_domain *dom;
	char zname[RTE_MEMZONE_NAMESIZE];

	if (name == NULL || name[0] == '\0' ||
	    strlen(name) >= DMAGUARD_NAME_LEN ||
	    (unsigned int)mode >= RTE_DIM(mode_names)) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		rte_errno = EPERM;	/* the primary owns the containers */
		return NULL;
	}
	/* Never DMA-mapped itself: pages of its own (dmaguard_zone.c). */
	snprintf(zname, sizeof(zname), "dmaguard_dom%u",
		 __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED));
	mz = dmaguard_private_zone(zname, sizeof(*dom));
	if (mz == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	dom = mz->addr;
	memset(dom, 0, sizeof(*dom));
	dom->zone = mz;
	rte_spinlock_init(&dom->lock);
	snprintf(dom->name, sizeof(dom->name), "%s", name);
	dom->mode = mode;
	dom->container_fd = RTE_VFIO_DEFAULT_CONTAINER_FD;
	if (mode != DMAGUARD_MODE_SHARED) {
		dom->container_fd = rte_vfio_container_create();
		if (dom->container_fd < 0) {
			DMAGUARD_LOG(ERR, "domain '%s': no VFIO container "
				     "(VFIO not enabled, or DPDK's limit of "
				     "containers reached)", name);
			rte_memzone_free(mz);
			rte_errno = ENOSPC;
			return NULL;
		}
	}
	DMAGUARD_LOG(INFO, "domain '%s' created, mode %s", name,
		     dmaguard_mode_name(mode));
	dmaguard_fault_watch_join(dom);
	return dom;
}

int
dmaguard_domain_destroy(struct dmaguard_domain *dom)
{
	if (dom == NULL)
		return -EINVAL;
	rte_spinlock_lock(&dom->lock);
	if (dom->active != 0) {
		rte_spinlock_unlock(&dom->lock);
		DMAGUARD_LOG(ERR, "domain '%s': destroy while %u device(s) "
			     "run", dom->name, dom->active);
		return -EBUSY;
	}
	dmaguard_unmap_all_locked(dom, true);
	rte_spinlock_unlock(&dom->lock);
	dmaguard_fault_watch_leave(dom);
	if (dom->mode != DMAGUARD_MODE_SHARED &&
	    rte_vfio_container_destroy(dom->container_fd) < 0)
		DMAGUARD_LOG(WARNING, "domain '%s': container destroy failed",
			     dom->name);
	DMAGUARD_LOG(INFO, "domain '%s' destroyed", dom->name);
	rte_memzone_free(dom->zone);
	return 0;
}

/* Where the EAL's PCI bus looks for devices (it honours the same variable). */
static const char *
pci_sysfs_path(void)
{
	const char *p = getenv("SYSFS_PCI_DEVICES");

	return p != NULL ? p : "/sys/bus/pci/devices";
}

int
dmaguard_attach_name(struct dmaguard_domain *dom, const char *pci_name)
{
	struct rte_pci_addr addr;

	if (pci_name == NULL || rte_pci_addr_parse(pci_name, &addr) != 0)
		return -EINVAL;
	return dmaguard_attach_pci_addr(dom, &addr);
}

int
dmaguard_attach_pci_addr(struct dmaguard_domain *dom,
			 const struct rte_pci_addr *addr)
{
	char name[PCI_PRI_STR_SIZE + 1];
	int group, ret, fd;
	unsigned int i;

	if (dom == NULL || addr == NULL)
		return -EINVAL;
	rte_pci_device_name(addr, name, sizeof(name));
	rte_spinlock_lock(&dom->lock);
	for (i = 0; i < dom->ndev; i++) {
		if (strcmp(dom->dev_name[i], name) == 0) {
			rte_spinlock_unlock(&dom->lock);
			return 0;
		}
	}
	if (dom->ndev == DMAGUARD_MAX_DEVICES) {
		ret = -ENOSPC;
		DMAGUARD_LOG(ERR, "domain '%s': %s: domain already has %u "
			     "devices", dom->name, name, dom->ndev);
		goto out;
	}
	group = -1;
	fd = -1;
	if (dom->mode != DMAGUARD_MODE_SHARED) {
		/*
		 * The EAL gives a container its IOMMU when it sets up the
		 * device of the container's only group: a second group bound
		 * before the first device is set up would leave the
		 * container without one.  One device at a time, then.
		 */
		for (i = 0; i < dom->ndev; i++) {
			struct vfio_group_status st = {
				.argsz = sizeof(st),
			};

			if (ioctl(dom->group_fd[i], VFIO_GROUP_GET_STATUS,
				  &st) == 0 &&
			    !(st.flags & VFIO_GROUP_FLAGS_CONTAINER_SET)) {
				ret = -EAGAIN;
				DMAGUARD_LOG(ERR, "domain '%s': %s: set %s up "
					     "(rte_pci_map_device) before "
					     "attaching another device",
					     dom->name, name, dom->dev_name[i]);
				goto out;
			}
		}
		ret = rte_vfio_get_group_num(pci_sysfs_path(), name, &group);
		if (ret <= 0) {
			ret = -ENODEV;
			DMAGUARD_LOG(ERR, "domain '%s': %s has no IOMMU group "
				     "(not bound to vfio-pci?)", dom->name,
				     name);
			goto out;
		}
		fd = rte_vfio_container_group_bind(dom->container_fd, group);
		if (fd < 0) {
			/*
			 * A group can be open once: it is already set up in
			 * a container (the EAL's default one if the device
			 * was mapped before the attach, i.e. the driver has
			 * RTE_PCI_DRV_NEED_MAPPING), or bound elsewhere.
			 */
			ret = -EBUSY;
			DMAGUARD_LOG(ERR, "domain '%s': %s: cannot bind IOMMU "
				     "group %d to the domain's container: the "
				     "group is in use (device set up before "
				     "the attach, or in another domain)",
				     dom->name, name, group);
			goto out;
		}
	}
	dom->group[dom->ndev] = group;
	dom->group_fd[dom->ndev] = fd;
	snprintf(dom->dev_name[dom->ndev], sizeof(dom->dev_name[0]), "%s",
		 name);
	dom->dev_addr[dom->ndev] = *addr;
	dom->ndev++;
	ret = 0;
	DMAGUARD_LOG(INFO, "domain '%s': %s attached (IOMMU group %d)",
		     dom->name, name, group);
out:
	rte_spinlock_unlock(&dom->lock);
	return ret;
}

int
dmaguard_domain_start(struct dmaguard_domain *dom)
{
	if (dom == NULL)
		return -EINVAL;
	rte_spinlock_lock(&dom->lock);
	dom->active++;
	rte_spinlock_unlock(&dom->lock);
	return 0;
}

int
dmaguard_domain_stop(struct dmaguard_domain *dom)
{
	int left;

	if (dom == NULL)
		return -EINVAL;
	rte_spinlock_lock(&dom->lock);
	if (dom->active > 0)
		dom->active--;
	left = (int)dom->active;
	rte_spinlock_unlock(&dom->lock);
	return left;
}

const char *
dmaguard_domain_name(const struct dmaguard_domain *dom)
{
	return dom->name;
}

enum dmaguard_mode
dmaguard_domain_mode(const struct dmaguard_domain *dom)
{
	return dom->mode;
}

int
dmaguard_domain_container(const struct dmaguard_domain *dom)
{
	return dom->container_fd;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Secondary processes (DPDK's multi-process model).
 *
 * The primary keeps each port's device in the port's private VFIO
 * container (ixguard_dma.c).  A secondary cannot set the device up
 * through the EAL: DPDK 22.11 opens a private container's group in each
 * process (Linux refuses a second open of a group while the primary
 * holds it), and its default-container path asks the primary for the
 * default container's IOMMU type, which is never set when every port is
 * in a private container.  So the driver asks the primary itself, over
 * DPDK's multi-process channel (action IXGUARD_MP_ACTION):
 *
 *   device    the primary replies with its VFIO device descriptor
 *             (passed with SCM_RIGHTS; a VFIO device descriptor works in
 *             any process that holds it, its DMA stays in the primary's
 *             container) and the address of BAR0 in the primary.  The
 *             secondary maps BAR0 from that descriptor at the same
 *             address, since the adapter in shared memory holds register
 *             addresses (ring tails).  Interrupts stay the primary's.
 *   map pool  port mode: a pool the secondary transmits from joins the
 *             port's DMA domain, mapped by the primary, which owns the
 *             container.  Other modes refuse (strict), or never map
 *             application memory (shadow, shared).
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/vfio.h>

#include <bus_pci_driver.h>
#include <ethdev_driver.h>
#include <rte_eal.h>
#include <rte_mempool.h>
#include <rte_string_fns.h>

#include "dmaguard.h"
#include "ixguard_dma.h"
#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_mp.h"

#define IXGUARD_MP_ACTION "ixguard_mp"

enum ixguard_mp_req {
	IXGUARD_MP_DEVICE = 1,
	IXGUARD_MP_MAP_POOL,
};

struct ixguard_mp_param {
	uint32_t req;
	int32_t result;		/* 0 or -errno */
	uint16_t port_id;
	char name[RTE_MEMPOOL_NAMESIZE];	/* PCI device or mempool */
	uint64_t bar0_addr;
	uint64_t bar0_len;
};

/* Callers cannot see that this would not fit the channel's messages. */
_Static_assert(sizeof(struct ixguard_mp_param) <= RTE_MP_MAX_PARAM_LEN,
	       "ixguard_mp_param too large for rte_mp");
_Static_assert(PCI_PRI_STR_SIZE < RTE_MEMPOOL_NAMESIZE,
	       "PCI names must fit ixguard_mp_param.name");

static int
serve_device(const struct ixguard_mp_param *q, struct ixguard_mp_param *r,
	     struct rte_mp_msg *reply)
{
	struct rte_pci_device *pci;
	struct rte_eth_dev *dev;
	uint16_t port;
	int fd;

	if (rte_eth_dev_get_port_by_name(q->name, &port) != 0)
		return -ENODEV;
	dev = &rte_eth_devices[port];
	if (!ixguard_is_ours(dev))
		return -ENODEV;
	pci = RTE_ETH_DEV_TO_PCI(dev);
	fd = rte_intr_dev_fd_get(pci->intr_handle);
	if (fd < 0 || pci->mem_resource[0].addr == NULL)
		return -ENODEV;
	r->port_id = port;
	r->bar0_addr = (uint64_t)(uintptr_t)pci->mem_resource[0].addr;
	r->bar0_len = pci->mem_resource[0].len;
	reply->fds[0] = fd;
	reply->num_fds = 1;
	return 0;
}

static int
serve_map_pool(const struct ixguard_mp_param *q)
{
	struct dmaguard_domain *dom;
	struct rte_mempool *mp;
	int ret;

	if (!rte_eth_dev_is_valid_port(q->port_id) ||
	    !ixguard_is_ours(&rte_eth_devices[q->port_id]))
		return -ENODEV;
	dom = ixguard_dma_domain(q->port_id);
	if (dom == NULL)
		return -ENODEV;
	if (dmaguard_domain_mode(dom) != DMAGUARD_MODE_PORT)
		return -EPERM;
	mp = rte_mempool_lookup(q->name);
	if (mp == NULL)
		return -ENOENT;
	ret = dmaguard_map_mempool_tx(dom, mp, NULL);
	IXG_DRV_LOG(NOTICE, "port %u: a secondary's mempool %s mapped into the "
		    "DMA domain, read-only (it transmits from it): %d",
		    q->port_id, q->name, ret);
	return ret < 0 ? ret : 0;
}

static int
mp_serve(const struct rte_mp_msg *msg, const void *peer)
{
	struct ixguard_mp_param q, r;
	struct rte_mp_msg reply;

	/* param is not aligned for the struct: copies, not casts. */
	memset(&reply, 0, sizeof(reply));
	memset(&r, 0, sizeof(r));
	rte_strscpy(reply.name, msg->name, sizeof(reply.name));
	reply.len_param = sizeof(r);
	if (msg->len_param != sizeof(q)) {
		r.result = -EINVAL;
	} else {
		memcpy(&q, msg->param, sizeof(q));
		r = q;
		if (memchr(q.name, '\0', sizeof(q.name)) == NULL)
			r.result = -EINVAL;
		else if (q.req == IXGUARD_MP_DEVICE)
			r.result = serve_device(&q, &r, &reply);
		else if (q.req == IXGUARD_MP_MAP_POOL)
			r.result = serve_map_pool(&q);
		else
			r.result = -EINVAL;
	}
	memcpy(reply.param, &r, sizeof(r));
	return rte_mp_reply(&reply, peer);
}

int
ixguard_mp_primary_init(void)
{
	static bool registered;
	int ret;

	if (registered)
		return 0;
	ret = rte_mp_action_register(IXGUARD_MP_ACTION, mp_serve);
	/* ENOTSUP: --in-memory and the like, no secondaries possible. */
	if (ret < 0 && rte_errno != ENOTSUP && rte_errno != EEXIST) {
		IXG_INIT_LOG(ERR, "cannot serve secondary processes: %s",
			     rte_strerror(rte_errno));
		return -rte_errno;
	}
	registered = true;
	return 0;
}

/* One request to the primary; the reply in *r (and its fd in *fd). */
static int
ask_primary(struct ixguard_mp_param *q, struct ixguard_mp_param *r, int *fd)
{
	struct timespec ts = { .tv_sec = 5, .tv_nsec = 0 };
	struct rte_mp_reply rep = { 0 };
	struct rte_mp_msg msg;
	int ret = -EIO, sent;

	memset(&msg, 0, sizeof(msg));
	rte_strscpy(msg.name, IXGUARD_MP_ACTION, sizeof(msg.name));
	msg.len_param = sizeof(*q);
	memcpy(msg.param, q, sizeof(*q));
	if (fd != NULL)
		*fd = -1;
	sent = rte_mp_request_sync(&msg, &rep, &ts);
	if (sent == 0 && rep.nb_received == 0) {
		/* No reply at all: the primary has not loaded this driver. */
		ret = -ENODEV;
	} else if (sent == 0 && rep.nb_received == 1 &&
		   rep.msgs[0].len_param == sizeof(*r)) {
		memcpy(r, rep.msgs[0].param, sizeof(*r));
		ret = r->result;
		if (fd != NULL && rep.msgs[0].num_fds == 1)
			*fd = rep.msgs[0].fds[0];
		else if (rep.msgs[0].num_fds == 1)
			close(rep.msgs[0].fds[0]);
	}
	free(rep.msgs);
	return ret;
}

int
ixguard_mp_attach_device(struct rte_pci_device *pci)
{
	struct vfio_region_info ri = {
		.argsz = sizeof(ri),
		.index = VFIO_PCI_BAR0_REGION_INDEX,
	};
	struct ixguard_mp_param q = { .req = IXGUARD_MP_DEVICE }, r;
	void *want, *p;
	int fd = -1, ret;

	rte_strscpy(q.name, pci->device.name, sizeof(q.name));
	ret = ask_primary(&q, &r, &fd);
	if (ret == 0 && fd < 0)
		ret = -ENODEV;
	if (ret != 0) {
		if (ret == -ENODEV)
			IXG_INIT_LOG(INFO, "%s: the primary process does not "
				     "drive it with net_ixguard",
				     pci->device.name);
		else
			IXG_INIT_LOG(ERR, "%s: no answer from the primary "
				     "process (%d)", pci->device.name, ret);
		if (fd >= 0)
			close(fd);
		return ret;
	}
	if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, &ri) != 0 ||
	    !(ri.flags & VFIO_REGION_INFO_FLAG_MMAP) || ri.size < r.bar0_len) {
		IXG_INIT_LOG(ERR, "%s: BAR0 cannot be mapped", pci->device.name);
		close(fd);
		return -ENODEV;
	}
	want = (void *)(uintptr_t)r.bar0_addr;
	p = mmap(want, r.bar0_len, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED_NOREPLACE, fd, (off_t)ri.offset);
	if (p != want) {
		IXG_INIT_LOG(ERR, "%s: cannot map BAR0 at the primary's "
			     "address %p", pci->device.name, want);
		if (p != MAP_FAILED)
			munmap(p, r.bar0_len);
		close(fd);
		return -ENOMEM;
	}
	pci->mem_resource[0].addr = p;
	pci->mem_resource[0].len = r.bar0_len;
	/* Where the EAL keeps a VFIO device's descriptor. */
	rte_intr_dev_fd_set(pci->intr_handle, fd);
	return 0;
}

void
ixguard_mp_detach_device(struct rte_pci_device *pci)
{
	int fd = rte_intr_dev_fd_get(pci->intr_handle);

	if (pci->mem_resource[0].addr != NULL)
		munmap(pci->mem_resource[0].addr, pci->mem_resource[0].len);
	pci->mem_resource[0].addr = NULL;
	if (fd >= 0)
		close(fd);
	rte_intr_dev_fd_set(pci->intr_handle, -1);
}

int
ixguard_mp_map_pool(uint16_t port_id, const struct rte_mempool *mp)
{
	struct ixguard_mp_param q = {
		.req = IXGUARD_MP_MAP_POOL,
		.port_id = port_id,
	}, r;

	rte_strscpy(q.name, mp->name, sizeof(q.name));
	return ask_primary(&q, &r, NULL);
}

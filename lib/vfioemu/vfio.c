/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The VFIO user API: containers, groups and devices, as the Linux vfio and
 * vfio-pci drivers present them (Documentation/driver-api/vfio.rst).
 *
 * Every emulated object is backed by a real file descriptor (a memfd) so
 * that descriptor numbers never collide with the process's own files; a
 * table indexed by descriptor says which object it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/vfio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ixm.h"
#include "vfioemu.h"

#define VEMU_MAX_FDS 65536

struct vemu_fd {
	enum vemu_obj_type type;
	void *obj;
};

static struct vemu_fd fd_table[VEMU_MAX_FDS];

void *vemu_real_mmap(void *addr, size_t len, int prot, int flags, int fd,
		     off_t off);

bool
vemu_fd_is_ours(int fd)
{
	return fd >= 0 && fd < VEMU_MAX_FDS &&
	       __atomic_load_n(&fd_table[fd].type, __ATOMIC_ACQUIRE) !=
			VEMU_OBJ_NONE;
}

/*
 * What an emulated descriptor is, at the start of its memfd, so that a
 * process that receives it from another (a DPDK secondary from its
 * primary, remote.c) can tell: a container (index: its number), a group
 * or a device (index: the function).
 */
struct vemu_fd_tag {
	char magic[8];
	uint32_t type;
	uint32_t index;
	int32_t owner;		/* pid of the process that made it */
	uint32_t reserved;
};

static const char fd_magic[8] = "IXEMUFD1";

static int
new_fd(enum vemu_obj_type type, void *obj, const char *name, uint32_t index)
{
	struct vemu_fd_tag tag = { .type = type, .index = index,
				   .owner = (int32_t)getpid() };
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fd >= VEMU_MAX_FDS) {
		real_close(fd);
		errno = EMFILE;
		return -1;
	}
	memcpy(tag.magic, fd_magic, sizeof(tag.magic));
	if (write(fd, &tag, sizeof(tag)) != (ssize_t)sizeof(tag)) {
		real_close(fd);
		return -1;
	}
	fd_table[fd].obj = obj;
	__atomic_store_n(&fd_table[fd].type, type, __ATOMIC_RELEASE);
	return fd;
}

bool
vemu_fd_adopt(int fd)
{
	struct vemu_fd_tag tag;
	struct vemu_container *c;
	void *obj;

	if (fd < 0 || fd >= VEMU_MAX_FDS ||
	    vemu_real_pread(fd, &tag, sizeof(tag), 0) != (ssize_t)sizeof(tag) ||
	    memcmp(tag.magic, fd_magic, sizeof(fd_magic)) != 0 ||
	    tag.owner == (int32_t)getpid())
		return false;
	vemu_platform_activate();
	switch (tag.type) {
	case VEMU_OBJ_CONTAINER:
		c = calloc(1, sizeof(*c));
		if (c == NULL)
			return false;
		c->seq = tag.index;
		c->remote_owner = tag.owner;
		c->iommu_set = true;
		obj = c;
		break;
	case VEMU_OBJ_GROUP:
		if (tag.index >= vemu.nfn)
			return false;
		vemu.fn[tag.index].remote_owner = tag.owner;
		obj = &vemu.fn[tag.index].group;
		break;
	case VEMU_OBJ_DEVICE:
		/*
		 * A device descriptor passed on by its owner (a driver that
		 * hands its secondaries the VFIO device, as Linux allows:
		 * the descriptor keeps working in any process that holds
		 * it, and its DMA stays in the owner's container).
		 */
		if (tag.index >= vemu.nfn)
			return false;
		vemu.fn[tag.index].remote_owner = tag.owner;
		obj = &vemu.fn[tag.index];
		break;
	default:
		return false;
	}
	vemu_log("adopted %s %u of pid %d", tag.type == VEMU_OBJ_GROUP ?
		 "group of function" : tag.type == VEMU_OBJ_DEVICE ?
		 "device of function" : "container", tag.index, tag.owner);
	fd_table[fd].obj = obj;
	__atomic_store_n(&fd_table[fd].type, (enum vemu_obj_type)tag.type,
			 __ATOMIC_RELEASE);
	return true;
}

int
vemu_container_open(void)
{
	static unsigned int container_seq;
	struct vemu_container *c = calloc(1, sizeof(*c));
	int fd;

	if (c == NULL) {
		errno = ENOMEM;
		return -1;
	}
	c->seq = __atomic_add_fetch(&container_seq, 1, __ATOMIC_RELAXED);
	fd = new_fd(VEMU_OBJ_CONTAINER, c, "vfioemu-container", c->seq);
	if (fd < 0)
		free(c);
	return fd;
}

int
vemu_group_open(unsigned int num)
{
	struct vemu_group *g = &vemu.fn[num - VEMU_GROUP_BASE].group;
	int fd;

	vemu_lock();
	if (g->open) {
		/* vfio allows one open of a group at a time */
		vemu_unlock();
		errno = EBUSY;
		return -1;
	}
	g->open = true;
	vemu_unlock();
	fd = new_fd(VEMU_OBJ_GROUP, g, "vfioemu-group", g->fn->index);
	if (fd < 0)
		g->open = false;
	return fd;
}

/* The device must not keep using translations the IOMMU dropped. */
static void
invalidate_functions(const struct vemu_container *c)
{
	unsigned int i;

	for (i = 0; i < vemu.nfn; i++) {
		if (vemu.fn[i].group.container != c)
			continue;
		vemu.fn[i].audit_lo = vemu.fn[i].audit_hi = 0;
		if (vemu.fn[i].ixm != NULL)
			ixm_dma_invalidate(vemu.fn[i].ixm);
	}
}

void
vemu_domain_report(const struct vemu_container *c, const char *state)
{
	const struct iommu_domain *d = &c->dom;

	vemu_log("domain %u (%s) %s: %zu mappings, maps=%" PRIu64
		 " unmaps=%" PRIu64 " faults=%" PRIu64 " iotlb hits=%" PRIu64
		 " misses=%" PRIu64, c->seq, c->members[0] ? c->members : "-",
		 state, d->nmaps, d->map_calls, d->unmap_calls, d->faults,
		 d->iotlb_hits, d->iotlb_misses);
}

static void
container_release_group(struct vemu_container *c)
{
	if (--c->ngroups == 0 && c->iommu_set) {
		/* The last group left: the domain and its mappings go. */
		vemu_domain_report(c, "closed");
		vemu.dead_maps += c->dom.map_calls;
		vemu.dead_unmaps += c->dom.unmap_calls;
		vemu.dead_hits += c->dom.iotlb_hits;
		vemu.dead_misses += c->dom.iotlb_misses;
		iommu_domain_fini(&c->dom);
		c->iommu_set = false;
	}
}

int
vemu_fd_close(int fd)
{
	struct vemu_fd *f = &fd_table[fd];

	vemu_lock();
	switch (f->type) {
	case VEMU_OBJ_CONTAINER: {
		struct vemu_container *c = f->obj;
		unsigned int i;

		if (c->remote_owner != 0) {
			free(c);	/* the owner's stays as it is */
			break;
		}
		/* Groups still attached keep the container alive. */
		for (i = 0; i < vemu.nfn; i++)
			if (vemu.fn[i].group.container == c)
				break;
		if (i == vemu.nfn) {
			if (c->iommu_set) {
				c->ngroups = 1;
				container_release_group(c);
			}
			free(c);
		}
		break;
	}
	case VEMU_OBJ_GROUP: {
		struct vemu_group *g = f->obj;

		if (g->container != NULL && !g->fn->dev_open) {
			container_release_group(g->container);
			g->container = NULL;
		}
		g->open = false;
		break;
	}
	case VEMU_OBJ_DEVICE: {
		struct vemu_fn *fn = f->obj;

		fn->dev_open = false;
		break;
	}
	default:
		break;
	}
	__atomic_store_n(&f->type, VEMU_OBJ_NONE, __ATOMIC_RELEASE);
	f->obj = NULL;
	vemu_unlock();
	return real_close(fd);
}

static int
fail(int err)
{
	errno = err;
	return -1;
}

/* ---- container ---- */

/*
 * A map or unmap on container c (lock held), from its ioctl or for a
 * secondary process: 0 or a positive errno; *done: the bytes unmapped.
 * An adopted container is the owner's: the owner performs it.
 */
static int
container_dma(struct vemu_container *c, bool map, uint64_t iova,
	      uint64_t size, uint64_t vaddr, uint32_t prot, uint64_t *done)
{
	int ret;

	*done = 0;
	if (c->remote_owner != 0)
		return vemu_remote_dma(c->remote_owner, c->seq, map, iova,
				       size, vaddr, prot, done) < 0 ? errno : 0;
	if (map) {
		ret = iommu_map(&c->dom, iova, size, (void *)(uintptr_t)vaddr,
				prot);
		return ret < 0 ? -ret : 0;
	}
	ret = iommu_unmap(&c->dom, iova, size, done);
	if (ret < 0)
		return -ret;
	if (*done != 0)
		invalidate_functions(c);
	return 0;
}

static int
container_ioctl(struct vemu_container *c, unsigned long req, void *arg)
{
	switch (req) {
	case VFIO_GET_API_VERSION:
		return VFIO_API_VERSION;
	case VFIO_CHECK_EXTENSION: {
		unsigned long ext = (unsigned long)arg;

		return ext == VFIO_TYPE1_IOMMU || ext == VFIO_TYPE1v2_IOMMU;
	}
	case VFIO_SET_IOMMU: {
		unsigned long type = (unsigned long)arg;
		int ret;

		if (type != VFIO_TYPE1_IOMMU && type != VFIO_TYPE1v2_IOMMU)
			return fail(EINVAL);
		if (c->remote_owner != 0)
			return fail(EBUSY);	/* the owner set it */
		/* A container needs a group before it gets an IOMMU. */
		if (c->ngroups == 0)
			return fail(EINVAL);
		if (c->iommu_set)
			return fail(EBUSY);
		ret = iommu_domain_init(&c->dom,
				(unsigned int)(uintptr_t)c & 0xffff,
				vemu.iotlb_entries, vemu.max_page_shift);
		if (ret < 0)
			return fail(-ret);
		c->iommu_set = true;
		return 0;
	}
	case VFIO_IOMMU_MAP_DMA: {
		struct vfio_iommu_type1_dma_map *m = arg;
		uint32_t prot = 0;
		uint64_t done;
		int err;

		if (!c->iommu_set)
			return fail(EINVAL);
		if (m->argsz < sizeof(*m) ||
		    (m->flags & ~(VFIO_DMA_MAP_FLAG_READ |
				  VFIO_DMA_MAP_FLAG_WRITE)))
			return fail(EINVAL);
		if (m->flags & VFIO_DMA_MAP_FLAG_READ)
			prot |= IOMMU_PROT_READ;
		if (m->flags & VFIO_DMA_MAP_FLAG_WRITE)
			prot |= IOMMU_PROT_WRITE;
		err = container_dma(c, true, m->iova, m->size, m->vaddr, prot,
				    &done);
		return err != 0 ? fail(err) : 0;
	}
	case VFIO_IOMMU_UNMAP_DMA: {
		struct vfio_iommu_type1_dma_unmap *u = arg;
		uint64_t iova = u->iova, size = u->size, done;
		int err;

		if (!c->iommu_set)
			return fail(EINVAL);
		if (u->argsz < sizeof(*u))
			return fail(EINVAL);
		if (u->flags == VFIO_DMA_UNMAP_FLAG_ALL) {
			if (iova != 0 || size != 0)
				return fail(EINVAL);
			size = ~0xfffull;	/* the whole IOVA space */
		} else if (u->flags != 0) {
			return fail(EINVAL);
		}
		err = container_dma(c, false, iova, size, 0, 0, &done);
		if (err != 0)
			return fail(err);
		u->size = done;
		return 0;
	}
	case VFIO_IOMMU_GET_INFO: {
		struct vfio_iommu_type1_info *info = arg;

		if (!c->iommu_set || info->argsz < 16)
			return fail(EINVAL);
		info->flags = VFIO_IOMMU_INFO_PGSIZES;
		info->iova_pgsizes = (1ull << 12) | (1ull << 21) | (1ull << 30);
		return 0;
	}
	default:
		return fail(ENOTTY);
	}
}

/* A secondary's map or unmap (remote.c), on this process's container seq. */
int
vemu_container_dma(unsigned int seq, bool map, uint64_t iova, uint64_t size,
		   uint64_t vaddr, uint32_t prot, uint64_t *done)
{
	for (unsigned int i = 0; i < vemu.nfn; i++) {
		struct vemu_container *c = vemu.fn[i].group.container;

		if (c != NULL && c->seq == seq && c->iommu_set &&
		    c->remote_owner == 0)
			return container_dma(c, map, iova, size, vaddr, prot,
					     done);
	}
	*done = 0;
	return ENOENT;
}

/* ---- group ---- */

static int
group_ioctl(int gfd, struct vemu_group *g, unsigned long req, void *arg)
{
	switch (req) {
	case VFIO_GROUP_GET_STATUS: {
		struct vfio_group_status *st = arg;

		st->flags = VFIO_GROUP_FLAGS_VIABLE;
		/* Adopted: the owner's group, which its container holds. */
		if (g->container != NULL || g->fn->remote_owner != 0)
			st->flags |= VFIO_GROUP_FLAGS_CONTAINER_SET;
		return 0;
	}
	case VFIO_GROUP_SET_CONTAINER: {
		int cfd = *(int *)arg;
		struct vemu_container *c;

		if (g->fn->remote_owner != 0)
			return fail(EBUSY);

		if (!vemu_fd_is_ours(cfd) ||
		    fd_table[cfd].type != VEMU_OBJ_CONTAINER)
			return fail(EINVAL);
		if (g->container != NULL)
			return fail(EBUSY);
		c = fd_table[cfd].obj;
		g->container = c;
		c->ngroups++;
		if (strstr(c->members, g->fn->bdf) == NULL) {
			size_t n = strlen(c->members);

			snprintf(c->members + n, sizeof(c->members) - n, "%s%s",
				 n ? " " : "", g->fn->bdf);
		}
		return 0;
	}
	case VFIO_GROUP_UNSET_CONTAINER:
		if (g->container == NULL)
			return fail(EINVAL);
		if (g->fn->dev_open)
			return fail(EBUSY);
		container_release_group(g->container);
		g->container = NULL;
		g->fn->audit_lo = g->fn->audit_hi = 0;
		if (g->fn->ixm != NULL)
			ixm_dma_invalidate(g->fn->ixm);
		return 0;
	case VFIO_GROUP_GET_DEVICE_FD: {
		const char *name = arg;
		struct vemu_fn *fn = g->fn;
		int fd;

		if (strcmp(name, fn->bdf) != 0)
			return fail(ENODEV);
		if (fn->remote_owner != 0) {
			/* The owner runs the model; several opens are fine. */
			return new_fd(VEMU_OBJ_DEVICE, fn, "vfioemu-device",
				      fn->index);
		}
		if (g->container == NULL || !g->container->iommu_set)
			return fail(EINVAL);
		if (fn->dev_open)
			return fail(EBUSY);
		fd = new_fd(VEMU_OBJ_DEVICE, fn, "vfioemu-device", fn->index);
		if (fd < 0)
			return -1;
		fn->dev_open = true;
		vemu_model_thread_start();
		return fd;
	}
	default:
		(void)gfd;
		return fail(ENOTTY);
	}
}

/* ---- device ---- */

#define REGION_SHIFT 40
#define BAR0_SIZE IXM_BAR0_SIZE
#define BAR4_SIZE IXM_BAR4_SIZE

static uint64_t
region_size(unsigned int index)
{
	switch (index) {
	case VFIO_PCI_BAR0_REGION_INDEX:
		return BAR0_SIZE;
	case VFIO_PCI_BAR4_REGION_INDEX:
		return BAR4_SIZE;
	case VFIO_PCI_CONFIG_REGION_INDEX:
		return VEMU_CFG_SIZE;
	default:
		return 0;
	}
}

static int
device_ioctl(struct vemu_fn *fn, unsigned long req, void *arg)
{
	switch (req) {
	case VFIO_DEVICE_GET_INFO: {
		struct vfio_device_info *info = arg;

		info->flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
		info->num_regions = VFIO_PCI_NUM_REGIONS;
		info->num_irqs = VFIO_PCI_NUM_IRQS;
		return 0;
	}
	case VFIO_DEVICE_GET_REGION_INFO: {
		struct vfio_region_info *ri = arg;
		uint64_t size;

		if (ri->index >= VFIO_PCI_NUM_REGIONS)
			return fail(EINVAL);
		size = region_size(ri->index);
		ri->offset = (uint64_t)ri->index << REGION_SHIFT;
		ri->size = size;
		ri->cap_offset = 0;
		ri->flags = 0;
		if (size != 0)
			ri->flags = VFIO_REGION_INFO_FLAG_READ |
				    VFIO_REGION_INFO_FLAG_WRITE;
		if (ri->index == VFIO_PCI_BAR0_REGION_INDEX ||
		    ri->index == VFIO_PCI_BAR4_REGION_INDEX)
			ri->flags |= VFIO_REGION_INFO_FLAG_MMAP;
		return 0;
	}
	case VFIO_DEVICE_GET_IRQ_INFO: {
		struct vfio_irq_info *irq = arg;

		if (irq->index >= VFIO_PCI_NUM_IRQS)
			return fail(EINVAL);
		irq->flags = 0;
		irq->count = 0;
		switch (irq->index) {
		case VFIO_PCI_INTX_IRQ_INDEX:
			irq->flags = VFIO_IRQ_INFO_EVENTFD |
				     VFIO_IRQ_INFO_MASKABLE |
				     VFIO_IRQ_INFO_AUTOMASKED;
			irq->count = 1;
			break;
		case VFIO_PCI_MSI_IRQ_INDEX:
			irq->flags = VFIO_IRQ_INFO_EVENTFD |
				     VFIO_IRQ_INFO_NORESIZE;
			irq->count = 1;
			break;
		case VFIO_PCI_MSIX_IRQ_INDEX:
			irq->flags = VFIO_IRQ_INFO_EVENTFD |
				     VFIO_IRQ_INFO_NORESIZE;
			irq->count = IXM_MSIX_VECTORS;
			break;
		case VFIO_PCI_REQ_IRQ_INDEX:
			irq->flags = VFIO_IRQ_INFO_EVENTFD;
			irq->count = 1;
			break;
		default:
			break;
		}
		return 0;
	}
	case VFIO_DEVICE_SET_IRQS: {
		struct vfio_irq_set *set = arg;
		uint32_t dtype = set->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;
		uint32_t action = set->flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;
		uint32_t i;

		/* The owner's interrupts stay the owner's. */
		if (fn->remote_owner != 0)
			return fail(EBUSY);

		if (set->index == VFIO_PCI_REQ_IRQ_INDEX ||
		    set->index == VFIO_PCI_INTX_IRQ_INDEX ||
		    set->index == VFIO_PCI_MSI_IRQ_INDEX)
			return 0;	/* accepted, never raised */
		if (set->index != VFIO_PCI_MSIX_IRQ_INDEX)
			return fail(EINVAL);
		if (action != VFIO_IRQ_SET_ACTION_TRIGGER)
			return 0;
		if (dtype == VFIO_IRQ_SET_DATA_NONE && set->count == 0) {
			/* disable every vector */
			for (i = 0; i < IXM_MSIX_VECTORS; i++)
				fn->msix_efd[i] = -1;
			return 0;
		}
		if (set->start + set->count > IXM_MSIX_VECTORS ||
		    set->start + set->count < set->start)
			return fail(EINVAL);
		if (dtype == VFIO_IRQ_SET_DATA_EVENTFD) {
			const int32_t *fds = (const int32_t *)set->data;

			for (i = 0; i < set->count; i++)
				fn->msix_efd[set->start + i] = fds[i];
			return 0;
		}
		if (dtype == VFIO_IRQ_SET_DATA_NONE) {
			/* loopback trigger: fire the vectors now */
			for (i = 0; i < set->count; i++) {
				uint64_t one = 1;
				int efd = fn->msix_efd[set->start + i];

				if (efd >= 0 && write(efd, &one, 8) < 0)
					return -1;
			}
			return 0;
		}
		return fail(EINVAL);
	}
	case VFIO_DEVICE_RESET:
		if (fn->remote_owner != 0)
			return vemu_remote_reset(fn);
		ixm_function_reset(fn->ixm);
		vemu_cfg_init(fn);
		return 0;
	default:
		return fail(ENOTTY);
	}
}

int
vemu_fd_ioctl(int fd, unsigned long req, void *arg)
{
	struct vemu_fd *f = &fd_table[fd];
	int ret;

	vemu_lock();
	switch (f->type) {
	case VEMU_OBJ_CONTAINER:
		ret = container_ioctl(f->obj, req, arg);
		break;
	case VEMU_OBJ_GROUP:
		ret = group_ioctl(fd, f->obj, req, arg);
		break;
	case VEMU_OBJ_DEVICE:
		ret = device_ioctl(f->obj, req, arg);
		break;
	default:
		ret = fail(EBADF);
		break;
	}
	vemu_unlock();
	return ret;
}

/*
 * The function and region an access through fd at off reaches: a device
 * fd encodes the region in the offset (index << 40); the sysfs files
 * config and resourceN are one region each.  NULL for other fds.
 */
static struct vemu_fn *
region_of(int fd, uint64_t off, unsigned int *index, uint64_t *pos)
{
	*pos = off;
	switch (fd_table[fd].type) {
	case VEMU_OBJ_DEVICE:
		*index = off >> REGION_SHIFT;
		*pos = off & ((1ull << REGION_SHIFT) - 1);
		break;
	case VEMU_OBJ_CFG_FILE:
		*index = VFIO_PCI_CONFIG_REGION_INDEX;
		break;
	case VEMU_OBJ_BAR0_FILE:
		*index = VFIO_PCI_BAR0_REGION_INDEX;
		break;
	case VEMU_OBJ_BAR4_FILE:
		*index = VFIO_PCI_BAR4_REGION_INDEX;
		break;
	default:
		return NULL;
	}
	return fd_table[fd].obj;
}

long
vemu_fd_pread(int fd, void *buf, size_t n, uint64_t off)
{
	unsigned int index;
	uint64_t pos;
	struct vemu_fn *fn = region_of(fd, off, &index, &pos);

	if (fn == NULL)
		return fail(EINVAL);
	if (index != VFIO_PCI_CONFIG_REGION_INDEX)
		return fail(EINVAL);	/* BARs are mmap only here */
	if (pos >= VEMU_CFG_SIZE)
		return 0;
	if (n > VEMU_CFG_SIZE - pos)
		n = VEMU_CFG_SIZE - pos;
	vemu_lock();
	if (fn->remote_owner != 0) {
		long r = vemu_remote_cfg(fn, false, (uint32_t)pos, buf, n);

		vemu_unlock();
		return r;
	}
	vemu_cfg_read(fn, (uint32_t)pos, buf, n);
	vemu_unlock();
	return (long)n;
}

long
vemu_fd_pwrite(int fd, const void *buf, size_t n, uint64_t off)
{
	unsigned int index;
	uint64_t pos;
	struct vemu_fn *fn = region_of(fd, off, &index, &pos);

	if (fn == NULL)
		return fail(EINVAL);
	if (index != VFIO_PCI_CONFIG_REGION_INDEX)
		return fail(EINVAL);
	if (pos >= VEMU_CFG_SIZE)
		return fail(EINVAL);
	if (n > VEMU_CFG_SIZE - pos)
		n = VEMU_CFG_SIZE - pos;
	vemu_lock();
	if (fn->remote_owner != 0) {
		long r = vemu_remote_cfg(fn, true, (uint32_t)pos, (void *)buf,
					 n);

		vemu_unlock();
		return r;
	}
	vemu_cfg_write(fn, (uint32_t)pos, buf, n);
	vemu_unlock();
	return (long)n;
}

/*
 * The sysfs files of a function that reach the device (Linux
 * Documentation/PCI/sysfs-pci.rst): config is the configuration space
 * (pread/pwrite), resource0 and resource4 the BARs (mmap, trapped as
 * through VFIO).  The device does DMA only once opened through VFIO.
 */
int
vemu_sysfs_node_open(struct vemu_fn *fn, const char *leaf)
{
	if (strcmp(leaf, "config") == 0)
		return new_fd(VEMU_OBJ_CFG_FILE, fn, "vfioemu-config", fn->index);
	if (strcmp(leaf, "resource0") == 0)
		return new_fd(VEMU_OBJ_BAR0_FILE, fn, "vfioemu-resource0",
			      fn->index);
	if (strcmp(leaf, "resource4") == 0)
		return new_fd(VEMU_OBJ_BAR4_FILE, fn, "vfioemu-resource4",
			      fn->index);
	return -2;
}

void *
vemu_fd_mmap(void *addr, size_t len, int prot, int flags, int fd,
	     uint64_t off, bool *handled)
{
	unsigned int index, bar;
	uint64_t pos;
	struct vemu_fn *fn = region_of(fd, off, &index, &pos);
	void *p;

	*handled = true;
	if (fn == NULL) {
		errno = ENODEV;
		return MAP_FAILED;
	}
	if (index == VFIO_PCI_BAR0_REGION_INDEX)
		bar = 0;
	else if (index == VFIO_PCI_BAR4_REGION_INDEX)
		bar = 1;
	else {
		errno = EINVAL;
		return MAP_FAILED;
	}
	if (pos + len > region_size(index) || (pos & 0xfff)) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	if (fn->remote_owner != 0)
		/*
		 * A secondary: the owner's model holds the registers.  BAR0
		 * is trapped as a whole and forwarded; BAR4 (the MSI-X
		 * table, the owner's business) is plain memory here.
		 */
		p = vemu_real_mmap(addr, len, prot,
				   (flags & ~MAP_SHARED) | MAP_PRIVATE |
				   MAP_ANONYMOUS, -1, 0);
	else
		p = vemu_real_mmap(addr, len, prot, flags | MAP_SHARED,
				   fn->bar_memfd[bar], (off_t)pos);
	if (p == MAP_FAILED)
		return p;
	vemu_lock();
	/* The EAL maps a BAR in pieces around the MSI-X table. */
	if (fn->bar_user[bar] == NULL || pos == 0) {
		fn->bar_user[bar] = (uint8_t *)p - pos;
		fn->bar_user_len[bar] = region_size(index);
	}
	vemu_trap_bar_mapped(fn, bar);
	vemu_unlock();
	return p;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * DPDK's multi-process model on the platform: one device model serves a
 * primary process and its secondaries.
 *
 * A secondary does not open /dev/vfio itself: its EAL receives the
 * primary's container and group descriptors over the EAL's channel
 * (SCM_RIGHTS).  Each emulated descriptor is a memfd that starts with a
 * tag (vfio.c: magic, object type, index, the owning process); the
 * secondary's platform recognises such a descriptor the first time the
 * EAL uses it in a VFIO ioctl and adopts it.  Its functions then forward
 * what reaches the device to the owning process over a Unix socket
 * (abstract name "ixemu-<pid>"), where the platform performs it on the
 * one model under the platform lock: register reads and writes (the
 * secondary's BAR0 mapping traps every access), config space, device
 * reset, and DMA map and unmap on the primary's containers.
 *
 * The device itself DMAs only in the primary, through the primary's
 * IOMMU domains.  Memory a secondary allocates from DPDK's shared heap
 * lies at the same addresses in both processes, so a mapping the
 * secondary asks for is valid in the primary.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ixm.h"
#include "vfioemu.h"

enum remote_op {
	REMOTE_REG_READ = 1,
	REMOTE_REG_WRITE,
	REMOTE_CFG_READ,
	REMOTE_CFG_WRITE,
	REMOTE_RESET,
	REMOTE_DMA_MAP,
	REMOTE_DMA_UNMAP,
};

#define REMOTE_DATA_MAX 256

struct remote_req {
	uint32_t op;
	uint32_t index;		/* function, or container number */
	uint64_t a, b, c;	/* offset/iova, value/size, vaddr */
	uint32_t n;		/* access size, or data bytes */
	uint32_t flags;		/* DMA: IOMMU_PROT_* */
	uint8_t data[REMOTE_DATA_MAX];
};

struct remote_rep {
	int32_t err;		/* 0 or a positive errno */
	uint32_t n;
	uint64_t val;
	uint8_t data[REMOTE_DATA_MAX];
};

static void
socket_name(struct sockaddr_un *sa, socklen_t *len, pid_t pid)
{
	int n;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	/* Abstract namespace: sun_path[0] == '\0', nothing on disk. */
	n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1,
		     "ixemu-%ld", (long)pid);
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static int
full_io(int fd, void *buf, size_t len, bool out)
{
	uint8_t *p = buf;

	while (len > 0) {
		ssize_t n = out ? send(fd, p, len, MSG_NOSIGNAL) :
				  recv(fd, p, len, MSG_WAITALL);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* ---- the owning process: serve the one model ---- */

static void
serve_one(const struct remote_req *q, struct remote_rep *r)
{
	struct vemu_fn *fn = NULL;

	r->err = 0;
	r->n = 0;
	r->val = 0;
	if (q->op <= REMOTE_RESET) {
		if (q->index >= vemu.nfn || vemu.fn[q->index].ixm == NULL) {
			r->err = ENODEV;
			return;
		}
		fn = &vemu.fn[q->index];
	}
	switch (q->op) {
	case REMOTE_REG_READ:
		if (q->a + q->n > IXM_BAR0_SIZE || q->n == 0 || q->n > 8)
			r->err = EINVAL;
		else
			r->val = vemu_bar_read(fn, (uint32_t)q->a, q->n);
		break;
	case REMOTE_REG_WRITE:
		if (q->a + q->n > IXM_BAR0_SIZE || q->n == 0 || q->n > 8)
			r->err = EINVAL;
		else
			vemu_bar_write(fn, (uint32_t)q->a, q->n, q->b);
		break;
	case REMOTE_CFG_READ:
		if (q->n > REMOTE_DATA_MAX || q->a + q->n > VEMU_CFG_SIZE) {
			r->err = EINVAL;
			break;
		}
		vemu_cfg_read(fn, (uint32_t)q->a, r->data, q->n);
		r->n = q->n;
		break;
	case REMOTE_CFG_WRITE:
		if (q->n > REMOTE_DATA_MAX || q->a + q->n > VEMU_CFG_SIZE)
			r->err = EINVAL;
		else
			vemu_cfg_write(fn, (uint32_t)q->a, q->data, q->n);
		break;
	case REMOTE_RESET:
		ixm_function_reset(fn->ixm);
		vemu_cfg_init(fn);
		break;
	case REMOTE_DMA_MAP:
	case REMOTE_DMA_UNMAP:
		r->err = vemu_container_dma(q->index, q->op == REMOTE_DMA_MAP,
					    q->a, q->b, q->c, q->flags,
					    &r->val);
		break;
	default:
		r->err = EINVAL;
		break;
	}
}

static void *
serve_client(void *arg)
{
	int fd = (int)(intptr_t)arg;
	struct remote_req q;
	struct remote_rep r;

	pthread_setname_np(pthread_self(), "ixemu-remote");
	while (full_io(fd, &q, sizeof(q), false) == 0) {
		vemu_lock();
		serve_one(&q, &r);
		vemu_unlock();
		if (full_io(fd, &r, sizeof(r), true) < 0)
			break;
	}
	real_close(fd);
	return NULL;
}

static void *
accept_loop(void *arg)
{
	int lfd = (int)(intptr_t)arg;

	pthread_setname_np(pthread_self(), "ixemu-mp");
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		pthread_attr_t attr;
		pthread_t tid;

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return NULL;
		}
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&tid, &attr, serve_client,
				   (void *)(intptr_t)fd) != 0)
			real_close(fd);
		pthread_attr_destroy(&attr);
	}
	return NULL;
}

int
vemu_remote_serve(void)
{
	struct sockaddr_un sa;
	pthread_attr_t attr;
	pthread_t tid;
	socklen_t len;
	int fd, ret;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	socket_name(&sa, &len, getpid());
	if (bind(fd, (struct sockaddr *)&sa, len) < 0 || listen(fd, 8) < 0) {
		real_close(fd);
		return -1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	ret = pthread_create(&tid, &attr, accept_loop, (void *)(intptr_t)fd);
	pthread_attr_destroy(&attr);
	if (ret != 0) {
		real_close(fd);
		errno = ret;
		return -1;
	}
	return 0;
}

/* ---- a secondary: forward to the owning process ---- */

static int remote_fd = -1;
static pid_t remote_owner;

/* Called with the platform lock held (one request at a time). */
static int
call(pid_t owner, const struct remote_req *q, struct remote_rep *r)
{
	if (remote_fd >= 0 && remote_owner != owner) {
		real_close(remote_fd);
		remote_fd = -1;
	}
	if (remote_fd < 0) {
		struct sockaddr_un sa;
		socklen_t len;
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
			return -1;
		socket_name(&sa, &len, owner);
		if (connect(fd, (struct sockaddr *)&sa, len) < 0) {
			vemu_log("cannot reach the primary's platform (pid %ld):"
				 " %s", (long)owner, strerror(errno));
			real_close(fd);
			return -1;
		}
		remote_fd = fd;
		remote_owner = owner;
		vemu_log("secondary: device model of pid %ld", (long)owner);
	}
	if (full_io(remote_fd, (void *)(uintptr_t)q, sizeof(*q), true) < 0 ||
	    full_io(remote_fd, r, sizeof(*r), false) < 0) {
		real_close(remote_fd);
		remote_fd = -1;
		errno = EIO;
		return -1;
	}
	if (r->err != 0) {
		errno = r->err;
		return -1;
	}
	return 0;
}

uint64_t
vemu_remote_reg_read(struct vemu_fn *fn, uint32_t off, unsigned int size)
{
	struct remote_req q = { .op = REMOTE_REG_READ, .index = fn->index,
				.a = off, .n = size };
	struct remote_rep r;

	/* A device that is gone reads all ones, as on PCIe. */
	if (call(fn->remote_owner, &q, &r) < 0)
		return ~0ull >> (64 - size * 8);
	return r.val;
}

void
vemu_remote_reg_write(struct vemu_fn *fn, uint32_t off, unsigned int size,
		      uint64_t val)
{
	struct remote_req q = { .op = REMOTE_REG_WRITE, .index = fn->index,
				.a = off, .b = val, .n = size };
	struct remote_rep r;

	call(fn->remote_owner, &q, &r);
}

long
vemu_remote_cfg(struct vemu_fn *fn, bool write, uint32_t off, void *buf,
		size_t n)
{
	size_t done = 0;

	while (done < n) {
		struct remote_req q = {
			.op = write ? REMOTE_CFG_WRITE : REMOTE_CFG_READ,
			.index = fn->index, .a = off + done,
		};
		struct remote_rep r;

		q.n = (uint32_t)(n - done > REMOTE_DATA_MAX ? REMOTE_DATA_MAX :
				 n - done);
		if (write)
			memcpy(q.data, (uint8_t *)buf + done, q.n);
		if (call(fn->remote_owner, &q, &r) < 0)
			return -1;
		if (!write)
			memcpy((uint8_t *)buf + done, r.data, q.n);
		done += q.n;
	}
	return (long)n;
}

int
vemu_remote_reset(struct vemu_fn *fn)
{
	struct remote_req q = { .op = REMOTE_RESET, .index = fn->index };
	struct remote_rep r;

	return call(fn->remote_owner, &q, &r);
}

int
vemu_remote_dma(pid_t owner, unsigned int container, bool map,
		uint64_t iova, uint64_t size, uint64_t vaddr, uint32_t prot,
		uint64_t *done)
{
	struct remote_req q = {
		.op = map ? REMOTE_DMA_MAP : REMOTE_DMA_UNMAP,
		.index = container, .a = iova, .b = size, .c = vaddr,
		.flags = prot,
	};
	struct remote_rep r;

	if (call(owner, &q, &r) < 0)
		return -1;
	*done = r.val;
	return 0;
}

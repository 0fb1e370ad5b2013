/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * libc interposition: the unmodified EAL reaches VFIO through open(),
 * ioctl(), pread()/pwrite() and mmap() on the /dev/vfio nodes, and decides on VFIO
 * and the IOVA mode by looking at /sys/module/vfio* and
 * /sys/kernel/iommu_groups.  Those paths are redirected here to the
 * emulated objects and to the generated sysfs tree; /dev/kmsg, where the
 * emulated IOMMU reports its faults, is the emulated kernel log (kmsg.c,
 * with lseek() and close() of its readers); everything else goes to
 * libc untouched.  The EAL's PCI scan is pointed at the generated tree
 * through SYSFS_PCI_DEVICES; a program without the EAL finds the same
 * tree at /sys/bus/pci (devices and drivers), with config and
 * resourceN reaching the emulated function.  So the machine's own PCI
 * devices are never looked at.  (The SIGSEGV functions, sigaction() and
 * the signal() family, are interposed in sigsegv.c.)
 */

/*
 * Both the plain and the 64 suffixed names are defined here; with 64-bit
 * file offsets the headers would alias one to the other.
 */
#undef _FILE_OFFSET_BITS

#include <dirent.h>
#include <linux/vfio.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vfioemu.h"

int (*real_open)(const char *, int, ...);
int (*real_close)(int);
int (*real_ioctl)(int, unsigned long, ...);
static int (*real_openat)(int, const char *, int, ...);
static ssize_t (*real_readlink)(const char *, char *, size_t);
static FILE *(*real_fopen)(const char *, const char *);
static int (*real_access)(const char *, int);
static int (*real_stat)(const char *, struct stat *);
static int (*real_lstat)(const char *, struct stat *);
static DIR *(*real_opendir)(const char *);
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
static ssize_t (*real_pread)(int, void *, size_t, off_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static off_t (*real_lseek)(int, off_t, int);

static void
resolve(void)
{
	if (real_open != NULL)
		return;
	real_openat = dlsym(RTLD_NEXT, "openat");
	real_close = dlsym(RTLD_NEXT, "close");
	real_ioctl = dlsym(RTLD_NEXT, "ioctl");
	real_stat = dlsym(RTLD_NEXT, "stat");
	real_lstat = dlsym(RTLD_NEXT, "lstat");
	real_opendir = dlsym(RTLD_NEXT, "opendir");
	real_mmap = dlsym(RTLD_NEXT, "mmap");
	real_pread = dlsym(RTLD_NEXT, "pread");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_lseek = dlsym(RTLD_NEXT, "lseek");
	real_readlink = dlsym(RTLD_NEXT, "readlink");
	real_fopen = dlsym(RTLD_NEXT, "fopen");
	real_access = dlsym(RTLD_NEXT, "access");
	__atomic_store_n(&real_open, dlsym(RTLD_NEXT, "open"),
			 __ATOMIC_RELEASE);
}

static bool
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Paths that the EAL inspects to decide whether VFIO and an IOMMU exist
 * live in the generated tree.  Returns the path to use.
 */
static bool
is_platform_path(const char *path)
{
	return path != NULL &&
	       (has_prefix(path, "/sys/kernel/iommu_groups") ||
		has_prefix(path, "/sys/module/vfio") ||
		has_prefix(path, "/sys/bus/pci/devices") ||
		has_prefix(path, "/sys/bus/pci/drivers") ||
		has_prefix(path, "/dev/vfio/"));
}

static const char *
redirect(const char *path, char *buf, size_t len)
{
	if (!is_platform_path(path) || has_prefix(path, "/dev/"))
		return path;
	/* A program without the EAL: the platform starts now. */
	vemu_platform_activate();
	if (vemu.root[0] == '\0')
		return path;
	if ((size_t)snprintf(buf, len, "%s%s", vemu.root, path) < len)
		return buf;
	return path;
}

/* /sys/bus/pci/devices/<bdf>/<leaf> of an emulated function, or NULL. */
static struct vemu_fn *
sysfs_function(const char *path, const char **leaf)
{
	static const char dir[] = "/sys/bus/pci/devices/";
	unsigned int i;

	if (!has_prefix(path, dir))
		return NULL;
	path += strlen(dir);
	for (i = 0; i < vemu.nfn; i++) {
		size_t n = strlen(vemu.fn[i].bdf);

		if (strncmp(path, vemu.fn[i].bdf, n) == 0 && path[n] == '/') {
			*leaf = path + n + 1;
			return &vemu.fn[i];
		}
	}
	return NULL;
}

/*
 * /dev/vfio/vfio, /dev/vfio/<emulated group> or /dev/kmsg: returns an fd,
 * or -2 for any other path.
 */
static int
open_emulated_node(const char *path, int flags)
{
	struct vemu_fn *fn;
	const char *leaf;
	unsigned long num;
	char *end;

	if (is_platform_path(path))
		vemu_platform_activate();
	if (path == NULL || vemu.nfn == 0)
		return -2;
	if (strcmp(path, "/dev/kmsg") == 0)
		return vemu_kmsg_open(flags);
	fn = sysfs_function(path, &leaf);
	if (fn != NULL)
		return vemu_sysfs_node_open(fn, leaf);
	if (!has_prefix(path, "/dev/vfio/"))
		return -2;
	path += strlen("/dev/vfio/");
	if (strcmp(path, "vfio") == 0)
		return vemu_container_open();
	num = strtoul(path, &end, 10);
	if (end == path || *end != '\0')
		return -2;
	if (num >= VEMU_GROUP_BASE && num < VEMU_GROUP_BASE + vemu.nfn)
		return vemu_group_open((unsigned int)num);
	/*
	 * A group that is not emulated: refuse it rather than open the
	 * machine's real VFIO group.
	 */
	errno = ENOENT;
	return -1;
}

static int
do_open(const char *path, int flags, mode_t mode)
{
	char buf[PATH_MAX];
	int fd;

	resolve();
	fd = open_emulated_node(path, flags);
	if (fd != -2)
		return fd;
	return real_open(redirect(path, buf, sizeof(buf)), flags, mode);
}

#define OPEN_MODE(flags, mode) do {					\
	if ((flags) & (O_CREAT | O_TMPFILE)) {				\
		va_list ap;						\
		va_start(ap, flags);					\
		mode = va_arg(ap, mode_t);				\
		va_end(ap);						\
	}								\
} while (0)

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	return do_open(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	return do_open(path, flags, mode);
}

int
__open_2(const char *path, int flags)
{
	return do_open(path, flags, 0);
}

int
__open64_2(const char *path, int flags)
{
	return do_open(path, flags, 0);
}

static int
do_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	char buf[PATH_MAX];
	int fd;

	resolve();
	if (path != NULL && path[0] == '/') {
		fd = open_emulated_node(path, flags);
		if (fd != -2)
			return fd;
		path = redirect(path, buf, sizeof(buf));
	}
	return real_openat(dirfd, path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	return do_openat(dirfd, path, flags, mode);
}

int
openat64(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	OPEN_MODE(flags, mode);
	return do_openat(dirfd, path, flags, mode);
}

int
stat(const char *path, struct stat *st)
{
	char buf[PATH_MAX];

	resolve();
	return real_stat(redirect(path, buf, sizeof(buf)), st);
}

int
stat64(const char *path, struct stat64 *st)
{
	char buf[PATH_MAX];

	resolve();
	/* On x86_64 struct stat and struct stat64 are the same layout. */
	return real_stat(redirect(path, buf, sizeof(buf)), (struct stat *)st);
}

int
lstat(const char *path, struct stat *st)
{
	char buf[PATH_MAX];

	resolve();
	return real_lstat(redirect(path, buf, sizeof(buf)), st);
}

int
lstat64(const char *path, struct stat64 *st)
{
	char buf[PATH_MAX];

	resolve();
	return real_lstat(redirect(path, buf, sizeof(buf)), (struct stat *)st);
}

DIR *
opendir(const char *path)
{
	char buf[PATH_MAX];

	resolve();
	return real_opendir(redirect(path, buf, sizeof(buf)));
}

ssize_t
readlink(const char *path, char *out, size_t len)
{
	char buf[PATH_MAX];

	resolve();
	return real_readlink(redirect(path, buf, sizeof(buf)), out, len);
}

int
access(const char *path, int mode)
{
	char buf[PATH_MAX];

	resolve();
	return real_access(redirect(path, buf, sizeof(buf)), mode);
}

/* glibc's fopen() opens without going through open(). */
FILE *
fopen(const char *path, const char *mode)
{
	char buf[PATH_MAX];

	resolve();
	return real_fopen(redirect(path, buf, sizeof(buf)), mode);
}

FILE *
fopen64(const char *path, const char *mode)
{
	return fopen(path, mode);
}

int
close(int fd)
{
	resolve();
	if (vemu_fd_is_ours(fd))
		return vemu_fd_close(fd);
	if (vemu_kmsg_is_ours(fd))
		vemu_kmsg_forget(fd);
	return real_close(fd);
}

off_t
lseek(int fd, off_t off, int whence)
{
	resolve();
	if (vemu_kmsg_is_ours(fd))
		return vemu_kmsg_seek(fd, off, whence);
	return real_lseek(fd, off, whence);
}

off_t
lseek64(int fd, off_t off, int whence)
{
	return lseek(fd, off, whence);
}

int
ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	resolve();
	if (vemu_fd_is_ours(fd))
		return vemu_fd_ioctl(fd, req, arg);
	/* A VFIO ioctl on a descriptor another process passed us. */
	if (_IOC_TYPE(req) == VFIO_TYPE && vemu_fd_adopt(fd))
		return vemu_fd_ioctl(fd, req, arg);
	return real_ioctl(fd, req, arg);
}

ssize_t
pread(int fd, void *buf, size_t n, off_t off)
{
	resolve();
	if (vemu_fd_is_ours(fd))
		return vemu_fd_pread(fd, buf, n, (uint64_t)off);
	return real_pread(fd, buf, n, off);
}

ssize_t
pread64(int fd, void *buf, size_t n, off_t off)
{
	return pread(fd, buf, n, off);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	resolve();
	if (vemu_fd_is_ours(fd))
		return vemu_fd_pwrite(fd, buf, n, (uint64_t)off);
	return real_pwrite(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	return pwrite(fd, buf, n, off);
}

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	bool handled = false;
	void *p;

	resolve();
	if (fd >= 0 && vemu_fd_is_ours(fd)) {
		p = vemu_fd_mmap(addr, len, prot, flags, fd, (uint64_t)off,
				 &handled);
		if (handled)
			return p;
	}
	return real_mmap(addr, len, prot, flags, fd, off);
}

void *
mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return mmap(addr, len, prot, flags, fd, off);
}

ssize_t
vemu_real_pread(int fd, void *buf, size_t n, off_t off)
{
	resolve();
	return real_pread(fd, buf, n, off);
}

/* Used by the platform itself to map its memfds. */
void *vemu_real_mmap(void *addr, size_t len, int prot, int flags, int fd,
		     off_t off);
void *
vemu_real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	resolve();
	return real_mmap(addr, len, prot, flags, fd, off);
}

__attribute__((constructor(101)))
static void
preload_init(void)
{
	resolve();
}

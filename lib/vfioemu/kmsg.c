/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The emulated machine's kernel log, /dev/kmsg.  On a real machine the
 * IOMMU reports a DMA it refused to the kernel, not to the device nor to
 * user space: VFIO type 1 has no fault notification, and the only record
 * is the line the IOMMU driver prints.  So that a driver (or a test) can
 * read the emulated IOMMU's faults the way it would read a real one's,
 * every fault of the IOMMU model is printed here as a Linux 6.1 kernel
 * (Debian 12) with Intel VT-d prints it (drivers/iommu/intel/dmar.c):
 *
 *   DMAR: DRHD: handling fault status reg 2
 *   DMAR: [DMA Write NO_PASID] Request device [00:10.0] fault addr
 *     0x7f3a5c000 [fault reason 0x05] PTE Write access is not set
 *
 * The address is the page of the first byte refused: VT-d's fault
 * recording registers hold a page address (VT-d specification 10.4.14,
 * FRCD_REG.FI).  The reason codes are VT-d's for second-level
 * translation: 0x02 (no context entry: the device is in no domain), 0x04
 * (beyond the 48-bit address width), 0x05 / 0x06 (no write / read
 * permission: the page is not mapped, or not for that access).
 *
 * Reading follows the /dev/kmsg interface (Documentation/ABI/testing/
 * dev-kmsg): one record per read(), "prio,seq,usec,flags;text\n"; a new
 * reader starts at the oldest record kept; lseek(SEEK_END) skips to the
 * end, SEEK_SET and SEEK_DATA go back to the oldest record; O_NONBLOCK
 * reads fail with EAGAIN at the end; poll() says POLLIN when a record is
 * waiting.  Each reader is one end of an AF_UNIX SOCK_SEQPACKET pair
 * (record boundaries and poll for free); the platform writes records to
 * the other end.  Differences from Linux: only the IOMMU's records are
 * logged; the kernel's rate limit on fault messages (10 per 5 s) is not
 * applied; writing to /dev/kmsg is refused (EACCES); with IXEMU_KMSG=off
 * (devtools/ixemu --kmsg off) opening it fails with EACCES, as for an
 * unprivileged process with kernel.dmesg_restrict=1.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vfioemu.h"

#define KMSG_HISTORY	256		/* records kept for new readers */
#define KMSG_READERS	16
#define KMSG_REC_MAX	256
/* Linux's MGAW with 4-level second-level tables. */
#define VTD_ADDR_WIDTH	48

struct kmsg_record {
	uint16_t len;
	char text[KMSG_REC_MAX];
};

struct kmsg_reader {
	int fd;			/* the application's end; -1: free */
	int wfd;		/* ours */
	ino_t ino;		/* of fd, to tell a reused fd number */
	uint64_t dropped;	/* records the reader had no room for */
};

static struct kmsg_record history[KMSG_HISTORY];
static uint64_t next_seq;	/* records logged so far */
static struct kmsg_reader readers[KMSG_READERS] = {
	[0 ... KMSG_READERS - 1] = { .fd = -1, .wfd = -1 },
};
static int kmsg_state = -1;	/* -1: not read yet, 0: off, 1: on */
static unsigned int nreaders;	/* atomic: close() and lseek() look first */

static bool
kmsg_enabled(void)
{
	if (kmsg_state < 0) {
		const char *s = getenv("IXEMU_KMSG");

		kmsg_state = s == NULL || strcmp(s, "off") != 0;
	}
	return kmsg_state == 1;
}

static ino_t
fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

/* Lock held.  The reader whose application end is fd (-1: a free one). */
static struct kmsg_reader *
reader_of(int fd)
{
	unsigned int i;

	for (i = 0; i < KMSG_READERS; i++)
		if (readers[i].fd == fd)
			return &readers[i];
	return NULL;
}

static void
reader_drop(struct kmsg_reader *r)
{
	real_close(r->wfd);
	__atomic_store_n(&r->fd, -1, __ATOMIC_RELEASE);
	r->wfd = -1;
	__atomic_fetch_sub(&nreaders, 1, __ATOMIC_RELEASE);
}

/* Lock held.  Queue one record for one reader. */
static void
reader_push(struct kmsg_reader *r, const struct kmsg_record *rec)
{
	if (send(r->wfd, rec->text, rec->len, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
		return;
	if (errno == EAGAIN || errno == ENOBUFS) {
		/* Linux would report EPIPE (records lost); keep going. */
		if (r->dropped++ == 0)
			vemu_log("kmsg: a reader does not keep up; records "
				 "dropped");
		return;
	}
	/* The application closed its end without close() (fclose, exec). */
	reader_drop(r);
}

/* Lock held.  Empty what a reader has queued (lseek). */
static void
reader_drain(struct kmsg_reader *r)
{
	char buf[KMSG_REC_MAX];

	while (recv(r->fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/* Lock held.  Queue every record kept, oldest first. */
static void
reader_replay(struct kmsg_reader *r)
{
	uint64_t s = next_seq > KMSG_HISTORY ? next_seq - KMSG_HISTORY : 0;

	for (; s < next_seq && r->fd >= 0; s++)
		reader_push(r, &history[s % KMSG_HISTORY]);
}

/* Lock held.  Log one kernel record (KERN_ERR, facility kernel). */
static void
kmsg_log(const char *fmt, ...)
{
	struct kmsg_record *rec = &history[next_seq % KMSG_HISTORY];
	struct timespec ts;
	unsigned int i;
	va_list ap;
	int n, m;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	n = snprintf(rec->text, sizeof(rec->text), "3,%" PRIu64 ",%" PRIu64
		     ",-;", next_seq, (uint64_t)ts.tv_sec * 1000000u +
		     (uint64_t)ts.tv_nsec / 1000u);
	va_start(ap, fmt);
	m = vsnprintf(rec->text + n, sizeof(rec->text) - n - 1, fmt, ap);
	va_end(ap);
	n += m < (int)sizeof(rec->text) - n - 1 ? m :
	     (int)sizeof(rec->text) - n - 2;
	rec->text[n++] = '\n';
	rec->len = (uint16_t)n;
	next_seq++;
	for (i = 0; i < KMSG_READERS; i++)
		if (readers[i].fd >= 0)
			reader_push(&readers[i], rec);
}

/*
 * Lock held.  The page VT-d would report for a refused access of len
 * bytes at iova, and the reason code; 'dom' NULL: no domain at all.
 */
static uint64_t
refused_page(const struct iommu_domain *dom, uint64_t iova, uint64_t len,
	     bool write, unsigned int *reason)
{
	uint32_t prot = write ? IOMMU_PROT_WRITE : IOMMU_PROT_READ;
	uint64_t cur = iova & ~4095ull, last = iova + (len ? len - 1 : 0);

	if (last < iova)		/* wraps around: beyond any width */
		last = UINT64_MAX;
	*reason = write ? 0x05 : 0x06;
	if (dom == NULL) {
		*reason = 0x02;
		return cur;
	}
	for (;;) {
		const struct iommu_mapping *m;

		if (cur >> VTD_ADDR_WIDTH) {
			*reason = 0x04;
			return cur;
		}
		m = iommu_lookup(dom, cur);
		if (m == NULL || !(m->prot & prot))
			return cur;
		if (m->iova + m->size - 1 >= last)
			return iova & ~4095ull;	/* all there: report the start */
		cur = m->iova + m->size;
	}
}

static const char *const vtd_reasons[] = {
	[0x02] = "Present bit in context entry is clear",
	[0x04] = "Access beyond MGAW",
	[0x05] = "PTE Write access is not set",
	[0x06] = "PTE Read access is not set",
};

void
vemu_kmsg_iommu_fault(struct vemu_fn *fn, uint64_t iova, uint64_t len,
		      bool write)
{
	unsigned int reason;
	uint64_t page = refused_page(vemu_fn_domain(fn), iova, len, write,
				     &reason);
	/* "0000:00:10.0" -> bus 00, device 10, function 0 */
	const char *rid = strlen(fn->bdf) > 5 ? fn->bdf + 5 : fn->bdf;

	kmsg_log("DMAR: DRHD: handling fault status reg 2");
	kmsg_log("DMAR: [%s NO_PASID] Request device [%s] fault addr 0x%"
		 PRIx64 " [fault reason 0x%02x] %s",
		 write ? "DMA Write" : "DMA Read", rid, page, reason,
		 vtd_reasons[reason]);
}

int
vemu_kmsg_open(int flags)
{
	struct kmsg_reader *r;
	int sv[2], big = 1 << 20;

	if (!kmsg_enabled() || (flags & O_ACCMODE) != O_RDONLY) {
		errno = EACCES;
		return -1;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	if ((flags & O_NONBLOCK) && fcntl(sv[0], F_SETFL, O_NONBLOCK) < 0)
		goto fail;
	if (!(flags & O_CLOEXEC))
		fcntl(sv[0], F_SETFD, 0);
	/* Room for the whole history and more (root: SO_SNDBUFFORCE). */
	if (setsockopt(sv[1], SOL_SOCKET, SO_SNDBUFFORCE, &big,
		       sizeof(big)) < 0)
		setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	vemu_lock();
	r = reader_of(-1);
	if (r == NULL) {
		vemu_unlock();
		errno = EMFILE;
		goto fail;
	}
	r->wfd = sv[1];
	r->ino = fd_ino(sv[0]);
	__atomic_store_n(&r->fd, sv[0], __ATOMIC_RELEASE);
	r->dropped = 0;
	__atomic_fetch_add(&nreaders, 1, __ATOMIC_RELEASE);
	reader_replay(r);
	vemu_unlock();
	return sv[0];
fail:
	real_close(sv[0]);
	real_close(sv[1]);
	return -1;
}

/*
 * Without the lock: close() comes here for every descriptor of the
 * process, some of them closed by platform code that holds the lock.
 */
bool
vemu_kmsg_is_ours(int fd)
{
	unsigned int i;

	if (fd < 0 || __atomic_load_n(&nreaders, __ATOMIC_ACQUIRE) == 0)
		return false;
	for (i = 0; i < KMSG_READERS; i++)
		if (__atomic_load_n(&readers[i].fd, __ATOMIC_ACQUIRE) == fd)
			return readers[i].ino == fd_ino(fd);
	return false;
}

long
vemu_kmsg_seek(int fd, long off, int whence)
{
	struct kmsg_reader *r;

	if (off != 0 || (whence != SEEK_SET && whence != SEEK_END &&
			 whence != SEEK_DATA)) {
		/* Linux: SEEK_CUR is ESPIPE, an offset other than 0 EINVAL */
		errno = whence == SEEK_CUR ? ESPIPE : EINVAL;
		return -1;
	}
	vemu_lock();
	r = fd >= 0 ? reader_of(fd) : NULL;
	if (r != NULL) {
		reader_drain(r);
		if (whence != SEEK_END)
			reader_replay(r);
	}
	vemu_unlock();
	return 0;
}

void
vemu_kmsg_forget(int fd)
{
	struct kmsg_reader *r;

	vemu_lock();
	r = fd >= 0 ? reader_of(fd) : NULL;
	if (r != NULL)
		reader_drop(r);
	vemu_unlock();
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The fault watch: IOMMU faults of the domains' devices, read from the
 * kernel log (see "IOMMU faults" in dmaguard.h).
 *
 * One reader per process, shared by every domain: a /dev/kmsg descriptor
 * opened when the first domain is created, positioned at the end of the
 * log (older faults are not ours to count), and registered with the EAL's
 * interrupt thread, which calls watch_records() whenever a record is
 * waiting.  Queries read what is pending too, so a count read right after
 * an attack already includes it.  Reads of the descriptor and the list of
 * domains are under watch.lock; a domain's counters under its own lock,
 * always taken after watch.lock.
 *
 * Only the primary process creates domains and watches; a secondary
 * reads a domain's counters from shared memory, and the watch's state
 * (status, faults the kernel did not log) from the copy the primary
 * keeps in each domain it watches (watch_publish()).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_interrupts.h>
#include <rte_pause.h>

#include "dmaguard_priv.h"

#define KMSG_PATH		"/dev/kmsg"
#define KMSG_RECORD_MAX		8192	/* Linux: 1024 text + dictionary */
/* Our own log lines per domain: the kernel's default rate limit. */
#define FAULT_LOG_BURST		10
#define FAULT_LOG_WINDOW_S	5

static struct {
	pthread_mutex_t lock;
	struct dmaguard_domain *doms;	/* linked by watch_next */
	int fd;				/* -1: not watching */
	struct rte_intr_handle *intr;	/* NULL: queries only */
	char status[96];
	uint64_t kernel_suppressed;
	uint64_t records;
} watch = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.fd = -1,
	.status = "off: no domain",
};

static const char *
dir_name(enum dmaguard_fault_dir d)
{
	return d == DMAGUARD_FAULT_WRITE ? "write" :
	       d == DMAGUARD_FAULT_READ ? "read" : "access";
}

static bool
same_device(const struct dmaguard_fault *f, const struct rte_pci_addr *a)
{
	return f->dev.bus == a->bus && f->dev.devid == a->devid &&
	       f->dev.function == a->function &&
	       (!f->dev_has_domain || f->dev.domain == a->domain);
}

/* watch.lock held.  The domain holding the faulting device, if any. */
static struct dmaguard_domain *
domain_of(const struct dmaguard_fault *f, unsigned int *dev)
{
	struct dmaguard_domain *dom;
	unsigned int i;

	for (dom = watch.doms; dom != NULL; dom = dom->watch_next) {
		rte_spinlock_lock(&dom->lock);
		for (i = 0; i < dom->ndev; i++) {
			if (same_device(f, &dom->dev_addr[i])) {
				rte_spinlock_unlock(&dom->lock);
				*dev = i;
				return dom;
			}
		}
		rte_spinlock_unlock(&dom->lock);
	}
	return NULL;
}

/* watch.lock held.  Count the fault in its domain and log it. */
static void
fault_record(struct dmaguard_domain *dom, unsigned int dev,
	     const struct dmaguard_fault *f)
{
	uint64_t now = rte_get_timer_cycles(), total, skipped = 0;
	bool log = false;

	rte_spinlock_lock(&dom->lock);
	dom->flt_faults++;
	dom->flt_reads += f->dir == DMAGUARD_FAULT_READ;
	dom->flt_writes += f->dir == DMAGUARD_FAULT_WRITE;
	dom->flt_recent[dom->flt_recent_next % DMAGUARD_RECENT_FAULTS] = *f;
	dom->flt_recent_next++;
	if (dom->flt_logged_in_window == 0 ||
	    now - dom->flt_log_window >
	    rte_get_timer_hz() * FAULT_LOG_WINDOW_S) {
		dom->flt_log_window = now;
		dom->flt_logged_in_window = 0;
	}
	if (dom->flt_logged_in_window < FAULT_LOG_BURST) {
		dom->flt_logged_in_window++;
		skipped = dom->flt_unlogged - dom->flt_unlogged_mark;
		dom->flt_unlogged_mark = dom->flt_unlogged;
		log = true;
	} else {
		dom->flt_unlogged++;
	}
	total = dom->flt_faults;
	rte_spinlock_unlock(&dom->lock);
	if (!log)
		return;
	DMAGUARD_LOG(ERR, "domain '%s': the IOMMU refused a DMA %s by %s at "
		     "IOVA 0x%" PRIx64 " (%s: %s); %" PRIu64 " fault%s so far"
		     ", %" PRIu64 " not logged since the last line", dom->name,
		     dir_name(f->dir), dom->dev_name[dev], f->iova, f->iommu,
		     f->reason[0] ? f->reason : "?", total,
		     total == 1 ? "" : "s", skipped);
}

/* watch.lock held.  The watch's state, copied into every domain. */
static void
watch_publish(void)
{
	struct dmaguard_domain *dom;

	for (dom = watch.doms; dom != NULL; dom = dom->watch_next) {
		rte_spinlock_lock(&dom->lock);
		dom->flt_watched = watch.fd >= 0;
		dom->flt_kernel_suppressed = watch.kernel_suppressed;
		snprintf(dom->flt_watch_status, sizeof(dom->flt_watch_status),
			 "%s", watch.status);
		rte_spinlock_unlock(&dom->lock);
	}
}

/* watch.lock held.  Read every record waiting; returns -1 if the log fails. */
static int
watch_records(void)
{
	static char rec[KMSG_RECORD_MAX];
	struct dmaguard_fault f;
	uint64_t suppressed;
	unsigned int dev;
	ssize_t n;

	if (watch.fd < 0)
		return 0;
	for (;;) {
		n = read(watch.fd, rec, sizeof(rec));
		if (n < 0 && (errno == EPIPE || errno == EINTR))
			continue;	/* EPIPE: records overwritten, go on */
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0)
			return -1;
		watch.records++;
		switch (dmaguard_kmsg_parse(rec, (size_t)n, &f, &suppressed)) {
		case DMAGUARD_KMSG_FAULT: {
			struct dmaguard_domain *dom = domain_of(&f, &dev);

			if (dom != NULL)
				fault_record(dom, dev, &f);
			break;
		}
		case DMAGUARD_KMSG_SUPPRESSED:
			watch.kernel_suppressed += suppressed;
			watch_publish();
			DMAGUARD_LOG(WARNING, "the kernel did not log %" PRIu64
				     " IOMMU fault message(s) (its rate "
				     "limit): faults of our devices may be "
				     "among them, uncounted", suppressed);
			break;
		default:
			break;
		}
	}
}

static void
watch_close_locked(struct rte_intr_handle **intr, int *fd)
{
	*intr = watch.intr;
	*fd = watch.fd;
	watch.intr = NULL;
	watch.fd = -1;
}

/* EAL interrupt thread: a record is waiting. */
static void
watch_interrupt(void *arg __rte_unused)
{
	struct rte_intr_handle *intr = NULL;
	int fd = -1;

	pthread_mutex_lock(&watch.lock);
	if (watch_records() < 0 && watch.fd >= 0) {
		snprintf(watch.status, sizeof(watch.status),
			 "off: reading %s failed", KMSG_PATH);
		DMAGUARD_LOG(ERR, "reading %s failed: IOMMU faults are no "
			     "longer counted", KMSG_PATH);
		watch_close_locked(&intr, &fd);
		watch_publish();
	}
	pthread_mutex_unlock(&watch.lock);
	if (intr != NULL) {
		/* From its own callback: the EAL removes it afterwards. */
		rte_intr_callback_unregister_pending(intr, watch_interrupt,
						     NULL, NULL);
		rte_intr_instance_free(intr);
	}
	if (fd >= 0)
		close(fd);
}

/* watch.lock held: open the log, at its end, and hand it to the EAL. */
static void
watch_open_locked(void)
{
	struct rte_intr_handle *intr;
	int fd = open(KMSG_PATH, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		snprintf(watch.status, sizeof(watch.status), "off: %s: %s",
			 KMSG_PATH, strerror(errno));
		DMAGUARD_LOG(WARNING, "IOMMU faults cannot be counted: %s "
			     "(the kernel log; root or CAP_SYSLOG reads it); "
			     "the IOMMU still refuses the DMA", watch.status + 5);
		return;
	}
	/* Faults logged before us are not ours to count. */
	if (lseek(fd, 0, SEEK_END) < 0)
		DMAGUARD_LOG(WARNING, "%s: cannot skip to its end: %s",
			     KMSG_PATH, strerror(errno));
	watch.fd = fd;
	snprintf(watch.status, sizeof(watch.status), "kernel log (%s)",
		 KMSG_PATH);
	intr = rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
	if (intr != NULL && rte_intr_fd_set(intr, fd) == 0 &&
	    rte_intr_type_set(intr, RTE_INTR_HANDLE_EXT) == 0 &&
	    rte_intr_callback_register(intr, watch_interrupt, NULL) == 0) {
		watch.intr = intr;
	} else {
		/* Still counted: every query reads what is pending. */
		rte_intr_instance_free(intr);
		snprintf(watch.status, sizeof(watch.status),
			 "kernel log (%s), read on queries only", KMSG_PATH);
	}
	DMAGUARD_LOG(INFO, "IOMMU faults: watching the %s", watch.status);
}

void
dmaguard_fault_watch_join(struct dmaguard_domain *dom)
{
	pthread_mutex_lock(&watch.lock);
	if (watch.doms == NULL && watch.fd < 0)
		watch_open_locked();
	dom->watch_next = watch.doms;
	watch.doms = dom;
	watch_publish();
	pthread_mutex_unlock(&watch.lock);
}

void
dmaguard_fault_watch_leave(struct dmaguard_domain *dom)
{
	struct dmaguard_domain **pp;
	struct rte_intr_handle *intr = NULL;
	int fd = -1;

	pthread_mutex_lock(&watch.lock);
	/* What the domain's devices did up to now is still theirs. */
	watch_records();
	for (pp = &watch.doms; *pp != NULL; pp = &(*pp)->watch_next) {
		if (*pp == dom) {
			*pp = dom->watch_next;
			break;
		}
	}
	if (watch.doms == NULL) {
		watch_close_locked(&intr, &fd);
		snprintf(watch.status, sizeof(watch.status), "off: no domain");
	}
	pthread_mutex_unlock(&watch.lock);
	/*
	 * Outside the lock: the callback may be waiting for it.  Not called
	 * from the callback itself, so unregistering cannot wait on us.
	 */
	if (intr != NULL) {
		while (rte_intr_callback_unregister(intr, watch_interrupt,
						    NULL) == -EAGAIN)
			rte_pause();
		rte_intr_instance_free(intr);
	}
	if (fd >= 0)
		close(fd);
}

/*
 * What a query returns, after reading what is pending so that it sees
 * everything logged so far: the counters, and up to max of the recent
 * faults (oldest first) if out is not NULL; returns how many were copied.
 * One read of the log and one lock hold for both, so that a report (the
 * telemetry dict) shows counters and list of the same moment.
 */
int
dmaguard_faults_snapshot(struct dmaguard_domain *dom,
			 struct dmaguard_fault_counters *c,
			 struct dmaguard_fault *out, unsigned int max)
{
	unsigned int n = 0, i, first;

	pthread_mutex_lock(&watch.lock);
	watch_records();
	memset(c, 0, sizeof(*c));
	rte_spinlock_lock(&dom->lock);
	/* The primary's watch (this process's, in the primary). */
	c->kernel_suppressed = dom->flt_kernel_suppressed;
	c->watched = dom->flt_watched;
	c->faults = dom->flt_faults;
	c->reads = dom->flt_reads;
	c->writes = dom->flt_writes;
	c->unlogged = dom->flt_unlogged;
	if (out != NULL) {
		n = RTE_MIN(dom->flt_recent_next,
			    (unsigned int)DMAGUARD_RECENT_FAULTS);
		n = RTE_MIN(n, max);
		first = dom->flt_recent_next - n;
		for (i = 0; i < n; i++)
			out[i] = dom->flt_recent[(first + i) %
						 DMAGUARD_RECENT_FAULTS];
	}
	rte_spinlock_unlock(&dom->lock);
	pthread_mutex_unlock(&watch.lock);
	return (int)n;
}

int
dmaguard_faults_get(struct dmaguard_domain *dom,
		    struct dmaguard_fault_counters *c)
{
	if (dom == NULL || c == NULL)
		return -EINVAL;
	dmaguard_faults_snapshot(dom, c, NULL, 0);
	return 0;
}

int
dmaguard_faults_recent(struct dmaguard_domain *dom,
		       struct dmaguard_fault *out, unsigned int max)
{
	struct dmaguard_fault_counters c;

	if (dom == NULL || (out == NULL && max != 0))
		return -EINVAL;
	return dmaguard_faults_snapshot(dom, &c, out, max);
}

int
dmaguard_fault_watch_status_of(struct dmaguard_domain *dom, char *buf,
			       size_t len)
{
	int on;

	rte_spinlock_lock(&dom->lock);
	on = dom->flt_watched;
	if (buf != NULL && len > 0)
		snprintf(buf, len, "%s", dom->flt_watch_status);
	rte_spinlock_unlock(&dom->lock);
	return on;
}

int
dmaguard_fault_watch_status(char *buf, size_t len)
{
	int on;

	pthread_mutex_lock(&watch.lock);
	on = watch.fd >= 0;
	if (buf != NULL && len > 0)
		snprintf(buf, len, "%s", watch.status);
	pthread_mutex_unlock(&watch.lock);
	return on;
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Internal state of the emulated VFIO platform.
 *
 * Locking: one spinlock (vemu_lock) serialises everything that touches the
 * IOMMU domains, the device models and the VFIO object tables: ioctls,
 * trapped MMIO accesses and the model thread's polling rounds.  It is
 * taken from the SIGSEGV handler, so it is a spinlock and nothing holding
 * it may touch trapped memory.
 */
#ifndef VFIOEMU_H
#define VFIOEMU_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "iommu.h"

struct ixm_dev;

#define VEMU_MAX_FUNCTIONS 8
#define VEMU_GROUP_BASE 100	/* emulated IOMMU group numbers start here */
#define VEMU_CFG_SIZE 4096

enum vemu_obj_type {
	VEMU_OBJ_NONE = 0,
	VEMU_OBJ_CONTAINER,
	VEMU_OBJ_GROUP,
	VEMU_OBJ_DEVICE,
	/* sysfs files of a function: config, resource0, resource4 */
	VEMU_OBJ_CFG_FILE,
	VEMU_OBJ_BAR0_FILE,
	VEMU_OBJ_BAR4_FILE,
};

struct vemu_container {
	unsigned int seq;	/* 1, 2, ...: order the process opened it */
	pid_t remote_owner;	/* adopted (remote.c): the owner's, seq too */
	bool iommu_set;		/* VFIO_SET_IOMMU done: domain is live */
	unsigned int ngroups;
	char members[64];	/* functions that joined, for the report */
	struct iommu_domain dom;
};

/* One "ixemu: domain ..." line: a domain's IOMMU and IOTLB counters. */
void vemu_domain_report(const struct vemu_container *c, const char *state);

struct vemu_fn;

struct vemu_group {
	unsigned int num;
	bool open;
	struct vemu_container *container;
	struct vemu_fn *fn;	/* one function per group (ACS) */
};

struct vemu_fn {
	unsigned int index;
	char bdf[16];
	uint16_t device_id;
	struct vemu_group group;
	bool dev_open;
	/* Secondary (remote.c): the process whose model serves this
	 * function, or 0 when it is this process's own. */
	pid_t remote_owner;
	uint8_t cfg[VEMU_CFG_SIZE];
	uint8_t cfg_wmask[VEMU_CFG_SIZE];	/* writable config bits */
	/* BARs: memfd-backed; the model sees its own mapping. */
	int bar_memfd[2];		/* [0]: BAR0, [1]: BAR4 */
	uint8_t *bar_model[2];
	uint8_t *bar_user[2];		/* where the driver mapped it */
	uint64_t bar_user_len[2];
	uint32_t queue_page_open;	/* bitmap: queue pages mapped RW */
	uint64_t mmio_traps;		/* trapped BAR0 accesses */
	uint64_t doorbell_traps;	/* of which tail doorbell writes */
	uint64_t control_quiet_at;	/* doorbells stay trapped until then */
	uint64_t audited;		/* DMA addresses the driver handed over */
	uint64_t audit_violations;	/* of which outside the domain */
	uint64_t audit_lo, audit_hi;	/* last mapping the audit found */
	int msix_efd[64];
	struct ixm_dev *ixm;
	struct vemu_fn *peer;		/* other end of the cable */
	uint64_t link_changes;
};

struct vemu_platform {
	unsigned int nfn;
	struct vemu_fn fn[VEMU_MAX_FUNCTIONS];
	char root[256];			/* fake sysfs root */
	unsigned int iotlb_entries;
	unsigned int max_page_shift;
	char report_path[256];
	char control_path[256];
	/* totals over domains that were destroyed */
	uint64_t dead_maps, dead_unmaps, dead_hits, dead_misses;
};

extern struct vemu_platform vemu;

void vemu_lock(void);
void vemu_unlock(void);

/* preload.c: the real libc functions. */
extern int (*real_open)(const char *, int, ...);
extern int (*real_close)(int);
extern int (*real_ioctl)(int, unsigned long, ...);
ssize_t vemu_real_pread(int fd, void *buf, size_t n, off_t off);

/* vfio.c */
int vemu_container_open(void);
int vemu_group_open(unsigned int num);
int vemu_fd_close(int fd);
int vemu_fd_ioctl(int fd, unsigned long req, void *arg);
long vemu_fd_pread(int fd, void *buf, size_t n, uint64_t off);
long vemu_fd_pwrite(int fd, const void *buf, size_t n, uint64_t off);
void *vemu_fd_mmap(void *addr, size_t len, int prot, int flags, int fd,
		   uint64_t off, bool *handled);
bool vemu_fd_is_ours(int fd);
/* An emulated object another process passed us (SCM_RIGHTS): take it
 * in when fd is one; returns whether fd is ours now. */
bool vemu_fd_adopt(int fd);
/* Map or unmap through the container numbered seq (remote.c); returns 0
 * or a positive errno, the bytes unmapped in *done. */
int vemu_container_dma(unsigned int seq, bool map, uint64_t iova,
		       uint64_t size, uint64_t vaddr, uint32_t prot,
		       uint64_t *done);
/* /sys/bus/pci/devices/<bdf>/<leaf>: an fd, or -2 for another leaf. */
int vemu_sysfs_node_open(struct vemu_fn *fn, const char *leaf);

/* pci_cfg.c */
void vemu_cfg_init(struct vemu_fn *fn);
void vemu_cfg_read(struct vemu_fn *fn, uint32_t off, void *buf, size_t n);
void vemu_cfg_write(struct vemu_fn *fn, uint32_t off, const void *buf,
		    size_t n);
bool vemu_cfg_bus_master(const struct vemu_fn *fn);

/* platform.c: set the platform up once (first VFIO or sysfs access of a
 * program without the EAL; at load time for DPDK programs). */
void vemu_platform_activate(void);

/* sysfs.c */
int vemu_sysfs_build(void);
void vemu_sysfs_remove(void);

/* remote.c: secondaries reach the owner's model over a socket. */
int vemu_remote_serve(void);
uint64_t vemu_remote_reg_read(struct vemu_fn *fn, uint32_t off,
			      unsigned int size);
void vemu_remote_reg_write(struct vemu_fn *fn, uint32_t off,
			   unsigned int size, uint64_t val);
long vemu_remote_cfg(struct vemu_fn *fn, bool write, uint32_t off,
		     void *buf, size_t n);
int vemu_remote_reset(struct vemu_fn *fn);
int vemu_remote_dma(pid_t owner, unsigned int container, bool map,
		    uint64_t iova, uint64_t size, uint64_t vaddr,
		    uint32_t prot, uint64_t *done);

/* mmio_trap.c: BAR0 accesses, on the model (or forwarded). */
uint64_t vemu_bar_read(struct vemu_fn *fn, uint32_t off, unsigned int size);
void vemu_bar_write(struct vemu_fn *fn, uint32_t off, unsigned int size,
		    uint64_t val);

int vemu_trap_install(void);
void vemu_trap_bar_mapped(struct vemu_fn *fn, unsigned int bar);

/*
 * sigsegv.c: the platform's SIGSEGV handler goes first, the program's
 * handler gets the other faults.  Install (once), check that it is still
 * in place (before register accesses), pass a fault on.
 */
int vemu_segv_install(void (*handler)(int, siginfo_t *, void *));
void vemu_segv_check(void);
void vemu_segv_chain(int sig, siginfo_t *si, void *uctx);

/*
 * wire.c: what is at the other end of each port's cable.
 * vemu_wire_config() reads IXEMU_WIRE (and the wire options) at start and
 * sets fn->peer for the cabled kinds; vemu_wire_tx() carries a frame the
 * model transmitted; vemu_wire_poll() is called by the model thread every
 * round, without the platform lock, to bring in frames from outside
 * sources (it takes the lock to deliver them) and returns the number of
 * frames it delivered.
 */
int vemu_wire_config(void);
void vemu_wire_tx(struct vemu_fn *fn, const void *frame, size_t len);
unsigned int vemu_wire_poll(void);
uint64_t vemu_wire_frames(void);
void vemu_wire_fini(void);
/* Control FIFO "pcap PORT FILE": replay FILE into PORT's receive side. */
int vemu_wire_pcap_command(unsigned int port, const char *path);
/* The "wires" member of the --report JSON (lock held). */
void vemu_wire_report(FILE *f);

/*
 * kmsg.c: the emulated kernel log (/dev/kmsg), where the IOMMU's faults
 * are printed as Linux prints VT-d faults.  vemu_kmsg_iommu_fault() is
 * called with the lock held; the others take it.
 */
void vemu_kmsg_iommu_fault(struct vemu_fn *fn, uint64_t iova, uint64_t len,
			   bool write);
int vemu_kmsg_open(int flags);
bool vemu_kmsg_is_ours(int fd);
long vemu_kmsg_seek(int fd, long off, int whence);
void vemu_kmsg_forget(int fd);

/* platform.c */
struct ixemu_fault;
struct ixemu_iommu_counters;
void vemu_set_cable(struct vemu_fn *fn, bool connected);
uint64_t vemu_fault_copy(struct ixemu_fault *out, size_t max);
void vemu_sum_counters(struct ixemu_iommu_counters *c);
void vemu_model_thread_start(void);
/* Park (true) or wake (false) the model thread; parking waits for it. */
void vemu_model_park(bool on);
/* One round of the device side in the caller's thread (sync mode). */
unsigned int vemu_model_step(void);
void vemu_record_fault(struct vemu_fn *fn, uint64_t iova, uint64_t len,
		       bool write, const char *what);
/* host.c: the domain fn's DMA goes through (NULL: none), and the
 * model's host services for fn. */
struct iommu_domain *vemu_fn_domain(struct vemu_fn *fn);
struct ixm_host_ops;
void vemu_host_ops(struct vemu_fn *fn, struct ixm_host_ops *ops);
void vemu_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * sync.c: synchronous mode and its cache model.  vemu_sync_on is set
 * under the lock; while it is, host_dma_ptr() notes every range it
 * translates for a device write (vemu_sync_note_write), and each step
 * brackets its round with vemu_sync_begin()/vemu_sync_end() (lock held),
 * which flush the lines the device wrote.
 */
extern bool vemu_sync_on;
void vemu_sync_note_write(void *p, size_t len);
void vemu_sync_begin(void);
void vemu_sync_end(void);

#endif /* VFIOEMU_H */

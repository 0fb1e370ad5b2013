/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * dmaguard: IOMMU domains with least-privilege mappings, on DPDK's public
 * VFIO API (rte_vfio_container_*).
 *
 * A domain is a VFIO container of its own, holding one port's devices (or
 * the devices of a set of ports that share mempools).  The device can only
 * reach what the domain maps: the port's descriptor rings, the memory
 * chunks of the mempools that feed its RX queues, the memory its TX
 * queues send from and external buffers registered explicitly.  Nothing
 * else of the process (heap, other pools, other ports' rings) is mapped.
 * See doc/dma-confinement.md.
 *
 * Granularity: a mapping covers whole pages of the memory it maps (2 MiB
 * or 1 GiB for hugepage memory, 4 KiB otherwise), so the device can reach
 * the rest of the pages that hold a ring or a pool chunk.  Adjacent pages
 * (contiguous in address and IOVA, same page size) become one mapping.
 *
 * Order of operations (port and strict modes):
 *
 *   dom = dmaguard_domain_create(name, mode);
 *   dmaguard_attach_device(dom, pci_dev);   before the device is set up:
 *                                            before rte_pci_map_device()
 *   rte_pci_map_device(pci_dev);             the EAL puts the device in
 *                                            the domain's container
 *   dmaguard_map_memzone/mempool/external(); as rings and pools appear
 *   dmaguard_domain_start(dom);              a device of the domain runs;
 *                                            strict: domain is sealed
 *   ... datapath: dmaguard_contains() / dmaguard_admit_mbuf() ...
 *   (caller quiesces the device: queues disabled, no DMA in flight)
 *   dmaguard_domain_stop(dom);               returns how many still run
 *   dmaguard_unmap_all(dom);                 only when none runs (-EBUSY)
 *   rte_pci_unmap_device(pci_dev);
 *   dmaguard_domain_destroy(dom);            releases the container
 *
 * Threads: every function except dmaguard_contains() and
 * dmaguard_admit_mbuf() (fast path) is control path; they are serialised
 * by a lock per domain and may be called from any thread.  The fast path
 * takes no lock: it reads a lookup table published with a sequence
 * counter (seqlock); a reader that overlaps an update retries.  Updates
 * only ever add ranges while a device runs, so a reader that sees the old
 * table only misses what is being added.
 */
#ifndef DMAGUARD_H
#define DMAGUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_pci.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_memzone;
struct rte_mempool;
struct rte_mbuf;
struct rte_tel_data;
struct dmaguard_domain;

/* DPDK's limit of user mappings per VFIO container (VFIO_MAX_USER_MEM_MAPS). */
#define DMAGUARD_MAX_MAPPINGS	256
/* Devices (IOMMU groups) per domain. */
#define DMAGUARD_MAX_DEVICES	8
#define DMAGUARD_NAME_LEN	32
#define DMAGUARD_LABEL_LEN	48
/* What a mapping holds, in reports: labels joined with ", ", truncated. */
#define DMAGUARD_WHAT_LEN	96

enum dmaguard_mode {
	/*
	 * The EAL's default container: every DPDK memory segment is mapped
	 * for every device.  The library maps nothing; it records what was
	 * registered for reports, and dmaguard_contains() is always true.
	 */
	DMAGUARD_MODE_SHARED = 0,
	/*
	 * A private domain.  Mappings may be added while the device runs
	 * (a TX mempool seen for the first time is mapped on demand).
	 */
	DMAGUARD_MODE_PORT,
	/*
	 * A private domain to which nothing is added while a device of it
	 * runs: map calls fail with -EPERM between dmaguard_domain_start()
	 * and the last dmaguard_domain_stop().  The PMD drops TX buffers
	 * that dmaguard_contains() refuses.
	 */
	DMAGUARD_MODE_STRICT,
	/*
	 * A private domain for a driver that never lets the device reach
	 * the application's memory: it maps only memory the driver owns
	 * (rings, its own page-aligned buffers), copying packets between
	 * those buffers and the application's mbufs.  Mappings may be added
	 * while a device runs (a queue set up at run time); mempools are
	 * never mapped on demand: dmaguard_admit_mbuf() refuses what is not
	 * mapped, as in strict mode.
	 */
	DMAGUARD_MODE_SHADOW,
};

/* "shared", "port", "strict", "shadow" <-> mode.  Parse returns 0 or -EINVAL. */
int dmaguard_mode_parse(const char *str, enum dmaguard_mode *mode);
const char *dmaguard_mode_name(enum dmaguard_mode mode);

/*
 * A memzone of whole pages that no other allocation shares, so that no
 * IOMMU mapping of another object covers it (dmaguard_zone.c): for
 * state secondary processes read.  The primary reserves it (zeroed) or
 * finds it; a secondary finds it.  NULL with rte_errno set.
 */
struct rte_memzone;
const struct rte_memzone *dmaguard_private_zone(const char *name, size_t len);

/*
 * Create a domain.  Port and strict modes create a VFIO container
 * (rte_vfio_container_create); shared mode uses the EAL's default one.
 * The domain lives in a private zone (above), so a secondary process
 * can read it (counters, mappings, lookups) through the same pointer;
 * only the process that created it maps, unmaps or destroys.
 * Returns NULL with rte_errno set (EINVAL, ENOMEM, ENOSPC: no container).
 */
struct dmaguard_domain *dmaguard_domain_create(const char *name,
					       enum dmaguard_mode mode);

/*
 * Release the domain: unmaps what is left (see dmaguard_unmap_all()),
 * unbinds the groups and destroys the container.  Call it after the
 * domain's devices are released (rte_pci_unmap_device()): the EAL looks the
 * group up in the container when it releases the device.
 * Returns -EBUSY if a device of the domain still runs (nothing is done).
 */
int dmaguard_domain_destroy(struct dmaguard_domain *dom);

/*
 * Bind the IOMMU group of a PCI function to the domain's container.  Must
 * come before the device is set up (rte_pci_map_device(), or the EAL's
 * probe with RTE_PCI_DRV_NEED_MAPPING): the EAL then puts the group in
 * this container instead of the default one, and sets the container's
 * IOMMU up when the first device is set up.  Mappings can be made once a
 * device of the domain is set up.
 * Returns 0; -ENODEV if the function is not bound to vfio-pci; -EBUSY if
 * its group is already open (device already set up, or in another
 * domain); -ENOSPC if the domain has DMAGUARD_MAX_DEVICES devices;
 * -EAGAIN if a device attached earlier is not set up yet: in a domain of
 * several devices, attach and set up one device at a time (the EAL sets
 * a container's IOMMU up only when it holds a single group).
 * Shared mode: records the name and returns 0.
 */
int dmaguard_attach_pci_addr(struct dmaguard_domain *dom,
			     const struct rte_pci_addr *addr);
/* Same, by PCI name ("0000:00:10.0"). */
int dmaguard_attach_name(struct dmaguard_domain *dom, const char *pci_name);
/* Same, for a struct rte_pci_device * (bus_pci_driver.h). */
#define dmaguard_attach_device(dom, pci_dev) \
	dmaguard_attach_pci_addr((dom), &(pci_dev)->addr)

/*
 * Map memory for the domain's devices (read and write).  The whole pages
 * that hold the memory are mapped; pages already mapped are not mapped
 * again; new pages contiguous in address and IOVA are merged.  A call
 * maps all or nothing.  'label' names what it is in reports ("rx ring
 * q0"); NULL: the memzone's or mempool's name.
 * Returns 0, or:
 *   -ENOSPC  the domain would exceed DMAGUARD_MAX_MAPPINGS (logged;
 *            nothing mapped);
 *   -EPERM   strict domain while a device runs;
 *   -EINVAL  memory without IOVA, or bad arguments;
 *   -EIO     VFIO refused the mapping (e.g. no device set up yet).
 */
int dmaguard_map_memzone(struct dmaguard_domain *dom,
			 const struct rte_memzone *mz, const char *label);
/*
 * The same, read-only for the device: a DMA write to it is an IOMMU
 * fault.  For memory the device only reads (what it transmits).  The
 * memory must not share a page with memory the domain maps writable
 * (-EACCES, nothing mapped); reserve it page-aligned, in whole pages.
 * Shared mode cannot honour it (the EAL maps everything read-write): the
 * region is recorded as read-write.
 */
int dmaguard_map_memzone_ro(struct dmaguard_domain *dom,
			    const struct rte_memzone *mz, const char *label);
/*
 * Every memory chunk of the mempool (rte_mempool_mem_iter()).  A pinned
 * external-buffer pool: only the whole pages of its data areas, never
 * the pool's own memory (dmaguard_extbuf.h).
 */
int dmaguard_map_mempool(struct dmaguard_domain *dom, struct rte_mempool *mp,
			 const char *label);
/*
 * The same for a pool the devices only transmit from: read-only for them
 * (a DMA write is an IOMMU fault), except pages the domain already maps
 * writable, which stay so (they hold memory the device may write, such
 * as another pool's buffers).  A later dmaguard_map_mempool() of the
 * pool, a receive pool after all, makes it writable, but only while no
 * device of the domain runs (-EBUSY otherwise, nothing changed): a
 * running device never sees its pages unmapped.
 */
int dmaguard_map_mempool_tx(struct dmaguard_domain *dom,
			    struct rte_mempool *mp, const char *label);
/*
 * An external buffer.  page_sz 0: the memory is DPDK's (heap, or
 * registered with rte_extmem_register()) and its pages and IOVAs are
 * looked up; 'iova' is ignored.  Otherwise [va, va + len) is taken as
 * IOVA-contiguous from 'iova' with pages of page_sz (a power of two;
 * va and iova must have the same offset in a page); it is rounded out
 * to whole pages.
 */
int dmaguard_map_external(struct dmaguard_domain *dom, void *va,
			  rte_iova_t iova, size_t len, size_t page_sz,
			  const char *label);
/*
 * The same for memory the devices only transmit from: read-only for them,
 * except pages the domain already maps writable (see
 * dmaguard_map_mempool_tx()).
 */
int dmaguard_map_external_tx(struct dmaguard_domain *dom, void *va,
			     rte_iova_t iova, size_t len, size_t page_sz,
			     const char *label);

/* 1 if the mempool was mapped (registered) in this domain, 0 if not. */
int dmaguard_has_mempool(struct dmaguard_domain *dom,
			 const struct rte_mempool *mp);

/*
 * A device of the domain starts / has stopped and is quiesced.  stop
 * returns the number of devices of the domain still running (>= 0).
 */
int dmaguard_domain_start(struct dmaguard_domain *dom);
int dmaguard_domain_stop(struct dmaguard_domain *dom);

/*
 * Unmap everything.  Only once every device of the domain is quiesced:
 * returns -EBUSY while one runs (between start and stop).  The caller
 * must have stopped the device's DMA first (queues disabled, rings
 * drained); an unmapped page the device still uses is an IOMMU fault.
 * Forgets the registered regions too.  Returns 0 or -EIO.
 */
int dmaguard_unmap_all(struct dmaguard_domain *dom);

/*
 * Fast path: is [iova, iova + len) entirely mapped in the domain?  Lock
 * free and O(log n) (binary search over at most DMAGUARD_MAX_MAPPINGS
 * merged ranges), safe against concurrent control-path additions.  False
 * for len 0 and for ranges that wrap around.  Each false answer counts
 * one failed lookup.  Shared mode: always true.
 */
bool dmaguard_contains(struct dmaguard_domain *dom, rte_iova_t iova,
		       uint64_t len);

/*
 * Fast path for a TX segment: 0 if its data is mapped.  Otherwise, in
 * port mode, the mempool holding the data (the mbuf's own, or the direct
 * mbuf's for an indirect one; for an external buffer, the pool that
 * pins it) is mapped (slow path: takes the domain's lock and makes VFIO
 * calls) and the check is made again.  Returns -EPERM if the data is not
 * mapped (strict mode, external buffer not registered or in an edge page
 * of its area) or a dmaguard_map_mempool() error; the PMD then drops the
 * packet.
 */
int dmaguard_admit_mbuf(struct dmaguard_domain *dom, struct rte_mbuf *seg);

/*
 * Fast path: the merged IOVA range [*start, *last] of the domain that
 * holds iova, if any (false otherwise).  While a device of the domain
 * runs, ranges only grow, so a caller may cache the answer until the
 * domain is stopped (the PMD keeps one per TX queue).  Shared mode:
 * false (the domain knows no ranges).
 */
bool dmaguard_range_of(struct dmaguard_domain *dom, rte_iova_t iova,
		       rte_iova_t *start, rte_iova_t *last);

/* ---- reports ---- */

struct dmaguard_mapping {
	rte_iova_t iova;
	uint64_t len;
	uint64_t va;
	uint64_t page_sz;
	bool writable;		/* false: the device may only read it */
	char what[DMAGUARD_WHAT_LEN];	/* "rx ring q0, mempool mb_pool_0" */
};

struct dmaguard_counters {
	uint64_t mappings;	/* live IOMMU mappings (<= 256) */
	uint64_t regions;	/* registered memzones, pool chunks, buffers */
	uint64_t bytes;		/* mapped now */
	uint64_t pages_4k;	/* mapped now, by page size */
	uint64_t pages_2m;
	uint64_t pages_1g;
	uint64_t pages_other;
	uint64_t maps;		/* VFIO map calls made */
	uint64_t unmaps;	/* VFIO unmap calls made */
	uint64_t map_failures;	/* map requests refused (any reason) */
	uint64_t limit_hits;	/* of which for the mapping limit */
	uint64_t lookup_failures; /* dmaguard_contains() said no */
};

const char *dmaguard_domain_name(const struct dmaguard_domain *dom);
enum dmaguard_mode dmaguard_domain_mode(const struct dmaguard_domain *dom);
/* The VFIO container fd (RTE_VFIO_DEFAULT_CONTAINER_FD in shared mode). */
int dmaguard_domain_container(const struct dmaguard_domain *dom);

/* Copy up to max mappings, by IOVA; returns the number of mappings. */
int dmaguard_mappings(struct dmaguard_domain *dom,
		      struct dmaguard_mapping *out, unsigned int max);
int dmaguard_counters_get(struct dmaguard_domain *dom,
			  struct dmaguard_counters *c);

/*
 * One line for the port-start log:
 * "port domain 'ixguard0' (1 device): 3 mappings, 6.0 MiB, pages 2M:3"
 * Returns the snprintf() result.
 */
int dmaguard_summary(struct dmaguard_domain *dom, char *buf, size_t len);

/*
 * Fill 'd' (as a dict) for the telemetry command /ixguard/dma_domain:
 * name, mode, container, devices (array), counters, mappings (array of
 * strings "iova len page what"), regions (array of labels), the IOMMU
 * fault counters, the fault watch's state and the recent faults (array of
 * strings "write iova=0x... by 0000:03:00.0 (DMAR: reason)").
 * Returns 0 or a negative errno.
 */
int dmaguard_telemetry_fill(struct dmaguard_domain *dom,
			    struct rte_tel_data *d);

/* ---- IOMMU faults ----
 *
 * The IOMMU reports a DMA it refused to the kernel, whose IOMMU driver
 * logs it; VFIO type 1 tells user space nothing.  So that a driver can
 * count and report what its device tried, dmaguard reads the kernel log
 * (/dev/kmsg, root or CAP_SYSLOG) while any domain exists: every Intel
 * VT-d (DMAR) or AMD-Vi fault record that names a device of a domain is
 * counted in that domain, kept in its list of recent faults and logged
 * (lib.dmaguard, ERR, at most 10 lines per 5 s per domain).  The reader
 * is one per process, opened when the first domain is created (it starts
 * at the end of the log) and closed with the last; records arrive
 * through the EAL's interrupt thread, and every fault query reads what is
 * pending first, so counts are current when read.
 *
 * Limits: the kernel itself rate-limits these messages (10 per 5 s):
 * what it dropped is counted once per process (kernel_suppressed) and
 * cannot be attributed.  VT-d names the requester without PCI domain
 * (segment): a fault matches the device with that bus:device.function.
 * Without access to the kernel log nothing is counted (the IOMMU still
 * blocks the DMA); dmaguard_fault_watch_status() says so.
 */

enum dmaguard_fault_dir {
	DMAGUARD_FAULT_UNKNOWN = 0,
	DMAGUARD_FAULT_READ,		/* the device read (DMA read) */
	DMAGUARD_FAULT_WRITE,		/* the device wrote */
};

struct dmaguard_fault {
	rte_iova_t iova;	/* as reported: VT-d gives the page */
	enum dmaguard_fault_dir dir;
	struct rte_pci_addr dev;	/* the requester */
	bool dev_known;
	bool dev_has_domain;	/* dev.domain is known (AMD, DEVICE=) */
	uint64_t seq;		/* kernel record number, 0: none */
	uint64_t usec;		/* kernel timestamp, 0: none */
	char iommu[8];		/* "DMAR", "AMD-Vi" */
	char reason[64];	/* the IOMMU's words */
};

struct dmaguard_fault_counters {
	uint64_t faults;	/* refused DMAs of the domain's devices */
	uint64_t reads;
	uint64_t writes;
	uint64_t unlogged;	/* of which not logged (rate limit) */
	uint64_t kernel_suppressed; /* the primary's, see above */
	bool watched;		/* the primary reads the kernel log */
};

/* Current counters (pending kernel records are read first). */
int dmaguard_faults_get(struct dmaguard_domain *dom,
			struct dmaguard_fault_counters *c);

/*
 * Copy up to max of the domain's most recent faults (at most
 * DMAGUARD_RECENT_FAULTS are kept), oldest first; returns how many.
 */
#define DMAGUARD_RECENT_FAULTS	16
int dmaguard_faults_recent(struct dmaguard_domain *dom,
			   struct dmaguard_fault *out, unsigned int max);

/*
 * Whether faults are being watched: 1, with "kernel log (/dev/kmsg)" in
 * buf; 0 with the reason ("off: /dev/kmsg: Permission denied", "no
 * domain"), for honest reports.
 */
int dmaguard_fault_watch_status(char *buf, size_t len);

/*
 * Parse one kernel log record (a /dev/kmsg record or a dmesg line) of
 * len bytes.  Returns DMAGUARD_KMSG_FAULT with *f filled for an IOMMU
 * fault record naming a device, DMAGUARD_KMSG_SUPPRESSED with the
 * number of fault messages the kernel's rate limit dropped in
 * *suppressed, DMAGUARD_KMSG_OTHER for anything else, -EINVAL for NULL
 * arguments.  Exposed for tests and fuzzing.
 */
enum {
	DMAGUARD_KMSG_OTHER = 0,
	DMAGUARD_KMSG_FAULT,
	DMAGUARD_KMSG_SUPPRESSED,
};
int dmaguard_kmsg_parse(const char *rec, size_t len, struct dmaguard_fault *f,
			uint64_t *suppressed);

#ifdef __cplusplus
}
#endif

#endif /* DMAGUARD_H */

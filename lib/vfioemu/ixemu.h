/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The platform's query API, for tests.  A test that runs under
 * devtools/ixemu finds these symbols in the preloaded libvfioemu.so (look
 * them up with dlsym(RTLD_DEFAULT, ...) so the test also links without it).
 */
#ifndef IXEMU_H
#define IXEMU_H

#include <stddef.h>
#include <stdint.h>

struct ixemu_iommu_counters {
	uint64_t maps;
	uint64_t unmaps;
	uint64_t faults;
	uint64_t iotlb_hits;
	uint64_t iotlb_misses;
};

struct ixemu_fault {
	uint64_t iova;
	uint64_t len;
	int write;		/* 1: device write, 0: device read */
	char function[16];	/* PCI address of the function */
	uint64_t time_ns;	/* CLOCK_MONOTONIC */
	char what[24];		/* what the device was doing */
};

/* One mapping of an IOMMU domain (VFIO_IOMMU_MAP_DMA). */
struct ixemu_mapping {
	uint64_t iova;
	uint64_t size;
	uint64_t vaddr;		/* process address of iova */
	uint32_t prot;		/* 1: device may read, 2: device may write */
	uint32_t page_shift;	/* IOMMU page size used: 12, 21 or 30 */
};

/* Totals over every IOMMU domain of the process. */
void ixemu_iommu_counters(struct ixemu_iommu_counters *c);

/* Copy up to max faults, oldest first; returns the total fault count. */
uint64_t ixemu_fault_log(struct ixemu_fault *out, size_t max);

/* Number of emulated functions. */
unsigned int ixemu_num_functions(void);

/* Read a BAR0 register of function 'fn' without side effects. */
uint32_t ixemu_peek_reg(unsigned int fn, uint32_t off);

/* Plug (1) or pull (0) the cable of function 'fn'. */
int ixemu_set_cable(unsigned int fn, int connected);

/*
 * The SFP+ module in function 'fn''s cage (ixm.h, ixm_sfp_set()): put in
 * a module with this SFF-8472 memory (256 bytes: the A0h page; 512: A0h
 * then A2h), insert the last one again (eeprom NULL, len 512) or pull it
 * (len 0).  The link and the GPI SDP2 interrupt follow.  Returns 0,
 * -EINVAL, -ENOTSUP (no cage: 8086:1517).
 */
int ixemu_sfp_set(unsigned int fn, const void *eeprom, size_t len);
/* Copy the module's memory; returns 512, 0 when no module, -EINVAL. */
int ixemu_sfp_get(unsigned int fn, void *buf, size_t max);
/* LED 'led' (0-3) of function 'fn' lit (1) or dark (0); -EINVAL. */
int ixemu_led(unsigned int fn, unsigned int led);

/* Write-backs the hostile mode forged so far on function 'fn'. */
uint64_t ixemu_hostile_writebacks(unsigned int fn);

/*
 * A malicious device, one lie at a time: arm the write-back lie 'kind'
 * for queue 'queue' of function 'fn'; the device makes it exactly once,
 * at that queue's next write-back or next poll, then disarms it and
 * counts it in ixemu_forged_writebacks().  Only descriptor contents are
 * forged (the IOMMU sees nothing), and only what the device will not use
 * again (doc/platform.md, "Forged write-backs on demand").  Kinds, with
 * the meaning of 'arg':
 *   RX (an RX queue; in the write-back of the next frame received):
 *     "rx-len-over"         length arg (0: one byte beyond the buffer)
 *     "rx-len-zero"         length 0
 *     "rx-status-reserved"  bits arg set in the status/error dword (0:
 *                           every reserved bit)
 *     "rx-no-eop"           EOP missing on the next arg frames (0: 1)
 *     "rx-no-eop-full"      the same, each claiming a full buffer
 *     "rx-forged-addr"      qword 0 (packet info, RSS hash) holds arg, an
 *                           IOVA of the test's choosing
 *   RX (at the next poll):
 *     "rx-dd-past-tail"     DD on the descriptor at RDT, never posted
 *     "rx-dd-unwritten"     DD on the descriptor at RDH, posted, not
 *                           written back (made once RDH != RDT)
 *   TX (a TX queue):
 *     "tx-dd-past-tail"     at the next poll, DD on the descriptor at TDT
 *     "tx-dd-unsent"        when descriptors are next posted, DD on the
 *                           first of them with RS, before it is sent;
 *                           then the queue sends nothing for arg ms (0:
 *                           20, at most 9999)
 *     "tx-forged-wb"        in the next RS write-back, qword 0 holds arg
 *                           and NXTSEQ_SEED and STA 3:1 junk
 *     "tx-wb-status-reserved" in the next RS write-back, the reserved
 *                           bits arg of the status dword set (0: all)
 *   "none" disarms a pending lie.
 * Returns 0, -EINVAL for a bad fn, queue or kind, -EBUSY while a lie
 * armed on 'fn' is not made yet.  A device or function reset disarms.
 */
int ixemu_forge_writeback(unsigned int fn, unsigned int queue,
			  const char *kind, uint64_t arg);

/* Lies armed with ixemu_forge_writeback() that 'fn' has made so far. */
uint64_t ixemu_forged_writebacks(unsigned int fn);

/*
 * The IOMMU domain (VFIO container) function 'fn' is attached to.
 * Containers are numbered 1, 2, ... in the order the process opens them;
 * DPDK's EAL opens its default container first (in rte_eal_init), so the
 * default container is 1.  Returns 0 while the function's group is in no
 * container with an IOMMU set, -EINVAL for a bad 'fn'.
 */
int ixemu_domain_id(unsigned int fn);

/*
 * Copy up to max mappings of the domain 'fn' is attached to, by IOVA.
 * Returns the domain's number of mappings (0 when in no domain), or
 * -EINVAL for a bad 'fn'.
 */
int ixemu_domain_mappings(unsigned int fn, struct ixemu_mapping *out,
			  size_t max);

/*
 * A malicious device: make function 'fn' perform one DMA of len bytes at
 * iova, now, through the IOMMU domain its group is attached to, as a
 * compromised NIC could at any time.  write: copy len bytes from 'data'
 * to the IOVA; read: copy from the IOVA into 'data'.  Returns 0 when the
 * IOMMU let the access through, -EFAULT when it refused (the fault is
 * recorded in the fault log with what="attack"), -EINVAL for a bad fn.
 */
int ixemu_dma_attack(unsigned int fn, uint64_t iova, uint64_t len, int write,
		     void *data);

/*
 * The DMA audit: every address the driver hands the device (ring bases,
 * buffer addresses in descriptors) is checked against the function's
 * domain when the device uses it.  Returns the number of addresses that
 * were not fully inside the domain, and the number audited in *audited.
 */
uint64_t ixemu_audit_violations(unsigned int fn, uint64_t *audited);

/*
 * Trapped register accesses of function 'fn' so far (the control path,
 * and tail doorbells while their page is trapped); a datapath that runs
 * at full speed adds none.
 */
uint64_t ixemu_mmio_traps(unsigned int fn);

/*
 * Synchronous mode, for benchmarks of a driver's own cost (doc/platform.md,
 * "Synchronous mode and its cache model").
 *
 * ixemu_model_sync(IXEMU_SYNC_FLUSH) parks the model thread and returns
 * once it sleeps: from then on no model code runs except inside
 * ixemu_model_step().  ixemu_model_sync(IXEMU_SYNC_OFF) wakes the thread
 * again.  The other values choose another cache model (see below).
 * Returns 0, -EINVAL for an unknown value, -ENOTSUP for
 * IXEMU_SYNC_DEMOTE on a CPU without CLDEMOTE.
 *
 * ixemu_model_step() runs one round of the device side in the caller's
 * thread, under the platform lock: every open function is polled (doorbells
 * picked up, frames sent, carried over the wire and received, descriptors
 * written back), the devices are ticked every 64 steps, outside frame
 * sources are polled.  Then every cache line the device wrote during the
 * round is flushed from the CPU caches, as a device's DMA write on a
 * platform without DDIO leaves it (IXEMU_SYNC_FLUSH); or demoted to the
 * shared LLC with CLDEMOTE, roughly where DDIO puts it (IXEMU_SYNC_DEMOTE,
 * a hint the CPU may ignore); or left where the model's stores put it,
 * hot in the caller's L1 (IXEMU_SYNC_HOT, for comparison only).  Returns
 * the frames moved; 0 outside synchronous mode.  Call both from one
 * thread.
 */
#define IXEMU_SYNC_OFF		0
#define IXEMU_SYNC_FLUSH	1
#define IXEMU_SYNC_DEMOTE	2
#define IXEMU_SYNC_HOT		3
int ixemu_model_sync(int on);
unsigned int ixemu_model_step(void);

#endif /* IXEMU_H */

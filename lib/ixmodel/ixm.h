/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * ixm: a behavioural model of one Intel 82599 PCI function.
 *
 * The model knows nothing about VFIO or DPDK.  The platform (lib/vfioemu)
 * owns the BAR memory, the IOMMU and the interrupt eventfds and hands the
 * model a set of host callbacks.  The model is single threaded: the
 * platform serialises every call into it (trapped register accesses from
 * driver threads and ixm_poll() from the model thread) with one lock.
 *
 * BAR0 layout seen by the driver: every 4 KiB page is trapped (each load or
 * store becomes ixm_reg_read()/ixm_reg_write()), except the queue pages
 * (ixm_page_is_queue_page()).  Those hold the RX/TX tail doorbells, so they
 * are plain shared memory that ixm_poll() reads; a doorbell write costs the
 * driver one store.  The platform may still trap a queue page for a while
 * (after any control-path access) so that reads of the clear-on-read
 * per-queue counters on it are exact; see lib/vfioemu/mmio_trap.c.
 *
 * What a trapped access does is given by the register table
 * (ixm_regtab.h): one row per register or register array, with its
 * access flags, reset value and handlers.
 */
#ifndef IXM_H
#define IXM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ix82599_ids.h"

#define IXM_BAR0_SIZE	0x20000u	/* 128 KiB of CSRs */
#define IXM_BAR4_SIZE	0x4000u		/* MSI-X table and PBA */
#define IXM_MSIX_VECTORS 64u
#define IXM_NUM_QUEUES	128u

/*
 * The model is one of two 82599 functions: IX_DEV_82599_SFP (82599ES
 * SFP+) or IX_DEV_82599_KR (KR backplane), lib/ix82599's IDs.
 */

/* DMA direction, from the device's point of view. */
enum ixm_dma_dir {
	IXM_DMA_READ = 0,	/* device reads host memory */
	IXM_DMA_WRITE = 1,	/* device writes host memory */
};

/* Services the platform provides to the model. */
struct ixm_host_ops {
	void *ctx;
	/*
	 * Translate the device access [iova, iova + len) through the IOMMU.
	 * Returns a host pointer valid for len bytes, or NULL when any byte
	 * of the range is unmapped or lacks the permission; the platform has
	 * then recorded the fault and the model must not perform the access.
	 */
	void *(*dma_ptr)(void *ctx, uint64_t iova, size_t len,
			 enum ixm_dma_dir dir);
	/* Deliver MSI-X message 'vector' (the platform signals its eventfd). */
	void (*msix)(void *ctx, unsigned int vector);
	/*
	 * The driver programmed a DMA address (a descriptor buffer address or
	 * a ring base register).  Used by the DMA audit; may be NULL.
	 */
	void (*audit_addr)(void *ctx, uint64_t iova, size_t len,
			   const char *what);
	/* A frame leaves the port on its wire.  May be NULL (no cable). */
	void (*wire_tx)(void *ctx, const void *frame, size_t len);
	/*
	 * What the port's transmitter puts on its wire changed (IXM_SIG_*:
	 * laser off, module pulled, link disabled, line rate): the far end
	 * should see it through ixm_set_rx_signal().  May be NULL.
	 */
	void (*tx_signal)(void *ctx, unsigned int sig);
};

/* Hostile device mode (ixm_hostile.c): forged write-backs. */
#define IXM_HOSTILE_RX	0x1u
#define IXM_HOSTILE_TX	0x2u

struct ixm_config {
	uint16_t device_id;	/* IX_DEV_82599_SFP or IX_DEV_82599_KR */
	uint8_t mac[6];		/* permanent address stored in the EEPROM */
	unsigned int port;	/* function number, also LAN ID in STATUS */
	unsigned int hostile;	/* IXM_HOSTILE_* */
	uint64_t hostile_seed;
	unsigned int hostile_rate;	/* forge after 1 in N write-backs (0: 1) */
};

struct ixm_dev;

struct ixm_dev *ixm_create(const struct ixm_config *cfg,
			   const struct ixm_host_ops *host,
			   void *bar0, void *bar4);
void ixm_destroy(struct ixm_dev *dev);

/* Trapped BAR0 accesses; off is 4-byte aligned, the access is 32 bits. */
uint32_t ixm_reg_read(struct ixm_dev *dev, uint32_t off);
void ixm_reg_write(struct ixm_dev *dev, uint32_t off, uint32_t val);

/* PCI function level reset (VFIO_DEVICE_RESET). */
void ixm_function_reset(struct ixm_dev *dev);

/*
 * Run the device for one round: pick up doorbells and queue enables from
 * the queue pages, transmit, and complete work.  Returns the number of
 * frames handled, so the caller can back off when idle.
 */
unsigned int ixm_poll(struct ixm_dev *dev);

/*
 * The IOMMU domain the function is attached to lost mappings: the device
 * must translate again what it had cached (its descriptor rings).
 */
void ixm_dma_invalidate(struct ixm_dev *dev);

/*
 * Let time pass: sends interrupts that EITR throttling held back.  Call it
 * now and then (the model thread does, every few rounds and when idle).
 */
void ixm_tick(struct ixm_dev *dev);

/* A frame arrives from the wire.  Returns 0 if accepted, -1 if dropped. */
int ixm_rx_frame(struct ixm_dev *dev, const void *frame, size_t len);

/*
 * The port can take a frame now without dropping it: link up, RX enabled,
 * a running RX queue and room in the packet buffer.  Frame sources that
 * must not lose frames (pcap replay) pace themselves with it.
 */
bool ixm_rx_ready(const struct ixm_dev *dev);

/* Plug or pull the cable; a change raises the LSC interrupt. */
void ixm_set_cable(struct ixm_dev *dev, bool connected);
bool ixm_link_up(const struct ixm_dev *dev);

/*
 * ---- Link partner, module and LEDs (ixm_sfp.c, ixm_dev.c) ----
 *
 * A port's link is up when the far end's transmitter sends at the line
 * rate the port is set to (AUTOC.LMS: 1 or 10 Gb/s), unless AUTOC.FLU
 * forces it.  The platform carries each port's signal to the far end of
 * its cable (host op tx_signal -> ixm_set_rx_signal()); a port with no
 * modelled far end (the default) sees IXM_SIG_ANY, a partner that
 * matches whatever rate the port uses.
 */
#define IXM_SIG_NONE	0u	/* dark: laser off, no module, link disabled */
#define IXM_SIG_1G	1u
#define IXM_SIG_10G	2u
#define IXM_SIG_ANY	3u	/* not modelled: matches any rate */
/* Line rates a module supports (ixm_sfp_rates()). */
#define IXM_RATE_1G	0x1u
#define IXM_RATE_10G	0x2u

/* What the port's transmitter sends now (IXM_SIG_NONE/1G/10G). */
unsigned int ixm_tx_signal(const struct ixm_dev *dev);
/* What arrives from the far end; a change may move the link (LSC). */
void ixm_set_rx_signal(struct ixm_dev *dev, unsigned int sig);

/* SFF-8472 memory of the SFP+ module: the A0h page, then the A2h page. */
#define IXM_SFP_EEPROM_LEN	512u
/*
 * Put a module with this memory (256 bytes: A0h only, the A2h page reads
 * 0; or 512 bytes) in the cage: eeprom NULL with len 512 inserts the last
 * module again, len 0 pulls it.  Presence is SDP2; a change raises GPI
 * SDP2 (when GPIE enables it) and moves the link.  Returns 0, -EINVAL
 * for a bad length, -ENOTSUP on a part without a cage (KR).
 */
int ixm_sfp_set(struct ixm_dev *dev, const void *eeprom, size_t len);
/* Copy the module's memory (up to max bytes); returns 512, 0: none. */
size_t ixm_sfp_get(const struct ixm_dev *dev, void *buf, size_t max);

/*
 * Whether LED 'led' (0-3) is lit, as LEDCTL drives it (§8.2.3.1.4:
 * mode, invert) from the link state; blinking modes count as lit.
 * Returns 0 or 1, -EINVAL for a bad LED.
 */
int ixm_led(const struct ixm_dev *dev, unsigned int led);

/* The 4 KiB pages of BAR0 that hold queue registers and tail doorbells. */
static inline bool
ixm_page_is_queue_page(uint32_t off)
{
	uint32_t page = off & ~0xfffu;

	return page == 0x1000 || page == 0x6000 || page == 0x7000 ||
	       page == 0xd000;
}

/* MAC statistics as the model counts them, for tests and the exit report. */
struct ixm_mac_counters {
	uint64_t rx_good_packets;
	uint64_t rx_good_octets;
	uint64_t tx_good_packets;
	uint64_t tx_good_octets;
	uint64_t rx_missed;	/* no RX descriptor available */
	uint64_t rx_dropped_filter;	/* address or VLAN filter, or the
					 * queue chosen is disabled */
	uint64_t rx_crc_errors;
};
void ixm_mac_counters(struct ixm_dev *dev, struct ixm_mac_counters *c);

/* Write-backs the hostile mode forged so far. */
uint64_t ixm_hostile_count(const struct ixm_dev *dev);

/*
 * Forged write-backs on demand (ixm_forge.c): one named lie, armed for
 * one RX or TX queue, made exactly once (at that queue's next write-back
 * or next poll), then disarmed and counted.  'arg' per kind:
 */
enum ixm_forge_kind {
	IXM_FORGE_NONE = 0,		/* "none": disarm */
	/* In the write-back of the next frame received on the queue. */
	IXM_FORGE_RX_LEN_OVER,		/* "rx-len-over": length arg
					 * (0: one byte beyond the buffer) */
	IXM_FORGE_RX_LEN_ZERO,		/* "rx-len-zero" */
	IXM_FORGE_RX_STATUS_RSV,	/* "rx-status-reserved": bits arg set
					 * in the status/error dword (0: all
					 * its reserved bits) */
	IXM_FORGE_RX_NO_EOP,		/* "rx-no-eop": the next arg frames
					 * (0: 1) lose EOP */
	IXM_FORGE_RX_NO_EOP_FULL,	/* "rx-no-eop-full": the same, and
					 * each claims a full buffer */
	IXM_FORGE_RX_ADDR,		/* "rx-forged-addr": qword 0 (packet
					 * info, RSS hash) holds arg */
	/* At the next poll. */
	IXM_FORGE_RX_DD_PAST_TAIL,	/* "rx-dd-past-tail": DD at RDT */
	IXM_FORGE_RX_DD_UNWRITTEN,	/* "rx-dd-unwritten": DD at RDH */
	IXM_FORGE_TX_DD_PAST_TAIL,	/* "tx-dd-past-tail": DD at TDT */
	/* When the queue next has descriptors to fetch. */
	IXM_FORGE_TX_DD_UNSENT,		/* "tx-dd-unsent": DD on the first
					 * posted RS descriptor, then the
					 * queue is held arg ms (0: 20) */
	/* In the next RS write-back of the queue. */
	IXM_FORGE_TX_WB_FORGED,		/* "tx-forged-wb": qword 0 holds arg,
					 * junk in NXTSEQ_SEED and STA 3:1 */
	IXM_FORGE_TX_WB_STATUS_RSV,	/* "tx-wb-status-reserved": bits arg
					 * of the status dword's reserved
					 * bits set (0: all) */
	IXM_FORGE_KINDS
};

/* The kind called 'name' (see above), or -1. */
int ixm_forge_kind_by_name(const char *name);

/*
 * Arm 'kind' for queue 'queue' (an RX queue for the rx-* kinds, a TX
 * queue for the tx-* kinds).  Returns 0, -EINVAL for a bad queue or
 * kind, -EBUSY while another lie is armed and not yet made.  IXM_FORGE_NONE
 * disarms a pending lie (0).
 */
int ixm_forge_arm(struct ixm_dev *dev, unsigned int queue,
		  enum ixm_forge_kind kind, uint64_t arg);

/* Armed lies made so far. */
uint64_t ixm_forge_count(const struct ixm_dev *dev);

#endif /* IXM_H */

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * 4. Attacks through the datapath, which the driver must notice: port
 * 0's posted RX descriptors, and a TX descriptor put at its tail, point
 * outside its domain.  The device's DMA is refused and the device stops
 * the queue; the driver must count it (rx/tx_queue_dma_errors and
 * iommu_faults), restart the queue and move traffic again, without
 * leaking an mbuf.  The RX attack also runs on real hardware (--real-hw),
 * with the kernel's IOMMU fault lines as the evidence.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <bus_pci_driver.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mempool.h>

#include "confinement.h"
#include "kmsg_faults.h"
#include "test_ports.h"


/*
 * The port's BAR0, mapped by the PMD: the test reads the ring registers
 * (and, for the TX attack, rings a doorbell) the way the device sees
 * them.  Works on the emulated platform and on a real 82599 alike.
 */
static volatile uint32_t *
bar0(uint16_t port)
{
	struct rte_eth_dev_info info;
	const struct rte_pci_device *pci;

	if (rte_eth_dev_info_get(port, &info) != 0 || info.device == NULL)
		return NULL;
	pci = RTE_DEV_TO_PCI_CONST(info.device);
	return pci->mem_resource[0].addr;
}

static uint32_t
reg_rd(uint16_t port, uint32_t off)
{
	volatile uint32_t *bar = bar0(port);

	return bar != NULL ? bar[off / 4] : 0xffffffffu;
}

/*
 * The driver refills its RX ring in bulk, so how many of the pool's mbufs
 * the ring holds depends on how many consumed descriptors wait for the
 * next refill; a queue restart gives every descriptor a buffer, so that
 * the pool counts compared are those of a full ring.
 */
static void
rx_ring_refill(uint16_t port)
{
	rte_eth_dev_rx_queue_stop(port, 0);
	rte_eth_dev_rx_queue_start(port, 0);
}

/*
 * RX: every descriptor port 0 posted is rewritten to point at 'target'
 * (outside port 0's domain in port and strict modes), then port 1 sends.
 * The device's packet write is refused by the IOMMU and the device stops
 * the queue; the driver must notice (rx_queue_dma_errors), restart the
 * queue and receive again, without leaking an mbuf.
 */
void
dp_rx_attack(const char *name, struct rte_mempool *mp0,
	     struct rte_mempool *mp1, uint8_t *target, int kfd)
{
	static uint8_t before[4096];
	uint64_t target_iova = rte_mem_virt2iova(target);
	uint64_t f0 = 0, e0, e1 = 0, i0, i1, ring_iova, page;
	volatile uint64_t *ring;
	unsigned int in_use, i, forged = 0, rx, sent;
	uint32_t head, tail;
	bool through, unchanged, restarted = false, addr_seen = false;
	const char *fn = "0000:00:10.0";
	char drv[64];

	if (target_iova == RTE_BAD_IOVA)	/* not DPDK memory */
		target_iova = (uintptr_t)target;	/* IOVA as VA */
	page = target_iova & ~4095ull;
	drain(0, 20, 0, NULL);
	drain(1, 20, 0, NULL);
	memcpy(before, target, sizeof(before));
	rx_ring_refill(0);
	in_use = rte_mempool_in_use_count(mp0);
	e0 = test_xstat(0, "rx_queue_dma_errors");
	i0 = test_xstat(0, "iommu_faults");
	if (!real_hw)
		f0 = faults_now();
	else
		fn = test_port_name(0);

	ring_iova = reg_rd(0, IX_RDBAL(0)) |
		    (uint64_t)reg_rd(0, IX_RDBAH(0)) << 32;
	ring = rte_mem_iova2virt(ring_iova);
	head = reg_rd(0, IX_RDH(0));
	tail = reg_rd(0, IX_RDT(0));
	if (ring == NULL || head >= NB_DESC || tail >= NB_DESC) {
		CHECK(false, "%s: port 0 RX ring at IOVA 0x%" PRIx64
		      " head %u tail %u", name, ring_iova, head, tail);
		return;
	}
	/* Read format: dword 0-1 the packet buffer, 2-3 the header. */
	for (i = head; i != tail; i = (i + 1) % NB_DESC, forged++)
		ring[i * 2] = target_iova;
	rte_wmb();
	printf("# %s: %u posted RX descriptors of port 0 now point at "
	       "0x%" PRIx64 "\n", name, forged, target_iova);

	/*
	 * A frame for every forged descriptor and more: a real 82599 uses
	 * the descriptors it cached first, and is not told that a write
	 * was refused, so it goes on through all of them.
	 */
	sent = send_from(1, mp1, forged + 64);
	/* Poll port 0 (the burst acknowledges the driver's fence). */
	for (i = 0; i < 40; i++) {
		drain(0, 50, 0, NULL);
		e1 = test_xstat(0, "rx_queue_dma_errors");
		restarted = e1 > e0 &&
			    (reg_rd(0, IX_RXDCTL(0)) & IX_RXDCTL_ENABLE);
		if (restarted || (real_hw && i >= 20))
			break;
	}
	unchanged = memcmp(before, target, sizeof(before)) == 0;
	through = !unchanged;
	i1 = test_xstat(0, "iommu_faults");
	snprintf(drv, sizeof(drv), "rx_queue_dma_errors+%" PRIu64
		 ",iommu_faults+%" PRIu64, e1 - e0, i1 - i0);
	if (!real_hw) {
		bool f = fault_on(f0, fn, page, 1);

		through = through || !f;
		printf("attack %s write %s driver=%s\n", name,
		       through ? "THROUGH" : "blocked", through ? "-" : drv);
		attacks++;
		blocked += !through;
		if (!confined && through) {
			/* Shared: the frame landed there; resync the queue. */
			rte_eth_dev_rx_queue_stop(0, 0);
			rte_eth_dev_rx_queue_start(0, 0);
			return;
		}
		CHECK(f, "%s: %u frames sent; the IOMMU refused function "
		      "%s's write to the target page and recorded it", name,
		      sent, fn);
	} else {
		unsigned int k = kmsg_faults(kfd, fn, page, &addr_seen);

		printf("attack %s write %s driver=%s\n", name,
		       unchanged ? "blocked" : "THROUGH", drv);
		CHECK(k > 0, "%s: %u frames sent; the kernel logged %u IOMMU "
		      "fault line(s) for %s%s", name, sent, k, fn,
		      addr_seen ? ", at the target page" : "");
	}
	CHECK(unchanged, "%s: the target page is unchanged", name);
	/* The driver reads the same kernel log (lib/dmaguard). */
	CHECK(i1 > i0, "%s: the driver counted the IOMMU fault(s) "
	      "(iommu_faults %" PRIu64 " -> %" PRIu64 ")", name, i0, i1);
	if (real_hw) {
		/*
		 * A refused posted write is not reported to the 82599: the
		 * queue usually keeps running; the count is informational.
		 */
		printf("# %s: rx_queue_dma_errors %" PRIu64 " -> %" PRIu64
		       " (informational on real hardware)\n", name, e0, e1);
	} else {
		CHECK(e1 == e0 + 1, "%s: the driver counted the stopped queue "
		      "(rx_queue_dma_errors %" PRIu64 " -> %" PRIu64 ")",
		      name, e0, e1);
		CHECK(restarted, "%s: the driver restarted the queue "
		      "(RXDCTL.ENABLE reads 1)", name);
	}
	send_from(1, mp1, 64);
	rx = drain(0, 200, 0, NULL);
	CHECK(rx > 0, "%s: port 0 receives again after the recovery (%u "
	      "frames)", name, rx);
	if (!real_hw)
		rx_ring_refill(0);
	if (!real_hw)
		CHECK(rte_mempool_in_use_count(mp0) == in_use,
		      "%s: no mbuf leaked (pool0: %u in use before, %u "
		      "after)", name, in_use, rte_mempool_in_use_count(mp0));
}

/*
 * TX (emulated platform): a descriptor port 0's driver never wrote is put
 * at the tail of its TX ring, pointing at 'target', and the doorbell is
 * rung past it: the device's read of the buffer is refused, the queue
 * stops, and the driver must count it, restart the queue and transmit
 * again.  Port 1 must not receive the target's bytes.
 */
void
dp_tx_attack(const char *name, struct rte_mempool *mp0, uint8_t *target)
{
	uint64_t target_iova = rte_mem_virt2iova(target);
	uint64_t f0, e0, e1 = 0, i0, i1, ring_iova;
	volatile uint32_t *bar = bar0(0);
	volatile uint64_t *ring;
	unsigned int i, leaked = 0, rx;
	uint32_t tdt;
	bool f, through, restarted = false;

	drain(1, 20, 0, NULL);
	for (i = 0; i < 100 &&
		    reg_rd(0, IX_TDH(0)) != reg_rd(0, IX_TDT(0)); i++)
		rte_delay_ms(1);
	f0 = faults_now();
	e0 = test_xstat(0, "tx_queue_dma_errors");
	i0 = test_xstat(0, "iommu_faults");
	ring_iova = reg_rd(0, IX_TDBAL(0)) |
		    (uint64_t)reg_rd(0, IX_TDBAH(0)) << 32;
	ring = rte_mem_iova2virt(ring_iova);
	tdt = reg_rd(0, IX_TDT(0));
	if (bar == NULL || ring == NULL || tdt >= NB_DESC) {
		CHECK(false, "%s: port 0 TX ring at IOVA 0x%" PRIx64 " tail %u",
		      name, ring_iova, tdt);
		return;
	}
	ring[tdt * 2] = target_iova;
	ring[tdt * 2 + 1] = 64 | IX_TXD_CMD_EOP | IX_TXD_CMD_IFCS; /* legacy */
	rte_wmb();
	bar[IX_TDT(0) / 4] = (tdt + 1) % NB_DESC;
	printf("# %s: TX descriptor %u of port 0 points at 0x%" PRIx64
	       ", doorbell rung\n", name, tdt, target_iova);
	/* Let the device fetch it before the driver writes that slot. */
	for (i = 0; i < 100 && !fault_on(f0, "0000:00:10.0",
					  target_iova & ~4095ull, 0) &&
		    reg_rd(0, IX_TDH(0)) != (tdt + 1) % NB_DESC; i++)
		rte_delay_ms(5);
	for (i = 0; i < 40; i++) {
		send_from(0, mp0, 1);	/* the burst acknowledges the fence */
		drain(1, 50, CANARY, &leaked);
		e1 = test_xstat(0, "tx_queue_dma_errors");
		restarted = e1 > e0 &&
			    (reg_rd(0, IX_TXDCTL(0)) & IX_TXDCTL_ENABLE);
		if (restarted)
			break;
	}
	drain(1, 50, CANARY, &leaked);
	f = fault_on(f0, "0000:00:10.0", target_iova & ~4095ull, 0);
	through = !f || leaked > 0;
	i1 = test_xstat(0, "iommu_faults");
	if (through)
		printf("attack %s read THROUGH driver=-\n", name);
	else
		printf("attack %s read blocked driver=tx_queue_dma_errors+%"
		       PRIu64 ",iommu_faults+%" PRIu64 "\n", name, e1 - e0,
		       i1 - i0);
	attacks++;
	blocked += !through;
	if (!confined && through) {
		printf("# %s: port 1 received %u frame(s) with the target's "
		       "bytes\n", name, leaked);
		return;
	}
	CHECK(f, "%s: the IOMMU refused function 0000:00:10.0's read of the "
	      "target page and recorded it", name);
	CHECK(leaked == 0, "%s: port 1 received none of the target's bytes",
	      name);
	CHECK(e1 == e0 + 1, "%s: the driver counted the stopped queue "
	      "(tx_queue_dma_errors %" PRIu64 " -> %" PRIu64 ")", name, e0,
	      e1);
	CHECK(restarted, "%s: the driver restarted the queue (TXDCTL.ENABLE "
	      "reads 1)", name);
	CHECK(i1 > i0, "%s: the driver counted the IOMMU fault (iommu_faults "
	      "%" PRIu64 " -> %" PRIu64 ")", name, i0, i1);
	send_from(0, mp0, 64);
	rx = drain(1, 200, 0, NULL);
	CHECK(rx > 0, "%s: port 0 transmits again after the recovery (port "
	      "1 received %u)", name, rx);
}

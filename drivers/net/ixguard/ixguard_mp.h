/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/* Secondary processes (ixguard_mp.c). */
#ifndef IXGUARD_MP_H
#define IXGUARD_MP_H

#include <stdbool.h>
#include <stdint.h>

struct rte_eth_dev;
struct rte_mempool;
struct rte_pci_device;

/* The primary: answer the secondaries' requests (once per process). */
int ixguard_mp_primary_init(void);

/*
 * A secondary's probe: the device from the primary, BAR0 mapped at the
 * primary's address into pci->mem_resource[0]; -ENODEV if the primary
 * does not drive it with this driver.  detach undoes it.
 */
int ixguard_mp_attach_device(struct rte_pci_device *pci);
void ixguard_mp_detach_device(struct rte_pci_device *pci);

/* A secondary: ask the primary to map mp into the port's DMA domain. */
int ixguard_mp_map_pool(uint16_t port_id, const struct rte_mempool *mp);

/* dev is a port of this driver (ixguard_ethdev.c). */
bool ixguard_is_ours(const struct rte_eth_dev *dev);

#endif /* IXGUARD_MP_H */

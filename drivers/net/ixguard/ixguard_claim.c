/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * "Winning the device" against a net_ixgbe that registered first.
 *
 * The PCI bus offers each device to its drivers in registration order and
 * the first driver whose ID table matches gets it.  An application that
 * links net_ixgbe (Debian's dpdk-testpmd does, DT_NEEDED) registers that
 * driver from a library constructor, before the EAL dlopens our plugin
 * ("-d"), so net_ixgbe would claim every 82599.
 *
 * When the plugin is loaded, after our own rte_pci_register(), we look
 * for a driver named "net_ixgbe" ahead of us on the bus' driver list and
 * move it behind us with the bus' own rte_pci_unregister() and
 * rte_pci_register() (bus_pci_driver.h).  Nothing of DPDK changes:
 * net_ixgbe stays registered and still gets every device our ID table
 * does not list (X540, X550, VFs...).  Without our plugin the list is
 * untouched and net_ixgbe drives the 82599 as before.
 *
 * The driver list is reached from our own entry: struct rte_pci_driver
 * starts with its public TAILQ link (bus_pci_driver.h), and the
 * <sys/queue.h> TAILQ_PREV() walks backwards from any element without
 * knowing the list head (the bus' list head itself is private to the
 * PCI bus).  This runs in the plugin's constructor, i.e. during
 * rte_eal_init()'s plugin loading, before any bus scan or probe and
 * before other threads exist.
 */

#include <string.h>
#include <sys/queue.h>

#include <bus_pci_driver.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"

/* The head type TAILQ_PREV needs; same layout as every TAILQ head. */
RTE_TAILQ_HEAD(ixguard_pci_drv_list, rte_pci_driver);

static const char *const yield_to_us[] = {
	"net_ixgbe",
};

static bool
ixguard_should_follow_us(const struct rte_pci_driver *drv)
{
	unsigned int i;

	if (drv->driver.name == NULL)
		return false;
	for (i = 0; i < RTE_DIM(yield_to_us); i++)
		if (strcmp(drv->driver.name, yield_to_us[i]) == 0)
			return true;
	return false;
}

void
ixguard_claim_devices(struct rte_pci_driver *ours)
{
	struct rte_pci_driver *drv, *moved[RTE_DIM(yield_to_us)];
	unsigned int n = 0, i;

	if (ours->next.tqe_prev == NULL)
		return;	/* not on the bus' list: nothing to order */

	for (drv = TAILQ_PREV(ours, ixguard_pci_drv_list, next);
	     drv != NULL && n < RTE_DIM(moved);
	     drv = TAILQ_PREV(drv, ixguard_pci_drv_list, next)) {
		if (ixguard_should_follow_us(drv))
			moved[n++] = drv;
	}
	for (i = 0; i < n; i++) {
		rte_pci_unregister(moved[i]);
		rte_pci_register(moved[i]);
		IXG_INIT_LOG(DEBUG, "PCI driver %s now probes after %s",
			     moved[i]->driver.name, ours->driver.name);
	}
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * RX queue interrupts (intr_conf.rxq; datasheet 7.3).
 *
 * MSI-X vector 0 stays the "other causes" vector (LSC, see
 * ixguard_hw_lsc_setup); RX queue q gets vector 1 + q through its IVAR
 * entry.  The EAL gives each vector an eventfd (rte_intr_efd_enable)
 * and the application waits on them (rte_eth_dev_rx_intr_ctl_q).  A
 * queue vector is armed by rx_queue_intr_enable (EIMS_EX) and disarmed
 * by rx_queue_intr_disable (EIMC_EX); when it fires the 82599 clears
 * its cause (EIAC) and masks it (GPIE.EIAME with EIAM_EX), so it fires
 * once per enable, as the rte_eth_dev_rx_intr_* model expects.
 *
 * The eventfds must exist before the interrupt handle is enabled (VFIO
 * sets up all MSI-X vectors at once): dev_start calls
 * ixguard_rxq_intr_prepare before it enables the LSC interrupt and
 * ixguard_rxq_intr_start after.
 */

#include <errno.h>

#include <rte_interrupts.h>
#include <bus_pci_driver.h>
#include <ethdev_driver.h>
#include <ethdev_pci.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"

#define IXGUARD_RX_VEC_BASE	RTE_INTR_VEC_RXTX_OFFSET	/* 1 */

static struct rte_intr_handle *
ixg_intr_handle(struct rte_eth_dev *dev)
{
	return RTE_ETH_DEV_TO_PCI(dev)->intr_handle;
}

/* Event fds and the queue -> vector list, before rte_intr_enable. */
int
ixguard_rxq_intr_prepare(struct rte_eth_dev *dev)
{
	struct rte_intr_handle *ih = ixg_intr_handle(dev);
	uint16_t nb = dev->data->nb_rx_queues, q;

	ixguard_rxq_intr_stop(dev);	/* left over from a failed start */
	if (!dev->data->dev_conf.intr_conf.rxq)
		return 0;
	if (nb == 0)
		return 0;
	/* Vector 0 is the link's; one of the other 63 per queue. */
	if (nb > IX_MSIX_VECTORS - IXGUARD_RX_VEC_BASE) {
		IXG_DRV_LOG(ERR, "port %u: RX queue interrupts for %u queues: "
			    "the 82599 has %u MSI-X vectors, one per queue "
			    "after the link's (at most %u queues)",
			    dev->data->port_id, nb, IX_MSIX_VECTORS,
			    IX_MSIX_VECTORS - IXGUARD_RX_VEC_BASE);
		return -EINVAL;
	}
	if (!rte_intr_cap_multiple(ih)) {
		IXG_DRV_LOG(ERR, "port %u: RX queue interrupts need MSI-X "
			    "with one vector per queue (vfio-pci)",
			    dev->data->port_id);
		return -ENOTSUP;
	}
	if (rte_intr_efd_enable(ih, nb) != 0 ||
	    rte_intr_vec_list_alloc(ih, "intr_vec", nb) != 0) {
		IXG_DRV_LOG(ERR, "port %u: cannot set up %u RX queue "
			    "interrupt vectors", dev->data->port_id, nb);
		rte_intr_efd_disable(ih);
		return -ENOMEM;
	}
	for (q = 0; q < nb; q++)
		rte_intr_vec_list_index_set(ih, q, IXGUARD_RX_VEC_BASE + q);
	IXG_ADAPTER(dev)->rxq_intr = true;
	return 0;
}

static void
ixg_ivar_rx(struct ixguard_hw *hw, uint16_t q, uint32_t vec)
{
	uint32_t shift = IX_IVAR_ENTRY_SHIFT(q, 0);
	uint32_t ivar = ixg_read(hw, IX_IVAR(q >> 1));

	ivar &= ~(0xFFu << shift);
	ivar |= (IX_IVAR_ALLOC_VAL | (vec & IX_IVAR_VECTOR_MASK)) << shift;
	ixg_write(hw, IX_IVAR(q >> 1), ivar);
}

/* Program the mapping (all queue vectors masked), enable the handle. */
void
ixguard_rxq_intr_start(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_hw *hw = &ad->hw;
	uint64_t vecs = 0;
	uint32_t eiac;
	uint16_t q;

	if (!ad->rxq_intr)
		return;
	for (q = 0; q < dev->data->nb_rx_queues; q++) {
		uint32_t v = IXGUARD_RX_VEC_BASE + q;

		ixg_ivar_rx(hw, q, v);
		vecs |= (uint64_t)1 << v;
	}
	ixg_write(hw, IX_EIMC_EX(0), (uint32_t)vecs);
	ixg_write(hw, IX_EIMC_EX(1), (uint32_t)(vecs >> 32));
	/* Auto-clear the cause, auto-mask the vector when it fires. */
	eiac = ixg_read(hw, IX_EIAC) & ~IX_EICR_RTX_QUEUE;
	ixg_write(hw, IX_EIAC, eiac | ((uint32_t)vecs & IX_EICR_RTX_QUEUE));
	ixg_write(hw, IX_EIAM_EX(0), (uint32_t)vecs);
	ixg_write(hw, IX_EIAM_EX(1), (uint32_t)(vecs >> 32));
	ixg_write(hw, IX_GPIE, ixg_read(hw, IX_GPIE) | IX_GPIE_MSIX_MODE |
		  IX_GPIE_PBA_SUPPORT | IX_GPIE_EIAME);
	ixg_flush(hw);
	/* The LSC path enabled the handle already when it is on. */
	ad->rxq_intr_own = false;
	if (!ad->lsc_intr) {
		if (rte_intr_enable(ixg_intr_handle(dev)) == 0)
			ad->rxq_intr_own = true;
		else
			IXG_DRV_LOG(WARNING, "port %u: cannot enable the RX "
				    "queue interrupts", dev->data->port_id);
	}
}

void
ixguard_rxq_intr_stop(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct rte_intr_handle *ih = ixg_intr_handle(dev);

	if (!ad->rxq_intr)
		return;
	ixg_write(&ad->hw, IX_EIMC_EX(0), 0xFFFFFFFF);
	ixg_write(&ad->hw, IX_EIMC_EX(1), 0xFFFFFFFF);
	/* Runs after the LSC path disabled the handle, if it had it. */
	if (ad->rxq_intr_own)
		rte_intr_disable(ih);
	ad->rxq_intr_own = false;
	rte_intr_efd_disable(ih);
	rte_intr_vec_list_free(ih);
	ad->rxq_intr = false;
}

static int
ixg_rxq_vector(struct rte_eth_dev *dev, uint16_t qid, uint32_t *vec)
{
	if (!IXG_ADAPTER(dev)->rxq_intr || qid >= dev->data->nb_rx_queues)
		return -EINVAL;
	*vec = (uint32_t)rte_intr_vec_list_index_get(ixg_intr_handle(dev),
						      qid);
	if (*vec < IXGUARD_RX_VEC_BASE || *vec >= 64)
		return -EINVAL;
	return 0;
}

int
ixguard_rx_queue_intr_enable(struct rte_eth_dev *dev, uint16_t qid)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	uint32_t v;

	if (ixg_rxq_vector(dev, qid, &v) != 0)
		return -EINVAL;
	ixg_write(hw, IX_EIMS_EX(v / 32), 1u << (v % 32));
	ixg_flush(hw);
	rte_intr_ack(ixg_intr_handle(dev));
	return 0;
}

int
ixguard_rx_queue_intr_disable(struct rte_eth_dev *dev, uint16_t qid)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	uint32_t v;

	if (ixg_rxq_vector(dev, qid, &v) != 0)
		return -EINVAL;
	ixg_write(hw, IX_EIMC_EX(v / 32), 1u << (v % 32));
	ixg_flush(hw);
	return 0;
}

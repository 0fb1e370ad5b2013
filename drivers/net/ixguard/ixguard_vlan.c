/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * VLAN offloads (82599 datasheet §7.1.1.2 filtering, §7.4 tagging):
 * - filter: VLNCTRL.VFE drops tagged frames whose VLAN ID is not set in
 *   the 4096-bit VFTA;
 * - strip: per RX queue, RXDCTL.VME (the tag goes to the descriptor);
 * - insert: per packet, VLE in the data descriptor with the tag in the
 *   context descriptor (ixguard_txctx.c); the inserted ethertype is
 *   DMATXCTL.VT.
 * Only the 802.1Q ethertype 0x8100 is used; no QinQ.
 */

#include <errno.h>
#include <string.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_offload.h"

static void
ixguard_vlan_filter_apply(struct rte_eth_dev *dev)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	uint32_t vlnctrl = ixg_read(hw, IX_VLNCTRL);

	vlnctrl &= ~(IX_VLNCTRL_VET_MASK | IX_VLNCTRL_VFE | IX_VLNCTRL_CFIEN);
	vlnctrl |= IX_VLNCTRL_VET_DEFAULT;
	if (dev->data->dev_conf.rxmode.offloads &
	    RTE_ETH_RX_OFFLOAD_VLAN_FILTER)
		vlnctrl |= IX_VLNCTRL_VFE;
	ixg_write(hw, IX_VLNCTRL, vlnctrl);
}

/* RXDCTL of a queue with its strip bit as the queue's offloads say. */
uint32_t
ixguard_vlan_rxdctl(const struct ixguard_rx_queue *rxq, uint32_t rxdctl)
{
	if (rxq->offloads & RTE_ETH_RX_OFFLOAD_VLAN_STRIP)
		return rxdctl | IX_RXDCTL_VME;
	return rxdctl & ~IX_RXDCTL_VME;
}

static void
ixguard_vlan_strip_apply(struct rte_eth_dev *dev, uint16_t qid, bool on)
{
	struct ixguard_rx_queue *rxq = dev->data->rx_queues[qid];
	struct ixguard_hw *hw = IXG_HW(dev);

	if (rxq == NULL)
		return;
	if (on)
		rxq->offloads |= RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	else
		rxq->offloads &= ~RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	/* A stopped queue gets the bit when it starts. */
	if (rxq->started)
		ixg_write(hw, IX_RXDCTL(rxq->reg_idx),
			  ixguard_vlan_rxdctl(rxq,
					      ixg_read(hw, IX_RXDCTL(rxq->reg_idx))));
}

/* dev_start, after the reset, before the queues start. */
void
ixguard_vlan_start(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_hw *hw = &ad->hw;
	unsigned int i;

	for (i = 0; i < IX_VFTA_NUM; i++)
		ixg_write(hw, IX_VFTA(i), ad->vfta[i]);
	ixguard_vlan_filter_apply(dev);
	ixg_write(hw, IX_DMATXCTL, (ixg_read(hw, IX_DMATXCTL) &
				    ~IX_DMATXCTL_VT_MASK) |
		  IX_VLNCTRL_VET_DEFAULT << IX_DMATXCTL_VT_SHIFT);
}

int
ixguard_vlan_filter_set(struct rte_eth_dev *dev, uint16_t vid, int on)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	uint32_t idx = IX_VFTA_IDX(vid);

	if (vid > RTE_ETHER_MAX_VLAN_ID)
		return -EINVAL;
	if (on)
		ad->vfta[idx] |= IX_VFTA_BIT(vid);
	else
		ad->vfta[idx] &= ~IX_VFTA_BIT(vid);
	ixg_write(&ad->hw, IX_VFTA(idx), ad->vfta[idx]);
	return 0;
}

int
ixguard_vlan_offload_set(struct rte_eth_dev *dev, int mask)
{
	uint64_t offloads = dev->data->dev_conf.rxmode.offloads;
	uint16_t q;

	if (mask & RTE_ETH_VLAN_EXTEND_MASK &&
	    offloads & RTE_ETH_RX_OFFLOAD_VLAN_EXTEND) {
		IXG_DRV_LOG(ERR, "port %u: QinQ (VLAN extend) not supported",
			    dev->data->port_id);
		return -ENOTSUP;
	}
	if (mask & RTE_ETH_VLAN_STRIP_MASK)
		for (q = 0; q < dev->data->nb_rx_queues; q++)
			ixguard_vlan_strip_apply(dev, q, (offloads &
				RTE_ETH_RX_OFFLOAD_VLAN_STRIP) != 0);
	if (mask & RTE_ETH_VLAN_FILTER_MASK)
		ixguard_vlan_filter_apply(dev);
	return 0;
}

void
ixguard_vlan_strip_queue_set(struct rte_eth_dev *dev, uint16_t qid, int on)
{
	if (qid >= dev->data->nb_rx_queues)
		return;
	ixguard_vlan_strip_apply(dev, qid, on != 0);
}

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
 *
 * Double VLAN (QinQ, RTE_ETH_RX_OFFLOAD_VLAN_EXTEND, §7.4.5): with
 * CTRL_EXT.EXTENDED_VLAN and DMATXCTL.GDV every frame carries an outer
 * tag of type EXVET.VET_EXT right after the MAC addresses.  The device
 * skips it on receive (reported by the VEXT status bit) and filters and
 * strips the inner tag (type VLNCTRL.VET) behind it; on transmit the
 * application puts the outer tag in the frame and the device inserts
 * the inner one behind it.  The 82599 never strips nor inserts the
 * outer tag: no QINQ_STRIP, no QINQ_INSERT.
 *
 * TPIDs (vlan_tpid_set): without double VLAN the single tag is the
 * outer one (VLNCTRL.VET, DMATXCTL.VT) and there is no inner tag; with
 * it, outer is EXVET.VET_EXT and inner VLNCTRL.VET with DMATXCTL.VT.
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
	vlnctrl |= IXG_ADAPTER(dev)->vlan_tpid;
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

static bool
ixguard_vlan_extended(const struct rte_eth_dev *dev)
{
	return (dev->data->dev_conf.rxmode.offloads &
		RTE_ETH_RX_OFFLOAD_VLAN_EXTEND) != 0;
}

/* Double VLAN on or off, and the TPIDs, as the adapter says. */
static void
ixguard_vlan_tags_apply(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct ixguard_hw *hw = &ad->hw;
	bool ext = ixguard_vlan_extended(dev);
	uint32_t ctrl_ext = ixg_read(hw, IX_CTRL_EXT);
	uint32_t dmatxctl = ixg_read(hw, IX_DMATXCTL);

	dmatxctl &= ~(IX_DMATXCTL_VT_MASK | IX_DMATXCTL_GDV);
	dmatxctl |= (uint32_t)ad->vlan_tpid << IX_DMATXCTL_VT_SHIFT;
	if (ext) {
		dmatxctl |= IX_DMATXCTL_GDV;
		ctrl_ext |= IX_CTRL_EXT_EXTENDED_VLAN;
	} else {
		ctrl_ext &= ~IX_CTRL_EXT_EXTENDED_VLAN;
	}
	ixg_write(hw, IX_EXVET, (uint32_t)ad->vlan_tpid_outer <<
		  IX_EXVET_VET_EXT_SHIFT);
	ixg_write(hw, IX_DMATXCTL, dmatxctl);
	ixg_write(hw, IX_CTRL_EXT, ctrl_ext);
	ixguard_vlan_filter_apply(dev);		/* VLNCTRL.VET */
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
	ixguard_vlan_tags_apply(dev);
}

int
ixguard_vlan_tpid_set(struct rte_eth_dev *dev, enum rte_vlan_type type,
		      uint16_t tpid)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	bool ext = ixguard_vlan_extended(dev);

	/* An EtherType: values below 0x0600 are IEEE 802.3 lengths. */
	if (tpid < 0x0600) {
		IXG_DRV_LOG(ERR, "port %u: TPID 0x%04x is not an EtherType "
			    "(0x0600 or above)", dev->data->port_id, tpid);
		return -EINVAL;
	}
	switch (type) {
	case RTE_ETH_VLAN_TYPE_OUTER:
		if (ext)
			ad->vlan_tpid_outer = tpid;
		else
			ad->vlan_tpid = tpid;	/* the single tag */
		break;
	case RTE_ETH_VLAN_TYPE_INNER:
		if (!ext) {
			IXG_DRV_LOG(ERR, "port %u: no inner VLAN tag without "
				    "double VLAN (VLAN extend off)",
				    dev->data->port_id);
			return -ENOTSUP;
		}
		ad->vlan_tpid = tpid;
		break;
	default:
		IXG_DRV_LOG(ERR, "port %u: VLAN type %d: the 82599 sets "
			    "inner and outer TPIDs only", dev->data->port_id,
			    type);
		return -EINVAL;
	}
	if (ad->started)
		ixguard_vlan_tags_apply(dev);
	return 0;
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

	if ((mask & RTE_ETH_VLAN_EXTEND_MASK) && IXG_ADAPTER(dev)->started)
		ixguard_vlan_tags_apply(dev);
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

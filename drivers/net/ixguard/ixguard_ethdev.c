/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * net_ixguard: PCI registration, probe/remove and the ethdev operations.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_interrupts.h>
#include <rte_malloc.h>
#include <bus_pci_driver.h>
#include <ethdev_driver.h>
#include <ethdev_pci.h>

#include "ixguard_dma.h"
#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_mp.h"
#include "ixguard_offload.h"
#include "ixguard_poll.h"
#include "ixguard_qguard.h"
#include "ixguard_rxtx.h"
#include "ixguard_shadow.h"

RTE_LOG_REGISTER_DEFAULT(ixguard_logtype, NOTICE);
RTE_LOG_REGISTER_SUFFIX(ixguard_logtype_init, init, NOTICE);
RTE_LOG_REGISTER_SUFFIX(ixguard_logtype_driver, driver, NOTICE);

/* The 82599 family (physical functions). */
static const struct rte_pci_id ixguard_pci_ids[] = {
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_KX4) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_KX4_MEZZ) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_KR) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_COMBO_BACKPLANE) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_CX4) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_SFP) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_BACKPLANE_FCOE) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_SFP_FCOE) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_SFP_EM) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_SFP_SF2) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_SFP_SF_QP) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_QSFP_SF_QP) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599EN_SFP) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_XAUI_LOM) },
	{ RTE_PCI_DEVICE(IX_PCI_VENDOR_INTEL, IX_DEV_82599_T3_LOM) },
	{ .vendor_id = 0 },
};

/* ---- Link and LSC interrupt ------------------------------------------- */

int
ixguard_link_update(struct rte_eth_dev *dev, int wait)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	struct rte_eth_link link;
	uint32_t speed, waited = 0;
	bool up;

	memset(&link, 0, sizeof(link));
	for (;;) {
		ixguard_hw_link_get(hw, &up, &speed);
		if (up || !wait || waited >= 9000)
			break;
		rte_delay_ms(100);
		waited += 100;
	}
	link.link_status = up ? RTE_ETH_LINK_UP : RTE_ETH_LINK_DOWN;
	link.link_speed = up ? speed : RTE_ETH_SPEED_NUM_NONE;
	link.link_duplex = RTE_ETH_LINK_FULL_DUPLEX;
	link.link_autoneg = !(dev->data->dev_conf.link_speeds &
			      RTE_ETH_LINK_SPEED_FIXED);
	return rte_eth_linkstatus_set(dev, &link);
}

static void
ixguard_intr_handler(void *arg)
{
	struct rte_eth_dev *dev = arg;
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	uint32_t eicr;

	eicr = ixg_read(&ad->hw, IX_EICR);	/* clear on read */
	if (ixguard_link_intr(dev, eicr))
		rte_eth_dev_callback_process(dev, RTE_ETH_EVENT_INTR_LSC,
					     NULL);
	if (ad->lsc_intr)
		ixg_write(&ad->hw, IX_EIMS, ad->other_intr);
	rte_intr_ack(pci->intr_handle);
}

/* ---- Configuration ---------------------------------------------------- */

static int
ixguard_dev_configure(struct rte_eth_dev *dev)
{
	struct rte_eth_conf *conf = &dev->data->dev_conf;
	int ret;

	ret = ixguard_rss_configure(dev);	/* RX mq_mode, RSS */
	if (ret != 0)
		return ret;
	ret = ixguard_ext_configure(dev);	/* loopback mode */
	if (ret != 0)
		return ret;
	if (conf->txmode.mq_mode != RTE_ETH_MQ_TX_NONE) {
		IXG_DRV_LOG(ERR, "port %u: TX multi-queue mode %d not "
			    "supported", dev->data->port_id,
			    conf->txmode.mq_mode);
		return -ENOTSUP;
	}
	return ixguard_link_configure(dev);	/* link_speeds */
}

static int
ixguard_dev_infos_get(struct rte_eth_dev *dev, struct rte_eth_dev_info *info)
{
	const struct rte_eth_desc_lim lim = {
		.nb_max = IXGUARD_MAX_RING_DESC,
		.nb_min = IXGUARD_MIN_RING_DESC,
		.nb_align = IXGUARD_RING_ALIGN,
		.nb_seg_max = IXGUARD_MAX_TX_SEGS,
		.nb_mtu_seg_max = IXGUARD_MAX_TX_SEGS,
	};

	info->max_rx_queues = IXGUARD_MAX_RX_QUEUES;
	info->max_tx_queues = IXGUARD_MAX_TX_QUEUES;
	info->min_rx_bufsize = 1024;
	info->max_rx_pktlen = IXGUARD_MAX_FRAME;
	info->min_mtu = IXGUARD_MIN_MTU;
	info->max_mtu = IXGUARD_MAX_MTU;
	info->max_mac_addrs = IXGUARD_NUM_MACADDR;
	/* Offload capabilities, RSS key and table sizes. */
	ixguard_offload_infos_get(dev, info);
	/*
	 * Completed TX mbufs go back to their pool in bulk when the
	 * application promises one pool, refcnt 1, direct mbufs
	 * (ixguard_tx_free_bulk()).
	 */
	info->tx_offload_capa |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	info->rx_desc_lim = lim;
	info->tx_desc_lim = lim;
	info->speed_capa = ixguard_link_speed_capa(IXG_HW(dev));
	/*
	 * Thresholds left at 0: the queue setup picks them from the ring
	 * size (32, or a quarter of the ring when that is smaller), so the
	 * defaults are valid for every descriptor count we accept.
	 */
	info->default_rxconf.rx_free_thresh = 0;
	info->default_txconf.tx_rs_thresh = 0;
	info->default_txconf.tx_free_thresh = 0;
	info->default_rxportconf.ring_size = 512;
	info->default_txportconf.ring_size = 512;
	info->default_rxportconf.nb_queues = 1;
	info->default_txportconf.nb_queues = 1;
	info->dev_capa = RTE_ETH_DEV_CAPA_RUNTIME_RX_QUEUE_SETUP |
			 RTE_ETH_DEV_CAPA_RUNTIME_TX_QUEUE_SETUP;
	/* rte_flow rules are programmed again by every dev_start. */
	info->dev_capa |= RTE_ETH_DEV_CAPA_FLOW_RULE_KEEP;
	return 0;
}

static void
ixguard_filters_apply(struct rte_eth_dev *dev)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	uint32_t fctrl = ixg_read(hw, IX_FCTRL);

	fctrl |= IX_FCTRL_BAM;
	fctrl &= ~(IX_FCTRL_UPE | IX_FCTRL_MPE);
	if (dev->data->promiscuous)
		fctrl |= IX_FCTRL_UPE | IX_FCTRL_MPE;
	else if (dev->data->all_multicast)
		fctrl |= IX_FCTRL_MPE;
	ixg_write(hw, IX_FCTRL, fctrl);
}

static int
ixguard_promisc_enable(struct rte_eth_dev *dev)
{
	dev->data->promiscuous = 1;
	ixguard_filters_apply(dev);
	return 0;
}

static int
ixguard_promisc_disable(struct rte_eth_dev *dev)
{
	dev->data->promiscuous = 0;
	ixguard_filters_apply(dev);
	return 0;
}

static int
ixguard_allmulti_enable(struct rte_eth_dev *dev)
{
	dev->data->all_multicast = 1;
	ixguard_filters_apply(dev);
	return 0;
}

static int
ixguard_allmulti_disable(struct rte_eth_dev *dev)
{
	dev->data->all_multicast = 0;
	ixguard_filters_apply(dev);
	return 0;
}

static int
ixguard_mac_addr_add(struct rte_eth_dev *dev, struct rte_ether_addr *addr,
		     uint32_t index, uint32_t pool)
{
	if (index >= IXGUARD_NUM_MACADDR)
		return -EINVAL;
	if (pool != 0) {
		IXG_DRV_LOG(ERR, "port %u: MAC address pool %u: no VMDq pools "
			    "(pool 0 only)", dev->data->port_id, pool);
		return -ENOTSUP;
	}
	ixguard_hw_set_rar(IXG_HW(dev), index, addr->addr_bytes, true);
	return 0;
}

static void
ixguard_mac_addr_remove(struct rte_eth_dev *dev, uint32_t index)
{
	if (index == 0 || index >= IXGUARD_NUM_MACADDR)
		return;
	ixguard_hw_set_rar(IXG_HW(dev), index, NULL, false);
}

static int
ixguard_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *addr)
{
	ixguard_hw_set_rar(IXG_HW(dev), 0, addr->addr_bytes, true);
	return 0;
}

static int
ixguard_fw_version_get(struct rte_eth_dev *dev, char *fw, size_t len)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	int ret;

	ret = snprintf(fw, len, "0x%08x", hw->etrack_id);
	if (ret < 0)
		return -EINVAL;
	ret += 1;	/* with the terminating NUL */
	return (size_t)ret > len ? ret : 0;
}

/* ---- Start / stop ----------------------------------------------------- */

/*
 * dev_start follows the datasheet's initialisation sequence (§4.6.3 to
 * §4.6.8), one step per section, after the software choices that can
 * fail before the device is touched.  The reset comes once, first; every
 * later step programs what the application set (the adapter keeps a copy
 * of each setting) into the registers the reset cleared.
 *
 * The link (§4.6.4) comes up after receive and transmit are ready rather
 * than before them: the partner sees the link only once frames can be
 * received (as net_ixgbe does), and MAC loopback, set up in HLREG0 and
 * AUTOC after the receive init rewrote HLREG0, is in place before the
 * link restarts.  The interrupts (§4.6.6) are armed last, so the first
 * link interrupt reports the link this start brought up.
 */

/* Before the device is touched: burst functions, RX queue eventfds. */
static int
ixguard_start_prepare(struct rte_eth_dev *dev,
		      const struct ixguard_rx_path **rx_path,
		      const struct ixguard_tx_path **tx_path)
{
	int ret;

	/* The burst functions (ixguard_rxtx_select.c), before any change. */
	ret = ixguard_path_select(dev, rx_path, tx_path);
	if (ret != 0)
		return ret;
	return ixguard_rxq_intr_prepare(dev);	/* before any intr enable */
}

/*
 * §4.6.7 and §4.6.8, receive and transmit: the receive filters (unicast
 * addresses, promiscuous and broadcast modes), the DMA domain sealed
 * with everything the queues use, the receive init (MAC settings, RSS,
 * VLAN, RX queues), the transmit init (TX queues), receive enabled last;
 * then the multicast table, flow control, loopback and the rte_flow
 * filters.
 */
static int
ixguard_start_rxtx(struct rte_eth_dev *dev)
{
	struct ixguard_hw *hw = IXG_HW(dev);
	uint32_t i;
	int ret;

	for (i = 0; i < IXGUARD_NUM_MACADDR; i++) {
		struct rte_ether_addr *a = &dev->data->mac_addrs[i];

		if (!rte_is_zero_ether_addr(a))
			ixguard_hw_set_rar(hw, i, a->addr_bytes, true);
	}
	ixguard_filters_apply(dev);
	/* Everything the queues use is mapped: seal and report the domain. */
	ret = ixguard_dma_start(dev);
	if (ret != 0)
		return ret;
	ret = ixguard_rx_init(dev);			/* §4.6.7 */
	if (ret == 0)
		ret = ixguard_tx_init(dev);		/* §4.6.8 */
	if (ret != 0) {
		ixguard_rxtx_stop(dev);
		ixguard_dma_stop(dev);
		return ret;
	}
	ixguard_hw_rx_enable(hw, true);	/* the last step of §4.6.7 */
	ixguard_ext_start(dev);	/* multicast table, flow control, loopback */
	ixguard_flow_restore(dev);	/* rte_flow rules */
	return 0;
}

/*
 * §4.6.6, interrupts: the link's causes on vector 0 when the application
 * asked for LSC events (else the link state is polled), then the RX
 * queue vectors.
 */
static void
ixguard_start_intr(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);

	ad->lsc_intr = false;
	if (dev->data->dev_conf.intr_conf.lsc) {
		if (rte_intr_enable(pci->intr_handle) == 0) {
			ad->other_intr = ixguard_link_intr_setup(&ad->hw);
			ixguard_hw_lsc_setup(&ad->hw, ad->other_intr);
			ad->lsc_intr = true;
		} else {
			IXG_DRV_LOG(WARNING, "port %u: cannot enable the LSC "
				    "interrupt, link state is polled",
				    dev->data->port_id);
		}
	}
	ixguard_rxq_intr_start(dev);
}

/* The port runs: link state recorded, burst functions in place. */
static void
ixguard_start_finish(struct rte_eth_dev *dev,
		     const struct ixguard_rx_path *rx_path,
		     const struct ixguard_tx_path *tx_path)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	uint32_t waited = 0, speed;
	bool up;

	/* Give the link a moment (devarg link_wait_ms). */
	for (;;) {
		ixguard_hw_link_get(&ad->hw, &up, &speed);
		if (up || waited >= ad->devargs.link_wait_ms)
			break;
		rte_delay_ms(10);
		waited += 10;
	}
	ixguard_link_update(dev, 0);

	dev->rx_pkt_burst = rx_path->burst;
	dev->tx_pkt_burst = tx_path->burst;
	dev->tx_pkt_prepare = ixguard_prep_pkts;
	ixguard_path_remember(dev, rx_path, tx_path);
	ad->started = true;
	ixguard_qguard_start(dev);	/* watch for queues the device stops */
}

static int
ixguard_dev_start(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	const struct ixguard_rx_path *rx_path;
	const struct ixguard_tx_path *tx_path;
	int ret;

	ret = ixguard_start_prepare(dev, &rx_path, &tx_path);
	if (ret != 0)
		return ret;
	ret = ixguard_hw_reset(&ad->hw);	/* §4.6.3 steps 1-4 */
	if (ret != 0)
		return ret;
	ixguard_hw_general_config(&ad->hw);	/* §4.6.3.2 */
	ixguard_stats_map_queues(ad);		/* §4.6.5 */
	ret = ixguard_start_rxtx(dev);		/* §4.6.7, §4.6.8 */
	if (ret != 0)
		return ret;
	ixguard_link_start(dev);		/* §4.6.4 */
	ixguard_start_intr(dev);		/* §4.6.6 */
	ixguard_start_finish(dev, rx_path, tx_path);
	return 0;
}

static int
ixguard_dev_stop(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	struct rte_eth_link link;

	ixguard_qguard_stop(dev);
	ixguard_hw_intr_disable(&ad->hw);
	if (ad->lsc_intr) {
		rte_intr_disable(pci->intr_handle);
		ad->lsc_intr = false;
	}
	ixguard_rxq_intr_stop(dev);
	ixguard_rxtx_stop(dev);
	ixguard_hw_stop(&ad->hw);
	/* Queues disabled and the device stopped: no DMA in flight. */
	ixguard_dma_stop(dev);
	memset(&link, 0, sizeof(link));
	rte_eth_linkstatus_set(dev, &link);
	ad->started = false;
	dev->data->dev_started = 0;
	return 0;
}

static int
ixguard_dev_close(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	int ret = 0;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	if (ad->started)
		ret = ixguard_dev_stop(dev);
	ixguard_flow_close(dev);	/* rte_flow rules are flushed */
	ixguard_rxtx_release_all(dev);
	ixguard_dma_close(dev);
	ixguard_dma_zones_free(dev);	/* unmapped: back to the heap */
	ixguard_qguard_reset(dev);	/* a port probed again starts at 0 */
	ixguard_hw_intr_disable(&ad->hw);
	rte_intr_callback_unregister_sync(pci->intr_handle,
					  ixguard_intr_handler, dev);
	/* Hand the port back: driver no longer loaded. */
	ixg_write(&ad->hw, IX_CTRL_EXT, ixg_read(&ad->hw, IX_CTRL_EXT) &
		  ~IX_CTRL_EXT_DRV_LOAD);
	return ret;
}

static const struct eth_dev_ops ixguard_ops;

static int ixguard_dev_init(struct rte_eth_dev *dev);
static int ixguard_dev_uninit(struct rte_eth_dev *dev);

static int
ixguard_dev_reset(struct rte_eth_dev *dev)
{
	int ret;

	ret = ixguard_dev_uninit(dev);
	if (ret != 0)
		return ret;
	return ixguard_dev_init(dev);
}

static const struct eth_dev_ops ixguard_ops = {
	.dev_configure = ixguard_dev_configure,
	.dev_infos_get = ixguard_dev_infos_get,
	.dev_start = ixguard_dev_start,
	.dev_stop = ixguard_dev_stop,
	.dev_close = ixguard_dev_close,
	.dev_reset = ixguard_dev_reset,
	.link_update = ixguard_link_update,
	.dev_set_link_up = ixguard_dev_set_link_up,
	.dev_set_link_down = ixguard_dev_set_link_down,
	.dev_led_on = ixguard_dev_led_on,
	.dev_led_off = ixguard_dev_led_off,
	.get_module_info = ixguard_get_module_info,
	.get_module_eeprom = ixguard_get_module_eeprom,
	.promiscuous_enable = ixguard_promisc_enable,
	.promiscuous_disable = ixguard_promisc_disable,
	.allmulticast_enable = ixguard_allmulti_enable,
	.allmulticast_disable = ixguard_allmulti_disable,
	.mac_addr_set = ixguard_mac_addr_set,
	.mac_addr_add = ixguard_mac_addr_add,
	.mac_addr_remove = ixguard_mac_addr_remove,
	.mtu_set = ixguard_mtu_set,
	.stats_get = ixguard_stats_get,
	.stats_reset = ixguard_stats_reset,
	.xstats_get = ixguard_xstats_get,
	.xstats_get_names = ixguard_xstats_get_names,
	.xstats_reset = ixguard_stats_reset,
	.xstats_get_by_id = ixguard_xstats_get_by_id,
	.xstats_get_names_by_id = ixguard_xstats_get_names_by_id,
	.queue_stats_mapping_set = ixguard_queue_stats_mapping_set,
	.fw_version_get = ixguard_fw_version_get,
	.dev_supported_ptypes_get = ixguard_supported_ptypes,
	.rx_queue_setup = ixguard_rx_queue_setup,
	.rx_queue_release = ixguard_rx_queue_release,
	.tx_queue_setup = ixguard_tx_queue_setup,
	.tx_queue_release = ixguard_tx_queue_release,
	.rx_queue_start = ixguard_qguard_rx_queue_start,
	.rx_queue_stop = ixguard_qguard_rx_queue_stop,
	.tx_queue_start = ixguard_qguard_tx_queue_start,
	.tx_queue_stop = ixguard_qguard_tx_queue_stop,
	.rxq_info_get = ixguard_rxq_info_get,
	.txq_info_get = ixguard_txq_info_get,
	.rss_hash_update = ixguard_rss_hash_update,
	.rss_hash_conf_get = ixguard_rss_hash_conf_get,
	.reta_update = ixguard_reta_update,
	.reta_query = ixguard_reta_query,
	.vlan_filter_set = ixguard_vlan_filter_set,
	.vlan_offload_set = ixguard_vlan_offload_set,
	.vlan_strip_queue_set = ixguard_vlan_strip_queue_set,
	.vlan_tpid_set = ixguard_vlan_tpid_set,
	.flow_ctrl_get = ixguard_flow_ctrl_get,
	.flow_ctrl_set = ixguard_flow_ctrl_set,
	.set_mc_addr_list = ixguard_set_mc_addr_list,
	.rx_queue_intr_enable = ixguard_rx_queue_intr_enable,
	.rx_queue_intr_disable = ixguard_rx_queue_intr_disable,
	.get_reg = ixguard_get_regs,
	.get_eeprom_length = ixguard_get_eeprom_length,
	.get_eeprom = ixguard_get_eeprom,
	.rx_burst_mode_get = ixguard_rx_burst_mode_get,
	.tx_burst_mode_get = ixguard_tx_burst_mode_get,
	.tx_done_cleanup = ixguard_tx_done_cleanup,
	.get_monitor_addr = ixguard_get_monitor_addr,
	.flow_ops_get = ixguard_flow_ops_get,
};

/* ---- Probe / remove --------------------------------------------------- */

bool
ixguard_is_ours(const struct rte_eth_dev *dev)
{
	return dev->dev_ops == &ixguard_ops;
}

static int
ixguard_dev_init(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	struct ixguard_hw *hw = &ad->hw;
	int ret;

	dev->dev_ops = &ixguard_ops;
	dev->rx_pkt_burst = ixguard_recv_pkts;
	dev->tx_pkt_burst = ixguard_xmit_pkts;
	dev->tx_pkt_prepare = ixguard_prep_pkts;
	dev->rx_descriptor_status = ixguard_rx_descriptor_status;
	dev->tx_descriptor_status = ixguard_tx_descriptor_status;
	dev->rx_queue_count = ixguard_rx_queue_count;
	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		/* The primary set the device and the adapter up. */
		ixguard_path_secondary(dev);
		ixguard_dma_port_init(dev);
		return 0;
	}
	ad->rx_path_idx = -1;
	ad->tx_path_idx = -1;
	ad->led_forced = false;	/* dev_reset: LEDs as the NVM sets them */

	rte_eth_copy_pci_info(dev, pci);
	dev->data->dev_flags |= RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS;

	ret = ixguard_devargs_parse(&ad->devargs, pci->device.devargs,
				    pci->device.name);
	if (ret != 0)
		return ret;
	ixguard_dma_port_init(dev);
	ixguard_qguard_reset(dev);	/* its shared zone exists from now */

	hw->hw_addr = pci->mem_resource[0].addr;
	hw->device_id = pci->id.device_id;
	if (hw->hw_addr == NULL ||
	    pci->mem_resource[0].len < IX_HICR + sizeof(uint32_t)) {
		IXG_INIT_LOG(ERR, "%s: BAR0 not mapped", pci->device.name);
		return -ENODEV;
	}
	rte_spinlock_init(&ad->stats_lock);

	ret = ixguard_hw_init(hw);
	if (ret != 0) {
		IXG_INIT_LOG(ERR, "%s: hardware init failed (%d)",
			     pci->device.name, ret);
		return ret;
	}
	ixguard_stats_clear_hw(ad);
	ixguard_stats_map_init(ad);
	ad->vlan_tpid = RTE_ETHER_TYPE_VLAN;
	ad->vlan_tpid_outer = RTE_ETHER_TYPE_VLAN;

	dev->data->mac_addrs = rte_zmalloc("ixguard_mac",
		RTE_ETHER_ADDR_LEN * IXGUARD_NUM_MACADDR, 0);
	if (dev->data->mac_addrs == NULL)
		return -ENOMEM;
	rte_ether_addr_copy((struct rte_ether_addr *)hw->perm_addr,
			    &dev->data->mac_addrs[0]);

	ret = rte_intr_callback_register(pci->intr_handle,
					 ixguard_intr_handler, dev);
	if (ret != 0) {
		IXG_INIT_LOG(ERR, "%s: interrupt callback: %d",
			     pci->device.name, ret);
		rte_free(dev->data->mac_addrs);
		dev->data->mac_addrs = NULL;
		return ret;
	}

	IXG_INIT_LOG(INFO, "%s: port %u, 82599 %04x, MAC " RTE_ETHER_ADDR_PRT_FMT
		     ", NVM etrack 0x%08x", pci->device.name,
		     dev->data->port_id, hw->device_id,
		     RTE_ETHER_ADDR_BYTES(&dev->data->mac_addrs[0]),
		     hw->etrack_id);
	return 0;
}

static int
ixguard_dev_uninit(struct rte_eth_dev *dev)
{
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	return ixguard_dev_close(dev);
}

static int
ixguard_pci_probe(struct rte_pci_driver *drv __rte_unused,
		  struct rte_pci_device *pci)
{
	struct ixguard_devargs da;
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		/*
		 * The device and its domain are the primary's: map BAR0
		 * from the primary's VFIO device and attach to the port.
		 */
		ret = ixguard_mp_attach_device(pci);
		if (ret == -ENODEV)
			return 1;	/* another driver's, in the primary */
		if (ret != 0)
			return ret;
		ret = rte_eth_dev_pci_generic_probe(pci,
			sizeof(struct ixguard_adapter), ixguard_dev_init);
		if (ret != 0)
			ixguard_mp_detach_device(pci);
		return ret;
	}
	ret = ixguard_mp_primary_init();
	if (ret != 0)
		return ret;
	/*
	 * The devargs choose the DMA domain, which must exist before the
	 * device is set up (see ixguard_dma.c); dev_init parses them again
	 * into the adapter.
	 */
	ret = ixguard_devargs_parse(&da, pci->device.devargs,
				    pci->device.name);
	if (ret != 0)
		return ret;
	ret = ixguard_dma_probe(pci, da.dma_isolation);
	if (ret != 0)
		return ret;
	ret = rte_eth_dev_pci_generic_probe(pci,
		sizeof(struct ixguard_adapter), ixguard_dev_init);
	if (ret != 0)
		ixguard_dma_remove(pci);
	return ret;
}

static int
ixguard_pci_remove(struct rte_pci_device *pci)
{
	int ret = rte_eth_dev_pci_generic_remove(pci, ixguard_dev_uninit);

	if (ret != 0)
		return ret;
	if (rte_eal_process_type() == RTE_PROC_PRIMARY)
		ixguard_dma_remove(pci);
	else
		ixguard_mp_detach_device(pci);
	return 0;
}

static struct rte_pci_driver ixguard_pmd = {
	.id_table = ixguard_pci_ids,
	/* No NEED_MAPPING: probe sets the device up in its DMA domain. */
	.drv_flags = RTE_PCI_DRV_INTR_LSC,
	.probe = ixguard_pci_probe,
	.remove = ixguard_pci_remove,
};

RTE_PMD_REGISTER_PCI(net_ixguard, ixguard_pmd);
RTE_PMD_REGISTER_PCI_TABLE(net_ixguard, ixguard_pci_ids);
RTE_PMD_REGISTER_KMOD_DEP(net_ixguard, "vfio-pci");
RTE_PMD_REGISTER_PARAM_STRING(net_ixguard,
	"link_wait_ms=<0-10000> dma_isolation=shared|port|strict|shadow "
	"rx_path=auto|scalar|sse|avx2 tx_path=auto|scalar|sse|avx2");

/*
 * Runs after RTE_PMD_REGISTER_PCI's constructor (no priority: the
 * prioritised constructors of this object run first), see
 * ixguard_claim.c.
 */
static void __attribute__((constructor, used))
ixguard_claim_init(void)
{
	ixguard_claim_devices(&ixguard_pmd);
}

/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

#ifndef IXGUARD_ETHDEV_H
#define IXGUARD_ETHDEV_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_io.h>
#include <rte_ether.h>
#include <rte_spinlock.h>
#include <ethdev_driver.h>

#include "ix82599_ids.h"
#include "ix82599_regs.h"
#include "ix82599_rxtx.h"
#include "dmaguard.h"
#include "ixguard_flow.h"

#define IXGUARD_DRIVER_NAME	"net_ixguard"

/*
 * Queues without VMDq or DCB (MRQC.MRQE = RSS, MTQC = 0):
 * - RX: the 82599's 128 queues.  RSS reaches the first 16 (a RETA entry
 *   has 4 bits, datasheet §7.1.2.8); the others receive what a filter
 *   (5-tuple, ethertype, SYN, flow director) steers to them.
 * - TX: 64 queues (§7.2.1.2.1: MTQC 64 queues, one packet buffer; the
 *   other 64 exist only with VMDq/DCB).
 */
#define IXGUARD_MAX_RX_QUEUES	IX_NUM_RX_QUEUES
#define IXGUARD_MAX_TX_QUEUES	64

/*
 * Descriptor ring limits: RDLEN/TDLEN are multiples of 128 bytes (8
 * descriptors), validated up to 128 KB (8192 descriptors).
 */
#define IXGUARD_RING_ALIGN	8
#define IXGUARD_MIN_RING_DESC	8
#define IXGUARD_MAX_RING_DESC	8192

/* Frame size limits: the 82599 receives and sends jumbo frames up to
 * 15.5 KB (15872 bytes with the FCS, datasheet feature summary and
 * MAXFRS.MFS). */
#define IXGUARD_MIN_FRAME	64
#define IXGUARD_MAX_FRAME	15872
#define IXGUARD_MIN_MTU		68
#define IXGUARD_MAX_MTU		(IXGUARD_MAX_FRAME - RTE_ETHER_HDR_LEN - \
				 RTE_ETHER_CRC_LEN)
/* Largest buffer one RX descriptor takes: SRRCTL.BSIZEPKT is 7 bits of
 * 1 KB, the 82599 accepts up to 16 KB. */
#define IXGUARD_MAX_RX_BUF	(16 * 1024)
/* One TX data descriptor carries up to 16 KB - 1 (DTALEN). */
#define IXGUARD_MAX_TX_SEG_LEN	0x3FFF
#define IXGUARD_MAX_TX_SEGS	40

/* Unicast addresses: every entry of the RAR table (§7.1.1.1.1). */
#define IXGUARD_NUM_MACADDR	IX_RAR_NUM

struct ixguard_hw {
	uint8_t *hw_addr;	/* BAR0 */
	uint16_t device_id;
	uint8_t lan_id;
	bool sfp;		/* SFP+ cage with a laser on SDP3 */
	uint32_t eeprom_words;
	uint8_t perm_addr[RTE_ETHER_ADDR_LEN];
	uint32_t etrack_id;
};

/* MAC statistics, accumulated from the clear-on-read registers. */
struct ixguard_hw_stats {
	uint64_t crcerrs, illerrc, errbc, mspdc, mlfc, mrfc, rlec;
	uint64_t mpc;		/* sum of MPC[0..7] */
	uint64_t lxontxc, lxofftxc, lxonrxc, lxoffrxc;
	uint64_t prc64, prc127, prc255, prc511, prc1023, prc1522;
	uint64_t gprc, bprc, mprc, gptc, gorc, gotc;
	uint64_t ruc, rfc, roc, rjc;
	uint64_t tor, tpr, tpt;
	uint64_t ptc64, ptc127, ptc255, ptc511, ptc1023, ptc1522;
	uint64_t mptc, bptc, xec;
	uint64_t qprc[IX_QSTAT_COUNTERS];
	uint64_t qptc[IX_QSTAT_COUNTERS];
	uint64_t qbrc[IX_QSTAT_COUNTERS];
	uint64_t qbtc[IX_QSTAT_COUNTERS];
	uint64_t qprdc[IX_QSTAT_COUNTERS];
};

struct ixguard_devargs {
	uint32_t link_wait_ms;	/* dev_start waits this long for link up */
	enum dmaguard_mode dma_isolation;	/* shared, port, strict, shadow */
	/* Burst function families forced (ixguard_rxtx_select.c); NULL:
	 * the fastest that can run. */
	const char *rx_path;
	const char *tx_path;
};

struct ixguard_adapter {
	struct ixguard_hw hw;
	struct ixguard_devargs devargs;
	struct ixguard_hw_stats stats;
	rte_spinlock_t stats_lock;
	bool started;
	bool lsc_intr;		/* LSC interrupt armed */
	/* The burst paths dev_start chose, as indices in the tables of
	 * ixguard_rxtx_select.c (function addresses differ between
	 * processes): what a secondary process runs.  -1: not started. */
	int16_t rx_path_idx;
	int16_t tx_path_idx;
	uint32_t max_frame;	/* current MAXFRS, with FCS */

	/* ---- Offloads and multi-queue (ixguard_rss.c, ixguard_vlan.c,
	 * ixguard_txctx.c).  Software copies of what is programmed, put
	 * back after the reset of every dev_start. ---- */
	uint64_t rss_hf;			/* hash functions in MRQC */
	uint8_t rss_key[IX_RSS_KEY_LEN];	/* Toeplitz key (RSSRK) */
	uint8_t reta[IX_RETA_ENTRIES];		/* redirection table */
	uint16_t reta_nb_queues;	/* RX queues the RETA was spread on */
	uint32_t vfta[IX_VFTA_NUM];	/* VLAN filter table */
	uint16_t vlan_tpid;	/* VLNCTRL.VET and DMATXCTL.VT: the single
				 * tag, or the inner one in double VLAN */
	uint16_t vlan_tpid_outer;	/* EXVET.VET_EXT (double VLAN) */
	/* Counter set (RQSMR/TQSM) of each queue (ixguard_stats.c). */
	uint8_t rx_qmap[IXGUARD_MAX_RX_QUEUES];
	uint8_t tx_qmap[IXGUARD_MAX_TX_QUEUES];

	/* ---- Flow control, multicast list, MAC loopback and RX queue
	 * interrupts (ixguard_fc.c, ixguard_info.c, ixguard_intr.c).
	 * Software copies, put back after the reset of every dev_start. */
	struct rte_eth_fc_conf fc;	/* last accepted flow_ctrl_set */
	bool fc_valid;			/* fc holds defaults or a setting */
	uint32_t mta[IX_MTA_NUM];	/* multicast table array */
	bool mta_on;			/* MCSTCTRL.MFE: a list is set */
	bool rxq_intr;			/* RX queue vectors armed */
	bool rxq_intr_own;		/* we enabled the interrupt handle */

	/* ---- Link and module (ixguard_link.c, ixguard_module.c) ---- */
	uint32_t link_speed;	/* RTE_ETH_SPEED_NUM_1G/10G dev_configure
				 * chose, 0: the mode the NVM loads */
	bool link_down;		/* dev_set_link_down holds the link off */
	bool led_forced;	/* dev_led_on/off set LED 0 ... */
	uint8_t led_mode;	/* ... to this LEDCTL mode, put back after
				 * the reset of every dev_start */
	uint32_t other_intr;	/* "other" causes armed: LSC, GPI SDP2 */

	/* ---- rte_flow rules (ixguard_flow.c), put back after the reset
	 * of every dev_start. */
	struct ixguard_flows flows;

	/* ---- Zones the device may reach: rings, shadow buffers
	 * (ixguard_shadow.c), kept until close. */
	const struct rte_memzone *dma_zones[4 * (IXGUARD_MAX_RX_QUEUES +
						 IXGUARD_MAX_TX_QUEUES)];
	unsigned int nb_dma_zones;
};

#define IXG_ADAPTER(dev) \
	((struct ixguard_adapter *)(dev)->data->dev_private)
#define IXG_HW(dev) (&IXG_ADAPTER(dev)->hw)

static inline uint32_t
ixg_read(const struct ixguard_hw *hw, uint32_t reg)
{
	return rte_read32(hw->hw_addr + reg);
}

static inline void
ixg_write(struct ixguard_hw *hw, uint32_t reg, uint32_t val)
{
	rte_write32(val, hw->hw_addr + reg);
}

static inline void
ixg_flush(const struct ixguard_hw *hw)
{
	(void)ixg_read(hw, IX_STATUS);
}

/* ixguard_hw.c */
int ixguard_hw_init(struct ixguard_hw *hw);
int ixguard_hw_reset(struct ixguard_hw *hw);
void ixguard_hw_general_config(struct ixguard_hw *hw);
void ixguard_hw_stop(struct ixguard_hw *hw);
int ixguard_eeprom_read(struct ixguard_hw *hw, uint16_t word, uint16_t *data);
void ixguard_hw_link_get(struct ixguard_hw *hw, bool *up, uint32_t *speed);
int ixguard_swfw_acquire(struct ixguard_hw *hw, uint32_t mask);
void ixguard_swfw_release(struct ixguard_hw *hw, uint32_t mask);
void ixguard_hw_set_rar(struct ixguard_hw *hw, uint32_t idx,
			const uint8_t *addr, bool valid);
void ixguard_hw_clear_filters(struct ixguard_hw *hw);
void ixguard_hw_intr_disable(struct ixguard_hw *hw);
void ixguard_hw_lsc_setup(struct ixguard_hw *hw, uint32_t causes);
void ixguard_hw_rx_enable(struct ixguard_hw *hw, bool on);

/* ixguard_stats.c */
int ixguard_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *stats);
int ixguard_stats_reset(struct rte_eth_dev *dev);
int ixguard_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xstats,
		       unsigned int n);
int ixguard_xstats_get_names(struct rte_eth_dev *dev,
			     struct rte_eth_xstat_name *names,
			     unsigned int size);
void ixguard_stats_map_init(struct ixguard_adapter *ad);
void ixguard_stats_map_queues(struct ixguard_adapter *ad);
int ixguard_queue_stats_mapping_set(struct rte_eth_dev *dev, uint16_t qid,
				    uint8_t stat_idx, uint8_t is_rx);
void ixguard_stats_clear_hw(struct ixguard_adapter *ad);

/* ixguard_devargs.c */
int ixguard_devargs_parse(struct ixguard_devargs *da,
			  const struct rte_devargs *devargs, const char *name);
extern const char ixguard_devargs_help[];

/* ixguard_fc.c: link flow control */
int ixguard_flow_ctrl_get(struct rte_eth_dev *dev,
			  struct rte_eth_fc_conf *fc);
int ixguard_flow_ctrl_set(struct rte_eth_dev *dev,
			  struct rte_eth_fc_conf *fc);
void ixguard_fc_apply(struct rte_eth_dev *dev);

/* ixguard_info.c: multicast list, loopback, descriptor status, register
 * and NVM dumps, burst modes; dev_configure/dev_start hooks */
int ixguard_ext_configure(struct rte_eth_dev *dev);
void ixguard_ext_start(struct rte_eth_dev *dev);
int ixguard_set_mc_addr_list(struct rte_eth_dev *dev,
			     struct rte_ether_addr *list, uint32_t n);
int ixguard_rx_descriptor_status(void *rxq, uint16_t offset);
int ixguard_tx_descriptor_status(void *txq, uint16_t offset);
int ixguard_get_regs(struct rte_eth_dev *dev, struct rte_dev_reg_info *regs);
int ixguard_get_eeprom_length(struct rte_eth_dev *dev);
int ixguard_get_eeprom(struct rte_eth_dev *dev,
		       struct rte_dev_eeprom_info *info);

/* ixguard_intr.c: RX queue interrupts */
int ixguard_rxq_intr_prepare(struct rte_eth_dev *dev);
void ixguard_rxq_intr_start(struct rte_eth_dev *dev);
void ixguard_rxq_intr_stop(struct rte_eth_dev *dev);
int ixguard_rx_queue_intr_enable(struct rte_eth_dev *dev, uint16_t qid);
int ixguard_rx_queue_intr_disable(struct rte_eth_dev *dev, uint16_t qid);

/* ixguard_link.c: link speed, link up/down, LEDs, link interrupts */
int ixguard_link_configure(struct rte_eth_dev *dev);
void ixguard_link_start(struct rte_eth_dev *dev);
uint32_t ixguard_link_speed_capa(const struct ixguard_hw *hw);
int ixguard_dev_set_link_up(struct rte_eth_dev *dev);
int ixguard_dev_set_link_down(struct rte_eth_dev *dev);
int ixguard_dev_led_on(struct rte_eth_dev *dev);
int ixguard_dev_led_off(struct rte_eth_dev *dev);
uint32_t ixguard_link_intr_setup(struct ixguard_hw *hw);
bool ixguard_link_intr(struct rte_eth_dev *dev, uint32_t eicr);
int ixguard_link_update(struct rte_eth_dev *dev, int wait);

/* ixguard_module.c: the SFP+ module's ID memory over I2C */
bool ixguard_module_present(struct ixguard_hw *hw);
int ixguard_module_read(struct ixguard_hw *hw, uint8_t i2c_addr,
			uint8_t off, uint8_t *buf, unsigned int len);
int ixguard_module_rates(struct ixguard_hw *hw, uint32_t *speeds);
int ixguard_get_module_info(struct rte_eth_dev *dev,
			    struct rte_eth_dev_module_info *info);
int ixguard_get_module_eeprom(struct rte_eth_dev *dev,
			      struct rte_dev_eeprom_info *info);

/* ixguard_claim.c */
struct rte_pci_driver;
void ixguard_claim_devices(struct rte_pci_driver *ours);

#endif /* IXGUARD_ETHDEV_H */

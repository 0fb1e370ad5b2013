/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Receive side scaling (82599 datasheet §7.1.2.8): MRQC selects RSS and
 * the hashed fields, RSSRK holds the 40-byte Toeplitz key, the 128
 * entries of RETA map the 7 low bits of the hash to a queue.
 *
 * The adapter keeps a copy of the key, the hash functions and the table:
 * dev_start resets the device and programs them again.
 *
 * An rte_flow RSS rule (ixguard_flow_rss.c) takes the device's RSS over
 * while it exists: the device holds the rule's queues, key and hash
 * types, and the port's settings again once the rule is destroyed.
 * rss_hash_update and reta_update change the port's settings meanwhile
 * (the device takes them when the rule goes).  The query operations
 * answer what the device holds.
 */

#include <errno.h>
#include <string.h>

#include "ixguard_ethdev.h"
#include "ixguard_logs.h"
#include "ixguard_offload.h"

/*
 * Key used until the application sets one: the key of Microsoft's RSS
 * verification suite, which spreads addresses and ports well and lets
 * anyone check our hashes against published values.
 */
static const uint8_t ixguard_rss_default_key[IX_RSS_KEY_LEN] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static const struct {
	uint64_t hf;
	uint32_t field;
} ixguard_rss_fields[] = {
	{ RTE_ETH_RSS_IPV4, IX_MRQC_RSS_FIELD_IPV4 },
	{ RTE_ETH_RSS_NONFRAG_IPV4_TCP, IX_MRQC_RSS_FIELD_IPV4_TCP },
	{ RTE_ETH_RSS_NONFRAG_IPV4_UDP, IX_MRQC_RSS_FIELD_IPV4_UDP },
	{ RTE_ETH_RSS_IPV6, IX_MRQC_RSS_FIELD_IPV6 },
	{ RTE_ETH_RSS_NONFRAG_IPV6_TCP, IX_MRQC_RSS_FIELD_IPV6_TCP },
	{ RTE_ETH_RSS_NONFRAG_IPV6_UDP, IX_MRQC_RSS_FIELD_IPV6_UDP },
	{ RTE_ETH_RSS_IPV6_EX, IX_MRQC_RSS_FIELD_IPV6_EX },
	{ RTE_ETH_RSS_IPV6_TCP_EX, IX_MRQC_RSS_FIELD_IPV6_EX_TCP },
	{ RTE_ETH_RSS_IPV6_UDP_EX, IX_MRQC_RSS_FIELD_IPV6_EX_UDP },
};

static bool
ixguard_rss_on(const struct rte_eth_dev *dev)
{
	return (dev->data->dev_conf.rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG) !=
	       0;
}

/* Hash functions the device holds. */
static uint64_t
ixguard_rss_hf_now(struct rte_eth_dev *dev)
{
	const struct ixguard_filter *rule = ixguard_flow_rss_rule(dev);

	if (rule != NULL)
		return rule->rss.hf;
	return ixguard_rss_on(dev) ? IXG_ADAPTER(dev)->rss_hf : 0;
}

static const uint8_t *
ixguard_rss_key_now(struct rte_eth_dev *dev)
{
	const struct ixguard_filter *rule = ixguard_flow_rss_rule(dev);

	if (rule != NULL && rule->rss.key_set)
		return rule->rss.key;
	return IXG_ADAPTER(dev)->rss_key;
}

static const uint8_t *
ixguard_rss_reta_now(struct rte_eth_dev *dev)
{
	const struct ixguard_filter *rule = ixguard_flow_rss_rule(dev);

	return rule != NULL ? rule->rss.reta : IXG_ADAPTER(dev)->reta;
}

/* MRQC for the current hash functions (0: one queue, no hash). */
static uint32_t
ixguard_rss_mrqc(struct rte_eth_dev *dev)
{
	uint64_t hf = ixguard_rss_hf_now(dev);
	uint32_t mrqc = 0;
	unsigned int i;

	for (i = 0; i < RTE_DIM(ixguard_rss_fields); i++)
		if (hf & ixguard_rss_fields[i].hf)
			mrqc |= ixguard_rss_fields[i].field;
	return mrqc != 0 ? mrqc | IX_MRQC_MRQE_RSS : 0;
}

static void
ixguard_rss_write_key(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	const uint8_t *key = ixguard_rss_key_now(dev);
	unsigned int i;

	/* Byte 4n+k of the key is bits 8k+7:8k of RSSRK(n). */
	for (i = 0; i < IX_RSSRK_NUM; i++) {
		const uint8_t *k = &key[4 * i];

		ixg_write(&ad->hw, IX_RSSRK(i), (uint32_t)k[0] |
			  (uint32_t)k[1] << 8 | (uint32_t)k[2] << 16 |
			  (uint32_t)k[3] << 24);
	}
}

static void
ixguard_rss_write_reta(struct rte_eth_dev *dev, unsigned int reg)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	const uint8_t *reta = ixguard_rss_reta_now(dev);
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < 4; i++)
		v |= (uint32_t)(reta[4 * reg + i] & IX_RETA_ENTRY_MASK) <<
		     IX_RETA_ENTRY_SHIFT(i);
	ixg_write(&ad->hw, IX_RETA(reg), v);
}

static int
ixguard_rss_key_check(const struct rte_eth_dev *dev,
		      const struct rte_eth_rss_conf *conf)
{
	if (conf->rss_key != NULL && conf->rss_key_len != IX_RSS_KEY_LEN) {
		IXG_DRV_LOG(ERR, "port %u: RSS key of %u bytes, the 82599 "
			    "takes %u", dev->data->port_id, conf->rss_key_len,
			    IX_RSS_KEY_LEN);
		return -EINVAL;
	}
	return 0;
}

/* dev_configure: multi-queue mode, key, hash functions, default RETA. */
int
ixguard_rss_configure(struct rte_eth_dev *dev)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	struct rte_eth_conf *conf = &dev->data->dev_conf;
	const struct rte_eth_rss_conf *rss = &conf->rx_adv_conf.rss_conf;
	uint16_t nq = dev->data->nb_rx_queues;
	unsigned int i;
	int ret;

	if (conf->rxmode.mq_mode != RTE_ETH_MQ_RX_NONE &&
	    conf->rxmode.mq_mode != RTE_ETH_MQ_RX_RSS) {
		IXG_DRV_LOG(ERR, "port %u: RX multi-queue mode %d not "
			    "supported (NONE or RSS)", dev->data->port_id,
			    conf->rxmode.mq_mode);
		return -ENOTSUP;
	}
	if (!ixguard_rss_on(dev)) {
		ad->rss_hf = 0;
		if (nq > 1)
			IXG_DRV_LOG(NOTICE, "port %u: %u RX queues without "
				    "RSS: everything arrives on queue 0",
				    dev->data->port_id, nq);
		return 0;
	}
	ret = ixguard_rss_key_check(dev, rss);
	if (ret != 0)
		return ret;
	if (rss->rss_hf & ~IXGUARD_RSS_HF) {
		IXG_DRV_LOG(ERR, "port %u: RSS hash functions 0x%" PRIx64
			    " not supported (0x%" PRIx64 ")",
			    dev->data->port_id, rss->rss_hf, IXGUARD_RSS_HF);
		return -EINVAL;
	}
	ad->rss_hf = rss->rss_hf;
	memcpy(ad->rss_key, rss->rss_key != NULL ? rss->rss_key :
	       ixguard_rss_default_key, IX_RSS_KEY_LEN);
	/* The delivered hash goes with RSS (as ethdev expects of drivers
	 * that report RTE_ETH_RX_OFFLOAD_RSS_HASH). */
	conf->rxmode.offloads |= RTE_ETH_RX_OFFLOAD_RSS_HASH;
	/*
	 * A new queue count spreads the table again; an application table
	 * for the same count is kept.  A 4-bit entry reaches queues 0-15:
	 * the queues above are for filters to steer to.
	 */
	if (ad->reta_nb_queues != nq) {
		unsigned int spread = RTE_MIN(RTE_MAX((unsigned int)nq, 1u),
					      IX_RSS_MAX_QUEUES);

		for (i = 0; i < IX_RETA_ENTRIES; i++)
			ad->reta[i] = (uint8_t)(i % spread);
		ad->reta_nb_queues = nq;
		if (nq > IX_RSS_MAX_QUEUES)
			IXG_DRV_LOG(NOTICE, "port %u: %u RX queues: RSS "
				    "spreads over queues 0-%u (the 82599's "
				    "RETA reaches 16); queues %u-%u receive "
				    "what filters steer to them",
				    dev->data->port_id, nq,
				    IX_RSS_MAX_QUEUES - 1, IX_RSS_MAX_QUEUES,
				    nq - 1);
	}
	return 0;
}

/*
 * Key, table and hash functions into the device: the RSS rule's, or the
 * port's.  The key goes first, so that no frame is hashed with new
 * fields and the old key.
 */
void
ixguard_rss_program(struct rte_eth_dev *dev)
{
	unsigned int i;

	if (ixguard_rss_on(dev) || ixguard_flow_rss_rule(dev) != NULL) {
		ixguard_rss_write_key(dev);
		for (i = 0; i < IX_RETA_NUM_REGS; i++)
			ixguard_rss_write_reta(dev, i);
	}
	ixg_write(IXG_HW(dev), IX_MRQC, ixguard_rss_mrqc(dev));
}

/* dev_start, after the reset: RXCSUM, then key, table, hash functions. */
void
ixguard_rss_start(struct rte_eth_dev *dev)
{
	/*
	 * PCSD: dword 1 of the write-back holds the RSS hash rather than
	 * the IP fragment checksum (which we do not use).  The IPv4 and
	 * L4 checksum status and error bits are reported either way.
	 */
	ixg_write(IXG_HW(dev), IX_RXCSUM, IX_RXCSUM_PCSD);
	ixguard_rss_program(dev);
}

int
ixguard_rss_hash_update(struct rte_eth_dev *dev,
			struct rte_eth_rss_conf *conf)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	int ret;

	ret = ixguard_rss_key_check(dev, conf);
	if (ret != 0)
		return ret;
	if (conf->rss_hf & ~IXGUARD_RSS_HF)
		return -EINVAL;
	if (conf->rss_key != NULL)
		memcpy(ad->rss_key, conf->rss_key, IX_RSS_KEY_LEN);
	ad->rss_hf = conf->rss_hf;
	dev->data->dev_conf.rx_adv_conf.rss_conf.rss_hf = conf->rss_hf;
	if (ad->started && ixguard_flow_rss_rule(dev) == NULL) {
		/* Key first: no frame is hashed with new fields, old key. */
		ixguard_rss_write_key(dev);
		ixg_write(&ad->hw, IX_MRQC, ixguard_rss_mrqc(dev));
	} else if (ad->started) {
		/* The rule holds the device; a rule without a key of its
		 * own hashes with the port's. */
		ixguard_rss_write_key(dev);
	}
	return 0;
}

int
ixguard_rss_hash_conf_get(struct rte_eth_dev *dev,
			  struct rte_eth_rss_conf *conf)
{
	if (conf->rss_key != NULL) {
		/* ethdev sized the buffer from dev_info.hash_key_size. */
		memcpy(conf->rss_key, ixguard_rss_key_now(dev),
		       IX_RSS_KEY_LEN);
	}
	conf->rss_key_len = IX_RSS_KEY_LEN;
	conf->rss_hf = ixguard_rss_hf_now(dev);
	return 0;
}

static int
ixguard_reta_size_check(struct rte_eth_dev *dev, uint16_t size)
{
	if (size != IX_RETA_ENTRIES) {
		IXG_DRV_LOG(ERR, "port %u: RETA of %u entries, the 82599 has "
			    "%u", dev->data->port_id, size, IX_RETA_ENTRIES);
		return -EINVAL;
	}
	return 0;
}

int
ixguard_reta_update(struct rte_eth_dev *dev,
		    struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	struct ixguard_adapter *ad = IXG_ADAPTER(dev);
	uint8_t reta[IX_RETA_ENTRIES];
	bool dirty[IX_RETA_NUM_REGS] = { false };
	unsigned int i;
	int ret;

	ret = ixguard_reta_size_check(dev, size);
	if (ret != 0)
		return ret;
	memcpy(reta, ad->reta, sizeof(reta));
	for (i = 0; i < IX_RETA_ENTRIES; i++) {
		const struct rte_eth_rss_reta_entry64 *e =
			&conf[i / RTE_ETH_RETA_GROUP_SIZE];
		unsigned int b = i % RTE_ETH_RETA_GROUP_SIZE;

		if (!((e->mask >> b) & 1))
			continue;
		if (e->reta[b] >= dev->data->nb_rx_queues) {
			IXG_DRV_LOG(ERR, "port %u: RETA entry %u: queue %u "
				    "does not exist", dev->data->port_id, i,
				    e->reta[b]);
			return -EINVAL;
		}
		if (e->reta[b] >= IX_RSS_MAX_QUEUES) {
			IXG_DRV_LOG(ERR, "port %u: RETA entry %u: queue %u: "
				    "an 82599 RETA entry reaches queues 0-%u "
				    "(4 bits)", dev->data->port_id, i,
				    e->reta[b], IX_RSS_MAX_QUEUES - 1);
			return -EINVAL;
		}
		reta[i] = (uint8_t)e->reta[b];
		dirty[i / 4] = true;
	}
	memcpy(ad->reta, reta, sizeof(reta));
	ad->reta_nb_queues = dev->data->nb_rx_queues;
	if (ad->started && ixguard_flow_rss_rule(dev) == NULL)
		for (i = 0; i < IX_RETA_NUM_REGS; i++)
			if (dirty[i])
				ixguard_rss_write_reta(dev, i);
	return 0;
}

int
ixguard_reta_query(struct rte_eth_dev *dev,
		   struct rte_eth_rss_reta_entry64 *conf, uint16_t size)
{
	const uint8_t *reta = ixguard_rss_reta_now(dev);
	unsigned int i;
	int ret;

	ret = ixguard_reta_size_check(dev, size);
	if (ret != 0)
		return ret;
	for (i = 0; i < IX_RETA_ENTRIES; i++) {
		struct rte_eth_rss_reta_entry64 *e =
			&conf[i / RTE_ETH_RETA_GROUP_SIZE];
		unsigned int b = i % RTE_ETH_RETA_GROUP_SIZE;

		if ((e->mask >> b) & 1)
			e->reta[b] = reta[i];
	}
	return 0;
}

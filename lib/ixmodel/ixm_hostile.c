/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Hostile device mode: after each real write-back the model lies, the way
 * a buggy or compromised NIC could, within the memory the IOMMU lets it
 * write (its own rings).  A driver must treat all of this as untrusted:
 *   - lengths beyond the buffer, zero lengths;
 *   - random status and error bits, EOP missing or set at random;
 *   - random packet types, RSS types and hashes, VLAN tags;
 *   - DD set on descriptors the driver never posted (at and past the tail);
 *   - TX: DD on descriptors not yet transmitted, random status.
 * Only descriptor contents are forged; the model never writes outside the
 * ring it was given, so the IOMMU sees nothing unusual.
 */
#include "ixm_priv.h"
#include "ix82599_regs.h"

static uint64_t
next_rand(struct ixm_dp *dp)
{
	/* xorshift64*: cheap, and reproducible from the seed */
	uint64_t x = dp->hostile_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	dp->hostile_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

/* With a rate of N, lie after one write-back in N (drawn at random). */
static bool
skip_this_one(struct ixm_dev *dev)
{
	unsigned int rate = dev->cfg.hostile_rate;

	return rate > 1 && next_rand(&dev->dp) % rate != 0;
}

void
ixm_hostile_seed(struct ixm_dev *dev, uint64_t seed)
{
	dev->dp.hostile_state = seed ? seed : 0x9e3779b97f4a7c15ull;
}

static void
forge_rx_desc(struct ixm_dp *dp, union ix_adv_rx_desc *d, unsigned int kind)
{
	uint64_t r = next_rand(dp);
	uint64_t q0 = d->q[0], q1 = d->q[1];

	switch (kind) {
	case 0:	/* length beyond any buffer, or zero */
		q1 = (q1 & ~(0xffffull << 32)) |
		     ((r & 1 ? 0 : (r >> 8) & 0xffff) << 32);
		break;
	case 1:	/* random status and error bits, DD kept */
		q1 = (q1 & ~0xffffffffull) | ((uint32_t)r | IX_RXD_STAT_DD);
		break;
	case 2:	/* EOP flipped: a chain that does not end, or ends early */
		q1 ^= IX_RXD_STAT_EOP;
		break;
	case 3:	/* packet type, RSS type and hash */
		q0 = r;
		break;
	default:	/* everything */
		q0 = r;
		q1 = next_rand(dp) | IX_RXD_STAT_DD;
		break;
	}
	d->q[0] = q0;
	__atomic_store_n(&d->q[1], q1, __ATOMIC_RELEASE);
}

/*
 * Called after frame write-back on RX queue q; first is the first
 * descriptor of the frame, n how many it used.
 */
void
ixm_hostile_rx(struct ixm_dev *dev, unsigned int q, uint32_t first,
	       uint32_t n)
{
	struct ixm_dp *dp = &dev->dp;
	struct ixm_dp_rxq *rxq = &dp->rxq[q];
	uint64_t r;
	uint32_t idx;

	if (rxq->ring == NULL || rxq->ndesc == 0 || skip_this_one(dev))
		return;
	r = next_rand(dp);
	if ((r & 3) == 0) {
		/* DD on a descriptor the driver still owns (never posted). */
		idx = ixm_rd(dev, IX_RDT(q));
		if (idx >= rxq->ndesc)
			return;
		idx = (idx + (uint32_t)((r >> 8) % 4)) % rxq->ndesc;
		forge_rx_desc(dp, &rxq->ring[idx], 4);
	} else {
		idx = (first + (uint32_t)((r >> 8) % n)) % rxq->ndesc;
		forge_rx_desc(dp, &rxq->ring[idx], (unsigned int)(r >> 16) % 5);
	}
	dp->cnt.hostile_writebacks++;
}

/* Called after a TX poll of queue q wrote back up to the new head. */
void
ixm_hostile_tx(struct ixm_dev *dev, unsigned int q)
{
	struct ixm_dp *dp = &dev->dp;
	struct ixm_dp_txq *txq = &dp->txq[q];
	uint64_t r;
	uint32_t idx;

	if (txq->ring == NULL || txq->ndesc == 0 || skip_this_one(dev))
		return;
	r = next_rand(dp);
	/* A descriptor at or past the head: not transmitted, maybe free. */
	idx = (txq->head + (uint32_t)((r >> 8) % 64)) % txq->ndesc;
	__atomic_store_n(&txq->ring[idx].q[1],
			 (next_rand(dp) & ~0xffffffffull) |
			 ((uint64_t)IX_TXD_STAT_DD << 32),
			 __ATOMIC_RELEASE);
	dp->cnt.hostile_writebacks++;
}

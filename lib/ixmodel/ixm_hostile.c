/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Hostile device mode: the model lies in its write-backs, the way a buggy
 * or compromised NIC could, within the memory the IOMMU lets it write
 * (its own rings).  A driver must treat all of this as untrusted:
 *   - lengths beyond the buffer, zero lengths;
 *   - random status and error bits, EOP missing or set at random;
 *   - random packet types, RSS types and hashes, VLAN tags;
 *   - RX: DD on descriptors the driver never posted (at and past the
 *     tail) and on posted ones the device has not written back;
 *   - TX: DD on descriptors not yet sent (posted or not), junk in the
 *     write-back.
 *
 * The lies never change what the device itself uses later, so the model
 * does not sabotage itself (a forged buffer address would end in an
 * IOMMU fault the driver did not cause):
 *   - a descriptor the device writes back is forged in that write-back,
 *     before DD is published: the driver does not touch it before it sees
 *     DD, and the device is done with it;
 *   - on any other descriptor only the bits the device never reads are
 *     written: RX dword 2-3 (the header buffer address in the read
 *     format; header split is off), TX STA bits 3:0 (OR-ed in, atomically,
 *     so a descriptor the driver is writing at the same time keeps the
 *     driver's fields).
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

/* RX lies in a write-back (see IXM_HOSTILE_ELSEWHERE for the others). */
enum {
	RX_LEN,		/* length beyond any buffer, or zero */
	RX_STATUS,	/* random status and error bits, DD kept */
	RX_EOP,		/* EOP flipped: a chain that does not end, or ends early */
	RX_TYPES,	/* packet type, RSS type and hash */
	RX_ALL,		/* everything */
	RX_KINDS
};

int
ixm_hostile_rx_plan(struct ixm_dev *dev, uint32_t n, unsigned int *kind)
{
	uint64_t r;

	if (n == 0 || skip_this_one(dev))
		return -1;
	r = next_rand(&dev->dp);
	if ((r & 3) == 0)
		return IXM_HOSTILE_ELSEWHERE;
	*kind = (unsigned int)(r >> 16) % RX_KINDS;
	dev->dp.cnt.hostile_writebacks++;
	return (int)((r >> 8) % n);
}

void
ixm_hostile_rx_forge(struct ixm_dev *dev, unsigned int kind, uint64_t *q0,
		     uint64_t *q1)
{
	struct ixm_dp *dp = &dev->dp;
	uint64_t r = next_rand(dp);

	switch (kind) {
	case RX_LEN:
		*q1 = (*q1 & ~(0xffffull << 32)) |
		      ((r & 1 ? 0 : (r >> 8) & 0xffff) << 32);
		break;
	case RX_STATUS:
		*q1 = (*q1 & ~0xffffffffull) | ((uint32_t)r | IX_RXD_STAT_DD);
		break;
	case RX_EOP:
		*q1 ^= IX_RXD_STAT_EOP;
		break;
	case RX_TYPES:
		*q0 = r;
		break;
	default:
		*q0 = r;
		*q1 = next_rand(dp) | IX_RXD_STAT_DD;
		break;
	}
}

/*
 * After a frame's write-back on RX queue q, when ixm_hostile_rx_plan()
 * returned IXM_HOSTILE_ELSEWHERE: DD on a descriptor the device has not written,
 * either one the driver still owns (at the tail, never posted) or one
 * it posted that the device has not reached.  Only dword 2-3 is written.
 */
void
ixm_hostile_rx_elsewhere(struct ixm_dev *dev, unsigned int q)
{
	struct ixm_dp *dp = &dev->dp;
	struct ixm_dp_rxq *rxq = &dp->rxq[q];
	uint64_t r = next_rand(dp);
	uint32_t idx;

	if (rxq->ring == NULL || rxq->ndesc == 0)
		return;
	idx = r & 1 ? ixm_rd(dev, IX_RDT(q)) : rxq->head;
	if (idx >= rxq->ndesc)
		return;
	idx = (idx + (uint32_t)((r >> 8) % 4)) % rxq->ndesc;
	__atomic_store_n(&rxq->ring[idx].q[1], next_rand(dp) | IX_RXD_STAT_DD,
			 __ATOMIC_RELEASE);
	dp->cnt.hostile_writebacks++;
}

/*
 * TX write-back of an RS descriptor: the device is done with it.  Junk in
 * the fields the write-back format reserves or leaves open (NXTSEQ_SEED,
 * STA 3:1); DD stays, and the status dword's reserved bits stay clear, so
 * this is a completion a driver cannot tell from a real one.
 */
void
ixm_hostile_tx_wb(struct ixm_dev *dev, uint64_t *q1)
{
	uint64_t r;

	if (skip_this_one(dev))
		return;
	r = next_rand(&dev->dp);
	*q1 |= (uint32_t)r | ((r >> 32) & 0xeull) << 32;
	dev->dp.cnt.hostile_writebacks++;
}

/*
 * After a TX poll of queue q: DD on a descriptor at or past the head,
 * not transmitted yet (posted or not).  Only STA is touched: the device
 * ignores it when it fetches the descriptor.
 */
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
	idx = (txq->head + (uint32_t)((r >> 8) % 64)) % txq->ndesc;
	__atomic_fetch_or(&txq->ring[idx].q[1],
			  (uint64_t)(IX_TXD_STAT_DD | ((r >> 32) & 0xe)) << 32,
			  __ATOMIC_RELEASE);
	dp->cnt.hostile_writebacks++;
}

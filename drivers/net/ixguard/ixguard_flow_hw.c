/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * The registers behind an rte_flow rule (82599 datasheet §7.1.2, register
 * descriptions §8.2.3.7 and §8.2.3.21).  Control path only: the burst
 * functions never come here.
 *
 * A filter is written match fields first and its enable bit last, and
 * cleared enable first, so the device never applies half a filter.
 * Flow director filters go through the command register: fields, then
 * FDIRHASH, then FDIRCMD, whose command bits the device clears when done
 * (polled for a bounded time; a device that never finishes gets -EIO).
 */
#include <errno.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>

#include "ix82599_fdir.h"
#include "ixguard_ethdev.h"
#include "ixguard_flow.h"

/* FDIRCMD completion: the 82599 takes well under a microsecond. */
#define FDIR_CMD_POLLS		100
#define FDIR_CMD_POLL_US	10
#define FDIR_INIT_POLLS		10
#define FDIR_INIT_POLL_MS	1
/* FDIRCTRL fields Intel's drivers program: table fill thresholds. */
#define FDIR_MAX_LENGTH		0xAu
#define FDIR_FULL_THRESH	4u
#define FDIR_SKEY_DEFAULT	0x174D3614u

/* A big-endian 32-bit value as the register holds frame bytes (SAQF). */
static uint32_t
as_frame32(uint32_t be)
{
	return rte_le_to_cpu_32(be);
}

static void
set_ethertype(struct ixguard_hw *hw, const struct rte_flow *flow, bool on)
{
	unsigned int i = flow->slot;

	if (!on) {
		ixg_write(hw, IX_ETQF(i), 0);
		ixg_write(hw, IX_ETQS(i), 0);
		return;
	}
	ixg_write(hw, IX_ETQS(i), IX_ETQS_QUEUE_EN |
		  ((uint32_t)flow->f.queue << IX_ETQS_QUEUE_SHIFT));
	ixg_write(hw, IX_ETQF(i), IX_ETQF_FILTER_EN | flow->f.et.ethertype);
}

static void
set_syn(struct ixguard_hw *hw, const struct rte_flow *flow, bool on)
{
	uint32_t v = 0;

	if (on) {
		v = IX_SYNQF_QUEUE_EN |
		    ((uint32_t)flow->f.queue << IX_SYNQF_QUEUE_SHIFT);
		if (flow->f.syn.first)
			v |= IX_SYNQF_SYNQFP;
	}
	ixg_write(hw, IX_SYNQF, v);
}

static void
set_ntuple(struct ixguard_hw *hw, const struct rte_flow *flow, bool on)
{
	const struct ixguard_filter *f = &flow->f;
	unsigned int i = flow->slot;

	if (!on) {
		ixg_write(hw, IX_FTQF(i), 0);
		ixg_write(hw, IX_L34T_IMIR(i), 0);
		return;
	}
	ixg_write(hw, IX_SAQF(i), as_frame32(f->nt.sa));
	ixg_write(hw, IX_DAQF(i), as_frame32(f->nt.da));
	ixg_write(hw, IX_SDPQF(i), (uint32_t)rte_le_to_cpu_16(f->nt.sp) |
		  (uint32_t)rte_le_to_cpu_16(f->nt.dp) << IX_SDPQF_DST_SHIFT);
	/* No low latency interrupt: its size and TCP flag checks bypassed. */
	ixg_write(hw, IX_L34T_IMIR(i), IX_L34T_IMIR_SIZE_BP |
		  IX_L34T_IMIR_CTRL_BP |
		  ((uint32_t)f->queue << IX_L34T_IMIR_QUEUE_SHIFT));
	ixg_write(hw, IX_FTQF(i), f->nt.proto |
		  (f->nt.prio << IX_FTQF_PRIO_SHIFT) | f->nt.nocmp |
		  IX_FTQF_POOL_MASK_EN | IX_FTQF_QUEUE_EN);
}

/* FDIRTCPM/FDIRUDPM: each 16-bit half bit-reversed, 1 = not compared. */
static uint32_t
port_mask_reg(uint16_t sp_mask, uint16_t dp_mask)
{
	uint32_t m = (uint32_t)dp_mask << IX_FDIRPORTM_DST_SHIFT | sp_mask;

	m = ((m & 0x55555555u) << 1) | ((m & 0xAAAAAAAAu) >> 1);
	m = ((m & 0x33333333u) << 2) | ((m & 0xCCCCCCCCu) >> 2);
	m = ((m & 0x0F0F0F0Fu) << 4) | ((m & 0xF0F0F0F0u) >> 4);
	m = ((m & 0x00FF00FFu) << 8) | ((m & 0xFF00FF00u) >> 8);
	return ~m;
}

uint32_t
ixguard_flow_fdir_hash(const struct ixguard_filter *f, uint16_t swidx)
{
	/* The masked fields, as the device hashes a frame's (§7.1.2.7.15). */
	uint32_t fvv = (uint32_t)f->fd.l4type << 16 | f->fd.vlan;
	uint32_t common = f->fd.sa ^ f->fd.da ^
			  ((uint32_t)f->fd.sp << 16 | f->fd.dp) ^
			  ((uint32_t)f->fd.flex << 16);
	uint32_t h = ix_fdir_bucket_hash(IX_FDIR_HKEY_DEFAULT, fvv, common);

	/* 64 KB table: 13-bit buckets. */
	return (h & ((1u << IX_FDIR_BUCKET_BITS) - 1)) |
	       ((uint32_t)swidx << IX_FDIRHASH_SWIDX_SHIFT);
}

static int
fdir_cmd(struct ixguard_hw *hw, uint32_t cmd)
{
	unsigned int i;

	ixg_write(hw, IX_FDIRCMD, cmd);
	for (i = 0; i < FDIR_CMD_POLLS; i++) {
		if (!(ixg_read(hw, IX_FDIRCMD) & IX_FDIRCMD_CMD_MASK))
			return 0;
		rte_delay_us(FDIR_CMD_POLL_US);
	}
	return -EIO;
}

static int
set_fdir(struct ixguard_hw *hw, const struct rte_flow *flow, bool on)
{
	const struct ixguard_filter *f = &flow->f;
	uint32_t cmd;

	ixg_write(hw, IX_FDIRHASH, flow->fdirhash);
	if (!on)
		return fdir_cmd(hw, IX_FDIRCMD_CMD_REMOVE);
	ixg_write(hw, IX_FDIRIPSA, as_frame32(rte_cpu_to_be_32(f->fd.sa)));
	ixg_write(hw, IX_FDIRIPDA, as_frame32(rte_cpu_to_be_32(f->fd.da)));
	ixg_write(hw, IX_FDIRPORT, (uint32_t)f->fd.dp << IX_FDIRPORT_DST_SHIFT |
		  f->fd.sp);
	ixg_write(hw, IX_FDIRVLAN, (uint32_t)f->fd.flex <<
		  IX_FDIRVLAN_FLEX_SHIFT | f->fd.vlan);
	ixg_write(hw, IX_FDIRHASH, flow->fdirhash);
	cmd = IX_FDIRCMD_CMD_ADD | IX_FDIRCMD_LAST |
	      ((uint32_t)f->fd.l4type << IX_FDIRCMD_L4TYPE_SHIFT);
	if (f->drop)
		cmd |= IX_FDIRCMD_DROP;
	else if (f->queue_en)
		cmd |= IX_FDIRCMD_QUEUE_EN |
		       ((uint32_t)f->queue << IX_FDIRCMD_QUEUE_SHIFT);
	return fdir_cmd(hw, cmd);
}

int
ixguard_flow_hw_set(struct ixguard_hw *hw, const struct rte_flow *flow,
		    bool on)
{
	switch (flow->f.kind) {
	case IXG_FILTER_ETHERTYPE:
		set_ethertype(hw, flow, on);
		return 0;
	case IXG_FILTER_SYN:
		set_syn(hw, flow, on);
		return 0;
	case IXG_FILTER_NTUPLE:
		set_ntuple(hw, flow, on);
		return 0;
	case IXG_FILTER_FDIR:
		return set_fdir(hw, flow, on);
	case IXG_FILTER_RSS:
		break;		/* ixguard_rss_program() */
	}
	return -EINVAL;
}

/*
 * Flow director on (§4.6.11.3.1 perfect match init): keys and masks
 * first, then FDIRCTRL, which (re)initialises an empty table; off:
 * PBALLOC 0.  The pool and IPv6 fields are always masked; the VLAN ID,
 * the VLAN priority, the flex word (at its offset) and the L4 type as m
 * says.
 */
int
ixguard_flow_hw_fdir_enable(struct ixguard_hw *hw,
			    const struct ixguard_fdir_masks *m, bool on)
{
	uint32_t pm, fdirm = IX_FDIRM_POOL | IX_FDIRM_DIPV6, flex = 0;
	unsigned int i;

	if (!on) {
		ixg_write(hw, IX_FDIRCTRL, 0);
		return 0;
	}
	if (!(m->vlan & IX_FDIR_VLAN_ID_BITS))
		fdirm |= IX_FDIRM_VLANID;
	if (!(m->vlan & IX_FDIR_VLAN_PRIO_BITS))
		fdirm |= IX_FDIRM_VLANP;
	if (m->l4p)
		fdirm |= IX_FDIRM_L4P;
	if (m->flex)
		flex = ((uint32_t)m->flex_off / 2u) << IX_FDIRCTRL_FLEX_SHIFT;
	else
		fdirm |= IX_FDIRM_FLEX;
	ixg_write(hw, IX_FDIRHKEY, IX_FDIR_HKEY_DEFAULT);
	ixg_write(hw, IX_FDIRSKEY, FDIR_SKEY_DEFAULT);
	ixg_write(hw, IX_FDIRM, fdirm);
	ixg_write(hw, IX_FDIRSIP4M, ~as_frame32(rte_cpu_to_be_32(m->sa)));
	ixg_write(hw, IX_FDIRDIP4M, ~as_frame32(rte_cpu_to_be_32(m->da)));
	pm = port_mask_reg(m->sp, m->dp);
	ixg_write(hw, IX_FDIRTCPM, pm);
	ixg_write(hw, IX_FDIRUDPM, pm);
	ixg_write(hw, IX_FDIRIP6M, UINT32_MAX);
	/*
	 * The 82599 does not restart its table initialisation on a second
	 * FDIRCTRL write unless FDIRCMD.CLEARHT is pulsed first (an erratum
	 * Intel's drivers work around the same way); the flex offset, which
	 * only FDIRCTRL holds, changes that way between rule sets.
	 */
	ixg_write(hw, IX_FDIRCMD, IX_FDIRCMD_CLEARHT);
	ixg_write(hw, IX_FDIRCMD, 0);
	ixg_write(hw, IX_FDIRCTRL, IX_FDIRCTRL_PBALLOC_64K |
		  IX_FDIRCTRL_PERFECT_MATCH | IX_FDIRCTRL_REPORT_STATUS |
		  (IXG_FDIR_DROP_QUEUE << IX_FDIRCTRL_DROP_Q_SHIFT) | flex |
		  (FDIR_MAX_LENGTH << IX_FDIRCTRL_MAX_LENGTH_SHIFT) |
		  (FDIR_FULL_THRESH << IX_FDIRCTRL_FULL_THRESH_SHIFT));
	for (i = 0; i < FDIR_INIT_POLLS; i++) {
		if (ixg_read(hw, IX_FDIRCTRL) & IX_FDIRCTRL_INIT_DONE)
			return 0;
		rte_delay_ms(FDIR_INIT_POLL_MS);
	}
	return -EIO;
}

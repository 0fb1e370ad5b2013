/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Receive path (82599 datasheet §7.1): length checks, L2 filtering,
 * queue selection (RSS), then DMA of the frame into the advanced
 * one-buffer descriptors of the chosen queue and descriptor write-back.
 *
 * Frames on our wire carry no FCS.  The hardware counts and limits sizes
 * including the 4 FCS bytes, so wire_len = len + 4 throughout.
 */
#include <errno.h>
#include <string.h>

#include "ixm_priv.h"
#include "ix82599_regs.h"

#ifndef IX_HLREG0_RXCRCSTRP
#define IX_HLREG0_RXCRCSTRP	(1u << 1)
#endif
#ifndef IX_HLREG0_JUMBOEN
#define IX_HLREG0_JUMBOEN	(1u << 2)
#endif

#define ETH_P_IPV4	0x0800
#define ETH_P_IPV6	0x86DD
#define ETH_P_PAUSE	0x8808
#define ETH_MIN_WIRE	64u	/* incl. FCS */
#define ETH_STD_WIRE	1518u

/* Walk IPv6 extension headers the 82599 parses (§7.1.2.8.2). */
static void
parse_ipv6(const uint8_t *f, size_t len, size_t l3, struct ixm_dp_pkt *p)
{
	size_t end, off = l3 + 40;
	uint8_t nh = f[l3 + 6];
	unsigned int n;

	end = l3 + 40 + ixm_get_be16(f + l3 + 4);
	if (end > len)
		return;
	p->ipv = 6;
	p->l3_off = (uint16_t)l3;
	p->l3_len = (uint16_t)(end - l3);
	p->pkt_type = IX_RXDADV_PKTTYPE_IPV6;
	for (n = 0; n < 8; n++) {
		if (nh == 0 || nh == 43 || nh == 60) {
			/* hop-by-hop, routing, destination options */
			if (off + 8 > end)
				return;
			p->ip_ext = true;
			nh = f[off];
			off += ((size_t)f[off + 1] + 1) * 8;
		} else if (nh == 44) {
			/* fragment header: no L4 processing */
			if (off + 8 > end)
				return;
			p->ip_ext = true;
			p->frag = true;
			nh = f[off];
			off += 8;
		} else {
			break;
		}
	}
	if (p->ip_ext)
		p->pkt_type |= IX_RXDADV_PKTTYPE_IPV6_EX;
	if (p->frag || off > end)
		return;
	p->l4proto = nh;
	if ((nh == 6 && off + 20 <= end) || (nh == 17 && off + 8 <= end) ||
	    (nh == 132 && off + 12 <= end))
		p->l4_off = (uint16_t)off;
}

void
ixm_dp_parse(const struct ixm_dev *dev, const uint8_t *f, size_t len,
	     struct ixm_dp_pkt *p)
{
	uint16_t et, vet;
	size_t l3 = 14;
	bool inner = true;	/* a VET tag may follow */

	memset(p, 0, sizeof(*p));
	p->len = (uint16_t)(len > UINT16_MAX ? UINT16_MAX : len);
	p->tag_off = 12;
	/*
	 * Double VLAN (CTRL_EXT.EXTENDED_VLAN, §7.4.5.2): a tag of type
	 * EXVET.VET_EXT right after the addresses is the outer one, which
	 * the device skips (no filtering, no stripping; status VEXT); the
	 * VLNCTRL.VET tag behind it is the one filtered and stripped.  In
	 * this mode the device expects every frame to carry the outer tag:
	 * the model looks for the inner tag only behind one, and parses a
	 * frame without it as untagged.
	 */
	if (ixm_rd(dev, IX_CTRL_EXT) & IX_CTRL_EXT_EXTENDED_VLAN) {
		uint16_t xvet = (uint16_t)(ixm_rd(dev, IX_EXVET) >>
					   IX_EXVET_VET_EXT_SHIFT);

		if (xvet == 0)
			xvet = 0x8100;
		inner = len >= 18 && ixm_get_be16(f + 12) == xvet;
		if (inner) {
			p->outer = true;
			p->tag_off = 16;
			l3 = 18;
		}
	}
	vet = (uint16_t)(ixm_rd(dev, IX_VLNCTRL) & IX_VLNCTRL_VET_MASK);
	if (vet == 0)
		vet = 0x8100;
	et = ixm_get_be16(f + l3 - 2);
	if (inner && et == vet && len >= l3 + 4u) {
		p->tagged = true;
		p->vlan_tci = ixm_get_be16(f + l3);
		et = ixm_get_be16(f + l3 + 2);
		l3 += 4;
	}
	if (et == ETH_P_IPV4 && len >= l3 + 20) {
		const uint8_t *ip = f + l3;
		size_t ihl = (size_t)(ip[0] & 0xF) * 4;
		size_t tot = ixm_get_be16(ip + 2);

		if ((ip[0] >> 4) != 4 || ihl < 20 || tot < ihl ||
		    l3 + tot > len)
			return;
		p->ipv = 4;
		p->ip_hlen = (uint8_t)ihl;
		p->l3_off = (uint16_t)l3;
		p->l3_len = (uint16_t)tot;
		p->pkt_type = IX_RXDADV_PKTTYPE_IPV4;
		if (ihl > 20) {
			p->ip_ext = true;
			p->pkt_type |= IX_RXDADV_PKTTYPE_IPV4_EX;
		}
		p->frag = (ixm_get_be16(ip + 6) & 0x3FFF) != 0;
		p->l4proto = ip[9];
		if (p->frag)
			return;
		if ((ip[9] == 6 && tot >= ihl + 20) ||
		    (ip[9] == 17 && tot >= ihl + 8) ||
		    (ip[9] == 132 && tot >= ihl + 12))
			p->l4_off = (uint16_t)(l3 + ihl);
	} else if (et == ETH_P_IPV6 && len >= l3 + 40 &&
		   (f[l3] >> 4) == 6) {
		parse_ipv6(f, len, l3, p);
	}
	if (p->l4_off != 0) {
		if (p->l4proto == 6)
			p->pkt_type |= IX_RXDADV_PKTTYPE_TCP;
		else if (p->l4proto == 17)
			p->pkt_type |= IX_RXDADV_PKTTYPE_UDP;
		else
			p->pkt_type |= IX_RXDADV_PKTTYPE_SCTP;
	}
}

/* Packet buffer size of queue q in bytes (SRRCTL.BSIZEPACKET). */
static uint32_t
rx_buf_size(const struct ixm_dev *dev, unsigned int q)
{
	/*
	 * SRRCTL of queues 0-15 has two addresses (0x2100 + 4q, where ixgbe
	 * writes it, and the queue page slot).  The register table stores
	 * both at the queue page slot (an alias row in ixm_regtab.c), which
	 * is also where the reset value lives.
	 */
	uint32_t srrctl = ixm_rd(dev, IX_SRRCTL_ALIAS(q));

	return (srrctl & IX_SRRCTL_BSIZEPKT_MASK) << IX_SRRCTL_BSIZEPKT_SHIFT;
}

/*
 * Pick the RX queue (§7.1.2): the queue filters (ixm_qfilter.c), then RSS
 * when enabled, else queue 0.
 */
static unsigned int
rx_queue_select(struct ixm_dev *dev, const uint8_t *f,
		const struct ixm_dp_pkt *p, uint32_t *hash,
		unsigned int *rss_type, struct ixm_dp_qsel *sel)
{
	uint32_t mrqc = ixm_rd(dev, IX_MRQC);
	uint32_t mrqe = mrqc & IX_MRQC_MRQE_MASK;
	uint32_t reta;
	unsigned int idx;

	*hash = 0;
	*rss_type = 0;
	sel->pkt_type = 0;
	sel->fdir = false;
	if (ixm_dp_qfilter_any(&dev->dp) && ixm_dp_qfilter(dev, f, p, sel))
		return sel->queue;
	switch (mrqe) {
	case IX_MRQC_MRQE_RSS:
		break;
	case IX_MRQC_MRQE_RTRSS8TC:
	case IX_MRQC_MRQE_RTRSS4TC:
	case IX_MRQC_MRQE_VMDQRSS32:
	case IX_MRQC_MRQE_VMDQRSS64:
		/* Hash is reported; DCB/pool steering is not modelled. */
		*rss_type = ixm_dp_rss(dev, f, p, mrqc, hash);
		return 0;
	default:
		return 0;
	}
	*rss_type = ixm_dp_rss(dev, f, p, mrqc, hash);
	if (*rss_type == 0)
		return 0;	/* §7.1.2.8: no hash -> queue 0 */
	idx = *hash & (IX_RETA_ENTRIES - 1);
	reta = ixm_rd(dev, IX_RETA(idx >> 2));
	return (reta >> ((idx & 3) * 8)) & IX_RETA_ENTRY_MASK;
}

int
ixm_rx_frame(struct ixm_dev *dev, const void *frame, size_t len)
{
	return ixm_dp_receive(dev, frame, len, false);
}

#define FIFO_HDR 8u	/* frame length and flags, before each frame */

static uint32_t
fifo_entry_size(size_t len)
{
	return FIFO_HDR + (((uint32_t)len + 7u) & ~7u);
}

void
ixm_dp_rx_fifo_reset(struct ixm_dev *dev)
{
	struct ixm_dp_rx_fifo *fifo = &dev->dp.rx_fifo;

	fifo->head = fifo->tail = fifo->used = fifo->frames = 0;
}

/* Queue a frame in the packet buffer; -1 if it does not fit. */
static int
fifo_push(struct ixm_dp_rx_fifo *fifo, const uint8_t *f, size_t len,
	  bool from_loopback)
{
	uint32_t need = fifo_entry_size(len);
	uint32_t hdr[2] = { (uint32_t)len, from_loopback };
	uint32_t at = fifo->tail;

	if (fifo->used + need > IXM_DP_RX_FIFO_SIZE)
		return -1;
	/* An entry never wraps: skip the end of the buffer if needed. */
	if (at + need > IXM_DP_RX_FIFO_SIZE) {
		uint32_t skip = IXM_DP_RX_FIFO_SIZE - at;

		if (fifo->used + skip + need > IXM_DP_RX_FIFO_SIZE)
			return -1;
		if (skip >= FIFO_HDR) {
			uint32_t pad[2] = { UINT32_MAX, 0 };

			memcpy(fifo->buf + at, pad, sizeof(pad));
		}
		fifo->used += skip;
		at = 0;
	}
	memcpy(fifo->buf + at, hdr, sizeof(hdr));
	memcpy(fifo->buf + at + FIFO_HDR, f, len);
	fifo->tail = at + need;
	if (fifo->tail == IXM_DP_RX_FIFO_SIZE)
		fifo->tail = 0;
	fifo->used += need;
	fifo->frames++;
	return 0;
}

/* The oldest frame, or NULL. */
static const uint8_t *
fifo_peek(struct ixm_dp_rx_fifo *fifo, size_t *len, bool *from_loopback)
{
	uint32_t hdr[2];

	if (fifo->frames == 0)
		return NULL;
	if (IXM_DP_RX_FIFO_SIZE - fifo->head < FIFO_HDR) {
		fifo->used -= IXM_DP_RX_FIFO_SIZE - fifo->head;
		fifo->head = 0;
	}
	memcpy(hdr, fifo->buf + fifo->head, sizeof(hdr));
	if (hdr[0] == UINT32_MAX) {
		fifo->used -= IXM_DP_RX_FIFO_SIZE - fifo->head;
		fifo->head = 0;
		memcpy(hdr, fifo->buf, sizeof(hdr));
	}
	*len = hdr[0];
	*from_loopback = hdr[1] != 0;
	return fifo->buf + fifo->head + FIFO_HDR;
}

static void
fifo_pop(struct ixm_dp_rx_fifo *fifo, size_t len)
{
	uint32_t size = fifo_entry_size(len);

	fifo->head += size;
	if (fifo->head == IXM_DP_RX_FIFO_SIZE)
		fifo->head = 0;
	fifo->used -= size;
	if (--fifo->frames == 0)
		fifo->head = fifo->tail = fifo->used = 0;
}

static int rx_deliver(struct ixm_dev *dev, const uint8_t *f, size_t len,
		      bool from_loopback, bool replay);

/* Translate an RX buffer for writing; a refusal stops queue q. */
static void *
rx_buf_map(struct ixm_dev *dev, unsigned int q, uint64_t addr, size_t len)
{
	void *dst;

	ixm_dp_audit(dev, addr, len, "rx buffer");
	dst = dev->host.dma_ptr(dev->host.ctx, addr, len, IXM_DMA_WRITE);
	if (dst == NULL) {
		dev->dp.cnt.rx_dma_err++;
		ixm_dp_queue_fault(dev, q, false);
	}
	return dst;
}

void
ixm_dp_rx_drain(struct ixm_dev *dev)
{
	struct ixm_dp_rx_fifo *fifo = &dev->dp.rx_fifo;
	const uint8_t *f;
	bool lb;
	size_t len;

	while ((f = fifo_peek(fifo, &len, &lb)) != NULL) {
		if (rx_deliver(dev, f, len, lb, true) == -EAGAIN)
			break;
		fifo_pop(fifo, len);
	}
}

int
ixm_dp_receive(struct ixm_dev *dev, const uint8_t *f, size_t len,
	       bool from_loopback)
{
	return rx_deliver(dev, f, len, from_loopback, false);
}

/*
 * replay: the frame comes out of the packet buffer; it was counted when
 * it arrived, and -EAGAIN leaves it there.
 */
static int
rx_deliver(struct ixm_dev *dev, const uint8_t *f, size_t len,
	   bool from_loopback, bool replay)
{
	struct ixm_dp *dp = &dev->dp;
	struct ixm_dp_rxq *rxq;
	struct ixm_dp_pkt pkt;
	struct ixm_dp_qsel qsel;
	const uint8_t *out;
	void *first_dst;
	uint32_t hlreg0, maxw, bufsz, rdt, avail, need, staterr, hash;
	uint32_t hi_dword;
	unsigned int q, rss_type, i, idx, lie_kind;
	int lie;
	size_t wire_len, out_len, done;
	uint16_t pkt_info, vlan;
	bool strip, keep_crc, forge;

	if (!from_loopback && !dev->ctrl.link_up)
		return -1;
	if (!ixm_dp_rx_on(dev) || f == NULL)
		return -1;
	wire_len = len + 4;
	if (!replay) {
		dp->rx_st.tot_pkts++;
		dp->rx_st.tot_octets += wire_len;
		dp->rx_st.dirty = true;
	}

	/* §8.2.3.22.13: runts and frames above MFS are dropped. */
	hlreg0 = ixm_rd(dev, IX_HLREG0);
	if (wire_len < ETH_MIN_WIRE) {
		dp->rx_st.undersize++;
		dp->cnt.rx_len_err++;
		return -1;
	}
	if (hlreg0 & IX_HLREG0_JUMBOEN)
		maxw = ixm_rd(dev, IX_MAXFRS) >> 16;
	else
		maxw = ETH_STD_WIRE;
	ixm_dp_parse(dev, f, len, &pkt);
	/* The limit excludes the VLAN tags (the outer one included). */
	if (pkt.tagged)
		maxw += 4;
	if (pkt.outer)
		maxw += 4;
	if (wire_len > maxw || len > IXM_DP_MAX_FRAME) {
		dp->rx_st.oversize++;
		dp->cnt.rx_len_err++;
		return -1;
	}
	if (!ixm_dp_filter(dev, f, len, pkt.tagged, pkt.vlan_tci & 0xFFF)) {
		dp->cnt.rx_filtered++;
#ifdef IXM_STAT_RX_FILTER_DROP
		ixm_stat_add(dev, IXM_STAT_RX_FILTER_DROP, 1);
#endif
		return -1;
	}

	q = rx_queue_select(dev, f, &pkt, &hash, &rss_type, &qsel);
	rxq = &dp->rxq[q];
	keep_crc = !(hlreg0 & IX_HLREG0_RXCRCSTRP);
	if (!ixm_dp_rxq_ready(dev, q)) {
		/* Disabled queue: the frame has nowhere to go. */
		dp->cnt.rx_filtered++;
#ifdef IXM_STAT_RX_FILTER_DROP
		ixm_stat_add(dev, IXM_STAT_RX_FILTER_DROP, 1);
#endif
		return -1;
	}

	/* Build the bytes that go to host memory (§7.1.5 strip, §7.1.9). */
	strip = pkt.tagged && (ixm_rd(dev, IX_RXDCTL(q)) & IX_RXDCTL_VME);
	out = f;
	out_len = len;
	if (strip || keep_crc) {
		uint8_t *b = dp->rxbuf;

		if (strip) {
			/* The (inner) tag; an outer tag stays (§7.4.5.2). */
			size_t t = pkt.tag_off;

			memcpy(b, f, t);
			memcpy(b + t, f + t + 4, len - t - 4);
			out_len = len - 4;
		} else {
			memcpy(b, f, len);
		}
		if (keep_crc) {
			uint32_t crc = ixm_dp_crc32(b, out_len);

			/* FCS goes on the wire least significant byte first */
			b[out_len++] = (uint8_t)crc;
			b[out_len++] = (uint8_t)(crc >> 8);
			b[out_len++] = (uint8_t)(crc >> 16);
			b[out_len++] = (uint8_t)(crc >> 24);
		}
		out = b;
	}

	bufsz = rx_buf_size(dev, q);
	rdt = ixm_rd(dev, IX_RDT(q));
	if (bufsz == 0) {
		dp->cnt.rx_dma_err++;
		return -1;
	}
	/* (no divisions for the common one-buffer frame) */
	need = out_len <= bufsz ? 1 :
	       (uint32_t)((out_len + bufsz - 1) / bufsz);
	/* Hardware owns [head, tail): tail == head means an empty ring. */
	if (rdt >= rxq->ndesc)
		avail = 0;
	else if (rdt >= rxq->head)
		avail = rdt - rxq->head;
	else
		avail = rdt + rxq->ndesc - rxq->head;

	/*
	 * No room in the ring, or older frames waiting: the frame waits in
	 * the packet buffer, in arrival order.
	 */
	if (replay && avail < need)
		return -EAGAIN;
	if (!replay && (avail < need || dp->rx_fifo.frames != 0) &&
	    fifo_push(&dp->rx_fifo, f, len, from_loopback) == 0) {
		return 0;
	}
	/* GPRC counts missed frames too (82599 erratum; ixgbe relies on it) */
	if (avail < need) {
		ixm_dp_count(dev, true, q, f, keep_crc ? wire_len : len,
			     wire_len, false);
		ixm_dp_count_drop(dev, q);
		dp->cnt.rx_missed++;
		return -1;
	}

	/*
	 * The first buffer is translated now, and its cache line requested,
	 * so that the fill overlaps the work on the write-back fields; any
	 * fault still comes before anything of the frame is written.
	 */
	first_dst = rx_buf_map(dev, q, rxq->ring[rxq->head].read.pkt_addr,
			       out_len < bufsz ? out_len : bufsz);
	if (first_dst == NULL)
		return -1;
	__builtin_prefetch(first_dst, 1);

	/* Write-back fields common to every descriptor of the frame. */
	staterr = 0;
	if (pkt.tagged)
		staterr |= IX_RXD_STAT_VP;
	if (pkt.outer)
		staterr |= IX_RXD_STAT_VEXT;
	staterr |= ixm_dp_rx_csum(f, len, &pkt);
	pkt_info = (uint16_t)(rss_type | pkt.pkt_type);
	if (qsel.pkt_type != 0)		/* an ethertype filter matched */
		pkt_info = (uint16_t)(rss_type | qsel.pkt_type);
	vlan = pkt.tagged ? pkt.vlan_tci : 0;
	if (qsel.fdir) {
		/*
		 * Flow director match reported (FDIRCTRL.REPORT_STATUS): the
		 * filter ID takes the place of the RSS hash (§7.1.6.2).
		 */
		staterr |= IX_RXD_STAT_FLM;
		hi_dword = qsel.fdir_id;
		pkt_info &= (uint16_t)~IX_RXDADV_RSSTYPE_MASK;
	} else if (ixm_rd(dev, IX_RXCSUM) & IX_RXCSUM_PCSD) {
		hi_dword = hash;
	} else {
		/* IP identification; fragment checksum not modelled */
		hi_dword = pkt.ipv == 4 ?
			   ixm_get_be16(f + pkt.l3_off + 4) : 0;
	}

	/*
	 * Copy the frame into its buffers first: a buffer the IOMMU refuses
	 * stops the queue before any descriptor of the frame is written back.
	 */
	done = 0;
	for (i = 0, idx = rxq->head; i < need; i++) {
		size_t chunk = out_len - done < bufsz ? out_len - done : bufsz;
		void *dst = first_dst;

		if (i != 0) {
			dst = rx_buf_map(dev, q, rxq->ring[idx].read.pkt_addr,
					 chunk);
			if (dst == NULL)
				return -1;
		}
		/*
		 * memmove: a frame straight from a TX buffer (ixm_tx.c) may
		 * sit in the very memory a confused driver posted for RX.
		 */
		memmove(dst, out + done, chunk);
		done += chunk;
		idx = idx + 1 == rxq->ndesc ? 0 : idx + 1;
	}

	/* Hostile mode: forge one of these write-backs, or lie elsewhere. */
	lie = -1;
	lie_kind = 0;
	if (dev->cfg.hostile & IXM_HOSTILE_RX)
		lie = ixm_hostile_rx_plan(dev, need, &lie_kind);
	/* A lie a test armed for this queue (ixm_forge.c). */
	forge = ixm_forge_busy(dp) && ixm_forge_rx_frame(dev, q);
	done = 0;
	for (i = 0; i < need; i++) {
		union ix_adv_rx_desc *d = &rxq->ring[rxq->head];
		size_t chunk = out_len - done < bufsz ? out_len - done : bufsz;
		uint32_t st = staterr | IX_RXD_STAT_DD;
		uint64_t q0, q1;

		done += chunk;
		if (i == need - 1)
			st |= IX_RXD_STAT_EOP;
		q0 = (uint64_t)pkt_info | ((uint64_t)hi_dword << 32);
		q1 = (uint64_t)st | ((uint64_t)chunk << 32) |
		     ((uint64_t)vlan << 48);
		if ((int)i == lie)
			ixm_hostile_rx_forge(dev, lie_kind, &q0, &q1);
		if (forge)
			ixm_forge_rx_desc(dev, i == need - 1, bufsz, &q0, &q1);
		d->q[0] = q0;
		/* DD must become visible last (§7.1.6.2). */
		__atomic_store_n(&d->q[1], q1, __ATOMIC_RELEASE);
		rxq->head = rxq->head + 1 == rxq->ndesc ? 0 : rxq->head + 1;
	}
	ixm_wr(dev, IX_RDH(q), rxq->head);
	if (forge)
		ixm_forge_rx_frame_done(dev);
	if (lie == IXM_HOSTILE_ELSEWHERE)
		ixm_hostile_rx_elsewhere(dev, q);

	ixm_dp_count(dev, true, q, f, keep_crc ? wire_len : len, wire_len,
		     true);
	dp->cnt.rx_frames++;
	ixm_intr_queue(dev, q, false);
	return 0;
}

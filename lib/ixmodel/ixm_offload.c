/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Checksum, VLAN and segmentation offloads (82599 datasheet §7.1.11 RX
 * checksum, §7.2.5 TX checksum, §7.2.4 TCP segmentation, §7.4 VLAN).
 *
 * TX checksums follow the Intel convention the ixgbe drivers rely on:
 * software leaves the pseudo-header sum in the L4 checksum field and the
 * hardware sums from the L4 header to the end of the IP datagram, field
 * included.  For TSO the seeded pseudo-header sum excludes the length,
 * which the hardware adds for each segment (§7.2.4.7).
 */
#include <string.h>

#include "ixm_priv.h"

#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17
#define IPPROTO_SCTP_	132

/* Ethernet FCS (CRC-32, reflected polynomial 0xEDB88320). */
static const uint32_t crc32_tbl[256] = {
	0x00000000u, 0x77073096u, 0xee0e612cu, 0x990951bau,
	0x076dc419u, 0x706af48fu, 0xe963a535u, 0x9e6495a3u,
	0x0edb8832u, 0x79dcb8a4u, 0xe0d5e91eu, 0x97d2d988u,
	0x09b64c2bu, 0x7eb17cbdu, 0xe7b82d07u, 0x90bf1d91u,
	0x1db71064u, 0x6ab020f2u, 0xf3b97148u, 0x84be41deu,
	0x1adad47du, 0x6ddde4ebu, 0xf4d4b551u, 0x83d385c7u,
	0x136c9856u, 0x646ba8c0u, 0xfd62f97au, 0x8a65c9ecu,
	0x14015c4fu, 0x63066cd9u, 0xfa0f3d63u, 0x8d080df5u,
	0x3b6e20c8u, 0x4c69105eu, 0xd56041e4u, 0xa2677172u,
	0x3c03e4d1u, 0x4b04d447u, 0xd20d85fdu, 0xa50ab56bu,
	0x35b5a8fau, 0x42b2986cu, 0xdbbbc9d6u, 0xacbcf940u,
	0x32d86ce3u, 0x45df5c75u, 0xdcd60dcfu, 0xabd13d59u,
	0x26d930acu, 0x51de003au, 0xc8d75180u, 0xbfd06116u,
	0x21b4f4b5u, 0x56b3c423u, 0xcfba9599u, 0xb8bda50fu,
	0x2802b89eu, 0x5f058808u, 0xc60cd9b2u, 0xb10be924u,
	0x2f6f7c87u, 0x58684c11u, 0xc1611dabu, 0xb6662d3du,
	0x76dc4190u, 0x01db7106u, 0x98d220bcu, 0xefd5102au,
	0x71b18589u, 0x06b6b51fu, 0x9fbfe4a5u, 0xe8b8d433u,
	0x7807c9a2u, 0x0f00f934u, 0x9609a88eu, 0xe10e9818u,
	0x7f6a0dbbu, 0x086d3d2du, 0x91646c97u, 0xe6635c01u,
	0x6b6b51f4u, 0x1c6c6162u, 0x856530d8u, 0xf262004eu,
	0x6c0695edu, 0x1b01a57bu, 0x8208f4c1u, 0xf50fc457u,
	0x65b0d9c6u, 0x12b7e950u, 0x8bbeb8eau, 0xfcb9887cu,
	0x62dd1ddfu, 0x15da2d49u, 0x8cd37cf3u, 0xfbd44c65u,
	0x4db26158u, 0x3ab551ceu, 0xa3bc0074u, 0xd4bb30e2u,
	0x4adfa541u, 0x3dd895d7u, 0xa4d1c46du, 0xd3d6f4fbu,
	0x4369e96au, 0x346ed9fcu, 0xad678846u, 0xda60b8d0u,
	0x44042d73u, 0x33031de5u, 0xaa0a4c5fu, 0xdd0d7cc9u,
	0x5005713cu, 0x270241aau, 0xbe0b1010u, 0xc90c2086u,
	0x5768b525u, 0x206f85b3u, 0xb966d409u, 0xce61e49fu,
	0x5edef90eu, 0x29d9c998u, 0xb0d09822u, 0xc7d7a8b4u,
	0x59b33d17u, 0x2eb40d81u, 0xb7bd5c3bu, 0xc0ba6cadu,
	0xedb88320u, 0x9abfb3b6u, 0x03b6e20cu, 0x74b1d29au,
	0xead54739u, 0x9dd277afu, 0x04db2615u, 0x73dc1683u,
	0xe3630b12u, 0x94643b84u, 0x0d6d6a3eu, 0x7a6a5aa8u,
	0xe40ecf0bu, 0x9309ff9du, 0x0a00ae27u, 0x7d079eb1u,
	0xf00f9344u, 0x8708a3d2u, 0x1e01f268u, 0x6906c2feu,
	0xf762575du, 0x806567cbu, 0x196c3671u, 0x6e6b06e7u,
	0xfed41b76u, 0x89d32be0u, 0x10da7a5au, 0x67dd4accu,
	0xf9b9df6fu, 0x8ebeeff9u, 0x17b7be43u, 0x60b08ed5u,
	0xd6d6a3e8u, 0xa1d1937eu, 0x38d8c2c4u, 0x4fdff252u,
	0xd1bb67f1u, 0xa6bc5767u, 0x3fb506ddu, 0x48b2364bu,
	0xd80d2bdau, 0xaf0a1b4cu, 0x36034af6u, 0x41047a60u,
	0xdf60efc3u, 0xa867df55u, 0x316e8eefu, 0x4669be79u,
	0xcb61b38cu, 0xbc66831au, 0x256fd2a0u, 0x5268e236u,
	0xcc0c7795u, 0xbb0b4703u, 0x220216b9u, 0x5505262fu,
	0xc5ba3bbeu, 0xb2bd0b28u, 0x2bb45a92u, 0x5cb36a04u,
	0xc2d7ffa7u, 0xb5d0cf31u, 0x2cd99e8bu, 0x5bdeae1du,
	0x9b64c2b0u, 0xec63f226u, 0x756aa39cu, 0x026d930au,
	0x9c0906a9u, 0xeb0e363fu, 0x72076785u, 0x05005713u,
	0x95bf4a82u, 0xe2b87a14u, 0x7bb12baeu, 0x0cb61b38u,
	0x92d28e9bu, 0xe5d5be0du, 0x7cdcefb7u, 0x0bdbdf21u,
	0x86d3d2d4u, 0xf1d4e242u, 0x68ddb3f8u, 0x1fda836eu,
	0x81be16cdu, 0xf6b9265bu, 0x6fb077e1u, 0x18b74777u,
	0x88085ae6u, 0xff0f6a70u, 0x66063bcau, 0x11010b5cu,
	0x8f659effu, 0xf862ae69u, 0x616bffd3u, 0x166ccf45u,
	0xa00ae278u, 0xd70dd2eeu, 0x4e048354u, 0x3903b3c2u,
	0xa7672661u, 0xd06016f7u, 0x4969474du, 0x3e6e77dbu,
	0xaed16a4au, 0xd9d65adcu, 0x40df0b66u, 0x37d83bf0u,
	0xa9bcae53u, 0xdebb9ec5u, 0x47b2cf7fu, 0x30b5ffe9u,
	0xbdbdf21cu, 0xcabac28au, 0x53b39330u, 0x24b4a3a6u,
	0xbad03605u, 0xcdd70693u, 0x54de5729u, 0x23d967bfu,
	0xb3667a2eu, 0xc4614ab8u, 0x5d681b02u, 0x2a6f2b94u,
	0xb40bbe37u, 0xc30c8ea1u, 0x5a05df1bu, 0x2d02ef8du,
};

uint32_t
ixm_dp_crc32(const uint8_t *buf, size_t len)
{
	uint32_t c = 0xFFFFFFFFu;
	size_t i;

	for (i = 0; i < len; i++)
		c = crc32_tbl[(c ^ buf[i]) & 0xFF] ^ (c >> 8);
	return ~c;
}

/*
 * CRC32c (Castagnoli, reflected polynomial 0x82F63B78; RFC 3309, RFC 4960
 * appendix B), four bits at a time.  crc is the running value: start
 * with 0xFFFFFFFF, invert at the end.
 */
static const uint32_t crc32c_nib[16] = {
	0x00000000u, 0x105ec76fu, 0x20bd8edeu, 0x30e349b1u,
	0x417b1dbcu, 0x5125dad3u, 0x61c69362u, 0x7198540du,
	0x82f63b78u, 0x92a8fc17u, 0xa24bb5a6u, 0xb21572c9u,
	0xc38d26c4u, 0xd3d3e1abu, 0xe330a81au, 0xf36e6f75u,
};

uint32_t
ixm_dp_crc32c(uint32_t crc, const uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		crc ^= buf[i];
		crc = (crc >> 4) ^ crc32c_nib[crc & 0xF];
		crc = (crc >> 4) ^ crc32c_nib[crc & 0xF];
	}
	return crc;
}

/*
 * CRC32c of an SCTP packet (common header and chunks) with its checksum
 * field (bytes 8-11) taken as zero.  On the wire the value is stored
 * least significant byte first (RFC 4960 appendix B).
 */
static uint32_t
sctp_crc(const uint8_t *sctp, size_t len)
{
	static const uint8_t zero[4];
	uint32_t c = 0xFFFFFFFFu;

	c = ixm_dp_crc32c(c, sctp, 8);
	c = ixm_dp_crc32c(c, zero, 4);
	c = ixm_dp_crc32c(c, sctp + 12, len - 12);
	return ~c;
}

static inline uint32_t
get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/*
 * One's complement sum of buf, returned unfolded and in network byte
 * order (so plain integers such as lengths can be added to it).  The sum
 * is byte-order independent up to a final swap (RFC 1071 §2(B)), which
 * lets us add native 64-bit words.
 */
uint32_t
ixm_dp_csum_partial(const void *buf, size_t len, uint32_t sum)
{
	const uint8_t *p = buf;
	uint64_t acc = 0, v;
	uint32_t v32;
	uint16_t v16;

	while (len >= 8) {
		memcpy(&v, p, 8);
		acc += v;
		acc += acc < v;	/* end-around carry */
		p += 8;
		len -= 8;
	}
	if (len >= 4) {
		memcpy(&v32, p, 4);
		acc += v32;
		acc += acc < v32;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		memcpy(&v16, p, 2);
		acc += v16;
		acc += acc < v16;
		p += 2;
		len -= 2;
	}
	if (len) {
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		v16 = (uint16_t)(p[0] << 8);
#else
		v16 = p[0];
#endif
		acc += v16;
		acc += acc < v16;
	}
	acc = (acc & 0xFFFFFFFFu) + (acc >> 32);
	acc = (acc & 0xFFFFFFFFu) + (acc >> 32);
	acc = (acc & 0xFFFF) + (acc >> 16);
	acc = (acc & 0xFFFF) + (acc >> 16);
	acc = (acc & 0xFFFF) + (acc >> 16);
	v16 = (uint16_t)acc;
#if __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
	v16 = (uint16_t)((v16 >> 8) | (v16 << 8));
#endif
	return sum + v16;	/* callers add a few of these: no overflow */
}

uint16_t
ixm_dp_csum_fold(uint32_t sum)
{
	sum = (sum & 0xFFFF) + (sum >> 16);
	sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)sum;
}

/* Pseudo-header sum: addresses, protocol and L4 length. */
static uint32_t
pseudo_sum(const uint8_t *ip, unsigned int ipv, uint8_t proto,
	   uint32_t l4len)
{
	uint32_t s;

	if (ipv == 4)
		s = ixm_dp_csum_partial(ip + 12, 8, 0);
	else
		s = ixm_dp_csum_partial(ip + 8, 32, 0);
	return s + proto + (l4len >> 16) + (l4len & 0xFFFF);
}

/*
 * RX checksum validation (§7.1.11): IPv4 header checksum -> IPCS/IPE,
 * TCP/UDP checksum over IPv4 or IPv6 -> L4CS(/UDPCS)/TCPE.  Fragments
 * get no L4 check; a UDP/IPv4 datagram with checksum 0 carries none.
 * SCTP over IPv4 or IPv6: the CRC32c is checked, reported like an L4
 * checksum (L4CS, TCPE when wrong).
 */
uint32_t
ixm_dp_rx_csum(const uint8_t *f, size_t len, const struct ixm_dp_pkt *p)
{
	const uint8_t *ip = f + p->l3_off;
	uint32_t st = 0, s;
	size_t l4len;

	(void)len;
	if (p->ipv == 4) {
		st |= IX_RXD_STAT_IPCS;
		s = ixm_dp_csum_partial(ip, p->ip_hlen, 0);
		if (ixm_dp_csum_fold(s) != 0xFFFF)
			st |= IX_RXD_ERR_IPE;
	}
	if (p->l4_off == 0 || p->frag)
		return st;
	l4len = (size_t)p->l3_off + p->l3_len - p->l4_off;
	if (p->l4proto == IPPROTO_SCTP_) {
		/* the parser saw at least the 12-byte common header */
		st |= IX_RXD_STAT_L4CS;
		if (sctp_crc(f + p->l4_off, l4len) !=
		    get_le32(f + p->l4_off + 8))
			st |= IX_RXD_ERR_TCPE;
		return st;
	}
	if (p->l4proto != IPPROTO_TCP_ && p->l4proto != IPPROTO_UDP_)
		return st;
	if (p->l4proto == IPPROTO_UDP_) {
		if (p->ipv == 4 && ixm_get_be16(f + p->l4_off + 6) == 0)
			return st;
		st |= IX_RXD_STAT_UDPCS;
	}
	st |= IX_RXD_STAT_L4CS;
	s = pseudo_sum(ip, p->ipv, p->l4proto, (uint32_t)l4len);
	s = ixm_dp_csum_partial(f + p->l4_off, l4len, s);
	if (ixm_dp_csum_fold(s) != 0xFFFF)
		st |= IX_RXD_ERR_TCPE;
	return st;
}

/*
 * Insert a VLAN tag at off (12: after the MAC addresses; 16: behind the
 * outer tag in double VLAN mode); buf has 4 spare bytes.  In double VLAN
 * mode the 82599 takes the first 4 bytes after the addresses for the
 * outer tag without looking (§7.4.5.1): a frame shorter than that gets
 * its tag at the end of what it has.
 */
static size_t
vlan_insert(uint8_t *buf, size_t len, uint16_t tpid, uint16_t tci,
	    size_t off)
{
	if (off > len)
		off = len;
	memmove(buf + off + 4, buf + off, len - off);
	ixm_put_be16(buf + off, tpid);
	ixm_put_be16(buf + off + 2, tci);
	return len + 4;
}

struct tx_hdr {
	size_t maclen, iplen, l4off, end;
	bool ipv4;
	uint32_t l4t;
};

/* Decode the context fields and bound them by the frame length. */
static bool
tx_hdr_get(const uint8_t *buf, size_t len, const struct ixm_dp_txctx *c,
	   struct tx_hdr *h)
{
	const uint8_t *ip;

	h->maclen = (c->vlan_macip_lens & IX_TXCTX_MACLEN_MASK) >>
		    IX_TXCTX_MACLEN_SHIFT;
	h->iplen = c->vlan_macip_lens & IX_TXCTX_IPLEN_MASK;
	h->ipv4 = (c->type_tucmd_mlhl & IX_TXCTX_TUCMD_IPV4) != 0;
	h->l4t = c->type_tucmd_mlhl & IX_TXCTX_TUCMD_L4T_MASK;
	h->l4off = h->maclen + h->iplen;
	if (h->maclen < 14 || h->iplen < 20 || h->l4off > len)
		return false;
	ip = buf + h->maclen;
	/* The checksum covers the IP datagram, not Ethernet padding. */
	h->end = len;
	if (h->ipv4) {
		size_t tot = ixm_get_be16(ip + 2);

		if (tot >= h->iplen && h->maclen + tot <= len)
			h->end = h->maclen + tot;
	} else if (h->maclen + 40 <= len) {
		size_t pl = ixm_get_be16(ip + 4);

		if (h->maclen + 40 + pl <= len && 40 + pl >= h->iplen)
			h->end = h->maclen + 40 + pl;
	}
	return true;
}

static void
ip_csum_insert(uint8_t *ip, size_t iplen)
{
	ip[10] = ip[11] = 0;
	ixm_put_be16(ip + 10,
		     (uint16_t)~ixm_dp_csum_fold(ixm_dp_csum_partial(ip, iplen, 0)));
}

size_t
ixm_dp_tx_offload(uint8_t *buf, size_t len, uint32_t cmd, uint32_t olinfo,
		  const struct ixm_dp_txctx *ctx, uint16_t tpid,
		  size_t vlan_off)
{
	const struct ixm_dp_txctx *c =
		&ctx[((olinfo & IX_TXD_IDX_MASK) >> IX_TXD_IDX_SHIFT) &
		     (IX_TX_CTX_SLOTS - 1)];
	struct tx_hdr h;

	if ((olinfo & (IX_TXD_POPTS_IXSM | IX_TXD_POPTS_TXSM)) &&
	    tx_hdr_get(buf, len, c, &h)) {
		if ((olinfo & IX_TXD_POPTS_IXSM) && h.ipv4)
			ip_csum_insert(buf + h.maclen, h.iplen);
		if (olinfo & IX_TXD_POPTS_TXSM) {
			size_t off = h.l4t == IX_TXCTX_TUCMD_L4T_TCP ? 16 :
				     h.l4t == IX_TXCTX_TUCMD_L4T_UDP ? 6 : 0;

			if (h.l4t == IX_TXCTX_TUCMD_L4T_SCTP &&
			    h.l4off + 12 <= h.end) {
				/* CRC32c over the SCTP packet (§7.2.5) */
				uint32_t crc = sctp_crc(buf + h.l4off,
							h.end - h.l4off);
				uint8_t *cs = buf + h.l4off + 8;

				cs[0] = (uint8_t)crc;
				cs[1] = (uint8_t)(crc >> 8);
				cs[2] = (uint8_t)(crc >> 16);
				cs[3] = (uint8_t)(crc >> 24);
			} else if (off != 0 && h.l4off + off + 2 <= h.end) {
				uint16_t v = (uint16_t)~ixm_dp_csum_fold(
					ixm_dp_csum_partial(buf + h.l4off,
							    h.end - h.l4off, 0));

				if (v == 0 && off == 6)
					v = 0xFFFF;	/* UDP: 0 = none */
				ixm_put_be16(buf + h.l4off + off, v);
			}
		}
	}
	if ((cmd & IX_TXD_CMD_VLE) && len >= 14)
		len = vlan_insert(buf, len, tpid,
				  (uint16_t)(c->vlan_macip_lens >>
					     IX_TXCTX_VLAN_SHIFT), vlan_off);
	return len;
}

/*
 * TCP segmentation (§7.2.4): replicate MACLEN+IPLEN+L4LEN header bytes in
 * front of each MSS-sized piece of the PAYLEN payload, then fix IP total
 * length / payload length, IPv4 ID (+1 per segment), TCP sequence number,
 * flags (FIN/PSH only on the last, CWR only on the first) and checksums.
 */
unsigned int
ixm_dp_tso(struct ixm_dev *dev, const uint8_t *in, size_t len, uint32_t cmd,
	   uint32_t olinfo, const struct ixm_dp_txctx *ctx, uint16_t tpid,
	   size_t vlan_off, ixm_dp_emit_fn emit)
{
	const struct ixm_dp_txctx *c =
		&ctx[((olinfo & IX_TXD_IDX_MASK) >> IX_TXD_IDX_SHIFT) &
		     (IX_TX_CTX_SLOTS - 1)];
	uint8_t *out = dev->dp.segbuf;
	size_t hdr, l4len, mss, paylen, off;
	uint32_t seq0;
	uint16_t id0;
	unsigned int nseg = 0;
	uint8_t flags0;
	struct tx_hdr h;

	if (!tx_hdr_get(in, len, c, &h) ||
	    h.l4t != IX_TXCTX_TUCMD_L4T_TCP)
		return 0;
	l4len = (c->mss_l4len_idx & IX_TXCTX_L4LEN_MASK) >>
		IX_TXCTX_L4LEN_SHIFT;
	mss = c->mss_l4len_idx >> IX_TXCTX_MSS_SHIFT;
	hdr = h.l4off + l4len;
	paylen = olinfo >> IX_TXD_PAYLEN_SHIFT;
	if (l4len < 20 || mss == 0 || hdr > len || paylen > len - hdr ||
	    hdr + mss > IXM_DP_MAX_FRAME)
		return 0;
	seq0 = ixm_get_be32(in + h.l4off + 4);
	flags0 = in[h.l4off + 13];
	id0 = h.ipv4 ? ixm_get_be16(in + h.maclen + 4) : 0;

	off = 0;
	do {
		size_t seg = paylen - off < mss ? paylen - off : mss;
		bool last = off + seg >= paylen;
		uint8_t *ip = out + h.maclen, *tcp = out + h.l4off;
		uint8_t fl = flags0;
		size_t flen = hdr + seg;
		uint32_t s;

		memcpy(out, in, hdr);
		memcpy(out + hdr, in + hdr + off, seg);
		if (h.ipv4) {
			ixm_put_be16(ip + 2, (uint16_t)(h.iplen + l4len + seg));
			ixm_put_be16(ip + 4, (uint16_t)(id0 + nseg));
			if (olinfo & IX_TXD_POPTS_IXSM)
				ip_csum_insert(ip, h.iplen);
		} else {
			ixm_put_be16(ip + 4,
				     (uint16_t)(h.iplen - 40 + l4len + seg));
		}
		ixm_put_be32(tcp + 4, seq0 + (uint32_t)off);
		if (!last)
			fl &= (uint8_t)~0x09;	/* FIN, PSH */
		if (nseg != 0)
			fl &= (uint8_t)~0x80;	/* CWR */
		tcp[13] = fl;
		/* the seeded pseudo-header sum lacks the length: add it */
		s = ixm_dp_csum_partial(tcp, l4len + seg,
					(uint32_t)(l4len + seg));
		ixm_put_be16(tcp + 16, (uint16_t)~ixm_dp_csum_fold(s));
		if (cmd & IX_TXD_CMD_VLE)
			flen = vlan_insert(out, flen, tpid,
					   (uint16_t)(c->vlan_macip_lens >>
						      IX_TXCTX_VLAN_SHIFT),
					   vlan_off);
		emit(dev, out, flen);
		nseg++;
		off += seg;
	} while (off < paylen);
	return nseg;
}

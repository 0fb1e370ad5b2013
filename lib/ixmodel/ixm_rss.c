/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Receive side scaling (82599 datasheet §7.1.2.8).
 *
 * The hash is the Toeplitz function of the 40-byte RSSRK key over the
 * fields MRQC selects: source and destination address, then source and
 * destination port for TCP/UDP.  Its low 7 bits index the 128-entry
 * redirection table (done by the caller).
 *
 * The key can change at any time (a trapped register write we are not
 * told about), so each computation compares the key registers with a
 * snapshot and rebuilds per-byte lookup tables when they differ: ten
 * loads per frame instead of a 96-iteration bit loop.
 */
#include <string.h>

#include "ixm_priv.h"

/* Reference bit-serial Toeplitz; also used by the unit test. */
uint32_t
ixm_dp_toeplitz(const uint8_t key[IX_RSS_KEY_LEN], const uint8_t *in,
		size_t len)
{
	uint64_t win;	/* key bits [k, k+63] for the current input byte */
	uint32_t h = 0;
	size_t i, kb = 8;
	int b;

	win = 0;
	for (i = 0; i < 8; i++)
		win = (win << 8) | key[i];
	for (i = 0; i < len; i++) {
		for (b = 7; b >= 0; b--) {
			if (in[i] & (1u << b))
				h ^= (uint32_t)(win >> 32);
			win <<= 1;
		}
		win |= kb < IX_RSS_KEY_LEN ? key[kb] : 0;
		kb++;
	}
	return h;
}

static void
build_tables(struct ixm_dp *dp)
{
	uint8_t key[IX_RSS_KEY_LEN + 8];
	uint32_t bitv[8];
	unsigned int pos, j, v;

	memset(key, 0, sizeof(key));
	for (j = 0; j < IX_RSSRK_NUM; j++) {
		key[j * 4 + 0] = (uint8_t)dp->rss_key[j];
		key[j * 4 + 1] = (uint8_t)(dp->rss_key[j] >> 8);
		key[j * 4 + 2] = (uint8_t)(dp->rss_key[j] >> 16);
		key[j * 4 + 3] = (uint8_t)(dp->rss_key[j] >> 24);
	}
	for (pos = 0; pos < IXM_DP_RSS_MAX_INPUT; pos++) {
		/* 40 key bits starting at bit 8*pos, MSB first */
		uint64_t w = ((uint64_t)key[pos] << 32) |
			     ((uint64_t)key[pos + 1] << 24) |
			     ((uint64_t)key[pos + 2] << 16) |
			     ((uint64_t)key[pos + 3] << 8) | key[pos + 4];

		/*
		 * Input bit j (LSB = 0) is stream bit 8*pos + 7 - j; its
		 * 32-bit key window is w shifted right by j + 1.
		 */
		for (j = 0; j < 8; j++)
			bitv[j] = (uint32_t)(w >> (j + 1));
		dp->rss_tbl[pos][0] = 0;
		for (v = 1; v < 256; v++) {
			unsigned int low = (unsigned int)__builtin_ctz(v);

			dp->rss_tbl[pos][v] = dp->rss_tbl[pos][v & (v - 1)] ^
					      bitv[low];
		}
	}
	dp->rss_tbl_valid = true;
}

static uint32_t
toeplitz_fast(struct ixm_dev *dev, const uint8_t *in, size_t len)
{
	struct ixm_dp *dp = &dev->dp;
	uint32_t h = 0;
	unsigned int i;
	bool same = dp->rss_tbl_valid;

	for (i = 0; i < IX_RSSRK_NUM; i++) {
		uint32_t k = ixm_rd(dev, IX_RSSRK(i));

		if (k != dp->rss_key[i]) {
			dp->rss_key[i] = k;
			same = false;
		}
	}
	if (!same)
		build_tables(dp);
	for (i = 0; i < len; i++)
		h ^= dp->rss_tbl[i][in[i]];
	return h;
}

/*
 * Choose the hash type for the frame per MRQC (§7.1.2.8.1) and compute
 * it.  Returns IX_RXDADV_RSSTYPE_* (0 when no enabled type applies).
 */
unsigned int
ixm_dp_rss(struct ixm_dev *dev, const uint8_t *f, const struct ixm_dp_pkt *p,
	   uint32_t mrqc, uint32_t *hash)
{
	uint8_t in[IXM_DP_RSS_MAX_INPUT];
	unsigned int type = 0;
	size_t alen, n;
	bool tcp, udp;

	*hash = 0;
	if (p->ipv == 0)
		return 0;
	tcp = p->l4_off != 0 && p->l4proto == 6;
	udp = p->l4_off != 0 && p->l4proto == 17;
	if (p->ipv == 4) {
		alen = 4;
		if (tcp && (mrqc & IX_MRQC_RSS_FIELD_IPV4_TCP))
			type = IX_RXDADV_RSSTYPE_IPV4_TCP;
		else if (udp && (mrqc & IX_MRQC_RSS_FIELD_IPV4_UDP))
			type = IX_RXDADV_RSSTYPE_IPV4_UDP;
		else if (mrqc & IX_MRQC_RSS_FIELD_IPV4)
			type = IX_RXDADV_RSSTYPE_IPV4;
		else
			return 0;
		memcpy(in, f + p->l3_off + 12, 8);
	} else {
		alen = 16;
		/*
		 * With extension headers the _EX types apply; fall back to
		 * the plain ones when only those are enabled.  Home address
		 * and routing header address substitution are not modelled.
		 */
		if (p->ip_ext && tcp &&
		    (mrqc & IX_MRQC_RSS_FIELD_IPV6_EX_TCP))
			type = IX_RXDADV_RSSTYPE_IPV6_TCP_EX;
		else if (p->ip_ext && udp &&
			 (mrqc & IX_MRQC_RSS_FIELD_IPV6_EX_UDP))
			type = IX_RXDADV_RSSTYPE_IPV6_UDP_EX;
		else if (tcp && (mrqc & IX_MRQC_RSS_FIELD_IPV6_TCP))
			type = IX_RXDADV_RSSTYPE_IPV6_TCP;
		else if (udp && (mrqc & IX_MRQC_RSS_FIELD_IPV6_UDP))
			type = IX_RXDADV_RSSTYPE_IPV6_UDP;
		else if (p->ip_ext && (mrqc & IX_MRQC_RSS_FIELD_IPV6_EX))
			type = IX_RXDADV_RSSTYPE_IPV6_EX;
		else if (mrqc & IX_MRQC_RSS_FIELD_IPV6)
			type = IX_RXDADV_RSSTYPE_IPV6;
		else
			return 0;
		memcpy(in, f + p->l3_off + 8, 32);
	}
	n = 2 * alen;
	switch (type) {
	case IX_RXDADV_RSSTYPE_IPV4_TCP:
	case IX_RXDADV_RSSTYPE_IPV4_UDP:
	case IX_RXDADV_RSSTYPE_IPV6_TCP:
	case IX_RXDADV_RSSTYPE_IPV6_UDP:
	case IX_RXDADV_RSSTYPE_IPV6_TCP_EX:
	case IX_RXDADV_RSSTYPE_IPV6_UDP_EX:
		memcpy(in + n, f + p->l4_off, 4);	/* sport, dport */
		n += 4;
		break;
	default:
		break;
	}
	*hash = toeplitz_fast(dev, in, n);
	return type;
}

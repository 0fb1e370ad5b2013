/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 ixguard developers
 */

/*
 * Intel 82599: the bucket hash of flow director perfect filters
 * (datasheet §7.1.2.7.15, "Flow Director Hash Function").  Software
 * computes it to place a filter (FDIRHASH), the device computes it from
 * each received frame to find the bucket; both must agree, so the model
 * and the driver share this one function.
 *
 * The input is the filter's fields after masking: 'fvv' holds the VM
 * pool (31:24), the flow type (23:16: L4 type 1:0, IPv6 bit 2) and the
 * VLAN tag (15:0); 'common' is the XOR of the remaining 32-bit words of
 * the hash input, each taken most significant byte first: destination
 * IP, source IP, (source port << 16 | destination port) and (flex bytes
 * << 16).  The key is FDIRHKEY.  The result has 15 significant bits; a
 * 64 KB table (FDIRCTRL.PBALLOC = 1) uses the low 13.
 *
 * Header only, no dependencies: included by the model and the driver.
 */
#ifndef IX82599_FDIR_H
#define IX82599_FDIR_H

#include <stdint.h>

static inline uint32_t
ix_fdir_bucket_hash(uint32_t key, uint32_t fvv, uint32_t common)
{
	uint32_t hi = common ^ fvv ^ (fvv >> 16);
	uint32_t lo = (common >> 16) | (common << 16);
	uint32_t h = 0;
	unsigned int n;

	/* Bit 0 of the key sees the low word before the VLAN is mixed in. */
	if (key & 1u)
		h ^= lo;
	if (key & (1u << 16))
		h ^= hi;
	lo ^= fvv ^ (fvv << 16);
	for (n = 1; n < 16; n++) {
		if (key & (1u << n))
			h ^= lo >> n;
		if (key & (1u << (n + 16)))
			h ^= hi >> n;
	}
	return h & 0x7FFFu;
}

#endif /* IX82599_FDIR_H */

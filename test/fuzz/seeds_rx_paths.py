#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Write the seed inputs of fuzz_rx_paths (test/fuzz/seeds-rx_paths/):
traffic a well-behaved 82599 would make, for each queue configuration,
and some with the lies the driver must catch, so that the fuzzer starts
from inputs that reach every path's fast and slow code.

Input: byte 0 the configuration (bit 0 VLAN strip, 1 RSS hash, 2 tight
pool: 160 mbufs whose buffers are external memory at a low IOVA, 3
scatter, 4-5 ring size 32/64/128/40, 6 free_thresh 8, 7 the pool's IOVA
is its address plus a constant: the queue's iova_off; with bit 2 the low
pool, 160 mbufs at IOVA = VA from a 4 GiB boundary), then
operations (see fuzz_rx_paths.c): op & 3 == 0 a burst of 1 + (op >> 2),
1 a frame (16 write-back bytes follow), 2 16 bytes over descriptor N
(N and 16 bytes follow), 3 DD on descriptor (op >> 2) & 31 (with bit 7
EOP and length 60 too).
"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds-rx_paths")

# pkt_info: IPv4 TCP with RSS type IPv4/TCP; IPv6 UDP; IPv4 SCTP; L2 only.
PKT_INFO = (0x0111, 0x0248, 0x0412, 0x0000, 0x8000)
# status: IPCS|L4CS, VP|IPCS, L4CS with TCPE (bad L4), IPCS with IPE.
STATUS = (0x60, 0x48, 0x40000020, 0x80000040, 0x20000000)


def frame(i, length, eop=True, op_extra=0):
    pi = PKT_INFO[i % len(PKT_INFO)]
    st = STATUS[(i // 2) % len(STATUS)]
    wb = struct.pack("<HHIIHH", pi, 0, 0x9e3779b9 * (i + 1) & 0xffffffff,
                     st, length, 100 + i)
    return bytes([1 | (0 if eop else 8) | op_extra]) + wb


def burst(n):
    return bytes([((n - 1) & 63) << 2])


def write():
    os.makedirs(OUT, exist_ok=True)
    seeds = {}
    for cfg in (0x10, 0x13, 0x03, 0x23, 0x51, 0x31, 0x90, 0xa3, 0xd1):
        b = bytes([cfg])
        for r in range(6):
            for i in range(20 + 7 * r):
                b += frame(i + r, 60 + (i * 37) % 1400)
            b += burst(32) + burst(7) + burst(64)
        seeds["traffic-%02x" % cfg] = b
    # Lies among good frames: forged DD, raw descriptors, short no-EOP,
    # an oversized length, frames past the tail.
    b = bytes([0x13])
    for i in range(40):
        b += frame(i, 64)
        if i % 9 == 4:
            b += bytes([3 | ((i % 31) << 2) | 0x80])
        if i % 11 == 5:
            b += bytes([2, i]) + struct.pack("<QQ", 0xdeadbeef000, 0x2000000003)
        if i % 13 == 6:
            b += frame(i, 100, eop=False)
        if i % 8 == 7:
            b += frame(i, 2100)
            b += burst(16)
    b += burst(64) + burst(64)
    seeds["lies"] = b
    seeds["lies-iova-off"] = bytes([0x93]) + b[1:]
    # The same with the low pool: torn write-backs whose address passes
    # every check but the comparison with the posted one.
    seeds["lies-low"] = bytes([0x97]) + b[1:]
    # Scatter: full buffers without EOP, then the end.
    b = bytes([0x18])
    for i in range(30):
        b += frame(i, 2048, eop=False) + frame(i, 2048, eop=False)
        b += frame(i, 500)
        b += burst(8)
    seeds["scatter"] = b
    # A tight pool: the rearm runs out of mbufs and must wait.
    b = bytes([0x54])
    for r in range(4):
        for i in range(100):
            b += frame(i, 64, op_extra=4 if i > 90 else 0)
        b += burst(64)
    seeds["tight"] = b
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    write()

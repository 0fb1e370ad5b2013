# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Reference Toeplitz hash (RSS), for the tests that predict which queue a
flow lands on."""
import ipaddress
import struct


def toeplitz(key, data):
    """The 32-bit Toeplitz hash of data under key (both bytes)."""
    k = int.from_bytes(key, "big")
    kbits = len(key) * 8
    h = 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            h ^= (k >> (kbits - 32 - i)) & 0xffffffff
    return h


def selftest():
    """True if toeplitz() matches Microsoft's RSS verification suite
    (first IPv4 vector, with and without ports)."""
    key = bytes.fromhex("6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b4"
                        "77cb2da38030f20c6a42b73bbeac01fa")
    src = ipaddress.IPv4Address("66.9.149.187").packed
    dst = ipaddress.IPv4Address("161.142.100.80").packed
    ports = struct.pack(">HH", 2794, 1766)
    return (toeplitz(key, src + dst) == 0x323e8fc2 and
            toeplitz(key, src + dst + ports) == 0x51ccc178)

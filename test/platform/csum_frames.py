# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Frames with good or bad IP and L4 checksums, for the checksum tests of
the platform (net_ixgbe) and of net_ixguard.  Frame i is base_len + 8 * i
bytes long, so tests can tell frames apart by their length."""


def build(i, ipv, l4, bad_ip, bad_l4, base_len=100, fill=None):
    """Frame i: IPv4 or IPv6 (ipv 4 or 6), l4 "udp", "tcp" or "sctp", with
    a wrong IPv4 header checksum (bad_ip) and/or a wrong L4 checksum or
    CRC32c (bad_l4).  The padding is the byte 'fill', or the pattern
    (i + k) & 0xff when fill is None.  Returns the frame's bytes."""
    from scapy.all import IP, SCTP, TCP, UDP, Ether, IPv6, Raw

    eth = Ether(src="02:00:00:00:00:aa", dst="00:1b:21:ee:00:01")
    if ipv == 4:
        ip = IP(src="198.18.1.1", dst="198.18.1.2", id=0x100 + i)
    else:
        ip = IPv6(src="2001:db8::1", dst="2001:db8::2")
    if l4 == "sctp":
        hdr = SCTP(sport=1000 + i, dport=2000, tag=0x1000 + i)
    elif l4 == "udp":
        hdr = UDP(sport=1000 + i, dport=2000)
    else:
        hdr = TCP(sport=1000 + i, dport=2000, flags="A", seq=1)
    pkt = eth / ip / hdr
    pad = base_len + 8 * i - len(pkt)
    if fill is None:
        pkt = pkt / Raw(bytes((i + k) & 0xff for k in range(pad)))
    else:
        pkt = pkt / Raw(bytes([fill]) * pad)
    if l4 == "sctp":
        # bytes as scapy built them (CRC32c included): re-parsing the
        # filler as chunks would not round-trip
        raw = bytearray(bytes(pkt))
        l4off = 14 + (20 if ipv == 4 else 40)
        if bad_ip:
            raw[24] ^= 0x11
        if bad_l4:
            raw[l4off + 8] ^= 0x5a
        assert len(raw) == base_len + 8 * i
        return bytes(raw)
    pkt = Ether(bytes(pkt))     # checksums computed
    if bad_ip:
        pkt[IP].chksum ^= 0x1111
    if bad_l4:
        layer = UDP if l4 == "udp" else TCP
        # Never 0: a zero UDP checksum means "none" in IPv4.
        pkt[layer].chksum = (pkt[layer].chksum ^ 0x0f0f) or 0x1234
    raw = bytes(pkt)
    assert len(raw) == base_len + 8 * i
    return raw

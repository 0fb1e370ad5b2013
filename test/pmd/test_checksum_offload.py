#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard checksum offload (DTS checksum_offload): receive flags and
packet types for good and bad IPv4/TCP/UDP/SCTP frames, and checksums
the hardware inserts on transmit, checked at the far end of the wire.

RX: scapy writes IPv4/IPv6 TCP/UDP/SCTP frames with good and bad
checksums (each its own length); the control FIFO replays them into
port 1 running rxonly with 'set verbose 1'.  Expected, per the
write-back: an IPv4 header checked (IPCS) is IP_CKSUM_GOOD or _BAD
(IPE); IPv6 has no header checksum: IP unknown; TCP/UDP checked (L4CS)
is L4_CKSUM_GOOD, or _BAD (L4E) for TCP; a UDP L4E is reported unknown
(82599 erratum on zero UDP checksums, as net_ixgbe does); an SCTP
CRC32c is checked like an L4 checksum (L4CS, L4E when wrong: GOOD or
BAD).  The hw ptype is L2_ETHER L3_IPV4/L3_IPV6 L4_TCP/L4_UDP/L4_SCTP.

TX: testpmd's csum engine with 'csum set ip hw', 'csum set tcp hw',
'csum set udp hw', 'csum set sctp hw' on port 1 (port topology loop:
what port 1 receives it sends back out of port 1); the frames arrive
with wrong checksums (IPv4 header, TCP, UDP, SCTP CRC32c, over IPv4 and
IPv6); port 1's transmissions are captured (--pcap-out) and scapy
verifies every checksum in the capture, and that the payloads are
unchanged.
"""
import os
import re

import csum_frames
import ixemu_testlib as tl
import ixguard_pmd as pmd

GOOD, BAD, UNKNOWN = "GOOD", "BAD", "UNKNOWN"

# (name, (ip version, l4, corrupt ip, corrupt l4), IP flag, L4 flag)
FRAMES = [
    ("v4 udp good", (4, "udp", False, False), GOOD, GOOD),
    ("v4 udp, bad ip csum", (4, "udp", True, False), BAD, GOOD),
    ("v4 udp, bad udp csum", (4, "udp", False, True), GOOD, UNKNOWN),
    ("v4 tcp good", (4, "tcp", False, False), GOOD, GOOD),
    ("v4 tcp, bad tcp csum", (4, "tcp", False, True), GOOD, BAD),
    ("v4 tcp, bad ip and tcp csum", (4, "tcp", True, True), BAD, BAD),
    ("v6 udp good", (6, "udp", False, False), UNKNOWN, GOOD),
    ("v6 udp, bad udp csum", (6, "udp", False, True), UNKNOWN, UNKNOWN),
    ("v6 tcp good", (6, "tcp", False, False), UNKNOWN, GOOD),
    ("v6 tcp, bad tcp csum", (6, "tcp", False, True), UNKNOWN, BAD),
    ("v4 sctp good", (4, "sctp", False, False), GOOD, GOOD),
    ("v4 sctp, bad crc32c", (4, "sctp", False, True), GOOD, BAD),
    ("v4 sctp, bad ip csum and crc32c", (4, "sctp", True, True), BAD, BAD),
    ("v6 sctp good", (6, "sctp", False, False), UNKNOWN, GOOD),
    ("v6 sctp, bad crc32c", (6, "sctp", False, True), UNKNOWN, BAD),
]
BASE_LEN = 100      # frame i is BASE_LEN + 8 * i bytes


def build(i, ipv, l4, bad_ip, bad_l4):
    return csum_frames.build(i, ipv, l4, bad_ip, bad_l4, BASE_LEN)


def flag_state(flags, kind):
    for st in (GOOD, BAD):
        if "RTE_MBUF_F_RX_%s_CKSUM_%s" % (kind, st) in flags:
            return st
    return UNKNOWN


def dumps(text):
    """[(length, hw ptype, ol_flags)]"""
    return [(int(m.group(1)), m.group(2).strip(), m.group(3)) for m in
            re.finditer(r"length=(\d+) - nb_segs[^\n]*?hw ptype: ([^-]*) -"
                        r"[^\n]*\n[^\n]*?ol_flags: ([^\n]*)", text)]


def rx_flags(env, chk, pcap, ctl):
    tp = pmd.start(env, ports=2, name="rx", ixemu_args=["--control", ctl],
                   extra_app=["--forward-mode=rxonly", "--enable-rx-cksum"])
    tp.cmd("set verbose 1")
    tp.cmd("start")
    mark = len(tp.output)
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    chk.check(tp.wait_count(r"ol_flags:", len(FRAMES), timeout=20),
              "testpmd dumped %d packets" % len(FRAMES))
    tp.sync()
    tp.cmd("stop")
    tp.cmd("set verbose 0")
    by_len = {}
    for length, ptype, flags in dumps(tp.output[mark:]):
        by_len.setdefault(length, []).append((ptype, flags))
    for i, (name, args, want_ip, want_l4) in enumerate(FRAMES):
        seen = by_len.get(BASE_LEN + 8 * i, [])
        if not chk.equal(len(seen), 1, "%s: dumped once" % name):
            continue
        ptype, flags = seen[0]
        chk.equal((flag_state(flags, "IP"), flag_state(flags, "L4")),
                  (want_ip, want_l4), "%s: (IP, L4) checksum flags" % name)
        want_pt = "L2_ETHER L3_IPV%d L4_%s" % (args[0], args[1].upper())
        chk.equal(ptype, want_pt, "%s: hw ptype" % name)
    tl.finish(chk, tp)


def tx_insert(env, chk, pcap, ctl):
    from scapy.all import IP, SCTP, TCP, UDP, IPv6, rdpcap
    from scapy.layers.sctp import crc32c
    from scapy.utils import checksum

    cap = os.path.join(env.outdir, "port1-tx.pcap")
    tp = pmd.start(env, ports=2, name="tx",
                   ixemu_args=["--control", ctl, "--pcap-out", "1=" + cap],
                   extra_app=["--forward-mode=csum", "--port-topology=loop"])
    tp.cmd("port stop all")
    for what in ("ip", "tcp", "udp", "sctp"):
        out = tp.cmd("csum set %s hw 1" % what)
        chk.check("not supported" not in out.lower(),
                  "csum set %s hw accepted" % what, out)
    # testpmd prints the port's checksum settings after each 'csum set'.
    chk.check(all("%s checksum offload is hw" % w in out
                  for w in ("IP", "TCP", "UDP", "SCTP")),
              "port 1: IP, TCP, UDP, SCTP checksums in hardware", out)
    tp.cmd("port start all")
    # Port 0 receives what port 1 sends: stop its queue so it ends there.
    tp.cmd("port 0 rxq 0 stop")
    tp.cmd("start")
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    tl.poll_stats(tp, 1, "TX-packets", len(FRAMES), timeout=20)
    stop = tp.cmd("stop")
    fwd = tl.parse_fwd_port_stats(stop)
    chk.equal(fwd.get(1, {}).get("TX-packets"), len(FRAMES),
              "csum engine sent every frame out of port 1")
    tl.finish(chk, tp)
    pkts = rdpcap(cap)
    chk.equal(len(pkts), len(FRAMES), "frames in the capture")
    orig = {}
    for i, f in enumerate(FRAMES):
        orig[BASE_LEN + 8 * i] = build(i, *f[1])
    bad = []
    for p in pkts:
        raw = bytes(p)
        src = orig.get(len(raw))
        if src is None:
            bad.append(("unexpected length", len(raw)))
            continue
        # MAC addresses are rewritten by the csum engine; headers after
        # the checksum fields and the payload must be unchanged.
        if raw[-40:] != src[-40:]:
            bad.append((len(raw), "payload changed"))
        if IP in p:
            ip = p[IP]
            if checksum(bytes(ip)[:ip.ihl * 4]) != 0:
                bad.append((len(raw), "IP checksum 0x%04x" % ip.chksum))
            l3 = ip
            pseudo = bytes(ip)[12:20] + bytes([0, ip.proto]) + \
                (ip.len - ip.ihl * 4).to_bytes(2, "big")
            l4raw = bytes(ip)[ip.ihl * 4:ip.len]
        else:
            l3 = p[IPv6]
            l4raw = bytes(l3.payload)[:l3.plen]
            pseudo = bytes(l3)[8:40] + len(l4raw).to_bytes(4, "big") + \
                bytes([0, 0, 0, l3.nh])
        if SCTP in p:
            # CRC32c over the SCTP packet with its checksum field zero;
            # scapy's crc32c() is byte-swapped for a big-endian pack.
            zeroed = l4raw[:8] + bytes(4) + l4raw[12:]
            if crc32c(zeroed).to_bytes(4, "big") != l4raw[8:12]:
                bad.append((len(raw), "SCTP CRC32c wrong"))
        elif checksum(pseudo + l4raw) != 0:
            proto = "TCP" if TCP in p else "UDP" if UDP in p else "?"
            bad.append((len(raw), "%s checksum wrong" % proto))
    chk.check(not bad, "every captured frame has correct IP/TCP/UDP "
              "checksums or SCTP CRC32c, and its payload", bad[:6])


def test(env, chk):
    from scapy.all import Ether, wrpcap

    pcap = os.path.join(env.outdir, "checksums.pcap")
    wrpcap(pcap, [Ether(build(i, *f[1])) for i, f in enumerate(FRAMES)])
    ctl = tl.control_fifo(env)
    rx_flags(env, chk, pcap, ctl)
    tx_insert(env, chk, pcap, ctl)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard packet types (DTS uni_pkt): every packet type the driver
advertises is recognised.

scapy writes frames of many types, each its own length: L2 only (a local
ethertype, ARP), IPv4 and IPv6 with TCP, UDP, SCTP and another protocol
(ICMP, ICMPv6), IPv4 with options, IPv6 with extension headers, 802.1Q
tagged IPv4/IPv6, and an IPv4 fragment (then, with double VLAN on, an
802.1ad + 802.1Q frame: L2_ETHER_QINQ).  The control FIFO replays them
into port 1 running rxonly with 'set verbose 1'; for each frame the
'hw ptype' testpmd prints must be the expected one, every layer of it
must be among those 'show port 1 ptypes' lists (the driver's
dev_supported_ptypes_get), and its layers must agree with testpmd's
software parser ('sw ptype') wherever the hardware names the layer.
"""
import os
import re

import ixemu_testlib as tl
import ixguard_pmd as pmd

BASE_LEN = 120          # frame i is BASE_LEN + 4 * i bytes
DST = "00:1b:21:ee:00:01"

# (name, builder key, expected hw ptype)
FRAMES = [
    ("L2 (ethertype 0x88b5)", "l2", "L2_ETHER"),
    ("ARP", "arp", "L2_ETHER"),
    ("IPv4 ICMP", "v4 icmp", "L2_ETHER L3_IPV4"),
    ("IPv4 TCP", "v4 tcp", "L2_ETHER L3_IPV4 L4_TCP"),
    ("IPv4 UDP", "v4 udp", "L2_ETHER L3_IPV4 L4_UDP"),
    ("IPv4 SCTP", "v4 sctp", "L2_ETHER L3_IPV4 L4_SCTP"),
    ("IPv4 options TCP", "v4opt tcp", "L2_ETHER L3_IPV4_EXT L4_TCP"),
    ("IPv4 options UDP", "v4opt udp", "L2_ETHER L3_IPV4_EXT L4_UDP"),
    ("IPv4 options SCTP", "v4opt sctp", "L2_ETHER L3_IPV4_EXT L4_SCTP"),
    ("IPv4 options ICMP", "v4opt icmp", "L2_ETHER L3_IPV4_EXT"),
    ("IPv4 fragment UDP", "v4frag udp", "L2_ETHER L3_IPV4"),
    ("IPv6 TCP", "v6 tcp", "L2_ETHER L3_IPV6 L4_TCP"),
    ("IPv6 UDP", "v6 udp", "L2_ETHER L3_IPV6 L4_UDP"),
    ("IPv6 SCTP", "v6 sctp", "L2_ETHER L3_IPV6 L4_SCTP"),
    ("IPv6 ICMPv6", "v6 icmp", "L2_ETHER L3_IPV6"),
    ("IPv6 hop-by-hop UDP", "v6hbh udp", "L2_ETHER L3_IPV6_EXT L4_UDP"),
    ("IPv6 dest-opts TCP", "v6dst tcp", "L2_ETHER L3_IPV6_EXT L4_TCP"),
    ("VLAN IPv4 UDP", "vlan v4 udp", "L2_ETHER_VLAN L3_IPV4 L4_UDP"),
    ("VLAN IPv6 TCP", "vlan v6 tcp", "L2_ETHER_VLAN L3_IPV6 L4_TCP"),
    ("VLAN IPv4 SCTP", "vlan v4 sctp", "L2_ETHER_VLAN L3_IPV4 L4_SCTP"),
]


def build(i, key):
    from scapy.all import (ARP, ICMP, IP, SCTP, TCP, UDP, Dot1Q, Ether,
                           ICMPv6EchoRequest, IPOption_RR, IPv6,
                           IPv6ExtHdrDestOpt, IPv6ExtHdrHopByHop, Raw)

    words = key.split()
    pkt = Ether(src="02:00:00:00:00:bb", dst=DST)
    if words[0] == "vlan":
        pkt = pkt / Dot1Q(vlan=100 + i)
        words = words[1:]
    if words[0] == "l2":
        pkt.type = 0x88B5
    elif words[0] == "arp":
        pkt = pkt / ARP(psrc="198.18.9.1", pdst="198.18.9.2")
    else:
        l3, l4 = words
        if l3.startswith("v4"):
            ip = IP(src="198.18.9.1", dst="198.18.9.2", id=0x200 + i)
            if l3 == "v4opt":
                ip.options = [IPOption_RR(routers=["0.0.0.0"])]
            if l3 == "v4frag":
                ip.flags = "MF"
            pkt = pkt / ip
        else:
            pkt = pkt / IPv6(src="2001:db8::9", dst="2001:db8::a")
            if l3 == "v6hbh":
                pkt = pkt / IPv6ExtHdrHopByHop()
            elif l3 == "v6dst":
                pkt = pkt / IPv6ExtHdrDestOpt()
        if l4 == "tcp":
            pkt = pkt / TCP(sport=3000 + i, dport=80)
        elif l4 == "udp":
            pkt = pkt / UDP(sport=3000 + i, dport=4790)
        elif l4 == "sctp":
            pkt = pkt / SCTP(sport=3000 + i, dport=9)
        elif l3.startswith("v4"):
            pkt = pkt / ICMP()
        else:
            pkt = pkt / ICMPv6EchoRequest()
    want = BASE_LEN + 4 * i
    # The rest is payload (chunk bytes after the SCTP common header), so
    # that the IP lengths cover the whole frame.
    pad = want - len(pkt)
    pkt = pkt / Raw(bytes((i + k) & 0xff for k in range(pad)))
    raw = bytes(pkt)
    assert len(raw) == want, (key, len(raw), want)
    return raw


def build_qinq():
    from scapy.all import IP, UDP, Dot1AD, Dot1Q, Ether, Raw
    pkt = Ether(src="02:00:00:00:00:bb", dst=DST) / Dot1AD(vlan=7) / \
        Dot1Q(vlan=8) / IP(src="198.18.9.1", dst="198.18.9.2") / \
        UDP(sport=3999, dport=4790)
    return bytes(pkt / Raw(b"\x5a" * 40))


def dumps(text):
    """[(length, hw ptype, sw ptype)]"""
    return [(int(m.group(1)), m.group(2).split(), m.group(3).split())
            for m in re.finditer(r"length=(\d+) - nb_segs[^\n]*?"
                                 r"hw ptype: ([^-]*) - sw ptype: ([^-]*) -",
                                 text)]


def supported(text):
    """'show port N ptypes' -> set of layer names."""
    names = set()
    for line in text.split("\n"):
        line = line.strip()
        if re.match(r"^(INNER_)?(L2|L3|L4|TUNNEL)_[A-Z0-9_]+$", line):
            names.add(line)
    return names


def test(env, chk):
    from scapy.all import Ether, wrpcap

    frames = [build(i, f[1]) for i, f in enumerate(FRAMES)]
    pcap = os.path.join(env.outdir, "uni_pkt.pcap")
    wrpcap(pcap, [Ether(b) for b in frames])
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2, ixemu_args=["--control", ctl],
                   extra_app=["--forward-mode=rxonly"])
    adv = supported(tp.cmd("show port 1 ptypes"))
    print("# advertised: %s" % " ".join(sorted(adv)))
    for need in ("L2_ETHER", "L2_ETHER_VLAN", "L3_IPV4", "L3_IPV4_EXT",
                 "L3_IPV6", "L3_IPV6_EXT", "L4_TCP", "L4_UDP", "L4_SCTP"):
        chk.check(need in adv, "%s advertised" % need, sorted(adv))
    tp.cmd("set verbose 1")
    tp.cmd("start")
    mark = len(tp.output)
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    chk.check(tp.wait_count(r"hw ptype:", len(FRAMES), timeout=30),
              "testpmd dumped %d packets" % len(FRAMES))
    tp.sync()
    tp.cmd("stop")
    tp.cmd("set verbose 0")
    by_len = {}
    for length, hw, sw in dumps(tp.output[mark:]):
        by_len.setdefault(length, []).append((hw, sw))
    seen_layers = set()
    for i, (name, key, want) in enumerate(FRAMES):
        seen = by_len.get(BASE_LEN + 4 * i, [])
        if not chk.equal(len(seen), 1, "%s: received once" % name):
            continue
        hw, sw = seen[0]
        chk.equal(" ".join(hw), want, "%s: hw ptype" % name)
        seen_layers.update(hw)
        chk.check(all(l in adv for l in hw),
                  "%s: every hw ptype layer advertised" % name, hw)
        # Where the hardware names a layer, the software parser names
        # it too (or a more precise one: L2_ETHER_ARP for L2_ETHER).
        bad = [l for l in hw
               if l not in sw and not any(x.startswith(l + "_") for x in sw)]
        chk.check(not bad, "%s: hw ptype agrees with sw ptype" % name,
                  (hw, sw))
    # Double VLAN (outer 802.1ad tag, inner 802.1Q): with 'vlan set
    # extend on' and the outer TPID, both tags stay in the frame.
    qinq = os.path.join(env.outdir, "qinq.pcap")
    wrpcap(qinq, [Ether(build_qinq())])
    tp.cmd("vlan set extend on 1")
    tp.cmd("vlan set outer tpid 0x88a8 1")
    tp.cmd("set verbose 1")
    tp.cmd("start")
    mark = len(tp.output)
    before = tp.count(r"hw ptype:")
    tl.write_control(ctl, "pcap 1 %s" % qinq)
    chk.check(tp.wait_count(r"hw ptype:", before + 1, timeout=30),
              "testpmd dumped the QinQ frame")
    tp.sync()
    tp.cmd("stop")
    tp.cmd("set verbose 0")
    got = dumps(tp.output[mark:])
    if chk.equal(len(got), 1, "QinQ: received once"):
        _, hw, sw = got[0]
        chk.equal(" ".join(hw), "L2_ETHER_QINQ L3_IPV4 L4_UDP",
                  "QinQ: hw ptype")
        chk.check(all(l in sw for l in hw), "QinQ: hw ptype agrees with "
                  "sw ptype", (hw, sw))
        seen_layers.update(hw)
    missing = [l for l in sorted(adv) if l not in seen_layers]
    chk.check(not missing, "every advertised layer was recognised in "
              "some frame", missing)
    st = tl.parse_port_stats(tp.cmd("show port stats 1")).get(1, {})
    chk.equal(st.get("RX-packets"), len(FRAMES) + 1, "port 1 RX-packets")
    chk.equal(st.get("RX-errors"), 0, "port 1 RX-errors")
    tl.finish(chk, tp)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

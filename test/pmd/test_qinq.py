#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard double VLAN (QinQ, 82599 datasheet §7.4.5): with 'vlan set
extend on' and 'vlan set outer tpid 0x88a8' the port skips the outer
802.1ad tag and filters and strips the inner 802.1Q tag; on transmit it
inserts its tag behind the outer tag the frame carries.  The 82599
strips and inserts no outer tag: QinQ strip and insert are refused.

testpmd mac forwarding, promiscuous off, 'set verbose 1'.  Port 0 has
double VLAN on and 'tx_vlan set 0 300'; port 1 double VLAN on, VLAN
filter on with inner VLAN 20 allowed.  A pcap replayed into port 1:
  A  outer 802.1ad VLAN 10, inner 802.1Q VLAN 20 (prio 3)
  B  outer VLAN 10, inner VLAN 30
  C  outer VLAN 10 only
1. strip on: A arrives 4 bytes shorter with tci 0x6014 and
   RX_VLAN_STRIPPED, its outer tag still in the frame (packet type
   L2_ETHER_VLAN); B is dropped by
   the filter (inner VLAN 30), C arrives whole; port 0 sends A with
   802.1ad 10 / 802.1Q 300 and C with 802.1Q 300 inserted behind its
   outer tag, byte for byte;
2. strip off: A arrives whole (L2_ETHER_QINQ); port 0 sends it with three tags
   (10, 300, 20);
3. QinQ insert ('tx_vlan set 0 100 200') and QinQ strip ('vlan set
   qinq_strip on') are refused (no QINQ_INSERT, QINQ_STRIP); an inner
   TPID is accepted only with double VLAN, a TPID below 0x0600 never;
4. extend off on port 1: the 802.1ad tag is no VLAN for the port (VLNCTRL
   type 0x8100): all three frames arrive whole, none filtered.
Once with the burst functions the driver picks (auto), once with
the scalar ones (devargs rx_path, tx_path).
"""
import os

import ixemu_testlib as tl
import ixguard_pmd as pmd

LA, LB, LC = 130, 140, 150
PORT1_MAC = "00:1b:21:ee:00:01"


def build(length, inner):
    from scapy.all import IP, UDP, Dot1AD, Dot1Q, Ether, Raw
    p = Ether(src="02:00:00:00:00:aa", dst=PORT1_MAC) / Dot1AD(vlan=10)
    if inner is not None:
        p = p / Dot1Q(vlan=inner, prio=3)
    p = p / IP(src="198.18.9.1", dst="198.18.9.2") / UDP(sport=7, dport=9)
    return bytes(p / Raw(b"\x77" * (length - len(p))))


def macs_rewritten(b):
    """b as port 0 forwards it (mac forwarding)."""
    return bytes.fromhex("020000000000" "001b21ee0000") + b[12:]


def insert_at16(b, tci):
    """b with an 802.1Q tag inserted behind the outer tag."""
    return b[:16] + bytes([0x81, 0x00, tci >> 8, tci & 0xFF]) + b[16:]


def cmd_err(tp, line):
    mark = len(tp.stderr_lines)
    out = tp.cmd(line)
    tl.time.sleep(0.3)
    return out + "\n".join(l for _, l in tp.stderr_lines[mark:])


def run_once(env, chk, path):
    """The scenario with the burst functions 'path' (devargs rx_path,
    tx_path)."""
    from scapy.all import rdpcap, wrpcap, Ether

    a, b, c = build(LA, 20), build(LB, 30), build(LC, None)
    pcap = os.path.join(env.outdir, "qinq.pcap")
    wrpcap(pcap, [Ether(a), Ether(b), Ether(c)])
    cap = os.path.join(env.outdir, "port0-tx-%s.pcap" % path)
    ctl = tl.control_fifo(env, "control-" + path)
    allow = ["%s,rx_path=%s,tx_path=%s" % (tl.emulated_bdf(i), path, path)
             for i in range(2)]
    tp = pmd.start(env, ports=2, allow=allow, name="qinq-" + path,
                   ixemu_args=["--control", ctl, "--pcap-out", "0=" + cap],
                   extra_app=["--forward-mode=mac"])
    info = tp.cmd("show port 1 rx_offload capabilities")
    chk.check("VLAN_EXTEND" in info, "port 1 offers VLAN_EXTEND", info)
    chk.check("QINQ_STRIP" not in info, "no QINQ_STRIP (the 82599 keeps "
              "the outer tag)", info)
    info = tp.cmd("show port 0 tx_offload capabilities")
    chk.check("QINQ_INSERT" not in info, "no QINQ_INSERT", info)
    tp.cmd("set promisc all off")
    tp.cmd("port stop 0")
    out = cmd_err(tp, "tx_vlan set 0 300")
    chk.check("rror" not in out, "tx_vlan set 0 300", out)
    tp.cmd("port start 0")
    for p in (0, 1):
        out = cmd_err(tp, "vlan set extend on %d" % p)
        chk.check("failed" not in out, "vlan set extend on %d" % p, out)
        out = cmd_err(tp, "vlan set outer tpid 0x88a8 %d" % p)
        chk.check("failed" not in out, "vlan set outer tpid 0x88a8 %d" % p,
                  out)
    tp.cmd("vlan set filter on 1")
    tp.cmd("rx_vlan add 20 1")
    tp.cmd("vlan set strip on 1")
    tp.cmd("set verbose 1")
    tp.cmd("start")
    r = pmd.PcapReplayer(tp, ctl, pcap, 3)
    sent = []

    # 1. Inner tag stripped, outer kept; insertion behind the outer tag.
    got = {g.length: g for g in r.run(chk, "strip on", 2)}
    g = got.get(LA - 4)
    if chk.check(g is not None, "A arrives 4 bytes shorter", sorted(got)):
        chk.equal(g.tci, 0x6014, "A: tci of the inner tag (prio 3, VLAN 20)")
        chk.check("RTE_MBUF_F_RX_VLAN_STRIPPED" in g.ol_flags,
                  "A: RX_VLAN_STRIPPED", g.ol_flags)
        chk.equal(g.ptype, "L2_ETHER_VLAN L3_IPV4 L4_UDP",
                  "A: hw ptype (the outer tag left)")
    g = got.get(LC)
    if chk.check(g is not None, "C (outer tag only) arrives whole",
                 sorted(got)):
        chk.equal(g.tci, None, "C: no tci")
        chk.equal(g.ptype, "L2_ETHER_VLAN L3_IPV4 L4_UDP", "C: hw ptype")
    strip_a = a[:16] + a[20:]
    sent += [insert_at16(macs_rewritten(strip_a), 300),
             insert_at16(macs_rewritten(c), 300)]

    # 2. Strip off: port 0 sends A with three tags.
    tp.cmd("vlan set strip off 1")
    got = {g.length: g for g in r.run(chk, "strip off", 2)}
    g = got.get(LA)
    if chk.check(g is not None, "strip off: A arrives whole", sorted(got)):
        chk.check("STRIPPED" not in g.ol_flags, "strip off: nothing stripped",
                  g.ol_flags)
        chk.equal(g.ptype, "L2_ETHER_QINQ L3_IPV4 L4_UDP",
                  "strip off: A's hw ptype (two tags)")
    sent += [insert_at16(macs_rewritten(a), 300),
             insert_at16(macs_rewritten(c), 300)]

    # 3. What the 82599 cannot do, and bad TPIDs.
    tp.cmd("stop")
    tp.cmd("port stop 0")
    out = cmd_err(tp, "tx_vlan set 0 100 200")
    chk.check("qinq insert not supported" in out, "QinQ insert ('tx_vlan "
              "set 0 100 200') refused (no QINQ_INSERT)", out)
    out = cmd_err(tp, "vlan set qinq_strip on 1")
    chk.check("failed" in out, "QinQ strip refused (no QINQ_STRIP)", out)
    tp.cmd("port start 0")
    out = cmd_err(tp, "vlan set inner tpid 0x8100 1")
    chk.check("failed" not in out, "inner TPID with double VLAN", out)
    out = cmd_err(tp, "vlan set outer tpid 0x05dc 1")
    chk.check("failed" in out and "not an EtherType" in out,
              "TPID 0x05dc (a length) refused", out)
    tp.cmd("start")

    # 4. Double VLAN off on port 1: 0x88a8 is no VLAN tag there.
    out = cmd_err(tp, "vlan set extend off 1")
    chk.check("failed" not in out, "vlan set extend off 1", out)
    got = {g.length: g for g in r.run(chk, "extend off", 3)}
    chk.equal(sorted(got), [LA, LB, LC], "extend off: all arrive whole")
    chk.check(all(g.tci is None for g in got.values()),
              "extend off: no tci", got)
    sent += [insert_at16(macs_rewritten(x), 300) for x in (a, b, c)]
    out = cmd_err(tp, "vlan set inner tpid 0x8100 1")
    chk.check("failed" in out, "inner TPID without double VLAN refused",
              out)

    tp.cmd("stop")
    tp.cmd("set verbose 0")
    st = tl.parse_port_stats(tp.cmd("show port stats all"))
    for p in (0, 1):
        chk.equal(st.get(p, {}).get("RX-errors"), 0, "port %d RX-errors" % p)
    _, rep = tl.finish(chk, tp)
    for p in (rep or {}).get("ports", []):
        chk.check(p.get("audited", 0) > 0 and
                  p.get("audit_violations") == 0,
                  "%s: DMA audit, 0 violations" % p.get("bdf"),
                  (p.get("audited"), p.get("audit_violations")))
    got = [bytes(p) for p in rdpcap(cap)]
    chk.equal(len(got), len(sent), "frames port 0 sent")
    for i, (g, w) in enumerate(zip(got, sent)):
        chk.check(g == w, "port 0 frame %d byte for byte" % i,
                  "got %s want %s" % (g[:24].hex(), w[:24].hex()))



def test(env, chk):
    for path in ("auto", "scalar"):
        print("# burst functions: %s" % path)
        run_once(env, chk, path)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

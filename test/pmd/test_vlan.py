#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard VLAN offloads (DTS vlan): the filter drops and accepts
tagged frames, stripping moves the tag into the mbuf (per port and per
queue), and transmit insertion puts the tag on the wire.

testpmd rxonly, paired topology, 'set verbose 1'; a pcap with an
untagged frame and frames tagged VLAN 100 and 200 (each its own length)
is replayed into port 1 through the control FIFO for each step:
1. 'vlan set filter on 1', 'rx_vlan add 100 1': untagged and VLAN 100
   received, VLAN 200 dropped by the port (the platform counts it);
2. 'rx_vlan rm 100 1': both tagged frames dropped;
3. 'vlan set filter off 1': all three received;
4. 'vlan set strip on 1': the VLAN 100 frame arrives 4 bytes shorter with
   "VLAN tci=0x64" and RX_VLAN_STRIPPED, hw ptype L2_ETHER;
5. 'vlan set strip off 1': full length, no tci, hw ptype L2_ETHER_VLAN;
6. 'vlan set stripq on 1,0': stripped again (queue-level).
7. TX insert: 'tx_vlan set 0 300', 'start tx_first' with port 0's RX
   queue stopped (only port 0 transmits, txonly frames): the capture of
   port 0 (--pcap-out) shows every frame tagged 802.1Q VLAN 300, and
   port 1 (stripping) reports tci 0x12c.
"""
import os

import ixemu_testlib as tl
import ixguard_pmd as pmd

UNTAGGED, V100, V200 = 120, 130, 140     # frame lengths, with the tag


def build(length, vid):
    from scapy.all import IP, UDP, Dot1Q, Ether, Raw
    eth = Ether(src="02:00:00:00:00:aa", dst="00:1b:21:ee:00:01")
    if vid is not None:
        eth = eth / Dot1Q(vlan=vid, prio=3)
    pkt = eth / IP(src="198.18.4.1", dst="198.18.4.2") / UDP()
    return bytes(pkt / Raw(b"\x44" * (length - len(pkt))))


def test(env, chk):
    from scapy.all import Dot1Q, Ether, rdpcap, wrpcap

    pcap = os.path.join(env.outdir, "vlan.pcap")
    wrpcap(pcap, [Ether(build(UNTAGGED, None)), Ether(build(V100, 100)),
                  Ether(build(V200, 200))])
    cap = os.path.join(env.outdir, "port0-tx.pcap")
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2,
                   ixemu_args=["--control", ctl, "--pcap-out", "0=" + cap],
                   extra_app=["--forward-mode=rxonly",
                              "--port-topology=paired"])
    tp.cmd("set verbose 1")
    tp.cmd("vlan set filter on 1")
    tp.cmd("rx_vlan add 100 1")
    tp.cmd("start")
    r = pmd.PcapReplayer(tp, ctl, pcap, 3)

    got = r.run(chk, "filter on, VLAN 100 allowed", 2)
    chk.equal(sorted(g.length for g in got), [UNTAGGED, V100],
              "filter on: untagged and VLAN 100 received")
    tp.cmd("rx_vlan rm 100 1")
    got = r.run(chk, "filter on, no VLAN allowed", 1)
    chk.equal([g.length for g in got], [UNTAGGED],
              "filter on, VLAN 100 removed: only untagged received")
    tp.cmd("vlan set filter off 1")
    got = r.run(chk, "filter off", 3)
    chk.equal(sorted(g.length for g in got), [UNTAGGED, V100, V200],
              "filter off: every frame received")

    def strip_set(cmd):
        """A burst carries the queue's offloads as they were when it
        began, and DPDK does not order a runtime offload change with a
        burst in flight: a forwarding lcore held off the CPU inside one
        (an ASan build on a loaded machine) then reported the frames that
        arrived after the change as before it.  So strip changes are made
        with forwarding stopped."""
        tp.cmd("stop")
        tp.cmd(cmd)
        tp.cmd("start")

    strip_set("vlan set strip on 1")
    got = {g.length: g for g in r.run(chk, "strip on", 3)}
    g = got.get(V100 - 4)
    if chk.check(g is not None, "strip on: VLAN 100 frame 4 bytes shorter",
                 sorted(got)):
        chk.equal(g.tci, 0x6064, "strip on: tci (prio 3, VLAN 100)")
        chk.check("RTE_MBUF_F_RX_VLAN_STRIPPED" in g.ol_flags,
                  "strip on: RX_VLAN_STRIPPED", g.ol_flags)
        chk.equal(g.ptype, "L2_ETHER L3_IPV4 L4_UDP", "strip on: hw ptype")
    chk.equal(got.get(UNTAGGED, (0, None))[1], None,
              "strip on: untagged frame has no tci")

    strip_set("vlan set strip off 1")
    got = {g.length: g for g in r.run(chk, "strip off", 3)}
    g = got.get(V100)
    if chk.check(g is not None, "strip off: VLAN 100 frame full length",
                 sorted(got)):
        chk.equal(g.tci, None, "strip off: no tci")
        chk.check("VLAN" not in g.ol_flags, "strip off: no VLAN flags", g.ol_flags)
        chk.equal(g.ptype, "L2_ETHER_VLAN L3_IPV4 L4_UDP",
                  "strip off: hw ptype")

    strip_set("vlan set stripq on 1,0")
    got = {g.length: g for g in r.run(chk, "queue strip on", 3)}
    chk.equal(got.get(V200 - 4, (0, None))[1], 0x60c8,
              "stripq on: VLAN 200 stripped, tci in the mbuf")

    # TX insert on port 0.
    tp.cmd("stop")
    tp.cmd("port stop 0")
    out = tp.cmd("tx_vlan set 0 300")
    chk.check("rror" not in out, "tx_vlan set 0 300", out)
    tp.cmd("port start 0")
    tp.cmd("port 0 rxq 0 stop")
    mark = len(tp.output)
    before = tp.count(r"ol_flags:")
    # No command while the dumps come (they would tear the prompt).
    tp.send("start tx_first")
    tp.wait_count(r"ol_flags:", before + 32, timeout=15)
    tl.time.sleep(1)
    tp.sync()
    tp.cmd("stop")
    rx = pmd.rx_dumps(tp.output[mark:])
    chk.check(rx and all(g.tci == 300 for g in rx),
              "port 1 received port 0's frames with tci 300 (stripped)",
              rx[:3])
    tp.cmd("set verbose 0")
    tl.finish(chk, tp)
    pkts = rdpcap(cap)
    chk.check(len(pkts) > 0 and len(pkts) == len(rx),
              "capture holds what port 1 received", (len(pkts), len(rx)))
    chk.check(all(Dot1Q in p and p[Dot1Q].vlan == 300 and
                  p[Ether].type == 0x8100 for p in pkts),
              "every frame port 0 sent carries an 802.1Q tag, VLAN 300")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard with the 82599's queue and address counts: 128 RX and 64
TX queues with RSS, 128 unicast addresses, the queue statistics mapping,
and bad configurations refused with the port still forwarding.

testpmd --rxq=128 --txq=64, mac forwarding, promiscuous mode off (port
0's forwarded frames, addressed to testpmd's peer address, do not come
back into port 1).  A pcap of FLOWS IPv4/UDP flows to port 1's address is
replayed into port 1 through the control FIFO:
1. RSS: the frames spread over RX queues 0-15 (the RETA reaches 16
   queues) and no other; the per-stream counts of 'stop' equal the
   hardware counter sets (xstats rx_q<n>_packets, queue n -> set n by
   default); port 0 sends every frame, and its capture holds each one
   with only the MAC addresses rewritten.
2. 'set stat_qmap rx 1 5 3' (and queue 3 to set 0): set 3 counts what
   queue 5 received, and only that.
3. 127 'mac_addr add' fill the 128 receive addresses; the 129th is
   refused; frames to the 128th are forwarded, to an unknown address
   dropped by the port; 'mac_addr remove' drops them again.
4. Bad configuration: a RETA entry naming queue 20, a queue or counter
   set out of range, a TPID that is no EtherType, an inner TPID without
   double VLAN: each refused with a message, and the port forwards the
   flows as before.
All of this in the default DMA mode (shadow); without hugepages, 128/64
queues also forward with RSS in the shared, port and strict modes,
without IOMMU faults.
"""
import os
import re

import ixemu_testlib as tl
import ixguard_pmd as pmd

NRXQ, NTXQ = 128, 64
RSS_QUEUES = 16
FLOWS = 512
LEN = 96
PORT1_MAC = "00:1b:21:ee:00:01"
SRC = "02:00:00:00:00:aa"


def replay(tp, ctl, pcap, n_before):
    """Replay pcap into port 1; returns (frames, dropped) of the replay."""
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    deadline = tl.time.monotonic() + 30
    while tl.time.monotonic() < deadline:
        ms = [re.search(r"pcap in: port 1: .* done: (\d+) frames, (\d+) "
                        r"dropped", l) for _, l in tp.stderr_lines]
        ms = [m for m in ms if m]
        if len(ms) > n_before:
            m = ms[n_before]
            return int(m.group(1)), int(m.group(2))
        tl.time.sleep(0.2)
    raise tl.TestError("pcap replay %d did not finish" % (n_before + 1))


class Port1:
    """Replays into port 1 and waits for port 0 to have sent them."""

    def __init__(self, tp, ctl):
        self.tp, self.ctl, self.n = tp, ctl, 0

    def tx0(self):
        st = tl.parse_port_stats(self.tp.cmd("show port stats 0"))
        return st.get(0, {}).get("TX-packets", 0)

    def run(self, pcap, want_fwd):
        before = self.tx0()
        frames, dropped = replay(self.tp, self.ctl, pcap, self.n)
        self.n += 1
        deadline = tl.time.monotonic() + 15
        while self.tx0() < before + want_fwd and \
                tl.time.monotonic() < deadline:
            tl.time.sleep(0.2)
        tl.time.sleep(0.3)
        return frames, dropped, self.tx0() - before


def cmd_err(tp, line):
    """Run a command; its output with what it printed on stderr."""
    mark = len(tp.stderr_lines)
    out = tp.cmd(line)
    tl.time.sleep(0.3)
    return out + "\n".join(l for _, l in tp.stderr_lines[mark:])


def forwarded(path):
    """The frames of path as port 0 forwards them (mac forwarding:
    source port 0's address, destination testpmd's peer address)."""
    from scapy.all import Ether, rdpcap
    res = []
    for p in rdpcap(path):
        e = Ether(bytes(p))
        e.src = "00:1b:21:ee:00:00"
        e.dst = "02:00:00:00:00:00"
        res.append(bytes(e))
    return res


def audit_clean(chk, rep, what):
    """The platform's DMA audit: every address the driver handed the
    device (rings, buffers of the 192 queues) lay in its domain."""
    for p in (rep or {}).get("ports", []):
        chk.check(p.get("audited", 0) > 0 and
                  p.get("audit_violations") == 0,
                  "%s: %s: DMA audit, 0 violations" % (what, p.get("bdf")),
                  (p.get("audited"), p.get("audit_violations")))


def write_frames(path, dst, n, fill):
    pmd.write_udp_flows(path, n, SRC, fill, LEN, dst_mac=dst)


def test(env, chk):
    from scapy.all import rdpcap

    flows = os.path.join(env.outdir, "flows.pcap")
    write_frames(flows, PORT1_MAC, FLOWS, 0x5a)
    cap = os.path.join(env.outdir, "port0-tx.pcap")
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2, mbufs=40000,
                   ixemu_args=["--control", ctl, "--pcap-out", "0=" + cap],
                   extra_app=["--forward-mode=mac", "--rxq=%d" % NRXQ,
                              "--txq=%d" % NTXQ, "--rxd=64", "--txd=64"])
    info = tl.parse_port_info(tp.cmd("show port info 1"))
    chk.equal(info.get("Max possible RX queues"), str(NRXQ),
              "dev_info max_rx_queues")
    chk.equal(info.get("Max possible TX queues"), str(NTXQ),
              "dev_info max_tx_queues")
    chk.equal(info.get("Maximum number of MAC addresses"), "128",
              "dev_info max_mac_addrs")
    out = tp.cmd("show port 1 rss reta 128 "
                 "(0xffffffffffffffff,0xffffffffffffffff)")
    reta = [int(q) for q in re.findall(r"queue=(\d+)", out)]
    chk.equal(sorted(set(reta)), list(range(RSS_QUEUES)),
              "the default RETA spreads over queues 0-15")
    tp.cmd("set promisc all off")
    tp.cmd("port config all rss udp")
    tp.cmd("clear port xstats all")
    tp.cmd("start")
    p1 = Port1(tp, ctl)

    # 1. RSS over the first 16 queues.
    frames, dropped, fwd = p1.run(flows, FLOWS)
    chk.equal((frames, dropped), (FLOWS, 0), "replay 1: frames, dropped")
    chk.equal(fwd, FLOWS, "port 0 sent every frame port 1 received")
    stop = tp.cmd("stop")
    per_q = {}
    for s in tl.parse_stream_stats(stop):
        if s["rx_port"] == 1:
            per_q[s["rx_queue"]] = s["rx"]
    used = sorted(q for q, n in per_q.items() if n > 0)
    chk.check(used == list(range(RSS_QUEUES)),
              "RSS used exactly queues 0-15", per_q)
    chk.equal(sum(per_q.values()), FLOWS, "streams received every frame")
    xs = tl.parse_xstats(tp.cmd("show port xstats 1"))
    chk.equal([xs.get("rx_q%d_packets" % q) for q in range(RSS_QUEUES)],
              [per_q.get(q, 0) for q in range(RSS_QUEUES)],
              "counter sets 0-15 (xstats) vs frames per queue")
    chk.equal(xs.get("rx_q5_bytes"), per_q.get(5, 0) * LEN,
              "counter set 5 bytes")
    xs0 = tl.parse_xstats(tp.cmd("show port xstats 0"))
    chk.equal(sum(xs0.get("tx_q%d_packets" % q, 0)
                  for q in range(RSS_QUEUES)), FLOWS,
              "port 0 TX counter sets add up to the frames sent")

    # 2. Queue statistics mapping.
    out = tp.cmd("set stat_qmap rx 1 5 3")
    chk.check("failed" not in out, "set stat_qmap rx 1 5 3", out)
    tp.cmd("set stat_qmap rx 1 3 0")
    tp.cmd("clear port xstats 1")
    tp.cmd("start")
    frames, dropped, fwd = p1.run(flows, FLOWS)
    stop = tp.cmd("stop")
    per_q = {s["rx_queue"]: s["rx"] for s in tl.parse_stream_stats(stop)
             if s["rx_port"] == 1}
    xs = tl.parse_xstats(tp.cmd("show port xstats 1"))
    chk.check(per_q.get(5, 0) > 0, "queue 5 received frames", per_q)
    chk.equal(xs.get("rx_q3_packets"), per_q.get(5, 0),
              "set 3 counts queue 5 (stat_qmap)")
    chk.equal(xs.get("rx_q5_packets"), 0, "set 5 counts nothing now")
    chk.equal(xs.get("rx_q0_packets"), per_q.get(0, 0) + per_q.get(3, 0),
              "set 0 counts queues 0 and 3")
    tp.cmd("set stat_qmap rx 1 5 5")
    tp.cmd("set stat_qmap rx 1 3 3")

    # 3. 128 unicast addresses.
    macs = ["02:00:00:00:%02x:%02x" % (1, i) for i in range(1, 128)]
    bad = []
    for m in macs:
        out = tp.cmd("mac_addr add 1 %s" % m)
        if "error" in out.lower():
            bad.append((m, out))
    chk.check(not bad, "127 addresses added (128 with the port's)", bad[:3])
    out = cmd_err(tp, "mac_addr add 1 02:00:00:00:02:00")
    chk.check("error" in out.lower() and "space" in out.lower(),
              "the 129th address is refused", out)
    last = os.path.join(env.outdir, "last.pcap")
    write_frames(last, macs[-1], 64, 0x11)
    unknown = os.path.join(env.outdir, "unknown.pcap")
    write_frames(unknown, "02:00:00:00:02:00", 64, 0x22)
    tp.cmd("start")
    frames, dropped, fwd = p1.run(last, 64)
    chk.equal((frames, dropped, fwd), (64, 0, 64),
              "frames to the 128th address: forwarded")
    frames, dropped, fwd = p1.run(unknown, 0)
    chk.equal((frames, dropped, fwd), (64, 64, 0),
              "frames to an unknown address: dropped by the port")
    tp.cmd("mac_addr remove 1 %s" % macs[-1])
    frames, dropped, fwd = p1.run(last, 0)
    chk.equal((frames, dropped, fwd), (64, 64, 0),
              "frames to a removed address: dropped")

    # 4. Bad configuration: clear errors, the port goes on.
    out = cmd_err(tp, "port config 1 rss reta (0,20)")
    chk.check("Bad redirection table" in out or "error" in out.lower(),
              "a RETA entry of queue 20 is refused", out)
    err = "\n".join(l for _, l in tp.stderr_lines)
    chk.check("reaches queues 0-15" in err,
              "the driver says why (RETA reaches 16 queues)")
    out = cmd_err(tp, "set stat_qmap rx 1 200 3")
    chk.check("nvalid" in out, "stat_qmap of queue 200 refused", out)
    out = cmd_err(tp, "set stat_qmap rx 1 5 16")
    chk.check("range" in out, "stat_qmap to set 16 refused", out)
    out = cmd_err(tp, "vlan set outer tpid 0x0005 1")
    chk.check("failed" in out, "TPID 0x0005 refused", out)
    out = cmd_err(tp, "vlan set inner tpid 0x9100 1")
    chk.check("failed" in out, "inner TPID without double VLAN refused",
              out)
    err = "\n".join(l for _, l in tp.stderr_lines)
    chk.check("not an EtherType" in err and "no inner VLAN tag" in err,
              "the driver says why (TPIDs)")
    frames, dropped, fwd = p1.run(flows, FLOWS)
    chk.equal((frames, dropped, fwd), (FLOWS, 0, FLOWS),
              "after the refusals the port forwards every flow")
    stop = tp.cmd("stop")
    used = sorted({s["rx_queue"] for s in tl.parse_stream_stats(stop)
                   if s["rx_port"] == 1 and s["rx"] > 0})
    chk.equal(used, list(range(RSS_QUEUES)), "still RSS over queues 0-15")
    st = tl.parse_port_stats(tp.cmd("show port stats all"))
    for p in (0, 1):
        chk.equal(st.get(p, {}).get("RX-errors"), 0, "port %d RX-errors" % p)
        chk.equal(st.get(p, {}).get("TX-errors"), 0, "port %d TX-errors" % p)
    _, rep = tl.finish(chk, tp)
    audit_clean(chk, rep, "default mode")
    # Everything port 0 sent: the flows of rounds 1, 2 and 4 and the
    # frames to the 128th address, with only the addresses rewritten.
    got = sorted(bytes(p) for p in rdpcap(cap))
    want = sorted(forwarded(flows) * 3 + forwarded(last))
    chk.check(got == want, "port 0's capture: every frame forwarded, "
              "byte for byte (%d frames)" % len(want),
              "%d frames, %d differ" % (len(got),
                                         sum(a != b for a, b in
                                             zip(got, want))))


def other_modes(env, chk, flows):
    """128/64 queues forward with RSS in the other DMA modes too (the
    default, tested above, is shadow): the rings share one mapping per
    direction, so the private modes (a TX buffer area per queue, and an
    RX one in shadow mode) stay within the 256 IOMMU mappings of a
    domain, and the DMA audit finds nothing."""
    for mode in ("shared", "port", "strict"):
        ctl = tl.control_fifo(env, "control-" + mode)
        allow = ["%s,dma_isolation=%s" % (tl.emulated_bdf(i), mode)
                 for i in range(2)]
        tp = pmd.start(env, ports=2, mbufs=40000, allow=allow,
                       name="mode-" + mode, ixemu_args=["--control", ctl],
                       extra_app=["--forward-mode=mac", "--rxq=%d" % NRXQ,
                                  "--txq=%d" % NTXQ, "--rxd=64",
                                  "--txd=64"])
        tp.cmd("set promisc all off")
        tp.cmd("port config all rss udp")
        tp.cmd("start")
        frames, dropped, fwd = Port1(tp, ctl).run(flows, FLOWS)
        chk.equal((frames, dropped, fwd), (FLOWS, 0, FLOWS),
                  "%s: every flow forwarded" % mode)
        stop = tp.cmd("stop")
        used = sorted({s["rx_queue"] for s in tl.parse_stream_stats(stop)
                       if s["rx_port"] == 1 and s["rx"] > 0})
        chk.equal(used, list(range(RSS_QUEUES)),
                  "%s: RSS over queues 0-15" % mode)
        _, rep = tl.finish(chk, tp)
        audit_clean(chk, rep, mode)


def run(env, chk):
    test(env, chk)
    if not env.huge:
        other_modes(env, chk, os.path.join(env.outdir, "flows.pcap"))


if __name__ == "__main__":
    tl.main(run, __doc__.splitlines()[0])

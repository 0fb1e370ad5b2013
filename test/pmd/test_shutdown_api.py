#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard stop, reconfigure, restart and close (DTS shutdown_api).

testpmd forwards (io); port 0 receives 256 UDP frames of distinct flows
from a pcap replay (control FIFO), port 1 transmits them into no cable
(--wire none), captured.  After each step, with forwarding restarted,
every frame must come out of port 1:

 - as started;
 - 'port stop all' / 'port start all';
 - two RX and TX queues ('port config all rxq 2', 'txq 2'): 'show rxq
   info' knows queue 1 and RSS puts frames on both RX queues;
 - 1024, then 256 descriptors per ring ('port config all rxd N', 'txd
   N'), as 'show rxq info' / 'show txq info' report;
 - back to one queue of each;
 - 'port stop 0' / 'port start 0' alone.

Then 'port stop all': every mbuf is back in its pool; 'port close all':
still; 'quit': exit code 0, no IOMMU fault, every IOMMU mapping undone,
and the port counters agree with the platform's --report.
"""
import os
import re
import time

import ixemu_testlib as tl
import ixguard_pmd as pmd

N = 256
PORT0_MAC = "00:1b:21:ee:00:00"


def write_frames(path):
    pmd.write_udp_flows(path, N, "02:00:00:00:00:dd", 0x3c, 128, PORT0_MAC)


class Traffic:
    def __init__(self, chk, tp, ctl, pcap):
        self.chk, self.tp, self.ctl, self.pcap = chk, tp, ctl, pcap
        self.n = 0
        self.total = 0

    def tx1(self):
        s = tl.parse_port_stats(self.tp.cmd("show port stats 1"))
        return s.get(1, {}).get("TX-packets", 0)

    def run(self, what):
        """start, replay N frames into port 0, wait until port 1 sent
        them, stop; returns the output of 'stop'."""
        tp = self.tp
        self.n += 1
        before = self.tx1()
        tp.cmd("start")
        mark = len(tp.stderr_lines)
        tl.write_control(self.ctl, "pcap 0 %s" % self.pcap)
        m = None
        rx = re.compile(r"pcap in: port 0: %s done: (\d+) frames, "
                        r"(\d+) dropped" % re.escape(self.pcap))
        deadline = time.monotonic() + 20
        while m is None and time.monotonic() < deadline:
            for _, l in tp.stderr_lines[mark:]:
                m = m or rx.search(l)
            time.sleep(0.1)
        self.chk.check(m is not None and m.group(2) == "0",
                       "%s: replay done, nothing dropped" % what,
                       m.group(0) if m else "no 'done' line")
        tl.poll_stats(tp, 1, "TX-packets", before + N, timeout=10)
        stop = tp.cmd("stop")
        sent = self.tx1() - before
        self.total += sent
        self.chk.equal(sent, N, "%s: port 1 forwarded every frame" % what)
        return stop


def queue_info(tp, kind, port, q):
    out = tp.cmd("show %sq info %d %d" % (kind, port, q))
    m = re.search(r"Number of %sDs:\s*(\d+)" % kind.upper(), out)
    return out, (int(m.group(1)) if m else None)


def test(env, chk):
    pcap = os.path.join(env.outdir, "flows.pcap")
    write_frames(pcap)
    cap = os.path.join(env.outdir, "port1-tx.pcap")
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2, mbufs=16384,
                   ixemu_args=["--wire", "none", "--control", ctl,
                               "--pcap-out", "1=" + cap],
                   extra_app=["--forward-mode=io"])
    t = Traffic(chk, tp, ctl, pcap)
    # The replay can outrun the emulated device for a moment, and io
    # forwarding without retry drops what the TX ring cannot take (a
    # real NIC at line rate would not fall behind): retry instead.
    tp.cmd("set fwd io retry")
    tp.cmd("set burst tx delay 100 retry 1000")

    t.run("as started")

    tp.cmd("port stop all", timeout=60)
    out = tp.cmd("port start all", timeout=60)
    chk.check("fail" not in out.lower(), "port start all", out)
    t.run("after port stop/start")

    tp.cmd("port stop all", timeout=60)
    tp.cmd("port config all rxq 2")
    tp.cmd("port config all txq 2")
    out = tp.cmd("port start all", timeout=60)
    chk.check("fail" not in out.lower(), "port start all with 2 queues", out)
    out, _ = queue_info(tp, "rx", 0, 1)
    chk.check("Rx queue state: started" in out, "rxq 1 of port 0 exists "
              "and is started", out)
    stop = t.run("2 RX and TX queues")
    rxq = {s["rx_queue"]: s["rx"] for s in tl.parse_stream_stats(stop)
           if s["rx_port"] == 0}
    chk.check(rxq.get(0, 0) > 0 and rxq.get(1, 0) > 0 and
              rxq.get(0, 0) + rxq.get(1, 0) == N,
              "RSS put frames on both RX queues of port 0", rxq)

    for nd in (1024, 256):
        tp.cmd("port stop all", timeout=60)
        tp.cmd("port config all rxd %d" % nd)
        tp.cmd("port config all txd %d" % nd)
        out = tp.cmd("port start all", timeout=60)
        chk.check("fail" not in out.lower(),
                  "port start all with %d descriptors" % nd, out)
        for kind in ("rx", "tx"):
            for q in (0, 1):
                out, n = queue_info(tp, kind, 0, q)
                chk.equal(n, nd, "port 0 %sq %d descriptors" % (kind, q))
        t.run("%d descriptors per ring" % nd)

    tp.cmd("port stop all", timeout=60)
    tp.cmd("port config all rxq 1")
    tp.cmd("port config all txq 1")
    out = tp.cmd("port start all", timeout=60)
    chk.check("fail" not in out.lower(), "port start all, 1 queue", out)
    t.run("back to 1 queue")

    tp.cmd("port stop 0", timeout=60)
    out = tp.cmd("port start 0", timeout=60)
    chk.check("fail" not in out.lower(), "port start 0", out)
    t.run("after port 0 stop/start")

    st = tl.parse_port_stats(tp.cmd("show port stats all"))
    tp.cmd("port stop all", timeout=60)
    pmd.check_mempools(chk, tp, "after port stop all")
    out = tp.cmd("port close all", timeout=60)
    chk.check(re.search(r"Done", out) and "fail" not in out.lower(),
              "port close all", out)
    pmd.check_mempools(chk, tp, "after port close all")
    summ, rep = tl.finish(chk, tp)
    if summ:
        chk.equal(summ["unmaps"], summ["maps"],
                  "every IOMMU mapping undone at exit")
    chk.equal(t.total, t.n * N, "frames forwarded over the run")
    p1 = tl.report_port(rep, tl.emulated_bdf(1)) or {}
    w1 = tl.report_wire(rep, tl.emulated_bdf(1)) or {}
    chk.equal(p1.get("tx_good_packets"), st.get(1, {}).get("TX-packets"),
              "report: port 1 tx_good_packets = testpmd TX-packets")
    chk.equal(w1.get("pcap_out_frames"), t.n * N, "report: frames captured")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

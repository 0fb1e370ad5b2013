#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard queue start/stop (DTS queue_start_stop): a stopped RX
queue receives nothing, the device drops what is meant for it, and it
receives again once started; a stopped TX queue sends nothing until it
is started again.

testpmd forwards (io) with two RX and two TX queues per port; port 0
receives from a pcap replay (control FIFO: 'pcap 0 FILE', 256 UDP frames
of distinct flows, spread by RSS over both queues), port 1 transmits
into no cable (--wire none) and its transmissions are captured.  testpmd
disables a forwarding stream whose queue is stopped when forwarding
starts, so each queue is stopped and started between 'stop' and 'start',
and the frames are replayed with forwarding running:

 1. all queues running: every frame comes out of port 1; the stream
    statistics give how many RSS put on RX queue 0 (n0) and 1 (n1);
 2. 'port 0 rxq 0 stop': the platform reports n0 frames dropped (the
    queue is disabled), port 0 receives n1, port 1 sends n1;
 3. 'port 0 rxq 0 start': every frame comes out again;
 4. 'port 1 txq 0 stop': port 0 receives all (queue 0's frames wait in
    its ring), port 1 sends only the n1 of the other stream;
 5. 'port 1 txq 0 start': every frame comes out again.

At the end testpmd's port counters agree with the platform's --report
(model MAC counters, frames the replay dropped, frames captured), every
mbuf is back in its pool after 'port stop all', and there was no IOMMU
fault.
"""
import os
import re
import time

import ixemu_testlib as tl
import ixguard_pmd as pmd

N = 256
PORT0_MAC = "00:1b:21:ee:00:00"


def write_frames(path):
    pmd.write_udp_flows(path, N, "02:00:00:00:00:cc", 0xa5, 100, PORT0_MAC)


class Run:
    def __init__(self, env, chk, tp, ctl, pcap):
        self.env, self.chk, self.tp, self.ctl, self.pcap = \
            env, chk, tp, ctl, pcap
        self.replays = 0
        self.dropped = 0

    def stats(self):
        s = tl.parse_port_stats(self.tp.cmd("show port stats all"))
        return {p: s.get(p, {}) for p in (0, 1)}

    def replay(self):
        """Replay the frames into port 0; returns the frames the platform
        dropped (filters, disabled queues)."""
        tp = self.tp
        mark = len(tp.stderr_lines)
        tl.write_control(self.ctl, "pcap 0 %s" % self.pcap)
        self.replays += 1
        rx = re.compile(r"pcap in: port 0: %s done: (\d+) frames, "
                        r"(\d+) dropped" % re.escape(self.pcap))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            for _, l in tp.stderr_lines[mark:]:
                m = rx.search(l)
                if m:
                    self.chk.equal(int(m.group(1)), N, "replay %d: frames"
                                   % self.replays)
                    self.dropped += int(m.group(2))
                    return int(m.group(2))
            time.sleep(0.1)
        raise tl.TestError("replay %d did not finish" % self.replays)

    def phase(self, what, want_drop, want_rx0, want_tx1):
        """start, replay, wait for port 1, stop; check the deltas."""
        b = self.stats()
        self.tp.cmd("start")
        drop = self.replay()
        tl.poll_stats(self.tp, 1, "TX-packets",
                      b[1].get("TX-packets", 0) + want_tx1, timeout=10)
        time.sleep(0.3)
        stop = self.tp.cmd("stop")
        a = self.stats()
        d_rx0 = a[0]["RX-packets"] - b[0]["RX-packets"]
        d_tx1 = a[1]["TX-packets"] - b[1]["TX-packets"]
        self.chk.equal((drop, d_rx0, d_tx1), (want_drop, want_rx0, want_tx1),
                       "%s: (dropped by the device, port 0 received, "
                       "port 1 sent)" % what)
        return stop


def test(env, chk):
    pcap = os.path.join(env.outdir, "flows.pcap")
    write_frames(pcap)
    cap = os.path.join(env.outdir, "port1-tx.pcap")
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2, mbufs=16384,
                   ixemu_args=["--wire", "none", "--control", ctl,
                               "--pcap-out", "1=" + cap],
                   extra_app=["--forward-mode=io", "--rxq=2", "--txq=2"])
    r = Run(env, chk, tp, ctl, pcap)

    # 1. everything running: learn how RSS spreads the flows.
    stop = r.phase("all queues running", 0, N, N)
    streams = {(s["rx_port"], s["rx_queue"]): s
               for s in tl.parse_stream_stats(stop)}
    n0 = streams.get((0, 0), {}).get("rx", 0)
    n1 = streams.get((0, 1), {}).get("rx", 0)
    print("# RSS: %d frames on RX queue 0, %d on queue 1" % (n0, n1))
    chk.check(n0 > 0 and n1 > 0 and n0 + n1 == N,
              "RSS put frames on both RX queues of port 0", (n0, n1))

    # 2-3. RX queue 0 of port 0 stopped, then started.
    out = tp.cmd("port 0 rxq 0 stop")
    chk.check("error" not in out.lower() and "fail" not in out.lower(),
              "port 0 rxq 0 stop", out)
    info = tp.cmd("show rxq info 0 0")
    chk.check(re.search(r"Rx queue state: stopped", info),
              "rxq info: queue 0 stopped", info)
    r.phase("port 0 rxq 0 stopped", n0, n1, n1)
    out = tp.cmd("port 0 rxq 0 start")
    chk.check("error" not in out.lower() and "fail" not in out.lower(),
              "port 0 rxq 0 start", out)
    info = tp.cmd("show rxq info 0 0")
    chk.check(re.search(r"Rx queue state: started", info),
              "rxq info: queue 0 started", info)
    r.phase("port 0 rxq 0 started again", 0, N, N)

    # 4-5. TX queue 0 of port 1 stopped, then started.  While it is
    # stopped, the frames of RX queue 0 stay in its ring; the 'start'
    # after it flushes them (received, never forwarded).
    out = tp.cmd("port 1 txq 0 stop")
    chk.check("error" not in out.lower() and "fail" not in out.lower(),
              "port 1 txq 0 stop", out)
    info = tp.cmd("show txq info 1 0")
    chk.check(re.search(r"Tx queue state: stopped", info),
              "txq info: queue 0 stopped", info)
    r.phase("port 1 txq 0 stopped", 0, N, n1)
    out = tp.cmd("port 1 txq 0 start")
    chk.check("error" not in out.lower() and "fail" not in out.lower(),
              "port 1 txq 0 start", out)
    r.phase("port 1 txq 0 started again", 0, N, N)

    # Counters against the platform's.
    st = r.stats()
    xs0 = tl.parse_xstats(tp.cmd("show port xstats 0"))
    tp.cmd("port stop all", timeout=60)
    pmd.check_mempools(chk, tp, "after port stop")
    summ, rep = tl.finish(chk, tp)
    sent = 3 * N + 2 * n1
    chk.equal(st[1]["TX-packets"], sent, "port 1 TX-packets over the run")
    chk.equal(st[0]["RX-packets"], 5 * N - n0, "port 0 RX-packets over the run")
    chk.equal(xs0.get("rx_good_packets"), st[0]["RX-packets"],
              "port 0 xstats rx_good_packets")
    p0 = tl.report_port(rep, tl.emulated_bdf(0)) or {}
    p1 = tl.report_port(rep, tl.emulated_bdf(1)) or {}
    w0 = tl.report_wire(rep, tl.emulated_bdf(0)) or {}
    w1 = tl.report_wire(rep, tl.emulated_bdf(1)) or {}
    chk.equal(p0.get("rx_good_packets"), st[0]["RX-packets"],
              "report: port 0 rx_good_packets = testpmd RX-packets")
    chk.equal(p0.get("rx_missed"), st[0].get("RX-missed", 0),
              "report: port 0 rx_missed = testpmd RX-missed")
    chk.equal(p1.get("tx_good_packets"), st[1]["TX-packets"],
              "report: port 1 tx_good_packets = testpmd TX-packets")
    chk.equal(w0.get("pcap_in_frames"), 5 * N, "report: frames replayed")
    chk.equal(w0.get("pcap_in_dropped"), n0,
              "report: frames the disabled queue dropped")
    chk.equal(p0.get("rx_dropped_filter"), n0,
              "report: port 0 rx_dropped_filter (disabled queue)")
    chk.equal(w1.get("pcap_out_frames"), sent, "report: frames captured")
    from scapy.all import rdpcap
    chk.equal(len(rdpcap(cap)), sent, "frames in port 1's capture")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Port 0 transmits a known number of frames, port 1 receives all of them;
testpmd's software counters, net_ixgbe's hardware statistics and the
model's counters in the --report JSON agree exactly.

testpmd has one forwarding mode for all streams, so the test shapes the
streams instead (paired topology: stream A = rx port 0 -> tx port 1,
stream B = rx port 1 -> tx port 0):
  * forward mode rxonly; 'port 0 rxq 0 stop' disables stream A (since
    22.11 testpmd skips streams whose queues are stopped);
  * 'start tx_first BURSTS' runs the txonly engine for BURSTS bursts of 32
    frames on the enabled stream B, i.e. port 0 transmits exactly
    BURSTS * 32 frames, then rxonly polls port 1 (stream B's rx side).
Port 1 never transmits.  BURSTS * 32 = 256 < the 512-descriptor rings, so
no frame can be dropped for lack of descriptors.
"""
import ixemu_testlib as tl

BURSTS = 8
BURST = 32
N = BURSTS * BURST


def test(env, chk):
    tp = tl.start(env, ports=2, extra_app=["--forward-mode=rxonly",
                                            "--port-topology=paired",
                                            "--burst=%d" % BURST])
    tp.cmd("port 0 rxq 0 stop")
    tp.cmd("start tx_first %d" % BURSTS)
    s1 = tl.poll_stats(tp, 1, "RX-packets", N, timeout=15)
    stop = tp.cmd("stop")
    fwd = tl.parse_fwd_port_stats(stop)
    stats = tl.parse_port_stats(tp.cmd("show port stats all"))
    print("# port stats: %s" % stats)
    print("# forward stats: %s" % fwd)

    chk.equal(fwd.get(0, {}).get("TX-packets"), N, "testpmd sent on port 0 (sw)")
    chk.equal(fwd.get(0, {}).get("TX-dropped"), 0, "testpmd TX-dropped port 0")
    chk.equal(fwd.get(1, {}).get("RX-packets"), N, "rxonly received on port 1 (sw)")
    chk.equal(fwd.get(1, {}).get("TX-packets", 0), 0, "port 1 sent nothing (sw)")
    chk.equal(stats.get(0, {}).get("TX-packets"), N, "port 0 hw TX-packets")
    chk.equal(stats.get(1, {}).get("RX-packets"), N, "port 1 hw RX-packets")
    chk.equal(stats.get(1, {}).get("TX-packets"), 0, "port 1 hw TX-packets")
    chk.equal(stats.get(0, {}).get("RX-packets"), 0, "port 0 hw RX-packets")
    for p in (0, 1):
        chk.equal(stats.get(p, {}).get("RX-errors"), 0, "port %d RX-errors" % p)
        chk.equal(stats.get(p, {}).get("RX-missed"), 0, "port %d RX-missed" % p)
    rx_bytes = stats.get(1, {}).get("RX-bytes")
    tx_bytes = stats.get(0, {}).get("TX-bytes")

    summ, rep = tl.finish(chk, tp)
    p0 = tl.report_port(rep, tl.emulated_bdf(0))
    p1 = tl.report_port(rep, tl.emulated_bdf(1))
    if chk.check(p0 is not None and p1 is not None, "report has both ports"):
        print("# report ports: %s" % rep["ports"][:2])
        chk.equal(p0.get("tx_good_packets"), N, "report port 0 tx_good_packets")
        chk.equal(p1.get("rx_good_packets"), N, "report port 1 rx_good_packets")
        chk.equal(p1.get("tx_good_packets"), 0, "report port 1 tx_good_packets")
        chk.equal(p0.get("rx_good_packets"), 0, "report port 0 rx_good_packets")
        # The 82599 counts the FCS in GOTC, but not in GORC while it
        # strips the FCS (net_ixgbe's default), as net_ixgbe expects.
        chk.equal(p1.get("rx_good_octets") + 4 * N, p0.get("tx_good_octets"),
                  "report port 1 rx_good_octets + FCS vs port 0 tx_good_octets")
        chk.equal(p1.get("rx_good_octets"), rx_bytes,
                  "report port 1 rx_good_octets vs testpmd RX-bytes")
        chk.equal(p0.get("tx_good_octets") - 4 * N, tx_bytes,
                  "report port 0 tx_good_octets less FCS vs testpmd TX-bytes")
        for k in ("rx_missed", "rx_dropped_filter", "rx_crc_errors"):
            chk.equal(p1.get(k), 0, "report port 1 %s" % k)
        print("# octets: testpmd port0 TX-bytes=%s port1 RX-bytes=%s, "
              "model tx_good_octets=%s rx_good_octets=%s"
              % (tx_bytes, rx_bytes, p0.get("tx_good_octets"),
                 p1.get("rx_good_octets")))


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

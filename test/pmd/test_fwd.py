#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard forwards traffic: io forwarding with tx_first through both
cabled ports keeps every count consistent with no RX error, and txonly on
port 0 -> rxonly on port 1 delivers an exact number of frames that
testpmd, the driver's statistics and the model's counters all agree on,
and frames missed for lack of descriptors count in RX-missed but not in
RX-packets or RX-bytes.
"""
import time

import ixemu_testlib as tl
import ixguard_pmd as pmd

BURSTS = 8
BURST = 32
N = BURSTS * BURST
TX_FIRST = 32           # frames of io forwarding's tx_first (testpmd's burst)


def io_forwarding(env, chk):
    tp = pmd.start(env, ports=2, name="io", extra_app=["--forward-mode=io"])
    tp.cmd("start tx_first")
    time.sleep(2)
    stop = tp.cmd("stop")
    time.sleep(0.5)     # frames on the wire land in the peer's ring
    fwd = tl.parse_fwd_port_stats(stop)
    stats = tl.parse_port_stats(tp.cmd("show port stats all"))
    print("# forward stats: %s" % fwd)
    print("# port stats: %s" % stats)
    s0, s1 = stats.get(0, {}), stats.get(1, {})
    f0, f1 = fwd.get(0, {}), fwd.get(1, {})
    chk.check(f0.get("RX-packets", 0) > 10000 and
              f1.get("RX-packets", 0) > 10000,
              "io forwarding moved traffic both ways",
              (f0.get("RX-packets"), f1.get("RX-packets")))
    for p, s, f in ((0, s0, f0), (1, s1, f1)):
        chk.equal(s.get("RX-errors"), 0, "port %d RX-errors" % p)
        chk.equal(s.get("RX-missed"), 0, "port %d RX-missed" % p)
        chk.equal(s.get("RX-nombuf"), 0, "port %d RX-nombuf" % p)
        chk.equal(s.get("TX-errors"), 0, "port %d TX-errors" % p)
        chk.equal(f.get("TX-dropped"), 0, "port %d TX-dropped" % p)
        # testpmd takes its 'start' snapshot of the port counters after
        # the tx_first burst was queued: how many of those frames the
        # device had already sent (and counted) then is a race, and it
        # counts them one by one (once it was 2 of them), so the hardware
        # count is 0 to 32 above testpmd's.
        chk.check(0 <= s.get("TX-packets", 0) - f.get("TX-packets", 0)
                  <= TX_FIRST,
                  "port %d hw TX-packets vs testpmd (+ tx_first burst)" % p,
                  (s.get("TX-packets"), f.get("TX-packets")))
    # What one port sent, the other received (after the wire drained).
    chk.equal(s1.get("RX-packets"), s0.get("TX-packets"),
              "port 1 hw RX-packets vs port 0 hw TX-packets")
    chk.equal(s0.get("RX-packets"), s1.get("TX-packets"),
              "port 0 hw RX-packets vs port 1 hw TX-packets")
    chk.equal(s1.get("RX-bytes"), s0.get("TX-bytes"),
              "port 1 RX-bytes vs port 0 TX-bytes")
    # testpmd received at most what the hardware delivered.
    for p, s, f in ((0, s0, f0), (1, s1, f1)):
        chk.check(f.get("RX-packets", -1) <= s.get("RX-packets", 0),
                  "port %d testpmd RX <= hw RX" % p,
                  (f.get("RX-packets"), s.get("RX-packets")))
    xs = tl.parse_xstats(tp.cmd("show port xstats 1"))
    chk.equal(xs.get("rx_q0_packets"), s1.get("RX-packets"),
              "port 1 xstat rx_q0_packets vs RX-packets")
    chk.equal(xs.get("rx_crc_errors"), 0, "port 1 xstat rx_crc_errors")
    chk.equal(xs.get("rx_bad_descriptors"), 0,
              "port 1 xstat rx_bad_descriptors")
    tl.finish(chk, tp)


def txonly_rxonly(env, chk):
    # Same shaping as test/platform/test_txonly_rxonly.py: stream A
    # (rx port 0 -> tx port 1) disabled, tx_first runs txonly on port 0.
    tp = pmd.start(env, ports=2, name="txrx",
                   extra_app=["--forward-mode=rxonly",
                              "--port-topology=paired",
                              "--burst=%d" % BURST])
    tp.cmd("port 0 rxq 0 stop")
    tp.cmd("start tx_first %d" % BURSTS)
    tl.poll_stats(tp, 1, "RX-packets", N, timeout=15)
    stop = tp.cmd("stop")
    fwd = tl.parse_fwd_port_stats(stop)
    stats = tl.parse_port_stats(tp.cmd("show port stats all"))
    print("# port stats: %s" % stats)
    chk.equal(fwd.get(0, {}).get("TX-packets"), N, "port 0 sent (sw)")
    chk.equal(fwd.get(1, {}).get("RX-packets"), N, "port 1 received (sw)")
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
        chk.equal(p0.get("tx_good_packets"), N, "model port 0 tx_good_packets")
        chk.equal(p1.get("rx_good_packets"), N, "model port 1 rx_good_packets")
        chk.equal(p1.get("tx_good_packets"), 0, "model port 1 tx_good_packets")
        chk.equal(p0.get("rx_good_packets"), 0, "model port 0 rx_good_packets")
        chk.equal(p1.get("rx_good_octets"), rx_bytes,
                  "model port 1 rx_good_octets vs driver RX-bytes")
        chk.equal(p0.get("tx_good_octets") - 4 * N, tx_bytes,
                  "model port 0 tx_good_octets less FCS vs driver TX-bytes")
        for k in ("rx_missed", "rx_dropped_filter", "rx_crc_errors"):
            chk.equal(p1.get(k), 0, "model port 1 %s" % k)


def missed_not_in_bytes(env, chk):
    # txonly on both ports polls neither RX queue: each ring fills, and
    # every later frame is missed (MPC).  GORC counts the missed frames'
    # bytes too; RX-bytes must not.
    tp = pmd.start(env, ports=2, name="missed",
                   extra_app=["--forward-mode=txonly",
                              "--port-topology=paired"])
    tp.cmd("start")
    time.sleep(2)
    tp.cmd("stop")
    time.sleep(0.5)
    stats = tl.parse_port_stats(tp.cmd("show port stats all"))
    print("# port stats: %s" % stats)
    for p in (0, 1):
        s, peer = stats.get(p, {}), stats.get(1 - p, {})
        rx = s.get("RX-packets", 0)
        chk.check(s.get("RX-missed", 0) > 0 and rx > 0,
                  "port %d received, then missed frames" % p,
                  (rx, s.get("RX-missed")))
        # The rest waits in the 512 KiB RX packet buffer (82599
        # datasheet 7.1.3) for descriptors that never come.
        waiting = peer.get("TX-packets", 0) - rx - s.get("RX-missed", 0)
        chk.check(0 <= waiting <= 512 * 1024 // 64,
                  "port %d frames sent but not received or missed fit "
                  "the packet buffer" % p, waiting)
        # Every frame has the same size: the peer's bytes per frame.
        if peer.get("TX-packets"):
            size = peer["TX-bytes"] // peer["TX-packets"]
            chk.equal(s.get("RX-bytes"), rx * size,
                      "port %d RX-bytes = RX-packets x %d" % (p, size))
    tl.finish(chk, tp)


def test(env, chk):
    io_forwarding(env, chk)
    txonly_rxonly(env, chk)
    missed_not_in_bytes(env, chk)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

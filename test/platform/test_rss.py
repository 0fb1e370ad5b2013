#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""RSS: 1000 UDP flows from port 0 are spread over port 1's 4 RX queues
exactly as a reference Toeplitz hash + the programmed RETA predicts.

Traffic: testpmd's flowgen engine, --flowgen-flows=1000.  Its packets are
IPv4/UDP 10.254.0.0:1000 -> 10.253.0.0+k:1001 where k runs 0, 1, ..., 999,
0, ... over the packets the forwarding lcore transmits (a packet that
tx_burst does not take is backed out of the sequence).  So with one
forwarding lcore the N packets sent are exactly flows k mod 1000 for
k = 0..N-1, whatever the split over the TX queues.
Stream shaping (paired topology, 4 queues per port): port 0's RX queues
are stopped, which disables the streams rx port 0 -> tx port 1, so only
port 0 transmits and the streams rx port 1 queue q -> tx port 0 queue q
drain port 1's queues.  After 'stop' an rxonly phase drains what is still
in port 1's rings (--no-flush-rx keeps
"start" from discarding them).
Expected per-queue counts: queue = RETA[toeplitz(key, src ip, dst ip,
src port, dst port) & 127] (the 82599 indexes its 128-entry RETA with the
7 LSBs), with key, hash functions and RETA read back from port 1
('show port 1 rss-hash key', 'show port 1 rss reta ...').
Measured per-queue counts: testpmd's per-stream RX counters (software) and
the rx_q<q>_packets xstats after 'set stat_qmap rx 1 q q' (hardware QPRC).
"""
import ipaddress
import re
import struct
import time

import ixemu_testlib as tl
from toeplitz import selftest, toeplitz

FLOWS = 1000
NQ = 4
RXD = 2048
MIN_PACKETS = 4 * FLOWS
RUN_LIMIT_S = 1.0
SRC_IP, DST_IP, SPORT, DPORT = "10.254.0.0", "10.253.0.0", 1000, 1001


def flow_tuple(k, with_ports):
    src = ipaddress.IPv4Address(SRC_IP).packed
    dst = (int(ipaddress.IPv4Address(DST_IP)) + k).to_bytes(4, "big")
    data = src + dst
    if with_ports:
        data += struct.pack(">HH", SPORT, DPORT)
    return data


def test(env, chk):
    chk.check(selftest(), "reference Toeplitz matches the Microsoft test vectors")
    tp = tl.start(env, ports=2, mbufs=32768,
                  extra_app=["--forward-mode=flowgen", "--flowgen-flows=%d" % FLOWS,
                             "--port-topology=paired", "--rxq=%d" % NQ,
                             "--txq=%d" % NQ, "--rxd=%d" % RXD, "--rss-udp",
                             "--no-flush-rx",
                             "--nb-cores=1"])
    # --- what port 1 is programmed with ---
    out = tp.cmd("show port 1 rss-hash key")
    m = re.search(r"RSS key:\s*\n\s*([0-9A-Fa-f]+)", out)
    funcs = out.split("RSS functions:")[-1].split("RSS key:")[0].split()
    if not chk.check(m is not None, "port 1 RSS key read back", out):
        return
    key = bytes.fromhex(m.group(1))
    print("# RSS functions %s, key %s" % (funcs, key.hex()))
    with_ports = "ipv4-udp" in funcs
    chk.check(with_ports or "ipv4" in funcs,
              "RSS enabled for IPv4 (UDP or IP only)", funcs)
    out = tp.cmd("show port 1 rss reta 128 (0xffffffffffffffff,0xffffffffffffffff)")
    reta = {int(i): int(q) for i, q in
            re.findall(r"hash index=(\d+), queue=(\d+)", out)}
    if not chk.equal(sorted(reta), list(range(128)), "RETA indexes read back"):
        return
    chk.check(set(reta.values()) <= set(range(NQ)), "RETA entries < %d" % NQ)
    for q in range(NQ):
        tp.cmd("set stat_qmap rx 1 %d %d" % (q, q))
        tp.cmd("port 0 rxq %d stop" % q)
    tp.cmd("clear port stats all")

    # --- traffic ---
    tp.cmd("start")
    t0 = time.monotonic()
    while time.monotonic() - t0 < RUN_LIMIT_S:
        s = tl.parse_port_stats(tp.cmd("show port stats 0")).get(0, {})
        if s.get("TX-packets", 0) >= MIN_PACKETS:
            break
        time.sleep(0.05)
    stop1 = tp.cmd("stop")
    tp.cmd("set fwd rxonly")
    tp.cmd("start")
    tl.poll_stats(tp, 1, "RX-packets", 1, timeout=5, interval=0.2)
    time.sleep(0.5)
    stop2 = tp.cmd("stop")
    streams1 = tl.parse_stream_stats(stop1)
    streams2 = tl.parse_stream_stats(stop2)
    sent = sum(s["tx"] for s in streams1 if s["tx_port"] == 0)
    chk.check(all(s["rx_port"] == 1 for s in streams1 + streams2),
              "only port 1's streams ran", streams1 + streams2)
    chk.check(sent >= FLOWS, "port 0 sent at least one packet per flow", sent)
    rx_sw = [0] * NQ
    for s in streams1 + streams2:
        if s["rx_port"] == 1 and s["rx_queue"] < NQ:
            rx_sw[s["rx_queue"]] += s["rx"]
    stats = tl.parse_port_stats(tp.cmd("show port stats all"))
    xs = tl.parse_xstats(tp.cmd("show port xstats 1"))
    rx_hw = [xs.get("rx_q%d_packets" % q) for q in range(NQ)]

    # --- expectation ---
    qcount = [0] * NQ
    per_flow = [reta[toeplitz(key, flow_tuple(k, with_ports)) & 127]
                for k in range(FLOWS)]
    full, rest = divmod(sent, FLOWS)
    for k in range(FLOWS):
        qcount[per_flow[k]] += full + (1 if k < rest else 0)
    print("# sent %d packets; expected per queue %s; testpmd per-stream %s; "
          "xstats rx_q*_packets %s" % (sent, qcount, rx_sw, rx_hw))
    print("# flows per queue: %s" % [per_flow.count(q) for q in range(NQ)])
    chk.equal(stats.get(0, {}).get("TX-packets"), sent, "port 0 hw TX-packets")
    chk.equal(stats.get(1, {}).get("RX-packets"), sent, "port 1 hw RX-packets")
    chk.equal(stats.get(1, {}).get("RX-missed"), 0, "port 1 RX-missed")
    chk.equal(rx_sw, qcount, "per-queue RX counts (testpmd streams)")
    chk.equal(rx_hw, qcount, "per-queue RX counts (xstats rx_q<q>_packets)")
    chk.check(sum(1 for c in qcount if c) == NQ, "every queue got traffic",
              qcount)
    tl.finish(chk, tp)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

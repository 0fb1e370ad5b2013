#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""pcap wires: --pcap-out captures exactly what a port transmits, and
--pcap-in replays a capture into a port.

1. Port 0 transmits BURSTS * 32 txonly frames of LEN bytes (stream shaping
   as in test_txonly_rxonly.py) with --pcap-out 0=FILE.  After quit, scapy
   reads FILE: as many frames as testpmd says port 0 sent, each LEN bytes,
   IPv4/UDP as txonly builds them (198.18.0.1 -> 198.18.0.2, UDP 9 -> 9,
   TTL 64) with a valid IPv4 header checksum, in increasing time order.
   Port 1 still receives them all: the capture is a tap, not a cut.
2. A second testpmd gets FILE with --pcap-in 1=FILE: the platform delivers
   it by itself once port 1 can receive; without any forwarding started,
   port 1's hardware counters show every frame and every byte (the ring,
   --rxd=1024, holds them all).
"""
import os

import ixemu_testlib as tl

BURSTS = 8
BURST = 32
N = BURSTS * BURST
LEN = 142


def capture(env, chk, pcap):
    tp = tl.start(env, ports=2, ixemu_args=["--pcap-out", "0=" + pcap],
                  extra_app=["--forward-mode=rxonly", "--port-topology=paired",
                             "--burst=%d" % BURST])
    tp.cmd("port 0 rxq 0 stop")
    tp.cmd("set txpkts %d" % LEN)
    tp.cmd("start tx_first %d" % BURSTS)
    tl.poll_stats(tp, 1, "RX-packets", N, timeout=15)
    fwd = tl.parse_fwd_port_stats(tp.cmd("stop"))
    sent = fwd.get(0, {}).get("TX-packets")
    chk.equal(sent, N, "testpmd sent on port 0")
    chk.equal(fwd.get(1, {}).get("RX-packets"), N, "port 1 still received all")
    summ, rep = tl.finish(chk, tp)
    w = tl.report_wire(rep, tl.emulated_bdf(0))
    if chk.check(w is not None, "report has a wires entry for port 0"):
        chk.equal(w.get("pcap_out_frames"), N, "report wires pcap_out_frames")
        chk.equal(w.get("tx_frames"), N, "report wires tx_frames")
    return sent


def check_file(chk, pcap, sent):
    # Debian's python3-scapy
    from scapy.all import IP, UDP, Ether, rdpcap
    from scapy.utils import checksum

    pkts = rdpcap(pcap)
    chk.equal(len(pkts), sent, "frames in the capture")
    lens = sorted({len(p) for p in pkts})
    chk.equal(lens, [LEN], "lengths of the captured frames")
    bad = []
    for i, p in enumerate(pkts):
        if not (Ether in p and IP in p and UDP in p):
            bad.append((i, "not Ether/IP/UDP"))
            continue
        ip = p[IP]
        if (ip.src, ip.dst, ip.ttl, ip.len) != ("198.18.0.1", "198.18.0.2",
                                                64, LEN - 14):
            bad.append((i, "IP %s -> %s ttl %d len %d"
                        % (ip.src, ip.dst, ip.ttl, ip.len)))
        if (p[UDP].sport, p[UDP].dport) != (9, 9):
            bad.append((i, "UDP %d -> %d" % (p[UDP].sport, p[UDP].dport)))
        if p[Ether].src.lower() != "00:1b:21:ee:00:00":
            bad.append((i, "Ether src %s" % p[Ether].src))
        # The ones' complement sum over a valid header, checksum included,
        # is 0xffff: scapy's checksum() returns its complement, 0.
        if checksum(bytes(ip)[:ip.ihl * 4]) != 0:
            bad.append((i, "IP checksum 0x%04x" % ip.chksum))
    chk.check(not bad, "every frame is txonly's IPv4/UDP with a valid "
              "IP checksum", bad[:5])
    times = [float(p.time) for p in pkts]
    chk.check(all(a <= b for a, b in zip(times, times[1:])) and
              times and times[0] > 1e9,
              "capture timestamps are wall-clock and non-decreasing",
              times[:3])


def replay(env, chk, pcap, n):
    # Nothing polls port 1: the ring (one slot always free) must hold all.
    tp = tl.start(env, ports=2, ixemu_args=["--pcap-in", "1=" + pcap],
                  extra_app=["--forward-mode=rxonly", "--rxd=1024"])
    done = tl.wait_stderr(tp, r"pcap in: port 1: .* done: (\d+) frames, "
                          r"(\d+) dropped", timeout=30)
    if chk.check(done is not None, "platform says the replay is done"):
        chk.equal(int(done.group(1)), n, "frames replayed")
        chk.equal(int(done.group(2)), 0, "frames the model dropped")
    st = tl.poll_stats(tp, 1, "RX-packets", n, timeout=15)
    chk.equal(st.get("RX-packets"), n, "port 1 hw RX-packets after replay")
    chk.equal(st.get("RX-bytes"), n * LEN, "port 1 hw RX-bytes after replay")
    chk.equal(st.get("RX-missed"), 0, "port 1 RX-missed")
    summ, rep = tl.finish(chk, tp)
    w = tl.report_wire(rep, tl.emulated_bdf(1))
    if chk.check(w is not None, "report has a wires entry for port 1"):
        chk.equal(w.get("pcap_in_frames"), n, "report wires pcap_in_frames")
        chk.equal(w.get("pcap_in_dropped"), 0, "report wires pcap_in_dropped")


def test(env, chk):
    pcap = os.path.join(env.outdir, "port0-tx.pcap")
    sent = capture(env, chk, pcap)
    if not chk.check(os.path.exists(pcap), "capture file written", pcap):
        return
    check_file(chk, pcap, sent)
    replay(env, chk, pcap, sent or 0)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

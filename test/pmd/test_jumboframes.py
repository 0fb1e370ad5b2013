#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard jumbo frames, MTU update and scattered receive (DTS
jumboframes, mtu_update, scatter): with MTU 9000, frames up to 9014 bytes
(9018 with the FCS) pass and longer ones are dropped and counted; the
MTU changes at runtime on a started port; frames are received into 2 KB
mbufs (1 KB hardware buffers) and come out of the other side
byte-for-byte identical.

Run 1: testpmd io forwarding, port topology loop (port 1 sends back what
it receives), --mbuf-size=2048 --enable-scatter --max-pkt-len=9018;
port 0's queue is stopped so frames end there.  A pcap of frames of
60..9014 bytes plus 9015 and 9600 (too long) is replayed into port 1
(control FIFO); port 1's transmissions are captured.  Then, still
started, 'port config mtu 1 1500' (frames over 1514 are now dropped) and
the file again, and 'port config mtu 1 9000' and the file again.
Expected: the capture holds the accepted frames, unchanged and in order;
xstats rx_oversize_errors counts the others.
Run 2: default (2 KB) buffers without the scatter offload: 'port config
mtu 1 9000' fails with -EINVAL (frames would not fit one buffer) and one
log line.
Also: the reported maximum MTU is the 82599's 15.5 KB frame limit.
"""
import os
import re

import ixemu_testlib as tl
import ixguard_pmd as pmd

LENGTHS = [60, 1514, 1518, 2000, 4096, 8000, 9014, 9015, 9600]
MAX_FRAME = 9014            # MTU 9000, without FCS


def build(length, i):
    from scapy.all import IP, UDP, Ether, Raw
    pkt = Ether(src="02:00:00:00:00:aa", dst="00:1b:21:ee:00:01") / \
        IP(src="198.18.9.1", dst="198.18.9.2", id=i) / UDP(sport=7, dport=7)
    pad = length - len(pkt)
    return bytes(pkt / Raw(bytes((i * 31 + k) & 0xff for k in range(pad))))


def replay(tp, chk, ctl, pcap, name, want_pass, want_drop):
    before = tl.parse_port_stats(tp.cmd("show port stats 1")).get(1, {})
    xs0 = tl.parse_xstats(tp.cmd("show port xstats 1"))
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    st = tl.poll_stats(tp, 1, "TX-packets",
                       before.get("TX-packets", 0) + want_pass, timeout=20)
    xs = tl.parse_xstats(tp.cmd("show port xstats 1"))
    chk.equal(st.get("TX-packets", 0) - before.get("TX-packets", 0),
              want_pass, "%s: port 1 forwarded the accepted frames" % name)
    chk.equal(xs.get("rx_oversize_errors", 0) -
              xs0.get("rx_oversize_errors", 0), want_drop,
              "%s: oversize frames counted (rx_oversize_errors)" % name)


def run_scatter(env, chk, pcap, frames):
    from scapy.all import rdpcap

    cap = os.path.join(env.outdir, "port1-tx.pcap")
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2, name="scatter",
                   ixemu_args=["--control", ctl, "--pcap-out", "1=" + cap],
                   extra_app=["--forward-mode=io", "--port-topology=loop",
                              "--mbuf-size=2048", "--enable-scatter",
                              "--max-pkt-len=9018"])
    info = tl.parse_port_info(tp.cmd("show port info 1"))
    chk.equal(info.get("MTU"), "9000", "port 1 MTU")
    chk.equal(info.get("Maximum configurable length of RX packet"),
              "15872", "maximum frame: the 82599's 15.5 KB")
    out = tp.cmd("show rxq info 1 0")
    chk.check(re.search(r"RX scattered packets: on", out),
              "rxq 1/0 scatters", out)
    tp.cmd("port 0 rxq 0 stop")
    tp.cmd("start")
    big = [l for l in LENGTHS if l <= MAX_FRAME]
    std = [l for l in LENGTHS if l <= 1514]
    replay(tp, chk, ctl, pcap, "MTU 9000", len(big), len(LENGTHS) - len(big))
    out = tp.cmd("port config mtu 1 1500")
    chk.check("failed" not in out.lower(), "MTU 1500 on the started port",
              out)
    replay(tp, chk, ctl, pcap, "MTU 1500", len(std), len(LENGTHS) - len(std))
    out = tp.cmd("port config mtu 1 9000")
    chk.check("failed" not in out.lower(), "MTU 9000 on the started port",
              out)
    replay(tp, chk, ctl, pcap, "MTU 9000 again", len(big),
           len(LENGTHS) - len(big))
    tp.cmd("stop")
    st = tl.parse_port_stats(tp.cmd("show port stats 1")).get(1, {})
    chk.equal(st.get("RX-nombuf"), 0, "port 1 RX-nombuf")
    xs = tl.parse_xstats(tp.cmd("show port xstats 1"))
    chk.equal(xs.get("rx_bad_descriptors", 0), 0, "rx_bad_descriptors")
    tl.finish(chk, tp)

    got = [bytes(p) for p in rdpcap(cap)]
    want = [frames[l] for l in big] + [frames[l] for l in std] + \
        [frames[l] for l in big]
    chk.equal([len(g) for g in got], [len(w) for w in want],
              "captured frame lengths, in order")
    chk.check(got == want, "captured frames are the injected ones, "
              "byte for byte")


def run_no_scatter(env, chk):
    # Default mbufs: 2 KB buffers, enough for 1518-byte frames only.
    tp = pmd.start(env, ports=2, name="noscatter",
                   extra_app=["--forward-mode=io"])
    tp.cmd("port config mtu 1 9000")
    chk.check(tl.wait_stderr(tp, r"Set MTU failed. diag=-22", timeout=5),
              "MTU 9000 refused without scatter (-EINVAL)")
    info = tl.parse_port_info(tp.cmd("show port info 1"))
    chk.equal(info.get("MTU"), "1500", "port 1 MTU unchanged")
    lines = [l for _, l in tp.stderr_lines
             if "needs the scatter offload" in l]
    chk.equal(len(lines), 1, "one log line says why")
    tl.finish(chk, tp)


def test(env, chk):
    from scapy.all import Ether, wrpcap

    frames = {l: build(l, i) for i, l in enumerate(LENGTHS)}
    pcap = os.path.join(env.outdir, "jumbo.pcap")
    wrpcap(pcap, [Ether(frames[l]) for l in LENGTHS])
    run_scatter(env, chk, pcap, frames)
    run_no_scatter(env, chk)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

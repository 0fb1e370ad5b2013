#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""RX checksum offload: frames with correct checksums arrive with
RTE_MBUF_F_RX_IP_CKSUM_GOOD and RTE_MBUF_F_RX_L4_CKSUM_GOOD and no _BAD flag.

Port 0 sends one burst of 32 txonly frames (IPv4/UDP, valid IPv4 header
checksum, UDP checksum 0 = none, which the 82599 does not flag as an error)
to port 1, which runs rxonly with --enable-rx-cksum and 'set verbose 1':
testpmd prints every received mbuf's ol_flags.  Stream shaping as in
test_txonly_rxonly.py ('port 0 rxq 0 stop', 'start tx_first 1').

Frames with bad IP and L4 checksums, which testpmd cannot send, are
replayed from a pcap in test_checksum_bad.py.
"""
import re
import time

import ixemu_testlib as tl

BURST = 32


def test(env, chk):
    tp = tl.start(env, ports=2, extra_app=["--forward-mode=rxonly",
                                            "--port-topology=paired",
                                            "--burst=%d" % BURST,
                                            "--enable-rx-cksum"])
    tp.cmd("port 0 rxq 0 stop")
    tp.cmd("set verbose 1")
    # The dumps start while testpmd prints its prompt after this command,
    # and can tear the prompt apart: wait for them, then resynchronise.
    tp.send("start tx_first 1")
    tp.wait_count(r"ol_flags:", BURST, timeout=15)
    time.sleep(0.3)
    tp.sync()
    stop = tp.cmd("stop")
    tp.cmd("set verbose 0")
    text = tp.output
    fwd = tl.parse_fwd_port_stats(stop)
    chk.equal(fwd.get(1, {}).get("RX-packets"), BURST, "port 1 received (sw)")
    # Dumps: "port 1/queue 0: received N packets" then per packet a line
    # "  src=... - dst=... - ... hw ptype: ..." and "  ol_flags: ...".
    # Match the fields anywhere in a line: a torn prompt may precede them.
    rx_ports = set(re.findall(r"port (\d+)/queue \d+: received", text))
    chk.equal(rx_ports, {"1"}, "only port 1 receives")
    flags = re.findall(r"ol_flags: ([^\r\n]*)", text)
    ptypes = re.findall(r"hw ptype: (.*?)\s+- sw ptype", text)
    chk.equal(len(flags), BURST, "ol_flags dumped for every received packet")
    good = [f for f in flags if "RTE_MBUF_F_RX_IP_CKSUM_GOOD" in f and
            "RTE_MBUF_F_RX_L4_CKSUM_GOOD" in f and "_BAD" not in f]
    chk.equal(len(good), len(flags),
              "packets with IP_CKSUM_GOOD + L4_CKSUM_GOOD and no _BAD flag")
    if len(good) != len(flags):
        print("# first ol_flags: %s" % (flags[:1],))
    ok_pt = [p for p in ptypes if "L3_IPV4" in p and "L4_UDP" in p]
    chk.equal(len(ok_pt), len(flags), "hw ptype L3_IPV4 L4_UDP on every packet")
    if ptypes and len(ok_pt) != len(flags):
        print("# first hw ptype: %s" % ptypes[0])
    stats = tl.parse_port_stats(tp.cmd("show port stats 1")).get(1, {})
    chk.equal(stats.get("RX-errors"), 0, "port 1 RX-errors")
    tl.finish(chk, tp)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""RX checksum offload with corrupt frames: every frame arrives with
exactly the RTE_MBUF_F_RX_IP_CKSUM_* and RTE_MBUF_F_RX_L4_CKSUM_* flags
net_ixgbe derives from what an 82599 reports.

scapy writes a pcap of IPv4/IPv6, UDP/TCP frames with good and bad IPv4
header and L4 checksums; each frame has its own length, which identifies
it in testpmd's verbose dump.  testpmd runs rxonly on port 1 with
--enable-rx-cksum and 'set verbose 1'; after 'start' the file is replayed
into port 1 with the control FIFO command 'pcap 1 FILE' (not at start:
'start' flushes the RX queues).

Expected flags.  net_ixgbe maps the descriptor's IPE and L4E error bits to
_BAD and their absence to _GOOD, for IPv6 too (its IP flag is then
_GOOD).  On the 82599 (erratum: a UDP frame with checksum 0 may be
flagged) it clears L4_CKSUM_BAD of UDP frames, so a bad UDP checksum
arrives with the L4 status unknown (no L4 flag); a bad TCP checksum
arrives as L4_CKSUM_BAD.

Then the same file through csum forwarding: its stop statistics count the
frames flagged bad: "Bad-ipcsum" and "Bad-l4csum" (only _BAD counts, so
the UDP frames the driver leaves unknown are not in Bad-l4csum).
"""
import os
import re

import csum_frames
import ixemu_testlib as tl

GOOD, BAD, UNKNOWN = "GOOD", "BAD", "UNKNOWN"

# (name, builder arguments, expected IP flag, expected L4 flag)
# builder: (ip version, l4, corrupt ip checksum, corrupt l4 checksum)
FRAMES = [
    ("v4 udp good", (4, "udp", False, False), GOOD, GOOD),
    ("v4 udp, bad ip csum", (4, "udp", True, False), BAD, GOOD),
    ("v4 udp, bad udp csum", (4, "udp", False, True), GOOD, UNKNOWN),
    ("v4 tcp good", (4, "tcp", False, False), GOOD, GOOD),
    ("v4 tcp, bad tcp csum", (4, "tcp", False, True), GOOD, BAD),
    ("v4 tcp, bad ip and tcp csum", (4, "tcp", True, True), BAD, BAD),
    ("v6 udp good", (6, "udp", False, False), GOOD, GOOD),
    ("v6 udp, bad udp csum", (6, "udp", False, True), GOOD, UNKNOWN),
    ("v6 tcp, bad tcp csum", (6, "tcp", False, True), GOOD, BAD),
]
BASE_LEN = 100      # frame i is BASE_LEN + 8 * i bytes


def build(i, ipv, l4, bad_ip, bad_l4):
    return csum_frames.build(i, ipv, l4, bad_ip, bad_l4, BASE_LEN, 0x5a)


def write_pcap(path):
    from scapy.all import Ether, wrpcap

    wrpcap(path, [Ether(build(i, *f[1])) for i, f in enumerate(FRAMES)])


def flag_state(flags, kind):
    for st in (GOOD, BAD):
        if "RTE_MBUF_F_RX_%s_CKSUM_%s" % (kind, st) in flags:
            return st
    return UNKNOWN


def dumps(text):
    """[(length, ol_flags)] of the packets testpmd dumped (only port 1
    receives: port 0's peer never transmits)."""
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(
        r"length=(\d+) - nb_segs[^\n]*\n[^\n]*?ol_flags: ([^\n]*)", text)]


def run_verbose(env, chk, pcap, ctl):
    tp = tl.start(env, ports=2, ixemu_args=["--control", ctl],
                  extra_app=["--forward-mode=rxonly", "--enable-rx-cksum"])
    tp.cmd("set verbose 1")
    tp.cmd("start")
    mark = len(tp.output)
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    # No command until the dumps are out: the terminal's echo of a command
    # typed meanwhile would be interleaved with them.
    chk.check(tp.wait_count(r"ol_flags:", len(FRAMES), timeout=20),
              "testpmd dumped %d packets" % len(FRAMES))
    stop = tp.cmd("stop")
    tp.cmd("set verbose 0")
    fwd = tl.parse_fwd_port_stats(stop)
    chk.equal(fwd.get(1, {}).get("RX-packets"), len(FRAMES),
              "port 1 received every frame of the file")
    got = dumps(tp.output[mark:])
    by_len = {}
    for length, flags in got:
        by_len.setdefault(length, []).append(flags)
    for i, (name, _, want_ip, want_l4) in enumerate(FRAMES):
        seen = by_len.get(BASE_LEN + 8 * i, [])
        if not chk.equal(len(seen), 1, "%s: dumped once" % name):
            continue
        flags = seen[0]
        chk.equal((flag_state(flags, "IP"), flag_state(flags, "L4")),
                  (want_ip, want_l4), "%s: (IP, L4) checksum flags" % name)
    chk.equal(tl.wait_stderr(tp, r"pcap in: port 1: .* done: %d frames, 0 "
                             r"dropped" % len(FRAMES)) is not None, True,
              "platform replayed the file without drops")
    stats = tl.parse_port_stats(tp.cmd("show port stats 1")).get(1, {})
    chk.equal(stats.get("RX-packets"), len(FRAMES), "port 1 hw RX-packets")
    tl.finish(chk, tp)


def run_csum(env, chk, pcap, ctl):
    tp = tl.start(env, ports=2, ixemu_args=["--control", ctl],
                  extra_app=["--forward-mode=csum", "--enable-rx-cksum",
                             "--port-topology=loop"])
    # csum forwards what port 1 receives back out of port 1, to port 0
    # (b2b); with port 0's queue stopped the frames end there instead of
    # circulating.
    tp.cmd("port 0 rxq 0 stop")
    tp.cmd("start")
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    tl.poll_stats(tp, 1, "RX-packets", len(FRAMES), timeout=15)
    stop = tp.cmd("stop")
    m = re.search(r"Forward statistics for port 1.*?Bad-ipcsum:\s*(\d+)\s+"
                  r"Bad-l4csum:\s*(\d+)", stop, re.S)
    if chk.check(m is not None, "csum mode prints Bad-ipcsum/Bad-l4csum",
                 stop[-600:]):
        want_ip = sum(1 for f in FRAMES if f[2] == BAD)
        want_l4 = sum(1 for f in FRAMES if f[3] == BAD)
        chk.equal(int(m.group(1)), want_ip, "csum Bad-ipcsum on port 1")
        chk.equal(int(m.group(2)), want_l4, "csum Bad-l4csum on port 1")
    fwd = tl.parse_fwd_port_stats(stop)
    chk.equal(fwd.get(1, {}).get("RX-packets"), len(FRAMES),
              "csum: port 1 received every frame once")
    tl.finish(chk, tp)


def test(env, chk):
    pcap = os.path.join(env.outdir, "checksums.pcap")
    write_pcap(pcap)
    ctl = tl.control_fifo(env)
    run_verbose(env, chk, pcap, ctl)
    run_csum(env, chk, pcap, ctl)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

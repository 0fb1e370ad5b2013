#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard RSS (DTS pmdrss_hash, pmdrssreta, rss_key_update): frames
of several hash types land on the queue, with the hash value, that a
reference Toeplitz hash and the redirection table read back from the port
predict; after changing the hash functions, the key and the RETA too.

testpmd: 4 RX queues on port 1, rxonly, 'set verbose 1'.  scapy writes a
pcap of IPv4 and IPv6 frames (TCP, UDP, and neither), 8 flows of each,
every frame with its own length; the control FIFO replays it into port 1
after 'start'.  For each dumped frame (identified by its length) the test
checks "RSS hash=" against toeplitz(key, fields) and "Receive queue="
against RETA[hash & 127], where the fields follow the enabled functions
(ipv4-tcp: addresses and ports; ipv4 only: addresses; none: no hash,
queue 0), key, functions and RETA as 'show port 1 rss-hash key' and
'show port 1 rss reta' report them.

Rounds: (1) every function ('port config all rss all'); (2) addresses
only ('port config all rss ip'); (3) a new key set with
'port config 1 rss-hash-key ipv4-tcp KEY' (only ipv4-tcp hashed), then
(4) every function again with that key; (5) a new RETA
('port config 1 rss reta (i,q),...').  Finally the per-queue hardware
counters (xstats rx_q<q>_packets) equal the frames seen on each queue.
"""
import ipaddress
import os
import re
import struct

import ixemu_testlib as tl
from toeplitz import selftest, toeplitz
import ixguard_pmd as pmd

NQ = 4
FLOWS = 8
BASE_LEN = 100
KINDS = [(4, "tcp"), (4, "udp"), (4, "other"),
         (6, "tcp"), (6, "udp"), (6, "other")]
NEW_KEY = bytes((i * 37 + 11) & 0xFF for i in range(40))


def flows():
    """[(length, ipv, l4, src, dst, sport, dport)], one per frame."""
    res = []
    i = 0
    for ipv, l4 in KINDS:
        for f in range(FLOWS):
            if ipv == 4:
                src = "10.%d.%d.1" % (f, 7 * f + 1)
                dst = "192.168.%d.%d" % (3 * f, 200 - f)
            else:
                src = "2001:db8:%x::%x" % (f + 1, 0x100 + f)
                dst = "2001:db8:ff::%x" % (0x2000 + 13 * f)
            res.append((BASE_LEN + 2 * i, ipv, l4, src, dst,
                        1024 + 17 * f, 80 + f))
            i += 1
    return res


def build(fl):
    from scapy.all import IP, TCP, UDP, Ether, IPv6, Raw
    length, ipv, l4, src, dst, sp, dp = fl
    eth = Ether(src="02:00:00:00:00:aa", dst="00:1b:21:ee:00:01")
    if ipv == 4:
        ip = IP(src=src, dst=dst)
        if l4 == "other":
            ip.proto = 1        # ICMP: no ports
    else:
        ip = IPv6(src=src, dst=dst)
        if l4 == "other":
            ip.nh = 59          # no next header
    pkt = eth / ip
    if l4 == "tcp":
        pkt = pkt / TCP(sport=sp, dport=dp, flags="A")
    elif l4 == "udp":
        pkt = pkt / UDP(sport=sp, dport=dp)
    pkt = pkt / Raw(b"\x33" * (length - len(pkt)))
    raw = bytes(pkt)
    assert len(raw) == length
    return raw


def write_pcap(path, fls):
    from scapy.all import Ether, wrpcap
    wrpcap(path, [Ether(build(f)) for f in fls])


def expected(fl, funcs, key, reta):
    """(hash or None, queue) the 82599 gives frame fl."""
    _, ipv, l4, src, dst, sp, dp = fl
    v = "ipv4" if ipv == 4 else "ipv6"
    if ipv == 4:
        addrs = (ipaddress.IPv4Address(src).packed +
                 ipaddress.IPv4Address(dst).packed)
    else:
        addrs = (ipaddress.IPv6Address(src).packed +
                 ipaddress.IPv6Address(dst).packed)
    if l4 in ("tcp", "udp") and "%s-%s" % (v, l4) in funcs:
        data = addrs + struct.pack(">HH", sp, dp)
    elif v in funcs:
        data = addrs
    else:
        return None, 0
    h = toeplitz(key, data)
    return h, reta[h & 127]


def read_conf(tp, chk):
    out = tp.cmd("show port 1 rss-hash key")
    m = re.search(r"RSS key:\s*\n\s*([0-9A-Fa-f]+)", out)
    funcs = out.split("RSS functions:")[-1].split("RSS key:")[0].split()
    if not chk.check(m is not None, "port 1 RSS key read back", out):
        raise tl.TestError("no RSS key")
    key = bytes.fromhex(m.group(1))
    out = tp.cmd("show port 1 rss reta 128 "
                 "(0xffffffffffffffff,0xffffffffffffffff)")
    reta = {int(i): int(q) for i, q in
            re.findall(r"hash index=(\d+), queue=(\d+)", out)}
    chk.equal(sorted(reta), list(range(128)), "RETA indexes read back")
    return key, funcs, reta


def dumps(text):
    """{length: [(hash or None, queue)]} of the packets testpmd dumped."""
    res = {}
    for m in re.finditer(r"length=(\d+) - nb_segs=\d+"
                         r"(?: - RSS hash=0x([0-9a-f]+) - RSS queue=0x"
                         r"[0-9a-f]+)?[^\n]*? - Receive queue=0x([0-9a-f]+)",
                         text):
        h = int(m.group(2), 16) if m.group(2) else None
        res.setdefault(int(m.group(1)), []).append((h, int(m.group(3), 16)))
    return res


def run_round(tp, chk, ctl, pcap, fls, name, per_queue):
    key, funcs, reta = read_conf(tp, chk)
    print("# %s: functions %s key %s" % (name, funcs, key.hex()))
    before = tp.count(r"ol_flags:")
    mark = len(tp.output)
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    chk.check(tp.wait_count(r"ol_flags:", before + len(fls), timeout=30),
              "%s: testpmd dumped %d packets" % (name, len(fls)))
    tp.sync()
    got = dumps(tp.output[mark:])
    bad = []
    hashed = 0
    queues = set()
    for fl in fls:
        want = expected(fl, funcs, key, reta)
        seen = got.get(fl[0], [])
        if seen != [want]:
            bad.append((fl[1:3], fl[0], "want", want, "got", seen))
            continue
        hashed += want[0] is not None
        queues.add(want[1])
        per_queue[want[1]] += 1
    chk.check(not bad, "%s: every frame's hash and queue as predicted"
              % name, bad[:6])
    return hashed, queues


def test(env, chk):
    chk.check(selftest(), "reference Toeplitz matches the Microsoft vectors")
    fls = flows()
    pcap = os.path.join(env.outdir, "rss.pcap")
    write_pcap(pcap, fls)
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2, ixemu_args=["--control", ctl],
                   extra_app=["--forward-mode=rxonly", "--rxq=%d" % NQ,
                              "--txq=%d" % NQ])
    for q in range(NQ):
        tp.cmd("set stat_qmap rx 1 %d %d" % (q, q))
    tp.cmd("port config all rss all")
    tp.cmd("set verbose 1")
    tp.cmd("clear port xstats 1")
    tp.cmd("start")
    per_queue = [0] * NQ
    n_tcpudp = sum(1 for f in fls if f[2] in ("tcp", "udp"))

    hashed, queues = run_round(tp, chk, ctl, pcap, fls, "all functions",
                               per_queue)
    chk.equal(hashed, len(fls), "all functions: every frame hashed")
    chk.equal(queues, set(range(NQ)), "all functions: every queue used")

    out = tp.cmd("port config all rss ip")
    hashed, _ = run_round(tp, chk, ctl, pcap, fls, "addresses only",
                          per_queue)
    chk.equal(hashed, len(fls), "addresses only: every frame hashed")

    out = tp.cmd("port config 1 rss-hash-key ipv4-tcp %s" % NEW_KEY.hex())
    key, funcs, _ = read_conf(tp, chk)
    chk.equal(key, NEW_KEY, "new key read back")
    chk.equal(funcs, ["ipv4-tcp"], "rss-hash-key ipv4-tcp leaves ipv4-tcp")
    hashed, _ = run_round(tp, chk, ctl, pcap, fls, "new key, ipv4-tcp",
                          per_queue)
    chk.equal(hashed, FLOWS, "new key, ipv4-tcp: only IPv4/TCP hashed")

    tp.cmd("port config all rss all")
    hashed, _ = run_round(tp, chk, ctl, pcap, fls, "new key, all",
                          per_queue)
    chk.equal(hashed, len(fls), "new key, all: every frame hashed")

    # A different table: entry i -> queue (i * 5 + i // 7) % NQ.
    new_reta = [(i * 5 + i // 7) % NQ for i in range(128)]
    for start in range(0, 128, 8):      # testpmd's line length limit
        out = tp.cmd("port config 1 rss reta " + ",".join(
            "(%d,%d)" % (i, new_reta[i]) for i in range(start, start + 8)))
        chk.check("Bad arguments" not in out and "error" not in out.lower(),
                  "RETA entries %d-%d accepted" % (start, start + 7), out)
    _, _, reta = read_conf(tp, chk)
    chk.equal([reta[i] for i in range(128)], new_reta, "new RETA read back")
    run_round(tp, chk, ctl, pcap, fls, "new RETA", per_queue)

    stop = tp.cmd("stop")
    tp.cmd("set verbose 0")
    xs = tl.parse_xstats(tp.cmd("show port xstats 1"))
    chk.equal([xs.get("rx_q%d_packets" % q) for q in range(NQ)], per_queue,
              "per-queue hardware counters vs frames seen per queue")
    fwd = tl.parse_fwd_port_stats(stop)
    chk.equal(fwd.get(1, {}).get("RX-packets"), 5 * len(fls),
              "port 1 received every frame of the 5 rounds")
    chk.check(n_tcpudp > 0, "the flows include TCP and UDP")
    tl.finish(chk, tp)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

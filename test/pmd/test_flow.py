#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard rte_flow (DTS generic_filter and fdir scenarios that fit an
82599): testpmd's 'flow' commands program the 5-tuple, SYN, ethertype and
flow director (perfect match) filters, and frames replayed into port 1
land on the queue each rule names, are dropped, or carry the rule's mark
("FDIR matched ID="); every other frame lands where it did without rules
(RSS over 4 queues).

Rounds, each replaying one pcap (every frame its own length):
 (0) no rules: each frame's queue is recorded as its baseline;
 (1) 5-tuple rules of priority 2 and 0 that overlap (priority 0 wins),
     a SYN rule, an ethertype rule and a 5-tuple sctp rule, created while
     the port runs; then bad rules, each refused with an error naming the
     reason, and the port still receives as before;
 (2) testpmd stops the port (it flushes a port's rules then, whatever the
     driver keeps), flow director rules (udp: mark + queue, tcp: drop,
     udp: mark only) are created on the stopped port and programmed by
     dev_start; the RX path is a scalar one (marks); then the queue
     filter rules again, all acting together;
 (3) two rules destroyed: their frames fall back (one to the lower
     priority 5-tuple rule);
 (4) flush, flow director rules with a /16 source mask (sctp: queue +
     mark, udp: drop): only their frames are affected;
 (5) an RSS rule ('pattern end actions rss queues 2 3 end'): every IP
     frame lands on queue 2 or 3, both used, the frames the 82599 does
     not hash (not IP) on queue 0; RSS rules the 82599 cannot do are
     refused with the reason; destroying the rule gives back the port's
     spreading (each frame on its baseline queue); a rule hashing
     ipv4-udp only leaves TCP and SCTP frames unhashed (queue 0);
 (6) flow director VLAN and flex word, on a second pcap of tagged and
     untagged frames (its own baseline first), rules created while the
     port runs: 'vlan tci is 10' (VID and priority; DEI not compared) to
     a queue and a VID 20 priority 3 TCP rule dropping; rules with other
     masks and VLAN forms the 82599 cannot match refused with the reason;
     then 'vlan vid is 10' alone (any priority); VLAN rules without an
     L4 item (any IPv4 frame of the tag; an L4 rule beside them refused);
     DTS's ipv4-udp-flexbytes
     rule ('raw relative is 0 search is 0 offset is 44 limit is 0 pattern
     is 86') to a queue beside a flex rule dropping, other flex offsets
     and raw forms refused; DTS's ipv4-tcp-flexbytes rule (offset 54,
     spec/mask form, the second pattern wins); a VLAN + flex rule (the
     offset counts the tag); after a flush every frame is back on its
     baseline queue.

With --devargs (meson test flow_scalar: ',dma_isolation=port,rx_path=scalar',
the "Scalar bulk" RX path), round (1) also creates a MARK rule while the
port runs, which a scalar RX path takes, and its frames carry the mark.
"""
import re
import time

import ixemu_testlib as tl
import ixguard_pmd as pmd

NQ = 4
PORT_MAC = "00:1b:21:ee:00:01"
BASE_LEN = 100

# name, kind, src, dst, sport, dport, extra
FRAMES = [
    ("udpA", "udp", "192.168.1.1", "192.168.1.2", 1000, 2000),
    ("udpA2", "udp", "192.168.1.1", "192.168.1.2", 1001, 2000),
    ("udpX", "udp", "192.168.9.1", "192.168.9.2", 1000, 2000),
    ("syn", "syn", "10.0.0.1", "10.0.0.2", 5000, 80),
    ("ack", "ack", "10.0.0.1", "10.0.0.2", 5000, 80),
    ("ptp", "ether", 0x88F7, None, 0, 0),
    ("other_et", "ether", 0x88B5, None, 0, 0),
    ("sctpS", "sctp", "192.168.2.1", "192.168.2.2", 5, 6),
    ("fdU", "udp", "172.16.0.1", "172.16.0.2", 3000, 4000),
    ("fdU2", "udp", "172.16.0.1", "172.16.0.2", 3000, 4001),
    ("fdT", "ack", "172.16.0.1", "172.16.0.2", 3000, 4000),
    ("fdT2", "ack", "172.16.0.1", "172.16.0.2", 3000, 4001),
    ("fdM", "udp", "172.16.0.3", "172.16.0.4", 5, 6),
    ("fdS", "sctp", "172.18.5.5", "1.2.3.4", 1, 2),
    ("fdP", "udp", "172.19.7.7", "8.8.8.8", 53, 53),
    ("fdP2", "udp", "172.20.7.7", "8.8.8.8", 53, 53),
    ("tail", "udp", "192.168.77.1", "192.168.77.2", 9, 9),
]
LEN = {f[0]: BASE_LEN + 2 * i for i, f in enumerate(FRAMES)}
NAME = {v: k for k, v in LEN.items()}


QUEUE_RULES = [
    ("priority 2 ingress pattern eth / ipv4 dst is 192.168.1.2 / udp / end "
     "actions queue index 1 / end", "5-tuple, priority 2"),
    ("priority 0 ingress pattern eth / ipv4 src is 192.168.1.1 dst is "
     "192.168.1.2 / udp src is 1000 dst is 2000 / end actions queue index 2 "
     "/ end", "5-tuple, priority 0"),
    ("ingress pattern eth / ipv4 / tcp flags spec 0x02 flags mask 0x02 / "
     "end actions queue index 3 / end", "SYN"),
    ("ingress pattern eth type is 0x88f7 / end actions queue index 1 / end",
     "ethertype 0x88f7"),
    ("ingress pattern eth / ipv4 src is 192.168.2.1 / sctp / end actions "
     "queue index 3 / end", "5-tuple sctp"),
]


def build(fr):
    from scapy.all import IP, SCTP, TCP, UDP, Ether, Raw
    name, kind, src, dst, sp, dp = fr
    eth = Ether(src="02:00:00:00:00:aa", dst=PORT_MAC)
    if kind == "ether":
        pkt = eth / Raw(b"\x00" * 4)
        pkt.type = src
    else:
        ip = IP(src=src, dst=dst)
        if kind == "udp":
            l4 = UDP(sport=sp, dport=dp)
        elif kind == "sctp":
            l4 = SCTP(sport=sp, dport=dp)
        else:
            l4 = TCP(sport=sp, dport=dp, flags="S" if kind == "syn" else "A")
        pkt = eth / ip / l4
    pkt = pkt / Raw(b"\x5a" * (LEN[name] - len(pkt)))
    raw = bytes(pkt)
    assert len(raw) == LEN[name], (name, len(raw))
    return raw


def dumps(text, names=None):
    """{frame name: [(queue, mark or None)]} from testpmd's verbose dump."""
    names = NAME if names is None else names
    res = {}
    for line in text.split("\n"):
        m = re.search(r"length=(\d+) - nb_segs=\d+", line)
        q = re.search(r"Receive queue=0x([0-9a-f]+)", line)
        if not m or not q:
            continue
        mk = re.search(r"FDIR matched ID=0x([0-9a-f]+)", line)
        name = names.get(int(m.group(1)), m.group(1))
        res.setdefault(name, []).append(
            (int(q.group(1), 16), int(mk.group(1), 16) if mk else None))
    return res


def replay(tp, chk, ctl, pcap, what, n_expected, names=None):
    before = tp.count(r"ol_flags:")
    mark = len(tp.output)
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    chk.check(tp.wait_count(r"ol_flags:", before + n_expected, timeout=20),
              "%s: %d frames dumped" % (what, n_expected))
    tp.sync()
    return dumps(tp.output[mark:], names)


def check_round(chk, got, base, rules, what, lens=None):
    """rules: {name: (queue or 'rss' or None for dropped, mark or None)}."""
    bad = []
    for name in (LEN if lens is None else lens):
        want = rules.get(name, ("rss", None))
        if want[0] is None:
            exp = []
        else:
            exp = [(base[name] if want[0] == "rss" else want[0], want[1])]
        if got.get(name, []) != exp:
            bad.append((name, "want", exp, "got", got.get(name)))
    chk.check(not bad, "%s: every frame steered, dropped or marked as the "
              "rules say, the others as without rules" % what, bad)


def flow(tp, chk, rule, what):
    out = tp.cmd("flow create 1 " + rule)
    ok = chk.check(re.search(r"Flow rule #\d+ created", out) is not None,
                   "created: %s" % what, out)
    return ok


def new_stderr(tp, n_err, pattern, timeout=5):
    """stderr lines after the first n_err, once one matches pattern (the
    reader thread may lag behind the prompt)."""
    deadline = time.monotonic() + timeout
    while True:
        err = "\n".join(l for _, l in tp.stderr_lines[n_err:])
        if re.search(pattern, err) or time.monotonic() > deadline:
            return err
        time.sleep(0.05)


def refused(tp, chk, rule, reason, what, cmd="create"):
    n_err = len(tp.stderr_lines)
    out = tp.cmd("flow %s 1 %s" % (cmd, rule))
    err = new_stderr(tp, n_err, r"Caught PMD error")
    chk.check("created" not in out and "validated" not in out,
              "refused: %s" % what, out)
    chk.check(re.search(reason, err) is not None,
              "error names the reason (%s): %s" % (reason, what), err)


def burst_mode(tp):
    out = tp.cmd("show rxq info 1 0")
    m = re.search(r"Burst mode:\s*(.+?)\s*$", out, re.M)
    return m.group(1) if m else None


def n_rules(tp):
    return len(re.findall(r"(?m)^\d+\s+\d+\s+\d+\s+i-", tp.cmd("flow list 1")))


def test(env, chk):
    import os
    from scapy.all import Ether, wrpcap
    pcap = os.path.join(env.outdir, "flow.pcap")
    wrpcap(pcap, [Ether(build(f)) for f in FRAMES])
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2, ixemu_args=["--control", ctl],
                   allow=[tl.emulated_bdf(i) + env.args.devargs
                          for i in range(2)],
                   extra_app=["--forward-mode=rxonly", "--rxq=%d" % NQ,
                              "--txq=%d" % NQ])
    tp.cmd("set verbose 1")
    tp.cmd("start")
    nf = len(FRAMES)

    # (0) baseline
    got = replay(tp, chk, ctl, pcap, "no rules", nf)
    base = {}
    for name in LEN:
        seen = got.get(name, [])
        if chk.check(len(seen) == 1 and seen[0][1] is None,
                     "no rules: %s received once, unmarked" % name, seen):
            base[name] = seen[0][0]
    chk.check(len(set(base.values())) > 1, "RSS spreads the frames",
              base)
    chk.check(base.get("ptp") == 0 and base.get("other_et") == 0,
              "non-IP frames on queue 0 without rules", base)

    # (1) queue filters while the port runs
    out = tp.cmd("flow validate 1 priority 2 ingress pattern eth / ipv4 dst "
                 "is 192.168.1.2 / udp / end actions queue index 1 / end")
    chk.check("Flow rule validated" in out, "validate: 5-tuple rule", out)
    chk.equal(n_rules(tp), 0, "validate creates nothing")
    for rule, what in QUEUE_RULES:
        flow(tp, chk, rule, what)
    rules1 = {"udpA": (2, None), "udpA2": (1, None), "syn": (3, None),
              "ptp": (1, None), "sctpS": (3, None)}
    got = replay(tp, chk, ctl, pcap, "queue filters", nf)
    check_round(chk, got, base, rules1, "queue filters")

    # bad rules: refused, with the reason, and nothing changes
    vector = "Vector" in (burst_mode(tp) or "")
    bad = [
        ("ingress pattern eth / ipv4 / udp / end actions queue index 9 / "
         "end", r"queue 9 does not exist", "queue out of range"),
        ("ingress pattern eth / ipv4 / udp dst is 5 / end actions queue "
         "index 1 / count / end", r"no per-rule counters", "count"),
        ("ingress pattern eth / ipv4 / udp / end actions rss / end",
         r"empty pattern", "rss with a pattern"),
        ("ingress pattern eth / ipv6 dst is 2001:db8::1 / udp / end actions "
         "queue index 1 / end", r"only ipv4", "ipv6 5-tuple"),
        ("ingress pattern eth dst is 02:00:00:00:00:01 / ipv4 / udp / end "
         "actions queue index 1 / end", r"MAC addresses", "MAC + ip"),
        ("ingress pattern eth / vlan vid is 5 / end actions queue index 1 "
         "/ end", r"vlan and raw items: the flow director",
         "vlan item without ip"),
        ("ingress pattern eth type is 0x0800 / end actions queue index 1 / "
         "end", r"ethertype 0x0800", "ethertype IPv4"),
        ("priority 9 ingress pattern eth / ipv4 src is 1.1.1.1 / end actions "
         "queue index 1 / end", r"priority", "5-tuple priority 9"),
        ("ingress pattern eth / ipv4 / tcp flags spec 0x02 flags mask 0x02 "
         "/ end actions queue index 2 / end", r"SYN filter is in use",
         "second SYN rule"),
        ("ingress pattern eth / ipv4 / udp / end actions mark id 20000 / "
         "end", r"mark id 20000 too large", "mark id too large"),
        ("egress pattern eth / ipv4 / udp / end actions queue index 1 / end",
         r"ingress rules only", "egress"),
    ]
    if vector:
        bad.append(("ingress pattern eth / ipv4 src is 172.16.0.1 / udp / "
                    "end actions mark id 3 / end", r"scalar RX path",
                    "mark while a vector RX path runs"))
    for rule, reason, what in bad:
        refused(tp, chk, rule, reason, what)
    refused(tp, chk, bad[0][0], bad[0][1], "validate: " + bad[0][2],
            cmd="validate")
    n_err = len(tp.stderr_lines)
    out = tp.cmd("flow query 1 0 count")
    err = new_stderr(tp, n_err, r"no per-rule counters")
    chk.check(re.search(r"no per-rule counters", err) is not None,
              "query count refused with the reason", out)
    chk.equal(n_rules(tp), 5, "the bad rules left the 5 rules alone")
    got = replay(tp, chk, ctl, pcap, "after bad rules", nf)
    check_round(chk, got, base, rules1, "after bad rules")

    # a MARK rule while a scalar RX path runs: taken, frames marked (the
    # port stop below flushes it)
    if not vector:
        flow(tp, chk, "ingress pattern eth / ipv4 src is 172.16.0.1 dst is "
             "172.16.0.2 / udp src is 3000 dst is 4000 / end actions mark "
             "id 0x55 / end", "mark while a scalar RX path runs")
        got = replay(tp, chk, ctl, pcap, "mark while running", nf)
        check_round(chk, got, base, dict(rules1, fdU=("rss", 0x55)),
                    "mark while running")

    # (2) testpmd flushes a port's rules when it stops it; flow director
    # rules created on the stopped port are programmed by dev_start
    tp.cmd("stop")
    tp.cmd("port stop 1")
    chk.equal(n_rules(tp), 0, "testpmd flushed the rules at port stop")
    flow(tp, chk, "ingress pattern eth / ipv4 src is 172.16.0.1 dst is "
         "172.16.0.2 / udp src is 3000 dst is 4000 / end actions mark id "
         "0x1234 / queue index 1 / end", "fdir udp mark + queue")
    flow(tp, chk, "ingress pattern eth / ipv4 src is 172.16.0.1 dst is "
         "172.16.0.2 / tcp src is 3000 dst is 4000 / end actions drop / end",
         "fdir tcp drop")
    flow(tp, chk, "ingress pattern eth / ipv4 src is 172.16.0.3 dst is "
         "172.16.0.4 / udp src is 5 dst is 6 / end actions mark id 7 / end",
         "fdir udp mark only")
    refused(tp, chk, "ingress pattern eth / ipv4 src spec 10.1.0.0 src mask "
            "255.255.0.0 / udp / end actions drop / end",
            r"share one set of\s+masks", "fdir rule with other masks")
    tp.cmd("port start 1")
    tp.cmd("start")
    mode = burst_mode(tp)
    chk.check(mode is not None and "Scalar" in mode,
              "mark rules: a scalar RX path", mode)
    got = replay(tp, chk, ctl, pcap, "flow director", nf - 1)
    check_round(chk, got, base, {"fdU": (1, 0x1234), "fdT": (None, None),
                                 "fdM": ("rss", 7)}, "flow director")
    # the queue filters again (rules 3-7), beside the flow director
    for rule, what in QUEUE_RULES:
        flow(tp, chk, rule, what)
    chk.equal(n_rules(tp), 8, "flow list: 8 rules")
    rules2 = dict(rules1)
    rules2.update({"fdU": (1, 0x1234), "fdT": (None, None),
                   "fdM": ("rss", 7)})
    got = replay(tp, chk, ctl, pcap, "all filters", nf - 1)
    check_round(chk, got, base, rules2, "flow director + queue filters")

    # (3) destroy: priority 0 5-tuple (rule 4) and SYN (rule 5)
    out = tp.cmd("flow destroy 1 rule 4 rule 5")
    chk.check("Flow rule #4 destroyed" in out and
              "Flow rule #5 destroyed" in out, "destroy rules 4, 5", out)
    rules3 = dict(rules2)
    rules3["udpA"] = (1, None)      # the priority 2 rule still matches
    del rules3["syn"]
    got = replay(tp, chk, ctl, pcap, "after destroy", nf - 1)
    check_round(chk, got, base, rules3, "after destroy")

    # (4) flush; flow director with a /16 source mask
    out = tp.cmd("flow flush 1")
    chk.equal(n_rules(tp), 0, "flush leaves no rule")
    tp.cmd("stop")
    tp.cmd("port stop 1")
    flow(tp, chk, "ingress pattern eth / ipv4 src spec 172.18.0.0 src mask "
         "255.255.0.0 / sctp / end actions queue index 2 / mark id 9 / end",
         "fdir sctp /16 queue + mark")
    flow(tp, chk, "ingress pattern eth / ipv4 src spec 172.19.0.0 src mask "
         "255.255.0.0 / udp / end actions drop / end", "fdir udp /16 drop")
    tp.cmd("port start 1")
    tp.cmd("start")
    got = replay(tp, chk, ctl, pcap, "masked flow director", nf - 1)
    check_round(chk, got, base, {"fdS": (2, 9), "fdP": (None, None)},
                "masked flow director")
    test_rss(tp, chk, ctl, pcap, base)
    test_vlan_flex(env, tp, chk, ctl)
    tp.cmd("stop")
    tl.finish(chk, tp)


def rss_round(tp, chk, ctl, pcap, what, hashed, queues, steered=None):
    """Replays the pcap: the frames hashed(kind) is true for land on one
    of queues, both used, the others on queue 0 (§7.1.2.8); those in
    steered ({name: queue}) where a queue filter sends them."""
    got = replay(tp, chk, ctl, pcap, what, len(FRAMES))
    bad, used = [], set()
    steered = steered or {}
    for fr in FRAMES:
        seen = got.get(fr[0], [])
        if len(seen) != 1 or seen[0][1] is not None:
            bad.append((fr[0], seen))
            continue
        q = seen[0][0]
        if fr[0] in steered:
            if q != steered[fr[0]]:
                bad.append((fr[0], "steered, on queue", q))
        elif hashed(fr):
            used.add(q)
            if q not in queues:
                bad.append((fr[0], "hashed, on queue", q))
        elif q != 0:
            bad.append((fr[0], "not hashed, on queue", q))
    chk.check(not bad, "%s: hashed frames on queues %s only, the others "
              "on queue 0" % (what, sorted(queues)), bad)
    chk.equal(used, set(queues), "%s: every queue of the rule used" % what)


def test_rss(tp, chk, ctl, pcap, base):
    """(5) RSS rules (see the module's docstring)."""
    nf = len(FRAMES)
    tp.cmd("flow flush 1")
    out = tp.cmd("flow validate 1 ingress pattern end actions rss queues "
                 "2 3 end / end")
    chk.check("Flow rule validated" in out, "validate: rss rule", out)
    ok = flow(tp, chk, "ingress pattern end actions rss queues 2 3 end / "
              "end", "rss over queues 2, 3")
    # The queue filters come before RSS (§7.1.2): a 5-tuple rule to
    # queue 0 and an ethertype rule to queue 1 still win.
    flow(tp, chk, QUEUE_RULES[1][0].replace("index 2", "index 0"),
         "5-tuple beside the rss rule")
    flow(tp, chk, QUEUE_RULES[3][0], "ethertype beside the rss rule")
    if ok:
        rss_round(tp, chk, ctl, pcap, "rss rule", lambda fr:
                  fr[1] != "ether", {2, 3}, {"udpA": 0, "ptp": 1})
    refused(tp, chk, "ingress pattern end actions rss queues 0 1 end / end",
            r"an RSS rule exists", "a second rss rule")
    out = tp.cmd("flow destroy 1 rule 0 rule 1 rule 2")
    chk.check("Flow rule #0 destroyed" in out, "destroy the rss rule", out)
    got = replay(tp, chk, ctl, pcap, "rss rule destroyed", nf)
    check_round(chk, got, base, {}, "rss rule destroyed: the port's RSS")

    key = "".join("%02x" % ((i * 37 + 11) & 0xFF) for i in range(40))
    bad = [
        ("ingress pattern eth / ipv4 / end actions rss queues 2 3 end / end",
         r"empty pattern", "rss with a pattern"),
        ("ingress pattern end actions rss queues 2 9 end / end",
         r"rss queue 9 does not exist", "rss queue out of range"),
        ("ingress pattern end actions rss types ipv4-sctp end queues 2 3 "
         "end / end", r"rss types 0x", "rss types sctp"),
        ("ingress pattern end actions rss types ipv4-other end queues 2 3 "
         "end / end", r"go with ipv4", "rss types ipv4-other alone"),
        ("ingress pattern end actions rss level 1 queues 2 3 end / end",
         r"rss level 1", "rss level 1"),
        ("ingress pattern end actions rss func simple_xor queues 2 3 end / "
         "end", r"Toeplitz only", "rss simple_xor"),
        ("ingress pattern end actions rss key 00112233445566778899 queues 2 "
         "3 end / end", r"key of 10 bytes", "rss key of 10 bytes"),
        ("ingress pattern end actions rss queues 2 3 end / queue index 1 / "
         "end", r"no other action", "rss with queue"),
    ]
    for rule, reason, what in bad:
        refused(tp, chk, rule, reason, what)
    chk.equal(n_rules(tp), 0, "the refused rss rules left no rule")

    # types ipv4-udp only, with a key of its own: TCP and SCTP frames
    # are not hashed any more (queue 0), UDP ones over queues 1 and 3.
    ok = flow(tp, chk, "ingress pattern end actions rss types ipv4-udp end "
              "key %s queues 1 3 end / end" % key, "rss ipv4-udp, 40-byte key")
    if ok:
        rss_round(tp, chk, ctl, pcap, "rss ipv4-udp", lambda fr:
                  fr[1] == "udp", {1, 3})
    tp.cmd("flow flush 1")
    got = replay(tp, chk, ctl, pcap, "rss rule flushed", nf)
    check_round(chk, got, base, {}, "rss rule flushed: the port's RSS")


# (6): name, VLAN TCI or None, l4 kind, src, dst, sport, dport, payload
# head.  Lengths 300, 308, ... (apart from FRAMES').
VF_FRAMES = [
    ("v10u", 10, "udp", "10.8.0.1", "10.8.0.2", 7, 8, b""),
    ("v10u_dei", 0x100A, "udp", "10.8.0.1", "10.8.0.2", 7, 8, b""),
    ("v10p5u", 0xA00A, "udp", "10.8.0.1", "10.8.0.2", 7, 8, b""),
    ("v11u", 11, "udp", "10.8.0.1", "10.8.0.2", 7, 8, b""),
    ("v10t", 10, "ack", "10.8.0.1", "10.8.0.2", 7, 8, b""),
    ("untag_u", None, "udp", "10.8.0.1", "10.8.0.2", 7, 8, b""),
    ("v20p3t", 0x6014, "ack", "10.8.0.3", "10.8.0.4", 9, 10, b""),
    ("v20t", 0x0014, "ack", "10.8.0.3", "10.8.0.4", 9, 10, b""),
    ("fx86", None, "udp", "192.168.0.1", "192.168.0.2", 24, 25,
     b"xx86ddef"),
    ("fx87", None, "udp", "192.168.0.1", "192.168.0.2", 24, 25,
     b"xx87ddef"),
    ("fxab", None, "udp", "192.168.0.1", "192.168.0.2", 24, 26, b"xxabcd"),
    ("fxac", None, "udp", "192.168.0.1", "192.168.0.2", 24, 26, b"xxaccd"),
    ("fx86p", None, "udp", "192.168.0.1", "192.168.0.2", 24, 27,
     b"xx86ddef"),
    ("ft_cd", None, "ack", "192.168.0.3", "192.168.0.4", 22, 23,
     b"cdcdxxx"),
    ("ft_ab", None, "ack", "192.168.0.3", "192.168.0.4", 22, 23,
     b"abcdxxx"),
    ("v10f86", 10, "udp", "10.9.0.1", "10.9.0.2", 5, 6, b"86"),
    ("v10f87", 10, "udp", "10.9.0.1", "10.9.0.2", 5, 6, b"87"),
    ("v11f86", 11, "udp", "10.9.0.1", "10.9.0.2", 5, 6, b"86"),
]
VF_LEN = {f[0]: 300 + 8 * i for i, f in enumerate(VF_FRAMES)}
VF_NAME = {v: k for k, v in VF_LEN.items()}


def build_vf(fr):
    from scapy.all import IP, TCP, UDP, Dot1Q, Ether, Raw
    name, tci, kind, src, dst, sp, dp, head = fr
    pkt = Ether(src="02:00:00:00:00:aa", dst=PORT_MAC)
    if tci is not None:
        pkt = pkt / Dot1Q(prio=tci >> 13, id=(tci >> 12) & 1,
                          vlan=tci & 0xFFF)
    l4 = (UDP(sport=sp, dport=dp) if kind == "udp" else
          TCP(sport=sp, dport=dp, flags="A"))
    pkt = pkt / IP(src=src, dst=dst) / l4 / Raw(head)
    pkt = pkt / Raw(b"\x5a" * (VF_LEN[name] - len(pkt)))
    raw = bytes(pkt)
    assert len(raw) == VF_LEN[name], (name, len(raw))
    return raw


def test_vlan_flex(env, tp, chk, ctl):
    """(6) flow director VLAN and flex word (see the module's docstring)."""
    import os
    from scapy.all import Ether, wrpcap
    pcap = os.path.join(env.outdir, "flow_vlan_flex.pcap")
    wrpcap(pcap, [Ether(build_vf(f)) for f in VF_FRAMES])
    nf = len(VF_FRAMES)
    tp.cmd("flow flush 1")

    def play(what, n=nf):
        return replay(tp, chk, ctl, pcap, what, n, VF_NAME)

    def check(got, rules, what):
        check_round(chk, got, base, rules, what, VF_LEN)

    got = play("vlan/flex: no rules")
    base = {}
    for name in VF_LEN:
        seen = got.get(name, [])
        if chk.check(len(seen) == 1 and seen[0][1] is None,
                     "vlan/flex, no rules: %s received once" % name, seen):
            base[name] = seen[0][0]

    # VLAN ID + priority ('tci is': mask 0xffff, DEI not compared)
    flow(tp, chk, "ingress pattern eth / vlan tci is 10 / ipv4 / udp / end "
         "actions queue index 1 / end", "fdir vlan tci 10 udp -> queue 1")
    flow(tp, chk, "ingress pattern eth / vlan tci is 0x6014 / ipv4 / tcp / "
         "end actions drop / end", "fdir vlan 20 priority 3 tcp drop")
    bad = [
        ("ingress pattern eth / vlan vid is 30 / ipv4 / udp / end actions "
         "queue index 2 / end", r"share one set of\s+masks.*vlan tci mask "
         r"0x0fff, theirs 0xefff", "vlan VID-only mask beside VID+priority"),
        ("ingress pattern eth / ipv4 src spec 10.0.0.0 src mask 255.0.0.0 "
         "/ udp / end actions queue index 1 / end",
         r"share one set of\s+masks.*ipv4 src/dst masks",
         "address mask beside the vlan rules"),
        ("ingress pattern eth / vlan tci spec 5 tci mask 0x0f00 / ipv4 / "
         "udp / end actions queue index 1 / end",
         r"tci mask 0x0f00: the 82599 compares the whole VLAN ID",
         "part of the VLAN ID"),
        ("ingress pattern eth / vlan tci is 0x1005 / ipv4 / udp / end "
         "actions queue index 1 / end", r"DEI", "DEI 1"),
        ("ingress pattern eth / vlan tci is 5 / end actions queue index 1 "
         "/ end", r"vlan and raw items: the flow director",
         "vlan without ipv4 / l4"),
        ("ingress pattern eth / vlan tci is 5 / vlan tci is 6 / ipv4 / udp "
         "/ end actions queue index 1 / end", r"one vlan item only",
         "two vlan items"),
        ("ingress pattern eth / vlan tci is 5 / ipv4 / tcp flags spec 0x02 "
         "flags mask 0x02 / end actions queue index 1 / end",
         r"SYN filter compares no VLAN", "SYN with vlan"),
        ("ingress pattern eth type is 0x88f7 / vlan tci is 5 / end actions "
         "queue index 1 / end", r"ethertype only", "ethertype with vlan"),
    ]
    for rule, reason, what in bad:
        refused(tp, chk, rule, reason, what)
    chk.equal(n_rules(tp), 2, "the refused rules left the 2 vlan rules")
    got = play("vlan rules", nf - 1)
    check(got, {"v10u": (1, None), "v10u_dei": (1, None),
                "v10f86": (1, None), "v10f87": (1, None),
                "v20p3t": (None, None)}, "vlan ID + priority")

    # VLAN ID alone: any priority
    tp.cmd("flow flush 1")
    flow(tp, chk, "ingress pattern eth / vlan vid is 10 / ipv4 / udp / end "
         "actions queue index 2 / end", "fdir vlan vid 10 udp -> queue 2")
    got = play("vlan vid rule")
    check(got, {"v10u": (2, None), "v10u_dei": (2, None),
                "v10p5u": (2, None), "v10f86": (2, None),
                "v10f87": (2, None)}, "vlan ID alone")

    # no L4 item: the L4 type is not compared (FDIRM.L4P), UDP and TCP
    # frames of VLAN 10 alike; beside it a rule with an L4 item is refused
    tp.cmd("flow flush 1")
    flow(tp, chk, "ingress pattern eth / vlan vid is 10 / ipv4 / end "
         "actions queue index 3 / end", "fdir vlan vid 10, any ipv4")
    flow(tp, chk, "ingress pattern eth / vlan vid is 20 / ipv4 / end "
         "actions drop / end", "fdir vlan vid 20, any ipv4: drop")
    refused(tp, chk, "ingress pattern eth / vlan vid is 11 / ipv4 / udp / "
            "end actions queue index 1 / end", r"share one set of\s+masks"
            r".*an l4 item, theirs without", "an l4 item beside l4-less "
            "rules")
    refused(tp, chk, "ingress pattern eth / vlan vid is 11 / ipv4 proto is "
            "1 / end actions queue index 1 / end", r"protocol only\s+"
            r"through a tcp, udp or sctp item", "ipv4 protocol, no l4 item")
    got = play("vlan rules without l4", nf - 2)
    check(got, {"v10u": (3, None), "v10u_dei": (3, None),
                "v10p5u": (3, None), "v10t": (3, None), "v10f86": (3, None),
                "v10f87": (3, None), "v20p3t": (None, None),
                "v20t": (None, None)}, "vlan rules without l4")

    # flex word: DTS's ipv4-udp-flexbytes, and one dropping
    tp.cmd("flow flush 1")
    flow(tp, chk, "ingress pattern eth / ipv4 src is 192.168.0.1 dst is "
         "192.168.0.2 / udp src is 24 dst is 25 / raw relative is 0 search "
         "is 0 offset is 44 limit is 0 pattern is 86 / end actions queue "
         "index 3 / end", "fdir flex '86' at 44 -> queue 3")
    flow(tp, chk, "ingress pattern eth / ipv4 src is 192.168.0.1 dst is "
         "192.168.0.2 / udp src is 24 dst is 26 / raw relative is 0 search "
         "is 0 offset is 44 limit is 0 pattern is ab / end actions drop / "
         "end", "fdir flex 'ab' at 44 drop")
    raw_rule = ("ingress pattern eth / ipv4 src is 192.168.0.1 dst is "
                "192.168.0.2 / udp src is 24 dst is 29 / raw relative is %d "
                "search is 0 offset is %d limit is 0 pattern is %s / end "
                "actions queue index 1 / end")
    bad = [
        ("ingress pattern eth / ipv4 src is 192.168.0.3 dst is 192.168.0.4 "
         "/ tcp src is 22 dst is 23 / raw relative spec 0 relative mask 1 "
         "search spec 0 search mask 1 offset spec 54 offset mask 0xffffffff "
         "limit spec 0 limit mask 0xffff pattern is ab pattern is cd / end "
         "actions queue index 2 / end", r"share one set of\s+masks.*flex "
         r"word at offset 54, theirs at offset 44", "another flex offset"),
        ("ingress pattern eth / ipv4 src is 192.168.0.1 dst is 192.168.0.2 "
         "/ udp src is 24 dst is 28 / end actions drop / end",
         r"flex word none.*theirs at offset 44", "no flex word beside them"),
        (raw_rule % (0, 44, "abc"), r"raw pattern of 3 bytes", "3 bytes"),
        (raw_rule % (0, 45, "ab"), r"raw offset 45", "odd offset"),
        (raw_rule % (0, 64, "ab"), r"raw offset 64", "offset past 62"),
        (raw_rule % (1, 0, "ab"), r"fixed\s+offset", "relative raw"),
    ]
    for rule, reason, what in bad:
        refused(tp, chk, rule, reason, what)
    chk.equal(n_rules(tp), 2, "the refused rules left the 2 flex rules")
    got = play("flex rules", nf - 1)
    check(got, {"fx86": (3, None), "fxab": (None, None)}, "flex word at 44")

    # DTS's ipv4-tcp-flexbytes (offset 54 once the others are gone)
    tp.cmd("flow flush 1")
    flow(tp, chk, bad[0][0], "fdir tcp flex 'cd' at 54 -> queue 2")
    got = play("tcp flex rule")
    check(got, {"ft_cd": (2, None)}, "flex word at 54")

    # VLAN and flex word in one rule: the offset counts the tag
    tp.cmd("flow flush 1")
    flow(tp, chk, "ingress pattern eth / vlan tci is 10 / ipv4 / udp / raw "
         "relative is 0 search is 0 offset is 46 limit is 0 pattern is 86 "
         "/ end actions queue index 1 / end", "fdir vlan 10 + flex at 46")
    got = play("vlan + flex rule")
    check(got, {"v10f86": (1, None)}, "vlan + flex word")

    tp.cmd("flow flush 1")
    got = play("vlan/flex: flushed")
    check(got, {}, "vlan/flex rules flushed: every frame on its baseline")


def add_args(p):
    p.add_argument("--devargs", default="",
                   help="appended to both ports' -a (e.g. ',rx_path=scalar')")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0], add_args)

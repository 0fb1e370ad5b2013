#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard TSO (DTS tso): large TCP frames through testpmd's csum
engine with 'tso set 800 1' come out of port 1 as correct segments.

testpmd: port 1 receives jumbo frames (--max-pkt-len=9018) into 2 KB
mbufs (--mbuf-size=2048, --enable-scatter: 1 KB buffers, so a frame is a
chain of up to 9 mbufs), csum engine with IP and TCP checksums in
hardware and TSO with MSS 800, port topology loop (port 1 sends back out
of port 1).  scapy injects IPv4 and IPv6 TCP frames with 300 to 8000
bytes of payload through the control FIFO; port 1's transmissions are
captured (--pcap-out).  For each original frame the capture must hold
ceil(payload / 800) segments (one for a payload under the MSS, which
testpmd sends without TSO), each at most 800 bytes of payload, with
consecutive sequence numbers, IPv4 IDs counting up from the original,
valid IP and TCP checksums, PSH only on the last segment, and the
payloads together equal to the original payload.

Beyond 16 KiB (the 82599 takes TSO payloads up to 256 KiB - 1): a second
testpmd with GRO on port 1 ('set port 1 gro on') merges three 8000-byte
ACK segments of a flow, received in one burst, into a 24000-byte packet
(27 mbufs) sent with TSO; the capture must hold 30 correct segments per
flow whose IPv4 IDs count up from the merged packet's header.
"""
import os

import ixemu_testlib as tl
import ixguard_pmd as pmd

MSS = 800
# (ip version, payload length); each frame's sport identifies it
FRAMES = [(4, 300), (4, 801), (4, 4000), (4, 8000), (6, 2500), (6, 7777)]


def build(i, ipv, plen):
    from scapy.all import IP, TCP, Ether, IPv6, Raw
    eth = Ether(src="02:00:00:00:00:aa", dst="00:1b:21:ee:00:01")
    ip = IP(src="198.18.7.1", dst="198.18.7.2", id=0x4000 + 0x100 * i) \
        if ipv == 4 else IPv6(src="2001:db8::7", dst="2001:db8::8")
    payload = bytes((i * 7 + k * 13) & 0xff for k in range(plen))
    tcp = TCP(sport=5000 + i, dport=80, seq=0x10000000 * i + 12345,
              flags="PA", window=1000)
    return Ether(bytes(eth / ip / tcp / Raw(payload))), payload


def check_capture(chk, pkts, origs):
    from scapy.all import IP, TCP, IPv6
    from scapy.utils import checksum

    by_flow = {}
    for p in pkts:
        if TCP in p:
            by_flow.setdefault(p[TCP].sport, []).append(p)
    for i, (ipv, plen) in enumerate(FRAMES):
        orig, payload = origs[i]
        segs = by_flow.get(5000 + i, [])
        name = "IPv%d payload %d" % (ipv, plen)
        want_n = -(-plen // MSS)
        if not chk.equal(len(segs), want_n, "%s: segments" % name):
            continue
        bad = []
        data = b""
        seq0 = orig[TCP].seq
        for k, s in enumerate(segs):
            tcp = s[TCP]
            if ipv == 4:
                ip = s[IP]
                seg_payload = bytes(tcp.payload)[:ip.len - ip.ihl * 4 -
                                                 tcp.dataofs * 4]
                if checksum(bytes(ip)[:ip.ihl * 4]) != 0:
                    bad.append((k, "IP checksum"))
                if want_n > 1 and ip.id != (orig[IP].id + k) & 0xffff:
                    bad.append((k, "IP id 0x%x" % ip.id))
                l4 = bytes(ip)[ip.ihl * 4:ip.len]
                pseudo = bytes(ip)[12:20] + bytes([0, 6]) + \
                    len(l4).to_bytes(2, "big")
            else:
                ip = s[IPv6]
                l4 = bytes(ip.payload)[:ip.plen]
                seg_payload = l4[tcp.dataofs * 4:]
                pseudo = bytes(ip)[8:40] + len(l4).to_bytes(4, "big") + \
                    bytes([0, 0, 0, 6])
            if checksum(pseudo + l4) != 0:
                bad.append((k, "TCP checksum"))
            if len(seg_payload) > MSS:
                bad.append((k, "payload %d > MSS" % len(seg_payload)))
            if tcp.seq != (seq0 + len(data)) & 0xffffffff:
                bad.append((k, "seq %d, want %d" % (tcp.seq,
                                                    seq0 + len(data))))
            last = k == want_n - 1
            if bool(tcp.flags & 0x08) != last:
                bad.append((k, "PSH %s" % bool(tcp.flags & 0x08)))
            data += seg_payload
        chk.check(not bad, "%s: sizes, sequence numbers, IDs, flags and "
                  "checksums of every segment" % name, bad[:6])
        chk.check(data == payload, "%s: segments reassemble the payload"
                  % name, (len(data), plen))


def test(env, chk):
    from scapy.all import rdpcap, wrpcap

    origs = [build(i, *f) for i, f in enumerate(FRAMES)]
    pcap = os.path.join(env.outdir, "tso-in.pcap")
    wrpcap(pcap, [o for o, _ in origs])
    cap = os.path.join(env.outdir, "port1-tx.pcap")
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2,
                   ixemu_args=["--control", ctl, "--pcap-out", "1=" + cap],
                   extra_app=["--forward-mode=csum", "--port-topology=loop",
                              "--mbuf-size=2048", "--enable-scatter",
                              "--max-pkt-len=9018"])
    tp.cmd("port stop all")
    tp.cmd("csum set ip hw 1")
    tp.cmd("csum set tcp hw 1")
    out = tp.cmd("tso set %d 1" % MSS)
    chk.check("TSO segment size for non-tunneled packets is %d" % MSS in out,
              "tso set %d 1 accepted" % MSS, out)
    tp.cmd("port start all")
    tp.cmd("port 0 rxq 0 stop")
    tp.cmd("start")
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    want = sum(-(-plen // MSS) for _, plen in FRAMES)
    st = tl.poll_stats(tp, 1, "TX-packets", want, timeout=20)
    stop = tp.cmd("stop")
    fwd = tl.parse_fwd_port_stats(stop)
    chk.equal(fwd.get(1, {}).get("RX-packets"), len(FRAMES),
              "port 1 received every frame")
    # testpmd's port totals are the device's counters: segments.
    chk.equal(fwd.get(1, {}).get("TX-packets"), want,
              "port 1 sent every segment")
    chk.equal(st.get("TX-packets"), want, "port 1 hw TX-packets (segments)")
    chk.equal(st.get("RX-errors"), 0, "port 1 RX-errors")
    xs = tl.parse_xstats(tp.cmd("show port xstats 1"))
    chk.equal(xs.get("tx_malformed_packets_dropped", 0), 0,
              "no packet dropped as malformed")
    tl.finish(chk, tp)
    check_capture(chk, rdpcap(cap), origs)
    tso_beyond_16k(env, chk)


# TSO beyond 16 KiB: GRO (testpmd 'set port 1 gro on', lightweight mode:
# the frames of one receive burst) merges BIG_N consecutive ACK-only
# TCP/IPv4 segments of a flow into one packet of BIG_N * BIG_PAY bytes
# of payload, a chain of up to 27 mbufs, which the csum engine sends
# with TSO.
BIG_FLOWS = 4
BIG_N = 3
BIG_PAY = 8000


def build_big(flow, k):
    from scapy.all import IP, TCP, Ether, Raw
    payload = bytes((flow * 11 + (k * BIG_PAY + j) * 7) & 0xff
                    for j in range(BIG_PAY))
    pkt = Ether(src="02:00:00:00:00:aa", dst="00:1b:21:ee:00:01") / \
        IP(src="198.18.8.1", dst="198.18.8.2", id=0x7000 + flow * 16 + k,
           flags="DF") / \
        TCP(sport=6000 + flow, dport=80, seq=0x20000000 * flow + 777 +
            k * BIG_PAY, flags="A", window=1000) / Raw(payload)
    return Ether(bytes(pkt)), payload


def tso_beyond_16k(env, chk):
    from scapy.all import IP, TCP, rdpcap, wrpcap
    from scapy.utils import checksum

    frames = [[build_big(f, k) for k in range(BIG_N)]
              for f in range(BIG_FLOWS)]
    pcap = os.path.join(env.outdir, "big-in.pcap")
    wrpcap(pcap, [p for fl in frames for p, _ in fl])
    cap = os.path.join(env.outdir, "big-port1-tx.pcap")
    ctl = tl.control_fifo(env, "control-big")
    tp = pmd.start(env, ports=2, name="big",
                   ixemu_args=["--control", ctl, "--pcap-out", "1=" + cap],
                   extra_app=["--forward-mode=csum", "--port-topology=loop",
                              "--mbuf-size=2048", "--enable-scatter",
                              "--max-pkt-len=9018"])
    tp.cmd("port stop all")
    tp.cmd("csum set ip hw 1")
    tp.cmd("csum set tcp hw 1")
    tp.cmd("tso set %d 1" % MSS)
    tp.cmd("port start all")
    tp.cmd("port 0 rxq 0 stop")
    out = tp.cmd("set port 1 gro on")
    chk.check("error" not in out.lower() and "not" not in out.lower(),
              "set port 1 gro on", out)
    tp.cmd("start")
    tl.write_control(ctl, "pcap 1 %s" % pcap)
    want = BIG_FLOWS * BIG_N * -(-BIG_PAY // MSS)
    tl.poll_stats(tp, 1, "TX-packets", want, timeout=20)
    tp.cmd("stop")
    st = tl.parse_port_stats(tp.cmd("show port stats 1")).get(1, {})
    chk.equal(st.get("TX-packets"), want, "port 1 hw TX-packets (segments)")
    xs = tl.parse_xstats(tp.cmd("show port xstats 1"))
    chk.equal(xs.get("tx_malformed_packets_dropped", 0), 0,
              "no packet dropped as malformed")
    tl.finish(chk, tp)

    # The segments of one TSO packet carry consecutive IPv4 IDs counting
    # from its header's: a flow GRO merged has IDs id0 .. id0 + 29, one
    # sent as three packets would restart at id0 + 1 and id0 + 2.
    by_flow = {}
    merged = 0
    for p in rdpcap(cap):
        if TCP in p and IP in p:
            by_flow.setdefault(p[TCP].sport, []).append(p)
    for f in range(BIG_FLOWS):
        segs = by_flow.get(6000 + f, [])
        name = "flow %d (%d x %d bytes)" % (f, BIG_N, BIG_PAY)
        if not chk.equal(len(segs), want // BIG_FLOWS, "%s: segments"
                         % name):
            continue
        seq0 = frames[f][0][0][TCP].seq
        data = b""
        bad = []
        for k, sg in enumerate(segs):
            ip, tcp = sg[IP], sg[TCP]
            l4 = bytes(ip)[ip.ihl * 4:ip.len]
            pay = l4[tcp.dataofs * 4:]
            if checksum(bytes(ip)[:ip.ihl * 4]) != 0:
                bad.append((k, "IP checksum"))
            pseudo = bytes(ip)[12:20] + bytes([0, 6]) + \
                len(l4).to_bytes(2, "big")
            if checksum(pseudo + l4) != 0:
                bad.append((k, "TCP checksum"))
            if len(pay) > MSS:
                bad.append((k, "payload %d > MSS" % len(pay)))
            if tcp.seq != (seq0 + len(data)) & 0xffffffff:
                bad.append((k, "seq"))
            data += pay
        chk.check(not bad, "%s: sizes, sequence numbers and checksums of "
                  "every segment" % name, bad[:6])
        id0 = frames[f][0][0][IP].id
        if [sg[IP].id for sg in segs] == [(id0 + k) & 0xffff
                                          for k in range(len(segs))]:
            merged += 1
        chk.check(data == b"".join(pl for _, pl in frames[f]),
                  "%s: segments reassemble the payload" % name,
                  len(data))
    print("# %d of %d flows sent as one TSO packet of %d bytes of payload"
          % (merged, BIG_FLOWS, BIG_N * BIG_PAY))
    chk.check(merged >= 1, "at least one TSO packet above 16 KiB of "
              "payload (GRO-merged) segmented correctly", merged)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

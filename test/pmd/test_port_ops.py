#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""DTS-style scenarios for net_ixguard under Debian's dpdk-testpmd.

- firmware_version: 'show port info' Firmware-version is the NVM eTrack
  id, 0x + 8 hex digits, identical to NVM words 0x2E:0x2D.
- eeprom_dump: 'show port 0 eeprom' dumps the whole NVM (32 KB); its
  words add up to 0xBABA (datasheet 6.2 checksum).
- mac_filter: with promiscuous mode off, frames to an address added with
  'mac_addr add' are received, frames to other unicast addresses are
  dropped; after 'mac_addr remove' they are dropped too.
- dynamic_config: promiscuous on/off, allmulticast on/off and
  'mcast_addr add' decide which frames arrive.
- flow control: 'set flow_ctrl ...' / 'show port 0 flow_ctrl', and a bad
  high water mark refused.
- stats_checks: xstats names follow DPDK conventions, and after the
  replay rx_good_packets / bytes agree with 'show port stats' and the
  platform's --report counters.

Frames are replayed into port 0 with the control FIFO ('pcap 0 FILE');
the platform reports how many the port's filters dropped.
"""
import os
import re

import ixemu_testlib as tl
import ixguard_pmd as pmd

PORT_MAC = "00:1b:21:ee:00:00"
EXTRA_MAC = "02:00:00:00:00:99"
OTHER_MAC = "02:00:00:00:00:77"
MCAST = "01:00:5e:00:00:01"
MCAST_OTHER = "01:00:5e:00:70:77"
_seq = [0]


def write_frames(env, dsts, n=4, size=100):
    from scapy.all import Ether, Raw, wrpcap
    _seq[0] += 1
    path = os.path.join(env.outdir, "frames%d.pcap" % _seq[0])
    pkts = []
    for d in dsts:
        for _ in range(n):
            p = Ether(dst=d, src="02:00:00:00:00:aa", type=0x88B5)
            pkts.append(p / Raw(b"\x5a" * (size - len(p))))
    wrpcap(path, pkts)
    return path


def replay(env, tp, ctl, dsts, n=4):
    """Replay n frames to each destination into port 0; return (frames
    the platform delivered, dropped)."""
    path = write_frames(env, dsts, n)
    mark = len(tp.stderr_lines)
    tl.write_control(ctl, "pcap 0 %s" % path)
    rx = re.compile(r"pcap in: port 0: %s done: (\d+) frames, (\d+) dropped"
                    % re.escape(path))
    for _ in range(200):
        for _, l in tp.stderr_lines[mark:]:
            m = rx.search(l)
            if m:
                return int(m.group(1)), int(m.group(2))
        tl.time.sleep(0.1)
    raise tl.TestError("no 'pcap in ... done' line for %s" % path)


def expect_rx(chk, env, tp, ctl, dsts, want, what, n=4):
    before = tl.parse_port_stats(tp.cmd("show port stats 0"))[0]["RX-packets"]
    frames, dropped = replay(env, tp, ctl, dsts, n)
    s = tl.poll_stats(tp, 0, "RX-packets", before + want, timeout=5)
    chk.equal((frames - dropped, s["RX-packets"] - before), (want, want),
              "%s: (delivered, received)" % what)


def nvm_words(text):
    data = bytearray()
    for m in re.finditer(r"^[0-9A-F]{8}: ((?:[0-9A-F]{2} ){1,16})", text, re.M):
        data += bytes(int(b, 16) for b in m.group(1).split())
    return [data[i] | data[i + 1] << 8 for i in range(0, len(data) - 1, 2)]


def nvm_checksum(w):
    s = sum(w[0:0x40])
    for i in range(0x03, 0x0F):
        p = w[i]
        if p in (0, 0xFFFF) or p >= len(w):
            continue
        n = w[p]
        if n == 0xFFFF or p + n >= len(w):
            continue
        s += sum(w[p + 1:p + n + 1])
    return s & 0xFFFF


def test(env, chk):
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2, ixemu_args=["--control", ctl],
                   extra_app=["--forward-mode=rxonly"])

    # firmware_version + eeprom_dump
    info = tl.parse_port_info(tp.cmd("show port info 0"))
    fw = info.get("Firmware-version", "")
    chk.check(re.match(r"^0x[0-9a-f]{8}$", fw), "firmware version format", fw)
    words = nvm_words(tp.cmd("show port 0 eeprom", timeout=60))
    chk.equal(len(words), 16384, "NVM words dumped")
    if len(words) > 0x40:
        chk.equal(nvm_checksum(words), 0xBABA, "NVM checksum")
        chk.equal(fw, "0x%04x%04x" % (words[0x2E], words[0x2D]),
                  "firmware version = NVM eTrack words")

    # flow control
    out = tp.cmd("show port 0 flow_ctrl")
    chk.check(re.search(r"Rx pause: off\s+Tx pause: off", out),
              "flow control off by default", out)
    tp.cmd("set flow_ctrl rx on tx on 300 50 369 1 mac_ctrl_frame_fwd off "
           "autoneg on 0")
    out = tp.cmd("show port 0 flow_ctrl")
    for k, v in (("Rx pause", "on"), ("Tx pause", "on"),
                 ("Pause time", "0x171"), ("High waterline", "0x12c"),
                 ("Low waterline", "0x32"), ("Send XON", "on"),
                 ("Forward MAC control frames", "off")):
        m = re.search(r"%s: (\S+)" % k, out)
        chk.equal(m.group(1) if m else None, v, "flow_ctrl %s" % k)
    mark = len(tp.stderr_lines)
    tp.cmd("set flow_ctrl rx on tx on 600 50 369 1 mac_ctrl_frame_fwd off "
           "autoneg on 0")
    out = tp.cmd("show port 0 flow_ctrl")
    chk.check("High waterline: 0x12c" in out, "600 KB high water refused, "
              "settings unchanged", out)
    errs = []
    for _ in range(50):
        errs = [l for _, l in tp.stderr_lines[mark:] if "ixguard: port 0: "
                "flow control water marks" in l]
        if errs:
            break
        tl.time.sleep(0.1)
    chk.equal(len(errs), 1, "one log line for the refused water mark")
    tp.cmd("set flow_ctrl rx off tx off 300 50 369 1 mac_ctrl_frame_fwd off "
           "autoneg off 0")

    tp.cmd("start")
    # mac_filter
    tp.cmd("set promisc 0 off")
    expect_rx(chk, env, tp, ctl, [PORT_MAC], 4, "own MAC, promisc off")
    expect_rx(chk, env, tp, ctl, [EXTRA_MAC, OTHER_MAC], 0,
              "unknown MACs, promisc off")
    tp.cmd("mac_addr add 0 %s" % EXTRA_MAC)
    expect_rx(chk, env, tp, ctl, [EXTRA_MAC, OTHER_MAC], 4,
              "added MAC accepted, other dropped")
    tp.cmd("mac_addr remove 0 %s" % EXTRA_MAC)
    expect_rx(chk, env, tp, ctl, [EXTRA_MAC], 0, "removed MAC dropped")

    # dynamic_config
    tp.cmd("set promisc 0 on")
    expect_rx(chk, env, tp, ctl, [EXTRA_MAC, OTHER_MAC], 8,
              "promisc on: all unicast")
    tp.cmd("set promisc 0 off")
    expect_rx(chk, env, tp, ctl, [MCAST], 0, "multicast, allmulti off")
    tp.cmd("set allmulti 0 on")
    expect_rx(chk, env, tp, ctl, [MCAST, MCAST_OTHER], 8, "allmulti on")
    tp.cmd("set allmulti 0 off")
    tp.cmd("mcast_addr add 0 %s" % MCAST)
    expect_rx(chk, env, tp, ctl, [MCAST, MCAST_OTHER], 4,
              "mcast_addr list: listed group only")
    tp.cmd("mcast_addr remove 0 %s" % MCAST)
    expect_rx(chk, env, tp, ctl, [MCAST], 0, "mcast_addr removed")
    expect_rx(chk, env, tp, ctl, ["ff:ff:ff:ff:ff:ff"], 4, "broadcast")
    tp.cmd("stop")

    # stats_checks
    st = tl.parse_port_stats(tp.cmd("show port stats 0"))[0]
    xs = tl.parse_xstats(tp.cmd("show port xstats 0"))
    # DPDK's scheme: direction_detail_unit, where a first part other than
    # rx/tx means no affinity with either (mac_..., iommu_faults).
    bad = [n for n in xs
           if not re.match(r"^(rx|tx|mac|iommu)_[a-z0-9_]+$", n)]
    chk.equal(bad, [], "xstats names are rx_/tx_/mac_/iommu_ lower case")
    for n in ("rx_good_packets", "tx_good_packets", "rx_good_bytes",
              "tx_good_bytes", "rx_missed_errors", "rx_errors",
              "tx_errors", "rx_q0_packets", "rx_crc_errors",
              "rx_broadcast_packets", "rx_multicast_packets"):
        chk.check(n in xs, "xstat %s present" % n)
    chk.equal(xs.get("rx_good_packets"), st["RX-packets"],
              "rx_good_packets = RX-packets")
    chk.equal(xs.get("rx_good_bytes"), st["RX-bytes"],
              "rx_good_bytes = RX-bytes")
    chk.equal(xs.get("rx_broadcast_packets"), 4, "rx_broadcast_packets")
    chk.equal(xs.get("rx_multicast_packets"), 12, "rx_multicast_packets")
    _, rep = tl.finish(chk, tp)
    p = tl.report_port(rep, tl.emulated_bdf(0))
    if chk.check(p is not None, "report entry of port 0"):
        chk.equal(p.get("rx_good_packets"), st["RX-packets"],
                  "model rx_good_packets = RX-packets")
        chk.equal(p.get("rx_good_octets"), st["RX-bytes"],
                  "model rx_good_octets = RX-bytes")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

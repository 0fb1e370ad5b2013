#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard runs each of its burst paths: every path of the selector
table is forced in turn (devargs rx_path/tx_path, the EAL's
--force-max-simd-bitwidth) in each dma_isolation mode, and forwards
frames both ways byte for byte.

For each configuration: testpmd io forwarding on two uncabled ports
(--wire none); the control FIFO replays a set of frames of many lengths
into port 0 and another into port 1 (twice: the rings wrap), and the
platform captures what each port transmits.  Expected: 'show rxq info P 0' / 'show txq info P 0'
name the path the selector must choose (Burst mode), port 1 sends
exactly port 0's frames and port 0 exactly port 1's, in order and byte
for byte, with no RX error.
Also: an unknown family is refused at probe with one log line listing
the families of this build; a vector family forced with
--force-max-simd-bitwidth=64 fails the port start with one log line per
port.
"""
import os
import platform
import re

import ixemu_testlib as tl
import ixguard_pmd as pmd

# What the selector tables hold (drivers/net/ixguard/ixguard_rxtx_select.c),
# as the test expects it: family -> mode -> (RX name, TX name); None: the
# family has no path that way.  A new path adds its names here.
# On x86 the scalar family's RX and TX are "Scalar bulk" (built with the
# vector paths' burst code), elsewhere "Scalar".
SCALAR_BULK = "Scalar bulk" if platform.machine() in ("x86_64", "i686") \
    else "Scalar"
NAMES = {
    "scalar": {"shadow": (SCALAR_BULK + " shadow", SCALAR_BULK + " shadow"),
               "shared": (SCALAR_BULK, SCALAR_BULK),
               "port": (SCALAR_BULK, SCALAR_BULK + " DMA-checked")},
    "sse": {"shadow": ("Vector SSE shadow", "Vector SSE shadow"),
            "shared": ("Vector SSE", "Vector SSE"),
            "port": ("Vector SSE", "Vector SSE DMA-checked")},
    "avx2": {"shadow": ("Vector AVX2 shadow", None),
             "shared": ("Vector AVX2", None),
             "port": ("Vector AVX2", None)},
}
# Fastest first, with the SIMD width and /proc/cpuinfo flag each needs.
PREFERENCE = ["avx2", "sse", "scalar"]
SIMD = {"scalar": 64, "sse": 128, "avx2": 256}
CPU_FLAG = {"scalar": None, "sse": "sse4_1", "avx2": "avx2"}
EAL_DEFAULT_SIMD = 256      # RTE_VECT_DEFAULT_SIMD_BITWIDTH on x86
MODES = ["shadow", "shared", "port"]

LENGTHS = [60, 64, 65, 127, 128, 200, 255, 256, 511, 512, 1000, 1023, 1024,
           1500, 1514]
# Fewer than a 512-descriptor ring holds (none may be missed however
# late testpmd polls), replayed twice: the rings wrap around.
FRAMES_PER_PORT = 30 * len(LENGTHS)
REPLAYS = 2


def cpu_flags():
    with open("/proc/cpuinfo") as f:
        m = re.search(r"^flags\s*:\s*(.*)$", f.read(), re.M)
    return set(m.group(1).split()) if m else set()


def build_frames(port):
    from scapy.all import IP, UDP, Ether, Raw
    frames = []
    for i in range(FRAMES_PER_PORT):
        length = LENGTHS[i % len(LENGTHS)]
        p = Ether(src="02:00:00:00:0%d:%02x" % (port, i & 0xff),
                  dst="00:1b:21:ee:00:0%d" % port) / \
            IP(src="198.18.%d.%d" % (port * 8 + i // 200, 1 + i % 200),
               dst="198.19.0.1", id=i) / UDP(sport=1024 + i, dport=9)
        pad = length - len(p)
        frames.append(bytes(p / Raw(bytes((port * 97 + i * 31 + k) & 0xff
                                          for k in range(pad)))))
    return frames


def burst_mode(tp, what, port):
    out = tp.cmd("show %s info %d 0" % (what, port))
    m = re.search(r"Burst mode:\s*(.+?)\s*$", out, re.M)
    return m.group(1) if m else None


class Expect:
    def __init__(self, families, flags, simd):
        self.families = families
        self.flags = flags
        self.simd = simd

    def runnable(self, f):
        return (f in self.families and SIMD[f] <= self.simd and
                (CPU_FLAG[f] is None or CPU_FLAG[f] in self.flags))

    def name(self, forced, mode, d):
        """Name the selector must pick for direction d (0 RX, 1 TX) with
        family 'forced' ("auto": any); None: the start must fail."""
        cands = PREFERENCE if forced == "auto" else [forced]
        for f in cands:
            n = NAMES[f][mode][d]
            if n is not None and self.runnable(f):
                return n
        return None


def env_simd():
    v = os.environ.get(tl.SIMD_ENV, "")
    return int(v) if v else EAL_DEFAULT_SIMD


def forwarding(env, chk, exp, mode, rx, tx, simd, frames, pcaps):
    from scapy.all import rdpcap

    tag = "%s-rx_%s-tx_%s%s" % (mode, rx, tx,
                                "-simd%d" % simd if simd else "")
    want_rx = exp.name(rx, mode, 0)
    want_tx = exp.name(tx, mode, 1)
    caps = [os.path.join(env.outdir, "%s-port%d-tx.pcap" % (tag, p))
            for p in (0, 1)]
    ctl = tl.control_fifo(env, "control-" + tag)
    da = ",dma_isolation=%s,rx_path=%s,tx_path=%s" % (mode, rx, tx)
    tp = pmd.start(env, ports=2, name=tag,
                   allow=[tl.emulated_bdf(p) + da for p in (0, 1)],
                   extra_eal=(["--force-max-simd-bitwidth=%d" % simd]
                              if simd else []),
                   ixemu_args=["--wire", "none", "--control", ctl,
                               "--pcap-out", "0=" + caps[0],
                               "--pcap-out", "1=" + caps[1]],
                   extra_app=["--forward-mode=io"])
    for p in (0, 1):
        chk.equal(burst_mode(tp, "rxq", p), want_rx,
                  "%s: port %d RX burst mode" % (tag, p))
        chk.equal(burst_mode(tp, "txq", p), want_tx,
                  "%s: port %d TX burst mode" % (tag, p))
    tp.cmd("start")
    for r in range(1, REPLAYS + 1):
        for p in (0, 1):
            tl.write_control(ctl, "pcap %d %s" % (p, pcaps[p]))
        # What port p receives, port 1 - p sends.
        for p in (0, 1):
            tl.poll_stats(tp, 1 - p, "TX-packets", r * len(frames[p]),
                          timeout=30)
    tp.cmd("stop")
    frames = [f * REPLAYS for f in frames]
    stats = tl.parse_port_stats(tp.cmd("show port stats all"))
    for p in (0, 1):
        s = stats.get(p, {})
        chk.equal(s.get("RX-packets"), len(frames[p]),
                  "%s: port %d RX-packets" % (tag, p))
        chk.equal(s.get("TX-packets"), len(frames[1 - p]),
                  "%s: port %d TX-packets" % (tag, p))
        for k in ("RX-errors", "RX-missed", "RX-nombuf", "TX-errors"):
            chk.equal(s.get(k), 0, "%s: port %d %s" % (tag, p, k))
    tl.finish(chk, tp)
    for p in (0, 1):
        got = [bytes(f) for f in rdpcap(caps[1 - p])]
        chk.equal(len(got), len(frames[p]),
                  "%s: port %d sent as many frames as port %d received"
                  % (tag, 1 - p, p))
        bad = [i for i, (g, w) in enumerate(zip(got, frames[p])) if g != w]
        chk.check(len(got) == len(frames[p]) and not bad,
                  "%s: port %d's frames leave port %d byte for byte, in "
                  "order" % (tag, p, 1 - p), bad[:5])


def families_of_build(env, chk):
    """The families this build has, from the probe's refusal of one it
    has not; also checks that refusal."""
    bdfs = [tl.emulated_bdf(i) for i in range(3)]
    tp = pmd.start(env, ports=3, name="bogus",
                   allow=[bdfs[0] + ",rx_path=bogus", bdfs[1] +
                          ",tx_path=bogus2", bdfs[2]],
                   extra_app=["--forward-mode=io"])
    lines = [l for l in tp.stderr.split("\n") if "ixguard" in l]
    rx = [l for l in lines if "rx_path=bogus" in l]
    tx = [l for l in lines if "tx_path=bogus2" in l]
    chk.equal(len(rx), 1, "one log line for rx_path=bogus")
    chk.equal(len(tx), 1, "one log line for tx_path=bogus2")
    info = tl.parse_port_info(tp.cmd("show port info 0"))
    chk.equal(info.get("Device name"), bdfs[2],
              "the devices with a bogus path were not probed")
    tl.finish(chk, tp)
    m = re.search(r"expected (auto(?:\|[a-z0-9]+)+)", rx[0] if rx else "")
    chk.check(m is not None, "the refusal lists the families", rx)
    fams = set(m.group(1).split("|")[1:]) if m else {"scalar"}
    chk.check("scalar" in fams, "the build has the scalar family", fams)
    unknown = fams - set(NAMES)
    chk.check(not unknown, "this test knows every family of the build "
              "(add their names to NAMES)", unknown)
    return fams & set(NAMES)


def refused(env, chk, fam):
    """A vector family with --force-max-simd-bitwidth=64: start fails."""
    d = 0 if NAMES[fam]["shadow"][0] is not None else 1
    key = "rx_path" if d == 0 else "tx_path"
    tag = "refused-%s" % fam
    tp = pmd.start(env, ports=2, name=tag,
                   allow=[tl.emulated_bdf(p) + ",%s=%s" % (key, fam)
                          for p in (0, 1)],
                   extra_eal=["--force-max-simd-bitwidth=64"],
                   extra_app=["--forward-mode=io"])
    # stderr is read by a thread of its own: it may trail the prompt.
    for p in (0, 1):
        tl.wait_stderr(tp, r"port %d: %s=%s cannot run" % (p, key, fam), 5)
    lines = [l for _, l in tp.stderr_lines
             if "%s=%s cannot run" % (key, fam) in l]
    for p in (0, 1):
        chk.equal(len([l for l in lines if "port %d:" % p in l]), 1,
                  "%s: one log line for port %d" % (tag, p))
    chk.check(all("max SIMD bitwidth" in l for l in lines),
              "%s: the line says why" % tag, lines)
    chk.check(tl.wait_stderr(tp, r"Fail to start port 0", 5),
              "%s: testpmd could not start port 0" % tag)
    tl.finish(chk, tp)


def test(env, chk):
    from scapy.all import Ether, wrpcap

    fams = families_of_build(env, chk)
    print("# families of this build: %s" % sorted(fams))
    frames = [build_frames(p) for p in (0, 1)]
    pcaps = []
    for p in (0, 1):
        path = os.path.join(env.outdir, "frames-into-port%d.pcap" % p)
        wrpcap(path, [Ether(f) for f in frames[p]])
        pcaps.append(path)
    flags = cpu_flags()
    exp = Expect(fams, flags, env_simd())
    for mode in MODES:
        forwarding(env, chk, exp, mode, "auto", "auto", None, frames, pcaps)
        for f in sorted(fams):
            if not exp.runnable(f):
                print("# %s: not runnable here (SIMD %d, CPU flags)" %
                      (f, exp.simd))
                continue
            rx = f if NAMES[f][mode][0] is not None else "auto"
            tx = f if NAMES[f][mode][1] is not None else "auto"
            forwarding(env, chk, exp, mode, rx, tx, None, frames, pcaps)
    # The EAL's max SIMD bitwidth, honoured by "auto".
    exp64 = Expect(fams, flags, 64)
    for mode in MODES:
        forwarding(env, chk, exp64, mode, "auto", "auto", 64, frames, pcaps)
    for f in sorted(fams - {"scalar"}):
        refused(env, chk, f)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard against a device that lies: at least a million forged RX
and TX write-backs (devtools/ixemu --hostile rx,tx) with traffic flowing,
counted in the platform's --report JSON ("hostile_writebacks", summed over
both ports).  The driver must stay alive and exit cleanly, count the lies
in its error xstats, give every mbuf back to its pool after stop and
close, and never hand the device an address outside its IOMMU domain
(faults == 0; the hostile model does not sabotage itself either).

Two runs:
  - Debian's dpdk-testpmd, flowgen forwarding on both ports (every burst
    receives and transmits), until the ports have received enough frames
    for the lies to add up; then stop, xstats, port stop, dump_mempool,
    port close, quit;
  - test_mempool_leak --hostile N: both ports send and receive until the
    model has forged N write-backs; it checks xstats, no receive stall,
    pools full after stop and close, and IOMMU faults itself.  Once in
    shadow mode (the default: the device writes the queues' own buffers,
    frames are copied) and once in port mode (zero copy: the device
    writes the application's mbufs).

--devargs adds devargs to both ports (e.g. ",rx_path=sse,tx_path=sse" to
run the lies against one burst path, see ixguard_rxtx_select.c), and
--expect-path NAME checks that testpmd's "show rxq info" / "show txq info"
name a path that starts with NAME.
"""
import json
import os
import subprocess
import time

import ixemu_testlib as tl
import ixguard_pmd as pmd

TARGET = 1000000
# Counters of the lies the driver detected (xstats of net_ixguard).
LIE_XSTATS = ("rx_bad_descriptors", "rx_forged_writebacks",
              "rx_mac_error_frames_dropped", "tx_forged_writebacks",
              "tx_bad_packets")
HOSTILE = "rx,tx,seed=%d,rate=1"


def extra_args(p):
    p.add_argument("--leak-bin", help="test_mempool_leak executable")
    p.add_argument("--target", type=int, default=TARGET)
    p.add_argument("--max-secs", type=int, default=70)
    p.add_argument("--devargs", default="",
                   help="devargs added to both ports, starting with ','")
    p.add_argument("--eal", action="append", default=[],
                   help="an EAL option for both programs")
    p.add_argument("--expect-path", default=None,
                   help="the RX and TX paths' names start with this")


def forged_total(chk, rep, what):
    n = sum(p.get("hostile_writebacks", 0) for p in (rep or {}).get("ports", []))
    print("# %s: %d forged write-backs" % (what, n))
    return n


def testpmd_flowgen(env, chk):
    tp = pmd.start(env, ports=2, name="flowgen",
                   ixemu_args=["--hostile", HOSTILE % 7],
                   allow=[tl.emulated_bdf(i) + env.args.devargs
                          for i in range(2)],
                   extra_eal=env.args.eal,
                   extra_app=["--forward-mode=flowgen"])
    if env.args.expect_path:
        for what in ("rxq", "txq"):
            out = tp.cmd("show %s info 0 0" % what)
            chk.check(("Burst mode: " + env.args.expect_path) in out,
                      "%s burst mode starts with %r" %
                      (what, env.args.expect_path),
                      "; ".join(l for l in out.splitlines()
                                if "Burst" in l))
    tp.cmd("start")
    t0 = time.monotonic()
    rx = 0
    # At rate=1 each received frame brings at least one lie: the frames
    # the ports received are a lower bound of the write-backs forged.
    while time.monotonic() - t0 < env.args.max_secs:
        time.sleep(2)
        stats = tl.parse_port_stats(tp.cmd("show port stats all"))
        rx = sum(s.get("RX-packets", 0) for s in stats.values())
        print("# %.0fs: ports received %d frames"
              % (time.monotonic() - t0, rx))
        if rx >= env.args.target * 2:
            break
    tp.cmd("stop", timeout=60)
    chk.check(tp.alive(), "testpmd alive after the hostile run")
    for port in (0, 1):
        xs = tl.parse_xstats(tp.cmd("show port xstats %d" % port))
        lies = {k: xs.get(k, 0) for k in LIE_XSTATS}
        print("# port %d: %s" % (port, lies))
        chk.check(sum(lies.values()) > 0,
                  "port %d counted the lies in its xstats" % port, lies)
    tp.cmd("port stop all", timeout=60)
    pools = pmd.mempool_full(tp.cmd("dump_mempool", timeout=60))
    if chk.check(len(pools) > 0, "dump_mempool lists the pools"):
        for name, size, avail in pools:
            chk.equal(avail, size, "mempool %s full after port stop" % name)
    tp.cmd("port close all", timeout=60)
    pools = pmd.mempool_full(tp.cmd("dump_mempool", timeout=60))
    for name, size, avail in pools:
        chk.equal(avail, size, "mempool %s full after port close" % name)
    summ, rep = tl.finish(chk, tp)
    chk.check(forged_total(chk, rep, "testpmd flowgen") >= env.args.target,
              "at least %d forged write-backs (testpmd)" % env.args.target)


def mempool_leak(env, chk, mode):
    if not env.args.leak_bin:
        raise tl.TestError("--leak-bin not given")
    report = os.path.join(env.outdir, "leak-report-%s.json" % mode)
    devargs = ",dma_isolation=%s" % mode + env.args.devargs
    mem = ["--huge-unlink"] if env.huge else ["--no-huge", "-m", "256"]
    argv = ([env.ixemu, "--ports", "2", "--hostile", HOSTILE % 11,
             "--report", report, "--", env.args.leak_bin,
             "-l", "0-1", "-n", "1", "--iova-mode=va",
             "--file-prefix", "ixghostile%d" % os.getpid(),
             "-d", pmd.require_plugin(env),
             "-a", tl.emulated_bdf(0) + devargs,
             "-a", tl.emulated_bdf(1) + devargs] + mem + env.args.eal +
            ["--", "--hostile", str(env.args.target),
             "--max-secs", str(env.args.max_secs)])
    print("# run: %s" % " ".join(argv))
    envv = dict(os.environ)
    envv["IXEMU_LIB"] = env.lib
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=envv,
                           cwd=env.outdir, timeout=env.args.max_secs + 60)
        out, rc = p.stdout.decode(errors="replace"), p.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b"").decode(errors="replace"), "timeout"
    with open(os.path.join(env.outdir, "leak-%s.log" % mode), "w") as f:
        f.write(out)
    for line in out.splitlines():
        if line.startswith(("ok", "FAIL", "#", "ixemu:")):
            print("#   " + line)
    chk.equal(rc, 0, "test_mempool_leak --hostile exit code (%s)" % mode)
    chk.check("FAIL" not in out,
              "test_mempool_leak --hostile: no FAIL line (%s)" % mode)
    try:
        with open(report) as f:
            rep = json.load(f)
    except (OSError, ValueError):
        rep = None
    if chk.check(rep is not None, "--report JSON written", report):
        chk.equal(rep.get("iommu", {}).get("faults"), 0, "report iommu.faults")
        chk.check(forged_total(chk, rep, "test_mempool_leak")
                  >= env.args.target,
                  "at least %d forged write-backs (test_mempool_leak, %s)"
                  % (env.args.target, mode))


def test(env, chk):
    if (env.args.devargs or env.args.eal or env.args.expect_path) and \
            os.environ.get("IXGUARD_TEST_MAX_SIMD_BITWIDTH"):
        # A per-path run (meson.build) chooses its SIMD width itself.
        raise tl.Skip("the test run forces the SIMD width")
    testpmd_flowgen(env, chk)
    for mode in ("shadow", "port"):
        mempool_leak(env, chk, mode)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0], extra_args)

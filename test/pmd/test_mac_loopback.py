#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""MAC loopback (dev_conf.lpbk_mode = 1) with net_ixguard.

1. testpmd on two ports with no cable (--wire none): 'port config all
   loopback 1', io forwarding with --tx-first: each port's frames come
   back to itself, so both ports receive although nothing is cabled.
   Loopback mode 2 is refused by the port start.
2. DPDK's own dpdk-test 'pmd_perf_autotest' (it sets lpbk_mode = 1)
   passes on the two uncabled ports.
"""
import os
import re
import subprocess

import ixemu_testlib as tl
import ixguard_pmd as pmd


def test(env, chk):
    tp = pmd.start(env, ports=2, ixemu_args=["--wire", "none"],
                   extra_app=["--forward-mode=io"])
    tp.cmd("port stop all")
    tp.cmd("port config all loopback 2")
    out = tp.cmd("port start 0")
    chk.check(tl.wait_stderr(tp, r"ixguard: port 0: loopback mode 2 not "
                             r"supported", 10), "loopback mode 2 refused",
              out)
    tp.cmd("port stop all")
    tp.cmd("port config all loopback 1")
    tp.cmd("port start all")
    tp.cmd("start tx_first")
    tl.time.sleep(2)
    stop = tl.parse_fwd_port_stats(tp.cmd("stop"))
    for p in (0, 1):
        rx = stop.get(p, {}).get("RX-packets", 0)
        chk.check(rx > 1000, "port %d receives its own frames back" % p, rx)
    tp.cmd("port stop all")
    tp.cmd("port config all loopback 0")
    tp.cmd("port start all")
    tp.cmd("start tx_first")
    tl.time.sleep(1)
    stop = tl.parse_fwd_port_stats(tp.cmd("stop"))
    chk.equal(stop.get(0, {}).get("RX-packets", 0), 0,
              "loopback off, no cable: nothing received")
    tl.finish(chk, tp)

    # dpdk-test pmd_perf_autotest
    dpdk_test = "/usr/bin/dpdk-test"
    if not os.path.exists(dpdk_test):
        raise tl.TestError("dpdk-test not installed")
    report = os.path.join(env.outdir, "perf-report.json")
    argv = [env.ixemu, "--ports", "2", "--wire", "none", "--report", report,
            "--", dpdk_test, "-l", "0-1", "-n", "1", "--iova-mode=va",
            "--file-prefix", "ixgperf%d" % os.getpid(),
            "-d", pmd.require_plugin(env),
            "-a", tl.emulated_bdf(0), "-a", tl.emulated_bdf(1)]
    argv += ["--huge-unlink"] if env.huge else ["--no-huge", "-m", "512"]
    argv += tl.eal_forced_args()
    envv = dict(os.environ, IXEMU_LIB=env.lib, DPDK_TEST="pmd_perf_autotest")
    print("# run: %s" % " ".join(argv))
    # 140-200 s on a quiet 2-vCPU machine (the model carries every frame
    # of the autotest), much more on a loaded one: room for both; an
    # ASan build runs the same workload about 3 times slower.
    p = subprocess.run(argv, capture_output=True, text=True,
                       timeout=420 * tl.slowdown(), env=envv,
                       cwd=env.outdir, stdin=subprocess.DEVNULL)
    with open(os.path.join(env.outdir, "pmd_perf.log"), "w") as f:
        f.write(p.stdout + "\n--- stderr ---\n" + p.stderr)
    chk.check("Test OK" in p.stdout, "pmd_perf_autotest: Test OK",
              p.stdout[-1500:])
    chk.equal(p.returncode, 0, "dpdk-test exit code")
    chk.check(re.search(r"Probe PCI driver: net_ixguard", p.stderr),
              "dpdk-test ports driven by net_ixguard")
    summ = tl.parse_ixemu_summary(p.stderr)
    if chk.check(summ is not None, "ixemu summary line"):
        chk.equal(summ["faults"], 0, "IOMMU faults")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

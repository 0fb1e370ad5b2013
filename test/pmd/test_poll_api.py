#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard's polling helpers (rx_queue_count, get_monitor_addr's
callback, tx_done_cleanup, xstats by id) on real traffic, through
poll_api.c, in every DMA isolation mode and with every burst path the
machine runs (devargs dma_isolation, rx_path, tx_path).

Each run is a program under devtools/ixemu on two cabled ports; its
ok/FAIL lines are checks, and the IOMMU must report no fault.
"""
import os
import re
import subprocess

import ixemu_testlib as tl
import ixguard_pmd as pmd

MODES = ["shared", "port", "strict", "shadow"]


def paths():
    """(rx_path, tx_path) pairs: scalar, and the vector ones the CPU and
    the run's forced SIMD width allow (TX has no AVX2 family)."""
    out = [("scalar", "scalar")]
    simd = os.environ.get(tl.SIMD_ENV, "")
    if simd and int(simd) < 128:
        return out
    flags = open("/proc/cpuinfo").read()
    if os.uname().machine == "x86_64":
        out.append(("sse", "sse"))
        if re.search(r"\bavx2\b", flags) and not (simd and int(simd) < 256):
            out.append(("avx2", "sse"))
    return out


def extra(p):
    p.add_argument("--program", required=True)


def test(env, chk):
    exe = env.args.program
    if not chk.check(os.access(exe, os.X_OK), "poll_api is built", exe):
        return
    plugin = pmd.require_plugin(env)
    for mode in MODES:
        for rx, tx in paths():
            name = "%s-%s" % (mode, rx)
            report = os.path.join(env.outdir, name + "-report.json")
            dev = ",dma_isolation=%s,rx_path=%s,tx_path=%s" % (mode, rx, tx)
            argv = [env.ixemu, "--ports", "2", "--report", report, "--",
                    exe, "-l", "0-1", "-n", "1", "--iova-mode=va",
                    "--file-prefix", "ixgpoll%d" % os.getpid(),
                    "-d", plugin, "-a", tl.emulated_bdf(0) + dev,
                    "-a", tl.emulated_bdf(1) + dev]
            argv += (["--huge-unlink"] if env.huge
                     else ["--no-huge", "-m", "512"])
            envv = dict(os.environ, IXEMU_LIB=env.lib)
            print("# run: %s" % " ".join(argv))
            p = subprocess.run(argv, capture_output=True, text=True,
                               timeout=180, env=envv, cwd=env.outdir)
            with open(os.path.join(env.outdir, name + ".log"), "w") as f:
                f.write(p.stdout + "\n--- stderr ---\n" + p.stderr)
            for line in p.stdout.splitlines():
                m = re.match(r"^(ok|FAIL): (.*)$", line)
                if m:
                    chk.check(m.group(1) == "ok", "%s: %s" % (name,
                                                             m.group(2)))
                elif line.startswith("# "):
                    print("# %s: %s" % (name, line[2:]))
            chk.equal(p.returncode, 0, "%s: poll_api exit code" % name)
            summ = tl.parse_ixemu_summary(p.stderr)
            if chk.check(summ is not None, "%s: ixemu summary line" % name):
                chk.equal(summ["faults"], 0, "%s: IOMMU faults" % name)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0], extra)

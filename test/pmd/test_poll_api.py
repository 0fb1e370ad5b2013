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
    for mode in MODES:
        for rx, tx in paths():
            dev = ",dma_isolation=%s,rx_path=%s,tx_path=%s" % (mode, rx, tx)
            pmd.run_program(env, chk, "%s-%s" % (mode, rx), exe,
                            devargs=dev, timeout=180)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0], extra)

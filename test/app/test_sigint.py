#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""SIGINT in the middle of traffic (io forwarding with --tx-first on two
emulated ports, net_ixguard): guardpmd stops forwarding, prints its final
statistics, closes the ports, finds every mbuf back in the pool and
exits 0."""
import time

import gp_testlib as gl
import ixemu_testlib as tl
import ixguard_pmd as pmd


def test(env, chk):
    r = gl.ixemu(env, ["--fwd", "io", "--tx-first", "--stats-period", "1"],
                 name="sigint", plugin=pmd.require_plugin(env))
    chk.check(r.wait_for("==== guardpmd:", 120), "forwarding, live display")
    time.sleep(1)
    r.interrupt()
    rc = gl.finish(r, 120)
    chk.equal(rc, 0, "exit code after SIGINT")
    out = r.stdout
    chk.check("signal received: stopped" in out, "signal acknowledged")
    fwd = tl.parse_fwd_port_stats(out)
    chk.check(fwd.get(0, {}).get("RX-packets", 0) > 0 and
              fwd.get(1, {}).get("RX-packets", 0) > 0,
              "traffic both ways before the signal", fwd)
    chk.equal(gl.mbufs_line(out), 0, "mbufs in use at exit")
    summ = tl.parse_ixemu_summary(r.stderr)
    chk.check(summ is not None and summ["faults"] == 0, "no IOMMU fault",
              summ)


if __name__ == "__main__":
    gl.main(test, __doc__.splitlines()[0])

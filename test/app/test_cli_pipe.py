#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""guardpmd's prompt driven through a pipe: on two emulated ports with
net_ixguard, start/stop, show port info/stats/xstats, set promisc, port
stop/config/start, show dma domain (the shared-domain answer while the
PMD exports no DMA query), an unknown command, and quit; then the same
'show dma domain' answer for a vdev (net_ring)."""
import time

import gp_testlib as gl
import ixemu_testlib as tl
import ixguard_pmd as pmd

SHARED = "DMA domain: shared (EAL default container: all DPDK memory)"


def step(r, cmd, expect, timeout=60):
    before = len(r.stdout)
    r.send(cmd)
    ok = r.wait_for(expect, timeout)
    return ok, r.stdout[before:]


def ixguard_session(env, chk):
    r = gl.ixemu(env, ["-i", "--tx-first"], name="cli-ixguard",
                 plugin=pmd.require_plugin(env), stdin_pipe=True)
    chk.check(r.wait_for("guardpmd> ", 120), "first prompt")
    ok, out = step(r, "show port info 0", "Driver name: net_ixguard")
    chk.check(ok, "show port info 0: driver", out[-300:])
    ok, out = step(r, "start", "forwarding started")
    chk.check(ok, "start", out[-300:])
    time.sleep(2)
    ok, _ = step(r, "show port stats all", "NIC statistics for port 1")
    time.sleep(0.5)
    stats = tl.parse_port_stats(r.stdout)
    chk.check(ok and stats.get(0, {}).get("RX-packets", 0) > 0,
              "show port stats all: traffic", stats)
    ok, out = step(r, "stop", "Forward statistics for port 1")
    chk.check(ok, "stop prints the forward statistics", out[-300:])
    ok, out = step(r, "show port xstats 1", "rx_good_packets")
    chk.check(ok, "show port xstats 1", out[-300:])
    ok, out = step(r, "set promisc 0 off", "promiscuous mode off")
    chk.check(ok, "set promisc 0 off", out[-300:])
    ok, out = step(r, "port stop 0", "port 0: stop: done")
    chk.check(ok, "port stop 0", out[-300:])
    ok, out = step(r, "port config 0 rxd 512", "rxd 512")
    chk.check(ok, "port config 0 rxd 512", out[-300:])
    ok, out = step(r, "port start 0", "port 0: start: done")
    chk.check(ok, "port start 0", out[-300:])
    ok, out = step(r, "show port info 0", "descriptors: 512")
    chk.check(ok, "port 0 now has 512 RX descriptors", out[-400:])
    # The IOMMU faults line ends net_ixguard's answer.
    ok, out = step(r, "show dma domain 0", "IOMMU faults:")
    # net_ixguard exports its domain: the port's own, in shadow mode (the
    # default), with each mapping's permission.
    chk.check(ok and "ixguard-0000:00:10.0" in out and
              "DMA domain: shadow " in out and "perm=ro tx shadow" in out and
              SHARED not in out, "show dma domain 0 (ixguard's own domain)",
              out[-300:])
    chk.check("IOMMU faults: 0 " in out,
              "show dma domain 0: no IOMMU fault in normal operation",
              out[-300:])
    ok, out = step(r, "frobnicate", "Command not found")
    chk.check(ok, "unknown command refused", out[-200:])
    r.send("quit")
    r.close_stdin()
    rc = gl.finish(r, 120)
    chk.equal(rc, 0, "exit code after quit")
    chk.equal(gl.mbufs_line(r.stdout), 0, "mbufs in use at exit")
    summ = tl.parse_ixemu_summary(r.stderr)
    chk.check(summ is not None and summ["faults"] == 0, "no IOMMU fault",
              summ)


def vdev_session(env, chk):
    # End of input without "quit" also quits.
    r = gl.vdev(env, ["--vdev", "net_ring0"], ["-i"], name="cli-vdev",
                stdin_pipe=True)
    chk.check(r.wait_for("guardpmd> ", 60), "vdev: first prompt")
    ok, out = step(r, "show dma domain 0", "DMA domain")
    chk.check(ok and SHARED in out and "(net_ring)" in out,
              "show dma domain 0 (net_ring)", out[-300:])
    r.close_stdin()
    rc = gl.finish(r, 60)
    chk.equal(rc, 0, "vdev: exit code at end of input")


def test(env, chk):
    ixguard_session(env, chk)
    vdev_session(env, chk)


if __name__ == "__main__":
    gl.main(test, __doc__.splitlines()[0])

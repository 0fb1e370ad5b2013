#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""guardpmd on two emulated 82599 ports, with net_ixguard (-d plugin) and
with Debian's net_ixgbe: txonly on port 0 -> rxonly on port 1 (--latency)
delivers what was sent (counts of guardpmd, the driver's xstats and the
platform's model counters agree), the latency report is sane, and the
--json output parses; no IOMMU fault, every mbuf back at exit."""
import gp_testlib as gl
import ixemu_testlib as tl
import ixguard_pmd as pmd


def latency_run(env, chk, drv, plugin):
    r = gl.ixemu(env, ["--latency", "--duration", "2", "--tx-pps", "200000",
                       "--stats-period", "1", "--json"],
                 name="latency-" + drv, plugin=plugin)
    res = gl.finish_json(chk, r, drv, 180)
    if res is None:
        return
    want = "net_ixguard" if plugin else "net_ixgbe"
    p0, p1 = gl.port(res, 0), gl.port(res, 1)
    chk.equal(p0.get("driver"), want, "%s: port 0 driver" % drv)
    s0, s1 = p0.get("sw", {}), p1.get("sw", {})
    tx = s0.get("tx_packets", 0)
    chk.check(tx > 1000, "%s: port 0 transmitted" % drv, tx)
    h1 = p1.get("hw", {})
    # What was sent arrived, or the port counted it missed.
    chk.equal(s1.get("rx_packets", 0) + h1.get("imissed", 0), tx,
              "%s: port 1 received + missed vs port 0 sent" % drv)
    chk.equal(p0.get("xstats", {}).get("tx_good_packets"), tx,
              "%s: port 0 xstat tx_good_packets" % drv)
    chk.equal(p1.get("xstats", {}).get("rx_good_packets"),
              s1.get("rx_packets"), "%s: port 1 xstat rx_good_packets" % drv)
    chk.equal(p1.get("hw", {}).get("ibytes"), s1.get("rx_bytes"),
              "%s: port 1 ibytes vs guardpmd rx bytes" % drv)
    chk.equal(res.get("mbufs_in_use_at_exit"), 0, "%s: mbufs in use" % drv)
    lat = res.get("latency")
    gl.check_latency(chk, lat, drv)
    if lat:
        chk.equal(lat.get("samples"), s1.get("rx_packets"),
                  "%s: a latency sample per received packet" % drv)
    chk.check("latency (" in r.stderr and "p99.9" in r.stderr,
              "%s: latency report printed" % drv)
    summ = tl.parse_ixemu_summary(r.stderr)
    chk.check(summ is not None and summ["faults"] == 0,
              "%s: no IOMMU fault" % drv, summ)
    rep = gl.report(r)
    m0 = tl.report_port(rep, tl.emulated_bdf(0)) or {}
    m1 = tl.report_port(rep, tl.emulated_bdf(1)) or {}
    chk.equal(m0.get("tx_good_packets"), tx,
              "%s: model port 0 tx_good_packets" % drv)
    chk.equal(m1.get("rx_good_packets", 0) + m1.get("rx_missed", 0), tx,
              "%s: model port 1 rx_good_packets + rx_missed" % drv)
    chk.equal(m1.get("rx_good_octets"), s1.get("rx_bytes"),
              "%s: model port 1 rx_good_octets vs guardpmd" % drv)


def test(env, chk):
    plugin = pmd.require_plugin(env)
    latency_run(env, chk, "ixguard", plugin)
    latency_run(env, chk, "ixgbe", None)


if __name__ == "__main__":
    gl.main(test, __doc__.splitlines()[0])

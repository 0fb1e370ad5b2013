#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""guardpmd --mp-alloc: the default, xbuf (a pinned external-buffer pool
on page-aligned, whole-page memzones), forwards through net_ixguard in
port and strict modes with every buffer usable (no edge buffer set aside,
nothing refused, no IOMMU fault) and each port's domain maps the pool's
data zone exactly (so none of its mbuf headers); in shadow mode no page
of the pool; native works as before; on net_ring vdevs both give the
same counts."""
import re

import gp_testlib as gl
import ixemu_testlib as tl
import ixguard_pmd as pmd

DURATION = 3


def pool_line(text):
    """'mbuf pool gp_mbuf_pool: N mbufs (--mp-alloc xbuf): ..., K KiB'
    -> (N, KiB) or None."""
    m = re.search(r"mbuf pool gp_mbuf_pool: (\d+) mbufs \(--mp-alloc "
                  r"xbuf\).* (\d+) KiB", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def pool_mapped_bytes(dom):
    """Bytes of the mappings that hold gp_mbuf_pool (and nothing else)."""
    total = 0
    for line in dom.get("mappings", []):
        m = re.match(r"iova=0x[0-9a-f]+ len=(0x[0-9a-f]+) page=\S+ "
                     r"(?:perm=\S+ )?(.*)$", line)
        if m and m.group(2) == "mempool gp_mbuf_pool":
            total += int(m.group(1), 16)
    return total


def ixguard_run(env, chk, plugin, mode, mp_alloc):
    what = "%s/%s" % (mode, mp_alloc or "default")
    app = ["--tx-first", "--duration", str(DURATION), "--stats-period", "0",
           "--json"]
    if mp_alloc:
        app += ["--mp-alloc", mp_alloc]
    r = gl.ixemu(env, app, name="mp-%s-%s" % (mode, mp_alloc or "default"),
                 plugin=plugin, devargs="dma_isolation=" + mode)
    doms = {}
    xbuf = mp_alloc in (None, "xbuf")
    if r.wait_for("port 1:", timeout=60, stream="stderr"):
        for port in (0, 1):
            try:
                rep = pmd.telemetry(r.prefix, "/ixguard/dma_domain,%d" % port)
                doms[port] = rep.get("/ixguard/dma_domain", {})
            except (OSError, ValueError, tl.TestError) as e:
                print("# telemetry: %s" % e)
    res = gl.finish_json(chk, r, what, 120)
    if res is None:
        return
    chk.equal(res.get("mp_alloc"), "xbuf" if xbuf else "native",
              "%s: mp_alloc" % what)
    for p in (0, 1):
        port = gl.port(res, p)
        sw, xs = port.get("sw", {}), port.get("xstats", {})
        chk.check(sw.get("rx_packets", 0) > 1000 and
                  sw.get("tx_packets", 0) > 1000,
                  "%s: port %d received and transmitted" % (what, p),
                  (sw.get("rx_packets"), sw.get("tx_packets")))
        chk.equal(sw.get("tx_dropped"), 0, "%s: port %d tx_dropped" %
                  (what, p))
        for k in ("rx_dma_unmapped_bufs", "tx_dma_refused_packets",
                  "iommu_faults", "rx_queue_dma_errors"):
            chk.equal(xs.get(k), 0, "%s: port %d xstat %s" % (what, p, k))
        dom = doms.get(p)
        if chk.check(dom is not None and dom.get("mode") == mode,
                     "%s: port %d domain read through telemetry" % (what, p),
                     dom and dom.get("mode")):
            got = pool_mapped_bytes(dom)
            if mode == "shadow":
                chk.equal(got, 0, "%s: port %d domain maps no page of the "
                          "pool (packets are copied)" % (what, p))
            elif xbuf:
                pl = pool_line(r.stderr)
                want = pl[1] * 1024 if pl else None
                chk.equal(got, want, "%s: port %d domain maps exactly the "
                          "pool's data zone, no header page" % (what, p))
            else:
                chk.check(got > 0, "%s: port %d domain maps the native "
                          "pool" % (what, p), got)
    chk.equal(res.get("mbufs_in_use_at_exit"), 0, "%s: mbufs in use" % what)
    if xbuf:
        chk.check(pool_line(r.stderr) is not None, "%s: the pool line "
                  "names --mp-alloc xbuf" % what, r.stderr[-300:])
    chk.check("lie in pages shared with other memory" not in r.stderr,
              "%s: the driver set no buffer aside" % what)
    summ = tl.parse_ixemu_summary(r.stderr)
    chk.check(summ is not None and summ["faults"] == 0,
              "%s: no IOMMU fault" % what, summ)


def vdev_run(env, chk, mp_alloc):
    r = gl.vdev(env, [], ["--ring-pairs", "1", "--latency", "--tx-pps",
                          "500000", "--duration", "1", "--stats-period", "0",
                          "--json", "--mp-alloc", mp_alloc],
                name="ring-" + mp_alloc)
    rc = gl.finish(r, 60)
    res = r.json()
    chk.equal(rc, 0, "ring/%s: exit code" % mp_alloc)
    chk.equal(res.get("mp_alloc"), mp_alloc, "ring/%s: mp_alloc" % mp_alloc)
    p0, p1 = gl.port(res, 0).get("sw", {}), gl.port(res, 1).get("sw", {})
    chk.check(p0.get("tx_packets", 0) > 1000 and
              p1.get("rx_packets") == p0.get("tx_packets"),
              "ring/%s: port 1 received what port 0 sent" % mp_alloc,
              (p1.get("rx_packets"), p0.get("tx_packets")))
    chk.equal(res.get("mbufs_in_use_at_exit"), 0,
              "ring/%s: mbufs in use" % mp_alloc)


def test(env, chk):
    plugin = pmd.require_plugin(env)
    # the default (xbuf), xbuf named, and native; shadow copies
    for mode, mp in (("port", None), ("strict", "xbuf"), ("port", "native"),
                     ("shadow", None)):
        ixguard_run(env, chk, plugin, mode, mp)
    vdev_run(env, chk, "xbuf")
    vdev_run(env, chk, "native")


if __name__ == "__main__":
    gl.main(test, __doc__.splitlines()[0])

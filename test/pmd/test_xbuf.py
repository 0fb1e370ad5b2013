#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Unmodified dpdk-testpmd --mp-alloc=xbuf (a pinned external-buffer pool)
forwards through net_ixguard in every dma_isolation mode: io forwarding
moves traffic both ways, nothing is dropped or refused, no IOMMU fault, the
pool is full again after 'port stop all'; in the private modes the port's
DMA domain (telemetry /ixguard/dma_domain) holds no page of the pool's mbuf
headers, and in port and strict modes every page wholly inside the pool's
data areas (shadow mode: none), and the buffers of the areas' edge pages
are never given to the device (set aside once, at start, for every queue
of the pool); a pool
with no usable buffer is refused at RX queue set-up, with the reason."""
import re
import time

import ixemu_testlib as tl
import ixguard_pmd as pmd

# What each dma_isolation mode promises for an application pool.
#   private:   the port has a domain of its own (else the EAL's container,
#              which maps all DPDK memory: nothing to check page by page)
#   maps_pool: the pool's data areas are in that domain (zero-copy RX/TX);
#              otherwise no page of the pool is (shadow: packets are copied
#              through the queues' own buffers)
# A new mode is one more line.
MODES = {
    "shared": dict(private=False, maps_pool=True),
    "port": dict(private=True, maps_pool=True),
    "strict": dict(private=True, maps_pool=True),
    "shadow": dict(private=True, maps_pool=False),
}

POOL = "mb_pool_0"
MBUF_SIZE = 2176                # testpmd's default --mbuf-size
ZONE_SIZE = 2 * 1024 * 1024 - 4 * 64   # testpmd's EXTBUF_ZONE_SIZE
MBUFS = 8192
PAGE = 4096


def parse_memzones(text):
    """'dump_memzone' -> {name: [(iova, len), ...]} (physical segments),
    plus the zone's own (virt, len) under key (name, 'zone')."""
    zones = {}
    cur = None
    for line in text.splitlines():
        m = re.search(r"Zone \d+: name:<([^>]*)>, len:(0x[0-9a-f]+), "
                      r"virt:(0x[0-9a-f]+)", line)
        if m:
            cur = m.group(1)
            zones[cur] = dict(len=int(m.group(2), 16),
                              virt=int(m.group(3), 16), segs=[])
            continue
        m = re.search(r"addr: (0x[0-9a-f]+) iova: (0x[0-9a-f]+) "
                      r"len: (0x[0-9a-f]+)", line)
        if m and cur is not None:
            zones[cur]["segs"].append((int(m.group(1), 16),
                                       int(m.group(2), 16),
                                       int(m.group(3), 16)))
    return zones


def va_to_iova(zone, va):
    for addr, iova, ln in zone["segs"]:
        if addr <= va < addr + ln:
            return iova + (va - addr)
    return None


def zone_pages(zone, start, end, whole):
    """IOVAs of the 4 KiB pages of [start, end) (virtual addresses of
    the zone): those touched, or only those wholly inside (whole)."""
    if whole:
        lo, hi = -(-start // PAGE) * PAGE, end // PAGE * PAGE
    else:
        lo, hi = start // PAGE * PAGE, -(-end // PAGE) * PAGE
    pages = set()
    for va in range(lo, hi, PAGE):
        # the page's first byte may precede the zone: look up a byte in it
        iova = va_to_iova(zone, max(va, start))
        if iova is not None:
            pages.add(iova // PAGE * PAGE)
    return pages


def domain_pages(dom):
    """Ranges [start, end) of IOVA from the mappings' strings."""
    res = []
    for line in dom.get("mappings", []):
        m = re.match(r"iova=(0x[0-9a-f]+) len=(0x[0-9a-f]+)", line)
        if m:
            s = int(m.group(1), 16)
            res.append((s, s + int(m.group(2), 16)))
    return res


def in_ranges(ranges, page):
    return any(s <= page and page + PAGE <= e for s, e in ranges)


def hits_ranges(ranges, page):
    return any(s < page + PAGE and page < e for s, e in ranges)


def pool_layout(zones):
    """The pool's header pages (its own memzones) and, per data zone, the
    pages its buffers touch and those wholly inside them, as testpmd lays
    the buffers: back to back from each zone's start, ZONE_SIZE //
    MBUF_SIZE per zone, in zone order."""
    hdr = set()
    for name, z in zones.items():
        if name == "MP_" + POOL or re.fullmatch(r"MP_%s_\d+" % POOL, name):
            hdr |= zone_pages(z, z["virt"], z["virt"] + z["len"], False)
    per = ZONE_SIZE // MBUF_SIZE
    left = MBUFS
    inner, touched = set(), set()
    n = 0
    while left > 0:
        z = zones.get("MP_%s_xb_%d" % (POOL, n))
        if z is None:
            break
        used = min(per, left) * MBUF_SIZE
        inner |= zone_pages(z, z["virt"], z["virt"] + used, True)
        touched |= zone_pages(z, z["virt"], z["virt"] + used, False)
        left -= min(per, left)
        n += 1
    return hdr, inner, touched - inner, n


def run_mode(env, chk, mode):
    spec = MODES[mode]
    allow = ["%s,dma_isolation=%s" % (tl.emulated_bdf(i), mode)
             for i in range(2)]
    tp = pmd.start(env, ports=2, name="xbuf-" + mode, allow=allow,
                   mbufs=MBUFS, extra_app=["--forward-mode=io",
                                           "--mp-alloc=xbuf"])
    zones = parse_memzones(tp.cmd("dump_memzone", timeout=60))
    hdr, inner, edge, nzones = pool_layout(zones)
    print("# %s: %d data zones, %d header pages, %d whole data pages, "
          "%d edge pages" % (mode, nzones, len(hdr), len(inner), len(edge)))
    chk.check(nzones > 0 and len(hdr) > 0 and len(inner) > 0,
              "%s: testpmd made the xbuf pool (memzones MP_%s_xb_N)"
              % (mode, POOL), (nzones, len(hdr), len(inner)))
    for port in (0, 1):
        rep = pmd.telemetry(tp.prefix, "/ixguard/dma_domain,%d" % port)
        dom = rep.get("/ixguard/dma_domain", {})
        chk.equal(dom.get("mode"), mode, "%s: port %d domain mode" %
                  (mode, port))
        ranges = domain_pages(dom)
        if not spec["private"]:
            chk.equal(dom.get("mappings_count"), 0,
                      "%s: port %d: the library maps nothing (the EAL's "
                      "container holds all DPDK memory)" % (mode, port))
            continue
        chk.check(ranges and dom.get("mappings_count") == len(ranges),
                  "%s: port %d: telemetry lists the domain's mappings"
                  % (mode, port), dom.get("mappings_count"))
        bad = sorted(p for p in hdr if hits_ranges(ranges, p))
        chk.check(not bad, "%s: port %d domain holds no page of the "
                  "pool's mbuf headers (%d pages)" % (mode, port, len(hdr)),
                  [hex(p) for p in bad[:4]])
        bad = sorted(p for p in edge if hits_ranges(ranges, p))
        chk.check(not bad, "%s: port %d domain holds no edge page of the "
                  "data zones (%d pages)" % (mode, port, len(edge)),
                  [hex(p) for p in bad[:4]])
        missing = sorted(p for p in inner if not in_ranges(ranges, p))
        if spec["maps_pool"]:
            chk.check(not missing, "%s: port %d domain holds every page "
                      "wholly inside the data zones (%d)"
                      % (mode, port, len(inner)),
                      "%d missing" % len(missing))
        else:
            chk.equal(len(inner) - len(missing), 0, "%s: port %d domain "
                      "holds no page of the data zones" % (mode, port))

    tp.cmd("start tx_first")
    time.sleep(2)
    stop = tp.cmd("stop")
    time.sleep(0.5)
    fwd = tl.parse_fwd_port_stats(stop)
    stats = tl.parse_port_stats(tp.cmd("show port stats all"))
    print("# %s: forward stats %s" % (mode, fwd))
    unmapped = 0
    for p in (0, 1):
        f, s = fwd.get(p, {}), stats.get(p, {})
        chk.check(f.get("RX-packets", 0) > 1000 and
                  f.get("TX-packets", 0) > 1000,
                  "%s: port %d received and transmitted" % (mode, p),
                  (f.get("RX-packets"), f.get("TX-packets")))
        chk.equal(f.get("TX-dropped"), 0, "%s: port %d TX-dropped" % (mode, p))
        chk.equal(s.get("TX-errors"), 0, "%s: port %d TX-errors" % (mode, p))
        chk.equal(s.get("RX-errors"), 0, "%s: port %d RX-errors" % (mode, p))
        chk.equal(s.get("RX-nombuf"), 0, "%s: port %d RX-nombuf" % (mode, p))
        xs = tl.parse_xstats(tp.cmd("show port xstats %d" % p))
        for k in ("tx_dma_refused_packets", "rx_queue_dma_errors",
                  "tx_queue_dma_errors", "iommu_faults"):
            chk.equal(xs.get(k), 0, "%s: port %d xstat %s" % (mode, p, k))
        chk.check("rx_dma_unmapped_bufs" in xs, "%s: port %d has the xstat "
                  "rx_dma_unmapped_bufs" % (mode, p))
        unmapped += xs.get("rx_dma_unmapped_bufs", 0)
    # Every edge buffer is set aside by at most one queue at a time.
    m = re.search(r"mempool %s: (\d+) of its (\d+) external buffers lie in "
                  r"pages shared" % POOL, tp.stderr)
    if spec["private"] and spec["maps_pool"]:
        chk.check(m is not None and int(m.group(2)) == MBUFS,
                  "%s: the driver logged the pool's edge buffers" % mode,
                  m.group(0) if m else None)
        edges = int(m.group(1)) if m else 0
        # The pool is full when the ports start: the first RX queue sets
        # every edge buffer aside, once for all queues of the pool, and
        # then no queue checks buffer by buffer.
        chk.check(edges > 0 and unmapped == edges, "%s: every edge buffer "
                  "set aside once (%d of %d)" % (mode, unmapped, edges))
        swept = re.findall(r"rxq \d+: mempool %s: (\d+) of its (\d+) edge "
                           r"buffers set aside at start(: buffers are posted "
                           r"without a per-buffer check)?" % POOL, tp.stderr)
        chk.check(len(swept) == 1 and swept[0][0] == swept[0][1] ==
                  str(edges) and swept[0][2] != "",
                  "%s: one sweep at start held all %d edge buffers, so no "
                  "per-buffer check" % (mode, edges), swept)
    else:
        chk.equal(unmapped, 0, "%s: no buffer set aside" % mode)
    tp.cmd("port stop all", timeout=60)
    pmd.check_mempools(chk, tp, "after port stop (%s)" % mode)
    tl.finish(chk, tp)


def gapped_pool(env, chk):
    """--mbuf-size=2200: testpmd spaces the buffers 2240 bytes apart, so
    no page lies wholly inside a buffer and none can be mapped: the RX
    queue set-up is refused, with a line that says why, not left to
    fault."""
    allow = ["%s,dma_isolation=port" % tl.emulated_bdf(i) for i in range(2)]
    tp = pmd.start(env, ports=2, name="xbuf-gapped", allow=allow,
                   mbufs=MBUFS, extra_app=["--forward-mode=io",
                                           "--mp-alloc=xbuf",
                                           "--mbuf-size=2200"])
    m = tl.wait_stderr(tp, r"port 0 rxq 0: mempool %s: only 0 of its %d "
                       r"external buffers lie in whole pages" % (POOL, MBUFS))
    chk.check(m is not None, "gapped pool: RX queue set-up refused with "
              "the reason", tp.stderr[-400:])
    chk.check(tl.wait_stderr(tp, r"Fail to configure port 0 rx queues")
              is not None, "gapped pool: testpmd reports the failure")
    tl.finish(chk, tp)


def extra(p):
    p.add_argument("--modes", default=",".join(MODES),
                   help="comma-separated dma_isolation modes to run")


def test(env, chk):
    for mode in env.args.modes.split(","):
        if mode not in MODES:
            raise tl.TestError("unknown mode %r (known: %s)"
                               % (mode, ", ".join(MODES)))
        run_mode(env, chk, mode)
    if env.args.modes == ",".join(MODES):
        gapped_pool(env, chk)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0], extra)

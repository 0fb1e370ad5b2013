#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""What DMA confinement costs: net_ixguard's modes against shared mode.

build/test/bench/pmd_cost (test/bench/pmd_cost.c, the method of
doc/bench/pmd-cycles.md: the platform in synchronous mode, only the
driver's rx_burst and tx_burst counted) holds four pairs of emulated ports
in one process, all driven by net_ixguard, each pair in its own
dma_isolation mode and fed from a pool of its own, of one kind per process
(pmd_cost --own-pools: as an application whose ports are all in one mode,
so that the driver finds every edge buffer of an xbuf pool free at start):

  native  shared, port, strict, shadow on rte_pktmbuf_pool_create() pools
  xbuf    shared, port, strict, shadow on a pinned external-buffer pool
          laid out as dpdk-testpmd --mp-alloc=xbuf lays it (zones of
          2 MiB - 256 bytes: their edge pages are never mapped)
  xbuf2m  the same on 2 MiB-aligned whole zones (as guardpmd's pools)

Per set, each mode's cycles per packet are divided by shared mode's on the
same kind of pool, block against block (the blocks of one rotation run a
few milliseconds apart).  Targets (issue 9): zero copy (port and strict
with external-buffer pools) at most 1.03; the copy path (shadow) at most
1.15 at 64 bytes, the 1518-byte figure reported.  The IOMMU model's IOTLB
misses per packet come with each mode.  --repeat N shows the spread.

Each measurement holds /tmp/ixguard-bench.lock; pmd_cost's measuring thread
runs SCHED_FIFO (--fifo) on one CPU.  Output: doc/bench/dma-overhead.md and
.json.

Usage: test/bench/dma_overhead.py [--rounds N] [--repeat N]
           [--sets native,xbuf,xbuf2m] [--build-dir DIR] [--out FILE]
"""
import argparse
import fcntl
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "test", "pmd"))
sys.path.insert(0, os.path.join(ROOT, "test", "platform"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pmd_cycles as pc  # noqa: E402

SIZES = (64, 1518)
MODES = ("shared", "port", "strict", "shadow")
SETS = ("native", "xbuf", "xbuf2m")
# What the device's writes leave in the CPU's caches (lib/vfioemu/sync.c).
CACHE_MODELS = {
    "flush": "every line the device wrote is flushed from the caches, as "
             "a DMA write on a platform without DDIO",
    "demote": "every line the device wrote is demoted to the shared L3 "
              "(CLDEMOTE), as DDIO leaves a DMA write",
    "hot": "the device's writes stay in the core's caches (the model "
           "runs on the same core): a bound, not a platform",
}
# What each pool kind is, for the tables.
POOL_TEXT = {
    "native": "`rte_pktmbuf_pool_create()` (testpmd's default)",
    "xbuf": "pinned external buffers, testpmd `--mp-alloc=xbuf` layout",
    "xbuf2m": "pinned external buffers on 2 MiB-aligned whole zones "
              "(guardpmd)",
}


def process_cmd(pool, args, tag, rnd):
    """pmd_cost with the four modes on the four pairs, rotated by round;
    returns the command and the pair names in function order."""
    order = [MODES[(i + rnd) % len(MODES)] for i in range(len(MODES))]
    eal = ["-l", str(args.cpu), "-n", "1", "--iova-mode=va",
           "--file-prefix", "ixdma%d%s" % (os.getpid(), tag),
           "--huge-unlink", "-d", args.plugin]
    for k, mode in enumerate(order):
        for f in (2 * k, 2 * k + 1):
            eal += ["-a", "0000:00:10.%d,dma_isolation=%s" % (f, mode)]
    app = ["--sizes", ",".join(str(s) for s in SIZES),
           "--blocks", str(args.blocks), "--warmup", str(args.warmup),
           "--steps", str(args.steps), "--inflight", str(args.inflight),
           "--rxd", str(args.ring), "--txd", str(args.ring),
           "--cache", args.cache, "--timer", args.timer,
           "--pools", ",".join([pool] * 4),
           "--names", ",".join(order)]
    if not args.one_pool:
        app.append("--own-pools")
    if args.rt:
        app.append("--fifo")
    return ([pc.IXEMU, "--ports", "8", "--", args.pmd_cost] + eal +
            ["--"] + app), order


def run_process(pool, args, tag, rnd):
    """{mode: {size: result}} (pmd_cycles.run_pmd_cost())."""
    cmd, order = process_cmd(pool, args, tag, rnd)
    out, res = pc.run_pmd_cost(cmd, pool)
    for mode, by_size in res.items():
        for r in by_size.values():
            if r["driver"] != "net_ixguard" or r["pool"] != pool:
                raise SystemExit("%s: driver %s, pool %s" % (
                    mode, r["driver"], r["pool"]))
    if sorted(res) != sorted(MODES) or any(
            set(v) != set(SIZES) for v in res.values()):
        sys.stderr.write(out[-3000:])
        raise SystemExit("pmd_cost gave no result for every mode and size")
    return res


def measure(args, label):
    procs = []
    with open(pc.LOCK, "w") as lk:
        t0 = time.time()
        fcntl.flock(lk, fcntl.LOCK_EX)
        pc.log("%s: lock taken after %.0f s" % (label, time.time() - t0))
        t0 = time.time()
        for r in range(args.rounds):
            for pool in args.sets:
                res = run_process(pool, args, "r%d%s" % (r, pool[-1]), r)
                procs.append({"pool": pool, "res": res})
                pc.log("%s round %d/%d %-6s %s" % (
                    label, r + 1, args.rounds, pool, "  ".join(
                        "%s %.0f/%.0f" % (m, res[m][64]["min"],
                                          res[m][1518]["min"])
                        for m in MODES)))
        fcntl.flock(lk, fcntl.LOCK_UN)
    pc.log("%s: %.0f s" % (label, time.time() - t0))
    time.sleep(5)
    return procs


def summarize(procs):
    """{(pool, mode, size): figures}: the block-against-block ratio to
    shared mode (median over every block of every process), the ratio of
    the 10% quantiles, cycles per packet and IOTLB misses per packet."""
    out = {}
    for pool in SETS:
        ps = [p["res"] for p in procs if p["pool"] == pool]
        if not ps:
            continue
        for mode in MODES:
            for s in SIZES:
                blocks = [b for r in ps for b in r[mode][s]["blocks"]]
                ref = [b for r in ps for b in r["shared"][s]["blocks"]]
                pair = [x / y for r in ps for x, y in zip(
                    r[mode][s]["blocks"], r["shared"][s]["blocks"])]
                out[(pool, mode, s)] = {
                    "cycles_per_packet": pc.quantile(blocks, pc.QUANTILE),
                    "median_block": statistics.median(blocks),
                    "ratio_pair": statistics.median(pair),
                    "ratio_q": pc.quantile(blocks, pc.QUANTILE) /
                    pc.quantile(ref, pc.QUANTILE),
                    "iotlb_misses_per_packet": statistics.mean(
                        r[mode][s]["iotlb_misses_per_packet"] for r in ps),
                    "rx": statistics.median(r[mode][s]["rx"] for r in ps),
                    "tx": statistics.median(r[mode][s]["tx"] for r in ps),
                    "rx_path": ps[0][mode][s]["rx_path"],
                    "tx_path": ps[0][mode][s]["tx_path"],
                    "processes": len(ps)}
    return out


def target(pool, mode, size):
    """Issue 9's targets, at 64 bytes: the copy path (shadow) 1.15, zero
    copy (port and strict on external-buffer pools) 1.03."""
    if size != 64:
        return None
    if mode == "shadow":
        return 1.15
    if pool != "native" and mode in ("port", "strict"):
        return 1.03
    return None


def write_doc(args, mach, summaries, minutes):
    last = summaries[-1]
    L = ["# What DMA confinement costs\n"]
    L.append(
        "Measured by `test/bench/dma_overhead.py` on %s: %s, %d CPUs, Linux "
        "%s, %s, on the emulated platform.  Load average %.2f at the "
        "start, %.2f at the end.  %d measurement(s) of %d rounds, %.0f "
        "minutes in all.\n" % (
            mach["date"], mach["cpu"], mach["ncpu"], mach["kernel"],
            mach["dpdk"], mach["load"], os.getloadavg()[0], len(summaries),
            args.rounds, minutes))
    L.append("## Method\n")
    L.append(
        "The driver-cost method of [pmd-cycles.md](pmd-cycles.md): "
        "`build/test/bench/pmd_cost` with the platform in synchronous "
        "mode, so that only net_ixguard's `rx_burst` and `tx_burst` are "
        "counted (testpmd's io forwarding, burst 32, %d descriptors, "
        "%d bursts in flight per port, cache model `%s`: %s; timer "
        "`%s`).  One "
        "process holds "
        "four pairs of ports, one per `dma_isolation` mode, each fed from "
        "a pool of its own, all of one kind (so that, as in an "
        "application whose ports are all in one mode, the driver finds "
        "every edge buffer of an `xbuf` pool free when the port starts "
        "and sets them aside); their blocks alternate, and the modes "
        "change pairs from round to round.  A mode's ratio is the median, "
        "over every block of every process, of its block's cycles per "
        "packet divided by shared mode's block of the same rotation (a "
        "few milliseconds apart).  The ratio of the 10%% quantiles is "
        "shown too.  IOTLB misses per packet are the IOMMU model's (64 "
        "entries per page size) while the pair ran.  The model's time, "
        "and with it the cost of an IOTLB miss, is not in the cycles: on "
        "real hardware a miss costs the device a page walk, not the "
        "CPU.\n" % (args.ring, args.inflight, args.cache,
                     CACHE_MODELS.get(args.cache, ""), args.timer))
    L.append("| pool | mode | rx / tx path | 64 B cycles | ratio to shared "
             "| (quantiles) | target | 1518 B cycles | ratio | "
             "(quantiles) | IOTLB misses / packet (64 B, 1518 B) |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for pool in args.sets:
        for mode in MODES:
            a, b = last[(pool, mode, 64)], last[(pool, mode, 1518)]
            t = target(pool, mode, 64)
            L.append("| %s | %s | %s / %s | %.1f | **%.3f** | %.3f | %s | "
                     "%.1f | **%.3f** | %.3f | %.4f, %.4f |" % (
                         pool, mode, a["rx_path"], a["tx_path"],
                         a["cycles_per_packet"], a["ratio_pair"],
                         a["ratio_q"], "<= %.2f %s" % (
                             t, "met" if a["ratio_pair"] <= t else
                             "NOT met") if t else "",
                         b["cycles_per_packet"], b["ratio_pair"],
                         b["ratio_q"], a["iotlb_misses_per_packet"],
                         b["iotlb_misses_per_packet"]))
    L.append("\nPools: " + "; ".join("%s: %s" % (k, POOL_TEXT[k])
                                     for k in args.sets) + ".\n")
    if len(summaries) > 1:
        L.append("## Does it repeat?\n")
        L.append("The measurement ran %d times.  Per ratio: each run's "
                 "value and the largest deviation of a run from their "
                 "median.\n" % len(summaries))
        L.append("| pool | mode | size | runs | max dev |")
        L.append("|---|---|---|---|---|")
        worst = 0.0
        for pool in args.sets:
            for mode in MODES[1:]:
                for s in SIZES:
                    v = [x[(pool, mode, s)]["ratio_pair"] for x in summaries]
                    m = statistics.median(v)
                    d = max(abs(x / m - 1) for x in v) * 100
                    worst = max(worst, d)
                    L.append("| %s | %s | %d B | %s | %.1f%% |" % (
                        pool, mode, s, " ".join("%.3f" % x for x in v), d))
        L.append("\nLargest deviation: %.1f%%.\n" % worst)
    L.append("## Reproduce\n")
    L.append("```\n%s\n```\n" % args.command)
    with open(args.out, "w") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=4,
                    help="rounds; the modes take each pair in turn, so a "
                         "multiple of 4")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--one-pool", action="store_true",
                    help="the four pairs share one pool of the kind (as "
                         "before 2026-12-04; an xbuf pool's edge buffers "
                         "then go to the shared-mode pair first)")
    pc.add_pmd_cost_args(ap)
    ap.add_argument("--cpu", type=int, default=1)
    ap.add_argument("--no-rt", dest="rt", action="store_false")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(ROOT, "doc", "bench",
                                                  "dma-overhead.md"))
    args = ap.parse_args()
    args.command = " ".join(["test/bench/dma_overhead.py"] + sys.argv[1:])
    args.sets = args.sets.split(",")
    if set(args.sets) - set(SETS):
        raise SystemExit("sets: %s" % ", ".join(SETS))
    if not pc.huge_ok():
        raise SystemExit("needs hugepages (external-buffer zones are "
                         "IOVA-contiguous)")
    pc.find_programs(args)
    mach = pc.machine()
    start = time.time()
    summaries, raw = pc.repeat_runs(
        args, measure, summarize,
        lambda sm: ", 64 B ratios to shared: " + ", ".join(
            "%s/%s %.3f" % (p, m, sm[(p, m, 64)]["ratio_pair"])
            for p in args.sets for m in MODES[1:]))
    minutes = (time.time() - start) / 60
    write_doc(args, mach, summaries, minutes)
    with open(os.path.splitext(args.out)[0] + ".json", "w") as f:
        json.dump({"machine": mach, "command": args.command,
                   "summaries": [{"%s/%s/%d" % k: v for k, v in s.items()}
                                 for s in summaries],
                   "minutes": minutes}, f, indent=1)
    pc.log("wrote %s" % args.out)


if __name__ == "__main__":
    main()

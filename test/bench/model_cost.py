#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""The 82599 model's CPU cost per frame, old tree against new, in one run.

test/bench/model_cost.c drives two model functions cabled back to back
with a synthetic driver (no DPDK, no model thread) and times only the
calls into the model.  This script builds that one program twice with the
same compiler flags: against lib/ of a base revision (git archive, so no
checkout is needed) and against lib/ of the working tree.  It then runs
the two binaries alternately, round after round, for each scenario, and
reports cycles per frame and the old/new ratio of every round.

Run it under the benchmark lock:
    flock /tmp/ixguard-bench.lock test/bench/model_cost.py --base bb5c6b2

Usage: test/bench/model_cost.py [--base REV] [--rounds N] [--reps N]
                                [--frames N] [--out FILE] [--json FILE]
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BENCH_SRC = os.path.join(ROOT, "test", "bench", "model_cost.c")
MAIN_SRC = os.path.join(ROOT, "test", "bench", "model_cost_main.c")
# meson's debugoptimized, as the platform library is built
CFLAGS = ["-O2", "-g", "-std=gnu11", "-D_GNU_SOURCE", "-Wall", "-Wextra"]

# name, arguments
SCENARIOS = [
    ("64B 2M-pages (testpmd io defaults)", ["--size", "64"]),
    ("64B 4K-pages", ["--size", "64", "--page", "4k"]),
    ("64B RSS+interrupts", ["--size", "64", "--rss", "--intr"]),
    ("1518B 2M-pages", ["--size", "1518"]),
]


def build(tree, out):
    """model_cost.c against tree/lib (ixmodel + the IOMMU), as a .so."""
    lib = os.path.join(tree, "lib")
    srcs = sorted(os.path.join(lib, "ixmodel", f)
                  for f in os.listdir(os.path.join(lib, "ixmodel"))
                  if f.endswith(".c"))
    srcs.append(os.path.join(lib, "vfioemu", "iommu.c"))
    cmd = ["gcc"] + CFLAGS + [
        "-fPIC", "-shared", "-fvisibility=hidden", "-Wl,-Bsymbolic",
        "-I" + os.path.join(lib, "ixmodel"),
        "-I" + os.path.join(lib, "ix82599"),
        "-I" + os.path.join(lib, "vfioemu"),
        "-I" + os.path.join(ROOT, "test", "bench"),
        BENCH_SRC] + srcs + ["-o", out]
    subprocess.run(cmd, check=True)


def build_main(out):
    subprocess.run(["gcc"] + CFLAGS + [
        "-I" + os.path.join(ROOT, "test", "bench"), MAIN_SRC, "-ldl",
        "-o", out], check=True)


def export(rev, dest):
    """lib/ of revision rev, unpacked under dest."""
    arch = subprocess.run(["git", "-C", ROOT, "archive", rev, "lib"],
                          check=True, stdout=subprocess.PIPE).stdout
    subprocess.run(["tar", "-x", "-C", dest], input=arch, check=True)


def run(main, libs, args, reps, frames):
    out = subprocess.run([main, "--reps", str(reps), "--frames",
                          str(frames)] + args + libs, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    res = json.loads(out)
    for lib in res["libs"]:
        # Every frame posted is moved and counted; nothing faults.
        assert lib["rx_missed"] == 0, lib
        assert lib["faults"] == 0 and lib["audit_violations"] == 0, lib
        assert lib["gprc"] == lib["rx_reaped"] == lib["gptc"], lib
    return res


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d CPUs, %s, gcc %s" % (
        model, os.cpu_count(), platform.release(),
        subprocess.run(["gcc", "-dumpfullversion"], stdout=subprocess.PIPE,
                       text=True).stdout.strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="bb5c6b2",
                    help="revision whose lib/ is the old code")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--reps", type=int, default=31,
                    help="measurements of each build per round (process); "
                         "the median is kept")
    ap.add_argument("--frames", type=int, default=50000,
                    help="frames (both directions) per measurement")
    ap.add_argument("--only", default="",
                    help="comma-separated scenario numbers (0-based)")
    ap.add_argument("--out", help="write a markdown table here")
    ap.add_argument("--json", help="write every result here")
    args = ap.parse_args()

    scen = SCENARIOS
    if args.only:
        scen = [SCENARIOS[int(i)] for i in args.only.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        old_tree = os.path.join(tmp, "old")
        os.mkdir(old_tree)
        export(args.base, old_tree)
        libs = [os.path.join(tmp, "model_old.so"),
                os.path.join(tmp, "model_new.so")]
        main = os.path.join(tmp, "model_cost_main")
        build(old_tree, libs[0])
        build(ROOT, libs[1])
        build_main(main)
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short",
                               "HEAD"], stdout=subprocess.PIPE,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain",
                                "lib"], stdout=subprocess.PIPE,
                               text=True).stdout.strip()
        results = []
        for name, sargs in scen:
            rounds = []
            for r in range(args.rounds):
                # Each round is a fresh process; within it the two builds
                # alternate rep by rep.
                res = run(main, libs, sargs, args.reps, args.frames)
                old, new = res["libs"]
                rounds.append({"old": old, "new": new,
                               "ratio": new["ratio_to_first"]})
                print("%-36s round %d: old %7.1f  new %7.1f cycles/frame"
                      "  old/new %.2f (reps %.2f..%.2f)" % (
                          name, r, old["cycles_per_frame"],
                          new["cycles_per_frame"], new["ratio_to_first"],
                          new["ratio_min"], new["ratio_max"]), flush=True)
            results.append({"scenario": name, "args": sargs,
                            "rounds": rounds})

    summary = []
    for res in results:
        rs = [x["ratio"] for x in res["rounds"]]
        old = [x["old"]["cycles_per_frame"] for x in res["rounds"]]
        new = [x["new"]["cycles_per_frame"] for x in res["rounds"]]
        oi = [x["old"]["idle_poll_cycles"] for x in res["rounds"]]
        ni = [x["new"]["idle_poll_cycles"] for x in res["rounds"]]
        summary.append({
            "scenario": res["scenario"],
            "old": statistics.median(old), "new": statistics.median(new),
            "ratio": statistics.median(rs), "ratio_min": min(rs),
            "ratio_max": max(rs), "old_idle": statistics.median(oi),
            "new_idle": statistics.median(ni),
            "iotlb": "%d/%d -> %d/%d" % (
                res["rounds"][0]["old"]["iotlb_hits"],
                res["rounds"][0]["old"]["iotlb_misses"],
                res["rounds"][0]["new"]["iotlb_hits"],
                res["rounds"][0]["new"]["iotlb_misses"]),
        })
    print()
    for s in summary:
        print("%-36s old %7.1f new %7.1f cycles/frame  ratio %.2f "
              "(rounds %.2f..%.2f)  idle poll %.0f -> %.0f cycles" % (
                  s["scenario"], s["old"], s["new"], s["ratio"],
                  s["ratio_min"], s["ratio_max"], s["old_idle"],
                  s["new_idle"]))
    calls = sum(x[k]["calls"] for r in results for x in r["rounds"]
                for k in ("old", "new"))
    dropped = sum(x[k]["calls_dropped"] for r in results
                  for x in r["rounds"] for k in ("old", "new"))
    print("model calls left out as preempted: %d of %d (%.2f%%)" % (
        dropped, calls, 100.0 * dropped / calls))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"base": args.base, "head": head, "dirty": bool(dirty),
                       "results": results}, f, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write("| scenario | old cycles/frame | new cycles/frame | "
                    "old/new (median of rounds) | rounds min..max "
                    "| idle poll, cycles per function: old -> new "
                    "| IOTLB hits/misses per run: old -> new |\n")
            f.write("|---|---:|---:|---:|---:|---:|---|\n")
            for s in summary:
                f.write("| %s | %.1f | %.1f | **%.2f** | %.2f..%.2f | "
                        "%.0f -> %.0f | %s |\n" % (
                            s["scenario"], s["old"], s["new"], s["ratio"],
                            s["ratio_min"], s["ratio_max"],
                            s["old_idle"], s["new_idle"], s["iotlb"]))
            f.write("\nBase %s, new %s%s; %d rounds x %d measurements "
                    "of %d frames; %.2f%% of the timed model calls left "
                    "out as preempted; %s; %s.\n" % (
                        args.base, head, " (+ uncommitted lib/)" if dirty
                        else "", args.rounds, args.reps, args.frames,
                        100.0 * dropped / calls, machine(),
                        datetime.datetime.utcnow().strftime(
                            "%Y-%m-%d %H:%M UTC")))
    return 0


if __name__ == "__main__":
    sys.exit(main())

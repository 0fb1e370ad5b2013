#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Emulator throughput in Mpps per model thread.

DPDK's own net_ixgbe runs io forwarding through two emulated 82599 ports
cabled back to back (dpdk-testpmd under devtools/ixemu), for 64-byte and
1518-byte frames.  The platform's report gives the frames the model thread
moved and the CPU time that thread spent in rounds that moved frames (its
CLOCK_THREAD_CPUTIME_ID clock, so time it sat preempted is not counted,
nor is its idle polling); their ratio is the model's CPU cost per frame
and its throughput per thread, independent of how fast the driver side
is.  The wall-clock rate over the whole run is printed beside it.

Usage: test/bench/platform_throughput.py [--seconds N] [--out FILE]
"""
import argparse
import json
import os
import tempfile
import time

import pmd_cycles as pc  # the same directory

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(size, seconds, in_flight_bursts):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        cmd = [os.path.join(ROOT, "devtools", "ixemu"), "--ports", "2",
               "--report", report, "--",
               "dpdk-testpmd", "-l", "0-1", "-n", "1",
               "--file-prefix", "ixbench%d" % os.getpid(),
               "-a", "0000:00:10.0", "-a", "0000:00:10.1", "--",
               "-i", "--forward-mode=io", "--burst=32",
               "--txpkts=%d" % (size - 4),   # testpmd sizes exclude the FCS
               "--total-num-mbufs=16384", "--rxd=1024", "--txd=1024"]
        pc.testpmd_for(cmd, "start tx_first %d" % in_flight_bursts, seconds,
                       60)
        with open(report) as f:
            rep = json.load(f)
    frames = rep["model"]["frames"]
    cpu_s = rep["model"]["cpu_ns"] / 1e9
    busy_cpu_s = rep["model"]["busy_cpu_ns"] / 1e9
    busy_s = rep["model"]["busy_ns"] / 1e9
    return {
        "size": size,
        "seconds": seconds,
        "frames": frames,
        "faults": rep["iommu"]["faults"],
        "wall_mpps": frames / seconds / 1e6,
        "cpu_ns_per_frame": busy_cpu_s * 1e9 / frames if frames else 0.0,
        "model_mpps": frames / busy_cpu_s / 1e6 if busy_cpu_s else 0.0,
        "cpu_share": cpu_s / seconds,
        "busy_share": busy_s / seconds,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--bursts", default="4,16",
                    help="bursts of 32 per port put in flight with "
                         "tx_first, comma-separated levels")
    ap.add_argument("--out", default=os.path.join(ROOT, "doc", "bench",
                                                  "platform-throughput.md"))
    args = ap.parse_args()

    levels = [int(b) for b in args.bursts.split(",")]
    rows = []
    for b in levels:
        for size in (64, 1518):
            r = run(size, args.seconds, b)
            r["bursts"] = b
            rows.append(r)
    lines = [
        "| frame | in flight per port | frames moved | wall Mpps | model CPU time | model busy (wall) | model CPU ns per frame | Mpps per model thread | faults |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append("| %d B | %d | %d | %.2f | %.0f%% | %.0f%% | %.1f | %.2f "
                     "| %d |" % (
                         r["size"], 32 * r["bursts"], r["frames"],
                         r["wall_mpps"], 100 * r["cpu_share"],
                         100 * r["busy_share"], r["cpu_ns_per_frame"],
                         r["model_mpps"], r["faults"]))
    table = "\n".join(lines)
    print(table)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("# Emulator throughput\n\n")
        f.write("Measured by `test/bench/platform_throughput.py` on %s "
                "(%d cores): DPDK's net_ixgbe, dpdk-testpmd io forwarding "
                "through two emulated ports cabled back to back (rings of "
                "1024 descriptors), %.0f s per row.\n\n"
                % (time.strftime("%Y-%m-%d"), os.cpu_count(), args.seconds))
        f.write("*Model CPU ns per frame* is the CPU time the model "
                "thread spent in rounds that moved frames (its "
                "`CLOCK_THREAD_CPUTIME_ID` clock, read every 64 rounds and "
                "shared between busy and idle rounds by their TSC time: "
                "`busy_cpu_ns` in the platform's report; time it sat "
                "preempted is not in it) divided by the frames it moved; "
                "*Mpps per model thread* is its inverse.  *Model CPU time* "
                "is all the thread's CPU time, idle polling included "
                "(`cpu_ns`), over the run's duration; "
                "*model busy (wall)* the wall-clock time of the rounds "
                "that moved frames, preemption included (the old figure).  "
                "*Wall Mpps* is frames moved over the run's duration, which "
                "also depends on the driver side sharing the machine's "
                "cores.  Target: at least 10 Mpps per model thread at 64 "
                "bytes.\n\n")
        f.write(table + "\n")
    print("written to", args.out)


if __name__ == "__main__":
    main()

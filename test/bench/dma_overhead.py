#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""What DMA confinement costs.

1. CPU cycles/packet of dpdk-testpmd io forwarding (--record-core-cycles)
   with net_ixguard in dma_isolation=shared, port, strict and shadow
   modes, for 64-byte and 1518-byte frames, the modes alternated over
   several rounds in one run, with testpmd's default pools and with
   pinned external-buffer pools (--mp-alloc=xbuf, the zero-copy case
   whose domain holds no mbuf header); the ratio of each mode to shared
   on the same kind of pool is its cost (targets: port and strict at most 1.03, shadow, which copies
   every packet, at most 1.15 at 64 bytes), with the IOTLB misses per
   packet of each mode.
2. The IOMMU model's IOTLB misses per packet with 2 MiB IOMMU pages (the
   hugepages' own size) and with 4 KiB pages (--iommu-page 4k), in port
   mode: the effect Huber's thesis measured on ixy.

Results go to doc/bench/dma-overhead.md.
Usage: test/bench/dma_overhead.py [--seconds N] [--rounds N]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "test", "pmd"))
sys.path.insert(0, os.path.join(ROOT, "test", "platform"))
import ixguard_pmd  # noqa: E402


# (name, dma_isolation, testpmd --mp-alloc): pinned external-buffer
# pools (xbuf) are the zero-copy case of the private modes whose domain
# holds no mbuf header; each is compared with shared mode on the same
# kind of pool.
CONFIGS = (("shared", "shared", "native"), ("port", "port", "native"),
           ("strict", "strict", "native"), ("shadow", "shadow", "native"),
           ("shared-xbuf", "shared", "xbuf"), ("port-xbuf", "port", "xbuf"),
           ("shadow-xbuf", "shadow", "xbuf"))
# frame sizes on the wire, FCS included (testpmd sends 4 bytes less)
SIZES = (64, 1518)


def run(plugin, mode, seconds, iommu_page=None, size=64, mp_alloc="native"):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        cmd = [os.path.join(ROOT, "devtools", "ixemu"), "--ports", "2",
               "--report", report]
        if iommu_page:
            cmd += ["--iommu-page", iommu_page]
        cmd += ["--", "dpdk-testpmd", "-l", "0-1", "-n", "1",
                "--file-prefix", "ixdmab%d" % os.getpid(), "-d", plugin,
                "-a", "0000:00:10.0,dma_isolation=%s" % mode,
                "-a", "0000:00:10.1,dma_isolation=%s" % mode, "--",
                "-i", "--forward-mode=io", "--record-core-cycles",
                "--mp-alloc=%s" % mp_alloc,
                "--total-num-mbufs=16384", "--rxd=1024", "--txd=1024"]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        proc.stdin.write("set txpkts %d\n" % (size - 4))
        proc.stdin.write("start tx_first 4\n")
        proc.stdin.flush()
        time.sleep(seconds)
        proc.stdin.write("stop\nquit\n")
        proc.stdin.flush()
        out, _ = proc.communicate(timeout=60)
        if proc.returncode != 0:
            sys.stderr.write(out[-3000:])
            raise SystemExit("testpmd failed in %s mode" % mode)
        with open(report) as f:
            rep = json.load(f)
    m = re.search(r"CPU cycles/packet=([0-9.]+)", out)
    fwd = re.search(r"Accumulated forward statistics.*?RX-packets:\s+(\d+)",
                    out, re.S)
    pkts = int(fwd.group(1)) if fwd else 0
    return {
        "cycles": float(m.group(1)) if m else float("nan"),
        "packets": pkts,
        "iotlb_misses": rep["iommu"]["iotlb_misses"],
        "iotlb_hits": rep["iommu"]["iotlb_hits"],
        "faults": rep["iommu"]["faults"],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "doc", "bench",
                                                  "dma-overhead.md"))
    args = ap.parse_args()
    plugin = ixguard_pmd.loadable_path(os.path.join(
        ROOT, "build", "drivers", "librte_net_ixguard.so"))

    cycles = {(z, c): [] for z in SIZES for c in CONFIGS}
    misses = {(z, c): [] for z in SIZES for c in CONFIGS}
    for r in range(args.rounds):
        for size, conf in cycles:
            name, mode, mp_alloc = conf
            res = run(plugin, mode, args.seconds, size=size,
                      mp_alloc=mp_alloc)
            if res["faults"]:
                raise SystemExit("IOMMU faults in %s" % name)
            cycles[(size, conf)].append(res["cycles"])
            # shared: the EAL's container, which the model does not count
            if res["packets"] and mode != "shared":
                misses[(size, conf)].append(res["iotlb_misses"] /
                                            res["packets"])
            print("round %d %4d B %-11s %.1f cycles/packet" %
                  (r, size, name, res["cycles"]), flush=True)
    med = {k: statistics.median(v) for k, v in cycles.items()}
    best = {k: min(v) for k, v in cycles.items()}
    pages = {}
    for page in ("2m", "4k"):
        res = run(plugin, "port", args.seconds, iommu_page=page)
        pages[page] = res
        print("iommu pages %s: %d misses, %d hits, %d packets" %
              (page, res["iotlb_misses"], res["iotlb_hits"],
               res["packets"]), flush=True)

    def base(size, conf):
        return (size, next(c for c in CONFIGS
                           if c[1] == "shared" and c[2] == conf[2]))

    lines = ["| frame | mode | pool | CPU cycles/packet (best of %d) | "
             "ratio to shared | median | ratio | IOTLB misses/packet | "
             "every round |" % args.rounds,
             "|---|---|---|---|---|---|---|---|---|"]
    for size, conf in cycles:
        k, b = (size, conf), base(size, conf)
        mp = misses[k]
        lines.append("| %d B | %s | %s | %.1f | %.3f | %.1f | %.3f | %s | %s |"
                     % (size, conf[1], conf[2], best[k], best[k] / best[b],
                        med[k], med[k] / med[b],
                        "%.4f" % statistics.median(mp) if mp else "n/a",
                        " ".join("%.0f" % c for c in cycles[k])))
    lines += ["", "| IOMMU pages | IOTLB misses | misses per packet |"
              " IOTLB hits |", "|---|---|---|---|"]
    for p, res in pages.items():
        per = res["iotlb_misses"] / res["packets"] if res["packets"] else 0
        lines.append("| %s | %d | %.4f | %d |" % (
            "2 MiB" if p == "2m" else "4 KiB", res["iotlb_misses"], per,
            res["iotlb_hits"]))
    table = "\n".join(lines)
    print(table)
    load = os.getloadavg()[0]
    with open(args.out, "w") as f:
        f.write("# What DMA confinement costs\n\n"
                "Measured by `test/bench/dma_overhead.py` on %s (%d cores, "
                "load average %.1f at the end): dpdk-testpmd io forwarding "
                "with `--record-core-cycles` through two emulated ports "
                "driven by net_ixguard, %d rounds of %.0f s per mode, the "
                "modes alternated within each round.  CPU cycles/packet count "
                "only bursts that received packets (testpmd's definition), "
                "so they measure the driver side.  On the emulated "
                "platform they are bimodal (about 150 or 300-400): the "
                "forwarding lcore shares two cores with the model thread "
                "and whatever else runs, and a round lands in one state "
                "or the other whatever the mode; noise only adds cycles, "
                "so the best round of each mode is the figure compared "
                "(the median is shown too).  Each row is compared with "
                "shared mode on the same kind of pool (testpmd's default "
                "pool, or `--mp-alloc=xbuf`: pinned external buffers, "
                "whose headers port mode does not map, so it is zero "
                "copy with no mbuf header in the domain).  Targets: port "
                "and strict, and port with xbuf pools, at most 3%% over "
                "shared; shadow (one copy per packet each way) at most "
                "15%% at 64 bytes.  IOTLB misses per packet "
                "are the IOMMU model's, for the port's private domain "
                "(shared mode uses the EAL's container, not counted).\n\n"
                "The IOTLB rows come from the IOMMU model (64 entries per "
                "page size) in port mode, with the hugepages' own 2 MiB "
                "IOMMU pages and with mappings forced to 4 KiB pages "
                "(`devtools/ixemu --iommu-page 4k`).\n\n"
                % (time.strftime("%Y-%m-%d"), os.cpu_count(), load,
                   args.rounds, args.seconds))
        f.write(table + "\n")
    print("written to", args.out)


if __name__ == "__main__":
    main()

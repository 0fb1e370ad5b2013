#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""CPU cycles per packet of net_ixguard against DPDK's net_ixgbe.

1. dpdk-testpmd --record-core-cycles, io forwarding through two emulated
   82599 ports cabled back to back (devtools/ixemu), tx_first with enough
   bursts in flight, a fixed duration; "CPU cycles/packet=" is parsed from
   the forward statistics printed at 'stop'.  The two drivers alternate
   (ixgbe, ixguard, ixgbe, ...) for several rounds so that a neighbour
   loading the machine affects both alike; the medians and their ratio
   are reported.
2. dpdk-test's pmd_perf_autotest (MAC loopback, lpbk_mode=1, on both
   ports) with each driver, alternating too; "Result: N cycles per packet"
   is parsed.  That figure is wall-clock TSC cycles per packet of the
   whole loop, so on the emulated platform it mostly measures how fast
   the model thread moves frames, not the driver.

net_ixgbe is the driver Debian's dpdk-testpmd and dpdk-test link; with
"-d build/drivers/librte_net_ixguard.so" net_ixguard takes the devices.

Usage: test/bench/pmd_cycles.py [--rounds N] [--seconds S]
           [--perf-rounds N] [--no-perf] [--out FILE]
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IXEMU = os.path.join(ROOT, "devtools", "ixemu")
PLUGIN = os.path.join(ROOT, "build", "drivers", "librte_net_ixguard.so")
DRIVERS = ("net_ixgbe", "net_ixguard")
CYCLES_RE = re.compile(r"CPU cycles/packet=([\d.]+) \(total cycles=(\d+) / "
                       r"total (\S+) packets=(\d+)\) at (\d+) MHz")
PERF_RE = re.compile(r"Result: (\d+) cycles per packet")
PROBE_RE = re.compile(r"EAL: Probe PCI driver: (\S+) \(")


def huge_ok():
    try:
        with open("/proc/meminfo") as f:
            m = re.search(r"HugePages_Free:\s+(\d+)", f.read())
        return m is not None and int(m.group(1)) >= 512
    except OSError:
        return False


def eal_args(driver, tag, huge):
    a = ["-l", "0-1", "-n", "1", "--iova-mode=va",
         "--file-prefix", "ixcyc%d%s" % (os.getpid(), tag)]
    a += ["--huge-unlink"] if huge else ["--no-huge", "-m", "1024"]
    if driver == "net_ixguard":
        a += ["-d", PLUGIN]
    return a + ["-a", "0000:00:10.0", "-a", "0000:00:10.1"]


def check_probe(out, driver):
    probed = set(PROBE_RE.findall(out))
    if probed != {driver}:
        raise SystemExit("expected %s to probe both ports, got %s"
                         % (driver, sorted(probed)))


def run_testpmd(driver, seconds, bursts, huge, tag):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        cmd = ([IXEMU, "--ports", "2", "--report", report, "--",
                "dpdk-testpmd"] + eal_args(driver, tag, huge) +
               ["--", "-i", "--forward-mode=io", "--record-core-cycles",
                "--burst=32", "--rxd=1024", "--txd=1024",
                "--total-num-mbufs=16384"])
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        proc.stdin.write("start tx_first %d\n" % bursts)
        proc.stdin.flush()
        time.sleep(seconds)
        proc.stdin.write("stop\nquit\n")
        proc.stdin.flush()
        try:
            out, _ = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            raise SystemExit("testpmd did not exit")
        if proc.returncode != 0:
            sys.stderr.write(out[-3000:])
            raise SystemExit("testpmd failed (%d)" % proc.returncode)
        with open(report) as f:
            rep = json.load(f)
    check_probe(out, driver)
    m = CYCLES_RE.search(out)
    if m is None:
        sys.stderr.write(out[-3000:])
        raise SystemExit("no 'CPU cycles/packet=' in testpmd's output")
    return {"driver": driver, "cpp": float(m.group(1)),
            "cycles": int(m.group(2)), "packets": int(m.group(4)),
            "mhz": int(m.group(5)), "faults": rep["iommu"]["faults"]}


def run_perf(driver, huge, tag):
    cmd = ([IXEMU, "--ports", "2", "--", "dpdk-test"] +
           eal_args(driver, tag, huge))
    proc = subprocess.run(cmd, input="pmd_perf_autotest\n",
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=900)
    out = proc.stdout
    check_probe(out, driver)
    m = PERF_RE.search(out)
    if m is None or "Test OK" not in out:
        sys.stderr.write(out[-3000:])
        return {"driver": driver, "cpp": None, "ok": False}
    faults = re.search(r"ixemu: iommu maps=\d+ unmaps=\d+ faults=(\d+)", out)
    return {"driver": driver, "cpp": int(m.group(1)), "ok": True,
            "faults": int(faults.group(1)) if faults else None}


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            cpu = m.group(1).strip() if m else cpu
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = -1.0
    ver = subprocess.run(["dpkg-query", "-W", "-f", "${Version}",
                          "dpdk"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout.strip()
    return {"cpu": cpu, "ncpu": os.cpu_count(), "kernel": platform.release(),
            "load": load, "dpdk": "DPDK " + (ver or "?")}


def med(rows, driver):
    v = [r["cpp"] for r in rows if r["driver"] == driver and r["cpp"]]
    return statistics.median(v) if v else None


def write_doc(path, args, mach, load_after, tp_rows, perf_rows):
    now = datetime.date.today().isoformat()
    g, x = med(tp_rows, "net_ixgbe"), med(tp_rows, "net_ixguard")
    L = []
    L.append("# net_ixguard against net_ixgbe: CPU cycles per packet\n")
    L.append("Measured by `test/bench/pmd_cycles.py` on %s: %s, %d CPUs, "
             "Linux %s, %s (Debian's dpdk-testpmd and dpdk-test), on the "
             "emulated platform (devtools/ixemu, two 82599 ports).  "
             "%s\n" % (now, mach["cpu"], mach["ncpu"], mach["kernel"],
                       mach["dpdk"],
                       "Hugepage memory." if args.huge else
                       "`--no-huge` memory (4 KiB IOMMU pages)."))
    L.append("**The machine was shared** with other jobs during the "
             "measurement (load average %.2f before, %.2f after, on %d "
             "CPUs; the model thread, testpmd's forwarding lcore and the "
             "neighbours compete for them).  Absolute numbers are noisy; "
             "the drivers were alternated run by run so that both see the "
             "same neighbours, and the ratio of the medians is the figure "
             "to read.\n" % (mach["load"], load_after, mach["ncpu"]))
    L.append("## testpmd --record-core-cycles, io forwarding\n")
    L.append("`dpdk-testpmd -l 0-1 -n 1 [-d librte_net_ixguard.so] -a "
             "0000:00:10.0 -a 0000:00:10.1 -- -i --forward-mode=io "
             "--record-core-cycles --burst=32 --rxd=1024 --txd=1024`, "
             "`start tx_first %d` (%d frames of 64 bytes in flight per "
             "port), %g s, then `stop`; the figure is testpmd's "
             "`CPU cycles/packet=` (cycles the forwarding lcore spent in "
             "bursts that moved packets, over the packets received).  "
             "%d rounds, drivers alternating.\n"
             % (args.bursts, args.bursts * 32, args.seconds, args.rounds))
    L.append("| round | driver | cycles/packet | packets | IOMMU faults |")
    L.append("|---|---|---|---|---|")
    for i, r in enumerate(tp_rows):
        L.append("| %d | %s | %.2f | %d | %d |" % (i // 2 + 1, r["driver"],
                                                   r["cpp"], r["packets"],
                                                   r["faults"]))
    L.append("")
    if g and x:
        L.append("Median: net_ixgbe **%.2f**, net_ixguard **%.2f** cycles "
                 "per packet; ratio ixguard / ixgbe = **%.2f**.\n"
                 % (g, x, x / g))
    L.append("## dpdk-test pmd_perf_autotest\n")
    L.append("`dpdk-test -l 0-1 -n 1 [-d librte_net_ixguard.so] -a "
             "0000:00:10.0 -a 0000:00:10.1` with `pmd_perf_autotest` on "
             "stdin: both ports in MAC loopback (`lpbk_mode=1`), 4096 "
             "frames injected, the test stops after 59.5 M packets and "
             "prints `Result: N cycles per packet`.  That is TSC cycles of "
             "the whole measurement loop per packet, idle polls included: "
             "on the emulated platform the loop waits for the model thread "
             "most of the time, so this figure mostly measures the model's "
             "speed, not the driver (compare the testpmd figures above).\n")
    if perf_rows:
        L.append("| round | driver | cycles/packet | IOMMU faults |")
        L.append("|---|---|---|---|")
        for i, r in enumerate(perf_rows):
            L.append("| %d | %s | %s | %s |" % (
                i // 2 + 1, r["driver"],
                r["cpp"] if r["ok"] else "test failed",
                r.get("faults", "?")))
        L.append("")
        pg, px = med(perf_rows, "net_ixgbe"), med(perf_rows, "net_ixguard")
        if pg and px:
            L.append("Median: net_ixgbe **%d**, net_ixguard **%d** cycles "
                     "per packet; ratio ixguard / ixgbe = **%.2f**.\n"
                     % (pg, px, px / pg))
    else:
        L.append("Not run this time (`--no-perf`).\n")
    L.append("## Reproduce\n")
    L.append("```\ntest/bench/pmd_cycles.py --rounds %d --seconds %g "
             "--perf-rounds %d\n```\n" % (args.rounds, args.seconds,
                                          args.perf_rounds))
    with open(path, "w") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5,
                    help="testpmd runs per driver (alternating)")
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--bursts", type=int, default=16,
                    help="bursts of 32 per port put in flight by tx_first")
    ap.add_argument("--perf-rounds", type=int, default=2,
                    help="pmd_perf_autotest runs per driver (alternating)")
    ap.add_argument("--no-perf", action="store_true")
    ap.add_argument("--no-huge", dest="huge", action="store_false",
                    default=None)
    ap.add_argument("--out", default=os.path.join(ROOT, "doc", "bench",
                                                  "pmd-cycles.md"))
    args = ap.parse_args()
    if args.huge is None:
        args.huge = huge_ok()
    if not os.path.exists(PLUGIN):
        raise SystemExit("build the plugin first: %s" % PLUGIN)

    mach = machine()
    tp_rows = []
    for i in range(args.rounds):
        for d in DRIVERS:
            r = run_testpmd(d, args.seconds, args.bursts, args.huge,
                            "t%d%s" % (i, d[-1]))
            print("testpmd round %d %-11s CPU cycles/packet=%.2f "
                  "(%d packets, faults %d)" % (i + 1, d, r["cpp"],
                                               r["packets"], r["faults"]))
            sys.stdout.flush()
            tp_rows.append(r)
    perf_rows = []
    for i in range(0 if args.no_perf else args.perf_rounds):
        for d in DRIVERS:
            r = run_perf(d, args.huge, "p%d%s" % (i, d[-1]))
            print("pmd_perf_autotest round %d %-11s %s" % (
                i + 1, d, "%d cycles/packet" % r["cpp"] if r["ok"]
                else "FAILED"))
            sys.stdout.flush()
            perf_rows.append(r)
    g, x = med(tp_rows, "net_ixgbe"), med(tp_rows, "net_ixguard")
    print("testpmd median CPU cycles/packet: net_ixgbe %.2f, net_ixguard "
          "%.2f, ratio ixguard/ixgbe %.2f" % (g, x, x / g))
    pg, px = med(perf_rows, "net_ixgbe"), med(perf_rows, "net_ixguard")
    if pg and px:
        print("pmd_perf_autotest median cycles/packet: net_ixgbe %d, "
              "net_ixguard %d, ratio %.2f" % (pg, px, px / pg))
    write_doc(args.out, args, mach, os.getloadavg()[0], tp_rows, perf_rows)
    print("wrote %s" % args.out)


if __name__ == "__main__":
    main()

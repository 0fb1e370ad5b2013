#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""CPU cycles per packet of net_ixguard against DPDK's net_ixgbe.

1. build/test/bench/pmd_cost (test/bench/pmd_cost.c): rx_burst and
   tx_burst cycles per packet, io forwarding between two emulated ports
   cabled back to back, with the platform in synchronous mode (the model
   runs between the bursts in the benchmark's own thread, outside the
   counted windows, and flushes what the device wrote from the caches).
   Configurations: net_ixgbe vector and scalar (--force-max-simd-bitwidth
   =64), net_ixguard in every DMA isolation mode with the EAL's default
   SIMD width and with 64 (scalar).  They run alternated (A, B, C, ...,
   A, B, C, ...) for --rounds rounds, one process per configuration and
   round, 64-byte and 1518-byte frames in each; per configuration the
   median over rounds, and per round the ratio to net_ixgbe vector and
   net_ixgbe scalar of that round (medians of those ratios are reported).
2. dpdk-testpmd --record-core-cycles end to end (the old method), for
   comparison: model thread and forwarding lcore share the machine's
   CPUs, so it does not repeat; --no-testpmd skips it.

--repeat N runs measurement 1 N times and reports, per ratio, the largest
deviation of a run from the median of the N runs (the goal: within 3%).

The whole run holds /tmp/ixguard-bench.lock (one measurement at a time
on the machine).  Output: markdown (--out, default
doc/bench/pmd-cycles.md) and JSON (--json, default the same name with
.json).

Usage: test/bench/pmd_cycles.py [--rounds N] [--repeat N] [--no-testpmd]
           [--build-dir DIR] [--out FILE] [--json FILE]
"""
import argparse
import datetime
import fcntl
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
LOCK = "/tmp/ixguard-bench.lock"
sys.path.insert(0, os.path.join(ROOT, "test", "pmd"))
import ixguard_pmd  # noqa: E402

SIZES = (64, 1518)
MODES = ("shared", "port", "strict", "shadow")
# (name, driver, dma_isolation or None, scalar)
CONFIGS = ([("ixgbe-vec", "net_ixgbe", None, False),
            ("ixgbe-scalar", "net_ixgbe", None, True)] +
           [("ixguard-%s" % m, "net_ixguard", m, False) for m in MODES] +
           [("ixguard-%s-scalar" % m, "net_ixguard", m, True)
            for m in MODES])
REFS = ("ixgbe-vec", "ixgbe-scalar")
PROBE_RE = re.compile(r"EAL: Probe PCI driver: (\S+) \(")
CYCLES_RE = re.compile(r"CPU cycles/packet=([\d.]+) \(total cycles=(\d+) / "
                       r"total (\S+) packets=(\d+)\) at (\d+) MHz")


def log(msg):
    print(msg, flush=True)


def huge_ok():
    try:
        with open("/proc/meminfo") as f:
            m = re.search(r"HugePages_Free:\s+(\d+)", f.read())
        return m is not None and int(m.group(1)) >= 256
    except OSError:
        return False


def eal_args(driver, mode, scalar, tag, args):
    a = ["-l", str(args.cpu), "-n", "1", "--iova-mode=va",
         "--file-prefix", "ixcyc%d%s" % (os.getpid(), tag)]
    a += ["--huge-unlink"] if args.huge else ["--no-huge", "-m", "512"]
    if scalar:
        a += ["--force-max-simd-bitwidth=64"]
    if driver == "net_ixguard":
        a += ["-d", args.plugin]
    dev = ",dma_isolation=%s" % mode if mode else ""
    return a + ["-a", "0000:00:10.0" + dev, "-a", "0000:00:10.1" + dev]


def check_probe(out, driver):
    probed = set(PROBE_RE.findall(out))
    if probed != {driver}:
        sys.stderr.write(out[-3000:])
        raise SystemExit("expected %s to probe both ports, got %s"
                         % (driver, sorted(probed)))


def run_cost(conf, args, tag):
    name, driver, mode, scalar = conf
    cmd = ([IXEMU, "--ports", "2", "--", args.pmd_cost] +
           eal_args(driver, mode, scalar, tag, args) +
           ["--", "--sizes", ",".join(str(s) for s in SIZES),
            "--blocks", str(args.blocks), "--warmup", str(args.warmup),
            "--steps", str(args.steps), "--inflight", str(args.inflight),
            "--cache", args.cache])
    if args.rx_offloads:
        cmd.append("--rx-offloads")
    for attempt in range(2):
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True,
                              timeout=300)
        if proc.returncode == 0:
            break
        sys.stderr.write(proc.stdout[-3000:])
        log("  %s failed (%d), %s" % (name, proc.returncode,
                                      "retrying" if attempt == 0 else
                                      "giving up"))
        time.sleep(2)
    else:
        raise SystemExit("pmd_cost failed for %s" % name)
    out = proc.stdout
    check_probe(out, driver)
    res, blocks = {}, {}
    for line in out.splitlines():
        if line.startswith("PMD_COST_JSON "):
            j = json.loads(line[len("PMD_COST_JSON "):])
            if j["driver"] != driver:
                raise SystemExit("%s: ports run by %s" % (name, j["driver"]))
            if j["short_blocks"]:
                raise SystemExit("%s: %d blocks moved fewer packets than "
                                 "posted" % (name, j["short_blocks"]))
            res[j["size"]] = j
        elif line.startswith("PMD_COST_BLOCKS "):
            j = json.loads(line[len("PMD_COST_BLOCKS "):])
            blocks[j["size"]] = j
    if set(res) != set(SIZES):
        sys.stderr.write(out[-3000:])
        raise SystemExit("%s: no result for every size" % name)
    for s in SIZES:
        res[s]["block_rx"] = blocks.get(s, {}).get("rx", [])
        res[s]["block_tx"] = blocks.get(s, {}).get("tx", [])
    return res


def measure(args, label):
    """One measurement: every configuration, alternated, args.rounds
    times.  Returns {name: {size: [result per round]}}."""
    rows = {c[0]: {s: [] for s in SIZES} for c in CONFIGS}
    t0 = time.time()
    with open(LOCK, "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        log("%s: lock taken after %.0f s" % (label, time.time() - t0))
        t0 = time.time()
        for r in range(args.rounds):
            for conf in CONFIGS:
                res = run_cost(conf, args, "r%d" % r)
                for s in SIZES:
                    rows[conf[0]][s].append(res[s])
                log("%s round %d/%d %-22s %s  (%s / %s)" % (
                    label, r + 1, args.rounds, conf[0],
                    "  ".join("%4d B %7.1f" % (s, res[s]["cycles_per_packet"])
                              for s in SIZES),
                    res[64]["rx_path"], res[64]["tx_path"]))
        fcntl.flock(lk, fcntl.LOCK_UN)
    log("%s: %.0f s" % (label, time.time() - t0))
    return rows


def summarize(rows):
    """Medians per configuration and size, paired ratios per round."""
    out = {}
    for name, by_size in rows.items():
        out[name] = {}
        for s, rs in by_size.items():
            d = {k: statistics.median(r[k] for r in rs)
                 for k in ("cycles_per_packet", "rx", "tx")}
            d["rounds"] = [r["cycles_per_packet"] for r in rs]
            d["rx_path"], d["tx_path"] = rs[0]["rx_path"], rs[0]["tx_path"]
            for ref in REFS:
                d["ratio_" + ref] = statistics.median(
                    a["cycles_per_packet"] / b["cycles_per_packet"]
                    for a, b in zip(rs, rows[ref][s]))
            out[name][s] = d
    return out


def ratio_spread(summaries):
    """Per configuration, size and reference: the ratio's median over the
    runs and the largest deviation of a run from it, in percent."""
    sp = {}
    for name in summaries[0]:
        for s in SIZES:
            for ref in REFS:
                v = [x[name][s]["ratio_" + ref] for x in summaries]
                m = statistics.median(v)
                sp[(name, s, ref)] = (m, max(abs(x / m - 1) for x in v) * 100,
                                      v)
            v = [x[name][s]["cycles_per_packet"] for x in summaries]
            m = statistics.median(v)
            sp[(name, s, "abs")] = (m, max(abs(x / m - 1) for x in v) * 100,
                                    v)
    return sp


def run_testpmd(driver, args, tag):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.json")
        cmd = ([IXEMU, "--ports", "2", "--report", report, "--",
                "dpdk-testpmd", "-l", "0-1", "-n", "1", "--iova-mode=va",
                "--file-prefix", "ixcyc%d%s" % (os.getpid(), tag)] +
               (["--huge-unlink"] if args.huge else
                ["--no-huge", "-m", "1024"]) +
               (["-d", args.plugin] if driver == "net_ixguard" else []) +
               ["-a", "0000:00:10.0", "-a", "0000:00:10.1",
                "--", "-i", "--forward-mode=io", "--record-core-cycles",
                "--burst=32", "--rxd=1024", "--txd=1024",
                "--total-num-mbufs=16384"])
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        proc.stdin.write("start tx_first 16\n")
        proc.stdin.flush()
        time.sleep(args.testpmd_seconds)
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
    check_probe(out, driver)
    m = CYCLES_RE.search(out)
    if m is None:
        sys.stderr.write(out[-3000:])
        raise SystemExit("no 'CPU cycles/packet=' in testpmd's output")
    return {"driver": driver, "cpp": float(m.group(1)),
            "packets": int(m.group(4))}


def testpmd_table(args):
    rows = []
    with open(LOCK, "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        for i in range(args.testpmd_rounds):
            for d in ("net_ixgbe", "net_ixguard"):
                r = run_testpmd(d, args, "t%d%s" % (i, d[-1]))
                log("testpmd round %d %-11s CPU cycles/packet=%.2f (%d "
                    "packets)" % (i + 1, d, r["cpp"], r["packets"]))
                rows.append(r)
        fcntl.flock(lk, fcntl.LOCK_UN)
    return rows


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        m = re.search(r"model name\s*:\s*(.*)", f.read())
        cpu = m.group(1).strip() if m else cpu
    ver = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "dpdk"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True).stdout.strip()
    hyp = ""
    lscpu = subprocess.run(["lscpu"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True).stdout
    m = re.search(r"Hypervisor vendor:\s*(\S+)", lscpu)
    if m:
        hyp = ", a %s guest" % m.group(1)
    return {"cpu": cpu + hyp, "ncpu": os.cpu_count(),
            "kernel": platform.release(), "dpdk": "DPDK " + (ver or "?"),
            "load": os.getloadavg()[0]}


def fmt_table(summary):
    L = ["| configuration | rx path | 64 B rx+tx | rx | tx | / ixgbe vec "
         "| / ixgbe scalar | 1518 B rx+tx | / ixgbe vec | / ixgbe scalar |",
         "|---|---|---|---|---|---|---|---|---|---|"]
    for name, _, _, _ in CONFIGS:
        a, b = summary[name][64], summary[name][1518]
        L.append("| %s | %s | **%.1f** | %.1f | %.1f | %.2f | %.2f | %.1f "
                 "| %.2f | %.2f |" % (
                     name, a["rx_path"], a["cycles_per_packet"], a["rx"],
                     a["tx"], a["ratio_ixgbe-vec"], a["ratio_ixgbe-scalar"],
                     b["cycles_per_packet"], b["ratio_ixgbe-vec"],
                     b["ratio_ixgbe-scalar"]))
    return L


def write_doc(path, args, mach, load_after, summaries, spread, tp_rows,
              minutes):
    now = datetime.date.today().isoformat()
    L = ["# net_ixguard against net_ixgbe: CPU cycles per packet\n"]
    L.append("Measured by `test/bench/pmd_cycles.py` on %s: %s, %d CPUs, "
             "Linux %s, %s, on the emulated platform (devtools/ixemu, two "
             "82599 ports cabled back to back).  %s  Load average %.2f "
             "before, %.2f after (other jobs shared the machine).  %d "
             "measurement(s) of %d rounds, %.0f minutes in all.\n" % (
                 now, mach["cpu"], mach["ncpu"], mach["kernel"], mach["dpdk"],
                 "Hugepage memory." if args.huge else
                 "`--no-huge` memory.", mach["load"], load_after,
                 len(summaries), args.rounds, minutes))
    L.append("## Method\n")
    L.append(
        "`build/test/bench/pmd_cost` (test/bench/pmd_cost.c) is a plain "
        "ethdev program: two ports, one RX and one TX queue each "
        "(1024 descriptors), testpmd's default port configuration (no RX "
        "offload; TX `MBUF_FAST_FREE`, which both drivers offer), one "
        "mbuf pool of 16384 with a cache of 250, testpmd's io forwarding "
        "(port 0's frames go out of port 1 and the reverse), %d bursts "
        "of 32 Ethernet/IPv4/UDP frames in flight per port.  After the "
        "links are up it puts the platform in **synchronous mode** "
        "(`ixemu_model_sync()`, doc/platform.md): the model thread sleeps "
        "and the device side runs one round at a time when the program "
        "calls `ixemu_model_step()`.  The loop is: one model step; then "
        "per port `t0; n = rx_burst(32); t1; tx_burst(peer, n); t2` with "
        "`rte_rdtsc_precise()`.  Only `[t0, t2)` is counted, so the "
        "model's time is not; the cost of an empty timed window (%s "
        "cycles) is taken off each window.  Every burst receives 32 "
        "frames.  Cycles and packets add up in blocks of %d steps "
        "(16384 packets); %d warm-up blocks are dropped, the median of "
        "the next %d blocks is the process's figure.  Each process runs "
        "64-byte then 1518-byte frames (frame sizes with the FCS).\n"
        % (args.inflight, summaries[0]["_timer"], args.steps, args.warmup,
           args.blocks))
    L.append(
        "**Cache model** (`--cache %s`): at the end of every step the "
        "platform flushes (CLFLUSHOPT) every cache line the device wrote "
        "during the step: received frames, written-back RX descriptors "
        "and TX descriptors with DD.  That is a DMA write on a platform "
        "without DDIO: the driver finds descriptors and data in memory, "
        "not in its L1.  It is pessimistic against a DDIO server, where "
        "those lines would be LLC hits: a driver that touches received "
        "data pays a memory miss here.  Device reads leave the caches as "
        "they are.  The model's own footprint (it runs on the same core "
        "between the bursts) is not taken away.\n" % args.cache)
    L.append(
        "Configurations run alternated (A, B, C, ..., A, B, C, ...), one "
        "process each per round, pinned to CPU %d (`-l %d`); net_ixgbe "
        "comes from Debian's plugin directory, net_ixguard from `-d "
        "librte_net_ixguard.so` with `dma_isolation=MODE` on both ports; "
        "*-scalar* adds `--force-max-simd-bitwidth=64`.  The probe log "
        "is checked: the named driver took both ports.  The figure per "
        "configuration is the median over rounds; a ratio is the median "
        "over rounds of the ratio of the two configurations in the same "
        "round.\n" % (args.cpu, args.cpu))
    last = summaries[-1]
    L.append("## Cycles per packet (rx_burst + tx_burst)\n")
    if len(summaries) > 1:
        L.append("From the last of the %d measurements; the spread of "
                 "all of them is below.\n" % len(summaries))
    L += fmt_table(last)
    L.append("")
    if spread:
        L.append("## Does it repeat?\n")
        L.append("The whole measurement ran %d times in a row.  Per ratio: "
                 "its median over the runs, each run's value, and the "
                 "largest deviation of a run from the median (goal: within "
                 "3%%).\n" % len(summaries))
        L.append("| configuration | size | / ixgbe vec | runs | max dev | "
                 "/ ixgbe scalar | runs | max dev | cycles/packet max dev |")
        L.append("|---|---|---|---|---|---|---|---|---|")
        worst = 0.0
        for name, _, _, _ in CONFIGS:
            for s in SIZES:
                v, vs, a = (spread[(name, s, k)] for k in
                            ("ixgbe-vec", "ixgbe-scalar", "abs"))
                if name not in REFS:
                    worst = max(worst, v[1], vs[1])
                L.append("| %s | %d B | %.3f | %s | %.1f%% | %.3f | %s | "
                         "%.1f%% | %.1f%% |" % (
                             name, s, v[0], " ".join("%.3f" % x for x in v[2]),
                             v[1], vs[0],
                             " ".join("%.3f" % x for x in vs[2]), vs[1],
                             a[1]))
        L.append("")
        L.append("Largest deviation of a ratio from its median: **%.1f%%** "
                 "(%s).\n" % (worst, "within 3%" if worst <= 3 else
                              "NOT within 3%"))
    L.append("## testpmd --record-core-cycles, end to end (old method)\n")
    if tp_rows:
        L.append("`dpdk-testpmd -l 0-1 -n 1 [-d librte_net_ixguard.so] -a "
                 "0000:00:10.0 -a 0000:00:10.1 -- -i --forward-mode=io "
                 "--record-core-cycles --burst=32 --rxd=1024 --txd=1024`, "
                 "`start tx_first 16`, %g s, `stop`: testpmd's `CPU "
                 "cycles/packet=`, 64-byte frames, net_ixguard in its "
                 "default (shadow) mode.  The model thread runs "
                 "concurrently on the same two CPUs as testpmd's lcores, so "
                 "cross-core traffic and preemption are in the figure and "
                 "it does not repeat (this table is for comparison only).\n"
                 % args.testpmd_seconds)
        L.append("| round | driver | cycles/packet | packets |")
        L.append("|---|---|---|---|")
        for i, r in enumerate(tp_rows):
            L.append("| %d | %s | %.1f | %d |" % (i // 2 + 1, r["driver"],
                                                   r["cpp"], r["packets"]))
        g = statistics.median(r["cpp"] for r in tp_rows
                              if r["driver"] == "net_ixgbe")
        x = statistics.median(r["cpp"] for r in tp_rows
                              if r["driver"] == "net_ixguard")
        L.append("\nMedian: net_ixgbe %.1f, net_ixguard %.1f; ratio %.2f.\n"
                 % (g, x, x / g))
    else:
        L.append("Not run this time (`--no-testpmd`).\n")
    L.append("## Reproduce\n")
    L.append("```\n%s\n```\n" % args.command)
    with open(path, "w") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the whole measurement N times and report "
                         "the spread of the ratios")
    ap.add_argument("--blocks", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--steps", type=int, default=256)
    ap.add_argument("--inflight", type=int, default=4)
    ap.add_argument("--cache", default="flush",
                    choices=("flush", "demote", "hot"))
    ap.add_argument("--rx-offloads", action="store_true")
    ap.add_argument("--cpu", type=int, default=1,
                    help="CPU of pmd_cost's lcore (-l)")
    ap.add_argument("--no-testpmd", action="store_true")
    ap.add_argument("--testpmd-rounds", type=int, default=2)
    ap.add_argument("--testpmd-seconds", type=float, default=4.0)
    ap.add_argument("--no-huge", dest="huge", action="store_false",
                    default=None)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(ROOT, "doc", "bench",
                                                  "pmd-cycles.md"))
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    args.command = " ".join(["test/bench/pmd_cycles.py"] + sys.argv[1:])
    if args.huge is None:
        args.huge = huge_ok()
    if args.json is None:
        args.json = os.path.splitext(args.out)[0] + ".json"
    args.pmd_cost = os.path.join(args.build_dir, "test", "bench", "pmd_cost")
    plugin = os.path.join(args.build_dir, "drivers",
                          "librte_net_ixguard.so")
    for p in (args.pmd_cost, plugin):
        if not os.path.exists(p):
            raise SystemExit("build it first: %s" % p)
    args.plugin = ixguard_pmd.loadable_path(plugin)

    mach = machine()
    start = time.time()
    summaries, raw = [], []
    for i in range(args.repeat):
        rows = measure(args, "run %d/%d" % (i + 1, args.repeat))
        raw.append(rows)
        sm = summarize(rows)
        sm["_timer"] = rows["ixgbe-vec"][64][0]["timer_overhead"]
        summaries.append(sm)
        log("run %d/%d: 64 B ratios to ixgbe vec: %s" % (
            i + 1, args.repeat, ", ".join(
                "%s %.3f" % (c[0], sm[c[0]][64]["ratio_ixgbe-vec"])
                for c in CONFIGS[1:])))
    spread = ratio_spread([{k: v for k, v in s.items() if k != "_timer"}
                           for s in summaries]) if args.repeat > 1 else None
    if spread:
        worst = max(v[1] for k, v in spread.items()
                    if k[2] != "abs" and k[0] not in REFS)
        log("largest deviation of a ratio from its median over %d runs: "
            "%.1f%%" % (args.repeat, worst))
    tp_rows = [] if args.no_testpmd else testpmd_table(args)
    minutes = (time.time() - start) / 60
    for line in fmt_table(summaries[-1]):
        log(line)
    write_doc(args.out, args, mach, os.getloadavg()[0], summaries, spread,
              tp_rows, minutes)
    with open(args.json, "w") as f:
        json.dump({"machine": mach, "command": args.command,
                   "cache": args.cache, "rounds": args.rounds,
                   "summaries": [{k: v for k, v in s.items()}
                                 for s in summaries],
                   "spread": {"%s/%d/%s" % k: {"median": v[0],
                                               "max_dev_pct": v[1],
                                               "runs": v[2]}
                              for k, v in (spread or {}).items()},
                   "raw": raw, "testpmd": tp_rows}, f, indent=1,
                  default=str)
    log("wrote %s and %s" % (args.out, args.json))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""CPU cycles per packet of net_ixguard against DPDK's net_ixgbe.

1. build/test/bench/pmd_cost (test/bench/pmd_cost.c): rx_burst and
   tx_burst cycles per packet, testpmd's io forwarding between emulated
   ports cabled back to back, with the platform in synchronous mode (the
   model runs between the bursts in the benchmark's own thread, outside
   the counted windows, and flushes what the device wrote from the
   caches).  One process per DMA isolation mode holds four pairs of
   ports side by side, their blocks alternating: net_ixgbe vector and
   scalar (max SIMD bitwidth 64), net_ixguard in that mode with the
   default SIMD width and with 64.  The modes alternate, --rounds times,
   the four pairs changing places from round to round.  A
   configuration's cycles per packet are a low quantile of its blocks
   (the cost on a quiet machine: interference only adds time).  A
   process's ratio is the median of its blocks against the reference's
   blocks of the same rotation; by default a run's ratio is those read at
   one state of the machine, told by the model's cycles per frame, the
   core's clock and the reference's own cost
   (pmd_ratios.add_state_ratios(); --estimator: four ways, all in the
   JSON).
2. dpdk-testpmd --record-core-cycles end to end (the old method), for
   comparison: model thread and forwarding lcore share the machine's
   CPUs, so it does not repeat; --no-testpmd skips it.

--repeat N runs measurement 1 N times and reports, per ratio, the largest
deviation of a run from the median of the N runs (the goal: within 3%),
and how much of the runs' disagreement the state readings leave
(pmd_ratios.level_excess(): well above 1, the host changed from run to
run; measure again in a quieter hour).

Each measurement holds /tmp/ixguard-bench.lock.  pmd_cost's measuring
thread runs SCHED_FIFO (pmd_cost --fifo) on one CPU.  Output: markdown
(--out, default doc/bench/pmd-cycles.md) and JSON (--json, default the
same name with .json).

Usage: test/bench/pmd_cycles.py [--rounds N] [--repeat N] [--no-testpmd]
           [--modes shared,port,strict,shadow] [--cache flush|demote|hot]
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
sys.path.insert(0, os.path.join(ROOT, "test", "platform"))
import ixguard_pmd  # noqa: E402
# dma_overhead.py takes QUANTILE and quantile from here too.
from pmd_ratios import (  # noqa: E402,F401
    ESTIMATORS, MODES, NAMES, QUANTILE, REFS, SIZES, add_state_ratios,
    quantile, ratio_spread, state_excess, state_slopes, summarize)

PROBE_RE = re.compile(r"EAL: Probe PCI driver: (\S+) \(")
PROBE_DEV_RE = re.compile(r"EAL: Probe PCI driver: (\S+) \(\S+\) device: "
                          r"(\S+)")
CYCLES_RE = re.compile(r"CPU cycles/packet=([\d.]+) \(total cycles=(\d+) / "
                       r"total (\S+) packets=(\d+)\) at (\d+) MHz")
KEY = "ratio_"


def log(msg):
    print(msg, flush=True)


def huge_ok():
    try:
        with open("/proc/meminfo") as f:
            m = re.search(r"HugePages_Free:\s+(\d+)", f.read())
        return m is not None and int(m.group(1)) >= 256
    except OSError:
        return False


def layout(rnd):
    """Which functions carry which configuration in round rnd: a pair's
    position in the process costs or saves a few percent (memory layout),
    so four layouts take turns: net_ixgbe on functions 0-3 or 4-7, the
    scalar pair of each driver first or second."""
    ixgbe_low = rnd % 2 == 0
    scalar_first = (rnd // 2) % 2 == 1
    return ixgbe_low, scalar_first


def process_cmd(mode, args, tag, rnd):
    """One pmd_cost process: net_ixgbe on four functions (probed by the
    EAL), with the EAL's SIMD width and with 64 bits (scalar); net_ixguard
    in 'mode' on the other four (loaded and probed afterwards), the same
    two ways.  Returns the command and {function: driver}."""
    ixgbe_low, scalar_first = layout(rnd)
    ixgbe_fns = range(0, 4) if ixgbe_low else range(4, 8)
    ixguard_fns = range(4, 8) if ixgbe_low else range(0, 4)
    eal = ["-l", str(args.cpu), "-n", "1", "--iova-mode=va",
           "--file-prefix", "ixcyc%d%s" % (os.getpid(), tag)]
    eal += ["--huge-unlink"] if args.huge else ["--no-huge", "-m", "1024"]
    for f in ixgbe_fns:
        eal += ["-a", "0000:00:10.%d" % f]
    simd = ["64", "0"] if scalar_first else ["0", "64"]
    names = {"ixgbe": ["ixgbe-vec", "ixgbe-scalar"],
             "ixguard": ["ixguard-%s" % mode, "ixguard-%s-scalar" % mode]}
    if scalar_first:
        names = {k: v[::-1] for k, v in names.items()}
    order = ["ixgbe", "ixguard"] if ixgbe_low else ["ixguard", "ixgbe"]
    app = ["--sizes", ",".join(str(s) for s in SIZES),
           "--blocks", str(args.blocks), "--warmup", str(args.warmup),
           "--steps", str(args.steps), "--inflight", str(args.inflight),
           "--rxd", str(args.ring), "--txd", str(args.ring),
           "--cache", args.cache, "--timer", args.timer,
           "--late", args.plugin,
           "--simd", ",".join(simd * 2),
           "--names", ",".join(names[order[0]] + names[order[1]])]
    for f in ixguard_fns:
        app += ["--late-dev", "0000:00:10.%d,dma_isolation=%s" % (f, mode)]
    if args.rx_offloads:
        app.append("--rx-offloads")
    drivers = {"0000:00:10.%d" % f: "net_ixgbe" for f in ixgbe_fns}
    drivers.update({"0000:00:10.%d" % f: "net_ixguard"
                    for f in ixguard_fns})
    if args.rt:
        app.append("--fifo")
    if args.own_pools:
        app.append("--own-pools")
    return ([IXEMU, "--ports", "8", "--", args.pmd_cost] +
            eal + ["--"] + app), drivers


def check_probe(out, driver):
    probed = set(PROBE_RE.findall(out))
    if probed != {driver}:
        sys.stderr.write(out[-3000:])
        raise SystemExit("expected %s to probe both ports, got %s"
                         % (driver, sorted(probed)))


def run_pmd_cost(cmd, label):
    """One pmd_cost process (retried once).  Returns its output and
    {name: {size: result}}: a result is the pair's PMD_COST_JSON line plus
    'blocks' (rx+tx cycles per packet of every measured block)."""
    for attempt in range(2):
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True,
                              timeout=600)
        if proc.returncode == 0:
            break
        sys.stderr.write(proc.stdout[-3000:])
        log("  %s failed (%d), %s" % (label, proc.returncode,
                                      "retrying" if attempt == 0 else
                                      "giving up"))
        time.sleep(2)
    else:
        raise SystemExit("pmd_cost failed (%s)" % label)
    res, names = {}, {}
    for line in proc.stdout.splitlines():
        if line.startswith("PMD_COST_JSON "):
            j = json.loads(line[len("PMD_COST_JSON "):])
            if j["short_blocks"]:
                raise SystemExit("%s: %d blocks moved fewer packets than "
                                 "posted" % (j["name"], j["short_blocks"]))
            names[j["pair"]] = j["name"]
            res.setdefault(j["name"], {})[j["size"]] = j
        elif line.startswith("PMD_COST_BLOCKS "):
            j = json.loads(line[len("PMD_COST_BLOCKS "):])
            r = res[names[j["pair"]]][j["size"]]
            r["blocks"] = [a + b for a, b in zip(j["rx"], j["tx"])]
            # Memory latency before each block (pmd_cost_probe.c).
            r["probe"] = j.get("probe", [])
            # TSC ticks per core cycle before each block (the same).
            r["clock"] = j.get("clock", [])
            # The model's cycles per frame in each block (the same).
            r["model"] = j.get("model", [])
    return proc.stdout, res


def run_process(mode, args, tag, rnd):
    """Returns {name: {size: result}} (run_pmd_cost()), each result with
    its quantile 'q'."""
    cmd, drivers = process_cmd(mode, args, tag, rnd)
    out, res = run_pmd_cost(cmd, mode)
    probes = dict((dev, drv) for drv, dev in PROBE_DEV_RE.findall(out))
    if probes != drivers:
        sys.stderr.write(out[-3000:])
        raise SystemExit("unexpected probes: %s" % probes)
    for name, by_size in res.items():
        want = "net_ixgbe" if name.startswith("ixgbe") else "net_ixguard"
        if set(by_size) != set(SIZES):
            raise SystemExit("%s: no result for every size" % name)
        for r in by_size.values():
            if r["driver"] != want:
                raise SystemExit("%s: ports run by %s" % (name,
                                                          r["driver"]))
            r["q"] = quantile(r["blocks"], QUANTILE)
    return res


def measure(args, label):
    """One measurement: a process per DMA isolation mode, the modes
    alternated, args.rounds times.  Returns the list of processes, each
    {"mode": m, "res": {name: {size: result}}}."""
    procs = []
    t0 = time.time()
    with open(LOCK, "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        log("%s: lock taken after %.0f s" % (label, time.time() - t0))
        t0 = time.time()
        for r in range(args.rounds):
            for mode in args.modes:
                res = run_process(mode, args, "r%d" % r, r)
                procs.append({"mode": mode, "layout": layout(r),
                              "res": res})
                log("%s round %d/%d %-7s %s" % (
                    label, r + 1, args.rounds, mode, "  ".join(
                        "%s %.0f/%.0f" % (n, res[n][64]["q"],
                                          res[n][1518]["q"])
                        for n in res)))
        fcntl.flock(lk, fcntl.LOCK_UN)
    log("%s: %.0f s" % (label, time.time() - t0))
    # Let another job that waits for the lock have it first.
    time.sleep(5)
    return procs


def testpmd_for(cmd, start, seconds, timeout):
    """Interactive testpmd (cmd): the command start (e.g. "start tx_first
    16"), seconds of forwarding, then stop and quit; its output.  Exits
    the benchmark if testpmd fails or does not quit within timeout s."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    proc.stdin.write(start + "\n")
    proc.stdin.flush()
    time.sleep(seconds)
    proc.stdin.write("stop\nquit\n")
    proc.stdin.flush()
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        raise SystemExit("testpmd did not exit")
    if proc.returncode != 0:
        sys.stderr.write(out[-3000:])
        raise SystemExit("testpmd failed (%d)" % proc.returncode)
    return out


def repeat_runs(args, measure, summarize, ratios):
    """args.repeat runs of measure(args, label), each summarized; after
    each, the line "run i/n" + ratios(summary).  Returns (summaries, the
    runs' raw results)."""
    summaries, raw = [], []
    for i in range(args.repeat):
        procs = measure(args, "run %d/%d" % (i + 1, args.repeat))
        raw.append(procs)
        sm = summarize(procs)
        summaries.append(sm)
        log("run %d/%d%s" % (i + 1, args.repeat, ratios(sm)))
    return summaries, raw


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
        out = testpmd_for(cmd, "start tx_first 16", args.testpmd_seconds,
                          120)
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
    return {"date": datetime.date.today().isoformat(),
            "cpu": cpu + hyp, "ncpu": os.cpu_count(),
            "kernel": platform.release(), "dpdk": "DPDK " + (ver or "?"),
            "load": os.getloadavg()[0]}


def fmt_table(summary):
    L = ["| configuration | max SIMD bits | rx / tx path | 64 B rx+tx | rx "
         "| tx | / ixgbe vec | / ixgbe scalar | 1518 B rx+tx | / ixgbe vec "
         "| / ixgbe scalar |",
         "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name in NAMES:
        if name not in summary or 64 not in summary[name]:
            continue
        a, b = summary[name][64], summary[name][1518]
        path = "%s / %s" % (a["rx_path"], a["tx_path"])
        L.append("| %s | %s | %s | **%.1f** | %.1f | %.1f | **%.2f** | "
                 "**%.2f** | %.1f | %.2f | %.2f |" % (
                     name, "64" if name.endswith("-scalar") else "256",
                     "not reported" if a["rx_path"] == "?" else path,
                     a["cycles_per_packet"], a["rx"], a["tx"],
                     a[KEY + "ixgbe-vec"], a[KEY + "ixgbe-scalar"],
                     b["cycles_per_packet"], b[KEY + "ixgbe-vec"],
                     b[KEY + "ixgbe-scalar"]))
    return L


def worst_dev(spread, key=None, size=None):
    key = KEY if key is None else key
    return max((v[1] for k, v in spread.items()
                if k[2] in (key + REFS[0], key + REFS[1]) and
                k[0] not in REFS and size in (None, k[1])), default=0.0)


def spread_table(spread, nruns):
    L = ["| configuration | size | / ixgbe vec: median | runs | max dev | "
         "/ ixgbe scalar: median | runs | max dev |",
         "|---|---|---|---|---|---|---|---|"]
    for name in NAMES:
        for s in SIZES:
            if (name, s, "ratio_ixgbe-vec") not in spread or \
                    name == REFS[0]:
                continue
            v, w = (spread[(name, s, KEY + r)] for r in REFS)
            if name == REFS[1]:
                L.append("| %s | %d B | %.3f | %s | %.1f%% | | | |" % (
                    name, s, v[0], " ".join("%.3f" % x for x in v[2]),
                    v[1]))
                continue
            L.append("| %s | %d B | %.3f | %s | %.1f%% | %.3f | %s | "
                     "%.1f%% |" % (
                         name, s, v[0], " ".join("%.3f" % x for x in v[2]),
                         v[1], w[0], " ".join("%.3f" % x for x in w[2]),
                         w[1]))
    return L


# What each cache model does with the lines the device wrote in a step
# (lib/vfioemu/sync.c), for the method section.
CACHE_TEXT = {
    "flush": "at the end of every step the platform flushes (CLFLUSHOPT) "
             "every cache line the device wrote during the step: received "
             "frames, written-back RX descriptors and TX descriptors with "
             "DD.  That is a DMA write on a platform without DDIO: the "
             "driver finds them in memory, not in its caches.  It is "
             "pessimistic against a DDIO server, where those lines would be "
             "LLC hits, and it punishes a driver that waits for its "
             "descriptor misses one after the other.",
    "demote": "at the end of every step the platform demotes (CLDEMOTE) "
              "every cache line the device wrote during the step to the "
              "shared L3, as DDIO leaves a DMA write: the driver finds "
              "them in the LLC, not in its own caches.",
    "hot": "the device's writes stay in the core's caches (the model runs "
           "on the same core): a bound, not a platform.",
}


def write_doc(path, args, mach, load_after, summaries, spread, tp_rows,
              minutes, timer):
    now = mach.get("date", datetime.date.today().isoformat())
    L = ["# net_ixguard against net_ixgbe: CPU cycles per packet\n"]
    L.append("Measured by `test/bench/pmd_cycles.py` on %s: %s, %d CPUs, "
             "Linux %s, %s, on the emulated platform (devtools/ixemu).  %s  "
             "Load average %.2f at the start%s (the benchmark itself keeps "
             "one CPU busy).  %d measurement(s) of %d rounds, %.0f minutes in "
             "all.\n" % (
                 now, mach["cpu"], mach["ncpu"], mach["kernel"], mach["dpdk"],
                 "Hugepage memory." if args.huge else
                 "`--no-huge` memory.", mach["load"],
                 "" if load_after is None else
                 ", %.2f at the end" % load_after,
                 len(summaries), args.rounds, minutes))
    L.append("## Method\n")
    L.append(
        "`build/test/bench/pmd_cost` (test/bench/pmd_cost.c) is a plain "
        "ethdev program that measures the cycles a PMD's `rx_burst` and "
        "`tx_burst` spend per packet.  Each pair of emulated ports cabled "
        "back to back gets one RX and one TX queue per port (%d "
        "descriptors), testpmd's default port configuration (no RX "
        "offload; TX `MBUF_FAST_FREE`, which both drivers offer), "
        "testpmd's io forwarding (each port's frames go out of its peer), "
        "%d bursts of 32 Ethernet/IPv4/UDP frames in flight per port, %s "
        "of 16384 mbufs with a cache of 250.  After the links are up "
        "the platform goes into **synchronous mode** "
        "(`ixemu_model_sync()`, doc/platform.md): the model thread sleeps "
        "and the device side runs one round at a time when the program "
        "calls `ixemu_model_step()`, in the program's own thread.  A "
        "block is %d rounds of: one model step; then per port `t0; n = "
        "rx_burst(32); t1; tx_burst(peer, n); t2` with %s.  "
        "Only `[t0, t2)` is counted, so the "
        "model's time is not; the cost of an empty timed window (%d "
        "cycles) is taken off each window; every burst receives 32 "
        "frames.  pmd_cost's measuring thread runs SCHED_FIFO (`--fifo`, "
        "priority 1) pinned to CPU %d, "
        "so that no other process preempts a timed window (a window over "
        "250 us would be dropped and counted: none was).\n"
        % (args.ring, args.inflight, "an mbuf pool per pair" if args.own_pools
           else "one mbuf pool for the four pairs", args.steps,
           TIMER_TEXT[args.timer], timer,
           args.cpu))
    L.append(
        "**Side by side in one process.**  One process holds four pairs: "
        "net_ixgbe with the EAL's SIMD width (vector paths) and with 64 "
        "bits (scalar paths) on functions 0-3, which the EAL probes; and "
        "net_ixguard, loaded after `rte_eal_init()` and probed with "
        "`rte_dev_probe()` on functions 4-7 with `dma_isolation=MODE`, "
        "with the default and with the 64-bit SIMD width (a driver picks "
        "its paths when its ports are set up, so pmd_cost sets the EAL's "
        "max SIMD bitwidth per pair; `--force-max-simd-bitwidth=64` is the "
        "same for a whole process).  The pairs' blocks alternate (A B C D, "
        "B C D A, ...), a few milliseconds apart, 64-byte then 1518-byte "
        "frames (sizes with the FCS).  %d warm-up blocks are dropped, %d "
        "are kept per pair and size.  One process per DMA isolation mode, "
        "the modes alternated, %d rounds; a pair's place costs or saves "
        "a few percent (memory layout), so from round to round net_ixgbe "
        "takes functions 0-3 or 4-7 and each driver's scalar pair goes "
        "first or second (four layouts).  The probe log is checked: each "
        "function was probed by the driver meant for it.\n"
        % (args.warmup, args.blocks, args.rounds))
    lo, hi = summaries[-1][REFS[0]][64].get("state_range", (0, 0))
    b_model, b_clock, b_ref = state_slopes(summaries)
    anchor = summaries[-1][REFS[0]][64].get("state_anchor_" + REFS[0],
                                            (0, 0, 0))
    L.append(
        "**Which figure.**  A driver's cycles per packet drift from "
        "process to process and from run to run: in this measurement "
        "net_ixgbe's vector path cost %.0f cycles a packet in one process "
        "and %.0f in another (the median of each process's blocks).  The "
        "blocks of one rotation (A B C D) run a few milliseconds apart, so "
        "a process's ratio is taken block against block: the median of "
        "each block of a configuration divided by the reference's block of "
        "the same rotation.  That cancels what slows both drivers alike, "
        "but not what slows one more than the other, and the ratio itself "
        "depends on the machine's state: runs that met different mixes of "
        "states disagree by more than the scatter of their processes "
        "explains.  So each run's ratio is read at one state of the "
        "machine (`--estimator state`, the default; this table: "
        "`--estimator %s`): the log of each process's ratio is fitted by "
        "least squares against three logs that tell the process's state: "
        "the model's cycles per frame (the device side, run between the "
        "bursts on the same core and outside the timed windows: no "
        "driver's timed code is in it), the core's clock against the TSC "
        "(the clock probe before every block: a slower core makes a "
        "driver's instructions cost more TSC cycles, but not its waits "
        "for memory) and the reference's own cycles per packet, with "
        "slopes common to the runs of the measurement and a level per run; "
        "every run is read at the same anchor, the median of those readings "
        "over all processes of all runs (at 64 B: the model %.0f cycles a "
        "frame, %.3f TSC ticks a core cycle, net_ixgbe vector %.1f cycles "
        "a packet).  At 64 B a net_ixguard ratio to net_ixgbe vector %s "
        "by %.1f%% when the model's cost rises by 10%%, %s by %.1f%% when "
        "the TSC ticks a core cycle do and %s by %.1f%% when net_ixgbe's "
        "cost does (the median slopes over the configurations).  The ratio "
        "is the "
        "two drivers' in the median state of this measurement: a quieter "
        "or busier machine has another state and may show another ratio.  "
        "The cycles per packet shown are the %d%% quantile of the "
        "configuration's pooled blocks (its cost while the machine was "
        "quiet).  The JSON keeps the other estimators (`ratio_pair_*`: "
        "the run's median of block-against-block ratios, with no fit; "
        "`ratio_*`: quantile against quantile; `ratio_med_*`: median "
        "against median), and \"Does it repeat?\" gives the spread of "
        "each.\n"
        % (lo, hi, args.estimator, anchor[0], anchor[1], anchor[2],
           "rises" if b_model >= 0 else "falls", 10 * abs(b_model),
           "rises" if b_clock >= 0 else "falls", 10 * abs(b_clock),
           "rises" if b_ref >= 0 else "falls", 10 * abs(b_ref),
           int(QUANTILE * 100)))
    L.append("**Cache model** (`--cache %s`): %s  Device reads leave the "
             "caches as they are.  The model's own footprint (it runs on "
             "the same core between the bursts) is not taken away.\n"
             % (args.cache, CACHE_TEXT[args.cache]))
    last = summaries[-1]
    L.append("## Cycles per packet (rx_burst + tx_burst), burst 32\n")
    if len(summaries) > 1:
        L.append("From the last of the %d measurements; the spread of "
                 "all of them is below.  rx and tx are block medians (the "
                 "split); rx+tx is the quiet-machine figure and the ratios "
                 "are taken as described above (`--estimator %s`).\n"
                 % (len(summaries), args.estimator))
    L += fmt_table(last)
    L.append("")
    if spread:
        L.append("## Does it repeat?\n")
        L.append("The whole measurement ran %d times in a row.  Per ratio: "
                 "its median over the runs, each run's value, and the "
                 "largest deviation of a run from that median (goal: "
                 "within 3%%).\n" % len(summaries))
        L += spread_table(spread, len(summaries))
        L.append("")
        w, wm = worst_dev(spread), worst_dev(spread, "ratio_med_")
        L.append("Largest deviation of a net_ixguard ratio from its median: "
                 "**%.1f%%** (%s); %.1f%% at 64 bytes, %.1f%% at 1518 "
                 "bytes.  With block medians it would be %.1f%%.  "
                 "net_ixgbe scalar against vector, two "
                 "paths with the same appetite for memory, holds within "
                 "%.1f%%.\n" % (
                     w, "within 3%" if w <= 3 else "NOT within 3%",
                     worst_dev(spread, size=64),
                     worst_dev(spread, size=1518), wm,
                     max(spread[(REFS[1], s, KEY + REFS[0])][1]
                         for s in SIZES)))
        L.append("The machine's state met by each run (each process's "
                 "median net_ixgbe vector cycles a packet at 64 B: the "
                 "median over the run's processes and their range): " +
                 ", ".join("run %d %.1f (%.1f-%.1f)" % ((i + 1,) + tuple(
                     sm[REFS[0]][64]["state_run"]))
                     for i, sm in enumerate(summaries)) +
                 " (how a ratio moves with the state: \"Which figure\" "
                 "above).\n")
        ex = [state_excess(summaries, sz) for sz in SIZES]
        if None not in ex:
            L.append("What the readings leave of the runs' disagreement: "
                     "the standard deviation of the runs' levels in the "
                     "state fit over the one the scatter of their "
                     "processes predicts, the median over the net_ixguard "
                     "ratios to net_ixgbe vector: %s (about 1: the "
                     "processes' sampling alone, which more rounds "
                     "reduce; well above 1: the machine changed from run "
                     "to run in a way the readings do not tell).\n" %
                     ", ".join("%.1f at %d B" % (e, sz)
                               for e, sz in zip(ex, SIZES)))
        L.append("The four ways of taking a ratio, over the same blocks "
                 "(`--estimator`; this table: %s): read at one state (the "
                 "fit above) %.1f%%; the median of block-against-block "
                 "ratios (each block against the reference's block of the "
                 "same rotation, a few milliseconds apart, no fit) %.1f%%; "
                 "the %d%% quantile of pooled blocks %.1f%%; the median of "
                 "pooled blocks %.1f%%.\n" % (
                     args.estimator,
                     worst_dev(spread, "ratio_state_"),
                     worst_dev(spread, "ratio_pair_"),
                     int(QUANTILE * 100),
                     worst_dev(spread, "ratio_"),
                     worst_dev(spread, "ratio_med_")))
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
                 "it does not repeat: for comparison only.\n"
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


def find_programs(args):
    """args.pmd_cost and args.plugin (a copy the EAL will load) from
    args.build_dir."""
    args.pmd_cost = os.path.join(args.build_dir, "test", "bench", "pmd_cost")
    plugin = os.path.join(args.build_dir, "drivers",
                          "librte_net_ixguard.so")
    for p in (args.pmd_cost, plugin):
        if not os.path.exists(p):
            raise SystemExit("build it first: %s" % p)
    args.plugin = ixguard_pmd.loadable_path(plugin)


# How a timed window is read (pmd_cost --timer)
TIMER_TEXT = {
    "lfence": "`LFENCE; RDTSC; LFENCE` (`--timer lfence`): a window ends "
              "when the burst function's instructions have completed.  "
              "Memory work it leaves in flight (prefetches for the next "
              "burst, stores not written yet) overlaps what follows, as "
              "in an application; testpmd's `--record-core-cycles` counts "
              "a burst with `rte_rdtsc()`, no fence at all.  With "
              "`rte_rdtsc_precise()` (MFENCE, `--timer mfence`) the "
              "window also waits for those, and on the AMD EPYC (Zen 5) "
              "guest that includes software prefetches: one prefetch of "
              "a line in memory at the end of `tx_burst` added 10-11 "
              "cycles a packet, a memory latency a burst, so a driver "
              "paid for the wait its prefetch saved the next burst",
    "mfence": "`rte_rdtsc_precise()` (MFENCE, `--timer mfence`): a window "
              "ends when the burst function's instructions and memory "
              "accesses have completed, software prefetches included on "
              "the AMD EPYC (Zen 5) guest",
}


def add_pmd_cost_args(ap, blocks=40, warmup=10):
    """pmd_cost's measurement options, shared with dma_overhead.py."""
    ap.add_argument("--blocks", type=int, default=blocks)
    ap.add_argument("--warmup", type=int, default=warmup)
    ap.add_argument("--steps", type=int, default=128)
    ap.add_argument("--inflight", type=int, default=4)
    ap.add_argument("--ring", type=int, default=1024)
    ap.add_argument("--cache", default="flush",
                    choices=("flush", "demote", "hot"))
    ap.add_argument("--timer", default="lfence", choices=tuple(TIMER_TEXT))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # A ratio moves from process to process by several percent (the
    # machine's state holds for seconds), while a process's own blocks
    # agree within one or two: many short processes repeat better than
    # a few long ones.  Measured on the same five runs of 24 rounds,
    # rounds 1-8, 9-16 and 17-24 each spread 12.6-16.5% at 64 B, all 24
    # rounds 8.9% (doc/bench/pmd-cycles.md).  Read at one state, what is
    # left of a run's spread is mostly its processes' scatter: five-run
    # measurements of 24 rounds, re-read so, came to 2.4-2.7%, so 32.
    ap.add_argument("--rounds", type=int, default=32,
                    help="rounds; the four layouts take turns, so a "
                         "multiple of 4")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the whole measurement N times and report "
                         "the spread of the ratios")
    # Read at one state (--estimator state), a process's ratio scatters
    # less, and half of what is left is its own blocks' scatter.
    add_pmd_cost_args(ap, blocks=48, warmup=6)
    ap.add_argument("--rx-offloads", action="store_true")
    ap.add_argument("--own-pools", action="store_true",
                    help="each pair of ports its own mbuf pool (default: "
                         "one pool for the process's four pairs)")
    ap.add_argument("--estimator", default="state", choices=ESTIMATORS,
                    help="the ratio the tables show (all are in the JSON)")
    ap.add_argument("--cpu", type=int, default=1,
                    help="CPU of pmd_cost's lcore (-l)")
    ap.add_argument("--no-rt", dest="rt", action="store_false",
                    help="do not run pmd_cost's measuring thread SCHED_FIFO")
    ap.add_argument("--modes", default=",".join(MODES),
                    help="DMA isolation modes of net_ixguard to run")
    ap.add_argument("--no-testpmd", action="store_true")
    ap.add_argument("--testpmd-rounds", type=int, default=2)
    ap.add_argument("--testpmd-seconds", type=float, default=4.0)
    ap.add_argument("--no-huge", dest="huge", action="store_false",
                    default=None)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(ROOT, "doc", "bench",
                                                  "pmd-cycles.md"))
    ap.add_argument("--json", default=None)
    ap.add_argument("--raw-json", default=None,
                    help="every block, for --rerender (default: "
                         "BUILD_DIR/pmd-cycles-raw.json)")
    ap.add_argument("--rerender", metavar="RAW_JSON", default=None,
                    help="write the markdown from a run's --raw-json "
                         "output (give the run's options too) and exit")
    args = ap.parse_args()
    args.command = " ".join(["test/bench/pmd_cycles.py"] + sys.argv[1:])
    global KEY
    KEY = ESTIMATORS[args.estimator]
    args.modes = args.modes.split(",")
    if set(args.modes) - set(MODES):
        raise SystemExit("modes: %s" % ", ".join(MODES))
    if args.huge is None:
        args.huge = huge_ok()
    if args.json is None:
        args.json = os.path.splitext(args.out)[0] + ".json"
    if args.raw_json is None:
        args.raw_json = os.path.join(args.build_dir, "pmd-cycles-raw.json")
    find_programs(args)

    if args.rerender:
        rerender(args)
        return
    mach = machine()
    start = time.time()
    # The state estimator needs every run: a run's line shows the pair one.
    run_key = ESTIMATORS["pair"] if args.estimator == "state" else KEY
    summaries, raw = repeat_runs(
        args, measure, summarize,
        lambda sm: ": 64 B %sixgbe-vec: " % run_key + ", ".join(
            "%s %.3f" % (n, sm[n][64][run_key + "ixgbe-vec"])
            for n in NAMES[1:] if n in sm and 64 in sm[n]))
    timer = raw[0][0]["res"]["ixgbe-vec"][64]["timer_overhead"]
    add_state_ratios(raw, summaries)
    spread = ratio_spread(summaries) if args.repeat > 1 else None
    if spread:
        log("largest deviation of a ratio from its median over %d runs: "
            "%.1f%% (block medians: %.1f%%)" % (
                args.repeat, worst_dev(spread),
                worst_dev(spread, "ratio_med_")))
        for line in spread_table(spread, args.repeat):
            log(line)
    tp_rows = [] if args.no_testpmd else testpmd_table(args)
    minutes = (time.time() - start) / 60
    for line in fmt_table(summaries[-1]):
        log(line)
    write_doc(args.out, args, mach, os.getloadavg()[0], summaries, spread,
              tp_rows, minutes, timer)
    full = {"machine": mach, "command": args.command, "cache": args.cache,
            "timer_mode": args.timer,
            "rounds": args.rounds, "quantile": QUANTILE,
            "summaries": summaries,
            "spread": {"%s/%d/%s" % k: {"median": v[0], "max_dev_pct": v[1],
                                        "runs": v[2]}
                       for k, v in (spread or {}).items()},
            "raw": raw, "testpmd": tp_rows, "minutes": minutes,
            "load_after": os.getloadavg()[0], "timer": timer}
    write_json(args, full)
    log("wrote %s and %s" % (args.out, args.json))


def write_json(args, full):
    """Everything to --raw-json (every process and block: --rerender and
    analysis), the figures without the processes to --json (kept with
    the doc)."""
    with open(args.raw_json, "w") as f:
        json.dump(full, f)
    slim = {k: v for k, v in full.items() if k != "raw"}
    with open(args.json, "w") as f:
        json.dump(slim, f, indent=1)


def rerender(args):
    """The markdown again from a run's JSON (same options as the run)."""
    with open(args.rerender) as f:
        d = json.load(f)
    raw = [[{"mode": p["mode"],
             "res": {n: {int(k): v for k, v in by.items()}
                     for n, by in p["res"].items()}} for p in run]
           for run in d["raw"]]
    args.command = d["command"]
    args.timer = d.get("timer_mode", args.timer)
    summaries = [summarize(procs) for procs in raw]
    add_state_ratios(raw, summaries)
    spread = ratio_spread(summaries) if len(summaries) > 1 else None
    timer = d.get("timer", raw[0][0]["res"]["ixgbe-vec"][64]
                  ["timer_overhead"])
    write_doc(args.out, args, d["machine"],
              d.get("load_after"), summaries, spread,
              d["testpmd"], d.get("minutes", 0.0), timer)
    log("wrote %s" % args.out)


if __name__ == "__main__":
    main()

# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""From pmd_cost's blocks to a run's figures: cycles per packet and the
ratios to net_ixgbe, by each estimator (test/bench/pmd_cycles.py,
doc/bench/pmd-cycles.md)."""
import math
import statistics

SIZES = (64, 1518)
MODES = ("shared", "port", "strict", "shadow")
REFS = ("ixgbe-vec", "ixgbe-scalar")
# Configuration names, in table order.
NAMES = (list(REFS) + ["ixguard-%s" % m for m in MODES] +
         ["ixguard-%s-scalar" % m for m in MODES])
# The block quantile that makes a process's figure (see the doc).
QUANTILE = 0.10
# The ratio the tables show (--estimator): "ratio_" (QUANTILE of pooled
# blocks), "ratio_pair_" (median of block-against-block ratios),
# "ratio_med_" (median of pooled blocks) or "ratio_state_" (the
# processes' pair ratios read at one state of the machine:
# add_state_ratios()).
ESTIMATORS = {"quantile": "ratio_", "pair": "ratio_pair_",
              "median": "ratio_med_", "state": "ratio_state_"}


def quantile(v, q):
    v = sorted(v)
    pos = q * (len(v) - 1)
    i = int(pos)
    if i + 1 >= len(v):
        return v[-1]
    return v[i] + (pos - i) * (v[i + 1] - v[i])


def block_ratios(res, name, ref, size):
    """One process's blocks of name, each against the reference's block
    of the same rotation (a few ms apart, the same machine state: drift
    cancels)."""
    return (x / y for x, y in zip(res[name][size]["blocks"],
                                  res[ref][size]["blocks"]))


def pair_ratio(res, name, ref, size):
    """One process's ratio of name to ref: the median of its
    block_ratios()."""
    return statistics.median(block_ratios(res, name, ref, size))


def summarize(procs):
    """Per configuration and size, over the run: the QUANTILE of all its
    blocks (pooled over the processes that ran it; the four layouts take
    equal turns); its ratio to each reference is the ratio of the same
    quantile of the reference's blocks in the same processes.  Medians of
    the pooled blocks are kept for comparison, and rx and tx (the split)
    are medians over processes of their block medians."""
    out = {}
    for name in NAMES:
        out[name] = {}
        for s in SIZES:
            ps = [p["res"] for p in procs if name in p["res"]]
            if not ps:
                continue
            blocks = [b for r in ps for b in r[name][s]["blocks"]]
            d = {"cycles_per_packet": quantile(blocks, QUANTILE),
                 "median_block": statistics.median(blocks),
                 "rx": statistics.median(r[name][s]["rx"] for r in ps),
                 "tx": statistics.median(r[name][s]["tx"] for r in ps),
                 "rx_path": ps[0][name][s]["rx_path"],
                 "tx_path": ps[0][name][s]["tx_path"],
                 "processes": len(ps), "blocks": len(blocks)}
            for ref in REFS:
                rb = [b for r in ps for b in r[ref][s]["blocks"]]
                d["ratio_" + ref] = d["cycles_per_packet"] / quantile(
                    rb, QUANTILE)
                d["ratio_med_" + ref] = d["median_block"] / \
                    statistics.median(rb)
                d["ratio_pair_" + ref] = statistics.median(
                    x for r in ps for x in block_ratios(r, name, ref, s))
            out[name][s] = d
    return out


def process_state(res, size, ref=REFS[0]):
    """The machine's state during one process as a reference driver met
    it: the median of its blocks.  It holds within a process and moves
    from one process to the next (on the AMD guest 33 to 75 cycles a
    packet for net_ixgbe's vector path)."""
    return statistics.median(res[ref][size]["blocks"])


def state_readings(res, size, ref):
    """The logs of what tells one process's state, for a ratio to ref:
    the model's cycles per frame (the device side, run between the
    bursts on the same core: no driver's timed code in it), the core's
    clock against the TSC (pmd_cost's clock probe before every block of
    this size: a slower core makes a driver's instructions cost more
    TSC cycles, but not its waits for memory) and the reference's own
    cycles per packet (process_state())."""
    return [math.log(res[ref][size]["model_cycles_per_frame"]),
            math.log(statistics.median(v for n in res
                                       for v in res[n][size]["clock"])),
            math.log(process_state(res, size, ref))]


def least_squares(rows, ys):
    """b minimising sum (y - row . b)^2 (normal equations, Gauss-Jordan
    with partial pivoting); a coefficient without support is 0."""
    k = len(rows[0])
    a = [[sum(r[i] * r[j] for r in rows) for j in range(k)] +
         [sum(r[i] * y for r, y in zip(rows, ys))] for i in range(k)]
    for c in range(k):
        p = max(range(c, k), key=lambda i: abs(a[i][c]))
        a[c], a[p] = a[p], a[c]
        if abs(a[c][c]) < 1e-12:
            a[c] = [0.0] * (k + 1)
            continue
        for i in range(k):
            if i != c and a[i][c]:
                f = a[i][c] / a[c][c]
                a[i] = [x - f * y for x, y in zip(a[i], a[c])]
    return [a[i][k] / a[i][i] if a[i][i] else 0.0 for i in range(k)]


def level_excess(rows, ys, b, nrun):
    """How far the runs' levels of a state fit (b[:nrun]) disagree beyond
    what the scatter of their processes predicts: the standard deviation
    of the levels over the one predicted from the residuals (about 1:
    sampling alone; well above 1: the machine changed from run to run in
    a way the readings do not tell).  None with one run."""
    dof = len(rows) - len(b)
    if nrun < 2 or dof <= 0:
        return None
    rss = sum((y - sum(c * v for c, v in zip(b, r))) ** 2
              for r, y in zip(rows, ys))
    counts = [sum(r[i] for r in rows) for i in range(nrun)]
    if min(counts) == 0:
        return None
    predicted = math.sqrt(rss / dof * statistics.mean(1 / n for n in counts))
    return statistics.stdev(b[:nrun]) / predicted if predicted else None


def add_state_ratios(runs, summaries):
    """The "state" estimator, added to each run's summary.  A ratio
    depends on the machine's state (net_ixgbe slows more than net_ixguard
    when the machine is slow), and the mix of states differs from run to
    run.  So per configuration, size and reference: the log of each
    process's pair ratio (pair_ratio()) is fitted by least squares
    against the process's state_readings(), with one level per run and
    slopes common to the runs of the measurement; a run's ratio is its
    level read at the anchor, the median readings over all processes of
    all runs: every run and configuration is read at the same state.
    ratio_state_* is that reading, state_slopes_* the slopes (model,
    clock, reference: 0 when the ratio does not depend on the reading;
    -0.3: it falls 3% when the reading rises 10%); the anchor (model
    cycles per frame, TSC ticks per core cycle, reference cycles per
    packet) is the first reference's state_anchor_*, and state_excess_*
    what the readings leave of the runs' disagreement (level_excess())."""
    nrun = len(runs)
    for s in SIZES:
        run_states = [[process_state(p["res"], s) for p in procs]
                      for procs in runs]
        states = [x for mine in run_states for x in mine]
        for ref in REFS:
            # (run, process, its readings), once for every configuration.
            procs_read = [(i, p["res"], state_readings(p["res"], s, ref))
                          for i, procs in enumerate(runs) for p in procs]
            anchor = [statistics.median(x[k] for _, _, x in procs_read)
                      for k in range(len(procs_read[0][2]))]
            for name in NAMES:
                if name == ref:
                    continue
                pts = [(i, math.log(pair_ratio(res, name, ref, s)), x)
                       for i, res, x in procs_read if name in res]
                if not pts:
                    continue
                rows = [[1.0 if j == i else 0.0 for j in range(nrun)] + x
                        for i, _, x in pts]
                ys = [y for _, y, _ in pts]
                b = least_squares(rows, ys)
                at = sum(c * a for c, a in zip(b[nrun:], anchor))
                excess = level_excess(rows, ys, b, nrun)
                for i, sm in enumerate(summaries):
                    d = sm[name][s]
                    d["ratio_state_" + ref] = math.exp(b[i] + at)
                    d["state_slopes_" + ref] = b[nrun:]
                    d["state_excess_" + ref] = excess
            for sm in summaries:
                sm[REFS[0]][s]["state_anchor_" + ref] = [math.exp(a)
                                                         for a in anchor]
        for mine, sm in zip(run_states, summaries):
            for ref in REFS:
                sm[ref][s]["ratio_state_" + ref] = 1.0
            # This run's own states: what its processes met.
            sm[REFS[0]][s]["state_run"] = (statistics.median(mine),
                                           min(mine), max(mine))
            sm[REFS[0]][s]["state_range"] = (min(states), max(states))


def ratio_spread(summaries):
    """Per configuration, size and reference: the ratio's median over the
    runs and the largest deviation of a run from it, in percent."""
    sp = {}
    for name in NAMES:
        for s in SIZES:
            if any(s not in x.get(name, {}) for x in summaries):
                continue
            for key in ["ratio_" + r for r in REFS] + [
                    "ratio_med_" + r for r in REFS] + [
                    k + r for r in REFS for k in ("ratio_pair_",
                                                  "ratio_state_")
                    if k + r in summaries[0][name][s]] + [
                    "cycles_per_packet"]:
                v = [x[name][s][key] for x in summaries]
                m = statistics.median(v)
                sp[(name, s, key)] = (m, max(abs(x / m - 1) for x in v) * 100,
                                      v)
    return sp


def ixguard_fits(summaries, size, key):
    """key + REFS[0] of the last run's state fits of the net_ixguard
    ratios to net_ixgbe's vector path at size, where the fit has it."""
    return [by[size][key + REFS[0]] for n, by in summaries[-1].items()
            if n not in REFS and size in by and
            by[size].get(key + REFS[0]) is not None]


def state_slopes(summaries, size=64):
    """The median slopes (model, clock, reference) of the state fits of
    the net_ixguard ratios to net_ixgbe's vector path."""
    v = ixguard_fits(summaries, size, "state_slopes_")
    if not v:
        return 0.0, 0.0, 0.0
    return tuple(statistics.median(x[k] for x in v) for k in range(3))


def state_excess(summaries, size):
    """The median level_excess() of the state fits of the net_ixguard
    ratios to net_ixgbe's vector path at size; None with one run."""
    v = ixguard_fits(summaries, size, "state_excess_")
    return statistics.median(v) if v else None

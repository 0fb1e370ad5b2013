#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""doc/guides/nics/features/ixguard.ini against the driver, through
features_check.c, in every DMA isolation mode: each Y or P line must
have a probe and the probe must pass (capabilities in dev_info, the
operations answering and doing what they say).  "Multiprocess aware"
runs features_check again as a secondary process, which must see the
primary's burst functions, statistics, xstats and DMA domain; it needs
hugepages (the huge variant).  Besides, a runtime RX
queue setup from a pool the port never had is refused in strict mode
only (-EIO, one log line; set up again from its old pool, it works).

The check is shown to bite: a copy of the file with claims the driver
cannot honour (QinQ offload, even partial: the 82599 neither strips nor
inserts the outer tag; Timesync; a feature with no probe) must fail on
exactly those lines.
"""
import os
import re
import subprocess

import ixemu_testlib as tl
import ixguard_pmd as pmd

MODES = ["shared", "port", "strict", "shadow"]
# Lines the driver does not support, and the FAIL each must produce.
BOGUS = {
    "QinQ offload": "P",
    "Timesync": "Y",
}


def extra(p):
    p.add_argument("--program", required=True)


def run(env, name, mode, ini, guide, extra=()):
    report = os.path.join(env.outdir, name + "-report.json")
    dev = ",dma_isolation=%s" % mode
    argv = [env.ixemu, "--ports", "2", "--report", report, "--",
            env.args.program, "-l", "0-1", "-n", "1", "--iova-mode=va",
            "--file-prefix", "ixgfeat%d" % os.getpid(),
            "-d", pmd.require_plugin(env), "-a", tl.emulated_bdf(0) + dev,
            "-a", tl.emulated_bdf(1) + dev]
    # Hugepage files stay linked: the "Multiprocess aware" probe's
    # secondary process maps them (the EAL removes them at exit).
    argv += [] if env.huge else ["--no-huge", "-m", "512"]
    # The secondary maps the primary's memory at the primary's addresses.
    # Where the kernel put them is free in a plain secondary, but an ASan
    # build's secondary may hold them already (its allocator and shadow
    # come first: "Cannot reserve ... please use '--base-virtaddr'").
    # An address above ASan's regions is free in both builds.
    argv += ["--base-virtaddr=0x500000000000"]
    argv += ["--", ini, guide] + list(extra)
    envv = dict(os.environ, IXEMU_LIB=env.lib)
    print("# run: %s" % " ".join(argv))
    p = subprocess.run(argv, capture_output=True, text=True, timeout=180,
                       env=envv, cwd=env.outdir)
    with open(os.path.join(env.outdir, name + ".log"), "w") as f:
        f.write(p.stdout + "\n--- stderr ---\n" + p.stderr)
    lines = [re.match(r"^(ok|FAIL|skip): (.*)$", l)
             for l in p.stdout.splitlines()]
    return p, [m.groups() for m in lines if m]


def test(env, chk):
    if not chk.check(os.access(env.args.program, os.X_OK),
                     "features_check is built", env.args.program):
        return
    ini = os.path.join(env.source_dir, "doc", "guides", "nics", "features",
                       "ixguard.ini")
    guide = os.path.join(env.source_dir, "doc", "guides", "nics",
                         "ixguard.rst")
    for mode in MODES:
        p, res = run(env, mode, mode, ini, guide, [mode])
        for verdict, what in res:
            if verdict != "skip":
                chk.check(verdict == "ok", "%s: %s" % (mode, what))
        # A secondary process needs the primary's hugepages.
        mp = [v for v, w in res if w.startswith("Multiprocess aware = Y")]
        chk.equal(mp, ["ok"] if env.huge else ["skip"],
                  "%s: Multiprocess aware: %s" % (mode, "checked with a "
                  "secondary process" if env.huge else "skipped without "
                  "hugepages"))
        chk.check(len(res) > 30, "%s: %d checks ran" % (mode, len(res)))
        chk.equal(p.returncode, 0, "%s: features_check exit code" % mode)
        refused = re.findall(r"ixguard: port 0: strict mode: mempool "
                             r"feat_new is not in the DMA domain", p.stderr)
        chk.equal(len(refused), 1 if mode == "strict" else 0,
                  "%s: log lines of a refused runtime setup" % mode)
        summ = tl.parse_ixemu_summary(p.stderr)
        if chk.check(summ is not None, "%s: ixemu summary line" % mode):
            chk.equal(summ["faults"], 0, "%s: IOMMU faults" % mode)

    # The same file with claims the driver cannot honour: they must fail.
    text = open(ini).read()
    for k, v in BOGUS.items():
        text = text.replace("[Features]\n", "[Features]\n%s = %s\n" % (k, v),
                            1)
    text = text.replace("[Features]\n", "[Features]\nNo such feature = Y\n",
                        1)
    bad = os.path.join(env.outdir, "bogus.ini")
    with open(bad, "w") as f:
        f.write(text)
    p, res = run(env, "bogus", "shared", bad, guide)
    failed = sorted(w.split(" = ")[0] for v, w in res if v == "FAIL")
    want = sorted(list(BOGUS) + ["No such feature"])
    chk.equal(failed, want, "claims the driver cannot honour fail")
    chk.equal(p.returncode, 1, "bogus file: features_check exit code")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0], extra)

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard operations testpmd cannot check, through a small DPDK
program, info_api.c: burst mode names, register dump, NVM dump and its
checksum, flow control limits and persistence, the multicast list on real
frames, RX/TX descriptor status and an RX queue interrupt waking epoll.

The program is compiled here (cc, pkg-config libdpdk) into the test's
output directory and run under devtools/ixemu on two cabled ports with
the plugin loaded by '-d'.  Its ok/FAIL lines are checks; besides, each
refused flow control setting logs exactly one line, and no IOMMU fault
happens.
"""
import os
import re
import subprocess

import ixemu_testlib as tl
import ixguard_pmd as pmd


def test(env, chk):
    # Built by meson (test/pmd/meson.build).
    exe = os.path.join(env.build_dir, "test", "pmd", "info_api")
    if not chk.check(os.access(exe, os.X_OK), "info_api is built", exe):
        return
    report = os.path.join(env.outdir, "report.json")
    argv = [env.ixemu, "--ports", "2", "--report", report, "--", exe,
            "-l", "0-1", "-n", "1", "--iova-mode=va",
            "--file-prefix", "ixgapi%d" % os.getpid(),
            "-d", pmd.require_plugin(env), "-a", tl.emulated_bdf(0),
            "-a", tl.emulated_bdf(1)]
    argv += ["--huge-unlink"] if env.huge else ["--no-huge", "-m", "512"]
    envv = dict(os.environ, IXEMU_LIB=env.lib)
    print("# run: %s" % " ".join(argv))
    p = subprocess.run(argv, capture_output=True, text=True, timeout=120,
                       env=envv, cwd=env.outdir)
    with open(os.path.join(env.outdir, "info_api.log"), "w") as f:
        f.write(p.stdout + "\n--- stderr ---\n" + p.stderr)
    for line in p.stdout.splitlines():
        m = re.match(r"^(ok  |FAIL) - (.*)$", line)
        if m:
            chk.check(m.group(1) == "ok  ", "info_api: " + m.group(2))
    chk.equal(p.returncode, 0, "info_api exit code")
    fc_lines = re.findall(r"ixguard: port 0: .*(water|pause time)", p.stderr)
    chk.equal(len(fc_lines), 3, "one log line per refused flow control "
              "setting")
    mc = re.findall(r"ixguard: port 0: .* not a multicast address", p.stderr)
    chk.equal(len(mc), 1, "one log line for the unicast multicast entry")
    summ = tl.parse_ixemu_summary(p.stderr)
    if chk.check(summ is not None, "ixemu summary line"):
        chk.equal(summ["faults"], 0, "IOMMU faults")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""meson install and the Debian package: 'meson install' puts the plugin
in DPDK's plugin directory and guardpmd in bin; dpkg-buildpackage builds dpdk-pmd-ixguard from a
copy of the tree, lintian finds no error or warning, the package holds
the plugin in DPDK's plugin directory, guardpmd and its manual page, and
Debian's dpdk-testpmd, given that directory from the unpacked package
with -d DIR, probes both emulated ports with net_ixguard and forwards.

Nothing is installed system-wide: the other tests expect net_ixgbe to
take the ports when no -d is given.
"""
import glob
import os
import re
import shutil
import subprocess
import tempfile
import time

import ixemu_testlib as tl
import ixguard_pmd as pmd


def copy_tree(src, dst):
    """The files git knows (tracked, or new and not ignored), and the
    driver-SDK headers devtools/setup.sh put in sdk/."""
    files = subprocess.run(
        ["git", "-C", src, "ls-files", "-z", "--cached", "--others",
         "--exclude-standard"], check=True, capture_output=True).stdout
    for rel in files.decode().split("\0"):
        if not rel or not os.path.exists(os.path.join(src, rel)):
            continue
        os.makedirs(os.path.join(dst, os.path.dirname(rel)), exist_ok=True)
        shutil.copy2(os.path.join(src, rel), os.path.join(dst, rel),
                     follow_symlinks=False)
    shutil.copytree(os.path.join(src, "sdk"), os.path.join(dst, "sdk"),
                    symlinks=True)


def run(chk, what, cmd, cwd, log):
    print("# %s: %s" % (what, " ".join(cmd)), flush=True)
    with open(log, "w") as out:
        r = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                           env=dict(os.environ, DEB_BUILD_OPTIONS="nocheck "
                                    "parallel=%d" % min(os.cpu_count(), 2)))
    if r.returncode != 0:
        with open(log) as f:
            print("".join(("#   " + x) for x in f.readlines()[-30:]))
    return chk.check(r.returncode == 0, what, "exit %d, log %s"
                     % (r.returncode, log))


def meson_install(env, chk):
    dest = tempfile.mkdtemp(prefix="ixinst.")
    try:
        r = subprocess.run(["meson", "install", "-C", env.build_dir,
                            "--no-rebuild", "--destdir", dest],
                           capture_output=True, text=True)
        chk.check(r.returncode == 0, "meson install --destdir", r.stderr)
        got = sorted(os.path.relpath(os.path.join(d, f), dest)
                     for d, _, fs in os.walk(dest) for f in fs)
        print("# installed: %s" % got)
        chk.check(any(re.fullmatch(r"usr/lib/x86_64-linux-gnu/dpdk/"
                                   r"pmds-[\d.]+/librte_net_ixguard\.so", f)
                      for f in got), "plugin in DPDK's plugin directory")
        chk.check(any(re.fullmatch(r".*/bin/guardpmd", f) for f in got),
                  "guardpmd in bin")
        chk.equal(len(got), 2, "nothing else installed (no platform, "
                  "no tests)")
    finally:
        shutil.rmtree(dest, ignore_errors=True)


def test(env, chk):
    meson_install(env, chk)
    if not os.path.isdir(os.path.join(env.source_dir, "sdk", "include")):
        raise tl.TestError("no sdk/include (run devtools/setup.sh)")
    # Under /run: the EAL refuses plugins below world-writable directories.
    stage = tempfile.mkdtemp(prefix="ixpkg.", dir="/run")
    try:
        src = os.path.join(stage, "ixguard-0.1.0")
        copy_tree(env.source_dir, src)
        if not run(chk, "dpkg-buildpackage -b", ["dpkg-buildpackage", "-b",
                   "-uc", "-us"], src, os.path.join(env.outdir, "build.log")):
            return
        debs = glob.glob(os.path.join(stage, "dpdk-pmd-ixguard_*.deb"))
        changes = glob.glob(os.path.join(stage, "ixguard_*.changes"))
        if not chk.check(len(debs) == 1 and len(changes) == 1,
                         "one .deb and one .changes", os.listdir(stage)):
            return
        run(chk, "lintian: no error, no warning",
            ["lintian", "--fail-on", "error,warning", "--no-tag-display-limit",
             changes[0]], stage, os.path.join(env.outdir, "lintian.log"))
        listing = subprocess.run(["dpkg-deb", "-c", debs[0]], check=True,
                                 capture_output=True, text=True).stdout
        print("# package contents:\n" + "".join(
            "#   %s\n" % x.split()[-1] for x in listing.splitlines()))
        pmds = re.search(r"\./(usr/lib/x86_64-linux-gnu/dpdk/pmds-[\d.]+)/"
                         r"librte_net_ixguard\.so\b", listing)
        chk.check(pmds is not None, "plugin in DPDK's plugin directory")
        chk.check("./usr/bin/guardpmd\n" in listing + "\n", "guardpmd in bin")
        chk.check("./usr/share/man/man1/guardpmd.1.gz" in listing,
                  "guardpmd(1)")
        if pmds is None:
            return
        root = os.path.join(stage, "root")
        subprocess.run(["dpkg-deb", "-x", debs[0], root], check=True)
        tp = pmd.start(env, plugin=False, name="pkg",
                       extra_eal=["-d", os.path.join(root, pmds.group(1))],
                       extra_app=["--forward-mode=io"])
        for i in (0, 1):
            chk.equal(pmd.probed_by(tp, tl.emulated_bdf(i)), "net_ixguard",
                      "port %d probed by the packaged plugin" % i)
        tp.cmd("start tx_first")
        time.sleep(1)
        fwd = tl.parse_fwd_port_stats(tp.cmd("stop"))
        chk.check(all(fwd.get(p, {}).get("RX-packets", 0) > 1000
                      for p in (0, 1)), "io forwarding both ways", fwd)
        tl.finish(chk, tp)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

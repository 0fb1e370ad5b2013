#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""devtools/ixemu rejects malformed options with a clear message and exit
code 2, and so does the platform library when its environment is bad."""
import argparse
import os
import subprocess
import sys

BAD_OPTIONS = [
    (["--bogus", "--", "true"], "unknown option"),
    (["--ports", "9", "--", "true"], "--ports 9"),
    (["--ports", "two", "--", "true"], "--ports two"),
    (["--ports"], "needs a value"),
    (["--device", "10fc", "--", "true"], "--device 10fc"),
    (["--wire", "cable", "--", "true"], "--wire cable"),
    (["--iotlb-entries", "48", "--", "true"], "power of two"),
    (["--iommu-page", "8k", "--", "true"], "--iommu-page 8k"),
    (["--kmsg", "maybe", "--", "true"], "--kmsg maybe"),
    (["--ports", "2"], "no command"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--no-huge", action="store_true")
    ap.add_argument("--huge", action="store_true")
    args = ap.parse_args()
    ixemu = os.path.join(args.source_dir, "devtools", "ixemu")
    failed = 0

    for argv, expect in BAD_OPTIONS:
        p = subprocess.run([ixemu] + argv, capture_output=True, text=True,
                           timeout=30)
        ok = p.returncode == 2 and expect in p.stderr and \
            p.stderr.startswith("ixemu: ")
        print("%s - ixemu %s -> exit %d, %r" % (
            "ok  " if ok else "FAIL", " ".join(argv), p.returncode,
            p.stderr.splitlines()[0] if p.stderr else ""))
        failed += not ok

    # The library checks its environment too (a DPDK program started
    # with LD_PRELOAD by hand): a bad value stops the program with code 2.
    lib = os.path.join(args.build_dir, "lib", "vfioemu", "libvfioemu.so")
    preload = lib
    # An ASan build of the library needs its runtime preloaded first.
    ldd = subprocess.run(["ldd", lib], capture_output=True, text=True).stdout
    for line in ldd.splitlines():
        if "libasan.so" in line and "=>" in line:
            preload = line.split("=>")[1].split()[0] + ":" + lib
    env = dict(os.environ, LD_PRELOAD=preload, IXEMU_PORTS="0")
    p = subprocess.run(["dpdk-testpmd", "--no-pci", "--no-huge", "-m", "64",
                        "--file-prefix", "ixcli%d" % os.getpid(), "--",
                        "--help"],
                       capture_output=True, text=True, env=env, timeout=60)
    ok = p.returncode == 2 and "IXEMU_PORTS=0" in p.stderr
    print("%s - IXEMU_PORTS=0 in a DPDK program -> exit %d" % (
        "ok  " if ok else "FAIL", p.returncode))
    failed += not ok

    print("# %d checks failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

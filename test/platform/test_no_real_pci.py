#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Running testpmd under devtools/ixemu never touches this machine's real
PCI devices: strace -f of the whole run (ixemu, the preloaded library and
testpmd) shows no access to /sys/bus/pci/devices, to a real device's sysfs
directory (any /sys path naming a real BDF) or to a real VFIO group
/dev/vfio/<group>; and the emulated functions were probed.

Accesses that the library answers in user space without a system call are
invisible to strace; that is fine, they do not reach the kernel's devices.
"""
import os
import re
import subprocess

import ixemu_testlib as tl

SYSCALLS = ("open,openat,openat2,creat,stat,lstat,newfstatat,statx,access,"
            "faccessat,faccessat2,readlink,readlinkat,chdir,execve,"
            "truncate,unlink,unlinkat,rename,renameat,renameat2,mkdir,"
            "mkdirat,symlink,symlinkat,link,linkat")


def real_devices():
    d = "/sys/bus/pci/devices"
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def real_groups():
    d = "/sys/kernel/iommu_groups"
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def test(env, chk):
    probe = subprocess.run(["strace", "-f", "-o", "/dev/null", "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        raise tl.Skip("strace cannot trace here: %s" % probe.stderr.strip())
    bdfs = real_devices()
    groups = real_groups()
    print("# real PCI devices: %s; real IOMMU groups: %s" % (bdfs, groups))
    trace = os.path.join(env.outdir, "strace.txt")
    tp = tl.start(env, ports=2, timeout=300,
                  wrapper=["strace", "-f", "-qq", "-e", "signal=none",
                           "-e", "trace=" + SYSCALLS, "-o", trace])
    for i in range(2):
        b = tl.emulated_bdf(i)
        chk.check(tp.stderr_time(r"EAL: Probe PCI driver: net_ixgbe .*device: %s"
                                 % re.escape(b)) is not None,
                  "emulated %s probed by net_ixgbe" % b)
        info = tl.parse_port_info(tp.cmd("show port info %d" % i, timeout=120))
        chk.check("MAC address" in info, "port %d exists" % i)
    tl.finish(chk, tp, quit_timeout=300)

    paths = []
    with open(trace, errors="replace") as f:
        for line in f:
            for p in re.findall(r'"((?:[^"\\]|\\.)*)"', line):
                if p.startswith("/"):
                    paths.append((p, line.strip()))
    chk.check(len(paths) > 100, "strace recorded the run", len(paths))
    bad = []
    for p, line in paths:
        q = p.rstrip("/")
        if q == "/sys/bus/pci/devices" or q.startswith("/sys/bus/pci/devices/"):
            bad.append(line)
        elif q.startswith("/sys/") and any(b in q for b in bdfs):
            bad.append(line)
        elif q.startswith("/dev/vfio/") and q[len("/dev/vfio/"):] in groups:
            bad.append(line)
        elif q.startswith("/sys/kernel/iommu_groups/") and \
                q.split("/")[4:5] and q.split("/")[4] in groups:
            bad.append(line)
    chk.check(not bad, "no access to real PCI devices, their sysfs or VFIO groups",
              "%d accesses, first: %s" % (len(bad), bad[:5]))
    emu = sorted({p for p, _ in paths if tl.emulated_bdf(0) in p
                  and not p.startswith("/sys/")})
    print("# emulated sysfs paths seen by strace: %d (e.g. %s)"
          % (len(emu), emu[:2]))


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

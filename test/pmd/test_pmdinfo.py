#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""dpdk-pmdinfo.py (Debian's DPDK tools) reads the PMD info of
build/drivers/librte_net_ixguard.so: name net_ixguard, exactly the PCI
IDs of the driver's table (ixguard_ethdev.c, named in
lib/ix82599/ix82599_ids.h), kernel module vfio-pci.

The record is generated at build time with DPDK's
buildtools/pmdinfogen.py (drivers/meson.build)."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--build-dir", default=os.environ.get("IXGUARD_BUILD_DIR"))
p.add_argument("--source-dir", default=os.environ.get("IXGUARD_SOURCE_DIR"))
p.add_argument("--huge", action="store_true")
p.add_argument("--no-huge", action="store_true")
a = p.parse_args()
so = os.environ.get("IXGUARD_PLUGIN") or os.path.join(
    a.build_dir, "drivers", "librte_net_ixguard.so")
failed = 0


def check(cond, what, detail=""):
    global failed
    print("%s - %s%s" % ("ok  " if cond else "FAIL", what,
                         "" if cond else ": %s" % (detail,)))
    failed += not cond


tool = shutil.which("dpdk-pmdinfo.py") or "/usr/bin/dpdk-pmdinfo.py"
if not os.path.exists(tool):
    check(False, "dpdk-pmdinfo.py installed (Debian package dpdk)")
    sys.exit(1)
r = subprocess.run(["/usr/bin/python3", tool, so], capture_output=True,
                   text=True)
check(r.returncode == 0, "dpdk-pmdinfo.py exit code", r.stderr[-500:])
try:
    info = json.loads(r.stdout)
except ValueError:
    info = []
check(len(info) == 1, "one PMD in the plugin", r.stdout[:500])
d = info[0] if info else {}
check(d.get("name") == "net_ixguard", "name net_ixguard", d.get("name"))
check(d.get("kmod") == "vfio-pci", "kmod dependency vfio-pci", d.get("kmod"))
check("link_wait_ms=" in d.get("params", ""), "devargs listed",
      d.get("params"))
# The table names its IDs after lib/ix82599/ix82599_ids.h.
with open(os.path.join(a.source_dir, "lib", "ix82599",
                       "ix82599_ids.h")) as f:
    ids = dict(re.findall(r"#define\s+(IX_\w+)\s+0x([0-9A-Fa-f]{4})\b",
                          f.read()))
with open(os.path.join(a.source_dir, "drivers", "net", "ixguard",
                       "ixguard_ethdev.c")) as f:
    want = sorted((ids.get(v, v).lower(), ids.get(x, x).lower())
                  for v, x in re.findall(
        r"RTE_PCI_DEVICE\((IX_\w+), (IX_\w+)\)", f.read()))
got = sorted((i.get("vendor"), i.get("device")) for i in d.get("pci_ids", []))
check(len(want) >= 15 and got == want, "PCI IDs = the driver's table "
      "(%d)" % len(want), "got %s" % got)
check(("8086", "10fb") in got, "8086:10fb (82599 SFP+) listed")
print("# %s" % ("FAILED" if failed else "all checks passed"))
sys.exit(1 if failed else 0)

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard offload API error paths (rss_key_update bad key length,
RETA size, tx_prepare limits, VLAN TPID types and values, MAC address
pools) through a small DPDK program, offload_api.c: testpmd checks key
lengths and VLAN types itself, so it never hands the driver those.  Also
an rte_flow RSS rule checked against the model's RETA, RSSRK and MRQC
across stop/start and a reconfiguration (testpmd flushes rules at stop).

The program is compiled here (cc, pkg-config libdpdk) into the test's
output directory and run under devtools/ixemu with the plugin loaded by
'-d'.  Its own ok/FAIL lines are checks; besides, the driver logs exactly
one line for each refused RSS key, and no IOMMU fault happens.
"""
import os
import re

import ixemu_testlib as tl
import ixguard_pmd as pmd


def test(env, chk):
    # Built by meson (test/pmd/meson.build).
    exe = os.path.join(env.build_dir, "test", "pmd", "offload_api")
    if not chk.check(os.access(exe, os.X_OK), "offload_api is built", exe):
        return
    p, _ = pmd.run_program(env, chk, "offload_api", exe, allow=(0,))
    for n in (20, 52):
        lines = re.findall(r"ixguard: port 0: RSS key of %d bytes, the "
                           r"82599 takes 40" % n, p.stderr)
        chk.equal(len(lines), 1, "one log line for the %d-byte key" % n)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

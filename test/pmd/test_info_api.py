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

import ixemu_testlib as tl
import ixguard_pmd as pmd


def test(env, chk):
    # Built by meson (test/pmd/meson.build).
    exe = os.path.join(env.build_dir, "test", "pmd", "info_api")
    if not chk.check(os.access(exe, os.X_OK), "info_api is built", exe):
        return
    p, _ = pmd.run_program(env, chk, "info_api", exe)
    fc_lines = re.findall(r"ixguard: port 0: .*(water|pause time)", p.stderr)
    chk.equal(len(fc_lines), 3, "one log line per refused flow control "
              "setting")
    mc = re.findall(r"ixguard: port 0: .* not a multicast address", p.stderr)
    chk.equal(len(mc), 1, "one log line for the unicast multicast entry")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""net_ixguard's link status change interrupt: pulling and plugging port
0's cable (ixemu control FIFO) raises an LSC event each time through MSI-X
and 'show port info' follows the link.
"""
import os

import ixemu_testlib as tl
import ixguard_pmd as pmd


def test(env, chk):
    ctl = os.path.join(env.outdir, "control")
    os.mkfifo(ctl, 0o600)
    tp = pmd.start(env, ports=2, ixemu_args=["--control", ctl])
    ev = r"Port 0: link state change event"
    tl.write_control(ctl, "cable 0 down")
    chk.check(tp.wait_count(ev, 1, 10), "LSC event after 'cable 0 down'")
    info = tl.parse_port_info(tp.cmd("show port info 0"))
    chk.equal(info.get("Link status"), "down", "port 0 link after pull")
    tl.write_control(ctl, "cable 0 up")
    chk.check(tp.wait_count(ev, 2, 10), "LSC event after 'cable 0 up'")
    info = tl.parse_port_info(tp.cmd("show port info 0"))
    chk.equal(info.get("Link status"), "up", "port 0 link after plug")
    chk.equal(info.get("Link speed"), "10 Gbps", "port 0 speed after plug")
    # Port 1 is on the other end of the same cable: it sees both too.
    chk.check(tp.wait_count(r"Port 1: link state change event", 2, 10),
              "port 1 (same cable) saw both changes")
    tl.finish(chk, tp)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

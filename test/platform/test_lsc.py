#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Link status change: pulling port 0's cable through the ixemu control
FIFO (--control PATH, 'cable 0 down' / 'cable 0 up') raises the LSC
interrupt; testpmd prints "Port 0: link state change event" and
'show port info 0' reports the link down, then up again after the plug.

net_ixgbe defers the link check after an LSC interrupt (up to 4 s for a
link going down), hence the generous waits.
"""
import os
import time

import ixemu_testlib as tl

EVENT = r"Port 0: link state change event"


def link_status(tp, port, want, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        st = tl.parse_port_info(tp.cmd("show port info %d" % port)).get("Link status")
        if st == want or time.monotonic() > deadline:
            return st
        time.sleep(0.25)


def test(env, chk):
    ctl = os.path.join(env.outdir, "control")
    if os.path.exists(ctl):
        os.unlink(ctl)
    os.mkfifo(ctl, 0o600)
    tp = tl.start(env, ports=2, ixemu_args=["--control", ctl])
    chk.equal(link_status(tp, 0, "up"), "up", "port 0 link before the pull")
    n0 = tp.count(EVENT)

    tl.write_control(ctl, "cable 0 down")
    chk.check(tp.wait_count(EVENT, n0 + 1, timeout=20),
              "LSC event printed after 'cable 0 down'")
    chk.equal(link_status(tp, 0, "down"), "down", "port 0 Link status after pull")
    n1 = tp.count(EVENT)

    tl.write_control(ctl, "cable 0 up")
    chk.check(tp.wait_count(EVENT, n1 + 1, timeout=20),
              "LSC event printed after 'cable 0 up'")
    chk.equal(link_status(tp, 0, "up"), "up", "port 0 Link status after plug")
    info = tl.parse_port_info(tp.cmd("show port info 0"))
    chk.equal(info.get("Link speed"), "10 Gbps", "port 0 Link speed after plug")
    summ, rep = tl.finish(chk, tp)
    p0 = tl.report_port(rep, tl.emulated_bdf(0))
    if p0 is not None and "link_changes" in p0:
        chk.check(p0["link_changes"] >= 2, "report port 0 link_changes >= 2",
                  p0["link_changes"])


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

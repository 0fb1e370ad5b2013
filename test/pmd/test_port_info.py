#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""With '-d librte_net_ixguard.so' net_ixguard drives both emulated 82599
ports (link up at 10 Gbps, firmware version shown); without it the same
ports are driven by Debian's built-in net_ixgbe.
"""
import re

import ixemu_testlib as tl
import ixguard_pmd as pmd


def check_ports(chk, tp, driver):
    for port in range(2):
        bdf = tl.emulated_bdf(port)
        chk.equal(pmd.probed_by(tp, bdf), driver,
                  "EAL probe driver of %s" % bdf)
        out = tp.cmd("show port info %d" % port)
        info = tl.parse_port_info(out)
        chk.equal(info.get("Driver name"), driver,
                  "port %d Driver name" % port)
        chk.equal(info.get("Device name"), bdf, "port %d Device name" % port)
        chk.equal(info.get("Link status"), "up", "port %d Link status" % port)
        chk.equal(info.get("Link speed"), "10 Gbps",
                  "port %d Link speed" % port)
        if driver == "net_ixguard":
            chk.check(re.match(r"0x[0-9a-f]{8}$",
                               info.get("Firmware-version", "")),
                      "port %d Firmware-version is the NVM eTrack id"
                      % port, info.get("Firmware-version"))
            chk.check(re.match(r"([0-9A-F]{2}:){5}[0-9A-F]{2}$",
                               info.get("MAC address", "")),
                      "port %d MAC address" % port, info.get("MAC address"))


def test(env, chk):
    tp = pmd.start(env, ports=2, name="with-plugin")
    check_ports(chk, tp, "net_ixguard")
    tl.finish(chk, tp)

    tp = pmd.start(env, ports=2, plugin=False, name="without-plugin")
    check_ports(chk, tp, "net_ixgbe")
    tl.finish(chk, tp)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

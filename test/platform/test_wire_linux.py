#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""A port cabled to a Linux interface: the Linux stack in a network
namespace pings testpmd's icmpecho through port 0.

The test creates a network namespace ixt<pid> and a veth pair: ixv<pid>a
stays in the root namespace, up, without an address (IPv6 off, so the
root stack sends nothing on it); ixv<pid>b goes into the namespace with
192.0.2.2/24 (TEST-NET-1).  testpmd runs --forward-mode=icmpecho on port 0
with --attach 0=afpacket:ixv<pid>a.  icmpecho answers every ARP request
and ICMP echo request it receives (app/test-pmd/icmpecho.c: any target
address), so 'ping -c 3 192.0.2.1' in the namespace gets 3 replies.  All
traffic stays on the veth pair; the namespace and the pair are removed in
any case.

The platform must also refuse to attach to the loopback interface and to
any interface with a device behind it (a real NIC), exiting with code 2
before the program runs.
"""
import os
import re
import shutil
import subprocess

import ixemu_testlib as tl

PING_COUNT = 3


def sh(*argv, check=True, timeout=30):
    r = subprocess.run(list(argv), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout, text=True)
    if check and r.returncode != 0:
        raise tl.TestError("%s: exit %d: %s" % (" ".join(argv), r.returncode,
                                                r.stdout.strip()))
    return r


def setup_netns(ns, va, vb):
    sh("ip", "netns", "add", ns)
    sh("ip", "link", "add", va, "type", "veth", "peer", "name", vb)
    # Quiet root side: no IPv6 autoconfiguration, no address.
    sh("sysctl", "-q", "-w", "net.ipv6.conf.%s.disable_ipv6=1" % va,
       check=False)
    sh("ip", "link", "set", vb, "netns", ns)
    sh("ip", "-n", ns, "link", "set", "lo", "up")
    sh("ip", "-n", ns, "addr", "add", "192.0.2.2/24", "dev", vb)
    sh("ip", "-n", ns, "link", "set", vb, "up")
    sh("ip", "link", "set", va, "up")


def cleanup_netns(ns, va):
    sh("ip", "link", "del", va, check=False)
    sh("ip", "netns", "del", ns, check=False)


def check_refusals(env, chk):
    """Attaching to lo or to a physical NIC fails at start, exit code 2."""
    phys = sorted(n for n in os.listdir("/sys/class/net")
                  if os.path.exists("/sys/class/net/%s/device" % n))
    for ifname, why in [("lo", "loopback")] + [(phys[0], "physical")][:len(phys)]:
        r = sh(env.ixemu, "--ports", "2", "--attach", "0=afpacket:" + ifname,
               "--", tl.TESTPMD, "-l", "0-1", "-n", "1", "--no-huge", "-m",
               "256", "--file-prefix", "ixtref%d" % os.getpid(),
               "-a", tl.emulated_bdf(0), "--", "--help", check=False,
               timeout=60)
        chk.equal(r.returncode, 2, "attach to %s (%s) refused: exit code"
                  % (ifname, why))
        chk.check(re.search(r"refusing interface '%s'" % re.escape(ifname),
                            r.stdout) is not None,
                  "attach to %s: the refusal is logged" % ifname,
                  r.stdout[-300:])


def test(env, chk):
    if os.geteuid() != 0:
        raise tl.Skip("needs root for network namespaces and AF_PACKET")
    for tool in ("ip", "ping"):
        if shutil.which(tool) is None:
            raise tl.Skip("%s not installed (devtools/setup.sh installs it)"
                          % tool)
    check_refusals(env, chk)
    pid = os.getpid()
    ns, va, vb = "ixt%d" % pid, "ixv%da" % pid, "ixv%db" % pid
    try:
        setup_netns(ns, va, vb)
        tp = tl.start(env, ports=1,
                      ixemu_args=["--attach", "0=afpacket:" + va],
                      extra_app=["--forward-mode=icmpecho",
                                 "--port-topology=loop"])
        tp.cmd("set promisc 0 on")
        tp.cmd("start")
        r = sh("ip", "netns", "exec", ns, "ping", "-n", "-c", str(PING_COUNT),
               "-W", "2", "192.0.2.1", check=False, timeout=60)
        print("# " + r.stdout.strip().replace("\n", "\n# "))
        m = re.search(r"(\d+) packets transmitted, (\d+) received", r.stdout)
        chk.check(m is not None, "ping summary line")
        if m:
            chk.equal(int(m.group(2)), PING_COUNT, "ping replies received")
        chk.equal(r.returncode, 0, "ping exit code")
        arp = sh("ip", "-n", ns, "neigh", "show", "192.0.2.1", check=False)
        chk.check("00:1b:21:ee:00:00" in arp.stdout.lower(),
                  "192.0.2.1 resolved to port 0's MAC by icmpecho's ARP reply",
                  arp.stdout.strip())
        stop = tp.cmd("stop")
        fwd = tl.parse_fwd_port_stats(stop)
        print("# forward stats: %s" % fwd)
        p0 = fwd.get(0, {})
        chk.check(p0.get("TX-packets", 0) >= PING_COUNT + 1,
                  "port 0 sent ARP and echo replies (>= %d)" % (PING_COUNT + 1),
                  p0)
        summ, rep = tl.finish(chk, tp)
        w = tl.report_wire(rep, tl.emulated_bdf(0))
        if chk.check(w is not None, "report has a wires entry for port 0"):
            print("# wire: %s" % w)
            chk.equal(w.get("peer"), "afpacket:" + va, "report wires peer")
            chk.check(w.get("linux_rx", 0) >= PING_COUNT + 1,
                      "frames from Linux delivered (linux_rx)", w)
            chk.equal(w.get("linux_tx"), w.get("tx_frames"),
                      "every frame port 0 sent went to Linux")
            chk.equal(w.get("linux_tx_errors"), 0, "linux_tx_errors")
    finally:
        for tp in list(tl.Testpmd.running):
            tp.kill()
        cleanup_netns(ns, va)
        left = sh("ip", "netns", "list", check=False).stdout
        chk.check(ns not in left.split(), "network namespace removed")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

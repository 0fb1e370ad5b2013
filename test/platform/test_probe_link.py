#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Both emulated ports are probed by net_ixgbe within 3 s and come up at
10 Gbps.

Probe time is measured on testpmd's stderr, where the EAL logs go, with each
line time-stamped on arrival (line buffered, so the stamps are within
milliseconds of the events):
    start: the first "EAL: Probe PCI driver: ... 0000:00:10.0" line (the PCI
           bus starts probing the first emulated function);
    end:   the first "testpmd: create a new mbuf pool" line, testpmd's first
           log line after rte_eal_init() returned, i.e. after every device
           has been probed.
testpmd runs with --no-mlockall: otherwise it locks (and so faults in) all
of its memory between EAL init and that line, which with --no-huge takes
about a second and is not probe time.  The window therefore covers the VFIO
setup and net_ixgbe's probe of both ports (EEPROM, PHY/SFP identification,
MAC reset) and nothing of testpmd.
For information the script also prints the time from spawn to the first EAL
line and to the first prompt.
"""
import time

import ixemu_testlib as tl

# About 0.5 s on a quiet 2-vCPU machine, 1.01 s once while other tests
# ran beside it.  The bound is not a speed: it catches a probe that waits
# on a timer of the model (link or NVM polls of a second or more per port).
PROBE_LIMIT_S = 3.0


def extra(p):
    p.add_argument("--device", default="10fb", choices=["10fb", "1517"])


def test(env, chk):
    dev = env.args.device
    tp = tl.start(env, ports=2, ixemu_args=["--device", dev],
                  extra_app=["--no-mlockall"])
    t_prompt = time.monotonic()
    bdfs = [tl.emulated_bdf(i) for i in range(2)]
    lines = tp.stderr_lines
    t_first = lines[0][0] if lines else None
    t_probe = tp.stderr_time(r"EAL: Probe PCI driver: .*%s" % bdfs[0])
    t_done = tp.stderr_time(r"create a new mbuf pool")
    for i, b in enumerate(bdfs):
        chk.check(tp.stderr_time(r"EAL: Probe PCI driver: net_ixgbe \(8086:%s\) "
                                 r"device: %s" % (dev, b)) is not None,
                  "net_ixgbe probed %s (8086:%s)" % (b, dev))
        chk.check(tp.count(r"Port %d: [0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}" % i) > 0,
                  "testpmd configured and started port %d" % i)
    if chk.check(t_probe is not None and t_done is not None,
                 "probe start/end log lines found"):
        probe = t_done - t_probe
        print("# spawn -> first stderr line %.3f s, probe window %.3f s, "
              "spawn -> prompt %.3f s" % ((t_first or t_probe) - tp.t_spawn,
                                         probe, t_prompt - tp.t_spawn))
        chk.check(probe <= PROBE_LIMIT_S,
                  "both ports probed within %.1f s" % PROBE_LIMIT_S,
                  "%.3f s" % probe)
    for port in range(2):
        info = tl.parse_port_info(tp.cmd("show port info %d" % port))
        chk.equal(info.get("Link status"), "up", "port %d Link status" % port)
        chk.equal(info.get("Link speed"), "10 Gbps", "port %d Link speed" % port)
    tl.finish(chk, tp)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0], extra)

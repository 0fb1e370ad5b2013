#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Invalid configurations are refused cleanly: descriptor counts the 82599
cannot take make queue setup fail with a clear message and the port works
again with a valid count; a bad devarg fails the probe of that function
with one log line while the other functions are probed.
"""
import re
import time

import ixemu_testlib as tl
import ixguard_pmd as pmd


# Refused by ethdev or the PMD at start, or by testpmd at 'port config'
# (it checks the limits of dev_info first).
REFUSED = re.compile(r"Fail to configure port|Failed to setup|"
                     r"Fail to start port|Invalid value|"
                     r"Fail: input \w+ \(\d+\) can't be")


def refusal_seen(tp, out, mark, timeout=5):
    """Did testpmd refuse the configuration, on stdout (out) or on the
    stderr lines that came after 'mark'?"""
    deadline = time.monotonic() + timeout
    while True:
        if REFUSED.search(out) or any(REFUSED.search(l) for _, l in
                                      tp.stderr_lines[mark:]):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def traffic_ok(chk, tp, what):
    tp.cmd("start tx_first")
    time.sleep(1)
    fwd = tl.parse_fwd_port_stats(tp.cmd("stop"))
    rx = [fwd.get(p, {}).get("RX-packets", 0) for p in (0, 1)]
    chk.check(min(rx) > 1000, "%s: traffic flows on both ports" % what, rx)


def bad_ring_sizes(env, chk):
    # 2 ports x (8192 RX + 8192 TX) + caches: more than the default pool
    tp = pmd.start(env, ports=2, name="rings", mbufs=40960,
                   extra_app=["--forward-mode=io"])
    # RDLEN/TDLEN: a multiple of 128 bytes (8 descriptors), at least one
    # such block, validated up to 128 KB (8192 descriptors).
    for kind, bad in (("rxd", 33), ("txd", 8200), ("rxd", 4),
                      ("txd", 4100)):
        tp.cmd("port stop all")
        # testpmd refuses some counts at 'port config', others at start.
        mark = len(tp.stderr_lines)
        tp.cmd("port config all %s %d" % (kind, bad))
        out = tp.cmd("port start all", timeout=60)
        what = "--%s=%d" % (kind, bad)
        # testpmd says it on stderr, which another thread reads: wait
        # up to 5 s for a line of this config and start.
        chk.check(refusal_seen(tp, out, mark), "%s refused" % what,
                  out[-400:])
        # ethdev (checking our descriptor limits) or testpmd (checking
        # the same limits from dev_info first) names the value.
        # stderr is read by another thread: wait for the line.
        chk.check(tl.wait_stderr(tp, r"Invalid value for nb_%s_desc\(=%d\)|"
                                 r"input %s \(%d\) can't be"
                                 % ("rx" if kind == "rxd" else "tx", bad,
                                    kind, bad), timeout=5) is not None,
                  "%s: a clear log line names the value" % what)
        tp.cmd("port stop all")
        tp.cmd("port config all %s 512" % kind)
        out = tp.cmd("port start all", timeout=60)
        info = tl.parse_port_info(tp.cmd("show port info 0"))
        chk.equal(info.get("Link status"), "up",
                  "after %s, port 0 restarted with 512 descriptors" % what)
    # The smallest and largest counts the hardware takes work end to end.
    for n in (8, 8192):
        tp.cmd("port stop all")
        tp.cmd("port config all rxd %d" % n)
        tp.cmd("port config all txd %d" % n)
        tp.cmd("port start all", timeout=60)
        traffic_ok(chk, tp, "%d descriptors" % n)
    stats = tl.parse_port_stats(tp.cmd("show port stats all"))
    for p in (0, 1):
        chk.equal(stats.get(p, {}).get("RX-errors"), 0, "port %d RX-errors" % p)
    tl.finish(chk, tp)


def bad_devargs(env, chk):
    bdfs = [tl.emulated_bdf(i) for i in range(3)]
    tp = pmd.start(env, ports=3, name="devargs",
                   allow=[bdfs[0] + ",bogus=1",
                          bdfs[1] + ",link_wait_ms=abc",
                          bdfs[2] + ",link_wait_ms=0"],
                   extra_app=["--forward-mode=rxonly"])
    err = tp.stderr
    bogus = [l for l in err.split("\n") if "ixguard" in l and "bogus" in l]
    chk.equal(len(bogus), 1, "one ixguard log line for bogus=1")
    chk.check(bogus and bdfs[0] in bogus[0] and "invalid" in bogus[0],
              "it names the device and says invalid", bogus)
    lw = [l for l in err.split("\n") if "ixguard" in l and "abc" in l]
    chk.equal(len(lw), 1, "one ixguard log line for link_wait_ms=abc")
    info = tl.parse_port_info(tp.cmd("show port info 0"))
    chk.equal(info.get("Device name"), bdfs[2],
              "the valid function is port 0")
    chk.equal(info.get("Driver name"), "net_ixguard", "port 0 driver")
    chk.equal(info.get("Link status"), "up", "port 0 link")
    out = tp.cmd("show port info 1")
    chk.check(re.search(r"Invalid port|valid ports array is \[ 0 \]",
                        out + tp.stderr) is not None,
              "no second port was created", out[-200:])
    tl.finish(chk, tp)


def test(env, chk):
    bad_ring_sizes(env, chk)
    bad_devargs(env, chk)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0])

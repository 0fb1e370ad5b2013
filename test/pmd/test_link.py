#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Link and module of net_ixguard under Debian's unmodified dpdk-testpmd,
two ports cabled together, txonly traffic both ways:

- 'set link-down port 0': the far end (port 1) gets an LSC event, both
  ports show link down and port 1 receives nothing; 'set link-up port 0'
  brings both back and frames arrive again.
- 'port config 0 speed 1000 duplex full' with the default 10GBASE-SR-only
  module: refused with one clear log line, and the port starts again in
  autonegotiation.  'speed 100' is refused too.  With dual-rate modules
  put in both cages (control FIFO 'sfp N load FILE') both ports run at
  1 Gbps, then at 10 Gbps.
- 'show port 0 module_eeprom' dumps, byte for byte, the 512 bytes of the
  module the test loaded.
- 'sfp 0 remove' / 'sfp 0 insert': an LSC event each, link down while
  the module is out, and the module dump refused meanwhile.
Then link_api (link_api.c) checks the same operations through the ethdev
API against the platform's own view (module memory, LEDs), and again on
the KR backplane part (--device 1517: AUTOC2 link disable, fixed 1G and
10G at both ends, no module).
"""
import os
import re
import time

import ixemu_testlib as tl
import ixguard_pmd as pmd

SFF_IDENT, SFF_10G, SFF_1G = 0, 3, 6
SFF_DIAG, SFF_COMPL = 92, 94


def extra(p):
    p.add_argument("--program", required=True)


def dual_rate_module():
    """512 bytes: a 10GBASE-SR / 1000BASE-SX optic with diagnostics."""
    m = bytearray(512)
    m[SFF_IDENT] = 0x03
    m[1] = 0x04
    m[2] = 0x07
    m[SFF_10G] = 0x10
    m[SFF_1G] = 0x01
    m[20:36] = b"TEST-LINK DUAL  "
    m[SFF_DIAG] = 0x40
    m[SFF_COMPL] = 0x08
    for i in range(256, 512):
        m[i] = (i * 13 + 5) & 0xFF
    return bytes(m)


def hexdump_bytes(text):
    """Bytes of an rte_hexdump() in testpmd's output."""
    out = bytearray()
    for line in text.splitlines():
        m = re.match(r"^([0-9A-Fa-f]{8}): ((?:[0-9A-Fa-f]{2} ){1,16})", line)
        if m:
            out += bytes(int(x, 16) for x in m.group(2).split())
    return bytes(out)


def rx_packets(tp, port):
    """Frames that reached the port: txonly never drains the RX ring, so
    most arrivals count as missed (no descriptor)."""
    s = tl.parse_port_stats(tp.cmd("show port stats %d" % port)) \
        .get(port, {})
    return s.get("RX-packets", 0) + s.get("RX-missed", 0)


def link(tp, port):
    info = tl.parse_port_info(tp.cmd("show port info %d" % port))
    return info.get("Link status"), info.get("Link speed")


def wait_link(tp, port, want, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        st = link(tp, port)
        if st[0] == want or time.monotonic() > deadline:
            return st
        time.sleep(0.1)


def growing(tp, port, secs=0.5):
    a = rx_packets(tp, port)
    time.sleep(secs)
    return rx_packets(tp, port) - a


def link_up_down(chk, tp):
    tp.cmd("start")
    chk.check(growing(tp, 1) > 0, "traffic: port 1 receives from port 0")
    ev1 = r"Port 1: link state change event"
    n1 = tp.count(ev1)
    # The far end's LSC event is printed asynchronously and may tear the
    # prompt apart ("testpmd>", the event, " "): wait for the event, then
    # resynchronise with the prompt.
    tp.send("set link-down port 0")
    chk.check(tp.wait_count(ev1, n1 + 1, 10), "link-down: LSC at the far "
              "end (port 1)")
    tp.sync()
    chk.equal(wait_link(tp, 0, "down")[0], "down", "port 0 link down")
    chk.equal(wait_link(tp, 1, "down")[0], "down", "port 1 link down")
    time.sleep(0.2)
    chk.equal(growing(tp, 1), 0, "link down: port 1 receives nothing")
    chk.equal(growing(tp, 0), 0, "link down: port 0 receives nothing")
    tp.send("set link-up port 0")
    chk.check(tp.wait_count(ev1, n1 + 2, 10), "link-up: LSC at the far end")
    tp.sync()
    chk.equal(wait_link(tp, 0, "up"), ("up", "10 Gbps"), "port 0 link up")
    chk.equal(wait_link(tp, 1, "up"), ("up", "10 Gbps"), "port 1 link up")
    chk.check(growing(tp, 1) > 0, "link up: port 1 receives again")
    tp.cmd("stop")


def stderr_since(tp, mark, pattern, timeout=5.0):
    """stderr lines after the first 'mark' matching pattern, waiting for
    the reader thread (testpmd's stderr reaches us after its stdout)."""
    rx = re.compile(pattern)
    deadline = time.monotonic() + timeout
    while True:
        hits = [l for _, l in tp.stderr_lines[mark:] if rx.search(l)]
        if hits or time.monotonic() > deadline:
            return hits
        time.sleep(0.1)


def restart(tp, cfg):
    tp.cmd("port stop all")
    for c in cfg:
        tp.cmd(c)
    return tp.cmd("port start all", timeout=60)


def speeds(env, chk, tp, ctl):
    mark = len(tp.stderr_lines)
    out = restart(tp, ["port config 0 speed 1000 duplex full"])
    refusal = stderr_since(tp, mark, r"ixguard: port 0: the SFP\+ module "
                           r"does not run at 1000 Mb/s")
    chk.equal(len(refusal), 1, "1G on a 10G-only module: one log line")
    chk.check("Fail to configure port 0" in out or
              tl.wait_stderr(tp, r"Fail to configure port 0", 5),
              "1G on a 10G-only module: port 0 not started")
    mark = len(tp.stderr_lines)
    restart(tp, ["port config 0 speed 100 duplex full"])
    chk.check(stderr_since(tp, mark, r"ixguard: port 0: link speeds 0x\w+ "
                           r"not supported"),
              "100M refused with a log line")
    restart(tp, ["port config 0 speed auto duplex full"])
    chk.equal(wait_link(tp, 0, "up"), ("up", "10 Gbps"),
              "after the refusals port 0 runs (autoneg)")

    path = os.path.join(env.outdir, "dual-rate.bin")
    with open(path, "wb") as f:
        f.write(dual_rate_module())
    for p in (0, 1):
        tl.write_control(ctl, "sfp %d load %s" % (p, path))
        chk.check(tl.wait_stderr(tp, r"ixemu: sfp %d %s: done" %
                                 (p, re.escape(path))) is not None,
                  "platform: dual-rate module in port %d" % p)
    restart(tp, ["port config all speed 1000 duplex full"])
    for p in (0, 1):
        chk.equal(wait_link(tp, p, "up"), ("up", "1 Gbps"),
                  "port %d at a fixed 1000 Mb/s" % p)
    tp.cmd("start")
    chk.check(growing(tp, 1) > 0, "1 Gbps: port 1 receives")
    tp.cmd("stop")
    restart(tp, ["port config all speed 10000 duplex full"])
    for p in (0, 1):
        chk.equal(wait_link(tp, p, "up"), ("up", "10 Gbps"),
                  "port %d at a fixed 10000 Mb/s" % p)
    return dual_rate_module()


def module(chk, tp, ctl, want):
    out = tp.cmd("show port 0 module_eeprom", timeout=60)
    got = hexdump_bytes(out)
    chk.check("MODULE EEPROM length: 512 bytes" in out,
              "module_eeprom: 512 bytes (SFF-8472)")
    chk.check(got == want, "module_eeprom matches the loaded module byte "
              "for byte (%d bytes, first difference at %s)" %
              (len(got), next((i for i in range(min(len(got), len(want)))
                               if got[i] != want[i]), "-")))
    ev0 = r"Port 0: link state change event"
    n0 = tp.count(ev0)
    tl.write_control(ctl, "sfp 0 remove")
    chk.check(tp.wait_count(ev0, n0 + 1, 10), "module pulled: LSC event")
    chk.equal(wait_link(tp, 0, "down")[0], "down", "no module: link down")
    out = tp.cmd("show port 0 module_eeprom")
    chk.check(tl.wait_stderr(tp, r"ixguard: port 0: no module in the "
                             r"SFP\+ cage", 5) is not None and
              not hexdump_bytes(out),
              "no module: the dump is refused with a clear log line")
    tl.write_control(ctl, "sfp 0 insert")
    chk.check(tp.wait_count(ev0, n0 + 2, 10), "module inserted: LSC event")
    chk.equal(wait_link(tp, 0, "up")[0], "up", "module back: link up")


def run_api(env, chk, kr=False):
    name = "link_api-kr" if kr else "link_api"
    _, res = pmd.run_program(env, chk, name, env.args.program,
                             ixemu_args=["--device", "1517"] if kr else [],
                             prog_args=["kr"] if kr else [])
    chk.check(res > 15, "%s: %d checks ran" % (name, res))


def test(env, chk):
    if not chk.check(os.access(env.args.program, os.X_OK),
                     "link_api is built", env.args.program):
        return
    ctl = tl.control_fifo(env)
    tp = pmd.start(env, ports=2, ixemu_args=["--control", ctl],
                   extra_app=["--forward-mode=txonly"])
    link_up_down(chk, tp)
    want = speeds(env, chk, tp, ctl)
    module(chk, tp, ctl, want)
    tl.finish(chk, tp)
    run_api(env, chk)
    run_api(env, chk, kr=True)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0], extra)

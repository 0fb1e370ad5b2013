#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""guardpmd refuses unknown options and invalid values with exit code 2
and one message naming the option (most before the EAL starts; port ids,
which need the EAL, after it, with --no-pci), and --help exits 0."""
import subprocess

import gp_testlib as gl

# (arguments after "--", text the message must contain)
BAD = [
    (["--bogus"], "unknown option '--bogus'"),
    (["-x"], "unknown option"),
    (["--rxq", "0"], "invalid value '0' for --rxq"),
    (["--txq", "99"], "invalid value '99' for --txq"),
    (["--rxd", "8"], "invalid value '8' for --rxd"),
    (["--burst", "abc"], "invalid value 'abc' for --burst"),
    (["--fwd", "bogus"], "invalid value 'bogus' for --fwd"),
    (["--fwd-port", "0=nope"], "invalid value '0=nope' for --fwd-port"),
    (["--pkt-size", "10"], "invalid value '10' for --pkt-size"),
    (["--flows", "0"], "invalid value '0' for --flows"),
    (["--duration", "-1"], "invalid value '-1' for --duration"),
    (["--stats-period", "x"], "invalid value 'x' for --stats-period"),
    (["--mbuf-size", "100"], "invalid value '100' for --mbuf-size"),
    (["--mp-alloc", "anon"], "invalid value 'anon' for --mp-alloc"),
    (["--ports", "a,b"], "invalid value 'a,b' for --ports"),
    (["--rxq"], "needs a value"),
    (["extra"], "unexpected argument 'extra'"),
    (["--latency", "--fwd-port", "0=txonly"], "exclusive"),
]


def test(env, chk):
    exe = gl.require(env)
    for app, msg in BAD:
        p = subprocess.run([exe, "--no-pci", "--", *app], capture_output=True,
                           text=True, timeout=30)
        chk.equal(p.returncode, 2, "%s: exit code" % " ".join(app))
        chk.check(msg in p.stderr, "%s: message %r" % (" ".join(app), msg),
                  p.stderr.strip().splitlines()[:2])
    p = subprocess.run([exe, "--", "--help"], capture_output=True, text=True,
                       timeout=30)
    chk.equal(p.returncode, 0, "--help: exit code")
    chk.check("--fwd MODE" in p.stdout and "--json" in p.stdout,
              "--help lists the options")
    # Needs the EAL: a port that does not exist (vdevs only, --no-pci).
    r = gl.vdev(env, ["--vdev", "net_null0"], ["--ports", "0,5",
                                               "--duration", "1"],
                name="bad-port")
    rc = gl.finish(r, 60)
    chk.equal(rc, 2, "--ports 0,5 with one port: exit code")
    chk.check("port 5 does not exist" in r.stderr,
              "--ports 0,5: message", r.stderr[-300:])


if __name__ == "__main__":
    gl.main(test, __doc__.splitlines()[0])

# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""devtools/dma-domain-svg.py on telemetry replies captured from real runs
(test/dma/fixtures/dma-domain-<mode>.json, written by
devtools/dma-domain-pictures.py): the SVG is well-formed XML with one
mapping rect per mapping and one fault mark per recent fault, each at the
right place (inside its mapping, or in a gap); the same reply fetched
from a telemetry socket (a stand-in server, no DPDK) gives the same SVG;
malformed input exits with 2 and one line on stderr.

usage: test_dma_domain_svg.py SCRIPT FIXTURE...
Python 3 standard library only; no DPDK process is started.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
CMD = "/ixguard/dma_domain"

passed = failed = 0


def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   - %s" % what)
    else:
        failed += 1
        print("FAIL - %s%s" % (what, (": %s" % detail) if detail else ""))
    sys.stdout.flush()
    return bool(cond)


def run(script, args, stdin=None, env=None):
    return subprocess.run([sys.executable, script] + list(args),
                          input=stdin, capture_output=True, env=env,
                          timeout=60)


def parse_mapping(line):
    words = dict(w.split("=", 1) for w in line.split()[:2])
    return int(words["iova"], 16), int(words["len"], 16)


def check_svg(svg_bytes, dom, what):
    try:
        root = ET.fromstring(svg_bytes)
    except ET.ParseError as e:
        check(False, "%s: the SVG is well-formed XML" % what, e)
        return
    check(root.tag == NS + "svg", "%s: the root element is <svg>" % what,
          root.tag)
    rects = [e for e in root.iter(NS + "rect")
             if e.get("class") == "mapping"]
    check(len(rects) == len(dom["mappings"]),
          "%s: one mapping rect per mapping (%d)"
          % (what, len(dom["mappings"])), len(rects))
    maps = sorted(parse_mapping(m) for m in dom["mappings"])
    got = sorted((int(r.get("data-iova"), 16), int(r.get("data-len"), 16))
                 for r in rects)
    check(got == maps, "%s: the rects are the mappings (IOVA, length)"
          % what, got)
    # In IOVA order, top to bottom.
    ys = [(int(r.get("data-iova"), 16), float(r.get("y"))) for r in rects]
    check([y for _, y in sorted(ys)] == sorted(y for _, y in ys),
          "%s: mappings drawn in IOVA order" % what)
    ro = [r for r in rects if r.get("data-perm") == "ro"]
    check(all(r.get("fill", "").startswith("url(#ro-") for r in ro) and
          all(not r.get("fill", "").startswith("url(") for r in rects
              if r.get("data-perm") == "rw"),
          "%s: read-only mappings hatched, read-write ones solid (%d ro)"
          % (what, len(ro)))
    marks = [e for e in root.iter(NS + "g") if e.get("class") == "fault"]
    check(len(marks) == len(dom["recent_faults"]),
          "%s: one fault mark per recent fault (%d)"
          % (what, len(dom["recent_faults"])), len(marks))
    want = {}
    for f in dom["recent_faults"]:
        iova = int(f.split("iova=")[1].split()[0], 16)
        inside = any(a <= iova < a + n for a, n in maps)
        want[iova] = "list" if not maps else ("mapping" if inside else "gap")
    have = {int(g.get("data-iova"), 16): g.get("data-where") for g in marks}
    check(have == want, "%s: each fault marked where it fell %s"
          % (what, {hex(k): v for k, v in want.items()}), have)
    if dom["mode"] == "shared":
        text = " ".join("".join(t.itertext()) for t in root.iter(NS + "text"))
        check("maps nothing of its own" in text and
              "EAL's default VFIO container" in text,
              "%s: says the domain maps nothing of its own and the EAL's "
              "container maps everything" % what)


class FakeTelemetry:
    """DPDK's telemetry socket protocol (SOCK_SEQPACKET, a greeting, then
    one reply per command) in a RUNTIME_DIRECTORY of our own."""

    def __init__(self, reply):
        self.tmp = tempfile.mkdtemp(prefix="ixsvg-test-")
        self.prefix = "ixsvgtest"
        d = os.path.join(self.tmp, "dpdk", self.prefix)
        os.makedirs(d)
        self.path = os.path.join(d, "dpdk_telemetry.v2")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock.bind(self.path)
        self.sock.listen(1)
        self.reply = reply
        self.commands = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        c, _ = self.sock.accept()
        with c:
            c.send(json.dumps({"version": "DPDK 22.11", "pid": os.getpid(),
                               "max_output_len": 16384}).encode())
            cmd = c.recv(1024).decode()
            self.commands.append(cmd)
            c.send(self.reply.encode())

    def close(self):
        self.sock.close()
        os.unlink(self.path)
        os.rmdir(os.path.dirname(self.path))
        os.rmdir(os.path.join(self.tmp, "dpdk"))
        os.rmdir(self.tmp)


def test_fixture(script, path):
    name = os.path.basename(path)
    with open(path) as f:
        text = f.read()
    dom = json.loads(text)[CMD]
    r = run(script, [path])
    if check(r.returncode == 0 and not r.stderr,
             "%s: exit 0, nothing on stderr" % name,
             "rc %d, %r" % (r.returncode, r.stderr[-300:])):
        check_svg(r.stdout, dom, name)
    svg_file = r.stdout

    # dpdk-telemetry.py's non-interactive output: one compact line per
    # command; the last dma_domain reply is drawn.
    compact = json.dumps({"/": ["/ixguard/dma_domain"]}) + "\n" + \
        json.dumps(json.loads(text), separators=(",", ":")) + "\n"
    r = run(script, ["-"], stdin=compact.encode())
    check(r.returncode == 0 and r.stdout == svg_file,
          "%s: the same SVG from standard input (several documents)" % name,
          r.stderr)

    # Fetched from a telemetry socket, written with -o and --save-json.
    fake = FakeTelemetry(json.dumps(json.loads(text), separators=(",", ":")))
    try:
        with tempfile.TemporaryDirectory(prefix="ixsvg-out-") as out:
            env = dict(os.environ, RUNTIME_DIRECTORY=fake.tmp)
            svg = os.path.join(out, "d.svg")
            saved = os.path.join(out, "d.json")
            r = run(script, ["--file-prefix", fake.prefix, "--port", "3",
                             "-o", svg, "--save-json", saved], env=env)
            fake.thread.join(10)
            check(r.returncode == 0, "%s: fetched from the telemetry socket"
                  % name, r.stderr)
            check(fake.commands == ["/ixguard/dma_domain,3"],
                  "%s: the command sent is /ixguard/dma_domain,3" % name,
                  fake.commands)
            if os.path.exists(svg):
                with open(svg, "rb") as f:
                    check(f.read() == svg_file,
                          "%s: the same SVG as from the file" % name)
            else:
                check(False, "%s: -o wrote the SVG" % name)
            if os.path.exists(saved):
                with open(saved) as f:
                    check(json.load(f) == json.loads(text),
                          "%s: --save-json kept the reply" % name)
            else:
                check(False, "%s: --save-json wrote the reply" % name)
    finally:
        fake.close()
    return dom


def test_malformed(script, dom):
    """Each must exit 2 with exactly one line on stderr and no SVG."""
    def reply(**changes):
        d = dict(dom)
        for k, v in changes.items():
            if v is None:
                del d[k]
            else:
                d[k] = v
        return json.dumps({CMD: d})

    good_map = dom["mappings"][0] if dom["mappings"] else \
        "iova=0x1000 len=0x1000 page=4K perm=rw rx ring q0"
    cases = [
        ("empty input", ""),
        ("not JSON", "this is not JSON"),
        ("truncated JSON", reply()[:-20]),
        ("a JSON array", "[1, 2]"),
        ("another command's reply", json.dumps({"/ethdev/list": [0, 1]})),
        ("null reply (no such port)", json.dumps({CMD: None})),
        ("reply not an object", json.dumps({CMD: [1]})),
        ("missing 'mappings'", reply(mappings=None)),
        ("missing 'recent_faults'", reply(recent_faults=None)),
        ("missing 'mode'", reply(mode=None)),
        ("missing 'name'", reply(name=None)),
        ("'mappings' not a list", reply(mappings="iova=0x0")),
        ("a mapping not a string", reply(mappings=[1])),
        ("a mapping without iova=", reply(mappings=["len=0x1000 rx ring"])),
        ("a mapping without len=", reply(mappings=["iova=0x1000 rx ring"])),
        ("a mapping with a bad number",
         reply(mappings=["iova=0xzz len=0x1000 rx ring q0"])),
        ("a mapping of length 0",
         reply(mappings=["iova=0x1000 len=0x0 rx ring q0"])),
        ("a mapping with perm=wx",
         reply(mappings=[good_map.replace("perm=rw", "perm=wx")
                         .replace("perm=ro", "perm=wx")])),
        ("a malformed fault", reply(recent_faults=["exploded at 0x1000"])),
        ("a fault without by", reply(recent_faults=["write iova=0x1000"])),
        ("not UTF-8", b"\xff\xfe{"),
    ]
    for what, text in cases:
        data = text if isinstance(text, bytes) else text.encode()
        r = run(script, [], stdin=data)
        err = r.stderr.decode("utf-8", "replace")
        check(r.returncode == 2 and err.count("\n") == 1 and
              "Traceback" not in err and not r.stdout,
              "malformed input exits 2 with one line: %s (%s)"
              % (what, err.strip()), "rc %d, stderr %r, %d bytes out"
              % (r.returncode, err[-300:], len(r.stdout)))
    r = run(script, ["/nonexistent/ixsvg.json"])
    check(r.returncode == 2 and r.stderr.decode().count("\n") == 1,
          "a missing input file exits 2 with one line (%s)"
          % r.stderr.decode().strip())
    with tempfile.TemporaryDirectory(prefix="ixsvg-none-") as tmp:
        env = dict(os.environ, RUNTIME_DIRECTORY=tmp)
        r = run(script, ["--file-prefix", "ixsvgnone"], env=env)
        check(r.returncode == 1 and r.stderr.decode().count("\n") == 1,
              "no telemetry socket: exit 1 with one line (%s)"
              % r.stderr.decode().strip())


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    script, fixtures = sys.argv[1], sys.argv[2:]
    dom = None
    for path in fixtures:
        d = test_fixture(script, path)
        if d["mappings"] and d["recent_faults"]:
            dom = d
    check(dom is not None, "a fixture has both mappings and faults")
    test_malformed(script, dom or {"name": "x", "mode": "port",
                                   "mappings": [], "recent_faults": []})
    print("# %d checks passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

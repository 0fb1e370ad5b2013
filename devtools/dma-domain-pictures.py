#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Generate doc/img/dma-domain-<mode>.svg: port 0's DMA domain in each
mode, drawn by devtools/dma-domain-svg.py from a real run.

For each mode (shared, port, strict, shadow) Debian's unmodified
dpdk-testpmd runs under devtools/ixemu with net_ixguard loaded with -d
and both emulated ports in that mode (devarg dma_isolation=<mode>),
forwards a little traffic (io mode, 'start tx_first' for half a second),
and the telemetry reply of /ixguard/dma_domain,0 is drawn.

Faults, so that the pictures show them, made by the emulated device
through test/dma/dma_poke.c (a second -d plugin whose telemetry command
/ixemu/dma makes function 0 perform one DMA, ixemu_dma_attack()):
  shadow: a write into the middle of the TX shadow buffer (mapped
          read-only) and a read of the application mempool's header
          (struct rte_mempool, outside every mapping);
  shared: a read of the null page (outside all DPDK memory).
Each must be refused by the IOMMU, or the run fails.  Port and strict
modes are drawn without a fault.

Run as root (the emulated platform, /var/run/dpdk) from a built tree:
    devtools/dma-domain-pictures.py [--build-dir build] [--out-dir doc/img]
        [--json-dir DIR] [--modes shadow,port] [--huge|--no-huge]
Hugepages by default when 2 MiB pages are free (the IOMMU then uses 2 MiB
pages for whole hugepages, which the pictures show).  DPDK file prefixes
are ixsvg<pid>_<mode>.  Exit 0, or 1 with the reason.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(
    os.path.abspath(__file__)), ".."))
sys.path[:0] = [os.path.join(ROOT, "test", "platform"),
                os.path.join(ROOT, "test", "pmd")]

import ixemu_testlib as tl   # noqa: E402
import ixguard_pmd as ipmd   # noqa: E402

SVG = os.path.join(ROOT, "devtools", "dma-domain-svg.py")
MODES = ["shared", "port", "strict", "shadow"]
CMD = "/ixguard/dma_domain"


class Failed(Exception):
    pass


def load_svg_module():
    """devtools/dma-domain-svg.py, for its telemetry client."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("dma_domain_svg", SVG)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


svgmod = load_svg_module()


def query(tp, command):
    """One telemetry command to testpmd's socket, the decoded reply."""
    text = svgmod.telemetry_query(tp.prefix, command)
    return json.loads(text)


def poke(tp, direction, iova, length=64):
    """Function 0 makes one DMA; it must be refused."""
    r = query(tp, "/ixemu/dma,0,%s,%#x,%d" % (direction, iova, length))
    res = (r.get("/ixemu/dma") or {}).get("result")
    print("  device %s at %#x: %s" % (direction, iova, res))
    if res != "refused":
        raise Failed("the %s at %#x by 0000:00:10.0 was not refused (%r)"
                     % (direction, iova, r))


def domain(tp):
    r = query(tp, "%s,0" % CMD)
    d = r.get(CMD)
    if not isinstance(d, dict):
        raise Failed("no domain for port 0: %r" % r)
    return d


def mappings(d):
    out = []
    for line in d["mappings"]:
        m = re.match(r"iova=(0x[0-9a-f]+) len=(0x[0-9a-f]+) .*? perm=(\w+) "
                     r"(.*)$", line)
        if m:
            out.append((int(m.group(1), 16), int(m.group(2), 16),
                        m.group(3), m.group(4)))
    return out


def make_faults(tp, mode, notes):
    if mode == "shadow":
        d = domain(tp)
        tx = [m for m in mappings(d) if m[3].startswith("tx shadow")]
        if not tx or tx[0][2] != "ro":
            raise Failed("no read-only TX shadow mapping: %r" % d["mappings"])
        iova, length = tx[0][0], tx[0][1]
        target = iova + (length // 2 & ~0xfff)
        poke(tp, "write", target)
        notes.append((target, "the device writes into its TX buffer, "
                      "which it may only read"))
        dump = tp.cmd("dump_mempool", timeout=60)
        m = re.search(r"mempool <(\S+)>@\S+\s+flags=\S+\s+socket_id=\S+\s+"
                      r"pool=\S+\s+iova=(0x[0-9a-f]+)", dump)
        if not m:
            raise Failed("no mempool iova in dump_mempool:\n%s" % dump)
        hdr = int(m.group(2), 16)
        if any(a <= hdr < a + n for a, n, _, _ in mappings(d)):
            raise Failed("the header of mempool %s (%#x) is mapped in "
                         "shadow mode" % (m.group(1), hdr))
        poke(tp, "read", hdr)
        notes.append((hdr, "the device reads the header (struct "
                      "rte_mempool) of the application's pool %s"
                      % m.group(1)))
    elif mode == "shared":
        poke(tp, "read", 0x1000)
        notes.append((0x1000, "the device reads the null page, outside "
                      "all DPDK memory"))


def run_mode(env, mode, plugin, poke_plugin, out_svg, json_dir):
    prefix = "ixsvg%d_%s" % (os.getpid(), mode)
    tp = tl.Testpmd(env, ports=2, name="pictures-" + mode,
                    extra_eal=["-d", plugin, "-d", poke_plugin],
                    allow=["%s,dma_isolation=%s" % (tl.emulated_bdf(i), mode)
                           for i in range(2)],
                    extra_app=["--forward-mode=io"])
    # The file prefix: ours (ixsvg...), not the test library's.
    tp.argv = [prefix if a == tp.prefix else a for a in tp.argv]
    tp.prefix = prefix
    print("%s: testpmd, file prefix %s" % (mode, prefix))
    try:
        tp.start()
        tp.cmd("start tx_first")
        time.sleep(0.5)
        out = tp.cmd("stop", timeout=60)
        rx = [int(x) for x in re.findall(r"RX-packets:\s+(\d+)", out)]
        print("  forwarded: RX-packets %s" % (max(rx) if rx else "?"))
        if not rx or max(rx) == 0:
            raise Failed("%s: no traffic forwarded:\n%s" % (mode, out))
        notes = []
        make_faults(tp, mode, notes)
        js = os.path.join(json_dir or env.outdir, "dma-domain-%s.json" % mode)
        argv = [sys.executable, SVG, "--file-prefix", prefix, "--port", "0",
                "--save-json", js, "-o", out_svg]
        for iova, text in notes:
            argv += ["--note", "%#x=%s" % (iova, text)]
        r = subprocess.run(argv)
        if r.returncode != 0:
            raise Failed("%s: dma-domain-svg.py exited with %d"
                         % (mode, r.returncode))
        d = json.load(open(js))[CMD]
        print("  %s: %d mappings, %d recent faults; reply in %s"
              % (out_svg, len(d["mappings"]), len(d["recent_faults"]), js))
        rc, _ = tp.quit()
        if rc != 0:
            raise Failed("%s: testpmd exited with %d" % (mode, rc))
    finally:
        if tp.alive():
            tp.kill()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    p.add_argument("--out-dir", default=os.path.join(ROOT, "doc", "img"))
    p.add_argument("--json-dir", help="keep the telemetry replies here "
                   "(default: the build's test-output directory)")
    p.add_argument("--modes", default=",".join(MODES))
    g = p.add_mutually_exclusive_group()
    g.add_argument("--huge", dest="huge", action="store_true", default=None)
    g.add_argument("--no-huge", dest="huge", action="store_false")
    args = p.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    bad = [m for m in modes if m not in MODES]
    if bad:
        p.error("unknown mode(s) %s; expected %s" % (bad, MODES))
    huge = tl.hugepages_available() if args.huge is None else args.huge
    env = tl.Env(argparse.Namespace(huge=huge, source_dir=ROOT,
                                    build_dir=os.path.abspath(args.build_dir)),
                 "dma-domain-pictures")
    os.makedirs(args.out_dir, exist_ok=True)
    if args.json_dir:
        os.makedirs(args.json_dir, exist_ok=True)
    try:
        tl.require_platform(env)
        plugin = ipmd.loadable_path(os.path.join(
            env.build_dir, "drivers", "librte_net_ixguard.so"))
        poke_so = os.path.join(env.build_dir, "test", "dma",
                               "libixemu_dma_poke.so")
        if not os.path.exists(poke_so):
            raise Failed("%s not built" % poke_so)
        poke_plugin = ipmd.loadable_path(poke_so)
        print("# %s, output in %s, logs in %s"
              % ("hugepages" if huge else "no hugepages", args.out_dir,
                 env.outdir))
        for mode in modes:
            run_mode(env, mode, plugin, poke_plugin,
                     os.path.join(args.out_dir, "dma-domain-%s.svg" % mode),
                     args.json_dir)
    except (Failed, tl.TestError, tl.Skip, OSError, ValueError) as e:
        print("dma-domain-pictures: %s" % e, file=sys.stderr)
        return 1
    finally:
        for tp in list(tl.Testpmd.running):
            tp.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""DPDK secondary processes beside a dpdk-testpmd primary, with
net_ixguard and then net_ixgbe (--driver): dpdk-proc-info --stats and
--xstats show the primary's live counters, dpdk-dumpcap captures 100
frames that match what came in on the wire byte for byte, and a
secondary that transmits from a pool of its own puts its frames on the
wire byte for byte.  A long-lived secondary, guardpmd at its prompt,
shows the primary's figures live: its telemetry socket answers
/ethdev/stats, /ethdev/xstats and net_ixguard's /ixguard/dma_domain as
the primary's does, and its "show port xstats" and "show dma domain"
match the primary's xstats and DMA domain, also after another secondary
changed the domain (its pool mapped in port mode, refused in strict).

Every process runs under devtools/ixemu --ports 2; the secondaries reach
the primary's device model (doc/platform.md, "Secondary processes").
dpdk-dumpcap takes no -d option, so net_ixguard is preloaded into it
(LD_PRELOAD), as if it were installed in DPDK's plugin directory.

DPDK requires every process to register its mempool handlers in the same
order (prog_guide/mempool_lib.rst; DPDK bug 1073): a pool records its
handler as an index into a per-process table.  Debian's dpdk-testpmd
links three handlers (dpaa, octeontx, dpaa2) that dpdk-dumpcap loads
only later from the plugin directory, so the primary would allocate the
capture copies from dumpcap's ring pool with the dpaa2 handler, fail, and
count every packet dropped (on Linux as on the platform).  dumpcap
therefore gets the primary's libraries preloaded, in the primary's order.
"""
import glob
import json
import os
import re
import socket
import subprocess
import threading
import time

import gp_testlib as gp
import ixemu_testlib as tl
import ixguard_pmd as pmd

N = 100


def frames(tag, n=N):
    """n distinct frames to port 1 (broadcast, local ethertype 0x88b5)."""
    out = []
    for i in range(n):
        head = bytes.fromhex("ffffffffffff" "02000000000a" "88b5") + \
            bytes([tag, i])
        out.append(head + bytes((i * 5 + k + tag) & 0xff
                                for k in range(60 + i * 7 - len(head))))
    return out


def mp_tx_frame(seq, size):
    head = bytes.fromhex("ffffffffffff" "02000000000b" "88b5")
    return head + bytes((seq + k) & 0xff for k in range(len(head), size))


def needed_libraries(path):
    """The shared libraries path links directly (DT_NEEDED), in order."""
    from elftools.elf.elffile import ELFFile
    with open(path, "rb") as f:
        dyn = ELFFile(f).get_section_by_name(".dynamic")
        return [t.needed for t in dyn.iter_tags() if t.entry.d_tag ==
                "DT_NEEDED"]


def secondary(env, tp, driver, argv, preload=False, timeout=60,
              background=False):
    """A secondary of tp under ixemu; returns the CompletedProcess (or the
    Popen with background=True).  preload: load the primary's libraries
    (and the plugin) with LD_PRELOAD, for programs without EAL options
    (the module's docstring says why)."""
    eal = ["--proc-type=secondary", "--file-prefix", tp.prefix,
           "-a", tl.emulated_bdf(0), "-a", tl.emulated_bdf(1)]
    if driver == "net_ixguard" and not preload:
        eal = ["-d", pmd.require_plugin(env)] + eal
    cmd = [env.ixemu, "--ports", "2", "--"] + argv[:1] + \
        (eal if argv[0] != "dpdk-dumpcap" else []) + argv[1:]
    envv = dict(os.environ, IXEMU_LIB=env.lib)
    if preload:
        # The primary's own libraries in its DT_NEEDED order (the dynamic
        # loader then runs their constructors, which register the
        # mempool handlers, in the primary's order).  The plugin, which
        # registers no handler, goes in front: its constructors then run
        # after the others', as after the primary's -d (behind them, an
        # ASan build crashed at start).
        libs = needed_libraries(tl.TESTPMD)
        if driver == "net_ixguard":
            libs.insert(0, pmd.require_plugin(env))
        envv["LD_PRELOAD"] = " ".join(libs)
    print("# run: %s%s" % ("LD_PRELOAD=%s " % envv["LD_PRELOAD"]
                           if "LD_PRELOAD" in envv else "", " ".join(cmd)),
          flush=True)
    if background:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True,
                                env=envv, cwd=env.outdir)
    return subprocess.run(cmd, capture_output=True, text=True, env=envv,
                          timeout=timeout, cwd=env.outdir)


def telemetry_socket_of(prefix, pid):
    """The telemetry socket of process pid under --file-prefix prefix:
    the primary has dpdk_telemetry.v2, each secondary the first free
    dpdk_telemetry.v2:N; the greeting names the process."""
    for path in sorted(glob.glob("/run/dpdk/%s/dpdk_telemetry.v2*"
                                 % prefix)):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        s.settimeout(5)
        try:
            s.connect(path)
            if json.loads(s.recv(1024).decode()).get("pid") == pid:
                return path
        except (OSError, ValueError):
            pass
        finally:
            s.close()
    return None


def dpdk_version():
    """(major, minor) of the DPDK the programs use (pkg-config libdpdk)."""
    out = subprocess.run(["pkg-config", "--modversion", "libdpdk"],
                         capture_output=True, text=True).stdout
    return tuple(int(x) for x in out.strip().split(".")[:2])


class GuardpmdSecondary:
    """guardpmd at its prompt as a secondary of tp, under ixemu."""

    def __init__(self, env, tp, driver, name):
        eal = ["--proc-type=secondary", "--file-prefix", tp.prefix,
               "-l", "0", "-a", tl.emulated_bdf(0), "-a",
               tl.emulated_bdf(1)]
        if driver == "net_ixguard":
            eal = ["-d", pmd.require_plugin(env)] + eal
        self.run = gp.Run(env, [env.ixemu, "--ports", "2", "--",
                                gp.require(env)] + eal + ["--", "-i"],
                          name, stdin_pipe=True)
        self.prefix = tp.prefix
        self.started = self.run.wait_for("guardpmd> ", timeout=60)
        self.sock = telemetry_socket_of(tp.prefix, self.run.proc.pid) \
            if self.started else None

    def cmd(self, line, timeout=20):
        """The output of one command (up to the next prompt)."""
        start = len(self.run.stdout)
        self.run.send(line)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self.run.stdout[start:]
            if out.count("guardpmd> ") >= 1 and out.rstrip().endswith(
                    "guardpmd>"):
                return out
            if self.run.proc.poll() is not None:
                break
            time.sleep(0.05)
        return self.run.stdout[start:]

    def telemetry(self, cmd):
        return pmd.telemetry_at(self.sock, cmd)

    def quit(self):
        self.run.send("quit")
        self.run.close_stdin()
        return self.run.wait(60)


def shown_dma_domain(text):
    """guardpmd's "show dma domain" -> {mode, name, counters..., mapping
    lines}, keyed as the telemetry dict is."""
    d = {}
    m = re.search(r"DMA domain: (\w+) '([^']*)'", text)
    if m:
        d["mode"], d["name"] = m.group(1), m.group(2)
    for key, label in (("mappings_count", "mappings"),
                       ("regions_count", "regions"), ("bytes", "bytes"),
                       ("maps", "maps"), ("unmaps", "unmaps"),
                       ("map_failures", "map failures"),
                       ("lookup_failures", "lookup failures"),
                       ("iommu_faults", "IOMMU faults:")):
        m = re.search(r"\b%s (\d+)" % re.escape(label), text)
        if m:
            d[key] = int(m.group(1))
    # Telemetry strings are cut at RTE_TEL_MAX_STRING_LEN - 1 characters.
    d["mappings"] = [l[:127] for l in
                     re.findall(r"^\s+(iova=0x.*?)\s*$", text, re.M)]
    return d


def check_views(chk, tp, sec, driver, what):
    """The secondary guardpmd's telemetry, xstats and DMA domain show the
    primary's figures (the primary forwards nothing meanwhile)."""
    if not chk.check(sec.started, "%s: guardpmd secondary at its prompt"
                     % what, sec.run.stdout[-800:] + sec.run.stderr[-800:]):
        return
    # DPDK 22.11's EAL starts telemetry in the primary only
    # (rte_eal_init); from 23.03 each secondary has a socket of its own.
    has_sock = dpdk_version() >= (23, 3)
    chk.equal(sec.sock is not None, has_sock, "%s: the secondary has a "
              "telemetry socket of its own (DPDK >= 23.03)" % what)
    for port in (0, 1):
        for ep in ("/ethdev/stats,%d" % port, "/ethdev/xstats,%d" % port,
                   "/ixguard/dma_domain,%d" % port):
            if sec.sock is None or (driver != "net_ixguard" and
                                    ep.startswith("/ixguard")):
                continue
            prim = pmd.telemetry(tp.prefix, ep)
            mine = sec.telemetry(ep)
            chk.check(prim == mine and len(json.dumps(prim)) > 100,
                      "%s: the secondary's telemetry %s = the primary's"
                      % (what, ep), (json.dumps(prim)[:300],
                                     json.dumps(mine)[:300]))
        txs = tl.parse_xstats(tp.cmd("show port xstats %d" % port))
        gxs = tl.parse_xstats(sec.cmd("show port xstats %d" % port))
        diff = {k: (v, gxs.get(k)) for k, v in txs.items()
                if gxs.get(k) != v}
        chk.check(len(txs) > 20 and not diff and len(gxs) == len(txs),
                  "%s: guardpmd's (secondary) show port xstats %d = "
                  "testpmd's" % (what, port), diff)
    if driver != "net_ixguard":
        return
    for port in (0, 1):
        ep = "/ixguard/dma_domain,%d" % port
        prim = pmd.telemetry(tp.prefix, ep).get("/ixguard/dma_domain")
        if not chk.check(prim and prim.get("mappings"), "%s: the primary's "
                         "telemetry %s" % (what, ep), prim):
            continue
        shown = shown_dma_domain(sec.cmd("show dma domain %d" % port))
        keys = ("mode", "name", "mappings_count", "regions_count", "bytes",
                "maps", "unmaps", "map_failures", "lookup_failures",
                "iommu_faults", "mappings")
        diff = {k: (prim.get(k), shown.get(k)) for k in keys
                if prim.get(k) != shown.get(k)}
        chk.check(not diff, "%s: guardpmd's (secondary) show dma domain "
                  "%d = the primary's telemetry" % (what, port), diff)


def proc_info_stats(text):
    """{port: {key: value}} from dpdk-proc-info --stats."""
    ports, cur = {}, None
    for line in text.splitlines():
        m = re.search(r"NIC statistics for port (\d+)", line)
        if m:
            cur = ports.setdefault(int(m.group(1)), {})
            continue
        if cur is not None:
            for k, v in re.findall(r"([A-Za-z][\w-]*):\s*(\d+)", line):
                cur.setdefault(k, int(v))
    return ports


def proc_info_xstats(text):
    ports, cur = {}, None
    for line in text.splitlines():
        m = re.search(r"NIC extended statistics for port (\d+)", line)
        if m:
            cur = ports.setdefault(int(m.group(1)), {})
            continue
        m = re.match(r"\s*(\w+):\s*(\d+)\s*$", line)
        if cur is not None and m:
            cur[m.group(1)] = int(m.group(2))
    return ports


def inject(tp, fifo, path, pkts):
    from scapy.all import wrpcap
    wrpcap(path, pkts)
    before = tl.parse_port_stats(tp.cmd("show port stats 1"))[1]["RX-packets"]
    tl.write_control(fifo, "pcap 1 %s" % path)
    tl.poll_stats(tp, 1, "RX-packets", before + len(pkts), timeout=15)


def dumpcap(env, chk, tp, driver, fifo):
    """100 frames in on port 1, captured in a dumpcap secondary."""
    out = os.path.join(env.outdir, "dumpcap-%s.pcapng" % driver)
    if os.path.exists(out):
        os.unlink(out)
    dc = secondary(env, tp, driver,
                   ["dpdk-dumpcap", "--file-prefix", tp.prefix, "-i", "1",
                    "-c", str(N), "-w", out], preload=True, background=True)
    text = []

    def reader():
        for chunk in iter(lambda: dc.stdout.read(1), ""):
            text.append(chunk)
    t = threading.Thread(target=reader, daemon=True)
    t.start()
    # dumpcap prints "Packets captured:" once the primary has enabled
    # the capture (its rte_pdump_enable request returned).
    deadline = time.time() + 30
    while "Packets captured:" not in "".join(text) and \
            time.time() < deadline and dc.poll() is None:
        time.sleep(0.1)
    sent = frames(2)
    inject(tp, fifo, os.path.join(env.outdir, "in2.pcap"), sent)
    try:
        dc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        dc.kill()
        dc.wait()
    t.join(5)
    text = "".join(text)
    print("# dumpcap: " + text[-3000:].replace("\n", "\n# "))
    chk.equal(dc.returncode, 0, "%s: dpdk-dumpcap exit code" % driver)
    m = re.search(r"received/dropped on interface '[^']*': (\d+)/(\d+)",
                  text)
    chk.equal(m and (int(m.group(1)), int(m.group(2))), (N, 0),
              "%s: dumpcap's (received, dropped) in the primary" % driver)
    got = []
    if os.path.exists(out):
        from scapy.all import rdpcap
        got = [bytes(p) for p in rdpcap(out)]
    chk.check(got == sent, "%s: dumpcap captured the %d frames byte for "
              "byte" % (driver, N), "captured %d" % len(got))


def start_primary(env, driver, name, fifo, wire0, dma_mode=None):
    """testpmd (rxonly, 2 TX queues: queue 1 is left to the secondary)
    with driver on both ports, and dma_isolation=dma_mode if given."""
    eal = ["-d", pmd.require_plugin(env)] if driver == "net_ixguard" else []
    if os.environ.get("ASAN_OPTIONS") is not None:
        # devtools/test.sh --asan: the EAL's default base address (4 GiB)
        # lies in ASan's shadow, so each process gets its memory wherever
        # mmap puts it, and a secondary cannot map the primary's at the
        # same addresses.  Above the shadow nothing of ASan's lives.
        eal += ["--base-virtaddr", "0x200000000000"]
    allow = None
    if dma_mode:
        allow = [tl.emulated_bdf(i) + ",dma_isolation=" + dma_mode
                 for i in (0, 1)]
    tp = tl.Testpmd(env, huge=True, extra_eal=eal, name=name, allow=allow,
                    extra_app=["--forward-mode=rxonly", "--txq=2",
                               "--rxq=1"],
                    ixemu_args=["--control", fifo,
                                "--pcap-out", "0=" + wire0])
    # Secondaries map the primary's hugepage files: keep them linked.
    tp.argv.remove("--huge-unlink")
    tp.start()
    chk_driver = pmd.probed_by(tp, tl.emulated_bdf(0))
    tp.cmd("start")
    return tp, chk_driver


def wire_frames(path):
    if not os.path.exists(path):
        return None
    from scapy.all import rdpcap
    return [bytes(p) for p in rdpcap(path)]


def run_mp_tx(env, tp, driver):
    """mp_tx: N frames of 128 bytes on port 0, TX queue 1."""
    mp_tx = os.path.join(env.build_dir, "test", "apps", "mp_tx")
    r = secondary(env, tp, driver, [mp_tx, "--", "0", "1", str(N), "128"])
    print("# mp_tx: " + (r.stdout + r.stderr)[-1500:].replace("\n", "\n# "))
    return r


def test_driver(env, chk, driver):
    fifo = tl.control_fifo(env, "control-" + driver)
    wire0 = os.path.join(env.outdir, "wire0-%s.pcap" % driver)
    tp, probed = start_primary(env, driver, "mp-" + driver, fifo, wire0)
    chk.equal(probed, driver, "%s: primary's port 0 driver" % driver)

    # 1. proc-info: the primary's counters, live.
    inject(tp, fifo, os.path.join(env.outdir, "in1.pcap"), frames(1))
    st = tl.parse_port_stats(tp.cmd("show port stats all"))
    r = secondary(env, tp, driver, ["dpdk-proc-info", "--", "--stats"])
    info = proc_info_stats(r.stdout)
    chk.check(r.returncode == 0, "%s: dpdk-proc-info --stats exit code 0"
              % driver, r.stdout[-800:] + r.stderr[-800:])
    for p in (0, 1):
        for k in ("RX-packets", "RX-bytes", "TX-packets"):
            chk.equal(info.get(p, {}).get(k), st[p][k],
                      "%s: proc-info port %d %s = testpmd's" % (driver, p, k))
    r = secondary(env, tp, driver, ["dpdk-proc-info", "--", "--xstats"])
    xs = proc_info_xstats(r.stdout)
    chk.check(r.returncode == 0, "%s: dpdk-proc-info --xstats exit code 0"
              % driver, r.stdout[-800:] + r.stderr[-800:])
    chk.equal(xs.get(1, {}).get("rx_good_packets"), st[1]["RX-packets"],
              "%s: proc-info port 1 rx_good_packets = testpmd's RX-packets"
              % driver)
    # Every extended statistic, the driver's own (IOMMU faults, refused
    # DMA, queues the device stopped) included: the same figures.
    for p in (0, 1):
        txs = tl.parse_xstats(tp.cmd("show port xstats %d" % p))
        diff = {k: (v, txs.get(k)) for k, v in xs.get(p, {}).items()
                if txs.get(k) != v}
        chk.check(len(txs) > 20 and not diff,
                  "%s: proc-info port %d's %d xstats = testpmd's"
                  % (driver, p, len(xs.get(p, {}))), diff)

    # 1b. guardpmd, a secondary at its prompt: telemetry, xstats and the
    # DMA domain as the primary's.
    sec = GuardpmdSecondary(env, tp, driver, "gp-secondary-" + driver)
    try:
        check_views(chk, tp, sec, driver, driver)
        chk.equal(sec.quit(), 0, "%s: guardpmd (secondary) exit code"
                  % driver)
    finally:
        sec.run.kill()

    # 2. dpdk-dumpcap: 100 frames in on port 1, captured.
    dumpcap(env, chk, tp, driver, fifo)

    # 3. A secondary transmits from its own pool on port 0, queue 1.
    before = tl.parse_port_stats(tp.cmd("show port stats 1"))[1]["RX-packets"]
    r = run_mp_tx(env, tp, driver)
    chk.check(r.returncode == 0 and ("sent %d" % N) in r.stdout,
              "%s: the secondary sent %d frames from its own pool"
              % (driver, N), r.returncode)
    got_rx = tl.poll_stats(tp, 1, "RX-packets", before + N, timeout=10)
    chk.equal(got_rx.get("RX-packets"), before + N,
              "%s: port 1 received them" % driver)
    tl.finish(chk, tp)
    wire = wire_frames(wire0)
    chk.check(wire == [mp_tx_frame(i, 128) for i in range(N)],
              "%s: port 0's wire carried exactly the secondary's frames"
              % driver, "%s frames" % (len(wire) if wire is not None
                                       else "no capture"))


def test_secondary_tx(env, chk, mode):
    """net_ixguard, dma_isolation=mode: mp_tx's pool is memory the
    primary never saw.  port: the primary maps it when the secondary asks
    (rte_mp) and the frames go out; strict: refused, counted in the
    shared xstat tx_dma_refused_packets, one log line in the secondary."""
    driver = "net_ixguard"
    what = "%s, dma_isolation=%s" % (driver, mode)
    fifo = tl.control_fifo(env, "control-" + mode)
    wire0 = os.path.join(env.outdir, "wire0-%s.pcap" % mode)
    tp, probed = start_primary(env, driver, "mp-" + mode, fifo, wire0,
                               dma_mode=mode)
    chk.equal(probed, driver, "%s: primary's port 0 driver" % what)
    # A secondary that watches while another one transmits.
    sec = GuardpmdSecondary(env, tp, driver, "gp-secondary-" + mode)
    r = run_mp_tx(env, tp, driver)
    chk.check(r.returncode == 0 and ("sent %d" % N) in r.stdout,
              "%s: tx_burst took the secondary's %d frames" % (what, N),
              r.returncode)
    refusal = "strict mode: a secondary process cannot transmit"
    refused = tl.parse_xstats(tp.cmd("show port xstats 0")).get(
        "tx_dma_refused_packets")
    if mode == "port":
        chk.equal(refused, 0, "%s: tx_dma_refused_packets" % what)
        m = tl.wait_stderr(tp, r"a secondary's mempool mp_tx_\d+ mapped "
                           r"into the DMA domain, read-only \(it transmits from "
                           r"it\): 0", timeout=5)
        chk.check(m is not None, "%s: the primary mapped the secondary's "
                  "pool on its request" % what)
        dom = pmd.telemetry(tp.prefix, "/ixguard/dma_domain,0")
        chk.check("mp_tx_" in json.dumps(dom), "%s: port 0's DMA domain "
                  "(telemetry) holds the secondary's pool" % what,
                  json.dumps(dom)[:600])
    else:
        chk.equal(refused, N, "%s: tx_dma_refused_packets, in the "
                  "primary's xstats" % what)
        chk.equal((r.stdout + r.stderr).count(refusal), 1,
                  "%s: one log line in the secondary says why" % what)
    try:
        # Live: the domain as mp_tx left it, tx_dma_refused_packets.
        check_views(chk, tp, sec, driver, what + ", after mp_tx")
        if sec.started:
            shown = sec.cmd("show dma domain 0")
            chk.equal("mp_tx_" in shown, mode == "port", "%s: guardpmd's "
                      "(secondary) show dma domain 0 lists mp_tx's pool"
                      % what)
            gxs = tl.parse_xstats(sec.cmd("show port xstats 0"))
            chk.equal(gxs.get("tx_dma_refused_packets"),
                      0 if mode == "port" else N, "%s: "
                      "tx_dma_refused_packets in guardpmd (secondary)"
                      % what)
        chk.equal(sec.quit(), 0, "%s: guardpmd (secondary) exit code"
                  % what)
    finally:
        sec.run.kill()
    tl.finish(chk, tp)
    wire = wire_frames(wire0)
    want = [mp_tx_frame(i, 128) for i in range(N)] if mode == "port" else []
    chk.check(wire == want, "%s: port 0's wire carried %s" %
              (what, "exactly the secondary's frames" if want else
               "nothing"), "%s frames" % (len(wire) if wire is not None
                                          else "no capture"))


def test(env, chk):
    if not tl.hugepages_available(256):
        raise tl.Skip("secondary processes need hugepages")
    for driver in env.args.driver.split(","):
        test_driver(env, chk, driver)
        if driver == "net_ixguard":
            for mode in ("port", "strict"):
                test_secondary_tx(env, chk, mode)


def options(p):
    p.add_argument("--driver", default="net_ixguard,net_ixgbe")


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0], extra=options)

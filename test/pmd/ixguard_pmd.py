# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Helpers shared by the net_ixguard tests: where the plugin is and how
to start Debian's unmodified dpdk-testpmd with it loaded through '-d'."""

import collections
import hashlib
import json
import os
import re
import shutil
import socket
import stat
import subprocess

import ixemu_testlib as tl

SAFE_DIR = "/run/ixguard-test"


def plugin_path(env):
    return os.environ.get("IXGUARD_PLUGIN",
                          os.path.join(env.build_dir, "drivers",
                                       "librte_net_ixguard.so"))


def loadable_path(path):
    """The EAL refuses to load a -d plugin from a directory any of whose
    ancestors is world-writable (a build tree under /tmp).  Return path, or
    a copy in a root-only directory under /run when path is refused."""
    path = os.path.abspath(path)
    d = os.path.dirname(path)
    while True:
        if os.stat(d).st_mode & stat.S_IWOTH:
            break
        if d == "/":
            return path
        d = os.path.dirname(d)
    key = hashlib.sha1(path.encode()).hexdigest()[:12]
    safe = os.path.join(SAFE_DIR, key)
    os.makedirs(safe, mode=0o700, exist_ok=True)
    os.chmod(SAFE_DIR, 0o700)
    copy = os.path.join(safe, os.path.basename(path))
    src = os.stat(path)
    try:
        dst = os.stat(copy)
        if (dst.st_size, dst.st_mtime_ns) == (src.st_size, src.st_mtime_ns):
            return copy
    except FileNotFoundError:
        pass
    # Never rewrite the copy in place: a process started from it (the
    # primary of a multi-process test) maps it, and a truncated mapping
    # kills it with SIGBUS.  A new file renamed over the old one leaves
    # running processes their own.
    tmp = "%s.%d.tmp" % (copy, os.getpid())
    shutil.copy2(path, tmp)
    os.replace(tmp, copy)
    return copy


def require_plugin(env):
    p = plugin_path(env)
    if not os.path.exists(p):
        raise tl.TestError("plugin not built: %s" % p)
    return loadable_path(p)


def start(env, plugin=True, extra_eal=(), **kw):
    """testpmd under ixemu, with '-d librte_net_ixguard.so' unless
    plugin=False."""
    eal = list(extra_eal)
    if plugin:
        eal = ["-d", require_plugin(env)] + eal
    return tl.start(env, extra_eal=eal, **kw)


# A check line of a C test program: api_rig.h's "ok   - what" and
# "FAIL - what", test_check.h's "ok: what" and "FAIL: what".
CHECK_LINE = re.compile(r"^(ok|FAIL)(?: +- |: )(.*)$")


def run_program(env, chk, name, exe, allow=(0, 1), devargs="",
                ixemu_args=(), prog_args=(), timeout=120):
    """Runs the DPDK test program exe under devtools/ixemu on two cabled
    ports, the plugin loaded by '-d', the ports of 'allow' allowed with
    devargs, hugepages or not as the run says.  Saves its output as
    name.log, makes a check 'name: what' of each of its check lines and
    prints its "# ..." notes, checks its exit code and that the
    IOMMU reported no fault.  Returns (the finished process, the number
    of check lines), for the runner's own checks."""
    report = os.path.join(env.outdir, name + "-report.json")
    argv = [env.ixemu, "--ports", "2", "--report", report] + \
        list(ixemu_args) + ["--", exe, "-l", "0-1", "-n", "1",
                            "--iova-mode=va",
                            "--file-prefix", "ixgprog%d" % os.getpid(),
                            "-d", require_plugin(env)]
    for port in allow:
        argv += ["-a", tl.emulated_bdf(port) + devargs]
    argv += ["--huge-unlink"] if env.huge else ["--no-huge", "-m", "512"]
    if prog_args:
        argv += ["--"] + list(prog_args)
    envv = dict(os.environ, IXEMU_LIB=env.lib)
    print("# run: %s" % " ".join(argv))
    p = subprocess.run(argv, capture_output=True, text=True,
                       timeout=timeout, env=envv, cwd=env.outdir)
    with open(os.path.join(env.outdir, name + ".log"), "w") as f:
        f.write(p.stdout + "\n--- stderr ---\n" + p.stderr)
    nb = 0
    for line in p.stdout.splitlines():
        m = CHECK_LINE.match(line)
        if m:
            nb += 1
            chk.check(m.group(1) == "ok", "%s: %s" % (name, m.group(2)))
        elif line.startswith("# "):
            print("# %s: %s" % (name, line[2:]))
    chk.equal(p.returncode, 0, "%s: exit code" % name)
    summ = tl.parse_ixemu_summary(p.stderr)
    if chk.check(summ is not None, "%s: ixemu summary line" % name):
        chk.equal(summ["faults"], 0, "%s: IOMMU faults" % name)
    return p, nb


def probed_by(tp, bdf):
    """Name of the driver the EAL says probed bdf, or None."""
    import re
    m = None
    for _, line in tp.stderr_lines:
        m2 = re.search(r"EAL: Probe PCI driver: (\S+) \([0-9a-f:]+\) "
                       r"device: %s" % re.escape(bdf), line)
        if m2:
            m = m2
    return m.group(1) if m else None


def mempool_full(text):
    """[(name, size, available)] from testpmd's dump_mempool (available:
    the common pool plus the per-lcore caches)."""
    import re
    pools = []
    for blk in re.split(r"(?m)^mempool <", text)[1:]:
        name = blk.split(">", 1)[0]
        size = re.search(r"(?m)^\s*size=(\d+)", blk)
        common = re.search(r"common_pool_count=(\d+)", blk)
        cache = re.search(r"total_cache_count=(\d+)", blk)
        if size and common:
            avail = int(common.group(1)) + (int(cache.group(1)) if cache else 0)
            pools.append((name, int(size.group(1)), avail))
    return pools


def check_mempools(chk, tp, when):
    """Every mbuf back in its pool (dump_mempool)."""
    pools = mempool_full(tp.cmd("dump_mempool", timeout=60))
    if chk.check(len(pools) > 0, "dump_mempool lists the pools (%s)" % when):
        for name, size, avail in pools:
            chk.equal(avail, size, "mempool %s full %s" % (name, when))


def write_udp_flows(path, n, src_mac, fill, length,
                    dst_mac="00:1b:21:ee:00:00"):
    """A pcap of n IPv4/UDP frames of distinct flows (source address and
    port vary) to port 0's MAC, padded with the byte 'fill' to 'length'
    bytes (without FCS)."""
    from scapy.all import IP, UDP, Ether, Raw, wrpcap
    pkts = []
    for i in range(n):
        p = Ether(src=src_mac, dst=dst_mac) / \
            IP(src="198.18.%d.%d" % (i // 200, 1 + i % 200),
               dst="198.19.0.1") / UDP(sport=1024 + i, dport=9)
        pkts.append(p / Raw(bytes([fill]) * (length - len(p))))
    wrpcap(path, pkts)


def telemetry(prefix, cmd, timeout=10):
    """One command on a DPDK process's telemetry socket, as
    dpdk-telemetry.py sends it (the process's --file-prefix); returns
    the reply's JSON, e.g. {"/ixguard/dma_domain": {...}}."""
    path = None
    for base in ("/var/run/dpdk", "/run/dpdk"):
        p = os.path.join(base, prefix, "dpdk_telemetry.v2")
        if os.path.exists(p):
            path = p
    if path is None:
        raise tl.TestError("no telemetry socket for %s" % prefix)
    return telemetry_at(path, cmd, timeout)


def telemetry_at(path, cmd, timeout=10):
    """One command on the telemetry socket at path (a secondary process
    has its own, dpdk_telemetry.v2:N); returns the reply's JSON."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(timeout)
    try:
        s.connect(path)
        json.loads(s.recv(1024).decode())     # the greeting
        s.send(cmd.encode())
        return json.loads(s.recv(64 * 1024).decode())
    finally:
        s.close()


RxDump = collections.namedtuple("RxDump", "length tci ptype ol_flags")


def rx_dumps(text):
    """[RxDump] of testpmd's RX dumps ('set verbose 1') in text: length,
    VLAN tci (None without one), hw ptype, ol_flags."""
    res = []
    for m in re.finditer(r"length=(\d+) - nb_segs=\d+([^\n]*)\n[^\n]*?"
                         r"ol_flags: ([^\n]*)", text):
        tci = re.search(r"VLAN tci=0x([0-9a-f]+)", m.group(2))
        pt = re.search(r"hw ptype: ([^-]*) -", m.group(2))
        res.append(RxDump(int(m.group(1)),
                          int(tci.group(1), 16) if tci else None,
                          pt.group(1).strip() if pt else "", m.group(3)))
    return res


class PcapReplayer:
    """Replays a pcap of nb_frames frames into port 1 of the model (the
    control FIFO's 'pcap 1 FILE', devtools/ixemu --control) while testpmd
    runs with 'set verbose 1'."""

    def __init__(self, tp, ctl, pcap, nb_frames):
        self.tp, self.ctl, self.pcap, self.n = tp, ctl, pcap, 0
        self.nb_frames = nb_frames

    def run(self, chk, name, want_rx):
        """Replay the file once more; checks that want_rx frames arrive and
        the port drops the others, and returns their rx_dumps()."""
        self.n += 1
        before = self.tp.count(r"ol_flags:")
        mark = len(self.tp.output)
        tl.write_control(self.ctl, "pcap 1 %s" % self.pcap)
        done = None
        deadline = tl.time.monotonic() + 20
        while done is None and tl.time.monotonic() < deadline:
            ms = [re.search(r"pcap in: port 1: .* done: (\d+) frames, (\d+) "
                            r"dropped", l) for _, l in self.tp.stderr_lines]
            ms = [m for m in ms if m]
            if len(ms) >= self.n:
                done = ms[self.n - 1]
            else:
                tl.time.sleep(0.2)
        chk.check(done is not None, "%s: replay done" % name)
        self.tp.wait_count(r"ol_flags:", before + want_rx, timeout=10)
        tl.time.sleep(0.5)
        self.tp.sync()
        got = rx_dumps(self.tp.output[mark:])
        chk.equal(len(got), want_rx, "%s: frames received" % name)
        if done is not None:
            chk.equal(int(done.group(2)), self.nb_frames - want_rx,
                      "%s: frames the port dropped" % name)
        return got

#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Open vSwitch as a client: Debian's ovs-vswitchd-dpdk (OVS 3.1 on DPDK
22.11) bridges emulated ports 0 and 2 with net_ixguard (or net_ixgbe,
--driver), and what port 2 sends on the wire is, byte for byte, what
came in on port 0: 60-, 1514- and 9014-byte frames (MTU 9000), and 64
UDP flows that RSS spreads over p0's two RX queues (n_rxq=2).  A cable
pull takes p0's link down and up again, and p2 is removed and added back
before a second round of frames.

ovsdb-server and ovs-vswitchd run in a private directory under /run
(not systemd); ovs-vswitchd runs under devtools/ixemu --ports 4 (0-1 and
2-3 cabled), frames go in with the control FIFO's "pcap 0 FILE" and are
captured with --pcap-out 2=FILE.  OVS enables KEEP_CRC on ports that
offer it, so a driver that counts the FCS in a frame's length shows here
as frames 4 bytes too long.
"""
import os
import shutil
import subprocess
import tempfile
import time

import ixemu_testlib as tl
import ixguard_pmd as pmd

VSWITCHD = "/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk"
SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"
FLOWS = 64


class Ovs:
    def __init__(self, env, run, driver):
        self.env = env
        self.run = run
        self.db = "unix:" + os.path.join(run, "db.sock")
        self.fifo = os.path.join(run, "control.fifo")
        self.out = os.path.join(run, "out.pcap")
        self.proc = None
        self.driver = driver
        self.ovsdb_pid = None

    def sh(self, *cmd, check=True, timeout=30):
        env = dict(os.environ, OVS_RUNDIR=self.run, OVS_LOGDIR=self.run,
                   OVS_DBDIR=self.run)
        r = subprocess.run(list(cmd), capture_output=True, text=True,
                           timeout=timeout, env=env)
        if check and r.returncode != 0:
            raise tl.TestError("%s: %s" % (" ".join(cmd), r.stderr.strip()))
        return r.stdout.strip()

    def vsctl(self, *args, **kw):
        return self.sh("ovs-vsctl", "--db=" + self.db, "--timeout=30",
                       *args, **kw)

    def start_db(self):
        conf = os.path.join(self.run, "conf.db")
        self.sh("ovsdb-tool", "create", conf, SCHEMA)
        self.sh("ovsdb-server", conf, "--remote=punix:" + self.db[5:],
                "--pidfile=" + os.path.join(self.run, "ovsdb.pid"),
                "--unixctl=" + os.path.join(self.run, "ovsdb.ctl"),
                "--log-file=" + os.path.join(self.run, "ovsdb.log"),
                "--detach")
        with open(os.path.join(self.run, "ovsdb.pid")) as f:
            self.ovsdb_pid = int(f.read())
        extra = "-l 0-1 -a %s -a %s" % (tl.emulated_bdf(0),
                                        tl.emulated_bdf(2))
        if self.driver == "net_ixguard":
            extra = "-d %s %s" % (pmd.require_plugin(self.env), extra)
        self.vsctl("--no-wait", "init")
        self.vsctl("--no-wait", "set", "Open_vSwitch", ".",
                   "other_config:dpdk-init=true",
                   "other_config:dpdk-extra=" + extra,
                   "other_config:dpdk-socket-mem=512",
                   "other_config:pmd-cpu-mask=0x2")

    def start_vswitchd(self):
        os.mkfifo(self.fifo)
        cmd = [self.env.ixemu, "--ports", "4", "--control", self.fifo,
               "--pcap-out", "2=" + self.out, "--report",
               os.path.join(self.env.outdir, "ovs-%s-report.json"
                            % self.driver), "--",
               VSWITCHD, self.db,
               "--pidfile=" + os.path.join(self.run, "vswitchd.pid"),
               "--unixctl=" + os.path.join(self.run, "vswitchd.ctl"),
               "--log-file=" + os.path.join(self.run, "vswitchd.log")]
        print("# run: %s" % " ".join(cmd), flush=True)
        self.log = open(os.path.join(self.env.outdir, "vswitchd-%s.out"
                                     % self.driver), "w")
        # The platform library of this build (ixemu's default is the
        # checkout's build/): in build-asan it must be the ASan one, which
        # ixemu preloads behind the ASan runtime.
        self.proc = subprocess.Popen(cmd, stdout=self.log,
                                     stderr=subprocess.STDOUT,
                                     env=dict(os.environ, OVS_RUNDIR=self.run,
                                              IXEMU_LIB=self.env.lib))
        deadline = time.time() + 60
        while not os.path.exists(os.path.join(self.run, "vswitchd.ctl")):
            if self.proc.poll() is not None or time.time() > deadline:
                raise tl.TestError("ovs-vswitchd did not start")
            time.sleep(0.2)

    def appctl(self, *args):
        return self.sh("ovs-appctl", "-t",
                       os.path.join(self.run, "vswitchd.ctl"), *args)

    def add_port(self, name, i, *opts):
        self.vsctl("add-port", "br0", name, "--", "set", "Interface", name,
                   "type=dpdk", "options:dpdk-devargs=" + tl.emulated_bdf(i),
                   "mtu_request=9000", *opts)

    def iface(self, name, col):
        return self.vsctl("get", "Interface", name, col).strip('"')

    def port_stat(self, name, key):
        """Live counters through OpenFlow (the database lags by 5 s)."""
        text = self.sh("ovs-ofctl", "dump-ports", "br0", name)
        import re
        m = re.search(r"%s\s+pkts=(\d+)" % key, text.replace("\n", " "))
        return int(m.group(1)) if m else -1

    def wait(self, what, fn, want, timeout=20):
        deadline = time.time() + timeout
        got = fn()
        while got != want and time.time() < deadline:
            time.sleep(0.2)
            got = fn()
        return got

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.appctl("exit")
                self.proc.wait(timeout=30)
            except (tl.TestError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        if self.ovsdb_pid is not None:
            try:
                self.sh("ovs-appctl", "-t", os.path.join(self.run,
                        "ovsdb.ctl"), "exit", check=False)
            except subprocess.TimeoutExpired:
                os.kill(self.ovsdb_pid, 9)
            self.ovsdb_pid = None


def frames_round(tag):
    """Three sizes (without FCS), then FLOWS UDP flows of 60 bytes."""
    from scapy.all import IP, UDP, Ether, Raw
    out = []
    for n, size in enumerate((60, 1514, 9014)):
        p = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02",
                  type=0x88b5) / Raw(bytes([tag, n]))
        raw = bytes(p)
        out.append(raw + bytes((i * 7 + tag + n) & 0xff
                               for i in range(size - len(raw))))
    for i in range(FLOWS):
        p = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / \
            IP(src="198.18.0.%d" % (1 + i), dst="198.19.0.1") / \
            UDP(sport=1024 + i, dport=9)
        raw = bytes(p / Raw(bytes([tag]) * (60 - len(p))))
        out.append(raw)
    return out


def inject(chk, ovs, run, frames, tag):
    from scapy.all import wrpcap
    path = os.path.join(run, "in-%s.pcap" % tag)
    wrpcap(path, frames)
    before = ovs.port_stat("p2", "tx")
    tl.write_control(ovs.fifo, "pcap 0 %s" % path)
    got = ovs.wait("tx", lambda: ovs.port_stat("p2", "tx"),
                   before + len(frames))
    chk.equal(got - before, len(frames),
              "round %s: p2 sent what p0 received" % tag)


def test_driver(env, chk, driver):
    run = tempfile.mkdtemp(prefix="ixovs.", dir="/run")
    ovs = Ovs(env, run, driver)
    sent = []
    try:
        ovs.start_db()
        ovs.start_vswitchd()
        ovs.vsctl("add-br", "br0", "--", "set", "bridge", "br0",
                  "datapath_type=netdev")
        ovs.add_port("p0", 0, "options:n_rxq=2")
        ovs.add_port("p2", 2)
        for p in ("p0", "p2"):
            chk.equal(ovs.wait("link", lambda: ovs.iface(p, "link_state"),
                               "up"), "up", "%s: %s link up" % (driver, p))
            chk.equal(ovs.iface(p, "mtu"), "9000", "%s: %s MTU 9000"
                      % (driver, p))
        chk.check(driver in ovs.iface("p0", "status"),
                  "%s: p0 driven by %s" % (driver, driver),
                  ovs.iface("p0", "status"))

        frames = frames_round(1)
        inject(chk, ovs, run, frames, "1")
        sent += frames
        rxq = ovs.appctl("dpif-netdev/pmd-rxq-show")
        print("# " + rxq.replace("\n", "\n# "))
        q0 = int(ovs.iface("p0", "statistics:rx_q0_packets") or 0)
        q1 = int(ovs.iface("p0", "statistics:rx_q1_packets") or 0)
        # The database is refreshed every 5 s.
        deadline = time.time() + 12
        while q0 + q1 < len(frames) and time.time() < deadline:
            time.sleep(1)
            q0 = int(ovs.iface("p0", "statistics:rx_q0_packets") or 0)
            q1 = int(ovs.iface("p0", "statistics:rx_q1_packets") or 0)
        if driver == "net_ixgbe":
            # net_ixgbe counts every queue in counter set 0 unless the
            # application maps them (queue_stats_mapping), which OVS
            # does not.
            chk.equal(q0 + q1, len(frames), "%s: p0 queue counters add up"
                      % driver)
        else:
            chk.check(q0 > 0 and q1 > 0 and q0 + q1 == len(frames),
                      "%s: RSS spread the flows over p0's two queues"
                      % driver, (q0, q1))

        tl.write_control(ovs.fifo, "cable 0 down")
        chk.equal(ovs.wait("down", lambda: ovs.iface("p0", "link_state"),
                           "down"), "down", "%s: cable pulled: p0 down"
                  % driver)
        tl.write_control(ovs.fifo, "cable 0 up")
        chk.equal(ovs.wait("up", lambda: ovs.iface("p0", "link_state"),
                           "up"), "up", "%s: cable back: p0 up" % driver)

        ovs.vsctl("del-port", "br0", "p2")
        ovs.add_port("p2", 2)
        chk.equal(ovs.wait("link", lambda: ovs.iface("p2", "link_state"),
                           "up"), "up", "%s: p2 added back, link up" % driver)
        frames = frames_round(2)
        inject(chk, ovs, run, frames, "2")
        sent += frames
    finally:
        ovs.stop()
        shutil.copy(os.path.join(run, "vswitchd.log"), env.outdir) \
            if os.path.exists(os.path.join(run, "vswitchd.log")) else None
    from scapy.all import rdpcap
    got = [bytes(p) for p in rdpcap(ovs.out)] if os.path.exists(ovs.out) \
        else []
    print("# %s: sent %d frames, captured %d; sizes captured: %s"
          % (driver, len(sent), len(got), sorted(set(len(g) for g in got))))
    # Two RX queues may reorder frames of different flows.
    chk.check(sorted(got) == sorted(sent),
              "%s: the wire after p2 carries exactly the frames sent "
              "into p0, byte for byte" % driver,
              "sizes sent %s, captured %s" % (
                  sorted(set(len(s) for s in sent)),
                  sorted(set(len(g) for g in got))))
    shutil.rmtree(run, ignore_errors=True)


def test(env, chk):
    if not os.path.exists(VSWITCHD):
        raise tl.TestError("%s missing (openvswitch-switch-dpdk; run "
                           "devtools/setup.sh)" % VSWITCHD)
    if not env.huge:
        raise tl.Skip("OVS needs hugepages")
    for driver in env.args.driver.split(","):
        test_driver(env, chk, driver)


if __name__ == "__main__":
    tl.main(test, __doc__.splitlines()[0],
            extra=lambda p: p.add_argument(
                "--driver", default="net_ixguard,net_ixgbe",
                help="drivers to run OVS with, in turn"))

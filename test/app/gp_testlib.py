# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Run build/app/guardpmd for the tests of suite 'app'.

Two ways: on vdevs (always with --no-pci: the machine's own PCI devices
must never be probed) or on the emulated platform under devtools/ixemu.
Non-interactive runs are waited for; interactive runs get their commands
through a pipe (guardpmd reads stdin when it is not a terminal).  Every
process is started in its own session and stopped by its PID/process
group, never by name.  Python 3.11 standard library only, plus
ixemu_testlib (test/platform) and ixguard_pmd (test/pmd).
"""

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import ixemu_testlib as tl

_seq = itertools.count(1)


def guardpmd_path(env):
    return os.path.join(env.build_dir, "app", "guardpmd", "guardpmd")


def require(env):
    p = guardpmd_path(env)
    if not os.path.exists(p):
        raise tl.TestError("guardpmd not built: %s" % p)
    return p


def mem_args(env, vdev=False):
    if env.huge:
        return ["--huge-unlink"]
    return ["--no-huge", "-m", "256" if vdev else "512"]


class Run:
    """One guardpmd process; stdout and stderr collected by threads."""

    def __init__(self, env, argv, name, stdin_pipe=False, ixemu=False):
        self.env = env
        self.name = name
        self.argv = argv
        self.out = []
        self.err = []
        self._lock = threading.Lock()
        log = os.path.join(env.outdir, name)
        with open(log + ".cmd", "w") as f:
            f.write(" ".join(argv) + "\n")
        print("# run: %s" % " ".join(argv))
        sys.stdout.flush()
        envv = dict(os.environ)
        envv["IXEMU_LIB"] = env.lib
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE if stdin_pipe else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=envv,
            cwd=env.outdir, start_new_session=True, close_fds=True)
        self._threads = [
            threading.Thread(target=self._read, daemon=True,
                             args=(self.proc.stdout, self.out, log + ".stdout")),
            threading.Thread(target=self._read, daemon=True,
                             args=(self.proc.stderr, self.err, log + ".stderr")),
        ]
        for t in self._threads:
            t.start()

    def _read(self, stream, dst, path):
        # Chunks, not lines: the prompt has no newline.
        with open(path, "w", errors="replace") as log:
            for raw in iter(lambda: os.read(stream.fileno(), 65536), b""):
                line = raw.decode("utf-8", "replace")
                log.write(line)
                log.flush()
                with self._lock:
                    dst.append(line)

    @property
    def stdout(self):
        with self._lock:
            return "".join(self.out)

    @property
    def stderr(self):
        with self._lock:
            return "".join(self.err)

    def wait_for(self, text, timeout=60, stream="stdout"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in (self.stdout if stream == "stdout" else self.stderr):
                return True
            if self.proc.poll() is not None:
                time.sleep(0.2)
                return text in (self.stdout if stream == "stdout"
                                else self.stderr)
            time.sleep(0.1)
        return False

    def send(self, line):
        print("# send: %s" % line)
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass

    def wait(self, timeout=120):
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise tl.TestError("%s did not exit within %ss" % (self.name,
                                                               timeout))
        for t in self._threads:
            t.join(10)
        return self.proc.returncode

    def interrupt(self):
        """SIGINT to the process group this Run created."""
        os.killpg(self.proc.pid, signal.SIGINT)

    def kill(self):
        if self.proc.poll() is not None:
            return
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.proc.wait(5)
                return
            except subprocess.TimeoutExpired:
                continue

    def json(self):
        try:
            return json.loads(self.stdout)
        except ValueError as e:
            return {"_error": str(e)}


_running = []


def _prefix():
    return "gpt%d_%d" % (os.getpid(), next(_seq))


def _cleanup_runtime(prefix):
    for base in ("/var/run/dpdk", "/run/dpdk"):
        shutil.rmtree(os.path.join(base, prefix), ignore_errors=True)


def vdev(env, eal_extra, app, name=None, stdin_pipe=False, lcores="0-1"):
    """guardpmd on virtual devices: always --no-pci."""
    prefix = _prefix()
    argv = ([require(env), "--lcores" if "@" in lcores else "-l", lcores,
             "-n", "1", "--no-pci",
             "--file-prefix", prefix, "--log-level", "lib.eal:warning"]
            + mem_args(env, vdev=True) + tl.eal_forced_args(eal_extra)
            + list(eal_extra) + ["--"] + list(app))
    r = Run(env, argv, name or prefix, stdin_pipe=stdin_pipe)
    r.prefix = prefix
    _running.append(r)
    return r


def ixemu(env, app, name=None, plugin=None, stdin_pipe=False, ports=2,
          ixemu_args=(), devargs=None):
    """guardpmd on emulated 82599 ports; plugin: loadable path of
    librte_net_ixguard.so (net_ixguard drives the ports) or None
    (Debian's net_ixgbe); devargs: appended to every port's -a
    ("dma_isolation=strict")."""
    prefix = _prefix()
    name = name or prefix
    report = os.path.join(env.outdir, name + "-report.json")
    eal = ["-l", "0-1", "-n", "1", "--iova-mode=va", "--file-prefix", prefix,
           "--log-level", "lib.eal:warning"] + mem_args(env)
    eal += tl.eal_forced_args()
    if plugin:
        eal += ["-d", plugin]
    for i in range(ports):
        eal += ["-a", tl.emulated_bdf(i) + ("," + devargs if devargs else "")]
    argv = ([env.ixemu, "--ports", str(ports), "--report", report]
            + list(ixemu_args) + ["--", require(env)] + eal + ["--"]
            + list(app))
    r = Run(env, argv, name, stdin_pipe=stdin_pipe, ixemu=True)
    r.prefix = prefix
    r.report_path = report
    _running.append(r)
    return r


def report(run):
    try:
        with open(run.report_path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def finish(run, timeout=120):
    rc = run.wait(timeout)
    _cleanup_runtime(run.prefix)
    if run in _running:
        _running.remove(run)
    return rc


def finish_json(chk, run, what, timeout=120):
    """finish(run), then check its exit code (0) and that its --json
    output parses; the results, or None when they do not parse."""
    rc = finish(run, timeout)
    chk.equal(rc, 0, "%s: exit code" % what)
    res = run.json()
    if not chk.check("_error" not in res, "%s: --json output parses" % what,
                     res.get("_error")):
        return None
    return res


def main(test_fn, description):
    """Like ixemu_testlib.main, for guardpmd runs."""
    env = tl.parse_args(description)
    chk = tl.Checker()
    try:
        require(env)
        if env.huge and not tl.hugepages_available():
            raise tl.Skip("no free 2 MiB hugepages")
        test_fn(env, chk)
    except tl.Skip as e:
        print("SKIP: %s" % e)
        sys.exit(tl.SKIP)
    except tl.TestError as e:
        chk.check(False, "test ran to completion", e)
    finally:
        for r in list(_running):
            r.kill()
            _cleanup_runtime(r.prefix)
    sys.exit(chk.result())


def port(res, pid):
    for p in res.get("ports", []):
        if p.get("port") == pid:
            return p
    return {}


def mbufs_line(text):
    import re
    m = re.search(r"mbufs: (\d+) in use at exit", text)
    return int(m.group(1)) if m else None


def check_latency(chk, lat, what):
    if not chk.check(isinstance(lat, dict) and lat.get("samples", 0) > 0,
                     "%s: latency samples" % what, lat):
        return
    chk.check(lat["min_ns"] <= lat["p50_ns"] <= lat["p99_ns"]
              <= lat["p999_ns"] <= lat["max_ns"],
              "%s: min <= p50 <= p99 <= p99.9 <= max" % what,
              {k: v for k, v in lat.items() if k != "histogram"})
    chk.check(lat["min_ns"] > 0, "%s: latency min > 0" % what, lat["min_ns"])
    chk.equal(sum(b["count"] for b in lat.get("histogram", [])),
              lat["samples"], "%s: histogram total" % what)

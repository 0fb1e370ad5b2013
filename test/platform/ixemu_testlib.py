# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Drive Debian's dpdk-testpmd on emulated 82599 ports under devtools/ixemu.

testpmd runs interactively.  Its stdin and stdout are a pseudo terminal, not
pipes: with a pipe, testpmd's printf output is block buffered while the
command line library writes the "testpmd> " prompt straight to the file
descriptor, so command output and prompts would arrive out of order.  stderr
(the EAL/PMD log and the "ixemu:" lines of the platform) is a pipe; every
line is time-stamped on arrival.  Reader threads drain both streams and
copy them to log files in the test's output directory.

Python 3.11 standard library only.  Processes are stopped by the PID (and
the process group) that this module created, never by name.

Typical use:

    env = parse_args("what the test checks")
    chk = Checker()
    tp = start(env, ports=2, extra_app=["--forward-mode=io"])
    out = tp.cmd("show port stats all")
    stats = parse_port_stats(out)
    finish(chk, tp)             # quit, exit code 0, faults=0 in summary+report
    sys.exit(chk.result())
"""

import argparse
import errno
import itertools
import json
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

PROMPT = "testpmd> "
_sync_ids = itertools.count(1)
TESTPMD = shutil.which("dpdk-testpmd") or "/usr/bin/dpdk-testpmd"
SKIP = 77

# VT100 sequences the command line library emits, and the pty's CRs.
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[78=>]|\r")
_seq = itertools.count()


class TestError(Exception):
    """Something went wrong running testpmd (timeout, early exit...)."""


class Skip(Exception):
    """The environment cannot run this test (exit 77)."""


def emulated_bdf(i):
    """PCI address of emulated port i: 0000:00:10.0, 0000:00:10.1, ...

    Assumes eight functions per device number (only ports 0-7 are certain
    to match devtools/ixemu; the tests use 2).
    """
    return "0000:00:%02x.%x" % (0x10 + i // 8, i % 8)


# ---------------------------------------------------------------------------
# environment
# ---------------------------------------------------------------------------

class Env:
    def __init__(self, args, test_name):
        self.args = args
        self.huge = args.huge
        self.source_dir = os.path.abspath(args.source_dir)
        self.build_dir = os.path.abspath(args.build_dir)
        self.ixemu = os.path.join(self.source_dir, "devtools", "ixemu")
        self.lib = os.path.join(self.build_dir, "lib", "vfioemu",
                                "libvfioemu.so")
        variant = "huge" if self.huge else "no-huge"
        self.name = test_name
        self.outdir = os.path.join(self.build_dir, "test-output",
                                   "%s-%s" % (test_name, variant))
        shutil.rmtree(self.outdir, ignore_errors=True)
        os.makedirs(self.outdir, exist_ok=True)


def parse_args(description, extra=None):
    """Common options: --huge/--no-huge, --build-dir, --source-dir."""
    here = os.path.dirname(os.path.abspath(__file__))
    src_default = os.environ.get("IXGUARD_SOURCE_DIR",
                                 os.path.normpath(os.path.join(here, "..", "..")))
    p = argparse.ArgumentParser(description=description)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--huge", dest="huge", action="store_true",
                   help="run testpmd with hugepages")
    g.add_argument("--no-huge", dest="huge", action="store_false",
                   help="run testpmd with --no-huge -m 512 (default)")
    p.set_defaults(huge=False)
    p.add_argument("--build-dir", default=os.environ.get(
        "IXGUARD_BUILD_DIR", os.path.join(src_default, "build")))
    p.add_argument("--source-dir", default=src_default)
    # Two meson tests of one script and variant run at once: each needs
    # an output directory of its own (Env removes it first).
    p.add_argument("--output-name",
                   help="name of the output directory (default: the "
                   "script's name without test_)")
    if extra:
        extra(p)
    args = p.parse_args()
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    if name.startswith("test_"):
        name = name[5:]
    if args.output_name:
        name = args.output_name
    env = Env(args, name)
    print("# %s (%s), output in %s" % (name, "huge" if env.huge else "no-huge",
                                      env.outdir))
    return env


def hugepages_available(min_free=128):
    """2 MiB hugepages free and hugetlbfs mounted at /dev/hugepages."""
    free = 0
    try:
        with open("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages") as f:
            free = int(f.read())
    except OSError:
        return False
    try:
        with open("/proc/mounts") as f:
            mounted = any(l.split()[1:3] == ["/dev/hugepages", "hugetlbfs"]
                          for l in f if len(l.split()) >= 3)
    except OSError:
        mounted = False
    return mounted and free >= min_free


def require_platform(env):
    """The platform must be built; its absence is a failure, not a skip."""
    missing = [p for p in (env.ixemu, env.lib, TESTPMD) if not os.path.exists(p)]
    if missing:
        raise TestError("platform not available: missing " + ", ".join(missing))
    if env.huge and not hugepages_available():
        raise Skip("no free 2 MiB hugepages / hugetlbfs at /dev/hugepages "
                   "(devtools/setup.sh reserves them)")


# ---------------------------------------------------------------------------
# result bookkeeping
# ---------------------------------------------------------------------------

class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, cond, what, detail=""):
        if cond:
            self.passed += 1
            print("ok   - %s" % what)
        else:
            self.failed += 1
            print("FAIL - %s%s" % (what, (": " + str(detail)) if detail else ""))
        sys.stdout.flush()
        return bool(cond)

    def equal(self, got, want, what):
        return self.check(got == want, "%s == %r" % (what, want),
                          "got %r" % (got,))

    def result(self):
        print("# %d checks passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def main(test_fn, description, extra=None):
    """Run test_fn(env, chk), map exceptions to exit codes (0/1/77)."""
    env = parse_args(description, extra)
    chk = Checker()
    try:
        require_platform(env)
        test_fn(env, chk)
    except Skip as e:
        print("SKIP: %s" % e)
        sys.exit(SKIP)
    except TestError as e:
        chk.check(False, "test ran to completion", e)
    finally:
        for tp in list(Testpmd.running):
            tp.kill()
    sys.exit(chk.result())


# ---------------------------------------------------------------------------
# EAL options forced on a whole test run
# ---------------------------------------------------------------------------

# devtools/test.sh --max-simd-bitwidth N exports it; the test programs in C
# read it too (test/test_eal_args.h).
SIMD_ENV = "IXGUARD_TEST_MAX_SIMD_BITWIDTH"


def eal_forced_args(given=()):
    """EAL options for every DPDK program a test starts (testpmd,
    dpdk-test, guardpmd): --force-max-simd-bitwidth=N when the run asks
    for it (64 makes the PMDs choose scalar paths), unless the test gives
    its own in 'given' (the EAL refuses the option twice)."""
    v = os.environ.get(SIMD_ENV, "")
    if not v or any(str(a).startswith("--force-max-simd-bitwidth")
                    for a in given):
        return []
    return ["--force-max-simd-bitwidth=" + v]


SLOWDOWN_ENV = "IXGUARD_TEST_SLOWDOWN"


def slowdown():
    """How much slower than a plain build this run's code is (devtools/
    test.sh --asan exports 3: ASan + UBSan).  Only time bounds that are
    about speed (a fixed workload run to its end) are scaled by it, never
    a bound a test checks behaviour with."""
    try:
        return max(1.0, float(os.environ.get(SLOWDOWN_ENV, "1")))
    except ValueError:
        return 1.0


# ---------------------------------------------------------------------------
# testpmd under ixemu
# ---------------------------------------------------------------------------

class Testpmd:
    running = []

    def __init__(self, env, ports=2, huge=None, extra_eal=(), extra_app=(),
                 ixemu_args=(), wrapper=(), allow=None, mbufs=8192,
                 name=None):
        self.env = env
        self.ports = ports
        self.huge = env.huge if huge is None else huge
        n = next(_seq)
        self.name = name or "tp%d" % n
        # IXGUARD_FILE_PREFIX: the stem of every --file-prefix (so that
        # runs beside each other on one machine can tell theirs apart).
        self.prefix = "%s%d_%d" % (os.environ.get("IXGUARD_FILE_PREFIX",
                                                  "ixt"), os.getpid(), n)
        self.report_path = os.path.join(env.outdir, self.name + "-report.json")
        allow = [emulated_bdf(i) for i in range(ports)] if allow is None else allow
        eal = ["-l", "0-1", "-n", "1", "--iova-mode=va",
               "--file-prefix", self.prefix]
        if self.huge:
            eal += ["--huge-unlink"]
        else:
            eal += ["--no-huge", "-m", "512"]
        for a in allow:
            eal += ["-a", a]
        eal += eal_forced_args(extra_eal) + list(extra_eal)
        app = ["-i", "--total-num-mbufs=%d" % mbufs] + list(extra_app)
        self.argv = (list(wrapper) + [env.ixemu, "--ports", str(ports),
                                      "--report", self.report_path]
                     + list(ixemu_args) + ["--", TESTPMD] + eal + ["--"] + app)
        self.proc = None
        self.rc = None
        self._buf = ""              # stdout+echo, ANSI stripped
        self._pos = 0               # consumed up to here
        self._err = []              # [(monotonic time, line)]
        self._cv = threading.Condition()
        self._threads = []
        self._master = None
        self.t_spawn = None

    # -- process ----------------------------------------------------------
    def start(self, timeout=120):
        envv = dict(os.environ)
        envv["IXEMU_LIB"] = self.env.lib
        envv.setdefault("TERM", "dumb")
        master, slave = pty.openpty()
        self._master = master
        log = os.path.join(self.env.outdir, self.name)
        with open(log + ".cmd", "w") as f:
            f.write(" ".join(self.argv) + "\n")
        print("# run: %s" % " ".join(self.argv))
        sys.stdout.flush()
        self.t_spawn = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdin=slave, stdout=slave,
                                     stderr=subprocess.PIPE, env=envv,
                                     cwd=self.env.outdir,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        Testpmd.running.append(self)
        self._threads = [
            threading.Thread(target=self._read_out, args=(log + ".stdout",),
                             daemon=True),
            threading.Thread(target=self._read_err, args=(log + ".stderr",),
                             daemon=True),
        ]
        for t in self._threads:
            t.start()
        self.expect(re.escape(PROMPT), timeout=timeout, what="first prompt")
        return self

    def _read_out(self, path):
        with open(path, "w", errors="replace") as log:
            while True:
                try:
                    data = os.read(self._master, 65536)
                except OSError:
                    data = b""
                if not data:
                    break
                text = data.decode("utf-8", "replace")
                log.write(text)
                log.flush()
                with self._cv:
                    self._buf += _ANSI.sub("", text)
                    self._cv.notify_all()
        with self._cv:
            self._cv.notify_all()

    def _read_err(self, path):
        with open(path, "w", errors="replace") as log:
            for raw in iter(self.proc.stderr.readline, b""):
                t = time.monotonic()
                line = raw.decode("utf-8", "replace").rstrip("\n")
                log.write("%.6f %s\n" % (t - self.t_spawn, line))
                log.flush()
                with self._cv:
                    self._err.append((t, line))
                    self._cv.notify_all()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    @property
    def output(self):
        with self._cv:
            return self._buf

    @property
    def stderr_lines(self):
        with self._cv:
            return list(self._err)

    @property
    def stderr(self):
        return "\n".join(l for _, l in self.stderr_lines)

    def _tail(self, n=25):
        out = self.output.splitlines()[-n:]
        err = [l for _, l in self.stderr_lines][-n:]
        return ("\n--- stdout tail ---\n" + "\n".join(out) +
                "\n--- stderr tail ---\n" + "\n".join(err))

    def expect(self, pattern, timeout=30, what=None):
        """Wait for regex pattern in stdout after the consumed position;
        consume up to the end of the match and return the match."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                m = rx.search(self._buf, self._pos)
                if m:
                    self._pos = m.end()
                    return m
                if self.proc.poll() is not None and not self._threads[0].is_alive():
                    raise TestError("testpmd exited (rc=%s) while waiting for %s%s"
                                    % (self.proc.returncode, what or pattern,
                                       self._tail()))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TestError("timeout (%ss) waiting for %s%s"
                                    % (timeout, what or pattern, self._tail()))
                self._cv.wait(min(left, 0.5))

    def count(self, pattern):
        """Occurrences of regex pattern in the whole stdout so far (for
        asynchronous messages such as events)."""
        return len(re.findall(pattern, self.output))

    def wait_count(self, pattern, n, timeout=30):
        deadline = time.monotonic() + timeout
        while self.count(pattern) < n:
            if not self.alive():
                raise TestError("testpmd exited while waiting for %s" % pattern)
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    def send(self, line):
        os.write(self._master, (line + "\n").encode())

    def cmd(self, command, timeout=30):
        """Run one interactive command, return its output (without the
        echoed command line and the prompt)."""
        if not self.alive():
            # The exit status says how (a negative one: the signal).
            raise TestError("testpmd is not running (command %r; exit "
                            "status %s)" % (command, self.proc.returncode))
        with self._cv:
            start = self._pos
        self.send(command)
        m = self.expect(re.escape(PROMPT), timeout=timeout,
                        what="prompt after %r" % command)
        text = self.output[start:m.start()]
        lines = text.split("\n")
        if lines and command in lines[0]:
            lines = lines[1:]
        return "\n".join(lines)

    def sync(self, timeout=30):
        """Resynchronise with the prompt after output that may have torn
        a prompt apart (a forwarding core printing while the prompt is
        written): send an unknown command with a unique token and consume
        up to the prompt that follows its "Command not found"."""
        token = "ixsync-%d" % next(_sync_ids)
        self.send(token)
        self.expect(r"%s[\s\S]*?Command not found[\s\S]*?%s"
                    % (re.escape(token), re.escape(PROMPT)),
                    timeout=timeout, what="sync %s" % token)

    def quit(self, timeout=60):
        """Send 'quit', wait for the exit; returns (exit code, stderr)."""
        if self.alive():
            try:
                self.send("quit")
            except OSError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise TestError("testpmd did not exit %ss after quit%s"
                                % (timeout, self._tail()))
        else:
            self.proc.wait()
        return self._finish()

    def interrupt(self, timeout=60):
        """SIGINT to testpmd's process group (the one start() created)."""
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise TestError("testpmd did not exit after SIGINT")
        return self._finish()

    def _finish(self):
        self.rc = self.proc.returncode
        for t in self._threads:
            t.join(10)
        try:
            os.close(self._master)
        except OSError:
            pass
        if self in Testpmd.running:
            Testpmd.running.remove(self)
        self._cleanup_runtime_dir()
        return self.rc, self.stderr

    def kill(self):
        """Stop what start() spawned: its PID, then its process group."""
        if self.proc is None or self.proc.poll() is not None:
            if self in Testpmd.running:
                Testpmd.running.remove(self)
            return
        for sig, wait in ((signal.SIGINT, 5), (signal.SIGTERM, 5),
                          (signal.SIGKILL, 5)):
            for target in ("pid", "group"):
                try:
                    if target == "pid":
                        os.kill(self.proc.pid, sig)
                    else:
                        os.killpg(self.proc.pid, sig)
                except (ProcessLookupError, PermissionError):
                    pass
            try:
                self.proc.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
        if self in Testpmd.running:
            Testpmd.running.remove(self)
        self._cleanup_runtime_dir()

    def _cleanup_runtime_dir(self):
        for base in ("/var/run/dpdk", "/run/dpdk"):
            shutil.rmtree(os.path.join(base, self.prefix), ignore_errors=True)

    def report(self):
        """The --report JSON of the platform, or None."""
        try:
            with open(self.report_path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def stderr_time(self, pattern):
        """Arrival time (monotonic) of the first stderr line matching."""
        rx = re.compile(pattern)
        for t, l in self.stderr_lines:
            if rx.search(l):
                return t
        return None


def start(env, **kw):
    """Start testpmd under devtools/ixemu and wait for its first prompt.
    Keywords: ports, huge, extra_eal, extra_app, ixemu_args, wrapper,
    allow, mbufs, name; start timeout via 'timeout'."""
    timeout = kw.pop("timeout", 120)
    return Testpmd(env, **kw).start(timeout=timeout)


# ---------------------------------------------------------------------------
# parsers of testpmd output
# ---------------------------------------------------------------------------

_KV = re.compile(r"([A-Za-z][\w-]*(?: [a-z][\w-]*)*):\s*(-?\d+)\b")


def parse_port_stats(text):
    """'show port stats' -> {port: {'RX-packets': n, 'RX-missed': n, ...}}"""
    res = {}
    for m in re.finditer(r"NIC statistics for port (\d+)\s*#+\n(.*?)\n\s*#{10,}",
                         text, re.S):
        d = {}
        for k, v in _KV.findall(m.group(2)):
            d[k] = int(v)
        res[int(m.group(1))] = d
    return res


def parse_fwd_port_stats(text):
    """Forward statistics printed by 'stop' ->
    {port: {'RX-packets', 'RX-dropped', 'RX-total', 'TX-packets', ...}}"""
    res = {}
    for m in re.finditer(r"Forward statistics for port (\d+)\s*-+\n(.*?)\n\s*-{20,}",
                         text, re.S):
        res[int(m.group(1))] = {k: int(v) for k, v in _KV.findall(m.group(2))}
    return res


def parse_stream_stats(text):
    """Per-stream statistics printed by 'stop' (only when there are more
    streams than ports) -> list of dicts rx_port, rx_queue, tx_port,
    tx_queue, rx, tx, tx_dropped."""
    res = []
    for m in re.finditer(
            r"Forward Stats for RX Port=\s*(\d+)/Queue=\s*(\d+) -> "
            r"TX Port=\s*(\d+)/Queue=\s*(\d+)[^\n]*\n\s*RX-packets:\s*(\d+)\s+"
            r"TX-packets:\s*(\d+)\s+TX-dropped:\s*(\d+)", text):
        v = [int(x) for x in m.groups()]
        res.append(dict(rx_port=v[0], rx_queue=v[1], tx_port=v[2],
                        tx_queue=v[3], rx=v[4], tx=v[5], tx_dropped=v[6]))
    return res


def parse_xstats(text):
    """'show port xstats N' -> {name: value}"""
    return {k: int(v) for k, v in
            re.findall(r"^\s*([a-z][\w]*):\s+(\d+)\s*$", text, re.M)}


def parse_port_info(text):
    """'show port info N' -> {'Link status': 'up', 'Link speed': '10 Gbps',
    'MAC address': ..., ...} (lines of the form 'Key: value')."""
    res = {}
    for line in text.split("\n"):
        m = re.match(r"^([A-Za-z][^:]{0,40}):\s*(.*?)\s*$", line)
        if m and m.group(1) not in res:
            res[m.group(1)] = m.group(2)
    return res


def parse_ixemu_summary(stderr):
    """'ixemu: iommu maps=N unmaps=N faults=N' (+ fault lines) ->
    {'maps', 'unmaps', 'faults', 'fault_lines'} or None if absent."""
    m = None
    for m in re.finditer(r"^ixemu: iommu maps=(\d+) unmaps=(\d+) faults=(\d+)",
                         stderr, re.M):
        pass
    if not m:
        return None
    return dict(maps=int(m.group(1)), unmaps=int(m.group(2)),
                faults=int(m.group(3)),
                fault_lines=re.findall(r"^ixemu: fault .*$", stderr, re.M))


def report_port(report, bdf):
    for p in (report or {}).get("ports", []):
        if p.get("bdf") == bdf:
            return p
    return None


# ---------------------------------------------------------------------------
# the checks every test ends with
# ---------------------------------------------------------------------------

def finish(chk, tp, quit_timeout=60, use_sigint=False):
    """Quit testpmd; check exit code 0 and faults=0 in the ixemu summary
    line and in the --report JSON.  Returns (summary, report)."""
    rc, err = tp.interrupt(quit_timeout) if use_sigint else tp.quit(quit_timeout)
    chk.equal(rc, 0, "testpmd exit code")
    summ = parse_ixemu_summary(err)
    if chk.check(summ is not None, "ixemu summary line on stderr"):
        print("# ixemu: iommu maps=%d unmaps=%d faults=%d"
              % (summ["maps"], summ["unmaps"], summ["faults"]))
        chk.equal(summ["faults"], 0, "ixemu summary faults")
        for l in summ["fault_lines"]:
            print("#   " + l)
        chk.check(summ["maps"] > 0, "the EAL mapped DMA memory (maps > 0)",
                  summ["maps"])
    rep = tp.report()
    if chk.check(rep is not None, "--report JSON written", tp.report_path):
        io = rep.get("iommu", {})
        chk.equal(io.get("faults"), 0, "report iommu.faults")
        chk.equal(len(rep.get("faults", [])), 0, "report fault list length")
        if summ is not None:
            chk.equal(io.get("maps"), summ["maps"], "report iommu.maps vs summary")
    return summ, rep


def control_fifo(env, name="control"):
    """A fresh FIFO in the test's output directory for ixemu --control."""
    path = os.path.join(env.outdir, name)
    if os.path.exists(path):
        os.unlink(path)
    os.mkfifo(path, 0o600)
    return path


def write_control(path, line, timeout=10):
    """Write one command line to an ixemu control FIFO (waits until the
    platform has opened it)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as e:
            if e.errno != errno.ENXIO or time.monotonic() > deadline:
                raise TestError("cannot open control FIFO %s: %s" % (path, e))
            time.sleep(0.1)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)
    print("# control: %s" % line)


def wait_stderr(tp, pattern, timeout=20):
    """Wait for a stderr line (e.g. an 'ixemu:' message) matching pattern;
    returns the match or None."""
    rx = re.compile(pattern)
    deadline = time.monotonic() + timeout
    while True:
        for _, l in tp.stderr_lines:
            m = rx.search(l)
            if m:
                return m
        if time.monotonic() > deadline or not tp.alive():
            return None
        time.sleep(0.1)


def report_wire(report, bdf):
    """The 'wires' entry of the --report JSON for one port, or None."""
    for w in (report or {}).get("wires", []):
        if w.get("bdf") == bdf:
            return w
    return None


def poll_stats(tp, port, key, want, timeout=10.0, interval=0.1):
    """Poll 'show port stats <port>' until stats[key] >= want (or timeout);
    then until the value is stable.  Returns the last stats dict."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        s = parse_port_stats(tp.cmd("show port stats %d" % port)).get(port, {})
        v = s.get(key, 0)
        if v >= want and v == last:
            return s
        if time.monotonic() > deadline:
            return s
        last = v if v >= want else None
        time.sleep(interval)

# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Helpers shared by the net_ixguard tests: where the plugin is and how
to start Debian's unmodified dpdk-testpmd with it loaded through '-d'."""

import hashlib
import os
import shutil
import stat

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
    shutil.copy2(path, copy)
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

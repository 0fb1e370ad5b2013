#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""'show dma domain' through the function net_ixguard is to export
(rte_pmd_ixguard_dma_domain_get, drivers/net/ixguard/rte_pmd_ixguard.h): the
port's mappings and counters.  Skipped, with a message saying so, while
the plugin does not export the symbol; the fallback path is tested by
test_cli_pipe.py."""
import subprocess

import gp_testlib as gl
import ixemu_testlib as tl
import ixguard_pmd as pmd

SYMBOL = "rte_pmd_ixguard_dma_domain_get"


def exported(path):
    p = subprocess.run(["nm", "-D", "--defined-only", path],
                       capture_output=True, text=True)
    return any(l.split()[-1] == SYMBOL for l in p.stdout.splitlines()
               if l.split())


def test(env, chk):
    plugin = pmd.require_plugin(env)
    if not exported(plugin):
        raise tl.Skip("%s does not export %s yet (enable this test when "
                      "the PMD does)" % (pmd.plugin_path(env), SYMBOL))
    r = gl.ixemu(env, ["-i"], name="dma-symbol", plugin=plugin,
                 stdin_pipe=True)
    chk.check(r.wait_for("guardpmd> ", 120), "first prompt")
    r.send("show dma domain 0")
    chk.check(r.wait_for("iova=0x", 60), "show dma domain 0: mappings",
              r.stdout[-500:])
    out = r.stdout
    chk.check("DMA domain: " in out and "shared (EAL default" not in out,
              "the port's own domain is reported", out[-500:])
    chk.check("mappings " in out and "maps " in out, "counters reported")
    r.send("quit")
    r.close_stdin()
    chk.equal(gl.finish(r, 120), 0, "exit code")


if __name__ == "__main__":
    gl.main(test, __doc__.splitlines()[0])

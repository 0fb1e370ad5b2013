#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
"""Run a command with '@PLUGIN@' in its arguments replaced by a path the
EAL will load the net_ixguard plugin from (see ixguard_pmd.loadable_path).

Usage: with_plugin.py PLUGIN -- COMMAND [ARGS...]
"""
import os
import sys

import ixguard_pmd


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.stderr.write(__doc__)
        return 2
    path = ixguard_pmd.loadable_path(sys.argv[1])
    argv = [path if a == "@PLUGIN@" else a for a in sys.argv[3:]]
    os.execvp(argv[0], argv)
    return 2


if __name__ == "__main__":
    sys.exit(main())

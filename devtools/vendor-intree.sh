#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
#
# Put net_ixguard into a DPDK 22.11 source tree, as a vendor carries it:
#
#   devtools/vendor-intree.sh DPDK_SOURCE_TREE
#
#  - drivers/net/ixguard/          <- this repository's drivers/net/ixguard
#  - drivers/net/ixguard/ix82599/  <- lib/ix82599/*.h (the register map)
#  - drivers/net/ixguard/dmaguard/  <- lib/dmaguard/*.[ch] (DMA domains)
#    the driver's meson.build adds both directories when it is built
#    inside DPDK (meson project 'DPDK'), and compiles dmaguard's sources
#  - 'ixguard' added to the driver list of drivers/net/meson.build, after
#    'ixgbe' (once; running the script again refreshes the files).
#
# Nothing else of the tree changes.  See doc/guides/nics/ixguard.rst.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: $0 DPDK_SOURCE_TREE" >&2; exit 2; }
TREE=$1
NETLIST=$TREE/drivers/net/meson.build
[ -f "$NETLIST" ] && [ -d "$TREE/drivers/net/ixgbe" ] || {
	echo "vendor: $TREE is not a DPDK source tree" >&2; exit 2; }

DST=$TREE/drivers/net/ixguard
rm -rf "$DST"
mkdir -p "$DST/ix82599"
cp -p "$ROOT"/drivers/net/ixguard/*.[ch] "$ROOT"/drivers/net/ixguard/meson.build \
	"$DST/"
cp -p "$ROOT"/lib/ix82599/*.h "$DST/ix82599/"
if [ -d "$ROOT/lib/dmaguard" ]; then
	mkdir -p "$DST/dmaguard"
	cp -p "$ROOT"/lib/dmaguard/*.[ch] "$DST/dmaguard/"
fi

if ! grep -q "^[[:space:]]*'ixguard',\$" "$NETLIST"; then
	grep -q "^[[:space:]]*'ixgbe',\$" "$NETLIST" || {
		echo "vendor: no 'ixgbe' entry in $NETLIST" >&2; exit 1; }
	sed -i "s/^\([[:space:]]*\)'ixgbe',\$/&\n\1'ixguard',/" "$NETLIST"
fi
echo "vendor: net_ixguard added to $TREE"

#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
#
# The driver directory also builds in-tree, inside a DPDK source tree: by
# default the distribution's DPDK 22.11 (the tree devtools/setup.sh
# extracted, recorded in sdk/dpdk-src-path), or the tree of a release
# tarball (--dpdk-tarball, e.g. DPDK 24.11 LTS):
#
#  1. copy that tree to BUILD/<name>/dpdk (kept between runs, redone when
#     the source changes);
#  2. devtools/vendor-intree.sh puts drivers/net/ixguard and the
#     lib/ix82599 headers into the copy and registers the driver;
#  3. configure a minimal DPDK once (BUILD/<name>/build, kept: ninja
#     re-runs meson by itself when a meson.build changed);
#  4. ninja -j2 only the driver's shared library, which must build
#     without a compiler warning in the driver;
#  5. the library exists and carries the PMD info DPDK's pmdinfogen put
#     in (PMD_INFO_STRING: our PCI IDs and the vfio-pci dependency).
#
#   test_intree_build.sh [--build-dir DIR] [--source-dir DIR]
#                        [--dpdk-tarball FILE|auto-24.11] [--name NAME]
#
# --dpdk-tarball auto-24.11 looks for dpdk-24.11.tar.xz in
# $IXGUARD_DPDK_TARBALLS, ../shared/dpdk beside the checkout and
# /var/cache/ixguard, and skips (exit 77) when there is none.
set -euo pipefail

SRC_DIR=${IXGUARD_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD_DIR=${IXGUARD_BUILD_DIR:-$SRC_DIR/build}
TARBALL=
NAME=intree
while [ $# -gt 0 ]; do
	case $1 in
	--build-dir) BUILD_DIR=$2; shift 2 ;;
	--source-dir) SRC_DIR=$2; shift 2 ;;
	--dpdk-tarball) TARBALL=$2; shift 2 ;;
	--name) NAME=$2; shift 2 ;;
	*) echo "usage: $0 [--build-dir DIR] [--source-dir DIR]" \
		"[--dpdk-tarball FILE|auto-24.11] [--name NAME]" >&2; exit 2 ;;
	esac
done

fail() { echo "FAIL - $*"; exit 1; }
ok() { echo "ok   - $*"; }

if [ "$TARBALL" = auto-24.11 ]; then
	TARBALL=
	for d in ${IXGUARD_DPDK_TARBALLS:-} "$SRC_DIR/../shared/dpdk" \
		/var/cache/ixguard; do
		if [ -f "$d/dpdk-24.11.tar.xz" ]; then
			TARBALL=$d/dpdk-24.11.tar.xz
			break
		fi
	done
	if [ -z "$TARBALL" ]; then
		echo "SKIP: no dpdk-24.11.tar.xz (IXGUARD_DPDK_TARBALLS," \
			"../shared/dpdk, /var/cache/ixguard)"
		exit 77
	fi
fi

if [ -n "$TARBALL" ]; then
	[ -f "$TARBALL" ] || fail "no $TARBALL"
	DPDK_SRC=$(readlink -f "$TARBALL")
	SOURCE_ID="$DPDK_SRC $(stat -c '%s %Y' "$DPDK_SRC")"
else
	PATHFILE=$SRC_DIR/sdk/dpdk-src-path
	[ -f "$PATHFILE" ] || fail "no $PATHFILE (run devtools/setup.sh)"
	DPDK_SRC=$(cat "$PATHFILE")
	[ -f "$DPDK_SRC/meson.build" ] && [ -d "$DPDK_SRC/drivers/net" ] ||
		fail "DPDK source tree $DPDK_SRC missing"
	SOURCE_ID=$DPDK_SRC
fi

WORK=$BUILD_DIR/$NAME
TREE=$WORK/dpdk
OUT=$WORK/build
STAMP=$WORK/source.stamp
LOG=$WORK/build.log
mkdir -p "$WORK"

start=$(date +%s)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$SOURCE_ID" ] || [ ! -d "$TREE" ]; then
	echo "# copying $DPDK_SRC to $TREE"
	rm -rf "$TREE" "$OUT" "$STAMP"
	if [ -n "$TARBALL" ]; then
		mkdir -p "$TREE"
		tar -xJf "$DPDK_SRC" -C "$TREE" --strip-components=1 ||
			fail "cannot extract $DPDK_SRC"
	else
		cp -a "$DPDK_SRC" "$TREE"
	fi
	echo "$SOURCE_ID" >"$STAMP"
else
	echo "# reusing $TREE"
fi
echo "# DPDK $(cat "$TREE/VERSION")"

"$SRC_DIR/devtools/vendor-intree.sh" "$TREE"
grep -q "^[[:space:]]*'ixguard',\$" "$TREE/drivers/net/meson.build" ||
	fail "ixguard not registered in drivers/net/meson.build"
ok "driver vendored into the tree"

if [ ! -f "$OUT/build.ninja" ]; then
	rm -rf "$OUT"
	echo "# configuring a minimal DPDK in $OUT"
	# Libraries the driver does not need, as far as this release has them.
	skip_libs=
	for l in bitratestats cfgfile flow_classify gpudev gro gso kni \
		jobstats latencystats metrics node pdump pipeline port power \
		table vhost; do
		if [ -d "$TREE/lib/$l" ]; then
			skip_libs=${skip_libs:+$skip_libs,}$l
		fi
	done
	if ! meson setup "$OUT" "$TREE" \
		-Denable_drivers=bus/pci,bus/vdev,mempool/ring,net/ixguard \
		-Ddisable_apps='*' -Dtests=false -Denable_docs=false \
		-Dexamples= -Denable_kmods=false -Ddisable_libs="$skip_libs" \
		>"$LOG" 2>&1; then
		tail -40 "$LOG"
		rm -rf "$OUT"
		fail "meson setup of the DPDK tree"
	fi
fi
ok "DPDK tree configured"

# The driver's shared library target (drivers/librte_net_ixguard.so.N.M).
target=$(ninja -C "$OUT" -t targets all 2>/dev/null |
	sed -n 's/^\(drivers\/librte_net_ixguard\.so[.0-9]*\): .*/\1/p' | head -1)
[ -n "$target" ] || { ninja -C "$OUT" -t targets all | grep -i ixguard || true
	fail "no librte_net_ixguard.so target: driver not enabled in-tree"; }
echo "# ninja -j2 $target"
NLOG=$WORK/ninja.log
if ! ninja -C "$OUT" -j2 "$target" >"$NLOG" 2>&1; then
	grep -B2 -A8 "error" "$NLOG" | tail -60
	fail "in-tree build of $target"
fi
so=$OUT/$target
[ -f "$so" ] || fail "$so not produced"
ok "built $target in $(( $(date +%s) - start )) s"

if grep -n "drivers/net/ixguard.*warning:" "$NLOG" | head -20; then
	fail "compiler warnings in the driver (in-tree flags)"
fi
ok "no compiler warnings in-tree"

info=$(strings "$so" | sed -n 's/.*PMD_INFO_STRING= *//p')
[ -n "$info" ] || fail "no PMD_INFO_STRING in $so"
echo "# $info"
echo "$info" | grep -q '"name": *"net_ixguard"' || fail "PMD info name"
echo "$info" | grep -q '"kmod": *"vfio-pci"' || fail "PMD info kmod vfio-pci"
echo "$info" | grep -qi '\[32902, 4347, 65535, 65535\]' ||
	fail "PMD info PCI id 8086:10FB"
ok "PMD info: net_ixguard, 8086:10FB, kmod vfio-pci"
echo "# all checks passed"

#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
#
# Prepare a Debian 12 machine to build and test ixguard.  Run as root.
# Idempotent: work that is already done is skipped (a repeated run takes a
# few seconds and needs no network).
#
#   devtools/setup.sh [--build-dir DIR] [--no-build] [-Dmeson_option=value ...]
#
# Steps:
#   1. apt packages (only when one of them is missing)
#   2. driver-SDK headers from Debian's DPDK source package of the INSTALLED
#      version -> <repo>/sdk/include, source tree path -> <repo>/sdk/dpdk-src-path
#   3. 2 MiB hugepages + hugetlbfs at /dev/hugepages (best effort)
#   4. meson setup + ninja
# Also: a DPDK 24.11 tarball found in ../shared/dpdk beside the checkout is
# kept in the cache directory for the in-tree build test (suite apps).
#
# Environment: IXGUARD_CACHE_DIR (default /var/cache/ixguard),
# IXGUARD_HUGEPAGES (default 512), IXGUARD_JOBS (ninja -j, default 2).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$ROOT/build
DO_BUILD=1
MESON_OPTS=()
CACHE_DIR=${IXGUARD_CACHE_DIR:-/var/cache/ixguard}
SDK_DIR=$ROOT/sdk
NR_HUGEPAGES=${IXGUARD_HUGEPAGES:-512}
JOBS=${IXGUARD_JOBS:-2}

PACKAGES=(dpdk dpdk-dev libdpdk-dev meson ninja-build libnuma-dev pkg-config
	gcc python3 python3-pyelftools python3-scapy libpcap-dev
	libcapstone-dev strace iproute2 iputils-ping tcpdump dpkg-dev xz-utils
	coreutils util-linux clang libclang-rt-14-dev debhelper fakeroot lintian
	openvswitch-switch-dpdk)

say() { printf 'setup: %s\n' "$*"; }
warn() { printf 'setup: warning: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case $1 in
	--build-dir) [ $# -ge 2 ] || die "--build-dir needs a value"
		BUILD_DIR=$2; shift 2 ;;
	--build-dir=*) BUILD_DIR=${1#*=}; shift ;;
	--no-build) DO_BUILD=0; shift ;;
	-D*) MESON_OPTS+=("$1"); shift ;;
	-h|--help) sed -n '2,20p' "$0"; exit 0 ;;
	*) die "unknown argument: $1" ;;
	esac
done
case $BUILD_DIR in /*) ;; *) BUILD_DIR=$ROOT/$BUILD_DIR ;; esac

[ "$(id -u)" -eq 0 ] || die "run me as root"

# --- 1. packages -------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case $st in ii*) ;; *) missing+=("$p") ;; esac
done
if [ ${#missing[@]} -eq 0 ]; then
	say "packages: all ${#PACKAGES[@]} installed"
else
	say "packages: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q || die "apt-get update failed"
	apt-get install -y -q --no-install-recommends "${missing[@]}" ||
		die "apt-get install failed"
fi

# --- 2. driver-SDK headers ---------------------------------------------------
DPDK_VER=$(dpkg-query -W -f='${Version}' libdpdk-dev)
[ -n "$DPDK_VER" ] || die "cannot determine the installed DPDK version"
DPDK_UPVER=${DPDK_VER#*:}		# without epoch (file names)
SRC_CACHE=$CACHE_DIR/dpdk-src
SRC_TREE=$SRC_CACHE/dpdk-$DPDK_UPVER
# Headers drivers include that libdpdk-dev does not ship; the build of
# ixguard needs at least these.
REQUIRED_HEADERS=(ethdev_driver.h ethdev_pci.h bus_pci_driver.h dev_driver.h
	bus_driver.h)

sdk_done() {
	[ -f "$SDK_DIR/.stamp" ] && [ "$(cat "$SDK_DIR/.stamp")" = "$DPDK_VER" ] ||
		return 1
	[ -f "$SDK_DIR/dpdk-src-path" ] &&
		[ -d "$(cat "$SDK_DIR/dpdk-src-path")/drivers/net/ixgbe" ] || return 1
	local h
	for h in "${REQUIRED_HEADERS[@]}"; do
		[ -f "$SDK_DIR/include/$h" ] || return 1
	done
}

have_deb_src() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && return 0
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && grep -Eiq '^[[:space:]]*Types:.*deb-src' "$f" && return 0
	done
	return 1
}

fetch_dpdk_source() {
	local dsc=dpdk_$DPDK_UPVER.dsc
	mkdir -p "$SRC_CACHE"
	if [ ! -f "$SRC_CACHE/$dsc" ]; then
		if ! have_deb_src; then
			if [ -f /etc/apt/sources.list.d/debian.sources ]; then
				say "apt: adding deb-src entry /etc/apt/sources.list.d/ixguard-src.sources"
				sed -E 's/^([[:space:]]*)Types:.*/\1Types: deb-src/' \
					/etc/apt/sources.list.d/debian.sources \
					>/etc/apt/sources.list.d/ixguard-src.sources
			elif [ -f /etc/apt/sources.list ]; then
				say "apt: adding deb-src entry /etc/apt/sources.list.d/ixguard-src.list"
				sed -nE 's/^[[:space:]]*deb[[:space:]]/deb-src /p' \
					/etc/apt/sources.list \
					>/etc/apt/sources.list.d/ixguard-src.list
			else
				die "no apt sources found to derive a deb-src entry from"
			fi
		fi
		local showsrc
		showsrc=$(apt-cache showsrc dpdk 2>/dev/null || true)
		if ! grep -qx "Version: $DPDK_VER" <<<"$showsrc"; then
			say "apt: updating package lists (source index)"
			apt-get update -q || die "apt-get update failed"
		fi
		say "dpdk source: downloading dpdk=$DPDK_VER into $SRC_CACHE"
		(cd "$SRC_CACHE" && apt-get source -q --download-only "dpdk=$DPDK_VER") ||
			die "apt-get source dpdk=$DPDK_VER failed"
	fi
	if [ ! -f "$SRC_TREE/.ixguard-extracted" ]; then
		say "dpdk source: extracting to $SRC_TREE"
		rm -rf "$SRC_TREE" "$SRC_TREE.tmp"
		(cd "$SRC_CACHE" && dpkg-source -q -x "$dsc" "$SRC_TREE.tmp") ||
			die "dpkg-source -x $dsc failed"
		mv "$SRC_TREE.tmp" "$SRC_TREE"
		touch "$SRC_TREE/.ixguard-extracted"
	fi
}

install_sdk_headers() {
	local tmp=$SDK_DIR/include.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	# The driver-SDK headers are what DPDK's meson files list in
	# driver_sdk_headers (lib/ and drivers/); drivers also include two
	# internal EAL headers (rte_eal_paging.h, rte_os_shim.h).  Copy those
	# the installed libdpdk-dev lacks.
	/usr/bin/python3 - "$SRC_TREE" "$tmp" <<'PY' || die "collecting SDK headers failed"
import glob, os, re, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
sysdirs = ['/usr/include/dpdk', '/usr/include/x86_64-linux-gnu/dpdk']
hdrs = []
pat = re.compile(r"driver_sdk_headers\s*\+?=\s*files\s*\(([^)]*)\)", re.S)
for mb in sorted(glob.glob(src + '/lib/**/meson.build', recursive=True) +
                 glob.glob(src + '/drivers/**/meson.build', recursive=True)):
    with open(mb) as f:
        text = f.read()
    for m in pat.finditer(text):
        for name in re.findall(r"'([^']+\.h)'", m.group(1)):
            hdrs.append(os.path.join(os.path.dirname(mb), name))
hdrs += [src + '/lib/eal/include/rte_eal_paging.h',
         src + '/lib/eal/linux/include/rte_os_shim.h']
copied = 0
for h in hdrs:
    base = os.path.basename(h)
    if not os.path.isfile(h):
        sys.exit('missing in source tree: ' + h)
    if any(os.path.exists(os.path.join(d, base)) for d in sysdirs):
        continue
    shutil.copy2(h, os.path.join(dst, base))
    copied += 1
print('setup: sdk: %d headers copied (%d listed)' % (copied, len(hdrs)))
PY
	local h
	for h in "${REQUIRED_HEADERS[@]}"; do
		[ -f "$tmp/$h" ] || [ -f "/usr/include/dpdk/$h" ] ||
			die "SDK header $h not found in the DPDK source"
	done
	# The headers must be usable as a set with the installed DPDK.
	local cflags
	cflags=$(pkg-config --cflags libdpdk) || die "pkg-config libdpdk failed"
	# shellcheck disable=SC2086 # word splitting of cflags is intended
	printf '#include <ethdev_driver.h>\n#include <ethdev_pci.h>\n#include <ethdev_vdev.h>\n#include <bus_pci_driver.h>\n#include <bus_vdev_driver.h>\n#include <dev_driver.h>\n#include <bus_driver.h>\n#include <rte_eal_paging.h>\n' |
		gcc -fsyntax-only -Wall -Werror -DALLOW_EXPERIMENTAL_API \
			-DALLOW_INTERNAL_API $cflags -I"$tmp" -x c - ||
		die "the SDK headers do not compile against libdpdk $DPDK_VER"
	rm -rf "$SDK_DIR/include"
	mv "$tmp" "$SDK_DIR/include"
	printf '%s\n' "$SRC_TREE" >"$SDK_DIR/dpdk-src-path"
	printf '%s\n' "$DPDK_VER" >"$SDK_DIR/dpdk-version"
	printf '%s\n' "$DPDK_VER" >"$SDK_DIR/.stamp"
}

if sdk_done; then
	say "sdk: headers for dpdk $DPDK_VER present in sdk/include"
else
	mkdir -p "$SDK_DIR"
	fetch_dpdk_source
	install_sdk_headers
	say "sdk: headers in $SDK_DIR/include, source tree $SRC_TREE"
fi

# DPDK 24.11 for test 'intree_build-24.11': no Debian 12 package has it.
for t in "$ROOT/../shared/dpdk/dpdk-24.11.tar.xz"; do
	if [ -f "$t" ] && ! cmp -s "$t" "$CACHE_DIR/dpdk-24.11.tar.xz"; then
		mkdir -p "$CACHE_DIR" && cp "$t" "$CACHE_DIR/" &&
			say "DPDK 24.11 tarball cached in $CACHE_DIR"
	fi
done

# --- 3. hugepages (best effort: the tests also run with --no-huge) -----------
hp_sys=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
hp_now=$(cat "$hp_sys" 2>/dev/null || echo 0)
if [ "$hp_now" -lt "$NR_HUGEPAGES" ]; then
	if echo "$NR_HUGEPAGES" >"$hp_sys" 2>/dev/null ||
		echo "$NR_HUGEPAGES" >/proc/sys/vm/nr_hugepages 2>/dev/null; then
		hp_now=$(cat "$hp_sys" 2>/dev/null || echo 0)
	fi
	if [ "$hp_now" -lt "$NR_HUGEPAGES" ]; then
		warn "only $hp_now of $NR_HUGEPAGES 2 MiB hugepages reserved (tests with --huge will be skipped if none)"
	else
		say "hugepages: reserved $hp_now x 2 MiB"
	fi
else
	say "hugepages: $hp_now x 2 MiB reserved"
fi
if awk '$2 == "/dev/hugepages" && $3 == "hugetlbfs" { f = 1 } END { exit !f }' /proc/mounts; then
	say "hugepages: hugetlbfs mounted at /dev/hugepages"
elif mkdir -p /dev/hugepages 2>/dev/null &&
	mount -t hugetlbfs -o pagesize=2M nodev /dev/hugepages 2>/dev/null; then
	say "hugepages: mounted hugetlbfs at /dev/hugepages"
else
	warn "could not mount hugetlbfs at /dev/hugepages"
fi

# --- 4. build ----------------------------------------------------------------
if [ "$DO_BUILD" -eq 1 ]; then
	if [ -f "$BUILD_DIR/build.ninja" ]; then
		if [ ${#MESON_OPTS[@]} -gt 0 ]; then
			meson configure "$BUILD_DIR" "${MESON_OPTS[@]}" >/dev/null ||
				die "meson configure failed"
		fi
	elif [ -f "$BUILD_DIR/meson-private/coredata.dat" ]; then
		say "meson: reconfiguring $BUILD_DIR"
		meson setup --reconfigure "$BUILD_DIR" "$ROOT" ${MESON_OPTS[@]+"${MESON_OPTS[@]}"} >/dev/null ||
			die "meson setup --reconfigure failed (see $BUILD_DIR/meson-logs/meson-log.txt)"
	else
		say "meson: setting up $BUILD_DIR"
		meson setup "$BUILD_DIR" "$ROOT" ${MESON_OPTS[@]+"${MESON_OPTS[@]}"} >/dev/null ||
			die "meson setup failed (see $BUILD_DIR/meson-logs/meson-log.txt)"
	fi
	say "ninja: building $BUILD_DIR"
	ninja -C "$BUILD_DIR" -j "$JOBS" || die "build failed"
fi
say "done"

#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
#
# Build (devtools/setup.sh) and run the meson test suites.  As root.
#
#   devtools/test.sh [--asan] [--max-simd-bitwidth N] [--suite NAME]...
#                    [other meson test arguments]
#
#   --asan   build in build-asan with -Db_sanitize=address,undefined and run
#            the tests there (ASAN_OPTIONS defaults to
#            verify_asan_link_order=0:detect_leaks=0 because the library is
#            preloaded into a non-instrumented dpdk-testpmd).  The code runs
#            about 3 times slower: meson's timeouts are multiplied by 3, and
#            IXGUARD_TEST_SLOWDOWN=3 scales the tests' own bounds that are
#            about speed (a fixed workload run to its end; ixemu_testlib's
#            slowdown()).
#   --max-simd-bitwidth N
#            every DPDK program the tests start gets the EAL option
#            --force-max-simd-bitwidth=N (64: the PMDs run their scalar
#            paths); exported as IXGUARD_TEST_MAX_SIMD_BITWIDTH, which the
#            test helpers read (test/platform/ixemu_testlib.py,
#            test/test_eal_args.h).
#
# The last line of output is always "N passed, N failed" (passed = Ok +
# Expected Fail; failed = Fail + Timeout + Unexpected Pass).  Exits non-zero
# when anything failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$ROOT/build
SETUP_ARGS=()
MESON_ARGS=()

while [ $# -gt 0 ]; do
	case $1 in
	--asan)
		BUILD_DIR=$ROOT/build-asan
		SETUP_ARGS+=("-Db_sanitize=address,undefined")
		export ASAN_OPTIONS=${ASAN_OPTIONS:-verify_asan_link_order=0:detect_leaks=0}
		export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
		export IXGUARD_TEST_SLOWDOWN=3
		MESON_ARGS+=(--timeout-multiplier 3)
		shift ;;
	--max-simd-bitwidth)
		[ $# -ge 2 ] || { echo "test: --max-simd-bitwidth needs a value" >&2; exit 2; }
		case $2 in
		64|128|256|512) ;;
		*) echo "test: --max-simd-bitwidth: 64, 128, 256 or 512" >&2; exit 2 ;;
		esac
		export IXGUARD_TEST_MAX_SIMD_BITWIDTH=$2; shift 2 ;;
	--suite)
		[ $# -ge 2 ] || { echo "test: --suite needs a value" >&2; exit 2; }
		MESON_ARGS+=(--suite "$2"); shift 2 ;;
	*) MESON_ARGS+=("$1"); shift ;;
	esac
done

if ! "$ROOT/devtools/setup.sh" --build-dir "$BUILD_DIR" ${SETUP_ARGS[@]+"${SETUP_ARGS[@]}"}; then
	echo "test: setup/build failed"
	echo "0 passed, 1 failed"
	exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
meson test -C "$BUILD_DIR" --print-errorlogs --num-processes 1 \
	${MESON_ARGS[@]+"${MESON_ARGS[@]}"} 2>&1 | tee "$log" || rc=$?

count() {
	# "Ok:                 3" in meson's summary
	awk -v k="$1" 'index($0, k ":") == 1 { n = $NF } END { print n + 0 }' "$log"
}
ok=$(count "Ok")
xfail=$(count "Expected Fail")
fail=$(count "Fail")
upass=$(count "Unexpected Pass")
skipped=$(count "Skipped")
timeout=$(count "Timeout")
passed=$((ok + xfail))
failed=$((fail + timeout + upass))
if ! grep -q '^Ok:' "$log"; then
	# meson test did not get to its summary (bad suite name, build error...)
	echo "test: meson test produced no summary (exit $rc)"
fi
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	echo "test: meson test exited with $rc"
	failed=1
fi
[ "$skipped" -eq 0 ] || echo "test: $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

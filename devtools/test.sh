#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
#
# Build (devtools/setup.sh) and run the meson test suites.  As root.
#
#   devtools/test.sh [--asan] [--max-simd-bitwidth N] [--single-pass]
#                    [--suite NAME]... [other meson test arguments]
#
# Two passes by default.  The first runs every test (or the --suite ones)
# as DPDK picks its paths: the vector paths on this machine.  The second
# runs the suites pmd, dma and app again with every DPDK program on its
# scalar paths (--force-max-simd-bitwidth=64, as --max-simd-bitwidth 64
# does), so that the scalar family is tested as a whole and not only by
# the tests that force one path.  With --suite, the second pass runs the
# named suites among those three; --max-simd-bitwidth or --single-pass
# leaves it out.  Its meson log is build/meson-logs/testlog-simd64.txt.
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
#            test/test_eal_args.h).  One pass only.
#   --single-pass
#            no second (scalar) pass.
#
# The last line of output is always "N passed, N failed", over both passes
# (passed = Ok + Expected Fail; failed = Fail + Timeout + Unexpected Pass).
# Exits non-zero when anything failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$ROOT/build
SETUP_ARGS=()
MESON_ARGS=()
SUITES=()
SCALAR_PASS=1
# The suites whose DPDK programs run the datapath (issue 10's acceptance).
SCALAR_PASS_SUITES=(pmd dma app)

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
		export IXGUARD_TEST_MAX_SIMD_BITWIDTH=$2
		SCALAR_PASS=0; shift 2 ;;
	--single-pass)
		SCALAR_PASS=0; shift ;;
	--suite)
		[ $# -ge 2 ] || { echo "test: --suite needs a value" >&2; exit 2; }
		SUITES+=("$2"); shift 2 ;;
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
passed=0
failed=0
skipped=0

count() {
	# "Ok:                 3" in meson's summary
	awk -v k="$1" 'index($0, k ":") == 1 { n = $NF } END { print n + 0 }' "$log"
}

# run_pass LABEL MESON_TEST_ARGS...: one meson test run; adds its counts.
run_pass() {
	local label=$1 rc=0 p f s
	shift
	meson test -C "$BUILD_DIR" --print-errorlogs --num-processes 1 \
		"$@" 2>&1 | tee "$log" || rc=$?
	p=$(($(count "Ok") + $(count "Expected Fail")))
	f=$(($(count "Fail") + $(count "Timeout") + $(count "Unexpected Pass")))
	if ! grep -q '^Ok:' "$log"; then
		# meson test did not get to its summary (bad suite name...)
		echo "test: $label: meson test produced no summary (exit $rc)"
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "test: $label: meson test exited with $rc"
		f=1
	fi
	s=$(count "Skipped")
	echo "test: $label: $p passed, $f failed, $s skipped"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
}

suite_args=()
for s in ${SUITES[@]+"${SUITES[@]}"}; do
	suite_args+=(--suite "$s")
done
label="first pass"
[ -z "${IXGUARD_TEST_MAX_SIMD_BITWIDTH:-}" ] ||
	label="max SIMD bitwidth $IXGUARD_TEST_MAX_SIMD_BITWIDTH"
run_pass "$label" \
	${suite_args[@]+"${suite_args[@]}"} ${MESON_ARGS[@]+"${MESON_ARGS[@]}"}

if [ "$SCALAR_PASS" -eq 1 ]; then
	scalar_args=()
	for s in "${SCALAR_PASS_SUITES[@]}"; do
		if [ ${#SUITES[@]} -eq 0 ] ||
		   printf '%s\n' "${SUITES[@]}" | grep -qx "$s"; then
			scalar_args+=(--suite "$s")
		fi
	done
	# Test names given on the command line may all lie in other suites.
	if [ ${#scalar_args[@]} -gt 0 ] &&
	   ! meson test -C "$BUILD_DIR" --list "${scalar_args[@]}" \
		${MESON_ARGS[@]+"${MESON_ARGS[@]}"} >/dev/null 2>&1; then
		echo "test: second pass: no test of the suites ${SCALAR_PASS_SUITES[*]} selected"
		scalar_args=()
	fi
	if [ ${#scalar_args[@]} -gt 0 ]; then
		echo "test: second pass, scalar paths (--force-max-simd-bitwidth=64):" \
			"${scalar_args[*]}"
		IXGUARD_TEST_MAX_SIMD_BITWIDTH=64 run_pass "scalar paths" \
			--logbase testlog-simd64 "${scalar_args[@]}" \
			${MESON_ARGS[@]+"${MESON_ARGS[@]}"}
	fi
fi

[ "$skipped" -eq 0 ] || echo "test: $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

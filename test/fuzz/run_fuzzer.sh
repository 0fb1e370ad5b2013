#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
#
# Build a libFuzzer target with clang (ASan + UBSan) and run it for a
# bounded number of inputs.  The corpus is kept in the build directory so
# later runs start where earlier ones stopped.
#
#   run_fuzzer.sh SOURCE_DIR BUILD_DIR TARGET RUNS
set -euo pipefail

src=$1 build=$2 target=$3 runs=$4
out=$build/fuzz
mkdir -p "$out/corpus-$target"
command -v clang >/dev/null || { echo "fuzz: clang not installed (devtools/setup.sh installs it)"; exit 1; }

case $target in
fuzz_ixmodel)
	sources=("$src/test/fuzz/fuzz_ixmodel.c" "$src"/lib/ixmodel/*.c)
	incs=(-I"$src/lib/ixmodel" -I"$src/lib/ix82599")
	;;
fuzz_kmsg)
	# The parser calls no DPDK function: DPDK's headers only.
	sources=("$src/test/fuzz/fuzz_kmsg.c" "$src/lib/dmaguard/dmaguard_kmsg.c")
	read -r -a incs <<<"-I$src/lib/dmaguard $(pkg-config --cflags libdpdk)"
	;;
*)
	echo "fuzz: unknown target $target"; exit 2 ;;
esac

bin=$out/$target
if [ ! -x "$bin" ] || [ -n "$(find "${sources[@]}" "$src/lib/ix82599" "$src/lib/ixmodel" "$src/lib/dmaguard" -newer "$bin" -print -quit)" ]; then
	clang -g -O1 -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		"${incs[@]}" "${sources[@]}" -o "$bin"
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
# Seed inputs kept in the source tree, if the target has some.
seeds=()
[ -d "$src/test/fuzz/seeds-${target#fuzz_}" ] && seeds=("$src/test/fuzz/seeds-${target#fuzz_}")
# Two minutes at most whatever the run count, so the suite stays bounded.
"$bin" -runs="$runs" -max_len=4096 -max_total_time=120 -seed=1 \
	-artifact_prefix="$out/" -print_final_stats=1 "$out/corpus-$target" ${seeds[@]+"${seeds[@]}"} 2>&1 | tail -n 25
echo "fuzz: $target: $runs runs without a report"

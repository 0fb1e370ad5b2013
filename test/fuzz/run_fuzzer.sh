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
fuzz_rx_paths)
	# net_ixguard's RX burst functions on a queue of the target's own,
	# with DPDK's libraries (EAL --no-huge --no-pci --no-shconf).  The
	# AVX2 file is built apart with -mavx2, as the driver's meson does.
	drv=$src/drivers/net/ixguard
	sources=("$src/test/fuzz/fuzz_rx_paths.c" "$drv/ixguard_rxtx_scalar.c"
		"$drv/ixguard_rxtx_vec_sse.c" "$drv/ixguard_rxtx_scalar_bulk.c")
	avx2_sources=("$drv/ixguard_rxtx_vec_avx2.c")
	read -r -a incs <<<"-I$drv -I$src/lib/ix82599 -I$src/lib/dmaguard -I$src/sdk/include $(pkg-config --cflags libdpdk) -DALLOW_EXPERIMENTAL_API -DALLOW_INTERNAL_API -DIXGUARD_VEC_X86 -DIXGUARD_VEC_AVX2 -include $src/test/fuzz/fuzz_memcpy.h"
	read -r -a libs <<<"$(pkg-config --libs libdpdk)"
	;;
fuzz_flow)
	# net_ixguard's rte_flow parser on a port that is not started.
	drv=$src/drivers/net/ixguard
	sources=("$src/test/fuzz/fuzz_flow.c" "$drv/ixguard_flow.c"
		"$drv/ixguard_flow_parse.c" "$drv/ixguard_flow_hw.c"
		"$drv/ixguard_flow_rss.c")
	read -r -a incs <<<"-I$drv -I$src/lib/ix82599 -I$src/lib/dmaguard -I$src/sdk/include $(pkg-config --cflags libdpdk) -DALLOW_EXPERIMENTAL_API -DALLOW_INTERNAL_API"
	read -r -a libs <<<"$(pkg-config --libs libdpdk)"
	;;
*)
	echo "fuzz: unknown target $target"; exit 2 ;;
esac
avx2_sources=(${avx2_sources[@]+"${avx2_sources[@]}"})
libs=(${libs[@]+"${libs[@]}"})

bin=$out/$target
if [ ! -x "$bin" ] || [ -n "$(find "${sources[@]}" ${avx2_sources[@]+"${avx2_sources[@]}"} "$src/lib/ix82599" "$src/lib/ixmodel" "$src/lib/dmaguard" "$src/drivers/net/ixguard" -newer "$bin" -print -quit)" ]; then
	cflags=(-g -O1 -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
	objs=()
	for f in ${avx2_sources[@]+"${avx2_sources[@]}"}; do
		o=$out/$target-$(basename "$f" .c).o
		clang "${cflags[@]/-fsanitize=fuzzer,/-fsanitize=fuzzer-no-link,}" \
			-mavx2 "${incs[@]}" -c "$f" -o "$o"
		objs+=("$o")
	done
	clang "${cflags[@]}" "${incs[@]}" "${sources[@]}" \
		${objs[@]+"${objs[@]}"} ${libs[@]+"${libs[@]}"} -o "$bin"
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
# Seed inputs kept in the source tree, if the target has some.
seeds=()
[ -d "$src/test/fuzz/seeds-${target#fuzz_}" ] && seeds=("$src/test/fuzz/seeds-${target#fuzz_}")
# Two minutes at most whatever the run count, so the suite stays bounded.
# A report exits 1: libFuzzer's own code, 77, is meson's "skipped".
"$bin" -runs="$runs" -max_len=4096 -max_total_time=120 -seed=1 \
	-error_exitcode=1 \
	-artifact_prefix="$out/" -print_final_stats=1 "$out/corpus-$target" ${seeds[@]+"${seeds[@]}"} 2>&1 | tail -n 25
echo "fuzz: $target: $runs runs without a report"

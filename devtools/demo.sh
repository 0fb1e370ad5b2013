#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 ixguard developers
#
# Demo: Debian's unmodified dpdk-testpmd loads net_ixguard with -d and
# forwards traffic between two emulated 82599 ports (cabled back to back)
# for a few seconds, each port in its own IOMMU domain.  Shows the
# throughput, each port's DMA domain (the driver's start line and the
# telemetry command /ixguard/dma_domain) and the IOMMU's fault count.
# As root.
#
#   devtools/demo.sh [SECONDS]      (default 5)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$ROOT/build
SECONDS_TO_RUN=${1:-5}
OUT=$BUILD_DIR/demo
say() { printf 'demo: %s\n' "$*"; }

"$ROOT/devtools/setup.sh"

[ -x "$ROOT/devtools/ixemu" ] || { say "devtools/ixemu is missing"; exit 1; }
mkdir -p "$OUT"
log=$OUT/testpmd.log
report=$OUT/report.json
rm -f "$log" "$report"

# Hugepages when setup.sh could reserve them, else anonymous memory.
free_hp=$(cat /sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages 2>/dev/null || echo 0)
if [ "$free_hp" -ge 128 ] && awk '$2 == "/dev/hugepages" && $3 == "hugetlbfs" { f = 1 } END { exit !f }' /proc/mounts; then
	mem=(--huge-unlink)
	say "using hugepages ($free_hp x 2 MiB free)"
else
	mem=(--no-huge -m 512)
	say "no hugepages: using --no-huge -m 512"
fi
prefix=ixdemo$$

# The EAL loads no -d plugin from below a world-writable directory (a
# clone under /tmp): use a copy in a root-only directory then.
plugin=$BUILD_DIR/drivers/librte_net_ixguard.so
[ -f "$plugin" ] || { say "$plugin was not built"; exit 1; }
d=$(dirname "$plugin")
while [ "$d" != / ]; do
	if [ -n "$(find "$d" -maxdepth 0 -perm -o+w)" ]; then
		mkdir -p -m 700 /run/ixguard-demo
		cp "$plugin" /run/ixguard-demo/
		plugin=/run/ixguard-demo/librte_net_ixguard.so
		break
	fi
	d=$(dirname "$d")
done

say "io forwarding with --tx-first on 0000:00:10.0 <-> 0000:00:10.1 for ${SECONDS_TO_RUN} s (log: $log)"
# Own session/process group, so that the SIGINT below reaches testpmd
# whether or not ixemu execs it, and nothing else.
setsid "$ROOT/devtools/ixemu" --ports 2 --report "$report" -- \
	dpdk-testpmd -l 0-1 -n 1 "${mem[@]}" --iova-mode=va \
	--file-prefix "$prefix" -d "$plugin" \
	-a 0000:00:10.0,dma_isolation=port -a 0000:00:10.1,dma_isolation=port -- \
	--forward-mode=io --tx-first --stats-period 1 \
	--total-num-mbufs=8192 </dev/null >"$log" 2>&1 &
pgid=$!

# shellcheck disable=SC2317 # called from the trap
stop_demo() {
	kill -INT -- "-$pgid" 2>/dev/null || true
	for _ in $(seq 1 200); do
		kill -0 "$pgid" 2>/dev/null || return 0
		sleep 0.1
	done
	say "testpmd did not stop after SIGINT, killing it"
	kill -KILL -- "-$pgid" 2>/dev/null || true
}
trap 'stop_demo; rm -rf "/var/run/dpdk/$prefix"' EXIT

# Wait until forwarding has started (EAL init and port start come first;
# testpmd's stdout is a file, so the line shows up with the first stats flush).
started=0
for _ in $(seq 1 600); do
	if grep -q 'start packet forwarding' "$log" 2>/dev/null; then
		started=1
		break
	fi
	kill -0 "$pgid" 2>/dev/null || break
	sleep 0.1
done
rc=0
if [ "$started" -eq 1 ]; then
	sleep 1
	# The DMA domain of port 0, through DPDK's telemetry socket.
	if command -v dpdk-telemetry.py >/dev/null; then
		echo "/ixguard/dma_domain,0" |
			timeout 10 dpdk-telemetry.py -f "$prefix" >"$OUT/dma_domain.json" 2>&1 || true
	fi
	sleep "$SECONDS_TO_RUN"
	# testpmd's SIGINT handler ends the stats loop; it then stops the ports,
	# prints the forward statistics and exits normally.
	stop_demo
fi
wait "$pgid" || rc=$?
trap 'rm -rf "/var/run/dpdk/$prefix"' EXIT

if [ "$started" -ne 1 ]; then
	say "testpmd did not start forwarding (exit $rc); last lines of $log:"
	tail -n 30 "$log"
	exit 1
fi

# Port statistics: the last --stats-period screen (tr drops its
# screen-clearing escape sequences), then the totals testpmd prints at exit.
awk '
	/NIC statistics for port 0/ { cur = ""; grab = 1 }
	grab { cur = cur $0 "\n" }
	grab && /NIC statistics for port 1/ { p1 = 1 }
	grab && p1 && /^ *##########+ *$/ { last = cur; grab = 0; p1 = 0 }
	END { printf "%s", last }
	' "$log" | tr -d '\033'
sed -n '/Telling cores to stop/,/^Done\./p' "$log" | grep -v '^$' || true
# The DMA domains: the driver's line at port start, then telemetry's view.
grep -o 'ixguard: port [0-9]*: .*domain.*' "$log" || true
if [ -s "$OUT/dma_domain.json" ]; then
	say "telemetry /ixguard/dma_domain,0:"
	grep -v '^Connecting\|^--> \|^$' "$OUT/dma_domain.json" | head -c 2000
	echo
fi
# (stdout is flushed at exit, so an ixemu line may not start a line)
grep -o 'ixemu: .*' "$log" || { say "no ixemu summary line in $log"; rc=1; }
say "testpmd exit code $rc; report: $report"
if grep -q 'ixemu: iommu .* faults=[1-9]' "$log"; then
	say "IOMMU faults reported"
	rc=1
fi
exit "$rc"

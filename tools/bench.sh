#!/bin/sh
# bench.sh BUILD_DIR - runs every benchmark (tools/bench_*.sh) in turn. Each
# compares powtrace with what a user would otherwise use, in the same run,
# and prints ratios. Not a test: it reports, it does not judge.
set -eu
B=${1:-build}
found=0
for script in tools/bench_*.sh; do
	[ -f "$script" ] || continue
	found=1
	echo "== $script"
	sh "$script" "$B"
done
[ "$found" = 1 ] || echo "bench: no benchmarks yet"

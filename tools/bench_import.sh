#!/bin/sh
# bench_import.sh BUILD_DIR - the import benchmark: writes registers of
# 100,000 and 1,000,000 rows with tools/gen_register.c (deterministic), and
# for each times `powtrace import --skip-invalid` into a database holding the
# fixtures' sources and camps (every index and search key built, each row a
# person with names, events, citation and status) against what a user would
# otherwise do with the same file: the sqlite3 shell's `.import --csv` into a
# plain table. Prints the time and peak memory of each and their ratios.
# BENCH_ROWS="1000 10000" overrides the sizes. Not a test: it reports.
set -eu
B=${1:-build}
POWTRACE=$(cd "$B" && pwd -P)/powtrace
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
ROWS=${BENCH_ROWS:-100000 1000000}
TIME=/usr/bin/time

[ -x "$POWTRACE" ] || { echo "bench_import: $POWTRACE not found (make first)" >&2; exit 2; }
[ -x "$TIME" ] || { echo "bench_import: $TIME not found (apt-get install time)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench_import: no sqlite3 shell" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
${CC:-cc} -O2 -o "$work/gen_register" "$REPO/tools/gen_register.c"

# seconds and peak resident kilobytes of a command: "S KB"
measure() {
	out=$1
	shift
	"$TIME" -f "%e %M" -o "$work/time" "$@" >"$out" 2>"$work/stderr" || {
		echo "bench_import: failed: $*" >&2
		tail -5 "$work/stderr" >&2
		exit 1
	}
	tail -1 "$work/time"
}

printf '%-9s %-12s %10s %10s %12s %12s %8s %8s\n' rows file_MB powtrace_s sqlite3_s rows_per_s \
	powtrace_MB sqlite_MB ratio
for rows in $ROWS; do
	"$work/gen_register" "$rows" >"$work/register.csv"
	bytes=$(wc -c <"$work/register.csv")
	rm -f "$work"/p.db* "$work"/s.db*
	"$POWTRACE" --db "$work/p.db" import --quiet "$REPO/fixtures/sources.json" \
		"$REPO/fixtures/camps.json" >/dev/null
	set -- $(measure "$work/summary" "$POWTRACE" --db "$work/p.db" import --skip-invalid --quiet \
		--format csv "$work/register.csv")
	p_s=$1 p_kb=$2
	set -- $(measure /dev/null sqlite3 "$work/s.db" ".import --csv $work/register.csv register")
	s_s=$1 s_kb=$2
	persons=$(sqlite3 "$work/p.db" "SELECT count(*) FROM person")
	imported=$(sed -n 2p "$work/summary" | cut -d, -f3)
	rejected=$(sed -n 2p "$work/summary" | cut -d, -f6)
	eval "kb_$rows=$p_kb"
	awk -v r="$rows" -v b="$bytes" -v ps="$p_s" -v ss="$s_s" -v pk="$p_kb" -v sk="$s_kb" 'BEGIN {
		printf "%-9d %-12.1f %10.2f %10.2f %12.0f %12.1f %8.1f %8.1fx\n",
			r, b / 1048576, ps, ss, (ps > 0 ? r / ps : 0), pk / 1024, sk / 1024,
			(ss > 0 ? ps / ss : 0) }'
	echo "          persons in the database: $persons (inserted $imported, rejected $rejected broken rows)"
done
set -- $ROWS
if [ $# -ge 2 ]; then
	first=$1
	eval "small=\$kb_$first"
	for last; do :; done
	eval "large=\$kb_$last"
	awk -v a="$small" -v b="$large" -v n="$first" -v m="$last" 'BEGIN {
		printf "peak memory, %d rows against %d: %.2fx (target: at most 1.5x)\n", m, n, b / a }'
fi
echo "ratio: powtrace import time / sqlite3 .import time for the same file (target: at most 2x)"

#!/bin/sh
# bench_link.sh BUILD_DIR - the linkage benchmark. Writes an invented
# population of 100,000 men as five registers (about 230,000 records) with
# tools/gen_registers.c, imports them, and times `powtrace link` (time, peak
# memory, candidate pairs, comparisons per second) and the pair precision,
# recall and F1 against the truth (tools/link_score.c); then imports a new
# register of 10,000 records (Red Cross enquiry cards) and times the run
# that links it in (a run that reads only the new records, their candidates
# and the records of their individuals, through the blocking keys the first
# run stored, schema/0070_link_keys.sql), and scores the links against the
# truth both ways: in two steps, and with the six registers linked at once
# in another database (no timing). In the same run, the same files are linked by a
# Splink-style linkage written in DuckDB SQL (tools/duckdb/splink_baseline.mjs,
# DuckDB's Node.js client pinned in tools/duckdb/package.json and installed
# by tools/duckdb/install.sh), with its time, peak memory and F1.
# Targets: at least 2x faster than the baseline with a better F1, peak memory
# at most 1 GiB, the new register in at most 10% of the first run's time.
# BENCH_LINK_MEN=20000 overrides the size. Not a test: it reports.
set -eu
B=${1:-build}
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
BIN=$(cd "$B" && pwd -P)
POWTRACE=$BIN/powtrace
MEN=${BENCH_LINK_MEN:-100000}
TIME=/usr/bin/time

[ -x "$POWTRACE" ] || { echo "bench_link: $POWTRACE not found (make first)" >&2; exit 2; }
[ -x "$TIME" ] || { echo "bench_link: $TIME not found (apt-get install time)" >&2; exit 2; }
make -s --no-print-directory -C "$REPO" "$B/tools/gen_registers" "$B/tools/link_score" >/dev/null
duck=1
if ! command -v node >/dev/null 2>&1 || ! sh "$REPO/tools/duckdb/install.sh"; then
	echo "bench_link: no node or DuckDB: the DuckDB baseline is left out" >&2
	duck=0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-bench-link.XXXXXX")
trap 'rm -rf "$work"' EXIT
export POWTRACE_DB="$work/link.db"

# seconds, peak resident kilobytes and CPU seconds of a command: "S KB CPU"
# (the CPU time moves less than the wall time when other jobs share the machine)
measure() {
	out=$1
	shift
	"$TIME" -f "%e %M %U %S" -o "$work/time" "$@" >"$out" 2>"$work/stderr" || {
		echo "bench_link: failed: $*" >&2
		tail -5 "$work/stderr" >&2
		exit 1
	}
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$work/time"
}
value() { sed -n "s/.*\"$1\": \([0-9.e+-]*\).*/\1/p" "$2" | head -1; }
score() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2"; }

"$BIN/tools/gen_registers" -n "$MEN" --extra $((MEN / 10)) "$work/reg" >/dev/null
records=$(sed -n 's/^records \([0-9]*\)$/\1/p' "$work/reg/truth.txt")
echo "population: $MEN men, $records records in five registers; a sixth of $((MEN / 10)) records"
"$POWTRACE" init >/dev/null
for f in sources.json capture_cards.csv camp_register.csv soviet_cards.csv repatriation.csv war_dead.csv; do
	"$POWTRACE" import --quiet "$work/reg/$f" >/dev/null
done

set -- $(measure "$work/run1.json" "$POWTRACE" link --quiet --format json)
t1=$1 m1=$2 c1=$3
"$POWTRACE" link clusters --format csv >"$work/clusters.csv"
"$BIN/tools/link_score" "$work/reg/truth.csv" "$work/clusters.csv" >"$work/score1.txt"

"$POWTRACE" import --quiet "$work/reg/red_cross.csv" >/dev/null
set -- $(measure "$work/run2.json" "$POWTRACE" link --quiet --format json)
t2=$1 m2=$2 c2=$3
"$POWTRACE" link clusters --format csv >"$work/clusters.csv"
"$BIN/tools/link_score" "$work/reg/truth.csv" "$work/clusters.csv" >"$work/score2.txt"

printf '\n%-34s %10s %10s %14s %14s %8s %8s %8s\n' "run" "time" "memory" "candidate pairs" \
	"comparisons/s" "precision" "recall" "F1"
printf '%-34s %9ss %8sMB %14s %14.0f %8s %8s %8s\n' "powtrace link (five registers)" "$t1" \
	$((m1 / 1024)) "$(value candidate_pairs "$work/run1.json")" \
	"$(value comparisons_per_second "$work/run1.json")" "$(score precision "$work/score1.txt")" \
	"$(score recall "$work/score1.txt")" "$(score f1 "$work/score1.txt")"
printf '%-34s %9ss %8sMB %14s %14.0f %8s %8s %8s\n' "powtrace link (the sixth register)" "$t2" \
	$((m2 / 1024)) "$(value candidate_pairs "$work/run2.json")" \
	"$(value comparisons_per_second "$work/run2.json")" "$(score precision "$work/score2.txt")" \
	"$(score recall "$work/score2.txt")" "$(score f1 "$work/score2.txt")"
# the six registers at once, for the quality of linking in two steps
POWTRACE_DB="$work/once.db" "$POWTRACE" init >/dev/null
for f in sources.json capture_cards.csv camp_register.csv soviet_cards.csv repatriation.csv \
	war_dead.csv red_cross.csv; do
	POWTRACE_DB="$work/once.db" "$POWTRACE" import --quiet "$work/reg/$f" >/dev/null
done
POWTRACE_DB="$work/once.db" "$POWTRACE" link --quiet >/dev/null
POWTRACE_DB="$work/once.db" "$POWTRACE" link clusters --format csv >"$work/clusters.csv"
"$BIN/tools/link_score" "$work/reg/truth.csv" "$work/clusters.csv" >"$work/score3.txt"
printf '%-34s %10s %10s %14s %14s %8s %8s %8s\n' "powtrace link (all six at once)" "" "" "" "" \
	"$(score precision "$work/score3.txt")" "$(score recall "$work/score3.txt")" \
	"$(score f1 "$work/score3.txt")"
if [ "$duck" = 1 ]; then
	cd "$work/reg"
	set -- $(measure "$work/duck.txt" node "$REPO/tools/duckdb/splink_baseline.mjs" "$work/duck.csv" \
		capture_cards.csv camp_register.csv soviet_cards.csv repatriation.csv war_dead.csv)
	td=$1 md=$2
	"$BIN/tools/link_score" "$work/reg/truth.csv" "$work/duck.csv" >"$work/scored.txt"
	printf '%-34s %9ss %8sMB %14s %14s %8s %8s %8s\n' "Splink-style DuckDB (five registers)" "$td" \
		$((md / 1024)) "$(sed -n 's/.*blocked \([0-9]*\) pairs/\1/p' "$work/duck.txt")" "" \
		"$(score precision "$work/scored.txt")" "$(score recall "$work/scored.txt")" \
		"$(score f1 "$work/scored.txt")"
	echo
	awk -v a="$t1" -v b="$td" 'BEGIN { printf "powtrace link is %.1fx as fast as the DuckDB baseline (target: 2x)\n", b / a }'
fi
awk -v a="$t1" -v b="$t2" -v x="$c1" -v y="$c2" 'BEGIN { printf "the sixth register took %.1f%% of the first run'"'"'s time (target: at most 10%%); CPU %.2f s of %.2f s, %.1f%%\n", 100 * b / a, y, x, 100 * y / x }'
echo "peak memory of powtrace link: $((m1 / 1024)) MB (target: at most 1024 MB)"

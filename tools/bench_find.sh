#!/bin/sh
# bench_find.sh BUILD_DIR - the speed of `powtrace find` on 100,000 and
# 1,000,000 generated persons (tools/gen_names.c, imported with `powtrace
# import`), next to the sqlite3 shell answering "WHERE surname = ?" on the
# indexed column person_name.surname of the same database, in the same run.
#
# For each query type (exact, phonetic, cross-script, wildcard prefix) it
# prints the median wall time of RUNS runs of each command, process start to
# end, their ratio (target: 3 or less), the growth from the small database to
# the large one (target: 2 or less) and peak memory (/usr/bin/time %M). The
# runs of both commands at both sizes take turns, so that a busy machine
# slows them alike.
#
# The databases are kept in $PT_BENCH_DIR (default BUILD_DIR/bench) and made
# again only when missing or older than the binary; PT_BENCH_SIZES chooses
# the sizes ("100000 1000000"), PT_BENCH_RUNS the runs (11).
set -eu
B=${1:-build}
SIZES=${PT_BENCH_SIZES:-100000 1000000}
RUNS=${PT_BENCH_RUNS:-11}
DIR=${PT_BENCH_DIR:-$B/bench}
POWTRACE=$B/powtrace
mkdir -p "$DIR"
make -s --no-print-directory "$B/tools/gen_names" >/dev/null
command -v sqlite3 >/dev/null || { echo "bench_find: sqlite3 is needed"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench_find: /usr/bin/time is needed (apt-get install time)"; exit 1; }

# milliseconds since the epoch, as an integer
now_ms() {
	date +%s%N | cut -c1-13
}

# run_ms FILE CMD...: runs CMD once and appends its wall time in ms to FILE
run_ms() {
	out=$1
	shift
	t0=$(now_ms)
	"$@" >/dev/null 2>&1 || true
	t1=$(now_ms)
	echo $((t1 - t0)) >>"$out"
}

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

peak_kb() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
}

# the queries: type, what a genealogist types, and the surname the shell looks up
# (and the most common name of all, as a worst case: 1.8% of the persons are Smiths)
QUERIES="exact|Harold Walker|Walker
phonetic|Harald Wolker|Walker
cross-script|Гарольд Уокер|Walker
wildcard-prefix|Walk*|Walker
common-name|John Smith|Smith"

# the databases, made once
for n in $SIZES; do
	db=$DIR/find-$n.db
	if [ ! -s "$db" ] || [ "$POWTRACE" -nt "$db" ]; then
		rm -f "$db" "$db-wal" "$db-shm"
		"$B/tools/gen_names" "$n" >"$DIR/persons-$n.jsonl"
		t0=$(now_ms)
		kb=$(peak_kb "$POWTRACE" --db "$db" import "$DIR/persons-$n.jsonl")
		t1=$(now_ms)
		echo "import of $n persons (with every search key): $(( (t1 - t0) / 1000 )) s, peak $kb KB" \
			>"$DIR/import-$n.txt"
		rm -f "$DIR/persons-$n.jsonl"
	fi
	cat "$DIR/import-$n.txt" 2>/dev/null || true
done
echo "median of $RUNS runs each, in ms, process start to end; the runs of powtrace and of"
echo "the sqlite3 shell, at every size, take turns, so that a busy machine slows them alike"
printf '%-9s %-16s %-16s %12s %11s %7s %10s %10s\n' persons query type "powtrace ms" \
	"sqlite3 ms" ratio "pt KB" "sqlite KB"
echo "$QUERIES" | while IFS='|' read -r type query surname; do
	sql="SELECT person_id, surname, given_names FROM person_name WHERE surname = '$surname';"
	for n in $SIZES; do
		: >"$DIR/pt-$n"
		: >"$DIR/sq-$n"
		# warm the page cache for both
		"$POWTRACE" --db "$DIR/find-$n.db" find "$query" >/dev/null 2>&1 || true
		sqlite3 "$DIR/find-$n.db" "$sql" >/dev/null
	done
	i=0
	while [ $i -lt "$RUNS" ]; do
		for n in $SIZES; do
			run_ms "$DIR/pt-$n" "$POWTRACE" --db "$DIR/find-$n.db" find "$query"
			run_ms "$DIR/sq-$n" sqlite3 "$DIR/find-$n.db" "$sql"
		done
		i=$((i + 1))
	done
	for n in $SIZES; do
		pt=$(median "$DIR/pt-$n")
		sq=$(median "$DIR/sq-$n")
		ptkb=$(peak_kb "$POWTRACE" --db "$DIR/find-$n.db" find "$query")
		sqkb=$(peak_kb sqlite3 "$DIR/find-$n.db" "$sql")
		ratio=$(awk -v a="$pt" -v b="$sq" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
		printf '%-9s %-16s %-16s %12s %11s %7s %10s %10s\n' "$n" "$query" "$type" "$pt" "$sq" \
			"$ratio" "$ptkb" "$sqkb"
		echo "$n|$type|$pt" >>"$DIR/find-results.$$"
		rm -f "$DIR/pt-$n" "$DIR/sq-$n"
	done
done
# growth from the smallest size to the largest, per query type
set -- $SIZES
if [ $# -ge 2 ]; then
	small=$1
	eval "large=\${$#}"
	echo
	echo "growth from $small to $large persons (target: 2 or less):"
	awk -F'|' -v s="$small" -v l="$large" '
		$1 == s { a[$2] = $3 } $1 == l { b[$2] = $3 }
		END { for (t in a) if (t in b) printf "  %-16s %6s ms -> %6s ms  x%.2f\n", t, a[t], b[t], (a[t] > 0 ? b[t] / a[t] : 0) }' \
		"$DIR/find-results.$$"
fi
rm -f "$DIR/find-results.$$"

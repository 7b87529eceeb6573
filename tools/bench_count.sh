#!/bin/sh
# bench_count.sh BUILD_DIR - how fast `powtrace count --by nationality,camp`
# and `powtrace report unaccounted --summary` are on 100,000 and 1,000,000
# generated persons, next to the sqlite3 shell running the equivalent
# hand-written GROUP BY queries on the same database in the same run.
#
# Each measurement is the best of $BENCH_RUNS runs (default 5) of wall time,
# with the peak memory (maximum resident set) of that run; powtrace and the
# shell take turns, so that the machine's load falls on both alike. The databases are
# made by tools/gen_persons.c (the gazetteer's camps, 1-3 camps per person,
# statuses derived as an import derives them) in $BENCH_DIR (default: a
# temporary directory, removed afterwards). BENCH_SIZES overrides the sizes.
# A report, not a test: it prints figures and ratios, it does not fail on them.
set -eu
B=${1:-build}
RUNS=${BENCH_RUNS:-5}
SIZES=${BENCH_SIZES:-"100000 1000000"}

command -v sqlite3 >/dev/null || { echo "bench_count: the sqlite3 shell is needed"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench_count: /usr/bin/time is needed (apt-get install time)"; exit 1; }
make -s --no-print-directory "$B/powtrace" "$B/tools/gen_persons" >/dev/null

if [ -n "${BENCH_DIR:-}" ]; then
	dir=$BENCH_DIR
	mkdir -p "$dir"
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-bench.XXXXXX")
	trap 'rm -rf "$dir"' EXIT
fi

# The queries a user would write by hand for the same answers: the groups
# (a person counts once per camp, persons without a camp under NULL) and
# the total.
COUNT_SQL="
SELECT p.nationality, c.name AS camp, count(DISTINCT p.id) AS count
FROM person p
LEFT JOIN event e ON e.person_id = p.id AND e.camp_id IS NOT NULL
LEFT JOIN camp c ON c.id = e.camp_id
GROUP BY p.nationality, c.id
ORDER BY count DESC;
SELECT count(*) FROM person;"

SUMMARY_SQL="
SELECT p.nationality, c.name AS last_camp, count(*) AS count
FROM person p
LEFT JOIN event e ON e.id = p.last_event_id
LEFT JOIN camp c ON c.id = coalesce(e.camp_id,
    (SELECT camp_id FROM event WHERE person_id = p.id AND camp_id IS NOT NULL
     ORDER BY seq DESC LIMIT 1))
WHERE p.status = 'unaccounted'
GROUP BY p.nationality, c.id
ORDER BY count DESC;
SELECT count(*) FROM person WHERE status = 'unaccounted';"

# once: runs the command, prints "SECONDS PEAK_KB"
once() {
	/usr/bin/time -f "%e %M" -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err" || {
		echo "bench_count: failed: $*" >&2
		cat "$dir/err" >&2
		exit 1
	}
	cat "$dir/time"
}

# pair "POWTRACE ARGS" "SQL": runs the two in turn RUNS times (alternating, so
# that a change in the machine's load falls on both) and prints the fastest
# run of each: "PT_SECONDS PT_KB SQLITE_SECONDS SQLITE_KB"
pair() {
	pt_s= pt_kb= sq_s= sq_kb=
	i=0
	while [ $i -lt "$RUNS" ]; do
		set -- $(once "$PT" --db "$db" $1) "$1" "$2"
		if [ -z "$pt_s" ] || awk "BEGIN { exit !($1 < $pt_s) }"; then pt_s=$1 pt_kb=$2; fi
		shift 2
		set -- $(once sqlite3 "$db" "$2") "$1" "$2"
		if [ -z "$sq_s" ] || awk "BEGIN { exit !($1 < $sq_s) }"; then sq_s=$1 sq_kb=$2; fi
		shift 2
		i=$((i + 1))
	done
	echo "$pt_s $pt_kb $sq_s $sq_kb"
}

ratio() {
	awk "BEGIN { if ($2 > 0) printf \"%.2f\", $1 / $2; else print \"-\" }"
}

# a copy of the binary, so that a rebuild during the run cannot disturb it
cp "$B/powtrace" "$dir/powtrace"
PT=$dir/powtrace

echo "bench_count: best of $RUNS runs; wall seconds and peak memory (KB)"
printf '%-9s %-34s %9s %9s %9s %9s %7s\n' persons query powtrace KB sqlite3 KB ratio
for n in $SIZES; do
	db=$dir/persons-$n.db
	if [ ! -s "$db" ]; then
		start=$(date +%s)
		"$B/tools/gen_persons" -n "$n" "$db"
		echo "bench_count: generated $n persons in $(( $(date +%s) - start )) s ($(du -k "$db" | cut -f1) KB)"
	fi
	set -- $(pair "count --by nationality,camp --format csv" "$COUNT_SQL")
	pc=$1 pc_kb=$2 sc=$3 sc_kb=$4
	"$PT" --db "$db" count --by nationality,camp --format csv | tail -n 1 >"$dir/total1"
	set -- $(pair "report unaccounted --summary --format csv" "$SUMMARY_SQL")
	pu=$1 pu_kb=$2 su=$3 su_kb=$4
	printf '%-9s %-34s %9s %9s %9s %9s %7s\n' "$n" "count --by nationality,camp" "$pc" "$pc_kb" "$sc" "$sc_kb" "$(ratio "$pc" "$sc")"
	printf '%-9s %-34s %9s %9s %9s %9s %7s\n' "$n" "report unaccounted --summary" "$pu" "$pu_kb" "$su" "$su_kb" "$(ratio "$pu" "$su")"
	# the same answers: the same group counts and the same total
	"$PT" --db "$db" count --by nationality,camp --format csv | tr -d '\r' |
		sed '1d;$d' | awk -F, '{ print $NF }' | sort -n >"$dir/pt-counts"
	sqlite3 "$db" "$COUNT_SQL" | sed '$d' | awk -F'|' '{ print $NF }' | sort -n >"$dir/sq-counts"
	cmp -s "$dir/pt-counts" "$dir/sq-counts" ||
		echo "bench_count: $n: the group counts differ between powtrace and sqlite3"
	ptotal=$(cut -d, -f3 <"$dir/total1" | tr -d '\r')
	stotal=$(sqlite3 "$db" "SELECT count(*) FROM person")
	[ "$ptotal" = "$stotal" ] || echo "bench_count: totals differ: powtrace $ptotal, sqlite3 $stotal"
	eval "count_$n=$pc summary_$n=$pu scount_$n=$sc ssummary_$n=$su"
done

# growth from the smallest to the largest size, against linear
set -- $SIZES
first=$1
eval "last=\${$#}"
if [ "$first" != "$last" ]; then
	eval "a=\$count_$first b=\$count_$last c=\$summary_$first d=\$summary_$last"
	eval "sa=\$scount_$first sb=\$scount_$last sc=\$ssummary_$first sd=\$ssummary_$last"
	echo "growth from $first to $last persons ($(ratio "$last" "$first")x the persons; linear = the same factor):"
	echo "  count --by nationality,camp:   powtrace $(ratio "$b" "$a")x, sqlite3 $(ratio "$sb" "$sa")x"
	echo "  report unaccounted --summary:  powtrace $(ratio "$d" "$c")x, sqlite3 $(ratio "$sd" "$sc")x"
fi

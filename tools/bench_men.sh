#!/bin/sh
# bench_men.sh BUILD_DIR - how fast counts and reports of men are when many
# records are linked: the databases of tools/gen_persons.c (100,000 and
# 1,000,000 persons) with 60% of their records joined in pairs (as `powtrace
# link` would join them: individual_member rows), so that every count must
# derive the status of 300,000 men of two records from all their events.
# Each query runs counting men and with --records (the same query counting
# records, as before links) on the same database; best of $BENCH_RUNS runs
# (default 5), wall time and peak memory (maximum resident set).
# BENCH_DIR keeps the databases (bench_count.sh makes the same ones there);
# BENCH_SIZES overrides the sizes. A report, not a test.
set -eu
B=${1:-build}
RUNS=${BENCH_RUNS:-5}
SIZES=${BENCH_SIZES:-"100000 1000000"}

command -v sqlite3 >/dev/null || { echo "bench_men: the sqlite3 shell is needed"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench_men: /usr/bin/time is needed (apt-get install time)"; exit 1; }
make -s --no-print-directory "$B/powtrace" "$B/tools/gen_persons" >/dev/null

if [ -n "${BENCH_DIR:-}" ]; then
	dir=$BENCH_DIR
	mkdir -p "$dir"
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-bench.XXXXXX")
	trap 'rm -rf "$dir"' EXIT
fi
cp "$B/powtrace" "$dir/powtrace-men"
PT=$dir/powtrace-men

# the fastest of RUNS runs of powtrace with the arguments: "SECONDS USER_SECONDS KB"
# (the CPU time says more than the wall time on a loaded machine)
best() {
	b_s= b_kb= b_user=
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f "%e %M %U" -o "$dir/time-men" "$PT" --db "$db" "$@" >"$dir/out-men" 2>&1 || {
			echo "bench_men: failed: powtrace $*" >&2
			cat "$dir/out-men" >&2
			exit 1
		}
		set -- $(cat "$dir/time-men") "$@"
		if [ -z "$b_s" ] || awk "BEGIN { exit !($1 < $b_s) }"; then b_s=$1 b_kb=$2 b_user=$3; fi
		shift 3
		i=$((i + 1))
	done
	echo "$b_s $b_user $b_kb"
}

echo "bench_men: best of $RUNS runs; wall and user seconds, peak memory (KB); 60% of records linked in pairs"
printf '%-9s %-8s %-30s %7s %7s %7s %8s %7s %7s\n' persons men query men user KB records user KB
for n in $SIZES; do
	plain=$dir/persons-$n.db
	db=$dir/men-$n.db
	if [ ! -s "$plain" ]; then
		"$B/tools/gen_persons" -n "$n" "$plain"
	fi
	if [ ! -s "$db" ]; then
		sqlite3 "$plain" "VACUUM INTO '$db'"
		# records 2k-1 and 2k are one man, for 6 pairs in 10
		sqlite3 "$db" "INSERT INTO individual_member (person_id, individual_id)
			SELECT id, CASE WHEN id % 2 = 1 THEN id ELSE id - 1 END FROM person
			WHERE ((id + 1) / 2) % 10 < 6
			  AND (id % 2 = 0 OR id + 1 <= (SELECT max(id) FROM person))"
	fi
	men=$(sqlite3 "$db" "SELECT count(*) FROM individual")
	for q in "count --by status" "count --by nationality,camp" "report unaccounted --summary"; do
		set -- $(best $q --format csv) $(best $q --records --format csv)
		printf '%-9s %-8s %-30s %7s %7s %7s %8s %7s %7s\n' "$n" "$men" "$q" "$1" "$2" "$3" "$4" "$5" "$6"
	done
done

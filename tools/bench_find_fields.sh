#!/bin/sh
# bench_find_fields.sh BUILD_DIR - the speed of `powtrace find --number`,
# `--unit` and `--text` on 1,000,000 generated persons (tools/gen_persons.c,
# which gives each a unit), to which this script gives a service number
# (8 digits) and notes (a few phrases; one person in 1,000 a rare word), next
# to the sqlite3 shell answering the same question by scanning the column
# (`LIKE`), in the same run, the runs taking turns.
#
# Prints the median wall time of RUNS runs, process start to end, and the
# hits. PT_BENCH_SIZE (1000000), PT_BENCH_RUNS (5), PT_BENCH_DIR
# (BUILD_DIR/bench); the database is made only when missing (delete it after
# a change of schema).
set -eu
B=${1:-build}
N=${PT_BENCH_SIZE:-1000000}
RUNS=${PT_BENCH_RUNS:-5}
DIR=${PT_BENCH_DIR:-$B/bench}
POWTRACE=$B/powtrace
DB=$DIR/fields-$N.db
mkdir -p "$DIR"
make -s --no-print-directory "$B/powtrace" "$B/tools/gen_persons" >/dev/null
command -v sqlite3 >/dev/null || { echo "bench_find_fields: sqlite3 is needed"; exit 1; }

now_ms() {
	date +%s%N | cut -c1-13
}

if [ ! -s "$DB" ]; then
	rm -f "$DB" "$DB-wal" "$DB-shm"
	t0=$(now_ms)
	"$B/tools/gen_persons" -n "$N" "$DB" >/dev/null
	t1=$(now_ms)
	# the triggers of schema 0050 index the notes as they are written
	sqlite3 "$DB" "UPDATE person SET
	  service_number = printf('%08d', (id * 7919 + 1234567) % 100000000),
	  notes = CASE id % 5
	    WHEN 0 THEN 'Died of typhus in the camp hospital'
	    WHEN 1 THEN 'Escaped twice; recaptured near Dresden'
	    WHEN 2 THEN 'Repatriated via Odessa in 1945'
	    WHEN 3 THEN 'Worked on a farm kommando'
	    ELSE NULL END
	    || CASE WHEN id % 1000 = 7 THEN '; seen at Lamsdorf by a comrade' ELSE '' END;"
	t2=$(now_ms)
	echo "made $N persons in $(( (t1 - t0) / 1000 )) s; numbers and notes written (FTS5 kept by the triggers) in $(( (t2 - t1) / 1000 )) s" >"$DIR/fields-$N.txt"
fi
cat "$DIR/fields-$N.txt"
ls -l "$DB" | awk '{ printf "database: %d MB\n", $5 / 1048576 }'

# a number that is there (the middle id's) and the same with two digits swapped
exact=$(sqlite3 "$DB" "SELECT service_number FROM person WHERE id = $((N / 2))")
swapped=$(echo "$exact" | sed 's/^\(.....\)\(.\)\(.\)/\1\3\2/')

# type|powtrace arguments|the sqlite3 shell's scan
QUERIES="number exact|--number $exact|SELECT id FROM person WHERE service_number = '$exact'
number swapped|--number $swapped|SELECT id FROM person WHERE service_number = '$exact'
unit (1 in 7)|--unit airborne --limit 50|SELECT id FROM person WHERE unit LIKE '%airborne%' LIMIT 50
text rare|--text lamsdorf|SELECT id FROM person WHERE notes LIKE '%lamsdorf%'
text common|--text typhus --limit 50|SELECT id FROM person WHERE notes LIKE '%typhus%' LIMIT 50
text + filter|--text lamsdorf --nationality GB|SELECT id FROM person WHERE notes LIKE '%lamsdorf%' AND nationality = 'GB'
name + number|Walker --number $swapped|SELECT id FROM person WHERE service_number = '$exact'"

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "median of $RUNS runs, ms, process start to end (sqlite3: a scan without the index)"
printf '%-16s %8s %10s %7s  %s\n' query powtrace sqlite3 hits "powtrace arguments"
echo "$QUERIES" | while IFS='|' read -r type args sql; do
	: >"$DIR/pt.ms"
	: >"$DIR/sq.ms"
	for r in $(seq "$RUNS"); do
		t0=$(now_ms)
		# shellcheck disable=SC2086
		"$POWTRACE" --db "$DB" find $args --format csv >"$DIR/out.csv" 2>/dev/null || true
		t1=$(now_ms)
		sqlite3 "$DB" "SELECT count(*) FROM ($sql)" >/dev/null
		t2=$(now_ms)
		echo $((t1 - t0)) >>"$DIR/pt.ms"
		echo $((t2 - t1)) >>"$DIR/sq.ms"
	done
	hits=$(($(wc -l <"$DIR/out.csv") - 1))
	[ "$hits" -lt 0 ] && hits=0
	printf '%-16s %8s %10s %7s  %s\n' "$type" "$(median <"$DIR/pt.ms")" "$(median <"$DIR/sq.ms")" \
		"$hits" "$args"
done

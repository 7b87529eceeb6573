#!/bin/sh
# bench_import.sh BUILD_DIR - the import benchmark: writes registers of
# 100,000 and 1,000,000 rows with tools/gen_register.c (deterministic), and
# for each times `powtrace import --skip-invalid` into a database holding the
# fixtures' sources and camps (every index and search key built, each row a
# person with names, events, citation and status) against what a user would
# otherwise do with the same file: the sqlite3 shell's `.import --csv` into a
# plain table. Prints the time and peak memory of each and their ratios.
#
# A third measurement says what part of the difference is the schema's: the
# sqlite3 shell writing the same rows into powtrace's own tables, with their
# indexes and foreign keys (.import into a scratch table, then INSERT ...
# SELECT: a person, its name and its two events a row), reading nothing
# (no dates, camps, search keys, checks or provenance): the least any
# program pays for these rows in SQLite.
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

# the sqlite3 shell writing a register's rows into powtrace's tables
floor_sql() {
	cat <<SQL
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -65536;
BEGIN;
.import --csv $1 register
INSERT INTO person(record_source, record_id, surname, given_names, nationality, birth_date,
    service_number, rank, unit, notes, content_hash, batch_line)
  SELECT '', "Register No.", SURNAME, "Christian names", substr(Nationality, 1, 2),
    "Date of birth", "Army No.", Rank, "Regt.", Remarks, "Register No.", rowid FROM register;
INSERT INTO person_name(person_id, surname, given_names, is_primary, seq)
  SELECT id, surname, given_names, 1, 0 FROM person WHERE batch_line IS NOT NULL;
INSERT INTO event(person_id, type, date_original, place, seq)
  SELECT p.id, 'capture', r."Date of capture", r."Place of capture", 1
  FROM person p JOIN register r ON r.rowid = p.batch_line;
INSERT INTO event(person_id, type, place, seq)
  SELECT p.id, 'internment', r.Camp, 2 FROM person p JOIN register r ON r.rowid = p.batch_line;
DROP TABLE register;
COMMIT;
SQL
}

printf '%-9s %-12s %10s %10s %12s %12s %8s %8s %10s %8s\n' rows file_MB powtrace_s sqlite3_s \
	rows_per_s powtrace_MB sqlite_MB ratio schema_s ratio
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
	rm -f "$work"/f.db*
	"$POWTRACE" --db "$work/f.db" import --quiet "$REPO/fixtures/sources.json" \
		"$REPO/fixtures/camps.json" >/dev/null
	floor_sql "$work/register.csv" >"$work/floor.sql"
	set -- $(measure /dev/null sqlite3 -bail "$work/f.db" ".read $work/floor.sql")
	f_s=$1
	persons=$(sqlite3 "$work/p.db" "SELECT count(*) FROM person")
	imported=$(sed -n 2p "$work/summary" | cut -d, -f3)
	rejected=$(sed -n 2p "$work/summary" | cut -d, -f6)
	eval "kb_$rows=$p_kb"
	awk -v r="$rows" -v b="$bytes" -v ps="$p_s" -v ss="$s_s" -v pk="$p_kb" -v sk="$s_kb" \
		-v fs="$f_s" 'BEGIN {
		printf "%-9d %-12.1f %10.2f %10.2f %12.0f %12.1f %8.1f %7.1fx %10.2f %7.1fx\n",
			r, b / 1048576, ps, ss, (ps > 0 ? r / ps : 0), pk / 1024, sk / 1024,
			(ss > 0 ? ps / ss : 0), fs, (fs > 0 ? ps / fs : 0) }'
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
echo "schema_s: the sqlite3 shell writing the same rows into powtrace's tables (person, name, two"
echo "          events; indexes and foreign keys) and reading nothing; ratio: powtrace / schema_s"

#!/bin/sh
# bench_import.sh BUILD_DIR - the import benchmark: writes registers of
# 100,000 and 1,000,000 rows with tools/gen_register.c (deterministic), two of
# each size: "plain" (no source column) and "sources" (a Source column whose
# archival reference differs on four rows in five, as registers transcribed
# from many files do: every new one becomes a source and each row cites its
# own). For each it times `powtrace import --skip-invalid` into a database
# holding the fixtures' sources and camps (every index and search key built,
# each row a person with names, events, citation and status) against what a
# user would otherwise do with the same file: the sqlite3 shell's
# `.import --csv` into a plain table. Prints the time and peak memory of each
# and their ratios.
#
# A third measurement says what part of the difference is the schema's: the
# sqlite3 shell writing the same rows into powtrace's own tables, with their
# indexes and foreign keys (.import into a scratch table, then INSERT ...
# SELECT: a person, its name and its two events a row; for the sources
# register also a source per distinct reference and a citation a row),
# reading nothing (no dates, camps, search keys, checks or provenance): the
# least any program pays for these rows in SQLite.
#
# The three are run back to back, BENCH_REPEAT times (default 3), and the
# medians printed: others sharing the machine move single timings. Beside
# the wall times, the CPU time (user + system) of powtrace and of the floor,
# which moves less with the machine's load: cpu_ratio is theirs.
# BENCH_ROWS="1000 10000" overrides the sizes, BENCH_REGISTERS="sources" the
# registers. Not a test: it reports.
set -eu
B=${1:-build}
POWTRACE=$(cd "$B" && pwd -P)/powtrace
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
ROWS=${BENCH_ROWS:-100000 1000000}
REGISTERS=${BENCH_REGISTERS:-plain sources}
REPEAT=${BENCH_REPEAT:-3}
TIME=/usr/bin/time

[ -x "$POWTRACE" ] || { echo "bench_import: $POWTRACE not found (make first)" >&2; exit 2; }
[ -x "$TIME" ] || { echo "bench_import: $TIME not found (apt-get install time)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench_import: no sqlite3 shell" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
${CC:-cc} -O2 -o "$work/gen_register" "$REPO/tools/gen_register.c"

# seconds, peak resident kilobytes and CPU seconds (user + system) of a
# command: "S KB CPU"
measure() {
	out=$1
	shift
	"$TIME" -f "%e %M %U %S" -o "$work/time" "$@" >"$out" 2>"$work/stderr" || {
		echo "bench_import: failed: $*" >&2
		tail -5 "$work/stderr" >&2
		exit 1
	}
	tail -1 "$work/time" | awk '{ print $1, $2, $3 + $4 }'
}

# the sqlite3 shell writing a register's rows into powtrace's tables; $2:
# "sources" when the register has a Source column
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
SQL
	[ "$2" = sources ] && cat <<SQL
INSERT OR IGNORE INTO source(key, kind, title, content_hash)
  SELECT lower(replace(replace(Source, ' ', '-'), '/', '-')), 'register', Source, Source
  FROM register WHERE Source <> '';
INSERT INTO citation(source_id, person_id)
  SELECT s.id, p.id FROM person p JOIN register r ON r.rowid = p.batch_line
  JOIN source s ON s.key = lower(replace(replace(r.Source, ' ', '-'), '/', '-'));
SQL
	cat <<SQL
DROP TABLE register;
COMMIT;
SQL
}

# a database holding the fixtures' sources and camps
seeded() {
	rm -f "$1" "$1-wal" "$1-shm"
	"$POWTRACE" --db "$1" import --quiet "$REPO/fixtures/sources.json" \
		"$REPO/fixtures/camps.json" >/dev/null
}

# the median of the numbers on standard input
median() {
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%-8s %-9s %8s %10s %9s %11s %11s %9s %7s %9s %7s %8s %8s %9s\n' register rows file_MB \
	powtrace_s sqlite3_s rows_per_s powtrace_MB sqlite_MB ratio schema_s ratio \
	cpu_s schema_cpu cpu_ratio
for register in $REGISTERS; do
for rows in $ROWS; do
	case $register in
	sources) "$work/gen_register" --sources "$rows" >"$work/register.csv" ;;
	*) "$work/gen_register" "$rows" >"$work/register.csv" ;;
	esac
	bytes=$(wc -c <"$work/register.csv")
	floor_sql "$work/register.csv" "$register" >"$work/floor.sql"
	: >"$work/p_s"; : >"$work/p_kb"; : >"$work/s_s"; : >"$work/s_kb"; : >"$work/f_s"
	: >"$work/p_cpu"; : >"$work/f_cpu"
	rep=0
	while [ $rep -lt "$REPEAT" ]; do
		rep=$((rep + 1))
		seeded "$work/p.db"
		set -- $(measure "$work/summary" "$POWTRACE" --db "$work/p.db" import --skip-invalid \
			--quiet --format csv "$work/register.csv")
		echo "$1" >>"$work/p_s"; echo "$2" >>"$work/p_kb"; echo "$3" >>"$work/p_cpu"
		rm -f "$work"/s.db*
		set -- $(measure /dev/null sqlite3 "$work/s.db" ".import --csv $work/register.csv register")
		echo "$1" >>"$work/s_s"; echo "$2" >>"$work/s_kb"
		seeded "$work/f.db"
		set -- $(measure /dev/null sqlite3 -bail "$work/f.db" ".read $work/floor.sql")
		echo "$1" >>"$work/f_s"; echo "$3" >>"$work/f_cpu"
	done
	p_s=$(median <"$work/p_s") p_kb=$(median <"$work/p_kb") s_s=$(median <"$work/s_s")
	s_kb=$(median <"$work/s_kb") f_s=$(median <"$work/f_s")
	p_cpu=$(median <"$work/p_cpu") f_cpu=$(median <"$work/f_cpu")
	persons=$(sqlite3 "$work/p.db" "SELECT count(*) FROM person")
	sources=$(sqlite3 "$work/p.db" "SELECT count(*) FROM source")
	f_sources=$(sqlite3 "$work/f.db" "SELECT count(*) FROM source")
	imported=$(sed -n 2p "$work/summary" | cut -d, -f3)
	rejected=$(sed -n 2p "$work/summary" | cut -d, -f6)
	eval "kb_${register}_$rows=$p_kb"
	awk -v g="$register" -v r="$rows" -v b="$bytes" -v ps="$p_s" -v ss="$s_s" -v pk="$p_kb" \
		-v sk="$s_kb" -v fs="$f_s" -v pc="$p_cpu" -v fc="$f_cpu" 'BEGIN {
		printf "%-8s %-9d %8.1f %10.2f %9.2f %11.0f %11.1f %9.1f %6.1fx %9.2f %6.2fx %8.2f %8.2f %8.2fx\n",
			g, r, b / 1048576, ps, ss, (ps > 0 ? r / ps : 0), pk / 1024, sk / 1024,
			(ss > 0 ? ps / ss : 0), fs, (fs > 0 ? ps / fs : 0), pc, fc, (fc > 0 ? pc / fc : 0) }'
	echo "         persons: $persons (inserted $imported, rejected $rejected broken rows);" \
		"sources: $sources (schema: $f_sources); medians of $REPEAT runs"
done
done
set -- $ROWS
if [ $# -ge 2 ]; then
	first=$1
	for last; do :; done
	for register in $REGISTERS; do
		eval "small=\$kb_${register}_$first large=\$kb_${register}_$last"
		awk -v g="$register" -v a="$small" -v b="$large" -v n="$first" -v m="$last" 'BEGIN {
			printf "peak memory (%s), %d rows against %d: %.2fx (target: at most 1.5x)\n",
				g, m, n, b / a }'
	done
fi
echo "ratio: powtrace import time / sqlite3 .import time for the same file (target: at most 2x)"
echo "schema_s: the sqlite3 shell writing the same rows into powtrace's tables (person, name, two"
echo "          events; sources and citations; indexes and foreign keys) and reading nothing;"
echo "          ratio: powtrace / schema_s (target: at most 1.5x)"
echo "cpu_s, schema_cpu: CPU seconds (user + system) of the two; cpu_ratio: powtrace / schema"

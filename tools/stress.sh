#!/bin/sh
# stress.sh BUILD_DIR - the slow tests of what a user can do to the data
# (issue 10), the way it once failed: `make stress` runs it.
#
#  race      two first imports into a database that does not exist yet, at
#            once, in a loop (both must commit); and a failing first import
#            racing a good one (the good one's rows must stay)
#  outputs   --rejects and --output at the database by every name, its
#            -wal/-shm/-journal, the inputs, standard input, a directory:
#            refused, everything byte for byte as it was
#  kill      kill -9 at random moments of import, unimport and init: the
#            database passes PRAGMA integrity_check and its dump is the state
#            before or the state after, never a third one
#  diskfull  a small tmpfs filled at several levels (root only; skipped with
#            a message otherwise): a clear "disk is full", nothing half done
#  readonly  a database on read-only media (a tmpfs remounted read-only;
#            root only) and in a read-only directory: readers read, writers
#            say why they cannot
#  hostile   hostile bytes in every reader and in every command and output
#            format: no crash, no raw control character in a table, valid
#            JSON, GEDCOM lines that stay lines, no formula cell in CSV
#
# STRESS_ROUNDS (default 30) sets the rounds of the race and kill loops.
# Ends with "stress: N passed, N failed, N skipped"; exits 1 on a failure.
set -u
B=${1:-build}
ROUNDS=${STRESS_ROUNDS:-30}
export LC_ALL=C
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
P=$(cd "$B" && pwd -P)/powtrace
[ -x "$P" ] || { echo "stress: $B/powtrace not found (make first)" >&2; exit 2; }
W=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-stress.XXXXXX")
W=$(cd "$W" && pwd -P)
MNT=
cleanup() {
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$W" || exit 2

passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
skip() { skipped=$((skipped + 1)); echo "skip $*"; }
check() { # check NAME CONDITION-COMMAND...
	name=$1; shift
	if "$@"; then ok; else bad "$name"; fi
}
dump_hash() { [ -e "$1" ] && sqlite3 "$1" .dump | sha256sum | cut -d' ' -f1 || echo absent; }
file_hash() { [ -e "$1" ] && sha256sum <"$1" | cut -d' ' -f1 || echo absent; }
integrity() { # "ok", or the first problem (SQLite 3.40 reports a false "NULL value" for STRICT WITHOUT ROWID tables)
	r=$(sqlite3 "$1" "PRAGMA integrity_check" 2>&1 | grep -v -e '^NULL value in' | head -1)
	echo "${r:-ok}"
}
# a random number 0..$1-1 (awk's, seeded by the clock and the pid)
random() { awk -v n="$1" -v s="$$$(date +%N)" 'BEGIN { srand(s % 1000000007); print int(rand() * n) }'; }

register() { # register FILE ROWS PREFIX: a CSV register of ROWS persons
	awk -v n="$2" -v p="$3" 'BEGIN { print "record_id,surname,given_names,birth_date,capture_date,internment_camp";
		for (i = 1; i <= n; i++)
			printf "%s%d,Surname%d,Given,%d.4.19%02d,Sept. 1944,Stalag IV-B\n", p, i, i % 997, 1 + i % 28, i % 30 }' >"$1"
}

# ---- race -----------------------------------------------------------------------------
echo "== race: two first imports at once, $ROUNDS rounds"
register a.csv 20000 A
register b.csv 300 B
lost=0 failures=0
i=0
while [ $i -lt "$ROUNDS" ]; do
	i=$((i + 1))
	rm -f race.db race.db-wal race.db-shm
	"$P" --db race.db import --quiet a.csv >/dev/null 2>a.err & pa=$!
	"$P" --db race.db import --quiet b.csv >/dev/null 2>b.err & pb=$!
	wait $pa; sa=$?; wait $pb; sb=$?
	n=$(sqlite3 race.db "SELECT count(*) FROM import_batch" 2>/dev/null)
	if [ "$sa" != 0 ] || [ "$sb" != 0 ]; then failures=$((failures + 1)); cat a.err b.err; fi
	[ "$n" = 2 ] || { lost=$((lost + 1)); echo "round $i: $n batches"; }
done
echo "race: $ROUNDS rounds, $failures with a failed import, $lost without both batches"
check "race: both imports commit" [ $failures -eq 0 ] && check "race: no database lost" [ $lost -eq 0 ]

echo "== race: a failing first import next to a good one, $ROUNDS rounds"
printf 'record_id,surname,birth_date\nX1,Bad,31.02.1920\n' >bad.csv
lost=0 i=0
while [ $i -lt "$ROUNDS" ]; do
	i=$((i + 1))
	rm -f race.db race.db-wal race.db-shm
	"$P" --db race.db import --quiet bad.csv >/dev/null 2>&1 & pa=$!
	"$P" --db race.db import --quiet b.csv >/dev/null 2>b.err & pb=$!
	wait $pa; wait $pb; sb=$?
	n=$(sqlite3 race.db "SELECT count(*) FROM person" 2>/dev/null)
	if [ "$sb" != 0 ] || [ "$n" != 300 ]; then lost=$((lost + 1)); echo "round $i: status $sb, persons $n"; cat b.err; fi
done
check "race: the good import's rows stay whatever the failing one does" [ $lost -eq 0 ]

# ---- outputs ------------------------------------------------------------------------------
echo "== outputs: --rejects and --output at what they must not write"
rm -f out.db*
"$P" --db out.db import --quiet "$REPO/fixtures/sources.json" "$REPO/fixtures/camps.json" \
	"$REPO/fixtures/operations.json" "$REPO/fixtures/persons.json" >/dev/null
cp "$REPO/tests/data/sheets/register-1252.csv" reg.csv
cp "$REPO/tests/data/sheets/register-mapping.json" map.json
ln out.db hard.db; ln -s out.db soft.db; mkdir -p adir
db0=$(dump_hash out.db); reg0=$(file_hash reg.csv); map0=$(file_hash map.json)
for t in out.db ./out.db "$W/out.db" hard.db soft.db out.db-wal out.db-shm out.db-journal \
	reg.csv map.json adir; do
	"$P" --db out.db import --skip-invalid --mapping map.json --rejects "$t" reg.csv >/dev/null 2>&1
	check "outputs: --rejects $t refused" [ $? = 1 ]
	"$P" --db out.db import --skip-invalid --mapping map.json --rejects "$t" - <reg.csv >/dev/null 2>&1
	check "outputs: --rejects $t (stdin) refused" [ $? = 1 ]
	case $t in reg.csv|map.json) continue ;; esac # an export reads neither
	"$P" --db out.db export --gedcom 1 --output "$t" >/dev/null 2>&1
	check "outputs: export --gedcom --output $t refused" [ $? = 1 ]
	"$P" --db out.db export --geojson --output "$t" >/dev/null 2>&1
	check "outputs: export --geojson --output $t refused" [ $? = 1 ]
done
"$P" --db out.db import --skip-invalid --rejects reg.csv - <reg.csv >/dev/null 2>&1
check "outputs: --rejects naming the file on standard input refused" [ $? = 1 ]
check "outputs: the database as it was" [ "$(dump_hash out.db)" = "$db0" ]
check "outputs: the input as it was" [ "$(file_hash reg.csv)" = "$reg0" ]
check "outputs: the mapping as it was" [ "$(file_hash map.json)" = "$map0" ]
check "outputs: no temporary file left" [ "$(ls -a | grep -c 'tmp$')" = 0 ]
"$P" --db out.db export --gedcom 1 --output /dev/null >/dev/null 2>&1
check "outputs: /dev/null is written in place" [ $? = 0 ]

# ---- kill -9 ------------------------------------------------------------------------------
echo "== kill -9 at random moments of import, unimport and init, $ROUNDS rounds each"
register k.csv 60000 K
rm -f base.db*
"$P" --db base.db import --quiet "$REPO/fixtures/sources.json" "$REPO/fixtures/camps.json" >/dev/null
sqlite3 base.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
before=$(dump_hash base.db)
cp base.db whole.db
"$P" --db whole.db import --quiet k.csv >/dev/null
# (the batch's times differ from run to run: compare the dumps without them)
state() { sqlite3 "$1" .dump 2>/dev/null | sed -e "s/'[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z'/T/g" | sha256sum | cut -d' ' -f1; }
after=$(state whole.db)
before_state=$(state base.db)
third=0 broken=0 i=0
while [ $i -lt "$ROUNDS" ]; do
	i=$((i + 1))
	rm -f kill.db kill.db-wal kill.db-shm
	cp base.db kill.db
	"$P" --db kill.db import --quiet k.csv >/dev/null 2>&1 & pid=$!
	sleep "0.$(random 10)$(random 10)"
	kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	[ "$(integrity kill.db)" = ok ] || { broken=$((broken + 1)); echo "import round $i: $(integrity kill.db)"; }
	s=$(state kill.db)
	[ "$s" = "$before_state" ] || [ "$s" = "$after" ] || { third=$((third + 1)); echo "import round $i: a third state"; }
done
check "kill: import leaves an intact database" [ $broken -eq 0 ]
check "kill: import leaves the state before or after" [ $third -eq 0 ]

third=0 broken=0 i=0
unimported=$(cp whole.db u.db && "$P" --db u.db unimport 3 >/dev/null && state u.db)
while [ $i -lt "$ROUNDS" ]; do
	i=$((i + 1))
	rm -f kill.db kill.db-wal kill.db-shm
	cp whole.db kill.db
	"$P" --db kill.db unimport 3 >/dev/null 2>&1 & pid=$!
	sleep "0.$(random 10)$(random 10)"
	kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	[ "$(integrity kill.db)" = ok ] || { broken=$((broken + 1)); echo "unimport round $i: $(integrity kill.db)"; }
	s=$(state kill.db)
	[ "$s" = "$after" ] || [ "$s" = "$unimported" ] || { third=$((third + 1)); echo "unimport round $i: a third state"; }
done
check "kill: unimport leaves an intact database" [ $broken -eq 0 ]
check "kill: unimport leaves the state before or after" [ $third -eq 0 ]

broken=0 i=0
while [ $i -lt "$ROUNDS" ]; do
	i=$((i + 1))
	rm -f kill.db kill.db-wal kill.db-shm
	"$P" --db kill.db init >/dev/null 2>&1 & pid=$!
	sleep "0.$(random 10)$(random 10)"
	kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	if [ -s kill.db ]; then
		[ "$(integrity kill.db)" = ok ] || { broken=$((broken + 1)); echo "init round $i: $(integrity kill.db)"; }
	fi
	# whatever was left, init again finishes it
	"$P" --db kill.db init >/dev/null 2>&1 || { broken=$((broken + 1)); echo "init round $i: init again failed"; }
	[ "$(sqlite3 kill.db 'PRAGMA user_version')" = "$("$P" --version | sed 's/.*schema \([0-9]*\).*/\1/')" ] ||
		{ broken=$((broken + 1)); echo "init round $i: not at the latest schema"; }
done
check "kill: init leaves a database that init finishes" [ $broken -eq 0 ]

# ---- disk full ----------------------------------------------------------------------------
echo "== disk full"
if [ "$(id -u)" = 0 ] && mkdir -p "$W/mnt" && mount -t tmpfs -o size=2m tmpfs "$W/mnt" 2>/dev/null; then
	MNT=$W/mnt
	umount "$MNT"
	register full.csv 30000 F
	for size in 300k 600k 1m 2m 4m; do
		mount -t tmpfs -o size=$size tmpfs "$MNT" || { bad "diskfull: mount $size"; continue; }
		"$P" --db "$MNT/f.db" import --quiet "$REPO/fixtures/sources.json" >/dev/null 2>&1
		first=$?
		if [ $first = 0 ]; then
			b=$(dump_hash "$MNT/f.db")
			"$P" --db "$MNT/f.db" import --quiet full.csv >/dev/null 2>err
			st=$?
			if [ $st = 0 ]; then
				ok
			else
				check "diskfull $size: the message says the disk is full" grep -q "disk is full" err
				check "diskfull $size: the database as it was" [ "$(dump_hash "$MNT/f.db")" = "$b" ]
			fi
			check "diskfull $size: integrity" [ "$(integrity "$MNT/f.db")" = ok ]
			# an output on the full disk: the old file stays whole
			echo old >"$MNT/out.ged" 2>/dev/null && {
				dd if=/dev/zero of="$MNT/fill" bs=4k 2>/dev/null
				"$P" --db "$MNT/f.db" export --geojson --output "$MNT/out.ged" >/dev/null 2>&1
				check "diskfull $size: a failed output keeps the old file" [ "$(cat "$MNT/out.ged")" = old ]
				rm -f "$MNT/fill"
			}
		else
			# too small for even the first import: it says so and leaves nothing
			"$P" --db "$MNT/g.db" import --quiet "$REPO/fixtures/sources.json" >/dev/null 2>err
			check "diskfull $size: a first import says the disk is full" grep -q "disk is full\|No space" err
		fi
		umount "$MNT"
	done
	MNT=
else
	skip "diskfull: needs root and a tmpfs mount (run make stress as root)"
fi

# ---- read-only media ---------------------------------------------------------------------
echo "== read-only media"
rm -f ro.db*
"$P" --db ro.db import --quiet "$REPO/fixtures/sources.json" "$REPO/fixtures/camps.json" \
	"$REPO/fixtures/operations.json" "$REPO/fixtures/persons.json" >/dev/null
if [ "$(id -u)" = 0 ] && mkdir -p "$W/romnt" && mount -t tmpfs -o size=4m tmpfs "$W/romnt" 2>/dev/null; then
	MNT=$W/romnt
	cp ro.db "$MNT/"
	mount -o remount,ro "$MNT"
	"$P" --db "$MNT/ro.db" show 1 >out 2>&1
	check "readonly media: show reads" grep -q "Person 1: Kelly, Frank" out
	"$P" --db "$MNT/ro.db" count --by nationality --format json >out 2>&1
	check "readonly media: count reads" [ "$(sqlite3 :memory: "SELECT json_valid(readfile('out'))")" = 1 ]
	"$P" --db "$MNT/ro.db" import "$REPO/fixtures/claims.json" >out 2>&1
	check "readonly media: a writer says why it cannot" grep -q "read-only" out
	umount "$MNT"
	MNT=
else
	skip "readonly media: needs root and a tmpfs mount"
fi
mkdir -p rodir && cp ro.db rodir/ && chmod 555 rodir
if [ "$(id -u)" != 0 ]; then
	"$P" --db rodir/ro.db show 1 >out 2>&1
	check "readonly directory: show reads" grep -q "Person 1: Kelly, Frank" out
elif command -v setpriv >/dev/null && chmod 755 "$W" &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$P" --db rodir/ro.db show 1 >out 2>&1
	check "readonly directory: show reads (as nobody)" grep -q "Person 1: Kelly, Frank" out
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$P" --db rodir/ro.db \
		import "$REPO/fixtures/claims.json" >out 2>&1
	check "readonly directory: a writer says why it cannot" grep -q "read-only" out
else
	skip "readonly directory: root ignores permissions and setpriv is missing"
fi
chmod 755 rodir

# ---- hostile bytes -----------------------------------------------------------------------
echo "== hostile bytes in every reader and every output"
rm -f h.db*
ESC=$(printf '\033'); BEL=$(printf '\007'); CR=$(printf '\r'); DEL=$(printf '\177')
C1=$(printf '\302\233'); RLO=$(printf '\342\200\256'); BAD=$(printf '\377\376')
{
	echo "record_id,surname,given_names,nationality,birth_date,unit,capture_date,internment_camp,notes,source"
	echo "1,\"Sm${ESC}[2Jith\",\"John${BEL}\",GB,1920,\"=HYPERLINK(\"\"http://x\"\")\",1944,\"Stalag ${ESC}]0;t${BEL}IV-B\",\"a${CR}b\",\"src${RLO}1\""
	echo "2,\"@SUM(A1)\",\"Tom${DEL}\",US,1921,+1+cmd,1944,\"Oflag${C1}64\",\"line1
0 @X1@ INDI\",src"
	echo "3,\"Ev${RLO}il\",\"${BAD}x\",SU,1922,-2+3,1945,Camp ${BAD},\"nul next\",src"
	printf '4,"Sm\000ith",Nul,GB,1923,,,,,\n'
	echo "5,\"$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "W" }')\",Long,GB,1924,,,,,"
} >hostile.csv
printf '{"record_id": "j1", "surname": "J\\u001b[31mSON", "given_names": "\\u202eabc", "notes": "x\\r\\ny", "events": [{"type": "capture", "place": "A\\nB"}]}\n{"record_id": "j2", "surname": "Bad\\u0000Nul"}\n' >hostile.jsonl
printf '{"columns": {"Name%s": "surname", "Rem": {"field": "notes", "match": [{"pattern": "^(a+)+$", "fields": {"notes": "$1"}}]}}}' "$ESC" >hmap.json
printf 'Name%s,Rem\nKel%sly,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n' "$ESC" "$CR" >hmapped.csv
"$P" --db h.db import --quiet "$REPO/fixtures/sources.json" >/dev/null
for f in hostile.csv hostile.jsonl; do
	"$P" --db h.db import --quiet --skip-invalid "$f" >out 2>err; st=$?
	check "hostile: import $f exits 0 or 1" [ $st -le 1 ]
done
"$P" --db h.db import --quiet --skip-invalid --mapping hmap.json hmapped.csv >/dev/null 2>err
check "hostile: a hostile mapping exits" [ $? -le 1 ]
raw_controls() { # raw control characters, C1 or bidi overrides left in a file (not \n, \t)
	tr -d '\n\t' <"$1" | grep -c -e '[[:cntrl:]]' -e "$C1" -e "$RLO" -e "$BAD"
}
run() { # run NAME ARGS...: a command over the hostile database, its output in out
	name=$1; shift
	"$P" --db h.db "$@" >out 2>err; st=$?
	check "hostile: $name exits 0 or 1 (not $st)" [ $st -le 1 ]
	check "hostile: $name writes no raw control character to standard error" [ "$(raw_controls err)" = 0 ]
}
ids=$(sqlite3 h.db "SELECT id FROM person")
for id in $ids; do
	run "show $id" show "$id"
	check "hostile: show $id table" [ "$(raw_controls out)" = 0 ]
	run "show $id json" show "$id" --format json
	check "hostile: show $id json is valid" [ "$(sqlite3 :memory: "SELECT json_valid(readfile('out'))")" = 1 ]
done
for field in nationality camp camp_type operator status last_event year unit source last_camp; do
	run "count $field" count --by "$field"
	check "hostile: count $field table" [ "$(raw_controls out)" = 0 ]
	run "count $field json" count --by "$field" --format json
	check "hostile: count $field json" [ "$(sqlite3 :memory: "SELECT json_valid(readfile('out'))")" = 1 ]
	run "count $field csv" count --by "$field" --format csv
	check "hostile: count $field csv has no formula cell" [ "$(grep -c -e '^[=+@]' -e ',[=+@]' -e '^-[^0-9]' out)" = 0 ]
done
run "count svg" count --by camp,status --format svg
check "hostile: the chart has no raw control character" [ "$(raw_controls out)" = 0 ]
for args in "find Smith" "find Sm*" "find Ev*" "find J*" "report unaccounted" "report unaccounted --summary" \
	"camps" "batches" "source list" "claims list" "claims conflicts" "claims unsupported" "claims check" \
	"keys Kelly"; do
	# shellcheck disable=SC2086 # the arguments are words
	run "$args" $args
	check "hostile: $args table" [ "$(raw_controls out)" = 0 ]
	run "$args json" $args --format json
	check "hostile: $args json" [ "$(sqlite3 :memory: "SELECT json_valid(readfile('out'))")" = 1 ]
	run "$args csv" $args --format csv
	check "hostile: $args csv has no formula cell" [ "$(grep -c -e '^[=+@]' -e ',[=+@]' out)" = 0 ]
done
for camp in $(sqlite3 h.db "SELECT key FROM camp"); do
	run "report camp $camp" report camp "$camp"
	check "hostile: report camp $camp table" [ "$(raw_controls out)" = 0 ]
done
run "export geojson" export --geojson
check "hostile: geojson is valid" [ "$(sqlite3 :memory: "SELECT json_valid(readfile('out'))")" = 1 ]
for v in 5.5.1 7; do
	# shellcheck disable=SC2086
	run "export gedcom $v" export --gedcom --gedcom-version $v $ids
	check "hostile: GEDCOM $v lines all start with a level" [ "$(grep -c -v '^[0-9][0-9]* ' out)" = 0 ]
	check "hostile: GEDCOM $v has one INDI per person" \
		[ "$(grep -c '^0 @[^@]*@ INDI$' out)" = "$(echo $ids | wc -w)" ]
	check "hostile: GEDCOM $v has no control character" [ "$(tr -d '\n' <out | grep -c '[[:cntrl:]]')" = 0 ]
done

echo "stress: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]

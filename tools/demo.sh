#!/bin/sh
# demo.sh POWTRACE - builds a database from fixtures/, imports four small
# invented registers (fixtures/registers/: capture cards, a repatriation list,
# a Soviet card index in Cyrillic, war dead), links their records into men, and
# shows what it holds: the men still unaccounted for, counts of men, and Frank
# Kelly's dossier with his records from every register.
set -eu
BIN=$1
DB=${POWTRACE_DB:-demo.db}
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" --db "$DB" init
for f in sources camps operations persons invented claims; do
	"$BIN" --db "$DB" import "fixtures/$f.json" >/dev/null
	echo "imported fixtures/$f.json"
done
for f in sources.json capture.csv repat.csv soviet.csv dead.csv; do
	"$BIN" --db "$DB" import "fixtures/registers/$f" >/dev/null
	echo "imported fixtures/registers/$f"
done
echo
echo "== One man, many records: powtrace --db $DB link =="
"$BIN" --db "$DB" link
echo
echo "== Unaccounted for: powtrace --db $DB report unaccounted =="
"$BIN" --db "$DB" report unaccounted
echo
echo "== By nationality and camp: powtrace --db $DB count --by nationality,camp =="
"$BIN" --db "$DB" count --by nationality,camp
echo
echo "== Frank Kelly: powtrace --db $DB show 1 =="
"$BIN" --db "$DB" show 1
echo
echo "== Kelly as a family types it: powtrace --db $DB find Келли =="
"$BIN" --db "$DB" find Келли
echo
echo "The database is $DB; try: sqlite3 $DB, or $BIN --db $DB show 1 --format json,"
echo "$BIN --db $DB report camp 'Stalag IV-B', $BIN --db $DB camps luckenwalde,"
echo "$BIN --db $DB count --by nationality,status --format svg > chart.svg,"
echo "$BIN --db $DB link review, and $BIN --db $DB serve (a website on http://127.0.0.1:8080/)"

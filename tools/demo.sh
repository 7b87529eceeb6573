#!/bin/sh
# demo.sh POWTRACE - builds a database from fixtures/ and shows what it holds:
# the people still unaccounted for, and Frank Kelly's dossier.
set -eu
BIN=$1
DB=${POWTRACE_DB:-demo.db}
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" --db "$DB" init
for f in sources camps operations persons invented claims; do
	"$BIN" --db "$DB" import "fixtures/$f.json" >/dev/null
	echo "imported fixtures/$f.json"
done
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
echo "The database is $DB; try: sqlite3 $DB, or $BIN --db $DB show 1 --format json,"
echo "$BIN --db $DB report camp 'Stalag IV-B', $BIN --db $DB camps luckenwalde,"
echo "$BIN --db $DB count --by nationality,status --format svg > chart.svg"

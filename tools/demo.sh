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
echo "== Unaccounted for (status derived from each person's last recorded event) =="
sqlite3 -header -column "$DB" \
	"SELECT id, surname, given_names, nationality, last_event_type AS last_event,
	        last_event_date AS date, coalesce(last_event_camp, last_event_place) AS 'camp/place'
	 FROM unaccounted ORDER BY id"
echo
echo "== Frank Kelly: powtrace --db $DB show 1 =="
"$BIN" --db "$DB" show 1
echo
echo "The database is $DB; try: sqlite3 $DB, or $BIN --db $DB show 1 --format json"

#!/bin/sh
# camp_spellings.sh - how many of the camp spellings of the real files in
# ../shared/data become new, unverified camps when a register that names
# them is imported into a database with the built-in gazetteer.
#
#   sh tools/camp_spellings.sh [POWTRACE [SHARED_DATA]]
#
# The spellings, each distinct one once, with the file it comes from:
#   the Lager column of pow_records/vorarlberg_ww1_pows_turkestan.json,
#   the Lagerort lists of pow_records/vorarlberg_ww1_pows_turkestan_clean.json,
#   Ortsname and Bezeichnung of pow_records/vorarlberg_ww1_camp_places_turkestan.json,
#   designation, alt_designations (split at ";") and place_historic of
#   pow_camps/camp_reference_facts.tsv.
# They are written as a register (surname = a running number) and imported
# once; the script prints, per file, the spellings and how many of them made
# a new camp, then the total. It also imports the Vorarlberg file through
# the committed mapping (fixtures/mappings/vorarlberg_ww1_pows.json) and
# prints how many new camps that made.
set -u
POWTRACE=${1:-build/powtrace}
SHARED=${2:-${PT_SHARED_DATA:-../shared/data}}
REPO=$(cd "$(dirname "$0")/.." && pwd)
case $POWTRACE in /*) ;; *) POWTRACE=$PWD/$POWTRACE ;; esac
case $SHARED in /*) ;; *) SHARED=$PWD/$SHARED ;; esac
[ -d "$SHARED/pow_records" ] || { echo "camp_spellings.sh: no $SHARED/pow_records" >&2; exit 1; }
WORK=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "work dir: $WORK" >&2 || trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

# the spellings, through sqlite3's JSON functions
sqlite3 spellings.db <<EOF >/dev/null || exit 1
CREATE TABLE s(file TEXT, spelling TEXT);
INSERT INTO s SELECT 'vorarlberg_ww1_pows_turkestan.json', trim(json_extract(j.value, '\$.Lager'))
  FROM json_each(readfile('$SHARED/pow_records/vorarlberg_ww1_pows_turkestan.json')) j;
INSERT INTO s SELECT 'vorarlberg_ww1_pows_turkestan_clean.json', trim(l.value)
  FROM json_each(readfile('$SHARED/pow_records/vorarlberg_ww1_pows_turkestan_clean.json')) j,
       json_each(json_extract(j.value, '\$.Lagerort')) l;
INSERT INTO s SELECT 'vorarlberg_ww1_camp_places_turkestan.json', trim(json_extract(j.value, '\$.Ortsname'))
  FROM json_each(readfile('$SHARED/pow_records/vorarlberg_ww1_camp_places_turkestan.json')) j;
INSERT INTO s SELECT 'vorarlberg_ww1_camp_places_turkestan.json', trim(b.value)
  FROM json_each(readfile('$SHARED/pow_records/vorarlberg_ww1_camp_places_turkestan.json')) j,
       json_each(json_extract(j.value, '\$.Bezeichnung')) b;
CREATE TABLE facts(designation, alt, historic, modern, country, lat, lon, kind, fact, url);
.mode tabs
.import $SHARED/pow_camps/camp_reference_facts.tsv facts
INSERT INTO s SELECT 'camp_reference_facts.tsv', trim(designation) FROM facts WHERE designation <> 'designation';
WITH RECURSIVE split(rest, part) AS (
  SELECT alt || ';', NULL FROM facts WHERE alt <> '' AND designation <> 'designation'
  UNION ALL SELECT substr(rest, instr(rest, ';') + 1), trim(substr(rest, 1, instr(rest, ';') - 1))
  FROM split WHERE rest <> '')
INSERT INTO s SELECT 'camp_reference_facts.tsv', part FROM split WHERE part IS NOT NULL;
INSERT INTO s SELECT 'camp_reference_facts.tsv', trim(historic) FROM facts
  WHERE historic <> '' AND designation <> 'designation';
DELETE FROM s WHERE spelling IS NULL OR spelling = '' OR spelling NOT GLOB '*[A-Za-z]*';
EOF
# one row per distinct spelling (the first file that has it), as CSV
sqlite3 -csv -header spellings.db "SELECT min(rowid) AS surname, spelling AS internment_camp,
  file AS notes FROM s GROUP BY spelling ORDER BY min(rowid)" >register.csv || exit 1

"$POWTRACE" --db camps.db init >/dev/null || exit 1
"$POWTRACE" --db camps.db import register.csv >/dev/null || exit 1
echo "file	spellings	new camps"
sqlite3 -separator '	' camps.db "SELECT p.notes, count(*), sum(c.verified = 0)
  FROM person p JOIN event e ON e.person_id = p.id JOIN camp c ON c.id = e.camp_id
  GROUP BY p.notes UNION ALL SELECT 'total', count(*), sum(c.verified = 0) FROM person p
  JOIN event e ON e.person_id = p.id JOIN camp c ON c.id = e.camp_id"
echo "unverified camps made: $(sqlite3 camps.db 'SELECT count(*) FROM camp WHERE verified = 0')"

"$POWTRACE" --db mapped.db init >/dev/null || exit 1
"$POWTRACE" --db mapped.db import --mapping "$REPO/fixtures/mappings/vorarlberg_ww1_pows.json" \
	"$SHARED/pow_records/vorarlberg_ww1_pows_turkestan.json" >/dev/null || exit 1
echo "vorarlberg_ww1_pows.json mapping: $(sqlite3 mapped.db 'SELECT count(*) FROM camp WHERE verified = 0') new camps"

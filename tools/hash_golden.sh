#!/bin/sh
# hash_golden.sh BUILD_DIR [OUT] - the content hashes an import gives, for
# comparing two builds: imports every fixture, the registers, the test data's
# sheets, workbooks and JSON records, a JSON file through a mapping and a
# generated register into fresh databases (the fixtures' sources, camps and
# operations loaded first, --skip-invalid), and prints one line per stored
# record: file, table, record_source or key, record_id, content_hash; a
# digest of the rows written (persons, names, events, citations, camps,
# sources); and the import's messages (errors, warnings) as printed.
#
#   sh tools/hash_golden.sh /tmp/base build-old.txt   # main
#   sh tools/hash_golden.sh build build-new.txt       # this tree
#   cmp build-old.txt build-new.txt
#
# A re-import must find every record unchanged (the hash decides "already
# imported"), so any difference is a bug. Not a test: it compares.
set -eu
B=$(cd "${1:-build}" && pwd -P)
OUT=${2:-/dev/stdout}
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
SHARED=${PT_SHARED_DATA:-$REPO/../shared/data}
D=$REPO/tests/data
F=$REPO/fixtures
work=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-golden.XXXXXX")
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/gen_register" "$REPO/tools/gen_register.c"
"$work/gen_register" 2000 >"$work/plain.csv"
"$work/gen_register" --sources 2000 >"$work/sources.csv"

seeded() {
	rm -f "$work/t.db"*
	"$B/powtrace" --db "$work/t.db" import --quiet --skip-invalid "$F/sources.json" \
		"$F/registers/sources.json" "$F/camps.json" "$F/operations.json" >/dev/null 2>&1 || true
}

dump() {
	sqlite3 -separator '|' "$work/t.db" "
		SELECT '$1', 'person', record_source, record_id, content_hash FROM person
		UNION ALL SELECT '$1', 'source', key, '', content_hash FROM source
		UNION ALL SELECT '$1', 'camp', key, '', content_hash FROM camp
		ORDER BY 1, 2, 3, 4"
	# and every row they wrote, as a digest
	printf '%s|tables|%s\n' "$1" "$(sqlite3 "$work/t.db" \
		'.dump person person_name event citation camp source' | sed "s#$work#WORK#g" | md5sum | cut -d' ' -f1)"
}

# one import: a label, then the import's arguments
one() {
	label=$1
	shift
	seeded
	"$B/powtrace" --db "$work/t.db" import --quiet --skip-invalid "$@" >/dev/null 2>"$work/err" || true
	dump "$label"
	sed -e "s#^#$label|message|#" -e "s#$work#WORK#g" "$work/err"
}

{
	for f in persons invented claims; do one "$f.json" "$F/$f.json"; done
	for f in capture dead repat soviet; do one "registers/$f.csv" "$F/registers/$f.csv"; done
	for f in register dates plausible register-1252; do one "sheets/$f.csv" "$D/sheets/$f.csv"; done
	one "sheets/plausible+mapping" --mapping "$D/sheets/plausible-mapping.json" "$D/sheets/plausible.csv"
	one "sheets/register-1252+mapping" --mapping "$D/sheets/register-mapping.json" \
		"$D/sheets/register-1252.csv"
	one "sheets/camps.csv" --kind camp "$D/sheets/camps.csv"
	one "sheets/sources.csv" --kind source "$D/sheets/sources.csv"
	one "captives-roll.csv" "$D/captives-roll.csv"
	for f in register.xlsx register.ods register.xls register-1904.xlsx register-1904.xls; do
		one "workbooks/$f" "$D/workbooks/$f"
	done
	for f in "$D"/names/*.json "$D"/men/*.json "$D"/person-*.json; do one "${f#$D/}" "$f"; done
	if [ -f "$SHARED/pow_records/vorarlberg_ww1_pows_turkestan.json" ]; then
		one "vorarlberg+mapping" --format csv --mapping "$F/mappings/vorarlberg_ww1_pows.json" \
			"$SHARED/pow_records/vorarlberg_ww1_pows_turkestan.json"
	fi
	one "gen plain" --format csv "$work/plain.csv"
	one "gen sources" --format csv "$work/sources.csv"
} >"$OUT"

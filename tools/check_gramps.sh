#!/bin/sh
# check_gramps.sh BUILD_DIR - the GEDCOM export end to end: imports the
# fixtures, exports every person as GEDCOM 5.5.1, imports the file into
# Gramps headless (which must report "No errors detected"), exports the tree
# back as CSV and as Gramps XML and checks that every person, name (the
# romanised form of a Cyrillic one too) and camp coordinate came through,
# and every rank, unit, service and service number (test data with service
# numbers: tests/data/men/registers.json), as typed attributes. Without gramps it says so and counts the test skipped;
# `make check-gramps` installs gramps and runs it. Ends with
# "gramps: N passed, N failed[, N skipped]" as the other suites do.
set -u
B=${1:-build}
REPO=$(cd "$(dirname "$0")/.." && pwd -P)
POWTRACE=$(cd "$B" && pwd -P)/powtrace

if ! command -v gramps >/dev/null 2>&1; then
	echo "skip gramps: gramps is not installed (make check-gramps installs it and runs this test)"
	echo "gramps: 0 passed, 0 failed, 1 skipped"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-gramps.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
# Gramps keeps its family trees and settings under $HOME: a private one
HOME=$work/home
mkdir -p "$HOME"
export HOME POWTRACE_DB="$work/test.db" SOURCE_DATE_EPOCH=0 LC_ALL=C.UTF-8

failed=0 passed=0
fail() {
	echo "FAIL gramps: $*"
	failed=$((failed + 1))
}

for f in sources camps operations persons invented claims; do
	"$POWTRACE" import "$REPO/fixtures/$f.json" >/dev/null || { fail "cannot import fixtures/$f.json"; break; }
done
for f in names/registers.json men/registers.json; do
	"$POWTRACE" import "$REPO/tests/data/$f" >/dev/null || fail "cannot import tests/data/$f"
done
ids=$(sqlite3 "$POWTRACE_DB" "SELECT group_concat(id, ' ') FROM person")
persons=$(sqlite3 "$POWTRACE_DB" "SELECT count(*) FROM person")
# shellcheck disable=SC2086
"$POWTRACE" export --gedcom --output "$work/all.ged" $ids || fail "export --gedcom failed"

if [ "$failed" = 0 ]; then
	gramps -y -C powtrace-check -i "$work/all.ged" >"$work/import.log" 2>&1
	if grep -q "GEDCOM import report: No errors detected" "$work/import.log"; then
		passed=$((passed + 1))
	else
		fail "Gramps did not import the file cleanly:"
		grep -v "Gtk-\|fallback\|^$" "$work/import.log" | sed 's/^/    /' | head -40
	fi
	gramps -y -O powtrace-check -e "$work/out.csv" >"$work/export.log" 2>&1
	if [ ! -s "$work/out.csv" ]; then
		fail "Gramps exported nothing"
		sed 's/^/    /' "$work/export.log" | head -20
	else
		# every person came through: the CSV's person table has one row each
		read_back=$(awk -F, '/^Person,/ { on = 1; next } on && /^\[I/ { n++ } on && /^$/ { on = 0 } END { print n + 0 }' "$work/out.csv")
		if [ "$read_back" = "$persons" ]; then
			passed=$((passed + 1))
		else
			fail "$persons persons exported, $read_back read back from Gramps"
		fi
		# names, the Cyrillic ones included, and a camp with its coordinates
		for want in ",Kelly,Frank," ",Walker,Harold," "Гамильтон" "Stalag IV-B, Mühlberg (Elbe)" "N51.446,E13.283"; do
			if grep -q "$want" "$work/out.csv"; then
				passed=$((passed + 1))
			else
				fail "'$want' is not in what Gramps read back"
			fi
		done
	fi
fi
if [ -s "$work/out.csv" ]; then
	# rank, unit, service and service number: each record's, as a typed
	# attribute of its person in what Gramps keeps (its own XML)
	gramps -y -O powtrace-check -e "$work/out.gramps" >"$work/export-xml.log" 2>&1
	if ! gzip -dc "$work/out.gramps" >"$work/out.xml" 2>/dev/null; then
		fail "Gramps exported no XML"
		sed 's/^/    /' "$work/export-xml.log" | head -20
	else
		for pair in "Rank:rank" "Unit:unit" "Service:service" "Service number:service_number"; do
			type=${pair%%:*} column=${pair#*:}
			want=$(sqlite3 "$POWTRACE_DB" "SELECT count(*) FROM person WHERE $column IS NOT NULL")
			got=$(grep -c "<attribute type=\"$type\" value=" "$work/out.xml")
			if [ "$want" -gt 0 ] && [ "$got" = "$want" ]; then
				passed=$((passed + 1))
			else
				fail "$want records with a $column, $got '$type' attributes read back from Gramps"
			fi
		done
		want=$(sqlite3 "$POWTRACE_DB" "SELECT count(*) FROM person WHERE coalesce(rank, unit, service) IS NOT NULL")
		got=$(grep -c "<type>Military Service</type>" "$work/out.xml")
		if [ "$got" = "$want" ]; then
			passed=$((passed + 1))
		else
			fail "$want records with a military service, $got Military Service events read back"
		fi
		for want in '<attribute type="Service number" value="14412345"/>' \
			'<description>Pte, Army</description>' '<surname>Gamilʹton</surname>' '<surname>Uoker</surname>'; do
			if grep -qF "$want" "$work/out.xml"; then
				passed=$((passed + 1))
			else
				fail "'$want' is not in what Gramps kept"
			fi
		done
	fi
fi
echo "gramps: $passed passed, $failed failed"
[ "$failed" = 0 ]

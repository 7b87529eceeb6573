#!/bin/sh
# check_gramps.sh BUILD_DIR - the GEDCOM export end to end: imports the
# fixtures, exports every person as GEDCOM 5.5.1, imports the file into
# Gramps headless (which must report "No errors detected"), exports the tree
# back as CSV and checks that every person, name and camp coordinate came
# through. Without gramps it says so and counts the test skipped;
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
"$POWTRACE" import "$REPO/tests/data/names/registers.json" >/dev/null ||
	fail "cannot import tests/data/names/registers.json"
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
echo "gramps: $passed passed, $failed failed"
[ "$failed" = 0 ]

#!/bin/sh
# check.sh BUILD_DIR - runs the library tests, the command-line tests and
# the layering check (tools/check_layering.sh) and ends with the total: "N
# passed, N failed". PT_VALGRIND=1 runs the tests under valgrind.
set -u
B=${1:-build}
: "${PT_SHARED_DATA:=../shared/data}"
export PT_SHARED_DATA
[ -d "$PT_SHARED_DATA" ] || echo "check: $PT_SHARED_DATA not found; tests that need it are skipped"

out=$(mktemp)
trap 'rm -f "$out"' EXIT

if [ "${PT_VALGRIND:-}" ]; then
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite \
		"$B/unit-tests" | tee "$out"
else
	"$B/unit-tests" | tee "$out"
fi
sh tests/cli/run.sh "$B" | tee -a "$out"
# includes and calls go down the library's folders, no circles, only pt_
# exported: one test, failed by each offence it prints
sh tools/check_layering.sh "$B" | sed 's/^layering: [0-9]* passed, 0 failed$/layering: 1 passed, 0 failed/;
	s/^layering: [0-9]* passed, \([1-9][0-9]*\) failed$/layering: 0 passed, \1 failed/' | tee -a "$out"
# the man pages and completions against the help texts; make install
sh tools/check_docs.sh "$B" | tee -a "$out"
# the website: HTTP-level tests with curl, then a real browser (skipped when
# chromium or playwright-core cannot be installed)
sh tests/web/run.sh "$B" | tee -a "$out"
sh tests/web/browser.sh "$B" | tee -a "$out"
# the GEDCOM export read back by a real genealogy program (skipped without gramps)
sh tools/check_gramps.sh "$B" | tee -a "$out"

passed=0 failed=0 skipped=0
for line in $(sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed\(, \([0-9]*\) skipped\)\{0,1\}$/\1:\2:\4/p' "$out"); do
	p=${line%%:*}; rest=${line#*:}; f=${rest%%:*}; s=${rest#*:}
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
done
# a suite that crashed before its summary line counts as a failure
for suite in unit cli layering docs web browser; do
	if ! grep -q "^$suite: [0-9]* passed, [0-9]* failed" "$out"; then
		echo "check: the $suite tests ended without their summary line"
		failed=$((failed + 1))
	fi
done
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]

#!/bin/sh
# run.sh - builds the library with clang, libFuzzer, ASan and UBSan into
# build-fuzz/, then runs each fuzz target (csv, json, date, mapping, pattern, workbook) for
# FUZZ_TIME seconds (default 30) from the seeds in tools/fuzz/seeds/. A crash
# stops with the input saved as build-fuzz/crash-*: copy it into
# tools/fuzz/regressions/TARGET/ (the unit tests run every file there).
# Usage: sh tools/fuzz/run.sh [TARGET...]
set -eu
cd "$(dirname "$0")/../.."
FUZZ_TIME=${FUZZ_TIME:-30}
FUZZ_CC=${FUZZ_CC:-clang}
B=build-fuzz
FLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
targets=${*:-csv json date mapping pattern workbook}

command -v "$FUZZ_CC" >/dev/null || { echo "fuzz: $FUZZ_CC not found" >&2; exit 2; }
make --no-print-directory -s B=$B CC="$FUZZ_CC" CFLAGS="$FLAGS" $B/libpowtrace.a
LIBS=$(pkg-config --libs sqlite3 jansson icu-uc icu-i18n libzip expat freexl)
for t in $targets; do
	"$FUZZ_CC" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Isrc -Isrc/lib -Itools/fuzz $(pkg-config --cflags jansson icu-uc) \
		-o $B/fuzz_$t tools/fuzz/fuzz_$t.c $B/libpowtrace.a $LIBS -lcsv -lm
done
for t in $targets; do
	corpus=$B/corpus-$t
	mkdir -p "$corpus"
	cp tools/fuzz/seeds/$t/* "$corpus"/ 2>/dev/null || true
	echo "== fuzz_$t: $FUZZ_TIME s"
	ASAN_OPTIONS=detect_leaks=1 $B/fuzz_$t -max_total_time="$FUZZ_TIME" -max_len=8192 \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$B/ "$corpus" \
		2>$B/fuzz_$t.log || { tail -40 $B/fuzz_$t.log; exit 1; }
	grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" $B/fuzz_$t.log | tr '\n' ' '
	echo
done
echo "fuzz: no crash"

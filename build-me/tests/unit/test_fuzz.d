build-me/tests/unit/test_fuzz.o: tests/unit/test_fuzz.c \
 tests/unit/harness.h tests/unit/../../tools/fuzz/fuzz_csv.c \
 tests/unit/../../tools/fuzz/fuzz.h src/lib/sheet.h src/lib/import.h \
 src/lib/internal.h src/powtrace.h \
 tests/unit/../../tools/fuzz/fuzz_json.c \
 tests/unit/../../tools/fuzz/fuzz_date.c \
 tests/unit/../../tools/fuzz/fuzz_mapping.c
tests/unit/harness.h:
tests/unit/../../tools/fuzz/fuzz_csv.c:
tests/unit/../../tools/fuzz/fuzz.h:
src/lib/sheet.h:
src/lib/import.h:
src/lib/internal.h:
src/powtrace.h:
tests/unit/../../tools/fuzz/fuzz_json.c:
tests/unit/../../tools/fuzz/fuzz_date.c:
tests/unit/../../tools/fuzz/fuzz_mapping.c:

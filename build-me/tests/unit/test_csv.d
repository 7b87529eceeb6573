build-me/tests/unit/test_csv.o: tests/unit/test_csv.c \
 tests/unit/harness.h src/lib/sheet.h src/lib/import.h src/lib/internal.h \
 src/powtrace.h
tests/unit/harness.h:
src/lib/sheet.h:
src/lib/import.h:
src/lib/internal.h:
src/powtrace.h:

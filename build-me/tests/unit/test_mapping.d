build-me/tests/unit/test_mapping.o: tests/unit/test_mapping.c \
 tests/unit/harness.h src/lib/sheet.h src/lib/import.h src/lib/internal.h \
 src/powtrace.h
tests/unit/harness.h:
src/lib/sheet.h:
src/lib/import.h:
src/lib/internal.h:
src/powtrace.h:

build-me/tests/unit/test_gedcom.o: tests/unit/test_gedcom.c \
 tests/unit/harness.h src/lib/names.h src/lib/internal.h src/powtrace.h
tests/unit/harness.h:
src/lib/names.h:
src/lib/internal.h:
src/powtrace.h:

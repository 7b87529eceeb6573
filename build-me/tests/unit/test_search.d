build-me/tests/unit/test_search.o: tests/unit/test_search.c \
 tests/unit/harness.h src/lib/names.h src/lib/internal.h src/powtrace.h
tests/unit/harness.h:
src/lib/names.h:
src/lib/internal.h:
src/powtrace.h:

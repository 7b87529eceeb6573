build-me/tests/unit/test_import.o: tests/unit/test_import.c \
 tests/unit/harness.h src/lib/internal.h src/powtrace.h
tests/unit/harness.h:
src/lib/internal.h:
src/powtrace.h:

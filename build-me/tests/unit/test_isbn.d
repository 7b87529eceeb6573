build-me/tests/unit/test_isbn.o: tests/unit/test_isbn.c \
 tests/unit/harness.h src/lib/internal.h src/powtrace.h
tests/unit/harness.h:
src/lib/internal.h:
src/powtrace.h:

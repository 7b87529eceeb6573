build-me/tests/unit/test_xref.o: tests/unit/test_xref.c \
 tests/unit/harness.h src/lib/internal.h src/powtrace.h
tests/unit/harness.h:
src/lib/internal.h:
src/powtrace.h:

build-me/tests/unit/test_archival_date.o: tests/unit/test_archival_date.c \
 tests/unit/harness.h src/lib/internal.h src/powtrace.h
tests/unit/harness.h:
src/lib/internal.h:
src/powtrace.h:

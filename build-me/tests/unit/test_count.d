build-me/tests/unit/test_count.o: tests/unit/test_count.c \
 tests/unit/harness.h src/lib/internal.h src/powtrace.h \
 tests/unit/population.h
tests/unit/harness.h:
src/lib/internal.h:
src/powtrace.h:
tests/unit/population.h:

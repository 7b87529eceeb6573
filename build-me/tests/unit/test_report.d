build-me/tests/unit/test_report.o: tests/unit/test_report.c \
 tests/unit/harness.h src/lib/internal.h src/powtrace.h \
 tests/unit/population.h
tests/unit/harness.h:
src/lib/internal.h:
src/powtrace.h:
tests/unit/population.h:

build-me/tests/unit/test_date.o: tests/unit/test_date.c \
 tests/unit/harness.h src/powtrace.h
tests/unit/harness.h:
src/powtrace.h:

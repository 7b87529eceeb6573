build-me/tests/unit/test_status.o: tests/unit/test_status.c \
 tests/unit/harness.h src/powtrace.h
tests/unit/harness.h:
src/powtrace.h:

build-me/tests/unit/test_claim.o: tests/unit/test_claim.c \
 tests/unit/harness.h src/lib/internal.h src/powtrace.h
tests/unit/harness.h:
src/lib/internal.h:
src/powtrace.h:

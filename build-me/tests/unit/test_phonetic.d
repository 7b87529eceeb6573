build-me/tests/unit/test_phonetic.o: tests/unit/test_phonetic.c \
 tests/unit/harness.h src/lib/names.h src/lib/internal.h src/powtrace.h
tests/unit/harness.h:
src/lib/names.h:
src/lib/internal.h:
src/powtrace.h:

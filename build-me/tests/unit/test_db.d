build-me/tests/unit/test_db.o: tests/unit/test_db.c tests/unit/harness.h \
 src/lib/internal.h src/powtrace.h
tests/unit/harness.h:
src/lib/internal.h:
src/powtrace.h:

build-me/tests/unit/main.o: tests/unit/main.c tests/unit/harness.h \
 tests/unit/suites.h
tests/unit/harness.h:
tests/unit/suites.h:

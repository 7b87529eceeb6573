build-me/tests/unit/population.o: tests/unit/population.c \
 src/lib/internal.h src/powtrace.h tests/unit/population.h
src/lib/internal.h:
src/powtrace.h:
tests/unit/population.h:

build-me/src/lib/tally.o: src/lib/tally.c src/lib/query.h \
 src/lib/internal.h src/powtrace.h
src/lib/query.h:
src/lib/internal.h:
src/powtrace.h:

build-me/src/lib/query.o: src/lib/query.c src/lib/query.h \
 src/lib/internal.h src/powtrace.h
src/lib/query.h:
src/lib/internal.h:
src/powtrace.h:

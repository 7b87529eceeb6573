build-me/src/lib/svg.o: src/lib/svg.c src/lib/query.h src/lib/internal.h \
 src/powtrace.h
src/lib/query.h:
src/lib/internal.h:
src/powtrace.h:

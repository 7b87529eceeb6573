build-me/src/lib/search.o: src/lib/search.c src/lib/names.h \
 src/lib/internal.h src/powtrace.h
src/lib/names.h:
src/lib/internal.h:
src/powtrace.h:

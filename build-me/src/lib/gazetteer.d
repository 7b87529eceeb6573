build-me/src/lib/gazetteer.o: src/lib/gazetteer.c src/lib/import.h \
 src/lib/internal.h src/powtrace.h src/lib/query.h
src/lib/import.h:
src/lib/internal.h:
src/powtrace.h:
src/lib/query.h:

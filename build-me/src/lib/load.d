build-me/src/lib/load.o: src/lib/load.c src/lib/claim.h \
 src/lib/internal.h src/powtrace.h src/lib/import.h
src/lib/claim.h:
src/lib/internal.h:
src/powtrace.h:
src/lib/import.h:

build-me/src/lib/source.o: src/lib/source.c src/lib/claim.h \
 src/lib/internal.h src/powtrace.h src/lib/import.h
src/lib/claim.h:
src/lib/internal.h:
src/powtrace.h:
src/lib/import.h:

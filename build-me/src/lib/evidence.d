build-me/src/lib/evidence.o: src/lib/evidence.c src/lib/claim.h \
 src/lib/internal.h src/powtrace.h
src/lib/claim.h:
src/lib/internal.h:
src/powtrace.h:

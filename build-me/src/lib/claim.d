build-me/src/lib/claim.o: src/lib/claim.c src/lib/claim.h \
 src/lib/internal.h src/powtrace.h
src/lib/claim.h:
src/lib/internal.h:
src/powtrace.h:

build-me/src/lib/conflict.o: src/lib/conflict.c src/lib/claim.h \
 src/lib/internal.h src/powtrace.h
src/lib/claim.h:
src/lib/internal.h:
src/powtrace.h:

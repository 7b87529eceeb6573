build-me/src/lib/batch.o: src/lib/batch.c src/lib/internal.h \
 src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

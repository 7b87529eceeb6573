build-me/src/lib/sha256.o: src/lib/sha256.c src/lib/internal.h \
 src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

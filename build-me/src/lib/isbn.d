build-me/src/lib/isbn.o: src/lib/isbn.c src/lib/internal.h src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

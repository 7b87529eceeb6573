build-me/src/lib/text.o: src/lib/text.c src/lib/internal.h src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

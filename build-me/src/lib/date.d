build-me/src/lib/date.o: src/lib/date.c src/lib/internal.h src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

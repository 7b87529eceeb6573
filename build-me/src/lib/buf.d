build-me/src/lib/buf.o: src/lib/buf.c src/lib/internal.h src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

build-me/src/lib/db.o: src/lib/db.c src/lib/internal.h src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

build-me/src/lib/migrate.o: src/lib/migrate.c src/lib/internal.h \
 src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

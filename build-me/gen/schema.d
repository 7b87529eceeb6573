build-me/gen/schema.o: build-me/gen/schema.c src/lib/internal.h \
 src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

build-me/src/lib/name.o: src/lib/name.c src/lib/names.h \
 src/lib/internal.h src/powtrace.h
src/lib/names.h:
src/lib/internal.h:
src/powtrace.h:

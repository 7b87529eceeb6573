build-me/src/lib/person.o: src/lib/person.c src/lib/internal.h \
 src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

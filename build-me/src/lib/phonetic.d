build-me/src/lib/phonetic.o: src/lib/phonetic.c src/lib/names.h \
 src/lib/internal.h src/powtrace.h
src/lib/names.h:
src/lib/internal.h:
src/powtrace.h:

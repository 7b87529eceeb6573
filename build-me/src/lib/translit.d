build-me/src/lib/translit.o: src/lib/translit.c src/lib/names.h \
 src/lib/internal.h src/powtrace.h
src/lib/names.h:
src/lib/internal.h:
src/powtrace.h:

build-me/src/lib/gedcom.o: src/lib/gedcom.c src/lib/names.h \
 src/lib/internal.h src/powtrace.h
src/lib/names.h:
src/lib/internal.h:
src/powtrace.h:

build-me/src/lib/input.o: src/lib/input.c src/lib/sheet.h \
 src/lib/import.h src/lib/internal.h src/powtrace.h
src/lib/sheet.h:
src/lib/import.h:
src/lib/internal.h:
src/powtrace.h:

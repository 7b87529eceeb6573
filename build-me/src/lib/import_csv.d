build-me/src/lib/import_csv.o: src/lib/import_csv.c src/lib/sheet.h \
 src/lib/import.h src/lib/internal.h src/powtrace.h
src/lib/sheet.h:
src/lib/import.h:
src/lib/internal.h:
src/powtrace.h:

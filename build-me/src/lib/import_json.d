build-me/src/lib/import_json.o: src/lib/import_json.c src/lib/sheet.h \
 src/lib/import.h src/lib/internal.h src/powtrace.h
src/lib/sheet.h:
src/lib/import.h:
src/lib/internal.h:
src/powtrace.h:

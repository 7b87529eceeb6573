build-me/src/lib/date_archival.o: src/lib/date_archival.c src/lib/sheet.h \
 src/lib/import.h src/lib/internal.h src/powtrace.h
src/lib/sheet.h:
src/lib/import.h:
src/lib/internal.h:
src/powtrace.h:

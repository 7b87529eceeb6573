build-me/src/lib/camp_key.o: src/lib/camp_key.c src/lib/sheet.h \
 src/lib/import.h src/lib/internal.h src/powtrace.h
src/lib/sheet.h:
src/lib/import.h:
src/lib/internal.h:
src/powtrace.h:

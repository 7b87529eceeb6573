build-me/src/lib/load_location.o: src/lib/load_location.c \
 src/lib/import.h src/lib/internal.h src/powtrace.h
src/lib/import.h:
src/lib/internal.h:
src/powtrace.h:

build-me/src/lib/status.o: src/lib/status.c src/lib/internal.h \
 src/powtrace.h
src/lib/internal.h:
src/powtrace.h:

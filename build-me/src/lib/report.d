build-me/src/lib/report.o: src/lib/report.c src/lib/query.h \
 src/lib/internal.h src/powtrace.h
src/lib/query.h:
src/lib/internal.h:
src/powtrace.h:

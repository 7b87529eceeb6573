build-me/src/lib/claim_check.o: src/lib/claim_check.c src/lib/claim.h \
 src/lib/internal.h src/powtrace.h
src/lib/claim.h:
src/lib/internal.h:
src/powtrace.h:

build-me/src/lib/claim_value.o: src/lib/claim_value.c src/lib/claim.h \
 src/lib/internal.h src/powtrace.h
src/lib/claim.h:
src/lib/internal.h:
src/powtrace.h:

build-me/src/cli/claims_out.o: src/cli/claims_out.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

build-me/src/cli/cmd_claims.o: src/cli/cmd_claims.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

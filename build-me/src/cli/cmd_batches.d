build-me/src/cli/cmd_batches.o: src/cli/cmd_batches.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

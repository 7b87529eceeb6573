build-me/src/cli/cmd_init.o: src/cli/cmd_init.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

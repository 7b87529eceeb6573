build-me/src/cli/cmd_keys.o: src/cli/cmd_keys.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

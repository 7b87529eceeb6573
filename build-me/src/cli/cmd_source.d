build-me/src/cli/cmd_source.o: src/cli/cmd_source.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

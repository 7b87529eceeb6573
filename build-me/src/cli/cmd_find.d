build-me/src/cli/cmd_find.o: src/cli/cmd_find.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

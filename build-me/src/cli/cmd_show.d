build-me/src/cli/cmd_show.o: src/cli/cmd_show.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

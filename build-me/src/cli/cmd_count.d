build-me/src/cli/cmd_count.o: src/cli/cmd_count.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

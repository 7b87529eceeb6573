build-me/src/cli/cmd_export.o: src/cli/cmd_export.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

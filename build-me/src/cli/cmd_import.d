build-me/src/cli/cmd_import.o: src/cli/cmd_import.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

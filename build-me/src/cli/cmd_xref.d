build-me/src/cli/cmd_xref.o: src/cli/cmd_xref.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

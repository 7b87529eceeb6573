build-me/src/cli/cmd_unimport.o: src/cli/cmd_unimport.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

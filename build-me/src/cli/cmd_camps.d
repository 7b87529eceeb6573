build-me/src/cli/cmd_camps.o: src/cli/cmd_camps.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

build-me/src/cli/cmd_report.o: src/cli/cmd_report.c src/cli/cli.h \
 src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

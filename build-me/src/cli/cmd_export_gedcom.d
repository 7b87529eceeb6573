build-me/src/cli/cmd_export_gedcom.o: src/cli/cmd_export_gedcom.c \
 src/cli/cli.h src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

build-me/src/cli/out.o: src/cli/out.c src/cli/cli.h src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

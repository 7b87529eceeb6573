build-me/src/cli/main.o: src/cli/main.c src/cli/cli.h src/powtrace.h
src/cli/cli.h:
src/powtrace.h:

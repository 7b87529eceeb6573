build-me/gen/given_names.o: build-me/gen/given_names.c

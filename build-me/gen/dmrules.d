build-me/gen/dmrules.o: build-me/gen/dmrules.c

build-me/gen/gazetteer.o: build-me/gen/gazetteer.c

# powtrace - GNU Makefile. Knobs first; `make help` lists the targets.
CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
SANITIZE ?=
DEVELOPER ?=
PKG_CONFIG ?= pkg-config

# libzip and expat read .xlsx and .ods workbooks, freexl .xls; libmicrohttpd serves the website;
# nettle hashes (SHA-256)
PKGS     := sqlite3 jansson icu-uc icu-i18n libzip expat freexl libmicrohttpd nettle
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
CFLAGS   ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) \
	$(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) -Isrc -MMD -MP
LIBS     := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null || echo -lsqlite3 -ljansson -licui18n -licuuc -lzip -lexpat -lfreexl -lmicrohttpd -lnettle) -lcsv -lm -lpthread
LDFLAGS  ?=
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS    += -fsanitize=$(SANITIZE)
endif
ifneq ($(DEVELOPER),)
ALL_CFLAGS += -Werror
endif

B        := build$(if $(SANITIZE),-san)
LIB_SRC  := $(wildcard src/lib/*.c src/lib/*/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
# the JSON objects both clients print (the CLI's --format json, the website's API)
RENDER_SRC := $(wildcard src/render/*.c)
# the website of `powtrace serve`, and its stylesheet and script, embedded
WEB_SRC  := $(wildcard src/web/*.c)
WEB_ASSETS := src/web/assets/style.css src/web/assets/app.js
TEST_SRC := $(wildcard tests/unit/*.c)
SCHEMA   := $(sort $(wildcard schema/[0-9]*.sql))

LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o) $(B)/gen/schema.o $(B)/gen/gazetteer.o
# the name search's tables (data/names/), embedded like the gazetteer
LIB_OBJ  += $(B)/gen/dmrules.o $(B)/gen/given_names.o
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o) $(RENDER_SRC:%.c=$(B)/%.o) $(WEB_SRC:%.c=$(B)/%.o) \
	$(B)/gen/web_style.o $(B)/gen/web_app.o
TEST_OBJ := $(TEST_SRC:%.c=$(B)/%.o)

LIB      := $(B)/libpowtrace.a
BIN      := $(B)/powtrace
UNIT     := $(B)/unit-tests

.PHONY: all check test-run demo deps install uninstall clean bench fuzz help valgrind gazetteer workbooks \
	check-gramps check-layering stress docs
all: $(BIN) $(LIB) docs

help:
	@echo "make [all]      build $(BIN) and $(LIB)"
	@echo "make demo       install dependencies, build, load fixtures/, show the results"
	@echo "make check      run the library and command-line tests"
	@echo "make valgrind   run the tests under valgrind"
	@echo "make check-layering  check that includes and calls only go down the folders (src/README.md)"
	@echo "make check-gramps  install gramps, import the GEDCOM export into it, read it back"
	@echo "make bench      measure speed and memory against the sqlite3 shell"
	@echo "make fuzz       run the libFuzzer targets (FUZZ_TIME=30 seconds each)"
	@echo "make docs       the man pages and the bash and zsh completions (from the help texts)"
	@echo "make stress     races, kill -9, disk full, read-only media, hostile bytes (slow)"
	@echo "make install    install to \$$(DESTDIR)\$$(PREFIX) (PREFIX=$(PREFIX))"
	@echo "knobs: CC CFLAGS PREFIX DESTDIR SANITIZE=address,undefined DEVELOPER=1"

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# the library's files include their folders' headers as "core/core.h", ...
$(LIB_SRC:%.c=$(B)/%.o): ALL_CFLAGS += -Isrc/lib

$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -o $@ $<

$(B)/gen/schema.c: $(SCHEMA) $(B)/tools/embed
	@mkdir -p $(dir $@)
	$(B)/tools/embed $(SCHEMA) > $@.tmp && mv $@.tmp $@

$(B)/gen/schema.o: $(B)/gen/schema.c
	$(CC) $(ALL_CFLAGS) -Isrc/lib -c -o $@ $<

# the camp gazetteer, embedded so that `init` needs no file at run time;
# `make gazetteer` regenerates data/gazetteer/ from ../shared/data
GAZETTEER := data/gazetteer/gazetteer.json
$(B)/tools/embed_data: tools/embed_data.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -o $@ $<

$(B)/gen/gazetteer.c: $(GAZETTEER) $(B)/tools/embed_data
	@mkdir -p $(dir $@)
	$(B)/tools/embed_data pt__gazetteer_json $(GAZETTEER) > $@.tmp && mv $@.tmp $@

$(B)/gen/gazetteer.o: $(B)/gen/gazetteer.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# name search tables: the Daitch-Mokotoff rules and the given-name equivalents
$(B)/gen/dmrules.c: data/names/dmrules.txt $(B)/tools/embed_data
	@mkdir -p $(dir $@)
	$(B)/tools/embed_data pt__dmrules_txt $< > $@.tmp && mv $@.tmp $@

$(B)/gen/given_names.c: data/names/given_names.tsv $(B)/tools/embed_data
	@mkdir -p $(dir $@)
	$(B)/tools/embed_data pt__given_names_tsv $< > $@.tmp && mv $@.tmp $@

$(B)/gen/dmrules.o $(B)/gen/given_names.o: %.o: %.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# the website's files: served from the binary, never from the file system
$(B)/gen/web_style.c: src/web/assets/style.css $(B)/tools/embed_data
	@mkdir -p $(dir $@)
	$(B)/tools/embed_data web__style_css $< > $@.tmp && mv $@.tmp $@

$(B)/gen/web_app.c: src/web/assets/app.js $(B)/tools/embed_data
	@mkdir -p $(dir $@)
	$(B)/tools/embed_data web__app_js $< > $@.tmp && mv $@.tmp $@

$(B)/gen/web_style.o $(B)/gen/web_app.o: %.o: %.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# tools built on the library: the gazetteer generator and the person generator
$(B)/tools/%: tools/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/lib $(LDFLAGS) -o $@ $< $(LIB) $(LIBS)

# the small workbooks the tests read (tests/data/workbooks/; the .xls ones
# need Debian's python3-xlwt)
workbooks: $(B)/tools/make_workbooks
	@mkdir -p tests/data/workbooks/broken
	$(B)/tools/make_workbooks tests/data/workbooks
	/usr/bin/python3 tools/make_xls.py tests/data/workbooks

gazetteer: $(B)/tools/make_gazetteer
	$(B)/tools/make_gazetteer $${PT_SHARED_DATA:-../shared/data} fixtures $(GAZETTEER)

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LIBS)

$(UNIT): $(TEST_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(LIBS)

$(TEST_OBJ): ALL_CFLAGS += -Isrc/lib -Itests/unit

# the man pages and the shell completions, made from the help texts the
# binary prints so that they never drift from it (tools/gen_docs.sh)
DOCS_GEN := tools/gen_docs.sh tools/gen_man.awk tools/gen_spec.awk tools/gen_bash.awk \
	tools/gen_zsh.awk tools/completion.bash
docs: $(B)/docs.stamp
$(B)/docs.stamp: $(BIN) $(DOCS_GEN)
	@sh tools/gen_docs.sh $(BIN) $(B)
	@touch $@

deps:
	@sh tools/install-deps.sh

# check installs what is missing first, so that it works on a fresh machine
check: deps
	@$(MAKE) --no-print-directory test-run

# the linkage's quality case (tests/cli 6060) runs the register generator
LINK_TOOLS := $(B)/tools/gen_registers $(B)/tools/link_score
test-run: $(BIN) $(UNIT) $(LINK_TOOLS) docs
	@sh tools/check.sh $(B)

# includes and calls go down the library's folders; only pt_ names exported
check-layering: $(BIN) $(LIB)
	@sh tools/check_layering.sh $(B)

valgrind: $(BIN) $(UNIT) $(LINK_TOOLS)
	@PT_VALGRIND=1 sh tools/check.sh $(B)

# the GEDCOM export imported into Gramps and read back; installs gramps first
check-gramps: $(BIN)
	@sh tools/install-deps.sh gramps
	@sh tools/check_gramps.sh $(B)

demo: deps
	@$(MAKE) -s --no-print-directory all
	@sh tools/demo.sh $(BIN)

MANDIR   := $(PREFIX)/share/man/man1
DOCDIR   := $(PREFIX)/share/doc/powtrace
BASHDIR  := $(PREFIX)/share/bash-completion/completions
ZSHDIR   := $(PREFIX)/share/zsh/site-functions
# what goes to DOCDIR: the README, the schema's and everything in docs/
DOC_FILES := README.md $(wildcard docs/*.md)

install: $(BIN) $(LIB) docs
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib \
		$(DESTDIR)$(MANDIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR)
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/powtrace
	install -m 644 src/powtrace.h $(DESTDIR)$(PREFIX)/include/powtrace.h
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libpowtrace.a
	install -m 644 $(B)/man/*.1 $(DESTDIR)$(MANDIR)
	install -m 644 $(B)/completion/powtrace.bash $(DESTDIR)$(BASHDIR)/powtrace
	install -m 644 $(B)/completion/_powtrace $(DESTDIR)$(ZSHDIR)/_powtrace
	install -m 644 $(DOC_FILES) $(DESTDIR)$(DOCDIR)
	install -m 644 schema/README.md $(DESTDIR)$(DOCDIR)/schema.md

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/powtrace $(DESTDIR)$(PREFIX)/include/powtrace.h \
		$(DESTDIR)$(PREFIX)/lib/libpowtrace.a \
		$(DESTDIR)$(MANDIR)/powtrace.1 $(DESTDIR)$(MANDIR)/powtrace-*.1 \
		$(DESTDIR)$(BASHDIR)/powtrace $(DESTDIR)$(ZSHDIR)/_powtrace
	rm -rf $(DESTDIR)$(DOCDIR)

# slower tiers, run by a developer before submitting (not by make check)
bench: deps
	@$(MAKE) -s --no-print-directory all
	@sh tools/bench.sh $(B)

# what a user can do to the data, the slow way (tools/stress.sh): concurrent
# first imports, outputs at the database, kill -9, a full disk and read-only
# media (as root), hostile bytes everywhere; STRESS_ROUNDS=30
stress: $(BIN)
	@sh tools/stress.sh $(B)

# libFuzzer targets (clang): each runs FUZZ_TIME seconds (default 30)
fuzz:
	@sh tools/fuzz/run.sh

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(B) -name '*.d' 2>/dev/null)

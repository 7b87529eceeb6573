/*
 * cli.h - what the powtrace command's files share: the command table entry,
 * the run context, option parsing and output helpers. The command line is a
 * client of the library: it includes only powtrace.h of the library's headers.
 */
#ifndef PT_CLI_H
#define PT_CLI_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "powtrace.h"
#include "render/render.h"

#define EXIT_OK      0
#define EXIT_FAIL    1
#define EXIT_USAGE   2

enum output_format { OUT_TABLE, OUT_CSV, OUT_JSON };

struct cli {
	const char *db_path;   /* --db, $POWTRACE_DB or ./powtrace.db */
	pt_db *db;             /* opened by the dispatcher when the command needs it */
	const char *command;
	int discard_new_db;    /* set by a command: remove the file if this run made it
				  (import --dry-run); a failing command's is removed too,
				  both only when nobody else uses it (pt_db_discard) */
	int committed;         /* set by a command once its change to the database is
				  committed: a later failure to print says so */
	int csv_raw;           /* --csv-raw: CSV cells are written as they are */
	int busy_timeout_ms;   /* --busy-timeout SECONDS; 0: the library's default */
	int wide;              /* --wide: tables are never cut to the terminal's width */
};

/* flags of a command */
#define CMD_DB      0x1   /* needs the database */
#define CMD_WRITES  0x2   /* writes it: opened read-write (readers open it read-only) */
#define CMD_CREATES 0x4   /* and creates it when missing */

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	unsigned flags;
	const char *summary;   /* one line for `powtrace --help` */
	const char *usage;     /* the full help text for `powtrace NAME --help` */
};
/* (main.c also lists the option tables of the commands that use cli_parse.) */

/* ---- the option parser (opt.c) ----
 * A command lists its options in a static table that says where each value
 * goes in the command's struct of arguments, and calls cli_parse(). With
 * POWTRACE_DUMP_OPTIONS set, `powtrace CMD --help` prints the table instead
 * of the help (tools/gen_docs.sh reads it for the completions). */
enum cli_option_type {
	CLI_FLAG,      /* --name: an int set to 1 */
	CLI_TEXT,      /* --name VALUE: a const char * (the last given wins) */
	CLI_LIST,      /* --name VALUE, repeatable: a struct cli_list of them all */
	CLI_INT,       /* --name N: a long long from min to max */
	CLI_CHOICE     /* --name WORD, one of choices "a|b|c": an int, its index */
};
#define CLI_IS_FILE  0x1   /* the value names a file */
#define CLI_EMPTY_OK 0x2   /* an empty value is a value (else a usage error) */
#define CLI_SAY_UNKNOWN 0x4 /* a bad choice is "unknown NAME 'X' (a, b or c)", the
			       words of the commands that parsed by hand (tests pin them) */
#define CLI_NO_MAX   LLONG_MAX

struct cli_option {
	const char *name;        /* "source" for --source; NULL ends a table */
	char short_name;         /* 'n' for -n, or 0 */
	enum cli_option_type type;
	size_t offset;           /* of the value in the command's struct of arguments */
	const char *choices;     /* CLI_CHOICE */
	long long min, max;      /* CLI_INT */
	unsigned flags;          /* CLI_IS_FILE, CLI_EMPTY_OK */
};

struct cli_list {
	const char **items;      /* borrowed from argv */
	size_t count;
};

#define CLI_OPT_FLAG(n, T, f) { n, 0, CLI_FLAG, offsetof(T, f), NULL, 0, 0, 0 }
#define CLI_OPT_TEXT(n, T, f) { n, 0, CLI_TEXT, offsetof(T, f), NULL, 0, 0, 0 }
#define CLI_OPT_FILE(n, T, f) { n, 0, CLI_TEXT, offsetof(T, f), NULL, 0, 0, CLI_IS_FILE }
#define CLI_OPT_LIST(n, T, f) { n, 0, CLI_LIST, offsetof(T, f), NULL, 0, 0, 0 }
#define CLI_OPT_INT(n, T, f, lo, hi) { n, 0, CLI_INT, offsetof(T, f), NULL, lo, hi, 0 }
#define CLI_OPT_CHOICE(n, T, f, c) { n, 0, CLI_CHOICE, offsetof(T, f), c, 0, 0, 0 }
/* --format table|csv|json into an int (enum output_format), as cli_format_option */
#define CLI_OPT_FORMAT(T, f) { "format", 0, CLI_CHOICE, offsetof(T, f), "table|csv|json", 0, 0, \
			       CLI_SAY_UNKNOWN }
#define CLI_OPT_END { NULL, 0, CLI_FLAG, 0, NULL, 0, 0, 0 }

/* Reads argv[1..argc) by the table `opts` into `args`; every argument that
 * is not an option (and all after "--") goes to *positional in order.
 * Returns 0, or EXIT_USAGE after printing the usage error. The caller
 * releases *positional and each CLI_LIST with cli_list_release(). */
int cli_parse(struct cli *cli, const struct cli_option *opts, void *args, int argc, char **argv,
	      struct cli_list *positional);
/* cli_parse for a command that takes options only: an argument is
 * "unexpected argument 'X'". */
int cli_parse_options(struct cli *cli, const struct cli_option *opts, void *args, int argc,
		      char **argv);
void cli_list_release(struct cli_list *list);
/* One line a option: "--name<TAB>flag|value|file|choice<TAB>choices". */
void cli_options_dump(const struct cli_option *opts, FILE *f);
/* (main.c also lists the commands of which only some subcommands write.) */

/* Prints "powtrace: WHAT" (printf-style) to stderr; returns EXIT_FAIL. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "powtrace: COMMAND: WHAT" and a hint to stderr; returns EXIT_USAGE. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reads "--format X" / "--format=X" at argv[*i]; returns 1 when it matched,
 * -1 on a bad value (message printed), 0 when argv[*i] is something else. */
int cli_format_option(struct cli *cli, int argc, char **argv, int *i, enum output_format *out);
/* Reads "--NAME VALUE" / "--NAME=VALUE", and "-X VALUE" / "-XVALUE" when
 * the option has the short name X (cli_short_name); same returns. */
int cli_value_option(struct cli *cli, int argc, char **argv, int *i, const char *name,
		     const char **value);
int cli_is_help(const char *arg);
/* The short name of option --name ('n' for --limit), or 0. */
char cli_short_name(const char *name);

/* Terminal safety (term.c): stdout and stderr escape control characters,
 * bidirectional overrides and bytes that are not UTF-8 (README.md). */
void cli_streams_init(void);
/* Flushes and puts the real streams back; returns the errno of a failed
 * write to standard output, or 0. */
int cli_streams_finish(void);
/* The real standard output, for data formats (CSV, JSON, GEDCOM, SVG),
 * written exactly; what was printed before is flushed first. */
FILE *cli_data_out(void);
/* The real standard error, for the progress line's own control sequence. */
FILE *cli_raw_stderr(void);
/* An escaped copy of s (caller frees; NULL when out of memory): layout_ok
 * lets newline and tab through. */
char *cli_escape(const char *s, int layout_ok);
int cli_needs_escape(const char *s, int layout_ok);
int cli_is_unsafe(unsigned code_point, int layout_ok);
/* The terminal's width in columns when standard output is a terminal
 * (TIOCGWINSZ, else $COLUMNS, else 80); 0 when it is not (a pipe, a file):
 * then tables are written whole. */
int cli_terminal_width(void);

/* Output helpers (out.c). */
struct table;
struct table *table_new(int columns, const char *const headers[]); /* headers may be NULL */
void table_add(struct table *t, const char *const cells[]);  /* NULL cells print as "" */
/* Prints the table aligned; when it is wider than the width table_fit_width
 * set, the widest columns are narrowed and their cells cut with "…". */
void table_print(struct table *t, FILE *f, const char *indent);
/* The width tables must fit (the dispatcher sets it from the terminal, 0
 * for --wide and for output to a pipe or file: no limit). */
void table_fit_width(int columns);
void table_print_csv(struct table *t, FILE *f);
/* raw: CSV cells as they are; else one that starts like a formula gets a '
 * in front (the dispatcher sets it from --csv-raw). */
void table_csv_raw(int raw);
void table_free(struct table *t);
void cli_field(struct table *t, const char *label, const char *value); /* wraps long values */
char *cli_join_name(const char *surname, const char *given); /* "Surname, Given"; malloc'd */

static inline const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Writes a JSON document to stdout, followed by a newline. A NULL document
 * (one that could not be built) is an error: said, and the exit status 1. */
int json_print(json_t *doc);
/* Says that output could not be made (cli_error) and makes the command
 * exit 1; returns -1. */
int cli_output_failed(const char *what);
int cli_output_ok(void);
/* json_string() that turns NULL into null. */
json_t *json_text(const char *s);

/* Commands (cmd_*.c). */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);

extern const char help_init[], help_import[], help_show[];

int cmd_count(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_camps(struct cli *cli, int argc, char **argv);
/* `camps merge|unmerge|merges|verify|alias` (cmd_camps_edit.c): the exit
 * status, or -1 when argv[1] is none of them. */
int cli_camps_edit(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
extern const char help_count[], help_report[], help_camps[], help_export[];

/* The person filter options shared by count and report (cmd_count.c):
 * embed a struct cli_filter in the command's arguments, put
 * CLI_FILTER_OPTIONS in its option table, and turn it into a pt_filter with
 * cli_filter_build (copies, split at commas but for --camp; EXIT_OK, or
 * EXIT_USAGE with the message printed); release the arguments with
 * cli_filter_args_release and the pt_filter with cli_filter_release. */
struct cli_filter {
	struct cli_list nationality, camp, status, event, source;
	struct cli_list between;   /* a list only to say "give --between once" */
	int records;
};
#define CLI_FILTER_OPTIONS(T, m) \
	CLI_OPT_LIST("nationality", T, m.nationality), \
	CLI_OPT_LIST("camp", T, m.camp), \
	CLI_OPT_LIST("status", T, m.status), \
	CLI_OPT_LIST("event", T, m.event), \
	CLI_OPT_LIST("between", T, m.between), \
	CLI_OPT_LIST("source", T, m.source), \
	CLI_OPT_FLAG("records", T, m.records)
int cli_filter_build(struct cli *cli, const struct cli_filter *m, pt_filter *f);
void cli_filter_args_release(struct cli_filter *m);
void cli_filter_release(pt_filter *f);
/* "nationality GB, US; status unaccounted" for titles; caller frees. */
char *cli_filter_describe(const pt_filter *f);
/* Prints a count as a table with a total row, CSV or JSON (cmd_count.c). */
void cli_count_print(const pt_count *c, int percent, enum output_format format);
/* json_print() with real numbers to 12 significant digits (51.446, not
 * 51.445999999999998), for coordinates and shares (cmd_count.c). */
int cli_json_print_reals(json_t *doc);

/* Name search (cmd_find.c, cmd_keys.c) and GEDCOM export (cmd_export_gedcom.c,
 * reached through `export --gedcom`). */
int cmd_find(struct cli *cli, int argc, char **argv);
int cmd_keys(struct cli *cli, int argc, char **argv);
int cli_export_gedcom(struct cli *cli, int argc, char **argv);
extern const char help_find[], help_keys[];
/* the GEDCOM part of `powtrace export --help` (help_export in cmd_export.c) */
#define HELP_EXPORT_GEDCOM \
	"usage: powtrace [--db FILE] export --gedcom [--gedcom-version 5.5.1|7]\n" \
	"                [--output FILE] ID...\n" \
	"       powtrace [--db FILE] export --gedcom [...] --find NAME [FIND OPTIONS]\n\n" \
	"Writes persons as a GEDCOM file in UTF-8 for a family-tree program: GEDCOM\n" \
	"5.5.1 by default (Gramps 5.1, Ancestry and most programs read it), GEDCOM\n" \
	"7.0 with --gedcom-version 7. Each person gets every name form (a Cyrillic one\n" \
	"as an alternative name with its romanisation), sex, birth, the captivity\n" \
	"events as EVEN with a TYPE (Capture, Internment, Liberation, ...) with their\n" \
	"dates and places (camps with coordinates where known), nationality, service,\n" \
	"case status and record reference; the sources cited follow, each citation\n" \
	"with its page and quality (QUAY 0-3).\n\n" \
	"  ID...                 person ids (as 'find' and 'show' give them)\n" \
	"  --find NAME           the persons a name search finds (with its options\n" \
	"                        --born --nationality --camp --status --unit --limit)\n" \
	"  --gedcom-version V    5.5.1 (default) or 7\n" \
	"  --output FILE         write to FILE instead of standard output\n\n" \
	"The header's date is today's, or that of $SOURCE_DATE_EPOCH when set.\n"

/* `export --persons` (cmd_export_persons.c): records in the import's formats */
int cli_export_persons(struct cli *cli, int argc, char **argv);
#define HELP_EXPORT_PERSONS \
	"usage: powtrace [--db FILE] export --persons [--format json|jsonl|csv]\n" \
	"                [--output FILE] [ID... | FILTER...]\n\n" \
	"Writes person records in the import's own formats, so that 'powtrace import'\n" \
	"reads them back into the same records, in a fresh database too: every name\n" \
	"form in every script, the events in order with their EDTF dates and the date\n" \
	"texts the records wrote, camps and operations, agents, notes, every citation\n" \
	"with its locator and grades, the kept columns, the source and record id of\n" \
	"each record. Without ID, every record; with IDs, the records of those men\n" \
	"(an ID as 'show' reads it); with filters, the records of the men that pass\n" \
	"them, as 'powtrace list' takes them: --nationality --camp --status --event\n" \
	"--between --source --born --unit --batch --no-name --not-searched-in --records.\n\n" \
	"  --format json    one JSON document (the default): the persons, and the\n" \
	"                   sources, camps (with their locations) and operations they\n" \
	"                   refer to, so that the file imports alone\n" \
	"  --format jsonl   JSON Lines: one person record a line, nothing else (import\n" \
	"                   the sources and camps first)\n" \
	"  --format csv     the flat CSV, one record a row: a column for each field\n" \
	"                   used, capture_date, capture_camp, ... for each event type,\n" \
	"                   the kept columns by their names. What a record holds beyond\n" \
	"                   the columns (a second name form, two events of a type,\n" \
	"                   graded citations, ...) is named on standard error, and the\n" \
	"                   rest written\n" \
	"  --output FILE    write to FILE (whole or not at all) instead of standard\n" \
	"                   output\n"

/* Sources, claims and cross-references (cmd_source.c, cmd_claims.c, cmd_xref.c). */
int cmd_source(struct cli *cli, int argc, char **argv);
int cmd_claims(struct cli *cli, int argc, char **argv);
int cmd_xref(struct cli *cli, int argc, char **argv);
extern const char help_source[], help_claims[], help_xref[];

/* Their output helpers (claims_out.c). */
const char *cite_grade(const pt_cite *c, char *buf, size_t size); /* "original/primary/direct, ..." */
void print_source_fields(const pt_source *s);                      /* cmd_source.c */
void cli_number(double value, char *buf, size_t size);             /* "23,500" */
/* A JSON array printed element by element, as json_print() would print it. */
struct json_stream { size_t count; };
void json_stream_item(struct json_stream *s, json_t *item); /* takes item's reference */
void json_stream_end(struct json_stream *s);
/* --tolerance PCT: 1 when it matched, -1 on a bad value (message printed), 0 otherwise. */
int cli_tolerance_option(struct cli *cli, int argc, char **argv, int *i, double *out);
int cli_tolerance_value(struct cli *cli, const char *value, double *out);

/* `powtrace list` (cmd_list.c) and the filters of men it shares with
 * `export --persons`: embed a struct cli_men_filter in the command's
 * arguments, put CLI_MEN_FILTER_OPTIONS in its option table, and turn it
 * into pt_list_options with cli_men_filter_build (usage errors printed),
 * releasing both with cli_men_filter_release. */
struct cli_men_filter {
	struct cli_list nationality, camp, status, event, source, unit, batch;
	const char *between, *born, *not_searched_in;
	int records, no_name;
	char **owned;         /* copies split at commas */
	size_t owned_count;
	int64_t *batch_ids;
};
#define CLI_MEN_FILTER_OPTIONS(T, m) \
	CLI_OPT_LIST("nationality", T, m.nationality), \
	CLI_OPT_LIST("camp", T, m.camp), \
	CLI_OPT_LIST("status", T, m.status), \
	CLI_OPT_LIST("event", T, m.event), \
	CLI_OPT_TEXT("between", T, m.between), \
	CLI_OPT_LIST("source", T, m.source), \
	CLI_OPT_TEXT("born", T, m.born), \
	CLI_OPT_LIST("unit", T, m.unit), \
	CLI_OPT_LIST("batch", T, m.batch), \
	CLI_OPT_FLAG("no-name", T, m.no_name), \
	CLI_OPT_TEXT("not-searched-in", T, m.not_searched_in), \
	CLI_OPT_FLAG("records", T, m.records)
int cli_men_filter_build(struct cli *cli, const struct cli_men_filter *f, pt_list_options *o);
void cli_men_filter_release(struct cli_men_filter *f, pt_list_options *o);
int cmd_list(struct cli *cli, int argc, char **argv);
extern const char help_list[];
extern const struct cli_option list_options[];

/* What a researcher adds and searched (cmd_add.c, cmd_searched.c), and
 * the dossier's part of it (research_out.c). */
int cmd_add(struct cli *cli, int argc, char **argv);
int cmd_searched(struct cli *cli, int argc, char **argv);
extern const char help_add[], help_searched[];
extern const struct cli_option add_options[], searched_options[];
extern const struct cli_option unlink_options[];
extern const struct cli_option unimport_options[], show_options[];
extern const struct cli_option keys_options[];
extern const struct cli_option xref_options[];
extern const struct cli_option count_options[], serve_options[], init_options[];
/* The research on the man of record `id`, printed as the dossier's last
 * section (nothing when there is none). EXIT_OK or EXIT_FAIL (message
 * printed). */
int cli_research_print(struct cli *cli, int64_t id);
/* Takes back research entry `id` and says so (cmd_add.c). */
int cli_research_undo(struct cli *cli, long long id, int json);
/* made_by of what a person does: $USER, else "unknown" */
const char *cli_user(void);

/* Import batches (cmd_batches.c, cmd_unimport.c). */
int cmd_batches(struct cli *cli, int argc, char **argv);
int cmd_unimport(struct cli *cli, int argc, char **argv);
extern const char help_batches[], help_unimport[];

/* Record linkage (cmd_link.c, cmd_link_show.c, cmd_unlink.c). */
int cmd_link(struct cli *cli, int argc, char **argv);
int cmd_unlink(struct cli *cli, int argc, char **argv);
extern const char help_link[], help_unlink[];
int cli_link_review(struct cli *cli, int argc, char **argv);
int cli_link_explain(struct cli *cli, int argc, char **argv);
/* Reads the two record ids A and B of `COMMAND A B` from args: 0, or
 * EXIT_USAGE with the message printed (cmd_link_show.c). */
int cli_link_record_pair(struct cli *cli, const struct cli_list *args, const char *command,
			 int64_t *a, int64_t *b);
int cli_link_clusters(struct cli *cli, int argc, char **argv);
int cli_link_model(struct cli *cli, int argc, char **argv);
/* A record id argument: 0, or -1 after a usage error (printed). */
int cli_record_id(struct cli *cli, const char *arg, int64_t *out);
/* Who decides: --by, else $USER, else "unknown". */
const char *cli_decider(const char *by);
/* The website (cmd_serve.c; the server is src/web/). */
int cmd_serve(struct cli *cli, int argc, char **argv);
extern const char help_serve[];

#endif

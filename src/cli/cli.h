/*
 * cli.h - what the powtrace command's files share: the command table entry,
 * the run context, option parsing and output helpers. The command line is a
 * client of the library: it includes only powtrace.h of the library's headers.
 */
#ifndef PT_CLI_H
#define PT_CLI_H

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
/* (main.c also lists the commands of which only some subcommands write.) */

/* Prints "powtrace: WHAT" (printf-style) to stderr; returns EXIT_FAIL. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "powtrace: COMMAND: WHAT" and a hint to stderr; returns EXIT_USAGE. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reads "--format X" / "--format=X" at argv[*i]; returns 1 when it matched,
 * -1 on a bad value (message printed), 0 when argv[*i] is something else. */
int cli_format_option(struct cli *cli, int argc, char **argv, int *i, enum output_format *out);
/* Reads "--NAME VALUE" / "--NAME=VALUE"; same returns. */
int cli_value_option(struct cli *cli, int argc, char **argv, int *i, const char *name,
		     const char **value);
int cli_is_help(const char *arg);

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

/* Output helpers (out.c). */
struct table;
struct table *table_new(int columns, const char *const headers[]); /* headers may be NULL */
void table_add(struct table *t, const char *const cells[]);  /* NULL cells print as "" */
void table_print(struct table *t, FILE *f, const char *indent);
void table_print_csv(struct table *t, FILE *f);
/* raw: CSV cells as they are; else one that starts like a formula gets a '
 * in front (the dispatcher sets it from --csv-raw). */
void table_csv_raw(int raw);
void table_free(struct table *t);

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
int cmd_export(struct cli *cli, int argc, char **argv);
extern const char help_count[], help_report[], help_camps[], help_export[];

/* The person filter options shared by count and report (cmd_count.c):
 * --nationality, --camp, --status, --event, --between, --source. Returns 1
 * when argv[*i] was one (its values added to *f: copies, split at commas but
 * for --camp; free them with cli_filter_release), 0 when it was not, -1 on a
 * usage error (message printed). */
int cli_filter_option(struct cli *cli, int argc, char **argv, int *i, pt_filter *f);
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

/* Sources, claims and cross-references (cmd_source.c, cmd_claims.c, cmd_xref.c). */
int cmd_source(struct cli *cli, int argc, char **argv);
int cmd_claims(struct cli *cli, int argc, char **argv);
int cmd_xref(struct cli *cli, int argc, char **argv);
extern const char help_source[], help_claims[], help_xref[];

/* Their output helpers (claims_out.c). */
const char *cite_grade(const pt_cite *c, char *buf, size_t size); /* "original/primary/direct, ..." */
void print_source_fields(const pt_source *s);                      /* cmd_source.c */
void cli_field(struct table *t, const char *label, const char *value); /* wraps long values */
void cli_number(double value, char *buf, size_t size);             /* "23,500" */
/* A JSON array printed element by element, as json_print() would print it. */
struct json_stream { size_t count; };
void json_stream_item(struct json_stream *s, json_t *item); /* takes item's reference */
void json_stream_end(struct json_stream *s);
/* --tolerance PCT: 1 when it matched, -1 on a bad value (message printed), 0 otherwise. */
int cli_tolerance_option(struct cli *cli, int argc, char **argv, int *i, double *out);

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

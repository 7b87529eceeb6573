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

#define EXIT_OK      0
#define EXIT_FAIL    1
#define EXIT_USAGE   2

enum output_format { OUT_TABLE, OUT_CSV, OUT_JSON };

struct cli {
	const char *db_path;   /* --db, $POWTRACE_DB or ./powtrace.db */
	pt_db *db;             /* opened by the dispatcher when the command needs it */
	const char *command;
};

/* flags of a command */
#define CMD_DB      0x1   /* needs the database */
#define CMD_WRITES  0x2   /* writes it (created when missing) */

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	unsigned flags;
	const char *summary;   /* one line for `powtrace --help` */
	const char *usage;     /* the full help text for `powtrace NAME --help` */
};

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

/* Output helpers (out.c). */
struct table;
struct table *table_new(int columns, const char *const headers[]); /* headers may be NULL */
void table_add(struct table *t, const char *const cells[]);  /* NULL cells print as "" */
void table_print(struct table *t, FILE *f, const char *indent);
void table_print_csv(struct table *t, FILE *f);
void table_free(struct table *t);

/* Writes a JSON document to stdout, followed by a newline. */
int json_print(json_t *doc);
/* json_string() that turns NULL into null. */
json_t *json_text(const char *s);

/* Commands (cmd_*.c). */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);

extern const char help_init[], help_import[], help_show[];

#endif

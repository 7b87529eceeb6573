/*
 * main.c - the powtrace command: global options, the command table, and
 * the dispatcher that opens the database once and checks that standard
 * output was written.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct command commands[] = {
	{ "init", cmd_init, CMD_DB | CMD_WRITES,
	  "create a database, or bring an old one up to date", help_init },
	{ "import", cmd_import, CMD_DB | CMD_WRITES,
	  "import records from CSV and JSON files (whole or not at all)", help_import },
	{ "show", cmd_show, CMD_DB,
	  "print the dossier of one person: names, events, sources, status", help_show },
	{ "batches", cmd_batches, CMD_DB, "list the imports (file, checksum, counts)", help_batches },
	{ "unimport", cmd_unimport, CMD_DB | CMD_WRITES,
	  "take back what one import batch brought in", help_unimport },
	{ "find", cmd_find, CMD_DB,
	  "find persons by name: variants, nicknames, phonetic, Cyrillic, wildcards", help_find },
	{ "keys", cmd_keys, 0,
	  "print the search keys of a name (why two names meet or do not)", help_keys },
	{ "count", cmd_count, CMD_DB,
	  "count persons by nationality, camp, status, year, ... (table, csv, json, svg)", help_count },
	{ "report", cmd_report, CMD_DB,
	  "reports: who is unaccounted for, a camp's dossier", help_report },
	{ "camps", cmd_camps, CMD_DB,
	  "list and search the camps (the gazetteer)", help_camps },
	{ "export", cmd_export, CMD_DB,
	  "export camps as GeoJSON (maps), persons as GEDCOM (family trees)", help_export },
	{ "source", cmd_source, CMD_DB | CMD_WRITES,
	  "add, list and show sources (books, archival files, registers, ...)", help_source },
	{ "claims", cmd_claims, CMD_DB,
	  "claims: list, show, conflicts, unsupported, check against the records", help_claims },
	{ "xref", cmd_xref, CMD_DB,
	  "cross-reference a source: what it supports, cites, is cited by", help_xref },
	{ "serve", cmd_serve, 0,
	  "publish the database read-only as a website with a JSON API", help_serve },
};

#define COMMAND_COUNT (sizeof commands / sizeof *commands)

static void print_help(FILE *f)
{
	fputs("usage: powtrace [--db FILE] COMMAND [ARGS...]\n"
	      "       powtrace --help | --version | COMMAND --help\n\n"
	      "powtrace keeps records of missing prisoners of war in a SQLite file.\n\n"
	      "commands:\n", f);
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\noptions:\n"
	      "  --db FILE   the database (default: $POWTRACE_DB, else ./powtrace.db)\n"
	      "  --help      this help; 'powtrace COMMAND --help' for a command's own\n"
	      "  --version   print the version\n\n"
	      "exit status: 0 success, 1 failure, 2 usage error\n", f);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("powtrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	/* before a command is chosen, the error is the program's own */
	const char *command = cli->command && strcmp(cli->command, "powtrace") ? cli->command : NULL;
	va_list ap;
	fputs("powtrace: ", stderr);
	if (command)
		fprintf(stderr, "%s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'powtrace %s%s--help'.\n", command ? command : "", command ? " " : "");
	return EXIT_USAGE;
}

int cli_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int cli_value_option(struct cli *cli, int argc, char **argv, int *i, const char *name,
		     const char **value)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);

	if (strncmp(arg, "--", 2) || strncmp(arg + 2, name, n))
		return 0;
	if (arg[2 + n] == '=') {
		*value = arg + 3 + n;
	} else if (arg[2 + n] == '\0') {
		if (*i + 1 >= argc) {
			cli_usage_error(cli, "option '--%s' needs a value", name);
			return -1;
		}
		*value = argv[++*i];
	} else {
		return 0;
	}
	return 1;
}

int cli_format_option(struct cli *cli, int argc, char **argv, int *i, enum output_format *out)
{
	const char *value = NULL;
	int rc = cli_value_option(cli, argc, argv, i, "format", &value);
	if (rc <= 0)
		return rc;
	if (!strcmp(value, "table"))
		*out = OUT_TABLE;
	else if (!strcmp(value, "csv"))
		*out = OUT_CSV;
	else if (!strcmp(value, "json"))
		*out = OUT_JSON;
	else {
		cli_usage_error(cli, "unknown format '%s' (table, csv or json)", value);
		return -1;
	}
	return 1;
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int open_database(struct cli *cli, const struct command *cmd)
{
	int flags = (cmd->flags & CMD_WRITES) ? PT_OPEN_CREATE : 0;
	int rc;

	if (!(cmd->flags & CMD_WRITES) && strcmp(cli->db_path, ":memory:")) {
		FILE *f = fopen(cli->db_path, "rb");
		if (!f)
			return cli_error("%s: no database here (%s); create it with 'powtrace "
					 "init' or 'powtrace import'", cli->db_path, strerror(errno));
		fclose(f);
	}
	rc = pt_db_open(&cli->db, cli->db_path, flags);
	if (rc) {
		cli_error("%s", pt_db_errmsg(cli->db));
		pt_db_free(cli->db);
		cli->db = NULL;
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* Removes the database file (and its WAL files) if this run created it. */
static void discard_created_db(struct cli *cli)
{
	char extra[4096];
	if (!cli->db_created)
		return;
	remove(cli->db_path);
	snprintf(extra, sizeof extra, "%s-wal", cli->db_path);
	remove(extra);
	snprintf(extra, sizeof extra, "%s-shm", cli->db_path);
	remove(extra);
	snprintf(extra, sizeof extra, "%s-journal", cli->db_path);
	remove(extra);
}

int main(int argc, char **argv)
{
	struct cli cli = { .command = "powtrace" };
	const struct command *cmd;
	int i = 1, status;

	cli.db_path = getenv("POWTRACE_DB");
	if (!cli.db_path || !*cli.db_path)
		cli.db_path = "powtrace.db";

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *value;
		int rc;
		if (cli_is_help(argv[i])) {
			print_help(stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--version")) {
			printf("powtrace %s (database schema %d)\n", pt_version(),
			       pt_schema_latest());
			return EXIT_OK;
		}
		rc = cli_value_option(&cli, argc, argv, &i, "db", &value);
		if (rc < 0)
			return EXIT_USAGE;
		if (rc == 0) {
			fprintf(stderr, "powtrace: unknown option '%s'\n", argv[i]);
			fputs("Try 'powtrace --help'.\n", stderr);
			return EXIT_USAGE;
		}
		if (!*value) {
			fputs("powtrace: --db needs a file name\n", stderr);
			return EXIT_USAGE;
		}
		cli.db_path = value;
	}
	if (i >= argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	cmd = find_command(argv[i]);
	if (!cmd) {
		fprintf(stderr, "powtrace: unknown command '%s'\nTry 'powtrace --help'.\n", argv[i]);
		return EXIT_USAGE;
	}
	cli.command = cmd->name;
	argc -= i;
	argv += i;
	for (int k = 1; k < argc; k++) {
		if (!strcmp(argv[k], "--"))
			break;
		if (cli_is_help(argv[k])) {
			fputs(cmd->usage, stdout);
			return EXIT_OK;
		}
	}
	if ((cmd->flags & CMD_DB) && strcmp(cli.db_path, ":memory:")) {
		FILE *f = fopen(cli.db_path, "rb");
		cli.db_created = !f && errno == ENOENT;
		if (f)
			fclose(f);
	}
	if ((cmd->flags & CMD_DB) && (status = open_database(&cli, cmd)) != EXIT_OK) {
		discard_created_db(&cli);
		return status;
	}
	status = cmd->run(&cli, argc, argv);
	pt_db_free(cli.db);
	if (status != EXIT_OK || cli.discard_new_db)
		discard_created_db(&cli); /* a failed command leaves no database behind */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "powtrace: cannot write standard output: %s\n", strerror(errno));
		return EXIT_FAIL;
	}
	return status;
}

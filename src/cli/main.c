/*
 * main.c - the powtrace command: global options, the command table, and
 * the dispatcher that opens the database once and checks that standard
 * output was written.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"


static const struct command commands[] = {
	{ "init", cmd_init, CMD_DB | CMD_WRITES | CMD_CREATES,
	  "create a database, or bring an old one up to date", help_init },
	{ "import", cmd_import, CMD_DB | CMD_WRITES | CMD_CREATES,
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
	{ "camps", cmd_camps, CMD_DB | CMD_WRITES,
	  "list and search the camps (the gazetteer)", help_camps },
	{ "export", cmd_export, CMD_DB,
	  "export camps as GeoJSON (maps), persons as GEDCOM or as records to import", help_export },
	{ "source", cmd_source, CMD_DB | CMD_WRITES | CMD_CREATES,
	  "add, list and show sources (books, archival files, registers, ...)", help_source },
	{ "claims", cmd_claims, CMD_DB,
	  "claims: list, show, conflicts, unsupported, check against the records", help_claims },
	{ "xref", cmd_xref, CMD_DB,
	  "cross-reference a source: what it supports, cites, is cited by", help_xref },
	{ "link", cmd_link, CMD_DB | CMD_WRITES,
	  "link the records of one man into individuals; review, decide, explain", help_link },
	{ "unlink", cmd_unlink, CMD_DB | CMD_WRITES,
	  "take a record out of its individual", help_unlink },
	{ "list", cmd_list, CMD_DB,
	  "list men by any filter: nationality, camp, status, unit, born, ... (csv, json)",
	  help_list },
	{ "add", cmd_add, CMD_DB | CMD_WRITES,
	  "add what you found about a man (an event, a name, a note), with its source",
	  help_add },
	{ "searched", cmd_searched, CMD_DB | CMD_WRITES,
	  "log a search made for a man and its result (found or not)", help_searched },
	{ "serve", cmd_serve, 0,
	  "publish the database read-only as a website with a JSON API", help_serve },
};

#define COMMAND_COUNT (sizeof commands / sizeof *commands)

/* The option tables of the commands that parse with cli_parse() (opt.c):
 * `POWTRACE_DUMP_OPTIONS=1 powtrace CMD --help` prints them for the docs. */
static const struct {
	const char *command;
	const struct cli_option *options;
} option_tables[] = {
	{ "list", list_options },
	{ "add", add_options },
	{ "searched", searched_options },
	{ "unlink", unlink_options },
	{ "unimport", unimport_options },
	{ "show", show_options },
	{ "keys", keys_options },
	{ "xref", xref_options },
	{ "count", count_options },
	{ "serve", serve_options },
	{ "init", init_options },
};

static const struct cli_option *options_of(const char *command)
{
	for (size_t i = 0; i < sizeof option_tables / sizeof *option_tables; i++)
		if (!strcmp(option_tables[i].command, command))
			return option_tables[i].options;
	return NULL;
}

/* Commands of which only some subcommands write: CMD_WRITES and
 * CMD_CREATES hold for these only (`source add` writes, `source list` and
 * `source show` only read, and never make a database). A subcommand that is
 * none of them is the command's usage error, before any database. */
static const struct {
	const char *command;
	const char *const *writers, *const *readers;
	int bare_writes;      /* the command without a subcommand (options only) writes */
} subcommands[] = {
	{ "source", (const char *const[]){ "add", NULL }, (const char *const[]){ "list", "show", NULL }, 0 },
	{ "link", (const char *const[]){ "same", "different", "decide", NULL },
	  (const char *const[]){ "review", "explain", "clusters", "model", NULL }, 1 },
	/* readers NULL: anything else only reads (`camps TEXT`, `camps merges`) */
	{ "camps", (const char *const[]){ "merge", "unmerge", "verify", "alias", NULL }, NULL, 0 },
};

static void print_help(FILE *f)
{
	fputs("usage: powtrace [--db FILE] COMMAND [ARGS...]\n"
	      "       powtrace --help | --version | COMMAND --help\n\n"
	      "powtrace keeps records of missing prisoners of war in a SQLite file.\n\n"
	      "commands:\n", f);
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\noptions (anywhere on the line, before or after the command):\n"
	      "  --db FILE   the database (default: $POWTRACE_DB, else ./powtrace.db)\n"
	      "  --busy-timeout SECONDS\n"
	      "              how long to wait for another powtrace writing the database\n"
	      "              (default 600)\n"
	      "  --csv-raw   --format csv writes cells as they are: no quote put before\n"
	      "              a cell that starts with = + - @ (spreadsheet formulas)\n"
	      "  --wide      tables show every cell whole; without it a table wider than\n"
	      "              the terminal has its widest columns cut short, ending in an\n"
	      "              ellipsis (to a pipe or a file tables are always whole)\n"
	      "  --help      this help; 'powtrace COMMAND --help' for a command's own\n"
	      "  --version   print the version\n\n"
	      "Every command reads its options the same way: '--name VALUE' or\n"
	      "'--name=VALUE', options before or after the arguments, '--' ends the\n"
	      "options (what follows is an argument even when it starts with '-'), -n is\n"
	      "--limit where a command has it, and an unknown option is a usage error.\n\n"
	      "exit status: 0 success; 1 failure: bad input or data, or nothing found\n"
	      "where something was asked for (a name, a text, an id, filters that no\n"
	      "one passes; counts and reports may be empty and exit 0); 2 usage error:\n"
	      "an unknown option or command, a missing argument, or a value an option\n"
	      "cannot take (a date that is no date, a number that is none, a word not\n"
	      "among its choices); a name that fits no record in the database (a source\n"
	      "key, a camp) is a failure (1). A command that changes the database exits\n"
	      "0 once the change is committed, even when printing its summary fails\n"
	      "afterwards (a message says so)\n", f);
}

/* The short names of options, the same in every command that has the long
 * one (the option tables of opt.c name them too). */
static const struct {
	char short_name;
	const char *name;
} short_names[] = {
	{ 'n', "limit" },
};

char cli_short_name(const char *name)
{
	for (size_t k = 0; k < sizeof short_names / sizeof *short_names; k++)
		if (!strcmp(short_names[k].name, name))
			return short_names[k].short_name;
	return 0;
}

int cli_value_option(struct cli *cli, int argc, char **argv, int *i, const char *name,
		     const char **value)
{
	const char *arg = argv[*i];
	size_t n = strlen(name);
	char c = cli_short_name(name);

	if (c && arg[0] == '-' && arg[1] == c) {
		/* "-n 5" or "-n5" */
		if (arg[2]) {
			*value = arg + 2;
			return 1;
		}
		if (*i + 1 >= argc) {
			cli_usage_error(cli, "option '-%c' needs a value", c);
			return -1;
		}
		*value = argv[++*i];
		return 1;
	}
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

static int listed(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return 1;
	return 0;
}

/* Whether this run of the command writes (1), reads (0), or names no
 * subcommand the command has (-1: it says so itself, without a database). */
static int command_writes(const struct command *cmd, int argc, char **argv)
{
	for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++) {
		if (strcmp(subcommands[i].command, cmd->name))
			continue;
		if (argc > 1 && listed(subcommands[i].writers, argv[1]))
			return (cmd->flags & CMD_WRITES) != 0;
		if (!subcommands[i].readers || (argc > 1 && listed(subcommands[i].readers, argv[1])))
			return 0;
		if (subcommands[i].bare_writes && (argc < 2 || argv[1][0] == '-'))
			return (cmd->flags & CMD_WRITES) != 0;
		return -1;
	}
	return (cmd->flags & CMD_WRITES) != 0;
}

static void say_waiting(void *ctx, const char *path)
{
	struct cli *cli = ctx;
	int seconds = cli->busy_timeout_ms > 0 ? cli->busy_timeout_ms / 1000
					       : PT_BUSY_TIMEOUT_DEFAULT_MS / 1000;
	fprintf(stderr, "powtrace: %s: waiting for another process that is using the database "
		"(an import?); giving up after %d seconds\n", path, seconds);
}

static int open_database(struct cli *cli, int writes, int creates)
{
	pt_open_options opts = { 0, cli->busy_timeout_ms, say_waiting, cli };
	int rc;

	opts.flags = writes ? (creates ? PT_OPEN_CREATE : 0) : PT_OPEN_READONLY;
	if (!creates && strcmp(cli->db_path, ":memory:")) {
		/* a reader (or unimport) never makes a database */
		struct stat st;
		if (stat(cli->db_path, &st) != 0)
			return cli_error("%s: no database here (%s); create it with 'powtrace "
					 "init' or 'powtrace import'", cli->db_path, strerror(errno));
	}
	rc = pt_db_open_with(&cli->db, cli->db_path, &opts);
	if (rc) {
		cli_error("%s", pt_db_errmsg(cli->db));
		/* a database this run made and nobody else uses goes again */
		pt_db_discard(cli->db);
		cli->db = NULL;
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int busy_timeout_option(struct cli *cli, const char *value)
{
	char *end;
	double seconds;
	errno = 0;
	seconds = strtod(value, &end);
	if (errno || end == value || *end || seconds < 0 || seconds > 86400) {
		cli_usage_error(cli, "--busy-timeout: '%s' is not a number of seconds (0 to 86400)",
				value);
		return -1;
	}
	/* 0 seconds: do not wait at all */
	cli->busy_timeout_ms = seconds == 0 ? -1 : (int)(seconds * 1000 + 0.5);
	return 0;
}

/* One global option at argv[*i] (--db FILE, --busy-timeout S, --csv-raw,
 * --wide; --name=VALUE too): 1 when it was one (its value read), 0 when it
 * is something else, -1 on a usage error (message printed). */
static int global_option(struct cli *cli, int argc, char **argv, int *i)
{
	const char *value;
	int rc;

	if (!strcmp(argv[*i], "--csv-raw")) {
		cli->csv_raw = 1;
		return 1;
	}
	if (!strcmp(argv[*i], "--wide")) {
		cli->wide = 1;
		return 1;
	}
	rc = cli_value_option(cli, argc, argv, i, "busy-timeout", &value);
	if (rc > 0 && busy_timeout_option(cli, value))
		return -1;
	if (rc)
		return rc;
	rc = cli_value_option(cli, argc, argv, i, "db", &value);
	if (rc > 0 && !*value) {
		cli_usage_error(cli, "--db needs a file name");
		return -1;
	}
	if (rc > 0)
		cli->db_path = value;
	return rc;
}

/* The global options after the command, anywhere before "--" (`powtrace
 * find Kelly --db x.db`): taken out of argv, so that no command sees them.
 * Returns -1 on a usage error (message printed). */
static int common_options(struct cli *cli, int *argc, char **argv)
{
	int out = 1;
	for (int k = 1; k < *argc; k++) {
		int rc;
		if (!strcmp(argv[k], "--")) {
			/* what follows is arguments; when none of them starts with
			 * '-', every command reads them as such without the "--" (not
			 * all look for it); else the command reads "--" itself */
			int dashed = 0;
			for (int j = k + 1; j < *argc; j++)
				dashed |= argv[j][0] == '-' && argv[j][1];
			k += !dashed;
			while (k < *argc)
				argv[out++] = argv[k++];
			break;
		}
		if ((rc = global_option(cli, *argc, argv, &k)) < 0)
			return -1;
		if (rc == 0)
			argv[out++] = argv[k];
	}
	*argc = out;
	argv[out] = NULL;
	return 0;
}

/* Everything but the streams: returns the exit status. */
static int run(struct cli *cli, int argc, char **argv)
{
	const struct command *cmd;
	int i = 1, status, writes;

	cli->db_path = getenv("POWTRACE_DB");
	if (!cli->db_path || !*cli->db_path)
		cli->db_path = "powtrace.db";

	for (; i < argc && argv[i][0] == '-'; i++) {
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
		if ((rc = global_option(cli, argc, argv, &i)) < 0)
			return EXIT_USAGE;
		if (rc == 0) {
			fprintf(stderr, "powtrace: unknown option '%s'\n", argv[i]);
			fputs("Try 'powtrace --help'.\n", stderr);
			return EXIT_USAGE;
		}
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
	cli->command = cmd->name;
	argc -= i;
	argv += i;
	for (int k = 1; k < argc; k++) {
		if (!strcmp(argv[k], "--"))
			break;
		if (cli_is_help(argv[k])) {
			/* the option table, for the docs' generator (tools/gen_docs.sh) */
			if (getenv("POWTRACE_DUMP_OPTIONS") && options_of(cmd->name))
				cli_options_dump(options_of(cmd->name), stdout);
			else
				fputs(cmd->usage, stdout);
			return EXIT_OK;
		}
	}
	if (common_options(cli, &argc, argv))
		return EXIT_USAGE;
	table_csv_raw(cli->csv_raw);
	table_fit_width(cli->wide ? 0 : cli_terminal_width());
	writes = command_writes(cmd, argc, argv);
	if (writes > 0) /* a closed pipe is an error to report, not a reason to
			   die between the commit and the summary */
		signal(SIGPIPE, SIG_IGN);
	if ((cmd->flags & CMD_DB) && writes >= 0 &&
	    (status = open_database(cli, writes, writes && (cmd->flags & CMD_CREATES))) != EXIT_OK)
		return status;
	status = cmd->run(cli, argc, argv);
	if (status != EXIT_OK || cli->discard_new_db)
		pt_db_discard(cli->db); /* a failed command leaves no database it made */
	else
		pt_db_free(cli->db);
	cli->db = NULL;
	return status;
}

/* Ctrl-C, a kill, a closed terminal: the half-written output files go (the
 * database needs nothing: its transaction dies with the process), then the
 * signal does what it would have done. */
static void on_signal(int sig)
{
	pt_output_remove_temporaries();
	signal(sig, SIG_DFL);
	raise(sig);
}

int main(int argc, char **argv)
{
	struct cli cli = { .command = "powtrace" };
	int status, err;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	cli_streams_init();
	/* SQLite's count of the memory it allocates takes a lock for every
	 * allocation (3% of an import, and a lock serve's workers all wait on);
	 * nothing in powtrace reads it */
	(void)pt_db_memory_count_off();
	status = run(&cli, argc, argv);
	if (status == EXIT_OK && !cli_output_ok())
		status = EXIT_FAIL;
	if (pt_invalid_text_count()) {
		unsigned long n = pt_invalid_text_count();
		fprintf(stderr, "powtrace: warning: %lu value%s in the database %s not valid UTF-8 "
			"(was the file edited with another tool?); %s shown with each bad byte "
			"as \\xNN\n", n, n == 1 ? "" : "s", n == 1 ? "is" : "are",
			n == 1 ? "it is" : "they are");
	}
	if ((err = cli_streams_finish()) != 0) {
		if (cli.committed && status == EXIT_OK) {
			/* the data is in: the exit status says so (README.md) */
			fprintf(stderr, "powtrace: cannot write standard output: %s; the %s itself "
				"is committed: the database holds it\n", strerror(err), cli.command);
		} else {
			fprintf(stderr, "powtrace: cannot write standard output: %s\n", strerror(err));
			status = EXIT_FAIL;
		}
	}
	return status;
}

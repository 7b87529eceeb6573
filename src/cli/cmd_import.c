/*
 * cmd_import.c - `powtrace import FILE...`: loads CSV and JSON files, each
 * whole or not at all (or, with --skip-invalid, the good rows), and reports
 * per file what it did, which columns went where, and which camp names
 * matched no camp.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

const char help_import[] =
	"usage: powtrace [--db FILE] import [OPTIONS] FILE...\n"
	"       powtrace import --mapping-template FILE [--output MAP.json]\n\n"
	"Imports records from CSV (spreadsheet exports), workbooks (.xlsx, .ods, .xls)\n"
	"and JSON files; FILE '-' reads standard input. The format comes from the\n"
	"content and the file's name; a file whose content is not what its name says\n"
	"is refused, naming what it is.\n\n"
	"CSV: one record a row under a header row. The canonical columns (record_id,\n"
	"surname, given_names, birth_date, capture_date, capture_camp, source, ...)\n"
	"and common archival headers in English, German, French, Dutch and Polish\n"
	"(\"SURNAME\", \"Christian names\", \"Army No.\", \"Vorname\", \"Lager\",\n"
	"\"Date of capture\", \"Remarks\", ...) are read without a mapping; a mapping\n"
	"file (--mapping, docs/mapping.md) says how to read any other layout, and\n"
	"--mapping-template writes one to start from. The delimiter (, ; tab |), the\n"
	"encoding (UTF-8, UTF-16 with a byte order mark, Windows-1252, Latin-1) and\n"
	"title lines above the header are found by themselves. Dates may be archival\n"
	"(\"12.4.45\", \"Apr. 1945\", \"c. 1920\", \"early 1945\", \"10-12 April 1944\"):\n"
	"they are stored as EDTF with the original text beside them; a two-digit year\n"
	"falls in the period of its date (a birth 1870-1930, a capture 1939-1945);\n"
	"\"n.k.\" or \"unknown\" is no date. A birth after the capture or an age at\n"
	"capture under 14 or over 70 is a warning, not a refusal. A column that no\n"
	"field takes is kept with the record, never dropped.\n\n"
	"Workbooks: every sheet whose header names fields is read as CSV is (date\n"
	"cells as dates, numbers as written), each sheet an import batch of its own;\n"
	"--sheet picks one. Problems say FILE:SHEET!ROW.\n\n"
	"JSON: an array of records, JSON Lines (one record a line), or an object whose\n"
	"keys say what it holds (\"sources\", \"camps\", \"locations\", \"operations\",\n"
	"\"persons\", \"claims\").\n\n"
	"The files import whole or not at all: if any record is bad, every problem is\n"
	"reported as FILE:LINE: FIELD: MESSAGE and the database is left as it was, with\n"
	"none of the command's files in it.\n"
	"A record seen before (same source and record_id, a hash of its content when\n"
	"it has no record_id, or the same key) is updated when it changed and counted\n"
	"unchanged when not, so importing twice is harmless. A camp name that matches\n"
	"no camp (after folding case, accents, \"ue\"/\"ü\" and Roman numerals) becomes a\n"
	"new camp marked unverified, and the summary lists it ('powtrace camps\n"
	"--unverified', 'powtrace camps merge').\n\n"
	"options:\n"
	"  --csv, --json, --jsonl   read FILE as CSV, one JSON document, JSON Lines\n"
	"  --kind K                 what the rows are: person (default), source, camp,\n"
	"                           claim, operation or location (camp locations)\n"
	"  --mapping MAP.json       how to read the columns (docs/mapping.md: every key,\n"
	"                           with examples)\n"
	"  --mapping-template FILE  write a mapping for FILE's header instead of\n"
	"                           importing: what was recognised filled in, the rest\n"
	"                           marked TO DO (to standard output, or --output MAP.json)\n"
	"  --sheet NAME|N           a workbook's sheet (by default every sheet whose\n"
	"                           header names fields)\n"
	"  --xlsx, --ods, --xls     read FILE as an Excel, OpenDocument or Excel 97-2003\n"
	"                           workbook (found from the content otherwise)\n"
	"  --encoding E             utf-8, utf-16, windows-1252 or latin-1\n"
	"  --skip-invalid           import the good rows, reject the bad ones\n"
	"  --rejects FILE           write every rejected row to FILE, as the input had\n"
	"                           it, with the reason in an added column\n"
	"  --dry-run                print how the columns are read and every problem;\n"
	"                           change nothing\n"
	"  --quiet                  no progress line on standard error\n"
	"  --format F               the summary as table (default), csv or json (an\n"
	"                           array with one object per file, even for one file)\n\n"
	"exit status: 0 all files imported (with --skip-invalid: the good rows), 1 a file\n"
	"was refused, 2 usage error\n";

static const char *const summary_headers[] = {
	"file", "rows", "inserted", "updated", "unchanged", "rejected", "errors",
};

static json_t *string_list(char **items, size_t count)
{
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, json_string(items[i]));
	return list;
}

/* A file's summary as JSON; `kept` 0 when the command's transaction was
 * taken back, so that nothing of the file is in the database. */
/* errors and warnings: line, field, message, and a workbook's sheet */
static json_t *problems_json(const pt_import_error *list, size_t count)
{
	json_t *array = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *item = json_pack("{s:I, s:o, s:s}", "line", (json_int_t)list[i].line,
					 "field", json_text(list[i].field), "message", list[i].message);
		if (item && list[i].sheet)
			json_object_set_new(item, "sheet", json_string(list[i].sheet));
		json_array_append_new(array, item);
	}
	return array;
}

static json_t *summary_json(const pt_import_summary *s, int dry_run, int kept)
{
	json_t *errors = problems_json(s->errors, s->error_count), *columns = json_array(), *obj;
	for (size_t i = 0; i < s->column_count; i++)
		json_array_append_new(columns, json_pack("{s:s, s:s}", "column",
			s->columns[i].column, "field", s->columns[i].field));
	obj = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:o}",
			"file", s->file, "rows", (json_int_t)s->rows,
			"inserted", (json_int_t)(kept ? s->inserted : 0),
			"updated", (json_int_t)(kept ? s->updated : 0),
			"unchanged", (json_int_t)(kept ? s->unchanged : 0),
			"rejected", (json_int_t)s->rejected, "errors", errors);
	if (!obj)
		return NULL;
	if (s->errors_not_listed)
		json_object_set_new(obj, "errors_not_listed", json_integer(s->errors_not_listed));
	json_object_set_new(obj, "new_camps",
			    string_list(s->new_camps, kept ? s->new_camp_count : 0));
	json_object_set_new(obj, "new_sources",
			    string_list(s->new_sources, kept ? s->new_source_count : 0));
	/* the lists hold the first 1,000 names; the totals count them all */
	json_object_set_new(obj, "new_camps_total",
			    json_integer(kept ? (json_int_t)s->new_camp_total : 0));
	json_object_set_new(obj, "new_sources_total",
			    json_integer(kept ? (json_int_t)s->new_source_total : 0));
	json_object_set_new(obj, "batch", kept && s->batch_id ? json_integer(s->batch_id)
							      : json_null());
	json_object_set_new(obj, "format", json_text(s->format));
	json_object_set_new(obj, "kind", json_text(s->kind));
	json_object_set_new(obj, "encoding", json_text(s->encoding));
	if (s->delimiter) {
		char d[2] = { s->delimiter, 0 };
		json_object_set_new(obj, "delimiter", json_string(d));
		json_object_set_new(obj, "header_line", json_integer(s->header_line));
	}
	json_object_set_new(obj, "columns", columns);
	json_object_set_new(obj, "warnings", problems_json(s->warnings, s->warning_count));
	if (s->sheet_count) {
		json_t *sheets = json_array();
		for (size_t i = 0; i < s->sheet_count; i++) {
			const pt_import_sheet *w = &s->sheets[i];
			json_t *item = json_pack("{s:s, s:I, s:I}", "sheet", w->name,
						 "header_line", (json_int_t)w->header_line,
						 "rows", (json_int_t)w->rows);
			if (!item)
				continue;
			json_object_set_new(item, "batch", kept && w->batch_id && s->batch_id
					    ? json_integer(w->batch_id) : json_null());
			if (w->passed_over)
				json_object_set_new(item, "passed_over", json_string(w->passed_over));
			json_array_append_new(sheets, item);
		}
		json_object_set_new(obj, "sheets", sheets);
	}
	if (dry_run)
		json_object_set_new(obj, "dry_run", json_true());
	return obj;
}

static void summary_row(struct table *t, const pt_import_summary *s, int kept)
{
	char n[6][24];
	const char *cells[7];
	snprintf(n[0], sizeof n[0], "%ld", s->rows);
	snprintf(n[1], sizeof n[1], "%ld", kept ? s->inserted : 0);
	snprintf(n[2], sizeof n[2], "%ld", kept ? s->updated : 0);
	snprintf(n[3], sizeof n[3], "%ld", kept ? s->unchanged : 0);
	snprintf(n[4], sizeof n[4], "%ld", s->rejected);
	snprintf(n[5], sizeof n[5], "%ld", (long)s->error_count + s->errors_not_listed);
	cells[0] = s->file;
	for (int i = 0; i < 6; i++)
		cells[i + 1] = n[i];
	table_add(t, cells);
}

/* FILE:LINE: FIELD: MESSAGE, or FILE:SHEET!ROW: FIELD: MESSAGE */
static void print_problem(FILE *f, const char *file, const pt_import_error *e)
{
	fputs(file, f);
	if (e->sheet)
		fprintf(f, ":%s%s", e->sheet, e->line > 0 ? "!" : "");
	else if (e->line > 0)
		fputc(':', f);
	if (e->line > 0)
		fprintf(f, "%ld", e->line);
	if (e->field)
		fprintf(f, ": %s", e->field);
	fprintf(f, ": %s\n", e->message);
}

static void report_errors(const pt_import_summary *s)
{
	for (size_t i = 0; i < s->error_count; i++) {
		fputs("powtrace: ", stderr);
		print_problem(stderr, s->file, &s->errors[i]);
	}
	if (s->errors_not_listed)
		fprintf(stderr, "powtrace: %s: %ld more problems not listed\n", s->file,
			s->errors_not_listed);
}

/* How the file was read, and the columns: for --dry-run in table form. */
static void print_reading(const pt_import_summary *s)
{
	static const char *const headers[] = { "column", "field" };
	struct table *t = table_new(2, headers);
	printf("%s: %s, %s records", s->file, s->format ? s->format : "?", s->kind ? s->kind : "?");
	if (s->encoding && !s->sheet_count)
		printf(", %s", s->encoding);
	if (s->delimiter)
		printf(", delimiter '%s', header on line %ld",
		       s->delimiter == '\t' ? "tab" : (char[]){ s->delimiter, 0 }, s->header_line);
	printf("\n");
	for (size_t i = 0; i < s->sheet_count; i++) {
		const pt_import_sheet *w = &s->sheets[i];
		if (w->passed_over)
			printf("  sheet '%s': passed over: %s\n", w->name, w->passed_over);
		else
			printf("  sheet '%s': header on row %ld, %ld row%s\n", w->name, w->header_line,
			       w->rows, w->rows == 1 ? "" : "s");
	}
	for (size_t i = 0; i < s->column_count; i++) {
		const char *cells[2] = { s->columns[i].column, s->columns[i].field };
		table_add(t, cells);
	}
	if (s->column_count)
		table_print(t, stdout, "  ");
	table_free(t);
}

/* "new camps, unverified (...): 'A', 'B'" for each file that made some */
/* Prints the names of `key` ("new_camps") of each file; returns how many. */
/* Warnings (imported as written, but worth a look), per file. */
static void print_warnings(pt_import_summary **summaries, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		const pt_import_summary *s = summaries[k];
		if (!s->warning_count)
			continue;
		printf("%s: %zu warning%s (imported as written; check them):\n", s->file,
		       s->warning_count, s->warning_count == 1 ? "" : "s");
		for (size_t i = 0; i < s->warning_count; i++) {
			fputs("  ", stdout);
			print_problem(stdout, s->file, &s->warnings[i]);
		}
	}
}

/* At most this many names of a list are printed; the rest are counted, with
 * the command that lists them all (the JSON summary keeps the first 1,000
 * names and the total). */
#define NEW_NAMES_SHOWN 10

static size_t print_new(const char *what, json_t *all, const char *key,
			const char *total_key, const char *lister)
{
	size_t i, k, count = 0;
	json_t *summary, *name;
	json_array_foreach(all, i, summary) {
		json_t *list = json_object_get(summary, key);
		/* the list holds the first names only; the total counts all */
		size_t n = (size_t)json_integer_value(json_object_get(summary, total_key));
		if (n < json_array_size(list))
			n = json_array_size(list);
		if (!n)
			continue;
		printf("%s: %s:", json_string_value(json_object_get(summary, "file")), what);
		json_array_foreach(list, k, name) {
			if (k == NEW_NAMES_SHOWN)
				break;
			printf("%s '%s'", k ? "," : "", json_string_value(name));
		}
		if (n > NEW_NAMES_SHOWN)
			printf(" ... and %zu more: '%s'", n - NEW_NAMES_SHOWN, lister);
		printf("\n");
		count += n;
	}
	return count;
}

/* The progress line: "FILE: 120,000 rows, 45,000 rows/s, 37%, 0:12 left". */
static void progress(void *ctx, const pt_import_progress *p)
{
	int *shown = ctx;
	double rate = p->seconds > 0 ? p->rows / p->seconds : 0;
	if (p->done) {
		if (*shown)
			fputs("\r\033[K", cli_raw_stderr());
		*shown = 0;
		return;
	}
	/* the line's own control sequence goes to the terminal as it is; the
	 * file name is escaped */
	fputs("\r\033[K", cli_raw_stderr());
	fprintf(stderr, "%s: %ld rows, %.0f rows/s", p->file, p->rows, rate);
	if (p->bytes_total) {
		double share = (double)p->bytes_read / (double)p->bytes_total;
		fprintf(stderr, ", %.0f%%", share * 100);
		if (share > 0.01) {
			long left = (long)(p->seconds / share - p->seconds);
			fprintf(stderr, ", %ld:%02ld left", left / 60, left % 60);
		}
	}
	fflush(stderr);
	*shown = 1;
}

/* --mapping-template FILE [--output MAP.json]: a mapping for FILE's header,
 * what was recognised filled in and the rest marked TO DO */
static int write_template(struct cli *cli, const char *file, const pt_import_options *opts,
			  const char *output)
{
	char *text = NULL;
	int status = EXIT_OK;

	cli->discard_new_db = 1; /* a template leaves no database behind */
	if (pt_mapping_template(file, opts, &text)) {
		status = cli_error("%s", text ? text : "out of memory");
	} else if (output) {
		const char *inputs[1] = { file };
		pt_output *out = NULL;
		if (pt_output_open(cli->db, output, inputs, 1, &out)) {
			status = cli_error("%s", pt_db_errmsg(cli->db));
		} else {
			fputs(text, pt_output_stream(out));
			fputc('\n', pt_output_stream(out));
			if (pt_output_commit(out))
				status = cli_error("%s", pt_db_errmsg(cli->db));
			else
				fprintf(stderr, "powtrace: %s: a mapping for %s, to complete where it says "
					"TO DO (docs/mapping.md); then: powtrace import --mapping %s %s\n",
					output, file, output, file);
		}
	} else {
		FILE *f = cli_data_out();
		fputs(text, f);
		fputc('\n', f);
	}
	free(text);
	return status;
}

/* What the command line asked for. */
struct import_args {
	pt_import_options opts;
	enum output_format format;
	int quiet, files;
	int *is_file;              /* argv[i] names a file to import */
	const char **inputs;       /* the files, for opts.inputs */
	size_t input_count;
	const char *template_of, *output;
};

/* Reads the options and the files. EXIT_OK, or the exit status (the
 * message printed). */
static int parse_args(struct cli *cli, int argc, char **argv, struct import_args *a)
{
	int only_files = 0, rc;
	for (int i = 1; i < argc; i++) {
		const char *value = NULL;
		if (only_files || argv[i][0] != '-' || !strcmp(argv[i], "-")) {
			a->is_file[i] = 1;
			a->inputs[a->input_count++] = argv[i];
			a->files++;
			continue;
		}
		if (!strcmp(argv[i], "--")) {
			only_files = 1;
		} else if (!strcmp(argv[i], "--csv")) {
			a->opts.format = PT_FORMAT_CSV;
		} else if (!strcmp(argv[i], "--json")) {
			a->opts.format = PT_FORMAT_JSON;
		} else if (!strcmp(argv[i], "--jsonl")) {
			a->opts.format = PT_FORMAT_JSONL;
		} else if (!strcmp(argv[i], "--xlsx")) {
			a->opts.format = PT_FORMAT_XLSX;
		} else if (!strcmp(argv[i], "--ods")) {
			a->opts.format = PT_FORMAT_ODS;
		} else if (!strcmp(argv[i], "--xls")) {
			a->opts.format = PT_FORMAT_XLS;
		} else if (!strcmp(argv[i], "--skip-invalid")) {
			a->opts.skip_invalid = 1;
		} else if (!strcmp(argv[i], "--dry-run")) {
			a->opts.dry_run = 1;
		} else if (!strcmp(argv[i], "--quiet")) {
			a->quiet = 1;
		} else if ((rc = cli_value_option(cli, argc, argv, &i, "kind", &value)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
			a->opts.kind = value;
		} else if ((rc = cli_value_option(cli, argc, argv, &i, "mapping", &value)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
			a->opts.mapping = value;
		} else if ((rc = cli_value_option(cli, argc, argv, &i, "encoding", &value)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
			a->opts.encoding = value;
		} else if ((rc = cli_value_option(cli, argc, argv, &i, "rejects", &value)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
			a->opts.rejects = value;
		} else if ((rc = cli_value_option(cli, argc, argv, &i, "mapping-template", &value)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
			a->template_of = value;
		} else if ((rc = cli_value_option(cli, argc, argv, &i, "output", &value)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
			a->output = value;
		} else if ((rc = cli_value_option(cli, argc, argv, &i, "sheet", &value)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
			if (!*value)
				return cli_usage_error(cli, "--sheet needs a sheet's name or number");
			a->opts.sheet = value;
		} else if ((rc = cli_format_option(cli, argc, argv, &i, &a->format)) <= 0) {
			if (rc == 0)
				cli_usage_error(cli, "unknown option '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

/* The options that go together, checked once all are read. */
static int check_args(struct cli *cli, const struct import_args *a)
{
	const char *kind = a->opts.kind;
	if (!a->files)
		return cli_usage_error(cli, "no file to import");
	if (kind && strcmp(kind, "person") && strcmp(kind, "source") && strcmp(kind, "camp") &&
	    strcmp(kind, "claim") && strcmp(kind, "operation") && strcmp(kind, "location"))
		return cli_usage_error(cli, "unknown kind '%s' (person, source, camp, claim, "
				       "operation or location)", kind);
	/* the rejects file must not be any file the command reads */
	if (a->opts.rejects && a->files > 1)
		return cli_usage_error(cli, "--rejects takes one file to import, not %d", a->files);
	return EXIT_OK;
}

/* Imports every file; several in one transaction, so that a refused file
 * takes the others back with it (a failed command changes nothing).
 * summaries[0..*done) get the files' summaries. The exit status. */
static int import_files(struct cli *cli, int argc, char **argv, const struct import_args *a,
			pt_import_summary **summaries, size_t *done, int *grouped)
{
	int status = EXIT_OK;
	*grouped = a->files > 1 && !a->opts.dry_run;
	if (*grouped && pt_db_begin(cli->db))
		return cli_error("%s", pt_db_errmsg(cli->db));
	for (int i = 1; i < argc; i++) {
		int rc;
		if (!a->is_file[i])
			continue;
		rc = pt_import_file(cli->db, argv[i], &a->opts, &summaries[*done]);
		if (summaries[*done]) {
			report_errors(summaries[*done]);
			(*done)++;
		} else if (rc) {
			cli_error("%s", pt_db_errmsg(cli->db));
		}
		if (rc)
			status = EXIT_FAIL;
	}
	if (*grouped && status == EXIT_OK && pt_db_commit(cli->db))
		status = cli_error("%s", pt_db_errmsg(cli->db));
	if (status == EXIT_OK && !a->opts.dry_run)
		cli->committed = 1; /* a failure to print from here on leaves it in */
	for (size_t k = 0; k < *done; k++)
		if (summaries[k]->warning)
			fprintf(stderr, "powtrace: %s: warning: %s\n", summaries[k]->file,
				summaries[k]->warning);
	if (*grouped && status != EXIT_OK) {
		pt_db_rollback(cli->db);
		fprintf(stderr, "powtrace: nothing was imported: the files of one command "
			"import together or not at all\n");
	}
	return status;
}

/* The summary of the files read: a table (with the new camps and sources
 * and the warnings under it), CSV or JSON. */
static int print_summaries(struct cli *cli, const struct import_args *a,
			   pt_import_summary **summaries, size_t done, int kept)
{
	struct table *table = table_new(7, summary_headers);
	json_t *all = json_array();
	if (!table || !all) {
		table_free(table);
		json_decref(all);
		return cli_error("out of memory");
	}
	for (size_t k = 0; k < done; k++) {
		if (a->format == OUT_TABLE && a->opts.dry_run)
			print_reading(summaries[k]);
		summary_row(table, summaries[k], kept);
		json_array_append_new(all, summary_json(summaries[k], a->opts.dry_run, kept));
	}
	if (!json_array_size(all))
		; /* no file could be read: the errors said why */
	else if (a->format == OUT_JSON)
		json_print(all); /* one shape: an array of per-file objects, even for one */
	else if (a->format == OUT_CSV)
		table_print_csv(table, stdout);
	else
		table_print(table, stdout, "");
	if (a->format == OUT_TABLE) {
		if (print_new("new camps, unverified (merge or verify them)", all, "new_camps",
			      "new_camps_total", "powtrace camps --unverified") &&
		    pt_gazetteer_loaded(cli->db) == 0)
			printf("hint: this database has no camp gazetteer, so camps are matched only "
			       "against\nthose imported so far; 'powtrace init' loads it\n");
		print_new("new sources (describe them with a sources file)", all, "new_sources",
			  "new_sources_total", "powtrace source list");
		print_warnings(summaries, done);
		if (a->opts.dry_run)
			printf("dry run: nothing was changed\n");
	}
	json_decref(all);
	table_free(table);
	return EXIT_OK;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	struct import_args a = { .opts = { .format = PT_FORMAT_AUTO }, .format = OUT_TABLE };
	pt_import_summary **summaries = calloc((size_t)argc + 1, sizeof *summaries);
	size_t done = 0;
	int status, grouped = 0, shown = 0;

	a.is_file = calloc((size_t)argc + 1, sizeof *a.is_file);
	a.inputs = calloc((size_t)argc + 1, sizeof *a.inputs);
	if (!a.is_file || !summaries || !a.inputs) {
		status = cli_error("out of memory");
		goto cleanup;
	}
	if ((status = parse_args(cli, argc, argv, &a)))
		goto cleanup;
	if (a.template_of || a.output) {
		status = a.files || !a.template_of || (a.output && !*a.output)
			? cli_usage_error(cli, !a.template_of ? "--output goes with --mapping-template FILE"
					  : a.files ? "--mapping-template reads the one file it names; "
					  "import with --mapping once the mapping is complete"
					  : "--output needs a file name")
			: write_template(cli, a.template_of, &a.opts, a.output);
		goto cleanup;
	}
	if ((status = check_args(cli, &a)))
		goto cleanup;
	a.opts.inputs = a.inputs;
	a.opts.input_count = a.input_count;
	if (a.opts.dry_run)
		cli->discard_new_db = 1; /* a dry run leaves no database behind */
#ifdef M_TRIM_THRESHOLD
	/* SQLite makes and drops a small temporary b-tree for each CHECK (x IN
	 * (...)) of every row it writes; glibc would hand the freed memory back
	 * to the system and take it again each time (a third of an import's
	 * time, measured). Keep it instead. */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
	if (!a.quiet && isatty(STDERR_FILENO)) {
		a.opts.progress = progress;
		a.opts.progress_ctx = &shown;
	}
	status = import_files(cli, argc, argv, &a, summaries, &done, &grouped);
	if (print_summaries(cli, &a, summaries, done, !grouped || status == EXIT_OK) &&
	    status == EXIT_OK)
		status = EXIT_FAIL;
cleanup:
	for (size_t k = 0; k < done; k++)
		pt_import_summary_free(summaries[k]);
	free(summaries);
	free(a.is_file);
	free(a.inputs);
	return status;
}

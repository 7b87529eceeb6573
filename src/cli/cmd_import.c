/*
 * cmd_import.c - `powtrace import FILE...`: loads files, each whole or not
 * at all, and reports what it did per file.
 */
#include <string.h>

#include "cli.h"

const char help_import[] =
	"usage: powtrace [--db FILE] import [--json | --jsonl] [--format table|csv|json] FILE...\n\n"
	"Imports records in the canonical JSON formats: an array of person records,\n"
	"JSON Lines (one person a line), or an object whose keys say what it holds\n"
	"(\"sources\", \"camps\", \"operations\", \"persons\", \"claims\"). FILE '-' reads\n"
	"standard input.\n\n"
	"Each file imports whole or not at all: if any record is bad, every problem is\n"
	"reported as FILE:LINE: FIELD: MESSAGE and the database is left as it was.\n"
	"A record seen before (same source and record_id, or same key) is updated when\n"
	"it changed and counted unchanged when not, so importing twice is harmless.\n\n"
	"options:\n"
	"  --json      read FILE as one JSON document\n"
	"  --jsonl     read FILE as JSON Lines\n"
	"  --format F  the summary as table (default), csv or json\n\n"
	"exit status: 0 all files imported, 1 a file was refused, 2 usage error\n";

static const char *const summary_headers[] = {
	"file", "rows", "inserted", "updated", "unchanged", "rejected", "errors",
};

static json_t *summary_json(const pt_import_summary *s)
{
	json_t *errors = json_array(), *obj;
	for (size_t i = 0; i < s->error_count; i++)
		json_array_append_new(errors, json_pack("{s:I, s:o, s:s}",
			"line", (json_int_t)s->errors[i].line,
			"field", json_text(s->errors[i].field),
			"message", s->errors[i].message));
	obj = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:o}",
			"file", s->file, "rows", (json_int_t)s->rows,
			"inserted", (json_int_t)s->inserted, "updated", (json_int_t)s->updated,
			"unchanged", (json_int_t)s->unchanged, "rejected", (json_int_t)s->rejected,
			"errors", errors);
	return obj;
}

static void summary_row(struct table *t, const pt_import_summary *s)
{
	char n[6][24];
	const char *cells[7];
	snprintf(n[0], sizeof n[0], "%ld", s->rows);
	snprintf(n[1], sizeof n[1], "%ld", s->inserted);
	snprintf(n[2], sizeof n[2], "%ld", s->updated);
	snprintf(n[3], sizeof n[3], "%ld", s->unchanged);
	snprintf(n[4], sizeof n[4], "%ld", s->rejected);
	snprintf(n[5], sizeof n[5], "%zu", s->error_count);
	cells[0] = s->file;
	for (int i = 0; i < 6; i++)
		cells[i + 1] = n[i];
	table_add(t, cells);
}

static void report_errors(const pt_import_summary *s)
{
	for (size_t i = 0; i < s->error_count; i++) {
		const pt_import_error *e = &s->errors[i];
		fprintf(stderr, "powtrace: %s", s->file);
		if (e->line > 0)
			fprintf(stderr, ":%ld", e->line);
		if (e->field)
			fprintf(stderr, ": %s", e->field);
		fprintf(stderr, ": %s\n", e->message);
	}
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	enum output_format format = OUT_TABLE;
	pt_import_options opts = { PT_FORMAT_AUTO, NULL };
	struct table *table = table_new(7, summary_headers);
	json_t *all = json_array();
	int files = 0, status = EXIT_OK, i, rc, only_files = 0;

	for (i = 1; i < argc; i++) {
		if (only_files || argv[i][0] != '-' || !strcmp(argv[i], "-")) {
			files++;
			continue;
		}
		if (!strcmp(argv[i], "--")) {
			only_files = 1;
		} else if (!strcmp(argv[i], "--json")) {
			opts.format = PT_FORMAT_JSON;
		} else if (!strcmp(argv[i], "--jsonl")) {
			opts.format = PT_FORMAT_JSONL;
		} else if ((rc = cli_format_option(cli, argc, argv, &i, &format)) <= 0) {
			if (rc == 0)
				cli_usage_error(cli, "unknown option '%s'", argv[i]);
			status = EXIT_USAGE;
			goto cleanup;
		}
	}
	if (!files) {
		status = cli_usage_error(cli, "no file to import");
		goto cleanup;
	}
	only_files = 0;
	for (i = 1; i < argc; i++) {
		pt_import_summary *summary = NULL;
		if (!only_files && argv[i][0] == '-' && strcmp(argv[i], "-")) {
			if (!strcmp(argv[i], "--"))
				only_files = 1;
			else if (!strcmp(argv[i], "--format"))
				i++;
			continue;
		}
		rc = pt_import_file(cli->db, argv[i], &opts, &summary);
		if (summary) {
			report_errors(summary);
			summary_row(table, summary);
			json_array_append_new(all, summary_json(summary));
			pt_import_summary_free(summary);
		} else if (rc) {
			cli_error("%s", pt_db_errmsg(cli->db));
		}
		if (rc)
			status = EXIT_FAIL;
	}
	if (format == OUT_JSON)
		json_print(json_array_size(all) == 1 ? json_array_get(all, 0) : all);
	else if (format == OUT_CSV)
		table_print_csv(table, stdout);
	else
		table_print(table, stdout, "");
cleanup:
	json_decref(all);
	table_free(table);
	return status;
}

/*
 * cmd_export_persons.c - `powtrace export --persons`: person records in the
 * import's own formats (JSON, JSON Lines, the flat CSV), so that a database
 * or a selection of it can be exported, edited in a spreadsheet or another
 * program, and imported again. cmd_export.c hands --persons here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct lossy_note {
	long count;
};

/* The first records the CSV cannot carry whole are named; the rest counted. */
static void say_lossy(void *ctx, int64_t id, const char *record, const char *what)
{
	struct lossy_note *n = ctx;
	if (n->count++ < 10)
		fprintf(stderr, "powtrace: export: record %lld (%s): the CSV leaves out %s\n",
			(long long)id, record, what);
}

/* The records of the men named by ids (each id: the man of that record). */
static int records_of(struct cli *cli, char **argv, int argc, const int *is_id,
		      int64_t **out, size_t *count)
{
	int64_t *ids = NULL;
	size_t n = 0;

	for (int i = 1; i < argc; i++) {
		int64_t man, *records = NULL, *grown;
		size_t record_count = 0;
		long long id;
		if (!is_id[i])
			continue;
		id = strtoll(argv[i], NULL, 10);
		if (pt_individual_of(cli->db, id, &man) ||
		    pt_individual_records(cli->db, man, &records, &record_count)) {
			free(ids);
			return cli_error("export: %s", pt_db_errmsg(cli->db));
		}
		grown = realloc(ids, (n + record_count) * sizeof *ids);
		if (!grown) {
			pt_free(records);
			free(ids);
			return cli_error("out of memory");
		}
		ids = grown;
		for (size_t k = 0; k < record_count; k++) {
			size_t j;
			for (j = 0; j < n && ids[j] != records[k]; j++)
				;
			if (j == n)   /* a man named twice is written once */
				ids[n++] = records[k];
		}
		pt_free(records);
	}
	*out = ids;
	*count = n;
	return EXIT_OK;
}

struct export_args {
	struct cli_men_filter f;
	int persons, format;
	const char *output;
};

static const struct cli_option export_options[] = {
	CLI_MEN_FILTER_OPTIONS(struct export_args, f),
	CLI_OPT_FLAG("persons", struct export_args, persons),
	CLI_OPT_CHOICE("format", struct export_args, format, "json|jsonl|csv"),
	CLI_OPT_FILE("output", struct export_args, output),
	CLI_OPT_END
};

static int any_filter(const struct cli_men_filter *f)
{
	return f->nationality.count || f->camp.count || f->status.count || f->event.count ||
	       f->source.count || f->unit.count || f->batch.count || f->between || f->born ||
	       f->not_searched_in || f->no_name || f->records;
}

/* The records of the men that pass the filters, in the men's order. */
static int records_passing(struct cli *cli, const pt_list_options *o, int64_t **out,
			   size_t *count)
{
	pt_list *list = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;

	if ((rc = pt_list_men(cli->db, o, &list)))
		return rc == PT_EINVAL ? cli_usage_error(cli, "%s", pt_db_errmsg(cli->db))
				       : cli_error("export: %s", pt_db_errmsg(cli->db));
	for (size_t i = 0; i < list->count; i++) {
		int64_t *records = NULL, *grown;
		size_t record_count = 0;
		if (o->filter.records) {   /* every record a man of its own */
			records = NULL;
			record_count = 1;
		} else if (pt_individual_records(cli->db, list->rows[i].id, &records, &record_count)) {
			free(ids);
			pt_list_free(list);
			return cli_error("export: %s", pt_db_errmsg(cli->db));
		}
		if (!(grown = realloc(ids, (n + record_count) * sizeof *ids))) {
			pt_free(records);
			free(ids);
			pt_list_free(list);
			return cli_error("out of memory");
		}
		ids = grown;
		for (size_t k = 0; k < record_count; k++)
			ids[n++] = records ? records[k] : list->rows[i].id;
		pt_free(records);
	}
	if (!list->total) {
		pt_list_free(list);
		free(ids);
		return cli_error("export: no man passes the filters");
	}
	pt_list_free(list);
	*out = ids;
	*count = n;
	return EXIT_OK;
}

int cli_export_persons(struct cli *cli, int argc, char **argv)
{
	static const pt_records_format formats[] = { PT_RECORDS_JSON, PT_RECORDS_JSONL,
						     PT_RECORDS_CSV };
	pt_records_options opts = { PT_RECORDS_JSON, cli->csv_raw, say_lossy, NULL };
	pt_records_summary sum;
	struct lossy_note lossy = { 0 };
	struct export_args a = { .format = 0 };
	struct cli_list args = { 0 };
	pt_list_options filter;
	int64_t *ids = NULL;
	size_t count = 0;
	int *is_id = NULL, all = 0, rc, status = EXIT_OK;
	pt_output *out = NULL;
	FILE *f;

	memset(&filter, 0, sizeof filter);
	opts.lossy_ctx = &lossy;
	if (cli_parse(cli, export_options, &a, argc, argv, &args)) {
		status = EXIT_USAGE;
		goto cleanup;
	}
	opts.format = formats[a.format];
	if (!(is_id = calloc(args.count + 2, sizeof *is_id))) {
		status = cli_error("out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < args.count; i++) {
		char *end;
		long long id;
		errno = 0;
		id = strtoll(args.items[i], &end, 10);
		if (errno || *end || end == args.items[i] || id <= 0) {
			status = cli_usage_error(cli, "'%s' is not a person id (a positive number)",
						 args.items[i]);
			goto cleanup;
		}
		is_id[i + 1] = 1;
	}
	if (args.count && any_filter(&a.f)) {
		status = cli_usage_error(cli, "give the men's ids or filters, not both");
		goto cleanup;
	}
	if ((status = cli_men_filter_build(cli, &a.f, &filter)))
		goto cleanup;
	if (args.count) {
		/* records_of reads argv[1..] by is_id: the ids in the order given */
		char **ids_argv = calloc(args.count + 1, sizeof *ids_argv);
		if (!ids_argv) {
			status = cli_error("out of memory");
			goto cleanup;
		}
		for (size_t i = 0; i < args.count; i++)
			ids_argv[i + 1] = (char *)args.items[i];
		status = records_of(cli, ids_argv, (int)args.count + 1, is_id, &ids, &count);
		free(ids_argv);
	} else if (any_filter(&a.f)) {
		status = records_passing(cli, &filter, &ids, &count);
	} else {
		all = 1;
	}
	if (status)
		goto cleanup;
	if (a.output && !*a.output) {
		status = cli_usage_error(cli, "--output needs a file name");
		goto cleanup;
	}
	if (a.output) {
		/* whole or not at all, and never over the database (outfile.c) */
		if (pt_output_open(cli->db, a.output, NULL, 0, &out)) {
			status = cli_error("export: %s", pt_db_errmsg(cli->db));
			goto cleanup;
		}
		f = pt_output_stream(out);
	} else {
		f = cli_data_out();
	}
	rc = pt_records_export(cli->db, all ? NULL : ids, count, &opts, f, &sum);
	if (rc) {
		pt_output_abort(out);
		status = cli_error("export: %s", pt_db_errmsg(cli->db));
		goto cleanup;
	}
	if (out && pt_output_commit(out)) {
		status = cli_error("export: %s", pt_db_errmsg(cli->db));
		goto cleanup;
	}
	if (lossy.count > 10)
		fprintf(stderr, "powtrace: export: and %ld more records the CSV cannot carry whole\n",
			lossy.count - 10);
	if (lossy.count)
		fprintf(stderr, "powtrace: export: %ld of %ld records lose something in CSV; "
			"--format json keeps everything\n", lossy.count, sum.persons);
cleanup:
	free(is_id);
	free(ids);
	cli_men_filter_release(&a.f, &filter);
	cli_list_release(&args);
	return status;
}

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

int cli_export_persons(struct cli *cli, int argc, char **argv)
{
	pt_records_options opts = { PT_RECORDS_JSON, cli->csv_raw, say_lossy, NULL };
	pt_records_summary sum;
	struct lossy_note lossy = { 0 };
	const char *output = NULL, *format = NULL;
	int64_t *ids = NULL;
	size_t count = 0;
	int *is_id, any_id = 0, rc, status = EXIT_OK;
	pt_output *out = NULL;
	FILE *f;

	opts.lossy_ctx = &lossy;
	if (!(is_id = calloc((size_t)argc, sizeof *is_id)))
		return cli_error("out of memory");
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "--persons"))
			continue;
		if (arg[0] == '-' && arg[1] == '-' && arg[2]) {
			if ((rc = cli_value_option(cli, argc, argv, &i, "format", &format)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "output", &output))) {
				if (rc < 0)
					goto usage;
				continue;
			}
			status = cli_usage_error(cli, "unknown option '%s'", arg);
			goto cleanup;
		}
		{
			char *end;
			long long id;
			errno = 0;
			id = strtoll(arg, &end, 10);
			if (errno || *end || end == arg || id <= 0) {
				status = cli_usage_error(cli, "'%s' is not a person id (a positive number)",
							 arg);
				goto cleanup;
			}
			is_id[i] = 1;
			any_id = 1;
		}
	}
	if (format) {
		if (!strcmp(format, "json"))
			opts.format = PT_RECORDS_JSON;
		else if (!strcmp(format, "jsonl"))
			opts.format = PT_RECORDS_JSONL;
		else if (!strcmp(format, "csv"))
			opts.format = PT_RECORDS_CSV;
		else {
			status = cli_usage_error(cli, "--format: '%s' is not json, jsonl or csv", format);
			goto cleanup;
		}
	}
	if (output && !*output) {
		status = cli_usage_error(cli, "--output needs a file name");
		goto cleanup;
	}
	if (any_id && (status = records_of(cli, argv, argc, is_id, &ids, &count)) != EXIT_OK)
		goto cleanup;
	if (output) {
		/* whole or not at all, and never over the database (outfile.c) */
		if (pt_output_open(cli->db, output, NULL, 0, &out)) {
			status = cli_error("export: %s", pt_db_errmsg(cli->db));
			goto cleanup;
		}
		f = pt_output_stream(out);
	} else {
		f = cli_data_out();
	}
	rc = pt_records_export(cli->db, any_id ? ids : NULL, count, &opts, f, &sum);
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
	goto cleanup;
usage:
	status = EXIT_USAGE;
cleanup:
	free(is_id);
	free(ids);
	return status;
}

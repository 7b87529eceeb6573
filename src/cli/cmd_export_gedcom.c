/*
 * cmd_export_gedcom.c - `powtrace export --gedcom`: persons, by id or as
 * the hits of a name search, as a GEDCOM file for family-tree programs
 * (5.5.1 by default, 7.0 on request). cmd_export.c hands --gedcom here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static int add_id(int64_t **ids, size_t *count, int64_t id)
{
	int64_t *grown = realloc(*ids, (*count + 1) * sizeof *grown);
	if (!grown)
		return -1;
	*ids = grown;
	(*ids)[(*count)++] = id;
	return 0;
}

static void header_date(char *buf, size_t size)
{
	static const char *const months[] = {
		"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
	};
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct tm tm;
	if (epoch && *epoch)
		now = (time_t)strtoll(epoch, NULL, 10);
	gmtime_r(&now, &tm);
	snprintf(buf, size, "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
}

int cli_export_gedcom(struct cli *cli, int argc, char **argv)
{
	pt_find_options find = { .limit = 0 };
	pt_gedcom_options opts = { 5, NULL };
	const char *output = NULL, *version = NULL, *name = NULL, *limit = NULL;
	int64_t *ids = NULL;
	size_t count = 0, len = 0;
	char *text = NULL, date[32];
	int rc, status = EXIT_OK;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "--gedcom"))
			continue;
		if (arg[0] == '-' && arg[1] == '-') {
			if ((rc = cli_value_option(cli, argc, argv, &i, "gedcom-version", &version)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "output", &output)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "find", &name)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "born", &find.born)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "nationality", &find.nationality)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "camp", &find.camp)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "status", &find.status)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "unit", &find.unit)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "limit", &limit))) {
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
				status = cli_usage_error(cli, "'%s' is not a person id (a positive number)", arg);
				goto cleanup;
			}
			if (add_id(&ids, &count, id)) {
				status = cli_error("out of memory");
				goto cleanup;
			}
		}
	}
	if (version) {
		if (!strcmp(version, "5.5.1") || !strcmp(version, "5"))
			opts.version = 5;
		else if (!strcmp(version, "7") || !strcmp(version, "7.0"))
			opts.version = 7;
		else {
			status = cli_usage_error(cli, "--gedcom-version: '%s' is not 5.5.1 or 7", version);
			goto cleanup;
		}
	}
	if (limit) {
		char *end;
		long long n;
		errno = 0;
		n = strtoll(limit, &end, 10);
		if (errno || *end || end == limit || n < 0) {
			status = cli_usage_error(cli, "--limit: '%s' is not a number of persons", limit);
			goto cleanup;
		}
		find.limit = (size_t)n;
	}
	if (output && !*output) {
		status = cli_usage_error(cli, "--output needs a file name");
		goto cleanup;
	}
	if (name && count) {
		status = cli_usage_error(cli, "give person ids or --find NAME, not both");
		goto cleanup;
	}
	if (name) {
		pt_find_result *r = NULL;
		rc = pt_person_find(cli->db, name, &find, &r);
		if (rc) {
			status = rc == PT_EINVAL ? cli_usage_error(cli, "%s", pt_db_errmsg(cli->db))
						 : cli_error("export: %s", pt_db_errmsg(cli->db));
			goto cleanup;
		}
		for (size_t i = 0; i < r->count; i++)
			if (add_id(&ids, &count, r->hits[i].individual_id)) {
				pt_find_result_free(r);
				status = cli_error("out of memory");
				goto cleanup;
			}
		if (!r->count) {
			status = cli_error("export: no one found for '%s'", name);
			pt_find_result_free(r);
			goto cleanup;
		}
		pt_find_result_free(r);
	}
	if (!count) {
		status = cli_usage_error(cli, "give person ids, or --find NAME");
		goto cleanup;
	}
	header_date(date, sizeof date);
	opts.date = date;
	if ((rc = pt_gedcom_export(cli->db, ids, count, &opts, &text, &len))) {
		status = cli_error("export: %s", pt_db_errmsg(cli->db));
		goto cleanup;
	}
	if (output) {
		/* whole or not at all, and never over the database (outfile.c) */
		pt_output *out = NULL;
		if (pt_output_open(cli->db, output, NULL, 0, &out)) {
			status = cli_error("export: %s", pt_db_errmsg(cli->db));
			goto cleanup;
		}
		fwrite(text, 1, len, pt_output_stream(out));
		if (pt_output_commit(out)) {
			status = cli_error("export: %s", pt_db_errmsg(cli->db));
			goto cleanup;
		}
	} else {
		fwrite(text, 1, len, cli_data_out());
	}
	goto cleanup;
usage:
	status = EXIT_USAGE;
cleanup:
	pt_free(text);
	free(ids);
	return status;
}

/*
 * cmd_unimport.c - `powtrace unimport BATCH`: takes back what one import
 * batch alone brought in, so that a mistaken import can be undone.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_unimport[] =
	"usage: powtrace [--db FILE] unimport [--format table|json] BATCH\n\n"
	"Takes back import batch BATCH (see 'powtrace batches'), in one transaction:\n"
	"the persons it inserted, with their names, events and citations, and the\n"
	"camps (unverified ones included), camp locations, sources, claims and\n"
	"operations it inserted. A record that a later import changed, or that\n"
	"other records still refer to, stays and is counted as kept; records the\n"
	"batch only updated stay as they are (import the earlier file again to\n"
	"restore them). The batch stays in the list, marked unimported.\n\n"
	"exit status: 0 done, 1 no such batch or taken back already, 2 usage error\n";

struct unimport_args {
	int format;
};

const struct cli_option unimport_options[] = {
	CLI_OPT_FORMAT(struct unimport_args, format),
	CLI_OPT_END
};

int cmd_unimport(struct cli *cli, int argc, char **argv)
{
	struct unimport_args a = { OUT_TABLE };
	struct cli_list args = { 0 };
	enum output_format format;
	pt_unimport_summary sum;
	const char *arg;
	long long id;
	char *end;

	if (cli_parse(cli, unimport_options, &a, argc, argv, &args)) {
		cli_list_release(&args);
		return EXIT_USAGE;
	}
	if (args.count > 1) {
		int status = cli_usage_error(cli, "one batch at a time ('%s' and '%s')",
					     args.items[0], args.items[1]);
		cli_list_release(&args);
		return status;
	}
	format = (enum output_format)a.format;
	arg = args.count ? args.items[0] : NULL;
	cli_list_release(&args);
	if (!arg)
		return cli_usage_error(cli, "which batch? ('powtrace batches' lists them)");
	errno = 0;
	id = strtoll(arg, &end, 10);
	if (*end || end == arg || errno || id <= 0)
		return cli_usage_error(cli, "'%s' is not a batch number", arg);
	if (pt_batch_unimport(cli->db, id, &sum))
		return cli_error("unimport: %s", pt_db_errmsg(cli->db));
	cli->committed = 1;
	if (format == OUT_JSON) {
		json_t *obj = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			"batch", (json_int_t)id, "persons", (json_int_t)sum.persons,
			"camps", (json_int_t)sum.camps, "locations", (json_int_t)sum.locations,
			"sources", (json_int_t)sum.sources, "claims", (json_int_t)sum.claims,
			"operations", (json_int_t)sum.operations, "kept", (json_int_t)sum.kept,
			"kept_updated", (json_int_t)sum.kept_updated);
		json_print(obj);
		json_decref(obj);
		return EXIT_OK;
	}
	printf("batch %lld taken back: removed %ld persons, %ld camps, %ld camp locations, "
	       "%ld sources, %ld claims, %ld operations\n", id, sum.persons, sum.camps,
	       sum.locations, sum.sources, sum.claims, sum.operations);
	if (sum.kept)
		printf("kept %ld records that a later import changed or that others refer to\n",
		       sum.kept);
	if (sum.kept_updated)
		printf("kept %ld records that the batch only updated, as they are now\n",
		       sum.kept_updated);
	return EXIT_OK;
}

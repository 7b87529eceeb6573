/*
 * cmd_init.c - `powtrace init`: create the database, or migrate an old one
 * (the dispatcher's open does the work; this says what happened).
 */
#include <string.h>

#include "cli.h"

const char help_init[] =
	"usage: powtrace [--db FILE] init\n\n"
	"Creates the database FILE (default ./powtrace.db) with the current schema,\n"
	"or brings a database made by an older powtrace up to date. A database made\n"
	"by a newer powtrace is refused and left as it is.\n\n"
	"It then loads the built-in camp gazetteer (German camps that held Western\n"
	"Allied prisoners, Soviet camps from the gulagmap.ru data, their sources and\n"
	"recorded populations; see 'powtrace camps'), once per gazetteer version.\n"
	"A camp imported later with the same key is updated, not duplicated.\n\n"
	"options:\n"
	"  --no-gazetteer   do not load the gazetteer\n";

/* Loads the built-in gazetteer (once per version) and says what it did. */
static int load_gazetteer(struct cli *cli)
{
	pt_import_summary *summary = NULL;
	int rc = pt_gazetteer_load(cli->db, &summary);

	if (rc) {
		cli_error("init: gazetteer: %s", pt_db_errmsg(cli->db));
		pt_import_summary_free(summary);
		return EXIT_FAIL;
	}
	if (summary)
		printf("gazetteer: %ld records loaded (%ld new, %ld updated, %ld unchanged)\n",
		       summary->rows, summary->inserted, summary->updated, summary->unchanged);
	else
		printf("gazetteer: this version is loaded already\n");
	pt_import_summary_free(summary);
	return EXIT_OK;
}

struct init_args {
	int no_gazetteer;
};

const struct cli_option init_options[] = {
	CLI_OPT_FLAG("no-gazetteer", struct init_args, no_gazetteer),
	CLI_OPT_END
};

int cmd_init(struct cli *cli, int argc, char **argv)
{
	struct init_args a = { 0 };

	if (cli_parse_options(cli, init_options, &a, argc, argv))
		return EXIT_USAGE;
	cli->committed = 1; /* the database is made or upgraded: the open did it */
	printf("%s: powtrace database, schema version %d\n", cli->db_path,
	       pt_db_schema_version(cli->db));
	return a.no_gazetteer ? EXIT_OK : load_gazetteer(cli);
}

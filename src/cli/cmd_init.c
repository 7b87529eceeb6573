/*
 * cmd_init.c - `powtrace init`: create the database, or migrate an old one
 * (the dispatcher's open does the work; this says what happened).
 */
#include "cli.h"

const char help_init[] =
	"usage: powtrace [--db FILE] init\n\n"
	"Creates the database FILE (default ./powtrace.db) with the current schema,\n"
	"or brings a database made by an older powtrace up to date. A database made\n"
	"by a newer powtrace is refused and left as it is.\n";

int cmd_init(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error(cli, "takes no arguments");
	printf("%s: powtrace database, schema version %d\n", cli->db_path,
	       pt_db_schema_version(cli->db));
	return EXIT_OK;
}

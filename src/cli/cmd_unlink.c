/*
 * cmd_unlink.c - `powtrace unlink A`: takes record A out of its individual,
 * as a person's `different` decisions between A and each other record of it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_unlink[] =
	"usage: powtrace [--db FILE] unlink [--by NAME] [--note TEXT] A\n\n"
	"Takes record A out of the individual it belongs to: records a person's\n"
	"'different' decision between A and each other record of that individual,\n"
	"so that no later 'powtrace link' puts them together again. A may still be\n"
	"linked to other records. 'powtrace link same' undoes it for one pair.\n\n"
	"  --by NAME       who decides (default: $USER)\n"
	"  --note TEXT     why (default: \"unlink\")\n\n"
	"exit status: 0 done, 1 no such record or A is linked to no other, 2 usage error\n";

struct unlink_args {
	const char *by, *note;
};

const struct cli_option unlink_options[] = {
	{ "by", 0, CLI_TEXT, offsetof(struct unlink_args, by), NULL, 0, 0, CLI_EMPTY_OK },
	{ "note", 0, CLI_TEXT, offsetof(struct unlink_args, note), NULL, 0, 0, CLI_EMPTY_OK },
	CLI_OPT_END
};

int cmd_unlink(struct cli *cli, int argc, char **argv)
{
	struct unlink_args a = { 0 };
	struct cli_list args = { 0 };
	const char *by, *note, *arg;
	int64_t id, before = 0, after = 0;
	long count = 0;

	if (cli_parse(cli, unlink_options, &a, argc, argv, &args)) {
		cli_list_release(&args);
		return EXIT_USAGE;
	}
	if (args.count > 1) {
		int status = cli_usage_error(cli, "one record at a time ('%s' and '%s')",
					     args.items[0], args.items[1]);
		cli_list_release(&args);
		return status;
	}
	by = a.by;
	note = a.note;
	arg = args.count ? args.items[0] : NULL;
	cli_list_release(&args);
	if (!arg)
		return cli_usage_error(cli, "which record? (a record id, as 'powtrace show' takes it)");
	if (cli_record_id(cli, arg, &id))
		return EXIT_USAGE;
	pt_individual_of(cli->db, id, &before);
	if (pt_link_unlink(cli->db, id, cli_decider(by), note, &count))
		return cli_error("unlink: %s", pt_db_errmsg(cli->db));
	pt_individual_of(cli->db, id, &after);
	printf("record %lld taken out of individual %lld: %ld 'different' decision%s; it is "
	       "linked to no other record now\n", (long long)id, (long long)before, count,
	       count == 1 ? "" : "s");
	(void)after;
	return EXIT_OK;
}

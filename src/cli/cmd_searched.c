/*
 * cmd_searched.c - `powtrace searched ID --where PLACE --query TEXT --found
 * yes|no`: a search a researcher made for a man, and what it gave, logged so
 * that the dossier shows how far the search went and `list
 * --not-searched-in PLACE` shows who is left to look for.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_searched[] =
	"usage: powtrace [--db FILE] searched ID --where PLACE [--query TEXT]\n"
	"                --found yes|no [--note TEXT] [--format table|json]\n"
	"       powtrace [--db FILE] searched --undo N\n\n"
	"Logs a search made for a man and its result: where (a database such as \"OBD\n"
	"Memorial\", \"CWGC\" or the Arolsen Archives, an archive, a register), what was\n"
	"searched for (\"Келли 1915-1925\") and whether anything was found, with who and\n"
	"when. A search that found nothing is worth keeping: it shows that the search\n"
	"was reasonably exhaustive. ID is any record of the man, as 'show' reads it;\n"
	"his dossier ('powtrace show ID') lists the searches, and\n"
	"'powtrace list --not-searched-in PLACE' the men nobody has searched for there\n"
	"yet (the place compared without case, accents or punctuation). What was\n"
	"found goes in with 'powtrace add', with its source.\n\n"
	"options:\n"
	"  --where PLACE      where the search was made (required)\n"
	"  --query TEXT       what was searched for, as typed there\n"
	"  --found yes|no     whether it found anything (required)\n"
	"  --note TEXT        a note (\"three Kellys born 1918-1922, none from Lewisham\")\n"
	"  --undo N           take entry N back (it stays in the log, marked)\n"
	"  --format F         the answer as table (default) or json\n\n"
	"exit status: 0 logged, 1 no such man or entry, 2 usage error\n";

struct searched_args {
	const char *where, *query, *note;
	int found, format;
	long long undo;
};

const struct cli_option searched_options[] = {
	CLI_OPT_TEXT("where", struct searched_args, where),
	CLI_OPT_TEXT("query", struct searched_args, query),
	CLI_OPT_CHOICE("found", struct searched_args, found, "no|yes"),
	CLI_OPT_TEXT("note", struct searched_args, note),
	CLI_OPT_INT("undo", struct searched_args, undo, 1, CLI_NO_MAX),
	CLI_OPT_CHOICE("format", struct searched_args, format, "table|json"),
	CLI_OPT_END
};

int cmd_searched(struct cli *cli, int argc, char **argv)
{
	struct searched_args a = { .found = -1 };
	struct cli_list args = { 0 };
	pt_research_search_in in;
	int64_t entry = 0, man = 0;
	long long id;
	char *end;
	int rc, status = EXIT_OK;

	if (cli_parse(cli, searched_options, &a, argc, argv, &args)) {
		status = EXIT_USAGE;
		goto cleanup;
	}
	if (a.undo) {
		/* the log is one: an entry of either kind is taken back alike */
		status = args.count || a.where || a.query || a.note || a.found >= 0
			 ? cli_usage_error(cli, "--undo N takes nothing else")
			 : cli_research_undo(cli, a.undo, a.format == 1);
		goto cleanup;
	}
	if (args.count != 1) {
		status = args.count ? cli_usage_error(cli, "unexpected argument '%s' (quote a value "
						      "of several words)", args.items[1])
				    : cli_usage_error(cli, "give the id of the man searched for");
		goto cleanup;
	}
	errno = 0;
	id = strtoll(args.items[0], &end, 10);
	if (errno || *end || end == args.items[0] || id <= 0) {
		status = cli_usage_error(cli, "'%s' is not the id of a man (a positive number)",
					 args.items[0]);
		goto cleanup;
	}
	if (!a.where || a.found < 0) {
		status = cli_usage_error(cli, "%s: a search needs where it was made and whether it "
					 "found anything: --where PLACE --found yes|no",
					 a.where ? "--found" : "--where");
		goto cleanup;
	}
	in.man = id;
	in.where = a.where;
	in.query = a.query;
	in.found = a.found == 1;
	in.note = a.note;
	in.made_by = cli_user();
	if ((rc = pt_research_search(cli->db, &in, &entry)) ||
	    (rc = pt_individual_of(cli->db, id, &man))) {
		status = rc == PT_EINVAL ? cli_usage_error(cli, "%s", pt_db_errmsg(cli->db))
					 : cli_error("searched: %s", pt_db_errmsg(cli->db));
		goto cleanup;
	}
	cli->committed = 1;
	if (a.format == 1) {
		json_t *doc = json_pack("{s:I, s:s, s:I, s:s, s:o, s:s, s:o}", "entry", (json_int_t)entry,
					"kind", "search", "man", (json_int_t)man, "where", a.where,
					"query", json_text(a.query), "found", a.found ? "yes" : "no",
					"note", json_text(a.note));
		json_print(doc);
		json_decref(doc);
	} else {
		printf("logged for man %lld: searched %s%s%s%s: %s\n", (long long)man, a.where,
		       a.query ? " for '" : "", a.query ? a.query : "", a.query ? "'" : "",
		       a.found ? "found" : "nothing found");
		printf("  entry   %lld ('powtrace searched --undo %lld' takes it back)\n",
		       (long long)entry, (long long)entry);
	}
cleanup:
	cli_list_release(&args);
	return status;
}

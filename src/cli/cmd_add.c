/*
 * cmd_add.c - `powtrace add event|name|note|citation ID ...`: a fact that a
 * researcher found elsewhere, with its source, becomes a record of that
 * source joined to the man (never an edit of an imported record); `add
 * --undo N` takes entry N back. The first command on the table-driven
 * option parser (opt.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_add[] =
	"usage: powtrace [--db FILE] add event ID --type TYPE [--date DATE] [--place PLACE]\n"
	"                [--camp CAMP] [--operation KEY] [--agent WHO] SOURCE [--note TEXT]\n"
	"       powtrace [--db FILE] add name ID [--surname S] [--given-names G]\n"
	"                [--script SCRIPT] SOURCE [--note TEXT]\n"
	"       powtrace [--db FILE] add note ID --text TEXT SOURCE\n"
	"       powtrace [--db FILE] add citation ID SOURCE [--note TEXT]\n"
	"       powtrace [--db FILE] add --undo N\n"
	"where SOURCE is --source KEY --locator WHERE [GRADES]\n\n"
	"Adds what you found about a man elsewhere: an event (a death notice, a\n"
	"sighting, a release years later), a name form (the Cyrillic spelling of a\n"
	"Soviet file), a note, or a citation (he is in this source, here). A fact\n"
	"without its source is refused. ID is any record of the man, as 'show' reads\n"
	"it. The fact becomes a record of its own, the source's account of him as far\n"
	"as you read it (record id research-N, written as an import batch named\n"
	"'powtrace add'), joined to the man by your 'same' decision: his dossier and\n"
	"status take it in beside the imported records, which are never edited. The\n"
	"dossier ('powtrace show ID') lists what was added and searched, with who and\n"
	"when. 'add --undo N' takes entry N back (its record goes; the log keeps the\n"
	"entry, marked).\n\n"
	"options:\n"
	"  --source KEY          the source it was found in (required; 'powtrace\n"
	"                        source add' makes one)\n"
	"  --locator WHERE       where in it: a page, a card, a file, a URL (required)\n"
	"  --quality Q           the source: original, derivative or authored\n"
	"  --information I       primary, secondary or undetermined\n"
	"  --evidence E          direct, indirect or negative\n"
	"  --confidence N        0 to 4 (GEDCOM's QUAY 0-3)\n"
	"  --type TYPE           event: capture, internment, transfer, liberation,\n"
	"                        handover, repatriation, release, return, death,\n"
	"                        burial, sighting, last_seen or birth\n"
	"  --date DATE           event: EDTF (1953-07, 1953~, 1952/1954) or an archival\n"
	"                        spelling (12.4.45, day first: its text is kept)\n"
	"  --place PLACE         event: where\n"
	"  --camp CAMP           event: a camp, by its key, name or any alias\n"
	"  --operation KEY       event: a collective operation (an exchange, a release)\n"
	"  --agent WHO           event: who acted (NKVD, Red Army)\n"
	"  --surname S, --given-names G\n"
	"                        name: the form as the source writes it\n"
	"  --script SCRIPT       name: ISO 15924 (Latn, Cyrl; default: from the letters)\n"
	"  --text TEXT           note: the note\n"
	"  --note TEXT           a note on the fact\n"
	"  --undo N              take entry N back\n"
	"  --format F            the answer as table (default) or json\n\n"
	"exit status: 0 added, 1 no such man, source, camp, operation or entry, 2 usage\n"
	"error (a missing --source or --locator, a value that cannot be read, an\n"
	"option of another kind of fact)\n";

struct add_args {
	const char *source, *locator, *type, *date, *place, *camp, *operation, *agent;
	const char *surname, *given_names, *script, *text, *note;
	int quality, information, evidence, format;
	long long confidence, undo;
};

const struct cli_option add_options[] = {
	CLI_OPT_TEXT("source", struct add_args, source),
	CLI_OPT_TEXT("locator", struct add_args, locator),
	CLI_OPT_CHOICE("quality", struct add_args, quality, "original|derivative|authored"),
	CLI_OPT_CHOICE("information", struct add_args, information,
		       "primary|secondary|undetermined"),
	CLI_OPT_CHOICE("evidence", struct add_args, evidence, "direct|indirect|negative"),
	CLI_OPT_INT("confidence", struct add_args, confidence, 0, 4),
	CLI_OPT_TEXT("type", struct add_args, type),
	CLI_OPT_TEXT("date", struct add_args, date),
	CLI_OPT_TEXT("place", struct add_args, place),
	CLI_OPT_TEXT("camp", struct add_args, camp),
	CLI_OPT_TEXT("operation", struct add_args, operation),
	CLI_OPT_TEXT("agent", struct add_args, agent),
	CLI_OPT_TEXT("surname", struct add_args, surname),
	CLI_OPT_TEXT("given-names", struct add_args, given_names),
	CLI_OPT_TEXT("script", struct add_args, script),
	CLI_OPT_TEXT("text", struct add_args, text),
	CLI_OPT_TEXT("note", struct add_args, note),
	CLI_OPT_INT("undo", struct add_args, undo, 1, CLI_NO_MAX),
	CLI_OPT_CHOICE("format", struct add_args, format, "table|json"),
	CLI_OPT_END
};

static const char *const qualities[] = { "original", "derivative", "authored" };
static const char *const informations[] = { "primary", "secondary", "undetermined" };
static const char *const evidences[] = { "direct", "indirect", "negative" };

static const char *nth(const char *const *list, int i)
{
	return i >= 0 ? list[i] : NULL;
}

/* Options that belong to other kinds of fact: a usage error names the first. */
static int foreign_option(struct cli *cli, const struct add_args *a, const char *kind)
{
	static const struct { const char *kind, *name; size_t offset; } only[] = {
		{ "event", "type", offsetof(struct add_args, type) },
		{ "event", "date", offsetof(struct add_args, date) },
		{ "event", "place", offsetof(struct add_args, place) },
		{ "event", "camp", offsetof(struct add_args, camp) },
		{ "event", "operation", offsetof(struct add_args, operation) },
		{ "event", "agent", offsetof(struct add_args, agent) },
		{ "name", "surname", offsetof(struct add_args, surname) },
		{ "name", "given-names", offsetof(struct add_args, given_names) },
		{ "name", "script", offsetof(struct add_args, script) },
		{ "note", "text", offsetof(struct add_args, text) },
	};
	for (size_t i = 0; i < sizeof only / sizeof *only; i++)
		if (strcmp(only[i].kind, kind) &&
		    *(const char *const *)((const char *)a + only[i].offset))
			return cli_usage_error(cli, "--%s is for 'add %s', not 'add %s'", only[i].name,
					       only[i].kind, kind);
	return 0;
}

static int print_undone(const pt_research_entry *e, int json)
{
	if (json) {
		json_t *doc = json_pack("{s:I, s:s, s:I, s:o, s:o, s:o}", "entry", (json_int_t)e->id,
					"kind", e->kind, "man", (json_int_t)e->man,
					"what", json_text(e->what), "made_at", json_text(e->made_at),
					"undone_at", json_text(e->undone_at));
		json_print(doc);
		json_decref(doc);
		return EXIT_OK;
	}
	printf("took back entry %lld of man %lld: %s\n", (long long)e->id, (long long)e->man,
	       e->what);
	if (strcmp(e->kind, "search"))
		printf("  its record is removed; the log keeps the entry, marked undone\n");
	return EXIT_OK;
}

int cli_research_undo(struct cli *cli, long long id, int json)
{
	pt_research_entries *entries = NULL;
	int rc = pt_research_undo(cli->db, id, &entries), status;
	if (rc)
		return cli_error("%s: %s", cli->command, pt_db_errmsg(cli->db));
	cli->committed = 1;
	status = entries && entries->count ? print_undone(&entries->items[0], json) : EXIT_OK;
	pt_research_entries_free(entries);
	return status;
}

int cmd_add(struct cli *cli, int argc, char **argv)
{
	struct add_args a = { .quality = -1, .information = -1, .evidence = -1, .confidence = -1 };
	struct cli_list args = { 0 };
	pt_research_fact fact;
	pt_research_added added;
	const char *kind;
	long long id;
	char *end;
	int rc, status = EXIT_OK;

	if (cli_parse(cli, add_options, &a, argc, argv, &args)) {
		status = EXIT_USAGE;
		goto cleanup;
	}
	if (a.undo) {
		if (args.count)
			status = cli_usage_error(cli, "--undo N takes nothing else ('%s')", args.items[0]);
		else
			status = cli_research_undo(cli, a.undo, a.format == 1);
		goto cleanup;
	}
	if (args.count < 2) {
		status = cli_usage_error(cli, args.count ? "give the id of the man after '%s'" :
					 "what to add: event, name, note or citation, and the man's id",
					 args.count ? args.items[0] : "");
		goto cleanup;
	}
	if (args.count > 2) {
		status = cli_usage_error(cli, "unexpected argument '%s' (quote a value of several "
					 "words)", args.items[2]);
		goto cleanup;
	}
	kind = args.items[0];
	memset(&fact, 0, sizeof fact);
	if (!strcmp(kind, "event"))
		fact.kind = PT_RESEARCH_EVENT;
	else if (!strcmp(kind, "name"))
		fact.kind = PT_RESEARCH_NAME;
	else if (!strcmp(kind, "note"))
		fact.kind = PT_RESEARCH_NOTE;
	else if (!strcmp(kind, "citation"))
		fact.kind = PT_RESEARCH_CITATION;
	else {
		status = cli_usage_error(cli, "'%s': add an event, name, note or citation", kind);
		goto cleanup;
	}
	errno = 0;
	id = strtoll(args.items[1], &end, 10);
	if (errno || *end || end == args.items[1] || id <= 0) {
		status = cli_usage_error(cli, "'%s' is not the id of a man (a positive number)",
					 args.items[1]);
		goto cleanup;
	}
	if ((status = foreign_option(cli, &a, kind)))
		goto cleanup;
	/* a fact without its source is refused */
	if (!a.source || !a.locator) {
		status = cli_usage_error(cli, "%s: a fact needs its source: --source KEY --locator "
					 "WHERE", a.source ? "--locator" : "--source");
		goto cleanup;
	}
	if (fact.kind == PT_RESEARCH_EVENT && !a.type) {
		status = cli_usage_error(cli, "--type: which event (death, sighting, release, ...)");
		goto cleanup;
	}
	if (fact.kind == PT_RESEARCH_NAME && !a.surname && !a.given_names) {
		status = cli_usage_error(cli, "--surname or --given-names: the name form");
		goto cleanup;
	}
	if (fact.kind == PT_RESEARCH_NOTE && !a.text) {
		status = cli_usage_error(cli, "--text: the note");
		goto cleanup;
	}
	fact.man = id;
	fact.source = a.source;
	fact.locator = a.locator;
	fact.source_quality = nth(qualities, a.quality);
	fact.information = nth(informations, a.information);
	fact.evidence = nth(evidences, a.evidence);
	fact.confidence = (int)a.confidence;
	fact.event_type = a.type;
	fact.date = a.date;
	fact.place = a.place;
	fact.camp = a.camp;
	fact.operation = a.operation;
	fact.agent = a.agent;
	fact.surname = a.surname;
	fact.given_names = a.given_names;
	fact.script = a.script;
	fact.text = a.text;
	fact.note = a.note;
	fact.made_by = cli_user();
	if ((rc = pt_research_add(cli->db, &fact, &added))) {
		/* a value that cannot be read is the command line's fault (2);
		 * one that names nothing in the database is not (1) */
		status = rc == PT_EINVAL ? cli_usage_error(cli, "%s", pt_db_errmsg(cli->db))
					 : cli_error("add: %s", pt_db_errmsg(cli->db));
		goto cleanup;
	}
	cli->committed = 1;
	{
		pt_research_entries *entries = NULL;
		const pt_research_entry *e = NULL;
		if (pt_research_list(cli->db, added.man, 0, &entries) == PT_OK)
			for (size_t i = 0; i < entries->count; i++)
				if (entries->items[i].id == added.entry)
					e = &entries->items[i];
		if (a.format == 1) {
			json_t *doc = json_pack("{s:I, s:s, s:I, s:I, s:I, s:o, s:s, s:s}",
						"entry", (json_int_t)added.entry, "kind", kind,
						"man", (json_int_t)added.man,
						"record", (json_int_t)added.record,
						"batch", (json_int_t)added.batch,
						"what", json_text(e ? e->what : NULL),
						"source", a.source, "locator", a.locator);
			json_print(doc);
			json_decref(doc);
		} else {
			printf("added to man %lld: %s\n", (long long)added.man, e ? e->what : kind);
			printf("  source  %s, %s\n", a.source, a.locator);
			printf("  record  %lld (%s:research-%lld), import batch %lld\n",
			       (long long)added.record, a.source, (long long)added.entry,
			       (long long)added.batch);
			printf("  entry   %lld ('powtrace add --undo %lld' takes it back)\n",
			       (long long)added.entry, (long long)added.entry);
		}
		pt_research_entries_free(entries);
	}
cleanup:
	cli_list_release(&args);
	return status;
}

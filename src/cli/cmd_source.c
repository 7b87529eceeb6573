/*
 * cmd_source.c - `powtrace source add|list|show`: record a source by hand,
 * list the sources, show one with its links both ways.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_source[] =
	"usage: powtrace [--db FILE] source add --key KEY --kind KIND [OPTIONS]\n"
	"       powtrace [--db FILE] source add --json '{\"key\": ..., ...}'\n"
	"       powtrace [--db FILE] source list [--kind KIND] [--format table|csv|json]\n"
	"       powtrace [--db FILE] source show KEY [--format table|json]\n\n"
	"Sources are where information comes from. Kinds: book, article, archival_file\n"
	"(also 'archival file'), register, report (also 'official report'), testimony,\n"
	"web (also 'web page'), dataset.\n\n"
	"source add adds a source, or updates the one with the same key, by the rules of\n"
	"an import (sources also import from JSON files and CSV with --kind source):\n"
	"  --key KEY            a stable key (required)\n"
	"  --kind KIND          (required)\n"
	"  --title T, --date EDTF, --publisher P, --url URL, --notes N\n"
	"  --author NAME        once per author\n"
	"  --isbn ISBN          ISBN-10 or ISBN-13, hyphens and spaces allowed; checked\n"
	"                       by its check digit and stored as ISBN-13\n"
	"  --archive A          the archive (The National Archives (UK), GARF, NARA, ...)\n"
	"  --collection C --series S --piece P    a Western reference (WO 208/3400)\n"
	"  --fond F --opis O --delo D             a Russian reference\n"
	"  --reference R        the reference as one text; its parts are read from it\n"
	"                       (\"fond 9401, opis 2, delo 64\", \"WO 208/3400\") when not given\n"
	"  --cites KEY, --derives-from KEY, --transcribes KEY, --translates KEY\n"
	"                       a link to another source (repeatable)\n"
	"  --json OBJECT        the whole record as one JSON object instead\n\n"
	"source list lists the sources (--kind narrows), with their links and the number\n"
	"of claims and other citations they support. source show prints one.\n\n"
	"exit status: 0 success, 1 bad record or no such source, 2 usage error\n";

static int usage_sub(struct cli *cli)
{
	return cli_usage_error(cli, "give a subcommand: add, list or show");
}

static int source_add(struct cli *cli, int argc, char **argv)
{
	static const struct { const char *option, *field; int list; } options[] = {
		{ "key", "key", 0 }, { "kind", "kind", 0 }, { "title", "title", 0 },
		{ "author", "authors", 1 }, { "date", "date", 0 }, { "publisher", "publisher", 0 },
		{ "isbn", "isbn", 0 }, { "url", "url", 0 }, { "archive", "archive", 0 },
		{ "collection", "collection", 0 }, { "series", "series", 0 }, { "piece", "piece", 0 },
		{ "fond", "fond", 0 }, { "opis", "opis", 0 }, { "delo", "delo", 0 },
		{ "reference", "reference", 0 }, { "notes", "notes", 0 },
		{ "cites", "cites", 1 }, { "derives-from", "derives_from", 1 },
		{ "transcribes", "transcribes", 1 }, { "translates", "translates", 1 },
	};
	enum output_format format = OUT_TABLE;
	json_t *record = json_object();
	const char *json_text_arg = NULL;
	pt_import_summary *sum = NULL;
	char *text = NULL;
	int rc, status = EXIT_FAIL;

	for (int i = 2; i < argc; i++) {
		const char *value = NULL;
		size_t k;
		if ((rc = cli_format_option(cli, argc, argv, &i, &format)) < 0)
			goto usage;
		if (rc)
			continue;
		if ((rc = cli_value_option(cli, argc, argv, &i, "json", &json_text_arg)) < 0)
			goto usage;
		if (rc)
			continue;
		for (k = 0; k < sizeof options / sizeof *options; k++) {
			rc = cli_value_option(cli, argc, argv, &i, options[k].option, &value);
			if (rc)
				break;
		}
		if (rc < 0)
			goto usage;
		if (!rc) {
			cli_usage_error(cli, "source add: unknown argument '%s'", argv[i]);
			goto usage;
		}
		if (options[k].list) {
			json_t *list = json_object_get(record, options[k].field);
			if (!list)
				json_object_set_new(record, options[k].field, list = json_array());
			json_array_append_new(list, json_string(value));
		} else {
			json_object_set_new(record, options[k].field, json_string(value));
		}
	}
	if (format == OUT_CSV) {
		cli_usage_error(cli, "source add prints as table or json");
		goto usage;
	}
	if (json_text_arg && json_object_size(record)) {
		cli_usage_error(cli, "give --json or the field options, not both");
		goto usage;
	}
	if (!json_text_arg) {
		if (!json_object_get(record, "key") || !json_object_get(record, "kind")) {
			cli_usage_error(cli, "source add needs --key and --kind (or --json)");
			goto usage;
		}
		if (!(text = json_dumps(record, JSON_COMPACT))) {
			cli_error("out of memory");
			goto cleanup;
		}
	}
	rc = pt_source_add(cli->db, json_text_arg ? json_text_arg : text, &sum);
	if (rc && !sum) {
		cli_error("%s", pt_db_errmsg(cli->db));
		goto cleanup;
	}
	if (rc) {
		for (size_t i = 0; i < sum->error_count; i++)
			cli_error("source add: %s%s%s", sum->errors[i].field ? sum->errors[i].field : "",
				  sum->errors[i].field ? ": " : "", sum->errors[i].message);
		goto cleanup;
	}
	cli->committed = 1;
	{
		json_t *parsed = json_text_arg ? json_loads(json_text_arg, 0, NULL) : NULL;
		const char *key = json_string_value(json_object_get(parsed ? parsed : record, "key"));
		const char *result = sum->inserted ? "inserted" : sum->updated ? "updated" : "unchanged";
		if (format == OUT_JSON) {
			json_t *doc = json_pack("{s:o, s:s}", "key", json_text(key), "result", result);
			json_print(doc);
			json_decref(doc);
		} else {
			printf("source '%s' %s\n", key ? key : "", result);
		}
		json_decref(parsed);
	}
	status = EXIT_OK;
	goto cleanup;
usage:
	status = EXIT_USAGE;
cleanup:
	free(text);
	json_decref(record);
	pt_import_summary_free(sum);
	return status;
}

struct source_list_args {
	int format;
	const char *kind;
};

static const struct cli_option source_list_options[] = {
	CLI_OPT_FORMAT(struct source_list_args, format),
	CLI_OPT_TEXT("kind", struct source_list_args, kind),
	CLI_OPT_END
};

static const struct cli_option source_show_options[] = {
	CLI_OPT_FORMAT(struct source_list_args, format),
	CLI_OPT_END
};

static int source_list(struct cli *cli, int argc, char **argv)
{
	static const char *const headers[] = {
		"key", "kind", "date", "title", "isbn / reference", "cites", "cited by", "claims",
		"citations",
	};
	struct source_list_args a = { OUT_TABLE, NULL };
	enum output_format format;
	const char *kind;
	pt_sources *list = NULL;
	int rc;

	/* argv[1] is "list": the options follow it */
	if (cli_parse_options(cli, source_list_options, &a, argc - 1, argv + 1))
		return EXIT_USAGE;
	format = (enum output_format)a.format;
	kind = a.kind;
	if ((rc = pt_source_list(cli->db, kind, &list)))
		return rc == PT_EINVAL ? cli_usage_error(cli, "%s", pt_db_errmsg(cli->db))
				       : cli_error("%s", pt_db_errmsg(cli->db));
	if (format == OUT_JSON) {
		struct json_stream doc = { 0 };
		for (size_t i = 0; i < list->count; i++)
			json_stream_item(&doc, render_source(&list->items[i]));
		json_stream_end(&doc);
	} else {
		struct table *t = table_new(9, headers);
		for (size_t i = 0; i < list->count; i++) {
			const pt_source *s = &list->items[i];
			char n[4][24];
			const char *cells[9];
			snprintf(n[0], sizeof n[0], "%zu", s->link_count);
			snprintf(n[1], sizeof n[1], "%zu", s->linked_by_count);
			snprintf(n[2], sizeof n[2], "%ld", s->claim_count);
			snprintf(n[3], sizeof n[3], "%ld", s->citation_count);
			cells[0] = s->key;
			cells[1] = s->kind;
			cells[2] = or_empty(s->date);
			cells[3] = or_empty(s->title);
			cells[4] = s->isbn ? s->isbn : or_empty(s->reference);
			for (int k = 0; k < 4; k++)
				cells[5 + k] = n[k];
			table_add(t, cells);
		}
		if (format == OUT_CSV)
			table_print_csv(t, stdout);
		else if (list->count)
			table_print(t, stdout, "");
		else
			printf("no sources\n");
		table_free(t);
	}
	pt_sources_free(list);
	return EXIT_OK;
}

static void print_refs(const char *heading, const pt_source_ref *refs, size_t count)
{
	static const char *const headers[] = { "relation", "source", "kind", "title" };
	struct table *t;
	printf("\n%s\n", heading);
	if (!count) {
		printf("  (none)\n");
		return;
	}
	t = table_new(4, headers);
	for (size_t i = 0; i < count; i++) {
		const char *cells[4] = { refs[i].relation, refs[i].key, or_empty(refs[i].kind),
					 or_empty(refs[i].title) };
		table_add(t, cells);
	}
	table_print(t, stdout, "  ");
	table_free(t);
}

void print_source_fields(const pt_source *s)
{
	struct table *t = table_new(2, NULL);
	char isbn10[PT_ISBN10_SIZE], isbn[64], authors[1024] = "", counts[96];
	size_t n = 0;
	const struct { const char *label, *value; } fields[] = {
		{ "kind", s->kind }, { "title", s->title }, { "authors", NULL },
		{ "date", s->date }, { "publisher", s->publisher }, { "isbn", NULL },
		{ "url", s->url }, { "archive", s->archive }, { "collection", s->collection },
		{ "series", s->series }, { "piece", s->piece }, { "fond", s->fond },
		{ "opis", s->opis }, { "delo", s->delo }, { "reference", s->reference },
		{ "supports", NULL }, { "notes", s->notes },
	};

	for (size_t i = 0; i < s->author_count && n < sizeof authors; i++)
		n += (size_t)snprintf(authors + n, sizeof authors - n, "%s%s", i ? "; " : "",
				      s->authors[i]);
	if (s->isbn && pt_isbn_to_isbn10(s->isbn, isbn10, NULL) == PT_OK)
		snprintf(isbn, sizeof isbn, "%s (ISBN-10 %s)", s->isbn, isbn10);
	else
		snprintf(isbn, sizeof isbn, "%s", or_empty(s->isbn));
	snprintf(counts, sizeof counts, "%ld claim%s, %ld other citation%s", s->claim_count,
		 s->claim_count == 1 ? "" : "s", s->citation_count, s->citation_count == 1 ? "" : "s");
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		const char *value = fields[i].value;
		if (!strcmp(fields[i].label, "authors"))
			value = authors;
		else if (!strcmp(fields[i].label, "isbn"))
			value = isbn;
		else if (!strcmp(fields[i].label, "supports"))
			value = counts;
		if (value && *value)
			cli_field(t, fields[i].label, value);
	}
	table_print(t, stdout, "  ");
	table_free(t);
}

static int source_show(struct cli *cli, int argc, char **argv)
{
	struct source_list_args a = { OUT_TABLE, NULL };
	struct cli_list args = { 0 };
	enum output_format format;
	const char *key;
	pt_source *s = NULL;
	int rc;

	/* argv[1] is "show": the options and the key follow it */
	rc = cli_parse(cli, source_show_options, &a, argc - 1, argv + 1, &args);
	if (!rc && args.count > 1)
		rc = cli_usage_error(cli, "source show takes one source key");
	key = args.count ? args.items[0] : NULL;
	cli_list_release(&args);
	if (rc)
		return EXIT_USAGE;
	format = (enum output_format)a.format;
	if (!key)
		return cli_usage_error(cli, "source show needs a source key");
	if (format == OUT_CSV)
		return cli_usage_error(cli, "source show prints as table or json");
	if ((rc = pt_source_get(cli->db, key, &s)))
		return cli_error("%s", pt_db_errmsg(cli->db));
	if (format == OUT_JSON) {
		json_t *doc = render_source(s);
		json_print(doc);
		json_decref(doc);
	} else {
		printf("Source %s\n", s->key);
		print_source_fields(s);
		print_refs("Links (what it cites, derives from, transcribes, translates)", s->links,
			   s->link_count);
		print_refs("Linked by (sources that cite it, derive from it, ...)", s->linked_by,
			   s->linked_by_count);
	}
	pt_source_free(s);
	return EXIT_OK;
}

int cmd_source(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return usage_sub(cli);
	if (!strcmp(argv[1], "add"))
		return source_add(cli, argc, argv);
	if (!strcmp(argv[1], "list"))
		return source_list(cli, argc, argv);
	if (!strcmp(argv[1], "show"))
		return source_show(cli, argc, argv);
	return cli_usage_error(cli, "unknown subcommand '%s' (add, list or show)", argv[1]);
}

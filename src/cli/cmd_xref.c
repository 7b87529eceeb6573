/*
 * cmd_xref.c - `powtrace xref SOURCE`: the cross-reference of one source:
 * what it supports, what it cites and what cites it (at any depth), what it
 * traces back to, citation circles through it, and which of its claims
 * other claims contradict.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_xref[] =
	"usage: powtrace [--db FILE] xref SOURCE [--tolerance PCT] [--format table|json]\n\n"
	"Cross-references one source (by key):\n"
	"  supports      the claims, persons, names, events, camps and operations that\n"
	"                cite it, with locator and grade; and how many person records\n"
	"                come from it\n"
	"  cites         what it cites, derives from, transcribes or translates, directly\n"
	"                (depth 1) or through other sources (depth 2, ...; 'via' says\n"
	"                through which)\n"
	"  cited by      the sources that link to it, directly or not\n"
	"  traces back   the sources its links end in: its origins. A source that links\n"
	"                to nothing is its own origin.\n"
	"  circle        a citation circle through it (a cites b cites a), when there\n"
	"                is one; walks visit each source once, so circles end\n"
	"  contradicted  its claims that claims on the same question and scope cannot\n"
	"                share (see 'powtrace claims --help'; --tolerance as there)\n\n"
	"exit status: 0 success, 1 no such source, 2 usage error\n";

static void print_links(const char *heading, const pt_xref_link *links, size_t count)
{
	static const char *const headers[] = { "source", "relation", "depth", "via", "title" };
	struct table *t;
	printf("\n%s\n", heading);
	if (!count) {
		printf("  (none)\n");
		return;
	}
	t = table_new(5, headers);
	for (size_t i = 0; i < count; i++) {
		char depth[16];
		const char *cells[5];
		snprintf(depth, sizeof depth, "%d", links[i].depth);
		cells[0] = links[i].key;
		cells[1] = links[i].relation;
		cells[2] = depth;
		cells[3] = or_empty(links[i].via);
		cells[4] = or_empty(links[i].title);
		table_add(t, cells);
	}
	table_print(t, stdout, "  ");
	table_free(t);
}

static void print_xref(const pt_xref *x)
{
	static const char *const support_headers[] = { "type", "what", "locator", "grade" };
	struct table *t;

	printf("Source %s\n", x->source->key);
	print_source_fields(x->source);

	printf("\nSupports\n");
	if (!x->support_count)
		printf("  (nothing cites it)\n");
	t = table_new(4, support_headers);
	for (size_t i = 0; i < x->support_count; i++) {
		const pt_xref_support *u = &x->supports[i];
		char what[1024], grade[160];
		const char *cells[4];
		if (u->key && strcmp(u->type, "claim"))
			snprintf(what, sizeof what, "%s (%s)", u->label, u->key);
		else if (u->key)
			snprintf(what, sizeof what, "%s: %s", u->key, u->label);
		else
			snprintf(what, sizeof what, "%s", u->label);
		cells[0] = u->type;
		cells[1] = what;
		cells[2] = or_empty(u->cite.locator);
		cells[3] = cite_grade(&u->cite, grade, sizeof grade);
		table_add(t, cells);
	}
	if (x->support_count)
		table_print(t, stdout, "  ");
	table_free(t);
	if (x->record_count)
		printf("  and %ld person record%s taken from it\n", x->record_count,
		       x->record_count == 1 ? "" : "s");

	print_links("Cites (directly: depth 1; through other sources: depth 2, ...)", x->cites,
		    x->cites_count);
	print_links("Cited by", x->cited_by, x->cited_by_count);

	printf("\nTraces back to\n  ");
	for (size_t i = 0; i < x->origin_count; i++)
		printf("%s%s", i ? ", " : "", x->origins[i]);
	if (x->origin_count == 1 && !strcmp(x->origins[0], x->source->key))
		printf(" (itself: it links to no other source)");
	printf("\n");

	printf("\nCitation circle\n");
	if (!x->circle_count) {
		printf("  (none through this source)\n");
	} else {
		printf("  ");
		for (size_t i = 0; i < x->circle_count; i++)
			printf("%s -> ", x->circle[i]);
		printf("%s\n", x->circle[0]);
	}

	printf("\nIts claims that others contradict\n");
	if (!x->contradicted_count)
		printf("  (none)\n");
	for (size_t i = 0; i < x->contradicted_count; i++) {
		const pt_xref_contradiction *c = &x->contradicted[i];
		printf("  %s %s against %s %s [%s]: %s\n", c->claim, c->value, c->other,
		       c->other_value, c->other_sources, c->reason);
	}
}

struct xref_args {
	int format;
	const char *tolerance;
};

const struct cli_option xref_options[] = {
	CLI_OPT_FORMAT(struct xref_args, format),
	{ "tolerance", 0, CLI_TEXT, offsetof(struct xref_args, tolerance), NULL, 0, 0,
	  CLI_EMPTY_OK },   /* checked by cli_tolerance_value, as claims checks it */
	CLI_OPT_END
};

int cmd_xref(struct cli *cli, int argc, char **argv)
{
	struct xref_args a = { OUT_TABLE, NULL };
	struct cli_list args = { 0 };
	enum output_format format;
	double tolerance = -1;
	const char *key;
	pt_xref *x = NULL;
	int rc;

	if (cli_parse(cli, xref_options, &a, argc, argv, &args)) {
		cli_list_release(&args);
		return EXIT_USAGE;
	}
	format = (enum output_format)a.format;
	key = args.count ? args.items[0] : NULL;
	rc = args.count > 1;
	cli_list_release(&args);
	if (rc)
		return cli_usage_error(cli, "give one source key");
	if (a.tolerance && cli_tolerance_value(cli, a.tolerance, &tolerance))
		return EXIT_USAGE;
	if (!key)
		return cli_usage_error(cli, "give the key of a source");
	if (format == OUT_CSV)
		return cli_usage_error(cli, "xref prints as table or json");
	if ((rc = pt_xref_get(cli->db, key, tolerance, &x)))
		return cli_error("%s", pt_db_errmsg(cli->db));
	if (format == OUT_JSON) {
		json_t *doc = render_xref(x);
		json_print(doc);
		json_decref(doc);
	} else {
		print_xref(x);
	}
	pt_xref_free(x);
	return EXIT_OK;
}

/*
 * cmd_claims.c - `powtrace claims list|show|conflicts|unsupported|check`:
 * what the sources claim, side by side; the claims that cannot all be
 * true; the claims that rest on one origin or on no original source; and
 * the claims set against the database's own counts.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_claims[] =
	"usage: powtrace [--db FILE] claims list [FILTERS] [--format table|csv|json]\n"
	"       powtrace [--db FILE] claims show KEY|QUESTION [--tolerance PCT] [--format table|json]\n"
	"       powtrace [--db FILE] claims conflicts [FILTERS] [--tolerance PCT] [--format F]\n"
	"       powtrace [--db FILE] claims unsupported [FILTERS] [--format F]\n"
	"       powtrace [--db FILE] claims check [FILTERS] [--verdict V] [--with-statistics]\n"
	"                                         [--tolerance PCT] [--format F]\n\n"
	"A claim answers a question (a stable key) within a scope (a metric such as\n"
	"retained, held, repatriated, died, and a population such as {\"nationality\":\n"
	"\"US\"}) with a value: a number, a range, 'at least' or 'at most' a number,\n"
	"approximate or exact, or a text. Claims import from JSON (\"claims\") and CSV.\n\n"
	"  list         the claims, with their sources and how many independent origins\n"
	"  show         one claim (by key) with its citations, grades, origins and the\n"
	"               claims against it; or every claim on a question, by scope\n"
	"  conflicts    claims on the same question and scope that cannot both be true:\n"
	"               numbers whose ranges do not overlap (an approximate value allows\n"
	"               the tolerance either way, 10% unless --tolerance says otherwise);\n"
	"               'none' against a number or 'some'; fates that exclude each other\n"
	"               (returned against died, or against never returned). Claims on the\n"
	"               same question in other scopes are listed beside them as related,\n"
	"               not as conflicts.\n"
	"  unsupported  claims that rest on one origin only (following the links between\n"
	"               sources: a blog post that cites a book is not a second origin),\n"
	"               on no source graded original, or on no source at all\n"
	"  check        each numeric claim beside the men the records show in the same\n"
	"               scope, on positive evidence only. Retained, disappeared, missing,\n"
	"               never repatriated: men a record shows in captivity after 1945 (an\n"
	"               internment, transfer, handover, release or sighting dated then, or\n"
	"               a death at a camp); a record without a return is no evidence\n"
	"               that a man stayed. Died: status died; repatriated, returned:\n"
	"               status returned; captured, liberated, released, ...: men with\n"
	"               such an event; interned, held: an internment at the claim's camp\n"
	"               or at a camp run by its held_by. Verdicts: contradicted (the\n"
	"               records show more than the claim allows), consistent, fewer (not\n"
	"               a contradiction: the database may not hold every man), untested\n"
	"               (no record in the scope bears on the claim: how many were looked\n"
	"               at, and why). A camp's head count (a population on a date,\n"
	"               as_of, such as the gazetteer's yearly counts, or a claim on a\n"
	"               question camp-population:...) is a statistic the records of men\n"
	"               cannot test: left out unless --with-statistics\n\n"
	"check options:\n"
	"  --verdict V        only the claims with verdict V: contradicted, consistent,\n"
	"                     fewer or untested\n"
	"  --with-statistics  also the camps' head counts\n\n"
	"filters:\n"
	"  --question Q       claims on one question\n"
	"  --metric M         with one metric\n"
	"  --nationality XX   whose population includes a nationality\n"
	"  --source KEY       cited from a source\n\n"
	"exit status: 0 success (also when nothing is found), 1 no such claim, 2 usage error\n";

struct claims_args {
	pt_claim_query query;
	enum output_format format;
	const char *positional;
};

static const char *const verdicts[] = { "contradicted", "consistent", "fewer", "untested", NULL };

/* --verdict V, --with-statistics (claims check): 1 matched, -1 bad, 0 not these. */
static int check_option(struct cli *cli, int argc, char **argv, int *i, struct claims_args *a)
{
	int rc;
	if (!strcmp(argv[*i], "--with-statistics")) {
		a->query.with_statistics = 1;
		return 1;
	}
	if ((rc = cli_value_option(cli, argc, argv, i, "verdict", &a->query.verdict)) <= 0)
		return rc;
	for (const char *const *v = verdicts; *v; v++)
		if (!strcmp(*v, a->query.verdict))
			return 1;
	cli_usage_error(cli, "claims check: unknown verdict '%s' (contradicted, consistent, fewer, "
			"untested)", a->query.verdict);
	return -1;
}

static int parse_args(struct cli *cli, int argc, char **argv, struct claims_args *a,
		      int want_positional, int tolerance)
{
	int check = !strcmp(argv[1], "check");
	memset(a, 0, sizeof *a);
	a->query.tolerance = -1;
	for (int i = 2; i < argc; i++) {
		int rc;
		if (argv[i][0] != '-' || !argv[i][1]) {
			if (!want_positional || a->positional)
				return cli_usage_error(cli, "claims %s: unexpected argument '%s'",
						       argv[1], argv[i]);
			a->positional = argv[i];
			continue;
		}
		if ((rc = cli_format_option(cli, argc, argv, &i, &a->format)) ||
		    (rc = cli_value_option(cli, argc, argv, &i, "question", &a->query.question)) ||
		    (rc = cli_value_option(cli, argc, argv, &i, "metric", &a->query.metric)) ||
		    (rc = cli_value_option(cli, argc, argv, &i, "nationality", &a->query.nationality)) ||
		    (rc = cli_value_option(cli, argc, argv, &i, "source", &a->query.source)) ||
		    (tolerance && (rc = cli_tolerance_option(cli, argc, argv, &i, &a->query.tolerance))) ||
		    (check && (rc = check_option(cli, argc, argv, &i, a)))) {
			if (rc < 0)
				return EXIT_USAGE;
			continue;
		}
		return cli_usage_error(cli, "claims %s: unknown option '%s'", argv[1], argv[i]);
	}
	return EXIT_OK;
}

/* "hollier-blog-gulag, independent-review-iron-cage" */
static void sources_text(const pt_claim *c, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < c->citation_count && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "",
				      c->citations[i].source_key);
}

static int print_json_claims(const pt_claims *list)
{
	struct json_stream out = { 0 };
	for (size_t i = 0; i < list->count; i++)
		json_stream_item(&out, render_claim(&list->items[i]));
	json_stream_end(&out);
	return EXIT_OK;
}

/* ---- list --------------------------------------------------------------- */

static int claims_list(struct cli *cli, int argc, char **argv)
{
	static const char *const headers[] = {
		"key", "question", "scope", "value", "date", "sources", "origins",
	};
	struct claims_args a;
	pt_claims *list = NULL;
	int status = parse_args(cli, argc, argv, &a, 0, 1);

	if (status)
		return status;
	if (pt_claims_list(cli->db, &a.query, &list))
		return cli_error("%s", pt_db_errmsg(cli->db));
	if (a.format == OUT_JSON) {
		print_json_claims(list);
	} else {
		struct table *t = table_new(7, headers);
		for (size_t i = 0; i < list->count; i++) {
			const pt_claim *c = &list->items[i];
			char sources[512], origins[24];
			const char *cells[7];
			sources_text(c, sources, sizeof sources);
			snprintf(origins, sizeof origins, "%d", c->independent_origins);
			cells[0] = c->key;
			cells[1] = c->question;
			cells[2] = c->scope;
			cells[3] = c->value;
			cells[4] = or_empty(c->date);
			cells[5] = sources;
			cells[6] = origins;
			table_add(t, cells);
		}
		if (a.format == OUT_CSV)
			table_print_csv(t, stdout);
		else if (list->count)
			table_print(t, stdout, "");
		else
			printf("no claims\n");
		table_free(t);
	}
	pt_claims_free(list);
	return EXIT_OK;
}

/* ---- show --------------------------------------------------------------- */

static void print_citations(const pt_claim *c, const char *indent)
{
	static const char *const headers[] = { "source", "kind", "locator", "grade" };
	struct table *t = table_new(4, headers);
	for (size_t i = 0; i < c->citation_count; i++) {
		char grade[160];
		const char *cells[4] = { c->citations[i].source_key, or_empty(c->citations[i].source_kind),
					 or_empty(c->citations[i].locator),
					 cite_grade(&c->citations[i], grade, sizeof grade) };
		table_add(t, cells);
	}
	if (c->citation_count)
		table_print(t, stdout, indent);
	else
		printf("%s(no source cited)\n", indent);
	table_free(t);
}

static void print_claim(const pt_claim *c, const pt_conflicts *found)
{
	struct table *t = table_new(2, NULL);
	char allowed[128] = "";

	if (c->comparable) {
		char lo[48], hi[48];
		cli_number(c->low, lo, sizeof lo);
		cli_number(c->high, hi, sizeof hi);
		if (isinf(c->low) && isinf(c->high))
			snprintf(allowed, sizeof allowed, "any number");
		else if (isinf(c->high))
			snprintf(allowed, sizeof allowed, "%s or more", lo);
		else if (isinf(c->low))
			snprintf(allowed, sizeof allowed, "up to %s", hi);
		else if (c->low == c->high)
			snprintf(allowed, sizeof allowed, "exactly %s", lo);
		else
			snprintf(allowed, sizeof allowed, "%s to %s", lo, hi);
	} else if (c->fate) {
		snprintf(allowed, sizeof allowed, "the fate '%s'", c->fate);
	} else {
		snprintf(allowed, sizeof allowed, "a text: compared with nothing");
	}
	printf("Claim %s\n", c->key);
	cli_field(t, "question", c->question);
	cli_field(t, "scope", c->scope);
	cli_field(t, "value", c->value);
	cli_field(t, "read as", allowed);
	cli_field(t, "date", c->date);
	cli_field(t, "words", c->text);
	cli_field(t, "support", c->support);
	cli_field(t, "notes", c->notes);
	table_print(t, stdout, "  ");
	table_free(t);
	printf("\nCitations\n");
	print_citations(c, "  ");
	if (!found)
		return;
	printf("\nAgainst it (same question and scope)\n");
	{
		int any = 0;
		for (size_t i = 0; i < found->count; i++)
			for (size_t k = 0; k < found->items[i].pair_count; k++) {
				const pt_conflict_pair *p = &found->items[i].pairs[k];
				const pt_claim *a = &found->claims->items[p->a], *b = &found->claims->items[p->b];
				const pt_claim *other = !strcmp(a->key, c->key) ? b : !strcmp(b->key, c->key) ? a : NULL;
				char sources[512];
				if (!other)
					continue;
				sources_text(other, sources, sizeof sources);
				printf("  %s %s [%s]: %s\n", other->key, other->value, sources, p->reason);
				any = 1;
			}
		if (!any)
			printf("  (nothing)\n");
	}
}

static void print_question(const pt_claims *list)
{
	static const char *const headers[] = { "key", "value", "date", "sources", "grade", "origins" };
	printf("Question %s\n", list->items[0].question);
	for (size_t i = 0; i < list->count; i++) {
		size_t k;
		struct table *t;
		for (k = 0; k < i && strcmp(list->items[k].scope, list->items[i].scope); k++)
			;
		if (k < i)
			continue; /* printed with its scope */
		printf("\n  %s\n", list->items[i].scope);
		t = table_new(6, headers);
		for (size_t j = i; j < list->count; j++) {
			const pt_claim *c = &list->items[j];
			char sources[512], grade[160] = "", origins[24];
			const char *cells[6];
			if (strcmp(c->scope, list->items[i].scope))
				continue;
			sources_text(c, sources, sizeof sources);
			if (c->citation_count)
				cite_grade(&c->citations[0], grade, sizeof grade);
			snprintf(origins, sizeof origins, "%d", c->independent_origins);
			cells[0] = c->key;
			cells[1] = c->value;
			cells[2] = or_empty(c->date);
			cells[3] = sources;
			cells[4] = grade;
			cells[5] = origins;
			table_add(t, cells);
		}
		table_print(t, stdout, "    ");
		table_free(t);
	}
}

static int claims_show(struct cli *cli, int argc, char **argv)
{
	struct claims_args a;
	pt_claim *claim = NULL;
	int status = parse_args(cli, argc, argv, &a, 1, 1), rc;

	if (status)
		return status;
	if (!a.positional)
		return cli_usage_error(cli, "claims show needs a claim key or a question");
	if (a.format == OUT_CSV)
		return cli_usage_error(cli, "claims show prints as table or json");
	rc = pt_claim_get(cli->db, a.positional, a.query.tolerance, &claim);
	if (rc == PT_OK) {
		pt_claim_query q = a.query;
		pt_conflicts *found = NULL;
		q.question = claim->question;
		q.key = NULL;
		if (pt_claims_conflicts(cli->db, &q, &found)) {
			pt_claim_free(claim);
			return cli_error("%s", pt_db_errmsg(cli->db));
		}
		if (a.format == OUT_JSON) {
			json_t *doc = render_claim(claim), *against = json_array();
			for (size_t i = 0; i < found->count; i++)
				for (size_t k = 0; k < found->items[i].pair_count; k++) {
					const pt_conflict_pair *p = &found->items[i].pairs[k];
					const pt_claim *x = &found->claims->items[p->a];
					const pt_claim *y = &found->claims->items[p->b];
					const pt_claim *other = !strcmp(x->key, claim->key) ? y
							      : !strcmp(y->key, claim->key) ? x : NULL;
					if (other)
						json_array_append_new(against, json_pack("{s:s, s:s, s:o, s:s, s:s}",
							"key", other->key, "value", other->value,
							"source", other->citation_count
								? json_string(other->citations[0].source_key)
								: json_null(),
							"kind", p->kind, "reason", p->reason));
				}
			json_object_set_new(doc, "conflicts_with", against);
			json_print(doc);
			json_decref(doc);
		} else {
			print_claim(claim, found);
		}
		pt_conflicts_free(found);
		pt_claim_free(claim);
		return EXIT_OK;
	}
	if (rc != PT_ENOTFOUND)
		return cli_error("%s", pt_db_errmsg(cli->db));
	/* not a key: a question */
	{
		pt_claims *list = NULL;
		a.query.question = a.positional;
		if (pt_claims_list(cli->db, &a.query, &list))
			return cli_error("%s", pt_db_errmsg(cli->db));
		if (!list->count) {
			pt_claims_free(list);
			return cli_error("claims show: no claim or question '%s'", a.positional);
		}
		if (a.format == OUT_JSON)
			print_json_claims(list);
		else
			print_question(list);
		pt_claims_free(list);
	}
	return EXIT_OK;
}

/* ---- conflicts ------------------------------------------------------------ */

static int claims_conflicts(struct cli *cli, int argc, char **argv)
{
	static const char *const headers[] = { "value", "source", "locator", "grade", "date", "claim" };
	static const char *const related_headers[] = { "scope", "value", "source", "claim" };
	struct claims_args a;
	pt_conflicts *found = NULL;
	int status = parse_args(cli, argc, argv, &a, 0, 1);

	if (status)
		return status;
	if (pt_claims_conflicts(cli->db, &a.query, &found))
		return cli_error("%s", pt_db_errmsg(cli->db));
	if (a.format == OUT_JSON) {
		struct json_stream doc = { 0 };
		for (size_t i = 0; i < found->count; i++) {
			json_stream_item(&doc, render_conflict(found, i));
		}
		json_stream_end(&doc);
	} else if (a.format == OUT_CSV) {
		static const char *const csv_headers[] = {
			"question", "scope", "claim", "value", "other_claim", "other_value", "kind", "reason",
		};
		struct table *t = table_new(8, csv_headers);
		for (size_t i = 0; i < found->count; i++)
			for (size_t k = 0; k < found->items[i].pair_count; k++) {
				const pt_conflict_pair *p = &found->items[i].pairs[k];
				const pt_claim *x = &found->claims->items[p->a], *y = &found->claims->items[p->b];
				const char *cells[8] = { found->items[i].question, found->items[i].scope,
							 x->key, x->value, y->key, y->value, p->kind, p->reason };
				table_add(t, cells);
			}
		table_print_csv(t, stdout);
		table_free(t);
	} else if (!found->count) {
		printf("no conflicts (tolerance %g%%)\n", found->tolerance);
	} else {
		for (size_t i = 0; i < found->count; i++) {
			const pt_conflict *cf = &found->items[i];
			struct table *t = table_new(6, headers);
			printf("%s%s: %s\n", i ? "\n" : "", cf->question, cf->scope);
			for (size_t k = 0; k < cf->member_count; k++) {
				const pt_claim *c = &found->claims->items[cf->members[k]];
				char grade[160] = "";
				const char *cells[6];
				if (c->citation_count)
					cite_grade(&c->citations[0], grade, sizeof grade);
				cells[0] = c->value;
				cells[1] = c->citation_count ? c->citations[0].source_key : "(none)";
				cells[2] = c->citation_count ? or_empty(c->citations[0].locator) : "";
				cells[3] = grade;
				cells[4] = or_empty(c->date);
				cells[5] = c->key;
				table_add(t, cells);
				for (size_t j = 1; j < c->citation_count; j++) {
					const char *more[6] = { "", c->citations[j].source_key,
						or_empty(c->citations[j].locator),
						cite_grade(&c->citations[j], grade, sizeof grade), "", "" };
					table_add(t, more);
				}
			}
			table_print(t, stdout, "  ");
			table_free(t);
			for (size_t k = 0; k < cf->pair_count; k++)
				printf("  conflict (%s): %s vs %s: %s\n", cf->pairs[k].kind,
				       found->claims->items[cf->pairs[k].a].key,
				       found->claims->items[cf->pairs[k].b].key, cf->pairs[k].reason);
			if (cf->related_count) {
				printf("  related, not in conflict (same question, other scopes):\n");
				t = table_new(4, related_headers);
				for (size_t k = 0; k < cf->related_count; k++) {
					const pt_claim *r = &found->claims->items[cf->related[k]];
					const char *cells[4] = { r->scope, r->value,
						r->citation_count ? r->citations[0].source_key : "(none)",
						r->key };
					table_add(t, cells);
				}
				table_print(t, stdout, "    ");
				table_free(t);
			}
		}
		size_t pairs = 0;
		for (size_t i = 0; i < found->count; i++)
			pairs += found->items[i].pair_count;
		printf("\n%zu pair%s of claims in conflict, in %zu question%s and scope%s (an "
		       "approximate value allows %g%% either way)\n", pairs, pairs == 1 ? "" : "s",
		       found->count, found->count == 1 ? "" : "s", found->count == 1 ? "" : "s",
		       found->tolerance);
	}
	pt_conflicts_free(found);
	return EXIT_OK;
}

/* ---- unsupported ------------------------------------------------------------ */

static int claims_unsupported(struct cli *cli, int argc, char **argv)
{
	static const char *const headers[] = { "claim", "question", "value", "sources", "why" };
	struct claims_args a;
	pt_claims *list = NULL;
	int status = parse_args(cli, argc, argv, &a, 0, 0);

	if (status)
		return status;
	if (pt_claims_unsupported(cli->db, &a.query, &list))
		return cli_error("%s", pt_db_errmsg(cli->db));
	if (a.format == OUT_JSON) {
		print_json_claims(list);
	} else if (a.format == OUT_CSV) {
		struct table *t = table_new(5, headers);
		for (size_t i = 0; i < list->count; i++) {
			const pt_claim *c = &list->items[i];
			char sources[512];
			const char *cells[5];
			sources_text(c, sources, sizeof sources);
			cells[0] = c->key;
			cells[1] = c->question;
			cells[2] = c->value;
			cells[3] = sources;
			cells[4] = or_empty(c->support);
			table_add(t, cells);
		}
		table_print_csv(t, stdout);
		table_free(t);
	} else if (!list->count) {
		printf("no unsupported claims\n");
	} else {
		for (size_t i = 0; i < list->count; i++) {
			const pt_claim *c = &list->items[i];
			struct table *t = table_new(2, NULL);
			char sources[512];
			sources_text(c, sources, sizeof sources);
			printf("%s%s\n", i ? "\n" : "", c->key);
			cli_field(t, "claims", c->value);
			cli_field(t, "scope", c->scope);
			cli_field(t, "question", c->question);
			cli_field(t, "cited", *sources ? sources : "(nothing)");
			cli_field(t, "why", c->support);
			table_print(t, stdout, "  ");
			table_free(t);
		}
		printf("\n%zu unsupported claim%s: one origin only, no original source, or no source\n",
		       list->count, list->count == 1 ? "" : "s");
	}
	pt_claims_free(list);
	return EXIT_OK;
}

/* ---- check -------------------------------------------------------------------- */

static void check_json(const pt_claim_checks *checks)
{
	struct json_stream doc = { 0 };
	for (size_t i = 0; i < checks->count; i++) {
		const pt_claim_check *k = &checks->items[i];
		const pt_claim *c = &checks->claims->items[k->claim];
		int counted = k->count >= 0;
		json_stream_item(&doc, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o}",
			"key", c->key, "question", c->question, "scope", c->scope, "value", c->value,
			"allows_min", isinf(c->low) ? json_null() : json_real(c->low),
			"allows_max", isinf(c->high) ? json_null() : json_real(c->high),
			"count", counted ? json_integer(k->count) : json_null(),
			"records_looked_at", counted ? json_integer(k->records) : json_null(),
			"men_looked_at", counted ? json_integer(k->men) : json_null(),
			"accounted_for", counted ? json_integer(k->accounted) : json_null(),
			"verdict", k->verdict, "counted", json_text(k->counted),
			"reason", json_text(k->reason)));
	}
	json_stream_end(&doc);
}

static void check_table(const pt_claim_checks *checks, enum output_format format)
{
	static const char *const headers[] = {
		"claim", "scope", "claimed", "shown", "men", "verdict", "why",
	};
	struct table *t = table_new(7, headers);
	for (size_t i = 0; i < checks->count; i++) {
		const pt_claim_check *k = &checks->items[i];
		const pt_claim *c = &checks->claims->items[k->claim];
		char n[32], men[32];
		const char *cells[7];
		snprintf(n, sizeof n, k->count >= 0 ? "%lld" : format == OUT_CSV ? "" : "-", k->count);
		snprintf(men, sizeof men, k->count >= 0 ? "%lld" : format == OUT_CSV ? "" : "-", k->men);
		cells[0] = c->key;
		cells[1] = c->scope;
		cells[2] = c->value;
		cells[3] = n;
		cells[4] = men;
		cells[5] = k->verdict;
		cells[6] = or_empty(k->reason);
		table_add(t, cells);
	}
	if (format == OUT_CSV)
		table_print_csv(t, stdout);
	else if (checks->count)
		table_print(t, stdout, "");
	table_free(t);
}

static int claims_check(struct cli *cli, int argc, char **argv)
{
	struct claims_args a;
	pt_claim_checks *checks = NULL;
	int status = parse_args(cli, argc, argv, &a, 0, 1);

	if (status)
		return status;
	if (pt_claims_check(cli->db, &a.query, &checks))
		return cli_error("%s", pt_db_errmsg(cli->db));
	if (a.format == OUT_JSON)
		check_json(checks);
	else
		check_table(checks, a.format);
	if (a.format == OUT_TABLE) {
		if (!checks->count)
			printf(a.query.verdict ? "no claim is %s\n" : "no numeric claims to check\n",
			       a.query.verdict);
		else
			printf("\nshown: the men the records show, on positive evidence (retained: a record "
			       "of captivity\nafter 1945, not a missing return); men: the men in the "
			       "claim's scope, looked at.\ncontradicted: the records show more than the "
			       "claim allows; fewer: they show fewer\n(not a contradiction: the database "
			       "may not hold every man); untested: no record in\nthe scope bears on "
			       "the claim\n");
		if (checks->statistics_left_out)
			printf("%zu camp head count%s left out (--with-statistics shows them)\n",
			       checks->statistics_left_out,
			       checks->statistics_left_out == 1 ? "" : "s");
	}
	pt_claim_checks_free(checks);
	return EXIT_OK;
}

int cmd_claims(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(cli, "give a subcommand: list, show, conflicts, unsupported or check");
	if (!strcmp(argv[1], "list"))
		return claims_list(cli, argc, argv);
	if (!strcmp(argv[1], "show"))
		return claims_show(cli, argc, argv);
	if (!strcmp(argv[1], "conflicts"))
		return claims_conflicts(cli, argc, argv);
	if (!strcmp(argv[1], "unsupported"))
		return claims_unsupported(cli, argc, argv);
	if (!strcmp(argv[1], "check"))
		return claims_check(cli, argc, argv);
	return cli_usage_error(cli, "unknown subcommand '%s' (list, show, conflicts, unsupported, "
			       "check)", argv[1]);
}

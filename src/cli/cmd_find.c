/*
 * cmd_find.c - `powtrace find NAME`: the forgiving name search, its filters,
 * the search by service number, unit and words of the notes, and its hits
 * as a table, CSV or JSON, each with the rule that matched and why.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_find[] =
	"usage: powtrace [--db FILE] find [OPTIONS] NAME\n"
	"       powtrace [--db FILE] find [OPTIONS] [NAME] --number N | --unit TEXT | --text WORDS\n\n"
	"Finds the persons whose name, in any form a record gives it, is like NAME,\n"
	"typed as you would type it: \"Frank Kelly\", \"Kelly, Frank\", \"KELLY F\",\n"
	"\"F. Kelly\", \"Келли Фрэнк\". Words may also come as separate arguments.\n"
	"A comma or capitals say which word is the surname; otherwise a Latin name is\n"
	"read surname last (and tried surname first), a Cyrillic one surname first.\n\n"
	"Matches, strongest first (the 'match' column):\n"
	"  exact            the same after folding case, accents and punctuation:\n"
	"                   Müller = Mueller = Muller, O'Brien = O Brien, ß = ss;\n"
	"                   either part of a double surname (Smith = Smith-Dorrien)\n"
	"  variant          a spelling variant: Kelley = Kelly, Macdonald = McDonald\n"
	"  initial          an initial or abbreviation: F. = Frank, Wm. = William\n"
	"  nickname         given-name equivalents: Frank = Francis, Bill = William\n"
	"  transliteration  across scripts: Гарольд = Harold, Уокер = Walker\n"
	"  phonetic         the same American Soundex or Daitch-Mokotoff code\n"
	"  wildcard         a pattern: _ one unreadable letter, * any run, [ae] one of\n"
	"                   the letters: \"Kel*\", \"K_lly\", \"M[ae]yer\"\n"
	"The given names must agree too when both the search and the record have\n"
	"them. 'score' (0-100) is 100 less 10 for each rank below exact, less a few\n"
	"points for name parts that do not agree; 'why' says which recorded form\n"
	"matched and by which rule.\n\n"
	"--number, --unit and --text search beyond names, alone or with a name (then\n"
	"among the men the name finds). A man is one hit however many of his records\n"
	"match; 'why' says what matched: the number recorded, or the words around the\n"
	"match with the matched ones in [brackets].\n\n"
	"options:\n"
	"  --born DATE          born within an EDTF date or range (1920, 1918/1922,\n"
	"                       1920~); an uncertain birth date that may fall in it counts\n"
	"  --nationality CC     ISO 3166 code of the force served (GB, US, SU, ...)\n"
	"  --camp CAMP          was at a camp (its key, name or any alias)\n"
	"  --status STATUS      returned, died, unaccounted, conflicting or unknown\n"
	"  --unit TEXT          the unit contains TEXT (case and accents ignored); without\n"
	"                       a name, a unit with a word that begins with each of\n"
	"                       TEXT's words (\"royal warw\")\n"
	"  --number N           a service number: the same after dropping spaces, hyphens,\n"
	"                       slashes, full stops and case (score 100), or two digits\n"
	"                       next to each other swapped (90), or one digit wrong (80)\n"
	"  --text WORDS         every word in the notes or remarks of a record, the columns\n"
	"                       an import kept, or the notes of one of its events (case\n"
	"                       and accents ignored; plain words: quotes, * or NEAR are\n"
	"                       no syntax)\n"
	"  -n, --limit N        show at most N hits (default 50; 0 for all)\n"
	"  --offset N           skip the N best hits first (with --limit: a page)\n"
	"  --format FORMAT      table (default), csv or json\n\n"
	"exit status: 0 when someone was found, 1 when no one was, 2 for a usage error\n"
	"(an empty name, a name over 1,000 characters, bad UTF-8, a bad option, a\n"
	"number with no digit, a text with no word)\n";

static void print_table(pt_db *db, const pt_find_result *r, size_t offset)
{
	static const char *const headers[] = {
		"id", "name", "nat.", "born", "status", "match", "score",
	};
	static const char *const why_headers[] = { "id", "matched form", "why" };
	struct table *t = table_new(7, headers), *w = table_new(3, why_headers);

	printf("Searched for %s\n", r->read_as);
	if (r->also_tried)
		printf("Also tried %s\n", r->also_tried);
	putchar('\n');
	for (size_t i = 0; i < r->count; i++) {
		const pt_find_hit *h = &r->hits[i];
		pt_name matched = { .surname = h->form_surname, .given_names = h->form_given_names };
		char id[24], score[16];
		/* (a man named only in Cyrillic: the form, with its romanisation) */
		char *name = render_name_text(db, h->surname, h->given_names, &matched, 1);
		char *form = cli_join_name(h->form_surname, h->form_given_names), *form_shown;
		const char *cells[7], *why_cells[3];
		size_t n;
		snprintf(id, sizeof id, "%lld", (long long)h->individual_id);
		snprintf(score, sizeof score, "%d", h->score);
		cells[0] = id;
		cells[1] = name ? name : "";
		cells[2] = or_empty(h->nationality);
		cells[3] = or_empty(h->birth_date);
		cells[4] = pt_status_name(h->status);
		cells[5] = pt_match_name(h->match);
		cells[6] = score;
		table_add(t, cells);
		n = strlen(or_empty(form)) + strlen(or_empty(h->form_script)) + 64 +
		    24 * h->record_count;
		form_shown = malloc(n);
		if (form_shown) {
			/* found without a name: the record that matched best */
			size_t used = h->name_id ? (size_t)snprintf(form_shown, n, "%s (%s)", or_empty(form),
								    or_empty(h->form_script))
						 : (size_t)snprintf(form_shown, n, "record %lld",
								    (long long)h->person_id);
			/* a man of several records: which record's form, and which matched */
			if (h->record_count > 1 || h->person_id != h->individual_id) {
				if (h->name_id)
					used += (size_t)snprintf(form_shown + used, n - used, " in record %lld",
								 (long long)h->person_id);
				used += (size_t)snprintf(form_shown + used, n - used, "; records matched: ");
				for (size_t k = 0; k < h->record_count && used < n; k++)
					used += (size_t)snprintf(form_shown + used, n - used, "%s%lld",
								 k ? ", " : "", (long long)h->records[k]);
			}
		}
		why_cells[0] = id;
		why_cells[1] = form_shown ? form_shown : "";
		why_cells[2] = or_empty(h->why);
		table_add(w, why_cells);
		free(name);
		free(form);
		free(form_shown);
	}
	table_print(t, stdout, "  ");
	if (r->total > offset + r->count)
		printf("  ... %zu more; %s\n", r->total - offset - r->count,
		       offset ? "--offset and --limit show them" : "--limit 0 shows them all");
	printf("\nWhy\n");
	table_print(w, stdout, "  ");
	table_free(t);
	table_free(w);
}

static void print_csv(const pt_find_result *r)
{
	static const char *const headers[] = {
		"id", "surname", "given_names", "nationality", "birth_date", "status", "match",
		"score", "matched_surname", "matched_given_names", "matched_script", "why",
	};
	struct table *t = table_new(12, headers);
	for (size_t i = 0; i < r->count; i++) {
		const pt_find_hit *h = &r->hits[i];
		char id[24], score[16];
		const char *cells[12];
		snprintf(id, sizeof id, "%lld", (long long)h->individual_id);
		snprintf(score, sizeof score, "%d", h->score);
		cells[0] = id;
		cells[1] = or_empty(h->surname);
		cells[2] = or_empty(h->given_names);
		cells[3] = or_empty(h->nationality);
		cells[4] = or_empty(h->birth_date);
		cells[5] = pt_status_name(h->status);
		cells[6] = pt_match_name(h->match);
		cells[7] = score;
		cells[8] = or_empty(h->form_surname);
		cells[9] = or_empty(h->form_given_names);
		cells[10] = or_empty(h->form_script);
		cells[11] = or_empty(h->why);
		table_add(t, cells);
	}
	table_print_csv(t, stdout);
	table_free(t);
}

/* a --limit or --offset: a whole number of hits, 0 or more; else a usage error */
static int hit_count(struct cli *cli, const char *option, const char *text, const char *hint,
		     size_t *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(text, &end, 10);
	if (errno || *end || end == text || n < 0)
		return cli_usage_error(cli, "%s: '%s' is not a number of hits%s", option, text, hint);
	*out = (size_t)n;
	return 0;
}

int cmd_find(struct cli *cli, int argc, char **argv)
{
	enum output_format format = OUT_TABLE;
	pt_find_options opts = { .limit = 50 };
	const char *limit_text = NULL, *offset_text = NULL;
	pt_find_result *result = NULL;
	char *name = NULL;
	size_t name_len = 0;
	int rc, status = EXIT_OK, words_only = 0;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (!words_only && !strcmp(arg, "--")) {
			words_only = 1;
			continue;
		}
		if (!words_only && arg[0] == '-' && arg[1]) {   /* a name: after "--" */
			if ((rc = cli_format_option(cli, argc, argv, &i, &format)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "born", &opts.born)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "nationality", &opts.nationality)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "camp", &opts.camp)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "status", &opts.status)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "unit", &opts.unit)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "number", &opts.number)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "text", &opts.text)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "limit", &limit_text)) ||
			    (rc = cli_value_option(cli, argc, argv, &i, "offset", &offset_text))) {
				if (rc < 0) {
					free(name);
					return EXIT_USAGE;
				}
				continue;
			}
			free(name);
			return cli_usage_error(cli, "unknown option '%s'", arg);
		}
		/* the words of the name, as one string */
		{
			size_t len = strlen(arg);
			char *grown = realloc(name, name_len + len + 2);
			if (!grown) {
				free(name);
				return cli_error("out of memory");
			}
			name = grown;
			if (name_len)
				name[name_len++] = ' ';
			memcpy(name + name_len, arg, len + 1);
			name_len += len;
		}
	}
	if ((limit_text && (rc = hit_count(cli, "--limit", limit_text, " (0 for all)", &opts.limit))) ||
	    (offset_text && (rc = hit_count(cli, "--offset", offset_text, "", &opts.offset)))) {
		free(name);
		return rc;
	}
	if (!name && !opts.number && !opts.text && !opts.unit)
		return cli_usage_error(cli, "give a name, --number, --unit or --text to search for");
	rc = pt_person_find(cli->db, name, &opts, &result);
	if (rc == PT_EINVAL) {
		status = cli_usage_error(cli, "%s", pt_db_errmsg(cli->db));
		goto cleanup;
	}
	if (rc) {
		status = cli_error("find: %s", pt_db_errmsg(cli->db));
		goto cleanup;
	}
	for (size_t i = 0; i < result->note_count; i++)
		fprintf(stderr, "powtrace: find: note: %s\n", result->notes[i]);
	if (format == OUT_JSON) {
		json_t *doc = json_array();
		for (size_t i = 0; i < result->count; i++)
			json_array_append_new(doc, render_find_hit(cli->db, &result->hits[i]));
		json_print(doc);
		json_decref(doc);
	} else if (format == OUT_CSV) {
		print_csv(result);
	} else if (result->count) {
		print_table(cli->db, result, opts.offset);
	}
	if (!result->count) {
		if (result->total)
			fprintf(stderr, "powtrace: find: %zu found, none after the first %zu (--offset)\n",
				result->total, opts.offset);
		else if (name)
			fprintf(stderr, "powtrace: find: no one found for '%s' (read as %s)\n", name,
				result->read_as);
		else
			fprintf(stderr, "powtrace: find: no one found by %s\n", result->read_as);
		status = EXIT_FAIL;
	}
cleanup:
	pt_find_result_free(result);
	free(name);
	return status;
}

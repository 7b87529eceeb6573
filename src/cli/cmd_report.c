/*
 * cmd_report.c - `powtrace report unaccounted` (everyone the records leave
 * in captivity or in transit, or their counts with --summary) and `powtrace
 * report camp CAMP` (a camp's dossier).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_report[] =
	"usage: powtrace [--db FILE] report unaccounted [FILTER...] [--summary]\n"
	"                [--format table|csv|json]\n"
	"       powtrace [--db FILE] report camp CAMP [--format table|json]\n\n"
	"report unaccounted lists every person whose status is unaccounted: the\n"
	"last known event (type, EDTF date, place, camp), the number of citations\n"
	"on the record, its sources, and the strongest evidence behind the last\n"
	"event (a citation on that event, else on the record; graded by evidence,\n"
	"then information, then source, then confidence). With --summary it counts\n"
	"them by nationality and last camp (the camp of the last event, else the\n"
	"last camp recorded). The table starts with the definition it applies.\n\n"
	"Unaccounted: the last recorded event that bears on fate leaves the person\n"
	"in captivity or in transit (capture, internment, transfer, liberation,\n"
	"handover, release without a later return, sighting, last seen), and no\n"
	"later record says that they came home or died.\n\n"
	"filters, as for count (each may be repeated; commas separate alternatives):\n"
	"  --nationality GB,US   --camp NAME   --event TYPE   --between FROM/TO\n"
	"  --source KEY   --records (every record a person of its own, as before links)\n\n"
	"A person is a man: the records that links join are one row, with the last\n"
	"reliable trace across all of them, every citation of every record, and the\n"
	"status derived from all their events.\n\n"
	"report camp prints the dossier of the camp that CAMP names (its key, name or\n"
	"any alias, in any script): names and aliases, type, operator, place and\n"
	"coordinates, period, the persons recorded there by status, the timeline of\n"
	"their events there, the claims made about it (population on a date,\n"
	"deaths) and the sources of the camp's entry.\n";

/* Prints text wrapped at spaces into lines of at most `width` characters,
 * each starting with `indent`. */
static void print_wrapped(const char *indent, const char *text, size_t width)
{
	while (text && *text) {
		size_t chars = 0, cut = 0, i;
		for (i = 0; text[i] && chars < width; i++) {
			chars += ((unsigned char)text[i] & 0xc0) != 0x80;
			if (text[i] == ' ')
				cut = i;
		}
		if (!text[i] || !cut)
			cut = i;
		printf("%s%.*s\n", indent, (int)cut, text);
		text += cut;
		while (*text == ' ')
			text++;
	}
}

/* "Surname, Given" (with its romanisation when not Latin); "" for none */
static char *name_of(pt_db *db, const char *surname, const char *given)
{
	char *s = render_name_text(db, surname, given, NULL, 0);
	return s ? s : calloc(1, 1);
}

/* "authored/secondary/indirect, confidence 1" */
static void grade_text(const pt_citation *c, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s%s%s", or_empty(c->source_quality),
		 c->source_quality && c->information ? "/" : "", or_empty(c->information),
		 (c->source_quality || c->information) && c->evidence ? "/" : "",
		 or_empty(c->evidence));
	if (c->confidence >= 0) {
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%sconfidence %d", len ? ", " : "", c->confidence);
	}
}

/* ---- report unaccounted --------------------------------------------------- */

static void unaccounted_table(pt_db *db, const pt_unaccounted *u, enum output_format format)
{
	static const char *const table_headers[] = {
		"id", "name", "nat.", "last event", "date", "camp / place", "citations",
		"strongest evidence",
	};
	static const char *const csv_headers[] = {
		"id", "surname", "given_names", "nationality", "last_event_type", "last_event_date",
		"last_event_place", "last_event_camp", "last_camp", "citations", "sources",
		"evidence_source", "evidence_locator", "evidence_grade",
	};
	int csv = format == OUT_CSV;
	struct table *t = csv ? table_new(14, csv_headers) : table_new(8, table_headers);

	for (size_t i = 0; i < u->row_count; i++) {
		const pt_unaccounted_row *r = &u->rows[i];
		char id[24], cites[24], grade[256] = "", evidence[1024] = "", where[1024];
		char *name = name_of(db, r->surname, r->given_names), *sources = NULL;
		size_t size = 0;
		FILE *list = open_memstream(&sources, &size);

		snprintf(id, sizeof id, "%lld", (long long)r->id);
		snprintf(cites, sizeof cites, "%lld", (long long)r->citation_count);
		if (list) {
			for (size_t k = 0; k < r->source_count; k++)
				fprintf(list, "%s%s", k ? ";" : "", r->sources[k]);
			fclose(list);
		}
		if (r->evidence) {
			grade_text(r->evidence, grade, sizeof grade);
			snprintf(evidence, sizeof evidence, "%s%s%s (%s; on %s)", r->evidence->source_key,
				 r->evidence->locator ? " " : "", or_empty(r->evidence->locator),
				 grade[0] ? grade : "not graded", or_empty(r->evidence->target));
		}
		if (csv) {
			const char *cells[14] = {
				id, or_empty(r->surname), or_empty(r->given_names), or_empty(r->nationality),
				or_empty(r->event_type), or_empty(r->event_date), or_empty(r->event_place),
				or_empty(r->event_camp), or_empty(r->last_camp), cites, or_empty(sources),
				r->evidence ? r->evidence->source_key : "",
				r->evidence ? or_empty(r->evidence->locator) : "", grade,
			};
			table_add(t, cells);
		} else {
			const char *cells[8];
			if (r->event_camp && r->event_place)
				snprintf(where, sizeof where, "%s, %s", r->event_camp, r->event_place);
			else if (r->event_camp || r->event_place)
				snprintf(where, sizeof where, "%s", r->event_camp ? r->event_camp
									  : r->event_place);
			else if (r->last_camp)
				snprintf(where, sizeof where, "(last camp: %s)", r->last_camp);
			else
				where[0] = '\0';
			cells[0] = id;
			cells[1] = name ? name : "";
			cells[2] = or_empty(r->nationality);
			cells[3] = or_empty(r->event_type);
			cells[4] = r->event_date ? r->event_date : r->event_type ? "?" : "";
			cells[5] = where;
			cells[6] = cites;
			cells[7] = r->evidence ? evidence : "(none)";
			table_add(t, cells);
		}
		free(name);
		free(sources);
	}
	if (csv)
		table_print_csv(t, stdout);
	else
		table_print(t, stdout, "  ");
	table_free(t);
}

static void print_definition(const char *title, const pt_filter *f)
{
	char *filters = cli_filter_describe(f);
	printf("%s\n", title);
	printf("Filters: %s\n\n", filters ? filters : "");
	free(filters);
	printf("Definition\n");
	print_wrapped("  ", pt_report_unaccounted_definition(), 76);
	printf("\n");
}

struct report_unaccounted_args {
	struct cli_filter filter;
	int summary, format;
};

static const struct cli_option report_unaccounted_options[] = {
	CLI_FILTER_OPTIONS(struct report_unaccounted_args, filter),
	CLI_OPT_FLAG("summary", struct report_unaccounted_args, summary),
	CLI_OPT_FORMAT(struct report_unaccounted_args, format),
	CLI_OPT_END
};

static int report_unaccounted(struct cli *cli, int argc, char **argv)
{
	struct report_unaccounted_args a = { .format = OUT_TABLE };
	enum output_format format;
	pt_filter filter;
	int summary, status = EXIT_OK, rc;

	memset(&filter, 0, sizeof filter);
	/* argv[1] is "unaccounted": the options follow it */
	if (cli_parse_options(cli, report_unaccounted_options, &a, argc - 1, argv + 1))
		goto usage;
	if (a.filter.status.count) {
		cli_usage_error(cli, "the report lists unaccounted persons only; --status "
				"does not apply");
		goto usage;
	}
	if (cli_filter_build(cli, &a.filter, &filter))
		goto usage;
	summary = a.summary;
	format = (enum output_format)a.format;

	if (summary) {
		pt_count *count = NULL;
		rc = pt_report_unaccounted_summary(cli->db, &filter, &count);
		if (rc) {
			status = rc == PT_EINVAL ? cli_usage_error(cli, "%s", pt_db_errmsg(cli->db))
						 : cli_error("report: %s", pt_db_errmsg(cli->db));
		} else {
			if (format == OUT_TABLE) {
				char title[64];
				snprintf(title, sizeof title,
					 "Unaccounted for, by nationality and last camp: %lld persons",
					 (long long)count->total);
				print_definition(title, &filter);
			}
			cli_count_print(count, 0, format);
		}
		pt_count_free(count);
	} else {
		pt_unaccounted *report = NULL;
		rc = pt_report_unaccounted(cli->db, &filter, &report);
		if (rc) {
			status = rc == PT_EINVAL ? cli_usage_error(cli, "%s", pt_db_errmsg(cli->db))
						 : cli_error("report: %s", pt_db_errmsg(cli->db));
		} else if (format == OUT_JSON) {
			json_t *doc = render_unaccounted(report);
			cli_json_print_reals(doc);
			json_decref(doc);
		} else {
			if (format == OUT_TABLE) {
				char title[64];
				snprintf(title, sizeof title, "Unaccounted for: %zu persons",
					 report->row_count);
				print_definition(title, &filter);
			}
			if (report->row_count || format == OUT_CSV)
				unaccounted_table(cli->db, report, format);
		}
		pt_unaccounted_free(report);
	}
cleanup:
	cli_filter_release(&filter);
	cli_filter_args_release(&a.filter);
	return status;
usage:
	status = EXIT_USAGE;
	goto cleanup;
}

/* ---- report camp ------------------------------------------------------------- */

/* "25,052"; a number that is not whole keeps its decimals */
static void format_number(double v, char *buf, size_t size)
{
	char digits[64];
	size_t len, out = 0;
	if (v != floor(v) || fabs(v) >= 1e15) {
		snprintf(buf, size, "%g", v);
		return;
	}
	len = (size_t)snprintf(digits, sizeof digits, "%.0f", v);
	for (size_t i = 0; i < len && out + 2 < size; i++) {
		if (i && digits[i - 1] != '-' && (len - i) % 3 == 0)
			buf[out++] = ',';
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
}

static void format_value(const pt_camp_claim *c, char *buf, size_t size)
{
	char low[64], high[64];
	if (!c->has_value) {
		snprintf(buf, size, "%s", or_empty(c->value_text));
		return;
	}
	format_number(c->value_min, low, sizeof low);
	format_number(c->value_max, high, sizeof high);
	if (c->value_max != c->value_min)
		snprintf(buf, size, "%s%s-%s", c->approximate ? "~" : "", low, high);
	else
		snprintf(buf, size, "%s%s", c->approximate ? "~" : "", low);
}

static const char *type_label(const char *type)
{
	size_t n;
	const pt_camp_type_info *types = pt_camp_types(&n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(types[i].type, type))
			return types[i].label;
	return type;
}

static void print_dossier(pt_db *db, const pt_camp_dossier *d)
{
	const pt_camp *c = &d->camp;
	int64_t total = 0;

	printf("Camp: %s (%s)\n", c->name, c->key);
	printf("  type         %s (%s)\n", c->type, type_label(c->type));
	if (c->operator_code)
		printf("  operator     %s\n", c->operator_code);
	if (c->place || c->country)
		printf("  place        %s%s%s\n", or_empty(c->place),
		       c->place && c->country ? ", " : "", or_empty(c->country));
	if (c->has_coordinates)
		printf("  coordinates  %.5g, %.5g\n", c->lat, c->lon);
	printf("  period       %s\n", c->period ? c->period : "(not recorded)");
	printf("  verified     %s\n", c->verified ? "yes" : "no (an unidentified or placeholder camp)");
	if (c->alias_count) {
		printf("  also called  ");
		for (size_t i = 0; i < c->alias_count; i++)
			printf("%s%s", i ? "; " : "", c->aliases[i]);
		printf("\n");
	}
	if (c->notes) {
		printf("  notes\n");
		print_wrapped("    ", c->notes, 74);
	}

	for (int s = 0; s <= PT_STATUS_CONFLICTING; s++)
		total += d->by_status[s];
	printf("\nPersons recorded here: %lld", (long long)total);
	if (total)
		printf(" (returned %lld, died %lld, unaccounted %lld, conflicting %lld, unknown %lld)",
		       (long long)d->by_status[PT_STATUS_RETURNED], (long long)d->by_status[PT_STATUS_DIED],
		       (long long)d->by_status[PT_STATUS_UNACCOUNTED],
		       (long long)d->by_status[PT_STATUS_CONFLICTING],
		       (long long)d->by_status[PT_STATUS_UNKNOWN]);
	printf("\n");

	printf("\nTimeline of events here\n");
	if (!d->timeline_count) {
		printf("  (none recorded)\n");
	} else {
		static const char *const headers[] = { "date", "event", "persons", "who" };
		struct table *t = table_new(4, headers);
		for (size_t i = 0; i < d->timeline_count; i++) {
			const pt_timeline_entry *e = &d->timeline[i];
			char n[24], *who = NULL;
			size_t size = 0;
			FILE *out = open_memstream(&who, &size);
			const char *cells[4];
			if (out) {
				for (size_t k = 0; k < e->person_count && k < 3; k++) {
					char *name = name_of(db, e->persons[k].surname, e->persons[k].given_names);
					fprintf(out, "%s%s (%lld)", k ? "; " : "", name ? name : "",
						(long long)e->persons[k].id);
					free(name);
				}
				if (e->person_count > 3)
					fprintf(out, "; and %zu more", e->person_count - 3);
				fclose(out);
			}
			snprintf(n, sizeof n, "%zu", e->person_count);
			cells[0] = e->date ? e->date : "(undated)";
			cells[1] = e->type;
			cells[2] = n;
			cells[3] = or_empty(who);
			table_add(t, cells);
			free(who);
		}
		table_print(t, stdout, "  ");
		table_free(t);
	}

	printf("\nClaims about the camp\n");
	if (!d->claim_count) {
		printf("  (none)\n");
	} else {
		static const char *const headers[] = { "as of", "metric", "value", "source", "claim" };
		struct table *t = table_new(5, headers);
		for (size_t i = 0; i < d->claim_count; i++) {
			const pt_camp_claim *cl = &d->claims[i];
			char value[160], source[512];
			const char *cells[5];
			format_value(cl, value, sizeof value);
			snprintf(source, sizeof source, "%s%s%s", or_empty(cl->source),
				 cl->locator ? " " : "", or_empty(cl->locator));
			cells[0] = cl->as_of ? cl->as_of : cl->date ? cl->date : "";
			cells[1] = or_empty(cl->metric);
			cells[2] = value;
			cells[3] = source;
			cells[4] = cl->text ? cl->text : or_empty(cl->key);
			table_add(t, cells);
		}
		table_print(t, stdout, "  ");
		table_free(t);
	}

	printf("\nSources of this entry\n");
	if (!d->citation_count)
		printf("  (none)\n");
	for (size_t i = 0; i < d->citation_count; i++) {
		const pt_citation *ct = &d->citations[i];
		char grade[256];
		grade_text(ct, grade, sizeof grade);
		printf("  %zu  %s%s%s%s%s\n", i + 1, ct->source_key, ct->locator ? ", " : "",
		       or_empty(ct->locator), ct->source_title ? ": " : "", or_empty(ct->source_title));
		if (grade[0])
			printf("     %s\n", grade);
	}
}

struct report_camp_args {
	int format;
};

/* report camp's own; not in main.c's option_tables, whose one table a
 * command must cover all of its help (report unaccounted has its own too) */
static const struct cli_option report_camp_options[] = {
	CLI_OPT_FORMAT(struct report_camp_args, format),
	CLI_OPT_END
};

static int report_camp(struct cli *cli, int argc, char **argv)
{
	struct report_camp_args a = { OUT_TABLE };
	struct cli_list args = { 0 };
	enum output_format format;
	const char *name;
	pt_camp_dossier *dossier = NULL;

	/* argv[1] is "camp": the options and the camp follow it */
	if (cli_parse(cli, report_camp_options, &a, argc - 1, argv + 1, &args)) {
		cli_list_release(&args);
		return EXIT_USAGE;
	}
	format = (enum output_format)a.format;
	name = args.count ? args.items[0] : NULL;
	if (args.count > 1) {
		cli_list_release(&args);
		return cli_usage_error(cli, "give one camp (quote a name with spaces)");
	}
	cli_list_release(&args);
	if (!name)
		return cli_usage_error(cli, "give the camp: its key, name or any alias");
	if (format == OUT_CSV)
		return cli_usage_error(cli, "a dossier prints as table or json, not csv");
	if (pt_report_camp(cli->db, name, &dossier))
		return cli_error("report: %s", pt_db_errmsg(cli->db));
	if (format == OUT_JSON) {
		json_t *doc = render_camp_dossier(dossier);
		cli_json_print_reals(doc);
		json_decref(doc);
	} else {
		print_dossier(cli->db, dossier);
	}
	pt_camp_dossier_free(dossier);
	return EXIT_OK;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(cli, "name a report: unaccounted or camp");
	if (!strcmp(argv[1], "unaccounted"))
		return report_unaccounted(cli, argc, argv);
	if (!strcmp(argv[1], "camp"))
		return report_camp(cli, argc, argv);
	return cli_usage_error(cli, "unknown report '%s' (unaccounted or camp)", argv[1]);
}

/*
 * cmd_count.c - `powtrace count --by FIELD[,FIELD...]`: persons counted by
 * one or more fields under the person filter, as a table with a total row,
 * CSV, JSON or an SVG bar chart; and the filter options that the reports
 * share.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_count[] =
	"usage: powtrace [--db FILE] count [--by FIELD[,FIELD...]] [FILTER...] [--percent]\n"
	"                [--year-of capture|liberation|last] [--sort count|value]\n"
	"                [--format table|csv|json|svg]\n\n"
	"Counts persons, grouped by the values of each FIELD, with a total row in the\n"
	"table (CSV and JSON hold the groups only, no total among them).\n"
	"Without --by, prints the number of persons that pass the filters.\n\n"
	"A person is a man, not a record: the records that links join (powtrace link)\n"
	"count once, with the status derived from the events of all of them, the\n"
	"values of every record (a man with a GB and a US record counts once under\n"
	"each; a record without a value adds none when another has one), and a\n"
	"filter passes when one of his records does. With --records every record\n"
	"counts as a man of its own, as before links.\n\n"
	"fields:\n"
	"  nationality  the nationality of the force served (ISO code)\n"
	"  camp         every camp of the person's events, canonical name (all\n"
	"               spellings and aliases of a camp count as that one camp)\n"
	"  camp_type    the types of those camps (stalag, oflag, itl, ...)\n"
	"  operator     the powers that ran those camps (DE, SU, ...)\n"
	"  last_camp    the camp of the last known event, else the last camp recorded\n"
	"  status       returned, died, unaccounted, conflicting, unknown\n"
	"  last_event   the type of the last event that bears on fate\n"
	"  year         the year of the event chosen by --year-of (default capture):\n"
	"               the first capture, the first liberation, or the last event;\n"
	"               a date whose range spans years shows as FROM/TO ('1944/1945')\n"
	"  unit         the unit as recorded\n"
	"  source       every source the record comes from or cites\n\n"
	"A person held in several camps counts once under each camp (and likewise\n"
	"for camp_type, operator and source), so those rows can add up to more than\n"
	"the total, which counts every person once. Persons without a value count\n"
	"under (none).\n\n"
	"filters (each may be repeated; values separated by commas are alternatives):\n"
	"  --nationality GB,US   nationality\n"
	"  --camp NAME           held at the camp NAME (key, name or any alias)\n"
	"  --status S            case status\n"
	"  --event TYPE          has an event of TYPE (with --between: in the range)\n"
	"  --between FROM/TO     has an event whose date may fall in the EDTF range:\n"
	"                        an uncertain date counts when its interval overlaps;\n"
	"                        undated events never count ('1945', '1945-04/1945-05')\n"
	"  --source KEY          the record comes from or cites source KEY\n"
	"  --records             count records, not men\n\n"
	"options:\n"
	"  --percent             add each group's share of the total\n"
	"  --sort count|value    largest groups first (default), or by value (the\n"
	"                        default when the first field is year)\n"
	"  --format F            table (default), csv, json (one object per group:\n"
	"                        the fields and count), or svg (a bar chart, stacked\n"
	"                        when two fields are given)\n";

/* ---- the filter options ----------------------------------------------------- */

/* Adds value (split at commas when split) to the list. */
static int list_add(const char ***items, size_t *count, const char *value, int split)
{
	const char *start = value;
	for (;;) {
		const char *end = split ? strchr(start, ',') : NULL;
		size_t len = end ? (size_t)(end - start) : strlen(start);
		const char **grown;
		char *item;
		while (len && *start == ' ')
			start++, len--;
		while (len && start[len - 1] == ' ')
			len--;
		if (len) {
			if (!(item = malloc(len + 1)))
				return -1;
			memcpy(item, start, len);
			item[len] = '\0';
			grown = realloc((void *)*items, (*count + 1) * sizeof *grown);
			if (!grown) {
				free(item);
				return -1;
			}
			grown[(*count)++] = item;
			*items = grown;
		}
		if (!end)
			return 0;
		start = end + 1;
	}
}

int cli_filter_build(struct cli *cli, const struct cli_filter *m, pt_filter *f)
{
	/* what each option fills, and whether its values split at commas (a
	 * camp's name may hold one) */
	const struct {
		const struct cli_list *values;
		const char ***items;
		size_t *count;
		int split;
	} lists[] = {
		{ &m->nationality, (const char ***)&f->nationalities, &f->nationality_count, 1 },
		{ &m->camp, (const char ***)&f->camps, &f->camp_count, 0 },
		{ &m->status, (const char ***)&f->statuses, &f->status_count, 1 },
		{ &m->event, (const char ***)&f->event_types, &f->event_type_count, 1 },
		{ &m->source, (const char ***)&f->sources, &f->source_count, 1 },
	};

	memset(f, 0, sizeof *f);
	if (m->between.count > 1)
		return cli_usage_error(cli, "give --between once");
	f->between = m->between.count ? m->between.items[0] : NULL;
	f->records = m->records;
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
		for (size_t i = 0; i < lists[l].values->count; i++)
			if (list_add(lists[l].items, lists[l].count, lists[l].values->items[i],
				     lists[l].split))
				return cli_error("out of memory"), EXIT_USAGE;
	return EXIT_OK;
}

void cli_filter_args_release(struct cli_filter *m)
{
	cli_list_release(&m->nationality);
	cli_list_release(&m->camp);
	cli_list_release(&m->status);
	cli_list_release(&m->event);
	cli_list_release(&m->source);
	cli_list_release(&m->between);
}

static void free_list(const char *const *items, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free((void *)items[i]);
	free((void *)items);
}

void cli_filter_release(pt_filter *f)
{
	free_list(f->nationalities, f->nationality_count);
	free_list(f->camps, f->camp_count);
	free_list(f->statuses, f->status_count);
	free_list(f->event_types, f->event_type_count);
	free_list(f->sources, f->source_count);
	memset(f, 0, sizeof *f);
}

static void describe_list(FILE *out, int *first, const char *what,
			  const char *const *items, size_t count)
{
	if (!count)
		return;
	fprintf(out, "%s%s ", *first ? "" : "; ", what);
	for (size_t i = 0; i < count; i++)
		fprintf(out, "%s%s", i ? (i + 1 == count ? " or " : ", ") : "", items[i]);
	*first = 0;
}

char *cli_filter_describe(const pt_filter *f)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	int first = 1;

	if (!out)
		return NULL;
	describe_list(out, &first, "nationality", f->nationalities, f->nationality_count);
	describe_list(out, &first, "camp", f->camps, f->camp_count);
	describe_list(out, &first, "status", f->statuses, f->status_count);
	describe_list(out, &first, "event", f->event_types, f->event_type_count);
	if (f->between) {
		fprintf(out, "%sbetween %s", first ? "" : "; ", f->between);
		first = 0;
	}
	describe_list(out, &first, "source", f->sources, f->source_count);
	if (first)
		fputs("all persons", out);
	if (f->records)
		fputs("; counting records, not men", out);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* ---- output ------------------------------------------------------------------ */

static int is_multi(pt_field field)
{
	return field == PT_FIELD_CAMP || field == PT_FIELD_CAMP_TYPE ||
	       field == PT_FIELD_OPERATOR || field == PT_FIELD_SOURCE;
}

static double percent_of(int64_t n, int64_t total)
{
	return total ? 100.0 * (double)n / (double)total : 0.0;
}

static const char *field_title(const pt_count *c, size_t f)
{
	static const char *const years[] = { "year of capture", "year of liberation",
					     "year of last event" };
	if (c->fields[f] == PT_FIELD_YEAR)
		return years[c->year_of];
	return pt_field_name(c->fields[f]);
}

int cli_json_print_reals(json_t *doc)
{
	FILE *out = cli_data_out();
	int rc;
	if (!doc)
		return cli_output_failed("cannot build the JSON output");
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			    JSON_REAL_PRECISION(12));
	fputc('\n', out);
	return rc;
}

static void print_table(const pt_count *c, int percent, enum output_format format);

void cli_count_print(const pt_count *c, int percent, enum output_format format)
{
	if (format == OUT_JSON) {
		json_t *doc = render_count(c, percent);
		cli_json_print_reals(doc);
		json_decref(doc);
		return;
	}
	print_table(c, percent, format);
}

static void print_table(const pt_count *c, int percent, enum output_format format)
{
	int columns = (int)c->field_count + 1 + (percent != 0);
	const char *headers[PT_COUNT_MAX_FIELDS + 2], *cells[PT_COUNT_MAX_FIELDS + 2];
	char number[32], share[32];
	struct table *t;
	int multi = 0;

	for (size_t f = 0; f < c->field_count; f++) {
		headers[f] = format == OUT_CSV ? pt_field_name(c->fields[f]) : field_title(c, f);
		multi |= is_multi(c->fields[f]);
	}
	headers[c->field_count] = "count";
	if (percent)
		headers[c->field_count + 1] = "percent";
	t = table_new(columns, headers);
	for (size_t r = 0; r < c->row_count; r++) {
		for (size_t f = 0; f < c->field_count; f++)
			cells[f] = c->rows[r].values[f] ? c->rows[r].values[f]
				 : format == OUT_CSV ? "" : "(none)";
		snprintf(number, sizeof number, "%lld", (long long)c->rows[r].count);
		snprintf(share, sizeof share, "%.1f", percent_of(c->rows[r].count, c->total));
		cells[c->field_count] = number;
		cells[c->field_count + 1] = share;
		table_add(t, cells);
	}
	if (c->field_count && format != OUT_CSV) {
		/* the table's total line; CSV (and JSON) hold the groups only, so
		 * that a program summing a column does not count everyone twice */
		for (size_t f = 0; f < c->field_count; f++)
			cells[f] = f ? "" : "total";
		snprintf(number, sizeof number, "%lld", (long long)c->total);
		cells[c->field_count] = number;
		cells[c->field_count + 1] = "100.0";
		table_add(t, cells);
	}
	if (format == OUT_CSV) {
		table_print_csv(t, stdout);
	} else {
		table_print(t, stdout, "");
		if (multi)
			printf("\nA person counts once under each of their values of %s, so the\n"
			       "rows can add up to more than the total, which counts each person once.\n",
			       c->field_count > 1 && is_multi(c->fields[1]) && is_multi(c->fields[0])
			       ? "these fields"
			       : pt_field_name(c->fields[is_multi(c->fields[0]) ? 0 : 1]));
	}
	table_free(t);
}

static int print_svg(const pt_count *c, const pt_filter *filter)
{
	char *title = NULL, *subtitle = NULL, *filters = cli_filter_describe(filter), *svg = NULL;
	size_t size = 0;
	FILE *text;
	int rc = PT_ENOMEM;

	if (filters && (text = open_memstream(&title, &size))) {
		fprintf(text, "Persons by %s", field_title(c, 0));
		if (c->field_count == 2)
			fprintf(text, " and %s", field_title(c, 1));
		if (fclose(text) == 0 && (text = open_memstream(&subtitle, &size))) {
			char digits[32], grouped[48];
			size_t len = (size_t)snprintf(digits, sizeof digits, "%lld",
						      (long long)c->total), out = 0;
			for (size_t i = 0; i < len; i++) {
				if (i && (len - i) % 3 == 0)
					grouped[out++] = ',';
				grouped[out++] = digits[i];
			}
			grouped[out] = '\0';
			fprintf(text, "Filters: %s. %s persons in all.", filters, grouped);
			if (fclose(text) == 0)
				rc = pt_chart_svg(c, title, subtitle, &svg);
		}
	}
	if (rc == PT_OK)
		fputs(svg, cli_data_out());
	pt_free(svg);
	free(title);
	free(subtitle);
	free(filters);
	return rc == PT_OK ? EXIT_OK : cli_error("count: %s", pt_strerror(rc));
}

static int parse_fields(struct cli *cli, const char *value, pt_count_options *opts)
{
	const char *start = value;
	for (;;) {
		const char *end = strchr(start, ',');
		size_t len = end ? (size_t)(end - start) : strlen(start);
		char name[32];
		pt_field field;
		if (len == 0 || len >= sizeof name)
			return cli_usage_error(cli, "unknown field '%.*s' (see 'powtrace count --help')",
					       (int)len, start);
		memcpy(name, start, len);
		name[len] = '\0';
		if (pt_field_parse(name, &field))
			return cli_usage_error(cli, "unknown field '%s' (nationality, camp, camp_type, "
					       "operator, last_camp, status, last_event, year, unit, "
					       "source)", name);
		for (size_t f = 0; f < opts->field_count; f++)
			if (opts->fields[f] == field)
				return cli_usage_error(cli, "field '%s' given twice", name);
		if (opts->field_count == PT_COUNT_MAX_FIELDS)
			return cli_usage_error(cli, "count by at most %d fields", PT_COUNT_MAX_FIELDS);
		opts->fields[opts->field_count++] = field;
		if (!end)
			return EXIT_OK;
		start = end + 1;
	}
}

struct count_args {
	struct cli_filter filter;
	int percent, format, year_of;
	int sort;              /* -1 when not given */
	const char *by;
};

enum { COUNT_SVG = OUT_JSON + 1 };   /* --format's fourth word */

const struct cli_option count_options[] = {
	CLI_FILTER_OPTIONS(struct count_args, filter),
	CLI_OPT_TEXT("by", struct count_args, by),
	CLI_OPT_FLAG("percent", struct count_args, percent),
	CLI_OPT_CHOICE("year-of", struct count_args, year_of, "capture|liberation|last"),
	CLI_OPT_CHOICE("sort", struct count_args, sort, "count|value"),
	{ "format", 0, CLI_CHOICE, offsetof(struct count_args, format), "table|csv|json|svg", 0, 0,
	  CLI_SAY_UNKNOWN },
	CLI_OPT_END
};

int cmd_count(struct cli *cli, int argc, char **argv)
{
	struct count_args a = { .format = OUT_TABLE, .sort = -1 };
	enum output_format format;
	pt_count_options opts;
	pt_count *count = NULL;
	int svg, status = EXIT_OK, rc;

	memset(&opts, 0, sizeof opts);
	if (cli_parse_options(cli, count_options, &a, argc, argv))
		goto usage;
	if (cli_filter_build(cli, &a.filter, &opts.filter) ||
	    (a.by && parse_fields(cli, a.by, &opts) != EXIT_OK))
		goto usage;
	svg = a.format == COUNT_SVG;
	format = svg ? OUT_TABLE : (enum output_format)a.format;
	opts.year_of = (pt_year_of)a.year_of;   /* the words in the enum's order */
	if (svg && (opts.field_count < 1 || opts.field_count > 2)) {
		cli_usage_error(cli, "a chart (--format svg) needs one or two fields in --by");
		goto usage;
	}
	/* by count unless asked, or by value when the first field is the year */
	opts.sort_by_value = a.sort >= 0 ? a.sort == 1
				    : opts.field_count && opts.fields[0] == PT_FIELD_YEAR;

	if ((rc = pt_count_run(cli->db, &opts, &count))) {
		/* a value an option cannot take (a date that is no date, a status
		 * that is none) is a usage error, as in list and find */
		status = rc == PT_EINVAL ? cli_usage_error(cli, "%s", pt_db_errmsg(cli->db))
					 : cli_error("count: %s", pt_db_errmsg(cli->db));
		goto cleanup;
	}
	if (svg) {
		status = print_svg(count, &opts.filter);
	} else {
		cli_count_print(count, a.percent, format);
	}
cleanup:
	pt_count_free(count);
	cli_filter_release(&opts.filter);
	cli_filter_args_release(&a.filter);
	return status;
usage:
	status = EXIT_USAGE;
	goto cleanup;
}

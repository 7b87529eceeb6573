/*
 * cmd_list.c - `powtrace list`: men by any filter of count and find (and
 * batch, a missing name, a place nobody has searched yet), sorted and
 * paged, as a table, CSV, JSON or JSON Lines. The filters are shared with
 * `export --persons` (cli_men_filter_*).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_list[] =
	"usage: powtrace [--db FILE] list [FILTER...] [--sort FIELD] [--reverse]\n"
	"                [--limit N] [--offset N] [--format table|csv|json|jsonl]\n\n"
	"Lists the men that pass every filter, one row each: id, name (with a\n"
	"romanisation beside a name in Cyrillic), nationality, birth date, status,\n"
	"the last trace his status rests on and where, how many records he has.\n"
	"A man of several linked records is one row, with the status of all of\n"
	"them; he passes a filter when one of his records does (the status filter\n"
	"asks about his status). Without a filter, every man.\n\n"
	"filters (each may be repeated; commas separate alternatives):\n"
	"  --nationality GB,US     the nationality of the force served\n"
	"  --camp NAME             was held at the camp (its key, name or any alias)\n"
	"  --status S              returned, died, unaccounted, conflicting, unknown\n"
	"  --event TYPE            has an event of TYPE (with --between: in the range)\n"
	"  --between FROM/TO       has an event whose date may fall in the EDTF range\n"
	"  --source KEY            a record of his comes from or cites source KEY\n"
	"  --born DATE             born within an EDTF date or range (1918/1922)\n"
	"  --unit TEXT             his unit contains TEXT (case, accents, spaces and\n"
	"                          punctuation ignored)\n"
	"  --batch N               a record of his came from import batch N\n"
	"  --no-name               none of his records gives a surname or given names\n"
	"                          of its own (known only by a name form, or not at all)\n"
	"  --not-searched-in PLACE nobody has logged a search for him there\n"
	"                          ('powtrace searched'; compared without case or\n"
	"                          punctuation): who is left to look for\n"
	"  --records               every record as a man of its own (as before links)\n\n"
	"options:\n"
	"  --sort FIELD            id (default), name, born, status or nationality\n"
	"  --reverse               the other way round\n"
	"  -n, --limit N           at most N men (default: all)\n"
	"  --offset N              skip the first N (with --limit: a page)\n"
	"  --format F              table (default), csv, json (one array) or jsonl (one\n"
	"                          object a line); no totals among the rows\n\n"
	"exit status: 0 someone was listed, 1 no one passes the filters (or an\n"
	"unknown camp or source), 2 usage error (a bad date, status or option)\n";

struct list_args {
	struct cli_men_filter f;
	int sort, reverse, format;
	long long limit, offset;
};

const struct cli_option list_options[] = {
	CLI_MEN_FILTER_OPTIONS(struct list_args, f),
	CLI_OPT_CHOICE("sort", struct list_args, sort, "id|name|born|status|nationality"),
	CLI_OPT_FLAG("reverse", struct list_args, reverse),
	{ "limit", 'n', CLI_INT, offsetof(struct list_args, limit), NULL, 0, CLI_NO_MAX, 0 },
	CLI_OPT_INT("offset", struct list_args, offset, 0, CLI_NO_MAX),
	CLI_OPT_CHOICE("format", struct list_args, format, "table|csv|json|jsonl"),
	CLI_OPT_END
};

/* ---- the filters shared with export --persons ------------------------------ */

/* Every value of a repeatable option, split at commas, into a new array. */
static int split_all(struct cli *cli, const struct cli_list *in, const char *option,
		     const char ***out, size_t *count, char ***owned, size_t *owned_count)
{
	*out = NULL;
	*count = 0;
	for (size_t i = 0; i < in->count; i++) {
		char *copy = strdup(in->items[i]), *save = NULL, **grown_owned;
		if (!copy || !(grown_owned = realloc(*owned, (*owned_count + 1) * sizeof *grown_owned))) {
			free(copy);
			return cli_error("out of memory");
		}
		*owned = grown_owned;
		(*owned)[(*owned_count)++] = copy;
		for (char *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
			const char **grown;
			while (*part == ' ')
				part++;
			if (!*part)
				continue;
			if (!(grown = realloc(*out, (*count + 1) * sizeof *grown)))
				return cli_error("out of memory");
			*out = grown;
			(*out)[(*count)++] = part;
		}
		if (!*count)
			return cli_usage_error(cli, "--%s needs a value", option);
	}
	return EXIT_OK;
}

int cli_men_filter_build(struct cli *cli, const struct cli_men_filter *f, pt_list_options *o)
{
	struct cli_men_filter *own = (struct cli_men_filter *)f;
	int status;

	if ((status = split_all(cli, &f->nationality, "nationality", (const char ***)&o->filter.nationalities,
				&o->filter.nationality_count, &own->owned, &own->owned_count)) ||
	    (status = split_all(cli, &f->status, "status", (const char ***)&o->filter.statuses,
				&o->filter.status_count, &own->owned, &own->owned_count)) ||
	    (status = split_all(cli, &f->event, "event", (const char ***)&o->filter.event_types,
				&o->filter.event_type_count, &own->owned, &own->owned_count)) ||
	    (status = split_all(cli, &f->source, "source", (const char ***)&o->filter.sources,
				&o->filter.source_count, &own->owned, &own->owned_count)))
		return status;
	/* a camp's name may hold a comma: one value an option */
	o->filter.camps = f->camp.items;
	o->filter.camp_count = f->camp.count;
	o->units = f->unit.items;
	o->unit_count = f->unit.count;
	o->filter.between = f->between;
	o->filter.records = f->records;
	o->born = f->born;
	o->no_name = f->no_name;
	o->not_searched_in = f->not_searched_in;
	if (f->batch.count) {
		const char **batches = NULL;
		size_t n = 0;
		int64_t *ids;
		if ((status = split_all(cli, &f->batch, "batch", &batches, &n, &own->owned,
					&own->owned_count)))
			return status;
		if (!(ids = calloc(n, sizeof *ids))) {
			free(batches);
			return cli_error("out of memory");
		}
		for (size_t i = 0; i < n; i++) {
			char *end;
			long long v;
			errno = 0;
			v = strtoll(batches[i], &end, 10);
			if (errno || *end || end == batches[i] || v <= 0) {
				status = cli_usage_error(cli, "--batch: '%s' is not a batch number "
							 "(see 'powtrace batches')", batches[i]);
				free(batches);
				free(ids);
				return status;
			}
			ids[i] = v;
		}
		free(batches);
		own->batch_ids = ids;
		o->batches = ids;
		o->batch_count = n;
	}
	return EXIT_OK;
}

void cli_men_filter_release(struct cli_men_filter *f, pt_list_options *o)
{
	cli_list_release(&f->nationality);
	cli_list_release(&f->camp);
	cli_list_release(&f->status);
	cli_list_release(&f->event);
	cli_list_release(&f->source);
	cli_list_release(&f->unit);
	cli_list_release(&f->batch);
	for (size_t i = 0; i < f->owned_count; i++)
		free(f->owned[i]);
	free(f->owned);
	free(f->batch_ids);
	if (o) {
		free((void *)o->filter.nationalities);
		free((void *)o->filter.statuses);
		free((void *)o->filter.event_types);
		free((void *)o->filter.sources);
	}
}

/* ---- output -------------------------------------------------------------- */

static json_t *row_json(const pt_list_row *r)
{
	json_t *sources = json_array(), *o;
	if (r->sources) {
		char *copy = strdup(r->sources), *save = NULL;
		for (char *s = copy ? strtok_r(copy, ",", &save) : NULL; s; s = strtok_r(NULL, ",", &save))
			json_array_append_new(sources, json_string(s + (*s == ' ')));
		free(copy);
	}
	o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:{s:o, s:o, s:o}, "
		      "s:I, s:o}",
		      "id", (json_int_t)r->id, "surname", json_text(r->surname),
		      "given_names", json_text(r->given_names), "romanised", json_text(r->romanised),
		      "nationality", json_text(r->nationality), "birth_date", json_text(r->birth_date),
		      "service_number", json_text(r->service_number), "rank", json_text(r->rank),
		      "unit", json_text(r->unit), "status", pt_status_name(r->status),
		      "last_event", "type", json_text(r->last_event), "date", json_text(r->last_date),
		      "place", json_text(r->last_place), "records", (json_int_t)r->records,
		      "sources", sources);
	return o;
}

static void print_csv(const pt_list *list)
{
	static const char *const headers[] = {
		"id", "surname", "given_names", "romanised", "nationality", "birth_date",
		"service_number", "rank", "unit", "status", "last_event", "last_date", "last_place",
		"records", "sources",
	};
	struct table *t = table_new(15, headers);
	for (size_t i = 0; i < list->count; i++) {
		const pt_list_row *r = &list->rows[i];
		char id[24], records[24];
		const char *cells[15];
		snprintf(id, sizeof id, "%lld", (long long)r->id);
		snprintf(records, sizeof records, "%zu", r->records);
		cells[0] = id;
		cells[1] = r->surname;
		cells[2] = r->given_names;
		cells[3] = r->romanised;
		cells[4] = r->nationality;
		cells[5] = r->birth_date;
		cells[6] = r->service_number;
		cells[7] = r->rank;
		cells[8] = r->unit;
		cells[9] = pt_status_name(r->status);
		cells[10] = r->last_event;
		cells[11] = r->last_date;
		cells[12] = r->last_place;
		cells[13] = records;
		cells[14] = r->sources;
		table_add(t, cells);
	}
	table_print_csv(t, stdout);
	table_free(t);
}

static void print_table(const pt_list *list, const pt_list_options *o)
{
	static const char *const headers[] = {
		"id", "name", "nationality", "born", "status", "last trace", "where", "records",
	};
	struct table *t = table_new(8, headers);
	for (size_t i = 0; i < list->count; i++) {
		const pt_list_row *r = &list->rows[i];
		char id[24], records[24], name[1200], last[300];
		const char *cells[8];
		snprintf(id, sizeof id, "%lld", (long long)r->id);
		snprintf(records, sizeof records, r->records > 1 ? "%zu" : "", r->records);
		snprintf(name, sizeof name, "%s%s%s%s%s%s", or_empty(r->surname),
			 r->surname && r->given_names ? ", " : "", or_empty(r->given_names),
			 r->romanised ? " (" : "", or_empty(r->romanised), r->romanised ? ")" : "");
		if (!r->surname && !r->given_names)
			snprintf(name, sizeof name, "(no name)");
		snprintf(last, sizeof last, "%s%s%s", or_empty(r->last_event),
			 r->last_event && r->last_date ? " " : "", or_empty(r->last_date));
		cells[0] = id;
		cells[1] = name;
		cells[2] = r->nationality;
		cells[3] = r->birth_date;
		cells[4] = pt_status_name(r->status);
		cells[5] = last;
		cells[6] = r->last_place;
		cells[7] = records;
		table_add(t, cells);
	}
	table_print(t, stdout, "");
	table_free(t);
	if ((int64_t)list->count < list->total)
		printf("(men %lld-%lld of %lld: --offset and --limit show others)\n",
		       (long long)o->offset + (list->count ? 1 : 0),
		       (long long)o->offset + (long long)list->count, (long long)list->total);
	else
		printf("(%lld %s)\n", (long long)list->total, list->total == 1 ? "man" : "men");
}

int cmd_list(struct cli *cli, int argc, char **argv)
{
	static const pt_list_sort sorts[] = {
		PT_LIST_BY_ID, PT_LIST_BY_NAME, PT_LIST_BY_BORN, PT_LIST_BY_STATUS,
		PT_LIST_BY_NATIONALITY,
	};
	struct list_args a = { .sort = 0 };
	struct cli_list args = { 0 };
	pt_list_options o;
	pt_list *list = NULL;
	int rc, status = EXIT_OK;

	memset(&o, 0, sizeof o);
	if (cli_parse(cli, list_options, &a, argc, argv, &args)) {
		status = EXIT_USAGE;
		goto cleanup;
	}
	if (args.count) {
		status = cli_usage_error(cli, "unexpected argument '%s' (list takes filters: "
					 "'powtrace find NAME' finds by name)", args.items[0]);
		goto cleanup;
	}
	if ((status = cli_men_filter_build(cli, &a.f, &o)))
		goto cleanup;
	o.sort = sorts[a.sort];
	o.descending = a.reverse;
	o.limit = (size_t)a.limit;
	o.offset = (size_t)a.offset;
	if ((rc = pt_list_men(cli->db, &o, &list))) {
		status = rc == PT_EINVAL ? cli_usage_error(cli, "%s", pt_db_errmsg(cli->db))
					 : cli_error("list: %s", pt_db_errmsg(cli->db));
		goto cleanup;
	}
	if (a.format == 1) {
		print_csv(list);
	} else if (a.format == 2) {
		json_t *doc = json_array();
		for (size_t i = 0; i < list->count; i++)
			json_array_append_new(doc, row_json(&list->rows[i]));
		json_print(doc);
		json_decref(doc);
	} else if (a.format == 3) {
		FILE *f = cli_data_out();
		for (size_t i = 0; i < list->count; i++) {
			json_t *row = row_json(&list->rows[i]);
			json_dumpf(row, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
			fputc('\n', f);
			json_decref(row);
		}
	} else if (list->total) {
		print_table(list, &o);
	}
	if (!list->total) {
		/* the table says so too; the data formats stay data */
		cli_error("list: no man passes the filters");
		status = EXIT_FAIL;
	}
cleanup:
	pt_list_free(list);
	cli_men_filter_release(&a.f, &o);
	cli_list_release(&args);
	return status;
}

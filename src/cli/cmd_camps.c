/*
 * cmd_camps.c - `powtrace camps [TEXT]`: lists the camps of the gazetteer
 * and of imported files, or searches them by any name in any script;
 * `--types` lists the camp types, `--unverified` the camps imports made from
 * names no camp had; `merge`, `unmerge`, `merges`, `verify` and `alias` put
 * camps right (cmd_camps_edit.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_camps[] =
	"usage: powtrace [--db FILE] camps [TEXT] [--type TYPE] [--operator XX]\n"
	"                [--with-coordinates] [--unverified] [--format table|csv|json]\n"
	"       powtrace [--db FILE] camps --types [--format table|csv|json]\n"
	"       powtrace [--db FILE] camps merge FROM INTO\n"
	"       powtrace [--db FILE] camps unmerge MERGE|FROM\n"
	"       powtrace [--db FILE] camps merges [--format table|csv|json]\n"
	"       powtrace [--db FILE] camps verify CAMP\n"
	"       powtrace [--db FILE] camps alias CAMP SPELLING\n\n"
	"Lists the camps, or those whose key or any name contains TEXT. Names are\n"
	"compared folded for case, diacritics, punctuation and script, so 'muhlberg',\n"
	"'Mühlberg' and 'Мюльберг' find Stalag IV-B, and 'stalag 4b' finds it too.\n"
	"`powtrace init` loads the built-in gazetteer: the German camps that held\n"
	"Western Allied prisoners and the Soviet camps of the gulagmap.ru data, each\n"
	"with its sources.\n\n"
	"A camp name in an imported file that matches no camp becomes a new camp\n"
	"marked unverified. Put them right:\n"
	"  --unverified         list them, with their persons and events and the\n"
	"                       imports they came from\n"
	"  merge FROM INTO      FROM is the camp INTO: its name and aliases become\n"
	"                       aliases of INTO, its events, citations, locations and\n"
	"                       claims move to INTO, and FROM goes; logged, and taken\n"
	"                       back with unmerge (importing the same file again finds\n"
	"                       INTO)\n"
	"  unmerge MERGE|FROM   take a merge back (by its number, or the last merge of\n"
	"                       the camp keyed FROM)\n"
	"  merges               every merge, and whether it was taken back\n"
	"  verify CAMP          mark the camp verified (it is a real camp as named)\n"
	"  alias CAMP SPELLING  another spelling of the camp, found on import\n"
	"CAMP, FROM and INTO are a camp's key, or a name that names one camp.\n\n"
	"options:\n"
	"  --type TYPE          only camps of this type (see --types)\n"
	"  --operator XX        only camps run by this power (DE, SU, ...)\n"
	"  --with-coordinates   only camps whose coordinates are known\n"
	"  --types              list the camp types instead\n"
	"  --format F           table (default), csv or json\n";

static char *joined(char **items, size_t count, const char *sep)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	if (!out)
		return NULL;
	for (size_t i = 0; i < count; i++)
		fprintf(out, "%s%s", i ? sep : "", items[i]);
	if (fclose(out)) {
		free(text);
		return NULL;
	}
	return text;
}

static int list_types(enum output_format format)
{
	static const char *const headers[] = { "type", "name", "operator", "description" };
	size_t n;
	const pt_camp_type_info *types = pt_camp_types(&n);

	if (format == OUT_JSON) {
		json_t *doc = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(doc, json_pack("{s:s, s:s, s:o, s:s}",
				"type", types[i].type, "name", types[i].label,
				"operator", json_text(types[i].operator_code),
				"description", types[i].description));
		cli_json_print_reals(doc);
		json_decref(doc);
	} else {
		struct table *t = table_new(4, headers);
		for (size_t i = 0; i < n; i++) {
			const char *cells[4] = { types[i].type, types[i].label,
						 types[i].operator_code ? types[i].operator_code : "",
						 types[i].description };
			table_add(t, cells);
		}
		if (format == OUT_CSV)
			table_print_csv(t, stdout);
		else
			table_print(t, stdout, "");
		table_free(t);
	}
	return EXIT_OK;
}

static void print_camps(const pt_camp_list *list, enum output_format format)
{
	static const char *const table_headers[] = {
		"key", "name", "type", "op.", "place", "lat, lon", "persons", "also called",
	};
	static const char *const csv_headers[] = {
		"key", "name", "type", "operator", "place", "country", "lat", "lon", "period",
		"verified", "persons", "aliases", "sources",
	};
	int csv = format == OUT_CSV;
	struct table *t = csv ? table_new(13, csv_headers) : table_new(8, table_headers);

	for (size_t i = 0; i < list->count; i++) {
		const pt_camp *c = &list->camps[i];
		char lat[32] = "", lon[32] = "", both[64] = "", persons[24];
		char *aliases = joined(c->aliases, c->alias_count, "; ");
		char *sources = joined(c->sources, c->source_count, "; ");
		if (c->has_coordinates) {
			snprintf(lat, sizeof lat, "%.6g", c->lat);
			snprintf(lon, sizeof lon, "%.6g", c->lon);
			snprintf(both, sizeof both, "%.4f, %.4f", c->lat, c->lon);
		}
		snprintf(persons, sizeof persons, "%lld", (long long)c->persons);
		if (csv) {
			const char *cells[13] = {
				c->key, c->name, c->type, c->operator_code ? c->operator_code : "",
				c->place ? c->place : "", c->country ? c->country : "", lat, lon,
				c->period ? c->period : "", c->verified ? "1" : "0", persons,
				aliases ? aliases : "", sources ? sources : "",
			};
			table_add(t, cells);
		} else {
			const char *cells[8];
			cells[0] = c->key;
			cells[1] = c->name;
			cells[2] = c->type;
			cells[3] = c->operator_code ? c->operator_code : "";
			cells[4] = c->place ? c->place : "";
			cells[5] = both;
			cells[6] = persons;
			cells[7] = aliases ? aliases : "";
			table_add(t, cells);
		}
		free(aliases);
		free(sources);
	}
	if (csv)
		table_print_csv(t, stdout);
	else
		table_print(t, stdout, "");
	table_free(t);
}

/* `camps --unverified`: each camp with its records and where it came from */
static void print_unverified(const pt_camp_list *list, enum output_format format)
{
	static const char *const headers[] = {
		"key", "name", "persons", "events", "reads as", "came from",
	};
	struct table *t = table_new(6, headers);
	for (size_t i = 0; i < list->count; i++) {
		const pt_camp *c = &list->camps[i];
		char persons[24], events[24];
		char *origins = joined(c->origins, c->origin_count, "; ");
		char *reads_as = joined(c->reads_as, c->reads_as_count, " or ");
		const char *cells[6] = { c->key, c->name, persons, events, reads_as ? reads_as : "",
					 origins ? origins : "" };
		snprintf(persons, sizeof persons, "%lld", (long long)c->persons);
		snprintf(events, sizeof events, "%lld", (long long)c->events);
		table_add(t, cells);
		free(origins);
		free(reads_as);
	}
	if (format == OUT_CSV)
		table_print_csv(t, stdout);
	else
		table_print(t, stdout, "");
	table_free(t);
}

int cmd_camps(struct cli *cli, int argc, char **argv)
{
	enum output_format format = OUT_TABLE;
	pt_camp_query query;
	pt_camp_list *list = NULL;
	int types = 0, ended = 0, status = EXIT_OK, rc;

	memset(&query, 0, sizeof query);
	query.with_persons = 1;
	if (argc > 1 && (rc = cli_camps_edit(cli, argc, argv)) >= 0)
		return rc; /* merge, unmerge, merges, verify, alias */
	for (int i = 1; i < argc; i++) {
		if (ended || argv[i][0] != '-' || !argv[i][1]) {
			if (query.text)
				return cli_usage_error(cli, "give one search text (quote it if it has spaces)");
			query.text = argv[i];
		} else if (!strcmp(argv[i], "--")) {
			ended = 1;   /* what follows is the search text, even "-x" */
		} else if ((rc = cli_format_option(cli, argc, argv, &i, &format)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
		} else if ((rc = cli_value_option(cli, argc, argv, &i, "type", &query.type)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
		} else if ((rc = cli_value_option(cli, argc, argv, &i, "operator",
						  &query.operator_code)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
		} else if (!strcmp(argv[i], "--with-coordinates")) {
			query.with_coordinates = 1;
		} else if (!strcmp(argv[i], "--types")) {
			types = 1;
		} else if (!strcmp(argv[i], "--unverified")) {
			query.unverified = 1;
		} else {
			return cli_usage_error(cli, "unknown option '%s'", argv[i]);
		}
	}
	if (types)
		return list_types(format);
	if (query.type) {
		size_t n, k;
		const pt_camp_type_info *known = pt_camp_types(&n);
		for (k = 0; k < n && strcmp(known[k].type, query.type); k++)
			;
		if (k == n)
			return cli_usage_error(cli, "unknown camp type '%s' (see 'powtrace camps "
					       "--types')", query.type);
	}
	if (pt_camp_search(cli->db, &query, &list))
		return cli_error("camps: %s", pt_db_errmsg(cli->db));
	if (format == OUT_JSON) {
		json_t *doc = json_array();
		for (size_t i = 0; i < list->count; i++)
			json_array_append_new(doc, render_camp(&list->camps[i]));
		cli_json_print_reals(doc);
		json_decref(doc);
	} else if (query.unverified && (list->count || format == OUT_CSV)) {
		print_unverified(list, format);
		if (format == OUT_TABLE)
			printf("put them right: 'powtrace camps merge KEY INTO' (it is that camp; "
			       "\"reads as\" names the camps its name reads as now), "
			       "'powtrace camps verify KEY' (it is a camp of its own)\n");
	} else if (query.unverified) {
		printf("no unverified camp\n");
	} else if (list->count || format == OUT_CSV) {
		print_camps(list, format);
	} else if (!query.text && !query.type && !query.operator_code) {
		printf("no camps in the database\n");
	}
	if (!list->count && !query.unverified && (query.text || query.type || query.operator_code)) {
		/* asked for camps and found none: like find, exit 1 */
		status = query.text ? cli_error("camps: no camp matches '%s'", query.text)
				    : cli_error("camps: no camp matches");
	}
	pt_camp_list_free(list);
	return status;
}

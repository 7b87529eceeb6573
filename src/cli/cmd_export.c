/*
 * cmd_export.c - `powtrace export --geojson`: the camps whose coordinates
 * are known, as a GeoJSON FeatureCollection for QGIS or a web map; and the
 * way to `export --gedcom` (cmd_export_gedcom.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char help_export[] =
	"usage: powtrace [--db FILE] export --geojson [--type TYPE] [--operator XX]\n"
	"                [--output FILE]\n\n"
	"Writes the camps whose coordinates are known as a GeoJSON FeatureCollection\n"
	"(RFC 7946: one Point feature per camp, [longitude, latitude] in WGS 84),\n"
	"with the camp's key, name, type, operator, place, country, period,\n"
	"aliases, sources and the number of persons recorded there as properties.\n"
	"Open it in QGIS, geojson.io or a web map (Leaflet, OpenLayers).\n\n"
	"options:\n"
	"  --geojson        the format (--gedcom: persons, below)\n"
	"  --type TYPE      only camps of this type (see 'powtrace camps --types')\n"
	"  --operator XX    only camps run by this power (DE, SU, ...)\n"
	"  --output FILE    write to FILE instead of standard output\n"
	"\n" HELP_EXPORT_GEDCOM    /* --gedcom: cmd_export_gedcom.c */
	"\n" HELP_EXPORT_PERSONS;  /* --persons: cmd_export_persons.c */

static json_t *strings_json(char **items, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

static json_t *feature(const pt_camp *c)
{
	return json_pack("{s:s, s:s, s:{s:s, s:[f, f]}, s:{s:s, s:s, s:s, s:o, s:o, s:o, "
			 "s:o, s:b, s:o, s:o, s:I}}",
		"type", "Feature", "id", c->key,
		"geometry", "type", "Point", "coordinates", c->lon, c->lat,
		"properties", "key", c->key, "name", c->name, "type", c->type,
		"operator", json_text(c->operator_code), "place", json_text(c->place),
		"country", json_text(c->country), "period", json_text(c->period),
		"verified", c->verified,
		"aliases", strings_json(c->aliases, c->alias_count),
		"sources", strings_json(c->sources, c->source_count),
		"persons", (json_int_t)c->persons);
}

/* export --geojson's own (--gedcom and --persons are other tables, so this
 * one is not main.c's table of the whole command) */
struct export_geojson_args {
	int geojson;
	const char *type, *operator_code, *output;
};

#define GEOJSON_TEXT(n, f) { n, 0, CLI_TEXT, offsetof(struct export_geojson_args, f), NULL, 0, 0, \
			     CLI_EMPTY_OK }
static const struct cli_option export_geojson_options[] = {
	CLI_OPT_FLAG("geojson", struct export_geojson_args, geojson),
	GEOJSON_TEXT("type", type),
	GEOJSON_TEXT("operator", operator_code),
	{ "output", 0, CLI_TEXT, offsetof(struct export_geojson_args, output), NULL, 0, 0,
	  CLI_EMPTY_OK | CLI_IS_FILE },
	CLI_OPT_END
};
#undef GEOJSON_TEXT

int cmd_export(struct cli *cli, int argc, char **argv)
{
	struct export_geojson_args a = { 0, NULL, NULL, NULL };
	pt_camp_query query;
	pt_camp_list *list = NULL;
	const char *output = NULL;
	json_t *doc, *features;
	int geojson = 0, status = EXIT_OK;

	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--gedcom"))
			return cli_export_gedcom(cli, argc, argv);   /* cmd_export_gedcom.c */
		else if (!strcmp(argv[i], "--persons"))
			return cli_export_persons(cli, argc, argv);  /* cmd_export_persons.c */
	memset(&query, 0, sizeof query);
	query.with_coordinates = 1;
	query.with_persons = 1;
	if (cli_parse_options(cli, export_geojson_options, &a, argc, argv))
		return EXIT_USAGE;
	geojson = a.geojson;
	query.type = a.type;
	query.operator_code = a.operator_code;
	output = a.output;
	if (!geojson)
		return cli_usage_error(cli, "name what to write: --geojson (camps), --gedcom or "
				       "--persons (persons)");
	if (output && !*output)
		return cli_usage_error(cli, "--output needs a file name");
	if (pt_camp_search(cli->db, &query, &list))
		return cli_error("export: %s", pt_db_errmsg(cli->db));
	features = json_array();
	for (size_t i = 0; i < list->count; i++)
		json_array_append_new(features, feature(&list->camps[i]));
	doc = json_pack("{s:s, s:o}", "type", "FeatureCollection", "features", features);
	if (output) {
		/* whole or not at all, and never over the database (outfile.c) */
		pt_output *out = NULL;
		if (pt_output_open(cli->db, output, NULL, 0, &out)) {
			status = cli_error("export: %s", pt_db_errmsg(cli->db));
		} else if (json_dumpf(doc, pt_output_stream(out), JSON_INDENT(1) |
				      JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) != 0 ||
			   fputc('\n', pt_output_stream(out)) == EOF) {
			pt_output_abort(out);
			status = cli_error("export: %s: cannot write the file", output);
		} else if (pt_output_commit(out)) {
			status = cli_error("export: %s", pt_db_errmsg(cli->db));
		}
	} else {
		cli_json_print_reals(doc);
	}
	json_decref(doc);
	pt_camp_list_free(list);
	return status;
}

/*
 * fuzz_pattern.c - libFuzzer target for the `match` patterns of mapping
 * files: the first line of the input is a pattern (ICU regular expression),
 * the rest a cell's value. The pattern is read as a mapping would read it
 * and run over the value as an import would, under the time limit that stops
 * a pattern which backtracks without end: a row, a problem, never a crash,
 * a leak or a hang (libFuzzer's -timeout catches one). `make fuzz` runs it.
 * The row is a camp's, whose record goes to a loader that keeps nothing:
 * the patterns are what is tried, not the database.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"
#include "core/strmap.h"

static int keep_nothing(pt__import *imp, pt__kind kind, json_t *record, long line)
{
	(void)imp, (void)kind, (void)record, (void)line;
	return PT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const pt_import_options no_options;
	pt_db *db = pt_fuzz_db();
	const char *nl = memchr(data, '\n', size);
	size_t plen = nl ? (size_t)(nl - (const char *)data) : size;
	char *pattern = malloc(plen + 1), *value = malloc(size - plen + 1);
	json_t *doc = NULL;
	char *text = NULL;
	pt__mapping *m = NULL;
	pt__import imp;
	pt__sheet sheet;
	pt__layout *layout = NULL;
	char *headers[1] = { "Remarks" }, *cells[1];

	memset(&sheet, 0, sizeof sheet);
	pt__import_init(&imp, db, "fuzz.csv");
	if (!pattern || !value)
		goto cleanup;
	memcpy(pattern, data, plen);
	pattern[plen] = '\0';
	memcpy(value, data + plen + (nl ? 1 : 0), size - plen - (nl ? 1 : 0));
	value[size - plen - (nl ? 1 : 0)] = '\0';
	/* the mapping as a user writes it, the pattern escaped by jansson */
	doc = json_pack("{s:{s:{s:s, s:[{s:s, s:{s:s}}]}}}", "columns", "Remarks",
			"field", "notes", "match", "pattern", pattern, "fields", "place", "$0");
	if (!doc || !(text = json_dumps(doc, 0)))
		goto cleanup;
	if (pt__mapping_parse(db, "map.json", text, strlen(text), PT__KIND_CAMP, &m) != PT_OK)
		goto cleanup; /* a pattern ICU cannot read, or no group 1: refused, fine */
	sheet.opts = &no_options;
	sheet.mapping = m;
	sheet.kind = PT__KIND_CAMP;
	imp.sheet = &sheet;
	if (!(imp.summary = calloc(1, sizeof *imp.summary)))
		goto cleanup;
	if (pt__layout_build(&imp, PT__KIND_CAMP, headers, 1, &layout) != PT_OK)
		goto cleanup;
	cells[0] = value;
	imp.summary->rows++;
	pt__flat_load(&imp, layout, cells, 1, 2, 1, keep_nothing);
cleanup:
	pt__layout_free(layout);
	pt__strmap_free(sheet.listed);
	pt__import_release(&imp);
	pt_import_summary_free(imp.summary);
	pt__mapping_free(m);
	free(text);
	json_decref(doc);
	free(pattern);
	free(value);
	return 0;
}

/*
 * fuzz_json.c - libFuzzer target for the JSON record reader and the record
 * loaders: any bytes, read as an import file (a document or JSON Lines) into
 * a database that holds a source and a camp, inside a savepoint that is
 * rolled back. `make fuzz` runs it.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"

static void summary_clear(pt_import_summary *s)
{
	for (size_t i = 0; i < s->error_count; i++) {
		free(s->errors[i].field);
		free(s->errors[i].message);
	}
	free(s->errors);
	for (size_t i = 0; i < s->new_camp_count; i++)
		free(s->new_camps[i]);
	free(s->new_camps);
	for (size_t i = 0; i < s->new_source_count; i++)
		free(s->new_sources[i]);
	free(s->new_sources);
	free(s->kind);
	memset(s, 0, sizeof *s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static pt__import imp;
	static pt_import_summary summary;
	pt_db *db = pt_fuzz_db();

	if (!imp.db) { /* the loaders' statements, prepared once */
		pt__import_init(&imp, db, "fuzz.json");
		imp.summary = &summary;
		if (pt__load_begin(&imp, NULL))
			abort();
	}
	if (pt__exec(db, "SAVEPOINT fuzz") == PT_OK) {
		pt__read_json(&imp, (const char *)data, size, PT_FORMAT_AUTO, PT__KIND_PERSON,
			      pt__load_record);
		pt__exec(db, "ROLLBACK TO fuzz; RELEASE fuzz");
	}
	pt__resolver_free(&imp); /* its camps were rolled back */
	summary_clear(&summary);
	pt__buf_reset(&imp.reasons);
	return 0;
}

/*
 * gazetteer.c - the built-in camp gazetteer: embedded JSON, loaded through
 * the importer as one batch.
 */
#include <stdio.h>

#include "import/import.h"

/* generated from data/gazetteer/gazetteer.json by tools/embed_data.c */
extern const char pt__gazetteer_json[];
extern const size_t pt__gazetteer_json_len;

#define GAZETTEER_BATCH "gazetteer"

static char gazetteer_sha[65];

const char *pt_gazetteer_version(void)
{
	if (!gazetteer_sha[0]) {
		pt__sha256 h;
		pt__sha256_init(&h);
		pt__sha256_update(&h, pt__gazetteer_json, pt__gazetteer_json_len);
		pt__sha256_hex(&h, gazetteer_sha);
	}
	return gazetteer_sha;
}

int pt_gazetteer_loaded(pt_db *db)
{
	sqlite3_stmt *s = NULL;
	int step;
	if (pt__prepare(db, &s, "SELECT 1 FROM import_batch WHERE file = '" GAZETTEER_BATCH "' "
			"AND rejected = 0 AND unimported_at IS NULL"))
		return -1;
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	return step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
}

int pt_gazetteer_load(pt_db *db, pt_import_summary **summary_out)
{
	sqlite3_stmt *s = NULL;
	char restore[96];
	int rc, step, temp_store = 0, cache_size = 0;

	*summary_out = NULL;
	if ((rc = pt__prepare(db, &s, "SELECT 1 FROM import_batch WHERE sha256 = ? AND "
			      "file = '" GAZETTEER_BATCH "' AND rejected = 0")))
		return rc;
	sqlite3_bind_text(s, 1, pt_gazetteer_version(), -1, SQLITE_STATIC);
	step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step == SQLITE_ROW)
		return PT_OK; /* this version is loaded already */
	if (step != SQLITE_DONE)
		return pt__sql_error(db, "cannot read the import batches");
	/* thousands of small records: keep the per-record savepoint journals
	 * and the pages in memory while loading, then give the caller back its
	 * own settings */
	if ((rc = pt__pragma_int(db, "PRAGMA temp_store", &temp_store)) ||
	    (rc = pt__pragma_int(db, "PRAGMA cache_size", &cache_size)) ||
	    (rc = pt__exec(db, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536")))
		return rc;
	rc = pt__import_memory(db, GAZETTEER_BATCH, pt__gazetteer_json, pt__gazetteer_json_len,
			       summary_out);
	snprintf(restore, sizeof restore, "PRAGMA temp_store = %d; PRAGMA cache_size = %d",
		 temp_store, cache_size);
	sqlite3_exec(db->sql, restore, NULL, NULL, NULL);
	return rc;
}

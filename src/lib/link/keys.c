/*
 * keys.c - the blocking keys stored in link_key (schema/0070_link_keys.sql):
 * stored for the records a run keyed, moved from link_key_recent (where
 * runs that read only the new records put theirs) into link_key when it
 * has grown, and taken out for records deleted or changed (link_key_gone).
 * block.c makes the keys and reads them back.
 */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

void pt__lk_keys_release(lk_keys *k)
{
	free(k->items);
	memset(k, 0, sizeof *k);
}

static int key_order(const void *x, const void *y)
{
	const lk_key *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->person != b->person)
		return a->person < b->person ? -1 : 1;
	return a->info < b->info ? -1 : a->info > b->info;
}

int pt__lk_keys_purge(pt_db *db)
{
	sqlite3_stmt *s = NULL;
	int rc, any = 0;
	if ((rc = pt__prepare(db, &s, "SELECT EXISTS (SELECT 1 FROM link_key_gone)")))
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		any = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (!any)
		return PT_OK;
	if ((rc = pt__exec(db, "DELETE FROM link_key WHERE person_id IN "
			   "(SELECT person_id FROM link_key_gone)")) ||
	    (rc = pt__exec(db, "DELETE FROM link_key_recent WHERE person_id IN "
			   "(SELECT person_id FROM link_key_gone)")))
		return rc;
	return pt__exec(db, "DELETE FROM link_key_gone");
}

int pt__lk_keys_forget(pt_db *db, const lk_data *d, int all)
{
	sqlite3_stmt *s = NULL;
	int rc;
	if (all)
		return pt__exec(db, "DELETE FROM link_key; DELETE FROM link_key_recent; "
				"DELETE FROM link_key_gone");
	/* the changed records' keys (new ones have none) */
	if ((rc = pt__prepare(db, &s, "INSERT OR IGNORE INTO link_key_gone(person_id) VALUES (?)")))
		return rc;
	for (uint32_t i = 0; i < d->rec_count && !rc; i++) {
		if (!d->recs[i].changed)
			continue;
		sqlite3_bind_int64(s, 1, d->recs[i].id);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = pt__sql_error(db, "cannot take back the blocking keys");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc ? rc : pt__lk_keys_purge(db);
}

int pt__lk_keys_store(pt_db *db, lk_keys *k, int recent)
{
	sqlite3_stmt *s = NULL;
	int rc;
	/* in key order: the rows go to the table's end when it is new */
	if (k->count > 1)
		qsort(k->items, k->count, sizeof *k->items, key_order);
	if ((rc = pt__prepare(db, &s, recent
			      ? "INSERT OR IGNORE INTO link_key_recent(key, person_id, info) "
				"VALUES (?, ?, ?)"
			      : "INSERT OR IGNORE INTO link_key(key, person_id, info) "
				"VALUES (?, ?, ?)")))
		return rc;
	for (size_t i = 0; i < k->count && !rc; i++) {
		sqlite3_bind_int64(s, 1, (int64_t)k->items[i].key);
		sqlite3_bind_int64(s, 2, k->items[i].person);
		sqlite3_bind_int64(s, 3, k->items[i].info);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = pt__sql_error(db, "cannot store the blocking keys");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

int pt__lk_keys_merge(pt_db *db, int always)
{
	sqlite3_stmt *s = NULL;
	int64_t recent = 0, main = 0;
	int rc;
	if (!always) {
		/* link_key's size roughly, from the records compared (a
		 * count(*) of it would read it all) */
		if ((rc = pt__prepare(db, &s, "SELECT (SELECT count(*) FROM link_key_recent), "
				      "(SELECT count(*) FROM link_pending) + "
				      "(SELECT count(*) FROM link_compared)")))
			return rc;
		if (sqlite3_step(s) == SQLITE_ROW) {
			recent = sqlite3_column_int64(s, 0);
			main = sqlite3_column_int64(s, 1) * 20;   /* about 20 keys a record */
		}
		sqlite3_finalize(s);
		if (recent * 8 < main)
			return PT_OK;
	}
	if ((rc = pt__exec(db, "INSERT OR IGNORE INTO link_key(key, person_id, info) "
			   "SELECT key, person_id, info FROM link_key_recent ORDER BY key")))
		return rc;
	return pt__exec(db, "DELETE FROM link_key_recent");
}

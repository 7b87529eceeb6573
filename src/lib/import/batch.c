/*
 * batch.c - import batches: the list of every import (file, checksum,
 * format, mapping, counts), and taking one back: what a batch alone brought
 * in is removed in one transaction, and the batch is marked unimported.
 */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"
#include "names/names.h"

int pt_batch_list(pt_db *db, pt_batch **out, size_t *count_out)
{
	static const char sql[] =
		"SELECT b.id, b.file, b.sha256, b.format, b.kind, b.encoding, b.mapping, b.bytes, "
		"b.started_at, b.finished_at, b.unimported_at, b.rows, b.inserted, b.updated, "
		"b.unchanged, b.rejected, (SELECT count(*) FROM person p WHERE p.batch_id = b.id), "
		"b.sheet FROM import_batch b ORDER BY b.id";
	sqlite3_stmt *s = NULL;
	pt_batch *list = NULL;
	size_t n = 0;
	int rc, step;

	*out = NULL;
	*count_out = 0;
	if ((rc = pt__prepare(db, &s, sql)))
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		pt_batch *grown = realloc(list, (n + 1) * sizeof *grown), *b;
		if (!grown) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			break;
		}
		list = grown;
		b = &list[n++];
		memset(b, 0, sizeof *b);
		b->id = sqlite3_column_int64(s, 0);
		b->bytes = sqlite3_column_int64(s, 7);
		b->rows = (long)sqlite3_column_int64(s, 11);
		b->inserted = (long)sqlite3_column_int64(s, 12);
		b->updated = (long)sqlite3_column_int64(s, 13);
		b->unchanged = (long)sqlite3_column_int64(s, 14);
		b->rejected = (long)sqlite3_column_int64(s, 15);
		b->persons = (long)sqlite3_column_int64(s, 16);
		if (pt__column_take(s, 1, &b->file) | pt__column_take(s, 2, &b->sha256) |
		    pt__column_take(s, 3, &b->format) | pt__column_take(s, 4, &b->kind) |
		    pt__column_take(s, 5, &b->encoding) | pt__column_take(s, 6, &b->mapping) |
		    pt__column_take(s, 8, &b->started_at) | pt__column_take(s, 9, &b->finished_at) |
		    pt__column_take(s, 10, &b->unimported_at) | pt__column_take(s, 17, &b->sheet)) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			break;
		}
	}
	if (rc == PT_OK && step != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot read import batches");
	sqlite3_finalize(s);
	if (rc) {
		pt_batch_list_free(list, n);
		return rc;
	}
	*out = list;
	*count_out = n;
	return PT_OK;
}

void pt_batch_list_free(pt_batch *batches, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		pt_batch *b = &batches[i];
		free(b->file); free(b->sha256); free(b->format); free(b->kind);
		free(b->encoding); free(b->mapping); free(b->started_at); free(b->finished_at);
		free(b->unimported_at); free(b->sheet);
	}
	free(batches);
}

/* Runs a statement with the batch id as ?1; *changed gets the rows it changed. */
static int run(pt_db *db, const char *sql, int64_t id, long *changed)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot take the batch back");
	else if (changed)
		*changed = (long)sqlite3_changes(db->sql);
	sqlite3_finalize(s);
	return rc;
}

static long count(pt_db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *s = NULL;
	long n = 0;
	if (pt__prepare(db, &s, sql))
		return 0;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The individuals that lost records keep the schema's rules (schema/README.md,
 * "Records and individuals"): their member rows went with the records (ON
 * DELETE CASCADE); one whose anchor record went takes the smallest id among
 * its records left, and a record left alone is its own individual again,
 * without a row. (Splitting an individual whose records were joined only
 * through the record that went is the link engine's reclustering.) */
static int individuals_after_delete(pt_db *db)
{
	return pt__exec(db,
		"CREATE TEMP TABLE IF NOT EXISTS pt_reanchor (old INTEGER PRIMARY KEY, "
		"  new INTEGER NOT NULL);"
		"DELETE FROM temp.pt_reanchor;"
		"INSERT INTO temp.pt_reanchor SELECT individual_id, min(person_id) "
		"  FROM individual_member WHERE individual_id NOT IN (SELECT id FROM person) "
		"  GROUP BY individual_id;"
		"UPDATE individual_member SET individual_id = (SELECT new FROM temp.pt_reanchor "
		"  WHERE old = individual_member.individual_id) "
		"  WHERE individual_id IN (SELECT old FROM temp.pt_reanchor);"
		"DELETE FROM individual_member WHERE individual_id IN (SELECT individual_id "
		"  FROM individual_member GROUP BY individual_id HAVING count(*) = 1);");
}

int pt_batch_unimport(pt_db *db, int64_t id, pt_unimport_summary *out)
{
	/* What the batch alone brought in: records it inserted (first_batch_id)
	 * and that it was the last to write (batch_id). Records that other
	 * records still point at stay, counted as kept. */
	static const char *const kept_sql =
		"SELECT (SELECT count(*) FROM person WHERE first_batch_id = ?1 AND batch_id <> ?1)"
		" + (SELECT count(*) FROM camp WHERE first_batch_id = ?1 AND batch_id <> ?1)"
		" + (SELECT count(*) FROM source WHERE first_batch_id = ?1 AND batch_id <> ?1)"
		" + (SELECT count(*) FROM claim WHERE first_batch_id = ?1 AND batch_id <> ?1)"
		" + (SELECT count(*) FROM operation WHERE first_batch_id = ?1 AND batch_id <> ?1)";
	static const char *const updated_sql =
		"SELECT (SELECT count(*) FROM person WHERE batch_id = ?1 AND first_batch_id <> ?1)"
		" + (SELECT count(*) FROM camp WHERE batch_id = ?1 AND first_batch_id <> ?1)"
		" + (SELECT count(*) FROM source WHERE batch_id = ?1 AND first_batch_id <> ?1)"
		" + (SELECT count(*) FROM claim WHERE batch_id = ?1 AND first_batch_id <> ?1)"
		" + (SELECT count(*) FROM operation WHERE batch_id = ?1 AND first_batch_id <> ?1)";
	pt_unimport_summary sum;
	sqlite3_stmt *s = NULL;
	int rc, found = 0, done = 0;
	long still = 0;

	memset(&sum, 0, sizeof sum);
	if (out)
		memset(out, 0, sizeof *out);
	if ((rc = pt__prepare(db, &s, "SELECT unimported_at IS NOT NULL FROM import_batch "
			      "WHERE id = ?")))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		found = 1;
		done = sqlite3_column_int(s, 0);
	}
	sqlite3_finalize(s);
	if (!found)
		return pt__error(db, PT_ENOTFOUND, "no import batch %lld", (long long)id);
	if (done)
		return pt__error(db, PT_ECONFLICT, "import batch %lld was taken back already",
				 (long long)id);
	if ((rc = pt__exec(db, "BEGIN IMMEDIATE")))
		return rc;
	sum.kept = count(db, kept_sql, id);
	sum.kept_updated = count(db, updated_sql, id);
	if ((rc = run(db, "DELETE FROM person WHERE first_batch_id = ?1 AND batch_id = ?1",
		      id, &sum.persons)) ||
	    (rc = individuals_after_delete(db)) ||
	    (rc = run(db, "DELETE FROM claim WHERE first_batch_id = ?1 AND batch_id = ?1",
		      id, &sum.claims)) ||
	    (rc = run(db, "DELETE FROM camp_location WHERE first_batch_id = ?1 AND batch_id = ?1",
		      id, &sum.locations)) ||
	    (rc = run(db, "DELETE FROM operation WHERE first_batch_id = ?1 AND batch_id = ?1 "
		      "AND id NOT IN (SELECT operation_id FROM event WHERE operation_id IS NOT NULL)",
		      id, &sum.operations)) ||
	    (rc = run(db, "DELETE FROM camp WHERE first_batch_id = ?1 AND batch_id = ?1 "
		      "AND id NOT IN (SELECT camp_id FROM event WHERE camp_id IS NOT NULL) "
		      "AND id NOT IN (SELECT camp_id FROM camp_location WHERE batch_id <> ?1)",
		      id, &sum.camps)) ||
	    (rc = run(db, "DELETE FROM source WHERE first_batch_id = ?1 AND batch_id = ?1 "
		      "AND id NOT IN (SELECT source_id FROM citation) "
		      "AND key NOT IN (SELECT record_source FROM person)",
		      id, &sum.sources)) ||
	    (rc = pt__name_keys_prune(db)) ||
	    (rc = pt__link_records_gone(db)))   /* the individuals they held together */
		goto cleanup;
	/* what the batch brought in but that others still point at */
	still = count(db, "SELECT (SELECT count(*) FROM camp WHERE first_batch_id = ?1 AND batch_id = ?1)"
		      " + (SELECT count(*) FROM source WHERE first_batch_id = ?1 AND batch_id = ?1)"
		      " + (SELECT count(*) FROM operation WHERE first_batch_id = ?1 AND batch_id = ?1)",
		      id);
	sum.kept += still;
	if ((rc = run(db, "UPDATE import_batch SET unimported_at = "
		      "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1", id, NULL)))
		goto cleanup;
	rc = pt__exec(db, "COMMIT");
cleanup:
	if (rc) {
		pt__buf msg = PT__BUF_INIT;
		pt__buf_puts(&msg, pt_db_errmsg(db));
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		pt__error(db, rc, "%s", pt__buf_str(&msg));
		pt__buf_release(&msg);
		return rc;
	}
	if (out)
		*out = sum;
	pt__buf_reset(&db->errmsg);
	return PT_OK;
}

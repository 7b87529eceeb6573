/*
 * individual.c - reading records and individuals: which individual a record
 * belongs to, the records of an individual, what an id names. An
 * individual's id is the id of one of its records, and a record linked to
 * no other has no individual_member row: it is its own individual.
 */
#include <stdlib.h>

#include "link/link.h"

static int step_int64(pt_db *db, sqlite3_stmt *s, int64_t *out, int *found)
{
	int rc = sqlite3_step(s);
	*found = 0;
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		*found = 1;
		return PT_OK;
	}
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read an individual");
}

int pt__individual_of(pt_db *db, int64_t record_id, int64_t *individual_out)
{
	sqlite3_stmt *s = NULL;
	int rc, found;

	if ((rc = pt__stmt_get(db, &s, "SELECT coalesce(m.individual_id, p.id) FROM person p "
			       "LEFT JOIN individual_member m ON m.person_id = p.id WHERE p.id = ?")))
		return rc;
	sqlite3_bind_int64(s, 1, record_id);
	rc = step_int64(db, s, individual_out, &found);
	pt__stmt_put(db, s);
	if (!rc && !found)
		rc = pt__error(db, PT_ENOTFOUND, "no record %lld", (long long)record_id);
	return rc;
}

int pt_individual_of(pt_db *db, int64_t record_id, int64_t *individual_out)
{
	int64_t id = 0;
	int rc = pt__individual_of(db, record_id, &id);
	if (!rc && individual_out)
		*individual_out = id;
	return rc;
}

int pt_id_kind(pt_db *db, int64_t id, unsigned *kind_out)
{
	int64_t individual = 0;
	int rc = pt__individual_of(db, id, &individual);

	*kind_out = 0;
	if (rc == PT_ENOTFOUND) {
		pt__buf_reset(&db->errmsg);
		return PT_OK;
	}
	if (rc)
		return rc;
	*kind_out = PT_ID_RECORD | (individual == id ? PT_ID_INDIVIDUAL : 0);
	return PT_OK;
}

int pt_individual_records(pt_db *db, int64_t individual_id, int64_t **ids_out,
			  size_t *count_out)
{
	int64_t of = 0;
	int rc;

	*ids_out = NULL;
	*count_out = 0;
	if ((rc = pt__individual_of(db, individual_id, &of)))
		return rc == PT_ENOTFOUND
			? pt__error(db, rc, "no individual %lld", (long long)individual_id) : rc;
	if (of != individual_id)
		return pt__error(db, PT_ENOTFOUND, "no individual %lld (record %lld belongs to "
				 "individual %lld)", (long long)individual_id,
				 (long long)individual_id, (long long)of);
	return pt__individual_members(db, individual_id, ids_out, count_out);
}

int pt__individual_members(pt_db *db, int64_t individual_id, int64_t **ids_out,
			   size_t *count_out)
{
	sqlite3_stmt *s = NULL;
	int64_t *ids = NULL;
	size_t count = 0, cap = 0;
	int rc;

	*ids_out = NULL;
	*count_out = 0;
	if ((rc = pt__stmt_get(db, &s, "SELECT person_id FROM individual_member "
			       "WHERE individual_id = ? ORDER BY person_id")))
		return rc;
	sqlite3_bind_int64(s, 1, individual_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (count == cap) {
			size_t grown_cap = cap ? cap * 2 : 8;
			int64_t *grown = realloc(ids, grown_cap * sizeof *grown);
			if (!grown) {
				rc = PT_ENOMEM;
				goto cleanup;
			}
			ids = grown;
			cap = grown_cap;
		}
		ids[count++] = sqlite3_column_int64(s, 0);
	}
	if (rc != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot read an individual's records");
		goto cleanup;
	}
	rc = PT_OK;
	if (count == 0) { /* linked to no other record: the individual is the record */
		if (!(ids = malloc(sizeof *ids))) {
			rc = PT_ENOMEM;
			goto cleanup;
		}
		ids[count++] = individual_id;
	}
	*ids_out = ids;
	*count_out = count;
	ids = NULL;
cleanup:
	pt__stmt_put(db, s);
	free(ids);
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	return rc;
}

int pt_individual_count(pt_db *db, int64_t *records_out, int64_t *individuals_out)
{
	/* every record is an individual but for the members that are not their
	 * individual's anchor */
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pt__prepare(db, &s, "SELECT (SELECT count(*) FROM person), "
			      "(SELECT count(*) FROM individual_member "
			      "WHERE person_id <> individual_id)")))
		return rc;
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = pt__sql_error(db, "cannot count individuals");
	} else {
		int64_t records = sqlite3_column_int64(s, 0);
		if (records_out)
			*records_out = records;
		if (individuals_out)
			*individuals_out = records - sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return rc;
}

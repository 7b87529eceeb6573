/*
 * camp_merge.c - camps a person puts right: merging an unverified camp (or
 * any) into the camp it means, logged row by row in camp_merge so that the
 * merge can be taken back; verifying a camp; giving a camp a spelling.
 */
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

/* ---- the status of a person, derived again ---------------------------------- */

int pt__person_status_refresh(pt_db *db, int64_t person_id)
{
	static const char *const names[] = { "unknown", "returned", "died", "unaccounted",
					     "conflicting" };
	sqlite3_stmt *s = NULL;
	pt_status_event *events = NULL;
	int64_t *ids = NULL;
	char **texts = NULL;
	size_t n = 0, cap = 0;
	pt_status status;
	char *reason = NULL;
	long last = -1;
	int rc, step;

	if ((rc = pt__prepare(db, &s, "SELECT e.id, e.type, e.date, e.date_min, e.date_max, "
			      "c.name, e.place FROM event e LEFT JOIN camp c ON c.id = e.camp_id "
			      "WHERE e.person_id = ? ORDER BY e.seq, e.id")))
		return rc;
	sqlite3_bind_int64(s, 1, person_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			size_t c = cap ? cap * 2 : 8;
			pt_status_event *e = realloc(events, c * sizeof *e);
			int64_t *i = e ? realloc(ids, c * sizeof *i) : NULL;
			char **t = i ? realloc(texts, c * 4 * sizeof *t) : NULL;
			if (e)
				events = e;
			if (i)
				ids = i;
			if (!t) {
				rc = pt__error(db, PT_ENOMEM, "out of memory");
				goto cleanup;
			}
			texts = t;
			cap = c;
		}
		ids[n] = sqlite3_column_int64(s, 0);
		memset(&events[n], 0, sizeof events[n]);
		for (int k = 0; k < 4; k++)
			texts[n * 4 + (size_t)k] = pt__column_dup(s, k == 0 ? 1 : k == 1 ? 2 : k + 3);
		events[n].type = texts[n * 4];
		events[n].date = texts[n * 4 + 1];
		events[n].camp = texts[n * 4 + 2];
		events[n].place = texts[n * 4 + 3];
		events[n].has_min = sqlite3_column_type(s, 3) != SQLITE_NULL;
		events[n].has_max = sqlite3_column_type(s, 4) != SQLITE_NULL;
		events[n].date_min = sqlite3_column_int64(s, 3);
		events[n].date_max = sqlite3_column_int64(s, 4);
		n++;
	}
	if (step != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot read a person's events");
		goto cleanup;
	}
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = pt_status_derive(events, n, &status, &reason, &last))) {
		rc = pt__error(db, rc, "out of memory");
		goto cleanup;
	}
	if ((rc = pt__prepare(db, &s, "UPDATE person SET status = ?, status_reason = ?, "
			      "last_event_id = ? WHERE id = ?")))
		goto cleanup;
	sqlite3_bind_text(s, 1, names[status], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, reason, -1, SQLITE_STATIC);
	if (last >= 0 && (size_t)last < n)
		sqlite3_bind_int64(s, 3, ids[last]);
	sqlite3_bind_int64(s, 4, person_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot write a person's status");
cleanup:
	sqlite3_finalize(s);
	for (size_t i = 0; texts && i < n * 4; i++)
		free(texts[i]);
	free(texts);
	free(events);
	free(ids);
	free(reason);
	return rc;
}

/* ---- running SQL ------------------------------------------------------------- */

/* Runs sql with ?1..?3 bound to a, b, c (0: NULL) and ?4 to text; *changes
 * (may be NULL) gets the rows it changed. */
static int run(pt_db *db, const char *sql, int64_t a, int64_t b, int64_t c, const char *text,
	       long *changes)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, sql);
	if (rc)
		return rc;
	if (sqlite3_bind_parameter_count(s) >= 1 && a)
		sqlite3_bind_int64(s, 1, a);
	if (sqlite3_bind_parameter_count(s) >= 2 && b)
		sqlite3_bind_int64(s, 2, b);
	if (sqlite3_bind_parameter_count(s) >= 3 && c)
		sqlite3_bind_int64(s, 3, c);
	if (sqlite3_bind_parameter_count(s) >= 4 && text)
		sqlite3_bind_text(s, 4, text, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	rc = rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot merge the camps");
	if (rc == PT_OK && changes)
		*changes = sqlite3_changes(db->sql);
	sqlite3_finalize(s);
	return rc;
}

static int begin(pt_db *db, int *nested)
{
	*nested = !sqlite3_get_autocommit(db->sql);
	return pt__exec(db, *nested ? "SAVEPOINT camp_merge" : "BEGIN IMMEDIATE");
}

static int end(pt_db *db, int nested, int rc)
{
	if (rc == PT_OK)
		return pt__exec(db, nested ? "RELEASE camp_merge" : "COMMIT");
	sqlite3_exec(db->sql, nested ? "ROLLBACK TO camp_merge; RELEASE camp_merge" : "ROLLBACK",
		     NULL, NULL, NULL);
	return rc;
}

/* The persons whose events a merge moved: their status derived again. */
static int refresh_persons(pt_db *db, int64_t merge_id)
{
	sqlite3_stmt *s = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = pt__prepare(db, &s, "SELECT row_id FROM camp_merge_moved WHERE merge_id = ? "
			     "AND what = 'person' ORDER BY row_id");
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, merge_id);
	while (rc == PT_OK && sqlite3_step(s) == SQLITE_ROW) {
		int64_t *grown = realloc(ids, (n + 1) * sizeof *grown);
		if (!grown)
			rc = pt__error(db, PT_ENOMEM, "out of memory");
		else
			(ids = grown)[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < n && rc == PT_OK; i++)
		rc = pt__person_status_refresh(db, ids[i]);
	free(ids);
	return rc;
}

/* ---- merging ---------------------------------------------------------------- */

/* A camp's row as a JSON object of its columns, with its aliases: what
 * unmerge puts back. Columns come from the table itself, so that columns
 * added later are kept too. */
static int snapshot(pt_db *db, int64_t id, char **out)
{
	sqlite3_stmt *s = NULL;
	pt__buf sql = PT__BUF_INIT;
	int rc, first = 1;

	*out = NULL;
	if ((rc = pt__prepare(db, &s, "SELECT name FROM pragma_table_info('camp') ORDER BY cid")))
		return rc;
	pt__buf_puts(&sql, "SELECT json_object(");
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(s, 0);
		/* column names come from the schema: letters and underscores */
		pt__buf_printf(&sql, "%s'%s', \"%s\"", first ? "" : ", ", col, col);
		first = 0;
	}
	sqlite3_finalize(s);
	s = NULL;
	pt__buf_puts(&sql, ", 'aliases', (SELECT json_group_array(json_array(alias, alias_key, "
		     "match_key)) FROM (SELECT * FROM camp_alias WHERE camp_id = ?1 ORDER BY rowid))) "
		     "FROM camp WHERE id = ?1");
	if (sql.failed) {
		pt__buf_release(&sql);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	rc = pt__prepare(db, &s, pt__buf_str(&sql));
	pt__buf_release(&sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW && !(*out = pt__column_dup(s, 0)))
		rc = pt__error(db, PT_ENOMEM, "out of memory");
	else if (!*out && rc == PT_OK)
		rc = pt__sql_error(db, "cannot read a camp");
	sqlite3_finalize(s);
	return rc;
}

static void info_counts(pt_db *db, int64_t merge_id, pt_camp_merge_info *info)
{
	sqlite3_stmt *s = NULL;
	if (pt__prepare(db, &s, "SELECT what, count(*) FROM camp_merge_moved WHERE merge_id = ? "
			"GROUP BY what"))
		return;
	sqlite3_bind_int64(s, 1, merge_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *what = (const char *)sqlite3_column_text(s, 0);
		long n = (long)sqlite3_column_int64(s, 1);
		if (!strcmp(what, "alias"))
			info->aliases = n;
		else if (!strcmp(what, "event"))
			info->events = n;
		else if (!strcmp(what, "citation"))
			info->citations = n;
		else if (!strcmp(what, "location"))
			info->locations = n;
		else if (!strcmp(what, "claim"))
			info->claims = n;
		else if (!strcmp(what, "person"))
			info->persons = n;
	}
	sqlite3_finalize(s);
}

#define MERGE_COLUMNS \
	"m.id, m.from_key, json_extract(m.from_camp, '$.name'), c.key, c.name, m.merged_at, " \
	"m.unmerged_at"

static int read_info(pt_db *db, int64_t merge_id, pt_camp_merge_info *info)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, "SELECT " MERGE_COLUMNS " FROM camp_merge m LEFT JOIN camp c "
			     "ON c.id = m.into_id WHERE m.id = ?");
	memset(info, 0, sizeof *info);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, merge_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		info->id = sqlite3_column_int64(s, 0);
		info->from_key = pt__column_dup(s, 1);
		info->from_name = pt__column_dup(s, 2);
		info->into_key = pt__column_dup(s, 3);
		info->into_name = pt__column_dup(s, 4);
		info->merged_at = pt__column_dup(s, 5);
		info->unmerged_at = pt__column_dup(s, 6);
	} else {
		rc = pt__error(db, PT_ENOTFOUND, "no camp merge %lld", (long long)merge_id);
	}
	sqlite3_finalize(s);
	if (rc == PT_OK)
		info_counts(db, merge_id, info);
	return rc;
}

int pt_camp_merge(pt_db *db, const char *from, const char *into, pt_camp_merge_info *out)
{
	/* each step records what it moves, then moves it (?1 from, ?2 into,
	 * ?3 the merge) */
	static const char *const steps[] = {
		/* spellings into has already: dropped with from; the others move */
		"INSERT INTO camp_merge_moved(merge_id, what, row_id, old) SELECT ?3, 'alias', rowid, "
		"alias FROM camp_alias a WHERE camp_id = ?1 AND NOT EXISTS (SELECT 1 FROM camp_alias b "
		"WHERE b.camp_id = ?2 AND b.alias = a.alias)",
		"UPDATE camp_alias SET camp_id = ?2 WHERE rowid IN (SELECT row_id FROM "
		"camp_merge_moved WHERE merge_id = ?3 AND what = 'alias')",
		"INSERT INTO camp_merge_moved(merge_id, what, row_id) SELECT DISTINCT ?3, 'person', "
		"person_id FROM event WHERE camp_id = ?1",
		"INSERT INTO camp_merge_moved(merge_id, what, row_id, old) SELECT ?3, 'event', id, "
		"person_id FROM event WHERE camp_id = ?1",
		"UPDATE event SET camp_id = ?2 WHERE camp_id = ?1",
		"INSERT INTO camp_merge_moved(merge_id, what, row_id, old) SELECT ?3, 'citation', id, "
		"source_id FROM citation WHERE camp_id = ?1",
		"UPDATE citation SET camp_id = ?2 WHERE camp_id = ?1",
		/* locations keep their order, after into's own */
		"INSERT INTO camp_merge_moved(merge_id, what, row_id, old) SELECT ?3, 'location', id, "
		"seq FROM camp_location WHERE camp_id = ?1",
		"UPDATE camp_location SET seq = seq + 1 + (SELECT coalesce(max(seq), -1) FROM "
		"camp_location WHERE camp_id = ?2) - (SELECT min(seq) FROM camp_location WHERE "
		"camp_id = ?1), camp_id = ?2 WHERE camp_id = ?1",
		/* claims about from's population */
		"INSERT INTO camp_merge_moved(merge_id, what, row_id, old) SELECT ?3, 'claim', id, "
		"population FROM claim WHERE json_extract(population, '$.camp') = "
		"(SELECT from_key FROM camp_merge WHERE id = ?3)",
		"UPDATE claim SET population = json_set(population, '$.camp', (SELECT key FROM camp "
		"WHERE id = ?2)) WHERE id IN (SELECT row_id FROM camp_merge_moved WHERE merge_id = ?3 "
		"AND what = 'claim')",
		"DELETE FROM camp WHERE id = ?1",
		NULL,
	};
	int64_t from_id = 0, into_id = 0, merge_id = 0;
	char *from_camp = NULL;
	sqlite3_stmt *s = NULL;
	int rc, nested = 0;

	if (out)
		memset(out, 0, sizeof *out);
	if ((rc = pt_camp_resolve(db, from, &from_id)) || (rc = pt_camp_resolve(db, into, &into_id)))
		return rc;
	if (from_id == into_id)
		return pt__error(db, PT_EINVAL, "'%s' and '%s' are the same camp", from, into);
	if ((rc = begin(db, &nested)))
		return rc;
	if ((rc = snapshot(db, from_id, &from_camp)) ||
	    (rc = pt__prepare(db, &s, "INSERT INTO camp_merge(from_key, from_id, into_id, from_camp, "
			      "merged_at) SELECT key, id, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
			      "FROM camp WHERE id = ?1")))
		goto done;
	sqlite3_bind_int64(s, 1, from_id);
	sqlite3_bind_int64(s, 2, into_id);
	sqlite3_bind_text(s, 3, from_camp, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot log the merge");
		goto done;
	}
	merge_id = sqlite3_last_insert_rowid(db->sql);
	for (const char *const *step = steps; *step && rc == PT_OK; step++)
		rc = run(db, *step, from_id, into_id, merge_id, NULL, NULL);
	if (rc == PT_OK)
		rc = refresh_persons(db, merge_id);
	if (rc == PT_OK && out)
		rc = read_info(db, merge_id, out);
done:
	sqlite3_finalize(s);
	free(from_camp);
	rc = end(db, nested, rc);
	if (rc && out) {
		pt_camp_merge_info_release(out);
		memset(out, 0, sizeof *out);
	}
	return rc;
}

/* ---- taking a merge back ------------------------------------------------------- */

int pt_camp_unmerge(pt_db *db, int64_t id, const char *from_key, pt_camp_merge_info *out)
{
	sqlite3_stmt *s = NULL;
	int64_t into_id = 0, from_id = 0, later = 0, new_id;
	char *from_camp = NULL, *key = NULL, *unmerged = NULL;
	pt__buf insert = PT__BUF_INIT, cols = PT__BUF_INIT;
	int rc, nested = 0, first = 1;

	if (out)
		memset(out, 0, sizeof *out);
	if (!id) {
		if ((rc = pt__prepare(db, &s, "SELECT id FROM camp_merge WHERE from_key = ? AND "
				      "unmerged_at IS NULL ORDER BY id DESC LIMIT 1")))
			return rc;
		sqlite3_bind_text(s, 1, from_key ? from_key : "", -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			id = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		s = NULL;
		if (!id)
			return pt__error(db, PT_ENOTFOUND, "no merge of a camp keyed '%s' to take back",
					 from_key ? from_key : "");
	}
	if ((rc = begin(db, &nested)))
		return rc;
	if ((rc = pt__prepare(db, &s, "SELECT from_key, from_id, into_id, from_camp, unmerged_at "
			      "FROM camp_merge WHERE id = ?")))
		goto done;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = pt__error(db, PT_ENOTFOUND, "no camp merge %lld", (long long)id);
		goto done;
	}
	key = pt__column_dup(s, 0);
	from_id = sqlite3_column_int64(s, 1);
	into_id = sqlite3_column_int64(s, 2);
	from_camp = pt__column_dup(s, 3);
	unmerged = pt__column_dup(s, 4);
	sqlite3_finalize(s);
	s = NULL;
	if (!key || !from_camp) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto done;
	}
	if (unmerged) {
		rc = pt__error(db, PT_ECONFLICT, "merge %lld of '%s' was taken back already (%s)",
			       (long long)id, key, unmerged);
		goto done;
	}
	/* the camp it went into must still be there */
	if ((rc = pt__prepare(db, &s, "SELECT id FROM camp_merge WHERE from_id = ? AND id > ? AND "
			      "unmerged_at IS NULL ORDER BY id LIMIT 1")))
		goto done;
	sqlite3_bind_int64(s, 1, into_id);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		later = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (later) {
		rc = pt__error(db, PT_ECONFLICT, "the camp '%s' went into was merged away since "
			       "(merge %lld): take that back first ('powtrace camps unmerge %lld')",
			       key, (long long)later, (long long)later);
		goto done;
	}
	if ((rc = pt__prepare(db, &s, "SELECT 1 FROM camp WHERE id = ?")))
		goto done;
	sqlite3_bind_int64(s, 1, into_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = pt__error(db, PT_ECONFLICT, "the camp '%s' went into is no longer there (an "
			       "import taken back?): merge %lld cannot be taken back", key, (long long)id);
		goto done;
	}
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = pt__prepare(db, &s, "SELECT 1 FROM camp WHERE key = ?")))
		goto done;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		rc = pt__error(db, PT_ECONFLICT, "a camp is keyed '%s' again: merge %lld cannot come "
			       "back under that key", key, (long long)id);
		goto done;
	}
	sqlite3_finalize(s);
	s = NULL;
	/* the camp's row from its snapshot, column by column; its old id if free */
	if ((rc = pt__prepare(db, &s, "SELECT name FROM pragma_table_info('camp') ORDER BY cid")))
		goto done;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(s, 0);
		if (!strcmp(col, "id"))
			continue;
		pt__buf_printf(&cols, "%s\"%s\"", first ? "" : ", ", col);
		pt__buf_printf(&insert, "%sjson_extract(?1, '$.%s')", first ? "" : ", ", col);
		first = 0;
	}
	sqlite3_finalize(s);
	s = NULL;
	{
		pt__buf sql = PT__BUF_INIT;
		pt__buf_printf(&sql, "INSERT INTO camp(id, %s) SELECT CASE WHEN EXISTS (SELECT 1 FROM "
			       "camp WHERE id = ?2) THEN NULL ELSE ?2 END, %s", pt__buf_str(&cols),
			       pt__buf_str(&insert));
		if (sql.failed || cols.failed || insert.failed) {
			pt__buf_release(&sql);
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto done;
		}
		rc = pt__prepare(db, &s, pt__buf_str(&sql));
		pt__buf_release(&sql);
		if (rc)
			goto done;
	}
	sqlite3_bind_text(s, 1, from_camp, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, from_id);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot restore the camp");
		goto done;
	}
	sqlite3_finalize(s);
	s = NULL;
	new_id = sqlite3_last_insert_rowid(db->sql);
	{
		static const char *const back[] = {
			/* the spellings it brought go back with it */
			"DELETE FROM camp_alias WHERE camp_id = ?2 AND alias IN (SELECT old FROM "
			"camp_merge_moved WHERE merge_id = ?3 AND what = 'alias')",
			"INSERT OR IGNORE INTO camp_alias(camp_id, alias, alias_key, match_key) "
			"SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
			"json_extract(value, '$[2]') FROM camp_merge m, json_each(m.from_camp, "
			"'$.aliases') WHERE m.id = ?3",
			/* rows by id, and only when they are still the rows moved (ids of
			 * deleted rows are given again) */
			"UPDATE event SET camp_id = ?1 WHERE camp_id = ?2 AND EXISTS (SELECT 1 FROM "
			"camp_merge_moved WHERE merge_id = ?3 AND what = 'event' AND row_id = event.id "
			"AND old = event.person_id)",
			"UPDATE citation SET camp_id = ?1 WHERE camp_id = ?2 AND EXISTS (SELECT 1 FROM "
			"camp_merge_moved WHERE merge_id = ?3 AND what = 'citation' AND row_id = "
			"citation.id AND old = citation.source_id)",
			"UPDATE camp_location SET camp_id = ?1, seq = (SELECT CAST(old AS INTEGER) FROM "
			"camp_merge_moved WHERE merge_id = ?3 AND what = 'location' AND row_id = "
			"camp_location.id) WHERE camp_id = ?2 AND id IN (SELECT row_id FROM "
			"camp_merge_moved WHERE merge_id = ?3 AND what = 'location')",
			"UPDATE claim SET population = (SELECT old FROM camp_merge_moved WHERE merge_id = "
			"?3 AND what = 'claim' AND row_id = claim.id) WHERE id IN (SELECT row_id FROM "
			"camp_merge_moved WHERE merge_id = ?3 AND what = 'claim') AND "
			"json_extract(population, '$.camp') = (SELECT key FROM camp WHERE id = ?2)",
			"UPDATE camp_merge SET unmerged_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
			"WHERE id = ?3",
			NULL,
		};
		for (const char *const *step = back; *step && rc == PT_OK; step++)
			rc = run(db, *step, new_id, into_id, id, NULL, NULL);
	}
	if (rc == PT_OK)
		rc = refresh_persons(db, id);
	if (rc == PT_OK && out)
		rc = read_info(db, id, out);
done:
	sqlite3_finalize(s);
	pt__buf_release(&insert);
	pt__buf_release(&cols);
	free(from_camp);
	free(key);
	free(unmerged);
	rc = end(db, nested, rc);
	if (rc && out) {
		pt_camp_merge_info_release(out);
		memset(out, 0, sizeof *out);
	}
	return rc;
}

void pt_camp_merge_info_release(pt_camp_merge_info *info)
{
	if (!info)
		return;
	free(info->from_key);
	free(info->from_name);
	free(info->into_key);
	free(info->into_name);
	free(info->merged_at);
	free(info->unmerged_at);
}

void pt_camp_merge_list_free(pt_camp_merge_info *list, size_t count)
{
	for (size_t i = 0; list && i < count; i++)
		pt_camp_merge_info_release(&list[i]);
	free(list);
}

int pt_camp_merge_list(pt_db *db, pt_camp_merge_info **out, size_t *count_out)
{
	sqlite3_stmt *s = NULL;
	pt_camp_merge_info *list = NULL;
	size_t n = 0;
	int rc = pt__prepare(db, &s, "SELECT id FROM camp_merge ORDER BY id");

	*out = NULL;
	*count_out = 0;
	if (rc)
		return rc;
	while (rc == PT_OK && sqlite3_step(s) == SQLITE_ROW) {
		pt_camp_merge_info *grown = realloc(list, (n + 1) * sizeof *grown);
		if (!grown) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			break;
		}
		list = grown;
		if ((rc = read_info(db, sqlite3_column_int64(s, 0), &list[n])) == PT_OK)
			n++;
	}
	sqlite3_finalize(s);
	if (rc) {
		pt_camp_merge_list_free(list, n);
		return rc;
	}
	*out = list;
	*count_out = n;
	return PT_OK;
}

/* ---- verifying, spellings ---------------------------------------------------- */

int pt_camp_verify(pt_db *db, const char *name, int64_t *id_out)
{
	int64_t id = 0;
	int rc = pt_camp_resolve(db, name, &id);
	if (id_out)
		*id_out = rc ? 0 : id;
	if (rc)
		return rc;
	return run(db, "UPDATE camp SET verified = 1 WHERE id = ?1", id, 0, 0, NULL, NULL);
}

int pt_camp_alias_add(pt_db *db, const char *name, const char *alias)
{
	sqlite3_stmt *s = NULL;
	int64_t id = 0, other = 0;
	char *folded = NULL, *match = NULL, *other_key = NULL, *key = NULL, *spelling = NULL;
	int rc = pt_camp_resolve(db, name, &id);

	if (rc)
		return rc;
	if (!(spelling = pt__nfc(db, alias)) || !(folded = pt__fold_key(db, spelling)) ||
	    !(match = pt__camp_key(db, spelling))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (!*folded) {
		rc = pt__error(db, PT_EINVAL, "alias '%s' has no letters or digits", alias);
		goto cleanup;
	}
	/* a spelling that names another camp already: say which, and how */
	if ((rc = pt__prepare(db, &s, "SELECT c.id, c.key, (SELECT key FROM camp WHERE id = ?2) "
			      "FROM camp_alias a JOIN camp c ON c.id = a.camp_id WHERE "
			      "a.alias_key = ?1 AND a.camp_id <> ?2 LIMIT 1")))
		goto cleanup;
	sqlite3_bind_text(s, 1, folded, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		other = sqlite3_column_int64(s, 0);
		other_key = pt__column_dup(s, 1);
		key = pt__column_dup(s, 2);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (other) {
		rc = pt__error(db, PT_ECONFLICT, "'%s' names %s already: if both are one camp, merge "
			       "them with 'powtrace camps merge %s %s'", alias,
			       other_key ? other_key : "another camp", other_key ? other_key : "FROM",
			       key ? key : "INTO");
		goto cleanup;
	}
	if ((rc = pt__prepare(db, &s, "INSERT OR IGNORE INTO camp_alias(camp_id, alias, alias_key, "
			      "match_key) VALUES (?, ?, ?, ?)")))
		goto cleanup;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, spelling, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, folded, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, match, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot write a camp alias");
cleanup:
	sqlite3_finalize(s);
	free(spelling);
	free(folded);
	free(match);
	free(other_key);
	free(key);
	return rc;
}

/*
 * clusters.c - every record with its individual (`powtrace link clusters`),
 * grouped by individual.
 */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

int pt_link_clusters(pt_db *db, int with_others_only,
		     int (*fn)(void *ctx, const pt_link_member *member), void *ctx)
{
	static const char all_sql[] =
		"SELECT coalesce(m.individual_id, p.id) AS ind, p.id, p.record_source, p.record_id, "
		"p.surname, p.given_names, "
		"CASE WHEN m.individual_id IS NULL THEN 1 ELSE (SELECT count(*) FROM individual_member x "
		"WHERE x.individual_id = m.individual_id) END "
		"FROM person p LEFT JOIN individual_member m ON m.person_id = p.id ORDER BY ind, p.id";
	static const char linked_sql[] =
		"SELECT m.individual_id, p.id, p.record_source, p.record_id, p.surname, p.given_names, "
		"(SELECT count(*) FROM individual_member x WHERE x.individual_id = m.individual_id) "
		"FROM individual_member m JOIN person p ON p.id = m.person_id "
		"ORDER BY m.individual_id, p.id";
	sqlite3_stmt *s = NULL;
	int rc, step;

	if ((rc = pt__prepare(db, &s, with_others_only ? linked_sql : all_sql)))
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		pt_link_member m;
		m.individual = sqlite3_column_int64(s, 0);
		m.person = sqlite3_column_int64(s, 1);
		m.source = (const char *)sqlite3_column_text(s, 2);
		m.record_id = (const char *)sqlite3_column_text(s, 3);
		m.surname = (const char *)sqlite3_column_text(s, 4);
		m.given_names = (const char *)sqlite3_column_text(s, 5);
		m.records = (long)sqlite3_column_int64(s, 6);
		if ((rc = fn(ctx, &m)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot read the individuals");
	sqlite3_finalize(s);
	return rc;
}

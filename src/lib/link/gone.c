/*
 * gone.c - what imports need of the linker: when records are taken back
 * (`powtrace unimport`), the individuals they held together are rebuilt
 * from the decisions that still hold; an automatic link to a record that is
 * gone stops being in force (it stays in the log), a person's decision
 * waits in the log for its record to come back (a later import of the same
 * source and record_id), and the next `powtrace link` takes it up again.
 * Their blocking keys (link_key) go with them.
 */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

int pt__link_records_gone(pt_db *db)
{
	sqlite3_stmt *s = NULL;
	char now[32];
	int rc;

	/* their blocking keys go (link_key_gone has their ids); the records
	 * on the other side of a decision whose record is gone, and the
	 * individuals whose id was a record that is gone */
	if ((rc = pt__lk_keys_purge(db)) || (rc = pt__lk_temp_ids(db, "pt_link_seed")) ||
	    (rc = pt__exec(db, "INSERT OR IGNORE INTO temp.pt_link_seed(id) "
			   "SELECT b FROM link_decision WHERE a IS NULL AND b IS NOT NULL "
			   "AND superseded_at IS NULL UNION "
			   "SELECT a FROM link_decision WHERE b IS NULL AND a IS NOT NULL "
			   "AND superseded_at IS NULL UNION "
			   "SELECT m.person_id FROM individual_member m "
			   "WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = m.individual_id)")))
		return rc;
	if ((rc = pt__prepare(db, &s, "UPDATE link_decision SET superseded_at = ? "
			      "WHERE made_by = 'auto' AND superseded_at IS NULL "
			      "AND (a IS NULL OR b IS NULL)")))
		return rc;
	sqlite3_bind_text(s, 1, pt__lk_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot take back a link");
	sqlite3_finalize(s);
	if (rc)
		return rc;
	return pt__lk_recluster(db, 0);
}

int pt__lk_reattach(pt_db *db, long *count)
{
	/* a person's decision about a record that went and came back (the
	 * same source and record_id) holds again */
	int rc;
	*count = 0;
	if ((rc = pt__exec(db, "INSERT OR IGNORE INTO temp.pt_link_seed(id) "
			   "SELECT p.id FROM link_decision d JOIN person p "
			   "ON p.record_source = d.a_source AND p.record_id = d.a_record_id "
			   "WHERE d.a IS NULL AND d.made_by <> 'auto' AND d.superseded_at IS NULL "
			   "UNION SELECT p.id FROM link_decision d JOIN person p "
			   "ON p.record_source = d.b_source AND p.record_id = d.b_record_id "
			   "WHERE d.b IS NULL AND d.made_by <> 'auto' AND d.superseded_at IS NULL")) ||
	    (rc = pt__exec(db, "UPDATE link_decision SET a = (SELECT id FROM person "
			   "WHERE record_source = a_source AND record_id = a_record_id) "
			   "WHERE a IS NULL AND made_by <> 'auto' AND superseded_at IS NULL")))
		return rc;
	*count += sqlite3_changes(db->sql);
	if ((rc = pt__exec(db, "UPDATE link_decision SET b = (SELECT id FROM person "
			   "WHERE record_source = b_source AND record_id = b_record_id) "
			   "WHERE b IS NULL AND made_by <> 'auto' AND superseded_at IS NULL")))
		return rc;
	*count += sqlite3_changes(db->sql);
	/* a stays the smaller id (SQLite reads the old values on the right) */
	return pt__exec(db, "UPDATE link_decision SET a = b, b = a, a_source = b_source, "
			"a_record_id = b_record_id, b_source = a_source, b_record_id = a_record_id "
			"WHERE a > b AND made_by <> 'auto' AND superseded_at IS NULL");
}

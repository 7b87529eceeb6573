/*
 * migrate.c - applies the embedded schema migrations (schema/NNNN_*.sql),
 * forward only, each in its own transaction with its user_version.
 */
#include <stdio.h>

#include "core/core.h"

static int step_after(pt_db *db, int version, const struct pt__migration_step *steps,
		      size_t step_count)
{
	for (size_t i = 0; i < step_count; i++)
		if (steps[i].version == version)
			return steps[i].run(db);
	return PT_OK;
}

int pt__migrate(pt_db *db, int target, const struct pt__migration_step *steps,
		size_t step_count)
{
	char sql[128];
	int rc;

	/* One migration per transaction. The version is read again after the
	 * write lock is taken: another process may have brought the file up to
	 * date (or made it) while this one waited, and then there is nothing
	 * left to do. */
	for (;;) {
		const struct pt__migration *m;
		int current = -1, app_id = 0, objects = 0;

		if ((rc = pt__exec(db, "BEGIN IMMEDIATE")))
			return rc;
		if ((rc = pt__pragma_int(db, "PRAGMA user_version", &current)) ||
		    (rc = pt__pragma_int(db, "PRAGMA application_id", &app_id)) ||
		    (rc = pt__pragma_int(db, "SELECT count(*) FROM sqlite_schema", &objects))) {
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		if (objects > 0 && app_id != PT__APPLICATION_ID) {
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			return pt__error(db, PT_ESCHEMA, "%s: not a powtrace database "
					 "(application_id %d)", db->path, app_id);
		}
		for (m = pt__migrations; m->sql && m->version <= current; m++)
			;
		if (current < 0 || current > pt_schema_latest() || !m->sql ||
		    (target >= 0 && m->version > target)) {
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			if (current < 0 || current > pt_schema_latest())
				return pt__error(db, PT_ESCHEMA, "%s: database schema version %d "
						 "changed while opening it", db->path, current);
			return PT_OK;
		}
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
			 PT__APPLICATION_ID, m->version);
		if ((rc = pt__exec(db, m->sql)) || (rc = step_after(db, m->version, steps, step_count)) ||
		    (rc = pt__exec(db, sql))) {
			pt__buf tmp = PT__BUF_INIT;
			pt__buf_printf(&tmp, "%s: migration %04d: %s", db->path, m->version,
				       pt_db_errmsg(db));
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			pt__error(db, rc, "%s", pt__buf_str(&tmp));
			pt__buf_release(&tmp);
			return rc;
		}
		if ((rc = pt__exec(db, "COMMIT"))) {
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
	}
}

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
	int current = pt_db_schema_version(db), rc;
	char sql[128];

	if (current < 0)
		return pt__sql_error(db, "cannot read the schema version");
	for (const struct pt__migration *m = pt__migrations; m->sql; m++) {
		if (m->version <= current)
			continue;
		if (target >= 0 && m->version > target)
			break;
		if ((rc = pt__exec(db, "BEGIN IMMEDIATE")))
			return rc;
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
		if ((rc = pt__exec(db, "COMMIT")))
			return rc;
	}
	return PT_OK;
}

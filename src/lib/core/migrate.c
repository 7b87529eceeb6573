/*
 * migrate.c - applies the embedded schema migrations (schema/NNNN_*.sql),
 * forward only, each in its own transaction with its user_version.
 */
#include <stdio.h>

#include "core/core.h"

/* Work that a migration needs done in C after its SQL, inside the same
 * transaction: SQL cannot compute what these derive (name search keys). */
static const struct {
	int version;
	int (*run)(pt_db *db);
} steps_after[] = {
	/* 0003_name_keys.sql wrote name_key; 0007 replaced it */
	{ 7, pt__name_keys_rebuild },   /* 0007_surname_keys.sql: keys of the existing surnames */
};

static int step_after(pt_db *db, int version)
{
	for (size_t i = 0; i < sizeof steps_after / sizeof *steps_after; i++)
		if (steps_after[i].version == version)
			return steps_after[i].run(db);
	return PT_OK;
}

int pt__migrate(pt_db *db, int target)
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
		if ((rc = pt__exec(db, m->sql)) || (rc = step_after(db, m->version)) ||
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

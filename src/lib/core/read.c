/*
 * read.c - one read transaction around a series of reads (a dossier's dozen
 * statements), with kept statements for BEGIN and COMMIT: outside a
 * transaction each statement takes and drops the file's shared lock and the
 * WAL's read mark for itself (two fcntl calls and an fstat each time).
 * Inside the library a function does it for its own reads
 * (pt__read_begin); a client that calls several does it for all of them
 * (pt_db_read_begin). And the one setting of SQLite's that a process makes
 * before its first open (pt_db_memory_count_off).
 */
#include "core/core.h"

int pt__read_begin(pt_db *db, int *began)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*began = 0;
	if (!sqlite3_get_autocommit(db->sql))
		return PT_OK;   /* the caller's transaction holds */
	if ((rc = pt__stmt_get(db, &s, "BEGIN")))
		return rc;
	rc = sqlite3_step(s) == SQLITE_DONE ? PT_OK : pt__sql_error(db, "database");
	pt__stmt_put(db, s);
	*began = rc == PT_OK;
	return rc;
}

void pt__read_end(pt_db *db, int began)
{
	sqlite3_stmt *s = NULL;

	if (!began || sqlite3_get_autocommit(db->sql))
		return;
	/* it only read: COMMIT ends it whatever happened (a failed COMMIT, a
	 * busy one, leaves a rollback to do) */
	if (pt__stmt_get(db, &s, "COMMIT") == PT_OK) {
		sqlite3_step(s);
		pt__stmt_put(db, s);
	}
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

int pt_db_read_begin(pt_db *db)
{
	int rc, began = 0;
	if (db->reads) {
		db->reads++;
		return PT_OK;
	}
	if ((rc = pt__read_begin(db, &began)))
		return rc;
	db->reads = 1;
	db->read_began = began;
	return PT_OK;
}

void pt_db_read_end(pt_db *db)
{
	if (!db->reads || --db->reads)
		return;
	pt__read_end(db, db->read_began);
	db->read_began = 0;
}

int pt_db_memory_count_off(void)
{
	/* (possible only before sqlite3_initialize(), which the first open does) */
	return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? PT_OK : PT_EINVAL;
}

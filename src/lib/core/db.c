/*
 * db.c - the database handle's primitives: its error message, statement
 * helpers, transactions, the schema version and the per-handle caches.
 * Opening and closing a handle is open.c's (it wires the folders above).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

const char *pt_version(void)
{
	return PT_VERSION;
}

const char *pt_strerror(int code)
{
	switch (code) {
	case PT_OK:        return "success";
	case PT_ENOTFOUND: return "not found";
	case PT_EINVAL:    return "invalid input";
	case PT_ECONFLICT: return "conflict";
	case PT_ESCHEMA:   return "incompatible database";
	case PT_ENOMEM:    return "out of memory";
	case PT_EIO:       return "input/output error";
	default:           return "unknown error";
	}
}

int pt__error(pt_db *db, int code, const char *fmt, ...)
{
	va_list ap;
	if (!db)
		return code;
	pt__buf_reset(&db->errmsg);
	va_start(ap, fmt);
	pt__buf_vprintf(&db->errmsg, fmt, ap);
	va_end(ap);
	return code;
}

int pt__sql_error(pt_db *db, const char *what)
{
	int rc = sqlite3_errcode(db->sql);
	int code = PT_EIO;

	if (rc == SQLITE_NOMEM)
		code = PT_ENOMEM;
	else if (rc == SQLITE_CONSTRAINT)
		code = PT_ECONFLICT;
	else if (rc == SQLITE_NOTADB)
		code = PT_ESCHEMA;
	return pt__error(db, code, "%s: %s", what, sqlite3_errmsg(db->sql));
}

char *pt__column_dup(sqlite3_stmt *stmt, int i)
{
	const unsigned char *t = sqlite3_column_text(stmt, i);
	return t ? pt__strdup((const char *)t) : NULL;
}

int pt__prepare(pt_db *db, sqlite3_stmt **stmt, const char *sql)
{
	if (sqlite3_prepare_v2(db->sql, sql, -1, stmt, NULL) != SQLITE_OK)
		return pt__sql_error(db, "cannot prepare statement");
	return PT_OK;
}

int pt__exec(pt_db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = pt__sql_error(db, "database");
		sqlite3_free(msg);
		return rc;
	}
	return PT_OK;
}

int pt__pragma_int(pt_db *db, const char *sql, int *value)
{
	sqlite3_stmt *stmt = NULL;
	int rc = pt__prepare(db, &stmt, sql);
	if (rc)
		return rc;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*value = sqlite3_column_int(stmt, 0);
		rc = PT_OK;
	} else {
		rc = pt__sql_error(db, "cannot read the database");
	}
	sqlite3_finalize(stmt);
	return rc;
}

int pt_schema_latest(void)
{
	int latest = 0;
	for (const struct pt__migration *m = pt__migrations; m->sql; m++)
		latest = m->version;
	return latest;
}

int pt_db_begin(pt_db *db)
{
	return pt__exec(db, "BEGIN IMMEDIATE");
}

int pt_db_commit(pt_db *db)
{
	return pt__exec(db, "COMMIT");
}

void pt_db_rollback(pt_db *db)
{
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

int pt_db_schema_version(pt_db *db)
{
	int version = -1;
	if (pt__pragma_int(db, "PRAGMA user_version", &version))
		return -1;
	return version;
}

void *pt__cache_get(pt_db *db, enum pt__cache_slot slot)
{
	return db->cache[slot].data;
}

void pt__cache_set(pt_db *db, enum pt__cache_slot slot, void *data,
		   void (*free_fn)(void *data))
{
	db->cache[slot].data = data;
	db->cache[slot].free = free_fn;
}

const char *pt_db_errmsg(const pt_db *db)
{
	if (!db)
		return "out of memory";
	return pt__buf_str(&db->errmsg);
}

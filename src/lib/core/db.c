/*
 * db.c - opening and closing a powtrace database: the SQLite connection,
 * its pragmas, the handle's error message, and small statement helpers.
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

static int pragma_int(pt_db *db, const char *sql, int *value)
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
	if (pragma_int(db, "PRAGMA user_version", &version))
		return -1;
	return version;
}

/* Refuses files that are not ours or are newer than we are. */
static int check_identity(pt_db *db, int *version)
{
	int app_id = 0, objects = 0, rc;

	if ((rc = pragma_int(db, "PRAGMA application_id", &app_id)) ||
	    (rc = pragma_int(db, "PRAGMA user_version", version)) ||
	    (rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &objects))) {
		if (rc == PT_ESCHEMA || rc == PT_EIO)
			return pt__error(db, PT_ESCHEMA, "%s: not a powtrace database (%s)",
					 db->path, sqlite3_errmsg(db->sql));
		return rc;
	}
	if (app_id == 0 && objects == 0)
		return PT_OK; /* a new, empty file */
	if (app_id != PT__APPLICATION_ID)
		return pt__error(db, PT_ESCHEMA,
				 "%s: not a powtrace database (application_id %d)",
				 db->path, app_id);
	if (*version > pt_schema_latest())
		return pt__error(db, PT_ESCHEMA,
				 "%s: database schema version %d is newer than this "
				 "powtrace %s supports (%d); use a newer powtrace",
				 db->path, *version, PT_VERSION, pt_schema_latest());
	return PT_OK;
}

int pt_db_open(pt_db **out, const char *path, int flags)
{
	pt_db *db;
	int open_flags, version = 0, rc;
	bool memory;

	*out = NULL;
	if (!path)
		return PT_EINVAL;
	db = calloc(1, sizeof *db);
	if (!db)
		return PT_ENOMEM;
	*out = db;
	db->path = pt__strdup(path);
	if (!db->path)
		return PT_ENOMEM;
	memory = strcmp(path, ":memory:") == 0;

	if (flags & PT_OPEN_READONLY)
		open_flags = SQLITE_OPEN_READONLY;
	else
		open_flags = SQLITE_OPEN_READWRITE |
			     ((flags & PT_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
	/* a handle is used by one thread at a time (powtrace.h): no mutex
	 * taken and released on every SQLite call */
	open_flags |= SQLITE_OPEN_NOMUTEX;
	/* Statement journals (one per savepoint: the importer makes one per
	 * record) stay in memory instead of spilling to a temporary file after
	 * 64 KiB. A process-wide setting, taken only if SQLite is not started
	 * yet (otherwise SQLITE_MISUSE, and the default stays). */
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
	if (sqlite3_open_v2(path, &db->sql, open_flags, NULL) != SQLITE_OK) {
		rc = pt__error(db, PT_EIO, "%s: cannot open database: %s", path,
			       db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
		return rc;
	}
	sqlite3_extended_result_codes(db->sql, 0);
	sqlite3_busy_timeout(db->sql, 5000);

	if ((rc = check_identity(db, &version)))
		return rc;
	if ((rc = pt__exec(db, "PRAGMA foreign_keys = ON")))
		return rc;
	if (!(flags & PT_OPEN_READONLY)) {
		if (!memory && (rc = pt__exec(db, "PRAGMA journal_mode = WAL;"
					       "PRAGMA synchronous = NORMAL")))
			return pt__error(db, PT_EIO, "%s: cannot write the database: %s",
					 path, sqlite3_errmsg(db->sql));
		if ((rc = pt__migrate(db, -1)))
			return rc;
	} else if (version < pt_schema_latest()) {
		return pt__error(db, PT_ESCHEMA,
				 "%s: database schema version %d is older than %d; "
				 "open it once for writing to upgrade it",
				 path, version, pt_schema_latest());
	}
	pt__buf_reset(&db->errmsg);
	return PT_OK;
}

void pt_db_free(pt_db *db)
{
	if (!db)
		return;
	pt__names_free(db->names);   /* finalizes its statements: before the close */
	sqlite3_close(db->sql);
	pt__text_free(db->text);
	pt__buf_release(&db->errmsg);
	free(db->path);
	free(db);
}

const char *pt_db_errmsg(const pt_db *db)
{
	if (!db)
		return "out of memory";
	return pt__buf_str(&db->errmsg);
}

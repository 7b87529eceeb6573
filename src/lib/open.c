/*
 * open.c - opening and closing a powtrace database handle: the SQLite
 * connection and its pragmas, the file's identity, the schema migrations
 * with the C steps of the folders above core, and the per-handle caches.
 * It sits above every folder of the library, so that none of them needs to
 * know another's start-up or clean-up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "names/names.h"

/* What migrations need done in C after their SQL, inside the same
 * transaction: SQL cannot compute what these derive (name search keys). */
static const struct pt__migration_step migration_steps[] = {
	/* 0003_name_keys.sql wrote name_key; 0007 replaced it */
	{ 7, pt__name_keys_rebuild },   /* 0007_surname_keys.sql: keys of the existing surnames */
};

/* Refuses files that are not ours or are newer than we are. */
static int check_identity(pt_db *db, int *version)
{
	int app_id = 0, objects = 0, rc;

	if ((rc = pt__pragma_int(db, "PRAGMA application_id", &app_id)) ||
	    (rc = pt__pragma_int(db, "PRAGMA user_version", version)) ||
	    (rc = pt__pragma_int(db, "SELECT count(*) FROM sqlite_schema", &objects))) {
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
		if ((rc = pt__migrate(db, -1, migration_steps,
				      sizeof migration_steps / sizeof *migration_steps)))
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
	/* the caches hold prepared statements: freed before the close, the
	 * later slots (which may use the earlier ones) first */
	for (int slot = PT__CACHE_COUNT - 1; slot >= 0; slot--)
		if (db->cache[slot].data && db->cache[slot].free)
			db->cache[slot].free(db->cache[slot].data);
	sqlite3_close(db->sql);
	pt__text_free(db->text);
	pt__buf_release(&db->errmsg);
	free(db->path);
	free(db);
}


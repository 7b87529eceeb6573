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
#include <sys/stat.h>

#include "core/core.h"
#include "core/dbfile.h"
#include "link/link.h"
#include "names/names.h"

/* What migrations need done in C after their SQL, inside the same
 * transaction: SQL cannot compute what these derive (name search keys). */
static const struct pt__migration_step migration_steps[] = {
	/* 0003_name_keys.sql wrote name_key; 0007 replaced it */
	{ 7, pt__name_keys_rebuild },   /* 0007_surname_keys.sql: keys of the existing surnames */
	{ 11, pt__name_keys_rebuild },  /* 0011_similar_keys.sql: their deletion keys */
	{ 91, pt__lk_keys_upgrade },    /* 0091_link_key_batches.sql: link_key_recent's entries */
};

/* A writer's journal: WAL (readers go on while an import runs), unless the
 * file is in it already. */
static int set_wal(pt_db *db)
{
	for (int attempt = 0;; attempt++) {
		sqlite3_stmt *s = NULL;
		int wal, rc;
		if ((rc = pt__prepare(db, &s, "PRAGMA journal_mode")))
			return rc;
		wal = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) &&
		      !strcmp((const char *)sqlite3_column_text(s, 0), "wal");
		sqlite3_finalize(s);
		if (wal || sqlite3_exec(db->sql, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) ==
			   SQLITE_OK)
			break;
		/* another process switching the same new file at this moment:
		 * SQLite refuses at once (waiting could deadlock); wait here */
		if ((sqlite3_errcode(db->sql) & 0xff) != SQLITE_BUSY || !pt__dbfile_wait(db, attempt))
			return pt__sql_error(db, "cannot switch the database to WAL");
	}
	return pt__exec(db, "PRAGMA synchronous = NORMAL");
}

/* Refuses files that are not ours or are newer than we are. *is_new: an
 * empty file (a new database). */
static int check_identity(pt_db *db, int *version, int *is_new, int *sqlite_code)
{
	int app_id = 0, objects = 0, rc;

	*is_new = 0;
	*sqlite_code = SQLITE_OK;
	/* one read transaction, so that the three agree (another process may
	 * be making the database at this moment) */
	if ((rc = pt__exec(db, "BEGIN")) ||
	    (rc = pt__pragma_int(db, "PRAGMA application_id", &app_id)) ||
	    (rc = pt__pragma_int(db, "PRAGMA user_version", version)) ||
	    (rc = pt__pragma_int(db, "SELECT count(*) FROM sqlite_schema", &objects)) ||
	    (rc = pt__exec(db, "COMMIT"))) {
		char cause[320];
		int code;
		*sqlite_code = sqlite3_extended_errcode(db->sql);
		/* a full disk or a read-only directory is no reason to call the
		 * file foreign */
		if (pt__dbfile_cause(db, &code, cause, sizeof cause))
			rc = pt__error(db, code, "%s: %s", db->path, cause);
		else if (rc == PT_ESCHEMA || rc == PT_EIO)
			rc = pt__error(db, PT_ESCHEMA, "%s: not a powtrace database (%s)",
				       db->path, sqlite3_errmsg(db->sql));
		/* (after the cause: a rollback clears SQLite's error code) */
		if (!sqlite3_get_autocommit(db->sql))
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	if (app_id == 0 && objects == 0 && *version == 0) {
		*is_new = 1; /* a new, empty file */
		return PT_OK;
	}
	if (app_id != PT__APPLICATION_ID)
		return pt__error(db, PT_ESCHEMA,
				 "%s: not a powtrace database (application_id %d)",
				 db->path, app_id);
	if (*version > pt_schema_latest())
		return pt__error(db, PT_ESCHEMA,
				 "%s: database schema version %d is newer than this "
				 "powtrace %s supports (%d); use a newer powtrace",
				 db->path, *version, PT_VERSION, pt_schema_latest());
	if (*version < 0 || (*version == 0 && objects > 0))
		return pt__error(db, PT_ESCHEMA,
				 "%s: a powtrace database whose schema version is %d, which no "
				 "powtrace writes (was PRAGMA user_version changed by hand?); "
				 "set it back, or start a new database", db->path, *version);
	return PT_OK;
}

/* Opens the SQLite connection: read-only handles with query_only on. */
static int connect(pt_db *db, const char *name, int open_flags, int writable)
{
	if (sqlite3_open_v2(name, &db->sql, open_flags, NULL) != SQLITE_OK) {
		char cause[320];
		int code;
		if (db->sql && pt__dbfile_cause(db, &code, cause, sizeof cause))
			return pt__error(db, code, "%s: %s", db->path, cause);
		return pt__error(db, PT_EIO, "%s: cannot open database: %s", db->path,
				 db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
	}
	sqlite3_extended_result_codes(db->sql, 0);
	pt__dbfile_connect(db, writable);
	if (!writable && sqlite3_exec(db->sql, "PRAGMA query_only = ON", NULL, NULL, NULL))
		return pt__sql_error(db, "cannot open database");
	return PT_OK;
}

static void disconnect(pt_db *db)
{
	pt__stmt_cache_free(db);
	sqlite3_close(db->sql);
	db->sql = NULL;
}

int pt_db_open(pt_db **out, const char *path, int flags)
{
	pt_open_options opts = { flags, 0, NULL, NULL };
	return pt_db_open_with(out, path, &opts);
}

int pt_db_open_with(pt_db **out, const char *path, const pt_open_options *opts)
{
	static const pt_open_options defaults;
	pt_db *db;
	int open_flags, version = 0, is_new = 0, rc, flags, readonly, timeout, code;
	bool memory;

	*out = NULL;
	if (!path)
		return PT_EINVAL;
	if (!opts)
		opts = &defaults;
	flags = opts->flags;
	readonly = (flags & PT_OPEN_READONLY) != 0;
	timeout = opts->busy_timeout_ms == 0 ? PT_BUSY_TIMEOUT_DEFAULT_MS : opts->busy_timeout_ms;
	db = calloc(1, sizeof *db);
	if (!db)
		return PT_ENOMEM;
	*out = db;
	db->path = pt__strdup(path);
	if (!db->path || pt__dbfile_new(db, timeout, opts->waiting, opts->waiting_ctx))
		return PT_ENOMEM;
	memory = strcmp(path, ":memory:") == 0 || !*path;

	if (readonly)
		open_flags = SQLITE_OPEN_READONLY; /* never creates */
	else
		open_flags = SQLITE_OPEN_READWRITE |
			     ((flags & PT_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
	/* a handle is used by one thread at a time (powtrace.h): no mutex
	 * taken and released on every SQLite call */
	open_flags |= SQLITE_OPEN_NOMUTEX;
	/* a database is a regular file: not a directory, a device such as
	 * /dev/null (whose -wal would be made in /dev) or a pipe (which would
	 * block) */
	if (!memory) {
		struct stat st;
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			return pt__error(db, PT_EIO, "%s: %s, not a database file", path,
					 S_ISDIR(st.st_mode) ? "a directory" : "a device or a pipe");
	}
	/* A file removed (by the process that made it and found itself alone,
	 * dbfile.c) between this open and its first read: start again. */
	for (int attempt = 0;; attempt++) {
		if (!readonly && !memory && (flags & PT_OPEN_CREATE) &&
		    (rc = pt__dbfile_create(db, path)))
			return rc;
		if ((rc = connect(db, path, open_flags, !readonly)))
			return rc;
		rc = check_identity(db, &version, &is_new, &code);
		if (rc && readonly && !memory && pt__dbfile_needs_immutable(code)) {
			/* read-only media: SQLite cannot make the -shm file beside a
			 * WAL database; nobody can write it there either, so it may be
			 * read as immutable, unless a -wal holds changes */
			char *uri;
			if (pt__dbfile_wal_pending(path))
				return pt__error(db, PT_EIO, "%s: cannot read the database: its "
						 "directory is read-only and its -wal file holds "
						 "changes not yet in the database (copy the database "
						 "with its -wal file somewhere writable)", path);
			if (!(uri = pt__dbfile_immutable_uri(path)))
				return pt__error(db, PT_ENOMEM, "out of memory");
			disconnect(db);
			rc = connect(db, uri, open_flags | SQLITE_OPEN_URI, 0);
			free(uri);
			if (rc == PT_OK)
				rc = check_identity(db, &version, &is_new, &code);
		}
		if (rc)
			return rc;
		if (memory || attempt >= 3 || !pt__dbfile_moved(db))
			break;
		disconnect(db);
	}
	if ((rc = pt__exec(db, "PRAGMA foreign_keys = ON")))
		return rc;
	if (readonly) {
		/* a reader never creates, migrates or changes the journal mode */
		if (is_new)
			return pt__error(db, PT_ESCHEMA, "%s: an empty file, not a powtrace database "
					 "yet; create it with 'powtrace init'", path);
		if (version < pt_schema_latest())
			return pt__error(db, PT_ESCHEMA,
					 "%s: database schema version %d is older than this "
					 "powtrace's (%d); upgrade it with 'powtrace init'",
					 path, version, pt_schema_latest());
	} else {
		if (!memory && (rc = set_wal(db)))
			return rc;
		if ((is_new || version < pt_schema_latest()) &&
		    (rc = pt__migrate(db, -1, migration_steps,
				      sizeof migration_steps / sizeof *migration_steps)))
			return rc;
	}
	pt__dbfile_opened(db);
	return PT_OK;
}

int pt_db_discard(pt_db *db)
{
	int removed;
	if (!db)
		return 0;
	/* (every import, gazetteer load and source added is a batch: none, and
	 * nothing else that holds records, means nobody put anything in) */
	removed = pt__dbfile_remove_if_alone(db, "SELECT NOT EXISTS (SELECT 1 FROM import_batch) "
					     "AND NOT EXISTS (SELECT 1 FROM person) "
					     "AND NOT EXISTS (SELECT 1 FROM source) "
					     "AND NOT EXISTS (SELECT 1 FROM camp) "
					     "AND NOT EXISTS (SELECT 1 FROM claim)");
	pt_db_free(db);
	return removed;
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
	pt__stmt_cache_free(db);
	pt__dbfile_close(db);
	sqlite3_close(db->sql);
	pt__dbfile_free(db);
	pt__text_free(db->text);
	pt__buf_release(&db->errmsg);
	free(db->path);
	free(db);
}


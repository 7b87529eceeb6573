/*
 * dbfile.c - the database as a file that other processes share: who made
 * it, whether it is still the file at its path, waiting for another writer,
 * reading it from read-only media, the real cause of a failure, and
 * removing a file this handle made and nobody else uses.
 *
 * Rules (README.md, "The database file"):
 *  - A file is made here with O_EXCL, so that exactly one process knows it
 *    made it; two processes starting the same new database both open it and
 *    migrate it under SQLite's write lock (migrate.c), the second finding it
 *    done.
 *  - Every commit first checks that the file SQLite writes is still the one
 *    at the path (SQLITE_FCNTL_HAS_MOVED): a database deleted or replaced
 *    under a running command makes the command fail, never report success.
 *  - A file is removed only by the handle that made it, when it is still
 *    that file, nobody else committed anything to it, and nobody else has it
 *    open: SQLite itself must agree to leave WAL mode (which it refuses while
 *    another connection uses the file) and then to lock it exclusively. The
 *    -wal and -shm files are removed by SQLite as it leaves WAL mode, never
 *    by name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "core/dbfile.h"
#include "core/outfile.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int pt__dbfile_new(pt_db *db, int timeout_ms, void (*waiting)(void *ctx, const char *path),
		   void *ctx)
{
	struct pt__dbfile *f = calloc(1, sizeof *f);
	if (!f)
		return PT_ENOMEM;
	f->timeout_ms = timeout_ms;
	f->waiting = waiting;
	f->waiting_ctx = ctx;
	db->file = f;
	return PT_OK;
}

void pt__dbfile_close(pt_db *db)
{
	/* the file was deleted or replaced under this handle: empty its -wal
	 * (through SQLite's own descriptor, never by name), so that no frame of
	 * it is ever replayed onto another file that comes to have this name */
	if (db->sql && db->file && pt__dbfile_moved(db))
		sqlite3_wal_checkpoint_v2(db->sql, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

void pt__dbfile_free(pt_db *db)
{
	free(db->file);
	db->file = NULL;
}

int pt__dbfile_create(pt_db *db, const char *path)
{
	struct stat st;
	char why[160];
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);

	if (fd < 0) {
		if (errno == EEXIST)
			return PT_OK; /* someone else's, or there already: open it as it is */
		return pt__error(db, PT_EIO, "%s: cannot create the database: %s", path,
				 pt__errno_text(errno, why, sizeof why));
	}
	/* no connection of this process has this new file open: closing the
	 * descriptor drops no lock of SQLite's */
	if (fstat(fd, &st) == 0 && db->file) {
		db->file->created = 1;
		db->file->dev = st.st_dev;
		db->file->ino = st.st_ino;
	}
	close(fd);
	return PT_OK;
}

int pt__dbfile_moved(pt_db *db)
{
	int moved = 0;
	if (!db->sql || !db->path || !strcmp(db->path, ":memory:") || !*db->path)
		return 0;
	if (sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK)
		return 0;
	return moved;
}

/* Before every commit: refuse to commit into a file that is no longer the
 * database at the path (deleted, or replaced by another file). SQLite then
 * rolls the transaction back. */
static int commit_hook(void *ctx)
{
	pt_db *db = ctx;
	if (pt__dbfile_moved(db)) {
		db->file->moved = 1;
		return 1;
	}
	return 0;
}

/* Waits for another connection's lock, telling the caller once a wait has
 * lasted a second. */
static int busy_handler(void *ctx, int count)
{
	pt_db *db = ctx;
	struct pt__dbfile *f = db->file;
	double now = now_seconds(), waited;
	int sleep_ms = count < 5 ? 5 : count < 20 ? 20 : 100;

	if (count == 0) {
		f->wait_started = now;
		f->notified = 0;
	}
	waited = now - f->wait_started;
	f->waited_ms = (int)(waited * 1000);
	if (f->timeout_ms < 0 || waited * 1000 >= f->timeout_ms)
		return 0;
	if (!f->notified && waited >= 1.0 && f->waiting) {
		f->notified = 1;
		f->waiting(f->waiting_ctx, db->path);
	}
	sqlite3_sleep(sleep_ms);
	return 1;
}

int pt__dbfile_wait(pt_db *db, int attempt)
{
	return busy_handler(db, attempt);
}

void pt__dbfile_connect(pt_db *db, int writable)
{
	sqlite3_busy_handler(db->sql, busy_handler, db);
	if (writable)
		sqlite3_commit_hook(db->sql, commit_hook, db);
}

void pt__dbfile_opened(pt_db *db)
{
	int version = 0;
	if (pt__pragma_int(db, "PRAGMA data_version", &version) == PT_OK)
		db->file->data_version = version;
	pt__buf_reset(&db->errmsg);
}

/* ---- read-only media --------------------------------------------------------------- */

int pt__dbfile_needs_immutable(int sqlite_code)
{
	int primary = sqlite_code & 0xff;
	return primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY;
}

int pt__dbfile_wal_pending(const char *path)
{
	struct stat st;
	pt__buf wal = PT__BUF_INIT;
	int pending;
	pt__buf_puts(&wal, path);
	pt__buf_puts(&wal, "-wal");
	pending = !wal.failed && stat(pt__buf_str(&wal), &st) == 0 && st.st_size > 0;
	pt__buf_release(&wal);
	return pending;
}

char *pt__dbfile_immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	pt__buf uri = PT__BUF_INIT;
	char *cwd = NULL;

	pt__buf_puts(&uri, "file:");
	if (path[0] != '/') {
		/* a relative path inside a URI is read from the directory */
		if (!(cwd = getcwd(NULL, 0)))
			return NULL;
		for (const char *p = cwd; *p; p++) {
			unsigned char c = (unsigned char)*p;
			if (c == '%' || c == '?' || c == '#' || c <= ' ' || c >= 0x7f)
				pt__buf_printf(&uri, "%%%c%c", hex[c >> 4], hex[c & 15]);
			else
				pt__buf_putc(&uri, (char)c);
		}
		pt__buf_putc(&uri, '/');
		free(cwd);
	}
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '%' || c == '?' || c == '#' || c <= ' ' || c >= 0x7f)
			pt__buf_printf(&uri, "%%%c%c", hex[c >> 4], hex[c & 15]);
		else
			pt__buf_putc(&uri, (char)c);
	}
	pt__buf_puts(&uri, "?immutable=1");
	if (uri.failed) {
		pt__buf_release(&uri);
		return NULL;
	}
	return pt__buf_detach(&uri);
}

/* ---- removing a file this handle made ------------------------------------------ */

/* 1 when the database at db->path is the file this handle made and nobody
 * else has used: then it is gone, with its -wal and -shm. */
int pt__dbfile_remove_if_alone(pt_db *db, const char *empty_sql)
{
	struct pt__dbfile *f = db->file;
	struct stat st;
	sqlite3_stmt *s = NULL;
	int alone = 0, version = -1, switched = -1, empty = 0, objects = -1;

	if (!f || !f->created || !db->sql)
		return 0;
	if (pt__dbfile_moved(db) || stat(db->path, &st) || st.st_dev != f->dev || st.st_ino != f->ino)
		return 0;
	/* nothing must wait from here on: a lock held by anyone means "in use" */
	sqlite3_busy_handler(db->sql, NULL, NULL);
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	/* another connection committed something: it is theirs too */
	if (pt__pragma_int(db, "PRAGMA data_version", &version) || version != f->data_version)
		return 0;
	/* SQLite leaves WAL mode only when no other connection has the file
	 * open, and then removes the -wal and -shm files itself */
	if (sqlite3_prepare_v2(db->sql, "PRAGMA journal_mode = DELETE", -1, &s, NULL) != SQLITE_OK)
		return 0;
	alone = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) &&
		!strcmp((const char *)sqlite3_column_text(s, 0), "delete");
	sqlite3_finalize(s);
	/* (leaving WAL mode counts as a change of the data version) */
	if (!alone || pt__pragma_int(db, "PRAGMA data_version", &switched))
		return 0;
	/* and hold it: whoever opens it now waits, then finds it gone and
	 * starts again (pt_db_open checks that the file is still at its path) */
	if (sqlite3_exec(db->sql, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE", NULL, NULL,
			 NULL) != SQLITE_OK)
		return 0;
	/* nothing committed since, nothing in it but the schema, still the file */
	if (!pt__pragma_int(db, "PRAGMA data_version", &version) && version == switched &&
	    !pt__pragma_int(db, "SELECT count(*) FROM sqlite_schema", &objects) &&
	    (!objects || !empty_sql || (!pt__pragma_int(db, empty_sql, &empty) && empty)) &&
	    !pt__dbfile_moved(db) && !stat(db->path, &st) && st.st_dev == f->dev &&
	    st.st_ino == f->ino)
		alone = unlink(db->path) == 0;
	else
		alone = 0;
	sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return alone;
}

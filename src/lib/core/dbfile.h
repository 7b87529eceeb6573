/*
 * dbfile.h - the database as a file shared with other processes (dbfile.c):
 * made with O_EXCL, checked before every commit, waited for, read from
 * read-only media, removed only when this handle made it and nobody else
 * uses it. open.c drives it.
 */
#ifndef PT_DBFILE_H
#define PT_DBFILE_H

#include <sys/types.h>

#include "core/core.h"

/* The handle's file state (db->file); dberror.c reads it to say why. */
struct pt__dbfile {
	int created;               /* this handle made the file (O_EXCL) */
	dev_t dev;                 /* ... and these are its device and inode */
	ino_t ino;
	long long data_version;    /* PRAGMA data_version once opened */
	int moved;                 /* a commit found the file moved or deleted */
	int timeout_ms;            /* < 0: do not wait */
	void (*waiting)(void *ctx, const char *path);
	void *waiting_ctx;
	double wait_started;
	int waited_ms;             /* how long the last wait took */
	int notified;
};

/* The handle's file state (db->file): how long to wait for another
 * writer (< 0: not at all) and whom to tell that it waits. PT_ENOMEM. */
int pt__dbfile_new(pt_db *db, int timeout_ms, void (*waiting)(void *ctx, const char *path),
		   void *ctx);
void pt__dbfile_free(pt_db *db);
/* Before the connection closes: a file deleted or replaced under the handle
 * gets its -wal emptied through SQLite's own descriptor. */
void pt__dbfile_close(pt_db *db);

/* Makes the file at `path` if there is none (O_EXCL), noting that this
 * handle made it. PT_OK also when it exists; PT_EIO (with the reason) when
 * it cannot be made. */
int pt__dbfile_create(pt_db *db, const char *path);

/* After sqlite3_open_v2: the busy handler, and for a writable handle the
 * commit hook that refuses to commit into a file no longer at its path. */
void pt__dbfile_connect(pt_db *db, int writable);
/* For a statement that SQLite refused with SQLITE_BUSY without waiting (a
 * lock upgrade that could deadlock): waits a little as the busy handler
 * would, attempt 0, 1, 2, ...; 0 once the handle's timeout has passed. */
int pt__dbfile_wait(pt_db *db, int attempt);
/* At the end of a successful open: notes the data version (so that a
 * later discard sees whether anyone else committed) and clears the message. */
void pt__dbfile_opened(pt_db *db);

/* 1 when the file SQLite has open is no longer the one at db->path
 * (deleted, renamed, replaced). */
int pt__dbfile_moved(pt_db *db);

/* The real cause of SQLite's last failure in words ("the disk is full",
 * "its directory is read-only", "the database is busy: ..."), with the
 * result code it maps to: 1 when it has one, 0 when SQLite's own message is
 * the best there is. */
int pt__dbfile_cause(pt_db *db, int *code, char *buf, size_t size);

/* A read-only open whose first read failed with this (extended) SQLite
 * code may read the file as immutable (read-only media: SQLite cannot make
 * the -shm file). */
int pt__dbfile_needs_immutable(int sqlite_code);
/* 1 when path's -wal file holds something (then immutable would miss it). */
int pt__dbfile_wal_pending(const char *path);
/* "file:/abs/path?immutable=1", escaped; caller frees; NULL: no memory. */
char *pt__dbfile_immutable_uri(const char *path);

/* Removes the database file when this handle made it, it is still that
 * file, no other connection committed to it or has it open (the -wal and
 * -shm go with SQLite's leaving WAL mode), and `empty_sql` (a query whose
 * first column is 1 when the database holds no records; NULL: no check)
 * says so. 1 when removed, else 0 and the file stays as it is. The handle
 * is still to be freed. */
int pt__dbfile_remove_if_alone(pt_db *db, const char *empty_sql);

#endif

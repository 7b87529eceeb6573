/*
 * dberror.c - what went wrong, in words: the handle's message (pt__error),
 * SQLite's failures turned into their real cause (a full disk, a read-only
 * directory, another writer, a file deleted under the command) and errno's
 * text with what it means for the user. Everything else in core reports
 * through these, so this file calls nothing of theirs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "core/dbfile.h"

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
	char cause[320];

	/* a full disk, a read-only directory, another writer, a file deleted
	 * under the command: say that, about the database (dbfile.c) */
	if (pt__dbfile_cause(db, &code, cause, sizeof cause))
		return pt__error(db, code, "%s: %s", db->path, cause);

	if (rc == SQLITE_NOMEM)
		code = PT_ENOMEM;
	else if (rc == SQLITE_CONSTRAINT)
		code = PT_ECONFLICT;
	else if (rc == SQLITE_NOTADB)
		code = PT_ESCHEMA;
	return pt__error(db, code, "%s: %s", what, sqlite3_errmsg(db->sql));
}

/* "No space left on device (the disk is full)": errno's text, and what it
 * means for the user where the text alone misleads. */
const char *pt__errno_text(int err, char *buf, size_t size)
{
	const char *hint = NULL;
	switch (err) {
	case ENOSPC: hint = "the disk is full"; break;
#ifdef EDQUOT
	case EDQUOT: hint = "the disk quota is used up"; break;
#endif
	case EROFS:  hint = "the file system is mounted read-only"; break;
	case EACCES: hint = "no permission to write there"; break;
	default: break;
	}
	if (hint)
		snprintf(buf, size, "%s (%s)", strerror(err), hint);
	else
		snprintf(buf, size, "%s", strerror(err));
	return buf;
}

/* ---- the real cause of a failure ------------------------------------------------ */

int pt__dbfile_cause(pt_db *db, int *code, char *buf, size_t size)
{
	int ext = sqlite3_extended_errcode(db->sql), err = sqlite3_system_errno(db->sql);
	int primary = ext & 0xff;
	char why[160];

	if (db->file && db->file->moved && ext == SQLITE_CONSTRAINT_COMMITHOOK) {
		*code = PT_EIO;
		snprintf(buf, size, "the database file was deleted or replaced while this "
			 "command ran; nothing was written (run the command again)");
		return 1;
	}
	switch (primary) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		*code = PT_EIO;
		if (db->file && db->file->timeout_ms >= 0) {
			int seconds = (db->file->waited_ms + 500) / 1000;
			snprintf(buf, size, "the database is busy: another process is writing it "
				 "(waited %d second%s); try again when it is done", seconds,
				 seconds == 1 ? "" : "s");
		} else
			snprintf(buf, size, "the database is busy: another process is writing it");
		return 1;
	case SQLITE_FULL:
		*code = PT_EIO;
		snprintf(buf, size, "cannot write the database: the disk is full");
		return 1;
	case SQLITE_IOERR:
		*code = PT_EIO;
		if (err == ENOSPC)
			snprintf(buf, size, "cannot write the database: the disk is full");
		else if (err)
			snprintf(buf, size, "cannot %s the database: %s",
				 ext == SQLITE_IOERR_READ || ext == SQLITE_IOERR_SHORT_READ ? "read"
				 : "write", pt__errno_text(err, why, sizeof why));
		else
			return 0;
		return 1;
	case SQLITE_READONLY:
		*code = PT_EIO;
		if (ext == SQLITE_READONLY_DBMOVED)
			snprintf(buf, size, "the database file was deleted or replaced while this "
				 "command ran; nothing was written (run the command again)");
		else if (ext == SQLITE_READONLY_CANTINIT || ext == SQLITE_READONLY_CANTLOCK ||
			 ext == SQLITE_READONLY_DIRECTORY)
			snprintf(buf, size, "cannot write the database: its directory is read-only "
				 "(SQLite needs to make its -wal and -shm files there)");
		else
			snprintf(buf, size, "cannot write the database: the file or the file "
				 "system is read-only");
		return 1;
	case SQLITE_CANTOPEN:
		if (!err)
			return 0;
		*code = PT_EIO;
		if (db->path && (access(db->path, W_OK) != 0 || sqlite3_db_readonly(db->sql, "main") == 1) &&
		    (errno == EROFS || errno == EACCES || sqlite3_db_readonly(db->sql, "main") == 1)) {
			/* (SQLite opened the file read-only, then could not make
			 * its -shm file: the real cause is the file system) */
			snprintf(buf, size, "cannot write the database: %s",
				 errno == EROFS ? "the file system is mounted read-only"
				 : "no permission to write the file");
			return 1;
		}
		snprintf(buf, size, "cannot open the database: %s", pt__errno_text(err, why, sizeof why));
		return 1;
	case SQLITE_CORRUPT:
		*code = PT_EIO;
		snprintf(buf, size, "the database file is damaged (%s); PRAGMA integrity_check "
			 "in the sqlite3 shell says where", sqlite3_errmsg(db->sql));
		return 1;
	default:
		return 0;
	}
}

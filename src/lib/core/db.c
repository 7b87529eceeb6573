/*
 * db.c - the database handle's primitives: its error message, statement
 * helpers, transactions, the schema version and the per-handle caches.
 * Opening and closing a handle is open.c's (it wires the folders above).
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/dbfile.h"

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

/* Text values read that were not UTF-8 (a file edited outside powtrace). */
static atomic_ulong invalid_text;

unsigned long pt_invalid_text_count(void)
{
	return atomic_load(&invalid_text);
}

/* A copy of t[0..n) with every byte that is not UTF-8 (and a NUL inside)
 * written as "\xNN", so that what the library hands out is always UTF-8:
 * JSON can carry it, a terminal shows it. */
static char *repaired(const char *t, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	pt__buf b = PT__BUF_INIT;
	size_t bad;
	atomic_fetch_add(&invalid_text, 1);
	while (n) {
		if (pt__utf8_valid(t, n, &bad))
			bad = n;
		for (size_t k = 0; k < bad; k++) {
			if (t[k])
				pt__buf_putc(&b, t[k]);
			else
				pt__buf_puts(&b, "\\x00");
		}
		if (bad == n)
			break;
		pt__buf_putc(&b, '\\');
		pt__buf_putc(&b, 'x');
		pt__buf_putc(&b, hex[(unsigned char)t[bad] >> 4]);
		pt__buf_putc(&b, hex[(unsigned char)t[bad] & 15]);
		t += bad + 1;
		n -= bad + 1;
	}
	pt__buf_add(&b, "", 0);
	return b.failed ? NULL : pt__buf_detach(&b);
}

char *pt__text_dup(const char *t, size_t n)
{
	size_t bad;
	char *copy;
	if (!t)
		return NULL;
	if (memchr(t, '\0', n) || !pt__utf8_valid(t, n, &bad))
		return repaired(t, n);
	if ((copy = malloc(n + 1))) {
		memcpy(copy, t, n);
		copy[n] = '\0';
	}
	return copy;
}

char *pt__column_dup(sqlite3_stmt *stmt, int i)
{
	const char *t = (const char *)sqlite3_column_text(stmt, i);
	return t ? pt__text_dup(t, (size_t)sqlite3_column_bytes(stmt, i)) : NULL;
}

int pt__column_take(sqlite3_stmt *stmt, int i, char **out)
{
	/* (the type before the text: a conversion makes it undefined) */
	int null = sqlite3_column_type(stmt, i) == SQLITE_NULL;
	*out = null ? NULL : pt__column_dup(stmt, i);
	return null || *out ? PT_OK : PT_ENOMEM;
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

int pt__query_int(pt_db *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, sql), step;

	*out = 0;
	if (rc)
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else if (step != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot read the database");
	sqlite3_finalize(s);
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

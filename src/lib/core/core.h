/*
 * internal.h - what the library's files share and the public header does
 * not promise: the database handle, the string buffer, text helpers.
 * Cross-file internal names start with pt__ (two underscores).
 */
#ifndef PT_INTERNAL_H
#define PT_INTERNAL_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>

#include "powtrace.h"

/* ---- growable string buffer with a size cap (buf.c) ---- */

typedef struct pt__buf {
	char *data;      /* always NUL-terminated once anything was added */
	size_t len, cap;
	size_t max;      /* 0: PT__BUF_DEFAULT_MAX */
	int failed;      /* set when an append ran out of memory or over max */
} pt__buf;

#define PT__BUF_INIT { NULL, 0, 0, 0, 0 }
#define PT__BUF_DEFAULT_MAX (64u << 20)

int pt__buf_add(pt__buf *b, const char *data, size_t len);
int pt__buf_puts(pt__buf *b, const char *s);
int pt__buf_putc(pt__buf *b, char c);
int pt__buf_printf(pt__buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int pt__buf_vprintf(pt__buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
const char *pt__buf_str(const pt__buf *b);  /* "" when empty */
char *pt__buf_detach(pt__buf *b);           /* caller frees; buffer reset */
void pt__buf_reset(pt__buf *b);
void pt__buf_release(pt__buf *b);

char *pt__strdup(const char *s);            /* NULL in, NULL out */

/* ---- the database handle (db.c) ---- */

struct pt_db {
	sqlite3 *sql;
	char *path;
	pt__buf errmsg;
	struct pt__text *text;   /* lazily made Unicode helpers (text.c) */
	struct pt__names *names; /* name search state, made on first use (name_keys.c) */
};

/* Sets the handle's message (printf-style) and returns `code`. */
int pt__error(pt_db *db, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets the message from SQLite's last error, prefixed by `what`. */
int pt__sql_error(pt_db *db, const char *what);

int pt__prepare(pt_db *db, sqlite3_stmt **stmt, const char *sql);
/* A copy of column i of the current row, or NULL (NULL value or no memory). */
char *pt__column_dup(sqlite3_stmt *stmt, int i);
/* A citation from a row of: id, source key, kind, title, locator, target,
 * source quality, information, evidence, confidence (person.c; the dossier
 * and the camp report). */
void pt__citation_from_row(sqlite3_stmt *s, pt_citation *c);
/* Frees the strings of a citation (not the citation). Accepts NULL. */
void pt__citation_release(pt_citation *c);
int pt__exec(pt_db *db, const char *sql);

/* ---- schema migrations (migrate.c, generated schema.c) ---- */

struct pt__migration {
	int version;
	const char *sql;
};
extern const struct pt__migration pt__migrations[];

/* Applies migrations up to `target` (-1: all). */
int pt__migrate(pt_db *db, int target);

#define PT__APPLICATION_ID 0x50575452 /* "PWTR" */

/* ---- text (text.c): Unicode with ICU ---- */

/* Checks that s[0..len) is valid UTF-8; on failure *bad_offset is the byte
 * offset of the first bad byte. */
bool pt__utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* NFC-normalises UTF-8 text into a new string (caller frees). NULL on error. */
char *pt__nfc(pt_db *db, const char *s);
/* The folded look-up key of a name: Latin letters and digits only, lower
 * case, diacritics and punctuation removed, other scripts romanised. Caller
 * frees. NULL on error. */
char *pt__fold_key(pt_db *db, const char *s);
void pt__text_free(struct pt__text *text);

/* ---- name search keys (name_keys.c) ---- */

/* Writes the search keys of a name's surname spelling (surname_key) and
 * given-names spelling (given_key), unless they have them already; load.c
 * calls it for every name it writes. Either may be NULL. */
int pt__name_keys_write(pt_db *db, const char *surname, const char *given);
/* Recomputes the keys of every spelling (inside the caller's transaction). */
int pt__name_keys_rebuild(pt_db *db);
/* Deletes the keys of spellings that no name uses any more. */
int pt__name_keys_prune(pt_db *db);
enum { PT__SPELLING_SURNAME, PT__SPELLING_GIVEN, PT__SPELLING_COUNT };
void pt__names_free(struct pt__names *names);

/* ---- checksums (sha256.c) ---- */

typedef struct pt__sha256 {
	uint32_t state[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t fill;
} pt__sha256;

void pt__sha256_init(pt__sha256 *h);
void pt__sha256_update(pt__sha256 *h, const void *data, size_t len);
void pt__sha256_hex(pt__sha256 *h, char out[65]);

#endif

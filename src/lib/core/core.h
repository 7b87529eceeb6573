/*
 * internal.h - what the library's files share and the public header does
 * not promise: the database handle, the string buffer, text helpers.
 * Cross-file internal names start with pt__ (two underscores).
 */
#ifndef PT_INTERNAL_H
#define PT_INTERNAL_H

#include <nettle/sha2.h>
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

/* Per-handle state that the folders above core make on first use and keep
 * with the handle (prepared statements, loaded tables); pt_db_free frees
 * each with its own function before it closes the connection. */
enum pt__cache_slot {
	PT__CACHE_TRANSLIT,      /* ICU transliterators (names/translit.c) */
	PT__CACHE_NAMES,         /* name search state (names/name_keys.c) */
	PT__CACHE_MEN,           /* when the men's statuses were made (records/men.c) */
	PT__CACHE_COUNT
};

struct pt__cache {
	void *data;
	void (*free)(void *data);
};

struct pt_db {
	sqlite3 *sql;
	char *path;
	pt__buf errmsg;
	struct pt__text *text;   /* lazily made Unicode helpers (text.c) */
	struct pt__dbfile *file;  /* the file shared with other processes (dbfile.c) */
	struct pt__cache cache[PT__CACHE_COUNT];
	struct pt__stmt_cache *stmts;  /* statements kept for the next call (stmt_cache.c) */
	int reads;                     /* pt_db_read_begin calls not yet ended (read.c) */
	int read_began;                /* ... and whether the first began a transaction */
};

/* The state kept in `slot`, or NULL when none was made yet. */
void *pt__cache_get(pt_db *db, enum pt__cache_slot slot);
/* Keeps `data` in `slot` until pt_db_free, which calls free_fn(data). */
void pt__cache_set(pt_db *db, enum pt__cache_slot slot, void *data,
		   void (*free_fn)(void *data));

/* Sets the handle's message (printf-style) and returns `code`. */
int pt__error(pt_db *db, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets the message from SQLite's last error, prefixed by `what`. */
int pt__sql_error(pt_db *db, const char *what);
/* strerror(err), with what it means where the text alone misleads:
 * "No space left on device (the disk is full)". Writes into buf; returns it. */
const char *pt__errno_text(int err, char *buf, size_t size);

int pt__prepare(pt_db *db, sqlite3_stmt **stmt, const char *sql);

/* ---- statements kept with the handle (stmt_cache.c) ---- */

/* The statement of `sql`, prepared on its first use on this handle and kept
 * for the next call: the way for a query that runs once per call (a
 * dossier's, a look-up's). `sql` must not change while the handle lives (a
 * literal or a static array): its address is the key (a different text
 * found at a known address is prepared anew). *stmt is lent until
 * pt__stmt_put, which every path of the caller must reach: it resets the
 * statement (ending its read) and clears its bindings. Asked for again while
 * lent, a statement is prepared for that call alone. PT_OK, or the code of
 * pt__prepare with the handle's message. */
int pt__stmt_get(pt_db *db, sqlite3_stmt **stmt, const char *sql);
/* Gives back a statement from pt__stmt_get; NULL accepted. */
void pt__stmt_put(pt_db *db, sqlite3_stmt *stmt);
/* How many statements the handle keeps, and how many of them (and of the
 * ones prepared for a call) are lent now (for tests: 0 between calls). */
void pt__stmt_cache_stats(const pt_db *db, size_t *kept, size_t *lent);
/* Finalizes every statement (pt_db_free, before the connection closes). */
void pt__stmt_cache_free(pt_db *db);

/* One read transaction for a series of reads (a dossier's dozen statements:
 * else each takes and drops the file's shared lock and the WAL's read mark
 * for itself), unless the caller has a transaction open: *began says whether
 * it was begun here, for pt__read_end, which ends only such a one. */
int pt__read_begin(pt_db *db, int *began);
void pt__read_end(pt_db *db, int began);
/* A copy of t[0..n) that is UTF-8 whatever the bytes were: a byte that is
 * not (and a NUL inside) is written "\xNN". NULL in (or no memory), NULL out. */
char *pt__text_dup(const char *t, size_t n);
/* pt__text_dup of column i of the current row, or NULL (NULL value or no
 * memory). */
char *pt__column_dup(sqlite3_stmt *stmt, int i);
/* pt__column_dup into *out, telling the two NULLs apart: PT_OK (*out NULL
 * for a NULL value) or PT_ENOMEM. Callers that copy many columns OR the
 * results and report one out-of-memory. */
int pt__column_take(sqlite3_stmt *stmt, int i, char **out);
int pt__exec(pt_db *db, const char *sql);
/* The integer the first column of the statement's first row holds (a PRAGMA
 * that reads a setting). */
int pt__pragma_int(pt_db *db, const char *sql, int *value);
/* The integer a statement without parameters returns (0: no row; an error
 * from SQLite is the handle's error). */
int pt__query_int(pt_db *db, const char *sql, int64_t *out);

/* ---- schema migrations (migrate.c, generated schema.c) ---- */

struct pt__migration {
	int version;
	const char *sql;
};
extern const struct pt__migration pt__migrations[];

/* Work that a migration needs done in C after its SQL, inside the same
 * transaction (what SQL cannot compute). The runner knows no migration's
 * content: the caller (open.c) gives the steps. */
struct pt__migration_step {
	int version;
	int (*run)(pt_db *db);
};

/* Applies migrations up to `target` (-1: all), each in its own transaction
 * with its user_version, running the step of a version right after its SQL. */
int pt__migrate(pt_db *db, int target, const struct pt__migration_step *steps,
		size_t step_count);

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
/* Lower case in place for ASCII, Latin-1 letters and basic Cyrillic (UTF-8;
 * the byte length never changes). */
void pt__utf8_lower(char *s);

/* ---- checksums (sha256.c) ---- */

typedef struct pt__sha256 {
	struct sha256_ctx ctx;   /* GNU Nettle's */
} pt__sha256;

void pt__sha256_init(pt__sha256 *h);
void pt__sha256_update(pt__sha256 *h, const void *data, size_t len);
void pt__sha256_hex(pt__sha256 *h, char out[65]);

#endif

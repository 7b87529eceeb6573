/*
 * stmt_cache.c - the statements a handle keeps: a query that runs once per
 * call (a man's record, his names, his events, ...) is prepared on its first
 * call and kept with the handle, so that the next call binds and steps it
 * instead of parsing and planning its SQL again. A website answers dossier
 * after dossier on one handle: without this, preparing the dozen statements
 * of a dossier took more than half of its time.
 *
 *   sqlite3_stmt *s = NULL;
 *   if ((rc = pt__stmt_get(db, &s, sql)))       (sql: a literal or static array)
 *           return rc;
 *   ... bind, step ...
 *   pt__stmt_put(db, s);                         (always, on every path)
 *
 * The key is the address of the SQL text, checked against the statement's
 * own text, so that a different text at an address seen before is prepared
 * anew, never run as the old one. A statement asked for while it is out
 * (a function that calls itself inside its own loop) is prepared as a new
 * one, which pt__stmt_put finalizes. The handle keeps at most STMT_CACHE_MAX;
 * beyond them each statement is prepared for its call alone. pt_db_free
 * finalizes them all before it closes the connection.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* the most statements one handle keeps (the library has some two hundred
 * SQL texts; the per-call ones of one task are a few dozen) */
#define STMT_CACHE_MAX 128

struct kept {
	const char *sql;        /* the key: the caller's text; NULL, a free slot */
	sqlite3_stmt *stmt;
	int out;                /* lent, not yet put back */
};

/* a statement lent: which slot it is, or none (prepared for one call) */
struct lent {
	sqlite3_stmt *stmt;
	size_t slot;            /* NO_SLOT: finalized when put back */
};

#define NO_SLOT SIZE_MAX

struct pt__stmt_cache {
	struct kept *slots;     /* open addressing on the text's address */
	size_t cap, count;
	struct lent *lent;      /* the statements out, the latest last */
	size_t lent_count, lent_cap;
};

static size_t slot_of(const char *sql, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)sql;
	h ^= h >> 29;
	h *= 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 17) & (cap - 1);
}

/* The slot of sql, or the free slot where it goes; NO_SLOT when the table
 * is full (it never is: it grows at half). */
static size_t find(const struct pt__stmt_cache *c, const char *sql)
{
	size_t i = slot_of(sql, c->cap);
	for (size_t n = 0; n < c->cap; n++, i = (i + 1) & (c->cap - 1))
		if (!c->slots[i].sql || c->slots[i].sql == sql)
			return i;
	return NO_SLOT;
}

static int grow(struct pt__stmt_cache *c)
{
	size_t cap = c->cap ? c->cap * 2 : 32;
	struct kept *old = c->slots, *slots = calloc(cap, sizeof *slots);
	size_t old_cap = c->cap;

	if (!slots)
		return PT_ENOMEM;
	c->slots = slots;
	c->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].sql)
			c->slots[find(c, old[i].sql)] = old[i];
	/* the lent statements' slots moved */
	for (size_t k = 0; k < c->lent_count; k++)
		if (c->lent[k].slot != NO_SLOT)
			c->lent[k].slot = find(c, old[c->lent[k].slot].sql);
	free(old);
	return PT_OK;
}

static int lend(pt_db *db, struct pt__stmt_cache *c, sqlite3_stmt *stmt, size_t slot)
{
	if (c->lent_count == c->lent_cap) {
		size_t cap = c->lent_cap ? c->lent_cap * 2 : 8;
		struct lent *grown = realloc(c->lent, cap * sizeof *grown);
		if (!grown)
			return pt__error(db, PT_ENOMEM, "out of memory");
		c->lent = grown;
		c->lent_cap = cap;
	}
	c->lent[c->lent_count].stmt = stmt;
	c->lent[c->lent_count++].slot = slot;
	if (slot != NO_SLOT)
		c->slots[slot].out = 1;
	return PT_OK;
}

/* Prepares sql for one call: lent with no slot, finalized when put back. */
static int prepare_once(pt_db *db, struct pt__stmt_cache *c, sqlite3_stmt **stmt,
			const char *sql)
{
	int rc = pt__prepare(db, stmt, sql);
	if (!rc && (rc = lend(db, c, *stmt, NO_SLOT))) {
		sqlite3_finalize(*stmt);
		*stmt = NULL;
	}
	return rc;
}

int pt__stmt_get(pt_db *db, sqlite3_stmt **stmt, const char *sql)
{
	struct pt__stmt_cache *c = db->stmts;
	struct kept *k;
	size_t i;
	int rc;

	*stmt = NULL;
	if (!c) {
		if (!(c = calloc(1, sizeof *c)))
			return pt__error(db, PT_ENOMEM, "out of memory");
		db->stmts = c;
	}
	if ((c->count + 1) * 2 > c->cap && c->count < STMT_CACHE_MAX && grow(c))
		return pt__error(db, PT_ENOMEM, "out of memory");
	i = find(c, sql);
	if (i == NO_SLOT)
		return prepare_once(db, c, stmt, sql);
	k = &c->slots[i];
	if (k->sql) {
		if (k->out)
			return prepare_once(db, c, stmt, sql);
		if (!k->stmt || strcmp(sqlite3_sql(k->stmt), sql)) {
			/* another text where a kept one was (or its preparing failed):
			 * this one takes the slot, which stays taken (others may have
			 * probed past it) */
			sqlite3_finalize(k->stmt);
			k->stmt = NULL;
			if ((rc = pt__prepare(db, &k->stmt, sql)))
				return rc;
		}
	} else {
		if (c->count >= STMT_CACHE_MAX)
			return prepare_once(db, c, stmt, sql);
		if ((rc = pt__prepare(db, &k->stmt, sql)))
			return rc;
		k->sql = sql;
		c->count++;
	}
	if ((rc = lend(db, c, k->stmt, i)))
		return rc;
	*stmt = k->stmt;
	return PT_OK;
}

void pt__stmt_put(pt_db *db, sqlite3_stmt *stmt)
{
	struct pt__stmt_cache *c = db->stmts;

	if (!stmt)
		return;
	for (size_t n = c ? c->lent_count : 0; n-- > 0;) {
		struct lent l = c->lent[n];
		if (l.stmt != stmt)
			continue;
		c->lent[n] = c->lent[--c->lent_count];
		if (l.slot == NO_SLOT) {
			sqlite3_finalize(stmt);
		} else {
			/* ends its read and lets go of its bound values */
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			c->slots[l.slot].out = 0;
		}
		return;
	}
	/* not lent: one of the kept ones put back twice is only reset; any
	 * other statement was the caller's to finalize */
	for (size_t i = 0; c && i < c->cap; i++)
		if (c->slots[i].stmt == stmt) {
			sqlite3_reset(stmt);
			return;
		}
	sqlite3_finalize(stmt);
}

void pt__stmt_cache_stats(const pt_db *db, size_t *kept, size_t *lent)
{
	const struct pt__stmt_cache *c = db->stmts;
	*kept = c ? c->count : 0;
	*lent = c ? c->lent_count : 0;
}

void pt__stmt_cache_free(pt_db *db)
{
	struct pt__stmt_cache *c = db->stmts;
	if (!c)
		return;
	/* the ones prepared for a call and never put back, then the kept ones */
	for (size_t n = 0; n < c->lent_count; n++)
		if (c->lent[n].slot == NO_SLOT)
			sqlite3_finalize(c->lent[n].stmt);
	for (size_t i = 0; i < c->cap; i++)
		sqlite3_finalize(c->slots[i].stmt);
	free(c->slots);
	free(c->lent);
	free(c);
	db->stmts = NULL;
}

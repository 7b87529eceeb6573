/*
 * keys.c - the blocking keys stored for `powtrace link`
 * (schema/0070_link_keys.sql). link_key holds them as runs of entries in
 * key order, up to 4,000 bytes to a row (a blob of varints: the key's step from
 * the entry before, the record id, the info), so that a first run writes a
 * few thousand rows, not millions, and a look-up reads one row; a key's
 * entries are never split between rows. Runs that read only the new records
 * add theirs to link_key_added as a batch of such rows (a key's entries may
 * be in link_key and in several batches); more than eight batches are
 * written again as one, and the batches are moved into link_key (every row
 * rewritten) once they have grown to an eighth of it. Records deleted or
 * changed (link_key_gone) lose their entries in one pass.
 * block.c makes the keys and looks them up.
 */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

/* The bytes of a row's blob: at most this many, unless one key's entries
 * need more. A row of 4,000 bytes (with its keys and SQLite's header) stays
 * within a 4 KiB page's local payload (4,061 bytes) and fills the page;
 * rows of 256 entries (about 2,500 bytes) left 1,500 bytes of each page
 * empty, as no two fit in one. */
#define ROW_BYTES 4000
#define TOP 0x8000000000000000ULL   /* keys are unsigned, SQLite's integers signed */
#define MAX_BATCHES 8        /* link_key_added batches before they are written as one */

void pt__lk_keys_release(lk_keys *k)
{
	free(k->items);
	memset(k, 0, sizeof *k);
}

static int key_order(const void *x, const void *y)
{
	const lk_key *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->person != b->person)
		return a->person < b->person ? -1 : 1;
	return a->info < b->info ? -1 : a->info > b->info;
}

int pt__lk_keys_add(lk_keys *k, uint64_t key, int64_t person, int64_t info)
{
	if (k->count == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 4096;
		lk_key *g = realloc(k->items, cap * sizeof *g);
		if (!g)
			return PT_ENOMEM;
		k->items = g;
		k->cap = cap;
	}
	k->items[k->count].key = key;
	k->items[k->count].person = person;
	k->items[k->count].info = info;
	k->count++;
	return PT_OK;
}

/* ---- a row's blob --------------------------------------------------------------------- */

size_t pt__lk_varint_put(unsigned char *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

const unsigned char *pt__lk_varint_get(const unsigned char *p, const unsigned char *end,
				       uint64_t *v)
{
	uint64_t x = 0;
	int shift = 0;
	while (p < end && shift < 64) {
		x |= (uint64_t)(*p & 0x7f) << shift;
		if (!(*p++ & 0x80)) {
			*v = x;
			return p;
		}
		shift += 7;
	}
	return NULL;
}

/* Appends the entries of a blob to out; PT_EINVAL when it is damaged. */
static int decode(const unsigned char *p, int size, lk_keys *out)
{
	const unsigned char *end = p + size;
	uint64_t key = 0;
	int rc;
	while (p && p < end) {
		uint64_t step, person, info;
		if (!(p = pt__lk_varint_get(p, end, &step)) || !(p = pt__lk_varint_get(p, end, &person)) ||
		    !(p = pt__lk_varint_get(p, end, &info)))
			return PT_EINVAL;
		key += step;
		if ((rc = pt__lk_keys_add(out, key, (int64_t)person, (int64_t)info)))
			return rc;
	}
	return PT_OK;
}

/* Writes items[0..n) (in key order) as rows of link_key (batch 0) or as
 * batch `batch` of link_key_added. */
static int write_rows(pt_db *db, const lk_key *items, size_t n, int64_t batch)
{
	sqlite3_stmt *s = NULL;
	unsigned char *buf = NULL;
	size_t cap = 0;
	int rc;

	if ((rc = pt__prepare(db, &s, batch ? "INSERT INTO link_key_added(first_key, last_key, data, "
			      "batch) VALUES (?, ?, ?, ?)"
			      : "INSERT INTO link_key(first_key, last_key, data) VALUES (?, ?, ?)")))
		return rc;
	if (batch)
		sqlite3_bind_int64(s, 4, batch);
	for (size_t lo = 0, hi; lo < n && !rc; lo = hi) {
		size_t len = 0;
		uint64_t prev = 0;            /* the first entry: its whole key */
		for (hi = lo; hi < n;) {
			/* the next key's entries, if the row can take them all */
			size_t end = hi + 1, need = 0;
			uint64_t step = items[hi].key - prev;
			while (end < n && items[end].key == items[hi].key)
				end++;
			if (cap < len + (end - hi) * 30) {
				size_t want = (len + (end - hi) * 30) * 2;
				unsigned char *g = realloc(buf, want);
				if (!g) {
					rc = PT_ENOMEM;
					break;
				}
				buf = g;
				cap = want;
			}
			for (size_t i = hi; i < end; i++) {
				need += pt__lk_varint_put(buf + len + need, step);
				need += pt__lk_varint_put(buf + len + need, (uint64_t)items[i].person);
				need += pt__lk_varint_put(buf + len + need, (uint64_t)items[i].info);
				step = 0;
			}
			if (len > 0 && len + need > ROW_BYTES)
				break;        /* they start the next row */
			len += need;
			prev = items[hi].key;
			hi = end;
		}
		if (rc)
			break;
		sqlite3_bind_int64(s, 1, (int64_t)(items[lo].key ^ TOP));
		sqlite3_bind_int64(s, 2, (int64_t)(items[hi - 1].key ^ TOP));
		sqlite3_bind_blob(s, 3, buf, (int)len, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = pt__sql_error(db, "cannot store the blocking keys");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	free(buf);
	return rc;
}

/* Every stored entry (of link_key and the batches, or of the batches only
 * when `added_only`), in key order, less those of the records in
 * link_key_gone when `purge`. */
static int read_all(pt_db *db, lk_keys *out, int purge, int added_only)
{
	sqlite3_stmt *s = NULL;
	int rc;
	size_t w = 0;

	if ((rc = pt__prepare(db, &s, added_only ? "SELECT data FROM link_key_added"
			      : "SELECT data FROM link_key UNION ALL SELECT data FROM link_key_added")))
		return rc;
	while (!rc && sqlite3_step(s) == SQLITE_ROW)
		rc = decode(sqlite3_column_blob(s, 0), sqlite3_column_bytes(s, 0), out);
	sqlite3_finalize(s);
	s = NULL;
	if (rc)
		return rc;
	if (out->count > 1)
		qsort(out->items, out->count, sizeof *out->items, key_order);
	if (!purge)
		return PT_OK;
	/* the records whose keys go, as a sorted list */
	{
		int64_t *gone = NULL;
		size_t n = 0, cap = 0;
		if ((rc = pt__prepare(db, &s, "SELECT person_id FROM link_key_gone ORDER BY 1")))
			return rc;
		while (!rc && sqlite3_step(s) == SQLITE_ROW) {
			if (n == cap) {
				int64_t *g = realloc(gone, (cap = cap ? cap * 2 : 256) * sizeof *g);
				if (!g) {
					rc = PT_ENOMEM;
					break;
				}
				gone = g;
			}
			gone[n++] = sqlite3_column_int64(s, 0);
		}
		sqlite3_finalize(s);
		for (size_t i = 0; i < out->count && !rc; i++) {
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (gone[mid] < out->items[i].person)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == n || gone[lo] != out->items[i].person)
				out->items[w++] = out->items[i];
		}
		out->count = rc ? out->count : w;
		free(gone);
	}
	return rc;
}

/* Rewrites link_key from every entry (less the gone ones), and empties
 * link_key_added; or (added_only) writes the batches again as one. */
static int rewrite(pt_db *db, int purge, int added_only)
{
	lk_keys all = { NULL, 0, 0 };
	int rc;
	if (!(rc = read_all(db, &all, purge, added_only)) &&
	    !(rc = pt__exec(db, added_only ? "DELETE FROM link_key_added"
			    : "DELETE FROM link_key; DELETE FROM link_key_added")))
		rc = write_rows(db, all.items, all.count, added_only);
	pt__lk_keys_release(&all);
	if (rc == PT_EINVAL)
		rc = pt__error(db, rc, "link_key: a damaged row");
	return rc;
}

/* ---- what runs and imports call --------------------------------------------------------- */

int pt__lk_keys_purge(pt_db *db)
{
	sqlite3_stmt *s = NULL;
	int rc, any = 0;
	if ((rc = pt__prepare(db, &s, "SELECT EXISTS (SELECT 1 FROM link_key_gone)")))
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		any = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (!any)
		return PT_OK;
	if ((rc = rewrite(db, 1, 0)))
		return rc;
	return pt__exec(db, "DELETE FROM link_key_gone");
}

int pt__lk_keys_forget(pt_db *db, const lk_data *d, int all)
{
	sqlite3_stmt *s = NULL;
	int rc;
	if (all)
		return pt__exec(db, "DELETE FROM link_key; DELETE FROM link_key_added; "
				"DELETE FROM link_key_gone");
	/* the changed records' keys (new ones have none) */
	if ((rc = pt__prepare(db, &s, "INSERT OR IGNORE INTO link_key_gone(person_id) VALUES (?)")))
		return rc;
	for (uint32_t i = 0; i < d->rec_count && !rc; i++) {
		if (!d->recs[i].changed)
			continue;
		sqlite3_bind_int64(s, 1, d->recs[i].id);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = pt__sql_error(db, "cannot take back the blocking keys");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc ? rc : pt__lk_keys_purge(db);
}

int pt__lk_keys_store(pt_db *db, lk_keys *k, int recent)
{
	int64_t batch = 0;
	int rc;

	/* as rows, in key order */
	for (size_t i = 1; i < k->count; i++)
		if (k->items[i].key < k->items[i - 1].key) {
			qsort(k->items, k->count, sizeof *k->items, key_order);
			break;
		}
	if (!recent)
		return write_rows(db, k->items, k->count, 0);
	/* a batch of its own in link_key_added */
	if (!k->count)
		return PT_OK;
	if ((rc = pt__query_int(db, "SELECT coalesce(max(batch), 0) + 1 FROM link_key_added", &batch)))
		return rc;
	return write_rows(db, k->items, k->count, batch);
}

int pt__lk_keys_merge(pt_db *db, int always)
{
	int64_t added = 0, rows = 0, batches = 0;
	int rc;
	/* sizes in bytes: a small batch is one row, however few its entries */
	if ((rc = pt__query_int(db, "SELECT coalesce(sum(length(data)), 0) FROM link_key_added",
			    &added)) || !added ||
	    (rc = pt__query_int(db, "SELECT coalesce(sum(length(data)), 0) FROM link_key", &rows)) ||
	    (rc = pt__query_int(db, "SELECT count(DISTINCT batch) FROM link_key_added", &batches)))
		return rc;
	if (always || added * 8 >= rows)
		return rewrite(db, 0, 0);
	return batches > MAX_BATCHES ? rewrite(db, 0, 1) : PT_OK;
}

/* The database of 0070 kept the keys of incremental runs as one row an
 * entry in link_key_recent: they become the first batch of link_key_added
 * (0091; 0092 drops link_key_recent). */
int pt__lk_keys_upgrade(pt_db *db)
{
	sqlite3_stmt *s = NULL;
	lk_keys k = { NULL, 0, 0 };
	int rc;
	if ((rc = pt__prepare(db, &s, "SELECT key, person_id, info FROM link_key_recent")))
		return rc;
	while (!rc && sqlite3_step(s) == SQLITE_ROW)
		rc = pt__lk_keys_add(&k, (uint64_t)sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
				     sqlite3_column_int64(s, 2));
	sqlite3_finalize(s);
	if (!rc)
		rc = pt__lk_keys_store(db, &k, 1);
	pt__lk_keys_release(&k);
	return rc;
}

/* ---- look-ups --------------------------------------------------------------------------- */

static void cursor_release(lk_key_cursor *c)
{
	sqlite3_finalize(c->row);
	memset(c, 0, sizeof *c);
}

void pt__lk_key_reader_release(lk_key_reader *r)
{
	cursor_release(&r->main);
	for (size_t i = 0; i < r->added_count; i++)
		cursor_release(&r->added[i]);
	free(r->added);
	memset(r, 0, sizeof *r);
}

/* The row of the cursor's table (or batch) that holds `key` if any row
 * does, at c->raw (has_row 0 when there is none). The blob is read where
 * SQLite holds it, not copied: the statement is reset only before the next
 * look-up, and nothing writes the keys' tables while a reader is open
 * (the incremental run read 53 MB of rows, and copied each). */
static int read_row(pt_db *db, lk_key_cursor *c, uint64_t key)
{
	int step;

	/* a key within the row read last is in it or nowhere */
	if (c->has_row && key >= c->first && key <= c->last)
		return PT_OK;
	sqlite3_reset(c->row);
	sqlite3_bind_int64(c->row, 1, (int64_t)(key ^ TOP));
	step = sqlite3_step(c->row);
	if (step == SQLITE_ROW) {
		uint64_t first = (uint64_t)sqlite3_column_int64(c->row, 0) ^ TOP;
		uint64_t last = (uint64_t)sqlite3_column_int64(c->row, 1) ^ TOP;
		if (key > last) {
			/* between two rows: no entry (the row need not be read) */
			c->has_row = 0;
		} else {
			const unsigned char *blob = sqlite3_column_blob(c->row, 2);
			size_t len = (size_t)sqlite3_column_bytes(c->row, 2);
			if (len && !blob) {
				sqlite3_reset(c->row);
				c->has_row = 0;
				return PT_ENOMEM;
			}
			if (!c->has_row || first != c->first) {
				c->pos = 0;
				c->pos_prev = 0;
				c->last_key = 0;
			}
			/* the same row found again keeps its place */
			c->raw = blob;
			c->raw_len = len;
			c->first = first;
			c->last = last;
			c->has_row = 1;
		}
	} else if (step != SQLITE_DONE) {
		c->has_row = 0;
		sqlite3_reset(c->row);
		return pt__sql_error(db, "cannot read the blocking keys");
	} else {
		c->has_row = 0;
	}
	return PT_OK;
}

/* The entries of `key` in the row read last, at most limit in all, added
 * to out: decoded from where the key looked up before stopped (from the
 * start for a smaller key). */
/* A varint passed over without its value (NULL: damaged). */
static const unsigned char *varint_skip(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *stop = end - p > 10 ? p + 10 : end;
	while (p < stop)
		if (!(*p++ & 0x80))
			return p;
	return NULL;
}

/* A varint of a row where at least 10 bytes are left (the longest varint):
 * no bound to check at each byte. NULL when it runs over 10 bytes. */
static inline const unsigned char *varint_get_fast(const unsigned char *p, uint64_t *v)
{
	uint64_t x = *p & 0x7f;
	int shift = 7;
	if (!(*p++ & 0x80)) {
		*v = x;
		return p;
	}
	while (shift < 64) {
		unsigned char byte = *p++;
		x |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80)) {
			*v = x;
			return p;
		}
		shift += 7;
	}
	return NULL;
}

static inline const unsigned char *varint_skip_fast(const unsigned char *p)
{
	for (int i = 0; i < 10; i++)
		if (!(*p++ & 0x80))
			return p;
	return NULL;
}

static int scan_row(lk_key_cursor *c, uint64_t key, size_t limit, lk_keys *out)
{
	const unsigned char *p, *end = c->raw + c->raw_len;
	/* entries that start at least 30 bytes (three varints) from the end
	 * are read without a bound check at each byte */
	const unsigned char *safe = c->raw_len > 30 ? end - 30 : c->raw;
	uint64_t prev;
	int rc;

	if (key < c->last_key) {
		c->pos = 0;
		c->pos_prev = 0;
	}
	c->last_key = key;
	p = c->raw + c->pos;
	prev = c->pos_prev;
	/* the entries below the key are passed over: only their steps are
	 * decoded (the row holds a few hundred; most are below) */
	while (p < end) {
		const unsigned char *q;
		uint64_t step, person, info, k;
		int fast = p < safe;
		if (!(q = fast ? varint_get_fast(p, &step) : pt__lk_varint_get(p, end, &step)))
			return PT_EINVAL;
		k = prev + step;
		if (k > key)
			break;
		if (k < key) {
			/* below every key still to come (in key order) */
			if (fast) {
				if (!(q = varint_skip_fast(q)) || !(q = varint_skip_fast(q)))
					return PT_EINVAL;
			} else if (!(q = varint_skip(q, end)) || !(q = varint_skip(q, end))) {
				return PT_EINVAL;
			}
			c->pos = (size_t)(q - c->raw);
			c->pos_prev = k;
		} else {
			if (!(q = pt__lk_varint_get(q, end, &person)) ||
			    !(q = pt__lk_varint_get(q, end, &info)))
				return PT_EINVAL;
			if (out->count < limit &&
			    (rc = pt__lk_keys_add(out, key, (int64_t)person, (int64_t)info)))
				return rc;
		}
		prev = k;
		p = q;
	}
	return PT_OK;
}

/* The cursors: one on link_key, one on each batch of link_key_added. */
static int reader_open(pt_db *db, lk_key_reader *r)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pt__prepare(db, &r->main.row, "SELECT first_key, last_key, data FROM link_key "
			      "WHERE first_key <= ? ORDER BY first_key DESC LIMIT 1")) ||
	    (rc = pt__prepare(db, &s, "SELECT DISTINCT batch FROM link_key_added ORDER BY 1")))
		return rc;
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		lk_key_cursor *c, *g = realloc(r->added, (r->added_count + 1) * sizeof *g);
		if (!g) {
			rc = PT_ENOMEM;
			break;
		}
		r->added = g;
		c = &r->added[r->added_count++];
		memset(c, 0, sizeof *c);
		if (!(rc = pt__prepare(db, &c->row, "SELECT first_key, last_key, data "
				       "FROM link_key_added WHERE batch = ?2 AND first_key <= ?1 "
				       "ORDER BY first_key DESC LIMIT 1")))
			sqlite3_bind_int64(c->row, 2, sqlite3_column_int64(s, 0));
	}
	sqlite3_finalize(s);
	r->opened = !rc;
	return rc;
}

static int cursor_lookup(pt_db *db, lk_key_cursor *c, uint64_t key, size_t limit, lk_keys *out)
{
	int rc;
	if ((rc = read_row(db, c, key)))
		return rc;
	if (c->has_row && (rc = scan_row(c, key, limit, out)))
		return rc == PT_EINVAL ? pt__error(db, rc, "link_key: a damaged row") : rc;
	return PT_OK;
}

int pt__lk_key_lookup(pt_db *db, lk_key_reader *r, uint64_t key, size_t limit, lk_keys *out)
{
	int rc;

	out->count = 0;
	if (!r->opened && (rc = reader_open(db, r)))
		return rc;
	if ((rc = cursor_lookup(db, &r->main, key, limit, out)))
		return rc;
	for (size_t i = 0; i < r->added_count && out->count < limit; i++)
		if ((rc = cursor_lookup(db, &r->added[i], key, limit, out)))
			return rc;
	return PT_OK;
}


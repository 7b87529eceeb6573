/*
 * resolve.c - camps and sources named in records, looked up once per
 * spelling and import: a camp by key, by alias (folded), then by match key
 * (numerals and umlauts folded), then with its place (records/camp_place.c:
 * "Stalag IIIA Luckenwalde"); a name that matches nothing becomes a new
 * camp flagged unverified. A flat record's source that names no source
 * becomes a new source. What a rejected record created is forgotten with it:
 * a camp goes with the record's savepoint, a source is deleted (context.c,
 * pt__record_wrote).
 *
 * The caches hold at most CACHE_MAX spellings each: past that, between two
 * records (when no entry is pending), a cache is emptied and fills again
 * from the database's unique indexes, the same look-up a spelling's first
 * occurrence makes; so memory stays flat however many sources a register
 * names. The summary keeps the first SUMMARY_NAMES_MAX new names of each
 * list and counts all of them.
 */
#include <stdlib.h>
#include <string.h>

#include "import/sheet.h"

enum { CACHE_MAX = 4096, SUMMARY_NAMES_MAX = 1000 };

struct entry {
	char *name;          /* as written in the record */
	int64_t id;
	char *canonical;     /* camps: the camp's own name */
	int pending;         /* created by the current record */
	struct entry *next;
};

struct cache {
	struct entry **buckets;
	size_t bucket_count, count;
};

enum { Q_KEY_TAKEN, Q_CAMP_INSERT, Q_ALIAS_INSERT, Q_SOURCE_KEY, Q_SOURCE_INSERT, Q_COUNT };

static const char *const query_sql[Q_COUNT] = {
	[Q_KEY_TAKEN] = "SELECT 1 FROM camp WHERE key = ?",
	[Q_CAMP_INSERT] = "INSERT INTO camp(key, name, type, verified, notes, content_hash, "
			  "batch_id, batch_line, first_batch_id) VALUES (?, ?, 'other', 0, ?, ?, ?, ?, ?)",
	[Q_ALIAS_INSERT] = "INSERT OR IGNORE INTO camp_alias(camp_id, alias, alias_key, match_key) "
			   "VALUES (?, ?, ?, ?)",
	[Q_SOURCE_KEY] = "SELECT id FROM source WHERE key = ?",
	[Q_SOURCE_INSERT] = "INSERT INTO source(key, kind, title, notes, content_hash, batch_id, "
			    "batch_line, first_batch_id) VALUES (?, 'register', ?, ?, ?, ?, ?, ?)",
};

struct pt__resolver {
	struct cache camps, sources;
	sqlite3_stmt *q[Q_COUNT];
	pt__camp_finder *finder;      /* camps by key, alias, match key (records/camp.c) */
	/* the entries the current record made: kept or dropped with it, so
	 * that the work per record does not grow with the camps and sources
	 * met before */
	struct entry **pending;
	int *pending_camp;            /* 1: in camps, 0: in sources */
	size_t pending_count, pending_cap;
	size_t new_camp_cap, new_source_cap; /* of the summary's lists */
	pt__buf note;                 /* what to tell about the last look-up (several
					 camps had the name), or empty */
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct entry *cache_find(struct cache *c, const char *name)
{
	if (!c->bucket_count)
		return NULL;
	for (struct entry *e = c->buckets[hash(name) % c->bucket_count]; e; e = e->next)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

static struct entry *cache_add(struct cache *c, const char *name, int64_t id,
			       const char *canonical, int pending)
{
	struct entry *e;
	if (c->count >= c->bucket_count) {
		size_t n = c->bucket_count ? c->bucket_count * 2 : 64;
		struct entry **b = calloc(n, sizeof *b);
		if (!b)
			return NULL;
		for (size_t i = 0; i < c->bucket_count; i++)
			while (c->buckets[i]) {
				struct entry *x = c->buckets[i];
				c->buckets[i] = x->next;
				x->next = b[hash(x->name) % n];
				b[hash(x->name) % n] = x;
			}
		free(c->buckets);
		c->buckets = b;
		c->bucket_count = n;
	}
	e = calloc(1, sizeof *e);
	if (!e || !(e->name = pt__strdup(name)) ||
	    (canonical && !(e->canonical = pt__strdup(canonical)))) {
		if (e)
			free(e->name);
		free(e);
		return NULL;
	}
	e->id = id;
	e->pending = pending;
	e->next = c->buckets[hash(name) % c->bucket_count];
	c->buckets[hash(name) % c->bucket_count] = e;
	c->count++;
	return e;
}

static void free_entry(struct entry *e)
{
	free(e->name);
	free(e->canonical);
	free(e);
}

/* Forgets entry e: unlinks it from its bucket and frees it. */
static void cache_drop(struct cache *c, struct entry *e)
{
	struct entry **link = &c->buckets[hash(e->name) % c->bucket_count];
	while (*link && *link != e)
		link = &(*link)->next;
	if (*link) {
		*link = e->next;
		free_entry(e);
		c->count--;
	}
}

/* Counts a new camp or source in *total and, while the summary's list has
 * fewer than SUMMARY_NAMES_MAX names, appends a copy of name to it. */
static int list_add(char ***list, size_t *count, size_t *cap, size_t *total,
		    const char *name)
{
	(*total)++;
	if (*count >= SUMMARY_NAMES_MAX)
		return PT_OK;
	if (*count == *cap) {
		size_t n = *cap ? *cap * 2 : 16;
		char **grown = realloc(*list, n * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		*list = grown;
		*cap = n;
	}
	if (!((*list)[*count] = pt__strdup(name)))
		return PT_ENOMEM;
	(*count)++;
	return PT_OK;
}

static void cache_release(struct cache *c)
{
	for (size_t i = 0; i < c->bucket_count; i++)
		while (c->buckets[i]) {
			struct entry *e = c->buckets[i];
			c->buckets[i] = e->next;
			free_entry(e);
		}
	free(c->buckets);
	memset(c, 0, sizeof *c);
}

static struct pt__resolver *resolver(pt__import *imp)
{
	if (!imp->resolver)
		imp->resolver = calloc(1, sizeof *imp->resolver);
	return imp->resolver;
}

static sqlite3_stmt *query(pt__import *imp, int which)
{
	struct pt__resolver *rv = imp->resolver;
	if (!rv->q[which] && pt__prepare(imp->db, &rv->q[which], query_sql[which]))
		return NULL;
	sqlite3_reset(rv->q[which]);
	sqlite3_clear_bindings(rv->q[which]);
	return rv->q[which];
}

void pt__resolver_free(pt__import *imp)
{
	struct pt__resolver *rv = imp->resolver;
	if (!rv)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(rv->q[i]);
	pt__camp_finder_free(rv->finder);
	cache_release(&rv->camps);
	cache_release(&rv->sources);
	free(rv->pending);
	free(rv->pending_camp);
	pt__buf_release(&rv->note);
	free(rv);
	imp->resolver = NULL;
}

int pt__record_done(pt__import *imp, int kept)
{
	struct pt__resolver *rv = imp->resolver;
	pt_import_summary *s = imp->summary;
	int rc = PT_OK;

	if (!rv)
		return PT_OK;
	for (size_t i = 0; i < rv->pending_count; i++) {
		struct entry *e = rv->pending[i];
		int camp = rv->pending_camp[i];
		if (!kept) {
			cache_drop(camp ? &rv->camps : &rv->sources, e);
			continue;
		}
		e->pending = 0;
		if (rc == PT_OK)
			rc = camp ? list_add(&s->new_camps, &s->new_camp_count, &rv->new_camp_cap,
					     &s->new_camp_total, e->name)
				  : list_add(&s->new_sources, &s->new_source_count,
					     &rv->new_source_cap, &s->new_source_total, e->name);
	}
	rv->pending_count = 0;
	/* nothing is pending now: a full cache starts again (the database
	 * answers for what it forgot) */
	if (rv->camps.count > CACHE_MAX)
		cache_release(&rv->camps);
	if (rv->sources.count > CACHE_MAX)
		cache_release(&rv->sources);
	return rc ? pt__error(imp->db, rc, "out of memory") : PT_OK;
}

/* Notes that the current record made entry e (kept or dropped with it). */
static int pending_add(struct pt__resolver *rv, struct entry *e, int camp)
{
	if (rv->pending_count == rv->pending_cap) {
		size_t n = rv->pending_cap ? rv->pending_cap * 2 : 8;
		struct entry **grown = realloc(rv->pending, n * sizeof *grown);
		int *grown_camp;
		if (!grown)
			return PT_ENOMEM;
		rv->pending = grown;
		if (!(grown_camp = realloc(rv->pending_camp, n * sizeof *grown_camp)))
			return PT_ENOMEM;
		rv->pending_camp = grown_camp;
		rv->pending_cap = n;
	}
	rv->pending[rv->pending_count] = e;
	rv->pending_camp[rv->pending_count++] = camp;
	return PT_OK;
}

/* "Stalag XX-Z" -> "stalag-xx-z": the name's folded words joined by '-'. */
static char *slug(pt_db *db, const char *name)
{
	pt__buf out = PT__BUF_INIT;
	const char *p = name;
	while (*p) {
		const char *start = p;
		char *word, *folded;
		while (*p && *p != ' ' && *p != '-' && *p != '.' && *p != '/' && *p != ',' &&
		       *p != '(' && *p != ')')
			p++;
		if (p > start) {
			if (!(word = malloc((size_t)(p - start) + 1)))
				break;
			memcpy(word, start, (size_t)(p - start));
			word[p - start] = '\0';
			folded = pt__fold_key(db, word);
			free(word);
			if (folded && *folded) { /* not printf: a sixth of a new source's work */
				if (out.len)
					pt__buf_putc(&out, '-');
				pt__buf_puts(&out, folded);
			}
			free(folded);
		}
		if (*p)
			p++;
	}
	if (out.len > 80) {
		out.len = 80;
		out.data[80] = '\0';
	}
	if (pt__buf_add(&out, "", 0)) {
		pt__buf_release(&out);
		return NULL;
	}
	return pt__buf_detach(&out);
}

/* A key no camp has yet: "stalag-xx-z", else "stalag-xx-z-2", ... */
static int free_key(pt__import *imp, const char *base, pt__buf *key)
{
	for (int n = 1; n < 10000; n++) {
		sqlite3_stmt *s = query(imp, Q_KEY_TAKEN);
		int step;
		pt__buf_reset(key);
		if (n == 1)
			pt__buf_puts(key, base);
		else
			pt__buf_printf(key, "%s-%d", base, n);
		if (!s || key->failed)
			return s ? PT_ENOMEM : PT_EIO;
		sqlite3_bind_text(s, 1, pt__buf_str(key), -1, SQLITE_STATIC);
		step = sqlite3_step(s);
		sqlite3_reset(s);
		if (step == SQLITE_DONE)
			return PT_OK;
		if (step != SQLITE_ROW)
			return pt__sql_error(imp->db, "cannot look up a camp");
	}
	return pt__error(imp->db, PT_ECONFLICT, "no free camp key for '%s'", base);
}

static int create_camp(pt__import *imp, const char *name, const char *alias_key,
		       const char *match_key, long line, int64_t *id)
{
	pt__buf key = PT__BUF_INIT, notes = PT__BUF_INIT;
	char *base = slug(imp->db, name);
	char hex[65];
	pt__sha256 h;
	sqlite3_stmt *s;
	int rc;

	if (!base)
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	rc = free_key(imp, *base ? base : "camp", &key);
	free(base);
	if (rc)
		goto cleanup;
	pt__buf_printf(&notes, "no camp matched this name when %s was imported (line %ld); "
		       "merge it with the camp it means, or verify it", imp->name, line);
	pt__sha256_init(&h);
	pt__sha256_update(&h, name, strlen(name));
	pt__sha256_hex(&h, hex);
	if ((rc = pt__record_savepoint(imp)))
		goto cleanup;
	if (!(s = query(imp, Q_CAMP_INSERT))) {
		rc = PT_EIO;
		goto cleanup;
	}
	sqlite3_bind_text(s, 1, pt__buf_str(&key), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, pt__buf_str(&notes), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, hex, -1, SQLITE_STATIC);
	if (imp->batch_id) {
		sqlite3_bind_int64(s, 5, imp->batch_id);
		sqlite3_bind_int64(s, 7, imp->batch_id);
	}
	sqlite3_bind_int64(s, 6, line);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = pt__sql_error(imp->db, "cannot write a new camp");
		goto cleanup;
	}
	*id = sqlite3_last_insert_rowid(imp->db->sql);
	sqlite3_reset(s);
	if (!(s = query(imp, Q_ALIAS_INSERT))) {
		rc = PT_EIO;
		goto cleanup;
	}
	sqlite3_bind_int64(s, 1, *id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, alias_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, match_key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(imp->db, "cannot write a camp alias");
	sqlite3_reset(s);
cleanup:
	pt__buf_release(&key);
	pt__buf_release(&notes);
	return rc;
}

int pt__camp_find(pt__import *imp, const char *name, long line, int64_t *id_out,
		  const char **canonical_out)
{
	struct pt__resolver *rv = resolver(imp);
	struct pt__camp_names keys = { NULL, NULL, 0 };
	struct entry *e;
	char *canonical = NULL;
	int64_t ids[16];
	size_t found = 0;
	int pending = 0, rc;

	*id_out = 0;
	*canonical_out = NULL;
	if (!rv)
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	pt__buf_reset(&rv->note);
	if ((e = cache_find(&rv->camps, name))) {
		*id_out = e->id;
		*canonical_out = e->canonical;
		return PT_OK;
	}
	if (!rv->finder && (rc = pt__camp_finder_open(imp->db, &rv->finder)))
		return rc;
	if ((rc = pt__camp_lookup(rv->finder, name, PT__CAMP_BY_KEY | PT__CAMP_BY_FOLDED |
				  PT__CAMP_BY_MATCH | PT__CAMP_BY_BARE | PT__CAMP_BY_PLACE, ids, 16,
				  &found, &keys)))
		goto cleanup;
	if (found > 1 && keys.stage == PT__CAMP_BY_PLACE) {
		/* a place that fits several camps: none is taken by chance; a
		 * new camp, as before the place stage, and a note naming them */
		if ((rc = create_camp(imp, name, keys.folded, keys.match, line, id_out)) ||
		    (rc = pt__camp_place_ambiguity(imp->db, name, ids, found > 16 ? 16 : found,
						   *id_out, &rv->note)))
			goto cleanup;
		pending = 1;
		found = 0;
	} else if (found > 1 &&
	    /* several camps have the name: the one that had it first (the
	     * look-up gives it first), as an import of the same register read
	     * it before, and a note that names them all and how to put it
	     * right; never a refusal */
	    (rc = pt__camp_ambiguity(imp->db, name, ids, found > 16 ? 16 : found, ids[0], &rv->note)))
		goto cleanup;
	if (found) {
		*id_out = ids[0];
	} else if (!pending) {
		if ((rc = create_camp(imp, name, keys.folded, keys.match, line, id_out)))
			goto cleanup;
		pending = 1;
	}
	if (!(canonical = pt__camp_name(rv->finder, *id_out)) ||
	    !(e = cache_add(&rv->camps, name, *id_out, canonical, pending)) ||
	    (pending && pending_add(rv, e, 1))) {
		rc = pt__error(imp->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	*canonical_out = e->canonical;
cleanup:
	if (rc)
		*id_out = 0;
	free(canonical);
	pt__camp_names_release(&keys);
	return rc;
}

const char *pt__camp_note(const pt__import *imp)
{
	return imp->resolver && imp->resolver->note.len ? imp->resolver->note.data : NULL;
}

/* "named in FILE (line N) and made by the import; describe it with a
 * sources file", without printf (a tenth of a new source's work) */
static void made_note(pt__buf *notes, const char *file, long line)
{
	char digits[24], *d = digits + sizeof digits;
	unsigned long n = line < 0 ? 0UL - (unsigned long)line : (unsigned long)line;

	*--d = '\0';
	do
		*--d = (char)('0' + n % 10);
	while (n /= 10);
	if (line < 0)
		*--d = '-';
	pt__buf_puts(notes, "named in ");
	pt__buf_puts(notes, file);
	pt__buf_puts(notes, " (line ");
	pt__buf_puts(notes, d);
	pt__buf_puts(notes, ") and made by the import; describe it with a sources file");
}

int pt__source_find(pt__import *imp, const char *name, long line, int create, int64_t *id_out)
{
	struct pt__resolver *rv = resolver(imp);
	struct entry *e;
	pt__buf key = PT__BUF_INIT;
	sqlite3_stmt *s;
	int looks_like_key = 1, rc = PT_OK, step;
	char hex[65];
	pt__sha256 h;

	*id_out = 0;
	if (!rv)
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	if ((e = cache_find(&rv->sources, name))) {
		*id_out = e->id;
		return PT_OK;
	}
	if (!(s = query(imp, Q_SOURCE_KEY)))
		return PT_EIO;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*id_out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return pt__sql_error(imp->db, "cannot look up a source");
	if (!*id_out && !create)
		return PT_OK; /* the caller says it is unknown */
	if (!*id_out) {
		/* "ivb-register" is a key; "IVB register, p. 12" is a name in words */
		for (const char *p = name; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			      *p == '-' || *p == '_' || *p == '.' || *p == ':'))
				looks_like_key = 0;
		if (looks_like_key) {
			pt__buf_puts(&key, name);
		} else {
			char *base = slug(imp->db, name);
			if (!base)
				return pt__error(imp->db, PT_ENOMEM, "out of memory");
			pt__buf_puts(&key, *base ? base : "source");
			free(base);
			/* the words may already have become a source */
			if (!(s = query(imp, Q_SOURCE_KEY))) {
				rc = PT_EIO;
				goto cleanup;
			}
			sqlite3_bind_text(s, 1, pt__buf_str(&key), -1, SQLITE_STATIC);
			if (sqlite3_step(s) == SQLITE_ROW)
				*id_out = sqlite3_column_int64(s, 0);
			sqlite3_reset(s);
		}
	}
	if (!*id_out) {
		pt__buf notes = PT__BUF_INIT;
		made_note(&notes, imp->name, line);
		pt__sha256_init(&h);
		pt__sha256_update(&h, name, strlen(name));
		pt__sha256_hex(&h, hex);
		/* no savepoint: a rejected record deletes it (pt__record_wrote) */
		if (!(s = query(imp, Q_SOURCE_INSERT))) {
			pt__buf_release(&notes);
			rc = PT_EIO;
			goto cleanup;
		}
		sqlite3_bind_text(s, 1, pt__buf_str(&key), -1, SQLITE_STATIC);
		if (!looks_like_key)
			sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, pt__buf_str(&notes), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, hex, -1, SQLITE_STATIC);
		if (imp->batch_id) {
			sqlite3_bind_int64(s, 5, imp->batch_id);
			sqlite3_bind_int64(s, 7, imp->batch_id);
		}
		sqlite3_bind_int64(s, 6, line);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = pt__sql_error(imp->db, "cannot write a new source");
		else
			*id_out = sqlite3_last_insert_rowid(imp->db->sql);
		sqlite3_reset(s);
		if (rc == PT_OK)
			rc = pt__record_wrote(imp, PT__UNDO_SOURCE, *id_out);
		pt__buf_release(&notes);
		if (rc)
			goto cleanup;
		if (!(e = cache_add(&rv->sources, name, *id_out, pt__buf_str(&key), 1)) ||
		    pending_add(rv, e, 0))
			rc = pt__error(imp->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (!cache_add(&rv->sources, name, *id_out, key.len ? pt__buf_str(&key) : name, 0))
		rc = pt__error(imp->db, PT_ENOMEM, "out of memory");
cleanup:
	pt__buf_release(&key);
	return rc;
}

const char *pt__source_key_of(pt__import *imp, const char *name)
{
	struct entry *e = imp->resolver ? cache_find(&imp->resolver->sources, name) : NULL;
	return e && e->canonical ? e->canonical : name;
}

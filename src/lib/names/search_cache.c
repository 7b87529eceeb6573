/*
 * search_cache.c - what `powtrace find` keeps with the handle between
 * searches: the names of each spelling it read (name id, person id, given
 * names) and each given-names string with its keys. A website answers
 * search after search on one handle, and the searches of different
 * families meet the same spellings (Smith, Smyth, Schmidt) and the same
 * given names (John, Jack, Johann): read from the tables once, they cost a
 * loop over an array afterwards. The cache is emptied when the database
 * changed (PRAGMA data_version: another connection committed; the handle's
 * own count of changes), and when it outgrows pt__search_cache_cap.
 * pt_find_warm() fills it in one pass over the surname index: a server's
 * handle then never reads a spelling's names in the middle of a request.
 */
#include <stdlib.h>
#include <string.h>

#include "names/search.h"

/* the most a handle keeps; a search that needs more empties it first.
 * 64 MB holds the whole name index of a million persons (1.1 million
 * names: some 25 MB) with room for the given names' keys. Tests lower it. */
size_t pt__search_cache_cap = (size_t)64 << 20;

struct spelling {
	char *text;            /* NULL: a free slot */
	uint64_t hash;
	size_t first, count;   /* its rows: [first, first + count) */
};

struct pt__search_cache {
	struct gnames given;
	struct spelling *spellings;     /* open addressing by hash */
	size_t spelling_count, spelling_cap;
	struct pt__search_rows rows;    /* every spelling's rows, one after another */
	size_t row_cap, bytes;
	int64_t data_version, changes;
	int known;                      /* data_version and changes were read */
	uint32_t generation;            /* the search under way (gmemo.stamp) */
	/* the candidates' array of the last search, lent to the next */
	struct candidate *cands;
	size_t cand_cap;
	sqlite3_stmt *version;
};

uint64_t pt__search_text_hash(const char *t)
{
	uint64_t h = 1469598103934665603ULL;          /* FNV-1a */
	for (; *t; t++)
		h = (h ^ (unsigned char)*t) * 1099511628211ULL;
	return h;
}

void pt__search_gnames_release(struct gnames *g)
{
	for (size_t i = 0; i < g->count; i++) {
		free(g->items[i].text);
		free(g->items[i].rows);
		free(g->items[i].word);
		pt__keys_release(&g->items[i].keys);
	}
	free(g->items);
	free(g->slots);
	free(g->words);
	free(g->word_slots);
	memset(g, 0, sizeof *g);
}

uint32_t pt__search_gnames_intern(struct gnames *g, const char *text, int *rc)
{
	size_t i;

	if (!text)
		return 0;
	if ((g->count + 1) * 2 > g->slot_cap) {
		size_t cap = g->slot_cap ? g->slot_cap * 2 : 256;
		uint32_t *slots = calloc(cap, sizeof *slots);
		if (!slots) {
			*rc = PT_ENOMEM;
			return 0;
		}
		free(g->slots);
		g->slots = slots;
		g->slot_cap = cap;
		for (size_t k = 0; k < g->count; k++) {
			i = (size_t)pt__search_text_hash(g->items[k].text) & (cap - 1);
			while (g->slots[i])
				i = (i + 1) & (cap - 1);
			g->slots[i] = (uint32_t)k + 1;
		}
	}
	i = (size_t)pt__search_text_hash(text) & (g->slot_cap - 1);
	while (g->slots[i]) {
		if (!strcmp(g->items[g->slots[i] - 1].text, text))
			return g->slots[i];
		i = (i + 1) & (g->slot_cap - 1);
	}
	if (g->count == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct gmemo *items = realloc(g->items, cap * sizeof *items);
		if (!items) {
			*rc = PT_ENOMEM;
			return 0;
		}
		g->items = items;
		g->cap = cap;
	}
	memset(&g->items[g->count], 0, sizeof g->items[g->count]);
	if (!(g->items[g->count].text = pt__strdup(text))) {
		*rc = PT_ENOMEM;
		return 0;
	}
	g->slots[i] = (uint32_t)++g->count;
	return g->slots[i];
}

static void cache_empty(struct pt__search_cache *c)
{
	pt__search_gnames_release(&c->given);
	for (size_t i = 0; i < c->spelling_cap; i++)
		free(c->spellings[i].text);
	free(c->spellings);
	c->spellings = NULL;
	c->spelling_count = c->spelling_cap = 0;
	c->rows.count = 0;
	c->bytes = 0;
}

static void cache_free(void *data)
{
	struct pt__search_cache *c = data;
	if (!c)
		return;
	cache_empty(c);
	free(c->rows.name_id);
	free(c->rows.person_id);
	free(c->rows.given);
	free(c->cands);
	sqlite3_finalize(c->version);
	free(c);
}

int pt__search_cache_begin(pt_db *db, struct pt__search_cache **out)
{
	void **slot = pt__names_search_cache(db, cache_free);
	struct pt__search_cache *c = slot ? *slot : NULL;
	int64_t version = 0, changes = sqlite3_total_changes64(db->sql);
	int step;

	*out = NULL;
	if (!slot)
		return pt__error(db, PT_ENOMEM, "out of memory");
	if (!c) {
		if (!(c = calloc(1, sizeof *c)))
			return pt__error(db, PT_ENOMEM, "out of memory");
		*slot = c;
	}
	if (!c->version && pt__prepare(db, &c->version, "PRAGMA data_version"))
		return PT_EIO;
	step = sqlite3_step(c->version);
	if (step == SQLITE_ROW)
		version = sqlite3_column_int64(c->version, 0);
	sqlite3_reset(c->version);
	if (step != SQLITE_ROW)
		return pt__sql_error(db, "cannot read the database's version");
	/* (a given-names string: its text, keys and verdicts, some 300 bytes;
	 * a word: its verdicts) */
	if (!c->known || version != c->data_version || changes != c->changes ||
	    c->bytes + c->given.count * (sizeof *c->given.items + 128) +
	    c->given.word_count * (sizeof *c->given.words + 8) > pt__search_cache_cap)
		cache_empty(c);
	c->known = 1;
	c->data_version = version;
	c->changes = changes;
	c->given.generation = ++c->generation;
	*out = c;
	return PT_OK;
}

void pt__search_cache_lend(struct pt__search_cache *c, struct search *s)
{
	s->cands = c->cands;
	s->cand_cap = c->cand_cap;
	c->cands = NULL;
	c->cand_cap = 0;
}

void pt__search_cache_take_back(struct pt__search_cache *c, struct search *s)
{
	if (s->cand_cap > c->cand_cap && s->cand_cap * sizeof *s->cands <= pt__search_cache_cap / 4) {
		free(c->cands);
		c->cands = s->cands;
		c->cand_cap = s->cand_cap;
		s->cands = NULL;
	}
}

struct gnames *pt__search_cache_given(struct pt__search_cache *c)
{
	return &c->given;
}

uint16_t *pt__search_cache_memo(struct pt__search_cache *c, struct gmemo *m)
{
	if (m->stamp != c->generation) {
		memset(m->memo, 0, sizeof m->memo);
		m->stamp = c->generation;
	}
	return m->memo;
}

static int rows_reserve(struct pt__search_cache *c, size_t more)
{
	struct pt__search_rows *r = &c->rows;
	size_t cap = c->row_cap ? c->row_cap : 1024;
	int64_t *name_id, *person_id;
	uint32_t *given;

	if (r->count + more <= c->row_cap)
		return PT_OK;
	while (cap < r->count + more)
		cap *= 2;
	if (!(name_id = realloc(r->name_id, cap * sizeof *name_id)))
		return PT_ENOMEM;
	r->name_id = name_id;
	if (!(person_id = realloc(r->person_id, cap * sizeof *person_id)))
		return PT_ENOMEM;
	r->person_id = person_id;
	if (!(given = realloc(r->given, cap * sizeof *given)))
		return PT_ENOMEM;
	r->given = given;
	c->row_cap = cap;
	return PT_OK;
}

/* The slot of `text` (free when it is not kept), growing the table first. */
static struct spelling *spelling_slot(struct pt__search_cache *c, const char *text,
				      uint64_t hash, int *rc)
{
	size_t i;

	if ((c->spelling_count + 1) * 2 > c->spelling_cap) {
		size_t cap = c->spelling_cap ? c->spelling_cap * 2 : 256;
		struct spelling *grown = calloc(cap, sizeof *grown);
		if (!grown) {
			*rc = PT_ENOMEM;
			return NULL;
		}
		for (size_t k = 0; k < c->spelling_cap; k++) {
			if (!c->spellings[k].text)
				continue;
			i = (size_t)c->spellings[k].hash & (cap - 1);
			while (grown[i].text)
				i = (i + 1) & (cap - 1);
			grown[i] = c->spellings[k];
		}
		free(c->spellings);
		c->spellings = grown;
		c->spelling_cap = cap;
	}
	i = (size_t)hash & (c->spelling_cap - 1);
	while (c->spellings[i].text &&
	       (c->spellings[i].hash != hash || strcmp(c->spellings[i].text, text)))
		i = (i + 1) & (c->spelling_cap - 1);
	return &c->spellings[i];
}

/* How a name with no given names is read: it may hold a whole name in its
 * surname field ("KELLY Frank", "Келли Фрэнк"): its given names are split
 * from it, as its surname keys were made, once per spelling. */
struct split {
	uint32_t id;
	int done;
};

/* Adds one name of `spelling` to the rows. */
static int add_row(struct pt__search_cache *c, const char *spelling, struct split *split,
		   int64_t name_id, int64_t person_id, const char *given)
{
	int rc = PT_OK;
	uint32_t id;

	if (!given || !*given) {
		if (!split->done) {
			char *split_surname = NULL, *split_given = NULL;
			if (pt__name_split_record(spelling, NULL, &split_surname, &split_given))
				rc = PT_ENOMEM;
			else
				split->id = pt__search_gnames_intern(&c->given, split_given, &rc);
			free(split_surname);
			free(split_given);
			split->done = 1;
		}
		id = split->id;
	} else {
		id = pt__search_gnames_intern(&c->given, given, &rc);
	}
	if (rc || (rc = rows_reserve(c, 1)))
		return rc;
	c->rows.name_id[c->rows.count] = name_id;
	c->rows.person_id[c->rows.count] = person_id;
	c->rows.given[c->rows.count++] = id;
	return PT_OK;
}

/* Reads the names of `spelling` from `st` (S_SPELLING, bound to it) into the rows. */
static int read_rows(pt_db *db, struct pt__search_cache *c, sqlite3_stmt *st,
		     const char *spelling, size_t *count)
{
	struct split split = { 0, 0 };
	int rc = PT_OK, step;

	*count = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = add_row(c, spelling, &split, sqlite3_column_int64(st, 0),
				  sqlite3_column_int64(st, 1),
				  (const char *)sqlite3_column_text(st, 2))))
			break;
		(*count)++;
	}
	sqlite3_reset(st);
	if (rc)
		return pt__error(db, rc, "out of memory");
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return pt__sql_error(db, "cannot search the names");
	return PT_OK;
}

/* Keeps rows [first, first + count) as the names of `spelling` in slot e. */
static int spelling_keep(struct pt__search_cache *c, struct spelling *e, const char *spelling,
			 uint64_t hash, size_t first, size_t count)
{
	if (!(e->text = pt__strdup(spelling)))
		return PT_ENOMEM;
	e->hash = hash;
	e->first = first;
	e->count = count;
	c->spelling_count++;
	c->bytes += sizeof *e * 2 + strlen(spelling) + 1 +
		    count * (2 * sizeof(int64_t) + sizeof(uint32_t));
	return PT_OK;
}

int pt__search_cache_spelling(pt_db *db, struct pt__search_cache *c, sqlite3_stmt *st,
			      const char *spelling, struct pt__search_rows *out)
{
	uint64_t hash = pt__search_text_hash(spelling);
	struct spelling *e;
	size_t first = c->rows.count, count;
	int rc = PT_OK;

	if (!(e = spelling_slot(c, spelling, hash, &rc)))
		return pt__error(db, rc, "out of memory");
	if (!e->text) {
		sqlite3_bind_text(st, 1, spelling, -1, SQLITE_STATIC);
		if ((rc = read_rows(db, c, st, spelling, &count))) {
			c->rows.count = first;   /* nothing half read is kept */
			return rc;
		}
		/* (the slot stays where it was: read_rows adds no spelling) */
		if (spelling_keep(c, e, spelling, hash, first, count))
			return pt__error(db, PT_ENOMEM, "out of memory");
	}
	out->name_id = c->rows.name_id + e->first;
	out->person_id = c->rows.person_id + e->first;
	out->given = c->rows.given + e->first;
	out->count = e->count;
	return PT_OK;
}

/* Every name in the surname index's order: a spelling's names together, in
 * the order S_SPELLING reads them (the index is surname, person_id,
 * given_names, then the row id). */
static const char warm_sql[] =
	"SELECT surname, id, person_id, given_names FROM person_name "
	"WHERE surname IS NOT NULL ORDER BY surname, person_id, given_names, id";

/* What the cache holds as pt__search_cache_begin counts it. */
static size_t cache_size(const struct pt__search_cache *c)
{
	return c->bytes + c->given.count * (sizeof *c->given.items + 128) +
	       c->given.word_count * (sizeof *c->given.words + 8);
}

/* Ends the group of names of one spelling begun at row `first`: kept, or
 * (skip) already kept. */
static int warm_group_end(struct pt__search_cache *c, struct spelling *e, const char *spelling,
			  size_t first, int skip)
{
	if (!e || skip)
		return PT_OK;
	return spelling_keep(c, e, spelling, pt__search_text_hash(spelling), first,
			     c->rows.count - first);
}

/* The loop of pt_find_warm(): stops (PT_OK) at the end of the index or
 * when the cache reaches three quarters of its cap, leaving the rest to
 * the given names' keys that searches read. */
static int warm_rows(pt_db *db, struct pt__search_cache *c, sqlite3_stmt *st, size_t *names)
{
	char *spelling = NULL;
	struct spelling *e = NULL;
	struct split split = { 0, 0 };
	size_t first = 0, limit = pt__search_cache_cap / 4 * 3;
	int rc = PT_OK, skip = 0, step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		if (!text)
			continue;
		if (!spelling || strcmp(text, spelling)) {
			if ((rc = warm_group_end(c, e, spelling, first, skip)))
				break;
			free(spelling);
			e = NULL;
			if (!(spelling = pt__strdup(text))) {
				rc = PT_ENOMEM;
				break;
			}
			if (!(e = spelling_slot(c, spelling, pt__search_text_hash(spelling), &rc)))
				break;
			skip = e->text != NULL;   /* a search read it already */
			first = c->rows.count;
			split.done = 0;
		}
		if (skip)
			continue;
		if ((rc = add_row(c, spelling, &split, sqlite3_column_int64(st, 1),
				  sqlite3_column_int64(st, 2),
				  (const char *)sqlite3_column_text(st, 3))))
			break;
		(*names)++;
		if (cache_size(c) + (c->rows.count - first) * 20 > limit) {
			*names -= c->rows.count - first;   /* this spelling: not whole */
			c->rows.count = first;
			e = NULL;
			break;
		}
	}
	if (!rc && (step == SQLITE_DONE || step == SQLITE_ROW))
		rc = warm_group_end(c, e, spelling, first, skip);
	else if (!rc)
		rc = PT_EIO;
	if (rc)
		cache_empty(c);   /* nothing half read is kept */
	free(spelling);
	sqlite3_reset(st);
	if (rc == PT_EIO)
		return pt__sql_error(db, "cannot read the names");
	return rc ? pt__error(db, rc, "out of memory") : PT_OK;
}

int pt_find_warm(pt_db *db, size_t *names_out)
{
	struct pt__search_cache *c;
	sqlite3_stmt *st = NULL;
	size_t names = 0;
	int began = 0, rc;

	if (names_out)
		*names_out = 0;
	if ((rc = pt__read_begin(db, &began)))
		return rc;
	if (!(rc = pt__search_cache_begin(db, &c)) && !(rc = pt__prepare(db, &st, warm_sql)))
		rc = warm_rows(db, c, st, &names);
	sqlite3_finalize(st);
	pt__read_end(db, began);
	if (names_out)
		*names_out = names;
	return rc;
}

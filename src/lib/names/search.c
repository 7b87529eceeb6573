/*
 * search.c - `powtrace find`: reads a name as a person types it, looks its
 * keys up in surname_key (an index, never a scan of the person table), checks
 * the given names of every candidate, applies the filters, and ranks and
 * explains the hits: exact, variant, initial, nickname, transliteration,
 * phonetic, wildcard.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "names/names.h"

#define MAX_QUERY_CHARS 1000
#define MAX_READINGS 4
#define MAX_GIVEN 8

static uint64_t mix(uint64_t h)
{
	/* splitmix64's finaliser: every input bit moves every output bit */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

const char *pt_match_name(pt_match match)
{
	switch (match) {
	case PT_MATCH_EXACT:    return "exact";
	case PT_MATCH_VARIANT:  return "variant";
	case PT_MATCH_INITIAL:  return "initial";
	case PT_MATCH_NICKNAME: return "nickname";
	case PT_MATCH_TRANSLIT: return "transliteration";
	case PT_MATCH_PHONETIC: return "phonetic";
	case PT_MATCH_WILDCARD: return "wildcard";
	default:                return "none";
	}
}

/* ---- the statements (listed for the query-plan test) --------------------- */

enum {
	S_KEY, S_RANGE, S_KIND, S_GIVEN, S_NAME, S_CAMP_IDS, S_AT_CAMP, S_MAX_ID, S_COUNT_
};

const char *const pt__search_sql[] = {
	/* a surname key's spellings, and their names with persons and given
	 * names from the index on person_name alone: the given names are
	 * compared without another read */
	[S_KEY] = "SELECT n.id, n.person_id, n.given_names, k.key, n.surname FROM surname_key k "
		  "JOIN person_name n ON n.surname = k.surname WHERE k.kind = ?1 AND k.key = ?2",
	[S_RANGE] = "SELECT n.id, n.person_id, n.given_names, k.key, n.surname FROM surname_key k "
		    "JOIN person_name n ON n.surname = k.surname WHERE k.kind = ?1 "
		    "AND k.key >= ?2 AND k.key < ?3 AND k.key GLOB ?4",
	[S_KIND] = "SELECT n.id, n.person_id, n.given_names, k.key, n.surname FROM surname_key k "
		   "JOIN person_name n ON n.surname = k.surname WHERE k.kind = ?1 "
		   "AND k.key GLOB ?2",
	/* the keys of a given-names spelling, stored when it was first written */
	[S_GIVEN] = "SELECT part, kind, key FROM given_key WHERE given = ?1",
	[S_NAME] = "SELECT n.person_id, n.surname, n.given_names, n.script, p.surname, "
		   "p.given_names, p.nationality, p.birth_date, p.birth_date_min, "
		   "p.birth_date_max, p.status, p.unit FROM person_name n "
		   "JOIN person p ON p.id = n.person_id WHERE n.id = ?1",
	[S_CAMP_IDS] = "SELECT id FROM camp WHERE key = ?1 UNION "
		       "SELECT camp_id FROM camp_alias WHERE alias_key = ?2",
	[S_AT_CAMP] = "SELECT 1 FROM event WHERE person_id = ?1 AND camp_id = ?2 LIMIT 1",
	/* the highest name id, to size the arrays indexed by it */
	[S_MAX_ID] = "SELECT max(id) FROM person_name",
	NULL,
};

/* ---- kinds of key as small numbers, for the comparisons per candidate ---- */

enum kind {
	K_NONE, K_EXACT, K_PART, K_VARIANT, K_REVERSE, K_SOUNDEX, K_DM, K_TRANSLIT,
	K_CLERK_LATN, K_CLERK_CYRL, K_NICKNAME, K_INITIAL, K_COUNT_
};

static const char *const kind_names[K_COUNT_] = {
	[K_NONE] = "", [K_EXACT] = PT__K_EXACT, [K_PART] = PT__K_PART, [K_VARIANT] = PT__K_VARIANT,
	[K_REVERSE] = PT__K_REVERSE, [K_SOUNDEX] = PT__K_SOUNDEX, [K_DM] = PT__K_DM,
	[K_TRANSLIT] = PT__K_TRANSLIT, [K_CLERK_LATN] = PT__K_CLERK_LATN,
	[K_CLERK_CYRL] = PT__K_CLERK_CYRL, [K_NICKNAME] = PT__K_NICKNAME, [K_INITIAL] = PT__K_INITIAL,
};

static enum kind kind_code(const char *name)
{
	for (int k = 1; k < K_COUNT_; k++)
		if (!strcmp(kind_names[k], name))
			return (enum kind)k;
	return K_NONE;
}

/* ---- what a query word is ----------------------------------------------- */

struct qword {
	char *text;            /* as typed (repaired when it mixed scripts) */
	pt__keys keys;         /* its keys, as a record's word would have them */
	enum kind *codes;      /* the kind of each key */
	char *pattern;         /* for a wildcard word: a GLOB pattern on folded keys */
	int initial;
	pt__script script;
};

/* One rule by which a query word met a record word. */
struct how {
	pt_match rule;
	const char *kind;      /* the kind of key that met (PT__K_*) */
	char key[64];          /* the key itself */
	int record_part;       /* which record word (0 surname, 1.. given) */
	int part_only;         /* surname: only a part of a double surname agreed */
};

struct candidate {
	int64_t name_id, person_id;
	int reading;
	uint32_t given;        /* its given names: gnames item + 1; 0: none recorded */
	struct how surname;
};

/* A candidate's verdict in brief: enough to rank it. */
struct scored {
	int64_t person_id;
	size_t cand;           /* index into the candidates */
	const char *sort_key;  /* the surname key met (ties sort by it) */
	int score, parts_agree;
};

struct rkey {
	int part;
	enum kind kind;
	const char *key;      /* in the store's arena */
};

/* The given-name keys of one name form. */
struct rkeys {
	const struct rkey *items;
	size_t count;
	int parts;            /* the highest given-name part */
};

/* The given names of the candidates, each different string once, with
 * its keys read (or worked out) when first compared: thousands of Walkers
 * have a few hundred given names between them. */
struct gmemo {
	char *text;
	struct rkey *rows;
	size_t count;
	int parts, done;
	pt__keys keys;        /* owns the key strings the rows point to */
};

struct gnames {
	struct gmemo *items;
	size_t count, cap;
	uint32_t *slots;      /* hash of the text -> item + 1 */
	size_t slot_cap;
};

struct search {
	pt_db *db;
	sqlite3_stmt *stmt[S_COUNT_];
	pt__words words;
	struct qword *q;                   /* one per word */
	pt__reading readings[MAX_READINGS];
	int reading_count;
	struct candidate *cands;
	size_t cand_count, cand_cap;
	struct gnames given;               /* the candidates' given names */
	struct cslot { int64_t name_id; int reading; size_t cand; } *slots; /* cand + 1; 0: free */
	size_t slot_cap;
	/* with name ids below max_id (the usual case), arrays indexed by the id
	 * instead of the hash tables: no cache misses on big candidate sets */
	int64_t max_id;
	unsigned char *seen;               /* bit r: the name met in reading r */
	/* the given names split from the last whole name met in a surname field
	 * (a look-up's rows come spelling by spelling: split once a spelling) */
	char *split_of, *split_given;
	pt_find_result *result;
	/* filters */
	int64_t born_min, born_max;
	int has_born;
	int64_t *camp_ids;
	size_t camp_count;
	char *unit_folded;
};

static sqlite3_stmt *stmt(struct search *s, int id)
{
	sqlite3_reset(s->stmt[id]);
	sqlite3_clear_bindings(s->stmt[id]);
	return s->stmt[id];
}

static int rank_better(const struct how *a, const struct how *b)
{
	if (a->rule != b->rule)
		return a->rule < b->rule;
	return a->part_only < b->part_only;
}

static void gnames_release(struct gnames *g)
{
	for (size_t i = 0; i < g->count; i++) {
		free(g->items[i].text);
		free(g->items[i].rows);
		pt__keys_release(&g->items[i].keys);
	}
	free(g->items);
	free(g->slots);
	memset(g, 0, sizeof *g);
}

static uint64_t text_hash(const char *t)
{
	uint64_t h = 1469598103934665603ULL;          /* FNV-1a */
	for (; *t; t++)
		h = (h ^ (unsigned char)*t) * 1099511628211ULL;
	return h;
}

/* The number (item + 1) of a given-names string, added when new; 0 for
 * none (NULL) or when out of memory (*rc set). */
static uint32_t gnames_intern(struct gnames *g, const char *text, int *rc)
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
			i = (size_t)text_hash(g->items[k].text) & (cap - 1);
			while (g->slots[i])
				i = (i + 1) & (cap - 1);
			g->slots[i] = (uint32_t)k + 1;
		}
	}
	i = (size_t)text_hash(text) & (g->slot_cap - 1);
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

/* The keys of given names `m`, once: those name_keys.c stored for the
 * spelling, or the same worked out by the same function. */
static int gnames_keys(struct search *s, struct gmemo *m)
{
	sqlite3_stmt *st = stmt(s, S_GIVEN);
	int rc = PT_OK, step;

	if (m->done)
		return PT_OK;
	/* stored (given_key) when a name with these given names was written;
	 * worked out here for the given names split from a whole name in a
	 * surname field, or a database whose keys were not made yet */
	sqlite3_bind_text(st, 1, m->text, -1, SQLITE_STATIC);
	while (rc == PT_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		enum kind k = kind_code((const char *)sqlite3_column_text(st, 1));
		char *key;
		if (k == K_NONE)
			continue;
		if (!(key = pt__strdup((const char *)sqlite3_column_text(st, 2))))
			rc = PT_ENOMEM;
		else
			rc = pt__keys_add(&m->keys, sqlite3_column_int(st, 0), kind_names[k], key,
					  NULL);
	}
	sqlite3_reset(st);
	if (rc == PT_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = pt__sql_error(s->db, "cannot read the given-name keys");
	if (rc == PT_OK && !m->keys.count)
		rc = pt__given_keys(s->db, m->text, &m->keys);
	if (rc)
		return rc;
	if (m->keys.count && !(m->rows = calloc(m->keys.count, sizeof *m->rows)))
		return PT_ENOMEM;
	for (size_t i = 0; i < m->keys.count; i++) {
		m->rows[i].part = m->keys.items[i].part;
		m->rows[i].kind = kind_code(m->keys.items[i].kind);
		m->rows[i].key = m->keys.items[i].key;
		if (m->rows[i].part > m->parts)
			m->parts = m->rows[i].part;
	}
	m->count = m->keys.count;
	m->done = 1;
	return PT_OK;
}

static size_t slot_of(const struct search *s, int64_t name_id, int reading)
{
	size_t i = (size_t)mix((uint64_t)name_id * 8 + (uint64_t)reading) & (s->slot_cap - 1);
	while (s->slots[i].cand && (s->slots[i].name_id != name_id || s->slots[i].reading != reading))
		i = (i + 1) & (s->slot_cap - 1);
	return i;
}

/* Appends a candidate (not counted yet: the caller does, once it is kept). */
static int push_candidate(struct search *s, int64_t name_id, int64_t person_id, int reading,
			  const char *given, const struct how *how)
{
	struct candidate *c;
	int rc = PT_OK;

	if (s->cand_count == s->cand_cap) {
		size_t cap = s->cand_cap ? s->cand_cap * 2 : 256;
		struct candidate *grown = realloc(s->cands, cap * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		s->cands = grown;
		s->cand_cap = cap;
	}
	c = &s->cands[s->cand_count];
	c->name_id = name_id;
	c->person_id = person_id;
	c->reading = reading;
	c->given = gnames_intern(&s->given, given, &rc);
	c->surname = *how;
	return rc;
}

/* Notes a surname hit; a name form met by several keys keeps the best. */
static int add_candidate(struct search *s, int64_t name_id, int64_t person_id, int reading,
			 const char *given, const struct how *how)
{
	size_t slot;
	int rc;

	if (s->seen && name_id > 0 && name_id <= s->max_id) {
		/* the look-ups run strongest first: a name met before has its best */
		if (s->seen[name_id] & (1u << reading))
			return PT_OK;
		s->seen[name_id] |= (unsigned char)(1u << reading);
		if ((rc = push_candidate(s, name_id, person_id, reading, given, how)) == PT_OK)
			s->cand_count++;
		return rc;
	}

	if ((s->cand_count + 1) * 2 > s->slot_cap) {
		size_t cap = s->slot_cap ? s->slot_cap * 2 : 1024;
		struct cslot *slots = calloc(cap, sizeof *slots), *old = s->slots;
		if (!slots)
			return PT_ENOMEM;
		s->slots = slots;
		s->slot_cap = cap;
		for (size_t i = 0; i < s->cand_count; i++) {
			size_t k = slot_of(s, s->cands[i].name_id, s->cands[i].reading);
			s->slots[k].name_id = s->cands[i].name_id;
			s->slots[k].reading = s->cands[i].reading;
			s->slots[k].cand = i + 1;
		}
		free(old);
	}
	slot = slot_of(s, name_id, reading);
	if (s->slots[slot].cand) {
		struct candidate *c = &s->cands[s->slots[slot].cand - 1];
		if (rank_better(how, &c->surname))
			c->surname = *how;
		return PT_OK;
	}
	if ((rc = push_candidate(s, name_id, person_id, reading, given, how)))
		return rc;
	s->slots[slot].name_id = name_id;
	s->slots[slot].reading = reading;
	s->slots[slot].cand = ++s->cand_count;
	return PT_OK;
}

static void how_set(struct how *h, pt_match rule, const char *kind, const char *key)
{
	size_t n = strlen(key);
	memset(h, 0, sizeof *h);
	h->rule = rule;
	h->kind = kind;
	if (n >= sizeof h->key)
		n = sizeof h->key - 1;
	memcpy(h->key, key, n);
	h->key[n] = '\0';
}

/* ---- surname look-ups ------------------------------------------------------ */

/* A look-up's row (name id, person id, given names, key, surname) as a
 * candidate. A name with no given names may hold a whole name in its
 * surname field ("KELLY Frank", "Келли Фрэнк"): its given names are split
 * from it, as its surname keys were made. */
static int add_row(struct search *s, sqlite3_stmt *st, int reading, const struct how *h)
{
	const char *given = (const char *)sqlite3_column_text(st, 2);
	const char *surname = (const char *)sqlite3_column_text(st, 4);

	if ((!given || !*given) && surname) {
		if (!s->split_of || strcmp(s->split_of, surname)) {
			char *split_surname = NULL;
			free(s->split_of);
			free(s->split_given);
			s->split_given = NULL;
			if (!(s->split_of = pt__strdup(surname)) ||
			    pt__name_split_record(surname, NULL, &split_surname, &s->split_given))
				return PT_ENOMEM;
			free(split_surname);
		}
		given = s->split_given;
	}
	return add_candidate(s, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), reading,
			     given, h);
}

static int lookup(struct search *s, int reading, const char *kind, const char *key,
		  pt_match rule, int part_only)
{
	sqlite3_stmt *st = stmt(s, S_KEY);
	struct how h;
	int rc, step;

	how_set(&h, rule, kind, key);
	h.part_only = part_only;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = add_row(s, st, reading, &h)))
			return rc;
	if (step != SQLITE_DONE)
		return pt__sql_error(s->db, "cannot search the names");
	return PT_OK;
}

/* The literal characters a pattern starts with, up to its first wildcard. */
static size_t literal_prefix(const char *pattern)
{
	size_t n = 0;
	while (pattern[n] && !strchr("?*[", pattern[n]))
		n++;
	return n;
}

/* A GLOB pattern backwards, element by element ("kel*" -> "*lek",
 * "m[ae]yer" -> "rey[ae]m"). */
static char *reverse_pattern(const char *p)
{
	size_t n = strlen(p), w = n;
	char *r = malloc(n + 1);
	if (!r)
		return NULL;
	r[n] = '\0';
	while (*p) {
		const char *start = p;
		size_t len;
		if (*p == '[') {
			const char *close = strchr(p + 1, ']');
			p = close ? close + 1 : p + strlen(p);
		} else {
			pt__utf8_next(&p);
		}
		len = (size_t)(p - start);
		w -= len;
		memcpy(r + w, start, len);
	}
	return r;
}

static int pattern_lookup(struct search *s, int reading, const char *kind, const char *pattern,
			  const char *shown)
{
	size_t prefix = literal_prefix(pattern);
	sqlite3_stmt *st;
	struct how h;
	int rc, step;

	if (prefix) {
		char *lo = malloc(prefix + 1), *hi = malloc(prefix + 1);
		if (!lo || !hi) {
			free(lo);
			free(hi);
			return PT_ENOMEM;
		}
		memcpy(lo, pattern, prefix);
		lo[prefix] = '\0';
		memcpy(hi, lo, prefix + 1);
		hi[prefix - 1]++;     /* UTF-8 never holds 0xff, so this cannot wrap */
		st = stmt(s, S_RANGE);
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, pattern, -1, SQLITE_TRANSIENT);
		free(lo);
		free(hi);
	} else {
		st = stmt(s, S_KIND);
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, pattern, -1, SQLITE_TRANSIENT);
	}
	(void)shown;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		/* the key met: for a wildcard, the record's folded name (it sorts ties) */
		const char *key = (const char *)sqlite3_column_text(st, 3);
		how_set(&h, PT_MATCH_WILDCARD, PT__K_EXACT, key);
		if (!strcmp(kind, PT__K_REVERSE)) {
			char *forward = reverse_pattern(key);
			if (!forward)
				return PT_ENOMEM;
			how_set(&h, PT_MATCH_WILDCARD, PT__K_EXACT, forward);
			free(forward);
		}
		if ((rc = add_row(s, st, reading, &h)))
			return rc;
	}
	if (step != SQLITE_DONE)
		return pt__sql_error(s->db, "cannot search the names");
	return PT_OK;
}

static int wildcard_surname(struct search *s, int reading, const char *pattern)
{
	size_t n = strlen(pattern);
	int rc;

	/* a leading wildcard and a literal end: search the reversed keys */
	if (!literal_prefix(pattern) && n && !strchr("?*]", pattern[n - 1])) {
		char *rev = reverse_pattern(pattern);
		if (!rev)
			return PT_ENOMEM;
		rc = pattern_lookup(s, reading, PT__K_REVERSE, rev, pattern);
		free(rev);
		if (rc)
			return rc;
	} else if ((rc = pattern_lookup(s, reading, PT__K_EXACT, pattern, pattern))) {
		return rc;
	}
	/* a Latin pattern also meets romanised Cyrillic names */
	return pattern_lookup(s, reading, PT__K_TRANSLIT, pattern, pattern);
}

/* One look-up of the surname index: record keys of `kind` equal to `key`. */
struct plan {
	const char *kind;
	const char *key;
	pt_match rule;
	int part_only;
};

static int plan_order(const void *a, const void *b)
{
	const struct plan *x = a, *y = b;
	if (x->rule != y->rule)
		return (int)x->rule - (int)y->rule;
	return x->part_only - y->part_only;
}

static int plan_add(struct plan *p, size_t *n, size_t max, const char *kind, const char *key,
		    pt_match rule, int part_only)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(p[i].kind, kind) && !strcmp(p[i].key, key)) {
			struct plan candidate = { kind, key, rule, part_only };
			if (plan_order(&candidate, &p[i]) < 0)
				p[i] = candidate;
			return PT_OK;
		}
	if (*n == max)
		return PT_OK;
	p[*n].kind = kind;
	p[*n].key = key;
	p[*n].rule = rule;
	p[*n].part_only = part_only;
	(*n)++;
	return PT_OK;
}

/* The surname look-ups a query's keys call for, strongest rule first, so
 * that the first time a name is met is by its best rule. */
static int surname_lookups(struct search *s, int reading, const pt__keys *k)
{
	struct plan plans[96];
	size_t n = 0;
	int rc = PT_OK, whole = s->readings[reading].whole;

	for (size_t i = 0; i < k->count; i++) {
		const pt__key *key = &k->items[i];
		const char *kind = key->kind, *v = key->key;
		if (key->part != 0)
			continue;
		/* the whole name read as one surname: its folded form, nothing looser */
		if (whole) {
			if (!strcmp(kind, PT__K_EXACT)) {
				plan_add(plans, &n, 96, PT__K_EXACT, v, PT_MATCH_EXACT, 0);
				plan_add(plans, &n, 96, PT__K_TRANSLIT, v, PT_MATCH_TRANSLIT, 0);
			}
			continue;
		}
		if (!strcmp(kind, PT__K_EXACT)) {
			plan_add(plans, &n, 96, PT__K_EXACT, v, PT_MATCH_EXACT, 0);
			plan_add(plans, &n, 96, PT__K_PART, v, PT_MATCH_EXACT, 1);
			plan_add(plans, &n, 96, PT__K_VARIANT, v, PT_MATCH_VARIANT, 0);
			plan_add(plans, &n, 96, PT__K_TRANSLIT, v, PT_MATCH_TRANSLIT, 0);
		} else if (!strcmp(kind, PT__K_PART)) {
			plan_add(plans, &n, 96, PT__K_EXACT, v, PT_MATCH_EXACT, 1);
		} else if (!strcmp(kind, PT__K_VARIANT)) {
			plan_add(plans, &n, 96, PT__K_EXACT, v, PT_MATCH_VARIANT, 0);
			plan_add(plans, &n, 96, PT__K_VARIANT, v, PT_MATCH_VARIANT, 0);
		} else if (!strcmp(kind, PT__K_TRANSLIT)) {
			plan_add(plans, &n, 96, PT__K_EXACT, v, PT_MATCH_TRANSLIT, 0);
			plan_add(plans, &n, 96, PT__K_TRANSLIT, v, PT_MATCH_VARIANT, 0);
		} else if (!strcmp(kind, PT__K_SOUNDEX)) {
			plan_add(plans, &n, 96, PT__K_SOUNDEX, v, PT_MATCH_PHONETIC, 0);
		} else if (!strcmp(kind, PT__K_DM)) {
			plan_add(plans, &n, 96, PT__K_DM, v, PT_MATCH_PHONETIC, 0);
		} else if (!strcmp(kind, PT__K_CLERK_LATN)) {
			plan_add(plans, &n, 96, PT__K_CLERK_CYRL, v, PT_MATCH_TRANSLIT, 0);
			plan_add(plans, &n, 96, PT__K_CLERK_LATN, v, PT_MATCH_PHONETIC, 0);
		} else if (!strcmp(kind, PT__K_CLERK_CYRL)) {
			plan_add(plans, &n, 96, PT__K_CLERK_LATN, v, PT_MATCH_TRANSLIT, 0);
		}
	}
	qsort(plans, n, sizeof *plans, plan_order);
	for (size_t i = 0; i < n && rc == PT_OK; i++)
		rc = lookup(s, reading, plans[i].kind, plans[i].key, plans[i].rule, plans[i].part_only);
	return rc;
}

/* ---- given names --------------------------------------------------------- */

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* The script of record word `part`, from its exact key. */
static int record_part_latin(const struct rkeys *r, int part)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->items[i].part == part && r->items[i].kind == K_EXACT)
			return is_ascii(r->items[i].key);
	return 1;
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Two given names that the equivalents table knows, in no common group, are
 * different names however alike they sound (Alexander, Alexandra). */
static int known_apart(const struct qword *q, const struct rkeys *r, int part)
{
	int q_known = 0, r_known = 0;
	for (size_t i = 0; i < r->count; i++) {
		if (r->items[i].part != part || r->items[i].kind != K_NICKNAME)
			continue;
		r_known = 1;
		if (pt__keys_has(&q->keys, 1, PT__K_NICKNAME, r->items[i].key))
			return 0;
	}
	for (size_t j = 0; j < q->keys.count; j++)
		q_known |= q->codes[j] == K_NICKNAME;
	return q_known && r_known;
}

/* How query word q meets record word `part`: the best rule, or 0. */
static pt_match given_meets(const struct qword *q, const struct rkeys *r, int part,
			    struct how *how)
{
	int q_latin = q->script != PT__SCRIPT_CYRILLIC && q->script != PT__SCRIPT_OTHER;
	int r_latin = record_part_latin(r, part);
	int cross = q_latin != r_latin;
	int apart = -1;        /* known_apart(), worked out when first needed */
	pt_match best = 0;

	memset(how, 0, sizeof *how);
	for (size_t i = 0; i < r->count; i++) {
		const struct rkey *rk = &r->items[i];
		pt_match rule = 0;
		if (rk->part != part)
			continue;
		if (q->pattern) {
			if ((rk->kind == K_EXACT || rk->kind == K_TRANSLIT) &&
			    sqlite3_strglob(q->pattern, rk->key) == 0)
				rule = PT_MATCH_WILDCARD;
		} else {
			for (size_t j = 0; j < q->keys.count; j++) {
				enum kind qk = q->codes[j];
				const char *qkey = q->keys.items[j].key;
				pt_match this = 0;
				switch (rk->kind) {
				case K_EXACT:
					if (qk == K_EXACT && !strcmp(qkey, rk->key))
						this = PT_MATCH_EXACT;
					else if (qk == K_INITIAL && starts_with(rk->key, qkey))
						this = PT_MATCH_INITIAL;
					else if (qk == K_VARIANT && !strcmp(qkey, rk->key))
						this = PT_MATCH_VARIANT;
					else if (qk == K_TRANSLIT && !strcmp(qkey, rk->key))
						this = PT_MATCH_TRANSLIT;
					break;
				case K_INITIAL:
					if ((qk == K_EXACT || qk == K_TRANSLIT) && starts_with(qkey, rk->key))
						this = PT_MATCH_INITIAL;
					break;
				case K_TRANSLIT:
					if (qk == K_EXACT && !strcmp(qkey, rk->key))
						this = PT_MATCH_TRANSLIT;
					else if (qk == K_INITIAL && starts_with(rk->key, qkey))
						this = PT_MATCH_INITIAL;
					else if (qk == K_TRANSLIT && !strcmp(qkey, rk->key))
						this = PT_MATCH_VARIANT;
					break;
				case K_VARIANT:
					if ((qk == K_EXACT || qk == K_VARIANT) && !strcmp(qkey, rk->key))
						this = PT_MATCH_VARIANT;
					break;
				case K_NICKNAME:
					if (qk == K_NICKNAME && !strcmp(qkey, rk->key))
						this = cross ? PT_MATCH_TRANSLIT : PT_MATCH_NICKNAME;
					break;
				case K_CLERK_CYRL:
					if (qk == K_CLERK_LATN && !strcmp(qkey, rk->key))
						this = PT_MATCH_TRANSLIT;
					break;
				case K_CLERK_LATN:
					if (qk == K_CLERK_CYRL && !strcmp(qkey, rk->key))
						this = PT_MATCH_TRANSLIT;
					break;
				case K_DM:
					if (qk == K_DM && !strcmp(qkey, rk->key)) {
						if (apart < 0)
							apart = known_apart(q, r, part);
						if (!apart)
							this = PT_MATCH_PHONETIC;
					}
					break;
				default:
					break;
				}
				if (this && (!rule || this < rule))
					rule = this;
			}
		}
		if (rule && (!best || rule < best)) {
			best = rule;
			how_set(how, rule, kind_names[rk->kind], rk->key);
			how->record_part = part;
		}
	}
	return best;
}

/* ---- evaluating a candidate --------------------------------------------------- */

struct verdict {
	int ok;
	pt_match rule;
	int score, parts_agree;
	struct how surname;
	struct how given[MAX_GIVEN];      /* per query given word; rule 0: unmatched */
	int given_count;
	int record_given;                 /* the record has given names */
	int reading;
};

static int evaluate(struct search *s, const struct candidate *c, struct verdict *v)
{
	const pt__reading *rd = &s->readings[c->reading];
	int matched = 0, unmatched = 0, adj = 0, rc;
	int used[64] = { 0 };
	struct rkeys given = { NULL, 0, 0 }, *r = &given;

	memset(v, 0, sizeof *v);
	v->surname = c->surname;
	v->reading = c->reading;
	v->rule = c->surname.rule;
	v->given_count = (int)(rd->given_count < MAX_GIVEN ? rd->given_count : MAX_GIVEN);
	if (v->given_count > 0 && c->given) {
		struct gmemo *m = &s->given.items[c->given - 1];
		if ((rc = gnames_keys(s, m)))
			return pt__error(s->db, rc, "out of memory");
		given.items = m->rows;
		given.count = m->count;
		given.parts = m->parts;
	}
	v->record_given = v->given_count > 0 && r->parts > 0;
	for (int g = 0; g < v->given_count; g++) {
		const struct qword *q = &s->q[rd->given[g]];
		struct how best;
		int best_part = 0;
		memset(&best, 0, sizeof best);
		for (int part = 1; part <= r->parts && part < 64; part++) {
			struct how how;
			pt_match m;
			if (used[part])
				continue;
			m = given_meets(q, r, part, &how);
			/* prefer the better rule; among equals, the word in the same place */
			if (m && (!best.rule || m < best.rule ||
				  (m == best.rule && part == g + 1 && best_part != g + 1))) {
				best = how;
				best_part = part;
			}
		}
		if (best.rule) {
			used[best_part] = 1;
			v->given[g] = best;
			matched++;
			if (best.rule > v->rule)
				v->rule = best.rule;
		} else {
			unmatched++;
		}
	}
	if (v->given_count > 0 && v->record_given && matched == 0)
		return PT_OK;                 /* given names disagree: not this person */
	if (v->given_count > 0 && !v->record_given) {
		/* the record has no given names to compare: its surname alone must
		 * carry the match, on the likeliest reading and by more than sound */
		if (rd->penalty > 0 || c->surname.rule >= PT_MATCH_PHONETIC)
			return PT_OK;
		adj -= 4;
	}
	adj -= 3 * unmatched;
	adj -= rd->penalty;
	if (c->surname.part_only)
		adj -= 2;
	if (adj < -9)
		adj = -9;
	v->parts_agree = 1 + matched;
	v->score = 100 - 10 * ((int)v->rule - 1) + adj;
	v->ok = 1;
	return PT_OK;
	return PT_OK;
}

/* ---- explanations --------------------------------------------------------------- */

static void explain_one(pt__buf *b, pt_db *db, const struct how *h, const char *query_word,
			const char *record_word)
{
	int record_latin = is_ascii(record_word) || pt__script_of(record_word) == PT__SCRIPT_LATIN;
	int query_latin = pt__script_of(query_word) != PT__SCRIPT_CYRILLIC &&
			  pt__script_of(query_word) != PT__SCRIPT_OTHER;
	const char *cyr = record_latin ? query_word : record_word;
	const char *lat = record_latin ? record_word : query_word;

	(void)db;
	switch (h->rule) {
	case PT_MATCH_EXACT:
		if (h->part_only)
			pt__buf_printf(b, "part of a double surname: %s = %s", query_word, record_word);
		else if (!strcmp(query_word, record_word))
			pt__buf_printf(b, "exact: %s", record_word);
		else
			pt__buf_printf(b, "exact after folding: %s = %s (%s)", query_word, record_word,
				       h->key);
		break;
	case PT_MATCH_VARIANT:
		pt__buf_printf(b, "spelling variant: %s ~ %s (%s)", query_word, record_word, h->key);
		break;
	case PT_MATCH_INITIAL:
		pt__buf_printf(b, "initial: %s = %s", query_word, record_word);
		break;
	case PT_MATCH_NICKNAME:
		pt__buf_printf(b, "name equivalents: %s = %s (%s)", query_word, record_word, h->key);
		break;
	case PT_MATCH_TRANSLIT:
		if (!strcmp(h->kind, PT__K_NICKNAME))
			pt__buf_printf(b, "Cyrillic rendering: %s \xe2\x86\x92 %s (name equivalents: %s)",
				       cyr, lat, h->key);
		else if (!strcmp(h->kind, PT__K_CLERK_CYRL) || !strcmp(h->kind, PT__K_CLERK_LATN))
			pt__buf_printf(b, "Cyrillic rendering: %s \xe2\x86\x92 %s (clerk key %s)",
				       cyr, lat, h->key);
		else if (record_latin == query_latin)
			pt__buf_printf(b, "same romanisation: %s ~ %s (%s)", query_word, record_word,
				       h->key);
		else
			pt__buf_printf(b, "Cyrillic rendering: %s \xe2\x86\x92 %s (romanised %s)",
				       cyr, lat, h->key);
		break;
	case PT_MATCH_PHONETIC:
		if (!strcmp(h->kind, PT__K_CLERK_LATN))
			pt__buf_printf(b, "sounds alike (clerk key %s): %s ~ %s", h->key, query_word,
				       record_word);
		else if (!strcmp(h->kind, PT__K_SOUNDEX))
			pt__buf_printf(b, "Soundex %s: %s ~ %s", h->key, query_word, record_word);
		else
			pt__buf_printf(b, "Daitch-Mokotoff %s: %s ~ %s", h->key, query_word, record_word);
		if (record_latin != query_latin)
			pt__buf_puts(b, " (romanised)");
		break;
	case PT_MATCH_WILDCARD:
		pt__buf_printf(b, "pattern %s matches %s", query_word, record_word);
		break;
	default:
		break;
	}
}

static char *words_text(const pt__words *w, size_t from, size_t to)
{
	pt__buf b = PT__BUF_INIT;
	pt__buf_add(&b, "", 0);
	for (size_t i = from; i < to && i < w->count; i++) {
		if (i > from)
			pt__buf_putc(&b, ' ');
		pt__buf_puts(&b, w->items[i].text);
	}
	return b.failed ? (pt__buf_release(&b), NULL) : pt__buf_detach(&b);
}

static char *explain(struct search *s, const struct verdict *v, const char *form_surname,
		     const char *form_given)
{
	const pt__reading *rd = &s->readings[v->reading];
	pt__buf b = PT__BUF_INIT;
	char *rs = NULL, *rg = NULL, *qs;
	pt__words gw = { NULL, 0, -1 };

	if (pt__name_split_record(form_surname, form_given, &rs, &rg))
		return NULL;
	if (rg && pt__words_split(rg, &gw)) {
		free(rs);
		free(rg);
		return NULL;
	}
	qs = words_text(&s->words, rd->surname_from, rd->surname_to);
	pt__buf_puts(&b, "surname: ");
	explain_one(&b, s->db, &v->surname, qs ? qs : "", rs ? rs : "");
	if (v->given_count > 0) {
		int first = 1;
		pt__buf_puts(&b, "; given names: ");
		if (!v->record_given)
			pt__buf_puts(&b, "none recorded");
		for (int g = 0; g < v->given_count && v->record_given; g++) {
			const struct qword *q = &s->q[rd->given[g]];
			const struct how *h = &v->given[g];
			if (!first)
				pt__buf_puts(&b, ", ");
			first = 0;
			if (!h->rule) {
				pt__buf_printf(&b, "%s not found", q->text);
				continue;
			}
			explain_one(&b, s->db, h, q->text,
				    (size_t)h->record_part - 1 < gw.count ? gw.items[h->record_part - 1].text : "?");
		}
	}
	free(qs);
	free(rs);
	free(rg);
	pt__words_release(&gw);
	return b.failed ? (pt__buf_release(&b), NULL) : pt__buf_detach(&b);
}

/* ---- the query --------------------------------------------------------------- */

static int check_query(pt_db *db, const char *name)
{
	size_t bad = 0, chars = 0;
	const char *p;

	if (!name)
		return pt__error(db, PT_EINVAL, "give a name to search for");
	if (!pt__utf8_valid(name, strlen(name), &bad))
		return pt__error(db, PT_EINVAL,
				 "the name is not valid UTF-8 (byte 0x%02X at position %zu); "
				 "set the terminal or the file to UTF-8",
				 (unsigned)(unsigned char)name[bad], bad + 1);
	for (p = name; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	if (chars > MAX_QUERY_CHARS)
		return pt__error(db, PT_EINVAL, "the name is %zu characters long; a name to search "
				 "for may have at most %d", chars, MAX_QUERY_CHARS);
	for (p = name; *p; p++)
		if (!strchr(" \t\r\n\v\f", *p))
			return PT_OK;
	return pt__error(db, PT_EINVAL, "give a name to search for (the name is blank)");
}

static int add_note(pt_find_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int add_note(pt_find_result *r, const char *fmt, ...)
{
	pt__buf b = PT__BUF_INIT;
	char **grown;
	va_list ap;

	va_start(ap, fmt);
	pt__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.failed || !(grown = realloc(r->notes, (r->note_count + 1) * sizeof *grown))) {
		pt__buf_release(&b);
		return PT_ENOMEM;
	}
	r->notes = grown;
	r->notes[r->note_count++] = pt__buf_detach(&b);
	return PT_OK;
}

/* Folds a wildcard word into a GLOB pattern on folded keys. */
static char *word_pattern(const char *text)
{
	char *folded = pt__name_fold(text, 1);
	if (!folded)
		return NULL;
	for (char *p = folded; *p; p++)
		if (*p == '_')
			*p = '?';
	return folded;
}

static int prepare_words(struct search *s, const char *name)
{
	int rc, letters = 0;
	char *nfc = pt__nfc(s->db, name);

	if (!nfc)
		return pt__error(s->db, PT_ENOMEM, "out of memory");
	rc = pt__words_split(nfc, &s->words);
	free(nfc);
	if (rc)
		return pt__error(s->db, rc, "out of memory");
	if (!(s->q = calloc(s->words.count ? s->words.count : 1, sizeof *s->q)))
		return pt__error(s->db, PT_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->words.count; i++) {
		pt__word *w = &s->words.items[i];
		struct qword *q = &s->q[i];
		char *fixed = NULL;
		if (w->script == PT__SCRIPT_MIXED) {
			rc = pt__word_fix_script(w, &fixed);
			if (rc == PT_EINVAL)
				return pt__error(s->db, PT_EINVAL,
						 "'%s' mixes letters of different scripts (Latin and "
						 "Cyrillic, say); type each word in one script", w->text);
			if (rc)
				return pt__error(s->db, rc, "out of memory");
			if ((rc = add_note(s->result, "'%s' mixed Latin and Cyrillic letters that look "
					   "alike; searched for '%s'", w->text, fixed))) {
				free(fixed);
				return pt__error(s->db, rc, "out of memory");
			}
			free(w->text);
			w->text = fixed;
			w->script = pt__script_of(fixed);
		}
		q->text = w->text;
		q->initial = w->initial;
		q->script = w->script;
		if (w->script != PT__SCRIPT_NONE)
			letters = 1;
		if (w->wildcard) {
			if (!(q->pattern = word_pattern(w->text)))
				return pt__error(s->db, PT_ENOMEM, "out of memory");
			if (!strpbrk(q->pattern, "abcdefghijklmnopqrstuvwxyz") && is_ascii(q->pattern))
				return pt__error(s->db, PT_EINVAL, "the pattern '%s' has no letters; give "
						 "at least one, as in 'Kel*'", w->text);
		}
	}
	if (!letters)
		return pt__error(s->db, PT_EINVAL, "'%s' has no letters to search for", name);
	return PT_OK;
}

static int reading_keys(struct search *s, int reading)
{
	const pt__reading *rd = &s->readings[reading];
	int rc = PT_OK, wild = 0;
	char *surname;

	for (size_t i = rd->surname_from; i < rd->surname_to; i++)
		wild |= s->words.items[i].wildcard;
	if (!(surname = words_text(&s->words, rd->surname_from, rd->surname_to)))
		return PT_ENOMEM;
	if (wild) {
		char *pattern = word_pattern(surname);
		if (!pattern)
			rc = PT_ENOMEM;
		else
			rc = wildcard_surname(s, reading, pattern);
		free(pattern);
	} else {
		pt__keys keys = { NULL, 0, 0 };
		if ((rc = pt__word_keys(s->db, surname, 0, 0, &keys)) == PT_OK)
			rc = surname_lookups(s, reading, &keys);
		pt__keys_release(&keys);
	}
	free(surname);
	return rc;
}

/* ---- filters ---------------------------------------------------------------- */

static int prepare_filters(struct search *s, const pt_find_options *o)
{
	static const char *const statuses[] = {
		"returned", "died", "unaccounted", "conflicting", "unknown", NULL,
	};
	if (!o)
		return PT_OK;
	if (o->born && *o->born) {
		pt_date d;
		const char *why = NULL;
		if (pt_date_parse(&d, o->born, &why))
			return pt__error(s->db, PT_EINVAL, "born: cannot read date '%s': %s", o->born,
					 why ? why : "not an EDTF date");
		s->has_born = 1;
		s->born_min = (d.flags & PT_DATE_HAS_MIN) ? d.min : 0;
		s->born_max = (d.flags & PT_DATE_HAS_MAX) ? d.max : 99991231;
	}
	if (o->nationality && *o->nationality) {
		const char *n = o->nationality;
		if (strlen(n) != 2 || !((n[0] | 0x20) >= 'a' && (n[0] | 0x20) <= 'z') ||
		    !((n[1] | 0x20) >= 'a' && (n[1] | 0x20) <= 'z'))
			return pt__error(s->db, PT_EINVAL, "nationality: '%s' is not an ISO 3166 "
					 "alpha-2 code (such as GB, US, SU)", n);
	}
	if (o->status && *o->status) {
		const char *const *st = statuses;
		while (*st && strcmp(*st, o->status))
			st++;
		if (!*st)
			return pt__error(s->db, PT_EINVAL, "status: unknown status '%s' (expected one of "
					 "returned, died, unaccounted, conflicting, unknown)", o->status);
	}
	if (o->unit && *o->unit && !(s->unit_folded = pt__name_fold(o->unit, 0)))
		return pt__error(s->db, PT_ENOMEM, "out of memory");
	if (o->camp && *o->camp) {
		char *folded = pt__fold_key(s->db, o->camp);
		sqlite3_stmt *st;
		int step;
		if (!folded)
			return pt__error(s->db, PT_ENOMEM, "out of memory");
		st = stmt(s, S_CAMP_IDS);
		sqlite3_bind_text(st, 1, o->camp, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, folded, -1, SQLITE_TRANSIENT);
		free(folded);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t *grown = realloc(s->camp_ids, (s->camp_count + 1) * sizeof *grown);
			if (!grown)
				return pt__error(s->db, PT_ENOMEM, "out of memory");
			s->camp_ids = grown;
			s->camp_ids[s->camp_count++] = sqlite3_column_int64(st, 0);
		}
		if (step != SQLITE_DONE)
			return pt__sql_error(s->db, "cannot read the camps");
		if (!s->camp_count)
			return pt__error(s->db, PT_ENOTFOUND, "camp: unknown camp '%s' (no camp has "
					 "this key, name or alias)", o->camp);
	}
	return PT_OK;
}

struct person_row {
	int64_t person_id;
	char *form_surname, *form_given, *form_script;
	char *surname, *given, *nationality, *birth_date, *status, *unit;
	int64_t born_min, born_max;
	int has_born_min, has_born_max;
};

static void person_row_release(struct person_row *p)
{
	free(p->form_surname);
	free(p->form_given);
	free(p->form_script);
	free(p->surname);
	free(p->given);
	free(p->nationality);
	free(p->birth_date);
	free(p->status);
	free(p->unit);
	memset(p, 0, sizeof *p);
}

static int load_person(struct search *s, int64_t name_id, struct person_row *p)
{
	sqlite3_stmt *st = stmt(s, S_NAME);
	int step;

	memset(p, 0, sizeof *p);
	sqlite3_bind_int64(st, 1, name_id);
	step = sqlite3_step(st);
	if (step == SQLITE_DONE)
		return PT_ENOTFOUND;
	if (step != SQLITE_ROW)
		return pt__sql_error(s->db, "cannot read a person");
	p->person_id = sqlite3_column_int64(st, 0);
	p->form_surname = pt__column_dup(st, 1);
	p->form_given = pt__column_dup(st, 2);
	p->form_script = pt__column_dup(st, 3);
	p->surname = pt__column_dup(st, 4);
	p->given = pt__column_dup(st, 5);
	p->nationality = pt__column_dup(st, 6);
	p->birth_date = pt__column_dup(st, 7);
	p->has_born_min = sqlite3_column_type(st, 8) != SQLITE_NULL;
	p->born_min = sqlite3_column_int64(st, 8);
	p->has_born_max = sqlite3_column_type(st, 9) != SQLITE_NULL;
	p->born_max = sqlite3_column_int64(st, 9);
	p->status = pt__column_dup(st, 10);
	p->unit = pt__column_dup(st, 11);
	return PT_OK;
}

/* 1: passes, 0: filtered out; *adj gets a point off for an uncertain birth date. */
static int passes(struct search *s, const pt_find_options *o, const struct person_row *p,
		  int *adj, int *rc)
{
	*rc = PT_OK;
	if (!o)
		return 1;
	if (o->nationality && *o->nationality &&
	    (!p->nationality || strcasecmp(p->nationality, o->nationality)))
		return 0;
	if (o->status && *o->status && (!p->status || strcmp(p->status, o->status)))
		return 0;
	if (s->has_born) {
		int64_t lo = p->has_born_min ? p->born_min : 0;
		int64_t hi = p->has_born_max ? p->born_max : 99991231;
		if (!p->birth_date || lo > s->born_max || hi < s->born_min)
			return 0;
		if (lo < s->born_min || hi > s->born_max)
			*adj -= 1;         /* may fall in the range, not certainly */
	}
	if (s->unit_folded && *s->unit_folded) {
		char *unit = p->unit ? pt__name_fold(p->unit, 0) : NULL;
		int in = unit && strstr(unit, s->unit_folded);
		free(unit);
		if (!in)
			return 0;
	}
	if (s->camp_count) {
		int at = 0;
		for (size_t i = 0; i < s->camp_count && !at; i++) {
			sqlite3_stmt *st = stmt(s, S_AT_CAMP);
			int step;
			sqlite3_bind_int64(st, 1, p->person_id);
			sqlite3_bind_int64(st, 2, s->camp_ids[i]);
			step = sqlite3_step(st);
			if (step == SQLITE_ROW)
				at = 1;
			else if (step != SQLITE_DONE) {
				*rc = pt__sql_error(s->db, "cannot read the events");
				return 0;
			}
		}
		if (!at)
			return 0;
	}
	return 1;
}

/* ---- results ------------------------------------------------------------------- */

static void hit_release(pt_find_hit *h)
{
	free(h->surname);
	free(h->given_names);
	free(h->nationality);
	free(h->birth_date);
	free(h->form_surname);
	free(h->form_given_names);
	free(h->form_script);
	free(h->why);
}

void pt_find_result_free(pt_find_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++)
		hit_release(&r->hits[i]);
	free(r->hits);
	for (size_t i = 0; i < r->note_count; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->read_as);
	free(r->also_tried);
	free(r);
}

static pt_status status_of(const char *name)
{
	for (int st = PT_STATUS_UNKNOWN; st <= PT_STATUS_CONFLICTING; st++)
		if (name && !strcmp(pt_status_name((pt_status)st), name))
			return (pt_status)st;
	return PT_STATUS_UNKNOWN;
}

/* Best first: score, then the name parts that agree, then the surname met
 * (alphabetical, for wildcards), then the id. */
static int scored_order(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	int c;
	if (x->score != y->score)
		return y->score - x->score;
	if (x->parts_agree != y->parts_agree)
		return y->parts_agree - x->parts_agree;
	if ((c = strcmp(x->sort_key, y->sort_key)))
		return c;
	return x->person_id < y->person_id ? -1 : x->person_id > y->person_id;
}

/* Makes the hit of a ranked candidate: its person, the form that matched, why. */
static int make_hit(struct search *s, const struct scored *sc, pt_find_hit *h)
{
	const struct candidate *c = &s->cands[sc->cand];
	struct person_row p;
	struct verdict v;
	int rc;

	memset(h, 0, sizeof *h);
	if ((rc = evaluate(s, c, &v)))
		return rc;
	if ((rc = load_person(s, c->name_id, &p)))
		return rc == PT_ENOTFOUND ? pt__error(s->db, PT_EIO, "a name vanished during the search")
					  : rc;
	h->person_id = p.person_id;
	h->surname = p.surname;
	h->given_names = p.given;
	h->nationality = p.nationality;
	h->birth_date = p.birth_date;
	h->status = status_of(p.status);
	h->match = v.rule;
	h->score = sc->score;
	h->parts_agree = sc->parts_agree;
	h->name_id = c->name_id;
	h->form_surname = p.form_surname;
	h->form_given_names = p.form_given;
	h->form_script = p.form_script;
	p.surname = p.given = p.nationality = p.birth_date = NULL;
	p.form_surname = p.form_given = p.form_script = NULL;
	person_row_release(&p);
	if (!h->surname && !h->given_names &&
	    pt__name_split_record(h->form_surname, h->form_given_names, &h->surname, &h->given_names))
		return pt__error(s->db, PT_ENOMEM, "out of memory");   /* a name in one field only */
	if (!(h->why = explain(s, &v, h->form_surname, h->form_given_names)))
		return pt__error(s->db, PT_ENOMEM, "out of memory");
	return PT_OK;
}

/* "surname Kelly, given names Frank" for reading i. */
static void describe_one(struct search *s, int i, pt__buf *b)
{
	const pt__reading *rd = &s->readings[i];
	char *surname = words_text(&s->words, rd->surname_from, rd->surname_to);

	if (surname && s->words.items[rd->surname_from].wildcard)
		pt__buf_printf(b, "surname pattern %s", surname);
	else
		pt__buf_printf(b, "surname %s", surname ? surname : "");
	if (rd->given_count) {
		pt__buf_puts(b, ", given names");
		for (size_t g = 0; g < rd->given_count; g++)
			pt__buf_printf(b, " %s%s", s->words.items[rd->given[g]].text,
				       s->words.items[rd->given[g]].initial &&
				       strlen(s->words.items[rd->given[g]].text) == 1 ? "." : "");
	}
	free(surname);
}

static int describe_reading(struct search *s)
{
	pt__buf b = PT__BUF_INIT, also = PT__BUF_INIT;

	describe_one(s, 0, &b);
	for (int i = 1; i < s->reading_count; i++) {
		if (i > 1)
			pt__buf_puts(&also, "; ");
		describe_one(s, i, &also);
	}
	if (b.failed || also.failed) {
		pt__buf_release(&b);
		pt__buf_release(&also);
		return PT_ENOMEM;
	}
	s->result->read_as = pt__buf_detach(&b);
	s->result->also_tried = s->reading_count > 1 ? pt__buf_detach(&also) : NULL;
	pt__buf_release(&also);
	return PT_OK;
}

static void search_release(struct search *s)
{
	for (int i = 0; i < S_COUNT_; i++)
		sqlite3_finalize(s->stmt[i]);
	if (s->q)
		for (size_t i = 0; i < s->words.count; i++) {
			pt__keys_release(&s->q[i].keys);
			free(s->q[i].codes);
			free(s->q[i].pattern);
		}
	free(s->q);
	pt__words_release(&s->words);
	free(s->cands);
	free(s->slots);
	free(s->seen);
	gnames_release(&s->given);
	free(s->split_of);
	free(s->split_given);
	free(s->camp_ids);
	free(s->unit_folded);
}

/* Do the filters need the person row? */
static int person_filters(const pt_find_options *o)
{
	return o && ((o->born && *o->born) || (o->nationality && *o->nationality) ||
		     (o->camp && *o->camp) || (o->status && *o->status) || (o->unit && *o->unit));
}

/* Ranks the candidates: one verdict each, then the best per person. */
static int rank(struct search *s, const pt_find_options *opts, struct scored **out,
		size_t *count)
{
	struct scored *scored = NULL;
	size_t n = 0, *best = NULL, best_cap = 1;
	int filters = person_filters(opts), rc = PT_OK;

	*out = NULL;
	*count = 0;
	if (!s->cand_count)
		return PT_OK;
	while (best_cap < s->cand_count * 2)
		best_cap *= 2;
	scored = malloc(s->cand_count * sizeof *scored);
	best = calloc(best_cap, sizeof *best);       /* person_id -> scored + 1 */
	if (!scored || !best) {
		rc = pt__error(s->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < s->cand_count; i++) {
		const struct candidate *c = &s->cands[i];
		struct verdict v;
		int adj = 0;
		size_t slot;
		if ((rc = evaluate(s, c, &v)))
			goto cleanup;
		if (!v.ok)
			continue;
		if (filters) {
			struct person_row p;
			int keep;
			if ((rc = load_person(s, c->name_id, &p)) == PT_ENOTFOUND)
				continue;
			if (rc)
				goto cleanup;
			keep = passes(s, opts, &p, &adj, &rc);
			person_row_release(&p);
			if (rc)
				goto cleanup;
			if (!keep)
				continue;
		}
		/* one hit per person: the best of its name forms and readings */
		slot = (size_t)mix((uint64_t)c->person_id) & (best_cap - 1);
		while (best[slot] && scored[best[slot] - 1].person_id != c->person_id)
			slot = (slot + 1) & (best_cap - 1);
		{
			struct scored sc = { c->person_id, i, c->surname.key, v.score + adj, v.parts_agree };
			if (best[slot]) {
				struct scored *old = &scored[best[slot] - 1];
				if (scored_order(&sc, old) < 0)
					*old = sc;
			} else {
				scored[n] = sc;
				best[slot] = ++n;
			}
		}
	}
	qsort(scored, n, sizeof *scored, scored_order);
	*out = scored;
	*count = n;
	scored = NULL;
cleanup:
	free(scored);
	free(best);
	return rc;
}

int pt_person_find(pt_db *db, const char *name, const pt_find_options *opts,
		   pt_find_result **out)
{
	struct search s;
	struct scored *ranked = NULL;
	int transaction = 0;
	size_t ranked_count = 0, shown;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof s);
	s.db = db;
	if ((rc = check_query(db, name)))
		return rc;
	if (!(s.result = calloc(1, sizeof *s.result)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	if (!pt__names_state(db)) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (int i = 0; i < S_COUNT_; i++)
		if ((rc = pt__prepare(db, &s.stmt[i], pt__search_sql[i])))
			goto cleanup;
	/* one read transaction for the whole search: else every statement takes
	 * and drops the file's shared lock, thousands of times */
	if (sqlite3_get_autocommit(db->sql)) {
		/* pages read through a memory map rather than one read() each */
		/* (no memory map: on a cold process, page faults cost more than reads) */
		if ((rc = pt__exec(db, "BEGIN")))
			goto cleanup;
		transaction = 1;
	}
	if ((rc = prepare_words(&s, name)) || (rc = prepare_filters(&s, opts)))
		goto cleanup;
	for (size_t i = 0; i < s.words.count; i++) {
		struct qword *q = &s.q[i];
		if (q->pattern)
			continue;
		if ((rc = pt__word_keys(db, q->text, 1, q->initial, &q->keys)) ||
		    !(q->codes = calloc(q->keys.count + 1, sizeof *q->codes))) {
			rc = pt__error(db, rc ? rc : PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		for (size_t k = 0; k < q->keys.count; k++)
			q->codes[k] = kind_code(q->keys.items[k].kind);
	}
	s.reading_count = pt__name_readings(&s.words, s.readings, MAX_READINGS);
	if (!s.reading_count) {
		rc = pt__error(db, PT_EINVAL, "'%s' has no surname to search for (only initials)",
			       name);
		goto cleanup;
	}
	if ((rc = describe_reading(&s)))
		goto cleanup;
	{
		sqlite3_stmt *st = stmt(&s, S_MAX_ID);
		if (sqlite3_step(st) == SQLITE_ROW)
			s.max_id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		/* a byte a name id up to 64M names; beyond, the hash tables */
		if (s.max_id > 0 && s.max_id < (64 << 20) &&
		    !(s.seen = calloc((size_t)s.max_id + 1, 1))) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
	}
	for (int i = 0; i < s.reading_count; i++)
		if ((rc = reading_keys(&s, i))) {
			if (rc == PT_ENOMEM)
				pt__error(db, rc, "out of memory");
			goto cleanup;
		}
	if ((rc = rank(&s, opts, &ranked, &ranked_count)))
		goto cleanup;

	/* the person rows and explanations of the hits shown only */
	shown = opts && opts->limit && ranked_count > opts->limit ? opts->limit : ranked_count;
	s.result->total = ranked_count;
	if (shown && !(s.result->hits = calloc(shown, sizeof *s.result->hits))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < shown; i++) {
		if ((rc = make_hit(&s, &ranked[i], &s.result->hits[i]))) {
			hit_release(&s.result->hits[i]);
			goto cleanup;
		}
		s.result->count++;
	}
	*out = s.result;
	s.result = NULL;
	rc = PT_OK;
cleanup:
	free(ranked);
	if (transaction)
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	pt_find_result_free(s.result);
	search_release(&s);
	return rc;
}

/* ---- keys of a typed name --------------------------------------------------------- */

void pt_name_keys_free(pt_name_keys *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->count; i++) {
		free(k->keys[i].word);
		free(k->keys[i].kind);
		free(k->keys[i].key);
		free(k->keys[i].how);
	}
	free(k->keys);
	free(k->surname);
	free(k->given_names);
	free(k);
}

int pt_name_keys_get(pt_db *db, const char *name, pt_name_keys **out)
{
	struct search s;
	pt__keys keys = { NULL, 0, 0 };
	pt_name_keys *k = NULL;
	const pt__reading *rd;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof s);
	s.db = db;
	if ((rc = check_query(db, name)))
		return rc;
	if (!(s.result = calloc(1, sizeof *s.result)) || !(k = calloc(1, sizeof *k))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = prepare_words(&s, name)))
		goto cleanup;
	if (!pt__name_readings(&s.words, s.readings, 1)) {
		rc = pt__error(db, PT_EINVAL, "'%s' has no surname (only initials)", name);
		goto cleanup;
	}
	rd = &s.readings[0];
	k->surname = words_text(&s.words, rd->surname_from, rd->surname_to);
	if (!k->surname)
		goto nomem;
	if (!s.words.items[rd->surname_from].wildcard &&
	    (rc = pt__word_keys(db, k->surname, 0, 0, &keys)))
		goto nomem;
	for (size_t g = 0; g < rd->given_count; g++) {
		const pt__word *w = &s.words.items[rd->given[g]];
		pt__buf b = PT__BUF_INIT;
		if (k->given_names)
			pt__buf_puts(&b, k->given_names);
		if (b.len)
			pt__buf_putc(&b, ' ');
		pt__buf_puts(&b, w->text);
		free(k->given_names);
		if (b.failed || !(k->given_names = pt__buf_detach(&b)))
			goto nomem;
		if (!w->wildcard && (rc = pt__word_keys(db, w->text, (int)g + 1, w->initial, &keys)))
			goto nomem;
	}
	if (keys.count && !(k->keys = calloc(keys.count, sizeof *k->keys)))
		goto nomem;
	for (size_t i = 0; i < keys.count; i++) {
		pt_name_key *nk = &k->keys[k->count++];
		const pt__key *src = &keys.items[i];
		nk->part = src->part;
		nk->word = pt__strdup(src->part == 0 ? k->surname
					: s.words.items[rd->given[src->part - 1]].text);
		nk->kind = pt__strdup(src->kind);
		nk->key = pt__strdup(src->key);
		nk->how = src->how ? pt__strdup(src->how) : NULL;
		if (!nk->word || !nk->kind || !nk->key || (src->how && !nk->how))
			goto nomem;
	}
	*out = k;
	k = NULL;
	rc = PT_OK;
	goto cleanup;
nomem:
	rc = pt__error(db, PT_ENOMEM, "out of memory");
cleanup:
	pt__keys_release(&keys);
	pt_name_keys_free(k);
	pt_find_result_free(s.result);
	search_release(&s);
	return rc;
}

/*
 * search_gather.c - `powtrace find`'s candidates: the surname look-ups a
 * reading of the typed name calls for (its keys in surname_key, strongest
 * rule first; patterns by prefix or backwards), each name form they meet
 * kept once with the best rule it met by, and its given names interned.
 */
#include <stdlib.h>
#include <string.h>

#include "names/search.h"

/* The hash of a word's keys: each key's kind and text, in order. */
static uint64_t word_hash(const struct rkey *rows, size_t count)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < count; i++)
		h = search_mix(h ^ ((uint64_t)rows[i].kind << 32 ^ rows[i].hash));
	return h;
}

static int same_word(const struct gword *w, const struct rkey *rows, size_t count, uint64_t hash)
{
	if (w->hash != hash || w->count != count)
		return 0;
	for (size_t i = 0; i < count; i++)
		if (w->rows[i].kind != rows[i].kind || strcmp(w->rows[i].key, rows[i].key))
			return 0;
	return 1;
}

uint32_t pt__search_word_intern(struct gnames *g, const struct rkey *rows, size_t count)
{
	uint64_t hash = word_hash(rows, count);
	struct gword *w;
	size_t i;

	if ((g->word_count + 1) * 2 > g->word_slot_cap) {
		size_t cap = g->word_slot_cap ? g->word_slot_cap * 2 : 256;
		uint32_t *slots = calloc(cap, sizeof *slots);
		if (!slots)
			return 0;
		for (size_t k = 0; k < g->word_count; k++) {
			i = (size_t)g->words[k].hash & (cap - 1);
			while (slots[i])
				i = (i + 1) & (cap - 1);
			slots[i] = (uint32_t)k + 1;
		}
		free(g->word_slots);
		g->word_slots = slots;
		g->word_slot_cap = cap;
	}
	i = (size_t)hash & (g->word_slot_cap - 1);
	while (g->word_slots[i]) {
		if (same_word(&g->words[g->word_slots[i] - 1], rows, count, hash))
			return g->word_slots[i];
		i = (i + 1) & (g->word_slot_cap - 1);
	}
	if (g->word_count == g->word_cap) {
		size_t cap = g->word_cap ? g->word_cap * 2 : 64;
		struct gword *grown = realloc(g->words, cap * sizeof *grown);
		if (!grown)
			return 0;
		g->words = grown;
		g->word_cap = cap;
	}
	w = &g->words[g->word_count];
	memset(w, 0, sizeof *w);
	w->rows = rows;
	w->count = count;
	w->hash = hash;
	w->latin = 1;
	for (size_t k = 0; k < count; k++)
		if (rows[k].kind == K_EXACT) {
			w->latin = search_is_ascii(rows[k].key);
			break;
		}
	g->word_slots[i] = (uint32_t)++g->word_count;
	return g->word_slots[i];
}

/* The word of each part of given names m (its rows sorted by part). */
static int given_words(struct gnames *g, struct gmemo *m)
{
	uint32_t *word = m->word_few;
	size_t i = 0;

	if (m->parts >= GMEMO_WORDS && !(word = m->word = calloc((size_t)m->parts + 1, sizeof *word)))
		return PT_ENOMEM;
	while (i < m->count) {
		size_t from = i;
		while (i < m->count && m->rows[i].part == m->rows[from].part)
			i++;
		if (m->rows[from].part < 1)
			continue;             /* (no given name is part 0) */
		if (!(word[m->rows[from].part] = pt__search_word_intern(g, m->rows + from, i - from)))
			return PT_ENOMEM;
	}
	return PT_OK;
}

/* The keys of given names `m`, once: those name_keys.c stored for the
 * spelling, or the same worked out by the same function. */
int pt__search_given_keys(struct search *s, struct gmemo *m)
{
	sqlite3_stmt *st = search_stmt(s, S_GIVEN);
	int rc = PT_OK, step;

	if (m->done)
		return PT_OK;
	/* stored (given_key) when a name with these given names was written;
	 * worked out here for the given names split from a whole name in a
	 * surname field, or a database whose keys were not made yet */
	sqlite3_bind_text(st, 1, m->text, -1, SQLITE_STATIC);
	while (rc == PT_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		enum kind k = pt__search_kind_code((const char *)sqlite3_column_text(st, 1));
		char *key;
		if (k == K_NONE)
			continue;
		if (!(key = pt__strdup((const char *)sqlite3_column_text(st, 2))))
			rc = PT_ENOMEM;
		else
			rc = pt__keys_add(&m->keys, sqlite3_column_int(st, 0), pt__search_kind_names[k], key,
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
		struct rkey *r = &m->rows[i];
		r->part = m->keys.items[i].part;
		r->kind = pt__search_kind_code(m->keys.items[i].kind);
		r->key = m->keys.items[i].key;
		r->similar = (r->kind == K_EXACT || r->kind == K_TRANSLIT) && strlen(r->key) >= 4 &&
			     search_is_ascii(r->key);
		r->hash = (uint32_t)pt__search_text_hash(r->key);
		if (r->part > m->parts)
			m->parts = r->part;
	}
	/* the rows by part, in their order within a part (a stable sort: they
	 * come by part already, from the key's index or word by word) */
	for (size_t i = 1; i < m->keys.count; i++)
		for (size_t j = i; j > 0 && m->rows[j - 1].part > m->rows[j].part; j--) {
			struct rkey t = m->rows[j];
			m->rows[j] = m->rows[j - 1];
			m->rows[j - 1] = t;
		}
	/* the script of each word, from its exact key (the first one: as
	 * record_part_latin() read it) */
	for (int part = 1; part < 64 && part <= m->parts; part++)
		for (size_t i = 0; i < m->keys.count; i++)
			if (m->rows[i].part == part && m->rows[i].kind == K_EXACT) {
				if (!search_is_ascii(m->rows[i].key))
					m->cyrillic |= (uint64_t)1 << part;
				break;
			}
	m->count = m->keys.count;
	if ((rc = given_words(s->given, m)))
		return rc;
	m->done = 1;
	return PT_OK;
}

/* Notes a surname hit: a name form of the spelling that a look-up met.
 * Never one met before in this reading: a name has one surname spelling,
 * and read_spelling() reads each spelling once a reading, at the first and
 * so strongest look-up that meets it (they run strongest first). */
static int add_candidate(struct search *s, int64_t name_id, int64_t person_id, int reading,
			 uint32_t given, uint32_t how)
{
	struct candidate *c;

	if (s->cand_count == s->cand_cap) {
		size_t cap = s->cand_cap ? s->cand_cap * 2 : 256;
		struct candidate *grown = realloc(s->cands, cap * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		s->cands = grown;
		s->cand_cap = cap;
	}
	c = &s->cands[s->cand_count++];
	c->name_id = name_id;
	c->person_id = person_id;
	c->reading = reading;
	c->given = given;
	c->how = how;
	return PT_OK;
}

/* Keeps how a look-up met its names; *index gets its number. */
static int how_add(struct search *s, const struct how *h, uint32_t *index)
{
	if (s->how_count == s->how_cap) {
		size_t cap = s->how_cap ? s->how_cap * 2 : 64;
		struct how *grown = realloc(s->hows, cap * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		s->hows = grown;
		s->how_cap = cap;
	}
	s->hows[s->how_count] = *h;
	*index = (uint32_t)s->how_count++;
	return PT_OK;
}

/* 1 when the names of `spelling` were not read for `reading` yet (now they
 * count as read), 0 when they were: every name of a spelling was made a
 * candidate of the reading then, by a rule at least as strong (the look-ups
 * run strongest first), so reading them again would add nothing. */
static int spelling_first(struct search *s, const char *spelling, int reading, int *rc)
{
	uint64_t hash = pt__search_text_hash(spelling);
	size_t i;

	if ((s->spelled_count + 1) * 2 > s->spelled_cap) {
		size_t cap = s->spelled_cap ? s->spelled_cap * 2 : 64;
		struct spelled *grown = calloc(cap, sizeof *grown);
		if (!grown) {
			*rc = PT_ENOMEM;
			return 0;
		}
		for (size_t k = 0; k < s->spelled_cap; k++) {
			if (!s->spelled[k].text)
				continue;
			i = (size_t)s->spelled[k].hash & (cap - 1);
			while (grown[i].text)
				i = (i + 1) & (cap - 1);
			grown[i] = s->spelled[k];
		}
		free(s->spelled);
		s->spelled = grown;
		s->spelled_cap = cap;
	}
	i = (size_t)hash & (s->spelled_cap - 1);
	while (s->spelled[i].text) {
		struct spelled *e = &s->spelled[i];
		if (e->hash == hash && !strcmp(e->text, spelling)) {
			if (e->readings & (1u << reading))
				return 0;
			e->readings |= 1u << reading;
			return 1;
		}
		i = (i + 1) & (s->spelled_cap - 1);
	}
	if (!(s->spelled[i].text = pt__strdup(spelling))) {
		*rc = PT_ENOMEM;
		return 0;
	}
	s->spelled[i].hash = hash;
	s->spelled[i].readings = 1u << reading;
	s->spelled_count++;
	return 1;
}

void pt__search_spelled_release(struct search *s)
{
	for (size_t i = 0; i < s->spelled_cap; i++)
		free(s->spelled[i].text);
	free(s->spelled);
	s->spelled = NULL;
	s->spelled_count = s->spelled_cap = 0;
}

void pt__search_how_set(struct how *h, pt_match rule, const char *kind, const char *key)
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

/* Every name written with `spelling` (the index on person_name holds its
 * person and given names: no row of the table is read; kept with the
 * handle for the next search), unless the reading read them before. */
static int read_spelling(struct search *s, int reading, const char *spelling, uint32_t how)
{
	struct pt__search_rows rows;
	int rc = PT_OK;

	if (!spelling || !spelling_first(s, spelling, reading, &rc))
		return rc;
	if ((rc = pt__search_cache_spelling(s->db, s->cache, search_stmt(s, S_SPELLING), spelling,
					    &rows)))
		return rc;
	for (size_t i = 0; i < rows.count; i++)
		if ((rc = add_candidate(s, rows.name_id[i], rows.person_id[i], reading, rows.given[i],
					how)))
			return rc;
	return PT_OK;
}

static int lookup(struct search *s, int reading, const char *kind, const char *key,
		  pt_match rule, int part_only)
{
	sqlite3_stmt *st = search_stmt(s, S_KEY);
	struct how h;
	uint32_t how;
	int rc, step;

	pt__search_how_set(&h, rule, kind, key);
	h.part_only = part_only;
	if ((rc = how_add(s, &h, &how)))
		return rc;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = read_spelling(s, reading, (const char *)sqlite3_column_text(st, 0), how)))
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

static int pattern_lookup(struct search *s, int reading, const char *kind, const char *pattern)
{
	size_t prefix = literal_prefix(pattern);
	sqlite3_stmt *st;
	struct how h;
	uint32_t how = 0;
	char last[256];
	int rc, step, have = 0;

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
		st = search_stmt(s, S_RANGE);
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, lo, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, pattern, -1, SQLITE_TRANSIENT);
		free(lo);
		free(hi);
	} else {
		st = search_stmt(s, S_KIND);
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, pattern, -1, SQLITE_TRANSIENT);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		/* the key met: for a wildcard, the record's folded name (it sorts ties);
		 * the rows come key by key */
		const char *key = (const char *)sqlite3_column_text(st, 0);
		if (!key)
			continue;
		if (!have || strcmp(key, last)) {
			size_t n = strlen(key);
			pt__search_how_set(&h, PT_MATCH_WILDCARD, PT__K_EXACT, key);
			if (!strcmp(kind, PT__K_REVERSE)) {
				char *forward = reverse_pattern(key);
				if (!forward)
					return PT_ENOMEM;
				pt__search_how_set(&h, PT_MATCH_WILDCARD, PT__K_EXACT, forward);
				free(forward);
			}
			if ((rc = how_add(s, &h, &how)))
				return rc;
			if (n >= sizeof last)
				n = sizeof last - 1;
			memcpy(last, key, n);
			last[n] = '\0';
			/* a key longer than `last` compares unequal next time: one more how */
			have = n == strlen(key);
		}
		if ((rc = read_spelling(s, reading, (const char *)sqlite3_column_text(st, 1), how)))
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
		rc = pattern_lookup(s, reading, PT__K_REVERSE, rev);
		free(rev);
		if (rc)
			return rc;
	} else if ((rc = pattern_lookup(s, reading, PT__K_EXACT, pattern))) {
		return rc;
	}
	/* a Latin pattern also meets romanised Cyrillic names */
	return pattern_lookup(s, reading, PT__K_TRANSLIT, pattern);
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
struct similar_plans {
	struct plan *plans;
	size_t *n, max;
	char **keep;           /* the keys the plans point to, freed by the caller */
	size_t kept, keep_max;
};

static int plan_deletion(void *ctx, const char *key)
{
	struct similar_plans *sp = ctx;
	char *copy;
	if (sp->kept == sp->keep_max || !(copy = pt__strdup(key)))
		return sp->kept == sp->keep_max ? PT_OK : PT_ENOMEM;
	sp->keep[sp->kept++] = copy;
	/* a spelling with a letter changed, swapped (delete: key) or added
	 * (exact: key) */
	plan_add(sp->plans, sp->n, sp->max, PT__K_DELETE, copy, PT_MATCH_SIMILAR, 0);
	plan_add(sp->plans, sp->n, sp->max, PT__K_EXACT, copy, PT_MATCH_SIMILAR, 0);
	return PT_OK;
}

/* One letter off (Hutchison, Hutchinson): the deletion neighbourhoods that
 * the surname keys store (names/similar.c), weakest rule of all. */
static int similar_lookups(struct plan *plans, size_t *n, size_t max, const char *folded,
			   char **keep, size_t *kept, size_t keep_max)
{
	struct similar_plans sp = { plans, n, max, keep, *kept, keep_max };
	int rc;
	for (const char *c = folded; *c; c++)
		if ((unsigned char)*c >= 0x80)
			return PT_OK;     /* Latin forms only: romanisations are keyed too */
	plan_add(plans, n, max, PT__K_DELETE, folded, PT_MATCH_SIMILAR, 0);  /* a letter more */
	rc = pt__deletion_keys(folded, plan_deletion, &sp);
	*kept = sp.kept;
	return rc;
}

#define MAX_PLANS 192
#define MAX_SIMILAR_KEYS 64

static int surname_lookups(struct search *s, int reading, const pt__keys *k)
{
	struct plan plans[MAX_PLANS];
	char *keep[MAX_SIMILAR_KEYS];
	size_t n = 0, kept = 0;
	int rc = PT_OK, whole = s->readings[reading].whole;

	for (size_t i = 0; i < k->count; i++) {
		const pt__key *key = &k->items[i];
		const char *kind = key->kind, *v = key->key;
		if (key->part != 0)
			continue;
		/* the whole name read as one surname: its folded form, nothing looser */
		if (whole) {
			if (!strcmp(kind, PT__K_EXACT)) {
				plan_add(plans, &n, MAX_PLANS, PT__K_EXACT, v, PT_MATCH_EXACT, 0);
				plan_add(plans, &n, MAX_PLANS, PT__K_TRANSLIT, v, PT_MATCH_TRANSLIT, 0);
			}
			continue;
		}
		if (!strcmp(kind, PT__K_EXACT)) {
			plan_add(plans, &n, MAX_PLANS, PT__K_EXACT, v, PT_MATCH_EXACT, 0);
			plan_add(plans, &n, MAX_PLANS, PT__K_PART, v, PT_MATCH_EXACT, 1);
			plan_add(plans, &n, MAX_PLANS, PT__K_VARIANT, v, PT_MATCH_VARIANT, 0);
			plan_add(plans, &n, MAX_PLANS, PT__K_TRANSLIT, v, PT_MATCH_TRANSLIT, 0);
			if (rc == PT_OK)
				rc = similar_lookups(plans, &n, MAX_PLANS, v, keep, &kept,
						     MAX_SIMILAR_KEYS);

		} else if (!strcmp(kind, PT__K_PART)) {
			plan_add(plans, &n, MAX_PLANS, PT__K_EXACT, v, PT_MATCH_EXACT, 1);
		} else if (!strcmp(kind, PT__K_VARIANT)) {
			plan_add(plans, &n, MAX_PLANS, PT__K_EXACT, v, PT_MATCH_VARIANT, 0);
			plan_add(plans, &n, MAX_PLANS, PT__K_VARIANT, v, PT_MATCH_VARIANT, 0);
		} else if (!strcmp(kind, PT__K_TRANSLIT)) {
			plan_add(plans, &n, MAX_PLANS, PT__K_EXACT, v, PT_MATCH_TRANSLIT, 0);
			plan_add(plans, &n, MAX_PLANS, PT__K_TRANSLIT, v, PT_MATCH_VARIANT, 0);
			if (rc == PT_OK)
				rc = similar_lookups(plans, &n, MAX_PLANS, v, keep, &kept,
						     MAX_SIMILAR_KEYS);
		} else if (!strcmp(kind, PT__K_SOUNDEX)) {
			plan_add(plans, &n, MAX_PLANS, PT__K_SOUNDEX, v, PT_MATCH_PHONETIC, 0);
		} else if (!strcmp(kind, PT__K_DM)) {
			plan_add(plans, &n, MAX_PLANS, PT__K_DM, v, PT_MATCH_PHONETIC, 0);
		} else if (!strcmp(kind, PT__K_CLERK_LATN)) {
			plan_add(plans, &n, MAX_PLANS, PT__K_CLERK_CYRL, v, PT_MATCH_TRANSLIT, 0);
			plan_add(plans, &n, MAX_PLANS, PT__K_CLERK_LATN, v, PT_MATCH_PHONETIC, 0);
		} else if (!strcmp(kind, PT__K_CLERK_CYRL)) {
			plan_add(plans, &n, MAX_PLANS, PT__K_CLERK_LATN, v, PT_MATCH_TRANSLIT, 0);
		}
	}
	qsort(plans, n, sizeof *plans, plan_order);
	for (size_t i = 0; i < n && rc == PT_OK; i++)
		rc = lookup(s, reading, plans[i].kind, plans[i].key, plans[i].rule, plans[i].part_only);
	for (size_t i = 0; i < kept; i++)
		free(keep[i]);
	return rc;
}

int pt__search_gather(struct search *s, int reading)
{
	const pt__reading *rd = &s->readings[reading];
	int rc = PT_OK, wild = 0;
	char *surname;

	for (size_t i = rd->surname_from; i < rd->surname_to; i++)
		wild |= s->words.items[i].wildcard;
	if (!(surname = pt__search_words_text(&s->words, rd->surname_from, rd->surname_to)))
		return PT_ENOMEM;
	if (wild) {
		char *pattern = pt__search_word_pattern(surname);
		if (!pattern)
			rc = PT_ENOMEM;
		else
			rc = wildcard_surname(s, reading, pattern);
		free(pattern);
	} else {
		pt__keys keys = { NULL, 0, 0 };
		if ((rc = pt__search_word_keys(s->db, surname, 0, 0, &keys)) == PT_OK)
			rc = surname_lookups(s, reading, &keys);
		pt__keys_release(&keys);
	}
	free(surname);
	return rc;
}


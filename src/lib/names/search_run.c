/*
 * search_run.c - `powtrace find`: reads a name as a person types it
 * (search_query.c), looks its keys up in surname_key, an index, never a scan
 * of the person table (search_gather.c), checks the given names of every
 * candidate, applies the filters, and ranks the hits (here) and explains
 * them (search_explain.c): exact, variant, initial, nickname,
 * transliteration, phonetic, wildcard.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "names/search.h"
#include "records/records.h"

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
	case PT_MATCH_SIMILAR:  return "similar";
	default:                return "none";
	}
}

/* ---- the statements (listed for the query-plan test) --------------------- */

const char *const pt__search_sql[] = {
	/* the spellings a surname key (or a pattern on keys) meets */
	[S_KEY] = "SELECT surname FROM surname_key WHERE kind = ?1 AND key = ?2",
	[S_RANGE] = "SELECT key, surname FROM surname_key WHERE kind = ?1 "
		    "AND key >= ?2 AND key < ?3 AND key GLOB ?4",
	[S_KIND] = "SELECT key, surname FROM surname_key WHERE kind = ?1 AND key GLOB ?2",
	/* the names of a spelling, with persons and given names, from the index
	 * on person_name alone: the given names are compared without another
	 * read; each spelling is read once a reading however many keys meet it */
	[S_SPELLING] = "SELECT id, person_id, given_names FROM person_name WHERE surname = ?1",
	/* the keys of a given-names spelling, stored when it was first written */
	[S_GIVEN] = "SELECT part, kind, key FROM given_key WHERE given = ?1",
	[S_NAME] = "SELECT n.person_id, n.surname, n.given_names, n.script, p.surname, "
		   "p.given_names, p.nationality, p.birth_date, p.birth_date_min, "
		   "p.birth_date_max, p.status, p.unit FROM person_name n "
		   "JOIN person p ON p.id = n.person_id WHERE n.id = ?1",
	/* what the filters read: the person row alone */
	[S_PERSON] = "SELECT nationality, birth_date, birth_date_min, birth_date_max, status, unit "
		     "FROM person WHERE id = ?1",
	[S_AT_CAMP] = "SELECT 1 FROM event WHERE person_id = ?1 AND camp_id = ?2 LIMIT 1",
	NULL,
};

/* ---- given names --------------------------------------------------------- */

/* The script of record word `part`, from its exact key. */
static int record_part_latin(const struct rkeys *r, int part)
{
	if (part < 64)
		return !((r->cyrillic >> part) & 1);   /* worked out with the keys */
	for (size_t i = 0; i < r->count; i++)
		if (r->items[i].part == part && r->items[i].kind == K_EXACT)
			return search_is_ascii(r->items[i].key);
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

/* A given name one or two letters off (Frances, Francis), by the measure
 * `powtrace link` uses: Jaro-Winkler 0.88 or more between the folded (or
 * romanised) forms, of at least four letters; the weakest rule of all. */
static pt_match given_similar(const struct qword *q, const struct rkeys *r, int part,
			      struct how *how, size_t *row)
{
	/* names the equivalents table puts in different groups (Alexander,
	 * Alexandra) are different names unless one letter apart (Frances for
	 * Francis is a clerk's slip); worked out when first needed */
	int apart = -1;
	for (size_t i = 0; i < r->count; i++) {
		const struct rkey *rk = &r->items[i];
		if (rk->part != part || !rk->similar)
			continue;
		for (size_t j = 0; j < q->keys.count; j++) {
			const char *qk = q->keys.items[j].key;
			if (!q->similar[j])
				continue;
			if (pt__jaro_winkler(qk, rk->key) < 0.88)
				continue;
			if (apart < 0)
				apart = known_apart(q, r, part);
			if (!apart || pt__edit_distance(qk, rk->key, 1) <= 1) {
				pt__search_how_set(how, PT_MATCH_SIMILAR, PT__K_EXACT, rk->key);
				how->record_part = part;
				*row = i;
				return PT_MATCH_SIMILAR;
			}
		}
	}
	return 0;
}

/* Query key j and record key rk are the same text: their hashes first. */
static inline int same_key(const struct qword *q, size_t j, const struct rkey *rk)
{
	return q->hashes[j] == rk->hash && !strcmp(q->keys.items[j].key, rk->key);
}

/* How query word q meets record word `part`: the best rule, or 0; *row
 * gets the record key that met (its index in r). */
static pt_match given_meets(const struct qword *q, const struct rkeys *r, int part,
			    struct how *how, size_t *row)
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
					if (qk == K_EXACT && same_key(q, j, rk))
						this = PT_MATCH_EXACT;
					else if (qk == K_INITIAL && starts_with(rk->key, qkey))
						this = PT_MATCH_INITIAL;
					else if (qk == K_VARIANT && same_key(q, j, rk))
						this = PT_MATCH_VARIANT;
					else if (qk == K_TRANSLIT && same_key(q, j, rk))
						this = PT_MATCH_TRANSLIT;
					break;
				case K_INITIAL:
					if ((qk == K_EXACT || qk == K_TRANSLIT) && starts_with(qkey, rk->key))
						this = PT_MATCH_INITIAL;
					break;
				case K_TRANSLIT:
					if (qk == K_EXACT && same_key(q, j, rk))
						this = PT_MATCH_TRANSLIT;
					else if (qk == K_INITIAL && starts_with(rk->key, qkey))
						this = PT_MATCH_INITIAL;
					else if (qk == K_TRANSLIT && same_key(q, j, rk))
						this = PT_MATCH_VARIANT;
					break;
				case K_VARIANT:
					if ((qk == K_EXACT || qk == K_VARIANT) && same_key(q, j, rk))
						this = PT_MATCH_VARIANT;
					break;
				case K_NICKNAME:
					if (qk == K_NICKNAME && same_key(q, j, rk))
						this = cross ? PT_MATCH_TRANSLIT : PT_MATCH_NICKNAME;
					break;
				case K_CLERK_CYRL:
					if (qk == K_CLERK_LATN && same_key(q, j, rk))
						this = PT_MATCH_TRANSLIT;
					break;
				case K_CLERK_LATN:
					if (qk == K_CLERK_CYRL && same_key(q, j, rk))
						this = PT_MATCH_TRANSLIT;
					break;
				case K_DM:
					if (qk == K_DM && same_key(q, j, rk)) {
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
			pt__search_how_set(how, rule, pt__search_kind_names[rk->kind], rk->key);
			how->record_part = part;
			*row = i;
		}
	}
	if (!best && !q->pattern && !q->initial)
		best = given_similar(q, r, part, how, row);
	return best;
}

/* given_meets() of query word `qi` and the record word of `part` in given
 * names m, worked out once a search for each different word: what it reads
 * of the record is that word's keys alone (their texts, kinds and order;
 * the script of its exact key). `how` (when not NULL) gets how they met. */
static pt_match word_meets(struct search *s, size_t qi, const struct gmemo *m, int part,
			   struct how *how)
{
	const struct qword *q = &s->q[qi];
	struct gword *w;
	struct wmeet *e;
	struct rkeys r;
	struct how scratch;
	size_t row = 0;
	pt_match rule;
	uint32_t id;
	int wpart;

	if (how)
		memset(how, 0, sizeof *how);
	if (!(id = gmemo_word(m, part)))
		return 0;             /* no keys: nothing meets it */
	w = &s->given->words[id - 1];
	if (qi < WORD_MEMO) {
		if (w->stamp != s->given->generation) {
			memset(w->meet, 0, sizeof w->meet);
			w->stamp = s->given->generation;
		}
		e = &w->meet[qi];
		if (e->state) {
			rule = (pt_match)(e->state - 1);
			if (how && rule) {
				pt__search_how_set(how, rule, e->similar ? PT__K_EXACT
						   : pt__search_kind_names[w->rows[e->row].kind],
						   w->rows[e->row].key);
				how->record_part = part;
			}
			return rule;
		}
	} else {
		e = NULL;
	}
	wpart = w->rows[0].part;
	r.items = w->rows;
	r.count = w->count;
	r.parts = wpart;
	r.cyrillic = !w->latin && wpart < 64 ? (uint64_t)1 << wpart : 0;
	if (!how)
		how = &scratch;
	rule = given_meets(q, &r, wpart, how, &row);
	how->record_part = part;
	if (e) {
		e->state = (uint8_t)(1 + rule);
		e->similar = rule == PT_MATCH_SIMILAR;
		e->row = (uint16_t)row;
	}
	return rule;
}

/* The verdict on candidate c; with `explain`, how each name part met too
 * (v->surname, v->given), else only ok, rule, score and parts_agree: the
 * ranking asks for a verdict on every kind of candidate, the hits shown
 * for their explanations. */
static int evaluate(struct search *s, const struct candidate *c, struct verdict *v, int explain)
{
	const pt__reading *rd = &s->readings[c->reading];
	const struct how *surname = &s->hows[c->how];
	int matched = 0, unmatched = 0, adj = 0, parts = 0, rc;
	uint64_t used = 0;
	pt_match rules[MAX_GIVEN];            /* how each query given word met */
	const struct gmemo *given = NULL;

	if (explain) {
		memset(v, 0, sizeof *v);
		v->surname = *surname;
	} else {
		v->ok = v->score = v->parts_agree = 0;
	}
	v->reading = c->reading;
	v->rule = surname->rule;
	v->given_count = (int)(rd->given_count < MAX_GIVEN ? rd->given_count : MAX_GIVEN);
	if (v->given_count > 0 && c->given) {
		struct gmemo *m = &s->given->items[c->given - 1];
		if ((rc = pt__search_given_keys(s, m)))
			return pt__error(s->db, rc, "out of memory");
		given = m;
		parts = m->parts;
	}
	v->record_given = v->given_count > 0 && parts > 0;
	for (int g = 0; g < v->given_count; g++) {
		pt_match best = 0;
		int best_part = 0;
		for (int part = 1; part <= parts && part < 64; part++) {
			pt_match m;
			if (used & ((uint64_t)1 << part))
				continue;
			m = word_meets(s, rd->given[g], given, part, NULL);
			/* prefer the better rule; among equals, the word in the same place */
			if (m && (!best || m < best ||
				  (m == best && part == g + 1 && best_part != g + 1))) {
				best = m;
				best_part = part;
			}
		}
		rules[g] = best;
		if (best) {
			used |= (uint64_t)1 << best_part;
			if (explain)
				word_meets(s, rd->given[g], given, best_part, &v->given[g]);
			matched++;
			if (best > v->rule)
				v->rule = best;
		} else {
			unmatched++;
		}
	}
	if (v->given_count > 0 && v->record_given && matched == 0)
		return PT_OK;                 /* given names disagree: not this person */
	/* a spelling one letter off is a likely slip only beside a name that
	 * agrees by a stronger rule: a similar surname needs every given name
	 * (there must be some) to agree by more than an initial or sound, a
	 * similar given name a surname that agrees by more than sound */
	if (surname->rule == PT_MATCH_SIMILAR &&
	    (!v->record_given || unmatched || !matched))
		return PT_OK;
	for (int g = 0; g < v->given_count; g++) {
		pt_match m = rules[g];
		if ((surname->rule == PT_MATCH_SIMILAR &&
		     (m >= PT_MATCH_PHONETIC || m == PT_MATCH_INITIAL)) ||
		    (m == PT_MATCH_SIMILAR && surname->rule >= PT_MATCH_PHONETIC))
			return PT_OK;
	}
	if (v->given_count > 0 && !v->record_given) {
		/* the record has no given names to compare: its surname alone must
		 * carry the match, on the likeliest reading and by more than sound */
		if (rd->penalty > 0 || surname->rule >= PT_MATCH_PHONETIC)
			return PT_OK;
		adj -= 4;
	}
	adj -= 3 * unmatched;
	adj -= rd->penalty;
	if (surname->part_only)
		adj -= 2;
	if (adj < -9)
		adj = -9;
	v->parts_agree = 1 + matched;
	v->score = 100 - 10 * ((int)v->rule - 1) + adj;
	v->ok = 1;
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
	sqlite3_stmt *st = search_stmt(s, S_NAME);
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

/* What the filters read of a candidate's person: the columns of S_PERSON
 * in place, valid until that statement is reset. */
struct filter_row {
	int64_t person_id;
	const char *nationality, *birth_date, *status, *unit;
	int64_t born_min, born_max;
	int has_born_min, has_born_max;
};

static int read_filter_row(struct search *s, const struct candidate *c, struct filter_row *f)
{
	sqlite3_stmt *st = search_stmt(s, S_PERSON);
	int step;

	memset(f, 0, sizeof *f);
	sqlite3_bind_int64(st, 1, c->person_id);
	step = sqlite3_step(st);
	if (step == SQLITE_DONE)
		return PT_ENOTFOUND;
	if (step != SQLITE_ROW)
		return pt__sql_error(s->db, "cannot read a person");
	f->person_id = c->person_id;
	f->nationality = (const char *)sqlite3_column_text(st, 0);
	f->birth_date = (const char *)sqlite3_column_text(st, 1);
	f->has_born_min = sqlite3_column_type(st, 2) != SQLITE_NULL;
	f->born_min = sqlite3_column_int64(st, 2);
	f->has_born_max = sqlite3_column_type(st, 3) != SQLITE_NULL;
	f->born_max = sqlite3_column_int64(st, 3);
	f->status = (const char *)sqlite3_column_text(st, 4);
	f->unit = (const char *)sqlite3_column_text(st, 5);
	return PT_OK;
}

/* 1: passes, 0: filtered out; *adj gets a point off for an uncertain birth date. */
static int passes(struct search *s, const pt_find_options *o, const struct filter_row *p,
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
			sqlite3_stmt *st = search_stmt(s, S_AT_CAMP);
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
	free(h->records);
	free(h->surname);
	free(h->given_names);
	free(h->nationality);
	free(h->birth_date);
	free(h->form_surname);
	free(h->form_given_names);
	free(h->form_script);
	free(h->why);
	free(h->service_number);
	for (size_t i = 0; i < h->text_count; i++) {
		free(h->texts[i].field);
		free(h->texts[i].snippet);
	}
	free(h->texts);
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
	pt_status status = PT_STATUS_UNKNOWN;
	pt_status_parse(name, &status);
	return status;
}

/* Best first: score, then the name parts that agree, then the surname met
 * (alphabetical, for wildcards), then the id. */
/* ---- one hit per man --------------------------------------------------------- */

/* A record that matched, and its man. */
struct matched {
	int64_t man, record;
};

static int matched_order(const void *a, const void *b)
{
	const struct matched *x = a, *y = b;
	if (x->man != y->man)
		return x->man < y->man ? -1 : 1;
	return x->record < y->record ? -1 : x->record > y->record;
}

/* The men of the records, when some records are linked (records/men.c). */
struct men {
	int linked;
	sqlite3_stmt *of;      /* the individual of a record */
	struct matched *matched;
	size_t count, cap;
};

static int man_of(struct search *s, struct men *m, int64_t record, int64_t *man)
{
	int step;
	*man = record;
	if (!m->linked)
		return PT_OK;
	sqlite3_reset(m->of);
	sqlite3_bind_int64(m->of, 1, record);
	step = sqlite3_step(m->of);
	if (step == SQLITE_ROW)
		*man = sqlite3_column_int64(m->of, 0);
	else if (step != SQLITE_DONE)
		return pt__sql_error(s->db, "cannot read an individual");
	return PT_OK;
}

static int matched_add(struct men *m, int64_t man, int64_t record)
{
	if (m->count == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct matched *grown = realloc(m->matched, cap * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		m->matched = grown;
		m->cap = cap;
	}
	m->matched[m->count].man = man;
	m->matched[m->count++].record = record;
	return PT_OK;
}

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
static int make_hit(struct search *s, struct men *m, const struct scored *sc, pt_find_hit *h)
{
	const struct candidate *c = &s->cands[sc->cand];
	struct person_row p;
	struct verdict v;
	size_t lo = 0, hi = m->count;
	int rc;

	memset(h, 0, sizeof *h);
	if ((rc = evaluate(s, c, &v, 1)))
		return rc;
	if ((rc = load_person(s, c->name_id, &p)))
		return rc == PT_ENOTFOUND ? pt__error(s->db, PT_EIO, "a name vanished during the search")
					  : rc;
	h->person_id = p.person_id;
	h->individual_id = sc->man;
	/* the man's records that matched: his run in the sorted list */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->matched[mid].man < sc->man)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < m->count && m->matched[hi].man == sc->man; hi++)
		;
	if (!(h->records = malloc((hi > lo ? hi - lo : 1) * sizeof *h->records))) {
		person_row_release(&p);
		return pt__error(s->db, PT_ENOMEM, "out of memory");
	}
	for (size_t k = lo; k < hi; k++)
		if (!h->record_count || h->records[h->record_count - 1] != m->matched[k].record)
			h->records[h->record_count++] = m->matched[k].record;
	if (!h->record_count)
		h->records[h->record_count++] = p.person_id;
	if (m->linked) {
		/* the man's status: of all his records when he has several */
		pt__man_fate fate;
		if ((rc = pt__man_fate_get(s->db, sc->man, &fate))) {
			person_row_release(&p);
			return rc;
		}
		free(p.status);
		p.status = pt__strdup(pt_status_name(fate.status));
		pt__man_fate_release(&fate);
	}
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
	if (!(h->why = pt__search_explain(s, &v, h->form_surname, h->form_given_names)))
		return pt__error(s->db, PT_ENOMEM, "out of memory");
	return PT_OK;
}

/* "surname Kelly, given names Frank" for reading i. */
/* The statements stay with the handle, reset: none holds a read open. */
static void search_reset(struct search *s)
{
	for (int i = 0; s->stmt && i < PT__NAMES_SEARCH_MAX; i++)
		if (s->stmt[i]) {
			sqlite3_reset(s->stmt[i]);
			sqlite3_clear_bindings(s->stmt[i]);
		}
}

static void search_release(struct search *s)
{
	search_reset(s);
	if (s->q)
		for (size_t i = 0; i < s->words.count; i++) {
			pt__keys_release(&s->q[i].keys);
			free(s->q[i].codes);
			free(s->q[i].similar);
			free(s->q[i].hashes);
			free(s->q[i].pattern);
		}
	free(s->q);
	pt__words_release(&s->words);
	if (s->cache)
		pt__search_cache_take_back(s->cache, s);
	free(s->cands);
	free(s->hows);
	pt__search_spelled_release(s);
	free(s->camp_ids);
	free(s->unit_folded);
}

/* Do the filters need the person row? */
static int person_filters(const pt_find_options *o)
{
	return o && ((o->born && *o->born) || (o->nationality && *o->nationality) ||
		     (o->camp && *o->camp) || (o->status && *o->status) || (o->unit && *o->unit));
}

/* The verdict of candidate c in brief (*score 0: not a hit), worked out once
 * for all candidates alike: evaluate() reads only their reading, given
 * names, and the rule and part_only by which their surname met. Thousands
 * of Smiths have a few hundred given names between them. */
static int verdict_of(struct search *s, const struct candidate *c, int *score, int *parts_agree)
{
	const struct how *h = &s->hows[c->how];
	uint16_t *memo = c->given ? pt__search_cache_memo(s->cache, &s->given->items[c->given - 1])
				  : s->memo_none;
	uint16_t *slot = &memo[((size_t)c->reading * (PT_MATCH_SIMILAR + 1) + h->rule) * 2 +
			       (h->part_only != 0)];

	if (!*slot) {
		struct verdict v;
		int rc = evaluate(s, c, &v, 0);
		if (rc)
			return rc;
		*slot = v.ok ? (uint16_t)(2 + 16 * v.score + v.parts_agree) : 1;
	}
	*score = *slot > 1 ? (*slot - 2) / 16 : 0;
	*parts_agree = *slot > 1 ? (*slot - 2) % 16 : 0;
	return PT_OK;
}

/* Do the filters pass candidate c of man `man`? *adj: a point off for an
 * uncertain birth date. */
static int filter(struct search *s, const pt_find_options *opts, const struct men *men,
		  const struct candidate *c, int64_t man, int *keep, int *adj)
{
	struct filter_row f;
	int rc;

	*keep = 0;
	if ((rc = read_filter_row(s, c, &f)) == PT_ENOTFOUND)
		return PT_OK;
	if (rc)
		return rc;
	if (men->linked && opts->status && *opts->status) {
		/* the status filter asks about the man, not the record */
		pt__man_fate fate;
		if ((rc = pt__man_fate_get(s->db, man, &fate)))
			return rc;
		f.status = pt_status_name(fate.status);
		pt__man_fate_release(&fate);
	}
	*keep = passes(s, opts, &f, adj, &rc);
	return rc;
}

/* Moves the k best of a[0..n) (by scored_order) to a[0..k), in no order: a
 * heap of the k best so far, the worst on top. */
static void keep_best(struct scored *a, size_t n, size_t k)
{
	for (size_t i = 0; i < n; i++) {
		size_t at;
		struct scored x = a[i];
		if (i < k) {
			at = i;                     /* grow the heap: sift x up */
			while (at > 0 && scored_order(&a[(at - 1) / 2], &x) < 0) {
				a[at] = a[(at - 1) / 2];
				at = (at - 1) / 2;
			}
			a[at] = x;
			continue;
		}
		if (scored_order(&x, &a[0]) >= 0)
			continue;                   /* no better than the worst kept */
		a[i] = a[0];
		at = 0;                             /* x replaces the worst: sift down */
		for (;;) {
			size_t child = 2 * at + 1;
			if (child >= k)
				break;
			if (child + 1 < k && scored_order(&a[child], &a[child + 1]) < 0)
				child++;
			if (scored_order(&a[child], &x) <= 0)
				break;
			a[at] = a[child];
			at = child;
		}
		a[at] = x;
	}
}

static int man_order(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	return *x < *y ? -1 : *x > *y;
}

/* Keeps the matched records of the men shown only, sorted by man. */
static int matched_of_shown(struct men *men, const struct scored *shown, size_t count)
{
	int64_t *ids;
	size_t kept = 0;

	if (!count || !men->count) {
		men->count = 0;
		return PT_OK;
	}
	if (!(ids = malloc(count * sizeof *ids)))
		return PT_ENOMEM;
	for (size_t i = 0; i < count; i++)
		ids[i] = shown[i].man;
	qsort(ids, count, sizeof *ids, man_order);
	for (size_t i = 0; i < men->count; i++)
		if (bsearch(&men->matched[i].man, ids, count, sizeof *ids, man_order))
			men->matched[kept++] = men->matched[i];
	free(ids);
	men->count = kept;
	qsort(men->matched, men->count, sizeof *men->matched, matched_order);
	return PT_OK;
}

/* The page of n ranked hits that opts ask for: [*first, *end). */
static void page_of(const pt_find_options *opts, size_t n, size_t *first, size_t *end)
{
	size_t offset = opts ? opts->offset : 0, limit = opts ? opts->limit : 0;
	*first = offset < n ? offset : n;
	*end = limit && limit < n - *first ? *first + limit : n;
}

/* Ranks the candidates: one verdict each, then the best per man; the hits
 * of the page opts ask for (page_of) and those before them sorted, the rest
 * only counted. */
static int rank(struct search *s, const pt_find_options *opts, struct men *men,
		struct scored **out, size_t *count)
{
	struct scored *scored = NULL;
	size_t n = 0, *best = NULL, best_cap = 1, first, end;
	int filters = person_filters(opts), rc = PT_OK;

	*out = NULL;
	*count = 0;
	if (!s->cand_count)
		return PT_OK;
	while (best_cap < s->cand_count * 2)
		best_cap *= 2;
	scored = malloc(s->cand_count * sizeof *scored);
	best = calloc(best_cap, sizeof *best);       /* man -> scored + 1 */
	if (!scored || !best) {
		rc = pt__error(s->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < s->cand_count; i++) {
		const struct candidate *c = &s->cands[i];
		int adj = 0, score, parts_agree;
		int64_t man;
		size_t slot;
		if ((rc = verdict_of(s, c, &score, &parts_agree)))
			goto cleanup;
		if (!score)
			continue;
		if ((rc = man_of(s, men, c->person_id, &man)))
			goto cleanup;
		if (filters) {
			int keep;
			if ((rc = filter(s, opts, men, c, man, &keep, &adj)))
				goto cleanup;
			if (!keep)
				continue;
		}
		if (matched_add(men, man, c->person_id)) {
			rc = pt__error(s->db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		/* one hit per man: the best of his records' name forms and readings */
		slot = (size_t)search_mix((uint64_t)man) & (best_cap - 1);
		while (best[slot] && scored[best[slot] - 1].man != man)
			slot = (slot + 1) & (best_cap - 1);
		{
			struct scored sc = { c->person_id, man, i, s->hows[c->how].key, score + adj,
					     parts_agree };
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
	/* sorted: the hits shown and those before them; the others only counted */
	page_of(opts, n, &first, &end);
	if (end < n)
		keep_best(scored, n, end);
	qsort(scored, end, sizeof *scored, scored_order);
	if (matched_of_shown(men, scored + first, end - first)) {
		rc = pt__error(s->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	*out = scored;
	*count = n;
	scored = NULL;
cleanup:
	free(scored);
	free(best);
	return rc;
}

/* The keys of each query word, with their kinds as numbers, which of them
 * are compared by similarity and the hashes of their texts. */
static int query_keys(struct search *s)
{
	int rc;

	for (size_t i = 0; i < s->words.count; i++) {
		struct qword *q = &s->q[i];
		if (q->pattern)
			continue;
		if ((rc = pt__search_word_keys(s->db, q->text, 1, q->initial, &q->keys)))
			return rc;
		if (!(q->codes = calloc(q->keys.count + 1, sizeof *q->codes)) ||
		    !(q->similar = calloc(q->keys.count + 1, 1)) ||
		    !(q->hashes = calloc(q->keys.count + 1, sizeof *q->hashes)))
			return pt__error(s->db, PT_ENOMEM, "out of memory");
		for (size_t k = 0; k < q->keys.count; k++) {
			const char *key = q->keys.items[k].key;
			q->codes[k] = pt__search_kind_code(q->keys.items[k].kind);
			q->similar[k] = (q->codes[k] == K_EXACT || q->codes[k] == K_TRANSLIT) &&
					strlen(key) >= 4 && search_is_ascii(key);
			q->hashes[k] = (uint32_t)pt__search_text_hash(key);
		}
	}
	return PT_OK;
}

/* What the handle kept from its last searches, unless the file changed,
 * and the candidates' array of the last search. */
static int cache_begin(struct search *s)
{
	int rc;

	if ((rc = pt__search_cache_begin(s->db, &s->cache)))
		return rc;
	s->given = pt__search_cache_given(s->cache);
	pt__search_cache_lend(s->cache, s);
	return PT_OK;
}

/* pt_person_find() by name (search_fields.c calls it) */
int pt__search_names(pt_db *db, const char *name, const pt_find_options *opts,
		     pt_find_result **out)
{
	struct search s;
	struct men men;
	struct scored *ranked = NULL;
	int transaction = 0;
	size_t ranked_count = 0, shown, first, end;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof s);
	memset(&men, 0, sizeof men);
	s.db = db;
	if ((rc = pt__search_check_query(db, name)))
		return rc;
	if (!(s.result = calloc(1, sizeof *s.result)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	if (!(s.stmt = pt__names_search_stmts(db))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (int i = 0; i < S_COUNT_; i++)
		if (!s.stmt[i] && (rc = pt__prepare(db, &s.stmt[i], pt__search_sql[i])))
			goto cleanup;
	/* one read transaction for the whole search: else every statement takes
	 * and drops the file's shared lock, thousands of times */
	if (sqlite3_get_autocommit(db->sql)) {
		if ((rc = pt__exec(db, "BEGIN")))
			goto cleanup;
		transaction = 1;
	}
	if ((rc = pt__search_prepare_words(&s, name)) || (rc = pt__search_prepare_filters(&s, opts)))
		goto cleanup;
	if ((rc = query_keys(&s)))
		goto cleanup;
	s.reading_count = pt__name_readings(&s.words, s.readings, MAX_READINGS);
	if (!s.reading_count) {
		rc = pt__error(db, PT_EINVAL, "'%s' has no surname to search for (only initials)",
			       name);
		goto cleanup;
	}
	if ((rc = pt__search_describe(&s)))
		goto cleanup;
	if ((rc = cache_begin(&s)))
		goto cleanup;
	for (int i = 0; i < s.reading_count; i++)
		if ((rc = pt__search_gather(&s, i))) {
			if (rc == PT_ENOMEM)
				pt__error(db, rc, "out of memory");
			goto cleanup;
		}
	/* one hit per man: the records that links join are one */
	if ((rc = pt__men_linked(db, &men.linked)) ||
	    (men.linked && !s.stmt[S_MAN] &&
	     (rc = pt__prepare(db, &s.stmt[S_MAN], "SELECT individual_id FROM "
			       "individual_member WHERE person_id = ?"))))
		goto cleanup;
	men.of = s.stmt[S_MAN];
	if ((rc = rank(&s, opts, &men, &ranked, &ranked_count)))
		goto cleanup;

	/* the person rows and explanations of the hits shown only */
	page_of(opts, ranked_count, &first, &end);
	shown = end - first;
	s.result->total = ranked_count;
	if (shown && !(s.result->hits = calloc(shown, sizeof *s.result->hits))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < shown; i++) {
		if ((rc = make_hit(&s, &men, &ranked[first + i], &s.result->hits[i]))) {
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
	free(men.matched);
	search_reset(&s);
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
	if ((rc = pt__search_check_query(db, name)))
		return rc;
	if (!(s.result = calloc(1, sizeof *s.result)) || !(k = calloc(1, sizeof *k))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = pt__search_prepare_words(&s, name)))
		goto cleanup;
	if (!pt__name_readings(&s.words, s.readings, 1)) {
		rc = pt__error(db, PT_EINVAL, "'%s' has no surname (only initials)", name);
		goto cleanup;
	}
	rd = &s.readings[0];
	k->surname = pt__search_words_text(&s.words, rd->surname_from, rd->surname_to);
	if (!k->surname)
		goto nomem;
	if (!s.words.items[rd->surname_from].wildcard &&
	    (rc = pt__search_word_keys(db, k->surname, 0, 0, &keys)))
		goto cleanup;
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
		if (!w->wildcard && (rc = pt__search_word_keys(db, w->text, (int)g + 1, w->initial, &keys)))
			goto cleanup;
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

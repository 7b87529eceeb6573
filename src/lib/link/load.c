/*
 * load.c - the records as the linker holds them: every name form split into
 * a surname and given-name words, each word with its search keys (read from
 * surname_key where the import stored them, worked out otherwise), the
 * birth date's bounds, the service number's digits, nationality, the unit's
 * words, the camps of the record's events, and what the vetoes need of its
 * captures and deaths. A record is new when it was never compared or its
 * content_hash changed since (link_pending, schema 0110).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

int32_t pt__lk_day_number(int32_t ymd)
{
	/* days from 0000-03-01 (Howard Hinnant's days_from_civil) */
	int32_t y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100, era, yoe, doy, doe;
	if (m < 1)
		m = 1;
	if (d < 1)
		d = 1;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe + 1;   /* + 1: 0 stays "none" */
}

/* what load() reads: every record, explain's two, or those of temp.pt_link_load */
enum { LOAD_ALL = 0, LOAD_PAIR = 1, LOAD_IDS = 2 };

static int grow(void **items, uint32_t *cap, uint32_t need, size_t size)
{
	uint32_t c = *cap ? *cap : 1024;
	void *p;
	if (need <= *cap)
		return PT_OK;
	while (c < need)
		c *= 2;
	if (!(p = realloc(*items, (size_t)c * size)))
		return PT_ENOMEM;
	*items = p;
	*cap = c;
	return PT_OK;
}

/* A query's rows: stepped here, or handed over by the reader thread (rows.c). */
typedef struct rows {
	sqlite3_stmt *s;
	lk_reader *reader;
} rows;

static int rows_step(rows *q)
{
	return q->reader ? pt__lk_reader_step(q->reader) : sqlite3_step(q->s);
}

static int64_t rows_int(const rows *q, int col)
{
	return q->reader ? pt__lk_reader_int(q->reader, col) : sqlite3_column_int64(q->s, col);
}

static const char *rows_text(const rows *q, int col)
{
	return q->reader ? pt__lk_reader_text(q->reader, col)
			 : (const char *)sqlite3_column_text(q->s, col);
}

static int rows_null(const rows *q, int col)
{
	return (q->reader ? pt__lk_reader_type(q->reader, col) : sqlite3_column_type(q->s, col)) ==
	       SQLITE_NULL;
}

static int rows_error(pt_db *db, rows *q, const char *what)
{
	if (q->reader)
		return pt__error(db, PT_EIO, "%s: %s", what, pt__lk_reader_errmsg(q->reader));
	return pt__sql_error(db, what);
}

/* The queries of a run that reads every record, in the order load() reads
 * them (the reader thread runs them so). */
#define RECORDS_SQL \
	"SELECT p.id, p.birth_date_min, p.birth_date_max, p.service_number, " \
	"p.nationality, p.unit, p.record_source, " \
	"q.person_id IS NOT NULL AND q.compared_hash IS NOT p.content_hash, " \
	"coalesce(m.individual_id, p.id), " \
	"q.compared_hash IS NOT NULL AND q.compared_hash <> p.content_hash " \
	"FROM person p LEFT JOIN link_pending q ON q.person_id = p.id " \
	"LEFT JOIN individual_member m ON m.person_id = p.id"
#define SURNAME_KEYS_SQL \
	"SELECT surname, kind, key FROM surname_key " \
	"WHERE kind NOT IN ('reverse', 'part', 'delete') ORDER BY surname"
#define NAMES_SQL \
	"SELECT person_id, surname, given_names FROM person_name ORDER BY person_id, seq"
#define EVENTS_SQL \
	"SELECT person_id, type, date_min, date_max, camp_id " \
	"FROM event WHERE camp_id IS NOT NULL OR type IN ('capture', 'death', 'burial')"
static const char *const all_sql[] = { RECORDS_SQL, SURNAME_KEYS_SQL, NAMES_SQL, EVENTS_SQL };

void pt__lk_data_release(lk_data *d)
{
	pt__lk_intern_release(&d->strings);
	pt__lk_intern_release(&d->word_index);
	pt__lk_intern_release(&d->form_index);
	pt__lk_intern_release(&d->unit_index);
	free(d->forms);
	free(d->unit_ranges);
	free(d->words);
	free(d->names);
	free(d->camps);
	free(d->units);
	free(d->recs);
	free(d->tf);
	memset(d, 0, sizeof *d);
}

/* ---- words ------------------------------------------------------------------------ */

static void add_id(uint32_t *ids, uint8_t *count, uint32_t id)
{
	for (uint8_t i = 0; i < *count; i++)
		if (ids[i] == id)
			return;
	if (*count < LK_MAX_KEYS)
		ids[(*count)++] = id;
}

static void add_initial(lk_word *w, char c)
{
	for (int i = 0; i < w->initial_count; i++)
		if (w->initials[i] == c)
			return;
	if (c && w->initial_count < LK_MAX_KEYS)
		w->initials[w->initial_count++] = c;
}

static void add_clerk_initials(lk_word *w, const char *latin)
{
	char keys[PT__CLERK_MAX][PT__CLERK_LEN];
	int n = pt__clerk_latin(latin, keys, PT__CLERK_MAX);
	for (int i = 0; i < n; i++)
		add_initial(w, keys[i][0]);
}

/* Fills w from the keys of one part. */
static int word_from_keys(lk_data *d, lk_word *w, const char *text, const pt__keys *k, int part)
{
	int rc = PT_OK;
	memset(w, 0, sizeof *w);
	w->text = pt__lk_intern_id(&d->strings, text, &rc);
	switch (pt__script_of(text)) {
	case PT__SCRIPT_CYRILLIC: w->script = LK_CYRILLIC; break;
	case PT__SCRIPT_LATIN: case PT__SCRIPT_NONE: w->script = LK_LATIN; break;
	default: w->script = LK_OTHER; break;
	}
	for (size_t i = 0; i < k->count && rc == PT_OK; i++) {
		const pt__key *key = &k->items[i];
		uint32_t id;
		if (key->part != part)
			continue;
		id = pt__lk_intern_id(&d->strings, key->key, &rc);
		if (!strcmp(key->kind, PT__K_EXACT)) {
			if (!w->exact)
				w->exact = id;
			else if (!w->alt && id != w->exact)
				w->alt = id;
		} else if (!strcmp(key->kind, PT__K_VARIANT)) {
			w->variant = id;
		} else if (!strcmp(key->kind, PT__K_TRANSLIT)) {
			if (w->translit_count < 2 && (!w->translit_count || w->translit[0] != id))
				w->translit[w->translit_count++] = id;
		} else if (!strcmp(key->kind, PT__K_CLERK_LATN) || !strcmp(key->kind, PT__K_CLERK_CYRL)) {
			add_id(w->clerk, &w->clerk_count, id);
		} else if (!strcmp(key->kind, PT__K_DM)) {
			add_id(w->dm, &w->dm_count, id);
		} else if (!strcmp(key->kind, PT__K_SOUNDEX)) {
			w->soundex = id;
		} else if (!strcmp(key->kind, PT__K_NICKNAME)) {
			add_id(w->nick, &w->nick_count, id);
		} else if (!strcmp(key->kind, PT__K_INITIAL)) {
			w->initial = 1;
		}
	}
	if (!w->variant)
		w->variant = w->exact;
	/* first letters as the clerk key writes them: of the word's own clerk
	 * keys (or, for a Latin initial, of its letters) and of its groups */
	for (int i = 0; i < w->clerk_count; i++)
		add_initial(w, d->strings.texts[w->clerk[i]][0]);
	if (w->exact && w->script == LK_LATIN)
		add_clerk_initials(w, d->strings.texts[w->exact]);
	for (int i = 0; i < w->nick_count; i++)
		add_clerk_initials(w, d->strings.texts[w->nick[i]]);
	return rc;
}

/* The word for `text` in its role (surname, given name, initial): made on
 * first use, from `keys` when given, else worked out. */
static int word_get(pt_db *db, lk_data *d, const char *text, int surname, int initial,
		    const pt__keys *keys, uint32_t *out)
{
	pt__buf tag = PT__BUF_INIT;
	pt__keys own = { NULL, 0, 0 };
	uint32_t id;
	int rc = PT_OK, part = surname ? 0 : 1, added = 0;
	char small[256];
	const char *t = small;
	char role = surname ? 'S' : initial ? 'I' : 'G';
	size_t len = strlen(text);

	*out = 0;
	/* most are short: no allocation for a word met before */
	if (len + 2 <= sizeof small) {
		small[0] = role;
		memcpy(small + 1, text, len + 1);
	} else {
		pt__buf_printf(&tag, "%c%s", role, text);
		if (tag.failed) {
			pt__buf_release(&tag);
			return PT_ENOMEM;
		}
		t = pt__buf_str(&tag);
	}
	/* one look-up: the word's id, or a new one (made below) */
	id = pt__lk_intern_put(&d->word_index, t, &added, &rc);
	if (rc || !added) {
		*out = id;
		pt__buf_release(&tag);
		return rc;
	}
	if (!keys) {
		if ((rc = pt__word_keys(db, text, part, initial, &own)))
			goto cleanup;
		keys = &own;
	}
	if ((rc = grow((void **)&d->words, &d->word_cap, id + 1, sizeof *d->words)))
		goto cleanup;
	if ((rc = word_from_keys(d, &d->words[id], text, keys, part)))
		goto cleanup;
	d->words[id].initial |= initial;
	if (id >= d->word_count)
		d->word_count = id + 1;
	*out = id;
cleanup:
	pt__keys_release(&own);
	pt__buf_release(&tag);
	return rc;
}

int pt__lk_word_of(pt_db *db, lk_data *d, const char *text, int surname, int initial,
	       uint32_t *out)
{
	return word_get(db, d, text, surname, initial, NULL, out);
}

int pt__lk_word_put(lk_data *d, const char *role_text, const lk_word *w, uint32_t *out)
{
	int rc = PT_OK;
	uint32_t id = pt__lk_intern_id(&d->word_index, role_text, &rc);
	*out = 0;
	if (rc || (rc = grow((void **)&d->words, &d->word_cap, id + 1, sizeof *d->words)))
		return rc;
	d->words[id] = *w;
	if (id >= d->word_count)
		d->word_count = id + 1;
	*out = id;
	return PT_OK;
}

/* The surnames whose keys the import stored: one word per spelling (of the
 * records in temp.pt_link_load only, when `some`). */
static int load_surname_keys(pt_db *db, lk_data *d, int some, lk_reader *reader)
{
	sqlite3_stmt *s = NULL;
	rows q = { NULL, reader };
	pt__keys keys = { NULL, 0, 0 };
	char *current = NULL;
	int rc, step;
	uint32_t id;

	if (!reader && (rc = pt__prepare(db, &s, some
			      ? "SELECT surname, kind, key FROM surname_key "
				"WHERE kind NOT IN ('reverse', 'part', 'delete') AND surname IN "
				/* the few records' names, not a pass over every name */
				"(SELECT n.surname FROM temp.pt_link_load l "
				"CROSS JOIN person_name n ON n.person_id = l.id) ORDER BY surname"
			      : SURNAME_KEYS_SQL)))
		return rc;
	q.s = s;
	while (rc == PT_OK) {
		const char *surname = NULL;
		step = rows_step(&q);
		if (step == SQLITE_ROW)
			surname = rows_text(&q, 0);
		else if (step != SQLITE_DONE) {
			rc = rows_error(db, &q, "cannot read the surname keys");
			break;
		}
		if (current && (!surname || strcmp(surname, current))) {
			rc = word_get(db, d, current, 1, 0, &keys, &id);
			pt__keys_release(&keys);
			free(current);
			current = NULL;
		}
		if (!surname || rc)
			break;
		if (!current && !(current = pt__strdup(surname))) {
			rc = PT_ENOMEM;
			break;
		}
		rc = pt__keys_add(&keys, 0, rows_text(&q, 1), pt__strdup(rows_text(&q, 2)), NULL);
		if (rc == PT_OK) {
			/* pt__keys_add keeps the kind's pointer: keep a static one */
			static const char *const kinds[] = {
				PT__K_EXACT, PT__K_VARIANT, PT__K_SOUNDEX, PT__K_DM, PT__K_TRANSLIT,
				PT__K_CLERK_LATN, PT__K_CLERK_CYRL, PT__K_NICKNAME, PT__K_INITIAL,
			};
			pt__key *k = &keys.items[keys.count - 1];
			const char *kind = k->kind;
			k->kind = "";
			for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
				if (!strcmp(kinds[i], kind))
					k->kind = kinds[i];
		}
	}
	free(current);
	pt__keys_release(&keys);
	sqlite3_finalize(s);
	return rc;
}

/* ---- name forms ---------------------------------------------------------------------- */

static int make_form(pt_db *db, lk_data *d, const char *surname, const char *given, lk_name *out);

/* The words of a name form, worked out once per distinct form (a register
 * repeats its names) and kept in d->forms by the form's text. */
static int form_of(pt_db *db, lk_data *d, const char *surname, const char *given, lk_name *out)
{
	pt__buf key = PT__BUF_INIT;
	uint32_t id;
	int rc = PT_OK, added = 0;
	char small[256];
	const char *t = small;
	size_t sl = surname ? strlen(surname) : 0, gl = given ? strlen(given) : 0;

	/* most are short: no allocation for a form met before */
	if (sl + gl + 2 <= sizeof small) {
		if (sl)
			memcpy(small, surname, sl);
		small[sl] = '\x1f';
		if (gl)
			memcpy(small + sl + 1, given, gl);
		small[sl + 1 + gl] = '\0';
	} else {
		pt__buf_printf(&key, "%s\x1f%s", surname ? surname : "", given ? given : "");
		if (key.failed) {
			pt__buf_release(&key);
			return PT_ENOMEM;
		}
		t = pt__buf_str(&key);
	}
	/* one look-up: the form's id, or a new one (its words made below) */
	id = pt__lk_intern_put(&d->form_index, t, &added, &rc);
	if (rc || !added) {
		if (!rc)
			*out = d->forms[id];
		pt__buf_release(&key);
		return rc;
	}
	if ((rc = make_form(db, d, surname, given, out)) ||
	    (rc = grow((void **)&d->forms, &d->form_cap, id + 1, sizeof *d->forms)))
		goto cleanup;
	d->forms[id] = *out;
cleanup:
	pt__buf_release(&key);
	return rc;
}

int pt__lk_name_add(lk_data *d, lk_rec *r, const lk_name *n)
{
	int rc;
	if (!n->surname && !n->given_count)
		return PT_OK;
	/* the same form twice (a primary name repeated as written) is one */
	for (uint32_t i = r->name_first; i < r->name_first + r->name_count; i++)
		if (!memcmp(&d->names[i], n, sizeof *n))
			return PT_OK;
	if ((rc = grow((void **)&d->names, &d->name_cap, d->name_count + 1, sizeof *d->names)))
		return rc;
	d->names[d->name_count++] = *n;
	r->name_count++;
	return PT_OK;
}

static int add_name(pt_db *db, lk_data *d, lk_rec *r, const char *surname, const char *given)
{
	lk_name n;
	int rc;

	if ((rc = form_of(db, d, surname, given, &n)))
		return rc;
	return pt__lk_name_add(d, r, &n);
}

static int make_form(pt_db *db, lk_data *d, const char *surname, const char *given, lk_name *out)
{
	char *s = NULL, *g = NULL;
	pt__words w = { NULL, 0, -1 };
	lk_name n;
	int rc;

	memset(&n, 0, sizeof n);
	if ((rc = pt__name_split_record(surname, given, &s, &g)))
		return rc;
	if (s && *s && (rc = word_get(db, d, s, 1, 0, NULL, &n.surname)))
		goto cleanup;
	if (g && *g) {
		if ((rc = pt__words_split(g, &w)))
			goto cleanup;
		for (size_t i = 0; i < w.count && n.given_count < LK_MAX_GIVEN; i++) {
			uint32_t id;
			if ((rc = word_get(db, d, w.items[i].text, 0, w.items[i].initial, NULL, &id)))
				goto cleanup;
			if (id && d->words[id].exact)
				n.given[n.given_count++] = id;
		}
	}
	*out = n;
cleanup:
	pt__words_release(&w);
	free(s);
	free(g);
	return rc;
}

/* ---- units --------------------------------------------------------------------------- */

static int stop_word(const char *w)
{
	static const char *const stop[] = {
		"the", "of", "and", "bn", "btn", "batt", "battalion", "regt", "regiment", "rgt",
		"div", "division", "coy", "company", "sqn", "squadron", "no", "nr", NULL,
	};
	for (int i = 0; stop[i]; i++)
		if (!strcmp(stop[i], w))
			return 1;
	return 0;
}

/* The unit's words, folded, without ordinal endings (2nd: 2) and the words
 * every unit has (battalion, regiment, of). */
static int unit_tokens(pt_db *db, lk_data *d, lk_rec *r, const char *unit)
{
	char *folded;
	char word[64];
	size_t n = 0;
	int rc = PT_OK;
	uint32_t id;
	(void)db;

	r->unit_first = d->unit_count;
	r->unit_count = 0;
	if (!unit || !*unit)
		return PT_OK;
	/* a register writes its units the same way again and again */
	if ((id = pt__lk_intern_find(&d->unit_index, unit))) {
		r->unit_first = d->unit_ranges[id].first;
		r->unit_count = d->unit_ranges[id].count;
		return PT_OK;
	}
	/* fold word by word: punctuation separates */
	for (const char *p = unit;; p++) {
		int letter = *p && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				    (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80);
		if (letter && n + 1 < sizeof word) {
			word[n++] = *p;
			continue;
		}
		if (n) {
			word[n] = '\0';
			if (!(folded = pt__name_fold(word, 0)))
				return PT_ENOMEM;
			/* 2nd, 1st, 3rd, 4th: the number */
			{
				size_t l = strlen(folded), digits = 0;
				while (digits < l && folded[digits] >= '0' && folded[digits] <= '9')
					digits++;
				if (digits && digits + 2 == l)
					folded[digits] = '\0';
			}
			if (*folded && !stop_word(folded)) {
				uint32_t token = pt__lk_intern_id(&d->strings, folded, &rc);
				int dup = 0;
				for (uint32_t i = r->unit_first; i < d->unit_count; i++)
					dup |= d->units[i] == token;
				if (!rc && !dup &&
				    !(rc = grow((void **)&d->units, &d->unit_cap, d->unit_count + 1,
						sizeof *d->units)))
					d->units[d->unit_count++] = token;
			}
			free(folded);
			if (rc)
				return rc;
			n = 0;
		}
		if (!*p)
			break;
	}
	r->unit_count = d->unit_count - r->unit_first;
	id = pt__lk_intern_id(&d->unit_index, unit, &rc);
	if (rc || (rc = grow((void **)&d->unit_ranges, &d->unit_range_cap, id + 1,
			     sizeof *d->unit_ranges)))
		return rc;
	d->unit_ranges[id].first = r->unit_first;
	d->unit_ranges[id].count = r->unit_count;
	return PT_OK;
}

int pt__lk_unit_add(lk_data *d, uint32_t token)
{
	int rc = grow((void **)&d->units, &d->unit_cap, d->unit_count + 1, sizeof *d->units);
	if (!rc)
		d->units[d->unit_count++] = token;
	return rc;
}

/* ---- records ---------------------------------------------------------------------------- */

int pt__lk_rec_new(lk_data *d, lk_rec **out)
{
	int rc = grow((void **)&d->recs, &d->rec_cap, d->rec_count + 1, sizeof *d->recs);
	*out = NULL;
	if (rc)
		return rc;
	*out = &d->recs[d->rec_count++];
	memset(*out, 0, sizeof **out);
	return PT_OK;
}

static uint32_t digits_of(lk_data *d, const char *sn, int *rc)
{
	char digits[32];
	size_t n = 0;
	if (!sn)
		return 0;
	for (; *sn && n + 1 < sizeof digits; sn++)
		if (*sn >= '0' && *sn <= '9')
			digits[n++] = *sn;
	digits[n] = '\0';
	return n >= 3 ? pt__lk_intern_id(&d->strings, digits, rc) : 0;
}

static uint32_t sorted_digits(lk_data *d, uint32_t sn, int *rc)
{
	char digits[32];
	int count[10] = { 0 };
	size_t k = 0;
	for (const char *p = d->strings.texts[sn]; *p && k + 1 < sizeof digits; p++, k++)
		count[*p - '0']++;
	k = 0;
	for (int c = 0; c < 10; c++)
		while (count[c]-- > 0)
			digits[k++] = (char)('0' + c);
	digits[k] = '\0';
	return pt__lk_intern_id(&d->strings, digits, rc);
}

static void bind_only(const lk_data *d, sqlite3_stmt *s, int some)
{
	if (some == LOAD_PAIR) {
		sqlite3_bind_int64(s, 1, d->only[0]);
		sqlite3_bind_int64(s, 2, d->only[1]);
	}
}

struct camp_row {
	uint32_t rec;
	int64_t camp;
};

static int camp_row_order(const void *a, const void *b)
{
	const struct camp_row *x = a, *y = b;
	if (x->rec != y->rec)
		return x->rec < y->rec ? -1 : 1;
	return x->camp < y->camp ? -1 : x->camp > y->camp;
}

struct camp_rows {
	struct camp_row *items;
	size_t count, cap;
};

/* One event row (person_id, type, date_min, date_max, camp_id) of record r. */
static int take_event(lk_data *d, uint32_t idx, const rows *q, struct camp_rows *cr)
{
	const char *type = rows_text(q, 1);
	int32_t lo = rows_null(q, 2) ? 0 : pt__lk_day_number((int32_t)rows_int(q, 2));
	int32_t hi = rows_null(q, 3) ? 0 : pt__lk_day_number((int32_t)rows_int(q, 3));
	lk_rec *r = &d->recs[idx];

	if (!strcmp(type, "death") || !strcmp(type, "burial")) {
		if (lo && hi && !strcmp(type, "death")) {
			if (!r->ev.death_min || lo < r->ev.death_min)
				r->ev.death_min = lo;
			if (hi > r->ev.death_max)
				r->ev.death_max = hi;
		}
	} else if (!strcmp(type, "capture")) {
		if (lo && lo > r->ev.capture_latest_min)
			r->ev.capture_latest_min = lo;
		if (hi && (!r->ev.capture_earliest_max || hi < r->ev.capture_earliest_max))
			r->ev.capture_earliest_max = hi;
	}
	if (!rows_null(q, 4)) {
		if (cr->count == cr->cap) {
			size_t c = cr->cap ? cr->cap * 2 : 4096;
			struct camp_row *g = realloc(cr->items, c * sizeof *g);
			if (!g)
				return PT_ENOMEM;
			cr->items = g;
			cr->cap = c;
		}
		cr->items[cr->count].rec = idx;
		cr->items[cr->count].camp = rows_int(q, 4);
		cr->count++;
	}
	return PT_OK;
}

/* The camps of the rows taken, each record's together. */
static int place_camps(lk_data *d, struct camp_rows *cr)
{
	int rc;
	if (cr->count > 0)
		qsort(cr->items, cr->count, sizeof *cr->items, camp_row_order);
	if ((rc = grow((void **)&d->camps, &d->camp_cap, d->camp_count + (uint32_t)cr->count + 1,
		       sizeof *d->camps)))
		return rc;
	for (size_t i = 0; i < cr->count; i++) {
		lk_rec *r = &d->recs[cr->items[i].rec];
		if (i > 0 && cr->items[i].rec == cr->items[i - 1].rec &&
		    cr->items[i].camp == cr->items[i - 1].camp)
			continue;
		if (!r->camp_count)
			r->camp_first = d->camp_count;
		d->camps[d->camp_count++] = cr->items[i].camp;
		r->camp_count++;
	}
	return PT_OK;
}

static int load_events(pt_db *db, lk_data *d, const int32_t *index, int64_t max_id, int some,
		       lk_reader *reader)
{
	sqlite3_stmt *s = NULL;
	rows q = { NULL, reader };
	struct camp_rows cr = { NULL, 0, 0 };
	int rc, step;

	if (!reader && (rc = pt__prepare(db, &s, some
			      ? "SELECT person_id, type, date_min, date_max, camp_id FROM event "
				"WHERE person_id IN (?1, ?2) AND "
				"(camp_id IS NOT NULL OR type IN ('capture', 'death', 'burial'))"
			      : EVENTS_SQL)))
		return rc;
	q.s = s;
	if (s)
		bind_only(d, s, some);
	while ((step = rows_step(&q)) == SQLITE_ROW) {
		int64_t pid = rows_int(&q, 0);
		if (pid < 0 || pid > max_id || index[pid] < 0)
			continue;
		if ((rc = take_event(d, (uint32_t)index[pid], &q, &cr)))
			goto cleanup;
	}
	if (step != SQLITE_DONE) {
		rc = rows_error(db, &q, "cannot read the events");
		goto cleanup;
	}
	rc = place_camps(d, &cr);
	d->events_loaded = 1;
cleanup:
	free(cr.items);
	sqlite3_finalize(s);
	return rc;
}

/* The events of the records marked in needed[], in one pass over the event
 * table (cheaper than a look-up per record once many are needed). */
static int load_events_scan(pt_db *db, lk_data *d, const uint8_t *needed)
{
	int64_t max_id = 0;
	int32_t *index;
	int rc;

	for (uint32_t i = 0; i < d->rec_count; i++)
		if (d->recs[i].id > max_id)
			max_id = d->recs[i].id;
	if (!(index = malloc((size_t)(max_id + 1) * sizeof *index)))
		return PT_ENOMEM;
	memset(index, 0xff, (size_t)(max_id + 1) * sizeof *index);
	for (uint32_t i = 0; i < d->rec_count; i++)
		if (needed[i])
			index[d->recs[i].id] = (int32_t)i;
	rc = load_events(db, d, index, max_id, 0, NULL);
	free(index);
	return rc;
}

int pt__lk_load_events(pt_db *db, lk_data *d, const uint8_t *needed)
{
	sqlite3_stmt *s = NULL;
	struct camp_rows cr = { NULL, 0, 0 };
	uint32_t count = 0;
	int rc;

	if (d->events_loaded)
		return PT_OK;
	for (uint32_t i = 0; i < d->rec_count; i++)
		count += needed[i] != 0;
	if (count > (d->total_count ? d->total_count : d->rec_count) / 8)
		return load_events_scan(db, d, needed);
	/* every event of the record: take_event passes over the ones that say
	 * nothing (no camp, another type). A filter on the type here cost more
	 * than the rows it spared: SQLite built the IN list's table again at
	 * each of the 10,000 look-ups of a run over a new register. */
	if ((rc = pt__prepare(db, &s, "SELECT person_id, type, date_min, date_max, camp_id "
			      "FROM event WHERE person_id = ?1")))
		return rc;
	for (uint32_t i = 0; i < d->rec_count && !rc; i++) {
		rows q = { s, NULL };
		int step;
		if (!needed[i])
			continue;
		sqlite3_bind_int64(s, 1, d->recs[i].id);
		while ((step = sqlite3_step(s)) == SQLITE_ROW)
			if ((rc = take_event(d, i, &q, &cr)))
				break;
		if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
			rc = pt__sql_error(db, "cannot read the events");
		sqlite3_reset(s);
	}
	if (!rc)
		rc = place_camps(d, &cr);
	d->events_loaded = !rc;
	free(cr.items);
	sqlite3_finalize(s);
	return rc;
}

static int load_names(pt_db *db, lk_data *d, const int32_t *index, int64_t max_id, int some,
		      lk_reader *reader)
{
	sqlite3_stmt *s = NULL;
	rows q = { NULL, reader };
	int rc, step;
	int32_t last = -1;

	if (!reader && (rc = pt__prepare(db, &s, some == LOAD_IDS
			      ? "SELECT person_id, surname, given_names FROM person_name WHERE "
				"person_id IN (SELECT id FROM temp.pt_link_load) ORDER BY person_id, seq"
			      : some
			      ? "SELECT person_id, surname, given_names FROM person_name WHERE "
				"person_id IN (?1, ?2) ORDER BY person_id, seq"
			      : NAMES_SQL)))
		return rc;
	q.s = s;
	if (s)
		bind_only(d, s, some);
	while ((step = rows_step(&q)) == SQLITE_ROW) {
		int64_t pid = rows_int(&q, 0);
		lk_rec *r;
		if (pid < 0 || pid > max_id || index[pid] < 0)
			continue;
		r = &d->recs[index[pid]];
		if (index[pid] != last) {
			r->name_first = d->name_count;
			r->name_count = 0;
			last = index[pid];
		}
		if ((rc = add_name(db, d, r, rows_text(&q, 1), rows_text(&q, 2))))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = rows_error(db, &q, "cannot read the names");
	sqlite3_finalize(s);
	return rc;
}

/* Counts, for the term-frequency adjustment, the records whose names have
 * each surname key (exact, variant and clerk keys; a record once a key). */
static int count_terms(lk_data *d)
{
	uint32_t size = d->strings.count + 1;
	uint32_t *seen;

	if (!(d->tf = calloc(size, sizeof *d->tf)) || !(seen = calloc(size, sizeof *seen)))
		return PT_ENOMEM;
	d->tf_size = size;
	for (uint32_t i = 0; i < d->rec_count; i++) {
		const lk_rec *r = &d->recs[i];
		for (uint32_t n = r->name_first; n < r->name_first + r->name_count; n++) {
			const lk_word *w;
			uint32_t keys[2 + LK_MAX_KEYS];
			int k = 0;
			if (!d->names[n].surname)
				continue;
			w = &d->words[d->names[n].surname];
			keys[k++] = w->exact;
			keys[k++] = w->variant;
			for (int c = 0; c < w->clerk_count; c++)
				keys[k++] = w->clerk[c];
			for (int j = 0; j < k; j++)
				if (keys[j] && seen[keys[j]] != i + 1) {
					seen[keys[j]] = i + 1;
					d->tf[keys[j]]++;
				}
		}
	}
	free(seen);
	return PT_OK;
}

static int load(pt_db *db, lk_data *d, int all, int some)
{
	sqlite3_stmt *s = NULL;
	lk_reader *reader = NULL;
	rows q = { NULL, NULL };
	int32_t *index = NULL;
	int64_t max_id = 0, count = 0;
	int rc, step;

	if (some != LOAD_IDS) {
		int64_t only[2] = { d->only[0], d->only[1] };
		int threads = d->threads;
		memset(d, 0, sizeof *d);
		d->only[0] = only[0];
		d->only[1] = only[1];
		d->threads = threads;
	}
	if ((rc = pt__prepare(db, &s, some == LOAD_IDS
			      ? "SELECT coalesce(max(id), 0) FROM temp.pt_link_load"
			      : some ? "SELECT coalesce(max(id), 0) FROM person WHERE id IN "
			      "(?1, ?2)" : "SELECT coalesce(max(id), 0) FROM person")))
		return rc;
	bind_only(d, s, some);
	if (sqlite3_step(s) == SQLITE_ROW)
		max_id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (!(index = malloc((size_t)(max_id + 1) * sizeof *index)))
		return PT_ENOMEM;
	memset(index, 0xff, (size_t)(max_id + 1) * sizeof *index);
	if (!some) {
		/* every record: their array made once, at its size */
		if ((rc = pt__query_int(db, "SELECT count(*) FROM person", &count)))
			goto cleanup;
		if (count > 0 && count < UINT32_MAX) {
			if (!(d->recs = pt__lk_big_alloc((size_t)count * sizeof *d->recs))) {
				rc = PT_ENOMEM;
				goto cleanup;
			}
			d->rec_cap = (uint32_t)count;
		}
		/* the queries stepped on the second core while this one makes
		 * the records of the rows before (the caller's threads) */
		if (d->threads > 1)
			reader = pt__lk_reader_start(db, all_sql, (int)(sizeof all_sql / sizeof *all_sql));
	}
	q.reader = reader;
	if (!reader && (rc = pt__prepare(db, &s, some == LOAD_IDS
			      ? RECORDS_SQL " WHERE p.id IN (SELECT id FROM temp.pt_link_load) ORDER BY p.id"
			      : some ? RECORDS_SQL " WHERE p.id IN (?1, ?2) ORDER BY p.id"
			      : RECORDS_SQL)))
		goto cleanup;
	q.s = s;
	if (s)
		bind_only(d, s, some);
	while ((step = rows_step(&q)) == SQLITE_ROW) {
		lk_rec *r;
		if ((rc = pt__lk_rec_new(d, &r)))
			goto cleanup;
		r->id = rows_int(&q, 0);
		if (!rows_null(&q, 1) && !rows_null(&q, 2)) {
			r->birth_min = (int32_t)rows_int(&q, 1);
			r->birth_max = (int32_t)rows_int(&q, 2);
		}
		r->sn = digits_of(d, rows_text(&q, 3), &rc);
		if (r->sn)
			r->sn_class = sorted_digits(d, r->sn, &rc);
		r->nationality = pt__lk_intern_id(&d->strings, rows_text(&q, 4), &rc);
		r->source = pt__lk_intern_id(&d->strings, rows_text(&q, 6), &rc);
		r->is_new = all || (int)rows_int(&q, 7);
		r->individual = rows_int(&q, 8);
		r->changed = (uint8_t)rows_int(&q, 9);
		r->store = some != LOAD_PAIR;
		if (rc || (rc = unit_tokens(db, d, r, rows_text(&q, 5))))
			goto cleanup;
		d->new_count += r->is_new;
		if (r->id < 0 || r->id > max_id) {
			rc = pt__error(db, PT_EIO, "cannot read the records: a record id beyond the last");
			goto cleanup;
		}
		index[r->id] = (int32_t)(d->rec_count - 1);
	}
	if (step != SQLITE_DONE) {
		rc = rows_error(db, &q, "cannot read the records");
		goto cleanup;
	}
	sqlite3_finalize(s);
	s = NULL;
	if ((some != LOAD_PAIR && (rc = load_surname_keys(db, d, some == LOAD_IDS, reader))) ||
	    (rc = load_names(db, d, index, max_id, some, reader)) ||
	    (some == LOAD_PAIR && (rc = load_events(db, d, index, max_id, some, NULL))) ||
	    (!some && d->new_count >= d->rec_count / 4 &&
	     (rc = load_events(db, d, index, max_id, some, reader))) ||
	    (!some && (rc = count_terms(d))))
		goto cleanup;
cleanup:
	pt__lk_reader_stop(reader);
	sqlite3_finalize(s);
	free(index);
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	return rc;
}

int pt__lk_load(pt_db *db, lk_data *d, int all)
{
	return load(db, d, all, 0);
}

int pt__lk_load_pair(pt_db *db, lk_data *d, int64_t a, int64_t b)
{
	memset(d, 0, sizeof *d);
	d->only[0] = a;
	d->only[1] = b;
	return load(db, d, 0, LOAD_PAIR);
}

static int rec_id_order(const void *x, const void *y)
{
	const lk_rec *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

void pt__lk_recs_sort(lk_data *d)
{
	if (d->rec_count > 1)
		qsort(d->recs, d->rec_count, sizeof *d->recs, rec_id_order);
}

int pt__lk_load_ids(pt_db *db, lk_data *d)
{
	int rc = load(db, d, 0, LOAD_IDS);
	/* each call's records come in id order; together they are sorted again */
	if (!rc)
		pt__lk_recs_sort(d);
	return rc;
}

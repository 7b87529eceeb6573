/*
 * stored.c - each record's comparison data, stored (schema/0090_link_records.sql):
 * what load.c makes of a record (the words of its name forms, the birth
 * date's bounds, the service number's digits, nationality, source, the
 * unit's words) as one blob a record in link_record, and each word with its
 * keys once in link_word. A run that reads only the new records reads their
 * candidates by id from here instead of parsing their names again; a record
 * with no row (deleted, changed by an import, or linked before 0090) is read
 * as load.c reads it, and stored.
 *
 * A blob is a run of varints and strings; a string is its length + 1 (0:
 * none) and its bytes with their terminating NUL, so that it is read in
 * place. After the names, a row written since 0105 holds what the vetoes
 * and the camp comparison take of the record's events (a 1, the four day
 * numbers of lk_events, the camps' ids), so that a run reads no event of
 * the records it reads from here; a row without them (older) has its
 * record's events read from the event table. The row goes when the record
 * changes (an import writes a record's events with it) and when a camp
 * merge moves one of its events (schema/0105_link_record_events.sql). A word is named by its role (S surname, G given name, I initial)
 * and spelling, as load.c's word_index names it.
 */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

/* ---- writing ------------------------------------------------------------------------- */

static void put_varint(pt__buf *b, uint64_t v)
{
	unsigned char tmp[10];
	size_t n = pt__lk_varint_put(tmp, v);
	pt__buf_add(b, (const char *)tmp, n);
}

static void put_int(pt__buf *b, int64_t v)
{
	put_varint(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));   /* zigzag */
}

static void put_str(pt__buf *b, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0;
	put_varint(b, n);
	if (n)
		pt__buf_add(b, s, n);
}

static const char *text_of(const lk_data *d, uint32_t id)
{
	return id ? d->strings.texts[id] : NULL;
}

static void put_ids(pt__buf *b, const lk_data *d, const uint32_t *ids, int count)
{
	put_varint(b, (uint64_t)count);
	for (int i = 0; i < count; i++)
		put_str(b, text_of(d, ids[i]));
}

static void encode_word(pt__buf *b, const lk_data *d, uint32_t id)
{
	const lk_word *w = &d->words[id];
	put_str(b, d->word_index.texts[id]);
	put_varint(b, w->script);
	put_varint(b, w->initial);
	put_str(b, text_of(d, w->text));
	put_str(b, text_of(d, w->exact));
	put_str(b, text_of(d, w->alt));
	put_str(b, text_of(d, w->variant));
	put_str(b, text_of(d, w->soundex));
	put_ids(b, d, w->translit, w->translit_count);
	put_ids(b, d, w->clerk, w->clerk_count);
	put_ids(b, d, w->dm, w->dm_count);
	put_ids(b, d, w->nick, w->nick_count);
	put_varint(b, w->initial_count);
	pt__buf_add(b, w->initials, w->initial_count);
}

static void encode_record(pt__buf *b, const lk_data *d, const lk_rec *r)
{
	put_int(b, r->birth_min);
	put_int(b, r->birth_max);
	put_str(b, text_of(d, r->sn));
	put_str(b, text_of(d, r->sn_class));
	put_str(b, text_of(d, r->nationality));
	put_str(b, text_of(d, r->source));
	put_ids(b, d, &d->units[r->unit_first], (int)r->unit_count);
	put_varint(b, r->name_count);
	for (uint32_t n = r->name_first; n < r->name_first + r->name_count; n++) {
		const lk_name *nm = &d->names[n];
		put_str(b, nm->surname ? d->word_index.texts[nm->surname] : NULL);
		put_varint(b, nm->given_count);
		for (int g = 0; g < nm->given_count; g++)
			put_str(b, d->word_index.texts[nm->given[g]]);
	}
	if (r->events_known) {
		put_varint(b, 1);
		put_int(b, r->ev.death_min);
		put_int(b, r->ev.death_max);
		put_int(b, r->ev.capture_latest_min);
		put_int(b, r->ev.capture_earliest_max);
		put_varint(b, r->camp_count);
		for (uint32_t c = r->camp_first; c < r->camp_first + r->camp_count; c++)
			put_int(b, d->camps[c]);
	}
}

static uint64_t word_key(const char *role_text)
{
	return pt__lk_hash(role_text, strlen(role_text), 0x57);
}

struct word_ref {
	uint64_t key;
	uint32_t id;
};

static int word_ref_order(const void *x, const void *y)
{
	const struct word_ref *a = x, *b = y;
	return a->key < b->key ? -1 : a->key > b->key;
}

/* The words of the records to store that link_word may not hold yet, in
 * key order (the table's pages in order). */
static int store_words(pt_db *db, lk_data *d)
{
	lk_batch *s = NULL;
	struct word_ref *refs = NULL;
	uint8_t *wanted = NULL;
	pt__buf b = PT__BUF_INIT;
	size_t n = 0;
	int rc = PT_OK;

	if (!(wanted = calloc(d->word_count + 1, 1)))
		return PT_ENOMEM;
	for (uint32_t i = 0; i < d->rec_count; i++) {
		const lk_rec *r = &d->recs[i];
		if (!r->store)
			continue;
		for (uint32_t k = r->name_first; k < r->name_first + r->name_count; k++) {
			const lk_name *nm = &d->names[k];
			wanted[nm->surname] = 1;
			for (int g = 0; g < nm->given_count; g++)
				wanted[nm->given[g]] = 1;
		}
	}
	wanted[0] = 0;
	for (uint32_t id = 1; id < d->word_count; id++)
		n += wanted[id] && !d->words[id].stored;
	if (!n || !(refs = malloc(n * sizeof *refs))) {
		rc = n ? PT_ENOMEM : PT_OK;
		goto cleanup;
	}
	n = 0;
	for (uint32_t id = 1; id < d->word_count; id++)
		if (wanted[id] && !d->words[id].stored) {
			refs[n].key = word_key(d->word_index.texts[id]);
			refs[n++].id = id;
		}
	qsort(refs, n, sizeof *refs, word_ref_order);
	if ((rc = pt__lk_batch_open(db, "INSERT OR IGNORE INTO link_word(key, data)", "(?, ?)", "", 2,
				    "cannot store a word", &s)))
		goto cleanup;
	for (size_t i = 0; i < n && !rc; i++) {
		pt__buf_reset(&b);
		encode_word(&b, d, refs[i].id);
		if (b.failed) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			break;
		}
		pt__lk_batch_int(s, (int64_t)refs[i].key);
		pt__lk_batch_blob(s, b.data, b.len);
		rc = pt__lk_batch_row(s);
		d->words[refs[i].id].stored = 1;
	}
	if (!rc)
		rc = pt__lk_batch_finish(s);
cleanup:
	pt__lk_batch_free(s);
	pt__buf_release(&b);
	free(refs);
	free(wanted);
	return rc;
}

int pt__lk_store_records(pt_db *db, lk_data *d)
{
	lk_batch *s = NULL;
	pt__buf b = PT__BUF_INIT;
	int rc;

	if ((rc = store_words(db, d)) ||
	    (rc = pt__lk_batch_open(db, "INSERT OR REPLACE INTO link_record(person_id, data)",
				    "(?, ?)", "", 2, "cannot store a record's comparison data", &s)))
		goto cleanup;
	for (uint32_t i = 0; i < d->rec_count && !rc; i++) {
		lk_rec *r = &d->recs[i];
		if (!r->store)
			continue;
		pt__buf_reset(&b);
		encode_record(&b, d, r);
		if (b.failed) {
			rc = PT_ENOMEM;
			break;
		}
		pt__lk_batch_int(s, r->id);
		pt__lk_batch_blob(s, b.data, b.len);
		rc = pt__lk_batch_row(s);
		r->store = 0;
	}
	if (!rc)
		rc = pt__lk_batch_finish(s);
cleanup:
	pt__lk_batch_free(s);
	pt__buf_release(&b);
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	return rc;
}

/* ---- reading ------------------------------------------------------------------------- */

typedef struct reader {
	const unsigned char *p, *end;
	int bad;
} reader;

static uint64_t get_varint(reader *in)
{
	uint64_t v = 0;
	if (!in->bad && !(in->p = pt__lk_varint_get(in->p, in->end, &v))) {
		in->bad = 1;
		in->p = in->end;
	}
	return in->bad ? 0 : v;
}

static int64_t get_int(reader *in)
{
	uint64_t v = get_varint(in);
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* A string in place (NULL: none). */
static const char *get_str(reader *in)
{
	uint64_t n = get_varint(in);
	const char *s;
	if (!n || in->bad)
		return NULL;
	if (n > (uint64_t)(in->end - in->p) || in->p[n - 1] != '\0') {
		in->bad = 1;
		in->p = in->end;
		return NULL;
	}
	s = (const char *)in->p;
	in->p += n;
	return s;
}

static uint32_t get_text(reader *in, lk_data *d, int *rc)
{
	return pt__lk_intern_id(&d->strings, get_str(in), rc);
}

static uint8_t get_ids(reader *in, lk_data *d, uint32_t *ids, int max, int *rc)
{
	uint64_t n = get_varint(in);
	if (n > (uint64_t)max) {
		in->bad = 1;
		return 0;
	}
	for (uint64_t i = 0; i < n; i++)
		ids[i] = get_text(in, d, rc);
	return (uint8_t)n;
}

/* Reads a word's row into w; 0: it holds another spelling (a hash shared). */
static int decode_word(reader *in, lk_data *d, const char *role_text, lk_word *w, int *rc)
{
	const char *stored = get_str(in);
	uint64_t initials;
	if (!stored || strcmp(stored, role_text))
		return 0;
	memset(w, 0, sizeof *w);
	w->script = (uint8_t)get_varint(in);
	w->initial = (uint8_t)get_varint(in);
	w->text = get_text(in, d, rc);
	w->exact = get_text(in, d, rc);
	w->alt = get_text(in, d, rc);
	w->variant = get_text(in, d, rc);
	w->soundex = get_text(in, d, rc);
	w->translit_count = get_ids(in, d, w->translit, 2, rc);
	w->clerk_count = get_ids(in, d, w->clerk, LK_MAX_KEYS, rc);
	w->dm_count = get_ids(in, d, w->dm, LK_MAX_KEYS, rc);
	w->nick_count = get_ids(in, d, w->nick, LK_MAX_KEYS, rc);
	initials = get_varint(in);
	if (initials > LK_MAX_KEYS || initials > (uint64_t)(in->end - in->p)) {
		in->bad = 1;
		return 0;
	}
	memcpy(w->initials, in->p, initials);
	in->p += initials;
	w->initial_count = (uint8_t)initials;
	w->stored = 1;
	return !in->bad;
}

typedef struct store_reader {
	sqlite3_stmt *word;
} store_reader;

/* The word named role_text: met before in this run, else from link_word,
 * else worked out as load.c works a word out. */
static int word_named(pt_db *db, lk_data *d, store_reader *sr, const char *role_text,
		      uint32_t *out)
{
	lk_word w;
	int rc = PT_OK, found = 0;

	if ((*out = pt__lk_intern_find(&d->word_index, role_text)))
		return PT_OK;
	if (!sr->word && (rc = pt__prepare(db, &sr->word, "SELECT data FROM link_word WHERE key = ?")))
		return rc;
	sqlite3_bind_int64(sr->word, 1, (int64_t)word_key(role_text));
	if (sqlite3_step(sr->word) == SQLITE_ROW) {
		reader in = { sqlite3_column_blob(sr->word, 0), NULL, 0 };
		in.end = in.p + sqlite3_column_bytes(sr->word, 0);
		found = decode_word(&in, d, role_text, &w, &rc);
	}
	sqlite3_reset(sr->word);
	if (rc)
		return rc;
	if (!found)
		return pt__lk_word_of(db, d, role_text + 1, role_text[0] == 'S', role_text[0] == 'I',
				      out);
	return pt__lk_word_put(d, role_text, &w, out);
}

/* The events' part of a row (after the names). */
static int decode_events(lk_data *d, reader *in, lk_rec *r)
{
	uint64_t count;
	if (get_varint(in) != 1) {
		in->bad = 1;
		return PT_OK;
	}
	r->ev.death_min = (int32_t)get_int(in);
	r->ev.death_max = (int32_t)get_int(in);
	r->ev.capture_latest_min = (int32_t)get_int(in);
	r->ev.capture_earliest_max = (int32_t)get_int(in);
	count = get_varint(in);
	if (in->bad || count > (uint64_t)(in->end - in->p)) {
		in->bad = 1;
		return PT_OK;
	}
	if (d->camp_count + count + 1 > d->camp_cap) {
		size_t cap = d->camp_cap ? (size_t)d->camp_cap * 2 : 4096;
		int64_t *g;
		while (cap < d->camp_count + count + 1)
			cap *= 2;
		if (cap > UINT32_MAX || !(g = realloc(d->camps, cap * sizeof *g)))
			return PT_ENOMEM;
		d->camps = g;
		d->camp_cap = (uint32_t)cap;
	}
	r->camp_first = d->camp_count;
	r->camp_count = (uint32_t)count;
	for (uint64_t i = 0; i < count; i++)
		d->camps[d->camp_count++] = get_int(in);
	r->events_known = !in->bad;
	return PT_OK;
}

/* Appends the record whose blob is in `in` to d. */
static int decode_record(pt_db *db, lk_data *d, store_reader *sr, reader *in, lk_rec *r)
{
	uint64_t names;
	int rc = PT_OK;

	r->birth_min = (int32_t)get_int(in);
	r->birth_max = (int32_t)get_int(in);
	r->sn = get_text(in, d, &rc);
	r->sn_class = get_text(in, d, &rc);
	r->nationality = get_text(in, d, &rc);
	r->source = get_text(in, d, &rc);
	{
		uint64_t n = get_varint(in);
		if (n > 64) {
			in->bad = 1;
			n = 0;
		}
		r->unit_first = d->unit_count;
		for (uint64_t i = 0; i < n && !rc; i++)
			rc = pt__lk_unit_add(d, get_text(in, d, &rc));
		r->unit_count = d->unit_count - r->unit_first;
	}
	names = get_varint(in);
	r->name_first = d->name_count;
	r->name_count = 0;
	for (uint64_t k = 0; k < names && !rc && !in->bad; k++) {
		lk_name nm;
		const char *t = get_str(in);
		uint64_t given;
		memset(&nm, 0, sizeof nm);
		if (t && (rc = word_named(db, d, sr, t, &nm.surname)))
			break;
		given = get_varint(in);
		if (given > LK_MAX_GIVEN) {
			in->bad = 1;
			break;
		}
		for (uint64_t g = 0; g < given && !rc; g++)
			if ((t = get_str(in)))
				rc = word_named(db, d, sr, t, &nm.given[nm.given_count++]);
		if (!rc)
			rc = pt__lk_name_add(d, r, &nm);
	}
	if (!rc && !in->bad && in->p < in->end)
		rc = decode_events(d, in, r);
	if (!rc && in->bad)
		rc = PT_EINVAL;
	return rc;
}

/* individual_member whole, in person order: one pass over the table, not a
 * look-up (or two joins) for each of the 100,000 records a run reads */
struct member {
	int64_t person, individual;
};

static int read_members(pt_db *db, struct member **out, size_t *count)
{
	sqlite3_stmt *s = NULL;
	struct member *m = NULL;
	size_t n = 0, cap = 0;
	int rc, step;

	*out = NULL;
	*count = 0;
	if ((rc = pt__prepare(db, &s, "SELECT person_id, individual_id FROM individual_member "
			      "ORDER BY person_id")))
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			size_t c = cap ? cap * 2 : 4096;
			struct member *g = realloc(m, c * sizeof *g);
			if (!g) {
				rc = PT_ENOMEM;
				break;
			}
			m = g;
			cap = c;
		}
		m[n].person = sqlite3_column_int64(s, 0);
		m[n++].individual = sqlite3_column_int64(s, 1);
	}
	if (!rc && step != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot read the individuals");
	sqlite3_finalize(s);
	if (rc) {
		free(m);
		return rc;
	}
	*out = m;
	*count = n;
	return PT_OK;
}

/* The individual of record id: its member row's, else its own id. */
static int64_t individual_of(const struct member *m, size_t count, int64_t id)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m[mid].person < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < count && m[lo].person == id ? m[lo].individual : id;
}

#define MARK_PARTNER 1
#define MARK_NEW 2
#define MARK_WANTED 4          /* an individual whose records the guard needs */
#define MARK_READ 8            /* a partner read from its link_record row */

/* d->recs in id order again when it is two runs in id order, [0, a) and
 * [a, rec_count), the first short: the first copied out and the two merged
 * forward in place (a write never passes the second run's next read). */
static int merge_runs(lk_data *d, uint32_t a)
{
	uint32_t i = 0, j = a, n = 0;
	lk_rec *first;

	if (!a || a == d->rec_count)
		return PT_OK;
	if (!(first = malloc((size_t)a * sizeof *first)))
		return PT_ENOMEM;
	memcpy(first, d->recs, (size_t)a * sizeof *first);
	while (i < a) {
		if (j < d->rec_count && d->recs[j].id < first[i].id)
			d->recs[n++] = d->recs[j++];
		else
			d->recs[n++] = first[i++];
	}
	free(first);
	return PT_OK;
}

/* Room for `more` records (one allocation, not a doubling per step). */
static int reserve_recs(lk_data *d, size_t more)
{
	size_t want = (size_t)d->rec_count + more;
	lk_rec *g;
	if (want <= d->rec_cap)
		return PT_OK;
	if (want > UINT32_MAX || !(g = realloc(d->recs, want * sizeof *g)))
		return PT_ENOMEM;
	d->recs = g;
	d->rec_cap = (uint32_t)want;
	return PT_OK;
}

/* The other records of the wanted individuals (for the guard: their ids and
 * individuals are enough) below id `below`, from m[*next] on: added in id
 * order between the partners. */
static int add_members(lk_data *d, const struct member *m, size_t m_count, const uint8_t *mark,
		       int64_t below, size_t *next)
{
	for (; *next < m_count && m[*next].person < below; (*next)++) {
		const struct member *x = &m[*next];
		lk_rec *r;
		int rc;
		if (!(mark[x->individual] & MARK_WANTED) ||
		    (mark[x->person] & (MARK_PARTNER | MARK_NEW)))
			continue;
		if ((rc = pt__lk_rec_new(d, &r)))
			return rc;
		r->id = x->person;
		r->individual = x->individual;
	}
	return PT_OK;
}

/* Decodes the link_record row of partner `id` into a new record of d. */
static int take_row(pt_db *db, lk_data *d, store_reader *sr, int64_t id, int64_t individual,
		    const void *blob, int bytes)
{
	reader in = { blob, NULL, 0 };
	lk_rec *r;
	int rc;

	in.end = in.p + bytes;
	if ((rc = pt__lk_rec_new(d, &r)))
		return rc;
	r->id = id;
	r->individual = individual;
	if ((rc = decode_record(db, d, sr, &in, r)) == PT_EINVAL)
		rc = pt__error(db, rc, "link_record: the row of record %lld is damaged", (long long)id);
	return rc;
}

int pt__lk_read_around(pt_db *db, lk_data *d, const uint8_t *partner, int64_t max_id)
{
	sqlite3_stmt *s = NULL, *missing = NULL;
	store_reader sr = { NULL };
	struct member *m = NULL;
	size_t m_count = 0, partners = 0, members = 0;
	uint8_t *mark = NULL;
	int64_t top = max_id, min_id = -1;
	uint32_t news = d->rec_count;
	size_t next_member = 0;
	int rc, step;

	if ((rc = read_members(db, &m, &m_count)) || (rc = pt__lk_temp_ids(db, "pt_link_missing")))
		goto cleanup;
	/* an individual's id is one of its records': the members' ids bound them */
	if (m_count && m[m_count - 1].person > top)
		top = m[m_count - 1].person;
	for (uint32_t i = 0; i < news; i++)
		if (d->recs[i].id > top)
			top = d->recs[i].id;
	if (!(mark = calloc((size_t)top + 1, 1))) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	for (uint32_t i = 0; i < news; i++)
		if (d->recs[i].id >= 0)
			mark[d->recs[i].id] |= MARK_NEW;
	for (int64_t id = 0; id <= max_id; id++)
		if (partner[id] && !(mark[id] & MARK_NEW)) {
			mark[id] |= MARK_PARTNER;
			partners++;
			if (min_id < 0)
				min_id = id;
		}
	for (size_t i = 0; i < m_count; i++)
		if (mark[m[i].person] & (MARK_PARTNER | MARK_NEW))
			mark[m[i].individual] |= MARK_WANTED;
	for (size_t i = 0; i < m_count; i++)
		members += (mark[m[i].individual] & MARK_WANTED) &&
			   !(mark[m[i].person] & (MARK_PARTNER | MARK_NEW));
	if ((rc = reserve_recs(d, partners + members)))
		goto cleanup;
	/* the partners, in id order, from their link_record rows: the rows in
	 * their range read in one pass when the partners are many of them,
	 * else each looked up */
	if (partners && (size_t)(max_id - min_id + 1) <= partners * 16) {
		if ((rc = pt__prepare(db, &s, "SELECT person_id, data FROM link_record "
				      "WHERE person_id BETWEEN ?1 AND ?2 ORDER BY person_id")))
			goto cleanup;
		sqlite3_bind_int64(s, 1, min_id);
		sqlite3_bind_int64(s, 2, max_id);
		while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(s, 0);
			if (id < 0 || id > max_id || !(mark[id] & MARK_PARTNER))
				continue;
			mark[id] |= MARK_READ;
			if (!(rc = add_members(d, m, m_count, mark, id, &next_member)))
				rc = take_row(db, d, &sr, id, individual_of(m, m_count, id),
					      sqlite3_column_blob(s, 1), sqlite3_column_bytes(s, 1));
		}
		if (!rc && step != SQLITE_DONE)
			rc = pt__sql_error(db, "cannot read the stored records");
	} else if (partners) {
		if ((rc = pt__prepare(db, &s, "SELECT data FROM link_record WHERE person_id = ?")))
			goto cleanup;
		for (int64_t id = min_id; id <= max_id && !rc; id++) {
			if (!(mark[id] & MARK_PARTNER))
				continue;
			sqlite3_bind_int64(s, 1, id);
			step = sqlite3_step(s);
			if (step == SQLITE_ROW) {
				mark[id] |= MARK_READ;
				if (!(rc = add_members(d, m, m_count, mark, id, &next_member)))
					rc = take_row(db, d, &sr, id, individual_of(m, m_count, id),
						      sqlite3_column_blob(s, 0),
						      sqlite3_column_bytes(s, 0));
			} else if (step != SQLITE_DONE) {
				rc = pt__sql_error(db, "cannot read the stored records");
			}
			sqlite3_reset(s);
		}
	}
	/* not stored: read from person and person_name, below */
	for (int64_t id = min_id; id >= 0 && id <= max_id && !rc; id++)
		if ((mark[id] & (MARK_PARTNER | MARK_READ)) == MARK_PARTNER)
			rc = pt__lk_temp_add(db, &missing, "pt_link_missing", id);
	if (!rc)
		rc = add_members(d, m, m_count, mark, INT64_MAX, &next_member);
	/* two runs in id order: the new records, the others */
	if (!rc)
		rc = merge_runs(d, news);
	/* the ones not stored, as load.c reads them (they are stored after) */
	if (!rc && missing &&
	    !(rc = pt__exec(db, "DELETE FROM temp.pt_link_load; INSERT INTO temp.pt_link_load(id) "
			    "SELECT id FROM temp.pt_link_missing")))
		rc = pt__lk_load_ids(db, d);
cleanup:
	sqlite3_finalize(s);
	sqlite3_finalize(missing);
	sqlite3_finalize(sr.word);
	free(m);
	free(mark);
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	return rc;
}

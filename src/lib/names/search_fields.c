/*
 * search_fields.c - `powtrace find` beyond names: by service number (the
 * same, one digit wrong, or two next to each other swapped), by the words
 * of the unit, and by words of the notes, remarks, kept columns and event
 * notes (schema/0050: an expression index on the number, the FTS5 table
 * person_text, kept by triggers). Without a name, the men with a record
 * that matches, through the filters of the name search; with a name, the
 * men of the name search who also have such a record. Each hit says what
 * matched, as a name hit does.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "names/search.h"
#include "records/records.h"

#define MAX_NUMBER 32

/* The folded number as the index of schema/0050 has it (keep the two alike). */
#define NUMBER_KEY_SQL \
	"upper(replace(replace(replace(replace(service_number, ' ', ''), '-', ''), '/', ''), '.', ''))"

/* A record whose number matched. */
struct nrec {
	int64_t person;
	int score;             /* 100 the same, 90 two swapped, 80 one wrong */
	char *number;          /* as recorded */
	char *how;             /* "service number: ..." */
};

/* A record whose texts matched: its best row in person_text. */
struct trec {
	int64_t person, row;
	double rank;           /* lower is better: 0 the record's texts, 1 an event's */
};

/* A record that matched every criterion given. */
struct frec {
	int64_t person, man;
	int score;
	double rank;
	const struct nrec *num;
	const struct trec *text, *unit;
};

/* A man: his records that matched, [first, first + count) of the sorted records,
 * the first the best (its score and rank copied, to sort the men by). */
struct fman {
	int64_t man;
	size_t first, count;
	struct frec best;
};

struct fsearch {
	pt_db *db;
	const pt_find_options *o;
	char number[MAX_NUMBER + 1];           /* folded */
	char *text_query, *unit_query;         /* FTS5 expressions */
	struct nrec *nums;   size_t num_count;
	struct trec *texts;  size_t text_count;
	struct trec *units;  size_t unit_count;
	struct frec *recs;   size_t rec_count, rec_cap;
	struct fman *men;    size_t man_count;
	int linked, filtered;                  /* a filter of the name search is given */
	sqlite3_stmt *man_of, *row, *at_camp;  /* prepared once a search */
};

/* Does the search go beyond names: a number or text, or a unit and no name? */
static int fields_wanted(const char *name, const pt_find_options *o)
{
	return o && (o->number || o->text || (o->unit && (!name || !*name)));
}

/* ---- the number -------------------------------------------------------------- */

/* Folds a number as NUMBER_KEY_SQL does; -1 when too long, -2 for a character
 * that is no letter or digit. */
static int number_fold(const char *in, char *out)
{
	size_t n = 0;
	for (; *in; in++) {
		unsigned char c = (unsigned char)*in;
		if (c == ' ' || c == '-' || c == '/' || c == '.')
			continue;
		if (!isalnum(c))
			return -2;
		if (n == MAX_NUMBER)
			return -1;
		out[n++] = (char)toupper(c);
	}
	out[n] = 0;
	return (int)n;
}

static const char *ordinal_suffix(size_t n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

/* The score of a recorded (folded) number against the typed one, and why. */
static int number_verdict(const char *typed, const char *typed_folded, const char *recorded,
			  const char *key, pt__buf *why)
{
	size_t len = strlen(key), diff[3], nd = 0;
	if (!strcmp(key, typed_folded)) {
		if (!strcmp(typed, recorded))
			pt__buf_printf(why, "service number: exact: %s", recorded);
		else
			pt__buf_printf(why, "service number: exact after folding: %s = %s (%s)", typed,
				       recorded, key);
		return 100;
	}
	if (len != strlen(typed_folded))
		return 0;
	for (size_t i = 0; i < len && nd < 3; i++)
		if (key[i] != typed_folded[i])
			diff[nd++] = i;
	if (nd == 1) {
		pt__buf_printf(why, "service number: one digit wrong: %s ~ %s (the %zu%s)", typed,
			       recorded, diff[0] + 1, ordinal_suffix(diff[0] + 1));
		return 80;
	}
	if (nd == 2 && diff[1] == diff[0] + 1 && key[diff[0]] == typed_folded[diff[1]] &&
	    key[diff[1]] == typed_folded[diff[0]]) {
		pt__buf_printf(why, "service number: two digits swapped: %s ~ %s (the %zu%s and "
			       "%zu%s)", typed, recorded, diff[0] + 1, ordinal_suffix(diff[0] + 1),
			       diff[1] + 1, ordinal_suffix(diff[1] + 1));
		return 90;
	}
	return 0;
}

/* The number and its neighbours: each digit changed, each pair of
 * neighbours swapped; *count of them in *out (caller frees each). */
static int number_variants(const char *q, char ***out, size_t *count)
{
	size_t len = strlen(q), n = 0;
	char **v = calloc(1 + len * 10, sizeof *v);
	if (!v)
		return PT_ENOMEM;
	if (!(v[n++] = pt__strdup(q)))
		goto nomem;
	for (size_t i = 0; i < len; i++) {
		if (isdigit((unsigned char)q[i]))
			for (char d = '0'; d <= '9'; d++) {
				if (d == q[i])
					continue;
				if (!(v[n] = pt__strdup(q)))
					goto nomem;
				v[n++][i] = d;
			}
		if (i + 1 < len && q[i] != q[i + 1]) {
			if (!(v[n] = pt__strdup(q)))
				goto nomem;
			v[n][i] = q[i + 1];
			v[n++][i + 1] = q[i];
		}
	}
	*out = v;
	*count = n;
	return PT_OK;
nomem:
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return PT_ENOMEM;
}

static int nrec_order(const void *a, const void *b)
{
	const struct nrec *x = a, *y = b;
	return x->person < y->person ? -1 : x->person > y->person;
}

/* The records with the number or a neighbour of it: index look-ups only. */
static int gather_numbers(struct fsearch *f)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	pt__buf sql = PT__BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, step;

	if ((rc = number_variants(f->number, &v, &n)))
		return pt__error(f->db, rc, "out of memory");
	pt__buf_puts(&sql, "SELECT id, service_number, " NUMBER_KEY_SQL " FROM person "
		     "WHERE service_number IS NOT NULL AND " NUMBER_KEY_SQL " IN (");
	for (size_t i = 0; i < n; i++)
		pt__buf_puts(&sql, i ? ", ?" : "?");
	pt__buf_puts(&sql, ")");
	if (sql.failed) {
		rc = pt__error(f->db, PT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = pt__prepare(f->db, &st, pt__buf_str(&sql))))
		goto done;
	for (size_t i = 0; i < n; i++)
		sqlite3_bind_text(st, (int)i + 1, v[i], -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		pt__buf why = PT__BUF_INIT;
		const char *recorded = (const char *)sqlite3_column_text(st, 1);
		const char *key = (const char *)sqlite3_column_text(st, 2);
		int score = number_verdict(f->o->number, f->number, recorded, key, &why);
		struct nrec *r;
		if (!score) {
			pt__buf_release(&why);
			continue;
		}
		if (f->num_count == cap) {
			struct nrec *grown = realloc(f->nums, (cap = cap ? 2 * cap : 16) * sizeof *grown);
			if (!grown) {
				pt__buf_release(&why);
				rc = pt__error(f->db, PT_ENOMEM, "out of memory");
				goto done;
			}
			f->nums = grown;
		}
		r = &f->nums[f->num_count++];
		r->person = sqlite3_column_int64(st, 0);
		r->score = score;
		r->number = pt__strdup(recorded);
		r->how = why.failed ? NULL : pt__buf_detach(&why);
		pt__buf_release(&why);
		if (!r->number || !r->how) {
			rc = pt__error(f->db, PT_ENOMEM, "out of memory");
			goto done;
		}
	}
	if (step != SQLITE_DONE)
		rc = pt__sql_error(f->db, "cannot look the service number up");
	if (f->num_count)
		qsort(f->nums, f->num_count, sizeof *f->nums, nrec_order);
done:
	sqlite3_finalize(st);
	pt__buf_release(&sql);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return rc;
}

/* ---- the texts ----------------------------------------------------------------- */

/* The FTS5 expression of the typed words: each a quoted string, so that no
 * character the user types is FTS5 syntax ("NEAR(", '*', '"', '-', ':').
 * Words are runs of letters and digits (any byte beyond ASCII counts as a
 * letter; FTS5's own tokenizer splits them further). A unit: every word
 * the beginning of a word. Returns the words found; -1 out of memory. */
static int fts_expression(const char *columns, const char *typed, int unit, char **out)
{
	pt__buf b = PT__BUF_INIT;
	int words = 0;
	const char *s = typed;

	*out = NULL;
	pt__buf_printf(&b, "%s : (", columns);
	while (*s) {
		const char *start;
		while (*s && !(isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80))
			s++;
		if (!*s)
			break;
		start = s;
		while (*s && (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80))
			s++;
		if (words++)
			pt__buf_putc(&b, ' ');
		pt__buf_putc(&b, '"');
		pt__buf_add(&b, start, (size_t)(s - start));
		pt__buf_puts(&b, unit ? "\" *" : "\"");
	}
	pt__buf_putc(&b, ')');
	if (b.failed) {
		pt__buf_release(&b);
		return -1;
	}
	*out = pt__buf_detach(&b);
	return words;
}

static int trec_order(const void *a, const void *b)
{
	const struct trec *x = a, *y = b;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The records whose rows in person_text match `query`: the best row each. */
static int gather_texts(struct fsearch *f, const char *query, struct trec **out, size_t *count)
{
	sqlite3_stmt *st = NULL;
	size_t n = 0, cap = 0, kept = 0;
	struct trec *t = NULL;
	int rc, step;

	/* a person's row is his id, an event's minus its id: the UNINDEXED
	 * person_id would cost a read of the content table per row */
	if ((rc = pt__prepare(f->db, &st, "SELECT t.rowid, CASE WHEN t.rowid > 0 THEN t.rowid ELSE "
			      "(SELECT e.person_id FROM event e WHERE e.id = -t.rowid) END "
			      "FROM person_text t WHERE person_text MATCH ?1")))
		return rc;
	sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			struct trec *grown = realloc(t, (cap = cap ? 2 * cap : 64) * sizeof *grown);
			if (!grown) {
				rc = pt__error(f->db, PT_ENOMEM, "out of memory");
				goto done;
			}
			t = grown;
		}
		t[n].row = sqlite3_column_int64(st, 0);
		t[n].person = sqlite3_column_int64(st, 1);
		t[n].rank = t[n].row > 0 ? 0 : 1;     /* the record's own texts first */
		n++;
	}
	if (step != SQLITE_DONE) {
		rc = pt__sql_error(f->db, "cannot search the texts");
		goto done;
	}
	if (n)
		qsort(t, n, sizeof *t, trec_order);
	for (size_t i = 0; i < n; i++)       /* the best row of each record */
		if (!kept || t[kept - 1].person != t[i].person)
			t[kept++] = t[i];
done:
	sqlite3_finalize(st);
	*out = t;
	*count = kept;
	return rc;
}

/* What a person_text row says around the match: the column that matched
 * with its words in [brackets]. */
static int text_snippet(struct fsearch *f, const char *query, int64_t row, int unit,
			pt_find_text *out)
{
	sqlite3_stmt *st = NULL;
	int rc, step;

	memset(out, 0, sizeof *out);
	if ((rc = pt__prepare(f->db, &st, "SELECT snippet(person_text, 0, X'02', X'03', '…', 16), "
			      "snippet(person_text, 1, X'02', X'03', '…', 16), "
			      "snippet(person_text, 2, X'02', X'03', '…', 16) "
			      "FROM person_text WHERE person_text MATCH ?1 AND rowid = ?2")))
		return rc;
	sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, row);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int col = unit ? 0 : 1;
		const char *text = (const char *)sqlite3_column_text(st, col);
		if (!unit && (!text || !strchr(text, '\x02')))
			text = (const char *)sqlite3_column_text(st, col = 2);
		out->field = pt__strdup(col == 0 ? "unit" : col == 2 ? "kept columns"
					 : row < 0 ? "event notes" : "notes");
		out->snippet = pt__strdup(text ? text : "");
		if (!out->field || !out->snippet)
			rc = pt__error(f->db, PT_ENOMEM, "out of memory");
		for (char *c = out->snippet; c && *c; c++)
			if (*c == '\x02' || *c == '\x03')
				*c = *c == '\x02' ? '[' : ']';
	} else if (step != SQLITE_DONE) {
		rc = pt__sql_error(f->db, "cannot read a text");
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- the records that match, and their men ------------------------------------------ */

static int trec_find(const struct trec *t, size_t n, int64_t person, const struct trec **out)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t[mid].person < person)
			lo = mid + 1;
		else
			hi = mid;
	}
	*out = lo < n && t[lo].person == person ? &t[lo] : NULL;
	return *out != NULL;
}

/* Does record `r` pass the filters of the name search (s has them read)? */
static int passes_filters(struct fsearch *f, const struct search *s, struct frec *r, int *rc)
{
	const pt_find_options *o = f->o;
	sqlite3_stmt *st;
	int keep = 0;

	if ((!f->row && (*rc = pt__prepare(f->db, &f->row, "SELECT nationality, birth_date, "
					   "birth_date_min, birth_date_max, status FROM person "
					   "WHERE id = ?1"))) ||
	    (!f->at_camp && (*rc = pt__prepare(f->db, &f->at_camp, "SELECT 1 FROM event WHERE "
					       "person_id = ?1 AND camp_id = ?2 LIMIT 1"))))
		return 0;
	st = f->row;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, r->person);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *nat = (const char *)sqlite3_column_text(st, 0);
		const char *status = (const char *)sqlite3_column_text(st, 4);
		int64_t lo = sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 2);
		int64_t hi = sqlite3_column_type(st, 3) == SQLITE_NULL ? 99991231
							: sqlite3_column_int64(st, 3);
		pt__man_fate fate;
		keep = 1;
		if (o->nationality && *o->nationality && (!nat || strcasecmp(nat, o->nationality)))
			keep = 0;
		if (keep && s->has_born && (sqlite3_column_type(st, 1) == SQLITE_NULL ||
					    lo > s->born_max || hi < s->born_min))
			keep = 0;
		if (keep && o->status && *o->status) {
			if (f->linked && !(*rc = pt__man_fate_get(f->db, r->man, &fate))) {
				keep = !strcmp(pt_status_name(fate.status), o->status);
				pt__man_fate_release(&fate);
			} else if (!f->linked) {
				keep = status && !strcmp(status, o->status);
			}
		}
	}
	sqlite3_reset(st);
	if (keep && !*rc && s->camp_count) {
		keep = 0;
		for (size_t i = 0; i < s->camp_count && !keep; i++) {
			sqlite3_reset(f->at_camp);
			sqlite3_bind_int64(f->at_camp, 1, r->person);
			sqlite3_bind_int64(f->at_camp, 2, s->camp_ids[i]);
			keep = sqlite3_step(f->at_camp) == SQLITE_ROW;
		}
		sqlite3_reset(f->at_camp);
	}
	return keep && !*rc;
}

static int man_of(struct fsearch *f, int64_t record, int64_t *man)
{
	int step;
	*man = record;
	if (!f->linked)
		return PT_OK;
	sqlite3_reset(f->man_of);
	sqlite3_bind_int64(f->man_of, 1, record);
	step = sqlite3_step(f->man_of);
	if (step == SQLITE_ROW)
		*man = sqlite3_column_int64(f->man_of, 0);
	else if (step != SQLITE_DONE)
		return pt__sql_error(f->db, "cannot read an individual");
	return PT_OK;
}

/* Better first: score, then the text's rank, then the id. */
static int frec_better(const struct frec *x, const struct frec *y)
{
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->person < y->person ? -1 : x->person > y->person;
}

static int frec_by_man(const void *a, const void *b)
{
	const struct frec *x = a, *y = b;
	if (x->man != y->man)
		return x->man < y->man ? -1 : 1;
	return frec_better(x, y);
}

static int fman_order(const void *a, const void *b)
{
	const struct fman *x = a, *y = b;
	int c = frec_better(&x->best, &y->best);
	return c ? c : (x->man < y->man ? -1 : x->man > y->man);
}

/* The records in every set given (the smallest set read, the others looked
 * up), through the filters when `s` is given, grouped by man, men best first. */
static int gather_records(struct fsearch *f, const struct search *s)
{
	size_t base_count = f->o->number ? f->num_count : f->unit_query ? f->unit_count
							   : f->text_count;
	int rc = PT_OK;

	for (size_t i = 0; i < base_count; i++) {
		struct frec r;
		memset(&r, 0, sizeof r);
		r.person = f->o->number ? f->nums[i].person : f->unit_query ? f->units[i].person
								    : f->texts[i].person;
		r.num = f->o->number ? &f->nums[i] : NULL;
		r.score = r.num ? r.num->score : 100;
		if ((f->unit_query && !trec_find(f->units, f->unit_count, r.person, &r.unit)) ||
		    (f->text_query && !trec_find(f->texts, f->text_count, r.person, &r.text)))
			continue;
		r.rank = r.text ? r.text->rank : r.unit ? r.unit->rank : 0;
		if ((rc = man_of(f, r.person, &r.man)))
			return rc;
		if (s && f->filtered && !passes_filters(f, s, &r, &rc)) {
			if (rc)
				return rc;
			continue;
		}
		if (f->rec_count == f->rec_cap) {
			size_t cap = f->rec_cap ? 2 * f->rec_cap : 64;
			struct frec *grown = realloc(f->recs, cap * sizeof *grown);
			if (!grown)
				return pt__error(f->db, PT_ENOMEM, "out of memory");
			f->recs = grown;
			f->rec_cap = cap;
		}
		f->recs[f->rec_count++] = r;
	}
	if (!f->rec_count)
		return PT_OK;
	qsort(f->recs, f->rec_count, sizeof *f->recs, frec_by_man);
	if (!(f->men = calloc(f->rec_count, sizeof *f->men)))
		return pt__error(f->db, PT_ENOMEM, "out of memory");
	for (size_t i = 0; i < f->rec_count; i++) {
		if (!f->man_count || f->men[f->man_count - 1].man != f->recs[i].man) {
			f->men[f->man_count].man = f->recs[i].man;
			f->men[f->man_count].best = f->recs[i];
			f->men[f->man_count++].first = i;
		}
		f->men[f->man_count - 1].count++;
	}
	qsort(f->men, f->man_count, sizeof *f->men, fman_order);
	return PT_OK;
}

/* ---- hits ----------------------------------------------------------------------- */

/* Adds to hit h what the best record of man m matched by: the number, the
 * unit's and the texts' words, in `why` (after what it holds) and in fields. */
static int describe_fields(struct fsearch *f, const struct fman *m, pt_find_hit *h)
{
	const struct frec *r = &f->recs[m->first];
	pt__buf why = PT__BUF_INIT;
	int rc = PT_OK;

	if (h->why)
		pt__buf_puts(&why, h->why);
	if (r->num) {
		pt__buf_printf(&why, "%s%s", why.len ? "; " : "", r->num->how);
		if (!(h->service_number = pt__strdup(r->num->number)))
			rc = PT_ENOMEM;
	}
	if ((r->unit || r->text) &&
	    !(h->texts = calloc(2, sizeof *h->texts)))
		rc = PT_ENOMEM;
	for (int k = 0; k < 2 && !rc; k++) {
		const struct trec *t = k ? r->text : r->unit;
		pt_find_text *out;
		if (!t)
			continue;
		out = &h->texts[h->text_count];
		if ((rc = text_snippet(f, k ? f->text_query : f->unit_query, t->row, !k, out)))
			break;
		h->text_count++;
		pt__buf_printf(&why, "%s%s: \"%s\"", why.len ? "; " : "", out->field, out->snippet);
	}
	if (!rc && m->count > 1)
		pt__buf_printf(&why, " (record %lld, the best of %zu of his that matched)",
			       (long long)r->person, m->count);
	if (rc || why.failed) {
		pt__buf_release(&why);
		return rc == PT_ENOMEM || !rc ? pt__error(f->db, PT_ENOMEM, "out of memory") : rc;
	}
	free(h->why);
	h->why = pt__buf_detach(&why);
	return PT_OK;
}

static int int64_order(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The hit of man m, found without a name: his best record's name and facts. */
static int make_hit(struct fsearch *f, const struct fman *m, pt_find_hit *h)
{
	const struct frec *r = &f->recs[m->first];
	sqlite3_stmt *st = NULL;
	int rc;

	h->individual_id = m->man;
	h->person_id = r->person;
	h->score = r->score;
	h->match = r->score == 100 ? PT_MATCH_EXACT : PT_MATCH_SIMILAR;
	h->status = PT_STATUS_UNKNOWN;
	if (!(h->records = malloc(m->count * sizeof *h->records)))
		return pt__error(f->db, PT_ENOMEM, "out of memory");
	for (size_t i = 0; i < m->count; i++)
		h->records[i] = f->recs[m->first + i].person;
	qsort(h->records, m->count, sizeof *h->records, int64_order);
	h->record_count = m->count;
	if ((rc = pt__prepare(f->db, &st, "SELECT p.surname, p.given_names, p.nationality, "
			      "p.birth_date, p.status, n.surname, n.given_names FROM person p "
			      "LEFT JOIN person_name n ON n.id = (SELECT id FROM person_name "
			      "WHERE person_id = p.id ORDER BY is_primary DESC, seq LIMIT 1) "
			      "WHERE p.id = ?1")))
		return rc;
	sqlite3_bind_int64(st, 1, r->person);
	if (sqlite3_step(st) == SQLITE_ROW) {
		h->surname = pt__column_dup(st, 0);
		h->given_names = pt__column_dup(st, 1);
		h->nationality = pt__column_dup(st, 2);
		h->birth_date = pt__column_dup(st, 3);
		pt_status_parse((const char *)sqlite3_column_text(st, 4), &h->status);
		if (!h->surname && !h->given_names &&
		    pt__name_split_record((const char *)sqlite3_column_text(st, 5),
					  (const char *)sqlite3_column_text(st, 6), &h->surname,
					  &h->given_names))
			rc = pt__error(f->db, PT_ENOMEM, "out of memory");
	} else {
		rc = pt__error(f->db, PT_EIO, "a record vanished during the search");
	}
	sqlite3_finalize(st);
	if (!rc && f->linked) {
		pt__man_fate fate;
		if (!(rc = pt__man_fate_get(f->db, m->man, &fate))) {
			h->status = fate.status;
			pt__man_fate_release(&fate);
		}
	}
	return rc ? rc : describe_fields(f, m, h);
}

/* ---- the search ------------------------------------------------------------------ */

/* Reads the number, unit and text; PT_EINVAL for one with nothing to search for. */
static int prepare(struct fsearch *f, const char *name)
{
	const pt_find_options *o = f->o;
	int words;

	if (o->number) {
		int n = number_fold(o->number, f->number);
		if (n == -1)
			return pt__error(f->db, PT_EINVAL, "number: '%.40s...' is too long for a "
					 "service number (at most %d letters and digits)", o->number,
					 MAX_NUMBER);
		if (n <= 0)
			return pt__error(f->db, PT_EINVAL, "number: '%s' is not a service number "
					 "(letters and digits, with spaces, hyphens, slashes or full "
					 "stops)", o->number);
	}
	if (o->text) {
		if ((words = fts_expression("{notes extra}", o->text, 0, &f->text_query)) < 0)
			return pt__error(f->db, PT_ENOMEM, "out of memory");
		if (!words)
			return pt__error(f->db, PT_EINVAL, "text: '%s' has no word to search for",
					 o->text);
	}
	if (o->unit && (!name || !*name)) {
		if ((words = fts_expression("unit", o->unit, 1, &f->unit_query)) < 0)
			return pt__error(f->db, PT_ENOMEM, "out of memory");
		if (!words)
			return pt__error(f->db, PT_EINVAL, "unit: '%s' has no word to search for",
					 o->unit);
	}
	return PT_OK;
}

/* "service number 1234; unit Royal; words typhus" */
static char *describe_query(const struct fsearch *f, const char *before)
{
	pt__buf b = PT__BUF_INIT;
	if (before)
		pt__buf_puts(&b, before);
	if (f->o->number)
		pt__buf_printf(&b, "%sservice number %s", b.len ? "; " : "", f->o->number);
	if (f->unit_query)
		pt__buf_printf(&b, "%sunit %s", b.len ? "; " : "", f->o->unit);
	if (f->text_query)
		pt__buf_printf(&b, "%swords %s", b.len ? "; " : "", f->o->text);
	return b.failed ? (pt__buf_release(&b), NULL) : pt__buf_detach(&b);
}

static int gather(struct fsearch *f)
{
	int rc;
	if ((f->o->number && (rc = gather_numbers(f))) ||
	    (f->unit_query && (rc = gather_texts(f, f->unit_query, &f->units, &f->unit_count))) ||
	    (f->text_query && (rc = gather_texts(f, f->text_query, &f->texts, &f->text_count))))
		return rc;
	if ((rc = pt__men_linked(f->db, &f->linked)) ||
	    (f->linked && (rc = pt__prepare(f->db, &f->man_of, "SELECT individual_id FROM "
					    "individual_member WHERE person_id = ?"))))
		return rc;
	return PT_OK;
}

/* Without a name: the men of the records that match, through the filters. */
static int search_alone(struct fsearch *f, pt_find_result *res)
{
	struct search s;
	size_t shown, first;
	int rc;

	memset(&s, 0, sizeof s);
	s.db = f->db;
	s.result = res;
	f->filtered = (f->o->born && *f->o->born) || (f->o->nationality && *f->o->nationality) ||
		      (f->o->camp && *f->o->camp) || (f->o->status && *f->o->status);
	if ((rc = pt__search_prepare_filters(&s, f->o)) || (rc = gather(f)) ||
	    (rc = gather_records(f, &s)))
		goto done;
	res->total = f->man_count;
	first = f->o->offset < f->man_count ? f->o->offset : f->man_count;
	shown = f->man_count - first;
	if (f->o->limit && shown > f->o->limit)
		shown = f->o->limit;
	if (shown && !(res->hits = calloc(shown, sizeof *res->hits))) {
		rc = pt__error(f->db, PT_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < shown && !rc; i++) {
		rc = make_hit(f, &f->men[first + i], &res->hits[i]);
		res->count++;      /* freed with the result, whole or not */
	}
	if (!rc && !(res->read_as = describe_query(f, NULL)))
		rc = pt__error(f->db, PT_ENOMEM, "out of memory");
done:
	free(s.camp_ids);
	free(s.unit_folded);
	return rc;
}

/* Frees hits [from, from + n) of r, which the caller then drops from it. */
static void drop_hits(pt_find_hit *hits, size_t n)
{
	pt_find_result *gone;
	if (!n || !(gone = calloc(1, sizeof *gone)))
		return;
	if ((gone->hits = malloc(n * sizeof *gone->hits))) {
		memcpy(gone->hits, hits, n * sizeof *hits);
		gone->count = n;
	}
	pt_find_result_free(gone);
}

static const struct fman *man_find(const struct fsearch *f, const struct fman *by_id,
				   int64_t man)
{
	size_t lo = 0, hi = f->man_count;
	(void)f;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (by_id[mid].man < man)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->man_count && by_id[lo].man == man ? &by_id[lo] : NULL;
}

static int fman_by_id(const void *a, const void *b)
{
	const struct fman *x = a, *y = b;
	return x->man < y->man ? -1 : x->man > y->man;
}

static int hit_order(const void *a, const void *b)
{
	const pt_find_hit *x = a, *y = b;
	return x->score != y->score ? y->score - x->score : 0;
}

/* With a name: the hits of the name search whose man has a record that
 * matches the number and text too; a near number costs its points. */
static int search_with_name(struct fsearch *f, const char *name, pt_find_result **out)
{
	pt_find_options names = *f->o;
	pt_find_result *r = NULL;
	size_t kept = 0, limit = f->o->limit, offset = f->o->offset;
	char *read_as;
	int rc;

	names.number = names.text = NULL;
	names.limit = names.offset = 0;
	if ((rc = gather(f)) || (rc = gather_records(f, NULL)) ||
	    (rc = pt__search_names(f->db, name, &names, &r)))
		goto done;
	qsort(f->men, f->man_count, sizeof *f->men, fman_by_id);
	for (size_t i = 0; i < r->count; i++) {
		pt_find_hit *h = &r->hits[i];
		const struct fman *m = man_find(f, f->men, h->individual_id);
		if (!m) {
			drop_hits(h, 1);
			continue;
		}
		h->score -= 100 - f->recs[m->first].score;
		if ((rc = describe_fields(f, m, h))) {
			drop_hits(h, r->count - i);      /* this hit and those after it */
			goto done;
		}
		if (kept != i)
			r->hits[kept] = *h;
		kept++;
	}
	r->count = r->total = kept;
	/* best first, the name search's order among equals (a stable sort) */
	for (size_t i = 1; i < kept; i++)
		for (size_t j = i; j > 0 && hit_order(&r->hits[j - 1], &r->hits[j]) > 0; j--) {
			pt_find_hit t = r->hits[j];
			r->hits[j] = r->hits[j - 1];
			r->hits[j - 1] = t;
		}
	/* the page asked for: hits offset + 1 to offset + limit */
	if (offset > kept)
		offset = kept;
	if (offset) {
		drop_hits(r->hits, offset);
		memmove(r->hits, r->hits + offset, (kept - offset) * sizeof *r->hits);
		kept -= offset;
		r->count = kept;
	}
	if (limit && kept > limit) {
		drop_hits(r->hits + limit, kept - limit);
		r->count = kept = limit;
	}
	if (!(read_as = describe_query(f, r->read_as))) {
		rc = pt__error(f->db, PT_ENOMEM, "out of memory");
		goto done;
	}
	free(r->read_as);
	r->read_as = read_as;
	*out = r;
	r = NULL;
done:
	if (r && kept < r->count)
		r->count = kept;      /* the rest were moved or freed */
	pt_find_result_free(r);
	return rc;
}

int pt_person_find(pt_db *db, const char *name, const pt_find_options *o,
		   pt_find_result **out)
{
	struct fsearch f;
	pt_find_result *res = NULL;
	int rc, transaction = 0;

	*out = NULL;
	if (!fields_wanted(name, o))
		return pt__search_names(db, name, o, out);
	memset(&f, 0, sizeof f);
	f.db = db;
	f.o = o;
	if ((rc = prepare(&f, name)))
		goto done;
	/* one read transaction: the look-ups see one state of the database */
	if (sqlite3_get_autocommit(db->sql)) {
		if ((rc = pt__exec(db, "BEGIN")))
			goto done;
		transaction = 1;
	}
	if (name && *name) {
		rc = search_with_name(&f, name, out);
		goto done;
	}
	if (!(res = calloc(1, sizeof *res))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = search_alone(&f, res)) == PT_OK) {
		*out = res;
		res = NULL;
	}
done:
	if (transaction)
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	pt_find_result_free(res);
	for (size_t i = 0; i < f.num_count; i++) {
		free(f.nums[i].number);
		free(f.nums[i].how);
	}
	free(f.nums);
	free(f.texts);
	free(f.units);
	free(f.recs);
	free(f.men);
	free(f.text_query);
	free(f.unit_query);
	sqlite3_finalize(f.man_of);
	sqlite3_finalize(f.row);
	sqlite3_finalize(f.at_camp);
	return rc;
}

/*
 * load.c - the record loaders' shared part: check one canonical record
 * (person, source, camp, operation, claim) field by field, then insert it,
 * update it, or count it unchanged. Every reader (JSON, CSV) ends here, so
 * the rules of what a good record is live in one place: the readers of
 * fields, the statements, citations, the content hash and the duplicate
 * check are here, the loaders of each kind in load_person.c and
 * load_keyed.c, and pt__load_record that runs them in load_record.c.
 *
 * A record is first read whole into memory and checked; only a record with
 * no problems is written, inside a savepoint, so a bad record leaves no trace.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import/load.h"

/* ---- per-record state ------------------------------------------------ */

void *pt__rec_keep(struct rec *r, void *p)
{
	if (!p)
		return NULL;
	if (r->pool.count == r->pool.cap) {
		size_t cap = r->pool.cap ? r->pool.cap * 2 : 32;
		void **items = realloc(r->pool.items, cap * sizeof *items);
		if (!items) {
			free(p);
			return NULL;
		}
		r->pool.items = items;
		r->pool.cap = cap;
	}
	r->pool.items[r->pool.count++] = p;
	return p;
}

void pt__rec_release(struct rec *r)
{
	for (size_t i = 0; i < r->pool.count; i++)
		free(r->pool.items[i]);
	free(r->pool.items);
	r->pool.items = NULL;
	r->pool.count = r->pool.cap = 0;
}

void *pt__rec_calloc(struct rec *r, size_t n, size_t size)
{
	return pt__rec_keep(r, calloc(n ? n : 1, size));
}

/* "events[2].camp" from a prefix ("events[2].") and a key; kept in the pool. */
const char *pt__rec_field(struct rec *r, const char *prefix, const char *key)
{
	pt__buf b = PT__BUF_INIT;
	pt__buf_puts(&b, prefix);
	pt__buf_puts(&b, key);
	return pt__rec_keep(r, pt__buf_detach(&b));
}

const char *pt__json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:  return "an object";
	case JSON_ARRAY:   return "an array";
	case JSON_STRING:  return "a string";
	case JSON_INTEGER:
	case JSON_REAL:    return "a number";
	case JSON_TRUE:
	case JSON_FALSE:   return "a boolean";
	default:           return "null";
	}
}

int pt__rec_check_keys(struct rec *r, const char *prefix, json_t *obj,
		      const char *const allowed[])
{
	const char *key;
	json_t *value;
	int rc = PT_OK;

	json_object_foreach(obj, key, value) {
		const char *const *a = allowed;
		while (*a && strcmp(*a, key))
			a++;
		if (!*a && (rc = problem(r, pt__rec_field(r, prefix, key), "unknown field")) == PT_ENOMEM)
			return rc;
	}
	return rc == PT_ENOMEM ? rc : PT_OK;
}

/* A text: at most max bytes, no NUL, trimmed; "" gives NULL. Stored NFC. */
int pt__rec_text_value(struct rec *r, const char *prefix, const char *key, char *s,
		       size_t len, size_t max, int normal, char **out)
{
	size_t n;

	*out = NULL;
	if (strlen(s) != len)
		return problem(r, pt__rec_field(r, prefix, key), "contains a NUL character");
	if (len > max)
		return problem(r, pt__rec_field(r, prefix, key), "longer than %zu bytes", max);
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return PT_OK;
	if (normal) /* NFC already: trimmed where it is */
		*out = s;
	else if (!(*out = pt__rec_keep(r, pt__nfc(r->imp->db, s))))
		return PT_ENOMEM;
	for (n = strlen(*out); n > 0 && ((*out)[n - 1] == ' ' || (*out)[n - 1] == '\t'); n--)
		(*out)[n - 1] = '\0';
	return PT_OK;
}

/* A string field: absent, null or "" give NULL. Stored NFC, at most max bytes. */
int pt__rec_text(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    size_t max, char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return PT_OK;
	if (json_is_integer(v) && !strcmp(key, "record_id")) {
		char digits[32];
		snprintf(digits, sizeof digits, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = pt__rec_keep(r, pt__strdup(digits));
		return *out ? PT_OK : PT_ENOMEM;
	}
	if (!json_is_string(v))
		return problem(r, pt__rec_field(r, prefix, key), "expected a string, got %s",
			       pt__json_type_name(v));
	return pt__rec_text_value(r, prefix, key, (char *)json_string_value(v),
				  json_string_length(v), max, 0, out);
}

int pt__rec_required(struct rec *r, const char *prefix, json_t *obj, const char *key,
			size_t max, char **out)
{
	int rc = pt__rec_text(r, prefix, obj, key, max, out);
	if (rc == PT_OK && !*out && !json_is_string(json_object_get(obj, key)) &&
	    json_object_get(obj, key) && !json_is_null(json_object_get(obj, key)))
		return rc;
	if (rc == PT_OK && !*out)
		return problem(r, pt__rec_field(r, prefix, key), "required");
	return rc;
}

static int enum_check(struct rec *r, const char *prefix, const char *key, const char *s,
		      enum pt__vocab vocab, const char **out)
{
	pt__buf list = PT__BUF_INIT;
	int rc;

	if ((*out = pt__vocab_find(vocab, s)))
		return PT_OK;
	pt__vocab_list(vocab, ", ", &list);
	rc = problem(r, pt__rec_field(r, prefix, key), "unknown value '%s' (expected one of %s)",
		     s, pt__buf_str(&list));
	pt__buf_release(&list);
	return rc;
}

int pt__rec_enum(struct rec *r, const char *prefix, json_t *obj, const char *key,
		 enum pt__vocab vocab, const char **out)
{
	char *s;
	int rc = pt__rec_text(r, prefix, obj, key, MAX_NAME, &s);

	*out = NULL;
	if (rc || !s)
		return rc;
	return enum_check(r, prefix, key, s, vocab, out);
}

int pt__rec_enum_value(struct rec *r, const char *prefix, const char *key, char *s,
		       int normal, enum pt__vocab vocab, const char **out)
{
	char *t;
	int rc = pt__rec_text_value(r, prefix, key, s, strlen(s), MAX_NAME, normal, &t);

	*out = NULL;
	if (rc || !t)
		return rc;
	return enum_check(r, prefix, key, t, vocab, out);
}

int pt__rec_date(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    struct date_in *out)
{
	return pt__rec_date_as(r, prefix, obj, key, PT_DATE_ROLE_OTHER, out);
}

/* out->text read as a date of `role` */
static int date_check(struct rec *r, const char *prefix, const char *key, pt_date_role role,
		      struct date_in *out)
{
	const char *why = NULL;
	int rc;

	if (pt_date_parse(&out->date, out->text, &why)) {
		/* CSV and mapped records: archival spellings ("12.4.45", "c. 1920") */
		const pt__load_options *o = &r->imp->load->options;
		if (o->archival) {
			pt_archival_options a = { o->date_order, role, 0 };
			if ((unsigned)role < PT_DATE_ROLE_COUNT)
				a.century = o->centuries[role];
			why = NULL;
			rc = pt_date_read_archival(&out->date, out->text, &a, &why);
			if (rc == PT_OK) {
				out->original = out->text;
				return PT_OK;
			}
			if (rc == PT_ENOTFOUND) { /* "n.k.": no date, the text kept */
				out->original = out->text;
				out->text = NULL;
				return PT_OK;
			}
		}
		return problem(r, pt__rec_field(r, prefix, key), "cannot read date '%s': %s",
			       out->text, why ? why : "not an EDTF date");
	}
	return PT_OK;
}

int pt__rec_date_as(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    pt_date_role role, struct date_in *out)
{
	int rc = pt__rec_text(r, prefix, obj, key, MAX_NAME, &out->text);

	if (rc || !out->text)
		return rc;
	return date_check(r, prefix, key, role, out);
}

int pt__rec_date_value(struct rec *r, const char *prefix, const char *key, char *s,
		       int normal, pt_date_role role, struct date_in *out)
{
	int rc = pt__rec_text_value(r, prefix, key, s, strlen(s), MAX_NAME, normal, &out->text);

	if (rc || !out->text)
		return rc;
	return date_check(r, prefix, key, role, out);
}

int pt__rec_number(struct rec *r, const char *prefix, json_t *obj, const char *key,
		      double *out, int *present)
{
	json_t *v = json_object_get(obj, key);
	*present = 0;
	if (!v || json_is_null(v))
		return PT_OK;
	if (!json_is_number(v))
		return problem(r, pt__rec_field(r, prefix, key), "expected a number, got %s",
			       pt__json_type_name(v));
	*out = json_number_value(v);
	if (!isfinite(*out))
		return problem(r, pt__rec_field(r, prefix, key), "not a finite number");
	*present = 1;
	return PT_OK;
}

int pt__rec_bool(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    int *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return PT_OK;
	if (!json_is_boolean(v))
		return problem(r, pt__rec_field(r, prefix, key), "expected true or false, got %s",
			       pt__json_type_name(v));
	*out = json_is_true(v);
	return PT_OK;
}

/* An array field (absent or null: empty). */
int pt__rec_array(struct rec *r, const char *prefix, json_t *obj, const char *key,
		     json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return PT_OK;
	if (!json_is_array(v))
		return problem(r, pt__rec_field(r, prefix, key), "expected an array, got %s",
			       pt__json_type_name(v));
	if (json_array_size(v) > MAX_LIST)
		return problem(r, pt__rec_field(r, prefix, key), "more than %d entries", MAX_LIST);
	*out = v;
	return PT_OK;
}

/* "extra": the input's columns that no field took, an object kept as JSON. */
int pt__rec_extra(struct rec *r, json_t *obj, char **out)
{
	json_t *v = json_object_get(obj, "extra");
	*out = NULL;
	if (!v || json_is_null(v))
		return PT_OK;
	if (!json_is_object(v))
		return problem(r, "extra", "expected an object, got %s", pt__json_type_name(v));
	if (!json_object_size(v))
		return PT_OK;
	*out = pt__rec_keep(r, json_dumps(v, JSON_COMPACT));
	return *out ? PT_OK : PT_ENOMEM;
}

/* Stores a record's extra columns (camps, sources, claims, operations). */
int pt__rec_write_extra(struct rec *r, const char *sql, int64_t id, json_t *obj)
{
	sqlite3_stmt *s;
	char *extra;
	int rc = pt__rec_extra(r, obj, &extra);
	if (rc || !extra)
		return rc;
	if (!(s = pt__load_cached(r->imp, sql)))
		return PT_EIO;
	sqlite3_bind_text(s, 1, extra, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write extra columns");
	sqlite3_reset(s);
	return rc;
}

static int country_check(struct rec *r, const char *prefix, const char *key, char *s)
{
	if (strlen(s) != 2 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') ||
	    !((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))
		return problem(r, pt__rec_field(r, prefix, key),
			       "'%s' is not an ISO 3166 alpha-2 code (such as GB, US, SU)", s);
	/* written only when lower case: a flat row's code may be the
	 * gazetteer's own, read-only */
	if (s[0] >= 'a')
		s[0] = (char)(s[0] & ~0x20);
	if (s[1] >= 'a')
		s[1] = (char)(s[1] & ~0x20);
	return PT_OK;
}

/* "XX": two letters, stored upper case. */
int pt__rec_country(struct rec *r, const char *prefix, json_t *obj, const char *key,
		       char **out)
{
	int rc = pt__rec_text(r, prefix, obj, key, MAX_NAME, out);
	if (rc || !*out)
		return rc;
	return country_check(r, prefix, key, *out);
}

int pt__rec_country_value(struct rec *r, const char *prefix, const char *key, char *s,
			  int normal, char **out)
{
	int rc = pt__rec_text_value(r, prefix, key, s, strlen(s), MAX_NAME, normal, out);
	if (rc || !*out)
		return rc;
	return country_check(r, prefix, key, *out);
}

/* ---- statements and look-ups ---------------------------------------- */


static const char *const stmt_sql[S_COUNT] = {
	/* two statements, not one with RETURNING: that makes and drops a
	 * temporary table on every run, the import's costliest step */
	[S_SEEN] = "INSERT INTO temp.pt_seen(kind, ident, line, hash) VALUES (?, ?, ?, ?) "
		   "ON CONFLICT DO NOTHING",
	[S_SEEN_FIND] = "SELECT line, hash FROM temp.pt_seen WHERE kind = ? AND ident = ?",
	[S_SOURCE_ID] = "SELECT id FROM source WHERE key = ?",
	[S_OPERATION_ID] = "SELECT id FROM operation WHERE key = ?",
	[S_CITATION] = "INSERT INTO citation(source_id, locator, person_id, name_id, event_id, "
		       "camp_id, claim_id, operation_id, source_quality, information, evidence, "
		       "confidence, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

int pt__load_begin(pt__import *imp, const pt__load_options *options)
{
	/* one b-tree keyed by (kind, ident), not a table and its index */
	int rc = pt__exec(imp->db, "DROP TABLE IF EXISTS temp.pt_seen;"
			  "CREATE TEMP TABLE pt_seen(kind TEXT, ident TEXT, line INTEGER, "
			  "hash TEXT, PRIMARY KEY (kind, ident)) WITHOUT ROWID;"
			  /* links to sources later in the file: resolved by pt__load_finish */
			  "CREATE TEMP TABLE IF NOT EXISTS pt_pending_link(source_id INTEGER, "
			  "target_key TEXT, relation TEXT, line INTEGER);"
			  "DELETE FROM temp.pt_pending_link");
	if (rc)
		return rc;
	imp->load = calloc(1, sizeof *imp->load);
	if (!imp->load)
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	if (options)
		imp->load->options = *options;
	for (int i = 0; i < S_COUNT; i++)
		if ((rc = pt__prepare(imp->db, &imp->load->stmt[i], stmt_sql[i])))
			return rc;
	return PT_OK;
}

void pt__load_end(pt__import *imp)
{
	pt__resolver_free(imp);
	if (!imp->load)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(imp->load->stmt[i]);
	for (size_t i = 0; i < imp->load->cached_count; i++)
		sqlite3_finalize(imp->load->cached[i].stmt);
	free(imp->load);
	imp->load = NULL;
}

/* A statement of the import, prepared on first use and reset for the next;
 * NULL (the message on the handle) when it cannot be prepared. */
sqlite3_stmt *pt__load_cached(pt__import *imp, const char *sql)
{
	struct pt__load *l = imp->load;
	sqlite3_stmt *s = NULL;
	for (size_t i = 0; i < l->cached_count; i++)
		if (l->cached[i].sql == sql) {
			sqlite3_reset(l->cached[i].stmt);
			sqlite3_clear_bindings(l->cached[i].stmt);
			return l->cached[i].stmt;
		}
	if (pt__prepare(imp->db, &s, sql))
		return NULL;
	if (l->cached_count == CACHED_MAX) {
		sqlite3_finalize(s);
		pt__error(imp->db, PT_ENOMEM, "too many statements");
		return NULL;
	}
	l->cached[l->cached_count].sql = sql;
	l->cached[l->cached_count++].stmt = s;
	return s;
}

static sqlite3_stmt *stmt(struct rec *r, enum stmt_id id)
{
	sqlite3_stmt *s = r->imp->load->stmt[id];
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

void pt__bind_text(sqlite3_stmt *s, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

void pt__bind_date(sqlite3_stmt *s, int i, const struct date_in *d)
{
	pt__bind_text(s, i, d->text ? d->date.edtf : NULL);
	if (d->text && (d->date.flags & PT_DATE_HAS_MIN))
		sqlite3_bind_int64(s, i + 1, d->date.min);
	else
		sqlite3_bind_null(s, i + 1);
	if (d->text && (d->date.flags & PT_DATE_HAS_MAX))
		sqlite3_bind_int64(s, i + 2, d->date.max);
	else
		sqlite3_bind_null(s, i + 2);
}

/* Runs a statement that returns at most one id; 0 when it returns none. */
int pt__rec_step_id(struct rec *r, sqlite3_stmt *s, int64_t *id)
{
	int rc = sqlite3_step(s);
	*id = 0;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		return PT_OK;
	}
	if (rc == SQLITE_DONE)
		return PT_OK;
	return pt__sql_error(r->imp->db, "database");
}

int pt__rec_lookup_key(struct rec *r, enum stmt_id id, const char *key, int64_t *out)
{
	sqlite3_stmt *s = stmt(r, id);
	pt__bind_text(s, 1, key);
	return pt__rec_step_id(r, s, out);
}

/* A camp by key, or by any alias after folding (resolve.c): a name that
 * matches no camp becomes a new, unverified camp. */
int pt__rec_camp(struct rec *r, const char *field, const char *name, int64_t *out,
			char **canonical)
{
	const char *own = NULL;
	int rc = pt__camp_find(r->imp, name, r->line, out, &own);
	if (rc == PT_OK && pt__camp_note(r->imp) &&
	    (rc = pt__import_warning(r->imp, r->line, field, "%s", pt__camp_note(r->imp))))
		return rc;
	if (rc == PT_ECONFLICT)
		return problem(r, field, "camp '%s' is ambiguous: it names several camps", name);
	if (rc == PT_EINVAL)
		return problem(r, field, "camp '%s' has no letters or digits", name);
	if (rc == PT_OK && own && !(*canonical = pt__rec_keep(r, pt__strdup(own))))
		return PT_ENOMEM;
	return rc;
}

int pt__rec_source(struct rec *r, const char *field, const char *key, int64_t *out)
{
	/* a flat record's source in words becomes a source (resolve.c) */
	int rc = pt__source_find(r->imp, key, r->line, r->imp->load->options.creates_sources, out);
	if (rc == PT_OK && !*out)
		return problem(r, field, "unknown source '%s' (import the source first)", key);
	return rc;
}

/* Notes (kind, ident) as seen at this line; *first is the line where it was
 * first seen (this one when new), negative when that record had the same
 * content hash. */
int pt__rec_seen_line(struct rec *r, pt__kind kind, const char *ident, const char *hash,
		     int64_t *first)
{
	/* most idents are new: one insert, and a look-up only when it was not */
	sqlite3_stmt *s = stmt(r, S_SEEN);
	int rc;
	sqlite3_bind_text(s, 1, pt__kind_name(kind), -1, SQLITE_STATIC);
	pt__bind_text(s, 2, ident);
	sqlite3_bind_int64(s, 3, r->line);
	sqlite3_bind_text(s, 4, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return pt__sql_error(r->imp->db, "database");
	sqlite3_reset(s);
	if (sqlite3_changes(r->imp->db->sql)) {
		*first = r->line;
		return PT_OK;
	}
	s = stmt(r, S_SEEN_FIND);
	sqlite3_bind_text(s, 1, pt__kind_name(kind), -1, SQLITE_STATIC);
	pt__bind_text(s, 2, ident);
	if ((rc = pt__rec_step_id(r, s, first)))
		return rc;
	if (*first && sqlite3_column_text(s, 1) &&
	    !strcmp((const char *)sqlite3_column_text(s, 1), hash))
		*first = -*first;
	sqlite3_reset(s);
	return PT_OK;
}

int pt__rec_check_duplicate(struct rec *r, const char *field, pt__kind kind,
			   const char *ident, const char *shown)
{
	int64_t first = 0;
	char hash[65];
	int rc, same;

	if ((rc = pt__rec_hash(r, r->record, hash)) ||
	    (rc = pt__rec_seen_line(r, kind, ident, hash, &first)))
		return rc;
	same = first < 0;
	if (same)
		first = -first;
	if (first != r->line && !same)
		return problem(r, field, "duplicate %s '%s' (first at line %lld)",
			       kind == PT__KIND_PERSON ? "record_id" : "key", shown,
			       (long long)first);
	return PT_OK;
}

int pt__rec_hash(struct rec *r, json_t *record, char hex[65])
{
	char *text;
	pt__sha256 h;
	if (record == r->record && r->hash[0]) {
		memcpy(hex, r->hash, 65);
		return PT_OK;
	}
	if (!(text = json_dumps(record, JSON_SORT_KEYS | JSON_COMPACT)))
		return pt__error(r->imp->db, PT_ENOMEM, "out of memory");
	pt__sha256_init(&h);
	pt__sha256_update(&h, text, strlen(text));
	pt__sha256_hex(&h, hex);
	free(text);
	if (record == r->record)
		memcpy(r->hash, hex, 65);
	return PT_OK;
}

/* ---- citations --------------------------------------------------------- */

static int read_citation(struct rec *r, const char *prefix, json_t *obj,
			 struct citation_in *c)
{
	static const char *const keys[] = {
		"source", "locator", "source_quality", "information", "evidence",
		"confidence", "notes", NULL,
	};
	json_t *conf;
	int rc;

	c->confidence = -1;
	if (!json_is_object(obj))
		return problem(r, prefix[0] ? pt__rec_field(r, "", prefix) : NULL,
			       "expected an object, got %s", pt__json_type_name(obj));
	if ((rc = pt__rec_check_keys(r, prefix, obj, keys)) ||
	    (rc = pt__rec_required(r, prefix, obj, "source", MAX_NAME, &c->source_key)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "locator", MAX_NAME, &c->locator)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "notes", MAX_TEXT, &c->notes)) == PT_ENOMEM ||
	    (rc = pt__rec_enum(r, prefix, obj, "source_quality", PT__VOCAB_SOURCE_QUALITY, &c->quality)) == PT_ENOMEM ||
	    (rc = pt__rec_enum(r, prefix, obj, "information", PT__VOCAB_INFORMATION,
				&c->information)) == PT_ENOMEM ||
	    (rc = pt__rec_enum(r, prefix, obj, "evidence", PT__VOCAB_EVIDENCE, &c->evidence)) == PT_ENOMEM)
		return rc;
	conf = json_object_get(obj, "confidence");
	if (conf && !json_is_null(conf)) {
		if (!json_is_integer(conf) || json_integer_value(conf) < 0 ||
		    json_integer_value(conf) > 4)
			problem(r, pt__rec_field(r, prefix, "confidence"),
				"expected a whole number from 0 to 4");
		else
			c->confidence = (int)json_integer_value(conf);
	}
	if (c->source_key)
		return pt__rec_source(r, pt__rec_field(r, prefix, "source"), c->source_key,
				      &c->source_id) == PT_ENOMEM ? PT_ENOMEM : PT_OK;
	return PT_OK;
}

/* "citations": [ ... ] (or, with single, "citation": { ... }) */
int pt__rec_citations(struct rec *r, const char *prefix, json_t *obj,
			  struct citations_in *out)
{
	json_t *one = json_object_get(obj, "citation"), *list = NULL, *item;
	size_t i;
	int rc;

	out->count = 0;
	if ((rc = pt__rec_array(r, prefix, obj, "citations", &list)))
		return rc == PT_ENOMEM ? rc : PT_OK;
	out->items = pt__rec_calloc(r, (list ? json_array_size(list) : 0) + 1, sizeof *out->items);
	if (!out->items)
		return PT_ENOMEM;
	if (one && !json_is_null(one))
		if ((rc = read_citation(r, pt__rec_field(r, prefix, "citation."), one,
					&out->items[out->count++])))
			return rc;
	json_array_foreach(list, i, item) {
		char sub[48];
		snprintf(sub, sizeof sub, "citations[%zu].", i + 1);
		if ((rc = read_citation(r, pt__rec_field(r, prefix, sub), item,
					&out->items[out->count++])))
			return rc;
	}
	return PT_OK;
}

int pt__rec_write_citations(struct rec *r, const struct citations_in *list, enum target target,
			   int64_t id)
{
	for (size_t i = 0; i < list->count; i++) {
		const struct citation_in *c = &list->items[i];
		sqlite3_stmt *s = stmt(r, S_CITATION);
		sqlite3_bind_int64(s, 1, c->source_id);
		pt__bind_text(s, 2, c->locator);
		sqlite3_bind_int64(s, (int)target, id);
		pt__bind_text(s, 9, c->quality);
		pt__bind_text(s, 10, c->information);
		pt__bind_text(s, 11, c->evidence);
		if (c->confidence >= 0)
			sqlite3_bind_int(s, 12, c->confidence);
		pt__bind_text(s, 13, c->notes);
		if (sqlite3_step(s) != SQLITE_DONE)
			return pt__sql_error(r->imp->db, "cannot write a citation");
	}
	return PT_OK;
}

/* ---- writing helpers ---------------------------------------------------- */

/* Runs a one-off statement with text/NULL parameters given as an array. */
int pt__rec_run(struct rec *r, const char *sql, int64_t id, int64_t *rowid)
{
	sqlite3_stmt *s = pt__load_cached(r->imp, sql);
	int rc = PT_OK;
	if (!s)
		return PT_EIO;
	if (id)
		sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "database");
	if (rowid)
		*rowid = sqlite3_last_insert_rowid(r->imp->db->sql);
	sqlite3_reset(s);
	return rc;
}

/* Looks up an existing row by key; tells insert, update or unchanged. */
int pt__rec_existing(struct rec *r, const char *sql, const char *a, const char *b,
		    const char *hash, int64_t *id, enum fate *fate)
{
	sqlite3_stmt *s = pt__load_cached(r->imp, sql);
	int rc = PT_OK, step;
	if (!s)
		return PT_EIO;
	pt__bind_text(s, 1, a);
	if (b)
		pt__bind_text(s, 2, b);
	*id = 0;
	*fate = F_INSERT;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*fate = strcmp((const char *)sqlite3_column_text(s, 1), hash) ? F_UPDATE : F_UNCHANGED;
	} else if (step != SQLITE_DONE) {
		rc = pt__sql_error(r->imp->db, "database");
	}
	sqlite3_reset(s);
	return rc;
}

void pt__rec_count(struct rec *r, enum fate fate)
{
	pt_import_summary *s = r->imp->summary;
	if (fate == F_INSERT)
		s->inserted++;
	else if (fate == F_UPDATE)
		s->updated++;
	else
		s->unchanged++;
}

/* A record is checked and good: what it made while it was being checked
 * (camps, sources, the note of its identity) is kept, and what it writes
 * from here on goes in outside any savepoint, which would copy every page
 * the writes touch (an eighth of a register's import). A write that fails
 * now fails the import, whose transaction takes it back. */
int pt__rec_good(struct rec *r)
{
	int rc = pt__record_checked(r->imp);
	if (rc == PT_OK)
		r->good = 1;
	return rc;
}

/*
 * load.c - the record loaders: check one canonical record (person, source,
 * camp, operation, claim) field by field, then insert it, update it, or
 * count it unchanged. Every reader (JSON now, CSV later) ends here, so the
 * rules of what a good record is live in one place.
 *
 * A record is first read whole into memory and checked; only a record with
 * no problems is written, inside a savepoint, so a bad record leaves no trace.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sources/sources.h"
#include "import/import.h"

#define MAX_NAME   1000    /* bytes in a name, key, place, ... */
#define MAX_TEXT   100000  /* bytes in notes and the words of a claim */
#define MAX_LIST   10000   /* names, events, citations, aliases in one record */

static const char *const event_types[] = {
	"birth", "capture", "internment", "transfer", "liberation", "handover",
	"repatriation", "release", "return", "death", "burial", "sighting", "last_seen", NULL,
};
static const char *const source_kinds[] = {
	"book", "article", "archival_file", "register", "report", "testimony", "web",
	"dataset", NULL,
};
static const char *const camp_types[] = {
	"stalag", "oflag", "stalag_luft", "dulag", "marlag", "milag", "nkvd_filtration",
	"gupvi", "itl", "special", "transit", "hospital", "other", NULL,
};
static const char *const source_relations[] = {
	"cites", "derives_from", "transcribes", "translates", NULL,
};

/* ---- per-record state ------------------------------------------------ */

/* Everything a record's reading allocates, freed at once. */
struct pool {
	void **items;
	size_t count, cap;
};

struct rec {
	pt__import *imp;
	long line;
	struct pool pool;
	int failed;
	json_t *record;      /* the record being loaded */
	char hash[65];       /* its content hash, once computed */
	int good;            /* checked and good: its savepoint is released (rec_good) */
};

static int rec_good(struct rec *r);

static void *keep(struct rec *r, void *p)
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

static void rec_release(struct rec *r)
{
	for (size_t i = 0; i < r->pool.count; i++)
		free(r->pool.items[i]);
	free(r->pool.items);
	r->pool.items = NULL;
	r->pool.count = r->pool.cap = 0;
}

static void *rec_calloc(struct rec *r, size_t n, size_t size)
{
	return keep(r, calloc(n ? n : 1, size));
}

/* "events[2].camp" from a prefix ("events[2].") and a key; kept in the pool. */
static const char *field_name(struct rec *r, const char *prefix, const char *key)
{
	pt__buf b = PT__BUF_INIT;
	pt__buf_puts(&b, prefix);
	pt__buf_puts(&b, key);
	return keep(r, pt__buf_detach(&b));
}

#define problem(r, field, ...) \
	((r)->failed = 1, pt__import_problem((r)->imp, (r)->line, (field), __VA_ARGS__))

static const char *type_name(const json_t *v)
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

static int check_keys(struct rec *r, const char *prefix, json_t *obj,
		      const char *const allowed[])
{
	const char *key;
	json_t *value;
	int rc = PT_OK;

	json_object_foreach(obj, key, value) {
		const char *const *a = allowed;
		while (*a && strcmp(*a, key))
			a++;
		if (!*a && (rc = problem(r, field_name(r, prefix, key), "unknown field")) == PT_ENOMEM)
			return rc;
	}
	return rc == PT_ENOMEM ? rc : PT_OK;
}

/* A string field: absent, null or "" give NULL. Stored NFC, at most max bytes. */
static int get_text(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    size_t max, char **out)
{
	json_t *v = json_object_get(obj, key);
	const char *s;
	size_t len;

	*out = NULL;
	if (!v || json_is_null(v))
		return PT_OK;
	if (json_is_integer(v) && !strcmp(key, "record_id")) {
		char digits[32];
		snprintf(digits, sizeof digits, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = keep(r, pt__strdup(digits));
		return *out ? PT_OK : PT_ENOMEM;
	}
	if (!json_is_string(v))
		return problem(r, field_name(r, prefix, key), "expected a string, got %s",
			       type_name(v));
	s = json_string_value(v);
	len = json_string_length(v);
	if (strlen(s) != len)
		return problem(r, field_name(r, prefix, key), "contains a NUL character");
	if (len > max)
		return problem(r, field_name(r, prefix, key), "longer than %zu bytes", max);
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return PT_OK;
	*out = keep(r, pt__nfc(r->imp->db, s));
	if (!*out)
		return PT_ENOMEM;
	for (size_t n = strlen(*out); n > 0 && ((*out)[n - 1] == ' ' || (*out)[n - 1] == '\t'); n--)
		(*out)[n - 1] = '\0';
	return PT_OK;
}

static int get_required(struct rec *r, const char *prefix, json_t *obj, const char *key,
			size_t max, char **out)
{
	int rc = get_text(r, prefix, obj, key, max, out);
	if (rc == PT_OK && !*out && !json_is_string(json_object_get(obj, key)) &&
	    json_object_get(obj, key) && !json_is_null(json_object_get(obj, key)))
		return rc;
	if (rc == PT_OK && !*out)
		return problem(r, field_name(r, prefix, key), "required");
	return rc;
}

static int get_enum(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    const char *const values[], const char **out)
{
	char *s;
	int rc = get_text(r, prefix, obj, key, MAX_NAME, &s);

	*out = NULL;
	if (rc || !s)
		return rc;
	for (const char *const *v = values; *v; v++)
		if (!strcmp(*v, s)) {
			*out = *v;
			return PT_OK;
		}
	{
		pt__buf list = PT__BUF_INIT;
		for (const char *const *v = values; *v; v++)
			pt__buf_printf(&list, "%s%s", v == values ? "" : ", ", *v);
		rc = problem(r, field_name(r, prefix, key), "unknown value '%s' (expected one of %s)",
			     s, pt__buf_str(&list));
		pt__buf_release(&list);
	}
	return rc;
}

struct date_in {
	char *text;
	pt_date date;
	char *original;  /* the text, when it was an archival spelling read into EDTF */
};

static int get_date(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    struct date_in *out)
{
	const char *why = NULL;
	int rc = get_text(r, prefix, obj, key, MAX_NAME, &out->text);

	if (rc || !out->text)
		return rc;
	if (pt_date_parse(&out->date, out->text, &why)) {
		/* CSV and mapped records: archival spellings ("12.4.45", "c. 1920") */
		int order, century;
		if (pt__import_archival(r->imp, &order, &century)) {
			why = NULL;
			if (!pt_date_parse_archival(&out->date, out->text, order, century, &why)) {
				out->original = out->text;
				return PT_OK;
			}
		}
		return problem(r, field_name(r, prefix, key), "cannot read date '%s': %s",
			       out->text, why ? why : "not an EDTF date");
	}
	return PT_OK;
}

static int get_number(struct rec *r, const char *prefix, json_t *obj, const char *key,
		      double *out, int *present)
{
	json_t *v = json_object_get(obj, key);
	*present = 0;
	if (!v || json_is_null(v))
		return PT_OK;
	if (!json_is_number(v))
		return problem(r, field_name(r, prefix, key), "expected a number, got %s",
			       type_name(v));
	*out = json_number_value(v);
	if (!isfinite(*out))
		return problem(r, field_name(r, prefix, key), "not a finite number");
	*present = 1;
	return PT_OK;
}

static int get_bool(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    int *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return PT_OK;
	if (!json_is_boolean(v))
		return problem(r, field_name(r, prefix, key), "expected true or false, got %s",
			       type_name(v));
	*out = json_is_true(v);
	return PT_OK;
}

/* An array field (absent or null: empty). */
static int get_array(struct rec *r, const char *prefix, json_t *obj, const char *key,
		     json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return PT_OK;
	if (!json_is_array(v))
		return problem(r, field_name(r, prefix, key), "expected an array, got %s",
			       type_name(v));
	if (json_array_size(v) > MAX_LIST)
		return problem(r, field_name(r, prefix, key), "more than %d entries", MAX_LIST);
	*out = v;
	return PT_OK;
}

static sqlite3_stmt *cached(pt__import *imp, const char *sql);

/* "extra": the input's columns that no field took, an object kept as JSON. */
static int get_extra(struct rec *r, json_t *obj, char **out)
{
	json_t *v = json_object_get(obj, "extra");
	*out = NULL;
	if (!v || json_is_null(v))
		return PT_OK;
	if (!json_is_object(v))
		return problem(r, "extra", "expected an object, got %s", type_name(v));
	if (!json_object_size(v))
		return PT_OK;
	*out = keep(r, json_dumps(v, JSON_COMPACT));
	return *out ? PT_OK : PT_ENOMEM;
}

/* Stores a record's extra columns (camps, sources, claims, operations). */
static int write_extra(struct rec *r, const char *sql, int64_t id, json_t *obj)
{
	sqlite3_stmt *s;
	char *extra;
	int rc = get_extra(r, obj, &extra);
	if (rc || !extra)
		return rc;
	if (!(s = cached(r->imp, sql)))
		return PT_EIO;
	sqlite3_bind_text(s, 1, extra, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write extra columns");
	sqlite3_reset(s);
	return rc;
}

/* "XX": two letters, stored upper case. */
static int get_country(struct rec *r, const char *prefix, json_t *obj, const char *key,
		       char **out)
{
	int rc = get_text(r, prefix, obj, key, MAX_NAME, out);
	char *s = *out;
	if (rc || !s)
		return rc;
	if (strlen(s) != 2 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') ||
	    !((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))
		return problem(r, field_name(r, prefix, key),
			       "'%s' is not an ISO 3166 alpha-2 code (such as GB, US, SU)", s);
	s[0] = (char)(s[0] & ~0x20);
	s[1] = (char)(s[1] & ~0x20);
	return PT_OK;
}

/* ---- statements and look-ups ---------------------------------------- */

enum stmt_id {
	S_SEEN, S_SEEN_FIND, S_SOURCE_ID, S_CAMP_BY_KEY, S_CAMP_BY_ALIAS, S_CAMP_NAME, S_OPERATION_ID,
	S_CITATION, S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	/* two statements, not one with RETURNING: that makes and drops a
	 * temporary table on every run, the import's costliest step */
	[S_SEEN] = "INSERT INTO temp.pt_seen(kind, ident, line, hash) VALUES (?, ?, ?, ?) "
		   "ON CONFLICT DO NOTHING",
	[S_SEEN_FIND] = "SELECT line, hash FROM temp.pt_seen WHERE kind = ? AND ident = ?",
	[S_SOURCE_ID] = "SELECT id FROM source WHERE key = ?",
	[S_CAMP_BY_KEY] = "SELECT id FROM camp WHERE key = ?",
	[S_CAMP_BY_ALIAS] = "SELECT DISTINCT camp_id FROM camp_alias WHERE alias_key = ? LIMIT 2",
	[S_CAMP_NAME] = "SELECT name FROM camp WHERE id = ?",
	[S_OPERATION_ID] = "SELECT id FROM operation WHERE key = ?",
	[S_CITATION] = "INSERT INTO citation(source_id, locator, person_id, name_id, event_id, "
		       "camp_id, claim_id, operation_id, source_quality, information, evidence, "
		       "confidence, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

#define CACHED_MAX 48

struct pt__load {
	sqlite3_stmt *stmt[S_COUNT];
	/* statements prepared once per import, found by their SQL's address */
	struct { const char *sql; sqlite3_stmt *stmt; } cached[CACHED_MAX];
	size_t cached_count;
};

int pt__load_begin(pt__import *imp)
{
	int rc = pt__exec(imp->db, "DROP TABLE IF EXISTS temp.pt_seen;"
			  "CREATE TEMP TABLE pt_seen(kind TEXT, ident TEXT, line INTEGER, "
			  "hash TEXT, PRIMARY KEY (kind, ident));"
			  /* links to sources later in the file: resolved by pt__load_finish */
			  "CREATE TEMP TABLE IF NOT EXISTS pt_pending_link(source_id INTEGER, "
			  "target_key TEXT, relation TEXT, line INTEGER);"
			  "DELETE FROM temp.pt_pending_link");
	if (rc)
		return rc;
	imp->load = calloc(1, sizeof *imp->load);
	if (!imp->load)
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
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
static sqlite3_stmt *cached(pt__import *imp, const char *sql)
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

static void bind_text(sqlite3_stmt *s, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void bind_date(sqlite3_stmt *s, int i, const struct date_in *d)
{
	bind_text(s, i, d->text ? d->date.edtf : NULL);
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
static int step_id(struct rec *r, sqlite3_stmt *s, int64_t *id)
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

static int lookup_key(struct rec *r, enum stmt_id id, const char *key, int64_t *out)
{
	sqlite3_stmt *s = stmt(r, id);
	bind_text(s, 1, key);
	return step_id(r, s, out);
}

/* A camp by key, or by any alias after folding (resolve.c): a name that
 * matches no camp becomes a new, unverified camp. */
static int resolve_camp(struct rec *r, const char *field, const char *name, int64_t *out,
			char **canonical)
{
	const char *own = NULL;
	int rc = pt__camp_find(r->imp, name, r->line, out, &own);
	if (rc == PT_ECONFLICT)
		return problem(r, field, "camp '%s' is ambiguous: it names several camps", name);
	if (rc == PT_EINVAL)
		return problem(r, field, "camp '%s' has no letters or digits", name);
	if (rc == PT_OK && own && !keep(r, *canonical = pt__strdup(own)))
		return PT_ENOMEM;
	return rc;
}

static int resolve_source(struct rec *r, const char *field, const char *key, int64_t *out)
{
	/* a flat record's source in words becomes a source (resolve.c) */
	int rc = pt__source_find(r->imp, key, r->line, pt__import_creates_sources(r->imp), out);
	if (rc == PT_OK && !*out)
		return problem(r, field, "unknown source '%s' (import the source first)", key);
	return rc;
}

static int content_hash(struct rec *r, json_t *record, char hex[65]);

/* Notes (kind, ident) as seen at this line; *first is the line where it was
 * first seen (this one when new), negative when that record had the same
 * content hash. */
static int seen_line(struct rec *r, pt__kind kind, const char *ident, const char *hash,
		     int64_t *first)
{
	/* most idents are new: one insert, and a look-up only when it was not */
	sqlite3_stmt *s = stmt(r, S_SEEN);
	int rc;
	sqlite3_bind_text(s, 1, pt__kind_name(kind), -1, SQLITE_STATIC);
	bind_text(s, 2, ident);
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
	bind_text(s, 2, ident);
	if ((rc = step_id(r, s, first)))
		return rc;
	if (*first && sqlite3_column_text(s, 1) &&
	    !strcmp((const char *)sqlite3_column_text(s, 1), hash))
		*first = -*first;
	sqlite3_reset(s);
	return PT_OK;
}

static int check_duplicate(struct rec *r, const char *field, pt__kind kind,
			   const char *ident, const char *shown)
{
	int64_t first = 0;
	char hash[65];
	int rc, same;

	if ((rc = content_hash(r, r->record, hash)) ||
	    (rc = seen_line(r, kind, ident, hash, &first)))
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

static int content_hash(struct rec *r, json_t *record, char hex[65])
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

struct citation_in {
	int64_t source_id;
	char *source_key, *locator, *notes;
	const char *quality, *information, *evidence;
	int confidence;
};

struct citations_in {
	struct citation_in *items;
	size_t count;
};

static int read_citation(struct rec *r, const char *prefix, json_t *obj,
			 struct citation_in *c)
{
	static const char *const keys[] = {
		"source", "locator", "source_quality", "information", "evidence",
		"confidence", "notes", NULL,
	};
	static const char *const qualities[] = { "original", "derivative", "authored", NULL };
	static const char *const informations[] = { "primary", "secondary", "undetermined", NULL };
	static const char *const evidences[] = { "direct", "indirect", "negative", NULL };
	json_t *conf;
	int rc;

	c->confidence = -1;
	if (!json_is_object(obj))
		return problem(r, prefix[0] ? field_name(r, "", prefix) : NULL,
			       "expected an object, got %s", type_name(obj));
	if ((rc = check_keys(r, prefix, obj, keys)) ||
	    (rc = get_required(r, prefix, obj, "source", MAX_NAME, &c->source_key)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "locator", MAX_NAME, &c->locator)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "notes", MAX_TEXT, &c->notes)) == PT_ENOMEM ||
	    (rc = get_enum(r, prefix, obj, "source_quality", qualities, &c->quality)) == PT_ENOMEM ||
	    (rc = get_enum(r, prefix, obj, "information", informations, &c->information)) == PT_ENOMEM ||
	    (rc = get_enum(r, prefix, obj, "evidence", evidences, &c->evidence)) == PT_ENOMEM)
		return rc;
	conf = json_object_get(obj, "confidence");
	if (conf && !json_is_null(conf)) {
		if (!json_is_integer(conf) || json_integer_value(conf) < 0 ||
		    json_integer_value(conf) > 4)
			problem(r, field_name(r, prefix, "confidence"),
				"expected a whole number from 0 to 4");
		else
			c->confidence = (int)json_integer_value(conf);
	}
	if (c->source_key)
		return resolve_source(r, field_name(r, prefix, "source"), c->source_key,
				      &c->source_id) == PT_ENOMEM ? PT_ENOMEM : PT_OK;
	return PT_OK;
}

/* "citations": [ ... ] (or, with single, "citation": { ... }) */
static int read_citations(struct rec *r, const char *prefix, json_t *obj,
			  struct citations_in *out)
{
	json_t *one = json_object_get(obj, "citation"), *list = NULL, *item;
	size_t i;
	int rc;

	out->count = 0;
	if ((rc = get_array(r, prefix, obj, "citations", &list)))
		return rc == PT_ENOMEM ? rc : PT_OK;
	out->items = rec_calloc(r, (list ? json_array_size(list) : 0) + 1, sizeof *out->items);
	if (!out->items)
		return PT_ENOMEM;
	if (one && !json_is_null(one))
		if ((rc = read_citation(r, field_name(r, prefix, "citation."), one,
					&out->items[out->count++])))
			return rc;
	json_array_foreach(list, i, item) {
		char sub[48];
		snprintf(sub, sizeof sub, "citations[%zu].", i + 1);
		if ((rc = read_citation(r, field_name(r, prefix, sub), item,
					&out->items[out->count++])))
			return rc;
	}
	return PT_OK;
}

enum target { T_PERSON = 3, T_NAME, T_EVENT, T_CAMP, T_CLAIM, T_OPERATION };

static int write_citations(struct rec *r, const struct citations_in *list, enum target target,
			   int64_t id)
{
	for (size_t i = 0; i < list->count; i++) {
		const struct citation_in *c = &list->items[i];
		sqlite3_stmt *s = stmt(r, S_CITATION);
		sqlite3_bind_int64(s, 1, c->source_id);
		bind_text(s, 2, c->locator);
		sqlite3_bind_int64(s, (int)target, id);
		bind_text(s, 9, c->quality);
		bind_text(s, 10, c->information);
		bind_text(s, 11, c->evidence);
		if (c->confidence >= 0)
			sqlite3_bind_int(s, 12, c->confidence);
		bind_text(s, 13, c->notes);
		if (sqlite3_step(s) != SQLITE_DONE)
			return pt__sql_error(r->imp->db, "cannot write a citation");
	}
	return PT_OK;
}

/* ---- writing helpers ---------------------------------------------------- */

/* Runs a one-off statement with text/NULL parameters given as an array. */
static int run(struct rec *r, const char *sql, int64_t id, int64_t *rowid)
{
	sqlite3_stmt *s = cached(r->imp, sql);
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
enum fate { F_INSERT, F_UPDATE, F_UNCHANGED };

static int existing(struct rec *r, const char *sql, const char *a, const char *b,
		    const char *hash, int64_t *id, enum fate *fate)
{
	sqlite3_stmt *s = cached(r->imp, sql);
	int rc = PT_OK, step;
	if (!s)
		return PT_EIO;
	bind_text(s, 1, a);
	if (b)
		bind_text(s, 2, b);
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

static void count_fate(struct rec *r, enum fate fate)
{
	pt_import_summary *s = r->imp->summary;
	if (fate == F_INSERT)
		s->inserted++;
	else if (fate == F_UPDATE)
		s->updated++;
	else
		s->unchanged++;
}

/* The start of writing a record with a key (source, camp, operation,
 * claim), once its fields are read: a key met before in the file is a
 * problem, a bad record stops here (PT_EINVAL), and *fate says whether the
 * record is new, changed or the same as stored (counted: nothing to write). */
static int keyed_record(struct rec *r, pt__kind kind, const char *lookup_sql, const char *key,
			json_t *obj, char hash[65], int64_t *id, enum fate *fate)
{
	int rc;
	*fate = F_INSERT;
	if (key && (rc = check_duplicate(r, "key", kind, key, key)))
		return rc;
	if (r->failed)
		return PT_EINVAL;
	if ((rc = content_hash(r, obj, hash)) ||
	    (rc = existing(r, lookup_sql, key, NULL, hash, id, fate)))
		return rc;
	if (*fate == F_UNCHANGED)
		count_fate(r, *fate);
	return PT_OK;
}

/* ---- persons ------------------------------------------------------------ */

struct name_in {
	char *surname, *given_names, *script, *notes;
	struct citations_in citations;
};

struct event_in {
	const char *type;
	struct date_in date;
	char *date_original, *place, *agent, *notes, *camp_name, *operation_key;
	char *camp_canonical;  /* the camp's own name, for the status reason */
	int64_t camp_id, operation_id;
	struct citations_in citations;
};

struct person_in {
	char *record_id, *source, *surname, *given_names, *name_original, *sex, *nationality;
	char *birth_place, *service, *service_number, *rank, *unit, *notes;
	char *extra;           /* the input's unmapped columns, as JSON text */
	struct date_in birth;
	struct name_in *names;
	size_t name_count;
	struct event_in *events;
	size_t event_count;
	struct citations_in citations;
};

static const char *script_of(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == 0xd0 || *p == 0xd1) /* U+0400-U+047F */
			return "Cyrl";
	return "Latn";
}

static int read_name(struct rec *r, const char *prefix, json_t *obj, struct name_in *n)
{
	static const char *const keys[] = {
		"surname", "given_names", "script", "notes", "citations", NULL,
	};
	int rc;
	if (!json_is_object(obj))
		return problem(r, field_name(r, prefix, ""), "expected an object, got %s",
			       type_name(obj));
	if ((rc = check_keys(r, prefix, obj, keys)) ||
	    (rc = get_text(r, prefix, obj, "surname", MAX_NAME, &n->surname)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "given_names", MAX_NAME, &n->given_names)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "script", 8, &n->script)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "notes", MAX_TEXT, &n->notes)) == PT_ENOMEM ||
	    (rc = read_citations(r, prefix, obj, &n->citations)))
		return rc;
	if (!n->surname && !n->given_names)
		problem(r, field_name(r, prefix, "surname"), "a name needs a surname or given names");
	if (!n->script)
		n->script = (char *)script_of(n->surname ? n->surname : n->given_names ? n->given_names : "");
	return PT_OK;
}

static int read_event(struct rec *r, const char *prefix, json_t *obj, struct event_in *e)
{
	static const char *const keys[] = {
		"type", "date", "date_original", "place", "camp", "operation", "agent", "notes",
		"citations", NULL,
	};
	int rc;
	if (!json_is_object(obj))
		return problem(r, field_name(r, prefix, ""), "expected an object, got %s",
			       type_name(obj));
	if ((rc = check_keys(r, prefix, obj, keys)))
		return rc;
	if (!json_object_get(obj, "type"))
		problem(r, field_name(r, prefix, "type"), "required");
	if ((rc = get_enum(r, prefix, obj, "type", event_types, &e->type)) == PT_ENOMEM ||
	    (rc = get_date(r, prefix, obj, "date", &e->date)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "date_original", MAX_NAME, &e->date_original)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "place", MAX_NAME, &e->place)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "agent", MAX_NAME, &e->agent)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "notes", MAX_TEXT, &e->notes)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "camp", MAX_NAME, &e->camp_name)) == PT_ENOMEM ||
	    (rc = get_text(r, prefix, obj, "operation", MAX_NAME, &e->operation_key)) == PT_ENOMEM ||
	    (rc = read_citations(r, prefix, obj, &e->citations)))
		return rc;
	if (e->camp_name &&
	    (rc = resolve_camp(r, field_name(r, prefix, "camp"), e->camp_name, &e->camp_id,
			       &e->camp_canonical)) != PT_OK && rc != PT_EINVAL)
		return rc;
	if (e->date.original && !e->date_original)
		e->date_original = e->date.original;
	if (e->operation_key) {
		if ((rc = lookup_key(r, S_OPERATION_ID, e->operation_key, &e->operation_id)))
			return rc;
		if (!e->operation_id)
			problem(r, field_name(r, prefix, "operation"),
				"unknown operation '%s' (import the operation first)", e->operation_key);
	}
	return PT_OK;
}

static int read_person(struct rec *r, json_t *obj, struct person_in *p)
{
	static const char *const keys[] = {
		"record_id", "source", "surname", "given_names", "name_original", "names", "sex",
		"nationality", "birth_date", "birth_place", "service", "service_number", "rank",
		"unit", "notes", "events", "citations", "extra", NULL,
	};
	static const char *const sexes[] = { "M", "F", "U", NULL };
	const char *sex = NULL;
	json_t *names, *events, *item;
	size_t i;
	int rc;

	if ((rc = check_keys(r, "", obj, keys)) ||
	    (rc = get_text(r, "", obj, "record_id", MAX_NAME, &p->record_id)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "source", MAX_NAME, &p->source)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "surname", MAX_NAME, &p->surname)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "given_names", MAX_NAME, &p->given_names)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "name_original", MAX_NAME, &p->name_original)) == PT_ENOMEM ||
	    (rc = get_enum(r, "", obj, "sex", sexes, &sex)) == PT_ENOMEM ||
	    (rc = get_country(r, "", obj, "nationality", &p->nationality)) == PT_ENOMEM ||
	    (rc = get_date(r, "", obj, "birth_date", &p->birth)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "birth_place", MAX_NAME, &p->birth_place)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "service", MAX_NAME, &p->service)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "service_number", MAX_NAME, &p->service_number)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "rank", MAX_NAME, &p->rank)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "unit", MAX_NAME, &p->unit)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "notes", MAX_TEXT, &p->notes)) == PT_ENOMEM ||
	    (rc = read_citations(r, "", obj, &p->citations)) ||
	    (rc = get_array(r, "", obj, "names", &names)) == PT_ENOMEM ||
	    (rc = get_array(r, "", obj, "events", &events)) == PT_ENOMEM)
		return rc;
	p->sex = (char *)sex;
	if ((rc = get_extra(r, obj, &p->extra)))
		return rc;
	if (!p->surname && !p->given_names && !p->name_original && !json_array_size(names) &&
	    !r->failed)
		problem(r, "surname", "a person needs a surname or given names");
	if (p->source) {
		int64_t id;
		if ((rc = resolve_source(r, "source", p->source, &id)) == PT_ENOMEM)
			return rc;
	}

	p->names = rec_calloc(r, json_array_size(names), sizeof *p->names);
	p->events = rec_calloc(r, json_array_size(events), sizeof *p->events);
	if (!p->names || !p->events)
		return PT_ENOMEM;
	json_array_foreach(names, i, item) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "names[%zu].", i + 1);
		if ((rc = read_name(r, field_name(r, "", prefix), item, &p->names[p->name_count++])))
			return rc;
	}
	json_array_foreach(events, i, item) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "events[%zu].", i + 1);
		if ((rc = read_event(r, field_name(r, "", prefix), item, &p->events[p->event_count++])))
			return rc;
	}
	return PT_OK;
}

static int write_name(struct rec *r, int64_t person_id, const char *surname, const char *given,
		      const char *script, int primary, int seq, const char *notes,
		      const struct citations_in *citations)
{
	static const char sql[] = "INSERT INTO person_name(person_id, surname, given_names, "
				  "script, is_primary, seq, notes, batch_id, batch_line) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s = cached(r->imp, sql);
	int64_t name_id;
	int rc = PT_OK;
	if (!s)
		return PT_EIO;
	if (r->imp->batch_id)
		sqlite3_bind_int64(s, 8, r->imp->batch_id);
	sqlite3_bind_int64(s, 9, r->line);
	sqlite3_bind_int64(s, 1, person_id);
	bind_text(s, 2, surname);
	bind_text(s, 3, given);
	bind_text(s, 4, script);
	sqlite3_bind_int(s, 5, primary);
	sqlite3_bind_int(s, 6, seq);
	bind_text(s, 7, notes);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write a name");
	sqlite3_reset(s);
	name_id = sqlite3_last_insert_rowid(r->imp->db->sql);
	if (rc == PT_OK)   /* the search keys of its spellings (name_keys.c) */
		rc = pt__name_keys_write(r->imp->db, surname, given);
	if (rc == PT_OK && citations)
		rc = write_citations(r, citations, T_NAME, name_id);
	return rc;
}

/* The case status of a person from its events, before anything is written
 * (so that the person's row is written once, with its status): *last is
 * the index of the event the status rests on, or -1. */
static int derive_status(struct rec *r, const struct person_in *p, pt_status *status,
			 char **reason, long *last)
{
	pt_status_event *facts = rec_calloc(r, p->event_count, sizeof *facts);
	int rc;

	if (!facts)
		return PT_ENOMEM;
	for (size_t i = 0; i < p->event_count; i++) {
		const struct event_in *e = &p->events[i];
		facts[i].type = e->type;
		facts[i].date = e->date.text ? e->date.date.edtf : NULL;
		facts[i].has_min = e->date.text && (e->date.date.flags & PT_DATE_HAS_MIN);
		facts[i].has_max = e->date.text && (e->date.date.flags & PT_DATE_HAS_MAX);
		facts[i].date_min = e->date.date.min;
		facts[i].date_max = e->date.date.max;
		facts[i].camp = e->camp_canonical;
		facts[i].place = e->place;
	}
	if ((rc = pt_status_derive(facts, p->event_count, status, reason, last)))
		return pt__error(r->imp->db, rc, "out of memory");
	keep(r, *reason);
	return PT_OK;
}

/* Writes the events, and points the person at the one its status rests on
 * (the status itself is written with the person). */
static int write_events(struct rec *r, int64_t person_id, const struct person_in *p, long last)
{
	static const char sql[] =
		"INSERT INTO event(person_id, type, date, date_min, date_max, date_original, "
		"camp_id, place, operation_id, agent, notes, seq, batch_id, batch_line) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	static const char last_sql[] = "UPDATE person SET last_event_id = ? WHERE id = ?";
	int64_t *ids = rec_calloc(r, p->event_count, sizeof *ids);
	sqlite3_stmt *s = NULL, *u = NULL;
	int rc;

	if (!ids)
		return PT_ENOMEM;
	if (!(s = cached(r->imp, sql)))
		return PT_EIO;
	rc = PT_OK;
	for (size_t i = 0; i < p->event_count && rc == PT_OK; i++) {
		const struct event_in *e = &p->events[i];
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		if (r->imp->batch_id)
			sqlite3_bind_int64(s, 13, r->imp->batch_id);
		sqlite3_bind_int64(s, 14, r->line);
		sqlite3_bind_int64(s, 1, person_id);
		bind_text(s, 2, e->type);
		bind_date(s, 3, &e->date);
		bind_text(s, 6, e->date_original);
		if (e->camp_id)
			sqlite3_bind_int64(s, 7, e->camp_id);
		bind_text(s, 8, e->place);
		if (e->operation_id)
			sqlite3_bind_int64(s, 9, e->operation_id);
		bind_text(s, 10, e->agent);
		bind_text(s, 11, e->notes);
		sqlite3_bind_int64(s, 12, (int64_t)i + 1);
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = pt__sql_error(r->imp->db, "cannot write an event");
			break;
		}
		ids[i] = sqlite3_last_insert_rowid(r->imp->db->sql);
		rc = write_citations(r, &e->citations, T_EVENT, ids[i]);
	}
	sqlite3_reset(s);
	if (rc || last < 0)
		return rc;
	/* last_event_id has no index: this update rewrites the row only */
	if (!(u = cached(r->imp, last_sql)))
		return PT_EIO;
	sqlite3_bind_int64(u, 1, ids[last]);
	sqlite3_bind_int64(u, 2, person_id);
	if (sqlite3_step(u) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write the status");
	sqlite3_reset(u);
	return rc;
}

static int write_person(struct rec *r, const struct person_in *p, const char *record_source,
			const char *record_id, const char *hash, int64_t id)
{
	static const char insert_sql[] =
		"INSERT INTO person(surname, given_names, sex, nationality, birth_date, "
		"birth_date_min, birth_date_max, birth_place, service, service_number, rank, unit, "
		"notes, content_hash, batch_id, batch_line, record_source, record_id, "
		"birth_date_original, extra, first_batch_id, status, status_reason) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?15, ?21, ?22)";
	static const char update_sql[] =
		"UPDATE person SET surname = ?, given_names = ?, sex = ?, nationality = ?, "
		"birth_date = ?, birth_date_min = ?, birth_date_max = ?, birth_place = ?, "
		"service = ?, service_number = ?, rank = ?, unit = ?, notes = ?, content_hash = ?, "
		"batch_id = ?, batch_line = ?, last_event_id = NULL, birth_date_original = ?19, "
		"extra = ?20, status = ?21, status_reason = ?22 "
		"WHERE record_source = ?17 AND record_id = ?18";
	sqlite3_stmt *s = NULL;
	pt_status status;
	char *reason = NULL;
	long last = -1;
	int rc, seq = 0;

	if ((rc = derive_status(r, p, &status, &reason, &last)))
		return rc;
	if (id && ((rc = run(r, "DELETE FROM citation WHERE person_id = ?", id, NULL)) ||
		   (rc = run(r, "DELETE FROM person_name WHERE person_id = ?", id, NULL))))
		return rc;
	if (!(s = cached(r->imp, id ? update_sql : insert_sql)))
		return PT_EIO;
	rc = PT_OK;
	bind_text(s, 19, p->birth.original);
	bind_text(s, 20, p->extra);
	sqlite3_bind_text(s, 21, pt_status_name(status), -1, SQLITE_STATIC);
	bind_text(s, 22, reason);
	bind_text(s, 1, p->surname);
	bind_text(s, 2, p->given_names);
	bind_text(s, 3, p->sex);
	bind_text(s, 4, p->nationality);
	bind_date(s, 5, &p->birth);
	bind_text(s, 8, p->birth_place);
	bind_text(s, 9, p->service);
	bind_text(s, 10, p->service_number);
	bind_text(s, 11, p->rank);
	bind_text(s, 12, p->unit);
	bind_text(s, 13, p->notes);
	bind_text(s, 14, hash);
	sqlite3_bind_int64(s, 15, r->imp->batch_id);
	sqlite3_bind_int64(s, 16, r->line);
	bind_text(s, 17, record_source);
	bind_text(s, 18, record_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write a person");
	sqlite3_reset(s);
	if (rc)
		return rc;
	if (!id)
		id = sqlite3_last_insert_rowid(r->imp->db->sql);
	else if ((rc = run(r, "DELETE FROM event WHERE person_id = ?", id, NULL)))
		return rc;

	if ((p->surname || p->given_names) &&
	    (rc = write_name(r, id, p->surname, p->given_names,
			     script_of(p->surname ? p->surname : p->given_names), 1, seq++, NULL, NULL)))
		return rc;
	if (p->name_original &&
	    (rc = write_name(r, id, p->name_original, NULL, script_of(p->name_original),
			     seq == 0, seq, "name as written in the record", NULL)))
		return rc;
	if (p->name_original)
		seq++;
	for (size_t i = 0; i < p->name_count; i++) {
		const struct name_in *n = &p->names[i];
		if ((rc = write_name(r, id, n->surname, n->given_names, n->script, seq == 0, seq,
				     n->notes, &n->citations)))
			return rc;
		seq++;
	}
	if ((rc = write_citations(r, &p->citations, T_PERSON, id)))
		return rc;
	return write_events(r, id, p, last);
}

static int load_person(struct rec *r, json_t *obj)
{
	struct person_in p = { 0 };
	const char *record_source, *record_id;
	char hash[65], ident_hash[96];
	pt__buf ident = PT__BUF_INIT;
	enum fate fate;
	int64_t id;
	int rc;

	if ((rc = read_person(r, obj, &p)))
		return rc;
	if (r->failed)
		return PT_EINVAL;
	if ((rc = content_hash(r, obj, hash)))
		return rc;
	record_source = p.source ? p.source
		      : p.citations.count ? p.citations.items[0].source_key : "";
	record_source = pt__source_key_of(r->imp, record_source); /* a source made from words */
	if (p.record_id) {
		record_id = p.record_id;
		pt__buf_printf(&ident, "%s\x1f%s", record_source, record_id);
		rc = check_duplicate(r, "record_id", PT__KIND_PERSON, pt__buf_str(&ident), record_id);
	} else {
		/* identified by content; a register that lists the same entry twice
		 * lists two persons as far as we know: the second is "...#2" */
		int64_t first = 0;
		for (int n = 1; rc == PT_OK; n++) {
			if (n == 1)
				snprintf(ident_hash, sizeof ident_hash, "sha256:%s", hash);
			else
				snprintf(ident_hash, sizeof ident_hash, "sha256:%s#%d", hash, n);
			pt__buf_reset(&ident);
			pt__buf_printf(&ident, "%s\x1f%s", record_source, ident_hash);
			if ((rc = seen_line(r, PT__KIND_PERSON, pt__buf_str(&ident), hash, &first)) ||
			    first == r->line)
				break;
		}
		record_id = ident_hash;
	}
	pt__buf_release(&ident);
	if (rc || r->failed)
		return rc ? rc : PT_EINVAL;
	if ((rc = existing(r, "SELECT id, content_hash FROM person WHERE record_source = ? "
			   "AND record_id = ?", record_source, record_id, hash, &id, &fate)) ||
	    (rc = rec_good(r)))
		return rc;
	if (fate != F_UNCHANGED && (rc = write_person(r, &p, record_source, record_id, hash, id)))
		return rc;
	count_fate(r, fate);
	return PT_OK;
}

/* ---- sources -------------------------------------------------------------- */

/* "isbn": checked by its check digit and stored as the 13 digits of its
 * ISBN-13; another source with the same ISBN is the same book. */
static int source_isbn(struct rec *r, const char *key, char **isbn)
{
	char digits[PT_ISBN13_SIZE];
	const char *why = NULL;
	sqlite3_stmt *s = NULL;
	int rc;

	if (!*isbn)
		return PT_OK;
	if (pt_isbn_normalize(*isbn, digits, &why))
		return problem(r, "isbn", "'%s' is not an ISBN: %s", *isbn, why);
	if (!(*isbn = keep(r, pt__strdup(digits))))
		return PT_ENOMEM;
	if ((rc = pt__prepare(r->imp->db, &s, "SELECT key FROM source WHERE isbn = ? AND key <> ? "
			      "ORDER BY key LIMIT 1")))
		return rc;
	bind_text(s, 1, *isbn);
	bind_text(s, 2, key ? key : "");
	if (sqlite3_step(s) == SQLITE_ROW)
		rc = problem(r, "isbn", "ISBN %s already belongs to source '%s'", *isbn,
			     (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc;
}

/* The reference as one text and in parts: each made from the other when
 * only one is given. */
static int source_reference(struct rec *r, struct pt__archival *parts, char **reference)
{
	char **fields[] = { &parts->collection, &parts->series, &parts->piece, &parts->fond,
			    &parts->opis, &parts->delo };
	char *before[6];
	int rc;

	for (int i = 0; i < 6; i++)
		before[i] = *fields[i];
	if (*reference) {
		if ((rc = pt__archival_parse(*reference, parts)))
			return rc;
		for (int i = 0; i < 6; i++)
			if (*fields[i] != before[i] && !keep(r, *fields[i]))
				return PT_ENOMEM;
		return PT_OK;
	}
	*reference = keep(r, pt__archival_compose(parts));
	return PT_OK;
}

static int source_write_parts(struct rec *r, int64_t id, const struct pt__archival *parts)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(r->imp->db, &s, "UPDATE source SET collection = ?, series = ?, "
			     "piece = ?, fond = ?, opis = ?, delo = ? WHERE id = ?");
	if (rc)
		return rc;
	bind_text(s, 1, parts->collection);
	bind_text(s, 2, parts->series);
	bind_text(s, 3, parts->piece);
	bind_text(s, 4, parts->fond);
	bind_text(s, 5, parts->opis);
	bind_text(s, 6, parts->delo);
	sqlite3_bind_int64(s, 7, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write a source");
	sqlite3_finalize(s);
	return rc;
}

/* A link to a source not (yet) in the database: it may come later in the
 * file, so pt__load_finish makes it, or says that it is unknown. */
static int source_link_later(struct rec *r, int64_t id, const char *target, const char *relation)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(r->imp->db, &s, "INSERT INTO temp.pt_pending_link(source_id, "
			     "target_key, relation, line) VALUES (?, ?, ?, ?)");
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, target);
	bind_text(s, 3, relation);
	sqlite3_bind_int64(s, 4, r->line);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "database");
	sqlite3_finalize(s);
	return rc;
}

int pt__load_finish(pt__import *imp)
{
	static const char sql[] =
		"SELECT p.target_key, p.relation, p.line, t.id, p.source_id "
		"FROM temp.pt_pending_link p LEFT JOIN source t ON t.key = p.target_key "
		"ORDER BY p.line, p.rowid";
	sqlite3_stmt *s = NULL, *ins = NULL;
	long bad_line = 0;
	int rc, step;

	if ((rc = pt__prepare(imp->db, &s, sql)) ||
	    (rc = pt__prepare(imp->db, &ins, "INSERT OR IGNORE INTO source_link(source_id, "
			      "target_id, relation) VALUES (?, ?, ?)")))
		goto cleanup;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *target = (const char *)sqlite3_column_text(s, 0);
		const char *relation = (const char *)sqlite3_column_text(s, 1);
		long line = (long)sqlite3_column_int64(s, 2);
		if (sqlite3_column_type(s, 3) == SQLITE_NULL) {
			if (line != bad_line)
				imp->summary->rejected++;
			bad_line = line;
			rc = pt__import_problem(imp, line, relation, "unknown source '%s' (neither in "
						"the database nor imported from this file)", target);
			if (rc == PT_ENOMEM)
				goto cleanup;
			continue;
		}
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, sqlite3_column_int64(s, 4));
		sqlite3_bind_int64(ins, 2, sqlite3_column_int64(s, 3));
		sqlite3_bind_text(ins, 3, relation, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			rc = pt__sql_error(imp->db, "cannot write a source link");
			goto cleanup;
		}
	}
	rc = step == SQLITE_DONE ? (bad_line ? PT_EINVAL : PT_OK)
				 : pt__sql_error(imp->db, "database");
cleanup:
	sqlite3_finalize(s);
	sqlite3_finalize(ins);
	if (rc == PT_OK)
		rc = pt__exec(imp->db, "DELETE FROM temp.pt_pending_link");
	return rc;
}

static int load_source(struct rec *r, json_t *obj)
{
	static const char *const keys[] = {
		"key", "kind", "title", "authors", "date", "publisher", "isbn", "url", "archive",
		"reference", "notes", "cites", "derives_from", "transcribes", "translates",
		"collection", "series", "piece", "fond", "opis", "delo", "extra", NULL,
	};
	static const char upsert[] =
		"INSERT INTO source(key, kind, title, authors, date, date_min, date_max, publisher, "
		"isbn, url, archive, reference, notes, content_hash, batch_id, batch_line) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, title = excluded.title, "
		"authors = excluded.authors, date = excluded.date, date_min = excluded.date_min, "
		"date_max = excluded.date_max, publisher = excluded.publisher, isbn = excluded.isbn, "
		"url = excluded.url, archive = excluded.archive, reference = excluded.reference, "
		"notes = excluded.notes, content_hash = excluded.content_hash, "
		"batch_id = excluded.batch_id, batch_line = excluded.batch_line RETURNING id";
	char *key, *title, *publisher, *isbn, *url, *archive, *reference, *notes, *authors_text = NULL;
	struct pt__archival parts = { 0 };
	const char *kind;
	struct date_in date = { 0 };
	json_t *authors, *links[4], *item;
	int64_t targets_max = 0, id;
	int64_t *targets[4] = { 0 };
	char hash[65];
	enum fate fate;
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc;

	if ((rc = pt__source_record_normalize(obj)) ||
	    (rc = check_keys(r, "", obj, keys)) ||
	    (rc = get_required(r, "", obj, "key", MAX_NAME, &key)) == PT_ENOMEM ||
	    (rc = get_enum(r, "", obj, "kind", source_kinds, &kind)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "title", MAX_TEXT, &title)) == PT_ENOMEM ||
	    (rc = get_date(r, "", obj, "date", &date)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "publisher", MAX_NAME, &publisher)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "isbn", MAX_NAME, &isbn)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "url", MAX_TEXT, &url)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "archive", MAX_NAME, &archive)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "reference", MAX_NAME, &reference)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "notes", MAX_TEXT, &notes)) == PT_ENOMEM ||
	    (rc = get_array(r, "", obj, "authors", &authors)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "collection", MAX_NAME, &parts.collection)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "series", MAX_NAME, &parts.series)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "piece", MAX_NAME, &parts.piece)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "fond", MAX_NAME, &parts.fond)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "opis", MAX_NAME, &parts.opis)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "delo", MAX_NAME, &parts.delo)) == PT_ENOMEM ||
	    (rc = source_isbn(r, key, &isbn)) == PT_ENOMEM ||
	    (rc = source_reference(r, &parts, &reference)) == PT_ENOMEM)
		return rc;
	if (!kind && !json_object_get(obj, "kind"))
		problem(r, "kind", "required");
	json_array_foreach(authors, i, item)
		if (!json_is_string(item))
			problem(r, "authors", "expected an array of strings");
	if (authors && !r->failed &&
	    !(authors_text = keep(r, json_dumps(authors, JSON_COMPACT))))
		return PT_ENOMEM;
	for (int k = 0; k < 4; k++) {
		if ((rc = get_array(r, "", obj, source_relations[k], &links[k])) == PT_ENOMEM)
			return rc;
		targets[k] = rec_calloc(r, json_array_size(links[k]), sizeof(int64_t));
		if (!targets[k])
			return PT_ENOMEM;
		json_array_foreach(links[k], i, item) {
			const char *field = source_relations[k];
			if (!json_is_string(item)) {
				problem(r, field, "expected an array of source keys");
				continue;
			}
			if (key && !strcmp(json_string_value(item), key)) {
				problem(r, field, "a source cannot link to itself");
				continue;
			}
			/* a source later in the file: linked by pt__load_finish */
			if ((rc = lookup_key(r, S_SOURCE_ID, json_string_value(item), &targets[k][i])))
				return rc;
			targets_max++;
		}
	}
	if ((rc = keyed_record(r, PT__KIND_SOURCE,
				"SELECT id, content_hash FROM source WHERE key = ?", key, obj,
				hash, &id, &fate)) || fate == F_UNCHANGED)
		return rc;
	if ((rc = pt__prepare(r->imp->db, &s, upsert)))
		return rc;
	bind_text(s, 1, key);
	bind_text(s, 2, kind);
	bind_text(s, 3, title);
	bind_text(s, 4, authors_text);
	bind_date(s, 5, &date);
	bind_text(s, 8, publisher);
	bind_text(s, 9, isbn);
	bind_text(s, 10, url);
	bind_text(s, 11, archive);
	bind_text(s, 12, reference);
	bind_text(s, 13, notes);
	bind_text(s, 14, hash);
	sqlite3_bind_int64(s, 15, r->imp->batch_id);
	sqlite3_bind_int64(s, 16, r->line);
	rc = step_id(r, s, &id);
	sqlite3_finalize(s);
	if (rc || (rc = source_write_parts(r, id, &parts)) ||
	    (rc = write_extra(r, "UPDATE source SET extra = ? WHERE id = ?", id, obj)) ||
	    (rc = run(r, "DELETE FROM source_link WHERE source_id = ?", id, NULL)))
		return rc;
	for (int k = 0; k < 4 && targets_max; k++) {
		for (i = 0; i < json_array_size(links[k]); i++) {
			if (!targets[k][i]) {
				if ((rc = source_link_later(r, id, json_string_value(json_array_get(
						links[k], i)), source_relations[k])))
					return rc;
				continue;
			}
			if ((rc = pt__prepare(r->imp->db, &s, "INSERT OR IGNORE INTO source_link"
					      "(source_id, target_id, relation) VALUES (?, ?, ?)")))
				return rc;
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, targets[k][i]);
			sqlite3_bind_text(s, 3, source_relations[k], -1, SQLITE_STATIC);
			if (sqlite3_step(s) != SQLITE_DONE)
				rc = pt__sql_error(r->imp->db, "cannot write a source link");
			sqlite3_finalize(s);
			if (rc)
				return rc;
		}
	}
	count_fate(r, fate);
	return PT_OK;
}

/* ---- camps ---------------------------------------------------------------- */

/* An alias of a camp, with its folded key and its match key (camp_key.c).
 * Two camps may share a name (the Gulag had camps of one name in different
 * years): a look-up by that name is then ambiguous, and says so. */
static int add_alias(struct rec *r, int64_t camp_id, const char *alias, const char *field)
{
	static const char sql[] = "INSERT OR IGNORE INTO camp_alias(camp_id, alias, alias_key, "
				  "match_key) VALUES (?, ?, ?, ?)";
	char *folded = keep(r, pt__fold_key(r->imp->db, alias));
	char *match = folded ? keep(r, pt__camp_key(r->imp->db, alias)) : NULL;
	sqlite3_stmt *s;
	int rc = PT_OK;

	if (!folded || !match)
		return PT_ENOMEM;
	if (!*folded)
		return problem(r, field, "alias '%s' has no letters or digits", alias);
	if (!(s = cached(r->imp, sql)))
		return PT_EIO;
	sqlite3_bind_int64(s, 1, camp_id);
	bind_text(s, 2, alias);
	bind_text(s, 3, folded);
	bind_text(s, 4, match);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write a camp alias");
	sqlite3_reset(s);
	return rc;
}

static int load_camp(struct rec *r, json_t *obj)
{
	static const char *const keys[] = {
		"key", "name", "type", "operator", "place", "country", "lat", "lon", "period",
		"verified", "aliases", "notes", "citations", "extra", NULL,
	};
	static const char upsert[] =
		"INSERT INTO camp(key, name, type, operator, place, country, lat, lon, period, "
		"period_min, period_max, verified, notes, content_hash, batch_id, batch_line) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT(key) DO UPDATE SET name = excluded.name, type = excluded.type, "
		"operator = excluded.operator, place = excluded.place, country = excluded.country, "
		"lat = excluded.lat, lon = excluded.lon, period = excluded.period, "
		"period_min = excluded.period_min, period_max = excluded.period_max, "
		"verified = excluded.verified, notes = excluded.notes, "
		"content_hash = excluded.content_hash, batch_id = excluded.batch_id, "
		"batch_line = excluded.batch_line RETURNING id";
	char *key, *name, *operator, *place, *country, *notes;
	const char *type;
	struct date_in period = { 0 };
	struct citations_in citations = { 0 };
	double lat = 0, lon = 0;
	int has_lat, has_lon, verified = 1;
	json_t *aliases, *item;
	char hash[65];
	enum fate fate;
	sqlite3_stmt *s = NULL;
	int64_t id;
	size_t i;
	int rc;

	if ((rc = check_keys(r, "", obj, keys)) ||
	    (rc = get_required(r, "", obj, "key", MAX_NAME, &key)) == PT_ENOMEM ||
	    (rc = get_required(r, "", obj, "name", MAX_NAME, &name)) == PT_ENOMEM ||
	    (rc = get_enum(r, "", obj, "type", camp_types, &type)) == PT_ENOMEM ||
	    (rc = get_country(r, "", obj, "operator", &operator)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "place", MAX_NAME, &place)) == PT_ENOMEM ||
	    (rc = get_country(r, "", obj, "country", &country)) == PT_ENOMEM ||
	    (rc = get_number(r, "", obj, "lat", &lat, &has_lat)) == PT_ENOMEM ||
	    (rc = get_number(r, "", obj, "lon", &lon, &has_lon)) == PT_ENOMEM ||
	    (rc = get_date(r, "", obj, "period", &period)) == PT_ENOMEM ||
	    (rc = get_bool(r, "", obj, "verified", &verified)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "notes", MAX_TEXT, &notes)) == PT_ENOMEM ||
	    (rc = get_array(r, "", obj, "aliases", &aliases)) == PT_ENOMEM ||
	    (rc = read_citations(r, "", obj, &citations)))
		return rc;
	if (!type && !json_object_get(obj, "type"))
		problem(r, "type", "required");
	if (has_lat && (lat < -90 || lat > 90))
		problem(r, "lat", "latitude %g out of range (-90 to 90)", lat);
	if (has_lon && (lon < -180 || lon > 180))
		problem(r, "lon", "longitude %g out of range (-180 to 180)", lon);
	if (has_lat != has_lon)
		problem(r, has_lat ? "lon" : "lat", "give both lat and lon, or neither");
	json_array_foreach(aliases, i, item)
		if (!json_is_string(item) || !json_string_length(item))
			problem(r, "aliases", "expected an array of names");
	if ((rc = keyed_record(r, PT__KIND_CAMP,
				"SELECT id, content_hash FROM camp WHERE key = ?", key, obj,
				hash, &id, &fate)) || fate == F_UNCHANGED)
		return rc;
	if ((rc = pt__prepare(r->imp->db, &s, upsert)))
		return rc;
	bind_text(s, 1, key);
	bind_text(s, 2, name);
	bind_text(s, 3, type);
	bind_text(s, 4, operator);
	bind_text(s, 5, place);
	bind_text(s, 6, country);
	if (has_lat)
		sqlite3_bind_double(s, 7, lat);
	if (has_lon)
		sqlite3_bind_double(s, 8, lon);
	bind_date(s, 9, &period);
	sqlite3_bind_int(s, 12, verified);
	bind_text(s, 13, notes);
	bind_text(s, 14, hash);
	sqlite3_bind_int64(s, 15, r->imp->batch_id);
	sqlite3_bind_int64(s, 16, r->line);
	rc = step_id(r, s, &id);
	sqlite3_finalize(s);
	if (rc || (rc = run(r, "DELETE FROM camp_alias WHERE camp_id = ?", id, NULL)) ||
	    (rc = run(r, "DELETE FROM citation WHERE camp_id = ?", id, NULL)) ||
	    (rc = add_alias(r, id, name, "name")))
		return rc;
	json_array_foreach(aliases, i, item) {
		char *alias = keep(r, pt__nfc(r->imp->db, json_string_value(item)));
		if (!alias)
			return PT_ENOMEM;
		if ((rc = add_alias(r, id, alias, "aliases")) == PT_ENOMEM || rc == PT_EIO)
			return rc;
	}
	if (r->failed)
		return PT_EINVAL;
	if ((rc = write_citations(r, &citations, T_CAMP, id)) ||
	    (rc = write_extra(r, "UPDATE camp SET extra = ? WHERE id = ?", id, obj)))
		return rc;
	count_fate(r, fate);
	return PT_OK;
}

/* ---- operations ------------------------------------------------------------ */

static int load_operation(struct rec *r, json_t *obj)
{
	static const char *const keys[] = {
		"key", "name", "kind", "date", "place", "notes", "citations", "extra", NULL,
	};
	static const char upsert[] =
		"INSERT INTO operation(key, name, kind, date, date_min, date_max, place, notes, "
		"content_hash, batch_id, batch_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT(key) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
		"date = excluded.date, date_min = excluded.date_min, date_max = excluded.date_max, "
		"place = excluded.place, notes = excluded.notes, content_hash = excluded.content_hash, "
		"batch_id = excluded.batch_id, batch_line = excluded.batch_line RETURNING id";
	char *key, *name, *kind, *place, *notes;
	struct date_in date = { 0 };
	struct citations_in citations = { 0 };
	char hash[65];
	enum fate fate;
	sqlite3_stmt *s = NULL;
	int64_t id;
	int rc;

	if ((rc = check_keys(r, "", obj, keys)) ||
	    (rc = get_required(r, "", obj, "key", MAX_NAME, &key)) == PT_ENOMEM ||
	    (rc = get_required(r, "", obj, "name", MAX_NAME, &name)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "kind", MAX_NAME, &kind)) == PT_ENOMEM ||
	    (rc = get_date(r, "", obj, "date", &date)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "place", MAX_NAME, &place)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "notes", MAX_TEXT, &notes)) == PT_ENOMEM ||
	    (rc = read_citations(r, "", obj, &citations)))
		return rc;
	if ((rc = keyed_record(r, PT__KIND_OPERATION,
				"SELECT id, content_hash FROM operation WHERE key = ?", key, obj,
				hash, &id, &fate)) || fate == F_UNCHANGED)
		return rc;
	if ((rc = pt__prepare(r->imp->db, &s, upsert)))
		return rc;
	bind_text(s, 1, key);
	bind_text(s, 2, name);
	bind_text(s, 3, kind);
	bind_date(s, 4, &date);
	bind_text(s, 7, place);
	bind_text(s, 8, notes);
	bind_text(s, 9, hash);
	sqlite3_bind_int64(s, 10, r->imp->batch_id);
	sqlite3_bind_int64(s, 11, r->line);
	rc = step_id(r, s, &id);
	sqlite3_finalize(s);
	if (rc || (rc = run(r, "DELETE FROM citation WHERE operation_id = ?", id, NULL)) ||
	    (rc = write_citations(r, &citations, T_OPERATION, id)) ||
	    (rc = write_extra(r, "UPDATE operation SET extra = ? WHERE id = ?", id, obj)))
		return rc;
	count_fate(r, fate);
	return PT_OK;
}

/* ---- claims ------------------------------------------------------------------ */

static int load_claim(struct rec *r, json_t *obj)
{
	static const char *const keys[] = {
		"key", "question", "metric", "population", "value", "value_min", "value_max",
		"approximate", "value_text", "date", "text", "notes", "citation", "citations",
		"extra", NULL,
	};
	static const char upsert[] =
		"INSERT INTO claim(key, question, metric, population, value_min, value_max, "
		"approximate, value_text, date, date_min, date_max, text, notes, content_hash, "
		"batch_id, batch_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT(key) DO UPDATE SET question = excluded.question, "
		"metric = excluded.metric, population = excluded.population, "
		"value_min = excluded.value_min, value_max = excluded.value_max, "
		"approximate = excluded.approximate, value_text = excluded.value_text, "
		"date = excluded.date, date_min = excluded.date_min, date_max = excluded.date_max, "
		"text = excluded.text, notes = excluded.notes, content_hash = excluded.content_hash, "
		"batch_id = excluded.batch_id, batch_line = excluded.batch_line RETURNING id";
	char *key, *question, *metric, *value_text, *text, *notes, *population_text = NULL;
	struct date_in date = { 0 };
	struct citations_in citations = { 0 };
	double value = 0, vmin = 0, vmax = 0;
	int has_value, has_min, has_max, approximate = 0;
	json_t *population;
	char hash[65];
	enum fate fate;
	sqlite3_stmt *s = NULL;
	int64_t id;
	int rc;

	if ((rc = pt__claim_record_normalize(obj)) ||
	    (rc = check_keys(r, "", obj, keys)) ||
	    (rc = get_required(r, "", obj, "key", MAX_NAME, &key)) == PT_ENOMEM ||
	    (rc = get_required(r, "", obj, "question", MAX_NAME, &question)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "metric", MAX_NAME, &metric)) == PT_ENOMEM ||
	    (rc = get_number(r, "", obj, "value", &value, &has_value)) == PT_ENOMEM ||
	    (rc = get_number(r, "", obj, "value_min", &vmin, &has_min)) == PT_ENOMEM ||
	    (rc = get_number(r, "", obj, "value_max", &vmax, &has_max)) == PT_ENOMEM ||
	    (rc = get_bool(r, "", obj, "approximate", &approximate)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "value_text", MAX_TEXT, &value_text)) == PT_ENOMEM ||
	    (rc = get_date(r, "", obj, "date", &date)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "text", MAX_TEXT, &text)) == PT_ENOMEM ||
	    (rc = get_text(r, "", obj, "notes", MAX_TEXT, &notes)) == PT_ENOMEM ||
	    (rc = read_citations(r, "", obj, &citations)))
		return rc;
	population = json_object_get(obj, "population");
	if (population && !json_is_null(population)) {
		const char *why = NULL;
		char *bad = NULL;
		if (!json_is_object(population))
			problem(r, "population", "expected an object, got %s", type_name(population));
		else if ((rc = pt__population_canonical(r->imp->db, population, &population_text,
							&why, &bad)))
			return rc;
		else if (why)
			problem(r, "population", "%s%s%s%s", why, bad ? " '" : "", bad ? bad : "",
				bad ? "'" : "");
		keep(r, population_text);
		free(bad);
	}
	if (has_value && (has_min || has_max))
		problem(r, "value", "give value, or value_min and/or value_max, not both");
	if (has_value)
		vmin = vmax = value, has_min = has_max = 1;
	/* value_min alone: "at least", "more than"; value_max alone: "at most", "up to" */
	if (has_min && has_max && vmin > vmax)
		problem(r, "value_min", "range %g-%g ends before it starts", vmin, vmax);
	if (!has_min && !has_max && !value_text && !r->failed)
		problem(r, "value", "a claim needs a value, a range or a value_text");
	if ((rc = keyed_record(r, PT__KIND_CLAIM,
				"SELECT id, content_hash FROM claim WHERE key = ?", key, obj,
				hash, &id, &fate)) || fate == F_UNCHANGED)
		return rc;
	if ((rc = pt__prepare(r->imp->db, &s, upsert)))
		return rc;
	bind_text(s, 1, key);
	bind_text(s, 2, question);
	bind_text(s, 3, metric);
	bind_text(s, 4, population_text);
	if (has_min)
		sqlite3_bind_double(s, 5, vmin);
	if (has_max)
		sqlite3_bind_double(s, 6, vmax);
	sqlite3_bind_int(s, 7, approximate);
	bind_text(s, 8, value_text);
	bind_date(s, 9, &date);
	bind_text(s, 12, text);
	bind_text(s, 13, notes);
	bind_text(s, 14, hash);
	sqlite3_bind_int64(s, 15, r->imp->batch_id);
	sqlite3_bind_int64(s, 16, r->line);
	rc = step_id(r, s, &id);
	sqlite3_finalize(s);
	if (rc || (rc = run(r, "DELETE FROM citation WHERE claim_id = ?", id, NULL)) ||
	    (rc = write_citations(r, &citations, T_CLAIM, id)) ||
	    (rc = write_extra(r, "UPDATE claim SET extra = ? WHERE id = ?", id, obj)))
		return rc;
	count_fate(r, fate);
	return PT_OK;
}

/* ---- the entry point ------------------------------------------------------- */

static const char savepoint_sql[] = "SAVEPOINT record", release_sql[] = "RELEASE record",
		  rollback_sql[] = "ROLLBACK TO record";

static int step_cached(pt__import *imp, const char *sql)
{
	sqlite3_stmt *s = cached(imp, sql);
	if (!s)
		return PT_EIO;
	if (sqlite3_step(s) != SQLITE_DONE)
		return pt__sql_error(imp->db, "database");
	return PT_OK;
}

int pt__record_savepoint(pt__import *imp)
{
	int rc;
	if (imp->record_state != PT__RECORD_OPEN)
		return PT_OK;
	if ((rc = step_cached(imp, savepoint_sql)))
		return rc;
	imp->record_state = PT__RECORD_SAVEPOINT;
	return PT_OK;
}

/* A record is checked and good: what it made while it was being checked
 * (camps, sources, the note of its identity) is kept, and what it writes
 * from here on goes in outside any savepoint, which would copy every page
 * the writes touch (an eighth of a register's import). A write that fails
 * now fails the import, whose transaction takes it back. */
static int rec_good(struct rec *r)
{
	int rc;
	if (r->imp->record_state == PT__RECORD_SAVEPOINT &&
	    (rc = step_cached(r->imp, release_sql)))
		return rc;
	r->imp->record_state = PT__RECORD_OPEN;
	r->good = 1;
	return PT_OK;
}

/* Persons, the rows of a register, open their savepoint only when a write
 * must be taken back with them (pt__record_savepoint): they write nothing
 * else before rec_good, the note of their identity (check_duplicate) being
 * their last check. The other kinds, few and written as they are read, take
 * one for the whole record. */
int pt__load_record(pt__import *imp, pt__kind kind, json_t *record, long line)
{
	struct rec r = { imp, line, { NULL, 0, 0 }, 0, record, "", 0 };
	int rc;

	imp->record_state = PT__RECORD_OPEN;
	if (kind != PT__KIND_PERSON && (rc = pt__record_savepoint(imp))) {
		imp->record_state = PT__RECORD_NONE;
		return rc;
	}
	switch (kind) {
	case PT__KIND_LOCATION:  rc = pt__load_location(imp, record, line); break;
	case PT__KIND_SOURCE:    rc = load_source(&r, record); break;
	case PT__KIND_CAMP:      rc = load_camp(&r, record); break;
	case PT__KIND_OPERATION: rc = load_operation(&r, record); break;
	case PT__KIND_PERSON:    rc = load_person(&r, record); break;
	case PT__KIND_CLAIM:     rc = load_claim(&r, record); break;
	default:                 rc = PT_EINVAL; break;
	}
	if (rc == PT_OK && r.failed)
		rc = PT_EINVAL;
	if (rc == PT_ENOMEM)
		pt__error(imp->db, rc, "out of memory");
	if (rc && rc != PT_EINVAL && rc != PT_ENOMEM) {
		/* a failure that stops the import: say where */
		char *why = pt__strdup(pt_db_errmsg(imp->db));
		pt__error(imp->db, rc, "%s:%ld: %s", imp->name, line, why ? why : "");
		free(why);
	}
	if (rc && r.good) {
		/* no longer one record's problem: the import stops */
		if (rc == PT_EINVAL)
			rc = pt__error(imp->db, PT_EIO, "%s:%ld: cannot write the record",
				       imp->name, line);
	} else if (rc) {
		if (imp->record_state == PT__RECORD_SAVEPOINT) {
			step_cached(imp, rollback_sql);
			step_cached(imp, release_sql);
		}
		if (rc == PT_EINVAL)
			imp->summary->rejected++;
		pt__record_done(imp, 0); /* forget the camps it made */
	} else {
		if (imp->record_state == PT__RECORD_SAVEPOINT)
			rc = step_cached(imp, release_sql);
		if (rc == PT_OK)
			rc = pt__record_done(imp, 1);
	}
	imp->record_state = PT__RECORD_NONE;
	rec_release(&r);
	return rc;
}

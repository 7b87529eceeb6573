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

#include "import.h"

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
};

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
};

static int get_date(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    struct date_in *out)
{
	const char *why = NULL;
	int rc = get_text(r, prefix, obj, key, MAX_NAME, &out->text);

	if (rc || !out->text)
		return rc;
	if (pt_date_parse(&out->date, out->text, &why))
		return problem(r, field_name(r, prefix, key), "cannot read date '%s': %s",
			       out->text, why ? why : "not an EDTF date");
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
	S_SEEN, S_SOURCE_ID, S_CAMP_BY_KEY, S_CAMP_BY_ALIAS, S_CAMP_NAME, S_OPERATION_ID,
	S_CITATION, S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
	[S_SEEN] = "INSERT INTO temp.pt_seen(kind, ident, line) VALUES (?, ?, ?) "
		   "ON CONFLICT DO UPDATE SET kind = kind RETURNING line",
	[S_SOURCE_ID] = "SELECT id FROM source WHERE key = ?",
	[S_CAMP_BY_KEY] = "SELECT id FROM camp WHERE key = ?",
	[S_CAMP_BY_ALIAS] = "SELECT DISTINCT camp_id FROM camp_alias WHERE alias_key = ? LIMIT 2",
	[S_CAMP_NAME] = "SELECT name FROM camp WHERE id = ?",
	[S_OPERATION_ID] = "SELECT id FROM operation WHERE key = ?",
	[S_CITATION] = "INSERT INTO citation(source_id, locator, person_id, name_id, event_id, "
		       "camp_id, claim_id, operation_id, source_quality, information, evidence, "
		       "confidence, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

struct pt__load {
	sqlite3_stmt *stmt[S_COUNT];
};

int pt__load_begin(pt__import *imp)
{
	int rc = pt__exec(imp->db, "CREATE TEMP TABLE IF NOT EXISTS pt_seen("
			  "kind TEXT, ident TEXT, line INTEGER, PRIMARY KEY (kind, ident));"
			  "DELETE FROM temp.pt_seen");
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
	if (!imp->load)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(imp->load->stmt[i]);
	free(imp->load);
	imp->load = NULL;
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

/* A camp by key, or by any alias after folding. */
static int resolve_camp(struct rec *r, const char *field, const char *name, int64_t *out)
{
	sqlite3_stmt *s;
	char *folded;
	int rc, found = 0;

	if ((rc = lookup_key(r, S_CAMP_BY_KEY, name, out)) || *out)
		return rc;
	folded = keep(r, pt__fold_key(r->imp->db, name));
	if (!folded)
		return pt__error(r->imp->db, PT_ENOMEM, "out of memory");
	s = stmt(r, S_CAMP_BY_ALIAS);
	bind_text(s, 1, folded);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		found++;
	}
	if (rc != SQLITE_DONE)
		return pt__sql_error(r->imp->db, "database");
	if (found == 1)
		return PT_OK;
	*out = 0;
	if (found > 1)
		return problem(r, field, "camp '%s' is ambiguous: it names several camps", name);
	return problem(r, field, "unknown camp '%s' (import the camp first)", name);
}

static int resolve_source(struct rec *r, const char *field, const char *key, int64_t *out)
{
	int rc = lookup_key(r, S_SOURCE_ID, key, out);
	if (rc == PT_OK && !*out)
		return problem(r, field, "unknown source '%s' (import the source first)", key);
	return rc;
}

/* Notes a record's identity; a second record with it in the same file is a
 * problem. */
static int check_duplicate(struct rec *r, const char *field, pt__kind kind,
			   const char *ident, const char *shown)
{
	sqlite3_stmt *s = stmt(r, S_SEEN);
	int64_t first = 0;
	int rc;

	sqlite3_bind_text(s, 1, pt__kind_name(kind), -1, SQLITE_STATIC);
	bind_text(s, 2, ident);
	sqlite3_bind_int64(s, 3, r->line);
	if ((rc = step_id(r, s, &first)))
		return rc;
	sqlite3_reset(s);
	if (first != r->line)
		return problem(r, field, "duplicate %s '%s' (first at line %lld)",
			       kind == PT__KIND_PERSON ? "record_id" : "key", shown,
			       (long long)first);
	return PT_OK;
}

static int content_hash(struct rec *r, json_t *record, char hex[65])
{
	char *text = json_dumps(record, JSON_SORT_KEYS | JSON_COMPACT);
	pt__sha256 h;
	if (!text)
		return pt__error(r->imp->db, PT_ENOMEM, "out of memory");
	pt__sha256_init(&h);
	pt__sha256_update(&h, text, strlen(text));
	pt__sha256_hex(&h, hex);
	free(text);
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
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(r->imp->db, &s, sql);
	if (rc)
		return rc;
	if (id)
		sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "database");
	if (rowid)
		*rowid = sqlite3_last_insert_rowid(r->imp->db->sql);
	sqlite3_finalize(s);
	return rc;
}

/* Looks up an existing row by key; tells insert, update or unchanged. */
enum fate { F_INSERT, F_UPDATE, F_UNCHANGED };

static int existing(struct rec *r, const char *sql, const char *a, const char *b,
		    const char *hash, int64_t *id, enum fate *fate)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(r->imp->db, &s, sql), step;
	if (rc)
		return rc;
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
	sqlite3_finalize(s);
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
	    (rc = resolve_camp(r, field_name(r, prefix, "camp"), e->camp_name, &e->camp_id)) == PT_ENOMEM)
		return rc;
	if (e->camp_id) {
		sqlite3_stmt *s = stmt(r, S_CAMP_NAME);
		sqlite3_bind_int64(s, 1, e->camp_id);
		if (sqlite3_step(s) == SQLITE_ROW &&
		    !keep(r, e->camp_canonical = pt__strdup((const char *)sqlite3_column_text(s, 0))))
			return PT_ENOMEM;
		sqlite3_reset(s);
	}
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
		"unit", "notes", "events", "citations", NULL,
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
				  "script, is_primary, seq, notes) VALUES (?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(r->imp->db, &s, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, person_id);
	bind_text(s, 2, surname);
	bind_text(s, 3, given);
	bind_text(s, 4, script);
	sqlite3_bind_int(s, 5, primary);
	sqlite3_bind_int(s, 6, seq);
	bind_text(s, 7, notes);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write a name");
	sqlite3_finalize(s);
	if (rc == PT_OK && citations)
		rc = write_citations(r, citations, T_NAME, sqlite3_last_insert_rowid(r->imp->db->sql));
	return rc;
}

/* Writes the events and derives the status from them. */
static int write_events(struct rec *r, int64_t person_id, const struct person_in *p)
{
	static const char sql[] =
		"INSERT INTO event(person_id, type, date, date_min, date_max, date_original, "
		"camp_id, place, operation_id, agent, notes, seq) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	pt_status_event *facts = rec_calloc(r, p->event_count, sizeof *facts);
	int64_t *ids = rec_calloc(r, p->event_count, sizeof *ids);
	sqlite3_stmt *s = NULL, *u = NULL;
	pt_status status;
	char *reason = NULL;
	long last = -1;
	int rc;

	if (!facts || !ids)
		return PT_ENOMEM;
	if ((rc = pt__prepare(r->imp->db, &s, sql)))
		return rc;
	for (size_t i = 0; i < p->event_count && rc == PT_OK; i++) {
		const struct event_in *e = &p->events[i];
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
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

		facts[i].type = e->type;
		facts[i].date = e->date.text ? e->date.date.edtf : NULL;
		facts[i].has_min = e->date.text && (e->date.date.flags & PT_DATE_HAS_MIN);
		facts[i].has_max = e->date.text && (e->date.date.flags & PT_DATE_HAS_MAX);
		facts[i].date_min = e->date.date.min;
		facts[i].date_max = e->date.date.max;
		facts[i].camp = e->camp_canonical;
		facts[i].place = e->place;
	}
	sqlite3_finalize(s);
	if (rc)
		return rc;
	if ((rc = pt_status_derive(facts, p->event_count, &status, &reason, &last)))
		return pt__error(r->imp->db, rc, "out of memory");
	keep(r, reason);
	if ((rc = pt__prepare(r->imp->db, &u, "UPDATE person SET status = ?, status_reason = ?, "
				  "last_event_id = ? WHERE id = ?")))
		return rc;
	sqlite3_bind_text(u, 1, pt_status_name(status), -1, SQLITE_STATIC);
	bind_text(u, 2, reason);
	if (last >= 0)
		sqlite3_bind_int64(u, 3, ids[last]);
	sqlite3_bind_int64(u, 4, person_id);
	if (sqlite3_step(u) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write the status");
	sqlite3_finalize(u);
	return rc;
}

static int write_person(struct rec *r, const struct person_in *p, const char *record_source,
			const char *record_id, const char *hash, int64_t id)
{
	static const char insert_sql[] =
		"INSERT INTO person(surname, given_names, sex, nationality, birth_date, "
		"birth_date_min, birth_date_max, birth_place, service, service_number, rank, unit, "
		"notes, content_hash, batch_id, batch_line, record_source, record_id) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	static const char update_sql[] =
		"UPDATE person SET surname = ?, given_names = ?, sex = ?, nationality = ?, "
		"birth_date = ?, birth_date_min = ?, birth_date_max = ?, birth_place = ?, "
		"service = ?, service_number = ?, rank = ?, unit = ?, notes = ?, content_hash = ?, "
		"batch_id = ?, batch_line = ?, last_event_id = NULL "
		"WHERE record_source = ? AND record_id = ?";
	sqlite3_stmt *s = NULL;
	int rc, seq = 0;

	if (id && ((rc = run(r, "DELETE FROM citation WHERE person_id = ?", id, NULL)) ||
		   (rc = run(r, "DELETE FROM person_name WHERE person_id = ?", id, NULL))))
		return rc;
	if ((rc = pt__prepare(r->imp->db, &s, id ? update_sql : insert_sql)))
		return rc;
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
	sqlite3_finalize(s);
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
	return write_events(r, id, p);
}

static int load_person(struct rec *r, json_t *obj)
{
	struct person_in p = { 0 };
	const char *record_source, *record_id;
	char hash[65], ident_hash[72];
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
	if (p.record_id) {
		record_id = p.record_id;
	} else {
		snprintf(ident_hash, sizeof ident_hash, "sha256:%s", hash);
		record_id = ident_hash;
	}
	pt__buf_printf(&ident, "%s\x1f%s", record_source, record_id);
	rc = check_duplicate(r, "record_id", PT__KIND_PERSON, pt__buf_str(&ident), record_id);
	pt__buf_release(&ident);
	if (rc || r->failed)
		return rc ? rc : PT_EINVAL;
	if ((rc = existing(r, "SELECT id, content_hash FROM person WHERE record_source = ? "
			   "AND record_id = ?", record_source, record_id, hash, &id, &fate)))
		return rc;
	if (fate != F_UNCHANGED && (rc = write_person(r, &p, record_source, record_id, hash, id)))
		return rc;
	count_fate(r, fate);
	return PT_OK;
}

/* ---- sources -------------------------------------------------------------- */

static int load_source(struct rec *r, json_t *obj)
{
	static const char *const keys[] = {
		"key", "kind", "title", "authors", "date", "publisher", "isbn", "url", "archive",
		"reference", "notes", "cites", "derives_from", "transcribes", "translates", NULL,
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

	if ((rc = check_keys(r, "", obj, keys)) ||
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
	    (rc = get_array(r, "", obj, "authors", &authors)) == PT_ENOMEM)
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
			if ((rc = resolve_source(r, field, json_string_value(item), &targets[k][i])) == PT_ENOMEM)
				return rc;
			targets_max++;
		}
	}
	if (key && (rc = check_duplicate(r, "key", PT__KIND_SOURCE, key, key)))
		return rc;
	if (r->failed)
		return PT_EINVAL;
	if ((rc = content_hash(r, obj, hash)) ||
	    (rc = existing(r, "SELECT id, content_hash FROM source WHERE key = ?", key, NULL,
			   hash, &id, &fate)))
		return rc;
	if (fate == F_UNCHANGED) {
		count_fate(r, fate);
		return PT_OK;
	}
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
	if (rc || (rc = run(r, "DELETE FROM source_link WHERE source_id = ?", id, NULL)))
		return rc;
	for (int k = 0; k < 4 && targets_max; k++) {
		for (i = 0; i < json_array_size(links[k]); i++) {
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

static int add_alias(struct rec *r, int64_t camp_id, const char *alias, const char *field)
{
	char *folded = keep(r, pt__fold_key(r->imp->db, alias));
	sqlite3_stmt *s = NULL;
	int64_t other = 0;
	int rc;

	if (!folded)
		return PT_ENOMEM;
	if (!*folded)
		return problem(r, field, "alias '%s' has no letters or digits", alias);
	if ((rc = pt__prepare(r->imp->db, &s, "SELECT a.camp_id, c.key FROM camp_alias a JOIN "
			      "camp c ON c.id = a.camp_id WHERE a.alias_key = ? AND a.camp_id <> ?")))
		return rc;
	bind_text(s, 1, folded);
	sqlite3_bind_int64(s, 2, camp_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		other = sqlite3_column_int64(s, 0);
		rc = problem(r, field, "alias '%s' already names camp '%s'", alias,
			     (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	if (other)
		return rc;
	if ((rc = pt__prepare(r->imp->db, &s, "INSERT OR IGNORE INTO camp_alias(camp_id, alias, "
			      "alias_key) VALUES (?, ?, ?)")))
		return rc;
	sqlite3_bind_int64(s, 1, camp_id);
	bind_text(s, 2, alias);
	bind_text(s, 3, folded);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write a camp alias");
	sqlite3_finalize(s);
	return rc;
}

static int load_camp(struct rec *r, json_t *obj)
{
	static const char *const keys[] = {
		"key", "name", "type", "operator", "place", "country", "lat", "lon", "period",
		"verified", "aliases", "notes", "citations", NULL,
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
	if (key && (rc = check_duplicate(r, "key", PT__KIND_CAMP, key, key)))
		return rc;
	if (r->failed)
		return PT_EINVAL;
	if ((rc = content_hash(r, obj, hash)) ||
	    (rc = existing(r, "SELECT id, content_hash FROM camp WHERE key = ?", key, NULL,
			   hash, &id, &fate)))
		return rc;
	if (fate == F_UNCHANGED) {
		count_fate(r, fate);
		return PT_OK;
	}
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
	if ((rc = write_citations(r, &citations, T_CAMP, id)))
		return rc;
	count_fate(r, fate);
	return PT_OK;
}

/* ---- operations ------------------------------------------------------------ */

static int load_operation(struct rec *r, json_t *obj)
{
	static const char *const keys[] = {
		"key", "name", "kind", "date", "place", "notes", "citations", NULL,
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
	if (key && (rc = check_duplicate(r, "key", PT__KIND_OPERATION, key, key)))
		return rc;
	if (r->failed)
		return PT_EINVAL;
	if ((rc = content_hash(r, obj, hash)) ||
	    (rc = existing(r, "SELECT id, content_hash FROM operation WHERE key = ?", key, NULL,
			   hash, &id, &fate)))
		return rc;
	if (fate == F_UNCHANGED) {
		count_fate(r, fate);
		return PT_OK;
	}
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
	    (rc = write_citations(r, &citations, T_OPERATION, id)))
		return rc;
	count_fate(r, fate);
	return PT_OK;
}

/* ---- claims ------------------------------------------------------------------ */

static int load_claim(struct rec *r, json_t *obj)
{
	static const char *const keys[] = {
		"key", "question", "metric", "population", "value", "value_min", "value_max",
		"approximate", "value_text", "date", "text", "notes", "citation", "citations", NULL,
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

	if ((rc = check_keys(r, "", obj, keys)) ||
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
		if (!json_is_object(population))
			problem(r, "population", "expected an object, got %s", type_name(population));
		else if (!(population_text = keep(r, json_dumps(population,
							       JSON_COMPACT | JSON_SORT_KEYS))))
			return PT_ENOMEM;
	}
	if (has_value && (has_min || has_max))
		problem(r, "value", "give value, or value_min and value_max, not both");
	if (has_value)
		vmin = vmax = value, has_min = has_max = 1;
	if (has_min != has_max)
		problem(r, has_min ? "value_max" : "value_min", "a range needs both ends");
	if (has_min && has_max && vmin > vmax)
		problem(r, "value_min", "range %g-%g ends before it starts", vmin, vmax);
	if (!has_min && !value_text && !r->failed)
		problem(r, "value", "a claim needs a value, a range or a value_text");
	if (key && (rc = check_duplicate(r, "key", PT__KIND_CLAIM, key, key)))
		return rc;
	if (r->failed)
		return PT_EINVAL;
	if ((rc = content_hash(r, obj, hash)) ||
	    (rc = existing(r, "SELECT id, content_hash FROM claim WHERE key = ?", key, NULL,
			   hash, &id, &fate)))
		return rc;
	if (fate == F_UNCHANGED) {
		count_fate(r, fate);
		return PT_OK;
	}
	if ((rc = pt__prepare(r->imp->db, &s, upsert)))
		return rc;
	bind_text(s, 1, key);
	bind_text(s, 2, question);
	bind_text(s, 3, metric);
	bind_text(s, 4, population_text);
	if (has_min) {
		sqlite3_bind_double(s, 5, vmin);
		sqlite3_bind_double(s, 6, vmax);
	}
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
	    (rc = write_citations(r, &citations, T_CLAIM, id)))
		return rc;
	count_fate(r, fate);
	return PT_OK;
}

/* ---- the entry point ------------------------------------------------------- */

int pt__load_record(pt__import *imp, pt__kind kind, json_t *record, long line)
{
	struct rec r = { imp, line, { NULL, 0, 0 }, 0 };
	int rc;

	if ((rc = pt__exec(imp->db, "SAVEPOINT record")))
		return rc;
	switch (kind) {
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
	if (rc) {
		sqlite3_exec(imp->db->sql, "ROLLBACK TO record; RELEASE record", NULL, NULL, NULL);
		if (rc == PT_EINVAL)
			imp->summary->rejected++;
	} else if ((rc = pt__exec(imp->db, "RELEASE record"))) {
		/* fall through with the error */
	}
	rec_release(&r);
	return rc;
}

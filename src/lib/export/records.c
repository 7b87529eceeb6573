/*
 * records.c - person records written back in the import's own formats
 * (`powtrace export --persons`, records_export.c): the canonical JSON of
 * PRODUCT.md, with the sources, camps (and their locations) and operations
 * the records refer to, so that the file imports alone, or JSON Lines of the
 * person records only; and each record's JSON, from which the flat CSV is
 * made (records_csv.c). Imported into a fresh database, the JSON
 * gives the same records: every name form in every script, the events in
 * their order with their original date texts, camps, operations, agents and
 * notes, every citation with its grades, the kept columns, the record ids.
 * What the records were linked into (individuals) is not part of a record.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export/export.h"

/* ---- id sets ------------------------------------------------------------ */

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int pt__ids_add(pt__ids *set, int64_t id)
{
	if (set->count == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 64;
		int64_t *grown = realloc(set->items, cap * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		set->items = grown;
		set->cap = cap;
	}
	set->items[set->count++] = id;
	return PT_OK;
}

void pt__ids_sort(pt__ids *set)
{
	size_t out = 0;
	if (!set->count)
		return;
	qsort(set->items, set->count, sizeof *set->items, cmp_id);
	for (size_t i = 1; i < set->count; i++)
		if (set->items[i] != set->items[out])
			set->items[++out] = set->items[i];
	set->count = out + 1;
}

int pt__ids_has(const pt__ids *set, int64_t id)
{
	/* an empty set has no array: bsearch must not see a null pointer */
	return set->count && bsearch(&id, set->items, set->count, sizeof id, cmp_id) != NULL;
}

void pt__ids_release(pt__ids *set)
{
	free(set->items);
	memset(set, 0, sizeof *set);
}

/* ---- reading rows into JSON -------------------------------------------- */

/* Sets key to column i's text when it is not NULL. */
static int put_text(json_t *obj, const char *key, sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);
	if (!v)
		return 0;
	return json_object_set_new(obj, key, json_string(v));
}

static int put_int(json_t *obj, const char *key, sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return 0;
	return json_object_set_new(obj, key, json_integer(sqlite3_column_int64(s, i)));
}

static int put_real(json_t *obj, const char *key, sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return 0;
	return json_object_set_new(obj, key, json_real(sqlite3_column_double(s, i)));
}

/* A column that holds JSON text (extra, authors), parsed. */
static int put_json(json_t *obj, const char *key, sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);
	json_t *parsed;
	if (!v)
		return 0;
	if (!(parsed = json_loads(v, JSON_DECODE_ANY, NULL)))
		return -1;
	return json_object_set_new(obj, key, parsed);
}

enum stmt {
	Q_PERSON, Q_NAMES, Q_EVENTS, Q_CITE_PERSON, Q_CITE_NAME, Q_CITE_EVENT, Q_CITE_CAMP,
	Q_CITE_OPERATION, Q_SOURCE, Q_SOURCE_LINKS, Q_CAMP, Q_CAMP_ALIASES, Q_LOCATIONS,
	Q_OPERATION, Q_COUNT
};

static const char *const stmt_sql[Q_COUNT] = {
	[Q_PERSON] = "SELECT record_id, record_source, surname, given_names, sex, nationality, "
		     "birth_date, birth_date_original, birth_place, service, service_number, rank, "
		     "unit, notes, extra FROM person WHERE id = ?1",
	[Q_NAMES] = "SELECT id, surname, given_names, script, is_primary, notes FROM person_name "
		    "WHERE person_id = ?1 ORDER BY seq, id",
	[Q_EVENTS] = "SELECT e.id, e.type, e.date, e.date_original, c.key, e.place, o.key, e.agent, "
		     "e.notes, e.camp_id, e.operation_id FROM event e "
		     "LEFT JOIN camp c ON c.id = e.camp_id "
		     "LEFT JOIN operation o ON o.id = e.operation_id "
		     "WHERE e.person_id = ?1 ORDER BY e.seq, e.id",
#define CITE "SELECT s.key, c.locator, c.source_quality, c.information, c.evidence, " \
	     "c.confidence, c.notes, c.source_id FROM citation c JOIN source s ON s.id = c.source_id "
	[Q_CITE_PERSON] = CITE "WHERE c.person_id = ?1 ORDER BY c.id",
	[Q_CITE_NAME] = CITE "WHERE c.name_id = ?1 ORDER BY c.id",
	[Q_CITE_EVENT] = CITE "WHERE c.event_id = ?1 ORDER BY c.id",
	[Q_CITE_CAMP] = CITE "WHERE c.camp_id = ?1 ORDER BY c.id",
	[Q_CITE_OPERATION] = CITE "WHERE c.operation_id = ?1 ORDER BY c.id",
#undef CITE
	[Q_SOURCE] = "SELECT key, kind, title, authors, date, publisher, isbn, url, archive, "
		     "reference, notes, collection, series, piece, fond, opis, delo, extra "
		     "FROM source WHERE id = ?1",
	[Q_SOURCE_LINKS] = "SELECT l.relation, t.key, t.id FROM source_link l "
			   "JOIN source t ON t.id = l.target_id WHERE l.source_id = ?1 "
			   "ORDER BY l.rowid",
	[Q_CAMP] = "SELECT key, name, type, operator, place, country, lat, lon, period, verified, "
		   "notes, extra FROM camp WHERE id = ?1",
	[Q_CAMP_ALIASES] = "SELECT alias FROM camp_alias WHERE camp_id = ?1 ORDER BY rowid",
	[Q_LOCATIONS] = "SELECT seq, lat, lon, place, notes, extra FROM camp_location "
			"WHERE camp_id = ?1 ORDER BY seq",
	[Q_OPERATION] = "SELECT key, name, kind, date, place, notes, extra FROM operation "
			"WHERE id = ?1",
};

struct exporter {
	pt_db *db;
	sqlite3_stmt *stmt[Q_COUNT];
	pt__ids sources, camps, operations;   /* what the persons refer to */
};

static sqlite3_stmt *stmt(struct exporter *x, enum stmt which, int64_t id)
{
	sqlite3_stmt *s = x->stmt[which];
	if (!s && pt__prepare(x->db, &x->stmt[which], stmt_sql[which]))
		return NULL;
	s = x->stmt[which];
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	return s;
}

static void exporter_release(struct exporter *x)
{
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(x->stmt[i]);
	pt__ids_release(&x->sources);
	pt__ids_release(&x->camps);
	pt__ids_release(&x->operations);
}

static int nomem(struct exporter *x)
{
	return pt__error(x->db, PT_ENOMEM, "out of memory");
}

/* The citations of one thing, as the import reads them; their sources are
 * noted as referred to. *out is NULL when there are none. */
static int citations(struct exporter *x, enum stmt which, int64_t id, json_t **out)
{
	sqlite3_stmt *s = stmt(x, which, id);
	json_t *list = NULL;
	int step;

	*out = NULL;
	if (!s)
		return PT_EIO;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *c = json_object();
		if (!c || (!list && !(list = json_array())) || json_array_append_new(list, c) ||
		    put_text(c, "source", s, 0) || put_text(c, "locator", s, 1) ||
		    put_text(c, "source_quality", s, 2) || put_text(c, "information", s, 3) ||
		    put_text(c, "evidence", s, 4) || put_int(c, "confidence", s, 5) ||
		    put_text(c, "notes", s, 6) ||
		    pt__ids_add(&x->sources, sqlite3_column_int64(s, 7))) {
			json_decref(list);
			sqlite3_reset(s);
			return nomem(x);
		}
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		json_decref(list);
		return pt__sql_error(x->db, "cannot read citations");
	}
	*out = list;
	return PT_OK;
}

/* Sets key to what citations() read, when there is any. */
static int put_citations(struct exporter *x, json_t *obj, const char *key, enum stmt which,
			 int64_t id)
{
	json_t *list;
	int rc = citations(x, which, id, &list);
	if (rc || !list)
		return rc;
	return json_object_set_new(obj, key, list) ? nomem(x) : PT_OK;
}

static int person_names(struct exporter *x, int64_t id, int has_primary_fields, json_t *rec)
{
	sqlite3_stmt *s = stmt(x, Q_NAMES, id);
	json_t *names = NULL;
	int step, rc = PT_OK, first = 1;
	pt__ids ids = { 0 };

	if (!s)
		return PT_EIO;
	/* the name ids first: the citations of each are read with another statement */
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *n;
		/* the primary form that the record's own surname and given names make
		 * is written by the import from them: it is not a name of its own */
		if (first && has_primary_fields && sqlite3_column_int(s, 4)) {
			first = 0;
			continue;
		}
		first = 0;
		if (!(n = json_object()) || (!names && !(names = json_array())) ||
		    json_array_append_new(names, n) || put_text(n, "surname", s, 1) ||
		    put_text(n, "given_names", s, 2) || put_text(n, "script", s, 3) ||
		    put_text(n, "notes", s, 5)) {
			rc = nomem(x);
			break;
		}
		if (pt__ids_add(&ids, sqlite3_column_int64(s, 0))) {
			rc = nomem(x);
			break;
		}
	}
	sqlite3_reset(s);
	if (rc == PT_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = pt__sql_error(x->db, "cannot read names");
	for (size_t i = 0; rc == PT_OK && i < ids.count; i++)
		rc = put_citations(x, json_array_get(names, i), "citations", Q_CITE_NAME, ids.items[i]);
	pt__ids_release(&ids);
	if (rc == PT_OK && names && json_object_set(rec, "names", names))
		rc = nomem(x);
	json_decref(names);
	return rc;
}

static int person_events(struct exporter *x, int64_t id, json_t *rec)
{
	sqlite3_stmt *s = stmt(x, Q_EVENTS, id);
	json_t *events = NULL;
	pt__ids ids = { 0 };
	int step, rc = PT_OK;

	if (!s)
		return PT_EIO;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *e;
		if (!(e = json_object()) || (!events && !(events = json_array())) ||
		    json_array_append_new(events, e) || put_text(e, "type", s, 1) ||
		    put_text(e, "date", s, 2) || put_text(e, "date_original", s, 3) ||
		    put_text(e, "place", s, 5) || put_text(e, "camp", s, 4) ||
		    put_text(e, "operation", s, 6) || put_text(e, "agent", s, 7) ||
		    put_text(e, "notes", s, 8) ||
		    (sqlite3_column_type(s, 9) != SQLITE_NULL &&
		     pt__ids_add(&x->camps, sqlite3_column_int64(s, 9))) ||
		    (sqlite3_column_type(s, 10) != SQLITE_NULL &&
		     pt__ids_add(&x->operations, sqlite3_column_int64(s, 10)))) {
			rc = nomem(x);
			break;
		}
		if (pt__ids_add(&ids, sqlite3_column_int64(s, 0))) {
			rc = nomem(x);
			break;
		}
	}
	sqlite3_reset(s);
	if (rc == PT_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = pt__sql_error(x->db, "cannot read events");
	for (size_t i = 0; rc == PT_OK && i < ids.count; i++)
		rc = put_citations(x, json_array_get(events, i), "citations", Q_CITE_EVENT, ids.items[i]);
	pt__ids_release(&ids);
	if (rc == PT_OK && events && json_object_set(rec, "events", events))
		rc = nomem(x);
	json_decref(events);
	return rc;
}

/* Person record `id` as the import reads it. */
static int person_record(struct exporter *x, int64_t id, json_t **out)
{
	sqlite3_stmt *s = stmt(x, Q_PERSON, id);
	json_t *rec;
	const char *source;
	int step, rc, has_primary;

	*out = NULL;
	if (!s)
		return PT_EIO;
	if ((step = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		if (step == SQLITE_DONE)
			return pt__error(x->db, PT_ENOTFOUND, "no record %lld", (long long)id);
		return pt__sql_error(x->db, "cannot read a record");
	}
	if (!(rec = json_object()))
		return nomem(x);
	source = (const char *)sqlite3_column_text(s, 1);
	has_primary = sqlite3_column_type(s, 2) != SQLITE_NULL ||
		      sqlite3_column_type(s, 3) != SQLITE_NULL;
	/* in the order a person writes a record: who, then what happened, then where
	 * it is from (the names statement runs while this row is held) */
	if (put_text(rec, "record_id", s, 0) ||
	    (source && *source && put_text(rec, "source", s, 1)) ||
	    put_text(rec, "surname", s, 2) || put_text(rec, "given_names", s, 3))
		rc = nomem(x);
	else
		rc = person_names(x, id, has_primary, rec);
	if (rc == PT_OK &&
	    (put_text(rec, "sex", s, 4) || put_text(rec, "nationality", s, 5) ||
	     put_text(rec, "birth_date", s, 6) || put_text(rec, "birth_date_original", s, 7) ||
	     put_text(rec, "birth_place", s, 8) || put_text(rec, "service", s, 9) ||
	     put_text(rec, "service_number", s, 10) || put_text(rec, "rank", s, 11) ||
	     put_text(rec, "unit", s, 12) || put_text(rec, "notes", s, 13)))
		rc = nomem(x);
	if (rc == PT_OK && (rc = person_events(x, id, rec)) == PT_OK &&
	    (rc = put_citations(x, rec, "citations", Q_CITE_PERSON, id)) == PT_OK &&
	    put_json(rec, "extra", s, 14))
		rc = nomem(x);
	sqlite3_reset(s);
	if (rc) {
		json_decref(rec);
		return rc;
	}
	*out = rec;
	return PT_OK;
}

int pt__export_person_record(pt_db *db, int64_t id, json_t **out)
{
	struct exporter x = { .db = db };
	int rc = person_record(&x, id, out);
	exporter_release(&x);
	return rc;
}

/* ---- what the persons refer to ----------------------------------------- */

static int source_record(struct exporter *x, int64_t id, json_t **out, pt__ids *more)
{
	static const char *const relations[] = { "cites", "derives_from", "transcribes",
						 "translates" };
	sqlite3_stmt *s = stmt(x, Q_SOURCE, id);
	json_t *rec = json_object();
	int step;

	*out = NULL;
	if (!s || !rec) {
		json_decref(rec);
		return s ? nomem(x) : PT_EIO;
	}
	if ((step = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		json_decref(rec);
		return step == SQLITE_DONE ? PT_OK : pt__sql_error(x->db, "cannot read a source");
	}
	if (put_text(rec, "key", s, 0) || put_text(rec, "kind", s, 1) ||
	    put_text(rec, "title", s, 2) || put_json(rec, "authors", s, 3) ||
	    put_text(rec, "date", s, 4) || put_text(rec, "publisher", s, 5) ||
	    put_text(rec, "isbn", s, 6) || put_text(rec, "url", s, 7) ||
	    put_text(rec, "archive", s, 8) || put_text(rec, "collection", s, 11) ||
	    put_text(rec, "series", s, 12) || put_text(rec, "piece", s, 13) ||
	    put_text(rec, "fond", s, 14) || put_text(rec, "opis", s, 15) ||
	    put_text(rec, "delo", s, 16) || put_text(rec, "reference", s, 9) ||
	    put_text(rec, "notes", s, 10) || put_json(rec, "extra", s, 17)) {
		sqlite3_reset(s);
		json_decref(rec);
		return nomem(x);
	}
	sqlite3_reset(s);
	if (!(s = stmt(x, Q_SOURCE_LINKS, id))) {
		json_decref(rec);
		return PT_EIO;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *relation = (const char *)sqlite3_column_text(s, 0);
		json_t *list;
		for (size_t k = 0; k < sizeof relations / sizeof *relations; k++)
			if (relation && !strcmp(relation, relations[k]))
				relation = relations[k];
		if (!relation)
			continue;
		list = json_object_get(rec, relation);
		if ((!list && (json_object_set_new(rec, relation, list = json_array()) || !list)) ||
		    json_array_append_new(list, json_string((const char *)sqlite3_column_text(s, 1))) ||
		    pt__ids_add(more, sqlite3_column_int64(s, 2))) {
			sqlite3_reset(s);
			json_decref(rec);
			return nomem(x);
		}
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		json_decref(rec);
		return pt__sql_error(x->db, "cannot read source links");
	}
	*out = rec;
	return PT_OK;
}

static int camp_record(struct exporter *x, int64_t id, json_t **out, json_t *locations)
{
	sqlite3_stmt *s = stmt(x, Q_CAMP, id);
	json_t *rec = json_object(), *aliases = NULL;
	const char *name;
	int step, rc;

	*out = NULL;
	if (!s || !rec) {
		json_decref(rec);
		return s ? nomem(x) : PT_EIO;
	}
	if ((step = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		json_decref(rec);
		return step == SQLITE_DONE ? PT_OK : pt__sql_error(x->db, "cannot read a camp");
	}
	if (put_text(rec, "key", s, 0) || put_text(rec, "name", s, 1) ||
	    put_text(rec, "type", s, 2) || put_text(rec, "operator", s, 3) ||
	    put_text(rec, "place", s, 4) || put_text(rec, "country", s, 5) ||
	    put_real(rec, "lat", s, 6) || put_real(rec, "lon", s, 7) ||
	    put_text(rec, "period", s, 8) ||
	    (!sqlite3_column_int(s, 9) && json_object_set_new(rec, "verified", json_false())) ||
	    put_text(rec, "notes", s, 10) || put_json(rec, "extra", s, 11)) {
		sqlite3_reset(s);
		json_decref(rec);
		return nomem(x);
	}
	sqlite3_reset(s);
	name = json_string_value(json_object_get(rec, "name"));
	if (!(s = stmt(x, Q_CAMP_ALIASES, id))) {
		json_decref(rec);
		return PT_EIO;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *alias = (const char *)sqlite3_column_text(s, 0);
		if (!alias || (name && !strcmp(alias, name)))
			continue;   /* the import makes the name an alias itself */
		if ((!aliases && !(aliases = json_array())) ||
		    json_array_append_new(aliases, json_string(alias))) {
			sqlite3_reset(s);
			json_decref(aliases);
			json_decref(rec);
			return nomem(x);
		}
	}
	sqlite3_reset(s);
	if (aliases && json_object_set_new(rec, "aliases", aliases)) {
		json_decref(rec);
		return nomem(x);
	}
	if ((rc = put_citations(x, rec, "citations", Q_CITE_CAMP, id))) {
		json_decref(rec);
		return rc;
	}
	/* the notes and extra last, as the other records have them */
	if (json_object_get(rec, "notes")) {
		json_t *v = json_incref(json_object_get(rec, "notes"));
		json_object_del(rec, "notes");
		json_object_set_new(rec, "notes", v);
	}
	if (json_object_get(rec, "extra")) {
		json_t *v = json_incref(json_object_get(rec, "extra"));
		json_object_del(rec, "extra");
		json_object_set_new(rec, "extra", v);
	}
	if (!(s = stmt(x, Q_LOCATIONS, id))) {
		json_decref(rec);
		return PT_EIO;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *loc = json_object();
		if (!loc || json_array_append_new(locations, loc) ||
		    json_object_set(loc, "camp", json_object_get(rec, "key")) ||
		    put_int(loc, "seq", s, 0) || put_real(loc, "lat", s, 1) ||
		    put_real(loc, "lon", s, 2) || put_text(loc, "place", s, 3) ||
		    put_text(loc, "notes", s, 4) || put_json(loc, "extra", s, 5)) {
			sqlite3_reset(s);
			json_decref(rec);
			return nomem(x);
		}
	}
	sqlite3_reset(s);
	*out = rec;
	return PT_OK;
}

static int operation_record(struct exporter *x, int64_t id, json_t **out)
{
	sqlite3_stmt *s = stmt(x, Q_OPERATION, id);
	json_t *rec = json_object();
	int step, rc;

	*out = NULL;
	if (!s || !rec) {
		json_decref(rec);
		return s ? nomem(x) : PT_EIO;
	}
	if ((step = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		json_decref(rec);
		return step == SQLITE_DONE ? PT_OK : pt__sql_error(x->db, "cannot read an operation");
	}
	if (put_text(rec, "key", s, 0) || put_text(rec, "name", s, 1) ||
	    put_text(rec, "kind", s, 2) || put_text(rec, "date", s, 3) ||
	    put_text(rec, "place", s, 4) || put_text(rec, "notes", s, 5) ||
	    put_json(rec, "extra", s, 6)) {
		sqlite3_reset(s);
		json_decref(rec);
		return nomem(x);
	}
	sqlite3_reset(s);
	if ((rc = put_citations(x, rec, "citations", Q_CITE_OPERATION, id))) {
		json_decref(rec);
		return rc;
	}
	*out = rec;
	return PT_OK;
}

/* ---- writing -------------------------------------------------------------- */

/* One record a line: a file of a million persons diffs and greps well. */
static int write_record(struct exporter *x, FILE *f, json_t *rec, const char *before)
{
	char *text = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
	int rc = PT_OK;
	if (!text)
		return nomem(x);
	if (fputs(before, f) == EOF || fputs(text, f) == EOF)
		rc = pt__error(x->db, PT_EIO, "cannot write the export");
	free(text);
	return rc;
}

/* Writes one array of the document: "key": [ records ] */
static int write_array(struct exporter *x, FILE *f, const char *key, json_t *records, int *first)
{
	size_t i;
	json_t *rec;
	int rc;
	if (!json_array_size(records))
		return PT_OK;
	if (fprintf(f, "%s\"%s\": [", *first ? "{" : ",\n", key) < 0)
		return pt__error(x->db, PT_EIO, "cannot write the export");
	*first = 0;
	json_array_foreach(records, i, rec)
		if ((rc = write_record(x, f, rec, i ? ",\n" : "\n")))
			return rc;
	if (fputs("\n]", f) == EOF)
		return pt__error(x->db, PT_EIO, "cannot write the export");
	return PT_OK;
}

/* The sources, camps, locations and operations the persons refer to, with
 * the sources those refer to in turn (camps' and operations' citations,
 * every source a source links to, at any depth), written first. */
static int write_references(struct exporter *x, FILE *f, pt_records_summary *sum, int *first)
{
	json_t *sources = json_array(), *camps = json_array(), *locations = json_array(),
	       *operations = json_array(), *rec;
	pt__ids done = { 0 }, next = { 0 };
	int rc = PT_OK;

	if (!sources || !camps || !locations || !operations) {
		rc = nomem(x);
		goto cleanup;
	}
	pt__ids_sort(&x->camps);
	pt__ids_sort(&x->operations);
	for (size_t i = 0; i < x->camps.count && rc == PT_OK; i++)
		if ((rc = camp_record(x, x->camps.items[i], &rec, locations)) == PT_OK && rec &&
		    json_array_append_new(camps, rec))
			rc = nomem(x);
	for (size_t i = 0; i < x->operations.count && rc == PT_OK; i++)
		if ((rc = operation_record(x, x->operations.items[i], &rec)) == PT_OK && rec &&
		    json_array_append_new(operations, rec))
			rc = nomem(x);
	/* sources: those cited, then what they link to, until nothing is new */
	while (rc == PT_OK) {
		pt__ids_sort(&x->sources);
		for (size_t i = 0; i < x->sources.count && rc == PT_OK; i++) {
			int64_t id = x->sources.items[i];
			if (pt__ids_has(&done, id))
				continue;
			rc = pt__ids_add(&next, id);
		}
		if (rc || !next.count)
			break;
		for (size_t i = 0; i < next.count && rc == PT_OK; i++) {
			if ((rc = pt__ids_add(&done, next.items[i])))
				break;
			if ((rc = source_record(x, next.items[i], &rec, &x->sources)) == PT_OK && rec &&
			    json_array_append_new(sources, rec))
				rc = nomem(x);
		}
		pt__ids_sort(&done);
		next.count = 0;
	}
	if (rc == PT_ENOMEM)
		rc = nomem(x);
	if (rc)
		goto cleanup;
	if ((rc = write_array(x, f, "sources", sources, first)) ||
	    (rc = write_array(x, f, "camps", camps, first)) ||
	    (rc = write_array(x, f, "locations", locations, first)) ||
	    (rc = write_array(x, f, "operations", operations, first)))
		goto cleanup;
	if (sum) {
		sum->sources = (long)json_array_size(sources);
		sum->camps = (long)json_array_size(camps);
		sum->operations = (long)json_array_size(operations);
	}
cleanup:
	pt__ids_release(&done);
	pt__ids_release(&next);
	json_decref(sources);
	json_decref(camps);
	json_decref(locations);
	json_decref(operations);
	return rc;
}

int pt__records_json(pt_db *db, const int64_t *ids, size_t count,
		     const pt_records_options *opts, FILE *f, pt_records_summary *sum)
{
	struct exporter x = { .db = db };
	pt_records_format format = opts ? opts->format : PT_RECORDS_JSON;
	int64_t *all = NULL;
	int rc = PT_OK, first = 1;
	json_t *rec;

	if (!ids && (rc = pt__all_person_ids(db, &all, &count)))
		return rc;
	if (all)
		ids = all;
	if (format == PT_RECORDS_JSON) {
		/* a first pass finds what the records refer to: it goes first */
		for (size_t i = 0; i < count && rc == PT_OK; i++) {
			if ((rc = person_record(&x, ids[i], &rec)) == PT_OK)
				json_decref(rec);
		}
		if (rc == PT_OK)
			rc = write_references(&x, f, sum, &first);
		if (rc == PT_OK && count &&
		    fprintf(f, "%s\"persons\": [", first ? "{" : ",\n") < 0)
			rc = pt__error(db, PT_EIO, "cannot write the export");
		if (rc == PT_OK && count)
			first = 0;
	}
	for (size_t i = 0; i < count && rc == PT_OK; i++) {
		if ((rc = person_record(&x, ids[i], &rec)))
			break;
		rc = write_record(&x, f, rec, format == PT_RECORDS_JSONL ? "" :
					       i ? ",\n" : "\n");
		json_decref(rec);
		if (rc == PT_OK && format == PT_RECORDS_JSONL && fputc('\n', f) == EOF)
			rc = pt__error(db, PT_EIO, "cannot write the export");
		if (rc == PT_OK && sum)
			sum->persons++;
	}
	if (rc == PT_OK && format == PT_RECORDS_JSON &&
	    fputs(first ? "{}\n" : count ? "\n]}\n" : "}\n", f) == EOF)
		rc = pt__error(db, PT_EIO, "cannot write the export");
	free(all);
	exporter_release(&x);
	return rc;
}

int pt__all_person_ids(pt_db *db, int64_t **out, size_t *count)
{
	sqlite3_stmt *s = NULL;
	pt__ids set = { 0 };
	int rc, step;

	*out = NULL;
	*count = 0;
	if ((rc = pt__prepare(db, &s, "SELECT id FROM person ORDER BY id")))
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if (pt__ids_add(&set, sqlite3_column_int64(s, 0))) {
			sqlite3_finalize(s);
			pt__ids_release(&set);
			return pt__error(db, PT_ENOMEM, "out of memory");
		}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		pt__ids_release(&set);
		return pt__sql_error(db, "cannot read the records");
	}
	*out = set.items;
	*count = set.count;
	return PT_OK;
}

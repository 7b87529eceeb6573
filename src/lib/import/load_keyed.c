/*
 * load_keyed.c - the loaders of records found by their key: sources (with
 * their ISBN, archival reference and links to other sources), camps (with
 * their aliases), operations and claims. Each is inserted, updated or left
 * unchanged as its content hash says.
 */
#include <stdlib.h>
#include <string.h>

#include "sources/sources.h"
#include "import/load.h"

#define N_RELATIONS PT__SOURCE_RELATIONS

/* The start of writing a record with a key (source, camp, operation,
 * claim), once its fields are read: a key met before in the file is a
 * problem, a bad record stops here (PT_EINVAL), and *fate says whether the
 * record is new, changed or the same as stored (counted: nothing to write). */
static int keyed_record(struct rec *r, pt__kind kind, const char *lookup_sql, const char *key,
			json_t *obj, char hash[65], int64_t *id, enum fate *fate)
{
	int rc;
	*fate = F_INSERT;
	if (key && (rc = pt__rec_check_duplicate(r, "key", kind, key, key)))
		return rc;
	if (r->failed)
		return PT_EINVAL;
	if ((rc = pt__rec_hash(r, obj, hash)) ||
	    (rc = pt__rec_existing(r, lookup_sql, key, NULL, hash, id, fate)))
		return rc;
	if (*fate == F_UNCHANGED)
		pt__rec_count(r, *fate);
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
	if (!(*isbn = pt__rec_keep(r, pt__strdup(digits))))
		return PT_ENOMEM;
	if ((rc = pt__prepare(r->imp->db, &s, "SELECT key FROM source WHERE isbn = ? AND key <> ? "
			      "ORDER BY key LIMIT 1")))
		return rc;
	pt__bind_text(s, 1, *isbn);
	pt__bind_text(s, 2, key ? key : "");
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
		rc = pt__archival_parse(*reference, parts);
		/* the parts it made go to the pool, each once, even on failure */
		for (int i = 0; i < 6; i++)
			if (*fields[i] != before[i] && !pt__rec_keep(r, *fields[i])) {
				*fields[i] = NULL;
				rc = PT_ENOMEM;
			}
		return rc;
	}
	for (int i = 0; i < 6; i++)
		if (*fields[i]) /* there is a reference to compose: NULL is out of memory */
			return (*reference = pt__rec_keep(r, pt__archival_compose(parts)))
				? PT_OK : PT_ENOMEM;
	return PT_OK;
}

static int source_write_parts(struct rec *r, int64_t id, const struct pt__archival *parts)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(r->imp->db, &s, "UPDATE source SET collection = ?, series = ?, "
			     "piece = ?, fond = ?, opis = ?, delo = ? WHERE id = ?");
	if (rc)
		return rc;
	pt__bind_text(s, 1, parts->collection);
	pt__bind_text(s, 2, parts->series);
	pt__bind_text(s, 3, parts->piece);
	pt__bind_text(s, 4, parts->fond);
	pt__bind_text(s, 5, parts->opis);
	pt__bind_text(s, 6, parts->delo);
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
	pt__bind_text(s, 2, target);
	pt__bind_text(s, 3, relation);
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

/* The source's links to others (cites, derives_from, ...): links[k] the
 * keys of relation k, targets[k] their ids (0: a source later in the file,
 * linked by pt__load_finish); *found counts the keys read. */
static int read_links(struct rec *r, json_t *obj, const char *key, json_t *links[N_RELATIONS],
		      int64_t *targets[N_RELATIONS], int64_t *found)
{
	json_t *item;
	size_t i;
	int rc;
	for (int k = 0; k < N_RELATIONS; k++) {
		const char *field = pt__vocab_value(PT__VOCAB_SOURCE_RELATION, k);
		if ((rc = pt__rec_array(r, "", obj, field, &links[k])) == PT_ENOMEM)
			return rc;
		targets[k] = pt__rec_calloc(r, json_array_size(links[k]), sizeof(int64_t));
		if (!targets[k])
			return PT_ENOMEM;
		json_array_foreach(links[k], i, item) {
			if (!json_is_string(item)) {
				problem(r, field, "expected an array of source keys");
				continue;
			}
			if (key && !strcmp(json_string_value(item), key)) {
				problem(r, field, "a source cannot link to itself");
				continue;
			}
			if ((rc = pt__rec_lookup_key(r, S_SOURCE_ID, json_string_value(item), &targets[k][i])))
				return rc;
			(*found)++;
		}
	}
	return PT_OK;
}

/* Writes the links read_links read, from the source `id`. */
static int write_links(struct rec *r, int64_t id, json_t *links[N_RELATIONS],
		       int64_t *targets[N_RELATIONS])
{
	sqlite3_stmt *s = NULL;
	int rc = PT_OK;
	for (int k = 0; k < N_RELATIONS; k++) {
		const char *relation = pt__vocab_value(PT__VOCAB_SOURCE_RELATION, k);
		for (size_t i = 0; i < json_array_size(links[k]); i++) {
			if (!targets[k][i]) {
				if ((rc = source_link_later(r, id, json_string_value(json_array_get(
						links[k], i)), relation)))
					return rc;
				continue;
			}
			if ((rc = pt__prepare(r->imp->db, &s, "INSERT OR IGNORE INTO source_link"
					      "(source_id, target_id, relation) VALUES (?, ?, ?)")))
				return rc;
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, targets[k][i]);
			sqlite3_bind_text(s, 3, relation, -1, SQLITE_STATIC);
			if (sqlite3_step(s) != SQLITE_DONE)
				rc = pt__sql_error(r->imp->db, "cannot write a source link");
			sqlite3_finalize(s);
			if (rc)
				return rc;
		}
	}
	return PT_OK;
}

int pt__load_source(struct rec *r, json_t *obj)
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
	json_t *authors, *links[N_RELATIONS], *item;
	int64_t targets_max = 0, id;
	int64_t *targets[N_RELATIONS] = { 0 };
	char hash[65];
	enum fate fate;
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc;

	if ((rc = pt__source_record_normalize(obj)) ||
	    (rc = pt__rec_check_keys(r, "", obj, keys)) ||
	    (rc = pt__rec_required(r, "", obj, "key", MAX_NAME, &key)) == PT_ENOMEM ||
	    (rc = pt__rec_enum(r, "", obj, "kind", PT__VOCAB_SOURCE_KIND, &kind)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "title", MAX_TEXT, &title)) == PT_ENOMEM ||
	    (rc = pt__rec_date(r, "", obj, "date", &date)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "publisher", MAX_NAME, &publisher)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "isbn", MAX_NAME, &isbn)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "url", MAX_TEXT, &url)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "archive", MAX_NAME, &archive)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "reference", MAX_NAME, &reference)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "notes", MAX_TEXT, &notes)) == PT_ENOMEM ||
	    (rc = pt__rec_array(r, "", obj, "authors", &authors)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "collection", MAX_NAME, &parts.collection)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "series", MAX_NAME, &parts.series)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "piece", MAX_NAME, &parts.piece)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "fond", MAX_NAME, &parts.fond)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "opis", MAX_NAME, &parts.opis)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "delo", MAX_NAME, &parts.delo)) == PT_ENOMEM ||
	    (rc = source_isbn(r, key, &isbn)) == PT_ENOMEM ||
	    (rc = source_reference(r, &parts, &reference)) == PT_ENOMEM)
		return rc;
	if (!kind && !json_object_get(obj, "kind"))
		problem(r, "kind", "required");
	json_array_foreach(authors, i, item)
		if (!json_is_string(item))
			problem(r, "authors", "expected an array of strings");
	if (authors && !r->failed &&
	    !(authors_text = pt__rec_keep(r, json_dumps(authors, JSON_COMPACT))))
		return PT_ENOMEM;
	if ((rc = read_links(r, obj, key, links, targets, &targets_max)))
		return rc;
	if ((rc = keyed_record(r, PT__KIND_SOURCE,
				"SELECT id, content_hash FROM source WHERE key = ?", key, obj,
				hash, &id, &fate)) || fate == F_UNCHANGED)
		return rc;
	if ((rc = pt__prepare(r->imp->db, &s, upsert)))
		return rc;
	pt__bind_text(s, 1, key);
	pt__bind_text(s, 2, kind);
	pt__bind_text(s, 3, title);
	pt__bind_text(s, 4, authors_text);
	pt__bind_date(s, 5, &date);
	pt__bind_text(s, 8, publisher);
	pt__bind_text(s, 9, isbn);
	pt__bind_text(s, 10, url);
	pt__bind_text(s, 11, archive);
	pt__bind_text(s, 12, reference);
	pt__bind_text(s, 13, notes);
	pt__bind_text(s, 14, hash);
	sqlite3_bind_int64(s, 15, r->imp->batch_id);
	sqlite3_bind_int64(s, 16, r->line);
	rc = pt__rec_step_id(r, s, &id);
	sqlite3_finalize(s);
	if (rc || (rc = source_write_parts(r, id, &parts)) ||
	    (rc = pt__rec_write_extra(r, "UPDATE source SET extra = ? WHERE id = ?", id, obj)) ||
	    (rc = pt__rec_run(r, "DELETE FROM source_link WHERE source_id = ?", id, NULL)))
		return rc;
	if (targets_max && (rc = write_links(r, id, links, targets)))
		return rc;
	pt__rec_count(r, fate);
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
	char *folded = pt__rec_keep(r, pt__fold_key(r->imp->db, alias));
	char *match = folded ? pt__rec_keep(r, pt__camp_key(r->imp->db, alias)) : NULL;
	sqlite3_stmt *s;
	int rc = PT_OK;

	if (!folded || !match)
		return PT_ENOMEM;
	if (!*folded)
		return problem(r, field, "alias '%s' has no letters or digits", alias);
	if (!(s = pt__load_cached(r->imp, sql)))
		return PT_EIO;
	sqlite3_bind_int64(s, 1, camp_id);
	pt__bind_text(s, 2, alias);
	pt__bind_text(s, 3, folded);
	pt__bind_text(s, 4, match);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write a camp alias");
	sqlite3_reset(s);
	return rc;
}

int pt__load_camp(struct rec *r, json_t *obj)
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

	if ((rc = pt__rec_check_keys(r, "", obj, keys)) ||
	    (rc = pt__rec_required(r, "", obj, "key", MAX_NAME, &key)) == PT_ENOMEM ||
	    (rc = pt__rec_required(r, "", obj, "name", MAX_NAME, &name)) == PT_ENOMEM ||
	    (rc = pt__rec_enum(r, "", obj, "type", PT__VOCAB_CAMP_TYPE, &type)) == PT_ENOMEM ||
	    (rc = pt__rec_country(r, "", obj, "operator", &operator)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "place", MAX_NAME, &place)) == PT_ENOMEM ||
	    (rc = pt__rec_country(r, "", obj, "country", &country)) == PT_ENOMEM ||
	    (rc = pt__rec_number(r, "", obj, "lat", &lat, &has_lat)) == PT_ENOMEM ||
	    (rc = pt__rec_number(r, "", obj, "lon", &lon, &has_lon)) == PT_ENOMEM ||
	    (rc = pt__rec_date(r, "", obj, "period", &period)) == PT_ENOMEM ||
	    (rc = pt__rec_bool(r, "", obj, "verified", &verified)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "notes", MAX_TEXT, &notes)) == PT_ENOMEM ||
	    (rc = pt__rec_array(r, "", obj, "aliases", &aliases)) == PT_ENOMEM ||
	    (rc = pt__rec_citations(r, "", obj, &citations)))
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
	pt__bind_text(s, 1, key);
	pt__bind_text(s, 2, name);
	pt__bind_text(s, 3, type);
	pt__bind_text(s, 4, operator);
	pt__bind_text(s, 5, place);
	pt__bind_text(s, 6, country);
	if (has_lat)
		sqlite3_bind_double(s, 7, lat);
	if (has_lon)
		sqlite3_bind_double(s, 8, lon);
	pt__bind_date(s, 9, &period);
	sqlite3_bind_int(s, 12, verified);
	pt__bind_text(s, 13, notes);
	pt__bind_text(s, 14, hash);
	sqlite3_bind_int64(s, 15, r->imp->batch_id);
	sqlite3_bind_int64(s, 16, r->line);
	rc = pt__rec_step_id(r, s, &id);
	sqlite3_finalize(s);
	if (rc || (rc = pt__rec_run(r, "DELETE FROM camp_alias WHERE camp_id = ?", id, NULL)) ||
	    (rc = pt__rec_run(r, "DELETE FROM citation WHERE camp_id = ?", id, NULL)) ||
	    (rc = add_alias(r, id, name, "name")))
		return rc;
	json_array_foreach(aliases, i, item) {
		char *alias = pt__rec_keep(r, pt__nfc(r->imp->db, json_string_value(item)));
		if (!alias)
			return PT_ENOMEM;
		if ((rc = add_alias(r, id, alias, "aliases")) == PT_ENOMEM || rc == PT_EIO)
			return rc;
	}
	if (r->failed)
		return PT_EINVAL;
	if ((rc = pt__rec_write_citations(r, &citations, T_CAMP, id)) ||
	    (rc = pt__rec_write_extra(r, "UPDATE camp SET extra = ? WHERE id = ?", id, obj)))
		return rc;
	pt__rec_count(r, fate);
	return PT_OK;
}

/* ---- operations ------------------------------------------------------------ */

int pt__load_operation(struct rec *r, json_t *obj)
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

	if ((rc = pt__rec_check_keys(r, "", obj, keys)) ||
	    (rc = pt__rec_required(r, "", obj, "key", MAX_NAME, &key)) == PT_ENOMEM ||
	    (rc = pt__rec_required(r, "", obj, "name", MAX_NAME, &name)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "kind", MAX_NAME, &kind)) == PT_ENOMEM ||
	    (rc = pt__rec_date(r, "", obj, "date", &date)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "place", MAX_NAME, &place)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "notes", MAX_TEXT, &notes)) == PT_ENOMEM ||
	    (rc = pt__rec_citations(r, "", obj, &citations)))
		return rc;
	if ((rc = keyed_record(r, PT__KIND_OPERATION,
				"SELECT id, content_hash FROM operation WHERE key = ?", key, obj,
				hash, &id, &fate)) || fate == F_UNCHANGED)
		return rc;
	if ((rc = pt__prepare(r->imp->db, &s, upsert)))
		return rc;
	pt__bind_text(s, 1, key);
	pt__bind_text(s, 2, name);
	pt__bind_text(s, 3, kind);
	pt__bind_date(s, 4, &date);
	pt__bind_text(s, 7, place);
	pt__bind_text(s, 8, notes);
	pt__bind_text(s, 9, hash);
	sqlite3_bind_int64(s, 10, r->imp->batch_id);
	sqlite3_bind_int64(s, 11, r->line);
	rc = pt__rec_step_id(r, s, &id);
	sqlite3_finalize(s);
	if (rc || (rc = pt__rec_run(r, "DELETE FROM citation WHERE operation_id = ?", id, NULL)) ||
	    (rc = pt__rec_write_citations(r, &citations, T_OPERATION, id)) ||
	    (rc = pt__rec_write_extra(r, "UPDATE operation SET extra = ? WHERE id = ?", id, obj)))
		return rc;
	pt__rec_count(r, fate);
	return PT_OK;
}

/* ---- claims ------------------------------------------------------------------ */

int pt__load_claim(struct rec *r, json_t *obj)
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
	    (rc = pt__rec_check_keys(r, "", obj, keys)) ||
	    (rc = pt__rec_required(r, "", obj, "key", MAX_NAME, &key)) == PT_ENOMEM ||
	    (rc = pt__rec_required(r, "", obj, "question", MAX_NAME, &question)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "metric", MAX_NAME, &metric)) == PT_ENOMEM ||
	    (rc = pt__rec_number(r, "", obj, "value", &value, &has_value)) == PT_ENOMEM ||
	    (rc = pt__rec_number(r, "", obj, "value_min", &vmin, &has_min)) == PT_ENOMEM ||
	    (rc = pt__rec_number(r, "", obj, "value_max", &vmax, &has_max)) == PT_ENOMEM ||
	    (rc = pt__rec_bool(r, "", obj, "approximate", &approximate)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "value_text", MAX_TEXT, &value_text)) == PT_ENOMEM ||
	    (rc = pt__rec_date(r, "", obj, "date", &date)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "text", MAX_TEXT, &text)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "notes", MAX_TEXT, &notes)) == PT_ENOMEM ||
	    (rc = pt__rec_citations(r, "", obj, &citations)))
		return rc;
	population = json_object_get(obj, "population");
	if (population && !json_is_null(population)) {
		const char *why = NULL;
		char *bad = NULL;
		if (!json_is_object(population))
			problem(r, "population", "expected an object, got %s", pt__json_type_name(population));
		else if ((rc = pt__population_canonical(r->imp->db, population, &population_text,
							&why, &bad)))
			return rc;
		else if (why)
			problem(r, "population", "%s%s%s%s", why, bad ? " '" : "", bad ? bad : "",
				bad ? "'" : "");
		free(bad);
		if (population_text && !pt__rec_keep(r, population_text))
			return PT_ENOMEM;   /* freed by the pool: never bound */
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
	pt__bind_text(s, 1, key);
	pt__bind_text(s, 2, question);
	pt__bind_text(s, 3, metric);
	pt__bind_text(s, 4, population_text);
	if (has_min)
		sqlite3_bind_double(s, 5, vmin);
	if (has_max)
		sqlite3_bind_double(s, 6, vmax);
	sqlite3_bind_int(s, 7, approximate);
	pt__bind_text(s, 8, value_text);
	pt__bind_date(s, 9, &date);
	pt__bind_text(s, 12, text);
	pt__bind_text(s, 13, notes);
	pt__bind_text(s, 14, hash);
	sqlite3_bind_int64(s, 15, r->imp->batch_id);
	sqlite3_bind_int64(s, 16, r->line);
	rc = pt__rec_step_id(r, s, &id);
	sqlite3_finalize(s);
	if (rc || (rc = pt__rec_run(r, "DELETE FROM citation WHERE claim_id = ?", id, NULL)) ||
	    (rc = pt__rec_write_citations(r, &citations, T_CLAIM, id)) ||
	    (rc = pt__rec_write_extra(r, "UPDATE claim SET extra = ? WHERE id = ?", id, obj)))
		return rc;
	pt__rec_count(r, fate);
	return PT_OK;
}


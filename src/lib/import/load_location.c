/*
 * load_location.c - the loader of camp locations: where a camp was, one
 * record per site ({"camp": KEY, "seq": N, "lat": .., "lon": .., "place":
 * ..}), identified by camp and seq. The camp must exist already (by key or
 * alias); a location that names no camp is refused.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"

#define MAX_NAME 1000
#define MAX_TEXT 100000

struct loc {
	pt__import *imp;
	long line;
	int failed;
};

#define problem(l, field, ...) \
	((l)->failed = 1, pt__import_problem((l)->imp, (l)->line, (field), __VA_ARGS__))

static int text(struct loc *l, json_t *obj, const char *key, size_t max, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return PT_OK;
	if (!json_is_string(v))
		return problem(l, key, "expected a string");
	if (json_string_length(v) > max)
		return problem(l, key, "longer than %zu bytes", max);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return problem(l, key, "contains a NUL character");
	if (json_string_length(v))
		*out = json_string_value(v);
	return PT_OK;
}

static int number(struct loc *l, json_t *obj, const char *key, double lo, double hi,
		  double *out, int *has)
{
	json_t *v = json_object_get(obj, key);
	*has = 0;
	if (!v || json_is_null(v))
		return PT_OK;
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return problem(l, key, "expected a number");
	*out = json_number_value(v);
	if (*out < lo || *out > hi)
		return problem(l, key, "%s %g out of range (%g to %g)",
			       !strcmp(key, "lat") ? "latitude" : "longitude", *out, lo, hi);
	*has = 1;
	return PT_OK;
}

/* The camp named by key, else by an alias as written or folded; 0 if none.
 * A name that several camps share is a problem (the location is no one's):
 * then -1. */
static int find_camp(struct loc *l, const char *name, int64_t *id)
{
	pt__camp_finder *f = NULL;
	int64_t ids[1];
	size_t count = 0;
	int rc;

	*id = 0;
	if ((rc = pt__camp_finder_open(l->imp->db, &f)))
		return rc;
	rc = pt__camp_lookup(f, name, PT__CAMP_BY_KEY | PT__CAMP_BY_ALIAS | PT__CAMP_BY_FOLDED, ids,
			     1, &count, NULL);
	pt__camp_finder_free(f);
	if (rc == PT_EINVAL)
		return PT_OK; /* no letters or digits: no camp */
	if (rc == PT_OK && count > 1) {
		*id = -1;
		return problem(l, "camp", "camp '%s' is ambiguous: it names several camps", name);
	}
	if (rc == PT_OK && count)
		*id = ids[0];
	return rc;
}

/* A location record's values, checked. */
struct location_in {
	const char *camp, *place, *notes;
	double lat, lon;
	int has_lat, has_lon;
	json_int_t seq;
	int64_t camp_id;
};

/* Reads and checks the record's fields; PT_EINVAL (the problems noted) when
 * one is wrong. */
static int read_location(struct loc *l, json_t *record, struct location_in *in)
{
	static const char *const keys[] = {
		"camp", "seq", "lat", "lon", "place", "notes", "extra", NULL,
	};
	const char *key;
	json_t *v;
	int rc;

	json_object_foreach(record, key, v) {
		const char *const *k = keys;
		while (*k && strcmp(*k, key))
			k++;
		if (!*k)
			problem(l, key, "unknown field");
	}
	if ((rc = text(l, record, "camp", MAX_NAME, &in->camp)) == PT_ENOMEM ||
	    (rc = text(l, record, "place", MAX_NAME, &in->place)) == PT_ENOMEM ||
	    (rc = text(l, record, "notes", MAX_TEXT, &in->notes)) == PT_ENOMEM ||
	    (rc = number(l, record, "lat", -90, 90, &in->lat, &in->has_lat)) == PT_ENOMEM ||
	    (rc = number(l, record, "lon", -180, 180, &in->lon, &in->has_lon)) == PT_ENOMEM)
		return rc;
	if ((v = json_object_get(record, "seq")) && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			problem(l, "seq", "expected a whole number from 0");
		else
			in->seq = json_integer_value(v);
	}
	if ((v = json_object_get(record, "extra")) && !json_is_null(v) && !json_is_object(v))
		problem(l, "extra", "expected an object");
	if (in->has_lat != in->has_lon && !l->failed)
		problem(l, in->has_lat ? "lon" : "lat", "give both lat and lon, or neither");
	if (!in->camp && !json_object_get(record, "camp"))
		problem(l, "camp", "required");
	if (in->camp && (rc = find_camp(l, in->camp, &in->camp_id)) && rc != PT_EINVAL)
		return rc;
	if (in->camp && !in->camp_id)
		problem(l, "camp", "unknown camp '%s' (import the camp first)", in->camp);
	return l->failed ? PT_EINVAL : PT_OK;
}

/* Inserts or updates the location (camp_id, seq). */
static int write_location(pt__import *imp, const struct location_in *in, const char *extra,
			  const char *hex, long line)
{
	static const char upsert[] =
		"INSERT INTO camp_location(camp_id, seq, lat, lon, place, notes, extra, content_hash, "
		"batch_id, batch_line, first_batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		"?10, ?9) ON CONFLICT(camp_id, seq) DO UPDATE SET lat = excluded.lat, "
		"lon = excluded.lon, place = excluded.place, notes = excluded.notes, "
		"extra = excluded.extra, content_hash = excluded.content_hash, "
		"batch_id = excluded.batch_id, batch_line = excluded.batch_line";
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = pt__prepare(imp->db, &s, upsert)))
		return rc;
	sqlite3_bind_int64(s, 1, in->camp_id);
	sqlite3_bind_int64(s, 2, in->seq);
	if (in->has_lat) {
		sqlite3_bind_double(s, 3, in->lat);
		sqlite3_bind_double(s, 4, in->lon);
	}
	if (in->place)
		sqlite3_bind_text(s, 5, in->place, -1, SQLITE_STATIC);
	if (in->notes)
		sqlite3_bind_text(s, 6, in->notes, -1, SQLITE_STATIC);
	if (extra)
		sqlite3_bind_text(s, 7, extra, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, hex, -1, SQLITE_STATIC);
	if (imp->batch_id)
		sqlite3_bind_int64(s, 9, imp->batch_id);
	sqlite3_bind_int64(s, 10, line);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(imp->db, "cannot write a camp location");
	sqlite3_finalize(s);
	return rc;
}

int pt__load_location(pt__import *imp, json_t *record, long line)
{
	struct loc l = { imp, line, 0 };
	struct location_in in = { 0 };
	char *extra = NULL, *dump = NULL, hex[65];
	json_t *v;
	int64_t id = 0, seen_batch = 0, seen_line = 0;
	const char *old_hash = NULL;
	sqlite3_stmt *s = NULL;
	pt__sha256 h;
	int rc;

	if ((rc = read_location(&l, record, &in)))
		return rc;
	if (!(dump = json_dumps(record, JSON_SORT_KEYS | JSON_COMPACT)))
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	pt__sha256_init(&h);
	pt__sha256_update(&h, dump, strlen(dump));
	pt__sha256_hex(&h, hex);
	free(dump);
	if ((v = json_object_get(record, "extra")) && json_object_size(v) &&
	    !(extra = json_dumps(v, JSON_COMPACT)))
		return pt__error(imp->db, PT_ENOMEM, "out of memory");

	if ((rc = pt__prepare(imp->db, &s, "SELECT id, content_hash, batch_id, batch_line FROM "
			      "camp_location WHERE camp_id = ? AND seq = ?")))
		goto cleanup;
	sqlite3_bind_int64(s, 1, in.camp_id);
	sqlite3_bind_int64(s, 2, in.seq);
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		old_hash = (const char *)sqlite3_column_text(s, 1);
		seen_batch = sqlite3_column_int64(s, 2);
		seen_line = sqlite3_column_int64(s, 3);
	}
	if (id && imp->batch_id && seen_batch == imp->batch_id && seen_line != line) {
		rc = problem(&l, "seq", "duplicate location %lld of camp '%s' (first at line %lld)",
			     (long long)in.seq, in.camp, (long long)seen_line);
		goto cleanup;
	}
	if (id && old_hash && !strcmp(old_hash, hex)) {
		imp->summary->unchanged++;
		goto cleanup;
	}
	if (id)
		imp->summary->updated++;
	else
		imp->summary->inserted++;
	sqlite3_finalize(s);
	s = NULL;
	rc = write_location(imp, &in, extra, hex, line);
cleanup:
	sqlite3_finalize(s);
	free(extra);
	return rc;
}

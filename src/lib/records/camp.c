/*
 * camp.c - camps: finding a camp by any of its names, reading one, and
 * listing or searching camps (their types are vocab.c's).
 */
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

/* ---- finding a camp ------------------------------------------------------ */

enum { Q_KEY, Q_ALIAS, Q_FOLDED, Q_MATCH, Q_NAME, Q_KEY_OF, Q_COUNT };

struct pt__camp_finder {
	pt_db *db;
	sqlite3_stmt *q[Q_COUNT];
	pt__camp_places *places;  /* the place stage's, opened when first needed */
	int keys_filled;       /* camp_alias.match_key filled (the match-key stages) */
};

int pt__camp_finder_open(pt_db *db, pt__camp_finder **out)
{
	if (!(*out = calloc(1, sizeof **out)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	(*out)->db = db;
	return PT_OK;
}

void pt__camp_finder_free(pt__camp_finder *f)
{
	if (!f)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(f->q[i]);
	pt__camp_places_free(f->places);
	free(f);
}

void pt__camp_names_release(struct pt__camp_names *names)
{
	free(names->folded);
	free(names->match);
	names->folded = names->match = NULL;
}

static const char *const lookup_sql[Q_COUNT] = {
	[Q_KEY] = "SELECT id FROM camp WHERE key = ?1 LIMIT ?2",
	/* several camps of one name: the one that had it first comes first
	 * (an import of the same register takes it again) */
	[Q_ALIAS] = "SELECT camp_id FROM camp_alias WHERE alias = ?1 "
		    "GROUP BY camp_id ORDER BY min(rowid) LIMIT ?2",
	[Q_FOLDED] = "SELECT camp_id FROM camp_alias WHERE alias_key = ?1 "
		     "GROUP BY camp_id ORDER BY min(rowid) LIMIT ?2",
	[Q_MATCH] = "SELECT camp_id FROM camp_alias WHERE match_key = ?1 "
		    "GROUP BY camp_id ORDER BY min(rowid) LIMIT ?2",
	[Q_NAME] = "SELECT name FROM camp WHERE id = ?1",
	[Q_KEY_OF] = "SELECT key FROM camp WHERE id = ?1",
};

const char *pt__camp_lookup_sql(unsigned stage)
{
	switch (stage) {
	case PT__CAMP_BY_KEY:    return lookup_sql[Q_KEY];
	case PT__CAMP_BY_ALIAS:  return lookup_sql[Q_ALIAS];
	case PT__CAMP_BY_FOLDED: return lookup_sql[Q_FOLDED];
	case PT__CAMP_BY_MATCH:
	case PT__CAMP_BY_BARE:
	case PT__CAMP_BY_PLACE:  return lookup_sql[Q_MATCH];
	default:                 return NULL;
	}
}

static sqlite3_stmt *query(pt__camp_finder *f, int which)
{
	if (!f->q[which] && pt__prepare(f->db, &f->q[which], lookup_sql[which]))
		return NULL;
	sqlite3_reset(f->q[which]);
	return f->q[which];
}

/* The camps whose `which` column is `text`: up to `max` ids; *count is
 * how many there are, one more than max when there are more. */
static int ids_by(pt__camp_finder *f, int which, const char *text, int64_t *ids, size_t max,
		  size_t *count)
{
	sqlite3_stmt *s = query(f, which);
	int step;

	*count = 0;
	if (!s)
		return PT_EIO;
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (int64_t)max + 1);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (*count < max)
			ids[*count] = sqlite3_column_int64(s, 0);
		(*count)++;
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? PT_OK : pt__sql_error(f->db, "cannot look up a camp");
}

/* The name with its bracketed parts taken out, white space trimmed. */
static char *without_brackets(const char *name)
{
	pt__buf b = PT__BUF_INIT;
	int depth = 0;
	char *out;
	for (const char *p = name; *p; p++) {
		if (*p == '(' || *p == '[')
			depth++;
		else if ((*p == ')' || *p == ']') && depth > 0)
			depth--;
		else if (!depth)
			pt__buf_putc(&b, *p);
	}
	if (pt__buf_add(&b, "", 0)) {
		pt__buf_release(&b);
		return NULL;
	}
	out = pt__buf_detach(&b);
	for (size_t n = strlen(out); n > 0 && (out[n - 1] == ' ' || out[n - 1] == ','); n--)
		out[n - 1] = '\0';
	return out;
}

/* The bare stage: the match key of the name without what is in brackets
 * ("Stalag IV-B (Mühlberg)"). */
static int ids_bare(pt__camp_finder *f, const char *name, int64_t *ids, size_t max,
		    size_t *count)
{
	char *bare = without_brackets(name), *key = NULL;
	int rc = PT_OK;

	*count = 0;
	if (!bare)
		return pt__error(f->db, PT_ENOMEM, "out of memory");
	if (*bare && !(key = pt__camp_key(f->db, bare)))
		rc = pt__error(f->db, PT_ENOMEM, "out of memory");
	else if (key && *key)
		rc = ids_by(f, Q_MATCH, key, ids, max, count);
	free(bare);
	free(key);
	return rc;
}

/* The stages after the folded one: match key, bare, place. */
static int lookup_keyed(pt__camp_finder *f, const char *name, unsigned stages, int64_t *ids,
			size_t max, size_t *count, struct pt__camp_names *k)
{
	int rc = PT_OK;

	if (!f->keys_filled) { /* aliases written before match keys existed */
		if ((rc = pt__camp_keys_fill(f->db)))
			return rc;
		f->keys_filled = 1;
	}
	if (!(k->match = pt__camp_key(f->db, name)))
		return pt__error(f->db, PT_ENOMEM, "out of memory");
	k->stage = PT__CAMP_BY_MATCH;
	if ((stages & PT__CAMP_BY_MATCH) && (rc = ids_by(f, Q_MATCH, k->match, ids, max, count)))
		return rc;
	k->stage = PT__CAMP_BY_BARE;
	if (!*count && (stages & PT__CAMP_BY_BARE) && strchr(name, '(') &&
	    (rc = ids_bare(f, name, ids, max, count)))
		return rc;
	k->stage = PT__CAMP_BY_PLACE;
	if (*count || !(stages & PT__CAMP_BY_PLACE))
		return PT_OK;
	if (!f->places && (rc = pt__camp_places_open(f->db, 0, &f->places)))
		return rc;
	return pt__camp_by_place(f->places, name, ids, max, count);
}

int pt__camp_lookup(pt__camp_finder *f, const char *name, unsigned stages, int64_t *ids,
		    size_t max, size_t *count, struct pt__camp_names *names)
{
	struct pt__camp_names own = { NULL, NULL, 0 }, *k = names ? names : &own;
	int rc = PT_OK;

	*count = 0;
	memset(k, 0, sizeof *k);
	k->stage = PT__CAMP_BY_KEY;
	if ((stages & PT__CAMP_BY_KEY) && (rc = ids_by(f, Q_KEY, name, ids, max, count)))
		goto done;
	k->stage = PT__CAMP_BY_ALIAS;
	if (!*count && (stages & PT__CAMP_BY_ALIAS) &&
	    (rc = ids_by(f, Q_ALIAS, name, ids, max, count)))
		goto done;
	if (*count || !(stages & (PT__CAMP_BY_FOLDED | PT__CAMP_BY_MATCH | PT__CAMP_BY_BARE |
				  PT__CAMP_BY_PLACE)))
		goto done;
	if (!(k->folded = pt__fold_key(f->db, name))) {
		rc = pt__error(f->db, PT_ENOMEM, "out of memory");
		goto done;
	}
	if (!*k->folded) {
		rc = PT_EINVAL; /* no letters or digits: it names no camp */
		goto done;
	}
	k->stage = PT__CAMP_BY_FOLDED;
	if ((stages & PT__CAMP_BY_FOLDED) && (rc = ids_by(f, Q_FOLDED, k->folded, ids, max, count)))
		goto done;
	if (!*count && (stages & (PT__CAMP_BY_MATCH | PT__CAMP_BY_BARE | PT__CAMP_BY_PLACE)))
		rc = lookup_keyed(f, name, stages, ids, max, count, k);
done:
	if (!*count)
		k->stage = 0;
	pt__camp_names_release(&own);
	return rc;
}

static char *camp_text(pt__camp_finder *f, int which, int64_t id)
{
	sqlite3_stmt *s = query(f, which);
	char *name = NULL;
	int step;

	if (!s) {
		pt__error(f->db, PT_EIO, "cannot look up a camp");
		return NULL;
	}
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && !(name = pt__column_dup(s, 0)))
		pt__error(f->db, PT_ENOMEM, "out of memory");
	else if (step != SQLITE_ROW)
		pt__error(f->db, step == SQLITE_DONE ? PT_ENOTFOUND : PT_EIO, "no camp %lld",
			  (long long)id);
	sqlite3_reset(s);
	return name;
}

char *pt__camp_name(pt__camp_finder *f, int64_t id)
{
	return camp_text(f, Q_NAME, id);
}

char *pt__camp_key_of(pt__camp_finder *f, int64_t id)
{
	return camp_text(f, Q_KEY_OF, id);
}

int pt_camp_resolve(pt_db *db, const char *name, int64_t *id_out)
{
	pt__camp_finder *f = NULL;
	int64_t ids[16];
	size_t count = 0;
	int rc;

	*id_out = 0;
	if ((rc = pt__camp_finder_open(db, &f)))
		return rc;
	rc = pt__camp_lookup(f, name, PT__CAMP_BY_KEY | PT__CAMP_BY_FOLDED, ids, 16, &count, NULL);
	if (rc == PT_EINVAL || (rc == PT_OK && count == 0)) {
		rc = pt__error(db, PT_ENOTFOUND, "unknown camp '%s'", name);
	} else if (rc == PT_OK && count == 1) {
		*id_out = ids[0];
	} else if (rc == PT_OK) {
		/* which camps, and how a person puts it right (camp_ambiguity.c) */
		pt__buf list = PT__BUF_INIT;
		if ((rc = pt__camp_ambiguity(db, name, ids, count < 16 ? count : 16, 0, &list)) == PT_OK)
			rc = pt__error(db, PT_EINVAL, "%s", pt__buf_str(&list));
		pt__buf_release(&list);
	}
	pt__camp_finder_free(f);
	return rc;
}

/* ---- listing camps ---------------------------------------------------------- */

void pt__camp_release(pt_camp *c)
{
	for (size_t i = 0; i < c->alias_count; i++)
		free(c->aliases[i]);
	for (size_t i = 0; i < c->source_count; i++)
		free(c->sources[i]);
	for (size_t i = 0; i < c->origin_count; i++)
		free(c->origins[i]);
	for (size_t i = 0; i < c->reads_as_count; i++)
		free(c->reads_as[i]);
	free(c->origins);
	free(c->reads_as);
	free(c->aliases);
	free(c->sources);
	free(c->key); free(c->name); free(c->type); free(c->operator_code);
	free(c->place); free(c->country); free(c->period); free(c->notes);
}

void pt_camp_list_free(pt_camp_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		pt__camp_release(&list->camps[i]);
	free(list->camps);
	free(list);
}

static int push_text(char ***items, size_t *count, const char *text)
{
	char **grown = realloc(*items, (*count + 1) * sizeof *grown);
	if (!grown)
		return PT_ENOMEM;
	*items = grown;
	if (!(grown[*count] = pt__strdup(text)))
		return PT_ENOMEM;
	(*count)++;
	return PT_OK;
}

/* Fills the row's columns (id, key, name, type, operator, place, country,
 * lat, lon, period, verified, notes) into *c. */
static void camp_from_row(sqlite3_stmt *s, pt_camp *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(s, 0);
	c->key = pt__column_dup(s, 1);
	c->name = pt__column_dup(s, 2);
	c->type = pt__column_dup(s, 3);
	c->operator_code = pt__column_dup(s, 4);
	c->place = pt__column_dup(s, 5);
	c->country = pt__column_dup(s, 6);
	c->has_coordinates = sqlite3_column_type(s, 7) != SQLITE_NULL &&
			     sqlite3_column_type(s, 8) != SQLITE_NULL;
	c->lat = sqlite3_column_double(s, 7);
	c->lon = sqlite3_column_double(s, 8);
	c->period = pt__column_dup(s, 9);
	c->verified = sqlite3_column_int(s, 10);
	c->notes = pt__column_dup(s, 11);
	c->persons = -1;
	c->events = -1;
}

#define CAMP_COLUMNS "c.id, c.key, c.name, c.type, c.operator, c.place, c.country, " \
		     "c.lat, c.lon, c.period, c.verified, c.notes"

/* The statements that read a camp's details, prepared once for a list. */
struct camp_reader {
	sqlite3_stmt *aliases, *sources, *persons, *events, *origins, *key;
	pt__camp_places *places;  /* what an unverified camp's name reads as */
};

static void reader_close(struct camp_reader *r)
{
	sqlite3_finalize(r->aliases);
	sqlite3_finalize(r->sources);
	sqlite3_finalize(r->persons);
	sqlite3_finalize(r->events);
	sqlite3_finalize(r->origins);
	sqlite3_finalize(r->key);
	pt__camp_places_free(r->places);
	memset(r, 0, sizeof *r);
}

/* Where an unverified camp came from: the import that made it (file, line,
 * batch), then the other imports whose events name it. */
static int reader_open_origins(pt_db *db, struct camp_reader *r)
{
	int rc;
	if ((rc = pt__prepare(db, &r->events, "SELECT count(*) FROM event WHERE camp_id = ?")) ||
	    (rc = pt__prepare(db, &r->origins,
			      "SELECT 'made by ' || b.file || coalesce(':' || b.sheet, '') || "
			      "coalesce(' line ' || c.batch_line, '') || ' (batch ' || b.id || ')' "
			      "FROM camp c JOIN import_batch b ON b.id = coalesce(c.first_batch_id, "
			      "c.batch_id) WHERE c.id = ?1 "
			      "UNION ALL SELECT * FROM (SELECT b.file || coalesce(':' || b.sheet, '') || "
			      "' (batch ' || b.id || ', ' || count(*) || ' event' || "
			      "CASE count(*) WHEN 1 THEN '' ELSE 's' END || ')' FROM event e "
			      "JOIN import_batch b ON b.id = e.batch_id WHERE e.camp_id = ?1 "
			      "GROUP BY b.id ORDER BY b.id)")) ||
	    (rc = pt__prepare(db, &r->key, "SELECT key FROM camp WHERE id = ?")) ||
	    (rc = pt__camp_places_open(db, 1, &r->places)))
		return rc;
	return PT_OK;
}

static int reader_open(pt_db *db, struct camp_reader *r, int with_persons)
{
	int rc, linked = 0;
	memset(r, 0, sizeof *r);
	/* the men held there: a man of several records once */
	if (with_persons && (rc = pt__men_linked(db, &linked)))
		return rc;
	if ((rc = pt__prepare(db, &r->aliases, "SELECT alias FROM camp_alias WHERE camp_id = ? "
			      "AND alias <> ? ORDER BY rowid")) ||
	    (rc = pt__prepare(db, &r->sources, "SELECT s.key FROM citation ct JOIN source s ON "
			      "s.id = ct.source_id WHERE ct.camp_id = ? GROUP BY s.key "
			      "ORDER BY min(ct.id)")) ||
	    (with_persons && (rc = pt__prepare(db, &r->persons, linked
			? "SELECT count(DISTINCT coalesce(m.individual_id, e.person_id)) FROM event e "
			  "LEFT JOIN individual_member m ON m.person_id = e.person_id WHERE e.camp_id = ?"
			: "SELECT count(DISTINCT person_id) FROM event WHERE camp_id = ?"))))
		reader_close(r);
	return rc;
}

/* Every text the statement returns, appended to the list. */
static int read_texts(pt_db *db, sqlite3_stmt *s, char ***items, size_t *count)
{
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (push_text(items, count, (const char *)sqlite3_column_text(s, 0)))
			return pt__error(db, PT_ENOMEM, "out of memory");
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read a camp");
}

/* The verified camps an unverified camp's name reads as. */
static int read_reads_as(pt_db *db, struct camp_reader *r, pt_camp *c)
{
	int64_t ids[8];
	size_t n = 0;
	int rc;

	if (c->verified || !c->name)
		return PT_OK;
	if ((rc = pt__camp_by_place(r->places, c->name, ids, 8, &n)))
		return rc;
	for (size_t i = 0; i < n && i < 8; i++) {
		sqlite3_reset(r->key);
		sqlite3_bind_int64(r->key, 1, ids[i]);
		if ((rc = read_texts(db, r->key, &c->reads_as, &c->reads_as_count)))
			return rc;
	}
	return PT_OK;
}

/* The aliases (names other than the canonical one), the cited sources and,
 * when the reader counts them, the number of persons of camp c. */
static int read_details(pt_db *db, struct camp_reader *r, pt_camp *c)
{
	int rc;

	sqlite3_reset(r->aliases);
	sqlite3_bind_int64(r->aliases, 1, c->id);
	sqlite3_bind_text(r->aliases, 2, c->name ? c->name : "", -1, SQLITE_STATIC);
	if ((rc = read_texts(db, r->aliases, &c->aliases, &c->alias_count)))
		return rc;
	sqlite3_reset(r->sources);
	sqlite3_bind_int64(r->sources, 1, c->id);
	if ((rc = read_texts(db, r->sources, &c->sources, &c->source_count)))
		return rc;
	if (r->origins) {
		sqlite3_reset(r->origins);
		sqlite3_bind_int64(r->origins, 1, c->id);
		if ((rc = read_texts(db, r->origins, &c->origins, &c->origin_count)))
			return rc;
		sqlite3_reset(r->events);
		sqlite3_bind_int64(r->events, 1, c->id);
		if (sqlite3_step(r->events) != SQLITE_ROW)
			return pt__sql_error(db, "cannot count a camp's events");
		c->events = sqlite3_column_int64(r->events, 0);
		if ((rc = read_reads_as(db, r, c)))
			return rc;
	}
	if (!r->persons)
		return PT_OK;
	sqlite3_reset(r->persons);
	sqlite3_bind_int64(r->persons, 1, c->id);
	if (sqlite3_step(r->persons) != SQLITE_ROW)
		return pt__sql_error(db, "cannot count a camp's persons");
	c->persons = sqlite3_column_int64(r->persons, 0);
	return PT_OK;
}

int pt__camp_details(pt_db *db, pt_camp *c, int with_persons)
{
	struct camp_reader r;
	int rc = reader_open(db, &r, with_persons);
	if (rc == PT_OK)
		rc = read_details(db, &r, c);
	reader_close(&r);
	return rc;
}

/* Reads camp `id` whole; PT_ENOTFOUND when there is none. */
int pt__camp_get(pt_db *db, int64_t id, int with_persons, pt_camp *out)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = pt__prepare(db, &s, "SELECT " CAMP_COLUMNS " FROM camp c WHERE c.id = ?")))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		camp_from_row(s, out);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return pt__error(db, PT_ENOTFOUND, "no camp with id %lld", (long long)id);
	if (rc != SQLITE_ROW)
		return pt__sql_error(db, "cannot read a camp");
	if (!out->key || !out->name || !out->type)
		return pt__error(db, PT_ENOMEM, "out of memory");
	return pt__camp_details(db, out, with_persons);
}

/* The SQL LIKE pattern "%folded%", with LIKE's own characters escaped (the
 * folded key holds letters and digits only, so there are none). */
static char *like_pattern(pt_db *db, const char *text)
{
	char *folded = pt__fold_key(db, text);
	pt__buf b = PT__BUF_INIT;
	if (!folded)
		return NULL;
	pt__buf_printf(&b, "%%%s%%", folded);
	free(folded);
	return pt__buf_detach(&b);
}

int pt_camp_search(pt_db *db, const pt_camp_query *query, pt_camp_list **out)
{
	static const char sql[] =
		"SELECT " CAMP_COLUMNS " FROM camp c "
		"WHERE (?1 IS NULL OR c.key LIKE ?2 OR c.id IN "
		"       (SELECT camp_id FROM camp_alias WHERE alias_key LIKE ?1)) "
		"  AND (?3 IS NULL OR c.type = ?3) "
		"  AND (?4 IS NULL OR c.operator = upper(?4)) "
		"  AND (?5 = 0 OR (c.lat IS NOT NULL AND c.lon IS NOT NULL)) "
		"  AND (?6 = 0 OR c.verified = 0) "
		"ORDER BY c.name, c.key";
	pt_camp_query none = { 0 };
	pt_camp_list *list = NULL;
	sqlite3_stmt *s = NULL;
	char *pattern = NULL, *key_pattern = NULL;
	int rc;

	*out = NULL;
	if (!query)
		query = &none;
	if (query->text) {
		pt__buf b = PT__BUF_INIT;
		if (!(pattern = like_pattern(db, query->text)) ||
		    pt__buf_printf(&b, "%%%s%%", query->text) ||
		    !(key_pattern = pt__buf_detach(&b))) {
			pt__buf_release(&b);
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		if (strcmp(pattern, "%%") == 0) {
			/* no letter or digit to search for: match the key only */
			free(pattern);
			pattern = pt__strdup("");
		}
	}
	if (!(list = calloc(1, sizeof *list))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = pt__prepare(db, &s, sql)))
		goto cleanup;
	if (pattern) {
		sqlite3_bind_text(s, 1, pattern, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, key_pattern, -1, SQLITE_STATIC);
	}
	if (query->type)
		sqlite3_bind_text(s, 3, query->type, -1, SQLITE_STATIC);
	if (query->operator_code)
		sqlite3_bind_text(s, 4, query->operator_code, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, query->with_coordinates != 0);
	sqlite3_bind_int(s, 6, query->unverified != 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_camp *grown = realloc(list->camps, (list->count + 1) * sizeof *grown);
		if (!grown) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		list->camps = grown;
		camp_from_row(s, &list->camps[list->count++]);
	}
	if (rc != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot read camps");
		goto cleanup;
	}
	sqlite3_finalize(s);
	s = NULL;
	{
		struct camp_reader reader;
		rc = reader_open(db, &reader, query->with_persons || query->unverified);
		if (rc == PT_OK && query->unverified)
			rc = reader_open_origins(db, &reader);
		for (size_t i = 0; i < list->count && rc == PT_OK; i++)
			rc = read_details(db, &reader, &list->camps[i]);
		reader_close(&reader);
	}
	if (rc == PT_OK) {
		*out = list;
		list = NULL;
	}
cleanup:
	sqlite3_finalize(s);
	pt_camp_list_free(list);
	free(pattern);
	free(key_pattern);
	return rc;
}

/*
 * camp.c - camps: the table of camp types, finding a camp by any of its
 * names, reading one, and listing or searching camps.
 */
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

static const pt_camp_type_info camp_types[] = {
	{ "stalag", "Stalag", "DE",
	  "Stammlager: German main camp for enlisted prisoners of war and NCOs, "
	  "designated by Wehrkreis (Roman numeral) and letter, or by number" },
	{ "oflag", "Oflag", "DE",
	  "Offizierslager: German camp for officers" },
	{ "stalag_luft", "Stalag Luft", "DE",
	  "Luftwaffe camp for captured airmen" },
	{ "dulag", "Dulag", "DE",
	  "Durchgangslager: German transit camp; Dulag Luft received captured airmen "
	  "for interrogation" },
	{ "marlag", "Marlag", "DE",
	  "Marinelager: German camp for naval prisoners" },
	{ "milag", "Milag", "DE",
	  "Marine-Internierten-Lager: German camp for interned merchant seamen" },
	{ "nkvd_filtration", "NKVD screening and filtration camp", "SU",
	  "Proverochno-filtratsionny lager (PFL): Soviet camp that screened returning "
	  "prisoners of war, repatriated civilians and soldiers from encirclement" },
	{ "gupvi", "GUPVI prisoner-of-war camp", "SU",
	  "Camp of the NKVD/MVD Main Administration for Prisoners of War and Internees "
	  "(GUPVI), which held foreign prisoners of war and internees" },
	{ "itl", "Corrective labour camp (ITL)", "SU",
	  "Ispravitelno-trudovoy lager: Gulag corrective labour camp; here also the "
	  "special camps (osoblag) of 1948-1954" },
	{ "special", "NKVD special camp", "SU",
	  "Spetslager: NKVD/MVD special camp for internees in the Soviet zone of "
	  "occupied Germany, 1945-1950" },
	{ "transit", "Transit point", NULL,
	  "assembly, transit or exchange point" },
	{ "hospital", "Hospital", NULL, "prisoner-of-war hospital (Lazarett)" },
	{ "other", "Other", NULL,
	  "any other place of captivity (camp point, special settlement, prison)" },
};

const pt_camp_type_info *pt_camp_types(size_t *count_out)
{
	*count_out = sizeof camp_types / sizeof *camp_types;
	return camp_types;
}

/* ---- the built-in gazetteer ------------------------------------------- */

/* ---- finding a camp ------------------------------------------------------ */

int pt_camp_resolve(pt_db *db, const char *name, int64_t *id_out)
{
	sqlite3_stmt *s = NULL;
	pt__buf names = PT__BUF_INIT;
	char *folded = NULL;
	int rc, found = 0;

	*id_out = 0;
	if ((rc = pt__prepare(db, &s, "SELECT id FROM camp WHERE key = ?")))
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		*id_out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (*id_out)
		return PT_OK;

	if (!(folded = pt__fold_key(db, name))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (!*folded) {
		rc = pt__error(db, PT_ENOTFOUND, "unknown camp '%s'", name);
		goto cleanup;
	}
	if ((rc = pt__prepare(db, &s, "SELECT DISTINCT c.id, c.name FROM camp_alias a "
			      "JOIN camp c ON c.id = a.camp_id WHERE a.alias_key = ? ORDER BY c.name")))
		goto cleanup;
	sqlite3_bind_text(s, 1, folded, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*id_out = sqlite3_column_int64(s, 0);
		pt__buf_printf(&names, "%s'%s'", found ? ", " : "",
			       (const char *)sqlite3_column_text(s, 1));
		found++;
	}
	if (rc != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot read camps");
		goto cleanup;
	}
	if (found == 1)
		rc = PT_OK;
	else if (found == 0)
		rc = pt__error(db, PT_ENOTFOUND, "unknown camp '%s'", name);
	else
		rc = pt__error(db, PT_EINVAL, "camp '%s' is ambiguous: it names %s", name,
			       pt__buf_str(&names));
	if (rc)
		*id_out = 0;
cleanup:
	sqlite3_finalize(s);
	pt__buf_release(&names);
	free(folded);
	return rc;
}

/* ---- listing camps ---------------------------------------------------------- */

void pt__camp_release(pt_camp *c)
{
	for (size_t i = 0; i < c->alias_count; i++)
		free(c->aliases[i]);
	for (size_t i = 0; i < c->source_count; i++)
		free(c->sources[i]);
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
}

#define CAMP_COLUMNS "c.id, c.key, c.name, c.type, c.operator, c.place, c.country, " \
		     "c.lat, c.lon, c.period, c.verified, c.notes"

/* The statements that read a camp's details, prepared once for a list. */
struct camp_reader {
	sqlite3_stmt *aliases, *sources, *persons;
};

static void reader_close(struct camp_reader *r)
{
	sqlite3_finalize(r->aliases);
	sqlite3_finalize(r->sources);
	sqlite3_finalize(r->persons);
	memset(r, 0, sizeof *r);
}

static int reader_open(pt_db *db, struct camp_reader *r, int with_persons)
{
	int rc;
	memset(r, 0, sizeof *r);
	if ((rc = pt__prepare(db, &r->aliases, "SELECT alias FROM camp_alias WHERE camp_id = ? "
			      "AND alias <> ? ORDER BY rowid")) ||
	    (rc = pt__prepare(db, &r->sources, "SELECT s.key FROM citation ct JOIN source s ON "
			      "s.id = ct.source_id WHERE ct.camp_id = ? GROUP BY s.key "
			      "ORDER BY min(ct.id)")) ||
	    (with_persons && (rc = pt__prepare(db, &r->persons, "SELECT count(DISTINCT person_id) "
					       "FROM event WHERE camp_id = ?"))))
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
		rc = reader_open(db, &reader, query->with_persons);
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

/*
 * render.h - the JSON objects that powtrace prints, built in one place for
 * both of its clients: the command line (`--format json`, src/cli/) and the
 * website's API (src/web/). What `powtrace show 1 --format json` prints and
 * what GET /api/person/1 answers are the same object because both come from
 * render_person().
 *
 * Like the clients, this module includes only powtrace.h of the library.
 * Every function returns a new reference (the caller json_decref()s it), or
 * NULL when jansson runs out of memory or meets text that is not UTF-8.
 * Keys are snake_case, in the order the product brief lists them; a value
 * the library does not know is null.
 */
#ifndef PT_RENDER_H
#define PT_RENDER_H

#include <jansson.h>

#include "powtrace.h"

/* How every JSON document is written: indented by two, keys in the order
 * they were set, real numbers to 12 significant digits (51.446, not
 * 51.445999999999998). A document ends with a newline after these. */
#define RENDER_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

/* a text, or JSON null for NULL */
static inline json_t *render_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* ---- persons (person.c) ------------------------------------------------ */

/* A man's name as the pages and tables show it, in one place: "Surname,
 * Given" from the record's own name, else from its primary name form, else
 * from its first; a name not in Latin letters with its romanisation beside
 * it ("Смирнов, Пётр (Smirnov, Pëtr)", pt_romanise). NULL when the record
 * has no name at all (or out of memory); the caller free()s it. */
char *render_name_text(pt_db *db, const char *surname, const char *given_names,
		       const pt_name *names, size_t name_count);

/* The romanisation of a name not in Latin letters, "Smirnov, Pëtr"
 * (pt_romanise); NULL for a name in Latin letters, no name, or out of
 * memory. The caller free()s it. */
char *render_name_romanised(pt_db *db, const char *surname, const char *given_names);

/* One hit of `powtrace find`: id (the man's), records (his records that
 * matched), surname, given_names, romanised (render_name_romanised, or
 * null), nationality, birth_date, status (the
 * man's), match, score, parts_agree, matched_form (name_id, record, surname,
 * given_names, script), why. */
json_t *render_find_hit(pt_db *db, const pt_find_hit *hit);

/* The dossier of `powtrace show`: the record's fields, names, events,
 * citations, status, status_reason, its provenance (batch,
 * birth_date_original, extra), and, when `competing` is not NULL (the
 * status is conflicting), competing_events. */
json_t *render_person(const pt_person *person, const pt_fate_events *competing);

/* The dossier of `powtrace show` for a man (pt_individual_get): the keys of
 * render_person (surname, given_names and the other fields of his anchor
 * record: the one whose id is his), with `id` his id, `names` every form of
 * every record, `events` one timeline of all the records' events and
 * `citations` all their citations (each naming its `record`), `status` and
 * `status_reason` from all the events, `records` (each record: id, source,
 * record_id, its fields, its own status, batch) and `disagreements` (field,
 * values: [{value, records}]). competing: NULL, or one pt_fate_events per
 * record (NULL entries allowed), listed as competing_events with their
 * record. research: what researchers added about him and searched for
 * (pt_research_list), as `research`; NULL: no such key. A man of one record
 * prints as render_person with `records` and an empty `disagreements`. */
json_t *render_individual(const pt_individual *individual,
			  const pt_fate_events *const *competing,
			  const pt_research_entries *research);

/* ---- reports, counts and camps (report.c) ------------------------------ */

/* A citation as the reports show it (source, locator, supports, grades), or
 * null for NULL. */
json_t *render_citation(const pt_citation *citation);

/* An array of ids (a man's records). */
json_t *render_ids(const int64_t *ids, size_t count);

/* One row of `report unaccounted`: id, records, surname, given_names, nationality,
 * last_event {type, date, place, camp}, last_camp, sources, citations,
 * evidence, status_reason. */
json_t *render_unaccounted_row(const pt_unaccounted_row *row);
/* Every row, as an array. */
json_t *render_unaccounted(const pt_unaccounted *report);

/* The rows of `count`: one object per group with a key per field and
 * count (and percent, to two decimals, when `percent`). */
json_t *render_count(const pt_count *count, int percent);

/* One camp of `powtrace camps` (with --unverified: its events and the
 * imports it came from). */
json_t *render_camp(const pt_camp *camp);
/* One merge of `powtrace camps merge|unmerge|merges`. */
json_t *render_camp_merge(const pt_camp_merge_info *merge);

/* The camp dossier of `report camp`. */
json_t *render_camp_dossier(const pt_camp_dossier *dossier);

/* ---- sources and claims (claims.c) ------------------------------------- */

/* A citation as the thing it supports sees it (claims, competing events). */
json_t *render_cite(const pt_cite *cite);

/* A claim with its citations, origins and support. */
json_t *render_claim(const pt_claim *claim);

/* A source with its links both ways and its counts. */
json_t *render_source(const pt_source *source);

/* Conflict number `index` of `conflicts` (`claims conflicts`): question,
 * scope, metric, population, claims, pairs, related. */
json_t *render_conflict(const pt_conflicts *conflicts, size_t index);

/* The cross-reference of a source (`xref`): source, supports, records,
 * cites, cited_by, origins, circle, contradicted. */
json_t *render_xref(const pt_xref *xref);

/* ---- research (research.c) ----------------------------------------------- */

/* One entry of the research log: id, kind, what, source, locator, record
 * (for a fact), where, query, found (for a search), note, made_by,
 * made_at, and undone_at when taken back. */
json_t *render_research_entry(const pt_research_entry *entry);
/* Every entry, as an array. */
json_t *render_research(const pt_research_entries *entries);

#endif

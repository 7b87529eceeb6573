/*
 * records.h - what the files of records/ share with the folders above:
 * the vocabulary of the records (vocab.c), camps (camp.c: finding and
 * reading one; camp_key.c: the match key of a spelling) and the citations
 * of a dossier (person.c).
 */
#ifndef PT_RECORDS_H
#define PT_RECORDS_H

#include "core/core.h"

/* ---- the vocabulary (vocab.c) ---- */

/* The closed lists of the records; each is defined once, in vocab.c. */
enum pt__vocab {
	PT__VOCAB_EVENT_TYPE, PT__VOCAB_CAMP_TYPE, PT__VOCAB_STATUS, PT__VOCAB_SOURCE_KIND,
	PT__VOCAB_SOURCE_RELATION, PT__VOCAB_SEX, PT__VOCAB_SOURCE_QUALITY,
	PT__VOCAB_INFORMATION, PT__VOCAB_EVIDENCE, PT__VOCAB_PARTICLE, PT__VOCAB_COUNT
};

/* How many values the list has; its i-th value (NULL past the end); the
 * table's own copy of `value` (static) or NULL when the list lacks it;
 * the values appended to out joined by ", " and the last by `last` (", " or
 * " or "), for messages ("expected one of ..."). */
size_t pt__vocab_count(enum pt__vocab vocab);
const char *pt__vocab_value(enum pt__vocab vocab, size_t i);
const char *pt__vocab_find(enum pt__vocab vocab, const char *value);
int pt__vocab_list(enum pt__vocab vocab, const char *last, pt__buf *out);

/* The number of source relations (cites, derives_from, ...), for arrays. */
#define PT__SOURCE_RELATIONS 4

/* What an event says about a person's fate, for the case status. */
enum pt__fate { PT__FATE_NONE, PT__FATE_CAPTIVE, PT__FATE_RETURNED, PT__FATE_DIED };

struct pt__event_type {
	const char *name;      /* as stored in event.type */
	enum pt__fate fate;
	int flat;              /* the flat CSV has its columns (TYPE_date, TYPE_camp, ...) */
	const char *label;     /* in words: "Handover to another power" */
};

/* The event type called `type` (NULL: none); the i-th (NULL past the end). */
const struct pt__event_type *pt__event_type(const char *type);
const struct pt__event_type *pt__event_type_at(size_t i);
/* The fate an event of `type` bears on (PT__FATE_NONE for an unknown type). */
enum pt__fate pt__event_fate(const char *type);
/* "captive", "returned", "died"; NULL for PT__FATE_NONE. */
const char *pt__fate_name(enum pt__fate fate);
/* The source kind a spelling names ("archival file", "Web page" -> "archival_file",
 * "web"), or NULL. */
const char *pt__source_kind(const char *text);
/* Is word[0..len) a surname particle ("van", "De", "O", "St.")? Case and a
 * final '.' do not matter. */
int pt__surname_particle(const char *word, size_t len);

/* ---- camps (camp.c, camp_key.c) ---- */

/* Finding the camp a name names, the one way every part of the library does
 * it: stage by stage, the first stage that finds any camp decides.
 *   PT__CAMP_BY_KEY     the camp's key
 *   PT__CAMP_BY_ALIAS   a name or alias as written
 *   PT__CAMP_BY_FOLDED  a name or alias folded for case, diacritics,
 *                       punctuation and script ("MUHLBERG" = "Mühlberg")
 *   PT__CAMP_BY_MATCH   the match key: Roman numerals, umlauts, spacing
 *                       ("Stalag 4B" = "Stalag IV-B")
 *   PT__CAMP_BY_BARE    the match key of the name without its brackets
 *                       ("Stalag IV-B (Mühlberg)")
 *   PT__CAMP_BY_PLACE   a camp's name or town with the camp's own place
 *                       words around it ("Stalag IIIA Luckenwalde",
 *                       "Stalag IVB / Muhlberg"), or its town alone
 *                       (camp_place.c)
 * A finder keeps its statements prepared for many look-ups. */
enum {
	PT__CAMP_BY_KEY = 1, PT__CAMP_BY_ALIAS = 2, PT__CAMP_BY_FOLDED = 4,
	PT__CAMP_BY_MATCH = 8, PT__CAMP_BY_BARE = 16, PT__CAMP_BY_PLACE = 32
};
typedef struct pt__camp_finder pt__camp_finder;
/* The folded key and the match key a look-up worked out (NULL when it did
 * not need them), and the stage that found the camps (0: none); the caller
 * releases them. */
struct pt__camp_names {
	char *folded, *match;
	unsigned stage;
};

int pt__camp_finder_open(pt_db *db, pt__camp_finder **out);
void pt__camp_finder_free(pt__camp_finder *f);
/* Looks `name` up by the `stages` given: up to `max` camp ids in ids[]
 * (ascending) and their number in *count (max + 1: more than max; 0: none).
 * Returns PT_OK, PT_EINVAL when a folded stage was asked and the name has
 * no letters or digits (it names no camp), or an error (message on the
 * handle). `names` (may be NULL) receives the keys worked out. The match-key
 * stages fill missing match keys first (pt__camp_keys_fill): they write. */
int pt__camp_lookup(pt__camp_finder *f, const char *name, unsigned stages, int64_t *ids,
		    size_t max, size_t *count, struct pt__camp_names *names);
void pt__camp_names_release(struct pt__camp_names *names);
/* The statement of a stage (for the query-plan tests). */
const char *pt__camp_lookup_sql(unsigned stage);
/* The place stage (camp_place.c): what it read once per finder (camps'
 * own words, the towns of the verified camps), and the look-up itself (up
 * to max ids in ascending order, their number in *count); verified_only:
 * what a name reads as among the verified camps (`camps --unverified`). */
typedef struct pt__camp_places pt__camp_places;
int pt__camp_places_open(pt_db *db, int verified_only, pt__camp_places **out);
void pt__camp_places_free(pt__camp_places *p);
int pt__camp_by_place(pt__camp_places *p, const char *name, int64_t *ids, size_t max,
		      size_t *count);
/* The name, or the key, of camp `id` (the caller frees it); NULL with the
 * message on the handle when there is none or no memory. */
char *pt__camp_name(pt__camp_finder *f, int64_t id);
char *pt__camp_key_of(pt__camp_finder *f, int64_t id);

/* Reads camp `id` into *out (with the number of persons held there when
 * with_persons). PT_ENOTFOUND when there is none. */
int pt__camp_get(pt_db *db, int64_t id, int with_persons, pt_camp *out);
/* Reads a camp's aliases, sources and (with_persons) persons into c. */
int pt__camp_details(pt_db *db, pt_camp *c, int with_persons);
/* Frees what a pt_camp holds (not the struct). */
void pt__camp_release(pt_camp *c);

/* The match key of a camp name: pt__fold_key's, with Roman numerals as
 * Arabic and German "ue/oe/ae" as "u/o/a" ("Stalag IV-B", "Stalag 4B",
 * "STALAG IVB" -> "stalag4b"; "Muehlberg" -> "muhlberg"). Caller frees;
 * NULL when out of memory. Stored in camp_alias.match_key. */
char *pt__camp_key(pt_db *db, const char *name);
/* The same words separated by single spaces ("Stalag IVB / Muhlberg" ->
 * "stalag 4b muhlberg"), for the place stage. */
char *pt__camp_key_words(pt_db *db, const char *name);
/* Fills camp_alias.match_key where it is missing (databases made before
 * migration 0004, or aliases written by other code). */
int pt__camp_keys_fill(pt_db *db);

/* ---- putting camps right (camp_merge.c) ---- */

/* The message for a spelling that names several camps (ids, oldest name
 * first): "'Stalag 4B' names stalag-4b (unverified) and stalag-iv-b; read as
 * stalag-4b, the camp that had the name first: merge them with 'powtrace
 * camps merge stalag-4b stalag-iv-b'" (chosen 0: the look-up chose none).
 * Appended to out. */
int pt__camp_ambiguity(pt_db *db, const char *spelling, const int64_t *ids, size_t n,
		       int64_t chosen, pt__buf *out);
/* The message for a spelling whose place fits several camps (ids), for
 * which the import made the new unverified camp `made`: "'Lamsdorf' may
 * name stalag-344 or stalag-viii-f; kept as a new unverified camp,
 * lamsdorf: merge it into the one it means with 'powtrace camps merge
 * lamsdorf KEY'". Appended to out. */
int pt__camp_place_ambiguity(pt_db *db, const char *spelling, const int64_t *ids, size_t n,
			     int64_t made, pt__buf *out);
/* Derives a person's status from its events again (after their camps
 * changed) and writes it with its reason and last event. */
int pt__person_status_refresh(pt_db *db, int64_t person_id);

/* ---- the dossier (person.c) ---- */

/* pt_person_get, and the event his stored status rests on (0: none) into
 * *last_event_id when it is not NULL. */
int pt__person_read(pt_db *db, int64_t id, pt_person **out, int64_t *last_event_id);
/* The same, and the individual the record is linked into (0: linked to no
 * other record, the record is a man of its own) into *individual, in the
 * same statement: a dossier of a record linked to nothing needs no other
 * look-up. */
int pt__person_read_linked(pt_db *db, int64_t id, pt_person **out, int64_t *last_event_id,
			   int64_t *individual);

/* A citation from a row of: id, source key, kind, title, locator, target,
 * source quality, information, evidence, confidence (the dossier and the
 * camp report). */
void pt__citation_from_row(sqlite3_stmt *s, pt_citation *c);
/* Frees the strings of a citation (not the citation). Accepts NULL. */
void pt__citation_release(pt_citation *c);

/* ---- case status (status.c) and the status of a man (men.c) ---- */

/* pt_status_derive() over the events of several records: record_of[i] is
 * the record of event i (events come record by record; NULL: one record),
 * so that an undated event keeps its place in its own record; labels[r]
 * (may be NULL, or NULL entries) is appended to each event the reason cites,
 * "(record 12, ivb-register)". */
int pt__status_derive_records(const pt_status_event *events, const size_t *record_of,
			      const char *const *labels, size_t count, pt_status *status_out,
			      char **reason_out, long *last_out);

/* What the status of a man rests on. Event and camp ids are 0 when none. */
typedef struct pt__man_fate {
	int64_t anchor_id;        /* the record that names him: his id's, else his smallest */
	int64_t records;          /* how many records he has */
	pt_status status;
	char *reason;             /* owned */
	int64_t last_event_id;    /* the event the status rests on */
	int64_t last_camp_id;     /* its camp, else the latest camp before it in time
				     (only filled for a man of several records) */
	int64_t capture_event_id, liberation_event_id; /* the first of each in time (idem) */
} pt__man_fate;

/* *linked = 1 when some records are linked (individual_member has rows), 0
 * when every record is a man of its own. */
int pt__men_linked(pt_db *db, int *linked);
/* The fate of man `individual_id`: from all his records' events when he has
 * several, else his record's stored status. PT_ENOTFOUND when there is no
 * such individual. Release with pt__man_fate_release(). */
int pt__man_fate_get(pt_db *db, int64_t individual_id, pt__man_fate *out);
void pt__man_fate_release(pt__man_fate *fate);
/* Makes the virtual table pt_man_fate (of this connection, read-only) hold
 * every man of several records with his fate (see men.c for its columns);
 * kept while the database does not change. Call it before a statement that
 * reads pt_man_fate is prepared. */
int pt__men_fate_table(pt_db *db);

#endif

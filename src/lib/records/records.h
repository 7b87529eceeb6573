/*
 * records.h - what the files of records/ share with the folders above:
 * camps (camp.c: reading one; camp_key.c: the match key of a spelling) and
 * the citations of a dossier (person.c).
 */
#ifndef PT_RECORDS_H
#define PT_RECORDS_H

#include "core/core.h"

/* ---- camps (camp.c, camp_key.c) ---- */

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
/* Fills camp_alias.match_key where it is missing (databases made before
 * migration 0004, or aliases written by other code). */
int pt__camp_keys_fill(pt_db *db);

/* ---- the dossier (person.c) ---- */

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
/* Makes temp.pt_man_fate hold every man of several records with his fate
 * (see men.c for its columns); kept while the database does not change. */
int pt__men_fate_table(pt_db *db);

#endif

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

#endif

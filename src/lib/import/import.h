/*
 * import.h - what the import driver (import.c), the readers (import_json.c)
 * and the record loaders (load.c) share. A reader turns a file into
 * canonical records (jansson objects with their line); the loaders write one
 * record each, whatever format it came from.
 */
#ifndef PT_IMPORT_H
#define PT_IMPORT_H

#include <jansson.h>

#include "names/names.h"
#include "records/records.h"

typedef enum pt__kind {
	PT__KIND_SOURCE, PT__KIND_CAMP, PT__KIND_OPERATION, PT__KIND_PERSON,
	PT__KIND_CLAIM, PT__KIND_LOCATION, PT__KIND_COUNT
} pt__kind;

const char *pt__kind_name(pt__kind kind);     /* "person", ... */
const char *pt__kind_plural(pt__kind kind);   /* "persons", ... */

typedef struct pt__import {
	pt_db *db;
	const char *name;            /* the file name in messages */
	pt_import_summary *summary;
	int64_t batch_id;
	pt__buf field;               /* the path of the field being read */
	int record_failed;           /* the current record has an error */
	struct pt__load *load;       /* the loaders' prepared statements */
	/* spreadsheets and archival registers (sheet.h) */
	struct pt__sheet *sheet;     /* the driver's options and mapping; NULL: plain JSON */
	struct pt__resolver *resolver; /* camps and sources by name, cached (resolve.c) */
	int record_state;            /* PT__RECORD_*: the record being loaded and its savepoint */
} pt__import;

enum { PT__RECORD_NONE, PT__RECORD_OPEN, PT__RECORD_SAVEPOINT };

/* Before a write that a record's rejection must take back (a camp or source
 * made while the record is read): opens the record's savepoint, once.
 * Nothing outside pt__load_record. */
int pt__record_savepoint(pt__import *imp);

/* Records a problem "NAME:LINE: FIELD: MESSAGE" (field may be NULL). */
int pt__import_problem(pt__import *imp, long line, const char *field,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Called by a reader for every record, in file order. */
typedef int (*pt__record_fn)(pt__import *imp, pt__kind kind, json_t *record, long line);

/* The JSON and JSON Lines reader: parses `data` and calls `fn` per record.
 * Returns PT_OK, PT_EINVAL after recording a problem that stops reading
 * (syntax, shape), or a fatal code. */
int pt__read_json(pt__import *imp, const char *data, size_t len, pt_format format,
		  pt__record_fn fn);

/* Writes one record of `kind`: inserts, updates or leaves it unchanged, and
 * counts it in the summary. Returns PT_OK, PT_EINVAL when the record was
 * rejected (problems recorded), or a fatal code. */
int pt__load_record(pt__import *imp, pt__kind kind, json_t *record, long line);

/* Camps and sources named in records (resolve.c). pt__camp_find looks a
 * camp up by key, alias or match key and creates an unverified camp when
 * nothing matches: PT_OK with *id_out and *canonical_out (the camp's name,
 * borrowed), PT_ECONFLICT when the name fits several camps, PT_EINVAL when
 * it has no letters or digits. pt__source_find looks a source up by key;
 * with `create`, a name that is no key becomes a new source; *id_out is 0
 * when there is none. pt__source_key_of gives the key a name resolved to.
 * pt__record_done keeps (or, for a rejected record, forgets) what the
 * current record created; pt__resolver_free ends the import's cache. */
int pt__camp_find(pt__import *imp, const char *name, long line, int64_t *id_out,
		  const char **canonical_out);
int pt__source_find(pt__import *imp, const char *name, long line, int create,
		    int64_t *id_out);
const char *pt__source_key_of(pt__import *imp, const char *name);
int pt__record_done(pt__import *imp, int kept);
void pt__resolver_free(pt__import *imp);

/* How the record loaders read a record of this import (import_flat.c):
 * archival dates (with their order and century) for CSV and mapped input,
 * EDTF only otherwise; whether a flat record's unknown source is created;
 * what a JSON array holds. */
int pt__import_archival(const pt__import *imp, int *order, int *century);
int pt__import_creates_sources(const pt__import *imp);
pt__kind pt__import_array_kind(const pt__import *imp);

/* Writes one camp location record (load_location.c): {"camp": KEY, "seq": N,
 * "lat": .., "lon": .., "place": .., "notes": .., "extra": {..}}. Called by
 * pt__load_record, inside its savepoint. */
int pt__load_location(pt__import *imp, json_t *record, long line);

/* Prepares the loaders' per-import state; frees it. */
int pt__load_begin(pt__import *imp);
void pt__load_end(pt__import *imp);
/* After the last record: makes the links to sources that came later in the
 * file, and records a problem for each that names no source (PT_EINVAL). */
int pt__load_finish(pt__import *imp);

/* Imports JSON held in memory (the built-in gazetteer) exactly as
 * pt_import_file() imports a file: one transaction, one batch named `name`,
 * whole or not at all. */
int pt__import_memory(pt_db *db, const char *name, const char *data, size_t len,
		      pt_import_summary **summary_out);

#endif

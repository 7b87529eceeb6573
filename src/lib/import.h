/*
 * import.h - what the import driver (import.c), the readers (import_json.c)
 * and the record loaders (load.c) share. A reader turns a file into
 * canonical records (jansson objects with their line); the loaders write one
 * record each, whatever format it came from.
 */
#ifndef PT_IMPORT_H
#define PT_IMPORT_H

#include <jansson.h>

#include "internal.h"

typedef enum pt__kind {
	PT__KIND_SOURCE, PT__KIND_CAMP, PT__KIND_OPERATION, PT__KIND_PERSON,
	PT__KIND_CLAIM, PT__KIND_COUNT
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
} pt__import;

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

/* Prepares the loaders' per-import state; frees it. */
int pt__load_begin(pt__import *imp);
void pt__load_end(pt__import *imp);

#endif

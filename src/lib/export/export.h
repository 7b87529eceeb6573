/*
 * export.h - what the export files share (src/lib/export/): sets of ids and
 * the person records in the import's own formats (records.c, records_csv.c,
 * records_export.c).
 * GEDCOM (gedcom.c) needs nothing shared.
 */
#ifndef PT_EXPORT_H
#define PT_EXPORT_H

#include <jansson.h>

#include "core/core.h"

/* A growable set of ids: add, then sort (which also drops repeats), then
 * look up. */
typedef struct pt__ids {
	int64_t *items;
	size_t count, cap;
} pt__ids;

int pt__ids_add(pt__ids *set, int64_t id);      /* PT_OK or PT_ENOMEM */
void pt__ids_sort(pt__ids *set);
int pt__ids_has(const pt__ids *set, int64_t id); /* after pt__ids_sort */
void pt__ids_release(pt__ids *set);

/* Every person id, ascending (caller frees *out). */
int pt__all_person_ids(pt_db *db, int64_t **out, size_t *count);

/* Person record `id` as the canonical JSON import reads it (caller
 * json_decref()s *out); PT_ENOTFOUND when there is none. */
int pt__export_person_record(pt_db *db, int64_t id, json_t **out);

/* pt_records_export() for PT_RECORDS_JSON and PT_RECORDS_JSONL (records.c). */
int pt__records_json(pt_db *db, const int64_t *ids, size_t count,
		     const pt_records_options *opts, FILE *f, pt_records_summary *sum);

/* pt_records_export() for PT_RECORDS_CSV (records_csv.c). */
int pt__records_csv(pt_db *db, const int64_t *ids, size_t count,
		    const pt_records_options *opts, FILE *f, pt_records_summary *sum);

#endif

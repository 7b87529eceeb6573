/*
 * link.h - what the record-linkage files share (src/lib/link/): individuals
 * and their stable ids, the decisions log, candidates, comparisons, the
 * Fellegi-Sunter model and its estimation, clustering. The tables are those
 * of schema/0010_link.sql; README.md and schema/README.md ("Records and
 * individuals") describe what they mean.
 */
#ifndef PT_LINK_H
#define PT_LINK_H

#include <stdint.h>

#include "core/core.h"

/* ---- individuals (individual.c) ---- */

/* The individual of record `record_id`, or PT_ENOTFOUND. */
int pt__individual_of(pt_db *db, int64_t record_id, int64_t *individual_out);

#endif

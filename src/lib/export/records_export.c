/*
 * records_export.c - pt_records_export(): person records in the import's own
 * formats, JSON and JSON Lines (records.c) or the flat CSV (records_csv.c).
 */
#include <string.h>

#include "export/export.h"

int pt_records_export(pt_db *db, const int64_t *ids, size_t count,
		      const pt_records_options *opts, FILE *out, pt_records_summary *summary)
{
	pt_records_format format = opts ? opts->format : PT_RECORDS_JSON;

	if (summary)
		memset(summary, 0, sizeof *summary);
	switch (format) {
	case PT_RECORDS_JSON:
	case PT_RECORDS_JSONL:
		return pt__records_json(db, ids, count, opts, out, summary);
	case PT_RECORDS_CSV:
		return pt__records_csv(db, ids, count, opts, out, summary);
	}
	return pt__error(db, PT_EINVAL, "unknown format of records %d", (int)format);
}

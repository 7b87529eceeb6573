/*
 * fuzz_mapping.c - libFuzzer target for the mapping file reader: any bytes,
 * read as a mapping, then used to lay out a header row of its own column
 * names. `make fuzz` runs it.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pt_db *db = pt_fuzz_db();
	pt__mapping *m = NULL;

	if (pt__mapping_parse(db, "map.json", (const char *)data, size, PT__KIND_PERSON, &m) == PT_OK) {
		for (size_t i = 0; i < m->column_count; i++)
			if (pt__mapping_column(m, m->columns[i].header) == NULL)
				__builtin_trap(); /* every column finds itself */
		pt__mapping_free(m);
	}
	return 0;
}

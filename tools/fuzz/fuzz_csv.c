/*
 * fuzz_csv.c - libFuzzer target for the CSV row reader: any bytes, read as
 * the importer reads a spreadsheet (encoding and delimiter found, title lines
 * passed over, quotes across lines), must give rows or problems, never a
 * crash, a leak or undefined behaviour. `make fuzz` runs it.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"

static int count_row(void *ctx, long line, char **cells, size_t count)
{
	size_t *rows = ctx;
	(void)line;
	for (size_t i = 0; i < count; i++)
		if (!cells[i])
			__builtin_trap(); /* a row's cells are never NULL */
	(*rows)++;
	return PT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pt_db *db = pt_fuzz_db();
	pt_import_summary *problems = NULL;
	size_t rows = 0;
	char delimiter = size && data[0] == ';' ? ';' : 0;
	pt__csv_rows(db, "fuzz.csv", (const char *)data, size, delimiter, count_row, &rows, &problems);
	pt_import_summary_free(problems);
	return 0;
}

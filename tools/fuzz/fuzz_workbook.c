/*
 * fuzz_workbook.c - libFuzzer target for the workbook readers: any input
 * must give rows or problems, never a crash, a leak or undefined behaviour.
 * The first byte says what the rest is: 'x' the sheet XML of an .xlsx, 's'
 * its shared strings (the sheet refers to the first ones), 'o' the
 * content.xml of an .ods, anything else a whole workbook file (.xlsx, .ods
 * or .xls bytes). `make fuzz` runs it.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"
#include "workbook_build.h"

static int count_cells(void *ctx, const char *sheet, long row, char **cells,
		       const unsigned char *kinds, size_t count)
{
	size_t *n = ctx;
	(void)sheet;
	if (row < 1)
		__builtin_trap();
	for (size_t i = 0; i < count; i++)
		if (!cells[i] || kinds[i] > 6)
			__builtin_trap(); /* a cell is never NULL, its kind known */
	*n += count;
	return PT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sheet[] =
		"<worksheet xmlns=\"" WB_NS "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
		"<c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" s=\"1\"><v>16335</v></c></row></sheetData>"
		"</worksheet>";
	pt_db *db = pt_fuzz_db();
	pt_import_summary *problems = NULL;
	const char *body = (const char *)data + (size ? 1 : 0);
	size_t body_len = size ? size - 1 : 0, len = 0, cells = 0;
	char *book = NULL;

	if (size && data[0] == 'x')
		book = wb_xlsx(body, body_len, NULL, 0, NULL, &len);
	else if (size && data[0] == 's')
		book = wb_xlsx(sheet, sizeof sheet - 1, body, body_len, NULL, &len);
	else if (size && data[0] == 'o')
		book = wb_ods(body, body_len, &len);
	if (book) {
		pt__workbook_rows(db, "fuzz.xlsx", book, len, NULL, count_cells, &cells, &problems);
		free(book);
	} else {
		pt__workbook_rows(db, "fuzz.xlsx", (const char *)data, size, NULL, count_cells, &cells,
				  &problems);
	}
	pt_import_summary_free(problems);
	return 0;
}

/*
 * workbook.h - the workbook readers: .xlsx and .ods (zip files of XML, read
 * with libzip and expat) and .xls (BIFF, read with libfreexl). A workbook is
 * opened from its bytes in memory, lists its sheets, and gives a sheet's rows
 * one at a time as UTF-8 cells with their kinds, in the shape the CSV reader
 * gives its rows, so that both feed the same layout and row builder
 * (import_workbook.c does for workbooks what import_csv.c does for CSV).
 *
 * Cells come out as the spreadsheet means them, not as it formats them: a
 * date cell as "1945-04-12" (Excel serial dates in the 1900 or 1904 system,
 * ODS date values), a number as its shortest exact decimal ("1945", never
 * "1.945E3"), a boolean as "true"/"false", text as written (shared and inline
 * strings, rich-text runs joined). A vertically merged cell's value fills
 * the cells under it in its first column; a horizontally merged one stays in
 * its first column only.
 *
 * Everything read is bounded: the bytes an entry of the zip decompresses to
 * (a zip bomb is refused), the shared strings, the length of a cell, the
 * rows and columns of a sheet.
 */
#ifndef PT_WORKBOOK_H
#define PT_WORKBOOK_H

#include <stddef.h>

#include "core/core.h"

typedef enum pt__cell_kind {
	PT__CELL_EMPTY = 0, PT__CELL_TEXT, PT__CELL_NUMBER, PT__CELL_DATE, PT__CELL_TIME,
	PT__CELL_BOOL, PT__CELL_ERROR
} pt__cell_kind;

#define PT__WB_MAX_COLUMNS 16384      /* XFD, as Excel and LibreOffice allow */
#define PT__WB_MAX_ROWS    1048576    /* as Excel allows */
#define PT__WB_MAX_CELL    (1u << 20) /* bytes of one cell's text */
#define PT__WB_MAX_CELLS   50000000ULL /* cells one sheet may give (ODS repeats) */

/* One row of a sheet. Cells past the last non-empty one are not given. */
typedef struct pt__wb_row {
	long row;                  /* 1-based, as the spreadsheet numbers it */
	size_t count;
	char **cells;              /* UTF-8 NFC, NUL-ended, "" when empty; never NULL */
	const unsigned char *kinds; /* pt__cell_kind of each cell */
} pt__wb_row;

/* Called per row, in sheet order; a non-zero return stops the reading and
 * is returned. Rows with no cell at all are not given. */
typedef int (*pt__wb_row_fn)(void *ctx, const pt__wb_row *row);

typedef enum pt__wb_type { PT__WB_XLSX, PT__WB_ODS, PT__WB_XLS } pt__wb_type;

typedef struct pt__workbook pt__workbook;

/* What a zip archive holds, from its entries: PT__WB_XLSX or PT__WB_ODS as
 * *type and PT_OK, or PT_EINVAL with *what naming what it is instead ("a
 * Word document (.docx)", "a zip archive that holds no workbook", "a damaged
 * or truncated zip archive"; static text). */
int pt__zip_identify(const char *data, size_t len, pt__wb_type *type, const char **what);

/* Opens a workbook of `type` from data[0..len) (kept, not copied: the
 * caller keeps it alive until pt__workbook_free). `path`: a file holding
 * the same bytes, for .xls (libfreexl reads files only); NULL: a temporary
 * file is written. On failure the message (without the file name: "the zip
 * archive is damaged or cut short") is on the handle and PT_EINVAL is
 * returned for a file that is no good workbook. */
int pt__workbook_open(pt_db *db, pt__wb_type type, const char *data, size_t len,
		      const char *path, pt__workbook **out);
void pt__workbook_free(pt__workbook *wb);

size_t pt__workbook_sheet_count(const pt__workbook *wb);
const char *pt__workbook_sheet_name(const pt__workbook *wb, size_t index);

/* Reads sheet `index` row by row. Returns PT_OK, the callback's non-zero
 * value, or PT_EINVAL for a sheet that cannot be read (malformed XML, a
 * shared string that does not exist, too many rows), with the message on
 * the handle and, when it is known, the row in *bad_row (else 0). */
int pt__workbook_read_sheet(pt__workbook *wb, size_t index, pt__wb_row_fn fn, void *ctx,
			    long *bad_row);

/* The most bytes one entry of a zip may decompress to (default 1 GiB);
 * returns the old value. For tests. */
size_t pt__workbook_set_max_entry(size_t bytes);

/* ---- shared by the readers (workbook.c) ---- */

/* The cells of the row being built: set cell i, give the row, start anew. */
typedef struct pt__wb_cells {
	pt__buf text;              /* every cell's text, NUL-separated */
	size_t *offset;            /* per column: where its text starts; (size_t)-1: empty */
	unsigned char *kind;
	size_t count, cap;         /* columns used (up to the last set), allocated */
	char **cells;              /* pointers handed to the callback */
} pt__wb_cells;

int pt__wb_cells_set(pt__wb_cells *c, size_t column, const char *text, size_t len,
		     pt__cell_kind kind);
/* Fills *row from c (pointers into c, valid until the next reset). */
int pt__wb_cells_row(pt__wb_cells *c, long number, pt__wb_row *row);
void pt__wb_cells_reset(pt__wb_cells *c);
void pt__wb_cells_release(pt__wb_cells *c);
/* Sets a text cell, NFC-normalised when it is not ASCII (spreadsheets may
 * store decomposed accents). */
int pt__wb_cells_text(pt__wb_cells *c, pt_db *db, size_t column, const char *s, size_t len);

/* A number as its shortest decimal that reads back the same (15 significant
 * digits, as spreadsheets keep them), never in exponent form for whole
 * numbers: 1945 -> "1945", 0.5 -> "0.5". */
void pt__wb_number_text(double value, char *buf, size_t size);
/* A spreadsheet serial date (days since the epoch of the 1900 or 1904
 * system; the fraction is the time of day) as "YYYY-MM-DD"; 0 when the
 * serial is no date (negative, or past 9999). */
int pt__wb_serial_date(double serial, int system_1904, char *buf, size_t size);
/* Whether an Excel number format code shows a date ("dd/mm/yyyy", "d-mmm-yy",
 * "[$-409]mmmm d, yyyy"): 1 a date, 2 a time of day only, 0 a number. */
int pt__wb_format_kind(const char *code);
/* The kind of Excel's built-in number formats 0-163 (14-17, 22, 27-36,
 * 50-58 dates; 18-21, 45-47 times). */
int pt__wb_builtin_format_kind(long id);

/* ---- the readers' common state (workbook.c, workbook_xlsx.c,
 * workbook_ods.c, workbook_xls.c) ---- */

struct zip;

struct pt__workbook {
	pt_db *db;
	pt__wb_type type;
	const char *data;          /* the file's bytes (borrowed) */
	size_t len;
	struct zip *zip;           /* .xlsx, .ods */
	char **sheet_names;
	char **sheet_parts;        /* .xlsx: the zip entry of each sheet */
	size_t sheet_count;
	/* .xlsx */
	char **strings;            /* shared strings */
	size_t string_count;
	unsigned char *xf_kind;    /* per cell style: 0 number, 1 date, 2 time */
	size_t xf_count;
	int date1904;
	/* .xls */
	const void *xls;           /* libfreexl's handle */
	char *temp_path;           /* a temporary copy for libfreexl, removed at the end */
};

/* A zip archive read from memory (libzip checks its consistency), or NULL
 * with libzip's error code in *zip_error. */
struct zip *pt__wb_zip_open(const char *data, size_t len, int *zip_error);
/* Reads zip entry `name` (looked up ignoring case) through fn, piece by
 * piece; refuses an entry that decompresses to more than the limit.
 * PT_ENOTFOUND when there is no such entry (no message), PT_EINVAL with the
 * message on the handle. */
typedef int (*pt__wb_chunk_fn)(void *ctx, const char *data, size_t len, int last);
int pt__wb_zip_read(pt__workbook *wb, const char *name, pt__wb_chunk_fn fn, void *ctx);
int pt__wb_zip_has(pt__workbook *wb, const char *name);

/* expat: a parser that gives names as "namespace|local", with DTDs refused;
 * the local part of such a name; an attribute's value by local name. */
struct XML_ParserStruct;
struct XML_ParserStruct *pt__wb_xml_parser(void *user_data);
const char *pt__wb_local(const char *name);
const char *pt__wb_attr(const char **attrs, const char *local);
/* Parses entry `name` with p; PT_EINVAL for malformed XML ("NAME line N:
 * malformed XML: WHAT") or what a handler stored in *handler_rc after
 * stopping the parser. */
int pt__wb_zip_parse(pt__workbook *wb, const char *name, struct XML_ParserStruct *p,
		     const int *handler_rc);

int pt__xlsx_open(pt__workbook *wb);
int pt__xlsx_read(pt__workbook *wb, size_t index, pt__wb_row_fn fn, void *ctx, long *bad_row);
int pt__ods_open(pt__workbook *wb);
int pt__ods_read(pt__workbook *wb, size_t index, pt__wb_row_fn fn, void *ctx, long *bad_row);
int pt__xls_open(pt__workbook *wb, const char *path);
int pt__xls_read(pt__workbook *wb, size_t index, pt__wb_row_fn fn, void *ctx, long *bad_row);
void pt__xls_close(pt__workbook *wb);

#endif

/*
 * sheet.h - what the spreadsheet side of the importer shares: the input
 * stream (input.c), encodings (encoding.c), mapping files (mapping.c), flat
 * rows loaded as records (import_flat.c), the CSV reader
 * (import_csv.c) and the rejects file (rejects.c).
 */
#ifndef PT_SHEET_H
#define PT_SHEET_H

#include <stdio.h>

#include "import/import.h"

/* ---- the input stream (input.c) ---- */

#define PT__SAMPLE_BYTES 65536

typedef struct pt__input {
	FILE *f;
	int owned;                 /* close f at the end */
	char *sample;              /* the first bytes, read again by pt__input_read */
	size_t sample_len, sample_pos;
	uint64_t bytes_read, bytes_total;
	pt__sha256 sha;
	int failed;                /* errno of a read error, or 0 */
} pt__input;

/* Opens `path` ("-": standard input) and reads the sample. */
int pt__input_open(pt_db *db, pt__input *in, const char *path, const char *name);
/* Reads up to size bytes; 0 at the end (or on an error: in->failed). */
size_t pt__input_read(pt__input *in, char *buf, size_t size);
/* Reads everything that is left into one buffer (a JSON document). */
int pt__input_read_all(pt_db *db, pt__input *in, const char *name, size_t max,
		       char **data_out, size_t *len_out);
/* Whether the file reads as UTF-8: no byte that fits no UTF-8, or more
 * well-formed multibyte characters than such bytes (then those bytes are
 * errors, not a sign of another encoding). Reads a regular file through
 * once and goes back; for a pipe, the sample decides. */
int pt__input_is_utf8(pt__input *in);
void pt__input_close(pt__input *in);

/* ---- encodings (encoding.c) ---- */

typedef enum pt__encoding {
	PT__ENC_UNKNOWN = 0, PT__ENC_UTF8, PT__ENC_UTF16LE, PT__ENC_UTF16BE,
	PT__ENC_CP1252, PT__ENC_LATIN1, PT__ENC_UTF32LE, PT__ENC_UTF32BE
} pt__encoding;

/* "utf-8", "windows-1252", ... (case and punctuation ignored); PT_EINVAL if unknown. */
int pt__encoding_parse(const char *name, pt__encoding *out);
const char *pt__encoding_name(pt__encoding enc);
/* A byte order mark at the start of p: its length (0: none) and encoding. */
size_t pt__encoding_bom(const char *p, size_t len, pt__encoding *out);
/* UTF-16 or UTF-32 without a byte order mark, told from where the zero
 * bytes fall in a sample (text in them has zero bytes in every unit's high
 * part, text in UTF-8 none): the encoding, or PT__ENC_UNKNOWN. */
pt__encoding pt__encoding_sniff(const char *p, size_t len);
/* UTF-16 or UTF-32: read through a transcoder, not byte by byte. */
int pt__encoding_is_wide(pt__encoding enc);
/* The 0-based offset of the first byte of s[0..len) that `enc` cannot read,
 * or (size_t)-1 when every byte fits. For UTF-8 and single-byte encodings. */
size_t pt__encoding_check(pt__encoding enc, const char *s, size_t len);
/* Appends s[0..len) converted from `enc` to UTF-8 NFC. Bytes that do not fit
 * become U+FFFD (check first with pt__encoding_check). */
int pt__encoding_to_utf8(pt_db *db, pt__encoding enc, const char *s, size_t len, pt__buf *out);

/* A streaming UTF-16 to UTF-8 converter, and back (for the rejects file). */
typedef struct pt__transcoder pt__transcoder;
int pt__transcoder_open(pt__transcoder **out, pt__encoding from, pt__encoding to);
/* Converts in[0..len) (flush: the last piece) and appends to out. Returns
 * PT_EINVAL at bytes that do not fit, with *bad_offset their offset from the
 * first byte ever given. */
int pt__transcoder_run(pt__transcoder *t, const char *in, size_t len, int flush,
		       pt__buf *out, uint64_t *bad_offset);
void pt__transcoder_free(pt__transcoder *t);

/* ---- flat fields and mapping files (mapping.c) ---- */

/* What a flat field becomes in the canonical record. */
enum pt__field_type {
	PT__FT_TEXT, PT__FT_DATE, PT__FT_NUMBER, PT__FT_INTEGER, PT__FT_BOOL,
	PT__FT_LIST, PT__FT_CODE, PT__FT_SEX, PT__FT_NAME
};

typedef struct pt__field {
	const char *name;          /* "surname", "capture_date", "lat", ... */
	unsigned kinds;            /* 1 << pt__kind of the kinds it belongs to */
	enum pt__field_type type;
	const char *key;           /* the canonical record's key ("date" for capture_date) */
	int event;                 /* person events: index into pt__event_types, else -1 */
} pt__field;

#define PT__FIELD_KEEP   (-1)  /* no field: kept in the record's extra */
#define PT__FIELD_IGNORE (-2)  /* the mapping says to drop it */


/* The field called `name` for records of `kind`: its index, or -1. */
int pt__field_find(pt__kind kind, const char *name);
const pt__field *pt__field_get(int index);
/* The folded form of a header for recognising it: lower-case letters and
 * digits only ("Army No." -> "armyno"). Caller frees. */
char *pt__header_key(const char *header);
/* The field a header names without a mapping (canonical names and common
 * archival spellings), or -1. */
int pt__field_recognise(pt__kind kind, const char *header);
/* The i-th list of archival header spellings (space-separated, folded as
 * pt__header_key folds), the kinds (1 << pt__kind) and field it is for;
 * NULL past the last. For the tests that read each one. */
const char *pt__header_spellings(size_t i, unsigned *kinds, const char **field);

enum pt__name_order { PT__ORDER_AUTO, PT__ORDER_SURNAME_FIRST, PT__ORDER_GIVEN_FIRST };

/* How long one pattern may work on one value: ICU's time limit, in steps
 * of its match engine ("on the order of milliseconds" each): about a
 * second at most, where an ordinary pattern takes microseconds. */
#define PT__PATTERN_TIME_LIMIT 1000

/* One rule of a column: when `pattern` matches the value, its fields are
 * set from the templates ($0 the whole match, $1-$9 the groups). */
struct pt__rule {
	char *pattern;
	void *regex;               /* URegularExpression * */
	int *fields;
	char **templates;
	size_t count;
};

typedef struct pt__column_map {
	char *header;              /* as the mapping names it */
	char *header_key;          /* folded (pt__header_key) */
	int field;                 /* pt__field index, PT__FIELD_KEEP or _IGNORE */
	enum pt__name_order order; /* full_name */
	json_t *values;            /* value map {"British": "GB"}, or NULL */
	char *prefix;              /* put in front of the value ("gulagmap-") */
	char *split;               /* list fields: separator ("," ";") */
	int number;                /* kept columns: read "24 700" as a number */
	int rank;                  /* its place in the mapping: the first named wins */
	struct pt__rule *rules;
	size_t rule_count;
} pt__column_map;

typedef struct pt__mapping {
	char *path;
	char sha256[65];
	int has_kind;
	pt__kind kind;
	char delimiter;            /* 0: detect */
	pt__encoding encoding;     /* UNKNOWN: detect */
	long header_line;          /* 0: detect */
	int date_order;            /* PT_DATE_ORDER_*, -1: not said */
	int century;               /* 0: not said */
	int centuries[PT_DATE_ROLE_COUNT]; /* by what a date is of; 0: not said */
	pt__column_map *columns;
	size_t column_count;
	struct pt__strmap *by_header, *by_key; /* column index by header, by folded header */
	int *default_fields;
	char **default_values;
	size_t default_count;
} pt__mapping;

/* Reads a mapping file. On failure the message ("MAP.json: columns.X:
 * unknown field 'y'") is on the handle. */
int pt__mapping_load(pt_db *db, const char *path, pt__kind default_kind, pt__mapping **out);
/* The same from text in memory (tests, fuzzing); `name` for messages. */
int pt__mapping_parse(pt_db *db, const char *name, const char *text, size_t len,
		      pt__kind default_kind, pt__mapping **out);
void pt__mapping_free(pt__mapping *m);
/* The mapping's column for a header (exact, then folded), or NULL. */
const pt__column_map *pt__mapping_column(const pt__mapping *m, const char *header);

/* ---- the driver's per-import state (driver.c) ---- */

typedef struct pt__sheet {
	const pt_import_options *opts;
	pt__mapping *mapping;      /* NULL: none */
	pt__kind kind;             /* what CSV rows and JSON arrays hold */
	int flat;                  /* records are flat (CSV, or JSON through a mapping) */
	int date_order, century;   /* for archival dates */
	pt__encoding encoding;     /* declared (mapping or option), else UNKNOWN */
	struct pt__rejects *rejects; /* NULL: no rejects file */
	pt__input *input;          /* the file being read */
	struct pt__layout *json_layout; /* JSON through a mapping: the last record's */
	struct pt__strmap *listed;  /* the columns in the summary already (layout.c) */
	/* workbooks: the driver's hook when a sheet begins to be read (each
	 * sheet is an import batch of its own), and the counts when the
	 * current batch began (rows, inserted, updated, unchanged, rejected) */
	int (*sheet_begin)(pt__import *imp, const char *worksheet);
	long batch_base[5];
	int batch_has_sheet;       /* the current batch is a sheet's */
} pt__sheet;

/* ---- values in cells (cell.c) and whole names (full_name.c) ---- */

/* "24 700", "24,700", "51,446" (a decimal comma when `decimal_comma`):
 * PT_OK with *out, PT_EINVAL when the text is no number. */
int pt__cell_number(const char *text, int decimal_comma, double *out);
/* "British", "U.K.", "Brit." -> "GB"; two letters stay; else v itself
 * (buf, of `size` bytes, is scratch space). */
const char *pt__cell_country(const char *v, char *buf, size_t size);
/* "male", "M", "männlich" -> "M"; "F"; "U"; else v itself. */
const char *pt__cell_sex(const char *v);
/* yes/no, true/false, ja/nein, ...: PT_OK with *out, PT_EINVAL for another
 * word, PT_ENOMEM. */
int pt__cell_bool(const char *v, int *out);
/* "KELLY Frank", "Kelly, Frank", "Frank Kelly" -> surname, given names
 * (each NULL when empty; the caller frees both). */
int pt__full_name_split(const char *full, enum pt__name_order order, char **surname,
			char **given);

/* ---- flat rows loaded as records (import_flat.c) ---- */

/* How the columns of a file are read: one entry per column. */
typedef struct pt__layout {
	pt__kind kind;
	size_t count;
	char **headers;            /* as written (NFC UTF-8), "column N" when empty */
	int *fields;               /* pt__field index, PT__FIELD_KEEP, PT__FIELD_IGNORE */
	const pt__column_map **maps; /* the mapping's entry, or NULL */
	long surname_from_name;    /* a whole-name column read as surnames (beside one of
				      given names), or -1 */
	int has_rules;
} pt__layout;

/* Works out the layout of a header row: the mapping first, then canonical
 * names and archival spellings. Fills imp->summary->columns. A header that
 * two columns map onto the same single field is a problem. */
int pt__layout_build(pt__import *imp, pt__kind kind, char **headers, size_t count,
		     pt__layout **out);
void pt__layout_free(pt__layout *layout);
/* How many of the headers would be recognised (for finding the header row). */
size_t pt__layout_score(const pt__mapping *m, pt__kind kind, char **headers, size_t count);

/* Loads one row: cells[i] (UTF-8, NUL-ended, NULL or "" when empty)
 * belongs to column i; `normal`: the cells are NFC already. A person goes
 * to its loader straight; a record of another kind is made the canonical
 * JSON record and given to fn. Problems are recorded and the row counted
 * (an empty row not at all); returns PT_OK, PT_EINVAL when the row was
 * rejected, or a fatal code. */
int pt__flat_load(pt__import *imp, const pt__layout *layout, char **cells, size_t count,
		  long line, int normal, pt__record_fn fn);

/* The record function for JSON records read through a mapping: the flat
 * object's values as the cells of a row (pt__flat_load). */
int pt__flat_load_json(pt__import *imp, pt__kind kind, json_t *record, long line);

/* ---- the CSV reader (import_csv.c) ---- */

/* Reads CSV from `in` and calls fn per row, in file order. */
int pt__read_csv(pt__import *imp, pt__input *in, pt__record_fn fn);
/* The delimiter (, ; tab |) that splits the sample's lines most evenly. */
char pt__csv_detect_delimiter(const char *sample, size_t len);

/* Reads CSV text held in memory row by row, the header row included, as
 * the importer would (encoding found, lines joined inside quotes), and calls
 * fn with each row's cells in UTF-8. delimiter 0: detected. Problems are in
 * *problems (free it with pt_import_summary_free). For tests and fuzzing. */
typedef int (*pt__csv_row_fn)(void *ctx, long line, char **cells, size_t count);
int pt__csv_rows(pt_db *db, const char *name, const char *data, size_t len, char delimiter,
		 pt__csv_row_fn fn, void *ctx, pt_import_summary **problems);

/* ---- what a file is (sniff.c) ---- */

enum pt__content { PT__CONTENT_TEXT, PT__CONTENT_ZIP, PT__CONTENT_OLE2, PT__CONTENT_OTHER };
/* What the first bytes are: a zip archive, an OLE2 file (.xls), another
 * binary format, or text; *what names it ("a PDF document", "a web page
 * (HTML) ..."; static text). */
enum pt__content pt__sniff(const char *sample, size_t len, const char **what);
/* The format a file's name says (".xlsx" -> PT_FORMAT_XLSX); AUTO: none. */
pt_format pt__format_of_name(const char *name);
/* "CSV", "an Excel workbook (.xlsx)", ... (static text) */
const char *pt__format_label(pt_format format);
int pt__format_is_workbook(pt_format format);

/* ---- workbooks (import_workbook.c; the readers in workbook*.c) ---- */

/* Reads a workbook from `in` (whole: a zip needs its end first) and calls fn
 * per row of each sheet read, as pt__read_csv does per CSV row. `expected`:
 * the format the name or the caller says (AUTO: any workbook); a zip that
 * is another workbook than that, or no workbook, is refused naming what it
 * is. `path`: the file (for .xls), NULL for standard input. Problems are
 * positioned FILE:SHEET!ROW. */
int pt__read_workbook(pt__import *imp, pt__input *in, pt_format expected, const char *path,
		      pt__record_fn fn);

/* Reads a workbook held in memory row by row, every sheet or the one
 * `sheet` names, the header rows included, and calls fn with each row's
 * cells (as pt__csv_rows does). For tests and fuzzing; problems in
 * *problems (free with pt_import_summary_free). */
typedef int (*pt__sheet_row_fn)(void *ctx, const char *sheet, long row, char **cells,
				const unsigned char *kinds, size_t count);
int pt__workbook_rows(pt_db *db, const char *name, const char *data, size_t len,
		      const char *sheet, pt__sheet_row_fn fn, void *ctx,
		      pt_import_summary **problems);

/* ---- JSON Lines, streamed (import_json.c) ---- */

int pt__read_json_stream(pt__import *imp, pt__input *in, pt__kind kind, pt__record_fn fn);

/* ---- rejects (rejects.c) ---- */

typedef struct pt__rejects pt__rejects;
/* Opens the rejects file `path` for a CSV (header row given, raw, with its
 * line end) or JSON input, as a safe output (outfile.c) that must not be
 * the database, `input` (the file imported), the mapping or any of the
 * options' inputs. */
int pt__rejects_open(pt__import *imp, const char *path, const char *input, pt__rejects **out);
int pt__rejects_csv_header(pt__rejects *rj, const char *raw, size_t len, char delimiter,
			   pt__encoding enc);
/* Writes one rejected row: its raw bytes and the reasons. */
int pt__rejects_csv_row(pt__rejects *rj, const char *raw, size_t len, const char *reason);
int pt__rejects_json(pt__rejects *rj, long line, json_t *record, const char *raw, size_t len,
		     const char *reason);
/* Flushes what was written to the disk: PT_EIO (message on the handle)
 * when it could not be, e.g. on a full disk. */
int pt__rejects_flush(pt__rejects *rj);
/* keep: flushes and puts the file in place (PT_EIO when that fails); else
 * drops it, the old file (if any) staying as it was. Frees rj; accepts NULL. */
int pt__rejects_close(pt__rejects *rj, int keep);
/* A reader reading ahead (ahead.c) hands the rejects file's header on. */
int pt__ahead_rejects_header(pt__import *shadow, const char *raw, size_t len, char delimiter,
			     pt__encoding encoding);

#endif

/*
 * workbook.c - what the workbook readers share: reading a zip entry with
 * its size bounded, expat set up safely, the cells of a row, and the values
 * spreadsheets store (numbers, serial dates, number formats) as text.
 * (workbook_open.c opens a workbook and hands it to its reader.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "import/workbook.h"

static size_t max_entry_bytes = (size_t)1 << 30;

size_t pt__workbook_set_max_entry(size_t bytes)
{
	size_t old = max_entry_bytes;
	max_entry_bytes = bytes;
	return old;
}

zip_t *pt__wb_zip_open(const char *data, size_t len, int *zip_error)
{
	zip_error_t err;
	zip_source_t *src;
	zip_t *za;

	zip_error_init(&err);
	src = zip_source_buffer_create(data, len, 0, &err);
	if (!src) {
		*zip_error = zip_error_code_zip(&err);
		zip_error_fini(&err);
		return NULL;
	}
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	if (!za) {
		*zip_error = zip_error_code_zip(&err);
		zip_source_free(src);
	}
	zip_error_fini(&err);
	return za;
}

/* ---- zip entries ---------------------------------------------------------- */

int pt__wb_zip_has(pt__workbook *wb, const char *name)
{
	return wb->zip && zip_name_locate(wb->zip, name, ZIP_FL_NOCASE) >= 0;
}

int pt__wb_zip_read(pt__workbook *wb, const char *name, pt__wb_chunk_fn fn, void *ctx)
{
	zip_stat_t st;
	zip_file_t *f;
	char chunk[65536];
	size_t total = 0;
	zip_int64_t n;
	int rc = PT_OK;

	if (!wb->zip || zip_stat(wb->zip, name, ZIP_FL_NOCASE, &st))
		return PT_ENOTFOUND;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > max_entry_bytes)
		return pt__error(wb->db, PT_EINVAL, "%s would decompress to %llu bytes, more than "
				 "the %zu allowed (a damaged file or a zip bomb)", name,
				 (unsigned long long)st.size, max_entry_bytes);
	if (!(f = zip_fopen(wb->zip, name, ZIP_FL_NOCASE)))
		return pt__error(wb->db, PT_EINVAL, "cannot read %s: %s", name,
				 zip_strerror(wb->zip));
	for (;;) {
		n = zip_fread(f, chunk, sizeof chunk);
		if (n < 0) {
			rc = pt__error(wb->db, PT_EINVAL, "cannot read %s: %s (the file is damaged "
				       "or cut short)", name, zip_file_strerror(f));
			break;
		}
		total += (size_t)n;
		if (total > max_entry_bytes) {
			/* the stated size lied: stop before the rest comes out */
			rc = pt__error(wb->db, PT_EINVAL, "%s decompresses to more than the %zu bytes "
				       "allowed (a damaged file or a zip bomb)", name, max_entry_bytes);
			break;
		}
		if ((rc = fn(ctx, chunk, (size_t)n, n == 0)) || n == 0)
			break;
	}
	zip_fclose(f);
	return rc;
}

/* ---- expat -------------------------------------------------------------------- */

/* the parser being fed on this thread, for the DOCTYPE handler to stop */
static _Thread_local XML_Parser current_parser;

static void XMLCALL refuse_doctype(void *user, const XML_Char *name, const XML_Char *sysid,
				   const XML_Char *pubid, int has_internal_subset)
{
	(void)user; (void)name; (void)sysid; (void)pubid; (void)has_internal_subset;
	/* no part of a workbook has a DTD: one that does is not to be trusted
	 * (entity expansion) */
	if (current_parser)
		XML_StopParser(current_parser, XML_FALSE);
}

struct XML_ParserStruct *pt__wb_xml_parser(void *user_data)
{
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	if (!p)
		return NULL;
	XML_SetUserData(p, user_data);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetStartDoctypeDeclHandler(p, refuse_doctype);
	return p;
}

const char *pt__wb_local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

const char *pt__wb_attr(const char **attrs, const char *local)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (!strcmp(pt__wb_local(attrs[i]), local))
			return attrs[i + 1];
	return NULL;
}

struct parse {
	XML_Parser p;
	const int *handler_rc;
};

#define PARSE_SUSPENDED 1 /* a handler has read what it wanted */

static int parse_chunk(void *ctx, const char *data, size_t len, int last)
{
	struct parse *ps = ctx;
	enum XML_Status status;
	current_parser = ps->p;
	status = XML_Parse(ps->p, data, (int)len, last);
	if (status == XML_STATUS_ERROR)
		return PT_EINVAL;
	return status == XML_STATUS_SUSPENDED ? PARSE_SUSPENDED : PT_OK;
}

int pt__wb_zip_parse(pt__workbook *wb, const char *name, struct XML_ParserStruct *p,
		     const int *handler_rc)
{
	struct parse ps = { p, handler_rc };
	int rc = pt__wb_zip_read(wb, name, parse_chunk, &ps);

	current_parser = NULL;
	if (rc == PARSE_SUSPENDED)
		return PT_OK;
	if (rc != PT_EINVAL || XML_GetErrorCode(p) == XML_ERROR_NONE)
		return rc; /* read or done, or the zip's own error */
	if (XML_GetErrorCode(p) == XML_ERROR_ABORTED) {
		/* a handler stopped it: its code and message, or a DTD */
		if (*handler_rc)
			return *handler_rc;
		return pt__error(wb->db, PT_EINVAL, "%s line %lu: a DTD, which no workbook has",
				 name, (unsigned long)XML_GetCurrentLineNumber(p));
	}
	return pt__error(wb->db, PT_EINVAL, "%s line %lu: malformed XML: %s", name,
			 (unsigned long)XML_GetCurrentLineNumber(p),
			 XML_ErrorString(XML_GetErrorCode(p)));
}

/* ---- the cells of a row ------------------------------------------------------ */

static int is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

int pt__wb_cells_set(pt__wb_cells *c, size_t column, const char *text, size_t len,
		     pt__cell_kind kind)
{
	if (column >= PT__WB_MAX_COLUMNS)
		return PT_EINVAL;
	if (column >= c->cap) {
		size_t cap = c->cap ? c->cap : 16;
		size_t *offset;
		unsigned char *kinds;
		while (cap <= column)
			cap *= 2;
		if (!(offset = realloc(c->offset, cap * sizeof *offset)))
			return PT_ENOMEM;
		c->offset = offset;
		if (!(kinds = realloc(c->kind, cap)))
			return PT_ENOMEM;
		c->kind = kinds;
		for (size_t i = c->cap; i < cap; i++) {
			c->offset[i] = (size_t)-1;
			c->kind[i] = PT__CELL_EMPTY;
		}
		c->cap = cap;
	}
	if (!len && kind == PT__CELL_TEXT)
		return PT_OK;
	c->offset[column] = c->text.len;
	c->kind[column] = (unsigned char)kind;
	if (pt__buf_add(&c->text, text, len) || pt__buf_add(&c->text, "", 1))
		return PT_ENOMEM;
	if (column + 1 > c->count)
		c->count = column + 1;
	return PT_OK;
}

int pt__wb_cells_row(pt__wb_cells *c, long number, pt__wb_row *row)
{
	static char empty[1];
	char **cells;

	if (c->count && !(cells = realloc(c->cells, c->count * sizeof *cells)))
		return PT_ENOMEM;
	if (c->count)
		c->cells = cells;
	for (size_t i = 0; i < c->count; i++)
		c->cells[i] = c->offset[i] == (size_t)-1 ? empty : c->text.data + c->offset[i];
	row->row = number;
	row->count = c->count;
	row->cells = c->cells;
	row->kinds = c->kind;
	return PT_OK;
}

void pt__wb_cells_reset(pt__wb_cells *c)
{
	for (size_t i = 0; i < c->count; i++) {
		c->offset[i] = (size_t)-1;
		c->kind[i] = PT__CELL_EMPTY;
	}
	c->count = 0;
	pt__buf_reset(&c->text);
}

void pt__wb_cells_release(pt__wb_cells *c)
{
	pt__buf_release(&c->text);
	free(c->offset);
	free(c->kind);
	free(c->cells);
	memset(c, 0, sizeof *c);
}

int pt__wb_cells_text(pt__wb_cells *c, pt_db *db, size_t column, const char *s, size_t len)
{
	char *copy, *normal;
	int rc;
	if (is_ascii(s, len))
		return pt__wb_cells_set(c, column, s, len, PT__CELL_TEXT);
	if (!(copy = malloc(len + 1)))
		return PT_ENOMEM;
	memcpy(copy, s, len);
	copy[len] = '\0';
	normal = pt__nfc(db, copy);
	free(copy);
	if (!normal)
		return PT_ENOMEM;
	rc = pt__wb_cells_set(c, column, normal, strlen(normal), PT__CELL_TEXT);
	free(normal);
	return rc;
}

/* ---- values ---------------------------------------------------------------- */

void pt__wb_number_text(double v, char *buf, size_t size)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "%s", isnan(v) ? "NaN" : v < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e17) {
		snprintf(buf, size, "%.0f", v);
		if (!strcmp(buf, "-0"))
			snprintf(buf, size, "0");
		return;
	}
	snprintf(buf, size, "%.15g", v);
	if (strchr(buf, 'e') && fabs(v) >= 1e-6) {
		/* 1.5e-05 and the like: written out */
		snprintf(buf, size, "%.*f", 15, v);
		for (size_t n = strlen(buf); n > 1 && buf[n - 1] == '0'; n--)
			buf[n - 1] = '\0';
	}
}

/* The civil date of a day count from 1970-01-01 (H. Hinnant's algorithm). */
static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doy = z - era * 146097;                              /* day of era */
	yoe = (doy - doy / 1460 + doy / 36524 - doy / 146096) / 365;
	*y = yoe + era * 400;
	doy = doy - (365 * yoe + yoe / 4 - yoe / 100);       /* day of year */
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y += *m <= 2;
}

int pt__wb_serial_date(double serial, int system_1904, char *buf, size_t size)
{
	long long days, y;
	unsigned m, d;

	/* day 1 of the 1900 system is 1900-01-01, day 0 of the 1904 system
	 * 1904-01-01; 2958465 is 9999-12-31 */
	if (!isfinite(serial) || serial < (system_1904 ? 0 : 1) || serial > 2958465.0)
		return 0;
	days = (long long)floor(serial);
	if (system_1904) {
		days += -24107; /* 1904-01-01 is day -24107 from 1970 */
	} else if (days == 60) {
		/* Lotus 1-2-3 took 1900 for a leap year, and Excel keeps its 29
		 * February: a day that does not exist */
		snprintf(buf, size, "1900-02-29");
		return 1;
	} else {
		/* day 1 is 1900-01-01; after the false 29 February, one less */
		days += days < 60 ? -25568 : -25569;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04lld-%02u-%02u", y, m, d);
	return 1;
}

int pt__wb_builtin_format_kind(long id)
{
	if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
		return 1;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
		return 2;
	return 0;
}

int pt__wb_format_kind(const char *code)
{
	int date = 0, time = 0;
	/* the first section only (positive numbers), outside quotes, brackets
	 * and escapes */
	for (const char *p = code; *p && *p != ';'; p++) {
		char c = *p;
		if (c == '"') {
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
			continue;
		}
		if (c == '\\' || c == '_' || c == '*') {
			if (p[1])
				p++;
			continue;
		}
		if (c == '[') {
			/* [h] [mm] [ss]: elapsed time, a duration; [$-409], [Red]: not parts */
			if ((p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 'M' || p[1] == 's' ||
			     p[1] == 'S'))
				return 0;
			while (p[1] && p[1] != ']')
				p++;
			if (p[1])
				p++;
			continue;
		}
		if (c == 'G' || c == 'g') { /* "General" */
			while (p[1] && ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z')))
				p++;
			continue;
		}
		/* m is a month or a minute: the y, d, h or s beside it decide */
		if (c == 'y' || c == 'Y' || c == 'd' || c == 'D')
			date = 1;
		else if (c == 'h' || c == 'H' || c == 's' || c == 'S')
			time = 1;
	}
	if (date)
		return 1;
	if (time)
		return 2;
	/* "mmm" / "mmmm" alone (a month name) is a date */
	if (strstr(code, "mmm") || strstr(code, "MMM"))
		return 1;
	return 0;
}

/*
 * workbook_ods.c - OpenDocument spreadsheets (.ods): every sheet is a
 * table:table of content.xml, streamed through expat. A cell's value comes
 * from its office:value-type (float, percentage, currency, date, time,
 * boolean, string) and attributes, its text from its paragraphs (spaces,
 * tabs and line breaks as written, annotations left out). Repeated rows and
 * columns (LibreOffice writes a sheet's empty tail as one row repeated a
 * million times) are counted, not spelled out, unless they hold values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "import/workbook.h"

/* ---- the sheets' names --------------------------------------------------------- */

struct names {
	pt__workbook *wb;
	int depth;                 /* of table:table elements */
	int rc;
};

static void XMLCALL names_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct names *n = ud;
	pt__workbook *wb = n->wb;
	char **grown, *sheet;
	const char *title;
	if (n->rc || strcmp(pt__wb_local(name), "table"))
		return;
	if (n->depth++ || wb->sheet_count >= 10000)
		return; /* a table inside a cell is no sheet */
	title = pt__wb_attr(attrs, "name");
	if (!(grown = realloc(wb->sheet_names, (wb->sheet_count + 1) * sizeof *grown))) {
		n->rc = PT_ENOMEM;
		return;
	}
	wb->sheet_names = grown;
	if (title) {
		sheet = pt__strdup(title);
	} else {
		pt__buf b = PT__BUF_INIT;
		pt__buf_printf(&b, "Sheet%zu", wb->sheet_count + 1);
		sheet = pt__buf_detach(&b);
	}
	if (!sheet) {
		n->rc = PT_ENOMEM;
		return;
	}
	grown[wb->sheet_count++] = sheet;
}

static void XMLCALL names_end(void *ud, const XML_Char *name)
{
	struct names *n = ud;
	if (!strcmp(pt__wb_local(name), "table") && n->depth > 0)
		n->depth--;
}

int pt__ods_open(pt__workbook *wb)
{
	struct names n = { wb, 0, PT_OK };
	XML_Parser p = pt__wb_xml_parser(&n);
	int rc;
	if (!p)
		return pt__error(wb->db, PT_ENOMEM, "out of memory");
	XML_SetElementHandler(p, names_start, names_end);
	rc = pt__wb_zip_parse(wb, "content.xml", p, &n.rc);
	XML_ParserFree(p);
	if (rc == PT_ENOTFOUND)
		return pt__error(wb->db, PT_EINVAL, "content.xml is missing");
	if (rc == PT_OK && n.rc)
		rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
	return rc;
}

/* ---- a sheet, row by row ---------------------------------------------------- */

struct fill {                  /* a cell merged over the rows under it */
	char *value;
	unsigned char kind;
	long until;                /* the last row it covers */
};

struct sheet {
	pt__workbook *wb;
	pt__wb_row_fn fn;
	void *ctx;
	XML_Parser p;
	size_t target;             /* the sheet to read */
	long table;                /* tables seen so far (-1: none) */
	int depth;                 /* of tables */
	int in_target;
	long row;                  /* the current row's number */
	long row_repeat;
	size_t column;
	pt__wb_cells cells;
	/* the current cell */
	int in_cell;
	long col_repeat, row_span;
	char value_type[16];
	char *value;               /* office:value, date-value, ... */
	pt__buf text;
	int paragraphs, in_annotation;
	unsigned long long cells_left; /* cells this sheet may still give (repeats add up) */
	struct fill *fills;        /* per column */
	size_t fill_cap;
	long bad_row;
	int rc;
};

static void stop(struct sheet *sh, int rc)
{
	if (!sh->rc) {
		sh->rc = rc;
		sh->bad_row = sh->row;
	}
	XML_StopParser(sh->p, XML_FALSE);
}

static long attr_count(const char **attrs, const char *local, long max)
{
	const char *v = pt__wb_attr(attrs, local);
	long n = v ? strtol(v, NULL, 10) : 1;
	return n < 1 ? 1 : n > max ? max : n;
}

static int add_text(struct sheet *sh, const char *s, size_t len)
{
	if (pt__buf_add(&sh->text, s, len)) {
		stop(sh, sh->text.len + len > PT__WB_MAX_CELL
			 ? pt__error(sh->wb->db, PT_EINVAL, "a cell is longer than %u bytes",
				     PT__WB_MAX_CELL)
			 : pt__error(sh->wb->db, PT_ENOMEM, "out of memory"));
		return -1;
	}
	return 0;
}

static int remember_fill(struct sheet *sh, size_t column, const char *text, size_t len,
			 unsigned char kind)
{
	if (column >= sh->fill_cap) {
		size_t cap = sh->fill_cap ? sh->fill_cap : 16;
		struct fill *grown;
		while (cap <= column)
			cap *= 2;
		if (!(grown = realloc(sh->fills, cap * sizeof *grown)))
			return PT_ENOMEM;
		memset(grown + sh->fill_cap, 0, (cap - sh->fill_cap) * sizeof *grown);
		sh->fills = grown;
		sh->fill_cap = cap;
	}
	free(sh->fills[column].value);
	if (!(sh->fills[column].value = malloc(len + 1)))
		return PT_ENOMEM;
	memcpy(sh->fills[column].value, text, len);
	sh->fills[column].value[len] = '\0';
	sh->fills[column].kind = kind;
	sh->fills[column].until = sh->row + sh->row_span - 1;
	return PT_OK;
}

static void cell_end(struct sheet *sh)
{
	pt__workbook *wb = sh->wb;
	const char *type = sh->value_type, *v = sh->value;
	char number[64];
	const char *text = pt__buf_str(&sh->text);
	size_t len = sh->text.len;
	pt__cell_kind kind = PT__CELL_TEXT;
	int rc = PT_OK;

	if ((!strcmp(type, "float") || !strcmp(type, "percentage") || !strcmp(type, "currency")) && v) {
		char *end;
		double d = strtod(v, &end);
		if (end != v && !*end) {
			pt__wb_number_text(d, number, sizeof number);
			text = number;
			len = strlen(number);
			kind = PT__CELL_NUMBER;
		}
	} else if (!strcmp(type, "date") && v) {
		/* "1945-04-12" or "1945-04-12T10:30:00": the date */
		const char *t = strchr(v, 'T');
		text = v;
		len = t ? (size_t)(t - v) : strlen(v);
		kind = PT__CELL_DATE;
	} else if (!strcmp(type, "boolean") && v) {
		text = !strcmp(v, "true") || !strcmp(v, "1") ? "true" : "false";
		len = strlen(text);
		kind = PT__CELL_BOOL;
	} else if (!strcmp(type, "time")) {
		kind = PT__CELL_TIME; /* as displayed */
	}
	if (!len) {
		/* an empty cell, perhaps repeated across the rest of the row */
		sh->column += (size_t)sh->col_repeat;
		if (sh->column > PT__WB_MAX_COLUMNS)
			sh->column = PT__WB_MAX_COLUMNS;
		return;
	}
	for (long k = 0; k < sh->col_repeat && rc == PT_OK; k++) {
		if (sh->column >= PT__WB_MAX_COLUMNS) {
			stop(sh, pt__error(wb->db, PT_EINVAL, "more than %d columns", PT__WB_MAX_COLUMNS));
			return;
		}
		rc = kind == PT__CELL_TEXT || kind == PT__CELL_TIME
			? pt__wb_cells_text(&sh->cells, wb->db, sh->column, text, len)
			: pt__wb_cells_set(&sh->cells, sh->column, text, len, kind);
		if (rc == PT_OK)
			sh->cells.kind[sh->column] = (unsigned char)kind;
		if (rc == PT_OK && sh->row_span > 1)
			rc = remember_fill(sh, sh->column, text, len, (unsigned char)kind);
		sh->column++;
	}
	if (rc)
		stop(sh, pt__error(wb->db, PT_ENOMEM, "out of memory"));
}

static void row_end(struct sheet *sh)
{
	pt__wb_row row;
	int rc;

	/* the cells a merged cell above covers */
	for (size_t c = 0; c < sh->fill_cap; c++) {
		struct fill *f = &sh->fills[c];
		if (!f->value || f->until < sh->row)
			continue;
		if ((c >= sh->cells.count || sh->cells.offset[c] == (size_t)-1) &&
		    pt__wb_cells_set(&sh->cells, c, f->value, strlen(f->value), f->kind)) {
			stop(sh, pt__error(sh->wb->db, PT_ENOMEM, "out of memory"));
			return;
		}
	}
	if (!sh->cells.count) {
		sh->row += sh->row_repeat;
		return;
	}
	if ((rc = pt__wb_cells_row(&sh->cells, sh->row, &row))) {
		stop(sh, pt__error(sh->wb->db, rc, "out of memory"));
		return;
	}
	/* a row with values repeated: each copy is a row of the sheet; what a
	 * few bytes of repeats can ask for is bounded */
	if ((unsigned long long)sh->cells.count * (unsigned long long)sh->row_repeat > sh->cells_left) {
		stop(sh, pt__error(sh->wb->db, PT_EINVAL, "more than %llu cells in one sheet",
				   (unsigned long long)PT__WB_MAX_CELLS));
		return;
	}
	sh->cells_left -= (unsigned long long)sh->cells.count * (unsigned long long)sh->row_repeat;
	for (long k = 0; k < sh->row_repeat; k++) {
		if (sh->row > PT__WB_MAX_ROWS) {
			stop(sh, pt__error(sh->wb->db, PT_EINVAL, "more than %d rows", PT__WB_MAX_ROWS));
			return;
		}
		row.row = sh->row++;
		if ((rc = sh->fn(sh->ctx, &row))) {
			stop(sh, rc);
			return;
		}
	}
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct sheet *sh = ud;
	const char *local = pt__wb_local(name);

	if (sh->rc)
		return;
	if (!strcmp(local, "table")) {
		if (sh->depth++ == 0) {
			sh->table++;
			sh->in_target = (size_t)sh->table == sh->target;
		}
		return;
	}
	if (!sh->in_target || sh->depth != 1)
		return;
	if (!strcmp(local, "table-row")) {
		sh->row_repeat = attr_count(attrs, "number-rows-repeated", PT__WB_MAX_ROWS);
		sh->column = 0;
		pt__wb_cells_reset(&sh->cells);
	} else if (!strcmp(local, "table-cell") || !strcmp(local, "covered-table-cell")) {
		const char *type = pt__wb_attr(attrs, "value-type"), *v;
		sh->in_cell = 1;
		sh->col_repeat = attr_count(attrs, "number-columns-repeated", PT__WB_MAX_COLUMNS);
		sh->row_span = attr_count(attrs, "number-rows-spanned", PT__WB_MAX_ROWS);
		snprintf(sh->value_type, sizeof sh->value_type, "%s", type ? type : "");
		v = pt__wb_attr(attrs, !strcmp(sh->value_type, "date") ? "date-value"
				: !strcmp(sh->value_type, "boolean") ? "boolean-value"
				: !strcmp(sh->value_type, "time") ? "time-value" : "value");
		free(sh->value);
		sh->value = v ? pt__strdup(v) : NULL;
		if (v && !sh->value) {
			stop(sh, pt__error(sh->wb->db, PT_ENOMEM, "out of memory"));
			return;
		}
		pt__buf_reset(&sh->text);
		sh->paragraphs = 0;
	} else if (sh->in_cell && !strcmp(local, "annotation")) {
		sh->in_annotation++;
	} else if (sh->in_cell && !sh->in_annotation) {
		if (!strcmp(local, "p") || !strcmp(local, "h")) {
			if (sh->paragraphs++)
				add_text(sh, "\n", 1);
		} else if (!strcmp(local, "s")) {
			for (long k = attr_count(attrs, "c", 1000); k > 0; k--)
				if (add_text(sh, " ", 1))
					return;
		} else if (!strcmp(local, "tab")) {
			add_text(sh, "\t", 1);
		} else if (!strcmp(local, "line-break")) {
			add_text(sh, "\n", 1);
		}
	}
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct sheet *sh = ud;
	const char *local = pt__wb_local(name);

	if (sh->rc)
		return;
	if (!strcmp(local, "table")) {
		if (sh->depth > 0 && --sh->depth == 0 && sh->in_target) {
			sh->in_target = 0;
			XML_StopParser(sh->p, XML_TRUE); /* the sheet is read: the rest can wait */
		}
		return;
	}
	if (!sh->in_target || sh->depth != 1)
		return;
	if (!strcmp(local, "annotation") && sh->in_annotation) {
		sh->in_annotation--;
	} else if ((!strcmp(local, "table-cell") || !strcmp(local, "covered-table-cell")) &&
		   sh->in_cell) {
		sh->in_cell = 0;
		cell_end(sh);
	} else if (!strcmp(local, "table-row")) {
		row_end(sh);
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *text, int len)
{
	struct sheet *sh = ud;
	if (sh->rc || !sh->in_target || !sh->in_cell || sh->in_annotation || !sh->paragraphs)
		return;
	add_text(sh, text, (size_t)len);
}

int pt__ods_read(pt__workbook *wb, size_t index, pt__wb_row_fn fn, void *ctx, long *bad_row)
{
	struct sheet sh;
	int rc;

	memset(&sh, 0, sizeof sh);
	sh.wb = wb;
	sh.fn = fn;
	sh.ctx = ctx;
	sh.target = index;
	sh.table = -1;
	sh.row = 1;
	sh.cells_left = PT__WB_MAX_CELLS;
	sh.text.max = PT__WB_MAX_CELL;
	sh.cells.text.max = (size_t)PT__WB_MAX_CELL * 4;
	if (!(sh.p = pt__wb_xml_parser(&sh)))
		return pt__error(wb->db, PT_ENOMEM, "out of memory");
	XML_SetElementHandler(sh.p, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(sh.p, sheet_text);
	rc = pt__wb_zip_parse(wb, "content.xml", sh.p, &sh.rc);
	*bad_row = rc ? (sh.bad_row ? sh.bad_row : sh.row) : 0;
	XML_ParserFree(sh.p);
	for (size_t c = 0; c < sh.fill_cap; c++)
		free(sh.fills[c].value);
	free(sh.fills);
	free(sh.value);
	pt__buf_release(&sh.text);
	pt__wb_cells_release(&sh.cells);
	return rc;
}

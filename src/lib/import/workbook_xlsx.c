/*
 * workbook_xlsx.c - Office Open XML workbooks (.xlsx, .xlsm): the workbook
 * part and its relationships give the sheets in tab order, the shared
 * strings and the cell styles (which say whether a number is a date); each
 * sheet's XML is streamed through expat row by row. Merged ranges, listed
 * after the cells, are found by a quick scan of the sheet's bytes first.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "import/workbook.h"

#define MAX_MERGES 1000000

/* ---- part names ------------------------------------------------------------ */

/* "worksheets/sheet1.xml" against the folder "xl/" -> "xl/worksheets/sheet1.xml";
 * "/xl/x.xml" -> "xl/x.xml"; "../x.xml" leaves the folder. Caller frees. */
static char *resolve_target(const char *dir, const char *target)
{
	pt__buf b = PT__BUF_INIT;
	if (target[0] == '/') {
		pt__buf_puts(&b, target + 1);
	} else {
		size_t keep = strlen(dir);
		while (!strncmp(target, "../", 3)) {
			/* drop the last folder of dir ("xl/" -> "") */
			if (keep)
				keep--;
			while (keep && dir[keep - 1] != '/')
				keep--;
			target += 3;
		}
		pt__buf_add(&b, dir, keep);
		pt__buf_puts(&b, target);
	}
	if (pt__buf_add(&b, "", 0)) {
		pt__buf_release(&b);
		return NULL;
	}
	return pt__buf_detach(&b);
}

/* ---- relationships ----------------------------------------------------------- */

struct rel { char *id, *type, *target; };

struct rels {
	struct rel *items;
	size_t count;
	int rc;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct rels *r = ud;
	const char *id, *type, *target;
	struct rel *grown;
	if (r->rc || strcmp(pt__wb_local(name), "Relationship"))
		return;
	id = pt__wb_attr(attrs, "Id");
	type = pt__wb_attr(attrs, "Type");
	target = pt__wb_attr(attrs, "Target");
	if (!id || !type || !target || r->count >= 100000)
		return;
	if (!(grown = realloc(r->items, (r->count + 1) * sizeof *grown))) {
		r->rc = PT_ENOMEM;
		return;
	}
	r->items = grown;
	grown[r->count].id = pt__strdup(id);
	grown[r->count].type = pt__strdup(type);
	grown[r->count].target = pt__strdup(target);
	r->count++;
	if (!grown[r->count - 1].id || !grown[r->count - 1].type || !grown[r->count - 1].target)
		r->rc = PT_ENOMEM;
}

static void rels_free(struct rels *r)
{
	for (size_t i = 0; i < r->count; i++) {
		free(r->items[i].id);
		free(r->items[i].type);
		free(r->items[i].target);
	}
	free(r->items);
	memset(r, 0, sizeof *r);
}

/* Reads a relationships part; a missing one is empty. */
static int read_rels(pt__workbook *wb, const char *part, struct rels *r)
{
	XML_Parser p = pt__wb_xml_parser(r);
	int rc;
	memset(r, 0, sizeof *r);
	if (!p)
		return pt__error(wb->db, PT_ENOMEM, "out of memory");
	XML_SetStartElementHandler(p, rels_start);
	rc = pt__wb_zip_parse(wb, part, p, &r->rc);
	XML_ParserFree(p);
	if (rc == PT_ENOTFOUND)
		rc = PT_OK;
	if (rc == PT_OK && r->rc == PT_ENOMEM)
		rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
	return rc;
}

/* The target of the first relationship whose type ends in "/suffix". */
static const struct rel *rel_of_type(const struct rels *r, const char *suffix)
{
	size_t n = strlen(suffix);
	for (size_t i = 0; i < r->count; i++) {
		size_t t = strlen(r->items[i].type);
		if (t > n && r->items[i].type[t - n - 1] == '/' && !strcmp(r->items[i].type + t - n, suffix))
			return &r->items[i];
	}
	return NULL;
}

/* ---- the workbook part: sheets and the date system --------------------------- */

struct sheet_ref { char *name, *rid; };

struct book {
	struct sheet_ref *sheets;
	size_t count;
	int date1904;
	int rc;
};

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct book *b = ud;
	const char *local = pt__wb_local(name);
	if (b->rc)
		return;
	if (!strcmp(local, "workbookPr")) {
		const char *v = pt__wb_attr(attrs, "date1904");
		b->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(local, "sheet")) {
		const char *sheet_name = pt__wb_attr(attrs, "name"), *rid = NULL;
		struct sheet_ref *grown;
		/* r:id is in the relationships namespace */
		for (size_t i = 0; attrs[i]; i += 2)
			if (!strcmp(pt__wb_local(attrs[i]), "id") && strchr(attrs[i], '|'))
				rid = attrs[i + 1];
		if (!sheet_name || !rid || b->count >= 10000)
			return;
		if (!(grown = realloc(b->sheets, (b->count + 1) * sizeof *grown))) {
			b->rc = PT_ENOMEM;
			return;
		}
		b->sheets = grown;
		grown[b->count].name = pt__strdup(sheet_name);
		grown[b->count].rid = pt__strdup(rid);
		b->count++;
		if (!grown[b->count - 1].name || !grown[b->count - 1].rid)
			b->rc = PT_ENOMEM;
	}
}

/* ---- shared strings ---------------------------------------------------------- */

struct sst {
	pt__workbook *wb;
	int in_si, in_t, in_rph;
	pt__buf text;
	size_t cap;
	int rc;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct sst *s = ud;
	const char *local = pt__wb_local(name);
	(void)attrs;
	if (!strcmp(local, "si")) {
		s->in_si = 1;
		pt__buf_reset(&s->text);
	} else if (!strcmp(local, "rPh")) {
		s->in_rph = 1; /* phonetic reading of East Asian text: not the text */
	} else if (!strcmp(local, "t") && s->in_si && !s->in_rph) {
		s->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct sst *s = ud;
	pt__workbook *wb = s->wb;
	const char *local = pt__wb_local(name);
	if (!strcmp(local, "t")) {
		s->in_t = 0;
	} else if (!strcmp(local, "rPh")) {
		s->in_rph = 0;
	} else if (!strcmp(local, "si") && s->in_si && !s->rc) {
		pt__wb_cells tmp = { PT__BUF_INIT, NULL, NULL, 0, 0, NULL };
		s->in_si = 0;
		if (wb->string_count == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 256;
			char **grown = realloc(wb->strings, cap * sizeof *grown);
			if (!grown) {
				s->rc = PT_ENOMEM;
				return;
			}
			wb->strings = grown;
			s->cap = cap;
		}
		/* NFC through the cells helper, then keep the text */
		if (pt__wb_cells_text(&tmp, wb->db, 0, pt__buf_str(&s->text), s->text.len)) {
			pt__wb_cells_release(&tmp);
			s->rc = PT_ENOMEM;
			return;
		}
		wb->strings[wb->string_count] = pt__strdup(tmp.count ? tmp.text.data : "");
		pt__wb_cells_release(&tmp);
		if (!wb->strings[wb->string_count]) {
			s->rc = PT_ENOMEM;
			return;
		}
		wb->string_count++;
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *text, int len)
{
	struct sst *s = ud;
	if (s->in_t && !s->rc && pt__buf_add(&s->text, text, (size_t)len))
		s->rc = s->text.len + (size_t)len > PT__WB_MAX_CELL ? PT_EINVAL : PT_ENOMEM;
}

static int read_strings(pt__workbook *wb, const char *part)
{
	struct sst s = { wb, 0, 0, 0, PT__BUF_INIT, 0, PT_OK };
	XML_Parser p = pt__wb_xml_parser(&s);
	int rc;
	if (!p)
		return pt__error(wb->db, PT_ENOMEM, "out of memory");
	s.text.max = PT__WB_MAX_CELL;
	XML_SetElementHandler(p, sst_start, sst_end);
	XML_SetCharacterDataHandler(p, sst_text);
	rc = pt__wb_zip_parse(wb, part, p, &s.rc);
	XML_ParserFree(p);
	pt__buf_release(&s.text);
	if (rc == PT_ENOTFOUND)
		rc = PT_OK; /* a workbook without text */
	if (rc == PT_ENOMEM || s.rc == PT_ENOMEM)
		return pt__error(wb->db, PT_ENOMEM, "out of memory");
	if (rc == PT_OK && s.rc == PT_EINVAL)
		return pt__error(wb->db, PT_EINVAL, "%s: shared string %zu is longer than %u bytes",
				 part, wb->string_count + 1, PT__WB_MAX_CELL);
	return rc;
}

/* ---- styles: which cell formats are dates ------------------------------------ */

struct styles {
	pt__workbook *wb;
	long *fmt_ids;             /* numFmtId -> kind, for custom formats */
	unsigned char *fmt_kinds;
	size_t fmt_count;
	int in_xfs;
	size_t xf_cap;
	int rc;
};

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct styles *st = ud;
	const char *local = pt__wb_local(name);
	if (st->rc)
		return;
	if (!strcmp(local, "numFmt")) {
		const char *id = pt__wb_attr(attrs, "numFmtId"), *code = pt__wb_attr(attrs, "formatCode");
		long *ids;
		unsigned char *kinds;
		if (!id || !code || st->fmt_count >= 100000)
			return;
		ids = realloc(st->fmt_ids, (st->fmt_count + 1) * sizeof *ids);
		if (ids)
			st->fmt_ids = ids;
		kinds = ids ? realloc(st->fmt_kinds, st->fmt_count + 1) : NULL;
		if (!kinds) {
			st->rc = PT_ENOMEM;
			return;
		}
		st->fmt_kinds = kinds;
		st->fmt_ids[st->fmt_count] = strtol(id, NULL, 10);
		st->fmt_kinds[st->fmt_count++] = (unsigned char)pt__wb_format_kind(code);
	} else if (!strcmp(local, "cellXfs")) {
		st->in_xfs = 1;
	} else if (!strcmp(local, "xf") && st->in_xfs) {
		pt__workbook *wb = st->wb;
		const char *id = pt__wb_attr(attrs, "numFmtId");
		long fmt = id ? strtol(id, NULL, 10) : 0;
		int kind = pt__wb_builtin_format_kind(fmt);
		if (wb->xf_count >= 1000000)
			return;
		for (size_t i = 0; i < st->fmt_count; i++)
			if (st->fmt_ids[i] == fmt)
				kind = st->fmt_kinds[i];
		if (wb->xf_count == st->xf_cap) {
			size_t cap = st->xf_cap ? st->xf_cap * 2 : 64;
			unsigned char *grown = realloc(wb->xf_kind, cap);
			if (!grown) {
				st->rc = PT_ENOMEM;
				return;
			}
			wb->xf_kind = grown;
			st->xf_cap = cap;
		}
		wb->xf_kind[wb->xf_count++] = (unsigned char)kind;
	}
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
	struct styles *st = ud;
	if (!strcmp(pt__wb_local(name), "cellXfs"))
		st->in_xfs = 0;
}

static int read_styles(pt__workbook *wb, const char *part)
{
	struct styles st = { wb, NULL, NULL, 0, 0, 0, PT_OK };
	XML_Parser p = pt__wb_xml_parser(&st);
	int rc;
	if (!p)
		return pt__error(wb->db, PT_ENOMEM, "out of memory");
	XML_SetElementHandler(p, styles_start, styles_end);
	rc = pt__wb_zip_parse(wb, part, p, &st.rc);
	XML_ParserFree(p);
	free(st.fmt_ids);
	free(st.fmt_kinds);
	if (rc == PT_ENOTFOUND)
		rc = PT_OK; /* no styles: every number is a number */
	if (rc == PT_OK && st.rc)
		rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
	return rc;
}

/* ---- opening -------------------------------------------------------------- */

int pt__xlsx_open(pt__workbook *wb)
{
	struct rels top, book_rels;
	struct book book = { NULL, 0, 0, PT_OK };
	const struct rel *r;
	char *book_part = NULL, *part;
	const char *slash;
	pt__buf dir = PT__BUF_INIT, rels_part = PT__BUF_INIT;
	XML_Parser p = NULL;
	int rc;

	memset(&book_rels, 0, sizeof book_rels);
	/* the workbook part: _rels/.rels names it (xl/workbook.xml as a rule) */
	if ((rc = read_rels(wb, "_rels/.rels", &top)))
		return rc;
	r = rel_of_type(&top, "officeDocument");
	book_part = r ? resolve_target("", r->target) : pt__strdup("xl/workbook.xml");
	rels_free(&top);
	if (!book_part)
		return pt__error(wb->db, PT_ENOMEM, "out of memory");
	if (!pt__wb_zip_has(wb, book_part)) {
		rc = pt__error(wb->db, PT_EINVAL, "the workbook part %s is missing", book_part);
		goto cleanup;
	}
	slash = strrchr(book_part, '/');
	pt__buf_add(&dir, book_part, slash ? (size_t)(slash - book_part) + 1 : 0);
	pt__buf_printf(&rels_part, "%s_rels/%s.rels", pt__buf_str(&dir),
		       slash ? slash + 1 : book_part);
	if (dir.failed || rels_part.failed) {
		rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (!(p = pt__wb_xml_parser(&book))) {
		rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	XML_SetStartElementHandler(p, book_start);
	if ((rc = pt__wb_zip_parse(wb, book_part, p, &book.rc)))
		goto cleanup;
	if (book.rc) {
		rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	wb->date1904 = book.date1904;
	if ((rc = read_rels(wb, pt__buf_str(&rels_part), &book_rels)))
		goto cleanup;
	/* the worksheets in tab order (chart sheets hold no cells) */
	wb->sheet_names = calloc(book.count + 1, sizeof *wb->sheet_names);
	wb->sheet_parts = calloc(book.count + 1, sizeof *wb->sheet_parts);
	if (!wb->sheet_names || !wb->sheet_parts) {
		rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < book.count; i++) {
		const struct rel *sr = NULL;
		for (size_t k = 0; k < book_rels.count && !sr; k++)
			if (!strcmp(book_rels.items[k].id, book.sheets[i].rid))
				sr = &book_rels.items[k];
		if (!sr || strlen(sr->type) < 10 ||
		    strcmp(sr->type + strlen(sr->type) - 10, "/worksheet"))
			continue;
		if (!(part = resolve_target(pt__buf_str(&dir), sr->target))) {
			rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		wb->sheet_parts[wb->sheet_count] = part;
		wb->sheet_names[wb->sheet_count] = book.sheets[i].name;
		book.sheets[i].name = NULL;
		wb->sheet_count++;
	}
	if ((r = rel_of_type(&book_rels, "sharedStrings"))) {
		if (!(part = resolve_target(pt__buf_str(&dir), r->target))) {
			rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		rc = read_strings(wb, part);
		free(part);
		if (rc)
			goto cleanup;
	}
	if ((r = rel_of_type(&book_rels, "styles"))) {
		if (!(part = resolve_target(pt__buf_str(&dir), r->target))) {
			rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		rc = read_styles(wb, part);
		free(part);
	}
cleanup:
	if (p)
		XML_ParserFree(p);
	for (size_t i = 0; i < book.count; i++) {
		free(book.sheets[i].name);
		free(book.sheets[i].rid);
	}
	free(book.sheets);
	rels_free(&book_rels);
	pt__buf_release(&dir);
	free(book_part);
	pt__buf_release(&rels_part);
	return rc;
}

/* ---- cell references --------------------------------------------------------- */

/* "BC12" -> column 54 (0-based), row 12; returns 0 when it is no reference. */
static int parse_ref(const char *ref, long *column, long *row)
{
	long c = 0, r = 0;
	const char *p = ref;
	while (*p == '$')
		p++;
	if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
		return 0;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
		c = c * 26 + ((*p | 0x20) - 'a' + 1);
		if (c > PT__WB_MAX_COLUMNS)
			return 0;
		p++;
	}
	while (*p == '$')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9') {
		r = r * 10 + (*p - '0');
		if (r > PT__WB_MAX_ROWS)
			return 0;
		p++;
	}
	if (*p || r < 1)
		return 0;
	*column = c - 1;
	*row = r;
	return 1;
}

/* column 0 -> "A", 27 -> "AB" */
static void column_letters(long column, char *buf, size_t size)
{
	char rev[8];
	size_t n = 0, i;
	long c = column + 1;
	while (c > 0 && n < sizeof rev) {
		rev[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	for (i = 0; i < n && i + 1 < size; i++)
		buf[i] = rev[n - 1 - i];
	buf[i] = '\0';
}

/* ---- merged ranges ------------------------------------------------------------ */

struct merge {
	long r1, c1, r2;
	char *value;               /* the top-left cell's text, once its row is read */
	unsigned char kind;
};

struct merges {
	struct merge *items;
	size_t count, cap;
	pt__buf tail;              /* bytes of a tag cut at a chunk's end */
	int rc;
};

static int merge_cmp(const void *a, const void *b)
{
	const struct merge *x = a, *y = b;
	return x->r1 < y->r1 ? -1 : x->r1 > y->r1;
}

static void merge_add(struct merges *m, const char *ref, size_t len)
{
	char a[24], b[24];
	const char *colon = memchr(ref, ':', len);
	long c1, r1, c2, r2;
	if (!colon || (size_t)(colon - ref) >= sizeof a || len - (size_t)(colon - ref) - 1 >= sizeof b)
		return;
	memcpy(a, ref, (size_t)(colon - ref));
	a[colon - ref] = '\0';
	memcpy(b, colon + 1, len - (size_t)(colon - ref) - 1);
	b[len - (size_t)(colon - ref) - 1] = '\0';
	if (!parse_ref(a, &c1, &r1) || !parse_ref(b, &c2, &r2) || r2 <= r1 || m->count >= MAX_MERGES)
		return; /* one row only: nothing to fill down */
	if (m->count == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		struct merge *grown = realloc(m->items, cap * sizeof *grown);
		if (!grown) {
			m->rc = PT_ENOMEM;
			return;
		}
		m->items = grown;
		m->cap = cap;
	}
	m->items[m->count++] = (struct merge){ r1, c1, r2, NULL, PT__CELL_EMPTY };
}

/* The first occurrence of needle[0..n) in hay[0..len), or NULL. */
static const char *find(const char *hay, size_t len, const char *needle, size_t n)
{
	const char *end = hay + len;
	while (len >= n) {
		const char *p = memchr(hay, needle[0], len - n + 1);
		if (!p)
			return NULL;
		if (!memcmp(p, needle, n))
			return p;
		hay = p + 1;
		len = (size_t)(end - hay);
	}
	return NULL;
}

/* Finds each "mergeCell ... ref="A1:A4"" in the bytes (no XML parse: the
 * ranges come after the cells, and this pass only looks for them). */
static int merge_scan(void *ctx, const char *data, size_t len, int last)
{
	struct merges *m = ctx;
	const char *s, *end, *p;
	size_t keep_from;
	(void)last;
	if (pt__buf_add(&m->tail, data, len))
		return PT_ENOMEM;
	s = m->tail.data;
	end = s + m->tail.len;
	keep_from = m->tail.len > 16 ? m->tail.len - 16 : 0;
	for (p = s; p < end && m->rc == PT_OK; ) {
		const char *hit = find(p, (size_t)(end - p), "mergeCell", 9), *gt, *ref;
		if (!hit)
			break;
		gt = memchr(hit, '>', (size_t)(end - hit));
		if (!gt) {
			keep_from = (size_t)(hit - s); /* the tag goes on in the next piece */
			break;
		}
		if (hit + 9 < gt && (hit[9] == ' ' || hit[9] == '\t' || hit[9] == '\n' || hit[9] == '\r') &&
		    (ref = find(hit, (size_t)(gt - hit), "ref=", 4)) && ref + 5 < gt) {
			char quote = ref[4];
			const char *close = memchr(ref + 5, quote, (size_t)(gt - ref - 5));
			if (close)
				merge_add(m, ref + 5, (size_t)(close - ref - 5));
		}
		p = gt + 1;
		keep_from = (size_t)(p - s) > keep_from ? (size_t)(p - s) : keep_from;
	}
	/* keep only what may start a tag that the next piece completes */
	memmove(m->tail.data, s + keep_from, m->tail.len - keep_from);
	m->tail.len -= keep_from;
	return m->rc;
}

static void merges_free(struct merges *m)
{
	for (size_t i = 0; i < m->count; i++)
		free(m->items[i].value);
	free(m->items);
	pt__buf_release(&m->tail);
	memset(m, 0, sizeof *m);
}

/* ---- a sheet, row by row ------------------------------------------------------ */

enum { IN_NONE, IN_V, IN_T };

struct sheet {
	pt__workbook *wb;
	pt__wb_row_fn fn;
	void *ctx;
	XML_Parser p;
	pt__wb_cells cells;
	struct merges merges;
	size_t next_merge;         /* merges are sorted by first row */
	size_t *active;            /* merges whose rows the current row is in */
	size_t active_count;
	long row, column;          /* the current row, the next cell's column */
	int in_row, in_cell, in_is, in_rph, collect;
	char type[16];             /* the cell's t="" */
	long style;
	pt__buf value;
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

static void cell_end(struct sheet *sh)
{
	pt__workbook *wb = sh->wb;
	const char *v = pt__buf_str(&sh->value), *t = sh->type;
	char text[64];
	int rc = PT_OK;

	if (!sh->value.len && strcmp(t, "inlineStr"))
		return; /* an empty (styled) cell */
	if (!strcmp(t, "s")) {
		char *end;
		unsigned long long index = strtoull(v, &end, 10);
		if (end == v || *end || index >= wb->string_count) {
			char letters[8];
			column_letters(sh->column, letters, sizeof letters);
			stop(sh, pt__error(wb->db, PT_EINVAL, "cell %s%ld refers to shared string '%.40s', "
					   "but the workbook has %zu", letters, sh->row, v,
					   wb->string_count));
			return;
		}
		rc = pt__wb_cells_set(&sh->cells, (size_t)sh->column, wb->strings[index],
				      strlen(wb->strings[index]), PT__CELL_TEXT);
	} else if (!strcmp(t, "inlineStr") || !strcmp(t, "str")) {
		rc = pt__wb_cells_text(&sh->cells, wb->db, (size_t)sh->column, v, sh->value.len);
	} else if (!strcmp(t, "b")) {
		rc = pt__wb_cells_set(&sh->cells, (size_t)sh->column, strcmp(v, "0") ? "true" : "false",
				      strcmp(v, "0") ? 4 : 5, PT__CELL_BOOL);
	} else if (!strcmp(t, "e")) {
		rc = pt__wb_cells_set(&sh->cells, (size_t)sh->column, v, sh->value.len, PT__CELL_ERROR);
	} else if (!strcmp(t, "d")) {
		/* an ISO 8601 date (strict OOXML): the date part */
		size_t n = sh->value.len >= 10 && v[4] == '-' ? 10 : sh->value.len;
		rc = pt__wb_cells_set(&sh->cells, (size_t)sh->column, v, n, PT__CELL_DATE);
	} else {
		char *end;
		double d = strtod(v, &end);
		int kind = sh->style >= 0 && (size_t)sh->style < wb->xf_count ? wb->xf_kind[sh->style] : 0;
		while (*end == ' ')
			end++;
		if (end == v || *end) {
			/* not a number after all: kept as the text it is */
			rc = pt__wb_cells_text(&sh->cells, wb->db, (size_t)sh->column, v, sh->value.len);
		} else if (kind == 1 && pt__wb_serial_date(d, wb->date1904, text, sizeof text)) {
			rc = pt__wb_cells_set(&sh->cells, (size_t)sh->column, text, strlen(text),
					      PT__CELL_DATE);
		} else if (kind == 2 && d >= 0) {
			long secs = lround((d - floor(d)) * 86400.0);
			if (secs >= 86400)
				secs = 86399;
			snprintf(text, sizeof text, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60,
				 secs % 60);
			rc = pt__wb_cells_set(&sh->cells, (size_t)sh->column, text, strlen(text),
					      PT__CELL_TIME);
		} else {
			pt__wb_number_text(d, text, sizeof text);
			rc = pt__wb_cells_set(&sh->cells, (size_t)sh->column, text, strlen(text),
					      PT__CELL_NUMBER);
		}
	}
	if (rc == PT_EINVAL) {
		pt__error(wb->db, PT_EINVAL, "more than %d columns", PT__WB_MAX_COLUMNS);
		stop(sh, PT_EINVAL);
	} else if (rc) {
		pt__error(wb->db, rc, "out of memory");
		stop(sh, rc);
	}
}

/* Fills the cells under a vertically merged cell, then gives the row. */
static void row_end(struct sheet *sh)
{
	struct merges *m = &sh->merges;
	pt__wb_row row;
	int rc;

	for (size_t k = 0; k < sh->active_count; ) {
		struct merge *mg = &m->items[sh->active[k]];
		if (sh->row > mg->r2) { /* past its last row: no longer active */
			sh->active[k] = sh->active[--sh->active_count];
			continue;
		}
		k++;
		if (mg->r1 == sh->row && !mg->value && (size_t)mg->c1 < sh->cells.count &&
		    sh->cells.offset[mg->c1] != (size_t)-1) {
			/* the top-left cell: remember it */
			if (!(mg->value = pt__strdup(sh->cells.text.data + sh->cells.offset[mg->c1]))) {
				stop(sh, pt__error(sh->wb->db, PT_ENOMEM, "out of memory"));
				return;
			}
			mg->kind = sh->cells.kind[mg->c1];
		} else if (mg->r1 < sh->row && mg->value &&
			   ((size_t)mg->c1 >= sh->cells.count || sh->cells.offset[mg->c1] == (size_t)-1) &&
			   pt__wb_cells_set(&sh->cells, (size_t)mg->c1, mg->value, strlen(mg->value),
					    mg->kind)) {
			stop(sh, pt__error(sh->wb->db, PT_ENOMEM, "out of memory"));
			return;
		}
	}
	if (!sh->cells.count)
		return;
	if ((rc = pt__wb_cells_row(&sh->cells, sh->row, &row))) {
		stop(sh, pt__error(sh->wb->db, rc, "out of memory"));
		return;
	}
	if ((rc = sh->fn(sh->ctx, &row)))
		stop(sh, rc);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct sheet *sh = ud;
	const char *local = pt__wb_local(name);

	if (sh->rc)
		return;
	if (!strcmp(local, "row")) {
		const char *r = pt__wb_attr(attrs, "r");
		long number = r ? strtol(r, NULL, 10) : sh->row + 1;
		if (number <= sh->row || number > PT__WB_MAX_ROWS) {
			if (number > PT__WB_MAX_ROWS || number < 1) {
				sh->row = number > 0 ? number : sh->row + 1;
				stop(sh, pt__error(sh->wb->db, PT_EINVAL, "row %s is out of range (1 to %d)",
						   r ? r : "?", PT__WB_MAX_ROWS));
				return;
			}
			number = sh->row + 1; /* rows out of order: read in file order */
		}
		sh->row = number;
		sh->column = 0;
		sh->in_row = 1;
		pt__wb_cells_reset(&sh->cells);
		/* merged ranges that begin by this row are active from now on */
		while (sh->next_merge < sh->merges.count && sh->merges.items[sh->next_merge].r1 <= number)
			sh->active[sh->active_count++] = sh->next_merge++;
	} else if (!strcmp(local, "c") && sh->in_row) {
		const char *r = pt__wb_attr(attrs, "r"), *t = pt__wb_attr(attrs, "t"),
			   *s = pt__wb_attr(attrs, "s");
		long column, row;
		if (r) {
			if (!parse_ref(r, &column, &row)) {
				stop(sh, pt__error(sh->wb->db, PT_EINVAL, "bad cell reference '%s'", r));
				return;
			}
			sh->column = column;
		}
		if (sh->column >= PT__WB_MAX_COLUMNS) {
			stop(sh, pt__error(sh->wb->db, PT_EINVAL, "more than %d columns",
					   PT__WB_MAX_COLUMNS));
			return;
		}
		snprintf(sh->type, sizeof sh->type, "%s", t ? t : "n");
		sh->style = s ? strtol(s, NULL, 10) : -1;
		sh->in_cell = 1;
		sh->in_is = sh->in_rph = 0;
		pt__buf_reset(&sh->value);
	} else if (sh->in_cell && !strcmp(local, "v")) {
		sh->collect = IN_V;
	} else if (sh->in_cell && !strcmp(local, "is")) {
		sh->in_is = 1;
	} else if (sh->in_is && !strcmp(local, "rPh")) {
		sh->in_rph = 1;
	} else if (sh->in_is && !sh->in_rph && !strcmp(local, "t")) {
		sh->collect = IN_T;
	}
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct sheet *sh = ud;
	const char *local = pt__wb_local(name);

	if (sh->rc)
		return;
	if (!strcmp(local, "v") || !strcmp(local, "t")) {
		sh->collect = IN_NONE;
	} else if (!strcmp(local, "rPh")) {
		sh->in_rph = 0;
	} else if (!strcmp(local, "is")) {
		sh->in_is = 0;
	} else if (!strcmp(local, "c") && sh->in_cell) {
		sh->in_cell = 0;
		cell_end(sh);
		sh->column++;
	} else if (!strcmp(local, "row") && sh->in_row) {
		sh->in_row = 0;
		row_end(sh);
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *text, int len)
{
	struct sheet *sh = ud;
	if (!sh->collect || sh->rc)
		return;
	if (pt__buf_add(&sh->value, text, (size_t)len))
		stop(sh, sh->value.len + (size_t)len > PT__WB_MAX_CELL
			 ? pt__error(sh->wb->db, PT_EINVAL, "a cell is longer than %u bytes",
				     PT__WB_MAX_CELL)
			 : pt__error(sh->wb->db, PT_ENOMEM, "out of memory"));
}

int pt__xlsx_read(pt__workbook *wb, size_t index, pt__wb_row_fn fn, void *ctx, long *bad_row)
{
	struct sheet sh;
	const char *part = wb->sheet_parts[index];
	int rc;

	memset(&sh, 0, sizeof sh);
	sh.wb = wb;
	sh.fn = fn;
	sh.ctx = ctx;
	sh.value.max = PT__WB_MAX_CELL;
	sh.cells.text.max = (size_t)PT__WB_MAX_CELL * 4;
	/* the merged ranges first */
	rc = pt__wb_zip_read(wb, part, merge_scan, &sh.merges);
	if (rc == PT_ENOTFOUND) {
		rc = pt__error(wb->db, PT_EINVAL, "the sheet's part %s is missing", part);
		goto cleanup;
	}
	if (rc || (rc = sh.merges.rc))
		goto cleanup;
	pt__buf_release(&sh.merges.tail);
	if (sh.merges.count) {
		qsort(sh.merges.items, sh.merges.count, sizeof *sh.merges.items, merge_cmp);
		if (!(sh.active = malloc(sh.merges.count * sizeof *sh.active))) {
			rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
	}
	if (!(sh.p = pt__wb_xml_parser(&sh))) {
		rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	XML_SetElementHandler(sh.p, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(sh.p, sheet_text);
	rc = pt__wb_zip_parse(wb, part, sh.p, &sh.rc);
	*bad_row = rc ? (sh.bad_row ? sh.bad_row : sh.row) : 0;
cleanup:
	if (sh.p)
		XML_ParserFree(sh.p);
	merges_free(&sh.merges);
	free(sh.active);
	pt__wb_cells_release(&sh.cells);
	pt__buf_release(&sh.value);
	return rc;
}

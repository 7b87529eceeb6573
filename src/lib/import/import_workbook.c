/*
 * import_workbook.c - workbooks (.xlsx, .ods, .xls) imported as CSV files
 * are: each sheet's rows, as the readers of workbook*.c give them, go
 * through the same layout and row builder (import_flat.c) to the loaders.
 *
 * The header of a sheet is found as in CSV (the first of the first rows
 * whose cells name fields, or the mapping's header_line). Without --sheet,
 * every sheet whose header names fields is read, each as an import batch of
 * its own, and a sheet without one (notes, a legend) is passed over and
 * listed in the summary; when no sheet has such a header, the first sheet
 * with rows is read, so that its problems are seen. Problems say where:
 * FILE:SHEET!ROW. Rejected rows go to the rejects file as CSV (UTF-8, the
 * header row first), each with its sheet and row in the reason.
 */
#include <stdlib.h>
#include <string.h>

#include "import/sheet.h"
#include "import/workbook.h"

#define MAX_FILE_BYTES ((size_t)1 << 30)
#define HEADER_ROWS 30             /* rows searched for the header, as in CSV */
#define PASS_OVER 1                /* a row callback's code: this sheet has no header */

struct held_row {                  /* a row read before the header was found */
	long row;
	char **cells;
	size_t count;
};

struct wbread {
	pt__import *imp;
	pt__record_fn fn;
	pt__workbook *wb;
	const char *sheet_name;
	int any_header;                /* read the sheet even if no row names fields */
	struct held_row held[HEADER_ROWS];
	size_t held_count;
	int header_done;
	long header_row;
	pt__layout *layout;
	int rejects_header;            /* the rejects file has its header row */
	pt__buf raw;                   /* a row as CSV, for rejects */
	pt__sheet_row_fn row_fn;       /* raw rows (tests, fuzzing) */
	void *row_ctx;
};

static void release_held(struct wbread *w)
{
	for (size_t i = 0; i < w->held_count; i++) {
		for (size_t c = 0; c < w->held[i].count; c++)
			free(w->held[i].cells[c]);
		free(w->held[i].cells);
	}
	w->held_count = 0;
}

/* The cells as one CSV line (UTF-8, ',' and '"' quoted, "\n" at the end). */
static int csv_line(pt__buf *out, char **cells, size_t count)
{
	pt__buf_reset(out);
	for (size_t i = 0; i < count; i++) {
		const char *c = cells[i] ? cells[i] : "";
		if (i)
			pt__buf_putc(out, ',');
		if (strpbrk(c, ",\"\r\n") || (*c == ' ' || (*c && c[strlen(c) - 1] == ' '))) {
			pt__buf_putc(out, '"');
			for (; *c; c++) {
				if (*c == '"')
					pt__buf_putc(out, '"');
				pt__buf_putc(out, *c);
			}
			pt__buf_putc(out, '"');
		} else {
			pt__buf_puts(out, c);
		}
	}
	pt__buf_putc(out, '\n');
	return out->failed ? PT_ENOMEM : PT_OK;
}

static int is_blank(char **cells, size_t count)
{
	for (size_t i = 0; i < count; i++)
		for (const char *p = cells[i]; p && *p; p++)
			if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
				return 0;
	return 1;
}

/* w->raw holds the row as CSV (made before the row builder trims cells) */
static int write_reject(struct wbread *w, long row)
{
	pt__import *imp = w->imp;
	pt__sheet *sh = imp->sheet;
	pt__buf reason = PT__BUF_INIT;
	int rc = pt__reject_note(imp, row, w->raw.data, w->raw.len);

	if (rc == PT_OK && sh->rejects) {
		pt__buf_printf(&reason, "%s!%ld: %s", w->sheet_name, row,
			       pt__import_reasons(imp));
		rc = reason.failed ? PT_ENOMEM
			: pt__rejects_csv_row(sh->rejects, w->raw.data, w->raw.len, reason.data);
	}
	pt__buf_release(&reason);
	return rc;
}

/* One row under the header: a record, or a rejected row. */
static int take_row(struct wbread *w, long row, char **cells, size_t count)
{
	pt__import *imp = w->imp;
	int rc;

	if (is_blank(cells, count))
		return PT_OK;
	if ((rc = csv_line(&w->raw, cells, count)))
		return pt__error(imp->db, rc, "out of memory");
	pt__record_begin(imp);
	imp->summary->rows++;
	rc = pt__flat_load(imp, w->layout, cells, count, row, 0, w->fn);
	pt__import_tick(imp, 0);
	if (rc == PT_EINVAL)
		rc = write_reject(w, row);
	return rc; /* a rejected row: go on */
}

/* The header is row `index` of the held rows: the layout, the batch, the
 * rejects file's header, then the held rows under it. */
static int header_found(struct wbread *w, size_t index)
{
	pt__import *imp = w->imp;
	pt__sheet *sh = imp->sheet;
	struct held_row *h = &w->held[index];
	int rc;

	w->header_done = 1;
	w->header_row = h->row;
	if (sh->sheet_begin && (rc = sh->sheet_begin(imp, w->sheet_name)))
		return rc;
	if ((rc = pt__layout_build(imp, sh->kind, h->cells, h->count, &w->layout)))
		return rc;
	if (sh->rejects && !w->rejects_header) {
		if ((rc = csv_line(&w->raw, h->cells, h->count)) ||
		    (rc = pt__rejects_csv_header(sh->rejects, w->raw.data, w->raw.len, ',',
						 PT__ENC_UTF8)))
			return rc;
		w->rejects_header = 1;
	}
	for (size_t i = index + 1; i < w->held_count && rc == PT_OK; i++)
		rc = take_row(w, w->held[i].row, w->held[i].cells, w->held[i].count);
	release_held(w);
	return rc;
}

/* Without a row that names fields: the best one, else the first (as CSV). */
static size_t best_header(struct wbread *w)
{
	const pt__sheet *sh = w->imp->sheet;
	size_t best = 0, best_score = 0;
	for (size_t i = 0; i < w->held_count; i++) {
		size_t score = pt__layout_score(sh->mapping, sh->kind, w->held[i].cells,
						w->held[i].count);
		if (score > best_score) {
			best = i;
			best_score = score;
		}
	}
	return best;
}

static int on_row(void *ctx, const pt__wb_row *row)
{
	struct wbread *w = ctx;
	pt__import *imp = w->imp;
	const pt__sheet *sh = imp->sheet;
	struct held_row *h;
	long header_line = sh->mapping ? sh->mapping->header_line : 0;
	size_t score;

	if (w->row_fn)
		return w->row_fn(w->row_ctx, w->sheet_name, row->row, row->cells, row->kinds,
				 row->count);
	if (w->header_done)
		return take_row(w, row->row, row->cells, row->count);
	if (is_blank(row->cells, row->count))
		return PT_OK;
	/* held until the header is known: a copy, the reader reuses its cells */
	h = &w->held[w->held_count];
	h->row = row->row;
	h->count = row->count;
	if (!(h->cells = calloc(row->count + 1, sizeof *h->cells)))
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	w->held_count++;
	for (size_t i = 0; i < row->count; i++)
		if (!(h->cells[i] = pt__strdup(row->cells[i])))
			return pt__error(imp->db, PT_ENOMEM, "out of memory");
	if (header_line) {
		if (row->row >= header_line)
			return header_found(w, w->held_count - 1);
		return w->held_count == HEADER_ROWS ? header_found(w, w->held_count - 1) : PT_OK;
	}
	score = pt__layout_score(sh->mapping, sh->kind, h->cells, h->count);
	if (score >= 2 || (score == 1 && h->count == 1))
		return header_found(w, w->held_count - 1);
	if (w->held_count < HEADER_ROWS)
		return PT_OK;
	return w->any_header ? header_found(w, best_header(w)) : PASS_OVER;
}

/* Adds a sheet to the summary's list. */
static int note_sheet(pt__import *imp, const char *name, long header, long rows, int64_t batch,
		      const char *passed_over)
{
	pt_import_summary *s = imp->summary;
	pt_import_sheet *grown = realloc(s->sheets, (s->sheet_count + 1) * sizeof *grown);
	if (!grown)
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	s->sheets = grown;
	memset(&grown[s->sheet_count], 0, sizeof *grown);
	grown[s->sheet_count].name = pt__strdup(name);
	grown[s->sheet_count].passed_over = pt__strdup(passed_over);
	grown[s->sheet_count].header_line = header;
	grown[s->sheet_count].rows = rows;
	grown[s->sheet_count].batch_id = batch;
	if (!grown[s->sheet_count++].name || (passed_over && !grown[s->sheet_count - 1].passed_over))
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	return PT_OK;
}

/* Reads sheet i. *read is set when its rows were taken (a header found). */
static int read_one(struct wbread *w, size_t i, int any_header, int *read)
{
	pt__import *imp = w->imp;
	long bad_row = 0, rows_before = imp->summary->rows;
	int rc;

	*read = 0;
	w->sheet_name = pt__workbook_sheet_name(w->wb, i);
	w->any_header = any_header;
	w->header_done = 0;
	w->header_row = 0;
	imp->worksheet = w->sheet_name;
	rc = pt__workbook_read_sheet(w->wb, i, on_row, w, &bad_row);
	if (rc == PT_OK && !w->row_fn && !w->header_done && w->held_count && any_header)
		rc = header_found(w, best_header(w));
	if (rc == PASS_OVER)
		rc = PT_OK;
	if (rc == PT_EINVAL) {
		/* the reader's own problem (malformed XML, a string that is not
		 * there; rows give no PT_EINVAL): the file cannot be read,
		 * whatever --skip-invalid says */
		char *msg = pt__strdup(pt_db_errmsg(imp->db));
		pt__import_problem(imp, bad_row, NULL, "%s", msg ? msg : "cannot read the sheet");
		free(msg);
	}
	*read = w->header_done;
	if (rc == PT_OK && !w->row_fn)
		rc = note_sheet(imp, w->sheet_name, w->header_row, imp->summary->rows - rows_before,
				w->header_done ? imp->batch_id : 0,
				w->header_done ? NULL : w->held_count ? "no row among its first 30 "
				"names fields (choose it with --sheet, and a mapping)" : "empty");
	release_held(w);
	pt__layout_free(w->layout);
	w->layout = NULL;
	if (rc == PT_OK)
		imp->worksheet = NULL;
	return rc;
}

/* --sheet NAME|N: the sheet's index, or a problem naming the sheets there are. */
static int choose_sheet(pt__import *imp, pt__workbook *wb, const char *wanted, size_t *out)
{
	size_t n = pt__workbook_sheet_count(wb);
	char *end;
	unsigned long number = strtoul(wanted, &end, 10);
	pt__buf names = PT__BUF_INIT;
	int rc;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(pt__workbook_sheet_name(wb, i), wanted)) {
			*out = i;
			return PT_OK;
		}
	for (size_t i = 0; i < n; i++) {
		char *a = pt__fold_key(imp->db, pt__workbook_sheet_name(wb, i));
		char *b = pt__fold_key(imp->db, wanted);
		int same = a && b && *a && !strcmp(a, b);
		free(a);
		free(b);
		if (same) {
			*out = i;
			return PT_OK;
		}
	}
	if (*wanted && !*end && number >= 1 && number <= n) {
		*out = number - 1;
		return PT_OK;
	}
	for (size_t i = 0; i < n; i++)
		pt__buf_printf(&names, "%s'%s'", i ? ", " : "", pt__workbook_sheet_name(wb, i));
	rc = pt__import_problem(imp, 0, NULL, "no sheet '%s' (the workbook has %s)", wanted,
				pt__buf_str(&names));
	pt__buf_release(&names);
	return rc;
}

/* The zip or OLE2 file is a workbook, and the one expected: *type. */
static int check_type(pt__import *imp, const char *data, size_t len, pt_format expected,
		      pt__wb_type *type)
{
	static const pt_format formats[] = { PT_FORMAT_XLSX, PT_FORMAT_ODS, PT_FORMAT_XLS };
	const char *what = NULL;
	int rc;

	if (len >= 8 && !memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
		*type = PT__WB_XLS;
	} else if ((rc = pt__zip_identify(data, len, type, &what))) {
		if (rc == PT_ENOMEM)
			return pt__error(imp->db, rc, "out of memory");
		return pt__import_problem(imp, 0, NULL, "not a workbook: the file is %s", what);
	}
	if (expected == PT_FORMAT_AUTO || expected == formats[*type])
		return PT_OK;
	return pt__import_problem(imp, 0, NULL, "the file is %s, not %s as %s; import it as %s",
				  pt__format_label(formats[*type]), pt__format_label(expected),
				  imp->sheet->opts->format != PT_FORMAT_AUTO ? "the option says"
				  : "its name says",
				  *type == PT__WB_XLSX ? "FILE.xlsx (or with --xlsx)"
				  : *type == PT__WB_ODS ? "FILE.ods (or with --ods)"
				  : "FILE.xls (or with --xls)");
}

static int read_workbook(pt__import *imp, const char *data, size_t len, pt_format expected,
			 const char *path, pt__record_fn fn, pt__sheet_row_fn row_fn, void *row_ctx)
{
	static const char *const format_names[] = { "xlsx", "ods", "xls" };
	struct wbread w;
	pt__wb_type type;
	const char *wanted = imp->sheet->opts ? imp->sheet->opts->sheet : NULL;
	size_t n, chosen = 0;
	int rc, read = 0, any = 0;

	memset(&w, 0, sizeof w);
	w.imp = imp;
	w.fn = fn;
	w.row_fn = row_fn;
	w.row_ctx = row_ctx;
	if ((rc = check_type(imp, data, len, expected, &type)))
		return rc;
	free(imp->summary->format);
	if (!(imp->summary->format = pt__strdup(format_names[type])))
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	if ((rc = pt__workbook_open(imp->db, type, data, len, path, &w.wb))) {
		if (rc == PT_EINVAL) {
			char *msg = pt__strdup(pt_db_errmsg(imp->db));
			rc = pt__import_problem(imp, 0, NULL, "%s", msg ? msg : "cannot read the workbook");
			free(msg);
		}
		return rc;
	}
	n = pt__workbook_sheet_count(w.wb);
	if (wanted) {
		if ((rc = choose_sheet(imp, w.wb, wanted, &chosen)) == PT_OK)
			rc = read_one(&w, chosen, 1, &read);
		if (rc == PT_OK && !read && !row_fn)
			rc = pt__import_problem(imp, 0, NULL, "sheet '%s' is empty",
						pt__workbook_sheet_name(w.wb, chosen));
	} else {
		for (size_t i = 0; i < n && rc == PT_OK; i++) {
			rc = read_one(&w, i, row_fn != NULL, &read);
			any |= read;
		}
		/* no sheet names fields: read the first one with rows, so that
		 * what is wrong with it is seen */
		for (size_t i = 0; i < n && rc == PT_OK && !any && !row_fn; i++) {
			if (imp->summary->sheets[i].passed_over &&
			    strcmp(imp->summary->sheets[i].passed_over, "empty")) {
				size_t before = imp->summary->sheet_count;
				rc = read_one(&w, i, 1, &read);
				any = 1;
				/* the sheet is listed once, as read */
				if (rc == PT_OK && imp->summary->sheet_count > before) {
					pt_import_sheet moved = imp->summary->sheets[--imp->summary->sheet_count];
					free(imp->summary->sheets[i].name);
					free(imp->summary->sheets[i].passed_over);
					imp->summary->sheets[i] = moved;
				}
			}
		}
		if (rc == PT_OK && !any && !row_fn)
			rc = pt__import_problem(imp, 0, NULL, "the workbook's sheets are empty");
	}
	if (rc == PT_OK && imp->summary->sheet_count)
		imp->summary->header_line = imp->summary->sheets[0].header_line;
	imp->worksheet = NULL; /* its name goes with the workbook */
	pt__workbook_free(w.wb);
	pt__buf_release(&w.raw);
	return rc;
}

int pt__read_workbook(pt__import *imp, pt__input *in, pt_format expected, const char *path,
		      pt__record_fn fn)
{
	char *data = NULL;
	size_t len = 0;
	int rc = pt__input_read_all(imp->db, in, imp->name, MAX_FILE_BYTES, &data, &len);
	if (rc == PT_OK)
		rc = read_workbook(imp, data, len, expected, path, fn, NULL, NULL);
	free(data);
	return rc;
}

int pt__workbook_rows(pt_db *db, const char *name, const char *data, size_t len,
		      const char *sheet, pt__sheet_row_fn fn, void *ctx,
		      pt_import_summary **problems)
{
	pt__import imp;
	pt__sheet sh;
	pt_import_options opts = { .format = PT_FORMAT_AUTO };
	int rc;

	memset(&sh, 0, sizeof sh);
	opts.sheet = sheet;
	sh.opts = &opts;
	sh.kind = PT__KIND_PERSON;
	pt__import_init(&imp, db, name);
	imp.sheet = &sh;
	*problems = NULL;
	if (!(imp.summary = calloc(1, sizeof *imp.summary)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	rc = read_workbook(&imp, data, len, PT_FORMAT_AUTO, NULL, NULL, fn, ctx);
	pt__import_release(&imp);
	*problems = imp.summary;
	return rc;
}

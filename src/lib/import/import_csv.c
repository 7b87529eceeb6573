/*
 * import_csv.c - the CSV reader: a delimited text file, streamed line by
 * line through libcsv, each row read as the record the JSON reader would
 * give and handed to the loaders (import_flat.c).
 *
 * It finds the encoding (declared, a byte order mark, else UTF-8 when the
 * bytes are UTF-8, else Windows-1252), the delimiter (declared, else the one
 * that splits the first lines most consistently) and the header row
 * (declared, else the first of the first lines whose cells name fields, so
 * that title lines above it are passed over). Every row keeps the line it
 * starts on and its bytes as the file holds them, for messages and for the
 * rejects file.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "core/strmap.h"
#include "import/sheet.h"

#define SAMPLE_LINES 30
#define MAX_ROW_BYTES (16u << 20)

struct csv {
	pt__import *imp;
	pt__record_fn fn;
	struct csv_parser parser;
	pt__encoding enc;          /* of the bytes the parser sees */
	char delimiter;
	long header_line;          /* the line of the header row */
	long line;                 /* the line being fed */
	long row_line;             /* the line the current row starts on */
	int in_row;
	int row_bad;               /* an encoding problem in this row */
	int header_bad;            /* a NUL byte in the header row: no column can be trusted */
	int stop;                  /* a problem that ends the reading (PT_EINVAL) */
	int row_too_big;
	pt__buf raw;               /* the current row's bytes */
	pt__buf header_raw;        /* the lines up to the header, for the rejects file */
	pt__buf cellbuf;           /* the current row's cells, NUL-separated */
	size_t *cell_off;
	size_t cell_count, cell_cap;
	pt__layout *layout;
	int header_done;
	int rc;                    /* a fatal error inside a callback */
	int last_line_ended;       /* the last line fed ended with a line break */
	size_t row_bytes;          /* bytes fed since the current row began */
	pt__buf text;              /* scratch for decoding */
	char **cells;
	size_t cells_cap;
	pt__csv_row_fn row_fn;     /* raw rows (tests, fuzzing): every row goes here */
	void *row_ctx;
	const pt__input *in;       /* the bytes read, for a progress tick read ahead */
};

/* ---- delimiter and header detection --------------------------------------- */

/* The line ends of text: splits into at most max lines (without their end). */
static size_t split_lines(const char *s, size_t len, const char **starts, size_t *lens,
			  size_t max)
{
	size_t n = 0, i = 0;
	while (i < len && n < max) {
		size_t start = i;
		while (i < len && s[i] != '\n' && s[i] != '\r')
			i++;
		if (i == len && n > 0)
			break; /* a last line cut off by the sample's end */
		starts[n] = s + start;
		lens[n++] = i - start;
		if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			i++;
		i++;
	}
	return n;
}

static size_t count_outside_quotes(const char *s, size_t len, char d)
{
	size_t n = 0;
	int quoted = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == d && !quoted)
			n++;
	}
	return n;
}

char pt__csv_detect_delimiter(const char *sample, size_t len)
{
	static const char candidates[] = { ',', ';', '\t', '|' };
	const char *starts[SAMPLE_LINES];
	size_t lens[SAMPLE_LINES];
	size_t n = split_lines(sample, len, starts, lens, SAMPLE_LINES);
	char best = ',';
	size_t best_lines = 0, best_count = 0;

	for (size_t c = 0; c < sizeof candidates; c++) {
		size_t counts[SAMPLE_LINES];
		for (size_t i = 0; i < n; i++)
			counts[i] = count_outside_quotes(starts[i], lens[i], candidates[c]);
		/* the count most lines share, and how many lines share it */
		for (size_t i = 0; i < n; i++) {
			size_t same = 0;
			if (!counts[i])
				continue;
			for (size_t j = 0; j < n; j++)
				same += counts[j] == counts[i];
			if (same > best_lines || (same == best_lines && counts[i] > best_count)) {
				best = candidates[c];
				best_lines = same;
				best_count = counts[i];
			}
		}
	}
	return best;
}

struct one_row {
	pt__import *imp;
	pt__encoding enc;
	char **cells;
	size_t count;
	int done;
};

static void one_field(void *s, size_t len, void *data)
{
	struct one_row *r = data;
	pt__buf b = PT__BUF_INIT;
	char **grown;
	if (r->done || r->count >= 512)
		return;
	if (pt__encoding_to_utf8(r->imp->db, r->enc, s ? s : "", s ? len : 0, &b) ||
	    pt__buf_add(&b, "", 0) || !(grown = realloc(r->cells, (r->count + 1) * sizeof *grown))) {
		pt__buf_release(&b);
		return;
	}
	r->cells = grown;
	r->cells[r->count++] = pt__buf_detach(&b);
}

static void one_end(int c, void *data)
{
	(void)c;
	((struct one_row *)data)->done = 1;
}

static int space_only(unsigned char c)
{
	return c == ' ';
}

/* The cells of the row that starts at s (UTF-8). */
static void parse_one_row(pt__import *imp, pt__encoding enc, char delimiter, const char *s,
			  size_t len, struct one_row *r)
{
	struct csv_parser p;
	memset(r, 0, sizeof *r);
	r->imp = imp;
	r->enc = enc;
	if (csv_init(&p, CSV_APPEND_NULL))
		return;
	csv_set_delim(&p, (unsigned char)delimiter);
	csv_set_space_func(&p, space_only);
	for (size_t i = 0; i < len && !r->done; i += 4096)
		csv_parse(&p, s + i, len - i < 4096 ? len - i : 4096, one_field, one_end, r);
	if (!r->done)
		csv_fini(&p, one_field, one_end, r);
	csv_free(&p);
}

static void free_one_row(struct one_row *r)
{
	for (size_t i = 0; i < r->count; i++)
		free(r->cells[i]);
	free(r->cells);
}

/* The first of the sample's lines whose cells name at least two fields
 * (one, for a one-column file); else the first line with any text. */
static long detect_header(pt__import *imp, pt__encoding enc, char delimiter,
			  const char *sample, size_t len)
{
	const char *starts[SAMPLE_LINES];
	size_t lens[SAMPLE_LINES];
	size_t n = split_lines(sample, len, starts, lens, SAMPLE_LINES);
	long first_text = 0, best_line = 0;
	size_t best = 0;
	long line = 0;

	/* line numbers: count the line ends before each start */
	for (size_t i = 0; i < n; i++) {
		struct one_row r;
		size_t score;
		line = 1;
		for (const char *p = sample; p < starts[i]; p++)
			if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
				line++;
		if (!lens[i])
			continue;
		if (!first_text)
			first_text = line;
		parse_one_row(imp, enc, delimiter, starts[i], (size_t)(sample + len - starts[i]), &r);
		score = pt__layout_score(imp->sheet->mapping, imp->sheet->kind, r.cells, r.count);
		free_one_row(&r);
		if (score >= 2 || (score == 1 && r.count == 1))
			return line;
		if (score > best) {
			best = score;
			best_line = line;
		}
	}
	return best_line ? best_line : first_text ? first_text : 1;
}

/* ---- rows ------------------------------------------------------------------- */

static void on_field(void *s, size_t len, void *data)
{
	struct csv *c = data;
	if (c->rc || c->row_too_big)
		return;
	if (c->cell_count == c->cell_cap) {
		size_t cap = c->cell_cap ? c->cell_cap * 2 : 64;
		size_t *grown = realloc(c->cell_off, cap * sizeof *grown);
		if (!grown) {
			c->rc = PT_ENOMEM;
			return;
		}
		c->cell_off = grown;
		c->cell_cap = cap;
	}
	c->cell_off[c->cell_count++] = c->cellbuf.len;
	if (pt__buf_add(&c->cellbuf, s ? s : "", s ? len : 0) || pt__buf_add(&c->cellbuf, "", 1)) {
		if (c->cellbuf.failed && c->cellbuf.len + len < MAX_ROW_BYTES)
			c->rc = PT_ENOMEM;
		c->row_too_big = 1;
	}
}

static int decode_cells(struct csv *c)
{
	pt__buf_reset(&c->text);
	if (c->cell_count > c->cells_cap) {
		char **grown = realloc(c->cells, c->cell_count * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		c->cells = grown;
		c->cells_cap = c->cell_count;
	}
	/* decode every cell into one buffer, then point into it */
	{
		size_t *offs = malloc((c->cell_count + 1) * sizeof *offs);
		if (!offs)
			return PT_ENOMEM;
		for (size_t i = 0; i < c->cell_count; i++) {
			const char *cell = c->cellbuf.data + c->cell_off[i];
			offs[i] = c->text.len;
			if (pt__encoding_to_utf8(c->imp->db, c->enc, cell, strlen(cell), &c->text) ||
			    pt__buf_add(&c->text, "", 1)) {
				free(offs);
				return PT_ENOMEM;
			}
		}
		for (size_t i = 0; i < c->cell_count; i++)
			c->cells[i] = c->text.data + offs[i];
		free(offs);
	}
	return PT_OK;
}

static int write_reject(struct csv *c)
{
	pt__sheet *sh = c->imp->sheet;
	const char *raw = c->raw.data ? c->raw.data : "";
	int rc;

	if (c->imp->ahead) /* read ahead: the calling thread writes it (ahead.c) */
		return pt__ahead_reject(c->imp, c->row_line, raw, c->raw.len);
	rc = pt__reject_note(c->imp, c->row_line, raw, c->raw.len);
	if (rc == PT_OK && sh->rejects)
		rc = pt__rejects_csv_row(sh->rejects, raw, c->raw.len, pt__import_reasons(c->imp));
	return rc;
}

static int is_empty_row(struct csv *c)
{
	for (size_t i = 0; i < c->cell_count; i++)
		for (const char *p = c->cellbuf.data + c->cell_off[i]; *p; p++)
			if (*p != ' ' && *p != '\t')
				return 0;
	return 1;
}

static int handle_row(struct csv *c)
{
	pt__import *imp = c->imp;
	int rc;

	if (c->row_fn) {
		if (c->row_too_big)
			return pt__import_problem(imp, c->row_line, NULL, "row longer than %u bytes",
						  MAX_ROW_BYTES);
		c->header_done = 1;
		if (c->row_bad)
			return PT_OK; /* its problem is recorded; its cells may be cut short */
		return (rc = decode_cells(c)) ? rc
			: c->row_fn(c->row_ctx, c->row_line, c->cells, c->cell_count);
	}
	if (!c->header_done) {
		if (c->header_bad) {
			c->stop = 1; /* (the problem is recorded): read no further */
			return PT_EINVAL;
		}
		if (c->row_too_big)
			return pt__import_problem(imp, c->row_line, NULL, "the header row is longer "
						  "than %u bytes", MAX_ROW_BYTES);
		if ((rc = decode_cells(c)) ||
		    (rc = pt__layout_build(imp, imp->sheet->kind, c->cells, c->cell_count, &c->layout)))
			return rc;
		c->header_done = 1;
		if (imp->sheet->rejects) {
			if ((rc = pt__buf_add(&c->header_raw, c->raw.data ? c->raw.data : "", c->raw.len)))
				return PT_ENOMEM;
			if (imp->ahead)
				return pt__ahead_rejects_header(imp, c->header_raw.data,
								c->header_raw.len, c->delimiter,
								imp->sheet->encoding);
			return pt__rejects_csv_header(imp->sheet->rejects, c->header_raw.data,
						      c->header_raw.len, c->delimiter,
						      imp->sheet->encoding);
		}
		return PT_OK;
	}
	if (!c->row_bad && !c->row_too_big && is_empty_row(c))
		return PT_OK; /* ";;;;" under a spreadsheet's last row */
	imp->summary->rows++;
	if (c->row_too_big)
		pt__import_problem(imp, c->row_line, NULL, "row longer than %u bytes", MAX_ROW_BYTES);
	if (c->row_bad || c->row_too_big) {
		imp->summary->rejected++;
		return write_reject(c);
	}
	if ((rc = decode_cells(c)))
		return rc;
	/* the cells are NFC: decode_cells made them so (pt__encoding_to_utf8) */
	rc = pt__flat_load(imp, c->layout, c->cells, c->cell_count, c->row_line, 1, c->fn);
	if (rc == PT_OK && imp->ahead) /* the person it handed over, with its bytes */
		rc = pt__ahead_row(imp, c->row_line, c->raw.data ? c->raw.data : "", c->raw.len);
	if (rc == PT_EINVAL)
		return write_reject(c);
	return rc;
}

static void on_row(int term, void *data)
{
	struct csv *c = data;
	(void)term;
	if (!c->rc && (c->rc = handle_row(c)) == PT_EINVAL && !c->stop)
		c->rc = PT_OK; /* a rejected row: go on */
	if (!c->imp->ahead)
		pt__import_tick(c->imp, 0);
	else if (!c->rc)
		c->rc = pt__ahead_tick(c->imp, c->in ? c->in->bytes_read : 0);
	c->in_row = 0;
	c->row_bad = 0;
	c->row_too_big = 0;
	c->cell_count = 0;
	pt__buf_reset(&c->cellbuf);
	pt__buf_reset(&c->raw);
}

/* Feeds one line (with its end) to the parser. */
static int feed_line(struct csv *c, const char *s, size_t len)
{
	pt__import *imp = c->imp;
	const char *nul;
	size_t bad;

	c->line++;
	c->last_line_ended = len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r');
	if (c->line < c->header_line) {
		/* title lines above the header: kept for the rejects file only */
		if (imp->sheet->rejects && pt__buf_add(&c->header_raw, s, len))
			return PT_ENOMEM;
		return PT_OK;
	}
	if (!c->in_row) {
		size_t i = 0;
		while (i < len && (s[i] == '\r' || s[i] == '\n'))
			i++;
		if (i == len)
			return PT_OK; /* a blank line between rows */
		c->in_row = 1;
		c->row_bytes = 0;
		c->row_line = c->line;
		pt__record_begin(imp);
		if (imp->ahead && (c->rc = pt__ahead_begin(imp)))
			return c->rc;
	}
	if ((nul = memchr(s, '\0', len)) != NULL) {
		/* a cell would end there: never cut a value silently */
		size_t column = 1;
		for (const char *p = s; p < nul; p++)
			column += ((unsigned char)*p & 0xc0) != 0x80;
		pt__import_problem(imp, c->line, NULL, "NUL byte (0x00) at column %zu: binary "
				   "data, not text", column);
		c->row_bad = 1;
		if (!c->header_done)
			c->header_bad = 1;
	} else if ((bad = pt__encoding_check(c->enc, s, len)) != (size_t)-1) {
		if (c->enc == PT__ENC_CP1252)
			pt__import_problem(imp, c->line, NULL, "byte 0x%02x at column %zu is not "
					   "Windows-1252 (declare the file's encoding)",
					   (unsigned char)s[bad], bad + 1);
		else {
			/* the column in characters: what comes before is UTF-8 */
			size_t column = 1;
			for (size_t i = 0; i < bad; i++)
				column += ((unsigned char)s[i] & 0xc0) != 0x80;
			pt__import_problem(imp, c->line, NULL, "invalid UTF-8: byte 0x%02x at column "
					   "%zu (declare the file's encoding, e.g. windows-1252)",
					   (unsigned char)s[bad], column);
		}
		c->row_bad = 1;
	}
	if (!c->row_too_big && pt__buf_add(&c->raw, s, len)) {
		if (c->raw.failed && c->raw.len + len < MAX_ROW_BYTES)
			return PT_ENOMEM;
		c->row_too_big = 1;
	}
	c->row_bytes += len;
	if (c->row_bytes > MAX_ROW_BYTES) {
		/* a quote that never closes: stop rather than hold the rest of
		 * the file as one cell */
		imp->summary->rows++;
		imp->summary->rejected++;
		return pt__import_problem(imp, c->row_line, NULL, "a quoted cell that starts here "
					  "does not end (row longer than %u bytes)", MAX_ROW_BYTES);
	}
	if (csv_parse(&c->parser, s, len, on_field, on_row, c) != len)
		return pt__error(imp->db, PT_ENOMEM, "%s:%ld: cannot parse CSV: %s", imp->name,
				 c->line, csv_strerror(csv_error(&c->parser)));
	return c->rc;
}

/* Splits a stream of bytes into lines; `pending` holds a line not yet ended. */
static int feed_bytes(struct csv *c, pt__buf *pending, const char *s, size_t len, int last)
{
	size_t start = 0, i = 0;
	int rc;

	while (i < len) {
		char ch = s[i];
		if (ch != '\n' && ch != '\r') {
			i++;
			continue;
		}
		if (ch == '\r') {
			if (i + 1 == len && !last)
				break; /* is a '\n' next? wait for more */
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		}
		i++;
		if (pending->len) {
			if (pt__buf_add(pending, s + start, i - start))
				return pending->failed && pending->len < MAX_ROW_BYTES ? PT_ENOMEM
					: pt__import_problem(c->imp, c->line + 1, NULL, "line longer "
							     "than %u bytes", MAX_ROW_BYTES);
			rc = feed_line(c, pending->data, pending->len);
			pt__buf_reset(pending);
		} else {
			rc = feed_line(c, s + start, i - start);
		}
		if (rc)
			return rc;
		start = i;
	}
	if (start < len && pt__buf_add(pending, s + start, len - start))
		return pt__import_problem(c->imp, c->line + 1, NULL, "line longer than %u bytes",
					  MAX_ROW_BYTES);
	if (last && pending->len) {
		rc = feed_line(c, pending->data, pending->len);
		pt__buf_reset(pending);
		return rc;
	}
	return PT_OK;
}

/* ---- the reader ------------------------------------------------------------------ */

static int read_csv(pt__import *imp, pt__input *in, pt__record_fn fn, pt__csv_row_fn row_fn,
		    void *row_ctx);

struct ahead_job {
	pt__input *in;
	pt__record_fn fn;
};

static int read_ahead(pt__import *shadow, void *ctx)
{
	struct ahead_job *job = ctx;
	return read_csv(shadow, job->in, job->fn, NULL, NULL);
}

/* A register of persons large enough is read ahead on a second thread
 * (ahead.c) while the calling thread loads its rows. */
int pt__read_csv(pt__import *imp, pt__input *in, pt__record_fn fn)
{
	if (pt__ahead_wanted(imp, in->bytes_total)) {
		struct ahead_job job = { in, fn };
		int ran, rc = pt__ahead_run(imp, read_ahead, &job, &ran);
		if (ran)
			return rc;
	}
	return read_csv(imp, in, fn, NULL, NULL);
}

int pt__csv_rows(pt_db *db, const char *name, const char *data, size_t len, char delimiter,
		 pt__csv_row_fn fn, void *ctx, pt_import_summary **problems)
{
	pt__import imp;
	pt__sheet sheet;
	pt__mapping mapping;
	pt__input in;
	int rc;

	static const pt_import_options no_options;
	memset(&sheet, 0, sizeof sheet);
	memset(&mapping, 0, sizeof mapping);
	sheet.opts = &no_options;
	memset(&in, 0, sizeof in);
	*problems = NULL;
	mapping.delimiter = delimiter;
	mapping.header_line = 1;
	mapping.date_order = -1;
	sheet.mapping = &mapping;
	sheet.kind = PT__KIND_PERSON;
	pt__import_init(&imp, db, name);
	imp.sheet = &sheet;
	if (!(imp.summary = calloc(1, sizeof *imp.summary)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	/* the whole text as the sample; nothing more to read */
	in.sample = (char *)data;
	in.sample_len = len;
	pt__sha256_init(&in.sha);
	rc = read_csv(&imp, &in, NULL, fn, ctx);
	pt__strmap_free(sheet.listed);
	pt__import_release(&imp);
	*problems = imp.summary;
	return rc;
}

/* The file's encoding: declared, a byte order mark, else UTF-8 if it is
 * UTF-8. *bom: the mark's length, 0 when there is none or another
 * encoding was declared. */
static pt__encoding choose_encoding(pt__import *imp, pt__input *in, size_t *bom)
{
	pt__encoding enc = imp->sheet->encoding, bom_enc = PT__ENC_UNKNOWN;

	*bom = pt__encoding_bom(in->sample, in->sample_len, &bom_enc);
	if (enc == PT__ENC_UNKNOWN)
		enc = *bom ? bom_enc : PT__ENC_UNKNOWN;
	if (enc == PT__ENC_UTF16LE && bom_enc == PT__ENC_UTF16BE)
		enc = PT__ENC_UTF16BE; /* "utf-16" declared, the mark says which */
	if (enc == PT__ENC_UTF32LE && bom_enc == PT__ENC_UTF32BE)
		enc = PT__ENC_UTF32BE;
	if (*bom && bom_enc != enc)
		*bom = 0; /* declared otherwise: read the bytes as declared */
	if (!*bom) {
		/* no mark: UTF-16 and UTF-32 show in their zero bytes, and are
		 * never read as UTF-8 (a file declared "utf-16" may be big-endian) */
		pt__encoding wide = pt__encoding_sniff(in->sample, in->sample_len);
		if (enc == PT__ENC_UNKNOWN)
			enc = wide;
		else if (enc == PT__ENC_UTF16LE && wide == PT__ENC_UTF16BE)
			enc = PT__ENC_UTF16BE;
		else if (enc == PT__ENC_UTF32LE && wide == PT__ENC_UTF32BE)
			enc = PT__ENC_UTF32BE;
	}
	if (enc == PT__ENC_UNKNOWN)
		enc = pt__input_is_utf8(in) ? PT__ENC_UTF8 : PT__ENC_CP1252;
	return enc;
}

/* Feeds the file after its mark to the parser, chunk by chunk (UTF-16 and
 * UTF-32 converted to UTF-8 on the way, by utf16). */
static int stream(struct csv *c, pt__input *in, pt__transcoder *utf16, size_t bom,
		  pt__encoding enc, pt__buf *pending)
{
	char chunk[65536];
	int rc = PT_OK;

	if (bom)
		(void)pt__input_read(in, chunk, bom);
	for (;;) {
		size_t n = pt__input_read(in, chunk, sizeof chunk);
		int last = n == 0;
		if (utf16) {
			uint64_t bad = 0;
			pt__buf converted = PT__BUF_INIT;
			rc = pt__transcoder_run(utf16, chunk, n, last, &converted, &bad);
			if (rc == PT_EINVAL) {
				pt__buf_release(&converted);
				return pt__import_problem(c->imp, c->line + 1, NULL, "invalid %s at byte "
							  "%llu of the file", pt__encoding_name(enc),
							  (unsigned long long)(bad + bom));
			}
			if (rc == PT_OK)
				rc = feed_bytes(c, pending, converted.data ? converted.data : "",
						converted.len, last);
			pt__buf_release(&converted);
		} else {
			rc = feed_bytes(c, pending, chunk, n, last);
		}
		if (rc || last)
			return rc;
	}
}

/* After the last byte: a row a quote left open, the parser's last row, a
 * file with no header. */
static int finish(struct csv *c, pt__input *in, int rc)
{
	pt__import *imp = c->imp;
	if (in->failed && rc == PT_OK)
		rc = pt__error(imp->db, PT_EIO, "%s: cannot read: %s", imp->name, strerror(in->failed));
	if (rc == PT_OK && c->in_row && c->last_line_ended && c->header_done) {
		/* a quote opened and never closed: the row ran to the end */
		imp->summary->rows++;
		imp->summary->rejected++;
		pt__import_problem(imp, c->row_line, NULL, "a quoted cell that starts here does "
				   "not end");
		rc = write_reject(c);
		csv_fini(&c->parser, NULL, NULL, NULL);
	} else if (rc == PT_OK) {
		csv_fini(&c->parser, on_field, on_row, c);
		rc = c->rc;
	}
	if (rc == PT_OK && !c->header_done)
		rc = pt__import_problem(imp, 0, NULL, "the file is empty (no header row)");
	return rc;
}

static void layout_free(void *layout)
{
	pt__layout_free(layout);
}

static int read_csv(pt__import *imp, pt__input *in, pt__record_fn fn, pt__csv_row_fn row_fn,
		    void *row_ctx)
{
	pt__sheet *sh = imp->sheet;
	struct csv c;
	pt__transcoder *utf16 = NULL;
	pt__encoding enc;
	pt__buf pending = PT__BUF_INIT, sample_text = PT__BUF_INIT;
	const char *sample;
	size_t sample_len, bom;
	int rc = PT_OK;

	memset(&c, 0, sizeof c);
	c.imp = imp;
	c.fn = fn;
	c.row_fn = row_fn;
	c.row_ctx = row_ctx;
	c.in = in;
	c.raw.max = MAX_ROW_BYTES * 4;
	c.cellbuf.max = MAX_ROW_BYTES;

	enc = choose_encoding(imp, in, &bom);
	imp->summary->encoding = pt__strdup(pt__encoding_name(enc));
	sh->encoding = enc;
	c.enc = enc;
	if (pt__encoding_is_wide(enc)) {
		/* UTF-16 is read as UTF-8: convert the stream before it is split */
		pt__transcoder *probe = NULL;
		uint64_t bad = 0;
		if (pt__transcoder_open(&probe, enc, PT__ENC_UTF8) ||
		    pt__transcoder_open(&utf16, enc, PT__ENC_UTF8)) {
			pt__transcoder_free(probe);
			rc = pt__error(imp->db, PT_EIO, "cannot convert from %s", pt__encoding_name(enc));
			goto cleanup;
		}
		pt__transcoder_run(probe, in->sample + bom, (in->sample_len - bom) & ~(size_t)3, 0,
				   &sample_text, &bad);
		pt__transcoder_free(probe);
		sample = sample_text.data ? sample_text.data : "";
		sample_len = sample_text.len;
		c.enc = PT__ENC_UTF8;
	} else {
		sample = in->sample + bom;
		sample_len = in->sample_len - bom;
	}

	c.delimiter = sh->mapping && sh->mapping->delimiter ? sh->mapping->delimiter
		    : pt__csv_detect_delimiter(sample, sample_len);
	c.header_line = sh->mapping && sh->mapping->header_line ? sh->mapping->header_line
		      : detect_header(imp, c.enc, c.delimiter, sample, sample_len);
	imp->summary->delimiter = c.delimiter;
	imp->summary->header_line = c.header_line;

	if (csv_init(&c.parser, CSV_APPEND_NULL)) {
		rc = pt__error(imp->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	csv_set_delim(&c.parser, (unsigned char)c.delimiter);
	csv_set_space_func(&c.parser, space_only);
	/* libcsv grows a cell's buffer by this much at a time (128 bytes by
	 * default): a cell of megabytes would be copied over and over */
	csv_set_blk_size(&c.parser, 64 << 10);

	rc = finish(&c, in, stream(&c, in, utf16, bom, enc, &pending));
cleanup:
	csv_free(&c.parser);
	pt__transcoder_free(utf16);
	if (imp->ahead && c.layout) {
		/* the persons handed on point into it: kept until they are loaded */
		int kept = pt__ahead_keep(imp, c.layout, layout_free);
		if (kept && rc == PT_OK)
			rc = kept;
	} else {
		pt__layout_free(c.layout);
	}
	pt__buf_release(&pending);
	pt__buf_release(&sample_text);
	pt__buf_release(&c.raw);
	pt__buf_release(&c.header_raw);
	pt__buf_release(&c.cellbuf);
	pt__buf_release(&c.text);
	free(c.cell_off);
	free(c.cells);
	return rc;
}

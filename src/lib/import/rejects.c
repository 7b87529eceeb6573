/*
 * rejects.c - the rejects file of `import --skip-invalid --rejects FILE`:
 * for CSV, the lines above the header and the header, then every rejected
 * row byte for byte as the file held it, each with its reason in an added
 * last column (in the file's own encoding), so that nothing is lost and the
 * file can be mended and imported again with the same mapping; for JSON, one
 * object a line: {"line": N, "reason": "...", "record": {...}}.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/outfile.h"
#include "import/sheet.h"

struct pt__rejects {
	pt__import *imp;
	pt_output *out;            /* written whole or not at all (outfile.c) */
	FILE *f;
	char delimiter;
	pt__encoding enc;
	const char *line_end;
	int failed;
};

int pt__rejects_open(pt__import *imp, const char *path, const char *input, pt__rejects **out)
{
	const pt_import_options *opts = imp->sheet->opts;
	pt__rejects *rj = calloc(1, sizeof *rj);
	const char **inputs = calloc(opts->input_count + 2, sizeof *inputs);
	size_t count = 0;
	int rc;

	*out = NULL;
	if (!rj || !inputs) {
		free(rj);
		free(inputs);
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	}
	/* never over the database, the file being read, its mapping, or any
	 * other file of the command */
	inputs[count++] = input;
	inputs[count++] = opts->mapping;
	for (size_t i = 0; i < opts->input_count; i++)
		inputs[count++] = opts->inputs[i];
	rc = pt_output_open(imp->db, path, inputs, count, &rj->out);
	free(inputs);
	if (rc) {
		pt__buf msg = PT__BUF_INIT;
		pt__buf_printf(&msg, "the rejects file: %s", pt_db_errmsg(imp->db));
		pt__error(imp->db, rc, "%s", pt__buf_str(&msg));
		pt__buf_release(&msg);
		free(rj);
		return rc;
	}
	rj->imp = imp;
	rj->f = pt_output_stream(rj->out);
	rj->line_end = "\n";
	rj->delimiter = ',';
	*out = rj;
	return PT_OK;
}

static void put(pt__rejects *rj, const char *data, size_t len)
{
	if (len && fwrite(data, 1, len, rj->f) != len)
		rj->failed = errno ? errno : EIO;
}

/* UTF-8 text in the file's encoding */
static int put_text(pt__rejects *rj, const char *text)
{
	pt__transcoder *t = NULL;
	pt__buf out = PT__BUF_INIT;
	uint64_t bad;
	if (rj->enc == PT__ENC_UTF8 || rj->enc == PT__ENC_UNKNOWN) {
		put(rj, text, strlen(text));
		return PT_OK;
	}
	if (pt__transcoder_open(&t, PT__ENC_UTF8, rj->enc))
		return pt__error(rj->imp->db, PT_EIO, "cannot convert to %s", pt__encoding_name(rj->enc));
	pt__transcoder_run(t, text, strlen(text), 1, &out, &bad);
	pt__transcoder_free(t);
	put(rj, out.data ? out.data : "", out.len);
	pt__buf_release(&out);
	return PT_OK;
}

/* raw without its line end, then DELIMITER "reason" and the line end */
static int put_row(pt__rejects *rj, const char *raw, size_t len, const char *reason)
{
	pt__buf cell = PT__BUF_INIT;
	size_t end = len;
	const char *line_end = rj->line_end;
	int rc;

	while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r'))
		end--;
	if (end < len)
		line_end = raw + end; /* the row's own line end */
	pt__buf_putc(&cell, rj->delimiter);
	pt__buf_putc(&cell, '"');
	for (const char *p = reason; *p; p++) {
		if (*p == '"')
			pt__buf_putc(&cell, '"');
		pt__buf_putc(&cell, *p);
	}
	pt__buf_putc(&cell, '"');
	if (cell.failed) {
		pt__buf_release(&cell);
		return PT_ENOMEM;
	}
	if (rj->enc == PT__ENC_UTF16LE || rj->enc == PT__ENC_UTF16BE) {
		/* the row was read as UTF-8: write it back in UTF-16 */
		pt__buf all = PT__BUF_INIT;
		pt__buf_add(&all, raw, end);
		pt__buf_puts(&all, cell.data);
		pt__buf_add(&all, line_end, end < len ? len - end : strlen(line_end));
		rc = all.failed ? PT_ENOMEM : put_text(rj, pt__buf_str(&all));
		pt__buf_release(&all);
	} else {
		put(rj, raw, end);
		rc = put_text(rj, cell.data);
		put(rj, line_end, end < len ? len - end : strlen(line_end));
	}
	pt__buf_release(&cell);
	return rc;
}

int pt__rejects_csv_header(pt__rejects *rj, const char *raw, size_t len, char delimiter,
			   pt__encoding enc)
{
	size_t last_start = 0;
	rj->delimiter = delimiter;
	rj->enc = enc;
	if (enc == PT__ENC_UTF16LE)
		put(rj, "\xff\xfe", 2);
	else if (enc == PT__ENC_UTF16BE)
		put(rj, "\xfe\xff", 2);
	/* the lines above the header as they were; the header gets the column */
	for (size_t i = 0; i + 1 < len; i++)
		if (raw[i] == '\n' || (raw[i] == '\r' && raw[i + 1] != '\n'))
			last_start = i + 1;
	for (size_t i = 0; i < len; i++)
		if (raw[i] == '\r' || raw[i] == '\n') {
			rj->line_end = raw[i] == '\r' && i + 1 < len && raw[i + 1] == '\n' ? "\r\n"
				     : raw[i] == '\r' ? "\r" : "\n";
			break;
		}
	if (enc == PT__ENC_UTF16LE || enc == PT__ENC_UTF16BE) {
		pt__buf above = PT__BUF_INIT;
		int rc;
		pt__buf_add(&above, raw, last_start);
		rc = above.failed ? PT_ENOMEM : put_text(rj, pt__buf_str(&above));
		pt__buf_release(&above);
		if (rc)
			return rc;
	} else {
		put(rj, raw, last_start);
	}
	return put_row(rj, raw + last_start, len - last_start, "reject_reason");
}

int pt__rejects_csv_row(pt__rejects *rj, const char *raw, size_t len, const char *reason)
{
	int rc = put_row(rj, raw, len, reason);
	if (rc == PT_OK)
		rj->imp->summary->rejects_written++;
	return rc;
}

int pt__rejects_json(pt__rejects *rj, long line, json_t *record, const char *raw, size_t len,
		     const char *reason)
{
	json_t *obj = json_pack("{s:I, s:s}", "line", (json_int_t)line, "reason", reason);
	char *text;
	if (!obj)
		return PT_ENOMEM;
	if (record)
		json_object_set(obj, "record", record);
	else if (raw)
		json_object_set_new(obj, "raw", json_stringn(raw, len));
	text = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	if (!text)
		return PT_ENOMEM;
	put(rj, text, strlen(text));
	put(rj, "\n", 1);
	free(text);
	rj->imp->summary->rejects_written++;
	return PT_OK;
}

int pt__rejects_flush(pt__rejects *rj)
{
	char why[160];
	if (!rj->failed && (fflush(rj->f) != 0 || ferror(rj->f)))
		rj->failed = errno ? errno : EIO;
	if (rj->failed)
		return pt__error(rj->imp->db, PT_EIO, "%s: cannot write the rejects file: %s",
				 pt_output_name(rj->out), pt__errno_text(rj->failed, why, sizeof why));
	return PT_OK;
}

int pt__rejects_close(pt__rejects *rj, int keep)
{
	int rc = PT_OK;
	if (!rj)
		return PT_OK;
	if (keep && (rc = pt__rejects_flush(rj)) == PT_OK)
		rc = pt_output_commit(rj->out);
	else
		pt_output_abort(rj->out);
	free(rj);
	return rc;
}

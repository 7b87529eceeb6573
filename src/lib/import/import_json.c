/*
 * import_json.c - the JSON reader: a document (an array of person records,
 * or an object whose keys say what it holds) or JSON Lines, turned into
 * canonical records with the line each one starts on.
 *
 * jansson parses; it keeps no positions, so a small scanner walks the
 * (already valid) text once to find the line where each record begins.
 */
#include <stdlib.h>
#include <string.h>

#include <errno.h>

#include "import/sheet.h"

/* Collection keys of a top-level object, in the order they are loaded:
 * sources before the camps and persons that cite them, and so on. */
static const pt__kind load_order[] = {
	PT__KIND_SOURCE, PT__KIND_CAMP, PT__KIND_LOCATION, PT__KIND_OPERATION, PT__KIND_PERSON,
	PT__KIND_CLAIM,
};

struct lines {
	long *line[PT__KIND_COUNT + 1]; /* [PT__KIND_COUNT]: a top-level array */
	size_t count[PT__KIND_COUNT + 1];
};

static int kind_of_key(const char *key, size_t len)
{
	for (int k = 0; k < PT__KIND_COUNT; k++) {
		const char *name = pt__kind_plural((pt__kind)k);
		if (strlen(name) == len && !memcmp(name, key, len))
			return k;
	}
	return -1;
}

static int push_line(struct lines *lines, int slot, long line)
{
	long *grown = realloc(lines->line[slot], (lines->count[slot] + 1) * sizeof *grown);
	if (!grown)
		return PT_ENOMEM;
	grown[lines->count[slot]++] = line;
	lines->line[slot] = grown;
	return PT_OK;
}

/* Finds the line of every element of a top-level array, or of every element
 * of the arrays under a top-level object's collection keys. */
static int scan_lines(const char *s, size_t len, struct lines *lines)
{
	char stack[4];
	int depth = 0, slot = -1, expect_value = 0, expect_key = 0;
	const char *key = NULL;
	long line = 1;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\n') {
			line++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r')
			continue;
		if (expect_value && c != ']') {
			int target = depth == 1 ? PT__KIND_COUNT : slot;
			if (target >= 0 && push_line(lines, target, line))
				return PT_ENOMEM;
			expect_value = 0;
		}
		if (c == '"') {
			size_t start = ++i;
			while (i < len && s[i] != '"') {
				if (s[i] == '\\')
					i++;
				i++;
			}
			if (expect_key) {
				key = s + start;
				slot = kind_of_key(key, i - start);
				expect_key = 0;
			}
			continue;
		}
		if (c == '[' || c == '{') {
			if (depth < (int)sizeof stack)
				stack[depth] = c;
			depth++;
			if (c == '[' && (depth == 1 || (depth == 2 && stack[0] == '{')))
				expect_value = 1;
			if (c == '{' && depth == 1)
				expect_key = 1;
		} else if (c == ']' || c == '}') {
			depth--;
			expect_value = 0;
		} else if (c == ',') {
			if (depth == 1 && stack[0] == '[')
				expect_value = 1;
			else if (depth == 2 && stack[0] == '{' && stack[1] == '[')
				expect_value = 1;
			else if (depth == 1 && stack[0] == '{')
				expect_key = 1;
		}
	}
	return PT_OK;
}

static long line_at(const struct lines *lines, int slot, size_t index)
{
	return index < lines->count[slot] ? lines->line[slot][index] : 0;
}

static int syntax_problem(pt__import *imp, const json_error_t *err)
{
	return pt__import_problem(imp, err->line > 0 ? err->line : 0, NULL,
				  "cannot read JSON: %s (column %d)", err->text, err->column);
}

static int read_array(pt__import *imp, json_t *array, const struct lines *lines,
		      int slot, pt__kind kind, pt__record_fn fn)
{
	size_t i;
	json_t *record;
	int rc;

	json_array_foreach(array, i, record) {
		long line = line_at(lines, slot, i);
		imp->summary->rows++;
		if (!json_is_object(record)) {
			imp->summary->rejected++;
			if ((rc = pt__import_problem(imp, line, NULL, "%s %zu: expected an object",
						     pt__kind_name(kind), i + 1)) == PT_ENOMEM)
				return rc;
			continue;
		}
		if ((rc = fn(imp, kind, record, line)) && rc != PT_EINVAL)
			return rc;
	}
	return PT_OK;
}

/* The line of the first "key": in the text (1 if not found). */
static long key_line(const char *data, size_t len, const char *key)
{
	size_t n = strlen(key);
	long line = 1;
	for (size_t i = 0; i + n + 2 <= len; i++) {
		if (data[i] == '\n')
			line++;
		else if (data[i] == '"' && !memcmp(data + i + 1, key, n) && data[i + n + 1] == '"')
			return line;
	}
	return 1;
}

static int read_document(pt__import *imp, json_t *doc, const char *data, size_t len,
			 pt__kind array_kind, pt__record_fn fn)
{
	struct lines lines = { { 0 }, { 0 } };
	const char *key;
	json_t *value;
	int rc = scan_lines(data, len, &lines);

	if (rc)
		goto cleanup;
	if (json_is_array(doc)) {
		rc = read_array(imp, doc, &lines, PT__KIND_COUNT, array_kind, fn);
		goto cleanup;
	}
	if (!json_is_object(doc)) {
		rc = pt__import_problem(imp, 1, NULL,
					"expected an array of records or an object of collections");
		goto cleanup;
	}
	json_object_foreach(doc, key, value) {
		if (kind_of_key(key, strlen(key)) < 0) {
			rc = pt__import_problem(imp, key_line(data, len, key), key, "unknown collection (expected "
						"sources, camps, operations, persons or claims)");
			goto cleanup;
		}
		if (!json_is_array(value)) {
			rc = pt__import_problem(imp, 1, key, "expected an array");
			goto cleanup;
		}
	}
	if (imp->summary->kind) { /* what the document holds: "source", "camp,person" */
		pt__buf kinds = PT__BUF_INIT;
		for (size_t k = 0; k < sizeof load_order / sizeof *load_order; k++)
			if (json_object_get(doc, pt__kind_plural(load_order[k])))
				pt__buf_printf(&kinds, "%s%s", kinds.len ? "," : "",
					       pt__kind_name(load_order[k]));
		if (kinds.len && !kinds.failed) {
			free(imp->summary->kind);
			imp->summary->kind = pt__buf_detach(&kinds);
		}
		pt__buf_release(&kinds);
	}
	for (size_t k = 0; k < sizeof load_order / sizeof *load_order; k++) {
		json_t *array = json_object_get(doc, pt__kind_plural(load_order[k]));
		if (array && (rc = read_array(imp, array, &lines, (int)load_order[k],
					      load_order[k], fn)))
			goto cleanup;
	}
cleanup:
	for (int k = 0; k <= PT__KIND_COUNT; k++)
		free(lines.line[k]);
	return rc;
}

/* One line of JSON Lines, data[a..b) with its white space trimmed. */
static int read_one_line(pt__import *imp, const char *data, size_t a, size_t b, long line,
			 pt__kind kind, pt__record_fn fn)
{
	json_error_t err;
	json_t *record;
	int rc;

	while (a < b && strchr(" \t\r", data[a]))
		a++;
	while (b > a && strchr(" \t\r", data[b - 1]))
		b--;
	if (a == b)
		return PT_OK;
	imp->summary->rows++;
	record = json_loadb(data + a, b - a, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
	if (!record || !json_is_object(record)) {
		imp->summary->rejected++;
		pt__record_begin(imp);
		if (record)
			rc = pt__import_problem(imp, line, NULL, "expected an object");
		else
			rc = pt__import_problem(imp, line, NULL, "cannot read JSON: %s (column %d)",
						err.text, err.column);
		json_decref(record);
		if (rc == PT_ENOMEM)
			return rc;
		if ((rc = pt__reject_note(imp, line, data + a, b - a)))
			return rc;
		if (imp->sheet && imp->sheet->rejects)
			return pt__rejects_json(imp->sheet->rejects, line, NULL, data + a, b - a,
						imp->reasons.data ? imp->reasons.data : "");
		return PT_OK;
	}
	rc = fn(imp, kind, record, line);
	json_decref(record);
	return rc && rc != PT_EINVAL ? rc : PT_OK;
}

static int read_lines(pt__import *imp, const char *data, size_t len, pt__kind kind,
		      pt__record_fn fn)
{
	size_t start = 0;
	long line = 0;
	int rc;

	while (start < len) {
		const char *nl = memchr(data + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - data) : len;
		line++;
		if ((rc = read_one_line(imp, data, start, end, line, kind, fn)))
			return rc;
		start = end + 1;
	}
	return PT_OK;
}

int pt__read_json_stream(pt__import *imp, pt__input *in, pt__kind kind, pt__record_fn fn)
{
	pt__buf pending = PT__BUF_INIT;
	char chunk[65536];
	long line = 0;
	size_t n, bad;
	int rc = PT_OK, first = 1;

	pending.max = 64u << 20;
	while ((n = pt__input_read(in, chunk, sizeof chunk)) > 0 || pending.len) {
		size_t start = 0;
		const char *s = chunk;
		if (first && n >= 3 && !memcmp(chunk, "\xef\xbb\xbf", 3))
			start = 3; /* a UTF-8 byte order mark */
		first = 0;
		if (n == 0) { /* the last line, without its line end */
			s = "\n";
			n = 1;
		}
		for (size_t i = start; i < n; i++) {
			const char *line_text;
			size_t line_len;
			if (s[i] != '\n')
				continue;
			if (pending.len) {
				if (pt__buf_add(&pending, s + start, i - start)) {
					rc = pt__import_problem(imp, line + 1, NULL, "line longer than %zu bytes",
								pending.max);
					goto cleanup;
				}
				line_text = pending.data;
				line_len = pending.len;
			} else {
				line_text = s + start;
				line_len = i - start;
			}
			line++;
			if (!pt__utf8_valid(line_text, line_len, &bad)) {
				imp->summary->rows++;
				imp->summary->rejected++;
				pt__record_begin(imp);
				if ((rc = pt__import_problem(imp, line, NULL, "invalid UTF-8: byte 0x%02x at "
							     "column %zu", (unsigned char)line_text[bad],
							     bad + 1)) == PT_ENOMEM)
					goto cleanup;
				rc = pt__reject_note(imp, line, line_text, line_len);
			} else {
				rc = read_one_line(imp, line_text, 0, line_len, line, kind, fn);
			}
			pt__buf_reset(&pending);
			if (rc)
				goto cleanup;
			start = i + 1;
		}
		if (start < n && pt__buf_add(&pending, s + start, n - start)) {
			rc = pt__import_problem(imp, line + 1, NULL, "line longer than %zu bytes",
						pending.max);
			goto cleanup;
		}
		if (s != chunk)
			break;
	}
	if (in->failed)
		rc = pt__error(imp->db, PT_EIO, "%s: cannot read: %s", imp->name, strerror(in->failed));
	else if (!imp->summary->rows && !imp->summary->error_count)
		rc = pt__import_problem(imp, 0, NULL, "the file is empty");
cleanup:
	pt__buf_release(&pending);
	return rc;
}

int pt__read_json(pt__import *imp, const char *data, size_t len, pt_format format,
		  pt__kind array_kind, pt__record_fn fn)
{
	json_error_t err;
	json_t *doc;
	size_t bad;
	int rc;

	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) { /* a UTF-8 byte order mark */
		data += 3;
		len -= 3;
	}
	if (!pt__utf8_valid(data, len, &bad)) {
		long line = 1;
		size_t line_start = 0;
		for (size_t i = 0; i < bad; i++)
			if (data[i] == '\n') {
				line++;
				line_start = i + 1;
			}
		return pt__import_problem(imp, line, NULL, "invalid UTF-8: byte 0x%02x at column %zu",
					  (unsigned char)data[bad], bad - line_start + 1);
	}
	{
		size_t i = 0;
		while (i < len && strchr(" \t\r\n", data[i]))
			i++;
		if (i == len)
			return pt__import_problem(imp, 0, NULL, "the file is empty");
	}
	if (format == PT_FORMAT_JSONL)
		return read_lines(imp, data, len, array_kind, fn);

	doc = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL,
			 &err);
	if (doc && format == PT_FORMAT_AUTO && json_is_object(doc) && (size_t)err.position < len) {
		/* one object, then more text: JSON Lines if the rest starts on a new line */
		size_t i = err.position;
		int newline = 0;
		while (i < len && strchr(" \t\r\n", data[i]))
			newline |= data[i++] == '\n';
		if (i < len && newline && data[i] == '{') {
			json_decref(doc);
			return read_lines(imp, data, len, array_kind, fn);
		}
	}
	if (doc) {
		json_decref(doc);
		doc = NULL;
	}
	doc = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!doc)
		return syntax_problem(imp, &err);
	rc = read_document(imp, doc, data, len, array_kind, fn);
	json_decref(doc);
	return rc;
}

/*
 * import.c - the import driver: reads a file, records the batch, runs the
 * reader and the loaders inside one transaction, and commits only when
 * every record was good, so that a file imports whole or not at all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import.h"

#define MAX_FILE_BYTES ((size_t)1 << 30)

const char *pt__kind_name(pt__kind kind)
{
	static const char *const names[] = { "source", "camp", "operation", "person", "claim" };
	return kind < PT__KIND_COUNT ? names[kind] : "record";
}

const char *pt__kind_plural(pt__kind kind)
{
	static const char *const names[] = { "sources", "camps", "operations", "persons", "claims" };
	return kind < PT__KIND_COUNT ? names[kind] : "records";
}

int pt__import_problem(pt__import *imp, long line, const char *field, const char *fmt, ...)
{
	pt_import_summary *sum = imp->summary;
	pt__buf msg = PT__BUF_INIT;
	pt_import_error *errors;
	va_list ap;

	va_start(ap, fmt);
	pt__buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.failed)
		goto nomem;
	if (sum->error_count == 0) {
		pt__buf first = PT__BUF_INIT;
		if (line > 0)
			pt__buf_printf(&first, "%s:%ld: ", imp->name, line);
		else
			pt__buf_printf(&first, "%s: ", imp->name);
		if (field)
			pt__buf_printf(&first, "%s: ", field);
		pt__buf_puts(&first, pt__buf_str(&msg));
		pt__error(imp->db, PT_EINVAL, "%s", pt__buf_str(&first));
		pt__buf_release(&first);
	}
	errors = realloc(sum->errors, (sum->error_count + 1) * sizeof *errors);
	if (!errors)
		goto nomem;
	sum->errors = errors;
	errors[sum->error_count].line = line;
	errors[sum->error_count].field = pt__strdup(field);
	errors[sum->error_count].message = pt__buf_detach(&msg);
	sum->error_count++;
	imp->record_failed = 1;
	return PT_EINVAL;
nomem:
	pt__buf_release(&msg);
	return PT_ENOMEM;
}

static int read_all(pt_db *db, const char *path, const char *name, char **data_out,
		    size_t *len_out)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	pt__buf data = PT__BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		return pt__error(db, errno == ENOENT ? PT_ENOTFOUND : PT_EIO,
				 "%s: cannot open: %s", name, strerror(errno));
	data.max = MAX_FILE_BYTES + 1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (pt__buf_add(&data, chunk, n)) {
			int too_big = data.failed && data.len + n >= MAX_FILE_BYTES;
			pt__buf_release(&data);
			if (f != stdin)
				fclose(f);
			return too_big ? pt__error(db, PT_EINVAL, "%s: larger than %zu bytes",
						   name, MAX_FILE_BYTES)
				       : pt__error(db, PT_ENOMEM, "%s: out of memory", name);
		}
	}
	if (ferror(f)) {
		int err = errno;
		pt__buf_release(&data);
		if (f != stdin)
			fclose(f);
		return pt__error(db, PT_EIO, "%s: cannot read: %s", name, strerror(err));
	}
	if (f != stdin)
		fclose(f);
	*len_out = data.len;
	*data_out = pt__buf_detach(&data);
	return *data_out ? PT_OK : pt__error(db, PT_ENOMEM, "out of memory");
}

static pt_format detect_format(const char *name, pt_format asked)
{
	const char *dot = strrchr(name, '.');
	if (asked != PT_FORMAT_AUTO)
		return asked;
	if (dot && (!strcmp(dot, ".jsonl") || !strcmp(dot, ".ndjson")))
		return PT_FORMAT_JSONL;
	return PT_FORMAT_AUTO; /* the JSON reader tells a document from lines */
}

static int record_batch(pt__import *imp, const char *data, size_t len, pt_format format)
{
	static const char sql[] =
		"INSERT INTO import_batch(file, sha256, bytes, format, started_at) "
		"VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
	sqlite3_stmt *stmt = NULL;
	pt__sha256 hash;
	char hex[65];
	int rc;

	pt__sha256_init(&hash);
	pt__sha256_update(&hash, data, len);
	pt__sha256_hex(&hash, hex);
	if ((rc = pt__prepare(imp->db, &stmt, sql)))
		return rc;
	sqlite3_bind_text(stmt, 1, imp->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, hex, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)len);
	sqlite3_bind_text(stmt, 4, format == PT_FORMAT_JSONL ? "jsonl" : "json", -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		rc = pt__sql_error(imp->db, "cannot record the import batch");
	imp->batch_id = sqlite3_last_insert_rowid(imp->db->sql);
	sqlite3_finalize(stmt);
	return rc;
}

static int finish_batch(pt__import *imp)
{
	static const char sql[] =
		"UPDATE import_batch SET rows = ?, inserted = ?, updated = ?, "
		"unchanged = ?, rejected = ? WHERE id = ?";
	pt_import_summary *s = imp->summary;
	sqlite3_stmt *stmt = NULL;
	int rc = pt__prepare(imp->db, &stmt, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(stmt, 1, s->rows);
	sqlite3_bind_int64(stmt, 2, s->inserted);
	sqlite3_bind_int64(stmt, 3, s->updated);
	sqlite3_bind_int64(stmt, 4, s->unchanged);
	sqlite3_bind_int64(stmt, 5, s->rejected);
	sqlite3_bind_int64(stmt, 6, imp->batch_id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		rc = pt__sql_error(imp->db, "cannot record the import batch");
	sqlite3_finalize(stmt);
	return rc;
}

int pt_import_file(pt_db *db, const char *path, const pt_import_options *opts,
		   pt_import_summary **summary_out)
{
	pt_import_options defaults = { PT_FORMAT_AUTO, NULL };
	pt__import imp = { 0 };
	char *data = NULL;
	size_t len = 0;
	pt_format format;
	int rc, in_tx = 0;

	*summary_out = NULL;
	if (!opts)
		opts = &defaults;
	imp.db = db;
	imp.name = opts->display_name ? opts->display_name
				      : strcmp(path, "-") ? path : "<stdin>";
	if ((rc = read_all(db, path, imp.name, &data, &len)))
		return rc;
	imp.summary = calloc(1, sizeof *imp.summary);
	if (!imp.summary || !(imp.summary->file = pt__strdup(imp.name))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	format = detect_format(imp.name, opts->format);

	if ((rc = pt__exec(db, "BEGIN IMMEDIATE")))
		goto cleanup;
	in_tx = 1;
	if ((rc = record_batch(&imp, data, len, format)) || (rc = pt__load_begin(&imp)))
		goto cleanup;
	rc = pt__read_json(&imp, data, len, format, pt__load_record);
	if (rc == PT_OK && imp.summary->error_count)
		rc = PT_EINVAL;
	if (rc == PT_EINVAL) /* nothing of the file is kept */
		imp.summary->inserted = imp.summary->updated = imp.summary->unchanged = 0;
	if (rc == PT_OK && (rc = finish_batch(&imp)) == PT_OK &&
	    (rc = pt__exec(db, "COMMIT")) == PT_OK)
		in_tx = 0;

cleanup:
	pt__load_end(&imp);
	if (in_tx) {
		/* keep the message that says why, not the rollback's */
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	}
	if (rc == PT_OK)
		pt__buf_reset(&db->errmsg);
	pt__buf_release(&imp.field);
	free(data);
	if (imp.summary && (rc == PT_OK || rc == PT_EINVAL))
		*summary_out = imp.summary;
	else
		pt_import_summary_free(imp.summary);
	return rc;
}

void pt_import_summary_free(pt_import_summary *summary)
{
	if (!summary)
		return;
	for (size_t i = 0; i < summary->error_count; i++) {
		free(summary->errors[i].field);
		free(summary->errors[i].message);
	}
	free(summary->errors);
	free(summary->file);
	free(summary);
}

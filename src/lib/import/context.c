/*
 * context.c - the import context: what every reader and loader of one
 * import shares, at the bottom of import/ so that none of them calls the
 * driver back. It gathers the problems of the records ("FILE:LINE: FIELD:
 * MESSAGE"), the reasons of the current record for the rejects file, the
 * rejected records kept in import_reject, the progress ticks, and the
 * savepoint a record takes when what it writes must go with it (or the
 * rows it wrote without one, deleted if it is rejected).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import/import.h"

#define MAX_LISTED_ERRORS 10000 /* problems kept in the summary; the rest are counted */

const char *pt__kind_name(pt__kind kind)
{
	static const char *const names[] = { "source", "camp", "operation", "person", "claim",
					     "location" };
	return kind < PT__KIND_COUNT ? names[kind] : "record";
}

const char *pt__kind_plural(pt__kind kind)
{
	static const char *const names[] = { "sources", "camps", "operations", "persons", "claims",
					     "locations" };
	return kind < PT__KIND_COUNT ? names[kind] : "records";
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void pt__import_init(pt__import *imp, pt_db *db, const char *name)
{
	memset(imp, 0, sizeof *imp);
	imp->db = db;
	imp->name = name;
	imp->started = now_seconds();
}

void pt__import_release(pt__import *imp)
{
	for (int i = 0; i < 3; i++)
		sqlite3_finalize(imp->savepoint[i]);
	for (size_t i = 0; i < sizeof imp->undo_stmt / sizeof *imp->undo_stmt; i++)
		sqlite3_finalize(imp->undo_stmt[i]);
	free(imp->undo);
	imp->undo = NULL;
	imp->undo_count = imp->undo_cap = 0;
	memset(imp->undo_stmt, 0, sizeof imp->undo_stmt);
	sqlite3_finalize(imp->reject_stmt);
	pt__buf_release(&imp->reasons);
	imp->reject_stmt = NULL;
	imp->field_column = NULL;
	memset(imp->savepoint, 0, sizeof imp->savepoint);
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
	if (field && imp->field_column) {
		/* a flat row: name the column, not the canonical record's path */
		const char *column = imp->field_column(imp->field_ctx, field);
		if (column)
			field = column;
	}
	if (sum->error_count == 0) {
		pt__buf first = PT__BUF_INIT;
		if (imp->worksheet && line > 0)
			pt__buf_printf(&first, "%s:%s!%ld: ", imp->name, imp->worksheet, line);
		else if (imp->worksheet)
			pt__buf_printf(&first, "%s:%s: ", imp->name, imp->worksheet);
		else if (line > 0)
			pt__buf_printf(&first, "%s:%ld: ", imp->name, line);
		else
			pt__buf_printf(&first, "%s: ", imp->name);
		if (field)
			pt__buf_printf(&first, "%s: ", field);
		pt__buf_puts(&first, pt__buf_str(&msg));
		pt__error(imp->db, PT_EINVAL, "%s", pt__buf_str(&first));
		pt__buf_release(&first);
	}
	/* the current record's reasons, for the rejects file */
	if (imp->reasons.len)
		pt__buf_puts(&imp->reasons, "; ");
	if (field)
		pt__buf_printf(&imp->reasons, "%s: ", field);
	pt__buf_puts(&imp->reasons, pt__buf_str(&msg));
	if (sum->error_count >= MAX_LISTED_ERRORS) {
		sum->errors_not_listed++;
		pt__buf_release(&msg);
		imp->record_failed = 1;
		return PT_EINVAL;
	}
	/* room doubles at each power of two (errors are many on a bad file) */
	errors = !pt__room_needed(sum->error_count) ? sum->errors
		: realloc(sum->errors, pt__room_after(sum->error_count) * sizeof *errors);
	if (!errors)
		goto nomem;
	sum->errors = errors;
	errors[sum->error_count].line = line;
	errors[sum->error_count].field = pt__strdup(field);
	errors[sum->error_count].message = pt__buf_detach(&msg);
	errors[sum->error_count].sheet = pt__strdup(imp->worksheet);
	sum->error_count++;
	imp->record_failed = 1;
	return PT_EINVAL;
nomem:
	pt__buf_release(&msg);
	return PT_ENOMEM;
}

int pt__import_warning(pt__import *imp, long line, const char *field, const char *fmt, ...)
{
	pt_import_summary *sum = imp->summary;
	pt_import_error *grown, *w;
	pt__buf msg = PT__BUF_INIT;
	va_list ap;

	if (!sum || sum->warning_count >= MAX_LISTED_ERRORS)
		return PT_OK;
	va_start(ap, fmt);
	pt__buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (field && imp->field_column) {
		const char *column = imp->field_column(imp->field_ctx, field);
		if (column)
			field = column;
	}
	if (msg.failed || !(grown = realloc(sum->warnings, (sum->warning_count + 1) * sizeof *grown))) {
		pt__buf_release(&msg);
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	}
	sum->warnings = grown;
	w = &grown[sum->warning_count++];
	w->line = line;
	w->field = pt__strdup(field);
	w->message = pt__buf_detach(&msg);
	w->sheet = pt__strdup(imp->worksheet);
	return PT_OK;
}

const char *pt__import_reasons(const pt__import *imp)
{
	return imp->reasons.len ? imp->reasons.data : "rejected";
}

void pt__import_tick(pt__import *imp, int done)
{
	pt_import_progress p;
	double now;

	if (!imp->progress || (!done && ++imp->ticks % 256))
		return;
	now = now_seconds();
	if (!done && now - imp->last_progress < 0.25)
		return;
	imp->last_progress = now;
	p.file = imp->name;
	p.rows = imp->summary->rows;
	p.bytes_read = imp->bytes_read ? *imp->bytes_read : 0;
	p.bytes_total = imp->bytes_total ? *imp->bytes_total : 0;
	p.seconds = now - imp->started;
	p.done = done;
	imp->progress(imp->progress_ctx, &p);
}

void pt__record_begin(pt__import *imp)
{
	imp->record_first_error = imp->summary->error_count;
	pt__buf_reset(&imp->reasons);
	imp->field_column = NULL;
}

/* Keeps a rejected record in import_reject: where, why, and its bytes. */
int pt__reject_note(pt__import *imp, long line, const char *raw, size_t len)
{
	const pt_import_summary *s = imp->summary;
	sqlite3_stmt *stmt;
	int rc = PT_OK;

	if (!imp->keep_rejects || !imp->batch_id)
		return PT_OK;
	if (!imp->reject_stmt && (rc = pt__prepare(imp->db, &imp->reject_stmt,
			"INSERT INTO import_reject(batch_id, line, field, message, raw) "
			"VALUES (?, ?, ?, ?, ?)")))
		return rc;
	stmt = imp->reject_stmt;
	sqlite3_reset(stmt);
	sqlite3_bind_int64(stmt, 1, imp->batch_id);
	sqlite3_bind_int64(stmt, 2, line);
	if (imp->record_first_error < s->error_count && s->errors[imp->record_first_error].field)
		sqlite3_bind_text(stmt, 3, s->errors[imp->record_first_error].field, -1,
				  SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 3);
	sqlite3_bind_text(stmt, 4, pt__import_reasons(imp), -1, SQLITE_STATIC);
	if (raw)
		sqlite3_bind_blob(stmt, 5, raw, (int)len, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 5);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		rc = pt__sql_error(imp->db, "cannot record a rejected row");
	sqlite3_reset(stmt);
	return rc;
}

/* ---- the record's savepoint ------------------------------------------------ */

enum { SP_OPEN, SP_RELEASE, SP_ROLLBACK };

static int savepoint_step(pt__import *imp, int which)
{
	static const char *const sql[] = {
		[SP_OPEN] = "SAVEPOINT record",
		[SP_RELEASE] = "RELEASE record",
		[SP_ROLLBACK] = "ROLLBACK TO record",
	};
	int rc;
	if (!imp->savepoint[which] && (rc = pt__prepare(imp->db, &imp->savepoint[which], sql[which])))
		return rc;
	rc = sqlite3_step(imp->savepoint[which]) == SQLITE_DONE
		? PT_OK : pt__sql_error(imp->db, "database");
	sqlite3_reset(imp->savepoint[which]);
	return rc;
}

void pt__record_open(pt__import *imp)
{
	imp->record_state = PT__RECORD_OPEN;
	imp->undo_count = 0;
}

int pt__record_savepoint(pt__import *imp)
{
	int rc;
	if (imp->record_state != PT__RECORD_OPEN)
		return PT_OK;
	if ((rc = savepoint_step(imp, SP_OPEN)))
		return rc;
	imp->record_state = PT__RECORD_SAVEPOINT;
	return PT_OK;
}

int pt__record_wrote(pt__import *imp, int table, int64_t rowid)
{
	if (imp->record_state != PT__RECORD_OPEN)
		return PT_OK;
	if (imp->undo_count == imp->undo_cap) {
		size_t n = imp->undo_cap ? imp->undo_cap * 2 : 8;
		struct pt__undo *grown = realloc(imp->undo, n * sizeof *grown);
		if (!grown)
			return pt__error(imp->db, PT_ENOMEM, "out of memory");
		imp->undo = grown;
		imp->undo_cap = n;
	}
	imp->undo[imp->undo_count].table = table;
	imp->undo[imp->undo_count++].rowid = rowid;
	return PT_OK;
}

/* Deletes the rows the rejected record noted, the last first. A row made
 * inside the savepoint that was rolled back is gone already: its rowid
 * names no row now (no other row took it since). */
static int undo(pt__import *imp)
{
	static const char *const sql[] = {
		[PT__UNDO_SOURCE] = "DELETE FROM source WHERE id = ?",
	};
	int rc = PT_OK;

	while (imp->undo_count > 0 && rc == PT_OK) {
		const struct pt__undo *u = &imp->undo[--imp->undo_count];
		sqlite3_stmt **s = &imp->undo_stmt[u->table];
		if (!*s && (rc = pt__prepare(imp->db, s, sql[u->table])))
			break;
		sqlite3_bind_int64(*s, 1, u->rowid);
		if (sqlite3_step(*s) != SQLITE_DONE)
			rc = pt__sql_error(imp->db, "cannot take back a rejected record's rows");
		sqlite3_reset(*s);
	}
	imp->undo_count = 0;
	return rc;
}

int pt__record_checked(pt__import *imp)
{
	int rc;
	if (imp->record_state == PT__RECORD_SAVEPOINT && (rc = savepoint_step(imp, SP_RELEASE)))
		return rc;
	imp->record_state = PT__RECORD_OPEN;
	imp->undo_count = 0; /* good: what it made stays */
	return PT_OK;
}

int pt__record_close(pt__import *imp, int kept)
{
	int rc = PT_OK;
	if (imp->record_state == PT__RECORD_SAVEPOINT) {
		if (kept) {
			rc = savepoint_step(imp, SP_RELEASE);
		} else {
			rc = savepoint_step(imp, SP_ROLLBACK);
			savepoint_step(imp, SP_RELEASE);
		}
	}
	if (!kept && rc == PT_OK)
		rc = undo(imp);
	imp->undo_count = 0;
	imp->record_state = PT__RECORD_NONE;
	return rc;
}

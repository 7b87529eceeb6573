/*
 * batch.c - rows written many to a statement: a first run inserts hundreds
 * of thousands of rows (links, individuals, records' comparison data), and
 * a one-row INSERT pays SQLite's per-statement work (the VDBE's start and
 * halt, the write transaction's check, the table and index cursors opened
 * and closed) for every row. Here the values of BATCH_ROWS rows go to one
 * INSERT with as many VALUES rows, and the rest to one statement made for
 * them at the end. The rows go in the order given, so rowids come out as
 * from one insert per row.
 */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

#define BATCH_ROWS 64

typedef struct value {
	int type;                /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL */
	int64_t i;
	const char *text;        /* the caller's, as long as the batch */
	double f;
	size_t off, len;         /* a blob: its bytes in blobs */
} value;

struct lk_batch {
	pt_db *db;
	char *head, *row, *tail; /* the statement's three parts */
	int columns;             /* the ? in row */
	const char *what;        /* the error's text */
	sqlite3_stmt *full;      /* BATCH_ROWS rows */
	value *values;           /* BATCH_ROWS * columns */
	int count;               /* values held */
	pt__buf blobs;
};

/* INSERT head VALUES row, row, ... (rows of them) tail */
static int prepare_rows(lk_batch *b, int rows, sqlite3_stmt **s)
{
	pt__buf sql = PT__BUF_INIT;
	int rc;
	sql.max = (size_t)-1;
	pt__buf_puts(&sql, b->head);
	pt__buf_puts(&sql, " VALUES ");
	for (int i = 0; i < rows; i++) {
		if (i)
			pt__buf_puts(&sql, ", ");
		pt__buf_puts(&sql, b->row);
	}
	pt__buf_puts(&sql, b->tail);
	rc = sql.failed ? pt__error(b->db, PT_ENOMEM, "out of memory")
			: pt__prepare(b->db, s, pt__buf_str(&sql));
	pt__buf_release(&sql);
	return rc;
}

int pt__lk_batch_open(pt_db *db, const char *head, const char *row, const char *tail, int columns,
		      const char *what, lk_batch **out)
{
	lk_batch *b = calloc(1, sizeof *b);
	int rc;
	*out = NULL;
	if (!b || !(b->values = malloc((size_t)BATCH_ROWS * (size_t)columns * sizeof *b->values)) ||
	    !(b->head = strdup(head)) || !(b->row = strdup(row)) || !(b->tail = strdup(tail))) {
		pt__lk_batch_free(b);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	b->db = db;
	b->columns = columns;
	b->what = what;
	b->blobs.max = (size_t)-1;
	if ((rc = prepare_rows(b, BATCH_ROWS, &b->full))) {
		pt__lk_batch_free(b);
		return rc;
	}
	*out = b;
	return PT_OK;
}

void pt__lk_batch_free(lk_batch *b)
{
	if (!b)
		return;
	sqlite3_finalize(b->full);
	free(b->values);
	free(b->head);
	free(b->row);
	free(b->tail);
	pt__buf_release(&b->blobs);
	free(b);
}

/* Binds the values held to s and runs it. */
static int write_held(lk_batch *b, sqlite3_stmt *s)
{
	int rc;
	for (int k = 0; k < b->count; k++) {
		const value *v = &b->values[k];
		switch (v->type) {
		case SQLITE_INTEGER:
			sqlite3_bind_int64(s, k + 1, v->i);
			break;
		case SQLITE_FLOAT:
			sqlite3_bind_double(s, k + 1, v->f);
			break;
		case SQLITE_TEXT:
			sqlite3_bind_text(s, k + 1, v->text, -1, SQLITE_STATIC);
			break;
		case SQLITE_BLOB:
			if (v->len)
				sqlite3_bind_blob(s, k + 1, b->blobs.data + v->off, (int)v->len,
						  SQLITE_STATIC);
			else
				sqlite3_bind_zeroblob(s, k + 1, 0);
			break;
		default:
			sqlite3_bind_null(s, k + 1);
		}
	}
	rc = sqlite3_step(s) == SQLITE_DONE ? PT_OK : pt__sql_error(b->db, b->what);
	sqlite3_reset(s);
	b->count = 0;
	pt__buf_reset(&b->blobs);
	return rc;
}

void pt__lk_batch_int(lk_batch *b, int64_t v)
{
	value *x = &b->values[b->count++];
	x->type = SQLITE_INTEGER;
	x->i = v;
}

void pt__lk_batch_double(lk_batch *b, double v)
{
	value *x = &b->values[b->count++];
	x->type = SQLITE_FLOAT;
	x->f = v;
}

void pt__lk_batch_text(lk_batch *b, const char *text)
{
	value *x = &b->values[b->count++];
	x->type = SQLITE_TEXT;
	x->text = text;
}

void pt__lk_batch_null(lk_batch *b)
{
	b->values[b->count++].type = SQLITE_NULL;
}

void pt__lk_batch_blob(lk_batch *b, const void *data, size_t len)
{
	value *x = &b->values[b->count++];
	x->type = SQLITE_BLOB;
	x->off = b->blobs.len;
	x->len = len;
	pt__buf_add(&b->blobs, data, len);
}

int pt__lk_batch_row(lk_batch *b)
{
	if (b->blobs.failed)
		return pt__error(b->db, PT_ENOMEM, "out of memory");
	return b->count < BATCH_ROWS * b->columns ? PT_OK : write_held(b, b->full);
}

int pt__lk_batch_finish(lk_batch *b)
{
	sqlite3_stmt *s = NULL;
	int rc;
	if (!b->count)
		return PT_OK;
	if (!(rc = prepare_rows(b, b->count / b->columns, &s)))
		rc = write_held(b, s);
	sqlite3_finalize(s);
	return rc;
}

/*
 * rows.c - the rows a first run reads, stepped on the second core: a thread
 * runs the queries in turn on a second, read-only connection to the same
 * file and hands their rows over in batches, while the calling thread turns
 * the rows before into records, words and keys. The caller sees the rows of
 * each query in the order SQLite gives them, as if it stepped the query
 * itself, so what it makes of them does not change.
 *
 * The second connection reads what the database held when the reader
 * started: it is for a transaction that has not yet changed the tables
 * the queries read (powtrace link reads every record before it writes).
 * Where there can be no second connection (an in-memory database, a file
 * opened for exclusive use) or no thread, pt__lk_reader_start gives NULL
 * and the caller steps the queries itself.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

#define BATCH_ROWS 4096
#define BATCH_TEXT (256 * 1024)
#define QUEUE_MAX 16           /* batches waiting: the reader waits beyond that */

typedef struct batch {
	struct batch *next;
	size_t rows, cols;
	int64_t *values;             /* rows * cols: the integer, or the text's offset */
	uint8_t *types;              /* SQLITE_INTEGER, SQLITE_TEXT or SQLITE_NULL */
	char *text;
	size_t text_len, text_cap;
	int end;                     /* the query's last batch */
	int rc;                      /* with end: SQLITE_DONE, or the error */
} batch;

struct lk_reader {
	sqlite3 *conn;
	const char *const *sql;
	int query_count;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t ready, space;
	batch *head, *tail;
	int queued, cancel, finished;
	char errmsg[256];
	/* the consumer's side */
	batch *cur;
	size_t pos;
	int ended;                   /* cur's end was returned */
	char number[32];             /* an integer asked for as text */
};

static void batch_free(batch *b)
{
	if (!b)
		return;
	free(b->values);
	free(b->types);
	free(b->text);
	free(b);
}

static batch *batch_new(size_t cols)
{
	batch *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->cols = cols ? cols : 1;
	b->values = malloc(BATCH_ROWS * b->cols * sizeof *b->values);
	b->types = malloc(BATCH_ROWS * b->cols);
	b->text_cap = BATCH_TEXT;
	b->text = malloc(b->text_cap);
	if (!b->values || !b->types || !b->text) {
		batch_free(b);
		return NULL;
	}
	return b;
}

/* Copies the row s stands on into b; 0: no memory. */
static int batch_take(batch *b, sqlite3_stmt *s)
{
	size_t at = b->rows * b->cols;
	for (size_t c = 0; c < b->cols; c++) {
		int type = sqlite3_column_type(s, (int)c);
		if (type == SQLITE_NULL || type == SQLITE_INTEGER) {
			b->types[at + c] = (uint8_t)type;
			b->values[at + c] = type == SQLITE_INTEGER ? sqlite3_column_int64(s, (int)c) : 0;
		} else {
			const char *t = (const char *)sqlite3_column_text(s, (int)c);
			size_t len = (size_t)sqlite3_column_bytes(s, (int)c);
			if (!t) {
				b->types[at + c] = SQLITE_NULL;
				b->values[at + c] = 0;
				continue;
			}
			if (b->text_len + len + 1 > b->text_cap) {
				size_t cap = b->text_cap * 2;
				char *g;
				while (cap < b->text_len + len + 1)
					cap *= 2;
				if (!(g = realloc(b->text, cap)))
					return 0;
				b->text = g;
				b->text_cap = cap;
			}
			memcpy(b->text + b->text_len, t, len + 1);
			b->types[at + c] = SQLITE_TEXT;
			b->values[at + c] = (int64_t)b->text_len;
			b->text_len += len + 1;
		}
	}
	b->rows++;
	return 1;
}

/* Hands b to the consumer (waits while the queue is full); 0: cancelled. */
static int push(lk_reader *r, batch *b)
{
	int go;
	pthread_mutex_lock(&r->lock);
	while (r->queued >= QUEUE_MAX && !r->cancel)
		pthread_cond_wait(&r->space, &r->lock);
	go = !r->cancel;
	if (go) {
		if (r->tail)
			r->tail->next = b;
		else
			r->head = b;
		r->tail = b;
		r->queued++;
		pthread_cond_signal(&r->ready);
	}
	pthread_mutex_unlock(&r->lock);
	if (!go)
		batch_free(b);
	return go;
}

static void *read_queries(void *arg)
{
	lk_reader *r = arg;
	for (int q = 0; q < r->query_count; q++) {
		sqlite3_stmt *s = NULL;
		batch *b = NULL;
		int step = SQLITE_ERROR;
		if (sqlite3_prepare_v2(r->conn, r->sql[q], -1, &s, NULL) == SQLITE_OK &&
		    (b = batch_new((size_t)sqlite3_column_count(s)))) {
			while ((step = sqlite3_step(s)) == SQLITE_ROW) {
				if (!batch_take(b, s)) {
					step = SQLITE_NOMEM;
					break;
				}
				if (b->rows == BATCH_ROWS || b->text_len > BATCH_TEXT / 2) {
					batch *full = b;
					b = batch_new(full->cols);
					if (!push(r, full) || !b) {
						step = b ? SQLITE_INTERRUPT : SQLITE_NOMEM;
						break;
					}
				}
			}
		}
		if (step != SQLITE_DONE) {
			pthread_mutex_lock(&r->lock);
			snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->conn));
			pthread_mutex_unlock(&r->lock);
		}
		sqlite3_finalize(s);
		if (!b && !(b = calloc(1, sizeof *b)))
			break;                     /* the consumer sees the reader finished */
		b->end = 1;
		b->rc = step;
		if (!push(r, b) || step != SQLITE_DONE)
			break;
	}
	pthread_mutex_lock(&r->lock);
	r->finished = 1;
	pthread_cond_signal(&r->ready);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

lk_reader *pt__lk_reader_start(pt_db *db, const char *const *sql, int count)
{
	const char *file = sqlite3_db_filename(db->sql, "main");
	lk_reader *r;

	if (!file || !*file || !(r = calloc(1, sizeof *r)))
		return NULL;
	r->sql = sql;
	r->query_count = count;
	/* one read transaction for every query: the same snapshot as the
	 * caller's, whose transaction keeps writers out */
	if (sqlite3_open_v2(file, &r->conn, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK ||
	    sqlite3_exec(r->conn, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536; "
			 "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (pthread_mutex_init(&r->lock, NULL))
		goto fail;
	if (pthread_cond_init(&r->ready, NULL)) {
		pthread_mutex_destroy(&r->lock);
		goto fail;
	}
	if (pthread_cond_init(&r->space, NULL)) {
		pthread_cond_destroy(&r->ready);
		pthread_mutex_destroy(&r->lock);
		goto fail;
	}
	if (pthread_create(&r->thread, NULL, read_queries, r)) {
		pthread_cond_destroy(&r->space);
		pthread_cond_destroy(&r->ready);
		pthread_mutex_destroy(&r->lock);
		goto fail;
	}
	return r;
fail:
	sqlite3_close(r->conn);
	free(r);
	return NULL;
}

int pt__lk_reader_step(lk_reader *r)
{
	for (;;) {
		batch *b;
		if (r->cur && r->pos + 1 < r->cur->rows) {
			r->pos++;
			return SQLITE_ROW;
		}
		if (r->cur && r->cur->end && !r->ended) {
			r->ended = 1;
			return r->cur->rc;
		}
		batch_free(r->cur);
		r->cur = NULL;
		pthread_mutex_lock(&r->lock);
		while (!r->head && !r->finished)
			pthread_cond_wait(&r->ready, &r->lock);
		b = r->head;
		if (b) {
			r->head = b->next;
			if (!r->head)
				r->tail = NULL;
			r->queued--;
			pthread_cond_signal(&r->space);
		}
		pthread_mutex_unlock(&r->lock);
		if (!b)
			return SQLITE_ERROR;         /* no more rows: the reader stopped */
		r->cur = b;
		r->pos = (size_t)-1;
		r->ended = 0;
	}
}

int64_t pt__lk_reader_int(const lk_reader *r, int col)
{
	size_t at = r->pos * r->cur->cols + (size_t)col;
	if (r->cur->types[at] == SQLITE_INTEGER)
		return r->cur->values[at];
	if (r->cur->types[at] == SQLITE_TEXT)
		return strtoll(r->cur->text + r->cur->values[at], NULL, 10);
	return 0;
}

const char *pt__lk_reader_text(lk_reader *r, int col)
{
	size_t at = r->pos * r->cur->cols + (size_t)col;
	if (r->cur->types[at] == SQLITE_INTEGER) {
		/* as sqlite3_column_text gives it */
		snprintf(r->number, sizeof r->number, "%lld", (long long)r->cur->values[at]);
		return r->number;
	}
	return r->cur->types[at] == SQLITE_TEXT ? r->cur->text + r->cur->values[at] : NULL;
}

int pt__lk_reader_type(const lk_reader *r, int col)
{
	return r->cur->types[r->pos * r->cur->cols + (size_t)col];
}

const char *pt__lk_reader_errmsg(lk_reader *r)
{
	return r->errmsg[0] ? r->errmsg : "the reading thread stopped";
}

void pt__lk_reader_stop(lk_reader *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->cancel = 1;
	pthread_cond_signal(&r->space);
	pthread_mutex_unlock(&r->lock);
	sqlite3_interrupt(r->conn);
	pthread_join(r->thread, NULL);
	while (r->head) {
		batch *b = r->head;
		r->head = b->next;
		batch_free(b);
	}
	batch_free(r->cur);
	sqlite3_exec(r->conn, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(r->conn);
	pthread_cond_destroy(&r->space);
	pthread_cond_destroy(&r->ready);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/*
 * ahead.c - a register read ahead on the second core. A CSV file of
 * persons is read (bytes split into rows, cells decoded and normalised,
 * columns mapped, the person's struct filled and its content hash taken) by
 * a second thread, which works ahead of the calling thread in batches of
 * rows; the calling thread, the only one that uses SQLite, loads each
 * person as it comes. Everything the reader would have done to the import
 * (its problems, counts, record starts, progress ticks, rejected rows, the
 * rejects file's header) it writes into the batch as a step instead, and
 * the calling thread takes the steps in file order: the database, the
 * summary, its problems and the rejects file are those of a one-thread
 * import, byte for byte. The reader runs on a context of its own (the
 * shadow: its own summary and message, the same sheet); nothing it touches
 * is touched by the calling thread until the thread is joined.
 *
 * A thread that cannot be started is no error: the caller reads on its own
 * thread (*ran is 0). A failure in the reader (out of memory, a file that
 * cannot be read) ends its reading; the steps before it are taken, then
 * the failure is the import's. A failure in the loading tells the reader
 * to stop; it is joined on every path, and what it read and was not taken
 * is freed. The transaction is the caller's, so a killed import leaves the
 * database as it was, as before.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/load.h"
#include "import/sheet.h"

/* 0: with a second core, a file of 64 kB or more (or of unknown size) is
 * read ahead; 1: one thread; 2: two always. Read ahead, the wall time of an
 * import falls by a tenth or more (the writing thread, the bottleneck, is
 * handed a fifth of the work but loses some of it to cache misses on what
 * the other core wrote), for about a tenth more CPU in all (README, "Import speed
 * and memory"). */
int pt__import_threads;
long pt__ahead_runs;

#define BATCH_ROWS 256     /* rows a batch holds before it is handed on */
#define MAX_QUEUED 2       /* batches read and not yet taken */
#define AHEAD_MIN_BYTES (64u << 10) /* smaller files are read on the calling thread */

enum step_kind {
	STEP_COUNT,        /* n1 rows, n2 rejected added to the summary */
	STEP_PROBLEM,      /* a problem: line, field, text */
	STEP_WARNING,      /* a warning: line, field, text */
	STEP_BEGIN,        /* a record begins (pt__record_begin) */
	STEP_TICK,         /* progress; n1: the bytes read by then */
	STEP_REJECT,       /* a rejected row: line, its bytes (at n1, n2 long) */
	STEP_HEADER,       /* the rejects file's header: bytes at n1, n2 long;
			      delimiter, encoding */
	STEP_PERSON        /* a person to load: line, person; its row's bytes at
			      n1, n2 long, for the rejects file */
};

struct step {
	enum step_kind kind;
	long line;
	char *field, *text;
	size_t n1, n2;
	char delimiter;
	pt__encoding encoding;
	struct person_in *person;
	void *owner;                              /* what the person points into */
	void (*release)(void *owner);
	const char *(*column)(void *ctx, const char *path);
};

struct batch {
	struct step *steps;
	size_t count, cap, rows;
	pt__buf bytes;                            /* the rows' bytes the steps point to */
	struct batch *next;
};

/* something the reader made that the steps point into (a layout), freed
 * when the import is done */
struct kept {
	void *data;
	void (*free_fn)(void *data);
	struct kept *next;
};

/* a block the reader allocated and may take again */
struct spare {
	struct spare *next;
};

struct pt__ahead {
	pthread_mutex_t mutex;
	pthread_cond_t ready, room;
	struct batch *head, *tail;  /* handed on, not yet taken */
	size_t queued;
	struct batch *spent;        /* taken, to be freed by the reader: what it
				       allocated goes back to its own arena, and
				       the calling thread spends no time on it */
	int done;                   /* the reader has ended */
	int stop;                   /* the loading failed: read no further */
	/* the reader's side */
	pt__ahead_reader read;
	void *ctx;
	pt__import shadow;
	pt_import_summary summary;  /* the shadow's: harvested into steps */
	pt_db db;                   /* the shadow's handle: its message only */
	struct batch *filling;
	struct step pending;        /* a person handed over, until its row ends */
	int has_pending;
	struct kept *kept;
	/* the large blocks of rows loaded (PT__AHEAD_*), taken again by the
	 * reader: freed and allocated anew, they would be given back to the
	 * system and faulted in again, batch after batch */
	struct spare *spare[PT__AHEAD_BLOCKS];
	struct batch *spare_batches;
	int result;                 /* what the reader returned */
	char *message;              /* ... and its message, when it failed */
	/* the calling thread's */
	uint64_t bytes_seen;
};

/* ---- the reader's side ---------------------------------------------------- */

static void step_free(struct step *s)
{
	free(s->field);
	free(s->text);
	if (s->release && s->owner)
		s->release(s->owner);
	s->field = s->text = NULL;
	s->owner = NULL;
}

/* Empties a batch (what its steps hold freed), for the reader to fill again. */
static void batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->count; i++)
		step_free(&b->steps[i]);
	b->count = b->rows = 0;
	b->bytes.len = 0;
	b->next = NULL;
}

static void batch_free(struct batch *b)
{
	if (!b)
		return;
	batch_clear(b);
	free(b->steps);
	pt__buf_release(&b->bytes);
	free(b);
}

static struct step *step_add(struct pt__ahead *a, enum step_kind kind, long line)
{
	struct batch *b = a->filling;
	struct step *s;

	if (!b && (b = a->spare_batches) != NULL) {
		a->spare_batches = b->next;
		b->next = NULL;
		a->filling = b;
	}
	if (!b && !(b = a->filling = calloc(1, sizeof *b)))
		return NULL;
	if (b->count == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 4 * BATCH_ROWS;
		struct step *grown = realloc(b->steps, cap * sizeof *grown);
		if (!grown)
			return NULL;
		b->steps = grown;
		b->cap = cap;
	}
	s = &b->steps[b->count++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->line = line;
	return s;
}

/* Bytes kept with the batch; *at: where. */
static int bytes_add(struct pt__ahead *a, const char *data, size_t len, size_t *at)
{
	pt__buf *b = &a->filling->bytes;
	*at = b->len;
	b->max = (size_t)-1; /* a batch holds rows of up to 16 MB each */
	return len && pt__buf_add(b, data, len) ? PT_ENOMEM : PT_OK;
}

/* The problems (or warnings) list[0, *count) as steps of `kind`, their
 * texts handed over; the list is left empty. */
static int move_problems(struct pt__ahead *a, pt_import_error *list, size_t *count,
			 enum step_kind kind)
{
	for (size_t i = 0; i < *count; i++) {
		pt_import_error *e = &list[i];
		struct step *st = step_add(a, kind, e->line);
		if (!st)
			return PT_ENOMEM;
		st->field = e->field;
		st->text = e->message;
		free(e->sheet);
		memset(e, 0, sizeof *e);
	}
	*count = 0;
	return PT_OK;
}

/* The problems, warnings and counts the reader gave the shadow since the
 * last step, as steps, in their order. */
static int harvest(struct pt__ahead *a)
{
	pt_import_summary *s = &a->summary;
	struct step *st;

	if (s->rows || s->rejected) {
		if (!(st = step_add(a, STEP_COUNT, 0)))
			return PT_ENOMEM;
		st->n1 = (size_t)s->rows;
		st->n2 = (size_t)s->rejected;
		s->rows = s->rejected = 0;
	}
	if (move_problems(a, s->errors, &s->error_count, STEP_PROBLEM) ||
	    move_problems(a, s->warnings, &s->warning_count, STEP_WARNING))
		return PT_ENOMEM;
	return PT_OK;
}

/* Hands the filling batch on; waits while MAX_QUEUED wait to be taken.
 * PT_EIO when the loading stopped (the reader ends). */
static int hand_on(struct pt__ahead *a)
{
	struct batch *b = a->filling;
	int rc = PT_OK;

	struct batch *spent;

	if (!b)
		return PT_OK;
	a->filling = NULL;
	pthread_mutex_lock(&a->mutex);
	while (a->queued >= MAX_QUEUED && !a->stop)
		pthread_cond_wait(&a->room, &a->mutex);
	spent = a->spent;
	a->spent = NULL;
	if (a->stop) {
		rc = PT_EIO;
	} else {
		if (a->tail)
			a->tail->next = b;
		else
			a->head = b;
		a->tail = b;
		a->queued++;
		b = NULL;
		pthread_cond_signal(&a->ready);
	}
	pthread_mutex_unlock(&a->mutex);
	batch_free(b);
	while (spent) { /* emptied, and filled again */
		b = spent;
		spent = b->next;
		batch_clear(b);
		b->next = a->spare_batches;
		a->spare_batches = b;
	}
	return rc;
}

/* A step of `kind` after what the shadow gathered before it. */
static struct step *step_after_harvest(pt__import *shadow, enum step_kind kind, long line,
				       int *rc)
{
	struct pt__ahead *a = shadow->ahead;
	struct step *s = NULL;

	if ((*rc = harvest(a)) == PT_OK && !(s = step_add(a, kind, line)))
		*rc = PT_ENOMEM;
	if (*rc == PT_ENOMEM)
		pt__error(shadow->db, PT_ENOMEM, "out of memory");
	return s;
}

/* A row ended with a step: the batch is handed on when full. */
static int row_ended(struct pt__ahead *a)
{
	if (++a->filling->rows < BATCH_ROWS)
		return PT_OK;
	return hand_on(a);
}

int pt__ahead_begin(pt__import *shadow)
{
	int rc;
	step_after_harvest(shadow, STEP_BEGIN, 0, &rc);
	return rc;
}

int pt__ahead_tick(pt__import *shadow, uint64_t bytes_read)
{
	int rc;
	struct step *s = step_after_harvest(shadow, STEP_TICK, 0, &rc);
	if (s)
		s->n1 = (size_t)bytes_read;
	return rc;
}

int pt__ahead_reject(pt__import *shadow, long line, const char *raw, size_t len)
{
	struct pt__ahead *a = shadow->ahead;
	int rc;
	struct step *s = step_after_harvest(shadow, STEP_REJECT, line, &rc);

	if (!s)
		return rc;
	s->n2 = len;
	if (bytes_add(a, raw, len, &s->n1))
		return pt__error(shadow->db, PT_ENOMEM, "out of memory");
	return row_ended(a);
}

int pt__ahead_rejects_header(pt__import *shadow, const char *raw, size_t len, char delimiter,
			     pt__encoding encoding)
{
	int rc;
	struct step *s = step_after_harvest(shadow, STEP_HEADER, 0, &rc);

	if (!s)
		return rc;
	s->n2 = len;
	s->delimiter = delimiter;
	s->encoding = encoding;
	if (bytes_add(shadow->ahead, raw, len, &s->n1))
		return pt__error(shadow->db, PT_ENOMEM, "out of memory");
	return PT_OK;
}

void pt__ahead_person(pt__import *shadow, struct person_in *person, void *owner,
		      void (*release)(void *owner),
		      const char *(*column)(void *ctx, const char *path))
{
	struct pt__ahead *a = shadow->ahead;
	a->pending.person = person;
	a->pending.owner = owner;
	a->pending.release = release;
	a->pending.column = column;
	a->has_pending = 1;
}

/* The row that handed a person over ended: its step, with the row's bytes. */
int pt__ahead_row(pt__import *shadow, long line, const char *raw, size_t len)
{
	struct pt__ahead *a = shadow->ahead;
	struct step *s;
	int rc;

	if (!a->has_pending)
		return PT_OK;
	a->has_pending = 0;
	if (!(s = step_after_harvest(shadow, STEP_PERSON, line, &rc))) {
		a->pending.release(a->pending.owner);
		return rc;
	}
	s->person = a->pending.person;
	s->owner = a->pending.owner;
	s->release = a->pending.release;
	s->column = a->pending.column;
	s->n2 = len;
	if (bytes_add(a, raw, len, &s->n1))
		return pt__error(shadow->db, PT_ENOMEM, "out of memory");
	return row_ended(a);
}

void *pt__ahead_calloc(pt__import *shadow, int kind, size_t size)
{
	struct pt__ahead *a = shadow->ahead;
	struct spare *s = a->spare[kind];

	if (!s)
		return calloc(1, size);
	a->spare[kind] = s->next;
	memset(s, 0, size);
	return s;
}

void pt__ahead_free(pt__import *shadow, int kind, void *block)
{
	struct pt__ahead *a = shadow->ahead;
	struct spare *s = block;

	if (!s)
		return;
	s->next = a->spare[kind];
	a->spare[kind] = s;
}

int pt__ahead_keep(pt__import *shadow, void *data, void (*free_fn)(void *data))
{
	struct pt__ahead *a = shadow->ahead;
	struct kept *k = malloc(sizeof *k);
	if (!k) {
		free_fn(data);
		return pt__error(shadow->db, PT_ENOMEM, "out of memory");
	}
	k->data = data;
	k->free_fn = free_fn;
	k->next = a->kept;
	a->kept = k;
	return PT_OK;
}

static void *run_reader(void *arg)
{
	struct pt__ahead *a = arg;
	int rc = a->read(&a->shadow, a->ctx), r2;

	if (a->has_pending) { /* handed over by a row that did not end */
		a->has_pending = 0;
		a->pending.release(a->pending.owner);
	}
	/* what it gathered after its last step */
	if ((r2 = harvest(a)) != PT_OK && (rc == PT_OK || rc == PT_EINVAL)) {
		rc = r2;
		pt__error(&a->db, rc, "out of memory");
	}
	r2 = hand_on(a);
	if (rc != PT_OK && rc != PT_EINVAL && a->db.errmsg.len)
		a->message = pt__strdup(pt__buf_str(&a->db.errmsg));
	(void)r2; /* PT_EIO: the loading stopped, and its failure is the import's */
	pthread_mutex_lock(&a->mutex);
	a->result = rc;
	a->done = 1;
	pthread_cond_signal(&a->ready);
	pthread_mutex_unlock(&a->mutex);
	return NULL;
}

/* ---- the calling thread's side ---------------------------------------------- */

static int reject(pt__import *imp, long line, const char *raw, size_t len)
{
	int rc = pt__reject_note(imp, line, raw, len);
	if (rc == PT_OK && imp->sheet->rejects)
		rc = pt__rejects_csv_row(imp->sheet->rejects, raw, len, pt__import_reasons(imp));
	return rc;
}

/* One step, as the reader would have taken it. */
static int take(pt__import *imp, struct pt__ahead *a, struct batch *b, struct step *s)
{
	const char *bytes = b->bytes.data ? b->bytes.data : "";
	int rc = PT_OK;

	switch (s->kind) {
	case STEP_COUNT:
		imp->summary->rows += (long)s->n1;
		imp->summary->rejected += (long)s->n2;
		break;
	case STEP_PROBLEM:
		rc = pt__import_problem(imp, s->line, s->field, "%s", s->text);
		break;
	case STEP_WARNING:
		rc = pt__import_warning(imp, s->line, s->field, "%s", s->text);
		break;
	case STEP_BEGIN:
		pt__record_begin(imp);
		break;
	case STEP_TICK:
		a->bytes_seen = s->n1;
		pt__import_tick(imp, 0);
		break;
	case STEP_REJECT:
		rc = reject(imp, s->line, bytes + s->n1, s->n2);
		break;
	case STEP_HEADER:
		rc = imp->sheet->rejects ? pt__rejects_csv_header(imp->sheet->rejects, bytes + s->n1,
								   s->n2, s->delimiter, s->encoding)
			: PT_OK;
		break;
	case STEP_PERSON:
		/* as import_flat.c's load_person and import_csv.c's handle_row */
		imp->field_column = s->column;
		imp->field_ctx = s->owner;
		rc = pt__load_person_record(imp, s->person, s->line);
		imp->field_column = NULL;
		if (rc == PT_ENOMEM)
			pt__error(imp->db, rc, "out of memory");
		if (rc == PT_EINVAL)
			rc = reject(imp, s->line, bytes + s->n1, s->n2);
		break;
	}
	/* a problem is no failure of the import: the reader goes on */
	return rc == PT_EINVAL ? PT_OK : rc;
}

static void ahead_free(struct pt__ahead *a)
{
	batch_free(a->filling);
	while (a->head) {
		struct batch *b = a->head;
		a->head = b->next;
		batch_free(b);
	}
	while (a->spent) {
		struct batch *b = a->spent;
		a->spent = b->next;
		batch_free(b);
	}
	while (a->spare_batches) {
		struct batch *b = a->spare_batches;
		a->spare_batches = b->next;
		batch_free(b);
	}
	for (int k = 0; k < PT__AHEAD_BLOCKS; k++)
		while (a->spare[k]) {
			struct spare *s = a->spare[k];
			a->spare[k] = s->next;
			free(s);
		}
	while (a->kept) {
		struct kept *k = a->kept;
		a->kept = k->next;
		k->free_fn(k->data);
		free(k);
	}
	for (size_t i = 0; i < a->summary.error_count; i++) {
		free(a->summary.errors[i].field);
		free(a->summary.errors[i].message);
		free(a->summary.errors[i].sheet);
	}
	for (size_t i = 0; i < a->summary.warning_count; i++) {
		free(a->summary.warnings[i].field);
		free(a->summary.warnings[i].message);
		free(a->summary.warnings[i].sheet);
	}
	free(a->summary.errors);
	free(a->summary.warnings);
	free(a->summary.encoding);
	for (size_t i = 0; i < a->summary.column_count; i++) {
		free(a->summary.columns[i].column);
		free(a->summary.columns[i].field);
	}
	free(a->summary.columns);
	pt__import_release(&a->shadow);
	pt__buf_release(&a->db.errmsg);
	free(a->message);
	pthread_mutex_destroy(&a->mutex);
	pthread_cond_destroy(&a->ready);
	pthread_cond_destroy(&a->room);
	free(a);
}

/* What the reader set in its summary once (the encoding, the delimiter, the
 * header's line, the columns), moved to the import's. */
static void move_summary(pt_import_summary *to, pt_import_summary *from)
{
	if (!to->encoding) {
		to->encoding = from->encoding;
		from->encoding = NULL;
	}
	if (from->delimiter)
		to->delimiter = from->delimiter;
	if (from->header_line)
		to->header_line = from->header_line;
	if (!to->columns) {
		to->columns = from->columns;
		to->column_count = from->column_count;
		from->columns = NULL;
		from->column_count = 0;
	}
}

int pt__ahead_wanted(const pt__import *imp, uint64_t bytes_total)
{
	if (pt__import_threads == 1 || imp->ahead || !imp->sheet ||
	    imp->sheet->kind != PT__KIND_PERSON)
		return 0;
	if (pt__import_threads >= 2)
		return 1;
	/* one core, or a small file: a thread would cost more than it gives */
	return sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
	       (!bytes_total || bytes_total >= AHEAD_MIN_BYTES);
}

int pt__ahead_run(pt__import *imp, pt__ahead_reader read, void *ctx, int *ran)
{
	struct pt__ahead *a = calloc(1, sizeof *a);
	const uint64_t *bytes_read = imp->bytes_read;
	pthread_t thread;
	int rc = PT_OK;

	*ran = 0;
	if (!a)
		return PT_OK; /* no room for a thread: the caller reads */
	pthread_mutex_init(&a->mutex, NULL);
	pthread_cond_init(&a->ready, NULL);
	pthread_cond_init(&a->room, NULL);
	a->read = read;
	a->ctx = ctx;
	pt__import_init(&a->shadow, &a->db, imp->name);
	a->shadow.summary = &a->summary;
	a->shadow.sheet = imp->sheet;
	a->shadow.worksheet = imp->worksheet;
	a->shadow.ahead = a;
	if (pthread_create(&thread, NULL, run_reader, a)) {
		ahead_free(a);
		return PT_OK;
	}
	*ran = 1;
	__atomic_add_fetch(&pt__ahead_runs, 1, __ATOMIC_RELAXED);
	imp->bytes_read = &a->bytes_seen;
	for (;;) {
		struct batch *b;
		pthread_mutex_lock(&a->mutex);
		while (!a->head && !a->done)
			pthread_cond_wait(&a->ready, &a->mutex);
		if ((b = a->head) != NULL) {
			if (!(a->head = b->next))
				a->tail = NULL;
			a->queued--;
			pthread_cond_signal(&a->room);
		}
		pthread_mutex_unlock(&a->mutex);
		if (!b)
			break;
		for (size_t i = 0; i < b->count && rc == PT_OK; i++)
			rc = take(imp, a, b, &b->steps[i]);
		/* back to the reader, which frees it (joined: the end frees it) */
		pthread_mutex_lock(&a->mutex);
		b->next = a->spent;
		a->spent = b;
		if (rc) {
			/* the loading failed: the reader reads no further */
			a->stop = 1;
			pthread_cond_signal(&a->room);
		}
		pthread_mutex_unlock(&a->mutex);
		if (rc)
			break;
	}
	pthread_join(thread, NULL);
	imp->bytes_read = bytes_read;
	move_summary(imp->summary, &a->summary);
	if (rc == PT_OK && (rc = a->result) != PT_OK && rc != PT_EINVAL) {
		if (a->message)
			pt__error(imp->db, rc, "%s", a->message);
		else if (rc == PT_ENOMEM)
			pt__error(imp->db, rc, "out of memory");
	}
	ahead_free(a);
	return rc;
}

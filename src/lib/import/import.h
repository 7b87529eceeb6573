/*
 * import.h - what the files of import/ share. A reader turns a file into
 * records with their line; the loaders write one record each, whatever
 * format it came from. The files stand on each other in this order, and
 * none calls one above it:
 *
 *   driver.c gazetteer.c     the driver: file, format, batch, transaction
 *   bulk.c                   a large file's full-text rows and indexes
 *   import_csv.c import_json.c   the readers
 *   import_flat.c            a flat row (CSV, mapped JSON) as a record
 *   ahead.c                  a CSV register read ahead on a second thread,
 *                            its persons loaded on the calling thread
 *   load_record.c            a record to the loader of its kind
 *   load_person.c load_keyed.c load_location.c   the loaders (load.h)
 *   load.c                   what the loaders share
 *   resolve.c layout.c cell.c full_name.c mapping.c rejects.c input.c
 *   encoding.c               camps and sources by name; columns, cells,
 *                            mappings, the rejects file, the input stream
 *   context.c                the import context: problems, progress,
 *                            rejected records, the record's savepoint
 *
 * The driver tells the readers and loaders what they need (the kind of a
 * JSON array, archival dates, whether sources are made) instead of being
 * asked; the readers hand records on through the function they are given.
 */
#ifndef PT_IMPORT_H
#define PT_IMPORT_H

#include <jansson.h>

#include "names/names.h"
#include "records/records.h"

typedef enum pt__kind {
	PT__KIND_SOURCE, PT__KIND_CAMP, PT__KIND_OPERATION, PT__KIND_PERSON,
	PT__KIND_CLAIM, PT__KIND_LOCATION, PT__KIND_COUNT
} pt__kind;

const char *pt__kind_name(pt__kind kind);     /* "person", ... */
const char *pt__kind_plural(pt__kind kind);   /* "persons", ... */

/* ---- the import context (context.c) ----
 * What the readers and loaders of one import share. It sits at the bottom
 * of import/: readers and loaders report to it and take the record's
 * savepoint through it, and never call the driver (driver.c) back. */

typedef struct pt__import {
	pt_db *db;
	const char *name;            /* the file name in messages */
	pt_import_summary *summary;
	int64_t batch_id;
	int record_failed;           /* the current record has an error */
	/* the current record: where its problems start, and its reasons
	 * ("FIELD: MESSAGE; ...") for the rejects file and import_reject */
	size_t record_first_error;
	pt__buf reasons;
	/* a flat row's record being loaded: the column a field's path
	 * ("events[1].date") came from, asked when a problem names it */
	const char *(*field_column)(void *ctx, const char *path);
	void *field_ctx;
	const char *worksheet;       /* a workbook's sheet being read: problems say
					FILE:SHEET!ROW, and carry the sheet */
	int keep_rejects;            /* note rejected records in import_reject */
	sqlite3_stmt *reject_stmt;
	int record_state;            /* PT__RECORD_*: the record being loaded and its savepoint */
	sqlite3_stmt *savepoint[3];
	/* rows the current record wrote outside a savepoint (pt__record_wrote),
	 * deleted if it is rejected, and the statements that delete them */
	struct pt__undo { int table; int64_t rowid; } *undo;
	size_t undo_count, undo_cap;
	sqlite3_stmt *undo_stmt[1];
	/* progress: the caller's function, and where the bytes read are counted */
	pt_progress_fn progress;
	void *progress_ctx;
	const uint64_t *bytes_read, *bytes_total;
	double started, last_progress; /* seconds (monotonic) */
	unsigned ticks;
	/* what the layers above keep for the import */
	struct pt__load *load;       /* the loaders' prepared statements and options */
	struct pt__resolver *resolver; /* camps and sources by name, cached (resolve.c) */
	struct pt__sheet *sheet;     /* the driver's options and mapping; NULL: plain JSON */
	/* set on the context of a reader that reads ahead on a thread of its
	 * own (ahead.c): what it would do to the import becomes a step */
	struct pt__ahead *ahead;
} pt__import;

enum { PT__RECORD_NONE, PT__RECORD_OPEN, PT__RECORD_SAVEPOINT };
/* the tables of pt__record_wrote */
enum { PT__UNDO_SOURCE };

/* Sets up a context for the import of `name` (messages) into db; releases
 * what it holds (not the summary, the loaders or the resolver). */
void pt__import_init(pt__import *imp, pt_db *db, const char *name);
void pt__import_release(pt__import *imp);

/* Records a warning: what looks wrong in a record that is imported as
 * written (a birth after the capture). The same shape as a problem; it
 * does not fail the record. Returns PT_OK or PT_ENOMEM. */
int pt__import_warning(pt__import *imp, long line, const char *field,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Records a problem "NAME:LINE: FIELD: MESSAGE" (field may be NULL) of the
 * current record; returns PT_EINVAL (PT_ENOMEM when it cannot). */
int pt__import_problem(pt__import *imp, long line, const char *field,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A record begins: its problems and reasons are gathered from here on. */
void pt__record_begin(pt__import *imp);
/* The current record's reasons, "FIELD: MESSAGE; ..." ("rejected": none). */
const char *pt__import_reasons(const pt__import *imp);
/* Keeps a rejected record in import_reject (when keep_rejects). */
int pt__reject_note(pt__import *imp, long line, const char *raw, size_t len);
/* Reports progress when it is time (readers call it once per record). */
void pt__import_tick(pt__import *imp, int done);

/* The record's savepoint. pt__record_open starts a record without one;
 * pt__record_savepoint opens it before a write that a rejection of the
 * record must take back (a camp or source made while the record is read),
 * once; pt__record_checked releases it once the record is known good, so
 * that its own rows go in outside any savepoint; pt__record_close ends the
 * record: its savepoint released (kept) or rolled back. */
void pt__record_open(pt__import *imp);
int pt__record_savepoint(pt__import *imp);
int pt__record_checked(pt__import *imp);
int pt__record_close(pt__import *imp, int kept);
/* A row (its table PT__UNDO_*, its rowid) the current record wrote while it
 * is read: a new source of a person. A person's record has no savepoint
 * (pt__record_open) unless it made a camp: the row is noted and deleted if
 * the record is rejected, which costs less than a savepoint that copies
 * every page the record touches and, once the import changed the schema
 * (bulk.c), makes SQLite prepare every statement anew on ROLLBACK TO. In a
 * savepoint, or outside a record, nothing is noted: the savepoint takes it
 * back. (A person's note of its identity, temp.pt_seen, needs none: it is
 * written by its last check, and only when every other one passed.) */
int pt__record_wrote(pt__import *imp, int table, int64_t rowid);

/* Arrays of the summary (errors, columns) grow by doubling without a
 * capacity field: room for 8, then twice the count whenever the count
 * reaches a power of two. pt__room_needed(count): the array is full;
 * pt__room_after(count): the size to grow it to. */
static inline int pt__room_needed(size_t count)
{
	return count == 0 || (count >= 8 && !(count & (count - 1)));
}

static inline size_t pt__room_after(size_t count)
{
	return count ? 2 * count : 8;
}

/* Called by a reader for every record, in file order. */
typedef int (*pt__record_fn)(pt__import *imp, pt__kind kind, json_t *record, long line);

/* The JSON and JSON Lines reader: parses `data` and calls `fn` per record;
 * a top-level array and JSON Lines hold records of `array_kind`. Returns
 * PT_OK, PT_EINVAL after recording a problem that stops reading (syntax,
 * shape), or a fatal code. */
int pt__read_json(pt__import *imp, const char *data, size_t len, pt_format format,
		  pt__kind array_kind, pt__record_fn fn);

/* Writes one record of `kind`: inserts, updates or leaves it unchanged, and
 * counts it in the summary. Returns PT_OK, PT_EINVAL when the record was
 * rejected (problems recorded), or a fatal code. */
int pt__load_record(pt__import *imp, pt__kind kind, json_t *record, long line);

/* Camps and sources named in records (resolve.c). pt__camp_find looks a
 * camp up by key, alias or match key and creates an unverified camp when
 * nothing matches: PT_OK with *id_out and *canonical_out (the camp's name,
 * borrowed), PT_ECONFLICT when the name fits several camps, PT_EINVAL when
 * it has no letters or digits. pt__source_find looks a source up by key;
 * with `create`, a name that is no key becomes a new source; *id_out is 0
 * when there is none. pt__source_key_of gives the key a name resolved to.
 * pt__record_done keeps (or, for a rejected record, forgets) what the
 * current record created; pt__resolver_free ends the import's cache. */
int pt__camp_find(pt__import *imp, const char *name, long line, int64_t *id_out,
		  const char **canonical_out);
int pt__source_find(pt__import *imp, const char *name, long line, int create,
		    int64_t *id_out);
const char *pt__source_key_of(pt__import *imp, const char *name);
int pt__record_done(pt__import *imp, int kept);
/* After pt__camp_find: a note when the name it looked up names several
 * camps (which, the one taken, how to merge them), else NULL; valid until
 * the next look-up. */
const char *pt__camp_note(const pt__import *imp);
void pt__resolver_free(pt__import *imp);

/* Writes one camp location record (load_location.c): {"camp": KEY, "seq": N,
 * "lat": .., "lon": .., "place": .., "notes": .., "extra": {..}}. Called by
 * pt__load_record, inside its savepoint. */
int pt__load_location(pt__import *imp, json_t *record, long line);
/* The same for a person a flat row filled in (load.h's struct person_in). */
struct person_in;
int pt__load_person_record(pt__import *imp, struct person_in *person, long line);

/* How the loaders read the records of an import, as the driver tells them:
 * archival dates ("12.4.45", with their order and century) besides EDTF
 * for CSV and mapped input; whether a source named in words (a flat
 * record's) becomes a new source. */
typedef struct pt__load_options {
	int archival;
	int date_order;              /* PT_DATE_ORDER_* */
	/* the century of two-digit years by what the date is of (0: the
	 * period of pt_date_role_period decides) */
	int centuries[PT_DATE_ROLE_COUNT];
	int creates_sources;
} pt__load_options;

/* Prepares the loaders' per-import state, with their options (NULL: plain
 * JSON: EDTF dates, no sources made); frees it. */
int pt__load_begin(pt__import *imp, const pt__load_options *options);
void pt__load_end(pt__import *imp);
/* After the last record: makes the links to sources that came later in the
 * file, and records a problem for each that names no source (PT_EINVAL). */
int pt__load_finish(pt__import *imp);

/* An import of persons in bulk (bulk.c), inside the import's transaction:
 * for a file of estimated_rows >= 500, pt__bulk_begin takes the
 * full-text insert triggers off and, into a database of at most half as
 * many persons, drops the secondary indexes of the person tables;
 * pt__bulk_end writes the full-text rows of what was inserted, puts the
 * triggers back and builds the indexes again (before the commit; a
 * rollback undoes pt__bulk_begin instead); pt__bulk_free releases b. */
typedef struct pt__bulk {
	char **sql;          /* CREATE INDEX statements to run again before the commit */
	size_t count;
	int checks_off;      /* CHECK constraints are skipped: turn them on again */
	int text_deferred;   /* the full-text insert triggers are off */
	int64_t person_max;  /* the largest person id before the import */
	int64_t source_max;  /* the largest source id before the import */
	int64_t first_batch; /* the import's (first) batch */
} pt__bulk;

int pt__bulk_begin(pt__import *imp, uint64_t estimated_rows, pt__bulk *b);
int pt__bulk_end(pt__import *imp, pt__bulk *b);
void pt__bulk_free(pt_db *db, pt__bulk *b);

/* ---- reading ahead on a second thread (ahead.c) ----
 * pt__ahead_run runs read(shadow, ctx) on a thread of its own, on a
 * context of its own (shadow: its own summary and message, imp's sheet),
 * and takes what it gives in file order on the calling thread, the only
 * one that uses SQLite: the result is a one-thread import's. *ran is 0 when
 * no thread could be started (nothing was read: the caller reads). The
 * reader, seeing shadow->ahead, hands on instead of doing: a record's
 * begin, a progress tick, a rejected row, the rejects file's header, a
 * person to load (pt__ahead_person, then pt__ahead_row when its row ends);
 * its problems, warnings and counts are taken from the shadow's summary.
 * pt__ahead_keep keeps what the persons point into until the end. */
typedef int (*pt__ahead_reader)(pt__import *shadow, void *ctx);
/* 0: read ahead when the file is large (or its size unknown); 1: never
 * (one thread); 2: always. For tests and measurements. */
extern int pt__import_threads;
/* imports read ahead so far (tests: the second thread did run) */
extern long pt__ahead_runs;
int pt__ahead_wanted(const pt__import *imp, uint64_t bytes_total);
int pt__ahead_run(pt__import *imp, pt__ahead_reader read, void *ctx, int *ran);
int pt__ahead_begin(pt__import *shadow);
int pt__ahead_tick(pt__import *shadow, uint64_t bytes_read);
int pt__ahead_reject(pt__import *shadow, long line, const char *raw, size_t len);
void pt__ahead_person(pt__import *shadow, struct person_in *person, void *owner,
		      void (*release)(void *owner),
		      const char *(*column)(void *ctx, const char *path));
int pt__ahead_row(pt__import *shadow, long line, const char *raw, size_t len);
int pt__ahead_keep(pt__import *shadow, void *data, void (*free_fn)(void *data));
/* Zeroed blocks of `size` for the rows read ahead, one size per kind, taken
 * again once free (the reader's thread only, or after it was joined). */
enum { PT__AHEAD_PERSON, PT__AHEAD_ROW, PT__AHEAD_BLOCKS };
void *pt__ahead_calloc(pt__import *shadow, int kind, size_t size);
void pt__ahead_free(pt__import *shadow, int kind, void *block);

/* Imports JSON held in memory (the built-in gazetteer) exactly as
 * pt_import_file() imports a file: one transaction, one batch named `name`,
 * whole or not at all. */
int pt__import_memory(pt_db *db, const char *name, const char *data, size_t len,
		      pt_import_summary **summary_out);

#endif

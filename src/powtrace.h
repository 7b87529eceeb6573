/*
 * powtrace.h - the public API of libpowtrace, a research database for
 * missing prisoner-of-war records on an embedded SQLite file.
 *
 * Conventions (the contract for every function below):
 *  - Functions return an int: 0 (PT_OK) on success, a negative PT_E* code on
 *    failure. The detailed message of the last failure on a database handle
 *    is pt_db_errmsg(db); pt_strerror(code) gives fixed text for a code.
 *  - An object returned through `T **out` belongs to the caller, who frees it
 *    with the matching pt_*_free(), which accepts NULL. A pointer returned as
 *    a function's value is borrowed and stays valid as long as its owner.
 *  - Strings are UTF-8. Text stored by the library is NFC-normalised.
 *  - The library never prints and never exits.
 */
#ifndef POWTRACE_H
#define POWTRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PT_VERSION "0.1.0"

/* ---- result codes ---------------------------------------------------- */

#define PT_OK          0
#define PT_ENOTFOUND  (-1) /* the thing asked for does not exist */
#define PT_EINVAL     (-2) /* bad input: a value, a file, an argument */
#define PT_ECONFLICT  (-3) /* input contradicts itself or the database */
#define PT_ESCHEMA    (-4) /* not a powtrace database, or one too new */
#define PT_ENOMEM     (-5) /* out of memory */
#define PT_EIO        (-6) /* a file or the database could not be read or written */

/* Fixed English text for a result code; never NULL. */
const char *pt_strerror(int code);

/* The library's version, PT_VERSION. */
const char *pt_version(void);

/* Frees memory that the library handed over as a plain char * (the reason
 * strings below). Accepts NULL. */
void pt_free(void *ptr);

/* Every string the library hands out is UTF-8. A text value in a database
 * that is not (a file edited with another tool) is handed out with each bad
 * byte written as "\xNN"; this counts such values read in this process, so
 * that a program can say that what it showed was repaired. */
unsigned long pt_invalid_text_count(void);

/* ---- the database ---------------------------------------------------- */

/* A handle to one database file. Use a handle from one thread at a time;
 * threads that work at once open handles of their own. */
typedef struct pt_db pt_db;

/* Opens (and with PT_OPEN_CREATE creates) the database at `path`, ":memory:"
 * for a private in-memory one. A writable handle applies pending schema
 * migrations, each in its own transaction under SQLite's write lock with the
 * version read again once the lock is held (two processes starting one new
 * database both succeed: the second finds the work done); switches file
 * databases to WAL; turns foreign keys on. With PT_OPEN_READONLY the handle
 * only reads: SQLite's read-only mode and PRAGMA query_only; it never
 * creates, migrates or changes the journal mode; a database older than the
 * library is refused (PT_ESCHEMA, naming 'powtrace init', which upgrades
 * it), and one on read-only media (a WAL database whose -shm file cannot be
 * made) is read as immutable, unless its -wal file holds changes (PT_EIO).
 * Every commit of a writable handle first checks that the file is still the
 * one at `path`: a database deleted or replaced under a running command
 * makes the commit fail (PT_EIO), never succeed into a lost file.
 * Returns PT_ESCHEMA for a file that is not a powtrace database or that was
 * made by a newer powtrace, PT_EIO when the file cannot be opened or created
 * (the message names the cause: a missing directory, no permission, a full
 * disk, a read-only directory). On failure *out is still set (unless
 * PT_ENOMEM) so that pt_db_errmsg() can say why; free it with pt_db_free()
 * either way. pt_db_open(out, path, flags) is pt_db_open_with() with only
 * the flags set. */
#define PT_OPEN_CREATE   0x1
#define PT_OPEN_READONLY 0x2
int pt_db_open(pt_db **out, const char *path, int flags);

/* How long a handle waits for another process's lock by default (an import
 * of a million rows takes under a minute): ten minutes. */
#define PT_BUSY_TIMEOUT_DEFAULT_MS 600000

typedef struct pt_open_options {
	int flags;                /* PT_OPEN_CREATE, PT_OPEN_READONLY */
	int busy_timeout_ms;      /* how long any statement waits for another
				     process that holds the database (a writer
				     during an import, a migration): 0 is
				     PT_BUSY_TIMEOUT_DEFAULT_MS, < 0 no waiting */
	/* called once per wait that lasts a second, so that a program can say
	 * what it waits for; NULL: nobody is told */
	void (*waiting)(void *ctx, const char *path);
	void *waiting_ctx;
} pt_open_options;

/* pt_db_open() with options (NULL: all defaults). */
int pt_db_open_with(pt_db **out, const char *path, const pt_open_options *opts);

/* Closes the database and frees the handle. Accepts NULL. */
void pt_db_free(pt_db *db);

/* Closes and frees the handle like pt_db_free(), and removes the database
 * file when this handle made it (PT_OPEN_CREATE found no file: it was made
 * with O_EXCL), it is still the file at the path, no other connection
 * committed anything to it, and no other connection has it open (SQLite
 * leaves WAL mode, removing the -wal and -shm files, and then locks the file
 * exclusively, before the file is unlinked). For a command that failed on a
 * database it made: then no empty database is left behind, and never is a
 * file removed that another process uses. Returns 1 when the file was
 * removed, 0 when it was left (as a valid, empty database at worst).
 * Accepts NULL. */
int pt_db_discard(pt_db *db);

/* The message of the last failure on `db` (borrowed; "" if none).
 * Accepts NULL, for which it returns "out of memory". */
const char *pt_db_errmsg(const pt_db *db);

/* The schema version of the open database (PRAGMA user_version), and the
 * newest version this library knows. */
int pt_db_schema_version(pt_db *db);
int pt_schema_latest(void);

/* Groups writes into one transaction: after pt_db_begin(), each import
 * (pt_import_file) still goes in whole or not at all, but nothing is kept
 * until pt_db_commit(); pt_db_rollback() takes back everything since
 * pt_db_begin(). `powtrace import A B` imports its files this way, so that
 * a failed command leaves the database as it was. */
int pt_db_begin(pt_db *db);
int pt_db_commit(pt_db *db);
void pt_db_rollback(pt_db *db);

/* Groups reads: until pt_db_read_end(), the handle's reads see one state of
 * the database, and the file's read lock is taken once for all of them
 * rather than once in each function called (a web page that reads a man's
 * dossier and then the evidence on his fate). Pairs nest; inside a
 * transaction of pt_db_begin() they do nothing. Returns 0, or a PT_E...
 * code with the handle's message (and then needs no pt_db_read_end). */
int pt_db_read_begin(pt_db *db);
void pt_db_read_end(pt_db *db);

/* For a process that never asks SQLite how much memory it uses (the CLI:
 * every command, serve too), before it opens its first database: SQLite no
 * longer counts the memory it allocates, a count kept under one lock that
 * every allocation takes (a few percent of an import; with several threads
 * reading, a lock they all wait on). Returns 0, or PT_EINVAL when a database
 * has been opened already (then nothing changes). */
int pt_db_memory_count_off(void);

/* ---- files powtrace writes (outfile.c) ------------------------------- */

/* A file being written whole or not at all: the text goes to a new file in
 * the target's directory, which pt_output_commit() flushes to the disk and
 * renames over the target, so that the old file stays as it was until the
 * new one is complete, and a failure or a kill leaves it untouched (a kill
 * may leave the hidden ".NAME.NNNN.tmp" file beside it). The export
 * commands, the charts and the rejects file of an import use it. */
typedef struct pt_output pt_output;

/* Opens `path` for writing. Refuses, with PT_EINVAL and a message that
 * names the file and the reason, a path that is a directory, the database
 * `db` has open (compared by device and inode, so a hard or symbolic link
 * to it is refused too), the database's -wal, -shm or -journal file (also
 * by name, since they may not exist yet), or one of `inputs` (the files
 * the command reads, input_count of them; "-" stands for standard input;
 * NULL entries are skipped). A symbolic link is kept and the file it points
 * to is replaced; a new file gets the default mode (0666 less the umask), a
 * replaced one keeps its mode. An existing target that is not a regular
 * file (a terminal, a pipe such as /dev/stdout, /dev/null) is written in
 * place. `db` must not be NULL: the message goes to pt_db_errmsg(db).
 * Returns PT_OK with *out set, PT_EINVAL, PT_EIO (the directory cannot be
 * written: the message says why, e.g. "the disk is full") or PT_ENOMEM. */
int pt_output_open(pt_db *db, const char *path, const char *const *inputs,
		   size_t input_count, pt_output **out);

/* The stream to write to (borrowed; valid until commit or abort). */
FILE *pt_output_stream(pt_output *out);

/* The name given to pt_output_open (borrowed), for messages. */
const char *pt_output_name(const pt_output *out);

/* Flushes the file to the disk and puts it in place of the target, after
 * checking the target once more. Frees `out` whatever happens. Returns PT_OK,
 * or PT_EIO / PT_EINVAL with the message on the handle, the target then
 * being as it was. */
int pt_output_commit(pt_output *out);

/* Drops what was written (the target stays as it was) and frees `out`.
 * Accepts NULL. */
void pt_output_abort(pt_output *out);

/* Removes the temporary files of the outputs still open (only unlink(), on
 * names kept aside): safe to call from a signal handler, so that a program
 * stopped by SIGINT or SIGTERM leaves no ".NAME.NNNN.tmp" behind. */
void pt_output_remove_temporaries(void);

/* ---- dates (EDTF, ISO 8601-2 levels 0 and 1) ------------------------- */

#define PT_DATE_APPROXIMATE  0x01 /* '~' somewhere in the date */
#define PT_DATE_UNCERTAIN    0x02 /* '?' somewhere in the date */
#define PT_DATE_INTERVAL     0x04 /* 'a/b' */
#define PT_DATE_UNSPECIFIED  0x08 /* 'X' digits */
#define PT_DATE_HAS_MIN      0x10 /* min is a bound (not open or unknown) */
#define PT_DATE_HAS_MAX      0x20 /* max is a bound */

#define PT_DATE_TEXT_MAX 64

typedef struct pt_date {
	char edtf[PT_DATE_TEXT_MAX]; /* the normalised EDTF text */
	int64_t min;                 /* earliest day, as year*10000+month*100+day */
	int64_t max;                 /* latest day, same encoding */
	unsigned flags;              /* PT_DATE_* */
} pt_date;

/* Parses an EDTF string into *out (NULL: only validate). Returns PT_OK, or
 * PT_EINVAL with *why (if why is not NULL) set to a phrase such as "day 30
 * out of range for 1945-02"; the phrase is borrowed and stays valid until the
 * next failing pt_date_parse() on the same thread. Accepts levels 0 and 1
 * (dates, seasons 21-24, qualifiers ~ ? %, unspecified digits X, 'Y' years,
 * intervals with open (..) and unknown (empty) ends) and level 2's
 * qualified parts, seasons 25-41 and exponent years; not sets. *out is
 * untouched on failure. */
int pt_date_parse(pt_date *out, const char *text, const char **why);

/* Writes an integer day (YYYYMMDD encoding) as ISO text "YYYY-MM-DD" into
 * buf (at least 24 bytes). Returns buf. */
char *pt_date_day_format(int64_t day, char *buf, size_t size);

/* ---- case status ----------------------------------------------------- */

typedef enum pt_status {
	PT_STATUS_UNKNOWN = 0,
	PT_STATUS_RETURNED,
	PT_STATUS_DIED,
	PT_STATUS_UNACCOUNTED,
	PT_STATUS_CONFLICTING
} pt_status;

/* "unknown", "returned", "died", "unaccounted", "conflicting". */
const char *pt_status_name(pt_status status);
/* The status a name ("returned", ...) names: PT_OK with *out (out may be
 * NULL: only check), or PT_EINVAL when it names none. */
int pt_status_parse(const char *name, pt_status *out);

/* What the status derivation needs to know of one event. */
typedef struct pt_status_event {
	const char *type;     /* event type, e.g. "liberation" */
	const char *date;     /* EDTF text or NULL */
	int64_t date_min, date_max; /* meaningful when has_min / has_max */
	int has_min, has_max;
	const char *camp;     /* camp name or NULL */
	const char *place;    /* place or NULL */
} pt_status_event;

/* Derives a case status from a person's events, given in record order, as
 * PRODUCT.md defines it. *reason_out (if not NULL) receives a sentence that
 * explains it, owned by the caller (pt_free). *last_out (if not NULL)
 * receives the index of the event the status rests on, or -1.
 * Returns PT_OK or PT_ENOMEM. */
int pt_status_derive(const pt_status_event *events, size_t count,
		     pt_status *status_out, char **reason_out, long *last_out);

/* ---- import ---------------------------------------------------------- */

typedef enum pt_format {
	PT_FORMAT_AUTO = 0, /* from the content and the file's name */
	PT_FORMAT_JSON,     /* one document: an array of records or an object */
	PT_FORMAT_JSONL,    /* JSON Lines: one record a line */
	PT_FORMAT_CSV,      /* delimited text (, ; tab |) with a header row */
	PT_FORMAT_XLSX,     /* an Excel workbook (Office Open XML: .xlsx, .xlsm) */
	PT_FORMAT_ODS,      /* an OpenDocument spreadsheet (.ods) */
	PT_FORMAT_XLS       /* an Excel 97-2003 workbook (.xls, BIFF) */
} pt_format;

/* What an import has done so far, for a progress line (see progress below). */
typedef struct pt_import_progress {
	const char *file;         /* the display name */
	long rows;                /* records read so far */
	uint64_t bytes_read;      /* bytes of the file read so far */
	uint64_t bytes_total;     /* the file's size; 0 when not known (a pipe) */
	double seconds;           /* since the import started */
	int done;                 /* 1 on the last call, once reading has ended */
} pt_import_progress;

typedef void (*pt_progress_fn)(void *ctx, const pt_import_progress *progress);

/* Zero-initialise and set what you need; every field is optional. */
typedef struct pt_import_options {
	pt_format format;
	const char *display_name; /* the name errors use; NULL: the path */
	/* what the records are when the file does not say (CSV rows, a JSON array):
	 * "person", "source", "camp", "claim", "operation" or "location" (camp
	 * locations); NULL: the mapping's "kind", else "person" */
	const char *kind;
	const char *mapping;      /* path of a mapping file (PRODUCT.md), or NULL */
	const char *encoding;     /* "utf-8", "utf-16", "windows-1252", "latin-1";
				     NULL: the mapping's, else a BOM, else UTF-8 when
				     the bytes are UTF-8, else Windows-1252 */
	int skip_invalid;         /* import the good records and reject the bad ones,
				     instead of refusing the whole file */
	const char *rejects;      /* with skip_invalid: write every rejected row to
				     this file, byte for byte, with its reason in an
				     added column (JSON: one object a line); NULL: none.
				     Written whole or not at all (pt_output_open): put
				     in place once the import is committed, never when
				     it is refused; it must not be the database, the
				     file imported, the mapping or one of `inputs` */
	const char *const *inputs; /* the other files the command reads, which the
				     rejects file must not overwrite ("-": standard
				     input); input_count of them; may be NULL */
	size_t input_count;
	int dry_run;              /* read and check everything, change nothing */
	/* workbooks (.xlsx, .ods, .xls): the sheet to read, by name or by its
	 * place ("2": the second tab); NULL: every sheet whose header row names
	 * fields (a sheet of notes is passed over, and the summary says so).
	 * Refused for a file that is no workbook. */
	const char *sheet;
	pt_progress_fn progress;  /* called about four times a second, and once at
				     the end (done = 1); NULL: never */
	void *progress_ctx;
} pt_import_options;

/* A column of the input and the canonical field it was read into. */
typedef struct pt_import_column {
	char *column;             /* the header as the file wrote it ("column 7" when empty) */
	char *field;              /* canonical field, or "(kept)" when no field took it
				     (its values are kept in the record's extra), or
				     "(ignored)" when the mapping said so */
} pt_import_column;

typedef struct pt_import_error {
	long line;       /* 1-based line in the file (a workbook: the row of the
			    sheet); 0 when not known */
	char *field;     /* the field at fault, or NULL */
	char *message;
	char *sheet;     /* a workbook's sheet, or NULL: the position is then
			    written FILE:SHEET!ROW */
} pt_import_error;

/* A sheet of a workbook and what the import did with it. */
typedef struct pt_import_sheet {
	char *name;
	long header_line;         /* the row of its header; 0 when it was passed over */
	long rows;                /* records read from it */
	int64_t batch_id;         /* its import batch (each sheet read is one); 0 when
				     none was kept */
	char *passed_over;        /* why it was not read ("no row names fields"), or NULL */
} pt_import_sheet;

typedef struct pt_import_summary {
	char *file;
	long rows, inserted, updated, unchanged, rejected;
	pt_import_error *errors;
	size_t error_count;
	/* added for spreadsheets */
	int64_t batch_id;         /* the import_batch row; 0 for a dry run or a refused file */
	char *format;             /* "csv", "json", "jsonl" */
	char *kind;               /* "person", ... */
	char *encoding;           /* the encoding read ("utf-8", "windows-1252", ...) */
	char delimiter;           /* CSV: the delimiter used; 0 otherwise */
	long header_line;         /* CSV: the line of the header row; 0 otherwise */
	pt_import_column *columns; /* CSV, or JSON with a mapping: column -> field */
	size_t column_count;
	char **new_camps;         /* camp names that matched no camp and became new,
				     unverified camps (merge them by hand); the
				     first 1,000 (new_camp_total counts all) */
	size_t new_camp_count;
	char **new_sources;       /* source names that became new sources; the
				     first 1,000 (new_source_total counts all) */
	size_t new_source_count;
	long rejects_written;     /* rows written to the rejects file */
	char *warning;            /* a problem that came after the commit and did not
				     undo it (the rejects file could not be put in
				     place), or NULL */
	long errors_not_listed;   /* problems beyond the first 10,000, counted only */
	/* added for workbooks and plausibility checks */
	pt_import_sheet *sheets;  /* a workbook's sheets, in tab order */
	size_t sheet_count;
	pt_import_error *warnings; /* what looks wrong but was imported (a birth
				     after the capture, an age at capture under 14);
				     the same shape as errors */
	size_t warning_count;
	/* added for registers of many sources: new_camps and new_sources hold
	 * the first 1,000 names; these count them all */
	size_t new_camp_total, new_source_total;
} pt_import_summary;

/* Imports one file in the canonical JSON formats of PRODUCT.md: an array of
 * person records, JSON Lines of person records, or an object whose keys
 * ("persons", "sources", "camps", "operations", "claims") say what it holds;
 * or a flat file: CSV, or a workbook (.xlsx, .ods, .xls) whose sheets are
 * read as CSV rows are, each sheet read as an import batch of its own. A
 * file whose content is not what its name says (a .xlsx that is CSV text,
 * a .csv that is a workbook, a PDF) is refused with a problem naming what
 * it is.
 * `path` "-" reads standard input. The file imports whole or not at all:
 * when any record is bad, every problem is listed in the summary, the
 * database is left exactly as it was and PT_EINVAL is returned (pt_db_errmsg
 * holds the first problem as "FILE:LINE: FIELD: MESSAGE"). A record already
 * present (same source and record_id, or same key) is updated when it
 * differs and counted unchanged when not. *summary_out is set whenever the
 * file could be read, also on PT_EINVAL; free it with
 * pt_import_summary_free(). opts may be NULL. */
int pt_import_file(pt_db *db, const char *path, const pt_import_options *opts,
		   pt_import_summary **summary_out);

void pt_import_summary_free(pt_import_summary *summary);

/* A mapping file (docs/mapping.md) for the CSV file or workbook at `path`,
 * for its user to complete: the file is read as pt_import_file() would
 * read it with `opts` (NULL: defaults; a dry run into a database of its
 * own, so that none is touched), and the mapping holds what the reading
 * found: the kind, delimiter, encoding and header line, every column with
 * the field it was recognised as, and the columns no field took kept with
 * the record and marked "TO DO" in their notes (a whole-name column too,
 * for its order). On PT_OK *out is the mapping as JSON text; on PT_EINVAL
 * (a file that cannot be read, or JSON, whose records name their fields by
 * their keys) *out is the message. Either way the caller frees *out. */
int pt_mapping_template(const char *path, const pt_import_options *opts, char **out);

/* ---- archival dates (date_archival.c) ---------------------------------- */

#define PT_DATE_ORDER_DMY 0  /* 12.4.45 is 12 April 1945 (the default) */
#define PT_DATE_ORDER_MDY 1  /* 4/12/45 is 12 April 1945 */
#define PT_DATE_ORDER_YMD 2  /* 45/4/12 is 12 April 1945 */

/* What a date in a register is the date of. It decides the century of a
 * two-digit year, from the period such dates fall in (pt_date_role_period):
 * a birth 1870-1930, a capture 1939-1945, an event in captivity (internment,
 * transfer, liberation, handover, sighting, last seen) 1939-1956, a release,
 * repatriation or return 1943-1956, a death or burial 1939-1999, any other
 * date 1900-1999. A two-digit year goes to the century that puts it in the
 * period, else to the one nearest to it ("3.4.99" born: 1899; "12.4.15"
 * captured: 1915). */
typedef enum pt_date_role {
	PT_DATE_ROLE_OTHER = 0, PT_DATE_ROLE_BIRTH, PT_DATE_ROLE_CAPTURE,
	PT_DATE_ROLE_CAPTIVITY, PT_DATE_ROLE_RELEASE, PT_DATE_ROLE_DEATH,
	PT_DATE_ROLE_COUNT
} pt_date_role;

/* "other", "birth", "capture", "captivity", "release", "death" (static
 * text); NULL for a value out of range. */
const char *pt_date_role_name(pt_date_role role);
/* The role of that name: PT_OK, or PT_EINVAL for another word. */
int pt_date_role_parse(const char *name, pt_date_role *out);
/* The role of an event type's date ("capture" -> PT_DATE_ROLE_CAPTURE,
 * "return" -> PT_DATE_ROLE_RELEASE, ...; unknown types: OTHER). */
pt_date_role pt_date_role_of_event(const char *event_type);
/* The first and last year of the role's period. */
void pt_date_role_period(pt_date_role role, int *first_year, int *last_year);

typedef struct pt_archival_options {
	int order;                /* PT_DATE_ORDER_DMY (0), _MDY or _YMD */
	pt_date_role role;        /* what the date is of (0: other) */
	int century;              /* two-digit years in the century that starts here
				     (1900: 45 is 1945, 1800: 99 is 1899); 0: the
				     role's period decides */
} pt_archival_options;

/* Reads a date as archival registers write it into EDTF: "12.4.45",
 * "12/4/1945" (in the given order), "1945-04-12", "April 1945", "Apr. 1945",
 * "23rd April 1945", "12.IV.1945", "c. 1920", "about 1920", "1920?",
 * "1944/45", "?.5.1945", "spring 1945", every EDTF date; intervals for
 * "before 1946" (../1945), "after 1945" (1946/..), "early 1945"
 * (1945-01/1945-04; mid: May-August, late: September-December), "mid April
 * 1944" (1944-04-11/1944-04-20), "10-12 April 1944", "10.-12.4.1944",
 * "April-May 1945", "from 3 to 9 May 1945", "between 1944 and 1946"; month
 * names and these words in English, German, French, Dutch, Polish and
 * Russian. opts NULL: day first, two-digit years by the period of
 * PT_DATE_ROLE_OTHER. Returns PT_OK with *out set (out NULL: only
 * validate); PT_ENOTFOUND when the text says the date is not known ("n.k.",
 * "unknown", "?", "not known", "k.A.", "unbekannt", "inconnu", "onbekend",
 * "nieznany", "-"): no date; or PT_EINVAL with *why (if not NULL; borrowed,
 * valid until the next failing call on the same thread) such as "day 31 out
 * of range for 1920-02". */
int pt_date_read_archival(pt_date *out, const char *text, const pt_archival_options *opts,
			  const char **why);

/* pt_date_read_archival() with a role of PT_DATE_ROLE_OTHER and a fixed
 * century (0 or less: 1900), as before roles existed. */
int pt_date_parse_archival(pt_date *out, const char *text, int order, int century,
			   const char **why);

/* 1 when the text says a date is not known (pt_date_read_archival() gives
 * PT_ENOTFOUND for it), else 0. NULL gives 0. */
int pt_date_is_unknown(const char *text);

/* ---- import batches (batch.c) ------------------------------------------ */

typedef struct pt_batch {
	int64_t id;
	char *file, *sha256, *format, *kind, *encoding, *mapping;
	int64_t bytes;
	char *started_at, *finished_at, *unimported_at; /* UTC; NULL when not */
	long rows, inserted, updated, unchanged, rejected;
	long persons;             /* persons whose last writer is this batch */
	char *sheet;              /* the workbook's sheet it read, or NULL */
} pt_batch;

/* Lists every import batch, oldest first. Free with pt_batch_list_free(). */
int pt_batch_list(pt_db *db, pt_batch **out, size_t *count_out);
void pt_batch_list_free(pt_batch *batches, size_t count);

typedef struct pt_unimport_summary {
	long persons, camps, locations, sources, claims, operations; /* removed */
	long kept;                /* records the batch brought in but that a later
				     batch changed, or that other records still
				     refer to: left in place */
	long kept_updated;        /* records this batch only updated: left as
				     they are (re-import the earlier file to
				     restore them) */
} pt_unimport_summary;

/* Takes back import batch `id`: removes, in one transaction, every record
 * that this batch inserted and no later batch changed (persons with their
 * names, events and citations; camps it created, including unverified ones;
 * locations, sources, claims, operations) unless other records still refer to
 * it, and marks the batch unimported. Returns PT_ENOTFOUND for no such batch,
 * PT_ECONFLICT when it was unimported already. */
int pt_batch_unimport(pt_db *db, int64_t id, pt_unimport_summary *out);

/* ---- a person's dossier ---------------------------------------------- */

typedef struct pt_name {
	int64_t id;
	char *surname, *given_names, *script;
	int is_primary;
	int64_t batch_id;     /* provenance: the import batch and line; 0 when not known */
	long batch_line;
} pt_name;

typedef struct pt_event {
	int64_t id;
	char *type;
	char *date;           /* EDTF or NULL */
	char *date_original;  /* as the record wrote it, or NULL */
	char *camp_key, *camp; /* NULL when no camp */
	char *place;
	char *operation_key, *operation;
	char *agent, *notes;
	int64_t batch_id;     /* provenance: the import batch and line; 0 when not known */
	long batch_line;
	int seq;              /* its place in the record, from 1 */
} pt_event;

typedef struct pt_citation {
	int64_t id;
	char *source_key, *source_kind, *source_title;
	char *locator;
	char *target;         /* what it supports: "person", "name 2", "event 5" */
	char *source_quality, *information, *evidence; /* NULL when not graded */
	int confidence;       /* 0-4, -1 when not given */
	/* in a dossier (pt_person_get): the event it supports (0 when it
	 * supports none) and its notes; else 0 and NULL */
	int64_t event_id;
	char *notes;
} pt_citation;

typedef struct pt_person {
	int64_t id;
	char *record_source, *record_id;
	char *surname, *given_names, *sex, *nationality;
	char *birth_date, *birth_place;
	char *service, *service_number, *rank, *unit, *notes;
	pt_status status;
	char *status_reason;
	pt_name *names;           size_t name_count;
	pt_event *events;         size_t event_count;   /* in record order */
	pt_citation *citations;   size_t citation_count;
	/* provenance: the import batch that last wrote the record, its file and
	 * the line the record starts on (0/NULL when not known), the batch that
	 * first brought it in, the original text of an archival birth date, and
	 * the input's columns that no mapping named (a JSON object, or NULL) */
	int64_t batch_id, first_batch_id;
	long batch_line;
	char *batch_file;
	char *birth_date_original;
	char *extra;
} pt_person;

/* Loads the dossier of person `id`: every name form, the events in record
 * order with their camps and operations, and every citation on the person,
 * its names and its events. Returns PT_ENOTFOUND when there is no such
 * person. Free *out with pt_person_free(). */
int pt_person_get(pt_db *db, int64_t id, pt_person **out);

void pt_person_free(pt_person *person);

/* ---- camps and the built-in gazetteer (gazetteer.c) ------------------ */

typedef struct pt_camp {
	int64_t id;
	char *key, *name, *type;   /* type: stalag, oflag, ..., itl, special, ... */
	char *operator_code;       /* ISO code of the power that ran it, or NULL */
	char *place, *country;     /* NULL when not known */
	double lat, lon;           /* meaningful when has_coordinates */
	int has_coordinates;
	char *period;              /* EDTF or NULL */
	int verified;
	char *notes;
	char **aliases;            /* every other name, in stored order */
	size_t alias_count;
	char **sources;            /* keys of the sources cited on the camp */
	size_t source_count;
	int64_t persons;           /* persons with an event there; -1 when not asked */
	/* with pt_camp_query.unverified: events that name the camp, and the
	 * imports they came from ("register.csv (batch 3)"), the one that made
	 * the camp first */
	int64_t events;
	char **origins;
	size_t origin_count;
	/* with pt_camp_query.unverified: the keys of the verified camps its
	 * name reads as (the import's place stage: "Stalag IIIA Luckenwalde"
	 * reads as stalag-iii-a), the camps it may be merged into */
	char **reads_as;
	size_t reads_as_count;
} pt_camp;

typedef struct pt_camp_list {
	pt_camp *camps;
	size_t count;
} pt_camp_list;

typedef struct pt_camp_query {
	const char *text;          /* matched against the key and every name, folded
				      for case, diacritics, punctuation and script
				      (a part is enough); NULL: every camp */
	const char *type;          /* a camp type, or NULL */
	const char *operator_code; /* an ISO code, or NULL */
	int with_coordinates;      /* only camps whose lat/lon are known */
	int with_persons;          /* fill pt_camp.persons (one more query) */
	int unverified;            /* only camps not verified (made by imports from a
				      name no camp had), with where they came from
				      (pt_camp.origins) and their events */
} pt_camp_query;

/* Lists the camps that match `query` (NULL: all), ordered by name. Returns
 * PT_OK (also when none match) or a negative code. Free *out with
 * pt_camp_list_free(). */
int pt_camp_search(pt_db *db, const pt_camp_query *query, pt_camp_list **out);
void pt_camp_list_free(pt_camp_list *list);

/* Finds the one camp that `name` names: its key, or any of its names after
 * folding ("Stalag 4B", "MUHLBERG", "Мюльберг"). Returns PT_OK with *id_out
 * set, PT_ENOTFOUND ("unknown camp 'X'"), or PT_EINVAL when the name fits
 * several camps (the message lists them). */
int pt_camp_resolve(pt_db *db, const char *name, int64_t *id_out);

/* ---- putting camps right (records/camp_merge.c) ---------------------- */

/* One merge of a camp into another, and what it moved. */
typedef struct pt_camp_merge_info {
	int64_t id;                /* the merge's number (pt_camp_unmerge) */
	char *from_key, *from_name; /* the camp merged away */
	char *into_key, *into_name; /* the camp it went into */
	char *merged_at, *unmerged_at; /* UTC; unmerged_at NULL while it stands */
	long aliases;              /* spellings that became aliases of the second camp */
	long events, citations, locations, claims; /* rows moved */
	long persons;              /* persons whose events moved (status derived again) */
} pt_camp_merge_info;

/* Merges camp `from` into camp `into` (each a key or a name that names one
 * camp, as pt_camp_resolve reads it): from's name and aliases become
 * aliases of `into`, its events, citations and locations and the claims
 * about it name `into`, the status of every person with an event there is
 * derived again, and `from` is removed; all in one transaction, logged in
 * camp_merge so that pt_camp_unmerge can take it back. *out (may be NULL)
 * gets what moved; release it with pt_camp_merge_info_release(). Returns
 * PT_OK, PT_ENOTFOUND for a name no camp has, PT_EINVAL for a name several
 * camps have or one camp given twice. */
int pt_camp_merge(pt_db *db, const char *from, const char *into, pt_camp_merge_info *out);

/* Takes back merge `id` (0: the latest merge of the camp keyed `from_key`
 * that stands): the merged camp comes back with its key, name, aliases and
 * everything the merge moved that still names the camp it went into.
 * Returns PT_OK, PT_ENOTFOUND (no such merge), PT_ECONFLICT when it was
 * taken back already, when the key is a camp's again, or when the camp it
 * went into was merged away since (take that merge back first; the message
 * says which). */
int pt_camp_unmerge(pt_db *db, int64_t id, const char *from_key, pt_camp_merge_info *out);

/* Every merge, oldest first. Free with pt_camp_merge_list_free(). */
int pt_camp_merge_list(pt_db *db, pt_camp_merge_info **out, size_t *count_out);
void pt_camp_merge_list_free(pt_camp_merge_info *list, size_t count);
void pt_camp_merge_info_release(pt_camp_merge_info *info);

/* Marks the camp `name` names verified (a person checked it). *id_out (may
 * be NULL) gets its id. Returns PT_OK (also when it was verified already),
 * PT_ENOTFOUND or PT_EINVAL as pt_camp_resolve. */
int pt_camp_verify(pt_db *db, const char *name, int64_t *id_out);

/* Gives the camp `name` names another spelling. Returns PT_OK (also when it
 * had it), PT_EINVAL for a spelling without letters or digits, or
 * PT_ECONFLICT when the spelling names another camp already (the message
 * names it and says how to merge the two). */
int pt_camp_alias_add(pt_db *db, const char *name, const char *alias);

/* The camp types powtrace knows, with a one-line description each; a static
 * table (borrowed), *count_out entries. */
typedef struct pt_camp_type_info {
	const char *type;          /* as stored in camp.type */
	const char *label;         /* "Stalag", "NKVD screening and filtration camp", ... */
	const char *operator_code; /* "DE", "SU", or NULL when either */
	const char *description;
} pt_camp_type_info;
const pt_camp_type_info *pt_camp_types(size_t *count_out);

/* Loads the gazetteer built into the library (German camps that held Western
 * Allied prisoners, Soviet camps from the gulagmap.ru data, their sources
 * and recorded camp populations) through the importer, as one import batch
 * named "gazetteer". Does nothing (and sets *summary_out to NULL) when this
 * version of the gazetteer is already loaded. Returns what pt_import_file()
 * returns; free *summary_out with pt_import_summary_free(). */
int pt_gazetteer_load(pt_db *db, pt_import_summary **summary_out);

/* The SHA-256 of the built-in gazetteer (static text). */
const char *pt_gazetteer_version(void);

/* 1 when some version of the built-in gazetteer is loaded in `db` (and not
 * taken back), 0 when none is, -1 on failure. */
int pt_gazetteer_loaded(pt_db *db);

/* ---- faceted counts (query.c) ----------------------------------------- */

typedef enum pt_field {
	PT_FIELD_NATIONALITY = 0, /* person.nationality */
	PT_FIELD_CAMP,            /* every camp of the person's events, aliases merged */
	PT_FIELD_CAMP_TYPE,       /* the types of those camps */
	PT_FIELD_OPERATOR,        /* the powers that ran them */
	PT_FIELD_STATUS,          /* case status */
	PT_FIELD_LAST_EVENT,      /* type of the last event that bears on fate */
	PT_FIELD_YEAR,            /* year of capture, liberation or last event */
	PT_FIELD_UNIT,            /* person.unit */
	PT_FIELD_SOURCE,          /* every source the record comes from or cites */
	PT_FIELD_LAST_CAMP,       /* the camp of the last event, else the latest earlier one */
	PT_FIELD_COUNT_
} pt_field;

/* "nationality", "camp", ... ; NULL for a value out of range. */
const char *pt_field_name(pt_field field);
/* The field called `name`; PT_EINVAL when there is none. */
int pt_field_parse(const char *name, pt_field *out);

/* Which event PT_FIELD_YEAR takes its year from: the first capture, the first
 * liberation (in record order), or the last event that bears on fate. */
typedef enum pt_year_of {
	PT_YEAR_OF_CAPTURE = 0,
	PT_YEAR_OF_LIBERATION,
	PT_YEAR_OF_LAST
} pt_year_of;

/* Which persons a count or report takes. Every list is OR-ed within itself;
 * the filters are AND-ed. NULL lists and a NULL `between` do not filter. */
typedef struct pt_filter {
	const char *const *nationalities; size_t nationality_count; /* ISO codes */
	const char *const *camps;         size_t camp_count;   /* keys or any name */
	const char *const *statuses;      size_t status_count; /* "unaccounted", ... */
	const char *const *sources;       size_t source_count; /* source keys */
	const char *const *event_types;   size_t event_type_count;
	/* EDTF date or interval: persons with an event (of event_types, when
	 * given) whose date range overlaps it; an uncertain date counts when its
	 * interval overlaps, an undated event never does */
	const char *between;
	/* 0: count men (individuals): a man of several records counts once, his
	 * status derived from all of them, and he passes a filter when one of his
	 * records does; 1: count records, each as a man of its own (the count
	 * before links, `--records`) */
	int records;
} pt_filter;

#define PT_COUNT_MAX_FIELDS 4

typedef struct pt_count_options {
	pt_field fields[PT_COUNT_MAX_FIELDS];
	size_t field_count;        /* 0 to PT_COUNT_MAX_FIELDS */
	pt_year_of year_of;
	pt_filter filter;
	int sort_by_value;         /* 0: largest count first; 1: by the values */
} pt_count_options;

typedef struct pt_count_row {
	char *values[PT_COUNT_MAX_FIELDS]; /* NULL: the person has no value */
	int64_t count;
} pt_count_row;

typedef struct pt_count {
	pt_field fields[PT_COUNT_MAX_FIELDS];
	size_t field_count;
	pt_year_of year_of;
	pt_count_row *rows;
	size_t row_count;
	int64_t total;             /* men that pass the filter, each once */
} pt_count;

/* Counts men (individuals; records with opts->filter.records) grouped by
 * the fields in opts. A man counts once in each group he belongs to: held in
 * three camps, once under each camp, so with camp, camp_type, operator or
 * source the rows can add up to more than `total`. A man of several records
 * has the values of all of them (a record without a value adds none when
 * another gives one), and his own status, last event, last camp and year
 * (of his first capture or liberation in time, or of his last event) from
 * all their events; with no links, the counts are those of the records. Returns PT_EINVAL for a bad option or filter value (a date that
 * is not EDTF, a field given twice), PT_ENOTFOUND for an unknown camp or
 * source in the filter. Free *out with pt_count_free(). */
int pt_count_run(pt_db *db, const pt_count_options *opts, pt_count **out);
void pt_count_free(pt_count *count);

/* Draws a count of one or two fields as an SVG bar chart (one bar per value
 * of the first field, stacked by the second), titled `title` with
 * `subtitle` (may be NULL) underneath. Bars beyond 60 are merged into one.
 * Returns PT_OK with *svg_out (caller frees with pt_free), PT_EINVAL for a
 * count of no or more than two fields, PT_ENOMEM. */
int pt_chart_svg(const pt_count *count, const char *title, const char *subtitle,
		 char **svg_out);

/* ---- lists of men (list.c) ------------------------------------------------- */

typedef enum pt_list_sort {
	PT_LIST_BY_ID = 0,        /* the man's id */
	PT_LIST_BY_NAME,          /* surname (lower case), given names */
	PT_LIST_BY_BORN,          /* the earliest day his birth date may be */
	PT_LIST_BY_STATUS,
	PT_LIST_BY_NATIONALITY
} pt_list_sort;

/* Which men to list, in what order, which page; zero-initialise. */
typedef struct pt_list_options {
	pt_filter filter;         /* nationality, camp, status, source, events in a date
				     range, records (as for counts) */
	const char *born;         /* EDTF: a birth date that may fall in it */
	const char *const *units; size_t unit_count; /* text his unit contains (compared
				     without case, accents, spaces or punctuation) */
	const int64_t *batches;   size_t batch_count; /* a record of his came from (or was
				     last written by) one of these import batches */
	int no_name;              /* none of his records has a surname or given names of its
				     own (known only by name forms, or not at all) */
	const char *not_searched_in; /* nobody has logged a search for him in this place
				     (`powtrace searched`; compared folded) */
	pt_list_sort sort;
	int descending;
	size_t limit, offset;     /* the page: at most limit men (0: all) after offset */
} pt_list_options;

typedef struct pt_list_row {
	int64_t id;               /* the man (his individual's id) */
	int64_t anchor;           /* the record that names him */
	size_t records;           /* how many records he has */
	char *surname, *given_names; /* his name: the anchor's, else the first name form */
	char *script;             /* the name's script (Latn, Cyrl, ...) */
	char *romanised;          /* "Smirnov, Pyotr" (BGN/PCGN) when the name is not
				     Latin, else NULL */
	char *nationality;        /* every nationality his records give ("GB, US") */
	char *birth_date, *service_number, *rank, *unit; /* the anchor's, else the first
				     record's that has one */
	pt_status status;         /* from all his records */
	char *last_event, *last_date, *last_place; /* the event his status rests on, and
				     its camp (else its place, else his last camp before it) */
	char *sources;            /* the sources of his records ("ivb-register, ...") */
} pt_list_row;

typedef struct pt_list {
	pt_list_row *rows;
	size_t count;
	int64_t total;            /* the men that pass the filters, before the page */
} pt_list;

/* The men that pass the options' filters (a man of several records passes
 * when one of his records does; the status filter asks about his status),
 * sorted and paged. Returns PT_EINVAL for a bad filter value (the message
 * names it), PT_ENOTFOUND for an unknown camp or source. Free *out with
 * pt_list_free(). */
int pt_list_men(pt_db *db, const pt_list_options *opts, pt_list **out);
void pt_list_free(pt_list *list);

/* ---- reports (report.c) -------------------------------------------------- */

/* The definition of "unaccounted" that the report rests on, as one
 * paragraph (static). */
const char *pt_report_unaccounted_definition(void);

typedef struct pt_unaccounted_row {
	int64_t id;
	char *surname, *given_names, *nationality, *status_reason;
	/* the last known event (the one the status rests on); NULL when absent */
	char *event_type, *event_date, *event_place, *event_camp;
	char *last_camp;           /* event_camp, else the latest earlier camp */
	int64_t citation_count;    /* citations on the person, its names and events */
	char **sources;            /* distinct keys of those citations' sources */
	size_t source_count;
	pt_citation *evidence;     /* the strongest citation behind the last event
				      (or, without one, behind the record), or NULL */
	int64_t *records;          /* the man's records, ascending (just `id` for a
				      man of one record) */
	size_t record_count;
} pt_unaccounted_row;

typedef struct pt_unaccounted {
	pt_unaccounted_row *rows;  /* ordered by id */
	size_t row_count;
} pt_unaccounted;

/* Every man whose status is unaccounted and who passes `filter` (may be
 * NULL; its statuses must be empty or include "unaccounted"), one row per
 * man: a record linked to no other is a man of his own (his row is the
 * record's); a man of several records has his individual id, the name of
 * his anchor record, every nationality his records give ("GB,US"), the last
 * reliable trace across all his records (the event his status, derived from
 * all of them, rests on), and every citation of all his records (`supports`
 * then names the record: "record 12, event 2"). With filter->records, every
 * record is a man of its own, as before links. Free *out with
 * pt_unaccounted_free(). */
int pt_report_unaccounted(pt_db *db, const pt_filter *filter, pt_unaccounted **out);
/* One page of the same list, for a reader that shows it a page at a time
 * (the website): the rows from `offset` (0-based, in id order), at most
 * `limit` of them (0: all from offset), and in *total_out (when not NULL)
 * how many persons the whole list holds. Returns what
 * pt_report_unaccounted() returns; free *out with pt_unaccounted_free(). */
int pt_report_unaccounted_page(pt_db *db, const pt_filter *filter, size_t offset, size_t limit,
			       pt_unaccounted **out, int64_t *total_out);
void pt_unaccounted_free(pt_unaccounted *report);

/* The same persons counted by nationality and last camp. */
int pt_report_unaccounted_summary(pt_db *db, const pt_filter *filter, pt_count **out);

typedef struct pt_person_ref {
	int64_t id;
	char *surname, *given_names, *nationality, *status;
} pt_person_ref;

typedef struct pt_timeline_entry {
	char *date;                /* EDTF, NULL when undated */
	char *type;                /* event type */
	pt_person_ref *persons;    /* everyone with that event there on that date */
	size_t person_count;
} pt_timeline_entry;

typedef struct pt_camp_claim {
	char *key, *question, *metric;
	char *population;          /* JSON text */
	char *as_of;               /* the population's "as_of" or "date", or NULL */
	double value_min, value_max;
	int has_value, approximate;
	char *value_text, *date, *text;
	char *source, *locator;    /* the first citation, or NULL */
} pt_camp_claim;

typedef struct pt_camp_dossier {
	pt_camp camp;
	int64_t by_status[PT_STATUS_CONFLICTING + 1]; /* men, indexed by pt_status (a man
					      of several records once, by the status of all) */
	pt_timeline_entry *timeline; /* ordered by date; undated last */
	size_t timeline_count;
	pt_camp_claim *claims;     /* claims whose population names the camp */
	size_t claim_count;
	pt_citation *citations;    /* the sources cited on the camp itself */
	size_t citation_count;
} pt_camp_dossier;

/* The dossier of the camp `name` names (see pt_camp_resolve): the men with
 * an event there (a man of several records once, with his individual id and
 * the status of all his records; the timeline names him once per entry).
 * Free *out with pt_camp_dossier_free(). */
int pt_report_camp(pt_db *db, const char *name, pt_camp_dossier **out);
void pt_camp_dossier_free(pt_camp_dossier *dossier);

/* ---- sources, citations and claims (isbn.c source.c claim.c xref.c evidence.c) ----
 * README.md ("Sources and claims") defines the terms: origins,
 * independence, conflicts and the tolerance for "roughly". */

#define PT_ISBN13_SIZE 14  /* 13 digits and the NUL */
#define PT_ISBN10_SIZE 11

/* Checks an ISBN-10 (or a 9-digit SBN) or an ISBN-13 by its check digit,
 * with hyphens, spaces, dashes or an "ISBN" label around the digits, and
 * writes the ISBN-13 as 13 digits into out. Returns PT_OK, or PT_EINVAL
 * with *why (if not NULL) set to a phrase such as "wrong check digit 3 (the
 * digits give 7)", borrowed until the next failing call on the same thread.
 * out is untouched on failure. */
int pt_isbn_normalize(const char *text, char out[PT_ISBN13_SIZE], const char **why);
/* The same check, writing the ISBN-10 (only 978 ISBN-13s have one). */
int pt_isbn_to_isbn10(const char *text, char out[PT_ISBN10_SIZE], const char **why);

/* GEDCOM's QUAY (0-3) for a citation's confidence (0-4): 0, 1 and 2 map to
 * themselves, 3 and 4 to 3; anything else (not given) to -1. */
int pt_confidence_quay(int confidence);

/* A source as another source's link names it. */
typedef struct pt_source_ref {
	char *relation;       /* cites, derives_from, transcribes, translates */
	char *key, *kind, *title;
} pt_source_ref;

typedef struct pt_source {
	int64_t id;
	char *key, *kind, *title;
	char **authors;       size_t author_count;
	char *date, *publisher;
	char *isbn;           /* 13 digits, or NULL */
	char *url;
	char *archive, *collection, *series, *piece;  /* archival reference, structured */
	char *fond, *opis, *delo;                     /* Russian archival reference */
	char *reference;      /* the reference as one text */
	char *notes;
	pt_source_ref *links;     size_t link_count;      /* what it cites, derives from, ... */
	pt_source_ref *linked_by; size_t linked_by_count; /* the sources that link to it */
	long citation_count;  /* citations on persons, names, events, camps, operations */
	long claim_count;     /* claims it supports */
} pt_source;

typedef struct pt_sources {
	pt_source *items;
	size_t count;
} pt_sources;

/* Adds or updates one source given as a canonical JSON object (a record of
 * the "sources" format of PRODUCT.md: key, kind, title, authors, isbn,
 * archive, collection, series, piece, fond, opis, delo, cites, ...) by the
 * rules of an import, recorded as an import batch named "source add".
 * Returns PT_OK, PT_EINVAL when the record is bad (every problem in the
 * summary, the database unchanged), or another code. *summary_out is set as
 * pt_import_file() sets it; free it with pt_import_summary_free(). */
int pt_source_add(pt_db *db, const char *json, pt_import_summary **summary_out);

/* Loads source `key` with its links both ways and the number of things it
 * supports. PT_ENOTFOUND when there is none. Free with pt_source_free(). */
int pt_source_get(pt_db *db, const char *key, pt_source **out);
void pt_source_free(pt_source *source);

/* Every source (of `kind`, when not NULL), ordered by key, with links and
 * counts. Free with pt_sources_free(). */
int pt_source_list(pt_db *db, const char *kind, pt_sources **out);
void pt_sources_free(pt_sources *sources);

/* A citation as the thing it supports sees it: the source and the grade. */
typedef struct pt_cite {
	char *source_key, *source_kind, *source_title;
	char *locator;
	char *source_quality;  /* original, derivative, authored; NULL: not graded */
	char *information;     /* primary, secondary, undetermined; NULL */
	char *evidence;        /* direct, indirect, negative; NULL */
	int confidence;        /* 0-4; -1 when not given */
	int quay;              /* GEDCOM QUAY 0-3; -1 */
	char *notes;
} pt_cite;

typedef struct pt_claim {
	int64_t id;
	char *key, *question, *metric;
	char *population;      /* canonical JSON object, or NULL */
	char *scope;           /* metric and population in words: "retained (nationality US)" */
	int has_min, has_max;  /* both: a number or a range; min only: "at least"; max only: "at most" */
	double value_min, value_max;
	int approximate;
	char *value_text;
	char *value;           /* as shown: "~23,500", "20,000-23,500", "at least 28,000", a text */
	const char *reading;   /* how the value is read (static text): "number", "range",
				* "at least", "at most", "none", "some", "fate", or "text"
				* (a text that compares with nothing) */
	const char *fate;      /* for reading "fate": "returned", "died" or "remained" */
	int comparable;        /* low and high hold the values the claim allows */
	double low, high;      /* under the tolerance; may be -HUGE_VAL or HUGE_VAL */
	char *date, *text, *notes;
	pt_cite *citations;    size_t citation_count;
	/* where the claim's support comes from (README.md, "Independence") */
	char **origins;        size_t origin_count;  /* source keys, or "circle(a, b)" */
	int independent_origins; /* independent lines of evidence */
	int has_original;      /* a citation is graded original */
	int circular;          /* links from its sources run in a circle */
	char *support;         /* the above in words */
} pt_claim;

typedef struct pt_claims {
	pt_claim *items;
	size_t count;
} pt_claims;

/* Which claims a query covers; NULL members mean any. */
typedef struct pt_claim_query {
	const char *key;         /* one claim */
	const char *question;
	const char *metric;
	const char *nationality; /* in the population */
	const char *source;      /* cited from this source key */
	double tolerance;        /* percent that "approximately" allows; < 0: the default */
	/* pt_claims_check() only: */
	const char *verdict;     /* only the checks with this verdict; NULL: all */
	int with_statistics;     /* also a camp's head counts (as_of, camp-population:) */
} pt_claim_query;

#define PT_TOLERANCE_DEFAULT 10.0

/* The claims the query selects (NULL: all), ordered by question, date and
 * key, each with its citations and support. Free with pt_claims_free(). */
int pt_claims_list(pt_db *db, const pt_claim_query *query, pt_claims **out);
/* One claim by key; PT_ENOTFOUND when there is none. tolerance < 0: the
 * default. Free with pt_claim_free(). */
int pt_claim_get(pt_db *db, const char *key, double tolerance, pt_claim **out);
void pt_claim_free(pt_claim *claim);
void pt_claims_free(pt_claims *claims);

/* Two claims that cannot both be true, as indexes into pt_conflicts.claims. */
typedef struct pt_conflict_pair {
	size_t a, b;
	const char *kind;      /* "numbers", "fates", "none and some" (static) */
	char *reason;          /* "119 is outside ~23,500 (21,150-25,850)" */
} pt_conflict_pair;

/* The conflicts among the claims on one question and scope. */
typedef struct pt_conflict {
	char *question, *scope;
	size_t *members;         size_t member_count;  /* the claims in conflict */
	pt_conflict_pair *pairs; size_t pair_count;
	size_t *related;         size_t related_count; /* same question, other scopes */
} pt_conflict;

typedef struct pt_conflicts {
	pt_claims *claims;     /* every claim the conflicts name */
	pt_conflict *items;
	size_t count;
	double tolerance;
} pt_conflicts;

/* Finds the claims (among those the query selects) on one question and
 * scope whose values cannot both be true: numbers whose ranges, widened by
 * the tolerance when approximate, do not overlap; "none" against a number
 * or "some"; fates that exclude each other (returned against died, or
 * against remained). Free with pt_conflicts_free(). */
int pt_claims_conflicts(pt_db *db, const pt_claim_query *query, pt_conflicts **out);
void pt_conflicts_free(pt_conflicts *conflicts);

/* The claims that rest on one origin only, on no original source, or on no
 * source at all (`support` says which). Free with pt_claims_free(). */
int pt_claims_unsupported(pt_db *db, const pt_claim_query *query, pt_claims **out);

/* A claim set against the men the records show in its scope. */
typedef struct pt_claim_check {
	size_t claim;          /* index into pt_claim_checks.claims */
	long long count;       /* the men the records show (positive evidence);
				  -1 when the scope cannot be counted */
	long long records;     /* the records looked at (in the claim's scope) */
	long long men;         /* the men they are */
	long long accounted;   /* retention metrics: men shown home or dead by the
				  end of 1945 and not held after it; else 0 */
	char *counted;         /* what was counted, in words */
	const char *verdict;   /* "consistent", "fewer", "contradicted",
				  "untested" (static) */
	char *reason;          /* why, with the records looked at when untested */
} pt_claim_check;

typedef struct pt_claim_checks {
	pt_claims *claims;
	pt_claim_check *items;
	size_t count;
	size_t statistics_left_out; /* camp head counts skipped (no with_statistics) */
} pt_claim_checks;

/* Sets every comparable claim the query selects against the number of
 * men the records show in the same scope, on positive evidence only (the
 * records that links join count once). Retained, disappeared, unaccounted,
 * missing, not_repatriated: men a record shows in captivity after 1945
 * (internment, transfer, handover, release, sighting, last seen then, or a
 * death at a camp) -- a record without a return is no evidence; died:
 * status died; repatriated, returned: status returned; captured,
 * liberated, transferred, handed_over, released, sighted: men with such an
 * event; interned, held, detained: an internment at the population's camp
 * or at a camp run by its held_by (without either, untested). The
 * population's nationality, camp, held_by and period (events) narrow the
 * count. Verdicts: contradicted (more than the claim allows), consistent,
 * fewer (not a contradiction: the database may not hold every man),
 * untested (no record in the scope bears on it; the reason says how many
 * were looked at and why). A camp's head count (population as_of, or a
 * question camp-population:...) is left out unless query->with_statistics. Free with
 * pt_claim_checks_free(). */
int pt_claims_check(pt_db *db, const pt_claim_query *query, pt_claim_checks **out);
void pt_claim_checks_free(pt_claim_checks *checks);

/* Something a source supports, with the citation. */
typedef struct pt_xref_support {
	char *type;            /* claim, person, name, event, camp, operation */
	int64_t id;
	char *key;             /* claim, camp or operation key; NULL otherwise */
	char *label;           /* what it is, in words */
	pt_cite cite;
} pt_xref_support;

typedef struct pt_xref_link {
	char *relation;        /* of the link that reaches it */
	char *key, *title;
	int depth;             /* 1: a direct link */
	char *via;             /* the source it is reached through (depth > 1) */
} pt_xref_link;

typedef struct pt_xref_contradiction {
	char *claim, *value;   /* the source's claim */
	char *other, *other_value, *other_sources;  /* a claim against it, its sources */
	char *reason;
} pt_xref_contradiction;

typedef struct pt_xref {
	pt_source *source;
	pt_xref_support *supports;  size_t support_count;
	pt_xref_link *cites;        size_t cites_count;     /* what it cites, directly or not */
	pt_xref_link *cited_by;     size_t cited_by_count;  /* what cites it, directly or not */
	char **origins;             size_t origin_count;    /* what it traces back to */
	char **circle;              size_t circle_count;    /* a citation circle through it, in order */
	pt_xref_contradiction *contradicted; size_t contradicted_count;
	long record_count;          /* persons whose record comes from it (record_source) */
} pt_xref;

/* The cross-reference of source `key`: what it supports, what it cites and
 * what cites it (following links to any depth, each source once, so that
 * circles end), what it traces back to, and which of its claims others
 * contradict. PT_ENOTFOUND when there is no such source. tolerance < 0:
 * the default. Free with pt_xref_free(). */
int pt_xref_get(pt_db *db, const char *key, double tolerance, pt_xref **out);
void pt_xref_free(pt_xref *xref);

/* An event that says how a person's captivity ended, with its citations. */
typedef struct pt_fate_event {
	int64_t id;
	int seq;               /* its place in the record, from 1 */
	char *type, *date, *camp, *place;
	const char *fate;      /* "returned" or "died" (static) */
	pt_cite *citations;    size_t citation_count;
} pt_fate_event;

typedef struct pt_fate_events {
	pt_fate_event *items;
	size_t count;
} pt_fate_events;

/* The returns, repatriations, deaths and burials of person `id` in record
 * order, each with the citations on it: the competing events when the
 * status is 'conflicting'. PT_ENOTFOUND when there is no such person. Free
 * with pt_fate_events_free(). */
int pt_person_fate_events(pt_db *db, int64_t id, pt_fate_events **out);
/* The same, from his dossier already read (pt_person_get), without reading
 * the database again. */
int pt_person_fate_events_of(pt_db *db, const pt_person *p, pt_fate_events **out);
void pt_fate_events_free(pt_fate_events *events);

/* ---- name search (name.c phonetic.c translit.c name_keys.c search_run.c) ---- */

/* The romanisation (BGN/PCGN) of a name written in another script than
 * Latin ("Смирнов" -> "Smirnov"), for showing beside it; NULL when the text
 * is Latin, empty or NULL, or cannot be romanised. The caller frees it with
 * pt_free. */
char *pt_romanise(pt_db *db, const char *text);

/* How a hit of pt_person_find() matched, strongest first. */
typedef enum pt_match {
	PT_MATCH_EXACT = 1,   /* the same name after folding case, diacritics and
			       * punctuation (Müller = Mueller = Muller, O'Brien = O Brien) */
	PT_MATCH_VARIANT,     /* a spelling variant (Kelley = Kelly, Macdonald = McDonald) */
	PT_MATCH_INITIAL,     /* an initial or abbreviation agrees (F. = Frank) */
	PT_MATCH_NICKNAME,    /* given-name equivalents (Frank = Francis, Bill = William) */
	PT_MATCH_TRANSLIT,    /* across scripts (Гарольд = Harold, Уокер = Walker) */
	PT_MATCH_PHONETIC,    /* the same Soundex or Daitch-Mokotoff code */
	PT_MATCH_WILDCARD,    /* a pattern: _ one character, * any run, [ae] one of */
	PT_MATCH_SIMILAR      /* one or two letters apart (edit distance, Jaro-Winkler: the
			       * measure `powtrace link` uses): Hutchison ~ Hutchinson,
			       * Frances ~ Francis; ranked below every other rule */
} pt_match;

/* "exact", "variant", "initial", "nickname", "transliteration", "phonetic",
 * "wildcard", "similar". */
const char *pt_match_name(pt_match match);

/* Filters of a search; every field is optional (NULL or 0). */
typedef struct pt_find_options {
	const char *born;        /* EDTF date or range: the birth date must be able to
				    fall in it (an uncertain date that overlaps counts) */
	const char *nationality; /* ISO 3166 alpha-2 code */
	const char *camp;        /* key, name or any alias of a camp the person was at */
	const char *status;      /* returned, died, unaccounted, conflicting, unknown */
	const char *unit;        /* text the unit must contain (case and accents ignored);
				    without a name, a search of its own: a unit with a
				    word that begins with each of its words */
	size_t limit;            /* at most this many hits; 0: all */
	const char *number;      /* a service number: the same (spaces, hyphens, slashes,
				    full stops and case ignored), or one digit wrong, or
				    two digits next to each other swapped */
	const char *text;        /* words that the notes, remarks, kept columns or event
				    notes of a record all hold (folded; plain words) */
	size_t offset;           /* skip the first this many hits (best first): with
				    limit, one page of the list (hits offset + 1 to
				    offset + limit); past the end, none. `total` still
				    counts them all */
} pt_find_options;

/* A text of a record that --unit or --text matched, around the match. */
typedef struct pt_find_text {
	char *field;             /* "unit", "notes", "kept columns", "event notes" */
	char *snippet;           /* its words around the match, each matched word in
				    [brackets]; "…" where it was cut */
} pt_find_text;

typedef struct pt_find_hit {
	int64_t individual_id;         /* the man: one hit per man (individual) */
	int64_t *records;              /* his records that matched, ascending */
	size_t record_count;
	int64_t person_id;             /* the record whose name form matched best */
	char *surname, *given_names;   /* the person's primary name */
	char *nationality, *birth_date; /* (of that record) */
	pt_status status;              /* the man's: from all his records */
	pt_match match;                /* the weakest rule that the name needed */
	int score;                     /* 0-100: 100 - 10 per rank below exact, less a
					  few points for parts that do not agree */
	int parts_agree;               /* name parts (surname, each given name) that agree */
	int64_t name_id;               /* the recorded form that matched */
	char *form_surname, *form_given_names, *form_script;
	char *why;                     /* e.g. "surname: Cyrillic rendering: Уокер -> Walker
					  (clerk key VKR); given names: ..."; and for a
					  number, unit or text: "service number: two digits
					  swapped: ..." */
	char *service_number;          /* --number: the recorded number that matched */
	pt_find_text *texts;           /* --unit (without a name) and --text: what matched */
	size_t text_count;
} pt_find_hit;

typedef struct pt_find_result {
	pt_find_hit *hits;       size_t count;  /* best first, from hit offset + 1 */
	size_t total;            /* hits before the offset and the limit */
	char *read_as;           /* how the name was read: "surname Kelly, given names Frank" */
	char *also_tried;        /* the other readings searched ("surname Frank, given names
				    Kelly; surname Frank Kelly"), or NULL */
	char **notes;            size_t note_count; /* things the search changed or doubted */
} pt_find_result;

/* Finds the men with a name form like `name`, typed as a person types
 * it: "Frank Kelly", "Kelly, Frank", "KELLY F", "F. Kelly", "Келли Фрэнк",
 * "Kel*", "K_lly", "M[ae]yer". Every name form of a person is searched
 * (person_name), through the keys stored in name_key; the person table is
 * read by id only. One hit per man: the records that links join are one hit,
 * shown with the record whose form matched best (its name, the match and
 * why) and naming every record of his that matched; the status filter and
 * the hit's status are the man's. Returns PT_EINVAL (message on the handle) for an empty
 * or blank name, one over 1,000 characters, invalid UTF-8, a word that
 * mixes scripts beyond repair, or a bad filter; PT_ENOTFOUND for an unknown
 * camp. Finding no one is not an error: (*out)->count is 0. Free *out with
 * pt_find_result_free(). */
/* With a number or text in the options, or a unit and no name (name NULL or
 * ""), the search goes beyond names (search_fields.c): the men with a record
 * that has the number (exact ranked above near), the unit's words, or the
 * words in its texts, each hit saying in `why` what matched; with a name
 * too, the men of the name search who also have such a record. PT_EINVAL
 * for a number with no digit or letter, or a text or unit with no word. */
int pt_person_find(pt_db *db, const char *name, const pt_find_options *opts,
		   pt_find_result **out);
void pt_find_result_free(pt_find_result *result);
/* Reads the names of every surname spelling into the handle's search cache
 * in one pass over the surname index, so that later name searches on this
 * handle never read a spelling's names themselves (a server's handle, before
 * its first request: about a second and 25 MB for a million persons).
 * Bounded by the cache's size (64 MB): spellings past it are read by the
 * searches that meet them. Results of pt_person_find() are the same warmed
 * or not. *names_out (may be NULL): the names read. The cache is emptied
 * when the database changes, as after any search. */
int pt_find_warm(pt_db *db, size_t *names_out);

typedef struct pt_name_key {
	int part;          /* 0: surname; 1, 2, ...: given names */
	char *word;        /* the surname or given name the key belongs to */
	char *kind;        /* exact, part, variant, reverse, soundex, dm, translit,
			      clerk_latn, clerk_cyrl, nickname, initial */
	char *key;
	char *how;         /* for translit: the scheme ("BGN/PCGN"); else NULL */
} pt_name_key;

typedef struct pt_name_keys {
	char *surname, *given_names;  /* how the name was read */
	pt_name_key *keys;   size_t count;
} pt_name_keys;

/* Every search key of a name as `powtrace find` would read it (comma:
 * "Surname, Given"; else capitals mark the surname; else a Cyrillic name is
 * read surname first and a Latin one surname last), so that one sees why
 * two names meet or do not. PT_EINVAL for a name find would refuse. Free
 * with pt_name_keys_free(). */
int pt_name_keys_get(pt_db *db, const char *name, pt_name_keys **out);
void pt_name_keys_free(pt_name_keys *keys);

/* Recomputes the search keys of every surname and given-names spelling in
 * one transaction (the migration to schema 7 does it once; run it after
 * changing the tables in data/names/). The words `powtrace link` stored
 * with their keys go too: its next run stores them again. */
int pt_db_reindex_names(pt_db *db);

/* ---- records and individuals (link/) ------------------------------------
 * A person row is a *record*: one source's account of one man, exactly as
 * the source gave it; linking never edits it. An *individual* is one man:
 * the records that `same` decisions join, never across a `different`
 * decision (schema/README.md, "Records and individuals").
 *
 * Ids: an individual's id is the id of one of its records (its anchor), so
 * whenever individual N exists, record N belongs to it, and "the individual
 * of record N" is one rule that serves both kinds of id (`powtrace show N`).
 * A record linked to no other is an individual of its own with its own id,
 * from the moment it is imported. Ids are stable: linking, importing and
 * deciding about other records never renumber an individual; when two
 * merge, the merged one keeps the smaller id (the other id still leads to
 * it, through its record); when one splits, the part with the anchor keeps
 * the id and every other part takes the smallest id among its records. */

#define PT_ID_RECORD     0x1  /* a record (person row) has this id */
#define PT_ID_INDIVIDUAL 0x2  /* an individual has this id (always a record too) */

/* What `id` names: *kind_out gets PT_ID_RECORD | PT_ID_INDIVIDUAL, only
 * PT_ID_RECORD (a record that belongs to another record's individual), or 0
 * (nothing). Returns PT_OK or a database error. */
int pt_id_kind(pt_db *db, int64_t id, unsigned *kind_out);

/* The individual that record `record_id` belongs to (its own id when it is
 * linked to no other record). Returns PT_ENOTFOUND ("no record N") when
 * there is no such record. This is how `show N` reads any id. */
int pt_individual_of(pt_db *db, int64_t record_id, int64_t *individual_out);

/* The ids of the records of individual `individual_id`, ascending, into
 * *ids_out (the caller frees it with pt_free) and *count_out (at least 1).
 * Returns PT_ENOTFOUND when no individual has that id (a message says which
 * individual the record of that id belongs to, when it exists). */
int pt_individual_records(pt_db *db, int64_t individual_id, int64_t **ids_out,
			  size_t *count_out);

/* How many records and individuals the database holds. Either pointer may
 * be NULL. */
int pt_individual_count(pt_db *db, int64_t *records_out, int64_t *individuals_out);

/* ---- a man's dossier (reports/individual.c) ------------------------------
 * The dossier of one man: each of his records as pt_person_get() reads it,
 * side by side, with what only the whole man has: one timeline of all the
 * records' events, the status derived from all of them, and the fields on
 * which his records disagree. */

/* An item of one of the records: records[record]'s names[index] or
 * events[index]. */
typedef struct pt_individual_item {
	size_t record;
	size_t index;
} pt_individual_item;

/* One value of a field on which the records disagree, and the records
 * (indexes into pt_individual.records) that give it. */
typedef struct pt_disagreement_value {
	char *value;
	size_t *records;
	size_t record_count;
} pt_disagreement_value;

typedef struct pt_disagreement {
	const char *field;     /* "sex", "nationality", "birth_date", "birth_place",
				  "service", "service_number", "rank", "unit", or "fate"
				  (one record says returned, another died) (static) */
	pt_disagreement_value *values;  /* in the order of the records */
	size_t value_count;             /* at least 2 */
} pt_disagreement;

typedef struct pt_individual {
	int64_t id;                     /* the man's id (the individual's) */
	pt_person **records;            /* his records in ascending id order, each a whole
					   dossier with its record's own status */
	size_t record_count;            /* at least 1 */
	size_t anchor;                  /* index of the record whose id is his (it names him) */
	pt_status status;               /* from the events of all the records; for a man of
					   one record, that record's status */
	char *status_reason;            /* names the record of each event it cites when
					   he has several */
	pt_individual_item *timeline;   /* every event of every record in time order (by
					   the latest possible day; an undated event after the
					   one before it in its record) */
	size_t timeline_count;
	long last_event;                /* index into timeline of the event the status
					   rests on, or -1 */
	pt_individual_item *names;      /* every name form of every record, record by record */
	size_t name_count;
	pt_disagreement *disagreements; /* the fields whose values the records give
					   differently (dates: ranges that cannot both hold;
					   text: other than in case); none for one record */
	size_t disagreement_count;
} pt_individual;

/* Loads the dossier of the man that `id` names: the individual of record
 * `id` (an individual's id is one of its records' ids, so any record id and
 * any individual id will do). PT_ENOTFOUND ("no person with id N") when no
 * record has that id. Free *out with pt_individual_free(). */
int pt_individual_get(pt_db *db, int64_t id, pt_individual **out);
void pt_individual_free(pt_individual *individual);

/* ---- record linkage (link/) ----------------------------------------------
 * `powtrace link` compares the records not compared yet (new ones, and ones
 * a re-import changed) with every record, through blocking keys (never all
 * pairs), scores each candidate pair with a Fellegi-Sunter model estimated
 * from the data (EM), links the pairs at or above the auto threshold, queues
 * those at or above the review threshold for a person, and rebuilds the
 * individuals. README.md ("Records and individuals") has the detail. */

#define PT_LINK_AUTO_DEFAULT   0.90   /* chosen by measurement: README.md */
#define PT_LINK_REVIEW_DEFAULT 0.40

/* Where a run is, for a progress line. */
typedef struct pt_link_progress {
	const char *phase;        /* "reading", "comparing", "writing" */
	long done, total;         /* pairs compared of the candidate pairs ("comparing") */
	double seconds;           /* since the run started */
} pt_link_progress;

typedef void (*pt_link_progress_fn)(void *ctx, const pt_link_progress *progress);

/* Zero-initialise; every field is optional. */
typedef struct pt_link_options {
	double auto_threshold;    /* link pairs at or above this probability; 0: the default */
	double review_threshold;  /* queue pairs at or above this (and below auto); 0: default */
	int estimate;             /* estimate the model again even when one is stored (it is
				     estimated when there is none, and when a run scores more
				     candidate pairs than the stored estimate rested on) */
	const char *made_by;      /* who runs it, for link_run; NULL: "powtrace" */
	pt_link_progress_fn progress; /* about four times a second, and at the end; NULL: never */
	void *progress_ctx;
	int threads;              /* threads for the work in memory (keys, comparisons): 0 one a
				     core, at most 4; 1 the calling thread only. The results are
				     the same whatever the number */
} pt_link_options;

typedef struct pt_link_summary {
	int64_t run_id;           /* 0 when there was nothing to compare (nothing written) */
	long records;             /* records in the database */
	long records_compared;    /* new and changed records compared */
	long candidate_pairs;     /* pairs the blocking keys proposed, each scored */
	long vetoed;              /* pairs whose events make one man impossible */
	long links;               /* automatic same decisions made */
	long superseded;          /* automatic decisions of changed records taken back */
	long review;              /* pairs this run queued for review */
	long review_total;        /* pairs waiting for review after the run */
	long individuals;         /* individuals after the run */
	double seconds;           /* the whole run */
	double comparisons_per_second;
	double auto_threshold, review_threshold;
	int estimated;            /* the run estimated the model */
} pt_link_summary;

/* Runs the linkage in one transaction (a failure leaves the database as it
 * was). A run with nothing new changes nothing. Returns PT_EINVAL for
 * thresholds outside 0-1 or a review threshold above the auto threshold. */
int pt_link_run(pt_db *db, const pt_link_options *opts, pt_link_summary *out);

typedef enum pt_link_verdict {
	PT_LINK_SAME = 1,         /* the two records are one man */
	PT_LINK_DIFFERENT = 2     /* they are two men: no individual may hold both */
} pt_link_verdict;

/* "same", "different". */
const char *pt_link_verdict_name(pt_link_verdict verdict);

/* One decision of a person, e.g. a line of a review sheet. */
typedef struct pt_link_decision_in {
	int64_t a, b;             /* record ids */
	pt_link_verdict verdict;
	const char *note;         /* may be NULL */
	long line;                /* where it was read (for messages); 0: none */
} pt_link_decision_in;

/* Records a person's decision about two records (made_by: who; NULL:
 * "$USER", else "unknown"), supersedes earlier decisions on the pair, takes
 * it out of the review queue and rebuilds the individuals concerned.
 * Returns PT_ENOTFOUND for an id that names no record, PT_EINVAL for a
 * record paired with itself, PT_ECONFLICT when the decision contradicts a
 * person's decision in force (`same` across a `different`, or `different`
 * between records that a person's `same` decisions join): the message
 * names that decision, and nothing changes. In a transaction of the
 * caller's (pt_db_begin), it is part of it. */
int pt_link_decide(pt_db *db, const pt_link_decision_in *decision, const char *made_by);

/* Applies several decisions in one transaction, whole or not at all (a
 * review sheet); `file` names them in messages ("FILE:LINE: a: no record
 * 99"). On failure every problem is in *problems_out (a newline-separated
 * text the caller frees with pt_free; may be NULL). */
int pt_link_decide_all(pt_db *db, const pt_link_decision_in *decisions, size_t count,
		       const char *made_by, const char *file, char **problems_out);

/* Reads a review sheet (CSV: columns a, b, decision, note; others ignored; a
 * row with an empty decision is left undecided) and applies it with
 * pt_link_decide_all(). *applied_out (may be NULL) gets the decisions
 * made. Errors are "FILE:LINE: COLUMN: WHAT", all of them listed. */
int pt_link_decide_file(pt_db *db, const char *path, const char *made_by, size_t *applied_out,
			char **problems_out);

/* Takes record `record` out of its individual: a `different` decision
 * between it and each other record of its individual (note: `note`, else
 * "unlink"). *count_out (may be NULL): the decisions made. PT_ENOTFOUND for
 * no such record; PT_EINVAL when the record is linked to no other. */
int pt_link_unlink(pt_db *db, int64_t record, const char *made_by, const char *note,
		   long *count_out);

/* One comparison of two records, as the model weighs it. */
typedef struct pt_link_comparison {
	const char *comparison;   /* "surname", "given_names", ... (static) */
	const char *level;        /* "exact", ..., "missing" (static) */
	char *value_a, *value_b;  /* what each record gives (NULL: nothing) */
	double m, u;              /* of the level (0 for missing) */
	double weight;            /* log2(m/u), with the term-frequency adjustment */
	double tf_weight;         /* the adjustment (surname), else 0 */
} pt_link_comparison;

/* A record as the review shows it beside another. */
typedef struct pt_link_record {
	int64_t id, individual;
	char *source, *record_id;
	char *surname, *given_names;   /* primary name */
	char *names;                   /* every name form: "Kelly Frank; Келли Фрэнк" */
	char *birth_date, *service_number, *nationality, *unit;
	char *camps;                   /* the camps of its events, "; "-joined */
	char *events;                  /* "capture 1944-09 Arnhem; liberation ..." */
	char *status;                  /* the record's own status */
} pt_link_record;

/* Two records and what links or divides them. */
typedef struct pt_link_pair {
	pt_link_record a, b;
	double prior_weight;      /* log2 odds that a candidate pair is one man */
	double weight;            /* the match weight: prior plus every comparison's */
	double probability;
	const char *veto;         /* why one man is impossible (static), or NULL */
	pt_link_comparison *comparisons;
	size_t comparison_count;
	int together;             /* both records are in one individual now */
	char *decision;           /* the decision in force on the pair, in words, or NULL */
	int useful;               /* review: linking them would change what a report says
				     (one record is unaccounted for, the other has a fate) */
} pt_link_pair;

typedef struct pt_link_pairs {
	pt_link_pair *items;
	size_t count;
	size_t total;             /* pairs waiting, before the limit */
} pt_link_pairs;

/* The review queue, most useful first: pairs that would change the count
 * of the unaccounted for, then by probability; each pair's m, u and
 * weights are those of the model of the run that queued it (the latest
 * model for a pair queued before schema 0100 by a run that kept none).
 * limit 0: all. Free with
 * pt_link_pairs_free(). */
int pt_link_review(pt_db *db, size_t limit, pt_link_pairs **out);
void pt_link_pairs_free(pt_link_pairs *pairs);

/* How the model compares records a and b now: each comparison's level,
 * m, u and weight, the prior, the total, the probability, any veto, and the
 * decision in force. PT_ENOTFOUND for an id that names no record. Free
 * with pt_link_pair_free(). */
int pt_link_explain(pt_db *db, int64_t a, int64_t b, pt_link_pair **out);
void pt_link_pair_free(pt_link_pair *pair);

/* The model as estimated (or the starting values when no run has estimated
 * one): each comparison's levels with m and u, and the prior. */
typedef struct pt_link_model_level {
	const char *comparison, *level;   /* static */
	double m, u, weight;
} pt_link_model_level;

typedef struct pt_link_model {
	pt_link_model_level *levels;
	size_t level_count;
	double prior, prior_weight;
	double pairs;                     /* candidate pairs the estimate rested on */
	int estimated;                    /* 0: the starting values */
	double auto_threshold, review_threshold; /* of the last run (the defaults before one) */
} pt_link_model;

int pt_link_model_get(pt_db *db, pt_link_model **out);
void pt_link_model_free(pt_link_model *model);

/* One record of `link clusters`. */
typedef struct pt_link_member {
	int64_t individual, person;
	const char *source, *record_id, *surname, *given_names; /* borrowed for the call */
	long records;             /* records of its individual */
} pt_link_member;

/* Calls fn for every record, grouped by individual (ordered by individual
 * id, then record id); a non-zero return from fn stops and is returned.
 * with_others_only: only records that share their individual. */
int pt_link_clusters(pt_db *db, int with_others_only,
		     int (*fn)(void *ctx, const pt_link_member *member), void *ctx);

/* ---- GEDCOM export (gedcom.c) ------------------------------------------ */

typedef struct pt_gedcom_options {
	int version;        /* 5: GEDCOM 5.5.1 (also when 0: what Gramps 5.1, Ancestry and most
			       programs read); 7: GEDCOM 7.0 */
	const char *date;   /* the header's DATE, as GEDCOM writes dates ("25 NOV 2026");
			       NULL: none */
} pt_gedcom_options;

/* Writes the men of records `ids` (in that order; one INDI per man, however
 * many of his records are named, whose xref is his id; a man of several
 * records has the name forms of all of them, the anchor's first and the
 * others as AKA, each record's facts and citations, and one status from all
 * of them) as one GEDCOM file in UTF-8: every
 * name form (others than the primary as TYPE aka, a Cyrillic one with its
 * BGN/PCGN romanisation), sex, birth, the events (birth, death and burial as
 * BIRT DEAT BURI, the rest as EVEN with a TYPE: Capture, Internment, ...)
 * with dates (EDTF converted: ABT, EST, BET/AND, FROM/TO) and places (camps
 * with MAP LATI LONG where known), nationality, service, case status, record
 * reference, and the sources cited (with repositories for archives), each
 * citation with PAGE and QUAY. *out (NUL-terminated, *len bytes) belongs to
 * the caller (pt_free). PT_ENOTFOUND when an id names no person. */
int pt_gedcom_export(pt_db *db, const int64_t *ids, size_t count,
		     const pt_gedcom_options *opts, char **out, size_t *len);

/* ---- person records in the import's own formats (records.c) ------------- */

typedef enum pt_records_format {
	PT_RECORDS_JSON = 0,  /* one JSON document, {"sources": [...], "camps": [...],
				 "locations": [...], "operations": [...], "persons": [...]}:
				 with the records come the sources, camps (with their
				 locations) and operations they refer to, and the sources
				 those cite, so that the file imports alone */
	PT_RECORDS_JSONL,     /* JSON Lines: one person record a line, nothing else */
	PT_RECORDS_CSV        /* the flat CSV of PRODUCT.md, one person a row */
} pt_records_format;

typedef struct pt_records_options {
	pt_records_format format;
	int csv_raw;          /* CSV: a cell that starts with = + - @ as it is (by
				 default a ' goes before it, so that a spreadsheet
				 does not run it as a formula) */
	/* CSV: called once for each record that holds more than the flat
	 * columns carry, with the record ("SOURCE:RECORD_ID") and what the CSV
	 * leaves out or changes, in words; NULL: nobody is told */
	void (*lossy)(void *ctx, int64_t id, const char *record, const char *what);
	void *lossy_ctx;
} pt_records_options;

typedef struct pt_records_summary {
	long persons;                  /* records written */
	long sources, camps, operations; /* JSON: the records they refer to */
	long lossy;                    /* CSV: records the columns cannot hold whole */
} pt_records_summary;

/* Writes person records `ids` (NULL: every record, by id) to `out` in the
 * import's own formats (opts NULL: JSON), so that `powtrace import` of the
 * file into a fresh database gives the same records: every name form with
 * its script and notes, the events in order with their EDTF dates and the
 * date texts the records wrote, camps and operations by key, agents, notes,
 * every citation with its locator and grades, the kept columns (extra),
 * the birth date's original text, the source and record id. JSON Lines
 * carry the person records only (import the sources and camps first). The
 * CSV has a column for each field that a record uses, one set of columns
 * for each event type, and the kept columns by their names; what a record
 * holds beyond that (a second name form, two events of a type, citations
 * with grades, events in another order than the columns', a date text the
 * CSV import would read otherwise) is reported through opts->lossy and
 * counted, the rest of the record written. *summary (may be NULL) says what
 * was written. Returns PT_ENOTFOUND when an id names no record, PT_EIO when
 * writing fails (the caller then drops the file: pt_output_abort). */
int pt_records_export(pt_db *db, const int64_t *ids, size_t count,
		      const pt_records_options *opts, FILE *out, pt_records_summary *summary);

/* ---- what a researcher adds (research/research.c) ------------------------
 * PRODUCT.md, "research note": a fact found elsewhere, always with its
 * source, or a search made and its result. A fact becomes a record of its
 * own (a person row of the source cited, record_id "research-N", written by
 * an import batch named "powtrace add"), joined to the man by a person's
 * `same` decision, so that his dossier and status take it in; no imported
 * record is ever edited. Every addition and search is an entry of the log
 * research_note (schema/README.md); taking one back removes its record and
 * marks the entry, which stays. */

typedef enum pt_research_kind {
	PT_RESEARCH_EVENT = 1,    /* an event: a death notice, a sighting, a release */
	PT_RESEARCH_NAME,         /* a name form (a Soviet file's Cyrillic spelling) */
	PT_RESEARCH_NOTE,         /* a note, with the source it rests on */
	PT_RESEARCH_CITATION,     /* the man is in this source, here */
	PT_RESEARCH_SEARCH        /* a search and its result (pt_research_search) */
} pt_research_kind;

/* "event", "name", "note", "citation", "search"; NULL out of range. */
const char *pt_research_kind_name(pt_research_kind kind);

/* A fact to add; zero-initialise (confidence -1: not given). */
typedef struct pt_research_fact {
	pt_research_kind kind;    /* EVENT, NAME, NOTE or CITATION */
	int64_t man;              /* any record id of the man (as `show` reads ids) */
	const char *source;       /* key of the source it was found in: required */
	const char *locator;      /* where in it (page, card, URL): required */
	const char *source_quality, *information, *evidence; /* the citation's grades, or NULL */
	int confidence;           /* 0-4, -1: not given */
	/* EVENT: its type (capture, ..., death, burial, sighting, last_seen) and
	 * what is known of it; the date is EDTF or an archival spelling ("12.4.45",
	 * day first; its text is kept as the original) */
	const char *event_type, *date, *place, *camp, *operation, *agent;
	/* NAME: the form as the source writes it (one of the two at least) and
	 * its ISO 15924 script (NULL: from the letters) */
	const char *surname, *given_names, *script;
	const char *text;         /* NOTE: the note itself (required) */
	const char *note;         /* any kind: a note on the fact (event notes, record
				     notes, the citation's notes) */
	const char *made_by;      /* who (NULL: "unknown") */
} pt_research_fact;

typedef struct pt_research_added {
	int64_t entry;            /* the research_note row: N of --undo N */
	int64_t record;           /* the record made */
	int64_t batch;            /* the import batch that wrote it */
	int64_t man;              /* the man's id (his individual) */
} pt_research_added;

/* Adds a fact about a man in one transaction: checks it (a source that
 * exists and a locator, an event type, a date, a camp that names one camp,
 * an operation that exists, a name), writes its record, joins it to the
 * man, logs the entry. Returns PT_EINVAL (the message names the option:
 * "--date: cannot read date '31.02.1945': ..."), PT_ENOTFOUND for no such
 * man, source, camp or operation; the database unchanged on any failure. */
int pt_research_add(pt_db *db, const pt_research_fact *fact, pt_research_added *out);

typedef struct pt_research_search_in {
	int64_t man;              /* any record id of the man */
	const char *where;        /* where: "OBD Memorial", "CWGC", "Arolsen" (required) */
	const char *query;        /* what was searched for (may be NULL) */
	int found;                /* 1: something was found, 0: nothing */
	const char *note;         /* may be NULL */
	const char *made_by;      /* NULL: "unknown" */
} pt_research_search_in;

/* Logs a search about a man; *entry_out (may be NULL) gets its entry id.
 * PT_ENOTFOUND for no such man, PT_EINVAL for no `where`. */
int pt_research_search(pt_db *db, const pt_research_search_in *in, int64_t *entry_out);

/* One entry of the log. */
typedef struct pt_research_entry {
	int64_t id;
	const char *kind;         /* "event", ..., "search" (static) */
	int64_t man;              /* the man's id then (0 when that record is gone) */
	char *man_record;         /* that record as SOURCE:RECORD_ID */
	int64_t record;           /* a fact's record (0: none, or taken back) */
	int64_t batch;            /* a fact's import batch */
	char *source, *locator;   /* a fact's source key and locator */
	char *what;               /* the fact or the search in words */
	char *where, *query;      /* a search */
	int found;                /* a search: 1 found, 0 not; -1 for a fact */
	char *note, *made_by, *made_at;
	char *undone_at;          /* NULL while in force */
} pt_research_entry;

typedef struct pt_research_entries {
	pt_research_entry *items;
	size_t count;
} pt_research_entries;

/* The entries in force about the man of record `man` (every record of his
 * individual), oldest first; with undone, the ones taken back too. Free
 * with pt_research_entries_free(). PT_ENOTFOUND for no such record. */
int pt_research_list(pt_db *db, int64_t man, int undone, pt_research_entries **out);
void pt_research_entries_free(pt_research_entries *entries);

/* Takes entry `id` back, in one transaction: a fact's record goes (with its
 * link to the man; its batch is marked unimported), a search is marked.
 * The entry stays in the log, marked undone; *out (may be NULL; free with
 * pt_research_entries_free) gets it. PT_ENOTFOUND for no such entry,
 * PT_ECONFLICT when it was taken back already or its record was changed by
 * a later import. */
int pt_research_undo(pt_db *db, int64_t id, pt_research_entries **out);

#ifdef __cplusplus
}
#endif

#endif /* POWTRACE_H */

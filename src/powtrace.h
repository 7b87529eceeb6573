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

/* ---- the database ---------------------------------------------------- */

typedef struct pt_db pt_db;

/* Opens (and with PT_OPEN_CREATE creates) the database at `path`, ":memory:"
 * for a private in-memory one. Applies pending schema migrations, each in
 * its own transaction; switches file databases to WAL; turns foreign keys on.
 * Returns PT_ESCHEMA for a file that is not a powtrace database or that was
 * made by a newer powtrace, PT_EIO when the file cannot be opened or created.
 * On failure *out is still set (unless PT_ENOMEM) so that pt_db_errmsg()
 * can say why; free it with pt_db_free() either way. */
#define PT_OPEN_CREATE   0x1
#define PT_OPEN_READONLY 0x2
int pt_db_open(pt_db **out, const char *path, int flags);

/* Closes the database and frees the handle. Accepts NULL. */
void pt_db_free(pt_db *db);

/* The message of the last failure on `db` (borrowed; "" if none).
 * Accepts NULL, for which it returns "out of memory". */
const char *pt_db_errmsg(const pt_db *db);

/* The schema version of the open database (PRAGMA user_version), and the
 * newest version this library knows. */
int pt_db_schema_version(pt_db *db);
int pt_schema_latest(void);

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
	PT_FORMAT_JSONL     /* JSON Lines: one record a line */
} pt_format;

typedef struct pt_import_options {
	pt_format format;
	const char *display_name; /* the name errors use; NULL: the path */
} pt_import_options;

typedef struct pt_import_error {
	long line;       /* 1-based line in the file; 0 when not known */
	char *field;     /* the field at fault, or NULL */
	char *message;
} pt_import_error;

typedef struct pt_import_summary {
	char *file;
	long rows, inserted, updated, unchanged, rejected;
	pt_import_error *errors;
	size_t error_count;
} pt_import_summary;

/* Imports one file in the canonical JSON formats of PRODUCT.md: an array of
 * person records, JSON Lines of person records, or an object whose keys
 * ("persons", "sources", "camps", "operations", "claims") say what it holds.
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

/* ---- a person's dossier ---------------------------------------------- */

typedef struct pt_name {
	int64_t id;
	char *surname, *given_names, *script;
	int is_primary;
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
} pt_event;

typedef struct pt_citation {
	int64_t id;
	char *source_key, *source_kind, *source_title;
	char *locator;
	char *target;         /* what it supports: "person", "name 2", "event 5" */
	char *source_quality, *information, *evidence; /* NULL when not graded */
	int confidence;       /* 0-4, -1 when not given */
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
} pt_person;

/* Loads the dossier of person `id`: every name form, the events in record
 * order with their camps and operations, and every citation on the person,
 * its names and its events. Returns PT_ENOTFOUND when there is no such
 * person. Free *out with pt_person_free(). */
int pt_person_get(pt_db *db, int64_t id, pt_person **out);

void pt_person_free(pt_person *person);

#ifdef __cplusplus
}
#endif

#endif /* POWTRACE_H */

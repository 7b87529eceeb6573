/*
 * load.h - what the record loaders share (import/ only): a record being
 * read (its pool of allocations, its problems), the readers of its fields,
 * the statements of the import, citations, the content hash and the
 * duplicate check, and the start of writing a record.
 *   load.c        the shared helpers
 *   load_person.c persons: names, events, citations, status
 *   load_keyed.c  sources, camps, operations and claims (found by their key)
 *   load_record.c pt__load_record: runs the loader of a record's kind
 *   load_hash.c   the content hash of a person read from a flat row
 */
#ifndef PT_LOAD_H
#define PT_LOAD_H

#include "import/import.h"

#define MAX_NAME   1000    /* bytes in a name, key, place, ... */
#define MAX_TEXT   100000  /* bytes in notes and the words of a claim */
#define MAX_LIST   10000   /* names, events, citations, aliases in one record */

/* ---- per-record state (load.c) ---- */

/* Everything a record's reading allocates, freed at once. */
struct pool {
	void **items;
	size_t count, cap;
};

struct rec {
	pt__import *imp;
	long line;
	struct pool pool;
	int failed;
	json_t *record;      /* the record being loaded */
	char hash[65];       /* its content hash, once computed */
	int good;            /* checked and good: its savepoint is released (rec_good) */
};

/* Keeps p in the record's pool (freed with the record); NULL when p is
 * NULL or there is no memory left (then p is freed). */
void *pt__rec_keep(struct rec *r, void *p);
void *pt__rec_calloc(struct rec *r, size_t n, size_t size);
/* "events[2].camp" from a prefix ("events[2].") and a key; kept in the pool. */
const char *pt__rec_field(struct rec *r, const char *prefix, const char *key);

#define problem(r, field, ...) \
	((r)->failed = 1, pt__import_problem((r)->imp, (r)->line, (field), __VA_ARGS__))

/* "an object", "a string", ... for messages. */
const char *pt__json_type_name(const json_t *v);

struct date_in {
	char *text;
	pt_date date;
	char *original;  /* the text, when it was an archival spelling read into EDTF */
};

/* ---- reading fields (load.c): a problem is recorded for a bad value ----
 * The field of a problem is prefix + key ("events[2]." "date"). The _value
 * readers take the text itself (a flat row's); `normal`: it is NFC already
 * (a CSV or workbook cell), so it is only trimmed, in place. */

int pt__rec_text_value(struct rec *r, const char *prefix, const char *key, char *s,
		       size_t len, size_t max, int normal, char **out);
int pt__rec_enum_value(struct rec *r, const char *prefix, const char *key, char *s,
		       int normal, enum pt__vocab vocab, const char **out);
int pt__rec_date_value(struct rec *r, const char *prefix, const char *key, char *s,
		       int normal, pt_date_role role, struct date_in *out);
int pt__rec_country_value(struct rec *r, const char *prefix, const char *key, char *s,
			  int normal, char **out);

int pt__rec_check_keys(struct rec *r, const char *prefix, json_t *obj,
		       const char *const allowed[]);
/* A string field: absent, null or "" give NULL. Stored NFC, at most max bytes. */
int pt__rec_text(struct rec *r, const char *prefix, json_t *obj, const char *key,
		 size_t max, char **out);
int pt__rec_required(struct rec *r, const char *prefix, json_t *obj, const char *key,
		     size_t max, char **out);
/* A value of a vocabulary (vocab.c): *out is the table's own string. */
int pt__rec_enum(struct rec *r, const char *prefix, json_t *obj, const char *key,
		 enum pt__vocab vocab, const char **out);

int pt__rec_date(struct rec *r, const char *prefix, json_t *obj, const char *key,
		 struct date_in *out);
/* The same for a date of `role` (a birth, a capture, ...), which decides
 * the century of an archival two-digit year. A text that says the date is
 * not known ("n.k.") gives no date and is kept as the original. */
int pt__rec_date_as(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    pt_date_role role, struct date_in *out);
int pt__rec_number(struct rec *r, const char *prefix, json_t *obj, const char *key,
		   double *out, int *present);
int pt__rec_bool(struct rec *r, const char *prefix, json_t *obj, const char *key, int *out);
/* An array field (absent or null: NULL). */
int pt__rec_array(struct rec *r, const char *prefix, json_t *obj, const char *key,
		  json_t **out);
/* "extra": the input's columns that no field took, as JSON text (NULL: none). */
int pt__rec_extra(struct rec *r, json_t *obj, char **out);
/* Stores a record's extra columns (camps, sources, claims, operations). */
int pt__rec_write_extra(struct rec *r, const char *sql, int64_t id, json_t *obj);
/* "XX": two letters, stored upper case. */
int pt__rec_country(struct rec *r, const char *prefix, json_t *obj, const char *key,
		    char **out);

/* ---- statements and look-ups (load.c) ---- */

enum stmt_id {
	S_SEEN, S_SEEN_FIND, S_SOURCE_ID, S_OPERATION_ID, S_CITATION, S_COUNT
};

#define CACHED_MAX 48

/* The loaders' state for one import (imp->load). */
struct pt__load {
	pt__load_options options;
	sqlite3_stmt *stmt[S_COUNT];
	/* statements prepared once per import, found by their SQL's address */
	struct { const char *sql; sqlite3_stmt *stmt; } cached[CACHED_MAX];
	size_t cached_count;
};

/* A statement of the import, prepared on first use and reset for the next;
 * NULL (the message on the handle) when it cannot be prepared. */
sqlite3_stmt *pt__load_cached(pt__import *imp, const char *sql);
void pt__bind_text(sqlite3_stmt *s, int i, const char *text);
/* The date's EDTF text, earliest and latest day at i, i + 1, i + 2. */
void pt__bind_date(sqlite3_stmt *s, int i, const struct date_in *d);
/* Runs a statement that returns at most one id; 0 when it returns none. */
int pt__rec_step_id(struct rec *r, sqlite3_stmt *s, int64_t *id);
int pt__rec_lookup_key(struct rec *r, enum stmt_id id, const char *key, int64_t *out);
/* A camp by key, or by any alias after folding (resolve.c): a name that
 * matches no camp becomes a new, unverified camp. */
int pt__rec_camp(struct rec *r, const char *field, const char *name, int64_t *out,
		 char **canonical);
int pt__rec_source(struct rec *r, const char *field, const char *key, int64_t *out);
/* The content hash of a record (of r->record: computed once). */
int pt__rec_hash(struct rec *r, json_t *record, char hex[65]);
/* Notes (kind, ident) as seen at this line; *first is the line where it was
 * first seen (this one when new), negative when that record had the same
 * content hash. */
int pt__rec_seen_line(struct rec *r, pt__kind kind, const char *ident, const char *hash,
		      int64_t *first);
int pt__rec_check_duplicate(struct rec *r, const char *field, pt__kind kind,
			    const char *ident, const char *shown);

/* ---- citations (load.c) ---- */

struct citation_in {
	int64_t source_id;
	char *source_key, *locator, *notes;
	const char *quality, *information, *evidence;
	int confidence;
};

struct citations_in {
	struct citation_in *items;
	size_t count;
};

/* "citations": [ ... ] (or, with single, "citation": { ... }) */
int pt__rec_citations(struct rec *r, const char *prefix, json_t *obj, struct citations_in *out);

enum target { T_PERSON = 3, T_NAME, T_EVENT, T_CAMP, T_CLAIM, T_OPERATION };

int pt__rec_write_citations(struct rec *r, const struct citations_in *list,
			    enum target target, int64_t id);

/* ---- persons (load_person.c), as read from JSON or a flat row ---- */

struct name_in {
	char *surname, *given_names, *script, *notes;
	struct citations_in citations;
};

struct event_in {
	const char *type;
	struct date_in date;
	char *date_original, *place, *agent, *notes, *camp_name, *operation_key;
	char *camp_canonical;  /* the camp's own name, for the status reason */
	int64_t camp_id, operation_id;
	struct citations_in citations;
};

/* A column of a flat row that no field took: its header and its text (a
 * number, written as JSON writes it, when `number`). */
struct extra_in {
	const char *key, *text;
	int number;
};

struct person_in {
	char *record_id, *source, *surname, *given_names, *name_original, *sex, *nationality;
	char *birth_place, *service, *service_number, *rank, *unit, *notes;
	char *extra;           /* the input's unmapped columns, as JSON text */
	struct date_in birth;
	struct name_in *names;
	size_t name_count;
	struct event_in *events;
	size_t event_count;
	struct citations_in citations;
	/* a flat row's person as the row gave it, before it is checked: the
	 * texts above, and these */
	char *birth_date_original;
	const struct extra_in *extra_items;
	size_t extra_count;
	int normal;            /* its texts are NFC already (CSV and workbook cells) */
	int hashed;            /* hash holds its content hash (taken where it was read) */
	char hash[65];
};

/* The content hash of a flat row's person, from its texts as the row gave
 * them (load_hash.c): the SHA-256 of the canonical JSON record those texts
 * make (keys sorted, compact), the same bytes as the hash of that record
 * read from JSON. */
void pt__person_hash(const struct person_in *p, char hex[65]);
/* The JSON text of a flat row's extra columns, in their order; NULL when
 * there are none or no memory. Caller frees. */
char *pt__extra_json(const struct extra_in *items, size_t count);
/* A real number as JSON writes it ("1.5", "1e+20" -> "1e20", "3.0"). */
void pt__json_real_text(double v, char *buf, size_t size);

/* ---- writing (load.c) ---- */

/* Runs a statement with `id` (when not 0) as its parameter. */
int pt__rec_run(struct rec *r, const char *sql, int64_t id, int64_t *rowid);

/* Looks up an existing row by key; tells insert, update or unchanged. */
enum fate { F_INSERT, F_UPDATE, F_UNCHANGED };

int pt__rec_existing(struct rec *r, const char *sql, const char *a, const char *b,
		     const char *hash, int64_t *id, enum fate *fate);
void pt__rec_count(struct rec *r, enum fate fate);
/* A record is checked and good: what it made while it was read is kept,
 * and its writes go in outside any savepoint. */
int pt__rec_good(struct rec *r);
/* Frees what the record's reading allocated. */
void pt__rec_release(struct rec *r);

/* ---- the loaders ---- */

int pt__load_person(struct rec *r, json_t *obj);      /* load_person.c */
/* A flat row's person: checked, normalised and loaded. */
int pt__load_person_flat(struct rec *r, struct person_in *p);
int pt__load_source(struct rec *r, json_t *obj);      /* load_keyed.c */
int pt__load_camp(struct rec *r, json_t *obj);
int pt__load_operation(struct rec *r, json_t *obj);
int pt__load_claim(struct rec *r, json_t *obj);

#endif

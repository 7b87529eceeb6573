/*
 * reports.h - what the counting and report files (query.c, tally.c,
 * report.c, svg.c) share: SQL text built from fixed fragments with its
 * bound parameters, the person filter, and grouping in memory.
 */
#ifndef PT_REPORTS_H
#define PT_REPORTS_H

#include "records/records.h"

/* SQL assembled from fixed fragments of the library's own text; every value
 * that comes from outside is a bound parameter, never part of the text. */
typedef struct pt__param {
	int is_text;
	char *text;          /* owned */
	int64_t number;
} pt__param;

typedef struct pt__sql {
	pt__buf text;
	pt__param *params;
	size_t count, cap;
	int failed;          /* out of memory somewhere */
} pt__sql;

#define PT__SQL_INIT { PT__BUF_INIT, NULL, 0, 0, 0 }

void pt__sql_add(pt__sql *q, const char *fragment);
void pt__sql_text(pt__sql *q, const char *value);   /* appends "?" bound to value */
void pt__sql_int(pt__sql *q, int64_t value);        /* appends "?" bound to value */
/* Prepares the statement and binds the parameters; PT_ENOMEM if building failed. */
int pt__sql_prepare(pt_db *db, pt__sql *q, sqlite3_stmt **stmt);
void pt__sql_release(pt__sql *q);

/* Appends " AND cond" for each filter in f, on the person alias "p". Checks
 * every value: unknown camps and sources are PT_ENOTFOUND, bad statuses,
 * event types and dates PT_EINVAL, each with its message on db. */
int pt__filter_where(pt_db *db, const pt_filter *f, pt__sql *q);

/* Grouping in memory (tally.c). Rows come from a statement whose column 0
 * is the person and then, for each field, a key and a label; a person's rows
 * must come together (they do when the person is the outer loop of a join). */
typedef struct pt__tally pt__tally;
int pt__tally_new(pt__tally **out, size_t fields);
int pt__tally_row(pt__tally *t, sqlite3_stmt *s);
/* The groups and the number of persons, into out (which owns them then). */
int pt__tally_finish(pt__tally *t, pt_count *out);
void pt__tally_free(pt__tally *t);

/* The statuses as pt_status values (PT_STATUS_* order) */
int pt__status_from_name(const char *name);

#endif

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

/* The same for men of several records: each filter holds for a man when
 * one of his records passes it ("MAN IN (...)", MAN the SQL of his
 * individual id), and the status filter on STATUS (his status's SQL). */
int pt__filter_where_men(pt_db *db, const pt_filter *f, pt__sql *q, const char *man,
			 const char *status);

/* *linked = 1 when a count or report must read men of several records: some
 * records are linked and the filter does not ask for records. */
int pt__men_scopes(pt_db *db, const pt_filter *filter, int *linked);

/* Grouping in memory (tally.c). Rows come from a statement whose column 0
 * is the man (the individual), then for each field a key and a label, and
 * last the record; a man's rows must come together, and each record's rows
 * within them (they do when the man and his records are the outer loops of
 * a join). A man counts once per combination of his records' values. */
typedef struct pt__tally pt__tally;
int pt__tally_new(pt__tally **out, size_t fields);
int pt__tally_row(pt__tally *t, sqlite3_stmt *s);
/* The rows from here on are of men of several records (they start as men of
 * one record each). */
int pt__tally_men(pt__tally *t);
/* The groups and the number of persons, into out (which owns them then). */
int pt__tally_finish(pt__tally *t, pt_count *out);
void pt__tally_free(pt__tally *t);

/* The statuses as pt_status values (PT_STATUS_* order) */
/* A message "unknown WHAT 'value' (expected EXPECTED...)" that lists the
 * vocabulary's values (the last after `last`); returns PT_EINVAL. */
int pt__unknown_value(pt_db *db, enum pt__vocab vocab, const char *what, const char *value,
		      const char *expected, const char *last);

#endif

/*
 * testdb.h - what the library tests ask of a database: one number or one
 * text from a query, and a file of text imported.
 */
#ifndef PT_TEST_TESTDB_H
#define PT_TEST_TESTDB_H

#include "powtrace.h"

/* The first column of the first row of `sql` as a number; -1 when the
 * query fails or gives no row. */
long long pt_test_count(pt_db *db, const char *sql);

/* The same as a new string; NULL when there is none. Free it. */
char *pt_test_text(pt_db *db, const char *sql);

/* Imports `text` as a file named `name` (written under /tmp and removed);
 * returns what pt_import_file returns. */
int pt_test_import_text(pt_db *db, const char *name, const char *text);

#endif

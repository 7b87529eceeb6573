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

/* Makes the file `path` a powtrace database of schema `version` exactly, as
 * a powtrace of that time left it: the embedded migrations up to `version`,
 * applied with a plain SQLite connection (no C steps: `sql`, run after them,
 * writes what they would have written, or the rows the test needs). For
 * tests of what opening an older database does. 0 on success. */
int pt_test_db_at_version(const char *path, int version, const char *sql);

#endif

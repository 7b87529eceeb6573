/*
 * test_link_rows.c - the rows a first link run reads on a second connection
 * (src/lib/link/rows.c): the same rows, columns and order as stepping the
 * queries on the caller's connection, across batches, for several queries in
 * turn; an error is reported as such; a reader stopped early stops; an
 * in-memory database has none (its caller reads itself).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "core/core.h"
#include "link/link.h"

static const char *const queries[] = {
	"SELECT id, name, n FROM t ORDER BY id",
	"SELECT count(*), max(length(name)) FROM t",
	"SELECT id FROM t WHERE id % 1000 = 0 ORDER BY id DESC",
};

/* A file database with a table of 10,000 rows: texts of every length up to
 * 2,999 bytes, NULLs, integers as text and negative numbers. */
static pt_db *open_rows(char *path, size_t size)
{
	pt_db *db = NULL;
	snprintf(path, size, "/tmp/pt-test-%ld-rows.db", (long)getpid());
	unlink(path);
	CHECK_INT(pt_db_open(&db, path, PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt__exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, n); "
			   "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
			   "WHERE i < 10000) INSERT INTO t SELECT i, CASE WHEN i % 7 = 0 THEN NULL "
			   "ELSE substr(hex(randomblob(1500)), 1, i % 3000) END, "
			   "CASE i % 3 WHEN 0 THEN -i WHEN 1 THEN NULL ELSE CAST(i AS TEXT) END FROM k"),
		  PT_OK);
	return db;
}

static void test_reader_rows_as_stepped(void)
{
	char path[128];
	pt_db *db = open_rows(path, sizeof path);
	lk_reader *r;
	long rows = 0;

	/* the caller's transaction is open, as a link run's is */
	CHECK_INT(pt__exec(db, "BEGIN IMMEDIATE"), PT_OK);
	r = pt__lk_reader_start(db, queries, 3);
	CHECK(r != NULL);
	for (int q = 0; q < 3 && r; q++) {
		sqlite3_stmt *s = NULL;
		int step, got;
		CHECK_INT(pt__prepare(db, &s, queries[q]), PT_OK);
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			got = pt__lk_reader_step(r);
			CHECK_INT(got, SQLITE_ROW);
			if (got != SQLITE_ROW)
				break;
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const char *want = (const char *)sqlite3_column_text(s, c);
				const char *have = pt__lk_reader_text(r, c);
				CHECK_INT(pt__lk_reader_type(r, c) == SQLITE_NULL,
					  sqlite3_column_type(s, c) == SQLITE_NULL);
				CHECK_INT(pt__lk_reader_int(r, c), sqlite3_column_int64(s, c));
				CHECK(want ? have && !strcmp(want, have) : !have);
			}
			rows++;
		}
		CHECK_INT(step, SQLITE_DONE);
		CHECK_INT(pt__lk_reader_step(r), SQLITE_DONE);   /* each query ends on its own */
		sqlite3_finalize(s);
	}
	CHECK_INT(rows, 10000 + 1 + 10);
	pt__lk_reader_stop(r);
	CHECK_INT(pt__exec(db, "COMMIT"), PT_OK);
	pt_db_free(db);
	unlink(path);
}

static void test_reader_error_and_early_stop(void)
{
	static const char *const bad[] = { "SELECT id FROM t ORDER BY id", "SELECT missing FROM t" };
	char path[128];
	pt_db *db = open_rows(path, sizeof path);
	lk_reader *r = pt__lk_reader_start(db, bad, 2);
	int step;
	long rows = 0;

	CHECK(r != NULL);
	while (r && (step = pt__lk_reader_step(r)) == SQLITE_ROW)
		rows++;
	CHECK_INT(rows, 10000);
	CHECK_INT(step, SQLITE_DONE);
	CHECK_INT(r ? pt__lk_reader_step(r) : 0, SQLITE_ERROR);
	CHECK_STR(r ? pt__lk_reader_errmsg(r) : "", "no such column: missing");
	pt__lk_reader_stop(r);

	/* stopped after one row of many: the thread stops, nothing is left */
	r = pt__lk_reader_start(db, queries, 3);
	CHECK(r != NULL);
	CHECK_INT(r ? pt__lk_reader_step(r) : 0, SQLITE_ROW);
	CHECK_INT(r ? pt__lk_reader_int(r, 0) : 0, 1);
	pt__lk_reader_stop(r);
	pt__lk_reader_stop(NULL);
	pt_db_free(db);
	unlink(path);

	/* no second connection to an in-memory database: the caller reads */
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK(pt__lk_reader_start(db, queries, 3) == NULL);
	pt_db_free(db);
}

void suite_link_rows(void);
void suite_link_rows(void)
{
	RUN(test_reader_rows_as_stepped);
	RUN(test_reader_error_and_early_stop);
}

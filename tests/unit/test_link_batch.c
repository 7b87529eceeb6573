/*
 * test_link_batch.c - rows written many to a statement (src/lib/link/batch.c):
 * every row as given, in order (rowids as one insert per row would give),
 * across full statements and the rest; each kind of value; a statement's
 * tail; an error names what was written and leaves the rows before it.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "core/core.h"
#include "link/link.h"

/* 64 rows go to a statement: 2 full ones and a rest of 5 */
#define ROWS 133

static void test_batch_rows_in_order(void)
{
	pt_db *db = NULL;
	lk_batch *b = NULL;
	sqlite3_stmt *s = NULL;
	static const char now[] = "2026-12-06T16:00:00Z";
	char blob[40];
	long seen = 0;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt__exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, p REAL, "
			   "w TEXT, d BLOB, k TEXT NOT NULL)"), PT_OK);
	CHECK_INT(pt__lk_batch_open(db, "INSERT INTO t(n, p, w, d, k)", "(?, ?, ?, ?, 'x' || ?)", "",
				    5, "cannot write a row", &b), PT_OK);
	for (int i = 0; i < ROWS && b; i++) {
		memset(blob, 'a' + i % 26, sizeof blob);
		pt__lk_batch_int(b, (int64_t)i * 1000003 - 7);
		if (i % 5 == 0)
			pt__lk_batch_null(b);
		else
			pt__lk_batch_double(b, i / 4.0);
		pt__lk_batch_text(b, now);
		pt__lk_batch_blob(b, blob, (size_t)(i % 40));    /* 0 bytes: an empty blob */
		pt__lk_batch_int(b, i);
		CHECK_INT(pt__lk_batch_row(b), PT_OK);
	}
	CHECK_INT(pt__lk_batch_finish(b), PT_OK);
	pt__lk_batch_free(b);
	CHECK_INT(pt__prepare(db, &s, "SELECT id, n, p, typeof(p), w, d, typeof(d), k FROM t "
			      "ORDER BY id"), PT_OK);
	while (s && sqlite3_step(s) == SQLITE_ROW) {
		int i = (int)seen++;
		char k[16];
		memset(blob, 'a' + i % 26, sizeof blob);
		snprintf(k, sizeof k, "x%d", i);
		CHECK_INT(sqlite3_column_int64(s, 0), i + 1);
		CHECK_INT(sqlite3_column_int64(s, 1), (int64_t)i * 1000003 - 7);
		CHECK_STR((const char *)sqlite3_column_text(s, 3), i % 5 ? "real" : "null");
		CHECK(i % 5 == 0 || sqlite3_column_double(s, 2) == i / 4.0);
		CHECK_STR((const char *)sqlite3_column_text(s, 4), now);
		CHECK_STR((const char *)sqlite3_column_text(s, 6), "blob");
		CHECK_INT(sqlite3_column_bytes(s, 5), i % 40);
		CHECK(i % 40 == 0 || !memcmp(sqlite3_column_blob(s, 5), blob, (size_t)(i % 40)));
		CHECK_STR((const char *)sqlite3_column_text(s, 7), k);
	}
	CHECK_INT(seen, ROWS);
	sqlite3_finalize(s);
	pt_db_free(db);
}

static void test_batch_tail_and_error(void)
{
	pt_db *db = NULL;
	lk_batch *b = NULL;
	int rc = PT_OK;
	int64_t count = 0;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt__exec(db, "CREATE TABLE u(k INTEGER PRIMARY KEY, v INTEGER NOT NULL); "
			   "INSERT INTO u VALUES (1, 0)"), PT_OK);
	/* an upsert: the tail follows every statement, the rest's too */
	CHECK_INT(pt__lk_batch_open(db, "INSERT INTO u(k, v)", "(?, ?)",
				    " ON CONFLICT(k) DO UPDATE SET v = excluded.v", 2,
				    "cannot write a value", &b), PT_OK);
	for (int i = 1; i <= 70 && b; i++) {
		pt__lk_batch_int(b, i);
		pt__lk_batch_int(b, i * 2);
		CHECK_INT(pt__lk_batch_row(b), PT_OK);
	}
	CHECK_INT(pt__lk_batch_finish(b), PT_OK);
	pt__lk_batch_free(b);
	CHECK_INT(pt__query_int(db, "SELECT count(*) FROM u WHERE v = 2 * k", &count), PT_OK);
	CHECK_INT(count, 70);

	/* a NOT NULL broken in the second statement: the first one's rows stay */
	CHECK_INT(pt__exec(db, "DELETE FROM u"), PT_OK);
	CHECK_INT(pt__lk_batch_open(db, "INSERT INTO u(k, v)", "(?, ?)", "", 2,
				    "cannot write a value", &b), PT_OK);
	for (int i = 1; i <= 128 && b && !rc; i++) {
		pt__lk_batch_int(b, i);
		if (i == 100)
			pt__lk_batch_null(b);
		else
			pt__lk_batch_int(b, i);
		rc = pt__lk_batch_row(b);
	}
	CHECK_INT(rc, PT_ECONFLICT);
	CHECK(strstr(pt_db_errmsg(db), "cannot write a value") != NULL);
	pt__lk_batch_free(b);
	pt__lk_batch_free(NULL);
	CHECK_INT(pt__query_int(db, "SELECT count(*) FROM u", &count), PT_OK);
	CHECK_INT(count, 64);
	pt_db_free(db);
}

void suite_link_batch(void);
void suite_link_batch(void)
{
	RUN(test_batch_rows_in_order);
	RUN(test_batch_tail_and_error);
}

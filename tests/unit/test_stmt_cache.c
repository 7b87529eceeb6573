/*
 * test_stmt_cache.c - the statements a handle keeps (core/stmt_cache.c):
 * the same answers call after call and handle by handle, bindings that do
 * not outlive a call, a statement asked for while it is out, a different
 * text at a known address, more texts than it keeps, a schema changed under
 * it, and a handle freed with statements kept and lent (clean under ASan
 * and valgrind). And the dossier's functions, which use it, give every
 * statement back and answer the same the second time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"

static const char SQUARE[] = "SELECT y FROM t WHERE x = ?";

static pt_db *numbers(int factor)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt__exec(db, "CREATE TABLE t (x INTEGER PRIMARY KEY, y INTEGER)"), PT_OK);
	CHECK_INT(pt_test_count(db, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
				"FROM n WHERE x < 100) INSERT INTO t SELECT x, x * x FROM n "
				"RETURNING 0"), 0);
	if (factor != 1) {
		char sql[64];
		snprintf(sql, sizeof sql, "UPDATE t SET y = y * %d", factor);
		CHECK_INT(pt__exec(db, sql), PT_OK);
	}
	return db;
}

/* y for x, through the kept statement; -1 when there is none */
static long long square(pt_db *db, long long x)
{
	sqlite3_stmt *s = NULL;
	long long y = -1;
	if (pt__stmt_get(db, &s, SQUARE) != PT_OK)
		return -2;
	sqlite3_bind_int64(s, 1, x);
	if (sqlite3_step(s) == SQLITE_ROW)
		y = sqlite3_column_int64(s, 0);
	pt__stmt_put(db, s);
	return y;
}

static void stats(pt_db *db, size_t *kept, size_t *lent)
{
	pt__stmt_cache_stats(db, kept, lent);
}

static void test_same_answers_call_after_call_and_handle_by_handle(void)
{
	pt_db *a = numbers(1), *b = numbers(3);
	size_t kept, lent;
	int wrong = 0;

	/* the two handles' statements of the one text, interleaved */
	for (int round = 0; round < 20; round++)
		for (long long x = 1; x <= 100; x++) {
			wrong += square(a, x) != x * x;
			wrong += square(b, x) != 3 * x * x;
		}
	CHECK_INT(wrong, 0);
	CHECK_INT(square(a, 1000), -1);        /* no row: reset all the same */
	stats(a, &kept, &lent);
	CHECK_INT(kept, 1);
	CHECK_INT(lent, 0);
	stats(b, &kept, &lent);
	CHECK_INT(kept, 1);
	pt_db_free(a);
	pt_db_free(b);
}

static void test_bindings_do_not_outlive_a_call(void)
{
	static const char sql[] = "SELECT ?1 IS NULL";
	pt_db *db = numbers(1);
	sqlite3_stmt *s = NULL, *again = NULL;

	CHECK_INT(pt__stmt_get(db, &s, sql), PT_OK);
	sqlite3_bind_int(s, 1, 7);
	CHECK_INT(sqlite3_step(s), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(s, 0), 0);
	pt__stmt_put(db, s);
	CHECK_INT(pt__stmt_get(db, &again, sql), PT_OK);
	CHECK(again == s);                     /* kept, not prepared again */
	CHECK_INT(sqlite3_step(again), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(again, 0), 1);
	pt__stmt_put(db, again);
	pt__stmt_put(db, NULL);                /* accepted */
	pt_db_free(db);
}

static void test_a_statement_out_is_not_lent_twice(void)
{
	static const char sql[] = "SELECT x FROM t WHERE x <= ? ORDER BY x";
	pt_db *db = numbers(1);
	sqlite3_stmt *outer = NULL, *inner = NULL;
	size_t kept, lent;
	long long sum = 0, rows = 0;

	/* a function that runs again inside its own loop */
	CHECK_INT(pt__stmt_get(db, &outer, sql), PT_OK);
	sqlite3_bind_int(outer, 1, 3);
	while (sqlite3_step(outer) == SQLITE_ROW) {
		rows++;
		CHECK_INT(pt__stmt_get(db, &inner, sql), PT_OK);
		CHECK(inner != outer);
		sqlite3_bind_int(inner, 1, sqlite3_column_int(outer, 0));
		while (sqlite3_step(inner) == SQLITE_ROW)
			sum += sqlite3_column_int(inner, 0);
		stats(db, &kept, &lent);
		CHECK_INT(lent, 2);
		pt__stmt_put(db, inner);       /* finalized: it was prepared for this call */
	}
	pt__stmt_put(db, outer);
	CHECK_INT(rows, 3);
	CHECK_INT(sum, 1 + 3 + 6);
	stats(db, &kept, &lent);
	CHECK_INT(kept, 1);
	CHECK_INT(lent, 0);
	pt_db_free(db);
}

static void test_another_text_at_a_known_address(void)
{
	static char sql[64];
	pt_db *db = numbers(1);
	sqlite3_stmt *s = NULL;

	snprintf(sql, sizeof sql, "SELECT 1");
	CHECK_INT(pt__stmt_get(db, &s, sql), PT_OK);
	CHECK_INT(sqlite3_step(s), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(s, 0), 1);
	pt__stmt_put(db, s);
	snprintf(sql, sizeof sql, "SELECT 2");
	CHECK_INT(pt__stmt_get(db, &s, sql), PT_OK);
	CHECK_INT(sqlite3_step(s), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(s, 0), 2);
	pt__stmt_put(db, s);
	pt_db_free(db);
}

static void test_bad_sql_keeps_nothing(void)
{
	static const char bad[] = "SELECT nothing FROM nowhere";
	pt_db *db = numbers(1);
	sqlite3_stmt *s = NULL;
	size_t kept, lent;

	CHECK(pt__stmt_get(db, &s, bad) != PT_OK);
	CHECK(s == NULL);
	CHECK(strstr(pt_db_errmsg(db), "cannot prepare statement") != NULL);
	stats(db, &kept, &lent);
	CHECK_INT(kept, 0);
	CHECK_INT(lent, 0);
	CHECK_INT(square(db, 9), 81);
	pt_db_free(db);
}

static void test_more_texts_than_it_keeps(void)
{
	static char texts[300][48];
	pt_db *db = numbers(1);
	size_t kept, lent;
	int wrong = 0;

	for (int round = 0; round < 3; round++)
		for (int i = 0; i < 300; i++) {
			sqlite3_stmt *s = NULL;
			snprintf(texts[i], sizeof texts[i], "SELECT %d + ?", i);
			if (pt__stmt_get(db, &s, texts[i]) != PT_OK) {
				wrong++;
				continue;
			}
			sqlite3_bind_int(s, 1, round);
			wrong += sqlite3_step(s) != SQLITE_ROW || sqlite3_column_int(s, 0) != i + round;
			pt__stmt_put(db, s);
		}
	CHECK_INT(wrong, 0);
	stats(db, &kept, &lent);
	CHECK(kept > 0 && kept < 300);          /* capped; the others prepared per call */
	CHECK_INT(lent, 0);
	pt_db_free(db);
}

static void test_schema_changed_under_it(void)
{
	pt_db *db = numbers(1);

	CHECK_INT(square(db, 4), 16);
	/* a kept statement is reset: the table it reads can go */
	CHECK_INT(pt__exec(db, "DROP TABLE t; CREATE TABLE t (x INTEGER PRIMARY KEY, y INTEGER); "
			   "INSERT INTO t VALUES (4, 40)"), PT_OK);
	CHECK_INT(square(db, 4), 40);
	pt_db_free(db);
}

static void test_free_with_statements_kept_and_lent(void)
{
	pt_db *db = numbers(1);
	sqlite3_stmt *kept = NULL, *once = NULL;

	CHECK_INT(square(db, 2), 4);
	/* lent and never put back, one kept and one prepared for its call, one
	 * of them in the middle of its rows: pt_db_free finalizes both and
	 * closes the connection (ASan and valgrind see no leak) */
	CHECK_INT(pt__stmt_get(db, &kept, SQUARE), PT_OK);
	CHECK_INT(pt__stmt_get(db, &once, SQUARE), PT_OK);
	sqlite3_bind_int(once, 1, 3);
	CHECK_INT(sqlite3_step(once), SQLITE_ROW);
	pt_db_free(db);

	/* and a handle whose cache was never made */
	db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	pt_db_free(db);
}

/* the dossier's functions give every statement back and answer the same */
static void test_the_dossier_gives_every_statement_back(void)
{
	static const char PEOPLE[] =
		"{\"sources\": [{\"key\": \"reg\", \"kind\": \"register\", \"title\": \"The register\"},\n"
		"              {\"key\": \"book\", \"kind\": \"book\", \"title\": \"A book\"}],\n"
		" \"persons\": [\n"
		" {\"record_id\": \"1\", \"source\": \"reg\", \"surname\": \"Kelly\", \"given_names\": \"Frank\",\n"
		"  \"citations\": [{\"source\": \"reg\", \"locator\": \"card 1\"},\n"
		"                  {\"source\": \"book\", \"locator\": \"p. 9\", \"confidence\": 2}],\n"
		"  \"events\": [{\"type\": \"capture\", \"date\": \"1944-09\"},\n"
		"              {\"type\": \"death\", \"date\": \"1945-03\"},\n"
		"              {\"type\": \"return\", \"date\": \"1945-06\",\n"
		"               \"citations\": [{\"source\": \"book\", \"locator\": \"p. 3\"}]},\n"
		"              {\"type\": \"burial\", \"date\": \"1945-04\"}]},\n"
		" {\"record_id\": \"2\", \"source\": \"reg\", \"surname\": \"Walker\", \"given_names\": \"Harold\",\n"
		"  \"events\": [{\"type\": \"capture\", \"date\": \"1944\"}]}]}\n";
	pt_db *db = NULL;
	size_t kept, lent;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "people.json", PEOPLE), PT_OK);
	for (int round = 0; round < 50; round++) {
		pt_individual *man = NULL;
		pt_fate_events *f = NULL;
		pt_research_entries *r = NULL;
		int64_t id = 1 + round % 2;

		CHECK_INT(pt_individual_get(db, id, &man), PT_OK);
		CHECK_INT(man ? man->record_count : 0, 1);
		CHECK_STR(man ? man->records[0]->surname : NULL, id == 1 ? "Kelly" : "Walker");
		CHECK_INT(man ? man->records[0]->event_count : 0, id == 1 ? 4 : 1);
		CHECK_INT(man ? man->records[0]->citation_count : 0, id == 1 ? 3 : 0);
		CHECK_INT(man ? (int)man->status : -1,
			  id == 1 ? PT_STATUS_CONFLICTING : PT_STATUS_UNACCOUNTED);
		pt_individual_free(man);
		CHECK_INT(pt_person_fate_events(db, id, &f), PT_OK);
		if (id == 1 && f && f->count == 3) {
			/* death and burial rest on the person's two citations, the
			 * return on its own */
			CHECK_STR(f->items[0].type, "death");
			CHECK_INT(f->items[0].citation_count, 2);
			CHECK_STR(f->items[0].citations[0].locator, "card 1");
			CHECK_STR(f->items[0].citations[1].source_title, "A book");
			CHECK_INT(f->items[0].citations[1].confidence, 2);
			CHECK_STR(f->items[1].type, "return");
			CHECK_INT(f->items[1].citation_count, 1);
			CHECK_STR(f->items[1].citations[0].locator, "p. 3");
			CHECK_STR(f->items[2].type, "burial");
			CHECK_INT(f->items[2].citation_count, 2);
			CHECK_STR(f->items[2].citations[1].locator, "p. 9");
		} else {
			CHECK_INT(f ? f->count : 99, id == 1 ? 3 : 0);
		}
		pt_fate_events_free(f);
		CHECK_INT(pt_research_list(db, id, 0, &r), PT_OK);
		pt_research_entries_free(r);
		stats(db, &kept, &lent);
		CHECK_INT(lent, 0);
	}
	CHECK(kept >= 8);
	{
		pt_individual *none = NULL;
		CHECK_INT(pt_individual_get(db, 99, &none), PT_ENOTFOUND);
		CHECK(none == NULL);
	}
	stats(db, &kept, &lent);
	CHECK_INT(lent, 0);
	/* the read transaction of each call ended */
	CHECK(sqlite3_get_autocommit(db->sql));
	pt_db_free(db);
}

void suite_stmt_cache(void);
void suite_stmt_cache(void)
{
	RUN(test_same_answers_call_after_call_and_handle_by_handle);
	RUN(test_bindings_do_not_outlive_a_call);
	RUN(test_a_statement_out_is_not_lent_twice);
	RUN(test_another_text_at_a_known_address);
	RUN(test_bad_sql_keeps_nothing);
	RUN(test_more_texts_than_it_keeps);
	RUN(test_schema_changed_under_it);
	RUN(test_free_with_statements_kept_and_lent);
	RUN(test_the_dossier_gives_every_statement_back);
}

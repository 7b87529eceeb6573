/*
 * test_link_log.c - what the decisions log and the compared records keep
 * since schema 0110 and 0111: an automatic decision names its records by id
 * while they exist and gets their identities when they go; the log reads as
 * before (view link_log); databases of before are converted with their
 * content unchanged; the version a record was compared in lives in
 * link_pending.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"

static const char three_records[] =
	"{\"sources\": [{\"key\": \"reg-a\", \"kind\": \"register\"},\n"
	"  {\"key\": \"reg-b\", \"kind\": \"register\"}, {\"key\": \"reg-c\", \"kind\": \"register\"}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"1\", \"source\": \"reg-a\", \"surname\": \"Kelly\", \"given_names\": \"Frank\"},\n"
	" {\"record_id\": \"2\", \"source\": \"reg-b\", \"surname\": \"Kelley\", \"given_names\": \"Frank\"},\n"
	" {\"record_id\": \"3\", \"source\": \"reg-c\", \"surname\": \"Walker\", \"given_names\": \"Harold\"}]}\n";

static void check_text(pt_db *db, const char *sql, const char *want, int line)
{
	char *got = pt_test_text(db, sql);
	if (!got || strcmp(got, want)) {
		fprintf(stderr, "tests/unit/test_link_log.c:%d: %s\n  got  %s\n  want %s\n", line, sql,
			got ? got : "(null)", want);
		pt_test_failures++;
	}
	free(got);
}
#define CHECK_TEXT(db, sql, want) check_text(db, sql, want, __LINE__)

/* an automatic decision as a run writes it: ids, run, no identities */
static void test_auto_decision_outlives_its_records(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "three.json", three_records), PT_OK);
	CHECK_INT(pt_test_count(db, "INSERT INTO link_run(id, started_at, made_by, auto_threshold, "
				"review_threshold) VALUES (1, '2026-01-01T00:00:00Z', 'tester', 0.9, 0.4) "
				"RETURNING 0"), 0);
	CHECK_INT(pt_test_count(db, "INSERT INTO link_decision(a, b, decision, made_by, run_id, "
				"probability) VALUES (1, 2, 'same', 'auto', 1, 0.99), "
				"(2, 3, 'same', 'auto', 1, 0.95) RETURNING 0"), 0);
	CHECK_TEXT(db, "SELECT group_concat(printf('%s|%s|%s|%s|%s|%s|%s|%s', id, a, b, a_source, a_record_id, "
		   "b_source, b_record_id, made_at), ' ') FROM link_log",
		   "1|1|2|reg-a|1|reg-b|2|2026-01-01T00:00:00Z "
		   "2|2|3|reg-b|2|reg-c|3|2026-01-01T00:00:00Z");
	CHECK_TEXT(db, "SELECT group_concat(made_at, ' ') FROM link_in_force",
		   "2026-01-01T00:00:00Z 2026-01-01T00:00:00Z");
	/* the rows name the records by id only */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE a_source IS NULL "
				"AND a_record_id IS NULL AND b_source IS NULL AND b_record_id IS NULL "
				"AND made_at IS NULL"), 2);
	/* record 2 goes: both decisions that name it say which record it was */
	CHECK_INT(pt_test_count(db, "DELETE FROM person WHERE id = 2 RETURNING 0"), 0);
	CHECK_TEXT(db, "SELECT group_concat(printf('%s|%s|%s|%s|%s|%s|%s', id, coalesce(a, '-'), coalesce(b, '-'), "
		   "coalesce(a_source, '-'), coalesce(a_record_id, '-'), coalesce(b_source, '-'), "
		   "coalesce(b_record_id, '-')), ' ') FROM link_decision",
		   "1|1|-|-|-|reg-b|2 2|-|3|reg-b|2|-|-");
	CHECK_TEXT(db, "SELECT group_concat(printf('%s|%s|%s|%s|%s', id, a_source, a_record_id, b_source, "
		   "b_record_id), ' ') FROM link_log", "1|reg-a|1|reg-b|2 2|reg-b|2|reg-c|3");
	/* and the others when they go too */
	CHECK_INT(pt_test_count(db, "DELETE FROM person RETURNING 0"), 0);
	CHECK_TEXT(db, "SELECT group_concat(printf('%s|%s|%s|%s|%s', id, a_source, a_record_id, b_source, "
		   "b_record_id), ' ') FROM link_decision WHERE a IS NULL AND b IS NULL",
		   "1|reg-a|1|reg-b|2 2|reg-b|2|reg-c|3");
	/* a person's decision without the identities is refused */
	CHECK(pt_test_count(db, "INSERT INTO link_decision(a, b, decision, made_by, made_at) "
			    "VALUES (NULL, NULL, 'same', 'tester', 'now') RETURNING 0") != 0);
	pt_db_free(db);
}

/* 0111 on a database of 0110: the automatic decisions lose what follows
 * from their records and run, and the log reads the same. */
static void test_decisions_migrate(void)
{
	const char *path = "/tmp/powtrace-test-0111.db";
	static const char log[] =
		"SELECT group_concat(printf('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', id, coalesce(a, '-'), coalesce(b, '-'), a_source, "
		"a_record_id, b_source, b_record_id, decision, made_by, made_at, "
		"coalesce(run_id, '-'), coalesce(note, '-'), coalesce(superseded_at, '-'), "
		"coalesce(superseded_by, '-'), coalesce(levels, '-')), ' ') FROM (SELECT * FROM "
		"link_log ORDER BY id)";
	static const char want[] =
		"1|1|2|reg-a|1|reg-b|2|same|auto|T1|1|-|-|-|33 "
		"2|1|3|reg-a|1|reg-c|3|different|tester|T2|-|apart|-|-|- "
		"3|-|3|reg-x|9|reg-c|3|same|auto|T1|1|-|T3|4|- "
		"4|2|3|reg-b|2|reg-c|3|same|auto|T0|1|-|-|-|-";
	pt_db *db = NULL;

	remove(path);
	CHECK_INT(pt_test_db_at_version(path, 110,
		"INSERT INTO person(id, record_source, record_id, content_hash) VALUES "
		"(1, 'reg-a', '1', 'x'), (2, 'reg-b', '2', 'y'), (3, 'reg-c', '3', 'z');"
		"INSERT INTO link_run(id, started_at, made_by, auto_threshold, review_threshold) "
		"VALUES (1, 'T1', 'tester', 0.9, 0.4);"
		"INSERT INTO link_decision(id, a, b, a_source, a_record_id, b_source, b_record_id, "
		"decision, made_by, made_at, run_id, note, superseded_at, superseded_by, levels) VALUES "
		"(1, 1, 2, 'reg-a', '1', 'reg-b', '2', 'same', 'auto', 'T1', 1, NULL, NULL, NULL, 33),"
		"(2, 1, 3, 'reg-a', '1', 'reg-c', '3', 'different', 'tester', 'T2', NULL, 'apart', "
		"NULL, NULL, NULL),"
		"(3, NULL, 3, 'reg-x', '9', 'reg-c', '3', 'same', 'auto', 'T1', 1, NULL, 'T3', 4, NULL),"
		"(4, 2, 3, 'reg-b', '2', 'reg-c', '3', 'same', 'auto', 'T0', 1, NULL, NULL, NULL, NULL);"),
		  0);
	CHECK_INT(pt_db_open(&db, path, 0), PT_OK);
	CHECK_TEXT(db, log, want);
	/* what follows is left out: the ids of records that exist, the run's time */
	CHECK_TEXT(db, "SELECT group_concat(printf('%s|%s|%s|%s|%s|%s', id, a_source IS NULL, a_record_id IS NULL, "
		   "b_source IS NULL, b_record_id IS NULL, made_at IS NULL), ' ') "
		   "FROM (SELECT * FROM link_decision ORDER BY id)",
		   "1|1|1|1|1|1 2|0|0|0|0|0 3|0|0|1|1|1 4|1|1|1|1|0");
	CHECK_TEXT(db, "SELECT group_concat(id || ':' || made_at, ' ') FROM link_in_force",
		   "1:T1 2:T2 4:T0");
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM pragma_foreign_key_list('link_decision') "
				"WHERE \"table\" = 'link_decision' AND \"from\" = 'superseded_by'"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM sqlite_schema WHERE tbl_name = "
				"'link_decision' AND type = 'index'"), 3);
	/* a record that goes gets its identity back into the rows */
	CHECK_INT(pt_test_count(db, "DELETE FROM person WHERE id = 3 RETURNING 0"), 0);
	CHECK_TEXT(db, log, "1|1|2|reg-a|1|reg-b|2|same|auto|T1|1|-|-|-|33 "
		   "2|1|-|reg-a|1|reg-c|3|different|tester|T2|-|apart|-|-|- "
		   "3|-|-|reg-x|9|reg-c|3|same|auto|T1|1|-|T3|4|- "
		   "4|2|-|reg-b|2|reg-c|3|same|auto|T0|1|-|-|-|-");
	pt_db_free(db);
	remove(path);
}

/* 0110 on a database of 0105: the version each pending record was compared
 * in moves from link_compared into link_pending. */
static void test_compared_migrate(void)
{
	const char *path = "/tmp/powtrace-test-0110.db";
	pt_db *db = NULL;

	remove(path);
	/* 1 compared as it is; 2 compared, then changed; 3 new; 4 changed and
	 * changed back to the version compared */
	CHECK_INT(pt_test_db_at_version(path, 105,
		"INSERT INTO person(id, record_source, record_id, content_hash) VALUES "
		"(1, 'a', '1', 'x'), (2, 'a', '2', 'y'), (3, 'a', '3', 'z'), (4, 'a', '4', 'w');"
		"INSERT INTO link_compared(person_id, content_hash, run_id) VALUES "
		"(1, 'x', NULL), (2, 'old', NULL), (4, 'w', NULL);"
		"DELETE FROM link_pending WHERE person_id = 1;"), 0);
	CHECK_INT(pt_db_open(&db, path, 0), PT_OK);
	CHECK_TEXT(db, "SELECT group_concat(person_id || ':' || coalesce(compared_hash, '-'), ' ') "
		   "FROM (SELECT * FROM link_pending ORDER BY 1)", "2:old 3:- 4:w");
	CHECK_TEXT(db, "SELECT group_concat(person_id || ':' || content_hash, ' ') "
		   "FROM (SELECT * FROM link_compared ORDER BY 1)", "1:x 2:old 4:w");
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'link_compared' "
				"AND type = 'view'"), 1);
	/* a change after the comparison keeps the version compared, however
	 * many follow */
	CHECK_INT(pt_test_count(db, "UPDATE person SET content_hash = 'x2' WHERE id = 1 RETURNING 0"),
		  0);
	CHECK_INT(pt_test_count(db, "UPDATE person SET content_hash = 'x3' WHERE id = 1 RETURNING 0"),
		  0);
	CHECK_INT(pt_test_count(db, "UPDATE person SET content_hash = 'z2' WHERE id = 3 RETURNING 0"),
		  0);
	CHECK_TEXT(db, "SELECT group_concat(person_id || ':' || coalesce(compared_hash, '-'), ' ') "
		   "FROM (SELECT * FROM link_pending ORDER BY 1)", "1:x 2:old 3:- 4:w");
	pt_db_free(db);
	remove(path);
}

/* A run compares the pending records not in their compared version: new
 * ones and changed ones, not one changed back; after it none is pending. */
static void test_run_reads_pending(void)
{
	pt_db *db = NULL;
	pt_link_summary s;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "three.json", three_records), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 3);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_pending"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_compared"), 3);
	/* record 3 changed and back (as a re-import would), record 2 changed */
	CHECK_INT(pt_test_count(db, "UPDATE person SET content_hash = 'new' WHERE id IN (2, 3) "
				"RETURNING 0"), 0);
	CHECK_INT(pt_test_count(db, "UPDATE person SET content_hash = (SELECT compared_hash FROM "
				"link_pending WHERE person_id = 3) WHERE id = 3 RETURNING 0"), 0);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_pending"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_compared WHERE content_hash = 'new'"),
		  1);
	pt_db_free(db);
}

void suite_link_log(void);
void suite_link_log(void)
{
	RUN(test_auto_decision_outlives_its_records);
	RUN(test_decisions_migrate);
	RUN(test_compared_migrate);
	RUN(test_run_reads_pending);
}

/*
 * test_link.c - records and individuals: every record belongs to exactly
 * one individual from the moment it is imported; an individual's id is one
 * of its records' ids; the decisions log keeps decisions about records that
 * are gone; the link tables follow the records they name.
 */
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
	" {\"record_id\": \"2\", \"source\": \"reg-b\", \"surname\": \"Келли\", \"given_names\": \"Фрэнк\"},\n"
	" {\"record_id\": \"3\", \"source\": \"reg-c\", \"surname\": \"Walker\", \"given_names\": \"Harold\"}]}\n";

static pt_db *open_three(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "three.json", three_records), PT_OK);
	return db;
}

static void test_records_are_individuals_after_import(void)
{
	pt_db *db = open_three();
	int64_t ind = 0, records = 0, individuals = 0, *ids = NULL;
	size_t count = 0;
	unsigned kind = 0;

	CHECK_INT(pt_individual_count(db, &records, &individuals), PT_OK);
	CHECK_INT(records, 3);
	CHECK_INT(individuals, 3);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person_individual "
				"WHERE person_id = individual_id"), 3);
	CHECK_INT(pt_individual_of(db, 2, &ind), PT_OK);
	CHECK_INT(ind, 2);
	CHECK_INT(pt_id_kind(db, 2, &kind), PT_OK);
	CHECK_INT(kind, PT_ID_RECORD | PT_ID_INDIVIDUAL);
	CHECK_INT(pt_individual_records(db, 3, &ids, &count), PT_OK);
	CHECK_INT(count, 1);
	CHECK_INT(count ? ids[0] : 0, 3);
	pt_free(ids);
	CHECK_INT(pt_id_kind(db, 99, &kind), PT_OK);
	CHECK_INT(kind, 0);
	CHECK_INT(pt_individual_of(db, 99, &ind), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no record 99");
	pt_db_free(db);
}

static void test_member_rows_make_an_individual(void)
{
	pt_db *db = open_three();
	int64_t ind = 0, individuals = 0, *ids = NULL;
	size_t count = 0;
	unsigned kind = 0;

	CHECK_INT(pt_test_count(db, "INSERT INTO individual_member VALUES (1, 1), (2, 1) "
				"RETURNING 0"), 0);
	CHECK_INT(pt_individual_of(db, 2, &ind), PT_OK);
	CHECK_INT(ind, 1);
	CHECK_INT(pt_id_kind(db, 2, &kind), PT_OK);
	CHECK_INT(kind, PT_ID_RECORD);
	CHECK_INT(pt_individual_records(db, 1, &ids, &count), PT_OK);
	CHECK_INT(count, 2);
	CHECK(count == 2 && ids[0] == 1 && ids[1] == 2);
	pt_free(ids);
	CHECK_INT(pt_individual_records(db, 2, &ids, &count), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no individual 2 (record 2 belongs to individual 1)");
	CHECK(ids == NULL && count == 0);
	CHECK_INT(pt_individual_count(db, NULL, &individuals), PT_OK);
	CHECK_INT(individuals, 2);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM individual"), 2);
	CHECK_INT(pt_test_count(db, "SELECT records FROM individual WHERE id = 1"), 2);
	pt_db_free(db);
}

static void test_log_outlives_its_records(void)
{
	pt_db *db = open_three();

	CHECK_INT(pt_test_count(db, "INSERT INTO link_decision(a, b, a_source, a_record_id, "
				"b_source, b_record_id, decision, made_by, made_at, note) "
				"VALUES (1, 2, 'reg-a', '1', 'reg-b', '2', 'same', 'tester', "
				"'2026-01-01T00:00:00Z', 'same card') RETURNING 0"), 0);
	CHECK_INT(pt_test_count(db, "INSERT INTO individual_member VALUES (1, 1), (2, 1) "
				"RETURNING 0"), 0);
	CHECK_INT(pt_test_count(db, "INSERT INTO link_review(a, b, probability, evidence, "
				"queued_at) VALUES (2, 3, 0.5, '{}', 'now') RETURNING 0"), 0);
	CHECK_INT(pt_test_count(db, "INSERT INTO link_compared(person_id, content_hash) "
				"SELECT id, content_hash FROM person RETURNING 0"), 0);
	CHECK_INT(pt_test_count(db, "DELETE FROM person WHERE id = 2 RETURNING 0"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE a = 1 AND "
				"b IS NULL AND b_record_id = '2'"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_in_force"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM individual_member"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_review"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_compared"), 2);
	pt_db_free(db);
}

void suite_link(void);
void suite_link(void)
{
	RUN(test_records_are_individuals_after_import);
	RUN(test_member_rows_make_an_individual);
	RUN(test_log_outlives_its_records);
}

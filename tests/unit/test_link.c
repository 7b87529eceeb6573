/*
 * test_link.c - records and individuals: every record belongs to exactly
 * one individual from the moment it is imported; an individual's id is one
 * of its records' ids; the decisions log keeps decisions about records that
 * are gone; the link tables follow the records they name.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"
#include "names/names.h"

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
	/* the three records compared (none pending) */
	CHECK_INT(pt_test_count(db, "DELETE FROM link_pending RETURNING 0"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_compared"), 3);
	CHECK_INT(pt_test_count(db, "DELETE FROM person WHERE id = 2 RETURNING 0"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE a = 1 AND "
				"b IS NULL AND b_record_id = '2'"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_in_force"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM individual_member"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_review"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_compared"), 2);
	pt_db_free(db);
}

/* ---- the shared similarity measure (names/similar.c) ---- */

static int collect_key(void *ctx, const char *key)
{
	char *all = ctx;
	if (strlen(all) + strlen(key) + 2 < 512) {
		strcat(all, key);
		strcat(all, " ");
	}
	return 0;
}

/* A database made before 0011 (the deletion keys of the similarity search)
 * gets the keys of its surnames when it is brought up to date, and finds by
 * similarity then. */
static void test_old_database_gets_similar_keys(void)
{
	char path[64];
	pt_db *db = NULL;
	pt_find_result *found = NULL;

	snprintf(path, sizeof path, "/tmp/pt-test-%ld-v10.db", (long)getpid());
	CHECK_INT(pt_test_db_at_version(path, 10,
		"INSERT INTO person (id, record_id, content_hash) VALUES (5, 'r5', 'h5');"
		"INSERT INTO person_name (person_id, surname, given_names, is_primary, seq) "
		"VALUES (5, 'HUTCHINSON', 'Wallace', 1, 1);"), 0);
	CHECK_INT(pt_db_open(&db, path, 0), PT_OK);
	CHECK_INT(pt_db_schema_version(db), pt_schema_latest());
	CHECK(pt_test_count(db, "SELECT count(*) FROM surname_key WHERE kind = 'delete'") > 0);
	CHECK_INT(pt_person_find(db, "Hutchison Wallace", NULL, &found), PT_OK);
	CHECK(found && found->count == 1 && found->hits[0].person_id == 5);
	pt_find_result_free(found);
	pt_db_free(db);
	unlink(path);
}

static void test_similarity_measure(void)
{
	char keys[512] = "";

	/* Jaro-Winkler: the textbook pairs */
	CHECK(pt__jaro_winkler("martha", "marhta") > 0.960 && pt__jaro_winkler("martha", "marhta") < 0.962);
	CHECK(pt__jaro_winkler("dwayne", "duane") > 0.839 && pt__jaro_winkler("dwayne", "duane") < 0.841);
	CHECK(pt__jaro_winkler("dixon", "dicksonx") > 0.812 && pt__jaro_winkler("dixon", "dicksonx") < 0.814);
	CHECK(pt__jaro_winkler("kelly", "kelly") == 1.0);
	CHECK(pt__jaro_winkler("abc", "xyz") == 0.0);
	CHECK(pt__jaro_winkler("", "") == 1.0);
	CHECK(pt__jaro_winkler("келли", "келлиэ") > 0.9);     /* code points, not bytes */
	/* edit distance: changes, drops, additions, swaps of neighbours */
	CHECK_INT(pt__edit_distance("hutchison", "hutchinson", 2), 1);
	CHECK_INT(pt__edit_distance("frances", "francis", 2), 1);
	CHECK_INT(pt__edit_distance("kelly", "kelyl", 2), 1);
	CHECK_INT(pt__edit_distance("walker", "walker", 2), 0);
	CHECK_INT(pt__edit_distance("smith", "jones", 2), 3);    /* more than max: max + 1 */
	CHECK_INT(pt__edit_distance("уокер", "уокэр", 1), 1);
	/* deletion neighbourhoods: each key once, none for short spellings */
	CHECK_INT(pt__deletion_keys("kelly", collect_key, keys), 0);
	CHECK_STR(keys, "elly klly kely kell ");
	keys[0] = '\0';
	CHECK_INT(pt__deletion_keys("kell", collect_key, keys), 0);
	CHECK_STR(keys, "");
}

/* ---- decisions and stable ids ---- */

static const char six_records[] =
	"{\"sources\": [{\"key\": \"reg-a\", \"kind\": \"register\"}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"1\", \"source\": \"reg-a\", \"surname\": \"Kelly\", \"given_names\": \"Frank\"},\n"
	" {\"record_id\": \"2\", \"source\": \"reg-a\", \"surname\": \"Kelly\", \"given_names\": \"F.\"},\n"
	" {\"record_id\": \"3\", \"source\": \"reg-a\", \"surname\": \"Walker\", \"given_names\": \"Harold\"},\n"
	" {\"record_id\": \"4\", \"source\": \"reg-a\", \"surname\": \"Walker\", \"given_names\": \"H.\"},\n"
	" {\"record_id\": \"5\", \"source\": \"reg-a\", \"surname\": \"Smith\", \"given_names\": \"John\"},\n"
	" {\"record_id\": \"6\", \"source\": \"reg-a\", \"surname\": \"Smith\", \"given_names\": \"J.\"}]}\n";

static int64_t individual(pt_db *db, int64_t record)
{
	int64_t ind = 0;
	CHECK_INT(pt_individual_of(db, record, &ind), PT_OK);
	return ind;
}

static int decide(pt_db *db, int64_t a, int64_t b, pt_link_verdict v)
{
	pt_link_decision_in d;
	memset(&d, 0, sizeof d);
	d.a = a;
	d.b = b;
	d.verdict = v;
	return pt_link_decide(db, &d, "tester");
}

static void test_ids_stay(void)
{
	pt_db *db = NULL;
	long count = 0;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
	/* a person's same joins; the smaller id stays, the other leads to it */
	CHECK_INT(decide(db, 4, 3, PT_LINK_SAME), PT_OK);
	CHECK_INT(individual(db, 4), 3);
	CHECK_INT(decide(db, 2, 1, PT_LINK_SAME), PT_OK);
	CHECK_INT(decide(db, 6, 5, PT_LINK_SAME), PT_OK);
	CHECK_INT(individual(db, 6), 5);
	/* deciding about other records renumbers no one */
	CHECK_INT(decide(db, 1, 5, PT_LINK_DIFFERENT), PT_OK);
	CHECK_INT(individual(db, 2), 1);
	CHECK_INT(individual(db, 4), 3);
	CHECK_INT(individual(db, 6), 5);
	/* merging individuals 3 and 5: 3 stays; 5 leads to it */
	CHECK_INT(decide(db, 5, 4, PT_LINK_SAME), PT_OK);
	CHECK_INT(individual(db, 5), 3);
	CHECK_INT(individual(db, 6), 3);
	/* same across a person's different is refused, and names it */
	CHECK_INT(decide(db, 2, 3, PT_LINK_SAME), PT_ECONFLICT);
	CHECK(strstr(pt_db_errmsg(db), "are different") != NULL);
	CHECK_INT(individual(db, 2), 1);
	/* a split: the part with the anchor keeps the id */
	CHECK_INT(pt_link_unlink(db, 6, "tester", NULL, &count), PT_OK);
	CHECK_INT(count, 3);
	CHECK_INT(individual(db, 6), 6);
	CHECK_INT(individual(db, 4), 3);
	CHECK_INT(pt_link_unlink(db, 6, "tester", NULL, &count), PT_EINVAL);
	CHECK_INT(decide(db, 6, 99, PT_LINK_SAME), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no record 99");
	CHECK_INT(decide(db, 6, 6, PT_LINK_SAME), PT_EINVAL);
	/* the log keeps every decision; superseded ones stay */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE made_by = 'tester'"), 8);
	pt_db_free(db);
}

static void test_run_changes_nothing_twice(void)
{
	pt_db *db = NULL;
	pt_link_summary s;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 6);
	CHECK(s.run_id > 0);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 0);
	CHECK_INT(s.run_id, 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_run"), 1);
	{
		pt_link_options o;
		memset(&o, 0, sizeof o);
		o.auto_threshold = 0.5;
		o.review_threshold = 0.6;
		CHECK_INT(pt_link_run(db, &o, &s), PT_EINVAL);
		CHECK_STR(pt_db_errmsg(db), "the review threshold (0.6) is above the auto threshold (0.5)");
	}
	pt_db_free(db);
}

/* A run after a new register compares the new records with their
 * candidates only: the pairs among the records linked before are not made
 * again, whatever their number. */
static void test_run_compares_only_new_records(void)
{
	static const char one_more[] =
		"{\"sources\": [{\"key\": \"reg-b\", \"kind\": \"register\"}],\n"
		" \"persons\": [\n"
		" {\"record_id\": \"7\", \"source\": \"reg-b\", \"surname\": \"Walker\", "
		"\"given_names\": \"Harold\"}]}\n";
	pt_db *db = NULL;
	pt_link_summary s;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 6);
	CHECK_INT(s.candidate_pairs, 3);          /* Kelly, Walker and Smith: a pair each */
	CHECK_INT(pt_test_import_text(db, "one.json", one_more), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 1);
	CHECK_INT(s.records, 7);
	/* the new Walker against the two Walkers, and nothing else */
	CHECK_INT(s.candidate_pairs, 2);
	CHECK_INT(pt_test_count(db, "SELECT candidate_pairs FROM link_run WHERE id = 2"), 2);
	/* it made a link or queued a pair, each naming the new record */
	CHECK(pt_test_count(db, "SELECT (SELECT count(*) FROM link_decision WHERE run_id = 2) + "
			    "(SELECT count(*) FROM link_review WHERE run_id = 2)") > 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE run_id = 2 AND "
				"(SELECT id FROM person WHERE record_source = 'reg-b') NOT IN (a, b)"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_review WHERE run_id = 2 AND "
				"(SELECT id FROM person WHERE record_source = 'reg-b') NOT IN (a, b)"), 0);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 0);
	CHECK_INT(s.candidate_pairs, 0);
	pt_db_free(db);
}

/* ---- the stored blocking keys (schema/0070_link_keys.sql) ---- */

static const char walker_more[] =
	"{\"sources\": [{\"key\": \"reg-b\", \"kind\": \"register\"}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"7\", \"source\": \"reg-b\", \"surname\": \"Walker\", "
	"\"given_names\": \"Harold\"}]}\n";

static const char kelly_more[] =
	"{\"sources\": [{\"key\": \"reg-c\", \"kind\": \"register\"}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"8\", \"source\": \"reg-c\", \"surname\": \"Kelly\", "
	"\"given_names\": \"Frank\"}]}\n";

/* Which records are one man, as text ("reg-a/1=reg-a/2,..."). */
static char *same_men(pt_db *db)
{
	return pt_test_text(db, "SELECT coalesce(group_concat(x, ','), '') FROM (SELECT "
			    "a.record_source || '/' || a.record_id || '=' || b.record_source || '/' || "
			    "b.record_id AS x FROM person a JOIN person b JOIN person_individual ia "
			    "ON ia.person_id = a.id JOIN person_individual ib ON ib.person_id = b.id "
			    "WHERE ia.individual_id = ib.individual_id AND a.id < b.id ORDER BY x)");
}

/* The bytes of every stored blocking key. */
static int64_t key_bytes(pt_db *db)
{
	return pt_test_count(db, "SELECT coalesce(sum(length(data)), 0) FROM (SELECT data FROM "
			     "link_key UNION ALL SELECT data FROM link_key_added)");
}

/* link_key's rows are cut by their bytes so that they pack SQLite's pages:
 * at most 4,000 bytes (within a 4 KiB page's local payload), each but the
 * last nearly full, a key's entries never split. */
static void test_keys_rows_fill_pages(void)
{
	pt_db *db = NULL;
	pt_link_summary s;
	size_t cap = 64 * 1024, len = 0;
	char *json = malloc(cap);

	CHECK(json != NULL);
	if (!json)
		return;
	len += (size_t)snprintf(json + len, cap - len, "{\"sources\": [{\"key\": \"reg-r\", "
				"\"kind\": \"register\"}],\n \"persons\": [\n");
	for (int i = 0; i < 300; i++)
		len += (size_t)snprintf(json + len, cap - len, "%s {\"record_id\": \"%d\", \"source\": "
					"\"reg-r\", \"surname\": \"Surname%c%c%c\", \"given_names\": "
					"\"Given%c%c\", \"birth_date\": \"19%02d\"}\n", i ? "," : "", i,
					'a' + i % 26, 'a' + i / 26 % 26, 'a' + i % 7, 'a' + i % 11,
					'a' + i % 13, 10 + i % 15);
	snprintf(json + len, cap - len, "]}\n");
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "rows.json", json), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK(pt_test_count(db, "SELECT count(*) FROM link_key") >= 2);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key "
				"WHERE length(data) > 4000 AND first_key <> last_key"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key WHERE length(data) < 3900 "
				"AND first_key <> (SELECT max(first_key) FROM link_key)"), 0);
	/* rows follow one another: no key in two rows */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key a JOIN link_key b "
				"ON b.first_key > a.first_key AND b.first_key <= a.last_key"), 0);
	pt_db_free(db);
	free(json);
}

/* Linking a register later gives what linking it with the others at once
 * gives; the later run reads the keys the first one stored. */
static void test_keys_two_steps_as_one(void)
{
	pt_db *once = NULL, *twice = NULL;
	pt_link_summary s;
	int64_t bytes;
	char *a, *b;

	CHECK_INT(pt_db_open(&once, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(once, "six.json", six_records), PT_OK);
	CHECK_INT(pt_test_import_text(once, "seven.json", walker_more), PT_OK);
	CHECK_INT(pt_link_run(once, NULL, &s), PT_OK);
	CHECK_INT(pt_db_open(&twice, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(twice, "six.json", six_records), PT_OK);
	CHECK_INT(pt_link_run(twice, NULL, &s), PT_OK);
	CHECK(pt_test_count(twice, "SELECT count(*) FROM link_key") > 0);
	CHECK_INT(pt_test_count(twice, "SELECT count(*) FROM link_key_added"), 0);
	CHECK_INT(pt_test_count(twice, "SELECT count(*) FROM link_pending"), 0);
	bytes = key_bytes(twice);
	CHECK_INT(pt_test_import_text(twice, "seven.json", walker_more), PT_OK);
	CHECK_INT(pt_test_count(twice, "SELECT count(*) FROM link_pending"), 1);
	CHECK_INT(pt_link_run(twice, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 1);
	CHECK_INT(s.candidate_pairs, 2);
	CHECK_INT(pt_test_count(twice, "SELECT count(*) FROM link_pending"), 0);
	/* the new record's keys were stored (a batch this small moves into
	 * link_key at once: it is more than an eighth of it) */
	CHECK(key_bytes(twice) > bytes);
	a = same_men(once);
	b = same_men(twice);
	CHECK(a && b && strstr(a, "reg-a/3=reg-b/7"));
	CHECK_STR(b, a);
	free(a);
	free(b);
	pt_db_free(once);
	pt_db_free(twice);
}

/* Records taken back take their keys with them: a record imported later
 * under the same id meets only its own candidates. */
static void test_keys_follow_unimport(void)
{
	pt_db *db = NULL;
	pt_link_summary s;
	pt_unimport_summary un;
	int64_t bytes;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	bytes = key_bytes(db);
	CHECK_INT(pt_test_import_text(db, "seven.json", walker_more), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK(key_bytes(db) > bytes);
	CHECK_INT(pt_batch_unimport(db, 2, &un), PT_OK);
	CHECK_INT(un.persons, 1);
	/* one pass took them out: the keys are those of the six again */
	CHECK_INT(key_bytes(db), bytes);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key_added"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key_gone"), 0);
	/* a Kelly takes id 7: he meets the two Kellys, not the Walkers */
	CHECK_INT(pt_test_import_text(db, "eight.json", kelly_more), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT id FROM person WHERE record_source = 'reg-c'"), 7);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 1);
	CHECK_INT(s.candidate_pairs, 2);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE superseded_at IS NULL "
				"AND 7 IN (a, b) AND (3 IN (a, b) OR 4 IN (a, b))"), 0);
	pt_db_free(db);
}

/* A record a re-import changed is keyed again: its old keys no longer
 * bring it candidates. */
static void test_keys_of_changed_record(void)
{
	static const char six_changed[] =
		"{\"sources\": [{\"key\": \"reg-a\", \"kind\": \"register\"}],\n"
		" \"persons\": [\n"
		" {\"record_id\": \"1\", \"source\": \"reg-a\", \"surname\": \"Kelly\", \"given_names\": \"Frank\"},\n"
		" {\"record_id\": \"2\", \"source\": \"reg-a\", \"surname\": \"Kelly\", \"given_names\": \"F.\"},\n"
		" {\"record_id\": \"3\", \"source\": \"reg-a\", \"surname\": \"Walker\", \"given_names\": \"Harold\"},\n"
		" {\"record_id\": \"4\", \"source\": \"reg-a\", \"surname\": \"Walker\", \"given_names\": \"H.\"},\n"
		" {\"record_id\": \"5\", \"source\": \"reg-a\", \"surname\": \"Smith\", \"given_names\": \"John\"},\n"
		" {\"record_id\": \"6\", \"source\": \"reg-a\", \"surname\": \"Baker\", \"given_names\": \"Tom\"}]}\n";
	static const char smith_more[] =
		"{\"sources\": [{\"key\": \"reg-c\", \"kind\": \"register\"}],\n"
		" \"persons\": [\n"
		" {\"record_id\": \"9\", \"source\": \"reg-c\", \"surname\": \"Smith\", "
		"\"given_names\": \"John\"}]}\n";
	pt_db *db = NULL;
	pt_link_summary s;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(pt_test_import_text(db, "six.json", six_changed), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_pending"), 1);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 1);
	CHECK_INT(s.candidate_pairs, 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key_gone"), 0);
	/* the new Smith meets Smith 5 only: 6 is Baker now */
	CHECK_INT(pt_test_import_text(db, "nine.json", smith_more), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.candidate_pairs, 1);
	pt_db_free(db);
}

/* A database linked before 0070 has no keys stored: its next run reads
 * every record and stores them all, and the run after that reads only the
 * new records. */
static void test_keys_filled_lazily(void)
{
	pt_db *db = NULL;
	pt_link_summary s;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	/* as 0070 leaves a database linked before it */
	CHECK(pt_test_count(db, "DELETE FROM link_key RETURNING 0") == 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key"), 0);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key"), 0);     /* nothing new: nothing changes */
	CHECK_INT(pt_test_import_text(db, "seven.json", walker_more), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 1);
	CHECK_INT(s.candidate_pairs, 2);
	CHECK(pt_test_count(db, "SELECT count(*) FROM link_key") > 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key_added"), 0);
	CHECK_INT(pt_test_import_text(db, "eight.json", kelly_more), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.candidate_pairs, 2);
	CHECK_INT(individual(db, 8), individual(db, 1));
	pt_db_free(db);
}

/* 0070 on a database of 0050: the records not compared yet are pending. */
static void test_keys_migration_pending(void)
{
	const char *path = "/tmp/powtrace-test-0070.db";
	pt_db *db = NULL;

	remove(path);
	CHECK_INT(pt_test_db_at_version(path, 50,
		"INSERT INTO person(id, record_source, record_id, content_hash) VALUES "
		"(1, 'a', '1', 'x'), (2, 'a', '2', 'y'), (3, 'a', '3', 'z');"
		"INSERT INTO link_compared(person_id, content_hash) VALUES (1, 'x'), (2, 'old');"), 0);
	CHECK_INT(pt_db_open(&db, path, 0), PT_OK);
	{
		char *t = pt_test_text(db, "SELECT group_concat(person_id) FROM "
				       "(SELECT person_id FROM link_pending ORDER BY 1)");
		CHECK_STR(t, "2,3");
		free(t);
	}
	pt_db_free(db);
	remove(path);
}


/* 0091 on a database of 0070: link_key_recent's entries become the first
 * batch of link_key_added, and 0092 drops the table. */
static void test_keys_recent_become_a_batch(void)
{
	const char *path = "/tmp/powtrace-test-0091.db";
	pt_db *db = NULL;

	remove(path);
	CHECK_INT(pt_test_db_at_version(path, 70,
		"INSERT INTO link_key_recent(key, person_id, info) VALUES "
		"(5, 1, 1), (7, 2, 1), (5, 3, 1);"), 0);
	CHECK_INT(pt_db_open(&db, path, 0), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM sqlite_schema "
				"WHERE name = 'link_key_recent'"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key_added WHERE batch = 1"), 1);
	/* three entries, keys 5 and 7 (the top bit flipped) */
	CHECK_INT(pt_test_count(db, "SELECT first_key = (5 | -9223372036854775808) AND "
				"last_key = (7 | -9223372036854775808) FROM link_key_added"), 1);
	CHECK_INT(pt_test_count(db, "SELECT length(data) FROM link_key_added"), 9);
	pt_db_free(db);
	remove(path);
}

/* Many records linked, then one at a time: each run's keys are a batch of
 * link_key_added, and a key is looked up in link_key and in every batch;
 * more than eight batches are written again as one. */
static void test_keys_batches(void)
{
	pt_db *db = NULL;
	pt_link_summary s;
	static char json[65536];
	char name[8];
	size_t n = 0;

	n += (size_t)snprintf(json + n, sizeof json - n, "{\"sources\": [{\"key\": \"reg-a\", "
			      "\"kind\": \"register\"}], \"persons\": [");
	/* 400 men of different names, and a Walker */
	for (int i = 0; i < 400; i++) {
		snprintf(name, sizeof name, "B%c%c%c", 'a' + i / 26 % 26, 'o' + i % 3, 'a' + i % 26);
		n += (size_t)snprintf(json + n, sizeof json - n, "{\"record_id\": \"%d\", \"source\": "
				      "\"reg-a\", \"surname\": \"%s\", \"given_names\": \"Tom\"}, ",
				      i + 1, name);
	}
	n += (size_t)snprintf(json + n, sizeof json - n, "{\"record_id\": \"w\", \"source\": "
			      "\"reg-a\", \"surname\": \"Walker\", \"given_names\": \"Harold\"}]}");
	CHECK(n < sizeof json);
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "many.json", json), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key_added"), 0);
	/* a Walker: a batch of his own */
	CHECK_INT(pt_test_import_text(db, "seven.json", walker_more), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.candidate_pairs, 1);
	CHECK_INT(pt_test_count(db, "SELECT count(DISTINCT batch) FROM link_key_added"), 1);
	/* eight more Walkers, one a run, each a batch: each meets every Walker
	 * before him, in link_key and in each batch; the ninth batch makes
	 * them one */
	for (int i = 0; i < 8; i++) {
		snprintf(json, sizeof json, "{\"sources\": [{\"key\": \"reg-%c\", \"kind\": "
			 "\"register\"}], \"persons\": [{\"record_id\": \"1\", \"source\": "
			 "\"reg-%c\", \"surname\": \"Walker\", \"given_names\": \"Harold\"}]}",
			 'c' + i, 'c' + i);
		CHECK_INT(pt_test_import_text(db, "more.json", json), PT_OK);
		CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
		CHECK_INT(s.candidate_pairs, i + 2);
		CHECK_INT(pt_test_count(db, "SELECT count(DISTINCT batch) FROM link_key_added"),
			  i + 2 <= 8 ? i + 2 : 1);
	}
	pt_db_free(db);
}

/* The surname counts of the pairs of a run over a new register (counted in
 * the pass over the stored keys that finds the candidates) are those of a
 * run over every record at once: the Walkers of three registers, linked in
 * three runs or in one, give the third one's pairs the same counts. */
static char *walker_counts(pt_db *db)
{
	return pt_test_text(db, "SELECT coalesce(group_concat(x, ','), '') FROM (SELECT "
			    "pa.record_source || '/' || pb.record_source || ':' || "
			    "coalesce(d.surname_count, 0) AS x FROM (SELECT a, b, surname_count "
			    "FROM link_decision UNION ALL SELECT a, b, surname_count FROM link_review) d "
			    "JOIN person pa ON pa.id = d.a JOIN person pb ON pb.id = d.b "
			    "WHERE pa.record_source = 'reg-w3' OR pb.record_source = 'reg-w3' ORDER BY x)");
}

static void test_keys_term_counts_as_full_run(void)
{
	pt_db *once = NULL, *steps = NULL;
	pt_link_summary s;
	char walker[3][256], *a, *b;

	for (int i = 0; i < 3; i++)
		snprintf(walker[i], sizeof walker[i], "{\"sources\": [{\"key\": \"reg-w%d\", "
			 "\"kind\": \"register\"}], \"persons\": [{\"record_id\": \"1\", "
			 "\"source\": \"reg-w%d\", \"surname\": \"Walker\", \"given_names\": "
			 "\"Harold\"}]}", i + 1, i + 1);
	CHECK_INT(pt_db_open(&once, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_db_open(&steps, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(once, "six.json", six_records), PT_OK);
	CHECK_INT(pt_test_import_text(steps, "six.json", six_records), PT_OK);
	for (int i = 0; i < 3; i++)
		CHECK_INT(pt_test_import_text(once, "walker.json", walker[i]), PT_OK);
	CHECK_INT(pt_link_run(once, NULL, &s), PT_OK);
	CHECK_INT(pt_test_import_text(steps, "walker.json", walker[0]), PT_OK);
	CHECK_INT(pt_link_run(steps, NULL, &s), PT_OK);
	for (int i = 1; i < 3; i++) {
		CHECK_INT(pt_test_import_text(steps, "walker.json", walker[i]), PT_OK);
		CHECK_INT(pt_link_run(steps, NULL, &s), PT_OK);
		CHECK_INT(s.records_compared, 1);       /* a run over the new record only */
	}
	a = walker_counts(once);
	b = walker_counts(steps);
	/* two Walkers of reg-a and three of their own registers */
	CHECK_STR(a, "reg-a/reg-w3:5,reg-a/reg-w3:5,reg-w1/reg-w3:5,reg-w2/reg-w3:5");
	CHECK_STR(b, a);
	free(a);
	free(b);
	pt_db_free(once);
	pt_db_free(steps);
}

/* ---- the records' comparison data, stored (schema/0090_link_records.sql) ---- */

/* A later run reads the candidates from link_record; without the rows (a
 * database linked before 0090) it reads them from person and stores them,
 * and links the same men either way. */
static void test_records_stored(void)
{
	pt_db *stored = NULL, *bare = NULL;
	pt_link_summary s;
	char *a, *b;

	CHECK_INT(pt_db_open(&stored, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(stored, "six.json", six_records), PT_OK);
	CHECK_INT(pt_link_run(stored, NULL, &s), PT_OK);
	CHECK_INT(pt_test_count(stored, "SELECT count(*) FROM link_record"), 6);
	/* Kelly, Frank, F., Walker, Harold, H., Smith, John, J. */
	CHECK_INT(pt_test_count(stored, "SELECT count(*) FROM link_word"), 9);
	CHECK_INT(pt_db_open(&bare, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(bare, "six.json", six_records), PT_OK);
	CHECK_INT(pt_link_run(bare, NULL, &s), PT_OK);
	CHECK(pt_test_count(bare, "DELETE FROM link_record RETURNING 0") == 0);
	CHECK(pt_test_count(bare, "DELETE FROM link_word RETURNING 0") == 0);
	CHECK_INT(pt_test_import_text(stored, "seven.json", walker_more), PT_OK);
	CHECK_INT(pt_test_import_text(bare, "seven.json", walker_more), PT_OK);
	CHECK_INT(pt_link_run(stored, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 1);
	CHECK_INT(s.candidate_pairs, 2);
	CHECK_INT(pt_link_run(bare, NULL, &s), PT_OK);
	CHECK_INT(s.candidate_pairs, 2);
	CHECK_INT(pt_test_count(stored, "SELECT count(*) FROM link_record"), 7);
	/* the new Walker and the two it met were read from person, and stored */
	CHECK_INT(pt_test_count(bare, "SELECT count(*) FROM link_record"), 3);
	a = same_men(stored);
	b = same_men(bare);
	CHECK(a && strstr(a, "reg-a/3=reg-b/7"));
	CHECK_STR(b, a);
	free(a);
	free(b);
	pt_db_free(stored);
	pt_db_free(bare);
}

/* A record changed by an import or taken back loses its row; the next run
 * stores the changed one again. Recomputed name keys take every row. */
static void test_records_stored_follow_imports(void)
{
	static const char six_changed[] =
		"{\"sources\": [{\"key\": \"reg-a\", \"kind\": \"register\"}],\n"
		" \"persons\": [\n"
		" {\"record_id\": \"1\", \"source\": \"reg-a\", \"surname\": \"Kelly\", \"given_names\": \"Frank\"},\n"
		" {\"record_id\": \"2\", \"source\": \"reg-a\", \"surname\": \"Kelly\", \"given_names\": \"F.\"},\n"
		" {\"record_id\": \"3\", \"source\": \"reg-a\", \"surname\": \"Walker\", \"given_names\": \"Harold\"},\n"
		" {\"record_id\": \"4\", \"source\": \"reg-a\", \"surname\": \"Walker\", \"given_names\": \"H.\"},\n"
		" {\"record_id\": \"5\", \"source\": \"reg-a\", \"surname\": \"Smith\", \"given_names\": \"John\"},\n"
		" {\"record_id\": \"6\", \"source\": \"reg-a\", \"surname\": \"Baker\", \"given_names\": \"Tom\"}]}\n";
	pt_db *db = NULL;
	pt_link_summary s;
	pt_unimport_summary un;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(pt_test_import_text(db, "six.json", six_changed), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record WHERE person_id = 6"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record"), 5);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record WHERE person_id = 6"), 1);
	CHECK_INT(pt_test_import_text(db, "seven.json", walker_more), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record WHERE person_id = 7"), 1);
	CHECK_INT(pt_batch_unimport(db, 3, &un), PT_OK);
	CHECK_INT(un.persons, 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record WHERE person_id = 7"), 0);
	/* new name keys: the stored words were made from the old ones */
	CHECK_INT(pt_db_reindex_names(db), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_word"), 0);
	pt_db_free(db);
}

/* A damaged row is an error that names the record, and the run changes
 * nothing. */
static void test_records_stored_damaged(void)
{
	pt_db *db = NULL;
	pt_link_summary s;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK(pt_test_count(db, "UPDATE link_record SET data = x'ff' WHERE person_id = 3 "
			    "RETURNING 0") == 0);
	CHECK_INT(pt_test_import_text(db, "seven.json", walker_more), PT_OK);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "link_record: the row of record 3 is damaged");
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_pending"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record"), 6);
	pt_db_free(db);
}

/* A damaged row of link_key (a varint that runs on past ten bytes: in a
 * long row, which the look-up reads without a bound check at each byte, and
 * in a short one, where it checks) is an error, and the run changes nothing. */
static void test_keys_damaged_row(void)
{
	static const char *const damage[] = {
		/* the first entry's key runs on (40 bytes of 0xff) */
		"UPDATE link_key SET data = x'ffffffffffffffffffffffffffffffffffffffff"
		"ffffffffffffffffffffffffffffffffffffffff' RETURNING 0",
		/* a short row (11 bytes) */
		"UPDATE link_key SET data = x'ffffffffffffffffffffff' RETURNING 0",
	};
	for (int i = 0; i < 2; i++) {
		pt_db *db = NULL;
		pt_link_summary s;
		int64_t bytes;
		CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
		CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
		CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_key"), 1);
		CHECK_INT(pt_test_count(db, damage[i]), 0);
		bytes = key_bytes(db);
		CHECK_INT(pt_test_import_text(db, "seven.json", walker_more), PT_OK);
		CHECK_INT(pt_link_run(db, NULL, &s), PT_EINVAL);
		CHECK_STR(pt_db_errmsg(db), "link_key: a damaged row");
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_pending"), 1);
		CHECK_INT(key_bytes(db), bytes);
		pt_db_free(db);
	}
}

/* A run that reads only the new records reads the other records of their
 * candidates' individuals too (from one pass over individual_member): a new
 * Walker that a person called different from Smith, whom a person joined to
 * Walker Harold, stays out of that individual, though Smith is no candidate
 * of his; without that decision he joins it. */
static void test_records_stored_guard_reads_individuals(void)
{
	for (int apart = 0; apart < 2; apart++) {
		pt_db *db = NULL;
		pt_link_summary s;

		CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
		CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
		CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
		CHECK_INT(decide(db, 3, 4, PT_LINK_SAME), PT_OK);
		CHECK_INT(decide(db, 3, 5, PT_LINK_SAME), PT_OK);
		CHECK_INT(individual(db, 5), 3);
		CHECK_INT(pt_test_import_text(db, "seven.json", walker_more), PT_OK);
		if (apart)
			CHECK_INT(decide(db, 7, 5, PT_LINK_DIFFERENT), PT_OK);
		CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
		CHECK_INT(s.records_compared, 1);
		CHECK_INT(s.candidate_pairs, 2);         /* the Walkers only: read from link_record */
		CHECK_INT(individual(db, 7), apart ? 7 : 3);
		CHECK_INT(individual(db, 5), 3);
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE made_by = 'auto' "
					"AND 7 IN (a, b) AND superseded_at IS NULL"), apart ? 0 : 1);
		pt_db_free(db);
	}
}

/* Few candidates spread over many records are looked up one by one, many
 * close together read in one pass over their rows: both ways read the same
 * records. Here 80 records lie between the Walkers, so that the new
 * Walker's three candidates are looked up. */
static void test_records_stored_far_apart(void)
{
	pt__buf json = PT__BUF_INIT;
	char *men[2] = { NULL, NULL }, *queued[2] = { NULL, NULL };
	static const char *const letters[] = { "Ab", "Ce", "Di", "Fo", "Gu", "Ha", "Jo", "Ku",
					       "Lu", "Mo" };

	pt__buf_puts(&json, "{\"sources\": [{\"key\": \"reg-f\", \"kind\": \"register\"}],\n"
		     " \"persons\": [\n");
	for (int i = 0; i < 80; i++)
		pt__buf_printf(&json, "%s{\"record_id\": \"f%d\", \"source\": \"reg-f\", "
			       "\"surname\": \"%s%sberg\", \"given_names\": \"Paul\"}\n",
			       i ? "," : "", i, letters[i % 10], letters[i / 10]);
	pt__buf_puts(&json, ",{\"record_id\": \"w\", \"source\": \"reg-f\", "
		     "\"surname\": \"Walker\", \"given_names\": \"H.\"}]}\n");
	CHECK(!json.failed);
	/* stored: the rows looked up; bare: the rows gone, read from person */
	for (int bare = 0; bare < 2; bare++) {
		pt_db *db = NULL;
		pt_link_summary s;
		CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
		CHECK_INT(pt_test_import_text(db, "six.json", six_records), PT_OK);
		CHECK_INT(pt_test_import_text(db, "many.json", pt__buf_str(&json)), PT_OK);
		CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record"), 87);
		if (bare)
			CHECK(pt_test_count(db, "DELETE FROM link_record RETURNING 0") == 0);
		CHECK_INT(pt_test_import_text(db, "seven.json", walker_more), PT_OK);
		CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
		CHECK_INT(s.records_compared, 1);
		/* the Walkers 3, 4 and 87 */
		CHECK_INT(s.candidate_pairs, 3);
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record"), bare ? 4 : 88);
		men[bare] = same_men(db);
		queued[bare] = pt_test_text(db, "SELECT coalesce(group_concat(a || '-' || b || ':' || "
					    "round(probability, 9), ','), '') FROM (SELECT * FROM "
					    "link_review ORDER BY a, b)");
		pt_db_free(db);
	}
	/* the far Walker, 87, was compared with the new one, 88 */
	CHECK(queued[0] && strstr(queued[0], "87-88:"));
	CHECK_STR(men[1], men[0]);
	CHECK_STR(queued[1], queued[0]);
	for (int i = 0; i < 2; i++) {
		free(men[i]);
		free(queued[i]);
	}
	pt__buf_release(&json);
}

/* A row holds its record's events as the vetoes take them (0105): a run
 * that reads the dead Kelly from his row vetoes the new Kelly captured after
 * his death, as a run that reads him from person does; a camp merge, which
 * moves events without changing their records, takes the rows of the
 * records whose events it moves. */
static const char camps_two[] =
	"{\"camps\": [{\"key\": \"stalag-a\", \"name\": \"Stalag A\", \"type\": \"stalag\"},\n"
	" {\"key\": \"stalag-b\", \"name\": \"Stalag B\", \"type\": \"stalag\"}]}\n";

static const char with_events[] =
	"{\"sources\": [{\"key\": \"reg-a\", \"kind\": \"register\"}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"1\", \"source\": \"reg-a\", \"surname\": \"Kelly\", \"given_names\": \"Frank\",\n"
	"  \"events\": [{\"type\": \"death\", \"date\": \"1940-05-20\"}]},\n"
	" {\"record_id\": \"2\", \"source\": \"reg-a\", \"surname\": \"Walker\", \"given_names\": \"Harold\",\n"
	"  \"events\": [{\"type\": \"liberation\", \"date\": \"1945-04-23\", \"camp\": \"stalag-a\"}]},\n"
	" {\"record_id\": \"3\", \"source\": \"reg-a\", \"surname\": \"Walker\", \"given_names\": \"H.\",\n"
	"  \"events\": [{\"type\": \"liberation\", \"date\": \"1945-04-23\", \"camp\": \"stalag-b\"}]},\n"
	" {\"record_id\": \"4\", \"source\": \"reg-a\", \"surname\": \"Smith\", \"given_names\": \"John\"},\n"
	" {\"record_id\": \"5\", \"source\": \"reg-a\", \"surname\": \"Smith\", \"given_names\": \"J.\"}]}\n";

static const char kelly_captured[] =
	"{\"sources\": [{\"key\": \"reg-b\", \"kind\": \"register\"}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"9\", \"source\": \"reg-b\", \"surname\": \"Kelly\", \"given_names\": \"Frank\",\n"
	"  \"events\": [{\"type\": \"capture\", \"date\": \"1943-02-01\"}]}]}\n";

static void test_records_stored_events(void)
{
	pt_camp_merge_info merged;

	for (int bare = 0; bare < 2; bare++) {
		pt_db *db = NULL;
		pt_link_summary s;
		CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
		CHECK_INT(pt_test_import_text(db, "camps.json", camps_two), PT_OK);
		CHECK_INT(pt_test_import_text(db, "events.json", with_events), PT_OK);
		CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record"), 5);
		if (bare)
			CHECK(pt_test_count(db, "DELETE FROM link_record RETURNING 0") == 0);
		else {
			/* the death known from the row alone (the trigger that
			 * would take the row dropped for the test) */
			CHECK_INT(pt_test_count(db, "DROP TRIGGER link_record_event_gone"), -1);
			CHECK(pt_test_count(db, "DELETE FROM event WHERE person_id = 1 RETURNING 0") == 0);
		}
		CHECK_INT(pt_test_import_text(db, "kelly.json", kelly_captured), PT_OK);
		CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
		CHECK_INT(s.records_compared, 1);
		CHECK_INT(s.candidate_pairs, 1);
		/* captured after his death: not the same man */
		CHECK_INT(s.vetoed, 1);
		CHECK_INT(individual(db, 6), 6);
		if (!bare) {
			CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event WHERE person_id = 1"), 0);
			/* the merge moves Walker H.'s liberation: his row goes, no other */
			memset(&merged, 0, sizeof merged);
			CHECK_INT(pt_camp_merge(db, "stalag-b", "stalag-a", &merged), PT_OK);
			pt_camp_merge_info_release(&merged);
			CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record"), 5);
			CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_record "
						"WHERE person_id = 3"), 0);
		}
		pt_db_free(db);
	}
}

void suite_link(void);
void suite_link(void)
{
	RUN(test_ids_stay);
	RUN(test_run_changes_nothing_twice);
	RUN(test_run_compares_only_new_records);
	RUN(test_keys_two_steps_as_one);
	RUN(test_keys_rows_fill_pages);
	RUN(test_keys_follow_unimport);
	RUN(test_keys_of_changed_record);
	RUN(test_keys_filled_lazily);
	RUN(test_keys_migration_pending);
	RUN(test_keys_batches);
	RUN(test_keys_recent_become_a_batch);
	RUN(test_keys_term_counts_as_full_run);
	RUN(test_keys_damaged_row);
	RUN(test_records_stored);
	RUN(test_records_stored_follow_imports);
	RUN(test_records_stored_damaged);
	RUN(test_records_stored_guard_reads_individuals);
	RUN(test_records_stored_far_apart);
	RUN(test_records_stored_events);
	RUN(test_similarity_measure);
	RUN(test_old_database_gets_similar_keys);
	RUN(test_records_are_individuals_after_import);
	RUN(test_member_rows_make_an_individual);
	RUN(test_log_outlives_its_records);
}

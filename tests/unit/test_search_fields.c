/*
 * test_search_fields.c - find beyond names (search_fields.c, schema/0050):
 * service numbers exact and one digit off, units, words of the notes, kept
 * columns and event notes; the index kept true by import, re-import and
 * unimport; user words that look like FTS5 syntax; the migration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"

static const char REGISTER[] =
	"{\"persons\": [\n"
	"{\"record_id\": \"a\", \"surname\": \"Walker\", \"given_names\": \"Harold\", "
	"\"nationality\": \"GB\", \"service_number\": \"14412345\", "
	"\"unit\": \"2nd Bn, Royal Warwickshire Regiment\", "
	"\"notes\": \"Died of typhus in the camp hospital\"},\n"
	"{\"record_id\": \"b\", \"surname\": \"Walker\", \"given_names\": \"Henry\", "
	"\"nationality\": \"GB\", \"service_number\": \"14412354\", "
	"\"unit\": \"1st Airborne Division\", \"notes\": \"Escaped twice; recaptured near Dresden\"},\n"
	"{\"record_id\": \"c\", \"surname\": \"Kelly\", \"given_names\": \"Frank\", "
	"\"nationality\": \"US\", \"service_number\": \"14412346\", "
	"\"unit\": \"Royal Army Service Corps\", \"notes\": \"Sent to the \\\"Sonderlager\\\" (NEAR the river)\","
	" \"events\": [{\"type\": \"capture\", \"date\": \"1944-09\", "
	"\"notes\": \"Taken at Arnhem bridge\"}]},\n"
	"{\"record_id\": \"d\", \"surname\": \"Dubois\", \"given_names\": \"Étienne\", "
	"\"nationality\": \"FR\", \"service_number\": \"14421345\", "
	"\"unit\": \"Régiment d'Infanterie Coloniale\", \"notes\": \"Repatriated via Odessa\"},\n"
	"{\"record_id\": \"e\", \"surname\": \"Smith\", \"given_names\": \"John\", "
	"\"nationality\": \"AU\", \"service_number\": \"NX 12-345\"}\n"
	"]}\n";

static pt_db *register_db(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	if (db)
		CHECK_INT(pt_test_import_text(db, "register.json", REGISTER), PT_OK);
	return db;
}

static pt_find_result *find(pt_db *db, const char *name, const pt_find_options *o)
{
	pt_find_result *r = NULL;
	CHECK_INT(pt_person_find(db, name, o, &r), PT_OK);
	return r;
}

/* The id of the person whose record_id is `rid`. */
static int64_t id_of(pt_db *db, const char *rid)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id FROM person WHERE record_id = '%s'", rid);
	return pt_test_count(db, sql);
}

static void test_number_exact_ranks_above_near(void)
{
	pt_db *db = register_db();
	pt_find_options o = { 0 };
	pt_find_result *r;

	if (!db)
		return;
	o.number = "14412345";
	r = find(db, NULL, &o);
	/* a: exact; b: 7th and 8th swapped; c: 8th wrong; d: 4th and 5th swapped */
	CHECK(r && r->count == 4);
	if (r && r->count == 4) {
		CHECK_INT(r->hits[0].person_id, id_of(db, "a"));
		CHECK_INT(r->hits[0].score, 100);
		CHECK_INT(r->hits[0].match, PT_MATCH_EXACT);
		CHECK_STR(r->hits[0].why, "service number: exact: 14412345");
		CHECK_STR(r->hits[0].service_number, "14412345");
		CHECK_INT(r->hits[1].score, 90);
		CHECK_INT(r->hits[2].score, 90);
		CHECK_INT(r->hits[1].person_id, id_of(db, "b"));
		CHECK_STR(r->hits[1].why, "service number: two digits swapped: 14412345 ~ 14412354 "
			  "(the 7th and 8th)");
		CHECK_INT(r->hits[3].person_id, id_of(db, "c"));
		CHECK_INT(r->hits[3].score, 80);
		CHECK_INT(r->hits[3].match, PT_MATCH_SIMILAR);
		CHECK_STR(r->hits[3].why, "service number: one digit wrong: 14412345 ~ 14412346 "
			  "(the 8th)");
		CHECK_STR(r->read_as, "service number 14412345");
	}
	pt_find_result_free(r);
	/* two digits wrong is no match; separators and case are folded */
	o.number = "14400045";
	r = find(db, NULL, &o);
	CHECK(r && r->count == 0);
	pt_find_result_free(r);
	o.number = "nx/12345";
	r = find(db, NULL, &o);
	CHECK(r && r->count == 1 && r->hits[0].person_id == id_of(db, "e"));
	if (r && r->count == 1)
		CHECK_STR(r->hits[0].why, "service number: exact after folding: nx/12345 = NX 12-345 "
			  "(NX12345)");
	pt_find_result_free(r);
	/* the filters of the name search apply */
	o.number = "14412345";
	o.nationality = "FR";
	r = find(db, NULL, &o);
	CHECK(r && r->count == 1 && r->hits[0].person_id == id_of(db, "d"));
	pt_find_result_free(r);
	/* with a name: only the men the name finds, the near number costing points */
	o.nationality = NULL;
	r = find(db, "Walker", &o);
	CHECK(r && r->count == 2);
	if (r && r->count == 2) {
		CHECK_INT(r->hits[0].score, 100);
		CHECK_INT(r->hits[1].score, 90);
		CHECK(strstr(r->hits[1].why, "surname: exact: Walker; given names") == NULL);
		CHECK(strstr(r->hits[1].why, "; service number: two digits swapped") != NULL);
	}
	pt_find_result_free(r);
	o.limit = 1;
	r = find(db, "Walker", &o);
	CHECK(r && r->count == 1 && r->total == 2);
	pt_find_result_free(r);
	pt_db_free(db);
}

static void test_number_uses_the_index(void)
{
	pt_db *db = register_db();
	sqlite3_stmt *s = NULL;
	int used = 0;
	if (!db)
		return;
	/* the look-up of search_fields.c, as it writes it */
	CHECK_INT(sqlite3_prepare_v2(db->sql, "EXPLAIN QUERY PLAN SELECT id FROM person WHERE "
				     "service_number IS NOT NULL AND upper(replace(replace(replace("
				     "replace(service_number, ' ', ''), '-', ''), '/', ''), '.', '')) "
				     "IN (?, ?, ?)", -1, &s, NULL), SQLITE_OK);
	while (s && sqlite3_step(s) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(s, 3);
		CHECK(strncmp(detail, "SCAN ", 5) != 0);
		used |= strstr(detail, "USING INDEX person_by_number") != NULL;
	}
	sqlite3_finalize(s);
	CHECK(used);
	pt_db_free(db);
}

static void test_unit_and_text(void)
{
	pt_db *db = register_db();
	pt_find_options o = { 0 };
	pt_find_result *r;

	if (!db)
		return;
	o.unit = "royal warw";
	r = find(db, NULL, &o);
	CHECK(r && r->count == 1 && r->hits[0].person_id == id_of(db, "a"));
	if (r && r->count == 1 && r->hits[0].text_count == 1) {
		CHECK_STR(r->hits[0].texts[0].field, "unit");
		CHECK_STR(r->hits[0].texts[0].snippet, "2nd Bn, [Royal] [Warwickshire] Regiment");
	}
	pt_find_result_free(r);
	o.unit = "REGIMENT infanterie";     /* case and accents folded, any order */
	r = find(db, NULL, &o);
	CHECK(r && r->count == 1 && r->hits[0].person_id == id_of(db, "d"));
	pt_find_result_free(r);
	o.unit = NULL;
	o.text = "typhus";
	r = find(db, NULL, &o);
	CHECK(r && r->count == 1 && r->hits[0].person_id == id_of(db, "a"));
	if (r && r->count == 1)
		CHECK_STR(r->hits[0].why, "notes: \"Died of [typhus] in the camp hospital\"");
	pt_find_result_free(r);
	o.text = "arnhem";                  /* an event's notes */
	r = find(db, NULL, &o);
	CHECK(r && r->count == 1 && r->hits[0].person_id == id_of(db, "c"));
	if (r && r->count == 1 && r->hits[0].text_count == 1)
		CHECK_STR(r->hits[0].texts[0].field, "event notes");
	pt_find_result_free(r);
	/* every word must be there */
	o.text = "typhus dresden";
	r = find(db, NULL, &o);
	CHECK(r && r->count == 0);
	pt_find_result_free(r);
	/* text with a name and a number */
	o.text = "typhus";
	o.number = "14412345";
	r = find(db, "Walker", &o);
	CHECK(r && r->count == 1 && r->hits[0].person_id == id_of(db, "a"));
	pt_find_result_free(r);
	pt_db_free(db);
}

/* A page of the hits (offset, limit) is that part of the whole list, with
 * or without a name; past the end, none; the total counts them all. */
static void test_offset_pages(void)
{
	pt_db *db = register_db();
	pt_find_options o = { 0 };
	const char *names[] = { NULL, "Walker" };
	pt_find_result *all, *r;

	if (!db)
		return;
	for (size_t k = 0; k < 2; k++) {
		memset(&o, 0, sizeof o);
		o.number = "14412345";      /* a exact; b, c, d near */
		all = find(db, names[k], &o);
		CHECK(all && all->count >= 2 && all->total == all->count);
		for (size_t off = 0; all && off <= all->count + 1; off++) {
			o.offset = off;
			o.limit = 1;
			r = find(db, names[k], &o);
			CHECK(r && r->total == all->total);
			CHECK(r && r->count == (off < all->count ? 1u : 0u));
			if (r && r->count == 1 && off < all->count) {
				CHECK_INT(r->hits[0].person_id, all->hits[off].person_id);
				CHECK_STR(r->hits[0].why, all->hits[off].why);
			}
			pt_find_result_free(r);
		}
		o.offset = 1;
		o.limit = 0;                /* the rest */
		r = find(db, names[k], &o);
		CHECK(r && all && r->count == all->count - 1);
		for (size_t i = 0; r && all && i < r->count; i++)
			CHECK_INT(r->hits[i].person_id, all->hits[i + 1].person_id);
		pt_find_result_free(r);
		pt_find_result_free(all);
	}
	pt_db_free(db);
}

/* Words the user types are plain words, never FTS5 syntax; a number or text
 * with nothing to search for is a usage error, never an SQL error. */
static void test_hostile_input(void)
{
	pt_db *db = register_db();
	static const char *const texts[] = {
		"\"", "*", "NEAR(", "NEAR(typhus dresden)", "typhus\" OR \"dresden", "-typhus",
		"notes: typhus", "{unit}: royal", "typhus*", "^died", "'; DROP TABLE person; --",
		"AND", "OR NOT", "—", "typhus AND",
	};
	pt_find_options o = { 0 };
	pt_find_result *r = NULL;
	long long persons;

	if (!db)
		return;
	persons = pt_test_count(db, "SELECT count(*) FROM person");
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		int rc;
		o.text = texts[i];
		rc = pt_person_find(db, NULL, &o, &r);
		if (rc != PT_OK && rc != PT_EINVAL)
			pt_test_note("text '%s': %d %s", texts[i], rc, pt_db_errmsg(db));
		CHECK(rc == PT_OK || rc == PT_EINVAL);
		CHECK(rc == PT_EINVAL || strstr(pt_db_errmsg(db), "fts5") == NULL);
		pt_find_result_free(r);
		r = NULL;
	}
	/* "NEAR" is a word like any other: it is in c's notes */
	o.text = "NEAR(";
	r = find(db, NULL, &o);
	CHECK(r && r->count == 2);       /* b: "near Dresden", c: "(NEAR the river)" */
	pt_find_result_free(r);
	o.text = "\"";
	CHECK_INT(pt_person_find(db, NULL, &o, &r), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "text: '\"' has no word to search for");
	o.text = NULL;
	o.number = "";
	CHECK_INT(pt_person_find(db, NULL, &o, &r), PT_EINVAL);
	CHECK(strstr(pt_db_errmsg(db), "number: '' is not a service number") != NULL);
	o.number = "12(3)";
	CHECK_INT(pt_person_find(db, NULL, &o, &r), PT_EINVAL);
	o.number = "123456789012345678901234567890123";
	CHECK_INT(pt_person_find(db, NULL, &o, &r), PT_EINVAL);
	CHECK(strstr(pt_db_errmsg(db), "too long") != NULL);
	o.number = NULL;
	o.unit = " - ";
	CHECK_INT(pt_person_find(db, "", &o, &r), PT_EINVAL);
	CHECK(r == NULL);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), persons);
	pt_db_free(db);
}

static size_t count_text(pt_db *db, const char *text)
{
	pt_find_options o = { 0 };
	pt_find_result *r;
	size_t n = 0;
	o.text = text;
	r = find(db, NULL, &o);
	if (r)
		n = r->count;
	pt_find_result_free(r);
	return n;
}

/* The index follows re-import of a changed record and unimport. */
static void test_index_kept_true(void)
{
	pt_db *db = register_db();
	pt_unimport_summary sum;
	long long batch;

	if (!db)
		return;
	CHECK_INT(count_text(db, "typhus"), 1);
	CHECK_INT(pt_test_import_text(db, "changed.json",
		"{\"persons\": [{\"record_id\": \"a\", \"surname\": \"Walker\", "
		"\"given_names\": \"Harold\", \"nationality\": \"GB\", \"service_number\": \"14412345\", "
		"\"unit\": \"2nd Bn, Royal Warwickshire Regiment\", "
		"\"notes\": \"Died of dysentery at Lamsdorf\"}]}\n"), PT_OK);
	CHECK_INT(count_text(db, "typhus"), 0);
	CHECK_INT(count_text(db, "dysentery lamsdorf"), 1);
	/* the FTS table says what the records say, row for row */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person_text WHERE rowid > 0"),
		  pt_test_count(db, "SELECT count(*) FROM person WHERE coalesce(unit, notes, extra) "
				"IS NOT NULL"));
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person_text WHERE rowid < 0"),
		  pt_test_count(db, "SELECT count(*) FROM event WHERE notes IS NOT NULL"));
	/* a batch taken back takes its words with it */
	CHECK_INT(pt_test_import_text(db, "more.json",
		"{\"persons\": [{\"record_id\": \"f\", \"surname\": \"Bushell\", "
		"\"notes\": \"Stalag Luft III tunnel\", \"events\": [{\"type\": \"capture\", "
		"\"notes\": \"Shot down over Dunkirk\"}]}]}\n"), PT_OK);
	CHECK_INT(count_text(db, "tunnel"), 1);
	CHECK_INT(count_text(db, "dunkirk"), 1);
	batch = pt_test_count(db, "SELECT max(id) FROM import_batch");
	CHECK_INT(pt_batch_unimport(db, batch, &sum), PT_OK);
	CHECK_INT(count_text(db, "tunnel"), 0);
	CHECK_INT(count_text(db, "dunkirk"), 0);
	/* the first batch: every record but a, which a later batch changed */
	batch = pt_test_count(db, "SELECT min(id) FROM import_batch");
	CHECK_INT(pt_batch_unimport(db, batch, &sum), PT_OK);
	CHECK_INT(count_text(db, "arnhem"), 0);
	CHECK_INT(count_text(db, "dresden"), 0);
	CHECK_INT(count_text(db, "lamsdorf"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person_text"),
		  pt_test_count(db, "SELECT count(*) FROM person"));
	pt_db_free(db);
}

/* A database of schema 40 gets the index and the words of its records. */
static void test_migration_fills_the_index(void)
{
	char path[64];
	pt_db *db = NULL;
	pt_find_options o = { 0 };
	pt_find_result *r = NULL;

	snprintf(path, sizeof path, "/tmp/pt-test-%ld-v40.db", (long)getpid());
	CHECK_INT(pt_test_db_at_version(path, 40,
		"INSERT INTO person (id, record_id, content_hash, service_number, unit, notes, extra) "
		"VALUES (5, 'r5', 'h5', '3 245 678', 'Royal Navy', 'Lost at sea', "
		"'{\"Bemerkung\": \"Lazarett Zeithain\"}');"
		"INSERT INTO event (person_id, type, notes, seq) VALUES (5, 'capture', 'Off Crete', 1);"),
		0);
	CHECK_INT(pt_db_open(&db, path, 0), PT_OK);
	CHECK_INT(pt_db_schema_version(db), pt_schema_latest());
	o.number = "3245687";
	CHECK_INT(pt_person_find(db, NULL, &o, &r), PT_OK);
	CHECK(r && r->count == 1 && r->hits[0].person_id == 5 && r->hits[0].score == 90);
	pt_find_result_free(r);
	o.number = NULL;
	o.text = "zeithain";
	CHECK_INT(pt_person_find(db, NULL, &o, &r), PT_OK);
	CHECK(r && r->count == 1 && r->hits[0].text_count == 1);
	if (r && r->count == 1 && r->hits[0].text_count == 1) {
		CHECK_STR(r->hits[0].texts[0].field, "kept columns");
		CHECK_STR(r->hits[0].texts[0].snippet, "Bemerkung: Lazarett [Zeithain]");
	}
	pt_find_result_free(r);
	o.text = "crete";
	CHECK_INT(pt_person_find(db, NULL, &o, &r), PT_OK);
	CHECK(r && r->count == 1);
	pt_find_result_free(r);
	pt_db_free(db);
	unlink(path);
}

void suite_search_fields(void);
void suite_search_fields(void)
{
	RUN(test_number_exact_ranks_above_near);
	RUN(test_number_uses_the_index);
	RUN(test_unit_and_text);
	RUN(test_offset_pages);
	RUN(test_hostile_input);
	RUN(test_index_kept_true);
	RUN(test_migration_fills_the_index);
}

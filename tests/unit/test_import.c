/*
 * test_import.c - the JSON import: records of every kind, re-import,
 * updates, and bad input next to good (exact messages, nothing kept).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"

static const char SOURCES[] =
	"{\"sources\": [\n"
	"  {\"key\": \"cawthorne-iron-cage\", \"kind\": \"book\", \"title\": \"The Iron Cage\",\n"
	"   \"authors\": [\"Nigel Cawthorne\"], \"isbn\": \"9781857021011\"},\n"
	"  {\"key\": \"hollier-blog\", \"kind\": \"web\", \"cites\": [\"cawthorne-iron-cage\"]}\n"
	"]}\n";

static const char CAMPS[] =
	"{\"camps\": [\n"
	"  {\"key\": \"stalag-iv-b\", \"name\": \"Stalag IV-B\", \"type\": \"stalag\", \"operator\": \"DE\",\n"
	"   \"lat\": 51.446, \"lon\": 13.283, \"aliases\": [\"Stalag 4B\", \"Mühlberg\", \"Мюльберг\"]}\n"
	"]}\n";

static const char KELLY[] =
	"[\n"
	"  {\"record_id\": \"IVB-10432\", \"source\": \"hollier-blog\", \"surname\": \"Kelly\",\n"
	"   \"given_names\": \"Frank\", \"nationality\": \"gb\",\n"
	"   \"names\": [{\"surname\": \"Келли\", \"given_names\": \"Фрэнк\"}],\n"
	"   \"events\": [\n"
	"     {\"type\": \"capture\", \"date\": \"1944-09\", \"place\": \"Arnhem\"},\n"
	"     {\"type\": \"liberation\", \"date\": \"1945-04-23\", \"camp\": \"MUHLBERG\"}\n"
	"   ],\n"
	"   \"citations\": [{\"source\": \"hollier-blog\", \"locator\": \"para. 12\"}]}\n"
	"]\n";

static char path_buf[256];

static const char *write_file(const char *name, const char *text)
{
	FILE *f;
	snprintf(path_buf, sizeof path_buf, "/tmp/pt-import-%ld-%s", (long)getpid(), name);
	f = fopen(path_buf, "wb");
	fputs(text, f);
	fclose(f);
	return path_buf;
}

static int import_text(pt_db *db, const char *name, const char *text, pt_import_summary **sum)
{
	const char *path = write_file(name, text);
	pt_import_options opts = { .format = PT_FORMAT_AUTO, .display_name = name };
	int rc = pt_import_file(db, path, &opts, sum);
	unlink(path);
	return rc;
}

/* A database holding the sources and camps above. */
static pt_db *seeded(void)
{
	pt_db *db = NULL;
	pt_import_summary *sum = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(import_text(db, "sources.json", SOURCES, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(import_text(db, "camps.json", CAMPS, &sum), PT_OK);
	pt_import_summary_free(sum);
	return db;
}

static long long changes_fingerprint(pt_db *db)
{
	return pt_test_count(db, "SELECT (SELECT count(*) FROM person) * 1000000 + "
		     "(SELECT count(*) FROM event) * 10000 + (SELECT count(*) FROM citation) * 100 + "
		     "(SELECT count(*) FROM import_batch)");
}

static void test_import_person_with_names_events_citations(void)
{
	pt_db *db = seeded();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_text(db, "kelly.json", KELLY, &sum), PT_OK);
	CHECK_INT(sum->rows, 1);
	CHECK_INT(sum->inserted, 1);
	CHECK_INT(sum->error_count, 0);
	pt_import_summary_free(sum);

	pt_person *p = NULL;
	CHECK_INT(pt_person_get(db, 1, &p), PT_OK);
	if (p) {
		CHECK_STR(p->surname, "Kelly");
		CHECK_STR(p->nationality, "GB");      /* upper-cased */
		CHECK_STR(p->record_source, "hollier-blog");
		CHECK_INT(p->name_count, 2);
		CHECK_STR(p->names[1].script, "Cyrl");
		CHECK_INT(p->event_count, 2);
		CHECK_STR(p->events[1].camp, "Stalag IV-B"); /* "MUHLBERG" resolved by alias */
		CHECK_INT(p->status, PT_STATUS_UNACCOUNTED);
		CHECK_STR(p->status_reason, "last record: liberation at Stalag IV-B, 1945-04-23; "
			  "nothing later says the person came home or died");
		CHECK_INT(p->citation_count, 1);
		CHECK_STR(p->citations[0].locator, "para. 12");
		CHECK_STR(p->citations[0].target, "person");
	}
	pt_person_free(p);
	CHECK_INT(pt_test_count(db, "SELECT date_min * 100000000 + date_max FROM event WHERE type = 'capture'"),
		  1944090119440930LL);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source_link WHERE relation = 'cites'"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp_alias"), 4);
	CHECK_INT(pt_person_get(db, 2, &p), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no person with id 2");
	pt_db_free(db);
}

static void test_reimport_is_unchanged_and_edit_updates(void)
{
	pt_db *db = seeded();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_text(db, "kelly.json", KELLY, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(import_text(db, "kelly.json", KELLY, &sum), PT_OK);
	CHECK_INT(sum->inserted, 0);
	CHECK_INT(sum->unchanged, 1);
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event"), 2);

	/* the same record with a return: updated in place, status follows */
	char *edited = NULL;
	{
		pt__buf b = PT__BUF_INIT;
		const char *at = strstr(KELLY, "   ],");
		pt__buf_add(&b, KELLY, (size_t)(at - KELLY));
		pt__buf_puts(&b, "    ,{\"type\": \"return\", \"date\": \"1953\", \"place\": \"United Kingdom\"}\n");
		pt__buf_puts(&b, at);
		edited = pt__buf_detach(&b);
	}
	CHECK_INT(import_text(db, "kelly.json", edited, &sum), PT_OK);
	CHECK_INT(sum->updated, 1);
	pt_import_summary_free(sum);
	free(edited);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event"), 3);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person_name"), 2);
	CHECK_INT(pt_test_count(db, "SELECT status = 'returned' FROM person WHERE id = 1"), 1);
	/* sources re-imported: unchanged, links kept */
	CHECK_INT(import_text(db, "sources.json", SOURCES, &sum), PT_OK);
	CHECK_INT(sum->unchanged, 2);
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source_link"), 1);
	pt_db_free(db);
}

static void test_jsonl_and_records_without_id(void)
{
	pt_db *db = seeded();
	pt_import_summary *sum = NULL;
	const char *lines =
		"{\"surname\": \"Walker\", \"given_names\": \"Harold\"}\n"
		"\n"
		"{\"surname\": \"Уокер\", \"given_names\": \"Гарольд\"}\n";
	CHECK_INT(import_text(db, "walker.jsonl", lines, &sum), PT_OK);
	CHECK_INT(sum->rows, 2);
	CHECK_INT(sum->inserted, 2);
	pt_import_summary_free(sum);
	/* no record_id: identified by content, so a re-import adds nothing */
	CHECK_INT(import_text(db, "walker.txt", lines, &sum), PT_OK); /* detected from content */
	CHECK_INT(sum->unchanged, 2);
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person WHERE record_id LIKE 'sha256:%'"), 2);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person_name WHERE script = 'Cyrl'"), 1);
	pt_db_free(db);
}

/* Imports `text` (a bad record after a good one), expects `message` as the
 * first problem and no change at all. */
static void expect_refused(const char *text, const char *message)
{
	pt_db *db = seeded();
	pt_import_summary *sum = NULL;
	long long before = changes_fingerprint(db);
	CHECK_INT(import_text(db, "bad.json", text, &sum), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), message);
	CHECK(sum != NULL);
	if (sum) {
		CHECK(sum->error_count >= 1);
		CHECK_INT(sum->inserted, 0);
	}
	pt_import_summary_free(sum);
	CHECK_INT(changes_fingerprint(db), before);
	pt_db_free(db);
}

#define GOOD "{\"record_id\": \"ok-1\", \"surname\": \"Good\"},\n"

static void test_bad_records_are_refused_with_where_and_what(void)
{
	expect_refused("[\n" GOOD "{\"record_id\": \"x\", \"surname\": \"Kelly\", \"colour\": \"red\"}\n]",
		       "bad.json:3: colour: unknown field");
	expect_refused("[\n" GOOD "{\"surname\": 42}\n]",
		       "bad.json:3: surname: expected a string, got a number");
	expect_refused("[\n" GOOD "{\"surname\": \"K\", \"events\": \"capture\"}\n]",
		       "bad.json:3: events: expected an array, got a string");
	expect_refused("[\n" GOOD "{\"surname\": \"K\", \"birth_date\": \"1920-02-31\"}\n]",
		       "bad.json:3: birth_date: cannot read date '1920-02-31': day 31 out of range for 1920-02");
	expect_refused("[\n" GOOD "{\"surname\": \"K\", \"birth_date\": \"31.02.1920\"}\n]",
		       "bad.json:3: birth_date: cannot read date '31.02.1920': not an EDTF date");
	expect_refused("[\n" GOOD "{\"surname\": \"K\",\n \"events\": [{\"type\": \"escape\"}]}\n]",
		       "bad.json:3: events[1].type: unknown value 'escape' (expected one of birth, "
		       "capture, internment, transfer, liberation, handover, repatriation, release, "
		       "return, death, burial, sighting, last_seen)");
	expect_refused("[\n" GOOD "{\"surname\": \"K\", \"events\": [{\"type\": \"internment\", "
		       "\"camp\": \"--\"}]}\n]",
		       "bad.json:3: events[1].camp: camp '--' has no letters or digits");
	expect_refused("[\n" GOOD "{\"surname\": \"K\", \"citations\": [{\"source\": \"nowhere\"}]}\n]",
		       "bad.json:3: citations[1].source: unknown source 'nowhere' (import the source first)");
	expect_refused("[\n" GOOD "{\"record_id\": \"ok-1\", \"surname\": \"Again\"}\n]",
		       "bad.json:3: record_id: duplicate record_id 'ok-1' (first at line 2)");
	expect_refused("[\n" GOOD "{\"given_names\": null}\n]",
		       "bad.json:3: surname: a person needs a surname or given names");
	expect_refused("[\n" GOOD "{\"surname\": \"K\", \"nationality\": \"British\"}\n]",
		       "bad.json:3: nationality: 'British' is not an ISO 3166 alpha-2 code (such as GB, US, SU)");
	expect_refused("[\n" GOOD "7\n]", "bad.json:3: person 2: expected an object");
	expect_refused("{\"camps\": [{\"key\": \"k\", \"name\": \"N\", \"type\": \"stalag\", "
		       "\"lat\": 95, \"lon\": 13}]}", "bad.json:1: lat: latitude 95 out of range (-90 to 90)");
	expect_refused("{\"claims\": [{\"key\": \"c\", \"question\": \"q\"}]}",
		       "bad.json:1: value: a claim needs a value, a range or a value_text");
	expect_refused("{\"sources\": [{\"key\": \"s\", \"kind\": \"book\", \"cites\": [\"s\"]}]}",
		       "bad.json:1: cites: a source cannot link to itself");
	expect_refused("{\"persons\": [], \"people\": []}",
		       "bad.json:1: people: unknown collection (expected sources, camps, operations, "
		       "persons or claims)");
}

static void test_bad_files_are_refused(void)
{
	expect_refused("[\n" GOOD "{\"surname\": \"K\"\n", "bad.json:4: cannot read JSON: "
		       "'}' expected near end of file (column 0)");
	expect_refused("", "bad.json: the file is empty");
	expect_refused(" \n\n", "bad.json: the file is empty");
	expect_refused("\"just a string\"", "bad.json:1: expected an array of records or an object of collections");
	expect_refused("[\n" GOOD "{\"surname\": \"K\xff\"}\n]", "bad.json:3: invalid UTF-8: byte 0xff at column 15");
	expect_refused("[{\"surname\": \"a\", \"surname\": \"b\"}]",
		       "bad.json:1: cannot read JSON: duplicate object key near '\"surname\"' (column 27)");
}

/* A camp that matches nothing becomes a new camp flagged unverified (it used
 * to be refused as "unknown camp"); the summary names it, a second spelling
 * that folds the same finds it, and a rejected record takes its camp away. */
static void test_unknown_camp_becomes_unverified(void)
{
	pt_db *db = seeded();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_text(db, "new.json", "[\n"
			      "{\"surname\": \"A\", \"events\": [{\"type\": \"internment\", \"camp\": \"Stalag XX-Z\"}]},\n"
			      "{\"surname\": \"B\", \"events\": [{\"type\": \"internment\", \"camp\": \"STALAG 20 Z\"}]},\n"
			      "{\"surname\": \"C\", \"events\": [{\"type\": \"internment\", \"camp\": \"Stalag 4B\"}]}\n"
			      "]", &sum), PT_OK);
	CHECK(sum != NULL);
	if (sum) {
		CHECK_INT(sum->inserted, 3);
		CHECK_INT(sum->new_camp_count, 1);
		if (sum->new_camp_count == 1)
			CHECK_STR(sum->new_camps[0], "Stalag XX-Z");
	}
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp WHERE verified = 0 AND key = 'stalag-xx-z' "
			"AND type = 'other'"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(DISTINCT camp_id) FROM event WHERE camp_id = "
			"(SELECT id FROM camp WHERE key = 'stalag-xx-z')"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event WHERE camp_id = "
			"(SELECT id FROM camp WHERE key = 'stalag-xx-z')"), 2);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event e JOIN camp c ON c.id = e.camp_id "
			"WHERE c.key = 'stalag-iv-b'"), 1);

	/* a refused file leaves no new camp behind */
	CHECK_INT(import_text(db, "bad.json", "[\n{\"surname\": \"D\", \"events\": [{\"type\": "
			      "\"internment\", \"camp\": \"Oflag 99\"}], \"sex\": \"X\"}\n]", &sum),
		  PT_EINVAL);
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp WHERE name = 'Oflag 99'"), 0);
	pt_db_free(db);
}

/* A register that names more camps than the resolver keeps in memory (4,096
 * spellings) and more than the summary lists (1,000): the list stops at
 * 1,000 and the total counts every new camp; a spelling met again after the
 * resolver forgot it finds its camp in the database (no second camp); a
 * rejected record's camp, made after the cache was emptied, is taken back
 * and not found again. */
#define MANY_CAMPS 4500
static void test_many_new_camps_keep_the_summary_flat(void)
{
	pt_db *db = seeded();
	pt_import_summary *sum = NULL;
	pt_import_options opts = { .format = PT_FORMAT_AUTO, .display_name = "many.jsonl",
				   .skip_invalid = 1 };
	const char *path;
	char line[200];
	size_t cap = (size_t)MANY_CAMPS * 120 + 1000, len = 0;
	char *text = malloc(cap);
	int rc;

	CHECK(text != NULL);
	if (!text)
		return;
	for (int i = 0; i < MANY_CAMPS; i++) {
		snprintf(line, sizeof line, "{\"surname\": \"P%d\", \"events\": [{\"type\": "
			 "\"internment\", \"camp\": \"Lager Nummer %d\"}]}\n", i, i);
		memcpy(text + len, line, strlen(line));
		len += strlen(line);
	}
	/* rejected (bad sex) after its camp was made; then the first camp again */
	len += (size_t)snprintf(text + len, cap - len,
		"{\"surname\": \"X\", \"events\": [{\"type\": \"internment\", \"camp\": "
		"\"Oflag Verworfen\"}], \"sex\": \"X\"}\n"
		"{\"surname\": \"Y\", \"events\": [{\"type\": \"internment\", \"camp\": "
		"\"Lager Nummer 0\"}]}\n"
		"{\"surname\": \"Z\", \"events\": [{\"type\": \"internment\", \"camp\": "
		"\"Oflag Verworfen\"}], \"sex\": \"X\"}\n");
	path = write_file("many.jsonl", text);
	rc = pt_import_file(db, path, &opts, &sum);
	unlink(path);
	free(text);
	CHECK_INT(rc, PT_OK);
	CHECK(sum != NULL);
	if (sum) {
		CHECK_INT(sum->inserted, MANY_CAMPS + 1);
		CHECK_INT(sum->rejected, 2);
		CHECK_INT(sum->new_camp_count, 1000);
		CHECK_INT(sum->new_camp_total, MANY_CAMPS);
		if (sum->new_camp_count == 1000) {
			CHECK_STR(sum->new_camps[0], "Lager Nummer 0");
			CHECK_STR(sum->new_camps[999], "Lager Nummer 999");
		}
	}
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp WHERE name LIKE 'Lager Nummer %'"),
		  MANY_CAMPS);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp WHERE name = 'Oflag Verworfen'"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event e JOIN camp c ON c.id = e.camp_id "
				"WHERE c.name = 'Lager Nummer 0'"), 2);
	pt_db_free(db);
}

static void test_missing_file(void)
{
	pt_db *db = seeded();
	pt_import_summary *sum = NULL;
	CHECK_INT(pt_import_file(db, "/nonexistent/file.json", NULL, &sum), PT_ENOTFOUND);
	CHECK(sum == NULL);
	CHECK_STR(pt_db_errmsg(db), "/nonexistent/file.json: cannot open: No such file or directory");
	pt_db_free(db);
}

static void test_every_problem_is_listed(void)
{
	pt_db *db = seeded();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_text(db, "bad.json", "[\n{\"surname\": 1},\n" GOOD
			      "{\"surname\": \"K\", \"sex\": \"X\", \"birth_date\": \"1945-13\"}\n]", &sum),
		  PT_EINVAL);
	CHECK(sum != NULL);
	if (sum) {
		CHECK_INT(sum->rows, 3);
		CHECK_INT(sum->rejected, 2);
		CHECK_INT(sum->error_count, 3);
		if (sum->error_count == 3) {
			CHECK_INT(sum->errors[0].line, 2);
			CHECK_INT(sum->errors[2].line, 4);
			CHECK_STR(sum->errors[2].field, "birth_date");
			CHECK_STR(sum->errors[2].message, "cannot read date '1945-13': month 13 out of range");
		}
	}
	pt_import_summary_free(sum);
	pt_db_free(db);
}

/* pt_db_begin groups imports: each file still whole or nothing, all of them
 * kept only on commit, all taken back by a rollback. */
static void test_imports_grouped_in_one_transaction(void)
{
	pt_db *db = seeded();
	pt_import_summary *sum = NULL;
	long long before = changes_fingerprint(db);

	CHECK_INT(pt_db_begin(db), PT_OK);
	CHECK_INT(import_text(db, "kelly.json", KELLY, &sum), PT_OK);
	pt_import_summary_free(sum);
	/* a refused file inside the group takes back only itself... */
	CHECK_INT(import_text(db, "bad.json", "[\n{\"surname\": 1}\n]", &sum), PT_EINVAL);
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 1);
	/* ...and the caller decides for the group */
	pt_db_rollback(db);
	CHECK_INT(changes_fingerprint(db), before);

	CHECK_INT(pt_db_begin(db), PT_OK);
	CHECK_INT(import_text(db, "kelly.json", KELLY, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(pt_db_commit(db), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM import_batch"), 3);
	pt_db_free(db);
}

void suite_import(void);
void suite_import(void)
{
	RUN(test_import_person_with_names_events_citations);
	RUN(test_reimport_is_unchanged_and_edit_updates);
	RUN(test_jsonl_and_records_without_id);
	RUN(test_bad_records_are_refused_with_where_and_what);
	RUN(test_bad_files_are_refused);
	RUN(test_unknown_camp_becomes_unverified);
	RUN(test_many_new_camps_keep_the_summary_flat);
	RUN(test_missing_file);
	RUN(test_every_problem_is_listed);
	RUN(test_imports_grouped_in_one_transaction);
}

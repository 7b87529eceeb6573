/*
 * test_men.c - everything counts men: with records linked by hand
 * (individual_member rows, as the link engine writes them), a man counts
 * once, his status comes from all his records, his dossier shows them side
 * by side; with no links every count equals the count of records.
 *
 * tests/data/men/registers.json: 1 Kelly (captured) and 2 KELLY F.
 * (repatriated), same service number; 3 Walker (Latin) and 4 Уокер
 * (Cyrillic, last seen at Vorkuta, born a year apart); 5 and 6 John Smith,
 * namesakes kept apart by a `different` decision.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "testdb.h"

static pt_db *open_registers(int link)
{
	pt_db *db = NULL;
	pt_import_options opts = { 0 };
	pt_import_summary *sum = NULL;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_import_file(db, "tests/data/men/registers.json", &opts, &sum), PT_OK);
	pt_import_summary_free(sum);
	if (link) {
		CHECK_INT(pt_test_count(db, "INSERT INTO individual_member VALUES (1, 1), (2, 1), "
					"(3, 3), (4, 3) RETURNING 0"), 0);
		CHECK_INT(pt_test_count(db, "INSERT INTO link_decision (a, b, a_source, a_record_id, "
					"b_source, b_record_id, decision, made_by, made_at, note) "
					"VALUES (5, 6, 'capture-cards', 'CC-9990001', 'repat-list', "
					"'R-0102', 'different', 'archivist', '2026-01-01T00:00:00Z', "
					"'namesakes') RETURNING 0"), 0);
	}
	return db;
}

/* count --by FIELD[, FIELD2] as "value=count;..." in the count's order, and the total */
static char *count_text(pt_db *db, pt_field a, int two, pt_field b, const pt_filter *f,
			int64_t *total)
{
	pt_count_options opts;
	pt_count *c = NULL;
	char *text = calloc(1, 4096);
	size_t used = 0;

	memset(&opts, 0, sizeof opts);
	opts.fields[0] = a;
	opts.fields[1] = b;
	opts.field_count = two ? 2 : 1;
	opts.sort_by_value = 1;
	if (f)
		opts.filter = *f;
	CHECK_INT(pt_count_run(db, &opts, &c), PT_OK);
	for (size_t r = 0; c && text && r < c->row_count; r++)
		used += (size_t)snprintf(text + used, 4096 - used, "%s%s%s%s=%lld", r ? ";" : "",
					 c->rows[r].values[0] ? c->rows[r].values[0] : "-",
					 two ? "," : "",
					 two ? (c->rows[r].values[1] ? c->rows[r].values[1] : "-") : "",
					 (long long)c->rows[r].count);
	*total = c ? c->total : -1;
	pt_count_free(c);
	return text;
}

static void test_kelly_counts_once_as_returned(void)
{
	pt_db *db = open_registers(1);
	pt_filter records = { 0 };
	int64_t total = 0;
	char *text;

	text = count_text(db, PT_FIELD_STATUS, 0, 0, NULL, &total);
	CHECK_STR(text, "returned=2;unaccounted=2");   /* Kelly and a Smith; Walker and a Smith */
	CHECK_INT(total, 4);
	free(text);
	records.records = 1;
	text = count_text(db, PT_FIELD_STATUS, 0, 0, &records, &total);
	CHECK_STR(text, "returned=2;unaccounted=4");   /* as before links */
	CHECK_INT(total, 6);
	free(text);
	{
		/* a man passes a filter when one of his records does; the status
		 * filter is on his status */
		static const char *const returned[] = { "returned" };
		static const char *const gb[] = { "GB" };
		pt_filter f = { 0 };
		f.statuses = returned;
		f.status_count = 1;
		f.nationalities = gb;
		f.nationality_count = 1;
		text = count_text(db, PT_FIELD_NATIONALITY, 0, 0, &f, &total);
		CHECK_STR(text, "GB=1");
		CHECK_INT(total, 1);
		free(text);
	}
	/* his camps: one camp from two records counts once; last camp and the
	 * year of his first capture are his */
	text = count_text(db, PT_FIELD_CAMP, 1, PT_FIELD_LAST_CAMP, NULL, &total);
	CHECK_STR(text, "Stalag IV-B,Stalag IV-B=2;-,-=2");
	free(text);
	text = count_text(db, PT_FIELD_YEAR, 1, PT_FIELD_LAST_EVENT, NULL, &total);
	CHECK_STR(text, "1940,last_seen=1;1944,capture=1;1944,repatriation=1;-,repatriation=1");
	free(text);
	pt_db_free(db);
}

static void test_no_links_counts_equal_records(void)
{
	pt_db *db = open_registers(0);
	static const pt_field fields[] = {
		PT_FIELD_NATIONALITY, PT_FIELD_CAMP, PT_FIELD_CAMP_TYPE, PT_FIELD_OPERATOR,
		PT_FIELD_STATUS, PT_FIELD_LAST_EVENT, PT_FIELD_YEAR, PT_FIELD_UNIT, PT_FIELD_SOURCE,
		PT_FIELD_LAST_CAMP,
	};
	pt_filter records = { 0 };

	records.records = 1;
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		int64_t men = 0, recs = 0;
		char *a = count_text(db, fields[i], 1, PT_FIELD_STATUS == fields[i] ? PT_FIELD_CAMP
										: PT_FIELD_STATUS, NULL, &men);
		char *b = count_text(db, fields[i], 1, PT_FIELD_STATUS == fields[i] ? PT_FIELD_CAMP
										: PT_FIELD_STATUS, &records, &recs);
		CHECK_STR(a, b);
		CHECK_INT(men, recs);
		free(a);
		free(b);
	}
	pt_db_free(db);
}

static void test_man_of_two_scripts(void)
{
	pt_db *db = open_registers(1);
	pt_individual *man = NULL;

	CHECK_INT(pt_individual_get(db, 4, &man), PT_OK);   /* his Cyrillic record's id */
	CHECK(man != NULL);
	if (man) {
		CHECK_INT(man->id, 3);
		CHECK_INT(man->record_count, 2);
		CHECK_INT(man->anchor, 0);
		CHECK_INT(man->status, PT_STATUS_UNACCOUNTED);
		CHECK_STR(man->status_reason, "last record: last_seen at Vorkuta, 1947 (record 4, "
			  "soviet-cards); nothing later says the person came home or died");
		CHECK_INT(man->name_count, 2);
		CHECK_STR(man->records[man->names[1].record]->names[man->names[1].index].script, "Cyrl");
		/* one timeline: capture 1940, liberation 1945-04-23, internment to
		 * 1945-04, internment 1945-06, last seen 1947 */
		CHECK_INT(man->timeline_count, 5);
		CHECK_INT(man->last_event, 4);
		CHECK_INT(man->timeline[3].record, 1);
		CHECK_INT(man->disagreement_count, 1);
		if (man->disagreement_count) {
			CHECK_STR(man->disagreements[0].field, "birth_date");
			CHECK_INT(man->disagreements[0].value_count, 2);
		}
	}
	pt_individual_free(man);
	CHECK_INT(pt_individual_get(db, 99, &man), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no person with id 99");
	CHECK(man == NULL);
	pt_db_free(db);
}

static void test_kelly_dossier_and_report(void)
{
	pt_db *db = open_registers(1);
	pt_individual *man = NULL;
	pt_unaccounted *u = NULL;

	CHECK_INT(pt_individual_get(db, 2, &man), PT_OK);
	if (man) {
		CHECK_INT(man->id, 1);
		CHECK_INT(man->status, PT_STATUS_RETURNED);
		CHECK_INT(man->records[0]->status, PT_STATUS_UNACCOUNTED);  /* the capture card */
		CHECK_STR(man->status_reason, "returned: repatriation to United Kingdom, 1945-05-20 "
			  "(record 2, repat-list)");
		CHECK_INT(man->disagreement_count, 0);   /* 1920-03-02 and 1920 agree */
	}
	pt_individual_free(man);
	/* unaccounted: Walker (3, from two records) and Smith 5, not Kelly */
	CHECK_INT(pt_report_unaccounted(db, NULL, &u), PT_OK);
	if (u) {
		CHECK_INT(u->row_count, 2);
		if (u->row_count == 2) {
			CHECK_INT(u->rows[0].id, 3);
			CHECK_INT(u->rows[0].record_count, 2);
			CHECK_STR(u->rows[0].event_type, "last_seen");
			CHECK_STR(u->rows[0].last_camp, "Stalag IV-B");
			CHECK_INT(u->rows[0].citation_count, 1);
			CHECK_STR(u->rows[0].evidence ? u->rows[0].evidence->target : NULL,
				  "record 4, person");
			CHECK_INT(u->rows[1].id, 5);
		}
	}
	pt_unaccounted_free(u);
	pt_db_free(db);
}

static void test_namesakes_kept_apart(void)
{
	pt_db *db = open_registers(1);
	pt_find_result *r = NULL;
	pt_find_options opts = { 0 };

	CHECK_INT(pt_person_find(db, "John Smith", NULL, &r), PT_OK);
	CHECK_INT(r ? r->count : 0, 2);     /* two men */
	pt_find_result_free(r);
	CHECK_INT(pt_person_find(db, "Frank Kelly", NULL, &r), PT_OK);
	CHECK_INT(r ? r->count : 0, 1);     /* one man, two records */
	if (r && r->count) {
		CHECK_INT(r->hits[0].individual_id, 1);
		CHECK_INT(r->hits[0].record_count, 2);
		CHECK_INT(r->hits[0].status, PT_STATUS_RETURNED);
	}
	pt_find_result_free(r);
	opts.status = "unaccounted";      /* the man returned: not found */
	CHECK_INT(pt_person_find(db, "Kelly", &opts, &r), PT_OK);
	CHECK(r && r->count == 0);
	pt_find_result_free(r);
	pt_db_free(db);
}

/* A record gone (unimport, a delete): the counts follow what is left. */
static void test_after_a_record_goes(void)
{
	pt_db *db = open_registers(1);
	int64_t total = 0;
	char *text;

	CHECK_INT(pt_test_count(db, "DELETE FROM person WHERE id = 2 RETURNING 0"), 0);
	/* Kelly is his capture card again: unaccounted */
	text = count_text(db, PT_FIELD_STATUS, 0, 0, NULL, &total);
	CHECK_STR(text, "returned=1;unaccounted=3");
	CHECK_INT(total, 4);
	free(text);
	pt_db_free(db);
}

/* one INDI per man, however many of his records are named */
static void test_gedcom_one_indi_per_man(void)
{
	pt_db *db = open_registers(1);
	static const int64_t ids[] = { 4, 3, 2, 1, 5 };
	char *text = NULL;
	size_t len = 0, indis = 0;

	CHECK_INT(pt_gedcom_export(db, ids, 5, NULL, &text, &len), PT_OK);
	for (const char *p = text; p && (p = strstr(p, " INDI\n")); p++)
		indis++;
	CHECK_INT(indis, 3);                            /* Walker, Kelly, Smith */
	CHECK(text && strstr(text, "0 @I3@ INDI") && strstr(text, "0 @I1@ INDI") &&
	      !strstr(text, "@I4@") && !strstr(text, "@I2@"));
	CHECK(text && strstr(text, "2 SURN Уокер"));     /* every name form */
	CHECK(text && strstr(text, "2 PAGE card 77"));   /* every citation */
	pt_free(text);
	pt_db_free(db);
}

/* unimport takes a man's record back: the rest of him takes the smallest id
 * left when his anchor went, and a record left alone is its own man again */
static void test_unimport_reanchors(void)
{
	for (int alone = 0; alone < 2; alone++) {
		pt_db *db = open_registers(0);
		pt_import_options opts = { 0 };
		pt_import_summary *sum = NULL;
		pt_unimport_summary un;
		int64_t man = 0, individuals = 0;

		CHECK_INT(pt_import_file(db, "tests/data/men/walker-return.json", &opts, &sum), PT_OK);
		pt_import_summary_free(sum);
		CHECK_INT(pt_test_count(db, "SELECT id FROM person WHERE record_id = 'R-0311'"), 7);
		/* Walker: 3, 4 and the return 7, anchored (after some split) at 7; or 3 and 7 */
		CHECK_INT(pt_test_count(db, alone
			? "INSERT INTO individual_member VALUES (3, 3), (7, 3) RETURNING 0"
			: "INSERT INTO individual_member VALUES (3, 7), (4, 7), (7, 7) RETURNING 0"), 0);
		CHECK_INT(pt_individual_of(db, 4, &man), PT_OK);
		CHECK_INT(man, alone ? 4 : 7);
		CHECK_INT(pt_batch_unimport(db, 2, &un), PT_OK);
		CHECK_INT(un.persons, 1);
		CHECK_INT(pt_individual_of(db, 4, &man), PT_OK);
		CHECK_INT(man, alone ? 4 : 3);
		CHECK_INT(pt_individual_of(db, 3, &man), PT_OK);
		CHECK_INT(man, 3);
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM individual_member"), alone ? 0 : 2);
		CHECK_INT(pt_individual_count(db, NULL, &individuals), PT_OK);
		CHECK_INT(individuals, alone ? 6 : 5);
		pt_db_free(db);
	}
}

void suite_men(void);
void suite_men(void)
{
	RUN(test_kelly_counts_once_as_returned);
	RUN(test_no_links_counts_equal_records);
	RUN(test_man_of_two_scripts);
	RUN(test_kelly_dossier_and_report);
	RUN(test_namesakes_kept_apart);
	RUN(test_after_a_record_goes);
	RUN(test_unimport_reanchors);
	RUN(test_gedcom_one_indi_per_man);
}

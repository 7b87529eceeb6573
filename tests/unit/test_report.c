/*
 * test_report.c - the reports, against a population known by construction:
 * everyone unaccounted for with the last event, citations and the strongest
 * evidence; the summary by nationality and last camp; a camp's dossier; and
 * the built-in gazetteer (loaded once, every camp with a source, every alias
 * naming one camp, the fixtures' camps the same records).
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"
#include "population.h"

static void test_unaccounted_matches_construction(void)
{
	static const char *const gb[] = { "GB" };
	struct population pop;
	pt_unaccounted *u = NULL;
	pt_filter f;
	pt_db *db = NULL;
	size_t row = 0;
	int expected = 0, graded = 0;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pop_generate(db, 400, 5, &pop), PT_OK);
	CHECK_INT(pt_report_unaccounted(db, NULL, &u), PT_OK);
	for (int i = 0; u && i < pop.count; i++) {
		const struct pop_person *p = &pop.persons[i];
		const pt_unaccounted_row *r;
		int last = pop_last_camp(p);
		if (p->fate != FATE_UNACCOUNTED)
			continue;
		expected++;
		if (row >= u->row_count)
			break;
		r = &u->rows[row++];
		CHECK_INT(r->id, i + 1);                 /* ordered by id */
		CHECK_STR(r->event_type, "liberation");
		CHECK_STR(r->event_date, "1945-04-23");
		CHECK_STR(r->event_camp, last >= 0 ? pop_camps[last].name : NULL);
		CHECK_STR(r->event_place, last >= 0 ? NULL : "Riesa");
		CHECK_STR(r->last_camp, last >= 0 ? pop_camps[last].name : NULL);
		CHECK_STR(r->nationality, pop_nationalities[p->nationality]);
		CHECK_INT(r->citation_count, (p->cites_book ? 1 : 0) + (p->graded ? 3 : 0));
		if (p->graded) {
			graded++;
			/* of three graded citations on the liberation, the direct one */
			CHECK(r->evidence != NULL);
			if (r->evidence) {
				CHECK_STR(r->evidence->source_key, "book-c");
				CHECK_STR(r->evidence->locator, "p. 7");
				CHECK_STR(r->evidence->evidence, "direct");
				CHECK(!strncmp(r->evidence->target, "event ", 6));
			}
			CHECK_INT(r->source_count, 3);
		} else if (p->cites_book) {
			/* no citation on the event: the one on the record */
			CHECK(r->evidence != NULL);
			if (r->evidence) {
				CHECK_STR(r->evidence->source_key, "book-c");
				CHECK_STR(r->evidence->target, "person");
			}
			CHECK_INT(r->source_count, 1);
		} else {
			CHECK(r->evidence == NULL);
			CHECK_INT(r->source_count, 0);
		}
	}
	CHECK(u != NULL);
	if (u)
		CHECK_INT(u->row_count, expected);
	CHECK(graded > 0);
	pt_unaccounted_free(u);

	/* filters as for count */
	memset(&f, 0, sizeof f);
	f.nationalities = gb;
	f.nationality_count = 1;
	CHECK_INT(pt_report_unaccounted(db, &f, &u), PT_OK);
	expected = 0;
	for (int i = 0; i < pop.count; i++)
		expected += pop.persons[i].fate == FATE_UNACCOUNTED && pop.persons[i].nationality == 0;
	if (u)
		CHECK_INT(u->row_count, expected);
	pt_unaccounted_free(u);

	/* a status filter that excludes the unaccounted is refused */
	{
		static const char *const died[] = { "died" };
		memset(&f, 0, sizeof f);
		f.statuses = died;
		f.status_count = 1;
		CHECK_INT(pt_report_unaccounted(db, &f, &u), PT_EINVAL);
		CHECK_STR(pt_db_errmsg(db), "the report lists unaccounted persons only; the status "
			  "filter excludes them");
		CHECK(u == NULL);
	}
	pop_release(&pop);
	pt_db_free(db);
}

static void test_summary_by_nationality_and_last_camp(void)
{
	struct population pop;
	pt_count *c = NULL;
	pt_db *db = NULL;
	long long expected[6][POP_CAMPS + 1];
	size_t groups = 0;
	long long total = 0;

	memset(expected, 0, sizeof expected);
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pop_generate(db, 400, 9, &pop), PT_OK);
	for (int i = 0; i < pop.count; i++) {
		const struct pop_person *p = &pop.persons[i];
		if (p->fate != FATE_UNACCOUNTED)
			continue;
		total++;
		if (!expected[p->nationality][pop_last_camp(p) + 1]++)
			groups++;
	}
	CHECK_INT(pt_report_unaccounted_summary(db, NULL, &c), PT_OK);
	if (c) {
		CHECK_INT(c->field_count, 2);
		CHECK_INT(c->fields[0], PT_FIELD_NATIONALITY);
		CHECK_INT(c->fields[1], PT_FIELD_LAST_CAMP);
		CHECK_INT(c->total, total);
		CHECK_INT(c->row_count, groups);
		for (size_t r = 0; r < c->row_count; r++) {
			int nat = 5, camp = -1;
			for (int k = 0; k < 5; k++)
				if (c->rows[r].values[0] && !strcmp(c->rows[r].values[0], pop_nationalities[k]))
					nat = k;
			for (int k = 0; k < POP_CAMPS; k++)
				if (c->rows[r].values[1] && !strcmp(c->rows[r].values[1], pop_camps[k].name))
					camp = k;
			CHECK_INT(c->rows[r].count, expected[nat][camp + 1]);
		}
	}
	pt_count_free(c);
	pop_release(&pop);
	pt_db_free(db);
}

static const char CLAIMS[] =
	"{\"claims\": [\n"
	" {\"key\": \"iiia-held-1944-05\", \"question\": \"camp-population:stalag-iii-a:1944-05\",\n"
	"  \"metric\": \"held\", \"population\": {\"camp\": \"Luckenwalde\", \"as_of\": \"1944-05\"},\n"
	"  \"value\": 48600, \"citation\": {\"source\": \"book-c\", \"locator\": \"p. 9\"}},\n"
	" {\"key\": \"iiia-died\", \"question\": \"camp-deaths:stalag-iii-a\", \"metric\": \"died\",\n"
	"  \"population\": {\"camp\": [\"stalag-iii-a\", \"oflag-64\"]}, \"value_text\": \"some\"},\n"
	" {\"key\": \"other-camp\", \"question\": \"q\", \"population\": {\"camp\": \"oflag-64\"},\n"
	"  \"value\": 1}\n"
	"]}\n";

static void test_camp_dossier(void)
{
	struct population pop;
	pt_camp_dossier *d = NULL;
	pt_db *db = NULL;
	pt_import_summary *sum = NULL;
	long long by_status[FATE_COUNT] = { 0 }, events = 0;
	static const int status_of_fate[FATE_COUNT] = {
		PT_STATUS_RETURNED, PT_STATUS_DIED, PT_STATUS_UNACCOUNTED, PT_STATUS_UNKNOWN,
		PT_STATUS_CONFLICTING,
	};

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pop_generate(db, 300, 13, &pop), PT_OK);
	CHECK_INT(pop_import_text(db, "claims.json", CLAIMS, &sum), PT_OK);
	pt_import_summary_free(sum);
	for (int i = 0; i < pop.count; i++) {
		const struct pop_person *p = &pop.persons[i];
		int camps[POP_CAMPS];
		pop_camp_set(p, camps);
		if (camps[1])
			by_status[p->fate]++;
		for (int v = 0; v < p->visit_count; v++)
			events += p->visits[v] == 1;
		events += p->fate == FATE_UNACCOUNTED && pop_last_camp(p) == 1;
	}

	CHECK_INT(pt_report_camp(db, "LUCKENWALDE", &d), PT_OK);
	if (d) {
		long long timeline_events = 0;
		CHECK_STR(d->camp.key, "stalag-iii-a");
		CHECK_STR(d->camp.name, "Stalag III-A");
		CHECK_INT(d->camp.alias_count, 5); /* every spelling but the name */
		for (int fate = 0; fate < FATE_COUNT; fate++)
			CHECK_INT(d->by_status[status_of_fate[fate]], by_status[fate]);
		for (size_t t = 0; t < d->timeline_count; t++) {
			timeline_events += (long long)d->timeline[t].person_count;
			if (t > 0 && d->timeline[t - 1].date && d->timeline[t].date)
				CHECK(strcmp(d->timeline[t - 1].date, d->timeline[t].date) <= 0);
		}
		CHECK_INT(timeline_events, events);
		CHECK_INT(d->timeline_count, 2);      /* internment 1945-01, liberation 1945-04-23 */
		if (d->timeline_count == 2) {
			CHECK_STR(d->timeline[0].type, "internment");
			CHECK_STR(d->timeline[1].type, "liberation");
			CHECK_STR(d->timeline[1].date, "1945-04-23");
		}
		/* the claims whose population names the camp, by any name, alone or in a list */
		CHECK_INT(d->claim_count, 2);
		if (d->claim_count == 2) {
			CHECK_STR(d->claims[0].key, "iiia-held-1944-05");
			CHECK_STR(d->claims[0].as_of, "1944-05");
			CHECK(d->claims[0].has_value && d->claims[0].value_min == 48600);
			CHECK_STR(d->claims[0].source, "book-c");
			CHECK_STR(d->claims[0].locator, "p. 9");
			CHECK_STR(d->claims[1].key, "iiia-died");
			CHECK(!d->claims[1].has_value);
			CHECK_STR(d->claims[1].value_text, "some");
		}
	}
	pt_camp_dossier_free(d);
	CHECK_INT(pt_report_camp(db, "Stalag 99", &d), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "unknown camp 'Stalag 99'");
	CHECK(d == NULL);
	pop_release(&pop);
	pt_db_free(db);
}

static void test_camp_resolve_and_search(void)
{
	struct population pop;
	pt_camp_list *list = NULL;
	pt_camp_query q;
	pt_db *db = NULL;
	int64_t id = 0;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pop_generate(db, 10, 1, &pop), PT_OK);
	CHECK_INT(pt_camp_resolve(db, "Мюльберг", &id), PT_OK);
	CHECK_INT(id, 1);
	CHECK_INT(pt_camp_resolve(db, "stalag-luft-i", &id), PT_OK);
	CHECK_INT(id, 4);
	CHECK_INT(pt_camp_resolve(db, "...", &id), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "unknown camp '...'");

	memset(&q, 0, sizeof q);
	q.text = "muhl";
	CHECK_INT(pt_camp_search(db, &q, &list), PT_OK);
	if (list) {
		CHECK_INT(list->count, 1);
		if (list->count)
			CHECK_STR(list->camps[0].key, "stalag-iv-b");
	}
	pt_camp_list_free(list);
	memset(&q, 0, sizeof q);
	q.operator_code = "su";
	q.with_persons = 1;
	CHECK_INT(pt_camp_search(db, &q, &list), PT_OK);
	if (list) {
		CHECK_INT(list->count, 2);
		for (size_t i = 0; i < list->count; i++)
			CHECK(list->camps[i].persons >= 0);
	}
	pt_camp_list_free(list);
	memset(&q, 0, sizeof q);
	q.with_coordinates = 1;
	CHECK_INT(pt_camp_search(db, &q, &list), PT_OK);
	if (list)
		CHECK_INT(list->count, 0);
	pt_camp_list_free(list);
	pop_release(&pop);
	pt_db_free(db);
}

/* ---- the gazetteer ---------------------------------------------------------------------- */

static void test_gazetteer(void)
{
	pt_import_summary *sum = NULL;
	pt_db *db = NULL;
	int64_t id = 0;
	long long camps, batches;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_gazetteer_load(db, &sum), PT_OK);
	CHECK(sum != NULL);
	if (sum) {
		CHECK_INT(sum->rejected, 0);
		CHECK(sum->inserted > 500);
	}
	pt_import_summary_free(sum);
	camps = pt_test_count(db, "SELECT count(*) FROM camp");
	CHECK(camps > 500);
	CHECK_INT(strlen(pt_gazetteer_version()), 64);

	/* German camps that held Western Allied prisoners, and the Soviet types */
	CHECK(pt_test_count(db, "SELECT count(*) FROM camp WHERE operator = 'DE'") >= 20);
	CHECK(pt_test_count(db, "SELECT count(DISTINCT type) FROM camp WHERE operator = 'DE'") >= 5);
	CHECK(pt_test_count(db, "SELECT count(*) FROM camp WHERE type = 'nkvd_filtration'") > 50);
	CHECK(pt_test_count(db, "SELECT count(*) FROM camp WHERE type = 'special'") >= 10);
	CHECK(pt_test_count(db, "SELECT count(*) FROM camp WHERE type = 'itl'") > 400);
	/* every entry carries its source; every alias names one camp */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp WHERE id NOT IN "
			 "(SELECT camp_id FROM citation WHERE camp_id IS NOT NULL)"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM (SELECT alias_key FROM camp_alias "
			 "GROUP BY alias_key HAVING count(DISTINCT camp_id) > 1)"), 0);
	CHECK(pt_test_count(db, "SELECT count(*) FROM claim WHERE json_extract(population, '$.camp') "
		     "IS NOT NULL") > 2000);
	/* Roman, Arabic and Cyrillic names of one camp */
	CHECK_INT(pt_camp_resolve(db, "Stalag IV-B", &id), PT_OK);
	{
		int64_t other = 0;
		CHECK_INT(pt_camp_resolve(db, "stalag 4b", &other), PT_OK);
		CHECK_INT(other, id);
		CHECK_INT(pt_camp_resolve(db, "Мюльберг", &other), PT_OK);
		CHECK_INT(other, id);
		CHECK_INT(pt_camp_resolve(db, "Stalag 17B", &other), PT_OK);
		CHECK_INT(pt_camp_resolve(db, "Stalag XVII-B", &id), PT_OK);
		CHECK_INT(other, id);
		CHECK_INT(pt_camp_resolve(db, "Воркутлаг", &other), PT_OK);
	}

	/* loaded once per version */
	batches = pt_test_count(db, "SELECT count(*) FROM import_batch");
	CHECK_INT(pt_gazetteer_load(db, &sum), PT_OK);
	CHECK(sum == NULL);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM import_batch"), batches);

	/* the fixtures' camps are the same records: importing them updates nothing */
	{
		pt_import_options opts = { 0 };
		CHECK_INT(pt_import_file(db, "fixtures/sources.json", &opts, &sum), PT_OK);
		pt_import_summary_free(sum);
		CHECK_INT(pt_import_file(db, "fixtures/camps.json", &opts, &sum), PT_OK);
		if (sum) {
			CHECK_INT(sum->unchanged, 4);  /* the four documented camps */
			CHECK_INT(sum->inserted, 2);   /* the two placeholders */
			CHECK_INT(sum->updated, 0);
		}
		pt_import_summary_free(sum);
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp"), camps + 2);
	}
	pt_db_free(db);
}

void suite_report(void);
void suite_report(void)
{
	RUN(test_unaccounted_matches_construction);
	RUN(test_summary_by_nationality_and_last_camp);
	RUN(test_camp_dossier);
	RUN(test_camp_resolve_and_search);
	RUN(test_gazetteer);
}

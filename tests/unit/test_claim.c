/*
 * test_claim.c - claims: how values are read (numbers, ranges, bounds,
 * "none", "some", fates, texts), conflicts within a question and scope
 * (and the tolerance for "roughly"), related claims in other scopes,
 * independence and unsupported claims, claims against the records, and the
 * competing events of a conflicting status.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"

static const char SOURCES[] =
	"{\"sources\": [\n"
	"  {\"key\": \"book\", \"kind\": \"book\", \"title\": \"A book\"},\n"
	"  {\"key\": \"blog\", \"kind\": \"web\", \"cites\": [\"book\"]},\n"
	"  {\"key\": \"paper\", \"kind\": \"article\"},\n"
	"  {\"key\": \"register\", \"kind\": \"register\"},\n"
	"  {\"key\": \"d\", \"kind\": \"article\", \"cites\": [\"e\"]},\n"
	"  {\"key\": \"e\", \"kind\": \"article\", \"cites\": [\"d\"]},\n"
	"  {\"key\": \"review\", \"kind\": \"article\", \"cites\": [\"blog\", \"paper\"]}\n"
	"]}\n";

#define CLAIM(key, question, metric, pop, value, cite) \
	"  {\"key\": \"" key "\", \"question\": \"" question "\", \"metric\": \"" metric "\", " \
	"\"population\": " pop ", " value ", " cite "}"

static const char CLAIMS[] =
	"{\"claims\": [\n"
	CLAIM("roughly", "q", "retained", "{\"nationality\": \"US\"}",
	      "\"value\": 23500, \"approximate\": true",
	      "\"citation\": {\"source\": \"blog\", \"source_quality\": \"authored\"}") ",\n"
	CLAIM("exact", "q", "retained", "{\"nationality\": \"us\"}", "\"value\": 119",
	      "\"citation\": {\"source\": \"register\", \"source_quality\": \"original\"}") ",\n"
	CLAIM("near", "q", "retained", "{\"nationality\": [\"US\"]}",
	      "\"value\": \"some 20,000\"",
	      "\"citations\": [{\"source\": \"paper\", \"source_quality\": \"original\"}, "
	      "{\"source\": \"book\", \"source_quality\": \"original\"}]") ",\n"
	CLAIM("held", "q", "held", "{\"nationality\": \"US\"}", "\"value\": 716",
	      "\"citation\": {\"source\": \"paper\", \"source_quality\": \"derivative\"}") ",\n"
	CLAIM("pair", "q", "disappeared", "{\"nationality\": [\"us\", \"GB\", \"US\"]}",
	      "\"value_min\": 20000, \"value_max\": 23500",
	      "\"citations\": [{\"source\": \"blog\"}, {\"source\": \"book\"}]") ",\n"
	CLAIM("pair2", "q", "disappeared", "{\"nationality\": [\"GB\", \"US\"]}",
	      "\"value\": \"more than 28,000\"",
	      "\"citations\": [{\"source\": \"d\"}, {\"source\": \"e\"}]") ",\n"
	CLAIM("none", "alive", "alive", "{\"nationality\": \"US\"}", "\"value_text\": \"none\"",
	      "\"citation\": {\"source\": \"paper\", \"source_quality\": \"derivative\"}") ",\n"
	CLAIM("some", "alive", "alive", "{\"nationality\": \"US\"}",
	      "\"value_text\": \"some may be alive\"",
	      "\"citations\": [{\"source\": \"review\", \"source_quality\": \"authored\"}, "
	      "{\"source\": \"paper\", \"source_quality\": \"original\"}]") ",\n"
	CLAIM("no-evidence", "alive", "alive", "{\"nationality\": \"US\"}",
	      "\"value_text\": \"no evidence found\"",
	      "\"citation\": {\"source\": \"register\"}") ",\n"
	CLAIM("died", "fate-kelly", "fate", "{\"person\": \"IVB-1\"}",
	      "\"value_text\": \"died in a labour camp\"",
	      "\"citation\": {\"source\": \"book\"}") ",\n"
	CLAIM("returned", "fate-kelly", "fate", "{\"person\": \"IVB-1\"}",
	      "\"value_text\": \"Returned to England, 1953\"",
	      "\"citation\": {\"source\": \"register\"}") ",\n"
	CLAIM("died-too", "fate-kelly", "fate", "{\"person\": \"IVB-1\"}",
	      "\"value_text\": \"dead\"", "\"notes\": \"no source\"") ",\n"
	CLAIM("at-most", "q2", "retained", "{\"nationality\": \"GB\"}", "\"value\": \"up to 2\"",
	      "\"citation\": {\"source\": \"register\", \"source_quality\": \"original\"}") "\n"
	"]}\n";

static const char CAMPS[] =
	"{\"camps\": [{\"key\": \"stalag-iv-b\", \"name\": \"Stalag IV-B\", \"type\": \"stalag\", "
	"\"aliases\": [\"Stalag 4B\", \"Mühlberg\"]}]}\n";

static const char PERSONS[] =
	"[\n"
	" {\"record_id\": \"1\", \"source\": \"register\", \"surname\": \"A\", \"nationality\": \"US\",\n"
	"  \"events\": [{\"type\": \"liberation\", \"date\": \"1945-04-23\", \"camp\": \"Stalag 4B\"}]},\n"
	" {\"record_id\": \"2\", \"source\": \"register\", \"surname\": \"B\", \"nationality\": \"US\",\n"
	"  \"events\": [{\"type\": \"liberation\", \"date\": \"1945-04-23\", \"camp\": \"stalag-iv-b\"}]},\n"
	" {\"record_id\": \"3\", \"source\": \"register\", \"surname\": \"C\", \"nationality\": \"GB\",\n"
	"  \"events\": [{\"type\": \"capture\", \"date\": \"1944\"}]},\n"
	" {\"record_id\": \"4\", \"source\": \"register\", \"surname\": \"D\", \"nationality\": \"GB\",\n"
	"  \"events\": [{\"type\": \"capture\", \"date\": \"1944\"}]},\n"
	" {\"record_id\": \"5\", \"source\": \"register\", \"surname\": \"E\", \"nationality\": \"GB\",\n"
	"  \"events\": [{\"type\": \"capture\", \"date\": \"1944\"}]},\n"
	" {\"record_id\": \"6\", \"source\": \"register\", \"surname\": \"F\", \"nationality\": \"US\",\n"
	"  \"events\": [{\"type\": \"death\", \"date\": \"1945-03\",\n"
	"               \"citations\": [{\"source\": \"register\", \"locator\": \"card 6\",\n"
	"                 \"source_quality\": \"original\", \"information\": \"primary\",\n"
	"                 \"evidence\": \"direct\", \"confidence\": 4}]},\n"
	"              {\"type\": \"return\", \"date\": \"1945-06\",\n"
	"               \"citations\": [{\"source\": \"paper\", \"locator\": \"p. 3\",\n"
	"                 \"source_quality\": \"derivative\", \"confidence\": 1}]}]}\n"
	"]\n";

static pt_db *seeded(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "sources.json", SOURCES), PT_OK);
	CHECK_INT(pt_test_import_text(db, "camps.json", CAMPS), PT_OK);
	CHECK_INT(pt_test_import_text(db, "persons.json", PERSONS), PT_OK);
	CHECK_INT(pt_test_import_text(db, "claims.json", CLAIMS), PT_OK);
	return db;
}

static const pt_claim *find(const pt_claims *list, const char *key)
{
	for (size_t i = 0; i < list->count; i++)
		if (!strcmp(list->items[i].key, key))
			return &list->items[i];
	return NULL;
}

static void test_claim_values(void)
{
	pt_db *db = seeded();
	pt_claims *list = NULL;
	const pt_claim *c;

	CHECK_INT(pt_claims_list(db, NULL, &list), PT_OK);
	CHECK_INT(list->count, 13);
	c = find(list, "roughly");
	CHECK_STR(c->value, "~23,500");
	CHECK_STR(c->reading, "number");
	CHECK(c->comparable && fabs(c->low - 21150) < 1e-6 && fabs(c->high - 25850) < 1e-6);
	CHECK_STR(c->scope, "retained (nationality US)");
	CHECK_STR(c->population, "{\"nationality\":\"US\"}");
	c = find(list, "exact");
	CHECK_STR(c->value, "119");
	CHECK_STR(c->population, "{\"nationality\":\"US\"}");      /* "us" folded */
	c = find(list, "near");                                       /* "some 20,000" */
	CHECK_STR(c->value, "~20,000");
	CHECK_INT(c->approximate, 1);
	CHECK_STR(c->population, "{\"nationality\":\"US\"}");      /* a list of one */
	c = find(list, "pair");
	CHECK_STR(c->value, "20,000-23,500");
	CHECK_STR(c->reading, "range");
	CHECK_STR(c->population, "{\"nationality\":[\"GB\",\"US\"]}"); /* sorted, no repeats */
	c = find(list, "pair2");
	CHECK_STR(c->value, "at least 28,000");
	CHECK(c->has_min && !c->has_max && isinf(c->high));
	c = find(list, "at-most");
	CHECK_STR(c->value, "at most 2");
	CHECK(!c->has_min && c->has_max && isinf(c->low) && c->high == 2);
	CHECK_STR(find(list, "none")->reading, "none");
	CHECK_STR(find(list, "some")->reading, "some");
	CHECK_STR(find(list, "no-evidence")->reading, "text");
	CHECK_INT(find(list, "no-evidence")->comparable, 0);
	CHECK_STR(find(list, "died")->fate, "died");
	CHECK_STR(find(list, "returned")->fate, "returned");
	pt_claims_free(list);
	pt_db_free(db);
}

static const pt_conflict *conflict_on(const pt_conflicts *f, const char *question, const char *scope)
{
	for (size_t i = 0; i < f->count; i++)
		if (!strcmp(f->items[i].question, question) && !strcmp(f->items[i].scope, scope))
			return &f->items[i];
	return NULL;
}

static int has_pair(const pt_conflicts *f, const pt_conflict *c, const char *a, const char *b)
{
	for (size_t i = 0; c && i < c->pair_count; i++) {
		const char *x = f->claims->items[c->pairs[i].a].key, *y = f->claims->items[c->pairs[i].b].key;
		if ((!strcmp(x, a) && !strcmp(y, b)) || (!strcmp(x, b) && !strcmp(y, a)))
			return 1;
	}
	return 0;
}

static void test_claim_conflicts(void)
{
	pt_db *db = seeded();
	pt_conflicts *f = NULL;
	pt_claim_query q = { .tolerance = -1 };
	const pt_conflict *c;

	CHECK_INT(pt_claims_conflicts(db, &q, &f), PT_OK);
	/* retained US: 119 against ~23,500 and ~20,000; ~20,000 and ~23,500 overlap at 10% */
	c = conflict_on(f, "q", "retained (nationality US)");
	CHECK(c != NULL);
	CHECK(has_pair(f, c, "roughly", "exact"));
	CHECK(has_pair(f, c, "near", "exact"));
	CHECK(!has_pair(f, c, "roughly", "near"));
	CHECK_INT(c ? c->pair_count : 0, 2);
	CHECK_STR(c ? c->pairs[0].kind : NULL, "numbers");
	CHECK_STR(c ? c->pairs[0].reason : NULL,
		  "119 (exactly 119) and ~20,000 (18,000-22,000) do not overlap");
	CHECK_STR(c ? c->pairs[1].reason : NULL,
		  "119 (exactly 119) and ~23,500 (21,150-25,850) do not overlap");
	/* held (716) and disappeared are other scopes: related, not conflicts */
	CHECK_INT(c ? c->related_count : 0, 3);
	CHECK(!has_pair(f, c, "held", "exact"));
	/* a range against "at least": 20,000-23,500 and 28,000 or more */
	c = conflict_on(f, "q", "disappeared (nationality GB, US)");
	CHECK(has_pair(f, c, "pair", "pair2"));
	/* "none" against "some"; "no evidence" against nothing */
	c = conflict_on(f, "alive", "alive (nationality US)");
	CHECK(has_pair(f, c, "none", "some"));
	CHECK_STR(c ? c->pairs[0].kind : NULL, "none and some");
	CHECK(!has_pair(f, c, "none", "no-evidence"));
	CHECK(!has_pair(f, c, "some", "no-evidence"));
	/* fates */
	c = conflict_on(f, "fate-kelly", "fate (person IVB-1)");
	CHECK(has_pair(f, c, "died", "returned"));
	CHECK(has_pair(f, c, "died-too", "returned"));
	CHECK(!has_pair(f, c, "died", "died-too"));
	CHECK_STR(c ? c->pairs[0].kind : NULL, "fates");
	CHECK_INT(f->count, 4);
	pt_conflicts_free(f);

	/* a tighter tolerance: ~20,000 and ~23,500 no longer overlap at 5% */
	q.tolerance = 5;
	q.question = "q";
	CHECK_INT(pt_claims_conflicts(db, &q, &f), PT_OK);
	c = conflict_on(f, "q", "retained (nationality US)");
	CHECK(has_pair(f, c, "roughly", "near"));
	pt_conflicts_free(f);
	/* at 20% they overlap even wider; exact numbers never widen */
	q.tolerance = 20;
	CHECK_INT(pt_claims_conflicts(db, &q, &f), PT_OK);
	c = conflict_on(f, "q", "retained (nationality US)");
	CHECK(!has_pair(f, c, "roughly", "near"));
	CHECK(has_pair(f, c, "roughly", "exact"));
	pt_conflicts_free(f);
	pt_db_free(db);
}

static void test_claim_support(void)
{
	pt_db *db = seeded();
	pt_claims *list = NULL;
	const pt_claim *c;

	CHECK_INT(pt_claims_list(db, NULL, &list), PT_OK);
	/* blog cites book: its claim has one origin, the book */
	c = find(list, "roughly");
	CHECK_INT(c->independent_origins, 1);
	CHECK_INT(c->origin_count, 1);
	CHECK_STR(c->origins[0], "book");
	CHECK_STR(c->support, "1 independent origin: book (through blog); no original source "
		  "(blog authored)");
	/* paper and book, both original: two */
	c = find(list, "near");
	CHECK_INT(c->independent_origins, 2);
	CHECK_INT(c->has_original, 1);
	CHECK_STR(c->support, "2 independent origins: paper; book");
	/* blog and book: one origin, not two */
	c = find(list, "pair");
	CHECK_INT(c->independent_origins, 1);
	CHECK_STR(c->support, "1 independent origin: book (through blog); no original source "
		  "(blog not graded, book not graded)");
	/* a circle: d cites e cites d */
	c = find(list, "pair2");
	CHECK_INT(c->independent_origins, 1);
	CHECK_INT(c->circular, 1);
	CHECK_STR(c->origins[0], "circle(d, e)");
	/* review cites blog (-> book) and paper; paper graded original is its own */
	c = find(list, "some");
	CHECK_INT(c->independent_origins, 1);
	CHECK_STR(c->support, "1 independent origin: book + paper (through review, blog)");
	c = find(list, "died-too");
	CHECK_STR(c->support, "no source cited");
	pt_claims_free(list);

	CHECK_INT(pt_claims_unsupported(db, NULL, &list), PT_OK);
	CHECK(find(list, "roughly") && find(list, "pair") && find(list, "pair2") &&
	      find(list, "died-too") && find(list, "exact"));
	CHECK(find(list, "near") == NULL);
	CHECK_INT(list->count, 12);
	pt_claims_free(list);
	pt_db_free(db);
}

static const pt_claim_check *check_of(const pt_claim_checks *k, const char *key)
{
	for (size_t i = 0; i < k->count; i++)
		if (!strcmp(k->claims->items[k->items[i].claim].key, key))
			return &k->items[i];
	return NULL;
}

static void test_claim_check(void)
{
	static const char MORE[] =
		"{\"claims\": [\n"
		"  {\"key\": \"lib\", \"question\": \"l\", \"metric\": \"liberated\", "
		"   \"camp\": \"Mühlberg\", \"value\": 2},\n"
		"  {\"key\": \"lib-us\", \"question\": \"l\", \"metric\": \"liberated\", "
		"   \"nationality\": \"US\", \"value\": \"about 8,000\"},\n"
		"  {\"key\": \"died\", \"question\": \"d\", \"metric\": \"died\", "
		"   \"population\": {\"nationality\": \"US\"}, \"value\": 1},\n"
		"  {\"key\": \"odd\", \"question\": \"d\", \"metric\": \"died\", "
		"   \"population\": {\"unit\": \"1st Airborne\"}, \"value\": 1},\n"
		"  {\"key\": \"head-count\", \"question\": \"c\", \"metric\": \"held\", "
		"   \"population\": {\"camp\": \"stalag-iv-b\", \"as_of\": \"1945-01\"}, \"value\": 25052}\n"
		"]}\n";
	/* two men a record shows held after 1945: a release years later, a sighting */
	static const char HELD[] =
		"[{\"record_id\": \"7\", \"source\": \"register\", \"surname\": \"G\", \"nationality\": \"GB\",\n"
		"  \"events\": [{\"type\": \"internment\", \"date\": \"1945/1953\"},\n"
		"              {\"type\": \"release\", \"date\": \"1953\"}]},\n"
		" {\"record_id\": \"8\", \"source\": \"register\", \"surname\": \"H\", \"nationality\": \"GB\",\n"
		"  \"events\": [{\"type\": \"sighting\", \"date\": \"1951~\"}]},\n"
		" {\"record_id\": \"9\", \"source\": \"register\", \"surname\": \"I\", \"nationality\": \"GB\",\n"
		"  \"events\": [{\"type\": \"internment\", \"date\": \"1944/1945\"}]}]\n";
	static const char NONE_GB[] =
		"{\"claims\": [{\"key\": \"none-gb\", \"question\": \"q2\", \"metric\": \"retained\", "
		"\"nationality\": \"GB\", \"value\": \"none\"}]}\n";
	pt_db *db = seeded();
	pt_claim_checks *k = NULL;
	pt_claim_query q = { .tolerance = -1 };
	const pt_claim_check *x;

	CHECK_INT(pt_test_import_text(db, "more.json", MORE), PT_OK);
	CHECK_INT(pt_claims_check(db, NULL, &k), PT_OK);
	/* 119 retained US: no record shows a US man held after 1945; F's return
	 * in 1945 accounts for him; A and B are liberated, no more */
	x = check_of(k, "exact");
	CHECK_INT(x ? x->count : -2, 0);
	CHECK_INT(x ? x->men : -2, 3);
	CHECK_INT(x ? x->accounted : -2, 1);
	CHECK_STR(x ? x->verdict : NULL, "fewer");
	/* at most 2 retained GB: C, D, E are only captured (a roll of captives,
	 * no returns): untested, never contradicted */
	x = check_of(k, "at-most");
	CHECK_INT(x ? x->count : -2, 0);
	CHECK_INT(x ? x->records : -2, 3);
	CHECK_STR(x ? x->verdict : NULL, "untested");
	CHECK_STR(x ? x->reason : NULL, "looked at 3 records (3 men) in the scope: none shows "
		  "captivity after 1945, nor a return or death by then; a record without a return "
		  "is no evidence that a man stayed");
	x = check_of(k, "lib");              /* 2 liberated at Stalag IV-B (alias resolved) */
	CHECK_INT(x ? x->count : -2, 2);
	CHECK_STR(x ? x->verdict : NULL, "consistent");
	CHECK_STR(k->claims->items[x ? x->claim : 0].population, "{\"camp\":\"stalag-iv-b\"}");
	x = check_of(k, "died");             /* F is conflicting, not died: nothing bears */
	CHECK_INT(x ? x->count : -2, 0);
	CHECK_STR(x ? x->verdict : NULL, "untested");
	CHECK_STR(x ? x->reason : NULL, "looked at 3 records (3 men) in the scope: none has status died");
	x = check_of(k, "odd");
	CHECK_INT(x ? x->count : -2, -1);
	CHECK_STR(x ? x->verdict : NULL, "untested");
	CHECK_STR(x ? x->reason : NULL, "the database cannot count the population's 'unit'");
	x = check_of(k, "held");             /* 716 held, by whom? no camp, no held_by */
	CHECK_STR(x ? x->verdict : NULL, "untested");
	CHECK_INT(x ? x->count : -2, -1);
	CHECK(check_of(k, "no-evidence") == NULL); /* a text: nothing to count */
	x = check_of(k, "none");             /* "none" alive: no metric the database counts */
	CHECK_STR(x ? x->verdict : NULL, "untested");
	CHECK(check_of(k, "head-count") == NULL);  /* a camp's head count: a statistic */
	CHECK_INT(k->statistics_left_out, 1);
	pt_claim_checks_free(k);

	q.with_statistics = 1;
	CHECK_INT(pt_claims_check(db, &q, &k), PT_OK);
	x = check_of(k, "head-count");
	CHECK_STR(x ? x->verdict : NULL, "untested");
	CHECK_INT(k->statistics_left_out, 0);
	pt_claim_checks_free(k);

	/* positive evidence: a release in 1953, a sighting in 1951; an
	 * internment that ends in 1945 is none */
	CHECK_INT(pt_test_import_text(db, "held.json", HELD), PT_OK);
	CHECK_INT(pt_test_import_text(db, "none.json", NONE_GB), PT_OK);
	q.with_statistics = 0;
	q.verdict = "contradicted";
	CHECK_INT(pt_claims_check(db, &q, &k), PT_OK);
	CHECK_INT(k->count, 1);
	x = check_of(k, "none-gb");
	CHECK_INT(x ? x->count : -2, 2);
	CHECK_INT(x ? x->men : -2, 6);
	CHECK_STR(x ? x->reason : NULL, "the records show 2, more than the 0 the claim allows; "
		  "0 shown home or dead by the end of 1945, 4 shown neither way");
	pt_claim_checks_free(k);
	q.verdict = "consistent";            /* at most 2 retained GB: 2 */
	CHECK_INT(pt_claims_check(db, &q, &k), PT_OK);
	x = check_of(k, "at-most");
	CHECK_INT(x ? x->count : -2, 2);
	CHECK(check_of(k, "lib") != NULL && check_of(k, "none-gb") == NULL);
	pt_claim_checks_free(k);
	pt_db_free(db);
}

static void test_claim_fate_events(void)
{
	pt_db *db = seeded();
	pt_fate_events *f = NULL;
	pt_person *p = NULL;

	CHECK_INT(pt_person_get(db, 6, &p), PT_OK);
	CHECK_INT(p ? (int)p->status : -1, PT_STATUS_CONFLICTING);
	pt_person_free(p);
	CHECK_INT(pt_person_fate_events(db, 6, &f), PT_OK);
	CHECK_INT(f->count, 2);
	CHECK_STR(f->items[0].type, "death");
	CHECK_STR(f->items[0].fate, "died");
	CHECK_INT(f->items[0].citation_count, 1);
	CHECK_STR(f->items[0].citations[0].source_key, "register");
	CHECK_INT(f->items[0].citations[0].confidence, 4);
	CHECK_INT(f->items[0].citations[0].quay, 3);
	CHECK_STR(f->items[1].fate, "returned");
	CHECK_STR(f->items[1].citations[0].locator, "p. 3");
	CHECK_STR(f->items[1].citations[0].source_quality, "derivative");
	pt_fate_events_free(f);
	CHECK_INT(pt_person_fate_events(db, 99, &f), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no person with id 99");
	pt_db_free(db);
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* the evidence on his fate built from his dossier is what the database gives */
static void check_same_fate_events(pt_db *db, int64_t id)
{
	pt_fate_events *f = NULL, *g = NULL;
	pt_person *p = NULL;

	CHECK_INT(pt_person_get(db, id, &p), PT_OK);
	CHECK_INT(pt_person_fate_events(db, id, &f), PT_OK);
	CHECK_INT(p ? pt_person_fate_events_of(db, p, &g) : -1, PT_OK);
	CHECK_INT(f && g ? (long)g->count : -1, f ? (long)f->count : -2);
	for (size_t i = 0; f && g && i < f->count && i < g->count; i++) {
		const pt_fate_event *a = &f->items[i], *b = &g->items[i];
		CHECK(a->id == b->id && a->seq == b->seq && same_text(a->type, b->type) &&
		      same_text(a->date, b->date) && same_text(a->camp, b->camp) &&
		      same_text(a->place, b->place) && a->fate == b->fate);
		CHECK_INT((long)b->citation_count, (long)a->citation_count);
		for (size_t k = 0; k < a->citation_count && k < b->citation_count; k++) {
			const pt_cite *x = &a->citations[k], *y = &b->citations[k];
			CHECK(same_text(x->source_key, y->source_key) &&
			      same_text(x->source_kind, y->source_kind) &&
			      same_text(x->source_title, y->source_title) &&
			      same_text(x->locator, y->locator) &&
			      same_text(x->source_quality, y->source_quality) &&
			      same_text(x->information, y->information) &&
			      same_text(x->evidence, y->evidence) && same_text(x->notes, y->notes) &&
			      x->confidence == y->confidence && x->quay == y->quay);
		}
	}
	pt_fate_events_free(f);
	pt_fate_events_free(g);
	pt_person_free(p);
}

static void test_claim_fate_events_from_the_dossier(void)
{
	static const char PEOPLE[] =
		"{\"sources\": [{\"key\": \"reg\", \"kind\": \"register\", \"title\": \"The register\"},\n"
		"              {\"key\": \"book\", \"kind\": \"book\"}],\n"
		" \"persons\": [\n"
		" {\"record_id\": \"1\", \"source\": \"reg\", \"surname\": \"Kelly\",\n"
		"  \"citations\": [{\"source\": \"reg\", \"locator\": \"card 1\", \"notes\": \"faded\"},\n"
		"                  {\"source\": \"book\", \"locator\": \"p. 9\", \"confidence\": 2,\n"
		"                   \"source_quality\": \"derivative\"}],\n"
		"  \"names\": [{\"surname\": \"Kelley\", \"citations\": [{\"source\": \"book\"}]}],\n"
		"  \"events\": [{\"type\": \"capture\", \"date\": \"1944-09\",\n"
		"               \"citations\": [{\"source\": \"reg\", \"locator\": \"x\"}]},\n"
		"              {\"type\": \"death\", \"date\": \"1945-03\", \"place\": \"Gdansk\"},\n"
		"              {\"type\": \"return\", \"date\": \"1945-06\",\n"
		"               \"citations\": [{\"source\": \"book\", \"locator\": \"p. 3\", \"notes\": \"n\"},\n"
		"                               {\"source\": \"reg\", \"confidence\": 0}]},\n"
		"              {\"type\": \"burial\"}]},\n"
		" {\"record_id\": \"2\", \"source\": \"reg\", \"surname\": \"Walker\",\n"
		"  \"events\": [{\"type\": \"repatriation\", \"date\": \"1945\"}, {\"type\": \"death\"}]},\n"
		" {\"record_id\": \"3\", \"source\": \"reg\", \"surname\": \"Hill\"}]}\n";
	pt_db *db = seeded();
	pt_db *other = NULL;

	int64_t id;
	pt_person *p = NULL;

	for (id = 1; pt_person_get(db, id, &p) == PT_OK; id++) {
		pt_person_free(p);
		check_same_fate_events(db, id);
	}
	CHECK(id > 6);
	pt_db_free(db);
	CHECK_INT(pt_db_open(&other, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(other, "people.json", PEOPLE), PT_OK);
	for (id = 1; id <= 3; id++)
		check_same_fate_events(other, id);
	pt_db_free(other);
}

/* the dossier reads its citations when only a name, only an event or only
 * the person is cited, and has none when nothing is */
static void test_claim_dossier_citations_wherever_they_are(void)
{
	static const char PEOPLE[] =
		"{\"sources\": [{\"key\": \"reg\", \"kind\": \"register\"}],\n"
		" \"persons\": [\n"
		" {\"record_id\": \"1\", \"source\": \"reg\", \"surname\": \"A\",\n"
		"  \"names\": [{\"surname\": \"Ay\"}, {\"surname\": \"Aa\", \"citations\": [{\"source\": \"reg\"}]}]},\n"
		" {\"record_id\": \"2\", \"source\": \"reg\", \"surname\": \"B\",\n"
		"  \"events\": [{\"type\": \"capture\"}, {\"type\": \"death\", \"citations\": [{\"source\": \"reg\"}]}]},\n"
		" {\"record_id\": \"3\", \"source\": \"reg\", \"surname\": \"C\", \"events\": [{\"type\": \"capture\"}],\n"
		"  \"citations\": [{\"source\": \"reg\", \"notes\": \"n\"}]},\n"
		" {\"record_id\": \"4\", \"source\": \"reg\", \"surname\": \"D\", \"events\": [{\"type\": \"capture\"}]}]}\n";
	static const char *const targets[] = { "name 3", "event 2", "person" };
	pt_db *db = NULL;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "people.json", PEOPLE), PT_OK);
	for (int64_t id = 1; id <= 4; id++) {
		pt_person *p = NULL;
		CHECK_INT(pt_person_get(db, id, &p), PT_OK);
		CHECK_INT(p ? (long)p->citation_count : -1, id < 4 ? 1 : 0);
		if (p && p->citation_count == 1) {
			CHECK_STR(p->citations[0].target, targets[id - 1]);
			CHECK(id == 2 ? p->citations[0].event_id == p->events[1].id
				      : p->citations[0].event_id == 0);
			CHECK_STR(p->citations[0].notes, id == 3 ? "n" : NULL);
		}
		pt_person_free(p);
	}
	pt_db_free(db);
}

/* A dossier's texts are kept with it when they fit (person.c) and allocated
 * on their own when they do not, or when they needed repair: each comes out
 * whole either way, and pt_person_free frees what it must (valgrind, ASan). */
static void test_claim_dossier_texts_kept_and_apart(void)
{
	char json[8192], notes[3001];
	size_t n = 0;
	pt_db *db = NULL;
	pt_person *p = NULL;

	memset(notes, 'x', 3000);
	notes[3000] = '\0';
	n += (size_t)snprintf(json + n, sizeof json - n,
			      "{\"record_id\": \"1\", \"surname\": \"Long\", \"given_names\": \"Eve\", "
			      "\"notes\": \"%s\", \"names\": [{\"surname\": \"Lang\"}, "
			      "{\"surname\": \"Лонг\", \"script\": \"Cyrl\"}], \"events\": [", notes);
	for (int e = 1; e <= 9; e++)
		n += (size_t)snprintf(json + n, sizeof json - n, "%s{\"type\": \"%s\", \"place\": "
				      "\"Place %d\", \"agent\": \"agent %d\"}", e > 1 ? ", " : "",
				      e == 1 ? "capture" : "transfer", e, e);
	snprintf(json + n, sizeof json - n, "]}\n");
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "long.jsonl", json), PT_OK);
	/* bytes that are not UTF-8, as a file written by hand can hold */
	CHECK_INT(pt__exec(db, "UPDATE person SET unit = CAST(X'41FF42' AS TEXT) WHERE id = 1"), PT_OK);
	CHECK_INT(pt__exec(db, "UPDATE event SET notes = CAST(X'C3' AS TEXT) WHERE seq = 5"), PT_OK);
	CHECK_INT(pt_person_get(db, 1, &p), PT_OK);
	if (p) {
		CHECK_STR(p->surname, "Long");
		CHECK_STR(p->given_names, "Eve");
		CHECK_STR(p->notes, notes);                /* past the room: on its own */
		CHECK_STR(p->unit, "A\\xffB");             /* repaired: on its own */
		CHECK_INT((long)p->name_count, 3);
		if (p->name_count == 3)
			CHECK_STR(p->names[2].surname, "Лонг");
		CHECK_INT((long)p->event_count, 9);
		for (size_t e = 0; e < p->event_count; e++) {
			char place[32], agent[32];
			snprintf(place, sizeof place, "Place %zu", e + 1);
			snprintf(agent, sizeof agent, "agent %zu", e + 1);
			CHECK_STR(p->events[e].place, place);
			CHECK_STR(p->events[e].agent, agent);
			CHECK_STR(p->events[e].notes, e == 4 ? "\\xc3" : NULL);
		}
	}
	pt_person_free(p);
	pt_db_free(db);
}

static void test_claim_bad_input(void)
{
	static const char BAD[] =
		"{\"claims\": [\n"
		"  {\"key\": \"a\", \"question\": \"q\", \"population\": {\"nationality\": \"USA\"}, \"value\": 1},\n"
		"  {\"key\": \"b\", \"question\": \"q\", \"value_min\": 5, \"value_max\": 2},\n"
		"  {\"key\": \"c\", \"question\": \"q\", \"value\": 3, \"value_max\": 4}\n"
		"]}\n";
	pt_db *db = NULL;
	pt_claim *c = NULL;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "bad.json", BAD), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "bad.json:2: population: nationality is not an ISO 3166 "
		  "alpha-2 code (such as GB, US, SU): 'USA'");
	CHECK_INT(pt_claim_get(db, "a", -1, &c), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no claim 'a'");
	pt_db_free(db);
}

void suite_claim(void);
void suite_claim(void)
{
	RUN(test_claim_values);
	RUN(test_claim_conflicts);
	RUN(test_claim_support);
	RUN(test_claim_check);
	RUN(test_claim_fate_events);
	RUN(test_claim_fate_events_from_the_dossier);
	RUN(test_claim_dossier_texts_kept_and_apart);
	RUN(test_claim_dossier_citations_wherever_they_are);
	RUN(test_claim_bad_input);
}

/*
 * test_xref.c - sources: links to sources later in the same file, chains
 * and circles, the cross-reference of a source, ISBNs and archival
 * references on import, kinds spelled other ways, `source add`, and bad
 * input next to good (exact messages, the database unchanged).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"

/* a cites b (later in the file), b cites c, c cites a: a circle; d cites a */
static const char CIRCLE[] =
	"{\"sources\": [\n"
	"  {\"key\": \"a\", \"kind\": \"book\", \"title\": \"A\", \"cites\": [\"b\"]},\n"
	"  {\"key\": \"b\", \"kind\": \"article\", \"cites\": \"c\"},\n"
	"  {\"key\": \"c\", \"kind\": \"web page\", \"derives_from\": [\"a\"]},\n"
	"  {\"key\": \"d\", \"kind\": \"web\", \"cites\": [\"a\"]},\n"
	"  {\"key\": \"root\", \"kind\": \"archival file\", \"archive\": \"GARF\",\n"
	"   \"reference\": \"f. 9401, op. 2, d. 64\"}\n"
	"]}\n";

static void test_xref_forward_links_and_circle(void)
{
	pt_db *db = NULL;
	pt_xref *x = NULL;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "circle.json", CIRCLE), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source_link"), 4);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source WHERE kind = 'web'"), 2); /* "web page" */
	CHECK_INT(pt_xref_get(db, "a", -1, &x), PT_OK);
	CHECK_INT(x->cites_count, 2);
	CHECK_STR(x->cites[0].key, "b");
	CHECK_INT(x->cites[0].depth, 1);
	CHECK_STR(x->cites[1].key, "c");
	CHECK_INT(x->cites[1].depth, 2);
	CHECK_STR(x->cites[1].via, "b");
	CHECK_STR(x->cites[1].relation, "cites");
	CHECK_INT(x->cited_by_count, 3);           /* c and d directly, b through c */
	CHECK_INT(x->circle_count, 3);
	CHECK_STR(x->circle[0], "a");
	CHECK_STR(x->circle[1], "b");
	CHECK_STR(x->circle[2], "c");
	CHECK_INT(x->origin_count, 1);
	CHECK_STR(x->origins[0], "circle(a, b, c)");
	pt_xref_free(x);
	/* d is outside the circle and traces back into it */
	CHECK_INT(pt_xref_get(db, "d", -1, &x), PT_OK);
	CHECK_INT(x->circle_count, 0);
	CHECK_INT(x->cites_count, 3);
	CHECK_STR(x->origins[0], "circle(a, b, c)");
	pt_xref_free(x);
	/* root links to nothing: its own origin */
	CHECK_INT(pt_xref_get(db, "root", -1, &x), PT_OK);
	CHECK_STR(x->origins[0], "root");
	CHECK_STR(x->source->kind, "archival_file");
	CHECK_STR(x->source->fond, "9401");
	CHECK_STR(x->source->opis, "2");
	CHECK_STR(x->source->delo, "64");
	pt_xref_free(x);
	CHECK_INT(pt_xref_get(db, "nothing", -1, &x), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no source 'nothing'");
	/* re-import: unchanged, links kept */
	CHECK_INT(pt_test_import_text(db, "circle.json", CIRCLE), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source_link"), 4);
	pt_db_free(db);
}

static void test_xref_bad_links(void)
{
	static const char UNKNOWN[] =
		"{\"sources\": [\n"
		"  {\"key\": \"a\", \"kind\": \"book\", \"cites\": [\"b\"]},\n"
		"  {\"key\": \"b\", \"kind\": \"book\", \"cites\": [\"zzz\"]}\n"
		"]}\n";
	static const char SELF[] =
		"{\"sources\": [{\"key\": \"a\", \"kind\": \"book\", \"translates\": [\"a\"]}]}\n";
	pt_db *db = NULL;
	pt_import_summary *sum = NULL;
	char path[256];
	FILE *f;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "unknown.json", UNKNOWN), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "unknown.json:3: cites: unknown source 'zzz' (neither in the "
		  "database nor imported from this file)");
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source_link"), 0);
	CHECK_INT(pt_test_import_text(db, "self.json", SELF), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "self.json:1: translates: a source cannot link to itself");

	/* the summary counts the record with the bad link as rejected */
	snprintf(path, sizeof path, "/tmp/pt-xref-%ld-u.json", (long)getpid());
	f = fopen(path, "wb");
	fputs(UNKNOWN, f);
	fclose(f);
	CHECK_INT(pt_import_file(db, path, NULL, &sum), PT_EINVAL);
	CHECK_INT(sum ? sum->rejected : -1, 1);
	CHECK_INT(sum ? (long)sum->error_count : -1, 1);
	CHECK_INT(sum ? sum->errors[0].line : -1, 3);
	pt_import_summary_free(sum);
	unlink(path);
	pt_db_free(db);
}

static void test_xref_isbn_and_reference(void)
{
	static const char GOOD[] =
		"{\"sources\": [\n"
		"  {\"key\": \"cage\", \"kind\": \"book\", \"isbn\": \"1-85702-101-0\",\n"
		"   \"authors\": \"Nigel Cawthorne; A. N. Other\"},\n"
		"  {\"key\": \"wo\", \"kind\": \"archival_file\", \"archive\": \"The National Archives (UK)\",\n"
		"   \"collection\": \"WO\", \"series\": \"208\", \"piece\": \"3400\"},\n"
		"  {\"key\": \"wo2\", \"kind\": \"Archival File\", \"reference\": \"WO 208/3401\"},\n"
		"  {\"key\": \"garf\", \"kind\": \"archival_file\", \"fond\": \"9401\", \"opis\": \"2\",\n"
		"   \"delo\": \"64\"},\n"
		"  {\"key\": \"cyr\", \"kind\": \"archival_file\",\n"
		"   \"reference\": \"ф. 9401, оп. 2, д. 65\"}\n"
		"]}\n";
	static const char BAD_ISBN[] =
		"{\"sources\": [{\"key\": \"x\", \"kind\": \"book\", \"isbn\": \"1-85702-101-1\"}]}\n";
	static const char SAME_ISBN[] =
		"{\"sources\": [{\"key\": \"y\", \"kind\": \"book\", \"isbn\": \"978-1-85702-101-1\"}]}\n";
	pt_db *db = NULL;
	pt_source *s = NULL;
	char *t;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "good.json", GOOD), PT_OK);
	CHECK_INT(pt_source_get(db, "cage", &s), PT_OK);
	CHECK_STR(s->isbn, "9781857021011");
	CHECK_INT(s->author_count, 2);
	CHECK_STR(s->authors[1], "A. N. Other");
	pt_source_free(s);
	CHECK_INT(pt_source_get(db, "wo", &s), PT_OK);
	CHECK_STR(s->reference, "WO 208/3400");
	pt_source_free(s);
	CHECK_INT(pt_source_get(db, "wo2", &s), PT_OK);
	CHECK_STR(s->kind, "archival_file");
	CHECK_STR(s->collection, "WO");
	CHECK_STR(s->series, "208");
	CHECK_STR(s->piece, "3401");
	pt_source_free(s);
	t = pt_test_text(db, "SELECT reference FROM source WHERE key = 'garf'");
	CHECK_STR(t, "fond 9401, opis 2, delo 64");
	free(t);
	t = pt_test_text(db, "SELECT fond || '/' || opis || '/' || delo FROM source WHERE key = 'cyr'");
	CHECK_STR(t, "9401/2/65");
	free(t);

	CHECK_INT(pt_test_import_text(db, "bad.json", BAD_ISBN), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "bad.json:1: isbn: '1-85702-101-1' is not an ISBN: wrong "
		  "check digit 1 (the digits give 0)");
	CHECK_INT(pt_test_import_text(db, "same.json", SAME_ISBN), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "same.json:1: isbn: ISBN 9781857021011 already belongs to "
		  "source 'cage'");
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source"), 5);
	pt_db_free(db);
}

static void test_xref_source_add(void)
{
	pt_db *db = NULL;
	pt_import_summary *sum = NULL;
	pt_sources *list = NULL;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_source_add(db, "{\"key\": \"cage\", \"kind\": \"book\", \"isbn\": \"1857021010\"}",
				&sum), PT_OK);
	CHECK_INT(sum->inserted, 1);
	pt_import_summary_free(sum);
	CHECK_INT(pt_source_add(db, "{\"key\": \"blog\", \"kind\": \"web\", \"cites\": [\"cage\"]}",
				&sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(pt_source_add(db, "{\"key\": \"cage\", \"kind\": \"book\", \"isbn\": \"1857021010\"}",
				&sum), PT_OK);
	CHECK_INT(sum->unchanged, 1);
	pt_import_summary_free(sum);
	CHECK_INT(pt_source_add(db, "{\"key\": \"bad\", \"kind\": \"novel\", \"cites\": [\"nope\"]}",
				&sum), PT_EINVAL);
	/* the link is checked once the record is good: one problem at a time */
	CHECK_INT(sum ? (long)sum->error_count : -1, 1);
	CHECK_STR(sum ? sum->errors[0].field : NULL, "kind");
	pt_import_summary_free(sum);
	CHECK_INT(pt_source_add(db, "[1]", &sum), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "source add: expected a JSON object");
	CHECK(sum == NULL);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM import_batch WHERE file = 'source add'"), 3);

	CHECK_INT(pt_source_list(db, NULL, &list), PT_OK);
	CHECK_INT(list->count, 2);
	CHECK_STR(list->items[0].key, "blog");
	CHECK_INT(list->items[0].link_count, 1);
	CHECK_STR(list->items[1].linked_by[0].key, "blog");
	pt_sources_free(list);
	CHECK_INT(pt_source_list(db, "official report", &list), PT_OK);
	CHECK_INT(list->count, 0);
	pt_sources_free(list);
	CHECK_INT(pt_source_list(db, "novel", &list), PT_EINVAL);
	pt_db_free(db);
}

static void test_xref_supports(void)
{
	static const char DATA[] =
		"{\"sources\": [\n"
		"  {\"key\": \"book\", \"kind\": \"book\"},\n"
		"  {\"key\": \"blog\", \"kind\": \"web\", \"cites\": [\"book\"]},\n"
		"  {\"key\": \"file\", \"kind\": \"archival_file\"}\n"
		"], \"claims\": [\n"
		"  {\"key\": \"big\", \"question\": \"q\", \"metric\": \"retained\", \"nationality\": \"US\",\n"
		"   \"value\": \"roughly 23,500\", \"source\": \"blog\", \"locator\": \"para. 2\"},\n"
		"  {\"key\": \"small\", \"question\": \"q\", \"metric\": \"retained\", \"nationality\": \"US\",\n"
		"   \"value\": 119, \"source\": \"file\", \"source_quality\": \"original\", \"confidence\": \"3\"}\n"
		"], \"persons\": [\n"
		"  {\"record_id\": \"7\", \"source\": \"file\", \"surname\": \"Kelly\", \"given_names\": \"Frank\",\n"
		"   \"events\": [{\"type\": \"capture\", \"date\": \"1944-09\",\n"
		"     \"citations\": [{\"source\": \"blog\", \"locator\": \"para. 9\"}]}]}\n"
		"]}\n";
	pt_db *db = NULL;
	pt_xref *x = NULL;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "data.json", DATA), PT_OK);
	CHECK_INT(pt_xref_get(db, "blog", -1, &x), PT_OK);
	CHECK_INT(x->support_count, 2);
	CHECK_STR(x->supports[0].type, "claim");
	CHECK_STR(x->supports[0].key, "big");
	CHECK_STR(x->supports[0].label, "q: retained (nationality US) ~23,500");
	CHECK_STR(x->supports[0].cite.locator, "para. 2");
	CHECK_STR(x->supports[1].type, "event");
	CHECK_STR(x->supports[1].label, "Kelly, Frank (person 1): event 1 capture 1944-09");
	CHECK_INT(x->contradicted_count, 1);
	CHECK_STR(x->contradicted[0].claim, "big");
	CHECK_STR(x->contradicted[0].other, "small");
	CHECK_STR(x->contradicted[0].other_sources, "file");
	CHECK_STR(x->origins[0], "book");
	pt_xref_free(x);
	CHECK_INT(pt_xref_get(db, "file", -1, &x), PT_OK);
	CHECK_INT(x->record_count, 1);
	CHECK_INT(x->supports[0].cite.confidence, 3);
	CHECK_INT(x->supports[0].cite.quay, 3);
	CHECK_INT(x->contradicted_count, 1);
	pt_xref_free(x);
	pt_db_free(db);
}

void suite_xref(void);
void suite_xref(void)
{
	RUN(test_xref_forward_links_and_circle);
	RUN(test_xref_bad_links);
	RUN(test_xref_isbn_and_reference);
	RUN(test_xref_source_add);
	RUN(test_xref_supports);
}

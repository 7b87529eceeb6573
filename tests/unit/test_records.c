/*
 * test_records.c - person records in the import's own formats
 * (pt_records_export): the JSON a record becomes, what it brings along
 * (sources, camps, operations, and the sources those cite), what the flat
 * CSV cannot carry and says so, and bad arguments.
 */
#define _GNU_SOURCE /* open_memstream */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "testdb.h"

static const char records[] =
	"{\"sources\": [{\"key\": \"book\", \"kind\": \"book\", \"title\": \"A book\"},\n"
	"  {\"key\": \"blog\", \"kind\": \"web\", \"cites\": [\"book\"]},\n"
	"  {\"key\": \"reg\", \"kind\": \"register\"}, {\"key\": \"unused\", \"kind\": \"book\"}],\n"
	" \"camps\": [{\"key\": \"c1\", \"name\": \"Camp One\", \"type\": \"stalag\",\n"
	"   \"aliases\": [\"Lager 1\"], \"citations\": [{\"source\": \"blog\"}]},\n"
	"  {\"key\": \"c2\", \"name\": \"Camp Two\", \"type\": \"itl\"}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"1\", \"source\": \"reg\", \"surname\": \"Kelly\", \"given_names\": \"Frank\",\n"
	"  \"names\": [{\"surname\": \"Келли\", \"script\": \"Cyrl\", \"notes\": \"name as written in the record\"}],\n"
	"  \"birth_date\": \"1920-04-12\", \"birth_date_original\": \"12.4.20\",\n"
	"  \"events\": [{\"type\": \"capture\", \"date\": \"1944-09\", \"date_original\": \"Sept. 1944\"},\n"
	"             {\"type\": \"internment\", \"camp\": \"Lager 1\"}],\n"
	"  \"citations\": [{\"source\": \"reg\", \"locator\": \"p. 4\"}],\n"
	"  \"extra\": {\"Army No.\": \"17\"}},\n"
	" {\"record_id\": \"2\", \"source\": \"reg\",\n"
	"  \"names\": [{\"surname\": \"Смирнов\", \"given_names\": \"Пётр\", \"script\": \"Cyrl\"}],\n"
	"  \"events\": [{\"type\": \"transfer\", \"camp\": \"c2\"}, {\"type\": \"transfer\"}],\n"
	"  \"citations\": [{\"source\": \"reg\", \"confidence\": 3}]}]}\n";

static pt_db *open_records(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "records.json", records), PT_OK);
	return db;
}

struct lossy_seen {
	int calls;
	int64_t id;
	char record[64], what[1024];
};

static void lossy(void *ctx, int64_t id, const char *record, const char *what)
{
	struct lossy_seen *s = ctx;
	s->calls++;
	s->id = id;
	snprintf(s->record, sizeof s->record, "%s", record);
	snprintf(s->what, sizeof s->what, "%s", what);
}

/* Runs pt_records_export into memory; the text is the caller's. */
static char *export_text(pt_db *db, const int64_t *ids, size_t count, pt_records_options *opts,
			 pt_records_summary *sum, int *rc)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	*rc = pt_records_export(db, ids, count, opts, f, sum);
	fclose(f);
	return text;
}

static void test_json_brings_what_the_records_cite(void)
{
	pt_db *db = open_records();
	pt_records_summary sum;
	int rc;
	char *text = export_text(db, NULL, 0, NULL, &sum, &rc);

	CHECK_INT(rc, PT_OK);
	CHECK_INT(sum.persons, 2);
	/* reg (the records), blog (camp c1's citation) and book (which blog cites):
	 * not the unused source */
	CHECK_INT(sum.sources, 3);
	CHECK_INT(sum.camps, 2);
	CHECK(text && strstr(text, "\"key\":\"book\""));
	CHECK(text && !strstr(text, "\"unused\""));
	/* the camp by its key, though the record named it by an alias */
	CHECK(text && strstr(text, "{\"type\":\"internment\",\"camp\":\"c1\"}"));
	/* the name the import makes the primary one is not written twice */
	CHECK(text && strstr(text, "\"surname\":\"Kelly\",\"given_names\":\"Frank\",\"names\":"
			     "[{\"surname\":\"Келли\",\"script\":\"Cyrl\","));
	CHECK(text && strstr(text, "\"birth_date\":\"1920-04-12\",\"birth_date_original\":\"12.4.20\""));
	CHECK(text && strstr(text, "\"aliases\":[\"Lager 1\"]"));
	CHECK(text && strstr(text, "\"extra\":{\"Army No.\":\"17\"}"));
	free(text);
	pt_db_free(db);
}

static void test_jsonl_is_the_records_only(void)
{
	pt_db *db = open_records();
	pt_records_options opts = { PT_RECORDS_JSONL, 0, NULL, NULL };
	int64_t ids[] = { 2 };
	int rc;
	char *text = export_text(db, ids, 1, &opts, NULL, &rc);

	CHECK_INT(rc, PT_OK);
	CHECK_STR(text, "{\"record_id\":\"2\",\"source\":\"reg\",\"names\":[{\"surname\":\"Смирнов\","
		  "\"given_names\":\"Пётр\",\"script\":\"Cyrl\"}],\"events\":[{\"type\":\"transfer\","
		  "\"camp\":\"c2\"},{\"type\":\"transfer\"}],\"citations\":[{\"source\":\"reg\","
		  "\"confidence\":3}]}\n");
	free(text);
	pt_db_free(db);
}

static void test_csv_says_what_it_leaves_out(void)
{
	pt_db *db = open_records();
	struct lossy_seen seen = { 0 };
	pt_records_options opts = { PT_RECORDS_CSV, 0, lossy, &seen };
	pt_records_summary sum;
	int rc;
	char *text = export_text(db, NULL, 0, &opts, &sum, &rc);

	CHECK_INT(rc, PT_OK);
	CHECK_INT(sum.persons, 2);
	/* record 1 fits; record 2 does not, and is named with why */
	CHECK_INT(sum.lossy, 1);
	CHECK_INT(seen.calls, 1);
	CHECK_INT(seen.id, 2);
	CHECK_STR(seen.record, "reg:2");
	CHECK_STR(seen.what, "a record named only by a name form of its own; a name form the "
		  "name_original column cannot hold (given names, a script, notes or citations of "
		  "its own); two events of one type; a citation's grades or notes");
	/* "Army No." is kept again, since the service number column (which the
	 * import would otherwise read it as) comes first */
	CHECK_STR(text,
		  "record_id,source,source_locator,surname,given_names,name_original,birth_date,"
		  "service_number,capture_date,internment_camp,transfer_camp,Army No.\r\n"
		  "1,reg,p. 4,Kelly,Frank,Келли,12.4.20,,Sept. 1944,c1,,17\r\n"
		  "2,reg,,,,Смирнов,,,,,c2,\r\n");
	free(text);
	pt_db_free(db);
}

static void test_csv_guards_formulas_unless_raw(void)
{
	pt_db *db = NULL;
	pt_records_options opts = { PT_RECORDS_CSV, 0, NULL, NULL };
	pt_records_summary sum;
	int rc;
	char *text;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "f.json", "[{\"record_id\": \"1\", \"surname\": \"=cmd\","
				      " \"notes\": \"-12\"}]"), PT_OK);
	text = export_text(db, NULL, 0, &opts, &sum, &rc);
	CHECK_INT(rc, PT_OK);
	CHECK_INT(sum.lossy, 1);
	CHECK_STR(text, "record_id,surname,given_names,notes\r\n1,\"'=cmd\",,-12\r\n");
	free(text);
	opts.csv_raw = 1;
	text = export_text(db, NULL, 0, &opts, &sum, &rc);
	CHECK_INT(sum.lossy, 0);
	CHECK_STR(text, "record_id,surname,given_names,notes\r\n1,=cmd,,-12\r\n");
	free(text);
	pt_db_free(db);
}

static void test_bad_arguments(void)
{
	pt_db *db = open_records();
	pt_records_options opts = { (pt_records_format)7, 0, NULL, NULL };
	int64_t ids[] = { 1, 42 };
	int rc;
	char *text = export_text(db, ids, 2, NULL, NULL, &rc);

	CHECK_INT(rc, PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no record 42");
	free(text);
	text = export_text(db, ids, 1, &opts, NULL, &rc);
	CHECK_INT(rc, PT_EINVAL);
	free(text);
	pt_db_free(db);
}

void suite_records(void);
void suite_records(void)
{
	RUN(test_json_brings_what_the_records_cite);
	RUN(test_jsonl_is_the_records_only);
	RUN(test_csv_says_what_it_leaves_out);
	RUN(test_csv_guards_formulas_unless_raw);
	RUN(test_bad_arguments);
}

/*
 * test_mapping.c - mapping files (good ones read, bad ones refused with the
 * key at fault), archival header spellings, full names split, value maps,
 * patterns and defaults, JSON read through a mapping; camp match keys
 * (numerals, umlauts); encodings against ICU's own tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include "harness.h"
#include "testdb.h"
#include "import/sheet.h"

static pt_db *open_db(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	return db;
}

#define CHECK_SQL_STR(db, sql, want) do { char *t_ = pt_test_text(db, sql); \
	CHECK_STR(t_, want); free(t_); } while (0)

static char paths[2][256];

static const char *write_temp(int slot, const char *name, const char *data)
{
	FILE *f;
	snprintf(paths[slot], sizeof paths[slot], "/tmp/pt-map-%ld-%s", (long)getpid(), name);
	f = fopen(paths[slot], "wb");
	if (f) {
		fputs(data, f);
		fclose(f);
	}
	return paths[slot];
}

/* Imports `data` as file `name` through the mapping text. */
static int import_mapped(pt_db *db, const char *name, const char *data, const char *mapping,
			 pt_import_options *given, pt_import_summary **sum)
{
	pt_import_options opts = given ? *given : (pt_import_options){ .format = PT_FORMAT_AUTO };
	int rc;
	opts.display_name = name;
	opts.mapping = mapping ? write_temp(1, "map.json", mapping) : NULL;
	rc = pt_import_file(db, write_temp(0, name, data), &opts, sum);
	unlink(paths[0]);
	if (mapping)
		unlink(paths[1]);
	return rc;
}

/* ---- mapping files -------------------------------------------------------- */

static void expect_bad_mapping(const char *mapping, const char *message)
{
	pt_db *db = open_db();
	pt__mapping *m = NULL;
	CHECK_INT(pt__mapping_parse(db, "map.json", mapping, strlen(mapping), PT__KIND_PERSON, &m),
		  PT_EINVAL);
	CHECK(m == NULL);
	CHECK_STR(pt_db_errmsg(db), message);
	pt_db_free(db);
}

static void test_mapping_files_are_checked(void)
{
	expect_bad_mapping("{\"columns\": {\"Name\": \"fullname\"}}",
			   "map.json: columns.Name: unknown field 'fullname' for person records");
	expect_bad_mapping("{\"kind\": \"ship\"}",
			   "map.json: kind: expected person, source, camp, claim, operation or location");
	expect_bad_mapping("{\"delimiter\": \"::\"}",
			   "map.json: delimiter: expected \",\", \";\", \"|\" or \"tab\"");
	expect_bad_mapping("{\"encoding\": \"ebcdic\"}",
			   "map.json: encoding: expected utf-8, utf-16, windows-1252 or latin-1");
	expect_bad_mapping("{\"header_line\": 0}",
			   "map.json: header_line: expected a line number from 1 to 1000");
	expect_bad_mapping("{\"date_order\": \"dym\"}", "map.json: date_order: expected dmy, mdy or ymd");
	expect_bad_mapping("{\"two_digit_years\": 1950}",
			   "map.json: two_digit_years: expected the century they fall in, such as 1900, "
			   "or one for each kind of date ({\"birth\": 1800})");
	expect_bad_mapping("{\"two_digit_years\": {\"born\": 1800}}",
			   "map.json: two_digit_years: unknown date 'born' (expected birth, capture, "
			   "captivity, release, death or other)");
	expect_bad_mapping("{\"two_digit_years\": {\"birth\": 1850}}",
			   "map.json: two_digit_years: birth: expected the century they fall in, "
			   "such as 1900");
	expect_bad_mapping("{\"colums\": {}}",
			   "map.json: colums: unknown key (expected kind, delimiter, encoding, "
			   "header_line, date_order, two_digit_years, columns or defaults)");
	expect_bad_mapping("{\"columns\": {\"Name\": {\"field\": \"full_name\", \"order\": \"backwards\"}}}",
			   "map.json: columns.Name: order: expected surname_first, given_first or auto");
	expect_bad_mapping("{\"columns\": {\"X\": {\"field\": \"notes\", \"match\": "
			   "[{\"pattern\": \"(\", \"fields\": {\"notes\": \"$1\"}}]}}}",
			   "map.json: columns.X.match[1]: cannot read pattern '(': U_REGEX_MISMATCHED_PAREN "
			   "(offset 1)");
	expect_bad_mapping("{\"columns\": {\"X\": {\"field\": \"notes\", \"match\": "
			   "[{\"pattern\": \"^(a)$\", \"fields\": {\"notes\": \"$2\"}}]}}}",
			   "map.json: columns.X.match[1]: fields.notes: the pattern has no group $2");
	expect_bad_mapping("{\"columns\": {\"X\": {\"feild\": \"notes\"}}}",
			   "map.json: columns.X: unknown key 'feild' (expected field, order, values, "
			   "prefix, split, number, match or notes)");
	expect_bad_mapping("{\"defaults\": {\"colour\": \"red\"}}",
			   "map.json: defaults: unknown field 'colour' for person records");
	expect_bad_mapping("[1, 2]", "map.json: a mapping is a JSON object");
	expect_bad_mapping("{\"kind\": ", "map.json:1: cannot read JSON: unexpected token near end "
			   "of file (column 9)");
	{
		pt_db *db = open_db();
		pt__mapping *m = NULL;
		CHECK_INT(pt__mapping_load(db, "/nonexistent/map.json", PT__KIND_PERSON, &m), PT_ENOTFOUND);
		CHECK_STR(pt_db_errmsg(db), "/nonexistent/map.json: cannot open: No such file or directory");
		pt_db_free(db);
	}
}

static void test_a_good_mapping_reads(void)
{
	static const char map[] =
		"{\"kind\": \"person\", \"delimiter\": \";\", \"encoding\": \"windows-1252\",\n"
		" \"header_line\": 3, \"date_order\": \"dmy\", \"two_digit_years\": 1900,\n"
		" \"columns\": {\"SURNAME\": \"surname\", \"Name\": {\"field\": \"full_name\", "
		"\"order\": \"surname_first\"},\n"
		"  \"Nationality\": {\"field\": \"nationality\", \"values\": {\"British\": \"GB\"}},\n"
		"  \"Ignore me\": null},\n"
		" \"defaults\": {\"source\": \"ivb-register\", \"nationality\": \"GB\"}}";
	pt_db *db = open_db();
	pt__mapping *m = NULL;
	CHECK_INT(pt__mapping_parse(db, "map.json", map, sizeof map - 1, PT__KIND_PERSON, &m), PT_OK);
	if (m) {
		CHECK_INT(m->delimiter, ';');
		CHECK_INT(m->encoding, PT__ENC_CP1252);
		CHECK_INT(m->header_line, 3);
		CHECK_INT(m->century, 1900);
		CHECK_INT(m->column_count, 4);
		CHECK_INT(m->default_count, 2);
		CHECK(pt__mapping_column(m, "surname") == &m->columns[0]);   /* folded */
		CHECK(pt__mapping_column(m, "NAME") == &m->columns[1]);
		CHECK_INT(m->columns[1].order, PT__ORDER_SURNAME_FIRST);
		CHECK_INT(m->columns[3].field, PT__FIELD_IGNORE);
		CHECK(pt__mapping_column(m, "Remarks") == NULL);
	}
	pt__mapping_free(m);
	pt_db_free(db);
}

static void test_archival_headers_are_recognised(void)
{
	static const struct { const char *header, *field; } cases[] = {
		{ "SURNAME", "surname" }, { "Family name", "surname" },
		{ "Christian names", "given_names" }, { "Forenames", "given_names" },
		{ "Army No.", "service_number" }, { "Service No", "service_number" },
		{ "Regt.", "unit" }, { "Unit", "unit" }, { "Camp", "internment_camp" },
		{ "Stalag", "internment_camp" }, { "Date of capture", "capture_date" },
		{ "Captured", "capture_date" }, { "Date of birth", "birth_date" },
		{ "Born", "birth_date" }, { "Nationality", "nationality" }, { "Remarks", "notes" },
		{ "capture_camp", "capture_camp" }, { "Capture date", "capture_date" },
		{ "Фамилия", "surname" }, { "Vorname", "given_names" }, { "Geburtsdatum", "birth_date" },
		{ "Name", "full_name" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int f = pt__field_recognise(PT__KIND_PERSON, cases[i].header);
		CHECK_STR(f >= 0 ? pt__field_get(f)->name : "(none)", cases[i].field);
	}
	CHECK_INT(pt__field_recognise(PT__KIND_PERSON, "Hair colour"), -1);
	CHECK_INT(pt__field_recognise(PT__KIND_CAMP, "Latitude"), pt__field_find(PT__KIND_CAMP, "lat"));
	/* the event fields are in the order the CSV builder relies on */
	CHECK_INT(pt__field_find(PT__KIND_PERSON, "internment_camp"),
		  pt__field_find(PT__KIND_PERSON, "capture_date") + 6 + 2);
	CHECK_INT(pt__field_find(PT__KIND_PERSON, "last_seen_operation"),
		  pt__field_find(PT__KIND_PERSON, "capture_date") + 11 * 6 + 5);
}

/* ---- rows through a mapping -------------------------------------------------- */

static void test_full_names_values_patterns_defaults(void)
{
	static const char map[] =
		"{\"columns\": {\n"
		"  \"Name\": {\"field\": \"full_name\", \"order\": \"surname_first\"},\n"
		"  \"Nat\": {\"field\": \"nationality\", \"values\": {\"Brit.\": \"GB\", \"n/k\": null}},\n"
		"  \"Fate\": {\"field\": \"notes\", \"match\": [\n"
		"     {\"pattern\": \"^\\\\+\\\\s*(\\\\d{1,2}\\\\.\\\\d{1,2}\\\\.\\\\d{4})?.*$\", "
		"\"fields\": {\"death_date\": \"$1\", \"death_notes\": \"$0\"}},\n"
		"     {\"pattern\": \"[Rr]eturned\", \"fields\": {\"return_notes\": \"$0\"}}]},\n"
		"  \"No\": {\"field\": \"record_id\", \"prefix\": \"REG-\"}},\n"
		" \"defaults\": {\"source\": \"the-register\", \"nationality\": \"AU\"}}";
	static const char data[] =
		"No,Name,Nat,Fate\n"
		"1,KELLY Frank,Brit.,+ 27.05.1918 in Taschkent\n"
		"2,van der Berg Jan,n/k,returned home\n"
		"3,\"Walker, Harold James\",British,sick\n";
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_mapped(db, "r.csv", data, map, NULL, &sum), PT_OK);
	if (sum) {
		CHECK_INT(sum->inserted, 3);
		CHECK_INT(sum->new_source_count, 1);
		if (sum->column_count == 4)
			CHECK_STR(sum->columns[3].field, "notes, or by pattern: death_date death_notes "
				  "return_notes");
	}
	pt_import_summary_free(sum);
	CHECK_SQL_STR(db, "SELECT surname || '|' || given_names || '|' || nationality FROM person "
		      "WHERE record_id = 'REG-1'", "KELLY|Frank|GB");
	CHECK_SQL_STR(db, "SELECT surname || '|' || given_names || '|' || nationality FROM person "
		      "WHERE record_id = 'REG-2'", "van der Berg|Jan|AU");
	CHECK_SQL_STR(db, "SELECT surname || '|' || given_names || '|' || nationality || '|' || notes "
		      "FROM person WHERE record_id = 'REG-3'", "Walker|Harold James|GB|sick");
	CHECK_SQL_STR(db, "SELECT status || ' ' || e.date || ' ' || e.notes FROM person p JOIN event e "
		      "ON e.person_id = p.id WHERE record_id = 'REG-1'",
		      "died 1918-05-27 + 27.05.1918 in Taschkent");
	CHECK_SQL_STR(db, "SELECT status FROM person WHERE record_id = 'REG-2'", "returned");
	CHECK_SQL_STR(db, "SELECT record_source FROM person WHERE record_id = 'REG-3'", "the-register");
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM citation WHERE person_id IS NOT NULL"), 3);
	pt_db_free(db);
}

static void test_json_through_a_mapping(void)
{
	static const char map[] =
		"{\"columns\": {\"Name\": {\"field\": \"full_name\", \"order\": \"surname_first\"},"
		" \"Lager\": \"internment_camp\", \"Heimatort\": \"keep\", \"\": \"ignore\"}}";
	static const char data[] =
		"[\n"
		"{\"Name\": \"Aberer Melchior\", \"Heimatort\": \"Bizau\", \"Lager\": \"Taschkent\", \"\": \"\"},\n"
		"{\"Name\": \"Aberer Melchior\", \"Heimatort\": \"Düns\", \"Lager\": \"Perovsk\", \"\": \"\"},\n"
		"{\"Name\": \"Aberer Melchior\", \"Heimatort\": \"Düns\", \"Lager\": \"Perovsk\", \"\": \"\"}\n"
		"]\n";
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_mapped(db, "v.json", data, map, NULL, &sum), PT_OK);
	if (sum) {
		CHECK_INT(sum->rows, 3);
		CHECK_INT(sum->inserted, 3); /* two men of one name; one entry listed twice */
		CHECK_INT(sum->new_camp_count, 2);
	}
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person WHERE surname = 'Aberer'"), 3);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person WHERE record_id LIKE 'sha256:%#2'"), 1);
	CHECK_SQL_STR(db, "SELECT extra FROM person WHERE id = 1", "{\"Heimatort\":\"Bizau\"}");
	/* the same file again: nothing changes */
	CHECK_INT(import_mapped(db, "v.json", data, map, NULL, &sum), PT_OK);
	if (sum)
		CHECK_INT(sum->unchanged, 3);
	pt_import_summary_free(sum);
	pt_db_free(db);
}

static void test_kind_and_mapping_disagree(void)
{
	pt_import_options opts = { .kind = "camp" };
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_mapped(db, "c.csv", "a\n1\n", "{\"kind\": \"person\"}", &opts, &sum),
		  PT_EINVAL);
	CHECK(sum == NULL);
	CHECK(strstr(pt_db_errmsg(db), "the mapping is for person records, not camp") != NULL);
	opts.kind = "ship";
	CHECK_INT(import_mapped(db, "c.csv", "a\n1\n", NULL, &opts, &sum), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "unknown kind 'ship' (expected person, source, camp, claim, "
		  "operation or location)");
	pt_db_free(db);
}

/* ---- camp match keys ---------------------------------------------------------- */

static void test_camp_keys_fold_numerals_and_umlauts(void)
{
	static const char *const stalag_4b[] = {
		"Stalag IV-B", "Stalag 4B", "STALAG IVB", "Stalag IV B", "stalag iv-b", "Stalag 4 B",
		"Stalag Nr. IV-B", NULL,
	};
	static const char *const muhlberg[] = { "Mühlberg", "Muehlberg", "Muhlberg", "MÜHLBERG", NULL };
	pt_db *db = open_db();
	for (const char *const *n = stalag_4b; *n; n++) {
		char *k = pt__camp_key(db, *n);
		CHECK_STR(k, "stalag4b");
		free(k);
	}
	for (const char *const *n = muhlberg; *n; n++) {
		char *k = pt__camp_key(db, *n);
		CHECK_STR(k, "muhlberg");
		free(k);
	}
	{
		static const struct { const char *name, *key; } more[] = {
			{ "Stalag Luft III", "stalagluft3" }, { "Oflag LXIV", "oflag64" },
			{ "Oflag No. 64", "oflag64" }, { "Stalag XVIII-A", "stalag18a" },
			{ "Мюльберг", "mulberg" }, { "Ivanovo", "ivanovo" }, { "Camp X", "camp10" },
		};
		for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
			char *k = pt__camp_key(db, more[i].name);
			CHECK_STR(k, more[i].key);
			free(k);
		}
	}
	pt_db_free(db);
}

static void test_existing_aliases_still_resolve(void)
{
	static const char camps[] =
		"{\"camps\": [{\"key\": \"stalag-iv-b\", \"name\": \"Stalag IV-B\", \"type\": \"stalag\", "
		"\"aliases\": [\"Mühlberg\", \"Мюльберг\"]}]}";
	static const char persons[] =
		"surname,internment_camp\nA,stalag-iv-b\nB,MÜHLBERG\nC,Мюльберг\nD,Stalag 4 B\n"
		"E,Muehlberg\nF,STALAG IVB\nG,Stalag IV-B (Mühlberg)\nH,Stal. IV B\n";
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_mapped(db, "c.json", camps, NULL, NULL, &sum), PT_OK);
	pt_import_summary_free(sum);
	/* aliases written before match keys existed get theirs on the next import */
	CHECK_INT(sqlite3_exec(db->sql, "UPDATE camp_alias SET match_key = NULL", NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK_INT(import_mapped(db, "p.csv", persons, NULL, NULL, &sum), PT_OK);
	if (sum)
		CHECK_INT(sum->new_camp_count, 0);
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event e JOIN camp c ON c.id = e.camp_id "
			"WHERE c.key = 'stalag-iv-b'"), 8);
	pt_db_free(db);
}

/* ---- encodings ------------------------------------------------------------------ */

/* The table behind Windows-1252 and Latin-1 gives what ICU's converters give. */
static void test_single_byte_encodings_agree_with_icu(void)
{
	static const struct { pt__encoding enc; const char *icu; } encs[] = {
		{ PT__ENC_CP1252, "windows-1252" }, { PT__ENC_LATIN1, "ISO-8859-1" },
	};
	pt_db *db = open_db();
	int agree = 0;
	for (size_t e = 0; e < 2; e++) {
		UErrorCode err = U_ZERO_ERROR;
		UConverter *cnv = ucnv_open(encs[e].icu, &err);
		for (int byte = 0x20; byte < 256; byte++) {
			char in[2] = { (char)byte, 0 }, icu[16];
			UChar u[4];
			int32_t n;
			pt__buf mine = PT__BUF_INIT;
			if (pt__encoding_check(encs[e].enc, in, 1) != (size_t)-1)
				continue; /* undefined in Windows-1252: refused, not converted */
			err = U_ZERO_ERROR;
			n = ucnv_toUChars(cnv, u, 4, in, 1, &err);
			u_strToUTF8(icu, sizeof icu, NULL, u, n, &err);
			pt__encoding_to_utf8(db, encs[e].enc, in, 1, &mine);
			if (U_SUCCESS(err) && !strcmp(pt__buf_str(&mine), icu))
				agree++;
			else
				fprintf(stderr, "%s byte 0x%02x: ICU '%s', ours '%s'\n", encs[e].icu, byte,
					icu, pt__buf_str(&mine));
			pt__buf_release(&mine);
		}
		ucnv_close(cnv);
	}
	CHECK_INT(agree, (256 - 0x20 - 5) + (256 - 0x20));
	{
		pt__encoding enc;
		CHECK_INT(pt__encoding_parse("Windows-1252", &enc), PT_OK);
		CHECK_INT(enc, PT__ENC_CP1252);
		CHECK_INT(pt__encoding_parse("ISO-8859-1", &enc), PT_OK);
		CHECK_INT(enc, PT__ENC_LATIN1);
		CHECK_INT(pt__encoding_parse("UTF-16", &enc), PT_OK);
		CHECK_INT(pt__encoding_parse("klingon", &enc), PT_EINVAL);
		CHECK_INT(pt__encoding_bom("\xef\xbb\xbfx", 4, &enc), 3);
		CHECK_INT(pt__encoding_bom("\xfe\xff", 2, &enc), 2);
		CHECK_INT(enc, PT__ENC_UTF16BE);
		CHECK_INT(pt__encoding_bom("ab", 2, &enc), 0);
	}
	pt_db_free(db);
}

void suite_mapping(void);
void suite_mapping(void)
{
	RUN(test_mapping_files_are_checked);
	RUN(test_a_good_mapping_reads);
	RUN(test_archival_headers_are_recognised);
	RUN(test_full_names_values_patterns_defaults);
	RUN(test_json_through_a_mapping);
	RUN(test_kind_and_mapping_disagree);
	RUN(test_camp_keys_fold_numerals_and_umlauts);
	RUN(test_existing_aliases_still_resolve);
	RUN(test_single_byte_encodings_agree_with_icu);
}

/*
 * test_csv.c - the CSV reader and the spreadsheet import: csv-spectrum's
 * files read to their expected values, delimiters, title lines, encodings
 * (with bad bytes found by line and column), archival headers and dates,
 * broken rows refused whole or skipped into a rejects file byte for byte,
 * re-import, updates, and the provenance of every row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "harness.h"
#include "testdb.h"
#include "import/sheet.h"

static char path_buf[256];

static const char *temp_path(const char *name)
{
	snprintf(path_buf, sizeof path_buf, "/tmp/pt-csv-%ld-%s", (long)getpid(), name);
	return path_buf;
}

static void write_bytes(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
		free(data);
		data = NULL;
	}
	if (data)
		data[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return data;
}

#define CHECK_SQL_STR(db, sql, want) do { char *t_ = pt_test_text(db, sql); \
	CHECK_STR(t_, want); free(t_); } while (0)

/* Imports bytes as file `name` with opts (display name set here). */
static int import_bytes(pt_db *db, const char *name, const char *data, size_t len,
			pt_import_options *opts, pt_import_summary **sum)
{
	pt_import_options none = { .format = PT_FORMAT_AUTO };
	const char *path = temp_path(name);
	int rc;
	if (!opts)
		opts = &none;
	write_bytes(path, data, len);
	opts->display_name = name;
	rc = pt_import_file(db, path, opts, sum);
	unlink(temp_path(name));
	return rc;
}

static int import_text(pt_db *db, const char *name, const char *data, pt_import_options *opts,
		       pt_import_summary **sum)
{
	return import_bytes(db, name, data, strlen(data), opts, sum);
}

static pt_db *open_db(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	return db;
}

/* ---- csv-spectrum ---------------------------------------------------------- */

struct rows {
	json_t *list;     /* array of arrays of strings */
};

static int collect(void *ctx, long line, char **cells, size_t n)
{
	struct rows *r = ctx;
	json_t *row = json_array();
	(void)line;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(row, json_string(cells[i]));
	json_array_append_new(r->list, row);
	return PT_OK;
}

static void test_csv_spectrum(void)
{
	static const char *const names[] = {
		"comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json",
		"location_coordinates", "newlines", "newlines_crlf", "quotes_and_newlines",
		"simple", "simple_crlf", "utf8", NULL,
	};
	const char *dir = pt_test_data_dir();
	pt_db *db;
	int files = 0, agree = 0, known = 0;

	if (!dir) {
		pt_test_skip("test_csv_spectrum", "shared data not found");
		return;
	}
	db = open_db();
	for (const char *const *n = names; *n; n++) {
		char path[512];
		struct rows r = { json_array() };
		pt_import_summary *problems = NULL;
		json_error_t err;
		json_t *expected, *header;
		size_t len = 0, i;
		char *data;
		int ok = 1;

		snprintf(path, sizeof path, "%s/csv/csv-spectrum/csvs/%s.csv", dir, *n);
		data = read_file(path, &len);
		snprintf(path, sizeof path, "%s/csv/csv-spectrum/json/%s.json", dir, *n);
		expected = json_load_file(path, 0, &err);
		if (!data || !expected) {
			fprintf(stderr, "csv-spectrum: cannot read %s\n", *n);
			pt_test_failures++;
			free(data);
			json_decref(expected);
			json_decref(r.list);
			continue;
		}
		files++;
		CHECK_INT(pt__csv_rows(db, *n, data, len, 0, collect, &r, &problems), PT_OK);
		CHECK(problems && problems->error_count == 0);
		pt_import_summary_free(problems);
		if (json_is_object(expected)) { /* one record, not in an array */
			json_t *one = expected;
			expected = json_pack("[o]", one);
		}
		header = json_array_get(r.list, 0);
		if (json_array_size(r.list) != json_array_size(expected) + 1) {
			fprintf(stderr, "csv-spectrum %s: %zu rows, want %zu\n", *n,
				json_array_size(r.list) - 1, json_array_size(expected));
			ok = 0;
		}
		for (i = 0; ok && i < json_array_size(expected); i++) {
			json_t *want = json_array_get(expected, i), *got = json_array_get(r.list, i + 1);
			const char *key;
			json_t *value;
			json_object_foreach(want, key, value) {
				size_t col = 0;
				while (col < json_array_size(header) &&
				       strcmp(json_string_value(json_array_get(header, col)), key))
					col++;
				if (!json_equal(json_array_get(got, col), value)) {
					/* location_coordinates.json gives a phone number
					 * that its CSV does not hold: a slip in the
					 * test suite, not a reading to match */
					if (!strcmp(*n, "location_coordinates") &&
					    !strcmp(key, "Contact Phone Number")) {
						known++;
						continue;
					}
					fprintf(stderr, "csv-spectrum %s row %zu %s: got '%s', want '%s'\n",
						*n, i + 1, key,
						json_string_value(json_array_get(got, col)),
						json_string_value(value));
					ok = 0;
				}
			}
		}
		if (ok)
			agree++;
		else
			pt_test_failures++;
		free(data);
		json_decref(expected);
		json_decref(r.list);
	}
	pt_test_note("csv: csv-spectrum: %d/%d files read to their expected values "
		     "(%d value the suite itself gets wrong, in location_coordinates)", agree, files,
		     known);
	CHECK_INT(agree, 12);
	pt_db_free(db);
}

/* ---- raw reading: delimiters, quotes, line ends ------------------------------------ */

static char detect(const char *text)
{
	return pt__csv_detect_delimiter(text, strlen(text));
}

static void test_delimiters_are_detected(void)
{
	CHECK_INT(detect("a;b;c\n1;2;3\n"), ';');
	CHECK_INT(detect("a\tb\tc\n1\t2\t3\n"), '\t');
	CHECK_INT(detect("a|b\n1|2\n"), '|');
	CHECK_INT(detect("a,b\n1,2\n"), ',');
	/* commas inside a field do not fool it */
	CHECK_INT(detect("name;place\n\"Kelly, Frank\";Arnhem\n\"Walker, H.\";Caen\n"), ';');
	/* a title line above the header does not count */
	CHECK_INT(detect("Register of prisoners, Stalag IV-B, 1945\n\n"
			 "SURNAME;Christian names;Army No.\nKELLY;Frank;1\n"), ';');
	CHECK_INT(detect("one column\nvalue\n"), ',');
}

static void test_rows_keep_their_lines(void)
{
	static const char data[] = "a,b\r\n1,\"two\nlines\"\r\n\r\n3,4\r5,6";
	pt_db *db = open_db();
	struct rows r = { json_array() };
	pt_import_summary *problems = NULL;
	char *dump;
	CHECK_INT(pt__csv_rows(db, "x.csv", data, sizeof data - 1, 0, collect, &r, &problems), PT_OK);
	dump = json_dumps(r.list, JSON_COMPACT);
	CHECK_STR(dump, "[[\"a\",\"b\"],[\"1\",\"two\\nlines\"],[\"3\",\"4\"],[\"5\",\"6\"]]");
	free(dump);
	pt_import_summary_free(problems);
	json_decref(r.list);
	pt_db_free(db);
}

/* ---- importing persons ----------------------------------------------------------- */

static const char REGISTER[] =
	"record_id,surname,given_names,nationality,birth_date,rank,unit,capture_date,"
	"capture_place,internment_camp,source,source_locator,notes\n"
	"IVB-1,Kelly,Frank,GB,12.4.1920,Pte,2nd Bn,Sept. 1944,Arnhem,Stalag IV-B,ivb-register,p. 1,\n"
	"IVB-2,Walker,Harold,GB,c. 1915,Sgt,RAF,12/4/45,Caen,Stalag 4B,ivb-register,p. 1,\n"
	"IVB-3,Mills,John,GB,1919,Pte,,April 1945,,STALAG IVB,ivb-register,p. 2,sick\n";

static void test_canonical_csv_imports_and_reimports(void)
{
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	pt_person *p = NULL;

	CHECK_INT(import_text(db, "register.csv", REGISTER, NULL, &sum), PT_OK);
	if (sum) {
		CHECK_INT(sum->rows, 3);
		CHECK_INT(sum->inserted, 3);
		CHECK_STR(sum->format, "csv");
		CHECK_STR(sum->encoding, "utf-8");
		CHECK_INT(sum->delimiter, ',');
		CHECK_INT(sum->header_line, 1);
		CHECK_INT(sum->new_camp_count, 1); /* three spellings, one new camp */
		CHECK_INT(sum->new_source_count, 1);
		CHECK(sum->batch_id > 0);
	}
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(DISTINCT camp_id) FROM event WHERE type = 'internment'"), 1);
	CHECK_INT(pt_person_get(db, 1, &p), PT_OK);
	if (p) {
		CHECK_STR(p->record_source, "ivb-register");
		CHECK_STR(p->record_id, "IVB-1");
		CHECK_STR(p->birth_date, "1920-04-12");
		CHECK_STR(p->birth_date_original, "12.4.1920");
		CHECK_INT(p->event_count, 2);
		if (p->event_count == 2) {
			CHECK_STR(p->events[0].type, "capture");
			CHECK_STR(p->events[0].date, "1944-09");
			CHECK_STR(p->events[0].date_original, "Sept. 1944");
			CHECK_STR(p->events[0].place, "Arnhem");
			CHECK_INT(p->events[0].batch_line, 2);
		}
		CHECK_INT(p->citation_count, 1);
		if (p->citation_count)
			CHECK_STR(p->citations[0].locator, "p. 1");
		CHECK_INT(p->batch_line, 2);
		CHECK_STR(p->batch_file, "register.csv");
	}
	pt_person_free(p);
	CHECK_SQL_STR(db, "SELECT date || ' ' || date_original FROM event WHERE person_id = 2 "
		      "AND type = 'capture'", "1945-04-12 12/4/45");

	/* the same file again: nothing changes */
	CHECK_INT(import_text(db, "register.csv", REGISTER, NULL, &sum), PT_OK);
	if (sum) {
		CHECK_INT(sum->unchanged, 3);
		CHECK_INT(sum->inserted, 0);
		CHECK_INT(sum->new_camp_count, 0);
	}
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 3);

	/* an edited row updates its person */
	{
		pt__buf b = PT__BUF_INIT;
		const char *at = strstr(REGISTER, "sick");
		pt__buf_add(&b, REGISTER, (size_t)(at - REGISTER));
		pt__buf_puts(&b, "died in camp\n");
		CHECK_INT(import_text(db, "register.csv", pt__buf_str(&b), NULL, &sum), PT_OK);
		pt__buf_release(&b);
	}
	if (sum) {
		CHECK_INT(sum->updated, 1);
		CHECK_INT(sum->unchanged, 2);
	}
	pt_import_summary_free(sum);
	CHECK_SQL_STR(db, "SELECT notes FROM person WHERE record_id = 'IVB-3'", "died in camp");
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event"), 6);
	pt_db_free(db);
}

/* Semicolons, Windows-1252, title lines, archival headers, two-digit years:
 * the kind of file the issue says archives produce. */
static void test_archival_spreadsheet(void)
{
	static const char sheet[] =
		"Stalag IV-B M\xfchlberg: register of British prisoners;;;;\r\n"
		"typed 1946, copied 1987;;;;\r\n"
		"\r\n"
		"SURNAME;Christian names;Army No.;Regt.;Date of capture;Camp;Remarks\r\n"
		"KELLY;Frank;5336912;R. Sussex;12.9.44;Muehlberg;\x84liberated\x93 by Red Army\r\n"
		"M\xdcLLER;J\xfcrgen;;;1.5.45;M\xfchlberg;\r\n"
		";;;;;;\r\n";
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	pt_person *p = NULL;

	CHECK_INT(import_bytes(db, "register.csv", sheet, sizeof sheet - 1, NULL, &sum), PT_OK);
	if (sum) {
		CHECK_STR(sum->encoding, "windows-1252");
		CHECK_INT(sum->delimiter, ';');
		CHECK_INT(sum->header_line, 4);
		CHECK_INT(sum->rows, 2);
		CHECK_INT(sum->inserted, 2);
		CHECK_INT(sum->new_camp_count, 1); /* Muehlberg = Mühlberg */
		if (sum->column_count == 7) {
			CHECK_STR(sum->columns[0].field, "surname");
			CHECK_STR(sum->columns[2].field, "service_number");
			CHECK_STR(sum->columns[3].field, "unit");
			CHECK_STR(sum->columns[5].field, "internment_camp");
		}
	}
	pt_import_summary_free(sum);
	CHECK_INT(pt_person_get(db, 2, &p), PT_OK);
	if (p) {
		CHECK_STR(p->surname, "MÜLLER");
		CHECK_STR(p->given_names, "Jürgen");
		if (p->event_count)
			CHECK_STR(p->events[0].date, "1945-05-01");
	}
	pt_person_free(p);
	CHECK_SQL_STR(db, "SELECT notes FROM person WHERE id = 1", "\xe2\x80\x9eliberated\xe2\x80\x9c by Red Army");
	CHECK_SQL_STR(db, "SELECT service_number FROM person WHERE id = 1", "5336912");
	pt_db_free(db);
}

static void test_encodings(void)
{
	/* UTF-16 with a byte order mark, both byte orders; Latin-1 declared */
	static const char le[] = "\xff\xfes\0u\0r\0n\0a\0m\0e\0\n\0M\0\xfc\0l\0l\0e\0r\0\n\0";
	static const char be[] = "\xfe\xff\0s\0u\0r\0n\0a\0m\0e\0\n\0M\0\xfc\0l\0l\0e\0r\0\n";
	static const char latin1[] = "surname\nM\xfcller\n";
	static const char bom8[] = "\xef\xbb\xbfsurname\nM\xc3\xbcller\n";
	static const char nfd[] = "surname\nMu\xcc\x88ller\n"; /* u + combining diaeresis */
	pt_import_options opts = { .format = PT_FORMAT_AUTO };
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;

	CHECK_INT(import_bytes(db, "le.csv", le, sizeof le - 1, NULL, &sum), PT_OK);
	CHECK_STR(sum ? sum->encoding : NULL, "utf-16le");
	pt_import_summary_free(sum);
	CHECK_INT(import_bytes(db, "be.csv", be, sizeof be - 1, NULL, &sum), PT_OK);
	CHECK_STR(sum ? sum->encoding : NULL, "utf-16be");
	pt_import_summary_free(sum);
	opts.encoding = "latin-1";
	CHECK_INT(import_bytes(db, "l1.csv", latin1, sizeof latin1 - 1, &opts, &sum), PT_OK);
	CHECK_STR(sum ? sum->encoding : NULL, "latin-1");
	pt_import_summary_free(sum);
	CHECK_INT(import_bytes(db, "bom.csv", bom8, sizeof bom8 - 1, NULL, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(import_bytes(db, "nfd.csv", nfd, sizeof nfd - 1, NULL, &sum), PT_OK);
	pt_import_summary_free(sum);
	/* five spellings of one name: one person, stored once in NFC */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person WHERE surname = 'M\xc3\xbcller'"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 1);
	CHECK_INT(pt_test_count(db, "SELECT unchanged FROM import_batch ORDER BY id DESC LIMIT 1"), 1);
	pt_db_free(db);
}

static void expect_refused(const char *name, const char *data, size_t len,
			   const pt_import_options *given, const char *message)
{
	pt_import_options opts = given ? *given : (pt_import_options){ .format = PT_FORMAT_AUTO };
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_bytes(db, name, data, len, &opts, &sum), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), message);
	if (sum)
		CHECK_INT(sum->inserted, 0);
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM import_batch"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp"), 0);
	pt_db_free(db);
}

#define REFUSE(name, text, message) expect_refused(name, text, sizeof text - 1, NULL, message)

static void test_bad_input_is_refused_with_line_and_column(void)
{
	pt_import_options utf8 = { .encoding = "utf-8" }, cp = { .encoding = "windows-1252" };
	static const char bad_utf8[] = "surname,camp\nKelly,Stalag IV-B\nM\xfcller,x\n";
	static const char bad_cp[] = "surname\nKelly\nA\x81\n";

	expect_refused("a.csv", bad_utf8, sizeof bad_utf8 - 1, &utf8,
		       "a.csv:3: invalid UTF-8: byte 0xfc at column 2 (declare the file's encoding, "
		       "e.g. windows-1252)");
	expect_refused("b.csv", bad_cp, sizeof bad_cp - 1, &cp,
		       "b.csv:3: byte 0x81 at column 2 is not Windows-1252 (declare the file's encoding)");
	/* UTF-8 text with one stray byte is UTF-8 still: the byte is the error */
	REFUSE("u.csv", "surname,camp\nMüller,Mühlberg\nJürgen,\xfc\n",
	       "u.csv:3: invalid UTF-8: byte 0xfc at column 8 (declare the file's encoding, "
	       "e.g. windows-1252)");
	REFUSE("c.csv", "surname,birth_date\nKelly,1.1.1920\nSmith,31.02.1920\n",
	       "c.csv:3: birth_date: cannot read date '31.02.1920': day 31 out of range for 1920-02");
	REFUSE("d.csv", "SURNAME,Date of birth\nKelly,someday\n",
	       "d.csv:2: Date of birth: cannot read date 'someday': not a date I can read");
	REFUSE("e.csv", "surname,given_names\nKelly,Frank,extra\n",
	       "e.csv:2: the row has 3 cells, the header 2");
	REFUSE("f.csv", "surname,notes\nKelly,\"never closed\nWalker,x\n",
	       "f.csv:2: a quoted cell that starts here does not end");
	REFUSE("g.csv", "given_names,rank\n,Pte\n",
	       "g.csv:2: surname: a person needs a surname or given names");
	REFUSE("h.csv", "record_id,surname\n1,Kelly\n1,Walker\n",
	       "h.csv:3: record_id: duplicate record_id '1' (first at line 2)");
	REFUSE("i.csv", "surname,nationality\nKelly,Martian\n",
	       "i.csv:2: nationality: 'Martian' is not an ISO 3166 alpha-2 code (such as GB, US, SU)");
	REFUSE("j.csv", "", "j.csv: the file is empty (no header row)");
	REFUSE("k.csv", "surname,capture_camp\nKelly,--\n",
	       "k.csv:2: capture_camp: camp '--' has no letters or digits");
	{
		/* a quote that never closes in a big file: stopped, not held whole */
		size_t n = 17u << 20;
		char *big = malloc(n + 16);
		if (big) {
			memcpy(big, "surname\n\"", 9);
			for (size_t i = 9; i < n; i++)
				big[i] = i % 64 == 0 ? '\n' : 'a';
			expect_refused("big.csv", big, n, NULL, "big.csv:2: a quoted cell that starts "
				       "here does not end (row longer than 16777216 bytes)");
			free(big);
		}
	}
	{
		pt_import_options camps = { .kind = "camp" };
		expect_refused("l.csv", "key,name,type,lat,lon\nk,N,stalag,fifty,13\n",
			       sizeof "key,name,type,lat,lon\nk,N,stalag,fifty,13\n" - 1, &camps,
			       "l.csv:2: lat: cannot read number 'fifty'");
	}
}

/* A file imports whole or not at all; with skip_invalid the good rows go in
 * and every bad row goes to the rejects file as it was, with its reason. */
static void test_skip_invalid_and_rejects(void)
{
	static const char data[] =
		"Register;;\r\n"
		"surname;birth_date;camp\r\n"
		"Kelly;1.1.1920;Stalag 4B\r\n"
		"Smith;31.02.1920;Stalag 4B\r\n"
		"Jones;\"c. 1915\";\"Oflag\r\n64\"\r\n"
		"Brown;someday;Oflag 64\r\n";
	pt_import_options opts = { .skip_invalid = 1 };
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	char rejects[300], *written;
	size_t len;

	snprintf(rejects, sizeof rejects, "%s", temp_path("rejects.csv"));
	opts.rejects = rejects;
	CHECK_INT(import_bytes(db, "r.csv", data, sizeof data - 1, &opts, &sum), PT_OK);
	if (sum) {
		CHECK_INT(sum->rows, 4);
		CHECK_INT(sum->inserted, 2);
		CHECK_INT(sum->rejected, 2);
		CHECK_INT(sum->rejects_written, 2);
		CHECK_INT(sum->error_count, 2);
	}
	pt_import_summary_free(sum);
	written = read_file(rejects, &len);
	CHECK_STR(written,
		  "Register;;\r\n"
		  "surname;birth_date;camp;\"reject_reason\"\r\n"
		  "Smith;31.02.1920;Stalag 4B;\"birth_date: cannot read date '31.02.1920': day 31 "
		  "out of range for 1920-02\"\r\n"
		  "Brown;someday;Oflag 64;\"birth_date: cannot read date 'someday': not a date I "
		  "can read\"\r\n");
	free(written);
	unlink(rejects);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM import_reject"), 2);
	CHECK_SQL_STR(db, "SELECT raw FROM import_reject ORDER BY line LIMIT 1",
		      "Smith;31.02.1920;Stalag 4B\r\n");
	CHECK_INT(pt_test_count(db, "SELECT rejected FROM import_batch"), 2);
	/* "Oflag\r\n64" inside quotes is one camp, "Oflag 64" after folding */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp"), 2);
	pt_db_free(db);
}

static void test_dry_run_changes_nothing(void)
{
	pt_import_options opts = { .dry_run = 1 };
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_text(db, "register.csv", REGISTER, &opts, &sum), PT_OK);
	if (sum) {
		CHECK_INT(sum->inserted, 3);   /* what it would do */
		CHECK_INT(sum->batch_id, 0);
		CHECK_INT(sum->column_count, 13);
		if (sum->column_count > 9)
			CHECK_STR(sum->columns[9].field, "internment_camp");
	}
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM import_batch"), 0);
	pt_db_free(db);
}

static void test_unmapped_columns_are_kept(void)
{
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_text(db, "x.csv", "surname,Hair colour,,Weight\nKelly,red,odd,\n", NULL,
			      &sum), PT_OK);
	if (sum && sum->column_count == 4) {
		CHECK_STR(sum->columns[1].field, "(kept)");
		CHECK_STR(sum->columns[2].column, "column 3");
	}
	pt_import_summary_free(sum);
	CHECK_SQL_STR(db, "SELECT extra FROM person", "{\"Hair colour\":\"red\",\"column 3\":\"odd\"}");
	/* two columns of one name are both kept */
	CHECK_INT(import_text(db, "y.csv", "surname,Remark 2,Remark 2,nationality\nWalker,a,b,Br.\n",
			      NULL, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_SQL_STR(db, "SELECT extra || ' ' || nationality FROM person WHERE surname = 'Walker'",
		      "{\"Remark 2\":\"a\",\"Remark 2 (column 3)\":\"b\"} GB");
	pt_db_free(db);
}

static void test_other_kinds_from_csv(void)
{
	pt_import_options sources = { .kind = "source" }, camps = { .kind = "camp" },
			  claims = { .kind = "claim" };
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	CHECK_INT(import_text(db, "s.csv", "key,kind,title,authors\n"
			      "iron-cage,book,The Iron Cage,Nigel Cawthorne\n", &sources, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(import_text(db, "c.csv", "key,name,type,lat,lon,aliases,period_start,period_end\n"
			      "stalag-iv-b,Stalag IV-B,Stalag,\"51,446\",13.283,Stalag 4B;Mühlberg,1939,1945\n",
			      &camps, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(import_text(db, "k.csv", "key,question,value,approximate,nationality,source\n"
			      "us-left,retained,\"23,500\",yes,U.S.,iron-cage\n", &claims, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_SQL_STR(db, "SELECT authors FROM source", "[\"Nigel Cawthorne\"]");
	CHECK_SQL_STR(db, "SELECT lat || ' ' || period FROM camp", "51.446 1939/1945");
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp_alias"), 3);
	CHECK_SQL_STR(db, "SELECT value_min || ' ' || approximate || ' ' || population FROM claim",
		      "23500.0 1 {\"nationality\":\"US\"}");
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM citation WHERE claim_id IS NOT NULL"), 1);
	pt_db_free(db);
}

/* unimport takes back what a batch alone brought in; what a later batch
 * changed stays */
static void test_unimport(void)
{
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	pt_unimport_summary un;
	pt_batch *batches = NULL;
	size_t n = 0;

	CHECK_INT(import_text(db, "a.csv", "record_id,surname,camp\n1,Kelly,Stalag 4B\n2,Walker,Oflag 64\n"
			      "3,Mills,\n", NULL, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(import_text(db, "b.csv", "record_id,surname,camp\n3,Mills,Oflag 64\n4,Jones,\n",
			      NULL, &sum), PT_OK);
	if (sum) {
		CHECK_INT(sum->updated, 1);
		CHECK_INT(sum->inserted, 1);
	}
	pt_import_summary_free(sum);
	CHECK_INT(pt_batch_list(db, &batches, &n), PT_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(batches[0].file, "a.csv");
		CHECK_STR(batches[1].format, "csv");
		CHECK_INT(batches[0].persons, 2);
		CHECK_INT(batches[1].persons, 2);
		CHECK(strlen(batches[0].sha256) == 64);
	}
	pt_batch_list_free(batches, n);

	CHECK_INT(pt_batch_unimport(db, 1, &un), PT_OK);
	CHECK_INT(un.persons, 2);   /* Kelly, Walker; Mills was changed by batch 2 */
	CHECK_INT(un.kept, 1 + 1);  /* Mills, and "Oflag 64" that Mills still points at */
	CHECK_INT(un.camps, 1);     /* "Stalag 4B" went with Kelly */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 2);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp"), 1);
	CHECK_INT(pt_batch_unimport(db, 1, &un), PT_ECONFLICT);
	CHECK_INT(pt_batch_unimport(db, 9, &un), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no import batch 9");
	CHECK_INT(pt_batch_unimport(db, 2, &un), PT_OK);
	CHECK_INT(un.persons, 1);      /* Jones */
	CHECK_INT(un.kept_updated, 1); /* Mills: batch 2 only updated it */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM import_batch WHERE unimported_at IS NOT NULL"), 2);
	pt_db_free(db);
}

void suite_csv(void);
void suite_csv(void)
{
	RUN(test_csv_spectrum);
	RUN(test_delimiters_are_detected);
	RUN(test_rows_keep_their_lines);
	RUN(test_canonical_csv_imports_and_reimports);
	RUN(test_archival_spreadsheet);
	RUN(test_encodings);
	RUN(test_bad_input_is_refused_with_line_and_column);
	RUN(test_skip_invalid_and_rejects);
	RUN(test_dry_run_changes_nothing);
	RUN(test_unmapped_columns_are_kept);
	RUN(test_other_kinds_from_csv);
	RUN(test_unimport);
}

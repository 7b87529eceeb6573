/*
 * test_workbook.c - the workbook readers (.xlsx, .ods, .xls) and their
 * import: the committed registers (tests/data/workbooks/, made by
 * tools/make_workbooks.c and tools/make_xls.py) read cell for cell in each
 * format, dates in the 1900 and 1904 systems, numbers as written, merged
 * cells; broken workbooks next to them (cut short, no workbook, malformed
 * XML, a shared string that is not there, a DTD, a zip bomb, a sheet that
 * does not exist, content that is not what the name says); and a real
 * register of ../shared/data imported as CSV and as .xlsx to the same rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "testdb.h"
#include "import/sheet.h"
#include "import/workbook.h"
#include "../../tools/fuzz/workbook_build.h"

#define DIR "tests/data/workbooks/"

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;
	*len = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)n + 1)) && fread(data, 1, (size_t)n, f) == (size_t)n) {
		data[n] = '\0';
		*len = (size_t)n;
	} else {
		free(data);
		data = NULL;
	}
	fclose(f);
	return data;
}

static pt_db *open_db(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	return db;
}

/* ---- values ------------------------------------------------------------------ */

static void test_workbook_values(void)
{
	char b[64];
	static const struct { double serial; int s1904; const char *want; } dates[] = {
		{ 1, 0, "1900-01-01" }, { 59, 0, "1900-02-28" }, { 60, 0, "1900-02-29" },
		{ 61, 0, "1900-03-01" }, { 16335, 0, "1944-09-20" }, { 16335.99, 0, "1944-09-20" },
		{ 5539, 0, "1915-03-01" }, { 0, 1, "1904-01-01" }, { 14873, 1, "1944-09-20" },
		{ 2958465, 0, "9999-12-31" },
	};
	static const struct { double v; const char *want; } numbers[] = {
		{ 1945, "1945" }, { 1945.5, "1945.5" }, { 0.1 + 0.2, "0.3" }, { -0.0, "0" },
		{ 5491234, "5491234" }, { 1.5e-5, "0.000015" }, { 123456789012345.0, "123456789012345" },
		{ -12.25, "-12.25" },
	};
	static const struct { const char *code; int want; } formats[] = {
		{ "dd/mm/yyyy", 1 }, { "d-mmm-yy", 1 }, { "[$-409]mmmm d, yyyy;@", 1 }, { "mmm", 1 },
		{ "h:mm", 2 }, { "mm:ss", 2 }, { "[h]:mm:ss", 0 }, { "0.00", 0 }, { "General", 0 },
		{ "\"day\" 0", 0 }, { "#,##0", 0 }, { "0.00E+00", 0 }, { "yyyy-mm-dd hh:mm", 1 },
		{ "[Red]0.0", 0 },
	};

	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
		CHECK(pt__wb_serial_date(dates[i].serial, dates[i].s1904, b, sizeof b));
		CHECK_STR(b, dates[i].want);
	}
	CHECK(!pt__wb_serial_date(0.5, 0, b, sizeof b)); /* a time of day, no date */
	CHECK(!pt__wb_serial_date(-3, 1, b, sizeof b));
	CHECK(!pt__wb_serial_date(3e6, 0, b, sizeof b));
	for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
		pt__wb_number_text(numbers[i].v, b, sizeof b);
		CHECK_STR(b, numbers[i].want);
	}
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (pt__wb_format_kind(formats[i].code) != formats[i].want) {
			fprintf(stderr, "format '%s' is %d, want %d\n", formats[i].code,
				pt__wb_format_kind(formats[i].code), formats[i].want);
			pt_test_failures++;
		}
	CHECK_INT(pt__wb_builtin_format_kind(14), 1);
	CHECK_INT(pt__wb_builtin_format_kind(22), 1);
	CHECK_INT(pt__wb_builtin_format_kind(20), 2);
	CHECK_INT(pt__wb_builtin_format_kind(49), 0);
}

/* ---- the committed registers, cell for cell ----------------------------------- */

/* rows as "SHEET!ROW: kind:cell|kind:cell..." lines */
static int collect(void *ctx, const char *sheet, long row, char **cells,
		   const unsigned char *kinds, size_t count)
{
	pt__buf *out = ctx;
	pt__buf_printf(out, "%s!%ld:", sheet, row);
	for (size_t i = 0; i < count; i++)
		pt__buf_printf(out, "%s%d:%s", i ? "|" : " ", kinds[i], cells[i]);
	pt__buf_putc(out, '\n');
	return PT_OK;
}

static char *rows_of(pt_db *db, const char *path, const char *sheet, int *rc_out,
		     pt_import_summary **problems)
{
	pt__buf out = PT__BUF_INIT;
	size_t len;
	char *data = read_file(path, &len);
	int rc;
	*problems = NULL;
	if (!data) {
		fprintf(stderr, "cannot read %s (run the tests from the repository)\n", path);
		pt_test_failures++;
		return NULL;
	}
	rc = pt__workbook_rows(db, path, data, len, sheet, collect, &out, problems);
	if (rc_out)
		*rc_out = rc;
	free(data);
	pt__buf_add(&out, "", 0);
	return pt__buf_detach(&out);
}

/* kinds: 1 text, 2 number, 3 date, 4 time, 5 boolean, 6 error */
static const char register_xlsx[] =
	"Register 1945!1: 1:Stalag IV-B register, copied 1946\n"
	"Register 1945!2: 1:SURNAME|1:Christian names|1:Army No.|1:Date of birth|1:Camp|"
	"1:Date of capture|1:Remarks\n"
	"Register 1945!3: 1:Kelly|1:Frank|2:5491234|3:1915-03-01|1:Stalag IV-B|3:1944-09-20|"
	"1:liberated 23.4.45\n"
	"Register 1945!4: 1:Walker|1: Harold |1:7712345|3:1919-11-02|1:Stalag IV-B|"
	"1:18 Sept. 1944|5:true\n"
	"Register 1945!5: 1:M\xc3\xbcller|1:Hans|2:1945.5|1:3.4.99|1:Stalag IV-B|0:|6:#N/A\n"
	"Register 1945!7: 1:Evans|1:Thomas|1:T-100|0:|1:Oflag 64|0:|4:12:00:00\n"
	"Transfers!1: 1:Surname|1:Given names|1:Transfer camp|1:Transfer date\n"
	"Transfers!2: 1:Goodall|1:Ted|1:Stalag III-A|3:1945-03-02\n"
	"Notes!1: 1:Copied from the card index by a volunteer.\n";

static const char register_ods[] =
	"Register 1945!1: 1:Stalag IV-B register, copied 1946\n"
	"Register 1945!2: 1:SURNAME|1:Christian names|1:Army No.|1:Date of birth|1:Camp|"
	"1:Date of capture|1:Remarks\n"
	"Register 1945!3: 1:Kelly|1:Frank|2:5491234|3:1915-03-01|1:Stalag IV-B|3:1944-09-20|"
	"1:liberated 23.4.45\n"
	"Register 1945!4: 1:Walker|1:Harold|2:7712345|3:1919-11-02|1:Stalag IV-B|"
	"1:18 Sept. 1944|5:true\n"
	"Register 1945!5: 1:M\xc3\xbcller|1:Hans|2:1945.5|1:3.4.99|1:Stalag IV-B|0:|"
	"1:first line\nsecond  line\n"
	"Register 1945!7: 1:Evans|1:Thomas|1:T-100|0:|1:Oflag 64|0:|4:12:00:00\n"
	"Transfers!1: 1:Surname|1:Given names|1:Transfer camp|1:Transfer date\n"
	"Transfers!2: 1:Goodall|1:Ted|1:Stalag III-A|3:1945-03-02\n"
	"Notes!1: 1:Copied from the card index by a volunteer.\n";

/* libfreexl reads merges and booleans as BIFF stores them: the value in the
 * top-left cell only, TRUE as the number 1 */
static const char register_xls[] =
	"Register 1945!1: 1:Stalag IV-B register, copied 1946\n"
	"Register 1945!2: 1:SURNAME|1:Christian names|1:Army No.|1:Date of birth|1:Camp|"
	"1:Date of capture|1:Remarks\n"
	"Register 1945!3: 1:Kelly|1:Frank|2:5491234|3:1915-03-01|1:Stalag IV-B|3:1944-09-20|"
	"1:liberated 23.4.45\n"
	"Register 1945!4: 1:Walker|1:Harold|2:7712345|3:1919-11-02|0:|1:18 Sept. 1944|2:1\n"
	"Register 1945!5: 1:M\xc3\xbcller|1:Hans|2:1945.5|1:3.4.99\n"
	"Register 1945!7: 1:Evans|1:Thomas|1:T-100|0:|1:Oflag 64\n"
	"Transfers!1: 1:Surname|1:Given names|1:Transfer camp|1:Transfer date\n"
	"Transfers!2: 1:Goodall|1:Ted|1:Stalag III-A|3:1945-03-02\n"
	"Notes!1: 1:Copied from the card index by a volunteer.\n";

static void test_workbook_registers(void)
{
	static const struct { const char *file, *want; } books[] = {
		{ DIR "register.xlsx", register_xlsx }, { DIR "register.ods", register_ods },
		{ DIR "register.xls", register_xls }, { DIR "register-1904.xls", register_xls },
	};
	pt_db *db = open_db();
	pt_import_summary *problems;
	char *rows;
	int rc;

	for (size_t i = 0; i < sizeof books / sizeof *books; i++) {
		rows = rows_of(db, books[i].file, NULL, &rc, &problems);
		CHECK_INT(rc, PT_OK);
		if (rows && strcmp(rows, books[i].want)) {
			fprintf(stderr, "%s reads:\n%s", books[i].file, rows);
			pt_test_failures++;
		}
		CHECK_INT(problems ? problems->error_count : 99, 0);
		free(rows);
		pt_import_summary_free(problems);
	}
	/* the 1904 date system: the same days from other serial numbers */
	rows = rows_of(db, DIR "register-1904.xlsx", "Register 1945", &rc, &problems);
	CHECK_INT(rc, PT_OK);
	CHECK_STR(rows, "Register 1945!1: 1:SURNAME|1:Christian names|1:Date of birth|"
		  "1:Date of capture\n"
		  "Register 1945!2: 1:Kelly|1:Frank|3:1915-03-01|3:1944-09-20\n"
		  "Register 1945!3: 1:Walker|1: Harold |3:1919-11-02\n");
	free(rows);
	pt_import_summary_free(problems);
	/* a sheet by its place */
	rows = rows_of(db, DIR "register.ods", "2", &rc, &problems);
	CHECK_STR(rows, "Transfers!1: 1:Surname|1:Given names|1:Transfer camp|1:Transfer date\n"
		  "Transfers!2: 1:Goodall|1:Ted|1:Stalag III-A|3:1945-03-02\n");
	free(rows);
	pt_import_summary_free(problems);
	pt_db_free(db);
}

/* ---- broken workbooks ---------------------------------------------------------- */

static void expect_problem(pt_db *db, const char *path, const char *sheet, const char *want,
			   long line, const char *want_sheet)
{
	pt_import_summary *problems;
	int rc;
	char *rows = rows_of(db, path, sheet, &rc, &problems);
	CHECK_INT(rc, PT_EINVAL);
	if (problems && problems->error_count) {
		CHECK_STR(problems->errors[0].message, want);
		CHECK_INT(problems->errors[0].line, line);
		CHECK_STR(problems->errors[0].sheet, want_sheet);
	} else {
		fprintf(stderr, "%s: no problem, want '%s'\n", path, want);
		pt_test_failures++;
	}
	free(rows);
	pt_import_summary_free(problems);
}

static void test_workbook_broken(void)
{
	pt_db *db = open_db();
	expect_problem(db, DIR "broken/truncated.xlsx", NULL,
		       "not a workbook: the file is a damaged or truncated zip archive", 0, NULL);
	expect_problem(db, DIR "broken/not-a-workbook.xlsx", NULL,
		       "not a workbook: the file is a zip archive that holds no workbook", 0, NULL);
	expect_problem(db, DIR "broken/document.xlsx", NULL,
		       "not a workbook: the file is a Word document (.docx)", 0, NULL);
	expect_problem(db, DIR "broken/malformed.xlsx", NULL,
		       "xl/worksheets/sheet3.xml line 2: malformed XML: mismatched tag", 2,
		       "Register 1945");
	expect_problem(db, DIR "broken/bad-shared-string.xlsx", NULL,
		       "cell B3 refers to shared string '4294967296', but the workbook has 15", 3,
		       "Register 1945");
	expect_problem(db, DIR "broken/doctype.xlsx", NULL,
		       "xl/worksheets/sheet3.xml line 2: a DTD, which no workbook has", 0,
		       "Register 1945");
	expect_problem(db, DIR "register.xlsx", "Prisoners",
		       "no sheet 'Prisoners' (the workbook has 'Register 1945', 'Transfers', 'Notes')",
		       0, NULL);
	expect_problem(db, DIR "register.xls", "4",
		       "no sheet '4' (the workbook has 'Register 1945', 'Transfers', 'Notes')", 0, NULL);
	expect_problem(db, DIR "broken/text-named.xlsx", NULL,
		       "not a workbook: the file is a damaged or truncated zip archive", 0, NULL);
	pt_db_free(db);
}

/* A sheet of `rows` rows of a long cell: about rows * 1 KB of XML. */
static char *big_sheet(size_t rows, size_t *len)
{
	pt__buf b = PT__BUF_INIT;
	pt__buf_puts(&b, "<worksheet xmlns=\"" WB_NS "\"><sheetData>");
	for (size_t r = 1; r <= rows; r++) {
		pt__buf_printf(&b, "<row r=\"%zu\"><c t=\"inlineStr\"><is><t>", r);
		for (int k = 0; k < 100; k++)
			pt__buf_puts(&b, "Stalag IV ");
		pt__buf_puts(&b, "</t></is></c></row>");
	}
	pt__buf_puts(&b, "</sheetData></worksheet>");
	*len = b.len;
	return pt__buf_detach(&b);
}

static int count_rows(void *ctx, const char *sheet, long row, char **cells,
		      const unsigned char *kinds, size_t count)
{
	(void)sheet; (void)row; (void)cells; (void)kinds; (void)count;
	(*(long *)ctx)++;
	return PT_OK;
}

/* Sets the sizes a zip's central directory states for entry `name` to 100
 * bytes: the archive then lies about what it decompresses to. */
static void lie_about_size(char *zip, size_t len, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i + 46 + n <= len; i++)
		if (!memcmp(zip + i, "PK\x01\x02", 4) && zip[i + 28] == (char)n &&
		    !memcmp(zip + i + 46, name, n)) {
			memcpy(zip + i + 24, "\x64\0\0\0", 4); /* uncompressed size: 100 */
			return;
		}
}

static void test_workbook_bomb(void)
{
	pt_db *db = open_db();
	pt_import_summary *problems = NULL;
	size_t sheet_len, book_len;
	char *sheet = big_sheet(3000, &sheet_len); /* 3 MB of XML, a few KB zipped */
	char *book = wb_xlsx(sheet, sheet_len, NULL, 0, NULL, &book_len);
	size_t old = pt__workbook_set_max_entry(1 << 20);
	long rows = 0;
	int rc;

	CHECK(book && book_len < 100000);
	rc = pt__workbook_rows(db, "bomb.xlsx", book, book_len, NULL, count_rows, &rows, &problems);
	CHECK_INT(rc, PT_EINVAL);
	CHECK_INT(rows, 0); /* refused from the size it states, before any row */
	CHECK(problems && problems->error_count == 1 &&
	      strstr(problems->errors[0].message, "xl/worksheets/sheet1.xml would decompress to") &&
	      strstr(problems->errors[0].message, "a zip bomb"));
	pt_import_summary_free(problems);
	/* the same zip stating a small size: stopped once 1 MB came out */
	lie_about_size(book, book_len, "xl/worksheets/sheet1.xml");
	rows = 0;
	rc = pt__workbook_rows(db, "bomb.xlsx", book, book_len, NULL, count_rows, &rows, &problems);
	CHECK_INT(rc, PT_EINVAL);
	CHECK(rows < 1100);
	CHECK(problems && problems->error_count == 1 && problems->errors[0].message &&
	      (strstr(problems->errors[0].message, "decompresses to more than the 1048576 bytes") ||
	       strstr(problems->errors[0].message, "damaged")));
	pt_import_summary_free(problems);
	pt__workbook_set_max_entry(old);
	/* with the default limit, the honest 3 MB sheet reads */
	free(book);
	book = wb_xlsx(sheet, sheet_len, NULL, 0, NULL, &book_len);
	rows = 0;
	CHECK_INT(pt__workbook_rows(db, "big.xlsx", book, book_len, NULL, count_rows, &rows,
				    &problems), PT_OK);
	CHECK_INT(rows, 3000);
	pt_import_summary_free(problems);
	free(book);
	free(sheet);
	pt_db_free(db);
}

/* ODS repeats: a value repeated over columns and rows is spelled out, an
 * empty tail is not; a sheet that asks for too many cells is refused */
static void test_workbook_ods_repeats(void)
{
	static const char head[] =
		"<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
		" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
		" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body>"
		"<office:spreadsheet><table:table table:name=\"S\">";
	pt_db *db = open_db();
	pt_import_summary *problems = NULL;
	pt__buf content = PT__BUF_INIT, out = PT__BUF_INIT;
	size_t len;
	char *book;

	pt__buf_puts(&content, head);
	pt__buf_puts(&content, "<table:table-row table:number-rows-repeated=\"2\">"
		     "<table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"3\">"
		     "<text:p>x</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"16000\"/>"
		     "</table:table-row><table:table-row table:number-rows-repeated=\"1048570\">"
		     "<table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
		     "</table:table></office:spreadsheet></office:body></office:document-content>");
	book = wb_ods(content.data, content.len, &len);
	CHECK_INT(pt__workbook_rows(db, "r.ods", book, len, NULL, collect, &out, &problems), PT_OK);
	pt__buf_add(&out, "", 0);
	CHECK_STR(out.data, "S!1: 1:x|1:x|1:x\nS!2: 1:x|1:x|1:x\n");
	free(book);
	pt_import_summary_free(problems);
	/* 16384 cells repeated over a million rows: 17 billion cells */
	pt__buf_reset(&content);
	pt__buf_puts(&content, head);
	pt__buf_puts(&content, "<table:table-row table:number-rows-repeated=\"1048576\">"
		     "<table:table-cell office:value-type=\"float\" office:value=\"1\""
		     " table:number-columns-repeated=\"16384\"><text:p>1</text:p></table:table-cell>"
		     "</table:table-row></table:table></office:spreadsheet></office:body>"
		     "</office:document-content>");
	book = wb_ods(content.data, content.len, &len);
	CHECK_INT(pt__workbook_rows(db, "r.ods", book, len, NULL, count_rows, &(long){ 0 },
				    &problems), PT_EINVAL);
	CHECK(problems && problems->error_count &&
	      !strcmp(problems->errors[0].message, "more than 50000000 cells in one sheet"));
	free(book);
	pt_import_summary_free(problems);
	pt__buf_release(&content);
	pt__buf_release(&out);
	pt_db_free(db);
}

/* ---- importing workbooks --------------------------------------------------------- */

#define CHECK_SQL_STR(db, sql, want) do { char *t_ = pt_test_text(db, sql); \
	CHECK_STR(t_, want); free(t_); } while (0)

static int import_path(pt_db *db, const char *path, const char *name, pt_import_options *opts,
		       pt_import_summary **sum)
{
	pt_import_options none = { .format = PT_FORMAT_AUTO };
	if (!opts)
		opts = &none;
	opts->display_name = name;
	return pt_import_file(db, path, opts, sum);
}

static void test_workbook_import(void)
{
	static const char *const books[] = { DIR "register.xlsx", DIR "register.ods",
					     DIR "register.xls" };
	for (size_t b = 0; b < 3; b++) {
		pt_db *db = open_db();
		pt_import_summary *sum = NULL;
		int rc = import_path(db, books[b], "register", NULL, &sum);
		CHECK_INT(rc, PT_OK);
		if (rc)
			fprintf(stderr, "%s: %s\n", books[b], pt_db_errmsg(db));
		CHECK(sum && sum->rows == 5 && sum->inserted == 5 && sum->sheet_count == 3);
		if (sum && sum->sheet_count == 3) {
			CHECK_STR(sum->sheets[0].name, "Register 1945");
			CHECK_INT(sum->sheets[0].header_line, 2);
			CHECK_INT(sum->sheets[0].rows, 4);
			CHECK_INT(sum->sheets[1].header_line, 1);
			CHECK_INT(sum->sheets[1].rows, 1);
			CHECK(sum->sheets[2].passed_over && !sum->sheets[2].batch_id);
			CHECK(sum->sheets[0].batch_id && sum->sheets[1].batch_id > sum->sheets[0].batch_id);
		}
		pt_import_summary_free(sum);
		/* each sheet a batch, with its own counts */
		CHECK_SQL_STR(db, "SELECT group_concat(sheet || ':' || rows || ':' || inserted || ':' "
			      "|| format, ',') FROM (SELECT * FROM import_batch ORDER BY id)",
			      b == 0 ? "Register 1945:4:4:xlsx,Transfers:1:1:xlsx"
			      : b == 1 ? "Register 1945:4:4:ods,Transfers:1:1:ods"
			      : "Register 1945:4:4:xls,Transfers:1:1:xls");
		CHECK_SQL_STR(db, "SELECT birth_date || ' ' || service_number FROM person "
			      "WHERE surname = 'Kelly'", "1915-03-01 5491234");
		CHECK_SQL_STR(db, "SELECT group_concat(e.type || ' ' || coalesce(e.date, '') || ' ' || "
			      "coalesce(c.name, ''), '; ') FROM event e LEFT JOIN camp c ON c.id = "
			      "e.camp_id JOIN person p ON p.id = e.person_id WHERE p.surname = 'Kelly'",
			      "capture 1944-09-20 ; internment  Stalag IV-B");
		/* a number that is not turned into 1.9455E3; NFC; trimmed */
		CHECK_SQL_STR(db, "SELECT service_number FROM person WHERE given_names = 'Hans'",
			      "1945.5");
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person WHERE surname = 'M\xc3\xbcller'"), 1);
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person WHERE given_names = 'Harold'"), 1);
		CHECK_SQL_STR(db, "SELECT group_concat(e.date, ',') FROM event e JOIN person p ON "
			      "p.id = e.person_id WHERE p.surname = 'Walker' AND e.type = 'capture'",
			      "1944-09-18");
		/* the merged camp reaches the rows under it (not in BIFF) */
		CHECK_INT(pt_test_count(db, "SELECT count(DISTINCT e.person_id) FROM event e JOIN camp c "
					"ON c.id = e.camp_id WHERE c.name = 'Stalag IV-B'"), b == 2 ? 1 : 3);
		/* provenance: the sheet's batch and the row */
		CHECK_SQL_STR(db, "SELECT b.sheet || '!' || p.batch_line FROM person p JOIN "
			      "import_batch b ON b.id = p.batch_id WHERE p.surname = 'Goodall'",
			      "Transfers!2");
		/* again: every row unchanged */
		CHECK_INT(import_path(db, books[b], "register", NULL, &sum), PT_OK);
		CHECK(sum && sum->unchanged == 5 && sum->inserted == 0);
		pt_import_summary_free(sum);
		pt_db_free(db);
	}
}

static void test_workbook_sheet_option(void)
{
	pt_db *db = open_db();
	pt_import_options opts = { .format = PT_FORMAT_AUTO, .sheet = "transfers" };
	pt_import_summary *sum = NULL;

	CHECK_INT(import_path(db, DIR "register.xlsx", "register.xlsx", &opts, &sum), PT_OK);
	CHECK(sum && sum->rows == 1 && sum->sheet_count == 1);
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 1);
	/* the notes sheet, chosen: its one row is taken for the header, and
	 * there is no record under it */
	opts.sheet = "3";
	CHECK_INT(import_path(db, DIR "register.ods", "register.ods", &opts, &sum), PT_OK);
	CHECK(sum && sum->rows == 0 && sum->sheet_count == 1 && sum->sheets[0].header_line == 1);
	pt_import_summary_free(sum);
	/* no such sheet: the problem names the sheets there are */
	opts.sheet = "Prisoners";
	CHECK_INT(import_path(db, DIR "register.xls", "register.xls", &opts, &sum), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "register.xls: no sheet 'Prisoners' (the workbook has "
		  "'Register 1945', 'Transfers', 'Notes')");
	pt_import_summary_free(sum);
	/* --sheet on a file that is no workbook */
	opts.sheet = "1";
	CHECK_INT(import_path(db, DIR "broken/text-named.xlsx", "list.csv", &opts, &sum), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "list.csv: --sheet '1': the file is no workbook (.xlsx, .ods, .xls)");
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 1);
	pt_db_free(db);
}

/* a bad row: its position is FILE:SHEET!ROW; with --skip-invalid the rejects
 * file is CSV with the sheet and row in the reason */
static void test_workbook_bad_row(void)
{
	static const char sheet[] =
		"<worksheet xmlns=\"" WB_NS "\"><sheetData>"
		"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Surname</t></is></c>"
		"<c r=\"B1\" t=\"inlineStr\"><is><t>Date of birth</t></is></c></row>"
		"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Kelly</t></is></c>"
		"<c r=\"B2\" s=\"1\"><v>5539</v></c></row>"
		"<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>Walker, \"Harry\"</t></is></c>"
		"<c r=\"B4\" t=\"inlineStr\"><is><t>31.02.1920</t></is></c></row>"
		"</sheetData></worksheet>";
	char path[256], rejects[256];
	pt_db *db = open_db();
	pt_import_options opts = { .format = PT_FORMAT_AUTO };
	pt_import_summary *sum = NULL;
	size_t len;
	char *book = wb_xlsx(sheet, sizeof sheet - 1, NULL, 0, NULL, &len), *text;
	FILE *f;

	snprintf(path, sizeof path, "/tmp/pt-wb-%ld.xlsx", (long)getpid());
	snprintf(rejects, sizeof rejects, "/tmp/pt-wb-%ld-rejects.csv", (long)getpid());
	f = fopen(path, "wb");
	CHECK(f && book && fwrite(book, 1, len, f) == len);
	if (f)
		fclose(f);
	CHECK_INT(import_path(db, path, "list.xlsx", &opts, &sum), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "list.xlsx:Sheet1!4: Date of birth: cannot read date "
		  "'31.02.1920': day 31 out of range for 1920-02");
	CHECK(sum && sum->error_count == 1 && sum->errors[0].line == 4 &&
	      sum->errors[0].sheet && !strcmp(sum->errors[0].sheet, "Sheet1"));
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 0);
	opts.skip_invalid = 1;
	opts.rejects = rejects;
	CHECK_INT(import_path(db, path, "list.xlsx", &opts, &sum), PT_OK);
	CHECK(sum && sum->inserted == 1 && sum->rejected == 1 && sum->rejects_written == 1);
	pt_import_summary_free(sum);
	text = read_file(rejects, &len);
	CHECK_STR(text, "Surname,Date of birth,\"reject_reason\"\n"
		  "\"Walker, \"\"Harry\"\"\",31.02.1920,\"Sheet1!4: Date of birth: cannot read date "
		  "'31.02.1920': day 31 out of range for 1920-02\"\n");
	free(text);
	CHECK_SQL_STR(db, "SELECT line || ' ' || raw FROM import_reject",
		      "4 \"Walker, \"\"Harry\"\"\",31.02.1920\n");
	unlink(path);
	unlink(rejects);
	free(book);
	pt_db_free(db);
}

/* what the name says and what the file is */
static void test_workbook_content_and_name(void)
{
	static const struct { const char *path, *name; pt_format asked; const char *want; } cases[] = {
		{ DIR "broken/text-named.xlsx", "list.xlsx", PT_FORMAT_AUTO,
		  "list.xlsx: not an Excel workbook (.xlsx): the file is text (CSV?); import it with --csv" },
		{ DIR "register.xlsx", "list.csv", PT_FORMAT_AUTO,
		  "list.csv: the file is an Excel workbook (.xlsx), not CSV as its name says; import it "
		  "as FILE.xlsx (or with --xlsx)" },
		{ DIR "register.ods", "list.xlsx", PT_FORMAT_AUTO,
		  "list.xlsx: the file is an OpenDocument spreadsheet (.ods), not an Excel workbook "
		  "(.xlsx) as its name says; import it as FILE.ods (or with --ods)" },
		{ DIR "register.xls", "list.json", PT_FORMAT_AUTO,
		  "list.json: the file is an Excel 97-2003 workbook (.xls), not JSON as its name says; "
		  "import it as FILE.xls (or with --xls)" },
		{ DIR "register.xlsx", "list.data", PT_FORMAT_CSV,
		  "list.data: the file is an Excel workbook (.xlsx), not CSV as the option says; "
		  "import it as FILE.xlsx (or with --xlsx)" },
		{ DIR "broken/document.xlsx", "list.xlsx", PT_FORMAT_AUTO,
		  "list.xlsx: not a workbook: the file is a Word document (.docx)" },
	};
	pt_db *db = open_db();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		pt_import_options opts = { .format = cases[i].asked };
		pt_import_summary *sum = NULL;
		CHECK_INT(import_path(db, cases[i].path, cases[i].name, &opts, &sum), PT_EINVAL);
		CHECK_STR(pt_db_errmsg(db), cases[i].want);
		pt_import_summary_free(sum);
	}
	/* a file of no known name: the content decides */
	{
		pt_import_summary *sum = NULL;
		CHECK_INT(import_path(db, DIR "register.ods", "register", NULL, &sum), PT_OK);
		CHECK(sum && sum->format && !strcmp(sum->format, "ods") && sum->inserted == 5);
		pt_import_summary_free(sum);
	}
	{
		/* a PDF named .csv */
		char path[256];
		pt_import_summary *sum = NULL;
		FILE *f;
		snprintf(path, sizeof path, "/tmp/pt-wb-%ld.pdf", (long)getpid());
		if ((f = fopen(path, "wb"))) {
			fputs("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", f);
			fclose(f);
		}
		CHECK_INT(import_path(db, path, "register.csv", NULL, &sum), PT_EINVAL);
		CHECK_STR(pt_db_errmsg(db), "register.csv: the file is a PDF document, not CSV");
		pt_import_summary_free(sum);
		unlink(path);
	}
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM import_batch"), 2);
	pt_db_free(db);
}

/* ---- a real register as CSV and as .xlsx ----------------------------------------- */

struct sheet_xml {
	pt__buf xml;
	long rows;
};

static void xml_text(pt__buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': pt__buf_puts(b, "&amp;"); break;
		case '<': pt__buf_puts(b, "&lt;"); break;
		case '>': pt__buf_puts(b, "&gt;"); break;
		case '\r': pt__buf_puts(b, "&#13;"); break; /* XML reads a raw CR LF as LF */
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t' || *s == '\r')
				pt__buf_putc(b, *s);
		}
}

static int add_csv_row(void *ctx, long line, char **cells, size_t count)
{
	struct sheet_xml *s = ctx;
	(void)line;
	s->rows++;
	pt__buf_printf(&s->xml, "<row r=\"%ld\">", s->rows);
	for (size_t i = 0; i < count; i++) {
		if (!*cells[i])
			continue;
		pt__buf_printf(&s->xml, "<c r=\"%c%s%ld\" t=\"inlineStr\"><is><t xml:space=\"preserve\">",
			       i >= 26 ? (char)('A' + i / 26 - 1) : 'A' + (char)i,
			       i >= 26 ? (char[]){ (char)('A' + i % 26), 0 } : "", s->rows);
		xml_text(&s->xml, cells[i]);
		pt__buf_puts(&s->xml, "</t></is></c>");
	}
	pt__buf_puts(&s->xml, "</row>");
	return PT_OK;
}

static void test_workbook_real_register(void)
{
	const char *dir = pt_test_data_dir();
	static const char query[] =
		"SELECT group_concat(key || '|' || name || '|' || type || '|' || coalesce(place, '') "
		"|| '|' || coalesce(period, '') || '|' || coalesce(extra, ''), char(10)) FROM "
		"(SELECT * FROM camp ORDER BY key)";
	static const char aliases[] =
		"SELECT group_concat(k || '=' || alias, char(10)) FROM (SELECT c.key AS k, a.alias "
		"FROM camp_alias a JOIN camp c ON c.id = a.camp_id ORDER BY c.key, a.alias)";
	char csv_path[1024], xlsx_path[256];
	struct sheet_xml s = { PT__BUF_INIT, 0 };
	pt_import_summary *sum = NULL;
	pt_import_options opts = { .format = PT_FORMAT_AUTO, .mapping = "fixtures/mappings/memorial_itl_camps.json" };
	pt_db *a, *b;
	char *data, *book, *ta, *tb;
	size_t len, book_len;
	FILE *f;

	if (!dir) {
		pt_test_skip("test_workbook_real_register", "shared data not found");
		return;
	}
	snprintf(csv_path, sizeof csv_path, "%s/gulag_camps/memorial_itl_camps_urbica.csv", dir);
	if (!(data = read_file(csv_path, &len))) {
		pt_test_skip("test_workbook_real_register", "memorial_itl_camps_urbica.csv not found");
		return;
	}
	a = open_db();
	b = open_db();
	/* the CSV's rows, as the CSV reader reads them, written into a sheet */
	pt__buf_puts(&s.xml, "<worksheet xmlns=\"" WB_NS "\"><sheetData>");
	CHECK_INT(pt__csv_rows(a, "itl.csv", data, len, 0, add_csv_row, &s, &sum), PT_OK);
	pt_import_summary_free(sum);
	pt__buf_puts(&s.xml, "</sheetData></worksheet>");
	book = wb_xlsx(s.xml.data, s.xml.len, NULL, 0, NULL, &book_len);
	snprintf(xlsx_path, sizeof xlsx_path, "/tmp/pt-wb-%ld-itl.xlsx", (long)getpid());
	if ((f = fopen(xlsx_path, "wb"))) {
		fwrite(book, 1, book_len, f);
		fclose(f);
	}
	CHECK_INT(import_path(a, csv_path, "itl.csv", &opts, &sum), PT_OK);
	CHECK(sum && sum->inserted == 493);
	pt_import_summary_free(sum);
	CHECK_INT(import_path(b, xlsx_path, "itl.xlsx", &opts, &sum), PT_OK);
	CHECK(sum && sum->inserted == 493);
	pt_import_summary_free(sum);
	ta = pt_test_text(a, query);
	tb = pt_test_text(b, query);
	CHECK(ta && tb && strlen(ta) > 10000);
	CHECK_STR(tb, ta);
	free(ta);
	free(tb);
	ta = pt_test_text(a, aliases);
	tb = pt_test_text(b, aliases);
	CHECK_STR(tb, ta);
	free(ta);
	free(tb);
	pt_test_note("workbook: the Memorial ITL directory (%ld rows) as .xlsx imports the same "
		     "493 camps, names, aliases and kept columns as the CSV", s.rows);
	unlink(xlsx_path);
	free(book);
	free(data);
	pt__buf_release(&s.xml);
	pt_db_free(a);
	pt_db_free(b);
}

void suite_workbook(void);
void suite_workbook(void)
{
	RUN(test_workbook_values);
	RUN(test_workbook_registers);
	RUN(test_workbook_broken);
	RUN(test_workbook_bomb);
	RUN(test_workbook_ods_repeats);
	RUN(test_workbook_import);
	RUN(test_workbook_sheet_option);
	RUN(test_workbook_bad_row);
	RUN(test_workbook_content_and_name);
	RUN(test_workbook_real_register);
}

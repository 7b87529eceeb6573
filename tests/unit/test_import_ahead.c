/*
 * test_import_ahead.c - a CSV register read ahead on a second thread
 * (import/ahead.c) gives what a one-thread import gives: the same rows with
 * the same ids, hashes and search keys, the same problems and warnings in
 * the same order (FILE:LINE: COLUMN: MESSAGE), the same counts, the same
 * rejects file and the same import_reject rows, for a register whose
 * broken rows, new camps and sources, duplicates and warnings fall in many
 * batches, read plainly and through a mapping that rewrites dates; and a
 * refused file leaves the database as it was on both paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"
#include "import/import.h"

#define ROWS 3000L

static const char *const surnames[] = { "Kowalski", "Schmidt", "Müller", "Иванов", "O'Brien",
					"van der Berg", "Dupont", "Nowak", "Łukasiewicz" };
static const char *const camps[] = { "Stalag 344", "Stalag VIIIB", "Oflag 79", "Stalag 3A",
				     "Lager Nowhere", "Stalag Luft III", "" };

/* A register of ROWS rows: a broken row every 97 (a bad date, a cell too
 * many, a bad nationality, bytes that are not UTF-8), an empty line every
 * 500, a row given twice every 250, a birth after the capture every 301,
 * a camp no one knows every 7, a source of its own on most rows. */
static int write_register(const char *path)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	fputs("Register No.,SURNAME,Christian names,Nationality,Date of birth,Date of capture,"
	      "Place of capture,Camp,Remarks,Source\n", f);
	for (long i = 1; i <= ROWS; i++) {
		const char *birth = i % 301 == 0 ? "1.1.1950" : "12.3.1921";
		const char *nat = i % 5 ? "British" : "Polish";
		char camp[64], id[32];
		long source;
		if (i % 7 == 0)
			snprintf(camp, sizeof camp, "Lager %ld", i % 40);
		else
			snprintf(camp, sizeof camp, "%s", camps[i % 7]);
		snprintf(id, sizeof id, "R%05ld", i % 250 == 0 ? i - 1 : i);
		if (i % 500 == 0)
			fputs("\n", f);
		if (i % 97 == 0) {
			switch ((i / 97) % 4) {
			case 0: birth = "31.02.1923"; break;
			case 1: nat = "Martian"; break;
			case 2: fprintf(f, "X%ld,extra,", i); break;
			default: fputs("\xff", f); break;
			}
		}
		/* a row given twice names the same source: a duplicate record_id */
		source = i % 250 == 0 ? i - 1 : i;
		fprintf(f, "%s,%s,Given %ld,%s,%s,%ld.6.1944,\"Arnhem, bridge\",%s,%s,"
			"WO 416/%ld/%ld\n", id, surnames[i % 9], i % 89, nat, birth, 1 + i % 28,
			camp, i % 3 ? "" : "\"wounded, \"\"left\"\" arm\"", source % 4,
			source % 5 ? source : 1);
	}
	return fclose(f);
}

/* What an import left: every table but import_batch (its time stamps),
 * every row in rowid order, every column. */
static char *tables(pt_db *db)
{
	sqlite3_stmt *list = NULL, *rows = NULL;
	pt__buf b = PT__BUF_INIT;

	if (sqlite3_prepare_v2(db->sql, "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
			       "name NOT LIKE 'sqlite_%' AND name <> 'import_batch' ORDER BY name",
			       -1, &list, NULL) != SQLITE_OK)
		return NULL;
	while (sqlite3_step(list) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(list, 0);
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
		long n = 0;
		pt__buf_printf(&b, "== %s\n", name);
		if (sqlite3_prepare_v2(db->sql, sql, -1, &rows, NULL) == SQLITE_OK) {
			while (sqlite3_step(rows) == SQLITE_ROW) {
				for (int c = 0; c < sqlite3_column_count(rows); c++) {
					const unsigned char *v = sqlite3_column_text(rows, c);
					pt__buf_add(&b, (const char *)(v ? v : (const unsigned char *)"~"),
						    (size_t)sqlite3_column_bytes(rows, c) + !v);
					pt__buf_putc(&b, '|');
				}
				pt__buf_putc(&b, '\n');
				n++;
			}
		}
		sqlite3_finalize(rows);
		sqlite3_free(sql);
		pt__buf_printf(&b, "(%ld rows)\n", n);
	}
	sqlite3_finalize(list);
	return pt__buf_detach(&b);
}

/* The summary as the user sees it: counts, problems and warnings in order. */
static char *summary_text(const pt_import_summary *s)
{
	pt__buf b = PT__BUF_INIT;
	if (!s)
		return pt__strdup("(no summary)");
	pt__buf_printf(&b, "rows %ld inserted %ld updated %ld unchanged %ld rejected %ld "
		       "written %ld encoding %s delimiter %c header %ld columns %zu camps %zu "
		       "sources %zu\n", s->rows, s->inserted, s->updated, s->unchanged, s->rejected,
		       s->rejects_written, s->encoding ? s->encoding : "-", s->delimiter ? s->delimiter : '-',
		       s->header_line, s->column_count, s->new_camp_total, s->new_source_total);
	for (size_t i = 0; i < s->column_count; i++)
		pt__buf_printf(&b, "column %s -> %s\n", s->columns[i].column,
			       s->columns[i].field ? s->columns[i].field : "-");
	for (size_t i = 0; i < s->error_count; i++)
		pt__buf_printf(&b, "%ld: %s: %s\n", s->errors[i].line,
			       s->errors[i].field ? s->errors[i].field : "-", s->errors[i].message);
	for (size_t i = 0; i < s->warning_count; i++)
		pt__buf_printf(&b, "warning %ld: %s: %s\n", s->warnings[i].line,
			       s->warnings[i].field ? s->warnings[i].field : "-",
			       s->warnings[i].message);
	return pt__buf_detach(&b);
}

static char *file_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	pt__buf b = PT__BUF_INIT;
	char chunk[4096];
	size_t n;
	if (!f)
		return pt__strdup("(no file)");
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		pt__buf_add(&b, chunk, n);
	fclose(f);
	return pt__buf_detach(&b);
}

struct outcome {
	int rc;
	char *tables, *summary, *rejects, *message;
};

static void outcome_free(struct outcome *o)
{
	free(o->tables);
	free(o->summary);
	free(o->rejects);
	free(o->message);
}

/* Imports `path` with `threads` (ahead.c's knob) into a new database that
 * holds the fixtures' camps and sources. */
static void import_with(int threads, const char *path, const char *mapping, int skip,
			struct outcome *o)
{
	char rejects[96];
	pt_db *db = NULL;
	pt_import_summary *sum = NULL;
	pt_import_options opts = { .format = PT_FORMAT_CSV, .display_name = "register.csv",
				   .skip_invalid = skip, .mapping = mapping };

	memset(o, 0, sizeof *o);
	snprintf(rejects, sizeof rejects, "/tmp/pt-ahead-%ld-%d.csv", (long)getpid(), threads);
	if (skip)
		opts.rejects = rejects;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	if (!db)
		return;
	CHECK_INT(pt_import_file(db, "fixtures/sources.json", NULL, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(pt_import_file(db, "fixtures/camps.json", NULL, &sum), PT_OK);
	pt_import_summary_free(sum);
	sum = NULL;
	pt__import_threads = threads;
	o->rc = pt_import_file(db, path, &opts, &sum);
	pt__import_threads = 0;
	o->message = pt__strdup(pt_db_errmsg(db));
	o->summary = summary_text(sum);
	o->tables = tables(db);
	o->rejects = file_text(rejects);
	pt_import_summary_free(sum);
	pt_db_free(db);
	unlink(rejects);
}

static void same(const struct outcome *one, const struct outcome *two)
{
	CHECK_INT(two->rc, one->rc);
	CHECK_STR(two->message, one->message);
	CHECK_STR(two->summary, one->summary);
	CHECK_STR(two->rejects, one->rejects);
	CHECK(one->tables && two->tables && !strcmp(one->tables, two->tables));
}

static void test_ahead_is_one_thread(void)
{
	char path[96];
	struct outcome one, two;
	long runs = pt__ahead_runs;

	/* the database as a one-thread import leaves it: persons, names, their
	 * search keys, events, camps and sources made, citations, full-text
	 * rows, import_reject (the rows are compared whole) */

	snprintf(path, sizeof path, "/tmp/pt-ahead-%ld.csv", (long)getpid());
	CHECK_INT(write_register(path), 0);
	import_with(1, path, NULL, 1, &one);
	CHECK_INT(pt__ahead_runs, runs); /* one thread: nothing read ahead */
	import_with(2, path, NULL, 1, &two);
	CHECK_INT(pt__ahead_runs, runs + 1);
	CHECK_INT(one.rc, PT_OK);
	/* what the register holds, so that the comparison compares something */
	CHECK(one.summary && strstr(one.summary, "rows 3000 inserted 2958 updated 0 unchanged 0 "
				    "rejected 42 written 42 "));
	CHECK(one.summary && strstr(one.summary, "\n2819: Nationality: 'Martian' is not an ISO"));
	CHECK(one.summary && strstr(one.summary, "\n2916: -: the row has 12 cells, the header 10\n"));
	CHECK(one.summary && strstr(one.summary, "\n3007: Register No.: duplicate record_id "
				    "'R02999' (first at line 3005)\n"));
	CHECK(one.summary && strstr(one.summary, "\nwarning 905: Date of birth: born 1950-01-01, "
				    "after the capture"));
	CHECK(one.rejects && strstr(one.rejects, "\nX2910,extra,"));
	same(&one, &two);
	outcome_free(&one);
	outcome_free(&two);

	/* refused whole (no --skip-invalid): the same problems, nothing kept */
	import_with(1, path, NULL, 0, &one);
	import_with(2, path, NULL, 0, &two);
	CHECK_INT(one.rc, PT_EINVAL);
	CHECK(one.tables && strstr(one.tables, "== person\n(0 rows)\n"));
	same(&one, &two);
	outcome_free(&one);
	outcome_free(&two);
	unlink(path);
}

/* Through a mapping: a value map that rewrites dates (the original kept
 * with the person, copied by the thread that read it), a pattern, a
 * full name split, defaults. */
static void test_ahead_through_a_mapping(void)
{
	static const char map[] =
		"{\"columns\": {\n"
		"  \"Register No.\": \"record_id\",\n"
		"  \"SURNAME\": {\"field\": \"full_name\", \"order\": \"surname_first\"},\n"
		"  \"Date of birth\": {\"field\": \"birth_date\", \"values\": {\"12.3.1921\": "
		"\"1921-03-12\"}},\n"
		"  \"Remarks\": {\"field\": \"notes\", \"match\": [{\"pattern\": "
		"\"^wounded, (.*)$\", \"fields\": {\"notes\": \"hurt: $1\"}}]}},\n"
		" \"defaults\": {\"sex\": \"male\"}}";
	char path[96], map_path[96];
	struct outcome one, two;
	FILE *f;

	snprintf(path, sizeof path, "/tmp/pt-ahead-m-%ld.csv", (long)getpid());
	snprintf(map_path, sizeof map_path, "/tmp/pt-ahead-m-%ld.json", (long)getpid());
	CHECK_INT(write_register(path), 0);
	CHECK((f = fopen(map_path, "wb")) != NULL);
	if (!f)
		return;
	fputs(map, f);
	fclose(f);
	import_with(1, path, map_path, 1, &one);
	import_with(2, path, map_path, 1, &two);
	CHECK_INT(one.rc, PT_OK);
	CHECK(one.tables && strstr(one.tables, "|12.3.1921|"));   /* the date as written */
	CHECK(one.tables && strstr(one.tables, "hurt: \"left\" arm"));
	same(&one, &two);
	outcome_free(&one);
	outcome_free(&two);
	unlink(path);
	unlink(map_path);
}

void suite_import_ahead(void);
void suite_import_ahead(void)
{
	RUN(test_ahead_is_one_thread);
	RUN(test_ahead_through_a_mapping);
}

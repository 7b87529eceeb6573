/*
 * test_import_linear.c - the import's work per row does not grow with the
 * camps and sources met before it: a CSV of 100,000 rows, each naming a
 * source no row named before (and every tenth a new camp), is imported
 * while SQLite counts the virtual-machine steps of every statement; the
 * steps of rows 1,001-2,000 and of rows 98,001-99,000 are compared. A
 * count, not a timing: the same on any machine and under any load.
 *
 * (An earlier importer walked every camp and source after each row: rows
 * cost more the further into the file, and 100,000 rows took minutes. That
 * walk was in C, which SQLite does not count; the test counts what the
 * database does, the C side is bounded by reading resolve.c: its one loop
 * per record is over the entries that record made.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"

#define ROWS 100000L
#define WINDOW 1000L

struct steps {
	long row;                  /* persons inserted so far */
	long long first, last;     /* VM steps in the two windows */
};

/* After each statement's run: its steps go to the row being read (the
 * insert of the row's person ends the row before it). */
static int profile(unsigned type, void *ctx, void *p, void *x)
{
	struct steps *st = ctx;
	sqlite3_stmt *s = p;
	long long n = sqlite3_stmt_status(s, SQLITE_STMTSTATUS_VM_STEP, 1);
	const char *sql = sqlite3_sql(s);
	(void)type;
	(void)x;
	if (sql && !strncmp(sql, "INSERT INTO person(", 19))
		st->row++;
	/* row k's person insert is counted with row k */
	if (st->row > WINDOW && st->row <= 2 * WINDOW)
		st->first += n;
	else if (st->row > ROWS - 2 * WINDOW && st->row <= ROWS - WINDOW)
		st->last += n;
	return 0;
}

static void test_work_per_row_is_flat(void)
{
	char path[96];
	FILE *f;
	pt_db *db = NULL;
	pt_import_summary *sum = NULL;
	pt_import_options opts = { .format = PT_FORMAT_CSV, .display_name = "register.csv" };
	struct steps st = { 0, 0, 0 };

	snprintf(path, sizeof path, "/tmp/pt-linear-%ld.csv", (long)getpid());
	f = fopen(path, "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("record_id,surname,given_names,birth_date,camp,source\n", f);
	for (long i = 1; i <= ROWS; i++)
		fprintf(f, "R%06ld,Surname%ld,Given%ld,%ld.%ld.19%02ld,Stalag %ld,WO 416/%ld/%ld\n",
			i, i % 997, i % 89, 1 + i % 28, 1 + i % 12, 10 + i % 20, i / 10,
			i / 100, i);
	fclose(f);

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	sqlite3_trace_v2(db->sql, SQLITE_TRACE_PROFILE, profile, &st);
	CHECK_INT(pt_import_file(db, path, &opts, &sum), PT_OK);
	sqlite3_trace_v2(db->sql, 0, NULL, NULL);
	unlink(path);

	CHECK(sum != NULL);
	if (sum) {
		CHECK_INT(sum->inserted, ROWS);
		/* every new name counted, the first 1,000 of each listed */
		CHECK_INT((long long)sum->new_source_total, ROWS);
		CHECK_INT((long long)sum->new_camp_total, ROWS / 10 + 1);
		CHECK_INT((long long)sum->new_source_count, 1000);
		CHECK_INT((long long)sum->new_camp_count, 1000);
	}
	CHECK_INT(st.row, ROWS);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source"), ROWS);
	/* each window did real work, and the later one no more than a little
	 * (deeper B-trees: a few more pages per look-up) than the earlier */
	CHECK(st.first > 10 * WINDOW);
	CHECK(st.last * 4 <= st.first * 5);
	pt_test_note("import: VM steps of rows 1,001-2,000: %lld; of rows 98,001-99,000: %lld (%.2fx)",
	       st.first, st.last, st.first ? (double)st.last / (double)st.first : 0.0);
	pt_import_summary_free(sum);
	pt_db_free(db);
}

void suite_import_linear(void);
void suite_import_linear(void)
{
	RUN(test_work_per_row_is_flat);
}

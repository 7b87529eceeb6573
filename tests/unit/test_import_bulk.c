/*
 * test_import_bulk.c - a large import (bulk.c) writes what a row-by-row
 * one writes: the full-text rows of persons and events, written at the end
 * with the insert triggers off, are the rows the triggers write; the
 * triggers are back afterwards, and a dry run or a refused file leaves them
 * (and everything else) as they were. A rejected row takes back the source
 * and camp it made, row by row and in bulk (without a savepoint for the
 * source: context.c's pt__record_wrote).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"

#define ROWS 25000L
#define BRIDGE ", \"notes\": \"wounded at the bridge\""
#define RIVER ", \"notes\": \"wounded at the river\""

/* Persons with and without unit, notes and extra columns, events with and
 * without notes; `bad`: one row that is refused (an unknown event type). */
static int write_register(const char *path, int bad, const char *wound)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	for (long i = 1; i <= ROWS; i++) {
		fprintf(f, "{\"record_id\": \"R%ld\", \"surname\": \"Surname%ld\", "
			"\"given_names\": \"Given%ld\"", i, i % 997, i % 89);
		if (i % 3 == 0)
			fprintf(f, ", \"unit\": \"%ld Inf Regt\"", i % 50);
		if (i % 4 == 0)
			fprintf(f, ", \"notes\": \"repatriated %ld\"", 1945 + i % 3);
		if (i % 5 == 0)
			fprintf(f, ", \"extra\": {\"card\": \"C%ld\", \"box\": %ld}", i, i % 40);
		fprintf(f, ", \"events\": [{\"type\": \"%s\", \"place\": \"Arnhem\"%s}, "
			"{\"type\": \"internment\"%s}]}\n",
			bad && i == ROWS / 2 ? "kidnapping" : "capture",
			i % 7 == 0 ? wound : "",
			i % 11 == 0 ? ", \"notes\": \"escaped twice\"" : "");
	}
	return fclose(f);
}

/* Every full-text row, one per line, in rowid order. */
static char *text_rows(pt_db *db)
{
	return pt_test_text(db, "SELECT group_concat(r, char(10)) FROM (SELECT rowid || '|' || "
			    "coalesce(unit, '') || '|' || coalesce(notes, '') || '|' || "
			    "coalesce(extra, '') || '|' || person_id AS r FROM person_text ORDER BY rowid)");
}

static const char *const triggers_sql =
	"SELECT group_concat(name || ':' || sql, char(10)) FROM (SELECT name, sql FROM sqlite_schema "
	"WHERE type = 'trigger' AND name IN ('person_text_insert', 'event_text_insert', "
	"'link_pending_insert', 'source_first_batch') ORDER BY name)";

static void test_bulk_text_is_the_triggers(void)
{
	char path[96];
	pt_db *bulk = NULL, *rows = NULL;
	pt_import_summary *sum = NULL;
	pt_import_options opts = { .format = PT_FORMAT_JSONL, .display_name = "register.jsonl" };
	char *before, *after, *a, *b;

	snprintf(path, sizeof path, "/tmp/pt-bulk-%ld.jsonl", (long)getpid());
	CHECK_INT(write_register(path, 0, BRIDGE), 0);
	CHECK_INT(pt_db_open(&bulk, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_db_open(&rows, ":memory:", PT_OPEN_CREATE), PT_OK);
	if (!bulk || !rows)
		goto done;
	before = pt_test_text(bulk, triggers_sql);
	/* the same triggers, spelled otherwise: bulk.c leaves them on and they
	 * write the rows one by one */
	CHECK_INT(sqlite3_exec(rows->sql, "DROP TRIGGER event_text_insert; "
			       "CREATE TRIGGER event_text_insert AFTER INSERT ON event "
			       "WHEN NEW.notes IS NOT NULL BEGIN INSERT INTO person_text(rowid, notes, "
			       "person_id) VALUES (-NEW.id, NEW.notes, NEW.person_id); END",
			       NULL, NULL, NULL), SQLITE_OK);

	CHECK_INT(pt_import_file(bulk, path, &opts, &sum), PT_OK);
	CHECK(sum && sum->inserted == ROWS);
	pt_import_summary_free(sum);
	sum = NULL;
	CHECK_INT(pt_import_file(rows, path, &opts, &sum), PT_OK);
	CHECK(sum && sum->inserted == ROWS);
	pt_import_summary_free(sum);
	sum = NULL;

	a = text_rows(bulk);
	b = text_rows(rows);
	CHECK(a && b && !strcmp(a, b));
	CHECK_INT(pt_test_count(bulk, "SELECT count(*) FROM person_text WHERE rowid < 0"),
		  ROWS / 7 + ROWS / 11); /* two events a row, each may have notes */
	CHECK_INT(pt_test_count(bulk, "SELECT count(*) FROM person_text WHERE person_text "
				"MATCH 'escaped'"), ROWS / 11);
	/* the persons a link run has to compare: bulk.c's rows, the trigger's */
	CHECK_INT(pt_test_count(bulk, "SELECT count(*) FROM link_pending"), ROWS);
	CHECK_INT(pt_test_count(bulk, "SELECT count(*) FROM person WHERE id NOT IN "
				"(SELECT person_id FROM link_pending)"), 0);
	CHECK_INT(pt_test_count(rows, "SELECT count(*) FROM link_pending"), ROWS);
	after = pt_test_text(bulk, triggers_sql);
	CHECK(before && after && !strcmp(before, after)); /* the triggers are back */
	free(a);
	free(b);
	free(after);

	/* every record again with other notes: the persons are updated, their
	 * events deleted and written anew (the last ones under ids given again) */
	CHECK_INT(write_register(path, 0, RIVER), 0);
	CHECK_INT(pt_import_file(bulk, path, &opts, &sum), PT_OK);
	CHECK(sum && sum->updated == ROWS / 7);
	pt_import_summary_free(sum);
	sum = NULL;
	CHECK_INT(pt_import_file(rows, path, &opts, &sum), PT_OK);
	pt_import_summary_free(sum);
	sum = NULL;
	a = text_rows(bulk);
	b = text_rows(rows);
	CHECK(a && b && !strcmp(a, b));
	CHECK_INT(pt_test_count(bulk, "SELECT count(*) FROM person_text WHERE person_text "
				"MATCH 'river'"), ROWS / 7);
	CHECK_INT(pt_test_count(bulk, "SELECT count(*) FROM person_text WHERE person_text "
				"MATCH 'bridge'"), 0);
	free(a);
	free(b);

	/* a dry run, and a file refused for one bad row: nothing changes */
	a = text_rows(bulk);
	opts.dry_run = 1;
	CHECK_INT(pt_import_file(bulk, path, &opts, &sum), PT_OK);
	pt_import_summary_free(sum);
	sum = NULL;
	opts.dry_run = 0;
	CHECK_INT(sqlite3_exec(bulk->sql, "DELETE FROM person", NULL, NULL, NULL), SQLITE_OK);
	b = text_rows(bulk);
	CHECK(b == NULL); /* the delete trigger emptied it */
	CHECK_INT(write_register(path, 1, BRIDGE), 0);
	CHECK_INT(pt_import_file(bulk, path, &opts, &sum), PT_EINVAL);
	pt_import_summary_free(sum);
	sum = NULL;
	CHECK_INT(pt_test_count(bulk, "SELECT count(*) FROM person"), 0);
	after = pt_test_text(bulk, triggers_sql);
	CHECK(before && after && !strcmp(before, after));
	CHECK_INT(pt_test_count(bulk, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
				"AND name = 'person_name_by_surname'"), 1);
	free(a);
	free(b);
	free(after);
	free(before);
done:
	unlink(path);
	pt_db_free(bulk);
	pt_db_free(rows);
}

/* A register whose every row names a new source ("File 12/I"); rows
 * I % 97 == 0 are rejected (31 February), the odd ones also with a camp of
 * their own ("Lager I"); the row after a rejected one is its corrected line:
 * the same record_id and source. Returns the rows rejected, -1 on error. */
static long write_sources_register(const char *path, long rows)
{
	FILE *f = fopen(path, "wb");
	long rejected = 0;
	if (!f)
		return -1;
	fprintf(f, "record_id,surname,birth_date,internment_camp,source\n");
	for (long i = 1; i <= rows; i++) {
		int bad = i % 97 == 0, corrected = i > 1 && (i - 1) % 97 == 0;
		long n = corrected ? i - 1 : i;
		rejected += bad;
		fprintf(f, "R%ld,Surname%ld,%s,%s%ld,File 12/%ld\n", n, i % 997,
			bad ? "31.02.1920" : "1.3.1920", bad && i % 2 ? "Lager " : "Stalag ",
			bad && i % 2 ? i : 4, n);
	}
	return fclose(f) ? -1 : rejected;
}

static void rejected_rows_take_back(long rows)
{
	char path[96];
	pt_db *db = NULL;
	pt_import_summary *sum = NULL;
	pt_import_options opts = { .format = PT_FORMAT_CSV, .skip_invalid = 1,
				   .display_name = "sources.csv" };
	long rejected;

	snprintf(path, sizeof path, "/tmp/pt-bulk-sources-%ld.csv", (long)getpid());
	rejected = write_sources_register(path, rows);
	CHECK(rejected > 0);
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	if (!db || rejected <= 0)
		goto done;
	CHECK_INT(pt_import_file(db, path, &opts, &sum), PT_OK);
	if (sum) {
		CHECK_INT(sum->rejected, rejected);
		CHECK_INT(sum->inserted, rows - rejected); /* the corrected lines too */
		CHECK_INT(sum->new_source_total, rows - rejected);
		CHECK_INT(sum->new_camp_total, 1); /* "Stalag 4" */
	}
	pt_import_summary_free(sum);
	/* a source for each row kept, each cited, numbered without a gap
	 * (a rejected row's id is given again, as its savepoint did) */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source"), rows - rejected);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source s WHERE NOT EXISTS "
				"(SELECT 1 FROM citation c WHERE c.source_id = s.id)"), 0);
	CHECK_INT(pt_test_count(db, "SELECT max(id) - min(id) + 1 FROM source"), rows - rejected);
	/* each made by the import's batch (source_first_batch is off in bulk) */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source WHERE first_batch_id IS NOT "
				"batch_id OR batch_id IS NULL"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
				"AND name = 'source_first_batch'"), 1);
	/* a corrected line's source is the one it names, made at its own line */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source WHERE title = 'File 12/97' "
				"AND batch_line = 99"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp WHERE name LIKE 'Lager %'"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	{
		char *ok = pt_test_text(db, "PRAGMA integrity_check");
		CHECK_STR(ok, "ok");
		free(ok);
	}
done:
	unlink(path);
	pt_db_free(db);
}

/* Below the bulk threshold (500 rows: the triggers stay, row by row) and
 * above it (2,000 and 25,000 rows), where the schema changed inside the
 * transaction. */
static void test_rejected_row_takes_back_its_source(void)
{
	rejected_rows_take_back(300);
	rejected_rows_take_back(2000);
	rejected_rows_take_back(ROWS);
}

void suite_import_bulk(void);
void suite_import_bulk(void)
{
	RUN(test_bulk_text_is_the_triggers);
	RUN(test_rejected_row_takes_back_its_source);
}

/*
 * test_db.c - opening databases: creation, pragmas, migrations, and the
 * files that must be refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"

static char *temp_path(const char *name)
{
	static char path[256];
	snprintf(path, sizeof path, "/tmp/pt-test-%ld-%s", (long)getpid(), name);
	return path;
}

static void remove_db(const char *path)
{
	char extra[300];
	unlink(path);
	snprintf(extra, sizeof extra, "%s-wal", path);
	unlink(extra);
	snprintf(extra, sizeof extra, "%s-shm", path);
	unlink(extra);
}

static void test_create_sets_identity_and_pragmas(void)
{
	char *path = temp_path("create.db");
	pt_db *db = NULL;
	remove_db(path);
	CHECK_INT(pt_db_open(&db, path, PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_db_schema_version(db), pt_schema_latest());
	CHECK(pt_schema_latest() >= 2);
	CHECK_INT(pt_test_count(db, "PRAGMA application_id"), PT__APPLICATION_ID);
	CHECK_INT(pt_test_count(db, "PRAGMA foreign_keys"), 1);
	CHECK_INT(pt_test_count(db, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
			    "('person','person_name','camp','camp_alias','event','operation',"
			    "'source','source_link','citation','claim','import_batch')"), 11);
	/* every table is STRICT */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' "
			    "AND type = 'table' AND name NOT LIKE 'sqlite_%' AND strict = 0"), 0);
	CHECK_STR(pt_db_errmsg(db), "");
	pt_db_free(db);
	/* open again: nothing to migrate, still fine */
	CHECK_INT(pt_db_open(&db, path, 0), PT_OK);
	pt_db_free(db);
	remove_db(path);
}

static void test_missing_file_without_create(void)
{
	pt_db *db = NULL;
	char *path = temp_path("missing.db");
	remove_db(path);
	CHECK_INT(pt_db_open(&db, path, 0), PT_EIO);
	CHECK(strstr(pt_db_errmsg(db), "cannot open the database: No such file or directory") != NULL);
	pt_db_free(db);
}

static void test_unwritable_path(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, "/nonexistent-dir/x.db", PT_OPEN_CREATE), PT_EIO);
	CHECK_STR(pt_db_errmsg(db),
		  "/nonexistent-dir/x.db: cannot create the database: No such file or directory");
	pt_db_free(db);
}

static void test_refuses_a_file_that_is_not_sqlite(void)
{
	char *path = temp_path("text.db");
	FILE *f = fopen(path, "w");
	pt_db *db = NULL;
	fputs("surname,given_names\nKelly,Frank\n", f);
	fclose(f);
	CHECK_INT(pt_db_open(&db, path, PT_OPEN_CREATE), PT_ESCHEMA);
	CHECK(strstr(pt_db_errmsg(db), "not a powtrace database") != NULL);
	pt_db_free(db);
	remove_db(path);
}

static void raw(const char *path, const char *sql)
{
	sqlite3 *s = NULL;
	CHECK_INT(sqlite3_open(path, &s), SQLITE_OK);
	CHECK_INT(sqlite3_exec(s, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(s);
}

static void test_refuses_another_application(void)
{
	char *path = temp_path("other.db");
	pt_db *db = NULL;
	remove_db(path);
	raw(path, "CREATE TABLE notes(x); PRAGMA application_id = 42;");
	CHECK_INT(pt_db_open(&db, path, PT_OPEN_CREATE), PT_ESCHEMA);
	CHECK(strstr(pt_db_errmsg(db), "not a powtrace database (application_id 42)") != NULL);
	pt_db_free(db);
	remove_db(path);
}

static void test_refuses_a_newer_schema(void)
{
	char *path = temp_path("newer.db");
	char want[512];
	pt_db *db = NULL;
	remove_db(path);
	raw(path, "CREATE TABLE x(y); PRAGMA application_id = 1347900498; PRAGMA user_version = 9999;");
	CHECK_INT(pt_db_open(&db, path, PT_OPEN_CREATE), PT_ESCHEMA);
	snprintf(want, sizeof want, "%s: database schema version 9999 is newer than this powtrace "
		 "%s supports (%d); use a newer powtrace", path, PT_VERSION, pt_schema_latest());
	CHECK_STR(pt_db_errmsg(db), want);
	pt_db_free(db);
	/* and it was left alone */
	CHECK_INT(pt_db_open(&db, ":memory:", 0), PT_OK);
	pt_db_free(db);
	remove_db(path);
}

static void test_migrates_a_version_1_database(void)
{
	char *path = temp_path("v1.db");
	pt_db *db = NULL;
	remove_db(path);
	/* a version-1 database as an older powtrace made it, with a record */
	CHECK_INT(pt_db_open(&db, ":memory:", 0), PT_OK);
	pt_db_free(db);
	{
		sqlite3 *s = NULL;
		char sql[128];
		CHECK_INT(sqlite3_open(path, &s), SQLITE_OK);
		CHECK_INT(sqlite3_exec(s, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
		CHECK_INT(sqlite3_exec(s, pt__migrations[0].sql, NULL, NULL, NULL), SQLITE_OK);
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = 1",
			 PT__APPLICATION_ID);
		CHECK_INT(sqlite3_exec(s, sql, NULL, NULL, NULL), SQLITE_OK);
		CHECK_INT(sqlite3_exec(s, "INSERT INTO person(record_id, surname, content_hash) "
				       "VALUES ('r1', 'Kelly', 'h'); COMMIT", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(s);
	}
	CHECK_INT(pt_db_open(&db, path, 0), PT_OK);
	CHECK_INT(pt_db_schema_version(db), pt_schema_latest());
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person WHERE surname = 'Kelly'"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'unaccounted'"), 1);
	pt_db_free(db);
	remove_db(path);
}

static void test_read_only_refuses_an_old_schema(void)
{
	char *path = temp_path("ro.db");
	pt_db *db = NULL;
	remove_db(path);
	raw(path, "CREATE TABLE x(y); PRAGMA application_id = 1347900498; PRAGMA user_version = 1;");
	CHECK_INT(pt_db_open(&db, path, PT_OPEN_READONLY), PT_ESCHEMA);
	CHECK(strstr(pt_db_errmsg(db), "older than") != NULL);
	pt_db_free(db);
	remove_db(path);
}

static void test_strerror(void)
{
	CHECK_STR(pt_strerror(PT_OK), "success");
	CHECK_STR(pt_strerror(PT_ENOTFOUND), "not found");
	CHECK_STR(pt_strerror(PT_ESCHEMA), "incompatible database");
	CHECK_STR(pt_strerror(-99), "unknown error");
	CHECK_STR(pt_db_errmsg(NULL), "out of memory");
	pt_db_free(NULL);
}

void suite_db(void);
void suite_db(void)
{
	RUN(test_create_sets_identity_and_pragmas);
	RUN(test_missing_file_without_create);
	RUN(test_unwritable_path);
	RUN(test_refuses_a_file_that_is_not_sqlite);
	RUN(test_refuses_another_application);
	RUN(test_refuses_a_newer_schema);
	RUN(test_migrates_a_version_1_database);
	RUN(test_read_only_refuses_an_old_schema);
	RUN(test_strerror);
}

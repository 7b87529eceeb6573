/*
 * testdb.c - database helpers shared by the library tests (testdb.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/core.h"
#include "testdb.h"

long long pt_test_count(pt_db *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long n = -1;
	if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

char *pt_test_text(pt_db *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	char *t = NULL;
	if (sqlite3_prepare_v2(db->sql, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		t = pt__column_dup(s, 0);
	sqlite3_finalize(s);
	return t;
}

int pt_test_import_text(pt_db *db, const char *name, const char *text)
{
	char path[256];
	pt_import_options opts = { 0 };
	pt_import_summary *sum = NULL;
	FILE *f;
	int rc;

	snprintf(path, sizeof path, "/tmp/pt-test-%ld-%s", (long)getpid(), name);
	if (!(f = fopen(path, "wb")))
		return PT_EIO;
	fputs(text, f);
	fclose(f);
	opts.display_name = name;
	rc = pt_import_file(db, path, &opts, &sum);
	pt_import_summary_free(sum);
	unlink(path);
	return rc;
}

int pt_test_db_at_version(const char *path, int version, const char *sql)
{
	sqlite3 *db = NULL;
	char pragma[96];
	int rc = -1;

	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		goto cleanup;
	for (const struct pt__migration *m = pt__migrations; m->sql && m->version <= version; m++)
		if (sqlite3_exec(db, m->sql, NULL, NULL, NULL) != SQLITE_OK)
			goto cleanup;
	snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 PT__APPLICATION_ID, version);
	if (sqlite3_exec(db, pragma, NULL, NULL, NULL) != SQLITE_OK ||
	    (sql && sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK))
		goto cleanup;
	rc = 0;
cleanup:
	if (rc && db)
		fprintf(stderr, "pt_test_db_at_version: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	return rc;
}

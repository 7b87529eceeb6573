/*
 * test_safety.c - what protects the data from what a user types (issue 10):
 * safe output files, the database file shared with other processes
 * (read-only handles, removal only when alone, files moved under a
 * handle), encodings told from zero bytes, NUL bytes in CSV, the string map
 * that keeps header checks linear.
 */
#define _XOPEN_SOURCE 700 /* realpath, symlink */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"
#include "core/strmap.h"
#include "import/sheet.h"

static char dir[256];

/* A fresh directory of its own for each test. */
static const char *fresh_dir(const char *name)
{
	char cmd[600];
	snprintf(dir, sizeof dir, "/tmp/pt-safety-%ld-%s", (long)getpid(), name);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot make %s\n", dir);
	return dir;
}

static void drop_dir(void)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

static char *in_dir(const char *name)
{
	static char paths[4][512];
	static int next;
	char *p = paths[next++ % 4];
	snprintf(p, sizeof paths[0], "%s/%s", dir, name);
	return p;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static char *read_file(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "rb");
	size_t n = 0;
	buf[0] = '\0';
	if (f) {
		n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	return f ? buf : NULL;
}

/* How many hidden temporary files (".NAME.NNN.tmp") are left in dir. */
static int temp_files_left(void)
{
	char cmd[600];
	FILE *p;
	int n = -1;
	snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -c '\\.tmp$'", dir);
	if ((p = popen(cmd, "r"))) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

static pt_db *open_db(const char *path)
{
	pt_db *db = NULL;
	if (pt_db_open(&db, path, PT_OPEN_CREATE) != PT_OK) {
		fprintf(stderr, "open %s: %s\n", path, pt_db_errmsg(db));
		pt_db_free(db);
		return NULL;
	}
	return db;
}

/* ---- safe output files ----------------------------------------------------------- */

static void test_output_written_whole(void)
{
	pt_db *db;
	pt_output *out = NULL;
	struct stat st;

	fresh_dir("out");
	db = open_db(in_dir("test.db"));
	/* a new file: complete only once committed */
	CHECK_INT(pt_output_open(db, in_dir("new.txt"), NULL, 0, &out), PT_OK);
	fputs("whole", pt_output_stream(out));
	fflush(pt_output_stream(out));
	CHECK(read_file(in_dir("new.txt")) == NULL); /* not there yet */
	CHECK_INT(pt_output_commit(out), PT_OK);
	CHECK_STR(read_file(in_dir("new.txt")), "whole");
	CHECK_INT(temp_files_left(), 0);
	/* an existing file: aborted, it stays as it was, mode and all */
	chmod(in_dir("new.txt"), 0640);
	CHECK_INT(pt_output_open(db, in_dir("new.txt"), NULL, 0, &out), PT_OK);
	fputs("half", pt_output_stream(out));
	pt_output_abort(out);
	CHECK_STR(read_file(in_dir("new.txt")), "whole");
	CHECK_INT(temp_files_left(), 0);
	/* replaced: the new text, the old mode */
	CHECK_INT(pt_output_open(db, in_dir("new.txt"), NULL, 0, &out), PT_OK);
	fputs("again", pt_output_stream(out));
	CHECK_INT(pt_output_commit(out), PT_OK);
	CHECK_STR(read_file(in_dir("new.txt")), "again");
	CHECK(stat(in_dir("new.txt"), &st) == 0 && (st.st_mode & 0777) == 0640);
	/* a symbolic link stays one; the file it points to is replaced */
	CHECK(symlink("new.txt", in_dir("link.txt")) == 0);
	CHECK_INT(pt_output_open(db, in_dir("link.txt"), NULL, 0, &out), PT_OK);
	fputs("through", pt_output_stream(out));
	CHECK_INT(pt_output_commit(out), PT_OK);
	CHECK(lstat(in_dir("link.txt"), &st) == 0 && S_ISLNK(st.st_mode));
	CHECK_STR(read_file(in_dir("new.txt")), "through");
	/* not a regular file: written in place */
	CHECK_INT(pt_output_open(db, "/dev/null", NULL, 0, &out), PT_OK);
	fputs("nothing", pt_output_stream(out));
	CHECK_INT(pt_output_commit(out), PT_OK);
	/* a directory that does not exist: the cause */
	CHECK_INT(pt_output_open(db, in_dir("no/such/file"), NULL, 0, &out), PT_EIO);
	CHECK_STR(strstr(pt_db_errmsg(db), "cannot write: No such file or directory"),
		  "cannot write: No such file or directory");
	pt_db_free(db);
	drop_dir();
}

static void test_output_refuses_the_database_and_inputs(void)
{
	pt_db *db;
	pt_output *out = NULL;
	const char *inputs[] = { NULL, NULL };
	char msg[1200], db_path[512];

	fresh_dir("guard");
	snprintf(db_path, sizeof db_path, "%s", in_dir("test.db"));
	db = open_db(db_path);
	CHECK(link(db_path, in_dir("hard.db")) == 0);
	CHECK(symlink("test.db", in_dir("soft.db")) == 0);
	CHECK_INT(pt_output_open(db, db_path, NULL, 0, &out), PT_EINVAL);
	CHECK(out == NULL);
	snprintf(msg, sizeof msg, "%s: will not write over the database ('%s')", db_path, db_path);
	CHECK_STR(pt_db_errmsg(db), msg);
	CHECK_INT(pt_output_open(db, in_dir("hard.db"), NULL, 0, &out), PT_EINVAL);
	CHECK_INT(pt_output_open(db, in_dir("soft.db"), NULL, 0, &out), PT_EINVAL);
	/* its companions, by name even when they do not exist */
	CHECK_INT(pt_output_open(db, in_dir("test.db-journal"), NULL, 0, &out), PT_EINVAL);
	CHECK(strstr(pt_db_errmsg(db), "will not write over the database's -journal file") != NULL);
	CHECK_INT(pt_output_open(db, in_dir("test.db-wal"), NULL, 0, &out), PT_EINVAL);
	CHECK_INT(pt_output_open(db, in_dir("test.db-shm"), NULL, 0, &out), PT_EINVAL);
	/* an input, under its own name or another */
	write_file(in_dir("register.csv"), "surname\nKelly\n");
	inputs[1] = in_dir("register.csv");
	CHECK_INT(pt_output_open(db, in_dir("register.csv"), inputs, 2, &out), PT_EINVAL);
	snprintf(msg, sizeof msg, "%s/register.csv: will not write over an input of this command "
		 "('%s/register.csv')", dir, dir);
	CHECK_STR(pt_db_errmsg(db), msg);
	CHECK_STR(read_file(in_dir("register.csv")), "surname\nKelly\n");
	/* a directory */
	CHECK_INT(pt_output_open(db, dir, NULL, 0, &out), PT_EINVAL);
	snprintf(msg, sizeof msg, "%s: is a directory", dir);
	CHECK_STR(pt_db_errmsg(db), msg);
	CHECK_INT(temp_files_left(), 0);
	{
		char *ok = pt_test_text(db, "PRAGMA integrity_check");
		CHECK_STR(ok, "ok");
		free(ok);
	}
	pt_db_free(db);
	db = open_db(db_path);
	CHECK(db && pt_db_schema_version(db) == pt_schema_latest());
	pt_db_free(db);
	drop_dir();
}

/* ---- the database file ------------------------------------------------------------ */

static void test_readers_only_read(void)
{
	pt_db *db = NULL;
	char msg[1024];
	unsigned char header[20];
	FILE *f;
	struct stat st;

	fresh_dir("reader");
	/* missing: not made */
	CHECK_INT(pt_db_open(&db, in_dir("missing.db"), PT_OPEN_READONLY), PT_EIO);
	pt_db_free(db);
	CHECK(stat(in_dir("missing.db"), &st) != 0);
	/* an empty file: refused and left empty */
	write_file(in_dir("empty.db"), "");
	CHECK_INT(pt_db_open(&db, in_dir("empty.db"), PT_OPEN_READONLY), PT_ESCHEMA);
	snprintf(msg, sizeof msg, "%s: an empty file, not a powtrace database yet; create it "
		 "with 'powtrace init'", in_dir("empty.db"));
	CHECK_STR(pt_db_errmsg(db), msg);
	pt_db_free(db);
	CHECK(stat(in_dir("empty.db"), &st) == 0 && st.st_size == 0);
	/* a rollback-journal database stays one, and is not migrated */
	{
		sqlite3 *s;
		CHECK(sqlite3_open(in_dir("old.db"), &s) == SQLITE_OK);
		CHECK(sqlite3_exec(s, "PRAGMA application_id = 1347900498; PRAGMA user_version = 1;"
				   "CREATE TABLE person(id INTEGER PRIMARY KEY)", NULL, NULL, NULL) ==
		      SQLITE_OK);
		sqlite3_close(s);
	}
	CHECK_INT(pt_db_open(&db, in_dir("old.db"), PT_OPEN_READONLY), PT_ESCHEMA);
	snprintf(msg, sizeof msg, "%s: database schema version 1 is older than this powtrace's "
		 "(%d); upgrade it with 'powtrace init'", in_dir("old.db"), pt_schema_latest());
	CHECK_STR(pt_db_errmsg(db), msg);
	pt_db_free(db);
	if ((f = fopen(in_dir("old.db"), "rb"))) {
		CHECK(fread(header, 1, sizeof header, f) == sizeof header);
		fclose(f);
		CHECK_INT(header[18], 1); /* the write version: 1 is rollback journal, 2 WAL */
	}
	/* a current database reads, and refuses to write */
	pt_db_free(open_db(in_dir("new.db")));
	CHECK_INT(pt_db_open(&db, in_dir("new.db"), PT_OPEN_READONLY), PT_OK);
	CHECK(pt_test_count(db, "SELECT count(*) FROM person") == 0);
	CHECK(sqlite3_exec(db->sql, "INSERT INTO source(key, kind) VALUES ('x', 'book')", NULL, NULL,
			   NULL) != SQLITE_OK);
	pt_db_free(db);
	drop_dir();
}

static void test_schema_version_by_hand(void)
{
	pt_db *db = NULL;
	sqlite3 *s;
	char msg[1024];

	fresh_dir("version");
	pt_db_free(open_db(in_dir("v.db")));
	CHECK(sqlite3_open(in_dir("v.db"), &s) == SQLITE_OK);
	sqlite3_exec(s, "PRAGMA user_version = -1", NULL, NULL, NULL);
	sqlite3_close(s);
	CHECK_INT(pt_db_open(&db, in_dir("v.db"), PT_OPEN_CREATE), PT_ESCHEMA);
	snprintf(msg, sizeof msg, "%s: a powtrace database whose schema version is -1, which no "
		 "powtrace writes (was PRAGMA user_version changed by hand?); set it back, or "
		 "start a new database", in_dir("v.db"));
	CHECK_STR(pt_db_errmsg(db), msg);
	pt_db_free(db);
	drop_dir();
}

static void test_discard_only_what_it_made_alone(void)
{
	pt_db *db = NULL, *other = NULL;
	struct stat st;

	fresh_dir("discard");
	/* made by this handle, used by nobody else: gone, -wal and -shm too */
	CHECK_INT(pt_db_open(&db, in_dir("a.db"), PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_db_discard(db), 1);
	CHECK(stat(in_dir("a.db"), &st) != 0);
	CHECK(stat(in_dir("a.db-wal"), &st) != 0);
	CHECK(stat(in_dir("a.db-shm"), &st) != 0);
	/* another connection has it open: kept */
	CHECK_INT(pt_db_open(&db, in_dir("b.db"), PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_db_open(&other, in_dir("b.db"), PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_db_discard(db), 0);
	CHECK(stat(in_dir("b.db"), &st) == 0);
	CHECK_INT(pt_test_count(other, "SELECT count(*) FROM import_batch"), 0);
	/* and the other, which did not make it, does not remove it either */
	CHECK_INT(pt_db_discard(other), 0);
	CHECK(stat(in_dir("b.db"), &st) == 0);
	/* someone committed to it meanwhile (and left): kept */
	CHECK_INT(pt_db_open(&db, in_dir("c.db"), PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_db_open(&other, in_dir("c.db"), 0), PT_OK);
	CHECK_INT(pt_test_import_text(other, "s.json", "{\"sources\": [{\"key\": \"s\", "
				      "\"kind\": \"book\"}]}"), PT_OK);
	pt_db_free(other);
	CHECK_INT(pt_db_discard(db), 0);
	CHECK(stat(in_dir("c.db"), &st) == 0);
	/* a database that was there before: never */
	CHECK_INT(pt_db_open(&db, in_dir("c.db"), PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_db_discard(db), 0);
	CHECK(stat(in_dir("c.db"), &st) == 0);
	CHECK_INT(pt_db_discard(NULL), 0);
	drop_dir();
}

static void test_commit_into_a_moved_file_fails(void)
{
	pt_db *db;
	char msg[1024];
	struct stat st;

	fresh_dir("moved");
	db = open_db(in_dir("m.db"));
	CHECK_INT(pt_db_begin(db), PT_OK);
	CHECK(sqlite3_exec(db->sql, "INSERT INTO source(key, kind, content_hash) VALUES "
			   "('x', 'book', 'h')", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(rename(in_dir("m.db"), in_dir("elsewhere.db")) == 0);
	CHECK_INT(pt_db_commit(db), PT_EIO);
	snprintf(msg, sizeof msg, "%s: the database file was deleted or replaced while this "
		 "command ran; nothing was written (run the command again)", in_dir("m.db"));
	CHECK_STR(pt_db_errmsg(db), msg);
	pt_db_rollback(db);
	pt_db_free(db);
	/* nothing went into the file, and its -wal is empty */
	CHECK(stat(in_dir("m.db-wal"), &st) != 0 || st.st_size == 0);
	CHECK(rename(in_dir("elsewhere.db"), in_dir("m.db")) == 0);
	db = open_db(in_dir("m.db"));
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM source"), 0);
	pt_db_free(db);
	drop_dir();
}

static void test_two_handles_make_one_database(void)
{
	pt_db *a = NULL, *b = NULL;
	fresh_dir("two");
	/* the second finds the first's work done under the lock */
	CHECK_INT(pt_db_open(&a, in_dir("t.db"), PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_db_open(&b, in_dir("t.db"), PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_db_schema_version(b), pt_schema_latest());
	pt_db_free(a);
	pt_db_free(b);
	drop_dir();
}

static int waited;

static void note_wait(void *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	waited++;
}

static void test_busy_waits_then_gives_up(void)
{
	pt_db *holder = NULL, *db = NULL;
	pt_open_options opts = { PT_OPEN_CREATE, 1500, note_wait, NULL };
	time_t start;

	fresh_dir("busy");
	holder = open_db(in_dir("b.db"));
	CHECK_INT(pt_db_begin(holder), PT_OK);
	CHECK_INT(pt_db_open_with(&db, in_dir("b.db"), &opts), PT_OK);
	start = time(NULL);
	waited = 0;
	CHECK_INT(pt_db_begin(db), PT_EIO);
	CHECK(time(NULL) - start >= 1);
	CHECK_INT(waited, 1);
	CHECK(strstr(pt_db_errmsg(db), "the database is busy: another process is writing it "
		      "(waited 2 seconds)") != NULL);
	pt_db_rollback(holder);
	CHECK_INT(pt_db_begin(db), PT_OK);
	pt_db_rollback(db);
	pt_db_free(db);
	pt_db_free(holder);
	drop_dir();
}

/* ---- bytes in --------------------------------------------------------------------- */

static void test_wide_encodings_from_zero_bytes(void)
{
	static const char utf16le[] = "s\0u\0r\0n\0a\0m\0e\0\n\0K\0e\0l\0l\0y\0\n\0";
	static const char utf16be[] = "\0s\0u\0r\0n\0a\0m\0e\0\n\0K\0e\0l\0l\0y\0\n";
	static const char utf32le[] = "s\0\0\0u\0\0\0r\0\0\0\n\0\0\0K\0\0\0\n\0\0\0";
	static const char utf32be[] = "\0\0\0s\0\0\0u\0\0\0r\0\0\0\n\0\0\0K\0\0\0\n";
	static const char cyrillic16[] = "\x24\x04\x30\x04\x3c\x04,\0\x18\x04\x32\x04\n\0";
	static const char utf8_nul[] = "surname,given\nSm\0ith,John\nKelly,Frank\nWalker,Harold\n";
	static const char binary[] = "PK\3\4\0\0\0\0\x8\0\0\0!\0\x1c\x2\0\0\0\0\0\0\0\0";
	CHECK_INT(pt__encoding_sniff(utf16le, sizeof utf16le - 1), PT__ENC_UTF16LE);
	CHECK_INT(pt__encoding_sniff(utf16be, sizeof utf16be - 1), PT__ENC_UTF16BE);
	CHECK_INT(pt__encoding_sniff(utf32le, sizeof utf32le - 1), PT__ENC_UTF32LE);
	CHECK_INT(pt__encoding_sniff(utf32be, sizeof utf32be - 1), PT__ENC_UTF32BE);
	CHECK_INT(pt__encoding_sniff(cyrillic16, sizeof cyrillic16 - 1), PT__ENC_UTF16LE);
	CHECK_INT(pt__encoding_sniff(utf8_nul, sizeof utf8_nul - 1), PT__ENC_UNKNOWN);
	CHECK_INT(pt__encoding_sniff(binary, sizeof binary - 1), PT__ENC_UNKNOWN);
	CHECK_INT(pt__encoding_sniff("plain, UTF-8 text\n", 18), PT__ENC_UNKNOWN);
	{
		pt__encoding enc = PT__ENC_UNKNOWN;
		CHECK_INT(pt__encoding_bom("\xff\xfe\0\0s\0\0\0", 8, &enc), 4);
		CHECK_INT(enc, PT__ENC_UTF32LE);
		CHECK_INT(pt__encoding_bom("\xff\xfes\0", 4, &enc), 2);
		CHECK_INT(enc, PT__ENC_UTF16LE);
	}
}

static int count_rows(void *ctx, long line, char **cells, size_t count)
{
	(void)line;
	(void)cells;
	(void)count;
	(*(int *)ctx)++;
	return PT_OK;
}

static void test_csv_nul_is_an_error_with_its_place(void)
{
	static const char text[] = "surname,given_names\nKelly,Frank\nSm\0ith,John\n";
	pt_db *db = NULL;
	pt_import_summary *problems = NULL;
	int rows = 0;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	pt__csv_rows(db, "nul.csv", text, sizeof text - 1, ',', count_rows, &rows, &problems);
	CHECK(problems && problems->error_count == 1);
	if (problems && problems->error_count) {
		CHECK_INT(problems->errors[0].line, 3);
		CHECK_STR(problems->errors[0].message, "NUL byte (0x00) at column 3: binary data, "
			  "not text");
	}
	CHECK_INT(rows, 2); /* the header and Kelly; never "Sm" */
	pt_import_summary_free(problems);
	pt_db_free(db);
}

static void test_strmap(void)
{
	pt__strmap *m = pt__strmap_new();
	char key[32];
	CHECK(m != NULL);
	if (!m)
		return;
	for (long i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "column %ld", i);
		CHECK_INT(pt__strmap_put(m, key, i), PT_OK);
	}
	CHECK_INT(pt__strmap_get(m, "column 0"), 0);
	CHECK_INT(pt__strmap_get(m, "column 99999"), 99999);
	CHECK_INT(pt__strmap_get(m, "column 100000"), -1);
	CHECK_INT(pt__strmap_put(m, "column 7", 70), PT_OK);
	CHECK_INT(pt__strmap_get(m, "column 7"), 70);
	CHECK_INT(pt__strmap_get(NULL, "x"), -1);
	pt__strmap_free(m);
	pt__strmap_free(NULL);
}

void suite_safety(void);
void suite_safety(void)
{
	RUN(test_output_written_whole);
	RUN(test_output_refuses_the_database_and_inputs);
	RUN(test_readers_only_read);
	RUN(test_schema_version_by_hand);
	RUN(test_discard_only_what_it_made_alone);
	RUN(test_commit_into_a_moved_file_fails);
	RUN(test_two_handles_make_one_database);
	RUN(test_busy_waits_then_gives_up);
	RUN(test_wide_encodings_from_zero_bytes);
	RUN(test_csv_nul_is_an_error_with_its_place);
	RUN(test_strmap);
}

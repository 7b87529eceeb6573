/*
 * test_link_evidence.c - the evidence of a link or a queued pair, stored as
 * its comparison levels with the model of the run that weighed them
 * (schema/0100_link_evidence_levels.sql): rebuilt, it says what the run
 * said (its match weight is the one the stored probability came from, also
 * after a later run has estimated the model again); a person's decision
 * keeps the evidence of the pair it decides; a pair queued before 0100
 * keeps its JSON and is shown from it; a link run that writes much leaves
 * the file in WAL mode.
 */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "harness.h"
#include "testdb.h"
#include "link/link.h"

static const char men[] =
	"{\"sources\": [{\"key\": \"reg-a\", \"kind\": \"register\"},\n"
	"  {\"key\": \"reg-b\", \"kind\": \"register\"}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"1\", \"source\": \"reg-a\", \"surname\": \"Kelly\", \"given_names\": \"Frank\", "
	"\"birth_date\": \"1920-03-04\", \"service_number\": \"14412345\"},\n"
	" {\"record_id\": \"2\", \"source\": \"reg-b\", \"surname\": \"Kelley\", \"given_names\": \"F.\", "
	"\"birth_date\": \"1920\", \"service_number\": \"14412354\"},\n"
	" {\"record_id\": \"3\", \"source\": \"reg-a\", \"surname\": \"Walker\", \"given_names\": \"Harold\", "
	"\"birth_date\": \"1918-07-01\"},\n"
	" {\"record_id\": \"4\", \"source\": \"reg-b\", \"surname\": \"Walker\", \"given_names\": \"H.\"},\n"
	" {\"record_id\": \"5\", \"source\": \"reg-a\", \"surname\": \"Smith\", \"given_names\": \"John\", "
	"\"birth_date\": \"1915\"},\n"
	" {\"record_id\": \"6\", \"source\": \"reg-b\", \"surname\": \"Smith\", \"given_names\": \"J.\"},\n"
	" {\"record_id\": \"7\", \"source\": \"reg-b\", \"surname\": \"Smith\", \"given_names\": \"Jack\", "
	"\"birth_date\": \"1921\"}]}\n";

static const char more_men[] =
	"{\"sources\": [{\"key\": \"reg-c\", \"kind\": \"register\"}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"8\", \"source\": \"reg-c\", \"surname\": \"Walker\", \"given_names\": \"Harold\", "
	"\"birth_date\": \"1918\"},\n"
	" {\"record_id\": \"9\", \"source\": \"reg-c\", \"surname\": \"Kelly\", \"given_names\": \"Frank\"}]}\n";

/* Every decision and queued pair with levels: its evidence rebuilt agrees
 * with its probability (the weight is log2 of the odds, to two decimals)
 * and is the sum of its parts. Returns the rows checked. */
static int check_rows(pt_db *db)
{
	sqlite3_stmt *s = NULL;
	lk_evidence_models *models = calloc(1, sizeof *models);
	int rows = 0;

	CHECK(models != NULL);
	CHECK_INT(pt__prepare(db, &s, "SELECT probability, levels, surname_count, model_run "
			      "FROM link_decision WHERE levels IS NOT NULL UNION ALL "
			      "SELECT probability, levels, surname_count, run_id FROM link_review"), PT_OK);
	while (models && sqlite3_step(s) == SQLITE_ROW) {
		double p = sqlite3_column_double(s, 0), sum, weight;
		char *json = NULL;
		json_t *doc;
		CHECK_INT(pt__lk_evidence_of(db, models, sqlite3_column_int64(s, 3),
					     sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
					     &json), PT_OK);
		doc = json ? json_loads(json, 0, NULL) : NULL;
		CHECK(doc != NULL);
		if (!doc) {
			free(json);
			break;
		}
		weight = json_number_value(json_object_get(doc, "weight"));
		if (p > 1e-9 && p < 1 - 1e-9)
			CHECK(fabs(weight - log2(p / (1 - p))) <= 0.0051);
		sum = json_number_value(json_object_get(doc, "prior"));
		for (int c = 0; c < LK_COMPARISON_COUNT; c++)
			sum += json_number_value(json_array_get(json_object_get(doc,
						 pt__lk_comparisons[c].name), 1));
		CHECK(fabs(sum - weight) <= 0.05);
		json_decref(doc);
		free(json);
		rows++;
	}
	sqlite3_finalize(s);
	free(models);
	return rows;
}

static void test_evidence_says_what_the_run_said(void)
{
	pt_db *db = NULL;
	pt_link_options o;
	pt_link_summary s;
	int first;

	memset(&o, 0, sizeof o);
	o.auto_threshold = 0.999;
	o.review_threshold = 1e-9;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "men.json", men), PT_OK);
	CHECK_INT(pt_link_run(db, &o, &s), PT_OK);
	CHECK(s.links + s.review >= 4);
	/* no JSON: levels, and a model of the run */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE evidence IS NOT NULL "
				"OR levels IS NULL OR model_run IS NOT run_id"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_review WHERE evidence IS NOT NULL "
				"OR levels IS NULL"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_run_model WHERE run_id = 1"), 31);
	CHECK_INT(pt_test_count(db, "SELECT value FROM link_run_model_value WHERE run_id = 1 AND "
				"name = 'tf_records'"), 7);
	/* the Kellys agree on a surname key shared by records 1 and 2, or 1 alone */
	CHECK(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE surname_count > 0") +
	      pt_test_count(db, "SELECT count(*) FROM link_review WHERE surname_count > 0") > 0);
	first = check_rows(db);
	CHECK_INT(first, (int)(s.links + s.review));
	/* a run that reads only the new records scales the prior; one that
	 * estimates again has another model: the first run's rows are still
	 * read with the first run's */
	CHECK_INT(pt_test_import_text(db, "more.json", more_men), PT_OK);
	CHECK_INT(pt_link_run(db, &o, &s), PT_OK);
	CHECK(pt_test_count(db, "SELECT count(*) FROM link_run_model_value WHERE run_id = 2") > 0);
	CHECK(check_rows(db) > first);
	o.estimate = 1;
	CHECK_INT(pt_test_import_text(db, "more2.json",
				      "{\"sources\": [{\"key\": \"reg-d\", \"kind\": \"register\"}],"
				      " \"persons\": [{\"record_id\": \"10\", \"source\": \"reg-d\", "
				      "\"surname\": \"Smith\", \"given_names\": \"John\"}]}"), PT_OK);
	CHECK_INT(pt_link_run(db, &o, &s), PT_OK);
	CHECK_INT(s.estimated, 1);
	CHECK(pt_test_count(db, "SELECT count(*) FROM (SELECT DISTINCT value FROM "
			    "link_run_model_value WHERE name = 'prior')") >= 2);
	CHECK(check_rows(db) > first);
	pt_db_free(db);
}

/* A person's decision on a queued pair keeps the pair's evidence: its
 * levels and the run whose model weighs them. */
static void test_decision_keeps_the_evidence(void)
{
	pt_db *db = NULL;
	pt_link_options o;
	pt_link_summary s;
	pt_link_decision_in d;
	int64_t a, b, levels;

	memset(&o, 0, sizeof o);
	o.auto_threshold = 0.999999;
	o.review_threshold = 1e-9;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "men.json", men), PT_OK);
	CHECK_INT(pt_link_run(db, &o, &s), PT_OK);
	CHECK(s.review > 0);
	a = pt_test_count(db, "SELECT a FROM link_review ORDER BY probability DESC, a, b LIMIT 1");
	b = pt_test_count(db, "SELECT b FROM link_review ORDER BY probability DESC, a, b LIMIT 1");
	levels = pt_test_count(db, "SELECT levels FROM link_review ORDER BY probability DESC, a, b "
			       "LIMIT 1");
	memset(&d, 0, sizeof d);
	d.a = b;
	d.b = a;
	d.verdict = PT_LINK_DIFFERENT;
	CHECK_INT(pt_link_decide(db, &d, "tester"), PT_OK);
	{
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM link_decision WHERE a = %lld AND "
			 "b = %lld AND made_by = 'tester' AND levels = %lld AND model_run = 1 AND "
			 "probability > 0 AND evidence IS NULL", (long long)a, (long long)b,
			 (long long)levels);
		CHECK_INT(pt_test_count(db, sql), 1);
	}
	CHECK(check_rows(db) > 0);
	pt_db_free(db);
}

/* 0100 on a database with JSON evidence: the queued pair keeps it, and the
 * review shows it as before. */
static void test_json_evidence_kept(void)
{
	const char *path = "/tmp/powtrace-test-0100.db";
	pt_db *db = NULL;
	pt_link_pairs *pairs = NULL;

	remove(path);
	CHECK_INT(pt_test_db_at_version(path, 92,
		"INSERT INTO person(id, record_source, record_id, content_hash, surname) VALUES "
		"(1, 'a', '1', 'x', 'Kelly'), (2, 'b', '2', 'y', 'Kelly');"
		"INSERT INTO link_run(id, started_at, made_by, auto_threshold, review_threshold) "
		"VALUES (1, 'then', 'powtrace', 0.9, 0.4);"
		"INSERT INTO link_review(a, b, probability, evidence, run_id, queued_at) VALUES "
		"(1, 2, 0.5, '{\"weight\":1.25,\"prior\":-12.5,\"surname\":[\"exact\",10.75],"
		"\"given_names\":[\"initial\",3.00],\"camp\":[\"missing\",0.00],"
		"\"surname_tf_weight\":0.5}', 1, 'then');"), 0);
	CHECK_INT(pt_db_open(&db, path, 0), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_review WHERE evidence LIKE '{%' "
				"AND levels IS NULL"), 1);
	CHECK_INT(pt_link_review(db, 0, &pairs), PT_OK);
	CHECK(pairs && pairs->count == 1);
	if (pairs && pairs->count == 1) {
		pt_link_pair *p = &pairs->items[0];
		CHECK(p->weight == 1.25);
		CHECK(p->prior_weight == -12.5);
		CHECK_STR(p->comparisons[LK_SURNAME].level, "exact");
		CHECK(p->comparisons[LK_SURNAME].weight == 10.75);
		CHECK(p->comparisons[LK_SURNAME].tf_weight == 0.5);
		CHECK_STR(p->comparisons[LK_GIVEN].level, "initial");
		CHECK_STR(p->comparisons[LK_BIRTH].level, "missing");
		/* run 1 has no model of its own (it ran before 0100): m and u
		 * are the latest model's */
		{
			lk_model latest;
			CHECK_INT(pt__lk_model_load(db, &latest), PT_OK);
			CHECK(p->comparisons[LK_SURNAME].m == latest.m[LK_SURNAME][0]);
			CHECK(p->comparisons[LK_GIVEN].u == latest.u[LK_GIVEN][3]);
		}
	}
	pt_link_pairs_free(pairs);
	pt_db_free(db);
	remove(path);
}

/* Another population, for a later run to estimate the model again on:
 * men who share a service number across two registers. */
static const char other_men[] =
	"{\"sources\": [{\"key\": \"reg-e\", \"kind\": \"register\"},\n"
	"  {\"key\": \"reg-f\", \"kind\": \"register\"}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"11\", \"source\": \"reg-e\", \"surname\": \"Brown\", \"given_names\": \"Albert\", "
	"\"birth_date\": \"1919-05-02\", \"service_number\": \"3251107\", \"nationality\": \"GB\"},\n"
	" {\"record_id\": \"12\", \"source\": \"reg-f\", \"surname\": \"Browne\", \"given_names\": \"A.\", "
	"\"birth_date\": \"1919\", \"service_number\": \"3251107\", \"nationality\": \"GB\"},\n"
	" {\"record_id\": \"13\", \"source\": \"reg-e\", \"surname\": \"Novak\", \"given_names\": \"Peter\", "
	"\"birth_date\": \"1922-11-30\", \"service_number\": \"887123\", \"nationality\": \"US\"},\n"
	" {\"record_id\": \"14\", \"source\": \"reg-f\", \"surname\": \"Nowak\", \"given_names\": \"Peter\", "
	"\"birth_date\": \"1922-11-30\", \"service_number\": \"887123\", \"nationality\": \"US\"},\n"
	" {\"record_id\": \"15\", \"source\": \"reg-e\", \"surname\": \"Evans\", \"given_names\": \"David\", "
	"\"birth_date\": \"1917-01-09\", \"service_number\": \"551902\", \"nationality\": \"GB\"},\n"
	" {\"record_id\": \"16\", \"source\": \"reg-f\", \"surname\": \"Evans\", \"given_names\": \"David John\", "
	"\"birth_date\": \"1917-01\", \"service_number\": \"551902\", \"nationality\": \"GB\"}]}\n";

/* After a later run has estimated the model again, the review shows each
 * queued pair with the m and u of the run that queued it, the ones its
 * weights come from (log2 m/u), not the latest model's; `link explain`
 * compares the pair now, with the latest model, its m, u and weights
 * alike. */
/* The index of level `name` in comparison c's list, -1 when not there. */
static int level_index(int c, const char *name)
{
	for (int l = 0; l < pt__lk_comparisons[c].level_count; l++)
		if (!strcmp(pt__lk_comparisons[c].levels[l], name))
			return l;
	return -1;
}

static void test_review_shows_the_run_model(void)
{
	pt_db *db = NULL;
	pt_link_options o;
	pt_link_summary s;
	pt_link_pairs *pairs = NULL;
	pt_link_pair *explained = NULL;
	lk_model first, latest;
	double tf_records = 0;
	int checked = 0, differ = 0;

	memset(&o, 0, sizeof o);
	o.auto_threshold = 0.999999;
	o.review_threshold = 1e-9;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "men.json", men), PT_OK);
	CHECK_INT(pt_link_run(db, &o, &s), PT_OK);
	CHECK(s.review > 0);
	CHECK_INT(pt_test_import_text(db, "other.json", other_men), PT_OK);
	o.estimate = 1;
	CHECK_INT(pt_link_run(db, &o, &s), PT_OK);
	CHECK_INT(s.estimated, 1);
	CHECK_INT(pt__lk_run_model_load(db, 1, &first, &tf_records), PT_OK);
	CHECK_INT(pt__lk_model_load(db, &latest), PT_OK);
	CHECK(pt_test_count(db, "SELECT count(*) FROM link_review WHERE run_id = 1") > 0);

	CHECK_INT(pt_link_review(db, 0, &pairs), PT_OK);
	for (size_t i = 0; pairs && i < pairs->count; i++) {
		pt_link_pair *p = &pairs->items[i];
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT run_id FROM link_review WHERE a = %lld AND b = %lld",
			 (long long)(p->a.id < p->b.id ? p->a.id : p->b.id),
			 (long long)(p->a.id < p->b.id ? p->b.id : p->a.id));
		if (pt_test_count(db, sql) != 1)
			continue;
		for (int c = 0; c < LK_COMPARISON_COUNT; c++) {
			const pt_link_comparison *x = &p->comparisons[c];
			int lv = level_index((int)c, x->level);
			if (lv < 0)
				continue;
			CHECK(x->m == first.m[c][lv]);
			CHECK(x->u == first.u[c][lv]);
			/* the weight shown (two decimals) is log2 of the m and u shown */
			CHECK(fabs(x->weight - x->tf_weight - log2(x->m / x->u)) <= 0.0101);
			if (x->m != latest.m[c][lv] || x->u != latest.u[c][lv])
				differ++;
			checked++;
		}
	}
	CHECK(checked > 0);
	CHECK(differ > 0);   /* else the test would not tell the two models apart */

	/* explain weighs the pair now: the latest model's m and u, and weights */
	if (pairs && pairs->count > 0) {
		pt_link_pair *p = &pairs->items[0];
		CHECK_INT(pt_link_explain(db, p->a.id, p->b.id, &explained), PT_OK);
		for (size_t c = 0; explained && c < explained->comparison_count; c++) {
			const pt_link_comparison *x = &explained->comparisons[c];
			int lv = level_index((int)c, x->level);
			if (lv < 0)
				continue;
			CHECK(x->m == latest.m[c][lv]);
			CHECK(x->u == latest.u[c][lv]);
			CHECK(fabs(x->weight - x->tf_weight - log2(x->m / x->u)) <= 1e-9);
		}
	}
	pt_link_pair_free(explained);
	pt_link_pairs_free(pairs);
	pt_db_free(db);
}

/* ---- the journal of a run that writes much ---- */

static const char *const bulk_path = "/tmp/powtrace-test-bulk.db";

static pt_db *bulk_db(void)
{
	pt_db *db = NULL;
	char journal[64];
	snprintf(journal, sizeof journal, "%s-journal", bulk_path);
	remove(bulk_path);
	remove(journal);
	CHECK_INT(pt_db_open(&db, bulk_path, PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "men.json", men), PT_OK);
	return db;
}

static char *mode_of(pt_db *db)
{
	return pt_test_text(db, "SELECT journal_mode || ' ' || "
			    "(SELECT synchronous FROM pragma_synchronous) FROM pragma_journal_mode");
}

/* The first run takes the rollback journal for its transaction, and the
 * file is in WAL again after, with the synchronous level of before; with a
 * reader open it stays in WAL throughout. */
static void test_bulk_run_back_in_wal(void)
{
	pt_db *db = bulk_db(), *reader = NULL;
	pt_link_summary s;
	char *mode = mode_of(db);

	CHECK_STR(mode, "wal 1");
	free(mode);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 7);
	mode = mode_of(db);
	CHECK_STR(mode, "wal 1");
	free(mode);
	pt_db_free(db);
	/* again, with another connection on the file */
	db = bulk_db();
	CHECK_INT(pt_db_open(&reader, bulk_path, 0), PT_OK);
	CHECK_INT(pt_test_count(reader, "SELECT count(*) FROM person"), 7);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 7);
	CHECK(pt_test_count(reader, "SELECT count(*) FROM link_decision") +
	      pt_test_count(reader, "SELECT count(*) FROM link_review") > 0);
	mode = mode_of(db);
	CHECK_STR(mode, "wal 1");
	free(mode);
	pt_db_free(reader);
	pt_db_free(db);
	remove(bulk_path);
}

static void die_while_clustering(void *ctx, const pt_link_progress *p)
{
	(void)ctx;
	if (!strcmp(p->phase, "clustering"))
		_exit(9);
}

/* A process killed in the middle of a first run (its links written, not
 * committed) leaves the file as it was: the next opening rolls the journal
 * back, and the file is sound, in WAL, and links as if nothing happened. */
static void test_bulk_run_killed(void)
{
	pt_db *db = bulk_db();
	pt_link_summary s;
	pid_t child;
	int status = 0;
	char *text;

	pt_db_free(db);
	child = fork();
	if (child == 0) {
		pt_link_options o;
		memset(&o, 0, sizeof o);
		o.progress = die_while_clustering;
		if (pt_db_open(&db, bulk_path, 0))
			_exit(1);
		pt_link_run(db, &o, &s);
		_exit(2);
	}
	CHECK(child > 0);
	CHECK(waitpid(child, &status, 0) == child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 9);
	/* it was writing with the rollback journal, not into a WAL */
	{
		char journal[64];
		snprintf(journal, sizeof journal, "%s-journal", bulk_path);
		CHECK(access(journal, F_OK) == 0);
	}
	CHECK_INT(pt_db_open(&db, bulk_path, 0), PT_OK);
	text = pt_test_text(db, "PRAGMA integrity_check");
	CHECK_STR(text, "ok");
	free(text);
	text = mode_of(db);
	CHECK_STR(text, "wal 1");
	free(text);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_run"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_pending"), 7);
	CHECK_INT(pt_link_run(db, NULL, &s), PT_OK);
	CHECK_INT(s.records_compared, 7);
	CHECK(s.links + s.review > 0);
	pt_db_free(db);
	remove(bulk_path);
}

void suite_link_evidence(void);
void suite_link_evidence(void)
{
	RUN(test_evidence_says_what_the_run_said);
	RUN(test_decision_keeps_the_evidence);
	RUN(test_json_evidence_kept);
	RUN(test_review_shows_the_run_model);
	RUN(test_bulk_run_back_in_wal);
	RUN(test_bulk_run_killed);
}

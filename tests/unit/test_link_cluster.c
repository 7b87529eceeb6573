/*
 * test_link_cluster.c - a run that holds every record and rebuilds every
 * individual groups them in memory, beside the writing of its links
 * (cluster.c, pt__lk_cluster_*): the individuals it writes are the ones the
 * decisions log gives (pt__lk_recluster), with a person's same and
 * different decisions, on the first run and on a run after a large import.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "testdb.h"
#include "link/link.h"

#define MEN 30

static const char *const surnames[] = { "Kelly", "Walker", "Smith", "Brown", "Hughes", "Carter",
					"Fisher", "Mason", "Turner", "Wright" };
static const char *const given[] = { "Frank", "Harold", "John", "Albert", "Thomas", "William" };

/* One register of men first..last (JSON): each man's name, birth date and
 * service number; `initials`: given names as initials. Men 5 and 6 are
 * namesakes (one name, one birth year, two service numbers). */
static char *register_json(const char *source, int first, int last, int initials)
{
	size_t size = 64 + (size_t)(last - first + 1) * 256, used;
	char *text = malloc(size);
	if (!text)
		return NULL;
	used = (size_t)snprintf(text, size, "{\"sources\": [{\"key\": \"%s\", \"kind\": \"register\"}],\n"
				" \"persons\": [\n", source);
	for (int m = first; m <= last; m++) {
		int name = m == 6 ? 5 : m;
		const char *g = given[name % 6];
		char initial[3] = { g[0], '.', '\0' };
		used += (size_t)snprintf(text + used, size - used,
					 " {\"record_id\": \"%s-%d\", \"source\": \"%s\", \"surname\": \"%s\", "
					 "\"given_names\": \"%s\", \"birth_date\": \"19%02d-0%d-1%d\", "
					 "\"service_number\": \"%d\"}%s\n",
					 source, m, source, surnames[name % 10], initials ? initial : g,
					 10 + (name % 9), 1 + name % 9, name % 10, 7310000 + m * 37,
					 m < last ? "," : "");
	}
	snprintf(text + used, size - used, "]}\n");
	return text;
}

static int import_register(pt_db *db, const char *source, int first, int last, int initials)
{
	char *text = register_json(source, first, last, initials);
	char name[32];
	int rc;
	if (!text)
		return PT_ENOMEM;
	snprintf(name, sizeof name, "%s.json", source);
	rc = pt_test_import_text(db, name, text);
	free(text);
	return rc;
}

static int64_t record(pt_db *db, const char *record_id)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT id FROM person WHERE record_id = '%s'", record_id);
	return pt_test_count(db, sql);
}

static int decide(pt_db *db, int64_t a, int64_t b, pt_link_verdict v)
{
	pt_link_decision_in d;
	memset(&d, 0, sizeof d);
	d.a = a;
	d.b = b;
	d.verdict = v;
	return pt_link_decide(db, &d, "tester");
}

static char *members(pt_db *db)
{
	return pt_test_text(db, "SELECT coalesce(group_concat(person_id || ':' || individual_id, ','), '') "
			    "FROM (SELECT * FROM individual_member ORDER BY person_id)");
}

/* The individuals the run wrote are those the log gives: rebuilding every
 * one from the log changes no row. */
static void check_log_agrees(pt_db *db)
{
	char *ran = members(db), *from_log;
	CHECK_INT(pt_db_begin(db), PT_OK);
	CHECK_INT(pt__lk_recluster(db, 1), PT_OK);
	from_log = members(db);
	pt_db_rollback(db);
	CHECK(ran && from_log && strcmp(ran, from_log) == 0);
	CHECK(ran && strlen(ran) > 0);
	free(ran);
	free(from_log);
}

/* Two runs with person decisions between them, on `threads` threads; the
 * rows of individual_member after both, as text (the caller frees it). */
static char *two_runs(int threads)
{
	pt_db *db = NULL;
	pt_link_options o;
	pt_link_summary s;
	int64_t a0, b0, a1, a2;
	char *result = NULL;

	memset(&o, 0, sizeof o);
	o.threads = threads;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(import_register(db, "reg-a", 0, MEN - 1, 0), PT_OK);
	CHECK_INT(import_register(db, "reg-b", 0, MEN - 6, 1), PT_OK);
	CHECK_INT(import_register(db, "reg-c", 10, MEN - 1, 0), PT_OK);
	/* the first run: every record new, every individual rebuilt */
	CHECK_INT(pt_link_run(db, &o, &s), PT_OK);
	CHECK(s.links > 0);
	CHECK(s.individuals < s.records);
	check_log_agrees(db);
	/* a person splits one man and joins two */
	a0 = record(db, "reg-a-0");
	b0 = record(db, "reg-b-0");
	a1 = record(db, "reg-a-1");
	a2 = record(db, "reg-a-2");
	CHECK_INT(decide(db, a0, b0, PT_LINK_DIFFERENT), PT_OK);
	CHECK_INT(decide(db, a1, a2, PT_LINK_SAME), PT_OK);
	/* a register of more than a quarter of the records: the second run
	 * reads them all and rebuilds every individual again */
	CHECK_INT(import_register(db, "reg-d", 0, MEN - 1, 0), PT_OK);
	CHECK_INT(pt_link_run(db, &o, &s), PT_OK);
	CHECK_INT(s.records_compared, MEN);
	CHECK(s.links > 0);
	check_log_agrees(db);
	/* the person's decisions hold */
	CHECK(pt_test_count(db, "SELECT count(*) FROM person_individual x JOIN person_individual y "
			    "ON x.individual_id = y.individual_id WHERE x.person_id = (SELECT id FROM person "
			    "WHERE record_id = 'reg-a-0') AND y.person_id = (SELECT id FROM person "
			    "WHERE record_id = 'reg-b-0')") == 0);
	CHECK(pt_test_count(db, "SELECT count(DISTINCT individual_id) FROM person_individual "
			    "WHERE person_id IN (SELECT id FROM person WHERE record_id IN "
			    "('reg-a-1', 'reg-a-2'))") == 1);
	result = members(db);
	pt_db_free(db);
	return result;
}

static void test_grouped_in_memory_as_from_the_log(void)
{
	char *one = two_runs(1), *two = two_runs(2), *three = two_runs(3);
	/* and the same on one thread as on several */
	CHECK(one && two && three && strcmp(one, two) == 0 && strcmp(one, three) == 0);
	free(one);
	free(two);
	free(three);
}

/* A link that did not get the id the grouping gave it (here: not written
 * at all) writes nothing: the caller rebuilds from the log. */
static void test_grouping_refuses_other_ids(void)
{
	pt_db *db = NULL;
	lk_data d;
	lk_cluster *c = NULL;
	int written = 1;

	memset(&d, 0, sizeof d);
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(import_register(db, "reg-a", 0, 3, 0), PT_OK);
	CHECK_INT(pt__lk_load(db, &d, 0), PT_OK);
	CHECK_INT(pt__lk_cluster_open(db, &c), PT_OK);
	CHECK_INT(pt__lk_cluster_link(c, 1, 2, 0.99), PT_OK);
	CHECK_INT(pt__lk_cluster_group(c, &d), PT_OK);
	CHECK_INT(pt__lk_cluster_write(db, c, &written), PT_OK);
	CHECK_INT(written, 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM individual_member"), 0);
	pt__lk_cluster_free(c);
	pt__lk_data_release(&d);
	pt_db_free(db);
}

/* The seed path (pt__lk_recluster(db, 0)) reads each decision once, from
 * the first of its records the rounds reach: here r2 is the only seed, so
 * r1-r2 and r3-r2 are read from their b, r3-r4 and r1-r5 from their a in
 * the second round, r5-r4 from its a in the third, where both are in the
 * front. A record's earlier individual is read with its individual's
 * records (r1's in the second round). The individuals are those of the rebuild of every record. */
static void test_seed_path_reads_each_decision_once(void)
{
	pt_db *db = NULL;
	int64_t r[7];
	char sql[512], *around, *all;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(import_register(db, "reg-a", 1, 6, 0), PT_OK);
	for (int i = 1; i <= 6; i++) {
		char id[16];
		snprintf(id, sizeof id, "reg-a-%d", i);
		r[i] = record(db, id);
	}
	/* automatic links, the strongest first: r5-r4, r1-r2, r3-r2, then
	 * r3-r4, refused (a person said r1 and r5 differ) */
	snprintf(sql, sizeof sql,
		 "INSERT INTO link_decision(a, b, decision, made_by, made_at, probability) VALUES "
		 "(%lld, %lld, 'same', 'auto', '2026-01-01', 0.9), "
		 "(%lld, %lld, 'same', 'auto', '2026-01-01', 0.8), "
		 "(%lld, %lld, 'same', 'auto', '2026-01-01', 0.7), "
		 "(%lld, %lld, 'same', 'auto', '2026-01-01', 0.95)",
		 (long long)r[1], (long long)r[2], (long long)r[3], (long long)r[2],
		 (long long)r[3], (long long)r[4], (long long)r[5], (long long)r[4]);
	CHECK_INT(pt__exec(db, sql), PT_OK);
	snprintf(sql, sizeof sql,
		 "INSERT INTO link_decision(a, b, a_source, a_record_id, b_source, b_record_id, "
		 "decision, made_by, made_at) VALUES (%lld, %lld, 'reg-a', 'reg-a-1', 'reg-a', "
		 "'reg-a-5', 'different', 'tester', '2026-01-01')", (long long)r[1], (long long)r[5]);
	CHECK_INT(pt__exec(db, sql), PT_OK);
	/* before: r1, r3 and r6 one individual (r3's id), met in the second
	 * round; r2 its own */
	snprintf(sql, sizeof sql, "INSERT INTO individual_member(person_id, individual_id) VALUES "
		 "(%lld, %lld), (%lld, %lld), (%lld, %lld)", (long long)r[1], (long long)r[3],
		 (long long)r[3], (long long)r[3], (long long)r[6], (long long)r[3]);
	CHECK_INT(pt__exec(db, sql), PT_OK);

	CHECK_INT(pt_db_begin(db), PT_OK);
	CHECK_INT(pt__lk_temp_ids(db, "pt_link_seed"), PT_OK);
	snprintf(sql, sizeof sql, "INSERT INTO temp.pt_link_seed(id) VALUES (%lld)", (long long)r[2]);
	CHECK_INT(pt__exec(db, sql), PT_OK);
	CHECK_INT(pt__lk_recluster(db, 0), PT_OK);
	around = members(db);
	pt_db_rollback(db);
	CHECK_INT(pt_db_begin(db), PT_OK);
	CHECK_INT(pt__lk_recluster(db, 1), PT_OK);
	all = members(db);
	pt_db_rollback(db);

	/* r1, r2, r3 take the smallest of the ids before (r1 and r3 had r3's,
	 * r2 its own); r4 and r5 take r4's; r6 is alone */
	snprintf(sql, sizeof sql, "%lld:%lld,%lld:%lld,%lld:%lld,%lld:%lld,%lld:%lld",
		 (long long)r[1], (long long)r[2], (long long)r[2], (long long)r[2],
		 (long long)r[3], (long long)r[2], (long long)r[4], (long long)r[4],
		 (long long)r[5], (long long)r[4]);
	CHECK(around && strcmp(around, sql) == 0);
	CHECK(all && strcmp(all, sql) == 0);
	free(around);
	free(all);
	pt_db_free(db);
}

void suite_link_cluster(void);
void suite_link_cluster(void)
{
	RUN(test_grouped_in_memory_as_from_the_log);
	RUN(test_grouping_refuses_other_ids);
	RUN(test_seed_path_reads_each_decision_once);
}

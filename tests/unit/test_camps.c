/*
 * test_camps.c - camps a person puts right: an unverified camp merged into
 * the camp it means (its spellings, events, citations, locations and the
 * claims about it move, statuses are derived again) and the merge taken back
 * to exactly what was there; a spelling that names several camps read as
 * before with a note naming them; verify; alias; and the refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"

static pt_db *open_db(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	return db;
}

static int import_named(pt_db *db, const char *path, const char *name, pt_import_summary **sum)
{
	pt_import_options opts = { .format = PT_FORMAT_AUTO };
	pt_import_summary *none = NULL;
	int rc;
	opts.display_name = name;
	rc = pt_import_file(db, path, &opts, sum ? sum : &none);
	pt_import_summary_free(none);
	return rc;
}

static int import_file(pt_db *db, const char *path, pt_import_summary **sum)
{
	return import_named(db, path, path, sum);
}

static int import_text(pt_db *db, const char *name, const char *text, pt_import_summary **sum)
{
	char path[256];
	FILE *f;
	int rc;
	snprintf(path, sizeof path, "/tmp/pt-camps-%ld-%s", (long)getpid(), name);
	if (!(f = fopen(path, "wb")))
		return PT_EIO;
	fputs(text, f);
	fclose(f);
	rc = import_named(db, path, name, sum);
	unlink(path);
	return rc;
}

/* Everything a merge touches, row by row in a fixed order. */
static char *state(pt_db *db)
{
	static const char sql[] =
		"SELECT (SELECT group_concat(x, char(10)) FROM (SELECT key || '|' || name || '|' || "
		"type || '|' || verified || '|' || coalesce(place, '') || '|' || coalesce(notes, '') || "
		"'|' || coalesce(first_batch_id, '') AS x FROM camp ORDER BY key)) || char(10) || "
		"(SELECT group_concat(x, char(10)) FROM (SELECT c.key || '=' || a.alias || '|' || "
		"a.alias_key || '|' || coalesce(a.match_key, '') AS x FROM camp_alias a JOIN camp c ON "
		"c.id = a.camp_id ORDER BY c.key, a.alias)) || char(10) || "
		"(SELECT group_concat(x, char(10)) FROM (SELECT e.id || ' ' || coalesce(c.key, '-') AS x "
		"FROM event e LEFT JOIN camp c ON c.id = e.camp_id ORDER BY e.id)) || char(10) || "
		"(SELECT group_concat(x, char(10)) FROM (SELECT ct.id || ' ' || coalesce(c.key, '-') AS x "
		"FROM citation ct LEFT JOIN camp c ON c.id = ct.camp_id ORDER BY ct.id)) || char(10) || "
		"(SELECT group_concat(x, char(10)) FROM (SELECT id || ' ' || coalesce(population, '') AS x "
		"FROM claim ORDER BY id)) || char(10) || "
		"(SELECT group_concat(x, char(10)) FROM (SELECT id || ' ' || status || ' ' || "
		"coalesce(status_reason, '') || ' ' || coalesce(last_event_id, '') AS x FROM person "
		"ORDER BY id))";
	return pt_test_text(db, sql);
}

static void test_camps_merge_and_take_back(void)
{
	static const char *const fixtures[] = {
		"fixtures/sources.json", "fixtures/camps.json", "fixtures/operations.json",
		"fixtures/persons.json", "fixtures/invented.json", "fixtures/claims.json",
	};
	pt_db *db = open_db();
	pt_camp_merge_info m, u;
	pt_import_summary *sum = NULL;
	char *before, *after;
	long long events_iv_b, claims_iv_b;

	for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++)
		CHECK_INT(import_file(db, fixtures[i], NULL), PT_OK);
	/* a register that names Stalag IV-B as no alias does: a new camp */
	CHECK_INT(import_text(db, "register.csv", "Surname,Given names,Camp,Date of capture\n"
			      "Goodall,Ted,Muehlberg Zeltlager,20.9.44\n"
			      "Hardy,Jim,Muehlberg Zeltlager,18.9.44\n", &sum), PT_OK);
	CHECK(sum && sum->new_camp_count == 1);
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT verified FROM camp WHERE key = "
				"'muehlberg-zeltlager'"), 0);
	/* give it a location, a citation and a claim of its own */
	CHECK_INT(import_text(db, "extra.json", "{\"locations\": [{\"camp\": "
			      "\"muehlberg-zeltlager\", \"seq\": 1, \"lat\": 51.4, \"lon\": 13.2}],"
			      " \"claims\": [{\"key\": \"c-muehl\", \"question\": \"held-at-muehlberg\", "
			      "\"metric\": \"held\", \"population\": {\"camp\": "
			      "\"muehlberg-zeltlager\"}, \"value\": 7000, \"citation\": "
			      "{\"source\": \"ivb-register\"}}]}", &sum), PT_OK);
	pt_import_summary_free(sum);
	claims_iv_b = pt_test_count(db, "SELECT count(*) FROM claim WHERE json_extract(population, "
				    "'$.camp') = 'stalag-iv-b'");
	events_iv_b = pt_test_count(db, "SELECT count(*) FROM event e JOIN camp c ON c.id = "
				    "e.camp_id WHERE c.key = 'stalag-iv-b'");
	before = state(db);

	CHECK_INT(pt_camp_merge(db, "muehlberg-zeltlager", "Stalag 4B", &m), PT_OK);
	CHECK_STR(m.from_key, "muehlberg-zeltlager");
	CHECK_STR(m.into_key, "stalag-iv-b");
	CHECK_INT(m.aliases, 1);
	CHECK_INT(m.events, 2);
	CHECK_INT(m.persons, 2);
	CHECK_INT(m.locations, 1);
	CHECK_INT(m.claims, 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp WHERE key = "
				"'muehlberg-zeltlager'"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event e JOIN camp c ON c.id = e.camp_id "
				"WHERE c.key = 'stalag-iv-b'"), events_iv_b + 2);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM claim WHERE json_extract(population, "
				"'$.camp') = 'stalag-iv-b'"), claims_iv_b + 1);
	{
		char *reason = pt_test_text(db, "SELECT status_reason FROM person WHERE surname = 'Goodall'");
		CHECK(reason && strstr(reason, "Stalag IV-B") && !strstr(reason, "Zeltlager"));
		free(reason);
	}
	/* the same register again: its spelling names Stalag IV-B now */
	CHECK_INT(import_text(db, "register.csv", "Surname,Given names,Camp,Date of capture\n"
			      "Goodall,Ted,Muehlberg Zeltlager,20.9.44\n"
			      "Hardy,Jim,Muehlberg Zeltlager,18.9.44\n", &sum), PT_OK);
	CHECK(sum && sum->unchanged == 2 && sum->new_camp_count == 0 && sum->warning_count == 0);
	pt_import_summary_free(sum);

	/* taken back: everything as it was */
	CHECK_INT(pt_camp_unmerge(db, 0, "muehlberg-zeltlager", &u), PT_OK);
	CHECK_INT(u.id, m.id);
	CHECK(u.unmerged_at != NULL);
	after = state(db);
	CHECK_STR(after, before);
	free(after);
	/* not twice */
	CHECK_INT(pt_camp_unmerge(db, m.id, NULL, NULL), PT_ECONFLICT);
	CHECK(strstr(pt_db_errmsg(db), "was taken back already") != NULL);
	CHECK_INT(pt_camp_unmerge(db, 0, "muehlberg-zeltlager", NULL), PT_ENOTFOUND);
	pt_camp_merge_info_release(&m);
	pt_camp_merge_info_release(&u);

	/* merge again, then merge the camp it went into away: the first cannot
	 * be taken back before the second */
	CHECK_INT(pt_camp_merge(db, "muehlberg-zeltlager", "stalag-iv-b", &m), PT_OK);
	CHECK_INT(pt_camp_merge(db, "stalag-iv-b", "stalag-iii-a", &u), PT_OK);
	CHECK_INT(pt_camp_unmerge(db, m.id, NULL, NULL), PT_ECONFLICT);
	CHECK(strstr(pt_db_errmsg(db), "take that back first") != NULL);
	CHECK_INT(pt_camp_unmerge(db, u.id, NULL, NULL), PT_OK);
	CHECK_INT(pt_camp_unmerge(db, m.id, NULL, NULL), PT_OK);
	after = state(db);
	if (strcmp(after ? after : "", before ? before : "")) {
		FILE *f = fopen("/tmp/pt-camps-before.txt", "w");
		if (f) { fputs(before, f); fclose(f); }
		f = fopen("/tmp/pt-camps-after.txt", "w");
		if (f) { fputs(after ? after : "", f); fclose(f); }
	}
	CHECK_STR(after, before);
	free(after);
	pt_camp_merge_info_release(&m);
	pt_camp_merge_info_release(&u);
	{
		pt_camp_merge_info *list = NULL;
		size_t n = 0;
		CHECK_INT(pt_camp_merge_list(db, &list, &n), PT_OK);
		CHECK_INT(n, 3);
		CHECK(n == 3 && list[0].unmerged_at && list[2].unmerged_at && list[2].aliases > 0);
		pt_camp_merge_list_free(list, n);
	}
	free(before);
	pt_db_free(db);
}

static void test_camps_refusals(void)
{
	pt_db *db = open_db();
	char *before;

	CHECK_INT(import_file(db, "fixtures/sources.json", NULL), PT_OK);
	CHECK_INT(import_file(db, "fixtures/camps.json", NULL), PT_OK);
	before = state(db);
	CHECK_INT(pt_camp_merge(db, "stalag-iv-b", "Mühlberg", NULL), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "'stalag-iv-b' and 'Mühlberg' are the same camp");
	CHECK_INT(pt_camp_merge(db, "stalag-xx-z", "stalag-iv-b", NULL), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "unknown camp 'stalag-xx-z'");
	CHECK_INT(pt_camp_unmerge(db, 99, NULL, NULL), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no camp merge 99");
	CHECK_INT(pt_camp_alias_add(db, "stalag-iii-a", "Stalag 4B"), PT_ECONFLICT);
	CHECK_STR(pt_db_errmsg(db), "'Stalag 4B' names stalag-iv-b already: if both are one camp, "
		  "merge them with 'powtrace camps merge stalag-iv-b stalag-iii-a'");
	CHECK_INT(pt_camp_alias_add(db, "stalag-iii-a", "--"), PT_EINVAL);
	{
		char *after = state(db);
		CHECK_STR(after, before); /* nothing changed */
		free(after);
	}
	CHECK_INT(pt_camp_alias_add(db, "stalag-iii-a", "Stammlager III A Luckenwalde"), PT_OK);
	CHECK_INT(pt_camp_alias_add(db, "stalag-iii-a", "Stammlager III A Luckenwalde"), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM camp_alias WHERE alias = "
				"'Stammlager III A Luckenwalde'"), 1);
	CHECK_INT(import_text(db, "camps.csv", "surname,internment_camp\nKelly,stammlager iii a "
			      "LUCKENWALDE\n", NULL), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event e JOIN camp c ON c.id = e.camp_id "
				"WHERE c.key = 'stalag-iii-a'"), 1);
	free(before);
	pt_db_free(db);
}

/* The case: a register imported before the gazetteer made
 * "Stalag 4B" a camp of its own; once the gazetteer names it too, the same
 * register imports again as before, with a note naming both camps */
static void test_camps_ambiguous_spelling(void)
{
	static const char reg[] = "Surname,Camp\nKelly,Stalag 4B\nWalker,Stalag 4B\n";
	pt_db *db = open_db();
	pt_import_summary *sum = NULL;
	int64_t id;

	CHECK_INT(import_text(db, "reg.csv", reg, &sum), PT_OK);
	CHECK(sum && sum->new_camp_count == 1);
	pt_import_summary_free(sum);
	CHECK_INT(import_file(db, "fixtures/sources.json", NULL), PT_OK);
	CHECK_INT(import_file(db, "fixtures/camps.json", NULL), PT_OK);
	CHECK_INT(import_text(db, "reg.csv", reg, &sum), PT_OK);
	CHECK(sum && sum->unchanged == 2 && sum->warning_count == 1);
	if (sum && sum->warning_count) {
		CHECK_INT(sum->warnings[0].line, 2);
		CHECK_STR(sum->warnings[0].field, "Camp");
		CHECK_STR(sum->warnings[0].message, "'Stalag 4B' names stalag-4b (unverified) and "
			  "stalag-iv-b; read as stalag-4b, the camp that had the name first: merge "
			  "them with 'powtrace camps merge stalag-4b stalag-iv-b'");
	}
	pt_import_summary_free(sum);
	/* a query names them too */
	CHECK_INT(pt_camp_resolve(db, "Stalag 4B", &id), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "camp 'Stalag 4B' names stalag-4b (unverified) and "
		  "stalag-iv-b: merge them with 'powtrace camps merge stalag-4b stalag-iv-b'");
	CHECK_INT(pt_camp_merge(db, "stalag-4b", "stalag-iv-b", NULL), PT_OK);
	CHECK_INT(pt_camp_resolve(db, "Stalag 4B", &id), PT_OK);
	CHECK_INT(import_text(db, "reg.csv", reg, &sum), PT_OK);
	CHECK(sum && sum->unchanged == 2 && sum->warning_count == 0);
	pt_import_summary_free(sum);
	CHECK_INT(pt_camp_verify(db, "Stalag 4B", &id), PT_OK);
	pt_db_free(db);
}

static void test_camps_unverified_list(void)
{
	pt_db *db = open_db();
	pt_camp_query q = { 0 };
	pt_camp_list *list = NULL;

	CHECK_INT(import_text(db, "reg.csv", "Surname,Camp\nKelly,Stalag XX-Z\nWalker,Stalag XX-Z\n"
			      "Evans,Dulag 99\n", NULL), PT_OK);
	CHECK_INT(import_text(db, "more.csv", "Surname,Camp\nJones,Stalag XX-Z\n", NULL), PT_OK);
	q.unverified = 1;
	CHECK_INT(pt_camp_search(db, &q, &list), PT_OK);
	CHECK(list && list->count == 2);
	if (list && list->count == 2) {
		CHECK_STR(list->camps[1].key, "stalag-xx-z");
		CHECK_INT(list->camps[1].persons, 3);
		CHECK_INT(list->camps[1].events, 3);
		CHECK_INT(list->camps[1].origin_count, 3);
		if (list->camps[1].origin_count == 3) {
			CHECK(strstr(list->camps[1].origins[0], "made by reg.csv line 2 (batch 1)") != NULL);
			CHECK_STR(list->camps[1].origins[2], "more.csv (batch 2, 1 event)");
		}
	}
	pt_camp_list_free(list);
	CHECK_INT(pt_camp_verify(db, "Dulag 99", NULL), PT_OK);
	CHECK_INT(pt_camp_search(db, &q, &list), PT_OK);
	CHECK(list && list->count == 1);
	pt_camp_list_free(list);
	pt_db_free(db);
}

void suite_camps(void);
void suite_camps(void)
{
	RUN(test_camps_merge_and_take_back);
	RUN(test_camps_refusals);
	RUN(test_camps_ambiguous_spelling);
	RUN(test_camps_unverified_list);
}

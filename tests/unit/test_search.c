/*
 * test_search.c - `find` in the library: the quality test set
 * (tests/data/names/quality.tsv, recall and precision with a floor), the
 * query plans (find never scans a table), bad input, filters, ranking and
 * explanations, keys written on import, kept through re-import, rebuilt by
 * the migration and by pt_db_reindex_names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "testdb.h"
#include "names/names.h"
#include "names/search.h"

/* the floors the quality test enforces (measured: see the note it prints) */
#define RECALL_FLOOR    0.98
#define PRECISION_FLOOR 0.95

static int64_t add_person(pt_db *db, const char *record_id, const char *surname,
			  const char *given)
{
	sqlite3_stmt *s = NULL;
	int64_t id = 0;
	if (sqlite3_prepare_v2(db->sql, "INSERT INTO person(record_id, surname, given_names, "
			       "content_hash) VALUES (?, ?, ?, 'test')", -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(s, 1, record_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, surname, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, given, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(db->sql);
	sqlite3_finalize(s);
	return id;
}

static int64_t add_name(pt_db *db, int64_t person_id, const char *surname, const char *given,
			int primary)
{
	sqlite3_stmt *s = NULL;
	int64_t id = 0;
	if (sqlite3_prepare_v2(db->sql, "INSERT INTO person_name(person_id, surname, given_names, "
			       "script, is_primary, seq) VALUES (?, ?, ?, ?, ?, 0)", -1, &s,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(s, 4, pt__script_code(pt__script_of(surname)), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_text(s, 2, surname, -1, SQLITE_STATIC);
	if (given && *given)
		sqlite3_bind_text(s, 3, given, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, primary);
	if (sqlite3_step(s) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(db->sql);
	sqlite3_finalize(s);
	if (id && pt__name_keys_write(db, surname, given && *given ? given : NULL))
		id = 0;
	return id;
}

static int64_t person(pt_db *db, const char *label, const char *surname, const char *given)
{
	int64_t id = add_person(db, label, surname, given);
	CHECK(id > 0);
	CHECK(add_name(db, id, surname, given, 1) > 0);
	return id;
}

static pt_db *memory_db(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	return db;
}

/* ---- the quality test set ------------------------------------------------ */

struct label {
	char name[16];
	int64_t id;
};

static int64_t label_id(const struct label *labels, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(labels[i].name, name))
			return labels[i].id;
	return -1;
}

static const char *id_label(const struct label *labels, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (labels[i].id == id)
			return labels[i].name;
	return "?";
}

/* Is `id` among the labels in the space-separated list? */
static int listed(const struct label *labels, size_t n, const char *list, int64_t id)
{
	char copy[512];
	size_t len = strlen(list);
	if (len >= sizeof copy)
		return 0;
	memcpy(copy, list, len + 1);
	for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " "))
		if (label_id(labels, n, tok) == id)
			return 1;
	return 0;
}

static int split_tabs(char *line, char **col, int max)
{
	int n = 0;
	line[strcspn(line, "\r\n")] = '\0';
	col[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			col[n++] = p + 1;
		}
	for (int i = n; i < max; i++)
		col[i] = "";
	return n;
}

static void test_quality(void)
{
	FILE *f = fopen("tests/data/names/quality.tsv", "r");
	struct label *labels = NULL;
	size_t label_count = 0;
	char line[1024], *col[5];
	pt_db *db = memory_db();
	int queries = 0, must_total = 0, must_found = 0, hits_judged = 0, hits_good = 0;
	int verbose = getenv("PT_VERBOSE") != NULL;

	CHECK(f != NULL);
	if (!f || !db) {
		pt_db_free(db);
		return;
	}
	/* the records first, then the queries */
	while (fgets(line, sizeof line, f)) {
		if (split_tabs(line, col, 5) < 3 || line[0] == '#')
			continue;
		if (!strcmp(col[0], "person")) {
			struct label *grown = realloc(labels, (label_count + 1) * sizeof *grown);
			if (!grown)
				break;
			labels = grown;
			snprintf(labels[label_count].name, sizeof labels[label_count].name, "%s", col[1]);
			labels[label_count].id = person(db, col[1], col[2], col[3]);
			label_count++;
		} else if (!strcmp(col[0], "name")) {
			CHECK(add_name(db, label_id(labels, label_count, col[1]), col[2], col[3], 0) > 0);
		}
	}
	rewind(f);
	while (fgets(line, sizeof line, f)) {
		pt_find_result *r = NULL;
		int rc;
		if (split_tabs(line, col, 5) < 3 || line[0] == '#' || strcmp(col[0], "query"))
			continue;
		queries++;
		rc = pt_person_find(db, col[1], NULL, &r);
		CHECK_INT(rc, PT_OK);
		if (rc)
			continue;
		/* recall: every must-find id */
		{
			char copy[512];
			snprintf(copy, sizeof copy, "%s", col[2]);
			for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
				int64_t want = label_id(labels, label_count, tok);
				int found = 0;
				for (size_t i = 0; i < r->count; i++)
					found |= r->hits[i].person_id == want;
				must_total++;
				must_found += found;
				if (!found && verbose)
					printf("  miss  %-28s %s (%s)\n", col[1], tok, col[4]);
			}
		}
		/* precision: hits that are neither wanted nor allowed count against it */
		for (size_t i = 0; i < r->count; i++) {
			int64_t id = r->hits[i].person_id;
			if (listed(labels, label_count, col[3], id))
				continue;
			hits_judged++;
			if (listed(labels, label_count, col[2], id))
				hits_good++;
			else if (verbose)
				printf("  extra %-28s %s %s %d: %s\n", col[1], id_label(labels, label_count, id),
				       pt_match_name(r->hits[i].match), r->hits[i].score, r->hits[i].why);
		}
		pt_find_result_free(r);
	}
	fclose(f);
	{
		double recall = must_total ? (double)must_found / must_total : 0;
		double precision = hits_judged ? (double)hits_good / hits_judged : 0;
		pt_test_note("name search quality: %d queries over %zu persons: recall %.1f%% (%d/%d), "
			     "precision %.1f%% (%d/%d); floors %.0f%% and %.0f%%", queries, label_count,
			     100 * recall, must_found, must_total, 100 * precision, hits_good,
			     hits_judged, 100 * RECALL_FLOOR, 100 * PRECISION_FLOOR);
		CHECK(queries >= 250);
		CHECK(recall >= RECALL_FLOOR);
		CHECK(precision >= PRECISION_FLOOR);
	}
	free(labels);
	pt_db_free(db);
}

/* Splits "Given Surname" (Latin) or "Фамилия Имя" (Cyrillic) at its space. */
static void split_name(char *text, int surname_first, const char **surname, const char **given)
{
	char *space = strrchr(text, ' ');
	if (!space) {
		*surname = text;
		*given = NULL;
		return;
	}
	if (surname_first)
		space = strchr(text, ' ');
	*space = '\0';
	*surname = surname_first ? text : space + 1;
	*given = surname_first ? space + 1 : text;
}

static void test_validation_set(void)
{
	FILE *f = fopen("tests/data/names/validation.tsv", "r");
	pt_db *db = memory_db();
	struct entry {
		char text[2][128];     /* Latin, Cyrillic */
		char group[128];       /* the Latin surname: entries that share it are one family */
		int64_t id[2];
	} *e = NULL;
	char line[512], *col[3];
	size_t n = 0;
	int found[2] = { 0, 0 }, judged = 0, good = 0;

	CHECK(f != NULL);
	if (!f || !db) {
		if (f)
			fclose(f);
		pt_db_free(db);
		return;
	}
	while (fgets(line, sizeof line, f)) {
		struct entry *grown;
		if (line[0] == '#' || split_tabs(line, col, 3) < 2)
			continue;
		if (!(grown = realloc(e, (n + 1) * sizeof *grown)))
			break;
		e = grown;
		snprintf(e[n].text[0], sizeof e[n].text[0], "%s", col[0]);
		snprintf(e[n].text[1], sizeof e[n].text[1], "%s", col[1]);
		for (int side = 0; side < 2; side++) {
			char copy[128], label[32];
			const char *surname, *given;
			snprintf(copy, sizeof copy, "%s", e[n].text[side]);
			split_name(copy, side, &surname, &given);
			if (side == 0)
				snprintf(e[n].group, sizeof e[n].group, "%s", surname);
			snprintf(label, sizeof label, "v%zu-%d", n, side);
			e[n].id[side] = person(db, label, surname, given);
		}
		n++;
	}
	fclose(f);
	for (size_t i = 0; i < n; i++)
		for (int side = 0; side < 2; side++) {
			pt_find_result *r = NULL;
			int hit = 0;
			CHECK_INT(pt_person_find(db, e[i].text[side], NULL, &r), PT_OK);
			for (size_t h = 0; r && h < r->count; h++) {
				int64_t id = r->hits[h].person_id;
				int family = 0;
				if (id == e[i].id[0] || id == e[i].id[1]) {
					hit |= id == e[i].id[!side];
					if (id == e[i].id[!side]) {
						judged++;
						good++;
					}
					continue;
				}
				for (size_t j = 0; j < n; j++)
					if ((id == e[j].id[0] || id == e[j].id[1]) && !strcmp(e[j].group, e[i].group))
						family = 1;
				if (family)
					continue;      /* the same surname in another entry */
				judged++;
				if (getenv("PT_VERBOSE"))
					printf("  extra %-24s %s\n", e[i].text[side], r->hits[h].why);
			}
			if (!hit && getenv("PT_VERBOSE"))
				printf("  miss  %-24s -> %s\n", e[i].text[side], e[i].text[!side]);
			found[side] += hit;
			pt_find_result_free(r);
		}
	pt_test_note("name search validation: %zu Western names and their Cyrillic "
		     "renderings: Latin finds Cyrillic %.1f%% (%d), Cyrillic finds Latin %.1f%% (%d), "
		     "precision %.1f%% (%d/%d)", n, n ? 100.0 * found[0] / (double)n : 0, found[0],
		     n ? 100.0 * found[1] / (double)n : 0, found[1],
		     judged ? 100.0 * good / judged : 0, good, judged);
	CHECK(n >= 150);
	CHECK(found[0] >= (int)(0.95 * (double)n));
	CHECK(found[1] >= (int)(0.95 * (double)n));
	CHECK(good >= (int)(0.75 * (double)judged));
	free(e);
	pt_db_free(db);
}

/* ---- find never scans a table ---------------------------------------------- */

static void test_query_plans_use_indexes(void)
{
	pt_db *db = memory_db();
	int statements = 0;

	if (!db)
		return;
	/* a few rows and fresh statistics, so that the planner has a real choice */
	person(db, "a", "Kelly", "Frank");
	person(db, "b", "Walker", "Harold");
	CHECK_INT(pt__exec(db, "ANALYZE"), PT_OK);
	/* find's own statements, then the camp look-up's that --camp runs */
	const char *all[16];
	int n = 0;
	for (int i = 0; pt__search_sql[i] && n < 14; i++)
		all[n++] = pt__search_sql[i];
	all[n++] = pt__camp_lookup_sql(PT__CAMP_BY_KEY);
	all[n++] = pt__camp_lookup_sql(PT__CAMP_BY_FOLDED);
	for (int i = 0; i < n; i++) {
		pt__buf sql = PT__BUF_INIT;
		sqlite3_stmt *s = NULL;
		pt__buf_printf(&sql, "EXPLAIN QUERY PLAN %s", all[i]);
		CHECK_INT(sqlite3_prepare_v2(db->sql, pt__buf_str(&sql), -1, &s, NULL), SQLITE_OK);
		while (s && sqlite3_step(s) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(s, 3);
			/* the lists bound as JSON (json_each: candidate ids, query keys) are
			 * read whole; tables never */
			if (!strncmp(detail, "SCAN ", 5) && strcmp(detail, "SCAN CONSTANT ROW") &&
			    !strstr(detail, "VIRTUAL TABLE")) {
				fprintf(stderr, "plan scans: %s\n  for %s\n", detail, all[i]);
				CHECK(!"a find statement scans a table");
			}
			/* the person table is only ever read by its id */
			if (strstr(detail, "person p") || strstr(detail, " person "))
				CHECK(strstr(detail, "INTEGER PRIMARY KEY") != NULL);
		}
		sqlite3_finalize(s);
		pt__buf_release(&sql);
		statements++;
	}
	/* find's eight statements (a key's spellings and a spelling's names are
	 * two, since each spelling is read once a search; the filters read the
	 * person row alone) and the camp look-up's two */
	CHECK_INT(statements, 10);
	pt_db_free(db);
}

/* ---- bad input --------------------------------------------------------------- */

static void check_refused(pt_db *db, const char *name, int code, const char *message)
{
	pt_find_result *r = (pt_find_result *)1;
	CHECK_INT(pt_person_find(db, name, NULL, &r), code);
	CHECK(r == NULL);
	if (message)
		CHECK_STR(pt_db_errmsg(db), message);
}

static void test_bad_queries(void)
{
	pt_db *db = memory_db();
	pt_find_result *r = NULL;
	char long_name[1100];
	int keys;

	if (!db)
		return;
	person(db, "a", "O'Brien", "Patrick");
	person(db, "b", "Robert", "Drop");
	check_refused(db, NULL, PT_EINVAL, "give a name to search for");
	check_refused(db, "", PT_EINVAL, "give a name to search for (the name is blank)");
	check_refused(db, " \t ", PT_EINVAL, "give a name to search for (the name is blank)");
	memset(long_name, 'a', 1001);
	long_name[1001] = '\0';
	check_refused(db, long_name, PT_EINVAL, "the name is 1001 characters long; a name to search "
		      "for may have at most 1000");
	long_name[1000] = '\0';
	CHECK_INT(pt_person_find(db, long_name, NULL, &r), PT_OK);   /* 1000 is allowed */
	pt_find_result_free(r);
	check_refused(db, "Kel\xe9y", PT_EINVAL, "the name is not valid UTF-8 (byte 0xE9 at position "
		      "4); set the terminal or the file to UTF-8");
	check_refused(db, "K\xd0\xb6lly", PT_EINVAL, "'K\xd0\xb6lly' mixes letters of different "
		      "scripts (Latin and Cyrillic, say); type each word in one script");
	check_refused(db, "*", PT_EINVAL, "the pattern '*' has no letters; give at least one, as in "
		      "'Kel*'");
	check_refused(db, "--- ...", PT_EINVAL, "'--- ...' has no letters to search for");
	check_refused(db, "F. J.", PT_EINVAL, "'F. J.' has no surname to search for (only initials)");

	/* a Cyrillic е typed inside a Latin word is repaired, and said so */
	CHECK_INT(pt_person_find(db, "O'Bri\xd0\xb5n", NULL, &r), PT_OK);
	if (r) {
		CHECK_INT(r->count, 1);
		CHECK_INT(r->note_count, 1);
		CHECK(r->note_count && strstr(r->notes[0], "searched for 'O'Brien'"));
	}
	pt_find_result_free(r);

	/* quotes and SQL are only data */
	CHECK_INT(pt_person_find(db, "O'Brien", NULL, &r), PT_OK);
	CHECK(r && r->count == 1 && r->hits[0].match == PT_MATCH_EXACT);
	pt_find_result_free(r);
	CHECK_INT(pt_person_find(db, "Robert'); DROP TABLE person;--", NULL, &r), PT_OK);
	CHECK(r && r->count == 0);
	pt_find_result_free(r);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 2);
	keys = pt_test_count(db, "SELECT count(*) FROM surname_key");
	CHECK(keys > 5);
	CHECK_INT(pt_person_find(db, "\"; DELETE FROM surname_key; --", NULL, &r), PT_OK);
	pt_find_result_free(r);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM surname_key"), keys);
	pt_db_free(db);
}

static void test_bad_filters(void)
{
	pt_db *db = memory_db();
	pt_find_result *r = NULL;
	pt_find_options o = { 0 };

	if (!db)
		return;
	o.born = "31.02.1920";
	CHECK_INT(pt_person_find(db, "Kelly", &o, &r), PT_EINVAL);
	CHECK(strstr(pt_db_errmsg(db), "born: cannot read date '31.02.1920'") != NULL);
	o.born = NULL;
	o.status = "missing";
	CHECK_INT(pt_person_find(db, "Kelly", &o, &r), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "status: unknown status 'missing' (expected one of returned, "
		  "died, unaccounted, conflicting, unknown)");
	o.status = NULL;
	o.nationality = "GBR";
	CHECK_INT(pt_person_find(db, "Kelly", &o, &r), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "nationality: 'GBR' is not an ISO 3166 alpha-2 code (such as "
		  "GB, US, SU)");
	o.nationality = NULL;
	o.camp = "Stalag 99Z";
	CHECK_INT(pt_person_find(db, "Kelly", &o, &r), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "camp: unknown camp 'Stalag 99Z' (no camp has this key, name "
		  "or alias)");
	CHECK(r == NULL);
	pt_db_free(db);
}

/* ---- filters, ranking and explanations ------------------------------------------ */

static void set_person(pt_db *db, int64_t id, const char *sql_set)
{
	pt__buf sql = PT__BUF_INIT;
	pt__buf_printf(&sql, "UPDATE person SET %s WHERE id = %lld", sql_set, (long long)id);
	CHECK_INT(pt__exec(db, pt__buf_str(&sql)), PT_OK);
	pt__buf_release(&sql);
}

static size_t find_count(pt_db *db, const char *name, const pt_find_options *o)
{
	pt_find_result *r = NULL;
	size_t n = 0;
	CHECK_INT(pt_person_find(db, name, o, &r), PT_OK);
	if (r)
		n = r->count;
	pt_find_result_free(r);
	return n;
}

static void test_filters(void)
{
	pt_db *db = memory_db();
	pt_find_options o = { 0 };
	int64_t a, b, c;

	if (!db)
		return;
	a = person(db, "a", "Kelly", "Frank");
	b = person(db, "b", "Kelly", "Francis");
	c = person(db, "c", "Kelly", "Frank");
	set_person(db, a, "nationality = 'GB', birth_date = '1920', birth_date_min = 19200101, "
		   "birth_date_max = 19201231, status = 'unaccounted', unit = '2nd Bn Parachute Regiment'");
	set_person(db, b, "nationality = 'US', birth_date = '1918/1922', birth_date_min = 19180101, "
		   "birth_date_max = 19221231, status = 'returned', unit = '1st Airborne'");
	set_person(db, c, "nationality = 'GB'");
	CHECK_INT(pt__exec(db, "INSERT INTO camp(key, name, type, content_hash) VALUES "
			   "('stalag-iv-b', 'Stalag IV-B', 'stalag', 'x');"
			   "INSERT INTO camp_alias(camp_id, alias, alias_key) VALUES "
			   "(1, 'Stalag IV-B', 'stalagivb'), (1, 'Mühlberg', 'muhlberg');"
			   "INSERT INTO event(person_id, type, camp_id, seq) VALUES (2, 'internment', 1, 1)"),
		  PT_OK);

	CHECK_INT(find_count(db, "Frank Kelly", &o), 3);
	o.nationality = "gb";
	CHECK_INT(find_count(db, "Frank Kelly", &o), 2);
	o.nationality = NULL;
	o.status = "returned";
	CHECK_INT(find_count(db, "Frank Kelly", &o), 1);
	o.status = NULL;
	o.unit = "PARACHUTE";
	CHECK_INT(find_count(db, "Frank Kelly", &o), 1);
	o.unit = NULL;
	o.camp = "Muhlberg";                 /* an alias, folded */
	CHECK_INT(find_count(db, "Frank Kelly", &o), 1);
	o.camp = "stalag-iv-b";              /* the key */
	CHECK_INT(find_count(db, "Frank Kelly", &o), 1);
	o.camp = NULL;
	/* born: ranges overlap; an uncertain date that may fall in the range counts,
	 * a person with no birth date does not */
	o.born = "1921";
	CHECK_INT(find_count(db, "Frank Kelly", &o), 1);       /* 1918/1922 only */
	o.born = "1920";
	CHECK_INT(find_count(db, "Frank Kelly", &o), 2);
	o.born = "1923/1930";
	CHECK_INT(find_count(db, "Frank Kelly", &o), 0);
	o.born = "../1918";
	CHECK_INT(find_count(db, "Frank Kelly", &o), 1);
	{
		pt_find_result *r = NULL;
		o.born = "1920";
		CHECK_INT(pt_person_find(db, "Frank Kelly", &o, &r), PT_OK);
		/* the certain birth date ranks above the one that only may fall in 1920 */
		CHECK(r && r->count == 2 && r->hits[0].person_id == a && r->hits[1].person_id == b);
		CHECK(r && r->count == 2 && r->hits[0].score > r->hits[1].score);
		pt_find_result_free(r);
	}
	o.born = NULL;
	o.limit = 2;
	{
		pt_find_result *r = NULL;
		CHECK_INT(pt_person_find(db, "Frank Kelly", &o, &r), PT_OK);
		CHECK(r && r->count == 2 && r->total == 3);
		pt_find_result_free(r);
	}
	pt_db_free(db);
}

static const pt_find_hit *hit_for(const pt_find_result *r, int64_t id)
{
	for (size_t i = 0; r && i < r->count; i++)
		if (r->hits[i].person_id == id)
			return &r->hits[i];
	return NULL;
}

static void test_ranking_and_why(void)
{
	pt_db *db = memory_db();
	pt_find_result *r = NULL;
	int64_t exact, variant, nick, cyr, phon, initial;
	const pt_find_hit *h;

	if (!db)
		return;
	phon = person(db, "p", "Cole", "Frank");       /* Daitch-Mokotoff 580000 */
	cyr = person(db, "c", "Келли", "Фрэнк");
	nick = person(db, "n", "Kelly", "Francis");
	variant = person(db, "v", "Kelley", "Frank");
	initial = person(db, "i", "Kelly", "F.");
	exact = person(db, "e", "Kelly", "Frank");
	CHECK_INT(pt_person_find(db, "Frank Kelly", NULL, &r), PT_OK);
	CHECK(r && r->count == 6);
	if (r && r->count == 6) {
		CHECK(r->hits[0].person_id == exact && r->hits[0].match == PT_MATCH_EXACT);
		CHECK_INT(r->hits[0].score, 100);
		CHECK_INT(r->hits[0].parts_agree, 2);
		CHECK(r->hits[1].person_id == variant && r->hits[1].match == PT_MATCH_VARIANT);
		CHECK(r->hits[2].person_id == initial && r->hits[2].match == PT_MATCH_INITIAL);
		CHECK(r->hits[3].person_id == nick && r->hits[3].match == PT_MATCH_NICKNAME);
		CHECK(r->hits[4].person_id == cyr && r->hits[4].match == PT_MATCH_TRANSLIT);
		CHECK(r->hits[5].person_id == phon && r->hits[5].match == PT_MATCH_PHONETIC);
		for (size_t i = 1; i < r->count; i++)
			CHECK(r->hits[i - 1].score > r->hits[i].score);
	}
	CHECK(r && r->read_as && !strncmp(r->read_as, "surname Kelly, given names Frank", 32));
	h = hit_for(r, exact);
	CHECK(h && !strcmp(h->why, "surname: exact: Kelly; given names: exact: Frank"));
	h = hit_for(r, cyr);
	CHECK(h && strstr(h->why, "Cyrillic rendering: Келли \xe2\x86\x92 Kelly") != NULL);
	CHECK(h && strstr(h->why, "Фрэнк \xe2\x86\x92 Frank") != NULL);
	CHECK(h && !strcmp(h->form_script, "Cyrl"));
	h = hit_for(r, phon);
	CHECK(h && strstr(h->why, "Daitch-Mokotoff 580000: Kelly ~ Cole") != NULL);
	h = hit_for(r, nick);
	CHECK(h && strstr(h->why, "name equivalents: Frank = Francis (francis)") != NULL);
	pt_find_result_free(r);

	/* Гарольд finds Harold, and the other way round */
	{
		int64_t harold = person(db, "h", "Walker", "Harold");
		int64_t garold = person(db, "g", "Уокер", "Гарольд");
		CHECK_INT(pt_person_find(db, "Harold Walker", NULL, &r), PT_OK);
		h = hit_for(r, garold);
		CHECK(h && h->match == PT_MATCH_TRANSLIT);
		CHECK(h && strstr(h->why, "Cyrillic rendering: Гарольд \xe2\x86\x92 Harold (clerk key GRLD)"));
		CHECK(h && strstr(h->why, "Cyrillic rendering: Уокер \xe2\x86\x92 Walker (clerk key VKR)"));
		pt_find_result_free(r);
		CHECK_INT(pt_person_find(db, "Уокер Гарольд", NULL, &r), PT_OK);
		h = hit_for(r, harold);
		CHECK(h && h->match == PT_MATCH_TRANSLIT);
		pt_find_result_free(r);
	}
	/* wildcards rank last and say so */
	CHECK_INT(pt_person_find(db, "Kel*", NULL, &r), PT_OK);
	CHECK(r && r->count == 5);           /* Kelly x3, Kelley, Келли (romanised kelli) */
	CHECK(r && r->count && r->hits[0].match == PT_MATCH_WILDCARD);
	CHECK(r && r->count && strstr(r->hits[0].why, "pattern Kel* matches") != NULL);
	pt_find_result_free(r);
	pt_db_free(db);
}

/* ---- keys are written on import, replaced on re-import, rebuilt on migration -------- */

static char *write_temp(const char *name, const char *text)
{
	static char path[256];
	FILE *f;
	snprintf(path, sizeof path, "/tmp/pt-test-%ld-%s", (long)getpid(), name);
	if (!(f = fopen(path, "w")))
		return NULL;
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_import_writes_keys(void)
{
	pt_db *db = memory_db();
	pt_import_summary *sum = NULL;
	pt_find_result *r = NULL;
	char *path;
	int before;

	if (!db)
		return;
	path = write_temp("names.jsonl",
		"{\"record_id\": \"1\", \"surname\": \"Kelly\", \"given_names\": \"Frank\", "
		"\"names\": [{\"surname\": \"Келли\", \"given_names\": \"Фрэнк\"}]}\n"
		"{\"record_id\": \"2\", \"surname\": \"Walker\", \"given_names\": \"Harold\", "
		"\"name_original\": \"Уокер Гарольд\"}\n");
	CHECK(path != NULL);
	CHECK_INT(pt_import_file(db, path, NULL, &sum), PT_OK);
	pt_import_summary_free(sum);
	/* every surname spelling has keys, once: Kelly, Келли, Walker, Уокер Гарольд */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person_name WHERE surname NOT IN "
			    "(SELECT surname FROM surname_key)"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(DISTINCT surname) FROM surname_key"), 4);
	/* a whole name in the surname field has the keys of its surname, split first */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM surname_key WHERE surname = 'Уокер Гарольд' "
			    "AND kind = 'exact' AND key = 'уокер'"), 1);
	before = pt_test_count(db, "SELECT count(*) FROM surname_key");
	CHECK_INT(pt_person_find(db, "Harold Walker", NULL, &r), PT_OK);
	CHECK(r && r->count == 1 && r->hits[0].match == PT_MATCH_EXACT);
	pt_find_result_free(r);
	/* ... and its given names are compared, split from it at query time */
	CHECK_INT(pt_person_find(db, "Гарольд Уокер", NULL, &r), PT_OK);
	CHECK(r && r->count == 1 && r->hits[0].match == PT_MATCH_EXACT);
	pt_find_result_free(r);
	CHECK_INT(pt_person_find(db, "Фрэнк Уокер", NULL, &r), PT_OK);
	CHECK(r && r->count == 0);
	pt_find_result_free(r);
	/* given-name spellings are keyed once too (Frank, Фрэнк, Harold), word by
	 * word, with their equivalents; find reads them, and works out the same
	 * keys when they are missing */
	CHECK_INT(pt_test_count(db, "SELECT count(DISTINCT given) FROM given_key"), 3);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM given_key WHERE given = 'Harold' AND "
			    "part = 1 AND kind = 'clerk_latn' AND key = 'GRLD'"), 1);
	{
		const char *queries[] = { "Bill Walker", "Harold Walker", "Гарольд Уокер",
					  "Frank Kelly", "F. Kelly", "Фрэнк Келли", NULL };
		int counts[8], matches[8];
		for (int i = 0; queries[i]; i++) {
			CHECK_INT(pt_person_find(db, queries[i], NULL, &r), PT_OK);
			counts[i] = r ? (int)r->count : -1;
			matches[i] = r && r->count ? (int)r->hits[0].match : -1;
			pt_find_result_free(r);
		}
		CHECK(counts[1] == 1 && counts[3] == 1 && counts[4] == 1);
		CHECK_INT(pt__exec(db, "DELETE FROM given_key"), PT_OK);
		for (int i = 0; queries[i]; i++) {
			CHECK_INT(pt_person_find(db, queries[i], NULL, &r), PT_OK);
			CHECK_INT(r ? (int)r->count : -1, counts[i]);
			CHECK_INT(r && r->count ? (int)r->hits[0].match : -1, matches[i]);
			pt_find_result_free(r);
		}
		CHECK_INT(pt_db_reindex_names(db), PT_OK);
		CHECK_INT(pt_test_count(db, "SELECT count(DISTINCT given) FROM given_key"), 3);
	}

	/* re-import of an edited record: the old keys go with the old names */
	path = write_temp("names.jsonl",
		"{\"record_id\": \"1\", \"surname\": \"Kelley\", \"given_names\": \"Frank\"}\n"
		"{\"record_id\": \"2\", \"surname\": \"Walker\", \"given_names\": \"Harold\", "
		"\"name_original\": \"Уокер Гарольд\"}\n");
	CHECK_INT(pt_import_file(db, path, NULL, &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM surname_key WHERE surname NOT IN "
			    "(SELECT surname FROM person_name)"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM surname_key WHERE key = 'келли'"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM given_key WHERE given NOT IN "
			    "(SELECT given_names FROM person_name)"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM given_key WHERE given = 'Фрэнк'"), 0);
	CHECK(pt_test_count(db, "SELECT count(*) FROM surname_key") < before);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM surname_key WHERE kind = 'exact' AND "
			    "key = 'kelley'"), 1);
	/* a deleted person's spelling finds nothing, and its keys can go */
	CHECK_INT(pt__exec(db, "DELETE FROM person WHERE record_id = '2'"), PT_OK);
	CHECK_INT(pt_person_find(db, "Walker", NULL, &r), PT_OK);
	CHECK(r && r->count == 0);
	pt_find_result_free(r);
	CHECK_INT(pt__name_keys_prune(db), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM surname_key WHERE key = 'walker'"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM surname_key WHERE key = 'kelley'"), 1);
	unlink(path);
	pt_db_free(db);
}

static void test_migration_and_reindex_build_keys(void)
{
	char path[256];
	pt_db *db = NULL;
	int keys;

	snprintf(path, sizeof path, "/tmp/pt-test-%ld-keys.db", (long)getpid());
	unlink(path);
	/* a database of schema 2, made before name keys existed, with names in it */
	{
		sqlite3 *raw = NULL;
		CHECK_INT(sqlite3_open(path, &raw), SQLITE_OK);
		for (const struct pt__migration *m = pt__migrations; m->sql && m->version <= 2; m++)
			CHECK_INT(sqlite3_exec(raw, m->sql, NULL, NULL, NULL), SQLITE_OK);
		CHECK_INT(sqlite3_exec(raw, "PRAGMA application_id = 1347900498; PRAGMA user_version = 2;"
				       "INSERT INTO person(id, record_id, surname, given_names, content_hash) "
				       "VALUES (1, 'x', 'Walker', 'Harold', 'h');"
				       "INSERT INTO person_name(person_id, surname, given_names, is_primary, seq) "
				       "VALUES (1, 'Walker', 'Harold', 1, 0), (1, 'Уокер', 'Гарольд', 0, 1)",
				       NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(raw);
	}
	CHECK_INT(pt_db_open(&db, path, 0), PT_OK);
	if (db) {
		pt_find_result *r = NULL;
		CHECK_INT(pt_db_schema_version(db), pt_schema_latest());
		keys = pt_test_count(db, "SELECT count(*) FROM surname_key");
		CHECK(keys > 10);
		CHECK_INT(pt_test_count(db, "SELECT count(DISTINCT surname) FROM surname_key"), 2);
		CHECK_INT(pt_person_find(db, "Гарольд Уокер", NULL, &r), PT_OK);
		CHECK(r && r->count == 1);
		pt_find_result_free(r);
		/* reindexing gives the same keys */
		CHECK_INT(pt__exec(db, "DELETE FROM surname_key"), PT_OK);
		CHECK_INT(pt_db_reindex_names(db), PT_OK);
		CHECK_INT(pt_test_count(db, "SELECT count(*) FROM surname_key"), keys);
	}
	pt_db_free(db);
	unlink(path);
	{
		char extra[300];
		snprintf(extra, sizeof extra, "%s-wal", path);
		unlink(extra);
		snprintf(extra, sizeof extra, "%s-shm", path);
		unlink(extra);
	}
}

static void test_keys_of_a_typed_name(void)
{
	pt_db *db = memory_db();
	pt_name_keys *k = NULL;
	int dm = 0, clerk = 0, nickname = 0;

	if (!db)
		return;
	CHECK_INT(pt_name_keys_get(db, "Kelly, Frank", &k), PT_OK);
	CHECK(k && !strcmp(k->surname, "Kelly") && !strcmp(k->given_names, "Frank"));
	for (size_t i = 0; k && i < k->count; i++) {
		if (k->keys[i].part == 0 && !strcmp(k->keys[i].kind, "dm"))
			dm += !strcmp(k->keys[i].key, "580000");
		if (k->keys[i].part == 0 && !strcmp(k->keys[i].kind, "clerk_latn"))
			clerk += !strcmp(k->keys[i].key, "KLA");
		if (k->keys[i].part == 1 && !strcmp(k->keys[i].kind, "nickname"))
			nickname += !strcmp(k->keys[i].key, "francis");
	}
	CHECK_INT(dm, 1);
	CHECK_INT(clerk, 1);
	CHECK_INT(nickname, 1);
	pt_name_keys_free(k);
	k = NULL;
	CHECK_INT(pt_name_keys_get(db, "Келли Фрэнк", &k), PT_OK);
	CHECK(k && !strcmp(k->surname, "Келли") && !strcmp(k->given_names, "Фрэнк"));
	pt_name_keys_free(k);
	k = NULL;
	CHECK_INT(pt_name_keys_get(db, "  ", &k), PT_EINVAL);
	CHECK(k == NULL);
	pt_db_free(db);
}


/* ---- what a handle keeps between searches never outlives a change --------- */

static size_t kelly_total(pt_db *db, int64_t *first)
{
	pt_find_result *r = NULL;
	size_t total;
	int rc = pt_person_find(db, "Kelly", NULL, &r);
	if (rc == PT_ENOTFOUND || !r) {
		CHECK(rc == PT_ENOTFOUND);
		return 0;
	}
	CHECK_INT(rc, PT_OK);
	total = r->total;
	if (first)
		*first = r->count ? r->hits[0].person_id : 0;
	pt_find_result_free(r);
	return total;
}

/* ---- a page at a time (offset and limit) --------------------------------- */

/* The person ids of hits [offset, offset + limit) of `name`, into ids. */
static size_t page_ids(pt_db *db, const char *name, size_t offset, size_t limit, int64_t *ids,
		       size_t max, size_t *total)
{
	pt_find_options o = { 0 };
	pt_find_result *r = NULL;
	size_t n = 0;

	o.offset = offset;
	o.limit = limit;
	CHECK_INT(pt_person_find(db, name, &o, &r), PT_OK);
	*total = r ? r->total : 0;
	for (size_t i = 0; r && i < r->count && n < max; i++)
		ids[n++] = r->hits[i].person_id;
	pt_find_result_free(r);
	return n;
}

static void test_offset_pages(void)
{
	static const char *const given[] = { "Harold", "Harald", "Henry", "H.", "Harry", "Hal",
					     "John", "Harold James", "James Harold", "" };
	static const char *const surnames[] = { "Walker", "Walker", "Walker", "Walkar", "Volker",
						"Уокер" };
	const char *queries[] = { "Walker", "Harold Walker", "Walk*" };
	pt_db *db = memory_db();
	int64_t all[200], page[200];
	size_t n_all, n, total, total_all;
	char label[32];

	if (!db)
		return;
	for (int i = 0; i < 90; i++) {
		snprintf(label, sizeof label, "r%d", i);
		person(db, label, surnames[i % 6], given[i % 10]);
	}
	for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
		n_all = page_ids(db, queries[q], 0, 0, all, 200, &total_all);
		CHECK(n_all > 40);
		CHECK_INT((int)total_all, (int)n_all);
		/* page 1 and page 2 of 20: hits 1-20 and 21-40 of the whole list */
		for (size_t p = 0; p < 3; p++) {
			n = page_ids(db, queries[q], p * 20, 20, page, 200, &total);
			CHECK_INT((int)total, (int)total_all);
			CHECK_INT((int)n, (int)(n_all - p * 20 < 20 ? n_all - p * 20 : 20));
			for (size_t i = 0; i < n; i++)
				CHECK_INT(page[i], all[p * 20 + i]);
		}
		/* an offset with no limit: the rest of the list */
		n = page_ids(db, queries[q], 7, 0, page, 200, &total);
		CHECK_INT((int)n, (int)(n_all - 7));
		CHECK(n && !memcmp(page, all + 7, n * sizeof *page));
		/* past the end: no hits, the same total */
		n = page_ids(db, queries[q], n_all, 20, page, 200, &total);
		CHECK_INT((int)n, 0);
		CHECK_INT((int)total, (int)total_all);
		n = page_ids(db, queries[q], (size_t)-1, 20, page, 200, &total);
		CHECK_INT((int)n, 0);
		CHECK_INT((int)total, (int)total_all);
		/* the last hit alone */
		n = page_ids(db, queries[q], n_all - 1, 20, page, 200, &total);
		CHECK_INT((int)n, 1);
		CHECK(n == 1 && page[0] == all[n_all - 1]);
	}
	pt_db_free(db);
}

static void test_search_cache_sees_changes(void)
{
	char path[] = "/tmp/powtrace-search-cache-XXXXXX";
	char side[sizeof path + 8];
	pt_db *a = NULL, *b = NULL, *ro = NULL;
	int64_t first = 0, again = 0;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	unlink(path);
	CHECK_INT(pt_db_open(&a, path, PT_OPEN_CREATE), PT_OK);
	person(a, "a1", "Kelly", "Frank");
	person(a, "a2", "Walker", "Harold");
	/* the same search twice: the second from what the handle kept */
	CHECK_INT((int)kelly_total(a, &first), 1);
	CHECK_INT((int)kelly_total(a, &again), 1);
	CHECK(first > 0 && first == again);
	/* a change made on the same handle */
	person(a, "a3", "Kelley", "Francis");
	CHECK_INT((int)kelly_total(a, NULL), 2);
	/* a change another connection commits, seen by a writable and a
	 * read-only handle that both searched before it */
	CHECK_INT(pt_db_open(&ro, path, PT_OPEN_READONLY), PT_OK);
	CHECK_INT((int)kelly_total(ro, NULL), 2);
	CHECK_INT(pt_db_open(&b, path, 0), PT_OK);
	person(b, "b1", "Kelly", "John");
	CHECK_INT((int)kelly_total(a, NULL), 3);
	CHECK_INT((int)kelly_total(ro, NULL), 3);
	CHECK_INT(pt__exec(b, "DELETE FROM person_name WHERE surname = 'Kelley'"), PT_OK);
	CHECK_INT((int)kelly_total(ro, NULL), 2);
	CHECK_INT((int)kelly_total(a, NULL), 2);
	pt_db_free(ro);
	pt_db_free(b);
	pt_db_free(a);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* A handle's search results, one line per hit and the total, for comparing. */
static char *find_lines(pt_db *db, const char *name)
{
	pt_find_options o;
	pt_find_result *r = NULL;
	size_t size = 256, used = 0;
	char *out = malloc(size);

	memset(&o, 0, sizeof o);
	CHECK_INT(pt_person_find(db, name, &o, &r), PT_OK);
	if (!out || !r) {
		free(out);
		pt_find_result_free(r);
		return NULL;
	}
	used = (size_t)snprintf(out, size, "%s: %zu\n", name, r->total);
	for (size_t i = 0; i < r->count; i++) {
		const pt_find_hit *h = &r->hits[i];
		size_t need = used + strlen(h->why) + 64;
		if (need > size) {
			char *grown = realloc(out, size = need * 2);
			if (!grown)
				break;
			out = grown;
		}
		used += (size_t)snprintf(out + used, size - used, "%lld %lld %d %s\n",
					 (long long)h->person_id, (long long)h->name_id, h->score,
					 h->why);
	}
	pt_find_result_free(r);
	return out;
}

/* pt_find_warm() reads every spelling's names in one pass; a search then
 * finds the same as on a handle that read them itself, and so it does when
 * the cache's cap is too small for them all (the warm stops at it). */
static void test_warm_gives_the_same_hits(void)
{
	static const char *const surnames[] = { "Walker", "Walkers", "Wolker", "Kelly", "Kelley",
		"Smith", "Smyth", "Schmidt", "Уокер", "Келли", "O'Brien", "Brown-Jones" };
	static const char *const given[] = { "Harold", "Harald", "John", "Jack Henry", "Frank",
		"Francis", "Гарольд", "", "J. W.", "William" };
	static const char *const queries[] = { "Harold Walker", "Walker", "Frank Kelly",
		"Гарольд Уокер", "John Smith", "Smi*", "Jack Schmidt", "Келли Фрэнк",
		"O'Brien", "Jones", "Nobody Here" };
	char path[] = "/tmp/powtrace-search-warm-XXXXXX";
	char side[sizeof path + 8], label[32];
	pt_db *db = NULL, *cold = NULL, *warm = NULL, *small = NULL;
	size_t names = 0, small_names = 0, saved = pt__search_cache_cap;
	int fd = mkstemp(path), n = 0;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	unlink(path);
	CHECK_INT(pt_db_open(&db, path, PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt__exec(db, "BEGIN"), PT_OK);
	for (size_t i = 0; i < sizeof surnames / sizeof *surnames; i++)
		for (size_t j = 0; j < sizeof given / sizeof *given; j++)
			for (int k = 0; k < 3; k++) {
				snprintf(label, sizeof label, "w%d", ++n);
				person(db, label, surnames[i], given[j]);
			}
	/* whole names in the surname field, with no given names */
	person(db, "whole1", "KELLY Frank", "");
	person(db, "whole2", "Келли Фрэнк", "");
	CHECK_INT(pt__exec(db, "COMMIT"), PT_OK);
	CHECK_INT(pt_db_open(&cold, path, PT_OPEN_READONLY), PT_OK);
	CHECK_INT(pt_db_open(&warm, path, PT_OPEN_READONLY), PT_OK);
	CHECK_INT(pt_db_open(&small, path, PT_OPEN_READONLY), PT_OK);
	CHECK_INT(pt_find_warm(warm, &names), PT_OK);
	CHECK_INT((int)names, n + 2);
	CHECK_INT(pt_find_warm(warm, &names), PT_OK);   /* again: all kept already */
	CHECK_INT((int)names, 0);
	pt__search_cache_cap = 6000;   /* a few spellings' worth */
	CHECK_INT(pt_find_warm(small, &small_names), PT_OK);
	CHECK(small_names > 0 && (int)small_names < n + 2);
	if (!small_names || (int)small_names >= n + 2)
		fprintf(stderr, "small cap: %zu names of %d\n", small_names, n + 2);
	for (int round = 0; round < 2; round++)
		for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
			char *a = find_lines(cold, queries[q]);
			char *b = find_lines(warm, queries[q]);
			char *c = find_lines(small, queries[q]);
			CHECK(a && b && c);
			if (a && b && c) {
				CHECK_STR(b, a);
				CHECK_STR(c, a);
			}
			free(a);
			free(b);
			free(c);
		}
	pt__search_cache_cap = saved;
	/* a warmed handle sees a change another connection commits */
	{
		char *before = find_lines(warm, "Harold Walker"), *a, *b;
		size_t t0 = 0, t1 = 0;
		person(db, "late", "Walker", "Harold");
		a = find_lines(cold, "Harold Walker");
		b = find_lines(warm, "Harold Walker");
		CHECK(before && a && b);
		if (before && a && b) {
			CHECK_STR(b, a);
			CHECK(sscanf(before, "Harold Walker: %zu", &t0) == 1);
			CHECK(sscanf(b, "Harold Walker: %zu", &t1) == 1);
			CHECK_INT((int)t1, (int)t0 + 1);
		}
		free(before);
		free(a);
		free(b);
	}
	pt_db_free(small);
	pt_db_free(warm);
	pt_db_free(cold);
	pt_db_free(db);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

void suite_search(void);
void suite_search(void)
{
	RUN(test_query_plans_use_indexes);
	RUN(test_search_cache_sees_changes);
	RUN(test_warm_gives_the_same_hits);
	RUN(test_bad_queries);
	RUN(test_bad_filters);
	RUN(test_filters);
	RUN(test_ranking_and_why);
	RUN(test_offset_pages);
	RUN(test_keys_of_a_typed_name);
	RUN(test_import_writes_keys);
	RUN(test_migration_and_reindex_build_keys);
	RUN(test_quality);
	RUN(test_validation_set);
}

/*
 * gen_persons.c - generates a large population of persons for the
 * benchmarks (tools/bench_count.sh), written straight into a powtrace
 * database through the library: the schema and the gazetteer's camps come
 * from pt_db_open() and pt_gazetteer_load(), the statuses from
 * pt_status_derive(), as an import would make them. With --jsonl it writes
 * the same persons as JSON Lines for `powtrace import` instead.
 *
 * Usage: gen_persons [-n COUNT] [--seed N] [--jsonl] OUT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

struct rng {
	unsigned long long state;
};

static unsigned pick(struct rng *r, unsigned n)
{
	r->state = r->state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((r->state >> 33) % n);
}

/* nationalities, weighted as the Western prisoners in the story */
static const char *const nationalities[] = {
	"GB", "GB", "GB", "US", "US", "US", "AU", "CA", "NZ", "ZA", "PL", "FR", "SU", "HU",
};
#define NATIONALITIES (sizeof nationalities / sizeof *nationalities)

static const char *const units[] = {
	"1st Airborne Division", "51st Highland Division", "106th Infantry Division",
	"2nd New Zealand Division", "RAF Bomber Command", "8th Air Force", NULL,
};
#define UNITS (sizeof units / sizeof *units)

static const char *const captures[] = {
	"1940-06", "1941-05", "1942-06-21", "1943", "1944-09", "1944-12-16", "1944~", "1943/1944",
};
#define CAPTURES (sizeof captures / sizeof *captures)

struct event {
	const char *type, *date;
	int64_t min, max;
	int has_min, has_max;
	int64_t camp_id;
};

static void fail(const char *what, pt_db *db)
{
	fprintf(stderr, "gen_persons: %s: %s\n", what, db ? pt_db_errmsg(db) : strerror(errno));
	exit(1);
}

static void set_date(struct event *e, const char *text)
{
	pt_date d;
	e->date = text;
	e->has_min = e->has_max = 0;
	if (!text)
		return;
	if (pt_date_parse(&d, text, NULL))
		fail("bad date in the generator", NULL);
	e->min = d.min;
	e->max = d.max;
	e->has_min = (d.flags & PT_DATE_HAS_MIN) != 0;
	e->has_max = (d.flags & PT_DATE_HAS_MAX) != 0;
}

/* One person's events: capture, one to three camps, and a fate. */
static size_t make_events(struct rng *r, const int64_t *camps, size_t camp_count,
			  const int64_t *soviet, size_t soviet_count, struct event *ev)
{
	size_t n = 0, visits = 1 + pick(r, 3);
	unsigned fate = pick(r, 10);
	int64_t last = 0;

	memset(ev, 0, 8 * sizeof *ev);
	ev[n].type = "capture";
	set_date(&ev[n++], captures[pick(r, CAPTURES)]);
	for (size_t v = 0; v < visits; v++) {
		/* a few camps hold most prisoners: square the pick */
		unsigned k = pick(r, (unsigned)camp_count);
		k = (unsigned)((unsigned long long)k * k / camp_count);
		ev[n].type = v ? "transfer" : "internment";
		set_date(&ev[n], v ? "1945-02" : "1944/1945");
		ev[n++].camp_id = last = camps[k];
	}
	if (fate < 6) {                 /* most came home */
		ev[n].type = "liberation";
		set_date(&ev[n], "1945-04");
		ev[n++].camp_id = last;
		ev[n].type = "repatriation";
		set_date(&ev[n++], "1945-05/1945-06");
	} else if (fate < 7) {
		ev[n].type = "death";
		set_date(&ev[n++], "1945-03");
	} else if (fate < 9) {          /* liberated, then no record */
		ev[n].type = "liberation";
		set_date(&ev[n], "1945-04-23");
		ev[n++].camp_id = last;
		if (pick(r, 3) == 0 && soviet_count) {
			ev[n].type = "sighting";
			set_date(&ev[n], "1947~");
			ev[n++].camp_id = soviet[pick(r, (unsigned)soviet_count)];
		}
	} else {                        /* the records disagree */
		ev[n].type = "return";
		set_date(&ev[n++], "1945-06");
		ev[n].type = "death";
		set_date(&ev[n++], NULL);
	}
	return n;
}

static int64_t *camp_ids(pt_db *db, const char *sql, size_t *count)
{
	sqlite3_stmt *s = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	if (pt__prepare(db, &s, sql))
		fail("camps", db);
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t *grown = realloc(ids, (n + 1) * sizeof *ids);
		if (!grown)
			fail("out of memory", NULL);
		ids = grown;
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	*count = n;
	return ids;
}

/* The keys of the camps, by id, read once (for --jsonl); *max_id is the
 * largest id, and ids without a camp have NULL. */
static char **camp_keys(pt_db *db, int64_t *max_id)
{
	sqlite3_stmt *s = NULL;
	char **keys = NULL;
	int64_t filled = 0;   /* keys[0 .. filled) are set */

	if (pt__prepare(db, &s, "SELECT id, key FROM camp ORDER BY id"))
		fail("camps", db);
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		char **grown = realloc(keys, (size_t)(id + 1) * sizeof *keys);
		if (!grown)
			fail("out of memory", NULL);
		keys = grown;
		while (filled <= id)
			keys[filled++] = NULL;
		keys[id] = pt__strdup((const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	*max_id = filled - 1;
	return keys;
}

int main(int argc, char **argv)
{
	long count = 100000;
	unsigned long long seed = 1945;
	const char *out = NULL;
	int jsonl = 0;
	pt_db *db = NULL;
	pt_import_summary *sum = NULL;
	sqlite3_stmt *person = NULL, *name = NULL, *event = NULL, *status = NULL;
	int64_t *camps, *soviet;
	size_t camp_count, soviet_count;
	struct rng r;
	FILE *json = NULL;
	char **keys = NULL;
	int64_t max_id = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			count = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--jsonl"))
			jsonl = 1;
		else if (!out && argv[i][0] != '-')
			out = argv[i];
		else {
			fputs("usage: gen_persons [-n COUNT] [--seed N] [--jsonl] OUT\n", stderr);
			return 2;
		}
	}
	if (!out || count < 1) {
		fputs("usage: gen_persons [-n COUNT] [--seed N] [--jsonl] OUT\n", stderr);
		return 2;
	}
	r.state = seed;

	/* the camps come from the gazetteer, in a database of their own for --jsonl */
	if (pt_db_open(&db, jsonl ? ":memory:" : out, PT_OPEN_CREATE))
		fail(out, db);
	if (pt_gazetteer_load(db, &sum))
		fail("gazetteer", db);
	pt_import_summary_free(sum);
	camps = camp_ids(db, "SELECT id FROM camp WHERE operator = 'DE' ORDER BY id", &camp_count);
	soviet = camp_ids(db, "SELECT id FROM camp WHERE operator = 'SU' ORDER BY id", &soviet_count);
	if (!camp_count)
		fail("no German camps in the gazetteer", db);

	if (jsonl) {
		if (!(json = fopen(out, "w")))
			fail(out, NULL);
		keys = camp_keys(db, &max_id);
	} else {
		if (pt__exec(db, "PRAGMA synchronous = OFF; BEGIN") ||
		    pt__prepare(db, &person, "INSERT INTO person(id, record_source, record_id, surname, "
				"given_names, sex, nationality, unit, content_hash, batch_line) "
				"VALUES (?, 'gen', ?, ?, ?, 'M', ?, ?, 'generated', ?)") ||
		    pt__prepare(db, &name, "INSERT INTO person_name(person_id, surname, given_names, "
				"script, is_primary, seq) VALUES (?, ?, ?, 'Latn', 1, 0)") ||
		    pt__prepare(db, &event, "INSERT INTO event(person_id, type, date, date_min, "
				"date_max, camp_id, seq) VALUES (?, ?, ?, ?, ?, ?, ?)") ||
		    pt__prepare(db, &status, "UPDATE person SET status = ?, status_reason = ?, "
				"last_event_id = ? WHERE id = ?"))
			fail(out, db);
	}

	for (long i = 1; i <= count; i++) {
		struct event ev[8];
		pt_status_event facts[8];
		int64_t ids[8];
		size_t n = make_events(&r, camps, camp_count, soviet, soviet_count, ev);
		const char *nat = nationalities[pick(&r, NATIONALITIES)];
		const char *unit = units[pick(&r, UNITS)];
		char surname[32], given[32], record[32];
		pt_status st;
		char *reason = NULL;
		long last = -1;

		snprintf(surname, sizeof surname, "Surname%ld", (long)pick(&r, 50000));
		snprintf(given, sizeof given, "Given%ld", (long)pick(&r, 500));
		snprintf(record, sizeof record, "G%ld", i);
		if (jsonl) {
			fprintf(json, "{\"record_id\": \"%s\", \"surname\": \"%s\", \"given_names\": \"%s\", "
				"\"nationality\": \"%s\"", record, surname, given, nat);
			if (unit)
				fprintf(json, ", \"unit\": \"%s\"", unit);
			fputs(", \"events\": [", json);
			for (size_t k = 0; k < n; k++) {
				fprintf(json, "%s{\"type\": \"%s\"", k ? ", " : "", ev[k].type);
				if (ev[k].date)
					fprintf(json, ", \"date\": \"%s\"", ev[k].date);
				if (ev[k].camp_id)
					fprintf(json, ", \"camp\": \"%s\"", keys[ev[k].camp_id]);
				fputc('}', json);
			}
			fputs("]}\n", json);
			continue;
		}
		sqlite3_reset(person);
		sqlite3_bind_int64(person, 1, i);
		sqlite3_bind_text(person, 2, record, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(person, 3, surname, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(person, 4, given, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(person, 5, nat, -1, SQLITE_STATIC);
		if (unit)
			sqlite3_bind_text(person, 6, unit, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(person, 6);
		sqlite3_bind_int64(person, 7, i);
		if (sqlite3_step(person) != SQLITE_DONE)
			fail("person", db);
		sqlite3_reset(name);
		sqlite3_bind_int64(name, 1, i);
		sqlite3_bind_text(name, 2, surname, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(name, 3, given, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(name) != SQLITE_DONE)
			fail("name", db);
		for (size_t k = 0; k < n; k++) {
			sqlite3_reset(event);
			sqlite3_clear_bindings(event);
			sqlite3_bind_int64(event, 1, i);
			sqlite3_bind_text(event, 2, ev[k].type, -1, SQLITE_STATIC);
			if (ev[k].date)
				sqlite3_bind_text(event, 3, ev[k].date, -1, SQLITE_STATIC);
			if (ev[k].has_min)
				sqlite3_bind_int64(event, 4, ev[k].min);
			if (ev[k].has_max)
				sqlite3_bind_int64(event, 5, ev[k].max);
			if (ev[k].camp_id)
				sqlite3_bind_int64(event, 6, ev[k].camp_id);
			sqlite3_bind_int64(event, 7, (int64_t)k + 1);
			if (sqlite3_step(event) != SQLITE_DONE)
				fail("event", db);
			ids[k] = sqlite3_last_insert_rowid(db->sql);
			memset(&facts[k], 0, sizeof facts[k]);
			facts[k].type = ev[k].type;
			facts[k].date = ev[k].date;
			facts[k].date_min = ev[k].min;
			facts[k].date_max = ev[k].max;
			facts[k].has_min = ev[k].has_min;
			facts[k].has_max = ev[k].has_max;
		}
		if (pt_status_derive(facts, n, &st, &reason, &last))
			fail("out of memory", NULL);
		sqlite3_reset(status);
		sqlite3_bind_text(status, 1, pt_status_name(st), -1, SQLITE_STATIC);
		sqlite3_bind_text(status, 2, reason, -1, SQLITE_TRANSIENT);
		if (last >= 0)
			sqlite3_bind_int64(status, 3, ids[last]);
		else
			sqlite3_bind_null(status, 3);
		sqlite3_bind_int64(status, 4, i);
		if (sqlite3_step(status) != SQLITE_DONE)
			fail("status", db);
		pt_free(reason);
	}
	if (jsonl) {
		if (fclose(json) != 0)
			fail(out, NULL);
	} else {
		sqlite3_finalize(person);
		sqlite3_finalize(name);
		sqlite3_finalize(event);
		sqlite3_finalize(status);
		if (pt__exec(db, "COMMIT"))
			fail(out, db);
	}
	for (int64_t k = 0; keys && k <= max_id; k++)
		free(keys[k]);
	free(keys);
	free(camps);
	free(soviet);
	pt_db_free(db);
	return 0;
}

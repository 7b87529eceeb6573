/*
 * test_import_hash.c - the content hash of a flat row's person, which a
 * re-import compares with the stored one to tell "unchanged" from
 * "changed": it must stay what every earlier version stored.
 *
 * Pinned: the hashes of the rows of tests/data/sheets/hashes.csv (Cyrillic
 * names and camps, archival and unknown dates, sex and nationality read from
 * words, remarks with quotes, a backslash and a tab, a source and locator,
 * a death with notes, kept columns; read plainly and through a mapping that
 * rewrites a date, reads a kept number and gives a default), as the
 * importer that built the canonical JSON record of each row and hashed its
 * jansson dump stored them; and a second import finds every row unchanged.
 *
 * Derived: load_hash.c writes, from the struct, the bytes jansson writes
 * for the same record (sorted keys, compact; escapes, numbers, many keys).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"
#include "import/load.h"

static pt_import_summary *import(pt_db *db, const char *path, const char *mapping)
{
	pt_import_options opts = { .format = PT_FORMAT_AUTO, .skip_invalid = 1, .mapping = mapping };
	pt_import_summary *sum = NULL;
	CHECK_INT(pt_import_file(db, path, &opts, &sum), PT_OK);
	return sum;
}

static void check_hash(pt_db *db, const char *record_id, const char *want)
{
	char sql[256], *got;
	snprintf(sql, sizeof sql, "SELECT content_hash FROM person WHERE record_id = '%s'",
		 record_id);
	got = pt_test_text(db, sql);
	CHECK_STR(got, want);
	free(got);
}

static void pinned(const char *mapping, const char *const want[4])
{
	static const char *const ids[] = {
		"SU-1", "sha256:a0dcb461472821adf73bcc2b6958956c6c2cafa1a0ff8eee4a78fd9ab115b221",
		"R-3", "R-4",
	};
	pt_db *db = NULL;
	pt_import_summary *sum;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	pt_import_summary_free(import(db, "fixtures/sources.json", NULL));
	pt_import_summary_free(import(db, "fixtures/camps.json", NULL));
	sum = import(db, "tests/data/sheets/hashes.csv", mapping);
	CHECK(sum && sum->inserted == 4 && sum->rejected == 0);
	pt_import_summary_free(sum);
	for (int i = 0; i < 4; i++)
		check_hash(db, ids[i], want[i]);
	sum = import(db, "tests/data/sheets/hashes.csv", mapping);
	CHECK(sum && sum->unchanged == 4 && sum->inserted == 0 && sum->updated == 0);
	pt_import_summary_free(sum);
	pt_db_free(db);
}

static void test_register_hashes_are_pinned(void)
{
	static const char *const plain[] = {
		"b0e451c45ee4d01f842ee7a2a1514bf14df05241eb9490e7618babc3c97be694",
		"a0dcb461472821adf73bcc2b6958956c6c2cafa1a0ff8eee4a78fd9ab115b221",
		"a7022ab70993c9f14ec1c84665060eaa289cb9a3a498f76340889ecf54f7a685",
		"11090bf0399c4ebbf7a8e18e4861f13c12ceb4d9c031d3203bc1296e3d3259a7",
	};
	static const char *const mapped[] = {
		"02a04409b6eda8723b7ac33652ceab0ec3604c1a1c2b10449b82aff1b61e255a",
		"a0dcb461472821adf73bcc2b6958956c6c2cafa1a0ff8eee4a78fd9ab115b221",
		"049ae8ca72f15b302825a80d284c831d1e30533b8c1401db03df385fea3155eb",
		"11090bf0399c4ebbf7a8e18e4861f13c12ceb4d9c031d3203bc1296e3d3259a7",
	};
	pinned(NULL, plain);
	pinned("tests/data/sheets/hashes-mapping.json", mapped);
}

static void sha_hex(const char *text, char hex[65])
{
	pt__sha256 h;
	pt__sha256_init(&h);
	pt__sha256_update(&h, text, strlen(text));
	pt__sha256_hex(&h, hex);
}

static void put(json_t *obj, const char *key, const char *v)
{
	if (v)
		json_object_set_new(obj, key, json_string(v));
}

/* The canonical JSON record import_flat.c built for the same person. */
static json_t *as_json(const struct person_in *p, const double *numbers)
{
	json_t *o = json_object(), *events = json_array(), *extra = json_object();

	put(o, "record_id", p->record_id);
	put(o, "surname", p->surname);
	put(o, "given_names", p->given_names);
	put(o, "sex", p->sex);
	put(o, "nationality", p->nationality);
	put(o, "birth_date", p->birth.text);
	put(o, "birth_date_original", p->birth_date_original);
	put(o, "notes", p->notes);
	put(o, "source", p->source);
	for (size_t i = 0; i < p->event_count; i++) {
		json_t *e = json_object();
		put(e, "type", p->events[i].type);
		put(e, "date", p->events[i].date.text);
		put(e, "date_original", p->events[i].date_original);
		put(e, "camp", p->events[i].camp_name);
		put(e, "place", p->events[i].place);
		put(e, "notes", p->events[i].notes);
		json_array_append_new(events, e);
	}
	json_object_set_new(o, "events", events);
	if (p->citations.count)
		json_object_set_new(o, "citations", json_pack("[{s:s,s:s}]", "source",
			p->citations.items[0].source_key, "locator", p->citations.items[0].locator));
	for (size_t i = 0; i < p->extra_count; i++) {
		const struct extra_in *x = &p->extra_items[i];
		json_object_set_new(extra, x->key, !x->number ? json_string(x->text)
			: numbers[i] == floor(numbers[i]) && fabs(numbers[i]) < 9e15 ? json_integer((json_int_t)numbers[i])
			: json_real(numbers[i]));
	}
	json_object_set_new(o, "extra", extra);
	return o;
}

static void test_struct_writes_what_jansson_writes(void)
{
	static char controls[40];
	static const double numbers[] = { 70.5, 24700, 1e20, 1e-7, -0.25, 3, 0.1 };
	struct extra_in extra[200];
	char keys[200][16], texts[200][16], nums[8][64];
	struct event_in events[2] = { { 0 }, { 0 } };
	struct citation_in cite = { 0 };
	struct person_in p = { 0 };
	char want[65], got[65], *text, *stored;
	json_t *o;

	for (int c = 1; c < 0x20; c++)
		controls[c - 1] = (char)c;
	strcat(controls, "\"\\/\x7f");
	p.record_id = "SU-1";
	p.surname = "Келли";
	p.given_names = "Фрэнк \"Фрэнки\"";
	p.sex = "M";
	p.nationality = "SU";
	p.birth.text = "12.3.15";
	p.birth_date_original = "12.3.15";
	p.notes = controls;
	p.source = "ivb-register";
	cite.source_key = "ivb-register";
	cite.locator = "p. 1 / 2";
	p.citations.items = &cite;
	p.citations.count = 1;
	events[0].type = "capture";
	events[0].date.text = "Sept. 1944";
	events[0].place = "Арнем\u2028";
	events[1].type = "internment";
	events[1].camp_name = "Мюльберг";
	events[1].notes = "a\\b";
	p.events = events;
	p.event_count = 2;
	/* many keys, out of order, some numbers */
	for (int i = 0; i < 200; i++) {
		snprintf(keys[i], sizeof keys[i], "col%d", (i * 37) % 200);
		snprintf(texts[i], sizeof texts[i], "v%d", i);
		extra[i].key = keys[i];
		extra[i].text = texts[i];
		extra[i].number = 0;
	}
	for (int i = 0; i < 7; i++) {
		if (numbers[i] == floor(numbers[i]) && fabs(numbers[i]) < 9e15)
			snprintf(nums[i], sizeof nums[i], "%lld", (long long)numbers[i]);
		else
			pt__json_real_text(numbers[i], nums[i], sizeof nums[i]);
		extra[i].text = nums[i];
		extra[i].number = 1;
	}
	p.extra_items = extra;
	p.extra_count = 7; /* the numbers only, then all */
	for (int round = 0; round < 2; round++) {
		double all[200];
		for (int i = 0; i < 200; i++)
			all[i] = i < 7 ? numbers[i] : 0;
		o = as_json(&p, all);
		text = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
		sha_hex(text, want);
		pt__person_hash(&p, got);
		CHECK_STR(got, want);
		/* the stored extra: the columns in their order */
		free(text);
		text = json_dumps(json_object_get(o, "extra"), JSON_COMPACT);
		stored = pt__extra_json(p.extra_items, p.extra_count);
		CHECK_STR(stored, text);
		free(stored);
		free(text);
		json_decref(o);
		p.extra_count = 200;
	}
}

void suite_import_hash(void);
void suite_import_hash(void)
{
	RUN(test_register_hashes_are_pinned);
	RUN(test_struct_writes_what_jansson_writes);
}

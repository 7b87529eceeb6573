/*
 * test_gedcom.c - the GEDCOM export: well-formed lines and pointers in 5.5.1
 * and 7.0, every tag path of the 7.0 output one that the FamilySearch test
 * files (../shared/data/gedcom/gedcom70) use, dates converted from EDTF,
 * names in two scripts, places with coordinates, citations with QUAY.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include "harness.h"
#include "names/names.h"

static pt_db *fixture_db(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	if (!db)
		return NULL;
	CHECK_INT(pt__exec(db,
		"INSERT INTO source(id, key, kind, title, authors, date, publisher, isbn, archive, "
		"reference, content_hash) VALUES (1, 'iron-cage', 'book', 'The Iron Cage', "
		"'[\"Nigel Cawthorne\"]', '1993', 'Fourth Estate', '9781857021016', NULL, NULL, 'x'),"
		"(2, 'ivb-card', 'register', 'Card index @ Stalag IV-B', NULL, NULL, NULL, NULL, "
		"'GARF', 'fond 9401 opis 2 delo 64', 'x');"
		"INSERT INTO camp(id, key, name, type, place, lat, lon, content_hash) VALUES "
		"(1, 'stalag-iv-b', 'Stalag IV-B', 'stalag', 'Mühlberg (Elbe)', 51.446, 13.283, 'x');"
		"INSERT INTO person(id, record_source, record_id, surname, given_names, sex, nationality, "
		"birth_date, birth_date_min, birth_date_max, birth_place, rank, unit, service, "
		"service_number, status, status_reason, content_hash) VALUES (1, 'iron-cage', 'k1', "
		"'Kelly', 'Frank', 'M', 'GB', '1920~', 19200101, 19201231, 'Lewisham, London', 'Pte', "
		"'2nd Bn Parachute Regiment', 'Army', '14412345', 'unaccounted', "
		"'unaccounted: last seen at Stalag IV-B', 'x');"
		"INSERT INTO person_name(id, person_id, surname, given_names, script, is_primary, seq) "
		"VALUES (1, 1, 'Kelly', 'Frank', 'Latn', 1, 0), (2, 1, 'Келли', 'Фрэнк', 'Cyrl', 0, 1);"
		"INSERT INTO event(id, person_id, type, date, date_min, date_max, date_original, camp_id, "
		"place, agent, notes, seq) VALUES "
		"(1, 1, 'capture', '1944-09', 19440901, 19440930, 'Sept. 44', NULL, 'Arnhem', NULL, NULL, 1),"
		"(2, 1, 'internment', '1944-10/1945-04', 19441001, 19450430, NULL, 1, NULL, NULL, "
		"'a note\nof two lines', 2),"
		"(3, 1, 'liberation', '1945-04-23', 19450423, 19450423, NULL, 1, NULL, 'Red Army', NULL, 3),"
		"(4, 1, 'sighting', '194X', 19400101, 19491231, NULL, NULL, 'Vorkuta', NULL, NULL, 4),"
		"(5, 1, 'death', '/1953', NULL, 19531231, NULL, NULL, NULL, NULL, NULL, 5),"
		"(6, 1, 'last_seen', NULL, NULL, NULL, 'spring of that year', NULL, NULL, NULL, NULL, 6);"
		"INSERT INTO citation(source_id, locator, person_id, source_quality, information, "
		"evidence) VALUES (1, 'p. 123', 1, 'authored', 'secondary', 'direct');"
		"INSERT INTO citation(source_id, locator, name_id, confidence) VALUES (2, 'card 7', 2, 4);"
		"INSERT INTO citation(source_id, event_id, source_quality, information, evidence) VALUES "
		"(2, 3, 'original', 'primary', 'direct')"), PT_OK);
	return db;
}

/* Checks the grammar shared by both versions: levels, xrefs, tags, pointers. */
static void check_well_formed(const char *text, int v7)
{
	char *copy = pt__strdup(text), *save = NULL;
	char defined[64][16], used[64][16];
	int ndef = 0, nused = 0, last = -1, lines = 0;
	const char *first = NULL, *tail = NULL;

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *p = l, *tag;
		int level = 0;
		lines++;
		if (!first)
			first = l;
		tail = l;
		CHECK(*p >= '0' && *p <= '9');
		while (*p >= '0' && *p <= '9')
			level = level * 10 + (*p++ - '0');
		CHECK(level <= last + 1);
		CHECK(level == 0 || last >= 0);
		last = level;
		CHECK(*p == ' ');
		p++;
		if (*p == '@') {
			char *end = strchr(p + 1, '@');
			CHECK(level == 0 && end && end - p - 1 < 16);
			if (end && ndef < 64) {
				snprintf(defined[ndef++], 16, "%.*s", (int)(end - p - 1), p + 1);
				p = end + 2;
			}
		}
		tag = p;
		while (*p && *p != ' ')
			p++;
		CHECK(p > tag);
		for (char *t = tag; t < p; t++)
			CHECK((*t >= 'A' && *t <= 'Z') || (*t >= '0' && *t <= '9') || *t == '_');
		if (!v7)
			CHECK(strlen(l) <= 255);
		if (*p == ' ') {
			p++;
			if (p[0] == '@' && p[1] != '@') {
				/* a pointer: the whole value */
				char *end = strchr(p + 1, '@');
				CHECK(end && end[1] == '\0');
				if (end && nused < 64)
					snprintf(used[nused++], 16, "%.*s", (int)(end - p - 1), p + 1);
			} else if (!v7) {
				/* 5.5.1: every @ of a text doubled */
				for (char *q = p; *q; q++) {
					if (*q == '@') {
						CHECK(q[1] == '@');
						q++;
					}
				}
			}
		}
	}
	CHECK(first && !strcmp(first, "0 HEAD"));
	CHECK(tail && !strcmp(tail, "0 TRLR"));
	CHECK(lines > 20);
	for (int u = 0; u < nused; u++) {
		int found = 0;
		for (int d = 0; d < ndef; d++)
			found |= !strcmp(used[u], defined[d]);
		if (!found)
			fprintf(stderr, "undefined pointer @%s@\n", used[u]);
		CHECK(found);
	}
	free(copy);
}

/* A tag path as the standard's structures share it: every individual event
 * has the same detail (INDI.EVEN.PLAC is INDI.BIRT.PLAC), a citation the same
 * substructures wherever it stands (INDI.NAME.SOUR.QUAY is INDI.SOUR.QUAY),
 * and so do a place (PLAC.MAP.LATI), a date (DATE.PHRASE) and a note (NOTE.CONT). */
static void normalise(char *path)
{
	static const char *const events[] = {
		"BIRT", "CHR", "DEAT", "BURI", "CREM", "ADOP", "BAPM", "BARM", "BASM", "BLES", "CHRA",
		"CONF", "FCOM", "ORDN", "NATU", "EMIG", "IMMI", "CENS", "PROB", "WILL", "GRAD", "RETI",
		"EVEN", NULL,
	};
	char *sour, *note;
	if (!strncmp(path, "INDI.", 5)) {
		size_t n = strcspn(path + 5, ".");
		for (const char *const *e = events; *e; e++)
			if (strlen(*e) == n && !strncmp(path + 5, *e, n)) {
				char rest[96];
				snprintf(rest, sizeof rest, "%s", path + 5 + n);
				if (snprintf(path, 96, "INDI.EVENT%s", rest) >= 96)
					path[0] = '\0';   /* longer than any tag path */
				break;
			}
	}
	if ((sour = strstr(path, ".SOUR.")) && sour != path) {
		char rest[96];
		snprintf(rest, sizeof rest, "%s", sour + 6);
		if (snprintf(path, 96, "CITE.%s", rest) >= 96)
			path[0] = '\0';
	}
	if ((note = strstr(path, "NOTE.CONT")) && note != path)
		memmove(path, note, strlen(note) + 1);
	if ((note = strstr(path, ".PLAC.")) && note != path)
		memmove(path, note + 1, strlen(note + 1) + 1);
	if ((note = strstr(path, ".DATE.")) && note != path)
		memmove(path, note + 1, strlen(note + 1) + 1);
}

/* The tag paths of a GEDCOM text ("INDI.NAME.TRAN.LANG"), normalised. */
struct paths {
	char (*items)[96];
	size_t count;
};

static void add_paths(struct paths *ps, const char *text)
{
	char *copy = pt__strdup(text), *save = NULL;
	char stack[16][32];
	for (char *l = strtok_r(copy, "\r\n", &save); l; l = strtok_r(NULL, "\r\n", &save)) {
		int level = 0;
		char *p = l, *tag;
		size_t n;
		char path[96] = "";
		if ((unsigned char)p[0] == 0xef)
			p += 3;                             /* a BOM */
		while (*p >= '0' && *p <= '9')
			level = level * 10 + (*p++ - '0');
		if (*p++ != ' ' || level >= 16)
			continue;
		if (*p == '@')
			p = strchr(p + 1, '@') ? strchr(p + 1, '@') + 2 : p;
		tag = p;
		n = strcspn(tag, " ");
		if (n >= 32)
			continue;
		snprintf(stack[level], 32, "%.*s", (int)n, tag);
		for (int i = 0; i <= level; i++) {
			size_t used = strlen(path);
			snprintf(path + used, sizeof path - used, "%s%s", i ? "." : "", stack[i]);
		}
		normalise(path);
		{
			size_t i;
			for (i = 0; i < ps->count && strcmp(ps->items[i], path); i++)
				;
			if (i == ps->count) {
				void *grown = realloc(ps->items, (ps->count + 1) * sizeof *ps->items);
				if (!grown)
					break;
				ps->items = grown;
				snprintf(ps->items[ps->count++], 96, "%s", path);
			}
		}
	}
	free(copy);
}

static int has_path(const struct paths *ps, const char *path)
{
	for (size_t i = 0; i < ps->count; i++)
		if (!strcmp(ps->items[i], path))
			return 1;
	return 0;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	pt__buf b = PT__BUF_INIT;
	char chunk[4096];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		pt__buf_add(&b, chunk, n);
	fclose(f);
	return pt__buf_detach(&b);
}

static void test_gedcom_551(void)
{
	pt_db *db = fixture_db();
	pt_gedcom_options o = { 5, "1 JAN 2000" };
	int64_t ids[1] = { 1 };
	char *out = NULL;
	size_t len = 0;

	if (!db)
		return;
	CHECK_INT(pt_gedcom_export(db, ids, 1, &o, &out, &len), PT_OK);
	if (out) {
		CHECK_INT(strlen(out), len);
		check_well_formed(out, 0);
		CHECK(strstr(out, "1 GEDC\n2 VERS 5.5.1\n2 FORM LINEAGE-LINKED\n1 CHAR UTF-8\n"));
		CHECK(strstr(out, "1 DATE 1 JAN 2000\n1 SUBM @U1@\n"));
		CHECK(strstr(out, "0 @I1@ INDI\n1 NAME Frank /Kelly/\n2 GIVN Frank\n2 SURN Kelly\n"));
		/* the Cyrillic form, then its romanisation as a name of its own (an
		 * AKA: Gramps 5.1 drops ROMN and reports it as an error) */
		CHECK(strstr(out, "1 NAME Фрэнк /Келли/\n2 TYPE aka\n2 GIVN Фрэнк\n2 SURN Келли\n"
			      "2 SOUR @S2@\n3 PAGE card 7\n3 QUAY 3\n"
			      "1 NAME Frenk /Kelli/\n2 TYPE aka\n2 GIVN Frenk\n2 SURN Kelli\n"
			      "2 NOTE Romanised (BGN/PCGN) from Фрэнк /Келли/\n"));
		CHECK(!strstr(out, "ROMN"));
		CHECK(strstr(out, "1 BIRT\n2 DATE ABT 1920\n2 PLAC Lewisham, London\n"));
		CHECK(strstr(out, "1 EVEN\n2 TYPE Capture\n2 DATE SEP 1944\n2 PLAC Arnhem\n"));
		CHECK(strstr(out, "2 TYPE Internment\n2 DATE FROM OCT 1944 TO APR 1945\n"
			      "2 PLAC Stalag IV-B, Mühlberg (Elbe)\n3 MAP\n4 LATI N51.446\n4 LONG E13.283\n"
			      "2 NOTE a note\n3 CONT of two lines\n"));
		CHECK(strstr(out, "2 TYPE Liberation\n2 DATE 23 APR 1945\n"));
		CHECK(strstr(out, "2 AGNC Red Army\n2 SOUR @S2@\n3 QUAY 3\n"));
		CHECK(strstr(out, "2 TYPE Sighting\n2 DATE BET 1940 AND 1949\n"));
		CHECK(strstr(out, "1 DEAT\n2 DATE BEF 1953\n"));
		CHECK(strstr(out, "2 TYPE Last seen\n2 DATE (spring of that year)\n"));
		/* rank, unit, service and number each a FACT of its type (Gramps keeps
		 * them as attributes), and together a Military Service event; no
		 * IDNO with TYPE, which Gramps 5.1 reports as an error */
		CHECK(strstr(out, "1 EVEN Pte, 2nd Bn Parachute Regiment, Army\n2 TYPE Military Service\n"
			      "1 FACT Pte\n2 TYPE Rank\n1 FACT 2nd Bn Parachute Regiment\n2 TYPE Unit\n"
			      "1 FACT Army\n2 TYPE Service\n1 FACT 14412345\n2 TYPE Service number\n"
			      "1 REFN k1\n2 TYPE iron-cage\n"));
		CHECK(!strstr(out, "IDNO") && !strstr(out, "OCCU"));
		CHECK(strstr(out, "1 SOUR @S1@\n2 PAGE p. 123\n2 QUAY 2\n"));
		CHECK(strstr(out, "0 @S1@ SOUR\n1 AUTH Nigel Cawthorne\n1 TITL The Iron Cage\n"
			      "1 PUBL Fourth Estate, 1993\n"));
		CHECK(strstr(out, "1 TITL Card index @@ Stalag IV-B\n1 REPO @R1@\n2 CALN fond 9401 opis 2 delo 64\n"));
		CHECK(strstr(out, "0 @R1@ REPO\n1 NAME GARF\n0 TRLR\n"));
	}
	pt_free(out);
	out = NULL;
	/* an unknown id is refused, and nothing is handed over */
	ids[0] = 99;
	CHECK_INT(pt_gedcom_export(db, ids, 1, &o, &out, &len), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no person 99");
	CHECK(out == NULL);
	o.version = 6;
	ids[0] = 1;
	CHECK_INT(pt_gedcom_export(db, ids, 1, &o, &out, &len), PT_EINVAL);
	pt_db_free(db);
}

static void test_gedcom_long_lines(void)
{
	pt_db *db = fixture_db();
	pt_gedcom_options o = { 5, NULL };
	int64_t ids[1] = { 1 };
	pt__buf note = PT__BUF_INIT;
	sqlite3_stmt *s = NULL;
	char *out = NULL;

	if (!db)
		return;
	for (int i = 0; i < 60; i++)
		pt__buf_puts(&note, "Мюльберг and Luckenwalde, ");
	sqlite3_prepare_v2(db->sql, "UPDATE person SET notes = ? WHERE id = 1", -1, &s, NULL);
	sqlite3_bind_text(s, 1, pt__buf_str(&note), -1, SQLITE_STATIC);
	CHECK_INT(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	CHECK_INT(pt_gedcom_export(db, ids, 1, &o, &out, NULL), PT_OK);
	if (out) {
		/* 5.5.1: CONC lines, each within 255 bytes, that join back to the note */
		pt__buf joined = PT__BUF_INIT;
		char *at = strstr(out, "1 NOTE Мюльберг");
		check_well_formed(out, 0);
		CHECK(at != NULL);
		while (at) {
			char *nl = strchr(at, '\n');
			const char *value = at + (strncmp(at, "1 NOTE ", 7) ? 7 : 7);
			pt__buf_add(&joined, value, (size_t)(nl - value));
			at = strncmp(nl + 1, "2 CONC ", 7) ? NULL : nl + 1;
		}
		CHECK_STR(pt__buf_str(&joined), pt__buf_str(&note));
		pt__buf_release(&joined);
	}
	pt_free(out);
	o.version = 7;
	CHECK_INT(pt_gedcom_export(db, ids, 1, &o, &out, NULL), PT_OK);
	CHECK(out && !strstr(out, "CONC"));        /* 7.0 has no CONC and no length limit */
	pt_free(out);
	pt__buf_release(&note);
	pt_db_free(db);
}

static void test_gedcom_7_paths(void)
{
	pt_db *db = fixture_db();
	pt_gedcom_options o = { 7, "1 JAN 2000" };
	int64_t ids[1] = { 1 };
	struct paths ours = { NULL, 0 }, theirs = { NULL, 0 };
	char *out = NULL, dir[512];
	const char *data = pt_test_data_dir();
	size_t known = 0;

	if (!db)
		return;
	CHECK_INT(pt_gedcom_export(db, ids, 1, &o, &out, NULL), PT_OK);
	if (!out) {
		pt_db_free(db);
		return;
	}
	check_well_formed(out, 1);
	CHECK(!strncmp(out, "0 HEAD\n1 GEDC\n2 VERS 7.0\n", 24));
	CHECK(strstr(out, "2 TYPE AKA\n") && strstr(out, "2 TRAN Frenk /Kelli/\n3 LANG ru-Latn\n"));
	CHECK(!strstr(out, "Romanised"));   /* 7: TRAN, not a name of its own */
	/* the service number as IDNO with the TYPE 7 requires; rank, unit as FACT */
	CHECK(strstr(out, "1 FACT Pte\n2 TYPE Rank\n1 FACT 2nd Bn Parachute Regiment\n2 TYPE Unit\n"
		      "1 FACT Army\n2 TYPE Service\n1 IDNO 14412345\n2 TYPE Service number\n"));
	CHECK(strstr(out, "2 DATE\n3 PHRASE spring of that year\n"));
	CHECK(strstr(out, "2 DATE SEP 1944\n3 PHRASE Sept. 44\n"));
	CHECK(strstr(out, "1 TITL Card index @ Stalag IV-B\n"));   /* 7: only a leading @ doubles */
	CHECK(!strstr(out, "SUBM") && !strstr(out, "CHAR"));
	add_paths(&ours, out);
	pt_free(out);
	if (!data) {
		pt_test_skip("test_gedcom_7_paths (FamilySearch files)", "../shared/data not found");
	} else {
		DIR *d;
		struct dirent *e;
		snprintf(dir, sizeof dir, "%s/gedcom/gedcom70", data);
		if ((d = opendir(dir))) {
			while ((e = readdir(d))) {
				char path[1024];
				char *text;
				if (!strstr(e->d_name, ".ged"))
					continue;
				snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
				if ((text = read_file(path))) {
					add_paths(&theirs, text);
					free(text);
				}
			}
			closedir(d);
		}
		CHECK(theirs.count > 100);
		for (size_t i = 0; i < ours.count; i++) {
			if (has_path(&theirs, ours.items[i]))
				known++;
			else
				fprintf(stderr, "gedcom 7: tag path %s is in no FamilySearch test file\n",
					ours.items[i]);
		}
		pt_test_note("gedcom 7.0: %zu of %zu tag paths of the export appear in the FamilySearch "
			     "gedcom70 test files", known, ours.count);
		CHECK_INT(known, ours.count);
	}
	free(ours.items);
	free(theirs.items);
	pt_db_free(db);
}

void suite_gedcom(void);
void suite_gedcom(void)
{
	RUN(test_gedcom_551);
	RUN(test_gedcom_long_lines);
	RUN(test_gedcom_7_paths);
}

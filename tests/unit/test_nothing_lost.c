/*
 * test_nothing_lost.c - an import keeps everything a row had. Every archival
 * header spelling the importer recognises (English, German, French, Dutch,
 * Polish, Russian) read in a register of its own, its value looked for in
 * the database; and registers as archives write them (name parts in
 * unexpected columns, a "Name" beside given names, whole names, dates a
 * person may not read, columns no field takes) imported, then the text of
 * every name part and date of every row looked for in what the database
 * holds for that row's person. A row whose surname or given name is not in
 * the database fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "testdb.h"
#include "core/core.h"
#include "import/sheet.h"

static const char *write_temp(const char *name, const char *text)
{
	static char path[256];
	FILE *f;
	snprintf(path, sizeof path, "/tmp/pt-lost-%ld-%s", (long)getpid(), name);
	if ((f = fopen(path, "wb"))) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* Everything the database holds for the person of `line`, as one text:
 * the record, its names, its events (camps by name and every alias), its
 * citations and kept columns. */
static char *held(pt_db *db, long line)
{
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(p.record_id, '') || '|' || coalesce(p.surname, '') || '|' || "
		 "coalesce(p.given_names, '') || '|' || coalesce(p.sex, '') || '|' || "
		 "coalesce(p.nationality, '') || '|' || coalesce(p.birth_date, '') || '|' || "
		 "coalesce(p.birth_date_original, '') || '|' || coalesce(p.birth_place, '') || '|' || "
		 "coalesce(p.service, '') || '|' || coalesce(p.service_number, '') || '|' || "
		 "coalesce(p.rank, '') || '|' || coalesce(p.unit, '') || '|' || "
		 "coalesce(p.notes, '') || '|' || coalesce(p.extra, '') || '|' || "
		 "coalesce(p.record_source, '') || '|' || "
		 "coalesce((SELECT group_concat(coalesce(n.surname, '') || ' ' || "
		 "coalesce(n.given_names, ''), '|') FROM person_name n WHERE n.person_id = p.id), '') "
		 "|| '|' || coalesce((SELECT group_concat(e.type || ' ' || coalesce(e.date, '') || ' ' || "
		 "coalesce(e.date_original, '') || ' ' || coalesce(e.place, '') || ' ' || "
		 "coalesce(e.notes, '') || ' ' || coalesce((SELECT group_concat(a.alias, ' ') FROM "
		 "camp_alias a WHERE a.camp_id = e.camp_id), ''), '|') FROM event e "
		 "WHERE e.person_id = p.id), '') || '|' || coalesce((SELECT group_concat("
		 "coalesce(c.locator, '') || ' ' || s.key || ' ' || coalesce(s.title, ''), '|') FROM "
		 "citation c JOIN source s ON s.id = c.source_id WHERE c.person_id = p.id), '') "
		 "FROM person p WHERE p.batch_line = %ld", line);
	return pt_test_text(db, sql);
}

/* The value a register would have under a header for `field`, and the text
 * the database must then hold. */
static void value_for(const char *field, const char **value, const char **want)
{
	size_t n = strlen(field);
	if (n > 5 && !strcmp(field + n - 5, "_date")) {
		*value = "3.4.1944";
		*want = "3.4.1944";
	} else if (!strcmp(field, "internment_camp") || !strcmp(field, "transfer_camp")) {
		*value = *want = "Stalag Zwölf";
	} else if (!strcmp(field, "nationality")) {
		*value = "British";
		*want = "GB";
	} else if (!strcmp(field, "sex")) {
		*value = *want = "M";
	} else {
		*value = *want = "Testwert 7";
	}
}

/* One register per recognised header spelling of person records: the value
 * under it is in the database, and the column is read as the field it is
 * listed for (not kept for want of one). */
static void test_lost_every_header_spelling(void)
{
	const char *keys, *field;
	unsigned kinds;
	int tried = 0;

	for (size_t i = 0; (keys = pt__header_spellings(i, &kinds, &field)); i++) {
		if (!(kinds & (1u << PT__KIND_PERSON)))
			continue;
		for (const char *k = keys; *k;) {
			size_t len = strcspn(k, " ");
			char header[64], text[256], *got;
			const char *value, *want, *first;
			pt_db *db = NULL;
			pt_import_options opts = { .format = PT_FORMAT_AUTO, .display_name = "h.csv" };
			pt_import_summary *sum = NULL;
			int rc, locator;

			snprintf(header, sizeof header, "%.*s", (int)len, k);
			k += len;
			while (*k == ' ')
				k++;
			if (!strcmp(field, "surname")) {
				first = "Forenames";
				value = want = "Kelly";
			} else if (!strcmp(field, "given_names")) {
				first = "Surname";
				value = want = "Frank";
			} else if (!strcmp(field, "full_name")) {
				first = "Army No.";
				value = "Frank Kelly";
				want = "Kelly Frank";
			} else {
				first = "Surname";
				value_for(field, &value, &want);
			}
			/* a locator needs its source beside it (refused without one) */
			locator = !strcmp(field, "source_locator");
			snprintf(text, sizeof text, "%s;%s%s\n%s;%s%s\n", first,
				 locator ? "Source;" : "", header,
				 !strcmp(first, "Army No.") ? "123" : strcmp(first, "Surname") ? "Frank"
				 : "Kelly", locator ? "Register A;" : "", value);
			CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
			rc = pt_import_file(db, write_temp("h.csv", text), &opts, &sum);
			got = rc == PT_OK ? held(db, 2) : NULL;
			if (rc != PT_OK || !got || !strstr(got, want) ||
			    !sum || sum->column_count != 2u + locator ||
			    strncmp(sum->columns[1 + locator].field, field, strlen(field))) {
				fprintf(stderr, "  header '%s' (%s): %s; held: %s; read as %s\n", header,
					field, rc ? pt_db_errmsg(db) : "imported", got ? got : "(nothing)",
					sum && sum->column_count == 2u + locator ?
					sum->columns[1 + locator].field : "?");
				pt_test_failures++;
			}
			free(got);
			pt_import_summary_free(sum);
			pt_db_free(db);
			tried++;
		}
	}
	CHECK(tried > 300);
}

/* ---- registers, row by row ------------------------------------------------ */

struct register_case {
	const char *name;
	const char *text;     /* ';' between cells, no quotes */
	const char *names;    /* the headers whose words are name parts, '|'-separated */
	const char *dates;    /* the headers whose cells are dates */
};

static const struct register_case registers[] = {
	{ "german.csv",
	  "Name;Vorname;Geburtsdatum;Lager;Bemerkung;Heimatort\n"
	  "Müller;Hans Peter;3.4.99;Stalag IVB / Muhlberg;krank;Bregenz\n"
	  "von Berg;Karl-Heinz;n.k.;Stalag 344 Lamsdorf;;Dornbirn\n"
	  "Öztürk-Schmidt;Ali;12.11.1920;Lager 7062;;\n",
	  "|Name|Vorname|", "|Geburtsdatum|" },
	{ "english.csv",
	  "Name,Forenames,Army No.,Date of birth,Captured,Camp,Remarks\n"
	  "Kelly,Frank Joseph,5491234,3/4/1918,20.9.44,Stalag IV-B Mühlberg,\n"
	  "O'Brien,Seán,5491235,unknown,early 1945,Oflag 64 Schubin,\n"
	  "Smith-Dorrien,J. R.,5491236,c. 1919,10-12 April 1944,Stalag Luft III (Sagan),twice\n",
	  "|Name|Forenames|", "|Date of birth|Captured|" },
	{ "english-full.csv",
	  "Full name,Service No,Born,Died\n"
	  "KELLY Frank,123,1918,\n"
	  "Walker; Harold James,124,?,mid-1944\n",
	  "|Full name|", "|Born|Died|" },
	{ "french.csv",
	  "Nom;Prénoms;Né le;Camp;Décédé le\n"
	  "Dupont;Jean Marie;1.2.1912;Stalag XIB Fallingbostel;5.3.42\n"
	  "de la Tour;Éloi;n.k.;Stalag VIIA Moosburg;\n",
	  "|Nom|Prénoms|", "|Né le|Décédé le|" },
	{ "dutch.csv",
	  "Achternaam;Voornamen;Geboortedatum;Kamp;Overleden\n"
	  "van der Berg;Pieter Jan;4 mei 1919;Stalag XI-A;\n"
	  "Jansen;Kees;?;Stalag IIIA Luckenwalde;late 1944\n",
	  "|Achternaam|Voornamen|", "|Geboortedatum|Overleden|" },
	{ "polish.csv",
	  "Nazwisko;Imię;Data urodzenia;Obóz;Zmarł\n"
	  "Kowalski;Jan Maria;1 października 1910;Oflag VII-A Murnau;12.IV.1942\n"
	  "Wiśniewska-Nowak;Zofia;before 1920;Stalag 4B - Muehlberg;\n",
	  "|Nazwisko|Imię|", "|Data urodzenia|Zmarł|" },
};

/* The cells of one line ('|' is never in the test data). */
static size_t cells_of(char *line, char delim, char **cells, size_t max)
{
	size_t n = 0;
	char *p = line;
	while (n < max) {
		cells[n++] = p;
		if (!(p = strchr(p, delim)))
			break;
		*p++ = '\0';
	}
	return n;
}

/* Is each word of a name cell in what the database holds for its person? */
static int words_held(const char *cell, const char *got)
{
	char copy[256], *w, *save = NULL;
	int ok = 1;
	snprintf(copy, sizeof copy, "%s", cell);
	for (w = strtok_r(copy, " ,;", &save); w; w = strtok_r(NULL, " ,;", &save))
		if (!strstr(got, w))
			ok = 0;
	return ok;
}

static void check_register(const struct register_case *r)
{
	char *text = strdup(r->text), *line, *save = NULL, *headers[16], *cells[16], marker[80];
	char delim = strchr(r->text, ';') && (!strchr(r->text, ',') ||
					      strchr(r->text, ';') < strchr(r->text, ',')) ? ';' : ',';
	pt_import_options opts = { .format = PT_FORMAT_AUTO };
	pt_import_summary *sum = NULL;
	pt_db *db = NULL;
	size_t nh = 0;
	long n = 0;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	opts.display_name = r->name;
	if (pt_import_file(db, write_temp(r->name, r->text), &opts, &sum) != PT_OK) {
		fprintf(stderr, "  %s: %s\n", r->name, pt_db_errmsg(db));
		pt_test_failures++;
	}
	pt_import_summary_free(sum);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t nc;
		char *got;
		if (++n == 1) {
			nh = cells_of(line, delim, headers, 16);
			continue;
		}
		nc = cells_of(line, delim, cells, 16);
		if (!(got = held(db, n))) {
			fprintf(stderr, "  %s:%ld: no person in the database\n", r->name, n);
			pt_test_failures++;
			continue;
		}
		for (size_t c = 0; c < nc && c < nh; c++) {
			int name, date;
			if (!*cells[c])
				continue;
			snprintf(marker, sizeof marker, "|%s|", headers[c]);
			name = strstr(r->names, marker) != NULL;
			date = strstr(r->dates, marker) != NULL;
			if ((name && !words_held(cells[c], got)) || (date && !strstr(got, cells[c]))) {
				fprintf(stderr, "  %s:%ld: %s: '%s' is not in the database: %s\n",
					r->name, n, headers[c], cells[c], got);
				pt_test_failures++;
			}
		}
		free(got);
	}
	free(text);
	pt_db_free(db);
}

static void test_lost_registers_row_by_row(void)
{
	for (size_t i = 0; i < sizeof registers / sizeof *registers; i++)
		check_register(&registers[i]);
}

/* The check itself fails on a row whose name part the database lacks. */
static void test_lost_check_catches_a_loss(void)
{
	pt_db *db = NULL;
	pt_import_options opts = { .format = PT_FORMAT_AUTO, .display_name = "l.csv" };
	pt_import_summary *sum = NULL;
	char *got;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_import_file(db, write_temp("l.csv", "Surname;Given names\nMüller;Hans\n"), &opts,
				 &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(pt__exec(db, "UPDATE person_name SET surname = NULL; "
			   "UPDATE person SET surname = NULL"), PT_OK);
	got = held(db, 2);
	CHECK(got && !words_held("Müller", got) && words_held("Hans", got));
	free(got);
	pt_db_free(db);
}

/* JSON read through a mapping: every key the mapping leaves out is kept
 * with the record, whatever its value (objects and lists as JSON text) */
static void test_lost_json_keys_kept(void)
{
	static const char map[] = "{\"kind\": \"person\", \"columns\": {\"Nom\": \"surname\", "
				  "\"Prénoms\": \"given_names\", \"Né le\": \"birth_date\"}}";
	static const char json[] = "[{\"Nom\": \"Dupont\", \"Prénoms\": \"Jean\", \"Né le\": "
				   "\"12/03/1915\", \"Profession\": \"boulanger\", \"Divers\": "
				   "{\"a\": 1}, \"Liste\": [\"p\", \"q\"], \"Nombre\": 12.5}]";
	pt_db *db = NULL;
	pt_import_options opts = { .format = PT_FORMAT_AUTO, .display_name = "fr.json" };
	pt_import_summary *sum = NULL;
	char map_path[300], *got;

	snprintf(map_path, sizeof map_path, "%s", write_temp("fr.map.json", map));
	opts.mapping = map_path;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_import_file(db, write_temp("fr.json", json), &opts, &sum), PT_OK);
	pt_import_summary_free(sum);
	got = pt_test_text(db, "SELECT surname || '|' || given_names || '|' || birth_date_original "
			   "|| '|' || extra FROM person");
	CHECK_STR(got, "Dupont|Jean|12/03/1915|{\"Profession\":\"boulanger\",\"Divers\":"
		  "\"{\\\"a\\\":1}\",\"Liste\":\"[\\\"p\\\",\\\"q\\\"]\",\"Nombre\":\"12.5\"}");
	free(got);
	pt_db_free(db);
}

void suite_nothing_lost(void);
void suite_nothing_lost(void)
{
	RUN(test_lost_every_header_spelling);
	RUN(test_lost_registers_row_by_row);
	RUN(test_lost_check_catches_a_loss);
	RUN(test_lost_json_keys_kept);
}

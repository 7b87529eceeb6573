/*
 * test_layouts.c - registers as archives write them, in English, German,
 * French, Dutch and Polish: every recognised header pair of each layout read
 * without a mapping, each value found where it belongs in the database; a
 * column headed only "Name" beside given names read as the surname; the
 * mapping templates written for them; and every example mapping of
 * docs/mapping.md read without a problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "testdb.h"
#include "import/sheet.h"

static pt_db *open_db(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	return db;
}

static const char *write_temp(const char *name, const char *text)
{
	static char path[256];
	FILE *f;
	snprintf(path, sizeof path, "/tmp/pt-layouts-%ld-%s", (long)getpid(), name);
	if ((f = fopen(path, "wb"))) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* One layout: its header and one row, and what the database must hold. */
struct layout_case {
	const char *language;
	const char *text;
	const char *want;   /* surname|given|service_number|rank|unit|nationality|birth|
			       birth_place|notes|record_id, then each event type date camp place */
};

static const char query[] =
	"SELECT p.surname || '|' || coalesce(p.given_names, '') || '|' || "
	"coalesce(p.service_number, '') || '|' || coalesce(p.rank, '') || '|' || "
	"coalesce(p.unit, '') || '|' || coalesce(p.nationality, '') || '|' || "
	"coalesce(p.birth_date, '') || '|' || coalesce(p.birth_place, '') || '|' || "
	"coalesce(p.notes, '') || '|' || p.record_id || '|' || (SELECT group_concat(e.type || ' ' || "
	"coalesce(e.date, '') || ' ' || coalesce(c.name, '') || ' ' || coalesce(e.place, ''), '; ') "
	"FROM event e LEFT JOIN camp c ON c.id = e.camp_id WHERE e.person_id = p.id) FROM person p";

static const struct layout_case layouts[] = {
	{ "English",
	  "No.,Surname,Christian names,Army No.,Rank,Regt.,Nationality,Date of birth,Place of birth,"
	  "Date of capture,Place of capture,Camp,Released,Returned,Died,Place of death,Remarks\n"
	  "41,Kelly,Frank,5491234,Pte,Royal Fusiliers,British,3.4.99,Lewisham,20.9.44,Arnhem,"
	  "Stalag IV-B,5.5.45,1.6.45,,,copied 1946\n",
	  "Kelly|Frank|5491234|Pte|Royal Fusiliers|GB|1899-04-03|Lewisham|copied 1946|41|"
	  "capture 1944-09-20  Arnhem; internment  Stalag IV-B ; release 1945-05-05  ; "
	  "return 1945-06-01  " },
	{ "German",
	  "Nr.;Nachname;Vorname;Dienstgrad;Einheit;Staatsangehörigkeit;Geburtsdatum;Geburtsort;"
	  "Gefangennahme;Ort der Gefangennahme;Lager;Entlassen;Heimkehr;Gestorben;Sterbeort;"
	  "Bemerkung\n"
	  "7;Müller;Hans;Gefreiter;IR 135;deutsch;12.3.05;Dornbirn;12.1.43;Stalingrad;Lager 7062;"
	  "1.5.49;;;;aus der Kartei\n",
	  "Müller|Hans||Gefreiter|IR 135|DE|1905-03-12|Dornbirn|aus der Kartei|7|"
	  "capture 1943-01-12  Stalingrad; internment  Lager 7062 ; release 1949-05-01  " },
	{ "French",
	  "Numéro;Nom;Prénoms;Matricule;Grade;Unité;Nationalité;Né le;Lieu de naissance;"
	  "Fait prisonnier le;Lieu de capture;Camp;Libéré le;Retour;Date de décès;Lieu de décès;"
	  "Observations\n"
	  "12;Dupont;Jean Marie;1234;Caporal;152e RI;française;1.2.1912;Lyon;22.6.40;Épinal;"
	  "Stalag XII-A;;;5.3.42;Trier;décédé en captivité\n",
	  "Dupont|Jean Marie|1234|Caporal|152e RI|FR|1912-02-01|Lyon|décédé en captivité|12|"
	  "capture 1940-06-22  Épinal; internment  Stalag XII-A ; death 1942-03-05  Trier" },
	{ "Dutch",
	  "Volgnummer;Achternaam;Voornamen;Stamnummer;Rang;Eenheid;Nationaliteit;Geboortedatum;"
	  "Geboorteplaats;Gevangengenomen;Plaats gevangenneming;Kamp;Vrijgelaten;Teruggekeerd;"
	  "Overleden;Plaats overlijden;Opmerkingen\n"
	  "3;Jansen;Pieter;390512;Soldaat;2 RI;Nederlandse;4 mei 1919;Utrecht;15 mei 1940;"
	  "Grebbeberg;Stalag XI-A;12 mei 1945;1 juni 1945;;;krijgsgevangene\n",
	  "Jansen|Pieter|390512|Soldaat|2 RI|NL|1919-05-04|Utrecht|krijgsgevangene|3|"
	  "capture 1940-05-15  Grebbeberg; internment  Stalag XI-A ; release 1945-05-12  ; "
	  "return 1945-06-01  " },
	{ "Polish",
	  "L.p.;Nazwisko;Imię;Numer ewidencyjny;Stopień;Jednostka;Narodowość;Data urodzenia;"
	  "Miejsce urodzenia;Data niewoli;Miejsce schwytania;Obóz;Zwolniony;Powrót;Zmarł;"
	  "Miejsce śmierci;Uwagi\n"
	  "5;Kowalski;Jan;PL-77;Kapral;10 Brygada;polska;1 października 1910;Kraków;wrzesień 1939;"
	  "Kock;Oflag VII-A;;;12.IV.1942;Murnau;zmarł w niewoli\n",
	  "Kowalski|Jan|PL-77|Kapral|10 Brygada|PL|1910-10-01|Kraków|zmarł w niewoli|5|"
	  "capture 1939-09  Kock; internment  Oflag VII-A ; death 1942-04-12  Murnau" },
};

static void test_layouts_five_languages(void)
{
	for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
		pt_db *db = open_db();
		pt_import_options opts = { .format = PT_FORMAT_AUTO };
		pt_import_summary *sum = NULL;
		char name[64];
		int rc;
		snprintf(name, sizeof name, "%s.csv", layouts[i].language);
		opts.display_name = name;
		rc = pt_import_file(db, write_temp(name, layouts[i].text), &opts, &sum);
		CHECK_INT(rc, PT_OK);
		if (rc)
			fprintf(stderr, "%s: %s\n", layouts[i].language, pt_db_errmsg(db));
		if (sum) {
			/* every column a field: nothing kept for want of one */
			for (size_t c = 0; c < sum->column_count; c++)
				if (!strcmp(sum->columns[c].field, "(kept)")) {
					fprintf(stderr, "%s: column '%s' not recognised\n",
						layouts[i].language, sum->columns[c].column);
					pt_test_failures++;
				}
		}
		pt_import_summary_free(sum);
		{
			char *got = pt_test_text(db, query);
			if (!got || strcmp(got, layouts[i].want)) {
				fprintf(stderr, "%s:\n  got  %s\n  want %s\n", layouts[i].language,
					got ? got : "(null)", layouts[i].want);
				pt_test_failures++;
			}
			free(got);
		}
		pt_db_free(db);
	}
}

/* "Name" beside given names: the surname, in each language's spelling;
 * an explicit whole-name header is not taken for a surname */
static void test_layouts_name_beside_given_names(void)
{
	static const struct { const char *text, *surname, *given, *field; } cases[] = {
		{ "Name;Vorname;Geburtsdatum;Lager;Bemerkung\nMüller;Hans;3.4.99;Stalag IV-B;x\n",
		  "Müller", "Hans", "surname (a name column beside a given-names column: read as the surname)" },
		{ "Name,Forenames,Army No.\nKelly,Frank,123\n", "Kelly", "Frank", NULL },
		{ "NAME,Christian names\nWALKER,Harold\n", "WALKER", "Harold", NULL },
		{ "Naam;Voornamen\nJansen;Pieter\n", "Jansen", "Pieter", NULL },
		{ "Name,Surname,Forenames\nx,Kelly,Frank\n", "Kelly", "Frank", "full_name" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		pt_db *db = open_db();
		pt_import_options opts = { .format = PT_FORMAT_AUTO, .display_name = "n.csv" };
		pt_import_summary *sum = NULL;
		char *s, *g;
		CHECK_INT(pt_import_file(db, write_temp("n.csv", cases[i].text), &opts, &sum), PT_OK);
		if (cases[i].field)
			CHECK(sum && sum->column_count && !strcmp(sum->columns[0].field, cases[i].field));
		pt_import_summary_free(sum);
		s = pt_test_text(db, "SELECT surname FROM person");
		g = pt_test_text(db, "SELECT given_names FROM person");
		CHECK_STR(s, cases[i].surname);
		CHECK_STR(g, cases[i].given);
		free(s);
		free(g);
		pt_db_free(db);
	}
}

/* the template of each layout: every column filled in, nothing TO DO */
static void test_layouts_templates(void)
{
	for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
		pt_import_options opts = { .format = PT_FORMAT_AUTO };
		char *text = NULL;
		CHECK_INT(pt_mapping_template(write_temp("t.csv", layouts[i].text), &opts, &text), PT_OK);
		CHECK(text && !strstr(text, "TO DO") && strstr(text, "\"columns\""));
		if (text) {
			/* and it reads as a mapping */
			pt_db *db = open_db();
			pt__mapping *m = NULL;
			CHECK_INT(pt__mapping_parse(db, "t.json", text, strlen(text), PT__KIND_PERSON, &m),
				  PT_OK);
			pt__mapping_free(m);
			pt_db_free(db);
		}
		free(text);
	}
	{
		char *text = NULL;
		pt_import_options opts = { .format = PT_FORMAT_AUTO };
		CHECK_INT(pt_mapping_template(write_temp("u.csv", "Name;Geburtsjahr;Heimatort\nA;1;B\n"),
					      &opts, &text), PT_OK);
		CHECK(text && strstr(text, "\"Heimatort\": {\n      \"field\": \"keep\",\n      \"notes\": "
				     "\"TO DO: no field recognised"));
		CHECK(text && strstr(text, "\"Name\": {\n      \"field\": \"full_name\""));
		free(text);
		CHECK_INT(pt_mapping_template("/nonexistent/file.csv", &opts, &text), PT_EINVAL);
		CHECK(text && strstr(text, "/nonexistent/file.csv"));
		free(text);
		CHECK_INT(pt_mapping_template(write_temp("r.json", "[{\"surname\": \"Kelly\"}]"), &opts,
					      &text), PT_EINVAL);
		CHECK(text && strstr(text, "a mapping template is made from the header of a CSV file"));
		free(text);
	}
}

/* every ```json block of docs/mapping.md is a mapping powtrace reads */
static void test_layouts_documented_mappings(void)
{
	FILE *f = fopen("docs/mapping.md", "r");
	char line[1024];
	pt__buf block = PT__BUF_INIT;
	int in = 0, blocks = 0;
	pt_db *db = open_db();

	CHECK(f != NULL); /* run from the repository's top directory */
	while (f && fgets(line, sizeof line, f)) {
		if (!in && !strncmp(line, "```json", 7)) {
			in = 1;
			pt__buf_reset(&block);
		} else if (in && !strncmp(line, "```", 3)) {
			pt__mapping *m = NULL;
			in = 0;
			blocks++;
			if (pt__mapping_parse(db, "docs/mapping.md", pt__buf_str(&block), block.len,
					      PT__KIND_PERSON, &m)) {
				fprintf(stderr, "docs/mapping.md, example %d: %s\n", blocks,
					pt_db_errmsg(db));
				pt_test_failures++;
			}
			pt__mapping_free(m);
		} else if (in) {
			pt__buf_puts(&block, line);
		}
	}
	if (f)
		fclose(f);
	CHECK(blocks >= 7);
	pt__buf_release(&block);
	pt_db_free(db);
}

void suite_layouts(void);
void suite_layouts(void)
{
	RUN(test_layouts_five_languages);
	RUN(test_layouts_name_beside_given_names);
	RUN(test_layouts_templates);
	RUN(test_layouts_documented_mappings);
}

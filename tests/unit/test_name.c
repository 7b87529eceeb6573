/*
 * test_name.c - names: folding (case, diacritics, punctuation, scripts),
 * umlaut spellings, words and their readings, mixed-script repair, the
 * clerk key on pairs of Western names and their Soviet renderings, the keys
 * of record names and the given-name table.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "names/names.h"

static void check_fold(const char *in, const char *want)
{
	char *got = pt__name_fold(in, 0);
	CHECK_STR(got, want);
	free(got);
}

static void test_fold(void)
{
	check_fold("Müller", "muller");
	check_fold("MUELLER", "mueller");
	check_fold("Strauß", "strauss");
	check_fold("Łódź", "lodz");
	check_fold("O'Brien", "obrien");
	check_fold("O Brien", "obrien");
	check_fold("O\xe2\x80\x99" "Brien", "obrien");   /* typographic apostrophe */
	check_fold("Smith-Dorrien", "smithdorrien");
	check_fold("Ærø Øster", "aerooster");
	check_fold("Dvořák", "dvorak");
	check_fold("Wójcik", "wojcik");
	check_fold("Келли", "келли");
	check_fold("Ёжиков Йорк", "ежиковиорк");
	check_fold("Gar\xca\xb9old", "garold");         /* a modifier prime (ʹ) is no letter */
	check_fold("  ", "");
	{
		char *p = pt__name_fold("K_l*[ae]", 1);
		CHECK_STR(p, "k_l*[ae]");
		free(p);
	}
}

static void test_umlaut_forms(void)
{
	char *alt[2];
	CHECK_INT(pt__name_umlaut_forms("Müller", "muller", alt), 1);
	CHECK_STR(alt[0], "mueller");
	free(alt[0]);
	CHECK_INT(pt__name_umlaut_forms("Mueller", "mueller", alt), 1);
	CHECK_STR(alt[0], "muller");
	free(alt[0]);
	CHECK_INT(pt__name_umlaut_forms("Schroeder", "schroeder", alt), 1);
	CHECK_STR(alt[0], "schroder");
	free(alt[0]);
	/* not the e of Samuel, Michael, Joe, Jacques, Rodriguez */
	CHECK_INT(pt__name_umlaut_forms("Samuel", "samuel", alt), 0);
	CHECK_INT(pt__name_umlaut_forms("Michael", "michael", alt), 0);
	CHECK_INT(pt__name_umlaut_forms("Joe", "joe", alt), 0);
	CHECK_INT(pt__name_umlaut_forms("Jacques", "jacques", alt), 0);
	CHECK_INT(pt__name_umlaut_forms("Rodriguez", "rodriguez", alt), 0);
	CHECK_INT(pt__name_umlaut_forms("Kelly", "kelly", alt), 0);
}

static void test_scripts(void)
{
	CHECK_INT(pt__script_of("Kelly"), PT__SCRIPT_LATIN);
	CHECK_INT(pt__script_of("Келли"), PT__SCRIPT_CYRILLIC);
	CHECK_INT(pt__script_of("K\xd0\xb5lly"), PT__SCRIPT_MIXED);
	CHECK_INT(pt__script_of("Κέλλυ"), PT__SCRIPT_OTHER);
	CHECK_INT(pt__script_of("--- 42"), PT__SCRIPT_NONE);
	CHECK_STR(pt__script_code(PT__SCRIPT_CYRILLIC), "Cyrl");
}

static void test_words(void)
{
	pt__words w;
	CHECK_INT(pt__words_split("Kelly, F.J.", &w), PT_OK);
	CHECK_INT(w.count, 3);
	CHECK_INT(w.comma_at, 1);
	if (w.count == 3) {
		CHECK_STR(w.items[0].text, "Kelly");
		CHECK(!w.items[0].initial && !w.items[0].upper);
		CHECK_STR(w.items[1].text, "F");
		CHECK(w.items[1].initial);
		CHECK_STR(w.items[2].text, "J");
		CHECK(w.items[2].initial);
	}
	pt__words_release(&w);
	CHECK_INT(pt__words_split("KELLY Wm. van 'K_l*'", &w), PT_OK);
	CHECK_INT(w.count, 4);
	if (w.count == 4) {
		CHECK(w.items[0].upper);
		CHECK_STR(w.items[1].text, "Wm");
		CHECK(w.items[1].initial);           /* an abbreviation */
		CHECK(w.items[2].particle);
		CHECK(w.items[3].wildcard);
	}
	pt__words_release(&w);
	CHECK_INT(pt__words_split(" , ; ' - ", &w), PT_OK);
	CHECK_INT(w.count, 0);
	pt__words_release(&w);
}

/* The surname a typed name is read with first, and how many readings. */
static void check_reading(const char *typed, const char *surname, int readings)
{
	pt__words w;
	pt__reading r[4];
	int n;
	CHECK_INT(pt__words_split(typed, &w), PT_OK);
	n = pt__name_readings(&w, r, 4);
	CHECK_INT(n, readings);
	if (n > 0) {
		pt__buf b = PT__BUF_INIT;
		for (size_t i = r[0].surname_from; i < r[0].surname_to; i++)
			pt__buf_printf(&b, "%s%s", i > r[0].surname_from ? " " : "", w.items[i].text);
		CHECK_STR(pt__buf_str(&b), surname);
		pt__buf_release(&b);
	}
	pt__words_release(&w);
}

static void test_readings(void)
{
	check_reading("Frank Kelly", "Kelly", 3);       /* surname last, first, whole */
	check_reading("Kelly, Frank", "Kelly", 1);
	check_reading("KELLY F", "KELLY", 1);
	check_reading("Frank KELLY", "KELLY", 1);
	check_reading("F. Kelly", "Kelly", 2);          /* not F, but "F Kelly" whole */
	check_reading("Келли Фрэнк", "Келли", 3);       /* Cyrillic: surname first */
	check_reading("Kel*", "Kel*", 1);
	check_reading("Patrick O Brien", "O Brien", 3);
	check_reading("Jan van der Berg", "van der Berg", 2);
	check_reading("F. J.", "", 0);
}

static void test_fix_script(void)
{
	pt__words w;
	char *fixed = NULL;
	CHECK_INT(pt__words_split("K\xd0\xb5lly \xd0\x9a\xd0\xb5\x6c\xd0\xbb\xd0\xb8", &w), PT_OK);
	CHECK_INT(w.count, 2);
	if (w.count == 2) {
		CHECK_INT(pt__word_fix_script(&w.items[0], &fixed), PT_OK);
		CHECK_STR(fixed, "Kelly");             /* a Cyrillic е in a Latin word */
		free(fixed);
		CHECK_INT(pt__word_fix_script(&w.items[1], &fixed), PT_EINVAL);
		CHECK(fixed == NULL);                  /* Кеlли: a Latin l has no Cyrillic twin */
	}
	pt__words_release(&w);
}

/* Each Western name and its Soviet rendering share a clerk key. */
static int clerk_meet(const char *latin, const char *cyrillic, int say)
{
	char a[PT__CLERK_MAX][PT__CLERK_LEN], b[PT__CLERK_MAX][PT__CLERK_LEN];
	char *fl = pt__name_fold(latin, 0), *fc = pt__name_fold(cyrillic, 0);
	int na = pt__clerk_latin(fl, a, PT__CLERK_MAX), nb = pt__clerk_cyrillic(fc, b, PT__CLERK_MAX);
	int meet = 0;
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++)
			meet |= !strcmp(a[i], b[j]);
	if (!meet && say)
		fprintf(stderr, "clerk keys differ: %s (%s...) %s (%s...)\n", latin, na ? a[0] : "",
			cyrillic, nb ? b[0] : "");
	free(fl);
	free(fc);
	return meet;
}

static void test_clerk_key(void)
{
	static const char *const pairs[][2] = {
		{ "Harold", "Гарольд" }, { "Hamilton", "Гамильтон" }, { "Hamilton", "Хэмилтон" },
		{ "William", "Уильям" }, { "William", "Вильям" }, { "Walker", "Уокер" },
		{ "Kelly", "Келли" }, { "Frank", "Фрэнк" }, { "John", "Джон" }, { "Edwards", "Эдвардс" },
		{ "Andrews", "Эндрюс" }, { "Hughes", "Хьюз" }, { "Wright", "Райт" }, { "Knight", "Найт" },
		{ "Young", "Янг" }, { "George", "Джордж" }, { "Charles", "Чарльз" },
		{ "Mitchell", "Митчелл" }, { "Howard", "Говард" }, { "Lewis", "Льюис" },
		{ "Thompson", "Томпсон" }, { "Thompson", "Томсон" }, { "Stewart", "Стюарт" },
		{ "O'Brien", "О'Брайен" }, { "McDonald", "Макдональд" }, { "Fitzgerald", "Фицджеральд" },
		{ "Schmidt", "Шмидт" }, { "Rutherford", "Резерфорд" }, { "Horatio", "Горацио" },
		{ "Quinn", "Куинн" }, { "Shaw", "Шоу" }, { "Lowe", "Лоу" }, { "Graham", "Грэм" },
	};
	char keys[PT__CLERK_MAX][PT__CLERK_LEN];
	int n;

	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		CHECK(clerk_meet(pairs[i][0], pairs[i][1], 1));
	/* the keys themselves */
	n = pt__clerk_latin("harold", keys, PT__CLERK_MAX);
	CHECK(n == 1 && !strcmp(keys[0], "GRLD"));
	n = pt__clerk_cyrillic("уокер", keys, PT__CLERK_MAX);
	CHECK(n == 1 && !strcmp(keys[0], "VKR"));
	n = pt__clerk_latin("kelly", keys, PT__CLERK_MAX);
	CHECK(n == 1 && !strcmp(keys[0], "KLA"));   /* ends in a vowel: not Cole (KL) */
	n = pt__clerk_latin("cole", keys, PT__CLERK_MAX);
	CHECK(n >= 1 && !strcmp(keys[0], "KL"));
	/* false friends stay apart */
	CHECK(!clerk_meet("Walters", "Уокер", 0));
	CHECK(!clerk_meet("Harriet", "Гарольд", 0));
	CHECK(!clerk_meet("Alexander", "Александра", 0));
	CHECK_INT(pt__clerk_latin("", keys, PT__CLERK_MAX), 0);
	CHECK_INT(pt__clerk_cyrillic("kelly", keys, PT__CLERK_MAX), 0);
	/* a long spelling full of ambiguous letters stays within the branches */
	n = pt__clerk_latin("chchchgegegejajajavavavawawa", keys, PT__CLERK_MAX);
	CHECK(n >= 1 && n <= PT__CLERK_MAX);
}

static int has_key(const pt__keys *k, int part, const char *kind, const char *key)
{
	return pt__keys_has(k, part, kind, key);
}

static void test_record_keys(void)
{
	pt_db *db = NULL;
	pt__keys k = { NULL, 0, 0 };
	char *s, *g;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	if (!db)
		return;
	CHECK_INT(pt__name_form_keys(db, "Smith-Dorrien", "Horace L.", &k), PT_OK);
	CHECK(has_key(&k, 0, PT__K_EXACT, "smithdorrien"));
	CHECK(has_key(&k, 0, PT__K_PART, "smith"));
	CHECK(has_key(&k, 0, PT__K_PART, "dorrien"));
	CHECK(has_key(&k, 0, PT__K_REVERSE, "neirrodhtims"));
	CHECK(has_key(&k, 1, PT__K_EXACT, "horace"));
	CHECK(has_key(&k, 2, PT__K_INITIAL, "l"));
	pt__keys_release(&k);

	CHECK_INT(pt__name_form_keys(db, "Kelley", "Wm.", &k), PT_OK);
	CHECK(has_key(&k, 0, PT__K_VARIANT, "kely"));
	CHECK(has_key(&k, 0, PT__K_SOUNDEX, "K400"));
	CHECK(has_key(&k, 0, PT__K_DM, "580000"));
	CHECK(has_key(&k, 1, PT__K_NICKNAME, "william"));
	pt__keys_release(&k);

	CHECK_INT(pt__name_form_keys(db, "Müller", NULL, &k), PT_OK);
	CHECK(has_key(&k, 0, PT__K_EXACT, "muller"));
	CHECK(has_key(&k, 0, PT__K_EXACT, "mueller"));
	pt__keys_release(&k);

	/* a whole name in one field, as a Soviet register wrote it */
	CHECK_INT(pt__name_form_keys(db, "Уокер Гарольд", NULL, &k), PT_OK);
	CHECK(has_key(&k, 0, PT__K_EXACT, "уокер"));
	CHECK(has_key(&k, 0, PT__K_TRANSLIT, "uoker"));
	CHECK(has_key(&k, 0, PT__K_CLERK_CYRL, "VKR"));
	CHECK(has_key(&k, 1, PT__K_CLERK_CYRL, "GRLD"));
	CHECK(has_key(&k, 1, PT__K_NICKNAME, "harold"));
	pt__keys_release(&k);

	CHECK_INT(pt__name_split_record("KELLY Frank", NULL, &s, &g), PT_OK);
	CHECK_STR(s, "KELLY");
	CHECK_STR(g, "Frank");
	free(s);
	free(g);
	CHECK_INT(pt__name_split_record("Kelly, Frank", NULL, &s, &g), PT_OK);
	CHECK_STR(s, "Kelly");
	CHECK_STR(g, "Frank");
	free(s);
	free(g);
	CHECK_INT(pt__name_split_record("Lloyd George", NULL, &s, &g), PT_OK);
	CHECK_STR(s, "Lloyd George");
	CHECK(g == NULL);
	free(s);
	CHECK_INT(pt__name_split_record("Kelly", "Frank", &s, &g), PT_OK);
	CHECK_STR(s, "Kelly");
	CHECK_STR(g, "Frank");
	free(s);
	free(g);
	pt_db_free(db);
}

static void test_given_name_table(void)
{
	pt_db *db = NULL;
	const char *groups[8];
	int n;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	if (!db)
		return;
	n = pt__nickname_groups(db, "harry", groups, 8);
	CHECK_INT(n, 2);
	CHECK(n == 2 && !strcmp(groups[0], "henry") && !strcmp(groups[1], "harold"));
	CHECK_INT(pt__nickname_groups(db, "bill", groups, 8), 1);
	CHECK_STR(groups[0], "william");
	CHECK_INT(pt__nickname_groups(db, "wm", groups, 8), 1);
	CHECK_INT(pt__nickname_groups(db, "klara", groups, 8), 1);
	CHECK_STR(groups[0], "clara");
	CHECK_INT(pt__nickname_groups(db, "francois", groups, 8), 1);   /* françois, folded */
	CHECK_INT(pt__nickname_groups(db, "уильям", groups, 8), 1);
	CHECK_STR(groups[0], "william");
	CHECK_INT(pt__nickname_groups(db, "kathryn", groups, 8), 1);
	CHECK_STR(groups[0], "catherine");
	CHECK_INT(pt__nickname_groups(db, "zebedee", groups, 8), 0);
	/* every national set the table promises has members */
	CHECK(pt__nickname_groups(db, "gwilym", groups, 8) == 1);    /* Welsh */
	CHECK(pt__nickname_groups(db, "seamus", groups, 8) == 1);    /* Irish */
	CHECK(pt__nickname_groups(db, "hamish", groups, 8) == 1);    /* Scottish */
	CHECK(pt__nickname_groups(db, "willem", groups, 8) == 1);    /* Dutch */
	CHECK(pt__nickname_groups(db, "guillaume", groups, 8) == 1); /* French */
	CHECK(pt__nickname_groups(db, "jozef", groups, 8) == 1);     /* Polish */
	CHECK(pt__nickname_groups(db, "wilhelm", groups, 8) == 1);   /* German */
	pt_db_free(db);
}

/* pt_romanise: a name in Cyrillic gets its BGN/PCGN reading; Latin text,
 * text without letters and NULL get none (nothing to show beside them). */
static void test_romanise(void)
{
	pt_db *db = NULL;
	char *r;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	if (!db)
		return;
	r = pt_romanise(db, "Смирнов");
	CHECK_STR(r, "Smirnov");
	pt_free(r);
	r = pt_romanise(db, "Уокер Гарольд");
	CHECK_STR(r, "Uoker Garol\xca\xb9" "d");   /* ʹ, the soft sign */
	pt_free(r);
	CHECK(pt_romanise(db, "Kelly") == NULL);
	CHECK(pt_romanise(db, "Müller") == NULL);
	CHECK(pt_romanise(db, "1945") == NULL);
	CHECK(pt_romanise(db, "") == NULL);
	CHECK(pt_romanise(db, NULL) == NULL);
	CHECK(pt_romanise(NULL, "Смирнов") == NULL);
	pt_db_free(db);
}

void suite_name(void);
void suite_name(void)
{
	RUN(test_romanise);
	RUN(test_fold);
	RUN(test_umlaut_forms);
	RUN(test_scripts);
	RUN(test_words);
	RUN(test_readings);
	RUN(test_fix_script);
	RUN(test_clerk_key);
	RUN(test_record_keys);
	RUN(test_given_name_table);
}

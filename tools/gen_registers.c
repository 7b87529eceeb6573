/*
 * gen_registers.c - writes one invented population of prisoners of war as
 * the registers that recorded them, with the errors clerks made, and the
 * truth: which records are which man. For measuring record linkage
 * (`powtrace link`): tests/cli and tools/bench_link.sh.
 *
 * usage: gen_registers [-n MEN] [--seed S] [--extra K] OUTDIR
 *
 * Writes into OUTDIR:
 *   sources.json        the registers as sources
 *   capture_cards.csv   German capture cards (Personalkarten): most men
 *   camp_register.csv   camp registers: a row per man and camp, initials often
 *   soviet_cards.csv    a Soviet card index in Cyrillic: the men the Red Army
 *                       liberated or held, birth year only, clerks' renderings
 *   repatriation.csv    repatriation lists of the men who came home
 *   war_dead.csv        the war dead
 *   red_cross.csv       with --extra K: a later register of K records (most of
 *                       known men, some of men no other register holds)
 *   truth.csv           source,record_id,man for every record
 *   truth.txt           men, records, true pairs, men whose records leave them
 *                       unaccounted for (without and with the extra register)
 *
 * The clerks' errors: misspelt surnames (a letter changed, dropped, doubled
 * or two swapped), initials instead of names, nicknames (Bill for William),
 * day and month swapped, a birth year off by one, two digits of a service
 * number swapped, Cyrillic renderings with Г or Х for H and У or В for W,
 * missing fields; and namesakes: different men with the same name and year
 * of birth. Deterministic for a given seed.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "powtrace.h"

/* ---- random numbers ------------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (uint32_t)((rng_state >> 11) % n) : 0;
}

static int chance(double p)
{
	return rnd(1000000) < (uint32_t)(p * 1000000.0);
}

/* ---- names ------------------------------------------------------------------- */

/* common surnames with the Cyrillic a Soviet clerk would write */
static const char *const common_surnames[][2] = {
	{ "Smith", "Смит" }, { "Jones", "Джонс" }, { "Williams", "Уильямс" }, { "Taylor", "Тейлор" },
	{ "Brown", "Браун" }, { "Davies", "Дэвис" }, { "Evans", "Эванс" }, { "Wilson", "Уилсон" },
	{ "Thomas", "Томас" }, { "Johnson", "Джонсон" }, { "Roberts", "Робертс" },
	{ "Robinson", "Робинсон" }, { "Thompson", "Томпсон" }, { "Wright", "Райт" },
	{ "Walker", "Уокер" }, { "White", "Уайт" }, { "Edwards", "Эдвардс" }, { "Hughes", "Хьюз" },
	{ "Green", "Грин" }, { "Hall", "Холл" }, { "Lewis", "Льюис" }, { "Harris", "Харрис" },
	{ "Clarke", "Кларк" }, { "Jackson", "Джексон" }, { "Wood", "Вуд" }, { "Turner", "Тёрнер" },
	{ "Martin", "Мартин" }, { "Cooper", "Купер" }, { "Hill", "Хилл" }, { "Ward", "Уорд" },
	{ "Morris", "Моррис" }, { "Moore", "Мур" }, { "King", "Кинг" }, { "Baker", "Бейкер" },
	{ "Harrison", "Гаррисон" }, { "Morgan", "Морган" }, { "Allen", "Аллен" }, { "James", "Джеймс" },
	{ "Scott", "Скотт" }, { "Phillips", "Филлипс" }, { "Watson", "Уотсон" }, { "Parker", "Паркер" },
	{ "Price", "Прайс" }, { "Bennett", "Беннетт" }, { "Young", "Янг" }, { "Griffiths", "Гриффитс" },
	{ "Mitchell", "Митчелл" }, { "Kelly", "Келли" }, { "Cook", "Кук" }, { "Carter", "Картер" },
	{ "Richardson", "Ричардсон" }, { "Bailey", "Бейли" }, { "Collins", "Коллинз" },
	{ "Bell", "Белл" }, { "Shaw", "Шоу" }, { "Murphy", "Мерфи" }, { "Miller", "Миллер" },
	{ "Cox", "Кокс" }, { "Marshall", "Маршалл" }, { "Anderson", "Андерсон" },
	{ "Simpson", "Симпсон" }, { "Ellis", "Эллис" }, { "Adams", "Адамс" },
	{ "Wilkinson", "Уилкинсон" }, { "Foster", "Фостер" }, { "Chapman", "Чапмен" },
	{ "Powell", "Пауэлл" }, { "Webb", "Уэбб" }, { "Rogers", "Роджерс" }, { "Gray", "Грей" },
	{ "Mason", "Мейсон" }, { "Hunt", "Хант" }, { "Campbell", "Кэмпбелл" },
	{ "Matthews", "Мэтьюз" }, { "Palmer", "Палмер" }, { "Holmes", "Холмс" },
	{ "Barnes", "Барнс" }, { "Knight", "Найт" }, { "Lloyd", "Ллойд" }, { "Butler", "Батлер" },
	{ "Russell", "Расселл" }, { "Fisher", "Фишер" }, { "Stevens", "Стивенс" },
	{ "Jenkins", "Дженкинс" }, { "Murray", "Мюррей" }, { "Dixon", "Диксон" },
	{ "Graham", "Грэм" }, { "Fletcher", "Флетчер" }, { "Walsh", "Уолш" }, { "Gibson", "Гибсон" },
	{ "Howard", "Говард" }, { "Andrews", "Эндрюс" }, { "Stewart", "Стюарт" },
	{ "Elliott", "Эллиотт" }, { "Reynolds", "Рейнольдс" }, { "Saunders", "Сондерс" },
	{ "Hamilton", "Гамильтон" }, { "Hawkins", "Хокинс" }, { "Dawson", "Доусон" },
	{ "O'Brien", "О'Брайен" }, { "McDonald", "Макдональд" }, { "Mackenzie", "Маккензи" },
	{ "Fitzgerald", "Фицджеральд" }, { "Newman", "Ньюман" }, { "Wells", "Уэллс" },
	{ "Page", "Пейдж" }, { "Quinn", "Куинн" }, { "Vaughan", "Воган" }, { "Doyle", "Дойл" },
	{ "Fraser", "Фрейзер" }, { "Pennington", "Пеннингтон" }, { "Reid", "Рид" },
	{ "Hutchinson", "Хатчинсон" }, { "Wallace", "Уоллес" }, { "Harvey", "Харви" },
	{ "Holland", "Холланд" }, { "Hopkins", "Гопкинс" }, { "Hudson", "Хадсон" },
	{ "Warren", "Уоррен" }, { "Watts", "Уоттс" }, { "Wheeler", "Уилер" },
};
#define N_COMMON (sizeof common_surnames / sizeof *common_surnames)

/* parts of the long tail of rarer surnames: 24 * 6 * 20 * 36 = 103,680 names */
static const char *const onsets[] = {
	"B", "Br", "C", "Ch", "Cr", "D", "F", "G", "Gr", "H", "Harr", "J", "K", "L", "M",
	"N", "P", "R", "S", "Sh", "St", "T", "W", "Wh",
};
static const char *const vowels[] = { "a", "e", "i", "o", "u", "ea" };
static const char *const middles[] = {
	"l", "ll", "n", "nn", "r", "rr", "m", "d", "dd", "t", "tt", "ck", "ng", "rk", "lt",
	"nd", "st", "sh", "b", "w",
};
static const char *const endings[] = {
	"ford", "wood", "ley", "ton", "field", "well", "by", "more", "ham", "worth", "combe",
	"cliffe", "den", "dale", "bridge", "stone", "land", "hurst", "wick", "bury", "ridge",
	"shaw", "croft", "thwaite", "low", "ington", "son", "man", "er", "ing", "sey", "ell",
	"ett", "ock", "ins", "ard",
};

static void tail_surname(uint32_t r, char *out, size_t size)
{
	size_t no = sizeof onsets / sizeof *onsets, nv = sizeof vowels / sizeof *vowels;
	size_t nm = sizeof middles / sizeof *middles, ne = sizeof endings / sizeof *endings;
	snprintf(out, size, "%s%s%s%s", onsets[r % no], vowels[(r / no) % nv],
		 middles[(r / (no * nv)) % nm], endings[(r / (no * nv * nm)) % ne]);
}

struct given {
	const char *name, *cyrillic;
	const char *nick[3];     /* nicknames and written abbreviations */
};

static const struct given givens[] = {
	{ "John", "Джон", { "Jack", "Jno", NULL } },
	{ "William", "Уильям", { "Bill", "Wm", "Will" } },
	{ "James", "Джеймс", { "Jim", "Jas", NULL } },
	{ "George", "Джордж", { "Geo", NULL, NULL } },
	{ "Charles", "Чарльз", { "Charlie", "Chas", NULL } },
	{ "Thomas", "Томас", { "Tom", "Thos", NULL } },
	{ "Frederick", "Фредерик", { "Fred", NULL, NULL } },
	{ "Arthur", "Артур", { NULL, NULL, NULL } },
	{ "Albert", "Альберт", { "Bert", NULL, NULL } },
	{ "Robert", "Роберт", { "Bob", "Robt", NULL } },
	{ "Joseph", "Джозеф", { "Joe", NULL, NULL } },
	{ "Alfred", "Альфред", { "Alf", NULL, NULL } },
	{ "Henry", "Генри", { "Harry", NULL, NULL } },
	{ "Edward", "Эдвард", { "Ted", "Eddie", NULL } },
	{ "Harold", "Гарольд", { "Harry", NULL, NULL } },
	{ "Walter", "Уолтер", { "Wally", NULL, NULL } },
	{ "Ernest", "Эрнест", { "Ernie", NULL, NULL } },
	{ "Frank", "Фрэнк", { NULL, NULL, NULL } },
	{ "Richard", "Ричард", { "Dick", "Richd", NULL } },
	{ "Herbert", "Герберт", { "Herb", NULL, NULL } },
	{ "Leonard", "Леонард", { "Len", NULL, NULL } },
	{ "Sidney", "Сидни", { "Sid", NULL, NULL } },
	{ "Stanley", "Стэнли", { "Stan", NULL, NULL } },
	{ "Reginald", "Реджинальд", { "Reg", NULL, NULL } },
	{ "Francis", "Фрэнсис", { "Frank", NULL, NULL } },
	{ "Samuel", "Сэмюэл", { "Sam", "Saml", NULL } },
	{ "Alexander", "Александр", { "Alex", "Sandy", NULL } },
	{ "David", "Дэвид", { "Dave", NULL, NULL } },
	{ "Peter", "Питер", { "Pete", NULL, NULL } },
	{ "Kenneth", "Кеннет", { "Ken", NULL, NULL } },
	{ "Douglas", "Дуглас", { "Doug", NULL, NULL } },
	{ "Patrick", "Патрик", { "Pat", "Paddy", NULL } },
	{ "Michael", "Майкл", { "Mick", NULL, NULL } },
	{ "Dennis", "Деннис", { NULL, NULL, NULL } },
	{ "Norman", "Норман", { NULL, NULL, NULL } },
	{ "Ronald", "Рональд", { "Ron", NULL, NULL } },
	{ "Cyril", "Сирил", { NULL, NULL, NULL } },
	{ "Bernard", "Бернард", { "Bernie", NULL, NULL } },
	{ "Hugh", "Хью", { NULL, NULL, NULL } },
	{ "Edwin", "Эдвин", { NULL, NULL, NULL } },
	{ "Ralph", "Ральф", { NULL, NULL, NULL } },
	{ "Eric", "Эрик", { NULL, NULL, NULL } },
	{ "Victor", "Виктор", { "Vic", NULL, NULL } },
	{ "Ian", "Иэн", { NULL, NULL, NULL } },
	{ "Gordon", "Гордон", { NULL, NULL, NULL } },
	{ "Leslie", "Лесли", { "Les", NULL, NULL } },
	{ "Raymond", "Реймонд", { "Ray", NULL, NULL } },
	{ "Donald", "Дональд", { "Don", NULL, NULL } },
	{ "Stephen", "Стивен", { "Steve", NULL, NULL } },
	{ "Wallace", "Уоллес", { "Wally", NULL, NULL } },
	{ "Howard", "Говард", { NULL, NULL, NULL } },
	{ "Horace", "Гораций", { NULL, NULL, NULL } },
	{ "Wilfred", "Уилфред", { "Wilf", NULL, NULL } },
	{ "Harvey", "Харви", { NULL, NULL, NULL } },
	{ "Matthew", "Мэтью", { "Matt", NULL, NULL } },
	{ "Daniel", "Дэниел", { "Dan", "Danl", NULL } },
	{ "Benjamin", "Бенджамин", { "Ben", "Benj", NULL } },
	{ "Lawrence", "Лоуренс", { "Larry", NULL, NULL } },
	{ "Andrew", "Эндрю", { "Andy", NULL, NULL } },
	{ "Philip", "Филип", { "Phil", NULL, NULL } },
};
#define N_GIVEN (sizeof givens / sizeof *givens)

/* a skewed index in [0, n): the first few far more often than the last */
static uint32_t skewed(uint32_t n, double exponent)
{
	double u = (rnd(1000000) + 0.5) / 1000000.0;
	return (uint32_t)(pow(u, exponent) * n) % n;
}

/* ---- Cyrillic, as a Soviet clerk heard an English name ------------------------ */

struct sb {
	char s[256];
	size_t n;
};

static void sb_put(struct sb *b, const char *t)
{
	size_t l = strlen(t);
	if (b->n + l < sizeof b->s) {
		memcpy(b->s + b->n, t, l);
		b->n += l;
		b->s[b->n] = '\0';
	}
}

static int is_vowel(char c)
{
	return c && strchr("aeiouy", c) != NULL;
}

/* Transcribes a Latin name into Cyrillic: English spelling read by ear, H as
 * Г or Х and W as У or В at the clerk's whim (h_as_g, w_as_v). */
static void cyrillic_of(const char *latin, int h_as_g, int w_as_v, char *out, size_t size)
{
	char w[128];
	struct sb b = { "", 0 };
	size_t n = 0;
	for (const char *p = latin; *p && n + 1 < sizeof w; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			w[n++] = (char)(*p | 0x20);
	w[n] = '\0';
	for (size_t i = 0; i < n;) {
		const char *c = w + i;
		char next = c[1];
		int first = i == 0, last = i + 1 == n;
#define TAKE(len, cyr) do { sb_put(&b, cyr); i += (len); goto next_letter; } while (0)
		if (!strncmp(c, "sch", 3)) TAKE(3, "ш");
		if (!strncmp(c, "tch", 3)) TAKE(3, "ч");
		if (!strncmp(c, "ough", 4)) TAKE(4, "о");
		if (!strncmp(c, "igh", 3)) TAKE(3, "ай");
		if (!strncmp(c, "sh", 2)) TAKE(2, "ш");
		if (!strncmp(c, "ch", 2)) TAKE(2, "ч");
		if (!strncmp(c, "th", 2)) TAKE(2, "т");
		if (!strncmp(c, "ph", 2)) TAKE(2, "ф");
		if (!strncmp(c, "gh", 2)) TAKE(2, "");
		if (!strncmp(c, "wh", 2)) TAKE(2, w_as_v ? "в" : "у");
		if (!strncmp(c, "ck", 2)) TAKE(2, "к");
		if (!strncmp(c, "qu", 2)) TAKE(2, "кв");
		if (!strncmp(c, "ee", 2) || !strncmp(c, "ea", 2)) TAKE(2, "и");
		if (!strncmp(c, "oo", 2)) TAKE(2, "у");
		if (!strncmp(c, "ou", 2)) TAKE(2, "ау");
		if (!strncmp(c, "ay", 2) || !strncmp(c, "ai", 2)) TAKE(2, "ей");
		if (!strncmp(c, "ey", 2) && last == 0 && i + 2 == n) TAKE(2, "и");
		if (!strncmp(c, "ll", 2)) TAKE(2, "лл");
		if (!strncmp(c, "ss", 2)) TAKE(2, "сс");
		if (!strncmp(c, "nn", 2)) TAKE(2, "нн");
		if (!strncmp(c, "tt", 2)) TAKE(2, "тт");
		if (!strncmp(c, "rr", 2)) TAKE(2, "рр");
		switch (*c) {
		case 'a': TAKE(1, first ? "э" : "а");
		case 'b': TAKE(1, "б");
		case 'c': TAKE(1, next == 'e' || next == 'i' || next == 'y' ? "с" : "к");
		case 'd': TAKE(1, "д");
		case 'e': TAKE(1, last ? "" : first ? "э" : "е");
		case 'f': TAKE(1, "ф");
		case 'g': TAKE(1, next == 'e' || next == 'i' ? "дж" : "г");
		case 'h':
			/* sounded at the start and between vowels; silent after a
			 * consonant (John) and at the end */
			if (first || (i > 0 && is_vowel(c[-1]) && is_vowel(next)))
				TAKE(1, h_as_g ? "г" : "х");
			TAKE(1, "");
		case 'i': TAKE(1, "и");
		case 'j': TAKE(1, "дж");
		case 'k': TAKE(1, "к");
		case 'l': TAKE(1, is_vowel(next) || last ? "л" : "ль");
		case 'm': TAKE(1, "м");
		case 'n': TAKE(1, "н");
		case 'o': TAKE(1, "о");
		case 'p': TAKE(1, "п");
		case 'r': TAKE(1, "р");
		case 's': TAKE(1, "с");
		case 't': TAKE(1, "т");
		case 'u': TAKE(1, "а");
		case 'v': TAKE(1, "в");
		case 'w': TAKE(1, w_as_v ? "в" : "у");
		case 'x': TAKE(1, "кс");
		case 'y': TAKE(1, first ? "й" : "и");
		case 'z': TAKE(1, "з");
		default: i++;
		}
#undef TAKE
next_letter:;
	}
	/* capitalise the first letter: the Cyrillic capitals are 0x20 (or 0x50) below */
	snprintf(out, size, "%s", b.s);
	if ((unsigned char)out[0] == 0xD0 && (unsigned char)out[1] >= 0xB0 &&
	    (unsigned char)out[1] <= 0xBF)
		out[1] = (char)((unsigned char)out[1] - 0x20);
	else if ((unsigned char)out[0] == 0xD1 && (unsigned char)out[1] >= 0x80 &&
		 (unsigned char)out[1] <= 0x8F) {
		out[0] = (char)0xD0;
		out[1] = (char)((unsigned char)out[1] + 0x20);
	}
}

/* The clerk's variants of a known rendering: Г for Х (and back), В for У at
 * the start. */
static void clerk_variant(const char *cyr, char *out, size_t size)
{
	snprintf(out, size, "%s", cyr);
	if (!strncmp(out, "Х", 2) && chance(0.5))
		memcpy(out, "Г", 2);
	else if (!strncmp(out, "Г", 2) && chance(0.3))
		memcpy(out, "Х", 2);
	else if (!strncmp(out, "Уо", 4) && chance(0.4)) {
		char rest[100];
		snprintf(rest, sizeof rest, "%s", out + 4);
		snprintf(out, size, "Во%s", rest);
	} else if (!strncmp(out, "Уи", 4) && chance(0.4)) {
		char rest[100];
		snprintf(rest, sizeof rest, "%s", out + 4);
		snprintf(out, size, "Ви%s", rest);
	}
}

/* ---- clerks' errors ------------------------------------------------------------- */

static const char *const near_letters[] = {
	"aeo", "bp", "ck", "dt", "eai", "fv", "gk", "hn", "iey", "jg", "kc", "lr", "mn", "nm",
	"oa", "pb", "qk", "rl", "sz", "td", "uo", "vf", "wv", "xs", "yi", "zs",
};

/* One slip of the pen in a Latin name: a letter changed for a near one,
 * dropped, doubled, or two neighbours swapped. */
static void misspell(char *s)
{
	size_t n = strlen(s), i;
	if (n < 4)
		return;
	i = 1 + rnd((uint32_t)(n - 2));
	switch (rnd(4)) {
	case 0: {
		char c = (char)(s[i] | 0x20);
		if (c >= 'a' && c <= 'z') {
			const char *alt = near_letters[c - 'a'];
			char r = alt[1 + rnd((uint32_t)strlen(alt) - 1)];
			s[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(r & ~0x20) : r;
		}
		break;
	}
	case 1:
		memmove(s + i, s + i + 1, n - i);
		break;
	case 2:
		if (n + 2 < 64) {
			memmove(s + i + 1, s + i, n - i + 1);
		}
		break;
	default: {
		char t = s[i];
		s[i] = s[i + 1];
		s[i + 1] = t;
		break;
	}
	}
}

static void upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 32);
}

/* ---- the population --------------------------------------------------------------- */

enum fate {
	RETURNED,        /* liberated in the West, repatriated */
	RED_ARMY_HOME,   /* liberated by the Red Army, handed over, repatriated */
	DIED_GERMANY,    /* died in German captivity */
	SOVIET_RELEASED, /* held in the USSR, released in the 1950s */
	SOVIET_DIED,     /* died in Soviet hands */
	SOVIET_LOST,     /* last seen in a Soviet camp */
	LOST,            /* captured, nothing after the German camps */
	FATE_COUNT
};

struct camp {
	const char *names[4];
	int liberated_by_red_army;
	const char *liberated;  /* the date */
};

static const struct camp german_camps[] = {
	{ { "Stalag IV-B", "Stalag 4B", "Mühlberg", "Stalag IVB" }, 1, "1945-04-23" },
	{ { "Stalag III-A", "Stalag 3A", "Luckenwalde", "Stalag IIIA" }, 1, "1945-04-22" },
	{ { "Stalag 344", "Lamsdorf", "Stalag VIII-B", "Stalag 8B" }, 1, "1945-03-17" },
	{ { "Stalag Luft III", "Sagan", "Stalag Luft 3", NULL }, 1, "1945-02-14" },
	{ { "Oflag 64", "Schubin", "Oflag XXI-B", NULL }, 1, "1945-01-21" },
	{ { "Stalag II-A", "Stalag 2A", "Fünfeichen", NULL }, 1, "1945-04-28" },
	{ { "Stalag Luft I", "Barth", "Stalag Luft 1", NULL }, 1, "1945-05-01" },
	{ { "Stalag XX-A", "Thorn", "Stalag 20A", NULL }, 1, "1945-02-01" },
	{ { "Stalag VII-A", "Moosburg", "Stalag 7A", NULL }, 0, "1945-04-29" },
	{ { "Stalag XI-B", "Fallingbostel", "Stalag 11B", NULL }, 0, "1945-04-16" },
	{ { "Stalag XVII-B", "Krems-Gneixendorf", "Stalag 17B", NULL }, 0, "1945-05-09" },
	{ { "Stalag 383", "Hohenfels", NULL, NULL }, 0, "1945-04-22" },
	{ { "Oflag IV-C", "Colditz", "Oflag 4C", NULL }, 0, "1945-04-16" },
	{ { "Stalag XIII-C", "Hammelburg", "Stalag 13C", NULL }, 0, "1945-04-06" },
	{ { "Marlag und Milag Nord", "Westertimke", "Marlag Nord", NULL }, 0, "1945-04-27" },
};
#define N_GERMAN (sizeof german_camps / sizeof *german_camps)

static const char *const soviet_camps[] = {
	"Тамбовский ПФЛ", "Саратовский ПФЛ", "Спецлагерь № 1", "Ахунский ИТЛ", "Алтайлаг",
	"Ангарлаг", "Амурский ИТЛ", "Алданлаг",
};
#define N_SOVIET (sizeof soviet_camps / sizeof *soviet_camps)

static const char *const capture_places[] = {
	"Dunkirk", "St Valery-en-Caux", "Calais", "Tobruk", "Crete", "Greece", "Sidi Rezegh",
	"Dieppe", "Anzio", "Salerno", "Normandy", "Arnhem", "Ardennes", "Leros", "Gazala",
};

struct nation {
	const char *code;
	double share;
	const char *units[6];
	int sn_digits;
};

static const struct nation nations[] = {
	{ "GB", 0.55, { "Royal Fusiliers", "Gordon Highlanders", "Royal Artillery",
			"Royal Engineers", "Black Watch", "Royal Army Service Corps" }, 7 },
	{ "US", 0.20, { "106th Infantry Division", "28th Infantry Division", "Eighth Air Force",
			"99th Infantry Division", "1st Armored Division", "34th Infantry Division" }, 8 },
	{ "AU", 0.09, { "2/7th Battalion", "2/1st Field Regiment", "2/11th Battalion",
			"6th Division Cavalry", "2/2nd Battalion", "RAAF 460 Squadron" }, 6 },
	{ "CA", 0.08, { "South Saskatchewan Regiment", "Royal Regiment of Canada",
			"Essex Scottish", "Royal Hamilton Light Infantry", "RCAF 419 Squadron",
			"Fusiliers Mont-Royal" }, 6 },
	{ "NZ", 0.05, { "22nd Battalion", "28th Maori Battalion", "20th Battalion",
			"4th Field Regiment", "19th Battalion", "RNZAF 75 Squadron" }, 5 },
	{ "ZA", 0.03, { "2nd South African Division", "Kaffrarian Rifles", "Natal Mounted Rifles",
			"Umvoti Mounted Rifles", "SAAF 2 Squadron", "Cape Town Highlanders" }, 6 },
};
#define N_NATIONS (sizeof nations / sizeof *nations)

struct man {
	char surname[64];
	const char *surname_cyr;      /* the known rendering, or NULL: transcribe */
	int given[2];                 /* indexes into givens; given[1] < 0: none */
	int nation, unit_no, unit;
	int birth_y, birth_m, birth_d;
	char sn[16];
	int capture_y, capture_m, capture_d;
	const char *capture_place;
	int camps[3], camp_count;
	int soviet_camp;
	enum fate fate;
	int death_y, death_m, death_d;
	int release_y;
};

static struct man *men;
static long men_count;

/* ---- writing records ---------------------------------------------------------------- */

/* canonical CSV columns of powtrace import */
static const char *const columns[] = {
	"record_id", "surname", "given_names", "sex", "nationality", "birth_date", "birth_place",
	"service", "service_number", "rank", "unit", "capture_date", "capture_place",
	"internment_date", "internment_camp", "liberation_date", "liberation_camp",
	"handover_date", "handover_place", "repatriation_date", "repatriation_place",
	"release_date", "release_camp", "last_seen_date", "last_seen_camp", "death_date",
	"death_place", "death_camp", "burial_place", "source", "notes",
};
#define N_COLUMNS (sizeof columns / sizeof *columns)

struct row {
	char cell[N_COLUMNS][128];
};

static int col(const char *name)
{
	for (size_t i = 0; i < N_COLUMNS; i++)
		if (!strcmp(columns[i], name))
			return (int)i;
	fprintf(stderr, "gen_registers: no column %s\n", name);
	exit(1);
}

static void set(struct row *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set(struct row *r, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->cell[col(name)], sizeof r->cell[0], fmt, ap);
	va_end(ap);
}

struct reg {
	const char *key, *file, *title;
	FILE *f;
	long records;
	char prefix[8];
};

static FILE *truth;
static const char *outdir;

static void reg_open(struct reg *g)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", outdir, g->file);
	if (!(g->f = fopen(path, "w"))) {
		fprintf(stderr, "gen_registers: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	for (size_t i = 0; i < N_COLUMNS; i++)
		fprintf(g->f, "%s%s", i ? "," : "", columns[i]);
	fputc('\n', g->f);
}

static void put_csv(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* events of every record of every man, for the truth's status */
struct ev {
	char type[16], date[16];
};
struct man_events {
	struct ev *items;
	int count, cap;
	int in_base;          /* holds records of the base registers */
};
static struct man_events *man_ev, *man_ev_base;

static void note_event(struct man_events *e, const char *type, const char *date)
{
	if (e->count == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->items = realloc(e->items, (size_t)e->cap * sizeof *e->items);
		if (!e->items)
			exit(1);
	}
	snprintf(e->items[e->count].type, sizeof e->items[0].type, "%s", type);
	snprintf(e->items[e->count].date, sizeof e->items[0].date, "%s", date);
	e->count++;
}

static int base_phase = 1;

static void reg_write(struct reg *g, long man, struct row *r)
{
	static const char *const fate_columns[][2] = {
		{ "capture_date", "capture" }, { "internment_date", "internment" },
		{ "liberation_date", "liberation" }, { "handover_date", "handover" },
		{ "repatriation_date", "repatriation" }, { "release_date", "release" },
		{ "last_seen_date", "last_seen" }, { "death_date", "death" },
	};
	g->records++;
	set(r, "record_id", "%s-%06ld", g->prefix, g->records);
	set(r, "source", "%s", g->key);
	set(r, "sex", "M");
	for (size_t i = 0; i < N_COLUMNS; i++) {
		if (i)
			fputc(',', g->f);
		put_csv(g->f, r->cell[i]);
	}
	fputc('\n', g->f);
	fprintf(truth, "%s,%s,%ld\n", g->key, r->cell[col("record_id")], man + 1);
	for (size_t i = 0; i < sizeof fate_columns / sizeof *fate_columns; i++) {
		const char *d = r->cell[col(fate_columns[i][0])];
		int has = *d || (!strcmp(fate_columns[i][1], "internment") &&
				 *r->cell[col("internment_camp")]) ||
			  (!strcmp(fate_columns[i][1], "last_seen") && *r->cell[col("last_seen_camp")]) ||
			  (!strcmp(fate_columns[i][1], "death") && *r->cell[col("death_place")]) ||
			  (!strcmp(fate_columns[i][1], "repatriation") &&
			   *r->cell[col("repatriation_place")]);
		if (!has)
			continue;
		note_event(&man_ev[man], fate_columns[i][1], d);
		if (base_phase)
			note_event(&man_ev_base[man], fate_columns[i][1], d);
	}
	if (*r->cell[col("burial_place")]) {
		note_event(&man_ev[man], "burial", "");
		if (base_phase)
			note_event(&man_ev_base[man], "burial", "");
	}
	man_ev[man].in_base |= base_phase;
}

/* ---- a man's fields, as one clerk wrote them ------------------------------------------ */

static void name_latin(const struct man *m, int initials, int nick, int caps, int typo,
		       char *surname, char *given)
{
	const struct given *g = &givens[m->given[0]];
	const char *first = g->name;
	snprintf(surname, 64, "%s", m->surname);
	if (typo)
		misspell(surname);
	if (caps)
		upper(surname);
	if (nick) {
		int k = 0;
		while (k < 3 && g->nick[k])
			k++;
		if (k)
			first = g->nick[rnd((uint32_t)k)];
	}
	if (initials) {
		if (m->given[1] >= 0 && chance(0.7))
			snprintf(given, 64, "%c. %c.", g->name[0], givens[m->given[1]].name[0]);
		else
			snprintf(given, 64, "%c.", g->name[0]);
	} else if (m->given[1] >= 0 && chance(0.6)) {
		snprintf(given, 64, "%s %s", first, givens[m->given[1]].name);
	} else {
		snprintf(given, 64, "%s", first);
	}
}

static void birth_date(const struct man *m, int precision, double swap, double year_off,
		       char *out)
{
	int y = m->birth_y, mo = m->birth_m, d = m->birth_d;
	if (chance(year_off))
		y += chance(0.5) ? 1 : -1;
	if (d <= 12 && d != mo && chance(swap)) {
		int t = d;
		d = mo;
		mo = t;
	}
	if (precision == 0)
		snprintf(out, 16, "%d", y);
	else if (precision == 1)
		snprintf(out, 16, "%02d.%02d.%d", d, mo, y);
	else
		snprintf(out, 16, "%d-%02d-%02d", y, mo, d);
}

static void service_number(const struct man *m, double swap, char *out)
{
	size_t n = strlen(m->sn);
	snprintf(out, 16, "%s", m->sn);
	if (n >= 2 && chance(swap)) {
		size_t i = rnd((uint32_t)(n - 1));
		size_t j = chance(0.7) ? i + 1 : rnd((uint32_t)n);
		char t = out[i];
		if (out[i] == out[j])
			j = (i + 1) % n;
		out[i] = out[j];
		out[j] = t;
	}
}

static const char *camp_name(int camp)
{
	const struct camp *c = &german_camps[camp];
	int k = 0;
	while (k < 4 && c->names[k])
		k++;
	return c->names[chance(0.6) ? 0 : rnd((uint32_t)k)];
}

static void unit_text(const struct man *m, int abbreviated, char *out)
{
	const char *u = nations[m->nation].units[m->unit];
	static const char *const ord[] = { "th", "st", "nd", "rd" };
	int no = m->unit_no;
	const char *suffix = (no % 10 < 4 && (no / 10) % 10 != 1) ? ord[no % 10] : "th";
	if (strchr(u, '/') || strstr(u, "Division") || strstr(u, "Squadron") || strstr(u, "Force") ||
	    strstr(u, "Regiment of") || strstr(u, "Battalion"))
		snprintf(out, 128, "%s", u);
	else if (abbreviated)
		snprintf(out, 128, "%d Bn %s", no, u);
	else
		snprintf(out, 128, "%d%s Battalion, %s", no, suffix, u);
}

/* ---- the registers ---------------------------------------------------------------------- */

static struct reg capture = { "gen-capture-cards", "capture_cards.csv",
			      "German capture cards (Personalkarten), invented", NULL, 0, "PK" };
static struct reg camps = { "gen-camp-register", "camp_register.csv",
			    "Camp registers, invented", NULL, 0, "CR" };
static struct reg soviet = { "gen-soviet-cards", "soviet_cards.csv",
			     "Soviet card index (NKVD), invented, in Cyrillic", NULL, 0, "SU" };
static struct reg repat = { "gen-repatriation", "repatriation.csv",
			    "Repatriation lists, invented", NULL, 0, "RP" };
static struct reg dead = { "gen-war-dead", "war_dead.csv",
			   "War dead register, invented", NULL, 0, "WD" };
static struct reg redcross = { "gen-red-cross", "red_cross.csv",
			       "Red Cross enquiry cards, invented (a later register)", NULL, 0, "RC" };

static void write_capture_card(long i)
{
	struct man *m = &men[i];
	struct row r;
	char s[64], g[64], d[16], sn[16], unit[128];
	memset(&r, 0, sizeof r);
	name_latin(m, chance(0.05), 0, chance(0.7), chance(0.04), s, g);
	set(&r, "surname", "%s", s);
	set(&r, "given_names", "%s", g);
	set(&r, "nationality", "%s", nations[m->nation].code);
	if (!chance(0.04)) {
		birth_date(m, 1, 0.03, 0.02, d);
		set(&r, "birth_date", "%s", d);
	}
	if (!chance(0.05)) {
		service_number(m, 0.03, sn);
		set(&r, "service_number", "%s", sn);
	}
	if (!chance(0.25)) {
		unit_text(m, 0, unit);
		set(&r, "unit", "%s", unit);
	}
	set(&r, "rank", "%s", chance(0.7) ? "Pte" : chance(0.5) ? "Cpl" : "Sgt");
	set(&r, "capture_date", "%02d.%02d.%d", m->capture_d, m->capture_m, m->capture_y);
	set(&r, "capture_place", "%s", m->capture_place);
	set(&r, "internment_camp", "%s", camp_name(m->camps[0]));
	if (m->fate == DIED_GERMANY && chance(0.3)) {
		set(&r, "death_date", "%d-%02d-%02d", m->death_y, m->death_m, m->death_d);
		set(&r, "death_camp", "%s", camp_name(m->camps[m->camp_count - 1]));
	}
	reg_write(&capture, i, &r);
}

static void write_camp_row(long i, int k)
{
	struct man *m = &men[i];
	const struct camp *c = &german_camps[m->camps[k]];
	struct row r;
	char s[64], g[64], d[16], sn[16];
	memset(&r, 0, sizeof r);
	name_latin(m, chance(0.5), chance(0.15), chance(0.3), chance(0.05), s, g);
	set(&r, "surname", "%s", s);
	set(&r, "given_names", "%s", g);
	if (!chance(0.2))
		set(&r, "nationality", "%s", nations[m->nation].code);
	if (chance(0.5)) {
		birth_date(m, 2, 0.04, 0.03, d);
		set(&r, "birth_date", "%s", d);
	}
	if (!chance(0.1)) {
		service_number(m, 0.04, sn);
		set(&r, "service_number", "%s", sn);
	}
	set(&r, "internment_camp", "%s", camp_name(m->camps[k]));
	set(&r, "internment_date", "%d", m->capture_y + k);
	if (k == m->camp_count - 1 && m->fate != DIED_GERMANY && m->fate != LOST && chance(0.6)) {
		set(&r, "liberation_date", "%s", c->liberated);
		set(&r, "liberation_camp", "%s", camp_name(m->camps[k]));
	}
	if (k == m->camp_count - 1 && m->fate == DIED_GERMANY && chance(0.5))
		set(&r, "death_date", "%d-%02d-%02d", m->death_y, m->death_m, m->death_d);
	reg_write(&camps, i, &r);
}

static void write_soviet_card(long i)
{
	struct man *m = &men[i];
	struct row r;
	char s[120], g[120], tmp[64];
	int h_as_g = chance(0.5), w_as_v = chance(0.35);
	memset(&r, 0, sizeof r);
	if (m->surname_cyr && chance(0.8)) {
		clerk_variant(m->surname_cyr, s, sizeof s);
	} else {
		snprintf(tmp, sizeof tmp, "%s", m->surname);
		if (chance(0.06))
			misspell(tmp);
		cyrillic_of(tmp, h_as_g, w_as_v, s, sizeof s);
	}
	if (chance(0.85))
		clerk_variant(givens[m->given[0]].cyrillic, g, sizeof g);
	else
		cyrillic_of(givens[m->given[0]].name, h_as_g, w_as_v, g, sizeof g);
	set(&r, "surname", "%s", s);
	set(&r, "given_names", "%s", g);
	set(&r, "nationality", "%s", nations[m->nation].code);
	if (!chance(0.1))
		set(&r, "birth_date", "%d", chance(0.05) ? m->birth_y + (chance(0.5) ? 1 : -1)
							 : m->birth_y);
	if (chance(0.1)) {
		char sn[16];
		service_number(m, 0.1, sn);
		set(&r, "service_number", "%s", sn);
	}
	set(&r, "liberation_date", "%s", german_camps[m->camps[m->camp_count - 1]].liberated);
	set(&r, "liberation_camp", "%s", camp_name(m->camps[m->camp_count - 1]));
	switch (m->fate) {
	case RED_ARMY_HOME:
		set(&r, "handover_date", "1945-05-%02d", 20 + (int)rnd(9));
		set(&r, "handover_place", "%s", chance(0.5) ? "Halle" : "Odessa");
		break;
	case SOVIET_RELEASED:
		set(&r, "internment_camp", "%s", soviet_camps[m->soviet_camp]);
		set(&r, "internment_date", "1945");
		set(&r, "release_date", "%d", m->release_y);
		break;
	case SOVIET_DIED:
		set(&r, "internment_camp", "%s", soviet_camps[m->soviet_camp]);
		set(&r, "internment_date", "1945");
		set(&r, "death_date", "%d-%02d", m->death_y, m->death_m);
		set(&r, "death_camp", "%s", soviet_camps[m->soviet_camp]);
		break;
	case SOVIET_LOST:
		set(&r, "internment_camp", "%s", soviet_camps[m->soviet_camp]);
		set(&r, "internment_date", "1945");
		set(&r, "last_seen_date", "%d", 1946 + (int)rnd(5));
		set(&r, "last_seen_camp", "%s", soviet_camps[m->soviet_camp]);
		break;
	default:
		break;
	}
	reg_write(&soviet, i, &r);
}

static void write_repatriation(long i, struct reg *g_reg)
{
	struct man *m = &men[i];
	struct row r;
	char s[64], g[64], sn[16], unit[128];
	memset(&r, 0, sizeof r);
	name_latin(m, chance(0.6), chance(0.1), chance(0.5), chance(0.04), s, g);
	set(&r, "surname", "%s", s);
	set(&r, "given_names", "%s", g);
	set(&r, "nationality", "%s", nations[m->nation].code);
	if (!chance(0.05)) {
		service_number(m, 0.03, sn);
		set(&r, "service_number", "%s", sn);
	}
	if (chance(0.5)) {
		unit_text(m, 1, unit);
		set(&r, "unit", "%s", unit);
	}
	set(&r, "rank", "%s", chance(0.7) ? "Pte" : "L/Cpl");
	if (m->fate == SOVIET_RELEASED) {
		set(&r, "repatriation_date", "%d", m->release_y);
		set(&r, "repatriation_place", "%s", "Harwich");
	} else {
		set(&r, "repatriation_date", "1945-%02d-%02d", 5 + (int)rnd(2), 1 + (int)rnd(28));
		set(&r, "repatriation_place", "%s", chance(0.5) ? "Brussels" : "Reception camp");
	}
	reg_write(g_reg, i, &r);
}

static void write_war_dead(long i)
{
	struct man *m = &men[i];
	struct row r;
	char s[64], g[64], sn[16], d[16], unit[128];
	memset(&r, 0, sizeof r);
	name_latin(m, chance(0.3), 0, chance(0.2), chance(0.03), s, g);
	set(&r, "surname", "%s", s);
	set(&r, "given_names", "%s", g);
	set(&r, "nationality", "%s", nations[m->nation].code);
	if (!chance(0.05)) {
		service_number(m, 0.02, sn);
		set(&r, "service_number", "%s", sn);
	}
	if (chance(0.3)) {
		birth_date(m, 2, 0.02, 0.02, d);
		set(&r, "birth_date", "%s", d);
	}
	if (!chance(0.2)) {
		unit_text(m, 0, unit);
		set(&r, "unit", "%s", unit);
	}
	if (m->fate == SOVIET_DIED)
		set(&r, "death_date", "%d", m->death_y);
	else
		set(&r, "death_date", "%d-%02d-%02d", m->death_y, m->death_m, m->death_d);
	set(&r, "burial_place", "%s", m->fate == SOVIET_DIED ? "Commemorated, no known grave"
				: "Berlin 1939-1945 War Cemetery");
	reg_write(&dead, i, &r);
}

/* A later register: Red Cross enquiry cards about men of any fate. */
static void write_red_cross(long i)
{
	struct man *m = &men[i];
	struct row r;
	char s[64], g[64], sn[16], d[16];
	memset(&r, 0, sizeof r);
	name_latin(m, chance(0.3), chance(0.1), chance(0.4), chance(0.05), s, g);
	set(&r, "surname", "%s", s);
	set(&r, "given_names", "%s", g);
	set(&r, "nationality", "%s", nations[m->nation].code);
	if (chance(0.6)) {
		birth_date(m, 1, 0.03, 0.03, d);
		set(&r, "birth_date", "%s", d);
	}
	if (chance(0.7)) {
		service_number(m, 0.03, sn);
		set(&r, "service_number", "%s", sn);
	}
	set(&r, "internment_camp", "%s", camp_name(m->camps[rnd((uint32_t)m->camp_count)]));
	if (m->fate == RETURNED || m->fate == RED_ARMY_HOME)
		set(&r, "repatriation_date", "1945");
	reg_write(&redcross, i, &r);
}

/* ---- making the men ------------------------------------------------------------------------ */

static void make_man(long i, long pool)
{
	struct man *m = &men[i];
	double u = (rnd(1000000) + 0.5) / 1000000.0, acc = 0;
	static const double fate_share[FATE_COUNT] = { 0.66, 0.10, 0.08, 0.02, 0.01, 0.015, 0.115 };

	memset(m, 0, sizeof *m);
	if (chance(0.25)) {
		/* Smith about 1 in 100, as in Britain */
		uint32_t k = skewed(N_COMMON, 1.5);
		snprintf(m->surname, sizeof m->surname, "%s", common_surnames[k][0]);
		m->surname_cyr = common_surnames[k][1];
	} else {
		tail_surname((uint32_t)(skewed((uint32_t)pool, 1.5) * 7919u % 103680u), m->surname,
			     sizeof m->surname);
	}
	m->given[0] = (int)skewed(N_GIVEN, 2.0);
	m->given[1] = chance(0.5) ? (int)rnd(N_GIVEN) : -1;
	for (m->nation = 0; m->nation + 1 < (int)N_NATIONS; m->nation++) {
		acc += nations[m->nation].share;
		if (u <= acc)
			break;
	}
	m->unit = (int)rnd(6);
	m->unit_no = 1 + (int)rnd(40);
	m->birth_y = 1905 + (int)rnd(22);
	m->birth_m = 1 + (int)rnd(12);
	m->birth_d = 1 + (int)rnd(28);
	/* a service number unique to the man: his index spread over the digits */
	{
		int digits = nations[m->nation].sn_digits;
		uint64_t span = 1, v;
		for (int k = 0; k < digits - 1; k++)
			span *= 10;
		v = span + ((uint64_t)i * 7919u + (uint64_t)m->nation * 104729u) % (span * 9);
		snprintf(m->sn, sizeof m->sn, "%llu", (unsigned long long)v);
	}
	m->capture_y = 1940 + (int)rnd(5);
	m->capture_m = 1 + (int)rnd(12);
	m->capture_d = 1 + (int)rnd(28);
	m->capture_place = capture_places[rnd(sizeof capture_places / sizeof *capture_places)];
	m->camp_count = 1 + (int)rnd(3);
	for (int k = 0; k < m->camp_count; k++)
		m->camps[k] = (int)rnd(N_GERMAN);
	u = (rnd(1000000) + 0.5) / 1000000.0;
	acc = 0;
	for (int f = 0; f < FATE_COUNT; f++) {
		acc += fate_share[f];
		if (u <= acc || f == FATE_COUNT - 1) {
			m->fate = (enum fate)f;
			break;
		}
	}
	/* the Red Army's prisoners were in the camps it liberated */
	if (m->fate == RED_ARMY_HOME || m->fate == SOVIET_RELEASED || m->fate == SOVIET_DIED ||
	    m->fate == SOVIET_LOST) {
		static const int eastern[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
		m->camps[m->camp_count - 1] = eastern[rnd(8)];
	}
	m->soviet_camp = (int)rnd(N_SOVIET);
	m->release_y = 1953 + (int)rnd(4);
	if (m->fate == DIED_GERMANY) {
		m->death_y = m->capture_y + 1 + (int)rnd((uint32_t)(1946 - m->capture_y - 1));
		if (m->death_y > 1945)
			m->death_y = 1945;
		m->death_m = m->death_y == 1945 ? 1 + (int)rnd(4) : 1 + (int)rnd(12);
		m->death_d = 1 + (int)rnd(28);
	} else if (m->fate == SOVIET_DIED) {
		m->death_y = 1945 + 1 + (int)rnd(6);
		m->death_m = 1 + (int)rnd(12);
		m->death_d = 1 + (int)rnd(28);
	}
}

/* namesakes: a man with the name and birth year of another, but his own
 * birthday, service number, unit and story */
static void make_namesake(long i, long of)
{
	memcpy(men[i].surname, men[of].surname, sizeof men[i].surname);
	men[i].surname_cyr = men[of].surname_cyr;
	men[i].given[0] = men[of].given[0];
	men[i].given[1] = chance(0.5) ? men[of].given[1] : men[i].given[1];
	men[i].birth_y = men[of].birth_y;
}

/* ---- the truth ----------------------------------------------------------------------------- */

static int derive_unaccounted(const struct man_events *e)
{
	pt_status_event ev[64];
	pt_status status;
	int n = e->count < 64 ? e->count : 64;
	for (int k = 0; k < n; k++) {
		pt_date d;
		memset(&ev[k], 0, sizeof ev[k]);
		ev[k].type = e->items[k].type;
		if (e->items[k].date[0] &&
		    pt_date_parse_archival(&d, e->items[k].date, PT_DATE_ORDER_DMY, 1900, NULL) ==
			    PT_OK) {
			ev[k].date = e->items[k].date;
			ev[k].date_min = d.min;
			ev[k].date_max = d.max;
			ev[k].has_min = (d.flags & PT_DATE_HAS_MIN) != 0;
			ev[k].has_max = (d.flags & PT_DATE_HAS_MAX) != 0;
		}
	}
	if (pt_status_derive(ev, (size_t)n, &status, NULL, NULL))
		return 0;
	return status == PT_STATUS_UNACCOUNTED;
}

static int usage(void)
{
	fputs("usage: gen_registers [-n MEN] [--seed S] [--extra K] OUTDIR\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	long n = 1000, extra = 0, records_base = 0;
	unsigned long long seed = 1945;
	struct reg *regs[] = { &capture, &camps, &soviet, &repat, &dead };
	char path[4096];
	FILE *f;
	long unaccounted = 0, unaccounted_base = 0, pairs = 0, pairs_base = 0;
	long *per_man, *per_man_base;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--extra") && i + 1 < argc)
			extra = strtol(argv[++i], NULL, 10);
		else if (argv[i][0] != '-' && !outdir)
			outdir = argv[i];
		else
			return usage();
	}
	if (!outdir || n < 1 || extra < 0)
		return usage();
	rng_state = seed * 2654435761ULL + 88172645463325252ULL;
	if (mkdir(outdir, 0777) && errno != EEXIST) {
		fprintf(stderr, "gen_registers: %s: %s\n", outdir, strerror(errno));
		return 1;
	}
	men_count = n;
	men = calloc((size_t)n, sizeof *men);
	man_ev = calloc((size_t)n, sizeof *man_ev);
	man_ev_base = calloc((size_t)n, sizeof *man_ev_base);
	per_man = calloc((size_t)n, sizeof *per_man);
	per_man_base = calloc((size_t)n, sizeof *per_man_base);
	if (!men || !man_ev || !man_ev_base || !per_man || !per_man_base)
		return 1;
	for (long i = 0; i < n; i++) {
		make_man(i, n / 3 + 100);
		if (i > 10 && chance(0.03))
			make_namesake(i, (long)rnd((uint32_t)i));
	}

	snprintf(path, sizeof path, "%s/sources.json", outdir);
	if (!(f = fopen(path, "w")))
		return 1;
	fputs("{\"sources\": [\n", f);
	for (size_t k = 0; k < sizeof regs / sizeof *regs; k++)
		fprintf(f, "  {\"key\": \"%s\", \"kind\": \"register\", \"title\": \"%s\"},\n",
			regs[k]->key, regs[k]->title);
	fprintf(f, "  {\"key\": \"%s\", \"kind\": \"register\", \"title\": \"%s\"}\n]}\n",
		redcross.key, redcross.title);
	fclose(f);
	snprintf(path, sizeof path, "%s/truth.csv", outdir);
	if (!(truth = fopen(path, "w")))
		return 1;
	fputs("source,record_id,man\n", truth);
	for (size_t k = 0; k < sizeof regs / sizeof *regs; k++)
		reg_open(regs[k]);

	for (long i = 0; i < n; i++) {
		struct man *m = &men[i];
		int eastern = m->fate == RED_ARMY_HOME || m->fate == SOVIET_RELEASED ||
			      m->fate == SOVIET_DIED || m->fate == SOVIET_LOST;
		if (chance(0.85))
			write_capture_card(i);
		for (int k = 0; k < m->camp_count; k++)
			if (chance(0.3))
				write_camp_row(i, k);
		if (eastern && chance(m->fate == RED_ARMY_HOME ? 0.6 : 0.92))
			write_soviet_card(i);
		if ((m->fate == RETURNED || m->fate == RED_ARMY_HOME) && chance(0.88))
			write_repatriation(i, &repat);
		if (m->fate == SOVIET_RELEASED && chance(0.7))
			write_repatriation(i, &repat);
		if ((m->fate == DIED_GERMANY && chance(0.92)) || (m->fate == SOVIET_DIED && chance(0.5)))
			write_war_dead(i);
	}
	for (long i = 0; i < n; i++)
		per_man_base[i] = man_ev[i].in_base ? 0 : -1;
	for (size_t k = 0; k < sizeof regs / sizeof *regs; k++) {
		records_base += regs[k]->records;
		fclose(regs[k]->f);
	}
	base_phase = 0;
	if (extra > 0) {
		reg_open(&redcross);
		for (long k = 0; k < extra; k++)
			write_red_cross((long)rnd((uint32_t)n));
		fclose(redcross.f);
	}
	fclose(truth);

	/* true pairs and the unaccounted for, from the truth file's counts */
	snprintf(path, sizeof path, "%s/truth.csv", outdir);
	if ((f = fopen(path, "r"))) {
		char line[512];
		if (fgets(line, sizeof line, f)) {
			while (fgets(line, sizeof line, f)) {
				char *c = strrchr(line, ',');
				long man = c ? strtol(c + 1, NULL, 10) - 1 : -1;
				if (man < 0 || man >= n)
					continue;
				per_man[man]++;
				if (strncmp(line, redcross.key, strlen(redcross.key)))
					per_man_base[man]++;
			}
		}
		fclose(f);
	}
	for (long i = 0; i < n; i++) {
		pairs += per_man[i] * (per_man[i] - 1) / 2;
		if (per_man_base[i] > 0)
			pairs_base += per_man_base[i] * (per_man_base[i] - 1) / 2;
		if (per_man[i] > 0)
			unaccounted += derive_unaccounted(&man_ev[i]);
		if (per_man_base[i] > 0)
			unaccounted_base += derive_unaccounted(&man_ev_base[i]);
	}
	snprintf(path, sizeof path, "%s/truth.txt", outdir);
	if (!(f = fopen(path, "w")))
		return 1;
	{
		long men_base = 0, men_all = 0;
		for (long i = 0; i < n; i++) {
			men_base += per_man_base[i] > 0;
			men_all += per_man[i] > 0;
		}
		fprintf(f, "men %ld\nrecords %ld\npairs %ld\nunaccounted %ld\n", men_base, records_base,
			pairs_base, unaccounted_base);
		if (extra > 0)
			fprintf(f, "men_with_extra %ld\nrecords_with_extra %ld\npairs_with_extra %ld\n"
				"unaccounted_with_extra %ld\n", men_all, records_base + redcross.records,
				pairs, unaccounted);
	}
	fclose(f);
	for (long i = 0; i < n; i++) {
		free(man_ev[i].items);
		free(man_ev_base[i].items);
	}
	free(man_ev);
	free(man_ev_base);
	free(per_man);
	free(per_man_base);
	free(men);
	return 0;
}

/*
 * date_archival.c - dates as archival registers write them ("12.4.45",
 * "Apr. 1945", "23rd April 1945", "c. 1920", "1944/45", "?.5.1945",
 * "spring 1945", "before 1946") turned into EDTF, which pt_date_parse() then
 * checks and bounds, so that an impossible day is refused with the same words
 * as in EDTF ("day 31 out of range for 1920-02").
 *
 * The text is cut into tokens (numbers, words, "?" marks); qualifier words
 * ("c.", "about", "before", "early", "Mitte", ...) are taken off the front,
 * and what is left must be one of a few shapes: year; season year; month
 * year; day month year (in words or in numbers, in the declared order);
 * month/year in numbers; a range of years ("1944/45"); or two of these
 * joined by a dash or a word ("10-12 April 1944", "April-May 1945", "from
 * 3 to 9 May 1945"), the first completed from the second.
 *
 * A two-digit year is read in the century the caller fixes, or else in the
 * one that puts it in the period the date belongs to (a birth 1870-1930, a
 * capture 1939-1945, a release up to 1956): "3.4.99" as a birth is 1899.
 * Words that say the date is not known ("n.k.", "unknown", "?", "k.A.",
 * "unbekannt", "inconnu", "onbekend", "nieznany") are no date at all.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

#define MAX_TOKENS 12

enum tok_kind { T_NUM, T_WORD, T_UNKNOWN };

struct token {
	enum tok_kind kind;
	long value;        /* T_NUM */
	int digits;        /* T_NUM: how many digits were written */
	char word[32];     /* T_WORD: lower case, dots dropped */
	char after;        /* the separator that followed: '.', '/', '-', ' ', ',' or 0 */
	int dash;          /* a dash followed (among other separators): "10.-12.4." */
};

/* How two-digit years are read: a fixed century, or the period the date
 * belongs to. */
struct years {
	int century;       /* 1900: 45 is 1945; 0: the period decides */
	int first, last;   /* the period */
};

static _Thread_local char why_buf[120];

/* ---- words --------------------------------------------------------- */

struct word { const char *text; int value; };

/* months 1-12 in English, German, French and Russian (nominative and
 * genitive), with their usual abbreviations */
static const struct word month_words[] = {
	{"january", 1}, {"jan", 1}, {"januar", 1}, {"jänner", 1}, {"janner", 1},
	{"janvier", 1}, {"janv", 1}, {"январь", 1}, {"января", 1}, {"янв", 1},
	{"february", 2}, {"feb", 2}, {"febr", 2}, {"februar", 2}, {"feber", 2},
	{"février", 2}, {"fevrier", 2}, {"févr", 2}, {"fevr", 2}, {"февраль", 2},
	{"февраля", 2}, {"фев", 2}, {"февр", 2},
	{"march", 3}, {"mar", 3}, {"märz", 3}, {"maerz", 3}, {"marz", 3}, {"mrz", 3},
	{"mars", 3}, {"март", 3}, {"марта", 3}, {"мар", 3},
	{"april", 4}, {"apr", 4}, {"avril", 4}, {"avr", 4}, {"апрель", 4}, {"апреля", 4},
	{"апр", 4},
	{"may", 5}, {"mai", 5}, {"май", 5}, {"мая", 5},
	{"june", 6}, {"jun", 6}, {"juni", 6}, {"juin", 6}, {"июнь", 6}, {"июня", 6},
	{"июн", 6},
	{"july", 7}, {"jul", 7}, {"juli", 7}, {"juillet", 7}, {"juil", 7}, {"июль", 7},
	{"июля", 7}, {"июл", 7},
	{"august", 8}, {"aug", 8}, {"août", 8}, {"aout", 8}, {"август", 8}, {"августа", 8},
	{"авг", 8},
	{"september", 9}, {"sep", 9}, {"sept", 9}, {"septembre", 9}, {"сентябрь", 9},
	{"сентября", 9}, {"сен", 9}, {"сент", 9},
	{"october", 10}, {"oct", 10}, {"oktober", 10}, {"okt", 10}, {"octobre", 10},
	{"октябрь", 10}, {"октября", 10}, {"окт", 10},
	{"november", 11}, {"nov", 11}, {"novembre", 11}, {"ноябрь", 11}, {"ноября", 11},
	{"ноя", 11}, {"нояб", 11},
	{"december", 12}, {"dec", 12}, {"dezember", 12}, {"dez", 12}, {"décembre", 12},
	{"decembre", 12}, {"déc", 12}, {"декабрь", 12}, {"декабря", 12}, {"дек", 12},
	/* Dutch */
	{"januari", 1}, {"februari", 2}, {"maart", 3}, {"mrt", 3}, {"mei", 5}, {"augustus", 8},
	/* Polish, nominative and genitive */
	{"styczeń", 1}, {"stycznia", 1}, {"sty", 1}, {"luty", 2}, {"lutego", 2}, {"lut", 2},
	{"marzec", 3}, {"marca", 3}, {"kwiecień", 4}, {"kwietnia", 4}, {"kwi", 4},
	{"maj", 5}, {"maja", 5}, {"czerwiec", 6}, {"czerwca", 6}, {"cze", 6},
	{"lipiec", 7}, {"lipca", 7}, {"lip", 7}, {"sierpień", 8}, {"sierpnia", 8}, {"sie", 8},
	{"wrzesień", 9}, {"września", 9}, {"wrz", 9}, {"październik", 10}, {"października", 10},
	{"paź", 10}, {"listopad", 11}, {"listopada", 11}, {"lis", 11}, {"grudzień", 12},
	{"grudnia", 12}, {"gru", 12},
	{NULL, 0},
};

/* EDTF seasons: 21 spring, 22 summer, 23 autumn, 24 winter */
static const struct word season_words[] = {
	{"spring", 21}, {"frühling", 21}, {"fruehling", 21}, {"frühjahr", 21},
	{"fruehjahr", 21}, {"printemps", 21}, {"весна", 21}, {"весной", 21},
	{"summer", 22}, {"sommer", 22}, {"été", 22}, {"ete", 22}, {"лето", 22}, {"летом", 22},
	{"autumn", 23}, {"fall", 23}, {"herbst", 23}, {"automne", 23}, {"осень", 23},
	{"осенью", 23},
	{"winter", 24}, {"hiver", 24}, {"зима", 24}, {"зимой", 24},
	{"voorjaar", 21}, {"lente", 21}, {"zomer", 22}, {"najaar", 23}, {"herfst", 23},
	{"wiosna", 21}, {"lato", 22}, {"jesień", 23}, {"zima", 24},
	{NULL, 0},
};

enum qualifier { Q_NONE, Q_APPROX, Q_BEFORE, Q_AFTER, Q_EARLY, Q_MID, Q_LATE };

static const struct word qualifier_words[] = {
	{"c", Q_APPROX}, {"ca", Q_APPROX}, {"circa", Q_APPROX}, {"about", Q_APPROX},
	{"abt", Q_APPROX}, {"approx", Q_APPROX}, {"approximately", Q_APPROX},
	{"around", Q_APPROX}, {"um", Q_APPROX}, {"etwa", Q_APPROX}, {"gegen", Q_APPROX},
	{"vers", Q_APPROX}, {"env", Q_APPROX}, {"environ", Q_APPROX}, {"около", Q_APPROX},
	{"ок", Q_APPROX}, {"примерно", Q_APPROX},
	{"before", Q_BEFORE}, {"bef", Q_BEFORE}, {"vor", Q_BEFORE}, {"avant", Q_BEFORE},
	{"до", Q_BEFORE},
	{"after", Q_AFTER}, {"aft", Q_AFTER}, {"nach", Q_AFTER}, {"après", Q_AFTER},
	{"apres", Q_AFTER}, {"после", Q_AFTER},
	/* Dutch and Polish */
	{"omstreeks", Q_APPROX}, {"omstr", Q_APPROX}, {"rond", Q_APPROX}, {"circa", Q_APPROX},
	{"około", Q_APPROX}, {"ok", Q_APPROX}, {"voor", Q_BEFORE}, {"vóór", Q_BEFORE},
	{"przed", Q_BEFORE}, {"na", Q_AFTER}, {"po", Q_AFTER},
	/* a part of the year or month: early, mid, late */
	{"early", Q_EARLY}, {"beginning", Q_EARLY}, {"start", Q_EARLY}, {"anfang", Q_EARLY},
	{"début", Q_EARLY}, {"debut", Q_EARLY}, {"begin", Q_EARLY}, {"początek", Q_EARLY},
	{"początku", Q_EARLY}, {"poczatek", Q_EARLY}, {"poczatku", Q_EARLY},
	{"mid", Q_MID}, {"middle", Q_MID}, {"mitte", Q_MID}, {"mi", Q_MID}, {"milieu", Q_MID},
	{"medio", Q_MID}, {"midden", Q_MID}, {"połowa", Q_MID}, {"połowie", Q_MID},
	{"polowa", Q_MID}, {"polowie", Q_MID},
	{"late", Q_LATE}, {"end", Q_LATE}, {"ende", Q_LATE}, {"fin", Q_LATE}, {"eind", Q_LATE},
	{"einde", Q_LATE}, {"koniec", Q_LATE}, {"końcu", Q_LATE}, {"koncu", Q_LATE},
	{NULL, 0},
};

/* What says the date is not known, folded to its letters ("n.k." -> "nk"). */
static const char *const unknown_words[] = {
	"nk", "notknown", "unknown", "unk", "unkn", "nknown", "ka", "keineangabe", "unbekannt",
	"unbek", "ohnedatum", "od", "inconnu", "inconnue", "sansdate", "sd", "nd", "nodate",
	"onbekend", "onb", "nieznany", "nieznana", "nieznane", "bd", "brakdanych",
	"неизвестно", "нетданных", "нд", "none", "nil", "na", "nn", "x", "xx", "xxx", NULL,
};

/* words that say nothing about the date: "the", "of", "г." (Russian "year") */
static const char *const filler_words[] = {
	"the", "of", "in", "im", "am", "den", "le", "г", "года", "год", "gg", "yr", "des",
	"du", "de", "van", "on", "r", "roku", NULL,
};

static int lookup(const struct word *table, const char *w)
{
	for (const struct word *t = table; t->text; t++)
		if (!strcmp(t->text, w))
			return t->value;
	return 0;
}

static int is_filler(const char *w)
{
	for (const char *const *f = filler_words; *f; f++)
		if (!strcmp(*f, w))
			return 1;
	return 0;
}

/* i..xii as a month, 0 if not */
static int roman_month(const char *w)
{
	static const char *const romans[] = {
		"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", NULL,
	};
	for (int m = 0; romans[m]; m++)
		if (!strcmp(romans[m], w))
			return m + 1;
	return 0;
}

/* ---- tokens --------------------------------------------------------- */

static int is_letter_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Separators between tokens: space, . / - , and the dashes – — (UTF-8). */
static size_t separator_at(const char *s, char *sep)
{
	unsigned char c = (unsigned char)*s;
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
		*sep = ' ';
		return 1;
	}
	if (c == '.' || c == '/' || c == '-' || c == ',' || c == ';' || c == '(' || c == ')') {
		*sep = (char)c;
		return 1;
	}
	if (c == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94)) {
		*sep = '-';
		return 3;
	}
	if (c == 0xc2 && (unsigned char)s[1] == 0xa0) { /* no-break space */
		*sep = ' ';
		return 2;
	}
	return 0;
}

/* Lower case in place for the Latin Extended-A letters (U+0100-U+017F: Ł,
 * Ń, Ś, Ź, Ż, Ą, Ę ...), which pt__utf8_lower leaves; two bytes each way. */
static void lower_extended_a(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		unsigned cp;
		if ((p[0] != 0xc4 && p[0] != 0xc5) || (p[1] & 0xc0) != 0x80)
			continue;
		cp = ((unsigned)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		/* upper and lower case alternate; the parity flips at U+0139 and U+0179 */
		if ((cp < 0x138 && !(cp & 1)) || (cp >= 0x139 && cp < 0x149 && (cp & 1)) ||
		    (cp >= 0x14a && cp < 0x178 && !(cp & 1)) || (cp >= 0x179 && cp < 0x17f && (cp & 1))) {
			if (cp == 0x130)
				continue; /* İ has no two-byte lower case of its own */
			cp++;
			p[0] = (unsigned char)(0xc0 | (cp >> 6));
			p[1] = (unsigned char)(0x80 | (cp & 0x3f));
		}
		p++;
	}
}

/* Reads a word (letters, any script) at *s into t; 0 if there is none or
 * it is too long. */
static int read_word(const char **s, struct token *t)
{
	size_t len = 0;
	if (!is_letter_byte((unsigned char)**s))
		return 0;
	while (is_letter_byte((unsigned char)**s) && !separator_at(*s, &(char){ 0 })) {
		if (len + 1 >= sizeof t->word)
			return 0;
		t->word[len++] = *(*s)++;
	}
	t->word[len] = '\0';
	pt__utf8_lower(t->word);
	lower_extended_a(t->word);
	t->kind = T_WORD;
	return 1;
}

/* Reads a number at *s, with an ordinal ending (23rd, 1st, 2e, 23-го). */
static int read_number(const char **s, struct token *t)
{
	const char *p = *s;
	long v = 0;
	int d = 0;
	while (*p >= '0' && *p <= '9') {
		if (d < 9)
			v = v * 10 + (*p - '0');
		d++;
		p++;
	}
	if (!strncmp(p, "st", 2) || !strncmp(p, "nd", 2) || !strncmp(p, "rd", 2) ||
	    !strncmp(p, "th", 2) || !strncmp(p, "er", 2))
		p += 2;
	else if (*p == 'e' && !is_letter_byte((unsigned char)p[1]))
		p += 1;
	else if (!strncmp(p, "-\xd0\xb3\xd0\xbe", 5)) /* -го */
		p += 5;
	if (is_letter_byte((unsigned char)*p) && !separator_at(p, &(char){ 0 }))
		return 0; /* 12abc */
	t->kind = T_NUM;
	t->value = v;
	t->digits = d;
	*s = p;
	return 1;
}

/* Cuts text into tokens. Returns the count, or -1 when the text holds
 * something that is not a date's (too many tokens, a long word). Sets
 * *question when a '?' ends the text. */
static int tokenize(const char *text, struct token *toks, int *question)
{
	const char *s = text;
	int n = 0;

	*question = 0;
	while (*s) {
		char sep = 0;
		size_t k = separator_at(s, &sep);
		if (k) {
			if (n > 0 && sep != ' ' && (toks[n - 1].after == 0 || toks[n - 1].after == ' '))
				toks[n - 1].after = sep;
			else if (n > 0 && toks[n - 1].after == 0)
				toks[n - 1].after = ' ';
			if (n > 0 && sep == '-')
				toks[n - 1].dash = 1;
			s += k;
			continue;
		}
		if (n == MAX_TOKENS)
			return -1;
		memset(&toks[n], 0, sizeof toks[n]);
		if (*s >= '0' && *s <= '9') {
			if (!read_number(&s, &toks[n]))
				return -1;
		} else if (*s == '?' || *s == 'X' || *s == 'x') {
			/* "?", "??", "XX": an unknown day or month; "xii" is a word */
			const char *p = s;
			while (*p == '?' || *p == 'X' || *p == 'x')
				p++;
			if (is_letter_byte((unsigned char)*p) || (*p >= '0' && *p <= '9')) {
				if (!read_word(&s, &toks[n]))
					return -1;
			} else if (*s == '?' && !*p && n > 0) {
				*question = 1; /* "1920 ?" */
				s = p;
				continue;
			} else {
				toks[n].kind = T_UNKNOWN;
				s = p;
			}
		} else {
			if (!read_word(&s, &toks[n]))
				return -1;
			if (is_filler(toks[n].word))
				continue;
		}
		n++;
	}
	return n;
}

/* ---- shapes ---------------------------------------------------------- */

struct ymd {
	long year, month, day; /* 0: not given */
	int season;            /* 21-24, or 0 */
};

/* A written year: four digits as they are; two digits in the fixed
 * century, else in the century that puts the year in the period (or, when
 * none does, nearest to it: a capture in '15 is 1915). */
static long full_year(const struct token *t, const struct years *y)
{
	long best = 0, best_distance = 0;
	if (t->digits > 2)
		return t->value;
	if (y->century)
		return y->century + t->value;
	for (long c = 1800; c <= 2000; c += 100) {
		long year = c + t->value;
		long distance = year < y->first ? y->first - year : year > y->last ? year - y->last : 0;
		if (c == 1800 || distance < best_distance) {
			best = year;
			best_distance = distance;
		}
	}
	return best;
}

static int is_year(const struct token *t)
{
	return t->kind == T_NUM && (t->digits == 2 || t->digits == 4) && t->digits <= 4;
}

/* A month token: a month word, a Roman numeral, or a number. 0 if none;
 * -1 for an unknown ("?") month. */
static long month_of(const struct token *t)
{
	if (t->kind == T_UNKNOWN)
		return -1;
	if (t->kind == T_NUM)
		return t->digits <= 2 ? t->value : 0;
	if (t->kind == T_WORD) {
		int m = lookup(month_words, t->word);
		return m ? m : roman_month(t->word);
	}
	return 0;
}

static int is_month_word(const struct token *t)
{
	return t->kind == T_WORD && lookup(month_words, t->word);
}

static long day_of(const struct token *t)
{
	if (t->kind == T_UNKNOWN)
		return -1;
	return t->kind == T_NUM && t->digits <= 2 ? t->value : 0;
}

/* Reads tokens[0..n) as one date. Returns NULL or why not. */
static const char *read_date(const struct token *t, int n, int order, const struct years *y,
			     struct ymd *d)
{
	memset(d, 0, sizeof *d);
	if (n == 1 && t[0].kind == T_NUM && t[0].digits == 4) {
		d->year = t[0].value;
		return NULL;
	}
	if (n == 2 && t[0].kind == T_WORD && lookup(season_words, t[0].word) && is_year(&t[1])) {
		d->season = lookup(season_words, t[0].word);
		d->year = full_year(&t[1], y);
		return NULL;
	}
	if (n == 2 && is_month_word(&t[0]) && is_year(&t[1])) {
		d->month = lookup(month_words, t[0].word);
		d->year = full_year(&t[1], y);
		return NULL;
	}
	if (n == 2) { /* numbers: 4/45, 04.1945, IV.1945, 1945/4 (ymd or a 4-digit year first) */
		if (t[0].kind == T_NUM && t[0].digits == 4 && month_of(&t[1]) > 0) {
			d->year = t[0].value;
			d->month = month_of(&t[1]);
			return NULL;
		}
		if (month_of(&t[0]) && is_year(&t[1]) && t[0].after != ' ') {
			d->month = month_of(&t[0]);
			d->year = full_year(&t[1], y);
			if (d->month < 0)
				d->month = 0;
			return NULL;
		}
		return "not a date I can read";
	}
	if (n == 3 && is_month_word(&t[1]) && day_of(&t[0]) && is_year(&t[2])) {
		d->day = day_of(&t[0]);
		d->month = lookup(month_words, t[1].word);
		d->year = full_year(&t[2], y);
		return NULL;
	}
	if (n == 3 && is_month_word(&t[0]) && day_of(&t[1]) && is_year(&t[2])) {
		d->month = lookup(month_words, t[0].word);
		d->day = day_of(&t[1]);
		d->year = full_year(&t[2], y);
		return NULL;
	}
	if (n == 3) {
		const struct token *dt, *mt, *yt;
		if (t[0].kind == T_NUM && t[0].digits == 4) {
			yt = &t[0], mt = &t[1], dt = &t[2];
		} else if (order == PT_DATE_ORDER_MDY) {
			mt = &t[0], dt = &t[1], yt = &t[2];
		} else if (order == PT_DATE_ORDER_YMD) {
			yt = &t[0], mt = &t[1], dt = &t[2];
		} else {
			dt = &t[0], mt = &t[1], yt = &t[2];
		}
		if (!is_year(yt) || !month_of(mt) || !day_of(dt))
			return "not a date I can read";
		d->year = full_year(yt, y);
		d->month = month_of(mt);
		d->day = day_of(dt);
		if (d->month < 0) { /* ?.?.1945: the year alone */
			d->month = 0;
			d->day = 0;
		}
		if (d->day < 0)
			d->day = 0;
		return NULL;
	}
	return "not a date I can read";
}

static int format_ymd(char *buf, size_t size, const struct ymd *d)
{
	if (d->year < 0 || d->year > 9999)
		return snprintf(buf, size, "Y%ld", d->year);
	if (d->season)
		return snprintf(buf, size, "%04ld-%02d", d->year, d->season);
	if (d->month > 0 && d->day > 0)
		return snprintf(buf, size, "%04ld-%02ld-%02ld", d->year, d->month, d->day);
	if (d->month > 0)
		return snprintf(buf, size, "%04ld-%02ld", d->year, d->month);
	return snprintf(buf, size, "%04ld", d->year);
}

/* The day, month or year just before (step -1) or after (+1) d, at d's
 * precision; a season counts from its first or last month. */
static void step(struct ymd *d, int dir)
{
	static const int season_first[] = { 3, 6, 9, 12 }, season_last[] = { 5, 8, 11, 12 };
	if (d->season) {
		d->month = dir < 0 ? season_first[d->season - 21] : season_last[d->season - 21];
		d->season = 0;
	}
	if (d->day) {
		pt_date probe;
		char text[32];
		d->day += dir;
		if (d->day < 1) {
			d->month--;
			if (d->month < 1) {
				d->month = 12;
				d->year--;
			}
			for (d->day = 31; d->day > 28; d->day--) {
				format_ymd(text, sizeof text, d);
				if (!pt_date_parse(&probe, text, NULL))
					break;
			}
		} else {
			format_ymd(text, sizeof text, d);
			if (pt_date_parse(&probe, text, NULL)) {
				d->day = 1;
				if (++d->month > 12) {
					d->month = 1;
					d->year++;
				}
			}
		}
	} else if (d->month) {
		d->month += dir;
		if (d->month < 1) {
			d->month = 12;
			d->year--;
		} else if (d->month > 12) {
			d->month = 1;
			d->year++;
		}
	} else {
		d->year += dir;
	}
}

/* "1944/45", "1944-1945", "1944–45": a range of years; 1 if it is one. */
static int year_range(const struct token *t, int n, struct ymd *a, struct ymd *b)
{
	if (n != 2 || t[0].kind != T_NUM || t[0].digits != 4 || t[1].kind != T_NUM ||
	    (t[0].after != '/' && t[0].after != '-'))
		return 0;
	memset(a, 0, sizeof *a);
	memset(b, 0, sizeof *b);
	a->year = t[0].value;
	if (t[1].digits == 4) {
		b->year = t[1].value;
	} else if (t[1].digits == 2) {
		b->year = a->year / 100 * 100 + t[1].value;
		if (b->year < a->year)
			b->year += 100;
		if (b->year - a->year > 20)
			return 0; /* "1945-13" is a month out of range, not 1945-2013 */
	} else if (t[1].digits == 1) {
		b->year = a->year / 10 * 10 + t[1].value;
		if (b->year < a->year)
			b->year += 10;
	} else {
		return 0;
	}
	return b->year > a->year;
}

static int is_join_word(const char *w)
{
	static const char *const joins[] = {
		"and", "to", "till", "until", "bis", "und", "au", "à", "по", "tot", "en", "do", "i",
		"or", "oder", "ou", "of", NULL,
	};
	for (const char *const *j = joins; *j; j++)
		if (!strcmp(*j, w))
			return 1;
	return 0;
}

/* Splits "between A and B", "A to B", "from A to B", "A bis B" at the joining
 * word; returns its index or -1. */
static int joining_word(const struct token *t, int n)
{
	for (int i = 1; i < n - 1; i++)
		if (t[i].kind == T_WORD && is_join_word(t[i].word))
			return i;
	return -1;
}

/* The first part of a range, read with what it leaves out taken from the
 * second: "10" of "10-12 April 1944" is the 10th of that month, "April" of
 * "April-May 1945" is April of that year, "10 April" of "10 April - 2 May
 * 1945" is of that year. NULL when it reads so. */
static const char *read_first(const struct token *t, int n, int order, const struct years *y,
			      const struct ymd *second, struct ymd *d)
{
	memset(d, 0, sizeof *d);
	if (!read_date(t, n, order, y, d))
		return NULL;
	memset(d, 0, sizeof *d);
	if (n == 1 && t[0].kind == T_NUM && t[0].digits <= 2 && second->day) {
		d->day = t[0].value; /* a day of the second's month */
		d->month = second->month;
		d->year = second->year;
		return NULL;
	}
	if (n == 1 && t[0].kind == T_WORD && lookup(month_words, t[0].word) && second->month) {
		d->month = lookup(month_words, t[0].word);
		d->year = second->year;
		return NULL;
	}
	if (n == 1 && t[0].kind == T_WORD && lookup(season_words, t[0].word) && second->season) {
		d->season = lookup(season_words, t[0].word);
		d->year = second->year;
		return NULL;
	}
	if (n == 2 && second->day) {
		/* "10 April", "April 10", "10.4." */
		const struct token *dt = &t[0], *mt = &t[1];
		if (lookup(month_words, t[0].word) && t[0].kind == T_WORD)
			dt = &t[1], mt = &t[0];
		else if (order == PT_DATE_ORDER_MDY)
			dt = &t[1], mt = &t[0];
		if (day_of(dt) > 0 && month_of(mt) > 0) {
			d->day = day_of(dt);
			d->month = month_of(mt);
			d->year = second->year;
			return NULL;
		}
	}
	return "not a date I can read";
}

static int ymd_before(const struct ymd *a, const struct ymd *b)
{
	/* compare at the coarser precision: years, then months, then days */
	if (a->year != b->year)
		return a->year < b->year;
	if (!a->month || !b->month || a->season || b->season)
		return 1;
	if (a->month != b->month)
		return a->month < b->month;
	if (!a->day || !b->day)
		return 1;
	return a->day <= b->day;
}

/* Two dates joined at token j (a word: "10 to 12 April 1944") or after token
 * j-1 (a dash: "10-12 April 1944"): the interval, in edtf. */
static const char *read_range(const struct token *t, int n, int split, int skip, int order,
			      const struct years *y, char *edtf, size_t size)
{
	struct ymd a, b;
	char first[32], second[32];
	const char *problem;
	if (split < 1 || split + skip >= n)
		return "not a date I can read";
	if ((problem = read_date(t + split + skip, n - split - skip, order, y, &b)) ||
	    (problem = read_first(t, split, order, y, &b, &a)))
		return problem;
	if (!ymd_before(&a, &b))
		return "the range ends before it begins";
	format_ymd(first, sizeof first, &a);
	format_ymd(second, sizeof second, &b);
	snprintf(edtf, size, "%s/%s", first, second);
	return NULL;
}

/* "early", "mid", "late" a year or a month: its first, middle or last part
 * (four months of a year; days 1-10, 11-20, 21-end of a month). */
static void part_of(enum qualifier q, const struct ymd *d, char *edtf, size_t size)
{
	static const int first_month[] = { 1, 5, 9 }, last_month[] = { 4, 8, 12 };
	static const int first_day[] = { 1, 11, 21 }, last_day[] = { 10, 20, 31 };
	int k = q == Q_EARLY ? 0 : q == Q_MID ? 1 : 2;
	if (d->month > 0 && !d->day) {
		int last = last_day[k];
		if (k == 2) { /* the month's last day */
			pt_date probe;
			char text[32];
			for (; last > 28; last--) {
				snprintf(text, sizeof text, "%04ld-%02ld-%02d", d->year, d->month, last);
				if (!pt_date_parse(&probe, text, NULL))
					break;
			}
		}
		snprintf(edtf, size, "%04ld-%02ld-%02d/%04ld-%02ld-%02d", d->year, d->month,
			 first_day[k], d->year, d->month, last);
	} else {
		snprintf(edtf, size, "%04ld-%02d/%04ld-%02d", d->year, first_month[k], d->year,
			 last_month[k]);
	}
}

/* ---- roles and periods ------------------------------------------------------ */

static const struct {
	const char *name;
	int first, last;
} roles[PT_DATE_ROLE_COUNT] = {
	[PT_DATE_ROLE_OTHER] = { "other", 1900, 1999 },
	[PT_DATE_ROLE_BIRTH] = { "birth", 1870, 1930 },
	[PT_DATE_ROLE_CAPTURE] = { "capture", 1939, 1945 },
	[PT_DATE_ROLE_CAPTIVITY] = { "captivity", 1939, 1956 },
	[PT_DATE_ROLE_RELEASE] = { "release", 1943, 1956 },
	[PT_DATE_ROLE_DEATH] = { "death", 1939, 1999 },
};

const char *pt_date_role_name(pt_date_role role)
{
	return (unsigned)role < PT_DATE_ROLE_COUNT ? roles[role].name : NULL;
}

int pt_date_role_parse(const char *name, pt_date_role *out)
{
	for (int r = 0; r < PT_DATE_ROLE_COUNT; r++)
		if (name && !strcmp(name, roles[r].name)) {
			*out = (pt_date_role)r;
			return PT_OK;
		}
	return PT_EINVAL;
}

void pt_date_role_period(pt_date_role role, int *first, int *last)
{
	if ((unsigned)role >= PT_DATE_ROLE_COUNT)
		role = PT_DATE_ROLE_OTHER;
	*first = roles[role].first;
	*last = roles[role].last;
}

pt_date_role pt_date_role_of_event(const char *type)
{
	static const struct { const char *type; pt_date_role role; } events[] = {
		{ "capture", PT_DATE_ROLE_CAPTURE }, { "internment", PT_DATE_ROLE_CAPTIVITY },
		{ "transfer", PT_DATE_ROLE_CAPTIVITY }, { "liberation", PT_DATE_ROLE_CAPTIVITY },
		{ "handover", PT_DATE_ROLE_CAPTIVITY }, { "sighting", PT_DATE_ROLE_CAPTIVITY },
		{ "last_seen", PT_DATE_ROLE_CAPTIVITY }, { "repatriation", PT_DATE_ROLE_RELEASE },
		{ "release", PT_DATE_ROLE_RELEASE }, { "return", PT_DATE_ROLE_RELEASE },
		{ "death", PT_DATE_ROLE_DEATH }, { "burial", PT_DATE_ROLE_DEATH },
		{ "birth", PT_DATE_ROLE_BIRTH },
	};
	for (size_t i = 0; type && i < sizeof events / sizeof *events; i++)
		if (!strcmp(events[i].type, type))
			return events[i].role;
	return PT_DATE_ROLE_OTHER;
}

/* ---- the text says the date is not known ---------------------------------- */

int pt_date_is_unknown(const char *text)
{
	char key[64];
	size_t n = 0;
	int marks = 0;
	if (!text)
		return 0;
	for (const char *p = text; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '?' || c == '-' || c == '/' || c == '.' || c == '_')
			marks++;
		else if (c == 0xe2 && (unsigned char)p[1] == 0x80 &&
			 ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94)) {
			marks++; /* – — */
			p += 2;
		} else if (c != ' ' && c != '\t' && c != '(' && c != ')' && c != '[' && c != ']') {
			if (n + 1 >= sizeof key)
				return 0;
			key[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
	}
	key[n] = '\0';
	if (!n) /* "?", "??", "-", "—", "?.?.?" */
		return marks > 0 && strchr(text, '?') != NULL ? 1 : marks > 0 && marks <= 3;
	pt__utf8_lower(key);
	for (const char *const *w = unknown_words; *w; w++)
		if (!strcmp(*w, key))
			return 1;
	return 0;
}

/* ---- reading ------------------------------------------------------------------ */

int pt_date_read_archival(pt_date *out, const char *text, const pt_archival_options *opts,
			  const char **why)
{
	static const pt_archival_options defaults;
	struct token toks[MAX_TOKENS];
	struct ymd a, b;
	struct years y;
	const struct token *t = toks;
	char edtf[PT_DATE_TEXT_MAX], part[32];
	enum qualifier q = Q_NONE, part_q = Q_NONE;
	const char *problem = NULL, *edtf_why = NULL;
	int n, question = 0, approximate = 0, order;
	pt_date parsed;

	if (!opts)
		opts = &defaults;
	order = opts->order;
	pt_date_role_period(opts->role, &y.first, &y.last);
	y.century = opts->century;
	if (!text)
		text = "";
	while (*text == ' ' || *text == '\t')
		text++;
	if (!pt_date_parse(&parsed, text, NULL))
		goto done;
	if (strlen(text) > 80) {
		problem = "not a date I can read";
		goto fail;
	}
	if (pt_date_is_unknown(text)) {
		if (why)
			*why = "the date is not known";
		return PT_ENOTFOUND;
	}
	n = tokenize(text, toks, &question);
	if (n <= 0) {
		problem = n == 0 && !*text ? "empty" : "not a date I can read";
		goto fail;
	}
	/* qualifiers in front: "c.", "ca.", "about", "before", "after", "early" */
	while (n > 1 && t[0].kind == T_WORD) {
		int v = lookup(qualifier_words, t[0].word);
		if (v == Q_APPROX)
			approximate = 1;
		else if ((v == Q_EARLY || v == Q_MID || v == Q_LATE) && part_q == Q_NONE)
			part_q = (enum qualifier)v;
		else if (v && q == Q_NONE)
			q = (enum qualifier)v;
		else if (strcmp(t[0].word, "between") && strcmp(t[0].word, "from") &&
			 strcmp(t[0].word, "zwischen") && strcmp(t[0].word, "von") &&
			 strcmp(t[0].word, "vom") && strcmp(t[0].word, "du") &&
			 strcmp(t[0].word, "entre") && strcmp(t[0].word, "tussen") &&
			 strcmp(t[0].word, "van") && strcmp(t[0].word, "od") &&
			 strcmp(t[0].word, "między") && strcmp(t[0].word, "pomiędzy"))
			break;
		t++;
		n--;
	}

	if (year_range(t, n, &a, &b)) {
		snprintf(edtf, sizeof edtf, "%04ld/%04ld", a.year, b.year);
	} else if (joining_word(t, n) > 0) {
		if ((problem = read_range(t, n, joining_word(t, n), 1, order, &y, edtf, sizeof edtf)))
			goto fail;
	} else if ((problem = read_date(t, n, order, &y, &a))) {
		/* a dash between two dates: "10-12 April 1944", "April-May 1945" */
		int split = -1;
		for (int i = 0; i + 1 < n && split < 0; i++)
			if (t[i].dash || t[i].after == '/')
				split = i + 1;
		if (split < 0 || read_range(t, n, split, 0, order, &y, edtf, sizeof edtf))
			goto fail;
		problem = NULL;
	} else if (part_q != Q_NONE) {
		if (a.season || a.day) {
			problem = "early, mid or late goes with a year or a month";
			goto fail;
		}
		part_of(part_q, &a, edtf, sizeof edtf);
	} else if (q == Q_BEFORE) {
		step(&a, -1);
		format_ymd(part, sizeof part, &a);
		snprintf(edtf, sizeof edtf, "../%s", part);
	} else if (q == Q_AFTER) {
		step(&a, +1);
		format_ymd(part, sizeof part, &a);
		snprintf(edtf, sizeof edtf, "%s/..", part);
	} else {
		size_t len;
		format_ymd(edtf, sizeof edtf, &a);
		len = strlen(edtf);
		if (approximate || question)
			snprintf(edtf + len, sizeof edtf - len, "%s",
				 approximate && question ? "%" : approximate ? "~" : "?");
	}
	if (pt_date_parse(&parsed, edtf, &edtf_why)) {
		problem = edtf_why;
		goto fail;
	}
done:
	if (out)
		*out = parsed;
	return PT_OK;
fail:
	if (why) {
		snprintf(why_buf, sizeof why_buf, "%s", problem ? problem : "not a date I can read");
		*why = why_buf;
	}
	return PT_EINVAL;
}

int pt_date_parse_archival(pt_date *out, const char *text, int order, int century,
			   const char **why)
{
	pt_archival_options o = { order, PT_DATE_ROLE_OTHER, century > 0 ? century : 1900 };
	return pt_date_read_archival(out, text, &o, why);
}

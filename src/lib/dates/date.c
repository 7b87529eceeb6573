/*
 * date.c - EDTF dates (Library of Congress Extended Date/Time Format,
 * ISO 8601-2): parses a date or interval into the earliest and latest day it
 * can mean, and writes a day as ISO text.
 *
 * What is accepted:
 *  - level 0: YYYY, YYYY-MM, YYYY-MM-DD (proleptic Gregorian, year 0000 is a
 *    leap year, -0000 is not a year), YYYY-MM-DDThh:mm:ss with an optional
 *    zone Z, +hh, -hh, +hh:mm (the bounds are the day), intervals a/b;
 *  - level 1: negative years, 'Y' years of more than four digits, seasons
 *    21-24, a qualifier ~ ? % at the end of a date, unspecified digits X,
 *    open (..) and unknown (empty) interval ends;
 *  - the parts of level 2 that fit the bounds model: a qualifier before or
 *    after any component (2004?-06-~11), X in any digit (156X-12-25), seasons
 *    25-41, exponent and significant-digit years (Y17E7, 1950S2).
 * Not accepted: sets [..] and {..}, 'Y' and 'S' years and date-times as
 * interval ends, '^' season qualifiers, the old draft forms with 'u' and
 * parentheses.
 *
 * Bounds (pt_date.min/max) are days as year*10000 + month*100 + day. X digits
 * widen them to the earliest and latest valid day they allow; ~ ? % do not
 * widen anything. Seasons cover whole months in their year: 21 spring
 * Mar-May, 22 summer Jun-Aug, 23 autumn Sep-Nov, 24 winter December only
 * (as python-edtf does, so that a season never leaves its year); 25-32 the
 * same by hemisphere, 33-36 quarters, 37-39 thirds, 40-41 halves.
 *
 * An interval is refused when its start begins after its end begins: the
 * start's first day against the first day of the end taken at its own
 * precision (so 2004-06-11/2004-06 and 0000-02/0000 are refused, as UNT's
 * edtf-validate does). X digits in the end count in the interval's favour:
 * the end is then taken at the latest value its digits allow.
 *
 * Normalisation of pt_date.edtf is deliberately small: surrounding white
 * space is dropped and a final "?~" or "~?" (the 2012 draft's spelling of
 * "uncertain and approximate") becomes "%". Everything else is kept as given,
 * since per-component qualifiers cannot be moved to the end without changing
 * what they say.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

#define YEAR_MAX INT64_C(999999999999) /* keeps year*10000+1231 well in int64 */

enum end_kind { END_DATE, END_OPEN, END_UNKNOWN };
enum precision { PREC_YEAR, PREC_SEASON, PREC_MONTH, PREC_DAY };

/* One date: a whole pt_date, or one end of an interval. */
struct span {
	enum end_kind kind;
	int64_t min, max;
	int64_t last_start;       /* first day of the latest reading */
	unsigned flags;           /* APPROXIMATE, UNCERTAIN, UNSPECIFIED */
	const char *not_in_interval; /* why it cannot be an interval end */
	char text[PT_DATE_TEXT_MAX];
	size_t len;
};

/* First and last month of each season, 21-41. */
static const unsigned char season_months[21][2] = {
	{3, 5}, {6, 8}, {9, 11}, {12, 12},      /* 21-24 */
	{3, 5}, {6, 8}, {9, 11}, {12, 12},      /* 25-28 northern hemisphere */
	{9, 11}, {12, 12}, {3, 5}, {6, 8},      /* 29-32 southern hemisphere */
	{1, 3}, {4, 6}, {7, 9}, {10, 12},       /* 33-36 quarters */
	{1, 4}, {5, 8}, {9, 12},                /* 37-39 quadrimesters */
	{1, 6}, {7, 12},                        /* 40-41 semesters */
};

/* The message of the last failure in this thread: *why points here when the
 * phrase carries a value. */
static _Thread_local char why_buf[96];

static const char *why_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static const char *why_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why_buf, sizeof why_buf, fmt, ap);
	va_end(ap);
	return why_buf;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_pattern(char c)
{
	return is_digit(c) || c == 'X';
}

static bool is_qualifier(char c)
{
	return c == '~' || c == '?' || c == '%';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static unsigned qualifier_flags(char c)
{
	if (c == '~')
		return PT_DATE_APPROXIMATE;
	if (c == '?')
		return PT_DATE_UNCERTAIN;
	return PT_DATE_APPROXIMATE | PT_DATE_UNCERTAIN;
}

/* Consumes one qualifier at s[*i], if there is one. */
static void read_qualifier(const char *s, size_t n, size_t *i, unsigned *flags)
{
	if (*i < n && is_qualifier(s[*i])) {
		*flags |= qualifier_flags(s[*i]);
		(*i)++;
	}
}

static bool is_leap(int64_t year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

static int days_in_month(bool leap, int month)
{
	static const unsigned char days[13] = {
		0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	return month == 2 && leap ? 29 : days[month];
}

/* Whether v, written with `len` digits, matches pat (digits and 'X'). */
static bool pattern_match(const char *pat, int len, int v)
{
	for (int k = len - 1; k >= 0; k--, v /= 10)
		if (pat[k] != 'X' && pat[k] - '0' != v % 10)
			return false;
	return v == 0;
}

static int pattern_value(const char *pat, int len)
{
	int v = 0;
	for (int k = 0; k < len; k++)
		v = v * 10 + (pat[k] - '0');
	return v;
}

static bool has_x(const char *pat, int len)
{
	return memchr(pat, 'X', (size_t)len) != NULL;
}

/* The earliest (or latest) month*100+day, in a year of the given leapness,
 * whose month is allowed and whose day matches day_pat; 0 when none is. */
static int month_day_bound(const bool months[13], const char *day_pat,
	bool leap, bool latest)
{
	for (int k = 1; k <= 12; k++) {
		int month = latest ? 13 - k : k;
		int dim;
		if (!months[month])
			continue;
		dim = days_in_month(leap, month);
		for (int j = 1; j <= dim; j++) {
			int day = latest ? dim + 1 - j : j;
			if (pattern_match(day_pat, 2, day))
				return month * 100 + day;
		}
	}
	return 0;
}

/* The earliest (or latest) year that the four-character pattern allows and
 * in which md[leapness] (a month_day_bound) exists. */
static bool year_bound(const char *year_pat, bool negative, const int md[2],
	bool latest, int64_t *year, int *month_day)
{
	for (int k = 0; k <= 9999; k++) {
		int ascending = latest ? 9999 - k : k; /* rank by signed value */
		int digits = negative ? 9999 - ascending : ascending;
		int64_t y = negative ? -digits : digits;
		if ((negative && digits == 0) || !pattern_match(year_pat, 4, digits))
			continue;
		if (md[is_leap(y)]) {
			*year = y;
			*month_day = md[is_leap(y)];
			return true;
		}
	}
	return false;
}

/* Reads two digits at s[i]. */
static bool two_digits(const char *s, size_t n, size_t i, int *v)
{
	if (i + 2 > n || !is_digit(s[i]) || !is_digit(s[i + 1]))
		return false;
	*v = (s[i] - '0') * 10 + (s[i + 1] - '0');
	return true;
}

/* Reads "Thh:mm:ss" and an optional zone at s[*i]; NULL or why not. */
static const char *parse_time(const char *s, size_t n, size_t *i)
{
	size_t at = *i + 1;
	int hour, minute, second, zone_hour = 0, zone_minute = 0;

	if (!two_digits(s, n, at, &hour) || at + 2 >= n || s[at + 2] != ':' ||
	    !two_digits(s, n, at + 3, &minute) || at + 5 >= n || s[at + 5] != ':' ||
	    !two_digits(s, n, at + 6, &second))
		return "not an EDTF date";
	if (!(hour <= 23 && minute <= 59 && second <= 59) &&
	    !(hour == 24 && minute == 0 && second == 0))
		return why_printf("time %.8s out of range", s + at);
	at += 8;
	if (at < n && s[at] == 'Z') {
		at++;
	} else if (at < n && (s[at] == '+' || s[at] == '-')) {
		size_t zone = at;
		if (!two_digits(s, n, at + 1, &zone_hour))
			return "not an EDTF date";
		at += 3;
		if (at < n && s[at] == ':') {
			if (!two_digits(s, n, at + 1, &zone_minute))
				return "not an EDTF date";
			at += 3;
		}
		if (zone_hour > 14 || zone_minute > 59)
			return why_printf("time zone %.*s out of range",
				(int)(at - zone), s + zone);
	}
	*i = at;
	return NULL;
}

/* Reads a positive integer (no leading zero) at s[*i] without keeping it. */
static bool skip_positive(const char *s, size_t n, size_t *i)
{
	if (*i >= n || s[*i] < '1' || s[*i] > '9')
		return false;
	while (*i < n && is_digit(s[*i]))
		(*i)++;
	return true;
}

static void set_year_span(struct span *sp, int64_t year)
{
	sp->min = year * 10000 + 101;
	sp->max = year * 10000 + 1231;
	sp->last_start = sp->min;
}

/* 'Y' years: Y[-]DDDDD..., Y[-]nEm, either with an optional Sn. */
static const char *parse_long_year(struct span *sp, const char *s, size_t n)
{
	size_t i = 1, digits_start;
	bool negative = false;
	int64_t year = 0;

	if (i < n && s[i] == '-') {
		negative = true;
		i++;
	}
	digits_start = i;
	if (i >= n || s[i] < '1' || s[i] > '9')
		return "not an EDTF date";
	for (; i < n && is_digit(s[i]); i++) {
		if (year > YEAR_MAX / 10)
			return "year out of range";
		year = year * 10 + (s[i] - '0');
	}
	if (i < n && s[i] == 'E') {
		int64_t exponent = 0;
		i++;
		if (i >= n || s[i] < '1' || s[i] > '9')
			return "not an EDTF date";
		for (; i < n && is_digit(s[i]); i++) {
			exponent = exponent * 10 + (s[i] - '0');
			if (exponent > 12)
				return "year out of range";
		}
		for (; exponent > 0; exponent--) {
			if (year > YEAR_MAX / 10)
				return "year out of range";
			year *= 10;
		}
	} else if (i - digits_start <= 4) {
		return "'Y' year needs more than 4 digits";
	}
	if (i < n && s[i] == 'S') {
		i++;
		if (!skip_positive(s, n, &i))
			return "not an EDTF date";
	}
	if (i != n)
		return "not an EDTF date";
	if (year > YEAR_MAX)
		return "year out of range";
	set_year_span(sp, negative ? -year : year);
	sp->not_in_interval = "'Y' year not allowed in an interval";
	return NULL;
}

/* Bounds of a parsed YYYY[-MM[-DD]] (patterns may hold X). */
static const char *date_bounds(struct span *sp, const char *year_pat,
	bool negative, const char *month_pat, const char *day_pat,
	enum precision prec)
{
	bool months[13] = { false };
	int md_first[2], md_last[2], first, last;
	int64_t year_first, year_last;
	bool unspecified = has_x(year_pat, 4) ||
		(prec >= PREC_SEASON && has_x(month_pat, 2)) ||
		(prec == PREC_DAY && has_x(day_pat, 2));
	int season_first_month = 0;

	if (negative && !has_x(year_pat, 4) && pattern_value(year_pat, 4) == 0)
		return "year -0000 is not allowed";
	if (prec == PREC_YEAR) {
		for (int m = 1; m <= 12; m++)
			months[m] = true;
	} else if (prec == PREC_SEASON) {
		int season = pattern_value(month_pat, 2);
		season_first_month = season_months[season - 21][0];
		for (int m = season_first_month; m <= season_months[season - 21][1]; m++)
			months[m] = true;
	} else {
		bool any = false;
		for (int m = 1; m <= 12; m++)
			any |= months[m] = pattern_match(month_pat, 2, m);
		if (!any)
			return why_printf("month %.2s out of range", month_pat);
	}
	if (prec == PREC_DAY) {
		bool any = false;
		for (int d = 1; d <= 31; d++)
			any |= pattern_match(day_pat, 2, d);
		if (!any)
			return why_printf("day %.2s out of range", day_pat);
	} else {
		day_pat = "XX";
	}
	for (int leap = 0; leap <= 1; leap++) {
		md_first[leap] = month_day_bound(months, day_pat, leap, false);
		md_last[leap] = month_day_bound(months, day_pat, leap, true);
	}
	if (!has_x(year_pat, 4)) {
		int64_t year = pattern_value(year_pat, 4);
		if (negative)
			year = -year;
		year_first = year_last = year;
		first = md_first[is_leap(year)];
		last = md_last[is_leap(year)];
		if (!first && !unspecified)
			return why_printf("day %.2s out of range for %s%.4s-%.2s",
				day_pat, negative ? "-" : "", year_pat, month_pat);
	} else if (!year_bound(year_pat, negative, md_first, false, &year_first, &first) ||
		   !year_bound(year_pat, negative, md_last, true, &year_last, &last)) {
		first = 0;
	}
	if (!first)
		return "unspecified digits match no valid date";

	sp->min = year_first * 10000 + first;
	sp->max = year_last * 10000 + last;
	if (prec == PREC_DAY)
		sp->last_start = sp->max;
	else if (prec == PREC_SEASON)
		sp->last_start = year_last * 10000 + season_first_month * 100 + 1;
	else if (prec == PREC_MONTH)
		sp->last_start = year_last * 10000 + (last / 100) * 100 + 1;
	else
		sp->last_start = year_last * 10000 + 101;
	if (unspecified)
		sp->flags |= PT_DATE_UNSPECIFIED;
	return NULL;
}

/* Everything but 'Y' years: [q][-]YYYY[q][Sn] or with -[q]MM[q] and
 * -[q]DD[q], a final "?~", and a time after a plain day. */
static const char *parse_plain(struct span *sp, const char *s, size_t n,
	bool *pair)
{
	size_t i = 0, start;
	bool negative = false;
	const char *year_pat, *month_pat = "01", *day_pat = "01";
	enum precision prec = PREC_YEAR;
	unsigned flags = 0;
	const char *why;

	read_qualifier(s, n, &i, &flags);
	if (i < n && s[i] == '-') {
		negative = true;
		i++;
	}
	start = i;
	while (i < n && is_pattern(s[i]))
		i++;
	if (i - start > 4) {
		for (size_t k = start; k < i; k++)
			if (!is_digit(s[k]))
				return "not an EDTF date";
		return "year of more than 4 digits needs the 'Y' prefix";
	}
	if (i - start < 4)
		return "not an EDTF date";
	year_pat = s + start;
	if (i < n && s[i] == 'S') {	/* significant digits: year only */
		i++;
		if (flags || has_x(year_pat, 4) || !skip_positive(s, n, &i) || i != n)
			return "not an EDTF date";
		sp->not_in_interval = "significant digits not allowed in an interval";
	}
	read_qualifier(s, n, &i, &flags);
	if (i < n && s[i] == '-') {
		i++;
		read_qualifier(s, n, &i, &flags);
		if (i + 2 > n || !is_pattern(s[i]) || !is_pattern(s[i + 1]))
			return "not an EDTF date";
		month_pat = s + i;
		prec = PREC_MONTH;
		i += 2;
		read_qualifier(s, n, &i, &flags);
		if (i < n && s[i] == '-') {
			i++;
			read_qualifier(s, n, &i, &flags);
			if (i + 2 > n || !is_pattern(s[i]) || !is_pattern(s[i + 1]))
				return "not an EDTF date";
			day_pat = s + i;
			prec = PREC_DAY;
			i += 2;
			read_qualifier(s, n, &i, &flags);
		}
	}
	/* the 2012 draft's "?~" for both, at the end only */
	if (i + 1 == n && i > 0 &&
	    ((s[i - 1] == '?' && s[i] == '~') || (s[i - 1] == '~' && s[i] == '?'))) {
		flags |= PT_DATE_APPROXIMATE | PT_DATE_UNCERTAIN;
		*pair = true;
		i++;
	}
	if (i < n && s[i] == 'T') {
		if (prec != PREC_DAY || flags || has_x(year_pat, 4) ||
		    has_x(month_pat, 2) || has_x(day_pat, 2))
			return "not an EDTF date";
		if ((why = parse_time(s, n, &i)) != NULL)
			return why;
		sp->not_in_interval = "time not allowed in an interval";
	}
	if (i != n)
		return "not an EDTF date";

	if (prec >= PREC_MONTH && !has_x(month_pat, 2)) {
		int month = pattern_value(month_pat, 2);
		if (prec == PREC_MONTH && month >= 21 && month <= 41)
			prec = PREC_SEASON;
		else if (month < 1 || month > 12)
			return why_printf("month %02d out of range", month);
	}
	sp->flags |= flags;
	return date_bounds(sp, year_pat, negative, month_pat, day_pat, prec);
}

/* Parses one date or interval end s[0..n) into *sp. */
static const char *parse_span(struct span *sp, const char *s, size_t n)
{
	bool pair = false;
	const char *why;

	memset(sp, 0, sizeof *sp);
	if (n == 0) {
		sp->kind = END_UNKNOWN;
		return NULL;
	}
	if (n == 2 && s[0] == '.' && s[1] == '.') {
		sp->kind = END_OPEN;
	} else {
		sp->kind = END_DATE;
		why = s[0] == 'Y' ? parse_long_year(sp, s, n) : parse_plain(sp, s, n, &pair);
		if (why)
			return why;
	}
	memcpy(sp->text, s, n);
	sp->len = n;
	if (pair) {	/* "?~" -> "%" */
		sp->text[n - 2] = '%';
		sp->len = n - 1;
	}
	sp->text[sp->len] = '\0';
	return NULL;
}

static const char *parse_text(pt_date *d, const char *text)
{
	const char *s, *slash, *why;
	size_t n;
	struct span start, end;

	if (!text)
		return "no date";
	while (is_space(*text))
		text++;
	n = strlen(text);
	while (n > 0 && is_space(text[n - 1]))
		n--;
	s = text;
	if (n == 0)
		return "empty date";
	if (n > PT_DATE_TEXT_MAX - 1)
		return "too long";
	if (s[0] == '[' || s[0] == '{')
		return "EDTF sets are not supported";

	memset(d, 0, sizeof *d);
	slash = memchr(s, '/', n);
	if (!slash) {
		if ((why = parse_span(&start, s, n)) != NULL)
			return why;
		if (start.kind == END_OPEN)
			return "'..' only as an interval end";
		memcpy(d->edtf, start.text, start.len + 1);
		d->min = start.min;
		d->max = start.max;
		d->flags = start.flags | PT_DATE_HAS_MIN | PT_DATE_HAS_MAX;
		return NULL;
	}
	if (memchr(slash + 1, '/', n - (size_t)(slash + 1 - s)))
		return "not an EDTF date";
	if ((why = parse_span(&start, s, (size_t)(slash - s))) != NULL ||
	    (why = parse_span(&end, slash + 1, n - (size_t)(slash + 1 - s))) != NULL)
		return why;
	if (start.kind == END_UNKNOWN && end.kind == END_UNKNOWN)
		return "both ends of the interval unknown";
	if (start.not_in_interval)
		return start.not_in_interval;
	if (end.not_in_interval)
		return end.not_in_interval;
	if (start.kind == END_DATE && end.kind == END_DATE &&
	    start.min > end.last_start)
		return "interval ends before it starts";

	memcpy(d->edtf, start.text, start.len);
	d->edtf[start.len] = '/';
	memcpy(d->edtf + start.len + 1, end.text, end.len + 1);
	d->flags = PT_DATE_INTERVAL | start.flags | end.flags;
	if (start.kind == END_DATE) {
		d->min = start.min;
		d->flags |= PT_DATE_HAS_MIN;
	}
	if (end.kind == END_DATE) {
		d->max = end.max;
		d->flags |= PT_DATE_HAS_MAX;
	}
	return NULL;
}

int pt_date_parse(pt_date *out, const char *text, const char **why)
{
	pt_date d;
	const char *msg = parse_text(&d, text);

	if (msg) {
		if (why)
			*why = msg;
		return PT_EINVAL;
	}
	if (out)
		*out = d;
	return PT_OK;
}

char *pt_date_day_format(int64_t day, char *buf, size_t size)
{
	int64_t year = day / 10000, rest = day % 10000;
	uint64_t digits;

	if (!buf || size == 0)
		return buf;
	if (rest < 0) {
		rest += 10000;
		year--;
	}
	digits = year < 0 ? (uint64_t)0 - (uint64_t)year : (uint64_t)year;
	snprintf(buf, size, "%s%04llu-%02d-%02d", year < 0 ? "-" : "",
		(unsigned long long)digits, (int)(rest / 100), (int)(rest % 100));
	return buf;
}

/*
 * isbn.c - checks ISBNs (ISBN-10, the 9-digit SBN, ISBN-13) by their check
 * digits and turns them into the one form powtrace stores: 13 digits.
 *
 * Accepted: digits with hyphens, spaces or Unicode dashes between them, a
 * lower-case x as the ISBN-10 check digit, and a leading "ISBN", "ISBN-10:"
 * or "ISBN-13:" label. Rules (as python-stdnum's isbn module):
 *  - 9 digits are an SBN, read as an ISBN-10 with a leading 0;
 *  - ISBN-10: nine digits and a check digit 0-9 or X, sum of digit * weight
 *    (10 down to 1) divisible by 11;
 *  - ISBN-13: an EAN-13 (weights 1, 3, ...) whose prefix is 978 or 979;
 *  - an ISBN-10 becomes the ISBN-13 978 + its first nine digits + the new
 *    EAN check digit.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

#define MAX_DIGITS 13

/* Strips the label and the separators. Returns the number of characters
 * kept in digits[] (digits, or X), or -1 with *why set. */
static int compact(const char *text, char digits[MAX_DIGITS + 1], const char **why)
{
	const unsigned char *s = (const unsigned char *)text;
	int n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if ((s[0] | 0x20) == 'i' && (s[1] | 0x20) == 's' && (s[2] | 0x20) == 'b' &&
	    (s[3] | 0x20) == 'n') {
		s += 4;
		if (s[0] == '-' && s[1] == '1' && (s[2] == '0' || s[2] == '3'))
			s += 3;
		if (*s == ':')
			s++;
	}
	for (; *s; s++) {
		if (*s == ' ' || *s == '-' || *s == '\t')
			continue;
		/* U+00A0 no-break space; U+2010-U+2015 hyphens and dashes; U+2212 minus */
		if (s[0] == 0xc2 && s[1] == 0xa0) {
			s++;
			continue;
		}
		if (s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0x95) {
			s += 2;
			continue;
		}
		if (s[0] == 0xe2 && s[1] == 0x88 && s[2] == 0x92) {
			s += 2;
			continue;
		}
		if ((*s >= '0' && *s <= '9') || *s == 'X' || *s == 'x') {
			if (n == MAX_DIGITS) {
				*why = "too many digits (an ISBN has 10 or 13)";
				return -1;
			}
			digits[n++] = (char)(*s == 'x' ? 'X' : *s);
			continue;
		}
		*why = "only digits, X, hyphens and spaces are allowed";
		return -1;
	}
	digits[n] = '\0';
	return n;
}

static char isbn10_check(const char *nine)
{
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (10 - i) * (nine[i] - '0');
	sum = (11 - sum % 11) % 11;
	return sum == 10 ? 'X' : (char)('0' + sum);
}

static char ean_check(const char *twelve)
{
	int sum = 0;
	for (int i = 0; i < 12; i++)
		sum += (i % 2 ? 3 : 1) * (twelve[i] - '0');
	return (char)('0' + (10 - sum % 10) % 10);
}

static int all_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Checks the compact number; leaves an ISBN-10 (10 chars) or ISBN-13 in
 * digits. Returns 10, 13, or -1 with *why. */
static int check(const char *text, char digits[MAX_DIGITS + 1], const char **why)
{
	static _Thread_local char message[64];
	int n = compact(text, digits, why);

	if (n < 0)
		return -1;
	if (n == 9) { /* SBN */
		memmove(digits + 1, digits, 10);
		digits[0] = '0';
		n = 10;
	}
	if (n == 10) {
		char want;
		if (!all_digits(digits, 9)) {
			*why = "X can only be the last character of an ISBN-10";
			return -1;
		}
		want = isbn10_check(digits);
		if (digits[9] != want) {
			snprintf(message, sizeof message, "wrong check digit %c (the digits give %c)",
				 digits[9], want);
			*why = message;
			return -1;
		}
		return 10;
	}
	if (n == 13) {
		char want;
		if (!all_digits(digits, 13)) {
			*why = "an ISBN-13 has digits only";
			return -1;
		}
		want = ean_check(digits);
		if (digits[12] != want) {
			snprintf(message, sizeof message, "wrong check digit %c (the digits give %c)",
				 digits[12], want);
			*why = message;
			return -1;
		}
		if (strncmp(digits, "978", 3) && strncmp(digits, "979", 3)) {
			*why = "an ISBN-13 starts with 978 or 979";
			return -1;
		}
		return 13;
	}
	*why = n == 0 ? "no digits" : "an ISBN has 10 digits (9 for an old SBN) or 13";
	return -1;
}

int pt_isbn_normalize(const char *text, char out[PT_ISBN13_SIZE], const char **why)
{
	char digits[MAX_DIGITS + 1];
	const char *dummy;
	int n;

	if (!why)
		why = &dummy;
	if (!text) {
		*why = "no digits";
		return PT_EINVAL;
	}
	n = check(text, digits, why);
	if (n < 0)
		return PT_EINVAL;
	if (n == 10) {
		char twelve[13];
		memcpy(twelve, "978", 3);
		memcpy(twelve + 3, digits, 9);
		memcpy(out, twelve, 12);
		out[12] = ean_check(twelve);
	} else {
		memcpy(out, digits, 13);
	}
	out[13] = '\0';
	return PT_OK;
}

int pt_isbn_to_isbn10(const char *text, char out[PT_ISBN10_SIZE], const char **why)
{
	char digits[MAX_DIGITS + 1];
	const char *dummy;
	int n;

	if (!why)
		why = &dummy;
	if (!text) {
		*why = "no digits";
		return PT_EINVAL;
	}
	n = check(text, digits, why);
	if (n < 0)
		return PT_EINVAL;
	if (n == 13) {
		if (strncmp(digits, "978", 3)) {
			*why = "only an ISBN-13 that starts with 978 has an ISBN-10";
			return PT_EINVAL;
		}
		memmove(digits, digits + 3, 9);
		digits[9] = isbn10_check(digits);
	}
	memcpy(out, digits, 10);
	out[10] = '\0';
	return PT_OK;
}

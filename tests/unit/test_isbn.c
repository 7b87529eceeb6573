/*
 * test_isbn.c - ISBN checks and the ISBN-13 form: hand-written cases, and
 * python-stdnum's test vectors (../shared/data/isbn) with the pass rate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "core/core.h"

static void check_normal(const char *in, const char *want)
{
	char out[PT_ISBN13_SIZE] = "";
	const char *why = NULL;
	int rc = pt_isbn_normalize(in, out, &why);
	if (rc != PT_OK) {
		fprintf(stderr, "isbn '%s' refused: %s\n", in, why ? why : "?");
		pt_test_failures++;
		return;
	}
	CHECK_STR(out, want);
}

static void check_bad(const char *in, const char *want_why)
{
	char out[PT_ISBN13_SIZE] = "untouched";
	const char *why = NULL;
	CHECK_INT(pt_isbn_normalize(in, out, &why), PT_EINVAL);
	CHECK_STR(out, "untouched");
	if (want_why)
		CHECK_STR(why, want_why);
}

static void test_isbn_forms(void)
{
	check_normal("1857021010", "9781857021011");          /* The Iron Cage */
	check_normal("1-85702-101-0", "9781857021011");
	check_normal("1 85702 101 0", "9781857021011");
	check_normal("9781857021011", "9781857021011");
	check_normal("978-1-85702-101-1", "9781857021011");
	check_normal("ISBN 1-85702-101-0", "9781857021011");
	check_normal("ISBN-10: 1857021010", "9781857021011");
	check_normal("ISBN-13: 978-1-85702-101-1", "9781857021011");
	check_normal("0-8493-0464-4", "9780849304644");
	check_normal("0-19-963209-X", "9780199632091");
	check_normal("0-19-963209-x", "9780199632091");        /* lower-case check digit */
	check_normal("12-345678-9", "9780123456786");          /* 9-digit SBN */
	check_normal("979-10-90636-07-1", "9791090636071");    /* 979 prefix */
	check_normal("978\xe2\x80\x91" "1\xe2\x80\x93" "85702\xc2\xa0" "101-1", "9781857021011");
	check_normal("0915765837", "9780915765836");           /* Soldiers of Misfortune */
}

static void test_isbn_refused(void)
{
	check_bad("1857021011", "wrong check digit 1 (the digits give 0)");
	check_bad("9781857021012", "wrong check digit 2 (the digits give 1)");
	check_bad("08515x-629-2", "X can only be the last character of an ISBN-10");
	check_bad("978-902453827X", "an ISBN-13 has digits only");
	check_bad("978-902453827", "an ISBN has 10 digits (9 for an old SBN) or 13");
	check_bad("7501031311309", "an ISBN-13 starts with 978 or 979");
	check_bad("", "no digits");
	check_bad("ISBN", "no digits");
	check_bad("1857O21010", "only digits, X, hyphens and spaces are allowed");
	check_bad("97818570210111", "too many digits (an ISBN has 10 or 13)");
	check_bad(NULL, "no digits");
}

static void test_isbn_to_isbn10(void)
{
	char out[PT_ISBN10_SIZE];
	CHECK_INT(pt_isbn_to_isbn10("978-1-85798-218-3", out, NULL), PT_OK);
	CHECK_STR(out, "1857982185");
	CHECK_INT(pt_isbn_to_isbn10("1-85798-218-5", out, NULL), PT_OK);
	CHECK_STR(out, "1857982185");
	CHECK_INT(pt_isbn_to_isbn10("9780199632091", out, NULL), PT_OK);
	CHECK_STR(out, "019963209X");
	CHECK_INT(pt_isbn_to_isbn10("9791843123391", out, NULL), PT_EINVAL);
}

static void test_isbn_quay(void)
{
	CHECK_INT(pt_confidence_quay(0), 0);
	CHECK_INT(pt_confidence_quay(1), 1);
	CHECK_INT(pt_confidence_quay(2), 2);
	CHECK_INT(pt_confidence_quay(3), 3);
	CHECK_INT(pt_confidence_quay(4), 3);
	CHECK_INT(pt_confidence_quay(-1), -1);
	CHECK_INT(pt_confidence_quay(5), -1);
}

/* Strips separators: python-stdnum's to_isbn13 keeps the input's hyphens
 * and spaces, powtrace stores digits only. */
static void compact(const char *in, char *out, size_t size)
{
	size_t n = 0;
	for (; *in && n + 1 < size; in++)
		if (*in != ' ' && *in != '-')
			out[n++] = *in;
	out[n] = '\0';
}

/* Every row of python_stdnum_isbn.tsv that is about what powtrace does
 * (validate, is_valid, compact to ISBN-13, to_isbn10); the rows about
 * hyphenation by registration group (split, format) are out of scope and
 * counted as such. */
static void test_isbn_python_stdnum(void)
{
	char path[1024], line[1024];
	int rows = 0, agree = 0, skipped = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/isbn/python_stdnum_isbn.tsv", pt_test_data_dir());
	f = fopen(path, "r");
	if (!f) {
		pt_test_note("isbn: %s not found", path);
		return;
	}
	while (fgets(line, sizeof line, f)) {
		char *fields[5] = { 0 }, *p = line;
		char out13[PT_ISBN13_SIZE], out10[PT_ISBN10_SIZE], want[64];
		int n = 0, ok = 0, rc;
		line[strcspn(line, "\r\n")] = '\0';
		while (n < 5) {
			fields[n++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (n < 4 || !strcmp(fields[0], "function"))
			continue;
		if (!strcmp(fields[0], "split") || !strcmp(fields[0], "format")) {
			skipped++;
			continue;
		}
		rows++;
		if (!strcmp(fields[0], "is_valid")) {
			rc = pt_isbn_normalize(fields[1], out13, NULL);
			ok = (rc == PT_OK) == !strcmp(fields[3], "True");
		} else if (!strcmp(fields[0], "validate") && !strncmp(fields[3], "invalid:", 8)) {
			ok = pt_isbn_normalize(fields[1], out13, NULL) == PT_EINVAL;
		} else if (!strcmp(fields[0], "validate") || !strcmp(fields[0], "to_isbn13") ||
			   !strcmp(fields[0], "validate(to_isbn13(x))")) {
			/* validate keeps the form it was given (10 or 13 digits)
			 * unless asked to convert; powtrace always converts */
			compact(fields[3], want, sizeof want);
			rc = pt_isbn_normalize(fields[1], out13, NULL);
			if (rc == PT_OK && strlen(want) == 10)
				ok = pt_isbn_to_isbn10(out13, out10, NULL) == PT_OK && !strcmp(out10, want);
			else
				ok = rc == PT_OK && !strcmp(out13, want);
		} else if (!strcmp(fields[0], "to_isbn10")) {
			rc = pt_isbn_to_isbn10(fields[1], out10, NULL);
			if (!strncmp(fields[3], "error:", 6)) {
				ok = rc == PT_EINVAL;
			} else {
				compact(fields[3], want, sizeof want);
				ok = rc == PT_OK && !strcmp(out10, want);
			}
		} else if (!strcmp(fields[0], "compact")) {
			compact(fields[3], want, sizeof want);
			ok = pt_isbn_to_isbn10(fields[1], out10, NULL) == PT_OK && !strcmp(out10, want);
		} else if (!strcmp(fields[0], "isbn_type")) {
			rc = pt_isbn_normalize(fields[1], out13, NULL);
			compact(fields[1], want, sizeof want);
			ok = rc == PT_OK && ((strlen(want) == 13) == !strcmp(fields[3], "ISBN13"));
		} else {
			rows--;
			skipped++;
			continue;
		}
		if (ok)
			agree++;
		else
			fprintf(stderr, "isbn: disagree with python-stdnum: %s '%s' -> '%s'\n",
				fields[0], fields[1], fields[3]);
	}
	fclose(f);
	pt_test_note("isbn: python-stdnum: %d/%d rows agree (%.1f%%); %d rows on hyphenation "
		     "(split, format) out of scope", agree, rows, rows ? 100.0 * agree / rows : 0.0,
		     skipped);
	CHECK_INT(agree, rows);
	CHECK(rows >= 220);
}

void suite_isbn(void);
void suite_isbn(void)
{
	RUN(test_isbn_forms);
	RUN(test_isbn_refused);
	RUN(test_isbn_to_isbn10);
	RUN(test_isbn_quay);
	if (pt_test_data_dir())
		RUN(test_isbn_python_stdnum);
	else
		pt_test_skip("test_isbn_python_stdnum", "../shared/data not found");
}

/*
 * test_archival_date.c - archival date spellings to EDTF: every form the
 * issue lists, the declared order and century, and impossible or
 * unreadable dates refused with a reason.
 */
#include "harness.h"
#include "core/core.h"

static void expect(const char *text, int order, int century, const char *edtf)
{
	pt_date d;
	const char *why = NULL;
	int rc = pt_date_parse_archival(&d, text, order, century, &why);
	if (rc != PT_OK) {
		fprintf(stderr, "'%s': refused (%s), want '%s'\n", text, why ? why : "?", edtf);
		pt_test_failures++;
		return;
	}
	if (strcmp(d.edtf, edtf)) {
		fprintf(stderr, "'%s' read as '%s', want '%s'\n", text, d.edtf, edtf);
		pt_test_failures++;
	}
}

static void refuse(const char *text, const char *reason)
{
	pt_date d;
	const char *why = NULL;
	if (pt_date_parse_archival(&d, text, PT_DATE_ORDER_DMY, 1900, &why) == PT_OK) {
		fprintf(stderr, "'%s' accepted as '%s', want refused\n", text, d.edtf);
		pt_test_failures++;
		return;
	}
	CHECK_STR(why, reason);
}

#define DMY PT_DATE_ORDER_DMY
#define MDY PT_DATE_ORDER_MDY
#define YMD PT_DATE_ORDER_YMD

static void test_the_issues_examples(void)
{
	expect("12.4.45", DMY, 1900, "1945-04-12");
	expect("12/4/1945", DMY, 1900, "1945-04-12");
	expect("12/4/1945", MDY, 1900, "1945-12-04");
	expect("1945-04-12", DMY, 1900, "1945-04-12");
	expect("April 1945", DMY, 1900, "1945-04");
	expect("Apr. 1945", DMY, 1900, "1945-04");
	expect("Sept. 1944", DMY, 1900, "1944-09");
	expect("23rd April 1945", DMY, 1900, "1945-04-23");
	expect("c. 1920", DMY, 1900, "1920~");
	expect("ca. 1920", DMY, 1900, "1920~");
	expect("about 1920", DMY, 1900, "1920~");
	expect("1920?", DMY, 1900, "1920?");
	expect("1944/45", DMY, 1900, "1944/1945");
	expect("?.5.1945", DMY, 1900, "1945-05");
	expect("spring 1945", DMY, 1900, "1945-21");
	expect("before 1946", DMY, 1900, "../1945");
}

static void test_more_spellings(void)
{
	expect("  12.04.1945 ", DMY, 1900, "1945-04-12");
	expect("12.IV.1945", DMY, 1900, "1945-04-12");
	expect("12 April 1945", DMY, 1900, "1945-04-12");
	expect("12. April 1945", DMY, 1900, "1945-04-12");
	expect("April 12, 1945", DMY, 1900, "1945-04-12");
	expect("1st May 45", DMY, 1900, "1945-05-01");
	expect("8 mai 1945", DMY, 1900, "1945-05-08");
	expect("27. März 1918", DMY, 1900, "1918-03-27");
	expect("9 мая 1945 г.", DMY, 1900, "1945-05-09");
	expect("Май 1945", DMY, 1900, "1945-05");
	expect("Herbst 1944", DMY, 1900, "1944-23");
	expect("winter 1944", DMY, 1900, "1944-24");
	expect("4/45", DMY, 1900, "1945-04");
	expect("04.1945", DMY, 1900, "1945-04");
	expect("1945/4/12", DMY, 1900, "1945-04-12");
	expect("45/4/12", YMD, 1900, "1945-04-12");
	expect("4.12.45", MDY, 1900, "1945-04-12");
	expect("12.4.05", DMY, 1800, "1805-04-12");
	expect("??.05.1945", DMY, 1900, "1945-05");
	expect("XX.05.1945", DMY, 1900, "1945-05");
	expect("?.?.1945", DMY, 1900, "1945");
	expect("circa 1920?", DMY, 1900, "1920%");
	expect("ca 12.4.1920", DMY, 1900, "1920-04-12~");
	expect("1939-45", DMY, 1900, "1939/1945");
	expect("1944–1945", DMY, 1900, "1944/1945");
	expect("between 1944 and 1946", DMY, 1900, "1944/1946");
	expect("before May 1945", DMY, 1900, "../1945-04");
	expect("before 1.3.1945", DMY, 1900, "../1945-02-28");
	expect("before 1.1.1945", DMY, 1900, "../1944-12-31");
	expect("after 1945", DMY, 1900, "1946/..");
	expect("after 31.12.1945", DMY, 1900, "1946-01-01/..");
	expect("after Dec 1945", DMY, 1900, "1946-01/..");
	expect("1945", DMY, 1900, "1945");
	expect("1945-05~", DMY, 1900, "1945-05~"); /* EDTF passes through */
}

static void test_impossible_and_unreadable(void)
{
	refuse("31.02.1920", "day 31 out of range for 1920-02");
	refuse("29.2.1945", "day 29 out of range for 1945-02");
	refuse("12.13.1945", "month 13 out of range");
	refuse("1945-13", "month 13 out of range");
	refuse("soon", "not a date I can read");
	refuse("12 45", "not a date I can read");
	refuse("", "empty");
	refuse("12.4.45.6.7.8.9.10.11", "not a date I can read");
	refuse("0.4.1945", "not a date I can read");
	refuse("12abc", "not a date I can read");
	refuse("Smith", "not a date I can read");
	{
		pt_date d;
		CHECK_INT(pt_date_parse_archival(&d, "13/4/1945", MDY, 1900, NULL), PT_EINVAL);
		CHECK_INT(pt_date_parse_archival(NULL, "12.4.45", DMY, 0, NULL), PT_OK);
	}
}

static void test_bounds_follow_the_edtf(void)
{
	pt_date d;
	CHECK_INT(pt_date_parse_archival(&d, "Apr. 1945", DMY, 1900, NULL), PT_OK);
	CHECK_INT(d.min, 19450401);
	CHECK_INT(d.max, 19450430);
	CHECK_INT(pt_date_parse_archival(&d, "before 1946", DMY, 1900, NULL), PT_OK);
	CHECK_INT(d.max, 19451231);
	CHECK(!(d.flags & PT_DATE_HAS_MIN));
}

void suite_archival_date(void);
void suite_archival_date(void)
{
	RUN(test_the_issues_examples);
	RUN(test_more_spellings);
	RUN(test_impossible_and_unreadable);
	RUN(test_bounds_follow_the_edtf);
}

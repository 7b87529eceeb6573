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

/* ---- roles: two-digit years by the period, unknown dates, parts, ranges ---- */

static void expect_as(const char *text, pt_date_role role, int century, const char *edtf)
{
	pt_archival_options o = { PT_DATE_ORDER_DMY, role, century };
	pt_date d;
	const char *why = NULL;
	int rc = pt_date_read_archival(&d, text, &o, &why);
	if (rc != PT_OK) {
		fprintf(stderr, "'%s' as %s: refused (%s), want '%s'\n", text, pt_date_role_name(role),
			why ? why : "?", edtf);
		pt_test_failures++;
	} else if (strcmp(d.edtf, edtf)) {
		fprintf(stderr, "'%s' as %s read as '%s', want '%s'\n", text, pt_date_role_name(role),
			d.edtf, edtf);
		pt_test_failures++;
	}
}

static void test_two_digit_years_by_period(void)
{
	expect_as("3.4.99", PT_DATE_ROLE_BIRTH, 0, "1899-04-03");
	expect_as("3.4.05", PT_DATE_ROLE_BIRTH, 0, "1905-04-03");
	expect_as("3.4.25", PT_DATE_ROLE_BIRTH, 0, "1925-04-03");
	expect_as("3.4.35", PT_DATE_ROLE_BIRTH, 0, "1935-04-03"); /* nearest to 1870-1930 */
	expect_as("c. 3.98", PT_DATE_ROLE_BIRTH, 0, "1898-03~");
	expect_as("12.4.45", PT_DATE_ROLE_CAPTURE, 0, "1945-04-12");
	expect_as("12.4.15", PT_DATE_ROLE_CAPTURE, 0, "1915-04-12"); /* a WW1 register */
	expect_as("12.4.44", PT_DATE_ROLE_CAPTIVITY, 0, "1944-04-12");
	expect_as("Mai 53", PT_DATE_ROLE_RELEASE, 0, "1953-05");
	expect_as("2.1.88", PT_DATE_ROLE_DEATH, 0, "1988-01-02");
	expect_as("12.4.45", PT_DATE_ROLE_OTHER, 0, "1945-04-12");
	/* the mapping's century wins over the period */
	expect_as("3.4.99", PT_DATE_ROLE_BIRTH, 1900, "1999-04-03");
	expect_as("3.4.45", PT_DATE_ROLE_CAPTURE, 1800, "1845-04-03");
	/* four-digit years are as written, whatever the period */
	expect_as("3.4.1960", PT_DATE_ROLE_BIRTH, 0, "1960-04-03");
	CHECK_INT(pt_date_role_of_event("capture"), PT_DATE_ROLE_CAPTURE);
	CHECK_INT(pt_date_role_of_event("return"), PT_DATE_ROLE_RELEASE);
	CHECK_INT(pt_date_role_of_event("burial"), PT_DATE_ROLE_DEATH);
	CHECK_INT(pt_date_role_of_event("last_seen"), PT_DATE_ROLE_CAPTIVITY);
	CHECK_INT(pt_date_role_of_event("escape"), PT_DATE_ROLE_OTHER);
	{
		pt_date_role r;
		int first, last;
		CHECK_INT(pt_date_role_parse("birth", &r), PT_OK);
		CHECK_INT(r, PT_DATE_ROLE_BIRTH);
		CHECK_INT(pt_date_role_parse("born", &r), PT_EINVAL);
		pt_date_role_period(PT_DATE_ROLE_RELEASE, &first, &last);
		CHECK_INT(last, 1956);
	}
}

static void test_unknown_dates(void)
{
	static const char *const unknown[] = {
		"n.k.", "N.K.", "nk", "unknown", "Unknown", "not known", "?", "??", "? ", "-", "—",
		"k.A.", "k. A.", "unbekannt", "inconnu", "onbekend", "nieznany", "n/a", "b.d.",
		"(unknown)", "неизвестно", NULL,
	};
	static const char *const dates[] = { "1945?", "?.5.1945", "12.4.45", "1945", NULL };
	for (const char *const *u = unknown; *u; u++) {
		pt_date d;
		const char *why = NULL;
		if (!pt_date_is_unknown(*u)) {
			fprintf(stderr, "'%s' is not read as unknown\n", *u);
			pt_test_failures++;
		}
		CHECK_INT(pt_date_read_archival(&d, *u, NULL, &why), PT_ENOTFOUND);
		CHECK_STR(why, "the date is not known");
	}
	for (const char *const *k = dates; *k; k++)
		CHECK(!pt_date_is_unknown(*k));
	CHECK(!pt_date_is_unknown(NULL));
	CHECK(!pt_date_is_unknown(""));
	CHECK_INT(pt_date_parse_archival(NULL, "n.k.", DMY, 1900, NULL), PT_ENOTFOUND);
}

static void test_parts_and_ranges(void)
{
	expect_as("early 1945", PT_DATE_ROLE_OTHER, 0, "1945-01/1945-04");
	expect_as("mid-1944", PT_DATE_ROLE_OTHER, 0, "1944-05/1944-08");
	expect_as("mid 1944", PT_DATE_ROLE_OTHER, 0, "1944-05/1944-08");
	expect_as("late 1945", PT_DATE_ROLE_OTHER, 0, "1945-09/1945-12");
	expect_as("Ende 1944", PT_DATE_ROLE_OTHER, 0, "1944-09/1944-12");
	expect_as("Anfang 1945", PT_DATE_ROLE_OTHER, 0, "1945-01/1945-04");
	expect_as("début 1945", PT_DATE_ROLE_OTHER, 0, "1945-01/1945-04");
	expect_as("fin 1944", PT_DATE_ROLE_OTHER, 0, "1944-09/1944-12");
	expect_as("eind 1944", PT_DATE_ROLE_OTHER, 0, "1944-09/1944-12");
	expect_as("koniec 1944", PT_DATE_ROLE_OTHER, 0, "1944-09/1944-12");
	expect_as("the end of 1944", PT_DATE_ROLE_OTHER, 0, "1944-09/1944-12");
	expect_as("early April 1945", PT_DATE_ROLE_OTHER, 0, "1945-04-01/1945-04-10");
	expect_as("mid April 1945", PT_DATE_ROLE_OTHER, 0, "1945-04-11/1945-04-20");
	expect_as("late April 1945", PT_DATE_ROLE_OTHER, 0, "1945-04-21/1945-04-30");
	expect_as("late Feb. 1944", PT_DATE_ROLE_OTHER, 0, "1944-02-21/1944-02-29");
	expect_as("Mitte Mai 45", PT_DATE_ROLE_CAPTURE, 0, "1945-05-11/1945-05-20");
	expect_as("10-12 April 1944", PT_DATE_ROLE_OTHER, 0, "1944-04-10/1944-04-12");
	expect_as("10.-12.4.1944", PT_DATE_ROLE_OTHER, 0, "1944-04-10/1944-04-12");
	expect_as("10-12.04.44", PT_DATE_ROLE_CAPTURE, 0, "1944-04-10/1944-04-12");
	expect_as("10 to 12 April 1944", PT_DATE_ROLE_OTHER, 0, "1944-04-10/1944-04-12");
	expect_as("from 3 to 9 May 1945", PT_DATE_ROLE_OTHER, 0, "1945-05-03/1945-05-09");
	expect_as("vom 3. bis 9. Mai 1945", PT_DATE_ROLE_OTHER, 0, "1945-05-03/1945-05-09");
	expect_as("April-May 1945", PT_DATE_ROLE_OTHER, 0, "1945-04/1945-05");
	expect_as("Apr/May 1945", PT_DATE_ROLE_OTHER, 0, "1945-04/1945-05");
	expect_as("10 April - 2 May 1945", PT_DATE_ROLE_OTHER, 0, "1945-04-10/1945-05-02");
	expect_as("Sept. 1944 - May 1945", PT_DATE_ROLE_OTHER, 0, "1944-09/1945-05");
	expect_as("12-4-1945", PT_DATE_ROLE_OTHER, 0, "1945-04-12"); /* a date, not a range */
	expect_as("before 1946", PT_DATE_ROLE_OTHER, 0, "../1945");
	expect_as("vor 1946", PT_DATE_ROLE_OTHER, 0, "../1945");
	expect_as("voor mei 1945", PT_DATE_ROLE_OTHER, 0, "../1945-04");
	expect_as("przed 1946", PT_DATE_ROLE_OTHER, 0, "../1945");
	expect_as("po 1945", PT_DATE_ROLE_OTHER, 0, "1946/..");
	expect_as("after 12.4.45", PT_DATE_ROLE_CAPTURE, 0, "1945-04-13/..");
	/* Dutch and Polish months */
	expect_as("12 mei 1945", PT_DATE_ROLE_OTHER, 0, "1945-05-12");
	expect_as("12 maart 1945", PT_DATE_ROLE_OTHER, 0, "1945-03-12");
	expect_as("12 kwietnia 1945", PT_DATE_ROLE_OTHER, 0, "1945-04-12");
	expect_as("12 KWIETNIA 1945 r.", PT_DATE_ROLE_OTHER, 0, "1945-04-12");
	expect_as("wrzesień 1939", PT_DATE_ROLE_OTHER, 0, "1939-09");
	expect_as("WRZESIEŃ 1939", PT_DATE_ROLE_OTHER, 0, "1939-09");
	expect_as("1 października 1944", PT_DATE_ROLE_OTHER, 0, "1944-10-01");
	{
		pt_date d;
		const char *why = NULL;
		CHECK_INT(pt_date_read_archival(&d, "12-10 April 1944", NULL, &why), PT_EINVAL);
		CHECK_INT(pt_date_read_archival(&d, "late 12.4.1945", NULL, &why), PT_EINVAL);
		CHECK_INT(pt_date_read_archival(&d, "10-32 April 1944", NULL, &why), PT_EINVAL);
		CHECK_INT(pt_date_read_archival(&d, "mid", NULL, &why), PT_EINVAL);
	}
}

void suite_archival_date(void);
void suite_archival_date(void)
{
	RUN(test_the_issues_examples);
	RUN(test_more_spellings);
	RUN(test_impossible_and_unreadable);
	RUN(test_bounds_follow_the_edtf);
	RUN(test_two_digit_years_by_period);
	RUN(test_unknown_dates);
	RUN(test_parts_and_ranges);
}

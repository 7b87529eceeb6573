/*
 * test_status.c - case status as PRODUCT.md defines it, with its reason.
 */
#include <stdlib.h>

#include "harness.h"
#include "powtrace.h"

#define DATED(t, d, lo, hi, camp, place) { t, d, lo, hi, 1, 1, camp, place }
#define UNDATED(t, camp, place) { t, NULL, 0, 0, 0, 0, camp, place }

static void expect(const pt_status_event *events, size_t n, pt_status want_status,
		   const char *want_reason, long want_last)
{
	pt_status status = PT_STATUS_UNKNOWN;
	char *reason = NULL;
	long last = -2;
	CHECK_INT(pt_status_derive(events, n, &status, &reason, &last), PT_OK);
	CHECK_STR(pt_status_name(status), pt_status_name(want_status));
	CHECK_STR(reason, want_reason);
	CHECK_INT(last, want_last);
	pt_free(reason);
}

static void test_unaccounted_after_liberation(void)
{
	pt_status_event e[] = {
		DATED("capture", "1944-09", 19440901, 19440930, NULL, "Arnhem"),
		DATED("liberation", "1945-04-23", 19450423, 19450423, "Stalag IV-B", NULL),
	};
	expect(e, 2, PT_STATUS_UNACCOUNTED,
	       "last record: liberation at Stalag IV-B, 1945-04-23; nothing later says the "
	       "person came home or died", 1);
}

static void test_returned(void)
{
	pt_status_event e[] = {
		DATED("liberation", "1945-04-23", 19450423, 19450423, "Stalag IV-B", NULL),
		DATED("release", "1953", 19530101, 19531231, NULL, NULL),
		DATED("return", "1953", 19530101, 19531231, NULL, "United Kingdom"),
	};
	expect(e, 3, PT_STATUS_RETURNED, "returned: return to United Kingdom, 1953", 2);
}

static void test_release_alone_is_still_in_transit(void)
{
	pt_status_event e[] = {
		DATED("internment", "1945/1953", 19450101, 19531231, "ITL", NULL),
		DATED("release", "1953", 19530101, 19531231, NULL, NULL),
	};
	expect(e, 2, PT_STATUS_UNACCOUNTED,
	       "last record: release, 1953; nothing later says the person came home or died", 1);
}

static void test_died(void)
{
	pt_status_event e[] = {
		DATED("capture", "1944", 19440101, 19441231, NULL, NULL),
		DATED("death", "1945-02-14", 19450214, 19450214, "Stalag IV-B", NULL),
		UNDATED("burial", NULL, "Mühlberg"),
	};
	expect(e, 3, PT_STATUS_DIED, "died: death at Stalag IV-B, 1945-02-14", 2);
}

static void test_death_after_return_is_not_a_conflict(void)
{
	pt_status_event e[] = {
		DATED("return", "1945-05", 19450501, 19450531, NULL, "United Kingdom"),
		DATED("death", "1987", 19870101, 19871231, NULL, "Cardiff"),
	};
	expect(e, 2, PT_STATUS_RETURNED,
	       "returned: return to United Kingdom, 1945-05; the later death at Cardiff, 1987 "
	       "came after the return", 1);
}

static void test_conflicting(void)
{
	pt_status_event e[] = {
		DATED("death", "1945-03", 19450301, 19450331, "Stalag IV-B", NULL),
		DATED("repatriation", "1945-06", 19450601, 19450630, NULL, "United Kingdom"),
	};
	expect(e, 2, PT_STATUS_CONFLICTING,
	       "records disagree: repatriation to United Kingdom, 1945-06 against death at "
	       "Stalag IV-B, 1945-03", 1);
	/* an undated death cannot be placed after the return: still a conflict */
	pt_status_event u[] = {
		DATED("return", "1945", 19450101, 19451231, NULL, NULL),
		UNDATED("death", NULL, NULL),
	};
	expect(u, 2, PT_STATUS_CONFLICTING, "records disagree: return, 1945 against death", 1);
}

static void test_unknown(void)
{
	pt_status_event e[] = { DATED("birth", "1920", 19200101, 19201231, NULL, "Leeds") };
	expect(e, 1, PT_STATUS_UNKNOWN, "no event that bears on fate", -1);
	expect(NULL, 0, PT_STATUS_UNKNOWN, "no event that bears on fate", -1);
}

static void test_order_is_by_date_not_record_order(void)
{
	/* the record lists the liberation before the capture; dates decide */
	pt_status_event e[] = {
		DATED("liberation", "1945-04-23", 19450423, 19450423, "Stalag IV-B", NULL),
		DATED("capture", "1944-09", 19440901, 19440930, NULL, "Arnhem"),
		UNDATED("transfer", NULL, "Riesa"),
	};
	/* the undated transfer follows the capture in the record, so it sorts
	 * with the capture, before the liberation */
	expect(e, 3, PT_STATUS_UNACCOUNTED,
	       "last record: liberation at Stalag IV-B, 1945-04-23; nothing later says the "
	       "person came home or died", 0);
}

static void test_status_names(void)
{
	CHECK_STR(pt_status_name(PT_STATUS_RETURNED), "returned");
	CHECK_STR(pt_status_name(PT_STATUS_DIED), "died");
	CHECK_STR(pt_status_name(PT_STATUS_UNACCOUNTED), "unaccounted");
	CHECK_STR(pt_status_name(PT_STATUS_CONFLICTING), "conflicting");
	CHECK_STR(pt_status_name(PT_STATUS_UNKNOWN), "unknown");
}

void suite_status(void);
void suite_status(void)
{
	RUN(test_unaccounted_after_liberation);
	RUN(test_returned);
	RUN(test_release_alone_is_still_in_transit);
	RUN(test_died);
	RUN(test_death_after_return_is_not_a_conflict);
	RUN(test_conflicting);
	RUN(test_unknown);
	RUN(test_order_is_by_date_not_record_order);
	RUN(test_status_names);
}

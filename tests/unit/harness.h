/*
 * harness.h - the small test harness of the library tests.
 *
 * A test is a function `static void test_x(void)`; a suite file exports
 * `void suite_NAME(void)` that calls RUN(test_x) for each. CHECK* macros
 * record a failure with file and line and let the test go on; a test passes
 * when none of its checks failed. main.c prints "N passed, N failed".
 */
#ifndef PT_TEST_HARNESS_H
#define PT_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int pt_test_failures;	/* failed checks in the current test */
void pt_test_run(const char *name, void (*fn)(void));
void pt_test_skip(const char *name, const char *why);
void pt_test_note(const char *fmt, ...)	/* informational line, e.g. a pass rate */
	__attribute__((format(printf, 1, 2)));
const char *pt_test_data_dir(void);	/* ../shared/data or $PT_SHARED_DATA; NULL if absent */

#define RUN(fn) pt_test_run(#fn, fn)

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
	pt_test_failures++; } } while (0)

#define CHECK_INT(got, want) do { long long g_ = (long long)(got), w_ = (long long)(want); \
	if (g_ != w_) { fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", \
		__FILE__, __LINE__, #got, g_, w_); pt_test_failures++; } } while (0)

#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); \
	if (!(g_ == w_ || (g_ && w_ && strcmp(g_, w_) == 0))) { \
		fprintf(stderr, "%s:%d: %s is '%s', want '%s'\n", __FILE__, __LINE__, \
			#got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
		pt_test_failures++; } } while (0)

#endif

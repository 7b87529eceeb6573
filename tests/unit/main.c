/*
 * main.c - runs every suite of library tests and prints "N passed, N failed".
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"

int pt_test_failures;
static int passed, failed, skipped;

void pt_test_run(const char *name, void (*fn)(void))
{
	pt_test_failures = 0;
	fn();
	if (pt_test_failures) {
		fprintf(stderr, "FAIL %s (%d checks)\n", name, pt_test_failures);
		failed++;
	} else {
		passed++;
	}
}

void pt_test_skip(const char *name, const char *why)
{
	printf("skip %s: %s\n", name, why);
	skipped++;
}

void pt_test_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

const char *pt_test_data_dir(void)
{
	static const char *dir;
	struct stat st;
	if (!dir) {
		const char *env = getenv("PT_SHARED_DATA");
		dir = env && *env ? env : "../shared/data";
	}
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : NULL;
}

#define SUITE(name) void suite_##name(void);
#include "suites.h"
#undef SUITE

/* 1 when the suite is to run: every suite, or those named on the command
 * line (unit-tests import import_linear) */
static int wanted(int argc, char **argv, const char *name)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
#define SUITE(name) if (wanted(argc, argv, #name)) suite_##name();
#include "suites.h"
#undef SUITE
	printf("unit: %d passed, %d failed", passed, failed);
	if (skipped)
		printf(", %d skipped", skipped);
	putchar('\n');
	return failed ? 1 : 0;
}

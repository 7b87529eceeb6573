/*
 * test_fuzz.c - the libFuzzer targets (tools/fuzz/) run over their seeds and
 * over every input that once made them fail (tools/fuzz/regressions/TARGET/),
 * so that a crash found by `make fuzz` stays fixed.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

#define LLVMFuzzerTestOneInput fuzz_csv_input
#include "../../tools/fuzz/fuzz_csv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_json_input
#include "../../tools/fuzz/fuzz_json.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_date_input
#include "../../tools/fuzz/fuzz_date.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_mapping_input
#include "../../tools/fuzz/fuzz_mapping.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_pattern_input
#include "../../tools/fuzz/fuzz_pattern.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_workbook_input
#include "../../tools/fuzz/fuzz_workbook.c"
#undef LLVMFuzzerTestOneInput

/* Runs fn over every file of dir; returns how many (-1: no such dir). */
static int run_dir(const char *dir, int (*fn)(const uint8_t *, size_t))
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[1024];
		FILE *f;
		uint8_t *data;
		long size;
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "README.md"))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (!(f = fopen(path, "rb")))
			continue;
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		fseek(f, 0, SEEK_SET);
		data = malloc((size_t)size + 1);
		if (data && fread(data, 1, (size_t)size, f) == (size_t)size) {
			fn(data, (size_t)size);
			n++;
		}
		free(data);
		fclose(f);
	}
	closedir(d);
	return n;
}

static void test_fuzz_seeds_and_regressions(void)
{
	static const struct { const char *name; int (*fn)(const uint8_t *, size_t); } targets[] = {
		{ "csv", fuzz_csv_input }, { "json", fuzz_json_input },
		{ "date", fuzz_date_input }, { "mapping", fuzz_mapping_input },
		{ "pattern", fuzz_pattern_input },
		{ "workbook", fuzz_workbook_input },
	};
	int seeds = 0, regressions = 0;
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
		char dir[256];
		int n;
		snprintf(dir, sizeof dir, "tools/fuzz/seeds/%s", targets[i].name);
		n = run_dir(dir, targets[i].fn);
		CHECK(n > 0); /* run from the repository's top directory */
		seeds += n > 0 ? n : 0;
		snprintf(dir, sizeof dir, "tools/fuzz/regressions/%s", targets[i].name);
		n = run_dir(dir, targets[i].fn);
		regressions += n > 0 ? n : 0;
	}
	pt_test_note("fuzz: %d seeds and %d regression inputs run through the %zu targets",
		     seeds, regressions, sizeof targets / sizeof *targets);
}

void suite_fuzz(void);
void suite_fuzz(void)
{
	RUN(test_fuzz_seeds_and_regressions);
}

/*
 * test_phonetic.c - American Soundex and Daitch-Mokotoff against the
 * commons-codec test vectors in ../shared/data/phonetic/commons-codec (all
 * must agree), and against cases of our own that do not need the shared
 * data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "names/names.h"

/* Undoes the TSV escapes \t \n \r \\ in place. */
static void unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* Splits a TSV line into at most max fields (in place); returns how many. */
static int fields(char *line, char **out, int max)
{
	int n = 0;
	line[strcspn(line, "\r\n")] = '\0';
	out[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			out[n++] = p + 1;
		}
	return n;
}

static FILE *open_vectors(const char *name, const char *test)
{
	char path[512];
	const char *dir = pt_test_data_dir();
	FILE *f;
	if (!dir) {
		pt_test_skip(test, "../shared/data not found");
		return NULL;
	}
	snprintf(path, sizeof path, "%s/phonetic/commons-codec/%s", dir, name);
	if (!(f = fopen(path, "r")))
		pt_test_skip(test, "test vectors not found");
	return f;
}

static void test_soundex_vectors(void)
{
	FILE *f = open_vectors("soundex_american.tsv", "test_soundex_vectors");
	char line[1024], *col[4];
	int total = 0, agree = 0, standard = 0, standard_agree = 0;

	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		pt__soundex_variant variant;
		char code[5];
		if (fields(line, col, 4) < 3 || !strcmp(col[0], "variant"))
			continue;
		if (!strcmp(col[0], "standard"))
			variant = PT__SOUNDEX_STANDARD;
		else if (!strcmp(col[0], "simplified"))
			variant = PT__SOUNDEX_SIMPLIFIED;
		else if (!strcmp(col[0], "genealogy"))
			variant = PT__SOUNDEX_GENEALOGY;
		else
			continue;
		unescape(col[1]);
		pt__soundex(col[1], variant, code);
		total++;
		standard += variant == PT__SOUNDEX_STANDARD;
		if (!strcmp(code, col[2])) {
			agree++;
			standard_agree += variant == PT__SOUNDEX_STANDARD;
		} else {
			fprintf(stderr, "soundex %s '%s': got %s, want %s\n", col[0], col[1], code, col[2]);
		}
	}
	fclose(f);
	pt_test_note("soundex: %d of %d commons-codec cases agree (standard %d of %d)", agree,
		     total, standard_agree, standard);
	CHECK(total >= 160);
	CHECK_INT(agree, total);
}

static void test_dm_vectors(void)
{
	FILE *f = open_vectors("daitch_mokotoff.tsv", "test_dm_vectors");
	pt__dm_rules *rules = NULL;
	char line[1024], *col[4];
	int total = 0, agree = 0;

	if (!f)
		return;
	CHECK_INT(pt__dm_rules_load(&rules), PT_OK);
	while (rules && fgets(line, sizeof line, f)) {
		char codes[PT__DM_MAX_BRANCHES][7];
		pt__buf joined = PT__BUF_INIT;
		int first_only, n;
		if (fields(line, col, 4) < 3 || !strcmp(col[0], "mode"))
			continue;
		first_only = !strcmp(col[0], "encode_first");
		unescape(col[1]);
		n = pt__dm_encode(rules, col[1], first_only, codes, PT__DM_MAX_BRANCHES);
		for (int i = 0; i < n; i++)
			pt__buf_printf(&joined, "%s%s", i ? "|" : "", codes[i]);
		total++;
		if (!strcmp(pt__buf_str(&joined), col[2]))
			agree++;
		else
			fprintf(stderr, "dm %s '%s': got %s, want %s\n", col[0], col[1],
				pt__buf_str(&joined), col[2]);
		pt__buf_release(&joined);
	}
	fclose(f);
	pt__dm_rules_free(rules);
	pt_test_note("daitch-mokotoff: %d of %d commons-codec cases agree (all branches, in order)",
		     agree, total);
	CHECK_INT(total, 73);
	CHECK_INT(agree, total);
}

/* Cases that run without the shared data. */
static void test_soundex_own(void)
{
	char code[5];
	CHECK_INT(pt__soundex("Robert", PT__SOUNDEX_STANDARD, code), PT_OK);
	CHECK_STR(code, "R163");
	pt__soundex("Ashcraft", PT__SOUNDEX_STANDARD, code);
	CHECK_STR(code, "A261");
	pt__soundex("Ashcraft", PT__SOUNDEX_SIMPLIFIED, code);
	CHECK_STR(code, "A226");
	pt__soundex("Kelly", PT__SOUNDEX_STANDARD, code);
	CHECK_STR(code, "K400");
	pt__soundex("O'Brien", PT__SOUNDEX_STANDARD, code);
	CHECK_STR(code, "O165");
	CHECK_INT(pt__soundex("", PT__SOUNDEX_STANDARD, code), PT_EINVAL);
	CHECK_STR(code, "");
	CHECK_INT(pt__soundex("Müller", PT__SOUNDEX_STANDARD, code), PT_EINVAL);
	CHECK_INT(pt__soundex("--", PT__SOUNDEX_STANDARD, code), PT_EINVAL);
}

static void test_dm_own(void)
{
	pt__dm_rules *rules = NULL;
	char codes[PT__DM_MAX_BRANCHES][7];
	int n;

	CHECK_INT(pt__dm_rules_load(&rules), PT_OK);
	if (!rules)
		return;
	n = pt__dm_encode(rules, "Kelley", 0, codes, PT__DM_MAX_BRANCHES);
	CHECK_INT(n, 1);
	CHECK_STR(codes[0], "580000");     /* the same as Kelly */
	n = pt__dm_encode(rules, "Harold", 0, codes, PT__DM_MAX_BRANCHES);
	CHECK_INT(n, 1);
	CHECK_STR(codes[0], "598300");
	n = pt__dm_encode(rules, "garold", 0, codes, PT__DM_MAX_BRANCHES);
	CHECK_STR(codes[0], "598300");     /* Гарольд romanised meets Harold */
	n = pt__dm_encode(rules, "GERSCHFELD", 0, codes, PT__DM_MAX_BRANCHES);
	CHECK_INT(n, 4);
	CHECK_STR(codes[3], "594578");
	n = pt__dm_encode(rules, "GERSCHFELD", 1, codes, PT__DM_MAX_BRANCHES);
	CHECK_INT(n, 1);
	CHECK_STR(codes[0], "547830");
	CHECK_INT(pt__dm_encode(rules, "", 0, codes, PT__DM_MAX_BRANCHES), 1);
	CHECK_STR(codes[0], "000000");
	/* a long name of branching letters stays within the cap */
	n = pt__dm_encode(rules, "chchchchchchjjjjjjcccccccrzrzrzrz", 0, codes, PT__DM_MAX_BRANCHES);
	CHECK(n >= 1 && n <= PT__DM_MAX_BRANCHES);
	/* the max argument bounds the output */
	CHECK_INT(pt__dm_encode(rules, "Rosochowaciec", 0, codes, 3), 3);
	pt__dm_rules_free(rules);
}

void suite_phonetic(void);
void suite_phonetic(void)
{
	RUN(test_soundex_own);
	RUN(test_dm_own);
	RUN(test_soundex_vectors);
	RUN(test_dm_vectors);
}

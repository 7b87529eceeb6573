/*
 * phonetic.c - phonetic codes of names: American Soundex (standard with the
 * H/W rule, simplified, genealogy) and Daitch-Mokotoff Soundex with all its
 * branches. Both follow Apache commons-codec exactly, so that the test
 * vectors taken from it agree to the last case; the Daitch-Mokotoff rule
 * table is commons-codec's own (data/names/dmrules.txt, Apache-2.0),
 * embedded at build time.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "names/names.h"

extern const char pt__dmrules_txt[];
extern const size_t pt__dmrules_txt_len;

/* ---- American Soundex ---------------------------------------------------- */

static const char soundex_us[] = "01230120022455012623010202";
static const char soundex_genealogy[] = "-123-12--22455-12623-1-2-2";

int pt__soundex(const char *s, pt__soundex_variant variant, char out[5])
{
	const char *mapping = variant == PT__SOUNDEX_GENEALOGY ? soundex_genealogy : soundex_us;
	int special_hw = variant == PT__SOUNDEX_STANDARD;
	char letters[64];
	size_t n = 0, count = 0;
	char last;
	uint32_t cp;

	memcpy(out, "0000", 5);
	/* commons-codec's SoundexUtils.clean: letters only, upper case */
	while ((cp = pt__utf8_next(&s)) != 0) {
		if (!u_isalpha((UChar32)cp))
			continue;
		cp = (uint32_t)u_toupper((UChar32)cp);
		if (cp < 'A' || cp > 'Z') {
			out[0] = '\0';
			return PT_EINVAL;     /* "the character is not mapped" */
		}
		if (n < sizeof letters)
			letters[n++] = (char)cp;
	}
	if (!n) {
		out[0] = '\0';
		return PT_EINVAL;
	}
	out[count++] = letters[0];
	last = mapping[letters[0] - 'A'];
	for (size_t i = 1; i < n && count < 4; i++) {
		char ch = letters[i], digit;
		if (special_hw && (ch == 'H' || ch == 'W'))
			continue;
		digit = mapping[ch - 'A'];
		if (digit == '-')
			continue;
		if (digit != '0' && digit != last)
			out[count++] = digit;
		last = digit;
	}
	return PT_OK;
}

/* ---- Daitch-Mokotoff ------------------------------------------------------ */

#define DM_PATTERN_MAX 7
#define DM_CODE_LEN 6

struct dm_rule {
	uint32_t pattern[DM_PATTERN_MAX];
	int length;
	/* replacements at the start, before a vowel, otherwise: one or two
	 * alternatives each ("3|4"), possibly empty */
	char repl[3][2][4];
	int repl_count[3];
	size_t order;             /* line order in the file */
};

struct dm_fold {
	uint32_t from, to;
};

struct pt__dm_rules {
	struct dm_rule *rules;    /* grouped by first code point, longest first */
	size_t count;
	struct dm_fold *folds;
	size_t fold_count;
};

void pt__dm_rules_free(pt__dm_rules *rules)
{
	if (!rules)
		return;
	free(rules->rules);
	free(rules->folds);
	free(rules);
}

/* The text between the quotes of a rule field; NULL when malformed. */
static const char *quoted(const char *p, char *out, size_t size)
{
	size_t n = 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '"')
		return NULL;
	for (p++; *p && *p != '"'; p++) {
		if (n + 1 >= size)
			return NULL;
		out[n++] = *p;
	}
	out[n] = '\0';
	return *p == '"' ? p + 1 : NULL;
}

/* "3|4" -> {"3", "4"}; "" -> {""}; "|6" -> {"", "6"} (Java's String.split). */
static int split_alternatives(const char *text, char out[2][4])
{
	const char *bar = strchr(text, '|');
	size_t first = bar ? (size_t)(bar - text) : strlen(text);
	if (first >= 4 || (bar && (strchr(bar + 1, '|') || strlen(bar + 1) >= 4)))
		return -1;
	memcpy(out[0], text, first);
	out[0][first] = '\0';
	if (!bar || !bar[1])
		return 1;     /* Java drops a trailing empty alternative */
	memcpy(out[1], bar + 1, strlen(bar + 1) + 1);   /* length checked above */
	return 2;
}

static int rule_order(const void *a, const void *b)
{
	const struct dm_rule *x = a, *y = b;
	if (x->pattern[0] != y->pattern[0])
		return x->pattern[0] < y->pattern[0] ? -1 : 1;
	if (x->length != y->length)
		return y->length - x->length;   /* longest first */
	/* commons-codec's sort is stable: file order among equals */
	return x->order < y->order ? -1 : x->order > y->order;
}

static int parse_line(pt__dm_rules *r, const char *line, size_t *cap_rules, size_t *cap_folds)
{
	char field[4][32];
	const char *p = line;
	const char *eq = strchr(line, '=');

	if (eq) {
		const char *left = line, *right = eq + 1;
		if (r->fold_count == *cap_folds) {
			size_t cap = *cap_folds ? *cap_folds * 2 : 64;
			struct dm_fold *grown = realloc(r->folds, cap * sizeof *grown);
			if (!grown)
				return PT_ENOMEM;
			r->folds = grown;
			*cap_folds = cap;
		}
		r->folds[r->fold_count].from = pt__utf8_next(&left);
		r->folds[r->fold_count].to = pt__utf8_next(&right);
		r->fold_count++;
		return PT_OK;
	}
	for (int i = 0; i < 4; i++)
		if (!(p = quoted(p, field[i], sizeof field[i])))
			return PT_EINVAL;
	if (r->count == *cap_rules) {
		size_t cap = *cap_rules ? *cap_rules * 2 : 128;
		struct dm_rule *grown = realloc(r->rules, cap * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		r->rules = grown;
		*cap_rules = cap;
	}
	{
		struct dm_rule *rule = &r->rules[r->count];
		const char *s = field[0];
		uint32_t cp;
		memset(rule, 0, sizeof *rule);
		while ((cp = pt__utf8_next(&s)) != 0) {
			if (rule->length == DM_PATTERN_MAX)
				return PT_EINVAL;
			rule->pattern[rule->length++] = cp;
		}
		if (!rule->length)
			return PT_EINVAL;
		for (int k = 0; k < 3; k++)
			if ((rule->repl_count[k] = split_alternatives(field[k + 1], rule->repl[k])) < 0)
				return PT_EINVAL;
		rule->order = r->count;
	}
	r->count++;
	return PT_OK;
}

int pt__dm_rules_load(pt__dm_rules **out)
{
	pt__dm_rules *r = calloc(1, sizeof *r);
	const char *p = pt__dmrules_txt, *end = pt__dmrules_txt + pt__dmrules_txt_len;
	size_t cap_rules = 0, cap_folds = 0;
	int in_comment = 0, rc = PT_OK;
	char line[256];

	*out = NULL;
	if (!r)
		return PT_ENOMEM;
	while (p < end && rc == PT_OK) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *cut, *start;
		if (len >= sizeof line) {
			rc = PT_EINVAL;
			break;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (nl ? 1 : 0);
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		if (in_comment) {
			if (len >= 2 && !strcmp(line + len - 2, "*/"))
				in_comment = 0;
			continue;
		}
		if (!strncmp(line, "/*", 2)) {
			in_comment = 1;
			continue;
		}
		if ((cut = strstr(line, "//")))
			*cut = '\0';
		for (start = line; *start == ' ' || *start == '\t'; start++)
			;
		if (!*start)
			continue;
		rc = parse_line(r, start, &cap_rules, &cap_folds);
	}
	if (rc) {
		pt__dm_rules_free(r);
		return rc;
	}
	/* commons-codec tries each first letter's rules longest first */
	qsort(r->rules, r->count, sizeof *r->rules, rule_order);
	*out = r;
	return PT_OK;
}

struct dm_branch {
	char code[DM_CODE_LEN + 1];
	int len;
	const char *last;         /* the last replacement; NULL before the first */
};

static void branch_add(struct dm_branch *b, const char *replacement, int force)
{
	size_t rl = strlen(replacement);
	int append = !b->last || force;

	if (!append) {
		size_t ll = strlen(b->last);
		append = rl > ll || strcmp(b->last + ll - rl, replacement) != 0;
	}
	if (append && b->len < DM_CODE_LEN) {
		for (size_t i = 0; i < rl && b->len < DM_CODE_LEN; i++)
			b->code[b->len++] = replacement[i];
		b->code[b->len] = '\0';
	}
	b->last = replacement;
}

static int is_vowel(uint32_t c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

int pt__dm_encode(const pt__dm_rules *rules, const char *s, int first_only,
		  char codes[][7], int max)
{
	struct dm_branch *current, *next;
	uint32_t *input;
	size_t n = 0, cap = strlen(s) + 1, branches = 1;
	uint32_t cp, last_char = 0;
	int result;

	input = malloc(cap * sizeof *input);
	current = calloc(PT__DM_MAX_BRANCHES, sizeof *current);
	next = calloc(PT__DM_MAX_BRANCHES * 2, sizeof *next);
	if (!input || !current || !next) {
		free(input);
		free(current);
		free(next);
		return PT_ENOMEM;
	}
	/* cleanup: no white space, lower case, the table's ASCII foldings */
	while ((cp = pt__utf8_next(&s)) != 0) {
		if (u_isWhitespace((UChar32)cp))
			continue;
		cp = (uint32_t)u_tolower((UChar32)cp);
		for (size_t f = 0; f < rules->fold_count; f++)
			if (rules->folds[f].from == cp) {
				cp = rules->folds[f].to;
				break;
			}
		input[n++] = cp;
	}

	for (size_t i = 0; i < n; i++) {
		uint32_t ch = input[i];
		const struct dm_rule *rule = NULL;
		size_t lo = 0, hi = rules->count;
		while (lo < hi) {        /* the first rule for ch */
			size_t mid = lo + (hi - lo) / 2;
			if (rules->rules[mid].pattern[0] < ch)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t r = lo; r < rules->count && rules->rules[r].pattern[0] == ch; r++) {
			const struct dm_rule *candidate = &rules->rules[r];
			int k;
			if ((size_t)candidate->length > n - i)
				continue;
			for (k = 0; k < candidate->length && input[i + (size_t)k] == candidate->pattern[k]; k++)
				;
			if (k == candidate->length) {
				rule = candidate;
				break;
			}
		}
		if (!rule)
			continue;   /* a character without rules: ignored, last_char unchanged */
		{
			int which, count, force;
			size_t made = 0;
			if (last_char == 0)
				which = 0;
			else if (i + (size_t)rule->length < n && is_vowel(input[i + (size_t)rule->length]))
				which = 1;
			else
				which = 2;
			count = first_only ? 1 : rule->repl_count[which];
			force = (last_char == 'm' && ch == 'n') || (last_char == 'n' && ch == 'm');
			for (size_t b = 0; b < branches; b++)
				for (int a = 0; a < count; a++) {
					struct dm_branch nb = current[b];
					branch_add(&nb, rule->repl[which][a], force);
					next[made++] = nb;
				}
			/* the next generation, without repeats, in order (a LinkedHashSet) */
			branches = 0;
			for (size_t m = 0; m < made; m++) {
				size_t k;
				for (k = 0; k < branches; k++)
					if (!strcmp(current[k].code, next[m].code))
						break;
				if (k == branches && branches < PT__DM_MAX_BRANCHES)
					current[branches++] = next[m];
			}
			i += (size_t)rule->length - 1;
		}
		last_char = ch;
	}

	result = 0;
	for (size_t b = 0; b < branches && result < max; b++) {
		struct dm_branch *br = &current[b];
		while (br->len < DM_CODE_LEN)
			br->code[br->len++] = '0';
		br->code[br->len] = '\0';
		memcpy(codes[result++], br->code, DM_CODE_LEN + 1);
	}
	free(input);
	free(current);
	free(next);
	return result;
}

/*
 * similar.c - how alike two spellings are, the one measure that `powtrace
 * find` and `powtrace link` share: Jaro-Winkler similarity and the
 * optimal-string-alignment edit distance (a letter changed, dropped, added,
 * or two neighbours swapped), on code points; and the deletion neighbourhood
 * of a spelling (the spelling with any one letter left out), an index-friendly
 * way to find the spellings one edit away: two spellings within one edit
 * share a key of their neighbourhoods (Hutchison, Hutchinson: "hutchison").
 */
#include <stdlib.h>
#include <string.h>

#include "names/names.h"

int pt__codepoints(const char *s, uint32_t *out, int max)
{
	int n = 0;
	uint32_t cp;
	while (n < max && (cp = pt__utf8_next(&s)) != 0)
		out[n++] = cp;
	return n;
}

double pt__jaro_winkler_cp(const uint32_t *a, int la, const uint32_t *b, int lb)
{
	unsigned char a_match[PT__SIMILAR_MAX] = { 0 }, b_match[PT__SIMILAR_MAX] = { 0 };
	int window, matches = 0, transpositions = 0, prefix = 0, k = 0;
	double jaro;

	if (la > PT__SIMILAR_MAX)
		la = PT__SIMILAR_MAX;
	if (lb > PT__SIMILAR_MAX)
		lb = PT__SIMILAR_MAX;
	if (la == 0 || lb == 0)
		return la == lb ? 1.0 : 0.0;
	window = (la > lb ? la : lb) / 2 - 1;
	if (window < 0)
		window = 0;
	for (int i = 0; i < la; i++) {
		int from = i - window > 0 ? i - window : 0;
		int to = i + window + 1 < lb ? i + window + 1 : lb;
		for (int j = from; j < to; j++) {
			if (b_match[j] || a[i] != b[j])
				continue;
			a_match[i] = b_match[j] = 1;
			matches++;
			break;
		}
	}
	if (matches == 0)
		return 0.0;
	for (int i = 0; i < la; i++) {
		if (!a_match[i])
			continue;
		while (!b_match[k])
			k++;
		if (a[i] != b[k])
			transpositions++;
		k++;
	}
	jaro = ((double)matches / la + (double)matches / lb +
		(matches - transpositions / 2.0) / matches) / 3.0;
	while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
		prefix++;
	return jaro + prefix * 0.1 * (1.0 - jaro);
}

double pt__jaro_winkler(const char *a, const char *b)
{
	uint32_t x[PT__SIMILAR_MAX], y[PT__SIMILAR_MAX];
	int lx = pt__codepoints(a, x, PT__SIMILAR_MAX), ly = pt__codepoints(b, y, PT__SIMILAR_MAX);
	return pt__jaro_winkler_cp(x, lx, y, ly);
}

int pt__edit_distance_cp(const uint32_t *a, int la, const uint32_t *b, int lb, int max)
{
	/* three rows of the optimal-string-alignment table; a row's smallest
	 * value over max ends the work early */
	int rows[3][PT__SIMILAR_MAX + 1];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if (la > PT__SIMILAR_MAX)
		la = PT__SIMILAR_MAX;
	if (lb > PT__SIMILAR_MAX)
		lb = PT__SIMILAR_MAX;
	if (abs(la - lb) > max)
		return max + 1;
	for (int j = 0; j <= lb; j++)
		prev[j] = j;
	for (int i = 1; i <= la; i++) {
		int best;
		cur[0] = best = i;
		for (int j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		{
			int *t = prev2;
			prev2 = prev;
			prev = cur;
			cur = t;
		}
	}
	return prev[lb] > max ? max + 1 : prev[lb];
}

int pt__edit_distance(const char *a, const char *b, int max)
{
	uint32_t x[PT__SIMILAR_MAX], y[PT__SIMILAR_MAX];
	int lx = pt__codepoints(a, x, PT__SIMILAR_MAX), ly = pt__codepoints(b, y, PT__SIMILAR_MAX);
	return pt__edit_distance_cp(x, lx, y, ly, max);
}

int pt__deletion_keys(const char *folded, pt__deletion_fn fn, void *ctx)
{
	uint32_t cp[PT__SIMILAR_MAX];
	int n = pt__codepoints(folded, cp, PT__SIMILAR_MAX), rc = PT_OK;
	pt__buf b = PT__BUF_INIT;

	/* short spellings: one letter out leaves too little to tell names apart */
	if (n < PT__DELETION_MIN_LEN)
		return PT_OK;
	for (int skip = 0; skip < n && rc == PT_OK; skip++) {
		if (skip > 0 && cp[skip] == cp[skip - 1])
			continue;        /* "kelly" without either l is one key */
		pt__buf_reset(&b);
		for (int i = 0; i < n; i++)
			if (i != skip)
				pt__buf_put_cp(&b, cp[i]);
		if (b.failed)
			rc = PT_ENOMEM;
		else
			rc = fn(ctx, pt__buf_str(&b));
	}
	pt__buf_release(&b);
	return rc;
}

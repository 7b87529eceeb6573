/*
 * compare.c - how two records compare: for each comparison (surname, given
 * names, birth date, service number, nationality, unit, camp) the level at
 * which they agree, strongest first, or "missing" when either has no value
 * (an uncertain birth date too: it is no disagreement); and the events that
 * make one man of the two impossible (vetoes). Every name form of one record
 * is compared with every form of the other, and the best agreement counts.
 */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

const lk_comparison_info pt__lk_comparisons[LK_COMPARISON_COUNT] = {
	[LK_SURNAME] = { "surname", { "exact", "variant", "cross-script", "phonetic", "one edit",
				      "two edits", "different" }, 7, "surname" },
	[LK_GIVEN] = { "given_names", { "same", "first name only", "equivalent", "initial",
					"similar", "different" }, 6, NULL },
	[LK_BIRTH] = { "birth_date", { "same day", "day and month swapped", "same month",
				       "same year", "same year, another day", "a year apart",
				       "two years apart", "different" }, 8, NULL },
	[LK_SERVICE_NUMBER] = { "service_number", { "same", "one transposition or digit",
						    "different" }, 3, NULL },
	[LK_NATIONALITY] = { "nationality", { "same", "different" }, 2, NULL },
	[LK_UNIT] = { "unit", { "same", "similar", "different" }, 3, NULL },
	[LK_CAMP] = { "camp", { "same", "different" }, 2, NULL },
};

const char *pt__lk_veto_text(int veto)
{
	switch (veto) {
	case LK_VETO_DEATH_BEFORE_CAPTURE: return "one record's death is before the other's capture";
	case LK_VETO_TWO_DEATHS: return "the records give deaths more than a year apart";
	case LK_VETO_BIRTH_AFTER_CAPTURE: return "one record's birth is after the other's capture";
	default: return NULL;
	}
}

uint32_t pt__lk_pattern(const lk_gamma *g)
{
	uint32_t p = 0;
	for (int c = 0; c < LK_COMPARISON_COUNT; c++)
		p |= (uint32_t)(g->level[c] & 0xf) << (4 * c);
	return p;
}

void pt__lk_pattern_levels(uint32_t pattern, uint8_t level[LK_COMPARISON_COUNT])
{
	for (int c = 0; c < LK_COMPARISON_COUNT; c++)
		level[c] = (uint8_t)((pattern >> (4 * c)) & 0xf);
}

static int ids_meet(const uint32_t *a, int na, const uint32_t *b, int nb)
{
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++)
			if (a[i] == b[j])
				return 1;
	return 0;
}

/* The Latin renderings of a word: its folded form, or its romanisations. */
static int latin_forms(const lk_data *d, const lk_word *w, const char *out[3])
{
	int n = 0;
	if (w->script == LK_LATIN) {
		if (w->exact)
			out[n++] = d->strings.texts[w->exact];
	} else {
		for (int i = 0; i < w->translit_count; i++)
			out[n++] = d->strings.texts[w->translit[i]];
	}
	return n;
}

static int edit_between(const lk_data *d, const lk_word *x, const lk_word *y, int max)
{
	const char *a[3], *b[3];
	int na = latin_forms(d, x, a), nb = latin_forms(d, y, b), best = max + 1;
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++) {
			int e = pt__edit_distance(a[i], b[j], max);
			if (e < best)
				best = e;
		}
	return best;
}

static double jw_between(const lk_data *d, const lk_word *x, const lk_word *y)
{
	const char *a[3], *b[3];
	int na = latin_forms(d, x, a), nb = latin_forms(d, y, b);
	double best = 0;
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++) {
			double s = pt__jaro_winkler(a[i], b[j]);
			if (s > best)
				best = s;
		}
	return best;
}

static int exact_meets(const lk_word *x, const lk_word *y)
{
	return x->exact && (x->exact == y->exact || (x->alt && x->alt == y->exact) ||
			    (y->alt && y->alt == x->exact));
}

/* The surname level of two words, and the key that agreed (term frequency). */
static int surname_level(const lk_data *d, const lk_word *x, const lk_word *y, uint32_t *tf_key)
{
	int cross = x->script != y->script;
	*tf_key = 0;
	if (!cross && exact_meets(x, y)) {
		*tf_key = x->exact;
		return 0;
	}
	if (!cross && x->variant && x->variant == y->variant) {
		*tf_key = x->variant;
		return 1;
	}
	if (cross) {
		/* a romanisation equal to the Latin name, or the clerk key */
		const lk_word *cyr = x->script == LK_LATIN ? y : x, *lat = x->script == LK_LATIN ? x : y;
		for (int i = 0; i < cyr->translit_count; i++)
			if (cyr->translit[i] == lat->exact || cyr->translit[i] == lat->variant) {
				*tf_key = lat->exact;
				return 2;
			}
		for (int i = 0; i < x->clerk_count; i++)
			for (int j = 0; j < y->clerk_count; j++)
				if (x->clerk[i] == y->clerk[j]) {
					*tf_key = x->clerk[i];
					return 2;
				}
	}
	if (ids_meet(x->dm, x->dm_count, y->dm, y->dm_count) ||
	    (x->soundex && x->soundex == y->soundex) ||
	    (!cross && ids_meet(x->clerk, x->clerk_count, y->clerk, y->clerk_count)))
		return 3;
	switch (edit_between(d, x, y, 2)) {
	case 0: case 1: return 4;
	case 2: return 5;
	default: return 6;
	}
}

enum { W_EXACT, W_EQUIV, W_INITIAL, W_SIMILAR, W_NONE };

static const char *exact_text(const lk_data *d, const lk_word *w)
{
	return w->exact ? d->strings.texts[w->exact] : "";
}

/* How two given-name words agree. */
static int given_word_level(const lk_data *d, const lk_word *x, const lk_word *y)
{
	int cross = x->script != y->script;
	const char *xs = exact_text(d, x), *ys = exact_text(d, y);

	if (x->initial || y->initial) {
		const lk_word *i = x->initial ? x : y, *o = x->initial ? y : x;
		const char *is = x->initial ? xs : ys;
		const char *lat[3];
		int n;
		if (!cross && o->exact && !strncmp(d->strings.texts[o->exact], is, strlen(is)))
			return W_INITIAL;
		/* across scripts: the clerk keys' first letter, or a romanisation */
		for (int a = 0; a < i->initial_count; a++)
			for (int b = 0; b < o->initial_count; b++)
				if (i->initials[a] == o->initials[b])
					return W_INITIAL;
		n = latin_forms(d, o, lat);
		for (int k = 0; k < n; k++)
			if (!strncmp(lat[k], is, strlen(is)))
				return W_INITIAL;
		if (i->nick_count && ids_meet(i->nick, i->nick_count, o->nick, o->nick_count))
			return W_INITIAL;   /* Wm. and William */
		return W_NONE;
	}
	if (!cross && exact_meets(x, y))
		return W_EXACT;
	if (ids_meet(x->nick, x->nick_count, y->nick, y->nick_count) ||
	    (!cross && x->variant && x->variant == y->variant))
		return W_EQUIV;
	if (cross) {
		const lk_word *cyr = x->script == LK_LATIN ? y : x, *lat = x->script == LK_LATIN ? x : y;
		for (int i = 0; i < cyr->translit_count; i++)
			if (cyr->translit[i] == lat->exact)
				return W_EQUIV;
		if (ids_meet(x->clerk, x->clerk_count, y->clerk, y->clerk_count))
			return W_EQUIV;
	}
	if (jw_between(d, x, y) >= 0.88)
		return W_SIMILAR;
	return W_NONE;
}

static int given_level(const lk_data *d, const lk_name *a, const lk_name *b)
{
	const lk_name *s = a->given_count <= b->given_count ? a : b;
	const lk_name *l = s == a ? b : a;
	int level[LK_MAX_GIVEN][LK_MAX_GIVEN], used[LK_MAX_GIVEN] = { 0 };
	int worst = W_EXACT, best = W_NONE, unmatched = 0, initials = 0;

	if (!a->given_count || !b->given_count)
		return LK_MISSING;
	for (int i = 0; i < s->given_count; i++)
		for (int j = 0; j < l->given_count; j++)
			level[i][j] = given_word_level(d, &d->words[s->given[i]], &d->words[l->given[j]]);
	/* each word of the shorter list takes its best unused partner, the
	 * closest agreements first, in any order */
	for (int pass = W_EXACT; pass < W_NONE; pass++)
		for (int i = 0; i < s->given_count; i++) {
			if (used[i] < 0)
				continue;
			for (int j = 0; j < l->given_count; j++) {
				int taken = 0;
				for (int k = 0; k < s->given_count; k++)
					taken |= used[k] == j + 1;
				if (!taken && level[i][j] == pass) {
					used[i] = j + 1;
					break;
				}
			}
			if (used[i] > 0) {
				int lv = level[i][used[i] - 1];
				if (lv > worst)
					worst = lv;
				if (lv < best)
					best = lv;
				used[i] = -used[i];
			}
		}
	for (int i = 0; i < s->given_count; i++) {
		if (used[i] == 0)
			unmatched++;
		initials += d->words[s->given[i]].initial;
	}
	if (unmatched == s->given_count)
		return 5;                                 /* different */
	if (unmatched)
		return best <= W_EQUIV ? 1 : 5;           /* first name only, or different */
	switch (worst) {
	case W_EXACT: return initials ? 3 : 0;
	case W_EQUIV: return 2;
	case W_INITIAL: return 3;
	default: return 4;
	}
}

/* ---- dates ---------------------------------------------------------------------------- */

enum { P_DAY, P_MONTH, P_YEAR, P_RANGE };

static int precision(int32_t lo, int32_t hi)
{
	if (lo == hi)
		return P_DAY;
	if (lo / 100 == hi / 100)
		return P_MONTH;
	if (lo / 10000 == hi / 10000)
		return P_YEAR;
	return P_RANGE;
}

static int birth_level(const lk_rec *a, const lk_rec *b)
{
	int pa, pb, coarser, gap;
	if (!a->birth_min || !b->birth_min)
		return LK_MISSING;
	pa = precision(a->birth_min, a->birth_max);
	pb = precision(b->birth_min, b->birth_max);
	/* a span of years is no date to agree or disagree with */
	if ((pa == P_RANGE && a->birth_max / 10000 - a->birth_min / 10000 > 2) ||
	    (pb == P_RANGE && b->birth_max / 10000 - b->birth_min / 10000 > 2))
		return LK_MISSING;
	coarser = pa > pb ? pa : pb;
	if (a->birth_min <= b->birth_max && b->birth_min <= a->birth_max) {
		switch (coarser) {
		case P_DAY: return 0;
		case P_MONTH: return 2;
		case P_YEAR: return 3;
		default: return LK_MISSING;
		}
	}
	if (pa == P_DAY && pb == P_DAY && a->birth_min / 10000 == b->birth_min / 10000 &&
	    a->birth_min % 100 == b->birth_min / 100 % 100 &&
	    a->birth_min / 100 % 100 == b->birth_min % 100)
		return 1;
	if (a->birth_max < b->birth_min)
		gap = b->birth_min / 10000 - a->birth_max / 10000;
	else
		gap = a->birth_min / 10000 - b->birth_max / 10000;
	return gap <= 0 ? 4 : gap == 1 ? 5 : gap == 2 ? 6 : 7;
}

/* ---- service numbers ---------------------------------------------------------------------- */

static int sn_level(const lk_data *d, const lk_rec *a, const lk_rec *b)
{
	const char *x, *y;
	size_t lx, ly, diff = 0, first = 0, second = 0;
	if (!a->sn || !b->sn)
		return LK_MISSING;
	if (a->sn == b->sn)
		return 0;
	x = d->strings.texts[a->sn];
	y = d->strings.texts[b->sn];
	lx = strlen(x);
	ly = strlen(y);
	if (lx == ly) {
		for (size_t i = 0; i < lx; i++)
			if (x[i] != y[i]) {
				if (diff == 0)
					first = i;
				else if (diff == 1)
					second = i;
				diff++;
			}
		/* one digit wrong, or two digits swapped (next to each other or not) */
		if (diff == 1 || (diff == 2 && x[first] == y[second] && x[second] == y[first]))
			return 1;
		return 2;
	}
	return pt__edit_distance(x, y, 1) <= 1 ? 1 : 2;
}

/* ---- units and camps ------------------------------------------------------------------------ */

static int unit_level(const lk_data *d, const lk_rec *a, const lk_rec *b)
{
	uint32_t shared = 0, smaller;
	if (!a->unit_count || !b->unit_count)
		return LK_MISSING;
	for (uint32_t i = 0; i < a->unit_count; i++)
		for (uint32_t j = 0; j < b->unit_count; j++)
			shared += d->units[a->unit_first + i] == d->units[b->unit_first + j];
	if (shared == a->unit_count && shared == b->unit_count)
		return 0;
	smaller = a->unit_count < b->unit_count ? a->unit_count : b->unit_count;
	if (shared > 0 && shared * 3 >= smaller * 2)
		return 1;
	return 2;
}

static int camp_level(const lk_data *d, const lk_rec *a, const lk_rec *b)
{
	if (!a->camp_count || !b->camp_count)
		return LK_MISSING;
	for (uint32_t i = 0; i < a->camp_count; i++)
		for (uint32_t j = 0; j < b->camp_count; j++)
			if (d->camps[a->camp_first + i] == d->camps[b->camp_first + j])
				return 0;
	return 1;
}

/* ---- vetoes ------------------------------------------------------------------------------------ */

static int veto_one_way(const lk_rec *a, const lk_rec *b)
{
	if (a->ev.death_max && b->ev.capture_latest_min && a->ev.death_max < b->ev.capture_latest_min)
		return LK_VETO_DEATH_BEFORE_CAPTURE;
	if (a->birth_min && b->ev.capture_earliest_max &&
	    pt__lk_day_number(a->birth_min) > b->ev.capture_earliest_max)
		return LK_VETO_BIRTH_AFTER_CAPTURE;
	if (a->ev.death_max && b->ev.death_min && a->ev.death_max + 366 < b->ev.death_min)
		return LK_VETO_TWO_DEATHS;
	return LK_VETO_NONE;
}

void pt__lk_compare(const lk_data *d, const lk_rec *a, const lk_rec *b, lk_gamma *g)
{
	int surname = LK_MISSING, given = LK_MISSING;
	memset(g, 0, sizeof *g);
	for (uint32_t i = 0; i < a->name_count; i++) {
		const lk_name *x = &d->names[a->name_first + i];
		for (uint32_t j = 0; j < b->name_count; j++) {
			const lk_name *y = &d->names[b->name_first + j];
			if (x->surname && y->surname) {
				uint32_t tf_key;
				int lv = surname_level(d, &d->words[x->surname], &d->words[y->surname],
						       &tf_key);
				if (surname == LK_MISSING || lv < surname) {
					surname = lv;
					g->tf_key = tf_key;
					g->best_a = (uint16_t)i;
					g->best_b = (uint16_t)j;
				}
			}
			if (given != 0) {
				int lv = given_level(d, x, y);
				if (lv != LK_MISSING && (given == LK_MISSING || lv < given))
					given = lv;
			}
		}
	}
	g->level[LK_SURNAME] = (uint8_t)surname;
	g->level[LK_GIVEN] = (uint8_t)given;
	g->level[LK_BIRTH] = (uint8_t)birth_level(a, b);
	g->level[LK_SERVICE_NUMBER] = (uint8_t)sn_level(d, a, b);
	g->level[LK_NATIONALITY] = !a->nationality || !b->nationality ? LK_MISSING
				   : a->nationality == b->nationality ? 0 : 1;
	g->level[LK_UNIT] = (uint8_t)unit_level(d, a, b);
	g->level[LK_CAMP] = (uint8_t)camp_level(d, a, b);
	if (!(g->veto = (uint8_t)veto_one_way(a, b)))
		g->veto = (uint8_t)veto_one_way(b, a);
}

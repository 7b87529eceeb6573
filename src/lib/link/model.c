/*
 * model.c - the Fellegi-Sunter model: for each comparison level m (its
 * probability when the two records are one man) and u (when they are two
 * men), and the prior that two records taken at random are one man;
 * estimated from the data itself, without labels, as Splink does: u from
 * pairs of records taken at random (for the exact levels, worked out from
 * how often each value occurs), m by expectation-maximisation with u held
 * fixed, in two sessions whose blocking keys leave the other comparisons
 * free (pairs that share a service number; pairs that share a surname and a
 * birth year). A pair's match weight is log2 of its odds: the prior's plus
 * each level's log2(m/u); an agreeing surname's u is the share of records
 * with that surname (term frequency), so that Smith agreeing says less than
 * Kowalczyk agreeing. The model is stored in link_model and
 * link_model_value, and the model each run weighed its pairs with in
 * link_run_model and link_run_model_value: a pair's evidence is stored as
 * its levels, and its JSON rebuilt from them and that model.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

/* Starting values, and the model of a database that has not estimated one:
 * what the estimate on the generator's registers (5,000 men) gave, rounded. */
static const double start_m[LK_COMPARISON_COUNT][LK_MAX_LEVELS] = {
	[LK_SURNAME] = { 0.85, 0.03, 0.06, 0.035, 0.02, 0.004, 0.001 },
	[LK_GIVEN] = { 0.30, 0.01, 0.10, 0.57, 0.01, 0.01 },
	[LK_BIRTH] = { 0.90, 0.02, 0.90, 0.95, 0.03, 0.04, 0.005, 0.005 },
	[LK_SERVICE_NUMBER] = { 0.94, 0.055, 0.005 },
	[LK_NATIONALITY] = { 0.995, 0.005 },
	[LK_UNIT] = { 0.95, 0.04, 0.01 },
	[LK_CAMP] = { 0.50, 0.50 },
};
static const double start_u[LK_COMPARISON_COUNT][LK_MAX_LEVELS] = {
	[LK_SURNAME] = { 0.002, 0.0005, 0.0005, 0.02, 0.002, 0.01, 0.965 },
	[LK_GIVEN] = { 0.02, 0.005, 0.01, 0.08, 0.02, 0.865 },
	[LK_BIRTH] = { 0.0003, 0.00002, 0.004, 0.046, 0.045, 0.085, 0.08, 0.79 },
	[LK_SERVICE_NUMBER] = { 0.0002, 0.0008, 0.999 },
	[LK_NATIONALITY] = { 0.35, 0.65 },
	[LK_UNIT] = { 0.02, 0.10, 0.88 },
	[LK_CAMP] = { 0.10, 0.90 },
};

#define PRIOR_START 0.0001
#define PSEUDO_PAIRS 20.0       /* weight of the starting values in an estimate */

void pt__lk_model_default(lk_model *m)
{
	memset(m, 0, sizeof *m);
	memcpy(m->m, start_m, sizeof start_m);
	memcpy(m->u, start_u, sizeof start_u);
	m->prior = PRIOR_START;
}

/* ---- the histogram ------------------------------------------------------------------ */

int pt__lk_hist_add(lk_hist *h, uint32_t pattern, double count)
{
	/* patterns are few (hundreds to thousands): a linear probe over a
	 * small open table kept in the arrays' tail would be overkill; keep
	 * them sorted as they come */
	uint32_t lo = 0, hi = h->n;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (h->pattern[mid] < pattern)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < h->n && h->pattern[lo] == pattern) {
		h->count[lo] += count;
		return PT_OK;
	}
	if (h->n == h->cap) {
		uint32_t cap = h->cap ? h->cap * 2 : 256;
		uint32_t *p = realloc(h->pattern, cap * sizeof *p);
		double *c;
		if (!p)
			return PT_ENOMEM;
		h->pattern = p;
		if (!(c = realloc(h->count, cap * sizeof *c)))
			return PT_ENOMEM;
		h->count = c;
		h->cap = cap;
	}
	memmove(h->pattern + lo + 1, h->pattern + lo, (h->n - lo) * sizeof *h->pattern);
	memmove(h->count + lo + 1, h->count + lo, (h->n - lo) * sizeof *h->count);
	h->pattern[lo] = pattern;
	h->count[lo] = count;
	h->n++;
	return PT_OK;
}

void pt__lk_hist_release(lk_hist *h)
{
	free(h->pattern);
	free(h->count);
	memset(h, 0, sizeof *h);
}

/* ---- estimation ---------------------------------------------------------------------- */

/* A birth date given only to the month or the year is a coarser view of
 * the same comparison: its levels are the sums of the full dates' levels
 * they cannot tell apart (same year: same day, swapped, another day), so
 * that records of different precision weigh alike whatever mix of them
 * the estimate saw. The levels' probabilities are renormalised over the
 * full-date levels. */
static int coarse_level(int comparison, int level)
{
	return comparison == LK_BIRTH && (level == 2 || level == 3);
}

static void coarsen(double p[LK_COMPARISON_COUNT][LK_MAX_LEVELS])
{
	double *b = p[LK_BIRTH], fine = 0;
	for (int l = 0; l < pt__lk_comparisons[LK_BIRTH].level_count; l++)
		if (!coarse_level(LK_BIRTH, l))
			fine += b[l];
	for (int l = 0; l < pt__lk_comparisons[LK_BIRTH].level_count; l++)
		if (!coarse_level(LK_BIRTH, l))
			b[l] /= fine;
	b[3] = b[0] + b[1] + b[4];
	b[2] = b[0] + b[4] / 12;
}

int pt__lk_session_of(const lk_gamma *g)
{
	int session = 0;
	if (g->level[LK_SERVICE_NUMBER] <= 1)
		session |= 1;
	if (g->level[LK_SURNAME] <= 3 && g->level[LK_BIRTH] <= 4 &&
	    g->level[LK_GIVEN] != LK_MISSING && g->level[LK_GIVEN] <= 3)
		session |= 2;
	return session;
}

/* u from the random pairs. Random pairs include the few that are one man:
 * with the prior and m of the last round, their share is taken out, u =
 * (observed - prior m) / (1 - prior), which matters in a small database
 * (a dozen records, two of them one man's) and not in a large one. */
static void estimate_u(lk_model *model, const lk_u_sample *random)
{
	double prior = model->estimated ? model->prior : 0;
	for (int c = 0; c < LK_COMPARISON_COUNT; c++) {
		int n = pt__lk_comparisons[c].level_count, from = 0;
		double total = 0, fixed = 0, observed[LK_MAX_LEVELS], sum = 0;
		if (random->exact[c] >= 0) {
			/* the exact level worked out; the others share the rest */
			fixed = random->exact[c] > 1e-9 ? random->exact[c] : 1e-9;
			observed[0] = fixed;
			from = 1;
		}
		for (int l = from; l < n; l++)
			if (!coarse_level(c, l))
				total += random->count[c][l] + start_u[c][l];   /* one pseudo-pair */
		for (int l = from; l < n; l++)
			if (!coarse_level(c, l))
				observed[l] = (random->count[c][l] + start_u[c][l]) / total * (1 - fixed);
		for (int l = 0; l < n; l++) {
			double u;
			if (coarse_level(c, l))
				continue;
			u = (observed[l] - prior * model->m[c][l]) / (1 - prior);
			if (u < observed[l] * 0.01)
				u = observed[l] * 0.01;
			model->u[c][l] = u;
			sum += u;
		}
		for (int l = 0; l < n; l++)
			if (!coarse_level(c, l))
				model->u[c][l] /= sum;
	}
	coarsen(model->u);
}

/* EM for m with u fixed, over the comparisons `use` marks. */
static void estimate_m(lk_model *model, const lk_hist *h, const int use[LK_COMPARISON_COUNT],
		       double out[LK_COMPARISON_COUNT][LK_MAX_LEVELS], int *iterations)
{
	double m[LK_COMPARISON_COUNT][LK_MAX_LEVELS], prior = 0.5, total = 0;
	int it;

	memcpy(m, start_m, sizeof m);
	for (uint32_t i = 0; i < h->n; i++)
		total += h->count[i];
	for (it = 0; it < 200 && total > 0; it++) {
		double mc[LK_COMPARISON_COUNT][LK_MAX_LEVELS], matches = 0, change = 0;
		for (int c = 0; c < LK_COMPARISON_COUNT; c++)
			for (int l = 0; l < pt__lk_comparisons[c].level_count; l++)
				mc[c][l] = start_m[c][l] * PSEUDO_PAIRS;
		for (uint32_t i = 0; i < h->n; i++) {
			uint8_t lv[LK_COMPARISON_COUNT];
			double lm = log(prior), lu = log(1 - prior), post;
			pt__lk_pattern_levels(h->pattern[i], lv);
			for (int c = 0; c < LK_COMPARISON_COUNT; c++) {
				if (!use[c] || lv[c] == LK_MISSING)
					continue;
				lm += log(m[c][lv[c]]);
				lu += log(model->u[c][lv[c]]);
			}
			post = 1.0 / (1.0 + exp(lu - lm));
			matches += post * h->count[i];
			for (int c = 0; c < LK_COMPARISON_COUNT; c++)
				if (use[c] && lv[c] != LK_MISSING && !coarse_level(c, lv[c]))
					mc[c][lv[c]] += post * h->count[i];
		}
		{
			double next = matches / total;
			next = next < 1e-6 ? 1e-6 : next > 1 - 1e-6 ? 1 - 1e-6 : next;
			change = fabs(next - prior);
			prior = next;
		}
		for (int c = 0; c < LK_COMPARISON_COUNT; c++) {
			double sum = 0;
			int n = pt__lk_comparisons[c].level_count;
			if (!use[c])
				continue;
			for (int l = 0; l < n; l++)
				if (!coarse_level(c, l))
					sum += mc[c][l];
			for (int l = 0; l < n; l++) {
				double v = mc[c][l] / sum;
				if (coarse_level(c, l))
					continue;
				change = fmax(change, fabs(v - m[c][l]));
				m[c][l] = v;
			}
		}
		coarsen(m);
		if (change < 1e-7)
			break;
	}
	memcpy(out, m, sizeof m);
	*iterations += it;
}

int pt__lk_model_estimate(lk_model *model, const lk_u_sample *random, const lk_hist *by_number,
		      const lk_hist *by_name)
{
	static const int number_session[LK_COMPARISON_COUNT] = {
		[LK_SURNAME] = 1, [LK_GIVEN] = 1, [LK_BIRTH] = 1, [LK_NATIONALITY] = 1, [LK_UNIT] = 1,
		[LK_CAMP] = 1,
	};
	static const int name_session[LK_COMPARISON_COUNT] = {
		[LK_SERVICE_NUMBER] = 1, [LK_NATIONALITY] = 1, [LK_UNIT] = 1, [LK_CAMP] = 1,
	};
	double a[LK_COMPARISON_COUNT][LK_MAX_LEVELS], b[LK_COMPARISON_COUNT][LK_MAX_LEVELS];
	double pairs = 0;

	estimate_u(model, random);
	estimate_m(model, by_number, number_session, a, &model->iterations);
	estimate_m(model, by_name, name_session, b, &model->iterations);
	for (int c = 0; c < LK_COMPARISON_COUNT; c++)
		for (int l = 0; l < pt__lk_comparisons[c].level_count; l++) {
			if (number_session[c] && name_session[c])
				model->m[c][l] = (a[c][l] + b[c][l]) / 2;
			else
				model->m[c][l] = number_session[c] ? a[c][l] : b[c][l];
		}
	for (uint32_t i = 0; i < by_number->n; i++)
		pairs += by_number->count[i];
	for (uint32_t i = 0; i < by_name->n; i++)
		pairs += by_name->count[i];
	model->sampled = random->pairs;
	model->estimated = 1;
	(void)pairs;
	return PT_OK;
}

/* ---- weights ----------------------------------------------------------------------------- */

double pt__lk_level_weight(const lk_model *m, int comparison, int level)
{
	if (level == LK_MISSING || level >= pt__lk_comparisons[comparison].level_count)
		return 0;
	return log2(m->m[comparison][level] / m->u[comparison][level]);
}

double pt__lk_tf_weight(const lk_model *m, int level, double tf)
{
	double floor;
	if (tf <= 0 || (level != 0 && level != 2))
		return 0;
	floor = m->records > 0 ? 1.0 / m->records : 1e-7;
	if (tf < floor)
		tf = floor;
	/* exact: log2(m/tf) in all. Across scripts the clerk key is what the
	 * exact spelling is within one script: it weighs as an exact agreement
	 * of its frequency (few matches cross scripts, so the level's own m is
	 * mostly the share of such pairs, not how often they agree) */
	if (level == 2)
		return log2(m->m[LK_SURNAME][0] / tf) - log2(m->m[LK_SURNAME][2] / m->u[LK_SURNAME][2]);
	return log2(m->u[LK_SURNAME][0] / tf);
}

double pt__lk_prior_weight(const lk_model *m)
{
	return log2(m->prior / (1 - m->prior));
}

static int tf_applies(const lk_gamma *g)
{
	return g->level[LK_SURNAME] == 0 || g->level[LK_SURNAME] == 2;
}

double pt__lk_weight(const lk_model *m, const lk_gamma *g, double tf)
{
	double w = pt__lk_prior_weight(m);
	/* see pt__lk_tf_weight: the levels that the surname's frequency adjusts */
	for (int c = 0; c < LK_COMPARISON_COUNT; c++)
		w += pt__lk_level_weight(m, c, g->level[c]);
	if (tf_applies(g))
		w += pt__lk_tf_weight(m, g->level[LK_SURNAME], tf);
	return w;
}

double pt__lk_probability(double weight)
{
	if (weight > 60)
		return 1.0;
	if (weight < -60)
		return 0.0;
	return 1.0 / (1.0 + exp2(-weight));
}

/* A weight with two decimals (printf is slow for a million of them). */
static void put_weight(pt__buf *b, double w)
{
	char tmp[32];
	long v = lround(w * 100);
	int n = 0, neg = v < 0;
	if (neg)
		v = -v;
	tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
	v /= 10;
	tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
	v /= 10;
	tmp[sizeof tmp - 1 - n++] = '.';
	do {
		tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < 30);
	if (neg)
		tmp[sizeof tmp - 1 - n++] = '-';
	pt__buf_add(b, tmp + sizeof tmp - n, (size_t)n);
}

char *pt__lk_evidence_json(const lk_model *m, const lk_gamma *g, double tf)
{
	pt__buf b = PT__BUF_INIT;
	pt__buf_puts(&b, "{\"weight\":");
	put_weight(&b, pt__lk_weight(m, g, tf));
	pt__buf_puts(&b, ",\"prior\":");
	put_weight(&b, pt__lk_prior_weight(m));
	for (int c = 0; c < LK_COMPARISON_COUNT; c++) {
		const lk_comparison_info *ci = &pt__lk_comparisons[c];
		int lv = g->level[c];
		double w = pt__lk_level_weight(m, c, lv);
		if (c == LK_SURNAME && tf_applies(g))
			w += pt__lk_tf_weight(m, g->level[LK_SURNAME], tf);
		pt__buf_printf(&b, ",\"%s\":[\"%s\",", ci->name,
			       lv == LK_MISSING ? "missing" : ci->levels[lv]);
		put_weight(&b, w);
		pt__buf_putc(&b, ']');
	}
	if (tf_applies(g))
		pt__buf_printf(&b, ",\"surname_frequency\":%.3g,\"surname_tf_weight\":%.2f", tf,
			       pt__lk_tf_weight(m, g->level[LK_SURNAME], tf));
	if (g->veto)
		pt__buf_printf(&b, ",\"veto\":\"%s\"", pt__lk_veto_text(g->veto));
	pt__buf_putc(&b, '}');
	return pt__buf_detach(&b);
}

/* ---- the evidence as levels ------------------------------------------------------------------ */

int64_t pt__lk_levels_code(const lk_gamma *g)
{
	return (int64_t)pt__lk_pattern(g) | (int64_t)(g->veto & 3) << 28;
}

void pt__lk_levels_gamma(int64_t code, lk_gamma *g)
{
	memset(g, 0, sizeof *g);
	pt__lk_pattern_levels((uint32_t)(code & 0x0fffffff), g->level);
	g->veto = (uint8_t)(code >> 28 & 3);
}

/* ---- storing the model ---------------------------------------------------------------------- */

/* The model into a level table and a value table: the latest one
 * (link_model, link_model_value) or a run's (link_run_model,
 * link_run_model_value, with tf_records). */
static int write_model(pt_db *db, const lk_model *m, int64_t run_id, const char *level_sql,
		       const char *value_sql, double tf_records)
{
	sqlite3_stmt *s = NULL, *v = NULL;
	int rc, nvalues = tf_records >= 0 ? 6 : 5;
	static const char *const value_names[] = { "prior", "pairs", "iterations", "records",
						   "sampled", "tf_records" };
	double values[6];

	values[0] = m->prior;
	values[1] = m->pairs;
	values[2] = m->iterations;
	values[3] = m->records;
	values[4] = m->sampled;
	values[5] = tf_records;
	if ((rc = pt__prepare(db, &s, level_sql)) || (rc = pt__prepare(db, &v, value_sql)))
		goto cleanup;
	for (int c = 0; c < LK_COMPARISON_COUNT && !rc; c++)
		for (int l = 0; l < pt__lk_comparisons[c].level_count && !rc; l++) {
			sqlite3_bind_text(s, 1, pt__lk_comparisons[c].name, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, pt__lk_comparisons[c].levels[l], -1, SQLITE_STATIC);
			sqlite3_bind_int(s, 3, l);
			sqlite3_bind_double(s, 4, m->m[c][l]);
			sqlite3_bind_double(s, 5, m->u[c][l]);
			if (run_id)
				sqlite3_bind_int64(s, 6, run_id);
			else
				sqlite3_bind_null(s, 6);
			if (sqlite3_step(s) != SQLITE_DONE)
				rc = pt__sql_error(db, "cannot write the model");
			sqlite3_reset(s);
		}
	for (int i = 0; i < nvalues && !rc; i++) {
		sqlite3_bind_text(v, 1, value_names[i], -1, SQLITE_STATIC);
		sqlite3_bind_double(v, 2, values[i]);
		if (run_id)
			sqlite3_bind_int64(v, 3, run_id);
		else
			sqlite3_bind_null(v, 3);
		if (sqlite3_step(v) != SQLITE_DONE)
			rc = pt__sql_error(db, "cannot write the model");
		sqlite3_reset(v);
	}
cleanup:
	sqlite3_finalize(s);
	sqlite3_finalize(v);
	return rc;
}

int pt__lk_model_save(pt_db *db, const lk_model *m, int64_t run_id)
{
	int rc = pt__exec(db, "DELETE FROM link_model; DELETE FROM link_model_value");
	return rc ? rc : write_model(db, m, run_id,
				     "INSERT INTO link_model(comparison, level, seq, m, u, run_id) "
				     "VALUES (?, ?, ?, ?, ?, ?)",
				     "INSERT INTO link_model_value(name, value, run_id) VALUES (?, ?, ?)",
				     -1);
}

int pt__lk_run_model_save(pt_db *db, const lk_model *m, int64_t run_id, double tf_records)
{
	return write_model(db, m, run_id,
			   "INSERT OR REPLACE INTO link_run_model(comparison, level, seq, m, u, run_id) "
			   "VALUES (?, ?, ?, ?, ?, ?)",
			   "INSERT OR REPLACE INTO link_run_model_value(name, value, run_id) "
			   "VALUES (?, ?, ?)", tf_records < 0 ? 0 : tf_records);
}

/* The model from a level statement (comparison, level, m, u, run_id) and a
 * value statement (name, value), both bound already; *tf_records (may be
 * NULL) gets the value 'tf_records'. */
static void read_model(sqlite3_stmt *s, sqlite3_stmt *v, lk_model *m, double *tf_records)
{
	int rows = 0;
	pt__lk_model_default(m);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *comparison = (const char *)sqlite3_column_text(s, 0);
		const char *level = (const char *)sqlite3_column_text(s, 1);
		for (int c = 0; c < LK_COMPARISON_COUNT; c++) {
			if (strcmp(pt__lk_comparisons[c].name, comparison))
				continue;
			for (int l = 0; l < pt__lk_comparisons[c].level_count; l++)
				if (!strcmp(pt__lk_comparisons[c].levels[l], level)) {
					m->m[c][l] = sqlite3_column_double(s, 2);
					m->u[c][l] = sqlite3_column_double(s, 3);
					m->run_id = sqlite3_column_int64(s, 4);
					rows++;
				}
		}
	}
	while (sqlite3_step(v) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(v, 0);
		double value = sqlite3_column_double(v, 1);
		if (!strcmp(name, "prior"))
			m->prior = value;
		else if (!strcmp(name, "pairs"))
			m->pairs = value;
		else if (!strcmp(name, "iterations"))
			m->iterations = (int)value;
		else if (!strcmp(name, "records"))
			m->records = value;
		else if (!strcmp(name, "sampled"))
			m->sampled = value;
		else if (!strcmp(name, "tf_records") && tf_records)
			*tf_records = value;
	}
	m->estimated = rows > 0;
}

int pt__lk_model_load(pt_db *db, lk_model *m)
{
	sqlite3_stmt *s = NULL, *v = NULL;
	int rc;

	if (!(rc = pt__prepare(db, &s, "SELECT comparison, level, m, u, run_id FROM link_model")) &&
	    !(rc = pt__prepare(db, &v, "SELECT name, value FROM link_model_value")))
		read_model(s, v, m, NULL);
	sqlite3_finalize(s);
	sqlite3_finalize(v);
	if (rc)
		pt__lk_model_default(m);
	return rc;
}

int pt__lk_run_model_load(pt_db *db, int64_t run_id, lk_model *m, double *tf_records)
{
	sqlite3_stmt *s = NULL, *v = NULL;
	int rc;

	*tf_records = 0;
	if (!(rc = pt__prepare(db, &s, "SELECT comparison, level, m, u, run_id FROM link_run_model "
			       "WHERE run_id = ?")) &&
	    !(rc = pt__prepare(db, &v, "SELECT name, value FROM link_run_model_value "
			       "WHERE run_id = ?"))) {
		sqlite3_bind_int64(s, 1, run_id);
		sqlite3_bind_int64(v, 1, run_id);
		read_model(s, v, m, tf_records);
		if (!m->estimated)
			rc = pt__error(db, PT_ENOTFOUND, "no model of link run %lld", (long long)run_id);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(v);
	return rc;
}

int pt__lk_evidence_of(pt_db *db, lk_evidence_models *cache, int64_t run_id, int64_t levels,
		       int64_t surname_count, char **out)
{
	lk_gamma g;
	double tf = 0;
	int rc;

	*out = NULL;
	if (!cache->loaded || cache->run_id != run_id) {
		cache->loaded = 0;
		if ((rc = pt__lk_run_model_load(db, run_id, &cache->model, &cache->tf_records)))
			return rc;
		cache->run_id = run_id;
		cache->loaded = 1;
	}
	pt__lk_levels_gamma(levels, &g);
	if (surname_count > 0 && cache->tf_records > 0)
		tf = (double)surname_count / cache->tf_records;
	if (!(*out = pt__lk_evidence_json(&cache->model, &g, tf)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	return PT_OK;
}

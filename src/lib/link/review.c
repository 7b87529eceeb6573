/*
 * review.c - two records side by side with what links or divides them: the
 * review queue (`link review`), the waterfall of one pair's comparisons
 * (`link explain`), and the model's parameters (`link model`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "link/link.h"

/* ---- a record as the review shows it ---------------------------------------------- */

static void record_release(pt_link_record *r)
{
	free(r->source);
	free(r->record_id);
	free(r->surname);
	free(r->given_names);
	free(r->names);
	free(r->birth_date);
	free(r->service_number);
	free(r->nationality);
	free(r->unit);
	free(r->camps);
	free(r->events);
	free(r->status);
	memset(r, 0, sizeof *r);
}

static char *joined(pt_db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *s = NULL;
	char *out = NULL;
	if (pt__prepare(db, &s, sql))
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		out = pt__column_dup(s, 0);
	sqlite3_finalize(s);
	return out;
}

static int record_read(pt_db *db, int64_t id, pt_link_record *r)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = pt__prepare(db, &s, "SELECT p.record_source, p.record_id, p.surname, "
			      "p.given_names, p.birth_date, p.service_number, p.nationality, p.unit, "
			      "p.status, coalesce(m.individual_id, p.id) FROM person p "
			      "LEFT JOIN individual_member m ON m.person_id = p.id WHERE p.id = ?")))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return pt__error(db, PT_ENOTFOUND, "no record %lld", (long long)id);
	}
	r->id = id;
	r->source = pt__column_dup(s, 0);
	r->record_id = pt__column_dup(s, 1);
	r->surname = pt__column_dup(s, 2);
	r->given_names = pt__column_dup(s, 3);
	r->birth_date = pt__column_dup(s, 4);
	r->service_number = pt__column_dup(s, 5);
	r->nationality = pt__column_dup(s, 6);
	r->unit = pt__column_dup(s, 7);
	r->status = pt__column_dup(s, 8);
	r->individual = sqlite3_column_int64(s, 9);
	sqlite3_finalize(s);
	r->names = joined(db, "SELECT group_concat(trim(coalesce(surname, '') || ' ' || "
			  "coalesce(given_names, '')), '; ') FROM (SELECT surname, given_names "
			  "FROM person_name WHERE person_id = ? ORDER BY seq)", id);
	r->camps = joined(db, "SELECT group_concat(name, '; ') FROM (SELECT DISTINCT c.name "
			  "FROM event e JOIN camp c ON c.id = e.camp_id WHERE e.person_id = ? "
			  "ORDER BY e.seq)", id);
	r->events = joined(db, "SELECT group_concat(type || coalesce(' ' || date, '') || "
			   "coalesce(' ' || (SELECT name FROM camp WHERE id = camp_id), '') || "
			   "coalesce(' ' || place, ''), '; ') FROM (SELECT * FROM event "
			   "WHERE person_id = ? ORDER BY seq)", id);
	return PT_OK;
}

void pt_link_pair_free(pt_link_pair *p)
{
	if (!p)
		return;
	record_release(&p->a);
	record_release(&p->b);
	for (size_t i = 0; i < p->comparison_count; i++) {
		free(p->comparisons[i].value_a);
		free(p->comparisons[i].value_b);
	}
	free(p->comparisons);
	free(p->decision);
	free(p);
}

static void pair_release(pt_link_pair *p)
{
	record_release(&p->a);
	record_release(&p->b);
	for (size_t i = 0; i < p->comparison_count; i++) {
		free(p->comparisons[i].value_a);
		free(p->comparisons[i].value_b);
	}
	free(p->comparisons);
	free(p->decision);
}

void pt_link_pairs_free(pt_link_pairs *pairs)
{
	if (!pairs)
		return;
	for (size_t i = 0; i < pairs->count; i++)
		pair_release(&pairs->items[i]);
	free(pairs->items);
	free(pairs);
}

/* What a record gives for one comparison. */
static char *value_of(const pt_link_record *r, int comparison)
{
	switch (comparison) {
	case LK_SURNAME: case LK_GIVEN: return pt__strdup(r->names);
	case LK_BIRTH: return pt__strdup(r->birth_date);
	case LK_SERVICE_NUMBER: return pt__strdup(r->service_number);
	case LK_NATIONALITY: return pt__strdup(r->nationality);
	case LK_UNIT: return pt__strdup(r->unit);
	case LK_CAMP: return pt__strdup(r->camps);
	default: return NULL;
	}
}

static int level_of(const char *name, int comparison)
{
	for (int l = 0; l < pt__lk_comparisons[comparison].level_count; l++)
		if (!strcmp(pt__lk_comparisons[comparison].levels[l], name))
			return l;
	return LK_MISSING;
}

/* The decision in force on a pair, in words. */
static char *decision_in_force(pt_db *db, int64_t a, int64_t b)
{
	sqlite3_stmt *s = NULL;
	char *out = NULL;
	if (pt__prepare(db, &s, "SELECT decision, made_by, coalesce(made_at, (SELECT started_at "
			"FROM link_run r WHERE r.id = run_id)), note, id FROM link_decision "
			"WHERE a = ? AND b = ? AND superseded_at IS NULL ORDER BY id DESC LIMIT 1"))
		return NULL;
	sqlite3_bind_int64(s, 1, a < b ? a : b);
	sqlite3_bind_int64(s, 2, a < b ? b : a);
	if (sqlite3_step(s) == SQLITE_ROW) {
		pt__buf buf = PT__BUF_INIT;
		const char *note = (const char *)sqlite3_column_text(s, 3);
		pt__buf_printf(&buf, "%s (decision %lld, by %s, %s%s%s)", sqlite3_column_text(s, 0),
			       (long long)sqlite3_column_int64(s, 4), sqlite3_column_text(s, 1),
			       sqlite3_column_text(s, 2), note ? ": " : "", note ? note : "");
		out = pt__buf_detach(&buf);
	}
	sqlite3_finalize(s);
	return out;
}

/* Fills the comparisons of p from a gamma (explain) or from stored levels
 * (review). */
static int fill_comparisons(pt_link_pair *p, const lk_model *m, const uint8_t *levels,
			    const double *weights, double tf_weight)
{
	if (!(p->comparisons = calloc(LK_COMPARISON_COUNT, sizeof *p->comparisons)))
		return PT_ENOMEM;
	p->comparison_count = LK_COMPARISON_COUNT;
	for (int c = 0; c < LK_COMPARISON_COUNT; c++) {
		pt_link_comparison *x = &p->comparisons[c];
		int lv = levels[c];
		x->comparison = pt__lk_comparisons[c].name;
		x->level = lv == LK_MISSING ? "missing" : pt__lk_comparisons[c].levels[lv];
		x->value_a = value_of(&p->a, c);
		x->value_b = value_of(&p->b, c);
		if (lv != LK_MISSING) {
			x->m = m->m[c][lv];
			x->u = m->u[c][lv];
		}
		x->weight = weights ? weights[c] : pt__lk_level_weight(m, c, lv);
		if (c == LK_SURNAME && (lv == 0 || lv == 2)) {
			x->tf_weight = tf_weight;
			if (!weights)
				x->weight += tf_weight;
		}
	}
	return PT_OK;
}

/* ---- explain ------------------------------------------------------------------------- */

/* Records whose surname has the key (as the run counts them), over all. */
static double term_frequency(pt_db *db, const char *key)
{
	sqlite3_stmt *s = NULL;
	double tf = 0;
	if (!key || pt__prepare(db, &s, "SELECT (SELECT count(DISTINCT n.person_id) FROM "
				"surname_key k JOIN person_name n ON n.surname = k.surname "
				"WHERE k.key = ?1 AND k.kind IN ('exact', 'variant', 'clerk_latn', "
				"'clerk_cyrl')), (SELECT count(*) FROM person)"))
		return 0;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 1) > 0)
		tf = (double)sqlite3_column_int64(s, 0) / (double)sqlite3_column_int64(s, 1);
	sqlite3_finalize(s);
	return tf;
}

int pt_link_explain(pt_db *db, int64_t a, int64_t b, pt_link_pair **out)
{
	pt_link_pair *p = NULL;
	lk_data d;
	lk_model m;
	lk_gamma g;
	double tf = 0;
	int rc;

	*out = NULL;
	memset(&d, 0, sizeof d);
	if (!(p = calloc(1, sizeof *p)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = record_read(db, a, &p->a)) || (rc = record_read(db, b, &p->b)))
		goto cleanup;
	if (a == b) {
		rc = pt__error(db, PT_EINVAL, "A and B are the same record (%lld)", (long long)a);
		goto cleanup;
	}
	if ((rc = pt__lk_load_pair(db, &d, a, b)) || (rc = pt__lk_model_load(db, &m)))
		goto cleanup;
	if (d.rec_count != 2) {
		rc = pt__error(db, PT_EIO, "cannot read records %lld and %lld", (long long)a,
			       (long long)b);
		goto cleanup;
	}
	pt__lk_compare(&d, &d.recs[0], &d.recs[1], &g);
	if (g.tf_key)
		tf = term_frequency(db, d.strings.texts[g.tf_key]);
	p->prior_weight = pt__lk_prior_weight(&m);
	p->weight = pt__lk_weight(&m, &g, tf);
	p->probability = g.veto ? 0 : pt__lk_probability(p->weight);
	p->veto = pt__lk_veto_text(g.veto);
	p->together = p->a.individual == p->b.individual;
	p->decision = decision_in_force(db, a, b);
	rc = fill_comparisons(p, &m, g.level, NULL, pt__lk_tf_weight(&m, g.level[LK_SURNAME], tf));
cleanup:
	pt__lk_data_release(&d);
	if (rc) {
		pt_link_pair_free(p);
		if (rc == PT_ENOMEM)
			pt__error(db, rc, "out of memory");
		return rc;
	}
	*out = p;
	return PT_OK;
}

/* ---- the review queue ------------------------------------------------------------------ */

static int from_evidence(pt_link_pair *p, const lk_model *m, const char *evidence)
{
	json_t *doc = evidence ? json_loads(evidence, 0, NULL) : NULL;
	uint8_t levels[LK_COMPARISON_COUNT];
	double weights[LK_COMPARISON_COUNT] = { 0 }, tf_weight = 0;
	int rc;

	for (int c = 0; c < LK_COMPARISON_COUNT; c++) {
		json_t *v = doc ? json_object_get(doc, pt__lk_comparisons[c].name) : NULL;
		levels[c] = LK_MISSING;
		if (json_is_array(v) && json_array_size(v) >= 2) {
			const char *level = json_string_value(json_array_get(v, 0));
			levels[c] = (uint8_t)(level ? level_of(level, c) : LK_MISSING);
			weights[c] = json_number_value(json_array_get(v, 1));
		}
	}
	if (doc) {
		p->weight = json_number_value(json_object_get(doc, "weight"));
		p->prior_weight = json_number_value(json_object_get(doc, "prior"));
		tf_weight = json_number_value(json_object_get(doc, "surname_tf_weight"));
	}
	json_decref(doc);
	rc = fill_comparisons(p, m, levels, weights, tf_weight);
	return rc;
}

/* The model a queued pair was weighed with: that of the run that queued it
 * (cache, as pt__lk_evidence_of keeps it), or, for a pair queued before
 * 0100 by a run that has no model of its own (run_id 0: none), the latest
 * (`latest`). *missing_run remembers the last run found to have none. */
static int model_of_run(pt_db *db, lk_evidence_models *cache, int64_t run_id,
			const lk_model *latest, int64_t *missing_run, const lk_model **out)
{
	sqlite3_stmt *s = NULL;
	int found = 0, rc;

	*out = latest;
	if (cache->loaded && cache->run_id == run_id) {
		*out = &cache->model;
		return PT_OK;
	}
	if (!run_id || run_id == *missing_run)
		return PT_OK;
	if ((rc = pt__prepare(db, &s, "SELECT 1 FROM link_run_model WHERE run_id = ? LIMIT 1")))
		return rc;
	sqlite3_bind_int64(s, 1, run_id);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	if (!found) {
		*missing_run = run_id;
		return PT_OK;
	}
	cache->loaded = 0;
	if ((rc = pt__lk_run_model_load(db, run_id, &cache->model, &cache->tf_records)))
		return rc;
	cache->run_id = run_id;
	cache->loaded = 1;
	*out = &cache->model;
	return PT_OK;
}

int pt_link_review(pt_db *db, size_t limit, pt_link_pairs **out)
{
	static const char sql[] =
		"SELECT r.a, r.b, r.probability, r.evidence, "
		"((x.status = 'unaccounted') <> (y.status = 'unaccounted') AND "
		"(x.status IN ('returned', 'died', 'conflicting') OR "
		"y.status IN ('returned', 'died', 'conflicting'))) AS useful, "
		"r.levels, r.surname_count, r.run_id "
		"FROM link_review r JOIN person x ON x.id = r.a JOIN person y ON y.id = r.b "
		"ORDER BY useful DESC, r.probability DESC, r.a, r.b";
	pt_link_pairs *list;
	sqlite3_stmt *s = NULL;
	lk_model m;
	lk_evidence_models *models = NULL;
	const lk_model *weighed_by;
	int64_t missing_run = 0;
	size_t cap = 0;
	int rc;

	*out = NULL;
	if (!(list = calloc(1, sizeof *list)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	if (!(models = calloc(1, sizeof *models))) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	if ((rc = pt__lk_model_load(db, &m)) || (rc = pt__prepare(db, &s, sql)))
		goto cleanup;
	while (sqlite3_step(s) == SQLITE_ROW) {
		pt_link_pair *p;
		char *rebuilt = NULL;
		list->total++;
		if (limit && list->count >= limit)
			continue;
		if (list->count == cap) {
			size_t c = cap ? cap * 2 : 64;
			pt_link_pair *g = realloc(list->items, c * sizeof *g);
			if (!g) {
				rc = PT_ENOMEM;
				goto cleanup;
			}
			list->items = g;
			cap = c;
		}
		p = &list->items[list->count++];
		memset(p, 0, sizeof *p);
		if ((rc = record_read(db, sqlite3_column_int64(s, 0), &p->a)) ||
		    (rc = record_read(db, sqlite3_column_int64(s, 1), &p->b)))
			goto cleanup;
		p->probability = sqlite3_column_double(s, 2);
		p->useful = sqlite3_column_int(s, 4);
		p->together = p->a.individual == p->b.individual;
		/* a pair queued since 0100 has its levels, weighed by the model of
		 * the run that queued it: the JSON that run would have stored; its
		 * m and u are that model's too, not the latest's */
		if (sqlite3_column_type(s, 5) != SQLITE_NULL &&
		    (rc = pt__lk_evidence_of(db, models, sqlite3_column_int64(s, 7),
					     sqlite3_column_int64(s, 5),
					     sqlite3_column_int64(s, 6), &rebuilt)))
			goto cleanup;
		if ((rc = model_of_run(db, models, sqlite3_column_int64(s, 7), &m, &missing_run,
				       &weighed_by))) {
			free(rebuilt);
			goto cleanup;
		}
		rc = from_evidence(p, weighed_by,
				   rebuilt ? rebuilt : (const char *)sqlite3_column_text(s, 3));
		free(rebuilt);
		if (rc)
			goto cleanup;
	}
cleanup:
	sqlite3_finalize(s);
	free(models);
	if (rc) {
		pt_link_pairs_free(list);
		if (rc == PT_ENOMEM)
			pt__error(db, rc, "out of memory");
		return rc;
	}
	*out = list;
	return PT_OK;
}

/* ---- the model ------------------------------------------------------------------------------ */

int pt_link_model_get(pt_db *db, pt_link_model **out)
{
	pt_link_model *pm;
	sqlite3_stmt *s = NULL;
	lk_model m;
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = pt__lk_model_load(db, &m)))
		return rc;
	if (!(pm = calloc(1, sizeof *pm)) ||
	    !(pm->levels = calloc(LK_COMPARISON_COUNT * LK_MAX_LEVELS, sizeof *pm->levels))) {
		free(pm);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	for (int c = 0; c < LK_COMPARISON_COUNT; c++)
		for (int l = 0; l < pt__lk_comparisons[c].level_count; l++) {
			pt_link_model_level *x = &pm->levels[n++];
			x->comparison = pt__lk_comparisons[c].name;
			x->level = pt__lk_comparisons[c].levels[l];
			x->m = m.m[c][l];
			x->u = m.u[c][l];
			x->weight = pt__lk_level_weight(&m, c, l);
		}
	pm->level_count = n;
	pm->prior = m.prior;
	pm->prior_weight = pt__lk_prior_weight(&m);
	pm->pairs = m.pairs;
	pm->estimated = m.estimated;
	pm->auto_threshold = PT_LINK_AUTO_DEFAULT;
	pm->review_threshold = PT_LINK_REVIEW_DEFAULT;
	if (!pt__prepare(db, &s, "SELECT auto_threshold, review_threshold FROM link_run "
			 "ORDER BY id DESC LIMIT 1") && sqlite3_step(s) == SQLITE_ROW) {
		pm->auto_threshold = sqlite3_column_double(s, 0);
		pm->review_threshold = sqlite3_column_double(s, 1);
	}
	sqlite3_finalize(s);
	*out = pm;
	return PT_OK;
}

void pt_link_model_free(pt_link_model *model)
{
	if (!model)
		return;
	free(model->levels);
	free(model);
}

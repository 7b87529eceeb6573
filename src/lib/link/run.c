/*
 * run.c - `powtrace link`: in one transaction, read the records, take back
 * the automatic decisions of records a re-import changed, make the candidate
 * pairs of the new and changed records, compare them, estimate the model
 * when there is none (or more pairs than it rested on), score every pair,
 * link the sure ones and queue the doubtful ones, mark the records compared,
 * and rebuild the individuals they touch.
 *
 * An automatic link is made only when it does not put into one individual
 * two records that this run scored as two men (below the review threshold,
 * or vetoed by their events) or that a person called different: such a link
 * goes to review instead, so that a chain of likely links never joins
 * records that are plainly not one man.
 *
 * SQLite is used on the calling thread only; the work in memory is done
 * beside its writing: a run that read every record compares, estimates the
 * model and decides the pairs on another thread while this one stores the
 * keys and records (work_ahead), and groups the individuals there while
 * this one writes the links (grouping_start).
 */
#include <math.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "link/link.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct scored {
	uint32_t a, b;           /* record indexes, a < b */
	lk_gamma g;
	double tf;
	double weight, p;
	int person;              /* a person has decided the pair */
} scored;

/* ---- a set of record-index pairs ------------------------------------------------------- */

typedef struct pairset {
	uint64_t *slots;
	size_t size;
} pairset;

static uint64_t pair_key(uint32_t a, uint32_t b)
{
	return a < b ? ((uint64_t)a << 32 | b) : ((uint64_t)b << 32 | a);
}

static size_t pair_slot(const pairset *s, uint64_t k)
{
	k *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(k >> 17) & (s->size - 1);
}

static int pairset_init(pairset *s, size_t n)
{
	s->size = 1024;
	while (s->size < n * 2 + 2)
		s->size *= 2;
	s->slots = pt__lk_big_alloc(s->size * sizeof *s->slots);
	if (!s->slots)
		return PT_ENOMEM;
	memset(s->slots, 0xff, s->size * sizeof *s->slots);
	return PT_OK;
}

static void pairset_add(pairset *s, uint64_t k)
{
	size_t i = pair_slot(s, k);
	while (s->slots[i] != UINT64_MAX && s->slots[i] != k)
		i = (i + 1) & (s->size - 1);
	s->slots[i] = k;
}

static int pairset_has(const pairset *s, uint64_t k)
{
	size_t i;
	if (!s->size)
		return 0;
	i = pair_slot(s, k);
	while (s->slots[i] != UINT64_MAX) {
		if (s->slots[i] == k)
			return 1;
		i = (i + 1) & (s->size - 1);
	}
	return 0;
}

/* ---- records by id ------------------------------------------------------------------------ */

static uint32_t rec_index(const lk_data *d, int64_t id)
{
	uint32_t lo = 0, hi = d->rec_count;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (d->recs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->rec_count && d->recs[lo].id == id ? lo : UINT32_MAX;
}

/* Pairs scored below this are two men as far as the guard is concerned: no
 * chain of links may join them (chosen by measurement: 0.05 lets more
 * chains through, 0.5 parts more men than it saves). */
#define APART 0.3

/* ---- the guard's union-find -------------------------------------------------------------------- */

typedef struct guard {
	uint32_t *parent, *next, *last, *size;
	pairset apart;           /* pairs scored as two men, vetoed, or decided different */
} guard;

static uint32_t g_root(guard *g, uint32_t i)
{
	while (g->parent[i] != i) {
		g->parent[i] = g->parent[g->parent[i]];
		i = g->parent[i];
	}
	return i;
}

static void g_join(guard *g, uint32_t x, uint32_t y)
{
	if (g->size[x] < g->size[y]) {
		uint32_t t = x;
		x = y;
		y = t;
	}
	g->parent[y] = x;
	g->size[x] += g->size[y];
	g->next[g->last[x]] = y;
	g->last[x] = g->last[y];
}

/* May the groups of roots x and y become one? Not when any of their records
 * are known apart. Very large groups are not checked pair by pair. */
static int g_may_join(guard *g, uint32_t x, uint32_t y)
{
	if ((uint64_t)g->size[x] * g->size[y] > 250000)
		return 1;
	for (uint32_t m = x;; m = g->next[m]) {
		for (uint32_t k = y;; k = g->next[k]) {
			if (pairset_has(&g->apart, pair_key(m, k)))
				return 0;
			if (k == g->last[y])
				break;
		}
		if (m == g->last[x])
			break;
	}
	return 1;
}

static void guard_release(guard *g)
{
	free(g->parent);
	free(g->next);
	free(g->last);
	free(g->size);
	free(g->apart.slots);
}

static int id_order(const void *x, const void *y)
{
	const scored *a = *(const scored *const *)x, *b = *(const scored *const *)y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static int scored_order(const void *x, const void *y)
{
	const scored *a = *(const scored *const *)x, *b = *(const scored *const *)y;
	if (a->p != b->p)
		return a->p > b->p ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* The pairs order[0..n), given in order of record ids, by descending
 * probability and in order of record ids within one: scored_order's order,
 * by a stable radix sort on the probabilities' bits (positive doubles are
 * in the order of their bits), where qsort took a tenth of a second. */
static void sort_by_probability(scored **order, size_t n)
{
	struct item {
		uint64_t key;
		scored *s;
	} *from, *to, *t;
	size_t count[256], pos[256];

	if (n < 2)
		return;
	for (size_t i = 1; i < n; i++)
		if (id_order(&order[i - 1], &order[i]) >= 0) {
			qsort(order, n, sizeof *order, scored_order);
			return;
		}
	if (!(from = malloc(2 * n * sizeof *from))) {
		qsort(order, n, sizeof *order, scored_order);
		return;
	}
	to = from + n;
	for (size_t i = 0; i < n; i++) {
		uint64_t bits;
		if (!(order[i]->p > 0)) {       /* not a positive number: compared */
			free(from);
			qsort(order, n, sizeof *order, scored_order);
			return;
		}
		memcpy(&bits, &order[i]->p, sizeof bits);
		from[i].key = ~bits;            /* descending */
		from[i].s = order[i];
	}
	for (int shift = 0; shift < 64; shift += 8) {
		memset(count, 0, sizeof count);
		for (size_t i = 0; i < n; i++)
			count[(from[i].key >> shift) & 255]++;
		if (count[(from[0].key >> shift) & 255] == n)
			continue;               /* one digit for all */
		pos[0] = 0;
		for (int d = 1; d < 256; d++)
			pos[d] = pos[d - 1] + count[d - 1];
		for (size_t i = 0; i < n; i++)
			to[pos[(from[i].key >> shift) & 255]++] = from[i];
		t = from;
		from = to;
		to = t;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = from[i].s;
	free(from < to ? from : to);
}

/* ---- the run ---------------------------------------------------------------------------------- */

struct run {
	pt_db *db;
	const pt_link_options *opts;
	lk_data d;
	lk_model model;
	scored *pairs;
	size_t pair_count;
	pairset person;          /* pairs a person has decided */
	pairset person_diff;     /* ... decided different */
	double start;
	char now[32];
	int64_t run_id;
	double auto_p, review_p;
	int seeding;             /* note the records each link touches (few of them) */
	int partial;             /* only the new records and their candidates are loaded */
	int keys_filled;         /* link_key holds the keys of every record compared */
	uint32_t total;          /* records in the database */
	uint32_t new_total;      /* ... never compared, or changed since */
	lk_keys keys;            /* read_all's keys, to store */
	lk_tf_counts tf_counts;  /* read_new's counts of the new records' surname keys */
	pt_link_summary sum;
	int estimating;          /* the model is estimated by this run */
	lk_u_sample u;           /* its random pairs' levels ... */
	int u_ready;             /* ... compared before the candidates (compare_task) */
	atomic_int writing;      /* this thread writes beside the work in memory */
	scored **order;          /* the pairs to link or queue, in order of record ids */
	size_t order_count;
	int planned;             /* order is made (plan_decisions) */
};

/* Threads for the work in memory: every one, or one fewer while this
 * thread writes beside it. */
static int free_parts(struct run *r)
{
	int threads = r->d.threads > 1 ? r->d.threads : 1;
	return atomic_load(&r->writing) && threads > 1 ? threads - 1 : threads;
}

static void progress(struct run *r, const char *phase, long done, long total)
{
	pt_link_progress p;
	if (!r->opts || !r->opts->progress)
		return;
	p.phase = phase;
	p.done = done;
	p.total = total;
	p.seconds = now_seconds() - r->start;
	r->opts->progress(r->opts->progress_ctx, &p);
}

static int step_done(pt_db *db, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? PT_OK : pt__sql_error(db, what);
	sqlite3_reset(s);
	return rc;
}

/* The person's decisions in force, as pairs of record indexes. */
static int read_person_decisions(struct run *r)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int rc;

	if ((rc = pt__prepare(r->db, &s, "SELECT count(*) FROM link_decision WHERE made_by <> 'auto' "
			      "AND superseded_at IS NULL AND a IS NOT NULL AND b IS NOT NULL")))
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if ((rc = pairset_init(&r->person, n)) || (rc = pairset_init(&r->person_diff, n)))
		return rc;
	if ((rc = pt__prepare(r->db, &s, "SELECT a, b, decision FROM link_decision "
			      "WHERE made_by <> 'auto' AND superseded_at IS NULL "
			      "AND a IS NOT NULL AND b IS NOT NULL")))
		return rc;
	while (sqlite3_step(s) == SQLITE_ROW) {
		uint32_t a = rec_index(&r->d, sqlite3_column_int64(s, 0));
		uint32_t b = rec_index(&r->d, sqlite3_column_int64(s, 1));
		if (a == UINT32_MAX || b == UINT32_MAX)
			continue;
		pairset_add(&r->person, pair_key(a, b));
		if (!strcmp((const char *)sqlite3_column_text(s, 2), "different"))
			pairset_add(&r->person_diff, pair_key(a, b));
	}
	sqlite3_finalize(s);
	return PT_OK;
}

/* Changed records: their automatic decisions and queued pairs are taken
 * back (their partners are rebuilt with them). */
static int take_back_changed(struct run *r)
{
	sqlite3_stmt *s = NULL;
	long changed = 0;
	int rc;

	if ((rc = pt__lk_temp_ids(r->db, "pt_link_changed")) || (rc = pt__lk_temp_ids(r->db, "pt_link_seed")))
		return rc;
	/* the records loaded as changed (not a join of every record again) */
	for (uint32_t i = 0; i < r->d.rec_count && !rc; i++)
		if (r->d.recs[i].changed) {
			rc = pt__lk_temp_add(r->db, &s, "pt_link_changed", r->d.recs[i].id);
			changed++;
		}
	sqlite3_finalize(s);
	s = NULL;
	if (rc || !changed)
		return rc;
	/* their partners, from each changed record through the indexes on a and b */
	if ((rc = pt__exec(r->db, "INSERT OR IGNORE INTO temp.pt_link_seed(id) "
			   "SELECT id FROM temp.pt_link_changed UNION "
			   "SELECT d.b FROM temp.pt_link_changed c JOIN link_decision d ON d.a = c.id "
			   "WHERE d.made_by = 'auto' AND d.superseded_at IS NULL AND d.b IS NOT NULL "
			   "UNION SELECT d.a FROM temp.pt_link_changed c JOIN link_decision d "
			   "ON d.b = c.id WHERE d.made_by = 'auto' AND d.superseded_at IS NULL "
			   "AND d.a IS NOT NULL")))
		return rc;
	if ((rc = pt__prepare(r->db, &s, "UPDATE link_decision SET superseded_at = ? "
			      "WHERE made_by = 'auto' AND superseded_at IS NULL AND id IN ("
			      "SELECT d.id FROM link_decision d JOIN temp.pt_link_changed c "
			      "ON d.a = c.id UNION SELECT d.id FROM link_decision d "
			      "JOIN temp.pt_link_changed c ON d.b = c.id)")))
		return rc;
	sqlite3_bind_text(s, 1, r->now, -1, SQLITE_STATIC);
	rc = step_done(r->db, s, "cannot take back a decision");
	r->sum.superseded = sqlite3_changes(r->db->sql);
	sqlite3_finalize(s);
	if (rc)
		return rc;
	return pt__exec(r->db, "DELETE FROM link_review WHERE a IN (SELECT id FROM temp.pt_link_changed) "
			"OR b IN (SELECT id FROM temp.pt_link_changed)");
}

/* A run that did not load every record looks term frequencies up in the
 * stored keys as it needs them: one slot an interned string, UINT32_MAX
 * while not looked up. */
static int tf_cache(lk_data *d)
{
	if (d->tf)
		return PT_OK;
	d->tf_size = d->strings.count + 1;
	if (!(d->tf = malloc(d->tf_size * sizeof *d->tf)))
		return PT_ENOMEM;
	memset(d->tf, 0xff, d->tf_size * sizeof *d->tf);
	return PT_OK;
}

/* The term frequency of an interned surname key: counted over every record
 * (a run that loaded them all), or from the stored keys (one that did not). */
static int term_count(struct run *r, lk_key_reader *reader, lk_keys *found, uint32_t key,
		      uint32_t *out)
{
	lk_data *d = &r->d;
	int rc;
	*out = 0;
	if (!key)
		return PT_OK;
	if (!r->partial) {
		*out = key < d->tf_size ? d->tf[key] : 0;
		return PT_OK;
	}
	if ((rc = tf_cache(d)))
		return rc;
	if (key >= d->tf_size)
		return PT_OK;
	if (d->tf[key] == UINT32_MAX) {
		uint64_t tf_key = pt__lk_tf_key(d, key);
		uint32_t counted;
		/* counted on the way when a new record has the key */
		if (pt__lk_tf_counts_find(&r->tf_counts, tf_key, &counted)) {
			d->tf[key] = counted;
		} else {
			if ((rc = pt__lk_key_lookup(r->db, reader, tf_key, SIZE_MAX, found)))
				return rc;
			d->tf[key] = (uint32_t)found->count;
		}
	}
	*out = d->tf[key];
	return PT_OK;
}

struct tf_probe {
	uint64_t link_key;
	uint32_t key;
};

static int tf_probe_order(const void *x, const void *y)
{
	const struct tf_probe *a = x, *b = y;
	return a->link_key < b->link_key ? -1 : a->link_key > b->link_key;
}

/* The term frequencies of every surname key the pairs name, looked up in
 * the order of their stored keys: one pass along link_key's rows, where
 * looking them up in the pairs' order read a row again for most of them. */
static int term_counts_sorted(struct run *r, const scored *pairs, size_t count,
			      lk_key_reader *reader, lk_keys *found)
{
	lk_data *d = &r->d;
	struct tf_probe *probes;
	size_t n = 0;
	uint32_t tf;
	int rc = PT_OK;

	if (!r->partial || !count)
		return PT_OK;
	if ((rc = tf_cache(d)))
		return rc;
	if (!(probes = malloc(count * sizeof *probes)))
		return PT_ENOMEM;
	for (size_t i = 0; i < count; i++) {
		uint32_t key = pairs[i].g.tf_key;
		if (!key || key >= d->tf_size || d->tf[key] != UINT32_MAX)
			continue;
		d->tf[key] = UINT32_MAX - 1;      /* listed */
		probes[n].link_key = pt__lk_tf_key(d, key);
		probes[n++].key = key;
	}
	qsort(probes, n, sizeof *probes, tf_probe_order);
	for (size_t i = 0; i < n && !rc; i++) {
		d->tf[probes[i].key] = UINT32_MAX;
		rc = term_count(r, reader, found, probes[i].key, &tf);
	}
	free(probes);
	return rc;
}

/* ---- comparing: on other threads while this one writes ------------------------------------- */

/* The pairs are taken a chunk at a time by whichever thread is free: the
 * comparing threads, and this one once its writing is done. Each pair's
 * result has its own place, so the result is the same whoever compares. */
#define COMPARE_CHUNK 2048

struct comparing {
	const lk_data *d;
	scored *pairs;
	const uint64_t *cand;
	size_t count;
	atomic_size_t next;          /* the first pair no thread has taken */
	atomic_size_t compared;      /* the pairs compared */
	int parts;
	double start, seconds;
	double sampling;             /* seconds of it spent on the random pairs */
	struct run *ahead;           /* the run whose next steps follow on the comparing thread */
	int ahead_rc;
};

static int work_ahead(struct comparing *c);
static int sample_u(struct run *r, lk_u_sample *u);

/* compares chunks while there are; how many pairs it compared */
static size_t compare_chunks(struct comparing *c)
{
	size_t done = 0;
	for (;;) {
		size_t lo = atomic_fetch_add(&c->next, COMPARE_CHUNK), hi;
		if (lo >= c->count)
			return done;
		hi = lo + COMPARE_CHUNK < c->count ? lo + COMPARE_CHUNK : c->count;
		for (size_t i = lo; i < hi; i++) {
			scored *s = &c->pairs[i];
			s->a = (uint32_t)(c->cand[i] >> 32);
			s->b = (uint32_t)c->cand[i];
			pt__lk_compare(c->d, &c->d->recs[s->a], &c->d->recs[s->b], &s->g);
		}
		atomic_fetch_add(&c->compared, hi - lo);
		done += hi - lo;
	}
}

static void compare_part(void *ctx, int part, int parts)
{
	(void)part;
	(void)parts;
	(void)compare_chunks(ctx);
}

static void compare_task(void *ctx)
{
	struct comparing *c = ctx;
	struct run *r = c->ahead;
	/* the model's random pairs first (they need no candidates): the
	 * candidates are then what is left, which this thread shares once its
	 * writing is done (compare_join) */
	if (r && r->estimating) {
		c->ahead_rc = sample_u(r, &r->u);
		r->u_ready = !c->ahead_rc;
		c->sampling = now_seconds() - c->start;
	}
	pt__lk_parallel(c->parts, compare_part, c);
	c->seconds = now_seconds() - c->start - c->sampling;
	if (r && !c->ahead_rc)
		c->ahead_rc = work_ahead(c);
}

/* This thread, its writing done, compares what is left, then waits for
 * the others (help: 0 after a failure). */
static void compare_join(struct comparing *c, lk_task *task, int help)
{
	size_t helped = help ? compare_chunks(c) : 0;
	double end = now_seconds();
	pt__lk_task_join(task);
	end -= c->start + c->sampling;
	if (helped && end > c->seconds)
		c->seconds = end;
}

/* Starts comparing the candidate pairs into r->pairs: beside this thread
 * when there are threads to spare (pt__lk_task_join waits for it), at once
 * when not. ahead: the steps after it that need no SQLite follow on the
 * same thread (work_ahead). */
static int compare_start(struct run *r, const uint64_t *cand, size_t count, struct comparing *c,
			 lk_task *task, int ahead)
{
	memset(c, 0, sizeof *c);
	memset(task, 0, sizeof *task);
	if (count && !(r->pairs = pt__lk_big_alloc(count * sizeof *r->pairs)))
		return PT_ENOMEM;
	c->d = &r->d;
	c->pairs = r->pairs;
	c->cand = cand;
	c->count = count;
	atomic_init(&c->next, 0);
	atomic_init(&c->compared, 0);
	c->ahead = ahead ? r : NULL;
	c->start = now_seconds();
	c->parts = r->d.threads > 2 ? r->d.threads - 1 : 1;
	if (r->d.threads > 1)
		pt__lk_task_start(task, compare_task, c);
	else
		compare_task(c);
	return PT_OK;
}

/* After the comparisons: the surnames' term frequencies and the pairs a
 * person decided. */
static int compare_finish(struct run *r, const struct comparing *c)
{
	uint32_t n = r->total;
	lk_key_reader reader;
	lk_keys found = { NULL, 0, 0 };
	int rc = PT_OK;

	memset(&reader, 0, sizeof reader);
	rc = term_counts_sorted(r, r->pairs, c->count, &reader, &found);
	for (size_t i = 0; i < c->count && !rc; i++) {
		scored *s = &r->pairs[i];
		uint32_t tf;
		if ((rc = term_count(r, &reader, &found, s->g.tf_key, &tf)))
			break;
		s->tf = tf && n ? (double)tf / n : 0;
		s->person = pairset_has(&r->person, pair_key(s->a, s->b));
	}
	pt__lk_key_reader_release(&reader);
	pt__lk_keys_release(&found);
	if (rc)
		return rc;
	r->pair_count = c->count;
	return PT_OK;
}

static void compare_summary(struct run *r, const struct comparing *c)
{
	r->sum.candidate_pairs = (long)c->count;
	r->sum.comparisons_per_second = c->count / fmax(c->seconds, 1e-6);
}

/* The share of pairs of records (with a value) that agree exactly, from how
 * often each value occurs: counts[v] records have value v. */
static double agreement(const uint32_t *counts, size_t n, double with_value)
{
	double sum = 0;
	if (with_value < 2)
		return -1;
	for (size_t v = 0; v < n; v++)
		if (counts[v] > 1)
			sum += (double)counts[v] * (counts[v] - 1);
	return sum / (with_value * (with_value - 1));
}

static int int32_order(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return a < b ? -1 : a > b;
}

struct sampling {
	const lk_data *d;
	const uint64_t *pairs;
	size_t count;
	double counts[LK_MAX_THREADS][LK_COMPARISON_COUNT][LK_MAX_LEVELS];
};

/* a part of the random pairs compared: how often each level comes up */
static void sample_part(void *ctx, int part, int parts)
{
	struct sampling *sm = ctx;
	size_t lo = sm->count * part / parts, hi = sm->count * (part + 1) / parts;
	for (size_t k = lo; k < hi; k++) {
		const lk_rec *a = &sm->d->recs[sm->pairs[k] >> 32], *b = &sm->d->recs[(uint32_t)sm->pairs[k]];
		lk_gamma g;
		pt__lk_compare(sm->d, a, b, &g);
		for (int c = 0; c < LK_COMPARISON_COUNT; c++)
			if (g.level[c] != LK_MISSING)
				sm->counts[part][c][g.level[c]]++;
	}
}

/* u: random pairs of records, and the exact levels from the values' counts. */
static int sample_u(struct run *r, lk_u_sample *u)
{
	const lk_data *d = &r->d;
	uint32_t n = d->rec_count, size = d->strings.count + 1;
	uint32_t *surnames = NULL, *numbers = NULL, *nations = NULL;
	uint64_t *sample = NULL;
	int32_t *days = NULL;
	double with[4] = { 0, 0, 0, 0 };
	size_t day_count = 0;
	uint64_t total = (uint64_t)n * (n - 1) / 2, k, samples;
	uint64_t state = 0x9e3779b97f4a7c15ULL ^ n;
	int rc = PT_OK;

	memset(u, 0, sizeof *u);
	for (int c = 0; c < LK_COMPARISON_COUNT; c++)
		u->exact[c] = -1;
	if (n < 2)
		return PT_OK;
	if (!(surnames = calloc(size, sizeof *surnames)) || !(numbers = calloc(size, sizeof *numbers)) ||
	    !(nations = calloc(size, sizeof *nations)) || !(days = malloc(n * sizeof *days))) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	for (uint32_t i = 0; i < n; i++) {
		const lk_rec *x = &d->recs[i];
		if (x->name_count && d->names[x->name_first].surname) {
			surnames[d->words[d->names[x->name_first].surname].exact]++;
			with[0]++;
		}
		if (x->sn) {
			numbers[x->sn]++;
			with[1]++;
		}
		if (x->nationality) {
			nations[x->nationality]++;
			with[2]++;
		}
		if (x->birth_min) {
			with[3]++;
			if (x->birth_min == x->birth_max)
				days[day_count++] = x->birth_min;
		}
	}
	u->exact[LK_SURNAME] = agreement(surnames, size, with[0]);
	u->exact[LK_SERVICE_NUMBER] = agreement(numbers, size, with[1]);
	u->exact[LK_NATIONALITY] = agreement(nations, size, with[2]);
	if (day_count > 0)
		qsort(days, day_count, sizeof *days, int32_order);
	if (with[3] >= 2) {
		double sum = 0;
		for (size_t i = 0, j; i < day_count; i = j) {
			for (j = i; j < day_count && days[j] == days[i]; j++)
				;
			sum += (double)(j - i) * (double)(j - i - 1);
		}
		u->exact[LK_BIRTH] = sum / (with[3] * (with[3] - 1));
	}
	/* the other levels from random pairs (every pair of a small database),
	 * chosen here and compared in parts */
	samples = total < 200000 ? total : 200000;
	if (!(sample = malloc(samples * sizeof *sample))) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	for (k = 0; k < samples; k++) {
		uint32_t a, b;
		if (samples == total) {
			/* the k-th pair of a small database: row a, column b > a */
			uint64_t left = k;
			a = 0;
			while (left >= (uint64_t)(n - 1 - a)) {
				left -= n - 1 - a;
				a++;
			}
			b = a + 1 + (uint32_t)left;
		} else {
			do {
				state ^= state << 13;
				state ^= state >> 7;
				state ^= state << 17;
				a = (uint32_t)(state % n);
				b = (uint32_t)((state >> 32) % n);
			} while (a == b);
		}
		sample[k] = (uint64_t)a << 32 | b;
	}
	{
		struct sampling sm;
		int parts = free_parts(r);
		memset(&sm, 0, sizeof sm);
		sm.d = d;
		sm.pairs = sample;
		sm.count = samples;
		pt__lk_parallel(parts, sample_part, &sm);
		/* counts: whole numbers, the same sums in any order */
		for (int p = 0; p < parts; p++)
			for (int c = 0; c < LK_COMPARISON_COUNT; c++)
				for (int l = 0; l < LK_MAX_LEVELS; l++)
					u->count[c][l] += sm.counts[p][c][l];
	}
	u->pairs = (double)samples;
cleanup:
	free(sample);
	free(surnames);
	free(numbers);
	free(nations);
	free(days);
	return rc;
}

/* The prior: the share of all pairs of records that are one man, by EM
 * with m and u fixed (pairs no blocking key proposed count as two men). */
/* the pairs' weights (less the prior) binned to 1/64 bit: EM over a few
 * thousand bins instead of every pair at each step */
enum { PRIOR_SCALE = 64, PRIOR_LOW = -80 * PRIOR_SCALE, PRIOR_HIGH = 80 * PRIOR_SCALE };

struct binning {
	const struct run *r;
	double *bins[LK_MAX_THREADS];        /* each part's counts */
};

static void bin_part(void *ctx, int part, int parts)
{
	struct binning *b = ctx;
	const struct run *r = b->r;
	size_t lo = r->pair_count * part / parts, hi = r->pair_count * (part + 1) / parts;
	double *bins = b->bins[part];
	for (size_t i = lo; i < hi; i++) {
		double w;
		long k;
		if (r->pairs[i].g.veto)
			continue;
		w = pt__lk_weight(&r->model, &r->pairs[i].g, r->pairs[i].tf) -
		    pt__lk_prior_weight(&r->model);
		k = lround(w * PRIOR_SCALE);
		bins[(k < PRIOR_LOW ? PRIOR_LOW : k > PRIOR_HIGH ? PRIOR_HIGH : k) - PRIOR_LOW]++;
	}
}

static void estimate_prior(struct run *r)
{
	enum { SCALE = PRIOR_SCALE, LOW = PRIOR_LOW, HIGH = PRIOR_HIGH };
	double n = r->d.rec_count, all = n * (n - 1) / 2, prior = r->model.prior;
	double *bins;
	struct binning b;
	int parts = free_parts(r), failed = 0;
	if (all < 1 || !r->pair_count)
		return;
	/* binned in parts on the threads; the counts are whole numbers, the
	 * same sums in any order */
	memset(&b, 0, sizeof b);
	b.r = r;
	for (int p = 0; p < parts; p++)
		failed |= !(b.bins[p] = calloc(HIGH - LOW + 1, sizeof *b.bins[p]));
	if (!failed)
		pt__lk_parallel(parts, bin_part, &b);
	for (int p = 1; p < parts && !failed; p++)
		for (long k = 0; k <= HIGH - LOW; k++)
			b.bins[0][k] += b.bins[p][k];
	for (int p = 1; p < parts; p++)
		free(b.bins[p]);
	if (failed) {
		free(b.bins[0]);
		return;
	}
	bins = b.bins[0];
	for (int it = 0; it < 200; it++) {
		double sum = 0, odds = log2(prior / (1 - prior)), next;
		for (long k = LOW; k <= HIGH; k++)
			if (bins[k - LOW] > 0)
				sum += bins[k - LOW] * pt__lk_probability((double)k / SCALE + odds);
		next = sum / all;
		if (next < 1e-12)
			next = 1e-12;
		if (fabs(next - prior) < prior * 1e-7) {
			prior = next;
			break;
		}
		prior = next;
	}
	r->model.prior = prior;
	free(bins);
}

static int estimate(struct run *r)
{
	lk_hist by_number = { NULL, NULL, 0, 0 }, by_name = { NULL, NULL, 0, 0 };
	lk_u_sample *u = &r->u;
	int rc;

	if (!r->d.events_loaded) {
		/* random pairs need every record's camps and deaths */
		uint8_t *all = malloc(r->d.rec_count + 1);
		if (!all)
			return PT_ENOMEM;
		memset(all, 1, r->d.rec_count + 1);
		rc = pt__lk_load_events(r->db, &r->d, all);
		free(all);
		if (rc)
			return rc;
	}
	if (!r->u_ready && (rc = sample_u(r, u)))
		return rc;
	for (size_t i = 0; i < r->pair_count && !rc; i++) {
		const scored *s = &r->pairs[i];
		int session;
		if (s->g.veto)
			continue;
		session = pt__lk_session_of(&s->g);
		if (session & 1)
			rc = pt__lk_hist_add(&by_number, pt__lk_pattern(&s->g), 1);
		if (!rc && (session & 2))
			rc = pt__lk_hist_add(&by_name, pt__lk_pattern(&s->g), 1);
	}
	/* u, m and the prior depend on each other a little (u is corrected for
	 * the pairs of one man among the random ones): three rounds */
	r->model.iterations = 0;
	r->model.estimated = 0;
	r->model.records = r->d.rec_count;
	r->model.pairs = (double)r->pair_count;
	r->model.prior = 1.0 / (r->d.rec_count + 1);
	for (int round = 0; round < 3 && !rc; round++) {
		if (!(rc = pt__lk_model_estimate(&r->model, u, &by_number, &by_name)))
			estimate_prior(r);
	}
	pt__lk_hist_release(&by_number);
	pt__lk_hist_release(&by_name);
	return rc;
}

/* The model the run scores with: estimated (r->estimating), or the stored
 * one with its prior scaled to the records. */
static int model_ready(struct run *r)
{
	if (r->estimating)
		return estimate(r);
	if (r->model.records > 0 && r->total > 0) {
		/* as many men per record: the prior falls as the pairs grow */
		r->model.prior *= r->model.records / r->total;
	}
	return PT_OK;
}

static int insert_run(struct run *r)
{
	sqlite3_stmt *s = NULL;
	int rc;
	const char *by = r->opts && r->opts->made_by ? r->opts->made_by : "powtrace";

	if ((rc = pt__prepare(r->db, &s, "INSERT INTO link_run(started_at, made_by, auto_threshold, "
			      "review_threshold) VALUES (?, ?, ?, ?)")))
		return rc;
	sqlite3_bind_text(s, 1, r->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, by, -1, SQLITE_STATIC);
	sqlite3_bind_double(s, 3, r->auto_p);
	sqlite3_bind_double(s, 4, r->review_p);
	rc = step_done(r->db, s, "cannot record the run");
	sqlite3_finalize(s);
	r->run_id = sqlite3_last_insert_rowid(r->db->sql);
	r->sum.run_id = r->run_id;
	return rc;
}

/* the weight and probability of a part of the pairs (not of vetoed ones) */
static void weigh_part(void *ctx, int part, int parts)
{
	struct run *r = ctx;
	size_t lo = r->pair_count * part / parts, hi = r->pair_count * (part + 1) / parts;
	for (size_t i = lo; i < hi; i++) {
		scored *s = &r->pairs[i];
		if (s->g.veto)
			continue;
		s->weight = pt__lk_weight(&r->model, &s->g, s->tf);
		s->p = pt__lk_probability(s->weight);
	}
}

/* order[0..n) in order of record ids again: taken along the pairs, which
 * are in that order (sorted, should they not be). */
static void in_id_order(const struct run *r, scored **order, size_t n)
{
	size_t k = 0;
	int sorted = 0;
	for (size_t i = 0; i < r->pair_count; i++) {
		const scored *s = &r->pairs[i];
		/* those the guard saw: not vetoed, not decided by a person */
		k += !s->g.veto && s->person != 1 && s->p >= r->review_p;
	}
	if (k == n) {
		k = 0;
		for (size_t i = 0; i < r->pair_count; i++) {
			scored *s = &r->pairs[i];
			if (!s->g.veto && s->person != 1 && s->p >= r->review_p)
				order[k++] = s;
		}
		for (k = 1; k < n && id_order(&order[k - 1], &order[k]) < 0; k++)
			;
		sorted = k >= n;
	}
	if (!sorted)
		qsort(order, n, sizeof *order, id_order);
}

/* The pairs to link or queue, into r->order in order of record ids (a
 * pair's person field 2: to be linked): every pair weighed, and the guard
 * deciding in order of probability. In memory only: it may run beside this
 * thread's writing (work_ahead). */
static int plan_decisions(struct run *r)
{
	scored **order = NULL;
	size_t n_order = 0;
	guard g;
	uint32_t n = r->d.rec_count;
	int rc = PT_OK;

	memset(&g, 0, sizeof g);
	if (!(g.parent = malloc(n * sizeof *g.parent)) || !(g.next = malloc(n * sizeof *g.next)) ||
	    !(g.last = malloc(n * sizeof *g.last)) || !(g.size = malloc(n * sizeof *g.size))) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	for (uint32_t i = 0; i < n; i++) {
		g.parent[i] = g.next[i] = g.last[i] = i;
		g.size[i] = 1;
	}
	/* the individuals as they stand, less the records compared again */
	{
		uint32_t *first = NULL;
		/* records are in id order; an individual's anchor is one of them */
		if (!(first = malloc(n * sizeof *first))) {
			rc = PT_ENOMEM;
			goto cleanup;
		}
		for (uint32_t i = 0; i < n; i++) {
			const lk_rec *x = &r->d.recs[i];
			uint32_t anchor = x->individual != x->id ? rec_index(&r->d, x->individual) : i;
			first[i] = anchor;
		}
		for (uint32_t i = 0; i < n; i++) {
			uint32_t x, y;
			if (first[i] == i || first[i] == UINT32_MAX || r->d.recs[i].is_new ||
			    r->d.recs[first[i]].is_new)
				continue;
			x = g_root(&g, i);
			y = g_root(&g, first[i]);
			if (x != y)
				g_join(&g, x, y);
		}
		free(first);
	}
	if ((rc = pairset_init(&g.apart, r->pair_count / 2 + 16)))
		goto cleanup;
	for (size_t i = 0; i < r->person_diff.size; i++)
		if (r->person_diff.slots[i] != UINT64_MAX)
			pairset_add(&g.apart, r->person_diff.slots[i]);
	if (r->pair_count && !(order = pt__lk_big_alloc(r->pair_count * sizeof *order))) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	pt__lk_parallel(free_parts(r), weigh_part, r);
	for (size_t i = 0; i < r->pair_count; i++) {
		scored *s = &r->pairs[i];
		if (s->g.veto) {
			r->sum.vetoed++;
			pairset_add(&g.apart, pair_key(s->a, s->b));
			continue;
		}
		if (s->person)
			continue;
		if (s->p < APART)
			pairset_add(&g.apart, pair_key(s->a, s->b));
		if (s->p >= r->review_p)
			order[n_order++] = s;
	}
	/* the pairs are in order of record ids (the candidates come sorted):
	 * order is, as filled */
	sort_by_probability(order, n_order);
	/* the guard decides, in order of probability; the rows are written in
	 * order of record ids (the pages of person and of the indexes are
	 * then read in order: decide_pairs) */
	for (size_t i = 0; i < n_order; i++) {
		scored *s = order[i];
		s->person = 0;
		if (s->p >= r->auto_p) {
			uint32_t x = g_root(&g, s->a), y = g_root(&g, s->b);
			if (x == y || g_may_join(&g, x, y)) {
				if (x != y)
					g_join(&g, x, y);
				s->person = 2;          /* reused: 2 linked, 0 queued */
			}
		}
	}
	in_id_order(r, order, n_order);
	r->order = order;
	r->order_count = n_order;
	r->planned = 1;
	order = NULL;
cleanup:
	free(order);
	guard_release(&g);
	return rc;
}

/* A run that read every record (with their events) needs no SQLite from
 * the last comparison to the decisions to write: that follows on the
 * comparing thread while this one writes the keys and records, once every
 * pair is compared (this thread may still be comparing its last chunk).
 * Its errors are out of memory only. */
static int work_ahead(struct comparing *c)
{
	struct run *r = c->ahead;
	int rc;
	while (atomic_load(&c->compared) < c->count)
		sched_yield();
	if ((rc = compare_finish(r, c)) || (rc = model_ready(r)))
		return rc;
	return plan_decisions(r);
}

/* Links the sure pairs that the guard allows, queues the rest of the band. */
static int decide_pairs(struct run *r)
{
	sqlite3_stmt *seed = NULL;
	lk_batch *link = NULL, *queue = NULL;
	scored **order;
	size_t n_order;
	int rc;

	if (!r->planned && (rc = plan_decisions(r)))
		return rc;
	order = r->order;
	n_order = r->order_count;
	/* the evidence is each pair's levels, weighed by the model of the run */
	if ((rc = pt__lk_run_model_save(r->db, &r->model, r->run_id, r->total)) ||
	    /* the records' identities and the time follow from the person
	     * rows and the run (schema 0111) */
	    (rc = pt__lk_batch_open(r->db,
				    "INSERT INTO link_decision(a, b, decision, made_by, run_id, "
				    "probability, levels, surname_count, model_run)",
				    "(?, ?, 'same', 'auto', ?, ?, ?, ?, ?)", "", 7,
				    "cannot write a link", &link)) ||
	    (rc = pt__lk_batch_open(r->db,
				    "INSERT OR REPLACE INTO link_review(a, b, probability, levels, "
				    "surname_count, run_id, queued_at)",
				    "(?, ?, ?, ?, ?, ?, ?)", "", 7, "cannot queue a pair", &queue)) ||
	    (rc = pt__prepare(r->db, &seed, "INSERT OR IGNORE INTO temp.pt_link_seed(id) VALUES (?)")))
		goto cleanup;
	for (size_t i = 0; i < n_order && !rc; i++) {
		scored *s = order[i];
		int64_t ida = r->d.recs[s->a].id, idb = r->d.recs[s->b].id;
		int64_t levels = pt__lk_levels_code(&s->g);
		/* the records that share the surname's key: tf times the records
		 * it was counted over, a whole number again */
		int64_t surname_count = s->tf > 0 ? llround(s->tf * r->total) : 0;
		if (s->person == 2) {
			pt__lk_batch_int(link, ida < idb ? ida : idb);
			pt__lk_batch_int(link, ida < idb ? idb : ida);
			pt__lk_batch_int(link, r->run_id);
			pt__lk_batch_double(link, s->p);
			pt__lk_batch_int(link, levels);
			if (surname_count)
				pt__lk_batch_int(link, surname_count);
			else
				pt__lk_batch_null(link);
			pt__lk_batch_int(link, r->run_id);
			rc = pt__lk_batch_row(link);
			r->sum.links++;
			for (int k = 0; k < 2 && !rc && r->seeding; k++) {
				sqlite3_bind_int64(seed, 1, k ? idb : ida);
				rc = step_done(r->db, seed, "cannot note a record");
			}
		} else {
			pt__lk_batch_int(queue, ida < idb ? ida : idb);
			pt__lk_batch_int(queue, ida < idb ? idb : ida);
			pt__lk_batch_double(queue, s->p);
			pt__lk_batch_int(queue, levels);
			if (surname_count)
				pt__lk_batch_int(queue, surname_count);
			else
				pt__lk_batch_null(queue);
			pt__lk_batch_int(queue, r->run_id);
			pt__lk_batch_text(queue, r->now);
			rc = pt__lk_batch_row(queue);
			r->sum.review++;
		}
	}
	if (!rc && !(rc = pt__lk_batch_finish(link)))
		rc = pt__lk_batch_finish(queue);
cleanup:
	pt__lk_batch_free(link);
	pt__lk_batch_free(queue);
	sqlite3_finalize(seed);
	return rc;
}

/* ---- the individuals, grouped beside the writing of the links ---------------------------- */

struct grouping {
	lk_cluster *cluster;
	const lk_data *d;
	lk_task task;
};

static void group_task(void *ctx)
{
	struct grouping *gr = ctx;
	(void)pt__lk_cluster_group(gr->cluster, gr->d);
}

/* A run that holds every record and rebuilds every individual groups them
 * from the links it is about to write, on another thread while this one
 * writes them, instead of reading them back from the log after. */
static int grouping_start(struct run *r, struct grouping *gr)
{
	int rc;
	if ((!r->planned && (rc = plan_decisions(r))) || (rc = pt__lk_cluster_open(r->db, &gr->cluster)))
		return rc;
	for (size_t i = 0; i < r->order_count && !rc; i++) {
		const scored *s = r->order[i];
		int64_t ida = r->d.recs[s->a].id, idb = r->d.recs[s->b].id;
		if (s->person == 2)
			rc = pt__lk_cluster_link(gr->cluster, ida < idb ? ida : idb, ida < idb ? idb : ida,
						 s->p);
	}
	if (rc)
		return pt__error(r->db, rc, "out of memory");
	gr->d = &r->d;
	if (r->d.threads > 1)
		pt__lk_task_start(&gr->task, group_task, gr);
	else
		group_task(gr);
	return PT_OK;
}

/* The individuals written, as grouped (or from the log, when the links did
 * not get the ids the grouping gave them). */
static int grouping_finish(struct run *r, struct grouping *gr)
{
	int written = 0, rc;
	pt__lk_task_join(&gr->task);
	if (!(rc = pt__lk_cluster_write(r->db, gr->cluster, &written)) && !written)
		rc = pt__lk_recluster(r->db, 1);
	return rc;
}

/* The new records are compared: none is pending any more (a record with
 * no link_pending row is compared in its present version, schema 0110). */
static int mark_compared(struct run *r)
{
	return pt__exec(r->db, "DELETE FROM link_pending");
}

static int finish_run(struct run *r)
{
	sqlite3_stmt *s = NULL;
	int64_t records = 0, individuals = 0;
	int rc;
	char done[32];

	if ((rc = pt_individual_count(r->db, &records, &individuals)))
		return rc;
	r->sum.records = (long)records;
	r->sum.individuals = (long)individuals;
	if ((rc = pt__prepare(r->db, &s, "SELECT count(*) FROM link_review")))
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		r->sum.review_total = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	r->sum.seconds = now_seconds() - r->start;
	if ((rc = pt__prepare(r->db, &s, "UPDATE link_run SET finished_at = ?, records_compared = ?, "
			      "candidate_pairs = ?, links = ?, review = ?, vetoed = ?, individuals = ?, "
			      "records = ?, seconds = ?, estimated = ? WHERE id = ?")))
		return rc;
	sqlite3_bind_text(s, 1, pt__lk_now(done, sizeof done), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, r->sum.records_compared);
	sqlite3_bind_int64(s, 3, r->sum.candidate_pairs);
	sqlite3_bind_int64(s, 4, r->sum.links);
	sqlite3_bind_int64(s, 5, r->sum.review);
	sqlite3_bind_int64(s, 6, r->sum.vetoed);
	sqlite3_bind_int64(s, 7, r->sum.individuals);
	sqlite3_bind_int64(s, 8, r->sum.records);
	sqlite3_bind_double(s, 9, r->sum.seconds);
	sqlite3_bind_int(s, 10, r->sum.estimated);
	sqlite3_bind_int64(s, 11, r->run_id);
	rc = step_done(r->db, s, "cannot record the run");
	sqlite3_finalize(s);
	return rc;
}

/* A queued pair whose records the links made one individual asks nothing
 * of a reviewer: it leaves the queue. */
static int drop_settled(struct run *r)
{
	int rc = pt__exec(r->db, "DELETE FROM link_review WHERE "
			  "coalesce((SELECT individual_id FROM individual_member WHERE person_id = a), a) = "
			  "coalesce((SELECT individual_id FROM individual_member WHERE person_id = b), b)");
	if (!rc) {
		long gone = sqlite3_changes(r->db->sql);
		r->sum.review = r->sum.review > gone ? r->sum.review - gone : 0;
	}
	return rc;
}

static int seed_count(pt_db *db, long *count)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, "SELECT count(*) FROM temp.pt_link_seed");
	*count = 0;
	if (!rc && sqlite3_step(s) == SQLITE_ROW)
		*count = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc;
}

/* ---- what to read ---------------------------------------------------------------------- */

/* The records to compare (into temp.pt_link_new: those of link_pending
 * not compared in their present version), and whether the run may
 * read only them and their candidates: when link_key holds the keys of every
 * record compared before (a database linked before 0070 has them stored by
 * its next run, which reads every record), the model is estimated and kept,
 * and the new records are at most a quarter of all. */
static int plan(struct run *r)
{
	int64_t total = 0, filled = 0;
	int rc;

	if ((rc = pt__lk_temp_ids(r->db, "pt_link_new")) ||
	    (rc = pt__exec(r->db, "INSERT INTO temp.pt_link_new(id) SELECT p.id "
			   "FROM link_pending q JOIN person p ON p.id = q.person_id "
			   "WHERE q.compared_hash IS NOT p.content_hash")))
		return rc;
	r->new_total = (uint32_t)sqlite3_changes(r->db->sql);
	if ((rc = pt__query_int(r->db, "SELECT count(*) FROM person", &total)) ||
	    (rc = pt__query_int(r->db, "SELECT EXISTS (SELECT 1 FROM link_key) OR "
			    "EXISTS (SELECT 1 FROM link_key_added) OR "
			    "(SELECT count(*) FROM person) = "
			    "(SELECT count(*) FROM link_pending WHERE compared_hash IS NULL)", &filled)))
		return rc;
	r->total = (uint32_t)total;
	r->keys_filled = (int)filled;
	r->partial = r->keys_filled && r->model.estimated && !(r->opts && r->opts->estimate) &&
		     r->new_total <= r->total / 4;
	return PT_OK;
}

/* The records whose comparison data a run that reads them all stores:
 * every one the first time, then the new and changed ones (the others keep
 * their rows; one without a row is read from person when it is needed). */
static int mark_unstored(struct run *r)
{
	int64_t any = 0;
	int rc = pt__query_int(r->db, "SELECT EXISTS (SELECT 1 FROM link_record)", &any);
	for (uint32_t i = 0; i < r->d.rec_count && !rc && any; i++)
		r->d.recs[i].store = r->d.recs[i].is_new;
	return rc;
}

/* Every record read and keyed; the keys of the new ones stored (of every
 * one, when link_key does not hold them yet). */
static int read_all(struct run *r, uint64_t **cand, size_t *cand_count)
{
	int rc;

	/* the rows are read on a second connection beside this one's work
	 * when there are threads: nothing is written before they are read */
	r->d.threads = pt__lk_threads(r->opts ? r->opts->threads : 0);
	if ((rc = pt__lk_load(r->db, &r->d, 0)) || (rc = mark_unstored(r)))
		return rc;
	for (uint32_t i = 0; i < r->d.rec_count && r->d.events_loaded; i++)
		r->d.recs[i].events_known = 1;
	r->d.total_count = r->total = r->d.rec_count;
	progress(r, "candidates", 0, 0);
	if (!(rc = pt__lk_keys_forget(r->db, &r->d, !r->keys_filled)))
		rc = pt__lk_candidates(&r->d, !r->keys_filled, &r->keys, cand, cand_count, NULL);
	return rc;
}

/* The keys read_all made stored: into an empty link_key, or with the
 * stored ones. */
static int store_keys(struct run *r)
{
	int64_t stored = 0;
	int rc;
	if (r->partial)         /* read_new stored the keys; the records now, with their events */
		return pt__lk_store_records(r->db, &r->d);
	if (!(rc = pt__query_int(r->db, "SELECT EXISTS (SELECT 1 FROM link_key) OR "
			     "EXISTS (SELECT 1 FROM link_key_added)", &stored)) &&
	    !(rc = pt__lk_keys_store(r->db, &r->keys, (int)stored)) && stored)
		rc = pt__lk_keys_merge(r->db, 1);
	pt__lk_keys_release(&r->keys);
	/* and the records' comparison data (only read by the comparing) */
	if (!rc)
		rc = pt__lk_store_records(r->db, &r->d);
	return rc;
}

/* The candidates by their ids as record indexes, sorted and unique. */
static int index_pairs(struct run *r, const lk_id_pairs *ids, uint64_t **cand, size_t *cand_count)
{
	const lk_data *d = &r->d;
	uint32_t *index = NULL;
	uint64_t *p;
	int64_t max_id = d->rec_count ? d->recs[d->rec_count - 1].id : 0;
	size_t n = 0;
	int rc;

	if (!ids->count)
		return PT_OK;
	/* records are in id order: an array from id to index */
	if (!(p = malloc(ids->count * sizeof *p)) ||
	    !(index = malloc((size_t)(max_id + 1) * sizeof *index))) {
		free(p);
		return PT_ENOMEM;
	}
	memset(index, 0xff, (size_t)(max_id + 1) * sizeof *index);
	for (uint32_t i = 0; i < d->rec_count; i++)
		if (d->recs[i].id >= 0)
			index[d->recs[i].id] = i;
	for (size_t i = 0; i < ids->count; i++) {
		int64_t x = ids->items[i][0], y = ids->items[i][1];
		uint32_t a = x >= 0 && x <= max_id ? index[x] : UINT32_MAX;
		uint32_t b = y >= 0 && y <= max_id ? index[y] : UINT32_MAX;
		if (a != UINT32_MAX && b != UINT32_MAX && a != b)
			p[n++] = pair_key(a, b);
	}
	free(index);
	if ((rc = pt__lk_sort_pairs(p, n))) {
		free(p);
		return rc;
	}
	*cand_count = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || p[i] != p[i - 1])
			p[(*cand_count)++] = p[i];
	*cand = p;
	return PT_OK;
}

/* Each partner of the pairs once (a pair repeats for each key it shares),
 * marked in *seen_out[id] (id <= *max_out). */
static int list_partners(const lk_id_pairs *ids, uint8_t **seen_out, int64_t *max_out)
{
	int64_t max_id = 0;
	uint8_t *seen;

	for (size_t i = 0; i < ids->count; i++)
		if (ids->items[i][1] > max_id)
			max_id = ids->items[i][1];
	if (!(seen = calloc((size_t)max_id + 1, 1)))
		return PT_ENOMEM;
	for (size_t i = 0; i < ids->count; i++)
		if (ids->items[i][1] >= 0)
			seen[ids->items[i][1]] = 1;
	*seen_out = seen;
	*max_out = max_id;
	return PT_OK;
}

/* The new records, their candidates from the stored keys, and the records of
 * the individuals these are in (the guard needs them): no other record is
 * read. The new records' keys are stored. */
static int read_new(struct run *r, uint64_t **cand, size_t *cand_count)
{
	lk_keys keys = { NULL, 0, 0 };
	lk_id_pairs ids = { NULL, 0, 0 };
	uint8_t *partner = NULL;
	int64_t max_partner = 0;
	int rc;

	if ((rc = pt__lk_temp_ids(r->db, "pt_link_load")) ||
	    (rc = pt__exec(r->db, "INSERT INTO temp.pt_link_load(id) SELECT id FROM temp.pt_link_new")) ||
	    (rc = pt__lk_load_ids(r->db, &r->d)))
		goto cleanup;
	r->d.total_count = r->total;
	progress(r, "candidates", 0, 0);
	r->d.threads = pt__lk_threads(r->opts ? r->opts->threads : 0);
	if ((rc = pt__lk_keys_forget(r->db, &r->d, 0)))
		goto cleanup;
	if ((rc = pt__lk_candidates_stored(r->db, &r->d, &keys, &ids, &r->tf_counts)) ||
	    (rc = pt__lk_temp_ids(r->db, "pt_link_load")))
		goto cleanup;
	if ((rc = list_partners(&ids, &partner, &max_partner)) ||
	    (rc = pt__lk_read_around(r->db, &r->d, partner, max_partner)))
		goto cleanup;
	if ((rc = index_pairs(r, &ids, cand, cand_count)))
		goto cleanup;
	if (!(rc = pt__lk_keys_store(r->db, &keys, 1)))
		rc = pt__lk_keys_merge(r->db, 0);
cleanup:
	pt__lk_keys_release(&keys);
	free(ids.items);
	free(partner);
	return rc;
}

/* The run's row, the automatic decisions of changed records taken back,
 * and a person's decisions in force. */
static int open_run(struct run *r, long *reattached)
{
	int rc;
	if (!(rc = insert_run(r)) && !(rc = take_back_changed(r)) &&
	    !(rc = pt__lk_reattach(r->db, reattached)))
		rc = read_person_decisions(r);
	return rc;
}

static int nothing_new(struct run *r)
{
	int64_t records = 0, individuals = 0, review = 0;
	int rc;
	if ((rc = pt_individual_count(r->db, &records, &individuals)) ||
	    (rc = pt__query_int(r->db, "SELECT count(*) FROM link_review", &review)))
		return rc;
	r->sum.records = (long)records;
	r->sum.individuals = (long)individuals;
	r->sum.review_total = (long)review;
	r->sum.seconds = now_seconds() - r->start;
	return PT_OK;
}

/* A run with few new records: the events of the records the pairs name and
 * of those whose link_record row is to be written, unless their rows held
 * them. */
static int load_needed_events(struct run *r, const uint64_t *cand, size_t cand_count)
{
	uint8_t *needed = calloc(r->d.rec_count + 1, 1);
	int rc;
	if (!needed)
		return pt__error(r->db, PT_ENOMEM, "out of memory");
	for (size_t i = 0; i < cand_count; i++) {
		needed[cand[i] >> 32] = 1;
		needed[(uint32_t)cand[i]] = 1;
	}
	for (uint32_t i = 0; i < r->d.rec_count; i++)
		needed[i] = (needed[i] || r->d.recs[i].store) && !r->d.recs[i].events_known;
	rc = pt__lk_load_events(r->db, &r->d, needed);
	for (uint32_t i = 0; i < r->d.rec_count && !rc; i++)
		if (needed[i])
			r->d.recs[i].events_known = 1;
	free(needed);
	return rc;
}

/* ---- the journal of a run that writes much ------------------------------------------------- */

/* The journal mode of the file ("wal", "delete", "memory", ...) into buf. */
static int journal_mode(pt_db *db, const char *sql, char *buf, size_t size)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, sql);
	buf[0] = '\0';
	if (!rc && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc;
}

/* A run that compares most of the records (the first run, or one after a
 * large import) grows the file by half again or more: in WAL mode each
 * page it writes is written twice, into the WAL and, at the checkpoint,
 * into the file. With a rollback journal SQLite journals only the pages
 * the file had before (their old content), and the pages the file grows
 * by are written once. Such a run takes the rollback journal for its
 * transaction when no other connection has the file open (SQLite leaves
 * WAL only then: with a reader, `PRAGMA journal_mode = DELETE` answers
 * "wal" and nothing changes), with synchronous = FULL: a process killed
 * or a power cut in the middle leaves the file as it was (the journal
 * rolls it back when the file is next opened), and a run that said it
 * committed has its pages on the disk. *switched: 1 when it did, with the
 * synchronous level to restore in *synchronous. */
static int bulk_journal_begin(pt_db *db, int *switched, int *synchronous)
{
	int64_t pending = 0, records = 0;
	char mode[16];
	int rc;

	*switched = 0;
	if ((rc = journal_mode(db, "PRAGMA journal_mode", mode, sizeof mode)) || strcmp(mode, "wal"))
		return rc;
	if ((rc = pt__query_int(db, "SELECT count(*) FROM link_pending", &pending)) ||
	    (rc = pt__query_int(db, "SELECT count(*) FROM person", &records)))
		return rc;
	if (pending <= records / 4 || pending == 0)
		return PT_OK;           /* a few new records: WAL, readers go on */
	if ((rc = pt__pragma_int(db, "PRAGMA synchronous", synchronous)) ||
	    (rc = journal_mode(db, "PRAGMA journal_mode = DELETE", mode, sizeof mode)))
		return rc;
	if (strcmp(mode, "delete"))
		return PT_OK;           /* another connection has the file open */
	*switched = 1;
	return pt__exec(db, "PRAGMA synchronous = FULL");
}

/* WAL again, and the synchronous level of before. A reader that opened
 * the file meanwhile may keep it from WAL: the next opening sets it. */
static void bulk_journal_end(pt_db *db, int switched, int synchronous)
{
	char mode[16], sql[48];
	if (!switched)
		return;
	journal_mode(db, "PRAGMA journal_mode = WAL", mode, sizeof mode);
	snprintf(sql, sizeof sql, "PRAGMA synchronous = %d", synchronous);
	sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
}

int pt_link_run(pt_db *db, const pt_link_options *opts, pt_link_summary *out)
{
	struct run r;
	uint64_t *cand = NULL;
	size_t cand_count = 0;
	struct comparing comparing;
	struct grouping grouping;
	lk_task task;
	long seeds = 0;
	int rc, in_tx = 0, cache_size = 0, mmap_size = 0, bulk = 0, synchronous = 1, ahead;
	long reattached = 0;
	char restore_sql[64];

	memset(&r, 0, sizeof r);
	memset(&grouping, 0, sizeof grouping);
	atomic_init(&r.writing, 0);
	r.db = db;
	r.opts = opts;
	r.start = now_seconds();
	r.auto_p = opts && opts->auto_threshold > 0 ? opts->auto_threshold : PT_LINK_AUTO_DEFAULT;
	r.review_p = opts && opts->review_threshold > 0 ? opts->review_threshold
						       : PT_LINK_REVIEW_DEFAULT;
	if (out)
		memset(out, 0, sizeof *out);
	if (r.auto_p > 1 || r.review_p > 1 || (opts && (opts->auto_threshold < 0 ||
							opts->review_threshold < 0)))
		return pt__error(db, PT_EINVAL, "a threshold is a probability from 0 to 1");
	if (r.review_p > r.auto_p)
		return pt__error(db, PT_EINVAL, "the review threshold (%g) is above the auto "
				 "threshold (%g)", r.review_p, r.auto_p);
	r.sum.auto_threshold = r.auto_p;
	r.sum.review_threshold = r.review_p;
	pt__lk_now(r.now, sizeof r.now);
	if ((rc = pt__pragma_int(db, "PRAGMA cache_size", &cache_size)) ||
	    (rc = pt__exec(db, "PRAGMA cache_size = -131072")))
		return rc;
	/* the file's pages mapped, not copied: a run that reads only the new
	 * records reads the keys' pages all over the file (an in-memory
	 * database has no mmap_size) */
	if (pt__pragma_int(db, "PRAGMA mmap_size", &mmap_size) == PT_OK)
		sqlite3_exec(db->sql, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
	else
		mmap_size = -1;
	if ((rc = bulk_journal_begin(db, &bulk, &synchronous)) ||
	    (rc = pt__exec(db, "BEGIN IMMEDIATE")))
		goto restore;
	in_tx = 1;
	progress(&r, "reading", 0, 0);
	if ((rc = pt__lk_model_load(db, &r.model)) || (rc = plan(&r)))
		goto cleanup;
	if (r.new_total == 0) {
		/* nothing new: nothing changes */
		rc = nothing_new(&r);
		goto cleanup;
	}
	if ((rc = r.partial ? read_new(&r, &cand, &cand_count) : read_all(&r, &cand, &cand_count)))
		goto cleanup;
	r.sum.records_compared = (long)r.d.new_count;
	r.d.threads = pt__lk_threads(opts ? opts->threads : 0);
	if (!r.d.events_loaded && (rc = load_needed_events(&r, cand, cand_count)))
		goto cleanup;
	/* the pairs are compared beside the writing of what does not depend on
	 * them; a run that read every record decides them there too */
	r.estimating = !r.partial && (!r.model.estimated || (opts && opts->estimate) ||
				      (double)cand_count > r.model.pairs);
	ahead = !r.partial && r.d.events_loaded;
	if (ahead && (rc = open_run(&r, &reattached)))
		goto cleanup;
	progress(&r, "comparing", 0, 0);
	atomic_store(&r.writing, 1);
	if ((rc = compare_start(&r, cand, cand_count, &comparing, &task, ahead)))
		goto cleanup;
	if ((ahead || !(rc = open_run(&r, &reattached))) && !(rc = store_keys(&r)))
		rc = mark_compared(&r);
	atomic_store(&r.writing, 0);
	compare_join(&comparing, &task, !rc);
	if (!rc && ahead && comparing.ahead_rc)
		rc = pt__error(db, comparing.ahead_rc, "out of memory");
	if (rc || (!ahead && (rc = compare_finish(&r, &comparing))))
		goto cleanup;
	compare_summary(&r, &comparing);
	free(cand);
	cand = NULL;
	/* a run that read only the new records keeps the stored model */
	if (!ahead) {
		if (r.estimating)
			progress(&r, "estimating", 0, 0);
		if ((rc = model_ready(&r)))
			goto cleanup;
	}
	if (r.estimating) {
		if ((rc = pt__lk_model_save(db, &r.model, r.run_id)))
			goto cleanup;
		r.sum.estimated = 1;
	}
	progress(&r, "writing", (long)r.pair_count, (long)r.pair_count);
	/* many new records: the individuals are rebuilt from the whole log */
	r.seeding = r.d.new_count <= r.total / 8;
	if (!r.partial && !r.seeding && (rc = grouping_start(&r, &grouping)))
		goto cleanup;
	if ((rc = decide_pairs(&r)) || (rc = seed_count(db, &seeds)))
		goto cleanup;
	progress(&r, "clustering", 0, 0);
	if ((rc = grouping.cluster ? grouping_finish(&r, &grouping)
				   : pt__lk_recluster(db, !r.seeding || seeds > (long)r.total / 8)) ||
	    (rc = drop_settled(&r)))
		goto cleanup;
	progress(&r, "finishing", 0, 0);
	if ((rc = finish_run(&r)))
		goto cleanup;
	progress(&r, "committing", 0, 0);
	rc = pt__exec(db, "COMMIT");
	in_tx = !!rc;
cleanup:
	if (in_tx) {
		pt__buf msg = PT__BUF_INIT;
		pt__buf_puts(&msg, pt_db_errmsg(db));
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		if (rc)
			pt__error(db, rc, "%s", pt__buf_str(&msg));
		pt__buf_release(&msg);
	}
	if (!rc) {
		r.sum.seconds = now_seconds() - r.start;
		progress(&r, "done", r.sum.candidate_pairs, r.sum.candidate_pairs);
		if (out)
			*out = r.sum;
	}
	pt__lk_task_join(&grouping.task);
	pt__lk_cluster_free(grouping.cluster);
	free(cand);
	free(r.order);
	free(r.pairs);
	free(r.person.slots);
	free(r.person_diff.slots);
	pt__lk_keys_release(&r.keys);
	free(r.tf_counts.items);
	pt__lk_data_release(&r.d);
restore:
	bulk_journal_end(db, bulk, synchronous);
	/* the page cache as it was (a run reads and writes much of the file) */
	snprintf(restore_sql, sizeof restore_sql, "PRAGMA cache_size = %d", cache_size);
	sqlite3_exec(db->sql, restore_sql, NULL, NULL, NULL);
	if (mmap_size >= 0) {
		snprintf(restore_sql, sizeof restore_sql, "PRAGMA mmap_size = %d", mmap_size);
		sqlite3_exec(db->sql, restore_sql, NULL, NULL, NULL);
	}
	return rc;
}

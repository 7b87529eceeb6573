/*
 * decide.c - a person's decisions: `link same`, `link different`, a review
 * sheet (`link decide FILE.csv`), `unlink`. Each is logged, supersedes the
 * decisions before it on the same pair, takes the pair out of the review
 * queue, and rebuilds the individuals it touches. A decision that a
 * person's decision in force contradicts is refused, and nothing changes;
 * so is a sheet with any bad line (every problem is listed).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <csv.h>

#include "link/link.h"

const char *pt__lk_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

int pt__lk_temp_ids(pt_db *db, const char *name)
{
	char sql[160];
	snprintf(sql, sizeof sql, "CREATE TEMP TABLE IF NOT EXISTS %s(id INTEGER PRIMARY KEY); "
		 "DELETE FROM temp.%s", name, name);
	return pt__exec(db, sql);
}

int pt__lk_temp_add(pt_db *db, sqlite3_stmt **insert, const char *name, int64_t id)
{
	int rc;
	if (!*insert) {
		char sql[128];
		snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO temp.%s(id) VALUES (?)", name);
		if ((rc = pt__prepare(db, insert, sql)))
			return rc;
	}
	sqlite3_bind_int64(*insert, 1, id);
	rc = sqlite3_step(*insert) == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot note a record");
	sqlite3_reset(*insert);
	return rc;
}

const char *pt_link_verdict_name(pt_link_verdict verdict)
{
	switch (verdict) {
	case PT_LINK_SAME: return "same";
	case PT_LINK_DIFFERENT: return "different";
	default: return NULL;
	}
}

/* ---- applying decisions ------------------------------------------------------------- */

/* Problems, each with the line it is about, listed in line order. */
struct problems {
	struct problem { long line; size_t seq; char *text; } *items;
	size_t count, cap;
};

static void problems_add(struct problems *p, long line, const char *file, const char *field,
			 const char *fmt, va_list args)
{
	pt__buf b = PT__BUF_INIT;
	if (file)
		pt__buf_printf(&b, "%s:%ld: ", file, line);
	if (field)
		pt__buf_printf(&b, "%s: ", field);
	pt__buf_vprintf(&b, fmt, args);
	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct problem *g = realloc(p->items, cap * sizeof *g);
		if (!g) {
			pt__buf_release(&b);
			return;
		}
		p->items = g;
		p->cap = cap;
	}
	p->items[p->count].line = line;
	p->items[p->count].seq = p->count;
	p->items[p->count].text = pt__buf_detach(&b);
	p->count++;
}

static int problem_order(const void *x, const void *y)
{
	const struct problem *a = x, *b = y;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Every problem, one a line, in line order (caller frees). */
static char *problems_text(struct problems *p)
{
	pt__buf b = PT__BUF_INIT;
	if (p->count > 0)
		qsort(p->items, p->count, sizeof *p->items, problem_order);
	for (size_t i = 0; i < p->count; i++) {
		if (i)
			pt__buf_putc(&b, '\n');
		pt__buf_puts(&b, p->items[i].text ? p->items[i].text : "out of memory");
	}
	return pt__buf_detach(&b);
}

static void problems_release(struct problems *p)
{
	for (size_t i = 0; i < p->count; i++)
		free(p->items[i].text);
	free(p->items);
	memset(p, 0, sizeof *p);
}

struct apply {
	pt_db *db;
	const char *made_by;
	char now[32];
	sqlite3_stmt *exists, *insert, *supersede, *unqueue, *seed;
	struct problems *problems;
	const char *file;
	int failed;
};

static void problem(struct apply *ap, long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(struct apply *ap, long line, const char *field, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	problems_add(ap->problems, line, ap->file, field, fmt, args);
	va_end(args);
	ap->failed = 1;
}

static int apply_begin(struct apply *ap)
{
	int rc;
	pt__lk_now(ap->now, sizeof ap->now);
	if ((rc = pt__lk_temp_ids(ap->db, "pt_link_seed")) ||
	    (rc = pt__prepare(ap->db, &ap->exists, "SELECT 1 FROM person WHERE id = ?")) ||
	    /* the probability and the evidence of the pair as the queue or the
	     * automatic link in force has them (JSON before 0100, levels and
	     * their model's run since) */
	    (rc = pt__prepare(ap->db, &ap->insert,
			      "INSERT INTO link_decision(a, b, a_source, a_record_id, b_source, "
			      "b_record_id, decision, made_by, made_at, probability, evidence, levels, "
			      "surname_count, model_run, note) "
			      "SELECT ?1, ?2, x.record_source, x.record_id, y.record_source, "
			      "y.record_id, ?3, ?4, ?5, e.probability, e.evidence, e.levels, "
			      "e.surname_count, e.model_run, ?6 "
			      "FROM person x JOIN person y LEFT JOIN ("
			      "SELECT 0 AS pref, probability, evidence, levels, surname_count, "
			      "CASE WHEN levels IS NOT NULL THEN run_id END AS model_run "
			      "FROM link_review WHERE a = ?1 AND b = ?2 UNION ALL "
			      "SELECT 1, probability, evidence, levels, surname_count, model_run "
			      "FROM link_decision WHERE a = ?1 AND b = ?2 AND made_by = 'auto' "
			      "AND superseded_at IS NULL ORDER BY pref LIMIT 1) e "
			      "WHERE x.id = ?1 AND y.id = ?2")) ||
	    (rc = pt__prepare(ap->db, &ap->supersede,
			      "UPDATE link_decision SET superseded_at = ?3, superseded_by = ?4 "
			      "WHERE a = ?1 AND b = ?2 AND superseded_at IS NULL AND id <> ?4")) ||
	    (rc = pt__prepare(ap->db, &ap->unqueue, "DELETE FROM link_review WHERE a = ? AND b = ?")) ||
	    (rc = pt__prepare(ap->db, &ap->seed, "INSERT OR IGNORE INTO temp.pt_link_seed(id) "
			      "VALUES (?)")))
		return rc;
	return PT_OK;
}

static void apply_end(struct apply *ap)
{
	sqlite3_finalize(ap->exists);
	sqlite3_finalize(ap->insert);
	sqlite3_finalize(ap->supersede);
	sqlite3_finalize(ap->unqueue);
	sqlite3_finalize(ap->seed);
}

static int run_step(pt_db *db, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s) == SQLITE_DONE ? PT_OK : pt__sql_error(db, what);
	sqlite3_reset(s);
	return rc;
}

static int record_exists(struct apply *ap, int64_t id)
{
	int found;
	sqlite3_bind_int64(ap->exists, 1, id);
	found = sqlite3_step(ap->exists) == SQLITE_ROW;
	sqlite3_reset(ap->exists);
	return found;
}

/* Checks one decision; 0 when it may be applied (problems noted otherwise). */
static int check_one(struct apply *ap, const pt_link_decision_in *d)
{
	int ok = 1;
	if (d->verdict != PT_LINK_SAME && d->verdict != PT_LINK_DIFFERENT) {
		problem(ap, d->line, ap->file ? "decision" : NULL, "a decision is same or different");
		ok = 0;
	}
	if (!record_exists(ap, d->a)) {
		problem(ap, d->line, ap->file ? "a" : NULL, "no record %lld", (long long)d->a);
		ok = 0;
	}
	if (!record_exists(ap, d->b)) {
		problem(ap, d->line, ap->file ? "b" : NULL, "no record %lld", (long long)d->b);
		ok = 0;
	}
	if (ok && d->a == d->b) {
		problem(ap, d->line, ap->file ? "b" : NULL, "the same record as a (%lld)",
			(long long)d->a);
		ok = 0;
	}
	return ok;
}

static int apply_one(struct apply *ap, const pt_link_decision_in *d)
{
	int64_t a = d->a < d->b ? d->a : d->b, b = d->a < d->b ? d->b : d->a, id;
	int rc;

	sqlite3_bind_int64(ap->insert, 1, a);
	sqlite3_bind_int64(ap->insert, 2, b);
	sqlite3_bind_text(ap->insert, 3, pt_link_verdict_name(d->verdict), -1, SQLITE_STATIC);
	sqlite3_bind_text(ap->insert, 4, ap->made_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(ap->insert, 5, ap->now, -1, SQLITE_STATIC);
	if (d->note && *d->note)
		sqlite3_bind_text(ap->insert, 6, d->note, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(ap->insert, 6);
	if ((rc = run_step(ap->db, ap->insert, "cannot record the decision")))
		return rc;
	id = sqlite3_last_insert_rowid(ap->db->sql);
	sqlite3_bind_int64(ap->supersede, 1, a);
	sqlite3_bind_int64(ap->supersede, 2, b);
	sqlite3_bind_text(ap->supersede, 3, ap->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ap->supersede, 4, id);
	if ((rc = run_step(ap->db, ap->supersede, "cannot supersede a decision")))
		return rc;
	sqlite3_bind_int64(ap->unqueue, 1, a);
	sqlite3_bind_int64(ap->unqueue, 2, b);
	if ((rc = run_step(ap->db, ap->unqueue, "cannot take a pair out of the queue")))
		return rc;
	for (int k = 0; k < 2 && !rc; k++) {
		sqlite3_bind_int64(ap->seed, 1, k ? b : a);
		rc = run_step(ap->db, ap->seed, "cannot note a record");
	}
	return rc;
}

/* After the individuals are rebuilt: every person's decision in force about
 * the records touched must hold. A `same` that a `different` keeps apart is
 * a contradiction; so is a `different` whose records a person's `same`
 * decisions still join (the different keeps them apart, and one of those
 * same decisions is what gives way). */
static int check_contradictions(struct apply *ap, const pt_link_decision_in *ds, size_t n)
{
	static const char sql[] =
		"SELECT d.id, d.a, d.b, d.made_by, d.made_at FROM link_decision d "
		"JOIN temp.pt_link_seed s ON s.id IN (d.a, d.b) "
		"WHERE d.made_by <> 'auto' AND d.decision = 'same' AND d.superseded_at IS NULL "
		"AND (SELECT coalesce((SELECT individual_id FROM individual_member WHERE person_id = d.a), d.a)) <> "
		"(SELECT coalesce((SELECT individual_id FROM individual_member WHERE person_id = d.b), d.b))";
	static const char apart_sql[] =
		"SELECT d.id, d.a, d.b, d.made_by FROM link_decision d "
		"WHERE d.made_by <> 'auto' AND d.decision = 'different' AND d.superseded_at IS NULL "
		"AND d.a IN (SELECT person_id FROM person_individual WHERE individual_id IN (?1, ?2)) "
		"AND d.b IN (SELECT person_id FROM person_individual WHERE individual_id IN (?1, ?2)) "
		"LIMIT 1";
	sqlite3_stmt *s = NULL, *apart = NULL;
	int rc;

	if ((rc = pt__prepare(ap->db, &s, sql)) || (rc = pt__prepare(ap->db, &apart, apart_sql)))
		goto cleanup;
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0), a = sqlite3_column_int64(s, 1);
		int64_t b = sqlite3_column_int64(s, 2), ia = a, ib = b;
		long line = 0;
		int mine = 0;
		for (size_t i = 0; i < n; i++) {
			int64_t x = ds[i].a < ds[i].b ? ds[i].a : ds[i].b;
			int64_t y = ds[i].a < ds[i].b ? ds[i].b : ds[i].a;
			if (x == a && y == b && ds[i].verdict == PT_LINK_SAME) {
				line = ds[i].line;
				mine = 1;
			}
		}
		pt__individual_of(ap->db, a, &ia);
		pt__individual_of(ap->db, b, &ib);
		sqlite3_bind_int64(apart, 1, ia);
		sqlite3_bind_int64(apart, 2, ib);
		if (sqlite3_step(apart) == SQLITE_ROW) {
			if (mine)
				problem(ap, line, ap->file ? "decision" : NULL,
					"records %lld and %lld cannot be one man: decision %lld by %s "
					"says records %lld and %lld are different; change that decision "
					"first", (long long)a, (long long)b,
					(long long)sqlite3_column_int64(apart, 0),
					sqlite3_column_text(apart, 3),
					(long long)sqlite3_column_int64(apart, 1),
					(long long)sqlite3_column_int64(apart, 2));
			else
				problem(ap, ds[0].line, ap->file ? "decision" : NULL,
					"it would part records %lld and %lld, which decision %lld by %s "
					"says are one man; change that decision first", (long long)a,
					(long long)b, (long long)id, sqlite3_column_text(s, 3));
		} else {
			problem(ap, line, NULL, "records %lld and %lld cannot be one man",
				(long long)a, (long long)b);
		}
		sqlite3_reset(apart);
	}
cleanup:
	sqlite3_finalize(s);
	sqlite3_finalize(apart);
	return rc;
}

/* Applies the decisions whole or not at all. `earlier`: problems found
 * before (a sheet's bad lines): the decisions are still checked, so that
 * every problem is listed, and nothing is applied. */
static int apply_all(pt_db *db, const pt_link_decision_in *ds, size_t n, const char *made_by,
		     const char *file, char **problems_out, struct problems *earlier)
{
	struct apply ap;
	struct problems own = { NULL, 0, 0 };
	int rc, in_tx = 0, nested;

	if (problems_out)
		*problems_out = NULL;
	memset(&ap, 0, sizeof ap);
	ap.problems = earlier ? earlier : &own;
	ap.failed = earlier && earlier->count > 0;
	ap.db = db;
	ap.made_by = made_by && *made_by ? made_by : "unknown";
	ap.file = file;
	if (!strcmp(ap.made_by, "auto")) {
		problems_release(&own);
		return pt__error(db, PT_EINVAL, "'auto' is the name of the automatic runs; a "
				 "person decides under another name");
	}
	/* inside a caller's transaction (powtrace add joins the record it
	 * writes to a man), a savepoint of it */
	nested = !sqlite3_get_autocommit(db->sql);
	if ((rc = pt__exec(db, nested ? "SAVEPOINT link_decide" : "BEGIN IMMEDIATE"))) {
		problems_release(&own);
		return rc;
	}
	in_tx = 1;
	if ((rc = apply_begin(&ap)))
		goto cleanup;
	for (size_t i = 0; i < n; i++)
		check_one(&ap, &ds[i]);
	/* one pair decided twice in one sheet, both ways */
	for (size_t i = 0; i < n && file; i++)
		for (size_t j = 0; j < i; j++)
			if (((ds[i].a == ds[j].a && ds[i].b == ds[j].b) ||
			     (ds[i].a == ds[j].b && ds[i].b == ds[j].a)) &&
			    ds[i].verdict != ds[j].verdict) {
				problem(&ap, ds[i].line, "decision", "line %ld decides the same pair "
					"the other way", ds[j].line);
				break;
			}
	if (ap.failed) {
		rc = PT_EINVAL;
		goto cleanup;
	}
	for (size_t i = 0; i < n && !rc; i++)
		rc = apply_one(&ap, &ds[i]);
	if (rc || (rc = pt__lk_recluster(db, 0)) || (rc = check_contradictions(&ap, ds, n)))
		goto cleanup;
	if (ap.failed) {
		rc = PT_ECONFLICT;
		goto cleanup;
	}
	rc = pt__exec(db, nested ? "RELEASE link_decide" : "COMMIT");
	in_tx = rc != PT_OK;
cleanup:
	if (in_tx)
		sqlite3_exec(db->sql, nested ? "ROLLBACK TO link_decide; RELEASE link_decide"
			     : "ROLLBACK", NULL, NULL, NULL);
	if (ap.failed) {
		char *all = problems_text(ap.problems);
		const char *text = all ? all : "out of memory", *nl = strchr(text, '\n');
		if (!rc)
			rc = PT_EINVAL;
		pt__error(db, rc, "%.*s", nl ? (int)(nl - text) : (int)strlen(text), text);
		if (problems_out)
			*problems_out = all;
		else
			free(all);
	} else if (rc == PT_OK) {
		pt__buf_reset(&db->errmsg);
	}
	apply_end(&ap);
	problems_release(&own);
	return rc;
}

int pt_link_decide(pt_db *db, const pt_link_decision_in *decision, const char *made_by)
{
	int rc = apply_all(db, decision, 1, made_by, NULL, NULL, NULL);
	if (rc == PT_EINVAL && !strncmp(pt_db_errmsg(db), "no record", 9))
		rc = PT_ENOTFOUND;
	return rc;
}

int pt_link_decide_all(pt_db *db, const pt_link_decision_in *decisions, size_t count,
		       const char *made_by, const char *file, char **problems_out)
{
	return apply_all(db, decisions, count, made_by, file ? file : "decisions", problems_out, NULL);
}

/* ---- unlink ---------------------------------------------------------------------------- */

int pt_link_unlink(pt_db *db, int64_t record, const char *made_by, const char *note,
		   long *count_out)
{
	int64_t *ids = NULL, individual = 0;
	pt_link_decision_in *ds = NULL;
	size_t count = 0, n = 0;
	int rc;

	if (count_out)
		*count_out = 0;
	if ((rc = pt__individual_of(db, record, &individual)) ||
	    (rc = pt_individual_records(db, individual, &ids, &count)))
		return rc;
	if (count < 2) {
		pt_free(ids);
		return pt__error(db, PT_EINVAL, "record %lld is linked to no other record",
				 (long long)record);
	}
	if (!(ds = calloc(count, sizeof *ds))) {
		pt_free(ids);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < count; i++) {
		if (ids[i] == record)
			continue;
		ds[n].a = record;
		ds[n].b = ids[i];
		ds[n].verdict = PT_LINK_DIFFERENT;
		ds[n].note = note && *note ? note : "unlink";
		n++;
	}
	rc = apply_all(db, ds, n, made_by, NULL, NULL, NULL);
	if (!rc && count_out)
		*count_out = (long)n;
	free(ds);
	pt_free(ids);
	return rc;
}

/* ---- review sheets ------------------------------------------------------------------------ */

enum { COL_A, COL_B, COL_DECISION, COL_NOTE, COL_COUNT };

struct sheet {
	const char *file;
	long line, row_line;          /* the line being read; the line the row began on */
	int header_done;
	int col[COL_COUNT];           /* column index of each, -1 when absent */
	int field;                    /* field index in the row */
	char *cell[COL_COUNT];
	pt_link_decision_in *items;
	size_t count, cap;
	char **notes;                 /* owned copies, parallel to items */
	struct problems problems;
	int failed, oom;
};

static void sheet_problem(struct sheet *sh, long line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void sheet_problem(struct sheet *sh, long line, const char *field, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	problems_add(&sh->problems, line, sh->file, field, fmt, args);
	va_end(args);
	sh->failed = 1;
}

static char *trimmed(const char *s, size_t len)
{
	char *out;
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	if (!(out = malloc(len + 1)))
		return NULL;
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct sheet *sh = ctx;
	char *text;
	if (sh->field == 0)
		sh->row_line = sh->line;
	if (!(text = trimmed(data ? data : "", data ? len : 0))) {
		sh->oom = 1;
		return;
	}
	if (!sh->header_done) {
		static const char *const names[COL_COUNT] = { "a", "b", "decision", "note" };
		char *name = text;
		if (sh->field == 0 && !strncmp(name, "\xEF\xBB\xBF", 3))
			name += 3;                  /* a byte order mark */
		for (int c = 0; c < COL_COUNT; c++)
			if (!strcmp(name, names[c]) && sh->col[c] < 0)
				sh->col[c] = sh->field;
		free(text);
	} else {
		int kept = 0;
		for (int c = 0; c < COL_COUNT; c++)
			if (sh->col[c] == sh->field) {
				free(sh->cell[c]);
				sh->cell[c] = text;
				kept = 1;
			}
		if (!kept)
			free(text);
	}
	sh->field++;
}

static int read_id(struct sheet *sh, const char *column, const char *text, int64_t *out)
{
	char *end;
	long long v;
	if (!text || !*text) {
		sheet_problem(sh, sh->row_line, column, "no record id");
		return 0;
	}
	v = strtoll(text, &end, 10);
	if (*end || v <= 0) {
		sheet_problem(sh, sh->row_line, column, "'%s' is not a record id", text);
		return 0;
	}
	*out = v;
	return 1;
}

static void on_row(int c, void *ctx)
{
	struct sheet *sh = ctx;
	pt_link_decision_in d;
	const char *decision;
	(void)c;
	if (!sh->header_done) {
		static const char *const names[COL_COUNT] = { "a", "b", "decision", "note" };
		sh->header_done = 1;
		for (int k = 0; k < COL_NOTE; k++)
			if (sh->col[k] < 0)
				sheet_problem(sh, sh->row_line ? sh->row_line : 1, "header",
					      "no column '%s' (a sheet has columns a, b, decision, note)",
					      names[k]);
		sh->field = 0;
		return;
	}
	memset(&d, 0, sizeof d);
	d.line = sh->row_line;
	decision = sh->cell[COL_DECISION] ? sh->cell[COL_DECISION] : "";
	if (*decision) {
		int ok = 1;
		if (!strcmp(decision, "same") || !strcmp(decision, "SAME") || !strcmp(decision, "Same"))
			d.verdict = PT_LINK_SAME;
		else if (!strcmp(decision, "different") || !strcmp(decision, "DIFFERENT") ||
			 !strcmp(decision, "Different"))
			d.verdict = PT_LINK_DIFFERENT;
		else {
			sheet_problem(sh, sh->row_line, "decision", "'%s' is neither same nor different",
				      decision);
			ok = 0;
		}
		ok &= read_id(sh, "a", sh->cell[COL_A], &d.a);
		ok &= read_id(sh, "b", sh->cell[COL_B], &d.b);
		if (ok) {
			if (sh->count == sh->cap) {
				size_t cap = sh->cap ? sh->cap * 2 : 64;
				pt_link_decision_in *g = realloc(sh->items, cap * sizeof *g);
				char **notes = realloc(sh->notes, cap * sizeof *notes);
				if (g)
					sh->items = g;
				if (notes)
					sh->notes = notes;
				if (!g || !notes) {
					sh->oom = 1;
					goto done;
				}
				sh->cap = cap;
			}
			sh->notes[sh->count] = sh->cell[COL_NOTE] && *sh->cell[COL_NOTE]
					       ? pt__strdup(sh->cell[COL_NOTE]) : NULL;
			sh->items[sh->count++] = d;
		}
	}
done:
	for (int k = 0; k < COL_COUNT; k++) {
		free(sh->cell[k]);
		sh->cell[k] = NULL;
	}
	sh->field = 0;
}

int pt_link_decide_file(pt_db *db, const char *path, const char *made_by, size_t *applied_out,
			char **problems_out)
{
	struct csv_parser p;
	struct sheet sh;
	FILE *f;
	char line[65536];
	int rc = PT_OK;

	if (applied_out)
		*applied_out = 0;
	if (problems_out)
		*problems_out = NULL;
	memset(&sh, 0, sizeof sh);
	sh.file = path;
	for (int c = 0; c < COL_COUNT; c++)
		sh.col[c] = -1;
	if (!(f = fopen(path, "rb")))
		return pt__error(db, PT_EIO, "%s: cannot read: %s", path, strerror(errno));
	if (csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL)) {
		fclose(f);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	while (fgets(line, sizeof line, f)) {
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			sh.line++;
			sheet_problem(&sh, sh.line, "line", "longer than %zu bytes", sizeof line - 2);
			break;
		}
		sh.line++;
		if (csv_parse(&p, line, len, on_field, on_row, &sh) != len) {
			sheet_problem(&sh, sh.line, "line", "%s", csv_strerror(csv_error(&p)));
			break;
		}
		if (sh.oom)
			break;
	}
	if (ferror(f)) {
		rc = pt__error(db, PT_EIO, "%s: cannot read: %s", path, strerror(errno));
		goto cleanup;
	}
	csv_fini(&p, on_field, on_row, &sh);
	if (sh.oom) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (!sh.header_done && !sh.failed)
		sheet_problem(&sh, 1, "header", "the sheet is empty (a sheet has columns a, b, "
			      "decision, note)");
	for (size_t i = 0; i < sh.count; i++)
		sh.items[i].note = sh.notes[i];
	if (sh.count == 0 && !sh.failed) {
		pt__buf_reset(&db->errmsg);
		goto cleanup;        /* nothing decided yet: nothing to do */
	}
	/* the good lines are checked too, so that every problem is listed */
	rc = apply_all(db, sh.items, sh.count, made_by, path, problems_out, &sh.problems);
	if (!rc && applied_out)
		*applied_out = sh.count;
cleanup:
	csv_free(&p);
	fclose(f);
	for (int k = 0; k < COL_COUNT; k++)
		free(sh.cell[k]);
	for (size_t i = 0; i < sh.count; i++)
		free(sh.notes[i]);
	free(sh.notes);
	free(sh.items);
	problems_release(&sh.problems);
	return rc;
}

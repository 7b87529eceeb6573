/*
 * men.c - the case status of a man (an individual) from the events of all
 * his records, as PRODUCT.md defines it.
 *
 * A record that no link joins to another is a man of its own: his status is
 * the one stored with the record (derived when it was imported), and none of
 * this runs for him. A man of several records (individual_member rows, the
 * link engine writes them) is judged on all his records' events at once by
 * the same rule (status.c); the counts and reports read those men from the
 * table pt_man_fate, judged here in one pass over the members' events (in
 * index order, no sort: linear in the events of linked records), kept in
 * memory with the handle and judged again only when the database has
 * changed since. SQL sees them through a read-only virtual table of this
 * connection (nothing is written, so read-only handles count men too):
 *
 *   pt_man_fate(individual_id, anchor_id, records, status, last_event_id,
 *               last_camp_id, capture_event_id, liberation_event_id)
 *
 * (the reasons, in words, are made only for the men a report lists:
 * pt__man_fate_get)
 *
 * anchor_id is the record that names the man (his id's record; the
 * smallest of his records if that one is gone); last_camp_id the camp of the
 * event his status rests on, else of the latest event with a camp before
 * it; capture and liberation the first of each in time.
 */
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

/* ---- one man's events, gathered ----------------------------------------- */

struct fact {
	int64_t event_id, camp_id;
	size_t record;                     /* index into the man's records */
	size_t type, date, camp, place;    /* offsets into the arena + 1; 0: NULL */
	int64_t date_min, date_max;
	int has_min, has_max;
};

struct man {
	int reasons;                       /* make the reason (texts and labels kept) */
	int64_t id, anchor;
	int anchor_seen;
	struct fact *facts;
	size_t fact_count, fact_cap;
	int64_t *records;                  /* record ids, in the order met */
	size_t *labels;                    /* per record: offset into the arena + 1 */
	size_t record_count, record_cap;
	pt__buf arena;                     /* the texts, NUL-terminated */
	/* for pt_status_derive: rebuilt from the above once the man is whole */
	pt_status_event *events;
	size_t *record_of;
	const char **label_texts;
	size_t events_cap, labels_cap;
};

static void man_reset(struct man *m, int64_t id)
{
	m->id = id;
	m->anchor = 0;
	m->anchor_seen = 0;
	m->fact_count = 0;
	m->record_count = 0;
	pt__buf_reset(&m->arena);
}

static void man_release(struct man *m)
{
	free(m->facts);
	free(m->records);
	free(m->labels);
	free(m->events);
	free(m->record_of);
	free(m->label_texts);
	pt__buf_release(&m->arena);
	memset(m, 0, sizeof *m);
}

/* Keeps column `col` in the arena: its offset + 1, 0 for NULL. */
static size_t keep_text(struct man *m, sqlite3_stmt *s, int col)
{
	const char *text = (const char *)sqlite3_column_text(s, col);
	size_t at = m->arena.len;
	if (!text)
		return 0;
	pt__buf_add(&m->arena, text, (size_t)sqlite3_column_bytes(s, col));
	pt__buf_putc(&m->arena, '\0');
	return at + 1;
}

static const char *text_at(const struct man *m, size_t offset)
{
	return offset ? m->arena.data + offset - 1 : NULL;
}

/* Adds a row of: individual, record, source, record id, event id, type,
 * date, date_min, date_max, camp id, camp name, place (event columns NULL
 * for a record without events). Rows come record by record. */
static int man_add(struct man *m, sqlite3_stmt *s)
{
	int64_t record = sqlite3_column_int64(s, 1);
	struct fact *f;

	if (!m->record_count || m->records[m->record_count - 1] != record) {
		if (m->record_count == m->record_cap) {
			size_t cap = m->record_cap ? m->record_cap * 2 : 8;
			int64_t *ids = realloc(m->records, cap * sizeof *ids);
			size_t *labels = ids ? realloc(m->labels, cap * sizeof *labels) : NULL;
			if (ids)
				m->records = ids;
			if (!labels)
				return PT_ENOMEM;
			m->labels = labels;
			m->record_cap = cap;
		}
		m->records[m->record_count] = record;
		m->labels[m->record_count] = 0;
		if (m->reasons) {
			/* "record 12, ivb-register" */
			const char *source = (const char *)sqlite3_column_text(s, 2);
			size_t at = m->arena.len;
			pt__buf_printf(&m->arena, "record %lld%s%s", (long long)record,
				       source ? ", " : "", source ? source : "");
			pt__buf_putc(&m->arena, '\0');
			m->labels[m->record_count] = at + 1;
		}
		m->record_count++;
		if (record == m->id)
			m->anchor_seen = 1;
		if (!m->anchor || record < m->anchor)
			m->anchor = record;
	}
	if (sqlite3_column_type(s, 4) == SQLITE_NULL)
		return m->arena.failed ? PT_ENOMEM : PT_OK;     /* a record without events */
	if (m->fact_count == m->fact_cap) {
		size_t cap = m->fact_cap ? m->fact_cap * 2 : 16;
		struct fact *grown = realloc(m->facts, cap * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		m->facts = grown;
		m->fact_cap = cap;
	}
	f = &m->facts[m->fact_count++];
	f->record = m->record_count - 1;
	f->event_id = sqlite3_column_int64(s, 4);
	f->type = keep_text(m, s, 5);
	f->date = keep_text(m, s, 6);
	f->has_min = sqlite3_column_type(s, 7) != SQLITE_NULL;
	f->date_min = sqlite3_column_int64(s, 7);
	f->has_max = sqlite3_column_type(s, 8) != SQLITE_NULL;
	f->date_max = sqlite3_column_int64(s, 8);
	f->camp_id = sqlite3_column_int64(s, 9);
	f->camp = keep_text(m, s, 10);
	f->place = keep_text(m, s, 11);
	return m->arena.failed ? PT_ENOMEM : PT_OK;
}

/* The time order of the man's events, as status.c puts them: by the latest
 * possible day, an undated event after the one before it in its record. */
struct ordered {
	size_t index;
	int dated;
	int64_t key;
};

static int compare_ordered(const void *a, const void *b)
{
	const struct ordered *x = a, *y = b;
	if (x->dated != y->dated)
		return x->dated < y->dated ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int man_judge(struct man *m, pt__man_fate *out)
{
	struct ordered *order = NULL;
	long last = -1;
	int rc;

	memset(out, 0, sizeof *out);
	out->anchor_id = m->anchor_seen ? m->id : m->anchor;
	out->records = (int64_t)m->record_count;
	if (m->fact_count > m->events_cap) {
		pt_status_event *events = realloc(m->events, m->fact_count * sizeof *events);
		size_t *record_of = events ? realloc(m->record_of, m->fact_count * sizeof *record_of)
					   : NULL;
		if (events)
			m->events = events;
		if (!record_of)
			return PT_ENOMEM;
		m->record_of = record_of;
		m->events_cap = m->fact_count;
	}
	if (m->record_count > m->labels_cap) {
		const char **texts = realloc(m->label_texts, m->record_count * sizeof *texts);
		if (!texts)
			return PT_ENOMEM;
		m->label_texts = texts;
		m->labels_cap = m->record_count;
	}
	for (size_t r = 0; r < m->record_count; r++)
		m->label_texts[r] = text_at(m, m->labels[r]);
	for (size_t i = 0; i < m->fact_count; i++) {
		const struct fact *f = &m->facts[i];
		pt_status_event *e = &m->events[i];
		e->type = text_at(m, f->type);
		e->date = text_at(m, f->date);
		e->date_min = f->date_min;
		e->date_max = f->date_max;
		e->has_min = f->has_min;
		e->has_max = f->has_max;
		e->camp = text_at(m, f->camp);
		e->place = text_at(m, f->place);
		m->record_of[i] = f->record;
	}
	if ((rc = pt__status_derive_records(m->events, m->record_of, m->label_texts,
					    m->fact_count, &out->status,
					    m->reasons ? &out->reason : NULL, &last)))
		return rc;
	if (last >= 0)
		out->last_event_id = m->facts[last].event_id;
	if (!m->fact_count)
		return PT_OK;
	/* the camp, the first capture and the first liberation, in time */
	if (!(order = calloc(m->fact_count, sizeof *order)))
		return PT_ENOMEM;
	{
		int dated = 0;
		int64_t key = 0;
		for (size_t i = 0; i < m->fact_count; i++) {
			const struct fact *f = &m->facts[i];
			if (i && f->record != m->facts[i - 1].record)
				dated = 0, key = 0;
			if (f->has_max || f->has_min) {
				dated = 1;
				key = f->has_max ? f->date_max : f->date_min;
			}
			order[i].index = i;
			order[i].dated = dated;
			order[i].key = key;
		}
	}
	qsort(order, m->fact_count, sizeof *order, compare_ordered);
	for (size_t k = 0; k < m->fact_count; k++) {
		const struct fact *f = &m->facts[order[k].index];
		const char *type = text_at(m, f->type);
		if (type && !out->capture_event_id && !strcmp(type, "capture"))
			out->capture_event_id = f->event_id;
		if (type && !out->liberation_event_id && !strcmp(type, "liberation"))
			out->liberation_event_id = f->event_id;
	}
	if (last >= 0 && m->facts[last].camp_id)
		out->last_camp_id = m->facts[last].camp_id;
	else if (last >= 0) {
		/* the latest camp before the last event in time */
		for (size_t k = 0; k < m->fact_count && (long)order[k].index != last; k++)
			if (m->facts[order[k].index].camp_id)
				out->last_camp_id = m->facts[order[k].index].camp_id;
	} else {
		/* no event bears on fate: the latest camp of any event */
		for (size_t k = 0; k < m->fact_count; k++)
			if (m->facts[order[k].index].camp_id)
				out->last_camp_id = m->facts[order[k].index].camp_id;
	}
	free(order);
	return PT_OK;
}

void pt__man_fate_release(pt__man_fate *f)
{
	if (!f)
		return;
	free(f->reason);
	f->reason = NULL;
}

/* ---- is anything linked at all? ------------------------------------------ */

int pt__men_linked(pt_db *db, int *linked)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*linked = 0;
	/* a database opened read-only before migration 10 has no such table */
	if ((rc = pt__stmt_get(db, &s, "SELECT 1 FROM sqlite_master "
			       "WHERE type = 'table' AND name = 'individual_member'")))
		return rc;
	rc = sqlite3_step(s);
	pt__stmt_put(db, s);
	if (rc == SQLITE_DONE)
		return PT_OK;
	if (rc != SQLITE_ROW)
		return pt__sql_error(db, "cannot read the schema");
	if ((rc = pt__stmt_get(db, &s, "SELECT EXISTS (SELECT 1 FROM individual_member)")))
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*linked = sqlite3_column_int(s, 0);
	pt__stmt_put(db, s);
	return rc == SQLITE_ROW ? PT_OK : pt__sql_error(db, "cannot read the links");
}

/* ---- the fate of one man --------------------------------------------------- */

#define MEMBER_EVENTS \
	"SELECT m.individual_id, m.person_id, p.record_source, p.record_id, e.id, e.type, " \
	"e.date, e.date_min, e.date_max, e.camp_id, c.name, e.place " \
	"FROM individual_member m JOIN person p ON p.id = m.person_id " \
	"LEFT JOIN event e ON e.person_id = m.person_id " \
	"LEFT JOIN camp c ON c.id = e.camp_id "

int pt__man_fate_get(pt_db *db, int64_t individual_id, pt__man_fate *out)
{
	sqlite3_stmt *s = NULL;
	struct man m;
	int rc, rows = 0;

	memset(out, 0, sizeof *out);
	memset(&m, 0, sizeof m);
	if ((rc = pt__stmt_get(db, &s, MEMBER_EVENTS "WHERE m.individual_id = ? "
			       "ORDER BY m.person_id, e.seq, e.id")))
		return rc;
	sqlite3_bind_int64(s, 1, individual_id);
	man_reset(&m, individual_id);
	m.reasons = 1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rows++;
		if ((rc = man_add(&m, s)))
			goto cleanup;
	}
	if (rc != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot read a man's events");
		goto cleanup;
	}
	pt__stmt_put(db, s);
	s = NULL;
	if (rows) {
		rc = man_judge(&m, out);
		goto cleanup;
	}
	/* a record of his own: the status stored with it */
	if ((rc = pt__stmt_get(db, &s, "SELECT status, status_reason, coalesce(last_event_id, 0) "
			       "FROM person WHERE id = ?")))
		goto cleanup;
	sqlite3_bind_int64(s, 1, individual_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		rc = pt__error(db, PT_ENOTFOUND, "no individual %lld", (long long)individual_id);
		goto cleanup;
	}
	if (rc != SQLITE_ROW) {
		rc = pt__sql_error(db, "cannot read a record");
		goto cleanup;
	}
	out->anchor_id = individual_id;
	out->records = 1;
	out->status = PT_STATUS_UNKNOWN;
	for (int st = PT_STATUS_UNKNOWN; st <= PT_STATUS_CONFLICTING; st++)
		if (sqlite3_column_text(s, 0) &&
		    !strcmp(pt_status_name((pt_status)st), (const char *)sqlite3_column_text(s, 0)))
			out->status = (pt_status)st;
	out->reason = pt__column_dup(s, 1);
	out->last_event_id = sqlite3_column_int64(s, 2);
	rc = out->reason || sqlite3_column_type(s, 1) == SQLITE_NULL ? PT_OK : PT_ENOMEM;
cleanup:
	pt__stmt_put(db, s);
	man_release(&m);
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	if (rc)
		pt__man_fate_release(out);
	return rc;
}

/* ---- every man of several records: the virtual table pt_man_fate ----------- */

/* The fates, in ascending individual id, kept with the handle while the
 * database does not change. A read-only virtual table shows them to SQL:
 * a table the connection would write (even a temporary one) is refused on
 * a handle opened read-only (PRAGMA query_only), and counts must work there. */
struct fate_row {
	int64_t individual_id, anchor_id, records;
	pt_status status;
	int64_t last_event_id, last_camp_id, capture_event_id, liberation_event_id;
};

struct fate_cache {
	int valid;
	int data_version;
	sqlite3_int64 changes;
	struct fate_row *rows;
	size_t count, cap;
	int registered;          /* the module is known to the connection */
};

static void rows_clear(struct fate_cache *c)
{
	c->count = 0;
}

static void fate_cache_free(void *data)
{
	struct fate_cache *c = data;
	if (!c)
		return;
	rows_clear(c);
	free(c->rows);
	free(c);
}

static int keep_fate(pt_db *db, struct fate_cache *c, struct man *m)
{
	struct fate_row *row;
	pt__man_fate f;
	int rc;

	if ((rc = man_judge(m, &f)))
		return pt__error(db, rc, "out of memory");
	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct fate_row *grown = realloc(c->rows, cap * sizeof *grown);
		if (!grown) {
			pt__man_fate_release(&f);
			return pt__error(db, PT_ENOMEM, "out of memory");
		}
		c->rows = grown;
		c->cap = cap;
	}
	row = &c->rows[c->count++];
	row->individual_id = m->id;
	row->anchor_id = f.anchor_id;
	row->records = f.records;
	row->status = f.status;
	pt__man_fate_release(&f);
	row->last_event_id = f.last_event_id;
	row->last_camp_id = f.last_camp_id;
	row->capture_event_id = f.capture_event_id;
	row->liberation_event_id = f.liberation_event_id;
	return PT_OK;
}

/* -- the module: columns individual_id (the key), anchor_id, records, status,
 * last_event_id, last_camp_id, capture_event_id, liberation_event_id; NULL
 * for an id of 0 */

struct fate_vtab {
	sqlite3_vtab base;
	pt_db *db;
};

struct fate_cursor {
	sqlite3_vtab_cursor base;
	struct fate_cache *cache;
	size_t at, end;
};

static int fate_connect(sqlite3 *sql, void *aux, int argc, const char *const *argv,
			sqlite3_vtab **out, char **err)
{
	struct fate_vtab *v;
	int rc;
	(void)argc; (void)argv; (void)err;
	rc = sqlite3_declare_vtab(sql, "CREATE TABLE x(individual_id INTEGER PRIMARY KEY, "
				  "anchor_id INTEGER, records INTEGER, status TEXT, "
				  "last_event_id INTEGER, last_camp_id INTEGER, capture_event_id INTEGER, "
				  "liberation_event_id INTEGER)");
	if (rc != SQLITE_OK)
		return rc;
	if (!(v = sqlite3_malloc(sizeof *v)))
		return SQLITE_NOMEM;
	memset(v, 0, sizeof *v);
	v->db = aux;
	*out = &v->base;
	return SQLITE_OK;
}

static int fate_disconnect(sqlite3_vtab *v)
{
	sqlite3_free(v);
	return SQLITE_OK;
}

/* idxNum 1: individual_id = ? (one row, by binary search); 0: all, in id order */
static int fate_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
	(void)v;
	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];
		if (c->usable && c->iColumn <= 0 && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
			info->aConstraintUsage[i].argvIndex = 1;
			info->aConstraintUsage[i].omit = 1;
			info->idxNum = 1;
			info->estimatedCost = 10;
			info->estimatedRows = 1;
			info->idxFlags = SQLITE_INDEX_SCAN_UNIQUE;
			return SQLITE_OK;
		}
	}
	info->idxNum = 0;
	info->estimatedCost = 100000;
	info->estimatedRows = 100000;
	if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn <= 0 && !info->aOrderBy[0].desc)
		info->orderByConsumed = 1;
	return SQLITE_OK;
}

static int fate_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
	struct fate_cursor *c = sqlite3_malloc(sizeof *c);
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	c->cache = pt__cache_get(((struct fate_vtab *)v)->db, PT__CACHE_MEN);
	*out = &c->base;
	return SQLITE_OK;
}

static int fate_close(sqlite3_vtab_cursor *c)
{
	sqlite3_free(c);
	return SQLITE_OK;
}

static int fate_filter(sqlite3_vtab_cursor *cur, int idx_num, const char *idx_str,
		       int argc, sqlite3_value **argv)
{
	struct fate_cursor *c = (struct fate_cursor *)cur;
	size_t lo = 0, hi = c->cache ? c->cache->count : 0;
	(void)idx_str;
	c->at = 0;
	c->end = hi;
	if (idx_num == 1 && argc == 1) {
		int64_t id;
		if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER) {
			c->at = c->end = 0;
			return SQLITE_OK;
		}
		id = sqlite3_value_int64(argv[0]);
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (c->cache->rows[mid].individual_id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		c->at = lo;
		c->end = lo < c->cache->count && c->cache->rows[lo].individual_id == id ? lo + 1 : lo;
	}
	return SQLITE_OK;
}

static int fate_next(sqlite3_vtab_cursor *cur)
{
	((struct fate_cursor *)cur)->at++;
	return SQLITE_OK;
}

static int fate_eof(sqlite3_vtab_cursor *cur)
{
	struct fate_cursor *c = (struct fate_cursor *)cur;
	return c->at >= c->end;
}

static void result_id(sqlite3_context *ctx, int64_t id)
{
	if (id)
		sqlite3_result_int64(ctx, id);
	else
		sqlite3_result_null(ctx);
}

static int fate_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	struct fate_cursor *c = (struct fate_cursor *)cur;
	const struct fate_row *r = &c->cache->rows[c->at];
	switch (col) {
	case 0: sqlite3_result_int64(ctx, r->individual_id); break;
	case 1: sqlite3_result_int64(ctx, r->anchor_id); break;
	case 2: sqlite3_result_int64(ctx, r->records); break;
	case 3: sqlite3_result_text(ctx, pt_status_name(r->status), -1, SQLITE_STATIC); break;
	case 4: result_id(ctx, r->last_event_id); break;
	case 5: result_id(ctx, r->last_camp_id); break;
	case 6: result_id(ctx, r->capture_event_id); break;
	default: result_id(ctx, r->liberation_event_id); break;
	}
	return SQLITE_OK;
}

static int fate_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	struct fate_cursor *c = (struct fate_cursor *)cur;
	*rowid = c->cache->rows[c->at].individual_id;
	return SQLITE_OK;
}

static const sqlite3_module fate_module = {
	.iVersion = 0,
	.xCreate = NULL,            /* eponymous only: no CREATE VIRTUAL TABLE */
	.xConnect = fate_connect,
	.xBestIndex = fate_best_index,
	.xDisconnect = fate_disconnect,
	.xOpen = fate_open,
	.xClose = fate_close,
	.xFilter = fate_filter,
	.xNext = fate_next,
	.xEof = fate_eof,
	.xColumn = fate_column,
	.xRowid = fate_rowid,
};

int pt__men_fate_table(pt_db *db)
{
	struct fate_cache *cache = pt__cache_get(db, PT__CACHE_MEN);
	sqlite3_stmt *s = NULL;
	struct man m;
	int rc, data_version = 0, have = 0, linked = 0;
	int in_transaction = !sqlite3_get_autocommit(db->sql);

	memset(&m, 0, sizeof m);
	if (!cache) {
		if (!(cache = calloc(1, sizeof *cache)))
			return pt__error(db, PT_ENOMEM, "out of memory");
		pt__cache_set(db, PT__CACHE_MEN, cache, fate_cache_free);
	}
	if (!cache->registered) {
		if (sqlite3_create_module(db->sql, "pt_man_fate", &fate_module, db) != SQLITE_OK)
			return pt__sql_error(db, "cannot make the table of men");
		cache->registered = 1;
	}
	if ((rc = pt__pragma_int(db, "PRAGMA data_version", &data_version)))
		return rc;
	if (cache->valid && !in_transaction && cache->data_version == data_version &&
	    cache->changes == sqlite3_total_changes64(db->sql))
		return PT_OK;      /* nothing has changed since they were judged */
	cache->valid = 0;
	rows_clear(cache);
	if ((rc = pt__men_linked(db, &linked)))
		return rc;
	if (!linked)
		goto done;
	/* one read transaction for the whole pass */
	if (!in_transaction && (rc = pt__exec(db, "BEGIN")))
		return rc;
	/* the status needs the types and days only (the reasons are made for the
	 * men a report lists, by pt__man_fate_get): no record or camp is read */
	if ((rc = pt__prepare(db, &s, "SELECT m.individual_id, m.person_id, NULL, NULL, e.id, "
			      "e.type, NULL, e.date_min, e.date_max, e.camp_id, NULL, NULL "
			      "FROM individual_member m LEFT JOIN event e ON e.person_id = m.person_id "
			      "ORDER BY m.individual_id, m.person_id, e.seq, e.id")))
		goto cleanup;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (have && id != m.id && (rc = keep_fate(db, cache, &m)))
			break;
		if (!have || id != m.id)
			man_reset(&m, id);
		have = 1;
		if ((rc = man_add(&m, s))) {
			rc = pt__error(db, rc, "out of memory");
			break;
		}
	}
	if (rc == SQLITE_DONE)
		rc = have ? keep_fate(db, cache, &m) : PT_OK;
	else if (rc == SQLITE_ROW || rc > 0)
		rc = pt__sql_error(db, "cannot read the men's events");
cleanup:
	sqlite3_finalize(s);
	man_release(&m);
	if (!in_transaction)
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	if (rc) {
		rows_clear(cache);
		return rc;
	}
done:
	if (!in_transaction) {
		cache->valid = 1;
		cache->data_version = data_version;
		cache->changes = sqlite3_total_changes64(db->sql);
	}
	return PT_OK;
}

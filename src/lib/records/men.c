/*
 * men.c - the case status of a man (an individual) from the events of all
 * his records, as PRODUCT.md defines it.
 *
 * A record that no link joins to another is a man of its own: his status is
 * the one stored with the record (derived when it was imported), and none of
 * this runs for him. A man of several records (individual_member rows, the
 * link engine writes them) is judged on all his records' events at once by
 * the same rule (status.c); the counts and reports read those men from the
 * temporary table pt_man_fate, made here in one pass over the members'
 * events (in index order, no sort: linear in the events of linked records)
 * and made again only when the database has changed since.
 *
 *   temp.pt_man_fate(individual_id, anchor_id, records, status,
 *                    status_reason, last_event_id, last_camp_id,
 *                    capture_event_id, liberation_event_id)
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
		{
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
					    m->fact_count, &out->status, &out->reason, &last)))
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
	if ((rc = pt__prepare(db, &s, "SELECT 1 FROM sqlite_master "
			      "WHERE type = 'table' AND name = 'individual_member'")))
		return rc;
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return PT_OK;
	if (rc != SQLITE_ROW)
		return pt__sql_error(db, "cannot read the schema");
	if ((rc = pt__prepare(db, &s, "SELECT EXISTS (SELECT 1 FROM individual_member)")))
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*linked = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
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
	if ((rc = pt__prepare(db, &s, MEMBER_EVENTS "WHERE m.individual_id = ? "
			      "ORDER BY m.person_id, e.seq, e.id")))
		return rc;
	sqlite3_bind_int64(s, 1, individual_id);
	man_reset(&m, individual_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rows++;
		if ((rc = man_add(&m, s)))
			goto cleanup;
	}
	if (rc != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot read a man's events");
		goto cleanup;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rows) {
		rc = man_judge(&m, out);
		goto cleanup;
	}
	/* a record of his own: the status stored with it */
	if ((rc = pt__prepare(db, &s, "SELECT status, status_reason, coalesce(last_event_id, 0) "
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
	sqlite3_finalize(s);
	man_release(&m);
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	if (rc)
		pt__man_fate_release(out);
	return rc;
}

/* ---- every man of several records: temp.pt_man_fate ------------------------ */

struct fate_cache {
	int valid;
	int data_version;
	sqlite3_int64 changes;
};

static void fate_cache_free(void *data)
{
	free(data);
}

static int bind_id(sqlite3_stmt *s, int col, int64_t id)
{
	return id ? sqlite3_bind_int64(s, col, id) : sqlite3_bind_null(s, col);
}

static int write_fate(pt_db *db, sqlite3_stmt *insert, struct man *m)
{
	pt__man_fate f;
	int rc;

	if ((rc = man_judge(m, &f)))
		return rc == PT_ENOMEM ? pt__error(db, rc, "out of memory") : rc;
	sqlite3_reset(insert);
	sqlite3_bind_int64(insert, 1, m->id);
	sqlite3_bind_int64(insert, 2, f.anchor_id);
	sqlite3_bind_int64(insert, 3, f.records);
	sqlite3_bind_text(insert, 4, pt_status_name(f.status), -1, SQLITE_STATIC);
	sqlite3_bind_text(insert, 5, f.reason ? f.reason : "", -1, SQLITE_STATIC);
	bind_id(insert, 6, f.last_event_id);
	bind_id(insert, 7, f.last_camp_id);
	bind_id(insert, 8, f.capture_event_id);
	bind_id(insert, 9, f.liberation_event_id);
	rc = sqlite3_step(insert) == SQLITE_DONE ? PT_OK
		: pt__sql_error(db, "cannot keep a man's status");
	pt__man_fate_release(&f);
	return rc;
}

int pt__men_fate_table(pt_db *db)
{
	struct fate_cache *cache = pt__cache_get(db, PT__CACHE_MEN);
	sqlite3_stmt *s = NULL, *insert = NULL;
	struct man m;
	int rc, data_version = 0, have = 0, in_transaction = !sqlite3_get_autocommit(db->sql);

	memset(&m, 0, sizeof m);
	if (!cache) {
		if (!(cache = calloc(1, sizeof *cache)))
			return pt__error(db, PT_ENOMEM, "out of memory");
		pt__cache_set(db, PT__CACHE_MEN, cache, fate_cache_free);
	}
	if ((rc = pt__pragma_int(db, "PRAGMA data_version", &data_version)))
		return rc;
	if (cache->valid && !in_transaction && cache->data_version == data_version &&
	    cache->changes == sqlite3_total_changes64(db->sql))
		return PT_OK;      /* nothing has changed since it was made */
	cache->valid = 0;
	if ((rc = pt__scratch_begin(db)))
		return rc;
	if ((rc = pt__exec(db, "CREATE TEMP TABLE IF NOT EXISTS pt_man_fate ("
			   "individual_id INTEGER PRIMARY KEY, anchor_id INTEGER NOT NULL, "
			   "records INTEGER NOT NULL, status TEXT NOT NULL, status_reason TEXT NOT NULL, "
			   "last_event_id INTEGER, last_camp_id INTEGER, capture_event_id INTEGER, "
			   "liberation_event_id INTEGER); DELETE FROM temp.pt_man_fate")))
		goto cleanup;
	{
		int linked = 0;
		if ((rc = pt__men_linked(db, &linked)))
			goto cleanup;
		if (!linked)
			goto done;
	}
	if ((rc = pt__prepare(db, &s, MEMBER_EVENTS "ORDER BY m.individual_id, m.person_id, "
			      "e.seq, e.id")) ||
	    (rc = pt__prepare(db, &insert, "INSERT INTO temp.pt_man_fate VALUES "
			      "(?, ?, ?, ?, ?, ?, ?, ?, ?)")))
		goto cleanup;
	if (!in_transaction && (rc = pt__exec(db, "SAVEPOINT pt_man_fate")))
		goto cleanup;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (have && id != m.id && (rc = write_fate(db, insert, &m)))
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
		rc = have ? write_fate(db, insert, &m) : PT_OK;
	else if (rc == SQLITE_ROW || rc > 0)
		rc = pt__sql_error(db, "cannot read the men's events");
	if (!in_transaction) {
		if (rc)
			sqlite3_exec(db->sql, "ROLLBACK TO pt_man_fate; RELEASE pt_man_fate",
				     NULL, NULL, NULL);
		else if ((rc = pt__exec(db, "RELEASE pt_man_fate")))
			goto cleanup;
	}
	if (rc)
		goto cleanup;
done:
	if (!in_transaction) {
		cache->valid = 1;
		cache->data_version = data_version;
		cache->changes = sqlite3_total_changes64(db->sql);
	}
cleanup:
	sqlite3_finalize(s);
	sqlite3_finalize(insert);
	pt__scratch_end(db);
	man_release(&m);
	return rc;
}

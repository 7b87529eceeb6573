/*
 * person.c - reads a person's dossier: the person, every name form, the
 * events in record order with camps and operations, and the citations on
 * any of them.
 */
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

static int load_names(pt_db *db, pt_person *p)
{
	static const char sql[] = "SELECT id, surname, given_names, script, is_primary, "
				  "coalesce(batch_id, 0), coalesce(batch_line, 0) "
				  "FROM person_name WHERE person_id = ? ORDER BY seq, id";
	sqlite3_stmt *s = NULL;
	int rc = pt__stmt_get(db, &s, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_name *grown = realloc(p->names, (p->name_count + 1) * sizeof *grown), *n;
		if (!grown) {
			pt__stmt_put(db, s);
			return pt__error(db, PT_ENOMEM, "out of memory");
		}
		p->names = grown;
		n = &p->names[p->name_count++];
		memset(n, 0, sizeof *n);
		n->id = sqlite3_column_int64(s, 0);
		n->surname = pt__column_dup(s, 1);
		n->given_names = pt__column_dup(s, 2);
		n->script = pt__column_dup(s, 3);
		n->is_primary = sqlite3_column_int(s, 4);
		n->batch_id = sqlite3_column_int64(s, 5);
		n->batch_line = (long)sqlite3_column_int64(s, 6);
	}
	pt__stmt_put(db, s);
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read names");
}

static int load_events(pt_db *db, pt_person *p)
{
	static const char sql[] =
		"SELECT e.id, e.type, e.date, e.date_original, c.key, c.name, e.place, o.key, "
		"o.name, e.agent, e.notes, coalesce(e.batch_id, 0), coalesce(e.batch_line, 0) "
		"FROM event e LEFT JOIN camp c ON c.id = e.camp_id "
		"LEFT JOIN operation o ON o.id = e.operation_id WHERE e.person_id = ? "
		"ORDER BY e.seq, e.id";
	sqlite3_stmt *s = NULL;
	int rc = pt__stmt_get(db, &s, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_event *grown = realloc(p->events, (p->event_count + 1) * sizeof *grown), *e;
		if (!grown) {
			pt__stmt_put(db, s);
			return pt__error(db, PT_ENOMEM, "out of memory");
		}
		p->events = grown;
		e = &p->events[p->event_count++];
		e->id = sqlite3_column_int64(s, 0);
		e->type = pt__column_dup(s, 1);
		e->date = pt__column_dup(s, 2);
		e->date_original = pt__column_dup(s, 3);
		e->camp_key = pt__column_dup(s, 4);
		e->camp = pt__column_dup(s, 5);
		e->place = pt__column_dup(s, 6);
		e->operation_key = pt__column_dup(s, 7);
		e->operation = pt__column_dup(s, 8);
		e->agent = pt__column_dup(s, 9);
		e->notes = pt__column_dup(s, 10);
		e->batch_id = sqlite3_column_int64(s, 11);
		e->batch_line = (long)sqlite3_column_int64(s, 12);
	}
	pt__stmt_put(db, s);
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read events");
}

void pt__citation_from_row(sqlite3_stmt *s, pt_citation *c)
{
	c->id = sqlite3_column_int64(s, 0);
	c->source_key = pt__column_dup(s, 1);
	c->source_kind = pt__column_dup(s, 2);
	c->source_title = pt__column_dup(s, 3);
	c->locator = pt__column_dup(s, 4);
	c->target = pt__column_dup(s, 5);
	c->source_quality = pt__column_dup(s, 6);
	c->information = pt__column_dup(s, 7);
	c->evidence = pt__column_dup(s, 8);
	c->confidence = sqlite3_column_int(s, 9);
}

void pt__citation_release(pt_citation *c)
{
	if (!c)
		return;
	free(c->source_key); free(c->source_kind); free(c->source_title); free(c->locator);
	free(c->target); free(c->source_quality); free(c->information); free(c->evidence);
}

static int load_citations(pt_db *db, pt_person *p)
{
	static const char sql[] =
		"SELECT ct.id, s.key, s.kind, s.title, ct.locator, "
		"CASE WHEN ct.person_id IS NOT NULL THEN 'person' "
		"     WHEN ct.name_id IS NOT NULL THEN 'name ' || (n.seq + 1) "
		"     ELSE 'event ' || e.seq END, "
		"ct.source_quality, ct.information, ct.evidence, coalesce(ct.confidence, -1) "
		"FROM citation ct JOIN source s ON s.id = ct.source_id "
		"LEFT JOIN person_name n ON n.id = ct.name_id "
		"LEFT JOIN event e ON e.id = ct.event_id "
		/* three index look-ups: "OR n.person_id = ?1" made SQLite read every
		 * citation of the database for each dossier */
		"WHERE ct.id IN (SELECT id FROM citation WHERE person_id = ?1 "
		"  UNION ALL SELECT c.id FROM person_name pn JOIN citation c ON c.name_id = pn.id "
		"  WHERE pn.person_id = ?1 "
		"  UNION ALL SELECT c.id FROM event ev JOIN citation c ON c.event_id = ev.id "
		"  WHERE ev.person_id = ?1) "
		"ORDER BY ct.person_id IS NULL, ct.name_id IS NULL, n.seq, e.seq, ct.id";
	sqlite3_stmt *s = NULL;
	int rc = pt__stmt_get(db, &s, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_citation *grown = realloc(p->citations, (p->citation_count + 1) * sizeof *grown), *c;
		if (!grown) {
			pt__stmt_put(db, s);
			return pt__error(db, PT_ENOMEM, "out of memory");
		}
		p->citations = grown;
		c = &p->citations[p->citation_count++];
		pt__citation_from_row(s, c);
	}
	pt__stmt_put(db, s);
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read citations");
}

/* The status stored with a person (unknown when it is no status). */
static pt_status status_from_name(const char *name)
{
	pt_status status = PT_STATUS_UNKNOWN;
	pt_status_parse(name, &status);
	return status;
}

int pt_person_get(pt_db *db, int64_t id, pt_person **out)
{
	static const char sql[] =
		"SELECT record_source, record_id, surname, given_names, sex, nationality, "
		"birth_date, birth_place, service, service_number, rank, unit, notes, status, "
		"status_reason, coalesce(batch_id, 0), coalesce(batch_line, 0), "
		"coalesce(first_batch_id, 0), birth_date_original, extra, "
		"(SELECT file || coalesce(':' || sheet, '') FROM import_batch WHERE id = person.batch_id) "
		"FROM person WHERE id = ?";
	sqlite3_stmt *s = NULL;
	pt_person *p;
	int rc;

	*out = NULL;
	if ((rc = pt__stmt_get(db, &s, sql)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		pt__stmt_put(db, s);
		if (rc == SQLITE_DONE)
			return pt__error(db, PT_ENOTFOUND, "no person with id %lld", (long long)id);
		return pt__sql_error(db, "cannot read person");
	}
	p = calloc(1, sizeof *p);
	if (!p) {
		pt__stmt_put(db, s);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	p->id = id;
	p->record_source = pt__column_dup(s, 0);
	p->record_id = pt__column_dup(s, 1);
	p->surname = pt__column_dup(s, 2);
	p->given_names = pt__column_dup(s, 3);
	p->sex = pt__column_dup(s, 4);
	p->nationality = pt__column_dup(s, 5);
	p->birth_date = pt__column_dup(s, 6);
	p->birth_place = pt__column_dup(s, 7);
	p->service = pt__column_dup(s, 8);
	p->service_number = pt__column_dup(s, 9);
	p->rank = pt__column_dup(s, 10);
	p->unit = pt__column_dup(s, 11);
	p->notes = pt__column_dup(s, 12);
	p->status = status_from_name((const char *)sqlite3_column_text(s, 13));
	p->status_reason = pt__column_dup(s, 14);
	p->batch_id = sqlite3_column_int64(s, 15);
	p->batch_line = (long)sqlite3_column_int64(s, 16);
	p->first_batch_id = sqlite3_column_int64(s, 17);
	p->birth_date_original = pt__column_dup(s, 18);
	p->extra = pt__column_dup(s, 19);
	p->batch_file = pt__column_dup(s, 20);
	pt__stmt_put(db, s);

	if ((rc = load_names(db, p)) || (rc = load_events(db, p)) || (rc = load_citations(db, p))) {
		pt_person_free(p);
		return rc;
	}
	*out = p;
	return PT_OK;
}

void pt_person_free(pt_person *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->name_count; i++) {
		free(p->names[i].surname);
		free(p->names[i].given_names);
		free(p->names[i].script);
	}
	for (size_t i = 0; i < p->event_count; i++) {
		pt_event *e = &p->events[i];
		free(e->type); free(e->date); free(e->date_original); free(e->camp_key);
		free(e->camp); free(e->place); free(e->operation_key); free(e->operation);
		free(e->agent); free(e->notes);
	}
	for (size_t i = 0; i < p->citation_count; i++)
		pt__citation_release(&p->citations[i]);
	free(p->names);
	free(p->events);
	free(p->citations);
	free(p->record_source); free(p->record_id); free(p->surname); free(p->given_names);
	free(p->sex); free(p->nationality); free(p->birth_date); free(p->birth_place);
	free(p->service); free(p->service_number); free(p->rank); free(p->unit);
	free(p->notes); free(p->status_reason);
	free(p->birth_date_original); free(p->extra); free(p->batch_file);
	free(p);
}
